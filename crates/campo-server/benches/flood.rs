//! Unauthenticated sign-in floods against a real `campo-server` process on loopback: for
//! `FLOOD_SECS` (default 600) `FLOOD_CLIENTS` (default 32) clients post sign-ins with random
//! login names (a few of 3 MiB) from random addresses (the server trusts `X-Forwarded-For`
//! from 127.0.0.1, standing for a TLS proxy), while a prober asks `/health` every 100 ms.
//! Reported: the server's resident memory over time and at its peak, `/health` latency
//! (p50/p99/max), and what the flood got (held back, refused, checked).
//!
//! `cargo bench -p campo-server --bench flood` (SQLite); under `scripts/with-postgres` it runs
//! on PostgreSQL.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use support::{peak_memory_mb, percentile, start_server};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The server process's resident memory now, in MB (`VmRSS`).
fn resident_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

#[tokio::main]
async fn main() {
    let seconds = env_u64("FLOOD_SECS", 600);
    let clients = env_u64("FLOOD_CLIENTS", 32) as usize;
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = support::fresh_postgres().await;
    let server = start_server(
        dir.path(),
        database.as_deref(),
        &["--trusted-proxy", "127.0.0.1"],
    )
    .await;
    let pid = server.child.id();
    let url = server.url.clone();
    let until = Instant::now() + Duration::from_secs(seconds);
    let counts: Arc<[AtomicUsize; 4]> = Arc::new(Default::default()); // 401, 429, 413/400, other
    let sent = Arc::new(AtomicU64::new(0));

    let mut flood = Vec::new();
    for c in 0..clients {
        let url = url.clone();
        let counts = counts.clone();
        let sent = sent.clone();
        flood.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut rng = rand::rngs::StdRng::seed_from_u64(c as u64);
            let huge = "x".repeat(3 * 1024 * 1024);
            while Instant::now() < until {
                let login: String = if rng.random_bool(0.01) {
                    huge.clone()
                } else {
                    (0..rng.random_range(1..40))
                        .map(|_| rng.random_range(b'a'..=b'z') as char)
                        .collect()
                };
                let address = format!(
                    "{}.{}.{}.{}",
                    rng.random_range(1..224),
                    rng.random_range(0..256),
                    rng.random_range(0..256),
                    rng.random_range(1..255)
                );
                let body = serde_json::json!({
                    "login": login,
                    "password": "palpite",
                    "deviceId": uuid::Uuid::now_v7(),
                });
                let status = http
                    .post(format!("{url}/v1/login"))
                    .header("x-forwarded-for", address)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                sent.fetch_add(1, Ordering::Relaxed);
                let slot = match status {
                    401 => 0,
                    429 => 1,
                    400 | 413 => 2,
                    _ => 3,
                };
                counts[slot].fetch_add(1, Ordering::Relaxed);
            }
        }));
    }

    let probe = tokio::spawn({
        let url = url.clone();
        async move {
            let http = reqwest::Client::new();
            let mut latencies = Vec::new();
            let mut memory = Vec::new();
            let mut tick = 0u64;
            while Instant::now() < until {
                let started = Instant::now();
                let ok = http
                    .get(format!("{url}/health"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                assert!(ok, "/health did not answer");
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                if tick.is_multiple_of(10) {
                    memory.push(resident_mb(pid));
                }
                tick += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (latencies, memory)
        }
    });
    for f in flood {
        f.await.expect("flood client");
    }
    let (mut latencies, memory) = probe.await.expect("probe");
    latencies.sort_by(f64::total_cmp);
    let peak = peak_memory_mb(&server.child);
    let first_minute = memory.iter().take(60).copied().fold(0.0, f64::max);
    let last_minute = memory.iter().rev().take(60).copied().fold(0.0, f64::max);
    let total = sent.load(Ordering::Relaxed);
    let [failed, held, refused, other] = [0, 1, 2, 3].map(|i| counts[i].load(Ordering::Relaxed));
    let backend = if database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("\n### Sign-in flood, {seconds} s, {clients} clients ({backend})\n");
    println!("| measurement | value |");
    println!("|---|---|");
    println!(
        "| sign-ins sent | {total} ({:.0}/s) |",
        total as f64 / seconds as f64
    );
    println!("| checked and refused (401) | {failed} |");
    println!("| held back (429) | {held} |");
    println!("| refused before anything (400/413) | {refused} |");
    println!("| other | {other} |");
    println!(
        "| `/health` p50 / p99 / max | {:.1} / {:.1} / {:.1} ms |",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    println!(
        "| server memory, first minute / last minute / peak (VmHWM) | {first_minute:.0} / {last_minute:.0} / {peak:.0} MB |"
    );
}
