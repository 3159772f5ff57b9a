//! The end of the day for photos: 300 technicians' devices at once each send 10 photos of
//! 800 KB to a real `campo-server` process on loopback, through the app's own HTTP client, in
//! the pieces the sync engine uses (256 KB), asking the server where each stands first. One
//! photo in ten is also sent by a second device (the same picture attached twice), and one
//! upload in five is cut after its first piece and resumed from what the server holds.
//!
//! Reported: the whole fleet's time and throughput, per-device time p50/p95/max, the server
//! process's peak memory (`VmHWM`, goal < 500 MB) and that every file arrived once: as many
//! kept files (rows and files on disk) as distinct photos, none half done.
//!
//! `cargo bench -p campo-server --bench photos` (SQLite; under `scripts/with-postgres` on
//! PostgreSQL); `LOAD_DEVICES` and `LOAD_PHOTOS` change the size.

mod support;

use std::time::Instant;

use campo_client::{HttpTransport, Transport};
use campo_protocol::wire::LoginRequest;
use campo_server::db::ServerDb;
use campo_server::users;
use support::{peak_memory_mb, percentile, start_server};
use uuid::Uuid;

const PASSWORD: &str = "senha-forte-123";
const PHOTO_BYTES: usize = 800 * 1024;
/// The sync engine's piece size (`campo_sync::BLOB_PIECE`).
const PIECE: usize = 256 * 1024;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A photo's bytes (as compressible as a JPEG: not at all), the same for the same seed.
fn photo(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..PHOTO_BYTES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn sha(bytes: &[u8]) -> String {
    campo_domain::photo::blob_hash(bytes)
}

/// Sends `bytes` as the engine does: from where the server's copy stops, piece by piece;
/// `cut` drops the connection after the first piece (the device asks again and goes on).
async fn send(client: &HttpTransport, bytes: &[u8], cut: bool) {
    let hash = sha(bytes);
    let total = bytes.len() as u64;
    let mut status = client.blob_status(&hash).await.expect("status");
    let mut pieces = 0;
    while !status.complete {
        let from = status.received as usize;
        let to = (from + PIECE).min(bytes.len());
        match client
            .put_blob(
                &hash,
                from as u64,
                total,
                "image/jpeg",
                bytes[from..to].to_vec(),
            )
            .await
        {
            Ok(next) => status = next,
            // Someone else sent the same picture meanwhile.
            Err(_) => status = client.blob_status(&hash).await.expect("status"),
        }
        pieces += 1;
        if cut && pieces == 1 {
            status = client.blob_status(&hash).await.expect("status after a cut");
        }
    }
}

#[tokio::main]
async fn main() {
    let devices = env_usize("LOAD_DEVICES", 300);
    let photos = env_usize("LOAD_PHOTOS", 10);
    let dir = tempfile::tempdir().expect("tempdir");
    let database = support::fresh_postgres().await;
    let open = || async {
        match &database {
            Some(url) => ServerDb::connect(url).await,
            None => ServerDb::open_dir(dir.path()).await,
        }
        .expect("db")
    };
    let db = open().await;
    for t in 0..devices {
        users::add_user(
            &db,
            &format!("tec{t}"),
            &format!("Técnico {t}"),
            "technician",
            PASSWORD,
        )
        .await
        .expect("user");
    }
    db.close().await;
    let server = start_server(dir.path(), database.as_deref(), &[]).await;
    let mut clients = Vec::with_capacity(devices);
    for t in 0..devices {
        let mut client = HttpTransport::new(&server.url).expect("client");
        client
            .login(&LoginRequest {
                login: format!("tec{t}"),
                password: PASSWORD.into(),
                device_id: Uuid::now_v7(),
            })
            .await
            .expect("login");
        clients.push(client);
    }

    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (t, client) in clients.into_iter().enumerate() {
        tasks.spawn(async move {
            let begun = Instant::now();
            for i in 0..photos {
                let n = (t * photos + i) as u64;
                // One photo in ten is the neighbour's picture too (sent by both devices).
                let seed = if i == 0 && t % 10 == 1 {
                    n - photos as u64
                } else {
                    n
                };
                send(&client, &photo(seed), n.is_multiple_of(5)).await;
            }
            begun.elapsed().as_secs_f64()
        });
    }
    let mut per_device = Vec::with_capacity(devices);
    while let Some(done) = tasks.join_next().await {
        per_device.push(done.expect("a device"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    per_device.sort_by(f64::total_cmp);

    let distinct = devices * photos - (1..devices).step_by(10).count();
    let db = open().await;
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs")
        .fetch_one(db.pool())
        .await
        .expect("count");
    let files = walk(&dir.path().join("blobs"));
    let partial = std::fs::read_dir(dir.path().join("blobs/partial"))
        .map(|d| d.count())
        .unwrap_or(0);
    let mb = (devices * photos * PHOTO_BYTES) as f64 / 1e6;
    println!(
        "{devices} devices × {photos} photos of 800 KB: {elapsed:.1} s, {:.0} MB/s; per device p50 {:.1} s, p95 {:.1} s, max {:.1} s",
        mb / elapsed,
        percentile(&per_device, 0.5),
        percentile(&per_device, 0.95),
        per_device.last().copied().unwrap_or(f64::NAN),
    );
    println!(
        "server peak memory {:.0} MB (goal < 500 MB); {kept} files kept, {} on disk, {partial} half done, {distinct} distinct photos sent",
        peak_memory_mb(&server.child),
        files - partial,
    );
    assert_eq!(kept as usize, distinct, "every photo kept once");
    assert_eq!(files - partial, distinct, "one file per photo on disk");
    assert_eq!(partial, 0, "no upload left half done");
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
