//! The retention window. Scope tombstones — `order.revoke`, which tells a technician's device
//! that an order left it — are kept in the log for the window, then pruned. For each
//! technician, the newest pruned sequence is their horizon: a device of theirs whose cursor is
//! older was away longer than the window, may have missed a tombstone, and is told to
//! bootstrap again (HTTP 410, `resync_required`). Office devices never receive those
//! tombstones, so a pruning never sends them back to the start. Everything else in the log
//! stays: it is the audit trail and replays to the server's state.

use chrono::{TimeDelta, Utc};

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::timestamp;

/// Default retention window, in days.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The kinds pruned once older than the window.
const TOMBSTONES: &[campo_protocol::OpKind] = &[campo_protocol::OpKind::OrderRevoked];

/// What a pruning did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// Tombstones removed now.
    pub removed: u64,
    /// Technicians whose older cursors must now bootstrap again.
    pub technicians: usize,
}

/// Removes the tombstones received more than `window` ago and moves the horizon past them.
pub async fn prune(db: &ServerDb, window: TimeDelta) -> Result<Pruned, ServerError> {
    let cutoff = timestamp(Utc::now() - window);
    let mut tx = db.begin_write().await?;
    let newest: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT audience, MAX(server_seq) FROM ops WHERE kind IN ({}) AND received_at < $1
         GROUP BY audience",
        crate::db::kinds(TOMBSTONES)
    ))
    .bind(&cutoff)
    .fetch_all(&mut **tx)
    .await?;
    let mut removed = 0;
    let now = timestamp(Utc::now());
    for (audience, seq) in &newest {
        removed += sqlx::query(&format!(
            "DELETE FROM ops WHERE kind IN ({}) AND audience = $1 AND server_seq <= $2",
            crate::db::kinds(TOMBSTONES)
        ))
        .bind(audience)
        .bind(seq)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        sqlx::query(
            "INSERT INTO sync_horizons (audience, seq, pruned_at) VALUES ($1, $2, $3)
             ON CONFLICT (audience) DO UPDATE SET seq = excluded.seq, pruned_at = excluded.pruned_at",
        )
        .bind(audience)
        .bind(seq)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Pruned {
        removed,
        technicians: newest.len(),
    })
}

/// Prunes every `every` while serving (the first round at once), logging what it removed.
pub async fn keep_pruning(db: ServerDb, window: TimeDelta, every: std::time::Duration) {
    let mut turn = tokio::time::interval(every);
    loop {
        turn.tick().await;
        match prune(&db, window).await {
            Ok(p) if p.removed > 0 => {
                tracing::info!(
                    removed = p.removed,
                    technicians = p.technicians,
                    "tombstones pruned"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "pruning failed"),
        }
    }
}
