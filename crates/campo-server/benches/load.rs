//! Many devices at once against a real `campo-server` process on loopback, through the app's
//! own HTTP client, then one technician's day end to end.
//!
//! Set-up (not timed): 300 technicians with 10 scheduled orders each, a coordinator, a cable
//! in the catalogue. Then, all at the same moment, every technician's device says hello,
//! pulls its scope (its orders, never anyone else's), pushes 300 operations of its day in
//! batches of 100 (en route / in progress / done on each order, cable used at each customer)
//! and pulls again. Reported: per-device time p50/p95/max, total throughput, and the server
//! process's peak memory (`VmHWM`). Then one more technician's full day (10 orders, every
//! status move, cable used at each, a pause) is pushed and pulled by a second device of the same
//! technician, timed end to end.
//!
//! `cargo bench -p campo-server --bench load` (SQLite); under `scripts/with-postgres` it runs
//! on PostgreSQL. `LOAD_DEVICES` and `LOAD_OPS` change the size.

mod support;

use support::{peak_memory_mb, start_server};

use std::process::Child;
use std::sync::Arc;
use std::time::Instant;

use campo_client::HttpTransport;
use campo_client::Transport;
use campo_protocol::ops::{
    CustomerCreated, OrderCreated, OrderPaused, OrderResumed, OrderTransitioned, PlanCreated,
    SchedulePayload, StockItemCreated, StockLine, StockMoved, StockPlaceRef,
};
use campo_protocol::wire::{Hello, LoginRequest, Outcome, PullMode, PushRequest, WireOp};
use campo_server::db::ServerDb;
use campo_server::users;
use serde::Serialize;
use uuid::Uuid;

const PASSWORD: &str = "senha-forte-123";
const ORDERS_PER_TECHNICIAN: usize = 10;
const BATCH: usize = 100;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes operations as one device does: its id, a gap-free sequence, a clock.
struct Device {
    id: Uuid,
    seq: i64,
    client: HttpTransport,
}

impl Device {
    async fn login(url: &str, login: &str) -> (Device, Uuid) {
        let id = Uuid::now_v7();
        let mut client = HttpTransport::new(url).expect("client");
        let reply = client
            .login(&LoginRequest {
                login: login.into(),
                password: PASSWORD.into(),
                device_id: id,
            })
            .await
            .expect("login");
        (Device { id, seq: 0, client }, reply.user_id)
    }

    /// `body` as an operation of `kind`; the envelope names what the payload names.
    fn op<T: Serialize>(&mut self, kind: &str, body: &T) -> WireOp {
        let payload = campo_protocol::wire::payload_of(body).expect("json");
        let decoded = campo_protocol::Op::decode(kind, payload.get())
            .expect("a payload of its kind")
            .expect("a known kind");
        self.seq += 1;
        WireOp {
            op_id: Uuid::now_v7(),
            device_id: self.id,
            device_seq: self.seq,
            hlc: campo_domain::hlc::Hlc {
                wall_ms: chrono::Utc::now().timestamp_millis(),
                counter: 0,
            }
            .encode(),
            entity: decoded.entity().into(),
            entity_id: decoded.entity_id(),
            kind: kind.into(),
            payload,
            schema_version: campo_protocol::OP_SCHEMA_VERSION,
        }
    }

    /// Pushes in batches of [`BATCH`]; every operation must be applied.
    async fn push(&self, ops: Vec<WireOp>) {
        for chunk in ops.chunks(BATCH) {
            let reply = self
                .client
                .push(&PushRequest {
                    ops: chunk.to_vec(),
                })
                .await
                .expect("push");
            for r in reply.results {
                assert!(
                    matches!(r.outcome, Outcome::Applied { .. }),
                    "not applied: {:?}",
                    r.outcome
                );
            }
        }
    }

    async fn hello(&self) {
        self.client
            .hello(&Hello {
                protocol: campo_protocol::wire::PROTOCOL_VERSION,
                schema_version: campo_protocol::OP_SCHEMA_VERSION,
                app_version: "bench".into(),
                client_time_ms: chrono::Utc::now().timestamp_millis(),
            })
            .await
            .expect("hello");
    }

