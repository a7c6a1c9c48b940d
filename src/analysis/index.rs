//! A vocabulary compiled for analysis: interned atoms, resolved groups, normalised actions;
//! and positions compiled against it. Compiling is where the model's rules are checked.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::keyed::{Keyed, KeyedMap, KeyedSet};

use super::atoms::AtomSet;
use super::name::Name;
use super::region::{whole_numbers, Block};
use crate::model::{Clause, FieldPath, Interval, Invalid, Modality, Position, Problem, Vocabulary};
use crate::suggest::closest;

/// The id of the atom that stands for every place the vocabulary does not name.
pub(crate) const ELSEWHERE: &str = "*";

#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionInfo {
    /// Index of the base action in `vocab.actions`.
    pub base: usize,
    /// Whether this action is the opposite (negation) of its base.
    pub negated: bool,
    /// Index of the issue in `vocab.issues`.
    pub issue: usize,
    /// For a converse action, the party bearing its target: a clause on it is read as that
    /// party doing the target (whose base, negation and issue are the fields above) at each
    /// bearer's entity.
    pub converse: Option<usize>,
    /// Index in `vocab.actions` of the action a clause is read as: the target of a converse,
    /// else the action itself.
    pub target: usize,
}

/// Where and how much a base action (and its opposite and converses) can happen.
#[derive(Debug, Clone)]
pub(crate) struct Domain {
    /// The atoms of `applies-to`; `None` for everywhere.
    pub places: Option<AtomSet>,
    /// The amounts: `[0, ∞)` for an action with a unit unless `amount-domain` says otherwise.
    pub amount: Interval<f64>,
    /// Whether only whole amounts exist.
    pub whole: bool,
}

impl Domain {
    fn describe_amount(&self) -> String {
        if self.whole {
            format!("of whole numbers in {}", self.amount)
        } else {
            self.amount.to_string()
        }
    }
}

/// A vocabulary compiled for analysis.
#[derive(Debug)]
pub(crate) struct Index<'v> {
    pub vocab: &'v Vocabulary,
    /// Atom ids: each entity's own atom in vocabulary order, then [`ELSEWHERE`].
    pub atoms: Vec<&'v str>,
    pub entity_ix: KeyedMap<&'v str, usize>,
    /// For each entity, its direct parts (a forest: `part-of` cycles are errors).
    pub children: Vec<Vec<usize>>,
    pub groups: BTreeMap<String, AtomSet>,
    pub actions: KeyedMap<&'v str, ActionInfo>,
    pub parties: KeyedMap<&'v str, usize>,
    /// Each party's `entity`, as an entity index.
    pub party_entity: Vec<Option<usize>>,
    /// Each base action's domain, by action index (the entries of other actions are unused).
    pub domains: Vec<Domain>,
    pub everywhere: AtomSet,
    /// Shared names for report values, by index: atoms, parties, actions, issues.
    pub names: Names,
    /// How reports show places; shared by every report made with this index.
    pub legend: std::sync::Arc<super::findings::Legend>,
}

/// Report names, interned once per index so that findings share them.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub atoms: Vec<Name>,
    pub parties: Vec<Name>,
    pub actions: Vec<Name>,
    pub issues: Vec<Name>,
    /// Rank of each party and action id in string order (the canonical order of findings).
    pub party_rank: Vec<u32>,
    pub action_rank: Vec<u32>,
}

/// The rank of each string in sorted order.
pub(crate) fn ranks<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let ids: Vec<&str> = ids.collect();
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_by(|&a, &b| ids[a as usize].cmp(ids[b as usize]));
    let mut rank = vec![0; ids.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// How findings describe a clause read plainly as a norm of `bearer` (`by`): `russia's `ban`
/// (nato must-not admit-members)`, pushed onto `out` (explanations are written in one piece).
pub(crate) fn plain_description(out: &mut String, party: &str, clause: &Clause, by: &str) {
    for part in [
        party,
        "'s `",
        &clause.id,
        "` (",
        by,
        " ",
        clause.modality.as_str(),
        " ",
        &clause.action,
        ")",
    ] {
        out.push_str(part);
    }
}

/// A clause compiled for analysis; one per bearer.
#[derive(Debug, Clone)]
pub(crate) struct Norm {
    /// Index of the clause in its position.
    pub clause: usize,
    pub bearer: usize,
    pub base: usize,
    pub issue: usize,
    /// The clause's modality over the base action.
    pub modality: Modality,
    pub block: Block,
}

/// A position compiled against an index.
#[derive(Debug)]
pub(crate) struct Compiled<'p> {
    pub position: &'p Position,
    pub norms: Vec<Norm>,
    /// Things that hold but look wrong (places cut off by a domain), located like errors.
    pub warnings: Vec<Invalid>,
}

/// Where a clause is written, made into a [`FieldPath`] only when something is reported:
/// compiling a clean position of 10⁵ clauses then builds no paths at all.
#[derive(Clone, Copy)]
struct ClauseAt<'a> {
    clauses: &'a FieldPath,
    ci: usize,
}

impl ClauseAt<'_> {
    fn path(self) -> FieldPath {
        self.clauses.index(self.ci)
    }

    fn key(self, k: &str) -> FieldPath {
        self.path().key(k)
    }

    /// Where the `bi`th of `n` bearers is written: a single bearer is the field itself.
    fn bearer(self, n: usize, bi: usize) -> FieldPath {
        if n == 1 {
            self.key("bearer")
        } else {
            self.key("bearer").index(bi)
        }
    }
}

/// Checks ids for emptiness and repeats; `at(i)` locates the `i`th id (built only on error).
fn dup_check<'a, I>(
    items: I,
    at: impl Fn(usize) -> FieldPath,
    what: &str,
    errors: &mut Vec<Invalid>,
) -> KeyedSet<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let items = items.into_iter();
    // Sized up front: no rehashing while 10⁵ ids go in.
    let mut seen = KeyedSet::with_capacity_and_hasher(items.len(), Keyed::default());
    for (i, id) in items.enumerate() {
        if id.is_empty() {
            errors.push(Invalid {
                at: at(i),
                problem: Problem::Empty { field: "id".into() },
            });
        } else if !seen.insert(id) {
            errors.push(Invalid {
                at: at(i),
                problem: Problem::Duplicate {
                    what: what.into(),
                    id: id.into(),
                },
            });
        }
    }
    seen
}

