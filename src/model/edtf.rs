//! The subset of ISO 8601-2 / EDTF that event times are written in, and the interval
//! (earliest, latest) each one covers.
//!
//! We write this parser rather than take the `edtf` crate: the subset we need is small
//! (a date of year, month or day precision, a time of day to the minute, the `?` `~` `%`
//! qualifiers and `/` ranges with `..` open ends), analysts write `2024-12-08T18:00`
//! without seconds, which strict EDTF refuses, and we need one-line errors and an interval
//! in minutes, which a general parser would leave to us anyway.
//!
//! Supported:
//!
//! ```text
//! 2024               a year
//! 2024-12            a month
//! 2024-12-08         a day
//! 2024-12-08T18:00   a minute (seconds and a trailing Z are accepted, and ignored)
//! 2024-12-08?        uncertain; `~` approximate; `%` both
//! 2024-12-07/2024-12-09, ../2024-12-09, 2024-12-07/..   ranges, open at one end
//! ```

use std::fmt;

/// Minutes in a day.
pub const DAY_MINUTES: i64 = 24 * 60;

/// A time span in minutes since 1970-01-01 00:00 (no time zone: times are as the sources
/// give them), from `earliest` (included) to `latest` (excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First minute covered.
    pub earliest: i64,
    /// First minute after the span.
    pub latest: i64,
}

impl Interval {
    /// Whether the span is a single minute: an exact time.
    pub fn is_point(self) -> bool {
        self.latest - self.earliest <= 1
    }

    /// Whether `minute` falls inside the span.
    pub fn contains(self, minute: i64) -> bool {
        (self.earliest..self.latest).contains(&minute)
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self { earliest: self.earliest.min(other.earliest), latest: self.latest.max(other.latest) }
    }
}

/// One calendar date or time of day, with its precision and qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdtfDate {
    /// The year (four digits).
    pub year: i32,
    /// The month, 1–12, if given.
    pub month: Option<u8>,
    /// The day of the month, if given.
    pub day: Option<u8>,
    /// Hour and minute, if given.
    pub time: Option<(u8, u8)>,
    /// `?`: the source is not sure of it.
    pub uncertain: bool,
    /// `~`: about then.
    pub approximate: bool,
}

/// A parsed EDTF value: one date or a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edtf {
    /// A single date, month, year or minute.
    Date(EdtfDate),
    /// From one date to another; `None` is an open end (`..`).
    Range(Option<EdtfDate>, Option<EdtfDate>),
}

/// Why a time could not be read; the message is one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EdtfError {
    /// Nothing was written.
    #[error("the time is empty; write a date such as 2024-12-08")]
    Empty,
    /// The shape is not one of the supported ones.
    #[error("{0:?} is not a date; write 2024, 2024-12, 2024-12-08 or 2024-12-08T18:00")]
    Shape(String),
    /// A month outside 1–12.
    #[error("{0:?} has no month {1}")]
    Month(String, u8),
    /// A day the month does not have.
    #[error("{0:?}: day {1} does not exist in that month")]
    Day(String, u8),
    /// An hour or minute out of range.
    #[error("{0:?}: the time of day is not between 00:00 and 23:59")]
    Clock(String),
    /// A range whose end comes before its start.
    #[error("{0:?} ends before it starts")]
    Reversed(String),
    /// A range with both ends open.
    #[error("{0:?} is open at both ends; give at least one date")]
    Open(String),
}

