//! Autosave for crash recovery: the unsaved state of a project, kept apart from its files.
//!
//! While a project has unsaved changes, the GUI calls [`write_recovery`] now and then
//! (every 30 seconds and when the window loses focus). It writes the whole project state
//! as one bundle (see [`super::bundle`]) to `PROJECT/.dossier/recovery/autosave.dossier`,
//! atomically, and never touches the project's own files. After a successful save the GUI
//! calls [`discard_recovery`]. When a project is opened, [`read_recovery`] says whether
//! an autosave is there, when it was written, how it differs from the saved project, and
//! whether the saved files changed after it was written (someone saved elsewhere, or a
//! `git pull`), so the GUI can offer to restore it.
//!
//! An autosave is read as untrusted input, exactly like a bundle: size limits before
//! reading, only the project's own file names, and the loader's checks on the result.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest as _, Sha256};

use super::bundle::{BundleNotes, UnbundleError, bundle_text, fresh_folder, read_document, unpack_and_load};
use super::files::{io_error, write_atomic};
use super::{ALL_DATA_FILES, Limits, LoadError, LoadErrors, SaveError, WORKSPACE_DIR};
use crate::model::Project;

/// The folder of autosaves inside the workspace folder `.dossier/`.
pub const RECOVERY_DIR: &str = "recovery";
/// The autosave's file name inside [`RECOVERY_DIR`].
pub const RECOVERY_FILE: &str = "autosave.dossier";
/// Prefix of the scratch folders in which an autosave is unpacked to be checked.
const SCRATCH_PREFIX: &str = "check";

/// A fingerprint of a project's saved RON files, taken right after it was loaded or
/// saved, so that an autosave can tell whether the files changed behind its back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SavedMarker(String);

impl SavedMarker {
    /// The fingerprint of the RON files now in `project_dir` (missing files count as
    /// empty). Call it after each load and save.
    pub fn of_folder(project_dir: &Path) -> Self {
        let mut hash = Sha256::new();
        for name in ALL_DATA_FILES {
            let bytes = std::fs::read(project_dir.join(name)).unwrap_or_default();
            hash.update(name.as_bytes());
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
        Self(hex(&hash.finalize()))
    }

    /// The fingerprint as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// How many items of one kind an autosave adds, changes and removes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindChanges {
    /// Items only the autosave has.
    pub added: usize,
    /// Items both have, with different contents.
    pub changed: usize,
    /// Items only the saved project has.
    pub removed: usize,
}

impl KindChanges {
    fn between<K: Ord, V: PartialEq>(
        saved: &std::collections::BTreeMap<K, V>,
        recovered: &std::collections::BTreeMap<K, V>,
    ) -> Self {
        let mut counts = Self::default();
        for (key, value) in recovered {
            match saved.get(key) {
                None => counts.added += 1,
                Some(old) if old != value => counts.changed += 1,
                Some(_) => {}
            }
        }
        counts.removed = saved.keys().filter(|k| !recovered.contains_key(k)).count();
        counts
    }

    /// True when nothing was added, changed or removed.
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.changed == 0 && self.removed == 0
    }
}

/// How an autosave differs from the saved project, per kind of item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The title or the notes differ.
    pub meta_changed: bool,
    /// Sources.
    pub sources: KindChanges,
    /// Entities.
    pub entities: KindChanges,
    /// Mentions.
    pub mentions: KindChanges,
    /// Relations.
    pub relations: KindChanges,
    /// Maps.
    pub maps: KindChanges,
    /// Rejected suggestions.
    pub rejections: KindChanges,
    /// Claims.
    pub claims: KindChanges,
    /// Timeline events.
    pub events: KindChanges,
    /// Matrices of competing hypotheses.
    pub matrices: KindChanges,
}

