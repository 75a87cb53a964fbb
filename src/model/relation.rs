//! Relations between entities and the evidence for them.

use serde::{Deserialize, Serialize};

use super::{Anchor, Credibility, EntityId, RelationId, SourceId};

/// A quote from a source that supports a relation, with how credible the analyst finds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The source quoted.
    pub source: SourceId,
    /// The quote.
    pub anchor: Anchor,
    /// Admiralty credibility of this piece of information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Credibility>,
}

/// A labelled link between two entities ("Russia granted asylum to Assad").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// Stable id.
    pub id: RelationId,
    /// The entity the relation starts at.
    pub from: EntityId,
    /// The entity the relation points to.
    pub to: EntityId,
    /// What the relation is ("granted asylum to").
    pub label: String,
    /// Whether it has a direction (`from` → `to`).
    #[serde(default = "yes")]
    pub directed: bool,
    /// Quotes that back it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// When it held: a date ("2024-12-08") or the start of a range ("2018").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub start: String,
    /// The end of a range ("2019"); empty for a single date or an open range.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub end: String,
    /// Whether the sources disagree about it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disputed: bool,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Relation {
    /// A new directed relation with no evidence, time or notes.
    pub fn new(id: RelationId, from: EntityId, to: EntityId, label: impl Into<String>) -> Self {
        Self {
            id,
            from,
            to,
            label: label.into(),
            directed: true,
            evidence: Vec::new(),
            start: String::new(),
            end: String::new(),
            disputed: false,
            notes: String::new(),
        }
    }

    /// The number of distinct sources its evidence quotes.
    pub fn source_count(&self) -> usize {
        let mut sources: Vec<&SourceId> = self.evidence.iter().map(|e| &e.source).collect();
        sources.sort_unstable();
        sources.dedup();
        sources.len()
    }

    /// The time as the analyst would write it: "2024-12-08", "2018–2019", "from 2018", or "".
    pub fn time_label(&self) -> String {
        match (self.start.is_empty(), self.end.is_empty()) {
            (true, true) => String::new(),
            (false, true) => self.start.clone(),
            (true, false) => format!("until {}", self.end),
            (false, false) => format!("{}\u{2013}{}", self.start, self.end),
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !b
}

fn yes() -> bool {
    true
}
