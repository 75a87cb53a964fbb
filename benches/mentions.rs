//! The mention finder over a generated 100 MB corpus (1,000 sources of 100 KB) with
//! 10,000 names (5,000 entities, each with a name and an alias), and the import of a
//! 10,000-row entity list. Figures in BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::analysis::{find_suggestions, import_entity_list};
use dossier::model::{Entity, EntityId, EntityKind, IdGenerator, Project};
use dossier::progress::Progress;

mod common;
use common::{COMMON, SOURCES, capitalised, corpus, made_up_word};

const ENTITIES: usize = 5_000;

/// A capitalised made-up word of four syllables, different for each `n` below 65,536.
fn word(n: usize) -> String {
    capitalised(&made_up_word(n, 4))
}

/// Entity `i`: "Word al-Other" with the alias "Other".
fn names(i: usize) -> (String, String) {
    let family = word(i * 7 + 1);
    (format!("{} al-{family}", word(i * 13 + 5)), family)
}

/// The shared 100 MB corpus, its words drawn as: an entity's name or alias (3 %), one of
/// 65,536 made-up words (7 %, some of which are also names), a common word (90 %); with
/// the 5,000 entities.
fn project() -> Project {
    let word = |rng: &mut fastrand::Rng| match rng.u8(..100) {
        0..=2 => {
            let (name, alias) = names(rng.usize(..ENTITIES));
            if rng.bool() { name } else { alias }
        }
        3..=9 => word(rng.usize(..65_536)),
        _ => COMMON[rng.usize(..COMMON.len())].to_owned(),
    };
    let mut project = corpus("Mention benchmark", 11, word, |_| "");
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
    let project = project();
    let bytes: usize = project.sources.values().map(|s| s.text.len()).sum();
    let found = find_suggestions(&project, None, &Progress::new()).map_or(0, |s| s.len());
    eprintln!(
        "{} sources, {:.1} MB of text, {} entities, {found} suggestions",
        SOURCES,
        bytes as f64 / 1e6,
        ENTITIES
    );
    // Wall-clock figures on a shared machine depend on what else runs; the CPU time this
    // thread spends does much less. The least of five runs, as criterion gives no such
    // figure.
    let cpu = (0..5)
        .filter_map(|_| {
            let before = thread_cpu_seconds()?;
            black_box(find_suggestions(black_box(&project), None, &Progress::new())).ok()?;
            Some(thread_cpu_seconds()? - before)
        })
        .fold(f64::INFINITY, f64::min);
    if cpu.is_finite() {
        eprintln!("CPU time of one search (least of 5): {cpu:.3} s, {:.0} MB/s", bytes as f64 / 1e6 / cpu);
    }

    let mut group = c.benchmark_group("mention finder");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("100 MB, 10k names", |b| {
        b.iter(|| black_box(find_suggestions(black_box(&project), None, &Progress::new())));
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

/// Seconds this thread has spent on a CPU, from Linux's `/proc/thread-self/schedstat`
/// (nanoseconds, first field); `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

criterion_group!(benches, mentions);
criterion_main!(benches);
