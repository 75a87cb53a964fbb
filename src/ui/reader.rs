//! The Reader: the selected source's text in paragraphs, laid out only where visible,
//! selectable, with find-in-source and a font size of the reader's choosing.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, Selection};
use super::reader_layout::{Block, GeometryKey, ReaderLayout, is_rtl};
use super::reader_select::{byte_to_char, char_to_byte, selection_rects, snap_to_words, word_at};
use super::tag_popup::{PopupOutcome, TagPopup, tag_popup_ui};
use super::theme;
use super::view::View;
use crate::analysis::{Folded, fold};
use crate::analysis::{Suggestion, Suggestions};
use crate::edit::{Edit, TagTarget, reassign_mention, tag_span};
use crate::model::{
    Anchor, EntityId, EntityKind, IdGenerator, ItemKey, MentionId, Project, RelationId, Source, SourceId,
};

const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Smallest and largest text size the Reader offers, in points.
const FONT_SIZES: Range<f32> = 10.0..32.0;
/// The Reader keeps lines to a readable length.
const MAX_TEXT_WIDTH: f32 = 780.0;

/// The Reader's view state: font size, find bar, and the cached layout.
pub struct ReaderState {
    /// Text size in points.
    pub font_size: f32,
    /// Whether the find bar is shown.
    pub find_open: bool,
    /// What the find bar looks for.
    pub find_query: String,
    /// Byte ranges of the matches in the current source's text.
    pub matches: Vec<Range<usize>>,
    /// Index of the current match.
    pub current: usize,
    matches_for: Option<(SourceId, String)>,
    /// The source `matches` belong to.
    matches_source: Option<SourceId>,
    focus_find: bool,
    /// A byte offset of the text to scroll into view on the next frame.
    pub scroll_to: Option<usize>,
    highlight_generation: u64,
    layout: Option<ReaderLayout>,
    /// The folded text of the source last searched, kept while it is shown.
    folded: Option<(SourceId, Folded)>,
    /// Mentions in the source shown, and the source and project revision they are of.
    mentions: Vec<MentionSpan>,
    mentions_of: Option<(SourceId, u64, u64)>,
    /// Selection, tag popup and recent entities.
    pub tagging: Tagging,
}

/// A quote being dragged out of the Reader: dropped on a relation line of the map, it
/// becomes evidence for that relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteDrag {
    /// The source quoted.
    pub source: SourceId,
    /// Byte range of the quote in the source's text.
    pub range: Range<usize>,
}

/// The Reader's text selection and what tagging it needs.
#[derive(Default)]
pub struct Tagging {
    /// The selected text: source and byte range (snapped to words once the drag ends).
    pub selection: Option<(SourceId, Range<usize>)>,
    /// Where the current drag started, in bytes.
    drag_anchor: Option<usize>,
    /// The open tag popup.
    pub popup: Option<TagPopup>,
    /// Entities used lately, most recent first: keys 1–9 tag the selection as them.
    pub recent: Vec<EntityId>,
    /// The mentions under the pointer when the context menu opened.
    menu_mentions: Vec<MentionId>,
    /// The suggestions under the pointer when the context menu opened.
    menu_suggestions: Vec<Suggestion>,
    /// The relation last selected: quotes are cited as its evidence.
    pub cite_target: Option<RelationId>,
    /// Where the selection ends on screen (bottom-left of its last row), for the popup.
    selection_end: Option<egui::Pos2>,
}

impl Tagging {
    /// The selected range of `source`, if the selection is in it and not empty.
    pub fn selected_range(&self, source: &SourceId) -> Option<Range<usize>> {
        self.selection.as_ref().filter(|(s, r)| s == source && !r.is_empty()).map(|(_, r)| r.clone())
    }

    /// Puts `entity` first in the recent list.
    pub fn used(&mut self, entity: &EntityId) {
        self.recent.retain(|e| e != entity);
        self.recent.insert(0, entity.clone());
        self.recent.truncate(RECENT);
    }
}

