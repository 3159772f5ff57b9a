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

#[derive(Debug, Clone)]
pub(crate) struct VData {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) s0: i64,
    pub(crate) s1: i64,
    pub(crate) cap: i64,
    pub(crate) max: usize,
    skills: u64,
    pub(crate) brk: Option<(i64, i64, i64)>,
    pub(crate) locked: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Data {
    nl: usize,
    tt: Vec<i64>,
    cost: Vec<i64>,
    pub(crate) jloc: Vec<usize>,
    jwin: Vec<Vec<(i64, i64)>>,
    jserv: Vec<i64>,
    pub(crate) jdem: Vec<i64>,
    jskill: Vec<u64>,
    /// The only vehicle that may serve each job (`None`: any).
    jveh: Vec<Option<usize>>,
    pub(crate) jweight: Vec<i64>,
    pub(crate) veh: Vec<VData>,
    veh_cost: i64,
    balance: i64,
    neighbors: Vec<Vec<u32>>,
    typical: f64,
}

fn up(x: f64) -> i64 {
    (x * TIME_SCALE - 1e-6).ceil() as i64
}

fn down(x: f64) -> i64 {
    (x * TIME_SCALE + 1e-6).floor() as i64
}

impl Data {
    pub(crate) fn new(inst: &Instance, cfg: &Config) -> Data {
        let nl = inst.n_locs;
        let tt: Vec<i64> = inst.time.iter().map(|&t| up(t).max(0)).collect();
        let src = match cfg.cost {
            CostKind::Distance => &inst.dist,
            CostKind::Duration => &inst.time,
        };
        let max = src.iter().copied().fold(0.0f64, f64::max).max(1e-9);
        let scale = 1e6 / max;
        let cost: Vec<i64> = src.iter().map(|&c| (c * scale).round() as i64).collect();
        let jloc: Vec<usize> = inst.jobs.iter().map(|j| j.loc).collect();
        let n = inst.jobs.len();
        let mut neighbors = Vec::with_capacity(n);
        let mut typical = 0.0;
        for a in 0..n {
            let mut list: Vec<u32> = (0..n as u32).filter(|&b| b as usize != a).collect();
            list.sort_by_key(|&b| cost[jloc[a] * nl + jloc[b as usize]]);
            let k = list.len().min(10);
            if k > 0 {
                typical += list[..k]
                    .iter()
                    .map(|&b| cost[jloc[a] * nl + jloc[b as usize]] as f64)
                    .sum::<f64>()
                    / k as f64;
            }
            neighbors.push(list);
        }
        typical = (typical / n.max(1) as f64).max(1.0);
        let weight = |p: u8| UNASSIGNED_COST * 100i64.pow(u32::from(p.min(3)));
        Data {
            nl,
            tt,
            cost,
            jloc,
            jwin: inst
                .jobs
                .iter()
                .map(|j| {
                    j.windows
                        .iter()
                        .map(|w| (up(w.start), down(w.end)))
                        .collect()
                })
                .collect(),
            jserv: inst.jobs.iter().map(|j| up(j.service).max(0)).collect(),
            jdem: inst.jobs.iter().map(|j| j.demand).collect(),
            jskill: inst.jobs.iter().map(|j| j.skills).collect(),
            jveh: inst.jobs.iter().map(|j| j.vehicle).collect(),
            jweight: inst.jobs.iter().map(|j| weight(j.priority)).collect(),
            veh: inst
                .vehicles
                .iter()
                .map(|v| VData {
                    start: v.start_loc,
                    end: v.end_loc,
                    s0: up(v.shift_start),
                    s1: down(v.shift_end),
                    cap: v.capacity,
                    max: v.max_jobs,
                    skills: v.skills,
                    brk: v
                        .brk
                        .map(|b| (up(b.earliest), down(b.latest), up(b.duration))),
                    locked: v.locked.clone(),
                })
                .collect(),
            veh_cost: if cfg.minimize_vehicles {
                VEHICLE_COST
            } else {
                0
            },
            balance: (cfg.balance * typical).round() as i64,
            neighbors,
            typical,
        }
    }

