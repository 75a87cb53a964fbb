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

    /// What the project holds, in one line for the status bar and the project's page:
    /// "5 sources · 28 entities · 152 mentions · 42 relations · 2 maps · 5 claims · 7
    /// events" (claims and events only when there are any).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{} sources · {} entities · {} mentions · {} relations · {} maps",
            self.sources.len(),
            self.entities.len(),
            self.mentions.len(),
            self.relations.len(),
            self.maps.len()
        );
        for (count, what) in [(self.claims.len(), "claims"), (self.events.len(), "events")] {
            if count > 0 {
                line = format!("{line} · {count} {what}");
            }
        }
        line
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
    fn the_summary_names_claims_and_events_only_when_there_are_some() {
        let empty = Project::new("Empty");
        assert_eq!(empty.summary(), "0 sources · 0 entities · 0 mentions · 0 relations · 0 maps");
        let sample = crate::store::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/projects/syria-2024"
        )))
        .expect("the sample loads");
        assert!(sample.summary().ends_with(&format!(
            " · {} claims · {} events",
            sample.claims.len(),
            sample.events.len()
        )));
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
