//! One self-contained HTML page per comparison, matrix and evolution.
//!
//! Each function returns a whole document: inline CSS, inline SVG, no network, no external
//! fonts or scripts. One small inline script adds a filter bar (by kind or direction, red
//! lines only, free text) and opens collapsed details before printing; without scripts the
//! page shows everything and loses only the filter bar. Every string that comes from the input
//! (clause ids and texts, quotes, speakers, labels, titles, place names) is escaped, in text and
//! in attribute values alike, so a clause text `<script>` shows as text.
//!
//! The page is the same bytes for the same input: nothing depends on time, locale or hash
//! order.
//!
//! A report alone knows clause ids, norms, witnesses and quotes; the `_with` variants also take
//! the positions it was made from and then show each clause's own text and strength and the
//! titles of the sources quoted.
//!
//! ```
//! use negdiff::{compare, Clause, Modality, Position, Vocabulary};
//! use negdiff::report::html;
//!
//! let vocab = Vocabulary::new("talks")
//!     .party("a", "A")
//!     .party("b", "B")
//!     .action("deploy", None)
//!     .issue("forces", "Forces", ["deploy"]);
//! let left = Position::new("a", "round 1")
//!     .clause(Clause::new("ban", "b", Modality::MustNot, "deploy").text("<script>alert(1)</script>"));
//! let right = Position::new("b", "round 1").clause(Clause::new("free", "b", Modality::May, "deploy"));
//! let report = compare(&vocab, &left, &right)?;
//! let page = html::comparison_with(&report, &left, &right);
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
//! assert!(!page.contains("<script>alert(1)"));
//! assert_eq!(page, html::comparison_with(&report, &left, &right)); // byte-stable
//! # Ok::<(), negdiff::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

use super::evolution::{conflicts_before_after, directions_line};
use super::places::{describe_places, place_name, place_names};
use super::text::interval_text;
use super::text::{counted, dated_label, plural};
use crate::analysis::{
    Comparison, Finding, FindingKind, Legend, Matrix, PositionInfo, Quote, ScopeBox, Side, Silence, Verdict,
};
use crate::evolution::{Change, ChangeKind, ConflictStatus, Direction, Evolution, FieldChange, WordOp};
use crate::model::{Basis, Clause, Position, Source, Strength};

/// The comparison of two positions as one HTML page: headline, issue × kind grid, one card
/// per finding with its witness and quotes.
#[must_use]
pub fn comparison(report: &Comparison) -> String {
    comparison_page(report, Clauses::default())
}

/// [`comparison`], also showing each clause's text and strength and the sources' titles,
/// taken from the two positions compared (`left` and `right` as given to
/// [`compare`](crate::compare)).
#[must_use]
pub fn comparison_with(report: &Comparison, left: &Position, right: &Position) -> String {
    comparison_page(report, Clauses::new(Some(left), Some(right)))
}

/// The matrix of several positions as one HTML page: the issue × party-pair map coloured by
/// how each pair relates on each issue, each cell linking to that pair's findings on that
/// issue, then every pair's findings.
#[must_use]
pub fn matrix(report: &Matrix) -> String {
    matrix_page(report, &[])
}

/// [`matrix`], also showing clause texts, strengths and source titles from the positions, in
/// the order given to [`compare_all`](crate::compare_all).
#[must_use]
pub fn matrix_with(report: &Matrix, positions: &[Position]) -> String {
    matrix_page(report, positions)
}

/// The evolution of a position as one HTML page: the changes in file order with their
/// direction in words and signs, word-level redlines of clause texts, the effect on conflicts
/// with the counterpart, and the raw diff.
#[must_use]
pub fn evolution(report: &Evolution) -> String {
    evolution_page(report, Clauses::default())
}

/// [`evolution`], also showing the current text of clauses whose text did not change, from the
/// old and new positions.
#[must_use]
pub fn evolution_with(report: &Evolution, old: &Position, new: &Position) -> String {
    evolution_page(report, Clauses::new(Some(old), Some(new)))
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// Escapes a string for HTML text and for a double- or single-quoted attribute value.
///
/// C0 control characters other than tab, newline and carriage return (and DEL) are not valid
/// in HTML text; they are shown as their Unicode control pictures (␀, ␛, …) so that hostile
/// input stays visible instead of vanishing or breaking the parse.
pub(crate) struct E<'a>(pub &'a str);

impl fmt::Display for E<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let rep: Option<&str> = match c {
                '&' => Some("&amp;"),
                '<' => Some("&lt;"),
                '>' => Some("&gt;"),
                '"' => Some("&quot;"),
                '\'' => Some("&#39;"),
                _ => None,
            };
            let picture = match c {
                '\t' | '\n' | '\r' => None,
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
                '\u{7f}' => Some('\u{2421}'),
                _ => None,
            };
            if rep.is_none() && picture.is_none() {
                continue;
            }
            f.write_str(&s[start..i])?;
            match (rep, picture) {
                (Some(r), _) => f.write_str(r)?,
                (None, Some(p)) => f.write_char(p)?,
                (None, None) => {}
            }
            start = i + c.len_utf8();
        }
        f.write_str(&s[start..])
    }
}

/// The escaped string.
#[cfg(test)]
pub(crate) fn esc(s: &str) -> String {
    E(s).to_string()
}

