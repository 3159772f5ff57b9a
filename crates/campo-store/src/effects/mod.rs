//! The effect of each operation on the local tables. Used by the [`Writer`](crate::write)
//! for a person's own changes (then recorded in the outbox) and by [`sync`](crate::sync) for
//! changes pulled from the server (already recorded there). Remote application must be
//! idempotent, so inserts ignore rows that exist.
//!
//! - [`orders`]: work orders (creation, status moves and their history, visit-detail edits and
//!   their notices, pauses, removal from a scope, conflict decisions).
//! - [`settings`]: the provider's settings and technicians' set-up (skills, weeks, absences,
//!   routes, deadline rules, calendar, agenda periods).

mod bulk;
mod orders;
mod settings;

pub(crate) use bulk::*;
pub(crate) use orders::*;
pub(crate) use settings::*;

use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::StoreError;
use campo_protocol::ops::{CustomerCreated, PersonCreated, PlanCreated};

/// `INSERT` for one's own changes; `INSERT OR IGNORE` when replaying the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Local,
    Remote,
}

impl Mode {
    /// How a record is inserted: a local write's is new, a remote one may have come before.
    pub(crate) fn insert(self) -> &'static str {
        match self {
            Mode::Local => "INSERT",
            Mode::Remote => "INSERT OR IGNORE",
        }
    }
}

fn bad(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("invalid operation: {what}").into(),
    ))
}

pub(crate) async fn person(
    c: &mut SqliteConnection,
    m: Mode,
    b: &PersonCreated,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "{} INTO people (id, name, role, phone, created_at) VALUES (?, ?, ?, ?, ?)",
        m.insert()
    ))
    .bind(b.id.to_string())
    .bind(&b.name)
    .bind(&b.role)
    .bind(&b.phone)
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

/// A person's name as this device knows it (empty when it does not: a technician's device
/// keeps only some people), for the histories that say who did what.
pub(crate) async fn person_name(
    c: &mut SqliteConnection,
    id: uuid::Uuid,
) -> Result<String, StoreError> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM people WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(c)
        .await?;
    Ok(name.unwrap_or_default())
}

/// The customer's plan: that of their newest installation or done plan change (a plan change
/// counting from when it was done; one open, refused or cancelled leaves the plan as it was);
/// for a customer with neither (an ERP's repair only), that of their newest order.
pub(crate) async fn latest_plan(
    c: &mut SqliteConnection,
    customer: uuid::Uuid,
) -> Result<Option<uuid::Uuid>, StoreError> {
    let plan: Option<String> = sqlx::query_scalar(
        "SELECT plan_id FROM (
             SELECT o.plan_id, 1 AS contract,
                    CASE o.kind WHEN 'plan_change'
                        THEN (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'done')
                        ELSE o.created_at END AS since
             FROM work_orders o
             WHERE o.customer_id = ?1 AND (o.kind = 'installation' OR (o.kind = 'plan_change' AND o.status = 'done'))
             UNION ALL
             SELECT plan_id, 0, created_at FROM work_orders WHERE customer_id = ?1)
         ORDER BY contract DESC, since DESC LIMIT 1",
    )
    .bind(customer.to_string())
    .fetch_optional(c)
    .await?;
    plan.as_deref().map(crate::write::parse_uuid).transpose()
}

/// A person's new role (the administrator changed it on the server).
pub(crate) async fn person_role(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::PersonRoleSet,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE people SET role = ? WHERE id = ?")
        .bind(&b.role)
        .bind(b.person_id.to_string())
        .execute(c)
        .await?;
    Ok(())
}

pub(crate) async fn plan(
    c: &mut SqliteConnection,
    m: Mode,
    b: &PlanCreated,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "{} INTO plans (id, name, download_mbps, price_cents, has_iptv, premium, created_at, svas, external_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, {})",
        m.insert(),
        free_external_id("plans")
    ))
    .bind(b.id.to_string())
    .bind(&b.name)
    .bind(b.download_mbps)
    .bind(b.price_cents)
    .bind(b.has_iptv)
    .bind(b.premium)
    .bind(at)
    .bind(serde_json::to_string(&b.svas)?)
    .bind(&b.external_id)
    .bind(&b.external_id)
    .execute(c)
    .await?;
    Ok(())
}

