//! The connection to the provider's ERP as its administrator sets it in the app
//! (`POST /v1/admin/erp/settings`): kept in `erp_settings` with the token sealed
//! (ChaCha20-Poly1305) under the server's secret key — `CAMPO_SECRET_KEY` (32 bytes in
//! base64) or else a key file the server makes once in its data folder (`secret.key`,
//! readable by its own user only). The scheduler ([`keep_in_step`]) reads them at each turn,
//! so a change takes effect without restarting the server. The token is never logged, never
//! sent back: the app learns only that one is kept.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use campo_protocol::Problem;
use campo_protocol::erp::{ErpSettings, ErpSettingsInput, ErpStanding};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sqlx::Row;

use super::ixc::{Ixc, IxcConfig};
use super::{ErpError, Setting, standing};
use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;

/// The server's key for what it keeps sealed (the ERP's token).
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    /// The key `CAMPO_SECRET_KEY` gives (base64 of 32 bytes), else the one kept in
    /// `data_dir/secret.key`, made there (readable by this user only) the first time.
    pub fn load(data_dir: &Path) -> Result<Self, ServerError> {
        if let Ok(text) = std::env::var("CAMPO_SECRET_KEY")
            && !text.trim().is_empty()
        {
            return Self::from_base64(text.trim()).ok_or_else(|| {
                ServerError::Operator(
                    "CAMPO_SECRET_KEY precisa ter 32 bytes em base64 (openssl rand -base64 32)"
                        .into(),
                )
            });
        }
        let path = data_dir.join("secret.key");
        let unreadable = |e: std::io::Error| {
            ServerError::Operator(format!(
                "Não foi possível ler ou criar a chave do servidor em {}: {e}",
                path.display()
            ))
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_base64(text.trim()).ok_or_else(|| {
                ServerError::Operator(format!(
                    "A chave do servidor em {} não tem 32 bytes em base64",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(data_dir).map_err(unreadable)?;
                // Written whole under another name, then linked in place: a cut write never
                // leaves half a key, and of two servers starting at once one key wins.
                let key = Self::random();
                let part = data_dir.join(format!("secret.key.{}", uuid::Uuid::now_v7().simple()));
                write_private(&part, &B64.encode(key.0)).map_err(unreadable)?;
                let linked = std::fs::hard_link(&part, &path);
                let _ = std::fs::remove_file(&part);
                match linked {
                    Ok(()) => {
                        tracing::info!(path = %path.display(), "made the server's secret key")
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(unreadable(e)),
                }
                // The key on disk, whichever server's linking won.
                Self::load(data_dir)
            }
            Err(e) => Err(unreadable(e)),
        }
    }

    /// A new random key.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        SecretKey(key)
    }

    fn from_base64(text: &str) -> Option<Self> {
        let bytes = B64.decode(text).ok()?;
        Some(SecretKey(bytes.try_into().ok()?))
    }

    /// `text` sealed: base64 of a random nonce and the ciphertext.
    fn seal(&self, text: &str) -> Result<String, ServerError> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), text.as_bytes())
            .map_err(|_| ServerError::Hash("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(B64.encode(out))
    }

    /// What [`SecretKey::seal`] sealed; `None` under another key or when damaged.
    fn open(&self, sealed: &str) -> Option<String> {
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let plain = cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }
}

/// Writes `text` to a new file only its owner may read, on disk before it returns.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// The settings as kept, the token still sealed.
#[derive(Debug, Clone)]
pub struct Kept {
    /// The ERP's address.
    pub url: String,
    /// The API user.
    pub user: String,
    token_sealed: String,
    /// Every how many minutes to read (None: only when asked).
    pub every_minutes: Option<u32>,
    /// The ERP employee closings are written back as.
    pub closer: Option<String>,
    /// When they were set.
    pub set_at: String,
}

impl Kept {
    /// How to reach the ERP; the token opened with `key`.
    pub fn config(&self, key: &SecretKey) -> Result<IxcConfig, ErpError> {
        let token = key
            .open(&self.token_sealed)
            .ok_or(ErpError::NotConfigured {
                setting: Setting::Token,
            })?;
        IxcConfig::new(&self.url, &self.user, &token)
    }

    /// As the administrator sees them.
    pub fn view(&self) -> ErpSettings {
        ErpSettings {
            url: self.url.clone(),
            user: self.user.clone(),
            token_set: !self.token_sealed.is_empty(),
            every_minutes: self.every_minutes,
            closer: self.closer.clone(),
            set_at: self.set_at.clone(),
        }
    }
}

/// `source`'s settings, when the administrator set them.
pub async fn get(db: &ServerDb, source: &str) -> Result<Option<Kept>, ServerError> {
    let row = sqlx::query(
        "SELECT url, api_user, token_sealed, every_minutes, closer, set_at FROM erp_settings
         WHERE source = $1",
    )
    .bind(source)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let every: Option<i64> = row.try_get("every_minutes")?;
    Ok(Some(Kept {
        url: row.try_get("url")?,
        user: row.try_get("api_user")?,
        token_sealed: row.try_get("token_sealed")?,
        every_minutes: every.and_then(|m| u32::try_from(m).ok()),
        closer: row.try_get("closer")?,
        set_at: row.try_get("set_at")?,
    }))
}

/// Sets `source`'s settings (a token left empty keeps the one kept); refused by name when a
/// setting is missing or malformed.
pub async fn set(
    db: &ServerDb,
    key: &SecretKey,
    source: &str,
    input: &ErpSettingsInput,
    by: &str,
) -> Result<(), ServerError> {
    let kept = get(db, source).await?;
    let view = kept.as_ref().map(Kept::view);
    let problems = input.problems(view.as_ref());
    if let Some(first) = problems.first() {
        return Err(ServerError::Problem(Problem::ErpSettings(first.clone())));
    }
    // A kept token stays only with the address and user it was given for.
    let token_sealed = match kept {
        Some(k) if input.token.trim().is_empty() && input.keeps_token(view.as_ref()) => {
            k.token_sealed
        }
        _ => key.seal(input.token.trim())?,
    };
    let closer = Some(input.closer.trim()).filter(|c| !c.is_empty());
    sqlx::query(
        "INSERT INTO erp_settings (source, url, api_user, token_sealed, every_minutes, closer, set_at, set_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source) DO UPDATE SET url = excluded.url, api_user = excluded.api_user,
             token_sealed = excluded.token_sealed, every_minutes = excluded.every_minutes,
             closer = excluded.closer, set_at = excluded.set_at, set_by = excluded.set_by,
             turn_at = NULL",
    )
    .bind(source)
    .bind(input.address())
    .bind(input.user.trim())
    .bind(token_sealed)
    .bind(input.every_minutes.map(i64::from))
    .bind(closer)
    .bind(crate::timestamp(Utc::now()))
    .bind(by)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// `POST /v1/admin/erp/settings`: the administrator sets how the server reaches the ERP;
/// answers with where the connection stands now.
pub(crate) async fn put(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    body: Result<Json<ErpSettingsInput>, JsonRejection>,
) -> Result<Json<ErpStanding>, ServerError> {
    if !session.role.administers() {
        return Err(ServerError::Forbidden(
            Problem::ErpSettingsAdministrationOnly,
        ));
    }
    let input = crate::api::body(body)?;
    let key = state
        .secret_key()
        .ok_or(ServerError::Problem(Problem::ErpKeyMissing))?;
    set(
        &state.db,
        key,
        super::ixc::SOURCE,
        &input,
        &session.user_id.to_string(),
    )
    .await?;
    Ok(Json(standing::of(&state).await?))
}

/// Reads IXC Provedor as its settings say, for as long as the server runs: at each `tick`
/// the settings are read again, and when a reading is due (`every_minutes` after the last
/// one) the customers, orders and receivables are read and, when a closer is set, what the
/// field did is written back. Nothing while no settings (or no schedule) are set.
pub async fn keep_in_step(db: ServerDb, key: Arc<SecretKey>, tick: Duration) {
    let source = super::ixc::SOURCE;
    let mut turn = tokio::time::interval(tick);
    turn.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        turn.tick().await;
        let kept = match get(&db, source).await {
            Ok(Some(k)) => k,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "ERP settings not read");
                continue;
            }
        };
        let Some(every) = kept.every_minutes else {
            continue;
        };
        match take_turn(&db, source, every, Utc::now()).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "ERP turn not taken");
                continue;
            }
        }
        match kept.config(&key) {
            Ok(config) => {
                let erp = Ixc::new(config);
                super::read_turn(&db, &erp, source).await;
                if let Some(closer) = &kept.closer {
                    super::writeback::closing_turn(&db, &erp, source, closer).await;
                }
            }
            Err(error) => {
                // Kept under another key, or damaged: told on the standing, as a reading's.
                for kind in standing::READ {
                    if let Err(e) = standing::failed(&db, source, kind, &error, Utc::now()).await {
                        tracing::warn!(error = %e, "ERP standing not kept");
                    }
                }
            }
        }
        if let Err(e) = end_turn(&db, source).await {
            tracing::warn!(error = %e, "ERP turn not ended (it frees itself in two hours)");
        }
    }
}

