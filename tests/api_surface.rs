//! One path per public item, and one item per name (issue 13).
//!
//! The crate's public surface is read from its own sources: the module tree from `mod`
//! declarations, each public module's `pub` items and `pub use` re-exports, resolved to the
//! item they name. Two paths to one item (a public module whose items are also re-exported at
//! the root) fail, and so do two items with one name in different modules (`Party` in the model
//! and in `bargain`). The reader is deliberately small: it relies on rustfmt's layout (items of a
//! module start at column 0) and fails loudly on what it does not understand (a glob
//! re-export, a re-export it cannot resolve), so it cannot pass by not seeing something.
//!
//! The root is also listed here by hand, and each name is compiled (`use … as _`): the list and
//! what the reader finds must agree, so the reader is checked against the compiler, and an
//! item added to or taken from the root is a deliberate change of this list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Compiles every path given and lists them as strings.
macro_rules! surface {
    ($($head:ident $(:: $seg:ident)*),* $(,)?) => {
        #[allow(unused_imports)]
        mod compiled {
            $(pub use $head $(:: $seg)* as _;)*
        }
        const LISTED: &[&str] = &[$(concat!(stringify!($head) $(, "::", stringify!($seg))*)),*];
    };
}

// The root, in full. Items of the public modules below are sampled: the reader must find each.
surface! {
    negdiff::compare, negdiff::compare_all, negdiff::compare_all_with, negdiff::compare_with,
    negdiff::find_contradictions, negdiff::position_warnings, negdiff::validate_position,
    negdiff::validate_vocabulary, negdiff::evolve, negdiff::evolve_with, negdiff::date,
    negdiff::Analyzer, negdiff::BasisCounts, negdiff::CompactComparison, negdiff::CompareOptions, negdiff::Comparison,
    negdiff::ContradictionReport, negdiff::Counts, negdiff::Finding, negdiff::FindingKind, negdiff::IssueMap,
    negdiff::IssueVerdict, negdiff::Legend, negdiff::Matrix, negdiff::Name, negdiff::NamedSet, negdiff::PairCell,
    negdiff::PositionInfo, negdiff::Quote, negdiff::ScopeBox, negdiff::Side, negdiff::Silence,
    negdiff::SilenceCounts, negdiff::Summary, negdiff::Verdict, negdiff::WitnessSize,
    negdiff::DiagnosticKind, negdiff::Error,
    negdiff::Action, negdiff::AmountDomain, negdiff::AmountRange, negdiff::Basis, negdiff::Clause,
    negdiff::ClauseRef, negdiff::Converse, negdiff::Date, negdiff::DateError, negdiff::DateRange, negdiff::Entity,
    negdiff::Evidence, negdiff::FieldPath, negdiff::InclusiveBounds, negdiff::Interval, negdiff::Invalid,
    negdiff::Issue, negdiff::Modality, negdiff::Party, negdiff::Point, negdiff::Position, negdiff::Problem,
    negdiff::Segment, negdiff::Source, negdiff::Strength, negdiff::Vocabulary,
    // Samples of the modules.
    negdiff::evolution::Evolution, negdiff::evolution::EvolveOptions, negdiff::evolution::ChangeKind,
    negdiff::evolution::DEFAULT_REWORD_THRESHOLD,
    negdiff::format::check_files, negdiff::format::Checker, negdiff::format::FileKind, negdiff::format::LoadError,
    negdiff::format::Diagnostic, negdiff::format::load_set,
    negdiff::report::evolution_text, negdiff::report::html::comparison, negdiff::report::WithLegend,
    negdiff::bargain::UtilityProfile, negdiff::bargain::DiscreteIssue, negdiff::bargain::pareto_frontier,
    negdiff::bargain::TIE_TOLERANCE, negdiff::escape::visible,
}

/// A module's file and what it declares at column 0.
#[derive(Default)]
struct Module {
    /// Child modules: name → (is `pub`, index).
    children: BTreeMap<String, (bool, usize)>,
    /// Items defined here: name → is `pub`.
    items: BTreeMap<String, bool>,
    /// `use` entries: name → (is `pub`, the path it names).
    uses: BTreeMap<String, (bool, Vec<String>)>,
    parent: Option<usize>,
    /// Path of the module's file, for item identity and messages.
    file: String,
}

/// The crate as read from `files` (path relative to the crate → text).
struct Crate {
    modules: Vec<Module>,
    /// `#[macro_export]` macros: at the root whatever module defines them.
    macros: BTreeSet<String>,
}

