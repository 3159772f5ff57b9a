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
/// many customers and sales lost some. Done once per role: the device keeps the role it last
/// checked for (the server sends such data to no role that may not keep it, so nothing comes
/// back under the same role), and an opening under that role does nothing.
pub(crate) async fn forget_unless_allowed(c: &mut SqliteConnection) -> Result<u64, StoreError> {
    let config: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT role, personal_data_checked_for FROM sync_config WHERE singleton = 1",
    )
    .fetch_optional(&mut *c)
    .await?;
    let Some((Some(code), checked_for)) = config else {
        return Ok(0);
    };
    if checked_for.as_deref() == Some(code.as_str()) {
        return Ok(0);
    }
    let forgotten = match Role::from_code(&code) {
        Some(role) if !role.sees_personal_data() => forget(c).await?,
        _ => 0,
    };
    sqlx::query("UPDATE sync_config SET personal_data_checked_for = role WHERE singleton = 1")
        .execute(&mut *c)
        .await?;
    Ok(forgotten)
}

/// Forgets every customer's and sale's personal data and the sale drafts.
async fn forget(c: &mut SqliteConnection) -> Result<u64, StoreError> {
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
