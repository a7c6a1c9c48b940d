//! `Evolution::write_json` writes exactly serde_json's pretty bytes: on evolutions between
//! generated rounds (with and without a counterpart), and on the same evolutions carrying
//! changes made of hostile text (every escape), any JSON value before and after, every float
//! and a unified diff of any bytes.

use negdiff::evolution::{Change, ChangeKind, ClauseRole, Direction, Evolution, EvolveOptions, Field, FieldChange};
use negdiff::testing::{generate, generate_revision, GenConfig, RevisionConfig};
use negdiff::{evolve, evolve_with};
use proptest::prelude::*;
use serde_json::Value;
use strum::VariantArray;

#[path = "support/json_pieces.rs"]
mod json_pieces;
use json_pieces::{float, text};

fn written(e: &Evolution) -> Vec<u8> {
    let mut out = Vec::new();
    e.write_json(&mut out).unwrap();
    out
}

fn pretty(e: &Evolution) -> Vec<u8> {
    serde_json::to_vec_pretty(e).unwrap()
}

/// Any JSON value, nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((text(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn field_change() -> impl Strategy<Value = FieldChange> {
    (
        (pick(Field::VARIANTS), value(), value(), pick(Direction::VARIANTS)),
        (
            proptest::collection::vec(text(), 0..3),
            proptest::collection::vec(text(), 0..3),
            text(),
        ),
    )
        .prop_map(
            |((field, before, after, direction), (added, removed, explanation))| FieldChange {
                field,
                before,
                after,
                direction,
                added,
                removed,
                size: None,
                words: None,
                explanation,
            },
        )
}

fn change() -> impl Strategy<Value = Change> {
    (
        (
            pick(ChangeKind::VARIANTS),
            proptest::option::of(text()),
            proptest::option::of(text()),
            pick(Direction::VARIANTS),
            any::<bool>(),
            proptest::option::of(any::<usize>()),
            proptest::option::of(any::<usize>()),
            proptest::option::of(float()),
        ),
        (
            proptest::option::of(pick(ClauseRole::VARIANTS)),
            proptest::option::of(pick(ClauseRole::VARIANTS)),
            proptest::collection::vec(text(), 0..3),
            text(),
            text(),
            proptest::collection::vec(field_change(), 0..3),
        ),
    )
        .prop_map(
            |(
                (kind, old, new, direction, moved, old_index, new_index, similarity),
                (old_role, new_role, bearer, action, summary, fields),
            )| Change {
                kind,
                old,
                new,
                direction,
                moved,
                old_index,
                new_index,
                similarity,
                old_role,
                new_role,
                bearer,
                action,
                summary,
                fields,
                clause: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generated rounds, then the same evolution with hostile changes, party, labels and diff.
    #[test]
    fn evolutions_write_serde_json_bytes(
        seed in any::<u64>(),
        clauses in 0usize..60,
        actions in 2usize..20,
        counterpart in any::<bool>(),
        changes in proptest::collection::vec(change(), 0..4),
        position in proptest::collection::vec(field_change(), 0..3),
        party in text(),
        label in text(),
        diff in text(),
    ) {
        let (v, l, r) = generate(&GenConfig::with_actions(clauses, actions, seed));
        let next = generate_revision(&v, &l, &RevisionConfig::new(seed));
        let mut e = if counterpart {
            evolve_with(&v, &l, &next, &EvolveOptions::default().counterpart(r)).unwrap()
        } else {
            evolve(&v, &l, &next).unwrap()
        };
        prop_assert_eq!(written(&e), pretty(&e));
        let whole = e.changes.iter().find_map(|c| c.clause.clone());
        e.changes.extend(changes);
        if let (Some(c), Some(clause)) = (e.changes.last_mut(), whole) {
            c.clause = Some(clause);
        }
        e.position.extend(position);
        e.party = party;
        e.new.label = label;
        e.old.date = None;
        e.unified_diff = diff;
        prop_assert_eq!(written(&e), pretty(&e));
        e.changes.clear();
        e.position.clear();
        prop_assert_eq!(written(&e), pretty(&e));
    }
}

/// A diff longer than the writer's chunk, with escapes across the cuts, comes out whole.
#[test]
fn long_diffs_write_serde_json_bytes() {
    let (v, l, _) = generate(&GenConfig::with_actions(3, 4, 7));
    let mut e = evolve(&v, &l, &l).unwrap();
    e.unified_diff = "-x = \"a\\b\"\n+y\t\u{1}é\n".repeat(20_000);
    assert_eq!(written(&e), pretty(&e));
}
