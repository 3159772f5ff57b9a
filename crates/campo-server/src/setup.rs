//! Setting up a provider on a new server (`campo-server init`): its profile and its first
//! administrator, once. The profile goes into the log as the administrator's `provider.set`,
//! so every device receives it like any other setting; the server reads it back for what it
//! computes itself (the provider's date, for a technician's window).

use campo_domain::Localized;
use campo_domain::provider::ProviderProfile;
use campo_protocol::ops::ProviderSet;
use campo_protocol::{Op, Role};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::{timestamp, users};

/// Creates the provider and its first administrator (`admin_login`, `admin_name`,
/// `password`). Refused, with nothing written, when the server already has people or a
/// provider, or when any field of the profile is wrong (every problem named).
pub async fn init(
    db: &ServerDb,
    profile: &ProviderProfile,
    admin_login: &str,
    admin_name: &str,
    password: &str,
) -> Result<Uuid, ServerError> {
    let problems = profile.problems();
    if !problems.is_empty() {
        let words: Vec<String> = problems
            .iter()
            .map(|p| p.message(campo_domain::Lang::PtBr))
            .collect();
        return Err(ServerError::Operator(words.join("; ")));
    }
    if initialized(db).await? {
        return Err(ServerError::Operator(
            "Este servidor já foi inicializado: o provedor e o administrador já existem".into(),
        ));
    }
    let admin = users::add_user(db, admin_login, admin_name, Role::Admin.code(), password).await?;
    let mut tx = db.begin_write().await?;
    let body = Op::ProviderSet(ProviderSet {
        profile: profile.normalized(),
        at: timestamp(Utc::now()),
    });
    crate::rules::append_server_op(&mut tx, &body, admin, None).await?;
    tx.commit().await?;
    Ok(admin)
}

/// Whether the server has people or a provider already.
async fn initialized(db: &ServerDb) -> Result<bool, ServerError> {
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await?;
    Ok(people > 0 || profile(db).await?.is_some())
}

/// The provider's profile in force (the latest `provider.set` in the log), if any.
pub async fn profile(db: &ServerDb) -> Result<Option<ProviderProfile>, ServerError> {
    let payload: Option<String> = sqlx::query_scalar(
        // By entity first: the log's index finds the few rows at once.
        "SELECT payload FROM ops WHERE entity = 'provider' AND kind = $1
         ORDER BY server_seq DESC LIMIT 1",
    )
    .bind(campo_protocol::OpKind::ProviderSet.code())
    .fetch_optional(db.pool())
    .await?;
    Ok(payload
        .and_then(|p| serde_json::from_str::<ProviderSet>(&p).ok())
        .map(|b| b.profile))
}

/// The date every served municipality has reached at `now`: the earliest of their dates (a
/// municipality further west is still on the day before around midnight), so a technician's
/// window never drops a visit of the day where it happens. Brazil's legal time (Brasília's)
/// without a profile.
pub async fn provider_date(
    db: &ServerDb,
    now: DateTime<Utc>,
) -> Result<chrono::NaiveDate, ServerError> {
    Ok(date_in(&provider_zones(db).await?, now))
}

/// The time zones of the municipalities the provider serves (none without a profile).
pub async fn provider_zones(db: &ServerDb) -> Result<Vec<Tz>, ServerError> {
    Ok(profile(db)
        .await?
        .map(|p| {
            p.municipalities
                .iter()
                .filter_map(|&code| campo_domain::municipality::by_code(code).map(|m| m.zone))
                .collect()
        })
        .unwrap_or_default())
}

/// [`provider_date`] with the zones read once.
pub fn date_in(zones: &[Tz], now: DateTime<Utc>) -> chrono::NaiveDate {
    zones
        .iter()
        .map(|zone| now.with_timezone(zone).date_naive())
        .min()
        .unwrap_or_else(|| {
            now.with_timezone(&chrono_tz::America::Sao_Paulo)
                .date_naive()
        })
}
