//! A whole project in one file, to mail or attach: a `.dossier` bundle.
//!
//! A bundle is one RON document that holds each file of the project folder as text:
//!
//! ```ron
//! (
//!   dossier_bundle: 1,
//!   files: [
//!     (path: "project.ron", text: "(\n  format: 1,\n  title: \"…\",\n)\n"),
//!     (path: "texts/assad-first-message-erbil-q7k2.txt", text: "ERBIL, …"),
//!   ],
//! )
//! ```
//!
//! (Texts that hold `"` or `\` are written as raw strings, `r#"…"#`, so nothing is escaped.)
//! Unpacking treats the bundle as untrusted: its size is checked before it is read, only
//! the project's own file names are accepted (`project.ron`, …, `texts/NAME.txt`), each
//! file obeys the loader's size limits, and the files are unpacked into a fresh folder
//! next to the target and loaded there with [`super::load_with_limits`] before the folder
//! gets its final name. A bundle that fails any of this leaves nothing behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{TEXTS_DIR, io_error, sync_dir, write_atomic, write_synced};
use super::{ALL_DATA_FILES, Limits, LoadError, LoadErrors, PROJECT_FILE, SaveError};
use crate::bounded_read::{BoundedReadError, read_bounded};
use crate::model::{Project, is_safe_text_path};

/// The version of the bundle document this program writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// The file name extension of a bundle, without the dot.
pub const BUNDLE_EXTENSION: &str = "dossier";

/// The largest bundle read: room for a full set of RON files and many texts.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;

/// Why a bundle could not be unpacked. Nothing is left in the target folder.
#[derive(Debug, thiserror::Error)]
pub enum UnbundleError {
    /// The target exists and holds files.
    #[error("{}: the folder is not empty; unpack into a new or empty folder", .0.display())]
    TargetNotEmpty(PathBuf),
    /// The bundle, or the project inside it, is broken or unsafe. Each error names the
    /// bundle, and for a file inside it the file as `BUNDLE/NAME:LINE:COL`.
    #[error("{0}")]
    Invalid(LoadErrors),
    /// A file or folder could not be written.
    #[error(transparent)]
    Write(#[from] SaveError),
}

/// The document as written. Borrowed, so that writing a bundle copies no text.
#[derive(Serialize)]
struct BundleOut<'a> {
    dossier_bundle: u32,
    #[serde(skip_serializing_if = "str::is_empty")]
    written_at: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    saved_base: &'a str,
    files: Vec<FileOut<'a>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    text: &'a str,
}

/// The document as read. The serde names appear in parser messages.
#[derive(Deserialize)]
#[serde(rename = "Bundle", deny_unknown_fields)]
pub(crate) struct BundleIn {
    #[serde(rename = "dossier_bundle")]
    version: u32,
    /// When an autosave was written (RFC 3339); empty in a bundle a person made.
    #[serde(default)]
    pub(crate) written_at: String,
    /// The fingerprint of the saved files an autosave was based on; empty otherwise.
    #[serde(default)]
    pub(crate) saved_base: String,
    files: Vec<FileIn>,
}

#[derive(Deserialize)]
#[serde(rename = "File", deny_unknown_fields)]
struct FileIn {
    path: String,
    text: String,
}

/// Only the version, read when the full document does not parse.
#[derive(Deserialize)]
struct VersionProbe {
    dossier_bundle: u32,
}

/// Facts about an autosave that travel inside its bundle.
#[derive(Default)]
pub(crate) struct BundleNotes<'a> {
    pub(crate) written_at: &'a str,
    pub(crate) saved_base: &'a str,
    /// An autosave leaves out the texts this project (the saved one) has: a source's text
    /// never changes after import, so only sources imported since need theirs.
    pub(crate) texts_in: Option<&'a Project>,
}

