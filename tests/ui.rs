//! The real app driven by accessible labels, as a user would: select, read, edit, undo.
#![cfg(feature = "gui")]

mod common;

use common::{select_by_finding, settle};

use std::path::{Path, PathBuf};

use dossier::model::SourceId;
use dossier::ui::{DossierApp, Selection};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const LEADERS_TITLE: &str = "Bashar al-Assad Denies Fleeing to Russia Amid Syria’s Collapse";
const LEADERS_ID: &str = "assad-denies-fleeing-leaders-v3n5";

fn copy_sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    (tmp, dir)
}

fn harness(dir: &Path) -> Harness<'static, DossierApp> {
    common::app_harness(dir, dossier::store::load(dir).expect("sample loads"))
}

/// Waits for the offer to reload files changed on disk, and takes it, keeping the
/// unsaved changes.
fn reload_keeping_changes(harness: &mut Harness<'static, DossierApp>) {
    let noticed = (0..600).any(|_| {
        harness.step();
        harness.query_by_label("The project changed on disk").is_some()
    });
    assert!(noticed, "the change on disk is noticed");
    harness.get_by_label("Reload and keep my changes").click();
    harness.step();
    settle(harness);
}

/// A menu entry by its text; entries with a shortcut are labelled with it too ("Save Ctrl+S").
fn menu_item<'h>(harness: &'h Harness<'static, DossierApp>, text: &'h str) -> Option<egui_kittest::Node<'h>> {
    let mut found = harness.query_all_by(move |node| {
        node.label()
            .is_some_and(|l| l == text || l.strip_prefix(text).is_some_and(|rest| rest.starts_with(" Ctrl+")))
    });
    let first = found.next();
    assert!(found.next().is_none(), "more than one menu entry {text:?}");
    first
}

fn source_title(harness: &Harness<'static, DossierApp>) -> String {
    let project = harness.state().project().expect("a project is open");
    project.sources[&SourceId::from(LEADERS_ID)].title.clone()
}

#[test]
fn selecting_a_source_shows_its_text_in_the_reader() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    assert_eq!(harness.state().title(), "Dossier — Syria, December 2024");
    assert!(harness.query_by_label_contains("Share Your Links").is_none());
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(SourceId::from(LEADERS_ID)));
    // The Reader shows the text paragraph by paragraph, page leftovers included.
    assert!(harness.query_by_label("Share Your Links").is_some());
    assert!(harness.query_by_label_contains("Kaja Kallas has stated that Russia and Iran").is_some());
}

#[test]
fn find_in_source_counts_matches_and_steps_through_them() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Find in source").type_text("assad");
    harness.run();
    // "Assad" seven times in the Leaders report, whatever the case.
    assert!(harness.query_by_label("1 of 7").is_some());
    assert_eq!(harness.state().view().reader.matches.len(), 7);
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label("2 of 7").is_some());
    harness.get_by_label("⏶").click();
    harness.run();
    assert!(harness.query_by_label("1 of 7").is_some());
}

#[test]
fn editing_a_title_in_the_inspector_is_undoable() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Title");
    field.focus();
    harness.key_press(Key::End);
    harness.get_by_role_and_label(Role::TextInput, "Title").type_text(" (Leaders)");
    harness.run();
    let edited = format!("{LEADERS_TITLE} (Leaders)");
    assert_eq!(source_title(&harness), edited);
    assert!(harness.state().is_dirty());
    assert!(harness.state().title().ends_with(" •"));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(source_title(&harness), LEADERS_TITLE, "the burst of typing is one undo step");
    assert!(!harness.state().is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(source_title(&harness), edited);

    // Undo from the Edit menu, by label.
    harness.get_by_label("Edit").click();
    harness.run();
    menu_item(&harness, "Undo Edit source title").expect("the Edit menu offers undo").click();
    harness.run();
    assert_eq!(source_title(&harness), LEADERS_TITLE);
}

#[test]
fn the_file_menu_opens_and_save_writes_the_project() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label("File").click();
    harness.run();
    for item in
        ["New project…", "Open project…", "Open by path…", "Open recent", "Save", "Save as…", "Close", "Quit"]
    {
        assert!(menu_item(&harness, item).is_some(), "File menu lacks {item}");
    }
    harness.key_press(Key::Escape);
    harness.run();

    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Outlet").focus();
    harness.get_by_role_and_label(Role::TextInput, "Outlet").type_text(" (Tunis)");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(!harness.state().is_dirty());
    let reloaded = dossier::store::load(&dir).expect("saved project loads");
    assert_eq!(reloaded.sources[&SourceId::from(LEADERS_ID)].outlet, "Leaders (Tunis)");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Language").focus();
    harness.get_by_role_and_label(Role::TextInput, "Language").type_text("-GB");
    harness.run();

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_some(), "the app asks before closing");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().project().is_some(), "cancel keeps the project open");

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(harness.state().project().is_none());
    assert!(harness.query_by_label("Sample projects").is_some(), "the start screen is shown");
    // Nothing was written: the discarded change is not on disk.
    let on_disk = dossier::store::load(&dir).expect("loads");
    assert_eq!(on_disk.sources[&SourceId::from(LEADERS_ID)].language, "en");
}

