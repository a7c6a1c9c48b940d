use std::collections::{BTreeSet, HashMap};

use crate::analysis::{Legend, Name, NamedSet};
use crate::keyed::{KeyedMap, KeyedSet};

/// Shows a set of entity atoms compactly: `everywhere`, `everywhere except …`, or the
/// largest named groups that fit exactly, then the remaining places by name.
///
/// Without a legend (a report read back from JSON), atom ids are listed as they are.
///
/// Reports call this once per scope box, hundreds of thousands of times for a large
/// comparison: the work is kept proportional to the atoms given and the legend's groups,
/// never to the whole vocabulary's entities.
pub fn describe_places<S: AsRef<str>>(legend: &Legend, atoms: &[S]) -> String {
    Describer::new(legend).describe(atoms)
}

/// [`describe_places`] for many sets of one legend (`check`'s lint describes thousands):
/// the index of the legend's groups by label, which a call builds once it tries a group, is
/// built once for all, and [`Describer::indexed`] also looks names and parts up by hash.
pub(crate) struct Describer<'l> {
    legend: &'l Legend,
    by_label: std::cell::OnceCell<HashMap<&'l str, usize>>,
    /// The legend's names and parts by hash, for many calls; `None` for one call, which
    /// reads the legend's ordered maps instead of building these (a report describes each
    /// box with a describer of its own).
    names: Option<KeyedMap<&'l str, &'l str>>,
    parts: Option<KeyedMap<&'l str, &'l [String]>>,
}

impl<'l> Describer<'l> {
    pub(crate) fn new(legend: &'l Legend) -> Self {
        Describer {
            legend,
            by_label: std::cell::OnceCell::new(),
            names: None,
            parts: None,
        }
    }

    /// A describer for many sets: the legend's names and parts indexed by hash first.
    pub(crate) fn indexed(legend: &'l Legend) -> Self {
        Describer {
            names: Some(legend.names.iter().map(|(a, n)| (a.as_str(), n.as_str())).collect()),
            parts: Some(legend.parts.iter().map(|(e, k)| (e.as_str(), k.as_slice())).collect()),
            ..Describer::new(legend)
        }
    }

    /// What [`describe_places`] says of `atoms`.
    pub(crate) fn describe<S: AsRef<str>>(&self, atoms: &[S]) -> String {
        describe(self, atoms)
    }

    fn name(&self, a: &str) -> Option<&'l str> {
        match &self.names {
            Some(names) => names.get(a).copied(),
            None => self.legend.names.get(a).map(String::as_str),
        }
    }

    /// The direct parts of entity `e`, if it has any.
    fn parts(&self, e: &str) -> Option<&'l [String]> {
        match &self.parts {
            Some(parts) => parts.get(e).copied(),
            None => self.legend.parts.get(e).map(Vec::as_slice),
        }
    }

    fn kids(&self, e: &str) -> &'l [String] {
        self.parts(e).unwrap_or(&[])
    }

    fn has_parts(&self, e: &str) -> bool {
        self.parts(e).is_some()
    }
}

fn describe<S: AsRef<str>>(d: &Describer<'_>, atoms: &[S]) -> String {
    let legend = d.legend;
    let atoms: Vec<&str> = atoms.iter().map(AsRef::as_ref).collect();
    let atoms = atoms.as_slice();
    if legend.n_atoms == 0 {
        return atoms.join(", ");
    }
    let name = |a: &str| d.name(a).unwrap_or(a).to_string();
    if atoms.len() == legend.n_atoms {
        return "everywhere".to_string();
    }
    let set: KeyedSet<&str> = atoms.iter().copied().collect();
    // The named places left out are listed only when there are at most three of them.
    let present = set.iter().filter(|a| d.name(a).is_some()).count();
    let missing: Vec<&str> = if legend.names.len() - present <= 3 {
        legend
            .names
            .keys()
            .map(String::as_str)
            .filter(|a| !set.contains(a))
            .collect()
    } else {
        Vec::new()
    };
    if missing == ["*"] {
        return "every named place".to_string();
    }
    if !missing.is_empty() && missing.len() <= 3 && !missing.contains(&"*") && atoms.len() > missing.len() * 4 {
        let shown = compact(d, &missing, &name);
        return format!("everywhere except {shown}");
    }
    compact(d, atoms, &name)
}

