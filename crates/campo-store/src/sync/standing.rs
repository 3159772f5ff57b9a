//! How this device stands with the server: the last sequence applied, what waits to be
//! pushed, the server it joined and the session it acts with there.

use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use crate::write::timestamp;
use crate::{Store, StoreError};

/// How this device stands with the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// Operations waiting to be pushed.
    pub pending: i64,
    /// Last server sequence applied here.
    pub cursor: i64,
    /// When the last pull finished (RFC 3339, UTC).
    pub last_sync_at: Option<String>,
}

impl Store {
    /// The last server sequence applied here.
    pub async fn sync_cursor(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT cursor FROM sync_state WHERE singleton = 1")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Pending operations, cursor and last sync, for the status indicator.
    pub async fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE pushed_at IS NULL")
                .fetch_one(self.pool())
                .await?;
        let row = sqlx::query("SELECT cursor, last_sync_at FROM sync_state WHERE singleton = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(SyncStatus {
            pending,
            cursor: row.try_get("cursor")?,
            last_sync_at: row.try_get("last_sync_at")?,
        })
    }
}

/// The server a device joined, and who it acts as there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    /// Base URL, e.g. `https://campo.provedor.com.br`.
    pub server_url: String,
    /// Device-bound bearer token.
    pub token: String,
    /// The person logged in (their id in `people` once pulled).
    pub user_id: Uuid,
    /// Their name.
    pub user_name: String,
    /// Their role code.
    pub role: String,
    /// The login they signed in with (devices that joined before it was kept have none).
    pub login: Option<String>,
    /// They signed out: the token is gone and nothing syncs until someone signs in again.
    pub signed_out: bool,
}

impl Store {
    /// The server this device syncs with, if it joined one.
    pub async fn sync_config(&self) -> Result<Option<SyncConfig>, StoreError> {
        let row = sqlx::query("SELECT server_url, token, user_id, user_name, role, login, signed_out_at FROM sync_config WHERE singleton = 1")
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SyncConfig {
                server_url: r.try_get("server_url")?,
                token: r.try_get("token")?,
                user_id: crate::write::parse_uuid(r.try_get("user_id")?)?,
                user_name: r.try_get("user_name")?,
                role: r.try_get("role")?,
                login: r.try_get("login")?,
                signed_out: r.try_get::<Option<String>, _>("signed_out_at")?.is_some(),
            })
        })
        .transpose()
    }

    /// Keeps a new session of the person this device syncs as (after signing in again): the
    /// outbox stays and goes out under it. Returns false when the device has not joined.
    pub async fn renew_session(&self, token: &str, login: &str) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE sync_config SET token = ?, login = ?, signed_out_at = NULL WHERE singleton = 1",
        )
        .bind(token)
        .bind(login)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Forgets the session (signing out): nothing syncs until the person signs in again; the
    /// data and what waits to be sent stay.
    pub async fn sign_out(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET token = '', signed_out_at = ? WHERE singleton = 1")
            .bind(timestamp(Utc::now()))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records the server this device joined and acts as the logged-in person from now on.
    /// Device configuration, not a change to shared data: it is not an operation.
    pub async fn join(&self, config: &SyncConfig) -> Result<(), StoreError> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO sync_config (singleton, server_url, token, user_id, user_name, role, joined_at, login) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (singleton) DO UPDATE SET server_url = excluded.server_url, token = excluded.token,
                 user_id = excluded.user_id, user_name = excluded.user_name, role = excluded.role, joined_at = excluded.joined_at,
                 login = excluded.login, signed_out_at = NULL",
        )
        .bind(&config.server_url)
        .bind(&config.token)
        .bind(config.user_id.to_string())
        .bind(&config.user_name)
        .bind(&config.role)
        .bind(timestamp(Utc::now()))
        .bind(&config.login)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE device SET local_user_id = ? WHERE singleton = 1")
            .bind(config.user_id.to_string())
            .execute(&mut *tx)
            .await?;
        // A device joined again under a role that may not keep what it holds forgets it now.
        crate::privacy::forget_unless_allowed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Conflicts the server reported that nobody resolved yet.
    pub async fn open_conflicts(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM order_conflicts WHERE resolved_at IS NULL")
                .fetch_one(self.pool())
                .await?,
        )
    }
}
