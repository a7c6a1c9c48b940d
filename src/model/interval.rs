//! Intervals with open or closed ends, over dates (discrete) and amounts (continuous).

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Date;

/// A point type an [`Interval`] can range over.
///
/// Discrete types (dates) name their neighbours, so that an open end can always be closed:
/// "after 2022-01-12" is "from 2022-01-13". Continuous types (amounts) cannot, so their
/// intervals keep open ends: the gap left by "at most 100 km" starts just above 100.
pub trait Point: Copy + fmt::Debug + fmt::Display + PartialEq {
    /// Whether every point has a next and a previous one (days), rather than points lying
    /// arbitrarily close together (amounts).
    const DISCRETE: bool;
    /// Total order on points.
    fn cmp_point(&self, other: &Self) -> Ordering;
    /// The next point, for discrete types; `None` for continuous types and at the last point.
    fn next(self) -> Option<Self>;
    /// The previous point, for discrete types; `None` for continuous types and at the first point.
    fn prev(self) -> Option<Self>;
}

impl Point for Date {
    const DISCRETE: bool = true;
    fn cmp_point(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn next(self) -> Option<Self> {
        Some(self.succ()).filter(|&n| n != self)
    }
    fn prev(self) -> Option<Self> {
        Some(self.pred()).filter(|&p| p != self)
    }
}

impl Point for f64 {
    const DISCRETE: bool = false;
    fn cmp_point(&self, other: &Self) -> Ordering {
        self.total_cmp(other)
    }
    fn next(self) -> Option<Self> {
        None
    }
    fn prev(self) -> Option<Self> {
        None
    }
}

/// An interval of points; `None` is an open end (unbounded on that side).
///
/// This is the exact form used in witnesses: each bounded end says whether it is included.
/// An unbounded end always has its `*_inclusive` flag `false`.
///
/// ```
/// use negdiff::Interval;
/// let at_most_100 = Interval::closed(None, Some(100.0));
/// let all = Interval::<f64>::unbounded();
/// let rest = all.subtract(&at_most_100);
/// assert_eq!(rest, vec![Interval { min: Some(100.0), max: None, min_inclusive: false, max_inclusive: false }]);
/// assert_eq!(rest[0].to_string(), "(100, ∞)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval<T> {
    /// Lower end, `None` for unbounded.
    pub min: Option<T>,
    /// Upper end, `None` for unbounded.
    pub max: Option<T>,
    /// Whether `min` itself belongs to the interval.
    pub min_inclusive: bool,
    /// Whether `max` itself belongs to the interval.
    pub max_inclusive: bool,
}

impl<T: Point> Interval<T> {
    /// Every point.
    #[must_use]
    pub fn unbounded() -> Self {
        Interval {
            min: None,
            max: None,
            min_inclusive: false,
            max_inclusive: false,
        }
    }

    /// An interval whose bounded ends are both included (the form clauses are written in).
    pub fn closed(min: Option<T>, max: Option<T>) -> Self {
        Interval {
            min,
            max,
            min_inclusive: min.is_some(),
            max_inclusive: max.is_some(),
        }
        .normalized()
    }