/// The bundle document of `project`: its RON files exactly as [`super::save`] writes
/// them, then each source's text, in path order.
pub(crate) fn bundle_text(project: &Project, notes: &BundleNotes<'_>) -> Result<String, SaveError> {
    let data = super::to_files(project)?;
    // conflicts.ron, events.ron and ach.ron are only written while there is something in them, as a
    // save does.
    let mut files: Vec<FileOut<'_>> = data
        .iter()
        .filter(|(name, _)| !super::files::left_out_when_empty(name, project))
        .map(|(name, text)| FileOut { path: name, text: text.as_str() })
        .collect();
    let saved_elsewhere = |s: &&crate::model::Source| {
        notes.texts_in.is_some_and(|base| base.sources.get(&s.id).is_some_and(|b| b.text_file == s.text_file))
    };
    let mut texts: Vec<FileOut<'_>> = project
        .sources
        .values()
        .filter(|s| !saved_elsewhere(s))
        .map(|s| FileOut { path: &s.text_file, text: &s.text })
        .collect();
    texts.sort_by(|a, b| a.path.cmp(b.path));
    texts.dedup_by(|a, b| a.path == b.path);
    files.extend(texts);
    let out = BundleOut {
        dossier_bundle: BUNDLE_VERSION,
        written_at: notes.written_at,
        saved_base: notes.saved_base,
        files,
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .escape_strings(false);
    let mut text = ron::ser::to_string_pretty(&out, config)
        .map_err(|e| SaveError::Serialize { file: "bundle", message: e.to_string() })?;
    text.push('\n');
    Ok(text)
}

/// Writes `project` as one bundle file `out` (atomically: a crash leaves the old file or
/// the new one). Source texts are taken from the project, so it must be loaded in full.
pub fn write_bundle(project: &Project, out: &Path) -> Result<(), SaveError> {
    for source in project.sources.values() {
        if !is_safe_text_path(&source.text_file) {
            return Err(io_error(
                Path::new(&source.text_file),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "unsafe text file path"),
            ));
        }
    }
    let text = bundle_text(project, &BundleNotes::default())?;
    write_atomic(out, text.as_bytes())
}

/// Loads the project in folder `project_dir` and writes it as the bundle `out`. A project
/// that does not load is not bundled; its errors are returned.
pub fn bundle_folder(project_dir: &Path, out: &Path) -> Result<Project, UnbundleError> {
    let project = super::load(project_dir).map_err(UnbundleError::Invalid)?;
    write_bundle(&project, out)?;
    Ok(project)
}

/// Unpacks the bundle `file` into the new folder `target` (which may exist if it is
/// empty) and returns the project, loaded from there with the default [`Limits`].
pub fn read_bundle(file: &Path, target: &Path) -> Result<Project, UnbundleError> {
    read_bundle_with_limits(file, target, Limits::default())
}

/// [`read_bundle`] with the given limits; the bundle itself may be at most
/// [`MAX_BUNDLE_BYTES`].
pub fn read_bundle_with_limits(file: &Path, target: &Path, limits: Limits) -> Result<Project, UnbundleError> {
    let target_exists = match target.symlink_metadata() {
        Ok(metadata) if metadata.is_dir() => {
            let mut entries = std::fs::read_dir(target).map_err(|e| io_error(target, e))?;
            if entries.next().is_some() {
                return Err(UnbundleError::TargetNotEmpty(target.to_owned()));
            }
            true
        }
        Ok(_) => return Err(UnbundleError::TargetNotEmpty(target.to_owned())),
        Err(_) => false,
    };
    let document = read_document(file, MAX_BUNDLE_BYTES, limits)?;

    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
    let name = target.file_name().map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    let staging = fresh_folder(&parent, &format!(".{name}.unbundling"))?;
    // Saving in place writes `.gitignore` and normalises RON that was edited by hand.
    let unpacked = unpack_and_load(&document, &staging, file, limits, None)
        .and_then(|project| super::save(&project, &staging).map(|_| project).map_err(UnbundleError::from));
    let project = match unpacked {
        Ok(project) => project,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    let moved = (|| {
        if target_exists {
            std::fs::remove_dir(target).map_err(|e| io_error(target, e))?;
        }
        std::fs::rename(&staging, target).map_err(|e| io_error(target, e))?;
        sync_dir(&parent)
    })();
    if let Err(error) = moved {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error.into());
    }
    Ok(project)
}

