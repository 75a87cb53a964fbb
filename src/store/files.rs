//! File names of the layout and the atomic write of one file.

use std::io::Write;
use std::path::Path;

use super::SaveError;

/// Format version, title and notes.
pub const PROJECT_FILE: &str = "project.ron";
/// Source metadata.
pub const SOURCES_FILE: &str = "sources.ron";
/// Entities.
pub const ENTITIES_FILE: &str = "entities.ron";
/// Mentions.
pub const MENTIONS_FILE: &str = "mentions.ron";
/// Relations and evidence.
pub const RELATIONS_FILE: &str = "relations.ron";
/// Maps.
pub const MAPS_FILE: &str = "maps.ron";
/// Rejected suggestions of the mention finder.
pub const REJECTIONS_FILE: &str = "rejections.ron";
/// Claims and the sources' stances on them.
pub const CLAIMS_FILE: &str = "claims.ron";
/// Unresolved merge conflicts; only there while a project has (or has had) some.
pub const CONFLICTS_FILE: &str = "conflicts.ron";
/// Events on the timeline; only there once a project has (or has had) some.
pub const EVENTS_FILE: &str = "events.ron";
/// Matrices of competing hypotheses; only there once a project has (or has had) one.
pub const ACH_FILE: &str = "ach.ron";
/// Per-user state (layout, selection), kept out of version control.
pub const WORKSPACE_DIR: &str = ".dossier";
/// Folder of the source texts.
pub(crate) const TEXTS_DIR: &str = "texts";
/// Present only while a save is moving its new files into place.
pub(crate) const JOURNAL_FILE: &str = ".save-journal";
/// Suffix of a file written by a save that is not yet in place.
pub(crate) const NEW_SUFFIX: &str = ".new";

/// The RON files every saved project has, in the order they are written.
pub const DATA_FILES: [&str; 8] = [
    PROJECT_FILE,
    SOURCES_FILE,
    ENTITIES_FILE,
    MENTIONS_FILE,
    RELATIONS_FILE,
    MAPS_FILE,
    REJECTIONS_FILE,
    CLAIMS_FILE,
];

/// Every RON file a project may have: [`DATA_FILES`] and then [`CONFLICTS_FILE`],
/// [`EVENTS_FILE`] and [`ACH_FILE`], which a save writes only while there are conflicts
/// (events, matrices) or the file is already there.
pub const ALL_DATA_FILES: [&str; DATA_FILES.len() + 3] = {
    let mut all = [CONFLICTS_FILE; DATA_FILES.len() + 3];
    let mut i = 0;
    while i < DATA_FILES.len() {
        all[i] = DATA_FILES[i];
        i += 1;
    }
    all[DATA_FILES.len() + 1] = EVENTS_FILE;
    all[DATA_FILES.len() + 2] = ACH_FILE;
    all
};

/// Whether `name` is a file a save leaves out while `project` has nothing for it (and
/// the folder has no such file yet): `conflicts.ron` without conflicts, `events.ron`
/// without events, `ach.ron` without matrices.
pub(crate) fn left_out_when_empty(name: &str, project: &crate::model::Project) -> bool {
    (name == CONFLICTS_FILE && project.conflicts.is_empty())
        || (name == EVENTS_FILE && project.events.is_empty())
        || (name == ACH_FILE && project.matrices.is_empty())
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one:
/// write a sibling temporary file, flush it to disk, rename it over `path`, sync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(NEW_SUFFIX);
    let tmp = Path::new(&tmp);
    write_synced(tmp, bytes)?;
    std::fs::rename(tmp, path).map_err(|source| io_error(path, source))?;
    // A bare file name (`.merge_file_a1`, as git passes it) has the empty path as parent.
    sync_dir(path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new(".")))
}

/// Writes a file and flushes it to the disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let mut file = std::fs::File::create(path).map_err(|source| io_error(path, source))?;
    file.write_all(bytes).map_err(|source| io_error(path, source))?;
    file.sync_all().map_err(|source| io_error(path, source))
}

/// Flushes a folder's entries (renames, new files) to the disk, where the system allows it.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), SaveError> {
    #[cfg(unix)]
    {
        let dir_file = std::fs::File::open(dir).map_err(|source| io_error(dir, source))?;
        dir_file.sync_all().map_err(|source| io_error(dir, source))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

pub(crate) fn io_error(path: &Path, source: std::io::Error) -> SaveError {
    SaveError::Io { path: path.to_owned(), source }
}
