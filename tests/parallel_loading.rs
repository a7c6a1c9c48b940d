//! Loading a set on one thread and on several gives the same sets, comparisons, evolutions,
//! checks and errors, in the same order: over the example data, generated positions and
//! hostile files, in every order a proptest picks (`Loader::threads`, `--threads`).
#![cfg(feature = "testing")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use negdiff::evolution::EvolveOptions;
use negdiff::format::{self, Checker, Loader};
use negdiff::testing::{generate, GenConfig};
use negdiff::CompareOptions;
use proptest::prelude::*;

const P: &str = "format = \"negdiff/1\"\nkind = \"position\"\nlabel = \"L\"\n";
const VOCAB: &str = "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"v\"\n\n[[parties]]\nid = \"a\"\nname = \"A\"\n\n[[parties]]\nid = \"b\"\nname = \"B\"\n\n[[entities]]\nid = \"X\"\nname = \"X\"\n\n[[entities]]\nid = \"Y\"\nname = \"Y\"\n\n[[actions]]\nid = \"go\"\napplies-to = [\"X\"]\n\n[[issues]]\nid = \"i\"\ntitle = \"I\"\nactions = [\"go\"]\n";

fn clause(id: &str, modality: &str, action: &str, places: &str) -> String {
    format!("\n[[clauses]]\nid = \"{id}\"\nbearer = \"b\"\nmodality = \"{modality}\"\naction = \"{action}\"\nwhere = {places}\ntext = \"t\"\n")
}

fn position(party: &str, vocabulary: Option<&str>, clauses: &str) -> String {
    let v = vocabulary.map_or_else(String::new, |v| format!("vocabulary = \"{v}\"\n"));
    format!("{P}party = \"{party}\"\n{v}{clauses}")
}

/// The files of the tests: the example data, two generated positions large enough that two
/// threads overlap, and hostile files of every kind of failure, each in its own folder where
/// the folder matters.
struct Pool {
    data: PathBuf,
    /// Files that may be loaded together in any order (their vocabularies may still disagree).
    hostile: Vec<PathBuf>,
    generated: [PathBuf; 2],
    generated_vocab: PathBuf,
    named: [PathBuf; 2],
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

fn pool() -> &'static Pool {
    static POOL: std::sync::OnceLock<Pool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("parallel-loading");
        let _ = std::fs::remove_dir_all(&root);
        let h = root.join("hostile");
        write(&h.join("v.toml"), VOCAB);
        write(&root.join("other/v.toml"), VOCAB.replace("name = \"v\"", "name = \"w\""));
        let hostile = vec![
            // Sound, against the vocabulary named.
            write(&h.join("good.toml"), position("a", Some("v.toml"), &clause("c", "must", "go", "[\"X\"]"))),
            // Sound, implicit vocabulary.
            write(&h.join("plain.toml"), position("b", None, &clause("d", "may", "talk", "[\"Y\"]"))),
            // A warning: a place outside the action's domain (the full path).
            write(&h.join("warned.toml"), position("b", Some("v.toml"), &clause("e", "must-not", "go", "[\"X\", \"Y\"]"))),
            write(&h.join("syntax.toml"), format!("{P}party = \"a\"\nlabel = = 3\n[[clauses]\n")),
            write(
                &h.join("unknown.toml"),
                position("a", Some("v.toml"), &clause("f", "must", "goo", "[\"Z\"]")).replace("text = ", "txet = "),
            ),
            write(&h.join("json.json"), "{\"format\": \"negdiff/1\", \"kind\": \"position\", \"party\": \"a\", \"label\": \"J\", \"clauses\": [{\"id\": 1}]}"),
            write(&h.join("bom.toml"), format!("\u{feff}{}", position("a", None, &clause("g", "may", "talk", "[\"X\"]")))),
            write(&h.join("latin1.toml"), b"format = \"negdiff/1\"\nkind = \"position\"\nparty = \"\xe9\"\n".as_slice()),
            write(&h.join("dense.toml"), format!("{P}party = \"a\"\nx = [{}]\n", "[],".repeat(40_000))),
            write(&h.join("vocab-kind.toml"), VOCAB),
            write(&h.join("outside.toml"), position("a", Some("../other/v.toml"), "")),
            write(&h.join("elsewhere/far.toml"), position("a", Some("../../other/v.toml"), "")),
            write(&root.join("other/near.toml"), position("b", Some("v.toml"), "")),
            h.join("missing.toml"),
            {
                std::fs::create_dir_all(h.join("folder.toml")).unwrap();
                h.join("folder.toml")
            },
            write(
                &h.join("large.toml"),
                position("a", None, &clause("h", "may", "talk", "[\"X\"]")) + &"# padding\n".repeat(300_000),
            ),
        ];
        let mut config = GenConfig::with_actions(3000, 300, 7);
        config.parties = 3;
        let (vocabulary, mut left, mut right) = generate(&config);
        let g = root.join("generated");
        let generated_vocab = write(&g.join("vocabulary.toml"), format::to_toml(&vocabulary).unwrap());
        let generated = [
            write(&g.join("left.toml"), format::to_toml(&left).unwrap()),
            write(&g.join("right.json"), format::to_json(&right).unwrap()),
        ];
        left.vocabulary = Some("vocabulary.toml".into());
        right.vocabulary = Some("vocabulary.toml".into());
        let named = [
            write(&g.join("left-named.json"), format::to_json(&left).unwrap()),
            write(&g.join("right-named.toml"), format::to_toml(&right).unwrap()),
        ];
        Pool {
            data: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data"),
            hostile,
            generated,
            generated_vocab,
            named,
        }
    })
}

