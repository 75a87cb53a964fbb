//! The open project: its folder, its data and its undo history.

use std::path::PathBuf;
use std::sync::Arc;

use crate::edit::History;
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
}
