//! Applying pushed batches: each operation is admitted and decided ([`super::admit`],
//! [`super::decide`]), answered once and for all (a receipt per op id, so a re-sent batch gets
//! the same answers and changes nothing), and logged in the batch's order. Pushes waiting for
//! the write lock are applied together (group commit): each batch in its own savepoint, one
//! commit.

use campo_protocol::wire::{Outcome, PushResult, WireOp};
use campo_protocol::{Op, Refusal};
use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use super::orders::OrderRows;
use super::scope::rescope;
use super::{
    Decision, MAX_SCHEMA, MIN_SCHEMA, Tx, admit, append_server_op, clamp_hlc, decide,
    order_audience,
};
use crate::db::{Backend, ROWS_PER_INSERT, ServerDb, value_rows};
use crate::error::ServerError;
use crate::timestamp;
use crate::users::Session;

mod rows;

use rows::{Logged, Pending, earlier_receipts, logged_ids, settle_fields};

/// A push waiting for the write lock, and where its answers go.
pub(crate) struct PushJob {
    session: Session,
    ops: Vec<WireOp>,
    reply: tokio::sync::oneshot::Sender<Result<Vec<PushResult>, ServerError>>,
}

/// Applies a batch and answers for every operation, in order.
///
/// Group commit: the push queues its batch, then waits for the write lock; whoever gets the
/// lock applies every batch queued by then in one transaction — each batch in its own
/// savepoint, so a failing one changes nothing and the others stand — and commits once. Under
/// many devices the disk flushes once per group instead of once per batch; alone, a push is
/// its own group.
pub async fn push(
    db: &ServerDb,
    session: &Session,
    ops: Vec<WireOp>,
) -> Result<Vec<PushResult>, ServerError> {
    let (reply, mut answer) = tokio::sync::oneshot::channel();
    let id = db.push_queue().push(PushJob {
        session: session.clone(),
        ops,
        reply,
    });
    // Answered by a group that took this batch, or this instance's turn to write: whichever
    // comes first (waiting for the turn is safe to abandon; beginning the transaction is not).
    let turn = tokio::select! {
        biased;
        done = &mut answer => return done.map_err(|_| interrupted())?,
        turn = db.write_turn() => turn,
    };
    // Only a writer in its turn takes the queue: empty now means a group took this batch, and
    // its answer is on the way.
    if db.push_queue().is_empty() {
        drop(turn);
        return answer.await.map_err(|_| interrupted())?;
    }
    let tx = match db.begin_write_in(turn).await {
        Ok(tx) => tx,
        Err(e) => {
            if db.push_queue().remove(id) {
                return Err(e);
            }
            return answer.await.map_err(|_| interrupted())?;
        }
    };
    let jobs = db.push_queue().take();
    // On its own task: a pusher whose client went away does not take the others' answers
    // with it.
    tokio::spawn(apply_group(db.backend(), tx, jobs));
    answer.await.map_err(|_| interrupted())?
}

/// Applies `ops` as one unit for a server-side import: every operation applied, or — when
/// one is refused — none (the transaction is rolled back) and the first refusal returned
/// with its index.
pub async fn push_all_or_nothing(
    db: &ServerDb,
    session: &Session,
    ops: &[WireOp],
) -> Result<Result<usize, (usize, String)>, ServerError> {
    let mut tx = db.begin_write().await?;
    let results = apply_batch(db.backend(), &mut tx, session, ops).await?;
    let refused = results
        .iter()
        .enumerate()
        .find_map(|(i, r)| match &r.outcome {
            Outcome::Applied { .. } | Outcome::Duplicate { .. } => None,
            Outcome::Rejected { message, .. }
            | Outcome::Quarantined { message }
            | Outcome::Conflict { message, .. } => Some((i, message.clone())),
        });
    if let Some(refused) = refused {
        return Ok(Err(refused));
    }
    tx.commit().await?;
    Ok(Ok(results.len()))
}

fn interrupted() -> ServerError {
    ServerError::Problem(campo_protocol::Problem::PushInterrupted)
}

