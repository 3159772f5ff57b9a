//! What every action of the app works over: where the databases live, the store once it is
//! open (or why it could not be), the language messages are worded in, and how background
//! sync and route planning are doing.
//!
//! A device works in one of two modes, decided by which file is in the data folder:
//! `server.db` once it joined a server (its data comes from there), or `campo.db` with the
//! demo provider, created only when the person chooses to try Campo with demonstration data.
//! A new data folder has neither: the first start asks (connect, or try the demo), and nothing
//! is opened or created until then. On a computer several people use, each has a database of
//! their own and `people.json` says whose is open, or that nobody's is (the list of people
//! shows then: [`crate::here`]). The database is opened in the background so the window
//! appears at once; actions wait for it.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::Lang;
use campo_store::write::Writer;
use campo_store::{Actor, Store, StoreError};
use tokio::sync::Notify;

use crate::error::AppError;

/// Overrides the data folder (tests, e2e, several profiles on one machine).
pub const DATA_DIR_ENV: &str = "CAMPO_DATA_DIR";

/// Sizes the demo provider of a new data folder, "technicians,customers,orders" (benchmarks
/// of a larger provider; the standard demo otherwise).
pub const DEMO_SIZE_ENV: &str = "CAMPO_DEMO_SIZE";

/// The standalone database (demo provider).
pub const DB_FILE: &str = "campo.db";

/// The database of a device that joined a server.
pub const SERVER_DB_FILE: &str = "server.db";

/// The demo provider's size: `CAMPO_DEMO_SIZE` when set and readable, else the standard one.
fn demo_size() -> DemoSize {
    let Some(text) = std::env::var(DEMO_SIZE_ENV).ok().filter(|v| !v.is_empty()) else {
        return DemoSize::STANDARD;
    };
    let parts: Vec<usize> = text
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    match parts[..] {
        [technicians, customers, orders] if technicians > 0 && customers > 0 && orders > 0 => {
            DemoSize {
                technicians,
                customers,
                orders,
                days: DemoSize::STANDARD.days,
            }
        }
        _ => {
            tracing::warn!(value = %text, "CAMPO_DEMO_SIZE not understood; standard demo");
            DemoSize::STANDARD
        }
    }
}

/// The data folder: `CAMPO_DATA_DIR` when set, else the OS app-data folder.
pub fn data_dir(os_default: Option<PathBuf>) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => os_default.unwrap_or_else(|| PathBuf::from(".campo-data")),
    }
}

/// The store, or the error that kept it from opening.
pub type Opened = Result<Store, StoreError>;

/// How the last background sync went.
#[derive(Debug, Clone, Default)]
pub struct SyncRuntime {
    /// The last round reached the server.
    pub online: bool,
    /// A round is running.
    pub running: bool,
    /// Why the last round failed, as data (worded when shown, in the reader's language).
    pub last_error: Option<Arc<campo_sync::SyncError>>,
    /// How far the running round's pull has come (a first sync fills a new database).
    pub progress: Option<campo_sync::Progress>,
    /// This computer's clock minus the server's, at the last round that reached it (ms).
    pub clock_skew_ms: Option<i64>,
    /// Figures are being kept after a round (one such task at a time).
    pub warming: bool,
}

/// State shared by every action.
#[derive(Debug, Clone)]
pub struct Context {
    data_dir: PathBuf,
    downloads: Option<PathBuf>,
    current: Arc<tokio::sync::RwLock<Option<Arc<Opened>>>>,
    lang: Arc<RwLock<Lang>>,
    /// Wakes the background sync (after a change, or when asked).
    pub sync_wake: Arc<Notify>,
    /// What the background sync last saw.
    pub sync: Arc<Mutex<SyncRuntime>>,
    /// The cancel flag of the route planning under way, if any.
    pub planning: Arc<Mutex<Option<Arc<AtomicBool>>>>,
    /// The file being imported: chosen, checked, written (`crate::import`).
    pub import: Arc<Mutex<crate::import::Staged>>,
}

impl Context {
    /// A context for the databases in `data_dir`.
    pub fn new(data_dir: PathBuf) -> Self {
        Context {
            data_dir,
            downloads: None,
            current: Arc::new(tokio::sync::RwLock::new(None)),
            lang: Arc::new(RwLock::new(Lang::default())),
            sync_wake: Arc::new(Notify::new()),
            sync: Arc::new(Mutex::new(SyncRuntime::default())),
            planning: Arc::new(Mutex::new(None)),
            import: Arc::new(Mutex::new(crate::import::Staged::default())),
        }
    }

