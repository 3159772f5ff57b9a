//! A customer as the server's log has them now: as created, with their newest edit, and moved
//! by their newest address change done after it (as every device moves them). What a
//! technician's grant carries, and what an import or the geocoder starts from.

use campo_protocol::ops::{CustomerCreated, CustomerEdited, OrderCreated, OrderTransitioned};
use campo_protocol::{Op, OpKind};
use std::collections::HashMap;

use sqlx::Row;
use uuid::Uuid;

use crate::db::stored_id;
use crate::error::ServerError;

/// `c` with the fields `e` sets (a customer's edit sets all of them).
pub(crate) fn apply_edit(c: &mut CustomerCreated, e: CustomerEdited) {
    c.name = e.name;
    c.email = e.email;
    c.phone1 = e.phone1;
    c.phone2 = e.phone2;
    c.address = e.address;
    if e.external_id.is_some() {
        c.external_id = e.external_id;
    }
}

/// An edit that makes a device's copy of the customer `c`, naming the fields `changed`.
pub(crate) fn edit_of(c: &CustomerCreated, changed: Vec<String>, at: String) -> CustomerEdited {
    CustomerEdited {
        id: c.id,
        name: c.name.clone(),
        email: c.email.clone(),
        phone1: c.phone1.clone(),
        phone2: c.phone2.clone(),
        address: c.address.clone(),
        external_id: None,
        changed,
        at,
    }
}

/// The technicians holding an order of `customer` now.
pub(crate) async fn holders(
    c: &mut sqlx::AnyConnection,
    customer: Uuid,
) -> Result<Vec<Uuid>, ServerError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT technician_id FROM orders WHERE customer_id = $1 AND technician_id IS NOT NULL",
    )
    .bind(customer.to_string())
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(|t| stored_id(t)).collect()
}

/// The address change `order` done now: the customer's copies for the technicians holding
/// their other orders (the one holding this order moves the customer by itself).
pub(crate) async fn moved_copies(
    c: &mut sqlx::AnyConnection,
    order: Uuid,
    doer: Option<&str>,
) -> Result<Vec<(Uuid, Op)>, ServerError> {
    let payload: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND kind = $2
         ORDER BY server_seq LIMIT 1",
    )
    .bind(order.to_string())
    .bind(OpKind::OrderCreated.code())
    .fetch_optional(&mut *c)
    .await?;
    let Some(payload) = payload else {
        return Ok(Vec::new());
    };
    let created: OrderCreated = serde_json::from_str(&payload)?;
    let (Some(address), Some(mut customer)) =
        (created.new_address, current(c, created.customer_id).await?)
    else {
        return Ok(Vec::new());
    };
    apply_move(&mut customer, address);
    customer.cpf = None;
    customer.mother_name = None;
    customer.birth_date = None;
    let at = crate::timestamp(chrono::Utc::now());
    let fields = [
        "cep",
        "street",
        "number",
        "complement",
        "neighbourhood",
        "city",
        "uf",
    ];
    let changed: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    Ok(holders(c, created.customer_id)
        .await?
        .into_iter()
        .filter(|t| doer != Some(t.to_string().as_str()))
        .map(|t| {
            (
                t,
                Op::CustomerEdited(edit_of(&customer, changed.clone(), at.clone())),
            )
        })
        .collect())
}

/// `c` living at `a` (an address change done).
pub(crate) fn apply_move(c: &mut CustomerCreated, a: campo_domain::NewAddress) {
    c.address = (&a).into();
}

