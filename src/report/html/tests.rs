use super::*;
use crate::evolution::EvolveOptions;
use crate::model::{Date, Modality, Vocabulary};
use crate::{compare, compare_all, evolve_with};

const HOSTILE: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;";

fn vocab(hostile: &str) -> Vocabulary {
    Vocabulary::new("talks")
        .party("a", "A")
        .party("b", "B")
        .party("c", "C")
        .entity("PL", "Poland", None)
        .entity("RO", "Romania", None)
        .entity("HU", format!("Hungary {hostile}"), None)
        .group("flank", ["PL", "RO", "HU"])
        .opposites("deploy", "withdraw", Some("troops"))
        .action("join", None)
        .issue("posture", format!("Force posture {hostile}"), ["deploy", "withdraw"])
        .issue("members", "Membership", ["join"])
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn left(hostile: &str) -> Position {
    Position::new("a", format!("round one {hostile}"))
        .dated(date("2022-01-12"))
        .source(crate::Source::new("src", format!("A source {hostile}")))
        .clause(
            Clause::new("pull-back", "b", Modality::Must, "withdraw")
                .at(["PL", "RO"])
                .strength(Strength::RedLine)
                .text(format!("B withdraws {hostile}"))
                .quote("src", format!("get out {hostile}"), Some(&format!("Speaker {hostile}"))),
        )
        .clause(
            Clause::new(format!("id-{hostile}"), "a", Modality::Must, "join")
                .text("A joins")
                .quote("src", "we join", None),
        )
}

fn right(hostile: &str) -> Position {
    Position::new("b", "round one")
        .source(crate::Source::new("src2", "B's source"))
        .clause(
            Clause::new("presence", "b", Modality::May, "deploy")
                .at(["@flank"])
                .strength(Strength::RedLine)
                .text("B keeps troops in the east")
                .quote("src2", "we stay", Some("B")),
        )
        .clause(
            Clause::new("cap", "b", Modality::MustNot, "deploy")
                .amount(5000.0..)
                .at(["HU"])
                .text(hostile),
        )
}

fn report(hostile: &str) -> (Comparison, Position, Position) {
    let (l, r) = (left(hostile), right(hostile));
    let c = compare(&vocab(hostile), &l, &r).unwrap();
    (c, l, r)
}

/// Every `href="#x"` in the page names an element `id="x"`, and ids are unique.
fn assert_anchors_resolve(page: &str) {
    let mut ids = std::collections::BTreeSet::new();
    for part in page.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(ids.insert(id.to_string()), "duplicate id `{id}`");
    }
    let mut links = 0;
    for part in page.split("href=\"#").skip(1) {
        let target = &part[..part.find('"').unwrap()];
        assert!(ids.contains(target), "link to missing `#{target}`");
        links += 1;
    }
    assert!(links > 0);
}

/// The page's tags outside of `<script>`/`<style>`: none may come from the input.
fn tags(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        out.push(name.to_ascii_lowercase());
        if name == "script" || name == "style" {
            let end = format!("</{name}>");
            rest = &rest[rest.find(&end).unwrap() + end.len()..];
            out.push(format!("/{name}"));
        }
    }
    out
}

