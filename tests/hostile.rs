//! Hostile input: files that try to read what the user did not name, to hang the reader, or to
//! write to the terminal; and inputs whose errors would cost quadratic time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use negdiff::format::{self, Checker, Loader, Severity};

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(path: &Path, text: &str) -> PathBuf {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negdiff"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// A position whose one source has `path` and whose one quote is not in any file.
fn quoting(path: &str) -> String {
    format!(
        "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\n\n[[sources]]\nid = \"s\"\ntitle = \"S\"\npath = \"{path}\"\n\n[[clauses]]\nid = \"c\"\nbearer = \"a\"\nmodality = \"must\"\naction = \"act\"\ntext = \"t\"\n\n[[clauses.evidence]]\nsource = \"s\"\nquote = \"zq zq zq\"\n"
    )
}

#[test]
fn a_source_outside_the_folder_is_refused_and_never_shown() {
    let d = dir("outside");
    let secret = write(&d.join("secret.txt"), "root:x:0:0:the secret line\n");
    let talks = d.join("talks");
    for path in [
        "../secret.txt".to_string(),
        secret.display().to_string(),
        "sub/../../secret.txt".to_string(),
    ] {
        let p = write(&talks.join("p.toml"), &quoting(&path));
        let outcome = format::check_files([&p]);
        let shown = outcome.to_string();
        assert!(!shown.contains("secret line"), "{shown}");
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{shown}");
        assert_eq!((errors[0].line, errors[0].column), (9, 8), "{shown}");
        assert_eq!(errors[0].field.as_deref(), Some("sources[0].path"));
        assert!(
            errors[0].message.contains("leads outside the folder of this file"),
            "{shown}"
        );
        // The CLI refuses it too, and prints nothing of the file.
        let out = run(&["check", &p.display().to_string()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(!all_output(&out).contains("secret line"));
    }
    // Allowed by the user: read, and its closest passage shown.
    let p = write(&talks.join("p.toml"), &quoting("../secret.txt"));
    let mut loader = Loader::new();
    loader.allow_path(&d);
    let outcome = Checker::new().loader(loader).run([&p]);
    assert!(outcome.to_string().contains("closest passage"), "{outcome}");
    let out = run(&[
        "check",
        &p.display().to_string(),
        "--allow-path",
        &d.display().to_string(),
    ]);
    assert!(all_output(&out).contains("secret line"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_refused() {
    let d = dir("symlink");
    write(&d.join("secret.txt"), "the secret line\n");
    let talks = d.join("talks");
    std::fs::create_dir_all(&talks).unwrap();
    std::os::unix::fs::symlink(d.join("secret.txt"), talks.join("link.txt")).unwrap();
    let p = write(&talks.join("p.toml"), &quoting("link.txt"));
    let outcome = format::check_files([&p]);
    assert_eq!(outcome.errors(), 1, "{outcome}");
    assert!(!outcome.to_string().contains("secret line"));
}

#[test]
fn a_vocabulary_outside_the_folder_is_refused_on_every_path() {
    let d = dir("vocab");
    write(
        &d.join("v.toml"),
        "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"n\"\n",
    );
    let p = write(
        &d.join("talks/p.toml"),
        "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\nvocabulary = \"../v.toml\"\n",
    );
    let e = format::load_position(&p).unwrap_err();
    assert_eq!(e.diagnostics().len(), 1, "{e}");
    assert_eq!((e.diagnostics()[0].line, e.diagnostics()[0].column), (5, 14));
    assert!(e.to_string().contains("path `../v.toml` leads outside"), "{e}");
    let e = format::load_set(&[&p, &p], None).unwrap_err();
    assert!(e.to_string().contains("leads outside"), "{e}");
    let out = run(&["compare", &p.display().to_string(), &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("p.toml:5:14: error: vocabulary: path `../v.toml`"));
    // Named on the command line, it is the user's choice.
    let out = run(&[
        "compare",
        &p.display().to_string(),
        &p.display().to_string(),
        "--allow-path",
        &d.display().to_string(),
    ]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("leads outside"));
}

#[test]
fn a_source_over_the_size_limit_is_not_read() {
    let d = dir("large");
    write(&d.join("big.txt"), &"word ".repeat(1000));
    let p = write(&d.join("p.toml"), &quoting("big.txt"));
    let mut loader = Loader::new();
    loader.max_bytes(2000);
    let outcome = Checker::new().loader(loader).run([&p]);
    assert_eq!(outcome.errors(), 0, "{outcome}");
    assert_eq!(outcome.warnings(), 1);
    assert!(outcome.diagnostics[0]
        .message
        .contains("larger than the limit of 2000 bytes"));
}

#[test]
fn a_directory_or_device_as_a_source_is_an_error_not_a_hang() {
    let d = dir("special");
    std::fs::create_dir_all(d.join("folder")).unwrap();
    let p = write(&d.join("p.toml"), &quoting("folder"));
    let outcome = format::check_files([&p]);
    assert!(
        outcome.diagnostics[0]
            .message
            .contains("is a directory, not a regular file"),
        "{outcome}"
    );
    assert_eq!(outcome.diagnostics[0].severity, Severity::Error);
    // A directory or a device given as a file to load.
    let out = run(&["check", &d.join("folder").display().to_string()]);
    assert!(all_output(&out).contains("is a directory"));
    #[cfg(unix)]
    {
        let out = run(&["compare", "/dev/zero", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("is a device, not a regular file"));
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_an_error_not_a_hang() {
    let d = dir("fifo");
    let fifo = d.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    // Nobody ever writes to the FIFO: opening it for reading would block for ever.
    let p = write(&d.join("p.toml"), &quoting("pipe"));
    let outcome = format::check_files([&p]);
    assert!(
        outcome.diagnostics[0].message.contains("is a FIFO, not a regular file"),
        "{outcome}"
    );
    assert_eq!(outcome.errors(), 1);
    let out = run(&["check", &fifo.display().to_string()]);
    assert!(all_output(&out).contains("is a FIFO"));
}

/// Text that tries every trick: terminal escapes, a forged report line, HTML, a fence, pipes.
const NASTY: &str = r#"x\u001B[2J\u0007\u009B\nchecked 9 vocabularies and 9 positions: 0 errors\r</details><img src=x onerror=alert(1)>```|y|`"#;

fn nasty_position(party: &str, modality: &str, id: &str) -> String {
    // An entity id cannot hold `/`.
    let place = NASTY.replace('/', "");
    format!(
        "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"{party}\"\nlabel = \"{NASTY}\"\n\n[[sources]]\nid = \"{NASTY}\"\ntitle = \"{NASTY}\"\n\n[[clauses]]\nid = \"{id}\"\nbearer = \"{NASTY}\"\nmodality = \"{modality}\"\naction = \"{NASTY}\"\nwhere = [\"{place}\"]\nconditions = []\ntext = \"{NASTY} {NASTY}\"\n\n[[clauses.evidence]]\nsource = \"{NASTY}\"\nquote = \"{NASTY}\"\nspeaker = \"{NASTY}\"\n"
    )
}

/// No raw control character, and no line that the input forged. (In a unified diff, a
/// multi-line string of the canonical file is several lines, each behind its ` `, `+` or `-`.)
#[track_caller]
fn inert_text(out: &str) {
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in:\n{out}"
    );
    assert!(
        !out.lines()
            .any(|l| l.trim_start_matches([' ', '+', '-']).starts_with("checked 9") && !l.starts_with([' ', '+', '-'])),
        "forged line in:\n{out}"
    );
}

/// A Markdown line without its code spans (CommonMark: a run of n backticks, not escaped,
/// opens a span that the next run of exactly n backticks closes; the inside is literal).
fn outside_code(line: &str) -> String {
    let b: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '\\' && i + 1 < b.len() {
            out.push(b[i]);
            out.push(b[i + 1]);
            i += 2;
            continue;
        }
        if b[i] != '`' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|&&c| c == '`').count();
        // The closing run: exactly n backticks.
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == '`' {
                let m = b[j..].iter().take_while(|&&c| c == '`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => i = end,
            None => {
                out.extend(&b[i..i + n]);
                i += n;
            }
        }
    }
    out
}

/// Outside code spans there is no raw HTML; every row of a table has its header's cells.
#[track_caller]
fn inert_markdown(out: &str) {
    inert_text(out);
    // Outside fenced blocks (inside one, HTML is shown as text).
    let mut fenced = false;
    for line in out.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line != "<details><summary>Raw diff</summary>" && line != "</details>" {
            // `<br>` is the one tag the reports write, between lines of a table cell.
            let text = outside_code(line).replace("<br>", "");
            assert!(!text.contains('<') && !text.contains('>'), "{line}");
        }
    }
    let mut header: Option<usize> = None;
    for line in out.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let bytes = line.as_bytes();
        let pipes = (0..bytes.len())
            .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
            .count();
        match header {
            None => header = Some(pipes),
            Some(h) => assert_eq!(pipes, h, "row split by input text: {line}"),
        }
    }
    // A fenced block is closed only by its own fence: no line inside starts with it.
    if let Some(open) = out.lines().find(|l| l.starts_with("```")) {
        let fence: String = open.chars().take_while(|&c| c == '`').collect();
        let starts = out.lines().filter(|l| l.starts_with(&fence)).count();
        assert_eq!(starts, 2, "{out}");
    }
}

#[test]
fn input_text_reaches_text_and_markdown_inert() {
    let d = dir("inject");
    let a = write(&d.join("a.toml"), &nasty_position("a", "must", &format!("c{NASTY}")));
    let b = write(&d.join("b.toml"), &nasty_position("b", "must-not", "d|`x`"));
    let b2 = write(&d.join("b2.toml"), &nasty_position("b", "may", "e|``y``"));
    let (a, b, b2) = (
        a.display().to_string(),
        b.display().to_string(),
        b2.display().to_string(),
    );
    let text = run(&["compare", &a, &b]);
    assert_eq!(text.status.code(), Some(0), "{}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("CONFLICTS"), "{text}");
    inert_text(&text);
    let md = String::from_utf8(run(&["compare", &a, &b, "--format", "markdown"]).stdout).unwrap();
    assert!(md.contains("### Conflicts"), "{md}");
    inert_markdown(&md);
    let m = String::from_utf8(run(&["matrix", &a, &b, "--format", "markdown"]).stdout).unwrap();
    inert_markdown(&m);
    inert_text(&String::from_utf8(run(&["matrix", &a, &b]).stdout).unwrap());
    for args in [
        vec!["evolve", &b, &b2, "--counterpart", &a, "--diff", "--color", "never"],
        vec!["evolve", &b, &b2, "--counterpart", &a, "--color", "always"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let out = String::from_utf8(out.stdout).unwrap();
        // With colour, the only escapes are the renderer's own colour codes.
        let stripped = ["\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[1m", "\x1b[0m"]
            .iter()
            .fold(out.clone(), |s, code| s.replace(code, ""));
        inert_text(&stripped);
    }
    let md = String::from_utf8(run(&["evolve", &b, &b2, "--counterpart", &a, "--format", "markdown"]).stdout).unwrap();
    assert!(md.contains("| Clause |"), "{md}");
    inert_markdown(&md);
    let bargain = String::from_utf8(run(&["bargain", &a, &b]).stdout).unwrap();
    inert_text(&bargain);
    // The JSON keeps the text exactly.
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["compare", &a, &b, "--format", "json"]).stdout).unwrap();
    assert!(json["left"]["label"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn diagnostics_show_input_text_inert() {
    let d = dir("inject-diagnostics");
    let bad = format!(
        "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\nvocabulary = \"v.toml\"\n\n[[clauses]]\nid = \"c\"\nbearer = \"{NASTY}\"\nmodality = \"{NASTY}\"\naction = \"{NASTY}\"\nwhere = [\"{NASTY}\"]\ntext = \"t\"\n\"{NASTY}\" = 1\n"
    );
    write(
        &d.join("v.toml"),
        "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"n\"\n[[parties]]\nid = \"a\"\nname = \"A\"\n",
    );
    let p = write(&d.join(format!("p{}.toml", "\u{1b}[2J")), &bad);
    let out = run(&["check", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = all_output(&out);
    inert_text(&stdout);
    assert!(
        stdout.contains(r"p\u{1b}[2J.toml:10:12: error: clauses[0].modality: unknown modality `x\u{1b}[2J\u{7}"),
        "{stdout}"
    );
    // Each diagnostic is one line: as many lines as diagnostics, plus the summary.
    let outcome = format::check_files([&p]);
    assert_eq!(stdout.lines().count(), outcome.diagnostics.len() + 1, "{stdout}");
    let out = run(&["compare", &p.display().to_string(), &p.display().to_string()]);
    inert_text(&String::from_utf8(out.stderr).unwrap());
}

const HEAD: &str = "format = \"negdiff/1\"\nkind = \"position\"\n";

fn clause(id: &str, modality: &str, action: &str, extra: &str) -> String {
    format!("\n[[clauses]]\nid = \"{id}\"\nbearer = \"n\"\nmodality = \"{modality}\"\naction = \"{action}\"\nwhere = [\"XX-land\"]\ntext = \"t\"\n{extra}")
}

/// `check` and `compare` accept the same files: a file `check` finds errors in (quotes aside)
/// is one `compare` refuses, and the other way round.
#[track_caller]
fn same_acceptance(a: &Path, b: &Path) -> (String, String) {
    let check = run(&["check", &a.display().to_string(), &b.display().to_string()]);
    let compare = run(&["compare", &a.display().to_string(), &b.display().to_string()]);
    let (check_ok, compare_ok) = (check.status.code() == Some(0), compare.status.code() == Some(0));
    let out = all_output(&check);
    assert_eq!(
        check_ok,
        compare_ok,
        "check: {out}\ncompare: {}",
        String::from_utf8_lossy(&compare.stderr)
    );
    (out, String::from_utf8(compare.stderr).unwrap())
}

#[test]
fn a_near_miss_id_without_vocabulary_is_a_warning() {
    let d = dir("near-miss");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}",
            clause("x", "must", "deploy-forces", "")
        ),
    );
    let b = write(
        &d.join("b.toml"),
        &format!(
            "{HEAD}party = \"b\"\nlabel = \"B\"\n{}",
            clause("y", "must-not", "deploy-forcse", "")
        ),
    );
    let (out, _) = same_acceptance(&a, &b);
    assert!(
        out.contains("b.toml:10:10: warning: clauses[0].action: action `deploy-forcse` is named only in this position; did you mean `deploy-forces` (named in `"),
        "{out}"
    );
    // Two near misses, and each clause has neither evidence nor a basis.
    assert!(out.contains("0 errors, 4 warnings"), "{out}");
    // Spelled alike, nothing to say.
    let b = write(
        &d.join("b.toml"),
        &format!(
            "{HEAD}party = \"b\"\nlabel = \"B\"\n{}",
            clause("y", "must-not", "deploy-forces", "")
        ),
    );
    let (out, _) = same_acceptance(&a, &b);
    // Only the two clauses without evidence or basis.
    assert!(out.contains("0 errors, 2 warnings"), "{out}");
    assert!(!out.contains("named only in this position"), "{out}");
}

#[test]
fn an_amount_without_unit_is_a_warning() {
    let d = dir("amount");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}",
            clause("x", "must", "pay", "amount = { min = 1, max = 5 }\n")
        ),
    );
    let (out, _) = same_acceptance(&a, &a);
    assert!(
        out.contains("a.toml:13:10: warning: clauses[0].amount: `amount` on action `pay`, which has no unit"),
        "{out}"
    );
}

#[test]
fn an_internal_contradiction_is_reported_by_check() {
    let d = dir("contradiction");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}{}",
            clause("x", "must", "deploy", ""),
            clause("y", "must-not", "deploy", "")
        ),
    );
    let (out, _) = same_acceptance(&a, &a);
    assert!(
        out.contains("a.toml:17:12: warning: clauses[1].modality: internal contradiction: "),
        "{out}"
    );
    assert!(
        out.contains("`x`") && out.contains("`y`") && out.contains("where: every named place"),
        "{out}"
    );
    // The same as the library's check of the position.
    let p = format::load_position(&a).unwrap();
    let v = negdiff::Vocabulary::implicit([&p]);
    assert_eq!(negdiff::find_contradictions(&v, &p).unwrap().contradictions.len(), 1);
}

#[test]
fn a_clause_contradicting_many_is_one_warning() {
    let d = dir("contradictions");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}{}{}",
            clause("x", "must-not", "deploy", ""),
            clause("y", "must-not", "deploy", ""),
            clause("z", "must", "deploy", "")
        ),
    );
    let (out, _) = same_acceptance(&a, &a);
    // One contradiction, and three clauses with neither evidence nor a basis.
    assert!(out.contains("0 errors, 4 warnings"), "{out}");
    assert_eq!(out.matches("internal contradiction").count(), 1, "{out}");
    assert!(out.contains("clauses[2].modality: internal contradiction: "), "{out}");
    assert!(out.contains("; it contradicts 2 clauses in all (`x`, `y`)"), "{out}");
}

