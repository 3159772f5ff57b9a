//! The app-facing API: validation, reasons, exact ordering, re-planning, manual evaluation.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use campo_route::{
    Break, HaversineProvider, InputError, LatLon, ManualRoute, Options, Period, Plan, Problem,
    Reason, RouteProblem, Stop, Technician, TimeWindow, evaluate, order_one, plan_day,
};

const H: i64 = 3600;

fn campinas(i: usize) -> LatLon {
    // Deterministic scatter in a ~20 km square.
    let x = ((i * 7919) % 100) as f64 / 100.0;
    let y = ((i * 104_729) % 97) as f64 / 97.0;
    LatLon {
        lat: -22.95 + x * 0.18,
        lon: -47.15 + y * 0.18,
    }
}

fn tech(id: &str) -> Technician {
    Technician::new(id, TimeWindow::new(7 * H + 1800, 21 * H), campinas(999))
}

fn quick() -> Options<'static> {
    Options {
        time_limit: Duration::from_millis(300),
        max_iterations: Some(2000),
        ..Options::default()
    }
}

fn accounted(problem: &Problem, plan: &Plan) {
    let mut seen = HashSet::new();
    for r in &plan.routes {
        for v in &r.visits {
            assert!(seen.insert(v.stop.clone()), "{} twice", v.stop);
        }
    }
    for u in &plan.unassigned {
        assert!(seen.insert(u.stop.clone()), "{} twice", u.stop);
    }
    assert_eq!(
        seen.len(),
        problem.stops.len(),
        "a stop was dropped silently"
    );
}

