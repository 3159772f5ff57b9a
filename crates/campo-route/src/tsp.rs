//! A single closed tour without windows (the TSPLIB benchmark, and the "order these stops, no
//! windows" case): iterated local search with 2-opt and Or-opt over neighbour lists and
//! double-bridge kicks, on an integer matrix.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Tour length of `tour` (closed) under matrix `m` (`n × n`).
pub fn tour_length(m: &[i64], n: usize, tour: &[usize]) -> i64 {
    (0..tour.len())
        .map(|i| m[tour[i] * n + tour[(i + 1) % tour.len()]])
        .sum()
}

struct Ls<'a> {
    m: &'a [i64],
    n: usize,
    nb: Vec<Vec<usize>>,
    tour: Vec<usize>,
    pos: Vec<usize>,
}

impl Ls<'_> {
    fn d(&self, a: usize, b: usize) -> i64 {
        self.m[a * self.n + b]
    }
    fn succ(&self, a: usize) -> usize {
        self.tour[(self.pos[a] + 1) % self.n]
    }
    fn pred(&self, a: usize) -> usize {
        self.tour[(self.pos[a] + self.n - 1) % self.n]
    }
    /// Reverses the tour path from position i to position j (inclusive, going forward).
    fn reverse(&mut self, i: usize, j: usize) {
        let n = self.n;
        let len = (j + n - i) % n + 1;
        let (mut a, mut b) = if len * 2 <= n {
            (i, j)
        } else {
            ((j + 1) % n, (i + n - 1) % n)
        };
        let len = if len * 2 <= n { len } else { n - len };
        for _ in 0..len / 2 {
            self.tour.swap(a, b);
            self.pos[self.tour[a]] = a;
            self.pos[self.tour[b]] = b;
            a = (a + 1) % n;
            b = (b + n - 1) % n;
        }
    }

    fn two_opt(&mut self, a: usize) -> bool {
        for dir in 0..2 {
            let b = if dir == 0 { self.succ(a) } else { self.pred(a) };
            let dab = self.d(a, b);
            for k in 0..self.nb[a].len() {
                let c = self.nb[a][k];
                let dac = self.d(a, c);
                if dac >= dab {
                    break;
                }
                let dd = if dir == 0 { self.succ(c) } else { self.pred(c) };
                if dd == a || c == b {
                    continue;
                }
                let delta = dac + self.d(b, dd) - dab - self.d(c, dd);
                if delta < 0 {
                    if dir == 0 {
                        // a b ... c dd  ->  a c ... b dd
                        self.reverse(self.pos[b], self.pos[c]);
                    } else {
                        // dd c ... b a -> dd b ... c a
                        self.reverse(self.pos[c], self.pos[b]);
                    }
                    return true;
                }
            }
        }
        false
    }

    fn or_opt(&mut self, a: usize) -> bool {
        let n = self.n;
        if n < 8 {
            return false;
        }
        for len in 1..=3usize {
            // segment a .. e (forward from a)
            let pa = self.pos[a];
            let e = self.tour[(pa + len - 1) % n];
            let p = self.pred(a);
            let nx = self.succ(e);
            let gain = self.d(p, a) + self.d(e, nx) - self.d(p, nx);
            for end in [a, e] {
                for k in 0..self.nb[end].len() {
                    let c = self.nb[end][k];
                    if self.d(end, c) >= gain {
                        break;
                    }
                    let off = (self.pos[c] + n - pa) % n;
                    if off < len {
                        continue;
                    }
                    for side in 0..2 {
                        let (x, y) = if side == 0 {
                            (c, self.succ(c))
                        } else {
                            (self.pred(c), c)
                        };
                        if x == e
                            || y == a
                            || (self.pos[y] + n - pa) % n < len
                            || (self.pos[x] + n - pa) % n < len
                        {
                            continue;
                        }
                        let fwd = self.d(x, a) + self.d(e, y);
                        let rev = self.d(x, e) + self.d(a, y);
                        let add = fwd.min(rev) - self.d(x, y);
                        if add < gain {
                            self.move_segment(a, len, x, rev < fwd);
                            return true;
                        }
                    }
                }
            }
        }
        false
    }

    fn move_segment(&mut self, a: usize, len: usize, x: usize, reversed: bool) {
        let n = self.n;
        let pa = self.pos[a];
        let mut seg: Vec<usize> = (0..len).map(|k| self.tour[(pa + k) % n]).collect();
        if reversed {
            seg.reverse();
        }
        let mut rest: Vec<usize> = Vec::with_capacity(n);
        for k in len..n {
            rest.push(self.tour[(pa + k) % n]);
        }
        let xi = rest.iter().position(|&v| v == x).unwrap_or(0);
        let mut out = Vec::with_capacity(n);
        out.extend_from_slice(&rest[..=xi]);
        out.extend_from_slice(&seg);
        out.extend_from_slice(&rest[xi + 1..]);
        self.tour = out;
        for (i, &v) in self.tour.iter().enumerate() {
            self.pos[v] = i;
        }
    }

    fn local_search(&mut self, queue: &mut Vec<usize>, active: &mut [bool]) {
        while let Some(a) = queue.pop() {
            active[a] = false;
            let before = [self.pred(a), self.succ(a)];
            if self.two_opt(a) || self.or_opt(a) {
                for v in [a, before[0], before[1], self.pred(a), self.succ(a)] {
                    if !active[v] {
                        active[v] = true;
                        queue.push(v);
                    }
                }
                // the endpoints of the changed edges
                for v in self.changed_neighbourhood(a) {
                    if !active[v] {
                        active[v] = true;
                        queue.push(v);
                    }
                }
            }
        }
    }

    fn changed_neighbourhood(&self, a: usize) -> Vec<usize> {
        self.nb[a].iter().take(5).copied().collect()
    }
}

