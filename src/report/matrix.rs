//! A matrix of comparisons as text and Markdown.

use std::fmt::{self, Write as _};

use super::text::{counted, md};
use crate::analysis::Matrix;
use crate::escape::visible;

impl fmt::Display for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} positions", self.positions.len())?;
        if self.comparisons.first().is_some_and(|c| c.on_record) {
            writeln!(f, "on the record only: inferred clauses left out")?;
        }
        for (i, p) in self.positions.iter().enumerate() {
            writeln!(f, "  [{i}] {} ({})", visible(&p.party), visible(&p.label))?;
        }
        writeln!(f, "\nPAIRS (conflicts / agreements / overlaps / gaps)")?;
        for c in &self.pairs {
            let (l, r) = (
                visible(&self.positions[c.left].party),
                visible(&self.positions[c.right].party),
            );
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
                        counted(c.red_line_conflicts, "red-line conflict", "red-line conflicts")
                    )
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(f, "\nBY ISSUE")?;
        let pair = |&(a, b): &(usize, usize)| {
            format!(
                "{}–{}",
                visible(&self.positions[a].party),
                visible(&self.positions[b].party)
            )
        };
        let list = |v: &[(usize, usize)]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(pair).collect::<Vec<_>>().join(", ")
            }
        };
        for m in &self.issues {
            let raised: Vec<&str> = m.raised_by.iter().map(|&i| self.positions[i].party.as_str()).collect();
            writeln!(f, "  {} — raised by {}", visible(&m.title), visible(&raised.join(", ")))?;
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
        let mut out = String::from("## Pairwise comparison\n\n");
        if self.comparisons.first().is_some_and(|c| c.on_record) {
            out.push_str("*On the record only: inferred clauses left out.*\n\n");
        }
        out.push_str("| left | right | conflicts | red-line conflicts | agreements | overlaps | gaps |\n|---|---|---|---|---|---|---|\n");
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