fn loader(threads: usize) -> Loader {
    let mut l = Loader::new();
    // Over `large.toml`, under the generated positions.
    l.max_bytes(1 << 21).threads(threads);
    l
}

/// Everything a set gives when loaded with `threads` threads, as text where a type has no
/// equality (`Error`), else as values.
#[derive(Debug, PartialEq)]
struct Seen {
    set: Result<format::LoadedSet, Vec<format::Diagnostic>>,
    errors: Option<String>,
    compare: Option<Result<negdiff::Comparison, Vec<format::Diagnostic>>>,
    evolve: Option<Result<Result<negdiff::evolution::Evolution, String>, Vec<format::Diagnostic>>>,
    check: format::CheckOutcome,
}

fn seen(threads: usize, files: &[PathBuf], vocabulary: Option<&Path>) -> Seen {
    let loader = loader(threads);
    let set = loader.load_set(files, vocabulary).map_err(|e| e.diagnostics().to_vec());
    let errors = set
        .as_ref()
        .err()
        .map(|d| d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    let compare = (files.len() == 2).then(|| {
        loader
            .load_and_compare(&files[0], &files[1], vocabulary, &CompareOptions::default())
            .map(|(_, c)| c)
            .map_err(|e| e.diagnostics().to_vec())
    });
    let evolve = (files.len() == 2 || files.len() == 3).then(|| {
        loader
            .load_and_evolve(
                &files[0],
                &files[1],
                files.get(2).map(PathBuf::as_path),
                vocabulary,
                &EvolveOptions::default(),
            )
            .map(|(_, e)| e.map_err(|e| e.to_string()))
            .map_err(|e| e.diagnostics().to_vec())
    });
    let mut checker = Checker::new();
    checker.loader(loader.clone());
    let check = checker.run(
        vocabulary
            .into_iter()
            .map(Path::to_path_buf)
            .chain(files.iter().cloned()),
    );
    Seen {
        set,
        errors,
        compare,
        evolve,
        check,
    }
}

fn same_on_any_threads(files: &[PathBuf], vocabulary: Option<&Path>) -> Seen {
    let one = seen(1, files, vocabulary);
    for threads in [2, 3, 8] {
        let many = seen(threads, files, vocabulary);
        assert_eq!(many, one, "{threads} threads, {files:?}");
    }
    one
}

#[test]
fn the_example_data_loads_the_same_on_any_threads() {
    let data = &pool().data;
    let mut files: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("vocabulary.toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 6);
    let vocab = data.join("vocabulary.toml");
    assert!(same_on_any_threads(&files, None).set.is_ok());
    assert!(same_on_any_threads(&files, Some(&vocab)).set.is_ok());
    for pair in files.windows(2) {
        same_on_any_threads(pair, Some(&vocab));
        same_on_any_threads(pair, None);
    }
    same_on_any_threads(&files[..3], None);
}

#[test]
fn generated_positions_load_the_same_on_any_threads() {
    let p = pool();
    // Without their vocabulary, their groups are unknown: hundreds of errors in each file.
    let implicit = same_on_any_threads(&p.generated, None);
    assert!(implicit.errors.is_some_and(|e| e.lines().count() > 100));
    let given = same_on_any_threads(&p.generated, Some(&p.generated_vocab));
    assert!(given.set.is_ok());
    let named = same_on_any_threads(&p.named, None);
    assert!(named.set.is_ok());
    // The same vocabulary, given or named; the models are the same but for their field.
    assert_eq!(named.set.unwrap().vocabulary, given.set.unwrap().vocabulary);
}

#[test]
fn every_error_of_every_file_comes_in_file_order_on_any_threads() {
    let h = &pool().hostile;
    let all = same_on_any_threads(h, None);
    let errors = all.errors.expect("the hostile files do not load");
    // Every failing file has its say; diagnostics come sorted by file, line and column.
    for name in [
        "syntax.toml",
        "latin1.toml",
        "dense.toml",
        "missing.toml",
        "folder.toml",
        "vocab-kind.toml",
    ] {
        assert!(errors.contains(name), "no error of {name}");
    }
    let mut reversed = h.clone();
    reversed.reverse();
    assert_eq!(same_on_any_threads(&reversed, None).errors.unwrap(), errors);
    // Each hostile file alone, beside a sound one, and the sound ones together.
    for f in h {
        same_on_any_threads(&[f.clone(), h[0].clone()], None);
        same_on_any_threads(&[h[0].clone(), f.clone()], Some(&h[0].with_file_name("v.toml")));
    }
    let warned = same_on_any_threads(&[h[0].clone(), h[2].clone()], None);
    assert!(!warned.set.unwrap().warnings.is_empty());
}

#[test]
fn the_command_writes_the_same_bytes_on_any_threads() {
    let h = &pool().hostile;
    let run = |threads: &str, args: &[&Path]| {
        let out = Command::new(env!("CARGO_BIN_EXE_negdiff"))
            .args(["--threads", threads, "--max-bytes", "2097152"])
            .args(args.iter().map(|a| a.as_os_str()))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let compare = Path::new("compare");
    let check = Path::new("check");
    let p = pool();
    for args in [
        vec![compare, &h[0], &h[2]],
        vec![compare, &h[3], &h[4]],
        vec![compare, &p.generated[0], &p.generated[1]],
        vec![check, &h[0], &h[2], &h[3], &h[4], &h[13]],
    ] {
        let one = run("1", &args);
        assert_eq!(run("2", &args), one, "{args:?}");
        assert!(!one.1.is_empty() || !one.2.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any choice and order of hostile files, sound files among them, with or without a
    /// vocabulary given.
    #[test]
    fn any_files_in_any_order_load_the_same_on_one_thread_or_two(
        picks in prop::collection::vec(0..16usize, 1..6),
        given in any::<bool>(),
    ) {
        let h = &pool().hostile;
        let files: Vec<PathBuf> = picks.iter().map(|&i| h[i].clone()).collect();
        let vocab = h[0].with_file_name("v.toml");
        let vocabulary = given.then_some(vocab.as_path());
        prop_assert_eq!(seen(2, &files, vocabulary), seen(1, &files, vocabulary));
    }
}
