//! What a batch reads and writes besides deciding: the answers given before (a re-sent batch),
//! the log's ids it must not reuse, the rows it writes in multi-row statements, and the
//! fields' registers an edit leaves.

use super::*;

/// Rows a push writes, kept until the batch needs them in the database: one multi-row
/// statement per table instead of one per operation (the write lock is held meanwhile, so
/// the log's order is the batch's order either way).
#[derive(Default)]
pub(super) struct Pending {
    /// Operations to log.
    pub(super) ops: Vec<Logged>,
    /// Receipts: index in the batch, outcome, code, detail (the server sequence comes from
    /// the logged row, if any).
    pub(super) receipts: Vec<(usize, &'static str, Option<String>, Option<String>)>,
}

/// An operation to log.
pub(super) struct Logged {
    /// Its index in the batch.
    pub(super) index: usize,
    /// Its clock as stored.
    pub(super) hlc: String,
    /// Who receives it.
    pub(super) audience: Option<String>,
    /// The payload when the server settled it (an order edit's outcome).
    pub(super) payload: Option<String>,
    /// The record it sets whole and what a later one must agree on
    /// ([`super::records::record_columns`]).
    pub(super) record: Option<(String, String)>,
}

impl Pending {
    /// Writes what is pending: logged operations first (their sequences go into `results`),
    /// then the receipts.
    pub(super) async fn flush(
        &mut self,
        backend: Backend,
        tx: &mut Tx<'_>,
        session: &Session,
        batch: &[WireOp],
        results: &mut [PushResult],
    ) -> Result<(), ServerError> {
        let received = timestamp(Utc::now());
        for chunk in self.ops.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience, record_key, record_fixed) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 14));
            sql.push_str(" RETURNING op_id, server_seq");
            let mut query = sqlx::query(&sql);
            for logged in chunk {
                let op = &batch[logged.index];
                let (record_key, record_fixed) = logged.record.clone().unzip();
                query = query
                    .bind(op.op_id.to_string())
                    .bind(op.device_id.to_string())
                    .bind(op.device_seq)
                    .bind(logged.hlc.clone())
                    .bind(session.user_id.to_string())
                    .bind(op.entity.clone())
                    .bind(op.entity_id.to_string())
                    .bind(op.kind.clone())
                    .bind(
                        logged
                            .payload
                            .clone()
                            .unwrap_or_else(|| op.payload.get().to_owned()),
                    )
                    .bind(op.schema_version)
                    .bind(received.clone())
                    .bind(logged.audience.clone())
                    .bind(record_key)
                    .bind(record_fixed);
            }
            let rows = query.fetch_all(&mut **tx).await?;
            let mut seqs = std::collections::HashMap::with_capacity(rows.len());
            for row in rows {
                seqs.insert(
                    row.try_get::<String, _>("op_id")?,
                    row.try_get::<i64, _>("server_seq")?,
                );
            }
            let mut last = 0;
            for logged in chunk {
                let index = &logged.index;
                let seq = *seqs
                    .get(&batch[*index].op_id.to_string())
                    .ok_or(ServerError::Inconsistent("an operation was not logged"))?;
                // The log's order must be the batch's order.
                if seq <= last {
                    return Err(ServerError::Inconsistent(
                        "the log's order differs from the batch's",
                    ));
                }
                last = seq;
                results[*index].outcome = Outcome::Applied { server_seq: seq };
            }
        }
        self.ops.clear();
        for chunk in self.receipts.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO receipts (op_id, device_id, device_seq, outcome, server_seq, code, detail, received_at) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 8));
            let mut query = sqlx::query(&sql);
            for (index, outcome, code, detail) in chunk {
                let op = &batch[*index];
                let seq = match &results[*index].outcome {
                    Outcome::Applied { server_seq } => Some(*server_seq),
                    _ => None,
                };
                query = query
                    .bind(op.op_id.to_string())
                    .bind(op.device_id.to_string())
                    .bind(op.device_seq)
                    .bind(*outcome)
                    .bind(seq)
                    .bind(code.clone())
                    .bind(detail.clone())
                    .bind(received.clone());
            }
            query.execute(&mut **tx).await?;
        }
        self.receipts.clear();
        Ok(())
    }
}

