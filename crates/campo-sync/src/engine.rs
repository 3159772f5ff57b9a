//! The client side of sync: push the outbox in batches, pull the server's changes since the
//! last cursor, apply them locally. Safe to interrupt anywhere: an op is acknowledged only
//! after the server answered for it (a re-push is idempotent by op id), and the cursor moves
//! in the same transaction as the changes it covers.

use std::future::Future;

use campo_store::sync::{Ack, RemoteOp};
use campo_store::{OP_SCHEMA_VERSION, Store, StoreError};

use crate::wire::{
    Hello, HelloReply, Outcome, PROTOCOL_VERSION, PullReply, PushReply, PushRequest, WireOp,
};

/// Most payload bytes one push request carries (the server accepts 4 MiB bodies).
pub const MAX_PUSH_BYTES: usize = 1024 * 1024;
/// Why a transport call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer (offline, refused, timed out). Try again later.
    #[error("Servidor inacessível: {0}")]
    Unreachable(String),
    /// The token is missing, expired or revoked: log in again.
    #[error("Sessão expirada ou revogada: entre novamente")]
    Unauthorized,
    /// The server refused the request.
    #[error("{message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's code.
        code: String,
        /// The server's message.
        message: String,
    },
    /// The answer could not be read.
    #[error("Resposta inválida do servidor: {0}")]
    Decode(String),
}

/// How the engine reaches the server. The HTTP client implements it; tests and the
/// simulation implement it in memory.
pub trait Transport {
    /// Versions and clocks.
    fn hello(
        &self,
        hello: &Hello,
    ) -> impl Future<Output = Result<HelloReply, TransportError>> + Send;
    /// One batch of operations.
    fn push(
        &self,
        request: &PushRequest,
    ) -> impl Future<Output = Result<PushReply, TransportError>> + Send;
    /// One page of changes after `cursor`.
    fn pull(
        &self,
        cursor: i64,
        limit: u32,
    ) -> impl Future<Output = Result<PullReply, TransportError>> + Send;
}

/// Why a sync round stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The network or the server.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The local database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server answered something that breaks the protocol.
    #[error("Resposta inesperada do servidor: {0}")]
    Protocol(String),
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Operations the server applied.
    pub applied: usize,
    /// Operations the server already had.
    pub duplicates: usize,
    /// Operations that created conflict records.
    pub conflicts: usize,
    /// Operations refused.
    pub rejected: usize,
    /// Operations kept in quarantine (this app is older or newer than the server).
    pub quarantined: usize,
    /// Changes pulled and applied here.
    pub pulled: usize,
    /// The server asks for an update.
    pub update_required: bool,
}

/// Pushes and pulls for one store through one transport.
#[derive(Debug)]
pub struct SyncEngine<T> {
    store: Store,
    transport: T,
    /// Operations per push.
    pub push_batch: usize,
    /// Changes per pull page.
    pub pull_page: u32,
}

/// An outbox row as it travels.
pub fn to_wire(op: &campo_store::ops::Operation) -> Result<WireOp, SyncError> {
    Ok(WireOp {
        op_id: op.op_id,
        device_id: op.device_id,
        device_seq: op.seq,
        hlc: op.hlc.clone(),
        entity: op.entity.clone(),
        entity_id: op.entity_id,
        kind: op.kind.clone(),
        payload: serde_json::from_str(&op.payload).map_err(StoreError::from)?,
        schema_version: op.schema_version,
    })
}

impl<T: Transport> SyncEngine<T> {
    /// An engine for `store` over `transport`.
    pub fn new(store: Store, transport: T) -> Self {
        SyncEngine {
            store,
            transport,
            push_batch: 100,
            pull_page: 500,
        }
    }

    /// The store it syncs.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// One full round: hello, push everything waiting, pull everything new.
    pub async fn sync_once(&self, app_version: &str, now_ms: i64) -> Result<SyncReport, SyncError> {
        let hello = self
            .transport
            .hello(&Hello {
                protocol: PROTOCOL_VERSION,
                schema_version: OP_SCHEMA_VERSION,
                app_version: app_version.to_owned(),
                client_time_ms: now_ms,
            })
            .await?;
        let mut report = SyncReport {
            update_required: hello.update_required,
            ..SyncReport::default()
        };
        self.push_all(&mut report).await?;
        self.pull_all(&mut report).await?;
        Ok(report)
    }

    /// Pushes the outbox until it is empty.
    pub async fn push_all(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let mut pending = self
                .store
                .pending_operations(self.push_batch as i64)
                .await?;
            if pending.is_empty() {
                return Ok(());
            }
            // Keep each request well under the server's body limit: stock batches carry up
            // to hundreds of lines per operation.
            let mut bytes = 0;
            let fits = pending
                .iter()
                .take_while(|op| {
                    bytes += op.payload.len() + 512;
                    bytes <= MAX_PUSH_BYTES
                })
                .count();
            pending.truncate(fits.max(1));
            let ops = pending.iter().map(to_wire).collect::<Result<Vec<_>, _>>()?;
            let reply = self.transport.push(&PushRequest { ops }).await?;
            if reply.results.len() != pending.len()
                || reply
                    .results
                    .iter()
                    .zip(&pending)
                    .any(|(r, p)| r.op_id != p.op_id)
            {
                return Err(SyncError::Protocol(
                    "push results do not match the batch".into(),
                ));
            }
            let mut acks = Vec::with_capacity(pending.len());
            for (result, op) in reply.results.iter().zip(&pending) {
                let (code, note) = match &result.outcome {
                    Outcome::Applied { .. } => {
                        report.applied += 1;
                        ("applied", None)
                    }
                    Outcome::Duplicate { .. } => {
                        report.duplicates += 1;
                        ("duplicate", None)
                    }
                    Outcome::Conflict { message, .. } => {
                        report.conflicts += 1;
                        ("conflict", Some(message.clone()))
                    }
                    Outcome::Rejected { message, .. } => {
                        report.rejected += 1;
                        ("rejected", Some(message.clone()))
                    }
                    Outcome::Quarantined { message } => {
                        report.quarantined += 1;
                        ("quarantined", Some(message.clone()))
                    }
                };
                acks.push(Ack {
                    seq: op.seq,
                    outcome: code.to_owned(),
                    note,
                });
            }
            self.store.acknowledge(&acks).await?;
        }
    }

    /// Pulls pages of changes until the server has nothing newer.
    pub async fn pull_all(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let cursor = self.store.sync_cursor().await?;
            let page = self.transport.pull(cursor, self.pull_page).await?;
            if page.next_cursor < cursor {
                return Err(SyncError::Protocol(
                    "the server's cursor went backwards".into(),
                ));
            }
            let remote: Vec<RemoteOp> = page
                .changes
                .iter()
                .map(|c| RemoteOp {
                    server_seq: c.server_seq,
                    actor_id: c.actor_id,
                    device_id: c.op.device_id,
                    op_id: c.op.op_id,
                    kind: c.op.kind.clone(),
                    payload: c.op.payload.to_string(),
                })
                .collect();
            report.pulled += self.store.apply_remote(&remote, page.next_cursor).await?;
            if !page.has_more {
                return Ok(());
            }
        }
    }
}
