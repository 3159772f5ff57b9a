//! Sync commands: the status indicator, joining a server, syncing now.

use campo_domain::Localized;
use campo_protocol::wire::LoginRequest;
use campo_store::Store;
use campo_store::sync::SyncConfig;
use campo_sync::{HttpTransport, TransportError};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, SERVER_DB_FILE};

/// What the sync indicator and the sync page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    /// The device joined a server (otherwise it works alone, e.g. with the demo provider).
    pub joined: bool,
    /// The server's address.
    pub server_url: Option<String>,
    /// Who is logged in there.
    pub user_name: Option<String>,
    /// Their role code.
    pub role: Option<String>,
    /// Changes waiting to be sent.
    pub pending: u32,
    /// Last server change applied here.
    #[ts(type = "number")]
    pub cursor: i64,
    /// When the last pull finished (RFC 3339, UTC).
    pub last_sync_at: Option<String>,
    /// The last round reached the server.
    pub online: bool,
    /// A round is running now.
    pub running: bool,
    /// Why the last round failed.
    pub last_error: Option<String>,
    /// Conflicts reported by the server and not yet resolved.
    pub conflicts: u32,
    /// While a round pulls: changes received of those to receive.
    pub received: Option<Received>,
}

/// Changes received of those to receive, for the first sync's progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Received {
    /// Received and applied.
    pub done: u32,
    /// In all.
    pub total: u32,
}

async fn view(state: &AppState, store: &Store) -> Result<SyncView, CommandError> {
    let lang = state.lang();
    let map = |e: campo_store::StoreError| CommandError::from_store(&e, lang);
    let config = store.sync_config().await.map_err(map)?;
    let status = store.sync_status().await.map_err(map)?;
    let conflicts = store.open_conflicts().await.map_err(map)?;
    let runtime = state.sync.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(SyncView {
        joined: config.is_some(),
        server_url: config.as_ref().map(|c| c.server_url.clone()),
        user_name: config.as_ref().map(|c| c.user_name.clone()),
        role: config.as_ref().map(|c| c.role.clone()),
        pending: u32::try_from(status.pending).unwrap_or(u32::MAX),
        cursor: status.cursor,
        last_sync_at: status.last_sync_at,
        online: config.is_some() && runtime.online,
        running: runtime.running,
        last_error: runtime.last_error,
        conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
        received: runtime
            .progress
            .filter(|_| runtime.running)
            .map(|p| Received {
                done: u32::try_from(p.done).unwrap_or(u32::MAX),
                total: u32::try_from(p.total).unwrap_or(u32::MAX),
            }),
    })
}

/// The sync indicator's state.
#[tauri::command]
pub async fn sync_status(state: tauri::State<'_, AppState>) -> Result<SyncView, CommandError> {
    status(&state).await
}

/// Runs a sync round now and returns the new state.
#[tauri::command]
pub async fn sync_now(state: tauri::State<'_, AppState>) -> Result<SyncView, CommandError> {
    crate::background::round(&state).await;
    status(&state).await
}

/// The sync state of the device's current database.
pub async fn status(state: &AppState) -> Result<SyncView, CommandError> {
    let store = state.store().await?;
    view(state, &store).await
}

fn server_error(e: &TransportError, lang: campo_domain::Lang) -> CommandError {
    let code = match e {
        TransportError::Unreachable { .. } => ErrorCode::ServerUnreachable,
        TransportError::BadCredentials | TransportError::Unauthorized => ErrorCode::Unauthorized,
        TransportError::NotCampo { .. }
        | TransportError::TooManyAttempts
        | TransportError::Refused { .. }
        | TransportError::Decode { .. }
        | TransportError::ResyncRequired => ErrorCode::ServerRefused,
    };
    CommandError {
        code,
        message: e.message(lang),
    }
}

/// Joins a server: logs in with a new, empty database for this device, and from then on
/// works with the server's data (the demo database is kept aside, untouched). Nothing is
/// saved unless the login succeeds.
#[tauri::command]
pub async fn join_server(
    state: tauri::State<'_, AppState>,
    url: String,
    login: String,
    password: String,
) -> Result<SyncView, CommandError> {
    join(&state, url, login, password).await
}

