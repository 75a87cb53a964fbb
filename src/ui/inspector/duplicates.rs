//! Possible duplicate entities (the same name or alias, the same kind), proposed for
//! merging; the analyst picks the one to keep, or says they are not the same.

use super::{InspectorState, hint};
use crate::analysis::duplicate_entities;
use crate::edit::Part;
use crate::model::{Entity, EntityId, Project};
use crate::ui::command::{Command, Selection};
use crate::ui::document::Revision;

/// Groups of possible duplicate entities, and how many mentions each of them has.
pub struct Duplicates {
    groups: Vec<Vec<EntityId>>,
    mentions: std::collections::HashMap<EntityId, usize>,
}

impl Duplicates {
    fn find(project: &Project) -> Self {
        let groups = duplicate_entities(project);
        let mut mentions: std::collections::HashMap<EntityId, usize> =
            groups.iter().flatten().map(|id| (id.clone(), 0)).collect();
        for mention in project.mentions.values() {
            if let Some(count) = mentions.get_mut(&mention.entity) {
                *count += 1;
            }
        }
        Self { groups, mentions }
    }
}

/// Entities of the same kind that share a name or alias (two analysts' work merged, say),
/// proposed for merging: nothing is merged until the analyst picks the entity to keep.
pub fn duplicates_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    let found_at = revision.of(&[Part::Entities]);
    if state.duplicates.as_ref().is_none_or(|(at, _)| *at != found_at) {
        state.duplicates = Some((found_at, Duplicates::find(project)));
    }
    let Some((_, found)) = &state.duplicates else {
        return;
    };
    let shown: Vec<&Vec<EntityId>> =
        found.groups.iter().filter(|group| !state.not_the_same.contains(*group)).collect();
    if shown.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(format!("Possible duplicates ({})", shown.len()));
    hint(ui, "Entities of the same kind that share a name or alias. Merge them if they are one thing.");
    let mut dismissed = None;
    let mut merging = state.merging.clone();
    for group in shown {
        let entities: Vec<&Entity> = group.iter().filter_map(|id| project.entities.get(id)).collect();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            for entity in &entities {
                let mentions = found.mentions.get(&entity.id).copied().unwrap_or_default();
                let text = format!("{} ({}) · {mentions} mentions", entity.name, entity.id);
                if ui.link(text).clicked() {
                    commands.push(Command::Select(Selection::Entity(entity.id.clone())));
                }
            }
            if merging.as_ref() == Some(group) {
                ui.label("Keep which one? The others' names become its aliases, and their mentions, relations and map nodes move to it.");
                for entity in &entities {
                    if ui.button(format!("Merge into {} ({})", entity.name, entity.id)).clicked() {
                        let others: Vec<EntityId> = group.iter().filter(|id| **id != entity.id).cloned().collect();
                        match crate::edit::merge_entities(project, &entity.id, &others) {
                            Ok(edit) => commands.push(Command::edit(edit, format!("Merge duplicates into {}", entity.name))),
                            Err(error) => commands.push(Command::Notify(error.to_string())),
                        }
                        merging = None;
                    }
                }
                if ui.button("Cancel").clicked() {
                    merging = None;
                }
            } else {
                ui.horizontal(|ui| {
                    if ui.button("Merge…").clicked() {
                        merging = Some(group.clone());
                    }
                    if ui.button("Not the same").clicked() {
                        dismissed = Some(group.clone());
                    }
                });
            }
        });
    }
    state.merging = merging;
    if let Some(group) = dismissed {
        state.not_the_same.insert(group);
    }
}
