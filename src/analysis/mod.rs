//! Analysis of a project's texts, no egui: folding for case- and accent-insensitive
//! matching, word boundaries, find in one source, project-wide search, the mention
//! finder, map layouts, co-occurrence of entities in sentences and the scores of a matrix
//! of competing hypotheses.

pub mod ach;
pub mod cooccurrence;
mod dates;
mod duplicates;
mod entity_list;
mod entity_match;
mod find;
pub mod layout;
mod mention_stats;
mod mentions;
mod search;
pub mod timeline;

pub use crate::text::{Folded, fold};
pub use crate::text::{is_word_boundary, word_char_ends_at, word_char_starts_at};
pub use dates::{DateSuggestion, sentence_around, suggest_times};
pub use duplicates::duplicate_entities;
pub use entity_list::{EntityListError, ImportReport, RowError, import_entity_list, parse_kind};
pub use entity_match::{EntityMatch, rank_entities};
pub use find::{find_in_text, step_match};
pub use mention_stats::MentionStats;
pub use mentions::{
    MentionError, MentionFinder, NameMatch, Suggestion, Suggestions, accept_all, accept_as, find_suggestions,
    reject,
};
pub use search::{Field, Hit, SearchIndex, SearchResults};
