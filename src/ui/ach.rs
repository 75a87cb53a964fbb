//! The Hypotheses panel: a matrix of competing hypotheses (Heuer's ACH). Claims are the
//! rows, hypotheses the columns; a click on a cell steps its rating (CC, C, N, I, II) and
//! its context menu picks one. Diagnostic rows carry a mark, and the scores at the bottom
//! rank the hypotheses by weighted inconsistency. Every change is an edit pushed as a
//! command (a put of the whole matrix), so it is one undo step.

use std::path::PathBuf;

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::analysis::ach::{AchScores, score};
use crate::edit::{Edit, new_hypothesis_id, new_matrix_id};
use crate::export::ach::{AchFormat, DIAGNOSTIC_MARK};
use crate::model::{AchId, AchMatrix, ClaimId, HypothesisId, IdGenerator, ItemKey, Project, Rating};

/// The Hypotheses panel's own state.
#[derive(Default)]
pub struct AchState {
    /// The matrix shown, when the project has several (else its only one).
    pub matrix: Option<AchId>,
    /// The question of a matrix being started.
    pub new_question: String,
    /// Whether the form to start another matrix is open.
    pub starting: bool,
    /// The title of the hypothesis being added.
    pub new_hypothesis: String,
    /// The hypothesis being renamed, and its title so far.
    pub renaming: Option<(HypothesisId, String)>,
    /// The claim picked to become a row.
    pub claim_to_add: Option<ClaimId>,
    /// Where exports go (a file or a folder); empty: beside the project's folder.
    pub export_path: String,
}

/// Width of a rating cell, in points (a hypothesis's title wraps over a little more).
const CELL_WIDTH: f32 = 84.0;
/// Height of a rating cell, in points.
const CELL_HEIGHT: f32 = 24.0;
/// The widest a claim's statement is drawn; the hover shows it all.
const STATEMENT_WIDTH: f32 = 240.0;

/// Draws the panel.
pub fn ach_ui(
    ui: &mut egui::Ui,
    project: &Project,
    _revision: Revision,
    state: &mut AchState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    let matrix = state
        .matrix
        .as_ref()
        .and_then(|id| project.matrices.get(id))
        .or_else(|| project.matrices.values().next());
    let Some(matrix) = matrix else {
        ui.label(
            egui::RichText::new(
                "Weigh competing explanations against the claims: start a matrix with the question they answer.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        start_matrix_ui(ui, project, state, commands);
        return;
    };
    header_ui(ui, project, matrix, state, commands);
    ui.separator();
    let scores = score(project, matrix);
    egui::ScrollArea::both().id_salt("ach_matrix").auto_shrink([false, true]).show(ui, |ui| {
        egui::Grid::new("ach_grid").spacing([6.0, 4.0]).min_row_height(CELL_HEIGHT).show(ui, |ui| {
            columns_ui(ui, matrix, state, commands);
            rows_ui(ui, project, matrix, &scores, selection, commands);
            scores_ui(ui, matrix, &scores);
        });
    });
    ui.separator();
    add_ui(ui, project, matrix, state, commands);
    export_ui(ui, matrix, state, commands);
}

/// The question, the choice of matrix when there are several, and "New matrix".
fn header_ui(
    ui: &mut egui::Ui,
    project: &Project,
    matrix: &AchMatrix,
    state: &mut AchState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if project.matrices.len() > 1 {
            let mut chosen = matrix.id.clone();
            egui::ComboBox::from_id_salt("ach_matrix_choice")
                .selected_text(matrix.question.as_str())
                .width(260.0)
                .show_ui(ui, |ui| {
                    for other in project.matrices.values() {
                        ui.selectable_value(&mut chosen, other.id.clone(), other.question.as_str());
                    }
                })
                .response
                .on_hover_text("The matrix shown");
            state.matrix = Some(chosen);
        } else {
            ui.strong(matrix.question.as_str());
        }
        if ui.button("New matrix…").on_hover_text("Start another matrix about another question").clicked() {
            state.starting = !state.starting;
        }
    });
    if state.starting {
        start_matrix_ui(ui, project, state, commands);
    }
}

