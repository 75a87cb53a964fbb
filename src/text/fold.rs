//! Folding: a copy of a text in which case, accents and the usual spelling variants of
//! punctuation and Arabic letters are gone, so that "Asád", "ASAD" and "asad" compare
//! equal, with a map from every folded byte back to the original text.
//!
//! Each original character folds on its own, without looking at its neighbours, into
//! zero or more folded characters. That keeps the map simple and makes folding a slice of
//! the original give exactly the matching slice of the folded text.

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// The folded form of `s`: what queries, aliases and indexed texts are compared in.
///
/// Lowercase (full Unicode), accents and other combining marks removed, a few letters
/// spelt out (ø → o, ł → l, ß → ss, æ → ae, ﬁ → fi), apostrophes and dashes unified, each
/// whitespace character a single space, Arabic tashkeel and tatweel removed and its
/// alef, yeh and teh marbuta variants unified.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// A folded copy of a text that knows which original bytes each folded byte came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text, as [`fold`] makes it.
    text: String,
    /// Where the mapping changes: the start of every run of characters that fold to
    /// themselves byte for byte, and of every other character.
    checkpoints: Vec<Checkpoint>,
    /// Length of the original text in bytes.
    original_len: usize,
}

/// The start of a segment of the folded text and of the original text it came from. A
/// segment runs to the next checkpoint (or to the end of both texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checkpoint {
    /// Byte offset in the folded text.
    folded: u32,
    /// Byte offset in the original text.
    original: u32,
    /// Whether the segment is a run of characters that each fold into one character of
    /// the same length, so that offsets map by a constant shift. Otherwise the segment is
    /// one original character (with any marks folded away after it), mapped as a whole.
    linear: bool,
}

impl Folded {
    /// Folds `original` and records the offset map. Texts are limited to 4 GiB (the store
    /// refuses texts over 256 MiB).
    pub fn new(original: &str) -> Self {
        let mut folded = Self::default();
        folded.refold(original);
        folded.text.shrink_to_fit();
        folded.checkpoints.shrink_to_fit();
        folded
    }

    /// Folds `original` into `self`, replacing what it held but keeping its buffers, so
    /// that folding many texts in turn (the mention finder) allocates once, not per text.
    ///
    /// Runs of plain ASCII, the bulk of most texts, are folded in one branch-free pass
    /// that extends the current linear segment without any per-character bookkeeping;
    /// every other character goes through the full Unicode folding.
    pub fn refold(&mut self, original: &str) {
        let mut text = std::mem::take(&mut self.text).into_bytes();
        text.clear();
        let mut checkpoints = std::mem::take(&mut self.checkpoints);
        checkpoints.clear();
        let mut builder =
            FoldedBuilder { text, checkpoints, run_open: false, last_unit: (0, 0), scratch: String::new() };
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let ascii_len = ascii_prefix_len(&bytes[at..]);
            if ascii_len > 0 {
                builder.push_ascii_run(at, &bytes[at..at + ascii_len]);
                at += ascii_len;
                continue;
            }
            let Some(c) = original[at..].chars().next() else { break };
            builder.push_char(at, c);
            at += c.len_utf8();
        }
        let FoldedBuilder { text, checkpoints, .. } = builder;
        // Only whole characters and ASCII bytes were appended, so the text is UTF-8; the
        // lossy branch is never taken and only keeps a broken invariant from panicking.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        self.checkpoints = checkpoints;
        self.original_len = original.len();
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte range of the original text that produced `folded_range`.
    ///
    /// The result always lies on character boundaries of the original and covers exactly
    /// the original characters whose folded form overlaps the range (a character that
    /// folds to several, like ß → ss, is covered whole; marks folded away count with the
    /// character before them). An empty range maps to an empty range at the matching
    /// place. Offsets past the end are clamped.
    pub fn to_original(&self, folded_range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = self.text.floor_char_boundary(folded_range.start.min(len));
        let end = self.text.ceil_char_boundary(folded_range.end.min(len)).max(start);
        let original_start = self.original_start(start);
        if start == end {
            return original_start..original_start;
        }
        original_start..self.original_end(end)
    }

