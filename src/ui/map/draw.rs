//! Painting the map: groups beneath, then relations, nodes and notes, and the legend.
//! Everything outside the canvas is skipped, and text too small to read is not laid out.

use std::sync::Arc;

use egui::epaint::{CubicBezierShape, QuadraticBezierShape};
use egui::{Align2, Color32, FontId, Galley, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use super::ShapeRef;
use super::geometry::{Camera, hull_touches, quadratic_point, rim_point};
use super::scene::{Emphasis, Scene, SceneEdge, edge_width};
use crate::geometry::labels::ALONG;
use crate::geometry::{LabelPlace, LabelRequest, NameRequest, Point, Route, crossed_sides, loop_points};
use crate::model::{EntityKind, Map};
use crate::ui::theme;

/// Text smaller than this many points is not drawn.
pub const MIN_TEXT_PX: f32 = 7.0;
/// Node names at zoom 1.
const NAME_PX: f32 = 12.0;
/// Relation labels at zoom 1.
const LABEL_PX: f32 = 11.0;
/// Note text at zoom 1.
const NOTE_PX: f32 = 13.0;

/// Font size in points of names and labels that are `px_at_1` at zoom 1. They shrink
/// and grow more slowly than the map, so a zoomed-out map stays readable longer and a
/// close-up stays tidy.
pub fn text_px(px_at_1: f32, zoom: f32) -> f32 {
    if zoom <= 1.0 { px_at_1 * zoom.powf(0.4) } else { px_at_1 * zoom.sqrt() }
}

/// How much a node's radius is scaled at `zoom`: less than the distances between nodes
/// when zoomed out, so nodes stay visible, and as much when zoomed in.
pub fn node_scale(zoom: f32) -> f32 {
    if zoom <= 1.0 { zoom.powf(0.6) } else { zoom }
}

/// What the painter needs besides the scene.
pub struct Look<'a> {
    /// The canvas.
    pub canvas: Rect,
    /// Its camera.
    pub camera: Camera,
    /// The theme's visuals.
    pub visuals: &'a egui::Visuals,
    /// How much larger than usual names and labels are (presenting enlarges them).
    pub text_scale: f32,
}

impl Look<'_> {
    /// Font size in points at this zoom of text that is `px_at_1` at zoom 1.
    fn px(&self, px_at_1: f32) -> f32 {
        text_px(px_at_1, self.camera.zoom) * self.text_scale
    }
}

/// How much a dimmed node or relation is faded.
const DIM: f32 = 0.18;

/// `color` faded if `emphasis` dims it.
fn emphasised(color: Color32, emphasis: Emphasis) -> Color32 {
    if emphasis == Emphasis::Dimmed { color.gamma_multiply(DIM) } else { color }
}

/// A faint dot grid that moves with the map.
pub fn grid(painter: &Painter, look: &Look<'_>) {
    let spacing_map = {
        let mut s = 40.0;
        while s * look.camera.zoom < 40.0 {
            s *= 4.0;
        }
        s
    };
    let visible = look.camera.visible_map_rect(look.canvas);
    let color = theme::map_grid_color(look.visuals);
    let mut x = (visible.left() / spacing_map).floor() * spacing_map;
    while x <= visible.right() {
        let mut y = (visible.top() / spacing_map).floor() * spacing_map;
        while y <= visible.bottom() {
            painter.circle_filled(look.camera.screen_from_map(look.canvas, pos2(x, y)), 1.0, color);
            y += spacing_map;
        }
        x += spacing_map;
    }
}

/// A group's rectangle on screen and the strip at its top that is grabbed to move it.
pub fn group_rects(look: &Look<'_>, group: &crate::model::MapGroup, offset: Vec2) -> (Rect, Rect) {
    let min = look.camera.screen_from_map(look.canvas, pos2(group.x, group.y) + offset);
    let rect = Rect::from_min_size(min, vec2(group.width, group.height) * look.camera.zoom);
    let strip = text_px(NOTE_PX, look.camera.zoom).max(10.0) + 8.0;
    (rect, Rect::from_min_size(rect.min, vec2(rect.width(), strip.min(rect.height()))))
}