fn unknown(at: FieldPath, what: &str, value: &str, suggestion: Option<String>) -> Invalid {
    Invalid {
        at,
        problem: Problem::Unknown {
            what: what.into(),
            value: value.into(),
            suggestion,
        },
    }
}

/// Ids: none empty, none repeated, entity ids free of the characters places use.
fn check_ids(vocab: &Vocabulary, errors: &mut Vec<Invalid>) {
    let root = FieldPath::root();
    let p = root.key("parties");
    dup_check(
        vocab.parties.iter().map(|x| x.id.as_str()),
        |i| p.index(i).key("id"),
        "party",
        errors,
    );
    let e = root.key("entities");
    dup_check(
        vocab.entities.iter().map(|x| x.id.as_str()),
        |i| e.index(i).key("id"),
        "entity",
        errors,
    );
    let a = root.key("actions");
    dup_check(
        vocab.actions.iter().map(|x| x.id.as_str()),
        |i| a.index(i).key("id"),
        "action",
        errors,
    );
    let is = root.key("issues");
    dup_check(
        vocab.issues.iter().map(|x| x.id.as_str()),
        |i| is.index(i).key("id"),
        "issue",
        errors,
    );
    for (i, ent) in vocab.entities.iter().enumerate() {
        if ent.id == ELSEWHERE || ent.id.starts_with('@') || ent.id.contains('/') {
            errors.push(Invalid {
                at: e.index(i).key("id"),
                problem: Problem::BadId {
                    id: ent.id.clone(),
                    reason: "an entity id cannot be `*` or start with `@` or contain `/`".into(),
                },
            });
        }
    }
}

/// The `part-of` forest as children lists; parents must exist and must not loop.
fn entity_forest(vocab: &Vocabulary, entity_ix: &KeyedMap<&str, usize>, errors: &mut Vec<Invalid>) -> Vec<Vec<usize>> {
    let e = FieldPath::root().key("entities");
    let entity_candidates = || vocab.entities.iter().map(|x| (x.id.as_str(), Some(x.name.as_str())));
    let mut parent: Vec<Option<usize>> = vec![None; vocab.entities.len()];
    for (i, ent) in vocab.entities.iter().enumerate() {
        if let Some(po) = &ent.part_of {
            match entity_ix.get(po.as_str()) {
                Some(&j) => parent[i] = Some(j),
                None => errors.push(unknown(
                    e.index(i).key("part-of"),
                    "entity",
                    po,
                    closest(po, entity_candidates()),
                )),
            }
        }
    }
    let on_cycle = part_of_cycles(vocab, &parent, errors);
    // Children lists make a forest: edges that close a cycle are dropped (and reported).
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); parent.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = *p {
            if !(on_cycle[i] && on_cycle[p]) {
                children[p].push(i);
            }
        }
    }
    children
}

/// Entities on a `part-of` cycle, each cycle reported once.
fn part_of_cycles(vocab: &Vocabulary, parent: &[Option<usize>], errors: &mut Vec<Invalid>) -> Vec<bool> {
    let e = FieldPath::root().key("entities");
    // Walk up from each entity once (white/grey/black): linear in the number of entities
    // however deep the tree, so a hostile file cannot make this quadratic.
    let n = parent.len();
    let mut state = vec![0u8; n]; // 0 unvisited, 1 on the current walk, 2 done
    let mut on_cycle = vec![false; n];
    for start in 0..n {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state[c] {
                0 => {
                    state[c] = 1;
                    path.push(c);
                    cur = parent[c];
                }
                1 => {
                    let from = path.iter().position(|&x| x == c).unwrap_or(0);
                    let members = &path[from..];
                    for &m in members {
                        on_cycle[m] = true;
                    }
                    // Name the cycle from its first entity in file order.
                    let first = members.iter().enumerate().min_by_key(|(_, &m)| m).map_or(0, |(k, _)| k);
                    let mut cycle: Vec<String> = members[first..]
                        .iter()
                        .chain(&members[..first])
                        .map(|&m| vocab.entities[m].id.clone())
                        .collect();
                    let head = members[first];
                    cycle.push(vocab.entities[head].id.clone());
                    errors.push(Invalid {
                        at: e.index(head).key("part-of"),
                        problem: Problem::PartOfCycle { cycle },
                    });
                    break;
                }
                _ => break,
            }
        }
        for c in path {
            state[c] = 2;
        }
    }
    on_cycle
}

/// Each action's base action and whether it is its negation: opposites must be mutual.
fn action_bases(
    vocab: &Vocabulary,
    action_ix: &KeyedMap<&str, usize>,
    errors: &mut Vec<Invalid>,
) -> Vec<(usize, bool)> {
    let a = FieldPath::root().key("actions");
    let action_candidates = || vocab.actions.iter().map(|x| (x.id.as_str(), None));
    let mut base_of: Vec<(usize, bool)> = (0..vocab.actions.len()).map(|i| (i, false)).collect();
    // An opposite pair may be declared on either action or on both (naming each other).
    let mut partner: Vec<Option<usize>> = vec![None; vocab.actions.len()];
    for (i, act) in vocab.actions.iter().enumerate() {
        let Some(op) = &act.opposite else { continue };
        let at = || a.index(i).key("opposite");
        match action_ix.get(op.as_str()) {
            None => errors.push(unknown(at(), "action", op, closest(op, action_candidates()))),
            Some(&j) if j == i => errors.push(Invalid {
                at: at(),
                problem: Problem::OppositeNotMutual {
                    action: act.id.clone(),
                    opposite: op.clone(),
                    back: Some(op.clone()),
                },
            }),
            Some(&j) => {
                let back = vocab.actions[j].opposite.clone();
                if back.as_deref().is_some_and(|b| b != act.id) {
                    errors.push(Invalid {
                        at: at(),
                        problem: Problem::OppositeNotMutual {
                            action: act.id.clone(),
                            opposite: op.clone(),
                            back,
                        },
                    });
                } else if let Some(other) = partner[j].filter(|&p| p != i) {
                    errors.push(Invalid {
                        at: at(),
                        problem: Problem::OppositeTaken {
                            action: act.id.clone(),
                            opposite: op.clone(),
                            other: vocab.actions[other].id.clone(),
                        },
                    });
                } else {
                    partner[i] = Some(j);
                    partner[j] = Some(i);
                    // The action declared first is the base; its opposite is its negation.
                    base_of[i.max(j)] = (i.min(j), true);
                }
            }
        }
    }
    base_of
}

