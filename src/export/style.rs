//! The export palette: kind colours and icons, the colours of a drawn map, the fonts
//! and text widths. No egui: the GUI theme reads its kind colours and icons from here,
//! so the screen and an exported picture agree.

use std::sync::LazyLock;

use crate::model::EntityKind;

/// An sRGB colour as red, green, blue bytes.
pub type Rgb = [u8; 3];

/// The bundled text font (`DejaVu Sans`), the only font a PNG export uses for text.
pub const TEXT_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family name of [`TEXT_FONT`], as an SVG `font-family` names it.
pub const TEXT_FAMILY: &str = "DejaVu Sans";

/// The bundled fonts that can draw a kind icon, with their family names, in the order
/// egui falls back through them: its emoji fonts first, then the text font.
pub const ICON_FONTS: [(&str, &[u8]); 3] = [
    ("Noto Emoji", epaint_default_fonts::NOTO_EMOJI_REGULAR),
    ("emoji", epaint_default_fonts::EMOJI_ICON),
    (TEXT_FAMILY, TEXT_FONT),
];

/// The colour of an entity kind: its map nodes, legend swatch and highlights.
pub fn kind_rgb(kind: EntityKind) -> Rgb {
    match kind {
        EntityKind::Person => [0x4e, 0x9a, 0xe6],
        EntityKind::Organization => [0xe0, 0x8a, 0x2e],
        EntityKind::State => [0xc6, 0x4b, 0x5b],
        EntityKind::Place => [0x4c, 0xaf, 0x6e],
        EntityKind::Facility => [0x8e, 0x6c, 0xc8],
        EntityKind::Money => [0xd4, 0xb1, 0x2a],
        EntityKind::Event => [0x2a, 0xa8, 0xb0],
        EntityKind::Other => [0x8a, 0x8f, 0x98],
    }
}

/// The icon of an entity kind: one glyph that egui's bundled fonts have.
pub fn kind_icon(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "👤",
        EntityKind::Organization => "🏢",
        EntityKind::State => "⚑",
        EntityKind::Place => "📍",
        EntityKind::Facility => "🏭",
        EntityKind::Money => "💰",
        EntityKind::Event => "📅",
        EntityKind::Other => "❔",
    }
}

/// Warnings: disputed relations on a map, warning toasts in the GUI.
pub const WARNING: Rgb = [0xe0, 0xa0, 0x30];

/// Highlighted relations and the ring around highlighted nodes on a slide.
pub const HIGHLIGHT: Rgb = [0xd9, 0x36, 0x7a];

/// How opaque shapes are that a slide dims because it highlights others.
pub const DIMMED_OPACITY: f32 = 0.22;

/// The page behind an exported map.
pub const PAGE: Rgb = [0xff, 0xff, 0xff];

/// Labels, the title and the legend text.
pub const INK: Rgb = [0x22, 0x26, 0x2e];

/// Secondary text: the list of sources, the legend's line explanations.
pub const MUTED_INK: Rgb = [0x5c, 0x63, 0x70];

/// Relations that nobody disputes.
pub const RELATION: Rgb = [0x5f, 0x66, 0x73];

/// The ring around a node.
pub const NODE_RING: Rgb = [0xff, 0xff, 0xff];

/// The paper of a map note.
pub const NOTE_FILL: Rgb = [0xff, 0xf6, 0xc8];

/// The edge of a map note.
pub const NOTE_BORDER: Rgb = [0xd8, 0xc2, 0x62];

/// The fill of a group rectangle, drawn at [`GROUP_FILL_OPACITY`].
pub const GROUP_FILL: Rgb = [0x6c, 0x8e, 0xbf];

/// How opaque a group's fill is, so nodes and lines read through it.
pub const GROUP_FILL_OPACITY: f32 = 0.12;

/// The border and label of a group rectangle.
pub const GROUP_BORDER: Rgb = [0x6c, 0x8e, 0xbf];

/// `#rrggbb`, as SVG, `GraphML` and CSV write colours.
pub fn hex(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

static ICON_FACES: LazyLock<Vec<(&'static str, ttf_parser::Face<'static>)>> = LazyLock::new(|| {
    ICON_FONTS
        .iter()
        .filter_map(|(family, data)| Some((*family, ttf_parser::Face::parse(data, 0).ok()?)))
        .collect()
});

/// The family of the first bundled font that has every character of `icon`, as egui
/// would pick it; the text font when none has.
pub fn icon_family(icon: &str) -> &'static str {
    ICON_FACES
        .iter()
        .find(|(_, face)| icon.chars().all(|c| face.glyph_index(c).is_some()))
        .map_or(TEXT_FAMILY, |(family, _)| family)
}

static TEXT_FACE: LazyLock<Option<ttf_parser::Face<'static>>> =
    LazyLock::new(|| ttf_parser::Face::parse(TEXT_FONT, 0).ok());

/// The width of `text` on one line in the text font at `size_px`, in pixels (without
/// kerning, which only makes it a little narrower). Characters the font lacks count as
/// the width of the letter "M"'s usual share, 0.6 em.
pub fn text_width(text: &str, size_px: f32) -> f32 {
    let Some(face) = TEXT_FACE.as_ref() else {
        return text.chars().count() as f32 * 0.6 * size_px;
    };
    let units_per_em = f32::from(face.units_per_em());
    let units: f32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|glyph| face.glyph_hor_advance(glyph))
                .map_or(0.6 * units_per_em, f32::from)
        })
        .sum();
    units / units_per_em * size_px
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        let narrow = text_width("iii", 12.0);
        let wide = text_width("WWW", 12.0);
        assert!(narrow > 0.0 && wide > narrow, "{narrow} {wide}");
        assert!((text_width("Hmeimim", 24.0) - 2.0 * text_width("Hmeimim", 12.0)).abs() < 1e-3);
    }

    #[test]
    fn every_kind_icon_has_a_bundled_font() {
        for kind in EntityKind::ALL {
            let family = icon_family(kind_icon(kind));
            let has = ICON_FACES.iter().any(|(f, face)| {
                *f == family && kind_icon(kind).chars().all(|c| face.glyph_index(c).is_some())
            });
            assert!(has, "{kind:?}");
        }
    }

    #[test]
    fn hex_is_lowercase_with_hash() {
        assert_eq!(hex(kind_rgb(EntityKind::Person)), "#4e9ae6");
    }
}