/// [`join_server`] without the Tauri wrapper.
pub async fn join(
    state: &AppState,
    url: String,
    login: String,
    password: String,
) -> Result<SyncView, CommandError> {
    let lang = state.lang();
    let url = url.trim().trim_end_matches('/').to_owned();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
        return Err(CommandError::invalid(
            "Endereço do servidor inválido: use https://seu-servidor",
            "Invalid server address: use https://your-server",
            lang,
        ));
    }
    if login.trim().is_empty() || password.is_empty() {
        return Err(CommandError::invalid(
            "Informe login e senha",
            "Enter login and password",
            lang,
        ));
    }
    let target = state.data_dir().join(SERVER_DB_FILE);
    if target.exists() {
        return Err(CommandError::invalid(
            "Este dispositivo já está ligado a um servidor",
            "This device already joined a server",
            lang,
        ));
    }
    let map = |e: campo_store::StoreError| CommandError::from_store(&e, lang);
    // Build the new database aside; it becomes the device's only after a successful login.
    let staging = state.data_dir().join(format!("{SERVER_DB_FILE}.joining"));
    for leftover in [
        staging.clone(),
        staging.with_extension("joining-wal"),
        staging.with_extension("joining-shm"),
    ] {
        let _ = std::fs::remove_file(leftover);
    }
    let store = Store::open(&staging).await.map_err(map)?;
    let mut transport = HttpTransport::new(&url).map_err(|e| server_error(&e, lang))?;
    let reply = match transport
        .login(&LoginRequest {
            login: login.trim().to_owned(),
            password,
            device_id: store.device_id(),
        })
        .await
    {
        Ok(r) => r,
        Err(e) => {
            store.close().await;
            let _ = std::fs::remove_file(&staging);
            return Err(server_error(&e, lang));
        }
    };
    store
        .join(&SyncConfig {
            server_url: url,
            token: reply.token,
            user_id: reply.user_id,
            user_name: reply.name,
            role: reply.role.code().to_owned(),
        })
        .await
        .map_err(map)?;
    store.close().await;
    for leftover in [
        staging.with_extension("joining-wal"),
        staging.with_extension("joining-shm"),
    ] {
        let _ = std::fs::remove_file(leftover);
    }
    std::fs::rename(&staging, &target).map_err(|e| {
        tracing::error!(error = %e, "could not move the joined database into place");
        CommandError::from_store(
            &campo_store::StoreError::Io {
                path: target.clone(),
                source: e,
            },
            lang,
        )
    })?;
    let store = Store::open(&target).await.map_err(map)?;
    state.switch_to(store.clone()).await;
    view(state, &store).await
}

/// A conflict the coordination decides, with the order as this device knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictItem {
    /// The conflict.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// Its number, when the order is on this device.
    pub order_number: Option<u32>,
    /// Its customer.
    pub customer_name: Option<String>,
    /// Its status on this device (the server's).
    pub status: Option<campo_domain::OrderStatus>,
    /// What clashed.
    pub message: String,
    /// Whose change was held back.
    pub actor_name: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

async fn server_transport(
    state: &AppState,
    store: &Store,
) -> Result<Option<HttpTransport>, CommandError> {
    let lang = state.lang();
    let config = store
        .sync_config()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))?;
    let Some(config) = config else {
        return Ok(None);
    };
    let transport = HttpTransport::new(&config.server_url).map_err(|e| server_error(&e, lang))?;
    Ok(Some(transport.with_token(config.token)))
}

async fn conflict_items(
    state: &AppState,
    store: &Store,
    transport: &HttpTransport,
) -> Result<Vec<ConflictItem>, CommandError> {
    let lang = state.lang();
    let list = transport
        .conflicts()
        .await
        .map_err(|e| server_error(&e, lang))?;
    let mut out = Vec::with_capacity(list.conflicts.len());
    for c in list.conflicts {
        let order = store.get_order(c.entity_id).await.ok().map(|d| d.order);
        out.push(ConflictItem {
            id: c.id.to_string(),
            order_id: c.entity_id.to_string(),
            order_number: order.as_ref().map(|o| o.number),
            customer_name: order.as_ref().map(|o| o.customer_name.clone()),
            status: order.as_ref().map(|o| o.status),
            message: c.message,
            actor_name: c.actor_name,
            created_at: c.created_at,
        });
    }
    Ok(out)
}

/// Open conflicts on the server (coordination and admin); empty when working alone.
#[tauri::command]
pub async fn list_conflicts(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<ConflictItem>, CommandError> {
    let store = state.store().await?;
    match server_transport(&state, &store).await? {
        Some(t) => conflict_items(&state, &store, &t).await,
        None => Ok(Vec::new()),
    }
}

/// Decides a conflict: the order keeps `status`, with the note in its history on every
/// device. Returns the conflicts still open.
#[tauri::command]
pub async fn resolve_conflict(
    state: tauri::State<'_, AppState>,
    id: String,
    status: campo_domain::OrderStatus,
    note: String,
) -> Result<Vec<ConflictItem>, CommandError> {
    let lang = state.lang();
    let conflict = super::parse_id(&id, lang)?;
    if note.trim().is_empty() {
        return Err(CommandError::invalid(
            "Escreva o motivo da decisão",
            "Write the reason for the decision",
            lang,
        ));
    }
    let store = state.store().await?;
    let Some(transport) = server_transport(&state, &store).await? else {
        return Ok(Vec::new());
    };
    transport
        .resolve(&campo_protocol::wire::ResolveRequest {
            conflict_id: conflict,
            status: status.code().to_owned(),
            note: note.trim().to_owned(),
        })
        .await
        .map_err(|e| server_error(&e, lang))?;
    state.nudge_sync();
    conflict_items(&state, &store, &transport).await
}
