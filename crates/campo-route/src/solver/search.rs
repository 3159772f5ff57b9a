//! The search: ruin & recreate under simulated annealing, and the fleet-minimisation phase.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct Sol {
    pub(super) routes: Vec<Route>,
    pub(super) unassigned: Vec<usize>,
}

impl Sol {
    pub(super) fn cost(&self, d: &Data) -> i64 {
        let mut c = 0;
        for r in &self.routes {
            if !r.jobs.is_empty() {
                c += r.cost + d.veh_cost + d.balance * (r.jobs.len() * r.jobs.len()) as i64;
            }
        }
        c + self.unassigned.iter().map(|&j| d.jweight[j]).sum::<i64>()
    }

    pub(super) fn used(&self) -> usize {
        self.routes.iter().filter(|r| !r.jobs.is_empty()).count()
    }
}

/// Share of the time limit the fleet-minimisation phase may use at most.
pub(super) const FLEET_SHARE: f64 = 0.3;
/// Annealing temperatures, in multiples of the mean distance to the 10 nearest stops.
pub(super) const T_START: f64 = 5.0;
pub(super) const T_END: f64 = 0.1;
pub(super) const C_BAR: f64 = 10.0;
pub(super) const L_MAX: f64 = 10.0;
pub(super) const BLINK: f64 = 0.01;

pub(super) struct Search<'a> {
    pub(super) d: &'a Data,
    pub(super) rng: ChaCha8Rng,
    pub(super) absences: Vec<u32>,
    pub(super) where_: Vec<(u32, u32)>,
    pub(super) ruined: Vec<bool>,
    pub(super) saved: Vec<(usize, Route)>,
    pub(super) saved_mark: Vec<bool>,
    pub(super) saved_unassigned: Vec<usize>,
}

impl Search<'_> {
    /// Starts a move: remembers the unassigned list; routes are saved on first touch.
    pub(super) fn begin(&mut self, s: &Sol) {
        for (i, _) in self.saved.drain(..) {
            self.saved_mark[i] = false;
        }
        self.saved_unassigned.clear();
        self.saved_unassigned.extend_from_slice(&s.unassigned);
    }

    pub(super) fn save(&mut self, i: usize, r: &Route) {
        if !self.saved_mark[i] {
            self.saved_mark[i] = true;
            self.saved.push((i, r.clone()));
        }
    }

    /// Undoes the move started by `begin`.
    pub(super) fn rollback(&mut self, s: &mut Sol) {
        for (i, r) in self.saved.drain(..) {
            self.saved_mark[i] = false;
            s.routes[i] = r;
        }
        std::mem::swap(&mut s.unassigned, &mut self.saved_unassigned);
    }

    /// Keeps the move started by `begin`.
    pub(super) fn commit(&mut self) {
        for (i, _) in self.saved.drain(..) {
            self.saved_mark[i] = false;
        }
    }

    pub(super) fn ruin(&mut self, s: &mut Sol) -> Vec<usize> {
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
    pub(super) fn intra(&mut self, s: &mut Sol, ri: usize) -> bool {
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
    pub(super) fn two_opt_star(&mut self, s: &mut Sol, ra: usize) -> Option<usize> {
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
    pub(super) fn local_search(&mut self, s: &mut Sol) {
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

    pub(super) fn sort_pool(&mut self, pool: &mut [usize], fleet_mode: bool) {
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

    pub(super) fn recreate(
        &mut self,
        s: &mut Sol,
        mut pool: Vec<usize>,
        allow_new: bool,
        fleet_mode: bool,
    ) {
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
