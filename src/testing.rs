//! Synthetic workloads and the one brute-force reference engine, for benchmarks and tests.
//!
//! Enabled by the `testing` cargo feature (the crate's own tests turn it on through a
//! dev-dependency on itself, so `cargo test` runs the reference laws without flags).
//! [`generate`] builds a realistic vocabulary and two positions from a seed (the same seed
//! always gives the same output); [`reference`](mod@reference) compares positions cell by
//! cell, the slow obvious way: property tests replay every engine comparison there
//! ([`reference::check_comparison`]), and benchmarks report the engine's speed-up over
//! [`reference::reference_compare`] as a ratio measured in the same run.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{AmountRange, Clause, Date, DateRange, Modality, Position, Source, Strength, Vocabulary};

pub mod reference;

/// Checks the locator with which `negdiff check` finds the line and column of a field in a file
/// read on the fast path (which keeps no spans) against the full path's spanned tree, on every
/// field of `text` and on paths past each: the same offset, or no answer where the tree points
/// at a table or list made by TOML headers. Returns how many paths were answered.
///
/// # Errors
/// The first path on which they disagree, or text the full path does not read.
pub fn locator_agrees(text: &str, json: bool) -> Result<usize, String> {
    let syntax = if json {
        crate::format::Format::Json
    } else {
        crate::format::Format::Toml
    };
    crate::format::agrees_with_tree(text, syntax)
}

/// How many clause objects `check` notes in JSON `text` (where it starts the scan for a
/// clause's fields), or `None` when it scans the whole text instead.
#[must_use]
pub fn json_clauses_noted(text: &str) -> Option<usize> {
    crate::format::json_clause_marks(text).map(|m| m.clauses.len())
}

/// How many `[[clauses]]` headers the small TOML reader notes in `text` (where `check` starts
/// the scan for a clause's fields), or `None` when that reader leaves the text to the `toml`
/// parser.
#[must_use]
pub fn clause_headers_noted(text: &str) -> Option<usize> {
    crate::format::clause_marks(text).map(|m| m.clauses.len())
}

/// A small deterministic PRNG (splitmix64): no dependency, the same stream on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for workloads, and branch-free.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of a non-empty slice (`None` for an empty one).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// The shape of a generated workload.
#[derive(Debug, Clone, PartialEq)]
pub struct GenConfig {
    /// Seed of the generator; the same configuration always gives the same output.
    pub seed: u64,
    /// Number of entities (states, regions, sites in `part-of` trees).
    pub entities: usize,
    /// Number of actions (about 40% of them come in opposite pairs).
    pub actions: usize,
    /// Number of issues the actions are spread over.
    pub issues: usize,
    /// Number of named groups of entities (some nest other groups).
    pub groups: usize,
    /// Number of parties that bear norms (at least 2: the two position holders).
    pub parties: usize,
    /// Clauses in each of the two positions.
    pub clauses_per_side: usize,
    /// Number of "hot" actions that carry a large share of the clauses, on one bearer each.
    pub hot_actions: usize,
    /// The share of clauses (0–1) that go to the hot actions.
    pub hot_share: f64,
    /// The share of right-hand clauses (0–1) that revise a left-hand clause (same bearer and
    /// action, moved window, sometimes another modality) rather than being drawn afresh.
    pub overlap: f64,
}

impl GenConfig {
    /// The standard benchmark shape: 200 entities, 1 000 actions in 100 issues, 20 hot
    /// actions with a tenth of the clauses (500 each per side at 10⁵ clauses), and half of
    /// the right side revising the left.
    #[must_use]
    pub fn with_clauses(clauses_per_side: usize, seed: u64) -> Self {
        GenConfig {
            seed,
            entities: 200,
            actions: 1000,
            issues: 100,
            groups: 24,
            parties: 4,
            clauses_per_side,
            hot_actions: 20,
            hot_share: 0.1,
            overlap: 0.5,
        }
    }

