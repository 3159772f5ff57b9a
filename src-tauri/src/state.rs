//! Shared app state: where the database lives, the store once it is open (or why it could
//! not be), and the language messages are written in.
//!
//! The database is opened (and the demo provider seeded on first start) in the background
//! so the window appears at once; commands wait for it.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use campo_domain::Lang;
use campo_store::Store;
use campo_store::demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use tokio::sync::OnceCell;

use crate::error::CommandError;

/// Overrides the data folder (tests, e2e, several profiles on one machine).
pub const DATA_DIR_ENV: &str = "CAMPO_DATA_DIR";

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "campo.db";

/// The data folder: `CAMPO_DATA_DIR` when set, else the OS app-data folder.
pub fn data_dir(os_default: Option<PathBuf>) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => os_default.unwrap_or_else(|| PathBuf::from(".campo-data")),
    }
}

/// The store, or the error that kept it from opening.
pub type Opened = Result<Store, campo_store::StoreError>;

/// State shared by every command.
#[derive(Debug, Clone)]
pub struct AppState {
    db_path: PathBuf,
    store: Arc<OnceCell<Opened>>,
    lang: Arc<RwLock<Lang>>,
}

impl AppState {
    /// State for a database in `data_dir`.
    pub fn new(data_dir: PathBuf) -> Self {
        AppState {
            db_path: data_dir.join(DB_FILE),
            store: Arc::new(OnceCell::new()),
            lang: Arc::new(RwLock::new(Lang::default())),
        }
    }

    /// The database file.
    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
    }

    /// Starts opening the database in the background.
    pub fn start_opening(&self) {
        let me = self.clone();
        tauri::async_runtime::spawn(async move {
            me.opened().await;
        });
    }

    /// Waits for the database to be open (opening it if nobody has started).
    pub async fn opened(&self) -> &Opened {
        self.store
            .get_or_init(|| async {
                let started = std::time::Instant::now();
                let store = Store::open(&self.db_path).await?;
                if let Some(summary) =
                    store.seed_demo_once(DemoSize::STANDARD, DEFAULT_SEED, today_in_recife()).await?
                {
                    tracing::info!(orders = summary.orders, customers = summary.customers, "demo provider created");
                }
                tracing::info!(path = %self.db_path.display(), ms = started.elapsed().as_millis(), "database open");
                Ok(store)
            })
            .await
    }

    /// The open store, or the error to show.
    pub async fn store(&self) -> Result<&Store, CommandError> {
        let lang = self.lang();
        self.opened()
            .await
            .as_ref()
            .map_err(|e| CommandError::from_store(e, lang))
    }

    /// The language messages are written in.
    pub fn lang(&self) -> Lang {
        self.lang.read().map(|l| *l).unwrap_or_default()
    }

    /// Changes the language messages are written in.
    pub fn set_lang(&self, lang: Lang) {
        if let Ok(mut l) = self.lang.write() {
            *l = lang;
        }
    }
}
