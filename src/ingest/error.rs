//! Why a file could not be imported.

use std::path::PathBuf;

/// Why one file could not be turned into a source. The messages do not name the file:
/// [`FileError`] adds it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// The file is bigger than the import limit.
    #[error("the file is {size} bytes, over the import limit of {limit} bytes")]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file holds binary data (NUL bytes or control characters), not text.
    #[error("not a text file (it contains binary data)")]
    Binary,
    /// The document was read but holds no text (a scanned PDF needs OCR first).
    #[error("no text found in the document")]
    NoText,
    /// The PDF could not be parsed.
    #[error("cannot read the PDF: {0}")]
    Pdf(String),
    /// The PDF extractor ran past its time limit and was stopped.
    #[error("reading the PDF took longer than {limit:?} and was stopped")]
    PdfTimeout {
        /// The time limit.
        limit: std::time::Duration,
    },
    /// The PDF extractor printed more text than allowed and was stopped.
    #[error("the PDF's text is over the limit of {limit} bytes")]
    PdfTooMuchText {
        /// The limit in bytes.
        limit: u64,
    },
    /// The PDF extractor process died (crash, or killed for using too much memory).
    #[error("the PDF reader crashed on this file ({0})")]
    PdfCrashed(String),
    /// The import was cancelled while this file was being read.
    #[error("the import was cancelled")]
    Cancelled(#[from] crate::progress::Cancelled),
}

/// One file that could not be imported, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", file.display())]
pub struct FileError {
    /// The file, as the user named it or as found in a folder they named.
    pub file: PathBuf,
    /// What went wrong.
    pub error: IngestError,
}
