//! Where the connection to the provider's ERP stands, for the administrator's page: read from
//! the server (online only), each failure put into words in the person's language here.

use campo_domain::Localized;
use campo_protocol::erp::{ErpSettings, ErpSettingsInput};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

/// One kind of record read from the ERP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErpReadingView {
    /// `customers`, `orders` or `receivables`.
    pub kind: String,
    /// When it last ran, well or not (RFC 3339).
    pub last_run_at: Option<String>,
    /// When it last ran well.
    pub last_ok_at: Option<String>,
    /// Runs failed in a row.
    #[ts(type = "number")]
    pub failures: i64,
    /// Why the last run failed, in words; `None` when it went well.
    pub problem: Option<String>,
    /// When the server reads again by itself (`None`: only when asked).
    pub next_at: Option<String>,
}

/// A write-back to the ERP that failed and waits to be tried again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErpWriteFailureView {
    /// The order's id in the ERP.
    pub external_id: String,
    /// Why, in words.
    pub problem: String,
    /// Attempts so far.
    #[ts(type = "number")]
    pub attempts: i64,
}

/// Where the connection to the provider's ERP stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErpStandingView {
    /// The ERP's name; `None` when the server has no connector set up nor ever read one.
    pub erp: Option<String>,
    /// How often the server reads it, in minutes (`None`: not on a schedule).
    pub every_minutes: Option<u32>,
    /// Customers, orders and receivables.
    pub readings: Vec<ErpReadingView>,
    /// Schedulings, visits to reschedule and closings waiting to be written back.
    #[ts(type = "number")]
    pub waiting: i64,
    /// Written back so far.
    #[ts(type = "number")]
    pub written: i64,
    /// The newest write-back that failed.
    pub write_failure: Option<ErpWriteFailureView>,
    /// How the server reaches the ERP, as set in the app (the token never shown).
    pub settings: Option<ErpSettings>,
}

/// Where the connection to the provider's ERP stands, as the server says.
pub async fn erp_standing(ctx: &Context) -> Result<ErpStandingView, AppError> {
    let s = crate::people::transport(ctx).await?.erp_standing().await?;
    Ok(view(s, ctx.lang()))
}

/// Sets how the server reaches the provider's ERP (the administrator, online); each setting
/// missing or malformed is named beside its field before sending (a token left empty keeps
/// the server's only for the same address and user). Returns where the connection stands now.
pub async fn save_erp_settings(
    ctx: &Context,
    settings: ErpSettingsInput,
) -> Result<ErpStandingView, AppError> {
    let server = crate::people::transport(ctx).await?;
    let kept = server.erp_standing().await?.settings;
    let problems = settings.problems(kept.as_ref());
    if !problems.is_empty() {
        return Err(AppError::ErpSettings(problems));
    }
    let s = server.set_erp_settings(&settings).await?;
    Ok(view(s, ctx.lang()))
}

/// The server's standing with each problem in `lang`'s words.
fn view(s: campo_protocol::erp::ErpStanding, lang: campo_domain::Lang) -> ErpStandingView {
    ErpStandingView {
        erp: s.erp,
        every_minutes: s.every_minutes,
        readings: s
            .readings
            .into_iter()
            .map(|r| ErpReadingView {
                kind: r.kind,
                last_run_at: r.last_run_at,
                last_ok_at: r.last_ok_at,
                failures: r.failures,
                problem: r.problem.map(|p| p.message(lang)),
                next_at: r.next_at,
            })
            .collect(),
        waiting: s.waiting,
        written: s.written,
        write_failure: s.write_failure.map(|f| ErpWriteFailureView {
            external_id: f.external_id,
            problem: f.problem.message(lang),
            attempts: f.attempts,
        }),
        settings: s.settings,
    }
}
