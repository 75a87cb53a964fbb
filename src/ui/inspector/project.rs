//! With nothing selected: the project's title and notes, its counts, the conflicts a merge
//! left and the possible duplicate entities.

use super::{InspectorState, conflict, duplicates, hint, notes_field, text_field};
use crate::edit::Edit;
use crate::model::{Project, ProjectMeta};
use crate::ui::command::Command;
use crate::ui::document::Revision;

/// The project's own fields, and what needs the analyst's decision.
pub fn project_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    ui.heading("Project");
    hint(ui, "Select a source or an entity to see its details here.");
    ui.add_space(6.0);
    egui::Grid::new("project_fields").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        let meta = &project.meta;
        if let Some(title) = text_field(ui, "Project title", &meta.title, "") {
            let edit = Edit::SetMeta(ProjectMeta { title, ..meta.clone() });
            commands.push(Command::Edit {
                edit,
                label: "Edit project title".into(),
                coalesce: Some("meta:title".into()),
            });
        }
    });
    let meta = &project.meta;
    if let Some(notes) = notes_field(ui, "Project notes", &meta.notes, "What this project is about") {
        let edit = Edit::SetMeta(ProjectMeta { notes, ..meta.clone() });
        commands.push(Command::Edit {
            edit,
            label: "Edit project notes".into(),
            coalesce: Some("meta:notes".into()),
        });
    }
    ui.add_space(8.0);
    ui.label(project.summary());
    conflict::conflicts_ui(ui, project, commands);
    duplicates::duplicates_ui(ui, project, revision, state, commands);
}
