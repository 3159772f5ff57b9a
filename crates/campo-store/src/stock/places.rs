//! Places equipment can be: found or created the same way on every device (their ids follow
//! from what they belong to).

use campo_domain::stock::{PlaceKind, customer_place_id, fixed_place_id, van_id};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use super::*;
use crate::{Entity, StoreError};
use campo_protocol::ops::StockPlaceRef;

pub(crate) async fn resolve_place(
    c: &mut SqliteConnection,
    id: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    if let Some(row) = sqlx::query("SELECT kind, name, ref_id FROM stock_places WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *c)
        .await?
    {
        let ref_id: Option<String> = row.try_get("ref_id")?;
        return Ok(StockPlaceRef {
            id,
            kind: row.try_get("kind")?,
            name: row.try_get("name")?,
            ref_id: ref_id
                .as_deref()
                .map(crate::write::parse_uuid)
                .transpose()?,
        });
    }
    for kind in [
        PlaceKind::Supplier,
        PlaceKind::Loss,
        PlaceKind::Adjustment,
        PlaceKind::Defective,
    ] {
        if fixed_place_id(kind) == id {
            return Ok(fixed_place(kind));
        }
    }
    let techs = sqlx::query("SELECT id, name FROM people WHERE role = 'technician'")
        .fetch_all(&mut *c)
        .await?;
    for t in techs {
        let tech = crate::write::parse_uuid(t.try_get("id")?)?;
        if van_id(tech) == id {
            return Ok(van_ref(tech, t.try_get("name")?));
        }
    }
    // A customer's premises before anything was placed there (their ids derive from the
    // customer's, so they are found by deriving).
    let customers: Vec<String> = sqlx::query_scalar("SELECT id FROM customers")
        .fetch_all(&mut *c)
        .await?;
    for customer in customers {
        let customer = crate::write::parse_uuid(&customer)?;
        if customer_place_id(customer) == id {
            return customer_place(c, customer).await;
        }
    }
    Err(StoreError::NotFound(Entity::StockPlace))
}

fn van_ref(technician: Uuid, name: &str) -> StockPlaceRef {
    StockPlaceRef {
        id: van_id(technician),
        kind: PlaceKind::Van.code().to_owned(),
        name: campo_domain::stock::van_name(name),
        ref_id: Some(technician),
    }
}

/// The van of a technician.
pub(crate) async fn van_of(
    c: &mut SqliteConnection,
    technician: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    let name: String = sqlx::query_scalar("SELECT name FROM people WHERE id = ?")
        .bind(technician.to_string())
        .fetch_optional(&mut *c)
        .await?
        .ok_or(StoreError::NotFound(Entity::Person))?;
    Ok(van_ref(technician, &name))
}

/// The premises of a customer.
pub(crate) async fn customer_place(
    c: &mut SqliteConnection,
    customer: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(customer.to_string())
        .fetch_optional(&mut *c)
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
    Ok(StockPlaceRef {
        id: customer_place_id(customer),
        kind: PlaceKind::Customer.code().to_owned(),
        name,
        ref_id: Some(customer),
    })
}

pub(crate) async fn ensure_place(
    c: &mut SqliteConnection,
    p: &StockPlaceRef,
    at: &str,
) -> Result<(), StoreError> {
    if PlaceKind::from_code(&p.kind).is_none() {
        return Err(decode("place kind"));
    }
    sqlx::query(
        "INSERT OR IGNORE INTO stock_places (id, kind, name, ref_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(p.id.to_string())
    .bind(&p.kind)
    .bind(&p.name)
    .bind(p.ref_id.map(|r| r.to_string()))
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}
