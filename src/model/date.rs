//! Calendar dates without a time zone, as negotiation texts use them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD` (ISO 8601).
///
/// Stored as a day number so that intervals of dates are intervals of integers:
/// the day after `2022-01-31` is `2022-02-01`, and a time window's length in days is exact.
///
/// ```
/// use negdiff::Date;
/// let d: Date = "2022-01-12".parse().unwrap();
/// assert_eq!(d.to_string(), "2022-01-12");
/// assert_eq!(d.succ().to_string(), "2022-01-13");
/// assert!("2022-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

/// A [`Date`] written as a literal, `date!("2022-01-12")`, checked when the program compiles:
/// a text that is not `YYYY-MM-DD` or a day that does not exist is a compile error, so the
/// value needs no `unwrap`.
///
/// ```
/// use negdiff::{date, Date};
/// const TALKS: Date = date!("2022-01-12");
/// assert_eq!(TALKS.to_string(), "2022-01-12");
/// assert_eq!(date!("2024-02-29"), "2024-02-29".parse().unwrap());
/// ```
///
/// ```compile_fail
/// let d = negdiff::date!("2022-02-30"); // February has no 30th
/// ```
#[macro_export]
macro_rules! date {
    ($text:literal) => {{
        const DATE: $crate::Date = match $crate::Date::__from_literal($text) {
            ::core::option::Option::Some(d) => d,
            ::core::option::Option::None => ::core::panic!("not a calendar day of the form YYYY-MM-DD"),
        };
        DATE
    }};
}