    /// The shape of real use at scale: the vocabulary grows with the positions. `actions`
    /// actions in `actions / 10` issues, with one hot action in 50 (so a hot action carries
    /// as many clauses at every size), 200 entities and 24 groups. With `actions` a tenth of
    /// `clauses_per_side`, each (bearer, action) holds a few clauses a side at any size, and
    /// the number of findings grows like the input, not like its square.
    #[must_use]
    pub fn with_actions(clauses_per_side: usize, actions: usize, seed: u64) -> Self {
        let actions = actions.max(2);
        GenConfig {
            actions,
            issues: (actions / 10).max(1),
            hot_actions: (actions / 50).max(1),
            ..GenConfig::with_clauses(clauses_per_side, seed)
        }
    }
}

/// The first day generated windows can start on (2020-01-01).
const EPOCH: i32 = 18_262;
/// Generated windows start within this many days of [`EPOCH`] (about 20 years).
const SPAN: usize = 7_300;
const UNITS: [&str; 4] = ["troops", "km", "aircraft", "warheads"];

/// Generates a vocabulary and a left and right position as `config` describes.
///
/// The output is a pure function of `config` (no hash-map iteration order, no clock), and the
/// positions are valid for the vocabulary. Clause ids are `c0`, `c1`, … on each side.
#[must_use]
pub fn generate(config: &GenConfig) -> (Vocabulary, Position, Position) {
    let mut rng = SplitMix64::new(config.seed);
    let vocab = gen_vocabulary(config, &mut rng);
    let shape = Shape::of(&vocab, config);
    let parties: Vec<String> = vocab.parties.iter().map(|p| p.id.clone()).collect();
    let left_party = parties.first().cloned().unwrap_or_default();
    let right_party = parties.get(1).cloned().unwrap_or_default();
    let mut left = Position::new(left_party, "generated left").source(Source::new("s0", "Generated record"));
    let mut right = Position::new(right_party, "generated right").source(Source::new("s0", "Generated record"));
    left.date = Some(Date::from_day_number(EPOCH));
    right.date = Some(Date::from_day_number(EPOCH + 30));
    left.clauses = (0..config.clauses_per_side).map(|i| shape.fresh(&mut rng, i)).collect();
    let mut rclauses = Vec::with_capacity(config.clauses_per_side);
    for i in 0..config.clauses_per_side {
        let c = match rng.pick(&left.clauses) {
            Some(base) if rng.chance(config.overlap) => shape.revise(&mut rng, base, i),
            _ => shape.fresh(&mut rng, i),
        };
        rclauses.push(c);
    }
    right.clauses = rclauses;
    (vocab, left, right)
}

/// Generates one more position of `party` over a vocabulary made by [`generate`], with fresh
/// clauses drawn from `config.seed` (give each position its own seed), e.g. for the N-party
/// matrix. `config` should be the one the vocabulary was made with, apart from the seed.
#[must_use]
pub fn generate_position(vocab: &Vocabulary, config: &GenConfig, party: &str) -> Position {
    let mut rng = SplitMix64::new(config.seed ^ 0x5bd1_e995_5bd1_e995);
    let shape = Shape::of(vocab, config);
    let mut p = Position::new(party, format!("generated {party}")).source(Source::new("s0", "Generated record"));
    p.clauses = (0..config.clauses_per_side).map(|i| shape.fresh(&mut rng, i)).collect();
    p
}

/// How much [`generate_revision`] changes a position: shares (0–1) of the old clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionConfig {
    /// Seed of the generator; the same position and configuration always give the same output.
    pub seed: u64,
    /// Clauses edited in place: narrowed, widened or shifted (`where`, `when`, `amount`),
    /// another modality, strength or weight, sometimes a new text.
    pub edit: f64,
    /// Clauses reworded under a new id (the text lightly edited, so that `evolve` can still
    /// match them by similarity; sometimes the scope too).
    pub reword: f64,
    /// Clauses dropped.
    pub drop: f64,
    /// New clauses added, as a share of the old clause count, at random places.
    pub add: f64,
    /// Kept clauses taken out and put back at another place.
    pub moved: f64,
}

