//! Rendering reports.
