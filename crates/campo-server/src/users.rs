//! Accounts and sessions. Passwords are hashed with Argon2id; a login returns a random
//! bearer token bound to one device, with an expiry; only the token's SHA-256 is stored, and
//! disabling a user revokes every session they have. A session in use renews itself: once
//! less than half its lifetime is left, the next request pushes its expiry a whole lifetime
//! ahead, so a device used daily is never thrown out; one left unused expires, and an ended
//! session (expired, revoked, its account disabled) is told apart so the device can say which.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use campo_domain::hlc::Hlc;
use campo_protocol::accounts::{AccountProblem, NewAccount};
use campo_protocol::ops::PersonCreated;
use campo_protocol::{Op, Role};
use chrono::{Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::{ServerDb, stored_id};
use uuid::Uuid;

use crate::error::ServerError;
use crate::timestamp;

/// Password hashes computed at once: each costs ~20 MiB and tens of milliseconds of CPU, so
/// they run on blocking threads, a few at a time, and never hold up the async workers (a
/// flood of sign-ins leaves `/health` and sync answering).
static HASHERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The hashes of a staff list's accounts are made one at a time before they join
/// [`HASHERS`]' queue: sign-ins wait behind one of them at most, not behind hundreds.
static LIST_HASHER: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Runs Argon2 work on a blocking thread, a few at a time.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ServerError> {
    let _turn = HASHERS
        .acquire()
        .await
        .map_err(|e| ServerError::Hash(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServerError::Hash(e.to_string()))
}

/// How long a session lives without being used, by default.
pub const TOKEN_DAYS: i64 = 30;

/// The default session lifetime ([`TOKEN_DAYS`]).
pub fn default_lifetime() -> Duration {
    Duration::days(TOKEN_DAYS)
}

/// An account as listed by the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id (also the person's id on devices).
    pub id: Uuid,
    /// Login.
    pub login: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// Their password was given by the administration: they choose their own first.
    pub temporary: bool,
}

/// Who a request comes from, as its token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The person.
    pub user_id: Uuid,
    /// Their role.
    pub role: Role,
    /// The device the token was issued to.
    pub device_id: Uuid,
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored role code (only ever written from [`Role`]).
fn role_of(code: &str) -> Result<Role, ServerError> {
    Role::from_code(code).ok_or_else(|| {
        ServerError::Database(sqlx::Error::Decode(format!("unknown role {code}").into()))
    })
}

/// Creates an account and announces the person to every device (a server operation).
pub async fn add_user(
    db: &ServerDb,
    login: &str,
    name: &str,
    role: &str,
    password: &str,
) -> Result<Uuid, ServerError> {
    let Some(role) = Role::from_code(role) else {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        return Err(ServerError::Operator(format!(
            "Papel desconhecido: {role} (use {})",
            known.join(", ")
        )));
    };
    let new = NewAccount {
        login: login.to_owned(),
        name: name.to_owned(),
        role,
        password: password.to_owned(),
        phone: None,
        id: None,
    };
    let ids = add_users(db, std::slice::from_ref(&new), false).await?;
    Ok(ids[0])
}

/// Creates the accounts `new` together and announces each person to every device: every
/// account is checked first, then all are written in one transaction — or none, when one
/// is refused (a login twice, or one another account has). Returns their ids, in order.
/// `temporary`: the passwords were given by the administration, and each person chooses
/// their own at their first sign-in.
/// Whether an account or a person already has `id`.
async fn id_taken<'e, E>(db: E, id: Uuid) -> Result<bool, ServerError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM users WHERE id = $1 UNION ALL SELECT 1 FROM known WHERE entity = 'person' AND id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(taken.is_some())
}

