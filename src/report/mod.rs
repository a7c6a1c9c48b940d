//! Rendering reports for people: plain text (`Display`), Markdown, and self-contained HTML
//! pages ([`html`]).
//!
//! The analyses return values; every word a person reads is written here, one module per
//! kind of report (comparison, matrix, check, evolution, bargaining) over shared helpers
//! (`text`: intervals, scopes, counted words; `places`: naming and compacting places).
//! JSON is the serde form of the report types themselves; this module only writes prose
//! and tables. Entity sets are compacted here, using the report's [`Legend`](crate::analysis::Legend): the largest
//! named groups that fit exactly are shown by name ("all @eastern-flank (9)").

mod bargain;
mod check;
mod compare;
pub(crate) mod evolution;
pub mod html;
mod matrix;
mod places;
mod text;

pub use compare::WithLegend;
pub use places::describe_places;
pub(crate) use places::place_name;
pub(crate) use text::{counted, plural, scope_text};
