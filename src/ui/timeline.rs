//! The Timeline panel: events on a zoomable, pannable time axis, one lane per entity or
//! per source. Exact times are points, uncertain times and ranges are bars, and the
//! conflicting times of one event are drawn as a spread joined by a line, each labelled
//! with its sources. A click selects the event.

use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke};

use super::command::{Command, Selection};
use super::theme;
use crate::model::{DAY_MINUTES, EventId, Interval, Project, civil_from_days};

/// Height of one lane, in points.
const LANE_PX: f32 = 28.0;
/// Width of the lane names on the left.
const LABEL_PX: f32 = 150.0;
/// Height of the axis at the top.
const AXIS_PX: f32 = 22.0;

/// What a lane stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lanes {
    /// One lane per entity involved.
    #[default]
    Entity,
    /// One lane per source quoted.
    Source,
}

/// One time of an event, laid out.
struct Mark {
    interval: Interval,
    /// The sources quoted for it, by name, for the label.
    sources: String,
    /// Marked uncertain or approximate (`?`, `~`, `%`): drawn hollow.
    qualified: bool,
    /// The time as written ("2024-12-08 evening").
    label: String,
}

/// One event in one lane.
struct Row {
    event: EventId,
    title: String,
    lane: usize,
    /// The line it is drawn on, counted over all lanes: events that overlap in time take
    /// separate lines of their lane.
    line: usize,
    marks: Vec<Mark>,
    conflicting: bool,
    /// Where the next event on the same line starts, which the title must not run into.
    next_start: Option<i64>,
    /// Each time with its sources, shown on hover.
    details: String,
}

/// The laid-out timeline, rebuilt when the project or the lanes change.
#[derive(Default)]
struct Layout {
    key: Option<(u64, Lanes)>,
    /// Each lane's name, first line and number of lines.
    lanes: Vec<(String, usize, usize)>,
    rows: Vec<Row>,
    span: Option<Interval>,
}

/// The Timeline panel's own state: lanes, camera and the laid-out events.
#[derive(Default)]
pub struct TimelineState {
    /// Lanes by entity or by source.
    pub lanes: Lanes,
    /// The minute at the left edge of the axis and minutes per point; `None` fits all.
    camera: Option<(f64, f64)>,
    /// First visible lane.
    scroll_lane: f32,
    layout: Layout,
}

impl Layout {
    fn build(project: &Project, lanes: Lanes) -> Self {
        let short = |title: &str| title.chars().take(18).collect::<String>();
        let mut names: Vec<String> = Vec::new();
        let mut lane_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut rows = Vec::new();
        let mut span: Option<Interval> = None;
        for event in project.events.values() {
            let marks: Vec<Mark> = event
                .times
                .iter()
                .filter_map(|time| {
                    let interval = time.interval().ok()?;
                    let sources: Vec<String> = time
                        .sources()
                        .into_iter()
                        .map(|s| project.sources.get(s).map_or_else(|| s.to_string(), |s| short(&s.title)))
                        .collect();
                    let qualified = time.parse().is_ok_and(|edtf| edtf.is_qualified());
                    Some(Mark { interval, sources: sources.join(", "), qualified, label: time.label() })
                })
                .collect();
            if marks.is_empty() {
                continue;
            }
            for mark in &marks {
                span = Some(span.map_or(mark.interval, |s| s.union(mark.interval)));
            }
            let details: String = marks
                .iter()
                .map(|m| {
                    let sources = if m.sources.is_empty() { "no source" } else { m.sources.as_str() };
                    format!("{} \u{2014} {sources}", m.label)
                })
                .collect::<Vec<_>>()
                .join("\n");
            let keys: Vec<(String, String)> = match lanes {
                Lanes::Entity => event
                    .entities
                    .iter()
                    .map(|e| {
                        (
                            e.to_string(),
                            project.entities.get(e).map_or_else(|| e.to_string(), |e| e.name.clone()),
                        )
                    })
                    .collect(),
                Lanes::Source => event
                    .sources()
                    .into_iter()
                    .map(|s| {
                        (
                            s.to_string(),
                            project.sources.get(s).map_or_else(|| s.to_string(), |s| s.title.clone()),
                        )
                    })
                    .collect(),
            };
            let keys = if keys.is_empty() { vec![(String::new(), "(none)".to_owned())] } else { keys };
            for (key, name) in keys {
                let lane = *lane_of.entry(key).or_insert_with(|| {
                    names.push(name);
                    names.len() - 1
                });
                let marks = marks
                    .iter()
                    .map(|m| Mark {
                        interval: m.interval,
                        sources: m.sources.clone(),
                        qualified: m.qualified,
                        label: m.label.clone(),
                    })
                    .collect();
                rows.push(Row {
                    event: event.id.clone(),
                    title: event.title.clone(),
                    lane,
                    line: 0,
                    next_start: None,
                    details: details.clone(),
                    marks,
                    conflicting: event.is_conflicting(),
                });
            }
        }
        let lanes = stack(&mut rows, names);
        Self { key: None, lanes, rows, span }
    }
}