    /// Heap memory used by the folded text and its map, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.checkpoints.capacity() * std::mem::size_of::<Checkpoint>()
    }

    /// The original offset where the folded character at `folded` (a char boundary)
    /// starts, or the end of the original at the end of the folded text.
    fn original_start(&self, folded: usize) -> usize {
        if folded >= self.text.len() {
            return self.original_len;
        }
        let index = self.checkpoints.partition_point(|c| c.folded as usize <= folded);
        let Some(checkpoint) = index.checked_sub(1).and_then(|i| self.checkpoints.get(i)) else {
            return 0;
        };
        if checkpoint.linear {
            checkpoint.original as usize + (folded - checkpoint.folded as usize)
        } else {
            checkpoint.original as usize
        }
    }

    /// The original offset where the folded character ending at `folded` (a char
    /// boundary, greater than 0) ends.
    fn original_end(&self, folded: usize) -> usize {
        let index = self.checkpoints.partition_point(|c| (c.folded as usize) < folded);
        let Some(checkpoint) = index.checked_sub(1).and_then(|i| self.checkpoints.get(i)) else {
            return 0;
        };
        if checkpoint.linear {
            checkpoint.original as usize + (folded - checkpoint.folded as usize)
        } else {
            self.checkpoints.get(index).map_or(self.original_len, |next| next.original as usize)
        }
    }
}

/// The state of [`Folded::refold`] while it walks the original text.
struct FoldedBuilder {
    /// The folded text so far, always whole UTF-8 characters.
    text: Vec<u8>,
    checkpoints: Vec<Checkpoint>,
    /// Whether the last checkpoint is a linear run that the next character may extend.
    run_open: bool,
    /// Start of the last character that produced folded text (folded, original).
    last_unit: (usize, usize),
    /// The folded form of the current non-ASCII character.
    scratch: String,
}

impl FoldedBuilder {
    /// Folds one character that starts at `original_start` of the original.
    fn push_char(&mut self, original_start: usize, c: char) {
        let folded_start = self.text.len();
        self.scratch.clear();
        fold_char_into(c, &mut self.scratch);
        let produced = self.scratch.as_str();
        self.text.extend_from_slice(produced.as_bytes());
        if produced.is_empty() {
            // A character that folds to nothing belongs to the character before it,
            // which can no longer be part of a linear run. Leading ones belong to the
            // first character that produces something.
            if self.run_open {
                split_off_last_unit(&mut self.checkpoints, self.last_unit);
                self.run_open = false;
            }
            return;
        }
        // The first unit starts at 0 so that leading folded-away characters are covered.
        let unit_original_start = if self.checkpoints.is_empty() { 0 } else { original_start };
        let mut produced_chars = produced.chars();
        let single_char = produced_chars.next().is_some() && produced_chars.next().is_none();
        let linear = unit_original_start == original_start && single_char && produced.len() == c.len_utf8();
        if !(linear && self.run_open) {
            self.checkpoints.push(Checkpoint {
                folded: offset_u32(folded_start),
                original: offset_u32(unit_original_start),
                linear,
            });
        }
        self.run_open = linear;
        self.last_unit = (folded_start, unit_original_start);
    }

    /// Folds `run`, a non-empty run of ASCII bytes that starts at `original_start` of the
    /// original. Each ASCII character folds to one byte, so after the first character
    /// (which may have to cover leading folded-away characters) the run is one linear
    /// segment.
    fn push_ascii_run(&mut self, original_start: usize, run: &[u8]) {
        let Some((&first, rest)) = run.split_first() else { return };
        self.push_char(original_start, char::from(first));
        if rest.is_empty() {
            return;
        }
        let rest_original_start = original_start + 1;
        if !self.run_open {
            self.checkpoints.push(Checkpoint {
                folded: offset_u32(self.text.len()),
                original: offset_u32(rest_original_start),
                linear: true,
            });
            self.run_open = true;
        }
        // A map over a slice of known length: the compiler turns this into vector code.
        self.text.extend(rest.iter().map(|&b| fold_ascii_byte(b)));
        self.last_unit = (self.text.len() - 1, rest_original_start + rest.len() - 1);
    }
}

