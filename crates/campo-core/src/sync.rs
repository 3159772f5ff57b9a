//! Sync: the status indicator, joining a server, syncing now, and the coordination's conflict
//! inbox (read from and decided on the server).

use campo_protocol::Role;
use campo_protocol::wire::{LoginRequest, ResolveRequest};
use campo_store::Store;
use campo_store::sync::SyncConfig;
use campo_sync::HttpTransport;
use serde::Serialize;
use ts_rs::TS;

use std::path::{Path, PathBuf};

use crate::context::{Context, SERVER_DB_FILE};
use crate::error::{AppError, InputError};
use crate::here;

/// Whether the person can sync, or what they must do first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Signed in: rounds run.
    Active,
    /// The session expired or was ended on the server: sign in again (nothing is lost).
    SignInAgain,
    /// The person signed out here: someone signs in to go on.
    SignedOut,
    /// The account was disabled: nothing syncs; what waits can be exported for the office.
    Disabled,
    /// The password was given by the administration: the person chooses their own before
    /// anything syncs (nothing is lost meanwhile).
    ChoosePassword,
}

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
    /// The login they signed in with, for the sign-in dialog.
    pub login: Option<String>,
    /// Whether they can sync now (`None` when working alone).
    pub session: Option<SessionState>,
    /// Their role.
    pub role: Option<Role>,
    /// Whether they read and decide the coordination's conflict inbox.
    pub decides_conflicts: bool,
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
    /// Changes made here that the server refused (listed by `refused_changes`).
    pub refused: u32,
    /// While a round pulls: changes received of those to receive.
    pub received: Option<Received>,
    /// This computer's clock is off from the server's by this many minutes (ahead when
    /// positive), when by [`CLOCK_TOLERANCE_MINUTES`] or more: deadlines and visit times
    /// depend on it, so the person is asked to set it right.
    pub clock_off_minutes: Option<i32>,
}

/// How far this computer's clock may drift from the server's before the person is told.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 10;

/// Whole minutes this computer's clock is off (ahead when positive), given its skew from the
/// server's in milliseconds; `None` within [`CLOCK_TOLERANCE_MINUTES`].
pub fn clock_off_minutes(skew_ms: i64) -> Option<i32> {
    let minutes = skew_ms / 60_000;
    (minutes.abs() >= CLOCK_TOLERANCE_MINUTES)
        .then(|| i32::try_from(minutes).unwrap_or(if minutes > 0 { i32::MAX } else { i32::MIN }))
}

/// Changes received of those to receive, for the first sync's progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Received {
    /// Received and applied.
    pub done: u32,
    /// In all.
    pub total: u32,
}