/// Escaped prose whose `backticked` names become `<code>`, as the library's one-line
/// explanations write clause ids. An odd backtick out is kept as it is.
fn ticks(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 16);
    let pairs = (parts.len() - 1) / 2 * 2;
    for (i, p) in parts.iter().enumerate() {
        if i > pairs {
            let _ = write!(out, "`{}", E(p));
        } else if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", E(p));
        } else {
            let _ = write!(out, "{}", E(p));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Colours
//
// Every pair of text and background colour the stylesheet uses, with its WCAG 2.1 contrast
// ratio (checked by `tests::contrast_passes_aa`, which recomputes them):
//   ink #1b1b1b on paper #ffffff 17.2:1, on any tint or grey below ≥ 14.9:1
//   muted #4d4d4d on paper 8.5:1, on any tint ≥ 7.3:1
//   link #0b4f9c on paper 8.0:1, on any tint ≥ 6.9:1
//   white on each strong colour (badges): conflict 7.8, agreement 6.6, overlap 7.3, gap 7.5,
//   none and neutral 7.5, mixed 8.0 (the same ratios for the strong colour as text on paper);
//   each strong colour on its own tint ≥ 5.8:1; the red-line mark (conflict colour) on any
//   tint ≥ 6.8:1.
// Colour is never alone: every badge and cell also says its kind in words and a sign.

pub(crate) const INK: &str = "#1b1b1b";
pub(crate) const PAPER: &str = "#ffffff";
pub(crate) const MUTED: &str = "#4d4d4d";
pub(crate) const LINK: &str = "#0b4f9c";

/// A strong colour (badge backgrounds, borders, text on paper) and a light tint of it
/// (cell and card backgrounds under ink).
#[derive(Clone, Copy)]
pub(crate) struct Swatch {
    pub(crate) class: &'static str,
    pub(crate) strong: &'static str,
    pub(crate) tint: &'static str,
}

pub(crate) const SWATCHES: [Swatch; 7] = [
    Swatch {
        class: "conflict",
        strong: "#a31515",
        tint: "#fcebeb",
    },
    Swatch {
        class: "agreement",
        strong: "#1a6b30",
        tint: "#e7f4ea",
    },
    Swatch {
        class: "overlap",
        strong: "#1d56a0",
        tint: "#e8eff9",
    },
    Swatch {
        class: "gap",
        strong: "#7a4a00",
        tint: "#fdf2dc",
    },
    Swatch {
        class: "none",
        strong: "#555555",
        tint: "#f2f2f2",
    },
    Swatch {
        class: "mixed",
        strong: "#6b3a8f",
        tint: "#f3ecf8",
    },
    Swatch {
        class: "neutral",
        strong: "#555555",
        tint: "#f2f2f2",
    },
];

fn swatch_rules(out: &mut String) {
    for s in SWATCHES {
        let _ = write!(
            out,
            ".b-{c}{{background:{strong};color:{PAPER};border-color:{strong}}}\
             .t-{c}{{background:{tint};border-color:{strong}}}\
             .s-{c}{{color:{strong}}}",
            c = s.class,
            strong = s.strong,
            tint = s.tint,
        );
    }
    // Directions and conflict statuses reuse the kinds' colours: giving ground is green,
    // taking ground red, as in the terminal output.
    for (alias, base) in [
        ("concession", "agreement"),
        ("hardening", "conflict"),
        ("closed", "agreement"),
        ("narrowed", "agreement"),
        ("opened", "conflict"),
        ("widened", "conflict"),
        ("shifted", "mixed"),
        ("not-restated", "neutral"),
        ("newly-addressed", "neutral"),
    ] {
        if let Some(s) = SWATCHES.iter().find(|s| s.class == base) {
            let _ = write!(
                out,
                ".b-{alias}{{background:{strong};color:{PAPER};border-color:{strong}}}\
                 .t-{alias}{{background:{tint};border-color:{strong}}}",
                strong = s.strong,
                tint = s.tint,
            );
        }
    }
}

fn stylesheet() -> String {
    let mut css = format!(
        ":root{{color-scheme:light}}\
*{{box-sizing:border-box}}\
html{{-webkit-text-size-adjust:100%}}\
body{{margin:0;background:{PAPER};color:{INK};font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Liberation Sans\",\"DejaVu Sans\",sans-serif;overflow-wrap:anywhere}}\
.page{{max-width:70rem;margin:0 auto;padding:1rem 1.25rem 3rem}}\
a{{color:{LINK}}}\
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{{outline:3px solid {LINK};outline-offset:2px}}\
h1{{font-size:1.75rem;line-height:1.25;margin:.25rem 0 .5rem}}\
h2{{font-size:1.35rem;line-height:1.3;margin:2rem 0 .75rem;border-bottom:2px solid {INK};padding-bottom:.2rem}}\
h3{{font-size:1.15rem;line-height:1.35;margin:1.5rem 0 .5rem}}\
h4{{font-size:1rem;line-height:1.4;margin:0 0 .4rem}}\
h5{{font-size:.95rem;margin:0 0 .25rem}}\
p{{margin:.35rem 0}}\
code,.mono{{font-family:ui-monospace,\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:.9em}}\
.kicker{{color:{MUTED};font-size:.9rem;margin:0;text-transform:uppercase;letter-spacing:.05em}}\
.muted{{color:{MUTED}}}\
.id{{color:{MUTED};font-weight:normal;font-size:.85em}}\
.vh{{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}}\
nav ul{{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}}\
dl.who{{margin:.5rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem}}\
dl.who dt{{font-weight:bold}}dl.who dd{{margin:0}}\
.headline{{font-size:1.15rem}}\
ul.tiles{{list-style:none;padding:0;margin:.75rem 0;display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem}}\
.tile{{border:1px solid;border-left-width:.5rem;padding:.4rem .6rem;border-radius:.25rem}}\
.tile .n{{display:block;font-size:1.6rem;font-weight:bold;line-height:1.2}}\
.tile .sub{{display:block;font-size:.85rem}}\
svg.bar{{display:block;width:100%;height:1.25rem;margin:.5rem 0}}\
.badge{{display:inline-block;border:1px solid;border-radius:.2rem;padding:0 .35rem;font-size:.8rem;font-weight:bold;line-height:1.5;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}}\
.redline-mark{{display:inline-block;border:2px solid;padding:0 .3rem;font-size:.8rem;font-weight:bold;border-radius:.2rem}}\
.basis-mark{{display:inline-block;border:1px dashed;padding:0 .3rem;font-size:.8rem;border-radius:.2rem;color:{MUTED}}}.basis-mark.inferred{{font-weight:bold}}\
.table-wrap{{max-width:100%;overflow-x:auto}}\
table{{border-collapse:collapse;margin:.5rem 0;width:100%}}\
caption{{text-align:left;color:{MUTED};font-size:.9rem;padding:.25rem 0}}\
th,td{{border:1px solid #767676;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word}}\
thead th{{background:#f2f2f2}}\
td.num{{text-align:right;white-space:nowrap}}\
table.fields thead th,table.fields th[scope=row]{{white-space:nowrap;width:1%}}\
td.cell{{min-width:4.5rem}}\
td.empty{{color:{MUTED}}}\
.cell a{{font-weight:bold}}\
.group{{margin-top:1.5rem}}\
article.finding,article.change{{border:1px solid;border-left-width:.4rem;border-radius:.3rem;margin:.75rem 0;padding:.6rem .8rem;break-inside:avoid}}\
.finding .explain{{margin:.2rem 0 .5rem}}\
.sides{{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}}\
.side{{background:{PAPER};border:1px solid #767676;border-radius:.25rem;padding:.45rem .6rem;min-width:0}}\
.side .text{{margin:.3rem 0}}\
.silent{{font-style:italic}}\
ul.quotes{{list-style:none;margin:.4rem 0 0;padding:0}}\
ul.quotes li{{margin:.35rem 0}}\
blockquote{{margin:0;padding:0 0 0 .6rem;border-left:3px solid #767676}}\
.cite{{font-size:.9rem;color:{MUTED};margin:.1rem 0 0 .6rem}}\
dl.witness{{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:.6rem 0 0;background:{PAPER};border:1px solid #767676;border-radius:.25rem;padding:.4rem .6rem}}\
dl.witness dt{{font-weight:bold}}dl.witness dd{{margin:0;min-width:0}}\
details{{margin:.25rem 0}}summary{{cursor:pointer;color:{LINK}}}\
ol.timeline{{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid #767676}}\
ol.timeline>li{{position:relative}}\
del{{background:#fcebeb;color:{INK};text-decoration:line-through}}\
ins{{background:#e7f4ea;color:{INK};text-decoration:underline}}\
pre.diff{{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem;background:#f7f7f7;border:1px solid #767676;padding:.5rem;margin:.25rem 0}}\
.filters{{border:1px solid #767676;border-radius:.3rem;padding:.5rem .75rem;margin:.75rem 0;background:#f7f7f7}}\
.filters fieldset{{border:0;margin:0 0 .25rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}}\
.filters legend{{font-weight:bold;padding:0;margin-right:.5rem;float:left}}\
.filters label{{white-space:nowrap}}\
.filters input[type=search]{{font:inherit;padding:.15rem .35rem;max-width:100%;border:1px solid #767676;border-radius:.2rem}}\
footer{{margin-top:3rem;color:{MUTED};font-size:.85rem;border-top:1px solid #767676;padding-top:.5rem}}\
@media (max-width:40rem){{.page{{padding:.75rem .75rem 2rem}}.sides{{grid-template-columns:1fr}}h1{{font-size:1.45rem}}th,td{{padding:.25rem .3rem}}td.cell{{min-width:0}}.badge{{white-space:normal}}\
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{{display:block;width:auto}}\
table.stack caption{{display:block}}table.stack thead{{display:none}}table.stack tr{{border:1px solid #767676;margin:.5rem 0}}\
table.stack th,table.stack td{{border:0;border-top:1px solid #c4c4c4}}table.stack tr>:first-child{{border-top:0}}\
table.stack td[data-label]::before{{content:attr(data-label) \": \";font-weight:bold;color:{INK}}}\
table.stack td.num{{text-align:left}}table.stack td.empty{{display:none}}table.stack td br{{display:none}}table.stack td .id::before,table.stack td .s-conflict::before{{content:\" · \"}}}}\
@media print{{body{{font-size:11pt}}nav,.filters{{display:none}}.page{{max-width:none;padding:0}}\
a{{color:{INK};text-decoration:none}}article.finding,article.change,tr,.tile{{break-inside:avoid}}\
h2,h3,h4{{break-after:avoid}}.table-wrap{{overflow:visible}}\
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}}}"
    );
    swatch_rules(&mut css);
    css
}

/// The page's own script: a filter bar over the cards, and opening every `<details>` before
/// printing. Everything it hides or shows is in the page without it.
const SCRIPT: &str = r#"(function(){
"use strict";
document.addEventListener("DOMContentLoaded",function(){
var box=document.getElementById("filters");
var cards=Array.prototype.slice.call(document.querySelectorAll("[data-facet]"));
if(!box||cards.length<2)return;
var dims=[["data-facet","Show",box.getAttribute("data-order")||""],["data-basis","Basis","quoted document inferred"]];
var on={};
function box2(title){var fs=document.createElement("fieldset");var lg=document.createElement("legend");lg.textContent=title;fs.appendChild(lg);box.appendChild(fs);return fs;}
function check(fs,label,checked,change){var l=document.createElement("label");var i=document.createElement("input");i.type="checkbox";i.checked=checked;
i.addEventListener("change",function(){change(i.checked);apply();});l.appendChild(i);l.appendChild(document.createTextNode(" "+label));fs.appendChild(l);}
dims.forEach(function(d){var attr=d[0];
var vals=d[2].split(" ").filter(function(v){return v&&cards.some(function(c){return c.getAttribute(attr)===v;});});
cards.forEach(function(c){var v=c.getAttribute(attr);if(v!==null&&vals.indexOf(v)<0)vals.push(v);});
if(vals.length<2&&attr!=="data-facet")return;
var fs=box2(d[1]);on[attr]={};
vals.forEach(function(v){on[attr][v]=true;check(fs,v,true,function(x){on[attr][v]=x;});});});
var also=box2("Also");var red=false;
if(cards.some(function(c){return(c.getAttribute("data-red")||"0")!=="0";})){check(also,"red lines only",false,function(x){red=x;});}
var sl=document.createElement("label");sl.textContent="Text ";var q=document.createElement("input");q.type="search";q.addEventListener("input",apply);sl.appendChild(q);also.appendChild(sl);
var st=document.createElement("p");st.setAttribute("aria-live","polite");st.className="muted";box.appendChild(st);box.hidden=false;
function apply(){var t=q.value.toLowerCase();var n=0;
cards.forEach(function(c){var ok=Object.keys(on).every(function(a){var v=c.getAttribute(a);return v===null||on[a][v];})
&&(!red||(c.getAttribute("data-red")||"0")!=="0")&&(!t||c.textContent.toLowerCase().indexOf(t)>=0);c.hidden=!ok;if(ok)n++;});
document.querySelectorAll(".group").forEach(function(g){g.hidden=!g.querySelector("[data-facet]:not([hidden])");});
st.textContent="Showing "+n+" of "+cards.length+".";}
apply();
});
window.addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach(function(d){d.open=true;});});
})();"#;

