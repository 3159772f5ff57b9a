//! The independent evaluator: replays routes in double precision, task by task, and lists every
//! broken rule (windows, shift, skills, capacity, maximum visits, break, locked stops, jobs
//! served twice or never).
//!
//! It is written separately from the solver's incremental checks (which work on scaled integers
//! with forward/backward slack arrays) and shares nothing with them but the [`Instance`] data,
//! so the tests and the benchmark can use it as a referee.

use crate::instance::{Instance, Task};

/// Tolerance for time comparisons in doubles.
pub const EPS: f64 = 1e-6;

/// A broken rule found in a route.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// The job index does not exist.
    UnknownJob(usize),
    /// The job appears more than once in the plan.
    Duplicate(usize),
    /// The job is neither in a route nor reported as unassigned.
    Missing(usize),
    /// Service cannot start inside any of the job's windows (arrival time given).
    Window { job: usize, arrival: f64 },
    /// The vehicle is back after its shift ends.
    ShiftEnd { arrival: f64 },
    /// The vehicle lacks a skill the job needs.
    Skill(usize),
    /// The job is reserved for another vehicle.
    Reserved(usize),
    /// The sum of demands exceeds the capacity.
    Capacity { load: i64 },
    /// More jobs than the vehicle's maximum.
    MaxJobs { count: usize },
    /// The vehicle has a break but the route does not take it.
    BreakMissing,
    /// The break is taken twice, or by a vehicle without a break.
    BreakUnexpected,
    /// The break cannot start inside its window (arrival given).
    BreakWindow { arrival: f64 },
    /// The locked jobs are not the first jobs of the route in their order.
    Locked,
}

/// Times of one task in the replay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskTime {
    /// The task.
    pub task: Task,
    /// Arrival at the place.
    pub arrival: f64,
    /// Start of service (or of the break).
    pub start: f64,
    /// End of service (or of the break).
    pub end: f64,
}

/// The replay of one route.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteReport {
    /// Every broken rule (empty when feasible).
    pub violations: Vec<Violation>,
    /// Total distance.
    pub distance: f64,
    /// Total driving time.
    pub travel_time: f64,
    /// Total waiting (idle) time before services and breaks.
    pub waiting: f64,
    /// Departure from the start place.
    pub start_time: f64,
    /// Arrival at the end place.
    pub end_time: f64,
    /// Times of each task.
    pub times: Vec<TaskTime>,
}

