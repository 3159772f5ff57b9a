//! Money on the server: receivables (imported from the provider's ERP), the finance team's
//! contacts with late customers and the provider's steps against non-payment. Receivables and
//! contacts name a customer the server knows; only the roles that see money pull any of them
//! (the `money` audience: finance and the administration). Each receivable's facts are kept
//! in `receivables` too, so the server can tell a seller where their customers stand
//! (`crate::payments`) without their device holding an amount.

use campo_protocol::ops::ReceivableSet;
use campo_protocol::{OpKind, Refusal};
use uuid::Uuid;

use super::rebuild::LogPayloads;
use super::{Decision, Tx, known};
use crate::db::ServerDb;
use crate::error::ServerError;

/// The audience of everything about money.
pub(crate) const MONEY: &str = "money";

/// A receivable or a contact about `customer`.
pub(super) async fn record(tx: &mut Tx<'_>, customer: Uuid) -> Result<Decision, ServerError> {
    if known(tx, "customer", customer).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "customer".into(),
        }));
    }
    Ok(Decision::Apply {
        audience: Some(MONEY.to_owned()),
    })
}

/// A receivable as the ERP has it: recorded, and its facts kept (the latest import wins).
pub(super) async fn receivable(
    tx: &mut Tx<'_>,
    b: &ReceivableSet,
) -> Result<Decision, ServerError> {
    let decision = record(tx, b.customer_id).await?;
    if matches!(decision, Decision::Apply { .. }) {
        keep(tx, b).await?;
    }
    Ok(decision)
}

async fn keep(tx: &mut Tx<'_>, b: &ReceivableSet) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO receivables (id, customer_id, due_on, amount_cents, status, paid_on, paid_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
             due_on = excluded.due_on, amount_cents = excluded.amount_cents,
             status = excluded.status, paid_on = excluded.paid_on,
             paid_cents = excluded.paid_cents",
    )
    .bind(b.id.to_string())
    .bind(b.customer_id.to_string())
    .bind(&b.due_on)
    .bind(b.amount_cents)
    .bind(b.status.code())
    .bind(&b.paid_on)
    .bind(b.paid_cents)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The provider's steps against non-payment (checked by the protocol's validation).
pub(super) fn setting() -> Decision {
    Decision::Apply {
        audience: Some(MONEY.to_owned()),
    }
}

/// Fills what a database written before the server kept receivables' facts lacks, from the
/// log, once: every receivable as its latest `receivable.set` left it, and each approved
/// sale's customer and approval time from its decision. Returns the rows filled.
pub async fn backfill_sale_payments(db: &ServerDb) -> Result<usize, ServerError> {
    let mut tx = db.begin_write().await?;
    let mut filled = 0;
    let empty: Option<i64> = sqlx::query_scalar("SELECT 1 FROM receivables LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let logged: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM ops WHERE entity = 'receivable' LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    if empty.is_none() && logged.is_some() {
        let mut log = LogPayloads::to_head(&mut tx, OpKind::ReceivableSet).await?;
        while let Some(payloads) = log.next(&mut tx).await? {
            for row in payloads {
                let b: ReceivableSet = serde_json::from_str(&row.payload)?;
                keep(&mut tx, &b).await?;
                filled += 1;
            }
        }
    }
    let unknown: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM sales WHERE status = 'approved' AND approved_at IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for sale in unknown {
        let payload: Option<String> = sqlx::query_scalar(
            "SELECT payload FROM ops WHERE entity = 'sale' AND entity_id = $1 AND kind = $2
             ORDER BY server_seq DESC LIMIT 1",
        )
        .bind(&sale)
        .bind(OpKind::SaleReviewed.code())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(payload) = payload else { continue };
        let b: campo_protocol::ops::SaleReviewed = serde_json::from_str(&payload)?;
        sqlx::query("UPDATE sales SET customer_id = $1, approved_at = $2 WHERE id = $3")
            .bind(b.customer_id.map(|c| c.to_string()))
            .bind(&b.at)
            .bind(&sale)
            .execute(&mut **tx)
            .await?;
        filled += 1;
    }
    tx.commit().await?;
    if filled > 0 {
        tracing::info!(
            rows = filled,
            "sellers' payment follow-up filled from the log"
        );
    }
    Ok(filled)
}
