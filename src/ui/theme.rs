//! Every colour and icon of the app. Other modules take their colours from here.

// This module is where colours are defined; clippy.toml forbids them elsewhere.
#![allow(clippy::disallowed_methods)]

use egui::{Color32, Stroke};

use super::settings::ThemeChoice;

use crate::model::EntityKind;

/// Adds the bundled fallback font, so Arabic, Hebrew and symbols that egui's own fonts
/// lack still show.
pub fn install_fonts(ctx: &egui::Context) {
    let data = egui::FontData::from_static(include_bytes!("../../assets/fonts/DejaVuSans.ttf"));
    let families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
        .into_iter()
        .map(|family| egui::epaint::text::InsertFontFamily {
            family,
            priority: egui::epaint::text::FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(egui::epaint::text::FontInsert::new("DejaVuSans", data, families));
}

/// The colour of an entity kind, used for its icon, highlights and map nodes. The values
/// live in the export palette, so pictures exported from a map use the same colours.
pub fn kind_color(kind: EntityKind) -> Color32 {
    let [r, g, b] = crate::export::style::kind_rgb(kind);
    Color32::from_rgb(r, g, b)
}

/// The icon of an entity kind (a glyph of egui's bundled fonts), shared with exports.
pub fn kind_icon(kind: EntityKind) -> &'static str {
    crate::export::style::kind_icon(kind)
}

/// Text that explains rather than states: hints, empty states.
pub fn hint_color(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// Error toasts and messages.
pub fn error_color() -> Color32 {
    Color32::from_rgb(0xe5, 0x5b, 0x5b)
}

/// Warning toasts.
pub fn warning_color() -> Color32 {
    Color32::from_rgb(0xe0, 0xa0, 0x30)
}

/// Information toasts.
pub fn info_color() -> Color32 {
    Color32::from_rgb(0x6c, 0xb4, 0xee)
}

/// The faint grid of the empty map canvas.
pub fn map_grid_color(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color().gamma_multiply(0.25)
}

/// The background of a toast.
pub fn toast_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.window_fill
}

/// Background of text that matches the find bar.
pub fn find_highlight(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x5a, 0x4a, 0x12) } else { Color32::from_rgb(0xff, 0xe8, 0x8a) }
}

/// Background of the current find match.
pub fn find_current(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0xb0, 0x6a, 0x10) } else { Color32::from_rgb(0xff, 0xb0, 0x40) }
}

/// Background of a mention in the Reader: its kind's colour, faint enough to read through.
pub fn mention_fill(kind: EntityKind, visuals: &egui::Visuals) -> Color32 {
    kind_color(kind).gamma_multiply(if visuals.dark_mode { 0.35 } else { 0.25 })
}

/// Behind selected text in the Reader: translucent, so mention colours show through.
pub fn selection_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.selection.bg_fill.gamma_multiply(0.55)
}

/// Behind a suggested mention: much fainter than an accepted one.
pub fn suggestion_fill(kind: EntityKind, visuals: &egui::Visuals) -> Color32 {
    mention_fill(kind, visuals).gamma_multiply(0.35)
}

/// Relation lines on the map.
pub fn map_edge_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x9a, 0xa3, 0xb0) } else { Color32::from_rgb(0x5c, 0x64, 0x70) }
}

/// Nodes and relations a slide stresses: the export's highlight colour, so a slide looks
/// the same presented and exported.
pub fn map_highlight_color() -> Color32 {
    let [r, g, b] = crate::export::style::HIGHLIGHT;
    Color32::from_rgb(r, g, b)
}

/// Selected nodes, relations, notes and groups on the map.
pub fn map_selection_color() -> Color32 {
    Color32::from_rgb(0x3b, 0x9c, 0xff)
}

/// The ring around each node that separates it from lines beneath it.
pub fn map_node_outline(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color
}

/// The icon drawn inside a node's disc.
pub fn map_node_icon() -> Color32 {
    Color32::from_rgb(0xff, 0xff, 0xff)
}

/// A kind icon on a node filled with `fill`: white or near-black, whichever reads better
/// (the same rule as exports).
pub fn map_node_icon_on(fill: Color32) -> Color32 {
    let [r, g, b] = crate::export::style::icon_rgb_on([fill.r(), fill.g(), fill.b()]);
    Color32::from_rgb(r, g, b)
}

/// Text of node names and relation labels on the map.
pub fn map_text_color(visuals: &egui::Visuals) -> Color32 {
    visuals.strong_text_color()
}

/// The pill behind names and labels on the map, so they stay readable over lines.
pub fn map_label_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color.gamma_multiply(0.85)
}

/// The dot on a node's rim that starts a new relation, and the line drawn while dragging it.
pub fn map_handle_color() -> Color32 {
    Color32::from_rgb(0x2e, 0xc2, 0x7e)
}

/// The marker of pinned nodes.
pub fn map_pin_color() -> Color32 {
    Color32::from_rgb(0xe0, 0x5a, 0x7a)
}

/// Background of a text note on the map.
pub fn map_note_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x4a, 0x44, 0x22) } else { Color32::from_rgb(0xff, 0xf4, 0xb8) }
}

