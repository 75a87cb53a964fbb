//! The Claims panel: every claim with a bar of its supporting against its contradicting
//! weight and a "contested" badge; a click selects it (the Inspector shows its quotes
//! for and against side by side).

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::analysis::fold;
use crate::model::{ClaimWeights, Project};

/// The Claims panel's own state: its filter.
#[derive(Default)]
pub struct ClaimsState {
    /// Only claims whose statement holds this text (case and accents ignored).
    pub filter: String,
    /// Only contested claims.
    pub contested_only: bool,
}

/// Width of a claim's weight bar, in points.
const BAR_WIDTH: f32 = 120.0;
/// Height of a claim's weight bar, in points.
const BAR_HEIGHT: f32 = 8.0;

/// Draws the list of claims.
pub fn claims_ui(
    ui: &mut egui::Ui,
    project: &Project,
    _revision: Revision,
    state: &mut ClaimsState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    let contested = project.claims.values().filter(|c| c.is_contested()).count();
    ui.horizontal(|ui| {
        ui.strong(format!("{} claims, {contested} contested", project.claims.len()));
    });
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(egui::TextEdit::singleline(&mut state.filter).hint_text("statement").desired_width(160.0))
            .labelled_by(label.id);
        ui.checkbox(&mut state.contested_only, "Contested only");
    });
    ui.separator();
    if project.claims.is_empty() {
        ui.label(
            egui::RichText::new(
                "No claims yet: select a sentence in the Reader and choose \u{201c}Record as claim\u{2026}\u{201d} (C).",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }
    let wanted = fold(state.filter.trim());
    egui::ScrollArea::vertical().id_salt("claims").auto_shrink([false, false]).show(ui, |ui| {
        for claim in project.claims.values() {
            if state.contested_only && !claim.is_contested() {
                continue;
            }
            if !wanted.is_empty() && !fold(&claim.statement).contains(&wanted) {
                continue;
            }
            let weights = claim.weights(project);
            ui.horizontal(|ui| {
                weight_bar_ui(ui, &weights);
                if weights.contested() {
                    contested_badge_ui(ui);
                }
                let selected = matches!(selection, Selection::Claim(id) if id == &claim.id);
                // Truncated: a long statement must not widen the panel (the hover shows it all).
                let response = ui
                    .add(egui::Button::selectable(selected, claim.statement.as_str()).truncate())
                    .on_hover_text(format!("{}\n{}", claim.statement, weights_summary(&weights)));
                if response.clicked() {
                    commands.push(Command::Select(Selection::Claim(claim.id.clone())));
                }
            });
        }
    });
}

/// The bar of a claim's supporting weight (from the left) against its contradicting
/// weight (from the right), on the scale of their sum.
pub fn weight_bar_ui(ui: &mut egui::Ui, weights: &ClaimWeights) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(BAR_WIDTH, BAR_HEIGHT), egui::Sense::hover());
    let (support, contradiction) = (weights.support.total(), weights.contradiction.total());
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, theme::claim_bar_background(ui.visuals()));
    let total = support + contradiction;
    if total > 0 {
        #[allow(clippy::cast_precision_loss)] // weights are small integers
        let split = rect.left() + rect.width() * support as f32 / total as f32;
        let left = egui::Rect::from_min_max(rect.min, egui::pos2(split, rect.max.y));
        let right = egui::Rect::from_min_max(egui::pos2(split, rect.min.y), rect.max);
        painter.rect_filled(left, 2.0, theme::claim_support_color());
        painter.rect_filled(right, 2.0, theme::claim_contradiction_color());
    }
    response.on_hover_text(format!("supporting weight {support}, contradicting weight {contradiction}"));
}

/// How many sources are for and against a claim, and what they weigh, in words.
pub fn weights_summary(weights: &ClaimWeights) -> String {
    format!(
        "{} for (weight {}), {} against (weight {})",
        weights.support.sources.len(),
        weights.support.total(),
        weights.contradiction.sources.len(),
        weights.contradiction.total()
    )
}

/// The "contested" badge: sources support the claim and others contradict it.
pub fn contested_badge_ui(ui: &mut egui::Ui) {
    ui.label(egui::RichText::new("contested").small().strong().color(theme::warning_color()))
        .on_hover_text("Some sources support it, others contradict it");
}
