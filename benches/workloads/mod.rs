//! Issue 18's workloads ("the whole app stays instant on a 100 MB project"), shared by the
//! `scale` benchmark, which times them on the full-size project, and by
//! `tests/bench_smoke.rs`, which runs them once on a small project to check that they do
//! what they claim (never how long they take).
//!
//! Each workload drives the real app (`DossierApp` in an `egui_kittest` harness) or the
//! library call the app makes, and returns something the smoke test can check.

#![allow(dead_code)] // the benchmark and the smoke test each use a part

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::analysis::{SearchIndex, find_suggestions};
use dossier::edit::{Edit, History};
use dossier::model::{
    Anchor, EntityId, Event, EventId, EventTime, Evidence, Mention, MentionId, Project, days_from_civil,
};
use dossier::progress::Progress;
use dossier::synth::{SynthParams, synth_sized};
use dossier::ui::{Command, DossierApp, Pane};
use egui::Event as InputEvent;
use egui_kittest::Harness;

/// How large a project to generate.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// What `dossier synth` is asked for.
    pub synth: SynthParams,
    /// Bytes of text per source.
    pub text_bytes_per_source: usize,
    /// Events on the timeline.
    pub events: usize,
}

/// The project of issue 18: 1,000 sources of 100 KB (100 MB of text), 10,000 entities,
/// 100,000 mentions, 20,000 relations, a map with every entity and 5,000 events.
pub const ISSUE_18: Size = Size {
    synth: SynthParams { sources: 1_000, entities: 10_000, relations: 20_000, mentions: 100_000, seed: 18 },
    text_bytes_per_source: 100_000,
    events: 5_000,
};

/// A small project of the same shape, for the smoke test.
pub const SMOKE: Size = Size {
    synth: SynthParams { sources: 12, entities: 150, relations: 200, mentions: 600, seed: 18 },
    text_bytes_per_source: 4_000,
    events: 60,
};

/// The window the app is drawn in (points).
pub const SCREEN: [f32; 2] = [1600.0, 1000.0];

/// The generated project: `dossier synth` (with `--text-kb`) plus events that each
/// involve two entities and quote a source's first word, spread over 2024.
pub fn project(size: &Size) -> Project {
    let mut project = synth_sized(&size.synth, size.text_bytes_per_source);
    let entities: Vec<EntityId> = project.entities.keys().cloned().collect();
    let sources: Vec<_> = project.sources.values().map(|s| (s.id.clone(), s.text.clone())).collect();
    let first_day = days_from_civil(2024, 1, 1);
    for i in 0..size.events {
        let (source, text) = &sources[i % sources.len()];
        let end = text.find(' ').unwrap_or(text.len());
        let Ok(anchor) = Anchor::from_span(text, 0, end) else { continue };
        let day = first_day + i64::try_from(i * 7 % 366).unwrap_or(0);
        let mut event = Event::new(EventId(format!("event-{i:05}")), format!("Event {i}"));
        event.entities =
            vec![entities[i % entities.len()].clone(), entities[(i * 13 + 1) % entities.len()].clone()];
        let (year, month, date) = dossier::model::civil_from_days(day);
        event.times.push(EventTime {
            evidence: vec![Evidence { source: source.clone(), anchor, credibility: None }],
            ..EventTime::new(format!("{year:04}-{month:02}-{date:02}"))
        });
        project.events.insert(event.id.clone(), event);
    }
    project
}

/// Bytes of every file under `dir`.
pub fn size_on_disk(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => size_on_disk(&entry.path()),
            Ok(_) => entry.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

/// The app with nothing open, in a harness of [`SCREEN`] points.
pub fn app() -> Harness<'static, DossierApp> {
    Harness::builder()
        .with_size(SCREEN)
        .build_ui_state(|ui, app: &mut DossierApp| app.ui(ui), DossierApp::new())
}