    pub(crate) fn tt(&self, a: usize, b: usize) -> i64 {
        self.tt[a * self.nl + b]
    }

    pub(crate) fn cost(&self, a: usize, b: usize) -> i64 {
        self.cost[a * self.nl + b]
    }

    /// Departure after serving job `j` when arriving at `a` (INF if no window fits).
    pub(crate) fn serve(&self, j: usize, a: i64) -> i64 {
        if a >= INF {
            return INF;
        }
        for &(s, e) in &self.jwin[j] {
            if a <= e {
                return a.max(s) + self.jserv[j];
            }
        }
        INF
    }

    /// Latest arrival at job `j` that still allows departing by `d`.
    fn latest(&self, j: usize, d: i64) -> i64 {
        if d <= NEG {
            return NEG;
        }
        let s = d - self.jserv[j];
        for &(ws, we) in self.jwin[j].iter().rev() {
            if ws <= s {
                return we.min(s);
            }
        }
        NEG
    }

    pub(crate) fn brk_fwd(&self, v: usize, a: i64) -> i64 {
        match self.veh[v].brk {
            None => a,
            Some((bs, be, d)) => {
                if a >= INF {
                    return INF;
                }
                let s = a.max(bs);
                if s > be { INF } else { s + d }
            }
        }
    }

    fn brk_bwd(&self, v: usize, x: i64) -> i64 {
        match self.veh[v].brk {
            None => x,
            Some((bs, be, d)) => {
                if x <= NEG || bs + d > x {
                    NEG
                } else {
                    (x - d).min(be)
                }
            }
        }
    }

    /// Full O(L) check of a job sequence for vehicle `v` (windows, shift, break, capacity,
    /// skills, max jobs); returns its travel cost when feasible.
    pub(crate) fn seq_cost(&self, v: usize, jobs: &[usize]) -> Option<i64> {
        let veh = &self.veh[v];
        if jobs.len() > veh.max {
            return None;
        }
        let has_break = veh.brk.is_some();
        let mut f = veh.s0;
        let mut fb = if has_break { INF } else { veh.s0 };
        let mut prev = veh.start;
        let mut load = 0;
        let mut cost = 0;
        for &j in jobs {
            if self.jskill[j] & !veh.skills != 0 || self.jveh[j].is_some_and(|only| only != v) {
                return None;
            }
            load += self.jdem[j];
            let here = self.jloc[j];
            let t = self.tt(prev, here);
            cost += self.cost(prev, here);
            let a = sat_add(f, t);
            let ab = if has_break {
                self.brk_fwd(v, a).min(sat_add(fb, t))
            } else {
                a
            };
            f = self.serve(j, a);
            fb = if has_break { self.serve(j, ab) } else { f };
            if fb >= INF {
                return None;
            }
            prev = here;
        }
        if load > veh.cap {
            return None;
        }
        let t = self.tt(prev, veh.end);
        cost += self.cost(prev, veh.end);
        let a = sat_add(f, t);
        let ab = if has_break {
            self.brk_fwd(v, a).min(sat_add(fb, t))
        } else {
            a
        };
        if ab > veh.s1 {
            return None;
        }
        Some(if jobs.is_empty() { 0 } else { cost })
    }

    fn compatible(&self, j: usize, r: &Route) -> bool {
        let v = &self.veh[r.v];
        self.jskill[j] & !v.skills == 0
            && self.jveh[j].is_none_or(|only| only == r.v)
            && r.load + self.jdem[j] <= v.cap
            && r.jobs.len() < v.max
    }
}

#[derive(Debug, Clone)]
struct Route {
    v: usize,
    jobs: Vec<usize>,
    locked: usize,
    fwd: Vec<i64>,
    fwdb: Vec<i64>,
    bwd: Vec<i64>,
    bwdb: Vec<i64>,
    load: i64,
    cost: i64,
}

impl Route {
    fn new(d: &Data, v: usize) -> Route {
        let mut r = Route {
            v,
            jobs: d.veh[v].locked.clone(),
            locked: d.veh[v].locked.len(),
            fwd: Vec::new(),
            fwdb: Vec::new(),
            bwd: Vec::new(),
            bwdb: Vec::new(),
            load: 0,
            cost: 0,
        };
        r.update(d);
        r
    }