/// The groups, beneath everything else. `moving` is a shape being dragged and by how much.
pub fn groups(
    painter: &Painter,
    look: &Look<'_>,
    map: &Map,
    selected: Option<ShapeRef>,
    moving: Option<(ShapeRef, Vec2)>,
) {
    for (i, group) in map.groups.iter().enumerate() {
        let offset = moving.filter(|(s, _)| *s == ShapeRef::Group(i)).map_or(Vec2::ZERO, |(_, o)| o);
        let (rect, strip) = group_rects(look, group, offset);
        if !rect.intersects(look.canvas) {
            continue;
        }
        let stroke = if selected == Some(ShapeRef::Group(i)) {
            Stroke::new(2.0, theme::map_selection_color())
        } else {
            Stroke::new(1.0, theme::map_group_stroke())
        };
        painter.rect(rect, 6.0, theme::map_group_fill(), stroke, egui::StrokeKind::Inside);
        let px = look.px(NOTE_PX);
        if px >= MIN_TEXT_PX {
            painter.text(
                strip.left_center() + vec2(8.0, 0.0),
                Align2::LEFT_CENTER,
                &group.label,
                FontId::proportional(px),
                theme::map_group_stroke(),
            );
        }
    }
}

/// A note's rectangle on screen.
pub fn note_rect(
    painter: &Painter,
    look: &Look<'_>,
    note: &crate::model::MapNote,
    offset: Vec2,
) -> (Rect, Option<std::sync::Arc<egui::Galley>>) {
    let zoom = look.camera.zoom;
    let min = look.camera.screen_from_map(look.canvas, pos2(note.x, note.y) + offset);
    // Notes scale like labels (more slowly than the map), box and text together, so they
    // stay readable on a zoomed-out map.
    let scale = text_px(1.0, zoom);
    let width = super::NOTE_WIDTH * scale;
    let px = NOTE_PX * scale;
    if px < MIN_TEXT_PX {
        return (Rect::from_min_size(min, vec2(width, 40.0 * scale)), None);
    }
    let pad = 8.0 * scale.min(1.0);
    let galley = painter.layout(
        note.text.clone(),
        FontId::proportional(px),
        theme::map_note_text(look.visuals),
        (width - 2.0 * pad).max(10.0),
    );
    let height = galley.size().y + 2.0 * pad;
    (Rect::from_min_size(min, vec2(width, height)), Some(galley))
}

/// The notes, above the nodes.
pub fn notes(
    painter: &Painter,
    look: &Look<'_>,
    map: &Map,
    selected: Option<ShapeRef>,
    moving: Option<(ShapeRef, Vec2)>,
) {
    for (i, note) in map.notes.iter().enumerate() {
        let offset = moving.filter(|(s, _)| *s == ShapeRef::Note(i)).map_or(Vec2::ZERO, |(_, o)| o);
        let top_left = look.camera.screen_from_map(look.canvas, pos2(note.x, note.y) + offset);
        if !Rect::from_min_size(top_left, vec2(super::NOTE_WIDTH, 400.0) * look.camera.zoom)
            .intersects(look.canvas)
        {
            continue;
        }
        let (rect, galley) = note_rect(painter, look, note, offset);
        let stroke = if selected == Some(ShapeRef::Note(i)) {
            Stroke::new(2.0, theme::map_selection_color())
        } else {
            Stroke::new(1.0, theme::map_note_text(look.visuals).gamma_multiply(0.3))
        };
        painter.rect(rect, 4.0, theme::map_note_fill(look.visuals), stroke, egui::StrokeKind::Inside);
        if let Some(galley) = galley {
            let pad = 8.0 * text_px(1.0, look.camera.zoom).min(1.0);
            painter.galley(rect.min + vec2(pad, pad), galley, theme::map_note_text(look.visuals));
        }
    }
}

/// A line's route on screen: its map route moved onto the nodes' screen positions (which
/// follow a drag or a layout's animation), its bend scaled by the zoom.
pub fn screen_route(edge: &SceneEdge, screen: &[Pos2], zoom: f32) -> Route {
    let (a, b) = (screen[edge.from as usize], screen[edge.to as usize]);
    edge.route.reanchored(point(a), point(b), zoom)
}

