//! The project: everything an analysis consists of.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AchId, AchMatrix, Event, EventId};
use super::{
    AnchorError, Claim, ClaimId, Conflict, ConflictId, Entity, EntityId, Map, MapId, Mention, MentionId,
    Rejection, RejectionId, Relation, RelationId, Source, SourceId, is_valid_id,
};

/// The project's own fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectMeta {
    /// The project's title, shown in the window title.
    pub title: String,
    /// What the project is about.
    pub notes: String,
}

/// A whole analysis: sources, entities, mentions, relations and maps, each by id.
///
/// Collections are ordered by id, so the same project always iterates, and saves, the
/// same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    /// Title and notes.
    pub meta: ProjectMeta,
    /// The documents.
    pub sources: BTreeMap<SourceId, Source>,
    /// The things the documents mention.
    pub entities: BTreeMap<EntityId, Entity>,
    /// Where the documents mention them.
    pub mentions: BTreeMap<MentionId, Mention>,
    /// How the entities relate, with evidence.
    pub relations: BTreeMap<RelationId, Relation>,
    /// Relationship maps.
    pub maps: BTreeMap<MapId, Map>,
    /// Suggested mentions the analyst turned down.
    pub rejections: BTreeMap<RejectionId, Rejection>,
    /// What a merge of two analysts' copies could not settle, until someone resolves it.
    pub conflicts: BTreeMap<ConflictId, Conflict>,
    /// Statements about the world and where each source stands on them.
    pub claims: BTreeMap<ClaimId, Claim>,
    /// Events on the timeline, each with its times and their evidence.
    pub events: BTreeMap<EventId, Event>,
    /// Matrices of competing hypotheses rated against the claims.
    pub matrices: BTreeMap<AchId, AchMatrix>,
}

/// Any one item of a project, as edits add or replace it.
// A source, with its import metadata, is the biggest item by far; edits already box the
// item they carry, and boxing a `Source` here too would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A source.
    Source(Source),
    /// An entity.
    Entity(Entity),
    /// A mention.
    Mention(Mention),
    /// A relation.
    Relation(Relation),
    /// A map.
    Map(Map),
    /// A rejected suggestion.
    Rejection(Rejection),
    /// An unresolved merge conflict.
    Conflict(Conflict),
    /// A claim.
    Claim(Claim),
    /// An event on the timeline.
    Event(Event),
    /// A matrix of competing hypotheses.
    Matrix(AchMatrix),
}

/// The key of one item of a project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKey {
    /// A source.
    Source(SourceId),
    /// An entity.
    Entity(EntityId),
    /// A mention.
    Mention(MentionId),
    /// A relation.
    Relation(RelationId),
    /// A map.
    Map(MapId),
    /// A rejected suggestion.
    Rejection(RejectionId),
    /// An unresolved merge conflict.
    Conflict(ConflictId),
    /// A claim.
    Claim(ClaimId),
    /// An event on the timeline.
    Event(EventId),
    /// A matrix of competing hypotheses.
    Matrix(AchId),
}

impl Item {
    /// The item's key.
    pub fn key(&self) -> ItemKey {
        match self {
            Self::Source(s) => ItemKey::Source(s.id.clone()),
            Self::Entity(e) => ItemKey::Entity(e.id.clone()),
            Self::Mention(m) => ItemKey::Mention(m.id.clone()),
            Self::Relation(r) => ItemKey::Relation(r.id.clone()),
            Self::Map(m) => ItemKey::Map(m.id.clone()),
            Self::Rejection(r) => ItemKey::Rejection(r.id.clone()),
            Self::Conflict(c) => ItemKey::Conflict(c.id.clone()),
            Self::Claim(c) => ItemKey::Claim(c.id.clone()),
            Self::Event(e) => ItemKey::Event(e.id.clone()),
            Self::Matrix(m) => ItemKey::Matrix(m.id.clone()),
        }
    }
}