    fn loc(&self, d: &Data, pos: usize) -> usize {
        if pos == 0 {
            d.veh[self.v].start
        } else if pos > self.jobs.len() {
            d.veh[self.v].end
        } else {
            d.jloc[self.jobs[pos - 1]]
        }
    }

    fn update(&mut self, d: &Data) {
        let n = self.jobs.len() + 2;
        let veh = &d.veh[self.v];
        let has_break = veh.brk.is_some();
        self.fwd.clear();
        self.fwd.resize(n, INF);
        self.fwdb.clear();
        self.fwdb.resize(n, INF);
        self.bwd.clear();
        self.bwd.resize(n, NEG);
        self.bwdb.clear();
        self.bwdb.resize(n, NEG);
        self.fwd[0] = veh.s0;
        self.fwdb[0] = if has_break { INF } else { veh.s0 };
        let mut cost = 0;
        let mut load = 0;
        let mut prev = veh.start;
        for i in 1..n {
            let here = self.loc(d, i);
            let t = d.tt(prev, here);
            cost += d.cost(prev, here);
            let a = sat_add(self.fwd[i - 1], t);
            let ab = if has_break {
                d.brk_fwd(self.v, a).min(sat_add(self.fwdb[i - 1], t))
            } else {
                a
            };
            if i == n - 1 {
                self.fwd[i] = if a <= veh.s1 { a } else { INF };
                self.fwdb[i] = if ab <= veh.s1 { ab } else { INF };
            } else {
                let j = self.jobs[i - 1];
                load += d.jdem[j];
                self.fwd[i] = d.serve(j, a);
                self.fwdb[i] = if has_break {
                    d.serve(j, ab)
                } else {
                    self.fwd[i]
                };
            }
            prev = here;
        }
        self.bwd[n - 1] = veh.s1;
        self.bwdb[n - 1] = d.brk_bwd(self.v, veh.s1);
        for i in (1..n - 1).rev() {
            let j = self.jobs[i - 1];
            let t = d.tt(d.jloc[j], self.loc(d, i + 1));
            self.bwd[i] = d.latest(j, sat_sub(self.bwd[i + 1], t));
            self.bwdb[i] = if has_break {
                d.latest(j, sat_sub(self.bwdb[i + 1], t))
                    .max(d.brk_bwd(self.v, self.bwd[i]))
            } else {
                self.bwd[i]
            };
        }
        self.cost = if self.jobs.is_empty() { 0 } else { cost };
        self.load = load;
    }

    fn feasible(&self) -> bool {
        self.jobs.is_empty() || self.fwdb[self.jobs.len() + 1] < INF
    }

    /// Can job `c` go between positions `p` and `p + 1`?
    fn can_insert(&self, d: &Data, c: usize, p: usize) -> bool {
        let cl = d.jloc[c];
        let ln = self.loc(d, p + 1);
        let lp = self.loc(d, p);
        let t1 = d.tt(lp, cl);
        let t2 = d.tt(cl, ln);
        let a = sat_add(self.fwd[p], t1);
        let dep = d.serve(c, a);
        if dep < INF && dep + t2 <= self.bwdb[p + 1] {
            return true;
        }
        if d.veh[self.v].brk.is_none() {
            return false;
        }
        let depb = d.serve(c, d.brk_fwd(self.v, a));
        if depb < INF && depb + t2 <= self.bwd[p + 1] {
            return true;
        }
        let depp = d.serve(c, sat_add(self.fwdb[p], t1));
        depp < INF && depp + t2 <= self.bwd[p + 1]
    }

    /// Where the break goes: the gap (before position k) with the earliest feasible break.
    fn break_gap(&self, d: &Data) -> Option<usize> {
        d.veh[self.v].brk?;
        let n = self.jobs.len() + 2;
        (1..n).find(|&k| {
            let a = sat_add(self.fwd[k - 1], d.tt(self.loc(d, k - 1), self.loc(d, k)));
            let b = d.brk_fwd(self.v, a);
            if b >= INF {
                return false;
            }
            if k == n - 1 {
                b <= d.veh[self.v].s1
            } else {
                b <= self.bwd[k]
            }
        })
    }

