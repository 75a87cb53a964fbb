//! Sources: the documents an analysis rests on.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Credibility, Reliability, SourceId};

/// A document (report, statement, …) with its metadata. Its text is stored in its own
/// file and never rewritten after import: anchors point into it by byte offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, also the stem of its text file.
    pub id: SourceId,
    /// Headline or title.
    pub title: String,
    /// The publication or channel ("Reuters", "Kurdistan24").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outlet: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Where it was found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// When it was published, as the analyst knows it: "2024-12-16", "December 2024".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub published: String,
    /// Language as a BCP 47 tag ("en", "ar").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Admiralty reliability of the source, if graded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// Admiralty credibility of its information, if graded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Credibility>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Tags the analyst gives the source ("statement", "primary").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// When the analyst retrieved it, as they write it: "2024-12-17", "from archive.org".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub retrieved: String,
    /// Name of the file it was imported from (`report.pdf`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub original_file: String,
    /// Path of that file relative to the file or folder the analyst imported.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub original_path: String,
    /// Size of the imported file in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// SHA-256 of the stored text's bytes in lowercase hex, to find duplicates.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// When it was imported: an RFC 3339 UTC timestamp, set once.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub imported_at: String,
    /// Path of the text file, relative to the project folder (`texts/<id>.txt`).
    pub text_file: String,
    /// The full text, loaded from `text_file`.
    #[serde(skip)]
    pub text: Arc<str>,
}

impl Source {
    /// A source with the given id, title and text and no other metadata.
    pub fn new(id: SourceId, title: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text_file = Self::default_text_file(&id);
        Self {
            id,
            title: title.into(),
            outlet: String::new(),
            author: String::new(),
            url: String::new(),
            published: String::new(),
            language: String::new(),
            reliability: None,
            credibility: None,
            notes: String::new(),
            tags: Vec::new(),
            retrieved: String::new(),
            original_file: String::new(),
            original_path: String::new(),
            size: None,
            sha256: String::new(),
            imported_at: String::new(),
            text_file,
            text: text.into(),
        }
    }

    /// Where the text of a source with this id is kept.
    pub fn default_text_file(id: &SourceId) -> String {
        format!("texts/{id}.txt")
    }
}
