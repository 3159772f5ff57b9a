//! A real campo-server on 127.0.0.1 (port 0) over a temporary database, and app stores that
//! sync with it through the real HTTP client.

use std::path::PathBuf;

use campo_server::api::{AppState, router};
use campo_server::db::ServerDb;

#[path = "../backend/mod.rs"]
mod backend;
pub use backend::database;
use campo_server::users;
use campo_store::Store;
use campo_sync::SyncEngine;
use campo_sync::http::HttpTransport;
use campo_sync::wire::LoginRequest;
use uuid::Uuid;

pub const PASSWORD: &str = "senha-forte-123";

#[allow(dead_code)] // each test binary uses a different part of it
pub struct Server {
    pub url: String,
    pub db: ServerDb,
    pub admin: Uuid,
    pub coordinator: Uuid,
    pub technician: Uuid,
    pub other_technician: Uuid,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (pool, _) = database(dir.path()).await;
    let admin = users::add_user(&pool, "admin", "Administração", "admin", PASSWORD)
        .await
        .unwrap();
    let coordinator = users::add_user(&pool, "mariana", "Mariana Lima", "coordinator", PASSWORD)
        .await
        .unwrap();
    let technician = users::add_user(&pool, "josue", "Josué Lins", "technician", PASSWORD)
        .await
        .unwrap();
    let other_technician = users::add_user(&pool, "rita", "Rita Melo", "technician", PASSWORD)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = router(AppState::new(pool.clone()));
    let db = pool;
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server {
        url,
        db,
        admin,
        coordinator,
        technician,
        other_technician,
        _dir: dir,
    }
}

#[allow(dead_code)] // each test binary uses a different part of it
pub struct Device {
    pub engine: SyncEngine<HttpTransport>,
    pub token: String,
    pub user: Uuid,
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Device {
    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    pub async fn sync(&self) -> campo_sync::SyncReport {
        self.engine
            .sync_once("test", chrono::Utc::now().timestamp_millis())
            .await
            .unwrap()
    }
}

/// A fresh app database logged in as `login`.
pub async fn device(server: &Server, login: &str) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    let mut transport = HttpTransport::new(&server.url).unwrap();
    let reply = transport
        .login(&LoginRequest {
            login: login.into(),
            password: PASSWORD.into(),
            device_id: store.device_id(),
        })
        .await
        .unwrap();
    // As the app does when someone joins a server.
    store
        .join(&campo_store::sync::SyncConfig {
            server_url: server.url.clone(),
            token: reply.token.clone(),
            user_id: reply.user_id,
            user_name: reply.name.clone(),
            role: reply.role.clone(),
        })
        .await
        .unwrap();
    Device {
        engine: SyncEngine::new(store, transport),
        token: reply.token,
        user: reply.user_id,
        _dir: dir,
        path,
    }
}

/// The provider's date today (America/Recife): visits scheduled relative to it stay inside a
/// technician's window whenever the suite runs.
#[allow(dead_code)] // each test binary uses a different part of it
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Recife)
        .date_naive()
}
