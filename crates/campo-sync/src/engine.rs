//! The client side of sync: push the outbox in batches, pull the server's changes since the
//! last cursor, apply them locally. Safe to interrupt anywhere: an op is acknowledged only
//! after the server answered for it (a re-push is idempotent by op id), and the cursor moves
//! in the same transaction as the changes it covers.
//!
//! A device with an empty database starts from the server's snapshot of its scope, then
//! pulls the log after it. When the server answers that the device's cursor is older than its
//! retention window (operations it would need were pruned), the engine pushes what is
//! waiting, clears the replicated data and bootstraps again — nothing written here is lost,
//! since the outbox is pushed first and kept. A technician's device then forgets the closed
//! orders that left its window ([`campo_domain::scope`]).

use std::sync::Arc;

use campo_store::outbox::Ack;
use campo_store::sync::RemoteOp;
use campo_store::{OP_SCHEMA_VERSION, Store, StoreError};

pub use campo_client::{Transport, TransportError};
use campo_protocol::wire::{
    Change, Hello, Outcome, PROTOCOL_VERSION, PullMode, PushRequest, WireOp,
};

/// Most payload bytes one push request carries (the server accepts 4 MiB bodies).
pub const MAX_PUSH_BYTES: usize = 1024 * 1024;
/// Bytes per piece of a file sent to the server: a cut connection loses at most this much.
pub const BLOB_PIECE: usize = 256 * 1024;
/// Files fetched from the server per round at most (the rest in the next rounds).
pub const BLOBS_PER_ROUND: i64 = 200;
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
    /// Another server answers at the address this device joined (another provider's, or a
    /// reinstalled one): nothing is sent to it.
    #[error("Outro servidor responde neste endereço")]
    OtherServer,
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
    /// The device was away longer than the retention window and bootstrapped again.
    pub rebootstrapped: bool,
    /// The server refused a change made here: the device loaded its data again, so the
    /// change's effect is undone here too.
    pub realigned: bool,
    /// This device's clock minus the server's, as the server saw it at hello (milliseconds).
    pub clock_skew_ms: i64,
    /// Files (photos) the server received from here.
    pub blobs_sent: usize,
    /// Files fetched from the server.
    pub blobs_fetched: usize,
}

/// How far a pull has come, for a progress bar: changes applied of those there are to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Applied so far.
    pub done: u64,
    /// To apply in all (grows if the server receives more meanwhile).
    pub total: u64,
}

/// Told of the pull's progress after each page.
#[derive(Clone)]
pub struct ProgressSink(Arc<dyn Fn(Progress) + Send + Sync>);

impl ProgressSink {
    /// A sink calling `f`.
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        ProgressSink(Arc::new(f))
    }
}

impl std::fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressSink")
    }
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
    progress: Option<ProgressSink>,
}