/// How many recent entities get a number key.
const RECENT: usize = 9;
/// The keys that tag the selection as a recent entity.
const DIGITS: [Key; RECENT] =
    [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];

impl Default for ReaderState {
    fn default() -> Self {
        Self {
            font_size: 15.0,
            find_open: false,
            find_query: String::new(),
            matches: Vec::new(),
            current: 0,
            matches_for: None,
            matches_source: None,
            focus_find: false,
            scroll_to: None,
            highlight_generation: 1,
            layout: None,
            folded: None,
            mentions: Vec::new(),
            mentions_of: None,
            tagging: Tagging::default(),
        }
    }
}

impl ReaderState {
    /// Shows `range` of `source`'s text highlighted and scrolled into view (a search hit).
    pub fn show_hit(&mut self, source: &SourceId, range: Range<usize>) {
        self.find_open = false;
        self.scroll_to = Some(range.start);
        self.matches = vec![range];
        self.current = 0;
        self.matches_source = Some(source.clone());
        self.highlight_generation += 1;
    }
}

/// Byte ranges of `text` (given also folded) where `query` occurs, ignoring case and
/// accents ("asad" finds "Asad" and "ASAD", "khmeimim" finds "Khmeimím").
pub fn find_matches(folded: &Folded, query: &str) -> Vec<Range<usize>> {
    let needle = fold(query);
    if needle.trim().is_empty() {
        return Vec::new();
    }
    folded.text().match_indices(needle.as_str()).map(|(at, m)| folded.to_original(at..at + m.len())).collect()
}

/// Draws the text of the source in `view.reader_source`.
pub fn reader_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: u64,
    view: &mut View,
    commands: &mut Vec<Command>,
) {
    let Some(source) = view.reader_source.as_ref().and_then(|id| project.sources.get(id)) else {
        ui.centered_and_justified(|ui| {
            ui.label(
                egui::RichText::new("Select a source in the Sources panel to read it here.")
                    .color(theme::hint_color(ui.visuals())),
            );
        });
        return;
    };
    if let Selection::Relation(id) = &view.selection {
        view.reader.tagging.cite_target = Some(id.clone());
    }
    let state = &mut view.reader;
    // Highlights belong to one source: drop them when another is shown.
    if state.matches_source.as_ref() != Some(&source.id) && !state.matches.is_empty() {
        state.matches.clear();
        state.matches_for = None;
        state.highlight_generation += 1;
    }
    let key = (source.id.clone(), revision, view.review.generation);
    if state.mentions_of.as_ref() != Some(&key) {
        state.mentions = mention_spans(project, &source.id, &view.review.suggestions);
        state.mentions_of = Some(key);
        state.highlight_generation += 1;
    }
    if ui.input_mut(|i| i.consume_shortcut(&FIND)) {
        state.find_open = true;
        state.focus_find = true;
    }
    header_ui(ui, source, state);
    if state.find_open {
        find_bar_ui(ui, source, state);
    }
    tag_bar_ui(ui, project, source, &mut state.tagging, commands);
    ui.separator();
    text_ui(ui, project, source, state, &view.review.suggestions, commands);
    popup_ui(ui.ctx(), project, &mut state.tagging, commands);
}

/// Tags `range` of `source` as `target` (or re-assigns `reassign`), as one undo step.
fn tag(
    project: &Project,
    state: &mut Tagging,
    source: &SourceId,
    range: Range<usize>,
    reassign: Option<&MentionId>,
    target: &TagTarget,
    commands: &mut Vec<Command>,
) {
    let mut ids = IdGenerator::default();
    let result = match reassign {
        Some(mention) => reassign_mention(project, mention, target, &mut ids),
        None => tag_span(project, source, range.clone(), target, &mut ids),
    };
    match result {
        Ok((edit, entity)) => {
            let exact = project.sources.get(source).and_then(|s| s.text.get(range)).unwrap_or_default();
            let name = match target {
                TagTarget::Existing(id) => project.entities.get(id).map_or("", |e| e.name.as_str()),
                TagTarget::New { name, .. } => name.as_str(),
            };
            let verb = if reassign.is_some() { "Re-assign" } else { "Tag" };
            commands.push(Command::edit(edit, format!("{verb} \u{201c}{exact}\u{201d} as {name}")));
            state.used(&entity);
            state.selection = None;
        }
        Err(error) => commands.push(Command::Notify(error.to_string())),
    }
}

