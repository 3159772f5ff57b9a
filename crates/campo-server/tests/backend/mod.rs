//! The database a test's server runs on: PostgreSQL when `CAMPO_TEST_POSTGRES_URL` is set
//! (`make test` starts a throwaway cluster), otherwise SQLite in a temporary folder.

use campo_server::db::ServerDb;
use uuid::Uuid;

/// Where the test's database lives, to open it again (a server restart).
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
            Reopen::Dir(dir) => ServerDb::open_dir(dir).await.unwrap(),
            Reopen::Url(url) => ServerDb::connect(url).await.unwrap(),
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
            let admin = sqlx::AnyPool::connect(&base).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let (prefix, _) = base.rsplit_once('/').unwrap();
            Reopen::Url(format!("{prefix}/{name}"))
        }
        None => Reopen::Dir(dir.to_path_buf()),
    };
    (reopen.open().await, reopen)
}
