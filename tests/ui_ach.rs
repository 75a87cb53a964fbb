//! The Hypotheses panel driven as an analyst would: open it from the View menu, click a
//! cell to step its rating, see the row turn diagnostic and the scores move, undo it;
//! add a hypothesis by name and undo that too.
#![cfg(feature = "gui")]

mod common;

use dossier::model::{AchMatrix, ClaimId, Project, Rating};
use dossier::ui::DossierApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const TELEGRAM: &str = "assads-statement-was-published-li27";
const TELEGRAM_STATEMENT: &str = "Assad's statement was published on Telegram";
const PLAN: &str = "Assad left by plan";

fn matrix(harness: &Harness<'static, DossierApp>) -> AchMatrix {
    let project: &Project = harness.state().project().expect("open");
    project.matrices.values().next().expect("the sample's matrix").clone()
}

fn open_hypotheses(harness: &mut Harness<'static, DossierApp>) {
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Hypotheses").click();
    harness.run();
}

fn cell(statement: &str, hypothesis: &str, rating: Rating) -> String {
    format!("{statement} \u{00d7} {hypothesis}: {}", rating.code())
}

#[test]
fn a_click_steps_a_cells_rating_and_undo_restores_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    open_hypotheses(&mut harness);
    assert!(harness.query_by_label("How did Assad leave Syria?").is_some(), "the question heads the panel");
    assert!(harness.unnamed_widgets().is_empty(), "{:?}", harness.unnamed_widgets());
    // Three of the five rows tell the hypotheses apart.
    assert_eq!(harness.query_all_by_label("diagnostic").count(), 3);
    assert_eq!(harness.query_all_by_label("not diagnostic").count(), 2);

    let before = harness.state().project().expect("open").clone();
    let plan = matrix(&harness).find_hypothesis(PLAN).expect("the plan hypothesis").clone();
    let telegram = ClaimId::from(TELEGRAM);
    assert_eq!(matrix(&harness).rating(&telegram, &plan), Rating::Neutral);

    // Neutral steps to inconsistent: the row now tells the hypotheses apart.
    harness.get_by_role_and_label(Role::Button, &cell(TELEGRAM_STATEMENT, PLAN, Rating::Neutral)).click();
    harness.run();
    assert_eq!(matrix(&harness).rating(&telegram, &plan), Rating::Inconsistent);
    assert!(harness.query_by_label(&cell(TELEGRAM_STATEMENT, PLAN, Rating::Inconsistent)).is_some());
    assert_eq!(harness.query_all_by_label("diagnostic").count(), 4);
    let project = harness.state().project().expect("open");
    let scores = dossier::analysis::ach::score(project, &matrix(&harness));
    // I costs the plan the Telegram claim's supporting weight, 120; the 36 against it
    // count as C, which adds nothing to the inconsistency.
    assert_eq!(scores.hypothesis(&plan).map(|h| h.inconsistency), Some(516 + 120));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().expect("open"), &before, "undo restores the project");
    assert!(harness.query_by_label(&cell(TELEGRAM_STATEMENT, PLAN, Rating::Neutral)).is_some());
}

#[test]
fn a_hypothesis_added_by_name_is_a_new_column_until_undone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    open_hypotheses(&mut harness);
    let title = "He bargained his exit";
    harness.get_by_role_and_label(Role::TextInput, "Hypothesis").focus();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Hypothesis").type_text(title);
    harness.run();
    harness.get_by_label("Add hypothesis").click();
    harness.run();
    let added = matrix(&harness);
    assert_eq!(added.hypotheses.len(), 4);
    assert!(added.find_hypothesis(title).is_some());
    assert!(harness.query_by_label(&cell(TELEGRAM_STATEMENT, title, Rating::Neutral)).is_some());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(matrix(&harness).hypotheses.len(), 3);
    assert!(harness.query_by_label(&cell(TELEGRAM_STATEMENT, title, Rating::Neutral)).is_none());
}

#[test]
fn a_cells_menu_picks_a_rating_and_columns_are_renamed_and_removed_by_their_buttons() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    open_hypotheses(&mut harness);
    let plan = matrix(&harness).find_hypothesis(PLAN).expect("the plan hypothesis").clone();
    let telegram = ClaimId::from(TELEGRAM);

    // Right-click a cell and pick "II" from its menu.
    harness
        .get_by_role_and_label(Role::Button, &cell(TELEGRAM_STATEMENT, PLAN, Rating::Neutral))
        .click_secondary();
    harness.run();
    harness.get_by_label("II  very inconsistent").click();
    harness.run();
    assert_eq!(matrix(&harness).rating(&telegram, &plan), Rating::VeryInconsistent);

    // Rename the column: its pencil opens the title for editing, Enter keeps it.
    let renamed = "Assad left as planned";
    harness.get_by_label(&format!("Rename hypothesis \u{201c}{PLAN}\u{201d}")).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Hypothesis title").type_text(renamed);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(matrix(&harness).hypotheses[&plan].title, renamed);
    assert!(harness.query_by_label(&cell(TELEGRAM_STATEMENT, renamed, Rating::VeryInconsistent)).is_some());

    // Remove it: the column and its ratings go, in one undo step.
    harness.get_by_label(&format!("Remove hypothesis \u{201c}{renamed}\u{201d}")).click();
    harness.run();
    assert!(!matrix(&harness).hypotheses.contains_key(&plan));
    assert!(matrix(&harness).rows.values().all(|row| !row.ratings.contains_key(&plan)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(matrix(&harness).rating(&telegram, &plan), Rating::VeryInconsistent);
    assert_eq!(matrix(&harness).hypotheses[&plan].title, renamed);
}

#[test]
fn a_row_removed_by_its_button_comes_back_from_the_claim_list() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    open_hypotheses(&mut harness);
    let telegram = ClaimId::from(TELEGRAM);
    // The row's button is at its far end, scrolled out of the narrow panel: press it the
    // way a screen reader does.
    harness.get_by_label(&format!("Remove row \u{201c}{TELEGRAM_STATEMENT}\u{201d}")).click_accesskit();
    harness.run();
    assert!(!matrix(&harness).rows.contains_key(&telegram));
    assert!(harness.state().project().expect("open").claims.contains_key(&telegram), "the claim stays");

    harness.get_by_role_and_label(Role::ComboBox, "Claim").click();
    harness.run();
    harness.get_by_label(TELEGRAM_STATEMENT).click();
    harness.run();
    harness.get_by_label("Add row").click();
    harness.run();
    let row = &matrix(&harness).rows[&telegram];
    assert!(row.ratings.is_empty(), "a new row is neutral everywhere");
}

#[test]
fn the_panel_exports_the_same_csv_as_the_command_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    let expected =
        dossier::export::ach::ach_csv(&project, project.matrices.values().next().expect("a matrix"))
            .expect("csv");
    let mut harness = common::app_harness(&dir, project);
    open_hypotheses(&mut harness);
    let csv = tmp.path().join("from-panel.csv");
    harness.get_by_role_and_label(Role::TextInput, "Export to").focus();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Export to").type_text(csv.to_str().expect("utf-8"));
    harness.run();
    harness.get_by_role_and_label(Role::Button, "CSV").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&csv).expect("the panel wrote the CSV"), expected);
}
