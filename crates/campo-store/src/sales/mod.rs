//! Sales (seed 002, stages 1–2): the seller's form sent to analysis, the back office's
//! decision, and the history of every round.
//!
//! - here: the effects of `sale.submit` and `sale.review`, shared by one's own changes and
//!   those pulled from the server (idempotent: a version already reached changes nothing);
//! - [`write`]: sending a sale, deciding it (an approval opens the customer's installation in
//!   the same transaction), and the drafts that never leave the device;
//! - [`read`]: a seller's sales, the analysis queue, one sale with its history;
//! - [`funnel`]: the step's indicators (entered, approved, installed, activated, time in
//!   analysis, rejection reasons) per seller and week, and their CSV.

mod funnel;
mod read;
mod write;

pub use funnel::*;
pub use read::*;
pub use write::Decision;

use campo_domain::sale::{SaleForm, SaleStatus};
use campo_domain::text::fold;
use campo_protocol::ops::{SaleReviewed, SaleSubmitted};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::StoreError;

/// Where a sale stands on this device: status, version, round.
async fn current(
    c: &mut SqliteConnection,
    id: Uuid,
) -> Result<Option<(SaleStatus, i64, i64)>, StoreError> {
    let row = sqlx::query("SELECT status, version, round FROM sales WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *c)
        .await?;
    row.map(|r| {
        let status: String = r.try_get("status")?;
        let status = SaleStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown sale status {status}").into()))?;
        Ok((status, r.try_get("version")?, r.try_get("round")?))
    })
    .transpose()
}

/// One line of a sale's history.
struct Event<'a> {
    sale_id: Uuid,
    version: i64,
    round: i64,
    kind: &'a str,
    actor: Uuid,
    reason: Option<&'a str>,
    note: Option<&'a str>,
    protocol: Option<&'a str>,
    at: &'a str,
}

async fn event(c: &mut SqliteConnection, e: Event<'_>) -> Result<(), StoreError> {
    let name = crate::effects::person_name(c, e.actor).await?;
    sqlx::query(
        "INSERT OR IGNORE INTO sale_events (sale_id, version, round, kind, actor_id, actor_name, reason, note, protocol, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.sale_id.to_string())
    .bind(e.version)
    .bind(e.round)
    .bind(e.kind)
    .bind(e.actor.to_string())
    .bind(name)
    .bind(e.reason)
    .bind(e.note)
    .bind(e.protocol)
    .bind(e.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A sale sent, changed or sent again after a rejection.
pub(crate) async fn submitted(
    c: &mut SqliteConnection,
    b: &SaleSubmitted,
    actor: Uuid,
) -> Result<(), StoreError> {
    let form = serde_json::to_string(&b.form)?;
    let seller_name = crate::effects::person_name(c, b.seller_id).await?;
    let search = fold(&format!(
        "{} {} {} {} {}",
        b.form.name, b.form.cpf, b.form.address.city, b.form.operator, seller_name
    ));
    let version = b.base_version + 1;
    let (kind, round) = match current(c, b.id).await? {
        // Already applied here (one's own change coming back, or a repeated page).
        Some((_, v, _)) if v >= version => return Ok(()),
        None => ("sent", 1),
        Some((SaleStatus::Rejected, _, round)) => ("sent", round + 1),
        Some((_, _, round)) => ("changed", round),
    };
    // A new sale, or the same one sent again: its last decision stays in the history only.
    sqlx::query(
        "INSERT INTO sales (id, seller_id, seller_name, status, version, round, form, name, cpf, city, uf, operator, plan_id, search, first_sent_at, sent_at)
         VALUES (?, ?, ?, 'in_analysis', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = 'in_analysis', version = excluded.version, round = excluded.round,
             form = excluded.form, name = excluded.name, cpf = excluded.cpf, city = excluded.city, uf = excluded.uf,
             operator = excluded.operator, plan_id = excluded.plan_id, search = excluded.search, sent_at = excluded.sent_at,
             decided_at = NULL, reason = NULL, note = NULL",
    )
    .bind(b.id.to_string())
    .bind(b.seller_id.to_string())
    .bind(&seller_name)
    .bind(version)
    .bind(round)
    .bind(&form)
    .bind(&b.form.name)
    .bind(&b.form.cpf)
    .bind(&b.form.address.city)
    .bind(&b.form.address.uf)
    .bind(&b.form.operator)
    .bind(&b.form.plan_id)
    .bind(&search)
    .bind(&b.at)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    event(
        c,
        Event {
            sale_id: b.id,
            version,
            round,
            kind,
            actor,
            reason: None,
            note: None,
            protocol: None,
            at: &b.at,
        },
    )
    .await
}

/// The back office's decision. On a seller's device an approved sale keeps no personal data:
/// it is no longer theirs to fix (LGPD).
pub(crate) async fn reviewed(
    c: &mut SqliteConnection,
    b: &SaleReviewed,
    actor: Uuid,
) -> Result<(), StoreError> {
    let version = b.base_version + 1;
    let Some((_, v, round)) = current(c, b.id).await? else {
        return Ok(());
    };
    if v >= version {
        return Ok(());
    }
    let status = if b.approved {
        SaleStatus::Approved
    } else {
        SaleStatus::Rejected
    };
    let reason = b.reason.map(|r| r.code());
    sqlx::query(
        "UPDATE sales SET status = ?, version = ?, decided_at = ?, reason = ?, note = ?, protocol = COALESCE(?, protocol),
                customer_id = ?, order_id = ?
         WHERE id = ?",
    )
    .bind(status.code())
    .bind(version)
    .bind(&b.at)
    .bind(reason)
    .bind(&b.note)
    .bind(&b.protocol)
    .bind(b.customer_id.map(|i| i.to_string()))
    .bind(b.order_id.map(|i| i.to_string()))
    .bind(b.id.to_string())
    .execute(&mut *c)
    .await?;
    event(
        c,
        Event {
            sale_id: b.id,
            version,
            round,
            kind: status.code(),
            actor,
            reason,
            note: b.note.as_deref(),
            protocol: b.protocol.as_deref(),
            at: &b.at,
        },
    )
    .await?;
    if b.approved {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
                .fetch_optional(&mut *c)
                .await?;
        if role.as_deref() == Some(campo_protocol::Role::Seller.code()) {
            forget_personal_data(c, b.id).await?;
        }
    }
    Ok(())
}

/// Empties a sale's CPF, mother's name and birth date on this device.
pub(crate) async fn forget_personal_data(
    c: &mut SqliteConnection,
    id: Uuid,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT form, seller_name FROM sales WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *c)
        .await?;
    let mut form: SaleForm = serde_json::from_str(row.try_get("form")?)?;
    let seller: String = row.try_get("seller_name")?;
    form.cpf.clear();
    form.mother_name.clear();
    form.birth_date.clear();
    let search = fold(&format!(
        "{} {} {} {seller}",
        form.name, form.address.city, form.operator
    ));
    sqlx::query("UPDATE sales SET form = ?, cpf = NULL, search = ? WHERE id = ?")
        .bind(serde_json::to_string(&form)?)
        .bind(search)
        .bind(id.to_string())
        .execute(&mut *c)
        .await?;
    Ok(())
}
