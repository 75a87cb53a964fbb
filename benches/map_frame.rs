//! One frame of the Map panel with every node in view, run headless by `egui_kittest`: a
//! 10,000-node, 20,000-relation map (labels too small to draw at that zoom) and a 300-node
//! map with every name and label drawn, each still and while the camera zooms a little on
//! every frame. The project comes from `synth`; the camera fits the map on the first
//! frame, which is left out of the timing. Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dossier::model::Project;
use dossier::synth::{SynthParams, synth};
use dossier::ui::{View, map_ui};
use egui::{Event, pos2};
use egui_kittest::Harness;

mod panel;
use panel::Panel;

/// The window the frame is drawn in (points).
const SCREEN: [f32; 2] = [1600.0, 1000.0];

fn project(entities: usize, relations: usize) -> Project {
    synth(&SynthParams { sources: 200, entities, relations, mentions: 2 * relations, seed: 7 })
}

/// A harness that draws `project`'s map, after one frame to fit the camera.
fn harness(project: Project) -> Harness<'static, Panel> {
    panel::harness(SCREEN, project, View::default(), |ui, project, revision, stats, view, commands| {
        map_ui(ui, project, revision, stats, &mut view.map, &view.selection, commands);
    })
}

/// One frame, with the pointer resting over the canvas so that hover hit testing runs.
fn frame(harness: &mut Harness<'static, Panel>) {
    harness.event(Event::PointerMoved(pos2(SCREEN[0] / 2.0, SCREEN[1] / 2.0)));
    harness.step();
}

fn map_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("map_frame");
    group.sample_size(20);
    for (name, entities, relations) in [
        ("10,000 nodes, 20,000 relations", 10_000, 20_000),
        ("300 nodes, 600 relations, all labels", 300, 600),
    ] {
        let mut harness = harness(project(entities, relations));
        group.bench_function(format!("{name}: frame (layout and paint lists)"), |b| {
            b.iter(|| frame(&mut harness));
        });
        // The camera changes on every frame (zoomed in and out by 0.2 % in turn), so
        // nothing drawn can be kept from the frame before: names and labels are placed
        // again each time.
        let mut zoom_in = false;
        group.bench_function(format!("{name}: frame while zooming"), |b| {
            b.iter(|| {
                zoom_in = !zoom_in;
                harness.event(Event::Zoom(if zoom_in { 1.002 } else { 1.0 / 1.002 }));
                frame(&mut harness);
            });
        });
        // Tessellation (shapes to triangles) is the step a renderer runs next; the
        // shapes of one frame are copied outside the timing.
        frame(&mut harness);
        let shapes = harness.output().shapes.clone();
        let pixels_per_point = harness.ctx.pixels_per_point();
        let vertices: usize = harness
            .ctx
            .tessellate(shapes.clone(), pixels_per_point)
            .iter()
            .map(|clipped| match &clipped.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        eprintln!("{name}: {} shapes, {vertices} vertices", shapes.len());
        group.bench_function(format!("{name}: tessellation"), |b| {
            b.iter_batched(
                || shapes.clone(),
                |shapes| black_box(harness.ctx.tessellate(shapes, pixels_per_point).len()),
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, map_frames);
criterion_main!(benches);
