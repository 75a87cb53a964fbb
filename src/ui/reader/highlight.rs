//! The Reader's highlight layer: mentions (coloured by their entity's kind), suggestions
//! waiting for review (dimmed) and find matches, cut into formatted pieces of a paragraph
//! and laid out as one galley; right-to-left paragraphs shaped and reordered first.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};

use super::layout::is_rtl;
use crate::analysis::{Suggestion, Suggestions};
use crate::model::{EntityId, EntityKind, MentionId, Project, SourceId};
use crate::ui::theme;

/// What to paint behind the text: find matches and mentions.
pub struct Highlights<'a> {
    /// Find matches, by start.
    pub matches: &'a [Range<usize>],
    /// The index of the current match.
    pub current: usize,
    /// Mentions and suggestions, by start.
    pub mentions: &'a [MentionSpan],
}

/// A mention in the text shown, for highlighting and hovering.
#[derive(Clone, Debug)]
pub struct MentionSpan {
    /// The mention; `None` for a suggestion waiting for review.
    pub mention: Option<MentionId>,
    /// The suggestion waiting for review, for one; an ambiguous suggestion has a span
    /// for each candidate.
    pub suggestion: Option<Suggestion>,
    /// Byte range in the source's text.
    pub range: Range<usize>,
    /// The entity it mentions.
    pub entity: EntityId,
    /// The entity's kind, for its colour.
    pub kind: EntityKind,
}

/// The mentions and suggestions in `source`, by start (longer first where two start
/// together).
pub fn mention_spans(project: &Project, source: &SourceId, suggestions: &Suggestions) -> Vec<MentionSpan> {
    let mut spans: Vec<MentionSpan> = project
        .mentions_in_source(source)
        .filter_map(|m| {
            let entity = project.entities.get(&m.entity)?;
            Some(MentionSpan {
                mention: Some(m.id.clone()),
                suggestion: None,
                range: m.anchor.start..m.anchor.end,
                entity: m.entity.clone(),
                kind: entity.kind,
            })
        })
        .collect();
    if let Some(index) = suggestions.source_index(source) {
        for s in suggestions.items().iter().filter(|s| s.source == index) {
            spans.extend(suggestions.candidates(s).filter_map(|id| {
                let entity = project.entities.get(id)?;
                Some(MentionSpan {
                    mention: None,
                    suggestion: Some(*s),
                    range: s.range(),
                    entity: id.clone(),
                    kind: entity.kind,
                })
            }));
        }
    }
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    spans
}

/// The mentions covering byte `at`, innermost first.
pub fn mentions_at(mentions: &[MentionSpan], at: usize) -> Vec<&MentionSpan> {
    let mut under: Vec<&MentionSpan> =
        mentions.iter().filter(|m| m.range.start <= at && at < m.range.end).collect();
    under.sort_by_key(|m| m.range.len());
    under
}

/// `range` of `text` (one paragraph) laid out with its highlights, wrapped at `width`.
pub fn layout_paragraph(
    ui: &egui::Ui,
    text: &str,
    range: Range<usize>,
    highlights: &Highlights<'_>,
    font_size: f32,
    width: f32,
) -> Arc<egui::Galley> {
    let paragraph = &text[range.clone()];
    let font = egui::FontId::proportional(font_size);
    let color = ui.visuals().text_color();
    let plain = TextFormat { font_id: font, color, ..Default::default() };
    if is_rtl(paragraph) {
        return layout_rtl(ui, paragraph, plain, width);
    }
    // Find matches and mentions that overlap this paragraph.
    let first_match = highlights.matches.partition_point(|m| m.end <= range.start);
    let matches: Vec<(usize, &Range<usize>)> = highlights
        .matches
        .iter()
        .enumerate()
        .skip(first_match)
        .take_while(|(_, m)| m.start < range.end)
        .collect();
    let spans: Vec<&MentionSpan> = highlights
        .mentions
        .iter()
        .filter(|m| m.range.start < range.end && m.range.end > range.start)
        .collect();
    // Cut the paragraph wherever a highlight starts or ends; each piece gets one format.
    let mut cuts = vec![range.start, range.end];
    for (_, m) in &matches {
        cuts.extend([m.start.clamp(range.start, range.end), m.end.clamp(range.start, range.end)]);
    }
    for span in &spans {
        cuts.extend([
            span.range.start.clamp(range.start, range.end),
            span.range.end.clamp(range.start, range.end),
        ]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = LayoutJob { wrap: egui::text::TextWrapping::wrap_at_width(width), ..Default::default() };
    for piece in cuts.windows(2) {
        let (a, b) = (piece[0], piece[1]);
        let mut format = plain.clone();
        let (covering, suggested): (Vec<&&MentionSpan>, Vec<&&MentionSpan>) = spans
            .iter()
            .filter(|m| m.range.start <= a && m.range.end >= b)
            .partition(|m| m.mention.is_some());
        // A suggestion is dimmed: a faint wash and a thin underline in its kind's colour.
        if let Some(suggestion) = suggested.first() {
            format.background = theme::suggestion_fill(suggestion.kind, ui.visuals());
            format.underline = egui::Stroke::new(1.0, theme::kind_color(suggestion.kind));
        }
        // The innermost mention colours the background; an enclosing one underlines.
        if let Some(inner) = covering.iter().min_by_key(|m| m.range.len()) {
            format.background = theme::mention_fill(inner.kind, ui.visuals());
            if let Some(outer) = covering.iter().max_by_key(|m| m.range.len()).filter(|_| covering.len() > 1)
            {
                format.underline = egui::Stroke::new(2.0, theme::kind_color(outer.kind));
            }
        }
        if let Some((i, _)) = matches.iter().find(|(_, m)| m.start <= a && m.end >= b) {
            format.background = if *i == highlights.current {
                theme::find_current(ui.visuals())
            } else {
                theme::find_highlight(ui.visuals())
            };
        }
        job.append(&text[a..b], 0.0, format);
    }
    ui.painter().layout_job(job)
}

/// Lays out a right-to-left paragraph: Arabic letters joined into their contextual
/// forms, wrapped, each line put in visual order and aligned right. egui lays text out
/// left to right only, so the Reader does this itself.
fn layout_rtl(ui: &egui::Ui, paragraph: &str, format: TextFormat, width: f32) -> Arc<egui::Galley> {
    let shaped = ar_reshaper::reshape_line(paragraph);
    let mut wrap_job =
        LayoutJob { wrap: egui::text::TextWrapping::wrap_at_width(width), ..Default::default() };
    wrap_job.append(&shaped, 0.0, format.clone());
    let wrapped = ui.painter().layout_job(wrap_job);
    let visual_lines: Vec<String> = wrapped
        .rows
        .iter()
        .map(|row| {
            let logical: String = row.glyphs.iter().map(|g| g.chr).collect();
            let logical = logical.trim_end().to_owned();
            let info = unicode_bidi::BidiInfo::new(&logical, Some(unicode_bidi::Level::rtl()));
            match info.paragraphs.first() {
                Some(para) => info.reorder_line(para, para.range.clone()).into_owned(),
                None => logical,
            }
        })
        .collect();
    let mut job = LayoutJob { halign: egui::Align::RIGHT, ..Default::default() };
    job.wrap.max_width = width;
    job.append(&visual_lines.join("\n"), 0.0, format);
    ui.painter().layout_job(job)
}
