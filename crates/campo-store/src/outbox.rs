//! The outbox: every operation this device wrote, in its gap-free sequence, and what the
//! server answered for each. The [`crate::write::Writer`] appends to it in the same
//! transaction as the change; the sync engine reads what is pending and records the answers.

use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use crate::write::{parse_uuid, timestamp};
use crate::{Store, StoreError};

/// One row of the outbox (serialized as the office's export of what a device has not sent).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Per-device sequence, gap-free from 1.
    pub seq: i64,
    /// Globally unique id (UUIDv7): the server applies each op_id once.
    pub op_id: Uuid,
    /// The device that wrote it.
    pub device_id: Uuid,
    /// Hybrid logical clock timestamp (encoded).
    pub hlc: String,
    /// Who did it.
    pub actor_id: Uuid,
    /// Entity name.
    pub entity: String,
    /// Entity id.
    pub entity_id: Uuid,
    /// Kind, e.g. `order.transition`.
    pub kind: String,
    /// JSON payload.
    pub payload: String,
    /// Payload schema version.
    pub schema_version: i32,
    /// When it was written (RFC 3339, UTC).
    pub created_at: String,
    /// When the server acknowledged it.
    pub pushed_at: Option<String>,
    /// What the server said: applied, duplicate, conflict, rejected, quarantined.
    pub push_outcome: Option<String>,
    /// Data about the outcome, never words: a refusal's code and parameters (JSON; worded
    /// when shown), or the id of the conflict record a clash made. Before schema 41 a
    /// refusal's note could be the server's pt-BR sentence.
    pub push_note: Option<String>,
}

/// The server's answer for one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    /// The operation's sequence on this device.
    pub seq: i64,
    /// `applied`, `duplicate`, `conflict`, `rejected` or `quarantined`.
    pub outcome: String,
    /// The server's explanation, if any.
    pub note: Option<String>,
}

/// A refused `sale.submit` becomes a draft of its form (once: the draft's id is the
/// operation's).
async fn keep_refused_sale(
    c: &mut sqlx::SqliteConnection,
    seq: i64,
    now: &str,
) -> Result<(), StoreError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT op_id, kind, payload FROM outbox WHERE seq = ?")
            .bind(seq)
            .fetch_optional(&mut *c)
            .await?;
    let Some((op_id, kind, payload)) = row else {
        return Ok(());
    };
    if kind != campo_protocol::OpKind::SaleSubmitted.code() {
        return Ok(());
    }
    let sent: campo_protocol::ops::SaleSubmitted = serde_json::from_str(&payload)?;
    sqlx::query(
        "INSERT OR IGNORE INTO sale_drafts (id, sale_id, form, updated_at) VALUES (?, ?, ?, ?)",
    )
    .bind(op_id)
    .bind(sent.id.to_string())
    .bind(serde_json::to_string(&sent.form)?)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

impl Store {
    /// Records the server's answers; the operations leave the pending queue. A refused change
    /// to a sale (someone moved the sale on meanwhile) is kept as a draft of the form, so what
    /// the seller typed is not lost when the device loads the server's version.
    pub async fn acknowledge(&self, acks: &[Ack]) -> Result<(), StoreError> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let now = timestamp(Utc::now());
        for a in acks {
            sqlx::query(
                "UPDATE outbox SET pushed_at = ?, push_outcome = ?, push_note = ? WHERE seq = ?",
            )
            .bind(&now)
            .bind(&a.outcome)
            .bind(&a.note)
            .bind(a.seq)
            .execute(&mut *tx)
            .await?;
            if a.outcome == "rejected" {
                keep_refused_sale(&mut tx, a.seq, &now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// This device's operations the server refused, newest first (at most `limit`): their
    /// effect stays undone on the server, and the person who made them is told why.
    pub async fn refused_operations(&self, limit: i64) -> Result<Vec<Operation>, StoreError> {
        let mut all = operations_where(self, "push_outcome = 'rejected'", i64::MAX).await?;
        all.reverse();
        all.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(all)
    }

    /// Whether the device must load its data again from the server, and up to which refused
    /// operation that takes care of: a refused operation whose effect is not undone yet, or a
    /// new role (its reach is another). `None`: nothing to do.
    pub async fn reload_due(&self) -> Result<Option<i64>, StoreError> {
        let row: Option<(Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT (SELECT MAX(seq) FROM outbox WHERE push_outcome = 'rejected'),
                    realigned_through, reload_wanted
             FROM device WHERE singleton = 1",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.and_then(|(refused, through, wanted)| {
            let refused = refused.unwrap_or(0);
            (refused > through || wanted != 0).then_some(refused.max(through))
        }))
    }

    /// Records that the device loaded its data again, taking care of refused operations up
    /// to `seq` (and of a new role).
    pub async fn reloaded(&self, seq: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE device SET realigned_through = MAX(realigned_through, ?), reload_wanted = 0",
        )
        .bind(seq)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// How many of this device's operations the server refused.
    pub async fn refused_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE push_outcome = 'rejected'")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Every operation this device ever wrote, pushed or not (oldest first): the device's
    /// own audit trail.
    pub async fn all_operations(&self) -> Result<Vec<Operation>, StoreError> {
        operations_where(self, "1 = 1", i64::MAX).await
    }

    /// Operations not yet acknowledged by the server, oldest first.
    pub async fn pending_operations(&self, limit: i64) -> Result<Vec<Operation>, StoreError> {
        operations_where(self, "pushed_at IS NULL", limit).await
    }
}

/// Up to `limit` outbox rows matching `condition` (a constant SQL expression), oldest first.
pub(crate) async fn operations_where(
    store: &Store,
    condition: &str,
    limit: i64,
) -> Result<Vec<Operation>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT seq, op_id, device_id, hlc, actor_id, entity, entity_id, kind, payload, schema_version, created_at, pushed_at, push_outcome, push_note
         FROM outbox WHERE {condition} ORDER BY seq LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(operation_from_row).collect()
}

fn operation_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Operation, StoreError> {
    Ok(Operation {
        seq: row.try_get("seq")?,
        op_id: parse_uuid(row.try_get("op_id")?)?,
        device_id: parse_uuid(row.try_get("device_id")?)?,
        hlc: row.try_get("hlc")?,
        actor_id: parse_uuid(row.try_get("actor_id")?)?,
        entity: row.try_get("entity")?,
        entity_id: parse_uuid(row.try_get("entity_id")?)?,
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        schema_version: row.try_get("schema_version")?,
        created_at: row.try_get("created_at")?,
        pushed_at: row.try_get("pushed_at")?,
        push_outcome: row.try_get("push_outcome")?,
        push_note: row.try_get("push_note")?,
    })
}
