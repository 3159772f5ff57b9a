//! What travels between a device and the server. JSON, camelCase.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::refusal::Refusal;

/// Version of this protocol; the server refuses devices speaking another (3: refusals travel
/// as a code and parameters).
pub const PROTOCOL_VERSION: u32 = 3;

/// One operation as pushed by a device and served back in pulls.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireOp {
    /// Idempotency key.
    pub op_id: Uuid,
    /// Device that wrote it.
    pub device_id: Uuid,
    /// That device's gap-free sequence.
    pub device_seq: i64,
    /// Hybrid logical clock, encoded.
    pub hlc: String,
    /// Entity name (`work_order`, `customer`, …).
    pub entity: String,
    /// Entity id.
    pub entity_id: Uuid,
    /// Kind (`order.transition`, …).
    pub kind: String,
    /// The operation's body, as JSON text: the server stores and serves it without building
    /// a tree (it reads it typed where a rule needs it).
    pub payload: Box<serde_json::value::RawValue>,
    /// Payload schema version.
    pub schema_version: i32,
}

/// A value as an operation's JSON body.
pub fn payload_of<T: Serialize>(
    body: &T,
) -> Result<Box<serde_json::value::RawValue>, serde_json::Error> {
    serde_json::value::to_raw_value(body)
}

/// Credentials for a device joining the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// The person's login.
    pub login: String,
    /// Their password.
    pub password: String,
    /// The device asking (its store's device id).
    pub device_id: Uuid,
}

/// Who logged in, and the device-bound token to send as `Authorization: Bearer …`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginReply {
    /// Bearer token (only its hash is kept by the server).
    pub token: String,
    /// Expiry, RFC 3339 UTC.
    pub expires_at: String,
    /// The person's id (also their id in `people`).
    pub user_id: Uuid,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: crate::Role,
    /// Which server this is (kept by the device; absent from servers before it was sent).
    #[serde(default)]
    pub server_id: Option<Uuid>,
    /// The password was given by the administration: the person chooses their own before
    /// anything else is answered.
    #[serde(default)]
    pub password_change: bool,
}

/// First message of a sync: versions and clocks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hello {
    /// Protocol spoken.
    pub protocol: u32,
    /// Operation schema version the device writes.
    pub schema_version: i32,
    /// The app's version, for the server's logs.
    pub app_version: String,
    /// The device's wall clock, milliseconds since the epoch.
    pub client_time_ms: i64,
}

/// The server's answer to [`Hello`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HelloReply {
    /// The server's wall clock.
    pub server_time_ms: i64,
    /// Device clock minus server clock, as the server saw it.
    pub clock_skew_ms: i64,
    /// Oldest operation schema the server applies.
    pub min_schema_version: i32,
    /// Newest operation schema the server applies.
    pub max_schema_version: i32,
    /// The device must update before its newer operations can be applied (they are kept
    /// in quarantine meanwhile, never dropped).
    pub update_required: bool,
    /// What to tell the person, in pt-BR.
    pub message: Option<String>,
    /// Which server this is: a device that joined another one sends nothing here.
    #[serde(default)]
    pub server_id: Option<Uuid>,
}

/// A batch of operations, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    /// The operations.
    pub ops: Vec<WireOp>,
}

/// What became of one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied now, at this place in the server's order.
    Applied {
        /// Server sequence.
        server_seq: i64,
    },
    /// Already had it (a re-sent batch): nothing changed.
    Duplicate {
        /// Server sequence it was applied at, if it was applied.
        server_seq: Option<i64>,
    },
    /// Recorded, but it clashed with the server's state: a conflict record exists for the
    /// people concerned to resolve.
    Conflict {
        /// The conflict record.
        conflict_id: Uuid,
        /// What clashed, in pt-BR.
        message: String,
    },
    /// Refused; nothing was applied.
    Rejected {
        /// Why, as a code and its parameters (each device words it in its person's language).
        refusal: Refusal,
        /// The server's sentence, in pt-BR, for logs.
        message: String,
    },
    /// Kept aside until the server understands its schema version.
    Quarantined {
        /// Why, in pt-BR.
        message: String,
    },
}

