//! A bounded fuzz harness over the loaders (negdiff/1 TOML and JSON, GENIUS XML) and the
//! command line: mutated copies of the example data and of the GENIUS fixtures, and random
//! bytes, are fed to every command. The binary must never panic and must always exit with 0,
//! 1 or 2. Case counts are fixed so that it runs in CI in seconds; raise `PROPTEST_CASES`
//! to fuzz longer.

use std::path::{Path, PathBuf};
use std::process::Command;

use negdiff::bargain::{parse_domain, parse_profile};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    /// Repeats a stretch of the file (a cheap way to grow lists, nesting and duplicates).
    Repeat(prop::sample::Index, prop::sample::Index, u8),
    Delete(prop::sample::Index, prop::sample::Index),
    Insert(prop::sample::Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 2u8..6)
            .prop_map(|(i, j, n)| Mutation::Repeat(i, j, n)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(i, j)| Mutation::Delete(i, j)),
        (
            any::<prop::sample::Index>(),
            "[\\[\\]{}<>/=\",:@*0-9a-z \n\u{1b}\u{7}-]{1,8}"
        )
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn mutate(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        if bytes.is_empty() {
            break;
        }
        let n = bytes.len();
        match m {
            Mutation::Flip(i, b) => bytes[i.index(n)] = *b,
            Mutation::Truncate(i) => bytes.truncate(i.index(n)),
            Mutation::Repeat(i, j, times) => {
                let (a, b) = (i.index(n), j.index(n));
                let (a, b) = (a.min(b), a.max(b).min(a.min(b) + 200));
                let piece = bytes[a..b].to_vec();
                for _ in 1..*times {
                    bytes.splice(b..b, piece.iter().copied());
                }
            }
            Mutation::Delete(i, j) => {
                let (a, b) = (i.index(n), j.index(n));
                let (a, b) = (a.min(b), a.max(b).min(a.min(b) + 200));
                bytes.drain(a..b);
            }
            Mutation::Insert(i, s) => {
                let k = i.index(n);
                bytes.splice(k..k, s.bytes());
            }
        }
    }
    bytes
}

/// Runs the binary; returns its exit code after checking that it did not panic.
fn run(dir: &Path, args: &[&str]) -> i32 {
    let out = Command::new(env!("CARGO_BIN_EXE_negdiff"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    let code = out.status.code().expect("the binary exits, not killed by a signal");
    assert!(matches!(code, 0..=2), "{args:?} exited with {code}: {stderr}");
    code
}

fn scratch(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "negdiff-fuzz-{}-{tag}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const POSITIONS: [&str; 2] = [
    "examples/data/russia-2022-01-12-brussels.toml",
    "examples/data/nato-2022-01-12-brussels.toml",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Mutated positions and vocabularies, as TOML and as JSON, through every command.
    #[test]
    fn the_command_line_survives_mutated_positions(
        which in 0usize..3,
        json in any::<bool>(),
        ms in prop::collection::vec(mutation(), 1..5),
    ) {
        let dir = scratch("pos");
        let vocab = read("examples/data/vocabulary.toml");
        let mut left = read(POSITIONS[0]);
        let mut right = read(POSITIONS[1]);
        if json {
            // The same documents in JSON: converted through the library, then mutated.
            let v = negdiff::format::load_vocabulary(root().join("examples/data/vocabulary.toml")).unwrap();
            let to_json = |rel: &str| {
                let mut p = negdiff::format::Loader::new().position_with(root().join(rel), &v).unwrap();
                p.vocabulary = Some("vocabulary.toml".into());
                p.sources.clear();
                for c in &mut p.clauses {
                    c.evidence.clear();
                }
                negdiff::format::Format::Json.write(&p).unwrap().into_bytes()
            };
            left = to_json(POSITIONS[0]);
            right = to_json(POSITIONS[1]);
        }
        match which {
            0 => left = mutate(left, &ms),
            1 => right = mutate(right, &ms),
            _ => {}
        }
        let vocab = if which == 2 { mutate(vocab, &ms) } else { vocab };
        let ext = if json { "json" } else { "toml" };
        std::fs::write(dir.join("vocabulary.toml"), vocab).unwrap();
        std::fs::write(dir.join(format!("left.{ext}")), left).unwrap();
        std::fs::write(dir.join(format!("right.{ext}")), right).unwrap();
        let (l, r) = (format!("left.{ext}"), format!("right.{ext}"));
        run(&dir, &["check", "vocabulary.toml", &l, &r]);
        run(&dir, &["check", "--format", "json", &l]);
        for format in ["text", "markdown", "json"] {
            run(&dir, &["compare", &l, &r, "--format", format]);
        }
        run(&dir, &["evolve", &l, &r, "--format", "json"]);
        run(&dir, &["matrix", &l, &r]);
        run(&dir, &["bargain", &l, &r, "--max-frontier", "3"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Mutated GENIUS domains and profiles, through `bargain --genius`.
    #[test]
    fn the_command_line_survives_mutated_genius_files(
        which in 0usize..3,
        ms in prop::collection::vec(mutation(), 1..5),
    ) {
        let dir = scratch("genius");
        let mut files = [
            read("tests/data/negmas/1e3/domain.xml"),
            read("tests/data/negmas/1e3/A.xml"),
            read("tests/data/negmas/1e3/B.xml"),
        ];
        files[which] = mutate(std::mem::take(&mut files[which]), &ms);
        for (name, bytes) in ["domain.xml", "A.xml", "B.xml"].iter().zip(&files) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        for format in ["text", "json"] {
            run(&dir, &["bargain", "--genius", "domain.xml", "A.xml", "B.xml", "--format", format]);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The GENIUS reader in process: mutated fixtures and random text never panic.
    #[test]
    fn the_genius_reader_never_panics(
        which in 0usize..3,
        ms in prop::collection::vec(mutation(), 1..6),
        noise in "[<>/=\" a-z0-9]{0,120}",
    ) {
        let domain = read("tests/data/negmas/1e3/domain.xml");
        let profile = read("tests/data/negmas/1e3/A.xml");
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        match which {
            0 => {
                let _ = parse_domain("d.xml", &text(mutate(domain, &ms)));
            }
            1 => {
                let space = parse_domain("d.xml", &text(domain)).unwrap();
                let _ = parse_profile("a.xml", &text(mutate(profile, &ms)), &space, "A");
            }
            _ => {
                let _ = parse_domain("d.xml", &noise);
                let wrapped = format!("<utility_space><objective>{noise}</objective></utility_space>");
                let _ = parse_domain("d.xml", &wrapped);
            }
        }
    }
}

/// Files that never end or are not files: refused at once, never read.
#[test]
fn devices_and_directories_are_refused() {
    let dir = scratch("dev");
    std::fs::write(dir.join("A.xml"), read("tests/data/negmas/1e3/A.xml")).unwrap();
    if Path::new("/dev/zero").exists() {
        assert_eq!(run(&dir, &["bargain", "--genius", "/dev/zero", "A.xml", "A.xml"]), 2);
    }
    assert_eq!(run(&dir, &["bargain", "--genius", ".", "A.xml", "A.xml"]), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
