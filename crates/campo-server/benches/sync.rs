//! Server throughput on loopback, through the real HTTP client: sustained push in 100-op
//! batches (ops/s, p50/p99 batch latency) and pull (rows/s). Prints a Markdown table.
//! Run with `cargo bench -p campo-server --bench sync`.

mod support;

use std::time::Instant;

use campo_client::HttpTransport;
use campo_client::Transport;
use campo_protocol::wire::{LoginRequest, PullMode, PushRequest, WireOp};
use campo_server::api::{AppState, router};
use campo_server::db::ServerDb;
use campo_server::users;
use serde_json::json;
use uuid::Uuid;

const BATCHES: usize = 100;
const BATCH: usize = 100;

fn customer_op(device: Uuid, seq: i64) -> WireOp {
    let id = Uuid::now_v7();
    WireOp {
        op_id: Uuid::now_v7(),
        device_id: device,
        device_seq: seq,
        hlc: format!("{:015}-000000", chrono::Utc::now().timestamp_millis()),
        entity: "customer".into(),
        entity_id: id,
        kind: "customer.create".into(),
        payload: campo_protocol::wire::payload_of(&json!({
            "id": id, "name": format!("Cliente {seq}"), "cpf": null, "email": null, "motherName": null,
            "birthDate": null, "phone1": "81999998888", "phone2": null, "cep": "51020010",
            "street": "Av. Boa Viagem", "number": seq.to_string(), "complement": null,
            "neighbourhood": "Boa Viagem", "city": "Recife", "uf": "PE", "lat": -8.12, "lon": -34.9
        }))
        .expect("json"),
        schema_version: 1,
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    // PostgreSQL when CAMPO_TEST_POSTGRES_URL is set (scripts/with-postgres), else SQLite.
    let pool = match support::fresh_postgres().await {
        Some(url) => ServerDb::connect(&url).await,
        None => ServerDb::open_dir(dir.path()).await,
    }
    .expect("db");
    let backend = format!("{:?}", pool.backend());
    users::add_user(
        &pool,
        "mariana",
        "Mariana Lima",
        "coordinator",
        "senha-forte-123",
    )
    .await
    .expect("user");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(AppState::new(
                pool,
                campo_server::blobs::BlobStore::open(
                    &std::env::temp_dir().join(format!("campo-bench-blobs-{}", std::process::id())),
                )
                .expect("blob folder"),
            )),
        )
        .await
    });

    let device = Uuid::now_v7();
    let mut client = HttpTransport::new(&url).expect("client");
    client
        .login(&LoginRequest {
            login: "mariana".into(),
            password: "senha-forte-123".into(),
            device_id: device,
        })
        .await
        .expect("login");

    let mut latencies = Vec::with_capacity(BATCHES);
    let started = Instant::now();
    for b in 0..BATCHES {
        let ops = (0..BATCH)
            .map(|i| customer_op(device, (b * BATCH + i + 1) as i64))
            .collect();
        let t = Instant::now();
        let reply = client.push(&PushRequest { ops }).await.expect("push");
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(reply.results.len(), BATCH);
    }
    let push_secs = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let total_ops = BATCHES * BATCH;

    let started = Instant::now();
    let mut cursor = 0;
    let mut rows = 0;
    loop {
        let page = client
            .pull(cursor, 1_000, PullMode::Log)
            .await
            .expect("pull");
        rows += page.changes.len();
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    let pull_secs = started.elapsed().as_secs_f64();

    println!("{backend}\n\n| measurement | result |\n|---|---|");
    println!(
        "| push, {BATCHES} batches of {BATCH} ops | {:.0} ops/s |",
        total_ops as f64 / push_secs
    );
    println!(
        "| push batch latency p50 / p99 | {:.1} ms / {:.1} ms |",
        support::percentile(&latencies, 0.5),
        support::percentile(&latencies, 0.99)
    );
    println!(
        "| pull {rows} rows in pages of 1,000 | {:.0} rows/s |",
        rows as f64 / pull_secs
    );
}