/// The form that starts a matrix.
fn start_matrix_ui(ui: &mut egui::Ui, project: &Project, state: &mut AchState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let entry = Entry {
            label: "Question",
            hint: "How did Assad leave Syria?",
            width: 260.0,
            button: "Start matrix",
            tooltip: "A new matrix of hypotheses about this question",
        };
        if let Some(question) = entry.ui(ui, &mut state.new_question) {
            let id = new_matrix_id(project, &question, &mut IdGenerator::default());
            commands.push(Command::edit(
                Edit::put(AchMatrix::new(id.clone(), question.as_str())),
                format!("Start matrix \u{201c}{question}\u{201d}"),
            ));
            state.matrix = Some(id);
            state.starting = false;
        }
    });
}

/// A labelled one-line field with a button that submits it (Enter does too).
struct Entry {
    label: &'static str,
    hint: &'static str,
    width: f32,
    button: &'static str,
    tooltip: &'static str,
}

impl Entry {
    /// Draws the field and its button; returns the trimmed text when submitted (and then
    /// clears the field). Empty text cannot be submitted.
    fn ui(&self, ui: &mut egui::Ui, text: &mut String) -> Option<String> {
        let label = ui.label(self.label);
        let field = ui
            .add(egui::TextEdit::singleline(text).hint_text(self.hint).desired_width(self.width))
            .labelled_by(label.id);
        let value = text.trim().to_owned();
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui
            .add_enabled(!value.is_empty(), egui::Button::new(self.button))
            .on_hover_text(self.tooltip)
            .clicked();
        if (clicked || entered) && !value.is_empty() {
            text.clear();
            Some(value)
        } else {
            None
        }
    }
}

/// The header row: each hypothesis with its rename and remove buttons.
fn columns_ui(ui: &mut egui::Ui, matrix: &AchMatrix, state: &mut AchState, commands: &mut Vec<Command>) {
    ui.strong("Claim");
    ui.strong("For / against").on_hover_text(
        "What the sources supporting and contradicting the claim weigh (as in the Claims panel); those against count with the opposite rating",
    );
    ui.strong(DIAGNOSTIC_MARK).on_hover_text("Diagnostic rows: rated differently across the hypotheses");
    for (id, hypothesis) in &matrix.hypotheses {
        ui.vertical(|ui| {
            ui.set_max_width(CELL_WIDTH + 24.0);
            if let Some((renaming, title)) = state.renaming.as_mut().filter(|(h, _)| h == id) {
                let field = ui
                    .add(egui::TextEdit::singleline(title).desired_width(CELL_WIDTH * 1.5))
                    .on_hover_text("Enter renames, Esc cancels");
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Hypothesis title")
                });
                if field.lost_focus() {
                    let title = title.trim().to_owned();
                    if ui.input(|i| i.key_pressed(egui::Key::Enter))
                        && !title.is_empty()
                        && title != hypothesis.title
                    {
                        commands.push(Command::edit(
                            Edit::put(matrix.with_hypothesis(renaming, &title)),
                            format!("Rename hypothesis \u{201c}{}\u{201d}", hypothesis.title),
                        ));
                    }
                    state.renaming = None;
                } else {
                    field.request_focus();
                }
            } else {
                ui.add(egui::Label::new(egui::RichText::new(hypothesis.title.as_str()).strong()).wrap());
            }
            ui.horizontal(|ui| {
                let rename = format!("Rename hypothesis \u{201c}{}\u{201d}", hypothesis.title);
                if icon_button_ui(ui, "\u{270f}", &rename, &rename).clicked() {
                    state.renaming = Some((id.clone(), hypothesis.title.clone()));
                }
                let remove = format!("Remove hypothesis \u{201c}{}\u{201d}", hypothesis.title);
                let hint = format!("{remove} and its ratings (Ctrl+Z undoes)");
                if icon_button_ui(ui, "\u{1f5d1}", &remove, &hint).clicked() {
                    commands.push(Command::edit(
                        Edit::put(matrix.without_hypothesis(id)),
                        format!("Remove hypothesis \u{201c}{}\u{201d}", hypothesis.title),
                    ));
                }
            });
        });
    }
    ui.label("");
    ui.end_row();
}

