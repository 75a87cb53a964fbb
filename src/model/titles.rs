//! What the app calls an item on screen: an entity by its name, a relation as a sentence
//! or by its two ends. Ids stand in for items that are gone, so a dangling reference still
//! shows something the analyst can look up.

use super::{EntityId, Project, Relation};

impl Project {
    /// The name of entity `id`, or the id itself when the project has no such entity.
    pub fn entity_name<'a>(&'a self, id: &'a EntityId) -> &'a str {
        self.entities.get(id).map_or(id.as_str(), |e| e.name.as_str())
    }

    /// A relation as a sentence: "Russia granted asylum to Bashar al-Assad".
    pub fn relation_title(&self, relation: &Relation) -> String {
        format!("{} {} {}", self.entity_name(&relation.from), relation.label, self.entity_name(&relation.to))
    }

    /// A relation by its ends, with an arrow when it has a direction: "Russia → Bashar
    /// al-Assad", "Russia — Syria".
    pub fn relation_ends(&self, relation: &Relation) -> String {
        let arrow = if relation.directed { "\u{2192}" } else { "\u{2014}" };
        format!("{} {arrow} {}", self.entity_name(&relation.from), self.entity_name(&relation.to))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Entity, EntityId, EntityKind, Project, Relation, RelationId};

    fn project() -> Project {
        let mut project = Project::new("Titles");
        for (id, name, kind) in
            [("russia", "Russia", EntityKind::State), ("assad", "Bashar al-Assad", EntityKind::Person)]
        {
            project.entities.insert(EntityId::from(id), Entity::new(EntityId::from(id), name, kind));
        }
        project
    }

    #[test]
    fn titles_name_the_entities_or_fall_back_to_their_ids() {
        let project = project();
        let asylum = Relation::new(
            RelationId::from("asylum"),
            EntityId::from("russia"),
            EntityId::from("assad"),
            "granted asylum to",
        );
        let dangling = Relation::new(
            RelationId::from("gone"),
            EntityId::from("russia"),
            EntityId::from("hts-x1"),
            "fought",
        );
        let undirected = Relation { directed: false, ..dangling.clone() };
        let rows: [(String, &str); 5] = [
            (project.entity_name(&EntityId::from("assad")).to_owned(), "Bashar al-Assad"),
            (project.relation_title(&asylum), "Russia granted asylum to Bashar al-Assad"),
            (project.relation_title(&dangling), "Russia fought hts-x1"),
            (project.relation_ends(&asylum), "Russia \u{2192} Bashar al-Assad"),
            (project.relation_ends(&undirected), "Russia \u{2014} hts-x1"),
        ];
        for (got, expected) in rows {
            assert_eq!(got, expected);
        }
    }
}
