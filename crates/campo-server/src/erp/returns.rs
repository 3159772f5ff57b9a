//! Telling the ERP that a visit it has on its agenda will not happen as scheduled: an order
//! from the ERP that Campo took out of the agenda — not done at the customer's, or sent back
//! to Campo's queue — is put back in the ERP to be rescheduled (IXC's `RAG`), so the ERP no
//! longer shows a visit on a day that has passed or was given up — only one the ERP was told
//! of (a scheduling of it sent). A newer scheduling or the closing of the same order
//! supersedes a return not sent yet (the ERP gets those instead), a cancellation drops it.
//!
//! Kept in `erp_returns` (one row per order, `seq` the operation that took it out); sent by
//! [`super::writeback::send_pending`] after the schedulings, a failure kept with how many tries
//! and sent again at the next turn.

use chrono::Utc;
use sqlx::Row;

use super::ixc::Ixc;
use super::writeback::Unsent;
use crate::db::ServerDb;
use crate::error::ServerError;

/// Queues the return of `order` (the ERP's `external`), taken out of the agenda by the
/// operation `seq`.
pub(super) async fn queue(
    db: &ServerDb,
    source: &str,
    order: &str,
    external: &str,
    seq: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO erp_returns (source, order_id, external_id, seq, attempts, last_error, sent_at)
         VALUES ($1, $2, $3, $4, 0, NULL, NULL)
         ON CONFLICT (source, order_id) DO UPDATE SET external_id = excluded.external_id, seq = excluded.seq,
             attempts = 0, last_error = NULL, sent_at = NULL",
    )
    .bind(source)
    .bind(order)
    .bind(external)
    .bind(seq)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Drops `order`'s return not sent yet: it was scheduled again or done.
pub(super) async fn superseded(
    db: &ServerDb,
    source: &str,
    order: &str,
) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM erp_returns WHERE source = $1 AND order_id = $2 AND sent_at IS NULL")
        .bind(source)
        .bind(order)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// What [`send`] did: returned, failed, and whether the ERP refused the credentials.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Returned {
    pub returned: usize,
    pub failed: usize,
    pub refused_credentials: bool,
}

/// Sends the returns waiting, oldest first.
pub(super) async fn send(db: &ServerDb, erp: &Ixc, source: &str) -> Result<Returned, ServerError> {
    let rows = sqlx::query(
        "SELECT order_id, external_id FROM erp_returns WHERE source = $1 AND sent_at IS NULL
         ORDER BY seq LIMIT 200",
    )
    .bind(source)
    .fetch_all(db.pool())
    .await?;
    let mut done = Returned::default();
    for row in rows {
        let order: String = row.try_get("order_id")?;
        let external: String = row.try_get("external_id")?;
        match erp.return_order(&external).await {
            Ok(false) => {
                // IXC no longer has it on its agenda (finished, or moved there): nothing to
                // tell it.
                sqlx::query("DELETE FROM erp_returns WHERE source = $1 AND order_id = $2")
                    .bind(source)
                    .bind(&order)
                    .execute(db.pool())
                    .await?;
            }
            Ok(true) => {
                sqlx::query(
                    "UPDATE erp_returns SET sent_at = $1, last_error = NULL WHERE source = $2 AND order_id = $3",
                )
                .bind(crate::timestamp(Utc::now()))
                .bind(source)
                .bind(&order)
                .execute(db.pool())
                .await?;
                done.returned += 1;
            }
            Err(e) => {
                done.failed += 1;
                let row = Unsent {
                    table: "erp_returns",
                    what: "return",
                    source,
                    order: &order,
                    external: &external,
                };
                if row.keep(db, &e).await? {
                    done.refused_credentials = true;
                    break;
                }
            }
        }
    }
    Ok(done)
}

/// How many returns were sent, and how many wait.
pub(super) async fn counts(db: &ServerDb, source: &str) -> Result<(i64, i64), ServerError> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent,
                COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting
         FROM erp_returns WHERE source = $1",
    )
    .bind(source)
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("sent")?, row.try_get("waiting")?))
}
