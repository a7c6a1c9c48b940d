//! The comparison engine: clauses indexed by (bearer, base action), pairwise relations on
//! intersections, gaps as exact remainders.

use std::collections::BTreeMap;

use super::findings::{
    Comparison, Counts, Finding, FindingKind, IssueVerdict, Legend, NamedSet, PositionInfo, Quote, Side, Silence,
    Summary, Verdict,
};
use super::index::{Compiled, Index, Norm};
use super::name::Name;
use super::region::{subtract_all, Block};
use crate::error::Error;
use crate::model::{Basis, Modality, Position, Strength, Vocabulary};

/// Compares two positions over a vocabulary.
///
/// Every clause is read, per bearer, as a norm over a base action; two norms of the two
/// sides on the same bearer and base action meet where their scopes intersect, and the part
/// of a clause's scope that the other side does not cover is a gap. See the crate docs for
/// the full semantics.
///
/// ```
/// use negdiff::{compare, Clause, Modality, Position, Vocabulary};
/// let vocab = Vocabulary::new("talks")
///     .party("russia", "Russia")
///     .party("nato", "NATO")
///     .action("admit-members", None)
///     .issue("enlargement", "Enlargement", ["admit-members"]);
/// let russia = Position::new("russia", "draft")
///     .clause(Clause::new("no-enlargement", "nato", Modality::MustNot, "admit-members").text("no new members"));
/// let nato = Position::new("nato", "reply")
///     .clause(Clause::new("open-door", "nato", Modality::May, "admit-members").text("the door stays open"));
/// let report = compare(&vocab, &russia, &nato)?;
/// let conflict = report.conflicts().next().unwrap();
/// assert_eq!((conflict.left[0].as_str(), conflict.right[0].as_str()), ("no-enlargement", "open-door"));
/// println!("{report}");
/// # Ok::<(), negdiff::Error>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary or a position breaks the model's rules (unknown
/// ids, cycles, empty ranges…), listing every problem.
pub fn compare(vocabulary: &Vocabulary, left: &Position, right: &Position) -> Result<Comparison, Error> {
    super::Analyzer::new(vocabulary)?.compare(left, right)
}

/// Compares two positions over a vocabulary, reading them as `options` says (for example
/// only the clauses on the record).
///
/// # Errors
/// As [`compare`].
pub fn compare_with(
    vocabulary: &Vocabulary,
    left: &Position,
    right: &Position,
    options: &super::record::CompareOptions,
) -> Result<Comparison, Error> {
    super::Analyzer::new(vocabulary)?
        .with_options(*options)
        .compare(left, right)
}

pub(crate) type Key = (usize, usize);

/// Norm indices in (bearer, base action) order, each key's in index order: two stable
/// counting passes (by action, then by bearer), linear in the norms plus the parties and
/// actions they name, which at 10⁵ norms is several times cheaper than sorting the keys.
pub(crate) fn key_order(norms: &[Norm]) -> Vec<u32> {
    let bases: Vec<u32> = norms.iter().map(|n| n.base as u32).collect();
    let bearers: Vec<u32> = norms.iter().map(|n| n.bearer as u32).collect();
    let by_base = counting_pass(0..norms.len() as u32, &bases);
    counting_pass(by_base.into_iter(), &bearers)
}

/// `order` stably sorted by `key[i]` of each `i`.
fn counting_pass(order: impl Iterator<Item = u32>, key: &[u32]) -> Vec<u32> {
    let buckets = key.iter().max().map_or(0, |&k| k as usize + 1);
    // Where each bucket starts in the output, then where its next member goes.
    let mut at = vec![0u32; buckets + 1];
    for &k in key {
        at[k as usize + 1] += 1;
    }
    for b in 1..at.len() {
        at[b] += at[b - 1];
    }
    let mut out = vec![0u32; key.len()];
    for i in order {
        let slot = &mut at[key[i as usize] as usize];
        out[*slot as usize] = i;
        *slot += 1;
    }
    out
}

/// How a class of norms is named in explanations, pushed onto `out`, each norm named by
/// `push`: the first few, then how many more (the ids are all in the finding's lists).
/// Shared with `check`'s lint, which names norms without a [`Builder`].
pub(crate) fn push_group_by(out: &mut String, norms: &[u32], mut push: impl FnMut(&mut String, u32)) {
    const SHOWN: usize = 3;
    for (i, &n) in norms.iter().take(SHOWN).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push(out, n);
    }
    if norms.len() > SHOWN {
        out.push_str(" and ");
        out.push_str(&(norms.len() - SHOWN).to_string());
        out.push_str(" more clauses on the same scope");
    }
}

/// What a conflict's explanation puts between its two classes of norms.
pub(crate) const CANNOT_HOLD: &str = " cannot hold together with ";

/// What every finding about one norm repeats, computed once per norm.
pub(crate) struct NormInfo {
    pub id: Name,
    /// Rank of the clause id among its side's ids, in string order.
    pub rank: u32,
    /// How explanations name a converse reading of the clause; `None` for a plain reading,
    /// `party's `id` (bearer modality action)`, which is written straight into each
    /// explanation instead of being kept for every norm.
    pub converse: Option<String>,
    pub conditions: Vec<Name>,
    pub quotes: Vec<Quote>,
    pub red: bool,
    pub basis: Basis,
}