impl RevisionConfig {
    /// A realistic revision: 10 % of the clauses edited, 3 % reworded under a new id, 3 %
    /// dropped, 4 % added, 2 % moved; the rest (≈ 84 %) kept as they were.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        RevisionConfig {
            seed,
            edit: 0.10,
            reword: 0.03,
            drop: 0.03,
            add: 0.04,
            moved: 0.02,
        }
    }
}

/// Generates the next round of `old` (same party, vocabulary and sources, dated 30 days
/// later): most clauses kept, some edited (narrowed, widened, shifted, modality or strength
/// changed), some reworded under a new id, some dropped, some added, some moved, in the
/// shares `config` gives. For benchmarking and testing [`evolve`](crate::evolve()).
///
/// `vocab` must be the vocabulary `old` is valid for (new clauses are drawn from it). The
/// output is a pure function of the arguments and is valid for `vocab` when `old` is: conditions
/// follow reworded clauses to their new ids, and conditions on dropped clauses are removed.
#[must_use]
pub fn generate_revision(vocab: &Vocabulary, old: &Position, config: &RevisionConfig) -> Position {
    let mut rng = SplitMix64::new(config.seed ^ 0x2545_f491_4f6c_dd1d);
    let shape = Shape::of(vocab, &GenConfig::with_clauses(0, config.seed));
    let mut used: BTreeSet<String> = old.clauses.iter().map(|c| c.id.clone()).collect();
    let fresh_id = |base: &str, used: &mut BTreeSet<String>| {
        let mut k = 1usize;
        loop {
            let id = format!("{base}-{k}");
            if used.insert(id.clone()) {
                return id;
            }
            k += 1;
        }
    };
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut clauses: Vec<Clause> = Vec::with_capacity(old.clauses.len() + old.clauses.len() / 16);
    for c in &old.clauses {
        let r = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let mut c = c.clone();
        if r < config.drop {
            continue;
        } else if r < config.drop + config.reword {
            let id = fresh_id(&c.id, &mut used);
            renamed.insert(c.id.clone(), id.clone());
            c.id = id;
            c.text = reword(&mut rng, &c.text);
            if rng.chance(0.3) {
                shape.edit_scope(&mut rng, &mut c);
            }
        } else if r < config.drop + config.reword + config.edit {
            shape.edit(&mut rng, &mut c);
        }
        clauses.push(c);
    }
    // Added clauses, each at a random place.
    let added = (old.clauses.len() as f64 * config.add).round() as usize;
    for k in 0..added {
        let mut c = shape.fresh(&mut rng, old.clauses.len() + k);
        c.conditions.clear();
        c.id = fresh_id("new", &mut used);
        let at = rng.below(clauses.len() + 1);
        clauses.insert(at, c);
    }
    // Moved clauses: taken out and put back elsewhere.
    let moves = (clauses.len() as f64 * config.moved).round() as usize;
    for _ in 0..moves {
        if clauses.len() < 2 {
            break;
        }
        let from = rng.below(clauses.len());
        let c = clauses.remove(from);
        let to = rng.below(clauses.len() + 1);
        clauses.insert(to, c);
    }
    // Conditions follow renamed clauses and lose dropped ones.
    let ids: BTreeSet<String> = clauses.iter().map(|c| c.id.clone()).collect();
    for c in &mut clauses {
        for cond in &mut c.conditions {
            if cond.party.is_none() {
                if let Some(new_id) = renamed.get(&cond.clause) {
                    cond.clause = new_id.clone();
                }
            }
        }
        c.conditions
            .retain(|cond| cond.party.as_ref().is_some_and(|p| *p != old.party) || ids.contains(&cond.clause));
    }
    let mut p = old.clone();
    p.label = format!("{} (revised)", old.label);
    p.date = old.date.map(|d| Date::from_day_number(d.day_number() + 30));
    p.clauses = clauses;
    p
}

/// A light rewording: one word added, dropped or replaced (the word similarity stays high).
fn reword(rng: &mut SplitMix64, text: &str) -> String {
    const WORDS: [&str; 6] = ["promptly", "fully", "verifiably", "in good faith", "at once", "jointly"];
    let mut words: Vec<&str> = text.split(' ').collect();
    let word = WORDS[rng.below(WORDS.len())];
    match rng.below(3) {
        0 if words.len() > 3 => {
            words.remove(rng.below(words.len()));
        }
        1 if !words.is_empty() => {
            let at = rng.below(words.len());
            words[at] = word;
        }
        _ => words.push(word),
    }
    words.join(" ")
}

