//! IPC commands, one module per feature. Each is thin: parse, call the store, map errors.

pub mod activation;
pub mod admin;
pub mod agenda;
pub mod app;
pub mod orders;
pub mod routes;
pub mod stock;
pub mod sync;

use campo_domain::Lang;
use campo_store::{Actor, Entity, Store, StoreError};

use crate::error::CommandError;

/// Reads an identifier sent by the interface.
pub(crate) fn parse_id(text: &str, lang: Lang) -> Result<uuid::Uuid, CommandError> {
    uuid::Uuid::parse_str(text.trim())
        .map_err(|_| CommandError::invalid("Identificador inválido", "Invalid identifier", lang))
}

/// The person this device acts as (the demo's coordinator, or who joined the server).
pub(crate) async fn current_actor(store: &Store, lang: Lang) -> Result<Actor, CommandError> {
    let user = store
        .local_user()
        .await
        .map_err(|e| CommandError::from_store(&e, lang))?
        .ok_or_else(|| CommandError::from_store(&StoreError::NotFound(Entity::Person), lang))?;
    Ok(Actor { id: user })
}
