use std::collections::BTreeSet;

use crate::analysis::Legend;
#[cfg(test)]
use crate::analysis::NamedSet;

/// Shows a set of entity atoms compactly: `everywhere`, `everywhere except …`, or the
/// largest named groups that fit exactly, then the remaining places by name.
///
/// Without a legend (a report read back from JSON), atom ids are listed as they are.
pub fn describe_places<S: AsRef<str>>(legend: &Legend, atoms: &[S]) -> String {
    let atoms: Vec<String> = atoms.iter().map(|a| a.as_ref().to_string()).collect();
    let atoms = atoms.as_slice();
    if legend.n_atoms == 0 {
        return atoms.join(", ");
    }
    let name = |a: &str| legend.names.get(a).cloned().unwrap_or_else(|| a.to_string());
    if atoms.len() == legend.n_atoms {
        return "everywhere".to_string();
    }
    let set: BTreeSet<&str> = atoms.iter().map(String::as_str).collect();
    let missing: Vec<&str> = legend
        .names
        .keys()
        .map(String::as_str)
        .filter(|a| !set.contains(a))
        .collect();
    if !missing.is_empty() && missing.len() <= 3 && atoms.len() > missing.len() * 4 {
        let shown = compact(
            legend,
            &missing.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &name,
        );
        return format!("everywhere except {shown}");
    }
    compact(legend, atoms, &name)
}

fn compact(legend: &Legend, atoms: &[String], name: &dyn Fn(&str) -> String) -> String {
    let mut remaining: BTreeSet<&str> = atoms.iter().map(String::as_str).collect();
    let mut parts = Vec::new();
    for set in &legend.sets {
        let members = &set.atoms;
        if members.len() < 2 || members.len() > remaining.len() {
            continue;
        }
        if members.iter().all(|m| remaining.contains(m.as_str())) {
            for m in members {
                remaining.remove(m.as_str());
            }
            parts.push(match set.label.strip_prefix('@') {
                Some(g) => format!("all {g} ({})", set.entities),
                None => format!("all of {}", set.label),
            });
        }
    }
    // Keep the vocabulary order for what is left.
    let rest: Vec<String> = atoms
        .iter()
        .filter(|a| remaining.contains(a.as_str()))
        .map(|a| name(a))
        .collect();
    const SHOW: usize = 12;
    if rest.len() > SHOW {
        parts.extend(rest[..SHOW].iter().cloned());
        parts.push(format!("and {} more", rest.len() - SHOW));
    } else {
        parts.extend(rest);
    }
    parts.join(", ")
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
            sets: vec![
                NamedSet {
                    label: "@flank".into(),
                    atoms: vec!["PL".into(), "RO".into()],
                    entities: 2,
                },
                NamedSet {
                    label: "Ukraine".into(),
                    atoms: vec!["UA".into(), "crimea".into()],
                    entities: 1,
                },
            ],
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
    }
}
