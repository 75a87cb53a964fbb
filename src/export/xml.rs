//! A small XML writer for the export formats: elements with escaped attributes and text,
//! two-space indentation, and characters XML 1.0 cannot hold replaced.

use std::fmt::Write as _;

/// Builds one XML document in memory.
pub struct XmlWriter {
    out: String,
    open: Vec<String>,
}

impl XmlWriter {
    /// A document with the XML declaration written.
    pub fn new() -> Self {
        Self { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), open: Vec::new() }
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            let _ = write!(self.out, " {key}=\"{}\"", escape(value));
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    /// Opens `<name …>`; its children go on the following lines.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.out.push_str(">\n");
        self.open.push(name.to_owned());
    }

    /// Writes `<name …/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.out.push_str("/>\n");
    }

    /// Writes `<name …>text</name>` on one line.
    pub fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start_tag(name, attributes);
        let _ = writeln!(self.out, ">{}</{name}>", escape(text));
    }

    /// Closes the element opened last.
    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.indent();
            let _ = writeln!(self.out, "</{name}>");
        }
    }

    /// Closes every open element and returns the document.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

/// `text` safe inside an attribute value or element: markup characters escaped, and the
/// control characters XML 1.0 forbids (a PDF's form feeds, say) turned into spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept literally, tabs and newlines would be normalised to spaces in attributes.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A number as the export formats write it: at most two decimals, no trailing zeros,
/// never `-0`.
pub fn number(value: f32) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(escape("a<b & \"c\"\u{c}"), "a&lt;b &amp; &quot;c&quot; ");
        assert_eq!(escape("line\nnext"), "line&#10;next");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        let rows = [(1.0, "1"), (1.5, "1.5"), (-0.001, "0"), (12.346, "12.35"), (-3.1, "-3.1")];
        for (value, text) in rows {
            assert_eq!(number(value), text, "{value}");
        }
    }

    #[test]
    fn nesting_is_indented_and_closed() {
        let mut xml = XmlWriter::new();
        xml.open("a", &[("k", "v")]);
        xml.empty("b", &[]);
        xml.text_element("c", &[], "x");
        assert_eq!(
            xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v\">\n  <b/>\n  <c>x</c>\n</a>\n"
        );
    }
}
