//! Several `campo-server` processes on one PostgreSQL, as the README promises: devices split
//! between two instances push at once while others read through both; the log stays gap-free
//! in commit order (a reader never skips a sequence that commits later), both instances serve
//! the same log, and the sign-in throttle holds across them (its state is in the database).
//! Needs PostgreSQL (`make test` starts one): on SQLite it says so and passes.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use campo_client::{HttpTransport, Transport};
use campo_fixtures::server::{PASSWORD, Reopen, database};
use campo_protocol::wire::{LoginRequest, Outcome, PullMode, PushRequest, WireOp};
use campo_protocol::{OP_SCHEMA_VERSION, Op};
use serde_json::json;
use uuid::Uuid;

/// A device signed in as `login` on the server at `url`: its client and id.
async fn device(url: &str, login: &str) -> (HttpTransport, Uuid) {
    let id = Uuid::now_v7();
    let mut http = HttpTransport::new(url).unwrap();
    http.login(&LoginRequest {
        login: login.into(),
        password: PASSWORD.into(),
        device_id: id,
    })
    .await
    .unwrap();
    (http, id)
}

/// A customer registered by `device`, its `seq`th operation.
fn new_customer(device: Uuid, seq: i64, name: String) -> WireOp {
    let op = Op::CustomerCreated(campo_fixtures::ops::customer(&name));
    WireOp {
        op_id: Uuid::now_v7(),
        device_id: device,
        device_seq: seq,
        hlc: format!("{:015}-000000", chrono::Utc::now().timestamp_millis()),
        entity: op.entity().into(),
        entity_id: op.entity_id(),
        kind: op.kind().code().into(),
        payload: serde_json::value::RawValue::from_string(op.to_json().unwrap()).unwrap(),
        schema_version: OP_SCHEMA_VERSION,
    }
}

/// A server process; stopped when dropped.
struct Instance {
    child: Child,
    url: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process over `database_url`, its files (the secret key) in `data_dir` — one
/// folder for the instances of one provider, never the working directory.
async fn instance(database_url: &str, data_dir: &std::path::Path) -> Instance {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    // Owned by the instance from here: stopped and waited for when it is dropped.
    let instance = Instance {
        child: Command::new(env!("CARGO_BIN_EXE_campo-server"))
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--database-url", database_url, "serve", "--bind"])
            .arg(format!("127.0.0.1:{port}"))
            .env("CAMPO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("campo-server starts"),
        url: url.clone(),
    };
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http
            .get(format!("{url}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return instance;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("campo-server on {url} did not answer");
}

/// Every sequence a reader pulling through `url` sees, until it has `total` of them.
async fn read_all(t: HttpTransport, total: usize) -> Vec<(i64, Uuid)> {
    let mut seen = Vec::new();
    let mut cursor = 0;
    for _ in 0..10_000 {
        let page = t.pull(cursor, 200, PullMode::Log).await.unwrap();
        for c in &page.changes {
            seen.push((c.server_seq, c.op.op_id));
        }
        cursor = page.next_cursor;
        if seen.len() >= total {
            break;
        }
        if !page.has_more {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_keep_one_gap_free_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, reopen) = database(dir.path()).await;
    let Reopen::Url(url) = reopen else {
        eprintln!("instances: needs PostgreSQL (CAMPO_TEST_POSTGRES_URL); skipped on SQLite");
        return;
    };
    for (login, name, role) in [
        ("admin", "Administração", "admin"),
        ("mariana", "Mariana Lima", "coordinator"),
        ("josue", "Josué Lins", "technician"),
    ] {
        campo_server::users::add_user(&db, login, name, role, PASSWORD)
            .await
            .unwrap();
    }
    let people = 3;
    let files = tempfile::tempdir().unwrap();
    let a = instance(&url, files.path()).await;
    let b = instance(&url, files.path()).await;

    // Six office devices, three on each instance, push 10 batches of 10 at once; a reader on
    // each instance pulls meanwhile.
    const DEVICES: usize = 6;
    const BATCHES: usize = 10;
    const OPS: usize = 10;
    let total = people + DEVICES * BATCHES * OPS;
    let (reader_a, _) = device(&a.url, "admin").await;
    let (reader_b, _) = device(&b.url, "mariana").await;
    let reading = [
        tokio::spawn(read_all(reader_a, total)),
        tokio::spawn(read_all(reader_b, total)),
    ];
    let mut pushers = Vec::new();
    for n in 0..DEVICES {
        let url = if n % 2 == 0 {
            a.url.clone()
        } else {
            b.url.clone()
        };
        let login = if n % 2 == 0 { "admin" } else { "mariana" };
        pushers.push(tokio::spawn(async move {
            let (http, id) = device(&url, login).await;
            let mut seq = 0;
            for batch in 0..BATCHES {
                let ops: Vec<WireOp> = (0..OPS)
                    .map(|i| {
                        seq += 1;
                        new_customer(id, seq, format!("Cliente {n}-{batch}-{i}"))
                    })
                    .collect();
                let reply = http.push(&PushRequest { ops }).await.unwrap();
                assert!(
                    reply
                        .results
                        .iter()
                        .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
                    "{reply:?}"
                );
            }
        }));
    }
    for p in pushers {
        p.await.unwrap();
    }
    let mut logs = Vec::new();
    for r in reading {
        logs.push(r.await.unwrap());
    }
    // Each reader saw every sequence from 1, once, in order: none was skipped and filled in
    // behind its back.
    for seen in &logs {
        let seqs: Vec<i64> = seen.iter().map(|(s, _)| *s).collect();
        let expected: Vec<i64> = (1..=i64::try_from(total).unwrap()).collect();
        assert_eq!(seqs, expected);
    }
    assert_eq!(logs[0], logs[1], "both instances serve the same log");

    // The sign-in throttle is shared: failures counted on one instance hold back the next
    // attempt on the other.
    let sign_in = |url: String, password: &'static str| async move {
        reqwest::Client::new()
            .post(format!("{url}/v1/login"))
            .json(&json!({"login": "josue", "password": password, "deviceId": Uuid::now_v7()}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    for _ in 0..=campo_server::throttle::FREE_PER_PAIR {
        assert_eq!(sign_in(a.url.clone(), "errada").await, 401);
    }
    assert_eq!(sign_in(b.url.clone(), PASSWORD).await, 429);
    db.close().await;
}