const ITEM_KEYWORDS: [&str; 9] = [
    "fn",
    "struct",
    "enum",
    "trait",
    "type",
    "const",
    "static",
    "union",
    "macro_rules!",
];

fn read_crate(files: &dyn Fn(&str) -> Option<String>) -> Crate {
    let mut c = Crate {
        modules: Vec::new(),
        macros: BTreeSet::new(),
    };
    load(&mut c, files, "src/lib.rs", "src", None);
    c
}

/// Reads the module in `file`; its children live in `dir`.
fn load(c: &mut Crate, files: &dyn Fn(&str) -> Option<String>, file: &str, dir: &str, parent: Option<usize>) -> usize {
    let text = files(file).unwrap_or_else(|| panic!("{file}: module file not found"));
    let me = c.modules.len();
    c.modules.push(Module {
        parent,
        file: file.to_string(),
        ..Module::default()
    });
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut macro_export = false;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.starts_with("#[macro_export]") {
            macro_export = true;
            continue;
        }
        if line.starts_with(char::is_whitespace) || line.starts_with("//") || line.starts_with("#") {
            continue;
        }
        let (public, rest) = visibility(line);
        if let Some(decl) = rest.strip_prefix("mod ") {
            let name = ident(decl);
            if decl[name.len()..].trim_start().starts_with('{') {
                // An inline module: its body is indented, so private to this reader; a public
                // one would hide items from it.
                assert!(!public, "{file}: inline `pub mod {name}` is not read by this test");
                continue;
            }
            let (child_file, child_dir) = child_paths(files, file, dir, &name);
            let child = load(c, files, &child_file, &child_dir, Some(me));
            c.modules[me].children.insert(name, (public, child));
        } else if let Some(tree) = rest.strip_prefix("use ") {
            let mut tree = tree.to_string();
            while !tree.trim_end().ends_with(';') {
                tree.push_str(lines[i].trim());
                i += 1;
            }
            for (name, path) in use_tree(&tree) {
                if name == "*" {
                    // A private glob brings nothing public; a public one would.
                    assert!(!public, "{file}: a glob `pub use` is not read by this test: {tree}");
                    continue;
                }
                c.modules[me].uses.insert(name, (public, path));
            }
        } else if let Some(after) = rest.strip_prefix("macro_rules! ") {
            if std::mem::take(&mut macro_export) {
                c.macros.insert(ident(after));
            }
        } else {
            let mut words = rest.split_whitespace();
            let mut kw = words.next().unwrap_or("");
            // `const fn`, `async fn`, `unsafe fn`, `extern "C" fn`
            while matches!(kw, "const" | "async" | "unsafe" | "extern") && rest.contains(" fn ") {
                kw = words.next().unwrap_or("");
            }
            if ITEM_KEYWORDS.contains(&kw) {
                if let Some(name) = words.next() {
                    c.modules[me].items.insert(ident(name), public);
                }
            }
        }
        macro_export = false;
    }
    me
}

/// `pub` (public), `pub(crate)` and the like (not public), or nothing; and the rest of the line.
fn visibility(line: &str) -> (bool, &str) {
    if let Some(rest) = line.strip_prefix("pub(") {
        let close = rest.find(')').expect("closed visibility");
        (false, rest[close + 1..].trim_start())
    } else if let Some(rest) = line.strip_prefix("pub ") {
        (true, rest)
    } else {
        (false, line)
    }
}

fn ident(s: &str) -> String {
    s.chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect()
}

/// Where the module `name` declared in `file` lives: `dir/name.rs` or `dir/name/mod.rs`.
fn child_paths(files: &dyn Fn(&str) -> Option<String>, file: &str, dir: &str, name: &str) -> (String, String) {
    // A non-`mod.rs` file's children live in a folder named after it.
    let dir = if file.ends_with("/mod.rs") || file.ends_with("lib.rs") {
        dir.to_string()
    } else {
        file.trim_end_matches(".rs").to_string()
    };
    let flat = format!("{dir}/{name}.rs");
    if files(&flat).is_some() {
        (flat, format!("{dir}/{name}"))
    } else {
        (format!("{dir}/{name}/mod.rs"), format!("{dir}/{name}"))
    }
}

