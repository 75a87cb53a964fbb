//! Conflicts that `dossier merge` left in the project, each resolved by keeping one side.

use super::hint;
use crate::model::Project;
use crate::ui::command::Command;

/// Merge conflicts left by `dossier merge`: each with its values, and a button per side to
/// keep that value (one undoable edit that also removes the record).
pub fn conflicts_ui(ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
    if project.conflicts.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(format!("Conflicts from a merge ({})", project.conflicts.len()));
    hint(ui, "Two people changed the same thing differently. Pick the value to keep.");
    for conflict in project.conflicts.values() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(&conflict.description);
            for (side, name) in [
                (crate::model::Side::Ours, "Keep ours"),
                (crate::model::Side::Theirs, "Take theirs"),
                (crate::model::Side::Base, "Back to the original"),
            ] {
                let value = conflict.value(side).unwrap_or("(absent)");
                let shown: String = value.chars().take(80).collect();
                if ui.button(format!("{name}: {shown}")).clicked() {
                    match crate::edit::resolve_conflict(project, &conflict.id, side) {
                        Ok(edit) => commands.push(Command::edit(edit, "Resolve conflict")),
                        Err(error) => commands.push(Command::Notify(error.to_string())),
                    }
                }
            }
        });
    }
}
