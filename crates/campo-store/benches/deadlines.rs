//! Deadline (SLA) status of every open order at once (issue 4: 100k open orders in under
//! 200 ms), as the header's alert list and the desktop notifications read it. The database is
//! the 100k-order demo with every order open and its clock running (closed orders reopened,
//! installations never approved given an approval when they were opened), kept under
//! `target/bench-data/`. Measured twice: as the app reads it every minute (the kept
//! milestones compared with the time, only paused orders judged by the engine), and right
//! after a rule change, when every order's milestones are computed again.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_store::Store;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

const ORDERS: usize = 100_000;

async fn raw(path: &std::path::Path) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("connect")
}

fn bench_db(rt: &tokio::runtime::Runtime) -> (Store, PathBuf) {
    let dir = campo_fixtures::bench::data_dir();
    let path = dir.join(format!("deadlines-{ORDERS}.db"));
    let store = rt.block_on(async {
        let store = Store::open(&path).await.expect("open bench db");
        if store.order_count().await.expect("count") >= ORDERS as u32 {
            return store;
        }
        drop(store);
        let _ = std::fs::remove_file(&path);
        let store = Store::open(&path).await.expect("create bench db");
        let anchor = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let summary = campo_demo::seed_demo(&store, DemoSize::scaled(ORDERS), DEFAULT_SEED, anchor)
            .await
            .expect("seed");
        let pool = raw(&path).await;
        sqlx::query(
            "INSERT INTO order_events (id, order_id, at, actor_id, from_status, to_status)
             SELECT o.id || '-bench', o.id, (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = o.id),
                    ?, 'pending_analysis', 'approved'
             FROM work_orders o
             WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'approved')",
        )
        .bind(summary.local_user.to_string())
        .execute(&pool)
        .await
        .expect("approvals");
        sqlx::query(
            "UPDATE work_orders SET status = 'approved'
             WHERE status IN ('done', 'cancelled', 'rejected', 'pending_analysis')",
        )
        .execute(&pool)
        .await
        .expect("reopen");
        pool.close().await;
        store
    });
    (store, path)
}

fn benches(c: &mut Criterion) {
    let rt = campo_fixtures::bench::runtime(1);
    let (store, path) = bench_db(&rt);
    let started = Instant::now();
    let overview = rt.block_on(store.deadline_overview()).expect("overview");
    eprintln!(
        "{} open orders with a running clock ({} on track, {} at risk, {} breached); first reading {:.0} ms",
        overview.open,
        overview.on_track,
        overview.at_risk,
        overview.breached,
        started.elapsed().as_secs_f64() * 1e3
    );
    assert!(overview.open as usize >= ORDERS, "{} open", overview.open);
    let pool = rt.block_on(raw(&path));
    let mut group = c.benchmark_group("deadlines-100k");
    group.bench_function(
        "every open order's deadline status (header and notifications)",
        |b| {
            b.to_async(&rt)
                .iter(|| async { store.deadline_overview().await.expect("overview") })
        },
    );
    group.sample_size(10);
    group.bench_function(
        "after a rule change (every order's milestones computed again)",
        |b| {
            b.to_async(&rt).iter_custom(|n| {
                let (store, pool) = (&store, &pool);
                async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..n {
                        // What a rule change's trigger does.
                        sqlx::query("UPDATE order_deadlines SET year = 0")
                            .execute(pool)
                            .await
                            .expect("stale");
                        let t = Instant::now();
                        store.deadline_overview().await.expect("overview");
                        total += t.elapsed();
                    }
                    total
                }
            })
        },
    );
    group.finish();
}

criterion_group! {
    name = deadlines;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(deadlines);
