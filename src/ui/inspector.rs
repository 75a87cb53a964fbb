//! The Inspector: the fields of the selected item, editable through undoable edits.

use super::command::{Command, Selection};
use super::theme;
use super::view::View;
use crate::analysis::duplicate_entities;
use crate::edit::Edit;
use crate::model::{
    Credibility, Entity, EntityId, EntityKind, Project, ProjectMeta, Relation, Reliability, Source,
};

/// What the Inspector remembers between frames: the possible duplicate entities it
/// proposes, and what the analyst said about them this session.
#[derive(Default)]
pub struct InspectorState {
    /// Possible duplicates, as found at the project revision they go with.
    duplicates: Option<(u64, Duplicates)>,
    /// Groups the analyst said are not the same thing (for this session only).
    not_the_same: std::collections::BTreeSet<Vec<EntityId>>,
    /// The group whose "Merge…" was clicked: it asks which entity to keep.
    merging: Option<Vec<EntityId>>,
}

/// Groups of possible duplicate entities, and how many mentions each of them has.
struct Duplicates {
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

/// Draws the selected item's fields; with nothing selected, the project's own.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: u64,
    view: &mut View,
    commands: &mut Vec<Command>,
) {
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
                Some(relation) => relation_ui(ui, project, relation, view, commands),
                None => hint(ui, "The selected relation no longer exists."),
            },
            Selection::None => project_ui(ui, project, revision, &mut view.inspector, commands),
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

fn project_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: u64,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
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
    conflicts_ui(ui, project, commands);
    duplicates_ui(ui, project, revision, state, commands);
}

/// Entities of the same kind that share a name or alias (two analysts' work merged, say),
/// proposed for merging: nothing is merged until the analyst picks the entity to keep.
fn duplicates_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: u64,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    if state.duplicates.as_ref().is_none_or(|(at, _)| *at != revision) {
        state.duplicates = Some((revision, Duplicates::find(project)));
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

/// Merge conflicts left by `dossier merge`: each with its values, and a button per side to
/// keep that value (one undoable edit that also removes the record).
fn conflicts_ui(ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
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
            let mut credibility = source.credibility;
            if credibility_combo(ui, "credibility", &mut credibility, 220.0, label.id) {
                push("credibility", Source { credibility, ..source.clone() });
            }
            ui.end_row();
        },
    );
    ui.add_space(8.0);
    // Counting the characters of a 10 MB text takes milliseconds: once per text, not per frame.
    let count_id = egui::Id::unique(("char_count", source.id.as_str(), source.text.len()));
    let chars = ui.data_mut(|d| *d.get_temp_mut_or_insert_with(count_id, || source.text.chars().count()));
    hint(ui, &format!("Id {} · text in {} ({chars} characters)", source.id, source.text_file));
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
            let label = ui.label("Attributes");
            ui.vertical(|ui| {
                if let Some(attributes) = attributes_ui(ui, entity, label.id) {
                    push("attributes", Entity { attributes, ..entity.clone() });
                }
            });
            ui.end_row();
        },
    );
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
                view.show_in_reader(&mention.source, a.start..a.end);
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

