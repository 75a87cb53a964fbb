//! Date suggestions: the dates and times a sentence gives ("December 8", "8 December
//! 2024", "Sunday 8. December", "on the evening of …", "on Sunday", "a week ago"), as
//! event times, read against the source's publication date.

use std::ops::Range;

use crate::model::{EventTime, PartOfDay, civil_from_days, date_sort_key, days_from_civil, days_in_month};

/// A time found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateSuggestion {
    /// Where the phrase is, in bytes of the text searched.
    pub range: Range<usize>,
    /// The time it stands for, with its part of day if the phrase gives one.
    pub time: EventTime,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// One word of the text, lowercased, with its byte span.
struct Word {
    text: String,
    range: Range<usize>,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { text: text[s..i].to_lowercase(), range: s..i });
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn month_of(word: &str) -> Option<u8> {
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)) || (word == "sept"))?;
    u8::try_from(index + 1).ok()
}

/// A day of the month written as "8", "08" or "8th".
fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|y| (1000..=2999).contains(y))
}

fn part_of(word: &str) -> Option<PartOfDay> {
    PartOfDay::ALL.into_iter().find(|p| p.name() == word)
}

/// The day (days since 1970-01-01) of a publication date such as "2024-12-16", if it
/// names a whole day.
fn published_day(published: &str) -> Option<i64> {
    match date_sort_key(published) {
        (y, m, d) if y > 0 && m > 0 && d > 0 => Some(days_from_civil(y, m, d)),
        _ => None,
    }
}

fn day_text(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The dates and times in `text`, in text order. `published` is the source's publication
/// date ("2024-12-16"): it gives the year where the text leaves it out, and the day that
/// "on Sunday" or "a week ago" count back from; without a whole day those are skipped.
pub fn suggest_times(text: &str, published: &str) -> Vec<DateSuggestion> {
    let words = words(text);
    let today = published_day(published);
    let default_year = match date_sort_key(published).0 {
        0 => None,
        year => Some(year),
    };
    let mut found: Vec<DateSuggestion> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((mut range, when, used)) = date_at(&words, i, default_year, today) else {
            i += 1;
            continue;
        };
        // "on the evening of …", "in the afternoon of …", "on the night of …".
        let mut part = None;
        if i >= 2
            && words[i - 1].text == "of"
            && let Some(p) = part_of(&words[i - 2].text)
        {
            part = Some(p);
            let the = i >= 3 && words[i - 3].text == "the";
            range.start = words[if the { i - 3 } else { i - 2 }].range.start;
        }
        if part.is_some() && when.contains('/') {
            // A part of day needs a single day.
            part = None;
        }
        found.push(DateSuggestion { range, time: EventTime { part, ..EventTime::new(when) } });
        i += used;
    }
    found
}