fn norm_infos(index: &Index<'_>, side: Side, c: &Compiled<'_>) -> Vec<NormInfo> {
    let p = c.position;
    let party = &p.party;
    // Only the clauses the norms read are ranked and named: a comparison of the clauses on
    // the record reads only some of a position's. Ranks among them keep the order of ranks
    // among all, the only thing ranks are used for. Mostly every clause is read, and then no
    // table of slots is made.
    let mut is_read = vec![false; p.clauses.len()];
    for n in &c.norms {
        is_read[n.clause] = true;
    }
    // Clause `i` is the `slot[i]`th clause read; no slots when every clause is read.
    let (clause_rank, ids, slot): (Vec<u32>, Vec<Name>, Option<Vec<u32>>) = if is_read.iter().all(|&r| r) {
        (
            super::index::ranks(p.clauses.iter().map(|c| c.id.as_str())),
            p.clauses.iter().map(|c| Name::from(&c.id)).collect(),
            None,
        )
    } else {
        let mut slot = vec![0u32; p.clauses.len()];
        let mut read = Vec::new();
        for (i, _) in is_read.iter().enumerate().filter(|(_, &r)| r) {
            slot[i] = read.len() as u32;
            read.push(&p.clauses[i]);
        }
        (
            super::index::ranks(read.iter().map(|c| c.id.as_str())),
            read.iter().map(|c| Name::from(&c.id)).collect(),
            Some(slot),
        )
    };
    let at = |i: usize| slot.as_ref().map_or(i, |s| s[i] as usize);
    // Most vocabularies have no converse action: then no clause needs its action looked up.
    let converses = index.vocab.actions.iter().any(|a| a.converse.is_some());
    c.norms
        .iter()
        .map(|n| {
            let clause = &p.clauses[n.clause];
            NormInfo {
                id: ids[at(n.clause)].clone(),
                rank: clause_rank[at(n.clause)],
                converse: converses
                    .then(|| index.describe_converse(party, clause, n.bearer))
                    .flatten()
                    .map(|mut d| {
                        // Held to the end of the comparison: no slack from formatting.
                        d.shrink_to_fit();
                        d
                    }),
                conditions: clause
                    .conditions
                    .iter()
                    .map(|r| Name::from(r.qualified(party)))
                    .collect(),
                quotes: clause
                    .evidence
                    .iter()
                    .map(|e| Quote {
                        side,
                        clause: ids[at(n.clause)].clone(),
                        source: Name::from(&e.source),
                        quote: Name::from(&e.quote),
                        speaker: e.speaker.as_deref().map(Name::from),
                    })
                    .collect(),
                red: clause.strength == Strength::RedLine,
                basis: clause.record_basis(),
            }
        })
        .collect()
}

/// A finding's place in the canonical order, as integers: issue, kind, red lines (most
/// first), bearer, action, left id, right id (absent first).
pub(crate) type Rank = (u32, FindingKind, u8, u32, u32, u32, u32);

/// A run of one of a [`Records`]' pools: where it starts and how many items it holds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<T>(self, pool: &[T]) -> &[T] {
        &pool[self.start as usize..(self.start + self.len) as usize]
    }
}

/// One finding as the engine keeps it: its norms on each side and the blocks of its witness
/// as runs of shared pools, and the few values the canonical order and the totals read.
/// Everything a person or a program reads of a finding (names, scope boxes, conditions,
/// evidence, the explanation) is derived from it only when the finding is written or made
/// into a [`Finding`]: a large comparison holds hundreds of thousands of these, at a few
/// dozen bytes each and no allocation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub kind: FindingKind,
    pub red: u8,
    pub whole_issue: bool,
    pub silence: Option<Silence>,
    pub basis: Basis,
    /// The left class of norms (empty for a gap the right side raised).
    left: Span,
    right: Span,
    blocks: Span,
}

/// Records with their ranks, kept apart so that sorting moves small keys.
#[derive(Default)]
pub(crate) struct Ranked {
    ranks: Vec<(Rank, u32)>,
    records: Vec<Record>,
    norms: Vec<u32>,
    blocks: Vec<Block>,
}

impl Ranked {
    fn class(&mut self, norms: &[usize]) -> Span {
        let start = self.norms.len() as u32;
        self.norms.extend(norms.iter().map(|&n| n as u32));
        Span {
            start,
            len: norms.len() as u32,
        }
    }

    fn blocks(&mut self, blocks: impl IntoIterator<Item = Block>) -> Span {
        let start = self.blocks.len() as u32;
        self.blocks.extend(blocks);
        Span {
            start,
            len: self.blocks.len() as u32 - start,
        }
    }

    fn push(&mut self, rank: Rank, record: Record) {
        self.ranks.push((rank, self.records.len() as u32));
        self.records.push(record);
    }

    /// The order of the ranks: for each place in canonical order, the index of the rank
    /// (and record) that goes there. The ranks are packed into one integer each when their
    /// fields fit in 128 bits (each field as wide as its largest value needs), which sorts
    /// several times faster than the tuples, in the same order: the tuples' lexicographic one.
    fn order(&self) -> Vec<u32> {
        let fields = |&(r, i): &(Rank, u32)| -> [u64; 8] {
            let (issue, kind, red, bearer, action, left, right) = r;
            [
                issue.into(),
                kind as u64,
                red.into(),
                bearer.into(),
                action.into(),
                left.into(),
                right.into(),
                i.into(),
            ]
        };
        let mut widths = [0u32; 8];
        for x in &self.ranks {
            for (w, v) in widths.iter_mut().zip(fields(x)) {
                *w = (*w).max(u64::BITS - v.leading_zeros());
            }
        }
        if widths.iter().sum::<u32>() > u128::BITS {
            let mut sorted = self.ranks.clone();
            sorted.sort_unstable();
            return sorted.into_iter().map(|(_, i)| i).collect();
        }
        let mut keys: Vec<u128> = self
            .ranks
            .iter()
            .map(|x| {
                fields(x)
                    .into_iter()
                    .zip(widths)
                    .fold(0u128, |key, (v, w)| (key << w) | u128::from(v))
            })
            .collect();
        keys.sort_unstable();
        // The index is the last field: the low bits.
        let index = (1u128 << widths[7]) - 1;
        keys.into_iter().map(|k| (k & index) as u32).collect()
    }

