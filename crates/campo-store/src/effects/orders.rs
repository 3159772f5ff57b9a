//! Effects on work orders: creation, status moves and their history, visit-detail edits and
//! the notices of edits that did not survive, deadline pauses, leaving a scope, decisions.

use campo_domain::edit::OrderField;
use campo_domain::text::fold;
use campo_domain::{Lang, OrderKind, OrderStatus};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::{Entity, StoreError};
use campo_protocol::ops::{FieldOutcome, OrderCreated, OrderEdited, OrderTransitioned};

use super::*;

/// The customer's words an order row keeps for its list and search.
#[derive(Debug, Clone)]
pub(crate) struct CustomerFacts {
    pub name: String,
    pub street: String,
    pub number: String,
    pub neighbourhood: String,
    pub city: String,
}

impl CustomerFacts {
    /// What the list searches: the order's number and where it goes.
    pub(super) fn search(&self, number: i64) -> String {
        let CustomerFacts {
            name,
            street,
            number: house,
            neighbourhood,
            city,
        } = self;
        fold(&format!(
            "{number:06} {name} {street} {house} {neighbourhood} {city}"
        ))
    }
}

impl CustomerFacts {
    /// From a row with the customer's `name, street, number, neighbourhood, city`.
    pub(crate) fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Self, StoreError> {
        Ok(CustomerFacts {
            name: row.try_get("name")?,
            street: row.try_get("street")?,
            number: row.try_get("number")?,
            neighbourhood: row.try_get("neighbourhood")?,
            city: row.try_get("city")?,
        })
    }
}

/// The words of customer `id`, or NotFound.
pub(crate) async fn customer_facts(
    c: &mut SqliteConnection,
    id: Uuid,
) -> Result<CustomerFacts, StoreError> {
    let row =
        sqlx::query("SELECT name, street, number, neighbourhood, city FROM customers WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut *c)
            .await?
            .ok_or(StoreError::NotFound(Entity::Customer))?;
    CustomerFacts::from_row(&row)
}

/// A new order: its row (the customer's words copied for the list) and its first event.
pub(crate) async fn order(
    c: &mut SqliteConnection,
    m: Mode,
    b: &OrderCreated,
    actor: Uuid,
) -> Result<(), StoreError> {
    let kind = OrderKind::from_code(&b.kind).ok_or_else(|| bad("kind"))?;
    let customer = customer_facts(c, b.customer_id).await?;
    let name = &customer.name;
    let neighbourhood = &customer.neighbourhood;
    let search = customer.search(b.number);
    let status = kind.initial_status();
    let done = sqlx::query(&format!(
        "{} INTO work_orders (id, number, kind, status, customer_id, plan_id, customer_name, neighbourhood, search, created_at, updated_at, sale_id, available_periods, external_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {})",
        m.insert(),
        super::free_external_id("work_orders")
    ))
    .bind(b.id.to_string())
    .bind(b.number)
    .bind(kind.code())
    .bind(status.code())
    .bind(b.customer_id.to_string())
    .bind(b.plan_id.to_string())
    .bind(name)
    .bind(neighbourhood)
    .bind(&search)
    .bind(&b.at)
    .bind(&b.at)
    .bind(b.sale_id.map(|s| s.to_string()))
    .bind(crate::query::stored_periods(&b.periods))
    .bind(&b.external_id)
    .bind(&b.external_id)
    .execute(&mut *c)
    .await?;
    if let Some(a) = &b.new_address {
        new_address(c, b.id, a).await?;
    }
    if done.rows_affected() > 0 || m == Mode::Local {
        event(c, m, &Event::created(b, actor, status)).await?;
    }
    Ok(())
}

/// Keeps where an address change moves the customer to (JSON).
pub(crate) async fn new_address(
    c: &mut SqliteConnection,
    order: Uuid,
    a: &campo_domain::NewAddress,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE work_orders SET new_address = ? WHERE id = ? AND kind = 'address_change'")
        .bind(serde_json::to_string(a)?)
        .bind(order.to_string())
        .execute(c)
        .await?;
    Ok(())
}

/// One row of an order's history.
pub(super) struct Event<'a> {
    pub(super) id: Uuid,
    pub(super) order_id: Uuid,
    pub(super) at: &'a str,
    pub(super) actor: Uuid,
    pub(super) from: Option<OrderStatus>,
    pub(super) to: OrderStatus,
    pub(super) reason: Option<&'a str>,
}

