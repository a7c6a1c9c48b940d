//! Outcome spaces of discrete issues and linear-additive scenarios over them.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::BargainError;

/// One value of an issue: an integer or a categorical name.
///
/// Serialized untagged: integers as JSON numbers, names as JSON strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A value of an integer issue.
    Integer(i64),
    /// A value of a categorical issue.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Integer(v) => write!(f, "{v}"),
            Value::Text(v) => f.write_str(&crate::escape::visible(v)),
        }
    }
}

/// The values an issue can take, in their enumeration order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum IssueKind {
    /// Named values, in the listed order.
    Categorical {
        /// The values.
        values: Vec<String>,
    },
    /// Every integer from `min` to `max` (both included), ascending.
    Integer {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
}

/// A discrete issue of an outcome space: a name and its values (NegMAS's `CategoricalIssue`
/// or `ContiguousIssue`, GENIUS's discrete or integer issue). Not the vocabulary's
/// [`Issue`](crate::Issue), which groups actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscreteIssue {
    /// The issue's name (unique within an outcome space).
    pub name: String,
    /// Its values.
    #[serde(flatten)]
    pub kind: IssueKind,
}

impl DiscreteIssue {
    /// A categorical issue with the given values, in order.
    pub fn categorical<I, S>(name: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DiscreteIssue {
            name: name.into(),
            kind: IssueKind::Categorical {
                values: values.into_iter().map(Into::into).collect(),
            },
        }
    }

    /// An integer issue taking every value from `min` to `max`, both included.
    pub fn integer(name: impl Into<String>, min: i64, max: i64) -> Self {
        DiscreteIssue {
            name: name.into(),
            kind: IssueKind::Integer { min, max },
        }
    }

    /// Number of values (0 for an empty categorical issue or an empty range;
    /// saturates at `u64::MAX`).
    #[must_use]
    pub fn len(&self) -> u64 {
        match &self.kind {
            IssueKind::Categorical { values } => values.len() as u64,
            IssueKind::Integer { min, max } => {
                let span = i128::from(*max) - i128::from(*min) + 1;
                u64::try_from(span.max(0)).unwrap_or(u64::MAX)
            }
        }
    }

    /// Whether the issue has no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at a position of the enumeration order.
    pub fn value(&self, position: usize) -> Option<Value> {
        match &self.kind {
            IssueKind::Categorical { values } => values.get(position).cloned().map(Value::Text),
            IssueKind::Integer { min, max } => {
                let v = i128::from(*min) + position as i128;
                if v > i128::from(*max) {
                    return None;
                }
                i64::try_from(v).ok().map(Value::Integer)
            }
        }
    }

    /// The position of a value in the enumeration order.
    #[must_use]
    pub fn position(&self, value: &Value) -> Option<usize> {
        match (&self.kind, value) {
            (IssueKind::Categorical { values }, Value::Text(t)) => values.iter().position(|v| v == t),
            (IssueKind::Integer { min, max }, Value::Integer(v)) if v >= min && v <= max => {
                usize::try_from(i128::from(*v) - i128::from(*min)).ok()
            }
            _ => None,
        }
    }
}

/// A chosen value for every issue, in issue order.
///
/// Serialized as a JSON object `{issue: value, ...}` keeping the issue order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    entries: Vec<(String, Value)>,
}

impl Outcome {
    /// An outcome from `(issue, value)` pairs, in issue order.
    #[must_use]
    pub fn new(entries: Vec<(String, Value)>) -> Self {
        Outcome { entries }
    }

    /// The `(issue, value)` pairs, in issue order.
    #[must_use]
    pub fn entries(&self) -> &[(String, Value)] {
        &self.entries
    }

    /// The value chosen for an issue.
    #[must_use]
    pub fn get(&self, issue: &str) -> Option<&Value> {
        self.entries.iter().find(|(n, _)| n == issue).map(|(_, v)| v)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}={value}", crate::escape::visible(name))?;
        }
        Ok(())
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OutcomeVisitor;
        impl<'de> Visitor<'de> for OutcomeVisitor {
            type Value = Outcome;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from issue names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    entries.push((k, v));
                }
                Ok(Outcome { entries })
            }
        }
        deserializer.deserialize_map(OutcomeVisitor)
    }
}