/// Places by name, as comparisons show them ("Slovenia", "all eastern-flank (9)"); ids when
/// the legend does not know them (an evolution read back from JSON).
pub(crate) fn place_name(legend: &Legend, id: &str) -> String {
    if id.starts_with('@') {
        return match legend.sets.iter().find(|s| s.label == id) {
            Some(set) => group_label(set),
            None => id.to_string(),
        };
    }
    if let Some(whole) = legend.wholes.get(id) {
        return whole.clone();
    }
    legend.names.get(id).cloned().unwrap_or_else(|| id.to_string())
}

/// Each atom by its own name ("Ukraine (other parts)"), in the order given.
pub(crate) fn place_names(legend: &Legend, places: &[Name]) -> Vec<String> {
    places
        .iter()
        .map(|a| legend.names.get(a.as_str()).cloned().unwrap_or_else(|| a.to_string()))
        .collect()
}

/// "all eastern-flank (9)"; a group whose entities have named parts counts them apart,
/// "all europe-non-nato (8 + 5 parts)", so that the total is the atom count that JSON gives
/// as `size.entities` (each named part is a place of its own there).
fn group_label(set: &NamedSet) -> String {
    // A legend read back from an older JSON has no sizes: its atoms are all of the set.
    let total = if set.size == 0 { set.atoms.len() } else { set.size };
    let named_parts = total.saturating_sub(set.entities);
    match (set.label.strip_prefix('@'), named_parts) {
        (Some(g), 0) => format!("all {g} ({})", set.entities),
        (Some(g), 1) => format!("all {g} ({} + 1 part)", set.entities),
        (Some(g), n) => format!("all {g} ({} + {n} parts)", set.entities),
        (None, _) => format!("all of {}", set.label),
    }
}

/// The sets of the tree rooted at `root` (itself and everything it nests), each once.
fn tree<'l>(legend: &'l Legend, by_label: &HashMap<&str, usize>, root: usize) -> Vec<&'l crate::analysis::NamedSet> {
    let mut seen = BTreeSet::from([root]);
    let mut stack = vec![root];
    let mut out = Vec::new();
    // Iterative: nesting in hostile input may be deep.
    while let Some(i) = stack.pop() {
        let Some(set) = legend.sets.get(i) else { continue };
        out.push(set);
        for sub in &set.nested {
            if let Some(&j) = by_label.get(sub.as_str()) {
                if seen.insert(j) {
                    stack.push(j);
                }
            }
        }
    }
    out
}

fn compact(d: &Describer<'_>, atoms: &[&str], name: &dyn Fn(&str) -> String) -> String {
    let legend = d.legend;
    // Membership by hash: the sets and parts are tested against it hundreds of times a call.
    let mut remaining: KeyedSet<&str> = atoms.iter().copied().collect();
    let mut parts = Vec::new();
    for (i, set) in legend.sets.iter().enumerate() {
        // A legend read back from an older JSON has no sizes: its atoms are all of the set.
        let size = if set.size == 0 { set.atoms.len() } else { set.size };
        if size < 2 || size > remaining.len() {
            continue;
        }
        // Its own atoms first: most sets miss there, before their tree is gathered.
        if !set.atoms.iter().all(|m| remaining.contains(m.as_str())) {
            continue;
        }
        let by_label = d.by_label.get_or_init(|| {
            legend
                .sets
                .iter()
                .enumerate()
                .map(|(i, s)| (s.label.as_str(), i))
                .collect()
        });
        let members = tree(legend, by_label, i);
        if members
            .iter()
            .all(|s| s.atoms.iter().all(|m| remaining.contains(m.as_str())))
        {
            for s in &members {
                for m in &s.atoms {
                    remaining.remove(m.as_str());
                }
            }
            parts.push(group_label(set));
        }
    }
    // Entities whose every part is left are shown whole ("all of Ukraine").
    let whole = whole_entities(d, &remaining);
    // The parts of a whole entity: shown through it.
    let mut in_whole: BTreeSet<&str> = BTreeSet::new();
    for e in &whole {
        for k in d.kids(e) {
            in_whole.insert(k.as_str());
        }
    }
    let mut shown_whole = Vec::new();
    for &a in atoms {
        let top = whole.contains(a) && !in_whole.contains(a);
        if top && d.has_parts(a) {
            shown_whole.push(a);
        }
    }
    for e in &whole {
        if d.has_parts(e) || in_whole.contains(e) {
            remaining.remove(e);
        }
    }
    for w in shown_whole {
        parts.push(format!("all of {}", legend.wholes.get(w).map_or(w, String::as_str)));
    }
    // Keep the vocabulary order for what is left; only the places shown are named.
    const SHOW: usize = 12;
    let mut rest = atoms.iter().filter(|a| remaining.contains(*a));
    parts.extend(rest.by_ref().take(SHOW).map(|a| name(a)));
    let more = rest.count();
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    parts.join(", ")
}

