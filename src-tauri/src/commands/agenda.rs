//! Agenda commands: the dispatch board, scheduling from it, technicians' absences, and a
//! technician's day.

use campo_domain::Period;
use campo_store::StoreError;
use campo_store::agenda::{BoardView, DayView, SlotRequest, WorkWeekView};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::AppState;

/// What scheduling did: the board afterwards and any warning (over capacity).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleResult {
    /// Warnings to show, in the user's language.
    pub warnings: Vec<String>,
    /// The board, refreshed.
    pub board: BoardView,
}

/// An order dropped on a technician's period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInput {
    /// The order.
    pub order: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period.
    pub period: Period,
    /// Technician.
    pub technician: String,
    /// Why (required when the order was already scheduled).
    pub reason: Option<String>,
    /// First day of the board to return.
    pub board_from: String,
    /// Days of the board to return.
    pub board_days: u32,
}

fn id(text: &str, state: &AppState) -> Result<Uuid, CommandError> {
    super::parse_id(text, state.lang())
}

/// The board for `days` days (1 to 7) from `from` (`YYYY-MM-DD`); the queue of waiting
/// orders comes too unless `with_queue` is false (moving to another day keeps the queue).
#[tauri::command]
pub async fn board(
    state: tauri::State<'_, AppState>,
    from: String,
    days: u32,
    with_queue: Option<bool>,
) -> Result<BoardView, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .board_with(&from, days, with_queue.unwrap_or(true))
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Schedules or reschedules an order into a technician's period, and returns the board of
/// `board_from`/`board_days` as it is afterwards.
#[tauri::command]
pub async fn schedule_on_board(
    state: tauri::State<'_, AppState>,
    input: ScheduleInput,
) -> Result<ScheduleResult, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let order = id(&input.order, &state)?;
    let technician = id(&input.technician, &state)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let warnings = store
        .schedule_on_board(
            actor,
            SlotRequest {
                order_id: order,
                date: input.date,
                period: input.period,
                technician_id: technician,
                reason: input.reason,
            },
            lang,
        )
        .await
        .map_err(map)?;
    state.nudge_sync();
    let board = store
        .board(&input.board_from, input.board_days)
        .await
        .map_err(map)?;
    Ok(ScheduleResult { warnings, board })
}

/// A technician's day: `technician` or, when absent, this device's user if a technician.
#[tauri::command]
pub async fn my_day(
    state: tauri::State<'_, AppState>,
    technician: Option<String>,
    date: Option<String>,
) -> Result<DayView, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let technician = match technician {
        Some(t) => Some(id(&t, &state)?),
        None => {
            let me = store.local_user().await.map_err(map)?;
            let techs = store.filter_options().await.map_err(map)?.technicians;
            me.filter(|m| techs.iter().any(|t| t.id == m.to_string()))
        }
    };
    store
        .day_of(technician, date.as_deref(), lang)
        .await
        .map_err(map)
}

/// Every open order's deadline status, with the most urgent alerts.
#[tauri::command]
pub async fn deadline_alerts(
    state: tauri::State<'_, AppState>,
) -> Result<campo_store::deadline::DeadlineOverview, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .deadline_overview()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Records that a technician is away from `from` to `to` (`YYYY-MM-DD`, both included);
/// returns how many of their visits in those days need someone else or another day.
#[tauri::command]
pub async fn record_absence(
    state: tauri::State<'_, AppState>,
    technician: String,
    from: String,
    to: String,
    reason: String,
) -> Result<u32, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let technician = id(&technician, &state)?;
    let from = campo_store::agenda::day_arg(&from, "início da ausência").map_err(map)?;
    let to = campo_store::agenda::day_arg(&to, "fim da ausência").map_err(map)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.record_absence(technician, from, to, &reason, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.visits_during(technician, from, to).await.map_err(map)
}

/// Removes an absence recorded by mistake or cancelled.
#[tauri::command]
pub async fn remove_absence(
    state: tauri::State<'_, AppState>,
    absence: String,
) -> Result<(), CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let absence = id(&absence, &state)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.remove_absence(absence, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    Ok(())
}

/// Sets the weekdays a technician works (seven flags, Monday first); returns every
/// technician's week.
#[tauri::command]
pub async fn set_work_week(
    state: tauri::State<'_, AppState>,
    technician: String,
    days: Vec<bool>,
) -> Result<Vec<WorkWeekView>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let technician = id(&technician, &state)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.set_work_week(technician, &days, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.work_weeks().await.map_err(map)
}