    /// Whether both ends are open (the interval covers every point).
    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// Canonical form: unbounded ends carry `false`, and discrete ends are closed.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        if self.min.is_none() {
            self.min_inclusive = false;
        } else if !self.min_inclusive && T::DISCRETE {
            match self.min.and_then(Point::next) {
                Some(n) => {
                    self.min = Some(n);
                    self.min_inclusive = true;
                }
                // Nothing lies after the last point.
                None => return Self::nothing(self.min),
            }
        }
        if self.max.is_none() {
            self.max_inclusive = false;
        } else if !self.max_inclusive && T::DISCRETE {
            match self.max.and_then(Point::prev) {
                Some(p) => {
                    self.max = Some(p);
                    self.max_inclusive = true;
                }
                None => return Self::nothing(self.max),
            }
        }
        self
    }

    /// An empty interval at `at`.
    fn nothing(at: Option<T>) -> Self {
        Interval {
            min: at,
            max: at,
            min_inclusive: false,
            max_inclusive: false,
        }
    }

    /// Whether no point lies in the interval.
    pub fn is_empty(&self) -> bool {
        match (self.min, self.max) {
            (Some(a), Some(b)) => match a.cmp_point(&b) {
                Ordering::Greater => true,
                Ordering::Equal => !(self.min_inclusive && self.max_inclusive),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: T) -> bool {
        let above = match self.min {
            None => true,
            Some(m) => match x.cmp_point(&m) {
                Ordering::Greater => true,
                Ordering::Equal => self.min_inclusive,
                Ordering::Less => false,
            },
        };
        let below = match self.max {
            None => true,
            Some(m) => match x.cmp_point(&m) {
                Ordering::Less => true,
                Ordering::Equal => self.max_inclusive,
                Ordering::Greater => false,
            },
        };
        above && below
    }

    /// The common part of two intervals (possibly empty).
    #[must_use]
    pub fn intersect(&self, other: &Self) -> Self {
        let (min, min_inclusive) = if cmp_lower(self.lower(), other.lower()) == Ordering::Less {
            other.lower()
        } else {
            self.lower()
        };
        let (max, max_inclusive) = if cmp_upper(self.upper(), other.upper()) == Ordering::Greater {
            other.upper()
        } else {
            self.upper()
        };
        Interval {
            min,
            max,
            min_inclusive,
            max_inclusive,
        }
        .normalized()
    }

    /// Whether the two intervals share a point.
    pub fn intersects(&self, other: &Self) -> bool {
        !self.intersect(other).is_empty()
    }

    /// Whether every point of `other` lies in `self`.
    pub fn covers(&self, other: &Self) -> bool {
        other.is_empty()
            || (cmp_lower(self.lower(), other.lower()) != Ordering::Greater
                && cmp_upper(self.upper(), other.upper()) != Ordering::Less)
    }

    /// The points of `self` outside `other`: zero, one or two disjoint non-empty intervals,
    /// in ascending order.
    pub fn subtract(&self, other: &Self) -> Vec<Self> {
        self.outside(other).collect()
    }

    /// [`Interval::subtract`] without a vector: the engine subtracts intervals millions of
    /// times.
    pub(crate) fn outside(&self, other: &Self) -> impl Iterator<Item = Self> {
        let mut out = [None, None];
        if self.is_empty() {
            return out.into_iter().flatten();
        }
        if !self.intersects(other) {
            out[0] = Some(*self);
            return out.into_iter().flatten();
        }
        if let Some(m) = other.min {
            let below = Interval {
                min: self.min,
                max: Some(m),
                min_inclusive: self.min_inclusive,
                max_inclusive: !other.min_inclusive,
            }
            .normalized();
            let below = below.intersect(self);
            if !below.is_empty() {
                out[0] = Some(below);
            }
        }
        if let Some(m) = other.max {
            let above = Interval {
                min: Some(m),
                max: self.max,
                min_inclusive: !other.max_inclusive,
                max_inclusive: self.max_inclusive,
            }
            .normalized();
            let above = above.intersect(self);
            if !above.is_empty() {
                out[1] = Some(above);
            }
        }
        out.into_iter().flatten()
    }

    fn lower(&self) -> (Option<T>, bool) {
        (self.min, self.min_inclusive)
    }

    fn upper(&self) -> (Option<T>, bool) {
        (self.max, self.max_inclusive)
    }

    /// Total order used to sort intervals deterministically: by lower end, then upper end.
    pub fn cmp_interval(&self, other: &Self) -> Ordering {
        cmp_lower(self.lower(), other.lower()).then_with(|| cmp_upper(self.upper(), other.upper()))
    }
}

/// Lower ends: unbounded is smallest; at equal values, an included end starts earlier.
fn cmp_lower<T: Point>(a: (Option<T>, bool), b: (Option<T>, bool)) -> Ordering {
    match (a.0, b.0) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp_point(&y).then_with(|| b.1.cmp(&a.1)),
    }
}