/// How long opening a project took, as the app does it (loading on a worker thread,
/// indexing for search on another after the project is shown).
#[derive(Clone, Copy, Debug)]
pub struct Opened {
    /// From the Open command to the end of the first frame that shows the project.
    pub first_frame: Duration,
    /// From the Open command to the end of the first frame with no background work left.
    pub loaded: Duration,
    /// CPU time of the whole process (every thread) until the first frame: on a shared
    /// machine the steadier figure.
    pub first_frame_cpu: Duration,
    /// CPU time of the whole process until the end.
    pub loaded_cpu: Duration,
}

/// CPU time used so far by every thread of this process (user and system), from
/// `/proc/self/stat` in clock ticks of 10 ms; zero where that file does not exist.
pub fn process_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return Duration::ZERO };
    // The fields after the command name (which is in parentheses and may hold spaces).
    let Some(after) = stat.rsplit_once(')').map(|(_, after)| after) else { return Duration::ZERO };
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

/// Opens the project at `dir` in `harness` and steps frames until it is shown, then until
/// its background work is done.
pub fn open(harness: &mut Harness<'static, DossierApp>, dir: &Path) -> Opened {
    let start = Instant::now();
    let cpu_start = process_cpu();
    harness.state_mut().push(Command::Open(dir.to_owned()));
    let mut first_frame = None;
    loop {
        harness.step();
        if first_frame.is_none() && harness.state().project().is_some() {
            first_frame = Some((start.elapsed(), process_cpu().saturating_sub(cpu_start)));
        }
        if first_frame.is_some() && !harness.state().is_busy() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
        assert!(start.elapsed() < Duration::from_mins(5), "opening {} never ended", dir.display());
    }
    let (first_frame, first_frame_cpu) = first_frame.unwrap_or_default();
    Opened {
        first_frame,
        loaded: start.elapsed(),
        first_frame_cpu,
        loaded_cpu: process_cpu().saturating_sub(cpu_start),
    }
}

/// One frame of the app with the pointer at `pointer`, and its tessellation (the step a
/// renderer runs next); returns the number of vertices drawn.
pub fn frame(harness: &mut Harness<'static, DossierApp>, pointer: egui::Pos2) -> usize {
    harness.event(InputEvent::PointerMoved(pointer));
    harness.step();
    tessellated_vertices(harness)
}

