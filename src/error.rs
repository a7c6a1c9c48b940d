//! The crate's error type.

use crate::model::Invalid;

/// What can go wrong when analysing negotiation positions.
///
/// Analysis results (conflicts, gaps) are values, not errors; an `Error` means the input
/// could not be analysed at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A vocabulary or position breaks the model's rules; every problem found is listed.
    #[error("{subject} has {} problem{}: {}", .problems.len(), if .problems.len() == 1 { "" } else { "s" }, first(.problems))]
    Invalid {
        /// What was checked (`vocabulary \`talks\``, `position of \`russia\``).
        subject: String,
        /// Every problem found, in document order.
        problems: Vec<Invalid>,
    },
}

fn first(problems: &[Invalid]) -> String {
    match problems {
        [] => String::new(),
        [one] => one.to_string(),
        [one, ..] => format!("{one} (and more)"),
    }
}