#[test]
fn escape_covers_markup_quotes_and_controls() {
    assert_eq!(
        esc("<a href=\"x\" title='y'>&</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
    assert_eq!(esc("a\u{0}b\u{1b}[31m\u{7f}\n\t"), "a\u{2400}b\u{241b}[31m\u{2421}\n\t");
    assert_eq!(esc("plain words, ünïcode — ok"), "plain words, ünïcode — ok");
}

#[test]
fn hostile_input_is_text_everywhere() {
    let (c, l, r) = report(HOSTILE);
    let pages = [
        comparison_with(&c, &l, &r),
        comparison(&c),
        matrix_with(
            &compare_all(&vocab(HOSTILE), &[l.clone(), r.clone()]).unwrap(),
            &[l.clone(), r.clone()],
        ),
    ];
    for page in &pages {
        assert!(!page.contains("<script>alert"), "raw script from input");
        assert!(!page.contains("<img"), "raw img from input");
        assert!(!page.contains("\"'><"), "attribute break-out");
        assert_eq!(page.matches("<script>").count(), 1, "only the page's own script");
        assert!(page.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;"
        ));
        // Every tag is one the renderer writes.
        let allowed = [
            "!doctype",
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "div",
            "header",
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "dl",
            "dt",
            "dd",
            "nav",
            "ul",
            "ol",
            "li",
            "a",
            "main",
            "section",
            "span",
            "svg",
            "rect",
            "table",
            "caption",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "br",
            "article",
            "code",
            "blockquote",
            "cite",
            "details",
            "summary",
            "footer",
            "script",
            "strong",
        ];
        for t in tags(page) {
            let name = t.trim_start_matches('/');
            assert!(allowed.contains(&name), "unexpected tag `{t}`");
        }
    }
    // The hostile clause id also lands in the clause line and the quote's `for` line as text.
    assert!(pages[0].contains("<code>id-&lt;script&gt;"));
}

#[test]
fn structure_of_a_comparison() {
    let (c, l, r) = report("plain");
    let page = comparison_with(&c, &l, &r);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_eq!(page.matches("<h1>").count(), 1);
    assert_eq!(page.matches("<article class=\"finding").count(), c.findings.len());
    for (i, f) in c.findings.iter().enumerate() {
        let start = page.find(&format!(" id=\"f-{i}\"")).unwrap();
        let card = &page[start..start + page[start..].find("</article>").unwrap()];
        assert!(card.contains(&format!("data-facet=\"{}\"", f.kind.as_str())));
        for id in f.left.iter().chain(&f.right) {
            assert!(
                card.contains(&format!("<code>{}</code>", esc(id))),
                "{id} missing from card {i}"
            );
        }
        for q in &f.evidence {
            assert!(card.contains(&format!("“{}”", esc(&q.quote))));
        }
    }
    // Tables have column and row headers; the grid has one row per issue.
    assert!(page.contains("<th scope=\"col\">Issue</th>"));
    assert_eq!(
        page.matches("<tr><th scope=\"row\"><a href=\"#i-").count(),
        c.issues.len()
    );
    // Red-line clashes are listed before the grid, conflict on both sides' red lines first.
    let clash = page.find("Red-line clashes").unwrap();
    assert!(clash < page.find("Issues at a glance</h2>").unwrap());
    assert!(page.contains("red lines on both sides"));
    // Strength, source title and clause text come from the positions.
    assert!(page.contains("<cite>A source plain</cite>"));
    assert!(page.contains("B keeps troops in the east"));
    // Without positions there is no clause text, but every finding is still there.
    let bare = comparison(&c);
    assert!(!bare.contains("B keeps troops in the east"));
    assert_eq!(bare.matches("<article class=\"finding").count(), c.findings.len());
    assert_anchors_resolve(&page);
    // The scroll wrapper never hides: all content is in the page without the script.
    assert!(!page.contains(" hidden>") || page.matches(" hidden>").count() == 1);
    assert!(page.contains("@media print"));
}

#[test]
fn witness_names_places_window_and_amount() {
    let (c, l, r) = report("plain");
    let page = comparison_with(&c, &l, &r);
    let f = c.findings.iter().position(|f| f.kind == FindingKind::Conflict).unwrap();
    let start = page.find(&format!(" id=\"f-{f}\"")).unwrap();
    let card = &page[start..start + page[start..].find("</article>").unwrap()];
    assert!(card.contains("<dt>Where</dt><dd>Poland, Romania"), "{card}");
    assert!(card.contains("<dt>When</dt><dd>at any time</dd>"));
    assert!(card.contains("<dt>Amount</dt>"));
    let cap = page.find("<code>cap</code>").unwrap();
    assert!(page[cap..].contains("from 5000"));
}

#[test]
fn backticked_names_become_code() {
    assert_eq!(
        ticks("a's `x<y>` vs `z`"),
        "a&#39;s <code>x&lt;y&gt;</code> vs <code>z</code>"
    );
    assert_eq!(ticks("odd ` one"), "odd ` one");
    assert_eq!(ticks("`a` and ` b"), "<code>a</code> and ` b");
}

#[test]
fn same_input_same_bytes() {
    let (c, l, r) = report("x");
    assert_eq!(
        comparison_with(&c, &l, &r),
        comparison_with(&c.clone(), &l.clone(), &r.clone())
    );
    let m = compare_all(&vocab("x"), &[l.clone(), r.clone()]).unwrap();
    assert_eq!(matrix(&m), matrix(&m.clone()));
}

#[test]
fn matrix_cells_link_to_their_findings() {
    let v = vocab("m");
    let c = Position::new("c", "third").clause(Clause::new("c-join", "a", Modality::MustNot, "join").text("no"));
    let ps = [left("m"), right("m"), c];
    let m = compare_all(&v, &ps).unwrap();
    let page = matrix_with(&m, &ps);
    assert_anchors_resolve(&page);
    for k in 0..m.pairs.len() {
        assert!(page.contains(&format!("<section id=\"p{k}\"")));
    }
    // a–c clash on membership: its cell says conflict in words and links to that pair's group.
    let members = m.issues.iter().position(|i| i.issue == "members").unwrap();
    let k = m.pairs.iter().position(|p| (p.left, p.right) == (0, 2)).unwrap();
    assert!(page.contains(&format!(
        "<td class=\"cell t-conflict\" data-label=\"a–c\"><a href=\"#p{k}-i-{members}\"><span aria-hidden=\"true\">≠ </span>conflict</a>"
    )));
    let cards: usize = m.comparisons.iter().map(|c| c.findings.len()).sum();
    assert_eq!(page.matches("<article class=\"finding").count(), cards);
}

#[test]
fn evolution_tells_directions_apart_in_words_and_redlines_text() {
    let v = vocab("e");
    let old = left("e");
    let mut new = old.clone();
    new.clauses[0].places = Some(vec!["PL".into()]);
    new.clauses[0].text = "B withdraws from Poland at once".into();
    new.clauses[1].places = Some(vec!["PL".into(), "RO".into()]);
    new.clauses
        .push(Clause::new("more", "b", Modality::MustNot, "join").text("B <b>never</b> joins"));
    let ev = evolve_with(&v, &old, &new, &EvolveOptions::default().counterpart(right("e"))).unwrap();
    let page = evolution_with(&ev, &old, &new);
    assert!(page.contains("<span class=\"badge b-concession\"><span aria-hidden=\"true\">▼</span> concession</span>"));
    assert!(page.contains("<span class=\"badge b-hardening\"><span aria-hidden=\"true\">▲</span> hardening</span>"));
    assert!(page.contains("<del>"));
    assert!(page.contains("<ins>"));
    assert!(page.contains("B &lt;b&gt;never&lt;/b&gt; joins"));
    assert!(page.contains("id=\"counterpart\""));
    assert!(page.contains(" before, <strong>"));
    assert_eq!(page.matches("<article class=\"change").count(), ev.changes.len());
    assert_anchors_resolve(&page);
    assert_eq!(page, evolution_with(&ev, &old, &new));
    assert!(evolution(&ev).contains("<del>"));
    // The added clause's places and the header's dates, as compare shows them.
    assert!(
        page.contains("<dt>Before</dt><dd>round one e (2022-01-12)</dd>"),
        "{page}"
    );
}

#[test]
fn a_date_the_label_already_holds_is_not_repeated() {
    let v = vocab("d");
    let mut l = left("d");
    l.label = "round one (12 Jan 2022)".into();
    let r = right("d").dated(date("2022-01-12"));
    let c = compare(&v, &l, &r).unwrap();
    let page = comparison(&c);
    assert!(page.contains("<dd>a — round one (12 Jan 2022)</dd>"), "{page}");
    assert!(page.contains("<dd>b — round one (2022-01-12)</dd>"), "{page}");
    assert!(!page.contains("(12 Jan 2022) (2022-01-12)"));
}

#[test]
fn evolution_clauses_name_their_places_through_the_legend() {
    let v = vocab("w");
    let old = left("w");
    let mut new = old.clone();
    new.clauses.push(
        Clause::new("east", "b", Modality::MustNot, "deploy")
            .at(["@flank"])
            .text("no troops on the flank"),
    );
    new.clauses.push(
        Clause::new("two", "b", Modality::MustNot, "join")
            .at(["PL", "RO"])
            .text("two"),
    );
    let ev = evolve_with(&v, &old, &new, &EvolveOptions::default()).unwrap();
    let page = evolution(&ev);
    assert!(page.contains("<dt>Where</dt><dd>all flank (3)</dd>"), "{page}");
    assert!(page.contains("<dt>Where</dt><dd>Poland, Romania</dd>"), "{page}");
    // Read back from JSON there is no legend: ids, as a comparison read back shows them.
    let back: Evolution = serde_json::from_str(&serde_json::to_string(&ev).unwrap()).unwrap();
    assert!(evolution(&back).contains("<dt>Where</dt><dd>@flank</dd>"));
}

#[test]
fn bar_segments_fill_the_width_exactly() {
    let (c, _, _) = report("b");
    let page = comparison(&c);
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    let widths: usize = svg
        .split(" width=\"")
        .skip(1)
        .map(|p| p[..p.find('"').unwrap()].parse::<usize>().unwrap())
        .sum();
    assert_eq!(widths, 1000);
}

fn luminance(hex: &str) -> f64 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    let ch = |shift: u32| {
        let c = f64::from((v >> shift) & 0xff) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG AA: 4.5:1 for text. Every text colour on every background the stylesheet puts it on.
#[test]
fn contrast_passes_aa() {
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    let mut backgrounds = vec![PAPER, "#f2f2f2", "#f7f7f7"];
    backgrounds.extend(SWATCHES.iter().map(|s| s.tint));
    for fg in [INK, MUTED, LINK] {
        for bg in &backgrounds {
            let r = contrast(fg, bg);
            assert!(r >= 4.5, "{fg} on {bg}: {r:.2}");
        }
    }
    for s in SWATCHES {
        assert!(contrast(PAPER, s.strong) >= 4.5, "white on {}", s.class);
        assert!(contrast(s.strong, s.tint) >= 4.5, "{} on its tint", s.class);
        assert!(contrast(s.strong, PAPER) >= 4.5);
    }
    // The conflict colour marks red lines, the mixed colour inferred findings, on every tint.
    for mark in ["conflict", "mixed"] {
        let strong = SWATCHES.iter().find(|s| s.class == mark).unwrap().strong;
        for s in SWATCHES {
            assert!(contrast(strong, s.tint) >= 4.5, "{mark} mark on {}", s.class);
        }
    }
    let css = stylesheet();
    for s in SWATCHES {
        assert!(css.contains(s.strong) && css.contains(s.tint));
    }
}

#[test]
fn a_report_read_back_from_json_still_renders() {
    let (c, _, _) = report("j");
    let back: Comparison = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    let page = comparison(&back);
    assert_eq!(page.matches("<article class=\"finding").count(), c.findings.len());
    // Without a legend, places are shown by their ids.
    assert!(page.contains("<dt>Where</dt><dd>PL, RO"));
    assert_anchors_resolve(&page);
}

#[test]
fn basis_and_silence_are_shown() {
    let v = vocab("s");
    let l = left("s").clause(
        Clause::new("guess", "b", Modality::MustNot, "join")
            .text("B never joins")
            .inferred("read from the tone of the talks"),
    );
    let mut r = right("s");
    r.addresses = Some(vec!["posture".into()]);
    let c = compare(&v, &l, &r).unwrap();
    let page = comparison_with(&c, &l, &r);
    assert!(page.contains("data-basis=\"inferred\""));
    assert!(page.contains("inferred, not on the record"));
    assert!(page.contains("<span class=\"s-mixed\">Inferred:</span> read from the tone of the talks"));
    assert!(page.contains("on the record: quoted"));
    assert!(page.contains("<caption>Findings by basis and kind</caption>"));
    assert!(page.contains("does not address the issue"));
    assert!(page.contains("Its document does not address this issue"));
    assert_eq!(page.matches("<article class=\"finding").count(), c.findings.len());
    assert_anchors_resolve(&page);
}
