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
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

fn yes() -> bool {
    true
}