    /// The records in canonical order.
    pub(crate) fn into_sorted(mut self) -> Records {
        let order = self.order();
        self.ranks = Vec::new();
        Records {
            records: order.iter().map(|&i| self.records[i as usize]).collect(),
            norms: self.norms,
            blocks: self.blocks,
        }
    }
}

/// A comparison's records in canonical order, with the pools their spans point into.
pub(crate) struct Records {
    pub records: Vec<Record>,
    norms: Vec<u32>,
    blocks: Vec<Block>,
}

pub(crate) struct Builder<'a, 'v> {
    pub index: &'a Index<'v>,
    pub left: &'a Compiled<'a>,
    pub right: &'a Compiled<'a>,
    left_info: Vec<NormInfo>,
    /// `None` when the right side is the left one (a position checked against itself): its
    /// norms are described once, the right side's quotes marked as the right's where used.
    right_info: Option<Vec<NormInfo>>,
    /// For each side, whether its position addresses each issue of the vocabulary.
    left_addresses: Vec<bool>,
    right_addresses: Option<Vec<bool>>,
}

impl<'a, 'v> Builder<'a, 'v> {
    pub(crate) fn new(index: &'a Index<'v>, left: &'a Compiled<'a>, right: &'a Compiled<'a>) -> Self {
        let same = std::ptr::eq(left, right);
        Builder {
            index,
            left,
            right,
            left_info: norm_infos(index, Side::Left, left),
            right_info: (!same).then(|| norm_infos(index, Side::Right, right)),
            left_addresses: super::record::addressed(index, left.position),
            right_addresses: (!same).then(|| super::record::addressed(index, right.position)),
        }
    }

    fn side(&self, s: Side) -> &Compiled<'_> {
        match s {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }

    fn info(&self, s: Side, norm: usize) -> &NormInfo {
        match s {
            Side::Left => &self.left_info[norm],
            Side::Right => &self.right_infos()[norm],
        }
    }

    fn right_infos(&self) -> &[NormInfo] {
        self.right_info.as_deref().unwrap_or(&self.left_info)
    }

    fn rank(&self, n: &Norm, kind: FindingKind, red: u8, left: Option<u32>, right: Option<u32>) -> Rank {
        let names = &self.index.names;
        (
            n.issue as u32,
            kind,
            2 - red,
            names.party_rank[n.bearer],
            names.action_rank[n.base],
            left.map_or(0, |r| r + 1),
            right.map_or(0, |r| r + 1),
        )
    }

    /// How a norm is named in explanations, pushed onto `out`.
    fn push_norm(&self, out: &mut String, s: Side, norm: usize) {
        let info = self.info(s, norm);
        if let Some(d) = &info.converse {
            out.push_str(d);
            return;
        }
        let c = self.side(s);
        let n = &c.norms[norm];
        let by = &self.index.names.parties[n.bearer];
        super::index::plain_description(out, &c.position.party, &c.position.clauses[n.clause], by);
    }

    /// How a class of norms of one side is named in explanations, pushed onto `out`: the one
    /// norm's description, or the first few and how many more (the ids are all in the
    /// finding's lists).
    fn push_group(&self, out: &mut String, s: Side, norms: &[u32]) {
        push_group_by(out, norms, |out, n| self.push_norm(out, s, n as usize));
    }

    /// The record for a class of left norms and a class of right norms (each: the same
    /// modality on the same block) on their intersection: every left norm meets every right
    /// norm exactly there.
    pub(crate) fn pair_group(&self, out: &mut Ranked, ls: &[usize], rs: &[usize], block: Block) {
        let (l, r) = (ls[0], rs[0]);
        let (ln, rn) = (&self.left.norms[l], &self.right.norms[r]);
        let (li, ri) = (&self.left_info[l], &self.right_infos()[r]);
        let kind = FindingKind::relate(ln.modality, rn.modality);
        let lis = || ls.iter().map(|&n| &self.left_info[n]);
        let ris = || rs.iter().map(|&n| &self.right_infos()[n]);
        let red = u8::from(lis().any(|i| i.red)) + u8::from(ris().any(|i| i.red));
        let record = Record {
            kind,
            red,
            whole_issue: false,
            silence: None,
            // The weakest basis of all the clauses on both sides.
            basis: lis()
                .chain(ris())
                .map(|i| i.basis)
                .max()
                .unwrap_or(li.basis.max(ri.basis)),
            left: out.class(ls),
            right: out.class(rs),
            blocks: out.blocks([block]),
        };
        out.push(self.rank(ln, kind, red, Some(li.rank), Some(ri.rank)), record);
    }

    /// The record of the gap of a class of norms of one side (the same modality on the same
    /// block): the part of their scope the other side does not cover, with every clause of
    /// the class.
    fn gap(&self, out: &mut Ranked, s: Side, class: &[usize], blocks: Vec<Block>, whole_issue: bool) {
        let norm = class[0];
        let n = &self.side(s).norms[norm];
        let info = self.info(s, norm);
        let addressed = match s.other() {
            Side::Left => &self.left_addresses,
            Side::Right => self.right_addresses.as_ref().unwrap_or(&self.left_addresses),
        };
        let silence = if addressed.get(n.issue).copied().unwrap_or(true) {
            Silence::Silent
        } else {
            Silence::NotAddressed
        };
        let red = u8::from(class.iter().any(|&k| self.info(s, k).red));
        let (ids, none) = (out.class(class), Span::default());
        let (left, right, lr, rr) = match s {
            Side::Left => (ids, none, Some(info.rank), None),
            Side::Right => (none, ids, None, Some(info.rank)),
        };
        let record = Record {
            kind: FindingKind::Gap,
            red,
            whole_issue,
            silence: Some(silence),
            // The weakest basis of the clauses in the class.
            basis: class.iter().map(|&k| self.info(s, k).basis).max().unwrap_or(info.basis),
            left,
            right,
            blocks: out.blocks(blocks),
        };
        out.push(self.rank(n, FindingKind::Gap, red, lr, rr), record);
    }

