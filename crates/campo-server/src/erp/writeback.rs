//! Writing back to the ERP what the field did in Campo: a visit that came from IXC (an order
//! with its ERP id) scheduled in Campo is scheduled in IXC (day, period, Campo's technician in
//! the words), one taken out of the agenda (not done, back to the queue) is put back there to
//! be rescheduled ([`super::returns`]), and once done it is closed there too, so nobody does
//! it twice by hand.
//!
//! Two steps, each safe to repeat. [`queue_done`] reads the operations the server applied
//! since its mark (kept in `erp_sync` as the kind `closing`): each order scheduled keeps its
//! newest scheduling in `erp_schedules`, each moved to done is queued in `erp_closings` with
//! when the visit started and ended and who did it. [`send_pending`] sends what waits —
//! schedulings of orders not done, then returns, then closings, oldest first; an order IXC already has
//! finished counts as closed, a failure is kept (code and parameters) with how many tries and
//! sent again at the next turn — nothing is lost while IXC is away.

use campo_protocol::ops::{OrderCreated, OrderTransitioned};
use campo_protocol::{Op, OpKind};
use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::Row;

use super::ErpError;
use super::ixc::{Closing, Ixc, Scheduling};
use crate::db::ServerDb;
use crate::error::ServerError;

/// The `erp_sync` kind whose mark is the last operation looked at.
const KIND: &str = "closing";

/// Operations read per query while queueing.
const PAGE: i64 = 1000;

