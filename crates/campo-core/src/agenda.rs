//! Agenda commands: the dispatch board, scheduling from it, technicians' absences, and a
//! technician's day.

use campo_domain::Period;
use campo_store::agenda::{BoardView, DayView, SlotRequest, WorkWeekView};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

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

/// The board for `days` days (1 to 7) from `from` (`YYYY-MM-DD`); the queue of waiting
/// orders comes too unless `with_queue` is false (moving to another day keeps the queue).
pub async fn board(
    ctx: &Context,
    from: String,
    days: u32,
    with_queue: Option<bool>,
) -> Result<BoardView, AppError> {
    let store = ctx.store().await?;
    let board = store
        .board_with(&from, days, with_queue.unwrap_or(true))
        .await?;
    Ok(worded(board, ctx.lang()))
}

/// The board with its days' holidays named as the reader reads them.
fn worded(mut board: BoardView, lang: campo_domain::Lang) -> BoardView {
    for day in &mut board.days {
        if let Some(name) = &mut day.holiday {
            *name = campo_domain::calendar::holiday_name(name, lang).to_owned();
        }
    }
    board
}

/// Schedules or reschedules an order into a technician's period, and returns the board of
/// `board_from`/`board_days` as it is afterwards.
pub async fn schedule_on_board(
    ctx: &Context,
    input: ScheduleInput,
) -> Result<ScheduleResult, AppError> {
    let lang = ctx.lang();
    let order = crate::parse_id(&input.order)?;
    let technician = crate::parse_id(&input.technician)?;
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
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
        .await?;
    ctx.nudge_sync();
    let board = store.board(&input.board_from, input.board_days).await?;
    Ok(ScheduleResult {
        warnings,
        board: worded(board, lang),
    })
}

/// A technician's day: `technician` or, when absent, this device's user if a technician.
pub async fn my_day(
    ctx: &Context,
    technician: Option<String>,
    date: Option<String>,
) -> Result<DayView, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let technician = match technician {
        Some(t) => Some(crate::parse_id(&t)?),
        None => {
            let me = store.local_user().await?;
            let techs = store.filter_options().await?.technicians;
            me.filter(|m| techs.iter().any(|t| t.id == m.to_string()))
        }
    };
    store
        .day_of(technician, date.as_deref(), lang)
        .await
        .map_err(AppError::from)
}

/// Every open order's deadline status, with the most urgent alerts.
pub async fn deadline_alerts(
    ctx: &Context,
) -> Result<campo_store::deadline::DeadlineOverview, AppError> {
    let store = ctx.store().await?;
    store.deadline_overview().await.map_err(AppError::from)
}

/// Records that a technician is away from `from` to `to` (`YYYY-MM-DD`, both included);
/// returns how many of their visits in those days need someone else or another day.
pub async fn record_absence(
    ctx: &Context,
    technician: String,
    from: String,
    to: String,
    reason: String,
) -> Result<u32, AppError> {
    let technician = crate::parse_id(&technician)?;
    let from = campo_store::agenda::day_arg(&from, campo_domain::Field::AbsenceStart)?;
    let to = campo_store::agenda::day_arg(&to, campo_domain::Field::AbsenceEnd)?;
    let (store, _) = ctx
        .write(async |w| {
            w.record_absence(technician, from, to, &reason, chrono::Utc::now())
                .await
        })
        .await?;
    store
        .visits_during(technician, from, to)
        .await
        .map_err(AppError::from)
}

/// Removes an absence recorded by mistake or cancelled.
pub async fn remove_absence(ctx: &Context, absence: String) -> Result<(), AppError> {
    let absence = crate::parse_id(&absence)?;
    ctx.write(async |w| w.remove_absence(absence, chrono::Utc::now()).await)
        .await?;
    Ok(())
}

/// Sets the weekdays a technician works (seven flags, Monday first); returns every
/// technician's week.
pub async fn set_work_week(
    ctx: &Context,
    technician: String,
    days: Vec<bool>,
) -> Result<Vec<WorkWeekView>, AppError> {
    let technician = crate::parse_id(&technician)?;
    let (store, _) = ctx
        .write(async |w| w.set_work_week(technician, &days, chrono::Utc::now()).await)
        .await?;
    store.work_weeks().await.map_err(AppError::from)
}