/// The length of the run of ASCII bytes at the start of `bytes`, checked 32 bytes at a
/// time (the standard library tests a whole slice for ASCII a word at a time).
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    while let Some(block) = bytes.get(len..len + 32)
        && block.is_ascii()
    {
        len += 32;
    }
    len + bytes[len..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - len)
}

/// The folded form of an ASCII byte, itself one ASCII byte: lowercase, the grave accent
/// as an apostrophe, every whitespace control as a space. Written with selects only, so
/// that a loop over it becomes vector code.
fn fold_ascii_byte(b: u8) -> u8 {
    let lower = if b.is_ascii_uppercase() { b | 0x20 } else { b };
    let spaced = if (b'\t'..=b'\r').contains(&b) { b' ' } else { lower };
    if b == b'`' { b'\'' } else { spaced }
}

/// The folded form of an ASCII character, itself one ASCII character.
fn fold_ascii(b: u8) -> char {
    char::from(fold_ascii_byte(b))
}

/// Ends the open linear run before its last character, which becomes a segment of its own.
fn split_off_last_unit(checkpoints: &mut Vec<Checkpoint>, (folded, original): (usize, usize)) {
    let folded = offset_u32(folded);
    match checkpoints.last_mut() {
        Some(last) if last.folded == folded => last.linear = false,
        _ => checkpoints.push(Checkpoint { folded, original: offset_u32(original), linear: false }),
    }
}

/// An offset as stored in the map; texts over 4 GiB are not supported.
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Appends the folded form of one character to `out`.
fn fold_char_into(c: char, out: &mut String) {
    if let Ok(b) = u8::try_from(c)
        && b.is_ascii()
    {
        out.push(fold_ascii(b));
        return;
    }
    if c.is_whitespace() {
        out.push(' ');
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |part| {
            if !is_folded_away(part) {
                push_letter(part, out);
            }
        });
    }
}

/// Whether a character (after decomposition) disappears when folding: combining marks
/// (accents, Arabic harakat), tatweel, and invisible formatting characters.
fn is_folded_away(c: char) -> bool {
    matches!(c,
        '\u{064b}'..='\u{065f}' // Arabic harakat, tanwin, shadda, sukun, hamza above and below
        | '\u{0670}' // Arabic superscript alef
        | '\u{0640}' // Arabic tatweel
        | '\u{00ad}' // soft hyphen
        | '\u{200b}'..='\u{200f}' // zero-width space and joiners, direction marks
        | '\u{2060}' // word joiner
        | '\u{feff}' // zero-width no-break space
    ) || canonical_combining_class(c) != 0
}

