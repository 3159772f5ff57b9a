//! Exact ordering of one technician's day (issue target: < 10 ms for 12 stops), and the
//! heuristic path of `plan_day` on a small coordinator's day for scale.

use std::hint::black_box;

use campo_route::{
    HaversineProvider, LatLon, Options, Period, Problem, Stop, Technician, TimeWindow, order_one,
};
use criterion::{Criterion, criterion_group, criterion_main};

fn day(n: usize, seed: u64) -> Problem {
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut at = || LatLon {
        lat: -22.99 + next() * 0.18,
        lon: -47.15 + next() * 0.18,
    };
    let base = at();
    let stops = (0..n)
        .map(|i| {
            let mut s = Stop::new(format!("os-{i}"), at());
            s.service = 20 * 60;
            s.windows = vec![TimeWindow::period(if i % 2 == 0 {
                Period::Manha
            } else {
                Period::Tarde
            })];
            s
        })
        .collect();
    Problem {
        stops,
        technicians: vec![Technician::new(
            "ana",
            TimeWindow::new(7 * 3600 + 1800, 21 * 3600),
            base,
        )],
    }
}

fn bench(c: &mut Criterion) {
    let provider = HaversineProvider::default();
    for n in [8usize, 10, 12, 15] {
        let p = day(n, 42);
        let opts = Options {
            exact_up_to: 15,
            ..Options::default()
        };
        c.bench_function(&format!("order_one exact {n} stops"), |b| {
            b.iter(|| {
                let plan = order_one(black_box(&p), &provider, &opts).expect("plan");
                assert!(plan.exact);
                plan
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
