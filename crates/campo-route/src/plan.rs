//! The app's entry points: [`plan_day`] (the coordinator's day: assign and order),
//! [`order_one`] (one technician's day, exact up to [`Options::exact_up_to`] stops) and
//! [`evaluate`] (a manual order, checked and costed, never changed).
//!
//! This layer validates the input (per stop and per technician, with pt-BR/English messages),
//! builds the matrix through a [`MatrixProvider`], converts to an [`Instance`], runs a solver,
//! replays every route with the independent evaluator, and names every stop left out with its
//! [`Reason`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::error::{InputError, PlanError, Reason};
use crate::eval::{RouteReport, Violation, check_route};
use crate::exact::solve_exact;
use crate::instance::{BreakSpec, CostKind, Instance, Job, Task, Vehicle, Window};
use crate::matrix::{MatrixProvider, MatrixSource};
use crate::model::{Problem, Seconds, TimeWindow};
use crate::solver::{self, Config, Control, Progress};

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

struct Built {
    inst: Instance,
    /// job index → stop index in the problem
    job_stop: Vec<usize>,
    /// vehicle index → technician index
    veh_tech: Vec<usize>,
    /// stop index → job index
    stop_job: HashMap<usize, usize>,
    invalid: Vec<(usize, InputError)>,
    issues: Vec<InputError>,
    source: MatrixSource,
    /// job index has no window (windows are the whole day)
    unwindowed: Vec<bool>,
}

const ANY_TIME: f64 = 1e9;

fn merge_windows(ws: &[TimeWindow]) -> Vec<Window> {
    let mut v: Vec<(i64, i64)> = ws.iter().map(|w| (w.start, w.end)).collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out.into_iter()
        .map(|(s, e)| Window {
            start: s as f64,
            end: e as f64,
        })
        .collect()
}