/// Queues every order moved to done since the last look that came from the ERP (it has an
/// ERP id); returns how many were queued.
pub async fn queue_done(db: &ServerDb, source: &str) -> Result<usize, ServerError> {
    let hours = agenda_hours(db).await?;
    let zone = crate::setup::profile(db)
        .await?
        .as_ref()
        .and_then(|p| p.head())
        .map_or(chrono_tz::America::Sao_Paulo, |m| m.zone);
    let mut mark: i64 = sqlx::query_scalar::<_, Option<String>>(
        "SELECT mark FROM erp_sync WHERE source = $1 AND kind = $2",
    )
    .bind(source)
    .bind(KIND)
    .fetch_optional(db.pool())
    .await?
    .flatten()
    .and_then(|m| m.parse().ok())
    .unwrap_or(0);
    let mut queued = 0;
    loop {
        let rows = sqlx::query(
            "SELECT server_seq, entity_id, actor_id, kind, payload FROM ops
             WHERE server_seq > $1 AND kind IN ($3, $4) ORDER BY server_seq LIMIT $2",
        )
        .bind(mark)
        .bind(PAGE)
        .bind(OpKind::OrderTransitioned.code())
        .bind(OpKind::OrderResolved.code())
        .fetch_all(db.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        let last: i64 = last.try_get("server_seq")?;
        for row in &rows {
            let payload: String = row.try_get("payload")?;
            let kind: String = row.try_get("kind")?;
            // A move, or the office's decision on a conflict: where the order went, and why.
            let moved = match Op::decode(&kind, &payload).ok().flatten() {
                Some(Op::OrderResolved(r)) => Some(OrderTransitioned {
                    order_id: r.order_id,
                    event_id: r.event_id,
                    from: r.from,
                    to: r.status,
                    reason: Some(r.note),
                    schedule: r.schedule,
                    at: r.at,
                }),
                Some(Op::OrderTransitioned(t)) => Some(t),
                _ => None,
            };
            let Some(moved) = moved else { continue };
            let order: String = row.try_get("entity_id")?;
            let seq: i64 = row.try_get("server_seq")?;
            let on_agenda =
                |status: &str| matches!(status, "scheduled" | "en_route" | "in_progress");
            if !on_agenda(&moved.to) && moved.to != "done" {
                // Whether the ERP was told of a scheduling of it (it has it on its agenda).
                let told: bool = sqlx::query_scalar::<_, Option<i64>>(
                    "SELECT sent_seq FROM erp_schedules WHERE source = $1 AND order_id = $2",
                )
                .bind(source)
                .bind(&order)
                .fetch_optional(db.pool())
                .await?
                .flatten()
                .is_some();
                // Out of the agenda (back to the queue, not done, cancelled): a scheduling not
                // sent yet is not sent.
                sqlx::query(
                    "DELETE FROM erp_schedules WHERE source = $1 AND order_id = $2 AND (sent_seq IS NULL OR sent_seq < seq)",
                )
                .bind(source)
                .bind(&order)
                .execute(db.pool())
                .await?;
                // A visit that will not happen as the ERP has it on its agenda: put back to be
                // rescheduled there. A cancellation is not written back (nor a return not
                // sent yet).
                if moved.to == "cancelled" {
                    super::returns::superseded(db, source, &order).await?;
                } else if told
                    && on_agenda(&moved.from)
                    && matches!(moved.to.as_str(), "approved" | "not_done")
                    && let Some(external) = external_id(db, &order).await?
                {
                    super::returns::queue(db, source, &order, &external, seq).await?;
                }
                continue;
            }
            if moved.to != "done" && moved.to != "scheduled" {
                continue;
            }
            let Some(external) = external_id(db, &order).await? else {
                continue;
            };
            if moved.to == "scheduled" {
                // The new scheduling replaces a return not sent yet (in `schedule`, once kept).
                if let Some(slot) = &moved.schedule {
                    schedule(
                        db,
                        source,
                        &order,
                        &external,
                        slot,
                        &hours,
                        local(&moved.at, zone),
                        seq,
                    )
                    .await?;
                }
                continue;
            }
            // Done: the closing replaces a return not sent yet.
            super::returns::superseded(db, source, &order).await?;
            let actor: String = row.try_get("actor_id")?;
            let who: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
                .bind(&actor)
                .fetch_optional(db.pool())
                .await?;
            let finished = local(&moved.at, zone);
            let started = started_at(db, &order, zone).await?.unwrap_or(finished);
            let mut message = format!(
                "Concluída no Campo por {}.",
                who.as_deref().unwrap_or("um técnico")
            );
            if let Some(reason) = moved.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                message.push_str(&format!(" Observação: {}", reason.trim()));
            }
            let done = sqlx::query(
                "INSERT INTO erp_closings (source, order_id, external_id, started, finished, message, attempts)
                 VALUES ($1, $2, $3, $4, $5, $6, 0) ON CONFLICT (source, order_id) DO NOTHING",
            )
            .bind(source)
            .bind(&order)
            .bind(&external)
            .bind(started.format("%Y-%m-%d %H:%M:%S").to_string())
            .bind(finished.format("%Y-%m-%d %H:%M:%S").to_string())
            .bind(&message)
            .execute(db.pool())
            .await?;
            queued += done.rows_affected() as usize;
        }
        mark = last;
        sqlx::query(
            "INSERT INTO erp_sync (source, kind, mark, last_run_at, last_ok_at, last_error, failures)
             VALUES ($1, $2, $3, $4, $4, NULL, 0)
             ON CONFLICT (source, kind) DO UPDATE SET mark = excluded.mark, last_run_at = excluded.last_run_at,
                 last_ok_at = excluded.last_ok_at",
        )
        .bind(source)
        .bind(KIND)
        .bind(mark.to_string())
        .bind(crate::timestamp(Utc::now()))
        .execute(db.pool())
        .await?;
    }
    Ok(queued)
}