/// How long a turn holds the ERP at most: a server that stopped mid-turn frees it then.
const TURN_LEASE: chrono::TimeDelta = chrono::TimeDelta::hours(2);

/// Takes the turn of reading `source` when one is due (never taken since the settings
/// were set, or last taken `every` minutes before `now` or more) and no other turn runs:
/// moving `turn_at` and `busy_until` is the claim, so of several servers over one database
/// only one reads (and writes back) at a time, however long a turn takes.
async fn take_turn(
    db: &ServerDb,
    source: &str,
    every: u32,
    now: DateTime<Utc>,
) -> Result<bool, ServerError> {
    let due_before = now - chrono::TimeDelta::minutes(i64::from(every));
    let taken = sqlx::query(
        "UPDATE erp_settings SET turn_at = $1, busy_until = $2
         WHERE source = $3 AND (turn_at IS NULL OR turn_at <= $4)
           AND (busy_until IS NULL OR busy_until <= $1)",
    )
    .bind(crate::timestamp(now))
    .bind(crate::timestamp(now + TURN_LEASE))
    .bind(source)
    .bind(crate::timestamp(due_before))
    .execute(db.pool())
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// The turn taken by [`take_turn`] is over.
async fn end_turn(db: &ServerDb, source: &str) -> Result<(), ServerError> {
    sqlx::query("UPDATE erp_settings SET busy_until = NULL WHERE source = $1")
        .bind(source)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_only_under_its_key_and_never_shows_in_clear() {
        let key = SecretKey::random();
        let sealed = key.seal("tok-123-secreto").unwrap();
        assert!(!sealed.contains("secreto"));
        assert_ne!(
            key.seal("tok-123-secreto").unwrap(),
            sealed,
            "a new nonce each time"
        );
        assert_eq!(key.open(&sealed).as_deref(), Some("tok-123-secreto"));
        assert_eq!(SecretKey::random().open(&sealed), None);
        assert_eq!(key.open("not base64!"), None);
        assert_eq!(format!("{key:?}"), "SecretKey(…)");
    }

    #[test]
    fn the_key_file_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = SecretKey::load(dir.path()).unwrap();
        let again = SecretKey::load(dir.path()).unwrap();
        assert_eq!(first.0, again.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join("secret.key"), "short").unwrap();
        assert!(SecretKey::load(dir.path()).is_err());
    }
}
