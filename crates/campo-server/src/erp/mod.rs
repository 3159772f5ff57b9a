//! Connectors to a provider's ERP, behind [`ErpSource`]: each reads the ERP's records of a
//! kind (customers first) into a [`Table`] with the column names Campo's import already
//! matches, so they go through exactly the check and the all-or-nothing push of a file
//! (`import::import_table`) — the same record twice changes nothing, an updated one updates
//! by the ERP's id. IXC Provedor is the one written ([`ixc`]); what MK Solutions and Hubsoft
//! would need is in docs/import/ERP.md.

pub mod ixc;
pub mod standing;
pub mod writeback;

use std::future::Future;

use campo_import::{ImportKind, Table};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::import::{ImportReport, import_table};

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
    /// The ERP id of the row at `line` of the table, if any.
    pub fn id_at(&self, line: usize) -> Option<&str> {
        line.checked_sub(2)
            .and_then(|i| self.ids.get(i))
            .map(String::as_str)
    }
}

/// A setting of a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// The ERP's address.
    Address,
    /// The API user.
    User,
    /// The API user's token.
    Token,
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Setting::Address => "o endereço",
            Setting::User => "o usuário da API",
            Setting::Token => "o token",
        })
    }
}

/// Why the ERP could not be read (kept as its code and parameters, worded where shown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErpError {
    /// Not set up: what is missing.
    #[error("a conexão com o ERP não está configurada: falta {setting}")]
    NotConfigured {
        /// What is missing.
        setting: Setting,
    },
    /// The address given is not a web address.
    #[error("o endereço do ERP não é um endereço web (http:// ou https://): {address}")]
    BadAddress {
        /// The address as given.
        address: String,
    },
    /// The ERP refused the user or token.
    #[error("o ERP recusou o usuário ou o token (HTTP {status}); confira-os na configuração")]
    Unauthorized {
        /// The HTTP status.
        status: u16,
    },
    /// The ERP answered with an error of its own.
    #[error("o ERP respondeu com um erro: {message}")]
    Refused {
        /// The ERP's words.
        message: String,
    },
    /// Nothing usable after every attempt.
    #[error("o ERP não respondeu como esperado depois de {attempts} tentativas ({cause})")]
    Unavailable {
        /// How many times it was tried.
        attempts: u32,
        /// What went wrong the last time.
        cause: Cause,
    },
    /// This connector does not read that kind of record (yet).
    #[error("este conector ainda não lê {}", kind.code())]
    Unsupported {
        /// The kind asked for.
        kind: ImportKind,
    },
    /// What was read has problems (each named where the reading ran); nothing was imported.
    #[error("{count} registro(s) com problema; nada foi importado")]
    Problems {
        /// How many problems.
        count: usize,
    },
}

/// What went wrong with one attempt, in words a provider's admin understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// No answer within the time allowed.
    #[error("sem resposta dentro do tempo limite")]
    Timeout,
    /// The address could not be reached.
    #[error("não foi possível conectar ao endereço")]
    Unreachable,
    /// An HTTP error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// An answer that is not the listing's shape.
    #[error("resposta em formato inesperado")]
    Garbage,
}

impl Cause {
    /// Whether trying again may help (a refusal of the credentials does not).
    pub fn transient(&self) -> bool {
        match self {
            Cause::Status(s) => *s == 429 || *s >= 500,
            Cause::Timeout | Cause::Unreachable | Cause::Garbage => true,
        }
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
        for kind in [
            ImportKind::Customers,
            ImportKind::Orders,
            ImportKind::Receivables,
        ] {
            match read_and_import(&db, &erp, source, kind, false, None, false).await {
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
}
