//! Merge conflicts: what a three-way merge of two analysts' copies could not settle.
//!
//! `dossier merge` keeps one value (ours) in the item and records the other here, so
//! nothing either analyst wrote is lost; resolving a conflict picks a value.

use serde::{Deserialize, Serialize};

use super::{
    AchId, ClaimId, ConflictId, EntityId, EventId, ItemKey, MapId, MentionId, RejectionId, RelationId,
    SourceId,
};

/// What kind of thing a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// The project's title or notes (`project.ron`).
    Project,
    /// A source.
    Source,
    /// An entity.
    Entity,
    /// A mention.
    Mention,
    /// A relation.
    Relation,
    /// A map.
    Map,
    /// A rejected suggestion.
    Rejection,
    /// A claim.
    Claim,
    /// An event on the timeline.
    Event,
    /// A matrix of competing hypotheses.
    Matrix,
}

impl ItemKind {
    /// The kind in words, as in messages ("entity", "map").
    pub fn name(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Source => "source",
            Self::Entity => "entity",
            Self::Mention => "mention",
            Self::Relation => "relation",
            Self::Map => "map",
            Self::Rejection => "rejection",
            Self::Claim => "claim",
            Self::Event => "event",
            Self::Matrix => "matrix",
        }
    }

    /// The key of the item of this kind with id `id`; `None` for the project itself.
    pub fn key(self, id: &str) -> Option<ItemKey> {
        let id = id.to_owned();
        match self {
            Self::Project => None,
            Self::Source => Some(ItemKey::Source(SourceId(id))),
            Self::Entity => Some(ItemKey::Entity(EntityId(id))),
            Self::Mention => Some(ItemKey::Mention(MentionId(id))),
            Self::Relation => Some(ItemKey::Relation(RelationId(id))),
            Self::Map => Some(ItemKey::Map(MapId(id))),
            Self::Rejection => Some(ItemKey::Rejection(RejectionId(id))),
            Self::Claim => Some(ItemKey::Claim(ClaimId(id))),
            Self::Event => Some(ItemKey::Event(EventId(id))),
            Self::Matrix => Some(ItemKey::Matrix(AchId(id))),
        }
    }
}

/// One of the three versions a merge compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The common ancestor.
    Base,
    /// The version being merged into (the current branch).
    Ours,
    /// The version being merged in (the other branch).
    Theirs,
}

impl Side {
    /// The side in words ("ours").
    pub fn name(self) -> &'static str {
        match self {
            Self::Base => "base",
            Self::Ours => "ours",
            Self::Theirs => "theirs",
        }
    }
}

/// Which side did what to the conflicting value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ConflictChange {
    /// Both sides changed the value, differently; ours was kept.
    BothChanged,
    /// Both sides added the item (same id) with different values; ours was kept.
    BothAdded,
    /// Ours removed it and theirs changed it; the changed version was kept.
    OursRemoved,
    /// Theirs removed it and ours changed it; the changed version was kept.
    TheirsRemoved,
}

/// A value two analysts changed in different ways, with all three versions of it.
///
/// Values are JSON text (`"Syria, December 2024"`, `{"x":120.0,"y":-40.0}`); `None`
/// means absent: the item or map node was removed on that side, or the field was empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Stable id, derived from what the conflict is about and its values.
    pub id: ConflictId,
    /// What kind of item it is about.
    pub kind: ItemKind,
    /// The item's id (empty for the project itself).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// The field: `title`; `nodes.ENTITY` for a map node; `attributes.KEY` for an
    /// entity's attribute; empty when the whole item was removed on one side.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// Which side did what.
    pub change: ConflictChange,
    /// The value in the common ancestor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Our value (the one the merge kept, unless ours removed the item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// Their value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
    /// What happened, in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Conflict {
    /// The value of one side.
    pub fn value(&self, side: Side) -> Option<&str> {
        match side {
            Side::Base => self.base.as_deref(),
            Side::Ours => self.ours.as_deref(),
            Side::Theirs => self.theirs.as_deref(),
        }
    }

    /// The key of the item the conflict is about; `None` for the project itself.
    pub fn item_key(&self) -> Option<ItemKey> {
        self.kind.key(&self.item)
    }
}
