//! The Map panel driven as a user would: create a map, drag entities onto it, draw a
//! relation between two nodes, move nodes, and undo.
#![cfg(feature = "gui")]

mod common;

use std::path::{Path, PathBuf};

use dossier::model::{EntityId, MapId, ParallelRelations, Project};
use dossier::ui::{DossierApp, Selection};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const ASSAD: &str = "bashar-al-assad-2rj8";
const RUSSIA: &str = "russia-ppm1";
const ASSAD_ROW: &str = "Bashar al-Assad  (Assad, Asad, al-Assad)";

/// The sample's sources and entities without its maps and relations, so that every test
/// starts from a blank canvas.
fn copy_sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    std::fs::write(dir.join("maps.ron"), "[]\n").expect("write maps");
    std::fs::write(dir.join("relations.ron"), "[]\n").expect("write relations");
    // The sample's claims bear on its relations; they go with them, and so does the
    // matrix of hypotheses that rates the claims.
    std::fs::write(dir.join("claims.ron"), "[]\n").expect("write claims");
    std::fs::write(dir.join("ach.ron"), "[]\n").expect("write the matrix");
    (tmp, dir)
}

/// The sample with one map, "Exiles", holding Assad on the left and Russia on the right.
fn sample_with_map() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = copy_sample();
    let maps = format!(
        "[\n  (\n    id: \"exiles-m1m1\",\n    name: \"Exiles\",\n    nodes: {{\n      \"{ASSAD}\": (x: -200.0, y: 0.0),\n      \"{RUSSIA}\": (x: 200.0, y: 0.0),\n    }},\n  ),\n]\n"
    );
    std::fs::write(dir.join("maps.ron"), maps).expect("write maps");
    (tmp, dir)
}

fn harness(dir: &Path) -> Harness<'static, DossierApp> {
    common::app_harness(dir, dossier::store::load(dir).expect("sample loads"))
}

fn project<'h>(harness: &'h Harness<'static, DossierApp>) -> &'h Project {
    harness.state().project().expect("a project is open")
}

/// Brings the Map panel to the front.
fn open_map_panel(harness: &mut Harness<'static, DossierApp>) {
    harness.get_by_label("Map").click();
    harness.run();
}

/// Presses the primary button at `from`, moves to `to` in small steps, releases there,
/// with `modifiers` held throughout, one frame per step.
fn drag(harness: &mut Harness<'static, DossierApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    harness.event(Event::ModifiersChanged(modifiers));
    harness.event(Event::PointerMoved(from));
    harness.step();
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    harness.step();
    let steps = 12;
    for i in 1..=steps {
        harness.event(Event::PointerMoved(from + (to - from) * (i as f32 / steps as f32)));
        harness.step();
    }
    harness.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    harness.step();
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

/// Where the map shows the node of `entity` on screen now.
fn node_on_screen(harness: &Harness<'static, DossierApp>, map: &str, entity: &str) -> Pos2 {
    let canvas = harness.get_by_label("Map canvas").rect();
    let camera = harness.state().view().map.cameras[&MapId::from(map)];
    let node = project(harness).maps[&MapId::from(map)].nodes[&EntityId::from(entity)];
    camera.screen_from_map(canvas, pos2(node.x, node.y))
}

#[test]
fn a_map_is_created_and_an_entity_dragged_onto_it_becomes_a_node() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    assert!(project(&harness).maps.is_empty());
    harness.get_by_label("Create a map").click();
    harness.run();
    let maps: Vec<_> = project(&harness).maps.values().cloned().collect();
    assert_eq!(maps.len(), 1);
    assert_eq!(maps[0].name, "Map 1");
    assert!(maps[0].nodes.is_empty());
    assert!(harness.query_by_label("Map canvas").is_some(), "the new map is shown");

    let row = harness.get_by_label(ASSAD_ROW).rect().center();
    let canvas = harness.get_by_label("Map canvas").rect();
    let target = canvas.center() + egui::vec2(40.0, -30.0);
    drag(&mut harness, row, target, Modifiers::NONE);

    let map = &project(&harness).maps[&maps[0].id];
    let node = map.nodes.get(&EntityId::from(ASSAD)).expect("Assad is on the map");
    // Dropped where the pointer was.
    let camera = harness.state().view().map.cameras[&maps[0].id];
    let at = camera.screen_from_map(canvas, pos2(node.x, node.y));
    assert!(at.distance(target) < 1.0, "{at:?} vs {target:?}");
    assert_eq!(harness.state().view().selection, Selection::Entity(EntityId::from(ASSAD)));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(project(&harness).maps[&maps[0].id].nodes.is_empty(), "undo takes it off again");
}

