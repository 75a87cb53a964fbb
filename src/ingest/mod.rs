//! Turning files into sources: plain text in any encoding, Markdown, web pages and PDFs.
//!
//! [`import_paths`] walks the files and folders the user picked, converts each file
//! ([`convert`]), skips files whose text the project already has, and returns an
//! [`ImportReport`] whose [`ImportReport::edit`] adds the new sources in one undo step.
//! One bad file never stops the others. PDFs are read in a child process (`dossier
//! extract-pdf`) with a time and memory cap, so a hostile PDF cannot take the app down.
//!
//! A text that is already UTF-8 with LF line endings is stored byte for byte; anything
//! else is decoded to UTF-8 and its line endings become LF. The text never changes after
//! import: anchors point into it by byte offset.

mod convert;
mod error;
mod html;
mod language;
mod pdf;
mod text;
mod time;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest as _, Sha256};

use crate::edit::Edit;
use crate::model::{Credibility, IdGenerator, Project, Reliability, Source, SourceId};
use crate::progress::Progress;

pub use convert::{Document, Format, convert};
pub use error::{FileError, IngestError};
pub use html::{HtmlPage, html_to_text};
pub use language::detect_language;
pub use pdf::{
    EXIT_NO_TEXT, EXIT_PDF_ERROR, PAGE_BREAK, PdfOptions, limit_memory, pdf_text, pdf_text_isolated,
};
pub use text::{decode_text, normalize_line_endings};
pub use time::rfc3339_utc;

/// Settings of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// Files bigger than this many bytes are refused before they are read.
    pub max_file_bytes: u64,
    /// How PDFs are read.
    pub pdf: PdfOptions,
}

/// The default size limit of an imported file: the same as a project's text files.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

impl Default for ImportOptions {
    fn default() -> Self {
        Self { max_file_bytes: MAX_FILE_BYTES, pdf: PdfOptions::default() }
    }
}

/// A file that was not imported because the project already has its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The file.
    pub file: PathBuf,
    /// The source with the same text: one already in the project, or one made from an
    /// earlier file of this import.
    pub duplicate_of: SourceId,
}

/// A new source and the file it was made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The file, as the user named it or as found in a folder they named.
    pub file: PathBuf,
    /// The source made from it (not yet in the project).
    pub source: Source,
}

/// What an import made of the files it was given.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The new sources with their files, in the order the files were read.
    pub imported: Vec<Imported>,
    /// Files skipped because their text is already a source.
    pub duplicates: Vec<Duplicate>,
    /// Files that could not be imported, each with its reason.
    pub errors: Vec<FileError>,
    /// Whether the import was cancelled (through its [`Progress`]) before every file was
    /// read; the sources made before the cancel are kept in the report.
    pub cancelled: bool,
}

impl ImportReport {
    /// The edit that adds the new sources to the project, one undo step.
    pub fn edit(&self) -> Edit {
        Edit::Batch(self.sources().cloned().map(Edit::put).collect())
    }

    /// Gives the new sources that have no grade yet these grades (the user's defaults
    /// for imports).
    pub fn grade(&mut self, reliability: Option<Reliability>, credibility: Option<Credibility>) {
        for imported in &mut self.imported {
            let source = &mut imported.source;
            source.reliability = source.reliability.or(reliability);
            source.credibility = source.credibility.or(credibility);
        }
    }

    /// The new sources, in the order their files were read.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.imported.iter().map(|imported| &imported.source)
    }

    /// Whether every file was imported or skipped as a duplicate.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && !self.cancelled
    }
}

/// A file found for import: where it is, and its path relative to what the user picked.
struct Found {
    path: PathBuf,
    relative: String,
}