impl<'a> Event<'a> {
    /// An order's first event: created, in `status`.
    pub(super) fn created(b: &'a OrderCreated, actor: Uuid, status: OrderStatus) -> Self {
        Event {
            id: b.event_id,
            order_id: b.id,
            at: &b.at,
            actor,
            from: None,
            to: status,
            reason: None,
        }
    }
}

async fn event(c: &mut SqliteConnection, m: Mode, e: &Event<'_>) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "{} INTO order_events (id, order_id, at, actor_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        m.insert()
    ))
    .bind(e.id.to_string())
    .bind(e.order_id.to_string())
    .bind(e.at)
    .bind(e.actor.to_string())
    .bind(e.from.map(OrderStatus::code))
    .bind(e.to.code())
    .bind(e.reason)
    .execute(c)
    .await?;
    Ok(())
}

/// Puts the order in `b.to` (with the schedule rules) and records the event.
pub(crate) async fn transition(
    c: &mut SqliteConnection,
    m: Mode,
    b: &OrderTransitioned,
    actor: Uuid,
) -> Result<(), StoreError> {
    let from = OrderStatus::from_code(&b.from).ok_or_else(|| bad("status"))?;
    let to = OrderStatus::from_code(&b.to).ok_or_else(|| bad("status"))?;
    set_state(c, b.order_id, to, b.schedule.as_ref(), &b.at).await?;
    // The move to done of an address change moves the customer (only the move itself: a
    // state restored or granted later never undoes a newer edit of the address).
    if to == OrderStatus::Done && from != OrderStatus::Done {
        crate::customers::moved_in(c, b.order_id).await?;
    }
    let ev = Event {
        id: b.event_id,
        order_id: b.order_id,
        at: &b.at,
        actor,
        from: Some(from),
        to,
        reason: b.reason.as_deref(),
    };
    event(c, m, &ev).await
}

/// Sets an order's status; a given slot (scheduling, or the server's state) sets the day,
/// period and technician; leaving the agenda (back to the queue, cancelled) without one clears
/// them; other moves keep them.
pub(crate) async fn set_state(
    c: &mut SqliteConnection,
    order_id: Uuid,
    to: OrderStatus,
    schedule: Option<&campo_protocol::ops::SchedulePayload>,
    at: &str,
) -> Result<(), StoreError> {
    let clears = matches!(to, OrderStatus::Approved | OrderStatus::Cancelled);
    let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new("UPDATE work_orders SET status = ");
    q.push_bind(to.code())
        .push(", updated_at = ")
        .push_bind(at.to_owned());
    match schedule {
        Some(s) => {
            q.push(", scheduled_date = ")
                .push_bind(s.date.clone())
                .push(", period = ")
                .push_bind(s.period.clone())
                .push(", technician_id = ")
                .push_bind(s.technician_id.to_string())
                .push(", technician_name = (SELECT name FROM people WHERE id = ")
                .push_bind(s.technician_id.to_string())
                .push(")");
        }
        _ if clears => {
            q.push(", scheduled_date = NULL, period = NULL, technician_id = NULL, technician_name = NULL");
        }
        _ => {}
    }
    q.push(" WHERE id = ").push_bind(order_id.to_string());
    let done = q.build().execute(c).await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(Entity::Order));
    }
    Ok(())
}

/// Sets visit-detail fields of an order (`contact_phone`, `notes`); unknown field codes are
/// ignored (a newer app's field this version does not show).
pub(crate) async fn set_fields(
    c: &mut SqliteConnection,
    order_id: Uuid,
    fields: &[(&str, Option<&str>)],
) -> Result<(), StoreError> {
    for &(code, value) in fields {
        let sql = match OrderField::from_code(code) {
            Some(OrderField::ContactPhone) => {
                "UPDATE work_orders SET contact_phone = ? WHERE id = ?"
            }
            Some(OrderField::Notes) => "UPDATE work_orders SET notes = ? WHERE id = ?",
            None => continue,
        };
        let done = sqlx::query(sql)
            .bind(value)
            .bind(order_id.to_string())
            .execute(&mut *c)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(Entity::Order));
        }
    }
    Ok(())
}

