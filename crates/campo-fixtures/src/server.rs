//! A real `campo-server` on 127.0.0.1 (port 0) over a temporary database, its people, and app
//! stores that join it and sync through the real HTTP client, as the app does.

use campo_server::api::{AppState, router};
use campo_server::db::ServerDb;
use campo_server::users;
use uuid::Uuid;

/// Everyone's password in tests.
pub const PASSWORD: &str = "senha-forte-123";

/// Where a test's server database lives, to open it again (a server restart).
#[derive(Debug)]
pub enum Reopen {
    /// SQLite in this folder.
    Dir(std::path::PathBuf),
    /// PostgreSQL at this URL.
    Url(String),
}

impl Reopen {
    /// Opens the same database again, as a restarted server would.
    pub async fn open(&self) -> ServerDb {
        match self {
            Reopen::Dir(dir) => ServerDb::open_dir(dir).await.expect("open SQLite"),
            Reopen::Url(url) => ServerDb::connect(url).await.expect("open PostgreSQL"),
        }
    }
}

/// The server's database for one test: PostgreSQL when `CAMPO_TEST_POSTGRES_URL` points at a
/// server (a fresh database per test), otherwise SQLite in `dir`; and how to open it again.
pub async fn database(dir: &std::path::Path) -> (ServerDb, Reopen) {
    let reopen = match std::env::var("CAMPO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(base) => {
            sqlx::any::install_default_drivers();
            let name = format!("campo_test_{}", Uuid::now_v7().simple());
            let admin = sqlx::AnyPool::connect(&base).await.expect("PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create database");
            admin.close().await;
            let (prefix, _) = base.rsplit_once('/').expect("a database URL");
            Reopen::Url(format!("{prefix}/{name}"))
        }
        None => Reopen::Dir(dir.to_path_buf()),
    };
    (reopen.open().await, reopen)
}

/// A running server and the people it knows.
#[derive(Debug)]
pub struct Server {
    /// Its address, `http://127.0.0.1:port`.
    pub url: String,
    /// Its database.
    pub db: ServerDb,
    /// `admin`.
    pub admin: Uuid,
    /// `mariana`, coordinator.
    pub coordinator: Uuid,
    /// `josue`, technician.
    pub technician: Uuid,
    /// `rita`, technician.
    pub other_technician: Uuid,
    /// `sofia`, seller.
    pub seller: Uuid,
    /// `warley`, back office.
    pub backoffice: Uuid,
    /// `rosa`, atendimento (N1).
    pub support: Uuid,
    /// Fábio Rocha, finance.
    pub finance: Uuid,
    /// The folder its stored files (photos) are kept in, or gathered in while they arrive
    /// when they are kept in a bucket.
    pub blobs: std::path::PathBuf,
    /// Its stored files.
    pub blob_store: std::sync::Arc<campo_server::blobs::BlobStore>,
    /// Where its database lives.
    pub reopen: Reopen,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Adds Sérgio Costa (`sergio`), the SVA manager, who activates customers' services
    /// (most tests need no one in that role); returns his id.
    pub async fn add_sva_manager(&self) -> Uuid {
        users::add_user(&self.db, "sergio", "Sérgio Costa", "sva_manager", PASSWORD)
            .await
            .expect("user")
    }

    /// A second server over the same PostgreSQL database (its own connections, its own port),
    /// as a second `campo-server` instance behind a load balancer; `None` on SQLite, whose file
    /// one instance owns.
    pub async fn another_instance(&self) -> Option<Server> {
        let Reopen::Url(url) = &self.reopen else {
            return None;
        };
        let db = ServerDb::connect(url).await.expect("open PostgreSQL");
        let served = serve_state(
            AppState::new(db.clone(), self.blob_store.clone())
                .with_trusted_proxy(Some(std::net::IpAddr::from([127, 0, 0, 1])))
                .with_secret_key(Some(test_key())),
        )
        .await;
        Some(Server {
            blobs: self.blobs.clone(),
            blob_store: self.blob_store.clone(),
            url: served,
            db,
            admin: self.admin,
            coordinator: self.coordinator,
            technician: self.technician,
            other_technician: self.other_technician,
            seller: self.seller,
            backoffice: self.backoffice,
            support: self.support,
            finance: self.finance,
            reopen: Reopen::Url(url.clone()),
            _dir: tempfile::tempdir().expect("temporary folder"),
        })
    }
}

/// Serves `db` on a free loopback port, keeping files in `blobs`; returns its address.
pub async fn serve(db: ServerDb, blobs: &std::path::Path) -> String {
    serve_state(AppState::new(db, blob_store(blobs).await)).await
}