/// The date that starts at word `i`, with its span, its EDTF text and how many words it
/// took.
fn date_at(
    words: &[Word],
    i: usize,
    year: Option<i32>,
    today: Option<i64>,
) -> Option<(Range<usize>, String, usize)> {
    let word = |k: usize| words.get(k).map(|w| w.text.as_str());
    let span = |from: usize, to: usize| words[from].range.start..words[to].range.end;
    let with_year = |y: Option<i32>, m: u8, d: u8| -> Option<String> {
        let y = y?;
        (d <= days_in_month(y, m)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let current = word(i)?;
    // A weekday before a date belongs to it: "Sunday 8. December".
    let weekday = WEEKDAYS.iter().position(|d| *d == current);
    let first = usize::from(weekday.is_some());
    // "8 December [2024]"
    if let (Some(d), Some(m)) = (word(i + first).and_then(day_of), word(i + first + 1).and_then(month_of)) {
        let explicit = word(i + first + 2).and_then(year_of);
        let last = i + first + 1 + usize::from(explicit.is_some());
        return Some((span(i, last), with_year(explicit.or(year), m, d)?, last - i + 1));
    }
    // "December 8[th][, 2024]"
    if let (Some(m), Some(d)) = (word(i + first).and_then(month_of), word(i + first + 1).and_then(day_of)) {
        let explicit = word(i + first + 2).and_then(year_of);
        let last = i + first + 1 + usize::from(explicit.is_some());
        return Some((span(i, last), with_year(explicit.or(year), m, d)?, last - i + 1));
    }
    let today = today?;
    // "Sunday the 8th": that day of the month of publication, or of the month before.
    if weekday.is_some()
        && word(i + 1) == Some("the")
        && let Some(d) = word(i + 2).and_then(day_of)
    {
        let (y, m, today_d) = civil_from_days(today);
        let (y, m) = if d <= today_d {
            (y, m)
        } else if m == 1 {
            (y - 1, 12)
        } else {
            (y, m - 1)
        };
        let start = if i > 0 && matches!(word(i - 1), Some("last" | "on")) { i - 1 } else { i };
        return Some((span(start, i + 2), with_year(Some(y), m, d)?, 3));
    }
    // "on Sunday", "last Sunday", "this Monday": the latest such day up to publication.
    if let Some(weekday) = weekday
        && i > 0
        && matches!(word(i - 1), Some("on" | "last" | "this"))
    {
        // 1970-01-01 was a Thursday (index 3).
        let today_index = (today + 3).rem_euclid(7);
        let weekday = i64::try_from(weekday).unwrap_or(0);
        let mut back = (today_index - weekday).rem_euclid(7);
        if back == 0 && word(i - 1) == Some("last") {
            back = 7;
        }
        return Some((span(i - 1, i), day_text(today - back), 1));
    }
    // "a week ago", "two days ago", "yesterday"
    if current == "yesterday" {
        return Some((span(i, i), day_text(today - 1), 1));
    }
    if word(i + 2) == Some("ago") {
        let count = match current {
            "a" | "one" => 1,
            "two" => 2,
            "three" => 3,
            other => other.parse().ok()?,
        };
        let days = match word(i + 1)? {
            "day" | "days" => count,
            "week" | "weeks" => 7 * count,
            _ => return None,
        };
        // "A week ago" is approximate: a day either side.
        let when = if days >= 7 {
            format!("{}/{}", day_text(today - days - 1), day_text(today - days + 1))
        } else {
            day_text(today - days)
        };
        return Some((span(i, i + 2), when, 3));
    }
    None
}

/// The span of the sentence around `range` in `text`: from the sentence start before it
/// to the sentence end after it. A full stop right after a number ("Sunday 8. December")
/// does not end a sentence here.
pub fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let starts: Vec<usize> = super::cooccurrence::sentence_starts(text)
        .into_iter()
        .filter(|&s| s == 0 || !ends_with_numbered_stop(&text[..s]))
        .collect();
    let index = starts.partition_point(|&s| s <= range.start).saturating_sub(1);
    let start = starts.get(index).copied().unwrap_or(0);
    let end = starts.iter().copied().find(|&s| s >= range.end.max(start + 1)).unwrap_or(text.len());
    start..end.max(range.end).min(text.len())
}

fn ends_with_numbered_stop(before: &str) -> bool {
    let trimmed = before.trim_end();
    trimmed.strip_suffix('.').is_some_and(|t| t.ends_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_report_phrases_become_times() {
        // (sentence, publication date, the phrase found, EDTF, part of day)
        let table: [(&str, &str, &str, &str, Option<PartOfDay>); 12] = [
            (
                "he left Syria on December 8 from a Russian base",
                "2024-12-16",
                "December 8",
                "2024-12-08",
                None,
            ),
            (
                "an immediate evacuation on the afternoon of December 8,",
                "2024-12-16",
                "the afternoon of December 8",
                "2024-12-08",
                Some(PartOfDay::Afternoon),
            ),
            (
                "airlift him to Moscow on the evening of December 8th, the day after",
                "2024-12-16",
                "the evening of December 8th",
                "2024-12-08",
                Some(PartOfDay::Evening),
            ),
            (
                "an immediate evacuation to Russia on the evening of Sunday 8. December.",
                "2024-12-16",
                "the evening of Sunday 8. December",
                "2024-12-08",
                Some(PartOfDay::Evening),
            ),
            (
                "move him on the night of December 8 to Moscow",
                "December 2024",
                "the night of December 8",
                "2024-12-08",
                Some(PartOfDay::Night),
            ),
            ("it was written in Moscow on December 16, 2024.", "", "December 16, 2024", "2024-12-16", None),
            ("on 8 December 2024 the capital fell", "", "8 December 2024", "2024-12-08", None),
            (
                "The Syrian presidency media office on Monday published a letter",
                "2024-12-16",
                "on Monday",
                "2024-12-16",
                None,
            ),
            (
                "reported a week ago, last Sunday the 8th",
                "2024-12-16",
                "a week ago",
                "2024-12-08/2024-12-10",
                None,
            ),
            ("last Sunday the 8th, that Assad", "2024-12-16", "last Sunday the 8th", "2024-12-08", None),
            ("it happened last Sunday.", "2024-12-16", "last Sunday", "2024-12-15", None),
            ("On December 9th, Russian media reported", "2024-12-16", "December 9th", "2024-12-09", None),
        ];
        for (sentence, published, phrase, when, part) in table {
            let found = suggest_times(sentence, published);
            let Some(first) = found.first() else { panic!("nothing found in {sentence:?}") };
            assert_eq!(&sentence[first.range.clone()], phrase, "{sentence}");
            assert_eq!((first.time.when.as_str(), first.time.part), (when, part), "{sentence}");
            assert!(first.time.parse().is_ok(), "{sentence}");
        }
    }

    #[test]
    fn no_date_no_suggestion() {
        for (sentence, published) in [
            ("Assad met with military chiefs at the ministry", "2024-12-16"),
            ("on Sunday", ""),
            ("he was 8 when the war began", "2024-12-16"),
            ("December 8", ""),
        ] {
            assert_eq!(suggest_times(sentence, published), [], "{sentence}");
        }
    }

    #[test]
    fn the_sentence_around_a_selection_keeps_numbered_stops() {
        let text = "First one. The evacuation on the evening of Sunday 8. December. Last one.";
        let at = text.find("evacuation").expect("there");
        let range = sentence_around(text, at..at + 10);
        assert_eq!(&text[range], "The evacuation on the evening of Sunday 8. December. ");
    }
}
