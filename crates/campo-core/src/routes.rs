//! Route commands: plan a day (cancellable), the orders it would take (for the map), evaluate
//! a manual arrangement, apply a plan, and the technicians' skills the planner respects.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use campo_domain::skills::Skill;
use campo_planning::{PLAN_TIME_LIMIT, PlanRequest, RouteCandidate, RouteInput, RoutePlanView};
use campo_store::routes::TechnicianSkills;

use crate::context::Context;
use crate::error::AppError;

/// Plans a day as asked (date, queue, keep technicians, period, technicians).
/// `cancel_planning` stops it early with the best plan so far.
pub async fn plan_routes(ctx: &Context, request: PlanRequest) -> Result<RoutePlanView, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let cancel = Arc::new(AtomicBool::new(false));
    if let Ok(mut slot) = ctx.planning.lock() {
        *slot = Some(cancel.clone());
    }
    let result = campo_planning::plan_routes(&store, &request, PLAN_TIME_LIMIT, cancel, lang)
        .await
        .map_err(AppError::from);
    if let Ok(mut slot) = ctx.planning.lock() {
        *slot = None;
    }
    result
}

/// Stops the planning under way (its best plan so far is returned to the caller).
pub async fn cancel_planning(ctx: &Context) -> Result<(), AppError> {
    if let Ok(slot) = ctx.planning.lock()
        && let Some(flag) = slot.as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
    Ok(())
}

/// The orders a plan would take, with coordinates (the map before planning).
pub async fn route_candidates(
    ctx: &Context,
    request: PlanRequest,
) -> Result<Vec<RouteCandidate>, AppError> {
    let store = ctx.store().await?;
    campo_planning::route_candidates(&store, &request)
        .await
        .map_err(AppError::from)
}

/// Times, totals and rule problems of routes arranged by hand (from `from_time` when
/// re-planning the rest of a day).
pub async fn evaluate_routes(
    ctx: &Context,
    date: String,
    routes: Vec<RouteInput>,
    from_time: Option<String>,
) -> Result<RoutePlanView, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    campo_planning::evaluate_routes(&store, &date, &routes, from_time.as_deref(), lang)
        .await
        .map_err(AppError::from)
}

/// Applies routes to the agenda and records each technician's visiting order.
pub async fn apply_routes(
    ctx: &Context,
    date: String,
    routes: Vec<RouteInput>,
    from_time: Option<String>,
) -> Result<RoutePlanView, AppError> {
    let lang = ctx.lang();
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let view =
        campo_planning::apply_routes(&store, actor, &date, &routes, from_time.as_deref(), lang)
            .await?;
    ctx.nudge_sync();
    Ok(view)
}

/// Every active technician's skills.
pub async fn technician_skills(ctx: &Context) -> Result<Vec<TechnicianSkills>, AppError> {
    let store = ctx.store().await?;
    store.technician_skills().await.map_err(AppError::from)
}

/// Sets what a technician can do; the planner then gives them only visits they can do.
pub async fn set_technician_skills(
    ctx: &Context,
    technician_id: String,
    skills: Vec<Skill>,
) -> Result<Vec<TechnicianSkills>, AppError> {
    let technician = crate::parse_id(&technician_id)?;
    let (store, _) = ctx
        .write(async |w| {
            w.set_technician_skills(technician, &skills, chrono::Utc::now())
                .await
        })
        .await?;
    store.technician_skills().await.map_err(AppError::from)
}