/// Applies the queued batches in one transaction (each in a savepoint when there are several)
/// and answers each pusher. If the transaction itself fails, every batch gets the error and
/// nothing is applied.
async fn apply_group(backend: Backend, mut tx: crate::db::WriteTx, jobs: Vec<PushJob>) {
    if jobs.len() == 1 {
        // Alone: no savepoint; on an error the transaction is dropped (rolled back).
        let job = jobs.into_iter().next().expect("one job");
        let answer = match apply_batch(backend, &mut tx, &job.session, &job.ops).await {
            Ok(results) => tx.commit().await.map(|()| results),
            Err(e) => Err(e),
        };
        let _ = job.reply.send(answer);
        return;
    }
    let mut answers = Vec::with_capacity(jobs.len());
    let mut failed: Option<ServerError> = None;
    for job in &jobs {
        let mut savepoint = match sqlx::Connection::begin(&mut **tx).await {
            Ok(s) => s,
            Err(e) => {
                failed = Some(e.into());
                break;
            }
        };
        match apply_batch(backend, &mut savepoint, &job.session, &job.ops).await {
            Ok(results) => match savepoint.commit().await {
                Ok(()) => answers.push(Ok(results)),
                Err(e) => {
                    failed = Some(e.into());
                    break;
                }
            },
            // Dropped: rolled back to the savepoint.
            Err(e) => answers.push(Err(e)),
        }
    }
    if failed.is_none()
        && let Err(e) = tx.commit().await
    {
        failed = Some(e);
    }
    match failed {
        None => {
            for (job, answer) in jobs.into_iter().zip(answers) {
                let _ = job.reply.send(answer);
            }
        }
        Some(e) => {
            tracing::error!(error = ?e, batches = jobs.len(), "a group of pushes failed");
            for job in jobs {
                let _ = job
                    .reply
                    .send(Err(ServerError::Database(sqlx::Error::Protocol(
                        "o grupo de envios falhou".into(),
                    ))));
            }
        }
    }
}

