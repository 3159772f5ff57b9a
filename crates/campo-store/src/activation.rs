//! Activation checklists in the store: template versions, the activation queue (installations
//! done whose plan has an SVA and that are not active yet), a checklist with every attempt and
//! every tick, and the writes — start, tick, complete, fail (with a repair visit or a
//! reconfiguration to follow).

use std::collections::HashMap;

use campo_domain::activation::{self, ActivationError, Answer, ItemKind, Outcome, TemplateItem};
use campo_domain::{Lang, OrderKind, OrderStatus, Transition};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::effects::Mode;
use crate::views::OrderRow;
use crate::write::{NewOrder, Writer, parse_uuid, timestamp};
use crate::{Entity, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{
    ActivationClosed, ActivationStarted, ActivationTemplateSaved, ActivationTicked,
};

/// The service of the default template.
pub const IPTV: &str = "iptv";

/// A template version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    /// Id.
    pub id: String,
    /// Service.
    pub service: String,
    /// Name.
    pub name: String,
    /// Version.
    #[ts(type = "number")]
    pub version: i64,
    /// Items.
    pub items: Vec<TemplateItem>,
    /// Saved (RFC 3339, UTC).
    pub created_at: String,
}

/// A line of the activation queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationRow {
    /// The order.
    pub order: OrderRow,
    /// When the installation was done (RFC 3339, UTC).
    pub installed_at: Option<String>,
    /// Attempts so far.
    #[ts(type = "number")]
    pub attempts: i64,
    /// The last attempt's status (`open`, `failed`), none before the first.
    pub last_status: Option<String>,
    /// Plan includes premium channels.
    pub premium: bool,
}

/// One tick, as the audit shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TickView {
    /// The answer.
    pub answer: Answer,
    /// How it was judged.
    pub outcome: Outcome,
    /// The note.
    pub note: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An item of a checklist with its current answer and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    /// The item as the template version had it.
    pub item: TemplateItem,
    /// Whether it applies to this order's plan.
    pub applies: bool,
    /// The current answer (latest tick by clock).
    pub current: Option<TickView>,
    /// Every tick, oldest first.
    pub history: Vec<TickView>,
}

/// One attempt at activating the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    /// Checklist id.
    pub id: String,
    /// Attempt number.
    #[ts(type = "number")]
    pub attempt: i64,
    /// `open`, `passed` or `failed`.
    pub status: String,
    /// Template name and version.
    pub template: String,
    /// Items.
    pub items: Vec<ItemView>,
    /// Started (RFC 3339, UTC) and by whom.
    pub started_at: String,
    /// Who started it.
    pub started_by: Option<String>,
    /// Closed.
    pub closed_at: Option<String>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// Why it failed.
    pub reason: Option<String>,
    /// `repair` or `reconfigure`.
    pub follow_up: Option<String>,
    /// What is still missing to complete it (in the reader's language), when open.
    pub missing: Option<String>,
}

/// An order's activation: the order, its plan's features, every attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationView {
    /// The order.
    pub order: OrderRow,
    /// Customer address, one line.
    pub address: String,
    /// Plan includes premium channels.
    pub premium: bool,
    /// Attempts, oldest first.
    pub attempts: Vec<AttemptView>,
    /// The service is active (an attempt passed).
    pub active: bool,
}

fn decode(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("invalid activation {what}").into(),
    ))
}

