//! A matrix of competing hypotheses as CSV (for a spreadsheet) and as a picture (SVG,
//! and PNG through [`super::png`]): the claims down the side, the hypotheses across,
//! each cell's rating, the row weights and diagnostic marks, and the scores and ranks at
//! the bottom.

use super::ExportError;
use super::style::{self, Rgb, hex};
use super::xml::{XmlWriter, number};
use crate::analysis::ach::{AchScores, score};
use crate::model::{AchMatrix, Project, Rating};

/// A file format a matrix is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AchFormat {
    /// A table for a spreadsheet.
    Csv,
    /// A drawing.
    Svg,
    /// A picture, at twice the SVG's size.
    Png,
}

impl AchFormat {
    /// Every format, as the Hypotheses panel offers them.
    pub const ALL: [Self; 3] = [Self::Csv, Self::Svg, Self::Png];

    /// The file name extension ("csv").
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }

    /// What a file of this format is for, in a line.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Csv => "The matrix as a table for a spreadsheet, with the scores",
            Self::Svg => "The matrix as a drawing, for reports",
            Self::Png => "The matrix as a picture, for slides",
        }
    }

    /// The file's bytes for `matrix`.
    pub fn render(self, project: &Project, matrix: &AchMatrix) -> Result<Vec<u8>, ExportError> {
        match self {
            Self::Csv => Ok(ach_csv(project, matrix)?.into_bytes()),
            Self::Svg => Ok(ach_svg(project, matrix).into_bytes()),
            Self::Png => ach_png(project, matrix, 2.0),
        }
    }
}

/// The first columns of the CSV, before one column per hypothesis.
pub const CSV_COLUMNS: [&str; 5] = ["Claim", "Statement", "Weight for", "Weight against", "Diagnostic"];