#[test]
fn a_broken_project_shows_a_readable_error_and_the_app_goes_on() {
    let (_tmp, dir) = copy_sample();
    std::fs::write(
        dir.join("entities.ron"),
        "[\n  (\n    id: \"x-0000\",\n    name: \"X\",\n    kind: Country,\n  ),\n]\n",
    )
    .expect("write");
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.ui(ui), DossierApp::new());
    harness.run();
    harness.state_mut().push(dossier::ui::Command::Open(dir.clone()));
    settle(&mut harness);
    assert!(harness.state().project().is_none());
    // A dialog names the file, the line and what was wrong, and offers ways on.
    assert!(harness.query_by_label("Could not open the project").is_some(), "the dialog is up");
    let expected = format!("{}/entities.ron:5:11: Unexpected variant named `Country`", dir.display());
    assert!(harness.query_by_label_contains(&expected).is_some(), "the message is on screen");
    assert!(harness.query_by_role_and_label(Role::Button, "Open another project…").is_some());

    // The analyst mends the file in an editor and tries again: the project opens.
    std::fs::copy(Path::new(common::SAMPLE).join("entities.ron"), dir.join("entities.ron")).expect("mend");
    harness.get_by_role_and_label(Role::Button, "Try again").click();
    harness.step();
    settle(&mut harness);
    assert!(harness.state().project().is_some(), "opened on the second try");
    assert!(harness.query_by_label("Could not open the project").is_none(), "the dialog closed");
}

#[test]
fn a_failed_save_offers_to_try_again_or_save_elsewhere() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Title").focus();
    harness.key_press(Key::End);
    harness.get_by_role_and_label(Role::TextInput, "Title").type_text(" (draft)");
    harness.run();
    // Leave the field, so that Ctrl+S goes to the app.
    harness.key_press(Key::Escape);
    harness.run();
    // Something stands where the save writes sources.ron first: a folder named
    // sources.ron.new (the project's files themselves stay as they are, so the app sees
    // no change on disk to offer a reload for).
    let blocker = dir.join("sources.ron.new");
    std::fs::create_dir(&blocker).expect("a folder in the way");
    std::fs::write(blocker.join("keep"), "x").expect("not empty");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    settle(&mut harness);
    assert!(harness.query_by_label("Could not save").is_some(), "the dialog is up");
    assert!(harness.query_by_label_contains("sources.ron").is_some(), "the message names the file");
    assert!(harness.state().is_dirty(), "the edit is still there");

    // Once it is gone, Try again saves.
    std::fs::remove_dir_all(&blocker).expect("clear the way");
    harness.get_by_role_and_label(Role::Button, "Try again").click();
    harness.step();
    settle(&mut harness);
    assert!(harness.query_by_label("Could not save").is_none(), "the dialog closed");
    assert!(!harness.state().is_dirty(), "saved on the second try");
    let on_disk = dossier::store::load(&dir).expect("loads");
    assert!(on_disk.sources[&SourceId::from(LEADERS_ID)].title.ends_with(" (draft)"));
}

#[test]
fn the_workspace_is_restored_when_the_project_is_opened_again() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().project().is_none());
    // The workspace is written in the background.
    harness.state_mut().finish_workspace_writes();
    assert!(dir.join(".dossier/workspace.ron").is_file());

    harness.state_mut().push(dossier::ui::Command::Open(dir.clone()));
    settle(&mut harness);
    assert_eq!(harness.state().view().selection, Selection::Source(SourceId::from(LEADERS_ID)));
    assert_eq!(harness.state().view().reader.source, Some(SourceId::from(LEADERS_ID)));
}

#[test]
fn several_sources_are_deleted_together_after_asking_and_undo_brings_them_back() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    let commentary = "Commentary: Assad's Telegram statement contradicts the Kremlin's account";
    harness.get_by_label(commentary).click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(harness.state().view().sources.selected.len(), 2);

    // The row's tooltip repeats the title: take the row itself, the first match.
    harness.get_all_by_label(commentary).next().expect("the row").click_secondary();
    harness.run();
    harness.get_by_label("Delete 2 sources…").click();
    harness.run();
    assert!(harness.query_by_label("Delete 2 sources?").is_some(), "the app asks first");
    harness.get_by_label("Delete").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(project.sources.len(), 3);
    assert!(!project.sources.contains_key(&SourceId::from(LEADERS_ID)));
    assert!(harness.state().is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().expect("open").sources.len(), 5);
    assert!(!harness.state().is_dirty());
}

#[test]
fn the_sources_table_sorts_by_a_clicked_column() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let titles_in_order = |harness: &Harness<'static, DossierApp>| {
        let app = harness.state();
        let project = app.project().expect("open");
        let rows = dossier::ui::source_rows(project, &app.view().sources);
        rows.into_iter().map(|s| s.title.clone()).collect::<Vec<_>>()
    };
    // By date first: the two reports dated only "December 2024" come before the dated ones.
    let by_date = titles_in_order(&harness);
    assert!(
        by_date[0].starts_with("Assad says Russians") || by_date[0].starts_with("Commentary"),
        "{by_date:?}"
    );
    harness.get_by_role_and_label(Role::Button, "Title").click();
    harness.run();
    let by_title = titles_in_order(&harness);
    let mut sorted = by_title.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(by_title, sorted);
    harness.get_by_role_and_label(Role::Button, "Title ⏶").click();
    harness.run();
    sorted.reverse();
    assert_eq!(titles_in_order(&harness), sorted);
}

