//! Autosave and recovery: unsaved work is written every 30 seconds by default (Edit ▸
//! Settings… changes it), and when the window
//! loses focus) to `.dossier/recovery/` beside the project, never over its saved files;
//! opening a project with such an autosave offers to restore it. All file work runs off
//! the UI thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::document::Document;
use super::task::Task;
use crate::store::recovery::{
    Recovery, SavedMarker, discard_recovery, read_recovery_against, write_recovery,
};

/// How often unsaved changes are autosaved unless the settings say otherwise.
pub const DEFAULT_EVERY_SECS: f64 = 30.0;

/// The autosave's state for the open project.
pub struct Autosave {
    /// Seconds between autosaves (from the settings).
    pub every_secs: f64,
    /// App time of the last autosave started.
    last: f64,
    /// The project revision the newest autosave holds.
    written: Option<u64>,
    writing: Option<Task<Result<u64, String>>>,
    checking: Option<Task<Result<Option<Recovery>, String>>>,
    discarding: Option<Task<()>>,
    /// Set when a project is opened: look for an autosave on the next frame.
    pub needs_check: bool,
    /// An autosave found on opening, waiting for the user's answer.
    pub offer: Option<Recovery>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            every_secs: DEFAULT_EVERY_SECS,
            last: 0.0,
            written: None,
            writing: None,
            checking: None,
            discarding: None,
            needs_check: false,
            offer: None,
        }
    }
}

impl Autosave {
    /// Whether file work is under way.
    pub fn is_busy(&self) -> bool {
        self.writing.is_some() || self.checking.is_some() || self.discarding.is_some()
    }

    /// Forgets everything about the previous project.
    pub fn reset(&mut self) {
        *self = Self { needs_check: true, every_secs: self.every_secs, ..Self::default() };
    }

    /// Called every frame: collects finished work, looks for an autosave after opening
    /// (against the project as opened, shared rather than copied), and writes one when
    /// there are unsaved changes and it is time (or focus was lost). `revision` changes
    /// with every edit of `doc`.
    pub fn tick(&mut self, ctx: &egui::Context, doc: &Document, revision: u64) {
        let (path, saved, dirty) = (doc.path.as_path(), &doc.saved, doc.is_dirty());
        if let Some(result) = self.writing.as_ref().and_then(Task::poll) {
            self.writing = None;
            match result {
                Ok(Ok(written)) => self.written = Some(written),
                Ok(Err(message)) => log::warn!("autosave of {} failed: {message}", path.display()),
                Err(()) => log::warn!("autosave of {} failed unexpectedly", path.display()),
            }
        }
        if self.discarding.as_ref().and_then(Task::poll).is_some() {
            self.discarding = None;
        }
        if let Some(result) = self.checking.as_ref().and_then(Task::poll) {
            self.checking = None;
            match result {
                Ok(Ok(Some(recovery))) if !recovery.changes.is_empty() => self.offer = Some(recovery),
                Ok(Ok(_)) => {}
                Ok(Err(message)) => log::warn!("{message}"),
                Err(()) => log::warn!("looking for an autosave of {} failed unexpectedly", path.display()),
            }
        }
        if self.needs_check {
            self.needs_check = false;
            let (dir, saved) = (path.to_owned(), Arc::clone(saved));
            self.checking = Some(Task::spawn(ctx, "Looking for unsaved work…", move || {
                read_recovery_against(&dir, &saved).map_err(|e| e.to_string())
            }));
        }
        // An autosave found on opening is never written over before the analyst has
        // answered the offer.
        let waiting = self.needs_check || self.checking.is_some() || self.offer.is_some();
        if !dirty || self.written == Some(revision) || self.writing.is_some() || waiting {
            return;
        }
        let now = ctx.input(|i| i.time);
        let focus_lost =
            ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::WindowFocused(false))));
        if now - self.last < self.every_secs && !focus_lost {
            ctx.request_repaint_after(Duration::from_secs_f64(self.every_secs - (now - self.last)));
            return;
        }
        self.last = now;
        let (snapshot, saved) = (doc.snapshot(), Arc::clone(saved));
        let dir = path.to_owned();
        self.writing = Some(Task::spawn(ctx, "Autosaving…", move || {
            let project = snapshot.into_project().map_err(|e| e.to_string())?;
            let marker = SavedMarker::of_folder(&dir);
            write_recovery(&dir, &project, (&saved, &marker)).map(|()| revision).map_err(|e| e.to_string())
        }));
    }

    /// After a save: the autosave is no longer needed.
    pub fn saved(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.written = None;
        self.discard(ctx, path);
    }

    /// Removes the autosave of the project at `path`, in the background. A failure only
    /// leaves a stale autosave behind, which is logged.
    pub fn discard(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.discarding = Some(Task::spawn(ctx, "Removing the autosave…", move || {
            if let Err(error) = discard_recovery(&path) {
                log::warn!("could not remove the autosave of {}: {error}", path.display());
            }
        }));
    }
}

/// What the recovery dialog answered.
pub enum Answer {
    /// Not yet.
    Waiting,
    /// Put the autosaved state back (one undoable edit).
    Restore,
    /// Throw the autosave away.
    Discard,
    /// Keep it on disk and ask again next time.
    Later,
}

/// The dialog that offers to restore unsaved work.
pub fn offer_ui(ctx: &egui::Context, recovery: &Recovery) -> Answer {
    let mut answer = Answer::Waiting;
    egui::Modal::new(egui::Id::unique("recover_unsaved_work")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Recover unsaved work?");
        ui.label(format!(
            "Dossier kept an autosave of changes to this project that were never saved (written {}):",
            recovery.written_at
        ));
        ui.strong(recovery.changes.summary());
        if recovery.saved_files_changed {
            ui.label(
                "The project was saved again after that autosave; restoring puts the autosaved state back.",
            );
        }
        ui.label("Restoring is one step you can undo; nothing is written until you save.");
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Answer::Restore;
            }
            if ui.button("Discard autosave").clicked() {
                answer = Answer::Discard;
            }
            if ui.button("Decide later").clicked() {
                answer = Answer::Later;
            }
        });
    });
    answer
}