pub(crate) async fn template_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &ActivationTemplateSaved,
    actor: Uuid,
) -> Result<(), StoreError> {
    let verb = if m == Mode::Local {
        "INSERT"
    } else {
        "INSERT OR IGNORE"
    };
    sqlx::query(&format!(
        "{verb} INTO activation_templates (id, service, name, version, items, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(b.id.to_string())
    .bind(&b.service)
    .bind(&b.name)
    .bind(b.version)
    .bind(serde_json::to_string(&b.items)?)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn start_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &ActivationStarted,
    actor: Uuid,
) -> Result<(), StoreError> {
    let verb = if m == Mode::Local {
        "INSERT"
    } else {
        "INSERT OR IGNORE"
    };
    sqlx::query(&format!(
        "{verb} INTO activations (id, order_id, template_id, attempt, status, started_at, started_by) VALUES (?, ?, ?, ?, 'open', ?, ?)"
    ))
    .bind(b.id.to_string())
    .bind(b.order_id.to_string())
    .bind(b.template_id.to_string())
    .bind(b.attempt)
    .bind(&b.at)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn tick_effect(
    c: &mut SqliteConnection,
    b: &ActivationTicked,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT OR IGNORE INTO activation_ticks (id, activation_id, item_key, answer, outcome, note, at, hlc, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(b.id.to_string())
    .bind(b.activation_id.to_string())
    .bind(&b.item_key)
    .bind(serde_json::to_string(&b.answer)?)
    .bind(b.outcome.code())
    .bind(&b.note)
    .bind(&b.at)
    .bind(&b.hlc)
    .bind(actor.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn close_effect(
    c: &mut SqliteConnection,
    b: &ActivationClosed,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE activations SET status = ?, closed_at = ?, closed_by = ?, close_reason = ?, follow_up = ?, repair_order_id = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(&b.status)
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(&b.reason)
    .bind(&b.follow_up)
    .bind(b.repair_order_id.map(|r| r.to_string()))
    .bind(b.activation_id.to_string())
    .execute(c)
    .await?;
    Ok(())
}

async fn latest_template(
    c: &mut SqliteConnection,
    service: &str,
) -> Result<Option<(Uuid, i64, Vec<TemplateItem>)>, StoreError> {
    let row = sqlx::query(
        "SELECT id, version, items FROM activation_templates WHERE service = ? ORDER BY version DESC LIMIT 1",
    )
    .bind(service)
    .fetch_optional(&mut *c)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let items: String = row.try_get("items")?;
    Ok(Some((
        parse_uuid(row.try_get("id")?)?,
        row.try_get("version")?,
        serde_json::from_str(&items)?,
    )))
}

/// The open checklist, its template's items and the order's plan features.
struct Open {
    order_id: Uuid,
    items: Vec<TemplateItem>,
    iptv: bool,
    premium: bool,
}

async fn open_checklist(c: &mut SqliteConnection, id: Uuid) -> Result<Open, StoreError> {
    let row = sqlx::query(
        "SELECT a.status, a.order_id, t.items, p.has_iptv, p.premium FROM activations a
         JOIN activation_templates t ON t.id = a.template_id
         JOIN work_orders o ON o.id = a.order_id JOIN plans p ON p.id = o.plan_id
         WHERE a.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *c)
    .await?
    .ok_or(StoreError::NotFound(Entity::Order))?;
    let status: String = row.try_get("status")?;
    if status != "open" {
        return Err(ActivationError::Closed.into());
    }
    let items: String = row.try_get("items")?;
    Ok(Open {
        order_id: parse_uuid(row.try_get("order_id")?)?,
        items: serde_json::from_str(&items)?,
        iptv: row.try_get("has_iptv")?,
        premium: row.try_get("premium")?,
    })
}

/// Current outcome per item key (latest tick by clock, then id).
async fn outcomes(
    c: &mut SqliteConnection,
    activation: Uuid,
) -> Result<HashMap<String, Outcome>, StoreError> {
    let rows = sqlx::query(
        "SELECT item_key, outcome FROM activation_ticks WHERE activation_id = ? ORDER BY hlc, id",
    )
    .bind(activation.to_string())
    .fetch_all(c)
    .await?;
    let mut out = HashMap::new();
    for r in rows {
        let outcome: String = r.try_get("outcome")?;
        out.insert(
            r.try_get("item_key")?,
            if outcome == "pass" {
                Outcome::Pass
            } else {
                Outcome::Fail
            },
        );
    }
    Ok(out)
}

/// An answer as a form sends it: the item's key and the raw value (`true`/`false` for checks
/// and tests, the number as typed for measures, the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TickInput {
    /// The item.
    pub item_key: String,
    /// The value as typed or chosen.
    pub value: String,
    /// A note (required when the item fails).
    pub note: Option<String>,
}

impl Writer<'_> {
    /// Saves a template as its service's next version (the first is version 1). Checklists
    /// already started keep the version they began with.
    pub async fn save_activation_template(
        &mut self,
        service: &str,
        name: &str,
        items: &[TemplateItem],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        activation::validate_template(name, items)?;
        let mut items = items.to_vec();
        for item in &mut items {
            item.title = item.title.trim().to_owned();
            if item.key.trim().is_empty() {
                item.key = Uuid::now_v7().to_string();
            }
        }
        let version = latest_template(self.conn(), service)
            .await?
            .map_or(1, |(_, v, _)| v + 1);
        let body = ActivationTemplateSaved {
            id: Uuid::now_v7(),
            service: service.to_owned(),
            name: name.trim().to_owned(),
            version,
            items,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        template_effect(self.conn(), Mode::Local, &body, actor).await?;
        let id = body.id;
        self.record(&Op::ActivationTemplateSaved(body)).await?;
        Ok(id)
    }

    /// Starts the next attempt at activating `order_id` with the current template version,
    /// unless one is open (then returns it). Refused for orders not in the activation queue.
    pub async fn start_activation(
        &mut self,
        order_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let open: Option<String> =
            sqlx::query_scalar("SELECT id FROM activations WHERE order_id = ? AND status = 'open'")
                .bind(order_id.to_string())
                .fetch_optional(self.conn())
                .await?;
        if let Some(id) = open {
            return parse_uuid(&id);
        }
        let row = sqlx::query(
            "SELECT o.kind, o.status, p.has_iptv,
                    (SELECT COUNT(*) FROM activations a WHERE a.order_id = o.id) AS attempts,
                    (SELECT COUNT(*) FROM activations a WHERE a.order_id = o.id AND a.status = 'passed') AS passed
             FROM work_orders o JOIN plans p ON p.id = o.plan_id WHERE o.id = ?",
        )
        .bind(order_id.to_string())
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::Order))?;
        let kind: String = row.try_get("kind")?;
        let status: String = row.try_get("status")?;
        let iptv: bool = row.try_get("has_iptv")?;
        let passed: i64 = row.try_get("passed")?;
        if kind != OrderKind::Installation.code()
            || status != OrderStatus::Done.code()
            || !iptv
            || passed > 0
        {
            return Err(ActivationError::Closed.into());
        }
        let attempts: i64 = row.try_get("attempts")?;
        let (template_id, _, _) = latest_template(self.conn(), IPTV)
            .await?
            .ok_or(StoreError::NotFound(Entity::Plan))?;
        let body = ActivationStarted {
            id: Uuid::now_v7(),
            order_id,
            template_id,
            attempt: attempts + 1,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        start_effect(self.conn(), Mode::Local, &body, actor).await?;
        let id = body.id;
        self.record(&Op::ActivationStarted(body)).await?;
        Ok(id)
    }

    /// Records an answer to an item: judged against the item (a measure outside its range
    /// fails, a non-number is refused); a failed item needs a note.
    pub async fn tick_activation(
        &mut self,
        activation_id: Uuid,
        input: &TickInput,
        at: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let open = open_checklist(self.conn(), activation_id).await?;
        let item = open
            .items
            .iter()
            .find(|i| i.key == input.item_key)
            .ok_or_else(|| ActivationError::WrongAnswer(input.item_key.clone()))?;
        let raw = input.value.trim();
        let answer = match &item.kind {
            ItemKind::Check => Answer::Checked(raw == "true"),
            ItemKind::PassFail => Answer::Passed(raw == "true"),
            ItemKind::Measured { .. } => {
                Answer::Value(activation::parse_measure(&item.title, raw)?)
            }
            ItemKind::Text => Answer::Text(raw.to_owned()),
            ItemKind::Serial => Answer::Text(raw.to_uppercase()),
        };
        let mut outcome = activation::judge(item, &answer)?;
        let mut stock_note = None;
        if let (ItemKind::Serial, Answer::Text(serial)) = (&item.kind, &answer) {
            // Linked to the stock ledger: a registered unit must be at this customer's.
            let place: Option<(String, String)> = sqlx::query_as(
                "SELECT u.place_id, p.name FROM stock_units u JOIN stock_places p ON p.id = u.place_id WHERE u.serial = ?",
            )
            .bind(serial)
            .fetch_optional(self.conn())
            .await?;
            let customer: String =
                sqlx::query_scalar("SELECT customer_id FROM work_orders WHERE id = ?")
                    .bind(open.order_id.to_string())
                    .fetch_one(self.conn())
                    .await?;
            let here = campo_domain::stock::customer_place_id(parse_uuid(&customer)?).to_string();
            if let Some((place, name)) = place
                && place != here
            {
                outcome = Outcome::Fail;
                stock_note = Some(format!("Serial {serial} está em {name}, não no cliente"));
            }
        }
        let note = input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        let note = match (note, stock_note) {
            (Some(n), Some(s)) => Some(format!("{n} ({s})")),
            (n, s) => n.or(s),
        };
        if outcome == Outcome::Fail && note.is_none() && !matches!(item.kind, ItemKind::Check) {
            return Err(ActivationError::NoteRequired(item.title.clone()).into());
        }
        let body = ActivationTicked {
            id: Uuid::now_v7(),
            activation_id,
            item_key: item.key.clone(),
            answer,
            outcome,
            note,
            hlc: self.next_hlc(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        tick_effect(self.conn(), &body, actor).await?;
        self.record(&Op::ActivationTicked(body)).await?;
        Ok(outcome)
    }

    /// Completes an attempt: only when every required item that applies has passed.
    pub async fn complete_activation(
        &mut self,
        activation_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let open = open_checklist(self.conn(), activation_id).await?;
        let current = outcomes(self.conn(), activation_id).await?;
        activation::ready_to_complete(&open.items, open.iptv, open.premium, |k| {
            current.get(k).copied()
        })?;
        self.close(activation_id, "passed", None, None, None, at)
            .await
    }

    /// Fails an attempt with a reason: `repair` opens an approved repair order for the
    /// customer (it goes to the agenda's queue); `reconfigure` leaves it to the SVA team. The
    /// order comes back to the activation queue for the next attempt.
    pub async fn fail_activation(
        &mut self,
        activation_id: Uuid,
        reason: &str,
        repair: bool,
        at: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ActivationError::ReasonRequired.into());
        }
        let open = open_checklist(self.conn(), activation_id).await?;
        let repair_order = if repair {
            let row = sqlx::query("SELECT customer_id, plan_id FROM work_orders WHERE id = ?")
                .bind(open.order_id.to_string())
                .fetch_one(self.conn())
                .await?;
            let order = self
                .create_order(
                    &NewOrder {
                        kind: OrderKind::Repair,
                        customer_id: parse_uuid(row.try_get("customer_id")?)?,
                        plan_id: parse_uuid(row.try_get("plan_id")?)?,
                    },
                    at,
                )
                .await?;
            // A repair waits in the agenda's queue (approved), with the reason on record.
            if OrderKind::Repair.initial_status() != OrderStatus::Approved {
                self.transition_order(
                    order,
                    &Transition {
                        to: OrderStatus::Approved,
                        reason: Some(format!("Reprovado na ativação: {reason}")),
                        schedule: None,
                    },
                    at,
                )
                .await?;
            }
            Some(order)
        } else {
            None
        };
        let follow_up = if repair { "repair" } else { "reconfigure" };
        self.close(
            activation_id,
            "failed",
            Some(reason.to_owned()),
            Some(follow_up.to_owned()),
            repair_order,
            at,
        )
        .await?;
        Ok(repair_order)
    }

    async fn close(
        &mut self,
        activation_id: Uuid,
        status: &str,
        reason: Option<String>,
        follow_up: Option<String>,
        repair_order_id: Option<Uuid>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let body = ActivationClosed {
            activation_id,
            status: status.to_owned(),
            reason,
            follow_up,
            repair_order_id,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        close_effect(self.conn(), &body, actor).await?;
        self.record(&Op::ActivationClosed(body)).await
    }
}

impl Store {
    /// The current version of a service's template.
    pub async fn activation_template(
        &self,
        service: &str,
    ) -> Result<Option<TemplateView>, StoreError> {
        let row = sqlx::query(
            "SELECT id, service, name, version, items, created_at FROM activation_templates WHERE service = ? ORDER BY version DESC LIMIT 1",
        )
        .bind(service)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let items: String = r.try_get("items")?;
            Ok(TemplateView {
                id: r.try_get("id")?,
                service: r.try_get("service")?,
                name: r.try_get("name")?,
                version: r.try_get("version")?,
                items: serde_json::from_str(&items)?,
                created_at: r.try_get("created_at")?,
            })
        })
        .transpose()
    }

    /// Installations done whose plan has IPTV and that are not active yet, longest waiting
    /// first; `text` filters by customer or number.
    pub async fn activation_queue(
        &self,
        text: Option<&str>,
    ) -> Result<Vec<ActivationRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id, p.premium,
                    (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'done') AS installed_at,
                    (SELECT COUNT(*) FROM activations a WHERE a.order_id = o.id) AS attempts,
                    (SELECT a.status FROM activations a WHERE a.order_id = o.id ORDER BY a.attempt DESC LIMIT 1) AS last_status
             FROM work_orders o JOIN plans p ON p.id = o.plan_id
             WHERE o.kind = 'installation' AND o.status = 'done' AND p.has_iptv = 1
               AND NOT EXISTS (SELECT 1 FROM activations a WHERE a.order_id = o.id AND a.status = 'passed')
             ORDER BY installed_at, o.number LIMIT 1000",
        )
        .fetch_all(self.pool())
        .await?;
        let needle = text.map(campo_domain::text::fold).filter(|t| !t.is_empty());
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id = parse_uuid(r.try_get("id")?)?;
            let order = self.get_order(id).await?.order;
            if let Some(n) = &needle {
                let hay = campo_domain::text::fold(&format!(
                    "{:06} {} {}",
                    order.number, order.customer_name, order.neighbourhood
                ));
                if !hay.contains(n.as_str()) {
                    continue;
                }
            }
            out.push(ActivationRow {
                order,
                installed_at: r.try_get("installed_at")?,
                attempts: r.try_get("attempts")?,
                last_status: r.try_get("last_status")?,
                premium: r.try_get("premium")?,
            });
        }
        Ok(out)
    }

    /// An order's activation with every attempt, item and tick.
    pub async fn activation_of(
        &self,
        order_id: Uuid,
        lang: Lang,
    ) -> Result<ActivationView, StoreError> {
        let detail = self.get_order(order_id).await?;
        let premium = detail.plan.premium;
        let iptv = detail.plan.has_iptv;
        let a = &detail.customer.address;
        let address = format!(
            "{}, {} · {} · {}/{}",
            a.street, a.number, a.neighbourhood, a.city, a.uf
        );
        let attempts_rows = sqlx::query(
            "SELECT a.id, a.attempt, a.status, a.started_at, a.closed_at, a.close_reason, a.follow_up,
                    t.name, t.version, t.items, s.name AS started_by, c.name AS closed_by
             FROM activations a JOIN activation_templates t ON t.id = a.template_id
             LEFT JOIN people s ON s.id = a.started_by LEFT JOIN people c ON c.id = a.closed_by
             WHERE a.order_id = ? ORDER BY a.attempt",
        )
        .bind(order_id.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut attempts = Vec::with_capacity(attempts_rows.len());
        for r in attempts_rows {
            let id: String = r.try_get("id")?;
            let items: String = r.try_get("items")?;
            let items: Vec<TemplateItem> = serde_json::from_str(&items)?;
            let ticks = sqlx::query(
                "SELECT k.item_key, k.answer, k.outcome, k.note, k.at, p.name AS by_name FROM activation_ticks k
                 LEFT JOIN people p ON p.id = k.actor_id WHERE k.activation_id = ? ORDER BY k.hlc, k.id",
            )
            .bind(&id)
            .fetch_all(self.pool())
            .await?;
            let mut history: HashMap<String, Vec<TickView>> = HashMap::new();
            for t in ticks {
                let answer: String = t.try_get("answer")?;
                let outcome: String = t.try_get("outcome")?;
                history
                    .entry(t.try_get("item_key")?)
                    .or_default()
                    .push(TickView {
                        answer: serde_json::from_str(&answer)?,
                        outcome: match outcome.as_str() {
                            "pass" => Outcome::Pass,
                            "fail" => Outcome::Fail,
                            _ => return Err(decode("outcome")),
                        },
                        note: t.try_get("note")?,
                        by: t.try_get("by_name")?,
                        at: t.try_get("at")?,
                    });
            }
            let status: String = r.try_get("status")?;
            let missing = (status == "open")
                .then(|| {
                    activation::ready_to_complete(&items, iptv, premium, |k| {
                        history.get(k).and_then(|h| h.last()).map(|t| t.outcome)
                    })
                    .err()
                    .map(|e| campo_domain::Localized::message(&e, lang))
                })
                .flatten();
            let name: String = r.try_get("name")?;
            let version: i64 = r.try_get("version")?;
            let item_views = items
                .into_iter()
                .map(|item| {
                    let h = history.remove(&item.key).unwrap_or_default();
                    ItemView {
                        applies: item.applies(iptv, premium),
                        current: h.last().cloned(),
                        history: h,
                        item,
                    }
                })
                .collect();
            attempts.push(AttemptView {
                id,
                attempt: r.try_get("attempt")?,
                status,
                template: format!("{name} (v{version})"),
                items: item_views,
                started_at: r.try_get("started_at")?,
                started_by: r.try_get("started_by")?,
                closed_at: r.try_get("closed_at")?,
                closed_by: r.try_get("closed_by")?,
                reason: r.try_get("close_reason")?,
                follow_up: r.try_get("follow_up")?,
                missing,
            });
        }
        let active = attempts.iter().any(|a| a.status == "passed");
        Ok(ActivationView {
            order: detail.order,
            address,
            premium,
            attempts,
            active,
        })
    }
}

/// Activation figures over a period, overall and per technician and per SVA manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationMetrics {
    /// Orders activated in the period.
    #[ts(type = "number")]
    pub activated: i64,
    /// Share of them activated on the first attempt, 0–100.
    pub first_pass_pct: f64,
    /// Median hours from the installation done to the activation.
    pub median_hours_to_activation: Option<f64>,
    /// Items that failed most (title, times).
    pub most_failed: Vec<(String, i64)>,
    /// Per technician who installed: (name, activated, first-pass %).
    pub by_technician: Vec<(String, i64, f64)>,
    /// Per manager who activated: (name, activated, first-pass %).
    pub by_manager: Vec<(String, i64, f64)>,
}

