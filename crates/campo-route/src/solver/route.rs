//! One vehicle's route with its forward and backward time arrays, so an insertion is checked
//! in O(1); the exact solver reuses its feasibility and prefix state.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct Route {
    pub(super) v: usize,
    pub(super) jobs: Vec<usize>,
    pub(super) locked: usize,
    pub(super) fwd: Vec<i64>,
    pub(super) fwdb: Vec<i64>,
    pub(super) bwd: Vec<i64>,
    pub(super) bwdb: Vec<i64>,
    pub(super) load: i64,
    pub(super) cost: i64,
}

impl Route {
    pub(super) fn new(d: &Data, v: usize) -> Route {
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

    pub(super) fn loc(&self, d: &Data, pos: usize) -> usize {
        if pos == 0 {
            d.veh[self.v].start
        } else if pos > self.jobs.len() {
            d.veh[self.v].end
        } else {
            d.jloc[self.jobs[pos - 1]]
        }
    }

    pub(super) fn update(&mut self, d: &Data) {
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

    pub(super) fn feasible(&self) -> bool {
        self.jobs.is_empty() || self.fwdb[self.jobs.len() + 1] < INF
    }

    /// Can job `c` go between positions `p` and `p + 1`?
    pub(super) fn can_insert(&self, d: &Data, c: usize, p: usize) -> bool {
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
    pub(super) fn break_gap(&self, d: &Data) -> Option<usize> {
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

    pub(super) fn tasks(&self, d: &Data) -> Vec<Task> {
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

pub(super) fn sat_sub(a: i64, b: i64) -> i64 {
    if a <= NEG { NEG } else { a - b }
}
