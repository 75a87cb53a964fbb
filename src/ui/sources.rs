//! The Sources panel: every source with its outlet, date and language.

use egui_extras::{Column, TableBuilder};

use super::command::{Command, Selection};
use super::view::View;
use crate::model::{Project, Source};

/// Draws the list of sources; clicking one selects it (and shows it in the Reader).
pub fn sources_ui(ui: &mut egui::Ui, project: &Project, view: &mut View, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("🔍");
        ui.add(
            egui::TextEdit::singleline(&mut view.sources_filter)
                .hint_text("Filter sources")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let needle = view.sources_filter.to_lowercase();
    let rows: Vec<&Source> =
        project.sources.values().filter(|s| needle.is_empty() || matches_filter(s, &needle)).collect();
    if project.sources.is_empty() {
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new("No sources yet. Sources are the documents your analysis rests on.")
                .color(super::theme::hint_color(ui.visuals())),
        );
        return;
    }
    let selected = match &view.selection {
        Selection::Source(id) => Some(id),
        _ => view.reader_source.as_ref(),
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("sources_table")
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::remainder().at_least(140.0).clip(true))
        .column(Column::initial(80.0).at_least(40.0).clip(true))
        .column(Column::initial(92.0).at_least(40.0).clip(true))
        .column(Column::initial(40.0).at_least(30.0))
        .header(row_height, |mut header| {
            for title in ["Title", "Outlet", "Date", "Lang"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let source = rows[row.index()];
                let is_selected = selected == Some(&source.id);
                row.set_selected(is_selected);
                let mut clicked = false;
                row.col(|ui| {
                    let title = if source.title.is_empty() { "(untitled)" } else { source.title.as_str() };
                    clicked |= ui
                        .add(egui::Button::selectable(is_selected, title).truncate())
                        .on_hover_text(title)
                        .clicked();
                });
                row.col(|ui| {
                    ui.label(&source.outlet);
                });
                row.col(|ui| {
                    ui.label(&source.published);
                });
                row.col(|ui| {
                    ui.label(&source.language);
                });
                if clicked || row.response().clicked() {
                    commands.push(Command::Select(Selection::Source(source.id.clone())));
                }
            });
        });
}

fn matches_filter(source: &Source, needle: &str) -> bool {
    [&source.title, &source.outlet, &source.author, &source.published, &source.notes]
        .iter()
        .any(|field| field.to_lowercase().contains(needle))
}
