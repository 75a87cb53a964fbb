//! The Timeline panel driven as a user would: open it on the sample, click an event, and
//! see it in the Inspector with its conflicting times and their quotes.
#![cfg(feature = "gui")]

mod common;

use dossier::model::EventId;
use dossier::ui::Selection;
use egui_kittest::kittest::Queryable;

const EVACUATION: &str = "Evacuation from Hmeimim to Moscow";

#[test]
fn clicking_an_event_on_the_timeline_selects_it_and_shows_its_times() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    let id = project.events.values().find(|e| e.title == EVACUATION).expect("the evacuation").id.clone();
    let mut harness = common::app_harness(&dir, project);
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