#[test]
fn bad_input_is_reported_per_stop_and_technician() {
    let mut no_coords = Stop::new("sem-coord", campinas(1));
    no_coords.location = None;
    let lisbon = Stop::new(
        "lisboa",
        LatLon {
            lat: 38.72,
            lon: -9.14,
        },
    );
    let mut backwards = Stop::new("janela-invertida", campinas(2));
    backwards.windows = vec![TimeWindow::new(12 * H, 8 * H)];
    let ok = Stop::new("ok", campinas(3));
    let mut no_shift = tech("sem-turno");
    no_shift.shift = None;
    let problem = Problem {
        stops: vec![no_coords, lisbon, backwards, ok],
        technicians: vec![no_shift, tech("ana")],
    };
    let plan = plan_day(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    accounted(&problem, &plan);
    let reason = |id: &str| {
        plan.unassigned
            .iter()
            .find(|u| u.stop == id)
            .map(|u| u.reason.clone())
    };
    assert!(matches!(
        reason("sem-coord"),
        Some(Reason::Invalid(InputError::MissingCoordinates { .. }))
    ));
    assert!(matches!(
        reason("lisboa"),
        Some(Reason::Invalid(InputError::OutsideBrazil { .. }))
    ));
    assert!(matches!(
        reason("janela-invertida"),
        Some(Reason::Invalid(InputError::WindowEndsBeforeStart { .. }))
    ));
    assert_eq!(plan.routes.len(), 1);
    assert_eq!(plan.routes[0].visits.len(), 1);
    assert_eq!(
        plan.technician_issues,
        vec![InputError::NoShift {
            technician: "sem-turno".into()
        }]
    );
    assert_eq!(
        plan.technician_issues[0].message_pt(),
        "Técnico sem-turno: sem turno."
    );
    assert_eq!(
        plan.technician_issues[0].message_en(),
        "Technician sem-turno: no shift."
    );
    let msg = reason("sem-coord").expect("reported").message_pt();
    assert!(msg.contains("sem coordenadas"), "{msg}");
}

#[test]
fn reasons_for_stops_that_cannot_be_served() {
    let mut fibre = Stop::new("fusao", campinas(1));
    fibre.skills = vec!["fusao".into()];
    let mut night = Stop::new("madrugada", campinas(2));
    night.windows = vec![TimeWindow::new(3 * H, 4 * H)];
    let mut heavy = Stop::new("pesado", campinas(3));
    heavy.demand = 50;
    let mut t = tech("ana");
    t.capacity = Some(10);
    let problem = Problem {
        stops: vec![fibre, night, heavy],
        technicians: vec![t],
    };
    let plan = plan_day(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    accounted(&problem, &plan);
    let reason = |id: &str| {
        plan.unassigned
            .iter()
            .find(|u| u.stop == id)
            .map(|u| u.reason.clone())
    };
    assert_eq!(reason("fusao"), Some(Reason::NoSkilledTechnician));
    assert_eq!(reason("madrugada"), Some(Reason::WindowImpossible));
    assert_eq!(reason("pesado"), Some(Reason::OverCapacity));
    assert!(Reason::DidNotFit.message_pt().contains("Não coube"));
}

/// The anchors' "15 installs × 40 min" day does not fit: the largest possible number of
/// stops is served (exactly), windows respected, the rest named.
#[test]
fn one_technician_overfull_day_serves_the_most_and_names_the_rest() {
    let stops: Vec<Stop> = (0..15)
        .map(|i| {
            let mut s = Stop::new(format!("os-{i}"), campinas(i));
            s.service = 40 * 60;
            s.windows = vec![TimeWindow::period(if i % 2 == 0 {
                Period::Manha
            } else {
                Period::Tarde
            })];
            s
        })
        .collect();
    let problem = Problem {
        stops,
        technicians: vec![tech("ana")],
    };
    let plan = order_one(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    accounted(&problem, &plan);
    assert!(plan.exact);
    let r = &plan.routes[0];
    assert!(
        r.visits.len() >= 10 && r.visits.len() < 15,
        "{}",
        r.visits.len()
    );
    for v in &r.visits {
        let w = v.window.expect("window");
        assert!(v.start >= w.start && v.start <= w.end, "{v:?}");
    }
    assert!(
        plan.unassigned
            .iter()
            .all(|u| u.reason == Reason::DidNotFit)
    );
    // Morning stops can only be 6 (08:00–12:00 starts, 40 min each) — plus travel.
    assert!(r.visits.iter().filter(|v| v.start <= 12 * H).count() <= 6);
}

#[test]
fn priorities_are_served_first() {
    let stops: Vec<Stop> = (0..10)
        .map(|i| {
            let mut s = Stop::new(format!("os-{i}"), campinas(i));
            s.service = 90 * 60;
            s.windows = vec![TimeWindow::period(Period::Manha)];
            s.overdue = i >= 7;
            s
        })
        .collect();
    let problem = Problem {
        stops,
        technicians: vec![tech("ana")],
    };
    let plan = order_one(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    let served: HashSet<&str> = plan.routes[0]
        .visits
        .iter()
        .map(|v| v.stop.as_str())
        .collect();
    for i in 7..10 {
        assert!(
            served.contains(format!("os-{i}").as_str()),
            "overdue os-{i} left out"
        );
    }
}

#[test]
fn lunch_is_scheduled_inside_its_window() {
    let stops: Vec<Stop> = (0..8)
        .map(|i| Stop::new(format!("os-{i}"), campinas(i)))
        .collect();
    let mut t = tech("ana");
    t.lunch = Some(Break {
        earliest: 11 * H + 1800,
        latest: 13 * H,
        duration: H,
    });
    let problem = Problem {
        stops,
        technicians: vec![t],
    };
    for exact_up_to in [15, 0] {
        let opts = Options {
            exact_up_to,
            ..quick()
        };
        let plan = order_one(&problem, &HaversineProvider::default(), &opts).expect("plan");
        accounted(&problem, &plan);
        let lunch = plan.routes[0].lunch.expect("lunch");
        assert!(
            lunch.start >= 11 * H + 1800 && lunch.start <= 13 * H,
            "{lunch:?}"
        );
        assert_eq!(lunch.end - lunch.start, H);
    }
}

#[test]
fn coordinator_day_assigns_by_skill_and_balances() {
    let stops: Vec<Stop> = (0..60)
        .map(|i| {
            let mut s = Stop::new(format!("os-{i}"), campinas(i));
            s.windows = vec![TimeWindow::period(if i % 3 == 0 {
                Period::Manha
            } else {
                Period::Tarde
            })];
            if i % 10 == 0 {
                s.skills = vec!["iptv".into()];
            }
            s
        })
        .collect();
    let mut techs: Vec<Technician> = (0..5).map(|i| tech(&format!("t{i}"))).collect();
    techs[0].skills = vec!["iptv".into()];
    let problem = Problem {
        stops,
        technicians: techs,
    };
    let plan = plan_day(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    accounted(&problem, &plan);
    assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
    for r in &plan.routes[1..] {
        for v in &r.visits {
            let i: usize = v.stop[3..].parse().expect("id");
            assert_ne!(
                i % 10,
                0,
                "{} needs iptv, given to {}",
                v.stop,
                r.technician
            );
        }
    }
    let counts: Vec<usize> = plan.routes.iter().map(|r| r.visits.len()).collect();
    assert!(counts.iter().all(|&c| c > 0), "unbalanced: {counts:?}");
}

#[test]
fn replanning_keeps_locked_stops_first() {
    let stops: Vec<Stop> = (0..10)
        .map(|i| Stop::new(format!("os-{i}"), campinas(i)))
        .collect();
    let mut t = tech("ana");
    t.shift = Some(TimeWindow::new(10 * H, 18 * H));
    t.start_place = Some(campinas(5));
    t.locked = vec!["os-9".into(), "os-2".into()];
    let problem = Problem {
        stops,
        technicians: vec![t],
    };
    for exact_up_to in [15, 0] {
        let opts = Options {
            exact_up_to,
            ..quick()
        };
        let plan = plan_day(&problem, &HaversineProvider::default(), &opts).expect("plan");
        accounted(&problem, &plan);
        let order: Vec<&str> = plan.routes[0]
            .visits
            .iter()
            .map(|v| v.stop.as_str())
            .collect();
        assert_eq!(&order[..2], &["os-9", "os-2"]);
        assert!(plan.routes[0].visits[0].start >= 10 * H);
    }
}

#[test]
fn manual_order_is_evaluated_not_changed() {
    let mut late = Stop::new("cedo", campinas(1));
    late.windows = vec![TimeWindow::new(8 * H, 8 * H + 900)];
    let other = Stop::new("qualquer", campinas(2));
    let problem = Problem {
        stops: vec![other, late],
        technicians: vec![tech("ana")],
    };
    let manual = ManualRoute {
        technician: "ana".into(),
        stops: vec!["qualquer".into(), "cedo".into()],
    };
    let mut opts = tech("ana");
    opts.shift = Some(TimeWindow::new(8 * H, 18 * H));
    let problem = Problem {
        technicians: vec![opts],
        ..problem
    };
    let ev = evaluate(&problem, &HaversineProvider::default(), &[manual]).expect("evaluate");
    let r = &ev.routes[0];
    let order: Vec<&str> = r.route.visits.iter().map(|v| v.stop.as_str()).collect();
    assert_eq!(order, ["qualquer", "cedo"]);
    assert!(!r.feasible());
    assert!(matches!(&r.problems[0], RouteProblem::Late { stop, .. } if stop == "cedo"));
    assert!(r.problems[0].message_pt().contains("fora da janela"));
    assert!(r.route.totals.km > 0.0);
}

#[test]
fn cancel_returns_quickly_and_seed_is_reproducible() {
    let stops: Vec<Stop> = (0..80)
        .map(|i| Stop::new(format!("os-{i}"), campinas(i)))
        .collect();
    let problem = Problem {
        stops,
        technicians: (0..6).map(|i| tech(&format!("t{i}"))).collect(),
    };
    let cancel = AtomicBool::new(true);
    let started = Instant::now();
    let opts = Options {
        time_limit: Duration::from_secs(20),
        cancel: Some(&cancel),
        ..Options::default()
    };
    let plan = plan_day(&problem, &HaversineProvider::default(), &opts).expect("plan");
    assert!(started.elapsed() < Duration::from_secs(5));
    accounted(&problem, &plan);
    let opts = Options {
        time_limit: Duration::from_secs(60),
        max_iterations: Some(300),
        seed: 7,
        ..Options::default()
    };
    let a = plan_day(&problem, &HaversineProvider::default(), &opts).expect("plan");
    let b = plan_day(&problem, &HaversineProvider::default(), &opts).expect("plan");
    assert_eq!(a, b);
}

#[test]
fn reserved_stops_go_to_their_technician_even_with_many_technicians() {
    // 70 technicians, each with a visit already promised: more than the 64 distinct skills the
    // solver handles, which reservations must not use up.
    let technicians: Vec<Technician> = (0..70).map(|t| tech(&format!("t{t}"))).collect();
    let mut stops: Vec<Stop> = (0..70)
        .map(|i| {
            let mut s = Stop::new(format!("s{i}"), campinas(i));
            s.technician = Some(format!("t{}", 69 - i));
            s
        })
        .collect();
    let mut absent = Stop::new("caio", campinas(80));
    absent.technician = Some("caio".into());
    stops.push(absent);
    let problem = Problem { stops, technicians };
    let plan = plan_day(&problem, &HaversineProvider::default(), &quick()).expect("plan");
    accounted(&problem, &plan);
    for r in &plan.routes {
        for v in &r.visits {
            let i: usize = v.stop[1..].parse().expect("stop number");
            assert_eq!(r.technician, format!("t{}", 69 - i), "{} moved", v.stop);
        }
    }
    let caio = plan
        .unassigned
        .iter()
        .find(|u| u.stop == "caio")
        .expect("reported");
    assert_eq!(caio.reason, Reason::TechnicianUnavailable);
    assert_eq!(
        caio.reason.message_pt(),
        "Reservada para um técnico que não está neste planejamento."
    );
    // A manual arrangement that gives a reserved stop to someone else names the problem.
    let e = evaluate(
        &problem,
        &HaversineProvider::default(),
        &[ManualRoute {
            technician: "t0".into(),
            stops: vec!["s0".into()],
        }],
    )
    .expect("evaluate");
    assert_eq!(
        e.routes[0].problems,
        vec![RouteProblem::Reserved("s0".into())]
    );
}
