//! The start screen, shown when no project is open.

use std::path::{Path, PathBuf};

use super::command::Command;
use super::theme;

/// Draws the start screen: new, open, recent projects and the sample projects.
pub fn start_ui(
    ui: &mut egui::Ui,
    recent: &[PathBuf],
    samples: &[PathBuf],
    open_path: &mut String,
    commands: &mut Vec<Command>,
) {
    ui.vertical_centered(|ui| {
        ui.add_space(48.0);
        ui.heading(egui::RichText::new("Dossier").size(32.0));
        ui.label(
            egui::RichText::new(
                "Sources, entities and relationship maps where every line is backed by quotes.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        ui.add_space(24.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 300.0).max(0.0) / 2.0);
            if ui.button("New project…").clicked() {
                commands.push(Command::PromptNew);
            }
            if ui.button("Open project…").clicked() {
                commands.push(Command::BrowseOpen);
            }
        });
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 520.0).max(0.0) / 2.0);
            let label = ui.label("Open by path");
            let field = ui
                .add(egui::TextEdit::singleline(open_path).hint_text("/path/to/project").desired_width(330.0))
                .labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Open").clicked() || entered) && !open_path.trim().is_empty() {
                commands.push(Command::Open(PathBuf::from(open_path.trim())));
            }
        });
        ui.add_space(24.0);
        list_ui(ui, "Recent projects", recent, "No recent projects yet.", commands);
        ui.add_space(16.0);
        list_ui(ui, "Sample projects", samples, "No sample projects found.", commands);
    });
}

fn list_ui(ui: &mut egui::Ui, title: &str, paths: &[PathBuf], empty: &str, commands: &mut Vec<Command>) {
    ui.strong(title);
    if paths.is_empty() {
        ui.label(egui::RichText::new(empty).color(theme::hint_color(ui.visuals())));
    }
    for path in paths {
        if ui.link(display_name(path)).on_hover_text(path.display().to_string()).clicked() {
            commands.push(Command::Open(path.clone()));
        }
    }
}

/// The folder name of a project path, for lists.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
