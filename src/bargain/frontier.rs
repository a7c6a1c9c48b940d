//! Pareto frontiers: a sort-and-sweep over enumerated outcomes, and an exact
//! split-and-merge for additive utilities that never enumerates the space.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::space::Scenario;

/// A point of a Pareto frontier: a utility vector and its representative outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    /// One utility per party.
    pub utilities: Vec<f64>,
    /// Index of the representative outcome: the lowest index among the outcomes
    /// with exactly these utilities.
    pub outcome_index: u64,
}

/// Utility vectors stored flat (`dims` numbers per point) with their outcome indices.
#[derive(Debug, Clone, Default)]
struct Points {
    dims: usize,
    utils: Vec<f64>,
    index: Vec<u64>,
}

impl Points {
    fn with_capacity(dims: usize, n: usize) -> Self {
        // Reserve at most 2^24 points up front; more grow on demand.
        let n = n.min(1 << 24);
        Points {
            dims,
            utils: Vec::with_capacity(dims * n),
            index: Vec::with_capacity(n),
        }
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    fn at(&self, i: usize) -> &[f64] {
        &self.utils[i * self.dims..(i + 1) * self.dims]
    }

    fn push(&mut self, utils: &[f64], index: u64) {
        self.utils.extend_from_slice(utils);
        self.index.push(index);
    }

    /// The points at the given positions, in that order.
    fn select(&self, keep: &[usize]) -> Points {
        let mut out = Points::with_capacity(self.dims, keep.len());
        for &k in keep {
            out.push(self.at(k), self.index[k]);
        }
        out
    }

    fn into_frontier_points(self) -> Vec<FrontierPoint> {
        (0..self.len())
            .map(|i| FrontierPoint {
                utilities: self.at(i).to_vec(),
                outcome_index: self.index[i],
            })
            .collect()
    }
}

/// Descending lexicographic order of utility vectors, then ascending index.
fn order(a: &[f64], ia: u64, b: &[f64], ib: u64) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match y.total_cmp(x) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    ia.cmp(&ib)
}

