//! Administration commands: the deadline (SLA) rules per order kind, the calendar's days off,
//! and the deadline compliance report (on screen and as CSV).

use campo_domain::agenda::AgendaSettings;
use campo_domain::calendar::{EditableLayer, WeekHours};
use campo_domain::sla::RuleInput;
use campo_store::calendar::DayOffView;
use campo_store::deadline::SlaRuleView;
use campo_store::report::ComplianceReport;

use crate::context::Context;
use crate::error::AppError;

/// The deadline rules in force, one per order kind.
pub async fn sla_rules(ctx: &Context) -> Result<Vec<SlaRuleView>, AppError> {
    let store = ctx.store().await?;
    store.sla_rules().await.map_err(AppError::from)
}

/// Sets the rules the editor changed, all in one save; every problem of every rule is refused
/// together (each named beside its field) and then nothing is saved.
pub async fn set_sla_rules(
    ctx: &Context,
    rules: Vec<RuleInput>,
) -> Result<Vec<SlaRuleView>, AppError> {
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    w.set_sla_rules(&rules, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    store.sla_rules().await.map_err(AppError::from)
}

/// The agenda's periods and service times in force.
pub async fn agenda_settings(ctx: &Context) -> Result<AgendaSettings, AppError> {
    let store = ctx.store().await?;
    store.agenda_settings().await.map_err(AppError::from)
}

/// Sets the periods and service times; impossible settings are refused with the reason.
pub async fn set_agenda_settings(
    ctx: &Context,
    settings: AgendaSettings,
) -> Result<AgendaSettings, AppError> {
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    w.set_agenda_settings(&settings, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    store.agenda_settings().await.map_err(AppError::from)
}

/// The business calendar's working hours per weekday.
pub async fn week_hours(ctx: &Context) -> Result<WeekHours, AppError> {
    let store = ctx.store().await?;
    store.week_hours().await.map_err(AppError::from)
}

/// Sets the working hours per weekday; impossible hours are refused with the reason.
pub async fn set_week_hours(ctx: &Context, hours: WeekHours) -> Result<WeekHours, AppError> {
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    w.set_week_hours(&hours, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    store.week_hours().await.map_err(AppError::from)
}

/// Every day off of `year` (computed holidays and the days added in the editor).
pub async fn days_off(ctx: &Context, year: i32) -> Result<Vec<DayOffView>, AppError> {
    let store = ctx.store().await?;
    store.days_off(year).await.map_err(AppError::from)
}

/// Adds a day off (`YYYY-MM-DD`) to the calendar; returns that year's days off.
pub async fn add_day_off(
    ctx: &Context,
    date: String,
    name: String,
    layer: EditableLayer,
) -> Result<Vec<DayOffView>, AppError> {
    change_day(ctx, &date, Some((name, layer))).await
}

/// Takes back a day off added in the editor; returns that year's days off.
pub async fn remove_day_off(ctx: &Context, date: String) -> Result<Vec<DayOffView>, AppError> {
    change_day(ctx, &date, None).await
}

/// Adds (`Some(name, layer)`) or takes back (`None`) the day off on `date`.
async fn change_day(
    ctx: &Context,
    date: &str,
    add: Option<(String, EditableLayer)>,
) -> Result<Vec<DayOffView>, AppError> {
    let day = campo_store::agenda::day_arg(date, campo_domain::Field::Date)?;
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    let now = chrono::Utc::now();
    match add {
        Some((name, layer)) => w.add_day_off(day, &name, layer, now).await,
        None => w.remove_day_off(day, now).await,
    }?;
    w.commit().await?;
    ctx.nudge_sync();
    store
        .days_off(chrono::Datelike::year(&day))
        .await
        .map_err(AppError::from)
}

/// Deadline compliance of the visits scheduled from `from` to `to` (`YYYY-MM-DD`).
pub async fn compliance_report(
    ctx: &Context,
    from: String,
    to: String,
) -> Result<ComplianceReport, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    store
        .compliance_report(&from, &to, lang)
        .await
        .map_err(AppError::from)
}

/// The same report saved as CSV in the Downloads folder; returns the file's path.
pub async fn export_compliance_csv(
    ctx: &Context,
    from: String,
    to: String,
) -> Result<String, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let report = store
        .compliance_report(&from, &to, lang)
        .await
        .map_err(AppError::from)?;
    crate::save_csv(
        ctx,
        &format!("prazos-{}-a-{}", report.from, report.to),
        &report.to_csv(lang),
    )
}