/// Imports files and folders (walked recursively, hidden entries skipped, in name
/// order) into new sources for `project`, which is not changed: apply
/// [`ImportReport::edit`] to add them. `progress` is told "file n of m" and the file's
/// path before each file is read; a cancel stops the import before the next file (or
/// during a PDF's extraction) and sets [`ImportReport::cancelled`].
pub fn import_paths(
    project: &Project,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &Progress,
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut found = Vec::new();
    for path in paths {
        collect_files(path, &mut found, &mut report.errors);
    }
    let mut known: HashMap<String, SourceId> =
        project.sources.values().map(|s| (source_checksum(s), s.id.clone())).collect();
    let mut new_ids: HashSet<String> = HashSet::new();
    let mut ids = IdGenerator::default();
    let total = found.len();
    for (index, file) in found.iter().enumerate() {
        if progress.report_step(index + 1, total, &file.path.display().to_string()).is_err() {
            report.cancelled = true;
            break;
        }
        let (document, size) = match read_and_convert(&file.path, options, progress) {
            Ok(converted) => converted,
            Err(IngestError::Cancelled(_)) => {
                report.cancelled = true;
                break;
            }
            Err(error) => {
                report.errors.push(FileError { file: file.path.clone(), error });
                continue;
            }
        };
        let checksum = sha256_hex(document.text.as_bytes());
        if let Some(existing) = known.get(&checksum) {
            report.duplicates.push(Duplicate { file: file.path.clone(), duplicate_of: existing.clone() });
            continue;
        }
        let id = ids.make(&document.title, "source", |id| {
            project.sources.contains_key(&SourceId::from(id)) || new_ids.contains(id)
        });
        new_ids.insert(id.clone());
        let id = SourceId(id);
        known.insert(checksum.clone(), id.clone());
        let source = source_from_document(id, document, file, size, checksum);
        report.imported.push(Imported { file: file.path.clone(), source });
    }
    report
}

/// Reads and converts one file; also returns its size in bytes.
fn read_and_convert(
    path: &Path,
    options: &ImportOptions,
    progress: &Progress,
) -> Result<(Document, u64), IngestError> {
    let bytes = read_capped(path, options.max_file_bytes)?;
    let document = convert(path, &bytes, &options.pdf, progress)?;
    Ok((document, bytes.len() as u64))
}

/// A new source made from a converted file.
fn source_from_document(
    id: SourceId,
    document: Document,
    file: &Found,
    size: u64,
    checksum: String,
) -> Source {
    let mut source = Source::new(id, document.title, document.text);
    source.author = document.author;
    source.published = document.published;
    source.url = document.url;
    source.language = document.language;
    source.original_file =
        file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    source.original_path.clone_from(&file.relative);
    source.size = Some(size);
    source.sha256 = checksum;
    source.imported_at = rfc3339_utc(SystemTime::now());
    source
}

/// The checksum of a source's text: its recorded `sha256`, or one computed now for
/// sources imported before checksums were kept.
fn source_checksum(source: &Source) -> String {
    if source.sha256.is_empty() { sha256_hex(source.text.as_bytes()) } else { source.sha256.clone() }
}

/// The SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in &digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Adds `path` to `found`: the file itself, or the files under a folder. What cannot be
/// read goes to `errors`, and the walk goes on.
fn collect_files(path: &Path, found: &mut Vec<Found>, errors: &mut Vec<FileError>) {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => walk_folder(path, "", found, errors),
        Ok(_) => {
            let relative = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            found.push(Found { path: path.to_owned(), relative });
        }
        Err(error) => errors.push(FileError { file: path.to_owned(), error: error.into() }),
    }
}

/// Adds the files under `folder` (whose path relative to the picked folder is
/// `prefix`), in name order, skipping hidden entries and links to folders (which could
/// loop).
fn walk_folder(folder: &Path, prefix: &str, found: &mut Vec<Found>, errors: &mut Vec<FileError>) {
    let entries = std::fs::read_dir(folder).and_then(Iterator::collect::<Result<Vec<_>, _>>);
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(FileError { file: folder.to_owned(), error: error.into() });
            return;
        }
    };
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let is_link_to_dir = entry.file_type().is_ok_and(|t| t.is_symlink()) && path.is_dir();
        if is_dir {
            walk_folder(&path, &relative, found, errors);
        } else if is_link_to_dir {
            log::info!("not following the link to a folder {}", path.display());
        } else {
            found.push(Found { path, relative });
        }
    }
}

/// Reads a file of at most `limit` bytes, checking the size before and while reading.
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, IngestError> {
    use crate::bounded_read::{BoundedReadError, read_bounded};
    read_bounded(path, limit).map_err(|error| match error {
        BoundedReadError::Open(e) | BoundedReadError::Read(e) => IngestError::Read(e),
        BoundedReadError::NotAFile => {
            IngestError::Read(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"))
        }
        BoundedReadError::TooLarge { size, limit } => IngestError::TooLarge { size, limit },
        BoundedReadError::Grew { limit } => IngestError::TooLarge { size: limit + 1, limit },
    })
}
