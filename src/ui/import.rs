//! Importing sources from the GUI: the import runs on a background thread with a
//! progress bar and Cancel; its result comes back as one undoable edit and a summary.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::task::Task;
use crate::ingest::{ImportOptions, ImportReport, import_paths};
use crate::model::Project;

/// How far the import under way has got; shared with its thread.
#[derive(Default)]
pub struct ImportProgress {
    /// Files read so far (the one being read included).
    pub current: AtomicUsize,
    /// Files to read in all.
    pub total: AtomicUsize,
    /// The file being read.
    pub file: Mutex<String>,
    /// Set by the Cancel button.
    pub cancel: AtomicBool,
}

/// An import under way.
pub struct RunningImport {
    /// The background job.
    pub task: Task<ImportReport>,
    /// Its progress, for the progress bar.
    pub progress: Arc<ImportProgress>,
}

/// Starts importing `paths` into a copy of `project` on a background thread.
pub fn start(ctx: &egui::Context, project: &Project, paths: Vec<PathBuf>) -> RunningImport {
    let progress = Arc::new(ImportProgress::default());
    let shared = Arc::clone(&progress);
    let snapshot = project.clone();
    let repaint = ctx.clone();
    let task = Task::spawn(ctx, "Importing…", move || {
        import_paths(&snapshot, &paths, &ImportOptions::default(), &mut |p| {
            shared.current.store(p.current, Ordering::Relaxed);
            shared.total.store(p.total, Ordering::Relaxed);
            if let Ok(mut file) = shared.file.lock() {
                *file = p.file.display().to_string();
            }
            repaint.request_repaint();
            !shared.cancel.load(Ordering::Relaxed)
        })
    });
    RunningImport { task, progress }
}

/// Draws the progress of an import as a small window with a Cancel button.
pub fn progress_ui(ctx: &egui::Context, running: &RunningImport) {
    let progress = &running.progress;
    let current = progress.current.load(Ordering::Relaxed);
    let total = progress.total.load(Ordering::Relaxed);
    let file = progress.file.lock().map(|f| f.clone()).unwrap_or_default();
    let cancelling = progress.cancel.load(Ordering::Relaxed);
    egui::Window::new("Importing sources")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
        .show(ctx, |ui| {
            ui.set_width(380.0);
            let fraction = if total == 0 { 0.0 } else { current as f32 / total as f32 };
            ui.add(egui::ProgressBar::new(fraction).text(format!("{current} of {total}")));
            ui.add(egui::Label::new(file).truncate());
            if ui
                .add_enabled(
                    !cancelling,
                    egui::Button::new(if cancelling { "Cancelling…" } else { "Cancel" }),
                )
                .clicked()
            {
                progress.cancel.store(true, Ordering::Relaxed);
            }
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
