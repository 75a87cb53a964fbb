//! Project-wide search over a generated 100 MB project of 1,000 sources (100 KB of prose
//! each): typical queries, and the index build. Figures in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::SearchIndex;
use dossier::model::{Project, Source, SourceId};

const SOURCES: usize = 1_000;
const BYTES_PER_SOURCE: usize = 100_000;

/// Everyday words, drawn most often.
const COMMON: [&str; 40] = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "that",
    "was",
    "for",
    "on",
    "with",
    "by",
    "as",
    "at",
    "from",
    "his",
    "it",
    "were",
    "forces",
    "government",
    "officials",
    "after",
    "had",
    "not",
    "have",
    "been",
    "which",
    "city",
    "army",
    "rebels",
    "president",
    "statement",
    "province",
    "reported",
    "according",
    "military",
    "negotiations",
    "negotiated",
    "week",
];

/// Names, some with accents and curly apostrophes, drawn less often.
const NAMES: [&str; 16] = [
    "Assad", "Moscow", "Damascus", "Latakia", "Kremlin", "Peskov", "Hay’at", "Tahrir", "al-Sham", "Idlib",
    "Aleppo", "Homs", "Qatar", "Türkiye", "Erdoğan", "Sharaa",
];

const SYLLABLES: [&str; 16] =
    ["ka", "ro", "mi", "sel", "dan", "vor", "li", "ta", "nu", "bar", "en", "zi", "ha", "mor", "qa", "tel"];

/// A made-up word for each `n`, so the vocabulary has a long tail like real prose.
fn rare_word(mut n: usize) -> String {
    let mut word = String::new();
    for _ in 0..3 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word
}

/// One source's text: sentences of common words, names and made-up words; one source in
/// twenty mentions "Khmeimím" (accented) and one in ten "the Central Bank of Syria".
fn source_text(index: usize, rng: &mut fastrand::Rng) -> String {
    let mut text = String::with_capacity(BYTES_PER_SOURCE + 200);
    while text.len() < BYTES_PER_SOURCE {
        let words = rng.usize(8..20);
        for position in 0..words {
            let word = match rng.u8(..100) {
                0..=59 => COMMON[rng.usize(..COMMON.len())].to_owned(),
                60..=69 => NAMES[rng.usize(..NAMES.len())].to_owned(),
                _ => rare_word(rng.usize(..4096)),
            };
            if position == 0 {
                let mut chars = word.chars();
                text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                text.push_str(chars.as_str());
            } else {
                text.push(' ');
                text.push_str(&word);
            }
        }
        text.push_str(if rng.u8(..8) == 0 { ".\n\n" } else { ". " });
    }
    if index % 20 == 7 {
        text.push_str("Russian aircraft left the Khmeimím air base. ");
    }
    if index % 10 == 3 {
        text.push_str("The Central Bank of Syria sent cash to Moscow. ");
    }
    text
}

/// The generated project: 1,000 sources of 100 KB, about 100 MB of text.
fn large_project() -> Project {
    let mut rng = fastrand::Rng::with_seed(3);
    let mut project = Project::new("Search benchmark");
    for index in 0..SOURCES {
        let id = SourceId(format!("source-{index:04}"));
        let mut source =
            Source::new(id.clone(), format!("Report {index} on Syria"), source_text(index, &mut rng));
        "Northern Wire".clone_into(&mut source.outlet);
        project.sources.insert(id, source);
    }
    project
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
