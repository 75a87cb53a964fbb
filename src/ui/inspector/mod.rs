//! The Inspector: the fields of the selected item, editable through undoable edits.
//!
//! One file per kind of item: `source`, `entity` (with merging and splitting), `relation`
//! (with its evidence), `claim` (its quotes for and against side by side), and, with nothing selected, `project` (the project's own fields)
//! with the `conflict`s a merge left and the possible `duplicates`. The fields they share
//! are here.

mod claim;
mod conflict;
mod duplicates;
mod entity;
mod event;
mod pair;
mod project;
mod relation;
mod source;

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::edit::Edit;
use crate::model::{Credibility, EntityId, Evidence, Item, Project, Reliability};
use duplicates::Duplicates;

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

/// Draws the selected item's fields; with nothing selected, the project's own.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    state: &mut InspectorState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical().id_salt("inspector").auto_shrink([false, false]).show(ui, |ui| {
        match selection {
            Selection::Source(id) => match project.sources.get(id) {
                Some(source) => source::source_ui(ui, source, commands),
                None => hint(ui, "The selected source no longer exists."),
            },
            Selection::Entity(id) => match project.entities.get(id) {
                Some(entity) => entity::entity_ui(ui, project, entity, commands),
                None => hint(ui, "The selected entity no longer exists."),
            },
            Selection::Relation(id) => match project.relations.get(id) {
                Some(relation) => relation::relation_ui(ui, project, relation, commands),
                None => hint(ui, "The selected relation no longer exists."),
            },
            Selection::Pair(a, b) => pair::pair_ui(ui, project, a, b, commands),
            Selection::Claim(id) => match project.claims.get(id) {
                Some(found) => claim::claim_ui(ui, project, found, commands),
                None => hint(ui, "The selected claim no longer exists."),
            },
            Selection::Event(id) => match project.events.get(id) {
                Some(event) => event::event_ui(ui, project, event, commands),
                None => hint(ui, "The selected event no longer exists."),
            },
            Selection::None => project::project_ui(ui, project, revision, state, commands),
        }
    });
}

/// The edit of one field of an item (`kind` "source", "entity" or "relation"), as a
/// command: typing on in the same field of the same item is one undo step.
fn field_edit(kind: &str, id: &str, field: &str, updated: impl Into<Item>) -> Command {
    Command::Edit {
        edit: Edit::put(updated),
        label: format!("Edit {kind} {field}"),
        coalesce: Some(format!("{kind}:{id}:{field}")),
    }
}

/// A quote of evidence, which opens the Reader there when clicked, and its source's
/// title, date and reliability.
fn quote_ui(
    ui: &mut egui::Ui,
    project: &Project,
    evidence: &crate::model::Evidence,
    commands: &mut Vec<Command>,
) {
    let source = project.sources.get(&evidence.source);
    let title = source.map_or(evidence.source.as_str(), |s| s.title.as_str());
    let date = source
        .filter(|s| !s.published.is_empty())
        .map(|s| format!(" \u{00b7} {}", s.published))
        .unwrap_or_default();
    let grade = source
        .and_then(|s| s.reliability)
        .map_or_else(|| "not graded".to_owned(), |r| r.letter().to_string());
    let quote = egui::RichText::new(format!("\u{201c}{}\u{201d}", evidence.anchor.exact)).italics();
    if ui
        .add(egui::Button::new(quote).frame(false).wrap())
        .on_hover_text("Open the source at this quote")
        .clicked()
    {
        let (source, anchor) = (evidence.source.clone(), &evidence.anchor);
        commands.push(Command::ShowInReader { source, range: anchor.start..anchor.end });
    }
    ui.label(egui::RichText::new(format!("{title}{date} \u{00b7} reliability {grade}")).small());
}

/// A line of help in the hint colour.
fn hint(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).color(theme::hint_color(ui.visuals())));
}

