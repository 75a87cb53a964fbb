//! The Search panel: project-wide search over every source's text and metadata,
//! case- and accent-insensitive, with "quoted phrases"; a click opens the hit.

use egui::text::{LayoutJob, TextFormat};

use super::command::{Command, Selection};
use super::theme;
use crate::analysis::{Field, SearchIndex, SearchResults};
use crate::model::Project;

/// Most hits listed for one query.
const MAX_HITS: usize = 2_000;

/// The Search panel's view state.
#[derive(Default)]
pub struct SearchState {
    /// What the user typed.
    pub query: String,
    /// The results of `searched`, against `searched_generation` of the index.
    pub results: SearchResults,
    searched: Option<(String, u64)>,
    /// Set to move the keyboard focus to the search field.
    pub focus: bool,
}

/// Draws the search field and the hits. `index` is `None` while it is being built.
pub fn search_ui(
    ui: &mut egui::Ui,
    project: &Project,
    index: Option<(&SearchIndex, u64)>,
    state: &mut SearchState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Search all sources");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text("words, \"a phrase\", or the start of a word")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if state.focus {
            field.request_focus();
            state.focus = false;
        }
    });
    let Some((index, generation)) = index else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Indexing the sources…");
        });
        return;
    };
    let key = (state.query.clone(), generation);
    if state.searched.as_ref() != Some(&key) {
        state.results = index.search(&state.query, MAX_HITS);
        state.searched = Some(key);
    }
    if state.query.trim().is_empty() {
        ui.label(
            egui::RichText::new(
                "Type to search every source's text, title, outlet, author and notes. Case and accents do not matter; put a phrase in quotes.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }
    let results = &state.results;
    let summary = match (results.total_hits, results.sources_matched) {
        (0, _) => "No hits".to_owned(),
        (hits, sources) => format!(
            "{hits} {} in {sources} {}{}",
            if hits == 1 { "hit" } else { "hits" },
            if sources == 1 { "source" } else { "sources" },
            if results.hits.len() < hits {
                format!(" (first {} shown)", results.hits.len())
            } else {
                String::new()
            }
        ),
    };
    ui.label(summary);
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
    let mut open = None;
    egui::ScrollArea::vertical().id_salt("search_hits").auto_shrink([false, false]).show_rows(
        ui,
        row_height,
        results.hits.len(),
        |ui, range| {
            for hit in &results.hits[range] {
                let title =
                    project.sources.get(&hit.source).map_or(hit.source.as_str(), |s| s.title.as_str());
                let mut job = LayoutJob::default();
                let strong = TextFormat {
                    font_id: egui::TextStyle::Body.resolve(ui.style()),
                    color: ui.visuals().strong_text_color(),
                    ..Default::default()
                };
                let plain = TextFormat { color: ui.visuals().text_color(), ..strong.clone() };
                let place =
                    if hit.field == Field::Text { String::new() } else { format!(" ({})", hit.field.name()) };
                job.append(&format!("{title}{place}\n"), 0.0, strong);
                let m = hit.context_match.clone();
                job.append(&hit.context[..m.start], 0.0, plain.clone());
                job.append(
                    &hit.context[m.clone()],
                    0.0,
                    TextFormat { background: theme::find_highlight(ui.visuals()), ..plain.clone() },
                );
                job.append(&hit.context[m.end..], 0.0, plain);
                job.wrap = egui::text::TextWrapping::truncate_at_width(ui.available_width());
                let response = ui.add(
                    egui::Button::new(job)
                        .frame(false)
                        .min_size(egui::vec2(ui.available_width(), row_height - 4.0)),
                );
                if response.clicked() {
                    open = Some(hit.clone());
                }
            }
        },
    );
    if let Some(hit) = open {
        if hit.field == Field::Text {
            commands.push(Command::ShowInReader { source: hit.source.clone(), range: hit.range.clone() });
        }
        commands.push(Command::Select(Selection::Source(hit.source)));
    }
}