/// Reads and parses a bundle file: size first, then UTF-8, then the document with the
/// loader's depth limit, then every file's path and size.
pub(crate) fn read_document(file: &Path, max_bytes: u64, limits: Limits) -> Result<BundleIn, UnbundleError> {
    let invalid = |message: String| UnbundleError::Invalid(LoadErrors(vec![LoadError::new(file, message)]));
    let bytes = read_bounded(file, max_bytes).map_err(|error| {
        invalid(match error {
            BoundedReadError::Open(e) => format!("cannot open: {e}"),
            BoundedReadError::NotAFile => "is not a regular file".to_owned(),
            BoundedReadError::TooLarge { size, limit } => {
                format!("file is {size} bytes, larger than the {limit} byte limit of a bundle; refusing to read it")
            }
            BoundedReadError::Read(e) => format!("cannot read: {e}"),
            BoundedReadError::Grew { .. } => "file grew past the size limit while being read".to_owned(),
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        invalid(format!("not valid UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    let document = parse_document(file, &text, limits)?;
    check_files(file, &document, limits)?;
    Ok(document)
}

fn parse_document(file: &Path, text: &str, limits: Limits) -> Result<BundleIn, UnbundleError> {
    let options = ron::Options::default().with_recursion_limit(limits.max_depth);
    let at = |e: &ron::error::SpannedError, message: String| {
        UnbundleError::Invalid(LoadErrors(vec![LoadError::at(
            file,
            e.span.start.line,
            e.span.start.col,
            message,
        )]))
    };
    match options.from_str::<BundleIn>(text) {
        Ok(document) => {
            let version = document.version;
            if version == BUNDLE_VERSION { Ok(document) } else { Err(version_error(file, version)) }
        }
        Err(error) => {
            // A newer bundle may have fields this version does not know: say so first.
            if let Ok(VersionProbe { dossier_bundle }) = options.from_str::<VersionProbe>(text)
                && dossier_bundle != BUNDLE_VERSION
            {
                return Err(version_error(file, dossier_bundle));
            }
            let message = super::load::describe_ron_error(&error.code, limits.max_depth);
            Err(at(&error, message))
        }
    }
}

fn version_error(file: &Path, version: u32) -> UnbundleError {
    let message = if version > BUNDLE_VERSION {
        format!(
            "the bundle is in version {version}, newer than this Dossier understands ({BUNDLE_VERSION}); update Dossier to open it"
        )
    } else {
        format!("bundle version {version} does not exist; the first version is 1")
    };
    UnbundleError::Invalid(LoadErrors(vec![LoadError::new(file, message)]))
}

/// Every file must be one the project layout has, appear once, and fit the limits.
fn check_files(file: &Path, document: &BundleIn, limits: Limits) -> Result<(), UnbundleError> {
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in &document.files {
        let path = entry.path.as_str();
        let shown = file.join(path.replace(['\n', '\r'], " "));
        let is_data = ALL_DATA_FILES.contains(&path);
        if !is_data && !is_safe_text_path(path) {
            errors.push(LoadError::new(
                file,
                format!(
                    "holds a file named {path:?}; only the project's RON files and texts/NAME.txt are allowed"
                ),
            ));
            continue;
        }
        if !seen.insert(path) {
            errors.push(LoadError::new(shown, "appears twice in the bundle"));
            continue;
        }
        let limit = if is_data { limits.max_data_file_bytes } else { limits.max_text_file_bytes };
        if entry.text.len() as u64 > limit {
            errors.push(LoadError::new(
                shown,
                format!("is {} bytes, larger than the {limit} byte limit; refusing it", entry.text.len()),
            ));
        }
    }
    if !seen.contains(PROJECT_FILE) {
        errors.push(LoadError::new(file, format!("holds no {PROJECT_FILE}; it is not a Dossier bundle")));
    }
    if errors.is_empty() { Ok(()) } else { Err(UnbundleError::Invalid(LoadErrors(errors))) }
}

/// Writes the bundle's files into the empty folder `staging` and loads the project from it.
pub(crate) fn unpack_and_load(
    document: &BundleIn,
    staging: &Path,
    bundle: &Path,
    limits: Limits,
    texts_in: Option<&Project>,
) -> Result<Project, UnbundleError> {
    let texts = staging.join(TEXTS_DIR);
    std::fs::create_dir_all(&texts).map_err(|e| io_error(&texts, e))?;
    for entry in &document.files {
        write_synced(&staging.join(&entry.path), entry.text.as_bytes())?;
    }
    sync_dir(&texts)?;
    sync_dir(staging)?;
    // The texts an autosave left out are the saved project's (see `BundleNotes`): shared
    // with it, not read again.
    let loaded = match texts_in {
        Some(base) => super::load::load_sharing_texts(staging, limits, base),
        None => super::load_with_limits(staging, limits),
    };
    let project = loaded.map_err(|LoadErrors(errors)| {
        UnbundleError::Invalid(LoadErrors(
            errors
                .into_iter()
                .map(|mut error| {
                    // Name the file inside the bundle, not in the folder that is about to go.
                    let inner = error.file.strip_prefix(staging).map(Path::to_owned);
                    error.file = match inner {
                        Ok(inner) if !inner.as_os_str().is_empty() => bundle.join(inner),
                        _ => bundle.to_owned(),
                    };
                    error
                })
                .collect(),
        ))
    })?;
    Ok(project)
}

/// Creates a new folder in `parent` named `stem` or `stem-2`, `stem-3`, …, never one that
/// exists already, and returns it.
pub(crate) fn fresh_folder(parent: &Path, stem: &str) -> Result<PathBuf, SaveError> {
    let mut n = 1_u32;
    loop {
        let name = if n == 1 { stem.to_owned() } else { format!("{stem}-{n}") };
        let path = parent.join(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(io_error(&path, e)),
        }
    }
}
