//! Round trips through TOML and JSON, and a loader that never panics.

use std::path::PathBuf;

use negdiff::format::{self, Format, Loader};
use negdiff::{
    Action, AmountRange, Basis, Clause, ClauseRef, Date, DateRange, Entity, Evidence, Issue, Modality, Party, Position,
    Source, Strength, Vocabulary,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.]{0,20}",
        "\\PC{0,12}",
        Just("line one\nline \"two\"\t'three' \\ —".to_string()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,6}"
}

fn date() -> impl Strategy<Value = Date> {
    (-700_000i32..800_000).prop_map(Date::from_day_number)
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1000i32..1000).prop_map(f64::from),
        -1e12f64..1e12,
        Just(0.0),
        Just(1e300)
    ]
}

/// A valid vocabulary: unique ids, opposites in mutual pairs, each action in one issue,
/// `part-of` pointing backwards, groups of entities and earlier groups.
fn vocabulary() -> impl Strategy<Value = Vocabulary> {
    (
        text(),
        prop::collection::vec((id(), text()), 1..4),
        prop::collection::vec((id(), text(), any::<bool>()), 1..6),
        prop::collection::vec((id(), prop::option::of(id()), any::<bool>()), 1..6),
        1usize..4,
        prop::collection::vec(prop::collection::vec(any::<prop::sample::Index>(), 1..4), 0..4),
    )
        .prop_map(|(name, parties, entities, actions, n_issues, groups)| {
            let mut v = Vocabulary::new(name);
            v.parties = parties
                .into_iter()
                .enumerate()
                .map(|(i, (id, name))| Party {
                    id: format!("{id}-{i}"),
                    name,
                    entity: None,
                })
                .collect();
            v.entities = entities
                .iter()
                .enumerate()
                .map(|(i, (id, name, nested))| Entity {
                    id: format!("{id}-{i}"),
                    name: name.clone(),
                    part_of: (*nested && i > 0).then(|| format!("{}-{}", entities[i - 1].0, i - 1)),
                })
                .collect();
            let mut acts: Vec<Action> = Vec::new();
            // Opposites are one base action, so a pair always goes to one issue.
            let mut families: Vec<Vec<String>> = Vec::new();
            for (i, (id, unit, paired)) in actions.into_iter().enumerate() {
                let a = format!("{id}-{i}");
                families.push(if paired {
                    vec![a.clone(), format!("{a}-not")]
                } else {
                    vec![a.clone()]
                });
                if paired {
                    let b = format!("{id}-{i}-not");
                    let mut x = Action::new(a.clone(), unit.as_deref());
                    x.opposite = Some(b.clone());
                    acts.push(x);
                    let mut y = Action::new(b, unit.as_deref());
                    y.opposite = Some(a);
                    acts.push(y);
                } else {
                    acts.push(Action::new(a, unit.as_deref()));
                }
            }
            let n_issues = n_issues.min(families.len());
            v.issues = (0..n_issues)
                .map(|k| Issue {
                    id: format!("issue-{k}"),
                    title: format!("Issue {k}"),
                    actions: families.iter().skip(k).step_by(n_issues).flatten().cloned().collect(),
                })
                .collect();
            v.actions = acts;
            for (g, members) in groups.into_iter().enumerate() {
                let list = members
                    .iter()
                    .map(|ix| {
                        let k = ix.index(v.entities.len() + g);
                        if k < v.entities.len() {
                            v.entities[k].id.clone()
                        } else {
                            format!("@g{}", k - v.entities.len())
                        }
                    })
                    .collect();
                v.groups.insert(format!("g{g}"), list);
            }
            v
        })
}

