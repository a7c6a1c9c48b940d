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
        let outcome = format::check([&p]);
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
        assert!(!String::from_utf8_lossy(&out.stdout).contains("secret line"));
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
    assert!(String::from_utf8_lossy(&out.stdout).contains("secret line"));
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
    let outcome = format::check([&p]);
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
    let outcome = format::check([&p]);
    assert!(
        outcome.diagnostics[0]
            .message
            .contains("is a directory, not a regular file"),
        "{outcome}"
    );
    // A directory or a device given as a file to load.
    let out = run(&["check", &d.join("folder").display().to_string()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("is a directory"));
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
    let outcome = format::check([&p]);
    assert!(
        outcome.diagnostics[0].message.contains("is a FIFO, not a regular file"),
        "{outcome}"
    );
    let out = run(&["check", &fifo.display().to_string()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("is a FIFO"));
}
