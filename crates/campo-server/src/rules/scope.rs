//! Orders entering and leaving a technician's scope: when an order is scheduled for them it is
//! granted (its customer as they are now without personal data, its state and visit details,
//! since the operations that built it were not theirs to receive); when it leaves them it is
//! revoked. A customer's later edits reach the technicians holding their orders as copies.

use campo_protocol::ops::{
    GrantedField, OrderCreated, OrderGranted, OrderRevoked, SchedulePayload,
};
use campo_protocol::{Op, OpKind};
use sqlx::Row;
use uuid::Uuid;

use super::{Tx, append_server_op};
use crate::db::stored_id;
use crate::error::ServerError;

/// The payload of the latest logged operation of `kind` about the order `id`, and who did it.
async fn logged<T: serde::de::DeserializeOwned>(
    c: &mut sqlx::AnyConnection,
    kind: OpKind,
    id: &str,
) -> Result<Option<(T, String)>, ServerError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT payload, actor_id FROM ops WHERE entity = $1 AND entity_id = $2 AND kind = $3
         ORDER BY server_seq DESC LIMIT 1",
    )
    .bind("work_order")
    .bind(id)
    .bind(kind.code())
    .fetch_optional(&mut *c)
    .await?;
    row.map(|(p, actor)| Ok((serde_json::from_str(&p)?, actor)))
        .transpose()
}

/// An order as a technician's device receives it when it enters their scope: the order, its
/// customer without personal data, its status and slot, its edited fields — and who created
/// it. `None` when the log does not hold its creation.
pub(crate) async fn grant_of(
    c: &mut sqlx::AnyConnection,
    order_id: Uuid,
) -> Result<Option<(OrderGranted, String)>, ServerError> {
    let id = order_id.to_string();
    let Some((order, creator)) = logged::<OrderCreated>(c, OpKind::OrderCreated, &id).await? else {
        return Ok(None);
    };
    // As they are now: edited and moved since, not as created.
    let Some(mut customer) = crate::customers::current(c, order.customer_id).await? else {
        return Ok(None);
    };
    customer.cpf = None;
    customer.mother_name = None;
    customer.birth_date = None;
    let row = sqlx::query(
        "SELECT status, scheduled_date, period, technician_id FROM orders WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(&mut *c)
    .await?;
    let schedule = match (
        row.try_get::<Option<String>, _>("scheduled_date")?,
        row.try_get::<Option<String>, _>("period")?,
        row.try_get::<Option<String>, _>("technician_id")?,
    ) {
        (Some(date), Some(period), Some(t)) => Some(SchedulePayload {
            date,
            period,
            technician_id: stored_id(&t)?,
        }),
        _ => None,
    };
    let fields = sqlx::query("SELECT field, value, rev FROM order_fields WHERE order_id = $1")
        .bind(&id)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|r| {
            Ok(GrantedField {
                field: r.try_get("field")?,
                value: r.try_get("value")?,
                rev: r.try_get("rev")?,
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    let body = OrderGranted {
        customer,
        order,
        status: row.try_get("status")?,
        schedule,
        fields,
    };
    Ok(Some((body, creator)))
}

/// Tells the technicians concerned that an order entered or left their scope.
pub(super) async fn rescope(
    tx: &mut Tx<'_>,
    order_id: Uuid,
    before: Option<&str>,
    after: Option<&str>,
    actor: Uuid,
) -> Result<(), ServerError> {
    if before == after {
        return Ok(());
    }
    if let Some(old) = before {
        let body = Op::OrderRevoked(OrderRevoked { order_id });
        append_server_op(tx, &body, actor, Some(&format!("only:{old}"))).await?;
    }
    if let Some(new) = after {
        let Some((body, _)) = grant_of(tx, order_id).await? else {
            return Ok(());
        };
        append_server_op(
            tx,
            &Op::OrderGranted(Box::new(body)),
            actor,
            Some(&format!("only:{new}")),
        )
        .await?;
    }
    Ok(())
}