/// Why a text is not a valid date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a date of the form YYYY-MM-DD ({reason})")]
pub struct DateError {
    /// The text that failed to parse.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Date {
    /// The date of a calendar day, or `None` when the day does not exist (`2022-02-30`)
    /// or the year is outside `-9999..=9999`.
    ///
    /// A `const fn`: for a day known when the program is written, [`date!`](crate::date)
    /// checks it at compile time.
    #[must_use]
    pub const fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if year < -9999 || year > 9999 || month < 1 || month > 12 {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// `YYYY-MM-DD` read at compile time, for [`date!`](crate::date).
    #[doc(hidden)]
    #[must_use]
    pub const fn __from_literal(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let mut n = [0u32; 8];
        let digits = [0, 1, 2, 3, 5, 6, 8, 9];
        let mut i = 0;
        while i < 8 {
            let c = b[digits[i]];
            if !c.is_ascii_digit() {
                return None;
            }
            n[i] = (c - b'0') as u32;
            i += 1;
        }
        let year = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
        Date::from_ymd(year as i32, n[4] * 10 + n[5], n[6] * 10 + n[7])
    }

    /// Year, month (1–12) and day (1–31).
    #[must_use]
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub fn day_number(self) -> i32 {
        self.days
    }

    /// The date with the given day number (days since 1970-01-01), clamped to years -9999..=9999.
    #[must_use]
    pub fn from_day_number(days: i32) -> Date {
        const MIN: i32 = -4_371_953; // -9999-01-01
        const MAX: i32 = 2_932_896; // 9999-12-31
        Date {
            days: days.clamp(MIN, MAX),
        }
    }

    /// The next day.
    #[must_use]
    pub fn succ(self) -> Date {
        Date::from_day_number(self.days.saturating_add(1))
    }

    /// The previous day.
    #[must_use]
    pub fn pred(self) -> Date {
        Date::from_day_number(self.days.saturating_sub(1))
    }
}

const fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days-from-civil algorithm: exact for the whole proleptic Gregorian calendar.
const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A date's ISO text, written without `fmt`: reports write hundreds of thousands of dates.
pub(crate) struct IsoDate {
    /// The text, right-aligned.
    bytes: [u8; 17],
    start: usize,
}

impl IsoDate {
    /// The text's bytes, for writers that need no `str` (and so no UTF-8 check).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    pub(crate) fn as_str(&self) -> &str {
        // Digits and dashes only.
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

impl Date {
    /// `YYYY-MM-DD`, `-YYYY-MM-DD` before year 0: the year has at least four digits (more
    /// only for the first clamped day, which lies in year -10000).
    pub(crate) fn iso(self) -> IsoDate {
        let (y, m, d) = self.ymd();
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let mut bytes = [b'0'; 17];
        bytes[11..].copy_from_slice(&[b'-', digit(m / 10), digit(m), b'-', digit(d / 10), digit(d)]);
        let mut start = 11;
        let mut year = y.unsigned_abs();
        while year > 0 || start > 7 {
            start -= 1;
            bytes[start] = digit(year);
            year /= 10;
        }
        if y < 0 {
            start -= 1;
            bytes[start] = b'-';
        }
        IsoDate { bytes, start }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso().as_str())
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = |reason| DateError {
            value: s.to_string(),
            reason,
        };
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut parts = body.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(err("expected three parts separated by `-`"));
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(err("expected four digits, two digits and two digits"));
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(err("not a number"));
        };
        let y = if neg { -y } else { y };
        if !(1..=12).contains(&m) {
            return Err(err("month out of range"));
        }
        Date::from_ymd(y, m, d).ok_or_else(|| err("no such day in that month"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.iso().as_str())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

// TOML hands its native dates to serde as a one-entry map with a private key; accepting that
// shape lets `date = 2022-01-12` and `date = "2022-01-12"` both load.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date YYYY-MM-DD")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        use serde::de::Error;
        let key: Option<String> = map.next_key()?;
        match key.as_deref() {
            Some(TOML_DATETIME_KEY) => {
                let v: String = map.next_value()?;
                if v.len() != 10 {
                    return Err(A::Error::custom(format!(
                        "`{v}` is a date-time; a date YYYY-MM-DD is expected"
                    )));
                }
                v.parse().map_err(A::Error::custom)
            }
            _ => Err(A::Error::custom("expected a date YYYY-MM-DD")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `fmt`-free text is the padded `fmt` one, over the whole range of days.
    #[test]
    fn iso_text_is_the_padded_year_month_day() {
        let padded = |d: Date| {
            let (y, m, d) = d.ymd();
            if y < 0 {
                format!("-{:04}-{m:02}-{d:02}", -y)
            } else {
                format!("{y:04}-{m:02}-{d:02}")
            }
        };
        let (first, last) = (Date::from_day_number(i32::MIN), Date::from_day_number(i32::MAX));
        // The clamp's first day lies in year -10000, and reads so.
        assert_eq!(first.to_string(), "-10000-01-01");
        assert_eq!(last.to_string(), "9999-12-31");
        let edges = [-719_529, -719_528, -719_162, -1, 0, 1, 19_004];
        let days = (first.day_number()..=last.day_number()).step_by(37).chain(edges);
        for n in days.chain([last.day_number()]) {
            let d = Date::from_day_number(n);
            assert_eq!(d.to_string(), padded(d), "day {n}");
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", padded(d)));
        }
    }

    #[test]
    fn round_trips_known_days() {
        for (s, n) in [("1970-01-01", 0), ("2022-01-12", 19_004), ("1997-05-27", 10_008)] {
            let d: Date = s.parse().unwrap();
            assert_eq!(d.day_number(), n, "{s}");
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn leap_years() {
        assert!("2020-02-29".parse::<Date>().is_ok());
        assert!("2021-02-29".parse::<Date>().is_err());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "2022-1-12",
            "2022/01/12",
            "20220112",
            "2022-13-01",
            "2022-00-10",
            "x022-01-01",
            "2022-01-12-1",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
        let e = "2022-02-30".parse::<Date>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`2022-02-30` is not a date of the form YYYY-MM-DD (no such day in that month)"
        );
    }

    #[test]
    fn every_day_round_trips() {
        for n in -800_000..800_000 {
            let d = Date::from_day_number(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
        }
    }
}