/// Applies one batch inside `tx` and answers for every operation, in order.
async fn apply_batch(
    backend: Backend,
    tx: &mut Tx<'_>,
    session: &Session,
    ops: &[WireOp],
) -> Result<Vec<PushResult>, ServerError> {
    let mut results: Vec<PushResult> = Vec::with_capacity(ops.len());
    let now_ms = Utc::now().timestamp_millis();
    let previous = earlier_receipts(backend, tx, ops).await?;
    let taken = logged_ids(backend, tx, ops, &previous).await?;
    let mut orders = OrderRows::load(backend, tx, ops).await?;
    // An operation sent twice in one batch gets the first one's answer.
    let mut first_of: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
    let mut repeated = Vec::new();
    let mut pending = Pending::default();
    for (index, op) in ops.iter().enumerate() {
        if let Some(answer) = previous.get(&op.op_id.to_string()) {
            results.push(PushResult {
                op_id: op.op_id,
                outcome: answer.clone(),
            });
            continue;
        }
        if let Some(&first) = first_of.get(&op.op_id) {
            repeated.push((index, first));
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::Duplicate { server_seq: None },
            });
            continue;
        }
        first_of.insert(op.op_id, index);
        let refused = if op.device_id != session.device_id {
            Some(Refusal::DeviceMismatch)
        } else if taken.contains(&op.op_id.to_string()) {
            // An id the log already holds for another operation (the server's own): this
            // one cannot be logged under it.
            Some(Refusal::OpIdTaken)
        } else {
            None
        };
        if let Some(refusal) = refused {
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::rejected(refusal),
            });
            continue;
        }
        if !(MIN_SCHEMA..=MAX_SCHEMA).contains(&op.schema_version) {
            let message = format!(
                "Versão {} das operações ainda não é aceita pelo servidor (aceita {MIN_SCHEMA}–{MAX_SCHEMA}); ela fica guardada até a atualização.",
                op.schema_version
            );
            sqlx::query("INSERT INTO quarantine (op_id, device_id, body, reason, received_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(op.op_id.to_string())
                .bind(op.device_id.to_string())
                .bind(serde_json::to_string(op)?)
                .bind(&message)
                .bind(timestamp(Utc::now()))
                .execute(&mut **tx)
                .await?;
            pending
                .receipts
                .push((index, "quarantined", None, Some(message.clone())));
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::Quarantined { message },
            });
            continue;
        }
        // The log keeps what the server understood, not the bytes it received: unknown
        // fields, however large or deep, never reach another device.
        let mut canonical = None;
        let mut record = None;
        let decision = match admit(session, op) {
            Ok((body, reach)) => {
                canonical = Some(body.to_json()?);
                record = body.sets_record();
                decide(tx, &mut orders, session, op, body, reach).await?
            }
            Err(refusal) => Decision::Reject(refusal),
        };
        // What an applied operation brings along: its audience, a scope change, an edit's
        // settled fields, copies for other technicians.
        let (audience, scope, settled, relays) = match decision {
            Decision::Apply { audience } => (audience, None, None, Vec::new()),
            Decision::ApplyRelayed { audience, relays } => (Some(audience), None, None, relays),
            Decision::ApplyOrder {
                before,
                after,
                relays,
            } => (
                Some(order_audience(after.as_deref())),
                Some((before, after)),
                None,
                relays,
            ),
            Decision::ApplyEdit {
                audience,
                payload,
                registers,
                records,
            } => (
                Some(audience),
                None,
                Some((payload, registers, records)),
                Vec::new(),
            ),
            Decision::Already => {
                pending
                    .receipts
                    .push((index, "applied", Some("already".into()), None));
                results.push(PushResult {
                    op_id: op.op_id,
                    outcome: Outcome::Duplicate { server_seq: None },
                });
                continue;
            }
            Decision::Conflict { restore } => {
                let conflict_id = restore.conflict_id.unwrap_or_else(Uuid::now_v7);
                sqlx::query(
                    "INSERT INTO conflicts (id, entity, entity_id, op_id, actor_id, message, created_at, server_status, attempted_from, attempted_to)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                    .bind(conflict_id.to_string())
                    .bind(&op.entity)
                    .bind(op.entity_id.to_string())
                    .bind(op.op_id.to_string())
                    .bind(session.user_id.to_string())
                    .bind(&restore.message)
                    .bind(timestamp(Utc::now()))
                    .bind(&restore.status)
                    .bind(restore.attempted.map(|(f, _)| f.code()))
                    .bind(restore.attempted.map(|(_, t)| t.code()))
                    .execute(&mut **tx)
                    .await?;
                pending
                    .flush(backend, tx, session, ops, &mut results)
                    .await?;
                let audience = order_audience(
                    restore
                        .schedule
                        .as_ref()
                        .map(|s| s.technician_id.to_string())
                        .as_deref(),
                );
                let message = restore.message.clone();
                append_server_op(
                    tx,
                    &Op::OrderRestored(restore),
                    session.user_id,
                    Some(&audience),
                )
                .await?;
                pending.receipts.push((
                    index,
                    "conflict",
                    Some("conflict".into()),
                    Some(message.clone()),
                ));
                results.push(PushResult {
                    op_id: op.op_id,
                    outcome: Outcome::Conflict {
                        conflict_id,
                        message,
                    },
                });
                continue;
            }
            Decision::Reject(refusal) => {
                // The receipt keeps the refusal as data, so a re-sent operation gets it again.
                pending.receipts.push((
                    index,
                    "rejected",
                    Some(refusal.code().to_owned()),
                    Some(serde_json::to_string(&refusal)?),
                ));
                results.push(PushResult {
                    op_id: op.op_id,
                    outcome: Outcome::rejected(refusal),
                });
                continue;
            }
        };
        let (hlc, skew) = clamp_hlc(&op.hlc, now_ms);
        if let Some(skew) = skew {
            sqlx::query("UPDATE devices SET clock_skew_ms = $1 WHERE device_id = $2")
                .bind(skew)
                .bind(op.device_id.to_string())
                .execute(&mut **tx)
                .await?;
        }
        results.push(PushResult {
            op_id: op.op_id,
            outcome: Outcome::Applied { server_seq: 0 },
        });
        let payload = settled.as_ref().map(|(p, _, _)| p.clone()).or(canonical);
        let record = record.map(|r| super::records::record_columns(r, audience.as_deref()));
        pending.ops.push(Logged {
            index,
            hlc: hlc.clone(),
            audience,
            payload,
            record,
        });
        pending.receipts.push((index, "applied", None, None));
        if !relays.is_empty() {
            // The copies follow the movement in the log.
            pending
                .flush(backend, tx, session, ops, &mut results)
                .await?;
            for (technician, relay) in relays {
                append_server_op(
                    tx,
                    &relay,
                    session.user_id,
                    Some(&format!("only:{technician}")),
                )
                .await?;
            }
        }
        if let Some((_, registers, records)) = settled {
            // The fields' revision is this operation's place in the log.
            pending
                .flush(backend, tx, session, ops, &mut results)
                .await?;
            let Outcome::Applied { server_seq } = results[index].outcome else {
                return Err(ServerError::Inconsistent(
                    "an edit's operation was not logged",
                ));
            };
            settle_fields(tx, session, op, &hlc, server_seq, &registers, &records).await?;
        }
        if let Some((before, after)) = scope
            && before != after
        {
            // The scope change follows the operation in the log, and reads the order.
            pending
                .flush(backend, tx, session, ops, &mut results)
                .await?;
            orders.flush(backend, tx).await?;
            rescope(
                tx,
                op.entity_id,
                before.as_deref(),
                after.as_deref(),
                session.user_id,
            )
            .await?;
        }
    }
    pending
        .flush(backend, tx, session, ops, &mut results)
        .await?;
    orders.flush(backend, tx).await?;
    for (index, first) in repeated {
        results[index].outcome = match &results[first].outcome {
            Outcome::Applied { server_seq } => Outcome::Duplicate {
                server_seq: Some(*server_seq),
            },
            Outcome::Conflict { .. } => Outcome::Duplicate { server_seq: None },
            other => other.clone(),
        };
    }
    Ok(results)
}