/// A valid vocabulary that also uses party territories, converse actions, `applies-to` and
/// amount domains (positions are drawn over [`vocabulary`], whose clauses need no care for them).
fn vocabulary_with_domains() -> impl Strategy<Value = Vocabulary> {
    (
        vocabulary(),
        prop::collection::vec(prop::option::of(any::<prop::sample::Index>()), 3),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<bool>(),
            ),
            0..3,
        ),
        prop::collection::vec(
            prop::option::of(prop::collection::vec(any::<prop::sample::Index>(), 1..3)),
            6,
        ),
        prop::collection::vec(
            prop::option::of((-50i32..50, prop::option::of(1i32..100), any::<bool>())),
            6,
        ),
    )
        .prop_map(|(mut v, entities, converses, applies, domains)| {
            for (p, e) in v.parties.iter_mut().zip(entities) {
                p.entity = e.map(|e| e.get(&v.entities).id.clone());
            }
            let places: Vec<String> = v
                .entities
                .iter()
                .map(|e| e.id.clone())
                .chain(v.groups.keys().map(|g| format!("@{g}")))
                .chain(["*".to_string()])
                .collect();
            // Domains go on the first of two opposites (the base), or on a lone action.
            let n = v.actions.len();
            for i in 0..n {
                let is_second = i > 0 && v.actions[i - 1].opposite.as_deref() == Some(v.actions[i].id.as_str());
                if is_second {
                    continue;
                }
                let places_of = applies.get(i % applies.len()).cloned().flatten();
                v.actions[i].applies_to = places_of.map(|ks| ks.iter().map(|k| k.get(&places).clone()).collect());
                if v.actions[i].unit.is_some() {
                    if let Some((min, width, whole)) = domains[i % domains.len()] {
                        v.actions[i].amount_domain = Some(negdiff::AmountDomain {
                            min: Some(f64::from(min)),
                            max: width.map(|w| f64::from(min + w)),
                            whole,
                        });
                    }
                }
            }
            for (k, (target, by, listed)) in converses.into_iter().enumerate() {
                let t = target.index(n);
                let target_id = v.actions[t].id.clone();
                let by = by.get(&v.parties).id.clone();
                let id = format!("conv-{k}");
                v = v.converse(id.clone(), &target_id, &by);
                if listed {
                    if let Some(issue) = v.issues.iter_mut().find(|i| i.actions.contains(&target_id)) {
                        issue.actions.push(id);
                    }
                }
            }
            v
        })
}

#[derive(Debug, Clone)]
struct RawClause {
    bearers: Vec<prop::sample::Index>,
    modality: Modality,
    action: prop::sample::Index,
    places: Option<Vec<prop::sample::Index>>,
    when: Option<(Option<Date>, Option<Date>)>,
    amount: Option<(Option<f64>, Option<f64>)>,
    strength: Strength,
    weight: Option<f64>,
    conditions: Vec<prop::sample::Index>,
    text: String,
    evidence: Vec<(prop::sample::Index, String, Option<String>)>,
    /// 0 no basis, 1 `quoted` (when there is evidence), 2 `document`, 3 `inferred`.
    basis: (u8, prop::sample::Index, String),
}

fn raw_clause() -> impl Strategy<Value = RawClause> {
    (
        (
            prop::collection::vec(any::<prop::sample::Index>(), 1..3),
            prop::sample::select(Modality::ALL.to_vec()),
            any::<prop::sample::Index>(),
            prop::option::of(prop::collection::vec(any::<prop::sample::Index>(), 1..4)),
            prop::option::of((prop::option::of(date()), prop::option::of(date()))),
            prop::option::of((prop::option::of(amount()), prop::option::of(amount()))),
        ),
        (
            prop::sample::select(Strength::ALL.to_vec()),
            prop::option::of(0.0f64..=1.0),
            prop::collection::vec(any::<prop::sample::Index>(), 0..3),
            text(),
            prop::collection::vec(
                // A quote quotes something: an empty or blank one is an error.
                (
                    any::<prop::sample::Index>(),
                    "[a-z][a-z ]{0,19}",
                    prop::option::of(text()),
                ),
                0..3,
            ),
            (0u8..4, any::<prop::sample::Index>(), "[a-z][a-z ,.]{0,20}"),
        ),
    )
        .prop_map(
            |(
                (bearers, modality, action, places, when, amount),
                (strength, weight, conditions, text, evidence, basis),
            )| {
                RawClause {
                    bearers,
                    modality,
                    action,
                    places,
                    when,
                    amount,
                    strength,
                    weight,
                    conditions,
                    text,
                    evidence,
                    basis,
                }
            },
        )
}

fn ordered<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> (Option<T>, Option<T>) {
    match (a, b) {
        (Some(x), Some(y)) if x > y => (Some(y), Some(x)),
        other => other,
    }
}

