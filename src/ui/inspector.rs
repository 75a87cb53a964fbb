//! The Inspector: the fields of the selected item, editable through undoable edits.

use super::command::{Command, Selection};
use super::theme;
use super::view::View;
use crate::edit::Edit;
use crate::model::{Credibility, Project, ProjectMeta, Reliability, Source};

/// Draws the selected item's fields; with nothing selected, the project's own.
pub fn inspector_ui(ui: &mut egui::Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical().id_salt("inspector").auto_shrink([false, false]).show(ui, |ui| match &view
        .selection
    {
        Selection::Source(id) => match project.sources.get(id) {
            Some(source) => source_ui(ui, source, commands),
            None => hint(ui, "The selected source no longer exists."),
        },
        Selection::Entity(id) => match project.entities.get(id) {
            Some(entity) => {
                ui.heading(format!("{} {}", theme::kind_icon(entity.kind), entity.name));
                ui.label(format!("Kind: {}", entity.kind.label()));
                if !entity.aliases.is_empty() {
                    ui.label(format!("Also known as: {}", entity.aliases.join(", ")));
                }
                if !entity.notes.is_empty() {
                    ui.label(&entity.notes);
                }
            }
            None => hint(ui, "The selected entity no longer exists."),
        },
        Selection::None => project_ui(ui, project, commands),
    });
}

fn hint(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).color(theme::hint_color(ui.visuals())));
}

/// A labelled text field. Returns the new value when the user changed it.
fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &str,
    hint_text: &str,
    multiline: bool,
) -> Option<String> {
    let label_response = ui.label(label);
    let mut text = value.to_owned();
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(4)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(edit.id_salt(("field", label)).hint_text(hint_text).desired_width(f32::INFINITY))
        .labelled_by(label_response.id);
    ui.end_row();
    (response.changed() && text != value).then_some(text)
}

fn project_ui(ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
    ui.heading("Project");
    hint(ui, "Select a source or an entity to see its details here.");
    ui.add_space(6.0);
    egui::Grid::new("project_fields").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        let meta = &project.meta;
        if let Some(title) = text_field(ui, "Project title", &meta.title, "", false) {
            let edit = Edit::SetMeta(ProjectMeta { title, ..meta.clone() });
            commands.push(Command::Edit {
                edit,
                label: "Edit project title".into(),
                coalesce: Some("meta:title".into()),
            });
        }
        if let Some(notes) = text_field(ui, "Project notes", &meta.notes, "What this project is about", true)
        {
            let edit = Edit::SetMeta(ProjectMeta { notes, ..meta.clone() });
            commands.push(Command::Edit {
                edit,
                label: "Edit project notes".into(),
                coalesce: Some("meta:notes".into()),
            });
        }
    });
    ui.add_space(8.0);
    ui.label(format!(
        "{} sources · {} entities · {} mentions · {} relations · {} maps",
        project.sources.len(),
        project.entities.len(),
        project.mentions.len(),
        project.relations.len(),
        project.maps.len()
    ));
}

fn source_ui(ui: &mut egui::Ui, source: &Source, commands: &mut Vec<Command>) {
    ui.heading("Source");
    let mut push = |field: &str, updated: Source| {
        commands.push(Command::Edit {
            edit: Edit::put(updated),
            label: format!("Edit source {field}"),
            coalesce: Some(format!("source:{}:{field}", source.id)),
        });
    };
    egui::Grid::new(("source_fields", source.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            type Field = (&'static str, &'static str, fn(&mut Source) -> &mut String, &'static str, bool);
            let fields: [Field; 7] = [
                ("Title", "title", |s| &mut s.title, "Headline", false),
                ("Outlet", "outlet", |s| &mut s.outlet, "Publication or channel", false),
                ("Author", "author", |s| &mut s.author, "", false),
                ("URL", "URL", |s| &mut s.url, "https://…", false),
                ("Published", "date", |s| &mut s.published, "2024-12-16 or December 2024", false),
                ("Language", "language", |s| &mut s.language, "en, ar, ru, …", false),
                ("Notes", "notes", |s| &mut s.notes, "Your notes on this source", true),
            ];
            for (label, field, access, hint_text, multiline) in fields {
                let mut copy = source.clone();
                let current = access(&mut copy).clone();
                if let Some(value) = text_field(ui, label, &current, hint_text, multiline) {
                    *access(&mut copy) = value;
                    push(field, copy);
                }
                if field == "URL" && !source.url.is_empty() {
                    ui.label("");
                    // The link opens only on this click, never by itself.
                    ui.hyperlink_to("Open in browser ↗", &source.url);
                    ui.end_row();
                }
            }

            let label = ui.label("Reliability");
            let current = source
                .reliability
                .map_or("Not graded".to_owned(), |r| format!("{} — {}", r.letter(), r.meaning()));
            egui::ComboBox::from_id_salt("reliability")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    let mut choice = source.reliability;
                    ui.selectable_value(&mut choice, None, "Not graded");
                    for grade in Reliability::ALL {
                        ui.selectable_value(
                            &mut choice,
                            Some(grade),
                            format!("{} — {}", grade.letter(), grade.meaning()),
                        );
                    }
                    if choice != source.reliability {
                        push("reliability", Source { reliability: choice, ..source.clone() });
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label("Credibility");
            let current = source
                .credibility
                .map_or("Not graded".to_owned(), |c| format!("{} — {}", c.number(), c.meaning()));
            egui::ComboBox::from_id_salt("credibility")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    let mut choice = source.credibility;
                    ui.selectable_value(&mut choice, None, "Not graded");
                    for grade in Credibility::ALL {
                        ui.selectable_value(
                            &mut choice,
                            Some(grade),
                            format!("{} — {}", grade.number(), grade.meaning()),
                        );
                    }
                    if choice != source.credibility {
                        push("credibility", Source { credibility: choice, ..source.clone() });
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        },
    );
    ui.add_space(8.0);
    hint(
        ui,
        &format!(
            "Id {} · text in {} ({} characters)",
            source.id,
            source.text_file,
            source.text.chars().count()
        ),
    );
    hint(
        ui,
        "Reliability grades the source (A–F); credibility grades its information (1–6): the Admiralty code.",
    );
}
