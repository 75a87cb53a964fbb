//! A claim: its statement and notes, the relation it bears on, and its quotes side by
//! side, those that support it on the left and those that contradict it on the right,
//! each with its source, date and grades; a click on a quote opens the Reader there.

use super::{QuoteChange, evidence_ui, field_edit, hint, notes_field, text_field};
use crate::edit::Edit;
use crate::model::{Claim, Project, Stance};
use crate::ui::claims::{contested_badge_ui, weight_bar_ui, weights_summary};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// The fields of a claim and its quotes for and against it.
pub fn claim_ui(ui: &mut egui::Ui, project: &Project, claim: &Claim, commands: &mut Vec<Command>) {
    let push = |commands: &mut Vec<Command>, field: &str, updated: Claim| {
        commands.push(field_edit("claim", claim.id.as_str(), field, updated));
    };
    ui.heading(&claim.statement);
    let weights = claim.weights(project);
    ui.horizontal_wrapped(|ui| {
        weight_bar_ui(ui, &weights);
        ui.label(weights_summary(&weights));
        if weights.contested() {
            contested_badge_ui(ui);
        }
    });
    egui::Grid::new(("claim_fields", claim.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        if let Some(statement) = text_field(ui, "Statement", &claim.statement, "What is claimed") {
            push(commands, "statement", Claim { statement, ..claim.clone() });
        }
    });
    if let Some(notes) = notes_field(ui, "Notes", &claim.notes, "Why it matters, what is unclear") {
        push(commands, "notes", Claim { notes, ..claim.clone() });
    }
    if let Some(relation) = claim.relation.as_ref().and_then(|id| project.relations.get(id)) {
        ui.horizontal(|ui| {
            ui.label("Bears on");
            if ui.link(project.relation_title(relation)).on_hover_text("Select the relation").clicked() {
                commands.push(Command::Select(Selection::Relation(relation.id.clone())));
            }
        });
    }
    if !claim.entities.is_empty() {
        let names: Vec<&str> = claim.entities.iter().map(|id| project.entity_name(id)).collect();
        ui.label(format!("About: {}", names.join(", ")));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Add the Reader's selection as evidence:");
        for stance in Stance::ALL {
            let text = match stance {
                Stance::Supports => "supporting",
                Stance::Contradicts => "contradicting",
                Stance::Mentions => "mentioning",
            };
            if ui
                .button(text)
                .on_hover_text(format!("The text selected in the Reader {} this claim", stance.verb()))
                .clicked()
            {
                commands.push(Command::AddSelectionToClaim { claim: claim.id.clone(), stance });
            }
        }
    });
    if ui.button("Delete claim").on_hover_text("Deletes it from the project (Ctrl+Z undoes)").clicked() {
        commands.push(Command::edit(
            Edit::remove_claim_cascade(project, &claim.id),
            format!("Delete claim \u{201c}{}\u{201d}", claim.statement),
        ));
        commands.push(Command::Select(Selection::None));
    }
    ui.separator();
    if claim.evidence.is_empty() {
        hint(ui, "No quotes yet: select one in the Reader, then add it here.");
        return;
    }
    ui.columns(2, |columns| {
        for (column, stance, title) in
            [(0, Stance::Supports, "Supports"), (1, Stance::Contradicts, "Contradicts")]
        {
            let ui = &mut columns[column];
            let color = match stance {
                Stance::Supports => theme::claim_support_color(),
                _ => theme::claim_contradiction_color(),
            };
            // Columns are justified; the quotes' text reads better ragged.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.label(egui::RichText::new(title).strong().color(color));
                quotes_ui(ui, project, claim, stance, commands);
            });
        }
    });
    if claim.evidence.iter().any(|e| e.stance == Stance::Mentions) {
        ui.add_space(4.0);
        ui.strong("Mentions");
        quotes_ui(ui, project, claim, Stance::Mentions, commands);
    }
}

/// The quotes of `claim` that take `stance`, each with its source, date and grades.
fn quotes_ui(
    ui: &mut egui::Ui,
    project: &Project,
    claim: &Claim,
    stance: Stance,
    commands: &mut Vec<Command>,
) {
    let mut any = false;
    for (index, evidence) in claim.evidence.iter().enumerate().filter(|(_, e)| e.stance == stance) {
        any = true;
        let salt = ("claim_credibility", index);
        if let Some(change) =
            evidence_ui(ui, project, &evidence.quote, salt, "Remove this quote from the claim", commands)
        {
            let mut updated = claim.clone();
            match change {
                QuoteChange::Credibility(credibility) => {
                    updated.evidence[index].quote.credibility = credibility;
                    commands.push(field_edit("claim", claim.id.as_str(), "credibility", updated));
                }
                QuoteChange::Remove => {
                    updated.evidence.remove(index);
                    commands.push(Command::edit(Edit::put(updated), "Remove claim evidence"));
                }
            }
        }
    }
    if !any {
        hint(ui, "None");
    }
}