    fn tasks(&self, d: &Data) -> Vec<Task> {
        let mut out: Vec<Task> = self.jobs.iter().map(|&j| Task::Job(j)).collect();
        if !self.jobs.is_empty()
            && let Some(k) = self.break_gap(d)
        {
            out.insert(k - 1, Task::Break);
        }
        out
    }
}

/// The tasks (break placed) of vehicle `v` serving `jobs` in order, if feasible.
pub(crate) fn route_tasks(d: &Data, v: usize, jobs: &[usize]) -> Option<Vec<Task>> {
    let mut r = Route::new(d, v);
    r.jobs = jobs.to_vec();
    r.update(d);
    r.feasible().then(|| r.tasks(d))
}

/// Prefix state after the vehicle's locked jobs: (location, cost, earliest departure without
/// break, earliest departure with the break taken).
pub(crate) fn locked_prefix(d: &Data, v: usize) -> (usize, i64, i64, i64) {
    let r = Route::new(d, v);
    let k = r.jobs.len();
    (
        r.loc(d, k),
        if k == 0 {
            0
        } else {
            r.cost - d.cost(r.loc(d, k), d.veh[v].end)
        },
        r.fwd[k],
        r.fwdb[k],
    )
}

pub(crate) const INF_TIME: i64 = INF;

pub(crate) fn sat_add(a: i64, b: i64) -> i64 {
    if a >= INF { INF } else { a + b }
}

fn sat_sub(a: i64, b: i64) -> i64 {
    if a <= NEG { NEG } else { a - b }
}

#[derive(Debug, Clone)]
struct Sol {
    routes: Vec<Route>,
    unassigned: Vec<usize>,
}

impl Sol {
    fn cost(&self, d: &Data) -> i64 {
        let mut c = 0;
        for r in &self.routes {
            if !r.jobs.is_empty() {
                c += r.cost + d.veh_cost + d.balance * (r.jobs.len() * r.jobs.len()) as i64;
            }
        }
        c + self.unassigned.iter().map(|&j| d.jweight[j]).sum::<i64>()
    }

    fn used(&self) -> usize {
        self.routes.iter().filter(|r| !r.jobs.is_empty()).count()
    }
}

/// Share of the time limit the fleet-minimisation phase may use at most.
const FLEET_SHARE: f64 = 0.3;
/// Annealing temperatures, in multiples of the mean distance to the 10 nearest stops.
const T_START: f64 = 5.0;
const T_END: f64 = 0.1;
const C_BAR: f64 = 10.0;
const L_MAX: f64 = 10.0;
const BLINK: f64 = 0.01;

struct Search<'a> {
    d: &'a Data,
    rng: ChaCha8Rng,
    absences: Vec<u32>,
    where_: Vec<(u32, u32)>,
    ruined: Vec<bool>,
    saved: Vec<(usize, Route)>,
    saved_mark: Vec<bool>,
    saved_unassigned: Vec<usize>,
}

