//! A slide deck: every slide of a map's storyboard as a numbered picture (`01-title.png`,
//! `02-….png`, …) plus a page, `index.md` or `index.html`, that shows them in order with
//! their titles, captions and citations: the sources quoted by the relations each slide
//! shows, with their details and the quotes themselves.
//!
//! The page is self-contained: images are linked by relative file name, the HTML carries
//! its own style and has no scripts or external resources, and every piece of text from
//! the project is escaped. Links are made only of `http` and `https` addresses.
//!
//! [`write_deck`] writes into a folder that is new, empty, or holds an earlier deck
//! (recognised by the list of its files in a comment at the top of its page). In an
//! earlier deck it replaces only the files that deck wrote and leaves everything else.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::annotations::statement;
use super::scene::{Scene, SceneOptions};
use super::{ExportError, png, svg};
// The XML escaper is right for HTML5 too: `&apos;` and numeric references are HTML5, and a
// newline written as `&#10;` is still a newline in the page (captions keep theirs).
use super::xml::escape as escape_html;
use crate::model::{Map, Project, Relation, Source, SourceId, slug};
use crate::progress::Progress;

/// How each slide's picture is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DeckImage {
    /// PNG at this many pixels per page unit (1 to [`png::MAX_SCALE`]).
    Png {
        /// Pixels per page unit; 2 for sharp slides on high-density screens.
        scale: f32,
    },
    /// SVG.
    Svg,
}

impl DeckImage {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png { .. } => "png",
            Self::Svg => "svg",
        }
    }
}

/// Which page shows the slides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeckPage {
    /// `index.md`, for git hosts, wikis and Markdown editors.
    Markdown,
    /// `index.html`, one self-contained page to open in a browser.
    Html,
}

impl DeckPage {
    /// The page's file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Markdown => "index.md",
            Self::Html => "index.html",
        }
    }
}

/// How a deck is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeckOptions {
    /// The pictures' format.
    pub image: DeckImage,
    /// The page's format.
    pub page: DeckPage,
}

impl Default for DeckOptions {
    /// PNG at scale 1 and a Markdown page.
    fn default() -> Self {
        Self { image: DeckImage::Png { scale: 1.0 }, page: DeckPage::Markdown }
    }
}

/// A deck rendered in memory: its files, by name, in the order they are written (the
/// slides' pictures, then the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deck {
    /// `(file name, contents)`; the page comes last.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What [`write_deck`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckReport {
    /// The folder.
    pub dir: PathBuf,
    /// The slides' pictures, in slide order.
    pub images: Vec<PathBuf>,
    /// The page that shows them.
    pub page: PathBuf,
    /// Files of an earlier deck in the folder that this one no longer has, now removed.
    pub removed: Vec<PathBuf>,
}

/// The first characters of the comment in which a deck's page lists its files.
const MANIFEST_START: &str = "<!-- dossier deck:";

/// How much of an earlier page is read to find its list of files.
const MANIFEST_READ_BYTES: u64 = 64 * 1024;

/// Renders every slide of `map` and the page that shows them, in memory. Nothing is
/// written. `progress` is told "slides done of all" (and "slide n of m") before each
/// slide and once at the end; a cancel stops the rendering with
/// [`ExportError::Cancelled`].
pub fn render_deck(
    project: &Project,
    map: &Map,
    options: &DeckOptions,
    progress: &Progress,
) -> Result<Deck, ExportError> {
    if map.slides.is_empty() {
        return Err(ExportError::NoSlides(map.id.to_string()));
    }
    let total = map.slides.len();
    let digits = total.to_string().len().max(2);
    let mut files = Vec::with_capacity(total + 1);
    let mut entries = Vec::with_capacity(total);
    for (index, slide) in map.slides.iter().enumerate() {
        progress.report_step(index, total, &format!("slide {} of {total}", index + 1))?;
        let scene = Scene::build(project, map, &SceneOptions::for_slide(map, index)?);
        let name = slug(&slide.title);
        let name = if name.is_empty() { "slide" } else { name.as_str() };
        let file = format!("{number:0digits$}-{name}.{}", options.image.extension(), number = index + 1);
        let svg = svg::svg_from_scene(&scene);
        let bytes = match options.image {
            DeckImage::Png { scale } => png::png_from_svg(&svg, scale)?,
            DeckImage::Svg => svg.into_bytes(),
        };
        entries.push(SlideEntry::new(project, map, index, &scene, file.clone()));
        files.push((file, bytes));
    }
    progress.report(total, total)?;
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let page = match options.page {
        DeckPage::Markdown => markdown_page(project, map, &names, &entries),
        DeckPage::Html => html_page(project, map, &names, &entries),
    };
    files.push((options.page.file_name().to_owned(), page.into_bytes()));
    Ok(Deck { files })
}