fn page(title: &str, kicker: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 12_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"negdiff {}\">\n<title>{} · {}</title>\n<style>{}</style>\n</head>\n\
         <body>\n<div class=\"page\">\n{}<footer><p>Made by negdiff {} from typed clauses; every finding carries the clauses and the exact region it holds on.</p></footer>\n</div>\n<script>{}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        E(title),
        E(kicker),
        stylesheet(),
        body,
        env!("CARGO_PKG_VERSION"),
        SCRIPT
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// The positions behind a report, when known: for clause texts, strengths and source titles.
/// Looked up by id through maps, so a page costs one pass over its findings however many
/// clauses the positions hold.
#[derive(Default)]
struct Clauses<'a> {
    left: Book<'a>,
    right: Book<'a>,
}

#[derive(Default)]
struct Book<'a> {
    clauses: HashMap<&'a str, &'a Clause>,
    sources: HashMap<&'a str, &'a Source>,
}

impl<'a> Book<'a> {
    fn of(p: Option<&'a Position>) -> Self {
        let mut b = Book::default();
        if let Some(p) = p {
            for c in &p.clauses {
                b.clauses.entry(c.id.as_str()).or_insert(c);
            }
            for s in &p.sources {
                b.sources.entry(s.id.as_str()).or_insert(s);
            }
        }
        b
    }
}

impl<'a> Clauses<'a> {
    fn new(left: Option<&'a Position>, right: Option<&'a Position>) -> Self {
        Clauses {
            left: Book::of(left),
            right: Book::of(right),
        }
    }

    fn side(&self, side: Side) -> &Book<'a> {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    fn clause(&self, side: Side, id: &str) -> Option<&'a Clause> {
        self.side(side).clauses.get(id).copied()
    }

    fn source(&self, side: Side, id: &str) -> Option<&'a Source> {
        self.side(side).sources.get(id).copied()
    }
}

fn kind_sign(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Conflict => "≠",
        FindingKind::Agreement => "=",
        FindingKind::Overlap => "≈",
        FindingKind::Gap => "∅",
    }
}

fn kind_plural(k: FindingKind, n: usize) -> &'static str {
    match k {
        FindingKind::Conflict => plural(n, "conflict", "conflicts"),
        FindingKind::Agreement => plural(n, "agreement", "agreements"),
        FindingKind::Overlap => plural(n, "overlap", "overlaps"),
        FindingKind::Gap => plural(n, "gap", "gaps"),
    }
}

/// One column header per finding kind, sign and plural name, for the tables that count
/// findings by kind.
fn kind_headers(out: &mut String) {
    for k in KINDS {
        let _ = write!(
            out,
            "<th scope=\"col\"><span aria-hidden=\"true\">{} </span>{}</th>",
            kind_sign(k),
            kind_plural(k, 2)
        );
    }
}

const KINDS: [FindingKind; 4] = [
    FindingKind::Conflict,
    FindingKind::Agreement,
    FindingKind::Overlap,
    FindingKind::Gap,
];

fn count_of(c: &crate::analysis::Counts, k: FindingKind) -> usize {
    match k {
        FindingKind::Conflict => c.conflict,
        FindingKind::Agreement => c.agreement,
        FindingKind::Overlap => c.overlap,
        FindingKind::Gap => c.gap,
    }
}

fn badge(out: &mut String, class: &str, sign: &str, word: &str) {
    let _ = write!(
        out,
        "<span class=\"badge b-{class}\"><span aria-hidden=\"true\">{sign}</span> {}</span>",
        E(word)
    );
}

fn info_text(p: &PositionInfo) -> String {
    dated_label(&p.label, p.date)
}

fn verdict_words(v: Verdict, left: &str, right: &str) -> String {
    match v {
        Verdict::Equivalent => "equivalent".to_string(),
        Verdict::LeftAsksMore => format!("{left} asks more"),
        Verdict::RightAsksMore => format!("{right} asks more"),
        Verdict::Incomparable => "incomparable".to_string(),
        Verdict::Disjoint => "disjoint".to_string(),
        Verdict::LeftOnly => format!("only {left} addresses it"),
        Verdict::RightOnly => format!("only {right} addresses it"),
    }
}

fn red_line_words(f: &Finding) -> Option<&'static str> {
    match (f.kind, f.red_lines) {
        (_, 0) => None,
        (FindingKind::Conflict, 2) => Some("red lines on both sides"),
        (_, 2) => Some("red lines"),
        _ => Some("red line"),
    }
}

fn witness(out: &mut String, legend: &Legend, f: &Finding) {
    out.push_str("<dl class=\"witness\">");
    let several = f.scope.len() > 1;
    for (i, b) in f.scope.iter().enumerate() {
        if several {
            let _ = write!(out, "<dt>Part {}</dt><dd></dd>", i + 1);
        }
        scope_rows(out, legend, b);
    }
    if !f.conditions.is_empty() {
        let list: Vec<String> = f.conditions.iter().map(|c| c.to_string()).collect();
        let _ = write!(out, "<dt>Rests on</dt><dd>{}</dd>", E(&list.join(", ")));
    }
    out.push_str("</dl>");
}

fn scope_rows(out: &mut String, legend: &Legend, b: &ScopeBox) {
    let compact = describe_places(legend, &b.places);
    let names = place_names(legend, &b.places);
    let _ = write!(out, "<dt>Where</dt><dd>{}", E(&compact));
    if names.len() > 1 && names.join(", ") != compact {
        let _ = write!(
            out,
            "<details><summary>{} places by name</summary><p>{}</p></details>",
            names.len(),
            E(&names.join(", "))
        );
    }
    out.push_str("</dd>");
    match &b.when {
        Some(w) => {
            let _ = write!(out, "<dt>When</dt><dd>{}</dd>", E(&interval_text(w)));
        }
        None => out.push_str("<dt>When</dt><dd>at any time</dd>"),
    }
    match &b.amount {
        Some(a) => {
            let _ = write!(out, "<dt>Amount</dt><dd>{}</dd>", E(&interval_text(a)));
        }
        None => out.push_str("<dt>Amount</dt><dd>any amount</dd>"),
    }
}

