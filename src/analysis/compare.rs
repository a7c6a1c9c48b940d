//! The comparison engine: clauses indexed by (bearer, base action), pairwise relations on
//! intersections, gaps as exact remainders.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::findings::{
    order, Comparison, Counts, Finding, IssueVerdict, Kind, Legend, NamedSet, PositionInfo, Quote, Side, Summary,
    Verdict,
};
use super::index::{Compiled, Index, Norm};
use super::region::{subtract_all, Block};
use crate::error::Error;
use crate::model::{Position, Strength, Vocabulary};

/// Compares two positions over a vocabulary.
///
/// Every clause is read, per bearer, as a norm over a base action; two norms of the two
/// sides on the same bearer and base action meet where their scopes intersect, and the part
/// of a clause's scope that the other side does not cover is a gap. See the crate docs for
/// the full semantics.
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary or a position breaks the model's rules (unknown
/// ids, cycles, empty ranges…), listing every problem.
pub fn compare(vocabulary: &Vocabulary, left: &Position, right: &Position) -> Result<Comparison, Error> {
    let index = build_index(vocabulary)?;
    let l = compile(&index, left)?;
    let r = compile(&index, right)?;
    Ok(compare_compiled(&index, &l, &r))
}

pub(crate) fn build_index(vocabulary: &Vocabulary) -> Result<Index<'_>, Error> {
    Index::build(vocabulary).map_err(|problems| Error::Invalid {
        subject: format!("vocabulary `{}`", vocabulary.name),
        problems,
    })
}

pub(crate) fn compile<'p>(index: &Index<'_>, position: &'p Position) -> Result<Compiled<'p>, Error> {
    index.compile(position).map_err(|problems| Error::Invalid {
        subject: format!("position of `{}` ({})", position.party, position.label),
        problems,
    })
}

type Key = (usize, usize);

/// Norm indices per (bearer, base action), in a deterministic key order.
fn by_key(norms: &[Norm]) -> HashMap<Key, Vec<usize>> {
    let mut m: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, n) in norms.iter().enumerate() {
        m.entry((n.bearer, n.base)).or_default().push(i);
    }
    m
}

pub(crate) struct Builder<'a, 'v> {
    pub index: &'a Index<'v>,
    pub left: &'a Compiled<'a>,
    pub right: &'a Compiled<'a>,
}

impl Builder<'_, '_> {
    fn side(&self, s: Side) -> &Compiled<'_> {
        match s {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }

    fn party(&self, s: Side) -> &str {
        &self.side(s).position.party
    }

    fn describe(&self, s: Side, n: &Norm) -> String {
        let c = &self.side(s).position.clauses[n.clause];
        format!(
            "{}'s `{}` ({} {} {})",
            self.party(s),
            c.id,
            self.index.vocab.parties[n.bearer].id,
            c.modality,
            c.action
        )
    }

    fn conditions(&self, s: Side, n: &Norm, out: &mut BTreeSet<String>) {
        let c = &self.side(s).position.clauses[n.clause];
        for r in &c.conditions {
            out.insert(r.qualified(self.party(s)));
        }
    }

    fn evidence(&self, s: Side, n: &Norm, out: &mut Vec<Quote>) {
        let c = &self.side(s).position.clauses[n.clause];
        if let Some(e) = c.evidence.first() {
            out.push(Quote {
                side: s,
                clause: c.id.clone(),
                source: e.source.clone(),
                quote: e.quote.clone(),
                speaker: e.speaker.clone(),
            });
        }
    }

    fn is_red(&self, s: Side, n: &Norm) -> bool {
        self.side(s).position.clauses[n.clause].strength == Strength::RedLine
    }

    fn clause_id(&self, s: Side, n: &Norm) -> String {
        self.side(s).position.clauses[n.clause].id.clone()
    }

