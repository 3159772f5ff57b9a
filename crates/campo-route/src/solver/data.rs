//! The problem in scaled integers: each vehicle's and job's data, travel and cost lookups,
//! and the neighbour lists the ruin step draws from.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct VData {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) s0: i64,
    pub(crate) s1: i64,
    pub(crate) cap: i64,
    pub(crate) max: usize,
    pub(super) skills: u64,
    pub(crate) brk: Option<(i64, i64, i64)>,
    pub(crate) locked: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Data {
    pub(super) nl: usize,
    pub(super) tt: Vec<i64>,
    pub(super) cost: Vec<i64>,
    pub(crate) jloc: Vec<usize>,
    pub(super) jwin: Vec<Vec<(i64, i64)>>,
    pub(super) jserv: Vec<i64>,
    pub(crate) jdem: Vec<i64>,
    pub(super) jskill: Vec<u64>,
    /// The only vehicle that may serve each job (`None`: any).
    pub(super) jveh: Vec<Option<usize>>,
    pub(crate) jweight: Vec<i64>,
    pub(crate) veh: Vec<VData>,
    pub(super) veh_cost: i64,
    pub(super) balance: i64,
    pub(super) neighbors: Vec<Vec<u32>>,
    pub(super) typical: f64,
}

pub(super) fn up(x: f64) -> i64 {
    (x * TIME_SCALE - 1e-6).ceil() as i64
}

pub(super) fn down(x: f64) -> i64 {
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
    pub(super) fn latest(&self, j: usize, d: i64) -> i64 {
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

    pub(super) fn brk_bwd(&self, v: usize, x: i64) -> i64 {
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

    pub(super) fn compatible(&self, j: usize, r: &Route) -> bool {
        let v = &self.veh[r.v];
        self.jskill[j] & !v.skills == 0
            && self.jveh[j].is_none_or(|only| only == r.v)
            && r.load + self.jdem[j] <= v.cap
            && r.jobs.len() < v.max
    }
}