    /// Exports (CSV) go to `dir` (the person's Downloads folder) instead of the data folder.
    pub fn with_downloads(mut self, dir: Option<PathBuf>) -> Self {
        self.downloads = dir.filter(|d| d.is_dir());
        self
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where exported files go.
    pub fn export_dir(&self) -> &Path {
        self.downloads.as_deref().unwrap_or(&self.data_dir)
    }

    /// The database file this device uses: the open person's once someone joined a server
    /// (the first one's is `server.db`), else the demo one.
    pub fn db_path(&self) -> PathBuf {
        if let Some(registry) = crate::here::Registry::load(&self.data_dir)
            && let Some(file) = registry.current
        {
            return self.data_dir.join(file);
        }
        let server = self.data_dir.join(SERVER_DB_FILE);
        if server.exists() {
            server
        } else {
            self.data_dir.join(DB_FILE)
        }
    }

    /// Whether nobody's data is open on a computer people signed in on ("Trocar de pessoa",
    /// "Sair"): the list of people shows, and nothing opens until someone unlocks.
    pub async fn locked(&self) -> bool {
        self.current.read().await.is_none()
            && crate::here::Registry::load(&self.data_dir).is_some_and(|r| r.current.is_none())
    }

    /// Closes the open database (someone else is about to use the computer): background
    /// work stops reaching it, and what the last round saw is forgotten.
    pub async fn close(&self) {
        // Dropped rather than closed: a round still under way finishes with it.
        self.current.write().await.take();
        if let Ok(mut s) = self.sync.lock() {
            *s = SyncRuntime::default();
        }
        // The file one person chose, and the first passwords of a staff list of theirs, are
        // not the next person's.
        if let Ok(mut staged) = self.import.lock() {
            staged.forget();
        }
    }

    /// Whether the data folder has a database: the person connected to a server or chose the
    /// demo (a new folder has neither until the first start's choice).
    pub fn started(&self) -> bool {
        self.data_dir.join(SERVER_DB_FILE).exists() || self.data_dir.join(DB_FILE).exists()
    }

    /// Whether the first start's choice is still to be made (nothing open, nothing on disk).
    pub async fn awaiting_choice(&self) -> bool {
        self.current.read().await.is_none() && !self.started()
    }

    /// Creates and opens the demonstration provider's database (the person chose to try
    /// Campo with demonstration data), unless a database is open already.
    pub async fn start_demo(&self) -> Arc<Opened> {
        let mut slot = self.current.write().await;
        if let Some(opened) = slot.as_ref() {
            return opened.clone();
        }
        let opened = Arc::new(open(&self.data_dir.join(DB_FILE)).await);
        *slot = Some(opened.clone());
        self.sync_wake.notify_one();
        opened
    }

    /// Waits for the database to be open (opening it if nobody has started). Call only once
    /// [`Context::started`]: on a new data folder this would create the demo.
    pub async fn opened(&self) -> Arc<Opened> {
        if let Some(opened) = self.current.read().await.as_ref() {
            return opened.clone();
        }
        let mut slot = self.current.write().await;
        if let Some(opened) = slot.as_ref() {
            return opened.clone();
        }
        let path = self.db_path();
        let started = std::time::Instant::now();
        let opened = Arc::new(open(&path).await);
        if opened.is_ok() {
            tracing::info!(path = %path.display(), ms = started.elapsed().as_millis(), "database open");
        }
        *slot = Some(opened.clone());
        opened
    }

    /// Uses another database from now on (after joining a server, or another person
    /// unlocked theirs).
    pub async fn switch_to(&self, store: Store) {
        *self.current.write().await = Some(Arc::new(Ok(store)));
        if let Ok(mut s) = self.sync.lock() {
            *s = SyncRuntime::default();
        }
        if let Ok(mut staged) = self.import.lock() {
            staged.forget();
        }
        self.sync_wake.notify_one();
    }

    /// Asks the background loop to sync now (after a change, so it reaches the server soon).
    pub fn nudge_sync(&self) {
        self.sync_wake.notify_one();
    }

    /// The open store, or why it could not be opened (or that the first start's choice is
    /// still to be made).
    pub async fn store(&self) -> Result<Store, AppError> {
        if self.awaiting_choice().await {
            return Err(crate::error::InputError::NotStarted.into());
        }
        if self.locked().await {
            return Err(crate::error::InputError::Locked.into());
        }
        let opened = self.opened().await;
        match opened.as_ref() {
            Ok(store) => Ok(store.clone()),
            Err(_) => Err(AppError::Unopened(opened)),
        }
    }

    /// The store and the person this device acts as (the demo's coordinator, or who joined
    /// the server).
    pub async fn acting(&self) -> Result<(Store, Actor), AppError> {
        let store = self.store().await?;
        let actor = crate::actor(&store).await?;
        Ok((store, actor))
    }

    /// Writes as this device's user: `change` runs on a [`Writer`] (each effect with its
    /// operation in the outbox, one transaction), the transaction commits and the sync loop is
    /// woken to send it. Returns the store, for the caller to read back what the screen shows.
    pub async fn write<T>(
        &self,
        change: impl AsyncFnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<(Store, T), AppError> {
        let (store, actor) = self.acting().await?;
        let mut w = store.writer(actor).await?;
        let out = change(&mut w).await?;
        w.commit().await?;
        self.nudge_sync();
        Ok((store, out))
    }

    /// The language messages are worded in.
    pub fn lang(&self) -> Lang {
        self.lang.read().map(|l| *l).unwrap_or_default()
    }

    /// Changes the language messages are worded in.
    pub fn set_lang(&self, lang: Lang) {
        if let Ok(mut l) = self.lang.write() {
            *l = lang;
        }
    }
}

async fn open(path: &Path) -> Opened {
    let store = Store::open(path).await?;
    if path.file_name().is_some_and(|n| n == DB_FILE)
        && let Some(summary) = campo_demo::seed_once(
            &store,
            demo_size(),
            DEFAULT_SEED,
            campo_demo::today_in_recife(),
        )
        .await?
    {
        tracing::info!(
            orders = summary.orders,
            customers = summary.customers,
            "demo provider created"
        );
    }
    Ok(store)
}