async fn view(ctx: &Context, store: &Store) -> Result<SyncView, AppError> {
    let lang = ctx.lang();
    let config = store.sync_config().await?;
    let status = store.sync_status().await?;
    let conflicts = store.open_conflicts().await?;
    let runtime = ctx.sync.lock().map(|s| s.clone()).unwrap_or_default();
    let transport_error = match runtime.last_error.as_deref() {
        Some(campo_sync::SyncError::Transport(e)) => Some(e),
        _ => None,
    };
    let session = config.as_ref().map(|c| {
        if c.signed_out {
            SessionState::SignedOut
        } else if transport_error.is_some_and(campo_client::TransportError::needs_sign_in) {
            SessionState::SignInAgain
        } else if matches!(
            transport_error,
            Some(campo_client::TransportError::AccountDisabled)
        ) {
            SessionState::Disabled
        } else if matches!(
            transport_error,
            Some(campo_client::TransportError::PasswordChangeRequired)
        ) {
            SessionState::ChoosePassword
        } else {
            SessionState::Active
        }
    });
    let role = config.as_ref().and_then(|c| Role::from_code(&c.role));
    Ok(SyncView {
        joined: config.is_some(),
        server_url: config.as_ref().map(|c| c.server_url.clone()),
        user_name: config.as_ref().map(|c| c.user_name.clone()),
        login: config.as_ref().and_then(|c| c.login.clone()),
        session,
        role,
        decides_conflicts: role.is_some_and(campo_protocol::policy::handles_conflicts),
        pending: u32::try_from(status.pending).unwrap_or(u32::MAX),
        cursor: status.cursor,
        last_sync_at: status.last_sync_at,
        online: config.is_some() && runtime.online,
        running: runtime.running,
        last_error: runtime
            .last_error
            .as_deref()
            .map(|e| crate::background::describe(e, lang)),
        conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
        refused: u32::try_from(store.refused_count().await?).unwrap_or(u32::MAX),
        clock_off_minutes: runtime.clock_skew_ms.and_then(clock_off_minutes),
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
pub async fn sync_status(ctx: &Context) -> Result<SyncView, AppError> {
    status(ctx).await
}

/// Runs a sync round now and returns the new state.
pub async fn sync_now(ctx: &Context) -> Result<SyncView, AppError> {
    crate::background::round(ctx).await;
    status(ctx).await
}

/// The sync state of the device's current database.
pub async fn status(ctx: &Context) -> Result<SyncView, AppError> {
    let store = ctx.store().await?;
    view(ctx, &store).await
}

/// Joins a server: logs in with a new, empty database for this person on this device, and
/// from then on works with the server's data (the demo database is kept aside, untouched; on
/// a computer someone joined already, the new person gets a database of their own). Nothing
/// is saved unless the login succeeds.
pub async fn join_server(
    ctx: &Context,
    url: String,
    login: String,
    password: String,
) -> Result<SyncView, AppError> {
    let url = url.trim().trim_end_matches('/').to_owned();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
        return Err(InputError::ServerAddress.into());
    }
    if login.trim().is_empty() || password.is_empty() {
        return Err(InputError::LoginRequired.into());
    }
    let first = ctx.data_dir().join(SERVER_DB_FILE);
    let target = if first.exists() {
        here::new_person_file(ctx)?
    } else {
        first
    };
    // Build the new database aside; it becomes the person's only after a successful login.
    let staging = PathBuf::from(format!("{}.joining", target.display()));
    let leftovers = |staging: &Path| {
        for leftover in [
            staging.to_path_buf(),
            staging.with_extension("joining-wal"),
            staging.with_extension("joining-shm"),
        ] {
            let _ = std::fs::remove_file(leftover);
        }
    };
    leftovers(&staging);
    let store = Store::open(&staging).await?;
    let mut transport = HttpTransport::new(&url)?;
    let login = login.trim().to_lowercase();
    let reply = match transport
        .login(&LoginRequest {
            login: login.clone(),
            password: password.clone(),
            device_id: store.device_id(),
        })
        .await
    {
        Ok(r) => r,
        Err(e) => {
            store.close().await;
            leftovers(&staging);
            return Err(e.into());
        }
    };
    if let Some(name) = here::already_here(ctx, reply.user_id) {
        // Their data is here already: they pick their name instead (this session is unused).
        if let Err(e) = transport.logout().await {
            tracing::warn!(error = ?e, "could not end an unused session");
        }
        store.close().await;
        leftovers(&staging);
        return Err(InputError::AlreadyHere { name }.into());
    }
    let joined = async {
        store
            .join(&SyncConfig {
                server_url: url,
                token: reply.token,
                user_id: reply.user_id,
                user_name: reply.name,
                role: reply.role.code().to_owned(),
                login: Some(login),
                signed_out: false,
            })
            .await?;
        if let Some(id) = reply.server_id {
            store.set_server_id(id).await?;
        }
        here::remember_password(&store, password).await
    }
    .await;
    store.close().await;
    if let Err(e) = joined {
        leftovers(&staging);
        return Err(e);
    }
    for leftover in [
        staging.with_extension("joining-wal"),
        staging.with_extension("joining-shm"),
    ] {
        let _ = std::fs::remove_file(leftover);
    }
    std::fs::rename(&staging, &target).map_err(|source| AppError::Write {
        path: target.clone(),
        source,
    })?;
    let store = Store::open(&target).await?;
    here::now_working(ctx, &store, &target).await?;
    ctx.switch_to(store.clone()).await;
    if reply.password_change {
        // Nothing syncs before the person chooses their password: asked at once.
        must_choose_password(ctx);
    }
    view(ctx, &store).await
}

/// Signs the person this device syncs as in again (their session expired or was ended): a
/// new session on the same device; what waits to be sent stays and goes out under it, once
/// (the server answers a re-sent operation from its receipt). Someone else cannot sign in on
/// this person's data (other people use "Trocar de pessoa").
pub async fn sign_in_again(
    ctx: &Context,
    login: String,
    password: String,
) -> Result<SyncView, AppError> {
    if login.trim().is_empty() || password.is_empty() {
        return Err(InputError::LoginRequired.into());
    }
    let store = ctx.store().await?;
    let config = store.sync_config().await?.ok_or(InputError::NotJoined)?;
    let choose = here::sign_in_on(&store, &config, &login, &password).await?;
    here::now_working(ctx, &store, &ctx.db_path()).await?;
    if let Ok(mut s) = ctx.sync.lock() {
        s.last_error = None;
    }
    if choose {
        // A password the administration gave (a reset): asked at once.
        must_choose_password(ctx);
    }
    ctx.nudge_sync();
    view(ctx, &store).await
}

/// Replaces the password the administration gave (a new account, or one reset) with the
/// person's own: the new one is checked here (at least 8 characters, not the one given), then
/// by the server against the current one; kept here too for signing in offline. Syncing
/// starts again at once.
pub async fn choose_password(
    ctx: &Context,
    current: String,
    chosen: String,
) -> Result<SyncView, AppError> {
    let change = campo_protocol::accounts::PasswordChange {
        current,
        new: chosen,
    };
    let problems = change.problems();
    if !problems.is_empty() {
        return Err(AppError::Accounts(problems));
    }
    let store = ctx.store().await?;
    crate::people::transport(ctx)
        .await?
        .choose_password(&change)
        .await?;
    here::remember_password(&store, change.new).await?;
    if let Ok(mut s) = ctx.sync.lock() {
        s.last_error = None;
    }
    ctx.nudge_sync();
    view(ctx, &store).await
}

/// The device waits for the person to choose their password (the server said so).
fn must_choose_password(ctx: &Context) {
    if let Ok(mut s) = ctx.sync.lock() {
        s.last_error = Some(std::sync::Arc::new(campo_sync::SyncError::Transport(
            campo_client::TransportError::PasswordChangeRequired,
        )));
    }
}

/// Signs out: the session ends on the server (when it answers) and is forgotten here, and
/// the list of people shows; the data and what waits to be sent stay for when the person
/// signs in again (offline too: their password's verifier stays).
pub async fn sign_out(ctx: &Context) -> Result<crate::app::StartupState, AppError> {
    let store = ctx.store().await?;
    let config = store.sync_config().await?.ok_or(InputError::NotJoined)?;
    if !config.signed_out {
        let transport = HttpTransport::new(&config.server_url)?.with_token(config.token);
        if let Err(e) = transport.logout().await {
            // Offline: the session is forgotten here and runs out on the server.
            tracing::info!(error = ?e, "sign-out did not reach the server");
        }
        store.sign_out().await?;
    }
    here::switch_person(ctx).await
}

/// Writes what this device has not sent yet to a file for the office (an account disabled
/// with work still on the laptop): every waiting operation as the server would receive it.
/// Returns the file's path.
pub async fn export_pending(ctx: &Context) -> Result<String, AppError> {
    let store = ctx.store().await?;
    let ops = store.pending_operations(i64::MAX).await?;
    let text = serde_json::to_string_pretty(&serde_json::json!({
        "device": store.device_id(),
        "operations": ops,
    }))
    .map_err(|e| AppError::Store(campo_store::StoreError::Payload(e)))?;
    let name = format!(
        "campo-{}-{}.json",
        crate::named(ctx.lang(), "pendentes", "pending"),
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    let path = ctx.export_dir().join(name);
    std::fs::write(&path, text).map_err(|source| AppError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path.display().to_string())
}

/// A change made on this device that the server refused: what it was, why, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedChange {
    /// Its place in this device's sequence.
    #[ts(type = "number")]
    pub seq: i64,
    /// What the person did ("Mudar a situação de uma ordem").
    pub what: String,
    /// Why the server refused it, in the reader's language.
    pub why: String,
    /// When it was made (RFC 3339, UTC).
    pub made_at: String,
}

/// Most refused changes listed.
const REFUSED_LISTED: i64 = 50;

/// The changes made here that the server refused, newest first: their effect did not reach
/// anyone else, and each says why.
pub async fn refused_changes(ctx: &Context) -> Result<Vec<RefusedChange>, AppError> {
    let store = ctx.store().await?;
    let lang = ctx.lang();
    let list = store.refused_operations(REFUSED_LISTED).await?;
    Ok(list
        .into_iter()
        .map(|op| {
            let what = campo_protocol::OpKind::from_code(&op.kind)
                .map_or_else(|| op.kind.clone(), |k| k.label(lang).to_owned());
            // Kept as data since protocol 3; an older note is the server's pt-BR sentence.
            let why = op
                .push_note
                .as_deref()
                .map(
                    |note| match serde_json::from_str::<campo_protocol::Refusal>(note) {
                        Ok(refusal) => campo_domain::Localized::message(&refusal, lang),
                        Err(_) => note.to_owned(),
                    },
                )
                .unwrap_or_default();
            RefusedChange {
                seq: op.seq,
                what,
                why,
                made_at: op.created_at,
            }
        })
        .collect())
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

/// A client of the server this device joined, with its session; `None` when working alone.
pub(crate) async fn server_transport(store: &Store) -> Result<Option<HttpTransport>, AppError> {
    let Some(config) = store.sync_config().await? else {
        return Ok(None);
    };
    let transport = HttpTransport::new(&config.server_url)?;
    Ok(Some(transport.with_token(config.token)))
}

async fn conflict_items(
    store: &Store,
    transport: &HttpTransport,
    lang: campo_domain::Lang,
) -> Result<Vec<ConflictItem>, AppError> {
    let list = transport.conflicts().await?;
    let mut out = Vec::with_capacity(list.conflicts.len());
    for c in list.conflicts {
        let order = store.get_order(c.entity_id).await.ok().map(|d| d.order);
        out.push(ConflictItem {
            id: c.id.to_string(),
            order_id: c.entity_id.to_string(),
            order_number: order.as_ref().map(|o| o.number),
            customer_name: order.as_ref().map(|o| o.customer_name.clone()),
            status: order.as_ref().map(|o| o.status),
            // Worded here, in the reader's language (older conflicts keep the server's text).
            message: match (c.server_status, c.attempted) {
                (Some(current), Some((from, to))) => {
                    campo_protocol::wire::conflict_text(current, from, to, lang)
                }
                _ => c.message,
            },
            actor_name: c.actor_name,
            created_at: c.created_at,
        });
    }
    Ok(out)
}

/// Open conflicts on the server (coordination and admin); empty when working alone.
pub async fn list_conflicts(ctx: &Context) -> Result<Vec<ConflictItem>, AppError> {
    let store = ctx.store().await?;
    match server_transport(&store).await? {
        Some(t) => conflict_items(&store, &t, ctx.lang()).await,
        None => Ok(Vec::new()),
    }
}

/// Decides a conflict: the order keeps `status`, with the note in its history on every
/// device. Returns the conflicts still open.
pub async fn resolve_conflict(
    ctx: &Context,
    id: String,
    status: campo_domain::OrderStatus,
    note: String,
) -> Result<Vec<ConflictItem>, AppError> {
    let conflict = crate::parse_id(&id)?;
    if note.trim().is_empty() {
        return Err(InputError::DecisionReason.into());
    }
    let store = ctx.store().await?;
    let Some(transport) = server_transport(&store).await? else {
        return Ok(Vec::new());
    };
    transport
        .resolve(&ResolveRequest {
            conflict_id: conflict,
            status: status.code().to_owned(),
            note: note.trim().to_owned(),
        })
        .await?;
    ctx.nudge_sync();
    conflict_items(&store, &transport, ctx.lang()).await
}
