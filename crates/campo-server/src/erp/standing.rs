//! Where the reading of a provider's ERP stands (table `erp_sync`), per connector and kind:
//! the mark the next reading starts from, the last run and the last good one, and the last
//! failure with how many in a row — what `campo-server ixc status` shows an administrator, and
//! the app's Administração reads (`GET /v1/admin/erp`, with the write-back's standing and when
//! the server reads again).

use campo_import::ImportKind;
use campo_protocol::Problem;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::ErpError;
use crate::db::ServerDb;
use crate::error::ServerError;

/// One connector's reading of one kind of record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The kind read.
    pub kind: ImportKind,
    /// Where the next reading starts (None: from the beginning).
    pub mark: Option<String>,
    /// When it last ran, well or not.
    pub last_run_at: Option<String>,
    /// When it last ran well.
    pub last_ok_at: Option<String>,
    /// Why the last run failed, when it did.
    pub last_error: Option<ErpError>,
    /// How many runs in a row failed.
    pub failures: i64,
}

/// How `source`'s reading of `kind` stands (a reading never run: nothing yet).
pub async fn get(db: &ServerDb, source: &str, kind: ImportKind) -> Result<Standing, ServerError> {
    let row = sqlx::query(
        "SELECT mark, last_run_at, last_ok_at, last_error, failures FROM erp_sync WHERE source = $1 AND kind = $2",
    )
    .bind(source)
    .bind(kind.code())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(Standing {
            kind,
            mark: None,
            last_run_at: None,
            last_ok_at: None,
            last_error: None,
            failures: 0,
        });
    };
    let error: Option<String> = row.try_get("last_error")?;
    Ok(Standing {
        kind,
        mark: row.try_get("mark")?,
        last_run_at: row.try_get("last_run_at")?,
        last_ok_at: row.try_get("last_ok_at")?,
        last_error: error.map(|e| serde_json::from_str(&e)).transpose()?,
        failures: row.try_get("failures")?,
    })
}

/// A good run: the next starts from `mark`.
pub async fn succeeded(
    db: &ServerDb,
    source: &str,
    kind: ImportKind,
    mark: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), ServerError> {
    let at = crate::timestamp(at);
    sqlx::query(
        "INSERT INTO erp_sync (source, kind, mark, last_run_at, last_ok_at, last_error, failures)
         VALUES ($1, $2, $3, $4, $4, NULL, 0)
         ON CONFLICT (source, kind) DO UPDATE SET mark = excluded.mark, last_run_at = excluded.last_run_at,
             last_ok_at = excluded.last_ok_at, last_error = NULL, failures = 0",
    )
    .bind(source)
    .bind(kind.code())
    .bind(mark)
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A failed run: the mark stays where it was.
pub async fn failed(
    db: &ServerDb,
    source: &str,
    kind: ImportKind,
    error: &ErpError,
    at: DateTime<Utc>,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO erp_sync (source, kind, mark, last_run_at, last_ok_at, last_error, failures)
         VALUES ($1, $2, NULL, $3, NULL, $4, 1)
         ON CONFLICT (source, kind) DO UPDATE SET last_run_at = excluded.last_run_at,
             last_error = excluded.last_error, failures = erp_sync.failures + 1",
    )
    .bind(source)
    .bind(kind.code())
    .bind(crate::timestamp(at))
    .bind(serde_json::to_string(error)?)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The kinds a connector reads, in the order it reads them.
pub const READ: [ImportKind; 3] = [
    ImportKind::Customers,
    ImportKind::Orders,
    ImportKind::Receivables,
];

/// `GET /v1/admin/erp`: where the connection to the provider's ERP stands, to the
/// administrator.
pub(crate) async fn show(
    axum::extract::State(state): axum::extract::State<crate::api::AppState>,
    crate::api::Auth(session, _): crate::api::Auth,
) -> Result<axum::Json<campo_protocol::erp::ErpStanding>, ServerError> {
    if !session.role.administers() {
        return Err(ServerError::Forbidden(
            Problem::ErpStandingAdministrationOnly,
        ));
    }
    Ok(axum::Json(of(&state).await?))
}

/// Where the connection to the provider's ERP stands (the reading behind [`show`], and the
/// answer to a change of its settings).
pub(crate) async fn of(
    state: &crate::api::AppState,
) -> Result<campo_protocol::erp::ErpStanding, ServerError> {
    // The settings made in the app; the command line's schedule wins over theirs.
    let kept = super::settings::get(&state.db, super::ixc::SOURCE).await?;
    let schedule = state.erp_schedule().or_else(|| {
        kept.as_ref()
            .and_then(|k| k.every_minutes.map(|m| (super::ixc::SOURCE, m)))
    });
    // The connector read on a schedule, or else the one last read on demand.
    let source = match schedule {
        Some((source, _)) => Some(source),
        None => {
            let mut ran = None;
            for (code, _) in super::CONNECTORS {
                for kind in READ {
                    if get(&state.db, code, kind).await?.last_run_at.is_some() {
                        ran = Some(code);
                    }
                }
            }
            ran
        }
    };
    let source = source.unwrap_or(super::ixc::SOURCE);
    let mut readings = Vec::new();
    for kind in READ {
        let s = get(&state.db, source, kind).await?;
        // Read again a turn after the last run, when the server reads on a schedule.
        let next_at = schedule.and_then(|(_, minutes)| {
            let last = s.last_run_at.as_deref()?;
            let last = DateTime::parse_from_rfc3339(last).ok()?;
            Some(crate::timestamp(
                last.with_timezone(&Utc) + chrono::TimeDelta::minutes(i64::from(minutes)),
            ))
        });
        readings.push(campo_protocol::erp::ErpReading {
            kind: kind.code().to_owned(),
            last_run_at: s.last_run_at,
            last_ok_at: s.last_ok_at,
            failures: s.failures,
            problem: s.last_error,
            next_at,
        });
    }
    let ran = readings.iter().any(|r| r.last_run_at.is_some());
    let back = write_back(&state.db, source).await?;
    Ok(campo_protocol::erp::ErpStanding {
        erp: (schedule.is_some() || ran || kept.is_some())
            .then(|| super::name_of(source).unwrap_or(source).to_owned()),
        every_minutes: schedule.map(|(_, m)| m),
        readings,
        waiting: back.waiting + back.scheduling + back.returning,
        written: back.sent + back.scheduled + back.returned,
        write_failure: back.last_failure.map(|(external_id, problem, attempts)| {
            campo_protocol::erp::ErpWriteFailure {
                external_id,
                problem,
                attempts,
            }
        }),
        settings: kept.map(|k| k.view()),
    })
}

/// How the closings in the ERP stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosingStanding {
    /// Closed in the ERP.
    pub sent: i64,
    /// Waiting to be sent (failed before, or not tried yet).
    pub waiting: i64,
    /// The last failure of one still waiting (a closing's, else a scheduling's): the ERP's
    /// order id, why, and how many times.
    pub last_failure: Option<(String, ErpError, i64)>,
    /// Schedulings sent (the newest of each order).
    pub scheduled: i64,
    /// Schedulings waiting.
    pub scheduling: i64,
    /// Visits put back to be rescheduled in the ERP.
    pub returned: i64,
    /// Returns waiting.
    pub returning: i64,
}

