//! Word boundaries in folded text, for matching names and query words as whole words.
//!
//! A word character is a Unicode letter or digit, or an apostrophe between two of them
//! ("hay'at" is one word). Everything else, hyphens included, separates words, so
//! "al-assad" contains the word "assad".

/// Whether `pos` is at a word boundary of `folded`: at either end of the text, or between
/// a word character and a character that is not one. Offsets inside a character or past
/// the end are never boundaries.
pub fn is_word_boundary(folded: &str, pos: usize) -> bool {
    if pos == 0 || pos == folded.len() {
        return true;
    }
    if !folded.is_char_boundary(pos) {
        return false;
    }
    word_char_ends_at(folded, pos) != word_char_starts_at(folded, pos)
}

/// Whether the character that starts at `pos` (a char boundary) is a word character.
pub fn word_char_starts_at(folded: &str, pos: usize) -> bool {
    let mut after = folded.get(pos..).unwrap_or_default().chars();
    let Some(c) = after.next() else {
        return false;
    };
    if c == '\'' {
        let before = folded.get(..pos).unwrap_or_default().chars().next_back();
        return before.is_some_and(char::is_alphanumeric) && after.next().is_some_and(char::is_alphanumeric);
    }
    c.is_alphanumeric()
}

/// Whether the character that ends at `pos` (a char boundary) is a word character.
pub fn word_char_ends_at(folded: &str, pos: usize) -> bool {
    let mut before = folded.get(..pos).unwrap_or_default().chars();
    let Some(c) = before.next_back() else {
        return false;
    };
    if c == '\'' {
        let after = folded.get(pos..).unwrap_or_default().chars().next();
        return before.next_back().is_some_and(char::is_alphanumeric)
            && after.is_some_and(char::is_alphanumeric);
    }
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `word` occurs in `text` as a whole word, checked at every occurrence.
    fn contains_word(text: &str, word: &str) -> bool {
        text.match_indices(word)
            .any(|(i, _)| is_word_boundary(text, i) && is_word_boundary(text, i + word.len()))
    }

    #[test]
    fn whole_words() {
        let table = [
            ("assad", "assad", true),
            ("assadi", "assad", false),
            ("the assadi family", "assad", false),
            ("al-assad", "assad", true),
            ("al-assad's", "assad", false),
            ("hts", "hts", true),
            ("htsx", "hts", false),
            ("(hts)", "hts", true),
            ("hay'at tahrir", "hay'at", true),
            ("hay'at tahrir", "at", false),
            ("hay'at tahrir", "hay", false),
            ("'hts'", "hts", true),
            ("بشار الاسد", "الاسد", true),
            ("بشار الاسدي", "الاسد", false),
            ("2024", "202", false),
        ];
        for (text, word, expected) in table {
            assert_eq!(contains_word(text, word), expected, "{word:?} in {text:?}");
        }
    }

    #[test]
    fn edges_and_odd_offsets() {
        assert!(is_word_boundary("", 0));
        assert!(is_word_boundary("ab", 0));
        assert!(is_word_boundary("ab", 2));
        assert!(!is_word_boundary("ab", 3));
        assert!(!is_word_boundary("éa", 1));
        assert!(!is_word_boundary("a  b", 2));
        assert!(is_word_boundary("a-b", 1));
        assert!(is_word_boundary("a-b", 2));
    }
}
