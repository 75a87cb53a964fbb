//! Possible duplicate entities: two analysts who each added "Russia" to their copy of a
//! project end up with two entities once the copies are merged. Finding them is a
//! proposal; merging them ([`crate::edit::merge_entities`]) is the analyst's call.

use std::collections::BTreeMap;

use super::fold;
use crate::model::{EntityId, EntityKind, Project};

/// Groups of entities of the same kind that share a name or alias once folded (case,
/// accents and spacing ignored). Each group has two or more ids in id order; groups are
/// in the order of their first id. An entity that shares names with two groups joins
/// them into one.
pub fn duplicate_entities(project: &Project) -> Vec<Vec<EntityId>> {
    let ids: Vec<&EntityId> = project.entities.keys().collect();
    // Union-find over the entities' positions in `ids`.
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    let mut first_with_name: BTreeMap<(EntityKind, String), usize> = BTreeMap::new();
    for (i, entity) in project.entities.values().enumerate() {
        for name in std::iter::once(&entity.name).chain(&entity.aliases) {
            let folded = fold(name).split_whitespace().collect::<Vec<_>>().join(" ");
            if folded.is_empty() {
                continue;
            }
            match first_with_name.entry((entity.kind, folded)) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                std::collections::btree_map::Entry::Occupied(slot) => {
                    let (a, b) = (root(&mut parent, *slot.get()), root(&mut parent, i));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<EntityId>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push((*id).clone());
    }
    groups.into_values().filter(|group| group.len() > 1).collect()
}

/// The representative of `i`'s set, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    #[test]
    fn same_kind_and_folded_name_or_alias_make_a_group() {
        let mut project = Project::new("t");
        let mut add = |id: &str, name: &str, kind: EntityKind, aliases: &[&str]| {
            let mut entity = Entity::new(EntityId::from(id), name, kind);
            entity.aliases = aliases.iter().map(|a| (*a).to_owned()).collect();
            project.entities.insert(entity.id.clone(), entity);
        };
        add("russia-a", "Russia", EntityKind::State, &[]);
        add("russia-b", "RUSSIA ", EntityKind::State, &[]);
        add("russian-federation-c", "Russian Federation", EntityKind::State, &["Russia"]);
        add("russia-person-d", "Russia", EntityKind::Person, &[]);
        add("asad-e", "Asád", EntityKind::Person, &[]);
        add("assad-f", "Bashar al-Assad", EntityKind::Person, &["asad"]);
        add("hts-g", "HTS", EntityKind::Organization, &[]);
        assert_eq!(
            duplicate_entities(&project),
            vec![
                vec![EntityId::from("asad-e"), EntityId::from("assad-f")],
                vec![
                    EntityId::from("russia-a"),
                    EntityId::from("russia-b"),
                    EntityId::from("russian-federation-c"),
                ],
            ]
        );
    }
}
