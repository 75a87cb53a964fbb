//! Force layout of generated maps (`dossier synth`): 10,000 nodes with 20,000 relations
//! (Barnes–Hut) and 300 nodes with 600 relations (exact), each run until stable from the
//! synthetic grid (checked once before timing). Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::layout::{self, Algorithm, LayoutGraph, LayoutOptions};
use dossier::progress::Progress;
use dossier::synth::{SynthParams, synth};

/// The "All entities" map of a generated project with these many entities and relations.
fn graph(entities: usize, relations: usize) -> LayoutGraph {
    let params = SynthParams { sources: 100, entities, relations, mentions: 1_000, seed: 1 };
    let project = synth(&params);
    let map = project.maps.values().next().expect("synth makes a map");
    LayoutGraph::from_map(&project, map)
}

fn force(c: &mut Criterion) {
    let progress = Progress::new();
    let options = LayoutOptions { algorithm: Algorithm::Force, seed: 1 };
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for (nodes, edges) in [(300, 600), (10_000, 20_000)] {
        let graph = graph(nodes, edges);
        assert_eq!((graph.ids.len(), graph.edges.len()), (nodes, edges));
        // The figures are for a layout that ends by its stop test, not at the iteration cap.
        let outcome = layout::run_measured(&graph, &options, &progress).expect("not cancelled");
        assert!(outcome.stable, "{nodes} nodes: stopped at the cap after {} iterations", outcome.iterations);
        group.bench_function(format!("force, {nodes} nodes, {edges} relations, to stable"), |b| {
            b.iter(|| black_box(layout::run(&graph, &options, &progress)));
        });
    }
    group.finish();
}

criterion_group!(benches, force);
criterion_main!(benches);
