//! Work-order commands: the list, the order page, filter choices and status moves.

use campo_domain::edit::OrderField;
use campo_domain::{OrderStatus, Transition};
use campo_store::views::{FilterOptions, OrderDetail, OrderFilter, OrderPage, PageRequest};
use campo_store::{Actor, Entity, StoreError};
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::AppState;

fn parse_id(id: &str, state: &AppState) -> Result<Uuid, CommandError> {
    Uuid::parse_str(id).map_err(|_| {
        CommandError::invalid(
            "Identificador de ordem inválido",
            "Invalid work order identifier",
            state.lang(),
        )
    })
}

/// One page of the filtered, sorted order list.
#[tauri::command]
pub async fn list_orders(
    state: tauri::State<'_, AppState>,
    filter: OrderFilter,
    page: PageRequest,
) -> Result<OrderPage, CommandError> {
    let store = state.store().await?;
    store
        .list_orders(&filter, page)
        .await
        .map_err(|e| CommandError::from_store(&e, state.lang()))
}

/// The order page.
#[tauri::command]
pub async fn get_order(
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<OrderDetail, CommandError> {
    let id = parse_id(&id, &state)?;
    let store = state.store().await?;
    store
        .get_order_in(id, state.lang())
        .await
        .map_err(|e| CommandError::from_store(&e, state.lang()))
}

/// Technicians and neighbourhoods for the filter selects.
#[tauri::command]
pub async fn filter_options(
    state: tauri::State<'_, AppState>,
) -> Result<FilterOptions, CommandError> {
    let store = state.store().await?;
    store
        .filter_options()
        .await
        .map_err(|e| CommandError::from_store(&e, state.lang()))
}

/// Moves an order to another status, as this device's user, and returns the updated page.
#[tauri::command]
pub async fn transition_order(
    state: tauri::State<'_, AppState>,
    id: String,
    to: OrderStatus,
    reason: Option<String>,
) -> Result<OrderDetail, CommandError> {
    let id = parse_id(&id, &state)?;
    let lang = state.lang();
    let store = state.store().await?;
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let user = store
        .local_user()
        .await
        .map_err(map)?
        .ok_or_else(|| CommandError::from_store(&StoreError::NotFound(Entity::Person), lang))?;
    store
        .transition_order(
            Actor { id: user },
            id,
            Transition {
                to,
                reason,
                schedule: None,
            },
        )
        .await
        .map_err(map)?;
    store.get_order_in(id, lang).await.map_err(map)
}

/// Pauses the order's deadline clock with a reason; returns the updated page.
#[tauri::command]
pub async fn pause_order(
    state: tauri::State<'_, AppState>,
    id: String,
    reason: String,
) -> Result<OrderDetail, CommandError> {
    let id = parse_id(&id, &state)?;
    let lang = state.lang();
    let store = state.store().await?;
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let user = super::current_actor(&store, lang).await?;
    let mut w = store.writer(user).await.map_err(map)?;
    w.pause_order(id, &reason, chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.get_order_in(id, lang).await.map_err(map)
}

/// Saves the visit details (contact phone, notes); only what changed is recorded. Returns the
/// updated page.
#[tauri::command]
pub async fn edit_order(
    state: tauri::State<'_, AppState>,
    id: String,
    contact_phone: Option<String>,
    notes: Option<String>,
) -> Result<OrderDetail, CommandError> {
    let id = parse_id(&id, &state)?;
    let lang = state.lang();
    let store = state.store().await?;
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let user = super::current_actor(&store, lang).await?;
    let mut w = store.writer(user).await.map_err(map)?;
    let changed = w
        .edit_order(
            id,
            &[
                (OrderField::ContactPhone, contact_phone.as_deref()),
                (OrderField::Notes, notes.as_deref()),
            ],
            chrono::Utc::now(),
        )
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    if changed {
        state.nudge_sync();
    }
    store.get_order_in(id, lang).await.map_err(map)
}

/// Resumes the order's deadline clock; returns the updated page.
#[tauri::command]
pub async fn resume_order(
    state: tauri::State<'_, AppState>,
    id: String,
    note: Option<String>,
) -> Result<OrderDetail, CommandError> {
    let id = parse_id(&id, &state)?;
    let lang = state.lang();
    let store = state.store().await?;
    let map = |e: StoreError| CommandError::from_store(&e, lang);
    let user = super::current_actor(&store, lang).await?;
    let mut w = store.writer(user).await.map_err(map)?;
    w.resume_order(id, note.as_deref(), chrono::Utc::now())
        .await
        .map_err(map)?;
    w.commit().await.map_err(map)?;
    state.nudge_sync();
    store.get_order_in(id, lang).await.map_err(map)
}