/// An outbox row as it travels.
pub fn to_wire(op: &campo_store::outbox::Operation) -> Result<WireOp, SyncError> {
    Ok(WireOp {
        op_id: op.op_id,
        device_id: op.device_id,
        device_seq: op.seq,
        hlc: op.hlc.clone(),
        entity: op.entity.clone(),
        entity_id: op.entity_id,
        kind: op.kind.clone(),
        payload: serde_json::value::RawValue::from_string(op.payload.clone())
            .map_err(StoreError::from)?,
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
            progress: None,
        }
    }

    /// Reports each pull page's progress to `sink`.
    pub fn with_progress(mut self, sink: ProgressSink) -> Self {
        self.progress = Some(sink);
        self
    }

    fn tell(&self, done: i64, total: i64) {
        if let Some(sink) = &self.progress {
            let total = u64::try_from(total).unwrap_or(0);
            let done = u64::try_from(done).unwrap_or(0).min(total);
            (sink.0)(Progress { done, total });
        }
    }

    /// The store it syncs.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The transport it talks through.
    pub fn transport(&self) -> &T {
        &self.transport
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
        if let Some(theirs) = hello.server_id {
            match self.store.server_id().await? {
                Some(ours) if ours != theirs => return Err(SyncError::OtherServer),
                Some(_) => {}
                None => self.store.set_server_id(theirs).await?,
            }
        }
        let mut report = SyncReport {
            update_required: hello.update_required,
            clock_skew_ms: hello.clock_skew_ms,
            ..SyncReport::default()
        };
        self.push_all(&mut report).await?;
        match self.pull_all(&mut report).await {
            Err(SyncError::Transport(TransportError::ResyncRequired)) => {
                // Away longer than the server keeps what it would need: push anything
                // written meanwhile, start again from a snapshot (the outbox is kept).
                self.push_all(&mut report).await?;
                self.store.reset_replica().await?;
                report.rebootstrapped = true;
                self.pull_all(&mut report).await?;
            }
            other => other?,
        }
        if let Some(refused) = self.store.reload_due().await? {
            // A change made here was refused (its effect must not stay), or the person's role
            // changed (what they reach is another): push anything written meanwhile, then load
            // the data again from the server (the outbox is kept).
            self.push_all(&mut report).await?;
            match self.store.reset_replica().await {
                Ok(()) => {
                    report.realigned = true;
                    self.pull_all(&mut report).await?;
                    self.store.reloaded(refused).await?;
                }
                // Written during this round: the next round does it.
                Err(StoreError::Unpushed(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_else(chrono::Utc::now);
        self.store.forget_closed_orders(now).await?;
        self.fetch_blobs(&mut report).await?;
        Ok(report)
    }

    /// Sends every file taken here that the server lacks, each from where the server's copy
    /// stops (a cut upload goes on, a whole one is not sent again).
    pub async fn send_blobs(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let batch = self.store.blobs_to_send(16).await?;
            if batch.is_empty() {
                return Ok(());
            }
            for blob in &batch {
                self.send_blob(blob).await?;
                self.store.blob_sent(&blob.hash).await?;
                report.blobs_sent += 1;
            }
        }
    }

    async fn send_blob(&self, blob: &campo_store::photos::OutgoingBlob) -> Result<(), SyncError> {
        use campo_protocol::wire::{BLOB_CORRUPT, BLOB_OFFSET};
        let total = blob.bytes.len() as u64;
        let mut status = self.transport.blob_status(&blob.hash).await?;
        let mut restarts = 0;
        while !status.complete {
            let from = usize::try_from(status.received).unwrap_or(usize::MAX);
            if from >= blob.bytes.len() {
                return Err(SyncError::Protocol(
                    "the server holds more of a file than it has".into(),
                ));
            }
            let to = (from + BLOB_PIECE).min(blob.bytes.len());
            let piece = blob.bytes[from..to].to_vec();
            match self
                .transport
                .put_blob(&blob.hash, from as u64, total, &blob.mime, piece)
                .await
            {
                Ok(next) => status = next,
                // Another device sent the same file meanwhile, or the server's copy did not
                // match and was dropped: ask where it stands and go on from there.
                Err(TransportError::Refused { code, .. })
                    if (code == BLOB_OFFSET || code == BLOB_CORRUPT) && restarts < 5 =>
                {
                    restarts += 1;
                    status = self.transport.blob_status(&blob.hash).await?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Fetches the files of photos here that are not on this device yet (newest first, a
    /// round's share); one the server does not give is tried again next round.
    pub async fn fetch_blobs(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        for (hash, _) in self.store.blobs_wanted(BLOBS_PER_ROUND).await? {
            match self.transport.get_blob(&hash).await {
                Ok(bytes) => {
                    if self.store.keep_blob(&hash, &bytes).await? {
                        report.blobs_fetched += 1;
                    } else {
                        tracing::warn!(%hash, "a fetched file does not match its name");
                    }
                }
                Err(TransportError::Refused { code, .. })
                    if code == campo_protocol::wire::NOT_FOUND => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Pushes the outbox until it is empty; the files its operations name go first.
    pub async fn push_all(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            // A photo taken meanwhile is in the outbox with its file: send the file first.
            self.send_blobs(report).await?;
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
                    Outcome::Conflict { conflict_id, .. } => {
                        report.conflicts += 1;
                        // The clash the coordination's inbox holds (the sentence is for logs).
                        ("conflict", Some(conflict_id.to_string()))
                    }
                    Outcome::Rejected { refusal, .. } => {
                        report.rejected += 1;
                        // Kept as data: worded when shown, in the reader's language.
                        (
                            "rejected",
                            Some(serde_json::to_string(refusal).map_err(StoreError::from)?),
                        )
                    }
                    Outcome::Quarantined { .. } => {
                        report.quarantined += 1;
                        ("quarantined", None)
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

    /// Pulls pages of changes until the server has nothing newer; a device with an empty
    /// database first applies the server's snapshot of its scope.
    pub async fn pull_all(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        let mut start = self.store.sync_cursor().await?;
        // Progress counts the snapshot's changes, then the log's sequence numbers after it.
        let mut first = 0;
        // A device starting empty needs each record set whole as it stands, not its every
        // version (`campo_protocol::record`).
        let mode = if start == 0 {
            PullMode::Bootstrap
        } else {
            PullMode::Log
        };
        if start == 0 {
            let snapshot = self.transport.snapshot().await?;
            let n = i64::try_from(snapshot.changes.len()).unwrap_or(i64::MAX);
            self.tell(0, n);
            report.pulled += self
                .store
                .apply_remote(&remote_ops(&snapshot.changes), snapshot.cursor)
                .await?;
            self.tell(n, n);
            first = n;
            start = self.store.sync_cursor().await?;
        }
        // The next page is asked for while this one is applied: the server's reading, the
        // way there and back and the device's writing overlap instead of taking turns.
        let mut cursor = self.store.sync_cursor().await?;
        let mut page = self.transport.pull(cursor, self.pull_page, mode).await?;
        loop {
            if page.next_cursor < cursor {
                return Err(SyncError::Protocol(
                    "the server's cursor went backwards".into(),
                ));
            }
            let ops = remote_ops(&page.changes);
            let apply = self.store.apply_remote(&ops, page.next_cursor);
            let (applied, next) = if page.has_more {
                let (applied, next) = tokio::join!(
                    apply,
                    self.transport.pull(page.next_cursor, self.pull_page, mode)
                );
                (applied, Some(next))
            } else {
                (apply.await, None)
            };
            report.pulled += applied?;
            // A technician's share of the log is sparse: the last page completes it.
            let total = first + page.head.max(page.next_cursor) - start;
            let done = if page.has_more {
                first + page.next_cursor - start
            } else {
                total
            };
            self.tell(done, total);
            match next {
                Some(next) => {
                    cursor = page.next_cursor;
                    page = next?;
                }
                None => return Ok(()),
            }
        }
    }
}

/// Pulled changes as the store applies them.
fn remote_ops(changes: &[Change]) -> Vec<RemoteOp> {
    changes
        .iter()
        .map(|c| RemoteOp {
            server_seq: c.server_seq,
            actor_id: c.actor_id,
            device_id: c.op.device_id,
            op_id: c.op.op_id,
            kind: c.op.kind.clone(),
            payload: c.op.payload.get().to_owned(),
        })
        .collect()
}
