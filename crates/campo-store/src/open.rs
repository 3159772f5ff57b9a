//! Opening a Campo database safely.
//!
//! Before anything is written, the file is inspected through a read-only connection: a file
//! that is not SQLite (or is damaged), an SQLite file of another program, or a Campo database
//! from a newer version is refused with a clear error and left exactly as it was. Only then
//! is it opened read-write (WAL, foreign keys, `synchronous=FULL`) and migrated.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqlitePool};
use uuid::Uuid;

use crate::{Store, StoreError};

/// Written into the SQLite header of every Campo database (`PRAGMA application_id`), "CAMP".
pub const APPLICATION_ID: i32 = 0x4341_4D50;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The newest schema version this build understands (its latest migration).
pub const SUPPORTED_SCHEMA: i64 = 20_261_205_000_043;

fn newest_known_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Result codes SQLite uses for "this is not a (healthy) database".
fn is_not_a_database(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("26") | Some("11"))
                || db.message().contains("not a database")
                || db.message().contains("malformed")
        }
        _ => false,
    }
}

/// Looks at an existing file without changing it.
async fn inspect(path: &Path) -> Result<(), StoreError> {
    let corrupt = || StoreError::Corrupt {
        path: path.to_path_buf(),
    };
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .foreign_keys(false)
        .pragma("query_only", "1")
        .disable_statement_logging();
    let mut conn = match options.connect().await {
        Ok(c) => c,
        Err(e) if is_not_a_database(&e) => return Err(corrupt()),
        Err(e) => return Err(e.into()),
    };
    let result = async {
        let app_id: i32 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut conn)
            .await?;
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut conn)
                .await?;
        let newest: Option<i64> = if tables.iter().any(|t| t == "_sqlx_migrations") {
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(&mut conn)
                .await?
        } else {
            None
        };
        Ok::<_, sqlx::Error>((app_id, tables, newest))
    }
    .await;
    let _ = conn.close().await;
    let (app_id, tables, newest) = match result {
        Ok(r) => r,
        Err(e) if is_not_a_database(&e) => return Err(corrupt()),
        Err(e) => return Err(e.into()),
    };
    if tables.is_empty() {
        return Ok(()); // an empty file: a new database
    }
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    let supported = newest_known_migration();
    if let Some(found) = newest.filter(|&v| v > supported) {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

fn write_options(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // A 16 MiB page cache per connection and reads through mmap: the order list at
        // 100k orders stays in memory without a system call per page.
        .pragma("cache_size", "-16000")
        .pragma("mmap_size", "268435456")
        // Statement journals (every statement of a long transaction keeps one, to undo itself
        // alone) in memory, not written to a temporary file: a first sync or an import runs
        // hundreds of thousands of statements in few transactions.
        .pragma("temp_store", "MEMORY")
        .disable_statement_logging()
}

/// Opens the file at `path`, creating it (and its folder) when missing.
pub(crate) async fn open_file(path: &Path) -> Result<Store, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| {
            tracing::warn!(error = %source, path = %dir.display(), "data folder not made");
            StoreError::DataFolder {
                path: dir.to_path_buf(),
                source,
            }
        })?;
    }
    if path.exists() {
        inspect(path).await?;
    }
    let options = write_options(
        SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true),
    );
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .map_err(|e| {
            if is_not_a_database(&e) {
                StoreError::Corrupt {
                    path: path.to_path_buf(),
                }
            } else {
                e.into()
            }
        })?;
    finish(pool, Some(path.to_path_buf())).await
}

/// Opens a private in-memory database.
pub(crate) async fn open_memory() -> Result<Store, StoreError> {
    let options = SqliteConnectOptions::from_str("sqlite::memory:")?
        .foreign_keys(true)
        .disable_statement_logging();
    // One connection: each in-memory connection is its own database.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await?;
    finish(pool, None).await
}

/// Runs the migrations with foreign keys off (a migration that rebuilds a table others refer
/// to, SQLite's way of changing a check, needs it), then checks every reference still holds.
async fn migrate(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let migrated = MIGRATOR.run_direct(&mut *conn).await;
    let broken: Result<Vec<sqlx::sqlite::SqliteRow>, sqlx::Error> =
        sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    migrated?;
    if !broken?.is_empty() {
        return Err(sqlx::Error::Protocol("a migration left a broken reference".into()).into());
    }
    Ok(())
}

async fn finish(pool: SqlitePool, path: Option<PathBuf>) -> Result<Store, StoreError> {
    migrate(&pool).await?;
    crate::effects::notices_as_data(&mut *pool.acquire().await?).await?;
    if let Err(e) = crate::privacy::forget_unless_allowed(&mut *pool.acquire().await?).await {
        // The person's data still opens; it is tried again at the next opening.
        tracing::error!(error = %e, "personal data this role may not keep not forgotten");
    }
    sqlx::query(&format!("PRAGMA application_id = {APPLICATION_ID}"))
        .execute(&pool)
        .await?;
    let existing = sqlx::query("SELECT device_id FROM device WHERE singleton = 1")
        .fetch_optional(&pool)
        .await?;
    let device_id = match existing {
        Some(row) => {
            let text: String = row.try_get("device_id")?;
            Uuid::parse_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))?
        }
        None => {
            let id = Uuid::now_v7();
            sqlx::query("INSERT INTO device (singleton, device_id, created_at) VALUES (1, ?, ?)")
                .bind(id.to_string())
                .bind(crate::write::timestamp(Utc::now()))
                .execute(&pool)
                .await?;
            id
        }
    };
    Ok(Store {
        pool,
        path,
        device_id,
        write_lock: Arc::new(tokio::sync::Mutex::new(())),
        clock_offset_ms: Arc::new(std::sync::atomic::AtomicI64::new(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_supported_schema_is_the_newest_migration() {
        assert_eq!(SUPPORTED_SCHEMA, newest_known_migration());
    }
}