#[test]
fn an_entity_is_created_named_given_aliases_and_deleted_with_undo() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label("+ New").click();
    harness.run();
    let entity_id = match &harness.state().view().selection {
        Selection::Entity(id) => id.clone(),
        other => panic!("the new entity is not selected: {other:?}"),
    };
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(Role::TextInput, "Name").type_text("Hmeimim air base");
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Aliases").focus();
    harness.get_by_role_and_label(Role::TextInput, "Aliases").type_text("Khmeimim");
    harness.key_press(Key::Enter);
    harness.run();
    let entity = harness.state().project().expect("open").entities[&entity_id].clone();
    assert_eq!(entity.name, "Hmeimim air base");
    assert_eq!(entity.aliases, vec!["Khmeimim".to_owned()]);
    assert!(
        harness.query_by_label_contains("Hmeimim air base  (Khmeimim)").is_some(),
        "listed in the Entities panel"
    );

    harness.get_by_label("Delete entity").click();
    harness.run();
    assert!(!harness.state().project().expect("open").entities.contains_key(&entity_id));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().expect("open").entities[&entity_id], entity);
}

#[test]
fn project_search_finds_hits_and_a_click_opens_the_reader_at_one() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Search all sources").type_text("HMEIMIM");
    harness.run();
    // "Hmeimim" is in two reports (the third spells it "Hmeimin").
    assert!(harness.query_by_label("2 hits in 2 sources").is_some());
    let hit = harness.state().view().search.results.hits[1].clone();
    // Click the second hit's row: it names its source's title on the first line.
    let title = harness.state().project().expect("open").sources[&hit.source].title.clone();
    harness.get_all_by_label_contains(&format!("{title}\n")).next().expect("the hit is listed").click();
    // The jump to the Reader is a command run at the end of the click's frame: the Reader
    // lays the hit out from the next frame on.
    harness.step();
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(hit.source.clone()));
    assert_eq!(harness.state().view().reader.source, Some(hit.source.clone()));
    assert_eq!(harness.state().view().reader.matches, vec![hit.range.clone()]);
}

#[test]
fn imported_sources_appear_and_can_be_searched_and_opened() {
    let (tmp, dir) = copy_sample();
    let incoming = tmp.path().join("incoming");
    std::fs::create_dir_all(&incoming).expect("mkdir");
    let text = "Statement from Tartus\n\nThe port of Tartus stayed under Russian control, officials in Latakia said.\n";
    std::fs::write(incoming.join("tartus.txt"), text).expect("write");
    std::fs::write(incoming.join("empty.txt"), "").expect("write");
    let mut harness = harness(&dir);
    // What File ▸ Import folder… and dropping the folder on the window emit.
    harness.state_mut().push(dossier::ui::Command::Import(vec![incoming.clone()]));
    settle(&mut harness);
    let project = harness.state().project().expect("open");
    assert_eq!(project.sources.len(), 6);
    let new = project.sources.values().find(|s| &*s.text == text).expect("imported byte for byte").clone();
    assert_eq!(new.title, "Statement from Tartus");
    assert_eq!(new.original_file, "tartus.txt");
    assert_eq!(harness.state().view().selection, Selection::Source(new.id.clone()));
    assert!(harness.query_by_label("Import summary").is_some(), "the empty file is reported");
    assert!(harness.query_by_label_contains("empty.txt").is_some());
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().is_dirty());

    // Search finds the new source; a click opens the Reader at the hit.
    harness.get_by_label("Bashar al-Assad Denies Fleeing to Russia Amid Syria’s Collapse").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search all sources")
        .type_text("\"stayed under russian\"");
    harness.run();
    let results = &harness.state().view().search.results;
    assert_eq!((results.total_hits, results.sources_matched), (1, 1), "{results:?}");
    assert!(harness.query_by_label("1 hit in 1 source").is_some());
    harness.get_all_by_label_contains("Statement from Tartus\n").next().expect("the hit").click();
    harness.run();
    assert_eq!(harness.state().view().reader.source, Some(new.id.clone()));
    let start = text.find("stayed under Russian").expect("in the text");
    assert_eq!(harness.state().view().reader.matches, vec![start..start + "stayed under Russian".len()]);

    // The import is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().expect("open").sources.len(), 5);
}

const MOSCOW_TITLE: &str =
    "Assad assures from Moscow that it was the Russians who improvised his escape when he visited their base";
const MOSCOW_ID: &str = "assad-assures-from-moscow-m4t8";
const RUSSIA_ID: &str = "russia-ppm1";

fn mentions_of(harness: &Harness<'static, DossierApp>, entity: &str) -> Vec<dossier::model::Mention> {
    let project = harness.state().project().expect("open");
    project.mentions.values().filter(|m| m.entity.as_str() == entity).cloned().collect()
}

#[test]
fn a_found_word_is_tagged_from_the_keyboard_and_undo_removes_the_mention() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.query_all_by_label(MOSCOW_TITLE).next().expect("the Moscow report").click();
    harness.run();
    let before = mentions_of(&harness, RUSSIA_ID).len();
    // Find "Kremlin"; closing the find bar leaves the match selected.
    select_by_finding(&mut harness, "Kremlin");
    let text = harness.state().project().expect("open").sources[&SourceId::from(MOSCOW_ID)].text.clone();
    let first = text.find("Kremlin").expect("the report names the Kremlin");
    let selection = harness.state().view().reader.tagging.selection.clone();
    assert_eq!(selection, Some((SourceId::from(MOSCOW_ID), first..first + 7)));
    // T opens the popup; typing part of a name and Enter tags the selection.
    harness.key_press(Key::T);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Tag as entity").type_text("russ");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let after = mentions_of(&harness, RUSSIA_ID);
    assert_eq!(after.len(), before + 1);
    let added = after.iter().find(|m| m.anchor.start == first).expect("a mention at the Kremlin");
    assert_eq!((added.anchor.end, added.anchor.exact.as_str()), (first + 7, "Kremlin"));
    assert_eq!(added.source.as_str(), MOSCOW_ID);
    assert!(harness.state().view().reader.tagging.selection.is_none());
    // Undo takes the mention away again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(mentions_of(&harness, RUSSIA_ID).len(), before);
    // Russia is now the first recent entity: key 1 tags the next selection as Russia.
    select_by_finding(&mut harness, "Kremlin");
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(mentions_of(&harness, RUSSIA_ID).len(), before + 1);
}