/// The entity each party stands for, when it names one.
fn party_entities(
    vocab: &Vocabulary,
    entity_ix: &KeyedMap<&str, usize>,
    errors: &mut Vec<Invalid>,
) -> Vec<Option<usize>> {
    let p = FieldPath::root().key("parties");
    let entity_candidates = || vocab.entities.iter().map(|x| (x.id.as_str(), Some(x.name.as_str())));
    let mut party_entity = vec![None; vocab.parties.len()];
    for (i, party) in vocab.parties.iter().enumerate() {
        let Some(ent) = &party.entity else { continue };
        match entity_ix.get(ent.as_str()) {
            Some(&e) => party_entity[i] = Some(e),
            None => errors.push(unknown(
                p.index(i).key("entity"),
                "entity",
                ent,
                closest(ent, entity_candidates()),
            )),
        }
    }
    party_entity
}

/// Converses: (target action, bearing party) when both resolve.
fn converses(
    vocab: &Vocabulary,
    action_ix: &KeyedMap<&str, usize>,
    parties: &KeyedMap<&str, usize>,
    errors: &mut Vec<Invalid>,
) -> Vec<Option<(usize, usize)>> {
    let a = FieldPath::root().key("actions");
    let action_candidates = || vocab.actions.iter().map(|x| (x.id.as_str(), None));
    let party_candidates = || vocab.parties.iter().map(|p| (p.id.as_str(), Some(p.name.as_str())));
    // Converses: (target action, bearing party) when both resolve.
    let mut converse_of: Vec<Option<(usize, usize)>> = vec![None; vocab.actions.len()];
    for (i, act) in vocab.actions.iter().enumerate() {
        let Some(cv) = &act.converse else { continue };
        let at = a.index(i);
        let target = match action_ix.get(cv.action.as_str()) {
            None => {
                errors.push(unknown(
                    at.key("converse").key("action"),
                    "action",
                    &cv.action,
                    closest(&cv.action, action_candidates()),
                ));
                None
            }
            Some(&j) if vocab.actions[j].converse.is_some() => {
                errors.push(Invalid {
                    at: at.key("converse").key("action"),
                    problem: Problem::ConverseOfConverse {
                        action: act.id.clone(),
                        target: cv.action.clone(),
                    },
                });
                None
            }
            Some(&j) => Some(j),
        };
        let by = parties.get(cv.by.as_str()).copied();
        if by.is_none() {
            errors.push(unknown(
                at.key("converse").key("by"),
                "party",
                &cv.by,
                closest(&cv.by, party_candidates()),
            ));
        }
        if act.opposite.is_some() {
            errors.push(Invalid {
                at: at.key("opposite"),
                problem: Problem::ConverseWithOpposite {
                    action: act.id.clone(),
                    target: cv.action.clone(),
                },
            });
        }
        for (field, declared) in [
            ("applies-to", act.applies_to.is_some()),
            ("amount-domain", act.amount_domain.is_some()),
        ] {
            if declared {
                errors.push(Invalid {
                    at: at.key(field),
                    problem: Problem::ConverseDomain {
                        action: act.id.clone(),
                        target: cv.action.clone(),
                        field: field.into(),
                    },
                });
            }
        }
        if let Some(j) = target {
            let target_unit = &vocab.actions[j].unit;
            if &act.unit != target_unit {
                errors.push(Invalid {
                    at: if act.unit.is_some() {
                        at.key("unit")
                    } else {
                        at.key("converse")
                    },
                    problem: Problem::ConverseUnit {
                        action: act.id.clone(),
                        unit: act.unit.clone(),
                        target: cv.action.clone(),
                        target_unit: target_unit.clone(),
                    },
                });
            }
        }
        if let (Some(j), Some(by)) = (target, by) {
            converse_of[i] = Some((j, by));
        }
    }
    converse_of
}

/// The issue each action is listed in, and where: each action in exactly one issue.
fn issue_listing(
    vocab: &Vocabulary,
    action_ix: &KeyedMap<&str, usize>,
    errors: &mut Vec<Invalid>,
) -> (Vec<Option<usize>>, Vec<Option<FieldPath>>) {
    let is = FieldPath::root().key("issues");
    let action_candidates = || vocab.actions.iter().map(|x| (x.id.as_str(), None));
    let mut issue_of: Vec<Option<usize>> = vec![None; vocab.actions.len()];
    // Where each action is listed, for messages about a converse listed elsewhere.
    let mut listed_at: Vec<Option<FieldPath>> = vec![None; vocab.actions.len()];
    for (ii, issue) in vocab.issues.iter().enumerate() {
        for (k, act) in issue.actions.iter().enumerate() {
            let at = || is.index(ii).key("actions").index(k);
            match action_ix.get(act.as_str()) {
                None => errors.push(unknown(at(), "action", act, closest(act, action_candidates()))),
                Some(&j) => match issue_of[j] {
                    Some(first) if first != ii => errors.push(Invalid {
                        at: at(),
                        problem: Problem::ActionInTwoIssues {
                            action: act.clone(),
                            first: vocab.issues[first].id.clone(),
                            second: issue.id.clone(),
                        },
                    }),
                    Some(_) => errors.push(Invalid {
                        at: at(),
                        problem: Problem::Duplicate {
                            what: "action in issue".into(),
                            id: act.clone(),
                        },
                    }),
                    None => {
                        issue_of[j] = Some(ii);
                        listed_at[j] = Some(at());
                    }
                },
            }
        }
    }
    (issue_of, listed_at)
}

