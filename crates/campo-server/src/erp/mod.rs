//! Connectors to a provider's ERP, behind [`ErpSource`]: each reads the ERP's records of a
//! kind (customers first) into a [`Table`] with the column names Campo's import already
//! matches, so they go through exactly the check and the all-or-nothing push of a file
//! (`import::import_table`) — the same record twice changes nothing, an updated one updates
//! by the ERP's id. IXC Provedor is the one written ([`ixc`]); what MK Solutions and Hubsoft
//! would need is in docs/import/ERP.md.

pub mod ixc;
pub mod returns;
pub mod settings;
pub mod standing;
pub mod turns;
pub mod writeback;

use std::future::Future;

use campo_import::table::{Format, Row};
use campo_import::{ImportKind, Table};
use chrono::Utc;

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::import::{ImportReport, import_table};

pub use campo_protocol::erp::{Cause, ErpError, Setting};

/// The connectors Campo has: the code each one's standing is kept under, and the ERP's name.
pub const CONNECTORS: [(&str, &str); 1] = [(ixc::SOURCE, ixc::NAME)];

/// The name of the ERP whose standing is kept under `source`.
pub fn name_of(source: &str) -> Option<&'static str> {
    CONNECTORS
        .iter()
        .find(|(code, _)| *code == source)
        .map(|(_, name)| *name)
}

/// What a connector read: the table, each row's id in the ERP (for messages), and how far it
/// has read.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The records as a table (line 2 onwards, as a file would number them).
    pub table: Table,
    /// The ERP's id of each row, in the table's order.
    pub ids: Vec<String>,
    /// The ERP's mark after this reading, for the next one to start from (None: read it
    /// all again next time).
    pub mark: Option<String>,
}

impl Fetched {
    /// An empty reading of a table with `headers`, marked `mark`: rows are added in order with
    /// [`Fetched::push`], from line 2 as a file would number them.
    pub(crate) fn of(headers: &[&str], mark: Option<String>) -> Self {
        Fetched {
            table: Table {
                headers: headers.iter().map(|h| (*h).to_owned()).collect(),
                rows: Vec::new(),
                format: Format::Erp,
            },
            ids: Vec::new(),
            mark,
        }
    }

    /// Adds the record whose ERP id is `id`, its `cells` in the headers' order.
    pub(crate) fn push(&mut self, id: String, cells: Vec<String>) {
        let line = self.table.rows.len() + 2;
        self.table.rows.push(Row::new(line, cells));
        self.ids.push(id);
    }

    /// The ERP id of the row at `line` of the table, if any.
    pub fn id_at(&self, line: usize) -> Option<&str> {
        line.checked_sub(2)
            .and_then(|i| self.ids.get(i))
            .map(String::as_str)
    }
}

/// A provider's ERP, read.
pub trait ErpSource {
    /// The ERP's name, for messages ("IXC Provedor").
    fn name(&self) -> &'static str;

    /// The records of `kind` Campo takes (customers: the active ones; orders: the open ones)
    /// — all of them, or with `since` (a previous reading's mark) those changed or new since.
    fn fetch(
        &self,
        kind: ImportKind,
        since: Option<&str>,
    ) -> impl Future<Output = Result<Fetched, ErpError>> + Send;
}

/// Why a reading did not import.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The ERP could not be read (recorded on the reading's standing).
    #[error("{name}: {error}")]
    Erp {
        /// The ERP's name.
        name: &'static str,
        /// Why.
        error: ErpError,
    },
    /// The server's own failure (its database, its rules).
    #[error(transparent)]
    Server(#[from] ServerError),
}

/// One reading of `kind` from `erp` (`source` names it on the standing), imported as a file
/// would be: from where the last good reading left off, or everything when `full`; problems
/// leave everything as it was and are returned to be shown. A failure is recorded on the
/// standing, a good reading moves its mark; a dry run records neither.
pub async fn read_and_import<S: ErpSource>(
    db: &ServerDb,
    erp: &S,
    source: &str,
    kind: ImportKind,
    full: bool,
    login: Option<&str>,
    dry_run: bool,
) -> Result<(Fetched, ImportReport), RunError> {
    let before = standing::get(db, source, kind).await?;
    let since = if full { None } else { before.mark.as_deref() };
    let fetched = match erp.fetch(kind, since).await {
        Ok(f) => f,
        Err(error) => {
            if !dry_run {
                standing::failed(db, source, kind, &error, Utc::now()).await?;
            }
            return Err(RunError::Erp {
                name: erp.name(),
                error,
            });
        }
    };
    let report = import_table(db, kind, &fetched.table, login, dry_run).await?;
    if dry_run {
        // A dry run writes nothing, its standing included.
    } else if !report.problems.is_empty() {
        let error = ErpError::Problems {
            count: report.problems.len(),
        };
        standing::failed(db, source, kind, &error, Utc::now()).await?;
    } else {
        standing::succeeded(db, source, kind, fetched.mark.as_deref(), Utc::now()).await?;
    }
    Ok((fetched, report))
}

/// Reads `erp` now and then every `every`, customers before the orders and receivables that
/// name them, for as long as the server runs: each reading imports what changed since the
/// last good one, and its outcome is on its standing (`ixc status`) and in the log. A failed
/// reading is tried again at the next turn (each request was already tried again within it).
pub async fn keep_reading<S: ErpSource>(
    db: ServerDb,
    erp: S,
    source: &'static str,
    every: std::time::Duration,
) {
    let mut turn = tokio::time::interval(every);
    turn.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        turn.tick().await;
        read_turn(&db, &erp, source).await;
    }
}

/// One turn of a scheduled reading: each kind from where its last good reading left off,
/// told in the log (and on the standing) — by one server instance at a time
/// ([`turns`]): another instance's turn under way, this one reads nothing.
pub async fn read_turn<S: ErpSource>(db: &ServerDb, erp: &S, source: &str) {
    let name = format!("read:{source}");
    let turn = match turns::take(db, &name, turns::this_instance(), turns::TURN_TIME).await {
        Ok(Some(turn)) => turn,
        Ok(None) => {
            tracing::debug!(source, "another server instance is reading the ERP");
            return;
        }
        Err(e) => {
            tracing::warn!(source, error = %e, "ERP not read");
            return;
        }
    };
    read_kinds(db, erp, source, &turn).await;
    if let Err(e) = turn.end(db).await {
        tracing::warn!(source, error = %e, "ERP reading turn not ended (it runs out)");
    }
}

/// Reads and imports each kind, told in the log; the turn renewed before each (a kind
/// lost to another instance meanwhile is left to it).
async fn read_kinds<S: ErpSource>(db: &ServerDb, erp: &S, source: &str, turn: &turns::Turn) {
    for kind in standing::READ {
        match turn.renew(db, turns::TURN_TIME).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(source, "ERP reading turn lost to another server instance");
                return;
            }
            Err(e) => {
                tracing::warn!(source, error = %e, "ERP not read");
                return;
            }
        }
        match read_and_import(db, erp, source, kind, false, None, false).await {
            Ok((fetched, report)) if report.problems.is_empty() => tracing::info!(
                source,
                kind = kind.code(),
                read = fetched.table.rows.len(),
                created = report.created,
                updated = report.updated,
                "ERP read"
            ),
            Ok((_, report)) => tracing::warn!(
                source,
                kind = kind.code(),
                problems = report.problems.len(),
                "ERP records with problems; nothing imported (campo-server ixc {} names them)",
                kind.code()
            ),
            Err(e) => tracing::warn!(source, kind = kind.code(), error = %e, "ERP not read"),
        }
    }
}