#[test]
fn dragging_over_text_selects_whole_words_and_a_new_entity_can_be_created() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.query_all_by_label(MOSCOW_TITLE).next().expect("the Moscow report").click();
    harness.run();
    let text = harness.state().project().expect("open").sources[&SourceId::from(MOSCOW_ID)].text.clone();
    let paragraph = text.lines().find(|l| l.len() > 200).expect("a long paragraph").to_owned();
    harness.get_by_label(paragraph.as_str()).scroll_to_me();
    harness.run();
    let rect = harness.get_by_label(paragraph.as_str()).rect();
    // From inside the first word to the middle of the first line.
    let from = rect.left_top() + egui::vec2(3.0, 8.0);
    let to = rect.left_top() + egui::vec2(rect.width() * 0.4, 8.0);
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    let (source, range) =
        harness.state().view().reader.tagging.selection.clone().expect("the drag selected text");
    assert_eq!(source.as_str(), MOSCOW_ID);
    let start = text.find(paragraph.as_str()).expect("paragraph");
    assert_eq!(range.start, start, "the selection grows to the start of the first word");
    let selected = &text[range.clone()];
    assert!(selected.len() > 10 && !selected.ends_with(' '), "{selected:?}");
    assert!(text[range.end..].starts_with(|c: char| !c.is_alphanumeric()), "ends on a word boundary");
    // Tag it as a new entity of kind Event.
    harness.key_press(Key::T);
    harness.run();
    let entities = harness.state().project().expect("open").entities.len();
    harness.get_by_role_and_label(Role::TextInput, "Tag as entity").type_text("Assad's escape");
    harness.run();
    harness.get_by_label_contains("Create new").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(project.entities.len(), entities + 1);
    let created = project.entities.values().find(|e| e.name == "Assad's escape").expect("created");
    let mention = project.mentions.values().find(|m| m.entity == created.id).expect("its mention");
    assert_eq!(mention.anchor.start..mention.anchor.end, range);
}

fn entity_named(harness: &Harness<'static, DossierApp>, name: &str) -> Option<dossier::model::EntityId> {
    let project = harness.state().project().expect("open");
    project.entities.values().find(|e| e.name == name).map(|e| e.id.clone())
}

#[test]
fn find_mentions_proposes_suggestions_that_wait_for_accept_or_reject() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.query_all_by_label(MOSCOW_TITLE).next().expect("the Moscow report").click();
    harness.run();
    // Tag the first "Kremlin" as a new organisation.
    select_by_finding(&mut harness, "Kremlin");
    harness.key_press(Key::T);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let kremlin = entity_named(&harness, "Kremlin").expect("a new entity named after the selection");
    harness.state_mut().push(dossier::ui::Command::Select(Selection::Entity(kremlin.clone())));
    harness.run();
    // Find mentions for it: the five other "Kremlin"s in the reports become suggestions,
    // not mentions.
    harness.get_by_label("Find mentions").click();
    settle(&mut harness);
    assert_eq!(harness.state().view().review.suggestions.len(), 5);
    assert_eq!(mentions_of(&harness, kremlin.as_str()).len(), 1);
    // Reject one, accept the others.
    harness.get_all_by_label("✖").next().expect("a reject button").click();
    harness.run();
    assert_eq!(harness.state().view().review.suggestions.len(), 4);
    harness.get_by_label("Accept all 4").click();
    harness.run();
    assert_eq!(mentions_of(&harness, kremlin.as_str()).len(), 5);
    assert!(harness.state().view().review.suggestions.is_empty());
    // The rejected one is remembered: finding again proposes nothing.
    harness.state_mut().push(dossier::ui::Command::FindMentions(Some(vec![kremlin.clone()])));
    settle(&mut harness);
    assert!(harness.state().view().review.suggestions.is_empty());
    let project = harness.state().project().expect("open");
    assert_eq!(project.rejections.values().filter(|r| r.entity == kremlin).count(), 1);
}

#[test]
fn an_entity_list_is_imported_and_its_names_are_looked_for() {
    let (tmp, dir) = copy_sample();
    let list = tmp.path().join("watch-list.csv");
    std::fs::write(
        &list,
        "name,kind,aliases,notes\nKremlin,Organization,Russian presidency,\nBad row,Spaceship,,\n",
    )
    .expect("write list");
    let mut harness = harness(&dir);
    harness.state_mut().push(dossier::ui::Command::ImportEntityList(list));
    settle(&mut harness);
    settle(&mut harness);
    let kremlin = entity_named(&harness, "Kremlin").expect("imported");
    let project = harness.state().project().expect("open");
    assert_eq!(project.entities[&kremlin].aliases, vec!["Russian presidency".to_owned()]);
    // The bad row is reported with its line number; the good one still came in.
    let toasts = harness.state().toast_texts().join("\n");
    assert!(toasts.contains("watch-list.csv:3:"), "{toasts}");
    // And every source was searched: six "Kremlin"s wait for review.
    let suggestions = &harness.state().view().review.suggestions;
    assert_eq!(suggestions.pairs().filter(|(_, _, e)| *e == &kremlin).count(), 6);
}

