//! The Reader's context menu: tag, copy or cite the selection; select, re-assign or remove
//! the mentions under the pointer; accept or reject the suggestions there.

use std::ops::Range;

use super::Tagging;
use super::tagging::{cite, open_popup};
use crate::analysis::Suggestions;
use crate::edit::Edit;
use crate::model::{EntityId, ItemKey, Project, Source};
use crate::ui::command::{Command, Selection};
use crate::ui::{review, theme};

/// The menu's entries for what was under the pointer when it opened.
pub fn context_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut Tagging,
    suggestions: &Suggestions,
    commands: &mut Vec<Command>,
) {
    if let Some(range) = state.selected_range(&source.id) {
        if ui.button("Tag as entity…").clicked() {
            open_popup(ui.ctx(), source, range.clone(), state);
            ui.close();
        }
        if ui.button("Copy").clicked() {
            ui.ctx().copy_text(source.text[range.clone()].to_owned());
            ui.close();
        }
        if ui.button("Record as claim\u{2026} (C)").clicked() {
            super::open_claim_form(project, state);
            ui.close();
        }
        if ui.button("Record as event… (R)").clicked() {
            state.event_form = Some(super::event_form::EventForm::new(project, source, range.clone()));
            ui.close();
        }
        cite_menu_ui(ui, project, source, range, state, commands);
    }
    for id in state.menu_mentions.clone() {
        let Some(mention) = project.mentions.get(&id) else {
            continue;
        };
        let name = project.entities.get(&mention.entity).map_or("?", |e| e.name.as_str());
        ui.separator();
        ui.label(
            egui::RichText::new(format!("\u{201c}{}\u{201d} \u{2192} {name}", mention.anchor.exact)).strong(),
        );
        if ui.button(format!("Select {name}")).clicked() {
            commands.push(Command::Select(Selection::Entity(mention.entity.clone())));
            ui.close();
        }
        if ui.button("Re-assign to…").clicked() {
            let range = mention.anchor.start..mention.anchor.end;
            open_popup(ui.ctx(), source, range, state);
            if let Some(popup) = state.popup.as_mut() {
                popup.reassign = Some(id.clone());
                popup.query.clear();
            }
            ui.close();
        }
        if ui.button("Remove mention").clicked() {
            let label = format!("Remove mention \u{201c}{}\u{201d}", mention.anchor.exact);
            commands.push(Command::edit(Edit::Remove(ItemKey::Mention(id.clone())), label));
            ui.close();
        }
    }
    for suggestion in state.menu_suggestions.clone() {
        // The scan may have been replaced since the menu opened.
        if !suggestions.items().contains(&suggestion) {
            continue;
        }
        let quoted = source.text.get(suggestion.range()).unwrap_or_default();
        let candidates: Vec<(&EntityId, Option<&crate::model::Entity>)> =
            suggestions.candidates(&suggestion).map(|id| (id, project.entities.get(id))).collect();
        ui.separator();
        if let [(id, entity)] = candidates.as_slice() {
            let name = entity.map_or(id.as_str(), |e| e.name.as_str());
            ui.label(
                egui::RichText::new(format!("Suggested: \u{201c}{quoted}\u{201d} \u{2192} {name}")).strong(),
            );
            if ui.button("Accept suggestion").clicked() {
                commands.push(review::accept_command(project, suggestions, &[&suggestion]));
                ui.close();
            }
        } else {
            ui.label(
                egui::RichText::new(format!(
                    "Suggested: \u{201c}{quoted}\u{201d}, which {} entities share",
                    candidates.len()
                ))
                .strong(),
            );
            for (id, entity) in &candidates {
                let name = entity.map_or(id.as_str(), |e| e.name.as_str());
                if ui.button(format!("Accept as {name}")).clicked() {
                    commands.extend(review::accept_as_command(project, suggestions, &suggestion, id));
                    ui.close();
                }
            }
        }
        if ui.button("Reject suggestion").clicked() {
            commands.push(review::reject_command(project, suggestions, &[&suggestion]));
            ui.close();
        }
    }
    if state.selected_range(&source.id).is_none()
        && state.menu_mentions.is_empty()
        && state.menu_suggestions.is_empty()
    {
        ui.label(egui::RichText::new("Select text to tag it.").color(theme::hint_color(ui.visuals())));
    }
}

/// "Cite as evidence for …": the relation selected last, and a list of the others
/// (those between entities this source mentions first).
fn cite_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    range: Range<usize>,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    if project.relations.is_empty() {
        return;
    }
    ui.separator();
    if let Some(relation) = state.cite_target.as_ref().and_then(|id| project.relations.get(id)) {
        let text = format!("Cite as evidence for \u{201c}{}\u{201d} (E)", project.relation_title(relation));
        if ui.button(text).clicked() {
            cite(project, &source.id, range.clone(), &relation.id, state, commands);
            ui.close();
        }
    }
    let mentioned: std::collections::HashSet<&EntityId> =
        project.mentions_in_source(&source.id).map(|m| &m.entity).collect();
    let mut relations: Vec<&crate::model::Relation> = project.relations.values().collect();
    relations.sort_by_key(|r| {
        let here = usize::from(mentioned.contains(&r.from)) + usize::from(mentioned.contains(&r.to));
        (std::cmp::Reverse(here), project.relation_title(r).to_lowercase())
    });
    ui.menu_button("Cite as evidence for…", |ui| {
        egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            for relation in relations {
                if ui.button(project.relation_title(relation)).clicked() {
                    cite(project, &source.id, range.clone(), &relation.id, state, commands);
                    ui.close();
                }
            }
        });
    });
}