impl Outcome {
    /// Refused for `refusal`, with its pt-BR sentence for logs.
    pub fn rejected(refusal: Refusal) -> Outcome {
        Outcome::Rejected {
            message: refusal.to_string(),
            refusal,
        }
    }
}

/// Outcome of one operation of a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResult {
    /// The operation.
    pub op_id: Uuid,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The server's answer to a push, one result per operation in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushReply {
    /// Per-operation results.
    pub results: Vec<PushResult>,
}

/// One applied operation in the server's order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Position in the server's order.
    pub server_seq: i64,
    /// Who did it (from the pusher's token, never from the payload).
    pub actor_id: Uuid,
    /// The operation (personal fields removed for roles that must not see them).
    pub op: WireOp,
}

/// How much of the log a pull brings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PullMode {
    /// Every operation after the cursor (a device keeping up).
    #[default]
    Log,
    /// For a device that started empty: an operation that sets a record whole is left out
    /// when the record's next operation replaces it ([`crate::record`]), so the device gets
    /// each such record's state rather than its every version.
    Bootstrap,
}

/// A page of changes after a cursor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullReply {
    /// Changes, in server order.
    pub changes: Vec<Change>,
    /// Cursor to ask from next time.
    pub next_cursor: i64,
    /// More pages are waiting.
    pub has_more: bool,
    /// Newest server sequence visible, for progress.
    pub head: i64,
}

/// What a device with an empty database starts from: the state of its scope at one point of
/// the server's order, then it pulls the log from `cursor`. A technician gets the catalogue,
/// its van's movements and one `order.grant` per order it keeps (current state, no personal
/// data); an office device needs every order's history, so it gets no changes and cursor 0,
/// and pulls the log from the start with [`PullMode::Bootstrap`] (each record set whole as it
/// stands, every event).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotReply {
    /// The scope's state, as operations to apply in this order.
    pub changes: Vec<Change>,
    /// Where the snapshot stands in the server's order: pull after it.
    pub cursor: i64,
}

/// Code of the answer (HTTP 410) to a pull from a cursor older than the retention window:
/// operations it would need were pruned, so the device bootstraps again.
pub const RESYNC_REQUIRED: &str = "resync_required";

/// Code of the answer (HTTP 401) to a request with a session that ran out unused.
pub const SESSION_EXPIRED: &str = "session_expired";

/// Code of the answer (HTTP 401) to a request with a session that was ended (signed out, or
/// ended by an administrator).
pub const SESSION_ENDED: &str = "session_ended";

/// Code of the answer (HTTP 403) to a request from a disabled account.
pub const ACCOUNT_DISABLED: &str = "account_disabled";

/// Code of the answer (HTTP 403) to any request but choosing a password from an account whose
/// password the administration gave (a new account, or one reset): the person chooses their
/// own first ([`crate::accounts::PasswordChange`]).
pub const PASSWORD_CHANGE_REQUIRED: &str = "password_change_required";

/// Code of the answer (HTTP 401) to a request without a valid session.
pub const UNAUTHORIZED: &str = "unauthorized";

/// Code of the answer (HTTP 401) to a sign-in with a wrong login or password.
pub const BAD_CREDENTIALS: &str = "bad_credentials";

/// Code of the answer (HTTP 429) to too many sign-ins or requests from one place.
pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";

/// Code of the answer (HTTP 403) to a request the person's role may not make.
pub const FORBIDDEN: &str = "forbidden";

/// Code of the answer (HTTP 413) to a request body over the size limit.
pub const TOO_LARGE: &str = "too_large";

/// Code of the answer (HTTP 400) to a body or query the server cannot read.
pub const BAD_REQUEST: &str = "bad_request";

