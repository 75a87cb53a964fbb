//! The Timeline panel: events on a zoomable, pannable time axis, one lane per entity or
//! per source. Exact times are points, uncertain times and ranges are bars, and the
//! conflicting times of one event are drawn as a spread joined by a line, each labelled
//! with its sources. A click selects the event.

use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke};

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
pub use crate::analysis::timeline::Lanes;
use crate::analysis::timeline::{SOURCE_LABEL_PX, TimelineLayout, axis_ticks, fitted, spread_px};
use crate::edit::Part;
use crate::model::Project;

/// Height of one lane, in points.
const LANE_PX: f32 = 28.0;
/// Width of the lane names on the left.
const LABEL_PX: f32 = 150.0;
/// Height of the axis at the top.
const AXIS_PX: f32 = 22.0;

/// The Timeline panel's own state: lanes, camera and the laid-out events.
#[derive(Default)]
pub struct TimelineState {
    /// Lanes by entity or by source.
    pub lanes: Lanes,
    /// The minute at the left edge of the axis and minutes per point; `None` fits all.
    camera: Option<(f64, f64)>,
    /// First visible lane.
    scroll_lane: f32,
    layout: TimelineLayout,
    /// The revision and lanes `layout` was built for.
    layout_key: Option<(u64, Lanes)>,
}

