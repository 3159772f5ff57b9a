//! Activation commands: the services followed (IPTV and every SVA the plans name), the queue
//! (one line per service to activate), an order's checklist of a service (start, tick,
//! complete, fail) and each service's template editor.

use campo_domain::activation::TemplateItem;
use campo_store::activation::{
    ActivationRow, ActivationView, ServiceView, TemplateView, TickInput,
};
use chrono::Utc;
use uuid::Uuid;

use crate::context::Context;
use crate::error::AppError;

/// Installations waiting for their service to be activated.
pub async fn activation_queue(
    ctx: &Context,
    text: Option<String>,
) -> Result<Vec<ActivationRow>, AppError> {
    let store = ctx.store().await?;
    store
        .activation_queue(text.as_deref())
        .await
        .map_err(AppError::from)
}

/// Every service followed, with its checklist's current version.
pub async fn activation_services(ctx: &Context) -> Result<Vec<ServiceView>, AppError> {
    Ok(ctx.store().await?.activation_services().await?)
}

/// An order's activation of a service, every attempt included.
pub async fn activation_of(
    ctx: &Context,
    order: String,
    service: String,
) -> Result<ActivationView, AppError> {
    let lang = ctx.lang();
    let order = crate::parse_id(&order)?;
    let store = ctx.store().await?;
    store
        .service_activation_of(order, &service, lang)
        .await
        .map_err(AppError::from)
}

/// What a checklist action does, run in one transaction as this device's user.
enum Action {
    Start(String),
    Tick(Uuid, TickInput),
    Complete(Uuid),
    Fail(Uuid, String, bool),
}

async fn act(ctx: &Context, order: &str, action: Action) -> Result<ActivationView, AppError> {
    let lang = ctx.lang();
    let order = crate::parse_id(order)?;
    let store = ctx.store().await?;
    let actor = crate::actor(&store).await?;
    let mut w = store.writer(actor).await?;
    let now = Utc::now();
    let service = match &action {
        Action::Start(service) => service.clone(),
        Action::Tick(a, _) | Action::Complete(a) | Action::Fail(a, _, _) => {
            store.activation_service(*a).await?
        }
    };
    let ends = matches!(action, Action::Complete(_) | Action::Fail(..));
    match action {
        Action::Start(service) => w
            .start_service_activation(order, &service, now)
            .await
            .map(|_| ()),
        Action::Tick(a, input) => w.tick_activation(a, &input, now).await.map(|_| ()),
        Action::Complete(a) => w.complete_activation(a, now).await,
        Action::Fail(a, reason, repair) => {
            w.fail_activation(a, &reason, repair, now).await.map(|_| ())
        }
    }?;
    w.commit().await?;
    if ends {
        // The attempt ended: its report, as it stands, is kept on the order.
        let report = campo_protocol::ops::ReportOf::Activation {
            service: service.clone(),
        };
        crate::kept::keep(&store, actor, order, report).await;
    }
    ctx.nudge_sync();
    store
        .service_activation_of(order, &service, lang)
        .await
        .map_err(AppError::from)
}

/// Starts the next attempt at a service (or returns the open one).
pub async fn start_activation(
    ctx: &Context,
    order: String,
    service: String,
) -> Result<ActivationView, AppError> {
    act(ctx, &order, Action::Start(service)).await
}

/// Records an answer to an item.
pub async fn tick_activation(
    ctx: &Context,
    order: String,
    activation: String,
    input: TickInput,
) -> Result<ActivationView, AppError> {
    let a = crate::parse_id(&activation)?;
    act(ctx, &order, Action::Tick(a, input)).await
}

/// Completes the attempt (every required item passed).
pub async fn complete_activation(
    ctx: &Context,
    order: String,
    activation: String,
) -> Result<ActivationView, AppError> {
    let a = crate::parse_id(&activation)?;
    act(ctx, &order, Action::Complete(a)).await
}

/// Fails the attempt with a reason; `repair` opens a repair visit for the technician.
pub async fn fail_activation(
    ctx: &Context,
    order: String,
    activation: String,
    reason: String,
    repair: bool,
) -> Result<ActivationView, AppError> {
    let a = crate::parse_id(&activation)?;
    act(ctx, &order, Action::Fail(a, reason, repair)).await
}

/// A service's template, current version.
pub async fn activation_template(
    ctx: &Context,
    service: String,
) -> Result<Option<TemplateView>, AppError> {
    let store = ctx.store().await?;
    store
        .activation_template(&campo_domain::activation::service_key(&service))
        .await
        .map_err(AppError::from)
}

/// Saves a service's template as a new version.
pub async fn save_activation_template(
    ctx: &Context,
    service: String,
    name: String,
    items: Vec<TemplateItem>,
) -> Result<Option<TemplateView>, AppError> {
    let service = campo_domain::activation::service_key(&service);
    let (store, _) = ctx
        .write(async |w| {
            w.save_activation_template(&service, &name, &items, Utc::now())
                .await
        })
        .await?;
    store
        .activation_template(&service)
        .await
        .map_err(AppError::from)
}
