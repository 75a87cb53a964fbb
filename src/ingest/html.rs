//! Web pages: the article's readable text and the page's metadata.
//!
//! The article is found with `dom_smoothie`, a port of Mozilla's Readability (the
//! algorithm behind Firefox's reader view) that is actively maintained, builds with no
//! C dependencies and gives text as well as HTML. We checked `readability` and
//! `readable-readability` too: both are older ports that return only HTML. The metadata
//! comes from the page's `<head>`, read with `dom_query` (the HTML tree `dom_smoothie`
//! itself uses).

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use super::IngestError;

/// What a web page yields: its readable text and what its metadata says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// The article's text, paragraphs separated by blank lines.
    pub text: String,
    /// `og:title`, else the `<title>` (as Readability cleans it up).
    pub title: String,
    /// The `author` meta tag, or the byline Readability finds.
    pub author: String,
    /// `article:published_time` and the like.
    pub published: String,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: String,
}

/// Page furniture, removed before Readability looks for the article: on a short page it
/// keeps the whole body, menus included. (JSON-LD scripts stay: Readability reads
/// metadata from them.)
const FURNITURE: &str = r#"script:not([type="application/ld+json"]), style, noscript, template, nav, footer, iframe, svg, form, body > header, [role="navigation"], [role="banner"], [role="contentinfo"]"#;

/// Elements that are never part of an article's text, for when Readability gives up.
const NOT_CONTENT: &str = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg";

/// Extracts the readable article and the metadata of an HTML page.
pub fn html_to_text(html: &str) -> Result<HtmlPage, IngestError> {
    let head = Document::from(html);
    let meta = |selector: &str| -> String {
        head.select(selector).attr("content").map(|v| collapse_spaces(v.as_ref())).unwrap_or_default()
    };
    let canonical =
        head.select(r#"link[rel="canonical"]"#).attr("href").map(|v| v.trim().to_owned()).unwrap_or_default();
    let og_title = meta(r#"meta[property="og:title"]"#);
    let og_url = meta(r#"meta[property="og:url"]"#);
    let author_meta = meta(r#"meta[name="author"]"#);
    let published_meta = first_non_empty(&[
        meta(r#"meta[property="article:published_time"]"#),
        meta(r#"meta[name="article:published_time"]"#),
        meta(r#"meta[itemprop="datePublished"]"#),
        meta(r#"meta[name="date"]"#),
    ]);
    let page_title = head.select("title").text();

    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let cleaned = Document::from(html);
    cleaned.select(FURNITURE).remove();
    let article =
        Readability::with_document(cleaned, None, Some(config)).ok().and_then(|mut r| r.parse().ok());
    let (raw_text, readability_title, byline, published_time) = if let Some(article) = article {
        (
            article.text_content.to_string(),
            article.title,
            article.byline.unwrap_or_default(),
            article.published_time.unwrap_or_default(),
        )
    } else {
        // Readability gave up (too little text): take the body without page furniture.
        let body = Document::from(html);
        body.select(NOT_CONTENT).remove();
        (block_text(&body), String::new(), String::new(), String::new())
    };
    let text = paragraphs(&raw_text);
    if text.is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(HtmlPage {
        text,
        title: first_non_empty(&[
            og_title,
            collapse_spaces(&readability_title),
            collapse_spaces(&page_title),
        ]),
        author: first_non_empty(&[author_meta, collapse_spaces(&byline)]),
        published: first_non_empty(&[published_meta, published_time.trim().to_owned()]),
        url: first_non_empty(&[canonical, og_url]),
    })
}

/// The text of a page's body with a line break after every block element.
fn block_text(doc: &Document) -> String {
    let blocks = doc.select("body p, body li, body h1, body h2, body h3, body h4, body h5, body h6, body blockquote, body pre, body td");
    let mut out = String::new();
    for block in &blocks {
        out.push_str(&block.text());
        out.push('\n');
    }
    if out.trim().is_empty() {
        out = doc.select("body").text().to_string();
    }
    out
}

/// Tidies extracted text: spaces collapsed within each line, every non-empty line a
/// paragraph, paragraphs separated by one blank line.
fn paragraphs(raw: &str) -> String {
    let lines: Vec<String> = raw.lines().map(collapse_spaces).filter(|l| !l.is_empty()).collect();
    lines.join("\n\n")
}

/// Collapses runs of whitespace into one space and trims the ends.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first of `values` that is not empty, or an empty string.
fn first_non_empty(values: &[String]) -> String {
    values.iter().find(|v| !v.is_empty()).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_page_loses_its_menus() {
        let html = r#"<html><head><title>Short note</title><script>var x = "SCRIPT";</script></head>
            <body><header><a href="/">Home menu</a></header><nav>Menu</nav>
            <p>Only one short paragraph here.</p><p>And a second one.</p>
            <footer>Footer text</footer></body></html>"#;
        let page = html_to_text(html).expect("text");
        assert_eq!(page.text, "Only one short paragraph here.\n\nAnd a second one.");
        assert_eq!(page.title, "Short note");
    }

    #[test]
    fn a_page_without_text_is_refused() {
        let html = "<html><head><title>Empty</title></head><body><nav>Menu</nav></body></html>";
        assert!(matches!(html_to_text(html), Err(IngestError::NoText)));
    }
}