/// What each action reads as: its base, negation and issue (a converse: its target's, and
/// the party that bears it).
fn action_infos<'v>(
    vocab: &'v Vocabulary,
    base_of: &[(usize, bool)],
    converse_of: &[Option<(usize, usize)>],
    issue_of: &[Option<usize>],
    listed_at: &[Option<FieldPath>],
    errors: &mut Vec<Invalid>,
) -> KeyedMap<&'v str, ActionInfo> {
    let a = FieldPath::root().key("actions");
    let mut actions = KeyedMap::default();
    for (i, act) in vocab.actions.iter().enumerate() {
        if act.converse.is_some() {
            // A converse is its target seen from the other side: it belongs to the
            // target's issue, listed there or not at all.
            let Some((j, by)) = converse_of[i] else { continue };
            let Some(target_issue) = issue_of[j] else { continue };
            if let (Some(own), Some(at)) = (issue_of[i], &listed_at[i]) {
                if own != target_issue {
                    errors.push(Invalid {
                        at: at.clone(),
                        problem: Problem::ConverseInOtherIssue {
                            action: act.id.clone(),
                            issue: vocab.issues[own].id.clone(),
                            target: vocab.actions[j].id.clone(),
                            target_issue: vocab.issues[target_issue].id.clone(),
                        },
                    });
                }
            }
            let (base, negated) = base_of[j];
            actions.entry(act.id.as_str()).or_insert(ActionInfo {
                base,
                negated,
                issue: target_issue,
                converse: Some(by),
                target: j,
            });
            continue;
        }
        match issue_of[i] {
            None => errors.push(Invalid {
                at: a.index(i).key("id"),
                problem: Problem::ActionWithoutIssue { action: act.id.clone() },
            }),
            Some(issue) => {
                let (base, negated) = base_of[i];
                // Opposites are one base action, so their findings belong to one issue.
                if let Some(base_issue) = issue_of[base].filter(|&b| b != issue) {
                    errors.push(Invalid {
                        at: a.index(i).key("opposite"),
                        problem: Problem::OppositesInTwoIssues {
                            action: act.id.clone(),
                            issue: vocab.issues[issue].id.clone(),
                            opposite: vocab.actions[base].id.clone(),
                            opposite_issue: vocab.issues[base_issue].id.clone(),
                        },
                    });
                }
                actions.entry(act.id.as_str()).or_insert(ActionInfo {
                    base,
                    negated,
                    issue,
                    converse: None,
                    target: i,
                });
            }
        }
    }
    actions
}

impl<'v> Index<'v> {
    /// Compiles a vocabulary, or returns every rule it breaks.
    pub(crate) fn build(vocab: &'v Vocabulary) -> Result<Self, Vec<Invalid>> {
        let root = FieldPath::root();
        let mut errors = Vec::new();
        check_ids(vocab, &mut errors);
        let mut entity_ix = KeyedMap::default();
        for (i, ent) in vocab.entities.iter().enumerate() {
            entity_ix.entry(ent.id.as_str()).or_insert(i);
        }
        let n_atoms = vocab.entities.len() + 1;
        let children = entity_forest(vocab, &entity_ix, &mut errors);
        let mut action_ix = KeyedMap::default();
        for (i, act) in vocab.actions.iter().enumerate() {
            action_ix.entry(act.id.as_str()).or_insert(i);
        }
        let base_of = action_bases(vocab, &action_ix, &mut errors);
        let mut parties = KeyedMap::default();
        for (i, p) in vocab.parties.iter().enumerate() {
            parties.entry(p.id.as_str()).or_insert(i);
        }
        let party_entity = party_entities(vocab, &entity_ix, &mut errors);
        let converse_of = converses(vocab, &action_ix, &parties, &mut errors);
        let (issue_of, listed_at) = issue_listing(vocab, &action_ix, &mut errors);
        let actions = action_infos(vocab, &base_of, &converse_of, &issue_of, &listed_at, &mut errors);

        let mut index = Index {
            vocab,
            atoms: vocab
                .entities
                .iter()
                .map(|e| e.id.as_str())
                .chain([ELSEWHERE])
                .collect(),
            entity_ix,
            children,
            groups: BTreeMap::new(),
            actions,
            parties,
            party_entity,
            domains: Vec::new(),
            everywhere: AtomSet::full(n_atoms),
            names: Names {
                atoms: vocab
                    .entities
                    .iter()
                    .map(|e| Name::from(&e.id))
                    .chain([Name::from(ELSEWHERE)])
                    .collect(),
                parties: vocab.parties.iter().map(|p| Name::from(&p.id)).collect(),
                actions: vocab.actions.iter().map(|a| Name::from(&a.id)).collect(),
                issues: vocab.issues.iter().map(|i| Name::from(&i.id)).collect(),
                party_rank: ranks(vocab.parties.iter().map(|p| p.id.as_str())),
                action_rank: ranks(vocab.actions.iter().map(|a| a.id.as_str())),
            },
            legend: Default::default(),
        };
        index.groups = index.resolve_groups(&vocab.groups, &BTreeMap::new(), &root.key("groups"), &mut errors);
        index.domains = index.domains(&base_of, &mut errors);
        super::rules::vocabulary_rules(vocab, &mut errors);
        if errors.is_empty() {
            index.legend = std::sync::Arc::new(index.legend());
            Ok(index)
        } else {
            Err(errors)
        }
    }

    pub(crate) fn n_atoms(&self) -> usize {
        self.atoms.len()
    }

