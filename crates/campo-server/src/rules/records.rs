//! Records set whole ([`campo_protocol::record`]) as the log keeps them: beside each logged
//! operation of such a kind, the record it sets (`record_key`) and what a later operation must
//! agree on to replace it (`record_fixed`, with the operation's audience, so a device is never
//! sent a replacement it may not see in place of a version it may). A device that starts
//! empty is not sent the versions the record's next operation replaces ([`NOT_REPLACED`]);
//! operations logged before a server had these columns get them once
//! ([`backfill_op_records`]).

use campo_protocol::OpKind;
use campo_protocol::record::SetsRecord;

use super::rebuild::LogPayloads;
use crate::db::{ROWS_PER_INSERT, ServerDb, value_rows};
use crate::error::ServerError;

/// Leaves out an operation (the log's row `ops`) that sets a record whole when the record's
/// next operation replaces it: it names the same record and agrees on what the effect keeps.
/// The next one is later in the log, so the device receives it after this one would have
/// been applied.
pub(crate) const NOT_REPLACED: &str = "(ops.record_key IS NULL OR NOT EXISTS (
    SELECT 1 FROM ops n WHERE n.record_key = ops.record_key AND n.record_fixed = ops.record_fixed
    AND n.server_seq = (SELECT MIN(m.server_seq) FROM ops m
                        WHERE m.record_key = ops.record_key AND m.server_seq > ops.server_seq)))";

/// The log's `record_key` and `record_fixed` of an operation setting `record`, logged for
/// `audience`.
pub(crate) fn record_columns(record: SetsRecord, audience: Option<&str>) -> (String, String) {
    let fixed = format!("{}|{}", record.fixed, audience.unwrap_or(""));
    (record.record, fixed)
}

/// Gives the operations logged before the server kept records set whole (up to the sequence
/// the migration noted) their record, once; returns how many it gave one to.
pub async fn backfill_op_records(db: &ServerDb) -> Result<usize, ServerError> {
    let mut tx = db.begin_write().await?;
    let Some(up_to): Option<i64> = sqlx::query_scalar("SELECT up_to FROM op_records_backfill")
        .fetch_optional(&mut **tx)
        .await?
    else {
        tx.commit().await?;
        return Ok(0);
    };
    let mut given = 0;
    for kind in OpKind::ALL.iter().filter(|k| k.sets_records()) {
        let mut log = LogPayloads::up_to(*kind, up_to);
        while let Some(payloads) = log.next(&mut tx).await? {
            let mut records = Vec::with_capacity(payloads.len());
            for row in payloads {
                if let Some(record) = kind.decode(&row.payload)?.sets_record() {
                    let (key, fixed) = record_columns(record, row.audience.as_deref());
                    records.push((row.server_seq, key, fixed));
                }
            }
            // Five hundred rows a statement, both backends: the values as a table.
            for chunk in records.chunks(ROWS_PER_INSERT) {
                let sql = format!(
                    "WITH v (seq, record_key, record_fixed) AS (VALUES {})
                     UPDATE ops SET record_key = (SELECT v.record_key FROM v WHERE v.seq = ops.server_seq),
                         record_fixed = (SELECT v.record_fixed FROM v WHERE v.seq = ops.server_seq)
                     WHERE server_seq IN (SELECT seq FROM v)",
                    value_rows(db.backend(), chunk.len(), 3)
                );
                let mut query = sqlx::query(&sql);
                for (seq, key, fixed) in chunk {
                    query = query.bind(*seq).bind(key.clone()).bind(fixed.clone());
                }
                query.execute(&mut **tx).await?;
            }
            given += records.len();
        }
    }
    sqlx::query("DELETE FROM op_records_backfill")
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(given)
}