    /// The finding for a left norm and a right norm on their intersection.
    pub(crate) fn pair(&self, l: &Norm, r: &Norm, block: Block) -> Finding {
        let kind = Kind::relate(l.modality, r.modality);
        let vocab = self.index.vocab;
        let action = &vocab.actions[l.base].id;
        let bearer = &vocab.parties[l.bearer].id;
        let explanation = match kind {
            Kind::Conflict => format!(
                "{} cannot hold together with {}",
                self.describe(Side::Left, l),
                self.describe(Side::Right, r)
            ),
            Kind::Agreement => format!(
                "both hold {}: {} and {}",
                l.modality
                    .deontic(action)
                    .replace(action, &format!("{bearer} {action}")),
                self.describe(Side::Left, l),
                self.describe(Side::Right, r)
            ),
            _ if l.modality.is_obligation() => format!(
                "compatible, {} asks more than {}",
                self.describe(Side::Left, l),
                self.describe(Side::Right, r)
            ),
            _ if r.modality.is_obligation() => format!(
                "compatible, {} asks more than {}",
                self.describe(Side::Right, r),
                self.describe(Side::Left, l)
            ),
            _ => format!(
                "compatible permissions: {} and {}",
                self.describe(Side::Left, l),
                self.describe(Side::Right, r)
            ),
        };
        let mut conditions = BTreeSet::new();
        self.conditions(Side::Left, l, &mut conditions);
        self.conditions(Side::Right, r, &mut conditions);
        let mut evidence = Vec::new();
        self.evidence(Side::Left, l, &mut evidence);
        self.evidence(Side::Right, r, &mut evidence);
        let blocks = [block];
        Finding {
            kind,
            issue: vocab.issues[l.issue].id.clone(),
            bearer: bearer.clone(),
            action: action.clone(),
            left: vec![self.clause_id(Side::Left, l)],
            right: vec![self.clause_id(Side::Right, r)],
            left_norm: Some(l.modality),
            right_norm: Some(r.modality),
            size: self.index.witness_size(&blocks),
            scope: blocks.iter().map(|b| self.index.scope_box(b)).collect(),
            red_lines: u8::from(self.is_red(Side::Left, l)) + u8::from(self.is_red(Side::Right, r)),
            conditions: conditions.into_iter().collect(),
            whole_issue: false,
            explanation,
            evidence,
        }
    }

    fn gap(&self, s: Side, n: &Norm, blocks: Vec<Block>, whole_issue: bool) -> Finding {
        let vocab = self.index.vocab;
        let other = self.party(s.other());
        let issue = &vocab.issues[n.issue];
        let explanation = if whole_issue {
            format!("{} does not address the issue `{}` at all", other, issue.id)
        } else {
            format!("{other} says nothing here on {}", self.describe(s, n))
        };
        let mut conditions = BTreeSet::new();
        self.conditions(s, n, &mut conditions);
        let mut evidence = Vec::new();
        self.evidence(s, n, &mut evidence);
        let id = vec![self.clause_id(s, n)];
        let (left, right, left_norm, right_norm) = match s {
            Side::Left => (id, Vec::new(), Some(n.modality), None),
            Side::Right => (Vec::new(), id, None, Some(n.modality)),
        };
        Finding {
            kind: Kind::Gap,
            issue: issue.id.clone(),
            bearer: vocab.parties[n.bearer].id.clone(),
            action: vocab.actions[n.base].id.clone(),
            left,
            right,
            left_norm,
            right_norm,
            size: self.index.witness_size(&blocks),
            scope: blocks.iter().map(|b| self.index.scope_box(b)).collect(),
            red_lines: u8::from(self.is_red(s, n)),
            conditions: conditions.into_iter().collect(),
            whole_issue,
            explanation,
            evidence,
        }
    }

    /// All findings between the two sides, each with the index of its issue (its rank in the
    /// canonical order).
    pub(crate) fn findings(&self) -> Vec<(usize, Finding)> {
        let lk = by_key(&self.left.norms);
        let rk = by_key(&self.right.norms);
        let issues_of = |c: &Compiled<'_>| c.norms.iter().map(|n| n.issue).collect::<BTreeSet<usize>>();
        let (li, ri) = (issues_of(self.left), issues_of(self.right));
        let empty = Vec::new();
        let mut out = Vec::new();
        let mut keys: Vec<&Key> = lk.keys().chain(rk.keys().filter(|k| !lk.contains_key(k))).collect();
        keys.sort();
        for key in keys {
            let ls = lk.get(key).unwrap_or(&empty);
            let rs = rk.get(key).unwrap_or(&empty);
            // Which right norms meet each left norm: computed once, used for pairs and gaps.
            let mut hits_right: Vec<Vec<usize>> = vec![Vec::new(); rs.len()];
            for &l in ls {
                let ln = &self.left.norms[l];
                let mut hits = Vec::new();
                for (k, &r) in rs.iter().enumerate() {
                    let rn = &self.right.norms[r];
                    // `intersects` does not allocate; most pairs of a key do not meet.
                    if !ln.block.intersects(&rn.block) {
                        continue;
                    }
                    if let Some(b) = ln.block.intersect(&rn.block) {
                        out.push((ln.issue, self.pair(ln, rn, b)));
                        hits.push(&rn.block);
                        hits_right[k].push(l);
                    }
                }
                let rest = subtract_all(&ln.block, hits);
                if !rest.is_empty() {
                    out.push((ln.issue, self.gap(Side::Left, ln, rest, !ri.contains(&ln.issue))));
                }
            }
            for (k, &r) in rs.iter().enumerate() {
                let rn = &self.right.norms[r];
                let rest = subtract_all(&rn.block, hits_right[k].iter().map(|&l| &self.left.norms[l].block));
                if !rest.is_empty() {
                    out.push((rn.issue, self.gap(Side::Right, rn, rest, !li.contains(&rn.issue))));
                }
            }
        }
        out
    }
}