    /// Pulls everything after `cursor`; returns the new cursor and how many rows came.
    async fn pull_all(&self, mut cursor: i64) -> (i64, usize) {
        let mut rows = 0;
        loop {
            let page = self
                .client
                .pull(cursor, 1_000, PullMode::Log)
                .await
                .expect("pull");
            rows += page.changes.len();
            cursor = page.next_cursor;
            if !page.has_more {
                return (cursor, rows);
            }
        }
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn van(technician: Uuid) -> StockPlaceRef {
    StockPlaceRef {
        id: campo_domain::stock::van_id(technician),
        kind: "van".into(),
        name: "Van".into(),
        ref_id: Some(technician),
    }
}

fn premises(customer: Uuid) -> StockPlaceRef {
    StockPlaceRef {
        id: campo_domain::stock::customer_place_id(customer),
        kind: "customer".into(),
        name: "Cliente".into(),
        ref_id: Some(customer),
    }
}

/// One line of `quantity` of `item` from `from` to `to`.
fn movement(
    kind: &str,
    from: StockPlaceRef,
    to: StockPlaceRef,
    item: Uuid,
    quantity: i64,
) -> StockMoved {
    StockMoved {
        batch_id: Uuid::now_v7(),
        kind: kind.into(),
        from,
        to,
        order_id: None,
        reason: None,
        count: false,
        lines: vec![StockLine {
            id: Uuid::now_v7(),
            item_id: item,
            serial: None,
            mac: None,
            quantity,
        }],
        at: now(),
    }
}

/// The office's set-up: a plan, a cable, and for each technician (accounts are people
/// already) `orders` repair orders scheduled for them today. Returns each technician's (order,
/// customer) pairs.
async fn set_up_orders(
    office: &mut Device,
    technicians: &[Uuid],
    orders: usize,
    cable: Uuid,
) -> Vec<Vec<(Uuid, Uuid)>> {
    let plan = Uuid::now_v7();
    let mut ops = vec![
        office.op(
            "plan.create",
            &PlanCreated {
                external_id: None,
                id: plan,
                name: "Fibra 500".into(),
                download_mbps: 500,
                price_cents: 9990,
                has_iptv: false,
                premium: false,
                svas: Vec::new(),
            },
        ),
        office.op(
            "stock.item.create",
            &StockItemCreated {
                id: cable,
                sku: format!("CABO-{}", cable.simple()),
                name: "Cabo drop (m)".into(),
                unit: "m".into(),
                tracking: "bulk".into(),
            },
        ),
    ];
    // Cable into a warehouse, and each van given 10 km of it (a technician uses only what
    // their van received).
    let warehouse = StockPlaceRef {
        id: Uuid::now_v7(),
        kind: "warehouse".into(),
        name: "Almoxarifado".into(),
        ref_id: None,
    };
    let supplier = StockPlaceRef {
        id: campo_domain::stock::fixed_place_id(campo_domain::stock::PlaceKind::Supplier),
        kind: "supplier".into(),
        name: "Fornecedor".into(),
        ref_id: None,
    };
    let per_van = 10_000;
    let mut stock = vec![office.op("stock.place.create", &warehouse)];
    for chunk in technicians.chunks(10) {
        stock.push(office.op(
            "stock.move",
            &movement(
                "receipt",
                supplier.clone(),
                warehouse.clone(),
                cable,
                per_van * chunk.len() as i64,
            ),
        ));
        for technician in chunk {
            stock.push(office.op(
                "stock.move",
                &movement(
                    "checkout",
                    warehouse.clone(),
                    van(*technician),
                    cable,
                    per_van,
                ),
            ));
        }
    }
    ops.extend(stock);
    let today = chrono::Utc::now().date_naive().to_string();
    let mut per_technician = Vec::with_capacity(technicians.len());
    for (t, technician) in technicians.iter().enumerate() {
        let mut mine = Vec::with_capacity(orders);
        for o in 0..orders {
            let customer = Uuid::now_v7();
            let order = Uuid::now_v7();
            ops.push(office.op(
                "customer.create",
                &CustomerCreated {
                    id: customer,
                    cpf: Some("52998224725".into()),
                    mother_name: Some("Maria".into()),
                    birth_date: Some("1980-01-01".into()),
                    ..campo_fixtures::ops::customer(&format!("Cliente {t}-{o}"))
                },
            ));
            ops.push(office.op(
                "order.create",
                &OrderCreated {
                    new_address: None,
                    external_id: None,
                    id: order,
                    number: (t * orders + o + 1) as i64,
                    kind: "repair".into(),
                    customer_id: customer,
                    plan_id: plan,
                    event_id: Uuid::now_v7(),
                    at: now(),
                    sale_id: None,
                    periods: Vec::new(),
                },
            ));
            ops.push(office.op(
                "order.transition",
                &OrderTransitioned {
                    order_id: order,
                    event_id: Uuid::now_v7(),
                    from: "approved".into(),
                    to: "scheduled".into(),
                    reason: None,
                    schedule: Some(SchedulePayload {
                        date: today.clone(),
                        period: if o % 2 == 0 { "morning" } else { "afternoon" }.into(),
                        technician_id: *technician,
                    }),
                    at: now(),
                },
            ));
            mine.push((order, customer));
        }
        per_technician.push(mine);
    }
    office.push(ops).await;
    per_technician
}

/// A technician's day on their orders: every field status move, `extra` cable uses spread
/// over the orders, and (when `pause`) a pause and resume on the first order.
fn day_of(
    device: &mut Device,
    technician: Uuid,
    orders: &[(Uuid, Uuid)],
    cable: Uuid,
    total: usize,
    pause: bool,
) -> Vec<WireOp> {
    let mut ops = Vec::with_capacity(total);
    let moves = [
        ("scheduled", "en_route"),
        ("en_route", "in_progress"),
        ("in_progress", "done"),
    ];
    let transitions = orders.len() * moves.len() + if pause { 2 } else { 0 };
    let uses = total.saturating_sub(transitions);
    for (i, (order, customer)) in orders.iter().enumerate() {
        for (from, to) in moves {
            if to == "done" {
                let share = uses / orders.len() + usize::from(i < uses % orders.len());
                for _ in 0..share {
                    ops.push(device.op(
                        "stock.move",
                        &StockMoved {
                            batch_id: Uuid::now_v7(),
                            kind: "use".into(),
                            from: van(technician),
                            to: premises(*customer),
                            order_id: Some(*order),
                            reason: None,
                            count: false,
                            lines: vec![StockLine {
                                id: Uuid::now_v7(),
                                item_id: cable,
                                serial: None,
                                mac: None,
                                quantity: 1,
                            }],
                            at: now(),
                        },
                    ));
                }
            }
            if pause && i == 0 && to == "in_progress" {
                let pause_id = Uuid::now_v7();
                ops.push(device.op(
                    "order.pause",
                    &OrderPaused {
                        order_id: *order,
                        pause_id,
                        reason: "Cliente ausente".into(),
                        at: now(),
                    },
                ));
                ops.push(device.op(
                    "order.resume",
                    &OrderResumed {
                        order_id: *order,
                        pause_id,
                        note: Some("Cliente chegou".into()),
                        at: now(),
                    },
                ));
            }
            ops.push(device.op(
                "order.transition",
                &OrderTransitioned {
                    order_id: *order,
                    event_id: Uuid::now_v7(),
                    from: from.into(),
                    to: to.into(),
                    reason: None,
                    schedule: None,
                    at: now(),
                },
            ));
        }
    }
    ops
}

/// CPU seconds (user + system) the server process has used so far.
fn cpu_seconds(server: &Child) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.id())).unwrap_or_default();
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

