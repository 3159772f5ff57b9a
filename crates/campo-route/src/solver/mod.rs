//! The VRPTW heuristic: SISR-style ruin & recreate (string removals, greedy insertion with
//! blinks) under simulated annealing, preceded by a fleet-minimisation phase (remove a route,
//! re-insert its stops by ruin & recreate guided by "absence" counters) when the objective puts
//! vehicles first.
//!
//! Internally everything is in scaled integers: travel times, windows and services are scaled
//! by [`TIME_SCALE`] and rounded *conservatively* (travel and service up, window ends down), so a
//! route feasible here is feasible in doubles; the cost matrix is scaled to about 10⁶ per edge.
//! Each route keeps forward (earliest departure) and backward (latest arrival) arrays, with and
//! without the break already taken, so checking one insertion costs O(1).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::instance::{CostKind, Instance, Task};

/// Times are multiplied by this before rounding to integers.
pub const TIME_SCALE: f64 = 10_000.0;
const INF: i64 = i64::MAX / 4;
const NEG: i64 = i64::MIN / 4;
const VEHICLE_COST: i64 = 10_000_000_000;
const UNASSIGNED_COST: i64 = 100_000_000_000;

/// Solver settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Wall-clock budget.
    pub time_limit: Duration,
    /// Optional iteration budget (makes a run reproducible regardless of machine speed).
    pub max_iterations: Option<u64>,
    /// Random seed.
    pub seed: u64,
    /// Fewest vehicles first, then cost (the Solomon objective). Otherwise cost only.
    pub minimize_vehicles: bool,
    /// Which matrix is minimised.
    pub cost: CostKind,
    /// Weight of the work-balance tie-breaker (0 = off), relative to a typical trip.
    pub balance: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            time_limit: Duration::from_secs(1),
            max_iterations: None,
            seed: 1,
            minimize_vehicles: false,
            cost: CostKind::Distance,
            balance: 0.0,
        }
    }
}

/// A snapshot reported to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Time since the start.
    pub elapsed: Duration,
    /// Ruin & recreate iterations so far.
    pub iterations: u64,
    /// Vehicles used by the best solution.
    pub vehicles: usize,
    /// Jobs the best solution leaves out.
    pub unassigned: usize,
}

/// Stops the search early and reports on it.
#[derive(Default, Clone, Copy)]
pub struct Control<'a> {
    /// When set to true, the search stops and returns the best solution so far.
    pub cancel: Option<&'a AtomicBool>,
    /// Called about every 100 ms.
    pub progress: Option<&'a dyn Fn(Progress)>,
}

impl std::fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("cancel", &self.cancel)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// The solver's answer: one task list per vehicle and the jobs left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// `routes[v]` is vehicle `v`'s tasks in order (break placed), empty when unused.
    pub routes: Vec<Vec<Task>>,
    /// Jobs that could not be placed.
    pub unassigned: Vec<usize>,
    /// Iterations run.
    pub iterations: u64,
}

mod data;
mod route;
mod search;

pub(crate) use data::Data;
use route::Route;
pub(crate) use route::{INF_TIME, locked_prefix, route_tasks, sat_add};
use search::{FLEET_SHARE, Search, Sol, T_END, T_START};