/// A valid position over a valid vocabulary.
fn position_over(v: Vocabulary) -> impl Strategy<Value = (Vocabulary, Position)> {
    (
        text(),
        prop::option::of(date()),
        prop::collection::vec(
            (
                text(),
                prop::option::of(text()),
                prop::option::of(date()),
                prop::option::of(text()),
            ),
            1..3,
        ),
        prop::collection::vec(raw_clause(), 0..5),
        prop::option::of(prop::collection::vec(any::<prop::sample::Index>(), 0..3)),
    )
        .prop_map(move |(label, date, sources, clauses, addresses)| {
            let mut p = Position::new(v.parties[0].id.clone(), label);
            p.date = date;
            p.sources = sources
                .into_iter()
                .enumerate()
                .map(|(i, (title, publisher, date, path))| Source {
                    id: format!("s{i}"),
                    title,
                    publisher,
                    date,
                    path,
                })
                .collect();
            let places: Vec<String> = v
                .entities
                .iter()
                .map(|e| e.id.clone())
                .chain(v.groups.keys().map(|g| format!("@{g}")))
                .chain(["*".to_string()])
                .collect();
            for (i, c) in clauses.into_iter().enumerate() {
                let mut bearer: Vec<String> = c.bearers.iter().map(|b| b.get(&v.parties).id.clone()).collect();
                bearer.sort();
                bearer.dedup();
                let conditions = if i == 0 {
                    Vec::new()
                } else {
                    let mut cs: Vec<usize> = c.conditions.iter().map(|k| k.index(i)).collect();
                    cs.sort_unstable();
                    cs.dedup();
                    cs.into_iter()
                        .map(|k| ClauseRef {
                            party: None,
                            clause: format!("c{k}"),
                        })
                        .collect()
                };
                let (basis, source, rationale) = match c.basis.0 {
                    1 if !c.evidence.is_empty() => (Some(Basis::Quoted), None, None),
                    2 => (Some(Basis::Document), Some(c.basis.1.get(&p.sources).id.clone()), None),
                    3 => (Some(Basis::Inferred), None, Some(c.basis.2.clone())),
                    _ => (None, None, None),
                };
                p.clauses.push(Clause {
                    id: format!("c{i}"),
                    bearer,
                    modality: c.modality,
                    action: c.action.get(&v.actions).id.clone(),
                    places: c.places.map(|ps| ps.iter().map(|k| k.get(&places).clone()).collect()),
                    when: c.when.map(|(a, b)| {
                        let (from, until) = ordered(a, b);
                        DateRange { from, until }
                    }),
                    amount: c.amount.map(|(a, b)| {
                        // Amounts of an action with a unit are never negative.
                        let unit = c.action.get(&v.actions).unit.is_some();
                        let (a, b) = if unit {
                            (a.map(f64::abs), b.map(f64::abs))
                        } else {
                            (a, b)
                        };
                        let (min, max) = ordered(a, b);
                        AmountRange { min, max }
                    }),
                    strength: c.strength,
                    weight: c.weight,
                    conditions,
                    text: c.text,
                    basis,
                    source,
                    rationale,
                    evidence: c
                        .evidence
                        .into_iter()
                        .map(|(s, quote, speaker)| Evidence {
                            source: s.get(&p.sources).id.clone(),
                            quote,
                            speaker,
                        })
                        .collect(),
                });
            }
            // A partial position addresses at least the issues of its clauses.
            if let Some(extra) = addresses {
                let issue_of = |a: &str| v.issues.iter().position(|i| i.actions.iter().any(|x| x == a));
                let mut ix: Vec<usize> = p.clauses.iter().filter_map(|c| issue_of(&c.action)).collect();
                ix.extend(extra.iter().map(|k| k.index(v.issues.len())));
                ix.sort_unstable();
                ix.dedup();
                if !ix.is_empty() {
                    p.addresses = Some(ix.into_iter().map(|i| v.issues[i].id.clone()).collect());
                }
            }
            (v.clone(), p)
        })
}