/// "Cite as evidence for …": the relation selected last, and a list of the others
/// (those between entities this source mentions first).
fn cite_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    range: Range<usize>,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    if project.relations.is_empty() {
        return;
    }
    ui.separator();
    if let Some(relation) = state.cite_target.as_ref().and_then(|id| project.relations.get(id)) {
        let text = format!("Cite as evidence for \u{201c}{}\u{201d} (E)", relation_title(project, relation));
        if ui.button(text).clicked() {
            cite(project, &source.id, range.clone(), &relation.id, state, commands);
            ui.close();
        }
    }
    let mentioned: std::collections::HashSet<&EntityId> =
        project.mentions_in_source(&source.id).map(|m| &m.entity).collect();
    let mut relations: Vec<&crate::model::Relation> = project.relations.values().collect();
    relations.sort_by_key(|r| {
        let here = usize::from(mentioned.contains(&r.from)) + usize::from(mentioned.contains(&r.to));
        (std::cmp::Reverse(here), relation_title(project, r).to_lowercase())
    });
    ui.menu_button("Cite as evidence for…", |ui| {
        egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            for relation in relations {
                if ui.button(relation_title(project, relation)).clicked() {
                    cite(project, &source.id, range.clone(), &relation.id, state, commands);
                    ui.close();
                }
            }
        });
    });
}

/// "Russia granted asylum to Bashar al-Assad".
pub fn relation_title(project: &Project, relation: &crate::model::Relation) -> String {
    let name = |id: &EntityId| project.entities.get(id).map_or_else(|| id.to_string(), |e| e.name.clone());
    format!("{} {} {}", name(&relation.from), relation.label, name(&relation.to))
}

