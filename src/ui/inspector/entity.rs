//! An entity's name, kind, aliases, notes and attributes; finding, merging, splitting and
//! deleting it; and its mentions, each opening the Reader at its place.

use super::{field_edit, hint, notes_field, text_field};
use crate::edit::Edit;
use crate::model::{Entity, EntityKind, Project};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// Most mentions listed in an entity's inspector; the rest are counted.
const MAX_MENTIONS_LISTED: usize = 500;

/// The selected entity's fields and mentions.
pub fn entity_ui(ui: &mut egui::Ui, project: &Project, entity: &Entity, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.colored_label(
            theme::kind_color(entity.kind),
            egui::RichText::new(theme::kind_icon(entity.kind)).heading(),
        );
        ui.heading("Entity");
    });
    let mut push = |field: &str, updated: Entity| {
        commands.push(field_edit("entity", entity.id.as_str(), field, updated));
    };
    egui::Grid::new(("entity_fields", entity.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            if let Some(name) = text_field(ui, "Name", &entity.name, "") {
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
            let label = ui.label("Attributes");
            ui.vertical(|ui| {
                if let Some(attributes) = attributes_ui(ui, entity, label.id) {
                    push("attributes", Entity { attributes, ..entity.clone() });
                }
            });
            ui.end_row();
        },
    );
    if let Some(notes) = notes_field(ui, "Notes", &entity.notes, "What you know about it") {
        push("notes", Entity { notes, ..entity.clone() });
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .button("Find mentions")
            .on_hover_text(
                "Search every source for its name and aliases; hits wait in Suggestions for review",
            )
            .clicked()
        {
            commands.push(Command::FindMentions(Some(vec![entity.id.clone()])));
        }
        if ui
            .button("Delete entity")
            .on_hover_text("Deletes it with its mentions, relations and map nodes (Ctrl+Z undoes)")
            .clicked()
        {
            commands.push(Command::edit(Edit::remove_entity_cascade(project, &entity.id), "Delete entity"));
            commands.push(Command::Select(Selection::None));
        }
    });
    merge_ui(ui, project, entity, commands);
    ui.separator();
    let mentions: Vec<_> = project.mentions.values().filter(|m| m.entity == entity.id).collect();
    let sources: std::collections::HashSet<_> = mentions.iter().map(|m| &m.source).collect();
    ui.strong(format!("{} mentions in {} sources", mentions.len(), sources.len()));
    split_ui(ui, project, entity, commands);
    let checked_id = ui.make_persistent_id(("split_checked", entity.id.as_str()));
    let mut checked: std::collections::BTreeSet<crate::model::MentionId> =
        ui.data_mut(|d| d.get_temp(checked_id).unwrap_or_default());
    for mention in mentions.iter().take(MAX_MENTIONS_LISTED) {
        ui.horizontal_top(|ui| {
            let mut is_checked = checked.contains(&mention.id);
            if ui.checkbox(&mut is_checked, "").on_hover_text("Choose for splitting out").changed() {
                if is_checked {
                    checked.insert(mention.id.clone());
                } else {
                    checked.remove(&mention.id);
                }
            }
            let source_title =
                project.sources.get(&mention.source).map_or(mention.source.as_str(), |s| s.title.as_str());
            let a = &mention.anchor;
            let mut job = egui::text::LayoutJob::default();
            let font = egui::TextStyle::Body.resolve(ui.style());
            let plain = egui::text::TextFormat {
                font_id: font,
                color: ui.visuals().text_color(),
                ..Default::default()
            };
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
                commands
                    .push(Command::ShowInReader { source: mention.source.clone(), range: a.start..a.end });
            }
        });
    }
    if mentions.len() > MAX_MENTIONS_LISTED {
        hint(ui, &format!("… and {} more", mentions.len() - MAX_MENTIONS_LISTED));
    }
    checked.retain(|id| project.mentions.get(id).is_some_and(|m| m.entity == entity.id));
    ui.data_mut(|d| d.insert_temp(checked_id, checked));
}

