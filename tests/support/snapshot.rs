//! The one snapshot macro of `tests/snapshots.rs` and `tests/cli.rs`: both write
//! `tests/snapshots/NAME.snap` with no module prefix, so the command and the library are
//! pinned to the same files.

/// Asserts `$value` against `tests/snapshots/$name.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
