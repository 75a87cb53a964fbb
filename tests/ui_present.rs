//! Storyboards and presentation mode driven as a user would: slides added from the view,
//! renamed, reordered and deleted; F5 presents, the arrow keys step, a click on a line
//! shows its evidence, Esc leaves.
#![cfg(feature = "gui")]

mod common;

use std::path::Path;

use dossier::model::{EntityId, MapId, Project, RelationId, Slide, SlideView};
use dossier::ui::DossierApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

const MAP: &str = "assads-exit-k14g";
const ASSAD: &str = "bashar-al-assad-2rj8";
const RUSSIA: &str = "russia-ppm1";
const ASYLUM: &str = "russia-granted-asylum-to-bashar-fcc0";

fn project<'h>(harness: &'h Harness<'static, DossierApp>) -> &'h Project {
    harness.state().project().expect("a project is open")
}

fn slides(harness: &Harness<'static, DossierApp>) -> Vec<Slide> {
    project(harness).maps[&MapId::from(MAP)].slides.clone()
}

/// The sample with the map "Assad's exit" holding two slides: the whole map, then a
/// close-up of Russia and Assad that stresses the asylum relation.
fn sample_with_slides(dir: &Path) -> Project {
    let mut project = dossier::store::load(dir).expect("sample loads");
    let map = project.maps.get_mut(&MapId::from(MAP)).expect("the sample has the map");
    let (mut min, mut max) = (pos2(f32::MAX, f32::MAX), pos2(f32::MIN, f32::MIN));
    for node in map.nodes.values() {
        min = min.min(pos2(node.x, node.y));
        max = max.max(pos2(node.x, node.y));
    }
    let whole = SlideView {
        x: min.x - 60.0,
        y: min.y - 60.0,
        width: max.x - min.x + 120.0,
        height: max.y - min.y + 120.0,
    };
    let mut first = Slide::new("The whole picture", whole);
    "Everyone who mattered in the last days.".clone_into(&mut first.caption);
    let (a, r) = (map.nodes[&EntityId::from(ASSAD)], map.nodes[&EntityId::from(RUSSIA)]);
    let close = SlideView {
        x: a.x.min(r.x) - 80.0,
        y: a.y.min(r.y) - 80.0,
        width: (a.x - r.x).abs() + 160.0,
        height: (a.y - r.y).abs() + 160.0,
    };
    let mut second = Slide::new("Asylum in Moscow", close);
    "Russia took him in.".clone_into(&mut second.caption);
    second.highlighted_relations.insert(RelationId::from(ASYLUM));
    second.highlighted.insert(EntityId::from(ASSAD));
    map.slides = vec![first, second];
    project
}

/// Lets the camera move finish.
fn settle(harness: &mut Harness<'static, DossierApp>) {
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(300));
        harness.step();
    }
    harness.run();
}

#[test]
fn slides_are_added_from_the_view_renamed_reordered_and_deleted_as_undoable_edits() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut project = dossier::store::load(&dir).expect("sample loads");
    project.maps.get_mut(&MapId::from(MAP)).expect("map").slides.clear();
    let mut harness = common::app_harness(&dir, project);
    harness.get_by_label("Map").click();
    harness.run();
    harness.get_by_label("Slides (0)").click();
    harness.run();
    assert!(harness.query_by_label_contains("No slides yet").is_some(), "the empty list explains itself");

    harness.get_by_label("+ Add slide from view").click();
    harness.run();
    let after_one = slides(&harness);
    assert_eq!(after_one.len(), 1);
    assert_eq!(after_one[0].title, "Slide 1");
    // The slide remembers what the canvas showed.
    let canvas = harness.get_by_label("Map canvas").rect();
    let camera = harness.state().view().map.cameras[&MapId::from(MAP)];
    let shown = camera.visible_map_rect(canvas);
    let view = after_one[0].view;
    assert!(
        (view.x - shown.min.x).abs() < 1.0 && (view.width - shown.width()).abs() < 1.0,
        "{view:?} vs {shown:?}"
    );
    assert!(after_one[0].nodes.is_none() && !after_one[0].has_highlights());

    // The new slide is the current one: rename it and add a caption.
    harness.get_by_role_and_label(Role::TextInput, "Slide title").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(Role::TextInput, "Slide title").type_text("Overview");
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Caption").focus();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Caption").type_text("Where it stood.");
    harness.run();
    let renamed = slides(&harness);
    assert_eq!((renamed[0].title.as_str(), renamed[0].caption.as_str()), ("Overview", "Where it stood."));

    // A second slide goes after the current one; move it up, then undo the move.
    harness.get_by_label("+ Add slide from view").click();
    harness.run();
    assert_eq!(
        slides(&harness).iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["Overview", "Slide 2"]
    );
    harness.get_by_label("Move up").click();
    harness.run();
    assert_eq!(
        slides(&harness).iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["Slide 2", "Overview"]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        slides(&harness).iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["Overview", "Slide 2"]
    );

    // Delete the slide picked in the list.
    harness.get_by_label("2. Slide 2").click();
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
    assert_eq!(slides(&harness).iter().map(|s| s.title.as_str()).collect::<Vec<_>>(), ["Overview"]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(slides(&harness).len(), 2, "undo brings the slide back");
}