impl ItemKey {
    /// The id as text.
    pub fn id_str(&self) -> &str {
        match self {
            Self::Source(id) => id.as_str(),
            Self::Entity(id) => id.as_str(),
            Self::Mention(id) => id.as_str(),
            Self::Relation(id) => id.as_str(),
            Self::Map(id) => id.as_str(),
            Self::Rejection(id) => id.as_str(),
            Self::Conflict(id) => id.as_str(),
            Self::Claim(id) => id.as_str(),
            Self::Event(id) => id.as_str(),
            Self::Matrix(id) => id.as_str(),
        }
    }

    /// What kind of item it is, in words ("source", "entity", …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Source(_) => "source",
            Self::Entity(_) => "entity",
            Self::Mention(_) => "mention",
            Self::Relation(_) => "relation",
            Self::Map(_) => "map",
            Self::Rejection(_) => "rejection",
            Self::Conflict(_) => "conflict",
            Self::Claim(_) => "claim",
            Self::Event(_) => "event",
            Self::Matrix(_) => "matrix",
        }
    }
}

/// A broken invariant found by [`Project::validate`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// An id with characters that are not allowed.
    #[error("{kind} id {id:?} is not valid: use 1 to 80 lowercase letters, digits, '-' or '_'")]
    BadId {
        /// "source", "entity", …
        kind: &'static str,
        /// The offending id.
        id: String,
    },
    /// A reference to an item that does not exist.
    #[error("{kind} `{id}` refers to {target_kind} `{target}`, which does not exist")]
    Dangling {
        /// Kind of the referring item.
        kind: &'static str,
        /// Id of the referring item.
        id: String,
        /// Kind of the missing item.
        target_kind: &'static str,
        /// Id of the missing item.
        target: String,
    },
    /// An anchor that does not fit its source's text.
    #[error("{kind} `{id}` has an anchor that does not fit source `{source_id}`: {error}")]
    Anchor {
        /// Kind of the anchored item.
        kind: &'static str,
        /// Id of the anchored item.
        id: String,
        /// The source it points into.
        source_id: String,
        /// What is wrong.
        error: AnchorError,
    },
    /// A map position that is not a finite number.
    #[error("map `{map}` puts entity `{entity}` at a position that is not a finite number")]
    BadPosition {
        /// The map.
        map: String,
        /// The node's entity.
        entity: String,
    },
    /// A note, group or slide camera whose position or size is not a finite number (or,
    /// for a slide camera, not a positive size).
    #[error(
        "map `{map}` has a note, group or slide whose position or size is not a finite number (or a slide view of zero size)"
    )]
    BadShape {
        /// The map.
        map: String,
    },
    /// An event time that cannot be read, or a part of day without a single day.
    #[error("event `{id}` has a time that cannot be read: {error}")]
    BadTime {
        /// The event.
        id: String,
        /// What is wrong.
        error: super::EventTimeError,
    },
    /// A text file path that could leave the project folder.
    #[error(
        "source `{id}` has text file {path:?}; it must be a plain relative path inside the project's texts/ folder"
    )]
    BadTextPath {
        /// The source.
        id: String,
        /// The path as written.
        path: String,
    },
}

impl ValidationError {
    /// The id of the item the error is about, to locate it in its file.
    pub fn item_id(&self) -> &str {
        match self {
            Self::BadId { id, .. }
            | Self::Dangling { id, .. }
            | Self::Anchor { id, .. }
            | Self::BadTextPath { id, .. }
            | Self::BadTime { id, .. } => id,
            Self::BadPosition { map, .. } | Self::BadShape { map } => map,
        }
    }

    /// The kind of item the error is about ("source", "mention", …).
    pub fn item_kind(&self) -> &'static str {
        match self {
            Self::BadId { kind, .. } | Self::Dangling { kind, .. } | Self::Anchor { kind, .. } => kind,
            Self::BadPosition { .. } | Self::BadShape { .. } => "map",
            Self::BadTextPath { .. } => "source",
            Self::BadTime { .. } => "event",
        }
    }
}