fn build(problem: &Problem, provider: &dyn MatrixProvider) -> Result<Built, PlanError> {
    let mut invalid = Vec::new();
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    let mut valid_stops = Vec::new();
    for (i, s) in problem.stops.iter().enumerate() {
        let err = if !seen.insert(s.id.as_str()) {
            Some(InputError::DuplicateStop { stop: s.id.clone() })
        } else if let Some(p) = s.location.filter(|p| !p.in_brazil()) {
            Some(InputError::OutsideBrazil {
                stop: s.id.clone(),
                lat: p.lat,
                lon: p.lon,
            })
        } else if s.location.is_none() {
            Some(InputError::MissingCoordinates { stop: s.id.clone() })
        } else if s.windows.iter().any(|w| w.end < w.start) {
            Some(InputError::WindowEndsBeforeStart { stop: s.id.clone() })
        } else if s.service < 0 || s.demand < 0 {
            Some(InputError::Negative { stop: s.id.clone() })
        } else {
            None
        };
        match err {
            Some(e) => invalid.push((i, e)),
            None => valid_stops.push(i),
        }
    }
    let stop_by_id: HashMap<&str, usize> = valid_stops
        .iter()
        .map(|&i| (problem.stops[i].id.as_str(), i))
        .collect();
    let mut techs = Vec::new();
    let mut seen_tech = HashSet::new();
    for (t, tech) in problem.technicians.iter().enumerate() {
        let id = || tech.id.clone();
        if !seen_tech.insert(tech.id.as_str()) {
            issues.push(InputError::DuplicateTechnician { technician: id() });
            continue;
        }
        let Some(shift) = tech.shift else {
            issues.push(InputError::NoShift { technician: id() });
            continue;
        };
        if shift.end < shift.start {
            issues.push(InputError::ShiftEndsBeforeStart { technician: id() });
            continue;
        }
        let start_ok = tech.start_place.is_some_and(|p| p.in_brazil());
        let end_ok = tech.end_place.is_none_or(|p| p.in_brazil());
        if !start_ok || !end_ok {
            issues.push(InputError::NoStartPlace { technician: id() });
            continue;
        }
        if let Some(b) = tech.lunch
            && (b.latest < b.earliest
                || b.duration < 0
                || b.earliest.max(shift.start) > b.latest
                || b.earliest.max(shift.start) + b.duration > shift.end)
        {
            issues.push(InputError::BreakOutsideShift { technician: id() });
            continue;
        }
        techs.push(t);
    }
    // Skills to bits.
    let mut skill_bits: HashMap<String, u64> = HashMap::new();
    let mut bits = |names: &[String]| -> Result<u64, PlanError> {
        let mut m = 0u64;
        for name in names {
            let next = skill_bits.len();
            let b = *skill_bits.entry(name.clone()).or_insert(next as u64);
            if b >= 64 {
                return Err(PlanError::TooManySkills);
            }
            m |= 1 << b;
        }
        Ok(m)
    };
    // Stops reserved for one technician name its vehicle (one that is not in the day gets an
    // index no vehicle has, so the stop is reported).
    let vehicle_of: HashMap<&str, usize> = techs
        .iter()
        .enumerate()
        .map(|(v, &t)| (problem.technicians[t].id.as_str(), v))
        .collect();
    // Points: valid stops, then each technician's start and end.
    let mut points = Vec::new();
    for &i in &valid_stops {
        points.extend(problem.stops[i].location);
    }
    let mut jobs = Vec::new();
    let mut unwindowed = Vec::new();
    let mut stop_job = HashMap::new();
    for (k, &i) in valid_stops.iter().enumerate() {
        let s = &problem.stops[i];
        let windows = if s.windows.is_empty() {
            vec![Window {
                start: -ANY_TIME,
                end: ANY_TIME,
            }]
        } else {
            merge_windows(&s.windows)
        };
        unwindowed.push(s.windows.is_empty());
        stop_job.insert(i, k);
        jobs.push(Job {
            loc: k,
            windows,
            service: s.service as f64,
            demand: s.demand,
            skills: bits(&s.skills)?,
            vehicle: s
                .technician
                .as_deref()
                .map(|t| vehicle_of.get(t).copied().unwrap_or(usize::MAX)),
            priority: s.priority.min(3).saturating_add(u8::from(s.overdue)).min(3),
        });
    }
    let mut vehicles = Vec::new();
    let mut locked_seen = HashSet::new();
    for &t in &techs {
        let tech = &problem.technicians[t];
        let shift = tech.shift.unwrap_or(TimeWindow::new(0, 0));
        let start_loc = points.len();
        points.extend(tech.start_place);
        let end_loc = points.len();
        points.push(
            tech.end_place
                .or(tech.start_place)
                .unwrap_or(crate::model::LatLon { lat: 0.0, lon: 0.0 }),
        );
        let mut locked = Vec::new();
        for sid in &tech.locked {
            match stop_by_id.get(sid.as_str()) {
                Some(&i) if locked_seen.insert(i) => locked.push(stop_job[&i]),
                _ => issues.push(InputError::BadLockedStop {
                    technician: tech.id.clone(),
                    stop: sid.clone(),
                }),
            }
        }
        vehicles.push(Vehicle {
            start_loc,
            end_loc,
            shift_start: shift.start as f64,
            shift_end: shift.end as f64,
            capacity: tech.capacity.unwrap_or(i64::MAX / 4),
            max_jobs: tech.max_visits.unwrap_or(usize::MAX),
            skills: bits(&tech.skills)?,
            brk: tech.lunch.map(|b| BreakSpec {
                earliest: b.earliest as f64,
                latest: b.latest as f64,
                duration: b.duration as f64,
            }),
            locked,
        });
    }
    let m = provider.matrix(&points)?;
    Ok(Built {
        inst: Instance {
            jobs,
            vehicles,
            n_locs: m.n,
            time: m.durations,
            dist: m.distances,
        },
        job_stop: valid_stops,
        veh_tech: techs,
        stop_job,
        invalid,
        issues,
        source: m.source,
        unwindowed,
    })
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

/// A route as the coordinator ordered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualRoute {
    /// Technician id.
    pub technician: String,
    /// Stop ids in visiting order.
    pub stops: Vec<String>,
}

