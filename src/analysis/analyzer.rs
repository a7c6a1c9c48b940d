//! A vocabulary compiled once, for comparing many positions against it.
//!
//! The one way into the engine: every analysis (compare, check, matrix, evolve, bargain,
//! validation while loading) builds its `Index` and compiles its positions here, so the
//! rules' errors are wrapped in one place.

use super::check::{check_compiled, ContradictionReport};
use super::compare::{compact_compiled, CompactComparison};
use super::findings::Comparison;
use super::index::{Compiled, Index, Norm};
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
        let index = Index::build(vocabulary).map_err(|problems| Error::Invalid {
            subject: format!("vocabulary `{}`", vocabulary.name),
            problems,
        })?;
        Ok(Analyzer {
            index,
            options: CompareOptions::default(),
        })
    }

    /// The compiled vocabulary, for the analyses inside the crate.
    pub(crate) fn index(&self) -> &Index<'v> {
        &self.index
    }

    /// Compiles a position, every clause read (the options are not applied).
    ///
    /// # Errors
    /// [`Error::Invalid`] listing every rule the position breaks.
    pub(crate) fn compile<'p>(&self, position: &'p Position) -> Result<Compiled<'p>, Error> {
        self.index.compile(position).map_err(|problems| Error::Invalid {
            subject: format!("position of `{}` ({})", position.party, position.label),
            problems,
        })
    }

    /// Compiles a position and leaves out what the options do not read.
    pub(crate) fn compile_read<'p>(&self, position: &'p Position) -> Result<Compiled<'p>, Error> {
        let mut c = self.compile(position)?;
        self.options.apply(&mut c);
        Ok(c)
    }

    /// Reads positions as `options` says in [`Analyzer::compare`] and
    /// [`Analyzer::compare_all`] (builder style); `find_contradictions` always reads every clause.
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
        self.compare_by(left, right, |c| c.into_comparison())
    }

    /// Compares two positions as [`Analyzer::compare`] does and hands the comparison to
    /// `then` with its findings still compact (see [`CompactComparison`]): to write a large
    /// comparison's JSON without holding its findings whole.
    ///
    /// ```
    /// use negdiff::{Analyzer, Clause, Modality, Position, Vocabulary};
    /// let vocab = Vocabulary::new("talks").party("a", "A").party("b", "B").action("talk", None)
    ///     .issue("dialogue", "Dialogue", ["talk"]);
    /// let a = Position::new("a", "one").clause(Clause::new("x", "a", Modality::Must, "talk"));
    /// let b = Position::new("b", "two").clause(Clause::new("y", "a", Modality::May, "talk"));
    /// let analyzer = Analyzer::new(&vocab)?;
    /// let json = analyzer.compare_by(&a, &b, |c| {
    ///     let mut out = Vec::new();
    ///     c.write_json(&mut out).map(|()| out)
    /// })??;
    /// assert_eq!(json, serde_json::to_vec_pretty(&analyzer.compare(&a, &b)?)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Analyzer::compare`].
    pub fn compare_by<R>(
        &self,
        left: &Position,
        right: &Position,
        then: impl FnOnce(CompactComparison<'_>) -> R,
    ) -> Result<R, Error> {
        let l = self.compile_read(left)?;
        let r = self.compile_read(right)?;
        let mut c = compact_compiled(&self.index, &l, &r);
        c.head.on_record = self.options.on_record;
        Ok(then(c))
    }

    /// Compares two positions whose norms this vocabulary already compiled (while loading
    /// validated them), as [`Analyzer::compare`] does, without compiling them again.
    pub(crate) fn compare_norms(&self, left: (&Position, Vec<Norm>), right: (&Position, Vec<Norm>)) -> Comparison {
        self.compare_norms_by(left, right, |c| c.into_comparison())
    }

    /// As [`Analyzer::compare_norms`], handing the comparison to `then` with its findings
    /// still compact (they borrow the compiled positions, which live only for this call).
    pub(crate) fn compare_norms_by<R>(
        &self,
        left: (&Position, Vec<Norm>),
        right: (&Position, Vec<Norm>),
        then: impl FnOnce(CompactComparison<'_>) -> R,
    ) -> R {
        fn read<'p>(options: &CompareOptions, (position, norms): (&'p Position, Vec<Norm>)) -> Compiled<'p> {
            let mut c = Compiled {
                position,
                norms,
                warnings: Vec::new(),
            };
            options.apply(&mut c);
            c
        }
        let (l, r) = (read(&self.options, left), read(&self.options, right));
        let mut c = compact_compiled(&self.index, &l, &r);
        c.head.on_record = self.options.on_record;
        then(c)
    }

    /// A position's internal contradictions from the norms this vocabulary already compiled:
    /// the full report, which `check`'s lint is held to (it finds only what it shows).
    #[cfg(test)]
    pub(crate) fn check_norms(&self, position: &Position, norms: Vec<Norm>) -> ContradictionReport {
        let c = Compiled {
            position,
            norms,
            warnings: Vec::new(),
        };
        check_compiled(&self.index, &c)
    }

    /// A position's internal contradictions, as
    /// [`find_contradictions`](crate::find_contradictions) finds them.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the position breaks the model's rules.
    pub fn find_contradictions(&self, position: &Position) -> Result<ContradictionReport, Error> {
        let c = self.compile(position)?;
        Ok(check_compiled(&self.index, &c))
    }

    /// Every pair of positions, as [`compare_all`](crate::compare_all) does.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a position breaks the model's rules.
    pub fn compare_all(&self, positions: &[Position]) -> Result<Matrix, Error> {
        let compiled = positions
            .iter()
            .map(|p| self.compile_read(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut m = matrix_compiled(&self.index, positions, &compiled);
        for c in &mut m.comparisons {
            c.on_record = self.options.on_record;
        }
        Ok(m)
    }
}
