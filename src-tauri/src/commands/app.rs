//! App-level commands: whether the database opened, and the interface language.

use campo_domain::Lang;
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::AppState;

/// Facts about this device's database, for the header and the about box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Where the database file is.
    pub db_path: String,
    /// This device's id.
    pub device_id: String,
    /// Newest migration applied.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Orders on this device.
    pub order_count: u32,
    /// Current language.
    pub lang: Lang,
}

/// Whether the app can work, and if not, why and which file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StartupState {
    /// The database is open.
    Ready {
        /// About the database.
        info: AppInfo,
    },
    /// The database could not be opened; nothing was changed.
    Failed {
        /// Why.
        error: CommandError,
        /// The file.
        path: String,
    },
}

/// Waits for the database and says whether the app is ready.
#[tauri::command]
pub async fn startup_state(
    state: tauri::State<'_, AppState>,
) -> Result<StartupState, CommandError> {
    let path = state.db_path().display().to_string();
    let store = match state.store().await {
        Ok(s) => s,
        Err(error) => return Ok(StartupState::Failed { error, path }),
    };
    let lang = state.lang();
    let map = |e: campo_store::StoreError| CommandError::from_store(&e, lang);
    Ok(StartupState::Ready {
        info: AppInfo {
            db_path: path,
            device_id: store.device_id().to_string(),
            schema_version: store.schema_version().await.map_err(map)?,
            order_count: store.order_count().await.map_err(map)?,
            lang,
        },
    })
}

/// Sets the language of the messages commands return.
#[tauri::command]
pub fn set_language(state: tauri::State<'_, AppState>, lang: Lang) {
    state.set_lang(lang);
}