/// The places of `remaining` that stand for a whole entity: an entity with parts whose every
/// part (recursively) is in `remaining` too, and the parts of such entities (a part without
/// parts of its own is whole when it is there). Visits only `remaining` and the parts of its
/// entities, iteratively (part-of trees may be deep). The result does not depend on the order
/// `remaining` is walked in: a part's wholeness is settled before its entity's.
fn whole_entities<'a>(d: &Describer<'_>, remaining: &KeyedSet<&'a str>) -> BTreeSet<&'a str> {
    // Whether each place of `remaining` with parts is whole.
    let mut memo: KeyedMap<&str, bool> = KeyedMap::default();
    let mut visited: KeyedSet<&str> = KeyedSet::default();
    for &start in remaining.iter().filter(|e| d.has_parts(e)) {
        let mut stack = vec![(start, false)];
        while let Some((x, done)) = stack.pop() {
            if done {
                let w = d.kids(x).iter().all(|k| match memo.get(k.as_str()) {
                    Some(&w) => w,
                    None => !d.has_parts(k) && remaining.contains(k.as_str()),
                });
                memo.insert(x, w);
                continue;
            }
            if !visited.insert(x) {
                continue;
            }
            stack.push((x, true));
            for k in d.kids(x) {
                if let Some(&k) = remaining.get(k.as_str()) {
                    if d.has_parts(k) && !visited.contains(k) {
                        stack.push((k, false));
                    }
                }
            }
        }
    }
    let mut whole: BTreeSet<&'a str> = BTreeSet::new();
    for (&e, &w) in &memo {
        if w {
            if let Some(&e) = remaining.get(e) {
                whole.insert(e);
            }
            for k in d.kids(e) {
                if let Some(&k) = remaining.get(k.as_str()) {
                    whole.insert(k);
                }
            }
        }
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn legend() -> Legend {
        let names: BTreeMap<String, String> = [
            ("PL", "Poland"),
            ("RO", "Romania"),
            ("UA", "Ukraine (other parts)"),
            ("crimea", "Crimea"),
            ("*", "elsewhere"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        Legend {
            names,
            sets: vec![NamedSet {
                label: "@flank".into(),
                atoms: vec!["PL".into(), "RO".into()],
                nested: Vec::new(),
                size: 2,
                entities: 2,
            }],
            parts: [("UA".to_string(), vec!["crimea".to_string()])].into_iter().collect(),
            wholes: [("UA".to_string(), "Ukraine".to_string())].into_iter().collect(),
            post_order: vec!["crimea".into(), "UA".into()],
            n_atoms: 5,
        }
    }

    #[test]
    fn groups_then_names() {
        let l = legend();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            describe_places(&l, &s(&["PL", "RO", "crimea"])),
            "all flank (2), Crimea"
        );
        assert_eq!(describe_places(&l, &s(&["UA", "crimea"])), "all of Ukraine");
        assert_eq!(
            describe_places(&l, &s(&["PL", "RO", "UA", "crimea", "*"])),
            "everywhere"
        );
        assert_eq!(describe_places(&Legend::default(), &s(&["PL"])), "PL");
        assert_eq!(
            describe_places(&l, &s(&["PL", "RO", "UA", "crimea"])),
            "every named place"
        );
        assert_eq!(describe_places(&l, &s(&["UA"])), "Ukraine (other parts)");
    }

    #[test]
    fn a_group_with_named_parts_counts_them_apart() {
        let mut l = legend();
        l.sets.insert(
            0,
            NamedSet {
                label: "@east".into(),
                atoms: vec!["PL".into(), "UA".into(), "crimea".into()],
                nested: Vec::new(),
                size: 3,
                entities: 2,
            },
        );
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            describe_places(&l, &s(&["PL", "UA", "crimea"])),
            "all east (2 + 1 part)"
        );
        assert_eq!(describe_places(&l, &s(&["PL", "RO"])), "all flank (2)");
    }
}
