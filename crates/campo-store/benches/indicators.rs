//! The indicator pages (issue 20) on three years of a 100,000-order provider — the demo
//! generator spreading 100,000 orders over 1,095 days (20,000 customers, 40 technicians):
//! any page < 300 ms, the orders behind a figure < 50 ms. Read for the last 30 days, the last
//! quarter and the last year (the longest period a page takes), with and without a
//! technician. The database is generated once and kept under `target/bench-data/`.
//!
//! `cargo bench -p campo-store --bench indicators`

use std::time::Duration;

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::Lang;
use campo_store::Store;
use campo_store::indicators::IndicatorFilter;
use campo_store::indicators::field::{FieldFigure, FieldGrouping};
use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};

const ORDERS: usize = 100_000;
const DAYS: u64 = 1_095;

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn bench_db(rt: &tokio::runtime::Runtime) -> Store {
    let dir = campo_fixtures::bench::data_dir();
    let path = dir.join("indicators-3y.db");
    rt.block_on(async {
        let store = Store::open(&path).await.expect("open bench db");
        if store.order_count().await.expect("count") >= ORDERS as u32 {
            return store;
        }
        store.close().await;
        for p in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{p}", path.display()));
        }
        let store = Store::open(&path).await.expect("create bench db");
        let size = DemoSize {
            technicians: 40,
            customers: 20_000,
            orders: ORDERS,
            days: DAYS,
        };
        let started = std::time::Instant::now();
        campo_demo::seed_demo(&store, size, DEFAULT_SEED, anchor())
            .await
            .expect("seed");
        eprintln!(
            "generated {ORDERS} orders over {DAYS} days in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        store
    })
}

fn period(days: u64) -> IndicatorFilter {
    let to = anchor();
    let from = to.checked_sub_days(Days::new(days - 1)).expect("from");
    IndicatorFilter::period(from.to_string(), to.to_string())
}

fn benches(c: &mut Criterion) {
    let rt = campo_fixtures::bench::runtime(1);
    let store = bench_db(&rt);
    let tech = rt
        .block_on(store.filter_options())
        .expect("options")
        .technicians[3]
        .id
        .clone();
    let month = period(30);
    let report = rt
        .block_on(store.field_indicators(&month, Lang::PtBr))
        .expect("field");
    eprintln!(
        "last 30 days: {} visits done, {} orders with a deadline",
        report.total.done, report.total.orders
    );
    // The first reading of a year judges and keeps every done visit of it (once; later
    // readings sum the kept rows): timed here from nothing kept.
    rt.block_on(async {
        use sqlx::Connection;
        let path = campo_fixtures::bench::data_dir().join("indicators-3y.db");
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("bench db");
        sqlx::query("DELETE FROM visit_facts")
            .execute(&mut c)
            .await
            .expect("forget kept visits");
        c.close().await.expect("close");
    });
    let started = std::time::Instant::now();
    let year = rt
        .block_on(store.field_indicators(&period(365), Lang::PtBr))
        .expect("field");
    eprintln!(
        "first reading of the last 365 days ({} visits done, judged and kept): {:.0} ms",
        year.total.done,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let one_tech = IndicatorFilter {
        technician_id: Some(tech),
        ..month.clone()
    };

    let mut g = c.benchmark_group("indicators");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for (name, filter) in [
        ("field/30 days", month.clone()),
        ("field/30 days, one technician", one_tech.clone()),
        ("field/90 days", period(90)),
        ("field/365 days", period(365)),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(store.field_indicators(&filter, Lang::PtBr))
                    .expect("field")
            })
        });
    }
    g.bench_function("behind a figure/30 days, first visit", |b| {
        b.iter(|| {
            rt.block_on(store.figure_orders(
                &month,
                FieldFigure::FirstVisit,
                FieldGrouping::Total,
                "total",
            ))
            .expect("orders")
        })
    });
    g.bench_function("behind a figure/30 days, one technician's on-date", |b| {
        let key = one_tech.technician_id.clone().unwrap_or_default();
        b.iter(|| {
            rt.block_on(store.figure_orders(
                &one_tech,
                FieldFigure::OnDate,
                FieldGrouping::Technician,
                &key,
            ))
            .expect("orders")
        })
    });
    for (name, filter) in [("30 days", month.clone()), ("365 days", period(365))] {
        g.bench_function(format!("activation/{name}"), |b| {
            b.iter(|| {
                rt.block_on(store.activation_metrics(&filter))
                    .expect("activation")
            })
        });
        g.bench_function(format!("stock/{name}"), |b| {
            b.iter(|| rt.block_on(store.stock_indicators(&filter)).expect("stock"))
        });
    }
    g.finish();
}

criterion_group!(indicators, benches);
criterion_main!(indicators);
