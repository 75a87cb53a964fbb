//! The tag popup: pick the entity a selected span (or a mention being re-assigned)
//! refers to. Typing ranks entities by name and alias; the last row creates a new one.
//! Arrow keys move, Enter accepts, Esc closes.

use std::ops::Range;

use egui::{Key, Modifiers};

use crate::analysis::{fold, rank_entities};
use crate::edit::TagTarget;
use crate::model::{EntityId, EntityKind, MentionId, Project, SourceId};
use crate::ui::theme;

/// How many entities the popup lists.
const ROWS: usize = 8;

/// An open tag popup.
pub struct TagPopup {
    /// The source of the span.
    pub source: SourceId,
    /// The span, in bytes of the source's text.
    pub range: Range<usize>,
    /// When re-assigning, the mention to re-assign.
    pub reassign: Option<MentionId>,
    /// What the analyst typed.
    pub query: String,
    /// The highlighted row.
    pub highlighted: usize,
    /// Kind of a new entity.
    pub new_kind: EntityKind,
    /// Where the popup opens (screen position).
    pub position: egui::Pos2,
    focus: bool,
}

impl TagPopup {
    /// A popup for `range` of `source`, its field filled with the selected text.
    pub fn new(source: SourceId, range: Range<usize>, text: &str, position: egui::Pos2) -> Self {
        Self {
            source,
            query: text.get(range.clone()).unwrap_or_default().to_owned(),
            range,
            reassign: None,
            highlighted: 0,
            new_kind: EntityKind::Person,
            position,
            focus: true,
        }
    }
}

/// What the popup did this frame.
pub enum PopupOutcome {
    /// Still open.
    Open,
    /// Closed without a choice.
    Cancelled,
    /// The analyst chose.
    Chosen(TagTarget),
}

/// Draws the popup. `recent` lists entities used lately, shown while the field is empty.
pub fn tag_popup_ui(
    ctx: &egui::Context,
    popup: &mut TagPopup,
    project: &Project,
    recent: &[EntityId],
) -> PopupOutcome {
    let candidates: Vec<(EntityId, String)> = if popup.query.trim().is_empty() {
        recent
            .iter()
            .filter_map(|id| project.entities.get(id))
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect()
    } else {
        rank_entities(project.entities.values(), &popup.query, ROWS)
            .into_iter()
            .map(|m| (m.entity, m.matched))
            .collect()
    };
    let folded = fold(popup.query.trim());
    let exact = candidates
        .iter()
        .filter_map(|(id, _)| project.entities.get(id))
        .any(|e| fold(&e.name) == folded && e.kind == popup.new_kind);
    let can_create = !folded.is_empty() && !exact;
    let rows = candidates.len() + usize::from(can_create);
    popup.highlighted = popup.highlighted.min(rows.saturating_sub(1));

    // Keys first, so the text field does not take the arrows.
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if rows > 0 {
        if down {
            popup.highlighted = (popup.highlighted + 1) % rows;
        }
        if up {
            popup.highlighted = (popup.highlighted + rows - 1) % rows;
        }
    }
    let choose = |index: usize, popup: &TagPopup| {
        if let Some((id, _)) = candidates.get(index) {
            Some(TagTarget::Existing(id.clone()))
        } else if can_create {
            Some(TagTarget::New { name: popup.query.trim().to_owned(), kind: popup.new_kind })
        } else {
            None
        }
    };
    let mut outcome = PopupOutcome::Open;
    if escape {
        return PopupOutcome::Cancelled;
    }
    if enter && let Some(target) = choose(popup.highlighted, popup) {
        return PopupOutcome::Chosen(target);
    }

    let title = if popup.reassign.is_some() { "Re-assign mention to" } else { "Tag as entity" };
    let area = egui::Area::new(egui::Id::unique("tag-popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(popup.position)
        .constrain(true);
    let response = area.show(ctx, |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            ui.set_width(320.0);
            let label = ui.strong(title);
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut popup.query)
                        .hint_text("name or alias")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if popup.focus {
                // The selected text is all selected, so typing replaces it and Enter
                // takes the best match for it.
                field.request_focus();
                if let Some(mut edit_state) = egui::TextEdit::load_state(ui.ctx(), field.id) {
                    let all = egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        egui::text::CCursor::new(popup.query.chars().count()),
                    );
                    edit_state.cursor.set_char_range(Some(all));
                    edit_state.store(ui.ctx(), field.id);
                }
                popup.focus = false;
            }
            if field.changed() {
                popup.highlighted = 0;
            }
            if candidates.is_empty() && popup.query.trim().is_empty() {
                ui.label(egui::RichText::new("Type a name or alias.").color(theme::hint_color(ui.visuals())));
            }
            for (index, (id, matched)) in candidates.iter().enumerate() {
                let Some(entity) = project.entities.get(id) else {
                    continue;
                };
                let icon = theme::kind_icon(entity.kind);
                let text = if matched == &entity.name {
                    format!("{icon} {}", entity.name)
                } else {
                    format!("{icon} {}  ({matched})", entity.name)
                };
                let row = ui.add(egui::Button::selectable(index == popup.highlighted, text));
                let row = row.on_hover_text(entity.kind.label());
                if row.clicked() {
                    outcome = PopupOutcome::Chosen(TagTarget::Existing(id.clone()));
                }
            }
            if can_create {
                ui.separator();
                let index = candidates.len();
                let text = format!("+ Create new \u{201c}{}\u{201d}", popup.query.trim());
                let row = ui.add(egui::Button::selectable(index == popup.highlighted, text));
                if row.clicked()
                    && let Some(target) = choose(index, popup)
                {
                    outcome = PopupOutcome::Chosen(target);
                }
                ui.horizontal(|ui| {
                    let kind_label = ui.label("as");
                    egui::ComboBox::from_id_salt("tag-popup-kind")
                        .selected_text(format!(
                            "{} {}",
                            theme::kind_icon(popup.new_kind),
                            popup.new_kind.label()
                        ))
                        .show_ui(ui, |ui| {
                            for kind in EntityKind::ALL {
                                let text = format!("{} {}", theme::kind_icon(kind), kind.label());
                                ui.selectable_value(&mut popup.new_kind, kind, text);
                            }
                        })
                        .response
                        .labelled_by(kind_label.id);
                });
            }
            ui.label(
                egui::RichText::new("↑↓ choose · Enter accept · Esc cancel")
                    .small()
                    .color(theme::hint_color(ui.visuals())),
            );
        });
    });
    // A click elsewhere closes the popup (but not one in the kind list).
    let clicked_outside = ctx.input(|i| i.pointer.any_pressed())
        && !response.response.contains_pointer()
        && !egui::Popup::is_any_open(ctx);
    if clicked_outside && matches!(outcome, PopupOutcome::Open) {
        return PopupOutcome::Cancelled;
    }
    outcome
}
