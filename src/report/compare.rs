//! A comparison (and one finding or scope box) as text and Markdown.

use std::fmt::{self, Write as _};

use super::text::{md, plural, scope_text};
use crate::analysis::{Comparison, Finding, FindingKind, Legend, ScopeBox, Silence, Summary};
use crate::escape::visible;
use crate::model::Basis;

pub(super) fn finding(f: &mut fmt::Formatter<'_>, legend: &Legend, x: &Finding) -> fmt::Result {
    let mark = match (x.kind, x.red_lines) {
        (FindingKind::Conflict, 2) => "  [RED LINES ON BOTH SIDES]",
        (_, 0) => "",
        (_, _) => "  [red line]",
    };
    let inferred = if x.basis == Basis::Inferred { "  [inferred]" } else { "" };
    // Every piece of input text goes through `visible`: one line, no raw control character.
    writeln!(
        f,
        "  [{}] {} {}{}{}",
        visible(&x.issue),
        visible(&x.bearer),
        visible(&x.action),
        mark,
        inferred
    )?;
    writeln!(f, "    {}", visible(&x.explanation))?;
    for b in &x.scope {
        writeln!(f, "    where: {}", visible(&scope_text(legend, b)))?;
    }
    if !x.conditions.is_empty() {
        writeln!(f, "    rests on: {}", visible(&x.conditions.join(", ")))?;
    }
    for q in &x.evidence {
        let who = q
            .speaker
            .as_deref()
            .map(|s| format!(" ({})", visible(s)))
            .unwrap_or_default();
        writeln!(
            f,
            "    evidence for `{}`: \"{}\"{who} [{}]",
            visible(&q.clause),
            visible(&q.quote),
            visible(&q.source)
        )?;
    }
    Ok(())
}

fn section(f: &mut fmt::Formatter<'_>, legend: &Legend, title: &str, items: &[&Finding]) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(f, "\n{title} ({})", items.len())?;
    for x in items {
        finding(f, legend, x)?;
    }
    Ok(())
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        writeln!(
            f,
            "{} ({}) vs {} ({})",
            visible(&self.left.party),
            visible(&self.left.label),
            visible(&self.right.party),
            visible(&self.right.label)
        )?;
        writeln!(f, "{}", headline(s, "", ""))?;
        if self.on_record {
            writeln!(f, "on the record only: inferred clauses left out")?;
        }
        let of = |k: FindingKind| self.of_kind(k).collect::<Vec<_>>();
        section(f, &self.legend, "CONFLICTS", &of(FindingKind::Conflict))?;
        let common: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|x| matches!(x.kind, FindingKind::Agreement | FindingKind::Overlap))
            .collect();
        section(f, &self.legend, "COMMON GROUND (agreements and overlaps)", &common)?;
        let gaps = of(FindingKind::Gap);
        for (raised, silent) in [
            (&self.left.party, &self.right.party),
            (&self.right.party, &self.left.party),
        ] {
            let from = |x: &&&Finding| {
                let side = if raised == &self.left.party { &x.left } else { &x.right };
                !side.is_empty()
            };
            let (out, silence): (Vec<&Finding>, Vec<&Finding>) = gaps
                .iter()
                .filter(from)
                .partition(|x| x.silence == Some(Silence::NotAddressed));
            section(
                f,
                &self.legend,
                &format!(
                    "GAPS: raised by {}, {} says nothing here",
                    visible(raised),
                    visible(silent)
                ),
                &silence,
            )?;
            section(
                f,
                &self.legend,
                &format!(
                    "NOT ADDRESSED: raised by {}, not in {}'s document",
                    visible(raised),
                    visible(silent)
                ),
                &out,
            )?;
        }
        if !self.issues.is_empty() {
            writeln!(
                f,
                "\nISSUES\n  {:<24} {:<16} {:>9} {:>10} {:>8} {:>5}",
                "issue", "verdict", "conflicts", "agreements", "overlaps", "gaps"
            )?;
            for v in &self.issues {
                let c = &v.counts;
                writeln!(
                    f,
                    "  {:<24} {:<16} {:>9} {:>10} {:>8} {:>5}",
                    visible(&v.issue),
                    v.verdict.as_str(),
                    c.conflict,
                    c.agreement,
                    c.overlap,
                    c.gap
                )?;
            }
        }
        Ok(())
    }
}