/// The SQL that stores an ERP id unless another record of `table` already has it (two
/// devices importing the same file: the second record keeps its place without the id, rather
/// than being dropped). Binds the id twice.
pub(crate) fn free_external_id(table: &str) -> String {
    format!("(CASE WHEN EXISTS (SELECT 1 FROM {table} WHERE external_id = ?) THEN NULL ELSE ? END)")
}

/// A plan of the catalogue changed or taken off sale.
pub(crate) async fn plan_update(
    c: &mut SqliteConnection,
    b: &campo_protocol::ops::PlanUpdated,
) -> Result<(), StoreError> {
    let p = &b.plan;
    sqlx::query(
        "UPDATE plans SET name = ?, download_mbps = ?, price_cents = ?, has_iptv = ?, premium = ?, svas = ?, sold = ?,
                external_id = COALESCE((CASE WHEN EXISTS (SELECT 1 FROM plans WHERE external_id = ?) THEN NULL ELSE ? END), external_id)
          WHERE id = ?",
    )
    .bind(&p.name)
    .bind(p.download_mbps)
    .bind(p.price_cents)
    .bind(p.has_iptv)
    .bind(p.premium)
    .bind(serde_json::to_string(&p.svas)?)
    .bind(b.sold)
    .bind(&p.external_id)
    .bind(&p.external_id)
    .bind(p.id.to_string())
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn customer(
    c: &mut SqliteConnection,
    m: Mode,
    b: &CustomerCreated,
    at: &str,
) -> Result<(), StoreError> {
    let (cpf, duplicate_of) = match (m, &b.cpf) {
        (Mode::Remote, Some(cpf)) => settle_cpf(c, b.id, cpf).await?,
        _ => (b.cpf.clone(), None),
    };
    sqlx::query(&format!(
        "{} INTO customers (id, name, cpf, email, mother_name, birth_date, phone1, phone2, cep, street, number, complement, neighbourhood, city, uf, lat, lon, created_at, reference, external_id, duplicate_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {}, ?)",
        m.insert(),
        free_external_id("customers")
    ))
    .bind(b.id.to_string())
    .bind(&b.name)
    .bind(&cpf)
    .bind(&b.email)
    .bind(&b.mother_name)
    .bind(&b.birth_date)
    .bind(&b.phone1)
    .bind(&b.phone2)
    .bind(&b.address.cep)
    .bind(&b.address.street)
    .bind(&b.address.number)
    .bind(&b.address.complement)
    .bind(&b.address.neighbourhood)
    .bind(&b.address.city)
    .bind(&b.address.uf)
    .bind(b.address.lat)
    .bind(b.address.lon)
    .bind(at)
    .bind(&b.address.reference)
    .bind(&b.external_id)
    .bind(&b.external_id)
    .bind(&duplicate_of)
    .execute(c)
    .await?;
    Ok(())
}

/// A customer created elsewhere with a CPF another customer here holds: the same person
/// registered on two devices before they synced. Every device settles it the same way,
/// whatever the order things arrive in: the CPF stays with the customer registered first
/// (the earlier id) and the other is marked as its duplicate. Returns the CPF and duplicate
/// mark `id` is written with.
async fn settle_cpf(
    c: &mut SqliteConnection,
    id: Uuid,
    cpf: &str,
) -> Result<(Option<String>, Option<String>), StoreError> {
    let id = id.to_string();
    let holder: Option<String> =
        sqlx::query_scalar("SELECT id FROM customers WHERE cpf = ? AND id <> ?")
            .bind(cpf)
            .bind(&id)
            .fetch_optional(&mut *c)
            .await?;
    match holder {
        None => Ok((Some(cpf.to_owned()), None)),
        Some(holder) if holder < id => {
            tracing::info!(customer = %id, first = %holder, "a customer registered twice: kept as a duplicate");
            Ok((None, Some(holder)))
        }
        Some(holder) => {
            tracing::info!(customer = %holder, first = %id, "a customer registered twice: kept as a duplicate");
            sqlx::query(
                "UPDATE customers SET cpf = NULL, duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2",
            )
            .bind(&id)
            .bind(&holder)
            .execute(&mut *c)
            .await?;
            Ok((Some(cpf.to_owned()), None))
        }
    }
}
