//! Load and save of a large generated project (`dossier synth` with 1,000 sources,
//! 5,000 entities, 50,000 mentions and 10,000 relations). Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::store;
use dossier::synth::{SynthParams, synth};

const PARAMS: SynthParams =
    SynthParams { sources: 1_000, entities: 5_000, relations: 10_000, mentions: 50_000, seed: 1 };

fn load_and_save(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("large");
    let project = synth(&PARAMS);
    store::save(&project, &dir).expect("initial save");

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("load 1k sources, 5k entities, 50k mentions, 10k relations", |b| {
        b.iter(|| black_box(store::load(&dir).expect("loads")));
    });

    // A realistic save: one mention's anchor and the title changed, so mentions.ron and
    // project.ron are rewritten, and every file is serialised and compared.
    let mention = project.mentions.keys().next().cloned().expect("a mention");
    let mut variants = [project.clone(), project.clone()];
    variants[1].meta.title.push_str(" (edited)");
    if let Some(m) = variants[1].mentions.get_mut(&mention) {
        m.anchor.prefix.clear();
    }
    let mut flip = 0;
    group.bench_function("save after an edit (mentions.ron + project.ron rewritten)", |b| {
        b.iter(|| {
            flip = 1 - flip;
            black_box(store::save(&variants[flip], &dir).expect("saves"))
        });
    });
    group.bench_function("serialise all RON files (no disk)", |b| {
        b.iter(|| black_box(store::to_files(&project).expect("serialises")));
    });
    group.finish();
}

criterion_group!(benches, load_and_save);
criterion_main!(benches);
