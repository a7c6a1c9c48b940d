//! Rendering reports for people: plain text (`Display`), Markdown, and self-contained HTML
//! pages ([`html`]).
//!
//! JSON is the serde form of the report types themselves; this module only writes prose
//! and tables. Entity sets are compacted here, using the report's [`Legend`](crate::analysis::Legend): the largest
//! named groups that fit exactly are shown by name ("all @eastern-flank (9)").

pub mod html;
mod places;
mod text;

pub use places::describe_places;
pub(crate) use places::group_label;
pub(crate) use text::scope_text;
pub use text::WithLegend;

pub use crate::evolution::render::{
    render_diff as evolution_diff, render_markdown as evolution_markdown, render_text as evolution_text,
};
