//! The HTML pages as a real browser builds them.
//!
//! Headless Chromium loads each page inside an iframe of the width under test (1280 px and
//! 390 px; a headless window cannot be narrower than 500 px, an iframe can), with a test-only
//! probe script added to the page. The probe records, on the DOM the browser built: every card
//! with its rendered text; every text run that leaves the viewport, is clipped by a box that
//! does not show all of its content, or overlaps another text run; elements the input could
//! have injected (scripts, event-handler attributes, images). The parent page copies the record
//! into its own DOM, which `--dump-dom` prints.
//!
//! Without Chromium the tests say so on stderr and pass, unless `NEGDIFF_REQUIRE_BROWSER` is
//! set (as `.ci/run` does once it has installed the browser): then a missing browser fails.
//! `NEGDIFF_CHROMIUM` names the browser binary when it is not `chromium` on the `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const PROBE: &str = r#"
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var W = document.documentElement.clientWidth;
  var problems = [];
  var doc = document.documentElement;
  if (doc.scrollWidth > W + 1) problems.push("page wider than the viewport: " + doc.scrollWidth + " > " + W);
  function skip(el) { return !!el.closest("script,style,[hidden],.vh,head"); }
  function clipper(el) {
    var out = [];
    for (var a = el; a && a !== document.body && a !== doc; a = a.parentElement) {
      var cs = getComputedStyle(a);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") out.push(a);
    }
    return out;
  }
  var runs = [];
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var node;
  while ((node = walker.nextNode())) {
    var text = node.nodeValue.replace(/\s+/g, " ").trim();
    if (!text) continue;
    var el = node.parentElement;
    if (!el || skip(el)) continue;
    // Content of closed <details> keeps boxes in Chromium but is not shown.
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
    var range = document.createRange();
    range.selectNodeContents(node);
    var clips = clipper(el).map(function (a) { return a.getBoundingClientRect(); });
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width < 0.5 || r.height < 0.5) return;
      var label = JSON.stringify(text.slice(0, 60));
      if (r.left < -0.5 || r.right > W + 0.5)
        problems.push("text outside the viewport (" + Math.round(r.left) + ".." + Math.round(r.right) + " of " + W + "): " + label);
      clips.forEach(function (c) {
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5)
          problems.push("text cut off by its box: " + label);
      });
      runs.push({ l: r.left, r: r.right, t: r.top, b: r.bottom, text: label, node: node });
    });
  }
  runs.sort(function (a, b) { return a.t - b.t; });
  for (var i = 0; i < runs.length; i++) {
    for (var j = i + 1; j < runs.length && runs[j].t < runs[i].b - 1; j++) {
      var a = runs[i], b = runs[j];
      if (a.node === b.node) continue;
      var w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      var h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 1 && h > 1) problems.push("text overlaps: " + a.text + " and " + b.text);
    }
  }
  var cards = {};
  document.querySelectorAll("article[id]").forEach(function (a) {
    var r = a.getBoundingClientRect();
    var visible = !a.checkVisibility || a.checkVisibility({ visibilityProperty: true });
    cards[a.id] = { text: a.innerText, shown: visible && r.width > 0 && r.height > 0 };
  });
  var handlers = [];
  document.querySelectorAll("*").forEach(function (e) {
    Array.prototype.forEach.call(e.attributes, function (at) {
      if (/^on/i.test(at.name)) handlers.push(e.tagName + " " + at.name);
    });
  });
  var result = {
    width: W,
    problems: problems,
    cards: cards,
    scripts: document.querySelectorAll("script:not(#probe)").length,
    handlers: handlers,
    embedded: document.querySelectorAll("img,iframe,object,embed,link,base,form,meta[http-equiv]").length,
    text: document.body.innerText
  };
  var out = document.createElement("script");
  out.type = "application/json";
  out.id = "probe-result";
  out.textContent = JSON.stringify(result).replace(/</g, "\\u003c");
  document.body.appendChild(out);
});
"#;

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NEGDIFF_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` after saying on stderr that the test is skipped.
fn browser(test: &str) -> Option<PathBuf> {
    match find_chromium() {
        Some(p) => Some(p),
        None if std::env::var_os("NEGDIFF_REQUIRE_BROWSER").is_some() => {
            panic!("{test}: NEGDIFF_REQUIRE_BROWSER is set but no Chromium was found (set NEGDIFF_CHROMIUM)")
        }
        None => {
            // Straight to the process's stderr: `eprintln!` in a test is captured and shown
            // only when the test fails, and a skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "html_browser::{test}: SKIPPED: no Chromium on the PATH (install the `chromium` package or set \
                 NEGDIFF_CHROMIUM); the HTML pages were NOT checked in a browser"
            );
            None
        }
    }
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "negdiff-html-browser-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs Chromium on a file and returns the DOM it built.
fn dump_dom(chromium: &Path, file: &Path, window: (u32, u32), scripts: bool) -> String {
    let dir = scratch();
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", dir.join("profile").display()))
    .arg(format!("--window-size={},{}", window.0, window.1));
    if !scripts {
        cmd.arg("--blink-settings=scriptEnabled=false");
    }
    let out_path = dir.join("dom.html");
    cmd.arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {}: {status}", file.display());
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {}", file.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(&out_path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    dom
}

/// Loads `page` with the probe into an iframe `width` px wide and returns the probe's record.
fn probe(chromium: &Path, page: &str, width: u32) -> Value {
    let with_probe = page.replacen("</body>", &format!("<script id=\"probe\">{PROBE}</script>\n</body>"), 1);
    assert_ne!(with_probe, page, "the page has no </body>");
    let srcdoc = with_probe.replace('&', "&amp;").replace('"', "&quot;");
    let harness = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\
         <iframe id=\"frame\" style=\"border:0;display:block;width:{width}px;height:1200px\" srcdoc=\"{srcdoc}\"></iframe>\
         <script>document.getElementById(\"frame\").addEventListener(\"load\",function(){{\
         var d=this.contentDocument.getElementById(\"probe-result\");\
         var s=document.createElement(\"script\");s.type=\"application/json\";s.id=\"result\";\
         s.textContent=d?d.textContent:\"null\";document.body.appendChild(s);}});</script></body></html>"
    );
    let dir = scratch();
    let file = dir.join("harness.html");
    std::fs::write(&file, harness).unwrap();
    let dom = dump_dom(chromium, &file, (width.max(500) + 40, 1300), true);
    let _ = std::fs::remove_dir_all(&dir);
    let start = dom
        .find("<script type=\"application/json\" id=\"result\">")
        .unwrap_or_else(|| panic!("no probe record in the dumped DOM:\n{}", &dom[..dom.len().min(2000)]));
    let body = &dom[start..];
    let body = &body[body.find('>').unwrap() + 1..];
    let json = &body[..body.find("</script>").unwrap()];
    let v: Value = serde_json::from_str(json).unwrap();
    assert!(!v.is_null(), "the probe did not run");
    assert_eq!(v["width"].as_u64(), Some(u64::from(width)), "viewport width");
    v
}

fn problems(v: &Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

fn assert_layout(v: &Value, what: &str) {
    let p = problems(v);
    assert!(
        p.is_empty(),
        "{what} at {} px: {} layout problems:\n{}",
        v["width"],
        p.len(),
        p.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The card `id` is on the page, rendered, and shows every clause id and quote of `finding`.
fn assert_card(v: &Value, id: &str, finding: &Value) {
    let card = &v["cards"][id];
    assert!(card.is_object(), "no card `{id}` for {finding}");
    assert_eq!(card["shown"], Value::Bool(true), "card `{id}` is not rendered");
    let text = words(card["text"].as_str().unwrap());
    let lower = text.to_lowercase();
    assert!(lower.contains(finding["kind"].as_str().unwrap()), "{id}: kind");
    for key in ["bearer", "action"] {
        assert!(text.contains(finding[key].as_str().unwrap()), "{id}: {key}");
    }
    for side in ["left", "right"] {
        for c in finding[side].as_array().unwrap() {
            assert!(text.contains(c.as_str().unwrap()), "{id}: clause {c}");
        }
    }
    if let Some(b) = finding["basis"].as_str() {
        assert!(lower.contains(b), "{id}: basis {b} not shown");
    }
    if finding["silence"].as_str() == Some("not-addressed") {
        assert!(text.contains("does not address"), "{id}: silence not shown");
    }
    for q in finding["evidence"].as_array().unwrap() {
        let quote = words(q["quote"].as_str().unwrap());
        assert!(text.contains(&format!("“{quote}”")), "{id}: quote {quote:?} not shown");
        if let Some(s) = q["speaker"].as_str() {
            assert!(text.contains(s), "{id}: speaker {s}");
        }
    }
}

fn negdiff(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_negdiff"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "negdiff {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const RUSSIA: &str = "examples/data/russia-2022-01-12-brussels.toml";
const NATO: &str = "examples/data/nato-2022-01-12-brussels.toml";
const NATO_REPLY: &str = "examples/data/nato-2022-01-26-reply.toml";
const US: &str = "examples/data/us-2022-01-26-reply.toml";

#[test]
fn brussels_comparison_in_the_browser() {
    let Some(chromium) = browser("brussels_comparison_in_the_browser") else {
        return;
    };
    let json: Value = serde_json::from_str(&negdiff(&["compare", RUSSIA, NATO, "--format", "json"])).unwrap();
    let page = negdiff(&["compare", RUSSIA, NATO, "--format", "html"]);
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for width in [1280, 390] {
        let v = probe(&chromium, &page, width);
        assert_layout(&v, "compare");
        for (i, f) in findings.iter().enumerate() {
            assert_card(&v, &format!("f-{i}"), f);
        }
        assert_eq!(v["cards"].as_object().unwrap().len(), findings.len());
        assert_eq!(v["scripts"], 1, "the page's own script only");
        assert_eq!(v["handlers"].as_array().unwrap().len(), 0);
        // The filter bar was built by the script and shows the count.
        assert!(v["text"]
            .as_str()
            .unwrap()
            .contains(&format!("Showing {0} of {0}.", findings.len())));
    }
    // Without its script (a reader with scripts off) the page shows every card, fits, and
    // has no filter bar. (Chromium's --dump-dom needs scripts, so the page's own is removed.)
    let start = page.rfind("<script>").unwrap();
    let end = page[start..].find("</script>").unwrap() + start + "</script>".len();
    let bare = format!("{}{}", &page[..start], &page[end..]);
    let v = probe(&chromium, &bare, 390);
    assert_layout(&v, "compare without its script");
    assert_eq!(v["scripts"], 0);
    for (i, f) in findings.iter().enumerate() {
        assert_card(&v, &format!("f-{i}"), f);
    }
    assert!(!v["text"].as_str().unwrap().contains("Showing "));
}

#[test]
fn brussels_matrix_and_evolution_in_the_browser() {
    let Some(chromium) = browser("brussels_matrix_and_evolution_in_the_browser") else {
        return;
    };
    let json: Value = serde_json::from_str(&negdiff(&["matrix", RUSSIA, NATO, US, "--format", "json"])).unwrap();
    let page = negdiff(&["matrix", RUSSIA, NATO, US, "--format", "html"]);
    let comparisons = json["comparisons"].as_array().unwrap();
    for width in [1280, 390] {
        let v = probe(&chromium, &page, width);
        assert_layout(&v, "matrix");
        let mut n = 0;
        for (k, c) in comparisons.iter().enumerate() {
            for (i, f) in c["findings"].as_array().unwrap().iter().enumerate() {
                assert_card(&v, &format!("p{k}-f-{i}"), f);
                n += 1;
            }
        }
        assert_eq!(v["cards"].as_object().unwrap().len(), n);
    }

    let json: Value = serde_json::from_str(&negdiff(&[
        "evolve",
        NATO,
        NATO_REPLY,
        "--counterpart",
        RUSSIA,
        "--format",
        "json",
    ]))
    .unwrap();
    let page = negdiff(&["evolve", NATO, NATO_REPLY, "--counterpart", RUSSIA, "--format", "html"]);
    let changes = json["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for width in [1280, 390] {
        let v = probe(&chromium, &page, width);
        assert_layout(&v, "evolve");
        for (i, c) in changes.iter().enumerate() {
            let card = &v["cards"][format!("c-{i}")];
            assert_eq!(card["shown"], Value::Bool(true), "change {i}");
            let text = card["text"].as_str().unwrap().to_lowercase();
            // The direction is in words, not only in colour.
            assert!(text.contains(c["direction"].as_str().unwrap()), "change {i}: direction");
            assert!(text.contains(c["kind"].as_str().unwrap()), "change {i}: kind");
        }
        let text = v["text"].as_str().unwrap();
        assert!(text.contains("conflicts before"), "counterpart effect shown");
    }
}

#[test]
fn injected_markup_shows_as_text() {
    use negdiff::{compare, Clause, Modality, Position, Strength, Vocabulary};
    let Some(chromium) = browser("injected_markup_shows_as_text") else {
        return;
    };
    let hostile = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>\"' onmouseover=\"alert(2)";
    let vocab = Vocabulary::new("v")
        .party("a", hostile)
        .party("b", "B")
        .entity("x", hostile, None)
        .action("act", None)
        .issue("i", hostile, ["act"]);
    let left = Position::new("a", hostile)
        .source(negdiff::Source::new("s", hostile))
        .clause(
            Clause::new(hostile, "b", Modality::MustNot, "act")
                .at(["x"])
                .strength(Strength::RedLine)
                .text(hostile)
                .quote("s", hostile, Some(hostile)),
        );
    let right = Position::new("b", hostile).clause(Clause::new("free", "b", Modality::May, "act").text(hostile));
    let c = compare(&vocab, &left, &right).unwrap();
    let page = negdiff::report::html::comparison_with(&c, &left, &right);
    let v = probe(&chromium, &page, 1280);
    assert_eq!(v["scripts"], 1, "an injected script element exists");
    assert_eq!(
        v["handlers"].as_array().unwrap().len(),
        0,
        "an injected handler: {}",
        v["handlers"]
    );
    assert_eq!(v["embedded"], 0, "an injected element");
    let text = v["text"].as_str().unwrap();
    assert!(text.matches(hostile).count() >= 5, "the hostile strings show as text");
    assert_layout(&v, "injection page");
}

/// The probe is able to fail: a page with a too-wide line, text clipped by its box and two
/// texts on top of each other gets one complaint of each kind.
#[test]
fn the_layout_probe_catches_broken_pages() {
    let Some(chromium) = browser("the_layout_probe_catches_broken_pages") else {
        return;
    };
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
        <p style=\"white-space:nowrap\">a line that is much too long for a phone screen, and it does not wrap at all</p>\
        <div style=\"width:80px;overflow:hidden;white-space:nowrap\">clipped text in a small box</div>\
        <div style=\"position:relative;height:40px\"><span style=\"position:absolute;left:0;top:0\">first</span>\
        <span style=\"position:absolute;left:4px;top:2px\">second</span></div>\
        </body></html>";
    let v = probe(&chromium, page, 390);
    let p = problems(&v).join("\n");
    assert!(p.contains("page wider than the viewport"), "{p}");
    assert!(p.contains("text outside the viewport"), "{p}");
    assert!(p.contains("text cut off by its box: \"clipped text"), "{p}");
    assert!(p.contains("text overlaps: \"first\" and \"second\""), "{p}");
    let fine = "<!DOCTYPE html><html><body><p>short</p><p>lines</p></body></html>";
    assert_eq!(problems(&probe(&chromium, fine, 390)), Vec::<String>::new());
}

/// `--format html` gives the same bytes on every run, for all three commands (no browser needed).
#[test]
fn cli_pages_are_byte_stable() {
    let runs: [&[&str]; 3] = [
        &["compare", RUSSIA, NATO, "--format", "html"],
        &["matrix", RUSSIA, NATO, US, "--format", "html"],
        &["evolve", NATO, NATO_REPLY, "--counterpart", RUSSIA, "--format", "html"],
    ];
    for args in runs {
        let first = negdiff(args);
        assert!(first.starts_with("<!DOCTYPE html>"), "{args:?}");
        assert!(first.trim_end().ends_with("</html>"), "{args:?}");
        assert_eq!(first, negdiff(args), "{args:?} differs between runs");
    }
}

#[test]
fn headers_date_once_and_evolution_clauses_name_their_places() {
    // The labels already hold their dates ("… (12 Jan 2022)"): the header does not add them.
    let compare = negdiff(&["compare", RUSSIA, NATO, "--format", "html"]);
    assert!(
        compare.contains("<dd>nato — NATO at the NATO-Russia Council, Brussels (12 Jan 2022)</dd>"),
        "{compare}"
    );
    let evolution = negdiff(&["evolve", NATO, NATO_REPLY, "--counterpart", RUSSIA, "--format", "html"]);
    assert!(evolution.contains("<dt>Before</dt><dd>NATO at the NATO-Russia Council, Brussels (12 Jan 2022)</dd>"));
    assert!(!evolution.contains("(2022-01-12)") && !evolution.contains("(2022-01-26)"));
    // A clause not restated shows its places as compare does: groups and entities by name.
    assert!(evolution.contains("<dt>Where</dt><dd>all russia-neighbours (11 + 4 parts)</dd>"));
    assert!(evolution.contains("<dt>Where</dt><dd>Ukraine, Russia, Belarus</dd>"));
    assert!(!evolution.contains("<dd>@russia-neighbours</dd>") && !evolution.contains("<dd>UA, RU, BY</dd>"));
}
