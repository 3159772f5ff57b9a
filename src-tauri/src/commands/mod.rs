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

/// Writes `text` as a CSV named `campo-<stem>-<timestamp>.csv` into the Downloads folder (the
/// data folder when there is none) and returns its path. A BOM lets spreadsheet programs read
/// the accents as UTF-8.
pub(crate) fn save_csv(
    app: &tauri::AppHandle,
    data_dir: &std::path::Path,
    stem: &str,
    text: &str,
    lang: Lang,
) -> Result<String, CommandError> {
    use tauri::Manager;
    let dir = app
        .path()
        .download_dir()
        .ok()
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| data_dir.to_owned());
    let path = dir.join(format!(
        "campo-{stem}-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    ));
    std::fs::write(&path, format!("\u{feff}{text}")).map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "CSV export failed");
        CommandError::invalid(
            &format!("Não foi possível gravar {}", path.display()),
            &format!("Could not write {}", path.display()),
            lang,
        )
    })?;
    Ok(path.display().to_string())
}

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
