//! Stored files (photos of visits), apart from the operations that name them. A file is named
//! by the SHA-256 of its bytes, so it is kept once however many devices send it. It arrives
//! in pieces (`PUT /v1/blobs/{hash}?offset=…&total=…&mime=…`): a cut upload goes on from
//! what the server holds (`GET /v1/blobs/{hash}/status`), and only a whole file whose bytes
//! match its name is kept (moved from `partial/` into place and recorded in `blobs`). The
//! operation that names a file is applied only once the file is here (the push rules read
//! `blobs`). Whole files live in a folder (`serve --blob-dir`, by default `blobs/` in the data
//! folder) or, when configured, in an S3-compatible bucket ([`S3Config`]; pieces still gather
//! in the folder's `partial/` until the file is whole); size and type limits are
//! [`campo_domain::photo`]'s, refused by name.
//!
//! Who may fetch a file: the office roles any kept file; anyone else only a file they sent
//! or one of a photo on an order assigned to them (`blob_refs`).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use campo_domain::photo::{is_blob_hash, max_blob_bytes};
use campo_protocol::wire::BlobStatus;
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ObjectStore, PutPayload, RetryConfig};
use serde::Deserialize;

use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;

/// Files up to this size go to the bucket in one request; larger ones in parts of this size,
/// read from the file one at a time (S3's parts are at least 5 MiB but the last).
const BUCKET_PART: usize = 8 * 1024 * 1024;

/// Sends the whole file at `path` to `key` in the bucket without holding more than a part
/// of it in memory.
async fn to_bucket(
    store: &dyn ObjectStore,
    key: &ObjectPath,
    path: &Path,
) -> Result<(), ServerError> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(ServerError::Storage)?;
    let size = file.metadata().await.map_err(ServerError::Storage)?.len();
    if size <= BUCKET_PART as u64 {
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(BUCKET_PART));
        file.read_to_end(&mut bytes)
            .await
            .map_err(ServerError::Storage)?;
        return store
            .put(key, PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(ServerError::Bucket);
    }
    let mut upload = object_store::WriteMultipart::new_with_chunk_size(
        store
            .put_multipart(key)
            .await
            .map_err(ServerError::Bucket)?,
        BUCKET_PART,
    );
    let mut part = vec![0; BUCKET_PART];
    loop {
        let read = match file.read(&mut part).await {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let _ = upload.abort().await;
                return Err(ServerError::Storage(e));
            }
        };
        // At most one part waits to be sent while the next is read.
        if let Err(e) = upload.wait_for_capacity(1).await {
            return Err(ServerError::Bucket(e));
        }
        upload.write(&part[..read]);
    }
    upload
        .finish()
        .await
        .map(|_| ())
        .map_err(ServerError::Bucket)
}

/// Most bytes one piece of an upload carries.
pub const MAX_PIECE: usize = 1024 * 1024;
/// Pieces written at once; more wait with their bodies unread (memory stays flat however
/// many technicians send photos together).
pub const PIECES_IN_FLIGHT: usize = 16;

/// Where files are kept: whole ones in the folder or a bucket, pieces in the folder.
#[derive(Debug)]
pub struct BlobStore {
    root: PathBuf,
    keep: Keep,
    /// One lock per first byte of the hash: two pieces of the same file never interleave.
    locks: Vec<tokio::sync::Mutex<()>>,
}

/// Where whole files go.
#[derive(Debug)]
enum Keep {
    /// Under the folder, as `ab/abcd…`.
    Folder,
    /// In an S3-compatible bucket, as `ab/abcd…` below the configured prefix.
    Bucket(Box<dyn ObjectStore>),
}

