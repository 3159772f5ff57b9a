//! Orders on the server: customers and orders created, the state machine from the status the
//! server holds (a move made on a stale base becomes a conflict), deadline pauses. Visit-detail
//! edits are settled in [`super::edits`].

use campo_domain::{OrderKind, OrderStatus};
use campo_protocol::ops::{
    CustomerCreated, OrderCreated, OrderRestored, OrderTransitioned, SchedulePayload,
};
use campo_protocol::policy::{self, Reach};
use campo_protocol::wire::WireOp;
use campo_protocol::{OpKind, Refusal, Role};
use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use super::{Decision, Tx, is_me, known, order_audience, remember};
use crate::db::{Backend, ROWS_PER_INSERT, stored_id, value_rows};
use crate::error::ServerError;
use crate::timestamp;
use crate::users::Session;

pub(super) fn unknown_order() -> Decision {
    Decision::Reject(Refusal::UnknownReference {
        entity: "work_order".into(),
    })
}

/// A customer registered by the office.
pub(super) async fn customer(
    tx: &mut Tx<'_>,
    b: &CustomerCreated,
) -> Result<Decision, ServerError> {
    if known(tx, "customer", b.id).await?.is_some() {
        return Ok(Decision::Reject(Refusal::Exists {
            entity: "customer".into(),
        }));
    }
    remember(tx, "customer", b.id, None).await?;
    Ok(Decision::Apply {
        audience: Some("office".to_owned()),
    })
}

/// A customer's contacts or address changed: a customer the server knows. The office pulls
/// it (technicians get a customer with the orders granted to them).
pub(super) async fn customer_edit(
    tx: &mut Tx<'_>,
    b: campo_protocol::ops::CustomerEdited,
) -> Result<Decision, ServerError> {
    if known(tx, "customer", b.id).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "customer".into(),
        }));
    }
    // The technicians holding the customer's orders get a copy: the visit's phone and
    // address are theirs to use (an edit carries no personal data).
    let relays = crate::customers::holders(tx, b.id)
        .await?
        .into_iter()
        .map(|t| (t, campo_protocol::Op::CustomerEdited(b.clone())))
        .collect();
    Ok(Decision::ApplyRelayed {
        audience: "office".to_owned(),
        relays,
    })
}

/// An order opened, in its kind's first status, for a customer and plan the server knows.
pub(super) async fn create(
    tx: &mut Tx<'_>,
    session: &Session,
    b: &OrderCreated,
) -> Result<Decision, ServerError> {
    let Some(kind) = OrderKind::from_code(&b.kind) else {
        return Ok(Decision::Reject(Refusal::Malformed {
            kind: OpKind::OrderCreated.code().into(),
        }));
    };
    if !policy::may_open(session.role, kind) {
        return Ok(Decision::Reject(Refusal::Forbidden {
            kind: OpKind::OrderCreated.code().into(),
        }));
    }
    if known(tx, "customer", b.customer_id).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "customer".into(),
        }));
    }
    if known(tx, "plan", b.plan_id).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "plan".into(),
        }));
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM orders WHERE id = $1")
        .bind(b.id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return Ok(Decision::Reject(Refusal::Exists {
            entity: "work_order".into(),
        }));
    }
    if !super::sales::order_of_sale(tx, b).await? {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "sale".into(),
        }));
    }
    sqlx::query("INSERT INTO orders (id, kind, status, customer_id) VALUES ($1, $2, $3, $4)")
        .bind(b.id.to_string())
        .bind(kind.code())
        .bind(kind.initial_status().code())
        .bind(b.customer_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(Decision::Apply {
        audience: Some("office".to_owned()),
    })
}

/// A deadline pause or resumption, or a message sent to the customer: by the office, or by
/// the order's technician.
pub(super) async fn pause(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    order_id: Uuid,
    reach: Reach,
) -> Result<Decision, ServerError> {
    let Some(row) = orders.get(tx, &order_id.to_string()).await? else {
        return Ok(unknown_order());
    };
    if reach == Reach::Own && !is_me(session, row.technician_id.as_deref()) {
        return Ok(Decision::Reject(Refusal::NotYours));
    }
    Ok(Decision::Apply {
        audience: Some(order_audience(row.technician_id.as_deref())),
    })
}

