//! What guards a person's data on this computer: the verifier of their password kept beside
//! their session, for unlocking without the server (an Argon2id PHC string, made and checked
//! by the application layer; never the password), the failed attempts since the last success,
//! and which server the data belongs to. Device bookkeeping, not shared data: none of it is an
//! operation.

use uuid::Uuid;

use crate::Store;
use crate::error::StoreError;

/// What unlocking this person's data offline can rely on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlockState {
    /// The verifier of their password, once they signed in here since it was kept.
    pub verifier: Option<String>,
    /// Failed unlocks since the last success.
    pub failures: u32,
}

impl Store {
    /// The verifier and failed attempts; `None` when the device has not joined a server.
    pub async fn unlock_state(&self) -> Result<Option<UnlockState>, StoreError> {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT verifier, unlock_failures FROM sync_config WHERE singleton = 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|(verifier, failures)| UnlockState {
            verifier,
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
        }))
    }

    /// Keeps a new verifier (after the person proved their password) and clears the failed
    /// attempts.
    pub async fn set_verifier(&self, verifier: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET verifier = ?, unlock_failures = 0 WHERE singleton = 1")
            .bind(verifier)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Clears the failed attempts (a successful unlock).
    pub async fn unlock_succeeded(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET unlock_failures = 0 WHERE singleton = 1")
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Counts a failed unlock; returns the failures so far.
    pub async fn unlock_failed(&self) -> Result<u32, StoreError> {
        let n: Option<i64> = sqlx::query_scalar(
            "UPDATE sync_config SET unlock_failures = unlock_failures + 1 WHERE singleton = 1
             RETURNING unlock_failures",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0))
    }

    /// Lets a signed-out person work again after unlocking offline: the session is still
    /// missing (the token stays empty), so the first round that reaches the server asks
    /// them to sign in, and what they write waits in the outbox meanwhile.
    pub async fn resume_without_session(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET signed_out_at = NULL WHERE singleton = 1")
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The server this device joined, once it said which it is.
    pub async fn server_id(&self) -> Result<Option<Uuid>, StoreError> {
        let id: Option<Option<String>> =
            sqlx::query_scalar("SELECT server_id FROM sync_config WHERE singleton = 1")
                .fetch_optional(self.pool())
                .await?;
        id.flatten()
            .as_deref()
            .map(crate::write::parse_uuid)
            .transpose()
    }

    /// Keeps which server this device joined.
    pub async fn set_server_id(&self, id: Uuid) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET server_id = ? WHERE singleton = 1")
            .bind(id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Keeps the person's new role (they signed in again after the administrator changed it):
    /// the device loads its data again on the next round, for the new role's reach, and
    /// forgets at once the personal data the new role may not keep.
    pub async fn change_role(&self, role: &str) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE sync_config SET role = ? WHERE singleton = 1")
            .bind(role)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE device SET reload_wanted = 1 WHERE singleton = 1")
            .execute(&mut *tx)
            .await?;
        crate::privacy::forget_unless_allowed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
