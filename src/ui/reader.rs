//! The Reader: the selected source's full text, wrapped, scrollable and selectable.

use super::view::View;
use crate::model::Project;

/// Draws the text of the source in `view.reader_source`.
pub fn reader_ui(ui: &mut egui::Ui, project: &Project, view: &View) {
    let Some(source) = view.reader_source.as_ref().and_then(|id| project.sources.get(id)) else {
        ui.centered_and_justified(|ui| {
            ui.label(
                egui::RichText::new("Select a source in the Sources panel to read it here.")
                    .color(super::theme::hint_color(ui.visuals())),
            );
        });
        return;
    };
    ui.heading(&source.title);
    let details: Vec<&str> = [source.outlet.as_str(), source.published.as_str(), source.author.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !details.is_empty() {
        ui.label(egui::RichText::new(details.join(" · ")).color(super::theme::hint_color(ui.visuals())));
    }
    ui.separator();
    egui::ScrollArea::vertical().id_salt(("reader", source.id.as_str())).auto_shrink([false, false]).show(
        ui,
        |ui| {
            ui.set_max_width(ui.available_width().min(760.0));
            ui.add(egui::Label::new(egui::RichText::new(&*source.text).size(15.0)).selectable(true).wrap());
        },
    );
}
