//! Property tests: every route the solvers return passes the independent evaluator, and the
//! exact single-technician solver never loses to the heuristic.

use std::time::Duration;

use campo_route::eval::check_plan;
use campo_route::exact::solve_exact;
use campo_route::instance::{BreakSpec, CostKind, Instance, Job, Task, Vehicle, Window};
use campo_route::matrix::HaversineProvider;
use campo_route::model::LatLon;
use campo_route::solver::{Config, Control, solve};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Gen {
    stops: Vec<(f64, f64, u8, u32, u8, u8, i64)>,
    techs: Vec<(f64, f64, bool, i64, usize, u8)>,
}

fn arb(max_stops: usize, max_techs: usize) -> impl Strategy<Value = Gen> {
    let stop = (
        0.0..1.0f64,
        0.0..1.0f64,
        0u8..5,
        10u32..50,
        0u8..4,
        0u8..2,
        0i64..3,
    );
    let tech = (
        0.0..1.0f64,
        0.0..1.0f64,
        any::<bool>(),
        4i64..12,
        3usize..9,
        0u8..4,
    );
    (
        prop::collection::vec(stop, 1..=max_stops),
        prop::collection::vec(tech, 1..=max_techs),
    )
        .prop_map(|(stops, techs)| Gen { stops, techs })
}

fn point(x: f64, y: f64) -> LatLon {
    LatLon {
        lat: -22.90 + x * 0.18,
        lon: -47.06 + y * 0.18,
    }
}

fn instance(g: &Gen) -> Instance {
    let mut pts: Vec<LatLon> = g.stops.iter().map(|s| point(s.0, s.1)).collect();
    let h = 3600.0;
    let jobs = g
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| Job {
            loc: i,
            windows: match s.2 {
                0 => vec![Window {
                    start: 8.0 * h,
                    end: 12.0 * h,
                }],
                1 => vec![Window {
                    start: 13.0 * h,
                    end: 18.0 * h,
                }],
                2 => vec![
                    Window {
                        start: 9.0 * h,
                        end: 10.0 * h,
                    },
                    Window {
                        start: 15.0 * h,
                        end: 16.0 * h,
                    },
                ],
                3 => vec![Window {
                    start: 14.0 * h,
                    end: 14.5 * h,
                }],
                _ => vec![Window {
                    start: 0.0,
                    end: 24.0 * h,
                }],
            },
            service: f64::from(s.3) * 60.0,
            demand: s.6,
            skills: u64::from(s.4 & 1) | (u64::from(s.5) << 1),
            // Some jobs are reserved for one technician (a visit already promised).
            vehicle: (i % 7 == 3).then(|| i % g.techs.len().max(1)),
            priority: s.4 / 2,
        })
        .collect();
    let mut vehicles = Vec::new();
    for t in &g.techs {
        let loc = pts.len();
        pts.push(point(t.0, t.1));
        vehicles.push(Vehicle {
            start_loc: loc,
            end_loc: loc,
            shift_start: 7.5 * h,
            shift_end: 18.0 * h,
            capacity: t.3,
            max_jobs: t.4,
            skills: u64::from(t.5),
            brk: t.2.then_some(BreakSpec {
                earliest: 11.5 * h,
                latest: 13.5 * h,
                duration: h,
            }),
            locked: Vec::new(),
        });
    }
    let m = HaversineProvider::default().compute(&pts);
    Instance {
        jobs,
        vehicles,
        n_locs: m.n,
        time: m.durations,
        dist: m.distances,
    }
}

fn config(seed: u64) -> Config {
    Config {
        time_limit: Duration::from_secs(30),
        max_iterations: Some(200),
        seed,
        minimize_vehicles: false,
        cost: CostKind::Distance,
        balance: 0.0,
    }
}

fn served_weight(inst: &Instance, routes: &[Vec<Task>]) -> u64 {
    routes
        .iter()
        .flatten()
        .filter_map(|t| match t {
            Task::Job(j) => Some(100u64.pow(u32::from(inst.jobs[*j].priority))),
            Task::Break => None,
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn heuristic_routes_are_feasible(g in arb(30, 4), seed in 0u64..1000) {
        let inst = instance(&g);
        let sol = solve(&inst, &config(seed), Control::default());
        let report = check_plan(&inst, &sol.routes, &sol.unassigned);
        prop_assert!(report.feasible(), "{:?}", report.violations);
        for r in &report.routes {
            prop_assert!(r.feasible(), "{:?}", r.violations);
        }
    }

    #[test]
    fn exact_is_feasible_and_never_loses(g in arb(8, 1), seed in 0u64..1000) {
        let inst = instance(&g);
        let (tasks, left) = solve_exact(&inst, &config(seed)).expect("small");
        let routes = vec![tasks];
        let exact = check_plan(&inst, &routes, &left);
        prop_assert!(exact.feasible(), "{:?} {:?}", exact.violations, exact.routes[0].violations);
        let heur = solve(&inst, &config(seed), Control::default());
        let hr = check_plan(&inst, &heur.routes, &heur.unassigned);
        prop_assert!(hr.feasible());
        let (we, wh) = (served_weight(&inst, &routes), served_weight(&inst, &heur.routes));
        prop_assert!(we >= wh, "exact serves less: {we} < {wh}");
        if we == wh {
            prop_assert!(exact.distance <= hr.distance * (1.0 + 1e-4) + 1e-6,
                "exact {} > heuristic {}", exact.distance, hr.distance);
        }
    }
}