/// The four points of a loop drawn at `zoom` around a node of screen radius `radius`.
pub fn screen_loop(route: &Route, radius: f32, zoom: f32) -> Option<[Pos2; 4]> {
    match *route {
        Route::Loop { center, angle, index } => {
            Some(loop_points(center, angle, index, radius, zoom).map(pos))
        }
        Route::Line { .. } | Route::Curve { .. } => None,
    }
}

/// Where this frame's names and relation labels go (see [`crate::geometry::labels`]).
#[derive(Clone, Default)]
pub struct FrameLabels {
    /// For each node (by scene index), its name's box and text, if it is drawn (empty
    /// when nothing is).
    pub names: Vec<Option<(Rect, Arc<Galley>)>>,
    /// For each line (by index in the frame's lines), where its label went.
    pub lines: Vec<Option<PlacedLabel>>,
}

/// A relation's label placed on screen.
#[derive(Clone)]
pub struct PlacedLabel {
    /// Its box.
    pub rect: Rect,
    /// Its text (none for a disputed badge alone).
    pub galley: Option<Arc<Galley>>,
    /// Whether it is the short hint left for a label that found no room.
    pub hint: bool,
}

/// What the label placement needs to know of the selection.
pub struct Marked<'a> {
    /// Whether node `i` is selected (or a target), so its name goes first.
    pub node: &'a dyn Fn(usize) -> bool,
    /// Whether a line is selected (a relation, or a pair), so its label goes first.
    pub relation: &'a dyn Fn(&SceneEdge) -> bool,
}

/// Places the names of the nodes and the labels of the lines on screen this frame, by the
/// one rule the exports follow: none overlaps another or a node; names move to a free
/// side, labels slide along their line or leave a "…". Only what is on screen and large
/// enough to read takes part.
#[allow(clippy::too_many_arguments)] // the frame's parts, each needed once
pub fn place_labels(
    cache: &mut LabelCache,
    painter: &Painter,
    look: &Look<'_>,
    scene: &Scene,
    lines: &[&SceneEdge],
    screen: &[Pos2],
    radii: &[f32],
    marked: &Marked<'_>,
) {
    let key = frame_key(painter, look, scene, lines, screen, radii, marked);
    if cache.key != Some(key) {
        cache.labels = placed_labels(painter, look, scene, lines, screen, radii, marked);
        cache.key = Some(key);
    }
}

/// The last placement and what it was made from, so that a frame that shows the same
/// (the pointer moving over a still map, say) does not place everything again.
#[derive(Default)]
pub struct LabelCache {
    key: Option<u64>,
    /// Where this frame's labels go.
    pub labels: FrameLabels,
}

/// A hash of everything the placement depends on: the scene, the view, the nodes' places
/// and sizes on screen, the lines drawn and what is selected.
fn frame_key(
    painter: &Painter,
    look: &Look<'_>,
    scene: &Scene,
    lines: &[&SceneEdge],
    screen: &[Pos2],
    radii: &[f32],
    marked: &Marked<'_>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    scene.key.hash(&mut hasher);
    scene.looks.hash(&mut hasher);
    let floats = [
        look.canvas.min.x,
        look.canvas.min.y,
        look.canvas.max.x,
        look.canvas.max.y,
        look.camera.zoom,
        look.text_scale,
        painter.pixels_per_point(),
    ];
    floats.map(f32::to_bits).hash(&mut hasher);
    theme::map_text_color(look.visuals).to_array().hash(&mut hasher);
    for (i, (p, r)) in screen.iter().zip(radii).enumerate() {
        [p.x.to_bits(), p.y.to_bits(), r.to_bits()].hash(&mut hasher);
        (marked.node)(i).hash(&mut hasher);
    }
    for edge in lines {
        std::ptr::from_ref::<SceneEdge>(edge).hash(&mut hasher);
        (marked.relation)(edge).hash(&mut hasher);
    }
    hasher.finish()
}

