//! Administration commands: the deadline (SLA) rules per order kind, and the deadline
//! compliance report (on screen and as CSV).

use campo_domain::sla::RuleInput;
use campo_store::StoreError;
use campo_store::deadline::SlaRuleView;
use campo_store::report::ComplianceReport;

use crate::error::CommandError;
use crate::state::AppState;

/// The deadline rules in force, one per order kind.
#[tauri::command]
pub async fn sla_rules(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<SlaRuleView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .sla_rules()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Sets an order kind's deadline rule; impossible rules are refused with the reason.
#[tauri::command]
pub async fn set_sla_rule(
    state: tauri::State<'_, AppState>,
    rule: RuleInput,
) -> Result<Vec<SlaRuleView>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.set_sla_rule(&rule, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.sla_rules().await.map_err(map)
}

/// Deadline compliance of the visits scheduled from `from` to `to` (`YYYY-MM-DD`).
#[tauri::command]
pub async fn compliance_report(
    state: tauri::State<'_, AppState>,
    from: String,
    to: String,
) -> Result<ComplianceReport, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .compliance_report(&from, &to, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// The same report saved as CSV in the Downloads folder; returns the file's path.
#[tauri::command]
pub async fn export_compliance_csv(
    state: tauri::State<'_, AppState>,
    app: tauri::AppHandle,
    from: String,
    to: String,
) -> Result<String, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    let report = store
        .compliance_report(&from, &to, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))?;
    super::save_csv(
        &app,
        state.data_dir(),
        &format!("prazos-{}-a-{}", report.from, report.to),
        &report.to_csv(lang),
        lang,
    )
}
