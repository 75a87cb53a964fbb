//! A claim: its statement and notes, the relation it bears on, and its quotes side by
//! side, those that support it on the left and those that contradict it on the right,
//! each with its source, date and grades; a click on a quote opens the Reader there.

use super::{credibility_combo, field_edit, hint, text_field};
use crate::edit::Edit;
use crate::model::{Claim, ItemKey, Project, Stance};
use crate::ui::claims::{contested_badge_ui, weight_bar_ui};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// The fields of a claim and its quotes for and against it.
pub fn claim_ui(ui: &mut egui::Ui, project: &Project, claim: &Claim, commands: &mut Vec<Command>) {
    let push = |commands: &mut Vec<Command>, field: &str, updated: Claim| {
        commands.push(field_edit("claim", claim.id.as_str(), field, updated));
    };
    ui.heading(&claim.statement);
    let weights = claim.weights(project);
    ui.horizontal(|ui| {
        weight_bar_ui(ui, &weights);
        ui.label(format!(
            "{} for (weight {}), {} against (weight {})",
            weights.support.sources.len(),
            weights.support.total(),
            weights.contradiction.sources.len(),
            weights.contradiction.total()
        ));
        if weights.contested() {
            contested_badge_ui(ui);
        }
    });
    egui::Grid::new(("claim_fields", claim.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        if let Some(statement) = text_field(ui, "Statement", &claim.statement, "What is claimed", false) {
            push(commands, "statement", Claim { statement, ..claim.clone() });
        }
        if let Some(notes) = text_field(ui, "Notes", &claim.notes, "Why it matters, what is unclear", true) {
            push(commands, "notes", Claim { notes, ..claim.clone() });
        }
    });
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
            Edit::Remove(ItemKey::Claim(claim.id.clone())),
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
            ui.label(egui::RichText::new(title).strong().color(color));
            quotes_ui(ui, project, claim, stance, commands);
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
        let quote = &evidence.quote;
        let source = project.sources.get(&quote.source);
        let title = source.map_or(quote.source.as_str(), |s| s.title.as_str());
        let date = source.map_or("", |s| s.published.as_str());
        let reliability = source.and_then(|s| s.reliability).map_or('?', crate::model::Reliability::letter);
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = egui::RichText::new(format!("\u{201c}{}\u{201d}", quote.anchor.exact)).italics();
            if ui
                .add(egui::Button::new(text).frame(false).wrap())
                .on_hover_text("Open the source at this quote")
                .clicked()
            {
                let (source, anchor) = (quote.source.clone(), &quote.anchor);
                commands.push(Command::ShowInReader { source, range: anchor.start..anchor.end });
            }
            let date = if date.is_empty() { String::new() } else { format!(" \u{00b7} {date}") };
            ui.label(
                egui::RichText::new(format!("{title}{date} \u{00b7} reliability {reliability}")).small(),
            );
            ui.horizontal(|ui| {
                let label = ui.label("Credibility");
                let mut credibility = quote.credibility;
                if credibility_combo(ui, ("claim_credibility", index), &mut credibility, 140.0, label.id) {
                    let mut updated = claim.clone();
                    updated.evidence[index].quote.credibility = credibility;
                    commands.push(field_edit("claim", claim.id.as_str(), "credibility", updated));
                }
                if ui.small_button("Remove").on_hover_text("Remove this quote from the claim").clicked() {
                    let mut updated = claim.clone();
                    updated.evidence.remove(index);
                    commands.push(Command::edit(Edit::put(updated), "Remove claim evidence"));
                }
            });
        });
    }
    if !any {
        hint(ui, "None");
    }
}