/// Adds `range` of `source` to the evidence of `relation` (one undo step).
fn cite(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    relation: &RelationId,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    match cite_command(project, source, range, relation) {
        Ok(Some(command)) => {
            commands.push(command);
            state.cite_target = Some(relation.clone());
            state.selection = None;
        }
        Ok(None) => {}
        Err(message) => commands.push(Command::Notify(message)),
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

/// The edit that adds `range` of `source` to the evidence of `relation`, as a command;
/// `None` when the source or relation is gone, and why not when the quote cannot be
/// cited (already cited, or not on character boundaries).
pub fn cite_command(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    relation: &RelationId,
) -> Result<Option<Command>, String> {
    let (Some(found), Some(text)) = (project.relations.get(relation), project.sources.get(source)) else {
        return Ok(None);
    };
    let anchor = Anchor::from_span(&text.text, range.start, range.end).map_err(|e| e.to_string())?;
    if found.evidence.iter().any(|e| &e.source == source && e.anchor == anchor) {
        return Err("That quote is already evidence for this relation".to_owned());
    }
    let mut updated = found.clone();
    updated.evidence.push(crate::model::Evidence { source: source.clone(), anchor, credibility: None });
    let label = format!("Cite evidence for \u{201c}{}\u{201d}", relation_title(project, found));
    Ok(Some(Command::edit(Edit::put(updated), label)))
}

/// With text selected: what T and the number keys do, and the keys themselves.
fn tag_bar_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    // The bar is always there, so that selecting never moves the text under the pointer.
    let Some(range) = state.selected_range(&source.id).filter(|_| state.drag_anchor.is_none()) else {
        ui.horizontal(|ui| {
            let hint = "Select text to tag it: press T or right-click. Double-click selects a word.";
            ui.add_enabled(false, egui::Button::new("Tag as entity… (T)"));
            // Truncated: a line that does not fit would widen the pane's content and push
            // the text past its right edge.
            ui.add(
                egui::Label::new(egui::RichText::new(hint).color(theme::hint_color(ui.visuals()))).truncate(),
            )
            .on_hover_text(hint);
        });
        return;
    };
    let keys_free = state.popup.is_none() && !ui.ctx().egui_wants_keyboard_input();
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::T)) {
        open_popup(ui.ctx(), source, range.clone(), state);
        return;
    }
    if keys_free
        && let Some(relation) = state.cite_target.clone().filter(|id| project.relations.contains_key(id))
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::E))
    {
        cite(project, &source.id, range.clone(), &relation, state, commands);
        return;
    }
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::C)) {
        ui.ctx().copy_text(source.text[range.clone()].to_owned());
    }
    if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        state.selection = None;
        return;
    }
    let recent: Vec<EntityId> =
        state.recent.iter().filter(|id| project.entities.contains_key(*id)).cloned().collect();
    for (key, entity) in DIGITS.iter().zip(&recent) {
        if keys_free && ui.input_mut(|i| i.consume_key(Modifiers::NONE, *key)) {
            let target = TagTarget::Existing(entity.clone());
            tag(project, state, &source.id, range.clone(), None, &target, commands);
            return;
        }
    }
    ui.horizontal(|ui| {
        let exact = &source.text[range.clone()];
        let shown: String = exact.chars().take(40).collect();
        let ellipsis = if shown.len() < exact.len() { "…" } else { "" };
        ui.label(egui::RichText::new(format!("\u{201c}{shown}{ellipsis}\u{201d}")).strong());
        if ui.button("Tag as entity… (T)").on_hover_text("Tag the selected text as an entity").clicked() {
            open_popup(ui.ctx(), source, range.clone(), state);
        }
        if let Some(relation) = state.cite_target.clone().and_then(|id| project.relations.get(&id))
            && ui
                .button("Cite (E)")
                .on_hover_text(format!(
                    "Cite as evidence for \u{201c}{}\u{201d}",
                    relation_title(project, relation)
                ))
                .clicked()
        {
            cite(project, &source.id, range.clone(), &relation.id, state, commands);
            return;
        }
        for (n, entity) in recent.iter().enumerate() {
            let Some(e) = project.entities.get(entity) else {
                continue;
            };
            let text = format!("{} {} {}", n + 1, theme::kind_icon(e.kind), e.name);
            if ui.small_button(text).on_hover_text(format!("Tag as {} (key {})", e.name, n + 1)).clicked() {
                let target = TagTarget::Existing(entity.clone());
                tag(project, state, &source.id, range.clone(), None, &target, commands);
                return;
            }
        }
    });
}

fn open_popup(ctx: &egui::Context, source: &Source, range: Range<usize>, state: &mut Tagging) {
    // Just under the selection when it is on screen, else at the pointer.
    let position = state
        .selection_end
        .filter(|_| state.selection.as_ref().is_some_and(|(_, r)| r == &range))
        .or_else(|| ctx.pointer_latest_pos())
        .unwrap_or_else(|| ctx.content_rect().center())
        + egui::vec2(0.0, 6.0);
    state.popup = Some(TagPopup::new(source.id.clone(), range, &source.text, position));
}

fn popup_ui(ctx: &egui::Context, project: &Project, state: &mut Tagging, commands: &mut Vec<Command>) {
    let Some(popup) = state.popup.as_mut() else {
        return;
    };
    match tag_popup_ui(ctx, popup, project, &state.recent) {
        PopupOutcome::Open => {}
        PopupOutcome::Cancelled => state.popup = None,
        PopupOutcome::Chosen(target) => {
            if let Some(popup) = state.popup.take() {
                let source = popup.source.clone();
                tag(project, state, &source, popup.range.clone(), popup.reassign.as_ref(), &target, commands);
            }
        }
    }
}

