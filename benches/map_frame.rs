//! One frame of the Map panel with every node in view: a 10,000-node, 20,000-relation map
//! (labels too small to draw at that zoom) and a 300-node map with every name and label
//! drawn. The project comes from `synth`; the camera fits the map on the first frame,
//! which is left out of the timing. Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::Project;
use dossier::synth::{SynthParams, synth};
use dossier::ui::{Command, View, map_ui};
use egui::{Pos2, RawInput, Rect, vec2};

/// The window the frame is drawn in (points).
const SCREEN: [f32; 2] = [1600.0, 1000.0];

fn project(entities: usize, relations: usize) -> Project {
    synth(&SynthParams { sources: 200, entities, relations, mentions: 2 * relations, seed: 7 })
}

/// A context, view and input that draw `project`'s map, after one frame to fit the camera.
struct Bench {
    ctx: egui::Context,
    view: View,
    project: Project,
    commands: Vec<Command>,
    frame: u64,
}

impl Bench {
    fn new(project: Project) -> Self {
        let mut bench = Self {
            ctx: egui::Context::default(),
            view: View::default(),
            project,
            commands: Vec::new(),
            frame: 0,
        };
        let _ = bench.frame();
        bench
    }

    fn input(&self) -> RawInput {
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]));
        RawInput {
            screen_rect: Some(screen),
            time: Some(self.frame as f64 / 60.0),
            // The pointer rests over the canvas, so hover hit testing runs every frame.
            events: vec![egui::Event::PointerMoved(screen.center())],
            ..RawInput::default()
        }
    }

    /// Runs one frame and returns what egui produced.
    fn frame(&mut self) -> egui::FullOutput {
        self.frame += 1;
        let input = self.input();
        let (project, view, commands) = (&self.project, &mut self.view, &mut self.commands);
        let output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| map_ui(ui, project, 1, view, commands));
        });
        commands.clear();
        output
    }
}

fn map_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("map_frame");
    group.sample_size(20);
    for (name, entities, relations) in [
        ("10,000 nodes, 20,000 relations", 10_000, 20_000),
        ("300 nodes, 600 relations, all labels", 300, 600),
    ] {
        let mut bench = Bench::new(project(entities, relations));
        group.bench_function(format!("{name}: frame (layout and paint lists)"), |b| {
            b.iter(|| black_box(bench.frame().shapes.len()));
        });
        group.bench_function(format!("{name}: frame and tessellation"), |b| {
            b.iter(|| {
                let output = bench.frame();
                black_box(bench.ctx.tessellate(output.shapes, output.pixels_per_point).len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, map_frames);
criterion_main!(benches);