    /// All findings between the two sides, each with its rank in the canonical order.
    pub(crate) fn findings(&self) -> Ranked {
        // Each side's norm indices in key order (index order within a key): the keys are
        // walked in order on both sides at once, with no map of vectors per key.
        let sorted = |c: &Compiled<'_>| {
            // The keys sorted with the index as the last key: as a stable sort by key, faster.
            let mut keyed: Vec<(usize, usize, usize)> =
                c.norms.iter().enumerate().map(|(i, n)| (n.bearer, n.base, i)).collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, _, i)| i).collect::<Vec<usize>>()
        };
        let (ls_all, rs_all) = (sorted(self.left), sorted(self.right));
        let key_of = |c: &Compiled<'_>, i: usize| -> Key { (c.norms[i].bearer, c.norms[i].base) };
        let (li, ri) = (raised(self.index, self.left), raised(self.index, self.right));
        let mut out = Ranked::default();
        let (mut a, mut b) = (0, 0);
        while a < ls_all.len() || b < rs_all.len() {
            let key = match (ls_all.get(a), rs_all.get(b)) {
                (Some(&l), Some(&r)) => key_of(self.left, l).min(key_of(self.right, r)),
                (Some(&l), None) => key_of(self.left, l),
                (None, Some(&r)) => key_of(self.right, r),
                (None, None) => break,
            };
            let run = |all: &[usize], c: &Compiled<'_>, from: usize| {
                all[from..].iter().take_while(|&&i| key_of(c, i) == key).count()
            };
            let (ln, rn) = (run(&ls_all, self.left, a), run(&rs_all, self.right, b));
            let (l_key, r_key) = (&ls_all[a..a + ln], &rs_all[b..b + rn]);
            a += ln;
            b += rn;
            // Norms of one side with the same modality on the same block relate to everything
            // alike: they are one class, paired and reported once, so that N `must` and N
            // `must-not` clauses on one place give one finding listing all 2N, not N².
            let lc = self.classes(Side::Left, l_key);
            let rc = self.classes(Side::Right, r_key);
            let ls: Vec<usize> = lc.iter().map(|c| c[0]).collect();
            let rs: Vec<usize> = rc.iter().map(|c| c[0]).collect();
            let (hits_left, hits_right) = self.meet(&ls, &rs, |lk, rk, block| {
                self.pair_group(&mut out, &lc[lk], &rc[rk], block);
            });
            for (k, &l) in ls.iter().enumerate() {
                let ln = &self.left.norms[l];
                let rest = subtract_all(&ln.block, hits_left[k].iter().map(|&r| &self.right.norms[r].block));
                if !rest.is_empty() {
                    self.gap(&mut out, Side::Left, &lc[k], rest, !ri[ln.issue]);
                }
            }
            for (k, &r) in rs.iter().enumerate() {
                let rn = &self.right.norms[r];
                let rest = subtract_all(&rn.block, hits_right[k].iter().map(|&l| &self.left.norms[l].block));
                if !rest.is_empty() {
                    self.gap(&mut out, Side::Right, &rc[k], rest, !li[rn.issue]);
                }
            }
        }
        out
    }

    /// The norms of one key grouped by (modality, block), each class in clause-id order, the
    /// classes in the order of their first norm's position in `norms`.
    pub(crate) fn classes(&self, s: Side, norms: &[usize]) -> Vec<Vec<usize>> {
        let all = &self.side(s).norms;
        // Positions in `norms`, sorted so that a class is a run.
        let mut sorted: Vec<usize> = (0..norms.len()).collect();
        sorted.sort_by(|&a, &b| {
            let (x, y) = (&all[norms[a]], &all[norms[b]]);
            x.modality
                .cmp(&y.modality)
                .then_with(|| x.block.cmp_block(&y.block))
                .then_with(|| self.info(s, norms[a]).rank.cmp(&self.info(s, norms[b]).rank))
                .then_with(|| a.cmp(&b))
        });
        // (first position in `norms`, members)
        let mut classes: Vec<(usize, Vec<usize>)> = Vec::new();
        for p in sorted {
            let n = norms[p];
            match classes.last_mut() {
                Some((first, c)) if all[c[0]].modality == all[n].modality && all[c[0]].block == all[n].block => {
                    *first = (*first).min(p);
                    c.push(n);
                }
                _ => classes.push((p, vec![n])),
            }
        }
        // Keep the input order of classes, which the sweep and the subtraction order follow.
        classes.sort_unstable_by_key(|(first, _)| *first);
        classes.into_iter().map(|(_, c)| c).collect()
    }

    /// Calls `emit(position in ls, position in rs, intersection)` for every pair of a left and
    /// a right norm of one key whose blocks intersect; returns, for each norm, the norms of
    /// the other side it met.
    ///
    /// A sweep over the time windows: norms are taken in order of their first day, and each
    /// is tested only against the other side's norms still running on that day, so norms
    /// far apart in time are never compared.
    fn meet(
        &self,
        ls: &[usize],
        rs: &[usize],
        mut emit: impl FnMut(usize, usize, Block),
    ) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let mut hits_left: Vec<Vec<usize>> = vec![Vec::new(); ls.len()];
        let mut hits_right: Vec<Vec<usize>> = vec![Vec::new(); rs.len()];
        if ls.is_empty() || rs.is_empty() {
            return (hits_left, hits_right);
        }
        let span = |b: &Block| {
            (
                b.when.min.map_or(i64::MIN, |d| i64::from(d.day_number())),
                b.when.max.map_or(i64::MAX, |d| i64::from(d.day_number())),
            )
        };
        // (first day, last day, side, position in `ls`/`rs`)
        let mut events: Vec<(i64, i64, Side, usize)> = Vec::with_capacity(ls.len() + rs.len());
        for (k, &l) in ls.iter().enumerate() {
            let (a, z) = span(&self.left.norms[l].block);
            events.push((a, z, Side::Left, k));
        }
        for (k, &r) in rs.iter().enumerate() {
            let (a, z) = span(&self.right.norms[r].block);
            events.push((a, z, Side::Right, k));
        }
        events.sort_unstable();
        let mut active_left: Vec<(i64, usize)> = Vec::new();
        let mut active_right: Vec<(i64, usize)> = Vec::new();
        for (start, end, side, k) in events {
            let others = match side {
                Side::Left => &mut active_right,
                Side::Right => &mut active_left,
            };
            others.retain(|&(e, _)| e >= start);
            for &(_, o) in others.iter() {
                let (lk, rk) = match side {
                    Side::Left => (k, o),
                    Side::Right => (o, k),
                };
                let (l, r) = (ls[lk], rs[rk]);
                // Same days for sure; the amounts and places decide.
                if let Some(b) = self.left.norms[l].block.intersect(&self.right.norms[r].block) {
                    emit(lk, rk, b);
                    hits_left[lk].push(r);
                    hits_right[rk].push(l);
                }
            }
            match side {
                Side::Left => active_left.push((end, k)),
                Side::Right => active_right.push((end, k)),
            }
        }
        // Subtraction order follows the other side's norm order, whatever the sweep order.
        for h in hits_left.iter_mut().chain(hits_right.iter_mut()) {
            h.sort_unstable();
        }
        (hits_left, hits_right)
    }
}

