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
///
/// The seven colours of Okabe and Ito's palette for colour-blind readers, with a light
/// grey for "Other": every pair stays apart under deuteranopia and protanopia (a test
/// below simulates both), and the kind's icon is drawn beside the colour everywhere, so
/// colour is never the only cue.
pub fn kind_rgb(kind: EntityKind) -> Rgb {
    match kind {
        EntityKind::Person => [0x56, 0xb4, 0xe9],
        EntityKind::Organization => [0xe6, 0x9f, 0x00],
        EntityKind::State => [0xd5, 0x5e, 0x00],
        EntityKind::Place => [0x00, 0x9e, 0x73],
        EntityKind::Facility => [0xcc, 0x79, 0xa7],
        EntityKind::Money => [0xf0, 0xe4, 0x42],
        EntityKind::Event => [0x00, 0x72, 0xb2],
        EntityKind::Other => [0xc8, 0xc8, 0xc8],
    }
}

/// The colour of a kind icon drawn on a disc of `fill`: white or near-black, whichever
/// contrasts more with the fill (WCAG's contrast ratio), so the icon reads on light kind
/// colours (yellow, sky blue, grey) as well as dark ones.
pub fn icon_rgb_on(fill: Rgb) -> Rgb {
    const WHITE: Rgb = [0xff, 0xff, 0xff];
    const INK: Rgb = [0x1a, 0x1a, 0x1a];
    let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let fill = relative_luminance(fill);
    if contrast(fill, relative_luminance(WHITE)) >= contrast(fill, relative_luminance(INK)) {
        WHITE
    } else {
        INK
    }
}

/// WCAG's relative luminance of an sRGB colour, 0 (black) to 1 (white).
fn relative_luminance(rgb: Rgb) -> f64 {
    let [r, g, b] = rgb.map(|c| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
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

/// `text`, cut with an ellipsis where it would be wider than `max_width`.
pub fn fit_text(text: &str, size: f32, max_width: f32) -> String {
    if text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let mut kept = String::new();
    for c in text.chars() {
        kept.push(c);
        if text_width(&kept, size) + text_width("…", size) > max_width {
            kept.pop();
            break;
        }
    }
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rgb` as CIELAB (D65), after the linear-RGB matrix `vision` (Machado, Oliveira and
    /// Fernandes 2009, severity 1) where given.
    fn lab_as_seen(rgb: Rgb, vision: Option<&[[f64; 3]; 3]>) -> [f64; 3] {
        let linear = rgb.map(|c| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        });
        let [red, green, blue] = match vision {
            Some(m) => [0, 1, 2]
                .map(|i| (m[i][0] * linear[0] + m[i][1] * linear[1] + m[i][2] * linear[2]).clamp(0.0, 1.0)),
            None => linear,
        };
        let x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047;
        let y = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
        let z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883;
        let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    #[test]
    fn kind_colours_stay_apart_for_colour_blind_readers_and_each_kind_has_its_own_icon() {
        const DEUTERANOPIA: [[f64; 3]; 3] = [
            [0.367_322, 0.860_646, -0.227_968],
            [0.280_085, 0.672_501, 0.047_413],
            [-0.011_820, 0.042_940, 0.968_881],
        ];
        const PROTANOPIA: [[f64; 3]; 3] = [
            [0.152_286, 1.052_583, -0.204_868],
            [0.114_503, 0.786_281, 0.099_216],
            [-0.003_882, -0.048_116, 1.051_998],
        ];
        for (vision, name) in
            [(None, "normal"), (Some(&DEUTERANOPIA), "deuteranopia"), (Some(&PROTANOPIA), "protanopia")]
        {
            for (i, &a) in EntityKind::ALL.iter().enumerate() {
                for &b in &EntityKind::ALL[i + 1..] {
                    let (la, lb) = (lab_as_seen(kind_rgb(a), vision), lab_as_seen(kind_rgb(b), vision));
                    let distance = la.iter().zip(lb).map(|(p, q)| (p - q).powi(2)).sum::<f64>().sqrt();
                    // ΔE*ab of 15: clearly different side by side even on small nodes.
                    assert!(distance >= 15.0, "{a:?} and {b:?} are {distance:.1} apart with {name} vision");
                }
            }
        }
        let icons: std::collections::HashSet<&str> = EntityKind::ALL.iter().map(|&k| kind_icon(k)).collect();
        assert_eq!(icons.len(), EntityKind::ALL.len());
    }

    #[test]
    fn icons_are_dark_on_light_kind_colours_and_white_on_dark_ones() {
        let cases = [
            (EntityKind::Money, [0x1a, 0x1a, 0x1a]),
            (EntityKind::Other, [0x1a, 0x1a, 0x1a]),
            (EntityKind::Person, [0x1a, 0x1a, 0x1a]),
            (EntityKind::Event, [0xff, 0xff, 0xff]),
        ];
        for (kind, icon) in cases {
            assert_eq!(icon_rgb_on(kind_rgb(kind)), icon, "{kind:?}");
        }
        for kind in EntityKind::ALL {
            let (fill, icon) =
                (relative_luminance(kind_rgb(kind)), relative_luminance(icon_rgb_on(kind_rgb(kind))));
            let ratio = (fill.max(icon) + 0.05) / (fill.min(icon) + 0.05);
            assert!(ratio >= 3.0, "{kind:?}: icon contrast {ratio:.2}");
        }
    }

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
        assert_eq!(hex(kind_rgb(EntityKind::Person)), "#56b4e9");
    }
}
