//! The provider's people managed from the app by its administrator (`/v1/admin/accounts`):
//! every account with its devices and when each last synced, new accounts, and disabling,
//! enabling, a new password or ending every session of one. Only an administrator's session
//! may; the command line (`campo-server user …`) stays for the IT person.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use campo_protocol::accounts::{
    Account, AccountAction, AccountChange, AccountImport, AccountList, AccountProblem, DeviceSeen,
    NewAccount,
};
use campo_protocol::{Problem, Role};
use chrono::Utc;
use sqlx::Row;

use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;
use crate::{timestamp, users};

/// Refuses anyone but an administrator.
fn admin_only(session: &users::Session) -> Result<(), ServerError> {
    if session.role.administers() {
        Ok(())
    } else {
        Err(ServerError::Forbidden(Problem::PeopleAdministrationOnly))
    }
}

/// Every account by name, each with its devices (the most recent first).
pub async fn list(db: &ServerDb) -> Result<Vec<Account>, ServerError> {
    let devices = sqlx::query(
        "SELECT user_id, device_id, app_version, last_seen_at FROM devices ORDER BY last_seen_at DESC",
    )
    .fetch_all(db.pool())
    .await?;
    let mut seen: std::collections::HashMap<String, Vec<DeviceSeen>> =
        std::collections::HashMap::new();
    for d in devices {
        seen.entry(d.try_get("user_id")?)
            .or_default()
            .push(DeviceSeen {
                device_id: d.try_get("device_id")?,
                app_version: d.try_get("app_version")?,
                last_seen_at: d.try_get("last_seen_at")?,
            });
    }
    let mut out: Vec<Account> = users::list_users(db)
        .await?
        .into_iter()
        .map(|u| Account {
            devices: seen.remove(&u.id.to_string()).unwrap_or_default(),
            id: u.id.to_string(),
            login: u.login,
            name: u.name,
            role: u.role,
            disabled: u.disabled,
        })
        .collect();
    out.sort_by_cached_key(|a| campo_domain::text::fold(&a.name));
    Ok(out)
}