/// Whether a source's text path is one the store may read: `texts/NAME.txt`, where NAME
/// is made of letters, digits, `-`, `_` and `.` and does not start with a dot.
pub fn is_safe_text_path(path: &str) -> bool {
    let Some(name) = path.strip_prefix("texts/") else {
        return false;
    };
    let Some(stem) = name.strip_suffix(".txt") else {
        return false;
    };
    !stem.is_empty()
        && !stem.starts_with('.')
        && stem.len() <= 120
        && stem.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Project {
    /// An empty project with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self { meta: ProjectMeta { title: title.into(), notes: String::new() }, ..Self::default() }
    }

    /// The item with this key, if the project has it.
    pub fn item(&self, key: &ItemKey) -> Option<Item> {
        match key {
            ItemKey::Source(id) => self.sources.get(id).cloned().map(Item::Source),
            ItemKey::Entity(id) => self.entities.get(id).cloned().map(Item::Entity),
            ItemKey::Mention(id) => self.mentions.get(id).cloned().map(Item::Mention),
            ItemKey::Relation(id) => self.relations.get(id).cloned().map(Item::Relation),
            ItemKey::Map(id) => self.maps.get(id).cloned().map(Item::Map),
            ItemKey::Rejection(id) => self.rejections.get(id).cloned().map(Item::Rejection),
            ItemKey::Conflict(id) => self.conflicts.get(id).cloned().map(Item::Conflict),
            ItemKey::Claim(id) => self.claims.get(id).cloned().map(Item::Claim),
            ItemKey::Event(id) => self.events.get(id).cloned().map(Item::Event),
            ItemKey::Matrix(id) => self.matrices.get(id).cloned().map(Item::Matrix),
        }
    }

    /// Whether the project has an item with this key.
    pub fn contains(&self, key: &ItemKey) -> bool {
        match key {
            ItemKey::Source(id) => self.sources.contains_key(id),
            ItemKey::Entity(id) => self.entities.contains_key(id),
            ItemKey::Mention(id) => self.mentions.contains_key(id),
            ItemKey::Relation(id) => self.relations.contains_key(id),
            ItemKey::Map(id) => self.maps.contains_key(id),
            ItemKey::Rejection(id) => self.rejections.contains_key(id),
            ItemKey::Conflict(id) => self.conflicts.contains_key(id),
            ItemKey::Claim(id) => self.claims.contains_key(id),
            ItemKey::Event(id) => self.events.contains_key(id),
            ItemKey::Matrix(id) => self.matrices.contains_key(id),
        }
    }

    /// Whether any id of any kind is `id` (new ids avoid all of them, so an id names one
    /// thing in the whole project).
    pub fn id_taken(&self, id: &str) -> bool {
        let id = id.to_owned();
        self.sources.contains_key(&SourceId(id.clone()))
            || self.entities.contains_key(&EntityId(id.clone()))
            || self.mentions.contains_key(&MentionId(id.clone()))
            || self.relations.contains_key(&RelationId(id.clone()))
            || self.maps.contains_key(&MapId(id.clone()))
            || self.rejections.contains_key(&RejectionId(id.clone()))
            || self.conflicts.contains_key(&ConflictId(id.clone()))
            || self.claims.contains_key(&ClaimId(id.clone()))
            || self.events.contains_key(&EventId(id.clone()))
            || self.matrices.contains_key(&AchId(id))
    }

    /// The mentions in one source, in id order.
    pub fn mentions_in_source<'a>(&'a self, source: &'a SourceId) -> impl Iterator<Item = &'a Mention> + 'a {
        self.mentions.values().filter(move |m| &m.source == source)
    }

    /// Whether the item a conflict is about is still in the project. A conflict whose
    /// item is gone is stale: resolving it only removes the record.
    pub fn conflict_is_live(&self, conflict: &Conflict) -> bool {
        conflict.item_key().is_none_or(|key| self.contains(&key))
    }

    /// Checks every invariant: ids well formed, no reference to a missing item, every
    /// anchor fits its source's text, map positions finite, text paths safe. Returns every
    /// problem found, in file order.
    pub fn validate(&self) -> Vec<ValidationError> {
        let refs = References::of(self);
        let mut errors = Vec::new();
        let mut check_id = |kind: &'static str, id: &str| {
            if !is_valid_id(id) {
                errors.push(ValidationError::BadId { kind, id: id.to_owned() });
            }
        };
        for id in self.sources.keys() {
            check_id("source", id.as_str());
        }
        for id in self.entities.keys() {
            check_id("entity", id.as_str());
        }
        for id in self.mentions.keys() {
            check_id("mention", id.as_str());
        }
        for id in self.relations.keys() {
            check_id("relation", id.as_str());
        }
        for id in self.maps.keys() {
            check_id("map", id.as_str());
        }
        for id in self.rejections.keys() {
            check_id("rejection", id.as_str());
        }
        for id in self.events.keys() {
            check_id("event", id.as_str());
        }
        // A conflict about an item that is gone (removed by hand, say) is not an error:
        // `dossier check` reports it as stale, and resolving it only drops the record.
        for id in self.conflicts.keys() {
            check_id("conflict", id.as_str());
        }
        for id in self.claims.keys() {
            check_id("claim", id.as_str());
        }
        for id in self.matrices.keys() {
            check_id("matrix", id.as_str());
        }
        for source in self.sources.values() {
            if !is_safe_text_path(&source.text_file) {
                errors.push(ValidationError::BadTextPath {
                    id: source.id.to_string(),
                    path: source.text_file.clone(),
                });
            }
        }
        let mentions: Vec<&Mention> = self.mentions.values().collect();
        errors.extend(Self::mention_errors(&refs, &mentions));
        for relation in self.relations.values() {
            let id = relation.id.as_str();
            refs.check_entity("relation", id, &relation.from, &mut errors);
            refs.check_entity("relation", id, &relation.to, &mut errors);
            for evidence in &relation.evidence {
                refs.check_anchor("relation", id, &evidence.source, &evidence.anchor, &mut errors);
            }
        }
        for map in self.maps.values() {
            for (entity, node) in &map.nodes {
                refs.check_entity("map", map.id.as_str(), entity, &mut errors);
                if !node.x.is_finite() || !node.y.is_finite() {
                    errors.push(ValidationError::BadPosition {
                        map: map.id.to_string(),
                        entity: entity.to_string(),
                    });
                }
            }
            if !map.shapes_are_finite() {
                errors.push(ValidationError::BadShape { map: map.id.to_string() });
            }
        }
        for rejection in self.rejections.values() {
            let id = rejection.id.as_str();
            refs.check_entity("rejection", id, &rejection.entity, &mut errors);
            refs.check_anchor("rejection", id, &rejection.source, &rejection.anchor, &mut errors);
        }
        errors.extend(self.claim_and_event_errors(&refs));
        for matrix in self.matrices.values() {
            errors.extend(matrix.errors(|claim| self.claims.contains_key(claim)));
        }
        errors
    }

    /// The dangling references, misplaced anchors and unreadable times of the claims and
    /// the timeline's events.
    fn claim_and_event_errors(&self, refs: &References<'_>) -> Vec<ValidationError> {
        let mut errors = Vec::new();
        for claim in self.claims.values() {
            let id = claim.id.as_str();
            for entity in &claim.entities {
                refs.check_entity("claim", id, entity, &mut errors);
            }
            if let Some(relation) = &claim.relation
                && !self.relations.contains_key(relation)
            {
                errors.push(ValidationError::Dangling {
                    kind: "claim",
                    id: id.to_owned(),
                    target_kind: "relation",
                    target: relation.to_string(),
                });
            }
            for evidence in &claim.evidence {
                refs.check_anchor("claim", id, &evidence.quote.source, &evidence.quote.anchor, &mut errors);
            }
        }
        for event in self.events.values() {
            errors.extend(event_errors(
                event,
                |entity| refs.entities.contains(entity.as_str()),
                |source, anchor| {
                    let mut found = Vec::new();
                    refs.check_anchor("event", event.id.as_str(), source, anchor, &mut found);
                    found.into_iter().next()
                },
            ));
        }
        errors
    }

    /// The dangling references and misplaced anchors of `mentions`, in their order. A long
    /// list (the bulk of a big project's checks) is checked in two halves at once.
    fn mention_errors(refs: &References<'_>, mentions: &[&Mention]) -> Vec<ValidationError> {
        /// Below this many mentions a second thread costs more than it saves.
        const PARALLEL_MIN: usize = 20_000;
        let check = |part: &[&Mention]| {
            let mut errors = Vec::new();
            for mention in part {
                refs.check_entity("mention", mention.id.as_str(), &mention.entity, &mut errors);
                refs.check_anchor(
                    "mention",
                    mention.id.as_str(),
                    &mention.source,
                    &mention.anchor,
                    &mut errors,
                );
            }
            errors
        };
        if mentions.len() < PARALLEL_MIN {
            return check(mentions);
        }
        let (first, second) = mentions.split_at(mentions.len() / 2);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| check(second));
            let mut errors = check(first);
            match second.join() {
                Ok(rest) => errors.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            errors
        })
    }
}

