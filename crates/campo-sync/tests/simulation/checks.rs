//! What must hold once every device has healed: product invariants, each checked against the
//! server's database (the truth), never a scenario's assumption.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use campo_domain::stock::{MoveKind, van_id};
use campo_domain::{Lang, OrderKind, OrderStatus};
use campo_protocol::Op;
use campo_server::db::ServerDb;
use campo_store::Store;
use chrono::Utc;
use uuid::Uuid;

use crate::world::{Client, World, heal, new_office_device, statuses};

/// A device's route plans, as their rows read: date, technician, orders, km, driving and
/// idle minutes.
pub type RoutePlans = Vec<(String, String, String, f64, i64, i64)>;

/// 1. Every replica equals the server within its scope: the office sees every order, a
///    technician exactly the orders scheduled for them now. Returns the server's statuses.
pub async fn replicas_equal_the_server(w: &World) -> HashMap<String, OrderStatus> {
    let seed = w.seed;
    let server: HashMap<String, (OrderStatus, Option<String>)> =
        sqlx::query_as::<_, (String, String, Option<String>)>(
            "SELECT id, status, technician_id FROM orders",
        )
        .fetch_all(w.db.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|(id, s, t)| (id, (OrderStatus::from_code(&s).unwrap(), t)))
        .collect();
    assert_eq!(
        server.len(),
        12,
        "seed {seed}: every sale reached the server"
    );
    for c in &w.clients {
        let me = c.user.to_string();
        let scope: HashMap<String, OrderStatus> = server
            .iter()
            .filter(|(_, (_, t))| c.role != "technician" || t.as_deref() == Some(me.as_str()))
            .map(|(id, (s, _))| (id.clone(), *s))
            .collect();
        assert_eq!(
            statuses(c.store()).await,
            scope,
            "seed {seed}: {} differs from the server",
            c.role
        );
        assert_eq!(
            c.store().sync_status().await.unwrap().pending,
            0,
            "seed {seed}: operations left behind"
        );
    }
    server.into_iter().map(|(id, (s, _))| (id, s)).collect()
}

/// 1e. Routes planned again and again: every office device holds the same plans (and so
///     does the replay, which receives each route as it stands). Returns them.
pub async fn office_routes_agree(w: &World) -> RoutePlans {
    let office: Vec<&Client> = w
        .clients
        .iter()
        .filter(|c| c.role != "technician")
        .collect();
    let planned = route_plans(&office[0].path).await;
    for c in &office {
        assert_eq!(
            route_plans(&c.path).await,
            planned,
            "seed {}: a {}'s routes differ",
            w.seed,
            c.role
        );
    }
    planned
}

/// 1b. Edited fields settle to the server's value on every device that holds the order.
///     Returns the server's notes.
pub async fn notes_settle(w: &World) -> HashMap<String, Option<String>> {
    let notes: HashMap<String, Option<String>> = sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT order_id, value FROM order_fields WHERE field = 'notes'",
    )
    .fetch_all(w.db.pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    for c in &w.clients {
        for id in statuses(c.store()).await.keys() {
            let here = notes_of(c.store(), id).await;
            assert_eq!(
                &here,
                notes.get(id).unwrap_or(&None),
                "seed {}: notes of {id} differ on a {}",
                w.seed,
                c.role
            );
        }
    }
    notes
}

