//! Route commands: plan a day (cancellable), the orders it would take (for the map), evaluate
//! a manual arrangement, apply a plan, and the technicians' skills the planner respects.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use campo_domain::skills::Skill;
use campo_store::StoreError;
use campo_store::routes::{
    PLAN_TIME_LIMIT, PlanRequest, RouteCandidate, RouteInput, RoutePlanView, TechnicianSkills,
};

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

/// The orders a plan would take, with coordinates (the map before planning).
#[tauri::command]
pub async fn route_candidates(
    state: tauri::State<'_, AppState>,
    request: PlanRequest,
) -> Result<Vec<RouteCandidate>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .route_candidates(&request, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Times, totals and rule problems of routes arranged by hand (from `from_time` when
/// re-planning the rest of a day).
#[tauri::command]
pub async fn evaluate_routes(
    state: tauri::State<'_, AppState>,
    date: String,
    routes: Vec<RouteInput>,
    from_time: Option<String>,
) -> Result<RoutePlanView, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .evaluate_routes(&date, &routes, from_time.as_deref(), lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Applies routes to the agenda and records each technician's visiting order.
#[tauri::command]
pub async fn apply_routes(
    state: tauri::State<'_, AppState>,
    date: String,
    routes: Vec<RouteInput>,
    from_time: Option<String>,
) -> Result<RoutePlanView, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let view = store
        .apply_routes(actor, &date, &routes, from_time.as_deref(), lang)
        .await
        .map_err(map)?;
    state.nudge_sync();
    Ok(view)
}

/// Every active technician's skills.
#[tauri::command]
pub async fn technician_skills(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<TechnicianSkills>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .technician_skills()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Sets what a technician can do; the planner then gives them only visits they can do.
#[tauri::command]
pub async fn set_technician_skills(
    state: tauri::State<'_, AppState>,
    technician_id: String,
    skills: Vec<Skill>,
) -> Result<Vec<TechnicianSkills>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let technician = super::parse_id(&technician_id, lang)?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.set_technician_skills(technician, &skills, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.technician_skills().await.map_err(map)
}