/// The cartesian product of discrete issues.
///
/// Outcomes are enumerated with the issues in the listed order and the last issue
/// varying fastest: the outcome index is the mixed-radix number whose digits are
/// the value positions. A space may hold more than `u64::MAX` outcomes (64 issues of
/// three values do): then [`OutcomeSpace::cardinality`] saturates, the exact count is
/// [`OutcomeSpace::cardinality_exact`], and an outcome is named by its value positions
/// ([`OutcomeSpace::outcome_at`]) since its index may not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<DiscreteIssue>", into = "Vec<DiscreteIssue>")]
pub struct OutcomeSpace {
    issues: Vec<DiscreteIssue>,
    cardinality: u64,
}

impl TryFrom<Vec<DiscreteIssue>> for OutcomeSpace {
    type Error = BargainError;
    fn try_from(issues: Vec<DiscreteIssue>) -> Result<Self, BargainError> {
        OutcomeSpace::new(issues)
    }
}

impl From<OutcomeSpace> for Vec<DiscreteIssue> {
    fn from(space: OutcomeSpace) -> Self {
        space.issues
    }
}

impl OutcomeSpace {
    /// Builds an outcome space, checking that there is at least one issue, that
    /// names are unique and that every issue has values (categorical values unique).
    /// The number of outcomes may exceed `u64::MAX`.
    ///
    /// # Errors
    /// The [`BargainError`] naming the first rule broken.
    pub fn new(issues: Vec<DiscreteIssue>) -> Result<Self, BargainError> {
        if issues.is_empty() {
            return Err(BargainError::NoIssues);
        }
        let mut names = BTreeSet::new();
        let mut cardinality: u64 = 1;
        for issue in &issues {
            if !names.insert(issue.name.as_str()) {
                return Err(BargainError::DuplicateIssue(issue.name.clone()));
            }
            match &issue.kind {
                IssueKind::Categorical { values } => {
                    if values.is_empty() {
                        return Err(BargainError::EmptyIssue(issue.name.clone()));
                    }
                    let mut seen = BTreeSet::new();
                    for v in values {
                        if !seen.insert(v.as_str()) {
                            return Err(BargainError::DuplicateValue {
                                issue: issue.name.clone(),
                                value: v.clone(),
                            });
                        }
                    }
                }
                IssueKind::Integer { min, max } => {
                    if min > max {
                        return Err(BargainError::BadRange {
                            issue: issue.name.clone(),
                            min: *min,
                            max: *max,
                        });
                    }
                }
            }
            cardinality = cardinality.saturating_mul(issue.len());
        }
        Ok(OutcomeSpace { issues, cardinality })
    }

    /// The issues, in order.
    #[must_use]
    pub fn issues(&self) -> &[DiscreteIssue] {
        &self.issues
    }

    /// Number of outcomes, saturating at `u64::MAX` (see [`OutcomeSpace::fits_u64`]).
    #[must_use]
    pub fn cardinality(&self) -> u64 {
        self.cardinality
    }

    /// Whether every outcome index fits in a `u64`: the space has at most `u64::MAX`
    /// outcomes (indices `0..u64::MAX`), so `u64::MAX` itself never names an outcome.
    #[must_use]
    pub fn fits_u64(&self) -> bool {
        self.issues
            .iter()
            .try_fold(1u64, |acc, i| acc.checked_mul(i.len()))
            .is_some()
    }

    /// The exact number of outcomes in decimal digits, however large.
    ///
    /// ```
    /// use negdiff::bargain::{DiscreteIssue, OutcomeSpace};
    /// let issues = (0..64).map(|i| DiscreteIssue::categorical(format!("p{i}"), ["a", "b", "c"])).collect();
    /// let space = OutcomeSpace::new(issues)?;
    /// assert_eq!(space.cardinality(), u64::MAX);
    /// assert_eq!(space.cardinality_exact(), "3433683820292512484657849089281"); // 3^64
    /// # Ok::<(), negdiff::bargain::BargainError>(())
    /// ```
    #[must_use]
    pub fn cardinality_exact(&self) -> String {
        exact_product(self.issues.iter().map(DiscreteIssue::len))
    }

    /// The value positions of the outcome with the given index.
    #[must_use]
    pub fn positions(&self, index: u64) -> Option<Vec<usize>> {
        if index >= self.cardinality {
            return None;
        }
        let mut rest = index;
        let mut positions = vec![0usize; self.issues.len()];
        for (slot, issue) in positions.iter_mut().zip(&self.issues).rev() {
            let n = issue.len();
            *slot = usize::try_from(rest % n).ok()?;
            rest /= n;
        }
        Some(positions)
    }

