//! Importing sources from the GUI: the import runs on a background thread with a
//! progress bar and Cancel; its result comes back as one undoable edit and a summary.

use std::path::PathBuf;

use super::task::{self, Task};
use crate::ingest::{ImportOptions, ImportReport, import_paths};
use crate::model::Project;

/// An import under way; its task's progress says which file of how many it is reading.
pub struct RunningImport {
    /// The background job.
    pub task: Task<ImportReport>,
}

/// Starts importing `paths` into a copy of `project` on a background thread.
pub fn start(ctx: &egui::Context, project: &Project, paths: Vec<PathBuf>) -> RunningImport {
    let snapshot = project.clone();
    let task = Task::spawn_with_progress(ctx, "Importing…", move |progress| {
        import_paths(&snapshot, &paths, &ImportOptions::default(), progress)
    });
    RunningImport { task }
}

/// Draws the progress of an import as a small window with a Cancel button.
pub fn progress_ui(ctx: &egui::Context, running: &RunningImport) {
    let progress = running.task.progress();
    egui::Window::new("Importing sources")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
        .show(ctx, |ui| {
            ui.set_width(380.0);
            ui.add(task::progress_bar(progress));
            ui.add(egui::Label::new(progress.step()).truncate());
            task::cancel_button_ui(ui, progress);
        });
}

/// One line saying what an import did: "Imported 3 sources; 1 duplicate skipped; 2 files failed".
pub fn summary(report: &ImportReport) -> String {
    let mut parts = vec![match report.imported.len() {
        1 => "Imported 1 source".to_owned(),
        n => format!("Imported {n} sources"),
    }];
    match report.duplicates.len() {
        0 => {}
        1 => parts.push("1 duplicate skipped".to_owned()),
        n => parts.push(format!("{n} duplicates skipped")),
    }
    match report.errors.len() {
        0 => {}
        1 => parts.push("1 file failed".to_owned()),
        n => parts.push(format!("{n} files failed")),
    }
    if report.cancelled {
        parts.push("cancelled before the end".to_owned());
    }
    parts.join("; ")
}

/// The details of an import that did not go entirely well: duplicates and errors,
/// one per line.
pub fn details(report: &ImportReport, project: &Project) -> Vec<String> {
    let mut lines: Vec<String> = report
        .duplicates
        .iter()
        .map(|d| {
            let title = project
                .sources
                .get(&d.duplicate_of)
                .map(|s| s.title.clone())
                .or_else(|| report.sources().find(|s| s.id == d.duplicate_of).map(|s| s.title.clone()))
                .unwrap_or_else(|| d.duplicate_of.to_string());
            format!("{}: already in the project as “{title}”", d.file.display())
        })
        .collect();
    lines.extend(report.errors.iter().map(ToString::to_string));
    lines
}