/// 1c. Stock: every device's balances and unit places equal what its ledger says; the
///     office devices hold every movement the server logged (nothing dropped or "fixed")
///     and have every unit where the server's order left it;
///     each technician's van reads the same on their device and the office's; a unit at
///     two customers has a discrepancy naming it. Returns the lines the server logged and
///     how many units were installed.
pub async fn stock_follows_the_ledgers(w: &World) -> (usize, usize) {
    let (seed, db) = (w.seed, &w.db);
    let logged_lines: usize =
        sqlx::query_scalar::<_, String>("SELECT payload FROM ops WHERE kind = 'stock.move'")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|p| {
                serde_json::from_str::<serde_json::Value>(p).unwrap()["lines"]
                    .as_array()
                    .unwrap()
                    .len()
            })
            .sum();
    let office = w.clients[0].store();
    for c in &w.clients {
        assert_eq!(
            c.store().verify_stock().await.unwrap(),
            Vec::<String>::new(),
            "seed {seed}: a {}'s stock differs from its ledger",
            c.role
        );
        if c.role != "technician" {
            let csv = c.store().export_movements_csv(Lang::PtBr).await.unwrap();
            assert_eq!(
                csv.lines().count() - 1,
                logged_lines,
                "seed {seed}: an office ledger is missing movements"
            );
            // Every unit is where the server's order left it, whatever order this device
            // saw the movements in.
            let mut on_server: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let units: Vec<(String, String)> =
                sqlx::query_as("SELECT place_id, serial FROM stock_units ORDER BY serial")
                    .fetch_all(db.pool())
                    .await
                    .unwrap();
            for (place, serial) in units {
                on_server.entry(place).or_default().push(serial);
            }
            for (place, serials) in on_server {
                let stock = c
                    .store()
                    .place_stock(Uuid::parse_str(&place).unwrap(), Lang::PtBr)
                    .await
                    .unwrap();
                let mut here: Vec<String> = stock.units.into_iter().map(|u| u.serial).collect();
                here.sort();
                assert_eq!(
                    here, serials,
                    "seed {seed}: a {}'s units at {} differ from the server's",
                    c.role, stock.place.name
                );
            }
        } else {
            let serials = |stock: campo_store::stock_query::PlaceStock| {
                let mut s: Vec<String> = stock.units.into_iter().map(|u| u.serial).collect();
                s.sort();
                s
            };
            let mut on_server: Vec<String> = sqlx::query_scalar(
                "SELECT serial FROM stock_units WHERE place_id = $1 ORDER BY serial",
            )
            .bind(van_id(c.user).to_string())
            .fetch_all(db.pool())
            .await
            .unwrap();
            on_server.sort();
            assert_eq!(
                serials(
                    c.store()
                        .place_stock(van_id(c.user), Lang::PtBr)
                        .await
                        .unwrap()
                ),
                on_server,
                "seed {seed}: a technician's van differs from the server's ledger order"
            );
        }
    }
    let discrepancies = office.discrepancies(true, Lang::PtBr).await.unwrap();
    let named = |serial: &str| {
        discrepancies
            .iter()
            .any(|d| d.serial.as_deref() == Some(serial))
    };
    let mut installs = 0;
    for i in 0..30 {
        let serial = format!("SIM{i:04}");
        let unit = office.serial(&serial, Lang::PtBr).await.unwrap().unwrap();
        // The office's view of where a unit is follows the server's order, or the unit has a
        // discrepancy someone resolves (two offices moved it at once).
        let server_place: String =
            sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = $1")
                .bind(&serial)
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert!(
            unit.place_id == server_place || named(&serial),
            "seed {seed}: {serial} is elsewhere on the office's device, with no discrepancy: {} vs server {server_place}; {:?}",
            unit.place_id,
            unit.history
                .iter()
                .map(|m| format!("{:?} {}→{}", m.kind, m.from_name, m.to_name))
                .collect::<Vec<_>>()
        );
        let mut customers: Vec<&str> = unit
            .history
            .iter()
            .filter(|m| m.kind == MoveKind::Use)
            .map(|m| m.to_name.as_str())
            .collect();
        installs += customers.len();
        customers.sort_unstable();
        customers.dedup();
        if customers.len() > 1 {
            assert!(
                named(&serial),
                "seed {seed}: {serial} is at {customers:?} with no discrepancy naming it"
            );
        }
    }
    (logged_lines, installs)
}

/// 1d. Replaying the server's log from empty gives the same state: a new office device
///     (its snapshot is the log, each record set whole as it stands) ends with the server's
///     statuses and notes, the office's routes, every logged movement, a stock equal to its
///     ledger, and every unit where the server's order put it.
pub async fn the_log_replays_on_a_new_device(
    w: &World,
    planned: &RoutePlans,
    notes: &HashMap<String, Option<String>>,
    logged_lines: usize,
) {
    let (seed, db) = (w.seed, &w.db);
    let fresh = new_office_device(w, "mariana", "replay.db").await;
    heal(&fresh).await;
    assert_eq!(
        &route_plans(&fresh.path).await,
        planned,
        "seed {seed}: the replay's routes differ"
    );
    let statuses_now = statuses(fresh.store()).await;
    assert_eq!(
        statuses_now.len(),
        12,
        "seed {seed}: the replay holds every order"
    );
    for (id, status) in &statuses_now {
        assert_eq!(
            server_status(db, id).await,
            *status,
            "seed {seed}: replayed status of {id}"
        );
        let replayed = notes_of(fresh.store(), id).await;
        assert_eq!(
            &replayed,
            notes.get(id).unwrap_or(&None),
            "seed {seed}: replayed notes"
        );
    }
    assert!(fresh.store().verify_stock().await.unwrap().is_empty());
    let csv = fresh
        .store()
        .export_movements_csv(Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(
        csv.lines().count() - 1,
        logged_lines,
        "seed {seed}: replayed ledger"
    );
    let units: Vec<(String, String)> =
        sqlx::query_as("SELECT serial, place_id FROM stock_units ORDER BY serial")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(units.len(), 30);
    for (serial, place) in units {
        let unit = fresh
            .store()
            .serial(&serial, Lang::PtBr)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            unit.place_id, place,
            "seed {seed}: {serial} replayed elsewhere than the server's order put it"
        );
    }
}