#[test]
fn f5_presents_the_slides_the_arrow_keys_step_and_a_click_on_a_line_shows_its_evidence() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let start = sample_with_slides(&dir);
    let before = start.clone();
    let mut harness = common::app_harness(&dir, start);

    harness.key_press(Key::F5);
    harness.run();
    let presenting =
        |h: &Harness<'static, DossierApp>| h.state().view().map.presenting.as_ref().map(|p| p.slide);
    assert_eq!(presenting(&harness), Some(0));
    assert!(harness.query_by_label("Presentation").is_some(), "the map fills the window");
    assert!(harness.query_by_label("File").is_none(), "menus and panels are hidden");

    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(presenting(&harness), Some(1));
    harness.key_press(Key::ArrowRight);
    settle(&mut harness);
    assert_eq!(presenting(&harness), Some(1), "the last slide stays");

    // Click the asylum line halfway between Russia and Assad: its quotes appear.
    let camera = harness.state().view().map.presenting.as_ref().expect("presenting").camera().expect("drawn");
    let canvas = harness.get_by_label("Presentation").rect();
    let map = &before.maps[&MapId::from(MAP)];
    let at = |id: &str| {
        let n = map.nodes[&EntityId::from(id)];
        camera.screen_from_map(canvas, pos2(n.x, n.y))
    };
    let middle = line_middle(&harness, at(RUSSIA), at(ASSAD));
    click_at(&mut harness, middle);
    let quote = &before.relations[&RelationId::from(ASYLUM)].evidence[0].anchor.exact;
    assert!(
        harness.query_by_label_contains(&quote[..40]).is_some(),
        "the overlay quotes the evidence: {quote}"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains(&quote[..40]).is_none(), "Esc closes the evidence first");
    assert_eq!(presenting(&harness), Some(1));

    harness.key_press(Key::ArrowLeft);
    settle(&mut harness);
    assert_eq!(presenting(&harness), Some(0));
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(presenting(&harness), None, "Esc leaves");
    assert!(harness.query_by_label("File").is_some(), "the workbench is back");
    assert_eq!(project(&harness), &before, "presenting changes nothing");
    assert!(!harness.state().is_dirty());
}

