//! The Timeline panel driven as a user would: open it on the sample, click an event, and
//! see it in the Inspector with its conflicting times and their quotes.
#![cfg(feature = "gui")]

mod common;

use dossier::model::EventId;
use dossier::ui::DossierApp;
use dossier::ui::Selection;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const EVACUATION: &str = "Evacuation from Hmeimim to Moscow";
const LEADERS_TITLE: &str = "Bashar al-Assad Denies Fleeing to Russia Amid Syria’s Collapse";

/// The app on a copy of the sample, and the copy's folder (kept while the app runs).
fn sample_app() -> (tempfile::TempDir, Harness<'static, DossierApp>) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    (tmp, common::app_harness(&dir, project))
}

#[test]
fn clicking_an_event_on_the_timeline_selects_it_and_shows_its_times() {
    let (_tmp, mut harness) = sample_app();
    let project = harness.state().project().expect("open");
    let id = project.events.values().find(|e| e.title == EVACUATION).expect("the evacuation").id.clone();
    harness.get_by_label("Timeline").click();
    harness.run();
    assert!(harness.query_by_label("By entity").is_some(), "the timeline is shown");

    // One mark per lane of the entities involved; any of them selects the event.
    harness.get_all_by_label(EVACUATION).next().expect("the event is drawn").click();
    harness.run();
    assert_eq!(harness.state().view().selection, Selection::Event(EventId::from(id.as_str())));
    assert!(harness.query_by_label("3 times: the sources disagree").is_some());
    assert!(harness.query_by_label("2024-12-08 night").is_some());

    // By source: a lane per report, the event still there and still selectable.
    harness.get_by_label("By source").click();
    harness.run();
    assert!(harness.get_all_by_label(EVACUATION).count() >= 4, "one mark per source lane");

    // A quote in the Inspector opens the Reader there.
    harness.get_by_label_contains("move him on the night of December 8 to Moscow").click();
    harness.run();
    let reader = &harness.state().view().reader;
    assert_eq!(
        reader.source.as_ref().map(dossier::model::SourceId::as_str),
        Some("assad-facebook-statement-peskov-b6r4")
    );
    assert_eq!(reader.matches.len(), 1);
}

#[test]
fn a_reader_selection_is_recorded_as_an_event_with_the_suggested_time_in_one_undo_step() {
    let (_tmp, mut harness) = sample_app();
    let before = harness.state().project().expect("open").events.len();
    harness.get_by_label(LEADERS_TITLE).click();
    harness.run();
    // Select a quote the keyboard way (find, then Esc), and press R.
    let quote = "decided to airlift him to Moscow";
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Find in source").type_text(quote);
    // The Reader scrolls to the match.
    harness.run_steps(12);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press(Key::R);
    harness.run();
    // The sentence's time is suggested and chosen.
    assert!(harness.query_by_label("Record as event").is_some(), "the form is open");
    assert!(harness.query_by_label_contains("2024-12-08 evening").is_some());
    harness.get_by_label("Record").click();
    harness.run();

    let project = harness.state().project().expect("open");
    assert_eq!(project.events.len(), before + 1);
    let event = project.events.values().find(|e| e.title == quote).expect("the new event");
    assert_eq!(event.times.len(), 1);
    assert_eq!(event.times[0].label(), "2024-12-08 evening");
    assert_eq!(event.times[0].evidence[0].anchor.exact, quote);
    assert!(event.entities.iter().any(|e| e.as_str() == "moscow-2v6u"), "{:?}", event.entities);
    assert_eq!(harness.state().view().selection, Selection::Event(event.id.clone()));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().expect("open").events.len(), before);
}

#[test]
fn the_map_time_filter_is_off_by_default_and_picks_a_day_when_on() {
    let (_tmp, mut harness) = sample_app();
    harness.get_by_label("Map").click();
    harness.run();
    assert_eq!(harness.state().view().map.time_filter, None);
    harness.get_by_label("At time").click();
    harness.run();
    // On, it starts at the last day any relation is valid: those dated "2024-12" run to
    // the 31st.
    let day = dossier::model::days_from_civil(2024, 12, 31);
    assert_eq!(harness.state().view().map.time_filter, Some(day));
    harness.get_by_label("At time").click();
    harness.run();
    assert_eq!(harness.state().view().map.time_filter, None);
}

#[test]
fn the_timeline_is_exported_as_a_picture_with_the_lanes_on_screen() {
    let (tmp, mut harness) = sample_app();
    harness.get_by_label("Timeline").click();
    harness.run();
    harness.get_by_label("By source").click();
    harness.run();
    assert!(harness.query_by_label("Export picture…").is_some(), "the panel offers the export");
    // The button asks the system's file dialog for a name; the name it gives comes back
    // as this command.
    let path = tmp.path().join("timeline.svg");
    harness.state_mut().push(dossier::ui::Command::ExportTimeline(path.clone()));
    harness.step();
    common::settle(&mut harness);
    let svg = std::fs::read_to_string(&path).expect("written");
    // Lanes by source: the sources' titles name the lanes.
    assert!(svg.contains(">Bashar al-Assad Denies Flee"), "lanes by source");
    assert!(svg.contains("Evacuation from Hmeimim to Moscow"));
    assert!(harness.state().toast_texts().iter().any(|t| t.starts_with("Exported the timeline to")));
}