#[test]
fn a_selected_quote_is_cited_as_evidence_for_the_selected_relation() {
    use dossier::edit::Edit;
    use dossier::model::{Relation, RelationId};
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let relation = Relation::new(
        RelationId::from("granted-asylum-to-t1t1"),
        RUSSIA_ID.into(),
        "bashar-al-assad-2rj8".into(),
        "granted asylum to",
    );
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(relation.clone()), "Create relation"));
    harness.state_mut().push(dossier::ui::Command::Select(Selection::Relation(relation.id.clone())));
    harness.run();
    assert!(harness.query_by_label_contains("No evidence yet").is_some());
    harness.query_all_by_label(MOSCOW_TITLE).next().expect("the Moscow report").click();
    harness.run();
    select_by_finding(&mut harness, "left Syria on December 8");
    harness.key_press(Key::E);
    harness.run();
    let project = harness.state().project().expect("open");
    let evidence = &project.relations[&relation.id].evidence;
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].source.as_str(), MOSCOW_ID);
    assert_eq!(evidence[0].anchor.exact, "left Syria on December 8");
    // The Inspector lists the quote; a click on it opens the Reader there.
    harness.state_mut().push(dossier::ui::Command::Select(Selection::Relation(relation.id.clone())));
    harness.run();
    assert!(harness.query_by_label("1 quote from 1 source").is_some());
    harness.get_by_label("\u{201c}left Syria on December 8\u{201d}").click();
    harness.run();
    assert_eq!(harness.state().view().reader.source.as_ref().map(SourceId::as_str), Some(MOSCOW_ID));
    // Undo takes the quote back out.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().project().expect("open").relations[&relation.id].evidence.is_empty());
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back_after_a_crash() {
    use dossier::edit::Edit;
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    settle(&mut harness);
    let mut meta = harness.state().project().expect("open").meta.clone();
    meta.title = "Syria, unsaved".into();
    harness.state_mut().push(dossier::ui::Command::edit(Edit::SetMeta(meta), "Rename"));
    harness.step();
    // Losing focus writes the autosave (as 30 seconds with changes would).
    harness.event(egui::Event::WindowFocused(false));
    harness.step();
    settle(&mut harness);
    let autosave = dir.join(".dossier/recovery/autosave.dossier");
    assert!(autosave.is_file(), "the autosave is written beside the project");
    assert_eq!(
        dossier::store::load(&dir).expect("loads").meta.title,
        "Syria, December 2024",
        "saved files untouched"
    );
    drop(harness);

    // "After the crash": opening the project offers the unsaved work back.
    let mut harness = self::harness(&dir);
    settle(&mut harness);
    assert!(harness.query_by_label("Recover unsaved work?").is_some());
    harness.get_by_label("Restore").click();
    harness.step();
    assert_eq!(harness.state().project().expect("open").meta.title, "Syria, unsaved");
    // Saving makes the autosave unnecessary.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    settle(&mut harness);
    settle(&mut harness);
    assert!(!autosave.exists(), "a save removes the autosave");
}

#[test]
fn a_merge_conflict_is_resolved_from_the_inspector_with_undo() {
    use dossier::edit::Edit;
    use dossier::model::{Conflict, ConflictChange, ConflictId, ItemKind};
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let conflict = Conflict {
        id: ConflictId::from("project-title-0000"),
        kind: ItemKind::Project,
        item: String::new(),
        field: "title".into(),
        change: ConflictChange::BothChanged,
        base: Some("\"Syria, December 2024\"".into()),
        ours: Some("\"Syria: the fall of Assad\"".into()),
        theirs: Some("\"Assad's exit\"".into()),
        description: "the project title was changed on both sides".into(),
    };
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(conflict), "Merge"));
    harness.state_mut().push(dossier::ui::Command::Select(Selection::None));
    harness.run();
    assert!(harness.query_by_label("Conflicts from a merge (1)").is_some());
    harness.get_by_label("Take theirs: \"Assad's exit\"").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(project.meta.title, "Assad's exit");
    assert!(project.conflicts.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(project.conflicts.len(), 1, "undo brings the conflict back");
}