pub(crate) fn info(p: &Position) -> PositionInfo {
    PositionInfo {
        party: p.party.clone(),
        label: p.label.clone(),
        date: p.date,
    }
}

/// A comparison's findings as records in canonical order, with what is needed to make each
/// into a [`Finding`] or to write it.
pub(crate) struct Compact<'a> {
    pub b: Builder<'a, 'a>,
    records: Records,
}

impl<'a> Compact<'a> {
    pub(crate) fn new(b: Builder<'a, 'a>, records: Records) -> Self {
        Compact { b, records }
    }

    pub(crate) fn records(&self) -> &[Record] {
        &self.records.records
    }

    /// The norms of each side of a record.
    pub(crate) fn norms(&self, r: &Record) -> (&[u32], &[u32]) {
        (r.left.of(&self.records.norms), r.right.of(&self.records.norms))
    }

    /// The blocks of a record's witness.
    pub(crate) fn blocks(&self, r: &Record) -> &[Block] {
        r.blocks.of(&self.records.blocks)
    }

    /// The norm that names a record's issue, bearer and action: its first left norm, or its
    /// first right one for a gap of the right side.
    pub(crate) fn lead(&self, r: &Record) -> &Norm {
        match self.norms(r) {
            ([l, ..], _) => &self.b.left.norms[*l as usize],
            (_, rs) => &self.b.right.norms[rs[0] as usize],
        }
    }

    /// The modality over the base action of each side's norms (`None` for the silent side
    /// of a gap).
    pub(crate) fn modalities(&self, r: &Record) -> (Option<Modality>, Option<Modality>) {
        let (ls, rs) = self.norms(r);
        (
            ls.first().map(|&l| self.b.left.norms[l as usize].modality),
            rs.first().map(|&r| self.b.right.norms[r as usize].modality),
        )
    }

