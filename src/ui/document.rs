//! The open project: its folder, its data and its undo history.

use std::path::PathBuf;
use std::sync::Arc;

use crate::edit::{Changes, Edit, EditError, History, Part, apply_owned};
use crate::model::Project;

/// A project open in the app.
pub struct Document {
    /// The project folder.
    pub path: PathBuf,
    /// The analysis data.
    pub project: Project,
    /// Undo, redo and the saved state.
    pub history: History,
    /// The project as last loaded or saved, to tell the unsaved changes from what others
    /// changed on disk. Shared with the save that wrote it.
    pub saved: Arc<Project>,
}

impl Document {
    /// A document for a project just loaded from or saved to `path`, with `saved` a copy
    /// of it (made on the thread that loaded it, where the project is large).
    pub fn with_saved(path: PathBuf, project: Project, saved: Arc<Project>) -> Self {
        Self { path, saved, project, history: History::new() }
    }

    /// Whether there are changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The project as it is now, for a worker to rebuild: as a save does, the worker
    /// copies the saved state and replays the edits made since, which it shares with the
    /// history, so the UI thread copies nothing of any size. Only when the saved state is
    /// not on the undo stack (undone past, or redone through) is the project copied here.
    pub fn snapshot(&self) -> Snapshot {
        match self.history.edits_since_saved() {
            Some(edits) => Snapshot::Replay(Arc::clone(&self.saved), edits),
            None => Snapshot::Copy(Box::new(self.project.clone())),
        }
    }
}

/// The open project handed to a worker by [`Document::snapshot`].
pub enum Snapshot {
    /// The saved state and the edits that lead from it to the project.
    Replay(Arc<Project>, Vec<Arc<Edit>>),
    /// The project itself.
    Copy(Box<Project>),
}

impl Snapshot {
    /// The project, rebuilt (on the worker).
    pub fn into_project(self) -> Result<Project, EditError> {
        match self {
            Self::Replay(saved, edits) => {
                let mut project = (*saved).clone();
                for edit in edits {
                    apply_owned(&mut project, Arc::unwrap_or_clone(edit)).map_err(|(error, _)| error)?;
                }
                Ok(project)
            }
            Self::Copy(project) => Ok(*project),
        }
    }
}

/// Identifies the state of the open project part by part, so a panel rebuilds what it
/// derives from some parts (counts from the mentions, a map's scene) only when those
/// change, not after every edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Which project this is: the count of projects opened so far.
    load: u64,
    changes: Changes,
}

impl Revision {
    /// The revision of `doc`, the `load`-th project opened.
    pub fn of_document(load: u64, doc: &Document) -> Self {
        Self { load, changes: doc.history.changes() }
    }

    /// A revision for a panel drawn on its own (benches, tests): `n` stands for the
    /// whole project, and a new `n` for a changed one.
    pub fn whole(n: u64) -> Self {
        Self { load: n, changes: Changes::default() }
    }

    /// A key that changes when any of `parts` changes, and differs between projects.
    pub fn of(self, parts: &[Part]) -> u64 {
        (self.load << 40) ^ self.changes.of(parts)
    }

    /// A key that changes with every edit, undo and redo.
    pub fn any(self) -> u64 {
        (self.load << 40) ^ self.changes.any()
    }
}