/// Keeps an edit's applied values as the fields' registers and records whose change did not
/// survive.
pub(super) async fn settle_fields(
    tx: &mut Tx<'_>,
    session: &Session,
    op: &WireOp,
    hlc: &str,
    server_seq: i64,
    registers: &[(String, Option<String>)],
    records: &[(Uuid, String)],
) -> Result<(), ServerError> {
    for (field, value) in registers {
        sqlx::query(
            "INSERT INTO order_fields (order_id, field, value, rev, hlc, tie, actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (order_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
                 hlc = excluded.hlc, tie = excluded.tie, actor_id = excluded.actor_id",
        )
        .bind(op.entity_id.to_string())
        .bind(field)
        .bind(value)
        .bind(server_seq)
        .bind(hlc)
        .bind(op.op_id.to_string())
        .bind(session.user_id.to_string())
        .execute(&mut **tx)
        .await?;
    }
    for (loser, message) in records {
        sqlx::query("INSERT INTO conflicts (id, entity, entity_id, op_id, actor_id, message, created_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, 'field')")
            .bind(Uuid::now_v7().to_string())
            .bind(&op.entity)
            .bind(op.entity_id.to_string())
            .bind(op.op_id.to_string())
            .bind(loser.to_string())
            .bind(message)
            .bind(timestamp(Utc::now()))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Ids of `ops` that the log holds without an answer to a device (operations the server
/// wrote itself), besides those already answered.
pub(super) async fn logged_ids(
    backend: Backend,
    tx: &mut Tx<'_>,
    ops: &[WireOp],
    answered: &std::collections::HashMap<String, Outcome>,
) -> Result<std::collections::HashSet<String>, ServerError> {
    let mut taken = std::collections::HashSet::new();
    let fresh: Vec<&WireOp> = ops
        .iter()
        .filter(|op| !answered.contains_key(&op.op_id.to_string()))
        .collect();
    for chunk in fresh.chunks(ROWS_PER_INSERT) {
        let marks = value_rows(backend, 1, chunk.len());
        let sql = format!("SELECT op_id FROM ops WHERE op_id IN {marks}");
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for op in chunk {
            query = query.bind(op.op_id.to_string());
        }
        taken.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(taken)
}

/// The answers already given to any operation of `ops` (a re-sent batch), by op id.
pub(super) async fn earlier_receipts(
    backend: Backend,
    tx: &mut Tx<'_>,
    ops: &[WireOp],
) -> Result<std::collections::HashMap<String, Outcome>, ServerError> {
    let mut answers = std::collections::HashMap::new();
    for chunk in ops.chunks(ROWS_PER_INSERT) {
        let marks = value_rows(backend, 1, chunk.len());
        let sql = format!(
            "SELECT op_id, outcome, server_seq, code, detail FROM receipts WHERE op_id IN {marks}"
        );
        let mut query = sqlx::query(&sql);
        for op in chunk {
            query = query.bind(op.op_id.to_string());
        }
        for r in query.fetch_all(&mut **tx).await? {
            let outcome: String = r.try_get("outcome")?;
            let detail: Option<String> = r.try_get("detail")?;
            let answer = match outcome.as_str() {
                "rejected" => {
                    // Kept as data since protocol 3; older receipts hold only a sentence.
                    let detail = detail.unwrap_or_default();
                    let refusal =
                        serde_json::from_str::<Refusal>(&detail).unwrap_or(Refusal::Other);
                    let message = match refusal {
                        Refusal::Other => detail,
                        ref r => r.to_string(),
                    };
                    Outcome::Rejected { refusal, message }
                }
                "quarantined" => Outcome::Quarantined {
                    message: detail.unwrap_or_default(),
                },
                _ => Outcome::Duplicate {
                    server_seq: r.try_get("server_seq")?,
                },
            };
            answers.insert(r.try_get::<String, _>("op_id")?, answer);
        }
    }
    Ok(answers)
}