#[test]
fn shift_dragging_from_one_node_to_another_creates_a_labelled_relation() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let relations_before = project(&harness).relations.len();
    let from = node_on_screen(&harness, "exiles-m1m1", ASSAD);
    let to = node_on_screen(&harness, "exiles-m1m1", RUSSIA);
    drag(&mut harness, from, to, Modifiers::SHIFT);

    assert!(harness.query_by_label("New relation").is_some(), "the relation form opens");
    harness.get_by_role_and_label(Role::TextInput, "Label").type_text("fled to");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label("New relation").is_none(), "Enter closes the form");

    let project_now = project(&harness);
    assert_eq!(project_now.relations.len(), relations_before + 1);
    let relation = project_now.relations.values().find(|r| r.label == "fled to").expect("created").clone();
    assert_eq!((relation.from.as_str(), relation.to.as_str()), (ASSAD, RUSSIA));
    assert!(relation.directed);
    assert_eq!(harness.state().view().selection, Selection::Relation(relation.id.clone()));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!project(&harness).relations.contains_key(&relation.id), "one undo removes it");
    assert_eq!(project(&harness).relations.len(), relations_before);
}

#[test]
fn escape_or_dropping_on_empty_space_creates_no_relation() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let from = node_on_screen(&harness, "exiles-m1m1", ASSAD);
    drag(&mut harness, from, from + egui::vec2(0.0, 120.0), Modifiers::SHIFT);
    assert!(harness.query_by_label("New relation").is_none(), "dropping on empty space cancels");

    let to = node_on_screen(&harness, "exiles-m1m1", RUSSIA);
    drag(&mut harness, from, to, Modifiers::SHIFT);
    assert!(harness.query_by_label("New relation").is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("New relation").is_none());
    assert!(project(&harness).relations.is_empty());
}

#[test]
fn dragging_a_node_moves_it_and_one_undo_puts_it_back() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    let before = project(&harness).maps[&map].nodes[&EntityId::from(ASSAD)];
    let from = node_on_screen(&harness, "exiles-m1m1", ASSAD);
    drag(&mut harness, from, from + egui::vec2(60.0, 45.0), Modifiers::NONE);

    let zoom = harness.state().view().map.cameras[&map].zoom;
    let after = project(&harness).maps[&map].nodes[&EntityId::from(ASSAD)];
    assert!((after.x - before.x - 60.0 / zoom).abs() < 0.5, "{before:?} → {after:?}");
    assert!((after.y - before.y - 45.0 / zoom).abs() < 0.5, "{before:?} → {after:?}");
    let russia = project(&harness).maps[&map].nodes[&EntityId::from(RUSSIA)];
    assert!((russia.x - 200.0).abs() < f32::EPSILON, "other nodes stay");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        project(&harness).maps[&map].nodes[&EntityId::from(ASSAD)],
        before,
        "the whole drag is one step"
    );
}