fn gen_vocabulary(config: &GenConfig, rng: &mut SplitMix64) -> Vocabulary {
    let mut v = Vocabulary::new(format!("generated-{}", config.seed));
    for p in 0..config.parties.max(2) {
        v = v.party(format!("p{p}"), format!("Party {p}"));
    }
    // Entities: about a tenth are states; the rest are regions of states or sites of regions.
    let roots = (config.entities / 10).max(1).min(config.entities);
    let mut depth: Vec<u8> = Vec::with_capacity(config.entities);
    for i in 0..config.entities {
        let parent = if i < roots {
            None
        } else {
            // Prefer shallow parents so the trees are bushy (depth at most 3).
            let mut p = rng.below(i);
            while depth.get(p).copied().unwrap_or(0) >= 2 {
                p = rng.below(i);
            }
            Some(p)
        };
        depth.push(parent.and_then(|p| depth.get(p)).map_or(0, |d| d + 1));
        v = v.entity(
            format!("e{i}"),
            format!("Entity {i}"),
            parent.map(|p| format!("e{p}")).as_deref(),
        );
    }
    // Groups: 3–12 members each; later groups sometimes include earlier ones.
    for g in 0..config.groups {
        let n = 3 + rng.below(10);
        let mut members = BTreeSet::new();
        for _ in 0..n {
            if g > 0 && rng.chance(0.15) {
                members.insert(format!("@g{}", rng.below(g)));
            } else if config.entities > 0 {
                members.insert(format!("e{}", rng.below(config.entities)));
            }
        }
        if members.is_empty() {
            continue;
        }
        v = v.group(format!("g{g}"), members);
    }
    // Actions: pairs of opposites and single actions, listed issue by issue.
    let mut ids: Vec<String> = Vec::with_capacity(config.actions);
    let mut i = 0;
    while i < config.actions {
        let unit = rng.chance(0.3).then(|| UNITS[rng.below(UNITS.len())]);
        if i + 1 < config.actions && rng.chance(0.4) {
            v = v.opposites(format!("a{i}"), format!("a{}-undo", i), unit);
            ids.push(format!("a{i}"));
            ids.push(format!("a{i}-undo"));
            i += 2;
        } else {
            v = v.action(format!("a{i}"), unit);
            ids.push(format!("a{i}"));
            i += 1;
        }
    }
    let issues = config.issues.max(1);
    let per = ids.len().div_ceil(issues).max(1);
    let mut rest = ids.as_slice();
    let mut k = 0;
    while !rest.is_empty() {
        let mut take = per.min(rest.len());
        // Keep an opposite pair in one issue.
        if take < rest.len() && rest[take].ends_with("-undo") {
            take += 1;
        }
        let (now, later) = rest.split_at(take);
        v = v.issue(format!("i{k}"), format!("Issue {k}"), now.iter().cloned());
        rest = later;
        k += 1;
    }
    v
}

/// What clauses can be drawn from: the vocabulary's ids in a convenient form.
struct Shape {
    parties: Vec<String>,
    entities: Vec<String>,
    groups: Vec<String>,
    /// Action ids with their unit flag.
    actions: Vec<(String, bool)>,
    /// Hot action indices into `actions`, each with its one bearer.
    hot: Vec<(usize, String)>,
    hot_share: f64,
}

impl Shape {
    fn of(v: &Vocabulary, config: &GenConfig) -> Shape {
        let actions: Vec<(String, bool)> = v.actions.iter().map(|a| (a.id.clone(), a.unit.is_some())).collect();
        let parties: Vec<String> = v.parties.iter().map(|p| p.id.clone()).collect();
        let n_hot = config.hot_actions.min(actions.len());
        // Spread the hot actions over the vocabulary so they land in different issues.
        let hot = (0..n_hot)
            .map(|h| {
                let a = h * actions.len() / n_hot.max(1);
                (a, parties.get(h % parties.len().max(1)).cloned().unwrap_or_default())
            })
            .collect();
        Shape {
            parties,
            entities: v.entities.iter().map(|e| e.id.clone()).collect(),
            groups: v.groups.keys().map(|g| format!("@{g}")).collect(),
            actions,
            hot,
            hot_share: config.hot_share,
        }
    }

