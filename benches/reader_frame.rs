//! One frame of the whole app with a 10 MB source open in the Reader, headless
//! (`egui_kittest`, no rendering): at rest, and while scrolling a screen at a time so that
//! new paragraphs are laid out. Figures in BENCHMARKS.md.

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::model::{Anchor, EntityId, EntityKind, Mention, MentionId, Project, Source, SourceId};
use dossier::ui::{Command, DossierApp, Selection};
use egui_kittest::Harness;

const TEXT_BYTES: usize = 10_000_000;
const WORDS: [&str; 16] = [
    "the",
    "convoy",
    "left",
    "Damascus",
    "before",
    "dawn",
    "and",
    "officials",
    "said",
    "Moscow",
    "would",
    "not",
    "comment",
    "on",
    "the",
    "base",
];

/// Paragraphs of 40 to 120 words, with a mention of "Damascus" or "Moscow" wherever they occur.
fn project() -> Project {
    let mut rng = fastrand::Rng::with_seed(10);
    let mut text = String::with_capacity(TEXT_BYTES + 1_000);
    while text.len() < TEXT_BYTES {
        for i in 0..rng.usize(40..120) {
            if i > 0 {
                text.push(' ');
            }
            let _ = write!(text, "{}", WORDS[rng.usize(..WORDS.len())]);
        }
        text.push_str(".\n\n");
    }
    let source_id = SourceId::from("big-source-a1a1");
    let mut project = Project::default();
    let entity = EntityId::from("damascus-b2b2");
    project
        .entities
        .insert(entity.clone(), dossier::model::Entity::new(entity.clone(), "Damascus", EntityKind::Place));
    for (n, (at, _)) in text.match_indices("Damascus").enumerate().step_by(4) {
        let anchor = Anchor::from_span(&text, at, at + 8).expect("anchor");
        let id = MentionId(format!("m-{n}"));
        let mention = Mention { id: id.clone(), entity: entity.clone(), source: source_id.clone(), anchor };
        project.mentions.insert(id, mention);
    }
    project.sources.insert(source_id.clone(), Source::new(source_id, "Ten megabytes of prose", text));
    project
}

fn reader_frame(c: &mut Criterion) {
    let project = project();
    let source = project.sources.keys().next().cloned().expect("one source");
    let mut app = DossierApp::with_project(std::env::temp_dir().join("dossier-bench-reader"), project);
    app.push(Command::Select(Selection::Source(source)));
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.ui(ui), app);
    for _ in 0..10 {
        harness.step();
    }
    let mut group = c.benchmark_group("reader_frame_10mb");
    group.bench_function("at rest", |b| b.iter(|| harness.step()));
    let over_reader = egui::pos2(700.0, 450.0);
    group.bench_function("scrolling a screen per frame", |b| {
        b.iter(|| {
            harness.hover_at(over_reader);
            harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -700.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            });
            harness.step();
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = reader_frame
}
criterion_main!(benches);