    /// What each norm of a record's side repeats in its findings.
    pub(crate) fn infos<'s>(&'s self, s: Side, norms: &'s [u32]) -> impl Iterator<Item = &'s NormInfo> + 's {
        norms.iter().map(move |&n| self.b.info(s, n as usize))
    }

    /// The clause ids a record's finding depends on, sorted and without repeats, in `out`.
    pub(crate) fn conditions<'s>(&'s self, r: &Record, out: &mut Vec<&'s Name>) {
        out.clear();
        let (ls, rs) = self.norms(r);
        for i in self.infos(Side::Left, ls).chain(self.infos(Side::Right, rs)) {
            out.extend(&i.conditions);
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The quotes behind a record's clauses, left side first, each with the side it backs.
    pub(crate) fn evidence<'s>(&'s self, r: &Record) -> impl Iterator<Item = (Side, &'s Quote)> + 's {
        let (ls, rs) = self.norms(r);
        let side = |s: Side, ns: &'s [u32]| {
            self.infos(s, ns)
                .flat_map(move |i| i.quotes.iter().map(move |q| (s, q)))
        };
        side(Side::Left, ls).chain(side(Side::Right, rs))
    }

    /// A record's one-line explanation, pushed onto `out`.
    pub(crate) fn explain(&self, r: &Record, out: &mut String) {
        let b = &self.b;
        let (ls, rs) = self.norms(r);
        let lead = self.lead(r);
        let names = &b.index.names;
        if r.kind == FindingKind::Gap {
            let (s, class) = if rs.is_empty() {
                (Side::Left, ls)
            } else {
                (Side::Right, rs)
            };
            let other = &b.side(s.other()).position.party;
            let issue = &names.issues[lead.issue];
            match r.silence {
                Some(Silence::NotAddressed) => {
                    for part in ["not in ", other, "'s document, which does not address `", issue, "`: "] {
                        out.push_str(part);
                    }
                    b.push_group(out, s, class);
                }
                _ if r.whole_issue => {
                    for part in [other.as_str(), " says nothing on the issue `", issue, "` at all"] {
                        out.push_str(part);
                    }
                }
                _ => {
                    out.push_str(other);
                    out.push_str(" says nothing here on ");
                    b.push_group(out, s, class);
                }
            }
            return;
        }
        let (lm, rm) = (
            b.left.norms[ls[0] as usize].modality,
            b.right.norms[rs[0] as usize].modality,
        );
        let left = |out: &mut String| b.push_group(out, Side::Left, ls);
        let right = |out: &mut String| b.push_group(out, Side::Right, rs);
        match r.kind {
            FindingKind::Conflict => {
                left(out);
                out.push_str(CANNOT_HOLD);
                right(out);
            }
            FindingKind::Agreement => {
                let (bearer, action) = (&names.parties[lead.bearer], &names.actions[lead.base]);
                out.push_str("both hold ");
                out.push_str(&lm.deontic(&[bearer.as_str(), " ", action].concat()));
                out.push_str(": ");
                left(out);
                out.push_str(" and ");
                right(out);
            }
            _ if lm.is_obligation() => {
                out.push_str("compatible, ");
                left(out);
                out.push_str(" asks more than ");
                right(out);
            }
            _ if rm.is_obligation() => {
                out.push_str("compatible, ");
                right(out);
                out.push_str(" asks more than ");
                left(out);
            }
            _ => {
                out.push_str("compatible permissions: ");
                left(out);
                out.push_str(" and ");
                right(out);
            }
        }
    }

    /// A record made into the public [`Finding`]; `scratch` holds explanations while they
    /// are written, each then copied out at its exact length.
    pub(crate) fn finding<'s>(&'s self, r: &Record, scratch: &mut String, conditions: &mut Vec<&'s Name>) -> Finding {
        let index = self.b.index;
        let names = &index.names;
        let lead = self.lead(r);
        let (ls, rs) = self.norms(r);
        let (left_norm, right_norm) = self.modalities(r);
        let ids = |s: Side, ns: &[u32]| -> Vec<Name> { self.infos(s, ns).map(|i| i.id.clone()).collect() };
        let blocks = self.blocks(r);
        scratch.clear();
        self.explain(r, scratch);
        self.conditions(r, conditions);
        Finding {
            kind: r.kind,
            issue: names.issues[lead.issue].clone(),
            bearer: names.parties[lead.bearer].clone(),
            action: names.actions[lead.base].clone(),
            left: ids(Side::Left, ls),
            right: ids(Side::Right, rs),
            left_norm,
            right_norm,
            scope: blocks.iter().map(|b| index.scope_box(b, lead.base)).collect(),
            size: index.witness_size(blocks),
            red_lines: r.red,
            conditions: conditions.iter().map(|&n| n.clone()).collect(),
            whole_issue: r.whole_issue,
            explanation: scratch.as_str().to_owned(),
            evidence: self.evidence(r).map(|(side, q)| Quote { side, ..q.clone() }).collect(),
            basis: r.basis,
            silence: r.silence,
        }
    }

    /// Every record made into a [`Finding`], in canonical order.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        let (mut scratch, mut conditions) = (String::new(), Vec::new());
        self.records()
            .iter()
            .map(|r| self.finding(r, &mut scratch, &mut conditions))
            .collect()
    }
}

/// A comparison whose findings are kept compact, as the engine makes them, and are named
/// only as they are written: what [`Loader::load_and_compare_by`](crate::format::Loader::load_and_compare_by)
/// hands over. [`CompactComparison::write_json`] writes the same bytes as
/// [`Comparison::write_json`] on [`CompactComparison::into_comparison`]'s result, without
/// holding every finding at once; a large comparison's findings take a tenth of the memory
/// this way.
pub struct CompactComparison<'a> {
    pub(crate) compact: Compact<'a>,
    /// Everything but the findings.
    pub(crate) head: Comparison,
}

impl std::fmt::Debug for CompactComparison<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompactComparison")
            .field("findings", &self.len())
            .field("issues", &self.head.issues)
            .field("summary", &self.head.summary)
            .finish_non_exhaustive()
    }
}

impl CompactComparison<'_> {
    /// How many findings it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.compact.records().len()
    }

    /// Whether it holds no finding.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Totals, as [`Comparison::summary`] holds them.
    #[must_use]
    pub fn summary(&self) -> &Summary {
        &self.head.summary
    }

    /// Verdicts for each issue either side raises, as [`Comparison::issues`] holds them.
    #[must_use]
    pub fn issues(&self) -> &[IssueVerdict] {
        &self.head.issues
    }

    /// The comparison with every finding made: what [`compare`] returns.
    #[must_use]
    pub fn into_comparison(self) -> Comparison {
        let findings = self.compact.findings();
        // What the records point into is freed before the findings are handed over.
        drop(self.compact);
        Comparison { findings, ..self.head }
    }
}

/// For each issue of the vocabulary, whether a compiled position has a norm on it.
fn raised(index: &Index<'_>, c: &Compiled<'_>) -> Vec<bool> {
    let mut raised = vec![false; index.vocab.issues.len()];
    for n in &c.norms {
        raised[n.issue] = true;
    }
    raised
}

