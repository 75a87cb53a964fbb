//! Painting the map: groups beneath, then relations, nodes and notes, and the legend.
//! Everything outside the canvas is skipped, and text too small to read is not laid out.

use egui::epaint::QuadraticBezierShape;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use super::ShapeRef;
use super::geometry::{Camera, control_point, hull_touches, quadratic_point, rim_point};
use super::scene::{Emphasis, Scene, SceneEdge, edge_width};
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

/// Draws the relations. `screen` and `radii` are each node's screen position and radius.
pub fn edges(
    painter: &Painter,
    look: &Look<'_>,
    scene: &Scene,
    screen: &[Pos2],
    radii: &[f32],
    selected: Option<&crate::model::RelationId>,
) {
    let zoom = look.camera.zoom;
    let label_px = look.px(LABEL_PX);
    let show_labels = label_px >= MIN_TEXT_PX;
    let base = theme::map_edge_color(look.visuals);
    let bounds = look.canvas.expand(4.0);
    // Zoomed out, plain straight lines go into one mesh: thousands of separate line
    // shapes would each be tessellated with anti-aliasing that nobody can see at this size.
    let batch = !show_labels;
    let mut mesh = egui::Mesh::default();
    let mut labels = Vec::new();
    for edge in &scene.edges {
        let (i, j) = (edge.from as usize, edge.to as usize);
        let (a, b) = (screen[i], screen[j]);
        let is_selected = selected == Some(&edge.id);
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
        if i == j {
            self_loop(painter, look, edge, a, radii[i], stroke, show_labels.then_some(label_px));
            continue;
        }
        let control = control_point(a, b, edge.bend * zoom);
        if !hull_touches(bounds, &[a, control, b]) {
            continue;
        }
        let start = rim_point(a, control, radii[i]);
        let end = rim_point(b, control, radii[j]);
        if start.distance_sq(end) < 4.0 {
            continue;
        }
        if batch && edge.bend == 0.0 && edge.sources > 0 && !stressed && !edge.disputed {
            push_line(&mut mesh, start, end, width.min(2.0), color);
            continue;
        }
        // Leave room for the arrow head so the line does not poke through its tip.
        let head = if edge.directed && radii[j] >= 5.0 { 5.0 + 1.5 * width } else { 0.0 };
        let tip_dir = (end - control).normalized();
        let line_end = end - tip_dir * head * 0.8;
        if edge.bend == 0.0 {
            if edge.sources == 0 {
                painter.extend(Shape::dashed_line(&[start, line_end], stroke, 6.0, 4.0));
            } else {
                painter.line_segment([start, line_end], stroke);
            }
        } else if edge.sources == 0 {
            let points: Vec<Pos2> =
                (0..=16).map(|k| quadratic_point(start, control, line_end, k as f32 / 16.0)).collect();
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
            let normal = tip_dir.rot90();
            let back = end - tip_dir * head;
            painter.add(Shape::convex_polygon(
                vec![end, back + normal * head * 0.5, back - normal * head * 0.5],
                color,
                Stroke::NONE,
            ));
        }
        let middle = quadratic_point(a, control, b, 0.5);
        let long_enough = a.distance(b) > radii[i] + radii[j] + 24.0;
        if edge.disputed && long_enough {
            disputed_marker(painter, middle, zoom);
        }
        if show_labels && long_enough && look.canvas.contains(middle) {
            let below = if edge.disputed { vec2(0.0, 9.0 + label_px * 0.6) } else { Vec2::ZERO };
            labels.push(EdgeLabel { at: middle + below, edge, px: label_px, accent: color, first: stressed });
        }
    }
    if !mesh.is_empty() {
        painter.add(mesh);
    }
    edge_labels(painter, look.visuals, labels);
}

/// A relation's label waiting to be placed.
struct EdgeLabel<'a> {
    at: Pos2,
    edge: &'a SceneEdge,
    px: f32,
    accent: Color32,
    /// Placed before the others (selected or stressed).
    first: bool,
}

