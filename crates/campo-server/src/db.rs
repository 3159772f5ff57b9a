//! The server's database: SQLite in a data folder by default (WAL, foreign keys,
//! `synchronous=FULL`), or PostgreSQL for larger providers. One SQL dialect serves both
//! (`$n` parameters, `RETURNING`, `ON CONFLICT`); each backend has its own migrations.
//!
//! The server sequence must be gap-free and in commit order for readers: every write
//! transaction takes the single write lock first (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a
//! transaction-scoped advisory lock), so sequence values become visible in the order they
//! were handed out, whichever instance wrote them. Within one instance, writers queue on an
//! in-process gate before they take a connection: waiting writers hold no connection (pulls
//! keep theirs) and nobody sleeps in SQLite's busy handler while the lock is free.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::error::ServerError;

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server/postgres");

/// Key of the advisory lock PostgreSQL writers take ("CAMP" + 1).
const WRITE_LOCK: i64 = 0x4341_4D50_0001;

/// Which database the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default.
    Sqlite,
    /// For providers that outgrow one machine.
    Postgres,
}

/// The server's database.
#[derive(Debug, Clone)]
pub struct ServerDb {
    pool: AnyPool,
    backend: Backend,
    /// This instance's writers, one at a time.
    gate: Arc<tokio::sync::Mutex<()>>,
    /// Pushes waiting to be applied together (group commit, see `rules::push`).
    pushes: Arc<PushQueue>,
}

/// Batches waiting for the write lock; whoever takes the lock applies them all. Each is
/// numbered, so a pusher that could not take the lock takes its own batch back.
#[derive(Default)]
pub(crate) struct PushQueue(std::sync::Mutex<(u64, Vec<(u64, crate::rules::PushJob)>)>);

impl std::fmt::Debug for PushQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PushQueue")
    }
}

impl PushQueue {
    /// Queues a batch; returns its number.
    pub(crate) fn push(&self, job: crate::rules::PushJob) -> u64 {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        q.0 += 1;
        let id = q.0;
        q.1.push((id, job));
        id
    }

    /// Every batch queued, oldest first.
    pub(crate) fn take(&self) -> Vec<crate::rules::PushJob> {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut q.1)
            .into_iter()
            .map(|(_, j)| j)
            .collect()
    }

    /// Nothing is waiting.
    pub(crate) fn is_empty(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .is_empty()
    }

    /// Takes batch `id` back; false when a group already took it.
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let before = q.1.len();
        q.1.retain(|(n, _)| *n != id);
        q.1.len() != before
    }
}

/// A write transaction: this instance's gate and the database's write lock, held until it
/// commits or is dropped (rolled back).
#[derive(Debug)]
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _gate: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    /// Commits and lets the next writer in.
    pub async fn commit(self) -> Result<(), ServerError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = Transaction<'static, Any>;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// This instance's turn to write, before its transaction began.
pub(crate) struct WriteTurn(tokio::sync::OwnedMutexGuard<()>);

/// The SQLite file inside a data folder.
pub fn db_file(data_dir: &Path) -> PathBuf {
    data_dir.join("campo-server.db")
}

/// Runs SQLite's migrations with foreign keys off (a migration that rebuilds a table others
/// refer to, SQLite's way of changing a check, needs it), then checks every reference holds.
async fn migrate_sqlite(pool: &sqlx::AnyPool) -> Result<(), ServerError> {
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let migrated = SQLITE.run_direct(&mut *conn).await;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *conn)
        .await;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    migrated?;
    if !broken?.is_empty() {
        return Err(ServerError::Database(sqlx::Error::Protocol(
            "a migration left a broken reference".into(),
        )));
    }
    Ok(())
}