    /// The domain of each base action, from the `applies-to` and `amount-domain` of it and
    /// its opposite (which must agree when both declare one).
    fn domains(&self, base_of: &[(usize, bool)], errors: &mut Vec<Invalid>) -> Vec<Domain> {
        let vocab = self.vocab;
        let a = FieldPath::root().key("actions");
        let mut places: Vec<Option<(usize, AtomSet)>> = vec![None; vocab.actions.len()];
        let mut amounts: Vec<Option<(usize, Interval<f64>, bool)>> = vec![None; vocab.actions.len()];
        let mut has_unit = vec![false; vocab.actions.len()];
        for (i, act) in vocab.actions.iter().enumerate() {
            if act.converse.is_some() {
                continue;
            }
            let base = base_of[i].0;
            has_unit[base] |= act.unit.is_some();
            let at = a.index(i);
            if let Some(list) = &act.applies_to {
                let lat = at.key("applies-to");
                let empty = |reason: &str| Invalid {
                    at: lat.clone(),
                    problem: Problem::EmptyDomain {
                        action: act.id.clone(),
                        field: "applies-to".into(),
                        reason: reason.into(),
                    },
                };
                if list.is_empty() {
                    errors.push(empty("the list is empty; leave `applies-to` out for everywhere"));
                } else if let Some(set) = self.resolve_members(list, &BTreeMap::new(), &|| lat.clone(), errors) {
                    if set.is_empty() {
                        errors.push(empty("its groups have no members"));
                    } else {
                        match &places[base] {
                            Some((first, other)) if *other != set => errors.push(Invalid {
                                at: lat.clone(),
                                problem: Problem::DomainsDiffer {
                                    action: act.id.clone(),
                                    opposite: vocab.actions[*first].id.clone(),
                                    field: "applies-to".into(),
                                },
                            }),
                            Some(_) => {}
                            None => places[base] = Some((i, set)),
                        }
                    }
                }
            }
            if let Some(d) = &act.amount_domain {
                let dat = at.key("amount-domain");
                let mut ok = true;
                if act.unit.is_none() {
                    ok = false;
                    errors.push(Invalid {
                        at: dat.clone(),
                        problem: Problem::AmountDomainWithoutUnit { action: act.id.clone() },
                    });
                }
                for (name, v) in [("min", d.min), ("max", d.max)] {
                    if let Some(v) = v.filter(|v| !v.is_finite()) {
                        ok = false;
                        errors.push(Invalid {
                            at: dat.key(name),
                            problem: Problem::NotFinite { value: v.to_string() },
                        });
                    }
                }
                let range = crate::model::AmountRange { min: d.min, max: d.max }.interval();
                if ok && range.is_empty() {
                    ok = false;
                    errors.push(Invalid {
                        at: dat.clone(),
                        problem: Problem::EmptyRange {
                            low_field: "min".into(),
                            low: d.min.map(|x| x.to_string()).unwrap_or_default(),
                            high_field: "max".into(),
                            high: d.max.map(|x| x.to_string()).unwrap_or_default(),
                        },
                    });
                }
                let range = if d.whole { whole_numbers(range) } else { range };
                if ok && range.is_empty() {
                    ok = false;
                    errors.push(Invalid {
                        at: dat.clone(),
                        problem: Problem::EmptyDomain {
                            action: act.id.clone(),
                            field: "amount-domain".into(),
                            reason: "it holds no whole number".into(),
                        },
                    });
                }
                if ok {
                    match &amounts[base] {
                        Some((first, r, w)) if (*r, *w) != (range, d.whole) => errors.push(Invalid {
                            at: dat.clone(),
                            problem: Problem::DomainsDiffer {
                                action: act.id.clone(),
                                opposite: vocab.actions[*first].id.clone(),
                                field: "amount-domain".into(),
                            },
                        }),
                        Some(_) => {}
                        None => amounts[base] = Some((i, range, d.whole)),
                    }
                }
            }
        }
        (0..vocab.actions.len())
            .map(|i| {
                let (amount, whole) = match amounts[i] {
                    Some((_, r, w)) => (r, w),
                    None if has_unit[i] => (Interval::closed(Some(0.0), None), false),
                    None => (Interval::unbounded(), false),
                };
                Domain {
                    places: places[i].take().map(|(_, s)| s),
                    amount,
                    whole,
                }
            })
            .collect()
    }

