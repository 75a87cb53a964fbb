//! One frame of the Entities panel listing 10,000 entities (counts of 50,000 mentions),
//! run headless by `egui_kittest`: sorted by name with no filter, and filtered by text.
//! Figures in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::Project;
use dossier::synth::{SynthParams, synth};
use dossier::ui::{Command, View, entities_ui};
use egui::{Event, pos2};
use egui_kittest::Harness;

/// The panel's size (points): a tall side panel.
const SCREEN: [f32; 2] = [480.0, 1000.0];

/// What the panel reads and writes between frames.
struct Panel {
    project: Project,
    view: View,
    commands: Vec<Command>,
}

fn harness(filter: &str) -> Harness<'static, Panel> {
    let project =
        synth(&SynthParams { sources: 200, entities: 10_000, relations: 100, mentions: 50_000, seed: 3 });
    let mut view = View::default();
    filter.clone_into(&mut view.entities.filter);
    let panel = Panel { project, view, commands: Vec::new() };
    let mut harness = Harness::builder().with_size(SCREEN).build_ui_state(
        |ui, panel: &mut Panel| {
            egui::CentralPanel::default()
                .show(ui, |ui| entities_ui(ui, &panel.project, 1, &mut panel.view, &mut panel.commands));
            panel.commands.clear();
        },
        panel,
    );
    harness.step();
    harness
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
