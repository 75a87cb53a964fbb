//! Every colour and icon of the app. Other modules take their colours from here.

// This module is where colours are defined; clippy.toml forbids them elsewhere.
#![allow(clippy::disallowed_methods)]

use egui::Color32;

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
