//! One frame of the Timeline panel with every event in view, run headless by
//! `egui_kittest`: 5,000 generated events over a year, most with one time and every
//! tenth with three conflicting ones quoted from different sources, in lanes by entity
//! and by source. The first frame (layout of the lanes, camera fit) is left out of the
//! timing. Figures in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::{Anchor, Event, EventId, EventTime, Evidence, PartOfDay, Project, civil_from_days};
use dossier::synth::{SynthParams, synth};
use dossier::ui::{Lanes, View, timeline_ui};
use egui::{Event as InputEvent, pos2};
use egui_kittest::Harness;

mod panel;
use panel::Panel;

/// The window the frame is drawn in (points).
const SCREEN: [f32; 2] = [1600.0, 1000.0];

/// A synthetic project with `count` events spread over 2024, each involving two entities
/// and quoting the first word of a source for each time.
fn project(count: usize) -> Project {
    let mut project = synth(&SynthParams { sources: 50, entities: 400, relations: 0, mentions: 0, seed: 11 });
    let entities: Vec<_> = project.entities.keys().cloned().collect();
    let sources: Vec<_> = project.sources.values().map(|s| (s.id.clone(), s.text.clone())).collect();
    let first_day = dossier::model::days_from_civil(2024, 1, 1);
    for i in 0..count {
        let day = first_day + i64::try_from(i * 7 % 366).unwrap_or(0);
        let (y, m, d) = civil_from_days(day);
        let mut event = Event::new(EventId(format!("event-{i:05}")), format!("Event {i}"));
        event.entities =
            vec![entities[i % entities.len()].clone(), entities[(i * 13 + 1) % entities.len()].clone()];
        let times = if i % 10 == 0 { 3 } else { 1 };
        for t in 0..times {
            let (source, text) = &sources[(i + t) % sources.len()];
            let end = text.find(' ').unwrap_or(text.len());
            let anchor = Anchor::from_span(text, 0, end).expect("a word");
            let when =
                if i % 3 == 0 { format!("{y:04}-{m:02}-{d:02}?") } else { format!("{y:04}-{m:02}-{d:02}") };
            event.times.push(EventTime {
                part: (times > 1).then_some(PartOfDay::ALL[t % 4]),
                evidence: vec![Evidence { source: source.clone(), anchor, credibility: None }],
                ..EventTime::new(when)
            });
        }
        project.events.insert(event.id.clone(), event);
    }
    project
}

fn harness(project: Project, lanes: Lanes) -> Harness<'static, Panel> {
    let mut view = View::default();
    view.timeline.lanes = lanes;
    panel::harness(SCREEN, project, view, |ui, project, revision, _, view, commands| {
        timeline_ui(ui, project, revision, &mut view.timeline, &view.selection, commands);
    })
}

fn timeline_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline_frame");
    group.sample_size(20);
    for (name, lanes) in [("by entity", Lanes::Entity), ("by source", Lanes::Source)] {
        let mut harness = harness(project(5_000), lanes);
        group.bench_function(format!("5,000 events, lanes {name}: frame"), |b| {
            b.iter(|| {
                harness.event(InputEvent::PointerMoved(pos2(SCREEN[0] / 2.0, SCREEN[1] / 2.0)));
                harness.step();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, timeline_frames);
criterion_main!(benches);