impl Changes {
    /// What `recovered` adds to, changes in and removes from `saved`.
    pub fn between(saved: &Project, recovered: &Project) -> Self {
        Self {
            meta_changed: saved.meta != recovered.meta,
            sources: KindChanges::between(&saved.sources, &recovered.sources),
            entities: KindChanges::between(&saved.entities, &recovered.entities),
            mentions: KindChanges::between(&saved.mentions, &recovered.mentions),
            relations: KindChanges::between(&saved.relations, &recovered.relations),
            maps: KindChanges::between(&saved.maps, &recovered.maps),
            rejections: KindChanges::between(&saved.rejections, &recovered.rejections),
            claims: KindChanges::between(&saved.claims, &recovered.claims),
            events: KindChanges::between(&saved.events, &recovered.events),
            matrices: KindChanges::between(&saved.matrices, &recovered.matrices),
        }
    }

    /// Each kind with its name (singular, plural), in the order the GUI lists them.
    pub fn kinds(&self) -> [((&'static str, &'static str), KindChanges); 9] {
        [
            (("source", "sources"), self.sources),
            (("entity", "entities"), self.entities),
            (("mention", "mentions"), self.mentions),
            (("relation", "relations"), self.relations),
            (("map", "maps"), self.maps),
            (("rejected suggestion", "rejected suggestions"), self.rejections),
            (("claim", "claims"), self.claims),
            (("event", "events"), self.events),
            (("matrix of hypotheses", "matrices of hypotheses"), self.matrices),
        ]
    }

    /// True when the autosave holds nothing the saved project lacks.
    pub fn is_empty(&self) -> bool {
        !self.meta_changed && self.kinds().iter().all(|(_, k)| k.is_empty())
    }

    /// One line for people: "2 entities added, 1 relation changed, title or notes changed".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for ((singular, plural), counts) in self.kinds() {
            for (n, verb) in
                [(counts.added, "added"), (counts.changed, "changed"), (counts.removed, "removed")]
            {
                if n > 0 {
                    let name = if n == 1 { singular } else { plural };
                    parts.push(format!("{n} {name} {verb}"));
                }
            }
        }
        if self.meta_changed {
            parts.push("title or notes changed".to_owned());
        }
        if parts.is_empty() { "no changes".to_owned() } else { parts.join(", ") }
    }
}

/// An autosave found next to a project.
#[derive(Clone, Debug)]
pub struct Recovery {
    /// When it was written, RFC 3339 UTC (`2024-12-16T09:30:00Z`).
    pub written_at: String,
    /// When it was written, from the file's modification time, where the system says.
    pub modified: Option<SystemTime>,
    /// The project as it was autosaved, loaded and validated in full.
    pub project: Project,
    /// How it differs from the saved project.
    pub changes: Changes,
    /// True when the saved files are no longer the ones the autosave was based on: they
    /// were saved or changed after the autosave was written, so restoring it would undo
    /// those changes.
    pub saved_files_changed: bool,
}

/// Why an autosave could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The autosave is broken or unsafe; the GUI can offer to discard it.
    #[error("{0}")]
    Invalid(LoadErrors),
    /// The scratch folder could not be written or removed.
    #[error(transparent)]
    Io(#[from] SaveError),
}

/// Where the autosave of the project in `project_dir` lives.
pub fn recovery_file(project_dir: &Path) -> PathBuf {
    project_dir.join(WORKSPACE_DIR).join(RECOVERY_DIR).join(RECOVERY_FILE)
}

/// The recovery folder, created if needed. `.dossier` and `.dossier/recovery` must be
/// real folders: a project someone sent may hold a `.dossier` link pointing anywhere, and
/// an autosave must never be written (or removed) outside the project.
fn recovery_dir_inside(project_dir: &Path, create: bool) -> Result<Option<PathBuf>, SaveError> {
    let mut dir = project_dir.to_owned();
    for part in [WORKSPACE_DIR, RECOVERY_DIR] {
        dir.push(part);
        match dir.symlink_metadata() {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(io_error(
                    &dir,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "is a link or a file, not a folder; refusing to keep autosaves there",
                    ),
                ));
            }
            Err(_) if create => match std::fs::create_dir(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_error(&dir, e)),
            },
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(dir))
}