    /// The index of the outcome with the given value positions.
    #[must_use]
    pub fn index_of(&self, positions: &[usize]) -> Option<u64> {
        if positions.len() != self.issues.len() {
            return None;
        }
        let mut index: u64 = 0;
        for (&p, issue) in positions.iter().zip(&self.issues) {
            let p = p as u64;
            if p >= issue.len() {
                return None;
            }
            index = index.checked_mul(issue.len())?.checked_add(p)?;
        }
        Some(index)
    }

    /// The outcome with the given index.
    #[must_use]
    pub fn outcome(&self, index: u64) -> Option<Outcome> {
        let positions = self.positions(index)?;
        self.outcome_at(&positions)
    }

    /// The outcome with the given value positions.
    #[must_use]
    pub fn outcome_at(&self, positions: &[usize]) -> Option<Outcome> {
        if positions.len() != self.issues.len() {
            return None;
        }
        let mut entries = Vec::with_capacity(positions.len());
        for (&p, issue) in positions.iter().zip(&self.issues) {
            entries.push((issue.name.clone(), issue.value(p)?));
        }
        Some(Outcome::new(entries))
    }
}

/// The product of the factors in decimal digits, exact at any size (a count of packages of
/// 200 points does not fit in any machine integer).
pub(crate) fn exact_product(factors: impl IntoIterator<Item = u64>) -> String {
    // Little-endian limbs in base 10^9: a limb times any u64 fits in a u128.
    const BASE: u128 = 1_000_000_000;
    let mut limbs: Vec<u128> = vec![1];
    for f in factors {
        if f == 0 {
            return "0".to_string();
        }
        let mut carry: u128 = 0;
        for limb in &mut limbs {
            let v = *limb * u128::from(f) + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

/// One party's linear-additive preferences over an outcome space: its utility profile
/// (NegMAS's `LinearAdditiveUtilityFunction`, a GENIUS profile file).
///
/// `u(o) = sum over issues i of weights[i] * evaluations[i][position of o_i]`,
/// summed in issue order starting from `0.0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtilityProfile {
    /// The party's name.
    pub name: String,
    /// One weight per issue.
    pub weights: Vec<f64>,
    /// Per issue, one evaluation per value (in the issue's value order).
    pub evaluations: Vec<Vec<f64>>,
    /// Utility of no agreement.
    pub reservation: f64,
}

/// An outcome space with two or more parties' linear-additive utilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ScenarioDef", into = "ScenarioDef")]
pub struct Scenario {
    space: OutcomeSpace,
    parties: Vec<UtilityProfile>,
    /// `terms[p][i][j] = weights[p][i] * evaluations[p][i][j]`.
    terms: Vec<Vec<Vec<f64>>>,
}

/// Serialized form of a [`Scenario`].
#[derive(Serialize, Deserialize)]
struct ScenarioDef {
    issues: OutcomeSpace,
    parties: Vec<UtilityProfile>,
}

impl TryFrom<ScenarioDef> for Scenario {
    type Error = BargainError;
    fn try_from(def: ScenarioDef) -> Result<Self, BargainError> {
        Scenario::new(def.issues, def.parties)
    }
}

impl From<Scenario> for ScenarioDef {
    fn from(s: Scenario) -> Self {
        ScenarioDef {
            issues: s.space,
            parties: s.parties,
        }
    }
}

impl Scenario {
    /// Builds a scenario, checking that there are at least two parties, that each
    /// has one weight per issue and one evaluation per value, and that all numbers
    /// are finite.
    ///
    /// # Errors
    /// The [`BargainError`] naming the first rule broken.
    pub fn new(space: OutcomeSpace, parties: Vec<UtilityProfile>) -> Result<Self, BargainError> {
        if parties.len() < 2 {
            return Err(BargainError::TooFewParties(parties.len()));
        }
        let issues = space.issues();
        let mut terms = Vec::with_capacity(parties.len());
        for party in &parties {
            let not_finite = |what: String| BargainError::NotFinite {
                party: party.name.clone(),
                what,
            };
            if party.weights.len() != issues.len() {
                return Err(BargainError::WeightCount {
                    party: party.name.clone(),
                    found: party.weights.len(),
                    expected: issues.len(),
                });
            }
            if party.evaluations.len() != issues.len() {
                return Err(BargainError::EvaluationCount {
                    party: party.name.clone(),
                    issue: format!("#{}", party.evaluations.len()),
                    found: party.evaluations.len(),
                    expected: issues.len(),
                });
            }
            if !party.reservation.is_finite() {
                return Err(not_finite("the reservation value".into()));
            }
            let mut party_terms = Vec::with_capacity(issues.len());
            for ((issue, &w), evals) in issues.iter().zip(&party.weights).zip(&party.evaluations) {
                if evals.len() as u64 != issue.len() {
                    return Err(BargainError::EvaluationCount {
                        party: party.name.clone(),
                        issue: issue.name.clone(),
                        found: evals.len(),
                        expected: usize::try_from(issue.len()).unwrap_or(usize::MAX),
                    });
                }
                if !w.is_finite() {
                    return Err(not_finite(format!("the weight of issue `{}`", issue.name)));
                }
                let mut issue_terms = Vec::with_capacity(evals.len());
                for (j, &e) in evals.iter().enumerate() {
                    let t = w * e;
                    if !e.is_finite() || !t.is_finite() {
                        return Err(not_finite(format!("evaluation {j} of issue `{}`", issue.name)));
                    }
                    // `+ 0.0` turns a negative zero into a positive one.
                    issue_terms.push(t + 0.0);
                }
                party_terms.push(issue_terms);
            }
            terms.push(party_terms);
        }
        Ok(Scenario { space, parties, terms })
    }

    /// The outcome space.
    #[must_use]
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The parties.
    #[must_use]
    pub fn parties(&self) -> &[UtilityProfile] {
        &self.parties
    }

    /// `weight × evaluation` of party `party` for value `value` of issue `issue`
    /// (0.0 when out of range).
    #[must_use]
    pub fn term(&self, party: usize, issue: usize, value: usize) -> f64 {
        self.terms
            .get(party)
            .and_then(|t| t.get(issue))
            .and_then(|t| t.get(value))
            .copied()
            .unwrap_or(0.0)
    }

    pub(crate) fn terms(&self) -> &[Vec<Vec<f64>>] {
        &self.terms
    }

    /// Utility of party `party` for the outcome with the given value positions,
    /// summed in issue order (out-of-range positions count as 0.0).
    #[must_use]
    pub fn utility(&self, party: usize, positions: &[usize]) -> f64 {
        let mut u = 0.0;
        for (i, &p) in positions.iter().enumerate() {
            u += self.term(party, i, p);
        }
        u
    }

    /// Every party's utility for the outcome with the given value positions.
    #[must_use]
    pub fn utilities(&self, positions: &[usize]) -> Vec<f64> {
        (0..self.parties.len()).map(|p| self.utility(p, positions)).collect()
    }

    /// Every party's utility for the outcome with the given index.
    #[must_use]
    pub fn utilities_of_index(&self, index: u64) -> Option<Vec<f64>> {
        self.space.positions(index).map(|p| self.utilities(&p))
    }

    /// Each party's minimum and maximum utility over all outcomes, as `[min, max]`.
    ///
    /// Computed per issue without enumeration; since rounded addition is monotone
    /// the result is bit-identical to the extremes found by enumeration.
    #[must_use]
    pub fn utility_ranges(&self) -> Vec<[f64; 2]> {
        self.terms
            .iter()
            .map(|party| {
                let mut lo = 0.0;
                let mut hi = 0.0;
                for issue in party {
                    lo += issue.iter().copied().fold(f64::INFINITY, f64::min);
                    hi += issue.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                }
                [lo, hi]
            })
            .collect()
    }

    /// Each party's reservation value.
    #[must_use]
    pub fn reservations(&self) -> Vec<f64> {
        self.parties.iter().map(|p| p.reservation).collect()
    }

    /// The disagreement point: per party, the reservation value if it is at least
    /// the party's minimum utility, else that minimum.
    #[must_use]
    pub fn disagreement(&self) -> Vec<f64> {
        self.utility_ranges()
            .iter()
            .zip(&self.parties)
            .map(|(r, p)| if p.reservation >= r[0] { p.reservation } else { r[0] })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_products_match_machine_arithmetic_where_it_reaches() {
        let mut state: u64 = 3;
        for round in 0..200 {
            let mut factors = Vec::new();
            let mut want: u128 = 1;
            loop {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let f = 1 + (state >> 33) % [2, 10, 1_000_000_007, u64::MAX >> 34][round % 4];
                match want.checked_mul(u128::from(f)) {
                    Some(w) => {
                        want = w;
                        factors.push(f);
                    }
                    None => break,
                }
            }
            assert_eq!(exact_product(factors.iter().copied()), want.to_string());
        }
        assert_eq!(exact_product([]), "1");
        assert_eq!(exact_product([7, 0, 9]), "0");
        assert_eq!(
            exact_product([u64::MAX, u64::MAX]),
            (u128::from(u64::MAX) * u128::from(u64::MAX)).to_string()
        );
        assert_eq!(exact_product([10; 30]), format!("1{}", "0".repeat(30)));
    }
}