/// The address changes done — of `customer`, or of everyone's when `None` — each as (its
/// customer, where its first move to done is in the log, the new address): two queries
/// however many there are.
pub(crate) async fn moves_done(
    c: &mut sqlx::AnyConnection,
    customer: Option<Uuid>,
) -> Result<Vec<(Uuid, i64, campo_domain::NewAddress)>, ServerError> {
    // The address changes' ids first, then their operations by entity: joined the other way,
    // SQLite walked every work order's operations (seconds on a provider of 300,000 orders,
    // once per order of a technician's snapshot).
    let moves = format!(
        "SELECT o.entity_id, o.kind, o.server_seq, o.payload FROM ops o
         WHERE o.entity = 'work_order' AND o.kind IN ({})
           AND o.entity_id IN (SELECT w.id FROM orders w WHERE w.kind = 'address_change'",
        crate::db::kinds(&[OpKind::OrderCreated, OpKind::OrderTransitioned])
    );
    let rows = match customer {
        Some(id) => {
            sqlx::query(&format!(
                "{moves} AND w.customer_id = $1) ORDER BY o.server_seq"
            ))
            .bind(id.to_string())
            .fetch_all(&mut *c)
            .await?
        }
        None => {
            sqlx::query(&format!("{moves}) ORDER BY o.server_seq"))
                .fetch_all(&mut *c)
                .await?
        }
    };
    let mut created: HashMap<String, OrderCreated> = HashMap::new();
    let mut done: HashMap<String, i64> = HashMap::new();
    for row in rows {
        let order: String = row.try_get("entity_id")?;
        let payload: String = row.try_get("payload")?;
        let kind = OpKind::from_code(&row.try_get::<String, _>("kind")?);
        if kind == Some(OpKind::OrderCreated) {
            created.insert(order, serde_json::from_str(&payload)?);
        } else if let std::collections::hash_map::Entry::Vacant(first) = done.entry(order) {
            let moved: Result<OrderTransitioned, _> = serde_json::from_str(&payload);
            if moved.is_ok_and(|m| m.to == "done") {
                first.insert(row.try_get("server_seq")?);
            }
        }
    }
    Ok(created
        .into_iter()
        .filter_map(|(order, o)| Some((o.customer_id, *done.get(&order)?, o.new_address?)))
        .collect())
}

/// Of `moves` (as [`moves_done`] gives them), each customer's newest done after their
/// address was last set (`address_set`: where in the log; `None`, never): where they live now.
pub(crate) fn newest_moves(
    moves: Vec<(Uuid, i64, campo_domain::NewAddress)>,
    address_set: impl Fn(Uuid) -> Option<i64>,
) -> HashMap<Uuid, campo_domain::NewAddress> {
    let mut newest: HashMap<Uuid, (i64, campo_domain::NewAddress)> = HashMap::new();
    for (customer, seq, address) in moves {
        let after_set = address_set(customer).is_none_or(|set| seq > set);
        let after_others = newest.get(&customer).is_none_or(|(s, _)| seq > *s);
        if after_set && after_others {
            newest.insert(customer, (seq, address));
        }
    }
    newest.into_iter().map(|(c, (_, a))| (c, a)).collect()
}

/// The customer `id` as they are now; `None` when the log does not hold their creation.
pub(crate) async fn current(
    c: &mut sqlx::AnyConnection,
    id: Uuid,
) -> Result<Option<CustomerCreated>, ServerError> {
    let rows = sqlx::query(
        "SELECT server_seq, kind, payload FROM ops WHERE entity = 'customer' AND entity_id = $1
         AND kind IN ($2, $3) ORDER BY server_seq",
    )
    .bind(id.to_string())
    .bind(OpKind::CustomerCreated.code())
    .bind(OpKind::CustomerEdited.code())
    .fetch_all(&mut *c)
    .await?;
    let mut customer: Option<CustomerCreated> = None;
    let mut address_set = 0;
    for row in rows {
        let payload: String = row.try_get("payload")?;
        let kind: String = row.try_get("kind")?;
        address_set = row.try_get("server_seq")?;
        match (OpKind::from_code(&kind), customer.as_mut()) {
            (Some(OpKind::CustomerCreated), None) => {
                customer = Some(serde_json::from_str(&payload)?)
            }
            (Some(OpKind::CustomerEdited), Some(c)) => {
                apply_edit(c, serde_json::from_str(&payload)?)
            }
            _ => {}
        }
    }
    let Some(mut customer) = customer else {
        return Ok(None);
    };
    let moves = moves_done(c, Some(id)).await?;
    if let Some(address) = newest_moves(moves, |_| Some(address_set)).remove(&id) {
        apply_move(&mut customer, address);
    }
    Ok(Some(customer))
}