/// A problem found in a manual route.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteProblem {
    /// The stop id is not in the problem.
    UnknownStop(String),
    /// The stop's data is invalid.
    InvalidStop(InputError),
    /// The stop is in more than one route.
    Repeated(String),
    /// Arrives after the stop's window(s) closed.
    Late {
        /// Stop id.
        stop: String,
        /// Arrival.
        arrival: Seconds,
    },
    /// Back after the end of the shift.
    AfterShift {
        /// Arrival at the end place.
        arrival: Seconds,
    },
    /// The technician lacks a skill.
    MissingSkill(String),
    /// The stop is reserved for another technician.
    Reserved(String),
    /// Load over capacity.
    OverCapacity,
    /// More visits than allowed.
    TooManyVisits,
    /// The break cannot be taken in its window.
    BreakImpossible,
    /// The locked stops are not first, in order.
    LockedChanged,
}

impl RouteProblem {
    /// The same problem with each stop id replaced by `name(id)` (how people know the stop,
    /// e.g. its order number), for the messages.
    pub fn named(&self, name: impl Fn(&str) -> String) -> RouteProblem {
        match self {
            RouteProblem::UnknownStop(s) => RouteProblem::UnknownStop(name(s)),
            RouteProblem::Repeated(s) => RouteProblem::Repeated(name(s)),
            RouteProblem::Late { stop, arrival } => RouteProblem::Late {
                stop: name(stop),
                arrival: *arrival,
            },
            RouteProblem::MissingSkill(s) => RouteProblem::MissingSkill(name(s)),
            RouteProblem::Reserved(s) => RouteProblem::Reserved(name(s)),
            other => other.clone(),
        }
    }

    /// Message for the user, in Portuguese (Brazil).
    pub fn message_pt(&self) -> String {
        match self {
            RouteProblem::UnknownStop(s) => format!("Parada {s} não existe."),
            RouteProblem::InvalidStop(e) => e.message_pt(),
            RouteProblem::Repeated(s) => format!("Parada {s} está em mais de uma rota."),
            RouteProblem::Late { stop, arrival } => {
                format!(
                    "Chegada à parada {stop} às {} fora da janela.",
                    hhmm(*arrival)
                )
            }
            RouteProblem::AfterShift { arrival } => {
                format!("Volta às {}, depois do fim do turno.", hhmm(*arrival))
            }
            RouteProblem::MissingSkill(s) => {
                format!("O técnico não tem a habilidade exigida pela parada {s}.")
            }
            RouteProblem::Reserved(s) => {
                format!("A parada {s} está reservada para outro técnico.")
            }
            RouteProblem::OverCapacity => "A carga excede a capacidade do técnico.".into(),
            RouteProblem::TooManyVisits => "Mais visitas do que o máximo do técnico.".into(),
            RouteProblem::BreakImpossible => {
                "Não há como fazer o intervalo dentro da janela dele.".into()
            }
            RouteProblem::LockedChanged => {
                "As paradas fixadas não estão no início, na ordem.".into()
            }
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        match self {
            RouteProblem::UnknownStop(s) => format!("Stop {s} does not exist."),
            RouteProblem::InvalidStop(e) => e.message_en(),
            RouteProblem::Repeated(s) => format!("Stop {s} is in more than one route."),
            RouteProblem::Late { stop, arrival } => {
                format!(
                    "Arrives at stop {stop} at {}, outside its window.",
                    hhmm(*arrival)
                )
            }
            RouteProblem::AfterShift { arrival } => {
                format!("Back at {}, after the shift ends.", hhmm(*arrival))
            }
            RouteProblem::MissingSkill(s) => {
                format!("The technician lacks a skill stop {s} needs.")
            }
            RouteProblem::Reserved(s) => format!("Stop {s} is reserved for another technician."),
            RouteProblem::OverCapacity => "The load exceeds the technician's capacity.".into(),
            RouteProblem::TooManyVisits => "More visits than the technician's maximum.".into(),
            RouteProblem::BreakImpossible => "The break cannot be taken inside its window.".into(),
            RouteProblem::LockedChanged => "The locked stops are not first, in order.".into(),
        }
    }
}

fn hhmm(s: Seconds) -> String {
    format!("{:02}:{:02}", s.div_euclid(3600), s.rem_euclid(3600) / 60)
}

/// A manual route, replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedRoute {
    /// The replay (visits with times, break, totals), in the given order.
    pub route: Route,
    /// Rules broken (empty = feasible).
    pub problems: Vec<RouteProblem>,
}