pub async fn add_users(
    db: &ServerDb,
    new: &[NewAccount],
    temporary: bool,
) -> Result<Vec<Uuid>, ServerError> {
    if let Some(problem) = campo_protocol::accounts::list_problem(new) {
        return Err(ServerError::Account(problem));
    }
    // A login already taken refuses the list before any hashing (the transaction checks
    // again, for one taken meanwhile).
    for account in new {
        let login = campo_protocol::accounts::login(&account.login).unwrap_or_default();
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE login = $1")
            .bind(&login)
            .fetch_optional(db.pool())
            .await?;
        if exists.is_some() {
            return Err(ServerError::Account(AccountProblem::LoginTaken));
        }
    }
    // Ids a device chose (a staff list's): real ones, each once, none in use — checked before
    // any hashing too (the transaction checks again).
    let mut chosen = std::collections::HashSet::new();
    for id in new.iter().filter_map(|a| a.id) {
        if id.is_nil() || id.is_max() || !chosen.insert(id) {
            return Err(ServerError::Account(AccountProblem::IdTaken));
        }
        if id_taken(db.pool(), id).await? {
            return Err(ServerError::Account(AccountProblem::IdTaken));
        }
    }
    // Hashed before the transaction, one at a time.
    let mut hashes = Vec::with_capacity(new.len());
    for account in new {
        let _turn = LIST_HASHER
            .acquire()
            .await
            .map_err(|e| ServerError::Hash(e.to_string()))?;
        hashes.push(hash_password(&account.password).await?);
    }
    let now = timestamp(Utc::now());
    let mut ids = Vec::with_capacity(new.len());
    let mut tx = db.begin_write().await?;
    for (account, hash) in new.iter().zip(&hashes) {
        let login = campo_protocol::accounts::login(&account.login).unwrap_or_default();
        let name = account.name.trim();
        let role = account.role;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE login = $1")
            .bind(&login)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_some() {
            return Err(ServerError::Account(AccountProblem::LoginTaken));
        }
        // The device's id for it (a staff list's), else one of the server's.
        let id = account.id.unwrap_or_else(Uuid::now_v7);
        if id_taken(&mut **tx, id).await? {
            return Err(ServerError::Account(AccountProblem::IdTaken));
        }
        sqlx::query("INSERT INTO users (id, login, name, role, password_hash, created_at, password_temporary) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(id.to_string())
            .bind(&login)
            .bind(name)
            .bind(role.code())
            .bind(hash)
            .bind(&now)
            .bind(i32::from(temporary))
            .execute(&mut **tx)
            .await?;
        let phone = account
            .phone
            .as_deref()
            .and_then(|p| campo_domain::Phone::parse(p).ok())
            .map(|p| p.digits().to_owned());
        let body = Op::PersonCreated(PersonCreated {
            id,
            name: name.to_owned(),
            role: role.code().to_owned(),
            phone,
        });
        crate::rules::append_server_op(&mut tx, &body, Uuid::nil(), None).await?;
        sqlx::query("INSERT INTO known (entity, id, role) VALUES ('person', $1, $2)")
            .bind(id.to_string())
            .bind(role.code())
            .execute(&mut **tx)
            .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// The Argon2id hash of `password` (on a blocking thread, a few at a time).
pub async fn hash_password(password: &str) -> Result<String, ServerError> {
    let password = password.to_owned();
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServerError::Hash(e.to_string()))
    })
    .await?
}

/// Every account, by login.
pub async fn list_users(db: &ServerDb) -> Result<Vec<User>, ServerError> {
    let rows = sqlx::query(
        "SELECT id, login, name, role, disabled_at, password_temporary FROM users ORDER BY login",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let disabled: Option<String> = r.try_get("disabled_at")?;
            Ok(User {
                id: stored_id(&r.try_get::<String, _>("id")?)?,
                login: r.try_get("login")?,
                name: r.try_get("name")?,
                role: role_of(&r.try_get::<String, _>("role")?)?,
                disabled: disabled.is_some(),
                temporary: r.try_get::<i32, _>("password_temporary")? != 0,
            })
        })
        .collect()
}

/// The id of the account `login`, or why there is none.
pub(crate) async fn id_of(tx: &mut crate::db::WriteTx, login: &str) -> Result<String, ServerError> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login.trim().to_lowercase())
        .fetch_optional(&mut ***tx)
        .await?;
    id.ok_or_else(|| {
        ServerError::NotFound(campo_protocol::Problem::AccountUnknown {
            login: login.to_owned(),
        })
    })
}