/// The fields of a relation and its evidence: each quote with its source's reliability and
/// its own credibility; a click opens the Reader at the quote.
fn relation_ui(
    ui: &mut egui::Ui,
    project: &Project,
    relation: &Relation,
    view: &mut View,
    commands: &mut Vec<Command>,
) {
    let name =
        |id: &crate::model::EntityId| project.entities.get(id).map_or(id.to_string(), |e| e.name.clone());
    let arrow = if relation.directed { "\u{2192}" } else { "\u{2014}" };
    ui.heading(format!("{} {arrow} {}", name(&relation.from), name(&relation.to)));
    let push = |commands: &mut Vec<Command>, field: &str, updated: Relation| {
        commands.push(Command::Edit {
            edit: Edit::put(updated),
            label: format!("Edit relation {field}"),
            coalesce: Some(format!("relation:{}:{field}", relation.id)),
        });
    };
    egui::Grid::new(("relation_fields", relation.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            if let Some(label) = text_field(ui, "Label", &relation.label, "granted asylum to", false) {
                push(commands, "label", Relation { label, ..relation.clone() });
            }
            let label = ui.label("Direction");
            ui.horizontal(|ui| {
                let mut directed = relation.directed;
                ui.selectable_value(
                    &mut directed,
                    true,
                    format!("{} \u{2192} {}", name(&relation.from), name(&relation.to)),
                )
                .labelled_by(label.id);
                ui.selectable_value(&mut directed, false, "both ways");
                if ui.small_button("\u{21c4}").on_hover_text("Swap the two ends").clicked() {
                    let swapped =
                        Relation { from: relation.to.clone(), to: relation.from.clone(), ..relation.clone() };
                    push(commands, "direction", swapped);
                }
                if directed != relation.directed {
                    push(commands, "direction", Relation { directed, ..relation.clone() });
                }
            });
            ui.end_row();
            if let Some(start) =
                text_field(ui, "From", &relation.start, "date, e.g. 2018 or 2024-12-08", false)
            {
                push(commands, "start", Relation { start, ..relation.clone() });
            }
            if let Some(end) = text_field(ui, "Until", &relation.end, "end of a range, if any", false) {
                push(commands, "end", Relation { end, ..relation.clone() });
            }
            ui.label("Disputed");
            let mut disputed = relation.disputed;
            if ui
                .checkbox(&mut disputed, "the sources disagree")
                .on_hover_text("Drawn in the warning style on maps; say why in the notes")
                .changed()
            {
                push(commands, "disputed", Relation { disputed, ..relation.clone() });
            }
            ui.end_row();
            if let Some(notes) = text_field(ui, "Notes", &relation.notes, "Why, and what disagrees", true) {
                push(commands, "notes", Relation { notes, ..relation.clone() });
            }
        },
    );
    ui.add_space(6.0);
    if ui
        .button("Delete relation")
        .on_hover_text("Deletes it from the project and every map (Ctrl+Z undoes)")
        .clicked()
    {
        commands.push(Command::edit(
            Edit::Remove(crate::model::ItemKey::Relation(relation.id.clone())),
            format!("Delete relation \u{201c}{}\u{201d}", relation.label),
        ));
        commands.push(Command::Select(Selection::None));
    }
    ui.separator();
    let sources = relation.source_count();
    ui.strong(format!(
        "{} {} from {} {}",
        relation.evidence.len(),
        if relation.evidence.len() == 1 { "quote" } else { "quotes" },
        sources,
        if sources == 1 { "source" } else { "sources" }
    ));
    if relation.evidence.is_empty() {
        hint(
            ui,
            "No evidence yet: select a sentence in the Reader and choose \u{201c}Cite as evidence\u{201d} from its context menu.",
        );
    }
    for (index, evidence) in relation.evidence.iter().enumerate() {
        let source = project.sources.get(&evidence.source);
        let title = source.map_or(evidence.source.as_str(), |s| s.title.as_str());
        let grade = source
            .and_then(|s| s.reliability)
            .map_or_else(|| "not graded".to_owned(), |r| r.letter().to_string());
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let quote = egui::RichText::new(format!("\u{201c}{}\u{201d}", evidence.anchor.exact)).italics();
            if ui
                .add(egui::Button::new(quote).frame(false).wrap())
                .on_hover_text("Open the source at this quote")
                .clicked()
            {
                view.show_in_reader(&evidence.source, evidence.anchor.start..evidence.anchor.end);
            }
            ui.label(egui::RichText::new(format!("{title} \u{00b7} reliability {grade}")).small());
            ui.horizontal(|ui| {
                let label = ui.label("Credibility");
                let salt = ("evidence_credibility", index);
                let mut credibility = evidence.credibility;
                if credibility_combo(ui, salt, &mut credibility, 180.0, label.id) {
                    let mut updated = relation.clone();
                    updated.evidence[index].credibility = credibility;
                    push(commands, "credibility", updated);
                }
                if ui
                    .small_button("Remove")
                    .on_hover_text("Remove this quote from the relation's evidence")
                    .clicked()
                {
                    let mut updated = relation.clone();
                    updated.evidence.remove(index);
                    commands.push(Command::edit(Edit::put(updated), "Remove evidence"));
                }
            });
        });
    }
}

/// The Admiralty credibility picker (1–6 with their meanings, or not graded). Returns
/// whether the user picked another value (now in `choice`).
fn credibility_combo(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    choice: &mut Option<Credibility>,
    width: f32,
    label: egui::Id,
) -> bool {
    let current = *choice;
    let text = current.map_or("Not graded".to_owned(), |c| format!("{} — {}", c.number(), c.meaning()));
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(text)
        .width(width)
        .show_ui(ui, |ui| {
            ui.selectable_value(choice, None, "Not graded");
            for grade in Credibility::ALL {
                ui.selectable_value(choice, Some(grade), format!("{} — {}", grade.number(), grade.meaning()));
            }
        })
        .response
        .labelled_by(label);
    *choice != current
}