/// Upper ends: unbounded is largest; at equal values, an included end reaches further.
fn cmp_upper<T: Point>(a: (Option<T>, bool), b: (Option<T>, bool)) -> Ordering {
    match (a.0, b.0) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp_point(&y).then_with(|| a.1.cmp(&b.1)),
    }
}

impl Interval<Date> {
    /// Number of days in the interval, `None` when unbounded.
    #[must_use]
    pub fn days(&self) -> Option<u64> {
        if self.is_empty() {
            return Some(0);
        }
        let n = self.normalized();
        match (n.min, n.max) {
            (Some(a), Some(b)) => Some((b.day_number() as i64 - a.day_number() as i64 + 1) as u64),
            _ => None,
        }
    }
}

impl Interval<f64> {
    /// Width of the interval (`max - min`), `None` when unbounded.
    #[must_use]
    pub fn width(&self) -> Option<f64> {
        if self.is_empty() {
            return Some(0.0);
        }
        match (self.min, self.max) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        }
    }
}

impl<T: Point> fmt::Display for Interval<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let open = if self.min_inclusive { '[' } else { '(' };
        let close = if self.max_inclusive { ']' } else { ')' };
        match self.min {
            Some(m) => write!(f, "{open}{m}, ")?,
            None => f.write_str("(-∞, ")?,
        }
        match self.max {
            Some(m) => write!(f, "{m}{close}"),
            None => f.write_str("∞)"),
        }
    }
}

/// A clause's time window as written: both ends included, either may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day covered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day covered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl DateRange {
    /// The exact interval this window covers.
    #[must_use]
    pub fn interval(&self) -> Interval<Date> {
        Interval::closed(self.from, self.until)
    }
}

/// A clause's amount range as written, in the action's unit: both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRange {
    /// Smallest amount covered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest amount covered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl AmountRange {
    /// The exact interval this range covers (`-0.0` is read as `0.0`).
    #[must_use]
    pub fn interval(&self) -> Interval<f64> {
        let z = |x: f64| if x == 0.0 { 0.0 } else { x };
        Interval::closed(self.min.map(z), self.max.map(z))
    }
}

/// The ends of a clause's range in Rust's range syntax, both included as the file format's
/// are: `a..=b`, `..=b`, `a..`, `..`, or a [`DateRange`] / [`AmountRange`] as it is.
///
/// Half-open ranges (`a..b`, `..b`) are deliberately not accepted: a clause's ends are
/// inclusive, and an amount just below `b` has no written form, so such a range could only be
/// approximated. [`Clause::amount`](crate::Clause::amount) and
/// [`Clause::during`](crate::Clause::during) take it:
///
/// ```
/// use negdiff::{date, AmountRange, Clause, DateRange, Modality};
/// let c = Clause::new("c", "nato", Modality::MustNot, "deploy-missiles")
///     .amount(500.0..=5500.0)
///     .during(date!("2022-01-01")..);
/// assert_eq!(c.amount, Some(AmountRange { min: Some(500.0), max: Some(5500.0) }));
/// assert_eq!(c.when, Some(DateRange { from: Some(date!("2022-01-01")), until: None }));
/// ```
///
/// ```compile_fail
/// # use negdiff::{Clause, Modality};
/// // An excluded end has no exact form in a clause.
/// let c = Clause::new("c", "nato", Modality::MustNot, "deploy-missiles").amount(500.0..5500.0);
/// ```
pub trait InclusiveBounds<T>: sealed::Sealed<T> {
    /// The lower and upper end, `None` where the range is open.
    fn bounds(self) -> (Option<T>, Option<T>);
}

mod sealed {
    pub trait Sealed<T> {}
}

