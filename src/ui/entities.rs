//! The Entities panel: every entity with its kind.

use super::command::{Command, Selection};
use super::theme;
use super::view::View;
use crate::model::Project;

/// Draws the list of entities; clicking one selects it.
pub fn entities_ui(ui: &mut egui::Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
    if project.entities.is_empty() {
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(
                "No entities yet. The people, organisations, states and places that your sources mention will be listed here once you tag them.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let entities: Vec<_> = project.entities.values().collect();
    egui::ScrollArea::vertical().id_salt("entities_list").auto_shrink([false, false]).show_rows(
        ui,
        row_height,
        entities.len(),
        |ui, range| {
            for entity in &entities[range] {
                let selected = view.selection == Selection::Entity(entity.id.clone());
                ui.horizontal(|ui| {
                    ui.colored_label(theme::kind_color(entity.kind), theme::kind_icon(entity.kind))
                        .on_hover_text(entity.kind.label());
                    if ui.selectable_label(selected, &entity.name).clicked() {
                        commands.push(Command::Select(Selection::Entity(entity.id.clone())));
                    }
                });
            }
        },
    );
}