fn quotes(out: &mut String, clauses: &Clauses<'_>, side: Side, qs: &[&Quote]) {
    if qs.is_empty() {
        return;
    }
    out.push_str("<ul class=\"quotes\" aria-label=\"Evidence\">");
    for q in qs {
        quote_head(out, &q.quote, q.speaker.as_deref());
        match clauses.source(side, &q.source) {
            Some(src) => {
                let _ = write!(out, "<cite>{}</cite>", E(&src.title));
                let mut extra = Vec::new();
                if let Some(p) = &src.publisher {
                    extra.push(p.clone());
                }
                if let Some(d) = src.date {
                    extra.push(d.to_string());
                }
                if !extra.is_empty() {
                    let _ = write!(out, " ({})", E(&extra.join(", ")));
                }
                let _ = write!(out, " <span class=\"id\">[{}]</span>", E(&q.source));
            }
            None => {
                let _ = write!(out, "source <cite>{}</cite>", E(&q.source));
            }
        }
        let _ = write!(
            out,
            " <span class=\"id\">for <code>{}</code></span></p></li>",
            E(&q.clause)
        );
    }
    out.push_str("</ul>");
}

/// The opening of one quote's list item, up to its citation: the words, then the speaker
/// when known. Comparison cards and evolution pages then cite the source each their own way.
fn quote_head(out: &mut String, quote: &str, speaker: Option<&str>) {
    let _ = write!(
        out,
        "<li><blockquote><p>“{}”</p></blockquote><p class=\"cite\">— ",
        E(quote)
    );
    if let Some(s) = speaker {
        let _ = write!(out, "<span class=\"speaker\">{}</span>, ", E(s));
    }
}

fn side_block(out: &mut String, clauses: &Clauses<'_>, f: &Finding, side: Side, party: &str) {
    let (ids, norm) = match side {
        Side::Left => (&f.left, f.left_norm),
        Side::Right => (&f.right, f.right_norm),
    };
    let _ = write!(
        out,
        "<div class=\"side\"><h5>{} <span class=\"id\">({})</span></h5>",
        E(party),
        if side == Side::Left { "left" } else { "right" }
    );
    if ids.is_empty() {
        let words = match (f.silence, f.whole_issue) {
            (Some(Silence::NotAddressed), _) => "Its document does not address this issue: its silence is no answer.",
            (_, true) => "Says nothing on this issue at all.",
            _ => "Says nothing here.",
        };
        let _ = write!(out, "<p class=\"silent\">{words}</p></div>");
        return;
    }
    for id in ids {
        let _ = write!(out, "<p class=\"clause\"><code>{}</code>", E(id));
        if let Some(m) = norm {
            let _ = write!(
                out,
                " <span class=\"norm\">{} {} {}</span>",
                E(&f.bearer),
                m.as_str(),
                E(&f.action)
            );
        }
        if let Some(c) = clauses.clause(side, id) {
            let class = match c.strength {
                Strength::RedLine => "redline-mark s-conflict",
                _ => "muted",
            };
            let _ = write!(out, " <span class=\"{class}\">{}</span>", strength_words(c.strength));
        }
        out.push_str("</p>");
        if let Some(c) = clauses.clause(side, id) {
            if c.modality != norm.unwrap_or(c.modality) || c.action != f.action.as_str() {
                let _ = write!(
                    out,
                    "<p class=\"muted\">as written: {} {} {}</p>",
                    E(&c.bearer.join(", ")),
                    c.modality.as_str(),
                    E(&c.action)
                );
            }
            if !c.text.is_empty() {
                let _ = write!(out, "<p class=\"text\">{}</p>", E(&c.text));
            }
            match c.basis {
                Some(Basis::Document) => {
                    let src = c.source.as_deref().unwrap_or_default();
                    let title = clauses.source(side, src).map_or(src, |s| s.title.as_str());
                    let _ = write!(
                        out,
                        "<p class=\"muted\">Rests on the document <cite>{}</cite> <span class=\"id\">[{}]</span>, without a quote.</p>",
                        E(title),
                        E(src)
                    );
                }
                Some(Basis::Inferred) => {
                    let _ = write!(
                        out,
                        "<p class=\"muted\"><span class=\"s-mixed\">Inferred:</span> {}</p>",
                        E(c.rationale.as_deref().unwrap_or("the analyst’s reading"))
                    );
                }
                _ => {}
            }
        }
    }
    let qs: Vec<&Quote> = f.evidence.iter().filter(|q| q.side == side).collect();
    quotes(out, clauses, side, &qs);
    out.push_str("</div>");
}

fn strength_words(s: Strength) -> &'static str {
    match s {
        Strength::RedLine => "red line",
        Strength::Demand => "demand",
        Strength::Offer => "offer",
        Strength::Preference => "preference",
    }
}

/// The labels shown at the top of a card, after the kind: red lines, whole-issue gaps. One
/// line per label, so a new annotation of findings is one more line here.
fn card_labels(f: &Finding, left: &str, right: &str) -> Vec<(&'static str, String)> {
    let mut labels = Vec::new();
    if let Some(w) = red_line_words(f) {
        labels.push(("redline-mark s-conflict", w.to_string()));
    }
    labels.push(basis_label(f.basis));
    if let Some(s) = f.gap_side() {
        let (raised, silent) = match s {
            Side::Left => (left, right),
            Side::Right => (right, left),
        };
        let what = match (f.silence, f.whole_issue) {
            (Some(Silence::NotAddressed), _) => {
                format!("raised by {raised}; {silent}’s document does not address the issue")
            }
            (_, true) => format!("raised by {raised}; {silent} silent on the whole issue"),
            _ => format!("raised by {raised}; {silent} says nothing here"),
        };
        labels.push(("muted", what));
    }
    labels
}

/// What a finding rests on, as a label: the weakest basis of its clauses.
fn basis_label(b: Basis) -> (&'static str, String) {
    match b {
        Basis::Quoted => ("basis-mark", "on the record: quoted".to_string()),
        Basis::Document => ("basis-mark", "on the record: document".to_string()),
        _ => ("basis-mark inferred s-mixed", "inferred, not on the record".to_string()),
    }
}

/// One finding as a card.
fn card(out: &mut String, cx: &CardContext<'_>, f: &Finding, id: &str) {
    let k = f.kind.as_str();
    let _ = write!(
        out,
        "<article class=\"finding t-{k}\" id=\"{}\" data-facet=\"{k}\" data-basis=\"{}\" data-red=\"{}\"><h4>",
        E(id),
        f.basis.as_str(),
        f.red_lines
    );
    badge(out, k, kind_sign(f.kind), k);
    let _ = write!(out, " <span class=\"what\">{} · {}</span>", E(&f.bearer), E(&f.action));
    for (class, words) in card_labels(f, cx.left, cx.right) {
        let _ = write!(out, " <span class=\"{class}\">{}</span>", E(&words));
    }
    out.push_str("</h4>");
    let _ = write!(out, "<p class=\"explain\">{}</p>", ticks(&f.explanation));
    out.push_str("<div class=\"sides\">");
    side_block(out, &cx.clauses, f, Side::Left, cx.left);
    side_block(out, &cx.clauses, f, Side::Right, cx.right);
    out.push_str("</div>");
    witness(out, cx.legend, f);
    out.push_str("</article>\n");
}

struct CardContext<'a> {
    clauses: Clauses<'a>,
    legend: &'a Legend,
    left: &'a str,
    right: &'a str,
}