/// Appends a lowercase, decomposed, unmarked character, spelling out the letters and
/// punctuation that have a plainer equivalent.
fn push_letter(c: char, out: &mut String) {
    let replacement = match c {
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        'ſ' => "s",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'ς' => "σ",
        '’' | '‘' | 'ʼ' | 'ʻ' | '′' => "'",
        '‐' | '‑' | '‒' | '–' | '—' | '―' => "-",
        'ٱ' => "ا",
        'ى' | 'ی' => "ي",
        'ة' => "ه",
        'ک' => "ك",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(replacement);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn spelling_variants_fold_alike() {
        let table = [
            ("Asad", "asad"),
            ("ASAD", "asad"),
            ("Asád", "asad"),
            ("Khmeimim", "khmeimim"),
            ("Khmeimím", "khmeimim"),
            ("Khmeimi\u{301}m", "khmeimim"),
            ("Hay’at", "hay'at"),
            ("Hay'at", "hay'at"),
            ("Hayʼat", "hay'at"),
            ("Hay`at", "hay'at"),
            ("al‑Assad – al—Assad", "al-assad - al-assad"),
            ("Øresund Łódź", "oresund lodz"),
            ("Straße STRAẞE", "strasse strasse"),
            ("Cæsar ﬁle", "caesar file"),
            ("a\tb\nc\u{a0}d\u{3000}e", "a b c d e"),
            ("ΣΟΦΟΣ σοφος", "σοφοσ σοφοσ"),
            ("İstanbul", "istanbul"),
            // Bashar al-Assad, with and without tashkeel and tatweel.
            ("بَشَّار الأَسَد", "بشار الاسد"),
            ("بشار الأسد", "بشار الاسد"),
            ("بشـــار الاسد", "بشار الاسد"),
            ("إدلب", "ادلب"),
            ("آمنة", "امنه"),
            ("ٱلله", "الله"),
            ("مصطفى", "مصطفي"),
        ];
        for (original, folded) in table {
            assert_eq!(fold(original), folded, "{original}");
            assert_eq!(Folded::new(original).text(), folded, "{original}");
        }
    }

    #[test]
    fn offsets_map_back_to_whole_characters() {
        let folded = Folded::new("Asád Straße");
        assert_eq!(folded.text(), "asad strasse");
        // "d" of the folded text is after the two-byte á.
        assert_eq!(folded.to_original(3..4), 4..5);
        // One "s" of "ss" maps to the whole ß.
        assert_eq!(folded.to_original(9..10), 10..12);
        assert_eq!(folded.to_original(0..12), 0..13);
        // Marks folded away go with the letter before them.
        let decomposed = Folded::new("Asa\u{301}d");
        assert_eq!(decomposed.to_original(2..3), 2..5);
        assert_eq!(decomposed.to_original(3..4), 5..6);
        // Leading marks go with the first letter.
        let leading = Folded::new("\u{301}\u{301}ab");
        assert_eq!(leading.to_original(0..1), 0..5);
        assert_eq!(leading.to_original(1..2), 5..6);
        assert_eq!(leading.to_original(1..1), 5..5);
        // Out of range and inside a character.
        assert_eq!(folded.to_original(50..60), 13..13);
        let arabic = Folded::new("الأسد");
        assert_eq!(arabic.to_original(1..3), 0..4);
    }

    #[test]
    fn ascii_text_needs_one_checkpoint() {
        let folded = Folded::new(&"Hmeimim air base. ".repeat(1000));
        assert_eq!(folded.checkpoints.len(), 1);
    }

    #[test]
    fn ascii_runs_next_to_other_characters_map_exactly() {
        // (original, folded range, original range)
        let table: &[(&str, Range<usize>, Range<usize>)] = &[
            ("\u{301}Ab", 0..1, 0..3),
            ("\u{301}Ab", 1..2, 3..4),
            ("Ab\u{301}cd", 1..2, 1..4),
            ("Ab\u{301}cd", 2..3, 4..5),
            ("Ab\u{301}cd", 0..4, 0..6),
            ("ab ß cd", 3..5, 3..5),
            ("ab ß cd", 4..6, 3..6),
            ("ab ß cd", 5..7, 5..7),
            ("É\u{301}\u{301}xy", 1..3, 6..8),
            ("x\u{200b}\u{200b}yz", 0..1, 0..7),
            ("x\u{200b}\u{200b}yz", 1..3, 7..9),
            ("HTS\u{a0}X", 3..5, 3..6),
        ];
        for (original, folded_range, expected) in table {
            let folded = Folded::new(original);
            assert_eq!(folded.text(), fold(original), "{original:?}");
            assert_eq!(folded.to_original(folded_range.clone()), *expected, "{original:?} {folded_range:?}");
        }
        // ASCII runs between other characters each need one checkpoint.
        let folded = Folded::new("Asád al-Asad, Asád al-Asad");
        assert_eq!(folded.checkpoints.len(), 5);
    }

    /// Strings that exercise the folding: either single characters (ASCII, accents
    /// precomposed and combining, ß, ligatures, Arabic with tashkeel, apostrophes and
    /// dashes, whitespace, arbitrary Unicode), or runs of plain ASCII of every length
    /// mixed with those characters, so that the ASCII fast path starts and ends next to
    /// every kind of character, including marks that fold away.
    fn text_strategy() -> impl Strategy<Value = String> {
        let interesting = prop::sample::select(vec![
            'a', 'Z', ' ', '\n', '\'', '-', 'é', 'É', '\u{301}', '\u{308}', 'ß', 'ẞ', 'ﬁ', 'ﬃ', 'æ', 'Ø',
            'ł', 'İ', 'ı', 'Σ', 'ς', '’', '—', 'ا', 'أ', 'إ', 'آ', 'ٱ', 'ى', 'ة', '\u{64e}', '\u{651}',
            '\u{670}', 'ـ', '\u{200b}', '\u{a0}', 'ǅ', 'ẛ', 'Ⱥ',
        ]);
        let one_char = prop_oneof![3 => interesting, 1 => any::<char>()].prop_map(String::from);
        let ascii_run = "[ -~\t\n\r\x0b\x0c`]{1,12}";
        let chars = prop::collection::vec(one_char.clone(), 0..40);
        let mixed =
            prop::collection::vec(prop_oneof![1 => ascii_run.prop_map(String::from), 1 => one_char], 0..16);
        prop_oneof![chars, mixed].prop_map(|pieces| pieces.concat())
    }

    /// The folded character ranges of a folded text.
    fn char_ranges(text: &str) -> Vec<Range<usize>> {
        text.char_indices().map(|(i, c)| i..i + c.len_utf8()).collect()
    }

    /// The folded text and map made one character at a time, without the ASCII fast path.
    fn folded_char_by_char(original: &str) -> Folded {
        let mut builder = FoldedBuilder {
            text: Vec::new(),
            checkpoints: Vec::new(),
            run_open: false,
            last_unit: (0, 0),
            scratch: String::new(),
        };
        for (at, c) in original.char_indices() {
            builder.push_char(at, c);
        }
        let text = String::from_utf8(builder.text).expect("folding gives UTF-8");
        Folded { text, checkpoints: builder.checkpoints, original_len: original.len() }
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_builds_the_same_map(original in text_strategy()) {
            prop_assert_eq!(Folded::new(&original), folded_char_by_char(&original));
        }

        #[test]
        fn refolding_a_used_buffer_is_like_folding_afresh(first in text_strategy(), second in text_strategy()) {
            let mut folded = Folded::new(&first);
            folded.refold(&second);
            prop_assert_eq!(folded, Folded::new(&second));
        }

        #[test]
        fn every_range_maps_to_whole_original_characters(original in text_strategy(), a in 0..200_usize, b in 0..200_usize) {
            let folded = Folded::new(&original);
            prop_assert_eq!(folded.text(), fold(&original));
            let range = folded.to_original(a.min(b)..a.max(b));
            prop_assert!(range.start <= range.end && range.end <= original.len());
            prop_assert!(original.is_char_boundary(range.start) && original.is_char_boundary(range.end));
        }

        #[test]
        fn folded_characters_map_to_ordered_covering_ranges(original in text_strategy()) {
            let folded = Folded::new(&original);
            let mapped: Vec<Range<usize>> =
                char_ranges(folded.text()).into_iter().map(|r| folded.to_original(r)).collect();
            let mut covered_to = 0;
            for range in &mapped {
                prop_assert!(!range.is_empty());
                // Either the next original characters, or more of the same one (ß → ss).
                prop_assert!(range.start == covered_to || range.end == covered_to, "{:?} after {}", range, covered_to);
                covered_to = range.end;
            }
            if let Some(first) = mapped.first() {
                prop_assert_eq!(first.start, 0);
                // Only characters that fold away may follow the last folded one.
                prop_assert!(fold(&original[covered_to..]).is_empty());
            }
        }

        #[test]
        fn folding_a_mapped_slice_gives_the_folded_slice(original in text_strategy(), a in 0..60_usize, b in 0..60_usize) {
            let folded = Folded::new(&original);
            // Folded boundaries between original characters.
            let mut boundaries = vec![0];
            let mut offset = 0;
            for c in original.chars() {
                offset += fold(c.encode_utf8(&mut [0; 4])).len();
                boundaries.push(offset);
            }
            boundaries.dedup();
            let start = boundaries[a % boundaries.len()];
            let end = boundaries[b % boundaries.len()];
            let range = start.min(end)..start.max(end);
            let mapped = folded.to_original(range.clone());
            prop_assert_eq!(fold(&original[mapped]), &folded.text()[range]);
        }

        #[test]
        fn folding_is_idempotent(original in text_strategy()) {
            let once = fold(&original);
            prop_assert_eq!(fold(&once), once);
        }
    }
}