pub(crate) fn info(p: &Position) -> PositionInfo {
    PositionInfo {
        party: p.party.clone(),
        label: p.label.clone(),
        date: p.date,
    }
}

pub(crate) fn compare_compiled(index: &Index<'_>, left: &Compiled<'_>, right: &Compiled<'_>) -> Comparison {
    let b = Builder { index, left, right };
    let ranked = b.findings();
    let vocab = index.vocab;
    // The issue rank is the issue's index, known per finding: compare it first, then the rest
    // of the canonical order (with the rank already settled, so no look-ups while sorting).
    // Sort indices rather than the (large) findings themselves; the order is total.
    let mut idx: Vec<usize> = (0..ranked.len()).collect();
    idx.sort_unstable_by(|&x, &y| {
        let ((ia, a), (ib, b)) = (&ranked[x], &ranked[y]);
        ia.cmp(ib).then_with(|| order(a, b, &|_| 0))
    });
    let mut per_issue: BTreeMap<usize, IssueFlags> = BTreeMap::new();
    for (ix, f) in &ranked {
        per_issue.entry(*ix).or_default().note(f);
    }
    let mut slots: Vec<Option<Finding>> = ranked.into_iter().map(|(_, f)| Some(f)).collect();
    let findings: Vec<Finding> = idx
        .iter()
        .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
        .collect();

    let raised = |c: &Compiled<'_>| c.norms.iter().map(|n| n.issue).collect::<BTreeSet<usize>>();
    let (li, ri) = (raised(left), raised(right));
    let mut summary = Summary::default();
    for f in &findings {
        summary.counts.add(f.kind);
        summary.by_issue.entry(f.issue.clone()).or_default().add(f.kind);
        if f.kind == Kind::Conflict && f.red_lines > 0 {
            summary.red_line_conflicts += 1;
            if f.red_lines == 2 {
                summary.double_red_line_conflicts += 1;
            }
        }
    }
    summary.issues_only_left = li.difference(&ri).map(|&i| vocab.issues[i].id.clone()).collect();
    summary.issues_only_right = ri.difference(&li).map(|&i| vocab.issues[i].id.clone()).collect();
    let issues = li
        .union(&ri)
        .map(|&i| {
            let flags = per_issue.get(&i).cloned().unwrap_or_default();
            IssueVerdict {
                issue: vocab.issues[i].id.clone(),
                title: vocab.issues[i].title.clone(),
                verdict: flags.verdict(li.contains(&i) && ri.contains(&i)),
                counts: flags.counts,
            }
        })
        .collect();
    Comparison {
        left: info(left.position),
        right: info(right.position),
        findings,
        issues,
        summary,
        legend: index.legend(),
    }
}

#[derive(Debug, Clone, Default)]
struct IssueFlags {
    counts: Counts,
    left_more: bool,
    right_more: bool,
    incomparable: bool,
}

impl IssueFlags {
    fn note(&mut self, f: &Finding) {
        self.counts.add(f.kind);
        match f.kind {
            Kind::Conflict => self.incomparable = true,
            Kind::Gap if f.right.is_empty() => self.left_more = true,
            Kind::Gap => self.right_more = true,
            Kind::Overlap => match (f.left_norm, f.right_norm) {
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
            let name = if self.cover[i].len() > 1 {
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
        let mut sets: Vec<NamedSet> = Vec::new();
        for (g, s) in &self.groups {
            if s.len() > 1 {
                sets.push(NamedSet {
                    label: format!("@{g}"),
                    atoms: ids(s),
                    entities: top(s),
                });
            }
        }
        for (i, e) in self.vocab.entities.iter().enumerate() {
            if self.cover[i].len() > 1 {
                sets.push(NamedSet {
                    label: e.name.clone(),
                    atoms: ids(&self.cover[i]),
                    entities: 1,
                });
            }
        }
        sets.sort_by(|a, b| b.atoms.len().cmp(&a.atoms.len()).then_with(|| a.label.cmp(&b.label)));
        Legend {
            names,
            sets,
            n_atoms: self.n_atoms(),
        }
    }
}
