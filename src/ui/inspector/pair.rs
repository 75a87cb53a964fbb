//! The relations between two entities, as a map draws them bundled: one row each with its
//! label, direction, sources and whether it is disputed; a click selects the relation.

use std::fmt::Write as _;

use super::hint;
use crate::model::EntityId;
use crate::model::Project;
use crate::ui::command::{Command, Selection};

/// Lists the relations between `a` and `b` (either way), in id order.
pub fn pair_ui(
    ui: &mut egui::Ui,
    project: &Project,
    a: &EntityId,
    b: &EntityId,
    commands: &mut Vec<Command>,
) {
    let relations: Vec<&crate::model::Relation> = project
        .relations
        .values()
        .filter(|r| (&r.from == a && &r.to == b) || (&r.from == b && &r.to == a))
        .collect();
    ui.heading(format!("{} \u{2194} {}", project.entity_name(a), project.entity_name(b)));
    if relations.is_empty() {
        hint(ui, "These two entities have no relations any more.");
        return;
    }
    let disputed = relations.iter().filter(|r| project.relation_is_disputed(r)).count();
    let sources = crate::geometry::bundle_sources(&relations);
    let mut summary = format!(
        "{} from {} {}",
        crate::geometry::bundle_label(relations.len()),
        sources,
        if sources == 1 { "source" } else { "sources" }
    );
    if disputed > 0 {
        let _ = write!(summary, ", {disputed} disputed");
    }
    ui.label(summary);
    ui.add_space(6.0);
    for relation in relations {
        let mut text = project.relation_title(relation);
        let count = relation.source_count();
        let _ = write!(text, " \u{b7} {count} {}", if count == 1 { "source" } else { "sources" });
        if project.relation_is_disputed(relation) {
            text.push_str(" \u{b7} disputed");
        }
        if ui.link(text).on_hover_text("Select this relation").clicked() {
            commands.push(Command::Select(Selection::Relation(relation.id.clone())));
        }
    }
}
