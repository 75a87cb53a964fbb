//! Errors of loading and saving, each naming the file (and where known the line and
//! column) that it is about.

use std::fmt;
use std::path::PathBuf;

/// One problem found while loading a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, relative to the project folder where it is inside it.
    pub file: PathBuf,
    /// Line and column (1-based), where known.
    pub position: Option<(usize, usize)>,
    /// What was wrong, in words.
    pub message: String,
}

impl LoadError {
    pub(crate) fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self { file: file.into(), position: None, message: message.into() }
    }

    pub(crate) fn at(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { file: file.into(), position: Some((line, col)), message: message.into() }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One error, one line: a line break inside a quoted id or text is shown escaped.
        let message = self.message.replace('\n', "\\n").replace('\r', "\\r");
        match self.position {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {message}", self.file.display())
            }
            None => write!(f, "{}: {message}", self.file.display()),
        }
    }
}

/// Every problem found while loading a project; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// Why a save failed. What was saved before is intact when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A file could not be written, renamed or synced.
    #[error("could not write {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The project could not be turned into RON.
    #[error("could not serialise {file}: {message}")]
    Serialize {
        /// The file being written.
        file: &'static str,
        /// The serialiser's message.
        message: String,
    },
}
