//! The mention finder over a generated 100 MB corpus (1,000 sources of 100 KB) with
//! 10,000 names (5,000 entities, each with a name and an alias), and the import of a
//! 10,000-row entity list. Figures in BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::analysis::{find_suggestions, import_entity_list};
use dossier::model::{Entity, EntityId, EntityKind, IdGenerator, Project, Source, SourceId};

const SOURCES: usize = 1_000;
const BYTES_PER_SOURCE: usize = 100_000;
const ENTITIES: usize = 5_000;

const SYLLABLES: [&str; 16] =
    ["ka", "ro", "mi", "sel", "dan", "vor", "li", "ta", "nu", "bar", "en", "zi", "ha", "mor", "qa", "tel"];

const COMMON: [&str; 24] = [
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
    "forces",
    "government",
    "officials",
    "after",
    "city",
    "army",
    "rebels",
    "president",
    "statement",
    "province",
    "reported",
    "according",
];

/// A capitalised made-up word, different for each `n`.
fn word(mut n: usize) -> String {
    let mut out = String::new();
    for _ in 0..4 {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    let mut chars = out.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Entity `i`: "Word al-Other" with the alias "Other".
fn names(i: usize) -> (String, String) {
    let family = word(i * 7 + 1);
    (format!("{} al-{family}", word(i * 13 + 5)), family)
}

fn corpus() -> Project {
    let mut rng = fastrand::Rng::with_seed(11);
    let mut project = Project::new("Mention benchmark");
    for i in 0..ENTITIES {
        let (name, alias) = names(i);
        let id = EntityId(format!("e-{i:05}"));
        let entity = Entity {
            id: id.clone(),
            name,
            kind: EntityKind::Person,
            aliases: vec![alias],
            notes: String::new(),
            attributes: std::collections::BTreeMap::default(),
        };
        project.entities.insert(id, entity);
    }
    for s in 0..SOURCES {
        let mut text = String::with_capacity(BYTES_PER_SOURCE + 100);
        while text.len() < BYTES_PER_SOURCE {
            match rng.u8(..100) {
                0..=2 => {
                    let (name, alias) = names(rng.usize(..ENTITIES));
                    text.push_str(if rng.bool() { &name } else { &alias });
                }
                3..=9 => text.push_str(&word(rng.usize(..65_536))),
                _ => text.push_str(COMMON[rng.usize(..COMMON.len())]),
            }
            text.push_str(if rng.u8(..12) == 0 { ". " } else { " " });
        }
        let id = SourceId(format!("source-{s:04}"));
        project.sources.insert(id.clone(), Source::new(id, format!("Report {s}"), text));
    }
    project
}

fn entity_list(rows: usize) -> String {
    let mut csv = String::from("name,kind,aliases,notes\n");
    for i in 0..rows {
        let (name, alias) = names(i);
        let _ = writeln!(csv, "{name},Person,{alias};{alias} family,Row {i}");
    }
    csv
}

fn mentions(c: &mut Criterion) {
    let project = corpus();
    let bytes: usize = project.sources.values().map(|s| s.text.len()).sum();
    let found = find_suggestions(&project, None, &mut |_, _| true).map_or(0, |s| s.len());
    eprintln!(
        "{} sources, {:.1} MB of text, {} entities, {found} suggestions",
        SOURCES,
        bytes as f64 / 1e6,
        ENTITIES
    );

    let mut group = c.benchmark_group("mention finder");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("100 MB, 10k names", |b| {
        b.iter(|| black_box(find_suggestions(black_box(&project), None, &mut |_, _| true)));
    });
    group.finish();

    let csv = entity_list(10_000);
    let empty = Project::new("Import");
    let mut group = c.benchmark_group("entity list");
    group.sample_size(10);
    group.bench_function("import 10k rows", |b| {
        b.iter(|| black_box(import_entity_list(&empty, black_box(&csv), &mut IdGenerator::seeded(1))));
    });
    group.finish();
}

criterion_group!(benches, mentions);
criterion_main!(benches);
