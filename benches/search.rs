//! Project-wide search over a generated 100 MB project of 1,000 sources (100 KB of prose
//! each): typical queries, and the index build. Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::SearchIndex;
use dossier::model::Project;

mod common;
use common::{COMMON, corpus, made_up_word};

/// Names, some with accents and curly apostrophes, drawn less often.
const NAMES: [&str; 16] = [
    "Assad", "Moscow", "Damascus", "Latakia", "Kremlin", "Peskov", "Hay’at", "Tahrir", "al-Sham", "Idlib",
    "Aleppo", "Homs", "Qatar", "Türkiye", "Erdoğan", "Sharaa",
];

/// The generated project: 1,000 sources of 100 KB, about 100 MB of text. Words are
/// common words (60 %), names (10 %) and 4,096 made-up words (30 %); one source in twenty
/// mentions "Khmeimím" (accented) and one in ten "the Central Bank of Syria".
fn large_project() -> Project {
    let word = |rng: &mut fastrand::Rng| match rng.u8(..100) {
        0..=59 => COMMON[rng.usize(..COMMON.len())].to_owned(),
        60..=69 => NAMES[rng.usize(..NAMES.len())].to_owned(),
        _ => made_up_word(rng.usize(..4096), 3),
    };
    let ending = |index: usize| match (index % 20 == 7, index % 10 == 3) {
        (true, _) => "Russian aircraft left the Khmeimím air base. ",
        (_, true) => "The Central Bank of Syria sent cash to Moscow. ",
        _ => "",
    };
    corpus("Search benchmark", 3, word, ending)
}

fn search(c: &mut Criterion) {
    let project = large_project();
    let text_bytes: usize = project.sources.values().map(|s| s.text.len()).sum();
    let index = SearchIndex::build(&project);
    eprintln!(
        "{} sources, {:.1} MB of text; index {:.1} MB on the heap",
        project.sources.len(),
        text_bytes as f64 / 1e6,
        index.heap_bytes() as f64 / 1e6
    );

    let mut group = c.benchmark_group("search 100 MB, 1k sources");
    group.sample_size(20);
    for (name, query) in [
        ("common word \"said\"", "said"),
        ("rare word \"khmeimim\"", "khmeimim"),
        ("phrase \"central bank of syria\"", "\"central bank of syria\""),
        ("two words \"assad moscow\"", "assad moscow"),
        ("prefix \"negot\"", "negot"),
        ("no match \"zzyzx\"", "zzyzx"),
    ] {
        group.bench_function(name, |b| b.iter(|| black_box(index.search(black_box(query), 200))));
    }
    group.finish();

    let mut group = c.benchmark_group("search index");
    group.sample_size(10);
    group.bench_function("build 100 MB, 1k sources", |b| b.iter(|| black_box(SearchIndex::build(&project))));
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
