//! Closing in the ERP what was done in Campo: a visit that came from IXC (an order with its
//! ERP id) and is done in Campo is closed in IXC too, so nobody closes it twice by hand.
//!
//! Two steps, each safe to repeat. [`queue_done`] reads the operations the server applied
//! since its mark (kept in `erp_sync` as the kind `closing`) and queues each order moved to
//! done that carries an ERP id, with when the visit started and ended and who did it, in
//! `erp_closings`. [`send_pending`] sends what waits, oldest first; an order IXC already has
//! closed counts as sent, a failure is kept (code and parameters) with how many in a row and
//! tried again at the next turn — nothing is lost while IXC is away.

use campo_protocol::ops::{OrderCreated, OrderTransitioned};
use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::Row;

use super::ErpError;
use super::ixc::{Closing, Ixc};
use crate::db::ServerDb;
use crate::error::ServerError;

/// The `erp_sync` kind whose mark is the last operation looked at.
const KIND: &str = "closing";

/// Operations read per query while queueing.
const PAGE: i64 = 1000;

/// How the closings in the ERP stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosingStanding {
    /// Closed in the ERP.
    pub sent: i64,
    /// Waiting to be sent (failed before, or not tried yet).
    pub waiting: i64,
    /// The last failure of one still waiting: the ERP's order id, why, and how many times.
    pub last_failure: Option<(String, ErpError, i64)>,
}

/// Queues every order moved to done since the last look that came from the ERP (it has an
/// ERP id); returns how many were queued.
pub async fn queue_done(db: &ServerDb, source: &str) -> Result<usize, ServerError> {
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
            "SELECT server_seq, entity_id, actor_id, payload FROM ops
             WHERE server_seq > $1 AND kind = 'order.transition' ORDER BY server_seq LIMIT $2",
        )
        .bind(mark)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        let last: i64 = last.try_get("server_seq")?;
        for row in &rows {
            let payload: String = row.try_get("payload")?;
            let Ok(moved) = serde_json::from_str::<OrderTransitioned>(&payload) else {
                continue;
            };
            if moved.to != "done" {
                continue;
            }
            let order: String = row.try_get("entity_id")?;
            let Some(external) = external_id(db, &order).await? else {
                continue;
            };
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

/// The ERP id the order was created with, if it came from one.
async fn external_id(db: &ServerDb, order: &str) -> Result<Option<String>, ServerError> {
    let payload: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND kind = 'order.create' LIMIT 1",
    )
    .bind(order)
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
        "SELECT payload FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND kind = 'order.transition'
         ORDER BY server_seq DESC",
    )
    .bind(order)
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
    /// Closed in the ERP now.
    pub closed: usize,
    /// Still waiting (refused or not reached; tried again next time).
    pub failed: usize,
}

/// Sends the closings waiting, oldest first, as `technician` (IXC's employee id); a refusal
/// of the credentials stops the turn (every other would be refused too).
pub async fn send_pending(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
) -> Result<Sent, ServerError> {
    let rows = sqlx::query(
        "SELECT order_id, external_id, started, finished, message FROM erp_closings
         WHERE source = $1 AND sent_at IS NULL ORDER BY finished, order_id LIMIT 200",
    )
    .bind(source)
    .fetch_all(db.pool())
    .await?;
    let mut sent = Sent::default();
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
                tracing::warn!(source, order = %order, external = %closing.external_id, error = %e, "ERP closing not sent");
                sqlx::query(
                    "UPDATE erp_closings SET attempts = attempts + 1, last_error = $1 WHERE source = $2 AND order_id = $3",
                )
                .bind(serde_json::to_string(&e)?)
                .bind(source)
                .bind(&order)
                .execute(db.pool())
                .await?;
                sent.failed += 1;
                if matches!(e, ErpError::Unauthorized { .. }) {
                    break;
                }
            }
        }
    }
    Ok(sent)
}

/// Queues and sends: one turn of the write-back.
pub async fn write_back(
    db: &ServerDb,
    erp: &Ixc,
    source: &str,
    technician: &str,
) -> Result<Sent, ServerError> {
    queue_done(db, source).await?;
    send_pending(db, erp, source, technician).await
}

/// How the closings stand, for `ixc status`.
pub async fn standing(db: &ServerDb, source: &str) -> Result<ClosingStanding, ServerError> {
    let count = |sent: bool| {
        let sql = if sent {
            "SELECT COUNT(*) FROM erp_closings WHERE source = $1 AND sent_at IS NOT NULL"
        } else {
            "SELECT COUNT(*) FROM erp_closings WHERE source = $1 AND sent_at IS NULL"
        };
        sqlx::query_scalar::<_, i64>(sql)
            .bind(source)
            .fetch_one(db.pool())
    };
    let last = sqlx::query(
        "SELECT external_id, last_error, attempts FROM erp_closings
         WHERE source = $1 AND sent_at IS NULL AND last_error IS NOT NULL ORDER BY finished DESC LIMIT 1",
    )
    .bind(source)
    .fetch_optional(db.pool())
    .await?;
    let last_failure = match last {
        Some(r) => {
            let error: String = r.try_get("last_error")?;
            Some((
                r.try_get("external_id")?,
                serde_json::from_str(&error)?,
                r.try_get("attempts")?,
            ))
        }
        None => None,
    };
    Ok(ClosingStanding {
        sent: count(true).await?,
        waiting: count(false).await?,
        last_failure,
    })
}

impl std::fmt::Display for ClosingStanding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fechamentos no ERP: {} enviado(s), {} aguardando",
            self.sent, self.waiting
        )?;
        if let Some((id, error, attempts)) = &self.last_failure {
            write!(f, "; OS {id}: {error} ({attempts} tentativa(s))")?;
        }
        Ok(())
    }
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
        match write_back(&db, &erp, source, &closer).await {
            Ok(sent) if sent.closed + sent.failed > 0 => tracing::info!(
                source,
                closed = sent.closed,
                failed = sent.failed,
                "ERP closings sent"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(source, error = %e, "ERP closings not sent"),
        }
    }
}