impl ServerDb {
    /// Opens (creating if needed) and migrates the SQLite database in `data_dir`.
    pub async fn open_dir(data_dir: &Path) -> Result<Self, ServerError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ServerError::Operator(format!(
                "Não foi possível criar {}: {e}",
                data_dir.display()
            ))
        })?;
        let url = format!("sqlite://{}?mode=rwc", db_file(data_dir).display());
        Self::connect(&url).await
    }

    /// Connects to `postgres://…` or `sqlite://…` and migrates.
    pub async fn connect(url: &str) -> Result<Self, ServerError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(ServerError::Operator(format!(
                "Banco de dados não suportado: {url} (use postgres://… ou --data-dir)"
            )));
        };
        let options: AnyConnectOptions = url
            .parse()
            .map_err(|e| ServerError::Operator(format!("Endereço do banco inválido: {e}")))?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
                             PRAGMA busy_timeout = 10000; PRAGMA cache_size = -8000;",
                        )
                        .await?;
                    } else {
                        // The log grows from empty: a plan cached while a table was small
                        // (a sequential scan) would stay after it grew. Plan each time.
                        conn.execute("SET plan_cache_mode = force_custom_plan")
                            .await?;
                    }
                    Ok(())
                })
            })
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        match backend {
            Backend::Sqlite => migrate_sqlite(&pool).await?,
            Backend::Postgres => POSTGRES.run(&pool).await?,
        }
        let db = ServerDb {
            pool,
            backend,
            gate: Arc::new(tokio::sync::Mutex::new(())),
            pushes: Arc::default(),
        };
        // Derived tables a newer version added are filled from the log once.
        crate::rules::backfill_stock_units(&db).await?;
        crate::rules::backfill_van_history(&db).await?;
        crate::rules::backfill_sale_payments(&db).await?;
        crate::rules::backfill_op_records(&db).await?;
        Ok(db)
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Pushes waiting for the write lock.
    pub(crate) fn push_queue(&self) -> &PushQueue {
        &self.pushes
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that holds the single write lock from its first statement.
    pub async fn begin_write(&self) -> Result<WriteTx, ServerError> {
        let turn = self.write_turn().await;
        self.begin_write_in(turn).await
    }

    /// Waits for this instance's writers' turn. Safe to abandon (a `select!` may drop it);
    /// beginning the transaction is not, so it is a separate step.
    pub(crate) async fn write_turn(&self) -> WriteTurn {
        WriteTurn(Arc::clone(&self.gate).lock_owned().await)
    }

    /// Begins the write transaction in a turn already taken.
    pub(crate) async fn begin_write_in(&self, turn: WriteTurn) -> Result<WriteTx, ServerError> {
        let gate = turn.0;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        };
        Ok(WriteTx { tx, _gate: gate })
    }

    /// Writes a consistent copy of the live SQLite database to `out` (`VACUUM INTO`), safe
    /// while serving. PostgreSQL is backed up with its own tools (`pg_dump`).
    pub async fn backup(&self, out: &Path) -> Result<(), ServerError> {
        if self.backend == Backend::Postgres {
            return Err(ServerError::Operator(
                "Com PostgreSQL, use pg_dump para a cópia de segurança".into(),
            ));
        }
        if out.exists() {
            return Err(ServerError::Operator(format!(
                "{} já existe: escolha outro arquivo",
                out.display()
            )));
        }
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(ServerError::Operator(format!(
                "A pasta {} não existe: crie-a ou escolha outra",
                folder.display()
            )));
        }
        let probe = folder.join(format!(".campo-backup-{}", std::process::id()));
        if let Err(e) = std::fs::write(&probe, b"") {
            return Err(ServerError::Operator(format!(
                "Não é possível gravar em {}: {}",
                folder.display(),
                match e.kind() {
                    std::io::ErrorKind::PermissionDenied => "sem permissão",
                    std::io::ErrorKind::StorageFull => "disco cheio",
                    _ => "erro do sistema de arquivos",
                }
            )));
        }
        let _ = std::fs::remove_file(&probe);
        sqlx::query("VACUUM INTO $1")
            .bind(out.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Most rows per multi-row statement (well under SQLite's and PostgreSQL's bind limits).
pub(crate) const ROWS_PER_INSERT: usize = 500;

/// `rows` groups of `columns` parameters: `(?,?),(?,?)` for SQLite (numbered parameters cost
/// SQLite a name lookup each, quadratic in a long statement), `($1,$2),($3,$4)` for
/// PostgreSQL.
pub(crate) fn value_rows(backend: Backend, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 4);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..columns {
            if c > 0 {
                sql.push(',');
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => sql.push_str(&format!("${}", r * columns + c + 1)),
            }
        }
        sql.push(')');
    }
    sql
}

/// An id as the database keeps it (text); one that does not parse is a fault of the stored
/// data, told as such, never read as another id.
pub(crate) fn stored_id(text: &str) -> Result<uuid::Uuid, ServerError> {
    uuid::Uuid::parse_str(text).map_err(|e| ServerError::Database(sqlx::Error::Decode(Box::new(e))))
}

/// Operation kinds as an SQL list (`'order.create', 'order.transition'`) for `kind IN (…)`:
/// the names come from [`campo_protocol::OpKind`], so the compiler sees every filter on a kind.
pub(crate) fn kinds(list: &[campo_protocol::OpKind]) -> String {
    list.iter()
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ")
}