/// The names a `use` tree brings in, each with the path it names:
/// `a::{b, c::d as e};` gives `b → a::b` and `e → a::c::d`.
fn use_tree(tree: &str) -> Vec<(String, Vec<String>)> {
    let tree: String = tree
        .trim_end()
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    expand(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .trim_end_matches("::")
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let body = &tree[open + 1..tree.rfind('}').expect("closed use tree")];
        let n = prefix.len();
        prefix.extend(head);
        for part in split_top(body) {
            expand(part, prefix, out);
        }
        prefix.truncate(n);
        return;
    }
    if tree.is_empty() {
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim())),
        None => (tree, None),
    };
    let mut full = prefix.clone();
    full.extend(path.split("::").map(str::to_string));
    if full.last().map(String::as_str) == Some("self") {
        full.pop();
    }
    let name = alias.map_or_else(|| full.last().cloned().unwrap_or_default(), str::to_string);
    if name != "_" {
        out.push((name, full));
    }
}

/// Splits at the commas outside braces.
fn split_top(body: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, ch) in body.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

/// An item, identified by the file that defines it and its name.
type Item = (String, String);

impl Crate {
    /// The item `path` names from module `m`, or `None` for another crate's item.
    fn resolve(&self, m: usize, path: &[String], depth: usize) -> Option<Item> {
        assert!(depth < 32, "re-export cycle at {path:?}");
        let (mut at, mut rest) = (m, path);
        let anchored = matches!(rest.first().map(String::as_str), Some("crate" | "self" | "super"));
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at = 0;
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            _ => {}
        }
        while rest.first().map(String::as_str) == Some("super") {
            at = self.modules[at].parent.expect("`super` of the root");
            rest = &rest[1..];
        }
        let first = rest.first().expect("a path with a name");
        if rest.len() == 1 {
            let module = &self.modules[at];
            assert!(
                !module.children.contains_key(first),
                "{}: re-exporting the module `{first}` is not read by this test",
                module.file
            );
            let found = self.lookup(at, first, depth);
            assert!(found.is_some() || !anchored, "{}: cannot resolve {path:?}", module.file);
            return found;
        }
        for (i, seg) in rest[..rest.len() - 1].iter().enumerate() {
            match self.modules[at].children.get(seg) {
                Some(&(_, child)) => at = child,
                None => match self.modules[at].uses.get(seg) {
                    // A module imported under a name (`use super::space;`).
                    Some((_, target)) => {
                        let mut p = target.clone();
                        p.extend(rest[i + 1..].iter().cloned());
                        return self.resolve(at, &p, depth + 1);
                    }
                    // In a path's first segment, a name that is no module or import here is
                    // another crate (`std`, `serde`).
                    None if i == 0 && !anchored => return None,
                    None => panic!("{}: no module `{seg}` on the path {path:?}", self.modules[at].file),
                },
            }
        }
        let last = rest.last().expect("a name");
        let found = self.lookup(at, last, depth);
        assert!(found.is_some(), "{}: cannot resolve {path:?}", self.modules[m].file);
        found
    }

    /// A name as seen inside module `m`: its own item, or what its import of that name names.
    fn lookup(&self, m: usize, name: &str, depth: usize) -> Option<Item> {
        let module = &self.modules[m];
        if module.items.contains_key(name) {
            return Some((module.file.clone(), name.to_string()));
        }
        if m == 0 && self.macros.contains(name) {
            return Some(("#[macro_export]".to_string(), name.to_string()));
        }
        let (_, target) = module.uses.get(name)?;
        self.resolve(m, target, depth + 1)
    }

    /// Every public path (`negdiff::a::B`) with the item it names.
    fn surface(&self) -> Vec<(String, Item)> {
        let mut out = Vec::new();
        for name in &self.macros {
            out.push((
                format!("negdiff::{name}"),
                ("#[macro_export]".to_string(), name.clone()),
            ));
        }
        self.walk(0, "negdiff", &mut out);
        out.sort();
        out
    }

    fn walk(&self, m: usize, at: &str, out: &mut Vec<(String, Item)>) {
        let module = &self.modules[m];
        for (name, &public) in &module.items {
            if public {
                out.push((format!("{at}::{name}"), (module.file.clone(), name.clone())));
            }
        }
        for (name, (public, target)) in &module.uses {
            if *public {
                if let Some(item) = self.resolve(m, target, 0) {
                    out.push((format!("{at}::{name}"), item));
                }
            }
        }
        for (name, &(public, child)) in &module.children {
            if public {
                self.walk(child, &format!("{at}::{name}"), out);
            }
        }
    }
}