/// The findings grouped by issue, in report order: one `<section class="group">` per issue
/// (id `{prefix}i-{n}`, `n` from `issue_index`), one card per finding (id `{prefix}f-{i}`).
fn findings_by_issue(
    out: &mut String,
    cx: &CardContext<'_>,
    c: &Comparison,
    prefix: &str,
    issue_index: &dyn Fn(&str) -> Option<usize>,
) {
    let titles: BTreeMap<&str, &str> = c.issues.iter().map(|v| (v.issue.as_str(), v.title.as_str())).collect();
    let mut i = 0;
    while i < c.findings.len() {
        let issue = c.findings[i].issue.as_str();
        let end = c.findings[i..]
            .iter()
            .position(|f| f.issue.as_str() != issue)
            .map_or(c.findings.len(), |n| i + n);
        let n = issue_index(issue).unwrap_or(usize::MAX);
        let title = titles.get(issue).copied().unwrap_or(issue);
        let _ = writeln!(
            out,
            "<section class=\"group\" id=\"{prefix}i-{n}\" aria-labelledby=\"{prefix}i-{n}-h\">\
             <h3 id=\"{prefix}i-{n}-h\">{} <span class=\"id\">{}</span></h3>",
            E(title),
            E(issue)
        );
        for (j, f) in c.findings[i..end].iter().enumerate() {
            card(out, cx, f, &format!("{prefix}f-{}", i + j));
        }
        out.push_str("</section>\n");
        i = end;
    }
}

/// The place of the filter bar, filled by the script; `order` lists the facets in the order
/// their checkboxes appear.
fn filters(out: &mut String, order: &str) {
    let _ = writeln!(
        out,
        "<div class=\"filters\" id=\"filters\" data-order=\"{order}\" hidden></div>"
    );
}

const KIND_ORDER: &str = "conflict agreement overlap gap";
const DIRECTION_ORDER: &str = "concession hardening mixed neutral";

// ---------------------------------------------------------------------------------------------
// compare

fn comparison_page(c: &Comparison, clauses: Clauses<'_>) -> String {
    let (l, r) = (c.left.party.as_str(), c.right.party.as_str());
    let mut out = String::new();
    let _ = write!(
        out,
        "<header><p class=\"kicker\">negdiff comparison</p><h1>{} vs {}</h1>\
         <dl class=\"who\"><dt>Left</dt><dd>{} — {}</dd><dt>Right</dt><dd>{} — {}</dd></dl>{}</header>\n\
         <nav aria-label=\"On this page\"><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#issues\">Issues at a glance</a></li><li><a href=\"#findings\">Findings</a></li></ul></nav>\n<main>\n",
        E(l),
        E(r),
        E(l),
        E(&info_text(&c.left)),
        E(r),
        E(&info_text(&c.right)),
        if c.on_record {
            "<p><strong>On the record only:</strong> clauses that are the analyst’s inference were left out.</p>"
        } else {
            ""
        }
    );
    summary_section(&mut out, c, "", 2);
    out.push_str("<section id=\"issues\" aria-labelledby=\"issues-h\"><h2 id=\"issues-h\">Issues at a glance</h2>\n");
    issue_grid(&mut out, c, "");
    out.push_str("</section>\n");
    out.push_str(
        "<section id=\"findings\" aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">Findings</h2>\n\
         <p>Each card is one relation between the two positions: the clauses on each side, the exact \
         region where it holds, and the quotes behind the clauses. A gap is one side's clause where the \
         other says nothing.</p>\n",
    );
    filters(&mut out, KIND_ORDER);
    let cx = CardContext {
        clauses,
        legend: c.legend(),
        left: l,
        right: r,
    };
    let rank = c.issue_rank();
    findings_by_issue(&mut out, &cx, c, "", &|i| rank.get(i).copied());
    out.push_str("</section>\n</main>\n");
    page(&format!("{l} vs {r}"), "negdiff comparison", &out)
}