/// See [`place_labels`].
fn placed_labels(
    painter: &Painter,
    look: &Look<'_>,
    scene: &Scene,
    lines: &[&SceneEdge],
    screen: &[Pos2],
    radii: &[f32],
    marked: &Marked<'_>,
) -> FrameLabels {
    let name_px = look.px(NAME_PX);
    let label_px = look.px(LABEL_PX);
    if name_px < MIN_TEXT_PX && label_px < MIN_TEXT_PX {
        // Nothing to read at this zoom (a large map zoomed out): nothing to place.
        return FrameLabels::default();
    }
    let mut out = FrameLabels { names: vec![None; scene.nodes.len()], lines: vec![None; lines.len()] };
    let zoom = look.camera.zoom;
    let bounds = look.canvas.expand(60.0);
    // Laid out without a colour: each is painted in its own (dimmed or not).
    let text_color = Color32::PLACEHOLDER;
    let rank = |emphasis: Emphasis, marked: bool| match (marked, emphasis) {
        (true, _) | (false, Emphasis::Stressed) => 2,
        (false, Emphasis::Normal) => 1,
        (false, Emphasis::Dimmed) => 0,
    };
    let on_screen: Vec<usize> = (0..scene.nodes.len()).filter(|&i| bounds.contains(screen[i])).collect();
    let ring = |i: usize| {
        let node = &scene.nodes[i];
        radii[i] + if (marked.node)(i) || node.emphasis == Emphasis::Stressed { 4.0 } else { 0.0 }
    };
    let discs: Vec<(Point, f32)> = on_screen.iter().map(|&i| (point(screen[i]), ring(i))).collect();
    let mut name_galleys = Vec::new();
    let mut names = Vec::new();
    if name_px >= MIN_TEXT_PX {
        // The spokes of the lines of the nodes on screen, so names keep off them.
        let mut slot = vec![u32::MAX; scene.nodes.len()];
        for (k, &i) in on_screen.iter().enumerate() {
            slot[i] = k as u32;
        }
        let mut spokes: Vec<(u32, Point)> = Vec::new();
        for edge in lines {
            let (from, to) = (edge.from as usize, edge.to as usize);
            if slot[from] == u32::MAX && slot[to] == u32::MAX {
                continue;
            }
            let (near_from, near_to) = screen_route(edge, screen, zoom).spokes(radii[from], zoom);
            for (node, spoke) in [(from, near_from), (to, near_to)] {
                if slot[node] != u32::MAX {
                    spokes.push((slot[node], spoke));
                }
            }
        }
        spokes.sort_unstable_by_key(|(slot, _)| *slot);
        let spoke_points: Vec<Point> = spokes.iter().map(|(_, p)| *p).collect();
        let mut start = 0;
        for (k, &i) in on_screen.iter().enumerate() {
            let end = start + spokes[start..].iter().take_while(|(slot, _)| *slot == k as u32).count();
            let node_spokes = &spoke_points[start..end];
            start = end;
            let node = &scene.nodes[i];
            let galley = painter.layout_no_wrap(node.name.clone(), FontId::proportional(name_px), text_color);
            let size = galley.size() + vec2(6.0, 0.0);
            let mut request = NameRequest {
                center: point(screen[i]),
                radius: ring(i),
                gap: 3.0,
                width: size.x,
                height: size.y,
                rank: rank(node.emphasis, (marked.node)(i)),
                crossed: [false; 4],
            };
            request.crossed = crossed_sides(&request, node_spokes);
            names.push(request);
            name_galleys.push((i, galley));
        }
    }
    let mut label_galleys = Vec::new();
    let mut requests = Vec::new();
    if label_px >= MIN_TEXT_PX {
        let badge = disputed_radius(zoom) * 2.0 + 2.0;
        let ellipsis =
            painter.layout_no_wrap(hint_text_of(0, false), FontId::proportional(label_px), text_color).size();
        for (k, edge) in lines.iter().enumerate() {
            if edge.label.is_empty() && !edge.disputed {
                continue;
            }
            let route = screen_route(edge, screen, zoom);
            let r = radii[edge.from as usize];
            let middle = pos(route.point(0.5, r, zoom));
            if !look.canvas.contains(middle) {
                continue;
            }
            let galley = (!edge.label.is_empty()).then(|| {
                painter.layout_no_wrap(edge.label.clone(), FontId::proportional(label_px), text_color)
            });
            let text = galley.as_ref().map_or(Vec2::ZERO, |g| g.size());
            let extra = if edge.disputed { badge } else { 0.0 };
            // The hint's size: "…" measured once a frame, a bundle's count each.
            let hint = match (edge.members.len(), edge.disputed) {
                (0, true) => Vec2::new(0.0, text.y),
                (0, false) => ellipsis,
                _ => {
                    painter.layout_no_wrap(hint_text(edge), FontId::proportional(label_px), text_color).size()
                }
            };
            let hint_size = hint + vec2(8.0 + extra, 2.0);
            let candidates = match route {
                Route::Loop { .. } => {
                    let outward = route.outward();
                    let half = (text + vec2(8.0 + extra, 2.0)) / 2.0;
                    let clearance = 4.0 + half.x * outward.x.abs() + half.y * outward.y.abs();
                    [route.point(0.5, r, zoom).plus(outward.times(clearance)); ALONG.len()]
                }
                Route::Line { .. } | Route::Curve { .. } => ALONG.map(|t| route.point(t, r, zoom)),
            };
            let selected = (marked.relation)(edge);
            requests.push(LabelRequest {
                candidates,
                width: text.x + 8.0 + extra,
                height: text.y.max(badge) + 2.0,
                hint_width: hint_size.x,
                hint_height: hint_size.y.max(badge),
                rank: rank(edge.emphasis, selected),
                weight: edge.sources as u32,
            });
            label_galleys.push((k, galley));
        }
    }
    let placement = crate::geometry::place_labels(&discs, &names, &requests, 48.0);
    for ((i, galley), place) in name_galleys.into_iter().zip(placement.names) {
        out.names[i] = place.map(|(rect, _)| (rect_of(rect), galley));
    }
    for ((k, galley), place) in label_galleys.into_iter().zip(placement.labels) {
        out.lines[k] = match place {
            LabelPlace::At(rect) => Some(PlacedLabel { rect: rect_of(rect), galley, hint: false }),
            LabelPlace::Hint(rect) => {
                let hint = hint_text(lines[k]);
                let galley = (!hint.is_empty())
                    .then(|| painter.layout_no_wrap(hint, FontId::proportional(label_px), text_color));
                Some(PlacedLabel { rect: rect_of(rect), galley, hint: true })
            }
            LabelPlace::Dropped => None,
        };
    }
    out
}