/// Keeps an order's newest scheduling to send (a rescheduling waits to be sent again).
#[allow(
    clippy::too_many_arguments,
    reason = "one row's columns, each from its own source"
)]
async fn schedule(
    db: &ServerDb,
    source: &str,
    order: &str,
    external: &str,
    slot: &campo_protocol::ops::SchedulePayload,
    hours: &campo_domain::agenda::AgendaSettings,
    made: NaiveDateTime,
    seq: i64,
) -> Result<(), ServerError> {
    let Ok(day) = chrono::NaiveDate::parse_from_str(&slot.date, "%Y-%m-%d") else {
        return Ok(());
    };
    let Some(period) = campo_domain::Period::from_code(&slot.period) else {
        return Ok(());
    };
    let (start, end) = match period {
        campo_domain::Period::Morning => hours.morning,
        campo_domain::Period::Afternoon => hours.afternoon,
    };
    let at = |minutes: u32| {
        day.and_hms_opt(
            minutes.min(24 * 60 - 1) / 60,
            minutes.min(24 * 60 - 1) % 60,
            0,
        )
        .unwrap_or_default()
    };
    let who: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(slot.technician_id.to_string())
        .fetch_optional(db.pool())
        .await?;
    let message = format!(
        "Agendada no Campo para {}, {} ({:02}:{:02}–{:02}:{:02}), técnico {}.",
        day.format("%d/%m/%Y"),
        match period {
            campo_domain::Period::Morning => "manhã",
            campo_domain::Period::Afternoon => "tarde",
        },
        start / 60,
        start % 60,
        end / 60,
        end % 60,
        who.as_deref().unwrap_or("a definir")
    );
    let fmt = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    sqlx::query(
        "INSERT INTO erp_schedules (source, order_id, external_id, starts, ends, made, message, seq, sent_seq, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0)
         ON CONFLICT (source, order_id) DO UPDATE SET starts = excluded.starts, ends = excluded.ends,
             made = excluded.made, message = excluded.message, seq = excluded.seq, attempts = 0, last_error = NULL",
    )
    .bind(source)
    .bind(order)
    .bind(external)
    .bind(fmt(at(start)))
    .bind(fmt(at(end)))
    .bind(fmt(made))
    .bind(message)
    .bind(seq)
    .execute(db.pool())
    .await?;
    super::returns::superseded(db, source, order).await?;
    Ok(())
}

/// The provider's periods (its newest agenda settings, Campo's defaults before any).
async fn agenda_hours(db: &ServerDb) -> Result<campo_domain::agenda::AgendaSettings, ServerError> {
    let payload: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE kind = $1 ORDER BY server_seq DESC LIMIT 1",
    )
    .bind(OpKind::AgendaSettingsSet.code())
    .fetch_optional(db.pool())
    .await?;
    Ok(payload
        .and_then(|p| serde_json::from_str::<campo_protocol::ops::AgendaSettingsSet>(&p).ok())
        .map(|s| s.settings)
        .unwrap_or_default())
}

/// The ERP id the order was created with, if it came from one.
async fn external_id(db: &ServerDb, order: &str) -> Result<Option<String>, ServerError> {
    let payload: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND kind = $2 LIMIT 1",
    )
    .bind(order)
    .bind(OpKind::OrderCreated.code())
    .fetch_optional(db.pool())
    .await?;
    Ok(payload
        .and_then(|p| serde_json::from_str::<OrderCreated>(&p).ok())
        .and_then(|c| c.external_id)
        .filter(|id| !id.trim().is_empty()))
}

/// When the visit last started (the last move to in progress), in the provider's time.
async fn started_at(
    db: &ServerDb,
    order: &str,
    zone: chrono_tz::Tz,
) -> Result<Option<NaiveDateTime>, ServerError> {
    let payloads: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND kind = $2
         ORDER BY server_seq DESC",
    )
    .bind(order)
    .bind(OpKind::OrderTransitioned.code())
    .fetch_all(db.pool())
    .await?;
    Ok(payloads
        .iter()
        .filter_map(|p| serde_json::from_str::<OrderTransitioned>(p).ok())
        .find(|m| m.to == "in_progress")
        .map(|m| local(&m.at, zone)))
}

/// An RFC 3339 instant as the provider's local time (now, when unreadable).
fn local(at: &str, zone: chrono_tz::Tz) -> NaiveDateTime {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
        .with_timezone(&zone)
        .naive_local()
}

