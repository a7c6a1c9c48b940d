//! Rendering reports for people: plain text (`Display`), Markdown, and self-contained HTML
//! pages ([`html`]).
//!
//! The analyses return values; every word a person reads is written here, one module per
//! kind of report (comparison, matrix, check, evolution, bargaining) over shared helpers
//! (`text`: intervals, scopes, counted words; `places`: naming and compacting places).
//! JSON is the serde form of the report types themselves; this module writes prose and
//! tables, and (`Comparison::write_json`, `Matrix::write_json`, `Evolution::write_json`) that same JSON faster. Entity sets are compacted here, using the report's [`Legend`](crate::analysis::Legend): the largest
//! named groups that fit exactly are shown by name ("all @eastern-flank (9)").

mod bargain;
mod check;
mod compare;
pub(crate) mod evolution;
pub mod html;
mod json;
mod matrix;
mod places;
mod text;

pub(crate) use check::report as check_report;
pub use compare::WithLegend;
pub use places::describe_places;
pub(crate) use places::place_name;
pub(crate) use places::Describer;
pub(crate) use text::{counted, plural, scope_text};

pub use evolution::{
    render_diff as evolution_diff, render_markdown as evolution_markdown, render_text as evolution_text,
};

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use crate::analysis::{FindingKind, Silence, Verdict};
    use crate::bargain::NormOption;
    use crate::error::DiagnosticKind;
    use crate::evolution::{ChangeKind, ClauseRole, ConflictStatus, Direction, Field};

    /// Each variant's report keyword (`as_str`, `Display`) is its serde name.
    fn same_names<T>(as_str: fn(T) -> &'static str)
    where
        T: VariantArray + Copy + serde::Serialize + std::fmt::Display + std::fmt::Debug,
    {
        assert!(!T::VARIANTS.is_empty());
        for &v in T::VARIANTS {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(json.as_str(), Some(as_str(v)), "{v:?}");
            assert_eq!(v.to_string(), as_str(v), "{v:?}");
        }
    }

    #[test]
    fn keywords_in_reports_are_the_json_names() {
        same_names(FindingKind::as_str);
        same_names(Silence::as_str);
        same_names(Verdict::as_str);
        same_names(ChangeKind::as_str);
        same_names(Direction::as_str);
        same_names(ClauseRole::as_str);
        same_names(Field::as_str);
        same_names(ConflictStatus::as_str);
        same_names(NormOption::as_str);
        same_names(DiagnosticKind::as_str);
        // The hand-kept orders are every variant, in declaration order.
        assert_eq!(NormOption::ALL.as_slice(), NormOption::VARIANTS);
        assert_eq!(DiagnosticKind::ALL.as_slice(), DiagnosticKind::VARIANTS);
        assert_eq!(ChangeKind::Moved.as_str(), "reordered");
    }
}
