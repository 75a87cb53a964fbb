//! `dossier tag` end to end without the process: load the project from disk and find its
//! suggestions, on the project of issue 13 (`dossier synth --sources 2000 --entities 10000
//! --relations 1000 --seed 3`, 6 MB of text, acronyms shared by many organisations), and
//! each half alone. Figures in BENCHMARKS.md, beside the timing of the real binary.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::{Suggestion, find_suggestions};
use dossier::progress::Progress;
use dossier::store;
use dossier::synth::{SynthParams, synth};

/// As `dossier synth` makes it with those flags (50 mentions per source by default).
const PARAMS: SynthParams =
    SynthParams { sources: 2_000, entities: 10_000, relations: 1_000, mentions: 100_000, seed: 3 };

/// The files `dossier tag` reads (`src/cli/tag.rs`).
const TAG_FILES: [&str; 4] =
    [store::SOURCES_FILE, store::ENTITIES_FILE, store::MENTIONS_FILE, store::REJECTIONS_FILE];

fn tag(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("issue-13");
    store::save(&synth(&PARAMS), &dir).expect("save");
    let project = store::load(&dir).expect("loads");
    let found = find_suggestions(&project, None, &Progress::new()).expect("runs");
    let pairs: usize = found.items().iter().map(Suggestion::candidate_count).sum();
    eprintln!(
        "{} suggestions, {} ambiguous, {pairs} (place, entity) pairs",
        found.len(),
        found.ambiguous_count()
    );

    let mut group = c.benchmark_group("tag");
    group.sample_size(10);
    group.bench_function("load + find, 2k sources, 10k entities", |b| {
        b.iter(|| {
            let project = store::load_parts(black_box(&dir), &TAG_FILES).expect("loads");
            black_box(find_suggestions(&project, None, &Progress::new()).expect("runs").len())
        });
    });
    group.bench_function("load only (what tag reads)", |b| {
        b.iter(|| black_box(store::load_parts(black_box(&dir), &TAG_FILES).expect("loads")));
    });
    group.bench_function("load the whole project", |b| {
        b.iter(|| black_box(store::load(black_box(&dir)).expect("loads")));
    });
    group.bench_function("find only", |b| {
        b.iter(|| black_box(find_suggestions(black_box(&project), None, &Progress::new()).expect("runs")));
    });
    group.finish();
}

criterion_group!(benches, tag);
criterion_main!(benches);