macro_rules! inclusive_bounds {
    ($($t:ty),*) => {$(
        impl sealed::Sealed<$t> for std::ops::RangeInclusive<$t> {}
        impl InclusiveBounds<$t> for std::ops::RangeInclusive<$t> {
            fn bounds(self) -> (Option<$t>, Option<$t>) {
                let (a, b) = self.into_inner();
                (Some(a), Some(b))
            }
        }
        impl sealed::Sealed<$t> for std::ops::RangeToInclusive<$t> {}
        impl InclusiveBounds<$t> for std::ops::RangeToInclusive<$t> {
            fn bounds(self) -> (Option<$t>, Option<$t>) {
                (None, Some(self.end))
            }
        }
        impl sealed::Sealed<$t> for std::ops::RangeFrom<$t> {}
        impl InclusiveBounds<$t> for std::ops::RangeFrom<$t> {
            fn bounds(self) -> (Option<$t>, Option<$t>) {
                (Some(self.start), None)
            }
        }
        impl sealed::Sealed<$t> for std::ops::RangeFull {}
        impl InclusiveBounds<$t> for std::ops::RangeFull {
            fn bounds(self) -> (Option<$t>, Option<$t>) {
                (None, None)
            }
        }
    )*};
}

inclusive_bounds!(f64, Date);

impl sealed::Sealed<f64> for AmountRange {}
impl InclusiveBounds<f64> for AmountRange {
    fn bounds(self) -> (Option<f64>, Option<f64>) {
        (self.min, self.max)
    }
}

impl sealed::Sealed<Date> for DateRange {}
impl InclusiveBounds<Date> for DateRange {
    fn bounds(self) -> (Option<Date>, Option<Date>) {
        (self.from, self.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(a: Option<f64>, ai: bool, b: Option<f64>, bi: bool) -> Interval<f64> {
        Interval {
            min: a,
            max: b,
            min_inclusive: ai,
            max_inclusive: bi,
        }
    }

    #[test]
    fn point_intervals() {
        assert!(!Interval::closed(Some(1.0), Some(1.0)).is_empty());
        assert!(iv(Some(1.0), false, Some(1.0), true).is_empty());
        assert!(Interval::closed(Some(2.0), Some(1.0)).is_empty());
    }

    #[test]
    fn subtract_keeps_open_ends_for_amounts() {
        let a = Interval::closed(Some(0.0), Some(200.0));
        let b = Interval::closed(Some(50.0), Some(100.0));
        assert_eq!(
            a.subtract(&b),
            vec![
                iv(Some(0.0), true, Some(50.0), false),
                iv(Some(100.0), false, Some(200.0), true)
            ]
        );
        assert_eq!(a.subtract(&a), vec![]);
        assert_eq!(b.subtract(&a), vec![]);
    }

    #[test]
    fn subtract_closes_ends_for_dates() {
        let d = |s: &str| s.parse::<Date>().ok();
        let a = Interval::closed(d("2022-01-01"), d("2022-01-31"));
        let b = Interval::closed(d("2022-01-10"), None);
        assert_eq!(a.subtract(&b), vec![Interval::closed(d("2022-01-01"), d("2022-01-09"))]);
        assert_eq!(a.days(), Some(31));
    }

    #[test]
    fn touching_ends() {
        let a = Interval::closed(None, Some(100.0));
        let b = Interval::closed(Some(100.0), None);
        assert_eq!(a.intersect(&b), Interval::closed(Some(100.0), Some(100.0)));
        let c = iv(Some(100.0), false, None, false);
        assert!(!a.intersects(&c));
        assert!(Interval::unbounded().covers(&a));
        assert!(!a.covers(&b));
    }

    #[test]
    fn nothing_lies_beyond_the_calendar() {
        let last = Date::from_day_number(i32::MAX);
        let first = Date::from_day_number(i32::MIN);
        let to_end = Interval::closed(None, Some(last));
        assert!(Interval::<Date>::unbounded().subtract(&to_end).is_empty());
        let from_start = Interval::closed(Some(first), None);
        assert!(Interval::<Date>::unbounded().subtract(&from_start).is_empty());
        assert_eq!(Interval::closed(Some(first), Some(last)).days(), Some(7_304_850));
    }

    #[test]
    fn display() {
        assert_eq!(Interval::closed(Some(500.0), Some(5500.0)).to_string(), "[500, 5500]");
        assert_eq!(iv(None, false, Some(3.0), false).to_string(), "(-∞, 3)");
    }
}