#[test]
fn circular_conditions_are_errors() {
    let d = dir("cycles");
    let own = write(
        &d.join("self.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}",
            clause("x", "must", "act", "conditions = [\"x\"]\n")
        ),
    );
    let e = format::load_position(&own).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("self.toml:13:15: error: clauses[0].conditions[0]: conditions form a cycle: `x` → `x`"),
        "{e}"
    );
    let two = write(
        &d.join("two.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}{}{}",
            clause("x", "must", "act", "conditions = [\"y\"]\n"),
            clause("y", "must", "act", "conditions = [\"a/z\"]\n"),
            clause("z", "must", "act", "conditions = [\"x\"]\n")
        ),
    );
    let e = format::load_position(&two).unwrap_err();
    assert_eq!(e.diagnostics().len(), 1, "{e}");
    assert!(
        e.to_string()
            .contains("clauses[2].conditions[0]: conditions form a cycle: `x` → `y` → `z` → `x`"),
        "{e}"
    );
    same_acceptance(&two, &own);
    // A long chain: no stack overflow, and the cycle is named by its ends.
    let mut text = format!("{HEAD}party = \"a\"\nlabel = \"A\"\n");
    let n = 3_000;
    for i in 0..n {
        text.push_str(&clause(
            &format!("c{i}"),
            "must",
            "act",
            &format!("conditions = [\"c{}\"]\n", (i + 1) % n),
        ));
    }
    let e = format::position_from_str(&text, "chain.toml", None).unwrap_err();
    assert_eq!(e.diagnostics().len(), 1);
    assert!(
        e.to_string()
            .contains("`c0` → `c1` → `c2` → `c3` → `…` → `c2996` → `c2997` → `c2998` → `c2999` → `c0`"),
        "{e}"
    );
}