impl Edtf {
    /// Parses one EDTF value of the supported subset.
    pub fn parse(text: &str) -> Result<Self, EdtfError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EdtfError::Empty);
        }
        let Some((from, to)) = text.split_once('/') else {
            return parse_date(text).map(Self::Date);
        };
        let end =
            |part: &str| if part == ".." || part.is_empty() { Ok(None) } else { parse_date(part).map(Some) };
        let (from, to) = (end(from)?, end(to)?);
        if from.is_none() && to.is_none() {
            return Err(EdtfError::Open(text.to_owned()));
        }
        let range = Self::Range(from, to);
        if let (Some(a), Some(b)) = (from, to)
            && b.interval().latest <= a.interval().earliest
        {
            return Err(EdtfError::Reversed(text.to_owned()));
        }
        Ok(range)
    }

    /// The span it covers. An open end reaches one year past the other end; an
    /// approximate (`~`) date is widened by one unit of its precision on each side.
    pub fn interval(&self) -> Interval {
        const YEAR_MINUTES: i64 = 365 * DAY_MINUTES;
        match self {
            Self::Date(date) => date.interval(),
            Self::Range(Some(a), Some(b)) => a.interval().union(b.interval()),
            Self::Range(Some(a), None) => {
                let a = a.interval();
                Interval { earliest: a.earliest, latest: a.latest + YEAR_MINUTES }
            }
            Self::Range(None, Some(b)) => {
                let b = b.interval();
                Interval { earliest: b.earliest - YEAR_MINUTES, latest: b.latest }
            }
            Self::Range(None, None) => Interval { earliest: 0, latest: 0 },
        }
    }

    /// Whether the time is exact: a single minute, neither uncertain nor approximate.
    pub fn is_exact(&self) -> bool {
        matches!(self, Self::Date(d) if d.time.is_some() && !d.uncertain && !d.approximate)
    }

    /// Whether any part is marked uncertain or approximate.
    pub fn is_qualified(&self) -> bool {
        match self {
            Self::Date(d) => d.uncertain || d.approximate,
            Self::Range(a, b) => [a, b].into_iter().flatten().any(|d| d.uncertain || d.approximate),
        }
    }

    /// The single day this is, if it is one (a part of day can only go with such a time).
    pub fn as_day(&self) -> Option<(i32, u8, u8)> {
        match self {
            Self::Date(EdtfDate { year, month: Some(month), day: Some(day), time: None, .. }) => {
                Some((*year, *month, *day))
            }
            _ => None,
        }
    }
}

impl EdtfDate {
    /// The span this date covers, widened for `~`.
    pub fn interval(&self) -> Interval {
        let (start, len) = match (self.month, self.day, self.time) {
            (Some(m), Some(d), Some((h, min))) => {
                (days_from_civil(self.year, m, d) * DAY_MINUTES + i64::from(h) * 60 + i64::from(min), 1)
            }
            (Some(m), Some(d), None) => (days_from_civil(self.year, m, d) * DAY_MINUTES, DAY_MINUTES),
            (Some(m), None, _) => (
                days_from_civil(self.year, m, 1) * DAY_MINUTES,
                i64::from(days_in_month(self.year, m)) * DAY_MINUTES,
            ),
            _ => {
                let start = days_from_civil(self.year, 1, 1);
                (start * DAY_MINUTES, (days_from_civil(self.year + 1, 1, 1) - start) * DAY_MINUTES)
            }
        };
        let widen = if self.approximate { len.max(60) } else { 0 };
        Interval { earliest: start - widen, latest: start + len + widen }
    }
}