impl RouteReport {
    /// No rule broken.
    pub fn feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Replays `tasks` for `vehicle`. An empty route (no job) is an unused vehicle: feasible, zero.
pub fn check_route(inst: &Instance, vehicle: usize, tasks: &[Task]) -> RouteReport {
    let veh = &inst.vehicles[vehicle];
    let mut report = RouteReport {
        violations: Vec::new(),
        distance: 0.0,
        travel_time: 0.0,
        waiting: 0.0,
        start_time: veh.shift_start,
        end_time: veh.shift_start,
        times: Vec::with_capacity(tasks.len()),
    };
    let job_count = tasks.iter().filter(|t| matches!(t, Task::Job(_))).count();
    if job_count == 0 {
        return report;
    }
    let mut here = veh.start_loc;
    let mut now = veh.shift_start;
    let mut load = 0i64;
    let mut breaks = 0usize;
    for (k, task) in tasks.iter().enumerate() {
        match *task {
            Task::Job(j) => {
                let Some(job) = inst.jobs.get(j) else {
                    report.violations.push(Violation::UnknownJob(j));
                    continue;
                };
                let travel = inst.time(here, job.loc);
                report.travel_time += travel;
                report.distance += inst.dist(here, job.loc);
                let arrival = now + travel;
                let window = job.windows.iter().find(|w| w.end + EPS >= arrival);
                let start = match window {
                    Some(w) => arrival.max(w.start),
                    None => {
                        report
                            .violations
                            .push(Violation::Window { job: j, arrival });
                        arrival
                    }
                };
                report.waiting += start - arrival;
                if job.skills & !veh.skills != 0 {
                    report.violations.push(Violation::Skill(j));
                }
                if job.vehicle.is_some_and(|only| only != vehicle) {
                    report.violations.push(Violation::Reserved(j));
                }
                load += job.demand;
                let end = start + job.service;
                report.times.push(TaskTime {
                    task: *task,
                    arrival,
                    start,
                    end,
                });
                now = end;
                here = job.loc;
            }
            Task::Break => {
                breaks += 1;
                let next = tasks[k + 1..]
                    .iter()
                    .find_map(|t| match t {
                        Task::Job(j) => inst.jobs.get(*j).map(|job| job.loc),
                        Task::Break => None,
                    })
                    .unwrap_or(veh.end_loc);
                let travel = inst.time(here, next);
                report.travel_time += travel;
                report.distance += inst.dist(here, next);
                let arrival = now + travel;
                match veh.brk {
                    Some(b) => {
                        let start = arrival.max(b.earliest);
                        if start > b.latest + EPS {
                            report.violations.push(Violation::BreakWindow { arrival });
                        }
                        report.waiting += start - arrival;
                        report.times.push(TaskTime {
                            task: *task,
                            arrival,
                            start,
                            end: start + b.duration,
                        });
                        now = start + b.duration;
                    }
                    None => {
                        report.times.push(TaskTime {
                            task: *task,
                            arrival,
                            start: arrival,
                            end: arrival,
                        });
                        now = arrival;
                    }
                }
                here = next;
            }
        }
    }
    let travel = inst.time(here, veh.end_loc);
    report.travel_time += travel;
    report.distance += inst.dist(here, veh.end_loc);
    let arrival = now + travel;
    report.end_time = arrival;
    if arrival > veh.shift_end + EPS {
        report.violations.push(Violation::ShiftEnd { arrival });
    }
    if load > veh.capacity {
        report.violations.push(Violation::Capacity { load });
    }
    if job_count > veh.max_jobs {
        report
            .violations
            .push(Violation::MaxJobs { count: job_count });
    }
    match (veh.brk.is_some(), breaks) {
        (true, 0) => report.violations.push(Violation::BreakMissing),
        (true, 1) | (false, 0) => {}
        _ => report.violations.push(Violation::BreakUnexpected),
    }
    let jobs: Vec<usize> = tasks
        .iter()
        .filter_map(|t| match t {
            Task::Job(j) => Some(*j),
            Task::Break => None,
        })
        .collect();
    if !jobs.starts_with(&veh.locked) {
        report.violations.push(Violation::Locked);
    }
    report
}

/// The replay of a whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReport {
    /// One report per vehicle.
    pub routes: Vec<RouteReport>,
    /// Plan-level problems (duplicates, missing jobs).
    pub violations: Vec<Violation>,
    /// Sum of route distances.
    pub distance: f64,
    /// Vehicles with at least one job.
    pub vehicles_used: usize,
}

impl PlanReport {
    /// Every route feasible and every job accounted for exactly once.
    pub fn feasible(&self) -> bool {
        self.violations.is_empty() && self.routes.iter().all(RouteReport::feasible)
    }
}

/// Replays every route (`routes[v]` belongs to vehicle `v`) and checks that each job is served
/// once or listed in `unassigned`.
pub fn check_plan(inst: &Instance, routes: &[Vec<Task>], unassigned: &[usize]) -> PlanReport {
    let mut seen = vec![0u32; inst.jobs.len()];
    let mut violations = Vec::new();
    for &j in routes
        .iter()
        .flatten()
        .filter_map(|t| match t {
            Task::Job(j) => Some(j),
            Task::Break => None,
        })
        .chain(unassigned.iter())
    {
        match seen.get_mut(j) {
            Some(count) => *count += 1,
            None => violations.push(Violation::UnknownJob(j)),
        }
    }
    for (j, &count) in seen.iter().enumerate() {
        if count == 0 {
            violations.push(Violation::Missing(j));
        } else if count > 1 {
            violations.push(Violation::Duplicate(j));
        }
    }
    let mut reports = Vec::with_capacity(inst.vehicles.len());
    for v in 0..inst.vehicles.len() {
        let tasks = routes.get(v).map(Vec::as_slice).unwrap_or(&[]);
        reports.push(check_route(inst, v, tasks));
    }
    let distance = reports.iter().map(|r| r.distance).sum();
    let vehicles_used = routes
        .iter()
        .filter(|r| r.iter().any(|t| matches!(t, Task::Job(_))))
        .count();
    PlanReport {
        routes: reports,
        violations,
        distance,
        vehicles_used,
    }
}
