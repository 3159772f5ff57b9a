//! What the server benchmarks share: where their database lives, and percentiles.

use uuid::Uuid;

/// A fresh, empty PostgreSQL database when `CAMPO_TEST_POSTGRES_URL` is set
/// (`scripts/with-postgres`); `None` means SQLite in a temporary folder.
pub async fn fresh_postgres() -> Option<String> {
    let base = std::env::var("CAMPO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    sqlx::any::install_default_drivers();
    let name = format!("campo_bench_{}", Uuid::now_v7().simple());
    let admin = sqlx::AnyPool::connect(&base).await.expect("postgres");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create");
    let (prefix, _) = base.rsplit_once('/').expect("url");
    Some(format!("{prefix}/{name}"))
}

/// The `p` percentile (0–1) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}
