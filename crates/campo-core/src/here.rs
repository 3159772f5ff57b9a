//! The people who use this computer. Each person who signs in here has a database of their
//! own (the first one's is `server.db`, the next ones' `people/<id>.db`): their own device id,
//! session, outbox and scope, so a shared office computer never mixes their work or their
//! sessions. `people.json` lists them (who they are, which file is theirs) and says whose
//! data is open; when nobody's is ("Trocar de pessoa", "Sair"), the app shows the list and
//! the person picks their name and types their password.
//!
//! Unlocking works offline: each database keeps a verifier of its person's password (Argon2id,
//! [`VERIFIER_PARAMS`]; never the password), made whenever the server accepted that password.
//! After [`MAX_FAILURES`] wrong passwords in a row, only the server can open that person's
//! data again (a sign-in it accepts resets the count). A password the verifier does not
//! know is also asked of the server when it answers (it may have been changed there).

use std::path::{Path, PathBuf};

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use campo_client::TransportError;
use campo_protocol::Role;
use campo_protocol::wire::LoginRequest;
use campo_store::sync::SyncConfig;
use campo_store::{Entity, Store, StoreError};
use campo_sync::HttpTransport;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::app::StartupState;
use crate::context::{Context, SERVER_DB_FILE};
use crate::error::{AppError, InputError};

/// The list of people who use this computer, in the data folder.
pub const PEOPLE_FILE: &str = "people.json";

/// The folder of the databases of the second and later people.
pub const PEOPLE_DIR: &str = "people";

/// Wrong passwords in a row after which only the server can open a person's data.
pub const MAX_FAILURES: u32 = 5;

/// The verifier's cost: Argon2id with 19 MiB, 2 passes, 1 lane (OWASP's minimum for
/// Argon2id) — tens of milliseconds to check the right password, the same to try a wrong one.
pub const VERIFIER_PARAMS: (u32, u32, u32) = (19 * 1024, 2, 1);

/// Someone who signed in on this computer, as the list of people shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonHere {
    /// Their id on the server.
    pub user_id: String,
    /// Their name.
    pub name: String,
    /// Their login.
    pub login: Option<String>,
    /// Their role.
    pub role: Option<Role>,
    /// The server their data comes from.
    pub server_url: String,
}

/// `people.json`: who uses this computer and whose data is open.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Registry {
    /// The open person's database (relative to the data folder); `None` while nobody's is.
    pub current: Option<String>,
    /// Everyone who signed in here, in the order they first did.
    pub people: Vec<Entry>,
}

/// One person in `people.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    /// Their database, relative to the data folder.
    pub file: String,
    /// Their id on the server.
    pub user_id: Uuid,
    /// Their login.
    pub login: Option<String>,
    /// Their name.
    pub name: String,
    /// Their role code.
    pub role: String,
    /// The server.
    pub server_url: String,
}

impl Registry {
    /// The registry of `dir`, or `None` when there is none yet (a computer one person joined
    /// before people were listed: `server.db` is theirs and open).
    pub(crate) fn load(dir: &Path) -> Option<Registry> {
        let text = std::fs::read_to_string(dir.join(PEOPLE_FILE)).ok()?;
        match serde_json::from_str(&text) {
            Ok(registry) => Some(registry),
            Err(e) => {
                // Unreadable: behave as before the list existed rather than lock everyone out.
                tracing::error!(error = %e, "people.json unreadable; using server.db");
                None
            }
        }
    }

    /// Writes the registry whole (a new file renamed over the old one).
    fn save(&self, dir: &Path) -> Result<(), AppError> {
        let path = dir.join(PEOPLE_FILE);
        let staging = dir.join(format!("{PEOPLE_FILE}.new"));
        let text =
            serde_json::to_vec_pretty(self).map_err(|e| AppError::Store(StoreError::Payload(e)))?;
        std::fs::write(&staging, text)
            .and_then(|()| std::fs::rename(&staging, &path))
            .map_err(|source| AppError::Write { path, source })
    }

    /// Adds or refreshes the person whose database is `file`.
    fn upsert(&mut self, file: &str, config: &SyncConfig) {
        let entry = Entry {
            file: file.to_owned(),
            user_id: config.user_id,
            login: config.login.clone(),
            name: config.user_name.clone(),
            role: config.role.clone(),
            server_url: config.server_url.clone(),
        };
        match self.people.iter_mut().find(|e| e.file == file) {
            Some(e) => *e = entry,
            None => self.people.push(entry),
        }
    }

