//! The Sources panel: a sortable, filterable table of every source, with several
//! selectable at once and deleted together.

use std::collections::BTreeSet;

use egui_extras::{Column, TableBuilder};

use super::command::{Command, Selection};
use super::theme;
use crate::analysis::MentionStats;
use crate::model::{Project, Source, SourceId, date_sort_key};

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortColumn {
    /// Title, alphabetically.
    Title,
    /// Outlet, alphabetically.
    Outlet,
    /// Publication date, partial dates before full ones.
    #[default]
    Date,
    /// Reliability grade, then credibility.
    Grade,
    /// Language tag.
    Language,
    /// Number of mentions.
    Mentions,
}

/// The Sources panel's view state.
#[derive(Default)]
pub struct SourcesState {
    /// Text filter.
    pub filter: String,
    /// Sort column and direction.
    pub sort: SortColumn,
    /// Whether the sort is descending.
    pub descending: bool,
    /// The sources selected in the table (the Inspector shows the primary one).
    pub selected: BTreeSet<SourceId>,
    /// Where a Shift+click range starts.
    anchor: Option<SourceId>,
}

/// The grade of a source as shown in the table: "B2", "C", "–".
fn grade(source: &Source) -> String {
    match (source.reliability, source.credibility) {
        (Some(r), Some(c)) => format!("{}{}", r.letter(), c.number()),
        (Some(r), None) => r.letter().to_string(),
        (None, Some(c)) => format!("–{}", c.number()),
        (None, None) => String::new(),
    }
}

/// The rows to show: filtered by `filter` (any of title, outlet, author, date, notes,
/// case-insensitive) and sorted.
pub fn rows<'a>(project: &'a Project, state: &SourcesState, counts: &MentionStats) -> Vec<&'a Source> {
    let needle = state.filter.to_lowercase();
    let mut rows: Vec<&Source> =
        project.sources.values().filter(|s| needle.is_empty() || matches_filter(s, &needle)).collect();
    let count = |s: &Source| counts.source(&s.id);
    match state.sort {
        SortColumn::Title => rows.sort_by_cached_key(|s| s.title.to_lowercase()),
        SortColumn::Outlet => rows.sort_by_cached_key(|s| s.outlet.to_lowercase()),
        SortColumn::Date => rows.sort_by_cached_key(|s| date_sort_key(&s.published)),
        SortColumn::Grade => rows.sort_by_key(|s| (s.reliability.is_none(), s.reliability, s.credibility)),
        SortColumn::Language => rows.sort_by(|a, b| a.language.cmp(&b.language)),
        SortColumn::Mentions => rows.sort_by_key(|s| count(s)),
    }
    if state.descending {
        rows.reverse();
    }
    rows
}