/// The broken references, misplaced anchors and unreadable times of one event, given how
/// to tell that an entity exists and how to check an anchor (validation and edits look
/// these up differently).
pub(crate) fn event_errors(
    event: &Event,
    entity_exists: impl Fn(&EntityId) -> bool,
    anchor_error: impl Fn(&SourceId, &super::Anchor) -> Option<ValidationError>,
) -> Vec<ValidationError> {
    let id = event.id.as_str();
    let mut errors: Vec<ValidationError> = event
        .entities
        .iter()
        .filter(|entity| !entity_exists(entity))
        .map(|entity| ValidationError::Dangling {
            kind: "event",
            id: id.to_owned(),
            target_kind: "entity",
            target: entity.to_string(),
        })
        .collect();
    for time in &event.times {
        if let Err(error) = time.parse() {
            errors.push(ValidationError::BadTime { id: id.to_owned(), error });
        }
        errors.extend(time.evidence.iter().filter_map(|e| anchor_error(&e.source, &e.anchor)));
    }
    errors
}

/// The entities and source texts that references point at, hashed once for a whole
/// validation (a big project has hundreds of thousands of references to look up).
struct References<'a> {
    entities: foldhash::HashSet<&'a str>,
    texts: foldhash::HashMap<&'a str, &'a str>,
}