/// A labelled one-line text field in a two-column grid. Returns the new value when the
/// user changed it.
fn text_field(ui: &mut egui::Ui, label: &str, value: &str, hint_text: &str) -> Option<String> {
    let label_response = ui.label(label);
    let mut text = value.to_owned();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .id_salt(("field", label))
                .hint_text(hint_text)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_response.id);
    ui.end_row();
    (response.changed() && text != value).then_some(text)
}

/// The notes: a label, then a text area the whole width of the Inspector (below the
/// grid of fields, whose value column is too narrow for prose in a narrow panel or at a
/// large text size). Returns the new text when the user changed it.
fn notes_field(ui: &mut egui::Ui, label: &str, value: &str, hint_text: &str) -> Option<String> {
    ui.add_space(6.0);
    let label_response = ui.label(label);
    let mut text = value.to_owned();
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .id_salt(("field", label))
                .hint_text(hint_text)
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_response.id);
    (response.changed() && text != value).then_some(text)
}

/// The Admiralty reliability picker (A–F with their meanings, or not graded). Returns
/// whether the user picked another value (now in `choice`).
pub(crate) fn reliability_combo(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    choice: &mut Option<Reliability>,
    width: f32,
    label: egui::Id,
) -> bool {
    grade_combo(
        ui,
        id_salt,
        choice,
        &Reliability::ALL,
        |r| format!("{} — {}", r.letter(), r.meaning()),
        width,
        label,
    )
}

/// The Admiralty credibility picker (1–6 with their meanings, or not graded). Returns
/// whether the user picked another value (now in `choice`).
pub(crate) fn credibility_combo(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    choice: &mut Option<Credibility>,
    width: f32,
    label: egui::Id,
) -> bool {
    grade_combo(
        ui,
        id_salt,
        choice,
        &Credibility::ALL,
        |c| format!("{} — {}", c.number(), c.meaning()),
        width,
        label,
    )
}

/// A picker of one of `grades` (each written by `text`) or "Not graded", labelled by
/// `label`. Returns whether the user picked another value.
fn grade_combo<G: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    choice: &mut Option<G>,
    grades: &[G],
    text: impl Fn(G) -> String,
    width: f32,
    label: egui::Id,
) -> bool {
    let current = *choice;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current.map_or_else(|| "Not graded".to_owned(), &text))
        // No wider than the panel: a narrow Inspector at a large text size must not clip.
        .width(width.min(ui.available_width()).max(60.0))
        .show_ui(ui, |ui| {
            ui.selectable_value(choice, None, "Not graded");
            for &grade in grades {
                ui.selectable_value(choice, Some(grade), text(grade));
            }
        })
        .response
        .labelled_by(label);
    *choice != current
}

/// What the analyst did to one quote of a relation's or a claim's evidence.
enum QuoteChange {
    /// Graded it anew.
    Credibility(Option<Credibility>),
    /// Asked to remove it.
    Remove,
}

/// One quote of evidence: the quote (a click opens the Reader there), its source's title,
/// date and reliability, its credibility and a Remove button (`remove_hint` on hover).
fn evidence_ui(
    ui: &mut egui::Ui,
    project: &Project,
    evidence: &Evidence,
    salt: (&str, usize),
    remove_hint: &str,
    commands: &mut Vec<Command>,
) -> Option<QuoteChange> {
    let mut change = None;
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        quote_ui(ui, project, evidence, commands);
        // Wrapped: in the two columns of a claim the row is narrow.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Credibility");
            let mut credibility = evidence.credibility;
            let width = (ui.available_width() - 70.0).clamp(90.0, 180.0);
            if credibility_combo(ui, salt, &mut credibility, width, label.id) {
                change = Some(QuoteChange::Credibility(credibility));
            }
            if ui.small_button("Remove").on_hover_text(remove_hint).clicked() {
                change = Some(QuoteChange::Remove);
            }
        });
    });
    change
}
