//! The Inspector: the fields of the selected item, editable through undoable edits.

use super::command::{Command, Selection};
use super::theme;
use super::view::View;
use crate::edit::Edit;
use crate::model::{Credibility, Entity, EntityKind, Project, ProjectMeta, Relation, Reliability, Source};

/// Draws the selected item's fields; with nothing selected, the project's own.
pub fn inspector_ui(ui: &mut egui::Ui, project: &Project, view: &mut View, commands: &mut Vec<Command>) {
    let selection = view.selection.clone();
    egui::ScrollArea::vertical().id_salt("inspector").auto_shrink([false, false]).show(ui, |ui| {
        match &selection {
            Selection::Source(id) => match project.sources.get(id) {
                Some(source) => source_ui(ui, source, commands),
                None => hint(ui, "The selected source no longer exists."),
            },
            Selection::Entity(id) => match project.entities.get(id) {
                Some(entity) => entity_ui(ui, project, entity, view, commands),
                None => hint(ui, "The selected entity no longer exists."),
            },
            Selection::Relation(id) => match project.relations.get(id) {
                Some(relation) => relation_ui(ui, project, relation, commands),
                None => hint(ui, "The selected relation no longer exists."),
            },
            Selection::None => project_ui(ui, project, commands),
        }
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
            let fields: [Field; 8] = [
                ("Title", "title", |s| &mut s.title, "Headline", false),
                ("Outlet", "outlet", |s| &mut s.outlet, "Publication or channel", false),
                ("Author", "author", |s| &mut s.author, "", false),
                ("URL", "URL", |s| &mut s.url, "https://…", false),
                ("Published", "date", |s| &mut s.published, "2024-12-16 or December 2024", false),
                ("Retrieved", "retrieval date", |s| &mut s.retrieved, "When you got it: 2024-12-17", false),
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

            let tags = source.tags.join(", ");
            if let Some(value) = text_field(ui, "Tags", &tags, "statement, primary, …", false) {
                let tags =
                    value.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
                push("tags", Source { tags, ..source.clone() });
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
    if !source.original_file.is_empty() {
        let size = source.size.map_or(String::new(), |n| format!(", {} KB", n.div_ceil(1024)));
        let path =
            if source.original_path.is_empty() { &source.original_file } else { &source.original_path };
        hint(ui, &format!("Imported from {path}{size} on {}", source.imported_at));
    }
    hint(
        ui,
        "Reliability grades the source (A–F); credibility grades its information (1–6): the Admiralty code.",
    );
}

/// Most mentions listed in an entity's inspector; the rest are counted.
const MAX_MENTIONS_LISTED: usize = 500;

fn entity_ui(
    ui: &mut egui::Ui,
    project: &Project,
    entity: &Entity,
    view: &mut View,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.colored_label(
            theme::kind_color(entity.kind),
            egui::RichText::new(theme::kind_icon(entity.kind)).heading(),
        );
        ui.heading("Entity");
    });
    let mut push = |field: &str, updated: Entity| {
        commands.push(Command::Edit {
            edit: Edit::put(updated),
            label: format!("Edit entity {field}"),
            coalesce: Some(format!("entity:{}:{field}", entity.id)),
        });
    };
    egui::Grid::new(("entity_fields", entity.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            if let Some(name) = text_field(ui, "Name", &entity.name, "", false) {
                push("name", Entity { name, ..entity.clone() });
            }
            let label = ui.label("Kind");
            egui::ComboBox::from_id_salt("entity_kind")
                .selected_text(format!("{} {}", theme::kind_icon(entity.kind), entity.kind.label()))
                .show_ui(ui, |ui| {
                    let mut kind = entity.kind;
                    for k in EntityKind::ALL {
                        ui.selectable_value(&mut kind, k, format!("{} {}", theme::kind_icon(k), k.label()));
                    }
                    if kind != entity.kind {
                        push("kind", Entity { kind, ..entity.clone() });
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Aliases");
            ui.vertical(|ui| {
                for (i, alias) in entity.aliases.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(alias);
                        if ui.small_button("✕").on_hover_text(format!("Remove the alias “{alias}”")).clicked()
                        {
                            let mut aliases = entity.aliases.clone();
                            aliases.remove(i);
                            push("aliases", Entity { aliases, ..entity.clone() });
                        }
                    });
                }
                let id = ui.make_persistent_id(("new_alias", entity.id.as_str()));
                let mut new_alias: String = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
                let field = ui
                    .add(egui::TextEdit::singleline(&mut new_alias).hint_text("Add an alias, then Enter"))
                    .labelled_by(label.id);
                if field.lost_focus()
                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    && !new_alias.trim().is_empty()
                {
                    let mut aliases = entity.aliases.clone();
                    if !aliases.iter().any(|a| a == new_alias.trim()) {
                        aliases.push(new_alias.trim().to_owned());
                        push("aliases", Entity { aliases, ..entity.clone() });
                    }
                    new_alias.clear();
                }
                ui.data_mut(|d| d.insert_temp(id, new_alias));
            });
            ui.end_row();
            if let Some(notes) = text_field(ui, "Notes", &entity.notes, "What you know about it", true) {
                push("notes", Entity { notes, ..entity.clone() });
            }
        },
    );
    ui.add_space(6.0);
    if ui
        .button("Delete entity")
        .on_hover_text("Deletes it with its mentions, relations and map nodes (Ctrl+Z undoes)")
        .clicked()
    {
        commands.push(Command::edit(Edit::remove_entity_cascade(project, &entity.id), "Delete entity"));
        commands.push(Command::Select(Selection::None));
    }
    ui.separator();
    let mentions: Vec<_> = project.mentions.values().filter(|m| m.entity == entity.id).collect();
    let sources: std::collections::HashSet<_> = mentions.iter().map(|m| &m.source).collect();
    ui.strong(format!("{} mentions in {} sources", mentions.len(), sources.len()));
    for mention in mentions.iter().take(MAX_MENTIONS_LISTED) {
        let source_title =
            project.sources.get(&mention.source).map_or(mention.source.as_str(), |s| s.title.as_str());
        let a = &mention.anchor;
        let mut job = egui::text::LayoutJob::default();
        let font = egui::TextStyle::Body.resolve(ui.style());
        let plain =
            egui::text::TextFormat { font_id: font, color: ui.visuals().text_color(), ..Default::default() };
        let strong = egui::text::TextFormat { color: ui.visuals().strong_text_color(), ..plain.clone() };
        let weak = egui::text::TextFormat { color: theme::hint_color(ui.visuals()), ..plain.clone() };
        job.append(&format!("{source_title}\n"), 0.0, weak);
        job.append(&format!("…{}", a.prefix.replace('\n', " ")), 0.0, plain.clone());
        job.append(
            &a.exact,
            0.0,
            egui::text::TextFormat { background: theme::find_highlight(ui.visuals()), ..strong },
        );
        job.append(&format!("{}…", a.suffix.replace('\n', " ")), 0.0, plain);
        job.wrap = egui::text::TextWrapping::wrap_at_width(ui.available_width());
        if ui.add(egui::Button::new(job).frame(false)).on_hover_text("Open in the Reader").clicked() {
            view.show_in_reader(&mention.source, a.start..a.end);
        }
    }
    if mentions.len() > MAX_MENTIONS_LISTED {
        hint(ui, &format!("… and {} more", mentions.len() - MAX_MENTIONS_LISTED));
    }
}

/// The fields of a relation and its evidence.
fn relation_ui(ui: &mut egui::Ui, project: &Project, relation: &Relation, commands: &mut Vec<Command>) {
    let name =
        |id: &crate::model::EntityId| project.entities.get(id).map_or(id.to_string(), |e| e.name.clone());
    ui.heading(format!("{} \u{2192} {}", name(&relation.from), name(&relation.to)));
    let _ = commands;
    ui.label(&relation.label);
}