    fn places(&self, rng: &mut SplitMix64) -> Option<Vec<String>> {
        // Mostly one or two named places; sometimes a group; rarely everywhere.
        let r = rng.below(100);
        if r < 4 || self.entities.is_empty() {
            return None;
        }
        let mut out = BTreeSet::new();
        if r < 12 && !self.groups.is_empty() {
            out.extend(rng.pick(&self.groups).cloned());
        } else {
            for _ in 0..1 + rng.below(2) {
                out.extend(rng.pick(&self.entities).cloned());
            }
        }
        Some(out.into_iter().collect())
    }

    fn window(rng: &mut SplitMix64) -> Option<(Option<Date>, Option<Date>)> {
        let r = rng.below(100);
        if r < 10 {
            return None;
        }
        // Windows start on the first of a month-ish grid, as treaties do.
        let from = EPOCH + (rng.below(SPAN / 30) * 30) as i32;
        let len = [30, 90, 180, 365, 730, 1825][rng.below(6)];
        let from_d = Date::from_day_number(from);
        let until_d = Date::from_day_number(from + len - 1);
        Some(match r {
            10..=17 => (Some(from_d), None),
            18..=21 => (None, Some(until_d)),
            _ => (Some(from_d), Some(until_d)),
        })
    }

    fn amount(rng: &mut SplitMix64) -> Option<(Option<f64>, Option<f64>)> {
        if rng.chance(0.4) {
            return None;
        }
        let lo = (rng.below(20) * 500) as f64;
        let hi = lo + ((1 + rng.below(20)) * 500) as f64;
        Some(match rng.below(4) {
            0 => (Some(lo), None),
            1 => (None, Some(hi)),
            _ => (Some(lo), Some(hi)),
        })
    }

    fn modality(rng: &mut SplitMix64) -> Modality {
        match rng.below(100) {
            0..=34 => Modality::Must,
            35..=64 => Modality::MustNot,
            65..=89 => Modality::May,
            _ => Modality::NeedNot,
        }
    }

    fn scope(&self, rng: &mut SplitMix64, mut c: Clause, unit: bool) -> Clause {
        c.places = self.places(rng);
        if let Some((f, u)) = Shape::window(rng) {
            c = c.during(DateRange { from: f, until: u });
        }
        if unit {
            if let Some((lo, hi)) = Shape::amount(rng) {
                c = c.amount(AmountRange { min: lo, max: hi });
            }
        }
        c
    }

    fn fresh(&self, rng: &mut SplitMix64, i: usize) -> Clause {
        let hot = (!self.hot.is_empty() && rng.chance(self.hot_share))
            .then(|| rng.pick(&self.hot).cloned())
            .flatten();
        let (action, bearer) = match hot {
            Some((a, b)) => (a, b),
            None => (
                rng.below(self.actions.len()),
                rng.pick(&self.parties).cloned().unwrap_or_default(),
            ),
        };
        let (action_id, unit) = self.actions.get(action).cloned().unwrap_or_default();
        let modality = Shape::modality(rng);
        let mut c = Clause::new(format!("c{i}"), bearer.clone(), modality, action_id.clone());
        if rng.chance(0.08) {
            if let Some(other) = rng.pick(&self.parties).filter(|p| **p != bearer) {
                c = c.bearers([bearer.clone(), other.clone()]);
            }
        }
        c = self.scope(rng, c, unit);
        c.strength = Strength::ALL[rng.below(4)];
        if rng.chance(0.2) {
            c.weight = Some(rng.below(101) as f64 / 100.0);
        }
        if i > 0 && rng.chance(0.05) {
            c = c.given(&format!("c{}", rng.below(i)));
        }
        c.text = format!("{bearer} {modality} {action_id}");
        if rng.chance(0.1) {
            c = c.quote("s0", format!("clause {i} as stated"), None);
        }
        c
    }