/// Best closed tour over nodes `0..n` found within `limit` (and `max_kicks` kicks if given).
pub fn solve_tsp(
    m: &[i64],
    n: usize,
    limit: Duration,
    max_kicks: Option<u64>,
    seed: u64,
) -> Vec<usize> {
    let started = Instant::now();
    if n <= 3 {
        return (0..n).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let k = 10.min(n - 1);
    let nb: Vec<Vec<usize>> = (0..n)
        .map(|a| {
            let mut l: Vec<usize> = (0..n).filter(|&b| b != a).collect();
            l.sort_by_key(|&b| m[a * n + b]);
            l.truncate(k);
            l
        })
        .collect();
    // nearest-neighbour start
    let mut seen = vec![false; n];
    let mut tour = vec![0usize];
    seen[0] = true;
    for _ in 1..n {
        let last = *tour.last().unwrap_or(&0);
        let next = (0..n)
            .filter(|&b| !seen[b])
            .min_by_key(|&b| m[last * n + b])
            .unwrap_or(0);
        seen[next] = true;
        tour.push(next);
    }
    let mut pos = vec![0; n];
    for (i, &v) in tour.iter().enumerate() {
        pos[v] = i;
    }
    let mut ls = Ls {
        m,
        n,
        nb,
        tour,
        pos,
    };
    let mut active = vec![true; n];
    let mut queue: Vec<usize> = (0..n).collect();
    ls.local_search(&mut queue, &mut active);
    let mut cur_len = tour_length(m, n, &ls.tour);
    let mut best = ls.tour.clone();
    let mut best_len = cur_len;
    let mut kicks = 0u64;
    while started.elapsed() < limit && max_kicks.is_none_or(|mk| kicks < mk) {
        kicks += 1;
        let saved = ls.tour.clone();
        // local double bridge: three cut points close to each other
        let seg = 50.min(n / 4).max(2);
        let p0 = rng.random_range(0..n);
        let mut cuts = [
            rng.random_range(1..seg),
            rng.random_range(1..seg),
            rng.random_range(1..seg),
        ];
        cuts.sort_unstable();
        if cuts[0] == cuts[1] || cuts[1] == cuts[2] {
            continue;
        }
        let rot: Vec<usize> = (0..n).map(|i| ls.tour[(p0 + i) % n]).collect();
        let (a, b, c) = (cuts[0], cuts[1], cuts[2]);
        let mut nt = Vec::with_capacity(n);
        nt.extend_from_slice(&rot[..a]);
        nt.extend_from_slice(&rot[b..c]);
        nt.extend_from_slice(&rot[a..b]);
        nt.extend_from_slice(&rot[c..]);
        ls.tour = nt;
        for (i, &v) in ls.tour.iter().enumerate() {
            ls.pos[v] = i;
        }
        for &v in [
            rot[0],
            rot[a - 1],
            rot[a],
            rot[b - 1],
            rot[b],
            rot[c - 1],
            rot[c % n],
            rot[n - 1],
        ]
        .iter()
        {
            if !active[v] {
                active[v] = true;
                queue.push(v);
            }
        }
        ls.local_search(&mut queue, &mut active);
        let len = tour_length(m, n, &ls.tour);
        if len <= cur_len {
            cur_len = len;
            if len < best_len {
                best_len = len;
                best = ls.tour.clone();
            }
        } else {
            ls.tour = saved;
            for (i, &v) in ls.tour.iter().enumerate() {
                ls.pos[v] = i;
            }
        }
    }
    best
}
