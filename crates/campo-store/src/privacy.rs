//! Personal data (CPF, mother's name, birth date) kept only on the devices of roles that may
//! see it (LGPD, [`Role::sees_personal_data`]). The server never sends it to the others; a
//! device that holds some anyway — one that synced before the server held it back, or whose
//! person's role changed to one that may not see it — forgets it when the store opens and
//! when the role changes: customers' personal fields, sales' (as a seller's approved sale
//! loses them) and the sale drafts typed under the earlier role (a role without personal data
//! sells nothing). A device that joined no server (the demo) keeps what it has.

use campo_protocol::Role;
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::error::StoreError;

/// Forgets the personal data this device may not keep under its person's role; returns how
/// many customers and sales lost some.
pub(crate) async fn forget_unless_allowed(c: &mut SqliteConnection) -> Result<u64, StoreError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
            .fetch_optional(&mut *c)
            .await?;
    let Some(role) = role.as_deref().and_then(Role::from_code) else {
        return Ok(0);
    };
    if role.sees_personal_data() {
        return Ok(0);
    }
    let customers = sqlx::query(
        "UPDATE customers SET cpf = NULL, mother_name = NULL, birth_date = NULL
         WHERE cpf IS NOT NULL OR mother_name IS NOT NULL OR birth_date IS NOT NULL",
    )
    .execute(&mut *c)
    .await?
    .rows_affected();
    let sales: Vec<String> = sqlx::query_scalar("SELECT id FROM sales WHERE cpf IS NOT NULL")
        .fetch_all(&mut *c)
        .await?;
    for id in &sales {
        let forgotten = match Uuid::parse_str(id) {
            Ok(uuid) => crate::sales::forget_personal_data(c, uuid).await,
            Err(e) => Err(sqlx::Error::Decode(Box::new(e)).into()),
        };
        if let Err(e) = forgotten {
            // A sale this device cannot read keeps nothing personal either.
            tracing::warn!(error = %e, sale = %id, "unreadable sale: its form dropped");
            sqlx::query("UPDATE sales SET cpf = NULL, form = '{}' WHERE id = ?")
                .bind(id)
                .execute(&mut *c)
                .await?;
        }
    }
    // Drafts typed under the earlier role: what the seller collected, personal data included.
    let drafts = sqlx::query("DELETE FROM sale_drafts")
        .execute(&mut *c)
        .await?
        .rows_affected();
    let forgotten = customers + sales.len() as u64 + drafts;
    if forgotten > 0 {
        tracing::info!(
            customers,
            sales = sales.len(),
            drafts,
            "personal data this role may not keep forgotten"
        );
    }
    Ok(forgotten)
}
