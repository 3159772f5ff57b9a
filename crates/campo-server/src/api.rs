//! HTTP routes (`/v1/hello`, `/v1/push`, `/v1/pull`, `/v1/snapshot`, conflicts, login). Every route but `/health` and `/v1/login` needs `Authorization: Bearer …`.
//! Bodies are JSON and limited in size; pulls are gzip-compressed when the client accepts it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::routing::{get, post};
use axum::{Json, Router};
use campo_protocol::wire::{
    Hello, HelloReply, LoginReply, LoginRequest, PROTOCOL_VERSION, PullReply, PushReply,
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
/// Failed logins allowed per login name in [`LOGIN_WINDOW`].
pub const LOGIN_ATTEMPTS: usize = 5;
/// The window failed logins are counted in.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(300);
/// Pushes read and decoded at once. Pushes apply one at a time anyway (the write lock);
/// the others wait with their bodies still unread, so memory stays flat however many
/// devices push together.
pub const PUSHES_IN_FLIGHT: usize = 8;

/// Shared by the handlers.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: ServerDb,
    /// Recent failed logins per login name. Kept in memory: a limit per instance is enough
    /// to slow guessing, and it holds nothing the database must know.
    failures: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
}

impl AppState {
    /// State over an open database.
    pub fn new(db: ServerDb) -> Self {
        AppState {
            db,
            failures: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn recent_failures(&self, login: &str) -> usize {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = map.entry(login.to_owned()).or_default();
        list.retain(|t| t.elapsed() < LOGIN_WINDOW);
        list.len()
    }

    fn failed(&self, login: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(login.to_owned())
            .or_default()
            .push(Instant::now());
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
    Router::new()
        .route("/health", get(health))
        .route("/v1/login", post(login))
        .route("/v1/logout", post(logout))
        .route("/v1/hello", post(hello))
        .route("/v1/push", post(push).layer(queue))
        .route("/v1/pull", get(pull))
        .route("/v1/snapshot", get(snapshot))
        .route("/v1/conflicts", get(conflicts))
        .route("/v1/conflicts/resolve", post(resolve))
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
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ServerError::Unauthorized)?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or(ServerError::Unauthorized)?
            .trim()
            .to_owned();
        let session = users::authenticate(&state.db, &token).await?;
        Ok(Auth(session, token))
    }
}

fn body<T>(payload: Result<Json<T>, JsonRejection>) -> Result<T, ServerError> {
    if let Err(e) = &payload
        && e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
    {
        return Err(ServerError::TooLarge);
    }
    payload.map(|Json(v)| v).map_err(|e| {
        ServerError::BadRequest(format!("Corpo da requisição inválido: {}", e.body_text()))
    })
}

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ServerError> {
    let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
        .fetch_one(state.db.pool())
        .await?;
    Ok(Json(serde_json::json!({ "status": "ok", "head": head })))
}

async fn login(
    State(state): State<AppState>,
    payload: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginReply>, ServerError> {
    let req = body(payload)?;
    let key = req.login.trim().to_lowercase();
    if state.recent_failures(&key) >= LOGIN_ATTEMPTS {
        return Err(ServerError::TooManyAttempts);
    }
    match users::login(&state.db, &req.login, &req.password, req.device_id).await {
        Ok((token, expires_at, user)) => {
            tracing::info!(login = %user.login, device = %req.device_id, "login");
            Ok(Json(LoginReply {
                token,
                expires_at,
                user_id: user.id,
                name: user.name,
                role: user.role,
            }))
        }
        Err(ServerError::BadCredentials) => {
            state.failed(&key);
            Err(ServerError::BadCredentials)
        }
        Err(e) => Err(e),
    }
}

async fn logout(
    State(state): State<AppState>,
    Auth(_, token): Auth,
) -> Result<Json<serde_json::Value>, ServerError> {
    users::revoke(&state.db, &token).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

async fn hello(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<Hello>, JsonRejection>,
) -> Result<Json<HelloReply>, ServerError> {
    let req = body(payload)?;
    if req.protocol != PROTOCOL_VERSION {
        return Err(ServerError::BadRequest(format!(
            "Protocolo {} não suportado (o servidor fala {PROTOCOL_VERSION}): atualize o Campo",
            req.protocol
        )));
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
        return Err(ServerError::BadRequest(format!(
            "Lote grande demais: no máximo {MAX_BATCH} operações"
        )));
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
}

async fn pull(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullReply>, ServerError> {
    let Query(q) = query
        .map_err(|e| ServerError::BadRequest(format!("Parâmetros inválidos: {}", e.body_text())))?;
    if q.cursor < 0 {
        return Err(ServerError::BadRequest(
            "O cursor não pode ser negativo".into(),
        ));
    }
    Ok(Json(
        rules::pull(&state.db, &session, q.cursor, q.limit.unwrap_or(500)).await?,
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
