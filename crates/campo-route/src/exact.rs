//! Exact ordering of one technician's day: a label-setting dynamic programme over (set of
//! served stops, last stop) with Pareto labels (cost, earliest departure, break taken). It
//! enumerates every feasible subset, so when not every stop fits it returns the subset with
//! the highest priority weight (then the most stops of each class), then the shortest route.
//!
//! Uses the same conservative integer scaling as the heuristic, so its answer is comparable
//! with the heuristic's and feasible in doubles.

use crate::instance::{Instance, Task};
use crate::solver::{Config, Data, INF_TIME, locked_prefix, route_tasks, sat_add};

/// Largest number of free stops the exact solver accepts.
pub const MAX_EXACT: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Label {
    cost: i64,
    time: i64,
    brk: bool,
    prev_last: u8,
    prev_idx: u32,
}

/// The optimal day for vehicle 0 of `inst` (other vehicles ignored): its tasks and the jobs
/// left out. `None` when there are more than [`MAX_EXACT`] free jobs.
pub fn solve_exact(inst: &Instance, cfg: &Config) -> Option<(Vec<Task>, Vec<usize>)> {
    if inst.vehicles.is_empty() {
        return Some((Vec::new(), (0..inst.jobs.len()).collect()));
    }
    let d = Data::new(inst, cfg);
    let veh = &d.veh[0];
    let v = &inst.vehicles[0];
    let locked: Vec<usize> = veh.locked.clone();
    let free: Vec<usize> = (0..inst.jobs.len())
        .filter(|j| !locked.contains(j) && inst.jobs[*j].skills & !v.skills == 0)
        .collect();
    let n = free.len();
    if n > MAX_EXACT {
        return None;
    }
    let has_break = veh.brk.is_some();
    let (start_loc, prefix_cost, f0, fb0) = locked_prefix(&d, 0);
    let locked_load: i64 = locked.iter().map(|&j| d.jdem[j]).sum();
    let max_free = veh.max.saturating_sub(locked.len());
    let end = veh.end;
    let full = 1usize << n;
    // labels[mask * n + last]
    let mut labels: Vec<Vec<Label>> = vec![Vec::new(); full * n.max(1)];
    let mut load = vec![0i64; full];
    for mask in 1..full {
        let low = mask.trailing_zeros() as usize;
        load[mask] = load[mask & (mask - 1)] + d.jdem[free[low]];
    }
    let start_labels: Vec<Label> = {
        let mut v = Vec::new();
        if !has_break && f0 < INF_TIME {
            v.push(Label {
                cost: prefix_cost,
                time: f0,
                brk: true,
                prev_last: u8::MAX,
                prev_idx: 0,
            });
        } else if has_break {
            if f0 < INF_TIME {
                v.push(Label {
                    cost: prefix_cost,
                    time: f0,
                    brk: false,
                    prev_last: u8::MAX,
                    prev_idx: 0,
                });
            }
            if fb0 < INF_TIME {
                v.push(Label {
                    cost: prefix_cost,
                    time: fb0,
                    brk: true,
                    prev_last: u8::MAX,
                    prev_idx: 0,
                });
            }
        }
        v
    };
    let push = |list: &mut Vec<Label>, l: Label| {
        if list
            .iter()
            .any(|o| o.cost <= l.cost && o.time <= l.time && (o.brk || !l.brk))
        {
            return;
        }
        list.retain(|o| !(l.cost <= o.cost && l.time <= o.time && (l.brk || !o.brk)));
        list.push(l);
    };
    let extend =
        |labels: &mut Vec<Vec<Label>>, from: &[Label], from_loc: usize, mask: usize, last: u8| {
            for (j, &job) in free.iter().enumerate() {
                if mask & (1 << j) != 0 {
                    continue;
                }
                let nmask = mask | (1 << j);
                if locked_load + load[nmask] > veh.cap || (nmask.count_ones() as usize) > max_free {
                    continue;
                }
                let loc = d.jloc[job];
                let t = d.tt(from_loc, loc);
                let c = d.cost(from_loc, loc);
                let back = d.tt(loc, end);
                for (idx, l) in from.iter().enumerate() {
                    let a = sat_add(l.time, t);
                    let dep = d.serve(job, a);
                    if dep < INF_TIME && dep + back <= veh.s1 {
                        let nl = Label {
                            cost: l.cost + c,
                            time: dep,
                            brk: l.brk,
                            prev_last: last,
                            prev_idx: idx as u32,
                        };
                        push(&mut labels[nmask * n + j], nl);
                    }
                    if has_break && !l.brk {
                        let dep = d.serve(job, d.brk_fwd(0, a));
                        if dep < INF_TIME && dep + back <= veh.s1 {
                            let nl = Label {
                                cost: l.cost + c,
                                time: dep,
                                brk: true,
                                prev_last: last,
                                prev_idx: idx as u32,
                            };
                            push(&mut labels[nmask * n + j], nl);
                        }
                    }
                }
            }
        };
    extend(&mut labels, &start_labels, start_loc, 0, u8::MAX);
    for mask in 1..full {
        for last in 0..n {
            if mask & (1 << last) == 0 || labels[mask * n + last].is_empty() {
                continue;
            }
            let from = std::mem::take(&mut labels[mask * n + last]);
            extend(&mut labels, &from, d.jloc[free[last]], mask, last as u8);
            labels[mask * n + last] = from;
        }
    }
    // Best closing: highest served weight, then lowest cost.
    let close = |l: &Label, loc: usize| -> Option<i64> {
        let a = sat_add(l.time, d.tt(loc, end));
        let a = if l.brk { a } else { d.brk_fwd(0, a) };
        (a <= veh.s1).then_some(l.cost + d.cost(loc, end))
    };
    let weight = |mask: usize| -> i64 {
        (0..n)
            .filter(|j| mask & (1 << j) != 0)
            .map(|j| d.jweight[free[j]])
            .sum()
    };
    let mut best: Option<(i64, i64, usize, usize, usize)> = None; // (weight, cost, mask, last, idx)
    for l in &start_labels {
        if let Some(c) = close(l, start_loc) {
            let c = if locked.is_empty() { 0 } else { c };
            if best.is_none_or(|b| (0, c) < (b.0, b.1) || b.0 < 0) {
                best = Some((0, c, 0, usize::MAX, 0));
            }
        }
    }
    for mask in 1..full {
        let w = weight(mask);
        if best.is_some_and(|b| w < b.0) {
            continue;
        }
        for last in 0..n {
            for (idx, l) in labels[mask * n + last].iter().enumerate() {
                if let Some(c) = close(l, d.jloc[free[last]])
                    && best.is_none_or(|b| w > b.0 || (w == b.0 && c < b.1))
                {
                    best = Some((w, c, mask, last, idx));
                }
            }
        }
    }
    let mut order = Vec::new();
    if let Some((_, _, mut mask, mut last, mut idx)) = best {
        while last != usize::MAX {
            order.push(free[last]);
            let l = labels[mask * n + last][idx];
            mask &= !(1 << last);
            last = if l.prev_last == u8::MAX {
                usize::MAX
            } else {
                l.prev_last as usize
            };
            idx = l.prev_idx as usize;
        }
    }
    order.reverse();
    let mut jobs = locked.clone();
    jobs.extend_from_slice(&order);
    let tasks = if best.is_some() {
        route_tasks(&d, 0, &jobs)?
    } else {
        Vec::new()
    };
    let served: Vec<usize> = if best.is_some() {
        jobs.clone()
    } else {
        Vec::new()
    };
    let unassigned = (0..inst.jobs.len())
        .filter(|j| !served.contains(j))
        .collect();
    Some((tasks, unassigned))
}
