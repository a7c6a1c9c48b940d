//! Helpers every text and Markdown report shares: intervals, scopes, counted words.

use std::fmt::Write as _;

use super::describe_places;
use crate::analysis::{Legend, ScopeBox};
use crate::model::{Date, Interval, Point};

/// An interval in words, the one way every report writes amounts and time windows:
/// `500 to 5500`, `from 2`, `up to 40`, `above 6104 and below 6105`.
pub(crate) fn interval_text<T: Point>(iv: &Interval<T>) -> String {
    let low = |a: T| {
        if iv.min_inclusive {
            format!("from {a}")
        } else {
            format!("above {a}")
        }
    };
    let high = |b: T| {
        if iv.max_inclusive {
            format!("up to {b}")
        } else {
            format!("below {b}")
        }
    };
    match (iv.min, iv.max) {
        (Some(a), Some(b)) if a == b && iv.min_inclusive && iv.max_inclusive => a.to_string(),
        (Some(a), Some(b)) if iv.min_inclusive && iv.max_inclusive => format!("{a} to {b}"),
        (Some(a), Some(b)) => format!("{} and {}", low(a), high(b)),
        (Some(a), None) => low(a),
        (None, Some(b)) => high(b),
        (None, None) => "any".to_string(),
    }
}

/// One line per box: places; time; amount.
pub(crate) fn scope_text(legend: &Legend, b: &ScopeBox) -> String {
    let mut s = describe_places(legend, &b.places);
    if let Some(w) = &b.when {
        let _ = write!(s, "; {}", interval_text(w));
    }
    if let Some(a) = &b.amount {
        let _ = write!(s, "; amount {}", interval_text(a));
    }
    s
}

/// The word for `n` things: `one` when `n` is 1, else `many`; `plural(n, "", "s")` is the
/// suffix. Every counted word of every report goes through here.
pub(crate) fn plural<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) {
        one
    } else {
        many
    }
}

/// `1 conflict`, `2 conflicts`.
pub(crate) fn counted<N: PartialEq + From<u8> + std::fmt::Display + Copy>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}

/// Input text as inert Markdown on one line (a table cell or a heading).
pub(crate) fn md(s: &str) -> String {
    crate::escape::markdown(s)
}

/// A position's label with its date, `round one (2022-01-12)`, unless the label already names
/// the date (`… (12 Jan 2022)`), so that no report writes it twice.
pub(crate) fn dated_label(label: &str, date: Option<Date>) -> String {
    match date.filter(|&d| !label_has_date(label, d)) {
        Some(d) => format!("{label} ({d})"),
        None => label.to_string(),
    }
}

/// Whether a label already names its date ("… (12 Jan 2022)", "… 2022-01-12"), so that the
/// date is not written twice.
fn label_has_date(label: &str, date: Date) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if label.contains(&date.to_string()) {
        return true;
    }
    let (y, m, d) = date.ymd();
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(month) = (m as usize).checked_sub(1).and_then(|i| MONTHS.get(i)) else {
        return false;
    };
    words.contains(&y.to_string().as_str())
        && words.iter().any(|w| w.starts_with(*month))
        && words.contains(&d.to_string().as_str())
}