fn header_ui(ui: &mut egui::Ui, source: &Source, state: &mut ReaderState) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("A+").on_hover_text("Larger text").clicked() {
                state.font_size = (state.font_size + 1.0).min(FONT_SIZES.end);
            }
            ui.label(format!("{:.0}", state.font_size)).on_hover_text("Text size in points");
            if ui.button("A−").on_hover_text("Smaller text").clicked() {
                state.font_size = (state.font_size - 1.0).max(FONT_SIZES.start);
            }
            let find_tip = format!("Find in this source ({})", ui.ctx().format_shortcut(&FIND));
            if ui.button("🔍 Find").on_hover_text(find_tip).clicked() {
                state.find_open = true;
                state.focus_find = true;
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(egui::RichText::new(&source.title).heading()).wrap());
            });
        });
    });
    let details: Vec<&str> = [source.outlet.as_str(), source.published.as_str(), source.author.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !details.is_empty() {
        ui.label(egui::RichText::new(details.join(" · ")).color(theme::hint_color(ui.visuals())));
    }
}

fn find_bar_ui(ui: &mut egui::Ui, source: &Source, state: &mut ReaderState) {
    ui.horizontal(|ui| {
        let label = ui.label("Find in source");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.find_query)
                    .hint_text("word or phrase")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        if state.focus_find {
            field.request_focus();
            state.focus_find = false;
        }
        let key = (source.id.clone(), state.find_query.clone());
        if state.matches_for.as_ref() != Some(&key) {
            if state.folded.as_ref().is_none_or(|(id, _)| id != &source.id) {
                state.folded = Some((source.id.clone(), Folded::new(&source.text)));
            }
            state.matches =
                state.folded.as_ref().map(|(_, f)| find_matches(f, &state.find_query)).unwrap_or_default();
            state.matches_source = Some(source.id.clone());
            state.current = 0;
            state.matches_for = Some(key);
            state.highlight_generation += 1;
            state.scroll_to = state.matches.first().map(|m| m.start);
        }
        let count = state.matches.len();
        let step = |state: &mut ReaderState, forward: bool| {
            if count > 0 {
                state.current =
                    if forward { (state.current + 1) % count } else { (state.current + count - 1) % count };
                state.highlight_generation += 1;
                state.scroll_to = Some(state.matches[state.current].start);
            }
        };
        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let backwards = ui.input(|i| i.modifiers.shift);
            step(state, !backwards);
            field.request_focus();
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("⏶"))
            .on_hover_text("Previous match (Shift+Enter)")
            .clicked()
        {
            step(state, false);
        }
        if ui.add_enabled(count > 0, egui::Button::new("⏷")).on_hover_text("Next match (Enter)").clicked() {
            step(state, true);
        }
        let status = match count {
            0 if state.find_query.is_empty() => String::new(),
            0 => "no matches".to_owned(),
            _ => format!("{} of {count}", state.current + 1),
        };
        ui.label(status);
        if ui.button("✕").on_hover_text("Close the find bar (Esc)").clicked()
            || ((field.has_focus() || field.lost_focus())
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)))
        {
            // Like a browser, closing the find bar leaves the current match selected,
            // ready to tag with T.
            if let Some(found) = state.matches.get(state.current) {
                state.tagging.selection = Some((source.id.clone(), found.clone()));
            }
            state.find_open = false;
            state.find_query.clear();
        }
    });
    if !state.find_open {
        // Closing the find bar takes its highlights away.
        state.matches.clear();
        state.matches_for = None;
        state.highlight_generation += 1;
    }
}

