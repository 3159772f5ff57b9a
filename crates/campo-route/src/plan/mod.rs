//! The app's entry points: [`plan_day`] (the coordinator's day: assign and order),
//! [`order_one`] (one technician's day, exact up to [`Options::exact_up_to`] stops) and
//! [`evaluate`] (a manual order, checked and costed, never changed).
//!
//! This layer validates the input (per stop and per technician, with pt-BR/English messages),
//! builds the matrix through a [`MatrixProvider`], converts to an [`Instance`], runs a solver,
//! replays every route with the independent evaluator, and names every stop left out with its
//! [`Reason`]. The instance is made in `build`; routes ordered by hand are checked in `manual`.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::error::{InputError, PlanError, Reason};
use crate::eval::{RouteReport, check_route};
use crate::exact::solve_exact;
use crate::instance::{CostKind, Instance, Task, Vehicle};
use crate::matrix::{MatrixProvider, MatrixSource};
use crate::model::{Problem, Seconds, TimeWindow};
use crate::solver::{self, Config, Control, Progress};

mod build;
mod manual;

use build::{Built, build};
pub use manual::{EvaluatedRoute, Evaluation, ManualRoute, RouteProblem, evaluate};

/// How to plan.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Wall-clock budget for the whole call: building the travel matrix and checking the
    /// stops count against it, the heuristic gets what is left.
    pub time_limit: Duration,
    /// Random seed (same seed + same `max_iterations` = same plan).
    pub seed: u64,
    /// Optional iteration budget, for reproducible plans independent of machine speed.
    pub max_iterations: Option<u64>,
    /// Set to true to stop early (the best plan so far is returned).
    pub cancel: Option<&'a AtomicBool>,
    /// Called about every 100 ms with the search's progress.
    pub progress: Option<&'a dyn Fn(Progress)>,
    /// Use as few technicians as possible before minimising cost.
    pub minimize_technicians: bool,
    /// Minimise driving time (default) or distance.
    pub cost: CostKind,
    /// Weight of the balance tie-breaker (0 = off): spreads stops when costs are nearly equal.
    pub balance: f64,
    /// One technician with at most this many free stops: solved exactly.
    pub exact_up_to: usize,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            time_limit: Duration::from_secs(2),
            seed: 1,
            max_iterations: None,
            cancel: None,
            progress: None,
            minimize_technicians: false,
            cost: CostKind::Duration,
            balance: 0.05,
            exact_up_to: 15,
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("time_limit", &self.time_limit)
            .field("seed", &self.seed)
            .field("max_iterations", &self.max_iterations)
            .field("minimize_technicians", &self.minimize_technicians)
            .field("cost", &self.cost)
            .field("balance", &self.balance)
            .field("exact_up_to", &self.exact_up_to)
            .finish_non_exhaustive()
    }
}

/// One visit of a planned route.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Stop id.
    pub stop: String,
    /// Arrival (seconds since midnight).
    pub arrival: Seconds,
    /// Service start.
    pub start: Seconds,
    /// Service end.
    pub end: Seconds,
    /// Waiting before the service (seconds).
    pub wait: Seconds,
    /// The window the service starts in (`None` when the stop has no window).
    pub window: Option<TimeWindow>,
}

/// When the break is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledBreak {
    /// Start (seconds since midnight).
    pub start: Seconds,
    /// End.
    pub end: Seconds,
    /// Taken before this visit (index into `visits`); `None` = at the end of the day.
    pub before_visit: Option<usize>,
}

/// Per-technician totals.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Visits.
    pub visits: usize,
    /// Kilometres driven.
    pub km: f64,
    /// Driving time, seconds.
    pub driving: Seconds,
    /// Idle (waiting) time, seconds.
    pub idle: Seconds,
    /// Service time, seconds.
    pub service: Seconds,
    /// Leaves the start place.
    pub start: Seconds,
    /// Arrives at the end place.
    pub end: Seconds,
}

/// A technician's planned day.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Technician id.
    pub technician: String,
    /// Visits in order.
    pub visits: Vec<Visit>,
    /// The break, if the technician has one and works.
    pub lunch: Option<ScheduledBreak>,
    /// Totals.
    pub totals: Totals,
}

/// A stop left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unassigned {
    /// Stop id.
    pub stop: String,
    /// Why.
    pub reason: Reason,
}

/// The answer of [`plan_day`] / [`order_one`].
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One route per usable technician (possibly with no visits), in input order.
    pub routes: Vec<Route>,
    /// Every stop not in a route, with the reason.
    pub unassigned: Vec<Unassigned>,
    /// Technicians that could not be used or whose input was partly ignored, with why.
    pub technician_issues: Vec<InputError>,
    /// Where travel times came from.
    pub matrix_source: MatrixSource,
    /// The plan was solved exactly (one technician, few stops).
    pub exact: bool,
}

