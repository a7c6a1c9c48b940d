//! `Comparison::write_json` and `Matrix::write_json` write exactly serde_json's pretty bytes:
//! on generated comparisons and matrices, on the example data, and on findings made of hostile
//! text (quotes, backslashes, control characters, non-ASCII), every float (NaN, infinities,
//! -0.0, extremes) and dates at both ends of the calendar.

use std::path::PathBuf;

use negdiff::testing::{generate, GenConfig};
use negdiff::{
    compare, compare_all, Basis, Comparison, Date, Finding, FindingKind, Interval, Modality, Name, Quote, ScopeBox,
    Side, Silence, WitnessSize,
};
use proptest::prelude::*;

#[path = "support/json_pieces.rs"]
mod json_pieces;
use json_pieces::{float, text};

fn pretty(c: &Comparison) -> Vec<u8> {
    serde_json::to_vec_pretty(c).unwrap()
}

fn written(c: &Comparison) -> Vec<u8> {
    let mut out = Vec::new();
    c.write_json(&mut out).unwrap();
    out
}

fn name() -> impl Strategy<Value = Name> {
    text().prop_map(Name::from)
}

fn names() -> impl Strategy<Value = Vec<Name>> {
    proptest::collection::vec(name(), 0..3)
}

/// Days around 1970, around year 0 and at both ends of the calendar.
fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        -1_000_000i32..1_000_000,
        -720_000i32..-718_000,
        Just(i32::MIN),
        Just(i32::MAX),
    ]
    .prop_map(Date::from_day_number)
}

fn interval<T: std::fmt::Debug + Clone, S: Strategy<Value = T>>(
    point: fn() -> S,
) -> impl Strategy<Value = Interval<T>> {
    (
        proptest::option::of(point()),
        proptest::option::of(point()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(min, max, min_inclusive, max_inclusive)| Interval {
            min,
            max,
            min_inclusive,
            max_inclusive,
        })
}

fn scope_box() -> impl Strategy<Value = ScopeBox> {
    (
        names(),
        proptest::option::of(interval(date)),
        proptest::option::of(interval(float)),
    )
        .prop_map(|(places, when, amount)| ScopeBox { places, when, amount })
}

fn quote() -> impl Strategy<Value = Quote> {
    (any::<bool>(), name(), name(), name(), proptest::option::of(name())).prop_map(
        |(left, clause, source, quote, speaker)| Quote {
            side: if left { Side::Left } else { Side::Right },
            clause,
            source,
            quote,
            speaker,
        },
    )
}

fn modality() -> impl Strategy<Value = Option<Modality>> {
    proptest::option::of(proptest::sample::select(Modality::ALL.to_vec()))
}

fn finding() -> impl Strategy<Value = Finding> {
    (
        (
            proptest::sample::select(vec![
                FindingKind::Conflict,
                FindingKind::Agreement,
                FindingKind::Overlap,
                FindingKind::Gap,
            ]),
            name(),
            name(),
            name(),
            names(),
            names(),
            modality(),
            modality(),
        ),
        (
            proptest::collection::vec(scope_box(), 0..3),
            (
                any::<usize>(),
                proptest::option::of(any::<u64>()),
                proptest::option::of(float()),
            ),
            any::<u8>(),
            names(),
            any::<bool>(),
            text(),
            proptest::collection::vec(quote(), 0..3),
            proptest::sample::select(Basis::ALL.to_vec()),
            proptest::option::of(proptest::sample::select(vec![Silence::Silent, Silence::NotAddressed])),
        ),
    )
        .prop_map(
            |(
                (kind, issue, bearer, action, left, right, left_norm, right_norm),
                (
                    scope,
                    (entities, days, amount_width),
                    red_lines,
                    conditions,
                    whole_issue,
                    explanation,
                    evidence,
                    basis,
                    silence,
                ),
            )| Finding {
                kind,
                issue,
                bearer,
                action,
                left,
                right,
                left_norm,
                right_norm,
                scope,
                size: WitnessSize {
                    entities,
                    days,
                    amount_width,
                },
                red_lines,
                conditions,
                whole_issue,
                explanation,
                evidence,
                basis,
                silence,
            },
        )
}

/// A small generated comparison (any seed, a few shapes).
fn generated(seed: u64, clauses: usize, actions: usize) -> Comparison {
    let (v, l, r) = generate(&GenConfig::with_actions(clauses, actions, seed));
    compare(&v, &l, &r).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generated comparisons, then the same with hostile findings, labels and titles.
    #[test]
    fn comparisons_write_serde_json_bytes(
        seed in any::<u64>(),
        clauses in 0usize..60,
        actions in 2usize..20,
        findings in proptest::collection::vec(finding(), 0..6),
        label in text(),
        title in text(),
        on_record in any::<bool>(),
    ) {
        let mut c = generated(seed, clauses, actions);
        prop_assert_eq!(written(&c), pretty(&c));
        c.findings.extend(findings);
        c.left.label = label;
        c.right.date = None;
        if let Some(v) = c.issues.first_mut() {
            v.title = title;
        }
        c.on_record = on_record;
        prop_assert_eq!(written(&c), pretty(&c));
        c.findings.clear();
        prop_assert_eq!(written(&c), pretty(&c));
    }

    /// A matrix writes each of its comparisons as a comparison does, at its depth.
    #[test]
    fn matrices_write_serde_json_bytes(seed in any::<u64>(), clauses in 0usize..30, finding in finding()) {
        let (v, l, r) = generate(&GenConfig::with_actions(clauses, 8, seed));
        let mut m = compare_all(&v, &[l.clone(), r, l]).unwrap();
        if let Some(c) = m.comparisons.first_mut() {
            c.findings.push(finding);
        }
        let mut out = Vec::new();
        m.write_json(&mut out).unwrap();
        prop_assert_eq!(out, serde_json::to_vec_pretty(&m).unwrap());
    }
}

#[test]
fn empty_and_example_comparisons_write_serde_json_bytes() {
    let (v, l, r) = generate(&GenConfig::with_actions(0, 2, 1));
    let empty = compare(&v, &l, &r).unwrap();
    assert!(empty.findings.is_empty());
    assert_eq!(written(&empty), pretty(&empty));
    let m = compare_all(&v, &[]).unwrap();
    let mut out = Vec::new();
    m.write_json(&mut out).unwrap();
    assert_eq!(out, serde_json::to_vec_pretty(&m).unwrap());

    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let vocab = negdiff::format::load_vocabulary(data.join("vocabulary.toml")).unwrap();
    let load = |f: &str| negdiff::format::load_position_with(data.join(f), &vocab).unwrap();
    let c = compare(
        &vocab,
        &load("russia-2021-12-17-draft.toml"),
        &load("nato-2022-01-26-reply.toml"),
    )
    .unwrap();
    assert!(!c.findings.is_empty());
    assert_eq!(written(&c), pretty(&c));
}

/// Output larger than one chunk is written whole, in order, and a failing writer's error comes
/// back.
#[test]
fn large_output_is_chunked_and_errors_come_back() {
    let c = generated(7, 3_000, 300);
    let bytes = written(&c);
    assert!(bytes.len() > 1 << 17, "{}", bytes.len());
    assert_eq!(bytes, pretty(&c));

    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if self.0 < b.len() {
                return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"));
            }
            self.0 -= b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let err = c.write_json(Full(100_000)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
}