/// What a line whose label finds no room shows: a bundle's count, the disputed badge
/// alone, or "…" (as in the export).
fn hint_text(edge: &SceneEdge) -> String {
    hint_text_of(edge.members.len(), edge.disputed)
}

/// See [`hint_text`]: for a bundle of `members` relations (0 for one relation).
fn hint_text_of(members: usize, disputed: bool) -> String {
    match (members, disputed) {
        (0, true) => String::new(),
        (0, false) => "\u{2026}".to_owned(),
        (count, _) => format!("\u{d7}{count}"),
    }
}

fn point(p: Pos2) -> Point {
    Point::new(p.x, p.y)
}

fn pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

fn rect_of(r: crate::geometry::Rect) -> Rect {
    Rect::from_min_size(pos2(r.x, r.y), vec2(r.width, r.height))
}

/// Draws the lines of this frame (relations and bundles) with their labels where
/// `labels` put them. `screen` and `radii` are each node's screen position and radius.
#[allow(clippy::too_many_arguments)] // the frame's parts, each needed once
pub fn edges(
    painter: &Painter,
    look: &Look<'_>,
    lines: &[&SceneEdge],
    screen: &[Pos2],
    radii: &[f32],
    selected: &dyn Fn(&SceneEdge) -> bool,
    labels: &FrameLabels,
) {
    let zoom = look.camera.zoom;
    let base = theme::map_edge_color(look.visuals);
    let bounds = look.canvas.expand(4.0);
    // Zoomed out, plain straight lines go into one mesh: thousands of separate line
    // shapes would each be tessellated with anti-aliasing that nobody can see at this size.
    let batch = look.px(LABEL_PX) < MIN_TEXT_PX;
    let mut mesh = egui::Mesh::default();
    let mut pills = Vec::new();
    for (k, edge) in lines.iter().enumerate() {
        let (i, j) = (edge.from as usize, edge.to as usize);
        let is_selected = selected(edge);
        let stressed = is_selected || edge.emphasis == Emphasis::Stressed;
        let color = if is_selected {
            theme::map_selection_color()
        } else if edge.emphasis == Emphasis::Stressed {
            theme::map_highlight_color()
        } else if edge.disputed {
            theme::warning_color()
        } else {
            base
        };
        let color = emphasised(color, edge.emphasis);
        let width = edge_width(edge.sources) + if stressed { 1.5 } else { 0.0 };
        let stroke = Stroke::new(width, color);
        let route = screen_route(edge, screen, zoom);
        if let Some(Some(label)) = labels.lines.get(k) {
            pills.push((*edge, label, color));
        }
        if let Some([from, c1, c2, to]) = screen_loop(&route, radii[i], zoom) {
            if radii[i] < 2.0 || !hull_touches(bounds, &[from, c1, c2, to]) {
                continue;
            }
            if edge.dashed {
                let points: Vec<Pos2> =
                    (0..=16).map(|n| pos(route.point(n as f32 / 16.0, radii[i], zoom))).collect();
                painter.extend(Shape::dashed_line(&points, stroke, 5.0, 4.0));
            } else {
                painter.add(CubicBezierShape::from_points_stroke(
                    [from, c1, c2, to],
                    false,
                    Color32::TRANSPARENT,
                    stroke,
                ));
            }
            if edge.directed {
                arrow_head(painter, to, (to - c2).normalized(), width, color);
            }
            continue;
        }
        let (a, b) = (screen[i], screen[j]);
        let control = match route {
            Route::Curve { control, .. } => pos(control),
            Route::Line { .. } | Route::Loop { .. } => a + (b - a) * 0.5,
        };
        if !hull_touches(bounds, &[a, control, b]) {
            continue;
        }
        let start = rim_point(a, control, radii[i]);
        let end = rim_point(b, control, radii[j]);
        if start.distance_sq(end) < 4.0 {
            continue;
        }
        let straight = matches!(route, Route::Line { .. });
        if batch && straight && !edge.dashed && !stressed && !edge.disputed {
            push_line(&mut mesh, start, end, width.min(2.0), color);
            continue;
        }
        // Leave room for the arrow head so the line does not poke through its tip.
        let head = if edge.directed && radii[j] >= 5.0 { 5.0 + 1.5 * width } else { 0.0 };
        let tip_dir = (end - control).normalized();
        let line_end = end - tip_dir * head * 0.8;
        if straight {
            if edge.dashed {
                painter.extend(Shape::dashed_line(&[start, line_end], stroke, 6.0, 4.0));
            } else {
                painter.line_segment([start, line_end], stroke);
            }
        } else if edge.dashed {
            let points: Vec<Pos2> =
                (0..=16).map(|n| quadratic_point(start, control, line_end, n as f32 / 16.0)).collect();
            painter.extend(Shape::dashed_line(&points, stroke, 6.0, 4.0));
        } else {
            painter.add(QuadraticBezierShape::from_points_stroke(
                [start, control, line_end],
                false,
                Color32::TRANSPARENT,
                stroke,
            ));
        }
        if head > 0.0 && start.distance(end) > head * 2.0 {
            arrow_head(painter, end, tip_dir, width, color);
        }
    }
    if !mesh.is_empty() {
        painter.add(mesh);
    }
    for (edge, label, accent) in pills {
        label_pill(painter, look, edge, label.rect, label.galley.as_ref(), label.hint, accent);
    }
}