/// A left click at screen point `at`.
fn click_at(harness: &mut Harness<'static, DossierApp>, at: Pos2) {
    harness.event(egui::Event::PointerMoved(at));
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

/// The point on the relation drawn between `a` and `b`: the middle of the straight line,
/// or of the curve if there are several relations between the two.
fn line_middle(harness: &Harness<'static, DossierApp>, a: Pos2, b: Pos2) -> Pos2 {
    let asylum =
        harness.state().view().map.presenting.as_ref().and_then(|p| p.edge_middle(&RelationId::from(ASYLUM)));
    asylum.unwrap_or_else(|| a + (b - a) * 0.5)
}

/// Runs frames until the background work is done.
fn wait_until_idle(harness: &mut Harness<'static, DossierApp>) {
    // The click is handled, then the command it made runs.
    harness.step();
    harness.step();
    for _ in 0..200 {
        if !harness.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    harness.step();
    harness.run();
}

/// Types `path` over whatever the export form's path field holds.
fn set_export_path(harness: &mut Harness<'static, DossierApp>, label: &str, path: &Path) {
    harness.get_by_role_and_label(Role::TextInput, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(Role::TextInput, label).type_text(&path.display().to_string());
    harness.run();
}

/// Picks File ▸ Export…, the slide deck from the format list, types `dir` as the folder
/// and clicks Export.
fn export_deck(harness: &mut Harness<'static, DossierApp>, dir: &Path) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Format").click();
    harness.run();
    harness.get_by_label("Slide deck: a picture per slide and a page (HTML or Markdown)").click();
    harness.run();
    set_export_path(harness, "Folder", dir);
    harness.get_by_role_and_label(Role::Button, "Export").click();
}

#[test]
fn file_export_writes_a_slide_picture_and_a_slide_deck() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, sample_with_slides(&dir));

    // A picture of the map: PNG is the default format.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    let png = tmp.path().join("exit.png");
    set_export_path(&mut harness, "File", &png);
    harness.get_by_role_and_label(Role::Button, "Export").click();
    wait_until_idle(&mut harness);
    let bytes = std::fs::read(&png).expect("the PNG is written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        harness.state().toast_texts().iter().any(|t| t.contains("exit.png")),
        "{:?}",
        harness.state().toast_texts()
    );

    // The slide deck, picked from the format list, as HTML.
    let deck = tmp.path().join("deck");
    export_deck(&mut harness, &deck);
    wait_until_idle(&mut harness);
    let mut names: Vec<String> = std::fs::read_dir(&deck)
        .expect("the deck folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["01-the-whole-picture.png", "02-asylum-in-moscow.png", "index.html"]);
    let page = std::fs::read_to_string(deck.join("index.html")).expect("page");
    assert!(page.find("Everyone who mattered") < page.find("Russia took him in."), "captions in slide order");
}

#[test]
fn a_slide_deck_export_shows_its_progress_and_cancel_leaves_no_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    // Many slides, so the export is still running when Cancel is clicked.
    let mut project = sample_with_slides(&dir);
    let map = project.maps.get_mut(&MapId::from(MAP)).expect("the sample has the map");
    map.slides = map.slides.iter().cycle().take(60).cloned().collect();
    let mut harness = common::app_harness(&dir, project);

    let deck = tmp.path().join("deck");
    export_deck(&mut harness, &deck);
    // The click is handled, then the export starts and the status bar shows it.
    for _ in 0..100 {
        harness.step();
        if harness.query_by_label_contains(" of 60").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(harness.state().is_busy(), "the export is under way");
    assert!(harness.query_by_label_contains("Exporting the slide deck").is_some());
    assert!(harness.query_by_label_contains(" of 60").is_some(), "the status bar counts the slides");
    harness.get_by_role_and_label(Role::Button, "Cancel").click();
    wait_until_idle(&mut harness);

    assert!(!deck.exists(), "a cancelled deck leaves no folder and no file");
    let toasts = harness.state().toast_texts();
    assert!(toasts.iter().any(|t| t.contains("cancelled; nothing was written")), "{toasts:?}");
}

#[test]
fn the_command_palette_finds_and_runs_export_map_as_png() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, sample_with_slides(&dir));

    // Ctrl+K, a few letters of the name, Enter: the Export form, set to PNG.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Command").type_text("exp map png");
    harness.run();
    assert!(harness.query_by_label("Export map as PNG…").is_some(), "the palette lists it");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_role_and_label(Role::TextInput, "Command").is_none(), "the palette closed");
    let png = tmp.path().join("from-palette.png");
    set_export_path(&mut harness, "File", &png);
    harness.get_by_role_and_label(Role::Button, "Export").click();
    wait_until_idle(&mut harness);
    let bytes = std::fs::read(&png).expect("the PNG is written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

    // The one just run comes first next time; "Export map as SVG…" picks SVG in the form.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    let rows: Vec<String> =
        harness.query_all_by_role(Role::Button).filter_map(|node| node.accesskit_node().label()).collect();
    let first_command = rows.iter().position(|r| r.starts_with("Export map as PNG"));
    let other_command = rows.iter().position(|r| r.starts_with("New project"));
    assert!(first_command < other_command, "{rows:?}");
    harness.get_by_role_and_label(Role::TextInput, "Command").type_text("svg");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let path =
        harness.get_by_role_and_label(Role::TextInput, "File").accesskit_node().value().unwrap_or_default();
    assert_eq!(Path::new(&path).extension().and_then(|e| e.to_str()), Some("svg"), "{path}");
    harness.key_press(Key::Escape);
    harness.run();
}

#[test]
fn help_lists_the_keyboard_shortcuts_from_the_action_table() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, sample_with_slides(&dir));
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    for name in ["Save as…", "Command palette…", "Present map", "Search the project…"] {
        assert!(harness.query_by_label(name).is_some(), "{name} is on the sheet");
    }
    assert!(
        harness.query_by_label_contains("Ctrl+K").is_some()
            || harness.query_by_label_contains("⌘K").is_some()
    );
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();
    assert!(harness.query_by_label("Command palette…").is_none());
}
