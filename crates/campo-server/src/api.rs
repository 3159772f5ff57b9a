//! HTTP routes (`/v1/hello`, `/v1/push`, `/v1/pull`, `/v1/snapshot`, conflicts, login,
//! stored files under `/v1/blobs`). Every route but `/health` and `/v1/login` needs `Authorization: Bearer …`.
//! Bodies are JSON and limited in size; pulls are gzip-compressed when the client accepts it.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Query, Request, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::routing::{get, post};
use axum::{Json, Router};
use campo_protocol::Problem;
use campo_protocol::wire::{
    Hello, HelloReply, LoginReply, LoginRequest, PROTOCOL_VERSION, PullMode, PullReply, PushReply,
    PushRequest,
};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::rules;
use crate::users::{self, Session};

/// Largest request body accepted (a push of a few thousand operations).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// Largest push batch.
pub const MAX_BATCH: usize = 1_000;
/// Largest sign-in request (a login, a password, a device id).
pub const MAX_LOGIN_BODY: usize = 16 * 1024;
/// Longest login name.
pub const MAX_LOGIN: usize = 120;
/// Longest password.
pub const MAX_PASSWORD: usize = 1_024;
/// Requests to unauthenticated routes one address may make per second, and in a burst.
pub const ANONYMOUS_RATE: (f64, f64) = (5.0, 20.0);
/// Addresses the request limiter remembers at most (an address quiet for a minute is
/// forgotten first): memory stays bounded whatever arrives.
pub const LIMITER_ADDRESSES: usize = 10_000;
/// Pushes read and decoded at once. Pushes apply one at a time anyway (the write lock);
/// the others wait with their bodies still unread, so memory stays flat however many
/// devices push together.
pub const PUSHES_IN_FLIGHT: usize = 8;

