//! Where the reading of a provider's ERP stands (table `erp_sync`), per connector and kind:
//! the mark the next reading starts from, the last run and the last good one, and the last
//! failure with how many in a row — what `campo-server ixc status` shows an administrator.

use campo_import::ImportKind;
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