#[test]
fn a_project_goes_out_as_one_bundle_file_and_opens_again_from_it() {
    let (tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let bundle = tmp.path().join("syria.dossier");
    harness.state_mut().push(dossier::ui::Command::ExportBundle(bundle.clone()));
    harness.step();
    settle(&mut harness);
    assert!(bundle.is_file(), "the bundle is written");
    // Opening the bundle asks where to unpack it (next to it by default), then opens it.
    harness.state_mut().push(dossier::ui::Command::Open(bundle.clone()));
    harness.run();
    harness.get_by_label("Unpack and open").click();
    harness.step();
    settle(&mut harness);
    settle(&mut harness);
    let unpacked = tmp.path().join("syria");
    assert_eq!(harness.state().project_path(), Some(unpacked.as_path()));
    let original = dossier::store::load(&dir).expect("loads");
    assert_eq!(harness.state().project(), Some(&original));
}

#[test]
fn a_change_on_disk_is_noticed_and_reloading_keeps_unsaved_work() {
    use dossier::edit::Edit;
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    // Let the watcher take its first look at the files.
    for _ in 0..400 {
        harness.step();
    }
    // An unsaved change here …
    let entity =
        harness.state().project().expect("open").entities[&dossier::model::EntityId::from(RUSSIA_ID)].clone();
    let renamed = dossier::model::Entity { notes: "Kept across the reload".into(), ..entity };
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(renamed), "Notes"));
    harness.step();
    // … and a colleague's change on disk.
    let mut theirs = dossier::store::load(&dir).expect("loads");
    theirs.meta.title = "Syria, pulled from git".into();
    dossier::store::save(&theirs, &dir).expect("saves");
    reload_keeping_changes(&mut harness);
    let project = harness.state().project().expect("open");
    assert_eq!(project.meta.title, "Syria, pulled from git", "their change is in");
    assert_eq!(project.entities[&dossier::model::EntityId::from(RUSSIA_ID)].notes, "Kept across the reload");
    assert!(harness.state().is_dirty(), "our change is still unsaved");
}

#[test]
fn an_edit_made_while_reloading_is_kept() {
    use dossier::edit::Edit;
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    for _ in 0..400 {
        harness.step();
    }
    let russia = dossier::model::EntityId::from(RUSSIA_ID);
    let entity = harness.state().project().expect("open").entities[&russia].clone();
    let before = dossier::model::Entity { notes: "Before the reload".into(), ..entity.clone() };
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(before), "Notes"));
    harness.step();
    let mut theirs = dossier::store::load(&dir).expect("loads");
    theirs.meta.title = "Syria, pulled from git".into();
    dossier::store::save(&theirs, &dir).expect("saves");
    let noticed = (0..600).any(|_| {
        harness.step();
        harness.query_by_label("The project changed on disk").is_some()
    });
    assert!(noticed, "the change on disk is noticed");
    harness.get_by_label("Reload and keep my changes").click();
    harness.step();
    assert!(harness.state().is_busy(), "the reload runs in the background");
    // The analyst goes on editing meanwhile: the reload merged an older state than the
    // project is now in, and must start again.
    let during =
        dossier::model::Entity { aliases: vec!["RF".into()], notes: "Before the reload".into(), ..entity };
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(during), "Alias"));
    harness.step();
    settle(&mut harness);
    let project = harness.state().project().expect("open");
    assert_eq!(project.meta.title, "Syria, pulled from git", "their change is in");
    assert_eq!(project.entities[&russia].notes, "Before the reload");
    assert_eq!(
        project.entities[&russia].aliases,
        vec!["RF".to_owned()],
        "the edit made during the reload is kept"
    );
}

#[test]
fn reloading_after_both_sides_changed_the_title_lists_a_conflict_to_settle() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    // Let the watcher take its first look at the files.
    for _ in 0..400 {
        harness.step();
    }
    // The analyst retitles the project in the Inspector, unsaved …
    harness.state_mut().push(dossier::ui::Command::Select(Selection::None));
    harness.step();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Project title").focus();
    harness.key_press(Key::End);
    harness.get_by_role_and_label(Role::TextInput, "Project title").type_text(" (mine)");
    harness.step();
    let mine = "Syria, December 2024 (mine)";
    assert_eq!(harness.state().project().expect("open").meta.title, mine);
    // … while a colleague retitles it differently, and adds notes, in the files on disk.
    let mut theirs = dossier::store::load(&dir).expect("loads");
    theirs.meta.title = "Syria, from a colleague".into();
    theirs.meta.notes = "Notes from git".into();
    dossier::store::save(&theirs, &dir).expect("saves");
    reload_keeping_changes(&mut harness);

    let project = harness.state().project().expect("open");
    assert_eq!(project.meta.title, mine, "our value is kept until the conflict is settled");
    assert_eq!(project.meta.notes, "Notes from git", "their other change is in");
    let conflicts: Vec<_> = project.conflicts.values().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "title");
    assert_eq!(conflicts[0].theirs.as_deref(), Some("\"Syria, from a colleague\""));
    assert!(harness.state().toast_texts().iter().any(|t| t.contains("1 conflict")), "the toast says so");
    assert!(harness.query_by_label("Conflicts from a merge (1)").is_some(), "the Inspector lists it");
    assert!(harness.query_by_label("Recover unsaved work?").is_none(), "nothing to recover: it is all here");

    harness.get_by_label("Take theirs: \"Syria, from a colleague\"").click();
    harness.step();
    harness.step();
    let project = harness.state().project().expect("open");
    assert_eq!(project.meta.title, "Syria, from a colleague");
    assert!(project.conflicts.is_empty(), "choosing a side settles the conflict");
    assert!(harness.query_by_label_contains("Conflicts from a merge").is_none());

    // Undo: first the choice, then the whole merge of the unsaved work, as one step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    harness.step();
    assert_eq!(harness.state().project().expect("open").conflicts.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    harness.step();
    assert_eq!(harness.state().project(), Some(&dossier::store::load(&dir).expect("loads")));
}