impl<'a> References<'a> {
    fn of(project: &'a Project) -> Self {
        Self {
            entities: project.entities.keys().map(EntityId::as_str).collect(),
            texts: project.sources.values().map(|s| (s.id.as_str(), &*s.text)).collect(),
        }
    }

    fn check_entity(
        &self,
        kind: &'static str,
        id: &str,
        entity: &EntityId,
        errors: &mut Vec<ValidationError>,
    ) {
        if !self.entities.contains(entity.as_str()) {
            errors.push(ValidationError::Dangling {
                kind,
                id: id.to_owned(),
                target_kind: "entity",
                target: entity.to_string(),
            });
        }
    }

    fn check_anchor(
        &self,
        kind: &'static str,
        id: &str,
        source: &SourceId,
        anchor: &super::Anchor,
        errors: &mut Vec<ValidationError>,
    ) {
        let Some(text) = self.texts.get(source.as_str()) else {
            errors.push(ValidationError::Dangling {
                kind,
                id: id.to_owned(),
                target_kind: "source",
                target: source.to_string(),
            });
            return;
        };
        if let Err(error) = anchor.verify(text) {
            errors.push(ValidationError::Anchor {
                kind,
                id: id.to_owned(),
                source_id: source.to_string(),
                error,
            });
        }
    }
}
