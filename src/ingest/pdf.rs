//! PDF text, page by page, extracted in a child process so that a crash or an endless
//! loop in the PDF parser cannot take the app down.
//!
//! The extraction is ours, on top of lopdf's parser (objects, streams, filters, fonts'
//! maps): `content` runs the page's drawing operators and places each character,
//! `font` decodes strings, `layout` puts the characters in reading order. We wrote it
//! because no crate we tried read what real producers write (see docs/DESIGN-NOTES.md,
//! "PDF text"): `pdf-extract` 0.12 ignores the `'` and `"` operators, so a PDF drawn
//! with them had "no text", and keeps drawing order, so columns and rotated pages came
//! out scrambled; lopdf's own `extract_text` has no positions at all.

mod base14;
mod content;
mod font;
mod layout;

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::IngestError;
use super::text::normalize_line_endings;
use crate::progress::Progress;

/// Separates pages in a PDF's text, so a citation can count its page.
pub const PAGE_BREAK: char = '\u{000C}';

/// How PDFs are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfOptions {
    /// The `dossier` binary that runs `dossier extract-pdf` in a child process; `None`
    /// reads the PDF in this process (for library use without the binary).
    pub extractor: Option<PathBuf>,
    /// The child is killed after this long.
    pub time_limit: Duration,
    /// The child's address-space limit in bytes (Unix only).
    pub memory_limit_bytes: u64,
    /// The most text the child may print, in bytes.
    pub max_text_bytes: u64,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            extractor: dossier_binary(),
            time_limit: Duration::from_secs(30),
            memory_limit_bytes: 4 << 30,
            max_text_bytes: 256 << 20,
        }
    }
}

/// This program, if it is the `dossier` binary (and not, say, a test harness that
/// links the library).
fn dossier_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let stem = exe.file_stem()?.to_str()?;
    (stem == "dossier").then_some(exe)
}

/// The text of a PDF in this process: each page's text, trimmed, pages separated by
/// [`PAGE_BREAK`]. A panic in the parser is caught and reported as an error.
pub fn pdf_text(bytes: &[u8]) -> Result<String, IngestError> {
    let pages = std::panic::catch_unwind(|| pages_text(bytes))
        .map_err(|_| IngestError::Pdf("the PDF parser failed on this file".to_owned()))??;
    let pages: Vec<String> =
        pages.iter().map(|page| normalize_line_endings(page).trim().to_owned()).collect();
    if pages.iter().all(String::is_empty) {
        return Err(IngestError::NoText);
    }
    Ok(pages.join(&PAGE_BREAK.to_string()))
}

/// The text of each page of the PDF `bytes`, in page order.
fn pages_text(bytes: &[u8]) -> Result<Vec<String>, IngestError> {
    let document =
        lopdf::Document::load_mem(bytes).map_err(|e| IngestError::Pdf(format!("PDF error: {e}")))?;
    let mut pages = Vec::new();
    for (number, page_id) in document.get_pages() {
        let glyphs = content::page_glyphs(&document, page_id).map_err(|content::TooMuchWork| {
            IngestError::Pdf(format!("page {number} has too many drawing operations"))
        })?;
        let rotate = document
            .get_dictionary(page_id)
            .ok()
            .and_then(|page| content::inherited(&document, page, b"Rotate"))
            .and_then(|r| r.as_i64().ok())
            .unwrap_or(0);
        pages.push(layout::page_text(&glyphs, rotate));
    }
    Ok(pages)
}

/// The text of a PDF, read in a child process when `options` names an extractor
/// binary, else in this process. A cancel through `progress` kills the child
/// ([`IngestError::Cancelled`]); the in-process reading cannot be stopped midway.
pub fn pdf_text_isolated(
    bytes: &[u8],
    options: &PdfOptions,
    progress: &Progress,
) -> Result<String, IngestError> {
    let Some(extractor) = &options.extractor else {
        return pdf_text(bytes);
    };
    let mut child = Command::new(extractor)
        .arg("extract-pdf")
        .arg("--max-memory")
        .arg(options.memory_limit_bytes.to_string())
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(IngestError::PdfCrashed("its pipes could not be opened".to_owned()));
    };
    let overflow = AtomicBool::new(false);
    let limit = options.max_text_bytes;
    let started = Instant::now();
    std::thread::scope(|scope| {
        // A child that stops reading early makes this write fail; its exit says why.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let text = scope.spawn(|| {
            let mut text = Vec::new();
            let _ = stdout.take(limit + 1).read_to_end(&mut text);
            if text.len() as u64 > limit {
                overflow.store(true, Ordering::Relaxed);
            }
            text
        });
        let message = scope.spawn(|| {
            let mut message = Vec::new();
            let _ = stderr.take(64 << 10).read_to_end(&mut message);
            String::from_utf8_lossy(&message).trim().to_owned()
        });
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if overflow.load(Ordering::Relaxed) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(IngestError::PdfTooMuchText { limit });
            }
            if started.elapsed() > options.time_limit {
                let _ = child.kill();
                let _ = child.wait();
                return Err(IngestError::PdfTimeout { limit: options.time_limit });
            }
            if let Err(cancelled) = progress.check() {
                let _ = child.kill();
                let _ = child.wait();
                return Err(cancelled.into());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let text = text.join().unwrap_or_default();
        let message = message.join().unwrap_or_default();
        if overflow.load(Ordering::Relaxed) {
            return Err(IngestError::PdfTooMuchText { limit });
        }
        if status.success() {
            return String::from_utf8(text)
                .map_err(|_| IngestError::Pdf("the extracted text is not UTF-8".to_owned()));
        }
        match status.code() {
            Some(code) if code == i32::from(EXIT_NO_TEXT) => Err(IngestError::NoText),
            Some(code) if code == i32::from(EXIT_PDF_ERROR) => Err(IngestError::Pdf(message)),
            _ => Err(IngestError::PdfCrashed(message.lines().next().unwrap_or("no message").to_owned())),
        }
    })
}

/// Exit code of `dossier extract-pdf` for a PDF it cannot read (message on stderr).
pub const EXIT_PDF_ERROR: u8 = 4;
/// Exit code of `dossier extract-pdf` for a PDF without text.
pub const EXIT_NO_TEXT: u8 = 3;

/// Caps this process's address space at `bytes` (Unix only; elsewhere nothing happens).
/// `dossier extract-pdf` calls it first, so a PDF that makes the parser allocate
/// without end ends that process, not the app.
pub fn limit_memory(bytes: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)?;
    #[cfg(not(unix))]
    let _ = bytes;
    Ok(())
}
