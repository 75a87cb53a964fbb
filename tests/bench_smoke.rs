//! The issue 18 benchmark's workloads (`benches/workloads/mod.rs`) run once on a small
//! project: a check that each does what the benchmark says it times. Never a check of
//! how long anything takes.
#![cfg(feature = "gui")]

#[path = "../benches/workloads/mod.rs"]
mod workloads;

use dossier::analysis::SearchIndex;
use dossier::store;
use dossier::ui::Pane;
use egui::pos2;

#[test]
fn the_scale_benchmark_workloads_do_what_they_say() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("small");
    let project = workloads::project(&workloads::SMOKE);
    assert_eq!(project.sources.len(), workloads::SMOKE.synth.sources);
    assert_eq!(project.events.len(), workloads::SMOKE.events);
    assert!(project.sources.values().all(|s| s.text.len() >= workloads::SMOKE.text_bytes_per_source));
    assert_eq!(project.validate(), Vec::new());
    store::save(&project, &dir).expect("saves");
    assert!(
        workloads::size_on_disk(&dir)
            > (workloads::SMOKE.synth.sources * workloads::SMOKE.text_bytes_per_source) as u64
    );

    // Opening shows the project first and ends with nothing left in the background.
    let mut app = workloads::app();
    let opened = workloads::open(&mut app, &dir);
    assert!(opened.first_frame <= opened.loaded);
    assert_eq!(app.state().project(), Some(&project));
    assert!(!app.state().is_busy());

    // Saving after an edit writes the edit.
    workloads::save_after_edit(&mut app, 7);
    assert!(!app.state().is_dirty());
    let saved = store::load(&dir).expect("loads");
    assert_eq!(saved.entities.values().next().map(|e| e.notes.as_str()), Some("Edited 7 times."));

    // The edits timed before a frame change the project, and each pair of them leaves it
    // as it was.
    for kind in workloads::FRAME_EDITS {
        let before = app.state().project().cloned();
        workloads::frame_after(&mut app, kind, 1);
        assert_ne!(app.state().project(), before.as_ref(), "{kind}");
        workloads::frame_after(&mut app, kind, 2);
        if kind != "entity notes" {
            assert_eq!(app.state().project(), before.as_ref(), "{kind}");
        }
    }

    // Every panel draws something.
    let centre = pos2(workloads::SCREEN[0] / 2.0, workloads::SCREEN[1] / 2.0);
    for pane in [Pane::Sources, Pane::Entities, Pane::Reader, Pane::Map, Pane::Timeline] {
        workloads::show(&mut app, pane);
        assert!(workloads::frame(&mut app, centre) > 0, "{pane:?} draws");
    }
    workloads::show(&mut app, Pane::Map);
    let before = workloads::frame(&mut app, centre);
    let canvas = workloads::zoom_map(&mut app);
    assert_ne!(workloads::frame(&mut app, canvas), before, "zooming in changes what the map draws");

    // Undo and redo give back the states before and after each kind of edit.
    for kind in workloads::EDITS {
        let mut copy = project.clone();
        let edit = workloads::single_edit(&copy, kind);
        assert!(workloads::undo_redo_round_trip(&mut copy, edit, 2), "{kind}");
    }

    // Finding mentions suggests the names that are not yet tagged; search finds words.
    assert!(workloads::find_all_mentions(&project) > 0);
    let index = SearchIndex::build(&project);
    for query in workloads::QUERIES {
        assert!(workloads::search(&index, query) > 0, "{query}");
    }
}