/// What [`send_pending`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    /// Scheduled in the ERP now.
    pub scheduled: usize,
    /// Put back to be rescheduled in the ERP now (taken out of Campo's agenda).
    pub returned: usize,
    /// Closed in the ERP now.
    pub closed: usize,
    /// Still waiting (refused or not reached; tried again next time).
    pub failed: usize,
    /// The ERP refused the credentials: the turn stopped there.
    pub refused_credentials: bool,
    /// Another server instance holds the write-back's turn: nothing was looked at.
    pub busy: bool,
}

/// Sends the newest scheduling of each order not sent yet, whose closing is not queued.
async fn send_schedules(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
) -> Result<Sent, ServerError> {
    let rows = sqlx::query(
        "SELECT s.order_id, s.external_id, s.starts, s.ends, s.made, s.message, s.seq FROM erp_schedules s
         WHERE s.source = $1 AND (s.sent_seq IS NULL OR s.sent_seq < s.seq)
           AND NOT EXISTS (SELECT 1 FROM erp_closings c WHERE c.source = s.source AND c.order_id = s.order_id)
         ORDER BY s.seq LIMIT 200",
    )
    .bind(source)
    .fetch_all(db.pool())
    .await?;
    let mut sent = Sent::default();
    for row in rows {
        let order: String = row.try_get("order_id")?;
        let seq: i64 = row.try_get("seq")?;
        let time = |col: &str| -> Result<NaiveDateTime, ServerError> {
            let t: String = row.try_get(col)?;
            Ok(NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|_| Utc::now().naive_utc()))
        };
        let scheduling = Scheduling {
            external_id: row.try_get("external_id")?,
            starts: time("starts")?,
            ends: time("ends")?,
            made: time("made")?,
            message: row.try_get("message")?,
        };
        match erp.schedule_order(&scheduling, technician).await {
            Ok(()) => {
                sqlx::query(
                    "UPDATE erp_schedules SET sent_seq = $1, last_error = NULL WHERE source = $2 AND order_id = $3",
                )
                .bind(seq)
                .bind(source)
                .bind(&order)
                .execute(db.pool())
                .await?;
                sent.scheduled += 1;
            }
            Err(e) => {
                sent.failed += 1;
                let row = Unsent {
                    table: "erp_schedules",
                    what: "scheduling",
                    source,
                    order: &order,
                    external: &scheduling.external_id,
                };
                if row.keep(db, &e).await? {
                    sent.refused_credentials = true;
                    break;
                }
            }
        }
    }
    Ok(sent)
}

/// Sends the closings waiting, oldest first, as `technician` (IXC's employee id); a refusal
/// of the credentials stops the turn (every other would be refused too).
pub async fn send_pending(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
) -> Result<Sent, ServerError> {
    let mut sent = send_schedules(db, erp, source, technician).await?;
    if sent.refused_credentials {
        return Ok(sent);
    }
    let back = super::returns::send(db, erp, source).await?;
    sent.returned = back.returned;
    sent.failed += back.failed;
    if back.refused_credentials {
        sent.refused_credentials = true;
        return Ok(sent);
    }
    let rows = sqlx::query(
        "SELECT order_id, external_id, started, finished, message FROM erp_closings
         WHERE source = $1 AND sent_at IS NULL ORDER BY finished, order_id LIMIT 200",
    )
    .bind(source)
    .fetch_all(db.pool())
    .await?;
    for row in rows {
        let order: String = row.try_get("order_id")?;
        let time = |col: &str| -> Result<NaiveDateTime, ServerError> {
            let t: String = row.try_get(col)?;
            Ok(NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|_| Utc::now().naive_utc()))
        };
        let closing = Closing {
            external_id: row.try_get("external_id")?,
            started: time("started")?,
            finished: time("finished")?,
            message: row.try_get("message")?,
        };
        match erp.close_order(&closing, technician).await {
            Ok(()) => {
                sqlx::query(
                    "UPDATE erp_closings SET sent_at = $1, last_error = NULL WHERE source = $2 AND order_id = $3",
                )
                .bind(crate::timestamp(Utc::now()))
                .bind(source)
                .bind(&order)
                .execute(db.pool())
                .await?;
                sent.closed += 1;
            }
            Err(e) => {
                sent.failed += 1;
                let row = Unsent {
                    table: "erp_closings",
                    what: "closing",
                    source,
                    order: &order,
                    external: &closing.external_id,
                };
                if row.keep(db, &e).await? {
                    sent.refused_credentials = true;
                    break;
                }
            }
        }
    }
    Ok(sent)
}