/// Two parties: positions of the points that survive a linear-time prefilter,
/// in input order.
///
/// Points are bucketed by their first utility (the bucket is monotone in it); a
/// point is dropped when some point of a higher bucket, which has a strictly
/// greater first utility, has at least its second utility. Such a point is
/// dominated, so the frontier of the survivors is the frontier of all points.
fn candidates_2d(points: &Points) -> Vec<usize> {
    const BUCKETS: usize = 4096;
    let n = points.len();
    if n <= 4 * BUCKETS {
        return (0..n).collect();
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for i in 0..n {
        let u = points.at(i)[0];
        lo = lo.min(u);
        hi = hi.max(u);
    }
    if hi <= lo || !(hi - lo).is_finite() {
        return (0..n).collect();
    }
    let scale = (BUCKETS as f64 - 1.0) / (hi - lo);
    // `as usize` saturates, and rounded subtraction and multiplication are
    // monotone, so the bucket never decreases when the first utility grows.
    let bucket = |u: f64| (((u - lo) * scale) as usize).min(BUCKETS - 1);
    let mut best = vec![f64::NEG_INFINITY; BUCKETS + 1];
    for i in 0..n {
        let u = points.at(i);
        let b = bucket(u[0]);
        best[b] = best[b].max(u[1]);
    }
    // above[b] = best second utility in buckets strictly above b.
    let mut above = vec![f64::NEG_INFINITY; BUCKETS];
    for b in (0..BUCKETS - 1).rev() {
        above[b] = above[b + 1].max(best[b + 1]);
    }
    (0..n)
        .filter(|&i| {
            let u = points.at(i);
            u[1] > above[bucket(u[0])]
        })
        .collect()
}

/// Positions of the non-dominated points, in frontier order.
fn frontier_positions(points: &Points) -> Vec<usize> {
    let n = points.len();
    if n == 0 {
        return Vec::new();
    }
    if points.dims == 2 {
        let mut v: Vec<(f64, f64, u64, usize)> = candidates_2d(points)
            .into_iter()
            .map(|i| {
                let u = points.at(i);
                (u[0], u[1], points.index[i], i)
            })
            .collect();
        v.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| b.1.total_cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        let mut keep = Vec::new();
        let mut best = f64::NEG_INFINITY;
        for (_, u1, _, i) in v {
            if u1 > best {
                best = u1;
                keep.push(i);
            }
        }
        return keep;
    }
    frontier_positions_general(points)
}

/// Positions of the non-dominated points for any number of parties.
fn frontier_positions_general(points: &Points) -> Vec<usize> {
    let n = points.len();
    let mut perm: Vec<usize> = (0..n).collect();
    perm.sort_unstable_by(|&a, &b| order(points.at(a), points.index[a], points.at(b), points.index[b]));
    // In this order no point is dominated by (or equal to) a later one, so each
    // point only needs checking against the frontier found so far.
    let mut keep: Vec<usize> = Vec::new();
    for &p in &perm {
        let u = points.at(p);
        let covered = keep.iter().any(|&f| points.at(f).iter().zip(u).all(|(a, b)| a >= b));
        if !covered {
            keep.push(p);
        }
    }
    keep
}

fn frontier_of(points: &Points) -> Points {
    points.select(&frontier_positions(points))
}

/// The Pareto frontier of a set of utility vectors (any number of parties).
///
/// Strict dominance; equal vectors collapse to the one with the lowest
/// `outcome_index`; listed by descending first utility (ties by the next
/// utilities, descending). Runs in O(n log n) for two parties, and in
/// O(n log n + n·f) for more (f = frontier size). Every point must have the same
/// number of utilities as the first; NaN is not supported.
#[must_use]
pub fn pareto_frontier(points: &[FrontierPoint]) -> Vec<FrontierPoint> {
    let dims = points.first().map_or(0, |p| p.utilities.len());
    let mut flat = Points::with_capacity(dims, points.len());
    for p in points.iter().filter(|p| p.utilities.len() == dims) {
        flat.push(&p.utilities, p.outcome_index);
    }
    frontier_of(&flat).into_frontier_points()
}

/// Keeps the points where every party gets at least its reservation value.
///
/// For the zone of agreement this is exact: the zone is upward closed in utility
/// space, so whatever dominates a zone outcome is itself in the zone, and the
/// frontier of the zone's outcomes equals the full frontier restricted to the zone
/// (representatives too, since zone membership depends on the utilities only).
#[must_use]
pub fn restrict_to_zone(frontier: &[FrontierPoint], reservations: &[f64]) -> Vec<FrontierPoint> {
    frontier
        .iter()
        .filter(|p| p.utilities.iter().zip(reservations).all(|(u, r)| u >= r))
        .cloned()
        .collect()
}

/// Calls `visit(index, utilities)` for every outcome in enumeration order.
///
/// Utilities are prefix sums in issue order, so they are bit-identical to
/// [`Scenario::utility`].
pub fn for_each_outcome(scenario: &Scenario, mut visit: impl FnMut(u64, &[f64])) {
    let terms = scenario.terms();
    let m = terms.len();
    let issues = scenario.space().issues();
    let n = issues.len();
    let sizes: Vec<usize> = issues
        .iter()
        .map(|i| usize::try_from(i.len()).unwrap_or(usize::MAX))
        .collect();
    let mut pos = vec![0usize; n];
    // prefix[p * (n + 1) + i] = sum of the first i terms of party p.
    let mut prefix = vec![0.0f64; m * (n + 1)];
    let recompute = |prefix: &mut [f64], pos: &[usize], from: usize| {
        for (p, party) in terms.iter().enumerate() {
            let row = &mut prefix[p * (n + 1)..(p + 1) * (n + 1)];
            for i in from..n {
                row[i + 1] = row[i] + party[i][pos[i]];
            }
        }
    };
    recompute(&mut prefix, &pos, 0);
    let mut utils = vec![0.0f64; m];
    let total = scenario.space().cardinality();
    let last = n - 1;
    let mut index: u64 = 0;
    loop {
        for (p, u) in utils.iter_mut().enumerate() {
            *u = prefix[p * (n + 1) + n];
        }
        visit(index, &utils);
        index += 1;
        if index >= total {
            break;
        }
        // Advance the odometer: the last issue varies fastest.
        let mut k = last;
        loop {
            pos[k] += 1;
            if pos[k] < sizes[k] || k == 0 {
                break;
            }
            pos[k] = 0;
            k -= 1;
        }
        if k == last {
            for (p, party) in terms.iter().enumerate() {
                let base = p * (n + 1);
                prefix[base + n] = prefix[base + last] + party[last][pos[last]];
            }
        } else {
            recompute(&mut prefix, &pos, k);
        }
    }
}

/// Full frontier and zone size found by enumerating every outcome.
pub(crate) fn enumerate(scenario: &Scenario) -> (Vec<FrontierPoint>, u64) {
    let m = scenario.parties().len();
    let reservations = scenario.reservations();
    let n = usize::try_from(scenario.space().cardinality()).unwrap_or(usize::MAX);
    let mut points = Points::with_capacity(m, n);
    let mut zone = 0u64;
    for_each_outcome(scenario, |i, u| {
        if u.iter().zip(&reservations).all(|(u, r)| u >= r) {
            zone += 1;
        }
        points.push(u, i);
    });
    (frontier_of(&points).into_frontier_points(), zone)
}

/// Number of outcomes in the zone of agreement, by enumeration.
#[must_use]
pub fn zone_size(scenario: &Scenario) -> u64 {
    let reservations = scenario.reservations();
    let mut zone = 0u64;
    for_each_outcome(scenario, |_, u| {
        if u.iter().zip(&reservations).all(|(u, r)| u >= r) {
            zone += 1;
        }
    });
    zone
}

/// The Pareto frontier over all outcomes, by enumerating them and sweeping.
#[must_use]
pub fn frontier_enumerated(scenario: &Scenario) -> Vec<FrontierPoint> {
    enumerate(scenario).0
}

/// How the points of a part's frontier are made, to turn a point back into value positions
/// without an outcome index (which overflows a `u64` past 2^64 outcomes).
enum Decoder {
    /// One issue: rank → value position.
    Leaf { issue: usize, positions: Vec<usize> },
    /// Two halves: rank → (rank in the left half's frontier, rank in the right half's).
    Pair {
        left: Box<Decoder>,
        right: Box<Decoder>,
        pairs: Vec<(u64, u64)>,
    },
}

impl Decoder {
    /// Writes the value positions of the point with this rank into `out`.
    fn decode(&self, rank: u64, out: &mut [usize]) {
        let Ok(r) = usize::try_from(rank) else { return };
        match self {
            Decoder::Leaf { issue, positions } => {
                if let (Some(slot), Some(&p)) = (out.get_mut(*issue), positions.get(r)) {
                    *slot = p;
                }
            }
            Decoder::Pair { left, right, pairs } => {
                if let Some(&(a, b)) = pairs.get(r) {
                    left.decode(a, out);
                    right.decode(b, out);
                }
            }
        }
    }
}

/// Replaces the (distinct) keys of `points` by their ranks and returns the keys in rank order.
///
/// A part's key orders its points as their value positions compare lexicographically (the
/// order of outcome indices), and a rank keeps that order in a number below the frontier's
/// size, so that a merge can combine two ranks as `rank_a × |b| + rank_b` without overflow
/// at any size of space.
fn rank(points: &mut Points) -> Vec<u64> {
    let mut sorted = points.index.clone();
    sorted.sort_unstable();
    for k in &mut points.index {
        *k = sorted.binary_search(k).map_or(0, |r| r as u64);
    }
    sorted
}

/// The frontier of the issues `lo..hi` alone, keyed by rank (see [`rank`]), and how to decode
/// a rank into value positions.
fn sub_frontier(scenario: &Scenario, lo: usize, hi: usize) -> (Points, Decoder) {
    let terms = scenario.terms();
    let m = terms.len();
    if hi - lo == 1 {
        let values = terms.first().map_or(0, |t| t[lo].len());
        let mut points = Points::with_capacity(m, values);
        let mut u = vec![0.0; m];
        for j in 0..values {
            for (p, party) in terms.iter().enumerate() {
                u[p] = party[lo][j];
            }
            points.push(&u, j as u64);
        }
        let mut points = frontier_of(&points);
        let positions = rank(&mut points).into_iter().map(|j| j as usize).collect();
        return (points, Decoder::Leaf { issue: lo, positions });
    }
    let mid = lo + (hi - lo) / 2;
    let (a, left) = sub_frontier(scenario, lo, mid);
    let (b, right) = sub_frontier(scenario, mid, hi);
    let nb = b.len() as u64;
    let mut out = if m == 2 {
        let mut out = Points::with_capacity(2, a.len().max(b.len()));
        merge_2d(&a, &b, nb, |u, i| out.push(u, i));
        out
    } else {
        // The frontier of a sum is the frontier of the Minkowski sum of the parts'
        // frontiers: a dominated part makes a dominated sum.
        let mut sum = Points::with_capacity(m, a.len() * b.len());
        let mut u = vec![0.0; m];
        for i in 0..a.len() {
            let ua = a.at(i);
            let base = a.index[i] * nb;
            for j in 0..b.len() {
                for ((s, x), y) in u.iter_mut().zip(ua).zip(b.at(j)) {
                    *s = x + y;
                }
                sum.push(&u, base + b.index[j]);
            }
        }
        frontier_of(&sum)
    };
    let pairs = rank(&mut out).into_iter().map(|k| (k / nb, k % nb)).collect();
    let decoder = Decoder::Pair {
        left: Box::new(left),
        right: Box::new(right),
        pairs,
    };
    (out, decoder)
}

/// The frontier of the Minkowski sum of two two-party frontiers, emitted in frontier
/// order, without building the `|a|·|b|` sums: a k-way merge over the rows `a_i + b_j`
/// (each non-increasing in the first utility, since `b` is in frontier order) pops the
/// sums by descending first utility; of the sums with the same first utility the best
/// second utility (lowest index among equals) is kept when it beats every earlier one.
/// Memory is `O(|a| + |b|)`; time `O(|a|·|b|·log min(|a|, |b|))`. The result is the one the
/// sort-and-sweep gives over all the sums. A sum's key is `key_a × size_b + key_b`, which
/// orders sums as the pairs of keys compare when every key of `b` is below `size_b`.
fn merge_2d(a: &Points, b: &Points, size_b: u64, mut emit: impl FnMut(&[f64], u64)) {
    use std::collections::BinaryHeap;
    /// A row's current sum, ordered by its first utility only.
    struct Head(f64, usize, usize);
    impl PartialEq for Head {
        fn eq(&self, o: &Self) -> bool {
            self.0.total_cmp(&o.0).is_eq()
        }
    }
    impl Eq for Head {}
    impl PartialOrd for Head {
        fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Head {
        fn cmp(&self, o: &Self) -> Ordering {
            self.0.total_cmp(&o.0)
        }
    }
    if a.len() == 0 || b.len() == 0 {
        return;
    }
    // Rows over the shorter side keep the heap small; `sum(r, c)` names the pair by side.
    let (rows, cols, rows_are_a) = if a.len() <= b.len() {
        (a, b, true)
    } else {
        (b, a, false)
    };
    let pair = |r: usize, c: usize| if rows_are_a { (r, c) } else { (c, r) };
    let value = |r: usize, c: usize| {
        let (i, j) = pair(r, c);
        let (ua, ub) = (a.at(i), b.at(j));
        ([ua[0] + ub[0], ua[1] + ub[1]], a.index[i] * size_b + b.index[j])
    };
    let mut heap: BinaryHeap<Head> = (0..rows.len()).map(|r| Head(value(r, 0).0[0], r, 0)).collect();
    let mut best = f64::NEG_INFINITY;
    while let Some(Head(x, r, c)) = heap.pop() {
        // Every sum with first utility `x` is popped in this group.
        let (mut top, mut top_index) = (f64::NEG_INFINITY, u64::MAX);
        let mut next = Some((r, c));
        while let Some((r, c)) = next {
            let ([_, y], index) = value(r, c);
            if y > top || (y == top && index < top_index) {
                (top, top_index) = (y, index);
            }
            if c + 1 < cols.len() {
                heap.push(Head(value(r, c + 1).0[0], r, c + 1));
            }
            next = match heap.peek() {
                Some(h) if h.0.total_cmp(&x).is_eq() => heap.pop().map(|h| (h.1, h.2)),
                _ => None,
            };
        }
        if top > best {
            best = top;
            emit(&[x, top], top_index);
        }
    }
}

/// Calls `visit(utilities, positions)` for every point of the Pareto frontier over all
/// outcomes, in frontier order (`positions` holds the value position of every issue), and
/// returns the size of the zone of agreement when the outcomes were enumerated.
///
/// With `enumerate`, every outcome is held (so the caller bounds the space); else the
/// issues are split and merged: for two parties the last merge streams its points, so
/// nothing is held beyond the two halves' frontiers, and utilities are recomputed in
/// issue order (bit-identical to [`Scenario::utility`]; with non-dyadic inputs a point that
/// the recomputation makes dominated by an earlier one, by rounding, is dropped). Points are
/// named by their value positions, never by an outcome index, so a space of any size works:
/// the work is bounded by the frontiers of the parts, not by the number of outcomes.
pub(crate) fn visit_frontier(
    scenario: &Scenario,
    enumerate: bool,
    reservations: &[f64],
    mut visit: impl FnMut(&[f64], &[usize]),
) -> Option<u64> {
    let m = scenario.parties().len();
    let space = scenario.space();
    let n = space.issues().len();
    if enumerate {
        let size = usize::try_from(space.cardinality()).unwrap_or(usize::MAX);
        let mut points = Points::with_capacity(m, size);
        let mut zone = 0u64;
        for_each_outcome(scenario, |i, u| {
            if u.iter().zip(reservations).all(|(u, r)| u >= r) {
                zone += 1;
            }
            points.push(u, i);
        });
        for p in frontier_positions(&points) {
            if let Some(pos) = space.positions(points.index[p]) {
                visit(points.at(p), &pos);
            }
        }
        return Some(zone);
    }
    let mut pos = vec![0usize; n];
    if m == 2 && n >= 2 {
        let mid = n / 2;
        let (a, left) = sub_frontier(scenario, 0, mid);
        let (b, right) = sub_frontier(scenario, mid, n);
        let nb = b.len() as u64;
        let mut best = f64::NEG_INFINITY;
        merge_2d(&a, &b, nb, |_, k| {
            left.decode(k / nb, &mut pos);
            right.decode(k % nb, &mut pos);
            let u = scenario.utilities(&pos);
            if u[1] > best {
                best = u[1];
                visit(&u, &pos);
            }
        });
        return None;
    }
    let (points, decoder) = sub_frontier(scenario, 0, n);
    let exact = recomputed(scenario, &points, &decoder);
    for p in frontier_positions(&exact) {
        decoder.decode(exact.index[p], &mut pos);
        visit(exact.at(p), &pos);
    }
    None
}

/// The points with their utilities recomputed in issue order from their value positions
/// (keys kept), so that they are bit-identical to [`Scenario::utility`].
fn recomputed(scenario: &Scenario, points: &Points, decoder: &Decoder) -> Points {
    let mut pos = vec![0usize; scenario.space().issues().len()];
    let mut exact = Points::with_capacity(points.dims, points.len());
    for &k in &points.index {
        decoder.decode(k, &mut pos);
        exact.push(&scenario.utilities(&pos), k);
    }
    exact
}

/// A frontier point as streamed and kept: its utilities and the value position of every
/// issue (an outcome index may not fit in a `u64`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Kept {
    pub(crate) utilities: Vec<f64>,
    pub(crate) positions: Vec<usize>,
}

impl Kept {
    fn new(utilities: &[f64], positions: &[usize]) -> Self {
        Kept {
            utilities: utilities.to_vec(),
            positions: positions.to_vec(),
        }
    }
}

/// What is kept of a stream of frontier points: their number, and the first `⌈cap/2⌉` and
/// last `⌊cap/2⌋` of them (all of them when there are at most `cap`), so that both ends of
/// a frontier too long to list are shown and nothing else is held.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    cap: usize,
    /// Points seen.
    pub(crate) size: u64,
    head: Vec<Kept>,
    tail: std::collections::VecDeque<Kept>,
}