/// Vertices of the last frame's shapes once tessellated.
pub fn tessellated_vertices(harness: &Harness<'static, DossierApp>) -> usize {
    let shapes = harness.output().shapes.clone();
    harness
        .ctx
        .tessellate(shapes, harness.ctx.pixels_per_point())
        .iter()
        .map(|clipped| match &clipped.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
}

/// Brings `pane` to the front and lets the app settle on it.
pub fn show(harness: &mut Harness<'static, DossierApp>, pane: Pane) {
    harness.state_mut().push(Command::ShowPanel(pane));
    for _ in 0..3 {
        harness.step();
    }
}

/// Zooms the map in nine steps of Ctrl+Plus (1.25× each, about 7.5×) about the centre
/// of its canvas, to where names show; returns that centre, for the pointer.
pub fn zoom_map(harness: &mut Harness<'static, DossierApp>) -> egui::Pos2 {
    use egui_kittest::kittest::Queryable;
    let centre = harness.get_by_label("Map canvas").rect().center();
    for _ in 0..9 {
        harness.event(InputEvent::PointerMoved(centre));
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
        harness.step();
    }
    harness.step();
    centre
}

/// An edit of one entity's notes, different for each `n`.
pub fn entity_edit(project: &Project, n: u64) -> Edit {
    let mut entity = project.entities.values().next().cloned().expect("an entity");
    entity.notes = format!("Edited {n} times.");
    Edit::put(entity)
}

/// Edits one entity's notes (the `n`-th edit) and returns how long the next frame took:
/// the first frame drawn from the edited project, where the panels bring what they keep
/// per revision up to date (counts, rows, the map's scene).
pub fn frame_after_edit(harness: &mut Harness<'static, DossierApp>, n: u64) -> Duration {
    frame_after(harness, "entity notes", n)
}

/// Makes the `n`-th edit of kind `kind` (one of [`FRAME_EDITS`]) and returns how long the
/// next frame took. Edits that add something take it away again every other time, so
/// the project stays the same size however many times this runs.
pub fn frame_after(harness: &mut Harness<'static, DossierApp>, kind: &str, n: u64) -> Duration {
    let project = harness.state().project().expect("a project");
    let edit = match kind {
        "add a mention" => {
            let id = MentionId("m-scale-bench".to_owned());
            if project.mentions.contains_key(&id) {
                Edit::Remove(dossier::model::ItemKey::Mention(id))
            } else {
                single_edit(project, kind)
            }
        }
        "move a map node" => {
            let mut map = project.maps.values().next().cloned().expect("a map");
            if let Some(node) = map.nodes.values_mut().next() {
                node.x += if n.is_multiple_of(2) { 10.0 } else { -10.0 };
            }
            Edit::put(map)
        }
        _ => entity_edit(project, n),
    };
    harness.state_mut().push(Command::edit(edit, "Edit"));
    // The edit is applied at the end of this frame.
    harness.step();
    let start = Instant::now();
    harness.step();
    start.elapsed()
}

/// The edits after which the first frame is timed, by [`frame_after`].
pub const FRAME_EDITS: [&str; 3] = ["entity notes", "add a mention", "move a map node"];

/// The UI thread's part of saving after one edit: the frame in which the save starts
/// (after the frame that follows the edit, timed by [`frame_after_edit`]). Returns that
/// frame's time; the write goes on in the background, and the function waits for it
/// (untimed) so the next call starts alike.
pub fn save_after_edit(harness: &mut Harness<'static, DossierApp>, n: u64) -> Duration {
    frame_after_edit(harness, n);
    let start = Instant::now();
    harness.state_mut().push(Command::Save);
    harness.step();
    let ui_thread = start.elapsed();
    wait_until_idle(harness);
    ui_thread
}

/// Steps frames until no background work is left.
pub fn wait_until_idle(harness: &mut Harness<'static, DossierApp>) {
    let start = Instant::now();
    while harness.state().is_busy() {
        std::thread::sleep(Duration::from_millis(1));
        harness.step();
        assert!(start.elapsed() < Duration::from_mins(5), "background work never ended");
    }
    harness.step();
}

/// The kinds of single edits whose undo and redo are timed.
pub const EDITS: [&str; 4] = ["entity notes", "add a mention", "move a map node", "delete an entity"];

/// The single edit called `kind` (one of [`EDITS`]) on `project`.
pub fn single_edit(project: &Project, kind: &str) -> Edit {
    match kind {
        "add a mention" => {
            let existing = project.mentions.values().next().expect("a mention");
            Edit::put(Mention { id: MentionId("m-scale-bench".to_owned()), ..existing.clone() })
        }
        "move a map node" => {
            let mut map = project.maps.values().next().cloned().expect("a map");
            if let Some(node) = map.nodes.values_mut().next() {
                node.x += 10.0;
            }
            Edit::put(map)
        }
        "delete an entity" => {
            let entity = project.entities.keys().nth(project.entities.len() / 2).expect("an entity");
            Edit::remove_entity_cascade(project, entity)
        }
        _ => entity_edit(project, 1),
    }
}

/// Applies `edit` through a history, then undoes and redoes it `rounds` times; returns
/// whether every undo gave the project before the edit back, and every redo the one after.
pub fn undo_redo_round_trip(project: &mut Project, edit: Edit, rounds: usize) -> bool {
    let before = project.clone();
    let mut history = History::new();
    history.apply(project, edit, "edit", None, 0.0).expect("the edit applies");
    let after = project.clone();
    let mut same = true;
    for _ in 0..rounds {
        history.undo(project).expect("undoes");
        same &= *project == before;
        history.redo(project).expect("redoes");
        same &= *project == after;
    }
    same
}

/// Finds mentions of every entity in every source; returns the number of suggestions.
pub fn find_all_mentions(project: &Project) -> usize {
    find_suggestions(project, None, &Progress::new()).expect("finds").len()
}

/// The project-wide queries timed against the search index.
pub const QUERIES: [&str; 4] = ["said", "\"officials said that\"", "government week", "negot"];

/// Runs `query` over `index`; returns the number of hits.
pub fn search(index: &SearchIndex, query: &str) -> usize {
    index.search(query, 200).total_hits
}