/// Gives `login` a new password and ends every session of it; `temporary` when the
/// administration gave it from the app (the person chooses their own at sign-in).
pub async fn set_password(
    db: &ServerDb,
    login: &str,
    password: &str,
    temporary: bool,
) -> Result<(), ServerError> {
    if !campo_protocol::accounts::password_ok(password) {
        return Err(ServerError::Account(AccountProblem::Password));
    }
    let hash = users::hash_password(password).await?;
    let mut tx = db.begin_write().await?;
    let id = users::id_of(&mut tx, login).await?;
    sqlx::query("UPDATE users SET password_hash = $1, password_temporary = $2 WHERE id = $3")
        .bind(&hash)
        .bind(i32::from(temporary))
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(timestamp(Utc::now()))
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives `login` another role: every device learns it (`person.role.set`), and the person's
/// sessions end, so their devices sign in again and load the data of the new role's reach.
pub async fn set_role(db: &ServerDb, login: &str, role: Role) -> Result<(), ServerError> {
    let mut tx = db.begin_write().await?;
    let id = users::id_of(&mut tx, login).await?;
    let current: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut **tx)
        .await?;
    if current.as_deref() == Some(role.code()) {
        return Ok(());
    }
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.code())
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE known SET role = $1 WHERE entity = 'person' AND id = $2")
        .bind(role.code())
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE user_id = $2")
        .bind(timestamp(Utc::now()))
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    let person_id = crate::db::stored_id(&id)?;
    let body = campo_protocol::Op::PersonRoleSet(campo_protocol::ops::PersonRoleSet {
        person_id,
        role: role.code().to_owned(),
    });
    crate::rules::append_server_op(&mut tx, &body, uuid::Uuid::nil(), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Lets a disabled account sign in again.
pub async fn enable(db: &ServerDb, login: &str) -> Result<(), ServerError> {
    let mut tx = db.begin_write().await?;
    let id = users::id_of(&mut tx, login).await?;
    sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1")
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn get(
    State(state): State<AppState>,
    Auth(session, _): Auth,
) -> Result<Json<AccountList>, ServerError> {
    admin_only(&session)?;
    Ok(Json(AccountList {
        accounts: list(&state.db).await?,
    }))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<NewAccount>, JsonRejection>,
) -> Result<Json<AccountList>, ServerError> {
    admin_only(&session)?;
    // One account made by hand: its id is the server's (a device chooses only a staff list's).
    let new = NewAccount {
        id: None,
        ..crate::api::body(payload)?
    };
    users::add_users(&state.db, std::slice::from_ref(&new), true).await?;
    tracing::info!(login = %new.login.trim().to_lowercase(), role = %new.role, by = %session.user_id, "account created");
    Ok(Json(AccountList {
        accounts: list(&state.db).await?,
    }))
}

/// Creates the accounts of a staff list (the app's people import): all of them, or none.
pub(crate) async fn import(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<AccountImport>, JsonRejection>,
) -> Result<Json<AccountList>, ServerError> {
    admin_only(&session)?;
    let staff = crate::api::body(payload)?;
    let ids = users::add_users(&state.db, &staff.accounts, true).await?;
    tracing::info!(accounts = ids.len(), by = %session.user_id, "accounts imported");
    Ok(Json(AccountList {
        accounts: list(&state.db).await?,
    }))
}

/// `campo-server import people FILE`: a staff list checked as the app checks it, against
/// the accounts this server has; its new people made accounts together (all or none), each
/// with a first password the report carries; people already there are left as they are.
/// `login` (`--as`) must be an administrator's (the first one when omitted).
pub async fn import_people(
    db: &ServerDb,
    table: &campo_import::Table,
    mapping: &campo_import::Mapping,
    dry_run: bool,
    login: Option<&str>,
) -> Result<crate::import::ImportReport, ServerError> {
    let mut known = campo_import::Known::default();
    for user in users::list_users(db).await? {
        known.accounts.insert(user.login, user.role);
    }
    let checked = campo_import::check(campo_import::ImportKind::People, table, mapping, &known);
    let mut report = crate::import::ImportReport {
        ready: checked.records.len(),
        problems: checked.problems,
        ..Default::default()
    };
    let campo_import::Records::People(people) = checked.records else {
        return Ok(report);
    };
    if dry_run || !report.problems.is_empty() {
        return Ok(report);
    }
    // `--as` names an administrator (as the app's import is an administrator's).
    admin_only(&crate::import::administrator(db, login).await?)?;
    let (new, unchanged) = campo_import::people::new_accounts(&people, || {
        let mut random = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut random);
        random
    });
    report.unchanged = unchanged;
    report.first_passwords = new
        .iter()
        .map(|a| (a.login.clone(), a.password.clone()))
        .collect();
    users::add_users(db, &new, true).await?;
    report.created = new.len();
    Ok(report)
}

/// Whether `login` (as typed: trimmed, any case) is the account of the person making the
/// request.
async fn is_own(db: &ServerDb, session: &users::Session, login: &str) -> Result<bool, ServerError> {
    let own: Option<String> = sqlx::query_scalar("SELECT login FROM users WHERE id = $1")
        .bind(session.user_id.to_string())
        .fetch_optional(db.pool())
        .await?;
    Ok(own.as_deref() == Some(login.trim().to_lowercase().as_str()))
}

pub(crate) async fn change(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    payload: Result<Json<AccountChange>, JsonRejection>,
) -> Result<Json<AccountList>, ServerError> {
    admin_only(&session)?;
    let req = crate::api::body(payload)?;
    match &req.action {
        AccountAction::Disable => {
            if is_own(&state.db, &session, &req.login).await? {
                return Err(ServerError::Forbidden(Problem::OwnAccountDisabled));
            }
            users::disable_user(&state.db, &req.login).await?;
        }
        AccountAction::Enable => enable(&state.db, &req.login).await?,
        AccountAction::ResetPassword { password } => {
            // Given by the administration: the person chooses their own at sign-in.
            set_password(&state.db, &req.login, password, true).await?;
        }
        AccountAction::SetRole { role } => {
            if is_own(&state.db, &session, &req.login).await? {
                return Err(ServerError::Forbidden(Problem::OwnRoleChanged));
            }
            set_role(&state.db, &req.login, *role).await?;
        }
        AccountAction::SignOut => {
            users::end_sessions(&state.db, &req.login).await?;
        }
    }
    tracing::info!(login = %req.login, action = req.action.code(), by = %session.user_id, "account changed");
    Ok(Json(AccountList {
        accounts: list(&state.db).await?,
    }))
}