/// A filled arrowhead with its tip at `tip`, pointing along `direction`.
fn arrow_head(painter: &Painter, tip: Pos2, direction: Vec2, width: f32, color: Color32) {
    let head = 5.0 + 1.5 * width;
    let normal = direction.rot90();
    let back = tip - direction * head;
    painter.add(Shape::convex_polygon(
        vec![tip, back + normal * head * 0.5, back - normal * head * 0.5],
        color,
        Stroke::NONE,
    ));
}

/// A relation's label (or hint) on a rounded background filling `rect`, with the
/// disputed badge at its left.
fn label_pill(
    painter: &Painter,
    look: &Look<'_>,
    edge: &SceneEdge,
    rect: Rect,
    galley: Option<&Arc<Galley>>,
    hint: bool,
    accent: Color32,
) {
    let text_color = emphasised(theme::map_text_color(look.visuals), edge.emphasis);
    let stroke = if edge.members.is_empty() || hint { 0.5 } else { 1.5 };
    painter.rect(
        rect,
        rect.height() / 2.0,
        emphasised(theme::map_label_fill(look.visuals), edge.emphasis),
        Stroke::new(stroke, accent),
        egui::StrokeKind::Inside,
    );
    let mut left = rect.min.x + 4.0;
    if edge.disputed {
        let r = disputed_radius(look.camera.zoom);
        disputed_marker(painter, pos2(rect.min.x + 1.0 + r, rect.center().y), look.camera.zoom);
        left = rect.min.x + 2.0 * r + 2.0 + 4.0;
    }
    if let Some(galley) = galley {
        let top = rect.center().y - galley.size().y / 2.0;
        painter.galley(pos2(left, top), galley.clone(), text_color);
    }
}