/// An S3-compatible bucket (AWS S3, MinIO, Ceph, Wasabi …) for whole files. What is not
/// given here is read from the standard `AWS_*` environment variables (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT` …); keys never appear in logs.
#[derive(Clone, Default)]
pub struct S3Config {
    /// The bucket's name (it must exist).
    pub bucket: String,
    /// The service's address for other than AWS, e.g. `http://127.0.0.1:9000` for MinIO.
    pub endpoint: Option<String>,
    /// The region (`us-east-1` when neither this nor `AWS_REGION` says).
    pub region: Option<String>,
    /// A folder inside the bucket, when the bucket is shared.
    pub prefix: Option<String>,
    /// The access key id.
    pub access_key_id: Option<String>,
    /// The secret key.
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl BlobStore {
    /// Files kept under `root` (created if missing).
    pub fn open(root: &Path) -> Result<Arc<Self>, ServerError> {
        Self::with(root, Keep::Folder)
    }

    /// Whole files kept in the bucket `config` names, pieces gathered under `staging`.
    /// The bucket is asked once here, so a wrong name, address or key stops the server at
    /// start instead of at the first photo.
    pub async fn with_bucket(staging: &Path, config: &S3Config) -> Result<Arc<Self>, ServerError> {
        // A few quick retries: the device sends the piece again anyway, and a wrong address
        // is told at start within seconds.
        let retry = RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: std::time::Duration::from_secs(30),
        };
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&config.bucket)
            .with_retry(retry);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = &config.region {
            builder = builder.with_region(region);
        }
        if let Some(key) = &config.access_key_id {
            builder = builder.with_access_key_id(key);
        }
        if let Some(secret) = &config.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        let bucket = builder.build().map_err(|e| {
            ServerError::Operator(format!("Configuração do armazenamento S3 inválida: {e}"))
        })?;
        let store: Box<dyn ObjectStore> = match config.prefix.as_deref().map(str::trim) {
            Some(prefix) if !prefix.is_empty() => Box::new(PrefixStore::new(bucket, prefix)),
            _ => Box::new(bucket),
        };
        store
            .list_with_delimiter(Some(&ObjectPath::from("campo-probe")))
            .await
            .map_err(|e| {
                ServerError::Operator(format!(
                    "O bucket S3 \"{}\" não respondeu como esperado: {e}",
                    config.bucket
                ))
            })?;
        Self::with(staging, Keep::Bucket(store))
    }

    fn with(root: &Path, keep: Keep) -> Result<Arc<Self>, ServerError> {
        std::fs::create_dir_all(root.join("partial")).map_err(ServerError::Storage)?;
        Ok(Arc::new(BlobStore {
            root: root.to_owned(),
            keep,
            locks: (0..256).map(|_| tokio::sync::Mutex::new(())).collect(),
        }))
    }

    /// Whether whole files go to a bucket.
    pub fn in_bucket(&self) -> bool {
        matches!(self.keep, Keep::Bucket(_))
    }

    /// The names of the whole files kept (for checks and tests; walks the whole store).
    pub async fn kept_files(&self) -> Result<Vec<String>, ServerError> {
        let mut names = match &self.keep {
            Keep::Folder => {
                let root = self.root.clone();
                tokio::task::spawn_blocking(move || folder_files(&root))
                    .await
                    .map_err(|e| ServerError::Storage(std::io::Error::other(e.to_string())))?
                    .map_err(ServerError::Storage)?
            }
            Keep::Bucket(store) => store
                .list(None)
                .map_ok(|meta| meta.location.filename().unwrap_or_default().to_owned())
                .try_collect::<Vec<_>>()
                .await
                .map_err(ServerError::Bucket)?,
        };
        names.sort();
        Ok(names)
    }

    /// How many uploads are under way (pieces held, file not whole yet).
    pub fn partial_files(&self) -> usize {
        std::fs::read_dir(self.root.join("partial"))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }

    fn key(hash: &str) -> ObjectPath {
        ObjectPath::from(format!("{}/{hash}", &hash[..2]))
    }

    fn kept(&self, hash: &str) -> PathBuf {
        self.root.join(&hash[..2]).join(hash)
    }

    fn partial(&self, hash: &str) -> PathBuf {
        self.root.join("partial").join(hash)
    }

    fn lock(&self, hash: &str) -> &tokio::sync::Mutex<()> {
        let i = usize::from_str_radix(&hash[..2], 16).unwrap_or(0);
        &self.locks[i % self.locks.len()]
    }

    /// How much of `hash` is here.
    pub async fn status(&self, db: &ServerDb, hash: &str) -> Result<BlobStatus, ServerError> {
        if let Some(size) = recorded(db, hash).await? {
            return Ok(BlobStatus {
                received: size,
                complete: true,
            });
        }
        let received = match tokio::fs::metadata(self.partial(hash)).await {
            Ok(m) => m.len(),
            Err(e) if e.kind() == ErrorKind::NotFound => 0,
            Err(e) => return Err(ServerError::Storage(e)),
        };
        Ok(BlobStatus {
            received,
            complete: false,
        })
    }

    /// Adds a piece of `hash` at `offset`; keeps the file once it is whole and matches.
    pub async fn append(
        &self,
        db: &ServerDb,
        uploader: uuid::Uuid,
        piece: &Piece,
        body: &[u8],
    ) -> Result<BlobStatus, ServerError> {
        let hash = piece.hash.as_str();
        let _held = self.lock(hash).lock().await;
        let now = self.status(db, hash).await?;
        if now.complete {
            // Never kept twice: the whole file is already here.
            return Ok(now);
        }
        if now.received != piece.offset {
            return Err(ServerError::BlobOffset {
                received: now.received,
            });
        }
        let end = piece.offset + body.len() as u64;
        if end > piece.total {
            return Err(ServerError::BlobCorrupt);
        }
        // The file's work in one blocking task with a small buffer: a piece is written, a
        // whole file is hashed as it is read back (never held in memory whole).
        let (path, expected) = (self.partial(hash), hash.to_owned());
        let kept = matches!(self.keep, Keep::Folder).then(|| self.kept(hash));
        let data = body.to_vec();
        let whole = end == piece.total;
        let matched = tokio::task::spawn_blocking(move || -> std::io::Result<Option<bool>> {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            file.write_all(&data)?;
            if !whole {
                return Ok(None);
            }
            file.sync_all()?;
            drop(file);
            let mut hasher = campo_domain::photo::BlobHasher::default();
            std::io::copy(&mut std::fs::File::open(&path)?, &mut hasher)?;
            if hasher.finish() != expected {
                // Not the file its name says: start again from nothing.
                let _ = std::fs::remove_file(&path);
                return Ok(Some(false));
            }
            if let Some(kept) = kept {
                // Never left whole in `partial/`: a device would find more there than it sent.
                let moved = kept
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::rename(&path, &kept));
                if let Err(e) = moved {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
            }
            Ok(Some(true))
        })
        .await
        .map_err(|e| ServerError::Storage(std::io::Error::other(e.to_string())))?
        .map_err(storage)?;
        match matched {
            None => {
                return Ok(BlobStatus {
                    received: end,
                    complete: false,
                });
            }
            Some(false) => return Err(ServerError::BlobCorrupt),
            Some(true) => {}
        }
        if let Keep::Bucket(store) = &self.keep {
            let path = self.partial(hash);
            let sent = to_bucket(store.as_ref(), &Self::key(hash), &path).await;
            // Whole or not, the pieces go: kept in the bucket, or sent again from the start.
            let _ = tokio::fs::remove_file(&path).await;
            sent?;
        }
        sqlx::query(
            "INSERT INTO blobs (hash, size, mime, uploaded_by, stored_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(hash)
        .bind(i64::try_from(piece.total).unwrap_or(i64::MAX))
        .bind(&piece.mime)
        .bind(uploader.to_string())
        .bind(crate::timestamp(chrono::Utc::now()))
        .execute(db.pool())
        .await?;
        tracing::info!(%hash, bytes = piece.total, "file kept");
        Ok(BlobStatus {
            received: piece.total,
            complete: true,
        })
    }

    /// A kept file as a stream of pieces, so a large one is never held whole in memory.
    pub async fn stream(&self, hash: &str) -> Result<axum::body::Body, ServerError> {
        match &self.keep {
            Keep::Folder => {
                let file = tokio::fs::File::open(self.kept(hash)).await.map_err(|e| {
                    if e.kind() == ErrorKind::NotFound {
                        not_here()
                    } else {
                        ServerError::Storage(e)
                    }
                })?;
                let pieces = futures_util::stream::unfold(file, |mut file| async move {
                    use tokio::io::AsyncReadExt;
                    let mut piece = vec![0; 256 * 1024];
                    match file.read(&mut piece).await {
                        Ok(0) => None,
                        Ok(n) => {
                            piece.truncate(n);
                            Some((
                                Ok::<_, std::io::Error>(axum::body::Bytes::from(piece)),
                                file,
                            ))
                        }
                        Err(e) => Some((Err(e), file)),
                    }
                });
                // Fused: the body may ask once more after the end.
                Ok(axum::body::Body::from_stream(
                    futures_util::StreamExt::fuse(pieces),
                ))
            }
            Keep::Bucket(store) => match store.get(&Self::key(hash)).await {
                Ok(got) => Ok(axum::body::Body::from_stream(got.into_stream())),
                Err(object_store::Error::NotFound { .. }) => Err(not_here()),
                Err(e) => Err(ServerError::Bucket(e)),
            },
        }
    }

    /// The bytes of a kept file.
    pub async fn read(&self, hash: &str) -> Result<Vec<u8>, ServerError> {
        match &self.keep {
            Keep::Folder => tokio::fs::read(self.kept(hash)).await.map_err(|e| {
                if e.kind() == ErrorKind::NotFound {
                    not_here()
                } else {
                    ServerError::Storage(e)
                }
            }),
            Keep::Bucket(store) => {
                let got = match store.get(&Self::key(hash)).await {
                    Ok(got) => got.bytes().await,
                    Err(e) => Err(e),
                };
                got.map(|b| b.to_vec()).map_err(|e| match e {
                    object_store::Error::NotFound { .. } => not_here(),
                    e => ServerError::Bucket(e),
                })
            }
        }
    }
}