/// An order as the server keeps it for the state machine.
#[derive(Debug, Clone)]
pub(super) struct OrderRow {
    kind: String,
    status: String,
    pub(super) technician_id: Option<String>,
    pub(super) last_technician_id: Option<String>,
    scheduled_date: Option<String>,
    period: Option<String>,
}

const ORDER_ROW: &str = "SELECT id, kind, status, technician_id, last_technician_id, scheduled_date, period FROM orders";

fn order_row(r: &sqlx::any::AnyRow) -> Result<OrderRow, ServerError> {
    Ok(OrderRow {
        kind: r.try_get("kind")?,
        status: r.try_get("status")?,
        technician_id: r.try_get("technician_id")?,
        last_technician_id: r.try_get("last_technician_id")?,
        scheduled_date: r.try_get("scheduled_date")?,
        period: r.try_get("period")?,
    })
}

/// The orders a batch's transitions name, read in one query when the batch starts; the
/// batch's transitions change this copy, and the changed rows are written in one statement
/// before anything else reads the table (a scope change) and when the batch ends. A
/// technician's batch moves the same few orders many times. Every rule of the batch reads
/// orders through it.
#[derive(Default)]
pub(super) struct OrderRows {
    rows: std::collections::HashMap<String, OrderRow>,
    /// Changed here, not yet written.
    dirty: std::collections::BTreeSet<String>,
    /// Orders signed earlier in this batch (their operations are logged when it ends).
    signed: std::collections::HashSet<String>,
    /// Closing rules set earlier in this batch, in order.
    closing: Vec<campo_domain::closing::ClosingRule>,
    /// Photos added (+1) and taken off (−1) per order earlier in this batch.
    photos: std::collections::HashMap<String, i64>,
}

impl OrderRows {
    pub(super) async fn load(
        backend: Backend,
        tx: &mut Tx<'_>,
        ops: &[WireOp],
    ) -> Result<Self, ServerError> {
        let mut ids: Vec<String> = ops
            .iter()
            .filter(|op| op.kind == OpKind::OrderTransitioned.code())
            .map(|op| op.entity_id.to_string())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut rows = OrderRows::default();
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let list: Vec<String> = (1..=chunk.len())
                .map(|n| match backend {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${n}"),
                })
                .collect();
            let sql = format!("{ORDER_ROW} WHERE id IN ({})", list.join(","));
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id.clone());
            }
            for r in query.fetch_all(&mut **tx).await? {
                rows.rows.insert(r.try_get("id")?, order_row(&r)?);
            }
        }
        Ok(rows)
    }

    /// The order's row: from the batch's copy, or the database for one it does not hold.
    pub(super) async fn get(
        &self,
        tx: &mut Tx<'_>,
        id: &str,
    ) -> Result<Option<OrderRow>, ServerError> {
        if let Some(row) = self.rows.get(id) {
            return Ok(Some(row.clone()));
        }
        sqlx::query(&format!("{ORDER_ROW} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| order_row(&r))
            .transpose()
    }

    /// A signature applied in this batch.
    pub(super) fn signed(&mut self, order: Uuid) {
        self.signed.insert(order.to_string());
    }

    /// A photo added to (`+1`) or taken off (`-1`) `order` in this batch.
    pub(super) fn photo(&mut self, order: Uuid, change: i64) {
        *self.photos.entry(order.to_string()).or_default() += change;
    }

    /// Closing rules set in this batch.
    pub(super) fn closing_set(&mut self, rules: &[campo_domain::closing::ClosingRule]) {
        self.closing.extend_from_slice(rules);
    }

    /// The order's new state, written at the next [`OrderRows::flush`].
    fn set(&mut self, id: String, row: OrderRow) {
        self.dirty.insert(id.clone());
        self.rows.insert(id, row);
    }

    /// Writes the changed rows (one statement per 500).
    pub(super) async fn flush(
        &mut self,
        backend: Backend,
        tx: &mut Tx<'_>,
    ) -> Result<(), ServerError> {
        let dirty: Vec<String> = std::mem::take(&mut self.dirty).into_iter().collect();
        for chunk in dirty.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO orders (id, kind, status, technician_id, last_technician_id, scheduled_date, period) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 7));
            sql.push_str(
                " ON CONFLICT (id) DO UPDATE SET status = excluded.status, technician_id = excluded.technician_id,
                  last_technician_id = excluded.last_technician_id, scheduled_date = excluded.scheduled_date,
                  period = excluded.period",
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                let row = &self.rows[id];
                query = query
                    .bind(id.clone())
                    .bind(row.kind.clone())
                    .bind(row.status.clone())
                    .bind(row.technician_id.clone())
                    .bind(row.last_technician_id.clone())
                    .bind(row.scheduled_date.clone())
                    .bind(row.period.clone());
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }
}

