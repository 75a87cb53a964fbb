//! "Record as claim…": a small form for the Reader's selection (the statement, where
//! this source stands on it, how credible the quote is) that records a new claim with
//! the quote as its first evidence, in one undo step.

use std::ops::Range;

use super::Tagging;
use crate::edit::record_claim;
use crate::model::{Credibility, IdGenerator, Project, SourceId, Stance};
use crate::ui::command::{Command, Selection};
use crate::ui::inspector::credibility_combo;

/// The open form: the quote and what the analyst has filled in so far.
pub struct ClaimForm {
    /// The source quoted.
    pub source: SourceId,
    /// The quote's byte range in the source's text.
    pub range: Range<usize>,
    /// What is claimed.
    pub statement: String,
    /// Where this source stands on it.
    pub stance: Stance,
    /// How credible the quote is.
    pub credibility: Option<Credibility>,
    /// Put the cursor in the statement field on the next frame.
    focus: bool,
    /// Where the form first opens: under the selection, when it is on screen.
    position: Option<egui::Pos2>,
}

impl ClaimForm {
    /// A form for `range` of `source`; the statement starts as the quote itself.
    pub fn new(source: SourceId, range: Range<usize>, text: &str) -> Self {
        let statement = text.get(range.clone()).unwrap_or_default().trim().to_owned();
        Self {
            source,
            range,
            statement,
            stance: Stance::Supports,
            credibility: None,
            focus: true,
            position: None,
        }
    }
}

/// Opens the form for the Reader's selection; `false` when nothing is selected.
pub fn open_claim_form(project: &Project, state: &mut Tagging) -> bool {
    let Some((source, range)) = state.selection.clone().filter(|(_, r)| !r.is_empty()) else {
        return false;
    };
    let Some(found) = project.sources.get(&source) else {
        return false;
    };
    let mut form = ClaimForm::new(source, range, &found.text);
    form.position = state.selection_end.map(|at| at + egui::vec2(0.0, 6.0));
    state.claim_form = Some(form);
    true
}

/// The form, while open; "Record claim" records it and selects the new claim.
pub fn claim_form_ui(
    ctx: &egui::Context,
    project: &Project,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    let Some(form) = state.claim_form.as_mut() else {
        return;
    };
    let mut open = true;
    let mut record = false;
    let mut cancel = false;
    let mut window = egui::Window::new("Record as claim").collapsible(false).resizable(false).open(&mut open);
    if let Some(at) = form.position {
        window = window.default_pos(at);
    }
    window.show(ctx, |ui| {
        let quote =
            project.sources.get(&form.source).and_then(|s| s.text.get(form.range.clone())).unwrap_or("");
        let shown: String = quote.chars().take(160).collect();
        let ellipsis = if shown.len() < quote.len() { "\u{2026}" } else { "" };
        ui.label(egui::RichText::new(format!("\u{201c}{shown}{ellipsis}\u{201d}")).italics());
        ui.add_space(4.0);
        let label = ui.label("Statement");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.statement)
                    .hint_text("The statement was published on Telegram")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut form.focus) {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let label = ui.label("This source");
            for stance in Stance::ALL {
                ui.radio_value(&mut form.stance, stance, stance.verb()).labelled_by(label.id);
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Credibility");
            credibility_combo(ui, "claim_form_credibility", &mut form.credibility, 220.0, label.id);
        });
        ui.horizontal(|ui| {
            let ready = !form.statement.trim().is_empty();
            record = ui.add_enabled(ready, egui::Button::new("Record claim")).clicked() || (entered && ready);
            cancel = ui.button("Cancel").clicked();
        });
    });
    if record {
        let result = record_claim(
            project,
            &form.statement,
            &form.source,
            form.range.clone(),
            form.stance,
            form.credibility,
            &mut IdGenerator::default(),
        );
        match result {
            Ok((edit, id)) => {
                let label = format!("Record claim \u{201c}{}\u{201d}", form.statement.trim());
                commands.push(Command::edit(edit, label));
                commands.push(Command::Select(Selection::Claim(id)));
                state.claim_form = None;
                state.selection = None;
            }
            Err(error) => commands.push(Command::Notify(error.to_string())),
        }
    } else if cancel || !open {
        state.claim_form = None;
    }
}