/// A row of `table` (`erp_schedules`, `erp_closings`, `erp_returns`) the ERP did not take.
pub(super) struct Unsent<'a> {
    pub table: &'static str,
    /// What the row is, for the log: "scheduling", "closing", "return".
    pub what: &'static str,
    pub source: &'a str,
    pub order: &'a str,
    /// The order's id in the ERP.
    pub external: &'a str,
}

impl Unsent<'_> {
    /// Keeps the failed try (one more attempt, and why; sent again at the next turn) and logs
    /// it; true when the ERP refused the credentials, which stops the turn (every other row
    /// would be refused too).
    pub(super) async fn keep(&self, db: &ServerDb, e: &ErpError) -> Result<bool, ServerError> {
        let Unsent {
            table,
            what,
            source,
            order,
            external,
        } = *self;
        tracing::warn!(source, order = %order, external = %external, error = %e, "ERP {what} not sent");
        sqlx::query(&format!(
            "UPDATE {table} SET attempts = attempts + 1, last_error = $1 WHERE source = $2 AND order_id = $3"
        ))
        .bind(serde_json::to_string(e)?)
        .bind(source)
        .bind(order)
        .execute(db.pool())
        .await?;
        Ok(matches!(e, ErpError::Unauthorized { .. }))
    }
}

/// Queues and sends: one turn of the write-back, by one server instance at a time
/// ([`super::turns`]) — another instance's turn under way, this one sends nothing, so no
/// closing goes to the ERP twice.
pub async fn write_back(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
) -> Result<Sent, ServerError> {
    write_back_as(db, erp, source, technician, super::turns::this_instance()).await
}

/// [`write_back`] as the instance `holder`.
pub async fn write_back_as(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
    holder: &str,
) -> Result<Sent, ServerError> {
    let name = format!("writeback:{source}");
    let Some(turn) = super::turns::take(db, &name, holder, super::turns::TURN_TIME).await? else {
        tracing::debug!(source, "another server instance is writing back to the ERP");
        return Ok(Sent {
            busy: true,
            ..Sent::default()
        });
    };
    let sent = async {
        queue_done(db, source).await?;
        send_pending(db, erp, source, technician).await
    }
    .await;
    if let Err(e) = turn.end(db).await {
        // What was sent is recorded; the turn runs out by itself.
        tracing::warn!(source, error = %e, "ERP write-back turn not ended (it runs out)");
    }
    sent
}

/// Closes in the ERP, every `every`, what was done in Campo since, for as long as the server
/// runs (as `closer`, the ERP's employee id Campo closes as).
pub async fn keep_closing(
    db: ServerDb,
    erp: Ixc,
    source: &'static str,
    closer: String,
    every: std::time::Duration,
) {
    let mut turn = tokio::time::interval(every);
    turn.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        turn.tick().await;
        closing_turn(&db, &erp, source, &closer).await;
    }
}

/// One turn of the write-back: what the field did sent as `closer`, told in the log.
pub async fn closing_turn(db: &ServerDb, erp: &Ixc, source: &str, closer: &str) {
    match write_back(db, erp, source, closer).await {
        Ok(sent) if sent.refused_credentials => tracing::warn!(
            source,
            scheduled = sent.scheduled,
            returned = sent.returned,
            closed = sent.closed,
            failed = sent.failed,
            "the ERP refused the credentials: the rest of the closings wait for new ones"
        ),
        Ok(sent) if sent.scheduled + sent.returned + sent.closed + sent.failed > 0 => {
            tracing::info!(
                source,
                scheduled = sent.scheduled,
                returned = sent.returned,
                closed = sent.closed,
                failed = sent.failed,
                "ERP closings sent"
            )
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(source, error = %e, "ERP closings not sent"),
    }
}