impl Listing {
    pub(crate) fn new(cap: usize) -> Self {
        Listing {
            cap,
            size: 0,
            head: Vec::new(),
            tail: std::collections::VecDeque::new(),
        }
    }

    pub(crate) fn push(&mut self, u: &[f64], positions: &[usize]) {
        self.size += 1;
        let point = || Kept::new(u, positions);
        if self.head.len() < self.cap.div_ceil(2) {
            self.head.push(point());
        } else if self.cap / 2 > 0 {
            if self.tail.len() == self.cap / 2 {
                self.tail.pop_front();
            }
            self.tail.push_back(point());
        }
    }

    /// The kept points, in stream order.
    pub(crate) fn into_points(self) -> Vec<Kept> {
        let mut out = self.head;
        out.extend(self.tail);
        out
    }
}

/// The first `cap` points of a stream whose score is within `tolerance` of the best score,
/// in stream order: what [`crate::bargain::points`]'s functions return (cut at `cap`),
/// computed without holding the stream.
///
/// When more than `cap` points were within reach of the best at some moment (a zero-sum
/// frontier puts every point within rounding of the best welfare), the ones kept may not be
/// the first of the final list: [`Best::rescan`] then gives an accumulator for a second
/// pass that knows the best score.
pub(crate) struct Best<F: Fn(&[f64]) -> f64> {
    score: F,
    tolerance: f64,
    cap: usize,
    best: f64,
    /// Second pass: the least score kept.
    floor: Option<f64>,
    kept: Vec<(f64, Kept)>,
    dropped: bool,
}