    /// Adds entity `i` and all its parts, transitively, to `set`.
    pub(crate) fn add_cover(&self, i: usize, set: &mut AtomSet) {
        // Most places are entities without parts: no stack to allocate for them (once per
        // place of every clause, this allocation was a third of resolving places).
        if !self.has_parts(i) {
            set.insert(i);
            return;
        }
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            set.insert(x);
            if let Some(c) = self.children.get(x) {
                stack.extend(c);
            }
        }
    }

    /// Whether entity `i` has named parts.
    pub(crate) fn has_parts(&self, i: usize) -> bool {
        self.children.get(i).is_some_and(|c| !c.is_empty())
    }

    fn entity_candidates(&self) -> impl Iterator<Item = (&'v str, Option<&'v str>)> + '_ {
        self.vocab
            .entities
            .iter()
            .map(|x| (x.id.as_str(), Some(x.name.as_str())))
    }

    /// Resolves `groups` (which may also use `outer` groups) into atom sets, reporting
    /// unknown members and cycles.
    fn resolve_groups(
        &self,
        groups: &BTreeMap<String, Vec<String>>,
        outer: &BTreeMap<String, AtomSet>,
        at: &FieldPath,
        errors: &mut Vec<Invalid>,
    ) -> BTreeMap<String, AtomSet> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Todo,
            Active,
            Done,
        }
        let names: Vec<&String> = groups.keys().collect();
        let mut state: HashMap<&str, State> = names.iter().map(|n| (n.as_str(), State::Todo)).collect();
        let mut done: BTreeMap<String, AtomSet> = BTreeMap::new();
        for name in groups.keys() {
            if outer.contains_key(name) {
                errors.push(Invalid {
                    at: at.key(name),
                    problem: Problem::Duplicate {
                        what: "group".into(),
                        id: name.clone(),
                    },
                });
            }
            if name.is_empty() || name.starts_with('@') || name == ELSEWHERE {
                errors.push(Invalid {
                    at: at.key(name),
                    problem: Problem::BadId {
                        id: name.clone(),
                        reason: "a group name is written without `@` and cannot be `*`".into(),
                    },
                });
            }
        }
        // Iterative DFS so that deep nesting in hostile input cannot overflow the stack.
        for start in &names {
            if state.get(start.as_str()) != Some(&State::Todo) {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
            state.insert(start.as_str(), State::Active);
            while let Some(&(g, k)) = stack.last() {
                let members = groups.get(g).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(m) = members.get(k) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if let Some(sub) = m.strip_prefix('@') {
                        match state.get(sub).copied() {
                            Some(State::Todo) => {
                                state.insert(sub, State::Active);
                                let key = groups.get_key_value(sub).map(|(k, _)| k.as_str()).unwrap_or(sub);
                                stack.push((key, 0));
                            }
                            Some(State::Active) => {
                                let from = stack.iter().position(|(x, _)| *x == sub).unwrap_or(0);
                                let mut cycle: Vec<String> = stack[from..].iter().map(|(x, _)| x.to_string()).collect();
                                cycle.push(sub.to_string());
                                errors.push(Invalid {
                                    at: at.key(g).index(k),
                                    problem: Problem::GroupCycle { cycle },
                                });
                            }
                            _ => {}
                        }
                    }
                    continue;
                }
                // All members visited: compute the set.
                let mut set = AtomSet::empty(self.n_atoms());
                for (k, m) in members.iter().enumerate() {
                    let mat = at.key(g).index(k);
                    if let Some(sub) = m.strip_prefix('@') {
                        if let Some(s) = done.get(sub).or_else(|| outer.get(sub)) {
                            set.union_with(s);
                        } else if !groups.contains_key(sub) {
                            let cands = groups.keys().chain(outer.keys()).map(|k| (k.as_str(), None));
                            errors.push(unknown(mat, "group", m, closest(sub, cands).map(|s| format!("@{s}"))));
                        }
                    } else if m == ELSEWHERE {
                        set.union_with(&self.everywhere);
                    } else if let Some(&i) = self.entity_ix.get(m.as_str()) {
                        self.add_cover(i, &mut set);
                    } else {
                        errors.push(unknown(mat, "entity", m, closest(m, self.entity_candidates())));
                    }
                }
                done.insert(g.to_string(), set);
                state.insert(g, State::Done);
                stack.pop();
            }
        }
        done
    }

    /// Compiles a position, or returns every rule it breaks.
    pub(crate) fn compile<'p>(&self, position: &'p Position) -> Result<Compiled<'p>, Vec<Invalid>> {
        let root = FieldPath::root();
        let mut errors = Vec::new();
        if !self.parties.contains_key(position.party.as_str()) {
            errors.push(unknown(
                root.key("party"),
                "party",
                &position.party,
                closest(&position.party, self.party_candidates()),
            ));
        }
        let cl = root.key("clauses");
        let clause_ids = dup_check(
            position.clauses.iter().map(|c| c.id.as_str()),
            |i| cl.index(i).key("id"),
            "clause",
            &mut errors,
        );
        let src = root.key("sources");
        let source_ids = dup_check(
            position.sources.iter().map(|s| s.id.as_str()),
            |i| src.index(i).key("id"),
            "source",
            &mut errors,
        );
        let own_groups = self.resolve_groups(&position.groups, &self.groups, &root.key("groups"), &mut errors);
        super::record::check(self, position, &source_ids, &mut errors);
        // A norm per bearer (a converse reading makes one of several): room for them all at
        // once. Grown by doubling from one per clause, the vector of 10⁵ clauses touched three
        // times the memory it ends with, and copied itself twice.
        let mut norms = Vec::with_capacity(position.clauses.iter().map(|c| c.bearer.len()).sum());
        let mut warnings = Vec::new();
        for (ci, clause) in position.clauses.iter().enumerate() {
            let at = ClauseAt { clauses: &cl, ci };
            let mut clause_errors = Vec::new();
            let block = self.clause_block(clause, &own_groups, at, &mut clause_errors);
            let info = match self.actions.get(clause.action.as_str()) {
                Some(info) => Some(*info),
                None => {
                    let cands = self.vocab.actions.iter().map(|x| (x.id.as_str(), None));
                    clause_errors.push(unknown(
                        at.key("action"),
                        "action",
                        &clause.action,
                        closest(&clause.action, cands),
                    ));
                    None
                }
            };
            let bearers = self.resolve_bearers(clause, at, &mut clause_errors);
            self.check_references(position, clause, at, (&clause_ids, &source_ids), &mut clause_errors);
            if clause_errors.is_empty() {
                if let (Some(info), Some(block)) = (info, block) {
                    self.read_clause(
                        ci,
                        clause,
                        info,
                        block,
                        &bearers,
                        at,
                        &mut clause_errors,
                        &mut warnings,
                        &mut norms,
                    );
                }
            }
            errors.extend(clause_errors);
        }
        super::rules::position_rules(position, &mut errors);
        if errors.is_empty() {
            // Converse readings and dropped norms leave room unused, which analyses would
            // keep to the end (a no-op when every bearer made its norm).
            norms.shrink_to_fit();
            Ok(Compiled {
                position,
                norms,
                warnings,
            })
        } else {
            Err(errors)
        }
    }

    /// A clause's bearers resolved to parties, each with its place in the `bearer` list.
    fn resolve_bearers(&self, clause: &Clause, at: ClauseAt<'_>, errors: &mut Vec<Invalid>) -> Vec<(usize, usize)> {
        if clause.bearer.is_empty() {
            errors.push(Invalid {
                at: at.key("bearer"),
                problem: Problem::Empty { field: "bearer".into() },
            });
        }
        let n = clause.bearer.len();
        let mut bearers: Vec<(usize, usize)> = Vec::with_capacity(n);
        // A single bearer cannot repeat; the set is only built for a list.
        let mut seen_bearers = HashSet::new();
        for (bi, b) in clause.bearer.iter().enumerate() {
            match self.parties.get(b.as_str()) {
                Some(&p) => {
                    if n == 1 || seen_bearers.insert(p) {
                        bearers.push((p, bi));
                    } else {
                        errors.push(Invalid {
                            at: at.bearer(n, bi),
                            problem: Problem::Duplicate {
                                what: "bearer".into(),
                                id: b.clone(),
                            },
                        });
                    }
                }
                None => errors.push(unknown(
                    at.bearer(n, bi),
                    "party",
                    b,
                    closest(b, self.party_candidates()),
                )),
            }
        }
        bearers
    }

    /// A clause's weight, and the clauses, parties and sources its conditions and evidence
    /// name (`ids`: the position's clause and source ids).
    fn check_references(
        &self,
        position: &Position,
        clause: &Clause,
        at: ClauseAt<'_>,
        ids: (&KeyedSet<&str>, &KeyedSet<&str>),
        errors: &mut Vec<Invalid>,
    ) {
        let (clause_ids, source_ids) = ids;
        if let Some(w) = clause.weight {
            if !(0.0..=1.0).contains(&w) {
                errors.push(Invalid {
                    at: at.key("weight"),
                    problem: if w.is_finite() {
                        Problem::WeightOutOfRange { value: w }
                    } else {
                        Problem::NotFinite { value: w.to_string() }
                    },
                });
            }
        }
        for (k, cond) in clause.conditions.iter().enumerate() {
            let cat = || at.key("conditions").index(k);
            match &cond.party {
                Some(p) if p != &position.party => {
                    if !self.parties.contains_key(p.as_str()) {
                        errors.push(unknown(cat(), "party", p, closest(p, self.party_candidates())));
                    }
                }
                _ => {
                    if !clause_ids.contains(cond.clause.as_str()) {
                        let cands = position.clauses.iter().map(|c| (c.id.as_str(), None));
                        errors.push(unknown(cat(), "clause", &cond.clause, closest(&cond.clause, cands)));
                    }
                }
            }
        }
        for (k, ev) in clause.evidence.iter().enumerate() {
            if !source_ids.contains(ev.source.as_str()) {
                let cands = position.sources.iter().map(|s| (s.id.as_str(), Some(s.title.as_str())));
                errors.push(unknown(
                    at.key("evidence").index(k).key("source"),
                    "source",
                    &ev.source,
                    closest(&ev.source, cands),
                ));
            }
        }
    }

    fn party_candidates(&self) -> impl Iterator<Item = (&'v str, Option<&'v str>)> + '_ {
        self.vocab
            .parties
            .iter()
            .map(|p| (p.id.as_str(), Some(p.name.as_str())))
    }

    /// Resolves a clause's `where` list to atoms using the index's groups plus `own` groups.
    fn resolve_places(
        &self,
        places: Option<&[String]>,
        own: &BTreeMap<String, AtomSet>,
        at: ClauseAt<'_>,
        errors: &mut Vec<Invalid>,
    ) -> Option<AtomSet> {
        let Some(places) = places else {
            return Some(self.everywhere.clone());
        };
        let at = || at.key("where");
        if places.is_empty() {
            errors.push(Invalid {
                at: at(),
                problem: Problem::EmptyWhere {
                    reason: "the list is empty; leave `where` out for everywhere".into(),
                },
            });
            return None;
        }
        let set = self.resolve_members(places, own, &at, errors)?;
        if set.is_empty() {
            errors.push(Invalid {
                at: at(),
                problem: Problem::EmptyWhere {
                    reason: "its groups have no members".into(),
                },
            });
            return None;
        }
        Some(set)
    }

    /// The atoms of a list of places (entities, `@groups`, `*`) at `at`, or `None` after
    /// reporting the unknown ones.
    fn resolve_members(
        &self,
        places: &[String],
        own: &BTreeMap<String, AtomSet>,
        at: &dyn Fn() -> FieldPath,
        errors: &mut Vec<Invalid>,
    ) -> Option<AtomSet> {
        let before = errors.len();
        let mut set = AtomSet::empty(self.n_atoms());
        for (k, p) in places.iter().enumerate() {
            if p == ELSEWHERE {
                set.union_with(&self.everywhere);
            } else if let Some(g) = p.strip_prefix('@') {
                match own.get(g).or_else(|| self.groups.get(g)) {
                    Some(s) => set.union_with(s),
                    None => {
                        let cands = own.keys().chain(self.groups.keys()).map(|k| (k.as_str(), None));
                        errors.push(unknown(
                            at().index(k),
                            "group",
                            p,
                            closest(g, cands).map(|s| format!("@{s}")),
                        ));
                    }
                }
            } else if let Some(&i) = self.entity_ix.get(p.as_str()) {
                self.add_cover(i, &mut set);
            } else {
                errors.push(unknown(
                    at().index(k),
                    "entity",
                    p,
                    closest(p, self.entity_candidates()),
                ));
            }
        }
        (errors.len() == before).then_some(set)
    }

    /// The atom ids of a set, in vocabulary order.
    fn atom_ids(&self, set: &AtomSet) -> Vec<String> {
        set.iter()
            .filter_map(|i| self.atoms.get(i))
            .map(|a| a.to_string())
            .collect()
    }

    /// Reads a clause whose own checks passed into its norms: cut to the action's domain, and
    /// for a converse action read at its bearers' entities as the target's bearer.
    #[allow(clippy::too_many_arguments)]
    fn read_clause(
        &self,
        ci: usize,
        clause: &Clause,
        info: ActionInfo,
        mut block: Block,
        bearers: &[(usize, usize)],
        at: ClauseAt<'_>,
        errors: &mut Vec<Invalid>,
        warnings: &mut Vec<Invalid>,
        norms: &mut Vec<Norm>,
    ) {
        let domain = &self.domains[info.base];
        block.whole = domain.whole;
        let amount = block.amount.intersect(&domain.amount);
        block.amount = if domain.whole { whole_numbers(amount) } else { amount };
        if block.amount.is_empty() {
            let written = clause.amount.map(|r| r.interval()).unwrap_or_else(Interval::unbounded);
            errors.push(Invalid {
                at: at.key("amount"),
                problem: Problem::AmountOutsideDomain {
                    action: clause.action.clone(),
                    amount: written.to_string(),
                    domain: domain.describe_amount(),
                },
            });
        }
        let modality = if info.negated {
            clause.modality.negate_action()
        } else {
            clause.modality
        };
        let Some(by) = info.converse else {
            if let Some(d) = &domain.places {
                let outside = block.atoms.minus(d);
                // An absent `where` means wherever the action can happen: no warning.
                if clause.places.is_some() && !outside.is_empty() {
                    let kept = !block.atoms.and(d).is_empty();
                    let problem = Problem::OutsideDomain {
                        action: clause.action.clone(),
                        places: self.atom_ids(&outside),
                        dropped: kept,
                    };
                    let inv = Invalid {
                        at: at.key("where"),
                        problem,
                    };
                    if kept {
                        warnings.push(inv);
                    } else {
                        errors.push(inv);
                    }
                }
                block.atoms = block.atoms.and(d);
            }
            if errors.is_empty() {
                for &(bearer, _) in bearers {
                    norms.push(Norm {
                        clause: ci,
                        bearer,
                        base: info.base,
                        issue: info.issue,
                        modality,
                        block: block.clone(),
                    });
                }
            }
            return;
        };
        if clause.places.is_some() {
            errors.push(Invalid {
                at: at.key("where"),
                problem: Problem::ConverseWithWhere {
                    action: clause.action.clone(),
                },
            });
        }
        // One norm of the target's bearer covering every bearer's entity, so that a clause
        // keeps one norm per (bearer, base action) key.
        let mut atoms = AtomSet::empty(self.n_atoms());
        let target = self.vocab.actions[info.target].id.as_str();
        let n = clause.bearer.len();
        for &(bearer, bi) in bearers {
            let Some(e) = self.party_entity[bearer] else {
                errors.push(Invalid {
                    at: at.bearer(n, bi),
                    problem: Problem::BearerWithoutEntity {
                        party: self.vocab.parties[bearer].id.clone(),
                        action: clause.action.clone(),
                    },
                });
                continue;
            };
            let mut cover = AtomSet::empty(self.n_atoms());
            self.add_cover(e, &mut cover);
            if let Some(d) = &domain.places {
                let outside = cover.minus(d);
                if !outside.is_empty() {
                    cover = cover.and(d);
                    warnings.push(Invalid {
                        at: at.bearer(n, bi),
                        problem: Problem::ReadingOutsideDomain {
                            party: self.vocab.parties[bearer].id.clone(),
                            action: clause.action.clone(),
                            by: self.vocab.parties[by].id.clone(),
                            target: target.to_string(),
                            places: self.atom_ids(&outside),
                            whole: cover.is_empty(),
                        },
                    });
                }
            }
            atoms.union_with(&cover);
        }
        if errors.is_empty() && !atoms.is_empty() {
            block.atoms = atoms;
            norms.push(Norm {
                clause: ci,
                bearer: by,
                base: info.base,
                issue: info.issue,
                modality,
                block,
            });
        }
    }

    /// How findings describe a clause read as a norm of `bearer`: `russia's `ban` (nato
    /// must-not admit-members)`; a converse reading says how it was read: `ukraine's
    /// `right-to-choose` (ukraine may join-alliance), read as nato may admit-members at Ukraine`.
    ///
    /// Only a converse reading is written here (`None` otherwise): the plain form is written
    /// straight into each explanation by the comparison, as [`plain_description`] does.
    pub(crate) fn describe_converse(&self, party: &str, clause: &Clause, bearer: usize) -> Option<String> {
        let by = &self.names.parties[bearer];
        let (info, target) = self
            .actions
            .get(clause.action.as_str())
            .filter(|info| info.converse.is_some())
            .map(|info| (info, &self.vocab.actions[info.target].id))?;
        let domain = &self.domains[info.base];
        let mut bearers = Vec::new();
        let mut places = Vec::new();
        for b in &clause.bearer {
            bearers.push(b.as_str());
            let entity = self.parties.get(b.as_str()).and_then(|&p| self.party_entity[p]);
            if let Some(e) = entity {
                let mut cover = AtomSet::empty(self.n_atoms());
                self.add_cover(e, &mut cover);
                if domain.places.as_ref().is_none_or(|d| cover.intersects(d)) {
                    places.push(self.vocab.entities[e].name.as_str());
                }
            }
        }
        Some(format!(
            "{party}'s `{}` ({} {} {}), read as {by} {} {target} at {}",
            clause.id,
            bearers.join(" and "),
            clause.modality,
            clause.action,
            clause.modality,
            places.join(", ")
        ))
    }

    fn clause_block(
        &self,
        clause: &Clause,
        own: &BTreeMap<String, AtomSet>,
        at: ClauseAt<'_>,
        errors: &mut Vec<Invalid>,
    ) -> Option<Block> {
        let atoms = self.resolve_places(clause.places.as_deref(), own, at, errors);
        let mut ok = atoms.is_some();
        let when = match &clause.when {
            None => Interval::unbounded(),
            Some(w) => {
                if let (Some(f), Some(u)) = (w.from, w.until) {
                    if f > u {
                        ok = false;
                        errors.push(Invalid {
                            at: at.key("when"),
                            problem: Problem::EmptyRange {
                                low_field: "from".into(),
                                low: f.to_string(),
                                high_field: "until".into(),
                                high: u.to_string(),
                            },
                        });
                    }
                }
                w.interval()
            }
        };
        let amount = match &clause.amount {
            None => Interval::unbounded(),
            Some(r) => {
                for (name, v) in [("min", r.min), ("max", r.max)] {
                    if let Some(v) = v.filter(|v| !v.is_finite()) {
                        ok = false;
                        errors.push(Invalid {
                            at: at.key("amount").key(name),
                            problem: Problem::NotFinite { value: v.to_string() },
                        });
                    }
                }
                if let (Some(lo), Some(hi)) = (r.min, r.max) {
                    if lo > hi {
                        ok = false;
                        errors.push(Invalid {
                            at: at.key("amount"),
                            problem: Problem::EmptyRange {
                                low_field: "min".into(),
                                low: lo.to_string(),
                                high_field: "max".into(),
                                high: hi.to_string(),
                            },
                        });
                    }
                }
                r.interval()
            }
        };
        match (ok, atoms) {
            (true, Some(atoms)) => Some(Block {
                atoms,
                when,
                amount,
                whole: false,
            }),
            _ => None,
        }
    }
}
