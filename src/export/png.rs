//! PNG by rasterising our own SVG with resvg. Only the bundled fonts are loaded (never the
//! system's), so the same map gives the same pixels on every machine.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

use super::ExportError;
use super::style;

/// The largest scale a PNG may be drawn at.
pub const MAX_SCALE: f32 = 8.0;

/// The largest PNG side, in pixels (resvg and the PNG itself cope with more, but a
/// picture this big is always a mistake and would take gigabytes).
pub const MAX_SIDE_PX: u32 = 16_384;

/// The font database: the bundled text font, then egui's emoji fonts for the icons.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(style::TEXT_FONT.to_vec());
    fonts.load_font_data(epaint_default_fonts::NOTO_EMOJI_REGULAR.to_vec());
    fonts.load_font_data(epaint_default_fonts::EMOJI_ICON.to_vec());
    for family in [style::TEXT_FAMILY] {
        fonts.set_sans_serif_family(family);
        fonts.set_serif_family(family);
    }
    Arc::new(fonts)
});

/// Rasterises `svg` at `scale` (1 = one pixel per SVG unit) into PNG bytes.
pub fn png_from_svg(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    if !(scale.is_finite() && scale > 0.0 && scale <= MAX_SCALE) {
        return Err(ExportError::Scale(scale));
    }
    let options = usvg::Options {
        font_family: style::TEXT_FAMILY.to_owned(),
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * scale).round();
    let height = (size.height() * scale).round();
    let too_big = |side: f32| side < 1.0 || side > MAX_SIDE_PX as f32;
    if too_big(width) || too_big(height) {
        return Err(ExportError::TooBig { width: width as u32, height: height as u32 });
    }
    let Some(mut pixmap) = tiny_skia::Pixmap::new(width as u32, height as u32) else {
        return Err(ExportError::TooBig { width: width as u32, height: height as u32 });
    };
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fonts_load_and_draw_the_icons() {
        let families: Vec<String> = FONTS
            .faces()
            .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
            .collect();
        assert!(families.iter().any(|f| f == style::TEXT_FAMILY), "{families:?}");
        for family in style::ICON_FAMILIES.split(", ") {
            assert!(families.iter().any(|f| f == family), "{family} not in {families:?}");
        }
        for kind in crate::model::EntityKind::ALL {
            let icon = style::kind_icon(kind);
            let drawn = FONTS.faces().any(|face| {
                FONTS
                    .with_face_data(face.id, |data, index| {
                        ttf_parser::Face::parse(data, index)
                            .is_ok_and(|f| icon.chars().all(|c| f.glyph_index(c).is_some()))
                    })
                    .unwrap_or(false)
            });
            assert!(drawn, "no bundled font draws the {kind:?} icon {icon}");
        }
    }

    #[test]
    fn bad_scales_are_refused() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert!(matches!(png_from_svg(svg, 0.0), Err(ExportError::Scale(_))));
        assert!(matches!(png_from_svg(svg, 100.0), Err(ExportError::Scale(_))));
        assert!(png_from_svg(svg, 2.0).is_ok());
    }
}
