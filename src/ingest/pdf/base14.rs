//! Glyph widths of the standard PDF fonts that a PDF may use without embedding them or
//! listing their widths (old producers, hand-made files). Positions of later glyphs
//! depend on them, and word breaks are found from positions.
//!
//! The numbers are the widths, in thousandths of the font size, of the printable ASCII
//! characters (32 to 126, in `StandardEncoding` order, where 39 is a right quote and 96 a
//! left quote) of URW's metric-compatible clones of Helvetica and Times (Ghostscript's
//! urw-base35 AFM files), read out by a one-off script. Courier is 600 throughout. Other
//! codes and fonts get an average width.

/// The width of `code` in the standard font `base_font` (its `/BaseFont` name), in
/// thousandths of the font size, if the font is one of the standard ones.
pub(super) fn standard_width(base_font: &[u8], code: u32) -> Option<f64> {
    // Subset prefixes ("ABCDEF+Helvetica") and style suffixes after a comma.
    let name = base_font.split(|&b| b == b'+').next_back().unwrap_or(base_font);
    let name = name.split(|&b| b == b',').next().unwrap_or(name);
    let table: &[u16; 95] = match name {
        b"Courier" | b"Courier-Bold" | b"Courier-Oblique" | b"Courier-BoldOblique" => {
            return Some(600.0);
        }
        b"Helvetica" | b"Helvetica-Oblique" | b"Arial" | b"ArialMT" => &HELVETICA,
        b"Helvetica-Bold" | b"Helvetica-BoldOblique" | b"Arial-Bold" | b"Arial-BoldMT" => &HELVETICA_BOLD,
        b"Times-Roman" | b"TimesNewRoman" | b"TimesNewRomanPSMT" => &TIMES_ROMAN,
        b"Times-Bold" | b"Times-BoldItalic" | b"TimesNewRoman-Bold" => &TIMES_BOLD,
        b"Times-Italic" | b"TimesNewRoman-Italic" => &TIMES_ITALIC,
        _ => return None,
    };
    let index = usize::try_from(code.checked_sub(32)?).ok()?;
    Some(table.get(index).map_or(AVERAGE_WIDTH, |&w| f64::from(w)))
}

/// The width assumed for a glyph whose width nothing tells.
pub(super) const AVERAGE_WIDTH: f64 = 500.0;

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    278, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

#[rustfmt::skip]
const TIMES_ROMAN: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

#[rustfmt::skip]
const TIMES_BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 333, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
];

#[rustfmt::skip]
const TIMES_ITALIC: [u16; 95] = [
    250, 333, 420, 500, 500, 833, 778, 333, 333, 333, 500, 675, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500,
    920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722,
    611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500,
    333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500,
    500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541,
];
