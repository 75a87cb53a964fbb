//! One file's bytes turned into a document: text plus what the file says about itself.

use std::path::Path;

use super::IngestError;
use super::html::html_to_text;
use super::language::detect_language;
use super::pdf::{PdfOptions, pdf_text_isolated};
use super::text::decode_text;
use crate::progress::Progress;

/// The kinds of file the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any encoding.
    Text,
    /// Markdown, kept as text.
    Markdown,
    /// A web page; its readable article is kept.
    Html,
    /// A PDF; its text is kept, pages separated by a form feed.
    Pdf,
}

impl Format {
    /// The format a file name's extension announces, if it is one we know.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" | "text" => Self::Text,
            "md" | "markdown" => Self::Markdown,
            "html" | "htm" | "xhtml" => Self::Html,
            "pdf" => Self::Pdf,
            _ => return None,
        })
    }

    /// The format the first bytes of a file suggest: a PDF header, an HTML start tag,
    /// else text.
    pub fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"%PDF-") {
            return Self::Pdf;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html") {
            Self::Html
        } else {
            Self::Text
        }
    }

    /// The format of `path` with content `bytes`: by extension, else by content.
    pub fn detect(path: &Path, bytes: &[u8]) -> Self {
        Self::from_extension(path).unwrap_or_else(|| Self::sniff(bytes))
    }
}

/// A converted file: the text a source keeps, and the metadata found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// How the file was read.
    pub format: Format,
    /// UTF-8 text with `\n` line endings (PDF pages separated by a form feed).
    pub text: String,
    /// A title: the page's or the first heading, else the file's name.
    pub title: String,
    /// The author, where the file says.
    pub author: String,
    /// The publication date, where the file says.
    pub published: String,
    /// The canonical address, where the file says.
    pub url: String,
    /// ISO 639-1 code of the text's language, or empty when unsure.
    pub language: String,
}

/// The longest first line taken as a plain text's title.
const MAX_TITLE_CHARS: usize = 150;

/// Converts the content of the file at `path` (used for its name and extension only).
/// A cancel through `progress` stops a PDF's extraction ([`IngestError::Cancelled`]).
pub fn convert(
    path: &Path,
    bytes: &[u8],
    pdf: &PdfOptions,
    progress: &Progress,
) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let format = Format::detect(path, bytes);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut document = Document {
        format,
        text: String::new(),
        title: String::new(),
        author: String::new(),
        published: String::new(),
        url: String::new(),
        language: String::new(),
    };
    match format {
        Format::Text => {
            document.text = decode_text(bytes)?;
            document.title = first_line_title(&document.text).unwrap_or_default();
        }
        Format::Markdown => {
            document.text = decode_text(bytes)?;
            document.title = markdown_title(&document.text).unwrap_or_default();
        }
        Format::Html => {
            let page = html_to_text(&decode_text(bytes)?)?;
            document.text = page.text;
            document.title = page.title;
            document.author = page.author;
            document.published = page.published;
            document.url = page.url;
        }
        Format::Pdf => {
            document.text = pdf_text_isolated(bytes, pdf, progress)?;
            document.title = first_line_title(&document.text).unwrap_or_default();
        }
    }
    if document.text.trim().is_empty() {
        return Err(IngestError::NoText);
    }
    if document.title.is_empty() {
        document.title = stem;
    }
    document.language = detect_language(&document.text);
    Ok(document)
}

/// The first `# heading` of a Markdown text.
fn markdown_title(text: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("# "))
        .map(|heading| heading.trim().trim_end_matches('#').trim().to_owned())
        .find(|heading| !heading.is_empty())
}

/// The first non-empty line of a text (of its first page, for a PDF), if it is short
/// enough to be a headline.
fn first_line_title(text: &str) -> Option<String> {
    let first_page = text.split(super::PAGE_BREAK).next().unwrap_or_default();
    let line = first_page.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= MAX_TITLE_CHARS).then(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(markdown_title("intro\n## Sub\n# Main title #\n# Second").as_deref(), Some("Main title"));
        assert_eq!(markdown_title("no heading"), None);
        assert_eq!(first_line_title("\n  Headline  \nbody").as_deref(), Some("Headline"));
        assert_eq!(first_line_title(&"x".repeat(200)), None);
    }

    #[test]
    fn detects_formats() {
        let table: [(&str, &[u8], Format); 6] = [
            ("a.TXT", b"%PDF-1.4", Format::Text),
            ("a.md", b"# x", Format::Markdown),
            ("a.htm", b"x", Format::Html),
            ("report", b"%PDF-1.7\n", Format::Pdf),
            ("page", b"\n <!DOCTYPE html><html>", Format::Html),
            ("notes", b"just words", Format::Text),
        ];
        for (name, bytes, expected) in table {
            assert_eq!(Format::detect(Path::new(name), bytes), expected, "{name}");
        }
    }
}
