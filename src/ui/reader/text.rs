//! The text itself: the paragraphs in view, scrolled to a match or quote when asked, the
//! mouse selection (drag, double-click, drag off edges to scroll), clicks and hovers on
//! mentions, the context menu, and a selection dragged out as a quote for the map.

use std::ops::Range;
use std::sync::Arc;

use super::context_menu::context_menu_ui;
use super::highlight::{Highlights, MentionSpan, layout_paragraph, mentions_at};
use super::layout::{Block, GeometryKey, ReaderLayout};
use super::select::{byte_to_char, char_to_byte, selection_rects, snap_to_words, word_at};
use super::{MAX_TEXT_WIDTH, QuoteDrag, ReaderState, Tagging};
use crate::analysis::Suggestions;
use crate::model::{Project, Source};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// The source's text, laid out paragraph by paragraph as it scrolls into view.
pub fn text_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut ReaderState,
    suggestions: &Suggestions,
    commands: &mut Vec<Command>,
) {
    let width = ui.available_width().clamp(120.0, MAX_TEXT_WIDTH);
    let key = GeometryKey {
        source: source.id.clone(),
        width: width.round() as u32,
        font_size: state.font_size,
        dark_mode: ui.visuals().dark_mode,
    };
    if state.layout.as_ref().is_none_or(|l| l.key != key) {
        state.layout = Some(ReaderLayout::new(key, &source.text));
    }
    let generation = state.highlight_generation;
    let Some(layout) = state.layout.as_mut() else {
        return;
    };
    if layout.highlight_generation != generation {
        layout.clear_galleys(generation);
    }

    // Dragging selects text, so it must not also scroll.
    let scroll_source =
        egui::scroll_area::ScrollSource { drag: egui::scroll_area::DragScroll::Never, ..Default::default() };
    let mut scroll_area = egui::ScrollArea::vertical()
        .id_salt(("reader", source.id.as_str()))
        .auto_shrink([false, false])
        .scroll_source(scroll_source);
    if let Some(offset) = state.scroll_to.take()
        && let Some(block) = layout.block_at(offset)
    {
        scroll_area = scroll_area.vertical_scroll_offset((layout.tops[block] - 60.0).max(0.0));
    }
    let highlights =
        Highlights { matches: &state.matches, current: state.current, mentions: &state.mentions };
    scroll_area.show_viewport(ui, |ui, viewport| {
        ui.set_height(layout.total_height());
        ui.set_width(width);
        let origin = ui.min_rect().min;
        let mut heights_changed = false;
        let mut placed: Vec<Placed> = Vec::new();
        for i in layout.visible(viewport.min.y..viewport.max.y) {
            let top = layout.tops[i];
            match layout.blocks[i].clone() {
                Block::Text(range) => {
                    let galley = layout.galleys[i].get_or_insert_with(|| {
                        layout_paragraph(ui, &source.text, range.clone(), &highlights, state.font_size, width)
                    });
                    let galley = Arc::clone(galley);
                    let height = galley.size().y + state.font_size * 0.55;
                    if !layout.measured[i] || (layout.heights[i] - height).abs() > 0.5 {
                        layout.heights[i] = height;
                        layout.measured[i] = true;
                        heights_changed = true;
                    }
                    // The rect is exactly the galley's size: `put` would centre a smaller
                    // galley. Right-to-left paragraphs sit against the right edge.
                    let x =
                        if galley.job.halign == egui::Align::RIGHT { width - galley.size().x } else { 0.0 };
                    let rect = egui::Rect::from_min_size(origin + egui::vec2(x, top), galley.size());
                    let response = ui.interact(
                        rect,
                        ui.scope_id().with(("paragraph", i)),
                        egui::Sense::click_and_drag(),
                    );
                    let paragraph = &source.text[range.clone()];
                    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, paragraph));
                    let response = response.on_hover_cursor(egui::CursorIcon::Text);
                    ui.painter().galley(rect.min, Arc::clone(&galley), ui.visuals().text_color());
                    placed.push(Placed { range, rect, galley, response });
                }
                Block::Blank => {}
                Block::PageBreak(page) => {
                    let y = origin.y + top + layout.heights[i] * 0.5;
                    let stroke = ui.visuals().widgets.noninteractive.bg_stroke;
                    ui.painter().hline(origin.x..=origin.x + width, y, stroke);
                    ui.painter().text(
                        egui::pos2(origin.x + width * 0.5, y),
                        egui::Align2::CENTER_CENTER,
                        format!("  Page {page}  "),
                        egui::FontId::proportional(state.font_size * 0.8),
                        theme::hint_color(ui.visuals()),
                    );
                }
            }
        }
        if heights_changed {
            layout.recompute_tops();
            ui.ctx().request_repaint();
        }
        let spans = (&state.mentions[..], suggestions);
        selection_ui(ui, project, source, &mut state.tagging, spans, &placed, commands);
    });
}

