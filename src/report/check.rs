//! Check reports as text: a position's internal contradictions, and the check of a set of
//! files.

use std::fmt::{self, Write as _};

use super::compare::finding;
use super::text::counted;
use crate::analysis::ContradictionReport;
use crate::escape::visible;
use crate::format::{CheckOutcome, QuoteMatch, QuoteStatus};

impl fmt::Display for ContradictionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.contradictions.is_empty() {
            return writeln!(
                f,
                "{} ({}): no internal contradictions",
                visible(&self.position.party),
                visible(&self.position.label)
            );
        }
        writeln!(
            f,
            "{} ({}): {}",
            visible(&self.position.party),
            visible(&self.position.label),
            counted(
                self.contradictions.len(),
                "internal contradiction",
                "internal contradictions"
            )
        )?;
        for x in &self.contradictions {
            finding(f, &self.legend, x)?;
        }
        Ok(())
    }
}

impl fmt::Display for CheckOutcome {
    /// Each diagnostic on a line of its own, then the quotes that were found, then a summary
    /// (the diagnostics followed by [`CheckOutcome::report`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        f.write_str(&self.report())
    }
}

impl CheckOutcome {
    /// The outcome without its diagnostics: one line per quote found, then the summary line.
    /// The `negdiff check` command writes the diagnostics to stderr and this to stdout.
    #[must_use]
    pub fn report(&self) -> String {
        report(self, self.errors(), self.warnings())
    }
}

/// [`CheckOutcome::report`] of `outcome` with `errors` errors and `warnings` warnings, counted
/// by the caller: a [`crate::format::CompactCheck`] keeps its diagnostics apart and its
/// counts at hand.
pub(crate) fn report(outcome: &CheckOutcome, errors: usize, warnings: usize) -> String {
    let mut f = String::new();
    let mut found = 0;
    let mut unchecked = 0;
    for q in &outcome.quotes {
        match &q.status {
            QuoteStatus::Checked {
                result: QuoteMatch::Found { line, column },
            } => {
                found += 1;
                let _ = writeln!(
                    f,
                    "{}:{}:{}: quote for `{}` found in `{}` at {line}:{column}",
                    visible(&q.file),
                    q.line,
                    q.column,
                    visible(&q.clause),
                    visible(&q.source)
                );
            }
            QuoteStatus::Checked { .. } => {}
            QuoteStatus::Unchecked => unchecked += 1,
        }
    }
    let _ = writeln!(
        f,
        "checked {} and {}: {}, {}; {} found, {unchecked} unchecked",
        counted(outcome.vocabularies, "vocabulary", "vocabularies"),
        counted(outcome.positions, "position", "positions"),
        counted(errors, "error", "errors"),
        counted(warnings, "warning", "warnings"),
        counted(found, "quote", "quotes"),
    );
    f
}
