//! Signing in online (issue 17: under 300 ms on loopback): a real `campo-server` process
//! (release, SQLite), 100 sign-ins one after another as the app does them (`POST /v1/login`
//! with a real account, each from its own address through the trusted proxy so the per-address
//! request limit stays out of the way), then 100 `hello`s with the session (the path that
//! renews it). Reported: p50 / p95 / max of each. The password hash (Argon2id, the `argon2`
//! crate's defaults: 19 MiB, 2 passes, 1 lane) is most of a sign-in, deliberately.
//!
//! `cargo bench -p campo-server --bench signin` (SQLite); under `scripts/with-postgres` it runs
//! on PostgreSQL.

mod support;

use std::time::Instant;

use support::{fresh_postgres, percentile, start_server};

const ROUNDS: usize = 100;
const PASSWORD: &str = "senha-forte-123";

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = fresh_postgres().await;
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_campo-server"));
    add.arg("--data-dir").arg(dir.path());
    if let Some(url) = &database {
        add.arg("--database-url").arg(url);
    }
    let added = add
        .args([
            "user",
            "add",
            "--login",
            "ana",
            "--name",
            "Ana Prado",
            "--role",
            "admin",
        ])
        .env("CAMPO_PASSWORD", PASSWORD)
        .output()
        .expect("campo-server user add");
    assert!(added.status.success(), "user add failed");
    let server = start_server(
        dir.path(),
        database.as_deref(),
        &["--trusted-proxy", "127.0.0.1"],
    )
    .await;
    let http = reqwest::Client::new();

    let mut sign_ins = Vec::with_capacity(ROUNDS);
    let mut token = String::new();
    for i in 0..ROUNDS {
        let started = Instant::now();
        let reply: serde_json::Value = http
            .post(format!("{}/v1/login", server.url))
            .header(
                "x-forwarded-for",
                format!("10.0.{}.{}", i / 250, i % 250 + 1),
            )
            .json(&serde_json::json!({
                "login": "ana",
                "password": PASSWORD,
                "deviceId": uuid::Uuid::now_v7(),
            }))
            .send()
            .await
            .expect("sign-in")
            .json()
            .await
            .expect("sign-in reply");
        sign_ins.push(started.elapsed().as_secs_f64() * 1000.0);
        token = reply["token"].as_str().expect("a token").to_owned();
    }

    let mut hellos = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let status = http
            .post(format!("{}/v1/hello", server.url))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "protocol": campo_protocol::wire::PROTOCOL_VERSION,
                "schemaVersion": 1,
                "appVersion": "bench",
                "clientTimeMs": chrono::Utc::now().timestamp_millis(),
            }))
            .send()
            .await
            .expect("hello")
            .status();
        assert!(status.is_success(), "hello answered {status}");
        hellos.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    sign_ins.sort_by(f64::total_cmp);
    hellos.sort_by(f64::total_cmp);
    let backend = if database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("\n### Signing in online, {ROUNDS} rounds ({backend}, loopback)\n");
    println!("| measurement | p50 | p95 | max |");
    println!("|---|---|---|---|");
    for (name, v) in [
        ("sign-in (POST /v1/login)", &sign_ins),
        ("hello with the session", &hellos),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            percentile(v, 0.5),
            percentile(v, 0.95),
            v.last().copied().unwrap_or(f64::NAN)
        );
    }
}
