//! The payment follow-up (issue 20) at a provider's size: 1,000,000 receivables — 28,000
//! customers billed monthly for three years, most paid on time, some late, some still owed —
//! and the figures finance reads: the default rate of twelve months < 500 ms, a month by city,
//! the customers late today and at a month's end (the customers behind a figure < 50 ms), the
//! five-month follow-up, one customer's money. The first reading of the twelve months and of a
//! month's late customers (none kept yet) are timed once and printed. The database is kept under
//! `target/bench-data/` (bulk-inserted: this measures the reads, not the import) and removed
//! after.
//!
//! `cargo bench -p campo-store --bench finance`

use std::path::PathBuf;
use std::time::Duration;

use campo_domain::finance::DEFAULT_STEPS;
use campo_store::finance::{LateQuery, RateBy, months_until};
use campo_store::{Store, StoreError};
use chrono::{Datelike, Days, Months, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

const CUSTOMERS: usize = 28_000;
const MONTHS: u32 = 36;

fn path() -> PathBuf {
    campo_fixtures::bench::data_dir().join("finance-1m.db")
}

fn remove(path: &std::path::Path) {
    for p in [
        path.to_path_buf(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

/// The store with its receivables, and one customer of them.
async fn bench_db(today: NaiveDate) -> Result<(Store, Uuid), StoreError> {
    let path = path();
    remove(&path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("bench folder");
    }
    Store::open(&path).await?.close().await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("connect");
    let first = today.with_day(1).expect("first") - Months::new(MONTHS - 1);
    let mut ids = Vec::with_capacity(CUSTOMERS);
    let mut seed = 11u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let cities = ["Recife", "Olinda", "Jaboatão dos Guararapes", "Paulista"];
    let mut tx = pool.begin().await.expect("tx");
    for c in 0..CUSTOMERS {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO customers (id, name, phone1, cep, street, number, neighbourhood, city, uf, lat, lon, created_at)
             VALUES (?, ?, '81998765432', '51020010', 'Rua dos Navegantes', ?, 'Boa Viagem', ?, 'PE', -8.12, -34.9, '2023-12-01T10:00:00.000Z')",
        )
        .bind(id.to_string())
        .bind(format!("Cliente {c}"))
        .bind(c.to_string())
        .bind(cities[c % cities.len()])
        .execute(&mut *tx)
        .await
        .expect("customer");
        ids.push(id);
    }
    tx.commit().await.expect("commit");
    let mut n = 0u64;
    for m in 0..MONTHS {
        let mut tx = pool.begin().await.expect("tx");
        for (c, id) in ids.iter().enumerate() {
            // One customer in twenty started in the last five months.
            if c % 20 == 0 && m < MONTHS - 5 {
                continue;
            }
            let due = (first + Months::new(m))
                .with_day(1 + (c % 28) as u32)
                .expect("due");
            let roll = next() % 100;
            let (status, paid_on) = match roll {
                0..=79 => ("paid", Some(due - Days::new(next() % 5))),
                80..=89 => ("paid", Some(due + Days::new(1 + next() % 40))),
                90..=97 => ("open", None),
                98 => ("partial", Some(due + Days::new(3))),
                _ => ("cancelled", None),
            };
            let (status, paid_on) = match paid_on {
                Some(p) if p > today => ("open", None),
                other => (status, other),
            };
            n += 1;
            sqlx::query(
                "INSERT INTO receivables (id, external_id, customer_id, due_on, amount_cents, status, paid_on, paid_cents, updated_at)
                 VALUES (?, ?, ?, ?, 9990, ?, ?, ?, '2026-12-01T10:00:00.000Z')",
            )
            .bind(Uuid::now_v7().to_string())
            .bind(format!("T{n}"))
            .bind(id.to_string())
            .bind(due.to_string())
            .bind(status)
            .bind(paid_on.map(|d| d.to_string()))
            .bind(if status == "open" { 0 } else { 9990 })
            .execute(&mut *tx)
            .await
            .expect("receivable");
        }
        tx.commit().await.expect("commit");
    }
    sqlx::query("ANALYZE")
        .execute(&pool)
        .await
        .expect("analyze");
    pool.close().await;
    eprintln!("{n} receivables of {CUSTOMERS} customers over {MONTHS} months");
    Ok((Store::open(&path).await?, ids[CUSTOMERS / 2]))
}

fn finance(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let today = NaiveDate::from_ymd_opt(2026, 12, 15).expect("day");
    let (store, customer) = rt.block_on(bench_db(today)).expect("bench db");
    let months = months_until(today, 12);
    let last_month = months[10].clone();
    // The first reading after an import computes every month; the ones that ended are kept.
    let cold = std::time::Instant::now();
    rt.block_on(store.default_rates(&months, today))
        .expect("rates");
    eprintln!(
        "default rate, twelve months, nothing kept yet: {:?}",
        cold.elapsed()
    );
    let mut group = c.benchmark_group("finance-1m");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("default rate, twelve months", |b| {
        b.to_async(&rt)
            .iter(|| async { store.default_rates(&months, today).await.expect("rates") });
    });
    group.bench_function("a month's default rate by city", |b| {
        b.to_async(&rt).iter(|| async {
            store
                .default_rate_by(&last_month, RateBy::City, today)
                .await
                .expect("by city")
        });
    });
    group.bench_function("a month's default rate by plan", |b| {
        b.to_async(&rt).iter(|| async {
            store
                .default_rate_by(&last_month, RateBy::Plan, today)
                .await
                .expect("by plan")
        });
    });
    let in_month = LateQuery {
        month: Some(last_month.clone()),
        text: None,
        group: None,
    };
    // The first opening of an ended month's late customers keeps them; later ones read the
    // kept page.
    let cold = std::time::Instant::now();
    rt.block_on(store.late_customers(&in_month, today, &DEFAULT_STEPS))
        .expect("late");
    eprintln!(
        "the customers late at a month's end, not kept yet: {:?}",
        cold.elapsed()
    );
    group.bench_function(
        "the customers late at a month's end (behind a figure)",
        |b| {
            b.to_async(&rt).iter(|| async {
                store
                    .late_customers(&in_month, today, &DEFAULT_STEPS)
                    .await
                    .expect("late")
            });
        },
    );
    // Behind one line of the month split by city: the largest city's late customers, among
    // the month's kept ones.
    let city = rt
        .block_on(store.default_rate_by(&last_month, RateBy::City, today))
        .expect("by city")
        .into_iter()
        .max_by_key(|g| g.customers_late)
        .map(|g| g.label)
        .unwrap_or_default();
    let in_city = LateQuery {
        group: Some(campo_store::finance::RateGroup {
            by: RateBy::City,
            label: city,
        }),
        ..in_month.clone()
    };
    group.bench_function(
        "the customers late at a month's end in one city (behind a city's figure)",
        |b| {
            b.to_async(&rt).iter(|| async {
                store
                    .late_customers(&in_city, today, &DEFAULT_STEPS)
                    .await
                    .expect("late")
            });
        },
    );
    group.bench_function("the customers late today", |b| {
        b.to_async(&rt).iter(|| async {
            store
                .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
                .await
                .expect("late")
        });
    });
    group.bench_function("the five-month follow-up", |b| {
        b.to_async(&rt)
            .iter(|| async { store.follow_up(today).await.expect("follow-up") });
    });
    group.bench_function("one customer's money", |b| {
        b.to_async(&rt)
            .iter(|| async { store.customer_money(customer, today).await.expect("money") });
    });
    group.finish();
    rt.block_on(store.close());
    remove(&path());
}

criterion_group!(benches, finance);
criterion_main!(benches);
