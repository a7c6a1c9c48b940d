//! The entry points, `evolve` and `evolve_with`: re-exported at the crate root, their one path.

use super::{run, Evolution, EvolveOptions};
use crate::error::Error;
use crate::model::{Position, Vocabulary};

/// The evolution of one party's position from `old` to `new`, with default options.
///
/// ```
/// use negdiff::{evolve, Clause, Modality, Position, Vocabulary};
/// use negdiff::evolution::Direction;
/// let vocab = Vocabulary::new("talks")
///     .party("nato", "NATO")
///     .action("deploy-missiles", Some("km"))
///     .issue("missiles", "Missiles", ["deploy-missiles"]);
/// let limit = |max: f64| {
///     Position::new("nato", "round")
///         .clause(Clause::new("limit", "nato", Modality::MustNot, "deploy-missiles").amount(..=max).text("a limit"))
/// };
/// // NATO forbids itself missiles up to 1000 km, then up to 5500 km: it gives more.
/// let ev = evolve(&vocab, &limit(1000.0), &limit(5500.0))?;
/// assert_eq!(ev.changes[0].direction, Direction::Concession);
/// println!("{}", ev.changes[0]);
/// # Ok::<(), negdiff::Error>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary or a position breaks the model's rules, or when the
/// two positions are not the same party's.
pub fn evolve(vocabulary: &Vocabulary, old: &Position, new: &Position) -> Result<Evolution, Error> {
    evolve_with(vocabulary, old, new, &EvolveOptions::default())
}

/// The evolution of one party's position from `old` to `new`.
///
/// When the machine runs two threads at once, the unified diff of the two rounds' canonical
/// texts is made on two threads of its own, beside the calling one, which aligns the clauses
/// and collects the changes; the result does not depend on it (on one core, or should no
/// thread start, all is done on the calling thread).
///
/// # Errors
/// [`Error::Invalid`] when the vocabulary, a position or the counterpart breaks the model's
/// rules, or when the two positions are not the same party's.
pub fn evolve_with(
    vocabulary: &Vocabulary,
    old: &Position,
    new: &Position,
    options: &EvolveOptions,
) -> Result<Evolution, Error> {
    run::evolve_impl(vocabulary, old, new, options)
}