impl EvaluatedRoute {
    /// No rule broken.
    pub fn feasible(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The answer of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per manual route, same order.
    pub routes: Vec<EvaluatedRoute>,
    /// Where travel times came from.
    pub matrix_source: MatrixSource,
}

/// Replays the coordinator's manual routes as given (order unchanged): feasibility, times,
/// kilometres, idle time. The break is placed where it fits best.
pub fn evaluate(
    problem: &Problem,
    provider: &dyn MatrixProvider,
    routes: &[ManualRoute],
) -> Result<Evaluation, PlanError> {
    let b = build(problem, provider)?;
    let stop_idx: HashMap<&str, usize> = problem
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let invalid: HashMap<usize, &InputError> = b.invalid.iter().map(|(i, e)| (*i, e)).collect();
    let mut used = HashSet::new();
    let mut out = Vec::new();
    for mr in routes {
        let v = b
            .veh_tech
            .iter()
            .position(|&t| problem.technicians[t].id == mr.technician)
            .ok_or_else(|| PlanError::UnknownTechnician(mr.technician.clone()))?;
        let mut problems = Vec::new();
        let mut tasks = Vec::new();
        for sid in &mr.stops {
            match stop_idx.get(sid.as_str()) {
                None => problems.push(RouteProblem::UnknownStop(sid.clone())),
                Some(i) if invalid.contains_key(i) => {
                    problems.push(RouteProblem::InvalidStop(invalid[i].clone()))
                }
                Some(i) => {
                    if !used.insert(*i) {
                        problems.push(RouteProblem::Repeated(sid.clone()));
                    }
                    tasks.push(Task::Job(b.stop_job[i]));
                }
            }
        }
        let report = place_break(&b.inst, v, &tasks);
        for viol in &report.violations {
            let stop = |j: usize| problem.stops[b.job_stop[j]].id.clone();
            problems.push(match viol {
                Violation::Window { job, arrival } => RouteProblem::Late {
                    stop: stop(*job),
                    arrival: secs(*arrival),
                },
                Violation::ShiftEnd { arrival } => RouteProblem::AfterShift {
                    arrival: secs(*arrival),
                },
                Violation::Skill(j) => RouteProblem::MissingSkill(stop(*j)),
                Violation::Reserved(j) => RouteProblem::Reserved(stop(*j)),
                Violation::Capacity { .. } => RouteProblem::OverCapacity,
                Violation::MaxJobs { .. } => RouteProblem::TooManyVisits,
                Violation::BreakMissing
                | Violation::BreakUnexpected
                | Violation::BreakWindow { .. } => RouteProblem::BreakImpossible,
                Violation::Locked => RouteProblem::LockedChanged,
                Violation::UnknownJob(j) | Violation::Duplicate(j) | Violation::Missing(j) => {
                    RouteProblem::UnknownStop(j.to_string())
                }
            });
        }
        out.push(EvaluatedRoute {
            route: route_out(problem, &b, v, &report),
            problems,
        });
    }
    Ok(Evaluation {
        routes: out,
        matrix_source: b.source,
    })
}
