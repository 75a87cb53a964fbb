//! Entities (the people, organisations, places … that sources mention) and mentions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Anchor, EntityId, MentionId, RejectionId, SourceId};

/// What kind of thing an entity is. Each kind has its own colour and icon in the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    /// A human being.
    Person,
    /// A group, company, party, armed group, agency.
    Organization,
    /// A country or government.
    State,
    /// A city, province, region.
    Place,
    /// A building, base, airport, port.
    Facility,
    /// A sum or flow of money.
    Money,
    /// Something that happened.
    Event,
    /// Anything else.
    Other,
}

impl EntityKind {
    /// All kinds, in the order the UI lists them.
    pub const ALL: [Self; 8] = [
        Self::Person,
        Self::Organization,
        Self::State,
        Self::Place,
        Self::Facility,
        Self::Money,
        Self::Event,
        Self::Other,
    ];

    /// The kind's name as shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::Organization => "Organization",
            Self::State => "State",
            Self::Place => "Place",
            Self::Facility => "Facility",
            Self::Money => "Money",
            Self::Event => "Event",
            Self::Other => "Other",
        }
    }
}

/// A person, organisation, place … that the sources mention, with its other names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Stable id.
    pub id: EntityId,
    /// The name the analyst uses for it.
    pub name: String,
    /// What kind of thing it is.
    pub kind: EntityKind,
    /// Other spellings and names ("Asad", "al-Assad").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Free key/value facts ("born" -> "1965", "IMO number" -> "9211509").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl Entity {
    /// A new entity with no aliases, notes or attributes.
    pub fn new(id: EntityId, name: impl Into<String>, kind: EntityKind) -> Self {
        Self {
            id,
            name: name.into(),
            kind,
            aliases: Vec::new(),
            notes: String::new(),
            attributes: BTreeMap::new(),
        }
    }
}

/// A place in a source's text that refers to an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    /// Stable id.
    pub id: MentionId,
    /// The entity referred to.
    pub entity: EntityId,
    /// The source whose text holds the mention.
    pub source: SourceId,
    /// Where in the text.
    pub anchor: Anchor,
}

/// A suggested mention the analyst turned down: the mention finder never proposes this
/// entity at this span of this source again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// Stable id.
    pub id: RejectionId,
    /// The entity that was wrongly suggested.
    pub entity: EntityId,
    /// The source whose text holds the span.
    pub source: SourceId,
    /// The span that is not a mention of the entity.
    pub anchor: Anchor,
}
