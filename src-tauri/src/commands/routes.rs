//! Route commands: plan a day (cancellable), evaluate a manual arrangement, apply a plan.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use campo_store::StoreError;
use campo_store::routes::{PLAN_TIME_LIMIT, PlanRequest, RouteInput, RoutePlanView};

use crate::error::CommandError;
use crate::state::AppState;

/// Plans a day as asked (date, queue, keep technicians, period, technicians).
/// `cancel_planning` stops it early with the best plan so far.
#[tauri::command]
pub async fn plan_routes(
    state: tauri::State<'_, AppState>,
    request: PlanRequest,
) -> Result<RoutePlanView, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    let cancel = Arc::new(AtomicBool::new(false));
    if let Ok(mut slot) = state.planning.lock() {
        *slot = Some(cancel.clone());
    }
    let result = store
        .plan_routes(&request, PLAN_TIME_LIMIT, cancel, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang));
    if let Ok(mut slot) = state.planning.lock() {
        *slot = None;
    }
    result
}

/// Stops the planning under way (its best plan so far is returned to the caller).
#[tauri::command]
pub fn cancel_planning(state: tauri::State<'_, AppState>) {
    if let Ok(slot) = state.planning.lock()
        && let Some(flag) = slot.as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
}

/// Times, totals and rule problems of routes arranged by hand.
#[tauri::command]
pub async fn evaluate_routes(
    state: tauri::State<'_, AppState>,
    date: String,
    routes: Vec<RouteInput>,
) -> Result<RoutePlanView, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .evaluate_routes(&date, &routes, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Applies routes to the agenda and records each technician's visiting order.
#[tauri::command]
pub async fn apply_routes(
    state: tauri::State<'_, AppState>,
    date: String,
    routes: Vec<RouteInput>,
) -> Result<RoutePlanView, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let view = store
        .apply_routes(actor, &date, &routes, lang)
        .await
        .map_err(map)?;
    state.nudge_sync();
    Ok(view)
}