/// How the closings stand, for `ixc status`.
pub async fn write_back(db: &ServerDb, source: &str) -> Result<ClosingStanding, ServerError> {
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
    // A closing's failure first; else a waiting scheduling's, else a waiting return's.
    let last = match last {
        Some(r) => Some(r),
        None => {
            sqlx::query(
                "SELECT external_id, last_error, attempts FROM erp_schedules
                 WHERE source = $1 AND (sent_seq IS NULL OR sent_seq < seq) AND last_error IS NOT NULL
                 ORDER BY seq DESC LIMIT 1",
            )
            .bind(source)
            .fetch_optional(db.pool())
            .await?
        }
    };
    let last = match last {
        Some(r) => Some(r),
        None => {
            sqlx::query(
                "SELECT external_id, last_error, attempts FROM erp_returns
                 WHERE source = $1 AND sent_at IS NULL AND last_error IS NOT NULL ORDER BY seq DESC LIMIT 1",
            )
            .bind(source)
            .fetch_optional(db.pool())
            .await?
        }
    };
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
    let schedules = |sent: bool| {
        let sql = if sent {
            "SELECT COUNT(*) FROM erp_schedules WHERE source = $1 AND sent_seq IS NOT NULL"
        } else {
            "SELECT COUNT(*) FROM erp_schedules s WHERE s.source = $1 AND (s.sent_seq IS NULL OR s.sent_seq < s.seq)
               AND NOT EXISTS (SELECT 1 FROM erp_closings c WHERE c.source = s.source AND c.order_id = s.order_id)"
        };
        sqlx::query_scalar::<_, i64>(sql)
            .bind(source)
            .fetch_one(db.pool())
    };
    let (returned, returning) = super::returns::counts(db, source).await?;
    Ok(ClosingStanding {
        returned,
        returning,
        sent: count(true).await?,
        waiting: count(false).await?,
        last_failure,
        scheduled: schedules(true).await?,
        scheduling: schedules(false).await?,
    })
}

impl std::fmt::Display for ClosingStanding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "agendamentos no ERP: enviados {}, aguardando {}; a remarcar no ERP: enviadas {}, aguardando {}; \
             fechamentos no ERP: enviados {}, aguardando {}",
            self.scheduled, self.scheduling, self.returned, self.returning, self.sent, self.waiting
        )?;
        if let Some((id, error, attempts)) = &self.last_failure {
            write!(
                f,
                "; OS {id}: {error} ({attempts} {})",
                campo_domain::plural(*attempts, "tentativa", "tentativas")
            )?;
        }
        Ok(())
    }
}