/// Radius of the disputed badge at `zoom`.
fn disputed_radius(zoom: f32) -> f32 {
    (7.0 * zoom.sqrt()).clamp(5.5, 10.0)
}

/// The "!" on a relation the sources disagree about.
fn disputed_marker(painter: &Painter, at: Pos2, zoom: f32) {
    let r = disputed_radius(zoom);
    painter.circle(at, r, theme::warning_color(), Stroke::new(1.0, theme::map_node_icon()));
    if r >= 5.0 {
        painter.text(at, Align2::CENTER_CENTER, "!", FontId::proportional(r * 1.5), Color32::BLACK);
    }
}

/// What is highlighted on the nodes this frame.
pub struct NodeMarks<'a> {
    /// Whether node `i` is selected.
    pub selected: &'a dyn Fn(usize) -> bool,
    /// The node under the pointer (its relation handle is shown).
    pub hovered: Option<usize>,
    /// A node that a relation being drawn would end at.
    pub target: Option<usize>,
}

/// Where a node's relation handle is drawn.
pub fn handle_pos(center: Pos2, radius: f32) -> Pos2 {
    center + vec2(radius, 0.0)
}

/// Radius of the relation handle.
pub const HANDLE_RADIUS: f32 = 5.0;

/// Draws the nodes with their icons and names.
pub fn nodes(
    painter: &Painter,
    look: &Look<'_>,
    scene: &Scene,
    screen: &[Pos2],
    radii: &[f32],
    marks: &NodeMarks<'_>,
    labels: &FrameLabels,
) {
    let outline = theme::map_node_outline(look.visuals);
    let text_color = theme::map_text_color(look.visuals);
    let bounds = look.canvas.expand(60.0);
    // Small plain discs go into one mesh (see `edges`).
    let mut mesh = egui::Mesh::default();
    for (i, node) in scene.nodes.iter().enumerate() {
        let (p, r) = (screen[i], radii[i]);
        if !bounds.contains(p) {
            continue;
        }
        if (marks.selected)(i) || marks.target == Some(i) {
            painter.circle_filled(p, r + 4.0, theme::map_selection_color());
        } else if node.emphasis == Emphasis::Stressed {
            painter.circle_filled(p, r + 4.0, theme::map_highlight_color());
        }
        let fill = emphasised(node.color, node.emphasis);
        if r < 6.0 && !node.pinned && marks.hovered != Some(i) {
            push_disc(&mut mesh, p, r, fill);
            continue;
        }
        let outline = emphasised(outline, node.emphasis);
        let text_color = emphasised(text_color, node.emphasis);
        if r >= 4.0 {
            painter.circle(p, r, fill, Stroke::new(1.5, outline));
        } else {
            painter.circle_filled(p, r, fill);
        }
        if r >= 8.0 {
            painter.text(
                p,
                Align2::CENTER_CENTER,
                node.icon,
                FontId::proportional(r * 0.95),
                emphasised(theme::map_node_icon_on(node.color), node.emphasis),
            );
        }
        if node.pinned && r >= 4.0 {
            let at = p + Vec2::angled(-std::f32::consts::FRAC_PI_4) * r;
            painter.circle(at, (r * 0.22).clamp(2.5, 5.0), theme::map_pin_color(), Stroke::new(1.0, outline));
        }
        if let Some(Some((rect, galley))) = labels.names.get(i) {
            painter.rect_filled(*rect, 3.0, emphasised(theme::map_label_fill(look.visuals), node.emphasis));
            painter.galley(rect.min + vec2(3.0, 0.0), galley.clone(), text_color);
        }
        if marks.hovered == Some(i) && r >= 4.0 {
            painter.circle(
                handle_pos(p, r),
                HANDLE_RADIUS,
                theme::map_handle_color(),
                Stroke::new(1.5, outline),
            );
        }
    }
    if !mesh.is_empty() {
        painter.add(mesh);
    }
}