/// Disables an account and revokes all its sessions.
pub async fn disable_user(db: &ServerDb, login: &str) -> Result<(), ServerError> {
    let now = timestamp(Utc::now());
    let mut tx = db.begin_write().await?;
    let id = id_of(&mut tx, login).await?;
    sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2")
        .bind(&now)
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE user_id = $2")
        .bind(&now)
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `password` is the one `stored` (an Argon2 hash) was made from, checked on a
/// blocking thread.
async fn verify(stored: String, password: String) -> Result<bool, ServerError> {
    hashing(move || {
        PasswordHash::new(&stored).map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await?
    .map_err(|e| ServerError::Hash(e.to_string()))
}

/// Checks a password and issues a token for `device_id`, living `lifetime` unless used.
pub async fn login(
    db: &ServerDb,
    login: &str,
    password: &str,
    device_id: Uuid,
    lifetime: Duration,
) -> Result<(String, String, User), ServerError> {
    let row = sqlx::query(
        "SELECT id, login, name, role, password_hash, disabled_at, password_temporary FROM users WHERE login = $1",
    )
    .bind(login.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?;
    let password = password.to_owned();
    let Some(row) = row else {
        // Spend the same effort as a real check, so timing does not reveal logins.
        hashing(move || {
            let _ = Argon2::default()
                .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng));
        })
        .await?;
        return Err(ServerError::BadCredentials);
    };
    let stored: String = row.try_get("password_hash")?;
    let temporary = row.try_get::<i32, _>("password_temporary")? != 0;
    if !verify(stored, password).await? {
        return Err(ServerError::BadCredentials);
    }
    let disabled: Option<String> = row.try_get("disabled_at")?;
    if disabled.is_some() {
        return Err(ServerError::BadCredentials);
    }
    let user = User {
        id: stored_id(&row.try_get::<String, _>("id")?)?,
        login: row.try_get("login")?,
        name: row.try_get("name")?,
        role: role_of(&row.try_get::<String, _>("role")?)?,
        disabled: false,
        temporary,
    };
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let now = Utc::now();
    let expires = timestamp(now + lifetime);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(hash_token(&token))
        .bind(user.id.to_string())
        .bind(device_id.to_string())
        .bind(timestamp(now))
        .bind(&expires)
        .execute(db.pool())
        .await?;
    Ok((token, expires, user))
}

/// The session a bearer token belongs to, if it is valid now; renewed for a whole `lifetime`
/// once less than half of it is left.
pub async fn authenticate(
    db: &ServerDb,
    token: &str,
    lifetime: Duration,
) -> Result<Session, ServerError> {
    let (session, temporary) = authenticate_any(db, token, lifetime).await?;
    if temporary {
        return Err(ServerError::PasswordChangeRequired);
    }
    Ok(session)
}

/// [`authenticate`], for the one request a person with a password the administration gave
/// may make (choosing their own): the session, and whether its password is that one.
pub async fn authenticate_any(
    db: &ServerDb,
    token: &str,
    lifetime: Duration,
) -> Result<(Session, bool), ServerError> {
    let hash = hash_token(token);
    let row = sqlx::query(
        "SELECT s.user_id, s.device_id, s.expires_at, s.revoked_at, u.role, u.disabled_at,
                u.password_temporary
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?
    .ok_or(ServerError::Unauthorized)?;
    let expires: String = row.try_get("expires_at")?;
    let revoked: Option<String> = row.try_get("revoked_at")?;
    let disabled: Option<String> = row.try_get("disabled_at")?;
    let now = Utc::now();
    if disabled.is_some() {
        return Err(ServerError::AccountDisabled);
    }
    if revoked.is_some() {
        return Err(ServerError::SessionEnded);
    }
    if expires <= timestamp(now) {
        return Err(ServerError::SessionExpired);
    }
    if expires < timestamp(now + lifetime / 2) {
        // In use with less than half its life left: renewed. A plain update (no write lock):
        // it touches only this session's row, and a lost race just renews it twice.
        sqlx::query(
            "UPDATE sessions SET expires_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(timestamp(now + lifetime))
        .bind(&hash)
        .execute(db.pool())
        .await?;
    }
    Ok((
        Session {
            user_id: stored_id(&row.try_get::<String, _>("user_id")?)?,
            role: role_of(&row.try_get::<String, _>("role")?)?,
            device_id: stored_id(&row.try_get::<String, _>("device_id")?)?,
        },
        row.try_get::<i32, _>("password_temporary")? != 0,
    ))
}

/// The person of `session` replaces the password they were given with their own: checked
/// against the current one (`AccountProblem::CurrentPassword`), then kept, no longer
/// temporary. Their sessions go on.
pub async fn choose_password(
    db: &ServerDb,
    session: &Session,
    change: &campo_protocol::accounts::PasswordChange,
) -> Result<(), ServerError> {
    if let Some(problem) = change.problems().first() {
        return Err(ServerError::Account(*problem));
    }
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(session.user_id.to_string())
        .fetch_one(db.pool())
        .await?;
    if !verify(stored.clone(), change.current.clone()).await? {
        return Err(ServerError::Account(AccountProblem::CurrentPassword));
    }
    let hash = hash_password(&change.new).await?;
    // Only over the password just checked: a reset by the administration meanwhile wins.
    let changed =
        sqlx::query("UPDATE users SET password_hash = $1, password_temporary = 0 WHERE id = $2 AND password_hash = $3")
            .bind(&hash)
            .bind(session.user_id.to_string())
            .bind(&stored)
            .execute(db.pool())
            .await?;
    if changed.rows_affected() == 0 {
        return Err(ServerError::Account(AccountProblem::CurrentPassword));
    }
    Ok(())
}

/// Ends every session of `login` (a lost laptop, a password that leaked): their devices ask
/// them to sign in again, keeping what they have not sent. Returns how many were ended.
pub async fn end_sessions(db: &ServerDb, login: &str) -> Result<u64, ServerError> {
    let mut tx = db.begin_write().await?;
    let id = id_of(&mut tx, login).await?;
    let ended = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(timestamp(Utc::now()))
    .bind(&id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(ended)
}

/// Revokes one token (logout).
pub async fn revoke(db: &ServerDb, token: &str) -> Result<(), ServerError> {
    sqlx::query("UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE token_hash = $2")
        .bind(timestamp(Utc::now()))
        .bind(hash_token(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// An HLC for an operation the server writes itself.
pub fn server_hlc() -> String {
    Hlc {
        wall_ms: Utc::now().timestamp_millis(),
        counter: 0,
    }
    .encode()
}