fn parse_date(text: &str) -> Result<EdtfDate, EdtfError> {
    let shape = || EdtfError::Shape(text.to_owned());
    let (body, uncertain, approximate) = match text.as_bytes().last() {
        Some(b'?') => (&text[..text.len() - 1], true, false),
        Some(b'~') => (&text[..text.len() - 1], false, true),
        Some(b'%') => (&text[..text.len() - 1], true, true),
        _ => (text, false, false),
    };
    let (day_part, time_part) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t.strip_suffix('Z').unwrap_or(t))),
        None => (body, None),
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok()).flatten()
    };
    let mut parts = day_part.split('-');
    let year = parts.next().and_then(|y| number(y, 4)).ok_or_else(shape)?;
    let month = parts.next().map(|m| number(m, 2).ok_or_else(shape)).transpose()?;
    let day = parts.next().map(|d| number(d, 2).ok_or_else(shape)).transpose()?;
    if parts.next().is_some() {
        return Err(shape());
    }
    let year = i32::from(year);
    let month = month.map(|m| u8::try_from(m).unwrap_or(u8::MAX));
    let day = day.map(|d| u8::try_from(d).unwrap_or(u8::MAX));
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(EdtfError::Month(text.to_owned(), m));
    }
    if let (Some(m), Some(d)) = (month, day)
        && !(1..=days_in_month(year, m)).contains(&d)
    {
        return Err(EdtfError::Day(text.to_owned(), d));
    }
    let time = match time_part {
        None => None,
        Some(t) => {
            if day.is_none() {
                return Err(shape());
            }
            let mut clock = t.split(':');
            let hour = clock.next().and_then(|h| number(h, 2)).ok_or_else(shape)?;
            let minute = clock.next().and_then(|m| number(m, 2)).ok_or_else(shape)?;
            if let Some(seconds) = clock.next() {
                number(seconds, 2).filter(|s| *s < 60).ok_or_else(shape)?;
            }
            if clock.next().is_some() {
                return Err(shape());
            }
            if hour > 23 || minute > 59 {
                return Err(EdtfError::Clock(text.to_owned()));
            }
            // Both are below 60 now.
            Some((u8::try_from(hour).unwrap_or(0), u8::try_from(minute).unwrap_or(0)))
        }
    };
    Ok(EdtfDate { year, month, day, time, uncertain, approximate })
}

impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        if let Some((h, m)) = self.time {
            write!(f, "T{h:02}:{m:02}")?;
        }
        match (self.uncertain, self.approximate) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("?"),
            (false, true) => f.write_str("~"),
            (false, false) => Ok(()),
        }
    }
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(d) => d.fmt(f),
            Self::Range(a, b) => {
                match a {
                    Some(a) => a.fmt(f)?,
                    None => f.write_str("..")?,
                }
                f.write_str("/")?;
                match b {
                    Some(b) => b.fmt(f),
                    None => f.write_str(".."),
                }
            }
        }
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month (1–12).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day counted from 1970-01-01 (`civil_from_days`).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // The ranges above keep day in 1..=31 and month in 1..=12.
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// The span of a relation's time, written as partial dates ("2018", "2024-12",
/// "2024-12-08", "December 2024"): from the first day of `start` to the last day of `end`,
/// or the period of whichever of the two is a date; `None` when neither is.
pub fn period_interval(start: &str, end: &str) -> Option<Interval> {
    let period = |text: &str| {
        let (y, m, d) = super::date_sort_key(text);
        (y != 0).then(|| {
            let month = (m != 0).then_some(m);
            let day = (m != 0 && d != 0).then_some(d);
            EdtfDate { year: y, month, day, time: None, uncertain: false, approximate: false }.interval()
        })
    };
    match (period(start), period(end)) {
        (Some(a), Some(b)) => Some(a.union(b)),
        (Some(a), None) | (None, Some(a)) => Some(a),
        (None, None) => None,
    }
}

