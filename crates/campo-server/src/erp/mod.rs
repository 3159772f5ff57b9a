//! Connectors to a provider's ERP, behind [`ErpSource`]: each reads the ERP's records of a
//! kind (customers first) into a [`Table`] with the column names Campo's import already
//! matches, so they go through exactly the check and the all-or-nothing push of a file
//! (`import::import_table`) — the same record twice changes nothing, an updated one updates
//! by the ERP's id. IXC Provedor is the one written ([`ixc`]); what MK Solutions and Hubsoft
//! would need is in docs/import/ERP.md.

pub mod ixc;

use std::future::Future;

use campo_import::{ImportKind, Table};

/// What a connector read: the table, and each row's id in the ERP (for messages).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The records as a table (line 2 onwards, as a file would number them).
    pub table: Table,
    /// The ERP's id of each row, in the table's order.
    pub ids: Vec<String>,
}

impl Fetched {
    /// The ERP id of the row at `line` of the table, if any.
    pub fn id_at(&self, line: usize) -> Option<&str> {
        line.checked_sub(2)
            .and_then(|i| self.ids.get(i))
            .map(String::as_str)
    }
}

/// Why the ERP could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErpError {
    /// Not set up: what is missing.
    #[error("a conexão com o ERP não está configurada: falta {0}")]
    NotConfigured(&'static str),
    /// The address given is not a web address.
    #[error("o endereço do ERP não é um endereço web (http:// ou https://): {0}")]
    BadAddress(String),
    /// The ERP refused the user or token.
    #[error("o ERP recusou o usuário ou o token (HTTP {status}); confira-os na configuração")]
    Unauthorized {
        /// The HTTP status.
        status: u16,
    },
    /// The ERP answered with an error of its own.
    #[error("o ERP respondeu com um erro: {0}")]
    Refused(String),
    /// Nothing usable after every attempt.
    #[error("o ERP não respondeu como esperado depois de {attempts} tentativas ({cause})")]
    Unavailable {
        /// How many times it was tried.
        attempts: u32,
        /// What went wrong the last time.
        cause: Cause,
    },
    /// This connector does not read that kind of record (yet).
    #[error("este conector ainda não lê {0}")]
    Unsupported(&'static str),
}

/// What went wrong with one attempt, in words a provider's admin understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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

    /// Every record of `kind` the ERP holds that Campo takes (customers: the active ones).
    fn fetch(&self, kind: ImportKind) -> impl Future<Output = Result<Fetched, ErpError>> + Send;
}