/// Code of the answer (HTTP 404) to a request for a record the server does not have.
pub const NOT_FOUND: &str = "not_found";

/// Code of the answer (HTTP 404) to a path that is not Campo's API: the address is wrong.
pub const UNKNOWN_ROUTE: &str = "unknown_route";

/// Code of the answer (HTTP 405) to a Campo path asked with another method.
pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";

/// Code of the answer (HTTP 500) to a request the server failed (its log says why).
pub const INTERNAL: &str = "internal";

/// Code of the answer (HTTP 422) to a command-line or job setting refused (the server's
/// operators only).
pub const INVALID: &str = "invalid";

/// An error as the server reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Machine-readable code.
    pub code: String,
    /// What to tell the person, in pt-BR (for logs and tools that only print).
    pub message: String,
    /// A request refused for what it asked, as data: a device words it in its person's
    /// language. Absent from other answers (and from older servers'); one this version cannot
    /// read (a newer server's) is left out, and the message stands.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "readable_problem"
    )]
    pub problem: Option<crate::Problem>,
}

/// The problem, if this version reads it: an answer never fails over a newer problem.
fn readable_problem<'de, D>(d: D) -> Result<Option<crate::Problem>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// What the person who made a move that clashed is told, and the coordination reads: the order
/// was already in `current` on the server when the move `from → to` arrived.
pub fn conflict_text(
    current: campo_domain::OrderStatus,
    from: campo_domain::OrderStatus,
    to: campo_domain::OrderStatus,
    lang: campo_domain::Lang,
) -> String {
    match lang {
        campo_domain::Lang::PtBr => format!(
            "A ordem já estava em “{}” no servidor quando a mudança “{} → {}” chegou; a coordenação decide.",
            current.label(lang),
            from.label(lang),
            to.label(lang)
        ),
        campo_domain::Lang::En => format!(
            "The order was already “{}” on the server when the change “{} → {}” arrived; the coordination decides.",
            current.label(lang),
            from.label(lang),
            to.label(lang)
        ),
    }
}

/// A conflict as the office sees it in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// Its id.
    pub id: Uuid,
    /// The entity (`work_order`).
    pub entity: String,
    /// Which one.
    pub entity_id: Uuid,
    /// What clashed, in pt-BR (for conflicts recorded before `attempted` was kept).
    pub message: String,
    /// The order's status on the server when the move arrived.
    #[serde(default)]
    pub server_status: Option<campo_domain::OrderStatus>,
    /// The move attempted (from, to).
    #[serde(default)]
    pub attempted: Option<(campo_domain::OrderStatus, campo_domain::OrderStatus)>,
    /// Whose change was held back.
    pub actor_name: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// Open conflicts, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictList {
    /// The conflicts.
    pub conflicts: Vec<ConflictView>,
}

/// The coordinator's decision on a conflict: the order's status from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolveRequest {
    /// The conflict.
    pub conflict_id: Uuid,
    /// The status the order keeps (a status code).
    pub status: String,
    /// Why, for the history.
    pub note: String,
}

/// How much of a stored file the server holds (`GET /v1/blobs/{hash}/status`): an upload cut
/// halfway goes on from `received`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobStatus {
    /// Bytes received so far.
    pub received: u64,
    /// The whole file arrived and matched its hash.
    pub complete: bool,
}

/// A stored file larger than the server accepts (413).
pub const BLOB_TOO_LARGE: &str = "blob_too_large";
/// A stored file of a type the server does not accept (415).
pub const BLOB_TYPE: &str = "blob_type";
/// The bytes received do not match the file's name (its hash): the upload starts again.
pub const BLOB_CORRUPT: &str = "blob_corrupt";
/// A piece of an upload sent from another offset than the server holds (409).
pub const BLOB_OFFSET: &str = "blob_offset";
/// The server has no room left to keep files (507).
pub const STORAGE_FULL: &str = "storage_full";
