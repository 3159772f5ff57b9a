//! The simulated network between the devices and the server: the server's real rules called
//! in process, with requests lost, held up and delivered late, duplicated, replies lost after
//! the server applied them, uploads cut halfway, and sessions that expire.

use std::sync::{Arc, Mutex};

use campo_client::TransportError;
use campo_protocol::wire::{
    Hello, HelloReply, PullMode, PullReply, PushReply, PushRequest, SnapshotReply, WireOp,
};
use campo_server::db::ServerDb;
use campo_server::rules;
use campo_server::users::{self, Session};
use campo_sync::Transport;
use chrono::Utc;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::world::PASSWORD;

/// Network faults, drawn from the simulation's seeded generator.
pub struct Faults {
    pub rng: ChaCha8Rng,
    pub enabled: bool,
}

#[derive(Clone)]
pub struct SimTransport {
    /// The running server's database; replaced when the server restarts.
    db: Arc<Mutex<ServerDb>>,
    pub session: Session,
    faults: Arc<Mutex<Faults>>,
    /// A push held up in the network, delivered later, after newer ones (reordering).
    late: Arc<Mutex<Option<Vec<WireOp>>>>,
    /// The session expired: every call is refused until the person signs in again.
    pub expired: Arc<std::sync::atomic::AtomicBool>,
    /// The server's file folder (it survives restarts).
    blobs: Arc<campo_server::blobs::BlobStore>,
}

impl SimTransport {
    /// `login` signed in from the device `device` to the running server.
    pub async fn signed_in(
        running: &Arc<Mutex<ServerDb>>,
        faults: &Arc<Mutex<Faults>>,
        blobs: &Arc<campo_server::blobs::BlobStore>,
        login: &str,
        device: Uuid,
    ) -> SimTransport {
        let db = running.lock().unwrap().clone();
        let (token, _, _) = users::login(&db, login, PASSWORD, device, users::default_lifetime())
            .await
            .unwrap();
        let session = users::authenticate(&db, &token, users::default_lifetime())
            .await
            .unwrap();
        SimTransport {
            db: running.clone(),
            session,
            faults: faults.clone(),
            late: Arc::default(),
            expired: Arc::default(),
            blobs: blobs.clone(),
        }
    }

    /// The session's state as the server answers it.
    fn session_ok(&self) -> Result<(), TransportError> {
        if self.expired.load(std::sync::atomic::Ordering::SeqCst) {
            Err(TransportError::SessionExpired)
        } else {
            Ok(())
        }
    }

    fn roll(&self, p: f64) -> bool {
        let mut f = self.faults.lock().unwrap();
        f.enabled && f.rng.random_bool(p)
    }
}

fn lost() -> TransportError {
    TransportError::Unreachable {
        detail: "simulated loss".into(),
    }
}

/// The server's refusal as the HTTP transport reports it.
fn refused(e: campo_server::error::ServerError) -> TransportError {
    use campo_server::error::ServerError;
    match e {
        ServerError::ResyncRequired => TransportError::ResyncRequired,
        ServerError::BlobOffset { .. } | ServerError::BlobCorrupt | ServerError::NotFound(_) => {
            let code = match e {
                ServerError::BlobOffset { .. } => campo_protocol::wire::BLOB_OFFSET,
                ServerError::BlobCorrupt => campo_protocol::wire::BLOB_CORRUPT,
                _ => "not_found",
            };
            TransportError::Refused {
                status: 409,
                code: code.into(),
                message: e.to_string(),
                problem: None,
            }
        }
        other => TransportError::Unreachable {
            detail: other.to_string(),
        },
    }
}

impl Transport for SimTransport {
    async fn hello(&self, hello: &Hello) -> Result<HelloReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        rules::hello(&db, &self.session, hello)
            .await
            .map_err(refused)
    }

    async fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.15) {
            if self.roll(0.5) {
                // Held up in the network: the device gives up and will send it again; this
                // copy arrives later, after newer requests.
                *self.late.lock().unwrap() = Some(request.ops.clone());
            }
            return Err(lost()); // the request did not arrive (yet)
        }
        let db = self.db.lock().unwrap().clone();
        let held = if self.roll(0.5) {
            self.late.lock().unwrap().take()
        } else {
            None
        };
        if let Some(old) = held {
            rules::push(&db, &self.session, old)
                .await
                .map_err(refused)?;
        }
        let results = rules::push(&db, &self.session, request.ops.clone())
            .await
            .map_err(refused)?;
        if self.roll(0.1) {
            // Duplicated on the wire: the server sees the batch twice.
            rules::push(&db, &self.session, request.ops.clone())
                .await
                .map_err(refused)?;
        }
        if self.roll(0.15) {
            return Err(lost()); // applied, but the reply was lost
        }
        Ok(PushReply { results })
    }

    async fn pull(
        &self,
        cursor: i64,
        limit: u32,
        mode: PullMode,
    ) -> Result<PullReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        rules::pull(&db, &self.session, cursor, limit.min(7), mode)
            .await
            .map_err(refused)
    }

    async fn snapshot(&self) -> Result<SnapshotReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        campo_server::snapshot::snapshot(&db, &self.session, Utc::now())
            .await
            .map_err(refused)
    }

    async fn blob_status(
        &self,
        hash: &str,
    ) -> Result<campo_protocol::wire::BlobStatus, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        self.blobs.status(&db, hash).await.map_err(refused)
    }

    async fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        mime: &str,
        piece: Vec<u8>,
    ) -> Result<campo_protocol::wire::BlobStatus, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost()); // never arrived
        }
        // The connection drops halfway: the server keeps the first half.
        let cut = self.roll(0.2);
        let body = if cut {
            &piece[..piece.len() / 2]
        } else {
            &piece[..]
        };
        let db = self.db.lock().unwrap().clone();
        let piece = campo_server::blobs::Piece {
            hash: hash.to_owned(),
            offset,
            total,
            mime: mime.to_owned(),
        };
        let status = self
            .blobs
            .append(&db, self.session.user_id, &piece, body)
            .await
            .map_err(refused)?;
        if cut || self.roll(0.1) {
            return Err(lost()); // the reply was lost
        }
        Ok(status)
    }

    async fn get_blob(&self, hash: &str) -> Result<Vec<u8>, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        self.blobs.read(hash).await.map_err(refused)
    }
}