/// A paragraph on screen: its text range, where it is, its galley and its response.
struct Placed {
    range: Range<usize>,
    rect: egui::Rect,
    galley: Arc<egui::Galley>,
    response: egui::Response,
}

/// The byte offset of the text under `pos`: inside a paragraph, the character there;
/// above, below or between paragraphs, the nearest paragraph edge.
fn offset_at(text: &str, placed: &[Placed], pos: egui::Pos2) -> Option<usize> {
    let first = placed.first()?;
    if pos.y < first.rect.top() {
        return Some(first.range.start);
    }
    for p in placed {
        if pos.y <= p.rect.bottom() {
            if pos.y < p.rect.top() {
                return Some(p.range.start);
            }
            if p.galley.job.halign == egui::Align::RIGHT {
                // Right-to-left paragraphs are drawn in visual order; select them whole.
                return Some(if pos.x < p.rect.center().x { p.range.end } else { p.range.start });
            }
            let cursor = p.galley.cursor_from_pos(pos - p.rect.min);
            return Some(p.range.start + char_to_byte(&text[p.range.clone()], cursor.index.0));
        }
    }
    placed.last().map(|p| p.range.end)
}

/// Mouse selection (drag, double-click), its highlight, clicks on mentions and the
/// context menu.
fn selection_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut Tagging,
    (mentions, suggestions): (&[MentionSpan], &Suggestions),
    placed: &[Placed],
    commands: &mut Vec<Command>,
) {
    let text: &str = &source.text;
    let pointer = ui.input(|i| i.pointer.interact_pos());
    for p in placed {
        let r = &p.response;
        if r.drag_started_by(egui::PointerButton::Primary) {
            let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
            if let Some(at) = origin.and_then(|pos| offset_at(text, placed, pos)) {
                match state.selected_range(&source.id) {
                    // A drag that starts on the selection carries it off as a quote, to be
                    // dropped on a relation of the map.
                    Some(range) if !range.is_empty() && range.contains(&at) => {
                        egui::DragAndDrop::set_payload(
                            ui.ctx(),
                            QuoteDrag { source: source.id.clone(), range },
                        );
                    }
                    _ => {
                        state.drag_anchor = Some(at);
                        state.selection = Some((source.id.clone(), at..at));
                    }
                }
            }
        }
        if r.double_clicked() {
            if let Some(at) = pointer.and_then(|pos| offset_at(text, placed, pos)) {
                let word = word_at(text, at);
                state.selection = (!word.is_empty()).then(|| (source.id.clone(), word));
            }
        } else if r.clicked() {
            state.selection = None;
            let under =
                pointer.and_then(|pos| offset_at(text, placed, pos)).map(|at| mentions_at(mentions, at));
            if let Some(first) = under.and_then(|u| u.into_iter().find(|m| m.mention.is_some())) {
                commands.push(Command::Select(Selection::Entity(first.entity.clone())));
            }
        }
        if r.secondary_clicked() {
            let at = pointer.and_then(|pos| offset_at(text, placed, pos));
            let under = at.map(|at| mentions_at(mentions, at)).unwrap_or_default();
            state.menu_mentions = under.iter().filter_map(|m| m.mention.clone()).collect();
            // One entry per place: an ambiguous suggestion has a span per candidate.
            state.menu_suggestions = under.iter().filter_map(|m| m.suggestion).collect();
            state.menu_suggestions.dedup();
        }
        if r.hovered()
            && state.drag_anchor.is_none()
            && let Some(at) = pointer.and_then(|pos| offset_at(text, placed, pos))
        {
            let names: Vec<String> = mentions_at(mentions, at)
                .iter()
                .filter_map(|m| Some((m, project.entities.get(&m.entity)?)))
                .map(|(m, e)| {
                    let line = format!("{} {} ({})", theme::kind_icon(e.kind), e.name, e.kind.label());
                    if m.mention.is_some() {
                        line
                    } else {
                        format!("Suggested: {line}; right-click to accept")
                    }
                })
                .collect();
            if !names.is_empty() {
                r.clone().on_hover_text(names.join("\n"));
            }
        }
        r.context_menu(|ui| context_menu_ui(ui, project, source, state, suggestions, commands));
    }
    quote_drag_preview(ui.ctx(), source);
    // Extend the selection while the button is down; snap to words when it comes up.
    if let Some(anchor) = state.drag_anchor {
        let down = ui.input(|i| i.pointer.primary_down());
        if let Some(head) = ui.input(|i| i.pointer.latest_pos()).and_then(|pos| offset_at(text, placed, pos))
        {
            state.selection = Some((source.id.clone(), anchor.min(head)..anchor.max(head)));
        }
        if let Some(pos) = ui.input(|i| i.pointer.latest_pos()) {
            // Past the top or bottom edge, scroll so the selection can go on, faster
            // the further out the pointer is.
            let clip = ui.clip_rect();
            let beyond = if pos.y < clip.top() {
                pos.y - clip.top()
            } else if pos.y > clip.bottom() {
                pos.y - clip.bottom()
            } else {
                0.0
            };
            if beyond != 0.0 && down {
                ui.scroll_with_delta(egui::vec2(0.0, -beyond.clamp(-40.0, 40.0) * 0.5));
            }
        }
        if !down {
            state.drag_anchor = None;
            state.selection = state
                .selection
                .take()
                .map(|(s, r)| (s, snap_to_words(text, r)))
                .filter(|(_, r)| !r.is_empty());
        }
    }
    // The selection's highlight, over the text.
    if let Some(range) = state.selected_range(&source.id) {
        let fill = theme::selection_fill(ui.visuals());
        for p in placed.iter().filter(|p| p.range.start < range.end && range.start < p.range.end) {
            let paragraph = &text[p.range.clone()];
            if p.galley.job.halign == egui::Align::RIGHT {
                ui.painter().rect_filled(p.rect, 2.0, fill);
                continue;
            }
            let a = byte_to_char(paragraph, range.start.saturating_sub(p.range.start));
            let b = byte_to_char(paragraph, range.end.min(p.range.end) - p.range.start);
            for rect in selection_rects(&p.galley, a..b) {
                let rect = rect.translate(p.rect.min.to_vec2());
                ui.painter().rect_filled(rect, 2.0, fill);
                state.selection_end = Some(rect.left_bottom());
            }
        }
    }
}

/// While a quote is dragged out of the Reader, shows it beside the pointer; `source` is
/// the source shown, whose text the quote is taken from.
fn quote_drag_preview(ctx: &egui::Context, source: &Source) {
    let (Some(quote), Some(pointer)) =
        (egui::DragAndDrop::payload::<QuoteDrag>(ctx), ctx.input(|i| i.pointer.latest_pos()))
    else {
        return;
    };
    let Some(quoted) = source.text.get(quote.range.clone()).filter(|_| quote.source == source.id) else {
        return;
    };
    ctx.set_cursor_icon(egui::CursorIcon::Grabbing);
    let mut excerpt: String = quoted.chars().take(80).collect();
    if excerpt.len() < quoted.len() {
        excerpt.push('…');
    }
    egui::Area::new(egui::Id::unique("quote-drag"))
        .order(egui::Order::Tooltip)
        .fixed_pos(pointer + egui::vec2(14.0, 14.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                ui.label(format!("\u{201c}{excerpt}\u{201d}"));
                ui.label(
                    egui::RichText::new("Drop on a relation of the map to cite it")
                        .small()
                        .color(theme::hint_color(ui.visuals())),
                );
            });
        });
}