/// A token bucket per client address for the routes anyone may call, bounded in memory.
#[derive(Debug, Default)]
struct Limiter {
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl Limiter {
    /// Takes one request's token for `address`; false when its bucket is empty. The server's
    /// own machine is not limited (tests, benchmarks, a local tool; a proxy on the same machine
    /// must be declared with `--trusted-proxy`, so its clients are told apart).
    fn allow(&self, address: IpAddr) -> bool {
        if address.is_loopback() {
            return true;
        }
        let (rate, burst) = ANONYMOUS_RATE;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= LIMITER_ADDRESSES && !buckets.contains_key(&address) {
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs() < 60);
            if buckets.len() >= LIMITER_ADDRESSES {
                // Full of active addresses: this one is not remembered (the database's
                // sign-in throttle still counts it).
                return true;
            }
        }
        let (tokens, at) = buckets.entry(address).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Shared by the handlers.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: ServerDb,
    /// Requests per address on the routes anyone may call.
    limiter: Arc<Limiter>,
    /// The proxy in front of the server, whose `X-Forwarded-For` names the client.
    trusted_proxy: Option<IpAddr>,
    /// How long a session lives unused (renewed while used).
    session_lifetime: chrono::TimeDelta,
    /// Where stored files (photos) are kept.
    blobs: Arc<crate::blobs::BlobStore>,
    /// The provider's geocoder, when one is configured.
    geocoder: Option<Arc<crate::geocode::Geocoder>>,
    /// The provider's CEP lookup, when one is configured.
    cep_lookup: Option<Arc<crate::cep::CepLookup>>,
    /// The ERP connector read on a schedule: its source and every how many minutes.
    erp_schedule: Option<(&'static str, u32)>,
    /// The key the ERP's token is sealed with.
    secret_key: Option<Arc<crate::erp::settings::SecretKey>>,
}

impl AppState {
    /// State over an open database, keeping files in `blobs`.
    pub fn new(db: ServerDb, blobs: Arc<crate::blobs::BlobStore>) -> Self {
        AppState {
            db,
            limiter: Arc::default(),
            trusted_proxy: None,
            session_lifetime: users::default_lifetime(),
            blobs,
            geocoder: None,
            cep_lookup: None,
            erp_schedule: None,
            secret_key: None,
        }
    }

    /// Finds addresses with `geocoder`.
    pub fn with_geocoder(mut self, geocoder: Option<Arc<crate::geocode::Geocoder>>) -> Self {
        self.geocoder = geocoder;
        self
    }

    /// Finds the street a CEP names with `lookup`.
    pub fn with_cep_lookup(mut self, lookup: Option<Arc<crate::cep::CepLookup>>) -> Self {
        self.cep_lookup = lookup;
        self
    }

    /// The ERP `source` is read every `minutes` while serving.
    pub fn with_erp_schedule(mut self, schedule: Option<(&'static str, u32)>) -> Self {
        self.erp_schedule = schedule;
        self
    }

    /// Seals what the server keeps secret (the ERP's token) with `key`.
    pub fn with_secret_key(mut self, key: Option<Arc<crate::erp::settings::SecretKey>>) -> Self {
        self.secret_key = key;
        self
    }

    /// The key secrets are sealed with, when the server has one.
    pub fn secret_key(&self) -> Option<&crate::erp::settings::SecretKey> {
        self.secret_key.as_deref()
    }

    /// The ERP connector's schedule, when it is read on one.
    pub fn erp_schedule(&self) -> Option<(&'static str, u32)> {
        self.erp_schedule
    }

    /// The CEP lookup, when one is configured.
    pub fn cep_lookup(&self) -> Option<&crate::cep::CepLookup> {
        self.cep_lookup.as_deref()
    }

    /// The geocoder, when one is configured.
    pub fn geocoder(&self) -> Option<&crate::geocode::Geocoder> {
        self.geocoder.as_deref()
    }

    /// Where stored files are kept.
    pub fn blobs(&self) -> &crate::blobs::BlobStore {
        &self.blobs
    }

    /// Sessions live `lifetime` unused (30 days unless set; tests shorten it).
    pub fn with_session_lifetime(mut self, lifetime: chrono::TimeDelta) -> Self {
        self.session_lifetime = lifetime;
        self
    }

    /// Trusts `X-Forwarded-For` from `proxy` (the TLS proxy in front of the server).
    pub fn with_trusted_proxy(mut self, proxy: Option<IpAddr>) -> Self {
        self.trusted_proxy = proxy;
        self
    }
}

/// The client's address: the peer's, or the one the trusted proxy forwarded.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        let forwarded = (Some(peer) == state.trusted_proxy)
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        Ok(ClientAddress(forwarded.unwrap_or(peer)))
    }
}

/// The routes, with body limit, compression and request tracing.
pub fn router(state: AppState) -> Router {
    let pushes = Arc::new(tokio::sync::Semaphore::new(PUSHES_IN_FLIGHT));
    let queue = axum::middleware::from_fn(move |request: Request, next: Next| {
        let pushes = Arc::clone(&pushes);
        async move {
            let _turn = pushes.acquire_owned().await;
            next.run(request).await
        }
    });
    let slots = Arc::new(tokio::sync::Semaphore::new(crate::blobs::PIECES_IN_FLIGHT));
    let pieces = axum::middleware::from_fn(move |request: Request, next: Next| {
        let slots = Arc::clone(&slots);
        async move {
            let _turn = slots.acquire_owned().await;
            next.run(request).await
        }
    });
    Router::new()
        .route("/health", get(health))
        .route(
            "/v1/login",
            post(login).layer(DefaultBodyLimit::max(MAX_LOGIN_BODY)),
        )
        .route("/v1/logout", post(logout))
        .route(
            "/v1/account/password",
            post(choose_password).layer(DefaultBodyLimit::max(MAX_LOGIN_BODY)),
        )
        .route("/v1/hello", post(hello))
        .route("/v1/push", post(push).layer(queue))
        .route("/v1/pull", get(pull))
        .route("/v1/snapshot", get(snapshot))
        .route("/v1/conflicts", get(conflicts))
        .route("/v1/conflicts/resolve", post(resolve))
        .route("/v1/geocode", post(crate::geocode::find))
        .route("/v1/cep/{cep}", get(crate::cep::find))
        .route("/v1/sales/payments", get(crate::payments::mine))
        .route(
            "/v1/admin/accounts",
            get(crate::accounts::get).post(crate::accounts::create),
        )
        .route("/v1/admin/accounts/change", post(crate::accounts::change))
        .route("/v1/admin/accounts/import", post(crate::accounts::import))
        .route("/v1/admin/erp", get(crate::erp::standing::show))
        .route("/v1/admin/erp/settings", post(crate::erp::settings::put))
        .route("/v1/blobs/{hash}/status", get(crate::blobs::status))
        .route(
            "/v1/blobs/{hash}",
            get(crate::blobs::get).put(
                crate::blobs::put
                    .layer(pieces)
                    .layer(DefaultBodyLimit::max(crate::blobs::MAX_PIECE)),
            ),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        // Fastest level: pulls are mostly repeated JSON keys, and the server's time
        // matters more than a few more bytes on the wire.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A request's authenticated session.
#[derive(Debug)]
pub struct Auth(pub Session, pub String);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?;
        let session = users::authenticate(&state.db, &token, state.session_lifetime).await?;
        Ok(Auth(session, token))
    }
}

/// The bearer token of a request.
fn bearer(parts: &Parts) -> Result<String, ServerError> {
    Ok(parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or(ServerError::Unauthorized)?
        .trim()
        .to_owned())
}

/// [`Auth`] that also lets through a person whose password the administration gave: for
/// signing out and choosing their own password, the only requests answered until they do.
#[derive(Debug)]
pub struct AuthAny(pub Session, pub String);

impl FromRequestParts<AppState> for AuthAny {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?;
        let (session, _) =
            users::authenticate_any(&state.db, &token, state.session_lifetime).await?;
        Ok(AuthAny(session, token))
    }
}