impl<F: Fn(&[f64]) -> f64> Best<F> {
    pub(crate) fn new(score: F, tolerance: f64, cap: usize) -> Self {
        Best {
            score,
            tolerance,
            cap,
            best: f64::NEG_INFINITY,
            floor: None,
            kept: Vec::new(),
            dropped: false,
        }
    }

    pub(crate) fn offer(&mut self, u: &[f64], positions: &[usize]) {
        let s = (self.score)(u);
        let point = || (s, Kept::new(u, positions));
        if let Some(floor) = self.floor {
            if s >= floor && self.kept.len() < self.cap {
                self.kept.push(point());
            }
            return;
        }
        if s > self.best {
            self.best = s;
            let floor = s - self.tolerance;
            self.kept.retain(|(k, _)| *k >= floor);
        }
        if s >= self.best - self.tolerance {
            if self.kept.len() < self.cap {
                self.kept.push(point());
            } else {
                self.dropped = true;
            }
        }
    }

    /// The best points when they are final, else (some point was dropped while the list
    /// was full) an accumulator for a second pass over the same stream, which knows the best
    /// score and keeps the first `cap` points within reach of it.
    pub(crate) fn finish(self) -> Result<Vec<Kept>, Self> {
        if !self.dropped {
            return Ok(self.into_points());
        }
        Err(Best {
            floor: Some(self.best - self.tolerance),
            kept: Vec::new(),
            dropped: false,
            ..self
        })
    }

