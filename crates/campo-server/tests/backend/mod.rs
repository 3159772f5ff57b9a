//! The database a test's server runs on: PostgreSQL when `CAMPO_TEST_POSTGRES_URL` is set
//! (`make test` starts a throwaway cluster), otherwise SQLite in a temporary folder.

use campo_server::db::ServerDb;
use uuid::Uuid;

/// The server's database for one test: PostgreSQL when `CAMPO_TEST_POSTGRES_URL` points at a
/// server (a fresh database per test), otherwise SQLite in `dir`.
pub async fn database(dir: &std::path::Path) -> ServerDb {
    match std::env::var("CAMPO_TEST_POSTGRES_URL")
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
            ServerDb::connect(&format!("{prefix}/{name}"))
                .await
                .unwrap()
        }
        None => ServerDb::open_dir(dir).await.unwrap(),
    }
}