#[test]
fn an_empty_quote_is_an_error() {
    let d = dir("empty-quote");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n\n[[sources]]\nid = \"s\"\ntitle = \"S\"\n{}",
            clause(
                "x",
                "must",
                "act",
                "\n[[clauses.evidence]]\nsource = \"s\"\nquote = \" \\t \"\n"
            )
        ),
    );
    let (out, _) = same_acceptance(&a, &a);
    assert!(
        out.contains("a.toml:20:9: error: clauses[0].evidence[0].quote: `quote` must not be empty"),
        "{out}"
    );
}

#[test]
fn opposites_with_different_units_are_an_error() {
    let v = "format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"n\"\n\n[[actions]]\nid = \"deploy\"\nopposite = \"withdraw\"\nunit = \"troops\"\n\n[[actions]]\nid = \"withdraw\"\nopposite = \"deploy\"\nunit = \"km\"\n\n[[issues]]\nid = \"i\"\ntitle = \"I\"\nactions = [\"deploy\", \"withdraw\"]\n";
    let e = format::vocabulary_from_str(v, "v.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "v.toml:13:8: error: actions[1].unit: `withdraw` has unit `km` but its opposite `deploy` has unit `troops`; opposites measure amounts in the same unit"
    );
    let e = format::vocabulary_from_str(&v.replace("unit = \"km\"\n", ""), "v.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("`withdraw` has unit none but its opposite `deploy` has unit `troops`"),
        "{e}"
    );
}

