//! The timeline laid out in lanes, without drawing it: which lane and line each event
//! takes, its times as marks, and the axis ticks. The Timeline panel draws this, and the
//! SVG/PNG export draws the same layout, so the screen and the picture agree.

use crate::model::{DAY_MINUTES, EventId, Interval, PartOfDay, Project, civil_from_days};

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
#[derive(Clone)]
pub struct Mark {
    pub interval: Interval,
    /// The sources quoted for it, by name, for the label.
    pub sources: String,
    /// Marked uncertain or approximate (`?`, `~`, `%`): drawn hollow.
    pub qualified: bool,
    /// The time as written ("2024-12-08 evening").
    pub label: String,
    /// The part of the day, when the time names one ("evening").
    pub part: Option<PartOfDay>,
}

/// One event in one lane.
pub struct Row {
    pub event: EventId,
    pub title: String,
    pub lane: usize,
    /// The line it is drawn on, counted over all lanes: events that overlap in time take
    /// separate lines of their lane.
    pub line: usize,
    pub marks: Vec<Mark>,
    pub conflicting: bool,
    /// Where the next event on the same line starts, which the title must not run into.
    pub next_start: Option<i64>,
    /// Each time with its sources, shown on hover.
    pub details: String,
}

/// The laid-out timeline: lanes, one row per event and lane, and the time they span.
#[derive(Default)]
pub struct TimelineLayout {
    /// Each lane's name, first line and number of lines.
    pub lanes: Vec<(String, usize, usize)>,
    pub rows: Vec<Row>,
    pub span: Option<Interval>,
}

impl TimelineLayout {
    /// Lays out the events of `project` in lanes of the given kind.
    pub fn build(project: &Project, lanes: Lanes) -> Self {
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
                    Some(Mark {
                        interval,
                        sources: sources.join(", "),
                        qualified,
                        label: time.label(),
                        part: time.part,
                    })
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
                let marks = marks.clone();
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
        Self { lanes, rows, span }
    }
}

/// Gives each row a line of its own within its lane, so that events whose times overlap
/// (with half a day of room for the title) never share one, and returns each lane's name,
/// first line and number of lines.
pub(crate) fn stack(rows: &mut [Row], names: Vec<String>) -> Vec<(String, usize, usize)> {
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

/// Below this distance between the times of one event, their sources are not labelled
/// under them (the hover text lists them).
pub const SOURCE_LABEL_PX: f32 = 110.0;

/// The smallest distance between the centres of neighbouring marks.
pub fn spread_px(xs: &[(f32, f32)]) -> f32 {
    let mut centres: Vec<f32> = xs.iter().map(|(l, r)| f32::midpoint(*l, *r)).collect();
    centres.sort_by(f32::total_cmp);
    centres.windows(2).map(|w| w[1] - w[0]).fold(f32::INFINITY, f32::min)
}

/// `title` cut with an ellipsis to fit `room_px` (at about 6 points a character), or
/// `None` when not even a few characters fit.
pub fn fitted(title: &str, room_px: f32) -> Option<String> {
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

/// The ticks of a time axis from minute `left`, `per_unit` minutes per unit of length,
/// over `width` units: a step that leaves at least 40 units between ticks (hours, days,
/// weeks, months or years), and each tick's minute and label ("8 Dec", "8 Dec 18:00").
pub fn axis_ticks(left: f64, per_unit: f64, width: f64) -> Vec<(i64, String)> {
    let steps = [60_i64, 3 * 60, 6 * 60, DAY_MINUTES, 7 * DAY_MINUTES, 30 * DAY_MINUTES, 365 * DAY_MINUTES];
    #[allow(clippy::cast_precision_loss)] // steps are small
    let step = steps.into_iter().find(|s| (*s as f64) / per_unit >= 40.0).unwrap_or(365 * DAY_MINUTES);
    #[allow(clippy::cast_possible_truncation)] // minutes since 1970 fit i64
    let first = (left as i64).div_euclid(step) * step;
    let right = left + width * per_unit;
    let mut ticks = Vec::new();
    let mut minute = first;
    #[allow(clippy::cast_precision_loss)] // minutes since 1970 fit f64 exactly
    while (minute as f64) <= right {
        if (minute as f64) >= left {
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
            ticks.push((minute, label));
        }
        minute += step;
    }
    ticks
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    NAMES[usize::from(month.clamp(1, 12) - 1)]
}