fn text_ui(
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

/// The mentions covering byte `at`, innermost first.
fn mentions_at(mentions: &[MentionSpan], at: usize) -> Vec<&MentionSpan> {
    let mut under: Vec<&MentionSpan> =
        mentions.iter().filter(|m| m.range.start <= at && at < m.range.end).collect();
    under.sort_by_key(|m| m.range.len());
    under
}

fn context_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    source: &Source,
    state: &mut Tagging,
    suggestions: &Suggestions,
    commands: &mut Vec<Command>,
) {
    if let Some(range) = state.selected_range(&source.id) {
        if ui.button("Tag as entity…").clicked() {
            open_popup(ui.ctx(), source, range.clone(), state);
            ui.close();
        }
        if ui.button("Copy").clicked() {
            ui.ctx().copy_text(source.text[range.clone()].to_owned());
            ui.close();
        }
        cite_menu_ui(ui, project, source, range, state, commands);
    }
    for id in state.menu_mentions.clone() {
        let Some(mention) = project.mentions.get(&id) else {
            continue;
        };
        let name = project.entities.get(&mention.entity).map_or("?", |e| e.name.as_str());
        ui.separator();
        ui.label(
            egui::RichText::new(format!("\u{201c}{}\u{201d} \u{2192} {name}", mention.anchor.exact)).strong(),
        );
        if ui.button(format!("Select {name}")).clicked() {
            commands.push(Command::Select(Selection::Entity(mention.entity.clone())));
            ui.close();
        }
        if ui.button("Re-assign to…").clicked() {
            let range = mention.anchor.start..mention.anchor.end;
            open_popup(ui.ctx(), source, range, state);
            if let Some(popup) = state.popup.as_mut() {
                popup.reassign = Some(id.clone());
                popup.query.clear();
            }
            ui.close();
        }
        if ui.button("Remove mention").clicked() {
            let label = format!("Remove mention \u{201c}{}\u{201d}", mention.anchor.exact);
            commands.push(Command::edit(Edit::Remove(ItemKey::Mention(id.clone())), label));
            ui.close();
        }
    }
    for suggestion in state.menu_suggestions.clone() {
        // The scan may have been replaced since the menu opened.
        if !suggestions.items().contains(&suggestion) {
            continue;
        }
        let quoted = source.text.get(suggestion.range()).unwrap_or_default();
        let candidates: Vec<(&EntityId, Option<&crate::model::Entity>)> =
            suggestions.candidates(&suggestion).map(|id| (id, project.entities.get(id))).collect();
        ui.separator();
        if let [(id, entity)] = candidates.as_slice() {
            let name = entity.map_or(id.as_str(), |e| e.name.as_str());
            ui.label(
                egui::RichText::new(format!("Suggested: \u{201c}{quoted}\u{201d} \u{2192} {name}")).strong(),
            );
            if ui.button("Accept suggestion").clicked() {
                commands.push(super::review::accept_command(project, suggestions, &[&suggestion]));
                ui.close();
            }
        } else {
            ui.label(
                egui::RichText::new(format!(
                    "Suggested: \u{201c}{quoted}\u{201d}, which {} entities share",
                    candidates.len()
                ))
                .strong(),
            );
            for (id, entity) in &candidates {
                let name = entity.map_or(id.as_str(), |e| e.name.as_str());
                if ui.button(format!("Accept as {name}")).clicked() {
                    commands.extend(super::review::accept_as_command(project, suggestions, &suggestion, id));
                    ui.close();
                }
            }
        }
        if ui.button("Reject suggestion").clicked() {
            commands.push(super::review::reject_command(project, suggestions, &[&suggestion]));
            ui.close();
        }
    }
    if state.selected_range(&source.id).is_none()
        && state.menu_mentions.is_empty()
        && state.menu_suggestions.is_empty()
    {
        ui.label(egui::RichText::new("Select text to tag it.").color(theme::hint_color(ui.visuals())));
    }
}

/// What to paint behind the text: find matches and mentions.
struct Highlights<'a> {
    matches: &'a [Range<usize>],
    current: usize,
    mentions: &'a [MentionSpan],
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
fn mention_spans(project: &Project, source: &SourceId, suggestions: &Suggestions) -> Vec<MentionSpan> {
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

fn layout_paragraph(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ignores_case_and_accents() {
        let text = Folded::new("Hmeimim, HMEIMIM and Hmeimím — not Hmeimin.");
        assert_eq!(find_matches(&text, "hmeimim"), vec![0..7, 9..16, 21..29]);
        assert_eq!(find_matches(&text, ""), Vec::<Range<usize>>::new());
        assert_eq!(find_matches(&Folded::new("é e É"), "E"), vec![0..2, 3..4, 5..7]);
    }
}
