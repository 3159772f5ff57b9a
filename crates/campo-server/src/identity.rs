//! Which server this is: an id made the first time it is asked for and kept in the database
//! (every process over the same database answers with the same one). Sign-ins and hellos
//! carry it, so a device refuses to send its work to another server that answers at the
//! address it joined (another provider's, or a reinstalled one with none of its data).

use uuid::Uuid;

use crate::db::ServerDb;
use crate::error::ServerError;

/// This server's id.
pub async fn server_id(db: &ServerDb) -> Result<Uuid, ServerError> {
    let read = || async {
        sqlx::query_scalar::<_, String>("SELECT id FROM server_identity WHERE singleton = 1")
            .fetch_optional(db.pool())
            .await
    };
    let id = match read().await? {
        Some(id) => id,
        None => {
            sqlx::query(
                "INSERT INTO server_identity (singleton, id) VALUES (1, $1) ON CONFLICT (singleton) DO NOTHING",
            )
            .bind(Uuid::now_v7().to_string())
            .execute(db.pool())
            .await?;
            read().await?.unwrap_or_default()
        }
    };
    crate::db::stored_id(&id)
}