pub(crate) fn body<T>(payload: Result<Json<T>, JsonRejection>) -> Result<T, ServerError> {
    if let Err(e) = &payload
        && e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
    {
        return Err(ServerError::TooLarge);
    }
    payload.map(|Json(v)| v).map_err(|e| {
        // The decoder's words are for the log, not for the person who sent it.
        tracing::info!(error = %e.body_text(), "request body refused");
        ServerError::BadRequest(Problem::BodyUnreadable)
    })
}

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ServerError> {
    let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
        .fetch_one(state.db.pool())
        .await?;
    Ok(Json(serde_json::json!({ "status": "ok", "head": head })))
}

async fn not_found() -> ServerError {
    ServerError::UnknownRoute
}

async fn method_not_allowed() -> ServerError {
    ServerError::MethodNotAllowed
}

/// Refuses a password longer than [`MAX_PASSWORD`] before any hashing is spent on it.
fn password_fits(password: &str) -> Result<(), ServerError> {
    if password.len() > MAX_PASSWORD {
        return Err(ServerError::BadRequest(Problem::PasswordTooLong {
            max: MAX_PASSWORD,
        }));
    }
    Ok(())
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    payload: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginReply>, ServerError> {
    if !state.limiter.allow(address) {
        return Err(ServerError::TooManyAttempts { retry_after: 1 });
    }
    let req = body(payload)?;
    if req.login.trim().is_empty() || req.login.chars().count() > MAX_LOGIN {
        return Err(ServerError::BadRequest(Problem::LoginLength {
            max: MAX_LOGIN,
        }));
    }
    password_fits(&req.password)?;
    let address = address.to_string();
    crate::throttle::attempt(&state.db, &req.login, &address).await?;
    match users::login(
        &state.db,
        &req.login,
        &req.password,
        req.device_id,
        state.session_lifetime,
    )
    .await
    {
        Ok((token, expires_at, user)) => {
            crate::throttle::succeeded(&state.db, &req.login, &address).await?;
            tracing::info!(login = %user.login, device = %req.device_id, %address, "sign-in");
            Ok(Json(LoginReply {
                token,
                expires_at,
                user_id: user.id,
                name: user.name,
                role: user.role,
                server_id: Some(crate::identity::server_id(&state.db).await?),
                password_change: user.temporary,
            }))
        }
        Err(ServerError::BadCredentials) => {
            // Never the password; the login is not a secret (and is cut short).
            tracing::warn!(
                login = %req.login.chars().take(64).collect::<String>(),
                %address,
                "sign-in failed"
            );
            Err(ServerError::BadCredentials)
        }
        Err(e) => Err(e),
    }
}

async fn logout(
    State(state): State<AppState>,
    AuthAny(_, token): AuthAny,
) -> Result<Json<serde_json::Value>, ServerError> {
    users::revoke(&state.db, &token).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

async fn choose_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    AuthAny(session, _): AuthAny,
    payload: Result<Json<campo_protocol::accounts::PasswordChange>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ServerError> {
    if !state.limiter.allow(address) {
        return Err(ServerError::TooManyAttempts { retry_after: 1 });
    }
    let change = body(payload)?;
    password_fits(&change.current)?;
    password_fits(&change.new)?;
    if let Some(problem) = change.problems().first() {
        return Err(ServerError::Account(*problem));
    }
    // Guessing the current password with a token is slowed as guessing it at sign-in.
    let login: String = sqlx::query_scalar("SELECT login FROM users WHERE id = $1")
        .bind(session.user_id.to_string())
        .fetch_one(state.db.pool())
        .await?;
    let address = address.to_string();
    crate::throttle::attempt(&state.db, &login, &address).await?;
    users::choose_password(&state.db, &session, &change).await?;
    crate::throttle::succeeded(&state.db, &login, &address).await?;
    tracing::info!(person = %session.user_id, "password chosen");
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

async fn hello(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<Hello>, JsonRejection>,
) -> Result<Json<HelloReply>, ServerError> {
    let req = body(payload)?;
    if req.protocol != PROTOCOL_VERSION {
        return Err(ServerError::BadRequest(Problem::ProtocolUnsupported {
            sent: req.protocol,
            spoken: PROTOCOL_VERSION,
        }));
    }
    Ok(Json(rules::hello(&state.db, &session, &req).await?))
}

async fn push(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushReply>, ServerError> {
    let req = body(payload)?;
    if req.ops.len() > MAX_BATCH {
        return Err(ServerError::BadRequest(Problem::BatchTooLarge {
            max: MAX_BATCH,
        }));
    }
    let results = rules::push(&state.db, &session, req.ops).await?;
    Ok(Json(PushReply { results }))
}

/// Query of `/v1/pull`.
#[derive(Debug, Deserialize)]
pub struct PullQuery {
    /// Last server sequence the device has.
    pub cursor: i64,
    /// Page size.
    pub limit: Option<u32>,
    /// Whether replaced versions of a record are left out (a device that started empty).
    #[serde(default)]
    pub mode: PullMode,
}

async fn pull(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullReply>, ServerError> {
    let Query(q) = query.map_err(|e| {
        tracing::info!(error = %e.body_text(), "pull parameters refused");
        ServerError::BadRequest(Problem::QueryUnreadable)
    })?;
    if q.cursor < 0 {
        return Err(ServerError::BadRequest(Problem::CursorNegative));
    }
    Ok(Json(
        rules::pull(
            &state.db,
            &session,
            q.cursor,
            q.limit.unwrap_or(500),
            q.mode,
        )
        .await?,
    ))
}

async fn snapshot(
    State(state): State<AppState>,
    Auth(session, _): Auth,
) -> Result<Json<campo_protocol::wire::SnapshotReply>, ServerError> {
    Ok(Json(
        crate::snapshot::snapshot(&state.db, &session, chrono::Utc::now()).await?,
    ))
}

async fn conflicts(
    State(state): State<AppState>,
    Auth(session, _): Auth,
) -> Result<Json<campo_protocol::wire::ConflictList>, ServerError> {
    Ok(Json(campo_protocol::wire::ConflictList {
        conflicts: rules::list_conflicts(&state.db, &session).await?,
    }))
}

async fn resolve(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<campo_protocol::wire::ResolveRequest>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ServerError> {
    let req = body(payload)?;
    rules::resolve(&state.db, &session, &req).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}
