//! Text selection in the Reader, by byte offsets into the source's text: the Reader
//! draws its own selection (egui's label selection knows nothing of offsets) so that a
//! selection can become a mention or a quote with an exact anchor.

use std::ops::Range;

use crate::analysis::{word_char_ends_at, word_char_starts_at};

/// Characters dropped from either end of a selection before it becomes a mention.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || ",;:!?\"()[]{}«»\u{201c}\u{201d}\u{2018}\u{2019}'".contains(c)
}

/// `range` grown to whole words at both ends and stripped of surrounding spaces, quotes
/// and punctuation, so that "ssad said" becomes "Assad said" and "“Assad,”" becomes
/// "Assad". A trailing full stop stays only after an abbreviation ("U.S.").
pub fn snap_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Grow: a boundary inside a word moves to the word's edge.
    while start > 0 && word_char_ends_at(text, start) && word_char_starts_at(text, start) {
        start = prev_char(text, start);
    }
    while end < text.len() && word_char_ends_at(text, end) && word_char_starts_at(text, end) {
        end = next_char(text, end);
    }
    // Trim.
    while start < end && text[start..end].chars().next().is_some_and(|c| is_trimmed(c) || c == '.') {
        start = next_char(text, start);
    }
    while start < end {
        let last = text[start..end].chars().next_back().unwrap_or(' ');
        let abbreviation = last == '.' && text[start..end].chars().rev().nth(2) == Some('.');
        if is_trimmed(last) || (last == '.' && !abbreviation) {
            end = prev_char(text, end);
        } else {
            break;
        }
    }
    start..end
}

/// The word around byte `offset` (for a double click); an empty range between words.
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut start = offset;
    while start > 0 && word_char_ends_at(text, start) {
        start = prev_char(text, start);
    }
    let mut end = offset;
    while end < text.len() && word_char_starts_at(text, end) {
        end = next_char(text, end);
    }
    start..end
}

fn prev_char(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(text.len(), |c| at + c.len_utf8())
}

/// The byte offset in `paragraph` of character number `char_index` (its end past the last).
pub fn char_to_byte(paragraph: &str, char_index: usize) -> usize {
    paragraph.char_indices().nth(char_index).map_or(paragraph.len(), |(i, _)| i)
}

/// The character number of byte `offset` in `paragraph`.
pub fn byte_to_char(paragraph: &str, offset: usize) -> usize {
    paragraph[..offset.min(paragraph.len())].chars().count()
}

/// Rectangles (relative to the galley) covering characters `chars` of a left-to-right
/// galley, one per row.
pub fn selection_rects(galley: &egui::Galley, chars: Range<usize>) -> Vec<egui::Rect> {
    let mut rects = Vec::new();
    let mut first = 0;
    for row in &galley.rows {
        let count = row.glyphs.len();
        let (a, b) = (chars.start.max(first), chars.end.min(first + count));
        if a < b {
            let left = row.glyphs[a - first].pos.x;
            let last = &row.glyphs[b - first - 1];
            let right = last.pos.x + last.advance_width;
            let top = row.pos.y;
            rects.push(egui::Rect::from_min_max(
                egui::pos2(row.pos.x + left, top),
                egui::pos2(row.pos.x + right, top + row.size.y),
            ));
        }
        first += count;
    }
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str, a: usize, b: usize) -> &str {
        &text[snap_to_words(text, a..b)]
    }

    #[test]
    fn selections_grow_to_whole_words() {
        let text = "President Bashar al-Assad said";
        assert_eq!(snap(text, 12, 16), "Bashar");
        assert_eq!(snap(text, 11, 22), "Bashar al-Assad");
        assert_eq!(snap(text, 9, 26), "Bashar al-Assad");
        assert_eq!(snap(text, 0, 1), "President");
    }

    #[test]
    fn quotes_and_punctuation_are_trimmed() {
        let text = "He said \u{201c}Hay\u{2019}at Tahrir al-Sham,\u{201d} and the U.S. agreed.";
        let start = text.find('\u{201c}').unwrap_or(0);
        let end = text.find(" and").unwrap_or(0);
        assert_eq!(snap(text, start, end), "Hay\u{2019}at Tahrir al-Sham");
        let us = text.find("U.S.").unwrap_or(0);
        assert_eq!(snap(text, us, us + 4), "U.S.");
        let agreed = text.find("agreed").unwrap_or(0);
        assert_eq!(snap(text, agreed, text.len()), "agreed");
        assert_eq!(snap(text, 2, 3), "");
    }

    #[test]
    fn double_click_takes_one_word() {
        let text = "Assad fled to Moscow; بشار الأسد";
        assert_eq!(&text[word_at(text, 2)], "Assad");
        assert_eq!(&text[word_at(text, 16)], "Moscow");
        assert_eq!(word_at(text, 5), 0..5);
        let arabic = text.find("الأسد").unwrap_or(0);
        assert_eq!(&text[word_at(text, arabic + 2)], "الأسد");
    }

    #[test]
    fn char_and_byte_offsets_convert_both_ways() {
        let p = "Hmeimím air base";
        assert_eq!(char_to_byte(p, 7), 8);
        assert_eq!(byte_to_char(p, 8), 7);
        assert_eq!(char_to_byte(p, 100), p.len());
    }
}