impl Store {
    /// First-pass activation rate, time from installation to activation and the most failed
    /// items for activations closed between `from` and `to` (RFC 3339, UTC, inclusive).
    pub async fn activation_metrics(
        &self,
        from: &str,
        to: &str,
    ) -> Result<ActivationMetrics, StoreError> {
        let rows = sqlx::query(
            "SELECT a.order_id, a.attempt, a.closed_at, o.technician_name, m.name AS manager,
                    (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = a.order_id AND e.to_status = 'done') AS done_at
             FROM activations a JOIN work_orders o ON o.id = a.order_id LEFT JOIN people m ON m.id = a.closed_by
             WHERE a.status = 'passed' AND a.closed_at BETWEEN ? AND ?",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let mut hours = Vec::new();
        let mut by_tech: HashMap<String, (i64, i64)> = HashMap::new();
        let mut by_manager: HashMap<String, (i64, i64)> = HashMap::new();
        let mut first = 0i64;
        for r in &rows {
            let attempt: i64 = r.try_get("attempt")?;
            let first_pass = i64::from(attempt == 1);
            first += first_pass;
            let tech: Option<String> = r.try_get("technician_name")?;
            let e = by_tech
                .entry(tech.unwrap_or_else(|| "—".into()))
                .or_default();
            e.0 += 1;
            e.1 += first_pass;
            let manager: Option<String> = r.try_get("manager")?;
            let e = by_manager
                .entry(manager.unwrap_or_else(|| "—".into()))
                .or_default();
            e.0 += 1;
            e.1 += first_pass;
            let closed: String = r.try_get("closed_at")?;
            let done: Option<String> = r.try_get("done_at")?;
            if let (Ok(c), Some(Ok(d))) = (
                DateTime::parse_from_rfc3339(&closed),
                done.as_deref().map(DateTime::parse_from_rfc3339),
            ) {
                hours.push((c - d).num_minutes() as f64 / 60.0);
            }
        }
        hours.sort_by(f64::total_cmp);
        let pct = |part: i64, whole: i64| {
            if whole == 0 {
                0.0
            } else {
                let p = part as f64 * 100.0 / whole as f64;
                (p * 10.0).round() / 10.0
            }
        };
        let failed = sqlx::query(
            "SELECT k.item_key, a.template_id, COUNT(*) AS n FROM activation_ticks k JOIN activations a ON a.id = k.activation_id
             WHERE k.outcome = 'fail' AND k.at BETWEEN ? AND ? GROUP BY k.item_key, a.template_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let mut most_failed: HashMap<String, i64> = HashMap::new();
        for f in failed {
            let template: String = f.try_get("template_id")?;
            let key: String = f.try_get("item_key")?;
            let items: Option<String> =
                sqlx::query_scalar("SELECT items FROM activation_templates WHERE id = ?")
                    .bind(&template)
                    .fetch_optional(self.pool())
                    .await?;
            let title = items
                .and_then(|i| serde_json::from_str::<Vec<TemplateItem>>(&i).ok())
                .and_then(|items| items.into_iter().find(|i| i.key == key))
                .map_or(key, |i| i.title);
            *most_failed.entry(title).or_default() += f.try_get::<i64, _>("n")?;
        }
        let mut most_failed: Vec<(String, i64)> = most_failed.into_iter().collect();
        most_failed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let listing = |m: HashMap<String, (i64, i64)>| {
            let mut v: Vec<(String, i64, f64)> =
                m.into_iter().map(|(k, (n, f))| (k, n, pct(f, n))).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        let activated = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        Ok(ActivationMetrics {
            activated,
            first_pass_pct: pct(first, activated),
            median_hours_to_activation: hours.get(hours.len() / 2).copied(),
            most_failed,
            by_technician: listing(by_tech),
            by_manager: listing(by_manager),
        })
    }
}
