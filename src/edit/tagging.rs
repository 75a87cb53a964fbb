//! Edits an analyst makes while tagging: tag a span, re-assign or remove a mention,
//! merge entities and split mentions back out. Each returns one [`Edit`], so each is one
//! undo step.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use super::Edit;
use crate::model::{
    Anchor, AnchorError, Entity, EntityId, EntityKind, IdGenerator, ItemKey, Mention, MentionId, Project,
    SourceId,
};
use crate::text::fold;

/// Which entity a span is tagged as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagTarget {
    /// One the project has.
    Existing(EntityId),
    /// A new one, created with the mention.
    New {
        /// Its name.
        name: String,
        /// Its kind.
        kind: EntityKind,
    },
}

/// Why a span cannot be tagged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TagError {
    /// The source is not in the project.
    #[error("source `{0}` is not in the project")]
    UnknownSource(SourceId),
    /// The entity is not in the project.
    #[error("entity `{0}` is not in the project")]
    UnknownEntity(EntityId),
    /// The mention is not in the project.
    #[error("mention `{0}` is not in the project")]
    UnknownMention(MentionId),
    /// Nothing to tag.
    #[error("the selection holds no word to tag")]
    Empty,
    /// A new entity needs a name.
    #[error("a new entity needs a name")]
    NoName,
    /// The span is already a mention of that entity.
    #[error("“{0}” is already tagged as this entity here")]
    AlreadyTagged(String),
    /// The span does not fit the text.
    #[error(transparent)]
    Anchor(#[from] AnchorError),
    /// Merging needs at least two different entities.
    #[error("choose at least two entities to merge")]
    NothingToMerge,
}

/// The entity `target` names: its id, and the edit that creates it when it is new.
fn resolve(
    project: &Project,
    target: &TagTarget,
    ids: &mut IdGenerator,
) -> Result<(EntityId, Vec<Edit>), TagError> {
    match target {
        TagTarget::Existing(id) if project.entities.contains_key(id) => Ok((id.clone(), Vec::new())),
        TagTarget::Existing(id) => Err(TagError::UnknownEntity(id.clone())),
        TagTarget::New { name, kind } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(TagError::NoName);
            }
            let id = EntityId(ids.make(name, "entity", |id| project.id_taken(id)));
            Ok((id.clone(), vec![Edit::put(Entity::new(id, name, *kind))]))
        }
    }
}

/// Tags `range` of `source` as `target`: a new mention (and a new entity if asked for).
/// A rejection of the same span for that entity is dropped, since the analyst has now
/// said otherwise. Returns the edit and the entity's id.
pub fn tag_span(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    target: &TagTarget,
    ids: &mut IdGenerator,
) -> Result<(Edit, EntityId), TagError> {
    let text = &project.sources.get(source).ok_or_else(|| TagError::UnknownSource(source.clone()))?.text;
    if range.is_empty() {
        return Err(TagError::Empty);
    }
    let anchor = Anchor::from_span(text, range.start, range.end)?;
    let (entity, mut edits) = resolve(project, target, ids)?;
    let same_span = |e: &EntityId, s: &SourceId, a: &Anchor| {
        e == &entity && s == source && a.start == range.start && a.end == range.end
    };
    if project.mentions.values().any(|m| same_span(&m.entity, &m.source, &m.anchor)) {
        return Err(TagError::AlreadyTagged(anchor.exact));
    }
    for rejection in project.rejections.values() {
        if same_span(&rejection.entity, &rejection.source, &rejection.anchor) {
            edits.push(Edit::Remove(ItemKey::Rejection(rejection.id.clone())));
        }
    }
    let id = MentionId(ids.make(&format!("m {}", anchor.exact), "m", |id| project.id_taken(id)));
    edits.push(Edit::put(Mention { id, entity: entity.clone(), source: source.clone(), anchor }));
    Ok((Edit::Batch(edits), entity))
}

/// Points `mention` at `target` instead (creating it if new).
pub fn reassign_mention(
    project: &Project,
    mention: &MentionId,
    target: &TagTarget,
    ids: &mut IdGenerator,
) -> Result<(Edit, EntityId), TagError> {
    let old = project.mentions.get(mention).ok_or_else(|| TagError::UnknownMention(mention.clone()))?;
    let (entity, mut edits) = resolve(project, target, ids)?;
    let duplicate = project.mentions.values().any(|m| {
        m.id != old.id
            && m.entity == entity
            && m.source == old.source
            && m.anchor.start == old.anchor.start
            && m.anchor.end == old.anchor.end
    });
    if duplicate {
        // The span already mentions that entity: re-assigning means dropping this one.
        edits.push(Edit::Remove(ItemKey::Mention(old.id.clone())));
    } else {
        edits.push(Edit::put(Mention { entity: entity.clone(), ..old.clone() }));
    }
    Ok((Edit::Batch(edits), entity))
}