/// Draws the timeline of `project`.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    state: &mut TimelineState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label("Lanes:");
        ui.selectable_value(&mut state.lanes, Lanes::Entity, "By entity");
        ui.selectable_value(&mut state.lanes, Lanes::Source, "By source");
        if ui.button("Fit").on_hover_text("Show every event").clicked() {
            state.camera = None;
            state.scroll_lane = 0.0;
        }
        if ui
            .button("Export picture…")
            .on_hover_text("Draw the whole timeline, with these lanes, into a PNG or SVG file")
            .clicked()
        {
            commands.push(Command::BrowseExportTimeline);
        }
    });
    let key = (revision.of(&[Part::Events, Part::Entities, Part::Sources]), state.lanes);
    if state.layout_key != Some(key) {
        state.layout = TimelineLayout::build(project, state.lanes);
        state.layout_key = Some(key);
    }
    let Some(span) = state.layout.span else {
        ui.label(
            egui::RichText::new(
                "No events yet. Select a passage in the Reader and choose “Record as event…”.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    };
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let axis = Rect::from_min_max(Pos2::new(rect.left() + LABEL_PX, rect.top()), rect.right_bottom());
    let width = f64::from(axis.width().max(1.0));
    let (mut left, mut per_px) = state.camera.unwrap_or_else(|| {
        // Fit with a margin of a twentieth on each side.
        #[allow(clippy::cast_precision_loss)] // minutes since 1970 fit f64 exactly
        let (from, to) = (span.earliest as f64, span.latest as f64);
        let margin = ((to - from) / 20.0).max(60.0);
        (from - margin, (to - from + 2.0 * margin) / width)
    });
    // Zoom about the pointer with the wheel or a pinch, pan by dragging.
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = if (zoom - 1.0).abs() < f32::EPSILON {
            (-f64::from(scroll.y) / 200.0).exp()
        } else {
            1.0 / f64::from(zoom)
        };
        if (factor - 1.0).abs() > 1e-6
            && let Some(pointer) = response.hover_pos()
        {
            let at = left + f64::from(pointer.x - axis.left()) * per_px;
            per_px = (per_px * factor).clamp(0.01, 1e6);
            left = at - f64::from(pointer.x - axis.left()) * per_px;
        }
    }
    if response.dragged() {
        let delta = response.drag_delta();
        left -= f64::from(delta.x) * per_px;
        let lines = state.layout.lanes.last().map_or(0, |(_, first, count)| first + count);
        #[allow(clippy::cast_precision_loss)] // line counts are small
        let lines = lines as f32;
        state.scroll_lane = (state.scroll_lane - delta.y / LANE_PX).clamp(0.0, lines);
    }
    state.camera = Some((left, per_px));
    #[allow(clippy::cast_possible_truncation)] // screen positions are small
    let x_of = |minute: i64| axis.left() + (((minute as f64) - left) / per_px) as f32;
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    let rule = theme::timeline_rule_color(visuals);
    axis_ui(&painter, axis, left, per_px, text_color, rule);

    let first_line = state.scroll_lane.floor();
    let line_y = |line: usize| {
        #[allow(clippy::cast_precision_loss)] // line counts are small
        let line = line as f32;
        rect.top() + AXIS_PX + (line - first_line) * LANE_PX + LANE_PX / 2.0
    };
    for (name, first, count) in &state.layout.lanes {
        let y = line_y(*first);
        let bottom = line_y(first + count - 1) + LANE_PX / 2.0;
        if bottom < rect.top() + AXIS_PX || y > rect.bottom() {
            continue;
        }
        painter.line_segment(
            [Pos2::new(rect.left(), bottom), Pos2::new(rect.right(), bottom)],
            Stroke::new(0.5, rule),
        );
        painter.text(
            Pos2::new(rect.left() + 4.0, y),
            Align2::LEFT_CENTER,
            name,
            FontId::proportional(12.0),
            text_color,
        );
    }
    let selected = match selection {
        Selection::Event(id) => Some(id),
        _ => None,
    };
    let font = FontId::proportional(11.0);
    // The selected event's times with their sources, drawn once over everything when its
    // times are too close to label each under its mark.
    let mut selected_labels: Option<Vec<(Pos2, String)>> = None;
    for row in &state.layout.rows {
        let y = line_y(row.line);
        if y < rect.top() + AXIS_PX || y > rect.bottom() {
            continue;
        }
        let xs: Vec<(f32, f32)> =
            row.marks.iter().map(|m| (x_of(m.interval.earliest), x_of(m.interval.latest))).collect();
        let (min_x, max_x) =
            xs.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), (l, r)| (a.min(*l), b.max(*r)));
        if max_x < axis.left() || min_x > axis.right() {
            continue;
        }
        let is_selected = selected == Some(&row.event);
        let color =
            if row.conflicting { theme::timeline_conflict_color() } else { theme::timeline_time_color() };
        if row.marks.len() > 1 {
            // The spread of the event's times, from the earliest to the latest.
            let centres = xs.iter().map(|(l, r)| f32::midpoint(*l, *r));
            let (from, to) =
                centres.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), c| (a.min(c), b.max(c)));
            painter.line_segment([Pos2::new(from, y), Pos2::new(to, y)], Stroke::new(1.0, rule));
        }
        let stroke = if is_selected { Stroke::new(2.0, text_color) } else { Stroke::NONE };
        // The sources under each time when there is room; for the selected event, a list
        // of its times and sources under it otherwise.
        let roomy = spread_px(&xs) >= SOURCE_LABEL_PX;
        let label_sources = row.conflicting && roomy;
        if is_selected && !roomy && row.conflicting && selected_labels.is_none() {
            let below = |i: usize| {
                #[allow(clippy::cast_precision_loss)] // a handful of times
                let i = i as f32;
                y + 8.0 + i * 14.0
            };
            selected_labels = Some(
                row.marks
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (Pos2::new(min_x, below(i)), format!("{}: {}", m.label, m.sources)))
                    .collect(),
            );
        }
        for (mark, (l, r)) in row.marks.iter().zip(&xs) {
            // Uncertain or approximate times are hollow: an outline in the time's colour.
            let (fill, outline) = if mark.qualified {
                (color.gamma_multiply(0.2), if is_selected { stroke } else { Stroke::new(1.5, color) })
            } else {
                (color.gamma_multiply(0.8), stroke)
            };
            if mark.interval.is_point() || r - l < 6.0 {
                painter.circle(Pos2::new(f32::midpoint(*l, *r), y), 5.0, fill, outline);
            } else {
                let bar = Rect::from_min_max(Pos2::new(*l, y - 5.0), Pos2::new(*r, y + 5.0));
                painter.rect(bar, 2.0, fill, outline, egui::StrokeKind::Outside);
            }
            if label_sources && !mark.sources.is_empty() {
                let at = Pos2::new(f32::midpoint(*l, *r), y + 6.0);
                painter.text(at, Align2::CENTER_TOP, &mark.sources, font.clone(), rule);
            }
        }
        let title_x = min_x.max(axis.left());
        let room_px = row.next_start.map_or(f32::INFINITY, |next| x_of(next) - title_x - 4.0);
        if let Some(title) = fitted(&row.title, room_px) {
            painter.text(Pos2::new(title_x, y - 6.0), Align2::LEFT_BOTTOM, title, font.clone(), text_color);
        }
        // A click target with the event's title, for the mouse and for screen readers.
        let hit = Rect::from_min_max(
            Pos2::new(min_x - 5.0, y - LANE_PX / 2.0),
            Pos2::new(max_x + 5.0, y + LANE_PX / 2.0),
        )
        .intersect(axis);
        let id = ui.scope_id().with(("timeline-event", &row.event, row.lane));
        let clicked = ui.interact(hit, id, Sense::click());
        clicked.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &row.title));
        if clicked.clicked() {
            commands.push(Command::Select(Selection::Event(row.event.clone())));
        }
        if clicked.hovered() {
            clicked.on_hover_text(format!("{}\n{}", row.title, row.details));
        }
    }
    for (at, text) in selected_labels.unwrap_or_default() {
        let galley = painter.layout_no_wrap(text, font.clone(), text_color);
        let back = Rect::from_min_size(at, galley.size()).expand(2.0);
        painter.rect_filled(back, 2.0, theme::map_label_fill(visuals));
        painter.galley(at, galley, text_color);
    }
}

/// Day ticks (or month ticks when zoomed out, hours when zoomed in) along the top.
fn axis_ui(
    painter: &egui::Painter,
    axis: Rect,
    left: f64,
    per_px: f64,
    text: egui::Color32,
    rule: egui::Color32,
) {
    for (minute, label) in axis_ticks(left, per_px, f64::from(axis.width())) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // screen positions are small
        let x = axis.left() + (((minute as f64) - left) / per_px) as f32;
        painter.line_segment(
            [Pos2::new(x, axis.top() + AXIS_PX - 4.0), Pos2::new(x, axis.bottom())],
            Stroke::new(0.5, rule),
        );
        painter.text(
            Pos2::new(x + 2.0, axis.top() + 2.0),
            Align2::LEFT_TOP,
            label,
            FontId::proportional(11.0),
            text,
        );
    }
}
