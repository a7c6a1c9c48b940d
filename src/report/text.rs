use std::fmt::{self, Write as _};

use super::describe_places;
use crate::analysis::{CheckReport, Comparison, Finding, Kind, Legend, Matrix, ScopeBox};
use crate::model::{Interval, Point};

pub(crate) fn interval_text<T: Point>(iv: &Interval<T>) -> String {
    match (iv.min, iv.max) {
        (Some(a), Some(b)) if a == b && iv.min_inclusive && iv.max_inclusive => a.to_string(),
        (Some(a), Some(b)) if iv.min_inclusive && iv.max_inclusive => format!("{a} to {b}"),
        (Some(a), None) if iv.min_inclusive => format!("from {a}"),
        (None, Some(b)) if iv.max_inclusive => format!("up to {b}"),
        _ => iv.to_string(),
    }
}

/// One line per box: places; time; amount.
pub(crate) fn scope_text(legend: &Legend, b: &ScopeBox) -> String {
    let mut s = describe_places(legend, &b.places);
    if let Some(w) = &b.when {
        let _ = write!(s, "; {}", interval_text(w));
    }
    if let Some(a) = &b.amount {
        let _ = write!(s, "; amount {}", interval_text(a));
    }
    s
}

fn finding(f: &mut fmt::Formatter<'_>, legend: &Legend, x: &Finding) -> fmt::Result {
    let mark = match (x.kind, x.red_lines) {
        (Kind::Conflict, 2) => "  [RED LINES ON BOTH SIDES]",
        (_, 0) => "",
        (_, _) => "  [red line]",
    };
    writeln!(f, "  [{}] {} {}{}", x.issue, x.bearer, x.action, mark)?;
    writeln!(f, "    {}", x.explanation)?;
    for b in &x.scope {
        writeln!(f, "    where: {}", scope_text(legend, b))?;
    }
    if !x.conditions.is_empty() {
        writeln!(f, "    rests on: {}", x.conditions.join(", "))?;
    }
    for q in &x.evidence {
        let who = q.speaker.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
        writeln!(
            f,
            "    evidence for `{}`: \"{}\"{who} [{}]",
            q.clause, q.quote, q.source
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
            self.left.party, self.left.label, self.right.party, self.right.label
        )?;
        writeln!(
            f,
            "{} conflicts ({} on red lines), {} agreements, {} overlaps, {} gaps",
            s.counts.conflict, s.red_line_conflicts, s.counts.agreement, s.counts.overlap, s.counts.gap
        )?;
        let of = |k: Kind| self.of_kind(k).collect::<Vec<_>>();
        section(f, &self.legend, "CONFLICTS", &of(Kind::Conflict))?;
        let common: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|x| matches!(x.kind, Kind::Agreement | Kind::Overlap))
            .collect();
        section(f, &self.legend, "COMMON GROUND (agreements and overlaps)", &common)?;
        let gaps = of(Kind::Gap);
        let (lg, rg): (Vec<&Finding>, Vec<&Finding>) = gaps.iter().partition(|x| !x.left.is_empty());
        section(
            f,
            &self.legend,
            &format!(
                "GAPS: raised by {}, unaddressed by {}",
                self.left.party, self.right.party
            ),
            &lg,
        )?;
        section(
            f,
            &self.legend,
            &format!(
                "GAPS: raised by {}, unaddressed by {}",
                self.right.party, self.left.party
            ),
            &rg,
        )?;
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
                    v.issue,
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
            self.left.party, self.left.label, self.right.party, self.right.label
        );
        let _ = writeln!(
            out,
            "**{}** conflicts ({} on red lines), **{}** agreements, **{}** overlaps, **{}** gaps\n",
            s.counts.conflict, s.red_line_conflicts, s.counts.agreement, s.counts.overlap, s.counts.gap
        );
        for (title, kinds) in [
            ("Conflicts", &[Kind::Conflict][..]),
            ("Common ground", &[Kind::Agreement, Kind::Overlap][..]),
            ("Gaps", &[Kind::Gap][..]),
        ] {
            let rows: Vec<&Finding> = self.findings.iter().filter(|x| kinds.contains(&x.kind)).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            let _ = writeln!(
                out,
                "| kind | issue | bearer · action | {} | {} | where | explanation |",
                md(&self.left.party),
                md(&self.right.party)
            );
            let _ = writeln!(out, "|---|---|---|---|---|---|---|");
            for x in rows {
                let red = if x.red_lines > 0 {
                    " 🔴".repeat(x.red_lines as usize)
                } else {
                    String::new()
                };
                let scope: Vec<String> = x.scope.iter().map(|b| scope_text(&self.legend, b)).collect();
                let _ = writeln!(
                    out,
                    "| {}{} | {} | {} · {} | {} | {} | {} | {} |",
                    x.kind,
                    red,
                    md(&x.issue),
                    md(&x.bearer),
                    md(&x.action),
                    md(&x.left.join(", ")),
                    md(&x.right.join(", ")),
                    md(&scope.join("\u{1}")).replace('\u{1}', "<br>"),
                    md(&x.explanation)
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

/// Escapes text for a Markdown table cell.
pub(crate) fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.contradictions.is_empty() {
            return writeln!(
                f,
                "{} ({}): no internal contradictions",
                self.position.party, self.position.label
            );
        }
        writeln!(
            f,
            "{} ({}): {} internal contradictions",
            self.position.party,
            self.position.label,
            self.contradictions.len()
        )?;
        for x in &self.contradictions {
            finding(f, &self.legend, x)?;
        }
        Ok(())
    }
}

impl fmt::Display for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} positions", self.positions.len())?;
        for (i, p) in self.positions.iter().enumerate() {
            writeln!(f, "  [{i}] {} ({})", p.party, p.label)?;
        }
        writeln!(f, "\nPAIRS (conflicts / agreements / overlaps / gaps)")?;
        for c in &self.pairs {
            let (l, r) = (&self.positions[c.left].party, &self.positions[c.right].party);
            writeln!(
                f,
                "  {l} vs {r}: {} / {} / {} / {}{}",
                c.counts.conflict,
                c.counts.agreement,
                c.counts.overlap,
                c.counts.gap,
                if c.red_line_conflicts > 0 {
                    format!("  ({} red-line conflicts)", c.red_line_conflicts)
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(f, "\nBY ISSUE")?;
        let pair = |&(a, b): &(usize, usize)| format!("{}–{}", self.positions[a].party, self.positions[b].party);
        let list = |v: &[(usize, usize)]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(pair).collect::<Vec<_>>().join(", ")
            }
        };
        for m in &self.issues {
            let raised: Vec<&str> = m.raised_by.iter().map(|&i| self.positions[i].party.as_str()).collect();
            writeln!(f, "  {} — raised by {}", m.title, raised.join(", "))?;
            writeln!(f, "    conflict: {}", list(&m.conflict))?;
            writeln!(f, "    agree:    {}", list(&m.agree))?;
            writeln!(f, "    overlap:  {}", list(&m.overlap))?;
        }
        Ok(())
    }
}

impl Matrix {
    /// The matrix as Markdown: a pair table and an issue map.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## Pairwise comparison\n\n| left | right | conflicts | red-line conflicts | agreements | overlaps | gaps |\n|---|---|---|---|---|---|---|\n");
        for c in &self.pairs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md(&self.positions[c.left].party),
                md(&self.positions[c.right].party),
                c.counts.conflict,
                c.red_line_conflicts,
                c.counts.agreement,
                c.counts.overlap,
                c.counts.gap
            );
        }
        out.push_str("\n## By issue\n\n| issue | raised by | conflict | agree | overlap |\n|---|---|---|---|---|\n");
        let pair = |&(a, b): &(usize, usize)| format!("{}–{}", self.positions[a].party, self.positions[b].party);
        for m in &self.issues {
            let raised: Vec<&str> = m.raised_by.iter().map(|&i| self.positions[i].party.as_str()).collect();
            let l = |v: &[(usize, usize)]| v.iter().map(pair).collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&m.title),
                raised.join(", "),
                l(&m.conflict),
                l(&m.agree),
                l(&m.overlap)
            );
        }
        out
    }
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