#[test]
fn delete_removes_the_selected_node_from_the_map_but_not_the_entity() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    let at = node_on_screen(&harness, "exiles-m1m1", RUSSIA);
    harness.event(Event::PointerMoved(at));
    harness.run();
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Entity(EntityId::from(RUSSIA)));
    harness.key_press(Key::Delete);
    harness.run();
    let project_now = project(&harness);
    assert!(!project_now.maps[&map].nodes.contains_key(&EntityId::from(RUSSIA)));
    assert!(project_now.entities.contains_key(&EntityId::from(RUSSIA)), "the entity stays in the project");
}

#[test]
fn show_on_map_from_the_entity_list_creates_a_map_when_there_is_none() {
    let (_tmp, dir) = copy_sample();
    let mut harness = harness(&dir);
    harness.get_by_label(ASSAD_ROW).click_secondary();
    harness.run();
    harness.get_by_label("Show on map").click();
    harness.run();
    let maps: Vec<_> = project(&harness).maps.values().cloned().collect();
    assert_eq!(maps.len(), 1);
    assert_eq!(maps[0].name, "Map 1");
    assert!(maps[0].nodes.contains_key(&EntityId::from(ASSAD)));
    assert!(harness.query_by_label("Map canvas").is_some(), "the Map panel comes to the front");
}

#[test]
fn maps_are_renamed_duplicated_and_deleted_from_the_tab_menu() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    harness.get_by_label("Exiles").click_secondary();
    harness.run();
    harness.get_by_label("Duplicate").click();
    harness.run();
    let names: Vec<String> = project(&harness).maps.values().map(|m| m.name.clone()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Exiles copy".to_owned()), "{names:?}");

    harness.get_by_label("Exiles copy").click_secondary();
    harness.run();
    harness.get_by_label("Rename…").click();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Name:");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(Role::TextInput, "Name:").type_text("Money");
    harness.key_press(Key::Enter);
    harness.run();
    let copy = project(&harness).maps.values().find(|m| m.name == "Money").expect("renamed").clone();
    assert_eq!(copy.nodes.len(), 2);

    harness.get_by_label("Money").click_secondary();
    harness.run();
    harness.get_by_label("Delete map").click();
    harness.run();
    assert!(!project(&harness).maps.contains_key(&copy.id));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness).maps[&copy.id], copy);
}

#[test]
fn add_neighbours_places_the_entities_named_with_it_around_the_node() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    let at = node_on_screen(&harness, "exiles-m1m1", ASSAD);
    harness.event(Event::PointerMoved(at));
    harness.run();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    harness.get_by_label("Add neighbours").click();
    harness.run();
    let expected = dossier::analysis::cooccurrence::cooccurring(project(&harness), &EntityId::from(ASSAD));
    assert!(expected.len() > 3, "Assad shares sentences with many entities: {expected:?}");
    let nodes = &project(&harness).maps[&map].nodes;
    for (id, _) in &expected {
        assert!(nodes.contains_key(id), "{id} is placed");
    }
    // One undo step takes them all off again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness).maps[&map].nodes.len(), 2);
}

#[test]
fn a_layout_runs_in_the_background_and_is_one_undo_step() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    let before = project(&harness).maps[&map].clone();
    harness.get_by_label("Layout").click();
    harness.run();
    harness.get_by_label("Circle").click();
    let mut laid_out = false;
    for _ in 0..200 {
        harness.step();
        if project(&harness).maps[&map] != before {
            laid_out = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(laid_out, "the layout finished and was applied");
    assert_eq!(project(&harness).maps[&map].nodes.len(), 2);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness).maps[&map], before);
}

#[test]
fn the_active_map_and_its_camera_come_back_with_the_workspace() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    // Zoom in with Ctrl+plus while the pointer is over the canvas.
    let canvas = harness.get_by_label("Map canvas").rect();
    harness.event(Event::PointerMoved(canvas.center()));
    harness.run();
    let before = harness.state().view().map.cameras[&map];
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    let zoomed = harness.state().view().map.cameras[&map];
    assert!((zoomed.zoom / before.zoom - 1.25).abs() < 1e-3, "{before:?} → {zoomed:?}");

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Close").click();
    harness.run();
    harness.state_mut().push(dossier::ui::Command::Open(dir.clone()));
    for _ in 0..200 {
        harness.step();
        if !harness.state().is_busy() && harness.state().project().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let view = &harness.state().view().map;
    assert_eq!(view.active.as_ref(), Some(&map));
    assert_eq!(view.cameras[&map], zoomed);
}

