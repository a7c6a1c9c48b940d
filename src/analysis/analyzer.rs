//! A vocabulary compiled once, for comparing many positions against it.

use super::check::{check_compiled, CheckReport};
use super::compare::{build_index, compare_compiled, compile};
use super::findings::Comparison;
use super::index::Index;
use super::matrix::{matrix_compiled, Matrix};
use super::record::CompareOptions;
use crate::error::Error;
use crate::model::{Position, Vocabulary};

/// A vocabulary checked and compiled once, for the programs that compare many positions over
/// the same terms — a negotiation agent scoring offers in a loop, a corpus study.
///
/// [`compare`](crate::compare) compiles the vocabulary on every call; an `Analyzer` does it
/// once and gives the same results.
///
/// ```
/// use negdiff::{Analyzer, Clause, Modality, Position, Vocabulary};
///
/// let vocab = Vocabulary::new("talks")
///     .party("a", "A")
///     .party("b", "B")
///     .action("build", None)
///     .issue("works", "Works", ["build"]);
/// let analyzer = Analyzer::new(&vocab)?;
/// let mine = Position::new("a", "ours").clause(Clause::new("x", "b", Modality::MustNot, "build"));
/// for modality in Modality::ALL {
///     let offer = Position::new("b", "theirs").clause(Clause::new("y", "b", modality, "build"));
///     let c = analyzer.compare(&mine, &offer)?;
///     assert_eq!(c, negdiff::compare(&vocab, &mine, &offer)?);
/// }
/// # Ok::<(), negdiff::Error>(())
/// ```
#[derive(Debug)]
pub struct Analyzer<'v> {
    index: Index<'v>,
    options: CompareOptions,
}

impl<'v> Analyzer<'v> {
    /// Checks and compiles a vocabulary.
    ///
    /// # Errors
    /// [`Error::Invalid`] listing every rule the vocabulary breaks.
    pub fn new(vocabulary: &'v Vocabulary) -> Result<Self, Error> {
        Ok(Analyzer {
            index: build_index(vocabulary)?,
            options: CompareOptions::default(),
        })
    }

    /// Reads positions as `options` says in [`Analyzer::compare`] and
    /// [`Analyzer::compare_all`] (builder style); `check` always reads every clause.
    #[must_use]
    pub fn with_options(mut self, options: CompareOptions) -> Self {
        self.options = options;
        self
    }

    /// The vocabulary compiled.
    #[must_use]
    pub fn vocabulary(&self) -> &'v Vocabulary {
        self.index.vocab
    }

    /// Compares two positions, as [`compare`](crate::compare) does.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a position breaks the model's rules.
    pub fn compare(&self, left: &Position, right: &Position) -> Result<Comparison, Error> {
        let mut l = compile(&self.index, left)?;
        let mut r = compile(&self.index, right)?;
        self.options.apply(&mut l);
        self.options.apply(&mut r);
        let mut c = compare_compiled(&self.index, &l, &r);
        c.on_record = self.options.on_record;
        Ok(c)
    }

    /// A position's internal contradictions, as [`check`](crate::check) finds them.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the position breaks the model's rules.
    pub fn check(&self, position: &Position) -> Result<CheckReport, Error> {
        let c = compile(&self.index, position)?;
        Ok(check_compiled(&self.index, &c))
    }

    /// Every pair of positions, as [`compare_all`](crate::compare_all) does.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a position breaks the model's rules.
    pub fn compare_all(&self, positions: &[Position]) -> Result<Matrix, Error> {
        let mut compiled = positions
            .iter()
            .map(|p| compile(&self.index, p))
            .collect::<Result<Vec<_>, _>>()?;
        for c in &mut compiled {
            self.options.apply(c);
        }
        let mut m = matrix_compiled(&self.index, positions, &compiled);
        for c in &mut m.comparisons {
            c.on_record = self.options.on_record;
        }
        Ok(m)
    }
}
