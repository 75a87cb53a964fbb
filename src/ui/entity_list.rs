//! File ▸ Import entity list…: a CSV of names, kinds and aliases read on a background
//! thread, added as one undoable edit, then searched for in every source.

use std::path::{Path, PathBuf};

use super::task::Task;
use crate::analysis::{ImportReport, import_entity_list};
use crate::edit::Edit;
use crate::model::{IdGenerator, Project};

/// Lists larger than this are refused rather than read into memory.
const MAX_LIST_BYTES: u64 = 64 * 1024 * 1024;

/// What reading a list gives: the edit and what it does, or a one-line error.
pub type ListResult = Result<(Edit, ImportReport), String>;

/// Reads and matches the list at `path` against a copy of `project` in the background.
pub fn start(ctx: &egui::Context, project: &Project, path: PathBuf) -> Task<(PathBuf, ListResult)> {
    let snapshot = project.clone();
    Task::spawn(ctx, "Importing the entity list…", move || {
        let result = read(&path).and_then(|text| {
            import_entity_list(&snapshot, &text, &mut IdGenerator::default())
                .map_err(|error| format!("{}: {error}", path.display()))
        });
        (path, result)
    })
}

fn read(path: &Path) -> Result<String, String> {
    use crate::bounded_read::{BoundedReadError, read_bounded};
    let fail = |what: String| format!("{}: {what}", path.display());
    let bytes = read_bounded(path, MAX_LIST_BYTES).map_err(|error| {
        fail(match error {
            BoundedReadError::Open(e) | BoundedReadError::Read(e) => e.to_string(),
            BoundedReadError::NotAFile => "not a regular file".to_owned(),
            BoundedReadError::TooLarge { size, .. } => {
                format!("{size} bytes is more than an entity list may be ({MAX_LIST_BYTES})")
            }
            BoundedReadError::Grew { .. } => {
                format!("more than an entity list may be ({MAX_LIST_BYTES} bytes)")
            }
        })
    })?;
    String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text; save the list as UTF-8 CSV".to_owned()))
}

/// One line about what the import did, and the skipped rows with their line numbers.
pub fn summary(path: &Path, report: &ImportReport) -> (String, Vec<String>) {
    let name =
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let text = format!(
        "{name}: {} entities created, {} updated, {} unchanged, {} rows skipped",
        report.created,
        report.updated,
        report.unchanged,
        report.errors.len()
    );
    let rows = report.errors.iter().map(|e| format!("{name}:{}: {}", e.line, e.message)).collect();
    (text, rows)
}