/// Records the revision the server gave a field's value.
pub(crate) async fn set_field_rev(
    c: &mut SqliteConnection,
    order_id: Uuid,
    field: &str,
    rev: i64,
) -> Result<(), StoreError> {
    if OrderField::from_code(field).is_none() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO order_field_revs (order_id, field, rev) VALUES (?, ?, ?)
         ON CONFLICT (order_id, field) DO UPDATE SET rev = excluded.rev",
    )
    .bind(order_id.to_string())
    .bind(field)
    .bind(rev)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// An edit as the server settled it: each field takes the value in force (the edit's, or the
/// one that beat it), an applied value takes the edit's place in the server's order as its
/// revision, and the person here whose change did not survive gets a notice.
pub(crate) async fn settle_edit(
    c: &mut SqliteConnection,
    body: &OrderEdited,
    op_id: Uuid,
    server_seq: i64,
) -> Result<(), StoreError> {
    // An operation logged before the server settled edits applies as written.
    let outcome: Vec<FieldOutcome> = if body.outcome.is_empty() {
        body.changes
            .iter()
            .map(|ch| FieldOutcome {
                field: ch.field.clone(),
                applied: true,
                value: ch.value.clone(),
                overridden: None,
                by: None,
            })
            .collect()
    } else {
        body.outcome.clone()
    };
    let values: Vec<(&str, Option<&str>)> = outcome
        .iter()
        .map(|o| (o.field.as_str(), o.value.as_deref()))
        .collect();
    set_fields(c, body.order_id, &values).await?;
    // Who this device acts as at the server.
    let me: Option<String> = sqlx::query_scalar(
        "SELECT COALESCE((SELECT user_id FROM sync_config WHERE singleton = 1), local_user_id) FROM device WHERE singleton = 1",
    )
    .fetch_optional(&mut *c)
    .await?
    .flatten();
    for o in &outcome {
        if o.applied {
            set_field_rev(c, body.order_id, &o.field, server_seq).await?;
        }
        if OrderField::from_code(&o.field).is_none() {
            continue;
        }
        if o.overridden.map(|u| u.to_string()) != me || me.is_none() {
            continue;
        }
        // Kept as data; worded when shown, in the reader's language.
        let id = Uuid::new_v5(&op_id, o.field.as_bytes());
        sqlx::query(
            "INSERT OR IGNORE INTO order_notices (id, order_id, message, field, applied, kept, by_name, created_at)
             VALUES (?, ?, '', ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(body.order_id.to_string())
        .bind(&o.field)
        .bind(o.applied)
        .bind(&o.value)
        .bind(&o.by)
        .bind(crate::write::timestamp(chrono::Utc::now()))
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Notices written by versions that stored their pt-BR sentence are read back into data
/// (field, whether the edit stood, the value kept, who), so they are worded in the reader's
/// language too. Sentences it cannot read stay as they are.
pub(crate) async fn notices_as_data(c: &mut SqliteConnection) -> Result<(), StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, message FROM order_notices WHERE field IS NULL AND message <> ''",
    )
    .fetch_all(&mut *c)
    .await?;
    for (id, message) in rows {
        let Some((field, applied, kept, by)) = read_notice(&message) else {
            continue;
        };
        sqlx::query("UPDATE order_notices SET field = ?, applied = ?, kept = ?, by_name = ?, message = '' WHERE id = ?")
            .bind(field.code())
            .bind(applied)
            .bind(kept)
            .bind(by)
            .bind(&id)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

/// The parts of a notice sentence as earlier versions wrote it in pt-BR.
fn read_notice(message: &str) -> Option<(OrderField, bool, Option<String>, String)> {
    let (head, kept) = message.strip_suffix("”.")?.split_once("; ficou “")?;
    let kept = (kept != "(vazio)").then(|| kept.to_owned());
    let field_of = |text: &str| {
        [OrderField::ContactPhone, OrderField::Notes]
            .into_iter()
            .find(|f| text.starts_with(f.label(Lang::PtBr)))
    };
    if let Some(rest) = head.strip_prefix("Sua alteração de ") {
        let (what, by) = rest.split_once(" não prevaleceu: ")?;
        let by = by.strip_suffix(" alterou ao mesmo tempo")?;
        return Some((field_of(what)?, false, kept, by.to_owned()));
    }
    let (by, rest) = head.split_once(" alterou ")?;
    let what = rest.strip_suffix(" depois de você")?;
    Some((field_of(what)?, true, kept, by.to_owned()))
}

/// Removes an order that left this device's scope, with its history, and its customer when
/// no other order here refers to them.
pub(crate) async fn remove_order(
    c: &mut SqliteConnection,
    order_id: Uuid,
) -> Result<(), StoreError> {
    let id = order_id.to_string();
    let customer: Option<String> =
        sqlx::query_scalar("SELECT customer_id FROM work_orders WHERE id = ?")
            .bind(&id)
            .fetch_optional(&mut *c)
            .await?;
    for table in [
        "order_events",
        "order_field_revs",
        "order_notices",
        "order_pauses",
        "order_messages",
        "order_signatures",
        "order_photos",
        "order_reports",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE order_id = ?"))
            .bind(&id)
            .execute(&mut *c)
            .await?;
    }
    sqlx::query("DELETE FROM work_orders WHERE id = ?")
        .bind(&id)
        .execute(&mut *c)
        .await?;
    if let Some(customer) = customer {
        sqlx::query("DELETE FROM customers WHERE id = ? AND NOT EXISTS (SELECT 1 FROM work_orders WHERE customer_id = ?)")
            .bind(&customer)
            .bind(&customer)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

/// The office's decision on a conflict: the order takes the decided status (outside the
/// state machine, which is the point of a decision) and the history says why.
pub(crate) async fn resolve(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::OrderResolved,
    actor: Uuid,
) -> Result<(), StoreError> {
    let from = OrderStatus::from_code(&b.from).ok_or_else(|| bad("status"))?;
    let to = OrderStatus::from_code(&b.status).ok_or_else(|| bad("status"))?;
    set_state(c, b.order_id, to, b.schedule.as_ref(), &b.at).await?;
    let reason = campo_domain::history::EventReason::ConflictDecided {
        note: b.note.clone(),
    }
    .stored();
    let ev = Event {
        id: b.event_id,
        order_id: b.order_id,
        at: &b.at,
        actor,
        from: Some(from),
        to,
        reason: Some(&reason),
    };
    event(c, Mode::Remote, &ev).await
}

/// Opens a pause of the order's deadline clock.
pub(crate) async fn pause(
    c: &mut SqliteConnection,
    m: Mode,
    b: &campo_protocol::ops::OrderPaused,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "{} INTO order_pauses (id, order_id, started_at, started_by, reason) VALUES (?, ?, ?, ?, ?)",
        m.insert()
    ))
    .bind(b.pause_id.to_string())
    .bind(b.order_id.to_string())
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(&b.reason)
    .execute(c)
    .await?;
    Ok(())
}

/// Ends a pause (a second resume of the same pause changes nothing).
pub(crate) async fn resume(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::OrderResumed,
    actor: Uuid,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE order_pauses SET ended_at = ?, ended_by = ?, resume_note = ? WHERE id = ? AND ended_at IS NULL",
    )
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(&b.note)
    .bind(b.pause_id.to_string())
    .execute(c)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_written_as_sentences_read_back_as_data() {
        assert_eq!(
            read_notice(
                "Sua alteração de observações da OS 000042 não prevaleceu: Mariana Lima alterou ao mesmo tempo; ficou “Portão azul”."
            ),
            Some((
                OrderField::Notes,
                false,
                Some("Portão azul".into()),
                "Mariana Lima".into()
            ))
        );
        assert_eq!(
            read_notice("Josué Lins alterou telefone de contato depois de você; ficou “(vazio)”."),
            Some((OrderField::ContactPhone, true, None, "Josué Lins".into()))
        );
        assert_eq!(read_notice("Outra coisa"), None);
    }
}