/// The matrix as CSV: a header (the hypotheses by title), one line per row (claim id,
/// statement, weight, `yes`/`no`, the ratings' codes), then the inconsistency,
/// consistency and rank of each hypothesis.
pub fn ach_csv(project: &Project, matrix: &AchMatrix) -> Result<String, ExportError> {
    let scores = score(project, matrix);
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    header.extend(matrix.hypotheses.values().map(|h| h.title.as_str()));
    csv.write_record(&header)?;
    for ((claim, row), row_score) in matrix.rows.iter().zip(&scores.rows) {
        let statement = project.claims.get(claim).map_or("", |c| c.statement.as_str());
        let (weight, against) = (row_score.weight.to_string(), row_score.against.to_string());
        let mut record = vec![
            claim.as_str(),
            statement,
            &weight,
            &against,
            if row_score.diagnostic { "yes" } else { "no" },
        ];
        record.extend(matrix.hypotheses.keys().map(|h| row.rating(h).code()));
        csv.write_record(&record)?;
    }
    let totals: [(&str, Vec<u32>); 3] = [
        ("Inconsistency", scores.hypotheses.iter().map(|h| h.inconsistency).collect()),
        ("Consistency", scores.hypotheses.iter().map(|h| h.consistency).collect()),
        ("Rank", scores.hypotheses.iter().map(|h| u32::try_from(h.rank).unwrap_or(u32::MAX)).collect()),
    ];
    for (name, values) in totals {
        let mut record = vec![String::new(), name.to_owned(), String::new(), String::new(), String::new()];
        record.extend(values.iter().map(ToString::to_string));
        csv.write_record(&record)?;
    }
    let bytes = csv.into_inner().map_err(|e| ExportError::Io(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Io(std::io::Error::other(e)))
}

/// Text size of the picture's cells, in pixels.
const FONT_PX: f32 = 13.0;
/// Text size of the title.
const TITLE_PX: f32 = 17.0;
/// Height of a line of the table.
const LINE_PX: f32 = 26.0;
/// Space around the table.
const MARGIN_PX: f32 = 24.0;
/// Padding inside a cell.
const PAD_PX: f32 = 8.0;
/// Width of a rating column, unless its title is wider.
const RATING_COLUMN_PX: f32 = 96.0;
/// The widest a statement or a hypothesis's title is drawn; longer ones are cut with "…".
const MAX_TEXT_PX: f32 = 460.0;
/// The widest a hypothesis's title is drawn over its column.
const TITLE_COLUMN_MAX_PX: f32 = 240.0;
/// The mark of a diagnostic row.
pub const DIAGNOSTIC_MARK: &str = "\u{25c6}";

/// The fill of a cell rated `rating`: blues for consistent, oranges for inconsistent (the
/// claims' support and contradiction colours, kept apart for colour-blind readers), none
/// for neutral. The code is always written in the cell, so colour is never the only cue.
pub fn rating_rgb(rating: Rating) -> Option<Rgb> {
    match rating {
        Rating::VeryConsistent => Some([0x8f, 0xc8, 0xee]),
        Rating::Consistent => Some([0xd4, 0xea, 0xf8]),
        Rating::Neutral => None,
        Rating::Inconsistent => Some([0xf7, 0xd6, 0xbd]),
        Rating::VeryInconsistent => Some([0xec, 0xa0, 0x6c]),
    }
}

/// Lines of the table, the page's grid.
const GRID: Rgb = [0xd0, 0xd4, 0xdb];

/// The matrix as an SVG picture.
pub fn ach_svg(project: &Project, matrix: &AchMatrix) -> String {
    let scores: AchScores = score(project, matrix);
    let statements: Vec<String> = matrix
        .rows
        .keys()
        .map(|claim| {
            let text = project.claims.get(claim).map_or(claim.as_str(), |c| c.statement.as_str());
            style::fit_text(text, FONT_PX, MAX_TEXT_PX)
        })
        .collect();
    let titles: Vec<String> =
        matrix.hypotheses.values().map(|h| style::fit_text(&h.title, FONT_PX, TITLE_COLUMN_MAX_PX)).collect();
    let label_rows = ["Inconsistency (lower is likelier)", "Consistency", "Rank"];
    let first_width = statements
        .iter()
        .map(String::as_str)
        .chain(label_rows)
        .map(|t| style::text_width(t, FONT_PX))
        .fold(160.0_f32, f32::max)
        + 2.0 * PAD_PX;
    let weight_width = style::text_width("For / against", FONT_PX) + 2.0 * PAD_PX;
    let mark_width = LINE_PX;
    let columns: Vec<f32> =
        titles.iter().map(|t| (style::text_width(t, FONT_PX) + 2.0 * PAD_PX).max(RATING_COLUMN_PX)).collect();
    let table_width = first_width + weight_width + mark_width + columns.iter().sum::<f32>();
    let title = style::fit_text(&matrix.question, TITLE_PX, table_width.max(300.0));
    let table_top = MARGIN_PX + TITLE_PX + 16.0;
    let lines = 1 + matrix.rows.len() + label_rows.len();
    let note = format!(
        "{DIAGNOSTIC_MARK} diagnostic: rated differently across hypotheses. For / against: what the sources that support and contradict the claim weigh; those against count with the opposite rating. Inconsistency: I = 1, II = 2, times the weight."
    );
    let width = (table_width.max(style::text_width(&title, TITLE_PX)).max(style::text_width(&note, FONT_PX))
        + 2.0 * MARGIN_PX)
        .ceil();
    let height = (table_top + lines as f32 * LINE_PX + MARGIN_PX + FONT_PX + 8.0).ceil();

    let mut xml = XmlWriter::new();
    let (w, h) = (number(width), number(height));
    let view_box = format!("0 0 {w} {h}");
    xml.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("font-family", style::TEXT_FAMILY),
            ("font-size", &number(FONT_PX)),
        ],
    );
    xml.text_element("title", &[], &matrix.question);
    xml.empty("rect", &[("width", &w), ("height", &h), ("fill", &hex(style::PAGE))]);
    let ink = hex(style::INK);
    let muted = hex(style::MUTED_INK);
    let text = |xml: &mut XmlWriter, x: f32, y: f32, anchor: &str, fill: &str, bold: bool, content: &str| {
        let (x, y) = (number(x), number(y));
        let mut attributes =
            vec![("x", x.as_str()), ("y", y.as_str()), ("text-anchor", anchor), ("fill", fill)];
        if bold {
            attributes.push(("font-weight", "bold"));
        }
        xml.text_element("text", &attributes, content);
    };
    text(&mut xml, MARGIN_PX, MARGIN_PX + TITLE_PX, "start", &ink, true, &title);

    let baseline = |line: usize| table_top + line as f32 * LINE_PX + LINE_PX / 2.0 + FONT_PX * 0.35;
    let rating_x: Vec<f32> = columns
        .iter()
        .scan(MARGIN_PX + first_width + weight_width + mark_width, |x, width| {
            let left = *x;
            *x += width;
            Some(left)
        })
        .collect();
    let weight_center = MARGIN_PX + first_width + weight_width / 2.0;
    let mark_center = MARGIN_PX + first_width + weight_width + mark_width / 2.0;

    xml.open("g", &[("id", "header")]);
    text(&mut xml, MARGIN_PX + PAD_PX, baseline(0), "start", &ink, true, "Claim");
    text(&mut xml, weight_center, baseline(0), "middle", &ink, true, "For / against");
    for ((x, width), title) in rating_x.iter().zip(&columns).zip(&titles) {
        text(&mut xml, x + width / 2.0, baseline(0), "middle", &ink, true, title);
    }
    xml.close();

    xml.open("g", &[("id", "rows")]);
    for (i, ((row, row_score), statement)) in
        matrix.rows.values().zip(&scores.rows).zip(&statements).enumerate()
    {
        let line = i + 1;
        let top = table_top + line as f32 * LINE_PX;
        for ((x, width), hypothesis) in rating_x.iter().zip(&columns).zip(matrix.hypotheses.keys()) {
            let rating = row.rating(hypothesis);
            if let Some(fill) = rating_rgb(rating) {
                xml.empty(
                    "rect",
                    &[
                        ("x", &number(x + 1.0)),
                        ("y", &number(top + 1.0)),
                        ("width", &number(width - 2.0)),
                        ("height", &number(LINE_PX - 2.0)),
                        ("fill", &hex(fill)),
                    ],
                );
            }
            let fill = if rating == Rating::Neutral { &muted } else { &ink };
            text(&mut xml, x + width / 2.0, baseline(line), "middle", fill, false, rating.code());
        }
        text(&mut xml, MARGIN_PX + PAD_PX, baseline(line), "start", &ink, false, statement);
        let weights = format!("{} / {}", row_score.weight, row_score.against);
        text(&mut xml, weight_center, baseline(line), "middle", &ink, false, &weights);
        if row_score.diagnostic {
            text(&mut xml, mark_center, baseline(line), "middle", &ink, false, DIAGNOSTIC_MARK);
        }
    }
    xml.close();

    xml.open("g", &[("id", "scores")]);
    let first_score_line = 1 + matrix.rows.len();
    let values: [Vec<String>; 3] = [
        scores.hypotheses.iter().map(|h| h.inconsistency.to_string()).collect(),
        scores.hypotheses.iter().map(|h| h.consistency.to_string()).collect(),
        scores.hypotheses.iter().map(|h| h.rank.to_string()).collect(),
    ];
    for (k, (label, values)) in label_rows.iter().zip(&values).enumerate() {
        let line = first_score_line + k;
        let bold = k != 1;
        let fill = if k == 1 { &muted } else { &ink };
        text(&mut xml, MARGIN_PX + PAD_PX, baseline(line), "start", fill, bold, label);
        for ((x, width), value) in rating_x.iter().zip(&columns).zip(values) {
            text(&mut xml, x + width / 2.0, baseline(line), "middle", fill, bold, value);
        }
    }
    xml.close();

    xml.open("g", &[("id", "grid"), ("stroke", &hex(GRID)), ("stroke-width", "1")]);
    let left = MARGIN_PX;
    let right = MARGIN_PX + table_width;
    for line in [1, first_score_line] {
        let y = number(table_top + line as f32 * LINE_PX);
        xml.empty("line", &[("x1", &number(left)), ("y1", &y), ("x2", &number(right)), ("y2", &y)]);
    }
    let (top, bottom) = (number(table_top), number(table_top + lines as f32 * LINE_PX));
    for x in &rating_x {
        let x = number(*x);
        xml.empty("line", &[("x1", &x), ("y1", &top), ("x2", &x), ("y2", &bottom)]);
    }
    xml.close();

    text(&mut xml, MARGIN_PX, height - MARGIN_PX / 2.0 - 4.0, "start", &muted, false, &note);
    xml.finish()
}

/// The matrix as a PNG at `scale` (1 = one pixel per SVG unit), with the bundled fonts.
pub fn ach_png(project: &Project, matrix: &AchMatrix, scale: f32) -> Result<Vec<u8>, ExportError> {
    super::png::png_from_svg(&ach_svg(project, matrix), scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_fit() {
        let long = "word ".repeat(200);
        let cut = style::fit_text(&long, FONT_PX, 100.0);
        assert!(cut.ends_with('\u{2026}'));
        assert!(style::text_width(&cut, FONT_PX) <= 100.0);
        assert_eq!(style::fit_text("short", FONT_PX, 100.0), "short");
    }
}
