//! Issue 18: the whole app on a 100 MB project (1,000 sources of 100 KB, 10,000 entities,
//! 100,000 mentions, 20,000 relations, a 10,000-node map, 5,000 events). Opening it, saving
//! after an edit, a frame of each panel (with tessellation), undo and redo, finding
//! mentions and searching. The workloads are in `workloads/mod.rs`, which
//! `tests/bench_smoke.rs` also runs on a small project. Figures in BENCHMARKS.md.
//!
//! `SCALE_BENCH_DIR=/path` keeps the generated project there (made if missing) instead of
//! in a temporary folder, so that runs of single groups need not generate it again.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::SearchIndex;
use dossier::store;
use dossier::ui::Pane;
use egui::pos2;

mod workloads;

fn project_dir() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    let (tmp, dir) = if let Some(dir) = std::env::var_os("SCALE_BENCH_DIR") {
        (None, std::path::PathBuf::from(dir))
    } else {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("issue-18");
        (Some(tmp), dir)
    };
    if !dir.join(store::PROJECT_FILE).is_file() {
        let project = workloads::project(&workloads::ISSUE_18);
        store::save(&project, &dir).expect("saves");
    }
    // An earlier run's autosave (its edits leave the project unsaved for more than the 30
    // seconds between autosaves) would be offered back on opening, over every panel.
    let _ = std::fs::remove_dir_all(dir.join(".dossier"));
    eprintln!("project: {} ({} bytes on disk)", dir.display(), workloads::size_on_disk(&dir));
    (tmp, dir)
}

fn scale_benches(c: &mut Criterion) {
    let (_tmp, dir) = project_dir();

    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.bench_function("open: first frame with the project shown", |b| {
        b.iter_custom(|iters| {
            (0..iters).map(|_| workloads::open(&mut workloads::app(), &dir).first_frame).sum()
        });
    });
    group.bench_function("open: loaded and indexed", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| workloads::open(&mut workloads::app(), &dir).loaded).sum());
    });

    let mut app = workloads::app();
    workloads::open(&mut app, &dir);
    let mut n = 0;
    group.bench_function("save after one edit: UI thread", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    n += 1;
                    workloads::save_after_edit(&mut app, n)
                })
                .sum()
        });
    });
    for (panes, pane) in [("the first layout", None), ("the Map in front", Some(Pane::Map))] {
        if let Some(pane) = pane {
            workloads::show(&mut app, pane);
        }
        for kind in workloads::FRAME_EDITS {
            group.bench_function(format!("first frame after an edit ({kind}), {panes}"), |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| {
                            n += 1;
                            workloads::frame_after(&mut app, kind, n)
                        })
                        .sum()
                });
            });
        }
    }
    workloads::wait_until_idle(&mut app);
    let project = app.state().project().cloned().expect("open");
    let mut edited = project.clone();
    let mut flip = 0;
    group.bench_function("save after one edit: the write (background)", |b| {
        b.iter(|| {
            flip += 1;
            dossier::edit::apply(&mut edited, &workloads::entity_edit(&project, flip)).expect("applies");
            black_box(store::save(&edited, &dir).expect("saves"))
        });
    });
    group.finish();

    let mut group = c.benchmark_group("scale frame");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    let centre = pos2(workloads::SCREEN[0] / 2.0, workloads::SCREEN[1] / 2.0);
    for (name, pane) in [
        ("Sources", Pane::Sources),
        ("Entities", Pane::Entities),
        ("Reader", Pane::Reader),
        ("Map, fit all", Pane::Map),
        ("Timeline", Pane::Timeline),
    ] {
        workloads::show(&mut app, pane);
        eprintln!("{name}: {} vertices", workloads::frame(&mut app, centre));
        group.bench_function(format!("{name}: frame and tessellation"), |b| {
            b.iter(|| black_box(workloads::frame(&mut app, centre)));
        });
    }
    workloads::show(&mut app, Pane::Map);
    let canvas = workloads::zoom_map(&mut app);
    eprintln!("Map, zoomed in: {} vertices", workloads::frame(&mut app, canvas));
    group.bench_function("Map, zoomed in: frame and tessellation", |b| {
        b.iter(|| black_box(workloads::frame(&mut app, canvas)));
    });
    group.finish();

    let mut group = c.benchmark_group("scale edit");
    for kind in workloads::EDITS {
        let mut project = project.clone();
        let edit = workloads::single_edit(&project, kind);
        let mut history = dossier::edit::History::new();
        history.apply(&mut project, edit, kind, None, 0.0).expect("applies");
        group.bench_function(format!("undo and redo: {kind}"), |b| {
            b.iter(|| {
                history.undo(&mut project).expect("undoes");
                history.redo(&mut project).expect("redoes");
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scale analysis");
    group.sample_size(10);
    group.bench_function("find mentions of all 10,000 entities in 100 MB", |b| {
        b.iter(|| black_box(workloads::find_all_mentions(&project)));
    });
    let index = SearchIndex::build(&project);
    for query in workloads::QUERIES {
        eprintln!("{query}: {} hits", workloads::search(&index, query));
        group.bench_function(format!("search {query}"), |b| {
            b.iter(|| black_box(workloads::search(&index, query)));
        });
    }
    group.finish();
}

criterion_group!(benches, scale_benches);
criterion_main!(benches);
