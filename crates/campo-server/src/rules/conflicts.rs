//! The coordination's conflict inbox: the orders whose status moves clashed, and the decision
//! that settles each (the order's status from then on, told to every device concerned).

use campo_domain::OrderStatus;
use campo_protocol::ops::{OrderResolved, SchedulePayload};
use campo_protocol::wire::{ConflictView, ResolveRequest};
use campo_protocol::{Op, Problem, policy};
use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use super::scope::rescope;
use super::{append_server_op, order_audience};
use crate::db::{ServerDb, stored_id};
use crate::error::ServerError;
use crate::timestamp;
use crate::users::Session;

/// Open conflicts, for the coordination's inbox.
pub async fn list_conflicts(
    db: &ServerDb,
    session: &Session,
) -> Result<Vec<ConflictView>, ServerError> {
    coordination_only(session)?;
    let rows = sqlx::query(
        "SELECT c.id, c.entity, c.entity_id, c.message, c.created_at, COALESCE(u.name, '') AS actor_name,
                c.server_status, c.attempted_from, c.attempted_to
         FROM conflicts c LEFT JOIN users u ON u.id = c.actor_id
         WHERE c.resolved_at IS NULL AND c.kind = 'status' ORDER BY c.created_at, c.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let id = |col: &str| -> Result<Uuid, ServerError> {
                stored_id(&r.try_get::<String, _>(col)?)
            };
            let status = |col: &str| -> Result<Option<OrderStatus>, ServerError> {
                Ok(r.try_get::<Option<String>, _>(col)?
                    .as_deref()
                    .and_then(OrderStatus::from_code))
            };
            Ok(ConflictView {
                id: id("id")?,
                entity: r.try_get("entity")?,
                entity_id: id("entity_id")?,
                message: r.try_get("message")?,
                server_status: status("server_status")?,
                attempted: status("attempted_from")?.zip(status("attempted_to")?),
                actor_name: r.try_get("actor_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The coordination decides a conflicted order's status. Every open conflict of that order
/// is closed by the decision; the order goes back to the technician who last had it when the
/// decision is a field status.
pub async fn resolve(
    db: &ServerDb,
    session: &Session,
    req: &ResolveRequest,
) -> Result<(), ServerError> {
    coordination_only(session)?;
    let Some(status) = OrderStatus::from_code(&req.status) else {
        return Err(ServerError::Problem(
            campo_protocol::Problem::UnknownStatus {
                status: req.status.clone(),
            },
        ));
    };
    let note = req.note.trim();
    if note.is_empty() {
        return Err(ServerError::Problem(
            campo_protocol::Problem::ConflictNoteRequired,
        ));
    }
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT entity_id FROM conflicts WHERE id = $1 AND resolved_at IS NULL AND kind = 'status'",
    )
    .bind(req.conflict_id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| ServerError::NotFound(Problem::ConflictGone))?;
    let order_id: String = row.try_get("entity_id")?;
    let order = sqlx::query("SELECT status, technician_id, last_technician_id, scheduled_date, period FROM orders WHERE id = $1")
        .bind(&order_id)
        .fetch_one(&mut **tx)
        .await?;
    let from: String = order.try_get("status")?;
    let before: Option<String> = order.try_get("technician_id")?;
    let last: Option<String> = order.try_get("last_technician_id")?;
    let field = matches!(
        status,
        OrderStatus::Scheduled
            | OrderStatus::EnRoute
            | OrderStatus::InProgress
            | OrderStatus::Done
            | OrderStatus::NotDone
    );
    let after = if field { before.clone().or(last) } else { None };
    let (date, period) = if field {
        (
            order.try_get::<Option<String>, _>("scheduled_date")?,
            order.try_get::<Option<String>, _>("period")?,
        )
    } else {
        (None, None)
    };
    // A field status needs a slot: keep the last one, or today in the morning.
    let date = date.or_else(|| field.then(|| Utc::now().date_naive().to_string()));
    let period = period.or_else(|| field.then(|| "morning".to_owned()));
    sqlx::query("UPDATE orders SET status = $1, technician_id = $2, scheduled_date = $3, period = $4 WHERE id = $5")
        .bind(status.code())
        .bind(&after)
        .bind(&date)
        .bind(&period)
        .bind(&order_id)
        .execute(&mut **tx)
        .await?;
    let now = timestamp(Utc::now());
    sqlx::query("UPDATE conflicts SET resolved_at = $1, resolved_by = $2 WHERE entity_id = $3 AND resolved_at IS NULL AND kind = 'status'")
        .bind(&now)
        .bind(session.user_id.to_string())
        .bind(&order_id)
        .execute(&mut **tx)
        .await?;
    let order_uuid = stored_id(&order_id)?;
    let schedule = match (&date, &period, &after) {
        (Some(date), Some(period), Some(t)) => Some(SchedulePayload {
            date: date.clone(),
            period: period.clone(),
            technician_id: stored_id(t)?,
        }),
        _ => None,
    };
    // A closed order reopened by the decision may have left its technician's device (the
    // window keeps closed orders a week): it is granted to them again.
    let reopened = OrderStatus::from_code(&from).is_some_and(OrderStatus::is_terminal)
        && !status.is_terminal()
        && before == after;
    let body = OrderResolved {
        order_id: order_uuid,
        event_id: Uuid::now_v7(),
        from,
        status: status.code().to_owned(),
        schedule,
        note: note.to_owned(),
        at: now,
    };
    append_server_op(
        &mut tx,
        &Op::OrderResolved(body),
        session.user_id,
        Some(&order_audience(after.as_deref())),
    )
    .await?;
    rescope(
        &mut tx,
        order_uuid,
        if reopened { None } else { before.as_deref() },
        after.as_deref(),
        session.user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses anyone but those who handle conflicts (coordination).
fn coordination_only(session: &Session) -> Result<(), ServerError> {
    if policy::handles_conflicts(session.role) {
        Ok(())
    } else {
        Err(ServerError::Forbidden(Problem::ConflictsCoordinationOnly))
    }
}
