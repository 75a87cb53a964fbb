//! Analysis of a project's texts, no egui: folding for case- and accent-insensitive
//! matching, word boundaries, and project-wide search.

mod fold;
mod search;
mod words;

pub use fold::{Folded, fold};
pub use search::{Field, Hit, SearchIndex, SearchResults};
pub use words::{is_word_boundary, word_char_ends_at, word_char_starts_at};