/// Gives each row a line of its own within its lane, so that events whose times overlap
/// (with half a day of room for the title) never share one, and returns each lane's name,
/// first line and number of lines.
fn stack(rows: &mut [Row], names: Vec<String>) -> Vec<(String, usize, usize)> {
    const ROOM_MINUTES: i64 = DAY_MINUTES / 2;
    let span = |row: &Row| {
        let all = row
            .marks
            .iter()
            .map(|m| m.interval)
            .reduce(Interval::union)
            .unwrap_or(Interval { earliest: 0, latest: 0 });
        (all.earliest - ROOM_MINUTES, all.latest + ROOM_MINUTES)
    };
    rows.sort_by_key(|row| (row.lane, span(row).0));
    // The end of the last row on each line of each lane.
    let mut ends: Vec<Vec<i64>> = vec![Vec::new(); names.len()];
    let mut tracks = Vec::with_capacity(rows.len());
    for row in rows.iter() {
        let (start, end) = span(row);
        let lines = &mut ends[row.lane];
        let track = if let Some(track) = lines.iter().position(|&e| e <= start) {
            track
        } else {
            lines.push(i64::MIN);
            lines.len() - 1
        };
        lines[track] = end;
        tracks.push(track);
    }
    let mut lanes = Vec::with_capacity(names.len());
    let mut first = 0;
    for (name, lines) in names.into_iter().zip(&ends) {
        let count = lines.len().max(1);
        lanes.push((name, first, count));
        first += count;
    }
    for (row, track) in rows.iter_mut().zip(tracks) {
        row.line = lanes[row.lane].1 + track;
    }
    // Rows are in lane and start order: the next row on the same line bounds the title.
    let mut last_on_line: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for index in 0..rows.len() {
        if let Some(previous) = last_on_line.insert(rows[index].line, index) {
            rows[previous].next_start = Some(span(&rows[index]).0 + ROOM_MINUTES);
        }
    }
    lanes
}

/// Draws the timeline of `project`.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: u64,
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
    });
    if state.layout.key != Some((revision, state.lanes)) {
        state.layout = Layout::build(project, state.lanes);
        state.layout.key = Some((revision, state.lanes));
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

/// Below this distance between the times of one event, their sources are not labelled
/// under them (the hover text lists them).
const SOURCE_LABEL_PX: f32 = 110.0;

/// The smallest distance between the centres of neighbouring marks.
fn spread_px(xs: &[(f32, f32)]) -> f32 {
    let mut centres: Vec<f32> = xs.iter().map(|(l, r)| f32::midpoint(*l, *r)).collect();
    centres.sort_by(f32::total_cmp);
    centres.windows(2).map(|w| w[1] - w[0]).fold(f32::INFINITY, f32::min)
}

/// `title` cut with an ellipsis to fit `room_px` (at about 6 points a character), or
/// `None` when not even a few characters fit.
fn fitted(title: &str, room_px: f32) -> Option<String> {
    const CHAR_PX: f32 = 6.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a small positive count
    let room = (room_px / CHAR_PX).max(0.0) as usize;
    let count = title.chars().count();
    if count <= room {
        Some(title.to_owned())
    } else if room >= 4 {
        Some(title.chars().take(room - 1).chain(std::iter::once('\u{2026}')).collect())
    } else {
        None
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
    // Pick a step that leaves at least 70 points between ticks.
    let steps = [60_i64, 3 * 60, 6 * 60, DAY_MINUTES, 7 * DAY_MINUTES, 30 * DAY_MINUTES, 365 * DAY_MINUTES];
    let step = steps.into_iter().find(|s| (*s as f64) / per_px >= 40.0).unwrap_or(365 * DAY_MINUTES);
    #[allow(clippy::cast_possible_truncation)] // minutes since 1970 fit i64
    let first = (left as i64).div_euclid(step) * step;
    let right = left + f64::from(axis.width()) * per_px;
    let mut minute = first;
    while (minute as f64) <= right {
        #[allow(clippy::cast_possible_truncation)]
        let x = axis.left() + (((minute as f64) - left) / per_px) as f32;
        if x >= axis.left() {
            painter.line_segment(
                [Pos2::new(x, axis.top() + AXIS_PX - 4.0), Pos2::new(x, axis.bottom())],
                Stroke::new(0.5, rule),
            );
            let (y, m, d) = civil_from_days(minute.div_euclid(DAY_MINUTES));
            let of_day = minute.rem_euclid(DAY_MINUTES);
            let label = if step < DAY_MINUTES {
                format!("{d} {} {:02}:{:02}", month_name(m), of_day / 60, of_day % 60)
            } else if step >= 365 * DAY_MINUTES {
                format!("{y}")
            } else if step >= 30 * DAY_MINUTES {
                format!("{} {y}", month_name(m))
            } else {
                format!("{d} {}", month_name(m))
            };
            painter.text(
                Pos2::new(x + 2.0, axis.top() + 2.0),
                Align2::LEFT_TOP,
                label,
                FontId::proportional(11.0),
                text,
            );
        }
        minute += step;
    }
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    NAMES[usize::from(month.clamp(1, 12) - 1)]
}
