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
    for (_, data) in style::ICON_FONTS {
        fonts.load_font_data(data.to_vec());
    }
    // Generic families ("sans-serif" in a hand-edited SVG) resolve to the text font too.
    fonts.set_sans_serif_family(style::TEXT_FAMILY);
    fonts.set_serif_family(style::TEXT_FAMILY);
    fonts.set_monospace_family(style::TEXT_FAMILY);
    Arc::new(fonts)
});

/// Rasterises `svg` at `scale` (1 = one pixel per SVG unit) into PNG bytes.
pub fn png_from_svg(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let options = usvg::Options {
        font_family: style::TEXT_FAMILY.to_owned(),
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    rasterise(svg, scale, &options)?.encode_png().map_err(|e| ExportError::Png(e.to_string()))
}

/// Rasterises `svg` at `scale` into straight (not premultiplied) RGBA pixels, row by row,
/// with the width and height: for the window icon, drawn from `assets/icons/dossier.svg`.
/// Text in `svg` is not drawn (no fonts are loaded, which keeps the app's start quick).
pub fn rgba_from_svg(svg: &str, scale: f32) -> Result<(Vec<u8>, u32, u32), ExportError> {
    let pixmap = rasterise(svg, scale, &usvg::Options::default())?;
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok((rgba, pixmap.width(), pixmap.height()))
}

fn rasterise(svg: &str, scale: f32, options: &usvg::Options<'_>) -> Result<tiny_skia::Pixmap, ExportError> {
    if !(scale.is_finite() && scale > 0.0 && scale <= MAX_SCALE) {
        return Err(ExportError::Scale(scale));
    }
    let tree = usvg::Tree::from_str(svg, options).map_err(|e| ExportError::Svg(e.to_string()))?;
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
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fonts_are_in_the_database_by_family() {
        let families: Vec<&str> =
            FONTS.faces().flat_map(|face| face.families.iter().map(|(name, _)| name.as_str())).collect();
        for (family, _) in style::ICON_FONTS {
            assert!(families.contains(&family), "{family} not in {families:?}");
        }
    }

    #[test]
    fn the_app_icon_renders_opaque_in_the_middle() {
        let svg = include_str!("../../assets/icons/dossier.svg");
        let (rgba, width, height) = rgba_from_svg(svg, 2.0).expect("renders");
        assert_eq!((width, height), (128, 128));
        assert_eq!(rgba.len(), 128 * 128 * 4);
        let middle = ((64 * 128 + 64) * 4) as usize;
        assert_eq!(rgba[middle + 3], 255, "opaque where the folder is");
        assert_eq!(rgba[3], 0, "transparent outside the rounded corner");
    }

    #[test]
    fn bad_scales_are_refused() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert!(matches!(png_from_svg(svg, 0.0), Err(ExportError::Scale(_))));
        assert!(matches!(png_from_svg(svg, 100.0), Err(ExportError::Scale(_))));
        assert!(png_from_svg(svg, 2.0).is_ok());
    }
}