/// Text of a note on the map.
pub fn map_note_text(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0xf2, 0xec, 0xc8) } else { Color32::from_rgb(0x3a, 0x34, 0x10) }
}

/// Fill of a group rectangle on the map: translucent, drawn beneath the nodes.
pub fn map_group_fill() -> Color32 {
    Color32::from_rgba_unmultiplied(0x6c, 0x8e, 0xbf, 0x26)
}

/// Border and label of a group rectangle.
pub fn map_group_stroke() -> Color32 {
    Color32::from_rgb(0x6c, 0x8e, 0xbf)
}

/// The rubber band of a box selection.
pub fn map_box_fill() -> Color32 {
    Color32::from_rgba_unmultiplied(0x3b, 0x9c, 0xff, 0x22)
}

/// Puts the theme `choice` into effect: light and dark as chosen or as the system is set,
/// or the high-contrast dark theme.
pub fn apply_theme(ctx: &egui::Context, choice: ThemeChoice) {
    let dark =
        if choice == ThemeChoice::HighContrast { high_contrast_visuals() } else { egui::Visuals::dark() };
    ctx.style_mut_of(egui::Theme::Dark, |style| style.visuals = dark);
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark | ThemeChoice::HighContrast => egui::ThemePreference::Dark,
    });
}

/// Pure black and white, outlines on every control, a yellow focus and hover ring and a
/// saturated selection: for low vision and bright rooms.
fn high_contrast_visuals() -> egui::Visuals {
    let mut visuals = egui::Visuals::dark();
    visuals.override_text_color = Some(Color32::WHITE);
    visuals.panel_fill = Color32::BLACK;
    visuals.window_fill = Color32::BLACK;
    visuals.extreme_bg_color = Color32::BLACK;
    visuals.faint_bg_color = Color32::from_gray(28);
    visuals.window_stroke = Stroke::new(1.5, Color32::WHITE);
    visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, Color32::from_gray(210));
    visuals.widgets.noninteractive.fg_stroke = Stroke::new(1.0, Color32::WHITE);
    for widget in [&mut visuals.widgets.inactive, &mut visuals.widgets.open] {
        widget.bg_fill = Color32::from_gray(20);
        widget.weak_bg_fill = Color32::from_gray(20);
        widget.bg_stroke = Stroke::new(1.0, Color32::WHITE);
        widget.fg_stroke = Stroke::new(1.5, Color32::WHITE);
    }
    for widget in [&mut visuals.widgets.hovered, &mut visuals.widgets.active] {
        widget.bg_fill = Color32::from_gray(45);
        widget.weak_bg_fill = Color32::from_gray(45);
        widget.bg_stroke = Stroke::new(2.0, Color32::YELLOW);
        widget.fg_stroke = Stroke::new(2.0, Color32::WHITE);
    }
    visuals.selection.bg_fill = Color32::from_rgb(0, 80, 200);
    visuals.selection.stroke = Stroke::new(2.0, Color32::YELLOW);
    visuals.hyperlink_color = Color32::from_rgb(0x66, 0xcc, 0xff);
    visuals
}

/// The share of a claim's weight from sources that support it (Claims panel bar, the
/// supporting column of a claim). Blue against vermilion rather than green against red,
/// so that colour-blind readers tell them apart.
pub fn claim_support_color() -> Color32 {
    Color32::from_rgb(0x56, 0xb4, 0xe9)
}

/// The share of a claim's weight from sources that contradict it.
pub fn claim_contradiction_color() -> Color32 {
    Color32::from_rgb(0xd5, 0x5e, 0x00)
}

/// The empty part of a claim's weight bar.
pub fn claim_bar_background(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color
}

/// The fill of a rating cell in the Hypotheses panel: the export's colours (blues for
/// consistent, oranges for inconsistent), and the panel's background for neutral.
pub fn ach_rating_fill(rating: crate::model::Rating, visuals: &egui::Visuals) -> Color32 {
    match crate::export::ach::rating_rgb(rating) {
        Some([r, g, b]) => Color32::from_rgb(r, g, b),
        None => visuals.faint_bg_color,
    }
}

/// The code written in a rating cell: dark ink on the light fills, the weak text colour
/// on a neutral one.
pub fn ach_rating_text(rating: crate::model::Rating, visuals: &egui::Visuals) -> Color32 {
    match crate::export::ach::rating_rgb(rating) {
        Some(_) => {
            let [r, g, b] = crate::export::style::INK;
            Color32::from_rgb(r, g, b)
        }
        None => visuals.weak_text_color(),
    }
}

/// A time on the timeline: an exact point or a span.
pub fn timeline_time_color() -> Color32 {
    Color32::from_rgb(0x6c, 0xb4, 0xee)
}

/// A time the sources contradict (one of several for the same event).
pub fn timeline_conflict_color() -> Color32 {
    Color32::from_rgb(0xe0, 0xa0, 0x30)
}

/// The line joining the conflicting times of one event, and the lane separators.
pub fn timeline_rule_color(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color().gamma_multiply(0.5)
}