/// 1e. Activation checklists read the same on every office device: the same attempts, and
///     per item the same current answer (latest by clock) and the same history. Returns how
///     many attempts there are.
pub async fn checklists_agree(w: &World, server: &HashMap<String, OrderStatus>) -> usize {
    let mut checklists = 0;
    for id in server.keys() {
        let order = Uuid::parse_str(id).unwrap();
        let mut office_views: Vec<Vec<campo_store::activation::AttemptView>> = Vec::new();
        for c in w.clients.iter().filter(|c| c.role != "technician") {
            office_views.push(
                c.store()
                    .activation_of(order, Lang::PtBr)
                    .await
                    .unwrap()
                    .attempts,
            );
        }
        checklists += office_views[0].len();
        for other in &office_views[1..] {
            assert_eq!(
                other, &office_views[0],
                "seed {}: the checklists of {id} differ between office devices",
                w.seed
            );
        }
    }
    checklists
}

/// 1f. The malicious device changed nothing: none of its operations is in the log.
pub async fn forgeries_never_reach_the_log(w: &World) {
    let by_mallory: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE actor_id = $1")
        .bind(w.mallory.id.to_string())
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    assert_eq!(
        by_mallory, 0,
        "seed {}: a forged operation reached the log",
        w.seed
    );
}

/// 1g. Every refusal reached its author: the operations the server refused from a device
///     are exactly those its device lists as refused. Returns how many there are.
pub async fn refusals_reach_their_authors(w: &World) -> usize {
    let mut refusals = 0;
    for c in &w.clients {
        let on_server: BTreeSet<String> = sqlx::query_scalar(
            "SELECT op_id FROM receipts WHERE device_id = $1 AND outcome = 'rejected'",
        )
        .bind(c.store().device_id().to_string())
        .fetch_all(w.db.pool())
        .await
        .unwrap()
        .into_iter()
        .collect();
        let known: BTreeSet<String> = c
            .store()
            .refused_operations(i64::MAX)
            .await
            .unwrap()
            .into_iter()
            .map(|op| op.op_id.to_string())
            .collect();
        assert_eq!(
            known, on_server,
            "seed {}: a {}'s device does not know every refusal",
            w.seed, c.role
        );
        refusals += known.len();
    }
    refusals
}

/// 2. Every operation a device committed has exactly one answer on the server.
pub async fn one_answer_per_operation(w: &World) {
    for c in &w.clients {
        let ops = c.store().all_operations().await.unwrap();
        for op in ops {
            let op_id = op.op_id.to_string();
            let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receipts WHERE op_id = $1")
                .bind(&op_id)
                .fetch_one(w.db.pool())
                .await
                .unwrap();
            assert_eq!(
                answers, 1,
                "seed {}: op {op_id} has {answers} answers",
                w.seed
            );
        }
    }
}

/// 3. The server's log replays as legal paths, ending where the projection is.
pub async fn the_log_is_legal_paths(w: &World, server: &HashMap<String, OrderStatus>) {
    let seed = w.seed;
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, payload FROM ops ORDER BY server_seq")
            .fetch_all(w.db.pool())
            .await
            .unwrap();
    let mut replay: HashMap<String, OrderStatus> = HashMap::new();
    for (kind, payload) in log {
        let op = Op::decode(&kind, &payload)
            .unwrap_or_else(|e| panic!("seed {seed}: a logged {kind} does not read: {e}"));
        match op {
            Some(Op::OrderCreated(b)) => {
                let k = OrderKind::from_code(&b.kind).unwrap();
                replay.insert(b.id.to_string(), k.initial_status());
            }
            Some(Op::OrderTransitioned(b)) => {
                let id = b.order_id.to_string();
                let from = OrderStatus::from_code(&b.from).unwrap();
                let to = OrderStatus::from_code(&b.to).unwrap();
                assert_eq!(
                    replay.get(&id),
                    Some(&from),
                    "seed {seed}: a transition applied on a stale base"
                );
                assert!(
                    from.next().contains(&to),
                    "seed {seed}: illegal {from:?} → {to:?} in the log"
                );
                replay.insert(id, to);
            }
            Some(Op::OrderRestored(b)) => {
                assert_eq!(
                    replay.get(&b.order_id.to_string()).map(|s| s.code()),
                    Some(b.status.as_str()),
                    "seed {seed}: a restore that is not the server's state"
                );
            }
            _ => {}
        }
    }
    assert_eq!(
        &replay, server,
        "seed {seed}: replaying the log gives another state"
    );
}