pub(super) async fn transition(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    b: &OrderTransitioned,
    reach: Reach,
) -> Result<Decision, ServerError> {
    let (Some(from), Some(to)) = (
        OrderStatus::from_code(&b.from),
        OrderStatus::from_code(&b.to),
    ) else {
        return Ok(Decision::Reject(Refusal::Malformed {
            kind: OpKind::OrderTransitioned.code().into(),
        }));
    };
    let id = b.order_id.to_string();
    let Some(row) = orders.get(tx, &id).await? else {
        return Ok(unknown_order());
    };
    let current = OrderStatus::from_code(&row.status).unwrap_or(from);
    let technician = row.technician_id.clone();
    if reach == Reach::Own && !is_me(session, row.last_technician_id.as_deref()) {
        return Ok(Decision::Reject(Refusal::NotYours));
    }
    if !policy::may_move(session.role, from, to) {
        return Ok(Decision::Reject(Refusal::MoveForbidden { from, to }));
    }
    if let Some(s) = &b.schedule
        && known(tx, "person", s.technician_id)
            .await?
            .flatten()
            .as_deref()
            != Some(Role::Technician.code())
    {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "technician".into(),
        }));
    }
    if current != from {
        if current == to {
            return Ok(Decision::Already);
        }
        let schedule = match (
            row.scheduled_date.clone(),
            row.period.clone(),
            technician.clone(),
        ) {
            (Some(date), Some(period), Some(t)) => Some(SchedulePayload {
                date,
                period,
                technician_id: stored_id(&t)?,
            }),
            _ => None,
        };
        let message =
            campo_protocol::wire::conflict_text(current, from, to, campo_domain::Lang::PtBr);
        let restore = OrderRestored {
            order_id: b.order_id,
            status: current.code().to_owned(),
            schedule,
            conflict_id: Some(Uuid::now_v7()),
            message,
            attempted: Some((from, to)),
            at: timestamp(Utc::now()),
        };
        return Ok(Decision::Conflict { restore });
    }
    if !from.next().contains(&to) {
        return Ok(Decision::Reject(Refusal::IllegalTransition { from, to }));
    }
    if from.needs_reason(to) && b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Ok(Decision::Reject(Refusal::ReasonRequired { from, to }));
    }
    if to == OrderStatus::Scheduled && b.schedule.is_none() {
        return Ok(Decision::Reject(Refusal::ScheduleRequired));
    }
    if to == OrderStatus::Done
        && let Some(refusal) = closing_refusal(tx, orders, &row.kind, &id).await?
    {
        return Ok(Decision::Reject(refusal));
    }
    let clears = matches!(to, OrderStatus::Approved | OrderStatus::Cancelled);
    let before = technician.clone();
    let after = match (&b.schedule, clears) {
        (Some(s), _) if to == OrderStatus::Scheduled => Some(s.technician_id.to_string()),
        (_, true) => None,
        _ => technician,
    };
    let row_status = row.status.clone();
    let mut now = OrderRow {
        status: to.code().to_owned(),
        ..row
    };
    match (&b.schedule, clears) {
        (Some(s), _) if to == OrderStatus::Scheduled => {
            now.technician_id = Some(s.technician_id.to_string());
            now.last_technician_id = now.technician_id.clone();
            now.scheduled_date = Some(s.date.clone());
            now.period = Some(s.period.clone());
        }
        (_, true) => {
            now.technician_id = None;
            now.scheduled_date = None;
            now.period = None;
        }
        _ => {}
    }
    // An address change done moves the customer: the technicians holding their other
    // orders get the customer as they now are.
    let relays = if to == OrderStatus::Done
        && now.kind == campo_domain::OrderKind::AddressChange.code()
        && now.status != row_status
    {
        crate::customers::moved_copies(tx, b.order_id, before.as_deref()).await?
    } else {
        Vec::new()
    };
    orders.set(id, now);
    Ok(Decision::ApplyOrder {
        before,
        after,
        relays,
    })
}

