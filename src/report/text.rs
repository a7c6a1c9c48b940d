use std::fmt::{self, Write as _};

use super::describe_places;
use crate::analysis::{CheckReport, Comparison, Finding, Kind, Legend, Matrix, ScopeBox};
use crate::escape::visible;
use crate::escape::visible as v;
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
    // Every piece of input text goes through `v`: one line, no raw control character.
    writeln!(f, "  [{}] {} {}{}", v(&x.issue), v(&x.bearer), v(&x.action), mark)?;
    writeln!(f, "    {}", v(&x.explanation))?;
    for b in &x.scope {
        writeln!(f, "    where: {}", v(&scope_text(legend, b)))?;
    }
    if !x.conditions.is_empty() {
        writeln!(f, "    rests on: {}", v(&x.conditions.join(", ")))?;
    }
    for q in &x.evidence {
        let who = q.speaker.as_deref().map(|s| format!(" ({})", v(s))).unwrap_or_default();
        writeln!(
            f,
            "    evidence for `{}`: \"{}\"{who} [{}]",
            v(&q.clause),
            v(&q.quote),
            v(&q.source)
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
            v(&self.left.party),
            v(&self.left.label),
            v(&self.right.party),
            v(&self.right.label)
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
                v(&self.left.party),
                v(&self.right.party)
            ),
            &lg,
        )?;
        section(
            f,
            &self.legend,
            &format!(
                "GAPS: raised by {}, unaddressed by {}",
                v(&self.right.party),
                v(&self.left.party)
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
                    scope.iter().map(|b| md(b)).collect::<Vec<_>>().join("<br>"),
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

/// Input text as inert Markdown on one line (a table cell or a heading).
pub(crate) fn md(s: &str) -> String {
    crate::escape::markdown(s)
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.contradictions.is_empty() {
            return writeln!(
                f,
                "{} ({}): no internal contradictions",
                v(&self.position.party),
                v(&self.position.label)
            );
        }
        writeln!(
            f,
            "{} ({}): {} internal contradictions",
            v(&self.position.party),
            v(&self.position.label),
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
            writeln!(f, "  [{i}] {} ({})", v(&p.party), v(&p.label))?;
        }
        writeln!(f, "\nPAIRS (conflicts / agreements / overlaps / gaps)")?;
        for c in &self.pairs {
            let (l, r) = (v(&self.positions[c.left].party), v(&self.positions[c.right].party));
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
        let pair =
            |&(a, b): &(usize, usize)| format!("{}–{}", v(&self.positions[a].party), v(&self.positions[b].party));
        let list = |v: &[(usize, usize)]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(pair).collect::<Vec<_>>().join(", ")
            }
        };
        for m in &self.issues {
            let raised: Vec<&str> = m.raised_by.iter().map(|&i| self.positions[i].party.as_str()).collect();
            writeln!(f, "  {} — raised by {}", v(&m.title), v(&raised.join(", ")))?;
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
        let pair =
            |&(a, b): &(usize, usize)| format!("{}–{}", md(&self.positions[a].party), md(&self.positions[b].party));
        for m in &self.issues {
            let raised: Vec<&str> = m.raised_by.iter().map(|&i| self.positions[i].party.as_str()).collect();
            let l = |v: &[(usize, usize)]| v.iter().map(pair).collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&m.title),
                md(&raised.join(", ")),
                l(&m.conflict),
                l(&m.agree),
                l(&m.overlap)
            );
        }
        out
    }
}