#[test]
fn a_quote_dragged_from_the_reader_onto_a_relation_becomes_its_evidence() {
    use dossier::edit::Edit;
    use dossier::model::{Relation, RelationId, SourceId};
    const MOSCOW_TITLE: &str = "Assad assures from Moscow that it was the Russians who improvised his escape when he visited their base";
    const MOSCOW_ID: &str = "assad-assures-from-moscow-m4t8";
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    let relation = Relation::new(
        RelationId::from("granted-asylum-to-t1t1"),
        RUSSIA.into(),
        ASSAD.into(),
        "granted asylum to",
    );
    harness.state_mut().push(dossier::ui::Command::edit(Edit::put(relation.clone()), "Create relation"));
    harness.run();
    // View ▸ Reader beside map shows both panels at once.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Reader beside map").click();
    harness.run();
    harness.query_all_by_label(MOSCOW_TITLE).next().expect("the Moscow report").click();
    harness.run();
    assert!(harness.query_by_label("Map canvas").is_some(), "the map is shown beside the reader");

    // Select the start of a long paragraph by dragging over it.
    let text = project(&harness).sources[&SourceId::from(MOSCOW_ID)].text.clone();
    let paragraph = text.lines().find(|l| l.len() > 200).expect("a long paragraph").to_owned();
    harness.get_by_label(paragraph.as_str()).scroll_to_me();
    harness.run();
    let rect = harness.get_by_label(paragraph.as_str()).rect();
    let (from, to) =
        (rect.left_top() + egui::vec2(3.0, 8.0), rect.left_top() + egui::vec2(rect.width() * 0.6, 8.0));
    for (at, step) in [(from, "hover"), (from, "press"), (to, "hover"), (to, "release")] {
        match step {
            "press" => harness.drag_at(at),
            "release" => harness.drop_at(at),
            _ => harness.hover_at(at),
        }
        harness.run();
    }
    let (_, range) = harness.state().view().reader.tagging.selection.clone().expect("the drag selected text");
    assert!(range.len() > 10, "{:?}", &text[range.clone()]);

    // Drag the selection onto the middle of the relation's line.
    let inside = rect.left_top() + egui::vec2(rect.width() * 0.3, 8.0);
    let line_middle = node_on_screen(&harness, "exiles-m1m1", ASSAD)
        .lerp(node_on_screen(&harness, "exiles-m1m1", RUSSIA), 0.5);
    harness.hover_at(inside);
    harness.run();
    harness.drag_at(inside);
    harness.run();
    harness.hover_at(inside + egui::vec2(30.0, 0.0));
    harness.run();
    harness.hover_at(line_middle);
    harness.run();
    assert!(
        egui::DragAndDrop::payload::<dossier::ui::QuoteDrag>(&harness.ctx).is_some(),
        "the quote is dragged"
    );
    // Released with the pointer still there (`drop_at` also takes the pointer away).
    harness.event(Event::PointerButton {
        pos: line_middle,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();

    let evidence = &project(&harness).relations[&relation.id].evidence;
    assert_eq!(evidence.len(), 1, "the quote is cited");
    assert_eq!(evidence[0].source.as_str(), MOSCOW_ID);
    assert_eq!(evidence[0].anchor.start..evidence[0].anchor.end, range);
    assert_eq!(harness.state().view().selection, Selection::Relation(relation.id.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(project(&harness).relations[&relation.id].evidence.is_empty(), "one undo takes it back");
}

#[test]
fn the_keyboard_relates_two_selected_nodes_and_moves_them() {
    let (_tmp, dir) = sample_with_map();
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let map = MapId::from("exiles-m1m1");
    let canvas = harness.get_by_label("Map canvas").rect();
    harness.event(Event::PointerMoved(canvas.left_top() + egui::vec2(20.0, 60.0)));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();

    // R opens the relation form for the two selected nodes.
    harness.key_press(Key::R);
    harness.run();
    assert!(harness.query_by_label("New relation").is_some(), "R opens the relation form");
    harness.get_by_role_and_label(Role::TextInput, "Label").type_text("fled to");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let relation =
        project(&harness).relations.values().find(|r| r.label == "fled to").expect("created").clone();
    let ends = [relation.from.as_str(), relation.to.as_str()];
    assert!(ends.contains(&ASSAD) && ends.contains(&RUSSIA), "{ends:?}");

    // Arrow keys move every selected node; three presses are one undo step.
    harness.event(Event::PointerMoved(canvas.left_top() + egui::vec2(20.0, 60.0)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    let before = project(&harness).maps[&map].clone();
    for _ in 0..3 {
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowUp);
    harness.run();
    let after = &project(&harness).maps[&map];
    for (id, node) in &before.nodes {
        assert!((after.nodes[id].x - node.x - 24.0).abs() < 1e-3, "moved right by 3 × 8");
        assert!((after.nodes[id].y - node.y + 48.0).abs() < 1e-3, "and up by 48 with Shift");
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness).maps[&map], before, "the moves were one undo step");
    assert!(project(&harness).relations.contains_key(&relation.id), "the relation stays");
}

#[test]
fn map_nodes_and_relations_are_announced_and_clickable_by_assistive_technology() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let project_now = project(&harness);
    let mentions = project_now.mentions.values().filter(|m| m.entity.as_str() == RUSSIA).count();
    let relations = project_now
        .relations
        .values()
        .filter(|r| r.from.as_str() == RUSSIA || r.to.as_str() == RUSSIA)
        .count();
    let spoken = format!("Russia, State, {mentions} mentions, {relations} relations");
    let node = harness.get_by_label(&spoken);
    node.click_accesskit();
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Entity(EntityId::from(RUSSIA)));

    // Russia and Assad have several relations: one bundle, which spreads out when chosen.
    let bundle = harness.get_by_label_contains("relations between Bashar al-Assad and Russia");
    bundle.click_accesskit();
    harness.run();
    assert!(
        matches!(harness.state().view().selection, Selection::Pair(..)),
        "the pair is selected: {:?}",
        harness.state().view().selection
    );
    let relation = harness.get_by_label_contains("Russia granted asylum to Bashar al-Assad,");
    relation.click_accesskit();
    harness.run();
    let Selection::Relation(id) = harness.state().view().selection.clone() else {
        panic!("a relation is selected: {:?}", harness.state().view().selection)
    };
    assert_eq!(project(&harness).relations[&id].label, "granted asylum to");
}

#[test]
fn parallel_relations_are_bundled_by_default_and_the_toolbar_spreads_them_out_undoably() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = harness(&dir);
    open_map_panel(&mut harness);
    let parallel = |harness: &Harness<'static, DossierApp>| {
        project(harness).maps.values().map(|m| m.parallel).collect::<Vec<_>>()
    };
    assert!(parallel(&harness).iter().all(|p| *p == ParallelRelations::Bundled));
    // Bundled, the seven relations of Assad and Russia are one line.
    harness.get_by_label_contains("7 relations between Bashar al-Assad and Russia");
    harness.get_by_label("Bundle parallel relations").click();
    harness.run();
    assert!(parallel(&harness).contains(&ParallelRelations::Expanded), "the shown map is spread out");
    assert!(harness.query_by_label_contains("7 relations between").is_none());
    harness.get_by_label_contains("Russia granted asylum to Bashar al-Assad,");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(parallel(&harness).iter().all(|p| *p == ParallelRelations::Bundled), "undone");
}