pub(crate) fn compare_compiled(index: &Index<'_>, left: &Compiled<'_>, right: &Compiled<'_>) -> Comparison {
    compact_compiled(index, left, right).into_comparison()
}

/// The comparison of two compiled positions, its findings kept as records.
pub(crate) fn compact_compiled<'a>(
    index: &'a Index<'_>,
    left: &'a Compiled<'_>,
    right: &'a Compiled<'_>,
) -> CompactComparison<'a> {
    let b = Builder::new(index, left, right);
    let vocab = index.vocab;
    let mut per_issue: BTreeMap<usize, IssueFlags> = BTreeMap::new();
    let mut summary = Summary::default();
    let records = b.findings().into_sorted();
    let compact = Compact::new(b, records);
    for r in compact.records() {
        let (left_norm, right_norm) = compact.modalities(r);
        per_issue
            .entry(compact.lead(r).issue)
            .or_default()
            .note(r, left_norm, right_norm);
        summary.counts.add(r.kind);
        summary.by_basis.add(r.basis, r.kind);
        match r.silence {
            Some(Silence::NotAddressed) => summary.silence.not_addressed += 1,
            Some(_) => summary.silence.silent += 1,
            None => {}
        }
        if r.kind == FindingKind::Conflict && r.red > 0 {
            summary.red_line_conflicts += 1;
            if r.red == 2 {
                summary.double_red_line_conflicts += 1;
            }
        }
    }
    for (&i, flags) in &per_issue {
        summary.by_issue.insert(vocab.issues[i].id.clone(), flags.counts);
    }
    let (li, ri) = (raised(index, left), raised(index, right));
    let only = |a: &[bool], b: &[bool]| {
        (0..a.len())
            .filter(|&i| a[i] && !b[i])
            .map(|i| vocab.issues[i].id.clone())
            .collect()
    };
    summary.issues_only_left = only(&li, &ri);
    summary.issues_only_right = only(&ri, &li);
    let issues = (0..li.len())
        .filter(|&i| li[i] || ri[i])
        .map(|i| {
            let flags = per_issue.get(&i).cloned().unwrap_or_default();
            IssueVerdict {
                issue: vocab.issues[i].id.clone(),
                title: vocab.issues[i].title.clone(),
                verdict: flags.verdict(li[i] && ri[i]),
                counts: flags.counts,
            }
        })
        .collect();
    CompactComparison {
        compact,
        head: Comparison {
            left: info(left.position),
            right: info(right.position),
            findings: Vec::new(),
            issues,
            summary,
            on_record: false,
            legend: index.legend.clone(),
        },
    }
}

#[derive(Debug, Clone, Default)]
struct IssueFlags {
    counts: Counts,
    left_more: bool,
    right_more: bool,
    incomparable: bool,
    /// Gaps of the left's clauses where the right's document does not address the issue.
    left_unanswered: bool,
    /// The mirror of `left_unanswered`.
    right_unanswered: bool,
}

impl IssueFlags {
    fn note(&mut self, f: &Record, left_norm: Option<Modality>, right_norm: Option<Modality>) {
        self.counts.add(f.kind);
        match f.kind {
            FindingKind::Conflict => self.incomparable = true,
            // A side whose document leaves the issue out has not asked less: its silence
            // there is no answer, so such a gap never tips the verdict.
            FindingKind::Gap if f.silence == Some(Silence::NotAddressed) => {
                if f.right.len == 0 {
                    self.left_unanswered = true;
                } else {
                    self.right_unanswered = true;
                }
            }
            FindingKind::Gap if f.right.len == 0 => self.left_more = true,
            FindingKind::Gap => self.right_more = true,
            FindingKind::Overlap => match (left_norm, right_norm) {
                (Some(l), _) if l.is_obligation() => self.left_more = true,
                (_, Some(r)) if r.is_obligation() => self.right_more = true,
                _ => self.incomparable = true,
            },
            _ => {}
        }
    }

    fn verdict(&self, both_raise: bool) -> Verdict {
        let meets = self.counts.conflict + self.counts.agreement + self.counts.overlap > 0;
        if both_raise && !meets {
            Verdict::Disjoint
        } else if self.incomparable || (self.left_more && self.right_more) {
            Verdict::Incomparable
        } else if self.left_more {
            Verdict::LeftAsksMore
        } else if self.right_more {
            Verdict::RightAsksMore
        } else if meets {
            Verdict::Equivalent
        } else if self.left_unanswered && !self.right_unanswered {
            // Only unanswered gaps: validation keeps clauses off issues a position leaves
            // out, so the other side said nothing at all on the issue.
            Verdict::LeftOnly
        } else if self.right_unanswered && !self.left_unanswered {
            Verdict::RightOnly
        } else {
            Verdict::Equivalent
        }
    }
}