/// A minute since 1970-01-01 as ISO 8601 text ("2024-12-08T18:00").
pub fn minute_label(minute: i64) -> String {
    let (y, m, d) = civil_from_days(minute.div_euclid(DAY_MINUTES));
    let of_day = minute.rem_euclid(DAY_MINUTES);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}", of_day / 60, of_day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minute(y: i32, m: u8, d: u8, h: i64, min: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MINUTES + h * 60 + min
    }

    #[test]
    fn edtf_subset_parses_to_intervals() {
        let table: [(&str, i64, i64); 10] = [
            ("2024-12-08", minute(2024, 12, 8, 0, 0), minute(2024, 12, 9, 0, 0)),
            ("2024-12-08?", minute(2024, 12, 8, 0, 0), minute(2024, 12, 9, 0, 0)),
            ("2024-12-08T18:00", minute(2024, 12, 8, 18, 0), minute(2024, 12, 8, 18, 1)),
            ("2024-12-08T18:00:30Z", minute(2024, 12, 8, 18, 0), minute(2024, 12, 8, 18, 1)),
            ("2024-12", minute(2024, 12, 1, 0, 0), minute(2025, 1, 1, 0, 0)),
            ("2024", minute(2024, 1, 1, 0, 0), minute(2025, 1, 1, 0, 0)),
            ("2024-02", minute(2024, 2, 1, 0, 0), minute(2024, 3, 1, 0, 0)),
            ("2024-12-07/2024-12-09", minute(2024, 12, 7, 0, 0), minute(2024, 12, 10, 0, 0)),
            ("2024-12-08~", minute(2024, 12, 7, 0, 0), minute(2024, 12, 10, 0, 0)),
            ("../2024-12-09", minute(2023, 12, 10, 0, 0), minute(2024, 12, 10, 0, 0)),
        ];
        for (text, earliest, latest) in table {
            let parsed = Edtf::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed.interval(), Interval { earliest, latest }, "{text}");
        }
    }

    #[test]
    fn edtf_round_trips_through_display() {
        for text in ["2024", "2024-12", "2024-12-08%", "2024-12-08T18:05", "2024-12-07/..", "../2024-12-09?"]
        {
            assert_eq!(Edtf::parse(text).map(|e| e.to_string()).as_deref(), Ok(text), "{text}");
        }
        assert!(Edtf::parse("2024-12-08T18:00").is_ok_and(|e| e.is_exact()));
        assert!(Edtf::parse("2024-12-08?").is_ok_and(|e| e.is_qualified() && !e.is_exact()));
    }

    #[test]
    fn invalid_times_give_one_line_errors() {
        let table = [
            ("", "the time is empty; write a date such as 2024-12-08"),
            (
                "8 December",
                "\"8 December\" is not a date; write 2024, 2024-12, 2024-12-08 or 2024-12-08T18:00",
            ),
            ("2024-13-01", "\"2024-13-01\" has no month 13"),
            ("2023-02-29", "\"2023-02-29\": day 29 does not exist in that month"),
            ("2024-12-08T24:00", "\"2024-12-08T24:00\": the time of day is not between 00:00 and 23:59"),
            ("2024-12-09/2024-12-07", "\"2024-12-09/2024-12-07\" ends before it starts"),
            ("../..", "\"../..\" is open at both ends; give at least one date"),
            (
                "2024-12T18:00",
                "\"2024-12T18:00\" is not a date; write 2024, 2024-12, 2024-12-08 or 2024-12-08T18:00",
            ),
            ("24-12-08", "\"24-12-08\" is not a date; write 2024, 2024-12, 2024-12-08 or 2024-12-08T18:00"),
            ("2024-12-8", "\"2024-12-8\" is not a date; write 2024, 2024-12, 2024-12-08 or 2024-12-08T18:00"),
        ];
        for (text, message) in table {
            let error = Edtf::parse(text).expect_err(text);
            assert_eq!(error.to_string(), message, "{text}");
            assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn relation_periods_cover_whole_days_months_and_years() {
        let table = [
            ("2024-12-08", "", Some((minute(2024, 12, 8, 0, 0), minute(2024, 12, 9, 0, 0)))),
            ("2024-12", "", Some((minute(2024, 12, 1, 0, 0), minute(2025, 1, 1, 0, 0)))),
            ("2018", "2019", Some((minute(2018, 1, 1, 0, 0), minute(2020, 1, 1, 0, 0)))),
            ("December 2024", "", Some((minute(2024, 12, 1, 0, 0), minute(2025, 1, 1, 0, 0)))),
            ("", "2019", Some((minute(2019, 1, 1, 0, 0), minute(2020, 1, 1, 0, 0)))),
            ("", "", None),
            ("last week", "", None),
        ];
        for (start, end, span) in table {
            let got = period_interval(start, end).map(|i| (i.earliest, i.latest));
            assert_eq!(got, span, "{start:?} {end:?}");
        }
    }

    #[test]
    fn days_convert_both_ways() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (2024, 12, 8), (1999, 12, 31), (1900, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(minute_label(minute(2024, 12, 8, 18, 5)), "2024-12-08T18:05");
    }
}