/// Where a test server keeps files: in the bucket `campo-test` of the S3-compatible service
/// at `CAMPO_TEST_S3_URL` (`scripts/with-s3`), under a folder of its own, pieces gathering in
/// `dir`; otherwise in `dir`.
pub async fn blob_store(dir: &std::path::Path) -> std::sync::Arc<campo_server::blobs::BlobStore> {
    match std::env::var("CAMPO_TEST_S3_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(endpoint) => {
            let config = campo_server::blobs::S3Config {
                bucket: "campo-test".into(),
                endpoint: Some(endpoint),
                region: Some("us-east-1".into()),
                prefix: Some(format!("test-{}", Uuid::now_v7().simple())),
                access_key_id: Some("campo".into()),
                secret_access_key: Some("campo-secret".into()),
            };
            campo_server::blobs::BlobStore::with_bucket(dir, &config)
                .await
                .expect("the test bucket")
        }
        None => campo_server::blobs::BlobStore::open(dir).expect("a blob folder"),
    }
}

/// Serves the app `state` on a free loopback port; returns its address.
pub async fn serve_state(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    url
}

/// A server with an admin (`admin`), a coordinator (`mariana`), two technicians (`josue`,
/// `rita`), a seller (`sofia`), the back office (`warley`) and atendimento (`rosa`), all with [`PASSWORD`]. It trusts `X-Forwarded-For` from
/// 127.0.0.1, so a test can stand for clients at other addresses.
pub async fn start() -> Server {
    start_with(|state| state).await
}

/// The key a test server seals secrets with: one for the whole test run, so a server
/// started again over the same database opens what it sealed.
pub fn test_key() -> std::sync::Arc<campo_server::erp::settings::SecretKey> {
    static KEY: std::sync::OnceLock<std::sync::Arc<campo_server::erp::settings::SecretKey>> =
        std::sync::OnceLock::new();
    KEY.get_or_init(|| std::sync::Arc::new(campo_server::erp::settings::SecretKey::random()))
        .clone()
}

/// [`start`], with the app state changed by `configure` first (a geocoder, …).
pub async fn start_with(configure: impl FnOnce(AppState) -> AppState) -> Server {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (db, reopen) = database(dir.path()).await;
    let add = |login: &'static str, name: &'static str, role: &'static str| {
        let db = db.clone();
        async move {
            users::add_user(&db, login, name, role, PASSWORD)
                .await
                .expect("user")
        }
    };
    let admin = add("admin", "Administração", "admin").await;
    let coordinator = add("mariana", "Mariana Lima", "coordinator").await;
    let technician = add("josue", "Josué Lins", "technician").await;
    let other_technician = add("rita", "Rita Melo", "technician").await;
    let seller = add("sofia", "Sofia Castro", "seller").await;
    let backoffice = add("warley", "Warley Souza", "backoffice").await;
    let support = add("rosa", "Rosa Lima", "support").await;
    let finance = add("fabio", "Fábio Rocha", "finance").await;
    // The test client is its own proxy: `X-Forwarded-For` stands for other addresses.
    let blobs = dir.path().join("blobs");
    let blob_store = blob_store(&blobs).await;
    let url = serve_state(configure(
        AppState::new(db.clone(), blob_store.clone())
            .with_trusted_proxy(Some(std::net::IpAddr::from([127, 0, 0, 1])))
            .with_secret_key(Some(test_key())),
    ))
    .await;
    Server {
        url,
        db,
        blobs,
        blob_store,
        admin,
        coordinator,
        technician,
        other_technician,
        seller,
        backoffice,
        support,
        finance,
        reopen,
        _dir: dir,
    }
}

#[cfg(feature = "server")]
pub use devices::{Device, device, device_at, joined, office_and_field};

#[cfg(feature = "server")]
mod devices {
    //! App stores joined to a test server, as the app joins one.

    use std::path::PathBuf;

    use campo_client::HttpTransport;
    use campo_protocol::wire::{LoginReply, LoginRequest};
    use campo_store::{Actor, Store};
    use campo_sync::SyncEngine;
    use uuid::Uuid;

    use super::{PASSWORD, Server};

    /// An app database joined to a server as one person.
    #[derive(Debug)]
    pub struct Device {
        /// Its sync engine over the real HTTP client.
        pub engine: SyncEngine<HttpTransport>,
        /// Its session token.
        pub token: String,
        /// Who signed in.
        pub user: Uuid,
        /// Its database file.
        pub path: PathBuf,
        _dir: tempfile::TempDir,
    }

    impl Device {
        /// Its store.
        pub fn store(&self) -> &Store {
            self.engine.store()
        }

