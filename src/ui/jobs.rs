//! The app's background jobs: each runs on its own thread (see [`Task`]) and, once
//! finished, becomes a [`Command::Finished`] that the end-of-frame drain handles like any
//! other command. The app never looks into a job's channel itself.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::Command;
use super::dialogs::{self, Picked, Purpose};
use super::document::Snapshot;
use super::entity_list::{self, ListResult};
use super::export_dialog::{self, ExportJob};
use super::import::{self, RunningImport};
use super::start;
use super::task::Task;
use crate::analysis::SearchIndex;
use crate::ingest::ImportReport;
use crate::model::{Project, Source};
use crate::progress::{Cancelled, Progress};
use crate::store::{self, LoadErrors, SaveOutcome};

/// A project folder and how loading it went: the project, and a copy of it as saved
/// (made on the loading thread, so the UI thread never copies a whole project to open it).
pub type OpenResult = (PathBuf, Result<(Project, Arc<Project>), LoadErrors>);
/// Where a save went, the undo marker it saved, and how it went: with the copy it saved.
pub type SaveResult = (PathBuf, u64, Result<(SaveOutcome, Arc<Project>), String>);
/// A finished bundle job: the bundle file, how it went, and the folder to open after an
/// unpack.
pub type BundleDone = (PathBuf, Result<(), String>, Option<PathBuf>);

/// What a background job gave back. `Err(())` stands for a job whose thread died (a bug),
/// which is reported as such.
pub enum Finished {
    /// A project was loaded (or failed to).
    Opened(Result<OpenResult, ()>),
    /// A save ended.
    Saved(Result<SaveResult, ()>),
    /// The system file dialog answered.
    Browsed(Picked),
    /// The search index of the project opened as the `u64`-th was built.
    Indexed(u64, SearchIndex),
    /// An entity list was read and matched.
    EntityList(Result<(PathBuf, ListResult), ()>),
    /// A bundle was written or unpacked.
    Bundle(Result<BundleDone, ()>),
    /// An export ended, with its outcome in one line.
    Exported(Result<Result<String, String>, ()>),
    /// An import of sources ended.
    Imported(Result<ImportReport, ()>),
    /// The project's files changed on disk and were read again (see [`super::watch`]).
    Reloaded(super::watch::Reloaded),
}

impl std::fmt::Debug for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Self::Opened(_) => "Opened",
            Self::Saved(_) => "Saved",
            Self::Browsed(_) => "Browsed",
            Self::Indexed(..) => "Indexed",
            Self::EntityList(_) => "EntityList",
            Self::Bundle(_) => "Bundle",
            Self::Exported(_) => "Exported",
            Self::Imported(_) => "Imported",
            Self::Reloaded(_) => "Reloaded",
        };
        write!(f, "Finished::{name}")
    }
}

/// Every background job of the app, at most one of each kind at a time.
#[derive(Default)]
pub struct Jobs {
    opening: Option<Task<OpenResult>>,
    saving: Option<Task<SaveResult>>,
    browsing: Option<Task<Picked>>,
    indexing: Option<Task<(u64, Result<SearchIndex, Cancelled>)>>,
    listing: Option<Task<(PathBuf, ListResult)>>,
    bundling: Option<Task<BundleDone>>,
    exporting: Option<Task<Result<String, String>>>,
    importing: Option<RunningImport>,
}

impl Jobs {
    /// Whether any job is under way.
    pub fn is_busy(&self) -> bool {
        self.opening.is_some()
            || self.saving.is_some()
            || self.browsing.is_some()
            || self.indexing.is_some()
            || self.listing.is_some()
            || self.bundling.is_some()
            || self.exporting.is_some()
            || self.importing.is_some()
    }

    /// Whether a save is under way.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Whether the system file dialog is open.
    pub fn is_browsing(&self) -> bool {
        self.browsing.is_some()
    }

    /// The import under way, for its progress window.
    pub fn running_import(&self) -> Option<&RunningImport> {
        self.importing.as_ref()
    }

