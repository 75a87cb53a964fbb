//! The timeline: events on the sample, `events.ron` on disk, edits with undo, and the
//! `dossier timeline` and `dossier event` commands run as the real binary.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Output};

use common::SAMPLE;
use dossier::edit::{Edit, History};
use dossier::model::{Event, EventId, EventTime, ItemKey, PartOfDay, Project};
use dossier::store;

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

fn evacuation(project: &Project) -> &Event {
    project.events.values().find(|e| e.title.starts_with("Evacuation from Hmeimim")).expect("the evacuation")
}

#[test]
fn the_samples_evacuation_has_three_conflicting_times_from_different_sources() {
    let project = store::load(std::path::Path::new(SAMPLE)).expect("the sample loads");
    assert_eq!(project.events.len(), 7);
    let event = evacuation(&project);
    assert!(event.is_conflicting());
    let parts: Vec<Option<PartOfDay>> = event.times.iter().map(|t| t.part).collect();
    assert_eq!(parts, [Some(PartOfDay::Afternoon), Some(PartOfDay::Evening), Some(PartOfDay::Night)]);
    let sources: Vec<BTreeSet<&str>> = event
        .times
        .iter()
        .map(|t| t.sources().into_iter().map(dossier::model::SourceId::as_str).collect())
        .collect();
    for (i, a) in sources.iter().enumerate() {
        assert!(!a.is_empty());
        for b in &sources[i + 1..] {
            assert!(a.is_disjoint(b), "{a:?} and {b:?} share a source");
        }
    }
    assert_eq!(sources.iter().map(BTreeSet::len).sum::<usize>(), 4);
}

#[test]
fn a_project_with_events_saves_and_loads_byte_for_byte() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "copy");
    let project = store::load(&dir).expect("loads");
    let before = std::fs::read(dir.join(store::EVENTS_FILE)).expect("events.ron");
    std::fs::remove_file(dir.join(store::EVENTS_FILE)).expect("rm");
    store::save(&project, &dir).expect("saves");
    assert_eq!(std::fs::read(dir.join(store::EVENTS_FILE)).expect("written again"), before);
    assert_eq!(store::load(&dir).expect("loads again"), project);

    // A project without events has no events.ron, and a missing file is no event.
    let empty = tmp.path().join("empty");
    store::create(&empty, "Empty").expect("creates");
    assert!(!empty.join(store::EVENTS_FILE).exists());
    assert!(store::load(&empty).expect("loads").events.is_empty());
}

#[test]
fn a_bad_time_or_a_dangling_entity_is_reported_with_file_and_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "broken");
    let path = dir.join(store::EVENTS_FILE);
    let text = std::fs::read_to_string(&path).expect("events.ron");
    let text = text.replacen("when: \"2024-12-16\"", "when: \"16 December\"", 1).replacen(
        "\"latakia-6v42\"",
        "\"atlantis-0000\"",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let errors = store::load(&dir).expect_err("must fail").to_string();
    assert!(errors.contains("events.ron:"), "{errors}");
    assert!(errors.contains("refers to entity `atlantis-0000`"), "{errors}");
    assert!(errors.contains("\"16 December\" is not a date"), "{errors}");
}

#[test]
fn putting_and_removing_an_event_is_undone_in_one_step() {
    let mut project = store::load(std::path::Path::new(SAMPLE)).expect("loads");
    let original = project.clone();
    let mut history = History::new();
    let mut event = Event::new(EventId("new-event-0001".into()), "Something happened");
    event.entities.push(evacuation(&project).entities[0].clone());
    event.times.push(EventTime::new("2024-12-10?"));
    history.apply(&mut project, Edit::put(event.clone()), "Record event", None, 0.0).expect("applies");
    assert_eq!(project.events.get(&event.id), Some(&event));
    history.undo(&mut project).expect("undoes");
    assert_eq!(project, original);

    let id = evacuation(&project).id.clone();
    history
        .apply(&mut project, Edit::Remove(ItemKey::Event(id.clone())), "Remove", None, 10.0)
        .expect("removes");
    assert!(!project.events.contains_key(&id));
    history.undo(&mut project).expect("undoes");
    assert_eq!(project, original);

    // An unreadable time, or an entity that is not there, is refused.
    let mut bad = Event::new(EventId("bad-0001".into()), "Bad");
    bad.times.push(EventTime::new("2024-02-30"));
    assert!(history.apply(&mut project, Edit::put(bad), "Bad", None, 20.0).is_err());
    assert_eq!(project, original);
}