/// Key/value facts: edit a value, remove a pair, add one. Returns the new set when changed.
fn attributes_ui(
    ui: &mut egui::Ui,
    entity: &Entity,
    label: egui::Id,
) -> Option<std::collections::BTreeMap<String, String>> {
    let mut changed = None;
    for (key, value) in &entity.attributes {
        ui.horizontal(|ui| {
            let key_label = ui.label(format!("{key}:"));
            let mut text = value.clone();
            let field =
                ui.add(egui::TextEdit::singleline(&mut text).desired_width(140.0)).labelled_by(key_label.id);
            if field.changed() {
                let mut attributes = entity.attributes.clone();
                attributes.insert(key.clone(), text);
                changed = Some(attributes);
            }
            if ui.small_button("✕").on_hover_text(format!("Remove “{key}”")).clicked() {
                let mut attributes = entity.attributes.clone();
                attributes.remove(key);
                changed = Some(attributes);
            }
        });
    }
    let id = ui.make_persistent_id(("new_attribute", entity.id.as_str()));
    let (mut key, mut value): (String, String) = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut key).hint_text("key").desired_width(70.0)).labelled_by(label);
        let value_field = ui
            .add(egui::TextEdit::singleline(&mut value).hint_text("value, then Enter").desired_width(110.0));
        let value_field = value_field.labelled_by(label);
        if value_field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !key.trim().is_empty()
        {
            let mut attributes = entity.attributes.clone();
            attributes.insert(key.trim().to_owned(), value.trim().to_owned());
            changed = Some(attributes);
            key.clear();
            value.clear();
        }
    });
    ui.data_mut(|d| d.insert_temp(id, (key, value)));
    changed
}

/// "Merge with…": find another entity by name and fold it into this one.
fn merge_ui(ui: &mut egui::Ui, project: &Project, entity: &Entity, commands: &mut Vec<Command>) {
    let id = ui.make_persistent_id(("merge_query", entity.id.as_str()));
    let mut query: String = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
    ui.horizontal(|ui| {
        let label = ui.label("Merge with");
        ui.add(
            egui::TextEdit::singleline(&mut query).hint_text("another entity's name").desired_width(160.0),
        )
        .labelled_by(label.id);
    });
    let others = project.entities.values().filter(|e| e.id != entity.id);
    for found in crate::analysis::rank_entities(others, &query, 5) {
        let Some(other) = project.entities.get(&found.entity) else {
            continue;
        };
        let text = format!("Merge {} {} into this", theme::kind_icon(other.kind), other.name);
        let tip =
            "Its names become aliases here; its mentions, relations and map places move over (Ctrl+Z undoes)";
        if ui.button(text).on_hover_text(tip).clicked() {
            match crate::edit::merge_entities(project, &entity.id, std::slice::from_ref(&other.id)) {
                Ok(edit) => {
                    commands.push(Command::edit(edit, format!("Merge {} into {}", other.name, entity.name)));
                }
                Err(error) => commands.push(Command::Notify(error.to_string())),
            }
            query.clear();
        }
    }
    ui.data_mut(|d| d.insert_temp(id, query));
}

/// "Split out": the checked mentions become a new entity.
fn split_ui(ui: &mut egui::Ui, project: &Project, entity: &Entity, commands: &mut Vec<Command>) {
    let checked_id = ui.make_persistent_id(("split_checked", entity.id.as_str()));
    let checked: std::collections::BTreeSet<crate::model::MentionId> =
        ui.data_mut(|d| d.get_temp(checked_id).unwrap_or_default());
    if checked.is_empty() {
        hint(ui, "Tick mentions below to split them out into a new entity.");
        return;
    }
    let name_id = ui.make_persistent_id(("split_name", entity.id.as_str()));
    let mut name: String = ui.data_mut(|d| d.get_temp(name_id).unwrap_or_default());
    ui.horizontal(|ui| {
        let label = ui.label(format!("Split {} into", checked.len()));
        ui.add(egui::TextEdit::singleline(&mut name).hint_text("new entity's name").desired_width(140.0))
            .labelled_by(label.id);
        if ui.add_enabled(!name.trim().is_empty(), egui::Button::new("Split")).clicked() {
            let mentions: Vec<_> = checked.iter().cloned().collect();
            let mut ids = crate::model::IdGenerator::default();
            match crate::edit::split_mentions(project, &mentions, &name, entity.kind, &mut ids) {
                Ok((edit, new)) => {
                    commands.push(Command::edit(
                        edit,
                        format!("Split {} mentions into {}", mentions.len(), name.trim()),
                    ));
                    commands.push(Command::Select(Selection::Entity(new)));
                    ui.data_mut(|d| {
                        d.remove::<std::collections::BTreeSet<crate::model::MentionId>>(checked_id);
                    });
                    name.clear();
                }
                Err(error) => commands.push(Command::Notify(error.to_string())),
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(name_id, name));
}
