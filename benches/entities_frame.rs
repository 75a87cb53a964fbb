//! One frame of the Entities panel listing 10,000 entities (counts of 50,000 mentions),
//! run headless by `egui_kittest`: sorted by name with no filter, and filtered by text.
//! Figures in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::synth::{SynthParams, synth};
use dossier::ui::{View, entities_ui};
use egui::{Event, pos2};
use egui_kittest::Harness;

mod panel;
use panel::Panel;

/// The panel's size (points): a tall side panel.
const SCREEN: [f32; 2] = [480.0, 1000.0];

fn harness(filter: &str) -> Harness<'static, Panel> {
    let project =
        synth(&SynthParams { sources: 200, entities: 10_000, relations: 100, mentions: 50_000, seed: 3 });
    let mut view = View::default();
    filter.clone_into(&mut view.entities.filter);
    panel::harness(SCREEN, project, view, |ui, project, revision, stats, view, commands| {
        entities_ui(ui, project, revision, stats, &mut view.entities, &view.selection, commands);
    })
}

fn entity_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("entities_frame");
    group.sample_size(20);
    for (name, filter) in [("10,000 entities, by name", ""), ("10,000 entities, filtered by \"ka\"", "ka")] {
        let mut harness = harness(filter);
        let project = &harness.state().project;
        let listed = project
            .entities
            .values()
            .filter(|e| std::iter::once(&e.name).chain(&e.aliases).any(|n| n.to_lowercase().contains(filter)))
            .count();
        eprintln!("{name}: {listed} entities listed");
        group.bench_function(name, |b| {
            b.iter(|| {
                // The pointer over the list, so hovering runs as it does for a user.
                harness.event(Event::PointerMoved(pos2(200.0, 500.0)));
                harness.step();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, entity_frames);
criterion_main!(benches);
