//! The timeline as a picture: the same lanes, lines and marks as the Timeline panel
//! ([`TimelineLayout`]), fitted to a page with a title, a day axis and a legend. No egui.

use super::style::{self, Rgb, hex};
use super::xml::{XmlWriter, number};
use super::{ExportError, png};
use crate::analysis::timeline::{Lanes, SOURCE_LABEL_PX, TimelineLayout, axis_ticks, fitted, spread_px};
use crate::model::Project;

/// Pixels per point of a PNG unless asked otherwise: sharp on slides and in documents.
pub const PNG_SCALE: f32 = 2.0;

/// Width of the page.
const PAGE_PX: f32 = 1200.0;
/// Width of the lane names on the left.
const LABEL_PX: f32 = 190.0;
/// Height of one line of a lane: a title above the marks and a line of sources below.
const LINE_PX: f32 = 46.0;
/// Height of the title above the axis.
const TITLE_PX: f32 = 44.0;
/// Height of the axis labels.
const AXIS_PX: f32 = 24.0;
/// Height of the legend at the bottom.
const LEGEND_PX: f32 = 40.0;
/// Space around the page's content.
const MARGIN_PX: f32 = 16.0;

const TIME: Rgb = [0x3a, 0x8f, 0xd6];
const CONFLICT: Rgb = [0xd5, 0x8a, 0x10];
const RULE: Rgb = [0xb8, 0xbc, 0xc4];
const TEXT: Rgb = [0x20, 0x22, 0x28];
const WEAK: Rgb = [0x6a, 0x70, 0x7a];
const PAPER: Rgb = [0xff, 0xff, 0xff];