fn vocabulary_and_position() -> impl Strategy<Value = (Vocabulary, Position)> {
    vocabulary().prop_flat_map(position_over)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn vocabularies_round_trip(v in vocabulary()) {
        negdiff::validate_vocabulary(&v).unwrap();
        let t = format::to_toml(&v).unwrap();
        prop_assert_eq!(format::vocabulary_from_str(&t, "v.toml").map_err(|e| e.to_string()), Ok(v.clone()), "{}", t);
        let j = format::to_json(&v).unwrap();
        prop_assert_eq!(format::vocabulary_from_str(&j, "v.json").map_err(|e| e.to_string()), Ok(v.clone()), "{}", j);
        prop_assert_eq!(format::to_toml(&format::vocabulary_from_str(&t, "v.toml").unwrap()).unwrap(), t);
    }

    #[test]
    fn vocabularies_with_domains_round_trip(v in vocabulary_with_domains()) {
        negdiff::validate_vocabulary(&v).unwrap();
        let t = format::to_toml(&v).unwrap();
        prop_assert_eq!(format::vocabulary_from_str(&t, "v.toml").map_err(|e| e.to_string()), Ok(v.clone()), "{}", t);
        let j = format::to_json(&v).unwrap();
        prop_assert_eq!(format::vocabulary_from_str(&j, "v.json").map_err(|e| e.to_string()), Ok(v.clone()), "{}", j);
        prop_assert_eq!(format::to_toml(&format::vocabulary_from_str(&t, "v.toml").unwrap()).unwrap(), t);
    }

    #[test]
    fn positions_round_trip((v, p) in vocabulary_and_position()) {
        let t = format::to_toml(&p).unwrap();
        prop_assert_eq!(format::position_from_str(&t, "p.toml", Some(&v)).map_err(|e| e.to_string()), Ok(p.clone()), "{}", t);
        let j = format::to_json(&p).unwrap();
        prop_assert_eq!(format::position_from_str(&j, "p.json", Some(&v)).map_err(|e| e.to_string()), Ok(p.clone()), "{}", j);
        prop_assert_eq!(format::to_json(&format::position_from_str(&j, "p.json", Some(&v)).unwrap()).unwrap(), j);
    }

    /// `check` locates the warnings of a file read on the fast path by scanning its text; it
    /// finds every field where the full path's tree does, in written files and in variants of
    /// them (line ends, comments, minified JSON).
    #[test]
    fn the_locator_finds_fields_where_the_tree_does((v, p) in vocabulary_and_position(), crlf in any::<bool>()) {
        let toml = format::to_toml(&p).unwrap();
        // Every clause of a written position is found from its header (the small reader leaves
        // multi-line strings to the `toml` parser, and then the whole text is scanned).
        let noted = negdiff::testing::clause_headers_noted(&toml);
        if toml.contains("'''") || toml.contains("\"\"\"") {
            prop_assert!(noted.is_none() || noted == Some(p.clauses.len()));
        } else {
            prop_assert_eq!(noted, Some(p.clauses.len()), "{}", toml);
        }
        let mut tomls = vec![toml.clone(), format::to_toml(&v).unwrap()];
        if !toml.contains("\"\"\"") && !toml.contains("'''") {
            // A comment after every line, and blank lines with comments between them.
            tomls.push(toml.lines().map(|l| format!("  {l} # note [x] = \"y\"\n# [[z]]\n")).collect());
            // The keys of each table in the opposite order, quoted, with tabs about `=`: where
            // the reader notes each key, line by line.
            let mut odd = String::new();
            let mut keys: Vec<String> = Vec::new();
            for l in toml.lines().chain([""]) {
                match l.split_once(" = ") {
                    Some((k, v)) if !l.starts_with('[') && !k.contains(' ') => keys.push(format!("\"{k}\"\t=\t{v}")),
                    _ => {
                        for k in keys.drain(..).rev() {
                            odd.push_str(&k);
                            odd.push('\n');
                        }
                        odd.push_str(l);
                        odd.push('\n');
                    }
                }
            }
            if toml::from_str::<toml::Table>(&odd).is_ok() {
                tomls.push(odd);
            }
        }
        if crlf {
            tomls = tomls.into_iter().map(|t| t.replace('\n', "\r\n")).collect();
        }
        for t in &tomls {
            let answered = negdiff::testing::locator_agrees(t, false).map_err(|e| TestCaseError::fail(format!("{e}\n{t}")))?;
            prop_assert!(answered > 2, "{}", t);
        }
        let json = format::to_json(&p).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        // Every clause of a written position, pretty or minified, is found from its object.
        let minified = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(negdiff::testing::json_clauses_noted(&json), Some(p.clauses.len()));
        prop_assert_eq!(negdiff::testing::json_clauses_noted(&minified), Some(p.clauses.len()));
        // The notes of a JSON file's clause keys hold with other line ends and spacing.
        let crlf = json.replace('\n', "\r\n");
        let spaced = json.replace("\": ", "\" :\t").replace("\n  ", "\n\t ");
        prop_assert_eq!(negdiff::testing::json_clauses_noted(&crlf), Some(p.clauses.len()));
        for j in [json, minified, crlf, spaced, format::to_json(&v).unwrap()] {
            let answered = negdiff::testing::locator_agrees(&j, true).map_err(|e| TestCaseError::fail(format!("{e}\n{j}")))?;
            prop_assert!(answered > 2, "{}", j);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), json in any::<bool>()) {
        let mut loader = Loader::new();
        loader.format(if json { Format::Json } else { Format::Toml });
        let _ = loader.document_from_slice(&bytes, "fuzz");
    }

    #[test]
    fn random_text_never_panics(text in "[\\[\\]{}=\",:a-z0-9@*. \n-]{0,200}", json in any::<bool>()) {
        let mut loader = Loader::new();
        loader.format(if json { Format::Json } else { Format::Toml });
        let _ = loader.document_from_slice(format!("format = \"negdiff/1\"\nkind = \"position\"\n{text}").as_bytes(), "fuzz");
        let _ = loader.document_from_slice(text.as_bytes(), "fuzz");
    }
}