/// Merges `others` into `into`: their names and aliases become aliases of `into`, their
/// notes and attributes are added (`into` keeps its own values on a clash), their
/// mentions, rejections, relations and claims move over, map nodes are kept where `into` was
/// not yet on a map, and `others` are removed.
pub fn merge_entities(project: &Project, into: &EntityId, others: &[EntityId]) -> Result<Edit, TagError> {
    let mut target =
        project.entities.get(into).cloned().ok_or_else(|| TagError::UnknownEntity(into.clone()))?;
    let others: Vec<&Entity> = others
        .iter()
        .filter(|id| *id != into)
        .map(|id| project.entities.get(id).ok_or_else(|| TagError::UnknownEntity(id.clone())))
        .collect::<Result<_, _>>()?;
    if others.is_empty() {
        return Err(TagError::NothingToMerge);
    }
    let doomed: HashSet<&EntityId> = others.iter().map(|e| &e.id).collect();
    let mut seen: HashSet<String> =
        std::iter::once(&target.name).chain(&target.aliases).map(|n| fold(n)).collect();
    for other in &others {
        for name in std::iter::once(&other.name).chain(&other.aliases) {
            if seen.insert(fold(name)) {
                target.aliases.push(name.clone());
            }
        }
        if !other.notes.trim().is_empty() {
            if !target.notes.is_empty() {
                target.notes.push_str("\n\n");
            }
            target.notes.push_str(&other.notes);
        }
        for (key, value) in &other.attributes {
            target.attributes.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    let mut edits = vec![Edit::put(target)];
    // Mentions: re-point, dropping any that would duplicate a span `into` already has.
    let mut spans: BTreeSet<(SourceId, usize, usize)> = project
        .mentions
        .values()
        .filter(|m| &m.entity == into)
        .map(|m| (m.source.clone(), m.anchor.start, m.anchor.end))
        .collect();
    for mention in project.mentions.values().filter(|m| doomed.contains(&m.entity)) {
        if spans.insert((mention.source.clone(), mention.anchor.start, mention.anchor.end)) {
            edits.push(Edit::put(Mention { entity: into.clone(), ..mention.clone() }));
        } else {
            edits.push(Edit::Remove(ItemKey::Mention(mention.id.clone())));
        }
    }
    let mut rejected: BTreeSet<(SourceId, usize, usize)> = project
        .rejections
        .values()
        .filter(|r| &r.entity == into)
        .map(|r| (r.source.clone(), r.anchor.start, r.anchor.end))
        .collect();
    for rejection in project.rejections.values().filter(|r| doomed.contains(&r.entity)) {
        if rejected.insert((rejection.source.clone(), rejection.anchor.start, rejection.anchor.end)) {
            edits.push(Edit::put(crate::model::Rejection { entity: into.clone(), ..rejection.clone() }));
        } else {
            edits.push(Edit::Remove(ItemKey::Rejection(rejection.id.clone())));
        }
    }
    for relation in project.relations.values() {
        if doomed.contains(&relation.from) || doomed.contains(&relation.to) {
            let mut relation = relation.clone();
            if doomed.contains(&relation.from) {
                relation.from = into.clone();
            }
            if doomed.contains(&relation.to) {
                relation.to = into.clone();
            }
            edits.push(Edit::put(relation));
        }
    }
    // Events: the merged entities become `into`, once.
    for event in project.events.values().filter(|e| e.entities.iter().any(|id| doomed.contains(id))) {
        let mut event = event.clone();
        let mut entities: Vec<EntityId> = Vec::with_capacity(event.entities.len());
        for id in event.entities.drain(..).map(|id| if doomed.contains(&id) { into.clone() } else { id }) {
            if !entities.contains(&id) {
                entities.push(id);
            }
        }
        event.entities = entities;
        edits.push(Edit::put(event));
    }
    for map in project.maps.values() {
        if !map.nodes.keys().any(|id| doomed.contains(id)) {
            continue;
        }
        let mut map = map.clone();
        for other in &others {
            if let Some(node) = map.nodes.remove(&other.id) {
                map.nodes.entry(into.clone()).or_insert(node);
            }
        }
        edits.push(Edit::put(map));
    }
    for claim in project.claims.values() {
        if claim.entities.iter().any(|id| doomed.contains(id)) {
            let mut claim = claim.clone();
            let mut entities = Vec::with_capacity(claim.entities.len());
            for id in &claim.entities {
                let id = if doomed.contains(id) { into } else { id };
                if !entities.contains(id) {
                    entities.push(id.clone());
                }
            }
            claim.entities = entities;
            edits.push(Edit::put(claim));
        }
    }
    edits.extend(others.iter().map(|e| Edit::Remove(ItemKey::Entity(e.id.clone()))));
    Ok(Edit::Batch(edits))
}

/// Moves `mentions` of one entity to a new entity `name` of `kind` (the way back from a
/// merge, or from tagging two people with one name). Returns the edit and the new id.
pub fn split_mentions(
    project: &Project,
    mentions: &[MentionId],
    name: &str,
    kind: EntityKind,
    ids: &mut IdGenerator,
) -> Result<(Edit, EntityId), TagError> {
    let target = TagTarget::New { name: name.to_owned(), kind };
    let (entity, mut edits) = resolve(project, &target, ids)?;
    if mentions.is_empty() {
        return Err(TagError::Empty);
    }
    for id in mentions {
        let mention = project.mentions.get(id).ok_or_else(|| TagError::UnknownMention(id.clone()))?;
        edits.push(Edit::put(Mention { entity: entity.clone(), ..mention.clone() }));
    }
    Ok((Edit::Batch(edits), entity))
}
