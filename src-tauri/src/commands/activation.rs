//! Activation commands: the queue, an order's checklist (start, tick, complete, fail) and the
//! template editor.

use campo_domain::activation::TemplateItem;
use campo_store::StoreError;
use campo_store::activation::{ActivationRow, ActivationView, IPTV, TemplateView, TickInput};
use chrono::Utc;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::AppState;

fn id(text: &str, state: &AppState) -> Result<Uuid, CommandError> {
    super::parse_id(text, state.lang())
}

/// Installations waiting for their service to be activated.
#[tauri::command]
pub async fn activation_queue(
    state: tauri::State<'_, AppState>,
    text: Option<String>,
) -> Result<Vec<ActivationRow>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .activation_queue(text.as_deref())
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// An order's activation, every attempt included.
#[tauri::command]
pub async fn activation_of(
    state: tauri::State<'_, AppState>,
    order: String,
) -> Result<ActivationView, CommandError> {
    let lang = state.lang();
    let order = id(&order, &state)?;
    let store = state.store().await?;
    store
        .activation_of(order, lang)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// What a checklist action does, run in one transaction as this device's user.
enum Action {
    Start,
    Tick(Uuid, TickInput),
    Complete(Uuid),
    Fail(Uuid, String, bool),
}

async fn act(
    state: &AppState,
    order: &str,
    action: Action,
) -> Result<ActivationView, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let order = id(order, state)?;
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    let now = Utc::now();
    match action {
        Action::Start => w.start_activation(order, now).await.map(|_| ()),
        Action::Tick(a, input) => w.tick_activation(a, &input, now).await.map(|_| ()),
        Action::Complete(a) => w.complete_activation(a, now).await,
        Action::Fail(a, reason, repair) => {
            w.fail_activation(a, &reason, repair, now).await.map(|_| ())
        }
    }
    .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.activation_of(order, lang).await.map_err(map)
}

/// Starts the next attempt (or returns the open one).
#[tauri::command]
pub async fn start_activation(
    state: tauri::State<'_, AppState>,
    order: String,
) -> Result<ActivationView, CommandError> {
    act(&state, &order, Action::Start).await
}

/// Records an answer to an item.
#[tauri::command]
pub async fn tick_activation(
    state: tauri::State<'_, AppState>,
    order: String,
    activation: String,
    input: TickInput,
) -> Result<ActivationView, CommandError> {
    let a = id(&activation, &state)?;
    act(&state, &order, Action::Tick(a, input)).await
}

/// Completes the attempt (every required item passed).
#[tauri::command]
pub async fn complete_activation(
    state: tauri::State<'_, AppState>,
    order: String,
    activation: String,
) -> Result<ActivationView, CommandError> {
    let a = id(&activation, &state)?;
    act(&state, &order, Action::Complete(a)).await
}

/// Fails the attempt with a reason; `repair` opens a repair visit for the technician.
#[tauri::command]
pub async fn fail_activation(
    state: tauri::State<'_, AppState>,
    order: String,
    activation: String,
    reason: String,
    repair: bool,
) -> Result<ActivationView, CommandError> {
    let a = id(&activation, &state)?;
    act(&state, &order, Action::Fail(a, reason, repair)).await
}

/// The IPTV template's current version.
#[tauri::command]
pub async fn activation_template(
    state: tauri::State<'_, AppState>,
) -> Result<Option<TemplateView>, CommandError> {
    let lang = state.lang();
    let store = state.store().await?;
    store
        .activation_template(IPTV)
        .await
        .map_err(|e| CommandError::from_store(&e, lang))
}

/// Saves the IPTV template as a new version.
#[tauri::command]
pub async fn save_activation_template(
    state: tauri::State<'_, AppState>,
    name: String,
    items: Vec<TemplateItem>,
) -> Result<Option<TemplateView>, CommandError> {
    let lang = state.lang();
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let store = state.store().await?;
    let actor = super::current_actor(&store, lang).await?;
    let mut w = store.writer(actor).await.map_err(map)?;
    w.save_activation_template(IPTV, &name, &items, Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.activation_template(IPTV).await.map_err(map)
}