#[tokio::main]
async fn main() {
    let devices = env_usize("LOAD_DEVICES", 300);
    let ops_per_device = env_usize("LOAD_OPS", 300);
    let dir = tempfile::tempdir().expect("tempdir");
    let database = support::fresh_postgres().await;
    // Accounts are written before the server starts (hashing 300 passwords is set-up).
    let db = match &database {
        Some(url) => ServerDb::connect(url).await,
        None => ServerDb::open_dir(dir.path()).await,
    }
    .expect("db");
    let backend = format!("{:?}", db.backend());
    users::add_user(&db, "coord", "Administração", "admin", PASSWORD)
        .await
        .expect("user");
    for t in 0..=devices {
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

    let (mut office, _) = Device::login(&server.url, "coord").await;
    let mut fleet = Vec::with_capacity(devices);
    let mut technicians = Vec::with_capacity(devices + 1);
    for t in 0..=devices {
        let (device, user) = Device::login(&server.url, &format!("tec{t}")).await;
        fleet.push(device);
        technicians.push(user);
    }
    let cable = Uuid::now_v7();
    let orders = set_up_orders(&mut office, &technicians, ORDERS_PER_TECHNICIAN, cable).await;
    // The last technician is kept for the single-day measurement below.
    let (day_device, day_technician) = (fleet.pop().expect("device"), technicians[devices]);

    let start = Arc::new(tokio::sync::Barrier::new(devices));
    eprintln!("load: set-up done, {devices} devices start now");
    let cpu_before = cpu_seconds(&server.child);
    let began = Instant::now();
    let mut tasks = Vec::with_capacity(devices);
    for (t, mut device) in fleet.into_iter().enumerate() {
        let day = day_of(
            &mut device,
            technicians[t],
            &orders[t],
            cable,
            ops_per_device,
            false,
        );
        let start = Arc::clone(&start);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let t0 = Instant::now();
            device.hello().await;
            let (cursor, first) = device.pull_all(0).await;
            device.push(day).await;
            let (_, second) = device.pull_all(cursor).await;
            (t0.elapsed().as_secs_f64(), first + second)
        }));
    }
    let mut times = Vec::with_capacity(devices);
    let mut rows = 0;
    for task in tasks {
        let (secs, pulled) = task.await.expect("device");
        times.push(secs);
        rows += pulled;
    }
    let wall = began.elapsed().as_secs_f64();
    let server_cpu = cpu_seconds(&server.child) - cpu_before;
    times.sort_by(f64::total_cmp);
    let memory = peak_memory_mb(&server.child);

    // One technician's full day: pushed from the van's laptop, then a second device of the
    // same technician (a phone, a replacement laptop already synced to this morning) pulls it.
    let (second, _) = Device::login(&server.url, &format!("tec{devices}")).await;
    let (morning, _) = second.pull_all(0).await;
    let mut day_device = day_device;
    let day_orders: Vec<(Uuid, Uuid)> = orders[devices].clone();
    let day = day_of(
        &mut day_device,
        day_technician,
        &day_orders,
        cable,
        60,
        true,
    );
    let day_ops = day.len();
    let t0 = Instant::now();
    day_device.hello().await;
    day_device.push(day).await;
    let pushed = t0.elapsed().as_secs_f64();
    second.hello().await;
    let (_, pulled) = second.pull_all(morning).await;
    let day_secs = t0.elapsed().as_secs_f64();

    println!("{backend}, {devices} devices × {ops_per_device} ops\n");
    println!("| measurement | result |\n|---|---|");
    println!(
        "| time per device (hello, pull, push {ops_per_device}, pull) p50 / p95 / max | {:.2} s / {:.2} s / {:.2} s |",
        support::percentile(&times, 0.5),
        support::percentile(&times, 0.95),
        times[times.len() - 1]
    );
    println!(
        "| all devices done | {wall:.2} s ({:.0} ops/s pushed, {rows} rows pulled) |",
        (devices * ops_per_device) as f64 / wall
    );
    println!("| server peak memory (VmHWM) | {memory:.0} MB |");
    println!("| server CPU during the run (of 2 cores × {wall:.2} s) | {server_cpu:.2} s |");
    println!(
        "| one technician's day ({day_ops} ops, {} orders): push / push + pull on a second device | {:.0} ms / {:.0} ms ({pulled} rows) |",
        day_orders.len(),
        pushed * 1000.0,
        day_secs * 1000.0
    );
}