        /// Who signed in, as the store's writer takes them.
        pub fn actor(&self) -> Actor {
            Actor { id: self.user }
        }

        /// One sync round now.
        pub async fn sync(&self) -> campo_sync::SyncReport {
            self.engine
                .sync_once("test", chrono::Utc::now().timestamp_millis())
                .await
                .expect("sync")
        }

        /// An installation this (office) device registers and schedules today for
        /// `technician`, written here, not synced yet; its id. Today is the calendar's, even a
        /// Sunday the agenda does not plan: for tests of what syncs. A test that plans the
        /// day's routes schedules on [`crate::working_day`] instead.
        pub async fn schedules_today(&self, technician: Uuid) -> Uuid {
            crate::data::scheduled_order(self.store(), self.user, technician, crate::today()).await
        }

        /// The technician works `order` to the end on this device (en route, in progress,
        /// done), not synced yet.
        pub async fn finishes(&self, order: Uuid) {
            use campo_domain::OrderStatus;
            for to in [
                OrderStatus::EnRoute,
                OrderStatus::InProgress,
                OrderStatus::Done,
            ] {
                self.store()
                    .transition_order(self.actor(), order, crate::data::go(to))
                    .await
                    .expect("the visit goes on");
            }
        }

        /// A client of the server with this device's session.
        pub fn client(&self, server: &Server) -> HttpTransport {
            HttpTransport::new(&server.url)
                .expect("client")
                .with_token(self.token.clone())
        }
    }

    /// A fresh app database signed in as `login`, as the app does when someone joins a server.
    pub async fn device(server: &Server, login: &str) -> Device {
        device_at(&server.url, login, PASSWORD).await
    }

    /// The office (Mariana, coordinator) and the field (Josué, technician), each on its own
    /// device; the office has synced once.
    pub async fn office_and_field(server: &Server) -> (Device, Device) {
        let office = device(server, "mariana").await;
        let field = device(server, "josue").await;
        office.sync().await;
        (office, field)
    }

    /// A fresh app database signed in as `login` with `password` to the server at `url`.
    pub async fn device_at(url: &str, login: &str, password: &str) -> Device {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("campo.db");
        let (store, transport, reply) = joined(&path, url, login, password).await;
        Device {
            engine: SyncEngine::new(store, transport),
            token: reply.token,
            user: reply.user_id,
            path,
            _dir: dir,
        }
    }

    /// An app database at `path` joined to the server at `url` as `login`, and its signed-in
    /// client, for a test that drives the sync engine its own way.
    pub async fn joined(
        path: &std::path::Path,
        url: &str,
        login: &str,
        password: &str,
    ) -> (Store, HttpTransport, LoginReply) {
        let store = Store::open(path).await.expect("store");
        let mut transport = HttpTransport::new(url).expect("client");
        let reply = transport
            .login(&LoginRequest {
                login: login.into(),
                password: password.into(),
                device_id: store.device_id(),
            })
            .await
            .expect("login");
        store
            .join(&campo_store::sync::SyncConfig {
                server_url: url.to_owned(),
                token: reply.token.clone(),
                user_id: reply.user_id,
                user_name: reply.name.clone(),
                role: reply.role.code().to_owned(),
                login: Some(login.to_owned()),
                signed_out: false,
            })
            .await
            .expect("join");
        (store, transport, reply)
    }
}

/// A door in front of a server that a test can shut: while shut, every connection is dropped
/// at once, as a device sees a server it cannot reach (offline, the network down).
#[derive(Debug, Clone)]
pub struct Gate {
    /// The address devices use, `http://127.0.0.1:port`.
    pub url: String,
    shut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    target: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Gate {
    /// Opens a gate on a free loopback port in front of the server at `url`.
    pub async fn before(url: &str) -> Gate {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let gate = Gate {
            url: format!("http://{}", listener.local_addr().expect("address")),
            shut: std::sync::Arc::default(),
            target: std::sync::Arc::default(),
        };
        gate.point_to(url);
        let shut = gate.shut.clone();
        let target = gate.target.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if shut.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let target = target.lock().map(|t| t.clone()).unwrap_or_default();
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        gate
    }

    /// Sends new connections to the server at `url` (another server now answers here).
    pub fn point_to(&self, url: &str) {
        if let Ok(mut t) = self.target.lock() {
            *t = url.trim_start_matches("http://").to_owned();
        }
    }

    /// Shuts (`true`) or opens the gate for new connections.
    pub fn shut(&self, shut: bool) {
        self.shut.store(shut, std::sync::atomic::Ordering::SeqCst);
    }
}