/// Writes an autosave of `project` for the project folder `project_dir`, atomically,
/// replacing the previous one. `saved` is the project as last loaded or saved and
/// `marker` the [`SavedMarker`] taken then. The texts `saved` has are left out (a source's
/// text never changes after import): reading the autosave takes them from the saved
/// project. The project's own files are never touched.
pub fn write_recovery(
    project_dir: &Path,
    project: &Project,
    (saved, marker): (&Project, &SavedMarker),
) -> Result<(), SaveError> {
    let written_at = crate::ingest::rfc3339_utc(SystemTime::now());
    let notes = BundleNotes { written_at: &written_at, saved_base: marker.as_str(), texts_in: Some(saved) };
    let text = bundle_text(project, &notes)?;
    let Some(dir) = recovery_dir_inside(project_dir, true)? else {
        return Err(io_error(project_dir, std::io::Error::other("no recovery folder")));
    };
    write_atomic(&dir.join(RECOVERY_FILE), text.as_bytes())
}

/// Removes the autosave of the project in `project_dir`, if there is one.
pub fn discard_recovery(project_dir: &Path) -> Result<(), SaveError> {
    let Some(dir) = recovery_dir_inside(project_dir, false)? else {
        return Ok(());
    };
    let file = dir.join(RECOVERY_FILE);
    match std::fs::remove_file(&file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(&file, e)),
    }
}

/// The autosave of the project in `project_dir`, if there is one, compared with the
/// saved project (loaded here; a saved project that does not load counts as empty).
pub fn read_recovery(project_dir: &Path) -> Result<Option<Recovery>, RecoveryError> {
    let saved = super::load(project_dir).unwrap_or_default();
    read_recovery_against(project_dir, &saved)
}

/// [`read_recovery`] for a caller that has just loaded the saved project itself.
pub fn read_recovery_against(project_dir: &Path, saved: &Project) -> Result<Option<Recovery>, RecoveryError> {
    read_recovery_with_limits(project_dir, saved, Limits::default())
}

/// [`read_recovery_against`] with the given limits.
pub fn read_recovery_with_limits(
    project_dir: &Path,
    saved: &Project,
    limits: Limits,
) -> Result<Option<Recovery>, RecoveryError> {
    let Some(dir) = recovery_dir_inside(project_dir, false)? else {
        return Ok(None);
    };
    remove_scratch_folders(&dir);
    let file = dir.join(RECOVERY_FILE);
    let Ok(metadata) = file.symlink_metadata() else {
        return Ok(None);
    };
    if !metadata.is_file() {
        return Err(RecoveryError::Invalid(LoadErrors(vec![LoadError::new(&file, "is not a regular file")])));
    }
    let document = read_document(&file, super::bundle::MAX_BUNDLE_BYTES, limits).map_err(invalid)?;
    let scratch = fresh_folder(&dir, SCRATCH_PREFIX)?;
    let loaded = unpack_and_load(&document, &scratch, &file, limits, Some(saved));
    let _ = std::fs::remove_dir_all(&scratch);
    let project = loaded.map_err(invalid)?;
    Ok(Some(Recovery {
        changes: Changes::between(saved, &project),
        saved_files_changed: document.saved_base != SavedMarker::of_folder(project_dir).0,
        written_at: document.written_at,
        modified: metadata.modified().ok(),
        project,
    }))
}

fn invalid(error: UnbundleError) -> RecoveryError {
    match error {
        UnbundleError::Invalid(errors) => RecoveryError::Invalid(errors),
        UnbundleError::Write(error) => RecoveryError::Io(error),
        UnbundleError::TargetNotEmpty(path) => RecoveryError::Io(io_error(
            &path,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "folder is not empty"),
        )),
    }
}

/// Scratch folders left by a check that a crash interrupted.
fn remove_scratch_folders(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let is_scratch = entry.file_name().to_str().is_some_and(|n| n.starts_with(SCRATCH_PREFIX));
        if is_scratch && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
