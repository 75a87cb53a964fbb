//! Text primitives that the analysis and the edits both rely on: folding (comparing
//! names and texts with case, accents and spelling variants of punctuation ignored, with
//! a map back to the original offsets) and word boundaries. Kept apart from
//! [`crate::analysis`] so that [`crate::edit`] can use them without depending on the
//! analysis.

mod fold;
mod words;

pub use fold::{Folded, fold};
pub use words::{is_word_boundary, word_char_ends_at, word_char_starts_at};