    fn person(&self, id: Uuid) -> Option<&Entry> {
        self.people.iter().find(|e| e.user_id == id)
    }
}

/// The people the list shows.
fn listed(registry: &Registry) -> Vec<PersonHere> {
    registry
        .people
        .iter()
        .map(|e| PersonHere {
            user_id: e.user_id.to_string(),
            name: e.name.clone(),
            login: e.login.clone(),
            role: Role::from_code(&e.role),
            server_url: e.server_url.clone(),
        })
        .collect()
}

/// The people who signed in on this computer (empty before anyone did).
pub(crate) fn people(ctx: &Context) -> Vec<PersonHere> {
    Registry::load(ctx.data_dir())
        .map(|r| listed(&r))
        .unwrap_or_default()
}

/// The database file `path` as the registry names it (relative to the data folder).
fn file_name(ctx: &Context, path: &Path) -> String {
    path.strip_prefix(ctx.data_dir())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Records that `store`'s person (its file `path`) is the one working now.
pub(crate) async fn now_working(ctx: &Context, store: &Store, path: &Path) -> Result<(), AppError> {
    let Some(config) = store.sync_config().await? else {
        return Ok(());
    };
    let mut registry = registry_or_first(ctx).await;
    let file = file_name(ctx, path);
    registry.upsert(&file, &config);
    registry.current = Some(file);
    registry.save(ctx.data_dir())
}

/// The registry, or the one implied before it existed: `server.db`'s person, open.
async fn registry_or_first(ctx: &Context) -> Registry {
    if let Some(registry) = Registry::load(ctx.data_dir()) {
        return registry;
    }
    let mut registry = Registry::default();
    let first = ctx.data_dir().join(SERVER_DB_FILE);
    if first.exists() {
        if let Ok(store) = Store::open(&first).await {
            if let Ok(Some(config)) = store.sync_config().await {
                registry.upsert(SERVER_DB_FILE, &config);
            }
            store.close().await;
        }
        registry.current = Some(SERVER_DB_FILE.to_owned());
    }
    registry
}

/// Where the next person's database goes (a name no one uses yet).
pub(crate) fn new_person_file(ctx: &Context) -> Result<PathBuf, AppError> {
    let dir = ctx.data_dir().join(PEOPLE_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| AppError::Write {
        path: dir.clone(),
        source,
    })?;
    Ok(dir.join(format!("{}.db", Uuid::now_v7())))
}

/// Whether `id` already has data on this computer (they pick their name instead of joining).
pub(crate) fn already_here(ctx: &Context, id: Uuid) -> Option<String> {
    Registry::load(ctx.data_dir()).and_then(|r| r.person(id).map(|e| e.name.clone()))
}

fn argon() -> Argon2<'static> {
    let (m, t, p) = VERIFIER_PARAMS;
    // The parameters are constants within Argon2's bounds.
    let params = Params::new(m, t, p, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A verifier of `password` (a PHC string with its own salt).
pub(crate) async fn make_verifier(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok()
    .and_then(Result::ok)
    .ok_or(AppError::Verifier)
}

/// Whether `password` is the one `verifier` was made from.
async fn verify(verifier: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&verifier)
            .is_ok_and(|hash| argon().verify_password(password.as_bytes(), &hash).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Keeps a verifier of the password the server just accepted (unlocking offline later).
pub(crate) async fn remember_password(store: &Store, password: String) -> Result<(), AppError> {
    let verifier = make_verifier(password).await?;
    store.set_verifier(&verifier).await?;
    Ok(())
}

/// Signs `config`'s person in on the server with `login`: a new session for this database's
/// device, kept with a new verifier. Someone else's account is refused (and their new session
/// ended).
pub(crate) async fn sign_in_on(
    store: &Store,
    config: &SyncConfig,
    login: &str,
    password: &str,
) -> Result<bool, AppError> {
    let login = login.trim().to_lowercase();
    let mut transport = HttpTransport::new(&config.server_url)?;
    let reply = transport
        .login(&LoginRequest {
            login: login.clone(),
            password: password.to_owned(),
            device_id: store.device_id(),
        })
        .await?;
    let ours = store.server_id().await?;
    if let (Some(theirs), Some(ours)) = (reply.server_id, ours)
        && theirs != ours
    {
        if let Err(e) = transport.logout().await {
            tracing::warn!(error = ?e, "could not end the session on another server");
        }
        return Err(InputError::OtherServer.into());
    }
    if reply.user_id != config.user_id {
        // The new session is of no use here: end it rather than leave it alive.
        if let Err(e) = transport.logout().await {
            tracing::warn!(error = ?e, "could not end the session of another person");
        }
        return Err(InputError::OtherPerson {
            name: config.user_name.clone(),
        }
        .into());
    }
    store.renew_session(&reply.token, &login).await?;
    if reply.role.code() != config.role {
        // The administrator gave them another role: their device loads what it reaches.
        store.change_role(reply.role.code()).await?;
    }
    if let (Some(theirs), None) = (reply.server_id, ours) {
        store.set_server_id(theirs).await?;
    }
    remember_password(store, password.to_owned()).await?;
    Ok(reply.password_change)
}

/// Closes the open person's data and shows the list of people (their session stays: their
/// work goes on syncing once they come back).
pub async fn switch_person(ctx: &Context) -> Result<StartupState, AppError> {
    let store = ctx.store().await?;
    // The demo has no people to switch between.
    let config = store.sync_config().await?.ok_or(InputError::NotJoined)?;
    let mut registry = registry_or_first(ctx).await;
    if let Some(file) = registry.current.clone() {
        registry.upsert(&file, &config);
    }
    registry.current = None;
    registry.save(ctx.data_dir())?;
    ctx.close().await;
    crate::app::startup_state(ctx).await
}

/// Opens `user_id`'s data with their password: checked against this computer's verifier
/// (offline), or by the server when the verifier does not know it or is locked.
pub async fn unlock(
    ctx: &Context,
    user_id: String,
    password: String,
) -> Result<StartupState, AppError> {
    if password.is_empty() {
        return Err(InputError::PasswordRequired.into());
    }
    let id = crate::parse_id(&user_id)?;
    let mut registry = Registry::load(ctx.data_dir()).unwrap_or_default();
    let entry = registry
        .person(id)
        .cloned()
        .ok_or(StoreError::NotFound(Entity::Person))?;
    let path = ctx.data_dir().join(&entry.file);
    let store = Store::open(&path).await?;
    let config = store.sync_config().await?.ok_or(InputError::NotJoined)?;
    let state = store
        .unlock_state()
        .await?
        .unwrap_or(campo_store::unlock::UnlockState {
            verifier: None,
            failures: 0,
        });
    let locked_out = state.failures >= MAX_FAILURES;
    let known = match (&state.verifier, locked_out) {
        (Some(v), false) => verify(v.clone(), password.clone()).await,
        _ => false,
    };
    let login = config.login.clone().or(entry.login.clone());
    if known {
        store.unlock_succeeded().await?;
        if config.signed_out
            && let Some(login) = &login
        {
            // They signed out: a new session now if the server answers, else they work
            // offline and are asked to sign in once it does.
            match sign_in_on(&store, &config, login, &password).await {
                Ok(_) => {}
                Err(AppError::Transport(TransportError::Unreachable { .. })) => {
                    store.resume_without_session().await?;
                }
                Err(e) => {
                    store.close().await;
                    return Err(e);
                }
            }
        }
    } else {
        let Some(login) = login else {
            store.close().await;
            return Err(InputError::LoginUnknown.into());
        };
        // Not this computer's verifier (a new password, none kept yet, or locked): the server.
        match sign_in_on(&store, &config, &login, &password).await {
            Ok(_) => {}
            Err(
                e @ AppError::Transport(
                    TransportError::Unreachable { .. } | TransportError::BadCredentials,
                ),
            ) => {
                let offline = matches!(e, AppError::Transport(TransportError::Unreachable { .. }));
                let error = if locked_out {
                    InputError::LockedOut {
                        name: config.user_name.clone(),
                    }
                    .into()
                } else if state.verifier.is_none() && offline {
                    InputError::NeedsServer.into()
                } else if state.verifier.is_none() {
                    e
                } else {
                    let failures = store.unlock_failed().await?;
                    if failures >= MAX_FAILURES {
                        InputError::LockedOut {
                            name: config.user_name.clone(),
                        }
                        .into()
                    } else {
                        InputError::WrongPassword {
                            left: MAX_FAILURES - failures,
                        }
                        .into()
                    }
                };
                store.close().await;
                return Err(error);
            }
            Err(e) => {
                store.close().await;
                return Err(e);
            }
        }
    }
    let config = store.sync_config().await?.unwrap_or(config);
    registry.upsert(&entry.file, &config);
    registry.current = Some(entry.file.clone());
    registry.save(ctx.data_dir())?;
    ctx.switch_to(store).await;
    crate::app::startup_state(ctx).await
}