/// 4. The server knows how far each device's clock is off; operations stamped too far
///    ahead were clamped to the server's time (server order is the truth anyway).
pub async fn clocks_are_known_and_clamped(w: &World) {
    let (seed, db) = (w.seed, &w.db);
    let now_ms = Utc::now().timestamp_millis();
    for c in &w.clients {
        let recorded: Option<i64> =
            sqlx::query_scalar("SELECT clock_skew_ms FROM devices WHERE device_id = $1")
                .bind(c.store().device_id().to_string())
                .fetch_optional(db.pool())
                .await
                .unwrap()
                .flatten();
        let recorded = recorded.expect("every device said hello");
        assert!(
            (recorded - c.skew.num_milliseconds()).abs() < 5 * 60_000,
            "seed {seed}: a device {} min off recorded a skew of {recorded} ms",
            c.skew.num_minutes()
        );
    }
    let ahead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE hlc > $1")
        .bind(format!("{:015}", now_ms + 5 * 60_000))
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(
        ahead, 0,
        "seed {seed}: {ahead} operation(s) kept a clock from the future"
    );
}

/// 5. No personal data on technicians' devices.
pub async fn no_personal_data_in_the_field(w: &World) {
    for c in w.clients.iter().filter(|c| c.role == "technician") {
        let leaked = c.store().customers_with_personal_data().await.unwrap();
        assert_eq!(
            leaked, 0,
            "seed {}: personal data on a technician's device",
            w.seed
        );
    }
}

/// 6. Attachments: every photo the server applied names a file it keeps, whole and
///    matching its name, once; no upload is left half done; every device sent what it
///    took, and every office device has every photo's file, as taken. Returns how many
///    files the photos name.
pub async fn photos_are_kept_whole(w: &World) -> usize {
    let (seed, db) = (w.seed, &w.db);
    let named: BTreeSet<String> =
        sqlx::query_scalar::<_, String>("SELECT payload FROM ops WHERE kind = 'order.photo'")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .into_iter()
            .map(|p| {
                let v: serde_json::Value = serde_json::from_str(&p).unwrap();
                v["blob"]["hash"].as_str().unwrap().to_owned()
            })
            .collect();
    for hash in &named {
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs WHERE hash = $1")
            .bind(hash)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(kept, 1, "seed {seed}: a photo's file is not kept once");
        let bytes = w.blobs.read(hash).await.unwrap();
        assert_eq!(
            &campo_domain::photo::blob_hash(&bytes),
            hash,
            "seed {seed}: a file differs from its name"
        );
    }
    assert_eq!(
        w.blobs.partial_files(),
        0,
        "seed {seed}: an upload was left half done"
    );
    for c in &w.clients {
        assert!(
            c.store().blobs_to_send(10).await.unwrap().is_empty(),
            "seed {seed}: a {}'s photo never reached the server",
            c.role
        );
        if c.role == "technician" {
            continue;
        }
        let wanted = c.store().blobs_wanted(1000).await.unwrap();
        assert!(
            wanted.is_empty(),
            "seed {seed}: an office device lacks {} file(s)",
            wanted.len()
        );
        for hash in &named {
            let bytes = c.store().blob(hash).await.unwrap();
            assert!(
                bytes.is_some_and(|b| &campo_domain::photo::blob_hash(&b) == hash),
                "seed {seed}: a {} cannot open a photo",
                c.role
            );
        }
    }
    named.len()
}

/// Every route plan of the device whose database is at `path`, as its rows read.
async fn route_plans(path: &std::path::Path) -> RoutePlans {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let plans = sqlx::query_as(
        "SELECT date, technician_id, order_ids, km, driving_minutes, idle_minutes FROM route_plans
         ORDER BY date, technician_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    plans
}

/// The order's notes on a device.
async fn notes_of(store: &Store, id: &str) -> Option<String> {
    store
        .get_order(Uuid::parse_str(id).unwrap())
        .await
        .unwrap()
        .notes
}

/// The order's status on the server.
async fn server_status(db: &ServerDb, id: &str) -> OrderStatus {
    let code: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    OrderStatus::from_code(&code).unwrap()
}