#[test]
fn possible_duplicate_entities_are_proposed_and_merged_only_when_asked() {
    use dossier::edit::Edit;
    use dossier::model::{Entity, EntityId, EntityKind};
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.state_mut().push(dossier::ui::Command::Select(Selection::None));
    harness.step();
    assert!(harness.query_by_label_contains("Possible duplicates").is_none());
    let original = harness.state().project().expect("open").clone();

    // A colleague's "Khmeimim" comes in with their work; it is proposed, and dismissed.
    let khmeimim = Entity::new(EntityId::from("khmeimim-k1m2"), "Khmeimim", EntityKind::Facility);
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(khmeimim), "Merge"));
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Possible duplicates (1)").is_some());
    harness.get_by_label("Not the same").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label_contains("Possible duplicates").is_none());
    assert!(harness.state().project().expect("open").entities.contains_key(&EntityId::from("khmeimim-k1m2")));

    // Their "Russia": merged into theirs when the analyst says which to keep.
    let twin = EntityId::from("russia-tw1n");
    let russia = Entity::new(twin.clone(), "Russia", EntityKind::State);
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(russia), "Merge"));
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Possible duplicates (1)").is_some(), "the dismissed group stays away");
    let mentions = mentions_of(&harness, RUSSIA_ID).len();
    assert!(mentions > 0);
    harness.get_by_label("Merge…").click();
    harness.step();
    harness.step();
    assert!(harness.state().project().expect("open").entities.contains_key(&EntityId::from(RUSSIA_ID)));
    harness.get_by_label("Merge into Russia (russia-tw1n)").click();
    harness.step();
    harness.step();
    let project = harness.state().project().expect("open");
    assert!(!project.entities.contains_key(&EntityId::from(RUSSIA_ID)));
    assert_eq!(mentions_of(&harness, "russia-tw1n").len(), mentions);
    assert!(harness.query_by_label_contains("Possible duplicates").is_none());

    // One undo step brings both entities back, and the proposal with them.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    harness.step();
    let project = harness.state().project().expect("open");
    assert!(project.entities.contains_key(&EntityId::from(RUSSIA_ID)));
    assert!(project.entities.contains_key(&twin));
    assert!(harness.query_by_label("Possible duplicates (1)").is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.step();
    assert_eq!(harness.state().project(), Some(&original));
}

#[test]
fn ctrl_and_a_number_brings_a_panel_to_the_front_and_ctrl_plus_zooms() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let map_shown = |h: &Harness<'static, DossierApp>| h.query_by_label("Map canvas").is_some();
    // Reader and Map share a tab group; Entities, Suggestions and Search share another.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    assert!(map_shown(&harness), "Ctrl+4 shows the map");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    assert!(!map_shown(&harness), "Ctrl+2 shows the reader instead");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    harness.run();
    assert!(
        harness.query_by_role_and_label(Role::TextInput, "Search all sources").is_some(),
        "Ctrl+6 shows Search"
    );

    let before = harness.ctx.zoom_factor();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert!(harness.ctx.zoom_factor() > before, "Ctrl+= zooms in");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.0).abs() < f32::EPSILON, "Ctrl+0 goes back to 100 %");
}

#[test]
fn every_panel_and_dialog_of_the_sample_names_its_widgets() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    // Select a source, then an entity, so the Reader and the Inspector have content.
    harness.state_mut().push(dossier::ui::Command::Select(Selection::Source(SourceId::from(
        "assad-assures-from-moscow-m4t8",
    ))));
    harness.run();
    for key in
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9]
    {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        harness.run();
        assert!(harness.unnamed_widgets().is_empty(), "{key:?}: {:?}", harness.unnamed_widgets());
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(harness.unnamed_widgets().is_empty(), "palette: {:?}", harness.unnamed_widgets());
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    assert!(harness.unnamed_widgets().is_empty(), "export form: {:?}", harness.unnamed_widgets());
}

#[test]
fn settings_change_the_theme_and_size_at_once() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Theme").click();
    harness.run();
    harness.get_by_label("High contrast").click();
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    assert_eq!(
        harness.ctx.style_of(egui::Theme::Dark).visuals.panel_fill,
        egui::Color32::BLACK,
        "high contrast is pure black"
    );

    harness.get_by_role_and_label(Role::ComboBox, "Theme").click();
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);

    // A larger interface (from the keyboard), then Reset to defaults brings back 100 %.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert!(harness.ctx.zoom_factor() > 1.0, "Ctrl+= zoomed in");
    harness.get_by_label("Reset to defaults").click();
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.0).abs() < f32::EPSILON, "reset to 100 %");
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();
    assert!(harness.query_by_label("Reset to defaults").is_none(), "the window closed");
}

#[test]
fn the_tour_walks_through_three_steps_and_brings_each_panel_forward() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    assert!(
        harness.query_by_label("Welcome to Dossier").is_none(),
        "no tour unless asked (or on a first launch)"
    );
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Show the tour").click();
    harness.run();
    assert!(harness.query_by_label_contains("1 of 3").is_some());
    harness.get_by_role_and_label(Role::Button, "Next").click();
    harness.run();
    assert!(harness.query_by_label_contains("2 of 3").is_some());
    harness.get_by_role_and_label(Role::Button, "Next").click();
    harness.run();
    assert!(harness.query_by_label_contains("3 of 3").is_some());
    assert!(harness.query_by_label("Map canvas").is_some(), "the last step shows the map");
    harness.get_by_role_and_label(Role::Button, "Back").click();
    harness.run();
    assert!(harness.query_by_label_contains("2 of 3").is_some());
    harness.get_by_role_and_label(Role::Button, "Skip the tour").click();
    harness.run();
    assert!(harness.query_by_label_contains("of 3").is_none(), "skipped");
}

