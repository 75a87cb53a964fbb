//! The Map panel: the relationship map canvas.

use super::theme;
use crate::model::Project;

/// Draws the map canvas: a faint grid and, while the project has no maps, a hint.
pub fn map_ui(ui: &mut egui::Ui, project: &Project) {
    let (rect, _response) = ui.allocate_exact_size(ui.available_size(), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let grid = theme::map_grid_color(ui.visuals());
    let spacing = 32.0;
    let mut x = rect.left() + spacing;
    while x < rect.right() {
        let mut y = rect.top() + spacing;
        while y < rect.bottom() {
            painter.circle_filled(egui::pos2(x, y), 1.0, grid);
            y += spacing;
        }
        x += spacing;
    }
    let hint = if project.maps.is_empty() {
        "No maps yet. Relationship maps of the tagged entities will be drawn here."
    } else {
        "Maps can be drawn here once the map canvas lands."
    };
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        hint,
        egui::FontId::proportional(14.0),
        theme::hint_color(ui.visuals()),
    );
}