impl Index<'_> {
    /// Names and named sets for showing entity sets to people.
    pub(crate) fn legend(&self) -> Legend {
        let mut names = BTreeMap::new();
        for (i, e) in self.vocab.entities.iter().enumerate() {
            let name = if self.has_parts(i) {
                format!("{} (other parts)", e.name)
            } else {
                e.name.clone()
            };
            names.insert(e.id.clone(), name);
        }
        names.insert(super::index::ELSEWHERE.to_string(), "elsewhere".to_string());
        let ids = |s: &super::atoms::AtomSet| -> Vec<String> {
            s.iter()
                .filter_map(|i| self.atoms.get(i))
                .map(|a| a.to_string())
                .collect()
        };
        // Count the entities a set names at the top level: those whose parent it does not hold.
        let top = |s: &super::atoms::AtomSet| {
            s.iter()
                .filter(|&i| {
                    let parent = self.vocab.entities.get(i).and_then(|e| e.part_of.as_deref());
                    parent
                        .and_then(|p| self.entity_ix.get(p))
                        .is_none_or(|&p| !s.contains(p))
                })
                .count()
        };
        // Each set lists its own atoms and names the listed groups it nests, so the legend
        // grows with the vocabulary's text, not with the groups' expansions.
        let listed = |g: &str| self.groups.get(g).is_some_and(|s| s.len() > 1);
        let mut sets: Vec<NamedSet> = Vec::new();
        for (g, s) in &self.groups {
            if s.len() > 1 {
                let mut own = s.clone();
                let mut nested = Vec::new();
                for m in self.vocab.groups.get(g).map(Vec::as_slice).unwrap_or_default() {
                    if let Some(sub) = m.strip_prefix('@').filter(|sub| listed(sub)) {
                        if let Some(sub_set) = self.groups.get(sub) {
                            own = own.minus(sub_set);
                            nested.push(format!("@{sub}"));
                        }
                    }
                }
                nested.sort();
                nested.dedup();
                sets.push(NamedSet {
                    label: format!("@{g}"),
                    atoms: ids(&own),
                    nested,
                    size: s.len(),
                    entities: top(s),
                });
            }
        }
        sets.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.label.cmp(&b.label)));
        let entities = &self.vocab.entities;
        let mut parts = BTreeMap::new();
        let mut wholes = BTreeMap::new();
        let mut is_part = vec![false; entities.len()];
        for (i, e) in entities.iter().enumerate() {
            if self.has_parts(i) {
                parts.insert(
                    e.id.clone(),
                    self.children[i].iter().map(|&c| entities[c].id.clone()).collect(),
                );
                wholes.insert(e.id.clone(), e.name.clone());
                for &c in &self.children[i] {
                    is_part[c] = true;
                }
            }
        }
        // Parts before wholes, without recursion: trees may be deep.
        let mut post_order = Vec::new();
        for root in (0..entities.len()).filter(|&i| !is_part[i] && self.has_parts(i)) {
            let mut stack = vec![(root, false)];
            while let Some((x, done)) = stack.pop() {
                if done {
                    post_order.push(entities[x].id.clone());
                } else {
                    stack.push((x, true));
                    stack.extend(self.children[x].iter().map(|&c| (c, false)));
                }
            }
        }
        Legend {
            names,
            sets,
            parts,
            wholes,
            post_order,
            n_atoms: self.n_atoms(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packed ranks sort as the tuples do, and ranks too wide to pack still sort.
    #[test]
    fn packed_ranks_sort_as_tuples() {
        let kinds = [
            FindingKind::Gap,
            FindingKind::Conflict,
            FindingKind::Overlap,
            FindingKind::Agreement,
        ];
        for wide in [false, true] {
            let mut ranked = Ranked::default();
            let mut x: u64 = 1;
            for i in 0..5_000u32 {
                // A small linear congruential walk: ties on every field but the index.
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let f = |shift: u32, m: u64| ((x >> shift) % m) as u32;
                // Wide: four fields of 32 bits, more than 128 in all.
                let big = |v: u32| if wide { u32::MAX - v } else { v };
                let rank = (
                    f(5, 7),
                    kinds[f(9, 4) as usize],
                    f(13, 3) as u8,
                    big(f(3, 4)),
                    big(f(17, 50)),
                    big(f(23, 90)),
                    big(f(31, 90)),
                );
                ranked.ranks.push((rank, i));
            }
            let mut expected = ranked.ranks.clone();
            expected.sort_unstable();
            let order: Vec<(Rank, u32)> = ranked.order().iter().map(|&i| ranked.ranks[i as usize]).collect();
            assert_eq!(order, expected, "wide: {wide}");
        }
    }

    /// Sorted records follow their ranks, and keep the spans they were made with.
    /// The counting passes order norms as a stable sort by (bearer, base action) does.
    #[test]
    fn key_order_is_a_stable_sort_by_key() {
        let block = Block {
            atoms: super::super::atoms::AtomSet::empty(1),
            when: crate::model::Interval::closed(None, None),
            amount: crate::model::Interval::closed(None, None),
            whole: false,
        };
        let mut x: u64 = 7;
        let norms: Vec<Norm> = (0..3_000)
            .map(|clause| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                Norm {
                    clause,
                    bearer: ((x >> 33) % 5) as usize,
                    base: ((x >> 17) % 300) as usize,
                    issue: 0,
                    modality: Modality::Must,
                    block: block.clone(),
                }
            })
            .collect();
        let mut expected: Vec<u32> = (0..norms.len() as u32).collect();
        expected.sort_by_key(|&i| (norms[i as usize].bearer, norms[i as usize].base));
        assert_eq!(key_order(&norms), expected);
        assert!(key_order(&[]).is_empty());
    }

    #[test]
    fn records_sort_by_rank() {
        let n: u32 = 12_293;
        // A permutation of 0..n: multiplying by a number prime to n.
        let keys: Vec<u32> = (0..n).map(|i| (i as u64 * 7919 % u64::from(n)) as u32).collect();
        let mut ranked = Ranked::default();
        for &k in &keys {
            let span = Span { start: k, len: 1 };
            let record = Record {
                kind: FindingKind::Gap,
                red: 0,
                whole_issue: false,
                silence: None,
                basis: Basis::Inferred,
                left: span,
                right: Span::default(),
                blocks: Span::default(),
            };
            ranked.push((k, FindingKind::Gap, 0, 0, 0, 0, 0), record);
        }
        let sorted = ranked.into_sorted();
        assert_eq!(sorted.records.len(), n as usize);
        for (i, r) in sorted.records.iter().enumerate() {
            assert_eq!(r.left.start, i as u32);
        }
    }
}