/// Solves `inst` with the given settings; always returns a plan whose routes pass the
/// independent evaluator (jobs that do not fit are listed in `unassigned`).
pub fn solve(inst: &Instance, cfg: &Config, ctl: Control<'_>) -> Solution {
    let started = Instant::now();
    let d = Data::new(inst, cfg);
    let n = inst.jobs.len();
    let mut search = Search {
        d: &d,
        rng: ChaCha8Rng::seed_from_u64(cfg.seed),
        absences: vec![0; n],
        where_: vec![(u32::MAX, u32::MAX); n],
        ruined: vec![false; inst.vehicles.len()],
        saved: Vec::new(),
        saved_mark: vec![false; inst.vehicles.len()],
        saved_unassigned: Vec::new(),
    };
    let mut locked = vec![false; n];
    for v in &d.veh {
        for &j in &v.locked {
            if j < n {
                locked[j] = true;
            }
        }
    }
    let mut cur = Sol {
        routes: (0..inst.vehicles.len())
            .map(|v| Route::new(&d, v))
            .collect(),
        unassigned: Vec::new(),
    };
    let pool: Vec<usize> = (0..n).filter(|&j| !locked[j]).collect();
    search.recreate(&mut cur, pool, true, false);

    let max_iter = cfg.max_iterations.unwrap_or(u64::MAX);
    let limit = cfg.time_limit;
    let mut iterations = 0u64;
    let mut last_report = Instant::now();
    let stop = |iterations: u64| {
        iterations >= max_iter
            || started.elapsed() >= limit
            || ctl.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let report = |best: &Sol, iterations: u64| {
        if let Some(p) = ctl.progress {
            p(Progress {
                elapsed: started.elapsed(),
                iterations,
                vehicles: best.used(),
                unassigned: best.unassigned.len(),
            });
        }
    };

    // Fleet minimisation.
    let mut best = cur.clone();
    if cfg.minimize_vehicles && n > 0 {
        let total_demand: i64 = d.jdem.iter().sum();
        let cap = d.veh.iter().map(|v| v.cap).max().unwrap_or(1).max(1);
        let lower = ((total_demand + cap - 1) / cap).max(1) as usize;
        let fm_iter = max_iter / 2;
        let fm_time = limit.mul_f64(FLEET_SHARE);
        let mut fm = best.clone();
        let mut base_unassigned = best.unassigned.len();
        while fm.used() > lower && !stop(iterations) {
            // Remove the route with the fewest jobs (ties: random).
            let choice = fm
                .routes
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.jobs.is_empty() && r.locked == 0)
                .min_by_key(|(_, r)| (r.jobs.len(), search.rng.random::<u32>()))
                .map(|(i, _)| i);
            let Some(ri) = choice else { break };
            let jobs = std::mem::take(&mut fm.routes[ri].jobs);
            fm.routes[ri].update(&d);
            fm.unassigned.extend(jobs);
            let mut solved = false;
            while !stop(iterations) && started.elapsed() < fm_time && iterations < fm_iter {
                iterations += 1;
                let sum_abs =
                    |u: &[usize], a: &[u32]| u.iter().map(|&j| u64::from(a[j])).sum::<u64>();
                let before_len = fm.unassigned.len();
                let before_abs = sum_abs(&fm.unassigned, &search.absences);
                search.begin(&fm);
                let removed = search.ruin(&mut fm);
                search.recreate(&mut fm, removed, false, true);
                let after_abs = sum_abs(&fm.unassigned, &search.absences);
                for &j in &fm.unassigned {
                    search.absences[j] += 1;
                }
                if fm.unassigned.len() < before_len || after_abs < before_abs {
                    search.commit();
                } else {
                    search.rollback(&mut fm);
                }
                if fm.unassigned.len() <= base_unassigned {
                    solved = true;
                    break;
                }
                if last_report.elapsed() > Duration::from_millis(100) {
                    report(&best, iterations);
                    last_report = Instant::now();
                }
            }
            if !solved {
                break;
            }
            base_unassigned = fm.unassigned.len();
            best = fm.clone();
        }
        cur = best.clone();
    }

    // Cost phase: simulated annealing over ruin & recreate.
    let soft = |s: &Sol| s.cost(&d);
    let mut cur_cost = soft(&cur);
    let mut best_cost = best.cost(&d);
    if cur_cost < best_cost {
        best = cur.clone();
        best_cost = cur_cost;
    }
    let t0 = d.typical * T_START;
    let tf = d.typical * T_END;
    let phase_start = started.elapsed();
    let phase_iter0 = iterations;
    while n > 0 && !stop(iterations) {
        iterations += 1;
        let frac = if let Some(mi) = cfg.max_iterations {
            (iterations - phase_iter0) as f64 / (mi - phase_iter0).max(1) as f64
        } else {
            let total = limit.saturating_sub(phase_start).as_secs_f64().max(1e-9);
            (started.elapsed() - phase_start).as_secs_f64() / total
        };
        let temp = t0 * (tf / t0).powf(frac.min(1.0));
        search.begin(&cur);
        let removed = search.ruin(&mut cur);
        search.recreate(&mut cur, removed, true, false);
        search.local_search(&mut cur);
        let cost = soft(&cur);
        let u: f64 = search.rng.random::<f64>().max(1e-300);
        if (cost as f64) >= cur_cost as f64 - temp * u.ln() {
            search.rollback(&mut cur);
        } else {
            search.commit();
            cur_cost = cost;
            let true_cost = cur.cost(&d);
            if true_cost < best_cost {
                best = cur.clone();
                best_cost = true_cost;
            }
        }
        if last_report.elapsed() > Duration::from_millis(100) {
            report(&best, iterations);
            last_report = Instant::now();
        }
    }
    report(&best, iterations);
    debug_assert!(best.routes.iter().all(Route::feasible));
    let mut unassigned = best.unassigned.clone();
    unassigned.sort_unstable();
    Solution {
        routes: best.routes.iter().map(|r| r.tasks(&d)).collect(),
        unassigned,
        iterations,
    }
}
