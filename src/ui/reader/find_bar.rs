//! The find bar (Ctrl+F): every match of a word or phrase in the source shown, ignoring
//! case and accents, stepped through with Enter and Shift+Enter. The matching itself is
//! [`crate::analysis::find_in_text`].

use egui::{Key, Modifiers};

use super::ReaderState;
use crate::analysis::{Folded, find_in_text, step_match};
use crate::model::Source;

/// The find bar: the query, previous and next, "n of m", and closing (Esc), which leaves
/// the current match selected.
pub fn find_bar_ui(ui: &mut egui::Ui, source: &Source, state: &mut ReaderState) {
    ui.horizontal(|ui| {
        let label = ui.label("Find in source");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.find_query)
                    .hint_text("word or phrase")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        if state.focus_find {
            field.request_focus();
            state.focus_find = false;
        }
        let key = (source.id.clone(), state.find_query.clone());
        if state.matches_for.as_ref() != Some(&key) {
            if state.folded.as_ref().is_none_or(|(id, _)| id != &source.id) {
                state.folded = Some((source.id.clone(), Folded::new(&source.text)));
            }
            state.matches =
                state.folded.as_ref().map(|(_, f)| find_in_text(f, &state.find_query)).unwrap_or_default();
            state.matches_source = Some(source.id.clone());
            state.current = 0;
            state.matches_for = Some(key);
            state.highlight_generation += 1;
            state.scroll_to = state.matches.first().map(|m| m.start);
        }
        let count = state.matches.len();
        let step = |state: &mut ReaderState, forward: bool| {
            if let Some(next) = step_match(state.current, count, forward) {
                state.current = next;
                state.highlight_generation += 1;
                state.scroll_to = Some(state.matches[next].start);
            }
        };
        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let backwards = ui.input(|i| i.modifiers.shift);
            step(state, !backwards);
            field.request_focus();
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("⏶"))
            .on_hover_text("Previous match (Shift+Enter)")
            .clicked()
        {
            step(state, false);
        }
        if ui.add_enabled(count > 0, egui::Button::new("⏷")).on_hover_text("Next match (Enter)").clicked() {
            step(state, true);
        }
        let status = match count {
            0 if state.find_query.is_empty() => String::new(),
            0 => "no matches".to_owned(),
            _ => format!("{} of {count}", state.current + 1),
        };
        ui.label(status);
        if ui.button("✕").on_hover_text("Close the find bar (Esc)").clicked()
            || ((field.has_focus() || field.lost_focus())
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)))
        {
            // Like a browser, closing the find bar leaves the current match selected,
            // ready to tag with T.
            if let Some(found) = state.matches.get(state.current) {
                state.tagging.selection = Some((source.id.clone(), found.clone()));
            }
            state.find_open = false;
            state.find_query.clear();
        }
    });
    if !state.find_open {
        // Closing the find bar takes its highlights away.
        state.matches.clear();
        state.matches_for = None;
        state.highlight_generation += 1;
    }
}
