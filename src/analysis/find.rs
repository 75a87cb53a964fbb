//! Find in one source (the Reader's Ctrl+F): every place a word or phrase occurs, ignoring
//! case and accents, as byte ranges of the original text.

use std::ops::Range;

use crate::text::{Folded, fold};

/// Byte ranges of the text `folded` was made from where `query` occurs, ignoring case
/// and accents ("asad" finds "Asad" and "ASAD", "khmeimim" finds "Khmeimím"); none for a
/// blank query.
pub fn find_in_text(folded: &Folded, query: &str) -> Vec<Range<usize>> {
    let needle = fold(query);
    if needle.trim().is_empty() {
        return Vec::new();
    }
    folded.text().match_indices(needle.as_str()).map(|(at, m)| folded.to_original(at..at + m.len())).collect()
}

/// The match after (`forward`) or before `current` among `count`, wrapping around at
/// either end; `None` when there are no matches.
pub fn step_match(current: usize, count: usize, forward: bool) -> Option<usize> {
    (count > 0).then(|| if forward { (current + 1) % count } else { (current + count - 1) % count })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ignores_case_and_accents() {
        let rows: [(&str, &str, Vec<Range<usize>>); 4] = [
            ("Hmeimim, HMEIMIM and Hmeimím — not Hmeimin.", "hmeimim", vec![0..7, 9..16, 21..29]),
            ("Hmeimim, HMEIMIM and Hmeimím — not Hmeimin.", "", vec![]),
            ("Hmeimim", "  ", vec![]),
            ("é e É", "E", vec![0..2, 3..4, 5..7]),
        ];
        for (text, query, expected) in rows {
            assert_eq!(find_in_text(&Folded::new(text), query), expected, "{query:?} in {text:?}");
        }
    }

    #[test]
    fn stepping_wraps_around() {
        let rows = [
            ((0, 3, true), Some(1)),
            ((2, 3, true), Some(0)),
            ((0, 3, false), Some(2)),
            ((1, 3, false), Some(0)),
            ((0, 0, true), None),
        ];
        for ((current, count, forward), expected) in rows {
            assert_eq!(step_match(current, count, forward), expected, "{current} of {count}, {forward}");
        }
    }
}
