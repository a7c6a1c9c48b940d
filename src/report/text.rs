use std::fmt::{self, Write as _};

use super::describe_places;
use crate::analysis::{CheckReport, Comparison, Finding, Kind, Legend, Matrix, ScopeBox};
use crate::model::{Interval, Point};

/// An interval in words, the one way every report writes amounts and time windows:
/// `500 to 5500`, `from 2`, `up to 40`, `above 6104 and below 6105`.
pub(crate) fn interval_text<T: Point>(iv: &Interval<T>) -> String {
    let low = |a: T| {
        if iv.min_inclusive {
            format!("from {a}")
        } else {
            format!("above {a}")
        }
    };
    let high = |b: T| {
        if iv.max_inclusive {
            format!("up to {b}")
        } else {
            format!("below {b}")
        }
    };
    match (iv.min, iv.max) {
        (Some(a), Some(b)) if a == b && iv.min_inclusive && iv.max_inclusive => a.to_string(),
        (Some(a), Some(b)) if iv.min_inclusive && iv.max_inclusive => format!("{a} to {b}"),
        (Some(a), Some(b)) => format!("{} and {}", low(a), high(b)),
        (Some(a), None) => low(a),
        (None, Some(b)) => high(b),
        (None, None) => "any".to_string(),
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

/// `1 conflict`, `2 conflicts`; the number wrapped in `strong` (`**` in Markdown).
fn counted(n: usize, one: &str, many: &str, strong: &str) -> String {
    format!("{strong}{n}{strong} {}", if n == 1 { one } else { many })
}

/// "5 conflicts (4 on red lines), 2 agreements, 1 overlap, 30 gaps".
fn headline(s: &crate::analysis::Summary, strong: &str) -> String {
    let c = &s.counts;
    format!(
        "{} ({} on red lines), {}, {}, {}",
        counted(c.conflict, "conflict", "conflicts", strong),
        s.red_line_conflicts,
        counted(c.agreement, "agreement", "agreements", strong),
        counted(c.overlap, "overlap", "overlaps", strong),
        counted(c.gap, "gap", "gaps", strong)
    )
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
        writeln!(f, "{}", headline(s, ""))?;
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
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let s = &self.summary;
        let _ = writeln!(
            out,
            "## {} ({}) vs {} ({})\n",
            self.left.party, self.left.label, self.right.party, self.right.label
        );
        let _ = writeln!(out, "{}\n", headline(s, "**"));
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
                "| kind | issue | bearer · action | {} | {} | where | explanation | evidence |",
                md(&self.left.party),
                md(&self.right.party)
            );
            let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
            for x in rows {
                let red = if x.red_lines > 0 {
                    " 🔴".repeat(x.red_lines as usize)
                } else {
                    String::new()
                };
                let scope: Vec<String> = x.scope.iter().map(|b| scope_text(&self.legend, b)).collect();
                // The quotes behind the clauses, as in the text report, one per line of the cell.
                let evidence: Vec<String> = x
                    .evidence
                    .iter()
                    .map(|q| {
                        let who = q.speaker.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
                        md(&format!("`{}`: \"{}\"{who} [{}]", q.clause, q.quote, q.source))
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
                    md(&scope.join("\u{1}")).replace('\u{1}', "<br>"),
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
                    format!(
                        "  ({})",
                        counted(c.red_line_conflicts, "red-line conflict", "red-line conflicts", "")
                    )
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