    /// Narrows, widens or shifts one of a clause's `where`, `when` and `amount`.
    fn edit_scope(&self, rng: &mut SplitMix64, c: &mut Clause) {
        match rng.below(3) {
            0 => match &mut c.places {
                // Narrow: drop one of several places.
                Some(ps) if ps.len() > 1 => {
                    ps.remove(rng.below(ps.len()));
                }
                // Widen: add a place.
                Some(ps) => {
                    if let Some(e) = rng.pick(&self.entities) {
                        if !ps.contains(e) {
                            ps.push(e.clone());
                            ps.sort();
                        }
                    }
                }
                // Narrow "everywhere" to one place.
                None => c.places = rng.pick(&self.entities).map(|e| vec![e.clone()]),
            },
            1 => {
                let w = c.when.get_or_insert_with(Default::default);
                let days = |d: Option<Date>, by: i32| d.map(|d| Date::from_day_number(d.day_number() + by));
                match (rng.below(3), w.from, w.until) {
                    // Narrow: end earlier (keep the window non-empty) or start later.
                    (0, Some(f), Some(u)) if u.day_number() - f.day_number() > 60 => w.until = days(w.until, -30),
                    (0, None, Some(u)) => w.from = Some(Date::from_day_number(u.day_number() - 365)),
                    (0, None, None) => w.from = Some(Date::from_day_number(EPOCH + (rng.below(SPAN / 30) * 30) as i32)),
                    // Widen: end later.
                    (1, _, Some(_)) => w.until = days(w.until, 90),
                    // Shift.
                    _ => {
                        let by = (rng.below(13) as i32 - 6) * 30;
                        w.from = days(w.from, by);
                        w.until = days(w.until, by);
                    }
                }
                if w.from.is_none() && w.until.is_none() {
                    c.when = None;
                }
            }
            _ => {
                if let Some(a) = &mut c.amount {
                    match (rng.below(2), a.max) {
                        (0, Some(m)) if a.min.is_none_or(|lo| m - 500.0 >= lo) => a.max = Some(m - 500.0),
                        _ => a.max = a.max.map(|m| m + 1000.0),
                    }
                } else if let Some(ps) = &mut c.places {
                    if ps.len() > 1 {
                        ps.pop();
                    }
                }
            }
        }
    }

    /// An edit in place: the scope, the modality, the strength, the weight or the text.
    fn edit(&self, rng: &mut SplitMix64, c: &mut Clause) {
        match rng.below(10) {
            0..=5 => self.edit_scope(rng, c),
            6 => c.modality = Shape::modality(rng),
            7 => c.strength = Strength::ALL[rng.below(4)],
            8 => c.weight = Some(rng.below(101) as f64 / 100.0),
            _ => {
                self.edit_scope(rng, c);
                c.text = reword(rng, &c.text);
            }
        }
    }

