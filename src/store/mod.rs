//! The project on disk: a folder of RON files plus one UTF-8 text file per source.
//!
//! ```text
//! project.ron      format version, title, notes
//! sources.ron      source metadata, one record per source
//! entities.ron     entities
//! mentions.ron     mentions with their anchors
//! relations.ron    relations with their evidence
//! maps.ron         maps and node positions
//! rejections.ron   suggested mentions the analyst turned down
//! claims.ron       claims, with each source's quotes for or against them
//! conflicts.ron    unresolved merge conflicts (only while there are some)
//! events.ron       timeline events with their times and evidence (once there are some)
//! ach.ron          matrices of competing hypotheses rated against claims (once there are some)
//! texts/ID.txt     each source's text, never rewritten after import
//! .dossier/        per-user workspace (panel layout, selection, the autosave in
//!                  recovery/); not analysis data
//! ```
//!
//! Saving is atomic across files (see [`save`]), output is deterministic, and loading
//! treats every file as untrusted (see [`load`]). [`merge_texts`] merges three versions
//! of one file by item id, for `dossier merge` as a git merge driver, and
//! [`merge_projects`] merges whole projects the same way (a reload with unsaved work).
//! [`bundle`] packs a project into one
//! `.dossier` file and unpacks it with the same care; [`recovery`] keeps an autosave of
//! unsaved work apart from the saved files.

pub mod bundle;
mod canonical;
mod error;
mod files;
mod load;
mod merge;
pub mod recovery;
mod save;

pub use error::{LoadError, LoadErrors, SaveError};
pub use files::{
    ACH_FILE, ALL_DATA_FILES, CLAIMS_FILE, CONFLICTS_FILE, DATA_FILES, ENTITIES_FILE, EVENTS_FILE, MAPS_FILE,
    MENTIONS_FILE, PROJECT_FILE, REJECTIONS_FILE, RELATIONS_FILE, SOURCES_FILE, WORKSPACE_DIR, write_atomic,
};
pub use load::{Limits, load, load_parts, load_with_limits};
pub use merge::{
    FileKind, MergeError, MergeOutcome, ProjectMerge, add_conflicts, merge_projects, merge_texts,
    read_limited,
};
pub use save::{SaveOutcome, create, save, save_files, to_files};

/// The version of the format this program writes. Older versions load through
/// migrations; newer ones are refused.
pub const FORMAT_VERSION: u32 = 1;