/// What breaks the rules: items with two paths, names with two items.
fn problems(surface: &[(String, Item)]) -> Vec<String> {
    let mut by_item: BTreeMap<&Item, Vec<&str>> = BTreeMap::new();
    let mut by_name: BTreeMap<&str, BTreeSet<&Item>> = BTreeMap::new();
    for (path, item) in surface {
        by_item.entry(item).or_default().push(path);
        let name = path.rsplit("::").next().unwrap_or(path);
        by_name.entry(name).or_default().insert(item);
    }
    let mut out = Vec::new();
    for (item, paths) in by_item {
        if paths.len() > 1 {
            out.push(format!("`{}` has {} paths: {}", item.1, paths.len(), paths.join(", ")));
        }
    }
    for (name, items) in by_name {
        if items.len() > 1 {
            let paths: Vec<&str> = surface
                .iter()
                .map(|(p, _)| p.as_str())
                .filter(|p| p.rsplit("::").next() == Some(name))
                .collect();
            out.push(format!("`{name}` names {} items: {}", items.len(), paths.join(", ")));
        }
    }
    out.sort();
    out
}

fn this_crate(rel: &str) -> Option<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).ok()
}

#[test]
fn every_public_item_has_one_path_and_every_name_one_item() {
    let surface = read_crate(&this_crate).surface();
    let problems = problems(&surface);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_root_is_the_listed_one_and_the_samples_are_found() {
    let surface = read_crate(&this_crate).surface();
    let found: BTreeSet<&str> = surface.iter().map(|(p, _)| p.as_str()).collect();
    let root: BTreeSet<&str> = found.iter().copied().filter(|p| p.matches("::").count() == 1).collect();
    let listed: BTreeSet<&str> = LISTED.iter().copied().collect();
    let listed_root: BTreeSet<&str> = listed
        .iter()
        .copied()
        .filter(|p| p.matches("::").count() == 1)
        .collect();
    assert_eq!(
        root, listed_root,
        "the root found in the sources differs from the list in this test"
    );
    let missing: Vec<&&str> = listed.iter().filter(|p| !found.contains(**p)).collect();
    assert!(missing.is_empty(), "compiled, yet not found by the reader: {missing:?}");
}

/// A small crate in memory, for showing that the checks fail where they should.
fn fake(files: &[(&str, &str)]) -> Vec<(String, Item)> {
    let files: BTreeMap<String, String> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    read_crate(&|p: &str| files.get(p).cloned()).surface()
}

#[test]
fn a_public_module_re_exported_at_the_root_is_two_paths() {
    let surface = fake(&[
        ("src/lib.rs", "pub mod model;\n\npub use model::{Party, Position};\n"),
        (
            "src/model/mod.rs",
            "mod party;\n\npub use party::Party;\n\npub struct Position;\n",
        ),
        ("src/model/party.rs", "pub struct Party {\n    pub id: String,\n}\n"),
    ]);
    assert_eq!(
        problems(&surface),
        [
            "`Party` has 2 paths: negdiff::Party, negdiff::model::Party",
            "`Position` has 2 paths: negdiff::Position, negdiff::model::Position",
        ]
    );
    // The same crate with a private `model` is clean.
    let surface = fake(&[
        ("src/lib.rs", "mod model;\n\npub use model::{Party, Position};\n"),
        (
            "src/model/mod.rs",
            "mod party;\n\npub use party::Party;\n\npub struct Position;\n",
        ),
        ("src/model/party.rs", "pub struct Party {\n    pub id: String,\n}\n"),
    ]);
    assert_eq!(problems(&surface), Vec::<String>::new());
    assert_eq!(
        surface.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["negdiff::Party", "negdiff::Position"]
    );
}

#[test]
fn one_name_in_two_modules_is_two_items() {
    let surface = fake(&[
        (
            "src/lib.rs",
            "mod model;\npub mod bargain;\n\npub use model::{\n    Issue, Party,\n};\n",
        ),
        (
            "src/model.rs",
            "pub struct Party;\npub(crate) struct Hidden;\npub enum Issue {}\n",
        ),
        (
            "src/bargain/mod.rs",
            "mod space;\n\n#[cfg(feature = \"x\")]\npub use space::{Issue as DiscreteIssue, Party};\n",
        ),
        ("src/bargain/space.rs", "pub struct Issue;\npub struct Party;\n"),
    ]);
    assert_eq!(
        problems(&surface),
        ["`Party` names 2 items: negdiff::Party, negdiff::bargain::Party"]
    );
}

#[test]
fn the_reader_refuses_what_it_cannot_read() {
    let glob = std::panic::catch_unwind(|| fake(&[("src/lib.rs", "mod a;\npub use a::*;\n"), ("src/a.rs", "")]));
    assert!(glob.is_err());
    let unknown = std::panic::catch_unwind(|| {
        fake(&[
            ("src/lib.rs", "mod a;\npub use a::Missing;\n"),
            ("src/a.rs", "pub struct There;\n"),
        ])
    });
    assert!(unknown.is_err());
}