/// Draws the table; clicking a row selects it (Ctrl adds, Shift extends) and shows it in
/// the Reader; Delete asks to delete the selected sources.
/// `counts` has the mention counts.
pub fn sources_ui(
    ui: &mut egui::Ui,
    project: &Project,
    counts: &MentionStats,
    state: &mut SourcesState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("🔍");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("Filter sources")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    if project.sources.is_empty() {
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(
                "No sources yet. Import documents with File ▸ Import sources…, or drop files on the window.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }
    // Forget selected sources that no longer exist (deleted, or undone imports).
    state.selected.retain(|id| project.sources.contains_key(id));
    if let Selection::Source(id) = selection
        && state.selected.is_empty()
    {
        state.selected.insert(id.clone());
    }
    let rows = rows(project, state, counts);
    let current = match selection {
        Selection::Source(id) => Some(id),
        _ => None,
    };
    let ids: Vec<SourceId> = rows.iter().map(|s| s.id.clone()).collect();
    let mut scroll_to = None;
    if let Some(next) = super::list_keys::stepped(ui, &ids, current) {
        scroll_to = ids.iter().position(|id| *id == next);
        state.selected.clear();
        state.selected.insert(next.clone());
        commands.push(Command::Select(Selection::Source(next)));
    }

    if !state.selected.is_empty()
        && ui.ui_contains_pointer()
        && ui.input(|i| i.key_pressed(egui::Key::Delete))
        && !ui.ctx().egui_wants_keyboard_input()
    {
        commands.push(Command::ConfirmDeleteSources(state.selected.iter().cloned().collect()));
    }

    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked: Option<(SourceId, egui::Modifiers)> = None;
    let mut delete_request = None;
    let columns = [
        ("Title", SortColumn::Title),
        ("Outlet", SortColumn::Outlet),
        ("Date", SortColumn::Date),
        ("Grade", SortColumn::Grade),
        ("Lang", SortColumn::Language),
        ("Mentions", SortColumn::Mentions),
    ];
    let mut table = TableBuilder::new(ui);
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, None);
    }
    table
        .id_salt("sources_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::remainder().at_least(110.0).clip(true))
        .column(Column::initial(70.0).at_least(40.0).clip(true))
        .column(Column::initial(84.0).at_least(40.0).clip(true))
        .column(Column::initial(40.0).at_least(30.0))
        .column(Column::initial(36.0).at_least(30.0))
        .column(Column::initial(58.0).at_least(30.0))
        .header(row_height, |mut header| {
            for (title, column) in columns {
                header.col(|ui| {
                    let arrow = match (state.sort == column, state.descending) {
                        (true, false) => " ⏶",
                        (true, true) => " ⏷",
                        (false, _) => "",
                    };
                    let response = ui
                        .add(
                            egui::Button::new(egui::RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        )
                        .on_hover_text(format!("Sort by {}", title.to_lowercase()));
                    if response.clicked() {
                        if state.sort == column {
                            state.descending = !state.descending;
                        } else {
                            state.sort = column;
                            state.descending = false;
                        }
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let source = rows[row.index()];
                let is_selected = state.selected.contains(&source.id);
                row.set_selected(is_selected);
                let mut title_response = None;
                row.col(|ui| {
                    let title = if source.title.is_empty() { "(untitled)" } else { source.title.as_str() };
                    title_response = Some(
                        ui.add(egui::Button::selectable(is_selected, title).truncate()).on_hover_text(title),
                    );
                });
                row.col(|ui| {
                    ui.label(&source.outlet);
                });
                row.col(|ui| {
                    ui.label(&source.published);
                });
                row.col(|ui| {
                    let grade = grade(source);
                    let hover = [
                        source.reliability.map(|r| format!("Reliability {}: {}", r.letter(), r.meaning())),
                        source.credibility.map(|c| format!("Credibility {}: {}", c.number(), c.meaning())),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n");
                    let response = ui.label(grade);
                    if !hover.is_empty() {
                        response.on_hover_text(hover);
                    }
                });
                row.col(|ui| {
                    ui.label(&source.language);
                });
                row.col(|ui| {
                    ui.label(counts.source(&source.id).to_string());
                });
                let response = row.response();
                let title_clicked = title_response.as_ref().is_some_and(egui::Response::clicked);
                if title_clicked || response.clicked() {
                    clicked = Some((source.id.clone(), response.ctx.input(|i| i.modifiers)));
                }
                // Right-click on the row, or on its title, offers to delete the selection.
                let mut menu = |ui: &mut egui::Ui| {
                    let ids: Vec<SourceId> = if is_selected {
                        state.selected.iter().cloned().collect()
                    } else {
                        vec![source.id.clone()]
                    };
                    let label = if ids.len() == 1 {
                        "Delete source…".to_owned()
                    } else {
                        format!("Delete {} sources…", ids.len())
                    };
                    if ui.button(label).clicked() {
                        delete_request = Some(ids);
                    }
                };
                if let Some(title) = &title_response {
                    title.context_menu(|ui| menu(ui));
                }
                response.context_menu(|ui| menu(ui));
            });
        });

    if let Some(ids) = delete_request {
        commands.push(Command::ConfirmDeleteSources(ids));
    }
    if let Some((id, modifiers)) = clicked {
        if modifiers.command {
            if !state.selected.remove(&id) {
                state.selected.insert(id.clone());
            }
        } else if modifiers.shift
            && let Some(anchor) = &state.anchor
        {
            let position = |id: &SourceId| rows.iter().position(|s| &s.id == id);
            if let (Some(a), Some(b)) = (position(anchor), position(&id)) {
                state.selected = rows[a.min(b)..=a.max(b)].iter().map(|s| s.id.clone()).collect();
            }
        } else {
            state.selected = BTreeSet::from([id.clone()]);
        }
        if !modifiers.shift {
            state.anchor = Some(id.clone());
        }
        commands.push(Command::Select(Selection::Source(id)));
    }
}

fn matches_filter(source: &Source, needle: &str) -> bool {
    [&source.title, &source.outlet, &source.author, &source.published, &source.notes]
        .iter()
        .any(|field| field.to_lowercase().contains(needle))
}