/// Adds a straight line of `width` points from `a` to `b` to `mesh` as two triangles.
fn push_line(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let side = (b - a).normalized().rot90() * (width * 0.5);
    let first = mesh.vertices.len() as u32;
    for p in [a + side, a - side, b - side, b + side] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

/// Adds a disc of radius `r` around `center` to `mesh` as a small fan of triangles.
fn push_disc(mesh: &mut egui::Mesh, center: Pos2, r: f32, color: Color32) {
    const SIDES: u32 = 8;
    let first = mesh.vertices.len() as u32;
    mesh.colored_vertex(center, color);
    for k in 0..SIDES {
        mesh.colored_vertex(
            center + Vec2::angled(k as f32 / SIDES as f32 * std::f32::consts::TAU) * r,
            color,
        );
    }
    for k in 0..SIDES {
        mesh.add_triangle(first, first + 1 + k, first + 1 + (k + 1) % SIDES);
    }
}

/// The legend's contents: what line styles, colours and markers mean.
pub fn legend_ui(ui: &mut egui::Ui) {
    let visuals = ui.visuals().clone();
    let sample = |ui: &mut egui::Ui, text: &str, draw: &dyn Fn(&Painter, Rect)| {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(40.0, 14.0), egui::Sense::hover());
            draw(ui.painter(), rect);
            ui.label(egui::RichText::new(text).small());
        });
    };
    let edge = theme::map_edge_color(&visuals);
    let line = |width: f32, color: Color32| {
        move |painter: &Painter, rect: Rect| {
            painter.line_segment([rect.left_center(), rect.right_center()], Stroke::new(width, color));
        }
    };
    sample(ui, "no evidence yet", &|painter, rect| {
        painter.extend(Shape::dashed_line(
            &[rect.left_center(), rect.right_center()],
            Stroke::new(1.2, edge),
            6.0,
            4.0,
        ));
    });
    sample(ui, "1 source", &line(edge_width(1), edge));
    sample(ui, "2 sources", &line(edge_width(2), edge));
    sample(ui, "3 or more sources", &line(edge_width(3), edge));
    sample(ui, "sources disagree (disputed)", &|painter, rect| {
        line(edge_width(1), theme::warning_color())(painter, rect);
        disputed_marker(painter, rect.center(), 0.6);
    });
    sample(ui, "directed: from → to", &|painter, rect| {
        let end = rect.right_center();
        painter.line_segment([rect.left_center(), end - vec2(6.0, 0.0)], Stroke::new(1.2, edge));
        painter.add(Shape::convex_polygon(
            vec![end, end - vec2(7.0, 4.0), end - vec2(7.0, -4.0)],
            edge,
            Stroke::NONE,
        ));
    });
    sample(ui, "pinned (layouts leave it)", &|painter, rect| {
        let c = rect.center();
        painter.circle_filled(c, 6.0, theme::kind_color(EntityKind::Other));
        painter.circle_filled(
            c + Vec2::angled(-std::f32::consts::FRAC_PI_4) * 6.0,
            2.5,
            theme::map_pin_color(),
        );
    });
    for kinds in EntityKind::ALL.chunks(3) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 8.0;
            for &kind in kinds {
                let text = format!("{} {}", theme::kind_icon(kind), kind.label());
                ui.label(egui::RichText::new(text).small().color(theme::kind_color(kind)));
            }
        });
    }
}