    /// A revision of `base`: the same bearer and action (or its opposite), a moved scope.
    fn revise(&self, rng: &mut SplitMix64, base: &Clause, i: usize) -> Clause {
        let mut c = base.clone();
        c.id = format!("c{i}");
        c.conditions.clear();
        c.evidence.clear();
        match rng.below(10) {
            0..=4 => {}
            5..=7 => c.modality = Shape::modality(rng),
            _ => c.modality = c.modality.negate_action(),
        }
        if rng.chance(0.5) {
            let unit = c.amount.is_some();
            c = self.scope(rng, c, unit);
        } else if let Some(w) = &mut c.when {
            // Shift the window by a few months either way.
            let shift = (rng.below(13) as i32 - 6) * 30;
            w.from = w.from.map(|d| Date::from_day_number(d.day_number() + shift));
            w.until = w.until.map(|d| Date::from_day_number(d.day_number() + shift));
        }
        c.text = format!("revised: {}", c.text);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::reference::{check_comparison, engine_keys, reference_compare, RefFinding};
    use super::*;
    use crate::analysis::validate_position;

    fn small(seed: u64) -> GenConfig {
        GenConfig {
            seed,
            entities: 12,
            actions: 16,
            issues: 4,
            groups: 3,
            parties: 3,
            clauses_per_side: 40,
            hot_actions: 2,
            hot_share: 0.3,
            overlap: 0.5,
        }
    }

    #[test]
    fn same_seed_same_output_different_seed_different() {
        let cfg = GenConfig::with_clauses(300, 7);
        assert_eq!(generate(&cfg), generate(&cfg));
        let other = GenConfig { seed: 8, ..cfg.clone() };
        assert_ne!(generate(&cfg), generate(&other));
    }

    #[test]
    fn generated_positions_validate() {
        for seed in 0..4 {
            let (v, l, r) = generate(&GenConfig::with_clauses(2_000, seed));
            assert_eq!(v.entities.len(), 200);
            assert_eq!(v.actions.len(), 1000);
            assert_eq!(l.clauses.len(), 2_000);
            validate_position(&v, &l).unwrap();
            validate_position(&v, &r).unwrap();
            let (v, l, r) = generate(&small(seed));
            validate_position(&v, &l).unwrap();
            validate_position(&v, &r).unwrap();
        }
    }

    #[test]
    fn revisions_are_deterministic_valid_and_mixed() {
        let (v, l, _) = generate(&GenConfig::with_clauses(3_000, 5));
        let cfg = RevisionConfig::new(9);
        let r = generate_revision(&v, &l, &cfg);
        assert_eq!(r, generate_revision(&v, &l, &cfg));
        assert_ne!(r, generate_revision(&v, &l, &RevisionConfig::new(10)));
        assert_eq!(r.party, l.party);
        validate_position(&v, &r).unwrap();
        let ev = crate::evolve(&v, &l, &r).unwrap();
        let n = &ev.counts;
        assert!(
            n.added > 0 && n.dropped > 0 && n.reworded > 0 && n.moved > 0 && n.modified > 0,
            "{n:?}"
        );
        assert!(n.concession > 0 && n.hardening > 0, "{n:?}");
        // Most clauses are kept as they were.
        assert!(n.unchanged > 3_000 * 3 / 4, "{n:?}");
        // An empty revision keeps everything.
        let none = RevisionConfig {
            edit: 0.0,
            reword: 0.0,
            drop: 0.0,
            add: 0.0,
            moved: 0.0,
            ..cfg
        };
        assert_eq!(generate_revision(&v, &l, &none).clauses, l.clauses);
    }

    #[test]
    fn workload_is_mixed() {
        let (v, l, r) = generate(&GenConfig::with_clauses(5_000, 1));
        let c = crate::compare(&v, &l, &r).unwrap();
        let n = c.summary.counts;
        assert!(n.conflict > 0 && n.agreement > 0 && n.overlap > 0 && n.gap > 0, "{n:?}");
        assert!(l.clauses.iter().any(|c| c.places.is_none()));
        assert!(l.clauses.iter().any(|c| c.amount.is_some()));
        assert!(l.clauses.iter().any(|c| c.when.is_some()));
        assert!(l
            .clauses
            .iter()
            .any(|c| c.places.iter().flatten().any(|p| p.starts_with('@'))));
    }

    /// A small world whose vocabulary also has territories, a converse action, place domains
    /// and whole-number amount domains; clauses that the domains make invalid are left out.
    fn small_with_domains(seed: u64) -> (Vocabulary, Position, Position) {
        let (mut v, l, r) = generate(&small(seed));
        v = v.territory("p0", "e0").territory("p1", "e1").territory("p2", "e2");
        let near: Vec<String> = (0..6).map(|i| format!("e{i}")).collect();
        for (k, a) in v.actions.iter_mut().enumerate() {
            if k % 3 == 0 {
                a.applies_to = Some(near.clone());
            }
            if a.unit.is_some() && !a.id.ends_with("-undo") {
                a.amount_domain = Some(crate::model::AmountDomain {
                    min: Some(250.0),
                    max: (k % 2 == 0).then_some(6000.0),
                    whole: k % 4 < 2,
                });
            }
        }
        let target = v.actions[1].id.clone();
        v = v.converse("join", &target, "p2");
        let fix = |p: &Position| {
            let mut p = p.clone();
            for (i, c) in p.clauses.iter_mut().enumerate() {
                c.conditions.clear();
                if i % 5 == 0 {
                    c.action = "join".into();
                    c.places = None;
                    c.amount = None;
                    c.bearer = vec![format!("p{}", i % 3)];
                }
            }
            let mut one = Position::new(p.party.clone(), "one clause");
            one.sources = p.sources.clone();
            p.clauses.retain(|c| {
                one.clauses = vec![c.clone()];
                validate_position(&v, &one).is_ok()
            });
            p
        };
        let (l, r) = (fix(&l), fix(&r));
        (v, l, r)
    }

    /// The reference's relations, clause pair by clause pair, are the engine's; and the whole
    /// comparison replays on the reference (witnesses cell by cell, grouping, basis,
    /// silence, verdicts).
    fn agrees(v: &Vocabulary, l: &Position, r: &Position, seed: u64) {
        let c = crate::compare(v, l, r).unwrap();
        let reference: Vec<_> = reference_compare(v, l, r).iter().map(RefFinding::key).collect();
        assert_eq!(engine_keys(&c), reference, "seed {seed}");
        if let Err(e) = check_comparison(v, l, r, &c) {
            panic!("seed {seed}: {e}");
        }
    }

    #[test]
    fn reference_agrees_with_engine_on_converses_and_domains() {
        for seed in 0..20 {
            let (v, l, r) = small_with_domains(seed);
            assert!(l.clauses.iter().any(|c| c.action == "join"), "seed {seed}");
            assert!(l.clauses.len() > 20, "seed {seed}");
            agrees(&v, &l, &r, seed);
        }
    }

    /// The reference laws can fail: each kind of wrong comparison is caught by its check.
    #[test]
    fn the_reference_catches_tampered_comparisons() {
        use super::reference::{check_basis_and_silence, check_relations, check_verdicts};
        use crate::analysis::{FindingKind, Verdict};
        use crate::model::Basis;
        let (v, l, r) = generate(&small(3));
        let c = crate::compare(&v, &l, &r).unwrap();
        assert_eq!(check_comparison(&v, &l, &r, &c), Ok(()));
        let tampered = |edit: &dyn Fn(&mut crate::Comparison)| {
            let mut t = c.clone();
            edit(&mut t);
            t
        };
        let dropped = tampered(&|t| {
            t.findings.pop();
        });
        assert!(check_relations(&v, &l, &r, &dropped).is_err());
        let relabelled = tampered(&|t| {
            let f = t
                .findings
                .iter_mut()
                .find(|f| f.kind == FindingKind::Agreement)
                .unwrap();
            f.kind = FindingKind::Overlap;
        });
        assert!(check_relations(&v, &l, &r, &relabelled).is_err());
        let shrunk = tampered(&|t| {
            let f = t.findings.iter_mut().find(|f| f.scope[0].places.len() > 1).unwrap();
            f.scope[0].places.pop();
        });
        assert!(check_relations(&v, &l, &r, &shrunk).is_err());
        let rebased = tampered(&|t| {
            let f = &mut t.findings[0];
            f.basis = if f.basis == Basis::Quoted {
                Basis::Inferred
            } else {
                Basis::Quoted
            };
        });
        assert!(check_basis_and_silence(&v, &l, &r, &rebased).is_err());
        let rejudged = tampered(&|t| {
            let i = &mut t.issues[0];
            i.verdict = if i.verdict == Verdict::LeftOnly {
                Verdict::LeftAsksMore
            } else {
                Verdict::LeftOnly
            };
        });
        assert!(check_verdicts(&v, &l, &r, &rejudged).is_err());
    }

    #[test]
    fn reference_agrees_with_engine_on_small_worlds() {
        for seed in 0..20 {
            let (v, l, r) = generate(&small(seed));
            agrees(&v, &l, &r, seed);
        }
    }
}