    /// What the status bar shows is going on: opening, saving, a file dialog or an
    /// export, the first of those under way.
    pub fn status(&self) -> Option<Status<'_>> {
        Status::of(self.opening.as_ref(), false)
            .or_else(|| Status::of(self.saving.as_ref(), false))
            .or_else(|| Status::of(self.browsing.as_ref(), false))
            .or_else(|| Status::of(self.exporting.as_ref(), true))
    }

    /// Takes every job that has finished, each as a [`Command::Finished`].
    pub fn finished(&mut self) -> Vec<Command> {
        let mut done = Vec::new();
        // A fixed order, so a frame in which several jobs finish always handles them alike.
        if let Some(result) = take(&mut self.bundling) {
            done.push(Finished::Bundle(result));
        }
        if let Some(result) = take(&mut self.exporting) {
            done.push(Finished::Exported(result));
        }
        if let Some(result) = take(&mut self.listing) {
            done.push(Finished::EntityList(result));
        }
        if let Some(result) = take(&mut self.opening) {
            done.push(Finished::Opened(result));
        }
        if let Some(result) = take(&mut self.saving) {
            done.push(Finished::Saved(result));
        }
        if let Some(result) = self.importing.as_ref().and_then(|running| running.task.poll()) {
            self.importing = None;
            done.push(Finished::Imported(result));
        }
        // A thread that died leaves the project without search, as before.
        if let Some(Ok((load, Ok(index)))) = take(&mut self.indexing) {
            done.push(Finished::Indexed(load, index));
        }
        if let Some(result) = take(&mut self.browsing)
            && let Ok(picked) = result
        {
            done.push(Finished::Browsed(picked));
        }
        done.into_iter().map(|finished| Command::Finished(Box::new(finished))).collect()
    }

    /// Opens the system file dialog for `purpose`, unless one is open already.
    pub fn browse(&mut self, ctx: &egui::Context, purpose: Purpose, start_dir: &std::path::Path) {
        if self.browsing.is_none() {
            self.browsing = Some(dialogs::browse(ctx, purpose, start_dir));
        }
    }

    /// Starts loading the project at `path`.
    pub fn open(&mut self, ctx: &egui::Context, path: PathBuf) {
        let label = format!("Opening {}…", start::display_name(&path));
        self.opening = Some(Task::spawn(ctx, label, move || {
            let result = store::load(&path).map(|project| {
                let saved = Arc::new(project.clone());
                (project, saved)
            });
            (path, result)
        }));
    }

    /// Starts saving the open project, handed over as `snapshot`, to `path`; `marker` is
    /// the undo state it is. The worker rebuilds the project from the snapshot (the saved
    /// state and the edits since, as a rule), writes it, and hands it back with the
    /// result, to become the saved state. A save already under way is forgotten (the app
    /// asks [`Self::is_saving`] first).
    pub fn save(&mut self, ctx: &egui::Context, snapshot: Snapshot, marker: u64, path: PathBuf) {
        let label = format!("Saving {}…", start::display_name(&path));
        self.saving = Some(Task::spawn(ctx, label, move || {
            let saved = snapshot
                .into_project()
                .map_err(|e| e.to_string())
                .and_then(|project| {
                    store::save(&project, &path)
                        .map(|outcome| (outcome, Arc::new(project)))
                        .map_err(|e| e.to_string())
                })
                .map_err(|message| format!("Could not save {}: {message}", path.display()));
            (path, marker, saved)
        }));
    }

    /// Starts building the search index of `project`, the `load`-th project opened. The
    /// job takes copies of the sources alone (their texts are shared), which is quick
    /// for any size of project; copying the whole project here was not.
    pub fn index(&mut self, ctx: &egui::Context, project: &Project, load: u64) {
        let sources: Vec<Source> = project.sources.values().cloned().collect();
        self.indexing = Some(Task::spawn_with_progress(ctx, "Indexing for search…", move |progress| {
            let sources: Vec<&Source> = sources.iter().collect();
            (load, SearchIndex::build_sources_with_progress(&sources, progress))
        }));
    }

    /// Stops and forgets the search index being built (its project was closed).
    pub fn cancel_index(&mut self) {
        self.indexing = None;
    }

    /// Starts reading the entity list at `path` against `project`, unless one is being
    /// read already.
    pub fn read_entity_list(&mut self, ctx: &egui::Context, project: &Project, path: PathBuf) {
        if self.listing.is_none() {
            self.listing = Some(entity_list::start(ctx, project, path));
        }
    }

    /// Starts writing `project` as a bundle at `path`.
    pub fn write_bundle(&mut self, ctx: &egui::Context, project: Project, path: PathBuf) {
        self.bundling = Some(Task::spawn(ctx, "Writing the bundle…", move || {
            let result = store::bundle::write_bundle(&project, &path);
            (path, result.map_err(|e| e.to_string()), None)
        }));
    }

    /// Starts unpacking `bundle` into the new folder `dir`.
    pub fn unpack_bundle(&mut self, ctx: &egui::Context, bundle: PathBuf, dir: PathBuf) {
        self.bundling = Some(Task::spawn(ctx, "Unpacking the bundle…", move || {
            let result = store::bundle::read_bundle(&bundle, &dir).map(|_| ());
            (bundle, result.map_err(|e| e.to_string()), Some(dir))
        }));
    }

    /// Starts the export `job` of `project`; the status bar shows its progress and a
    /// Cancel button.
    pub fn export(&mut self, ctx: &egui::Context, project: Project, job: Box<ExportJob>) {
        let label = match *job {
            ExportJob::Deck { .. } => "Exporting the slide deck…",
            ExportJob::Single { .. } | ExportJob::Timeline { .. } => "Exporting…",
        };
        self.exporting = Some(Task::spawn_with_progress(ctx, label, move |progress| {
            export_dialog::run(&project, &job, progress)
        }));
    }

    /// Starts importing `paths` into `project`; `false` while another import runs.
    pub fn import(&mut self, ctx: &egui::Context, project: &Project, paths: Vec<PathBuf>) -> bool {
        if self.importing.is_some() {
            return false;
        }
        self.importing = Some(import::start(ctx, project, paths));
        true
    }
}

/// A job as the status bar shows it.
pub struct Status<'a> {
    /// What it is doing ("Exporting…").
    pub label: &'a str,
    /// How far it has got; the status bar's Cancel cancels it.
    pub progress: &'a Progress,
    /// Whether the status bar offers to cancel it.
    pub cancellable: bool,
}

impl<'a> Status<'a> {
    fn of<T>(task: Option<&'a Task<T>>, cancellable: bool) -> Option<Self> {
        task.map(|task| Self { label: &task.label, progress: task.progress(), cancellable })
    }
}

/// The result of the job in `slot` if it has finished, emptying the slot.
fn take<T: Send + 'static>(slot: &mut Option<Task<T>>) -> Option<Result<T, ()>> {
    let result = slot.as_ref()?.poll()?;
    *slot = None;
    Some(result)
}
