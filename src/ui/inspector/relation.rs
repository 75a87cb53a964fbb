//! A relation's label, direction, time and notes, and its evidence: each quote with its
//! source's reliability and its own credibility.

use super::{QuoteChange, evidence_ui, field_edit, hint, notes_field, text_field};
use crate::edit::{Edit, claim_from_relation};
use crate::model::{IdGenerator, ItemKey, Project, Relation};
use crate::ui::command::{Command, Selection};

/// The fields of a relation and its evidence: each quote with its source's reliability and
/// its own credibility; a click opens the Reader at the quote.
pub fn relation_ui(ui: &mut egui::Ui, project: &Project, relation: &Relation, commands: &mut Vec<Command>) {
    ui.heading(project.relation_ends(relation));
    let push = |commands: &mut Vec<Command>, field: &str, updated: Relation| {
        commands.push(field_edit("relation", relation.id.as_str(), field, updated));
    };
    egui::Grid::new(("relation_fields", relation.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            if let Some(label) = text_field(ui, "Label", &relation.label, "granted asylum to") {
                push(commands, "label", Relation { label, ..relation.clone() });
            }
            let label = ui.label("Direction");
            ui.horizontal(|ui| {
                let mut directed = relation.directed;
                ui.selectable_value(
                    &mut directed,
                    true,
                    format!(
                        "{} \u{2192} {}",
                        project.entity_name(&relation.from),
                        project.entity_name(&relation.to)
                    ),
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
            if let Some(start) = text_field(ui, "From", &relation.start, "date, e.g. 2018 or 2024-12-08") {
                push(commands, "start", Relation { start, ..relation.clone() });
            }
            if let Some(end) = text_field(ui, "Until", &relation.end, "end of a range, if any") {
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
        },
    );
    if let Some(notes) = notes_field(ui, "Notes", &relation.notes, "Why, and what disagrees") {
        push(commands, "notes", Relation { notes, ..relation.clone() });
    }
    ui.add_space(6.0);
    if ui
        .button("Delete relation")
        .on_hover_text("Deletes it from the project and every map (Ctrl+Z undoes)")
        .clicked()
    {
        commands.push(Command::edit(
            Edit::Remove(ItemKey::Relation(relation.id.clone())),
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
    claims_of_relation_ui(ui, project, relation, commands);
    if relation.evidence.is_empty() {
        hint(
            ui,
            "No evidence yet: select a sentence in the Reader and choose \u{201c}Cite as evidence\u{201d} from its context menu.",
        );
    }
    for (index, evidence) in relation.evidence.iter().enumerate() {
        let salt = ("evidence_credibility", index);
        let remove_hint = "Remove this quote from the relation's evidence";
        if let Some(change) = evidence_ui(ui, project, evidence, salt, remove_hint, commands) {
            let mut updated = relation.clone();
            match change {
                QuoteChange::Credibility(credibility) => {
                    updated.evidence[index].credibility = credibility;
                    push(commands, "credibility", updated);
                }
                QuoteChange::Remove => {
                    updated.evidence.remove(index);
                    commands.push(Command::edit(Edit::put(updated), "Remove evidence"));
                }
            }
        }
    }
}

/// The claims tied to the relation (a contested one disputes it), and the button that
/// makes a claim of its evidence.
fn claims_of_relation_ui(
    ui: &mut egui::Ui,
    project: &Project,
    relation: &Relation,
    commands: &mut Vec<Command>,
) {
    for claim in project.claims_of_relation(&relation.id) {
        ui.horizontal(|ui| {
            ui.label("Claim:");
            if ui.link(&claim.statement).on_hover_text("Select the claim").clicked() {
                commands.push(Command::Select(Selection::Claim(claim.id.clone())));
            }
            if claim.is_contested() {
                crate::ui::claims::contested_badge_ui(ui);
            }
        });
    }
    if !relation.disputed && project.relation_is_disputed(relation) {
        hint(ui, "Drawn as disputed: a claim about it is contested.");
    }
    if !relation.evidence.is_empty()
        && ui
            .button("Make a claim from this evidence")
            .on_hover_text("A claim stating this relation, with its quotes as supporting evidence; add quotes against it from the Reader")
            .clicked()
    {
        match claim_from_relation(project, &relation.id, &mut IdGenerator::default()) {
            Ok((edit, id)) => {
                commands.push(Command::edit(edit, format!("Make a claim of \u{201c}{}\u{201d}", relation.label)));
                commands.push(Command::Select(Selection::Claim(id)));
            }
            Err(error) => commands.push(Command::Notify(error.to_string())),
        }
    }
}