/// The files under `root`'s two-letter folders (not `partial/`).
fn folder_files(root: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for dir in std::fs::read_dir(root)? {
        let dir = dir?;
        if dir.file_name() == "partial" || !dir.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path())? {
            names.push(file?.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

fn storage(e: std::io::Error) -> ServerError {
    if e.kind() == ErrorKind::StorageFull || e.raw_os_error() == Some(28) {
        ServerError::StorageFull
    } else {
        ServerError::Storage(e)
    }
}

fn not_here() -> ServerError {
    ServerError::NotFound(campo_protocol::Problem::BlobNotFound)
}

/// The size of a kept file, if it is kept.
async fn recorded(db: &ServerDb, hash: &str) -> Result<Option<u64>, ServerError> {
    let size: Option<i64> = sqlx::query_scalar("SELECT size FROM blobs WHERE hash = $1")
        .bind(hash)
        .fetch_optional(db.pool())
        .await?;
    Ok(size.map(|s| u64::try_from(s).unwrap_or(0)))
}

/// Whether the file `hash` is kept (an operation naming it may apply).
pub(crate) async fn is_kept(tx: &mut sqlx::AnyConnection, hash: &str) -> Result<bool, ServerError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM blobs WHERE hash = $1")
        .bind(hash)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(found.is_some())
}

/// Where a piece goes, as the query of a `PUT` says.
#[derive(Debug, Deserialize)]
pub struct Piece {
    /// The file's name (set from the path).
    #[serde(skip)]
    pub hash: String,
    /// Where the piece starts.
    pub offset: u64,
    /// The whole file's size.
    pub total: u64,
    /// Its type.
    pub mime: String,
}

fn check_hash(hash: &str) -> Result<(), ServerError> {
    if is_blob_hash(hash) {
        Ok(())
    } else {
        Err(ServerError::BadRequest(
            campo_protocol::Problem::BlobNameInvalid,
        ))
    }
}

/// `GET /v1/blobs/{hash}/status`.
pub(crate) async fn status(
    State(state): State<AppState>,
    Auth(_, _): Auth,
    UrlPath(hash): UrlPath<String>,
) -> Result<Json<BlobStatus>, ServerError> {
    check_hash(&hash)?;
    Ok(Json(state.blobs().status(&state.db, &hash).await?))
}

/// `PUT /v1/blobs/{hash}`: one piece.
pub(crate) async fn put(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    UrlPath(hash): UrlPath<String>,
    Query(mut piece): Query<Piece>,
    body: Bytes,
) -> Result<Json<BlobStatus>, ServerError> {
    check_hash(&hash)?;
    let Some(max) = max_blob_bytes(&piece.mime) else {
        return Err(ServerError::BlobType);
    };
    if piece.total > max || piece.total == 0 {
        return Err(ServerError::BlobTooLarge);
    }
    piece.hash = hash;
    Ok(Json(
        state
            .blobs()
            .append(&state.db, session.user_id, &piece, &body)
            .await?,
    ))
}

/// `GET /v1/blobs/{hash}`: the bytes, to whoever may see them.
pub(crate) async fn get(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    UrlPath(hash): UrlPath<String>,
) -> Result<Response, ServerError> {
    check_hash(&hash)?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT mime, uploaded_by FROM blobs WHERE hash = $1")
            .bind(&hash)
            .fetch_optional(state.db.pool())
            .await?;
    let Some((mime, uploaded_by)) = row else {
        return Err(not_here());
    };
    let me = session.user_id.to_string();
    let office = session.role.is_office() && session.role != campo_protocol::policy::Role::Seller;
    if !office && uploaded_by != me {
        let theirs: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM blob_refs r JOIN orders o ON o.id = r.order_id
             WHERE r.hash = $1 AND o.technician_id = $2",
        )
        .bind(&hash)
        .bind(&me)
        .fetch_optional(state.db.pool())
        .await?;
        if theirs.is_none() {
            // Not told apart from a missing file: a name says nothing about others' work.
            return Err(not_here());
        }
    }
    let body = state.blobs().stream(&hash).await?;
    Ok(([(header::CONTENT_TYPE, mime)], body).into_response())
}
