//! Small windows over the canvas: the new-relation form and the note and group editors.

use std::collections::BTreeSet;

use egui::{Key, Pos2};

use super::{ShapeRef, fresh_id};
use crate::edit::Edit;
use crate::model::{EntityId, Map, Project, Relation, RelationId};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// Labels offered for a new relation besides those the project already uses.
pub const DEFAULT_LABELS: [&str; 7] = [
    "granted asylum to",
    "sent money to",
    "refused refuge to",
    "controls",
    "attacked",
    "negotiated with",
    "in contact with",
];

/// The most suggestions listed under the label field.
const MAX_SUGGESTIONS: usize = 8;

/// A form open over the canvas.
pub enum Popup {
    /// A relation about to be created between two nodes.
    NewRelation(NewRelation),
    /// A note's text or a group's label being edited.
    Shape {
        /// Which one.
        shape: ShapeRef,
        /// The text so far.
        text: String,
        /// Where the form opens (screen).
        at: Pos2,
        /// Whether the field has been given the keyboard focus yet.
        focused: bool,
    },
}

/// The fields of the new-relation form.
pub struct NewRelation {
    /// Where the relation starts.
    pub from: EntityId,
    /// Where it points.
    pub to: EntityId,
    /// Where the form opens (screen).
    pub at: Pos2,
    /// What it is called.
    pub label: String,
    /// Whether it has a direction.
    pub directed: bool,
    /// When it started (optional).
    pub start: String,
    /// When it ended (optional).
    pub end: String,
    /// Labels to suggest: the project's, then the defaults.
    pub suggestions: Vec<String>,
    focused: bool,
}

impl NewRelation {
    /// An empty form for a relation `from` → `to`, opening at `at`.
    pub fn new(project: &Project, from: EntityId, to: EntityId, at: Pos2) -> Self {
        let used: BTreeSet<&str> = project.relations.values().map(|r| r.label.as_str()).collect();
        let mut suggestions: Vec<String> = used.iter().map(|s| (*s).to_owned()).collect();
        for label in DEFAULT_LABELS {
            if !used.contains(label) {
                suggestions.push(label.to_owned());
            }
        }
        Self {
            from,
            to,
            at,
            label: String::new(),
            directed: true,
            start: String::new(),
            end: String::new(),
            suggestions,
            focused: false,
        }
    }
}

/// Draws the open popup, if any; returns whether it is still open.
pub fn popup_ui(
    ctx: &egui::Context,
    project: &Project,
    map: &Map,
    popup: &mut Popup,
    commands: &mut Vec<Command>,
) -> bool {
    let at = match popup {
        Popup::NewRelation(form) => form.at,
        Popup::Shape { at, .. } => *at,
    };
    let mut open = true;
    egui::Area::new(egui::Id::unique("map_popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
        .constrain(true)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(280.0);
                open = match popup {
                    Popup::NewRelation(form) => new_relation_ui(ui, project, form, commands),
                    Popup::Shape { shape, text, focused, .. } => {
                        shape_ui(ui, map, *shape, text, focused, commands)
                    }
                };
            });
        });
    open
}

