//! Order-list and order-page speed on a provider with 100k orders (issue: p50 < 20 ms for a
//! filtered, paged list; < 5 ms to open an order). The database is generated once with the
//! demo generator and kept under `target/bench-data/`. The activation queue is read from the
//! same database.

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::{OrderKind, OrderStatus, Period};
use campo_store::Store;
use campo_store::views::{OrderFilter, PageRequest, SortDir, SortKey};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

const ORDERS: usize = 100_000;

fn bench_db(rt: &tokio::runtime::Runtime) -> Store {
    let dir = campo_fixtures::bench::data_dir();
    let path = dir.join(format!("campo-{ORDERS}.db"));
    rt.block_on(async {
        let store = Store::open(&path).await.expect("open bench db");
        if store.order_count().await.expect("count") < ORDERS as u32 {
            drop(store);
            let _ = std::fs::remove_file(&path);
            let store = Store::open(&path).await.expect("create bench db");
            let anchor = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
            let started = std::time::Instant::now();
            campo_demo::seed_demo(&store, DemoSize::scaled(ORDERS), DEFAULT_SEED, anchor)
                .await
                .expect("seed");
            eprintln!(
                "generated {ORDERS} orders in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            store
        } else {
            store
        }
    })
}

fn page(offset: u32) -> PageRequest {
    PageRequest { offset, limit: 100 }
}

fn benches(c: &mut Criterion) {
    let rt = campo_fixtures::bench::runtime(1);
    let store = bench_db(&rt);
    let first = rt
        .block_on(store.list_orders(&OrderFilter::default(), page(0)))
        .expect("list");
    let tech = rt
        .block_on(store.filter_options())
        .expect("options")
        .technicians[3]
        .id
        .clone();
    let order_id = Uuid::parse_str(&first.rows[17].id).expect("id");

    let cases: Vec<(&str, OrderFilter, u32)> = vec![
        ("list/default first page", OrderFilter::default(), 0),
        (
            "list/status done + neighbourhood",
            OrderFilter {
                statuses: vec![OrderStatus::Done],
                neighbourhood: Some("Boa Viagem".into()),
                ..OrderFilter::default()
            },
            0,
        ),
        (
            "list/kind + period + date range",
            OrderFilter {
                kinds: vec![OrderKind::Installation],
                period: Some(Period::Morning),
                date_from: Some("2026-11-10".into()),
                date_to: Some("2026-11-20".into()),
                ..OrderFilter::default()
            },
            0,
        ),
        (
            "list/technician",
            OrderFilter {
                technician_id: Some(tech),
                ..OrderFilter::default()
            },
            0,
        ),
        (
            "list/free text 'silva'",
            OrderFilter {
                text: Some("silva".into()),
                ..OrderFilter::default()
            },
            0,
        ),
        (
            "list/free text 'maria boa viagem'",
            OrderFilter {
                text: Some("maria boa viagem".into()),
                ..OrderFilter::default()
            },
            0,
        ),
        (
            "list/sort by customer, offset 50k",
            OrderFilter {
                sort: SortKey::Customer,
                dir: SortDir::Asc,
                ..OrderFilter::default()
            },
            50_000,
        ),
        (
            "list/sort by status, first page",
            OrderFilter {
                sort: SortKey::Status,
                dir: SortDir::Asc,
                ..OrderFilter::default()
            },
            0,
        ),
    ];
    let mut group = c.benchmark_group("orders-100k");
    for (name, filter, offset) in cases {
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| async {
                store
                    .list_orders(&filter, page(offset))
                    .await
                    .expect("list")
            })
        });
    }
    group.bench_function("deadline overview (every open order)", |b| {
        b.to_async(&rt)
            .iter(|| async { store.deadline_overview().await.expect("overview") })
    });
    group.bench_function("order page", |b| {
        b.to_async(&rt)
            .iter(|| async { store.get_order(order_id).await.expect("order") })
    });
    group.bench_function("activation queue (every service still to activate)", |b| {
        b.to_async(&rt)
            .iter(|| async { store.activation_queue(None).await.expect("queue") })
    });
    group.finish();
}

criterion_group! {
    name = orders;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(orders);