/// Draws the relations' labels over all the lines. A label that would cover one already
/// drawn is left out (the many relations between two busy nodes would otherwise pile up
/// into an unreadable block); selected and stressed relations are labelled first.
fn edge_labels(painter: &Painter, visuals: &egui::Visuals, mut labels: Vec<EdgeLabel<'_>>) {
    /// Side of a grid cell, in points.
    const CELL: f32 = 96.0;
    labels.sort_by_key(|l| !l.first);
    let mut placed: Vec<Rect> = Vec::with_capacity(labels.len());
    // Placed labels by the grid cells they touch, so each check looks at a few.
    let mut cells: std::collections::HashMap<(i32, i32), Vec<usize>> = std::collections::HashMap::new();
    let cells_of = |r: Rect| {
        let (x0, x1) = ((r.min.x / CELL).floor() as i32, (r.max.x / CELL).floor() as i32);
        let (y0, y1) = ((r.min.y / CELL).floor() as i32, (r.max.y / CELL).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    };
    for label in labels {
        let text_color = emphasised(theme::map_text_color(visuals), label.edge.emphasis);
        let galley =
            painter.layout_no_wrap(label.edge.label.clone(), FontId::proportional(label.px), text_color);
        let rect = Rect::from_center_size(label.at, galley.size() + vec2(8.0, 2.0));
        let taken = cells_of(rect)
            .any(|cell| cells.get(&cell).is_some_and(|ids| ids.iter().any(|&i| placed[i].intersects(rect))));
        if taken && !label.first {
            continue;
        }
        for cell in cells_of(rect) {
            cells.entry(cell).or_default().push(placed.len());
        }
        placed.push(rect);
        painter.rect(
            rect,
            rect.height() / 2.0,
            emphasised(theme::map_label_fill(visuals), label.edge.emphasis),
            Stroke::new(0.5, label.accent),
            egui::StrokeKind::Inside,
        );
        painter.galley(rect.min + vec2(4.0, 1.0), galley, text_color);
    }
}

fn self_loop(
    painter: &Painter,
    look: &Look<'_>,
    edge: &SceneEdge,
    node: Pos2,
    radius: f32,
    stroke: Stroke,
    label_px: Option<f32>,
) {
    let loop_radius = radius * (0.6 + 0.3 * edge.bend);
    let center = node - vec2(0.0, radius + loop_radius * 0.55);
    if !look.canvas.expand(loop_radius).contains(center) || radius < 2.0 {
        return;
    }
    if edge.sources == 0 {
        let points: Vec<Pos2> = (0..=24)
            .map(|k| center + Vec2::angled(k as f32 / 24.0 * std::f32::consts::TAU) * loop_radius)
            .collect();
        painter.extend(Shape::dashed_line(&points, stroke, 5.0, 4.0));
    } else {
        painter.circle_stroke(center, loop_radius, stroke);
    }
    let top = center - vec2(0.0, loop_radius);
    if edge.disputed {
        disputed_marker(painter, top, look.camera.zoom);
    }
    if let Some(px) = label_px {
        label_pill(painter, look.visuals, top - vec2(0.0, px), &edge.label, px, stroke.color, edge.emphasis);
    }
}

/// The "!" on a relation the sources disagree about.
fn disputed_marker(painter: &Painter, at: Pos2, zoom: f32) {
    let r = (7.0 * zoom.sqrt()).clamp(5.5, 10.0);
    painter.circle(at, r, theme::warning_color(), Stroke::new(1.0, theme::map_node_icon()));
    if r >= 5.0 {
        painter.text(at, Align2::CENTER_CENTER, "!", FontId::proportional(r * 1.5), Color32::BLACK);
    }
}

/// Text on a rounded background, centred on `at`.
fn label_pill(
    painter: &Painter,
    visuals: &egui::Visuals,
    at: Pos2,
    text: &str,
    px: f32,
    accent: Color32,
    emphasis: Emphasis,
) {
    let text_color = emphasised(theme::map_text_color(visuals), emphasis);
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(px), text_color);
    let rect = Rect::from_center_size(at, galley.size() + vec2(8.0, 2.0));
    painter.rect(
        rect,
        rect.height() / 2.0,
        emphasised(theme::map_label_fill(visuals), emphasis),
        Stroke::new(0.5, accent),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + vec2(4.0, 1.0), galley, text_color);
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
) {
    let name_px = look.px(NAME_PX);
    let show_names = name_px >= MIN_TEXT_PX;
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
        if show_names {
            let galley = painter.layout_no_wrap(node.name.clone(), FontId::proportional(name_px), text_color);
            let rect = Rect::from_center_size(
                p + vec2(0.0, r + 3.0 + galley.size().y / 2.0),
                galley.size() + vec2(6.0, 0.0),
            );
            painter.rect_filled(rect, 3.0, emphasised(theme::map_label_fill(look.visuals), node.emphasis));
            painter.galley(rect.min + vec2(3.0, 0.0), galley, text_color);
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
