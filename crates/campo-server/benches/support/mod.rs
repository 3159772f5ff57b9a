//! What the server benchmarks share: a real server process and its memory, where its database
//! lives, and percentiles.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

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

/// The server process's peak resident memory in MB (`VmHWM`).
#[allow(dead_code, reason = "each bench binary uses a different part of it")]
pub fn peak_memory_mb(server: &Child) -> f64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A `campo-server serve` process; stopped when dropped.
#[allow(dead_code, reason = "each bench binary uses a different part of it")]
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `campo-server serve` on a free loopback port over `database` and waits for health.
#[allow(dead_code, reason = "each bench binary uses a different part of it")]
pub async fn start_server(dir: &std::path::Path, database: Option<&str>, extra: &[&str]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_campo-server"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env("CAMPO_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = database {
        command.arg("--database-url").arg(url);
    }
    let server = Server {
        child: command.spawn().expect("campo-server"),
        url: format!("http://127.0.0.1:{port}"),
    };
    let health = reqwest::Client::new();
    for _ in 0..300 {
        if health
            .get(format!("{}/health", server.url))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("campo-server did not start");
}