fn examples() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    DeleteLine(prop::sample::Index),
    Insert(prop::sample::Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        any::<prop::sample::Index>().prop_map(Mutation::DeleteLine),
        (any::<prop::sample::Index>(), "[\\[\\]{}=\",@*0-9 \n-]{1,6}").prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn mutate(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        if bytes.is_empty() {
            break;
        }
        match m {
            Mutation::Flip(i, b) => {
                let k = i.index(bytes.len());
                bytes[k] = *b;
            }
            Mutation::Truncate(i) => bytes.truncate(i.index(bytes.len())),
            Mutation::DeleteLine(i) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                let k = i.index(lines.len().max(1));
                bytes = lines
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes();
            }
            Mutation::Insert(i, s) => {
                let k = i.index(bytes.len());
                bytes.splice(k..k, s.bytes());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn mutated_examples_never_panic(file in any::<prop::sample::Index>(), ms in prop::collection::vec(mutation(), 1..4)) {
        let files = examples();
        let original = file.get(&files).clone();
        let bytes = mutate(original, &ms);
        let _ = Loader::new().document_from_slice(&bytes, "mutated.toml");
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let vocabulary = format::load_vocabulary(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/vocabulary.toml")).unwrap();
            let _ = format::position_from_str(text, "mutated.toml", Some(&vocabulary));
        }
    }
}

#[path = "support/json_schema_check.rs"]
mod json_schema_check;

/// The JSON values of a file in both syntaxes: canonical JSON, and TOML as an editor's TOML
/// language server reads it.
fn as_json_values(json: &str, toml: &str) -> [serde_json::Value; 2] {
    [
        serde_json::from_str(json).unwrap(),
        json_schema_check::toml_to_json(&toml::from_str(toml).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// What the loader reads, the JSON Schema accepts; a field the loader does not know, both reject.
    #[test]
    fn generated_files_validate_against_the_json_schema(
        (v, p) in vocabulary_and_position(),
        d in vocabulary_with_domains(),
        unknown in "x-[a-z]{1,6}",
        in_clause in any::<bool>(),
    ) {
        use negdiff::format::{json_schema, FileKind};
        for (value, kind) in [(&v, FileKind::Vocabulary), (&d, FileKind::Vocabulary)] {
            for j in as_json_values(&format::to_json(value).unwrap(), &format::to_toml(value).unwrap()) {
                let e = json_schema_check::errors(&json_schema(kind), &j);
                prop_assert!(e.is_empty(), "{:?}\n{}", e, j);
            }
        }
        let [j, t] = as_json_values(&format::to_json(&p).unwrap(), &format::to_toml(&p).unwrap());
        for j in [&j, &t] {
            let e = json_schema_check::errors(&json_schema(FileKind::Position), j);
            prop_assert!(e.is_empty(), "{:?}\n{}", e, j);
        }
        let mut bad = j.clone();
        let table = match bad.pointer_mut("/clauses/0") {
            Some(c) if in_clause => c,
            _ => &mut bad,
        };
        table.as_object_mut().unwrap().insert(unknown.clone(), serde_json::Value::from(1));
        prop_assert!(!json_schema_check::errors(&json_schema(FileKind::Position), &bad).is_empty());
        let loaded = format::position_from_str(&bad.to_string(), "p.json", Some(&v));
        let unknown_field = format!("unknown field `{unknown}`");
        prop_assert!(loaded.is_err_and(|e| e.to_string().contains(&unknown_field)));
    }
}