/// Why job `j` cannot be served by anyone even alone, if so.
fn precheck(inst: &Instance, j: usize) -> Option<Reason> {
    let job = &inst.jobs[j];
    let skilled: Vec<usize> = (0..inst.vehicles.len())
        .filter(|&v| job.skills & !inst.vehicles[v].skills == 0)
        .filter(|&v| job.vehicle.is_none_or(|only| only == v))
        .collect();
    if skilled.is_empty() {
        return Some(match job.vehicle {
            Some(only) if only >= inst.vehicles.len() => Reason::TechnicianUnavailable,
            _ => Reason::NoSkilledTechnician,
        });
    }
    let capable: Vec<usize> = skilled
        .into_iter()
        .filter(|&v| {
            let veh = &inst.vehicles[v];
            job.demand + veh.locked.iter().map(|&l| inst.jobs[l].demand).sum::<i64>()
                <= veh.capacity
                && veh.max_jobs > veh.locked.len()
        })
        .collect();
    if capable.is_empty() {
        return Some(Reason::OverCapacity);
    }
    let fits = capable.iter().any(|&v| {
        let prefix: Vec<Task> = inst.vehicles[v]
            .locked
            .iter()
            .map(|&l| Task::Job(l))
            .collect();
        place_break(inst, v, &[prefix, vec![Task::Job(j)]].concat()).feasible()
    });
    (!fits).then_some(Reason::WindowImpossible)
}

/// Replays `tasks` (jobs only) with the break at the first gap that makes the route feasible
/// (or the gap with fewest violations).
fn place_break(inst: &Instance, v: usize, tasks: &[Task]) -> RouteReport {
    let jobs: Vec<Task> = tasks
        .iter()
        .copied()
        .filter(|t| matches!(t, Task::Job(_)))
        .collect();
    if inst.vehicles[v].brk.is_none() || jobs.is_empty() {
        return check_route(inst, v, &jobs);
    }
    let mut best: Option<RouteReport> = None;
    for k in 0..=jobs.len() {
        let mut t = jobs.clone();
        t.insert(k, Task::Break);
        let r = check_route(inst, v, &t);
        if r.feasible() {
            return r;
        }
        if best
            .as_ref()
            .is_none_or(|b| r.violations.len() < b.violations.len())
        {
            best = Some(r);
        }
    }
    best.unwrap_or_else(|| check_route(inst, v, &jobs))
}

fn secs(x: f64) -> Seconds {
    x.round() as Seconds
}

fn route_out(problem: &Problem, b: &Built, v: usize, report: &RouteReport) -> Route {
    let tech = &problem.technicians[b.veh_tech[v]];
    let mut visits = Vec::new();
    let mut lunch = None;
    let mut service = 0.0;
    for tt in &report.times {
        match tt.task {
            Task::Job(j) => {
                let stop = &problem.stops[b.job_stop[j]];
                let window = if b.unwindowed[j] {
                    None
                } else {
                    b.inst.jobs[j]
                        .windows
                        .iter()
                        .find(|w| w.end + crate::eval::EPS >= tt.arrival)
                        .map(|w| TimeWindow::new(secs(w.start), secs(w.end)))
                };
                service += tt.end - tt.start;
                visits.push(Visit {
                    stop: stop.id.clone(),
                    arrival: secs(tt.arrival),
                    start: secs(tt.start),
                    end: secs(tt.end),
                    wait: secs(tt.start - tt.arrival),
                    window,
                });
            }
            Task::Break => {
                lunch = Some(ScheduledBreak {
                    start: secs(tt.start),
                    end: secs(tt.end),
                    before_visit: Some(visits.len()),
                });
            }
        }
    }
    if let Some(l) = lunch.as_mut()
        && l.before_visit == Some(visits.len())
    {
        l.before_visit = None;
    }
    Route {
        technician: tech.id.clone(),
        totals: Totals {
            visits: visits.len(),
            km: report.distance / 1000.0,
            driving: secs(report.travel_time),
            idle: secs(report.waiting),
            service: secs(service),
            start: secs(report.start_time),
            end: secs(report.end_time),
        },
        visits,
        lunch,
    }
}