/// Headline, tiles by kind, a bar of the same counts, and the red-line clashes listed first.
fn summary_section(out: &mut String, c: &Comparison, prefix: &str, level: u8) {
    let s = &c.summary;
    let (l, r) = (c.left.party.as_str(), c.right.party.as_str());
    if prefix.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"summary\" aria-labelledby=\"summary-h\"><h{level} id=\"summary-h\">Summary</h{level}>"
        );
    }
    let mut head = format!(
        "{} {}",
        s.counts.conflict,
        kind_plural(FindingKind::Conflict, s.counts.conflict)
    );
    if s.red_line_conflicts > 0 {
        let _ = write!(head, ", {} on red lines", s.red_line_conflicts);
        if s.double_red_line_conflicts > 0 {
            let _ = write!(head, " ({} on red lines of both sides)", s.double_red_line_conflicts);
        }
    }
    for k in [FindingKind::Agreement, FindingKind::Overlap, FindingKind::Gap] {
        let n = count_of(&s.counts, k);
        let _ = write!(head, "; {n} {}", kind_plural(k, n));
    }
    let _ = writeln!(out, "<p class=\"headline\">{}.</p>", E(&head));
    out.push_str("<ul class=\"tiles\">");
    for k in KINDS {
        let n = count_of(&s.counts, k);
        let _ = write!(
            out,
            "<li class=\"tile t-{}\"><span class=\"n\">{n}</span><span class=\"w\"><span aria-hidden=\"true\">{} </span>{}</span>",
            k.as_str(),
            kind_sign(k),
            kind_plural(k, n)
        );
        match k {
            FindingKind::Conflict => {
                let _ = write!(out, "<span class=\"sub\">{} on red lines</span>", s.red_line_conflicts);
            }
            FindingKind::Gap => {
                let by_left = c.of_kind(FindingKind::Gap).filter(|f| !f.left.is_empty()).count();
                let _ = write!(
                    out,
                    "<span class=\"sub\">{} raised by {}, {} by {}</span>",
                    by_left,
                    E(l),
                    n - by_left,
                    E(r)
                );
            }
            _ => {}
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>\n");
    bar(out, &s.counts);
    let red: Vec<(usize, &Finding)> = c
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FindingKind::Conflict && f.red_lines > 0)
        .collect();
    let sub = level + 1;
    if !red.is_empty() {
        let mut red = red;
        red.sort_by_key(|(i, f)| (std::cmp::Reverse(f.red_lines), *i));
        let _ = write!(out, "<h{sub}>Red-line clashes</h{sub}>\n<ol class=\"clashes\">");
        for (i, f) in red {
            let _ = write!(
                out,
                "<li><a href=\"#{prefix}f-{i}\">{} · {}</a> ",
                E(&f.bearer),
                E(&f.action)
            );
            if let Some(w) = red_line_words(f) {
                let _ = write!(out, "<span class=\"redline-mark s-conflict\">{w}</span> ");
            }
            let _ = write!(
                out,
                "{} <code>{}</code> against {} <code>{}</code>; where: {}</li>",
                E(l),
                E(&f.left.join(", ")),
                E(r),
                E(&f.right.join(", ")),
                E(&f.scope
                    .iter()
                    .map(|b| describe_places(c.legend(), &b.places))
                    .collect::<Vec<_>>()
                    .join("; "))
            );
        }
        out.push_str("</ol>\n");
    }
    let only = |v: &[String]| {
        v.iter()
            .map(|i| {
                c.issues
                    .iter()
                    .find(|x| &x.issue == i)
                    .map_or(i.clone(), |x| x.title.clone())
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !s.issues_only_left.is_empty() {
        let _ = writeln!(
            out,
            "<p>Issues only {} raises: {}.</p>",
            E(l),
            E(&only(&s.issues_only_left))
        );
    }
    if !s.issues_only_right.is_empty() {
        let _ = writeln!(
            out,
            "<p>Issues only {} raises: {}.</p>",
            E(r),
            E(&only(&s.issues_only_right))
        );
    }
    basis_table(out, s, prefix);
    if prefix.is_empty() {
        out.push_str("</section>\n");
    }
}

/// Findings by basis and kind: how much of the picture is on the record.
fn basis_table(out: &mut String, s: &crate::analysis::Summary, prefix: &str) {
    let b = &s.by_basis;
    let total = s.counts.total();
    let inferred = b.inferred.total();
    let _ = write!(
        out,
        "<p>{} of {total} finding{} rest on the record (quoted, or a document without a quote); {inferred} {} inferred.",
        total - inferred,
        plural(total, "", "s"),
        plural(inferred, "is", "are")
    );
    if s.silence.not_addressed > 0 {
        let _ = write!(
            out,
            " {} of the gaps lie on issues the silent side’s document does not address.",
            s.silence.not_addressed
        );
    }
    out.push_str("</p>");
    let _ = write!(
        out,
        "<div class=\"table-wrap\"><table class=\"stack\" id=\"{prefix}basis\"><caption>Findings by basis and kind</caption><thead><tr><th scope=\"col\">Basis</th>"
    );
    for k in KINDS {
        let _ = write!(out, "<th scope=\"col\">{}</th>", kind_plural(k, 2));
    }
    out.push_str("</tr></thead><tbody>");
    for (basis, c) in [
        (Basis::Quoted, &b.quoted),
        (Basis::Document, &b.document),
        (Basis::Inferred, &b.inferred),
    ] {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", basis.as_str());
        for k in KINDS {
            let _ = write!(
                out,
                "<td class=\"num\" data-label=\"{}\">{}</td>",
                kind_plural(k, 2),
                count_of(c, k)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

/// The counts by kind as one stacked bar; the tiles above say the same in words.
fn bar(out: &mut String, counts: &crate::analysis::Counts) {
    let total = counts.total();
    if total == 0 {
        return;
    }
    let label: Vec<String> = KINDS
        .iter()
        .map(|&k| format!("{} {}", count_of(counts, k), kind_plural(k, count_of(counts, k))))
        .collect();
    let _ = write!(
        out,
        "<svg class=\"bar\" viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Findings by kind: {}\">",
        E(&label.join(", "))
    );
    let mut x = 0usize;
    for k in KINDS {
        let n = count_of(counts, k);
        if n == 0 {
            continue;
        }
        // Integer widths that add up to 1000 exactly: the last segment takes the rest.
        let w = (n * 1000) / total;
        let end = if x + w >= 1000 || k == FindingKind::Gap {
            1000
        } else {
            x + w
        };
        if let Some(s) = SWATCHES.iter().find(|s| s.class == k.as_str()) {
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"0\" width=\"{}\" height=\"20\" fill=\"{}\"><title>{n} {}</title></rect>",
                end - x,
                s.strong,
                kind_plural(k, n)
            );
        }
        x = end;
    }
    out.push_str("</svg>\n");
}

/// The issue × kind grid: one row per issue, the count of each kind linking to the first
/// finding of that kind on that issue.
fn issue_grid(out: &mut String, c: &Comparison, prefix: &str) {
    let (l, r) = (c.left.party.as_str(), c.right.party.as_str());
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"grid stack\"><caption>Findings per issue and kind. Each number \
         links to the first such finding; “red” counts the conflicts on red lines.</caption>\n<thead><tr><th scope=\"col\">Issue</th>",
    );
    kind_headers(out);
    out.push_str("</tr></thead>\n<tbody>\n");
    let rank = c.issue_rank();
    // (issue, kind) → (first finding, red-line findings), in one pass over the findings.
    let mut cells: BTreeMap<(usize, FindingKind), (usize, usize)> = BTreeMap::new();
    for (i, f) in c.findings.iter().enumerate() {
        if let Some(&n) = rank.get(f.issue.as_str()) {
            let cell = cells.entry((n, f.kind)).or_insert((i, 0));
            cell.1 += usize::from(f.red_lines > 0);
        }
    }
    for (n, v) in c.issues.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{prefix}i-{n}\">{}</a><br><span class=\"id\">{} · {}</span></th>",
            E(&v.title),
            E(&v.issue),
            E(&verdict_words(v.verdict, l, r))
        );
        for k in KINDS {
            let count = count_of(&v.counts, k);
            if count == 0 {
                out.push_str("<td class=\"num cell empty\"><span class=\"vh\">none</span><span aria-hidden=\"true\">·</span></td>");
                continue;
            }
            let (first, red) = cells.get(&(n, k)).map_or((None, 0), |&(i, red)| (Some(i), red));
            let _ = write!(
                out,
                "<td class=\"num cell t-{}\" data-label=\"{}\">",
                k.as_str(),
                kind_plural(k, 2)
            );
            match first {
                Some(i) => {
                    let _ = write!(out, "<a href=\"#{prefix}f-{i}\">{count}</a>");
                }
                None => {
                    let _ = write!(out, "{count}");
                }
            }
            if k == FindingKind::Conflict && red > 0 {
                let _ = write!(out, "<br><span class=\"s-conflict\">{red} red</span>");
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

// ---------------------------------------------------------------------------------------------
// matrix

/// How a pair stands on an issue, for the map: the strongest relation found.
/// Issue id → (strongest kind, number of findings), in one pass over the findings; kinds are
/// ordered conflict, agreement, overlap, gap, so the strongest is the least.
fn pair_relations(c: &Comparison) -> BTreeMap<&str, (FindingKind, usize)> {
    let mut map: BTreeMap<&str, (FindingKind, usize)> = BTreeMap::new();
    for f in &c.findings {
        let e = map.entry(f.issue.as_str()).or_insert((f.kind, 0));
        e.0 = e.0.min(f.kind);
        e.1 += 1;
    }
    map
}

fn matrix_page(m: &Matrix, positions: &[Position]) -> String {
    let mut out = String::new();
    let parties: Vec<&str> = m.positions.iter().map(|p| p.party.as_str()).collect();
    let _ = write!(
        out,
        "<header><p class=\"kicker\">negdiff matrix</p><h1>{} positions: {}</h1></header>\n\
         <nav aria-label=\"On this page\"><ul><li><a href=\"#map\">Issue map</a></li><li><a href=\"#pairs\">Pairs</a></li>",
        m.positions.len(),
        E(&parties.join(", "))
    );
    for (k, cell) in m.pairs.iter().enumerate() {
        let _ = write!(
            out,
            "<li><a href=\"#p{k}\">{} vs {}</a></li>",
            E(parties.get(cell.left).copied().unwrap_or("?")),
            E(parties.get(cell.right).copied().unwrap_or("?"))
        );
    }
    out.push_str("</ul></nav>\n<main>\n");
    out.push_str(
        "<div class=\"table-wrap\"><table><caption>The positions compared</caption><thead><tr>\
         <th scope=\"col\">Party</th><th scope=\"col\">Position</th></tr></thead><tbody>",
    );
    for p in &m.positions {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            E(&p.party),
            E(&info_text(p))
        );
    }
    out.push_str("</tbody></table></div>\n");
    let pair_name = |k: usize| {
        m.pairs.get(k).map_or(String::new(), |c| {
            format!(
                "{}–{}",
                parties.get(c.left).copied().unwrap_or("?"),
                parties.get(c.right).copied().unwrap_or("?")
            )
        })
    };
    // Issue map.
    out.push_str(
        "<section id=\"map\" aria-labelledby=\"map-h\"><h2 id=\"map-h\">Issue map: who clashes with whom on what</h2>\n\
         <p>Each cell is one pair on one issue: the strongest relation between their clauses there \
         (conflict, then agreement, overlap, gap only) and the pair's verdict, linking to the findings.</p>\n\
         <div class=\"table-wrap\"><table class=\"map stack\"><caption>Issues × pairs of positions</caption><thead><tr><th scope=\"col\">Issue</th>",
    );
    for k in 0..m.pairs.len() {
        let _ = write!(out, "<th scope=\"col\">{}</th>", E(&pair_name(k)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let relations: Vec<BTreeMap<&str, (FindingKind, usize)>> = m.comparisons.iter().map(pair_relations).collect();
    for (n, im) in m.issues.iter().enumerate() {
        let raised: Vec<&str> = im.raised_by.iter().filter_map(|&i| parties.get(i).copied()).collect();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}<br><span class=\"id\">raised by {}</span></th>",
            E(&im.title),
            E(&raised.join(", "))
        );
        for (k, (cell, rel)) in m.pairs.iter().zip(&relations).enumerate() {
            let (l, r) = (
                parties.get(cell.left).copied().unwrap_or("?"),
                parties.get(cell.right).copied().unwrap_or("?"),
            );
            let label = E(&pair_name(k)).to_string();
            match rel.get(im.issue.as_str()).copied() {
                None => {
                    let _ = write!(
                        out,
                        "<td class=\"cell t-none\" data-label=\"{label}\"><span aria-hidden=\"true\">– </span>neither raises it</td>"
                    );
                }
                Some((kind, count)) => {
                    let word = match kind {
                        FindingKind::Gap => "gap only",
                        k => k.as_str(),
                    };
                    let _ = write!(
                        out,
                        "<td class=\"cell t-{}\" data-label=\"{label}\"><a href=\"#p{k}-i-{n}\"><span aria-hidden=\"true\">{} </span>{word}</a>",
                        kind.as_str(),
                        kind_sign(kind)
                    );
                    if let Some(v) = im.verdicts.get(&format!("{}-{}", cell.left, cell.right)) {
                        let _ = write!(out, "<br><span class=\"id\">{}</span>", E(&verdict_words(*v, l, r)));
                    }
                    let _ = write!(
                        out,
                        "<br><span class=\"id\">{}</span></td>",
                        counted(count, "finding", "findings")
                    );
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></section>\n");
    // Pair totals.
    out.push_str(
        "<section id=\"pairs\" aria-labelledby=\"pairs-h\"><h2 id=\"pairs-h\">Pairs</h2>\n<div class=\"table-wrap\"><table class=\"stack\">\
         <caption>Findings of each pair by kind</caption><thead><tr><th scope=\"col\">Pair</th>",
    );
    kind_headers(&mut out);
    out.push_str("</tr></thead><tbody>");
    for (k, cell) in m.pairs.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#p{k}\">{}</a></th>",
            E(&pair_name(k))
        );
        for kind in KINDS {
            let n = count_of(&cell.counts, kind);
            let _ = write!(out, "<td class=\"num\" data-label=\"{}\">{n}", kind_plural(kind, 2));
            if kind == FindingKind::Conflict && cell.red_line_conflicts > 0 {
                let _ = write!(
                    out,
                    " <span class=\"s-conflict\">({} red)</span>",
                    cell.red_line_conflicts
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>\n");
    filters(&mut out, KIND_ORDER);
    let rank: BTreeMap<&str, usize> = m
        .issues
        .iter()
        .enumerate()
        .map(|(i, v)| (v.issue.as_str(), i))
        .collect();
    for (k, (cell, c)) in m.pairs.iter().zip(&m.comparisons).enumerate() {
        let (l, r) = (
            parties.get(cell.left).copied().unwrap_or("?"),
            parties.get(cell.right).copied().unwrap_or("?"),
        );
        let _ = writeln!(
            out,
            "<section id=\"p{k}\" aria-labelledby=\"p{k}-h\"><h2 id=\"p{k}-h\">{} vs {}</h2>",
            E(l),
            E(r)
        );
        let prefix = format!("p{k}-");
        summary_section(&mut out, c, &prefix, 2);
        let cx = CardContext {
            clauses: Clauses::new(positions.get(cell.left), positions.get(cell.right)),
            legend: c.legend(),
            left: l,
            right: r,
        };
        // Group anchors use the matrix's issue numbers, so that map cells can link to them.
        findings_by_issue(&mut out, &cx, c, &prefix, &|i| rank.get(i).copied());
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    page(&format!("matrix of {}", parties.join(", ")), "negdiff matrix", &out)
}

// ---------------------------------------------------------------------------------------------
// evolve

fn direction_sign(d: Direction) -> &'static str {
    match d {
        Direction::Concession => "▼",
        Direction::Hardening => "▲",
        Direction::Mixed => "◆",
        Direction::Neutral => "○",
    }
}

fn direction_class(d: Direction) -> &'static str {
    match d {
        Direction::Concession => "concession",
        Direction::Hardening => "hardening",
        Direction::Mixed => "mixed",
        Direction::Neutral => "neutral",
    }
}

fn direction_gloss(d: Direction) -> &'static str {
    match d {
        Direction::Concession => "gives ground",
        Direction::Hardening => "takes ground",
        Direction::Mixed => "both ways",
        Direction::Neutral => "same substance",
    }
}

fn status_sign(s: ConflictStatus) -> &'static str {
    match s {
        ConflictStatus::Closed => "✓",
        ConflictStatus::Narrowed => "▼",
        ConflictStatus::Opened => "!",
        ConflictStatus::Widened => "▲",
        ConflictStatus::Shifted => "↔",
        ConflictStatus::NotRestated => "?",
        ConflictStatus::NewlyAddressed => "+",
    }
}

fn redline(out: &mut String, f: &FieldChange) {
    out.push_str("<p class=\"redline\">");
    for w in f.words.iter().flatten() {
        match w.op {
            WordOp::Equal => {
                let _ = write!(out, "{}", E(&w.text));
            }
            WordOp::Removed => {
                let _ = write!(
                    out,
                    "<del><span class=\"vh\">[removed: </span>{}<span class=\"vh\">]</span></del>",
                    E(&w.text)
                );
            }
            WordOp::Added => {
                let _ = write!(
                    out,
                    "<ins><span class=\"vh\">[added: </span>{}<span class=\"vh\">]</span></ins>",
                    E(&w.text)
                );
            }
        }
    }
    out.push_str("</p>");
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => "none".to_string(),
        serde_json::Value::Array(items) => items.iter().map(json_text).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k} {}", json_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn clause_facts(out: &mut String, legend: &Legend, c: &Clause) {
    out.push_str("<dl class=\"witness\">");
    let _ = write!(
        out,
        "<dt>Norm</dt><dd>{} {} {}</dd>",
        E(&c.bearer.join(", ")),
        c.modality.as_str(),
        E(&c.action)
    );
    // Places by name as in comparisons (ids when the legend does not know them).
    let places = c.places.as_ref().map_or("everywhere".to_string(), |p| {
        p.iter().map(|x| place_name(legend, x)).collect::<Vec<_>>().join(", ")
    });
    let _ = write!(out, "<dt>Where</dt><dd>{}</dd>", E(&places));
    if let Some(w) = &c.when {
        let from = w.from.map_or("open".to_string(), |d| d.to_string());
        let until = w.until.map_or("open".to_string(), |d| d.to_string());
        let _ = write!(out, "<dt>When</dt><dd>from {} until {}</dd>", E(&from), E(&until));
    }
    if let Some(a) = &c.amount {
        let min = a.min.map_or("open".to_string(), |x| x.to_string());
        let max = a.max.map_or("open".to_string(), |x| x.to_string());
        let _ = write!(out, "<dt>Amount</dt><dd>{} to {}</dd>", E(&min), E(&max));
    }
    let _ = write!(out, "<dt>Strength</dt><dd>{}</dd>", strength_words(c.strength));
    out.push_str("</dl>");
    if !c.text.is_empty() {
        let _ = write!(out, "<p class=\"text\">{}</p>", E(&c.text));
    }
    if !c.evidence.is_empty() {
        out.push_str("<ul class=\"quotes\" aria-label=\"Evidence\">");
        for q in &c.evidence {
            quote_head(out, &q.quote, q.speaker.as_deref());
            let _ = write!(out, "source <cite>{}</cite></p></li>", E(&q.source));
        }
        out.push_str("</ul>");
    }
}

fn change_card(out: &mut String, c: &Change, n: usize, clauses: &Clauses<'_>, legend: &Legend) {
    let d = direction_class(c.direction);
    let id = c.new.as_deref().or(c.old.as_deref()).unwrap_or_default();
    let _ = write!(
        out,
        "<li><article class=\"change t-{d}\" id=\"c-{n}\" data-facet=\"{d}\"><h3>"
    );
    badge(out, d, direction_sign(c.direction), d);
    let _ = write!(
        out,
        " <span class=\"muted\">({})</span> <span class=\"kind\">{}{}</span> <code>{}</code>",
        direction_gloss(c.direction),
        c.kind.as_str(),
        if c.moved && c.kind != ChangeKind::Moved {
            ", moved"
        } else {
            ""
        },
        E(id)
    );
    out.push_str("</h3>");
    let _ = write!(out, "<p class=\"summary\">{}</p>", ticks(&c.summary));
    let role = |r: Option<crate::evolution::ClauseRole>| r.map_or("—", |r| r.as_str());
    let _ = write!(
        out,
        "<p class=\"muted\">{} · {} · role {} → {}",
        E(&c.bearer.join(", ")),
        E(&c.action),
        role(c.old_role),
        role(c.new_role)
    );
    if let (ChangeKind::Reworded, Some(old)) = (c.kind, &c.old) {
        let _ = write!(out, " · was <code>{}</code>", E(old));
    }
    if let Some(s) = c.similarity {
        let _ = write!(out, " · text similarity {:.0}%", s * 100.0);
    }
    out.push_str("</p>");
    let fields: Vec<&FieldChange> = c.fields.iter().filter(|f| f.field != "text").collect();
    if !fields.is_empty() {
        out.push_str(
            "<div class=\"table-wrap\"><table class=\"fields\"><caption class=\"vh\">Fields that changed</caption><thead><tr>\
             <th scope=\"col\">Field</th><th scope=\"col\">What moved</th><th scope=\"col\">Direction</th></tr></thead><tbody>",
        );
        for f in fields {
            let _ = write!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}",
                E(f.field.as_str()),
                ticks(&f.explanation)
            );
            // Quotes are listed by the explanation's count; their full text would drown it.
            if f.field != "evidence" && (!f.before.is_null() || !f.after.is_null()) {
                let _ = write!(
                    out,
                    "<br><span class=\"muted\">before: {} · after: {}</span>",
                    E(&json_text(&f.before)),
                    E(&json_text(&f.after))
                );
            }
            let fd = direction_class(f.direction);
            let _ = write!(out, "</td><td>");
            badge(out, fd, direction_sign(f.direction), fd);
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    if let Some(f) = c.field("text") {
        out.push_str("<h4>Text, redlined</h4>");
        redline(out, f);
    } else if let Some(cl) = c
        .new
        .as_deref()
        .and_then(|id| clauses.clause(Side::Right, id))
        .filter(|_| {
            !matches!(
                c.kind,
                ChangeKind::Added | ChangeKind::Dropped | ChangeKind::NotRestated | ChangeKind::NewlyAddressed
            )
        })
    {
        if !cl.text.is_empty() {
            let _ = write!(out, "<p class=\"text\">{}</p>", E(&cl.text));
        }
    }
    if let Some(cl) = &c.clause {
        let what = if matches!(c.kind, ChangeKind::Dropped | ChangeKind::NotRestated) {
            "The clause as it was"
        } else {
            "The clause"
        };
        let _ = write!(out, "<h4>{what}</h4>");
        clause_facts(out, legend, cl);
    }
    out.push_str("</article></li>\n");
}

fn evolution_page(e: &Evolution, clauses: Clauses<'_>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<header><p class=\"kicker\">negdiff evolution</p><h1>How {}’s position moved</h1>\
         <dl class=\"who\"><dt>Before</dt><dd>{}</dd><dt>After</dt><dd>{}</dd></dl></header>\n\
         <nav aria-label=\"On this page\"><ul><li><a href=\"#summary\">Summary</a></li>",
        E(&e.party),
        E(&info_text(&e.old)),
        E(&info_text(&e.new))
    );
    if e.counterpart.is_some() {
        out.push_str("<li><a href=\"#counterpart\">Effect on conflicts</a></li>");
    }
    out.push_str(
        "<li><a href=\"#changes\">Changes</a></li><li><a href=\"#diff\">Raw diff</a></li></ul></nav>\n<main>\n",
    );
    let c = &e.counts;
    let _ = write!(
        out,
        "<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Summary</h2>\
         <p class=\"headline\">{}; {} unchanged.</p>",
        directions_line(e),
        counted(c.unchanged, "clause", "clauses"),
    );
    out.push_str("<ul class=\"tiles\">");
    for (d, count) in [
        (Direction::Concession, c.concession),
        (Direction::Hardening, c.hardening),
        (Direction::Mixed, c.mixed),
        (Direction::Neutral, c.neutral),
    ] {
        let _ = write!(
            out,
            "<li class=\"tile t-{}\"><span class=\"n\">{count}</span><span class=\"w\"><span aria-hidden=\"true\">{} </span>{}</span><span class=\"sub\">{}</span></li>",
            direction_class(d),
            direction_sign(d),
            d.as_str(),
            direction_gloss(d)
        );
    }
    out.push_str("</ul>");
    let _ = writeln!(
        out,
        "<p class=\"muted\">Added {}, dropped {}, reworded {}, moved {}, modified {}; not restated {} \
         (on issues the new round does not address), newly addressed {}.</p></section>",
        c.added, c.dropped, c.reworded, c.moved, c.modified, c.not_restated, c.newly_addressed
    );
    if let Some(cp) = &e.counterpart {
        let _ = write!(
            out,
            "<section id=\"counterpart\" aria-labelledby=\"counterpart-h\"><h2 id=\"counterpart-h\">Effect on conflicts with {}</h2>\
             <p>Against {} ({}): {}.</p>",
            E(&cp.party),
            E(&cp.party),
            E(&cp.label),
            conflicts_before_after(cp, "<strong>", "</strong>")
        );
        if !cp.conflicts.is_empty() {
            let _ = write!(
                out,
                "<div class=\"table-wrap\"><table><caption>Conflicts with {} that closed, opened or changed size</caption><thead><tr>\
                 <th scope=\"col\">Status</th><th scope=\"col\">Norm</th><th scope=\"col\">{}’s clauses</th><th scope=\"col\">{}’s clauses</th><th scope=\"col\">Size before → after</th></tr></thead><tbody>",
                E(&cp.party),
                E(&e.party),
                E(&cp.party)
            );
            for s in &cp.conflicts {
                let st = s.status.as_str();
                out.push_str("<tr><td>");
                badge(&mut out, st, status_sign(s.status), st);
                let ids = if s.new.is_empty() { &s.old } else { &s.new };
                let size = |w: &Option<crate::analysis::WitnessSize>| {
                    w.as_ref()
                        .map_or("—".to_string(), |w| counted(w.entities, "place", "places"))
                };
                let _ = write!(
                    out,
                    "</td><td>{} · {}</td><td><code>{}</code></td><td><code>{}</code></td><td>{} → {}</td></tr>",
                    E(&s.bearer),
                    E(&s.action),
                    E(&ids.join(", ")),
                    E(&s.counterpart.join(", ")),
                    size(&s.before),
                    size(&s.after)
                );
            }
            out.push_str("</tbody></table></div>");
        }
        out.push_str("</section>\n");
    }
    out.push_str("<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">Changes</h2>\n");
    if e.changes.is_empty() {
        out.push_str("<p>No clause changed.</p>");
    } else {
        out.push_str("<p>In the order of the new position; dropped clauses last.</p>");
        filters(&mut out, DIRECTION_ORDER);
        out.push_str("<ol class=\"timeline\">\n");
        for (i, ch) in e.changes.iter().enumerate() {
            change_card(&mut out, ch, i, &clauses, &e.legend);
        }
        out.push_str("</ol>\n");
    }
    if !e.position.is_empty() {
        out.push_str("<h3>The position itself</h3><ul>");
        for f in &e.position {
            let _ = write!(out, "<li>{}</li>", ticks(&f.explanation));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n<section id=\"diff\" aria-labelledby=\"diff-h\"><h2 id=\"diff-h\">Raw diff</h2>\n");
    if e.unified_diff.is_empty() {
        out.push_str("<p>The canonical files are the same.</p>");
    } else {
        out.push_str(
            "<details><summary>The unified diff of both positions in canonical form</summary><pre class=\"diff\">",
        );
        for line in e.unified_diff.split_inclusive('\n') {
            if line.starts_with('-') && !line.starts_with("---") {
                let _ = write!(out, "<del>{}</del>", E(line));
            } else if line.starts_with('+') && !line.starts_with("+++") {
                let _ = write!(out, "<ins>{}</ins>", E(line));
            } else {
                let _ = write!(out, "{}", E(line));
            }
        }
        out.push_str("</pre></details>");
    }
    out.push_str("</section>\n</main>\n");
    page(&format!("evolution of {}", e.party), "negdiff evolution", &out)
}

#[cfg(test)]
mod tests;
