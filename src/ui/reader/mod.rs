//! The Reader: the selected source's text in paragraphs, laid out only where visible,
//! selectable, with find-in-source and a font size of the reader's choosing.
//!
//! Three layers, as in egui's demo: the anchors and mentions of the model; a highlighted
//! layout made once per paragraph and kept (`layout`, `highlight`); the panel on top.
//! Files: `text` (the paragraphs on screen, the mouse selection and the quote drag),
//! `select` (selection by byte offsets, snapping to words), `highlight` (mentions,
//! suggestions and find matches as formatted text), `layout` (paragraphs and their cached
//! galleys), `find_bar` (Ctrl+F), `tag_bar` (the keys and buttons for the selection),
//! `context_menu` (right-click), `tagging` (tagging and citing the selection, shared by
//! the bar, the menu and the popup), `tag_popup` (choosing the entity to tag as),
//! `claim_form` ("Record as claim…").

mod claim_form;
mod context_menu;
mod event_form;
mod find_bar;
mod highlight;
mod layout;
mod select;
mod tag_bar;
mod tag_popup;
mod tagging;
mod text;

use std::ops::Range;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::analysis::{Folded, Suggestion, Suggestions};
use crate::edit::Part;
use crate::model::{EntityId, MentionId, Project, RelationId, Source, SourceId};
pub use claim_form::open_claim_form;
use highlight::{MentionSpan, mention_spans};
use layout::ReaderLayout;
use tag_popup::TagPopup;
pub use tagging::cite_command;

const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
/// Smallest and largest text size the Reader offers, in points.
const FONT_SIZES: Range<f32> = 10.0..32.0;
/// The Reader keeps lines to a readable length.
const MAX_TEXT_WIDTH: f32 = 780.0;

/// The Reader's view state: the source shown, font size, find bar, and the cached layout.
pub struct ReaderState {
    /// The source shown (stays when an entity or a relation is selected).
    pub source: Option<SourceId>,
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
    /// The open "Record as claim" form.
    pub claim_form: Option<claim_form::ClaimForm>,
    /// The open "Record as event" form.
    event_form: Option<event_form::EventForm>,
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
            source: None,
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
    /// Shows `range` of `source`'s text highlighted and scrolled into view (a search hit,
    /// a quote, a mention).
    pub fn show(&mut self, source: &SourceId, range: Range<usize>) {
        self.source = Some(source.clone());
        self.find_open = false;
        self.scroll_to = Some(range.start);
        self.matches = vec![range];
        self.current = 0;
        self.matches_source = Some(source.clone());
        self.highlight_generation += 1;
    }
}

/// Draws the text of the source in `state.source`. The relation selected last is the one
/// a quote is cited for; `suggestions` (with their generation) are shown dimmed.
pub fn reader_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    state: &mut ReaderState,
    selection: &Selection,
    (suggestions, suggestions_generation): (&Suggestions, u64),
    commands: &mut Vec<Command>,
) {
    let Some(source) = state.source.as_ref().and_then(|id| project.sources.get(id)) else {
        ui.centered_and_justified(|ui| {
            ui.label(
                egui::RichText::new("Select a source in the Sources panel to read it here.")
                    .color(theme::hint_color(ui.visuals())),
            );
        });
        return;
    };
    if let Selection::Relation(id) = selection {
        state.tagging.cite_target = Some(id.clone());
    }
    // Highlights belong to one source: drop them when another is shown.
    if state.matches_source.as_ref() != Some(&source.id) && !state.matches.is_empty() {
        state.matches.clear();
        state.matches_for = None;
        state.highlight_generation += 1;
    }
    let key = (
        source.id.clone(),
        revision.of(&[Part::Sources, Part::Entities, Part::Mentions]),
        suggestions_generation,
    );
    if state.mentions_of.as_ref() != Some(&key) {
        state.mentions = mention_spans(project, &source.id, suggestions);
        state.mentions_of = Some(key);
        state.highlight_generation += 1;
    }
    if ui.input_mut(|i| i.consume_shortcut(&FIND)) {
        state.find_open = true;
        state.focus_find = true;
    }
    header_ui(ui, source, state);
    if state.find_open {
        find_bar::find_bar_ui(ui, source, state);
    }
    tag_bar::tag_bar_ui(ui, project, source, &mut state.tagging, commands);
    ui.separator();
    text::text_ui(ui, project, source, state, suggestions, commands);
    tagging::popup_ui(ui.ctx(), project, &mut state.tagging, commands);
    claim_form::claim_form_ui(ui.ctx(), project, &mut state.tagging, commands);
    event_form::event_form_ui(ui.ctx(), project, &mut state.tagging.event_form, commands);
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
