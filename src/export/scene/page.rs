//! Page layout: where a map's shapes go on a page or slide (the view and the frame it is
//! drawn in, zoomed to fill a slide), and the furniture around it: title, subtitle,
//! caption, legend and the list of sources cited. Everything here is in page
//! coordinates.

use std::collections::BTreeSet;

use super::Scene;
use super::geometry::{MapShapes, NodeShape, Point, Rect, TextAnchor, TextLine, edge_width, wrap};
use crate::export::style::{self, Rgb, fit_text};
use crate::model::{EntityKind, Project, Relation, SourceId};

/// The size on the page (width, height) a slide's camera is zoomed to fill: a 16:9 frame.
pub const SLIDE_FRAME: (f32, f32) = (1280.0, 720.0);

const FIT_MARGIN: f32 = 32.0;
const PAGE_PADDING: f32 = 24.0;
const MIN_PAGE_WIDTH: f32 = 560.0;
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 13.0;
const LEGEND_SIZE: f32 = 12.0;
const LEGEND_ROW: f32 = 24.0;
const SOURCES_SIZE: f32 = 12.0;
const SOURCES_ROW: f32 = 17.0;
const CAPTION_SIZE: f32 = 16.0;
const CAPTION_ROW: f32 = 22.0;

/// What a legend entry shows beside its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A small node of a kind.
    Kind {
        /// Fill.
        color: Rgb,
        /// The kind's icon.
        icon: &'static str,
    },
    /// A short relation line.
    Line {
        /// Stroke colour.
        color: Rgb,
        /// Stroke width.
        width: f32,
        /// Dashed or solid.
        dashed: bool,
    },
    /// The disputed badge.
    Disputed,
    /// The ring of a highlighted node.
    Stressed,
}

/// One entry of the legend: a swatch centred at `at` and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// What is drawn.
    pub swatch: Swatch,
    /// Centre of the swatch, in page coordinates.
    pub at: Point,
    /// The explanation.
    pub label: TextLine,
}

/// A source that evidence on the map quotes, numbered for the list under the map.
#[derive(Clone, Debug, PartialEq)]
pub struct CitedSource {
    /// Its number in the list, from 1.
    pub number: usize,
    /// The source.
    pub source: SourceId,
    /// The line of the list, in page coordinates.
    pub line: TextLine,
}

impl Scene {
    /// Puts the title, the map, the caption, the legend and the list of sources on the
    /// page, one under the other, and sets the page's size.
    pub(super) fn lay_out_page(
        &mut self,
        project: &Project,
        page: &Page<'_>,
        cited: &BTreeSet<&SourceId>,
        relations: &[&Relation],
    ) {
        let width = (self.map_frame.width + 2.0 * PAGE_PADDING).max(MIN_PAGE_WIDTH).ceil();
        let text_width = width - 2.0 * PAGE_PADDING;
        let mut y = PAGE_PADDING;
        if !page.title.is_empty() {
            y += TITLE_SIZE;
            self.title = Some(
                TextLine::new(
                    fit_text(page.title, TITLE_SIZE, text_width),
                    Point::new(PAGE_PADDING, y),
                    TITLE_SIZE,
                    TextAnchor::Start,
                    style::INK,
                )
                .bold(),
            );
            if !page.subtitle.is_empty() {
                y += SUBTITLE_SIZE + 6.0;
                self.subtitle = Some(TextLine::new(
                    fit_text(page.subtitle, SUBTITLE_SIZE, text_width),
                    Point::new(PAGE_PADDING, y),
                    SUBTITLE_SIZE,
                    TextAnchor::Start,
                    style::MUTED_INK,
                ));
            }
            y += 14.0;
        }
        self.map_frame.x = ((width - self.map_frame.width) / 2.0).max(0.0);
        self.map_frame.y = y;
        y = self.map_frame.bottom() + 12.0;

        if !page.caption.trim().is_empty() {
            y += 4.0;
            for line in wrap(page.caption, CAPTION_SIZE, text_width) {
                y += CAPTION_ROW;
                self.caption.push(TextLine::new(
                    line,
                    Point::new(PAGE_PADDING, y - (CAPTION_ROW - CAPTION_SIZE)),
                    CAPTION_SIZE,
                    TextAnchor::Start,
                    style::INK,
                ));
            }
            y += 12.0;
        }
        if page.legend {
            self.legend = legend_entries(project, &self.nodes, relations, page.stressed_in_legend);
            y = flow(&mut self.legend, y, width);
        }
        if !cited.is_empty() {
            y += 10.0 + SOURCES_SIZE;
            self.sources_heading = Some(
                TextLine::new(
                    "Sources cited",
                    Point::new(PAGE_PADDING, y),
                    SOURCES_SIZE,
                    TextAnchor::Start,
                    style::INK,
                )
                .bold(),
            );
            for (index, id) in cited.iter().enumerate() {
                y += SOURCES_ROW;
                let text = project.sources.get(*id).map_or_else(|| id.to_string(), source_citation);
                let text = fit_text(&format!("[{}] {text}", index + 1), SOURCES_SIZE, text_width);
                self.sources.push(CitedSource {
                    number: index + 1,
                    source: (*id).clone(),
                    line: TextLine::new(
                        text,
                        Point::new(PAGE_PADDING, y),
                        SOURCES_SIZE,
                        TextAnchor::Start,
                        style::MUTED_INK,
                    ),
                });
            }
        }
        self.width = width;
        self.height = (y + PAGE_PADDING).ceil();
    }
}

