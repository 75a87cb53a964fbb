//! Which parts of a project changed, and when: derived data (counts, a map's scene, the
//! rows of a list) is rebuilt when the parts it reads change, not after every edit.

use crate::model::{Item, ItemKey};

use super::{Edit, Touch};

/// One kind of item of a project, or its title and notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The title and notes.
    Meta,
    /// Sources.
    Sources,
    /// Entities.
    Entities,
    /// Mentions.
    Mentions,
    /// Relations.
    Relations,
    /// Maps.
    Maps,
    /// Rejected suggestions.
    Rejections,
    /// Merge conflicts.
    Conflicts,
    /// Claims.
    Claims,
    /// Timeline events.
    Events,
    /// Matrices of competing hypotheses.
    Matrices,
}

impl Part {
    /// Every part.
    pub const ALL: [Self; 11] = [
        Self::Meta,
        Self::Sources,
        Self::Entities,
        Self::Mentions,
        Self::Relations,
        Self::Maps,
        Self::Rejections,
        Self::Conflicts,
        Self::Claims,
        Self::Events,
        Self::Matrices,
    ];

    fn of_key(key: &ItemKey) -> Self {
        match key {
            ItemKey::Source(_) => Self::Sources,
            ItemKey::Entity(_) => Self::Entities,
            ItemKey::Mention(_) => Self::Mentions,
            ItemKey::Relation(_) => Self::Relations,
            ItemKey::Map(_) => Self::Maps,
            ItemKey::Rejection(_) => Self::Rejections,
            ItemKey::Conflict(_) => Self::Conflicts,
            ItemKey::Claim(_) => Self::Claims,
            ItemKey::Event(_) => Self::Events,
            ItemKey::Matrix(_) => Self::Matrices,
        }
    }

    fn of_item(item: &Item) -> Self {
        match item {
            Item::Source(_) => Self::Sources,
            Item::Entity(_) => Self::Entities,
            Item::Mention(_) => Self::Mentions,
            Item::Relation(_) => Self::Relations,
            Item::Map(_) => Self::Maps,
            Item::Rejection(_) => Self::Rejections,
            Item::Conflict(_) => Self::Conflicts,
            Item::Claim(_) => Self::Claims,
            Item::Event(_) => Self::Events,
            Item::Matrix(_) => Self::Matrices,
        }
    }
}

/// A stamp for each [`Part`] that moves on whenever an edit, undo or redo touches it.
///
/// Stamps come from one counter, so the largest stamp of several parts moves on exactly
/// when one of them changes: [`Changes::of`] is a cache key for data derived from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    counter: u64,
    stamps: [u64; Part::ALL.len()],
}

impl Changes {
    /// Records that `edit` was applied (or undone: an edit and its inverse touch the
    /// same parts).
    pub fn record(&mut self, edit: &Edit) {
        self.counter += 1;
        self.mark(edit);
    }

    fn mark(&mut self, edit: &Edit) {
        edit.for_each_touch(&mut |touch| {
            let part = match touch {
                Touch::Put(item) => Part::of_item(item),
                Touch::Remove(key) => Part::of_key(key),
                Touch::Meta => Part::Meta,
            };
            self.stamps[part as usize] = self.counter;
        });
    }

    /// A key that changes when any of `parts` changes, and only then.
    pub fn of(&self, parts: &[Part]) -> u64 {
        parts.iter().map(|&p| self.stamps[p as usize]).max().unwrap_or(0)
    }

    /// A key that changes with every edit, undo and redo.
    pub fn any(&self) -> u64 {
        self.counter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, EntityKind, ProjectMeta};

    fn entity(id: &str) -> Edit {
        Edit::put(Entity::new(EntityId::from(id), id, EntityKind::Person))
    }

    #[test]
    fn a_key_moves_only_when_one_of_its_parts_changes() {
        let mut changes = Changes::default();
        let counts = changes.of(&[Part::Mentions, Part::Sources]);
        let names = changes.of(&[Part::Entities]);
        changes.record(&entity("a"));
        assert_eq!(changes.of(&[Part::Mentions, Part::Sources]), counts);
        assert_ne!(changes.of(&[Part::Entities]), names);
        let names = changes.of(&[Part::Entities]);
        changes.record(&Edit::Batch(vec![Edit::SetMeta(ProjectMeta::default()), entity("b")]));
        assert_ne!(changes.of(&[Part::Entities]), names);
        assert_ne!(changes.of(&[Part::Meta]), 0);
        assert_eq!(changes.of(&[Part::Mentions, Part::Sources]), counts);
        changes.record(&Edit::Remove(ItemKey::Mention(crate::model::MentionId::from("m"))));
        assert_ne!(changes.of(&[Part::Mentions, Part::Sources]), counts);
        assert_eq!(changes.any(), 3);
    }
}