/// Renders the deck of `map` (see [`render_deck`]) and writes it into `dir`, which is
/// created if missing. `dir` must be empty or hold an earlier deck: then the earlier
/// deck's files are replaced or, when this deck has no file of that name, removed, and
/// nothing else in the folder is touched.
///
/// Nothing is left behind when rendering or writing fails or is cancelled: the files are
/// first written under temporary names, which are renamed only once all are written
/// (and removed otherwise, with the folder if this call made it).
pub fn write_deck(
    project: &Project,
    map: &Map,
    dir: &Path,
    options: &DeckOptions,
    progress: &Progress,
) -> Result<DeckReport, ExportError> {
    if map.slides.is_empty() {
        return Err(ExportError::NoSlides(map.id.to_string()));
    }
    let earlier = earlier_deck_files(dir)?;
    let deck = render_deck(project, map, options, progress)?;
    progress.check()?;
    let made_dir = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|source| ExportError::File {
        verb: "creating",
        path: dir.to_owned(),
        source,
    })?;
    let mut staged = Vec::with_capacity(deck.files.len());
    if let Err(error) = stage_files(dir, &deck, progress, &mut staged) {
        for path in &staged {
            let _ = std::fs::remove_file(path);
        }
        if made_dir {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(error);
    }

    let written: BTreeSet<&str> = deck.files.iter().map(|(name, _)| name.as_str()).collect();
    let mut removed = Vec::new();
    for name in earlier.iter().filter(|name| !written.contains(name.as_str())) {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ExportError::File { verb: "removing", path, source }),
        }
    }
    let mut paths = Vec::with_capacity(deck.files.len());
    for ((name, _), partial) in deck.files.iter().zip(&staged) {
        let path = dir.join(name);
        std::fs::rename(partial, &path).map_err(|source| ExportError::File {
            verb: "writing",
            path: path.clone(),
            source,
        })?;
        paths.push(path);
    }
    let page = paths.pop().unwrap_or_else(|| dir.join(options.page.file_name()));
    Ok(DeckReport { dir: dir.to_owned(), images: paths, page, removed })
}

/// Writes every file of `deck` into `dir` under a temporary name (`.NAME.partial`),
/// pushing each to `staged` once written; stops at a cancel or the first error.
fn stage_files(
    dir: &Path,
    deck: &Deck,
    progress: &Progress,
    staged: &mut Vec<PathBuf>,
) -> Result<(), ExportError> {
    for (name, bytes) in &deck.files {
        progress.check()?;
        let path = dir.join(format!(".{name}.partial"));
        // Listed before the write, so that a half-written file is removed too.
        staged.push(path.clone());
        std::fs::write(&path, bytes).map_err(|source| ExportError::File { verb: "writing", path, source })?;
    }
    Ok(())
}

