//! Noticing that the project's files changed on disk while it is open (a `git pull`, a
//! colleague's edit on a shared drive) and offering to reload, keeping unsaved work.
//!
//! Every two seconds a background task reads the size and modification time of the
//! project's RON files (no content, so it stays cheap for large projects) and compares
//! them with what they were after the last load or save. A watcher crate would wake up
//! sooner, but shared drives and network mounts often deliver no events at all, and
//! polling the metadata of eight files costs next to nothing.

use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use super::document::Document;
use super::task::Task;
use crate::edit::{Edit, apply};
use crate::model::Project;
use crate::store::{self, ALL_DATA_FILES};

/// How often the files are looked at.
const EVERY_SECS: f64 = 2.0;

/// Size and modification time of each project file, in [`ALL_DATA_FILES`] order.
type Stamp = Vec<Option<(u64, SystemTime)>>;

fn stamp(dir: &Path) -> Stamp {
    ALL_DATA_FILES
        .iter()
        .map(|name| {
            let meta = std::fs::metadata(dir.join(name)).ok()?;
            Some((meta.len(), meta.modified().ok()?))
        })
        .collect()
}

/// The watcher's state for the open project.
#[derive(Default)]
pub struct Watch {
    known: Option<Stamp>,
    /// Bumped by every load and save; a poll started before one is ignored.
    generation: u64,
    polling: Option<Task<(u64, Stamp)>>,
    last_poll: f64,
    /// The files changed on disk: the offer to reload is shown.
    pub changed: bool,
    /// The reload under way, and the revision of the open project it merges.
    reloading: Option<(u64, Task<Reloaded>)>,
}

/// What a reload gives back to the app.
pub enum Reloaded {
    /// The project as it is on disk now, with the unsaved changes (if any) merged in.
    Project {
        /// What is on disk.
        disk: Box<Project>,
        /// A copy of it, the new saved state (made on the worker, not the UI thread).
        saved: Arc<Project>,
        /// The unsaved changes merged with the files, as an edit of `disk` (empty when
        /// there were none).
        unsaved: Edit,
        /// How many conflicts the merge recorded (both sides changed the same field).
        conflicts: usize,
    },
    /// The unsaved changes could not be merged with the new files.
    Failed(String),
}

impl Watch {
    /// Whether file work is under way.
    pub fn is_busy(&self) -> bool {
        self.reloading.is_some()
    }

    /// Forgets what the files looked like: call after every load and save.
    pub fn reset(&mut self) {
        self.known = None;
        self.generation += 1;
        self.changed = false;
    }

    /// Called every frame while a project is open.
    pub fn tick(&mut self, ctx: &egui::Context, dir: &Path, saving: bool) {
        if let Some(Ok((generation, now))) = self.polling.as_ref().and_then(Task::poll) {
            self.polling = None;
            if generation == self.generation && !saving {
                match &self.known {
                    None => self.known = Some(now),
                    Some(known) if *known != now => {
                        self.known = Some(now);
                        self.changed = true;
                    }
                    Some(_) => {}
                }
            }
        }
        let time = ctx.input(|i| i.time);
        if saving || self.polling.is_some() || self.reloading.is_some() {
            return;
        }
        // No timer of its own: frames come with any input (focus included), which is when
        // the analyst would see the offer anyway.
        if time - self.last_poll < EVERY_SECS {
            return;
        }
        self.last_poll = time;
        let (dir, generation) = (dir.to_owned(), self.generation);
        self.polling = Some(Task::spawn_quiet("", move || (generation, stamp(&dir))));
    }

    /// Reloads the project of `doc` from its folder in the background, where the project
    /// as last loaded or saved and the one with the unsaved changes are merged three-way
    /// with the files on disk; [`Self::poll_reload`] collects the result. `revision`
    /// changes with every edit of `doc`.
    pub fn reload(&mut self, ctx: &egui::Context, doc: &Document, revision: u64) {
        self.changed = false;
        let (dir, saved, current) = (doc.path.clone(), Arc::clone(&doc.saved), doc.snapshot());
        let task = Task::spawn(ctx, "Reloading…", move || {
            let disk = match store::load(&dir) {
                Ok(disk) => disk,
                Err(error) => return Reloaded::Failed(error.to_string()),
            };
            match current.into_project() {
                Ok(current) => merge_unsaved(&saved, &current, disk, &dir),
                Err(error) => Reloaded::Failed(format!("Could not reload {}: {error}", dir.display())),
            }
        });
        self.reloading = Some((revision, task));
    }

    /// The reloaded project, once, if the open project is still at `revision`. When it
    /// was edited while the reload ran, the merge is of an older state: the reload starts
    /// again with the project as it is now.
    pub fn poll_reload(&mut self, ctx: &egui::Context, doc: &Document, revision: u64) -> Option<Reloaded> {
        let (started_at, task) = self.reloading.as_ref()?;
        let result = task.poll()?;
        let started_at = *started_at;
        self.reloading = None;
        if started_at != revision {
            self.reload(ctx, doc, revision);
            return None;
        }
        Some(result.unwrap_or_else(|()| Reloaded::Failed("Reloading failed unexpectedly".to_owned())))
    }
}

/// The unsaved changes (from `saved` to `current`) merged with `disk`, the project as
/// the files hold it now: a three-way merge with `saved` as the common ancestor, so a
/// field changed on both sides becomes a conflict record and keeps our value.
fn merge_unsaved(saved: &Project, current: &Project, disk: Project, dir: &Path) -> Reloaded {
    if saved == current {
        let saved = Arc::new(disk.clone());
        return Reloaded::Project {
            disk: Box::new(disk),
            saved,
            unsaved: Edit::Batch(Vec::new()),
            conflicts: 0,
        };
    }
    let refused = |error: &dyn std::fmt::Display| {
        Reloaded::Failed(format!(
            "Your unsaved changes could not be merged with the new files ({error}); they are kept and the files were not loaded: {}",
            dir.display()
        ))
    };
    let merged = match store::merge_projects(saved, current, &disk) {
        Ok(merged) => merged,
        Err(error) => return refused(&error),
    };
    let unsaved = Edit::between(&disk, &merged.project);
    // The app applies the edit on top of the files: check first that it fits, so a
    // failure leaves the unsaved work where it is.
    if let Err(error) = apply(&mut disk.clone(), &unsaved) {
        return refused(&error);
    }
    let saved = Arc::new(disk.clone());
    Reloaded::Project { disk: Box::new(disk), saved, unsaved, conflicts: merged.conflicts.len() }
}

/// The offer to reload. Returns `Some(true)` to reload, `Some(false)` to ignore.
pub fn offer_ui(ctx: &egui::Context, dirty: bool) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("project_changed_on_disk")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading("The project changed on disk");
        ui.label("Its files were changed by another program (a git pull, or a colleague on a shared drive).");
        if dirty {
            ui.label(
                "Reloading merges your unsaved changes with the new files, as one step you can undo. \
                 Where you and they changed the same thing, your value is kept and the conflict is \
                 listed in the Inspector for you to settle.",
            );
        }
        ui.horizontal(|ui| {
            let reload = if dirty { "Reload and keep my changes" } else { "Reload" };
            if ui.button(reload).clicked() {
                answer = Some(true);
            }
            if ui.button("Ignore").clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}
