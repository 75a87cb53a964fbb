//! The Reader's layout layer, between the text and the panel: the text cut into
//! paragraphs, each laid out (with its highlights) only when it scrolls into view, and
//! kept until the width, font size or highlights change.

use std::ops::Range;
use std::sync::Arc;

use crate::model::SourceId;

/// One block of the text as the Reader shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph: one line of the text, by byte range.
    Text(Range<usize>),
    /// An empty line.
    Blank,
    /// A page break (form feed) of an imported PDF; the number of the page that follows.
    PageBreak(usize),
}

/// Cuts `text` into blocks: a paragraph per line, and a page break per form feed.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut page = 1;
    let mut start = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), '\n'))) {
        if c == '\n' || c == '\u{c}' {
            let line = &text[start..i];
            if line.trim().is_empty() {
                if c == '\n' && i < text.len() {
                    out.push(Block::Blank);
                }
            } else {
                out.push(Block::Text(start..i));
            }
            if c == '\u{c}' {
                page += 1;
                out.push(Block::PageBreak(page));
            }
            start = i + c.len_utf8();
        }
    }
    // A trailing newline ends the last line; it does not start a new one.
    if text.ends_with('\n') && out.last() == Some(&Block::Blank) {
        out.pop();
    }
    out
}

/// Whether a paragraph reads right to left: its first strong character is from a
/// right-to-left script (Arabic, Hebrew, …).
pub fn is_rtl(paragraph: &str) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    for c in paragraph.chars() {
        match bidi_class(c) {
            BidiClass::L => return false,
            BidiClass::R | BidiClass::AL => return true,
            _ => {}
        }
    }
    false
}

/// What the cached layout depends on, apart from highlights.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryKey {
    /// The source shown.
    pub source: SourceId,
    /// Wrap width in points, rounded.
    pub width: u32,
    /// Font size in points.
    pub font_size: f32,
    /// Dark or light mode (colours are baked into galleys).
    pub dark_mode: bool,
}

/// The laid-out text of one source: blocks, their heights (real once laid out,
/// estimated before) and the galleys of the blocks seen so far.
pub struct ReaderLayout {
    /// What this layout was made for.
    pub key: GeometryKey,
    /// Highlights generation the galleys were made with.
    pub highlight_generation: u64,
    /// The blocks of the text.
    pub blocks: Vec<Block>,
    /// Height of each block in points.
    pub heights: Vec<f32>,
    /// Top of each block, from the top of the text.
    pub tops: Vec<f32>,
    /// Laid-out galleys, by block; `None` until the block is first seen.
    pub galleys: Vec<Option<Arc<egui::Galley>>>,
    /// Whether each block's height is measured (not estimated).
    pub measured: Vec<bool>,
}

/// Space between paragraphs, as a fraction of the font size.
const PARAGRAPH_GAP: f32 = 0.55;

impl ReaderLayout {
    /// A layout with estimated heights: nothing is laid out yet.
    pub fn new(key: GeometryKey, text: &str) -> Self {
        let blocks = blocks(text);
        let row = key.font_size * 1.35;
        // A rough average glyph width of the proportional font.
        let chars_per_row = (key.width as f32 / (key.font_size * 0.5)).max(8.0);
        let heights: Vec<f32> = blocks
            .iter()
            .map(|b| match b {
                Block::Text(range) => {
                    let rows = (text[range.clone()].chars().count() as f32 / chars_per_row).ceil().max(1.0);
                    rows * row + key.font_size * PARAGRAPH_GAP
                }
                Block::Blank => key.font_size * 0.4,
                Block::PageBreak(_) => key.font_size * 2.6,
            })
            .collect();
        let n = blocks.len();
        let mut layout = Self {
            key,
            highlight_generation: 0,
            blocks,
            heights,
            tops: Vec::with_capacity(n + 1),
            galleys: vec![None; n],
            measured: vec![false; n],
        };
        layout.recompute_tops();
        layout
    }

    /// Recomputes block tops from their heights.
    pub fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
    }

    /// The height of the whole text.
    pub fn total_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The blocks that intersect `y_range` (points from the top of the text).
    pub fn visible(&self, y_range: Range<f32>) -> Range<usize> {
        let n = self.blocks.len();
        let first = self.tops[..n].partition_point(|top| *top <= y_range.start).saturating_sub(1);
        let last = self.tops[..n].partition_point(|top| *top < y_range.end);
        first..last.max(first).min(n)
    }

    /// The block holding byte `offset` of the text.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        self.blocks.iter().position(|b| matches!(b, Block::Text(r) if r.start <= offset && offset <= r.end))
    }

    /// Forgets the galleys (highlights changed) but keeps the measured heights.
    pub fn clear_galleys(&mut self, generation: u64) {
        self.galleys.iter_mut().for_each(|g| *g = None);
        self.highlight_generation = generation;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_paragraphs_and_form_feeds_page_breaks() {
        let text = "Title\n\nFirst para.\nSecond para.\u{c}Page two.\n";
        assert_eq!(
            blocks(text),
            vec![
                Block::Text(0..5),
                Block::Blank,
                Block::Text(7..18),
                Block::Text(19..31),
                Block::PageBreak(2),
                Block::Text(32..41),
            ]
        );
        assert_eq!(blocks(""), Vec::new());
        assert_eq!(blocks("no newline"), vec![Block::Text(0..10)]);
    }

    #[test]
    fn direction_follows_the_first_strong_character() {
        assert!(is_rtl("«بشار الأسد» said"));
        assert!(!is_rtl("2024: Assad said «بشار»"));
        assert!(is_rtl("שלום"));
        assert!(!is_rtl("Москва"));
    }

    #[test]
    fn visible_blocks_follow_the_scroll_position() {
        let key = GeometryKey { source: SourceId::from("s"), width: 400, font_size: 10.0, dark_mode: true };
        let text = "a\nb\nc\nd\n";
        let layout = ReaderLayout::new(key, text);
        assert_eq!(layout.blocks.len(), 4);
        let h = layout.heights[0];
        assert_eq!(layout.visible(0.0..h * 0.5), 0..1);
        assert_eq!(layout.visible(h * 1.5..h * 2.5), 1..3);
        assert_eq!(layout.visible(0.0..1e6), 0..4);
        assert_eq!(layout.block_at(2), Some(1));
    }
}