    /// The best points, in stream order.
    pub(crate) fn into_points(self) -> Vec<Kept> {
        if self.best == f64::NEG_INFINITY && self.floor.is_none() {
            return Vec::new();
        }
        self.kept.into_iter().map(|(_, p)| p).collect()
    }
}

/// The exact Pareto frontier over all outcomes without enumerating the space.
///
/// The issues are split in halves recursively; each half's frontier is computed
/// and the halves are merged as the frontier of the Minkowski sum of their
/// frontiers. Representatives stay the lowest outcome index, since the lowest
/// index of a sum is the combination of the lowest indices of its parts. The
/// final utilities are recomputed in issue order so that they are bit-identical to
/// [`Scenario::utility`]; with dyadic inputs the result equals
/// [`frontier_enumerated`] exactly. The space may have any number of outcomes; when it has
/// more than `u64::MAX` an index does not fit and `outcome_index` is `u64::MAX` (the
/// analyses name such points by their value positions instead).
#[must_use]
pub fn frontier_split_merge(scenario: &Scenario) -> Vec<FrontierPoint> {
    let space = scenario.space();
    let n = space.issues().len();
    let (points, decoder) = sub_frontier(scenario, 0, n);
    let exact = recomputed(scenario, &points, &decoder);
    let mut pos = vec![0usize; n];
    let fits = space.fits_u64();
    frontier_positions(&exact)
        .into_iter()
        .map(|p| {
            decoder.decode(exact.index[p], &mut pos);
            FrontierPoint {
                utilities: exact.at(p).to_vec(),
                outcome_index: space.index_of(&pos).filter(|_| fits).unwrap_or(u64::MAX),
            }
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::bargain::space::{DiscreteIssue, OutcomeSpace, UtilityProfile};

    /// A frontier point from its utilities and outcome index; the solution tests in
    /// `points` build theirs with it too.
    pub(in crate::bargain) fn fp(u: &[f64], i: u64) -> FrontierPoint {
        FrontierPoint {
            utilities: u.to_vec(),
            outcome_index: i,
        }
    }

    #[test]
    fn two_party_frontier_collapses_equal_vectors_to_lowest_index() {
        let pts = vec![
            fp(&[1.0, 0.0], 5),
            fp(&[0.5, 0.5], 3),
            fp(&[0.5, 0.5], 1),
            fp(&[0.25, 0.25], 0),
            fp(&[1.0, 0.0], 2),
            fp(&[0.0, 1.0], 4),
        ];
        let f = pareto_frontier(&pts);
        assert_eq!(f, vec![fp(&[1.0, 0.0], 2), fp(&[0.5, 0.5], 1), fp(&[0.0, 1.0], 4)]);
    }

    #[test]
    fn weak_dominance_removes_point() {
        let pts = vec![fp(&[1.0, 0.5], 0), fp(&[1.0, 0.25], 1)];
        assert_eq!(pareto_frontier(&pts), vec![fp(&[1.0, 0.5], 0)]);
    }

    #[test]
    fn three_party_frontier() {
        let pts = vec![
            fp(&[1.0, 0.0, 0.0], 0),
            fp(&[0.0, 1.0, 0.0], 1),
            fp(&[0.0, 0.0, 1.0], 2),
            fp(&[0.0, 0.0, 0.5], 3),
            fp(&[1.0, 0.0, 0.0], 4),
            fp(&[1.0, 0.5, 0.0], 5),
        ];
        let f = pareto_frontier(&pts);
        assert_eq!(
            f,
            vec![
                fp(&[1.0, 0.5, 0.0], 5),
                fp(&[0.0, 1.0, 0.0], 1),
                fp(&[0.0, 0.0, 1.0], 2)
            ]
        );
    }

    #[test]
    fn prefiltered_two_party_sweep_equals_general_cull() {
        let mut state: u64 = 7;
        let mut points = Points::with_capacity(2, 40_000);
        for i in 0..40_000u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let a = ((state >> 40) % 257) as f64 / 256.0;
            let b = ((state >> 20) % 257) as f64 / 256.0;
            // Points on or below the line a + b = 1, with many ties.
            points.push(&[a, (1.0 - a).min(b)], i);
        }
        assert!(candidates_2d(&points).len() < points.len());
        let fast = frontier_positions(&points);
        let slow = frontier_positions_general(&points);
        assert_eq!(fast, slow);
        assert!(!fast.is_empty());
    }

    #[test]
    fn empty_input_gives_empty_frontier() {
        assert!(pareto_frontier(&[]).is_empty());
    }

    fn small() -> Scenario {
        let space = OutcomeSpace::new(vec![
            DiscreteIssue::categorical("a", ["x", "y", "z"]),
            DiscreteIssue::integer("b", 1, 4),
        ])
        .unwrap();
        let p = |name: &str, w: [f64; 2], e0: [f64; 3], e1: [f64; 4], r: f64| UtilityProfile {
            name: name.into(),
            weights: w.to_vec(),
            evaluations: vec![e0.to_vec(), e1.to_vec()],
            reservation: r,
        };
        Scenario::new(
            space,
            vec![
                p("A", [0.5, 0.5], [1.0, 0.5, 0.0], [0.0, 0.25, 0.5, 1.0], 0.25),
                p("B", [0.25, 0.75], [0.0, 0.5, 1.0], [1.0, 0.75, 0.5, 0.0], 0.25),
            ],
        )
        .unwrap()
    }

    #[test]
    fn enumeration_visits_outcomes_in_mixed_radix_order() {
        let s = small();
        let mut seen = Vec::new();
        for_each_outcome(&s, |i, u| seen.push((i, u.to_vec())));
        assert_eq!(seen.len(), 12);
        for (i, u) in seen {
            assert_eq!(Some(u), s.utilities_of_index(i));
        }
    }

    #[test]
    fn split_merge_matches_enumeration() {
        let s = small();
        assert_eq!(frontier_split_merge(&s), frontier_enumerated(&s));
    }

    #[test]
    fn zone_frontier_by_filter_equals_frontier_of_zone() {
        let s = small();
        let r = s.reservations();
        let mut zone = Vec::new();
        for_each_outcome(&s, |i, u| {
            if u.iter().zip(&r).all(|(a, b)| a >= b) {
                zone.push(fp(u, i));
            }
        });
        assert_eq!(restrict_to_zone(&frontier_enumerated(&s), &r), pareto_frontier(&zone));
        assert_eq!(zone_size(&s), zone.len() as u64);
    }

    #[test]
    fn streaming_merge_equals_the_sweep_over_all_sums() {
        let mut state: u64 = 11;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % k) as f64 / 8.0
        };
        for round in 0..40 {
            let (na, nb) = (1 + round % 7, 1 + (round * 3) % 11);
            let mut raw_a = Points::with_capacity(2, na);
            for i in 0..na {
                raw_a.push(&[next(9), next(9)], i as u64);
            }
            let mut raw_b = Points::with_capacity(2, nb);
            for j in 0..nb {
                raw_b.push(&[next(9), next(9)], j as u64);
            }
            let (a, b) = (frontier_of(&raw_a), frontier_of(&raw_b));
            let mut all = Points::with_capacity(2, a.len() * b.len());
            for i in 0..a.len() {
                for j in 0..b.len() {
                    let (x, y) = (a.at(i), b.at(j));
                    all.push(&[x[0] + y[0], x[1] + y[1]], a.index[i] * nb as u64 + b.index[j]);
                }
            }
            let want = frontier_of(&all).into_frontier_points();
            let mut got = Vec::new();
            merge_2d(&a, &b, nb as u64, |u, i| {
                got.push(FrontierPoint {
                    utilities: u.to_vec(),
                    outcome_index: i,
                })
            });
            assert_eq!(got, want, "round {round}");
        }
    }

    #[test]
    fn a_listing_keeps_both_ends() {
        let mut l = Listing::new(5);
        for i in 0..10usize {
            l.push(&[i as f64], &[i]);
        }
        assert_eq!(l.size, 10);
        let kept: Vec<usize> = l.into_points().iter().map(|p| p.positions[0]).collect();
        assert_eq!(kept, [0, 1, 2, 8, 9]);
        let mut short = Listing::new(5);
        short.push(&[1.0], &[4]);
        assert_eq!(short.into_points().len(), 1);
    }

    #[test]
    fn best_keeps_the_first_ties_even_past_its_cap() {
        // Scores 1, 1, 2, 2, 2 with a cap of 2: the early ties fill the list and are
        // then beaten; the second pass lists the first two of the best.
        let stream = [(1.0, 0), (1.0, 1), (2.0, 2), (2.0, 3), (2.0, 4)];
        let mut b = Best::new(|u: &[f64]| u[0], 0.0, 2);
        for (u, i) in stream {
            b.offer(&[u], &[i]);
        }
        let mut second = match b.finish() {
            Ok(_) => panic!("the cap was reached: a second pass is needed"),
            Err(second) => second,
        };
        for (u, i) in stream {
            second.offer(&[u], &[i]);
        }
        let kept: Vec<usize> = second.into_points().iter().map(|p| p.positions[0]).collect();
        assert_eq!(kept, [2, 3]);
    }
}