/// One line per claim: its statement, weight, diagnostic mark and ratings.
fn rows_ui(
    ui: &mut egui::Ui,
    project: &Project,
    matrix: &AchMatrix,
    scores: &AchScores,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    for ((claim_id, row), row_score) in matrix.rows.iter().zip(&scores.rows) {
        let statement = project.claims.get(claim_id).map_or(claim_id.as_str(), |c| c.statement.as_str());
        let selected = matches!(selection, Selection::Claim(id) if id == claim_id);
        let response = ui
            .allocate_ui_with_layout(
                egui::vec2(STATEMENT_WIDTH, CELL_HEIGHT),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| ui.add(egui::Button::selectable(selected, statement).truncate()),
            )
            .inner
            .on_hover_text(format!("{statement}\nClick to see its quotes in the Inspector"));
        if response.clicked() {
            commands.push(Command::Select(Selection::Claim(claim_id.clone())));
        }
        ui.label(format!("{} / {}", row_score.weight, row_score.against));
        diagnostic_mark_ui(ui, row_score.diagnostic);
        for (hypothesis_id, hypothesis) in &matrix.hypotheses {
            let rating = row.rating(hypothesis_id);
            let cell = rating_cell_ui(ui, rating, &format!("{statement} \u{00d7} {}", hypothesis.title));
            let rate = |rating: Rating| {
                Command::edit(
                    Edit::put(matrix.with_rating(claim_id, hypothesis_id, rating)),
                    format!(
                        "Rate \u{201c}{statement}\u{201d} {} for \u{201c}{}\u{201d}",
                        rating.code(),
                        hypothesis.title
                    ),
                )
            };
            if cell.clicked() {
                commands.push(rate(rating.next()));
            }
            cell.context_menu(|ui| {
                for choice in Rating::ALL {
                    let text = format!("{}  {}", choice.code(), choice.name());
                    if ui.add(egui::Button::selectable(choice == rating, text)).clicked() {
                        commands.push(rate(choice));
                        ui.close();
                    }
                }
            });
        }
        let remove = format!("Remove row \u{201c}{statement}\u{201d}");
        if icon_button_ui(ui, "\u{2715}", &remove, "Remove this row from the matrix (the claim stays)")
            .clicked()
        {
            commands.push(Command::edit(
                Edit::put(matrix.without_row(claim_id)),
                format!("Remove \u{201c}{statement}\u{201d} from the matrix"),
            ));
        }
        ui.end_row();
    }
}

/// A small button showing `icon`, named `name` for screen readers and tests (several
/// columns have the same icons), with `hint` on hover.
fn icon_button_ui(ui: &mut egui::Ui, icon: &str, name: &str, hint: &str) -> egui::Response {
    let response = ui.small_button(icon);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    response.on_hover_text(hint)
}

/// The mark of a diagnostic row, or a faint dot for a row rated alike everywhere.
fn diagnostic_mark_ui(ui: &mut egui::Ui, diagnostic: bool) {
    let (text, hint, name) = if diagnostic {
        (DIAGNOSTIC_MARK, "Diagnostic: rated differently across the hypotheses", "diagnostic")
    } else {
        (
            "\u{00b7}",
            "Not diagnostic: rated alike for every hypothesis, so it tells none apart",
            "not diagnostic",
        )
    };
    let color = if diagnostic { ui.visuals().strong_text_color() } else { theme::hint_color(ui.visuals()) };
    let response =
        ui.add(egui::Label::new(egui::RichText::new(text).color(color)).sense(egui::Sense::hover()));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
    response.on_hover_text(hint);
}

/// One rating cell: its code on the rating's colour; clickable and focusable. Its
/// accessible name says which claim and hypothesis it rates and how.
fn rating_cell_ui(ui: &mut egui::Ui, rating: Rating, what: &str) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(CELL_WIDTH, CELL_HEIGHT), egui::Sense::click());
    let visuals = ui.visuals();
    let painter = ui.painter();
    let fill = theme::ach_rating_fill(rating, visuals);
    painter.rect_filled(rect.shrink(1.0), 3.0, fill);
    if response.hovered() || response.has_focus() {
        painter.rect_stroke(rect.shrink(1.0), 3.0, visuals.selection.stroke, egui::StrokeKind::Inside);
    }
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        rating.code(),
        egui::FontId::proportional(13.0),
        theme::ach_rating_text(rating, visuals),
    );
    let name = format!("{what}: {}", rating.code());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    response.on_hover_text(format!(
        "{what}\n{} \u{2014} click for the next rating, right-click to pick one",
        rating.name()
    ))
}

