//! A comparison written from its compact records (`CompactComparison::write_json`, the path
//! `negdiff compare --format json` takes) is byte for byte serde_json's pretty form of the
//! comparison those records make (`CompactComparison::into_comparison`, what `compare`
//! returns): on generated positions with hostile quotes, speakers and labels, with classes of
//! several clauses on one scope, read on the record or not, and on the example data loaded
//! from files.

use std::path::PathBuf;

use negdiff::testing::{generate, GenConfig};
use negdiff::{Analyzer, CompactComparison, CompareOptions, Comparison, Evidence, Position};
use proptest::prelude::*;

#[path = "support/json_pieces.rs"]
#[allow(dead_code)] // Its floats are for writers of amounts given as such.
mod json_pieces;
use json_pieces::text;

/// The compact comparison's JSON, and the comparison it makes.
fn both(c: CompactComparison<'_>) -> (Vec<u8>, Comparison) {
    let mut out = Vec::new();
    c.write_json(&mut out).unwrap();
    (out, c.into_comparison())
}

/// Gives clause `at` (modulo the clause count) hostile evidence, and adds `copies` clauses
/// equal to it but for their ids: a class of norms on one scope, named "and N more".
fn roughen(p: &mut Position, at: usize, quote: &str, speaker: Option<String>, copies: usize) {
    if p.clauses.is_empty() {
        return;
    }
    let at = at % p.clauses.len();
    p.clauses[at].evidence.push(Evidence {
        source: "s0".into(),
        // A quote may not be empty.
        quote: format!("q{quote}"),
        speaker,
    });
    for k in 0..copies {
        let mut copy = p.clauses[at].clone();
        copy.id = format!("{}-copy{k}", copy.id);
        p.clauses.push(copy);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn compact_json_is_the_comparisons_serde_json(
        seed in any::<u64>(),
        clauses in 0usize..60,
        actions in 2usize..20,
        at in any::<usize>(),
        quote in text(),
        speaker in proptest::option::of(text()),
        copies in 0usize..6,
        label in text(),
        on_record in any::<bool>(),
    ) {
        let (v, mut l, mut r) = generate(&GenConfig::with_actions(clauses, actions, seed));
        roughen(&mut l, at, &quote, speaker.clone(), copies);
        roughen(&mut r, at / 3, &label, speaker, copies / 2);
        l.label = label;
        let options = CompareOptions::default().on_record(on_record);
        let analyzer = Analyzer::new(&v).unwrap().with_options(options);
        let (written, made) = analyzer.compare_by(&l, &r, both).unwrap();
        prop_assert_eq!(&written, &serde_json::to_vec_pretty(&made).unwrap());
        // The records make what `compare` returns, and Comparison's own writer agrees.
        prop_assert_eq!(&made, &analyzer.compare(&l, &r).unwrap());
        let mut again = Vec::new();
        made.write_json(&mut again).unwrap();
        prop_assert_eq!(written, again);
    }
}

/// The example data, loaded from its files with `Loader::load_and_compare_by`: converse
/// readings, conditions, quotes with speakers, several issues and silences.
#[test]
fn example_data_compact_json_is_serde_json() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let loader = negdiff::format::Loader::new();
    let pairs = [
        ("russia-2021-12-17-draft.toml", "nato-2022-01-26-reply.toml"),
        ("nato-2022-01-26-reply.toml", "russia-2021-12-17-draft.toml"),
    ];
    for (a, b) in pairs {
        let (a, b) = (data.join(a), data.join(b));
        for on_record in [false, true] {
            let options = CompareOptions::default().on_record(on_record);
            let (_, (written, made)) = loader
                .load_and_compare_by(&a, &b, None, &options, |_, c| both(c))
                .unwrap();
            assert!(!made.findings.is_empty());
            assert_eq!(written, serde_json::to_vec_pretty(&made).unwrap());
            let (_, full) = loader.load_and_compare(&a, &b, None, &options).unwrap();
            assert_eq!(made, full);
        }
    }
}