impl Search<'_> {
    /// Starts a move: remembers the unassigned list; routes are saved on first touch.
    fn begin(&mut self, s: &Sol) {
        for (i, _) in self.saved.drain(..) {
            self.saved_mark[i] = false;
        }
        self.saved_unassigned.clear();
        self.saved_unassigned.extend_from_slice(&s.unassigned);
    }

    fn save(&mut self, i: usize, r: &Route) {
        if !self.saved_mark[i] {
            self.saved_mark[i] = true;
            self.saved.push((i, r.clone()));
        }
    }

    /// Undoes the move started by `begin`.
    fn rollback(&mut self, s: &mut Sol) {
        for (i, r) in self.saved.drain(..) {
            self.saved_mark[i] = false;
            s.routes[i] = r;
        }
        std::mem::swap(&mut s.unassigned, &mut self.saved_unassigned);
    }

    /// Keeps the move started by `begin`.
    fn commit(&mut self) {
        for (i, _) in self.saved.drain(..) {
            self.saved_mark[i] = false;
        }
    }

    fn ruin(&mut self, s: &mut Sol) -> Vec<usize> {
        let d = self.d;
        let none = (u32::MAX, u32::MAX);
        self.where_.fill(none);
        let mut assigned = 0usize;
        let mut used = 0usize;
        for (ri, r) in s.routes.iter().enumerate() {
            if r.jobs.len() > r.locked {
                used += 1;
            }
            for (p, &j) in r.jobs.iter().enumerate().skip(r.locked) {
                self.where_[j] = (ri as u32, p as u32);
                assigned += 1;
            }
        }
        let mut removed = Vec::new();
        if assigned == 0 {
            return removed;
        }
        let avg = assigned as f64 / used.max(1) as f64;
        let ls_max = L_MAX.min(avg);
        let ks_max = (4.0 * C_BAR / (1.0 + ls_max) - 1.0).max(1.0);
        let ks = (self.rng.random_range(1.0..ks_max + 1.0) as usize).max(1);
        let seed = loop {
            let j = self.rng.random_range(0..d.jloc.len());
            if self.where_[j] != none {
                break j;
            }
        };
        self.ruined.fill(false);
        let mut count = 0;
        let mut touched = Vec::new();
        for idx in 0..=d.neighbors[seed].len() {
            if count >= ks {
                break;
            }
            let c = if idx == 0 {
                seed
            } else {
                d.neighbors[seed][idx - 1] as usize
            };
            let (ri, _) = self.where_[c];
            if ri == u32::MAX || self.ruined[ri as usize] {
                continue;
            }
            let ri = ri as usize;
            self.save(ri, &s.routes[ri]);
            let r = &mut s.routes[ri];
            let pos = r.jobs.iter().position(|&x| x == c).unwrap_or(0);
            let free = r.jobs.len() - r.locked;
            let lmax = (free as f64).min(ls_max).max(1.0) as usize;
            let l = self.rng.random_range(1..=lmax);
            if free == l || self.rng.random::<f64>() < 0.5 {
                let lo = r.locked.max((pos + 1).saturating_sub(l));
                let hi = pos.min(r.jobs.len() - l);
                let st = if hi > lo {
                    self.rng.random_range(lo..=hi)
                } else {
                    lo
                };
                removed.extend(r.jobs.drain(st..st + l));
            } else {
                let mut m = 1;
                while l + m < free && self.rng.random::<f64>() < 0.5 {
                    m += 1;
                }
                let total = l + m;
                let lo = r.locked.max((pos + 1).saturating_sub(total));
                let hi = pos.min(r.jobs.len() - total);
                let st = if hi > lo {
                    self.rng.random_range(lo..=hi)
                } else {
                    lo
                };
                let keep_at = self.rng.random_range(0..=l);
                let seg: Vec<usize> = r.jobs.drain(st..st + total).collect();
                let mut kept = Vec::with_capacity(m);
                for (k, &j) in seg.iter().enumerate() {
                    if k >= keep_at && k < keep_at + m {
                        kept.push(j);
                    } else {
                        removed.push(j);
                    }
                }
                for (k, j) in kept.into_iter().enumerate() {
                    r.jobs.insert(st + k, j);
                }
            }
            self.ruined[ri] = true;
            touched.push(ri);
            count += 1;
        }
        for ri in touched {
            s.routes[ri].update(d);
        }
        removed
    }

    /// Intra-route 2-opt and Or-opt on route `ri`; returns true if it changed.
    fn intra(&mut self, s: &mut Sol, ri: usize) -> bool {
        let d = self.d;
        let mut changed = false;
        let mut improved = true;
        let mut buf = Vec::new();
        while improved {
            improved = false;
            let r = &s.routes[ri];
            let len = r.jobs.len();
            if len < 2 {
                break;
            }
            let lo = r.locked + 1;
            // 2-opt: reverse positions i..=j (1-based route positions).
            'outer: for i in lo..len {
                for j in i + 1..=len {
                    let (a, b) = (r.loc(d, i - 1), r.loc(d, i));
                    let (c, e) = (r.loc(d, j), r.loc(d, j + 1));
                    let delta = d.cost(a, c) + d.cost(b, e) - d.cost(a, b) - d.cost(c, e);
                    if delta >= 0 {
                        continue;
                    }
                    buf.clear();
                    buf.extend_from_slice(&r.jobs);
                    buf[i - 1..j].reverse();
                    if let Some(c) = d.seq_cost(r.v, &buf)
                        && c < r.cost
                    {
                        improved = true;
                        break 'outer;
                    }
                }
            }
            if !improved {
                // Or-opt: move a segment of 1..=3 jobs elsewhere in the route.
                let mut rest: Vec<usize> = Vec::with_capacity(len);
                'outer2: for seg in 1..=3usize.min(len - r.locked) {
                    for i in r.locked..=len - seg {
                        let (p, f) = (r.loc(d, i), r.loc(d, i + 1));
                        let (l, n) = (r.loc(d, i + seg), r.loc(d, i + seg + 1));
                        let gain = d.cost(p, f) + d.cost(l, n) - d.cost(p, n);
                        if gain <= 0 {
                            continue;
                        }
                        rest.clear();
                        rest.extend_from_slice(&r.jobs[..i]);
                        rest.extend_from_slice(&r.jobs[i + seg..]);
                        let veh = &d.veh[r.v];
                        for k in r.locked..=rest.len() {
                            if k == i {
                                continue;
                            }
                            let x = if k == 0 {
                                veh.start
                            } else {
                                d.jloc[rest[k - 1]]
                            };
                            let y = if k == rest.len() {
                                veh.end
                            } else {
                                d.jloc[rest[k]]
                            };
                            let add = d.cost(x, f) + d.cost(l, y) - d.cost(x, y);
                            if add >= gain {
                                continue;
                            }
                            buf.clear();
                            buf.extend_from_slice(&rest[..k]);
                            buf.extend_from_slice(&r.jobs[i..i + seg]);
                            buf.extend_from_slice(&rest[k..]);
                            if let Some(c) = d.seq_cost(r.v, &buf)
                                && c < r.cost
                            {
                                improved = true;
                                break 'outer2;
                            }
                        }
                    }
                }
            }
            if improved {
                changed = true;
                self.save(ri, &s.routes[ri]);
                let r = &mut s.routes[ri];
                std::mem::swap(&mut r.jobs, &mut buf);
                r.update(d);
            }
        }
        changed
    }

    /// 2-opt* (tail exchange) between route `ra` and every other used route.
    fn two_opt_star(&mut self, s: &mut Sol, ra: usize) -> Option<usize> {
        let d = self.d;
        let mut best: Option<(i64, usize, usize, usize)> = None;
        let a = &s.routes[ra];
        if a.jobs.is_empty() {
            return None;
        }
        for (rb, b) in s.routes.iter().enumerate() {
            if rb == ra || b.jobs.is_empty() {
                continue;
            }
            for i in a.locked..=a.jobs.len() {
                let (a1, a2) = (a.loc(d, i), a.loc(d, i + 1));
                for j in b.locked..=b.jobs.len() {
                    let (b1, b2) = (b.loc(d, j), b.loc(d, j + 1));
                    let delta = d.cost(a1, b2) + d.cost(b1, a2) - d.cost(a1, a2) - d.cost(b1, b2);
                    if delta >= 0 || best.is_some_and(|x| x.0 <= delta) {
                        continue;
                    }
                    // O(1) time check (no-break vehicles); full check below.
                    if d.veh[a.v].brk.is_none() && d.veh[b.v].brk.is_none() {
                        let fa = sat_add(a.fwd[i], d.tt(a1, b2));
                        let fb = sat_add(b.fwd[j], d.tt(b1, a2));
                        let ok_a = if j == b.jobs.len() {
                            fa <= d.veh[a.v].s1
                        } else {
                            fa <= b.bwd[j + 1]
                        };
                        let ok_b = if i == a.jobs.len() {
                            fb <= d.veh[b.v].s1
                        } else {
                            fb <= a.bwd[i + 1]
                        };
                        if !ok_a || !ok_b {
                            continue;
                        }
                    }
                    best = Some((delta, rb, i, j)).filter(|_| {
                        let mut na: Vec<usize> = a.jobs[..i].to_vec();
                        na.extend_from_slice(&b.jobs[j..]);
                        let mut nb: Vec<usize> = b.jobs[..j].to_vec();
                        nb.extend_from_slice(&a.jobs[i..]);
                        matches!((d.seq_cost(a.v, &na), d.seq_cost(b.v, &nb)), (Some(x), Some(y)) if x + y < a.cost + b.cost)
                    }).or(best);
                }
            }
        }
        let (_, rb, i, j) = best?;
        self.save(ra, &s.routes[ra]);
        self.save(rb, &s.routes[rb]);
        let tail_a: Vec<usize> = s.routes[ra].jobs.drain(i..).collect();
        let tail_b: Vec<usize> = s.routes[rb].jobs.drain(j..).collect();
        s.routes[ra].jobs.extend(tail_b);
        s.routes[rb].jobs.extend(tail_a);
        s.routes[ra].update(d);
        s.routes[rb].update(d);
        Some(rb)
    }

    /// Local search on the routes the current move touched.
    fn local_search(&mut self, s: &mut Sol) {
        let mut todo: Vec<usize> = self.saved.iter().map(|x| x.0).collect();
        let mut rounds = 0;
        while let Some(ri) = todo.pop() {
            rounds += 1;
            if rounds > 50 {
                break;
            }
            self.intra(s, ri);
            if let Some(other) = self.two_opt_star(s, ri) {
                todo.push(ri);
                todo.push(other);
            }
        }
    }

    fn sort_pool(&mut self, pool: &mut [usize], fleet_mode: bool) {
        let d = self.d;
        pool.shuffle(&mut self.rng);
        if fleet_mode {
            let abs = &self.absences;
            pool.sort_by_key(|&j| std::cmp::Reverse(abs[j]));
            return;
        }
        let depot = d.veh.first().map_or(0, |v| v.start);
        match self.rng.random_range(0..13) {
            0..=3 => {}
            4..=7 => pool.sort_by_key(|&j| std::cmp::Reverse(d.jdem[j])),
            8..=9 => pool.sort_by_key(|&j| std::cmp::Reverse(d.cost(depot, d.jloc[j]))),
            10 => pool.sort_by_key(|&j| d.cost(depot, d.jloc[j])),
            _ => pool.sort_by_key(|&j| d.jwin[j].iter().map(|w| w.1 - w.0).sum::<i64>()),
        }
        pool.sort_by_key(|&j| std::cmp::Reverse(d.jweight[j]));
    }

    fn recreate(&mut self, s: &mut Sol, mut pool: Vec<usize>, allow_new: bool, fleet_mode: bool) {
        let d = self.d;
        pool.append(&mut s.unassigned);
        self.sort_pool(&mut pool, fleet_mode);
        for c in pool {
            let cl = d.jloc[c];
            let mut best: Option<(i64, usize, usize)> = None;
            let mut tried_empty = false;
            for (ri, r) in s.routes.iter().enumerate() {
                let empty = r.jobs.is_empty();
                if empty && (!allow_new || tried_empty && d.veh.len() > 64) {
                    continue;
                }
                if !d.compatible(c, r) {
                    continue;
                }
                let extra =
                    if empty { d.veh_cost } else { 0 } + d.balance * (2 * r.jobs.len() as i64 + 1);
                for p in r.locked..=r.jobs.len() {
                    if self.rng.random::<f64>() < BLINK {
                        continue;
                    }
                    let lp = r.loc(d, p);
                    let ln = r.loc(d, p + 1);
                    let delta = d.cost(lp, cl) + d.cost(cl, ln) - d.cost(lp, ln) + extra;
                    if best.is_some_and(|b| b.0 <= delta) {
                        continue;
                    }
                    if r.can_insert(d, c, p) {
                        best = Some((delta, ri, p));
                    }
                }
                if empty {
                    tried_empty = true;
                }
            }
            match best {
                Some((_, ri, p)) => {
                    self.save(ri, &s.routes[ri]);
                    let r = &mut s.routes[ri];
                    r.jobs.insert(p, c);
                    r.update(d);
                }
                None => s.unassigned.push(c),
            }
        }
    }
}

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