/// The scores at the bottom: inconsistency, consistency and rank of each hypothesis.
fn scores_ui(ui: &mut egui::Ui, matrix: &AchMatrix, scores: &AchScores) {
    let lines: [(&str, &str); 3] = [
        ("Inconsistency", "I counts 1 and II counts 2, times the row's weight: the lower, the likelier"),
        ("Consistency", "C counts 1 and CC counts 2, times the row's weight; for information, not ranked"),
        ("Rank", "1 is the least inconsistent hypothesis, the one the claims refute least"),
    ];
    for (k, (name, hint)) in lines.into_iter().enumerate() {
        ui.strong(name).on_hover_text(hint);
        ui.label("");
        ui.label("");
        for hypothesis in matrix.hypotheses.keys() {
            let Some(h) = scores.hypothesis(hypothesis) else {
                ui.label("");
                continue;
            };
            let value = match k {
                0 => h.inconsistency.to_string(),
                1 => h.consistency.to_string(),
                _ => h.rank.to_string(),
            };
            let text = egui::RichText::new(value);
            let text = if k == 1 {
                text.color(theme::hint_color(ui.visuals()))
            } else if h.rank == 1 {
                text.strong()
            } else {
                text
            };
            ui.add_sized([CELL_WIDTH, CELL_HEIGHT], egui::Label::new(text));
        }
        ui.end_row();
    }
}

/// Adding a hypothesis, and a claim as a row.
fn add_ui(
    ui: &mut egui::Ui,
    project: &Project,
    matrix: &AchMatrix,
    state: &mut AchState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let entry = Entry {
            label: "Hypothesis",
            hint: "Russia evacuated him unplanned",
            width: 220.0,
            button: "Add hypothesis",
            tooltip: "A new column of the matrix",
        };
        if let Some(title) = entry.ui(ui, &mut state.new_hypothesis) {
            let id = new_hypothesis_id(project, matrix, &title, &mut IdGenerator::default());
            commands.push(Command::edit(
                Edit::put(matrix.with_hypothesis(&id, &title)),
                format!("Add hypothesis \u{201c}{title}\u{201d}"),
            ));
        }
    });
    ui.horizontal(|ui| {
        let candidates: Vec<(&ClaimId, &str)> = project
            .claims
            .values()
            .filter(|c| !matrix.rows.contains_key(&c.id))
            .map(|c| (&c.id, c.statement.as_str()))
            .collect();
        if state.claim_to_add.as_ref().is_some_and(|id| !candidates.iter().any(|(c, _)| *c == id)) {
            state.claim_to_add = None;
        }
        let label = ui.label("Claim");
        let chosen = state
            .claim_to_add
            .as_ref()
            .and_then(|id| project.claims.get(id))
            .map_or("Pick a claim", |c| c.statement.as_str());
        let combo = egui::ComboBox::from_id_salt("ach_claim_to_add")
            .selected_text(chosen)
            .width(260.0)
            .truncate()
            .show_ui(ui, |ui| {
                for (id, statement) in &candidates {
                    ui.selectable_value(&mut state.claim_to_add, Some((*id).clone()), *statement);
                }
            })
            .response;
        combo.labelled_by(label.id).on_hover_text(if candidates.is_empty() {
            "Every claim is a row already"
        } else {
            "A claim that is not a row yet"
        });
        if ui
            .add_enabled(state.claim_to_add.is_some(), egui::Button::new("Add row"))
            .on_hover_text("Add the claim as a row, rated neutral for every hypothesis")
            .clicked()
            && let Some(claim) = state.claim_to_add.take()
        {
            let statement = project.claims.get(&claim).map_or("", |c| c.statement.as_str());
            commands.push(Command::edit(
                Edit::put(matrix.with_row(&claim)),
                format!("Add \u{201c}{statement}\u{201d} to the matrix"),
            ));
        }
    });
}

/// Exporting the matrix as CSV, SVG or PNG.
fn export_ui(ui: &mut egui::Ui, matrix: &AchMatrix, state: &mut AchState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("Export to");
        ui.add(
            egui::TextEdit::singleline(&mut state.export_path)
                .hint_text("file or folder (empty: beside the project)")
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        for format in AchFormat::ALL {
            let name = format.extension().to_uppercase();
            if ui.button(&name).on_hover_text(format.hint()).clicked() {
                let path = state.export_path.trim();
                commands.push(Command::ExportAch {
                    matrix: matrix.id.clone(),
                    format,
                    path: (!path.is_empty()).then(|| PathBuf::from(path)),
                });
            }
        }
        if ui
            .button("Delete matrix")
            .on_hover_text("Deletes the whole matrix; the claims stay (Ctrl+Z undoes)")
            .clicked()
        {
            commands.push(Command::edit(
                Edit::Remove(ItemKey::Matrix(matrix.id.clone())),
                format!("Delete matrix \u{201c}{}\u{201d}", matrix.question),
            ));
        }
    });
}