#[test]
fn the_arrow_keys_move_through_the_sources_and_the_entities() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let order: Vec<SourceId> = {
        let app = harness.state();
        let project = app.project().expect("open");
        dossier::ui::source_rows(project, &app.view().sources).iter().map(|s| s.id.clone()).collect()
    };
    let first_title = harness.state().project().expect("open").sources[&order[0]].title.clone();
    let over_sources = harness.get_by_label(&first_title).rect().center();
    harness.event(egui::Event::PointerMoved(over_sources));
    harness.run();
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(order[0].clone()));
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(order[2].clone()));
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(order[1].clone()));
    harness.key_press(Key::End);
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Source(order[order.len() - 1].clone()));

    // The same keys in the Entities list, which is sorted by name: Home is the first name.
    let over_entities = harness.get_by_label("Bashar al-Assad  (Assad, Asad, al-Assad)").rect().center();
    harness.event(egui::Event::PointerMoved(over_entities));
    harness.run();
    harness.key_press(Key::Home);
    harness.run();
    let first = {
        let project = harness.state().project().expect("open");
        let mut names: Vec<(&str, &dossier::model::EntityId)> =
            project.entities.values().map(|e| (e.name.as_str(), &e.id)).collect();
        names.sort_by_key(|(name, _)| name.to_lowercase());
        names[0].1.clone()
    };
    assert_eq!(harness.state().view().selection, Selection::Entity(first));
    let row_at_home = harness.get_by_label("Bashar al-Assad  (Assad, Asad, al-Assad)").rect();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert!(matches!(harness.state().view().selection, Selection::Entity(_)));
    assert_eq!(
        harness.get_by_label("Bashar al-Assad  (Assad, Asad, al-Assad)").rect(),
        row_at_home,
        "the next row was in view: the list does not scroll"
    );
    // End goes to the last row, far below: the list scrolls to show it.
    harness.key_press(Key::End);
    harness.run();
    assert!(harness.query_by_label("Bashar al-Assad  (Assad, Asad, al-Assad)").is_none(), "scrolled away");
    // Up from there stays in view: nothing moves.
    let row_label = |id: &dossier::model::EntityId| {
        let entity = &harness.state().project().expect("open").entities[id];
        if entity.aliases.is_empty() {
            entity.name.clone()
        } else {
            format!("{}  ({})", entity.name, entity.aliases.join(", "))
        }
    };
    let Selection::Entity(last) = harness.state().view().selection.clone() else { panic!("an entity") };
    let last_label = row_label(&last);
    let last_at_end = harness.get_by_label(&last_label).rect();
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_ne!(harness.state().view().selection, Selection::Entity(last));
    assert_eq!(harness.get_by_label(&last_label).rect(), last_at_end, "no scroll for a row in view");
}

#[test]
fn imported_sources_start_with_the_grades_chosen_in_the_settings() {
    let (tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    let leaders_grade =
        harness.state().project().expect("open").sources[&SourceId::from(LEADERS_ID)].reliability;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "New sources' reliability").click();
    harness.run();
    harness.get_by_label("B — Usually reliable").click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "New sources' credibility").click();
    harness.run();
    harness.get_by_label("3 — Possibly true").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();

    let incoming = tmp.path().join("wire.txt");
    std::fs::write(&incoming, "Wire report\n\nConvoys left Tartus on Monday.\n").expect("write");
    harness.state_mut().push(dossier::ui::Command::Import(vec![incoming]));
    settle(&mut harness);
    let project = harness.state().project().expect("open");
    let new = project.sources.values().find(|s| s.original_file == "wire.txt").expect("imported");
    assert_eq!(new.reliability, Some(dossier::model::Reliability::B));
    assert_eq!(new.credibility, Some(dossier::model::Credibility::PossiblyTrue));
    // The sample's own sources keep theirs.
    assert_eq!(project.sources[&SourceId::from(LEADERS_ID)].reliability, leaders_grade);
}

/// The titles of the panels that Tab reaches, pressing it until focus comes round again.
fn panels_reached_by_tab(
    harness: &mut Harness<'static, DossierApp>,
) -> std::collections::BTreeSet<&'static str> {
    let mut reached = std::collections::BTreeSet::new();
    let mut first = None;
    for _ in 0..400 {
        harness.key_press(Key::Tab);
        harness.run();
        let Some(id) = harness.ctx.memory(egui::Memory::focused) else {
            continue;
        };
        if first == Some(id) {
            break;
        }
        first.get_or_insert(id);
        if let Some(rect) = harness.ctx.read_response(id).map(|r| r.rect)
            && let Some(panel) = harness.state().panel_at(rect.center())
        {
            reached.insert(panel);
        }
    }
    reached
}

#[test]
fn tab_reaches_every_panel() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.state_mut().push(dossier::ui::Command::Select(Selection::Source(SourceId::from(MOSCOW_ID))));
    harness.run();
    let mut reached = std::collections::BTreeSet::new();
    // Panels that share a tab group are visited with each of them in front in turn.
    for key in
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9]
    {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        harness.run();
        reached.extend(panels_reached_by_tab(&mut harness));
    }
    let all: std::collections::BTreeSet<&str> =
        ["Sources", "Reader", "Entities", "Map", "Inspector", "Search", "Suggestions", "Claims", "Timeline"]
            .into();
    assert_eq!(reached, all);
}
