//! Anchors: a span of a source's text, kept findable if the text ever changes.

use serde::{Deserialize, Serialize};

/// How many characters of context an anchor keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

/// A span of a source's text by byte offsets, with the quoted text and a little context
/// beside it (W3C Web Annotation's `TextPositionSelector` plus `TextQuoteSelector`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Byte offset of the first byte of the quote.
    pub start: usize,
    /// Byte offset one past the last byte of the quote.
    pub end: usize,
    /// The quoted text, exactly `text[start..end]`.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the quote.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after the quote.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// Why an anchor does not fit the text it points into.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The offsets are reversed or beyond the end of the text.
    #[error("span {start}..{end} is outside the text ({len} bytes)")]
    OutOfRange {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// An offset falls inside a multi-byte character.
    #[error("span {start}..{end} cuts through a character")]
    NotCharBoundary {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
    },
    /// The text at the offsets is not the quoted text.
    #[error("the text at {start}..{end} is {found:?}, not the quoted {exact:?}")]
    QuoteMismatch {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// What the anchor quotes.
        exact: String,
        /// What the text holds there.
        found: String,
    },
}

impl Anchor {
    /// The anchor of `text[start..end]`, with its context.
    pub fn from_span(text: &str, start: usize, end: usize) -> Result<Self, AnchorError> {
        check_span(text, start, end)?;
        let bytes = text.as_bytes();
        // Where the context is plain ASCII, as it mostly is, characters are bytes; the
        // mention finder makes an anchor for every suggestion, so this is worth the test.
        let prefix_start = match start.checked_sub(CONTEXT_CHARS) {
            Some(from) if bytes[from..start].is_ascii() => from,
            _ => text[..start].char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i),
        };
        let suffix_end = match bytes.get(end..end + CONTEXT_CHARS) {
            Some(after) if after.is_ascii() => end + CONTEXT_CHARS,
            _ => text[end..].char_indices().nth(CONTEXT_CHARS).map_or(text.len(), |(i, _)| end + i),
        };
        Ok(Self {
            start,
            end,
            exact: text[start..end].to_owned(),
            prefix: text[prefix_start..start].to_owned(),
            suffix: text[end..suffix_end].to_owned(),
        })
    }

    /// Checks that the anchor's offsets point at its quoted text in `text`.
    pub fn verify(&self, text: &str) -> Result<(), AnchorError> {
        check_span(text, self.start, self.end)?;
        let found = &text[self.start..self.end];
        if found == self.exact {
            Ok(())
        } else {
            Err(AnchorError::QuoteMismatch {
                start: self.start,
                end: self.end,
                exact: self.exact.clone(),
                found: found.chars().take(80).collect(),
            })
        }
    }
}

fn check_span(text: &str, start: usize, end: usize) -> Result<(), AnchorError> {
    if start > end || end > text.len() {
        return Err(AnchorError::OutOfRange { start, end, len: text.len() });
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(AnchorError::NotCharBoundary { start, end });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_at_most_32_chars_each_side() {
        let text = format!("{}Hmeimim{}", "é".repeat(40), "x".repeat(40));
        let start = "é".len() * 40;
        let anchor = Anchor::from_span(&text, start, start + 7).expect("valid span");
        assert_eq!(anchor.exact, "Hmeimim");
        assert_eq!(anchor.prefix, "é".repeat(32));
        assert_eq!(anchor.suffix, "x".repeat(32));
        anchor.verify(&text).expect("anchor fits its text");
    }

    #[test]
    fn short_context_at_the_edges() {
        let anchor = Anchor::from_span("HTS took Damascus", 0, 3).expect("valid");
        assert_eq!((anchor.prefix.as_str(), anchor.suffix.as_str()), ("", " took Damascus"));
    }

    #[test]
    fn bad_spans_are_errors() {
        let text = "Asad é";
        assert!(matches!(Anchor::from_span(text, 3, 2), Err(AnchorError::OutOfRange { .. })));
        assert!(matches!(Anchor::from_span(text, 0, 99), Err(AnchorError::OutOfRange { .. })));
        assert!(matches!(Anchor::from_span(text, 0, 6), Err(AnchorError::NotCharBoundary { .. })));
        let mut anchor = Anchor::from_span(text, 0, 4).expect("valid");
        anchor.exact = "Assad".into();
        assert!(matches!(anchor.verify(text), Err(AnchorError::QuoteMismatch { .. })));
    }
}
