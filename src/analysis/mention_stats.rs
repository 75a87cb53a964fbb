//! How many mentions each entity and each source has, and in how many sources each
//! entity is mentioned: counted once when a project is opened, then kept up to date
//! from the mentions each edit adds and removes, so that a panel showing the counts
//! costs nothing after an edit of something else and little after tagging one more
//! mention, whatever the project's size.

use std::collections::HashMap;

use crate::edit::MentionChange;
use crate::model::{EntityId, Mention, Project, SourceId};

/// A hash map with foldhash: the keys are the project's own ids.
type FoldHashMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Mention counts of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionStats {
    /// Mentions and distinct sources per entity with mentions.
    entities: FoldHashMap<EntityId, (usize, usize)>,
    /// Mentions per source with mentions.
    sources: FoldHashMap<SourceId, usize>,
    /// Mentions per entity and source, to know when an entity gains or loses a source.
    pairs: FoldHashMap<(EntityId, SourceId), usize>,
}

impl MentionStats {
    /// Counts the mentions of `project`.
    pub fn of(project: &Project) -> Self {
        let mut stats = Self::default();
        let n = project.mentions.len();
        stats.pairs.reserve(n);
        stats.entities.reserve(project.entities.len());
        stats.sources.reserve(project.sources.len());
        for mention in project.mentions.values() {
            stats.add(mention);
        }
        stats
    }

    /// Brings the counts up to date with `changes`, in the order they were made.
    pub fn apply(&mut self, changes: &[MentionChange]) {
        for change in changes {
            match change {
                MentionChange::Added(mention) => self.add(mention),
                MentionChange::Removed(mention) => self.remove(mention),
            }
        }
    }

    /// Counts one more mention.
    pub fn add(&mut self, mention: &Mention) {
        *self.sources.entry(mention.source.clone()).or_default() += 1;
        let in_source = self.pairs.entry((mention.entity.clone(), mention.source.clone())).or_default();
        *in_source += 1;
        let first_in_source = *in_source == 1;
        let entity = self.entities.entry(mention.entity.clone()).or_default();
        entity.0 += 1;
        if first_in_source {
            entity.1 += 1;
        }
    }

    /// Counts one mention fewer; `mention` must have been counted.
    pub fn remove(&mut self, mention: &Mention) {
        if let Some(count) = self.sources.get_mut(&mention.source) {
            *count -= 1;
            if *count == 0 {
                self.sources.remove(&mention.source);
            }
        }
        let key = (mention.entity.clone(), mention.source.clone());
        let last_in_source = match self.pairs.get_mut(&key) {
            Some(count) => {
                *count -= 1;
                *count == 0
            }
            None => false,
        };
        if last_in_source {
            self.pairs.remove(&key);
        }
        if let Some(entity) = self.entities.get_mut(&mention.entity) {
            entity.0 -= 1;
            if last_in_source {
                entity.1 -= 1;
            }
            if entity.0 == 0 {
                self.entities.remove(&mention.entity);
            }
        }
    }

    /// The mentions of `entity`, and the number of sources they are in.
    pub fn entity(&self, entity: &EntityId) -> (usize, usize) {
        self.entities.get(entity).copied().unwrap_or((0, 0))
    }

    /// The mentions in `source`.
    pub fn source(&self, source: &SourceId) -> usize {
        self.sources.get(source).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, Entity, EntityKind, MentionId, Source};

    fn mention(id: &str, entity: &str, source: &str) -> Mention {
        Mention {
            id: MentionId::from(id),
            entity: EntityId::from(entity),
            source: SourceId::from(source),
            anchor: Anchor::from_span("x y z", 0, 1).expect("fits"),
        }
    }

    #[test]
    fn counts_follow_mentions_added_and_removed() {
        let mut project = Project::default();
        for source in ["s1", "s2"] {
            let source = Source::new(SourceId::from(source), source, "x y z");
            project.sources.insert(source.id.clone(), source);
        }
        for entity in ["a", "b"] {
            project.entities.insert(
                EntityId::from(entity),
                Entity::new(EntityId::from(entity), entity, EntityKind::Person),
            );
        }
        let mentions = [
            mention("m1", "a", "s1"),
            mention("m2", "a", "s1"),
            mention("m3", "a", "s2"),
            mention("m4", "b", "s2"),
        ];
        for m in &mentions {
            project.mentions.insert(m.id.clone(), m.clone());
        }
        let mut stats = MentionStats::of(&project);
        assert_eq!(stats.entity(&EntityId::from("a")), (3, 2));
        assert_eq!(stats.entity(&EntityId::from("b")), (1, 1));
        assert_eq!(stats.source(&SourceId::from("s1")), 2);
        assert_eq!(stats.source(&SourceId::from("s2")), 2);

        stats.remove(&mentions[2]);
        assert_eq!(stats.entity(&EntityId::from("a")), (2, 1));
        stats.remove(&mentions[0]);
        assert_eq!(stats.entity(&EntityId::from("a")), (1, 1));
        stats.remove(&mentions[3]);
        assert_eq!(stats.entity(&EntityId::from("b")), (0, 0));
        assert_eq!(stats.source(&SourceId::from("s2")), 0);
        stats.add(&mentions[3]);
        stats.add(&mentions[2]);
        stats.add(&mentions[0]);
        assert_eq!(stats, MentionStats::of(&project));
    }
}
