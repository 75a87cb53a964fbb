//! The tag bar under the Reader's header: with text selected, the quote, "Tag as entity…",
//! "Event…", "Cite", the recent entities, and their keys (T, R, E, 1–9, Ctrl+C, Esc).

use egui::{Key, Modifiers};

use super::tagging::{cite, open_popup, tag};
use super::{DIGITS, Tagging};
use crate::edit::TagTarget;
use crate::model::{EntityId, Project, Source};
use crate::ui::command::Command;
use crate::ui::theme;

/// With text selected: what T and the number keys do, and the keys themselves.
pub fn tag_bar_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    // The bar is always there, so that selecting never moves the text under the pointer.
    let Some(range) = state.selected_range(&source.id).filter(|_| state.drag_anchor.is_none()) else {
        ui.horizontal(|ui| {
            let hint = "Select text to tag it: press T or right-click. Double-click selects a word.";
            ui.add_enabled(false, egui::Button::new("Tag as entity… (T)"));
            // Truncated: a line that does not fit would widen the pane's content and push
            // the text past its right edge.
            ui.add(
                egui::Label::new(egui::RichText::new(hint).color(theme::hint_color(ui.visuals()))).truncate(),
            )
            .on_hover_text(hint);
        });
        return;
    };
    let keys_free =
        state.popup.is_none() && state.event_form.is_none() && !ui.ctx().egui_wants_keyboard_input();
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::R)) {
        state.event_form = Some(super::event_form::EventForm::new(project, source, range.clone()));
        return;
    }
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::T)) {
        open_popup(ui.ctx(), source, range.clone(), state);
        return;
    }
    if keys_free
        && let Some(relation) = state.cite_target.clone().filter(|id| project.relations.contains_key(id))
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::E))
    {
        cite(project, &source.id, range.clone(), &relation, state, commands);
        return;
    }
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::C)) {
        ui.ctx().copy_text(source.text[range.clone()].to_owned());
    }
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        state.selection = None;
        return;
    }
    let recent: Vec<EntityId> =
        state.recent.iter().filter(|id| project.entities.contains_key(*id)).cloned().collect();
    for (key, entity) in DIGITS.iter().zip(&recent) {
        if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, *key)) {
            let target = TagTarget::Existing(entity.clone());
            tag(project, state, &source.id, range.clone(), None, &target, commands);
            return;
        }
    }
    ui.horizontal(|ui| {
        let exact = &source.text[range.clone()];
        let shown: String = exact.chars().take(40).collect();
        let ellipsis = if shown.len() < exact.len() { "…" } else { "" };
        ui.label(egui::RichText::new(format!("\u{201c}{shown}{ellipsis}\u{201d}")).strong());
        if ui.button("Tag as entity… (T)").on_hover_text("Tag the selected text as an entity").clicked() {
            open_popup(ui.ctx(), source, range.clone(), state);
        }
        if ui
            .button("Claim… (C)")
            .on_hover_text("Record the selected text as a claim, with the quote as its first evidence")
            .clicked()
        {
            super::open_claim_form(project, state);
        }
        if ui
            .button("Event… (R)")
            .on_hover_text("Record the selection as evidence for a time of an event")
            .clicked()
        {
            state.event_form = Some(super::event_form::EventForm::new(project, source, range.clone()));
        }
        if let Some(relation) = state.cite_target.clone().and_then(|id| project.relations.get(&id))
            && ui
                .button("Cite (E)")
                .on_hover_text(format!(
                    "Cite as evidence for \u{201c}{}\u{201d}",
                    project.relation_title(relation)
                ))
                .clicked()
        {
            cite(project, &source.id, range.clone(), &relation.id, state, commands);
            return;
        }
        for (n, entity) in recent.iter().enumerate() {
            let Some(e) = project.entities.get(entity) else {
                continue;
            };
            let text = format!("{} {} {}", n + 1, theme::kind_icon(e.kind), e.name);
            if ui.small_button(text).on_hover_text(format!("Tag as {} (key {})", e.name, n + 1)).clicked() {
                let target = TagTarget::Existing(entity.clone());
                tag(project, state, &source.id, range.clone(), None, &target, commands);
                return;
            }
        }
    });
}
