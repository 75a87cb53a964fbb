//! Edits and how they are applied.

use crate::model::{ClaimId, EntityId, Item, ItemKey, Project, ProjectMeta, SourceId, ValidationError};

/// One change to a project. Applying it returns another `Edit` that undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Adds the item, or replaces the item with the same key.
    Put(Box<Item>),
    /// Removes the item with this key.
    Remove(ItemKey),
    /// Replaces the project's title and notes.
    SetMeta(ProjectMeta),
    /// Several edits applied in order, all or none.
    Batch(Vec<Edit>),
}

/// One single change of an [`Edit`], as [`Edit::for_each_touch`] gives them.
#[derive(Clone, Copy, Debug)]
pub enum Touch<'a> {
    /// Adds or replaces this item.
    Put(&'a Item),
    /// Removes the item with this key.
    Remove(&'a ItemKey),
    /// Replaces the project's title and notes.
    Meta,
}

/// Why an edit was refused. The project is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// Removing something that is not there.
    #[error("there is no {} `{}` to remove", .0.kind_name(), .0.id_str())]
    Missing(ItemKey),
    /// Removing something other items still refer to.
    #[error("{} `{}` is still used by {user_kind} `{user}`", key.kind_name(), key.id_str())]
    InUse {
        /// What was to be removed.
        key: ItemKey,
        /// Kind of an item that refers to it.
        user_kind: &'static str,
        /// Id of an item that refers to it.
        user: String,
    },
    /// Changing the text of a source (anchors point into it, so it is fixed at import).
    #[error("the text of source `{0}` cannot change after import")]
    TextChanged(SourceId),
    /// The item would break an invariant.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

impl Edit {
    /// An edit that adds or replaces `item`.
    pub fn put(item: impl Into<Item>) -> Self {
        Self::Put(Box::new(item.into()))
    }

    /// An edit that removes a claim and its rows in the matrices of hypotheses.
    pub fn remove_claim_cascade(project: &Project, claim: &ClaimId) -> Self {
        let mut edits: Vec<Self> = project
            .matrices
            .values()
            .filter(|m| m.rows.contains_key(claim))
            .map(|m| {
                let mut matrix = m.clone();
                matrix.rows.remove(claim);
                Self::put(matrix)
            })
            .collect();
        edits.push(Self::Remove(ItemKey::Claim(claim.clone())));
        Self::Batch(edits)
    }

    /// An edit that removes an entity together with everything that refers to it: its
    /// mentions, the relations it is part of, its nodes on maps and its rejections; claims
    /// about it stay, without it.
    /// mentions, the relations it is part of, its nodes on maps and its rejections; events
    /// that involve it lose it from their entities.
    pub fn remove_entity_cascade(project: &Project, entity: &EntityId) -> Self {
        let mut edits: Vec<Self> = project
            .mentions
            .values()
            .filter(|m| &m.entity == entity)
            .map(|m| Self::Remove(ItemKey::Mention(m.id.clone())))
            .collect();
        edits.extend(
            project
                .relations
                .values()
                .filter(|r| &r.from == entity || &r.to == entity)
                .map(|r| Self::Remove(ItemKey::Relation(r.id.clone()))),
        );
        for map in project.maps.values().filter(|m| m.nodes.contains_key(entity)) {
            let mut map = map.clone();
            map.nodes.remove(entity);
            edits.push(Self::put(map));
        }
        edits.extend(
            project
                .rejections
                .values()
                .filter(|r| &r.entity == entity)
                .map(|r| Self::Remove(ItemKey::Rejection(r.id.clone()))),
        );
        // Claims stay, without the entity and without the relations that go with it;
        // their puts come before the removals they make possible.
        let mut claim_edits = Vec::new();
        for claim in project.claims.values() {
            let relation_goes = claim
                .relation
                .as_ref()
                .and_then(|r| project.relations.get(r))
                .is_some_and(|r| &r.from == entity || &r.to == entity);
            if relation_goes || claim.entities.contains(entity) {
                let mut claim = claim.clone();
                claim.entities.retain(|e| e != entity);
                if relation_goes {
                    claim.relation = None;
                }
                claim_edits.push(Self::put(claim));
            }
        }
        edits.splice(0..0, claim_edits);
        for event in project.events.values().filter(|e| e.entities.contains(entity)) {
            let mut event = event.clone();
            event.entities.retain(|e| e != entity);
            edits.push(Self::put(event));
        }
        edits.push(Self::Remove(ItemKey::Entity(entity.clone())));
        Self::Batch(edits)
    }

    /// An edit that removes sources together with their mentions, their rejections and the
    /// evidence quoted from them (by relations and by claims).
    pub fn remove_sources_cascade(project: &Project, sources: &[SourceId]) -> Self {
        let doomed: std::collections::HashSet<&SourceId> = sources.iter().collect();
        let mut edits: Vec<Self> = project
            .mentions
            .values()
            .filter(|m| doomed.contains(&m.source))
            .map(|m| Self::Remove(ItemKey::Mention(m.id.clone())))
            .collect();
        for relation in project.relations.values() {
            if relation.evidence.iter().any(|e| doomed.contains(&e.source)) {
                let mut relation = relation.clone();
                relation.evidence.retain(|e| !doomed.contains(&e.source));
                edits.push(Self::put(relation));
            }
        }
        for event in project.events.values() {
            if event.times.iter().flat_map(|t| &t.evidence).any(|e| doomed.contains(&e.source)) {
                let mut event = event.clone();
                for time in &mut event.times {
                    time.evidence.retain(|e| !doomed.contains(&e.source));
                }
                edits.push(Self::put(event));
            }
        }
        edits.extend(
            project
                .rejections
                .values()
                .filter(|r| doomed.contains(&r.source))
                .map(|r| Self::Remove(ItemKey::Rejection(r.id.clone()))),
        );
        for claim in project.claims.values() {
            if claim.evidence.iter().any(|e| doomed.contains(&e.quote.source)) {
                let mut claim = claim.clone();
                claim.evidence.retain(|e| !doomed.contains(&e.quote.source));
                edits.push(Self::put(claim));
            }
        }
        edits.extend(sources.iter().map(|id| Self::Remove(ItemKey::Source(id.clone()))));
        Self::Batch(edits)
    }

    /// The edit that turns `from` into `to`: puts for what is new or changed (sources and
    /// entities first, so that what refers to them can follow), then removals (in the
    /// opposite order), and the project's own title and notes. Restoring an autosave is
    /// this edit, so it is one undo step like any other.
    pub fn between(from: &Project, to: &Project) -> Self {
        use std::collections::BTreeMap;
        fn puts<K: Ord, V: Clone + PartialEq + Into<Item>>(
            from: &BTreeMap<K, V>,
            to: &BTreeMap<K, V>,
            out: &mut Vec<Edit>,
        ) {
            for (id, item) in to {
                if from.get(id) != Some(item) {
                    out.push(Edit::put(item.clone()));
                }
            }
        }
        fn removes<K: Ord + Clone, V>(
            from: &BTreeMap<K, V>,
            to: &BTreeMap<K, V>,
            key: impl Fn(K) -> ItemKey,
            out: &mut Vec<Edit>,
        ) {
            out.extend(
                from.keys().filter(|id| !to.contains_key(*id)).map(|id| Edit::Remove(key(id.clone()))),
            );
        }
        let mut edits = Vec::new();
        puts(&from.sources, &to.sources, &mut edits);
        puts(&from.entities, &to.entities, &mut edits);
        puts(&from.mentions, &to.mentions, &mut edits);
        puts(&from.relations, &to.relations, &mut edits);
        puts(&from.maps, &to.maps, &mut edits);
        puts(&from.rejections, &to.rejections, &mut edits);
        puts(&from.conflicts, &to.conflicts, &mut edits);
        puts(&from.claims, &to.claims, &mut edits);
        puts(&from.events, &to.events, &mut edits);
        removes(&from.events, &to.events, ItemKey::Event, &mut edits);
        puts(&from.matrices, &to.matrices, &mut edits);
        removes(&from.matrices, &to.matrices, ItemKey::Matrix, &mut edits);
        removes(&from.claims, &to.claims, ItemKey::Claim, &mut edits);
        removes(&from.conflicts, &to.conflicts, ItemKey::Conflict, &mut edits);
        removes(&from.rejections, &to.rejections, ItemKey::Rejection, &mut edits);
        removes(&from.maps, &to.maps, ItemKey::Map, &mut edits);
        removes(&from.relations, &to.relations, ItemKey::Relation, &mut edits);
        removes(&from.mentions, &to.mentions, ItemKey::Mention, &mut edits);
        removes(&from.entities, &to.entities, ItemKey::Entity, &mut edits);
        removes(&from.sources, &to.sources, ItemKey::Source, &mut edits);
        if from.meta != to.meta {
            edits.push(Self::SetMeta(to.meta.clone()));
        }
        Self::Batch(edits)
    }

    /// Calls `f` with each single change the edit makes, in order: a batch's edits one by
    /// one.
    pub fn for_each_touch(&self, f: &mut impl FnMut(Touch<'_>)) {
        match self {
            Self::Put(item) => f(Touch::Put(item)),
            Self::Remove(key) => f(Touch::Remove(key)),
            Self::SetMeta(_) => f(Touch::Meta),
            Self::Batch(edits) => edits.iter().for_each(|e| e.for_each_touch(f)),
        }
    }

    /// Adds to `out` the ids of the sources this edit adds, changes or removes.
    pub fn touched_sources(&self, out: &mut Vec<SourceId>) {
        self.for_each_touch(&mut |touch| match touch {
            Touch::Put(Item::Source(source)) => out.push(source.id.clone()),
            Touch::Remove(ItemKey::Source(id)) => out.push(id.clone()),
            _ => {}
        });
    }

    /// This edit followed by `next`, as one edit. Two puts of the same item collapse into
    /// the later one, which keeps a burst of typing in one field small.
    #[must_use]
    pub fn then(self, next: Self) -> Self {
        match (self, next) {
            (Self::Put(a), Self::Put(b)) if a.key() == b.key() => Self::Put(b),
            (Self::SetMeta(_), Self::SetMeta(b)) => Self::SetMeta(b),
            (Self::Batch(mut a), b) => {
                a.push(b);
                Self::Batch(a)
            }
            (a, b) => Self::Batch(vec![a, b]),
        }
    }
}

impl From<crate::model::Source> for Item {
    fn from(v: crate::model::Source) -> Self {
        Self::Source(v)
    }
}
impl From<crate::model::Entity> for Item {
    fn from(v: crate::model::Entity) -> Self {
        Self::Entity(v)
    }
}
impl From<crate::model::Mention> for Item {
    fn from(v: crate::model::Mention) -> Self {
        Self::Mention(v)
    }
}
impl From<crate::model::Relation> for Item {
    fn from(v: crate::model::Relation) -> Self {
        Self::Relation(v)
    }
}
impl From<crate::model::Rejection> for Item {
    fn from(v: crate::model::Rejection) -> Self {
        Self::Rejection(v)
    }
}
impl From<crate::model::Conflict> for Item {
    fn from(v: crate::model::Conflict) -> Self {
        Self::Conflict(v)
    }
}
impl From<crate::model::Event> for Item {
    fn from(v: crate::model::Event) -> Self {
        Self::Event(v)
    }
}
impl From<crate::model::Map> for Item {
    fn from(v: crate::model::Map) -> Self {
        Self::Map(v)
    }
}
impl From<crate::model::AchMatrix> for Item {
    fn from(v: crate::model::AchMatrix) -> Self {
        Self::Matrix(v)
    }
}
impl From<crate::model::Claim> for Item {
    fn from(v: crate::model::Claim) -> Self {
        Self::Claim(v)
    }
}

/// Applies `edit` to `project` and returns the edit that undoes it. On error the project
/// is left exactly as it was.
pub fn apply(project: &mut Project, edit: &Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Put(item) => put(project, item),
        Edit::Remove(key) => remove(project, key),
        Edit::SetMeta(meta) => Ok(Edit::SetMeta(std::mem::replace(&mut project.meta, meta.clone()))),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(project, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(error) => {
                        for inverse in inverses.iter().rev() {
                            // Each inverse undoes an edit that was just applied, so it fits.
                            let undone = apply(project, inverse);
                            debug_assert!(undone.is_ok(), "rolling back a batch failed");
                        }
                        return Err(error);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
    }
}

/// [`apply`] for an edit the caller gives away, as undo and redo do: an item put is
/// moved into the project rather than copied, which matters for large items (a map of
/// 10,000 nodes). On error the project is left as it was and the edit is handed back.
pub fn apply_owned(project: &mut Project, edit: Edit) -> Result<Edit, (EditError, Edit)> {
    apply_owned_with(project, edit, Uses::Check)
}

/// [`apply_owned`] for an undo or redo: `edit` is the step's edit or its inverse, and the
/// project is in the very state in which that edit was once made or undone (the history
/// holds every change), so nothing can have come to use an item it removes since. The
/// search for users of a removed item, which walks every mention and relation, is
/// left out (debug builds still make it): undoing and redoing the deletion of an entity
/// then costs what the edit holds, not what the project holds. Every item put is still
/// checked.
pub fn replay_owned(project: &mut Project, edit: Edit) -> Result<Edit, (EditError, Edit)> {
    apply_owned_with(project, edit, Uses::Trusted)
}

/// Whether a removal looks for items that still use what it removes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Uses {
    Check,
    /// The edit is known to leave no dangling reference (see [`replay_owned`]).
    Trusted,
}

fn apply_owned_with(project: &mut Project, edit: Edit, uses: Uses) -> Result<Edit, (EditError, Edit)> {
    match edit {
        Edit::Put(item) => match check_item(project, &item) {
            Ok(()) => Ok(insert(project, *item)),
            Err(error) => Err((error, Edit::Put(item))),
        },
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            let mut rest = edits.into_iter();
            while let Some(edit) = rest.next() {
                match apply_owned_with(project, edit, uses) {
                    Ok(inverse) => inverses.push(inverse),
                    Err((error, failed)) => {
                        // Undoing what was applied gives those edits back, as they were.
                        let mut original = Vec::with_capacity(inverses.len() + 1 + rest.len());
                        for inverse in inverses.into_iter().rev() {
                            let undone = apply_owned_with(project, inverse, uses);
                            debug_assert!(undone.is_ok(), "rolling back a batch failed");
                            original.push(undone.unwrap_or_else(|(_, inverse)| inverse));
                        }
                        original.reverse();
                        original.push(failed);
                        original.extend(rest);
                        return Err((error, Edit::Batch(original)));
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
        Edit::Remove(key) if uses == Uses::Trusted => {
            debug_assert_eq!(first_user(project, &key), None, "a replayed removal leaves a user behind");
            match take(project, &key) {
                Some(item) => Ok(Edit::Put(Box::new(item))),
                None => Err((EditError::Missing(key.clone()), Edit::Remove(key))),
            }
        }
        other => apply(project, &other).map_err(|error| (error, other)),
    }
}

fn put(project: &mut Project, item: &Item) -> Result<Edit, EditError> {
    check_item(project, item)?;
    Ok(insert(project, item.clone()))
}

/// Puts `item`, already checked, into `project`; returns the edit that undoes that.
fn insert(project: &mut Project, item: Item) -> Edit {
    let key = item.key();
    let previous = match item {
        Item::Source(s) => project.sources.insert(s.id.clone(), s).map(Item::Source),
        Item::Entity(e) => project.entities.insert(e.id.clone(), e).map(Item::Entity),
        Item::Mention(m) => project.mentions.insert(m.id.clone(), m).map(Item::Mention),
        Item::Relation(r) => project.relations.insert(r.id.clone(), r).map(Item::Relation),
        Item::Map(m) => project.maps.insert(m.id.clone(), m).map(Item::Map),
        Item::Rejection(r) => project.rejections.insert(r.id.clone(), r).map(Item::Rejection),
        Item::Conflict(c) => project.conflicts.insert(c.id.clone(), c).map(Item::Conflict),
        Item::Claim(c) => project.claims.insert(c.id.clone(), c).map(Item::Claim),
        Item::Matrix(m) => project.matrices.insert(m.id.clone(), m).map(Item::Matrix),
        Item::Event(e) => project.events.insert(e.id.clone(), e).map(Item::Event),
    };
    match previous {
        Some(previous) => Edit::Put(Box::new(previous)),
        None => Edit::Remove(key),
    }
}

/// Checks that `item` may be put into `project` as it is now.
fn check_item(project: &Project, item: &Item) -> Result<(), EditError> {
    let (kind, id) = (item.key().kind_name(), item.key().id_str().to_owned());
    if !crate::model::is_valid_id(&id) {
        return Err(ValidationError::BadId { kind, id }.into());
    }
    let entity_exists = |entity: &EntityId| {
        if project.entities.contains_key(entity) {
            Ok(())
        } else {
            Err(ValidationError::Dangling {
                kind,
                id: id.clone(),
                target_kind: "entity",
                target: entity.to_string(),
            })
        }
    };
    let anchor_fits = |source: &SourceId, anchor: &crate::model::Anchor| {
        let Some(s) = project.sources.get(source) else {
            return Err(ValidationError::Dangling {
                kind,
                id: id.clone(),
                target_kind: "source",
                target: source.to_string(),
            });
        };
        anchor.verify(&s.text).map_err(|error| ValidationError::Anchor {
            kind,
            id: id.clone(),
            source_id: source.to_string(),
            error,
        })
    };
    match item {
        Item::Source(source) => {
            if !crate::model::is_safe_text_path(&source.text_file) {
                return Err(ValidationError::BadTextPath { id, path: source.text_file.clone() }.into());
            }
            if let Some(old) = project.sources.get(&source.id)
                && (old.text != source.text || old.text_file != source.text_file)
            {
                return Err(EditError::TextChanged(source.id.clone()));
            }
        }
        // A conflict refers to its item by kind and id only, and may outlive it.
        Item::Entity(_) | Item::Conflict(_) => {}
        Item::Mention(m) => {
            entity_exists(&m.entity)?;
            anchor_fits(&m.source, &m.anchor)?;
        }
        Item::Rejection(r) => {
            entity_exists(&r.entity)?;
            anchor_fits(&r.source, &r.anchor)?;
        }
        Item::Relation(r) => {
            entity_exists(&r.from)?;
            entity_exists(&r.to)?;
            for evidence in &r.evidence {
                anchor_fits(&evidence.source, &evidence.anchor)?;
            }
        }
        Item::Claim(claim) => {
            for entity in &claim.entities {
                entity_exists(entity)?;
            }
            if let Some(relation) = &claim.relation
                && !project.relations.contains_key(relation)
            {
                return Err(ValidationError::Dangling {
                    kind,
                    id,
                    target_kind: "relation",
                    target: relation.to_string(),
                }
                .into());
            }
            for evidence in &claim.evidence {
                anchor_fits(&evidence.quote.source, &evidence.quote.anchor)?;
            }
        }
        Item::Matrix(matrix) => {
            if let Some(error) = matrix.errors(|claim| project.claims.contains_key(claim)).into_iter().next()
            {
                return Err(error.into());
            }
        }
        Item::Event(event) => {
            let errors = crate::model::event_errors(
                event,
                |entity| project.entities.contains_key(entity),
                |source, anchor| anchor_fits(source, anchor).err(),
            );
            if let Some(error) = errors.into_iter().next() {
                return Err(error.into());
            }
        }
        Item::Map(map) => {
            // Every node of the map being replaced has its entity (an entity on a map
            // cannot be removed), so only the nodes new to it are looked up: a node moved
            // on a map of 10,000 costs one walk down both lists of nodes, not 10,000
            // lookups.
            let mut before = project.maps.get(&map.id).map(|old| old.nodes.keys().peekable());
            for (entity, node) in &map.nodes {
                let on_map_before = before.as_mut().is_some_and(|keys| {
                    while keys.next_if(|key| *key < entity).is_some() {}
                    keys.peek() == Some(&entity)
                });
                if !on_map_before {
                    entity_exists(entity)?;
                }
                if !node.x.is_finite() || !node.y.is_finite() {
                    return Err(
                        ValidationError::BadPosition { map: id.clone(), entity: entity.to_string() }.into()
                    );
                }
            }
            if !map.shapes_are_finite() {
                return Err(ValidationError::BadShape { map: id }.into());
            }
        }
    }
    Ok(())
}

fn remove(project: &mut Project, key: &ItemKey) -> Result<Edit, EditError> {
    if let Some((user_kind, user)) = first_user(project, key) {
        return Err(EditError::InUse { key: key.clone(), user_kind, user });
    }
    take(project, key).map(|item| Edit::Put(Box::new(item))).ok_or_else(|| EditError::Missing(key.clone()))
}

/// Takes the item with `key` out of `project`, if it is there.
fn take(project: &mut Project, key: &ItemKey) -> Option<Item> {
    match key {
        ItemKey::Source(id) => project.sources.remove(id).map(Item::Source),
        ItemKey::Entity(id) => project.entities.remove(id).map(Item::Entity),
        ItemKey::Mention(id) => project.mentions.remove(id).map(Item::Mention),
        ItemKey::Relation(id) => project.relations.remove(id).map(Item::Relation),
        ItemKey::Map(id) => project.maps.remove(id).map(Item::Map),
        ItemKey::Rejection(id) => project.rejections.remove(id).map(Item::Rejection),
        ItemKey::Conflict(id) => project.conflicts.remove(id).map(Item::Conflict),
        ItemKey::Claim(id) => project.claims.remove(id).map(Item::Claim),
        ItemKey::Matrix(id) => project.matrices.remove(id).map(Item::Matrix),
        ItemKey::Event(id) => project.events.remove(id).map(Item::Event),
    }
}

/// An item that refers to the item with `key`, if any.
fn first_user(project: &Project, key: &ItemKey) -> Option<(&'static str, String)> {
    match key {
        ItemKey::Entity(entity) => project
            .mentions
            .values()
            .find(|m| &m.entity == entity)
            .map(|m| ("mention", m.id.to_string()))
            .or_else(|| {
                project
                    .relations
                    .values()
                    .find(|r| &r.from == entity || &r.to == entity)
                    .map(|r| ("relation", r.id.to_string()))
            })
            .or_else(|| {
                project
                    .maps
                    .values()
                    .find(|m| m.nodes.contains_key(entity))
                    .map(|m| ("map", m.id.to_string()))
            })
            .or_else(|| {
                project
                    .rejections
                    .values()
                    .find(|r| &r.entity == entity)
                    .map(|r| ("rejection", r.id.to_string()))
            })
            .or_else(|| {
                project
                    .claims
                    .values()
                    .find(|c| c.entities.contains(entity))
                    .map(|c| ("claim", c.id.to_string()))
            })
            .or_else(|| {
                project
                    .events
                    .values()
                    .find(|e| e.entities.contains(entity))
                    .map(|e| ("event", e.id.to_string()))
            }),
        ItemKey::Source(source) => project
            .mentions_in_source(source)
            .next()
            .map(|m| ("mention", m.id.to_string()))
            .or_else(|| {
                project
                    .relations
                    .values()
                    .find(|r| r.evidence.iter().any(|e| &e.source == source))
                    .map(|r| ("relation", r.id.to_string()))
            })
            .or_else(|| {
                project
                    .rejections
                    .values()
                    .find(|r| &r.source == source)
                    .map(|r| ("rejection", r.id.to_string()))
            })
            .or_else(|| {
                project
                    .claims
                    .values()
                    .find(|c| c.evidence.iter().any(|e| &e.quote.source == source))
                    .map(|c| ("claim", c.id.to_string()))
            })
            .or_else(|| {
                project
                    .events
                    .values()
                    .find(|e| e.times.iter().flat_map(|t| &t.evidence).any(|q| &q.source == source))
                    .map(|e| ("event", e.id.to_string()))
            }),
        ItemKey::Relation(relation) => {
            project.claims_of_relation(relation).next().map(|c| ("claim", c.id.to_string()))
        }
        ItemKey::Claim(claim) => project
            .matrices
            .values()
            .find(|m| m.rows.contains_key(claim))
            .map(|m| ("matrix", m.id.to_string())),
        ItemKey::Mention(_)
        | ItemKey::Map(_)
        | ItemKey::Rejection(_)
        | ItemKey::Conflict(_)
        | ItemKey::Event(_)
        | ItemKey::Matrix(_) => None,
    }
}
