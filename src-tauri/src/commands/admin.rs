//! Administration commands: the deadline (SLA) rules per order kind, the calendar's days off,
//! and the deadline compliance report (on screen and as CSV).

use campo_domain::agenda::AgendaSettings;
use campo_domain::calendar::{EditableLayer, WeekHours};
use campo_domain::sla::RuleInput;
use campo_store::StoreError;
use campo_store::calendar::DayOffView;
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

/// The agenda's periods and service times in force.
#[tauri::command]
pub async fn agenda_settings(
    state: tauri::State<'_, AppState>,
) -> Result<AgendaSettings, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .agenda_settings()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Sets the periods and service times; impossible settings are refused with the reason.
#[tauri::command]
pub async fn set_agenda_settings(
    state: tauri::State<'_, AppState>,
    settings: AgendaSettings,
) -> Result<AgendaSettings, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.set_agenda_settings(&settings, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.agenda_settings().await.map_err(map)
}

/// The business calendar's working hours per weekday.
#[tauri::command]
pub async fn week_hours(state: tauri::State<'_, AppState>) -> Result<WeekHours, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .week_hours()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Sets the working hours per weekday; impossible hours are refused with the reason.
#[tauri::command]
pub async fn set_week_hours(
    state: tauri::State<'_, AppState>,
    hours: WeekHours,
) -> Result<WeekHours, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.set_week_hours(&hours, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.week_hours().await.map_err(map)
}

/// Every day off of `year` (computed holidays and the days added in the editor).
#[tauri::command]
pub async fn days_off(
    state: tauri::State<'_, AppState>,
    year: i32,
) -> Result<Vec<DayOffView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .days_off(year)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Adds a day off (`YYYY-MM-DD`) to the calendar; returns that year's days off.
#[tauri::command]
pub async fn add_day_off(
    state: tauri::State<'_, AppState>,
    date: String,
    name: String,
    layer: EditableLayer,
) -> Result<Vec<DayOffView>, CommandError> {
    change_day(&state, &date, Some((name, layer))).await
}

/// Takes back a day off added in the editor; returns that year's days off.
#[tauri::command]
pub async fn remove_day_off(
    state: tauri::State<'_, AppState>,
    date: String,
) -> Result<Vec<DayOffView>, CommandError> {
    change_day(&state, &date, None).await
}

/// Adds (`Some(name, layer)`) or takes back (`None`) the day off on `date`.
async fn change_day(
    state: &AppState,
    date: &str,
    add: Option<(String, EditableLayer)>,
) -> Result<Vec<DayOffView>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let day = campo_store::agenda::day_arg(date, "data").map_err(map)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    let now = chrono::Utc::now();
    match add {
        Some((name, layer)) => w.add_day_off(day, &name, layer, now).await,
        None => w.remove_day_off(day, now).await,
    }
    .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store
        .days_off(chrono::Datelike::year(&day))
        .await
        .map_err(map)
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
