//! Campo's local store: one SQLite file per device, opened safely, migrated, and written only
//! through operations.
//!
//! - [`open`]: opening a database file — refusing a foreign, corrupt or newer-schema file
//!   without touching it — and running the embedded migrations.
//! - [`write`]: the only write path. A [`write::Writer`] is a transaction in which every
//!   change is applied *and* appended to the outbox as an [`outbox::Operation`].
//! - [`outbox`]: the operations this device wrote ([`campo_protocol::Op`]) and the server's
//!   answers.
//! - [`query`]: the read side for the UI: the filtered, paged order list and the order page.
//! - [`indicators`]: the indicator pages (field, stock) over a period, municipality and
//!   technician, each figure opening to its orders, with CSVs.
//! - [`routes`]: a day's orders as the route solver's problem, plans read back, applied.
//! - [`stock`]: the stock ledger's write side (movements, deliveries, counts, discrepancies).
//! - [`stock_query`]: the stock read side (balances, a serial's history, an order's equipment).
//! - `warm`: the figures a role's pages read first, kept after a sync round brings changes.
//! - [`views`]: the shapes those reads return (exported to TypeScript).
//! - [`activation`]: activation checklists: templates, the queue, attempts, ticks.
//! - [`agenda`]: the dispatch board, scheduling from it, a technician's day.
//! - [`deadline`]: each order's deadline from its history and the provider's calendar.
//! - [`finance`]: receivables, collection contacts, the default rate and the five-month
//!   follow-up (finance and the administration only).
//! - `privacy`: personal data forgotten on the devices of roles that may not keep it.
//! - [`sync`]: applying the server's changes (idempotently, without touching the outbox), the
//!   pull cursor and the server joined, the replicated tables.

pub mod activation;
pub mod agenda;
pub mod calendar;
pub mod customers;
pub mod deadline;
mod effects;
mod error;
pub mod finance;
pub mod import;
pub mod indicators;
pub mod messages;
pub mod open;
pub mod outbox;
pub mod photos;
pub mod plans;
mod privacy;
pub mod promises;
pub mod proof;
pub mod provider;
pub mod query;
pub mod reports;
pub mod routes;
pub mod sales;
mod sheet;
pub mod stock;
pub mod stock_query;
pub mod support;
pub mod sync;
pub mod unlock;
pub mod views;
mod warm;
pub use warm::KeptFigures;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::SqlitePool;
use uuid::Uuid;

pub use error::{Entity, StoreError};
pub use open::SUPPORTED_SCHEMA;

pub use campo_protocol::OP_SCHEMA_VERSION;

/// Who is making a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The person's id (a row in `people`).
    pub id: Uuid,
}

/// An open Campo database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: Option<PathBuf>,
    device_id: Uuid,
    /// One writer at a time inside this process: SQLite serialises writers anyway, and
    /// taking the lock here avoids deferred transactions failing to upgrade.
    pub(crate) write_lock: Arc<tokio::sync::Mutex<()>>,
    /// How far this device's clock is off, in milliseconds (0 on a real device, which reads
    /// its own clock; set by simulations of devices whose clocks are wrong).
    clock_offset_ms: Arc<std::sync::atomic::AtomicI64>,
}

impl Store {
    /// Simulates a device whose clock is off by `offset`: the operations it records carry
    /// that time (the server clamps clocks too far ahead and records the skew).
    pub fn set_clock_offset(&self, offset: chrono::TimeDelta) {
        self.clock_offset_ms.store(
            offset.num_milliseconds(),
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    /// How far this device's clock is off.
    pub(crate) fn clock_offset(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::milliseconds(
            self.clock_offset_ms
                .load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// Opens (creating if needed) the database at `path`. See [`open`].
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        open::open_file(path).await
    }

    /// A private in-memory database (tests and benchmarks).
    pub async fn open_in_memory() -> Result<Store, StoreError> {
        open::open_memory().await
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// This device's id, stamped on every operation it writes.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// The connection pool, for the crate's own modules.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Refreshes planner statistics, folds the WAL into the database file and closes every
    /// connection: afterwards the file alone holds everything (it can be moved or copied).
    pub async fn close(&self) {
        if let Err(e) = self.optimize().await {
            tracing::warn!(error = %e, "PRAGMA optimize failed");
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
        {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
        self.pool.close().await;
    }
}