#[test]
fn timeline_json_lists_events_with_edtf_intervals_and_sources() {
    let output = dossier(&["timeline", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let events = value["events"].as_array().expect("events");
    assert_eq!(events.len(), 7);
    assert_eq!(events[0]["times"][0]["when"], "2024-12-07");
    let evacuation =
        events.iter().find(|e| e["title"] == "Evacuation from Hmeimim to Moscow").expect("evacuation");
    assert_eq!(evacuation["conflicting"], true);
    let night = &evacuation["times"][2];
    assert_eq!(night["when"], "2024-12-08");
    assert_eq!(night["part"], "night");
    assert_eq!(night["interval"]["earliest"], "2024-12-08T22:00");
    assert_eq!(night["interval"]["latest"], "2024-12-09T06:00");
    assert_eq!(night["sources"], serde_json::json!(["assad-facebook-statement-peskov-b6r4"]));
    assert_eq!(evacuation["interval"]["earliest"], "2024-12-08T12:00");
}

#[test]
fn event_adds_times_with_exact_quotes_and_refuses_bad_ones() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "events");
    let dir = dir.to_str().expect("utf-8 path");
    let q7 = "assad-first-message-erbil-q7k2";
    let added = dossier(&[
        "event",
        dir,
        "--title",
        "Offensive begins",
        "--entity",
        "HTS",
        "--time",
        "2024-11-27~",
        "--quote",
        &format!("{q7}=after an 11-day blitz offensive"),
    ]);
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    let id = String::from_utf8_lossy(&added.stdout).trim().to_owned();
    assert!(id.starts_with("offensive-begins-"), "{id}");
    let project = store::load(std::path::Path::new(dir)).expect("loads");
    let event = &project.events[&EventId(id)];
    assert_eq!(event.times[0].evidence[0].anchor.exact, "after an 11-day blitz offensive");

    let bad = dossier(&["event", dir, "--title", "X", "--time", "2024-12-32"]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("day 32 does not exist"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn gexf_export_makes_dated_relations_dynamic_edges() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("exit.gexf");
    let out_arg = out.to_str().expect("utf-8 path");
    let output = dossier(&["export", SAMPLE, "--map", "assads-exit-k14g", "--format", "gexf", "-o", out_arg]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let gexf = std::fs::read_to_string(&out).expect("written");
    assert!(gexf.contains(r#"mode="dynamic" timeformat="date""#), "{gexf}");
    // A day is that day; a month runs from its first to its last day.
    assert!(gexf.contains(r#"start="2024-12-08" end="2024-12-08""#), "{gexf}");
    assert!(gexf.contains(r#"start="2024-12-01" end="2024-12-31""#), "{gexf}");
}

#[test]
fn check_json_counts_the_events() {
    let output = dossier(&["check", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["events"], 7);
}

#[test]
fn dump_includes_the_events() {
    let output = dossier(&["dump", SAMPLE]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let events = value["events"].as_array().expect("events");
    assert_eq!(events.len(), 7);
    assert!(events.iter().all(|e| e["times"].as_array().is_some_and(|t| !t.is_empty())));
}

#[test]
fn events_merge_by_id_and_both_analysts_times_are_kept() {
    let base = store::load(std::path::Path::new(SAMPLE)).expect("loads");
    let id = evacuation(&base).id.clone();
    let events_text = |project: &Project| {
        let files = store::to_files(project).expect("serialises");
        files.into_iter().find(|(name, _)| *name == store::EVENTS_FILE).expect("events.ron").1
    };
    let mut ours = base.clone();
    ours.events.get_mut(&id).expect("there").times.push(EventTime::new("2024-12-09?"));
    let mut theirs = base.clone();
    theirs.events.get_mut(&id).expect("there").times.push(EventTime::new("2024-12-07/2024-12-08"));
    let merged = store::merge_texts(
        Some(store::FileKind::Events),
        &events_text(&base),
        &events_text(&ours),
        &events_text(&theirs),
    )
    .expect("merges");
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert!(merged.text.contains("2024-12-09?") && merged.text.contains("2024-12-07/2024-12-08"));
    // Without the file name the content says it is events.ron.
    let guessed = store::merge_texts(None, &events_text(&base), &events_text(&ours), &events_text(&base))
        .expect("merges");
    assert_eq!(guessed.kind, store::FileKind::Events);
}

#[test]
fn the_timeline_is_drawn_as_svg_and_png_with_every_event_and_its_conflicts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let svg_path = tmp.path().join("timeline.svg");
    let output = dossier(&["timeline", SAMPLE, "--picture", svg_path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let svg = std::fs::read_to_string(&svg_path).expect("written");
    let project = store::load(std::path::Path::new(SAMPLE)).expect("the sample loads");
    // One group per event and lane (entity), conflicting ones marked as such.
    let rows: usize = project.events.values().map(|e| e.entities.len().max(1)).sum();
    let conflicting: usize =
        project.events.values().filter(|e| e.is_conflicting()).map(|e| e.entities.len().max(1)).sum();
    assert_eq!(svg.matches("<g class=\"event").count(), rows);
    assert_eq!(svg.matches("<g class=\"event conflicting\"").count(), conflicting);
    assert!(conflicting > 0);
    for event in project.events.values() {
        let escaped = event.title.replace('\'', "&apos;");
        assert!(svg.contains(&format!("<title>{escaped}&#10;")), "{}", event.title);
    }
    // Which source gives which time of the evacuation is written under it.
    assert!(svg.contains("afternoon: Assad assures from"), "the sources of each time");
    let mut reader = quick_xml::Reader::from_str(&svg);
    while !matches!(reader.read_event().expect("well-formed SVG"), quick_xml::events::Event::Eof) {}

    // By source, as PNG.
    let png_path = tmp.path().join("timeline.png");
    let png = png_path.to_str().expect("utf-8");
    let output = dossier(&["timeline", SAMPLE, "--picture", png, "--lanes", "source", "--scale", "1"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let bytes = std::fs::read(&png_path).expect("written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

    // A name that is neither: a one-line error naming the file.
    let output = dossier(&["timeline", SAMPLE, "--picture", "out.pdf"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("out.pdf: the picture's name must end in .svg or .png"), "{stderr}");
}
