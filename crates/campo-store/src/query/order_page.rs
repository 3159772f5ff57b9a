//! The order page: the order, its customer and plan, the technician, its history, visit
//! details with their revisions, its deadline in words, and what closing it asks for.

use campo_domain::edit::OrderField;
use campo_domain::{Cep, Cpf, Lang, OrderStatus};
use chrono::{DateTime, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::{ROW_SELECT, decode_err, format_phone, row_from, technician_from};
use crate::views::{Address, CustomerView, OrderDetail, OrderEventView, PauseView, PlanView};
use crate::{Entity, Store, StoreError};

impl Store {
    /// Everything the order page shows (deadline in pt-BR).
    pub async fn get_order(&self, id: Uuid) -> Result<OrderDetail, StoreError> {
        self.get_order_in(id, Lang::PtBr).await
    }

    /// Everything the order page shows, the deadline in words in `lang`.
    pub async fn get_order_in(&self, id: Uuid, lang: Lang) -> Result<OrderDetail, StoreError> {
        let sql = format!("{ROW_SELECT} WHERE o.id = ?");
        let row = sqlx::query(&sql)
            .bind(id.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let mut order = row_from(&row)?;
        let ids =
            sqlx::query("SELECT customer_id, plan_id, technician_id FROM work_orders WHERE id = ?")
                .bind(id.to_string())
                .fetch_one(self.pool())
                .await?;
        let customer_id: String = ids.try_get("customer_id")?;
        let plan_id: String = ids.try_get("plan_id")?;
        let technician_id: Option<String> = ids.try_get("technician_id")?;

        let c = sqlx::query("SELECT * FROM customers WHERE id = ?")
            .bind(&customer_id)
            .fetch_one(self.pool())
            .await?;
        let cpf: Option<String> = c.try_get("cpf")?;
        let cep: String = c.try_get("cep")?;
        let phones: Vec<String> = [
            c.try_get::<Option<String>, _>("phone1")?,
            c.try_get("phone2")?,
        ]
        .into_iter()
        .flatten()
        .map(|p| format_phone(&p))
        .collect();
        let customer = CustomerView {
            id: customer_id,
            name: c.try_get("name")?,
            cpf: cpf.map(|d| Cpf::parse(&d).map(|c| c.formatted()).unwrap_or(d)),
            email: c.try_get("email")?,
            phones,
            address: Address {
                street: c.try_get("street")?,
                number: c.try_get("number")?,
                complement: c.try_get("complement")?,
                neighbourhood: c.try_get("neighbourhood")?,
                city: c.try_get("city")?,
                uf: c.try_get("uf")?,
                cep: Cep::parse(&cep).map(|c| c.formatted()).unwrap_or(cep),
            },
            lat: c.try_get("lat")?,
            lon: c.try_get("lon")?,
            reference: c.try_get("reference")?,
        };

        let p = sqlx::query("SELECT * FROM plans WHERE id = ?")
            .bind(&plan_id)
            .fetch_one(self.pool())
            .await?;
        let mbps: i64 = p.try_get("download_mbps")?;
        let price: i64 = p.try_get("price_cents")?;
        let plan = PlanView {
            id: plan_id,
            name: p.try_get("name")?,
            download_mbps: u32::try_from(mbps).map_err(|_| decode_err("speed"))?,
            price_cents: u32::try_from(price).map_err(|_| decode_err("price"))?,
            has_iptv: p.try_get("has_iptv")?,
            premium: p.try_get("premium")?,
            svas: serde_json::from_str(&p.try_get::<String, _>("svas")?)?,
        };

        let technician = match technician_id {
            Some(tid) => {
                let t = sqlx::query("SELECT id, name, phone FROM people WHERE id = ?")
                    .bind(&tid)
                    .fetch_one(self.pool())
                    .await?;
                Some(technician_from(&t)?)
            }
            None => None,
        };

        let events = sqlx::query(
            "SELECT e.id, e.at, p.name AS actor_name, e.from_status, e.to_status, e.reason
             FROM order_events e JOIN people p ON p.id = e.actor_id
             WHERE e.order_id = ? ORDER BY e.at, e.id",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?;
        let history = events
            .iter()
            .map(|e| {
                let from: Option<String> = e.try_get("from_status")?;
                let to: String = e.try_get("to_status")?;
                Ok(OrderEventView {
                    id: e.try_get("id")?,
                    at: e.try_get("at")?,
                    actor_name: e.try_get("actor_name")?,
                    from: from
                        .as_deref()
                        .map(|s| OrderStatus::from_code(s).ok_or_else(|| decode_err("status")))
                        .transpose()?,
                    to: OrderStatus::from_code(&to).ok_or_else(|| decode_err("status"))?,
                    reason: e
                        .try_get::<Option<String>, _>("reason")?
                        .as_deref()
                        .map(campo_domain::history::EventReason::read),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        // Scheduling needs a date, a period and a technician: the agenda offers it.
        let allowed_transitions = order
            .status
            .next()
            .iter()
            .copied()
            .filter(|s| *s != OrderStatus::Scheduled)
            .map(|to| crate::views::AllowedTransition {
                to,
                needs_reason: order.status.needs_reason(to),
            })
            .collect();
        let now = Utc::now();
        let timeline: Vec<(OrderStatus, DateTime<Utc>)> = history
            .iter()
            .filter_map(|e| {
                DateTime::parse_from_rfc3339(&e.at)
                    .ok()
                    .map(|at| (e.to, at.with_timezone(&Utc)))
            })
            .collect();
        let pause_rows = sqlx::query(
            "SELECT p.id, p.order_id, p.started_at, p.ended_at, p.reason, p.resume_note, a.name AS started_by, b.name AS ended_by
             FROM order_pauses p LEFT JOIN people a ON a.id = p.started_by LEFT JOIN people b ON b.id = p.ended_by
             WHERE p.order_id = ? ORDER BY p.started_at",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut spans = Vec::new();
        let mut pauses = Vec::new();
        for p in &pause_rows {
            if let Some(span) = crate::deadline::pause_span(p)? {
                spans.push(span);
            }
            pauses.push(PauseView {
                id: p.try_get("id")?,
                started_at: p.try_get("started_at")?,
                started_by: p.try_get("started_by")?,
                reason: p.try_get("reason")?,
                ended_at: p.try_get("ended_at")?,
                ended_by: p.try_get("ended_by")?,
                note: p.try_get("resume_note")?,
            });
        }
        let paused = pauses.iter().any(|p| p.ended_at.is_none());
        let can_pause = !paused
            && !matches!(
                order.status,
                OrderStatus::PendingAnalysis
                    | OrderStatus::Rejected
                    | OrderStatus::Done
                    | OrderStatus::Cancelled
            );
        let book = self.deadline_book(now).await?;
        let place = book.place_of(&customer.address.city, &customer.address.uf);
        let assessment = book.assess(place, order.kind, &timeline, &spans, now);
        if let Some(a) = &assessment {
            order.deadline = Some(crate::write::timestamp(a.deadline));
            order.deadline_state = Some(a.state);
        }
        let deadline_text = assessment.map(|a| a.describe(lang));
        let visit =
            sqlx::query("SELECT contact_phone, notes, new_address FROM work_orders WHERE id = ?")
                .bind(id.to_string())
                .fetch_one(self.pool())
                .await?;
        let notices = sqlx::query(
            "SELECT message, field, applied, kept, by_name, created_at FROM order_notices
             WHERE order_id = ? ORDER BY created_at DESC, id DESC",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let field: Option<String> = r.try_get("field")?;
            // Worded now, in the reader's language; only notices of older versions that
            // could not be read back keep their sentence.
            let message = match field.as_deref().and_then(OrderField::from_code) {
                Some(field) => field.notice(
                    r.try_get::<Option<bool>, _>("applied")?.unwrap_or(false),
                    r.try_get::<Option<String>, _>("kept")?.as_deref(),
                    r.try_get::<Option<String>, _>("by_name")?
                        .as_deref()
                        .unwrap_or(match lang {
                            Lang::PtBr => "outra pessoa",
                            Lang::En => "someone else",
                        }),
                    Some(i64::from(order.number)),
                    lang,
                ),
                None => r.try_get("message")?,
            };
            Ok(crate::views::NoticeView {
                message,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let kind = order.kind;
        let rule = self
            .closing_rules()
            .await?
            .into_iter()
            .find(|r| r.kind == kind);
        Ok(OrderDetail {
            order,
            customer,
            plan,
            technician,
            history,
            allowed_transitions,
            deadline_text,
            pauses,
            paused,
            can_pause,
            contact_phone: visit.try_get("contact_phone")?,
            notes: visit.try_get("notes")?,
            new_address: visit
                .try_get::<Option<String>, _>("new_address")?
                .map(|a| serde_json::from_str(&a))
                .transpose()?,
            notices,
            signature: self.order_signature(id).await?,
            signature_required: rule.is_some_and(|r| r.signature),
            photos_required: rule.map_or(0, |r| r.photos),
            photos_taken: u32::try_from(self.photo_count(id).await?).unwrap_or(u32::MAX),
        })
    }
}