/// The text around the map, for `Scene::lay_out_page`.
pub(super) struct Page<'a> {
    pub(super) title: &'a str,
    pub(super) subtitle: &'a str,
    pub(super) caption: &'a str,
    pub(super) legend: bool,
    pub(super) stressed_in_legend: bool,
}

/// The part of the map a page shows (`view`, or all of `shapes` with a margin) and the
/// frame on the page it is drawn in: the same size, or zoomed in (never out, so labels
/// stay at least their size) to fill `frame` when one is given. The frame's position is
/// set by [`Scene::lay_out_page`].
pub(super) fn view_and_frame(
    shapes: &MapShapes<'_>,
    view: Option<Rect>,
    frame: Option<(f32, f32)>,
) -> (Rect, Rect) {
    let view = view.unwrap_or_else(|| fit(shapes));
    let map_frame = match frame {
        Some((width, height)) if view.width > 0.0 && view.height > 0.0 => {
            let factor = (width / view.width).min(height / view.height).max(1.0);
            if factor.is_finite() {
                Rect::new(0.0, 0.0, (view.width * factor).round(), (view.height * factor).round())
            } else {
                view
            }
        }
        _ => view,
    };
    (view, map_frame)
}

/// The bounds of everything drawn on the map, with a margin.
fn fit(shapes: &MapShapes<'_>) -> Rect {
    let Some(bounds) = shapes.bounds() else {
        return Rect::new(0.0, 0.0, 480.0, 320.0);
    };
    let bounds = bounds.grown(FIT_MARGIN);
    // Whole pixels, so that the page has a whole number of pixels at any whole scale.
    Rect::new(bounds.x.floor(), bounds.y.floor(), bounds.width.ceil(), bounds.height.ceil())
}

/// The sources the evidence of `relations` quotes, in id order.
pub(super) fn cited_sources<'a>(relations: &[&'a Relation]) -> BTreeSet<&'a SourceId> {
    relations.iter().flat_map(|r| r.evidence.iter().map(|e| &e.source)).collect()
}

fn source_citation(source: &crate::model::Source) -> String {
    let details: Vec<&str> =
        [source.outlet.as_str(), source.published.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if details.is_empty() {
        source.title.clone()
    } else {
        format!("{} — {}", source.title, details.join(", "))
    }
}

/// The legend: the kinds on the map, then what the line styles mean (only those used).
fn legend_entries(
    project: &Project,
    nodes: &[NodeShape],
    relations: &[&Relation],
    stressed: bool,
) -> Vec<LegendEntry> {
    let kinds: BTreeSet<EntityKind> = nodes.iter().map(|n| n.kind).collect();
    let mut entries: Vec<(Swatch, String)> = EntityKind::ALL
        .iter()
        .filter(|kind| kinds.contains(kind))
        .map(|&kind| {
            (
                Swatch::Kind { color: style::kind_rgb(kind), icon: style::kind_icon(kind) },
                kind.label().to_owned(),
            )
        })
        .collect();
    if relations.iter().any(|r| !r.evidence.is_empty()) {
        let line =
            |sources| Swatch::Line { color: style::RELATION, width: edge_width(sources), dashed: false };
        entries.push((line(1), "backed by 1 source".to_owned()));
        if relations.iter().any(|r| r.source_count() > 1) {
            entries.push((line(3), "thicker: more sources".to_owned()));
        }
    }
    if relations.iter().any(|r| r.evidence.is_empty()) {
        let swatch = Swatch::Line { color: style::RELATION, width: edge_width(0), dashed: true };
        entries.push((swatch, "no evidence yet".to_owned()));
    }
    if relations.iter().any(|r| project.relation_is_disputed(r)) {
        entries.push((Swatch::Disputed, "disputed by the sources".to_owned()));
    }
    if stressed {
        entries.push((Swatch::Stressed, "highlighted on this slide".to_owned()));
    }
    entries
        .into_iter()
        .map(|(swatch, text)| LegendEntry {
            swatch,
            at: Point::new(0.0, 0.0),
            label: TextLine::new(
                text,
                Point::new(0.0, 0.0),
                LEGEND_SIZE,
                TextAnchor::Start,
                style::MUTED_INK,
            ),
        })
        .collect()
}

/// Places legend entries left to right from `top`, wrapping at the page width; returns
/// the bottom of the last row.
fn flow(entries: &mut [LegendEntry], top: f32, page_width: f32) -> f32 {
    if entries.is_empty() {
        return top;
    }
    let mut x = PAGE_PADDING;
    let mut row_middle = top + LEGEND_ROW / 2.0;
    for entry in entries.iter_mut() {
        let swatch_width = match entry.swatch {
            Swatch::Line { .. } => 28.0,
            Swatch::Kind { .. } | Swatch::Disputed => 16.0,
            Swatch::Stressed => 22.0,
        };
        let width = swatch_width + 6.0 + entry.label.width();
        if x > PAGE_PADDING && x + width > page_width - PAGE_PADDING {
            x = PAGE_PADDING;
            row_middle += LEGEND_ROW;
        }
        entry.at = Point::new(x + swatch_width / 2.0, row_middle);
        entry.label.at = Point::new(x + swatch_width + 6.0, row_middle + LEGEND_SIZE * 0.35);
        x += width + 18.0;
    }
    row_middle + LEGEND_ROW / 2.0
}
