//! The server's database: SQLite in a data folder (WAL, foreign keys, `synchronous=FULL`),
//! migrated on open.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::ServerError;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server");

/// The database file inside a data folder.
pub fn db_file(data_dir: &Path) -> PathBuf {
    data_dir.join("campo-server.db")
}

/// Opens (creating if needed) and migrates the database in `data_dir`.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, ServerError> {
    std::fs::create_dir_all(data_dir).map_err(|e| {
        ServerError::Invalid(format!(
            "Não foi possível criar {}: {e}",
            data_dir.display()
        ))
    })?;
    let options = SqliteConnectOptions::new()
        .filename(db_file(data_dir))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", "-32000");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Writes a consistent copy of the live database to `out` (`VACUUM INTO`), safe while serving.
pub async fn backup(pool: &SqlitePool, out: &Path) -> Result<(), ServerError> {
    if out.exists() {
        return Err(ServerError::Invalid(format!(
            "{} já existe: escolha outro arquivo",
            out.display()
        )));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(out.display().to_string())
        .execute(pool)
        .await?;
    Ok(())
}