/// Names the implicit vocabulary cannot hold are errors where they are written, for `check`
/// and `compare` alike (they used to be a vocabulary error at 1:1 for `compare` only).
#[test]
fn check_and_compare_locate_bad_implicit_names_alike() {
    let d = dir("implicit-names");
    let a = write(
        &d.join("a.toml"),
        &format!(
            "{HEAD}party = \"a\"\nlabel = \"A\"\n{}",
            clause("x", "must", "act", "").replace("XX-land", "a/b")
        ),
    );
    let e = write(
        &d.join("e.toml"),
        &format!(
            "{HEAD}party = \"\"\nlabel = \"E\"\n{}",
            clause("x", "must", "", "").replace("\"n\"", "\"\"")
        ),
    );
    for (file, expected) in [
        (&a, "a.toml:11:10: error: clauses[0].where[0]: unknown entity `a/b`"),
        (&e, "e.toml:10:10: error: clauses[0].action: unknown action ``"),
    ] {
        let (check, compare) = same_acceptance(file, file);
        assert!(check.contains(expected), "{check}");
        assert!(compare.contains(expected), "{compare}");
        assert!(!compare.contains(":1:1:"), "{compare}");
    }
}

/// What `check` wrote: its diagnostics (stderr), then its report (stdout).
fn all_output(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

#[test]
fn every_error_in_a_wide_table_is_located_at_its_own_key() {
    // Each of 20 000 groups names an unknown entity: 20 000 errors of the model, each located
    // by a key lookup in the same table (an index by name, not a scan of 20 000 keys an error).
    let n = 20_000;
    let mut v = String::from("format = \"negdiff/1\"\nkind = \"vocabulary\"\nname = \"t\"\n[groups]\n");
    for i in 0..n {
        v.push_str(&format!("g{i} = [\"nope{i}\"]\n"));
    }
    let e = format::vocabulary_from_str(&v, "v.toml").unwrap_err();
    let d = e.diagnostics();
    assert_eq!(d.len(), n);
    for (i, d) in d.iter().enumerate() {
        assert_eq!(
            (d.line, d.column),
            (5 + i, format!("g{i} = [").len() + 1),
            "{}",
            d.message
        );
        assert!(
            d.message.contains(&format!("unknown entity `nope{i}`")),
            "{}",
            d.message
        );
    }
    // The same in JSON, whose reader checks keys for duplicates with a set past a few.
    let mut j = String::from("{\"format\": \"negdiff/1\", \"kind\": \"vocabulary\", \"name\": \"t\", \"groups\": {\n");
    for i in 0..n {
        j.push_str(&format!("{}\"g{i}\": {i}\n", if i > 0 { "," } else { "" }));
    }
    j.push_str("}}\n");
    let e = format::vocabulary_from_str(&j, "v.json").unwrap_err();
    assert_eq!(e.diagnostics().len(), n);
    assert_eq!(e.diagnostics()[n - 1].line, n + 1);
    let dup = j.replace("}}\n", ",\"g17\": []}}\n");
    let e = format::vocabulary_from_str(&dup, "v.json").unwrap_err();
    assert!(e.diagnostics()[0].message.contains("duplicate key `g17`"), "{e}");
    assert_eq!(e.diagnostics()[0].line, n + 2);
}

#[test]
fn a_file_of_tiny_values_is_refused_before_it_is_parsed() {
    // 300 000 empty arrays, two items in three bytes: refused at the item past one per four
    // bytes, with its line and column, in either syntax; nothing is parsed.
    let head = "format = \"negdiff/1\"\nkind = \"position\"\nparty = \"a\"\nlabel = \"L\"\n";
    let toml = format!("{head}x = [{}]\n", "[],".repeat(300_000));
    let e = format::position_from_str(&toml, "p.toml", None).unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(e.diagnostics().len(), 1);
    assert_eq!(d.kind, negdiff::DiagnosticKind::Limit);
    assert_eq!(d.line, 5);
    assert!(d.column > 1 && d.column < toml.len(), "{}", d.column);
    assert!(
        d.message.starts_with("too many values for the file's size"),
        "{}",
        d.message
    );
    let json = format!(
        "{{\"format\": \"negdiff/1\", \"kind\": \"position\", \"party\": \"a\", \"label\": \"L\", \"x\": [{}[]]}}",
        "[],".repeat(300_000)
    );
    let e = format::position_from_str(&json, "p.json", None).unwrap_err();
    assert!(e.diagnostics()[0].message.starts_with("too many values"), "{e}");
    // A long list of one-letter ids (four bytes an item) is read: its error is the field's.
    let ids = format!("{head}x = [{}\"a\"]\n", "\"a\",".repeat(300_000));
    let e = format::position_from_str(&ids, "p.toml", None).unwrap_err();
    assert!(e.diagnostics()[0].message.contains("unknown field `x`"), "{e}");
}
