//! Proptest pieces shared by `tests/json_output.rs` and `tests/evolution_json.rs`: the texts
//! and floats on which a hand-written JSON writer is most likely to part from serde_json.

use proptest::prelude::*;

/// Pieces of text covering every escape serde_json writes and every byte class it copies.
pub fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("c12"),
        Just("-"),
        Just(" "),
        Just("`"),
        Just("'"),
        Just("\""),
        Just("\\"),
        Just("/"),
        Just("\n"),
        Just("\r"),
        Just("\t"),
        Just("\u{0}"),
        Just("\u{8}"),
        Just("\u{b}"),
        Just("\u{c}"),
        Just("\u{1b}"),
        Just("\u{1f}"),
        Just("\u{7f}"),
        Just("\u{2028}"),
        Just("é"),
        Just("—"),
        Just("😀"),
        Just("a much longer run of plain words, past the width of one vector compare"),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Floats at the edges of serde_json's formatter: non-finite, signed zero, subnormal, huge, quarter steps.
pub fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1e300),
        Just(5e-324),
        Just(1e16),
        Just(123_456_789_012_345_680.0),
        (-100_000i64..100_000).prop_map(|x| x as f64 / 4.0),
    ]
}