/// The files of an earlier deck in `dir`, as its page lists them: none when `dir` does
/// not exist or is empty; an error when it holds anything else.
fn earlier_deck_files(dir: &Path) -> Result<Vec<String>, ExportError> {
    let read_error = |source| ExportError::File { verb: "reading", path: dir.to_owned(), source };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(_) if dir.exists() && !dir.is_dir() => return Err(ExportError::NotAFolder(dir.to_owned())),
        Err(source) => return Err(read_error(source)),
    };
    let mut entries = entries;
    match entries.next() {
        None => return Ok(Vec::new()),
        Some(entry) => {
            entry.map_err(read_error)?;
        }
    }
    let mut files = Vec::new();
    let mut found = false;
    for page in [DeckPage::Markdown, DeckPage::Html] {
        let path = dir.join(page.file_name());
        let Ok(file) = std::fs::File::open(&path) else { continue };
        let mut head = Vec::new();
        file.take(MANIFEST_READ_BYTES).read_to_end(&mut head).map_err(|source| ExportError::File {
            verb: "reading",
            path: path.clone(),
            source,
        })?;
        let head = String::from_utf8_lossy(&head);
        if let Some(listed) = manifest_in(&head) {
            found = true;
            files.extend(listed);
            files.push(page.file_name().to_owned());
        }
    }
    if !found {
        return Err(ExportError::FolderNotEmpty(dir.to_owned()));
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// The file names listed by the manifest comment among the first lines of a page; only
/// names a deck could have written (so a tampered page cannot point anywhere else).
fn manifest_in(page: &str) -> Option<Vec<String>> {
    let line = page.lines().take(3).find_map(|line| line.trim().strip_prefix(MANIFEST_START))?;
    let list = line.strip_suffix("-->")?;
    Some(list.split_whitespace().filter(|name| is_deck_file_name(name)).map(str::to_owned).collect())
}

/// Whether `name` is one a deck writes: `NN-slug.png`, `NN-slug.svg`, or a page.
fn is_deck_file_name(name: &str) -> bool {
    if name == DeckPage::Markdown.file_name() || name == DeckPage::Html.file_name() {
        return true;
    }
    let Some(stem) = name.strip_suffix(".png").or_else(|| name.strip_suffix(".svg")) else {
        return false;
    };
    let Some((number, rest)) = stem.split_once('-') else {
        return false;
    };
    number.len() >= 2
        && number.bytes().all(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What the page says about one slide.
struct SlideEntry {
    number: usize,
    title: String,
    caption: String,
    file: String,
    width: u32,
    height: u32,
    citations: Vec<Citation>,
}

/// A source that the relations shown on a slide quote, numbered as in the picture.
struct Citation {
    number: usize,
    source: SourceId,
    details: Option<Source>,
    quotes: Vec<Quote>,
}

/// One piece of evidence: the quoted text and the relation it backs.
struct Quote {
    exact: String,
    statement: String,
    disputed: bool,
}

impl SlideEntry {
    fn new(project: &Project, map: &Map, index: usize, scene: &Scene, file: String) -> Self {
        let slide = &map.slides[index];
        let shown: Vec<&Relation> =
            scene.edges.iter().filter_map(|edge| project.relations.get(&edge.relation)).collect();
        let citations = scene
            .sources
            .iter()
            .map(|cited| Citation {
                number: cited.number,
                source: cited.source.clone(),
                details: project.sources.get(&cited.source).cloned(),
                quotes: shown
                    .iter()
                    .flat_map(|relation| {
                        relation.evidence.iter().filter(|e| e.source == cited.source).map(|evidence| Quote {
                            exact: evidence.anchor.exact.clone(),
                            statement: statement(project, relation),
                            disputed: project.relation_is_disputed(relation),
                        })
                    })
                    .collect(),
            })
            .collect();
        Self {
            number: index + 1,
            title: if slide.title.trim().is_empty() {
                format!("Slide {}", index + 1)
            } else {
                slide.title.clone()
            },
            caption: slide.caption.clone(),
            file,
            width: page_pixels(scene.width),
            height: page_pixels(scene.height),
            citations,
        }
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a page side: whole, positive, small
fn page_pixels(side: f32) -> u32 {
    side.round().clamp(1.0, 1.0e6) as u32
}

/// A source's details on one line: title, outlet, author, date (those it has).
fn source_details(citation: &Citation) -> (String, Vec<String>, Option<String>) {
    let Some(source) = &citation.details else {
        return (citation.source.to_string(), Vec::new(), None);
    };
    let title = if source.title.trim().is_empty() { source.id.to_string() } else { source.title.clone() };
    let details = [&source.outlet, &source.author, &source.published]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect();
    (title, details, web_address(&source.url))
}

/// `url` when it is a web address a page may link to (never `javascript:` or `file:`).
fn web_address(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let is_web = lower.starts_with("https://") || lower.starts_with("http://");
    (is_web && !url.chars().any(|c| c.is_whitespace() || c.is_control())).then(|| url.to_owned())
}

fn slides_count(count: usize) -> String {
    if count == 1 { "1 slide".to_owned() } else { format!("{count} slides") }
}

fn manifest(names: &[&str], page: DeckPage) -> String {
    let mut all: Vec<&str> = names.to_vec();
    all.push(page.file_name());
    format!("{MANIFEST_START} {} -->", all.join(" "))
}

/// One line: line breaks and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as literal Markdown text: punctuation that Markdown (or the HTML it allows)
/// would read as markup is escaped with a backslash, and so is anything at the start of
/// a line that would make a heading, list or quote.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            // A hard line break, so the caption keeps its lines.
            out.push_str("\\\n");
        }
        let line = line.trim_start();
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        for (position, c) in line.char_indices() {
            let starts_block = position == 0 && matches!(c, '-' | '+' | '=' | '>')
                || digits > 0 && position == digits && matches!(c, '.' | ')');
            if starts_block
                || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!')
            {
                out.push('\\');
            }
            if c.is_control() { out.push(' ') } else { out.push(c) }
        }
    }
    out
}

fn markdown_page(project: &Project, map: &Map, names: &[&str], entries: &[SlideEntry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", manifest(names, DeckPage::Markdown));
    let _ = writeln!(out, "# {}\n", escape_markdown(&one_line(&map.name)));
    let mut about = Vec::new();
    if !project.meta.title.trim().is_empty() {
        about.push(escape_markdown(&one_line(&project.meta.title)));
    }
    about.push(slides_count(entries.len()));
    let _ = writeln!(out, "{}\n", about.join(" · "));
    for entry in entries {
        let title = escape_markdown(&one_line(&entry.title));
        let _ = writeln!(out, "## {}. {title}\n", entry.number);
        let _ = writeln!(out, "![{title}]({})\n", entry.file);
        if !entry.caption.trim().is_empty() {
            let _ = writeln!(out, "{}\n", escape_markdown(entry.caption.trim()));
        }
        if entry.citations.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**Sources**\n");
        for citation in &entry.citations {
            let (title, details, url) = source_details(citation);
            let mut line = format!("{}. *{}*", citation.number, escape_markdown(&one_line(&title)));
            for detail in details {
                let _ = write!(line, ", {}", escape_markdown(&one_line(&detail)));
            }
            if let Some(url) = url {
                let _ = write!(line, ", <{}>", url.replace('>', "%3E").replace('<', "%3C"));
            }
            let _ = writeln!(out, "{line}");
            // List items inside an item are indented to its text: past "12. ".
            let indent = " ".repeat(citation.number.to_string().len() + 2);
            for quote in &citation.quotes {
                let disputed = if quote.disputed { " (disputed)" } else { "" };
                let _ = writeln!(
                    out,
                    "{indent}- “{}” — {}{disputed}",
                    escape_markdown(&one_line(&quote.exact)),
                    escape_markdown(&one_line(&quote.statement)),
                );
            }
        }
        out.push('\n');
    }
    out
}

const HTML_STYLE: &str = "\
body { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #22262e; background: #f4f5f7; margin: 0; }
header, section { max-width: 1380px; margin: 0 auto; padding: 16px 24px; }
header p { color: #5c6370; margin-top: 0; }
section { background: #fff; margin-bottom: 24px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h2 .number { color: #5c6370; margin-right: .4em; }
figure { margin: 0; }
img { max-width: 100%; height: auto; border: 1px solid #e3e5e8; }
figcaption { font-size: 1.15em; margin: .6em 0; white-space: pre-line; }
ol.sources { color: #3c424c; }
ol.sources li { margin-bottom: .5em; }
blockquote { margin: .3em 0 0 0; padding-left: .8em; border-left: 3px solid #d9367a; }
.statement { color: #5c6370; font-size: .9em; margin: .1em 0 .6em .9em; }
.disputed { color: #b07010; }
";

fn html_page(project: &Project, map: &Map, names: &[&str], entries: &[SlideEntry]) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(out, "{}", manifest(names, DeckPage::Html));
    out.push_str("<html>\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Dossier\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape_html(&one_line(&map.name)));
    let _ = writeln!(out, "<style>\n{HTML_STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape_html(&one_line(&map.name)));
    let mut about = Vec::new();
    if !project.meta.title.trim().is_empty() {
        about.push(escape_html(&one_line(&project.meta.title)));
    }
    about.push(slides_count(entries.len()));
    let _ = writeln!(out, "<p>{}</p>\n</header>", about.join(" · "));
    for entry in entries {
        let title = escape_html(&one_line(&entry.title));
        let _ = writeln!(out, "<section class=\"slide\" id=\"slide-{}\">", entry.number);
        let _ = writeln!(out, "<h2><span class=\"number\">{}</span>{title}</h2>", entry.number);
        let _ = writeln!(
            out,
            "<figure>\n<img src=\"{}\" alt=\"{title}\" width=\"{}\" height=\"{}\">",
            escape_html(&entry.file),
            entry.width,
            entry.height
        );
        if !entry.caption.trim().is_empty() {
            let _ = writeln!(out, "<figcaption>{}</figcaption>", escape_html(entry.caption.trim()));
        }
        out.push_str("</figure>\n");
        if !entry.citations.is_empty() {
            out.push_str("<h3>Sources</h3>\n<ol class=\"sources\">\n");
            for citation in &entry.citations {
                html_citation(&mut out, citation);
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn html_citation(out: &mut String, citation: &Citation) {
    let (title, details, url) = source_details(citation);
    let _ = write!(out, "<li value=\"{}\"><cite>{}</cite>", citation.number, escape_html(&one_line(&title)));
    for detail in details {
        let _ = write!(out, ", {}", escape_html(&one_line(&detail)));
    }
    if let Some(url) = url {
        let url = escape_html(&url);
        let _ = write!(out, ", <a href=\"{url}\">{url}</a>");
    }
    out.push('\n');
    if !citation.quotes.is_empty() {
        let count = citation.quotes.len();
        let noun = if count == 1 { "quote" } else { "quotes" };
        let _ = writeln!(out, "<details>\n<summary>{count} {noun} on this slide</summary>");
        for quote in &citation.quotes {
            let disputed = if quote.disputed { " <span class=\"disputed\">(disputed)</span>" } else { "" };
            let _ = writeln!(
                out,
                "<blockquote>{}</blockquote>\n<p class=\"statement\">{}{disputed}</p>",
                escape_html(&one_line(&quote.exact)),
                escape_html(&one_line(&quote.statement)),
            );
        }
        out.push_str("</details>\n");
    }
    out.push_str("</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_a_deck_writes_are_taken_from_a_manifest() {
        let page =
            "<!-- dossier deck: 01-a.png 02-b-c.svg index.md ../x.png 03-A.png 1-x.png notes.txt -->\n# x";
        assert_eq!(manifest_in(page).unwrap_or_default(), ["01-a.png", "02-b-c.svg", "index.md"]);
        assert_eq!(manifest_in("# no manifest\n"), None);
    }

    #[test]
    fn markdown_markup_is_escaped() {
        let rows = [
            ("a <b> & *c*", "a \\<b\\> \\& \\*c\\*"),
            ("- not a list", "\\- not a list"),
            ("1. not a list", "1\\. not a list"),
            ("# not a heading", "\\# not a heading"),
            ("two\nlines", "two\\\nlines"),
            ("plain text, 2024.", "plain text, 2024."),
        ];
        for (text, escaped) in rows {
            assert_eq!(escape_markdown(text), escaped, "{text:?}");
        }
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(web_address(" https://example.org/a?b=1 ").as_deref(), Some("https://example.org/a?b=1"));
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address("file:///etc/passwd"), None);
        assert_eq!(web_address("http://a b"), None);
    }
}