/// What keeps an order of `kind` from being closed, as far as the server can tell: the
/// provider's latest closing rule for the kind (this batch's, else the newest logged
/// `closing.rules.set` naming it) asks for the signature and no `order.sign` for the
/// order reached the server first (logged, or earlier in this batch), or asks for more photos
/// than reached it (`order.photo` less `order.photo.remove`, logged and in this batch). The
/// equipment is the device's to check: the server does not follow stock per order.
async fn closing_refusal(
    tx: &mut Tx<'_>,
    orders: &OrderRows,
    kind: &str,
    order: &str,
) -> Result<Option<Refusal>, ServerError> {
    let Some(mut rule) = campo_domain::OrderKind::from_code(kind)
        .map(campo_domain::closing::ClosingRule::default_for)
    else {
        return Ok(None);
    };
    // The newest set naming this kind, read newest first: usually the first row.
    {
        use futures_util::TryStreamExt;
        let mut sets = sqlx::query_scalar::<_, String>(
            "SELECT payload FROM ops WHERE kind = $1 ORDER BY server_seq DESC",
        )
        .bind(OpKind::ClosingRulesSet.code())
        .fetch(&mut **tx);
        while let Some(payload) = sets.try_next().await? {
            let Ok(set) = serde_json::from_str::<campo_protocol::ops::ClosingRulesSet>(&payload)
            else {
                continue;
            };
            if let Some(r) = set.rules.iter().find(|r| r.kind == rule.kind) {
                rule = *r;
                break;
            }
        }
    }
    if let Some(r) = orders.closing.iter().rev().find(|r| r.kind == rule.kind) {
        rule = *r;
    }
    if rule.signature && !orders.signed.contains(order) {
        let signed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM ops WHERE entity = 'work_order' AND entity_id = $2 AND kind = $1 LIMIT 1",
        )
        .bind(OpKind::OrderSigned.code())
        .bind(order)
        .fetch_optional(&mut **tx)
        .await?;
        if signed.is_none() {
            return Ok(Some(Refusal::SignatureMissing));
        }
    }
    if rule.photos > 0 {
        let logged: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(CASE WHEN kind = $1 THEN 1 ELSE -1 END), 0) FROM ops
             WHERE entity = 'work_order' AND entity_id = $3 AND kind IN ($1, $2)",
        )
        .bind(OpKind::OrderPhotoAdded.code())
        .bind(OpKind::OrderPhotoRemoved.code())
        .bind(order)
        .fetch_one(&mut **tx)
        .await?;
        let have = logged + orders.photos.get(order).copied().unwrap_or(0);
        if have < i64::from(rule.photos) {
            return Ok(Some(Refusal::PhotosMissing {
                needed: rule.photos,
                have: u8::try_from(have.max(0)).unwrap_or(u8::MAX),
            }));
        }
    }
    Ok(None)
}