/// Plans the coordinator's day: assigns stops to technicians and orders each route.
///
/// Every stop of `problem` ends up either in exactly one route or in `unassigned` with a
/// reason; every route returned has been replayed by the independent evaluator.
pub fn plan_day(
    problem: &Problem,
    provider: &dyn MatrixProvider,
    options: &Options<'_>,
) -> Result<Plan, PlanError> {
    let started = std::time::Instant::now();
    let b = build(problem, provider)?;
    let inst = &b.inst;
    let mut unassigned: Vec<Unassigned> = b
        .invalid
        .iter()
        .map(|(i, e)| Unassigned {
            stop: problem.stops[*i].id.clone(),
            reason: Reason::Invalid(e.clone()),
        })
        .collect();
    let locked: HashSet<usize> = inst
        .vehicles
        .iter()
        .flat_map(|v| v.locked.iter().copied())
        .collect();
    // Jobs the solver sees: locked ones and those servable alone.
    let mut candidates = Vec::new();
    for j in 0..inst.jobs.len() {
        if locked.contains(&j) {
            candidates.push(j);
            continue;
        }
        match precheck(inst, j) {
            Some(reason) => unassigned.push(Unassigned {
                stop: problem.stops[b.job_stop[j]].id.clone(),
                reason,
            }),
            None => candidates.push(j),
        }
    }
    let remap: HashMap<usize, usize> = candidates
        .iter()
        .enumerate()
        .map(|(k, &j)| (j, k))
        .collect();
    let sub = Instance {
        jobs: candidates.iter().map(|&j| inst.jobs[j].clone()).collect(),
        vehicles: inst
            .vehicles
            .iter()
            .map(|v| Vehicle {
                locked: v.locked.iter().map(|j| remap[j]).collect(),
                ..v.clone()
            })
            .collect(),
        n_locs: inst.n_locs,
        time: inst.time.clone(),
        dist: inst.dist.clone(),
    };
    let cfg = Config {
        time_limit: options.time_limit.saturating_sub(started.elapsed()),
        max_iterations: options.max_iterations,
        seed: options.seed,
        minimize_vehicles: options.minimize_technicians,
        cost: options.cost,
        balance: options.balance,
    };
    let free = sub.jobs.len() - locked.len();
    let mut exact = false;
    let (routes, left): (Vec<Vec<Task>>, Vec<usize>) =
        if sub.vehicles.len() == 1 && free <= options.exact_up_to {
            match solve_exact(&sub, &cfg) {
                Some((tasks, left)) => {
                    exact = true;
                    (vec![tasks], left)
                }
                None => {
                    let s = solver::solve(
                        &sub,
                        &cfg,
                        Control {
                            cancel: options.cancel,
                            progress: options.progress,
                        },
                    );
                    (s.routes, s.unassigned)
                }
            }
        } else {
            let s = solver::solve(
                &sub,
                &cfg,
                Control {
                    cancel: options.cancel,
                    progress: options.progress,
                },
            );
            (s.routes, s.unassigned)
        };
    let back = |k: usize| candidates[k];
    let mut out_routes = Vec::new();
    let mut dropped: Vec<usize> = left.iter().map(|&k| back(k)).collect();
    for (v, tasks) in routes.iter().enumerate() {
        let mut tasks: Vec<Task> = tasks
            .iter()
            .map(|t| match t {
                Task::Job(k) => Task::Job(back(*k)),
                Task::Break => Task::Break,
            })
            .collect();
        let mut report = check_route(inst, v, &tasks);
        // Safety net: never return a route that breaks a rule.
        while !report.feasible() {
            let locked_n = inst.vehicles[v].locked.len();
            let Some(pos) = tasks.iter().rposition(|t| matches!(t, Task::Job(_))) else {
                break;
            };
            let jobs_before = tasks[..pos]
                .iter()
                .filter(|t| matches!(t, Task::Job(_)))
                .count();
            if jobs_before < locked_n {
                break;
            }
            if let Task::Job(j) = tasks.remove(pos) {
                dropped.push(j);
            }
            report = place_break(inst, v, &tasks);
            tasks = report.times.iter().map(|t| t.task).collect();
        }
        out_routes.push(route_out(problem, &b, v, &report));
    }
    for j in dropped {
        unassigned.push(Unassigned {
            stop: problem.stops[b.job_stop[j]].id.clone(),
            reason: Reason::DidNotFit,
        });
    }
    Ok(Plan {
        routes: out_routes,
        unassigned,
        technician_issues: b.issues.clone(),
        matrix_source: b.source,
        exact,
    })
}

/// Orders one technician's day (the first technician of `problem`; others are ignored):
/// exact when the free stops are at most `options.exact_up_to`, otherwise the heuristic.
/// Stops that do not fit are named with a reason.
pub fn order_one(
    problem: &Problem,
    provider: &dyn MatrixProvider,
    options: &Options<'_>,
) -> Result<Plan, PlanError> {
    let one = Problem {
        stops: problem.stops.clone(),
        technicians: problem.technicians.iter().take(1).cloned().collect(),
    };
    plan_day(&one, provider, options)
}