/// The project's timeline as SVG, lanes by entity or by source; `NoEvents` when no event
/// has a time that can be placed.
pub fn timeline_svg(project: &Project, lanes: Lanes) -> Result<String, ExportError> {
    let layout = TimelineLayout::build(project, lanes);
    let Some(span) = layout.span else {
        return Err(ExportError::NoEvents);
    };
    let line_count = layout.lanes.last().map_or(0, |(_, first, count)| first + count);
    #[allow(clippy::cast_precision_loss)] // line counts are small
    let lanes_height = line_count as f32 * LINE_PX;
    let height = MARGIN_PX * 2.0 + TITLE_PX + AXIS_PX + lanes_height + LEGEND_PX;
    let axis_left = MARGIN_PX + LABEL_PX;
    let axis_width = PAGE_PX - MARGIN_PX - axis_left;
    // Fit the span with a twentieth on each side, as the panel's Fit does.
    #[allow(clippy::cast_precision_loss)] // minutes since 1970 fit f64 exactly
    let (from, to) = (span.earliest as f64, span.latest as f64);
    let margin = ((to - from) / 20.0).max(60.0);
    let left = from - margin;
    let per_px = (to - from + 2.0 * margin) / f64::from(axis_width);
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // page positions are small
    let x_of = |minute: i64| axis_left + ((minute as f64 - left) / per_px) as f32;
    let top = MARGIN_PX + TITLE_PX + AXIS_PX;
    #[allow(clippy::cast_precision_loss)] // line counts are small
    let line_y = |line: usize| top + line as f32 * LINE_PX + LINE_PX / 2.0;

    let mut xml = XmlWriter::new();
    let (width_text, height_text) = (number(PAGE_PX), number(height));
    let view_box = format!("0 0 {width_text} {height_text}");
    xml.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &width_text),
            ("height", &height_text),
            ("viewBox", &view_box),
            ("font-family", style::TEXT_FAMILY),
        ],
    );
    let title = format!("{} \u{2014} timeline", project.meta.title);
    xml.text_element("title", &[], &title);
    xml.empty("rect", &[("width", &width_text), ("height", &height_text), ("fill", &hex(PAPER))]);
    label(&mut xml, MARGIN_PX, MARGIN_PX + 24.0, 20.0, TEXT, "start", &title);

    // The axis: a rule and a label per tick.
    let bottom = top + lanes_height;
    xml.open("g", &[("id", "axis")]);
    for (minute, text) in axis_ticks(left, per_px, f64::from(axis_width)) {
        let x = x_of(minute);
        line(&mut xml, (x, top - 4.0), (x, bottom), 0.6, RULE);
        label(&mut xml, x + 3.0, top - 8.0, 11.0, WEAK, "start", &text);
    }
    xml.close();

    xml.open("g", &[("id", "lanes")]);
    for (name, first, count) in &layout.lanes {
        let y = line_y(*first);
        let lane_bottom = line_y(first + count - 1) + LINE_PX / 2.0;
        line(&mut xml, (MARGIN_PX, lane_bottom), (PAGE_PX - MARGIN_PX, lane_bottom), 0.6, RULE);
        let name = fitted(name, LABEL_PX - 8.0).unwrap_or_default();
        label(&mut xml, MARGIN_PX + 2.0, y + 4.0, 12.0, TEXT, "start", &name);
    }
    xml.close();

    xml.open("g", &[("id", "events")]);
    for row in &layout.rows {
        let y = line_y(row.line);
        let xs: Vec<(f32, f32)> =
            row.marks.iter().map(|m| (x_of(m.interval.earliest), x_of(m.interval.latest))).collect();
        let min_x = xs.iter().map(|(l, _)| *l).fold(f32::INFINITY, f32::min);
        let color = if row.conflicting { CONFLICT } else { TIME };
        xml.open("g", &[("class", if row.conflicting { "event conflicting" } else { "event" })]);
        xml.text_element("title", &[], &format!("{}\n{}", row.title, row.details));
        if row.marks.len() > 1 {
            let centres = xs.iter().map(|(l, r)| f32::midpoint(*l, *r));
            let (from, to) =
                centres.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), c| (a.min(c), b.max(c)));
            line(&mut xml, (from, y), (to, y), 1.2, RULE);
        }
        let label_sources = row.conflicting && spread_px(&xs) >= SOURCE_LABEL_PX;
        for (mark, (l, r)) in row.marks.iter().zip(&xs) {
            let (fill_opacity, stroke) = if mark.qualified { ("0.2", "1.5") } else { ("0.85", "0") };
            let common = [("fill", hex(color)), ("fill-opacity", fill_opacity.to_owned())];
            let outline = [("stroke", hex(color)), ("stroke-width", stroke.to_owned())];
            let mut attributes: Vec<(&str, String)> = common.into_iter().chain(outline).collect();
            if mark.interval.is_point() || r - l < 6.0 {
                let centre = f32::midpoint(*l, *r);
                attributes.extend([("cx", number(centre)), ("cy", number(y)), ("r", "5".to_owned())]);
                empty(&mut xml, "circle", &attributes);
            } else {
                attributes.extend([
                    ("x", number(*l)),
                    ("y", number(y - 5.0)),
                    ("width", number(r - l)),
                    ("height", "10".to_owned()),
                    ("rx", "2".to_owned()),
                ]);
                empty(&mut xml, "rect", &attributes);
            }
            if label_sources && !mark.sources.is_empty() {
                label(&mut xml, f32::midpoint(*l, *r), y + 16.0, 10.0, WEAK, "middle", &mark.sources);
            }
        }
        // Titles stop short of the next event on the line and of the page's edge.
        let room = row
            .next_start
            .map_or(f32::INFINITY, |next| x_of(next) - min_x - 4.0)
            .min(PAGE_PX - MARGIN_PX - min_x);
        if let Some(title) = fitted(&row.title, room) {
            label(&mut xml, min_x, y - 8.0, 11.0, TEXT, "start", &title);
        }
        // Conflicting times too close to label one by one: one line under them says
        // which source gives which time (the part of the day alone when there is one: the
        // axis shows the day).
        if row.conflicting && !label_sources {
            let who: Vec<String> = row
                .marks
                .iter()
                .map(|m| format!("{}: {}", m.part.map_or(&*m.label, |p| p.name()), m.sources))
                .collect();
            if let Some(text) = fitted(&who.join(" \u{00b7} "), room) {
                label(&mut xml, min_x, y + 16.0, 10.0, WEAK, "start", &text);
            }
        }
        xml.close();
    }
    xml.close();

    // The legend: what the marks and colours mean.
    let y = height - MARGIN_PX - LEGEND_PX / 2.0 + 6.0;
    xml.open("g", &[("id", "legend")]);
    let mut x = MARGIN_PX;
    let entries: [(Rgb, &str, bool, &str); 4] = [
        (TIME, "circle", false, "a time the sources agree on"),
        (TIME, "rect", false, "a range or a part of a day"),
        (TIME, "circle", true, "uncertain or approximate"),
        (CONFLICT, "circle", false, "one of the conflicting times of an event"),
    ];
    for (color, shape, hollow, text) in entries {
        let (fill_opacity, stroke) = if hollow { ("0.2", "1.5") } else { ("0.85", "0") };
        let mut attributes =
            vec![("fill", hex(color)), ("fill-opacity", fill_opacity.to_owned()), ("stroke", hex(color))];
        attributes.push(("stroke-width", stroke.to_owned()));
        if shape == "circle" {
            attributes.extend([("cx", number(x + 5.0)), ("cy", number(y - 4.0)), ("r", "5".to_owned())]);
        } else {
            attributes.extend([
                ("x", number(x)),
                ("y", number(y - 9.0)),
                ("width", "18".to_owned()),
                ("height", "10".to_owned()),
                ("rx", "2".to_owned()),
            ]);
        }
        empty(&mut xml, shape, &attributes);
        let text_x = x + if shape == "circle" { 14.0 } else { 24.0 };
        label(&mut xml, text_x, y, 11.0, WEAK, "start", text);
        x = text_x + style::text_width(text, 11.0) + 24.0;
    }
    xml.close();
    xml.close();
    Ok(xml.finish())
}

/// The timeline as PNG, `scale` pixels per point of the SVG.
pub fn timeline_png(project: &Project, lanes: Lanes, scale: f32) -> Result<Vec<u8>, ExportError> {
    png::png_from_svg(&timeline_svg(project, lanes)?, scale)
}

fn empty(xml: &mut XmlWriter, name: &str, attributes: &[(&str, String)]) {
    let borrowed: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    xml.empty(name, &borrowed);
}

fn line(xml: &mut XmlWriter, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
    empty(
        xml,
        "line",
        &[
            ("x1", number(from.0)),
            ("y1", number(from.1)),
            ("x2", number(to.0)),
            ("y2", number(to.1)),
            ("stroke", hex(color)),
            ("stroke-width", number(width)),
        ],
    );
}

fn label(xml: &mut XmlWriter, x: f32, y: f32, size: f32, color: Rgb, anchor: &str, text: &str) {
    xml.text_element(
        "text",
        &[
            ("x", &number(x)),
            ("y", &number(y)),
            ("font-size", &number(size)),
            ("fill", &hex(color)),
            ("text-anchor", anchor),
        ],
        text,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_without_events_has_no_timeline_picture() {
        let project = Project::default();
        assert!(matches!(timeline_svg(&project, Lanes::Entity), Err(ExportError::NoEvents)));
    }
}