fn new_relation_ui(
    ui: &mut egui::Ui,
    project: &Project,
    form: &mut NewRelation,
    commands: &mut Vec<Command>,
) -> bool {
    ui.strong("New relation");
    let arrow = if form.directed { "→" } else { "–" };
    ui.label(format!("{} {arrow} {}", project.entity_name(&form.from), project.entity_name(&form.to)));
    ui.add_space(4.0);
    let label = ui.label("Label");
    let field = ui.add(
        egui::TextEdit::singleline(&mut form.label)
            .hint_text("type or pick below")
            .desired_width(f32::INFINITY),
    );
    let field = field.labelled_by(label.id);
    if !form.focused {
        field.request_focus();
        form.focused = true;
    }
    let needle = form.label.trim().to_lowercase();
    let matches: Vec<&String> = form
        .suggestions
        .iter()
        .filter(|s| needle.is_empty() || (s.to_lowercase().contains(&needle) && s.to_lowercase() != needle))
        .take(MAX_SUGGESTIONS)
        .collect();
    let mut picked = None;
    if !matches.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
            for suggestion in matches {
                if ui.small_button(suggestion.as_str()).on_hover_text("Use this label").clicked() {
                    picked = Some(suggestion.clone());
                }
            }
        });
    }
    if let Some(picked) = picked {
        form.label = picked;
    }
    ui.horizontal(|ui| {
        ui.selectable_value(&mut form.directed, true, "Directed →");
        ui.selectable_value(&mut form.directed, false, "Undirected");
    });
    ui.horizontal(|ui| {
        let start = ui.label("From");
        ui.add(egui::TextEdit::singleline(&mut form.start).hint_text("2024-12-08").desired_width(90.0))
            .labelled_by(start.id);
        let end = ui.label("until");
        ui.add(egui::TextEdit::singleline(&mut form.end).hint_text("optional").desired_width(90.0))
            .labelled_by(end.id);
    });
    ui.label(
        egui::RichText::new("Enter creates the relation, Esc cancels.")
            .small()
            .color(theme::hint_color(ui.visuals())),
    );
    let label_ok = !form.label.trim().is_empty();
    let mut create = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        create |= ui.add_enabled(label_ok, egui::Button::new("Create")).clicked();
        cancel |= ui.button("Cancel").clicked();
    });
    create |= label_ok && ui.input(|i| i.key_pressed(Key::Enter));
    cancel |= ui.input(|i| i.key_pressed(Key::Escape));
    if create {
        let label = form.label.trim().to_owned();
        let id = RelationId(fresh_id(project, &label, "relation"));
        let relation = Relation {
            directed: form.directed,
            start: form.start.trim().to_owned(),
            end: form.end.trim().to_owned(),
            ..Relation::new(id.clone(), form.from.clone(), form.to.clone(), label)
        };
        commands.push(Command::edit(Edit::put(relation), "Create relation"));
        commands.push(Command::Select(Selection::Relation(id)));
        return false;
    }
    !cancel
}

fn shape_ui(
    ui: &mut egui::Ui,
    map: &Map,
    shape: ShapeRef,
    text: &mut String,
    focused: &mut bool,
    commands: &mut Vec<Command>,
) -> bool {
    let (title, field_label) = match shape {
        ShapeRef::Note(_) => ("Edit note", "Note text"),
        ShapeRef::Group(_) => ("Edit group", "Group label"),
    };
    ui.strong(title);
    let label = ui.label(field_label);
    let field = match shape {
        ShapeRef::Note(_) => {
            ui.add(egui::TextEdit::multiline(text).desired_rows(4).desired_width(f32::INFINITY))
        }
        ShapeRef::Group(_) => ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY)),
    }
    .labelled_by(label.id);
    if !*focused {
        field.request_focus();
        *focused = true;
    }
    let hint = match shape {
        ShapeRef::Note(_) => "Ctrl+Enter saves, Esc cancels.",
        ShapeRef::Group(_) => "Enter saves, Esc cancels.",
    };
    ui.label(egui::RichText::new(hint).small().color(theme::hint_color(ui.visuals())));
    let mut save = false;
    let mut cancel = false;
    let mut delete = false;
    ui.horizontal(|ui| {
        save |= ui.button("Save").clicked();
        cancel |= ui.button("Cancel").clicked();
        delete |= ui.button("Delete").clicked();
    });
    save |= ui.input(|i| match shape {
        ShapeRef::Note(_) => i.modifiers.command && i.key_pressed(Key::Enter),
        ShapeRef::Group(_) => i.key_pressed(Key::Enter),
    });
    cancel |= ui.input(|i| i.key_pressed(Key::Escape));
    if delete {
        commands.push(super::canvas::delete_shape_command(map, shape));
        return false;
    }
    if save {
        let mut changed = map.clone();
        let label = match shape {
            ShapeRef::Note(i) => changed.notes.get_mut(i).map(|n| {
                n.text.clone_from(text);
                "Edit note"
            }),
            ShapeRef::Group(i) => changed.groups.get_mut(i).map(|g| {
                text.trim().clone_into(&mut g.label);
                "Edit group"
            }),
        };
        if let Some(label) = label
            && changed != *map
        {
            commands.push(Command::edit(Edit::put(changed), label));
        }
        return false;
    }
    !cancel
}
