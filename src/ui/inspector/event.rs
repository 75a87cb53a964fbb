//! A timeline event: its title, entities and notes, and each of its times with the quotes
//! that give it.

use super::{field_edit, hint, notes_field, quote_ui, text_field};
use crate::edit::Edit;
use crate::model::{Event, ItemKey, Project};
use crate::ui::command::{Command, Selection};

/// The fields of an event, and its times with their evidence; a click on a quote opens the
/// Reader there.
pub fn event_ui(ui: &mut egui::Ui, project: &Project, event: &Event, commands: &mut Vec<Command>) {
    ui.heading(&event.title);
    let push = |commands: &mut Vec<Command>, field: &str, updated: Event| {
        commands.push(field_edit("event", event.id.as_str(), field, updated));
    };
    egui::Grid::new(("event_fields", event.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        if let Some(title) = text_field(ui, "Title", &event.title, "what happened") {
            push(commands, "title", Event { title, ..event.clone() });
        }
        ui.label("Entities");
        let names: Vec<&str> = event.entities.iter().map(|e| project.entity_name(e)).collect();
        ui.label(if names.is_empty() { "none".to_owned() } else { names.join(", ") });
        ui.end_row();
    });
    if let Some(notes) = notes_field(ui, "Notes", &event.notes, "What the sources disagree on") {
        push(commands, "notes", Event { notes, ..event.clone() });
    }
    ui.add_space(6.0);
    if ui.button("Delete event").on_hover_text("Deletes it from the timeline (Ctrl+Z undoes)").clicked() {
        commands.push(Command::edit(
            Edit::Remove(ItemKey::Event(event.id.clone())),
            format!("Delete event \u{201c}{}\u{201d}", event.title),
        ));
        commands.push(Command::Select(Selection::None));
    }
    ui.separator();
    let count = event.times.len();
    ui.strong(match (count, event.is_conflicting()) {
        (1, _) => "1 time".to_owned(),
        (n, true) => format!("{n} times: the sources disagree"),
        (n, false) => format!("{n} times"),
    });
    if event.times.is_empty() {
        hint(ui, "No time yet: select a sentence in the Reader and choose \u{201c}Record as event…\u{201d}.");
    }
    for (index, time) in event.times.iter().enumerate() {
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(time.label());
                if let Err(error) = time.parse() {
                    ui.label(egui::RichText::new(error.to_string()).color(super::theme::error_color()));
                }
                if ui.small_button("Remove").on_hover_text("Remove this time and its quotes").clicked() {
                    let mut updated = event.clone();
                    updated.times.remove(index);
                    commands.push(Command::edit(Edit::put(updated), "Remove event time"));
                }
            });
            for evidence in &time.evidence {
                quote_ui(ui, project, evidence, commands);
            }
        });
    }
}