impl Comparison {
    /// The report as Markdown: a summary, then one table per kind of finding.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let s = &self.summary;
        let _ = writeln!(
            out,
            "## {} ({}) vs {} ({})\n",
            md(&self.left.party),
            md(&self.left.label),
            md(&self.right.party),
            md(&self.right.label)
        );
        let _ = writeln!(out, "{}\n", headline(s, "**", "**"));
        if self.on_record {
            let _ = writeln!(out, "*On the record only: inferred clauses left out.*\n");
        }
        let not_addressed = |x: &&Finding| x.silence == Some(Silence::NotAddressed);
        let silent_gap = |x: &&Finding| x.kind == FindingKind::Gap && !not_addressed(x);
        let tables: [(&str, &Keep<'_>); 4] = [
            ("Conflicts", &|x| x.kind == FindingKind::Conflict),
            ("Common ground", &|x| {
                matches!(x.kind, FindingKind::Agreement | FindingKind::Overlap)
            }),
            ("Gaps (the other side says nothing here)", &silent_gap),
            ("Not addressed (not in the other side's document)", &not_addressed),
        ];
        for (title, keep) in tables {
            let rows: Vec<&Finding> = self.findings.iter().filter(keep).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            let _ = writeln!(
                out,
                "| kind | issue | bearer · action | {} | {} | where | explanation | evidence |",
                md(&self.left.party),
                md(&self.right.party)
            );
            let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
            for x in rows {
                let mut red = if x.red_lines > 0 {
                    " 🔴".repeat(x.red_lines as usize)
                } else {
                    String::new()
                };
                if x.basis == Basis::Inferred {
                    red.push_str(" *(inferred)*");
                }
                let scope: Vec<String> = x.scope.iter().map(|b| scope_text(&self.legend, b)).collect();
                // The quotes behind the clauses, as in the text report, one per line of the cell.
                let evidence: Vec<String> = x
                    .evidence
                    .iter()
                    .map(|q| {
                        let who = q
                            .speaker
                            .as_deref()
                            .map(|s| format!(" ({})", md(s)))
                            .unwrap_or_default();
                        format!(
                            "{}: \"{}\"{who} \\[{}\\]",
                            crate::escape::markdown_code(&q.clause, true),
                            md(&q.quote),
                            md(&q.source)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "| {}{} | {} | {} · {} | {} | {} | {} | {} | {} |",
                    x.kind,
                    red,
                    md(&x.issue),
                    md(&x.bearer),
                    md(&x.action),
                    md(&x.left.join(", ")),
                    md(&x.right.join(", ")),
                    scope.iter().map(|b| md(b)).collect::<Vec<_>>().join("<br>"),
                    md(&x.explanation),
                    evidence.join("<br>")
                );
            }
            out.push('\n');
        }
        if !self.issues.is_empty() {
            let _ = writeln!(
                out,
                "### Issues\n\n| issue | title | verdict | conflicts | agreements | overlaps | gaps |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|---|---|");
            for v in &self.issues {
                let c = &v.counts;
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    md(&v.issue),
                    md(&v.title),
                    v.verdict,
                    c.conflict,
                    c.agreement,
                    c.overlap,
                    c.gap
                );
            }
        }
        out
    }
}

/// Which findings go in one table.
type Keep<'a> = dyn Fn(&&Finding) -> bool + 'a;

/// The counts line of a comparison: each kind with its split by basis when some finding is
/// inferred, conflicts with their red lines, gaps with those the other side does not address.
/// `b`/`e` wrap each number (`**` for Markdown).
fn headline(s: &Summary, b: &str, e: &str) -> String {
    let kind = |k: FindingKind, one: &str, many: &str, mut extra: Vec<String>| {
        let inferred = s.by_basis.inferred.of(k);
        if inferred > 0 {
            extra.insert(
                0,
                format!("{} on the record, {inferred} inferred", s.by_basis.on_record(k)),
            );
        }
        let more = if extra.is_empty() {
            String::new()
        } else {
            format!(" ({})", extra.join("; "))
        };
        let n = s.counts.of(k);
        format!("{b}{n}{e} {}{more}", plural(n, one, many))
    };
    let red = vec![format!("{} on red lines", s.red_line_conflicts)];
    let not_addressed = if s.silence.not_addressed > 0 {
        vec![format!("{} not addressed", s.silence.not_addressed)]
    } else {
        Vec::new()
    };
    [
        kind(FindingKind::Conflict, "conflict", "conflicts", red),
        kind(FindingKind::Agreement, "agreement", "agreements", Vec::new()),
        kind(FindingKind::Overlap, "overlap", "overlaps", Vec::new()),
        kind(FindingKind::Gap, "gap", "gaps", not_addressed),
    ]
    .join(", ")
}

/// A value shown with a [`Legend`]'s names and groups; made by `display(&legend)` on
/// [`Finding`] and [`ScopeBox`].
#[derive(Debug, Clone, Copy)]
pub struct WithLegend<'a, T> {
    value: &'a T,
    legend: &'a Legend,
}

impl fmt::Display for WithLegend<'_, ScopeBox> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&scope_text(self.legend, self.value))
    }
}

impl fmt::Display for WithLegend<'_, Finding> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The report's block for one finding, without the indent it has inside a section.
        struct Block<'a>(&'a Legend, &'a Finding);
        impl fmt::Display for Block<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                finding(f, self.0, self.1)
            }
        }
        let text = Block(self.legend, self.value).to_string();
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(line.strip_prefix("  ").unwrap_or(line))?;
        }
        Ok(())
    }
}

impl ScopeBox {
    /// The box in words, places named and compacted with `legend` (see
    /// [`describe_places`](crate::report::describe_places)): `all eastern-flank (9); amount 500 to 5500`.
    #[must_use]
    pub fn display<'a>(&'a self, legend: &'a Legend) -> WithLegend<'a, ScopeBox> {
        WithLegend { value: self, legend }
    }
}

/// The box in words with places as atom ids (`PL, RO; amount 500 to 5500`); use
/// [`ScopeBox::display`] to show names.
impl fmt::Display for ScopeBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(&Legend::default()).fmt(f)
    }
}

impl Finding {
    /// The finding as the text report shows it, places named and compacted with `legend`
    /// (a comparison's [`Comparison::legend`]):
    ///
    /// ```text
    /// [enlargement] nato admit-members  [RED LINES ON BOTH SIDES]
    ///   russia's `art6-no-enlargement` (nato must-not admit-members) cannot hold together with nato's `open-door` (nato may admit-members)
    ///   where: all europe-non-nato (8)
    /// ```
    #[must_use]
    pub fn display<'a>(&'a self, legend: &'a Legend) -> WithLegend<'a, Finding> {
        WithLegend { value: self, legend }
    }
}

/// The finding as the text report shows it, with places as atom ids; use
/// [`Finding::display`] to show names.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(&Legend::default()).fmt(f)
    }
}
