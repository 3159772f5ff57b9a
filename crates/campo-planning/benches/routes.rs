//! Planning a coordinator's day end to end (issue 7: 300 orders and 25 technicians in under
//! 2 s): reading the day from the store, the solver within its time limit, the plan read back.
//! The database is the demo generator with 25 technicians and about 300 orders a day.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::{Lang, OrderStatus};
use campo_planning::{PLAN_TIME_LIMIT, PlanRequest};
use campo_store::Store;
use campo_store::views::OrderFilter;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

const SIZE: DemoSize = DemoSize {
    technicians: 25,
    customers: 6_000,
    orders: 16_000,
    days: 30,
};

fn benches(c: &mut Criterion) {
    let rt = campo_fixtures::bench::runtime(2);
    let anchor = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let path = campo_fixtures::bench::data_dir().join("routes-25.db");
    let (store, day, orders) = rt.block_on(async {
        let _ = std::fs::remove_file(&path);
        let store = Store::open(&path).await.expect("open");
        campo_demo::seed_demo(&store, SIZE, DEFAULT_SEED, anchor)
            .await
            .expect("seed");
        // The day with the most orders still to visit.
        let mut best = (String::new(), 0u32);
        for d in 0..20 {
            let date = anchor
                .checked_sub_days(chrono::Days::new(d))
                .expect("date")
                .to_string();
            let page = store
                .list_orders(
                    &OrderFilter {
                        statuses: vec![OrderStatus::Scheduled, OrderStatus::EnRoute],
                        date_from: Some(date.clone()),
                        date_to: Some(date.clone()),
                        ..OrderFilter::default()
                    },
                    campo_store::views::PageRequest {
                        offset: 0,
                        limit: 1,
                    },
                )
                .await
                .expect("count");
            if page.total > best.1 {
                best = (date, page.total);
            }
        }
        (store, best.0, best.1)
    });
    eprintln!("planning {day}: {orders} orders over 25 technicians");
    let mut group = c.benchmark_group("routes");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, include_queue) in [
        (
            format!("plan a day ({orders} orders, 25 technicians)"),
            false,
        ),
        (
            format!("plan a day ({orders} orders) plus the whole queue"),
            true,
        ),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&rt).iter_custom(|iters| {
                let store = store.clone();
                let day = day.clone();
                async move {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        let t = Instant::now();
                        let plan = campo_planning::plan_routes(
                            &store,
                            &PlanRequest {
                                date: day.clone(),
                                include_queue,
                                ..PlanRequest::default()
                            },
                            PLAN_TIME_LIMIT,
                            Arc::new(AtomicBool::new(false)),
                            Lang::PtBr,
                        )
                        .await
                        .expect("plan");
                        spent += t.elapsed();
                        assert!(!plan.routes.is_empty());
                    }
                    spent
                }
            })
        });
    }
    group.finish();
}

criterion_group!(route_benches, benches);
criterion_main!(route_benches);
