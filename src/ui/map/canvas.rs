//! The canvas: pointer and keyboard handling, then drawing, for the active map.

use std::collections::BTreeSet;

use egui::{Key, Modifiers, PointerButton, Pos2, Rect, Sense, Vec2, pos2, vec2};

use super::draw::{self, HANDLE_RADIUS, Look, Marked, NodeMarks};
use super::geometry::{Camera, distance_to_quadratic, distance_to_segment, node_at};
use super::popups::{NewRelation, Popup};
use super::scene::{LineRef, Scene, SceneBundle, SceneEdge, SceneView};
use super::{MapState, ShapeRef, add_neighbours_edit, add_node_edit, add_shape_edit};
use crate::analysis::MentionStats;
use crate::edit::Edit;
use crate::model::{EntityId, ItemKey, Map, Project, RelationId};
use crate::ui::command::{Command, Selection};
use crate::ui::document::Revision;
use crate::ui::reader::{QuoteDrag, cite_command};
use crate::ui::theme;

/// How close (screen points) a click must be to a relation's line to pick it.
const EDGE_PICK_PX: f32 = 6.0;
/// Margin kept around the map when fitting it into the canvas.
const FIT_MARGIN_PX: f32 = 48.0;
/// Radius of the ghost node shown while an entity is dragged over the canvas.
const GHOST_RADIUS_PX: f32 = 14.0;

/// A gesture under way on the canvas.
enum Drag {
    /// Moving the view.
    Pan,
    /// Moving the selected nodes (scene indices) by `offset` map units.
    Nodes { indices: Vec<usize>, offset: Vec2, grabbed: usize },
    /// Moving a note or group by `offset` map units.
    Shape { shape: ShapeRef, offset: Vec2 },
    /// Drawing a new relation from node `from` (scene index) to the pointer.
    Link { from: usize },
    /// Selecting the nodes inside the box from `start` to the pointer (screen).
    Box { start: Pos2 },
}

/// What was under the pointer.
#[derive(Clone, Debug, PartialEq)]
enum Hit {
    Handle(usize),
    Node(usize),
    Note(usize),
    GroupStrip(usize),
    Edge(RelationId),
    /// A bundle of the relations of a pair, by index in `Scene::bundles`.
    Bundle(u32),
    Empty,
}

/// The canvas's part of the panel state.
#[derive(Default)]
pub struct CanvasState {
    /// Set by the toolbar's "Fit all"; done on the next frame.
    pub fit_requested: bool,
    /// A part of the map (map units) to frame on the next frame: a slide picked in the
    /// Slides list.
    pub go_to_view: Option<Rect>,
    /// The part of the map shown last frame, in map units.
    pub last_view: Option<Rect>,
    drag: Option<Drag>,
    /// What the open context menu is about, and where it was opened (map units).
    context: Option<Hit>,
    context_at: Option<Pos2>,
    /// Screen position and radius of each node this frame (reused between frames).
    screen: Vec<Pos2>,
    radii: Vec<f32>,
    /// The lines (relations and bundles) drawn this frame.
    lines: Vec<LineRef>,
    /// The bundle (by its node pair) spread out because the pointer is over it.
    hovered_pair: Option<(u32, u32)>,
    /// Where the names and labels went, kept while the view stays the same.
    label_cache: draw::LabelCache,
    /// Screen rectangles of notes and group title strips this frame.
    note_rects: Vec<Rect>,
    group_strips: Vec<Rect>,
    /// Whether the legend has been shown once (its first frame only measures it).
    legend_shown: bool,
}

/// Draws the canvas of `map` filling `size`, and handles what the user does on it.
#[allow(clippy::too_many_arguments)] // the frame's parts, each needed once
pub fn canvas_ui(
    ui: &mut egui::Ui,
    size: Vec2,
    project: &Project,
    revision: Revision,
    counts: &MentionStats,
    map: &Map,
    state: &mut MapState,
    commands: &mut Vec<Command>,
) {
    let (canvas, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Canvas, true, "Map canvas"));
    let ctx = ui.ctx().clone();

    let at_minute = state.time_filter.map(|day| day * crate::model::DAY_MINUTES);
    let view = SceneView { size_by_mentions: state.size_by_mentions, slide: None, at_minute };
    if Scene::update(&mut state.scene, project, counts, map, revision, view) {
        // Last frame's lines and hovered pair were of the old scene.
        state.canvas.lines.clear();
        state.canvas.hovered_pair = None;
    }
    let Some(scene) = state.scene.take() else {
        return;
    };
    state.layout.poll(&ctx);

    // A map seen for the first time is fitted into view.
    if !state.cameras.contains_key(&map.id) {
        let camera = fit_camera(&scene, map, canvas).unwrap_or_default();
        state.cameras.insert(map.id.clone(), camera);
    }
    let mut camera = state.cameras.get(&map.id).copied().unwrap_or_default();
    if std::mem::take(&mut state.canvas.fit_requested) {
        camera = fit_camera(&scene, map, canvas).unwrap_or(camera);
    }
    if let Some(view) = state.canvas.go_to_view.take() {
        camera = Camera::showing(view, canvas);
    }

    // Zoom with the wheel, pinch or Ctrl+wheel around the pointer.
    if response.hovered()
        && let Some(pointer) = response.hover_pos()
    {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = pinch * (scroll.y * 0.003).exp();
        if (factor - 1.0).abs() > 1e-4 {
            camera.zoom_around(canvas, pointer, factor);
        }
    }

    let modifiers = ui.input(|i| i.modifiers);
    screen_positions(&ctx, project, map, &scene, state, canvas, &camera, commands);
    let hover = ui.input(|i| i.pointer.hover_pos()).filter(|p| canvas.contains(*p));
    update_hovered_pair(&scene, state, hover, camera.zoom);
    frame_lines(&scene, state);
    let hover_hit = response.hover_pos().map(|p| hit_nodes(state, p));

    handle_drag(ui, &response, project, map, &scene, state, canvas, &mut camera, modifiers, commands);
    handle_clicks(&response, map, &scene, state, &camera, modifiers, commands);
    handle_drop(&response, project, map, state, canvas, &camera, commands);
    let quote_target = handle_quote_drop(&response, project, &scene, state, &camera, commands);
    if state.popup.is_none() {
        handle_keys(ui, &response, project, map, &scene, state, canvas, &mut camera, commands);
    }
    state.cameras.insert(map.id.clone(), camera);
    state.canvas.last_view = Some(camera.visible_map_rect(canvas));

    // Drawing, bottom to top.
    let painter = ui.painter_at(canvas);
    let visuals = ui.visuals().clone();
    let look = Look { canvas, camera, visuals: &visuals, text_scale: 1.0 };
    draw::grid(&painter, &look);
    let moving_shape = match &state.canvas.drag {
        Some(Drag::Shape { shape, offset }) => Some((*shape, *offset)),
        _ => None,
    };
    draw::groups(&painter, &look, map, state.selected_shape, moving_shape);
    let (screen, radii) = (&state.canvas.screen, &state.canvas.radii);
    let stressed_relation = match &quote_target {
        Some((_, Some(target))) => Some(target),
        _ => state.selected_relation.as_ref(),
    };
    let selected_pair = state.selected_pair.as_ref();
    let line_selected = |edge: &SceneEdge| {
        stressed_relation.is_some_and(|id| *id == edge.id)
            || selected_pair.is_some_and(|(a, b)| {
                let (from, to) = (&scene.nodes[edge.from as usize].id, &scene.nodes[edge.to as usize].id);
                (from == a && to == b) || (from == b && to == a)
            })
    };
    let lines: Vec<&SceneEdge> = state.canvas.lines.iter().map(|&l| scene.line(l)).collect();
    let node_marked = |i: usize| state.selected.contains(&scene.nodes[i].id);
    draw::place_labels(
        &mut state.canvas.label_cache,
        &painter,
        &look,
        &scene,
        &lines,
        screen,
        radii,
        &Marked { node: &node_marked, relation: &line_selected },
    );
    let labels = &state.canvas.label_cache.labels;
    draw::edges(&painter, &look, &lines, screen, radii, &line_selected, labels);
    let link_target = match (&state.canvas.drag, response.hover_pos()) {
        (Some(Drag::Link { from }), Some(cursor)) => {
            let from_pos = screen[*from];
            painter.line_segment([from_pos, cursor], egui::Stroke::new(2.0, theme::map_handle_color()));
            painter.circle_filled(cursor, 4.0, theme::map_handle_color());
            node_at(cursor, screen, radii)
        }
        _ => None,
    };
    let hovered = match (&state.canvas.drag, &hover_hit) {
        (None, Some(Hit::Node(i) | Hit::Handle(i))) => Some(*i),
        _ => None,
    };
    let selected = &state.selected;
    let is_selected = |i: usize| !selected.is_empty() && selected.contains(&scene.nodes[i].id);
    draw::nodes(
        &painter,
        &look,
        &scene,
        screen,
        radii,
        &NodeMarks { selected: &is_selected, hovered, target: link_target },
        labels,
    );
    draw::notes(&painter, &look, map, state.selected_shape, moving_shape);
    if let (Some(Drag::Box { start }), Some(pointer)) = (&state.canvas.drag, response.hover_pos()) {
        let rect = Rect::from_two_pos(*start, pointer);
        painter.rect(
            rect,
            0.0,
            theme::map_box_fill(),
            egui::Stroke::new(1.0, theme::map_selection_color()),
            egui::StrokeKind::Inside,
        );
    }
    // While something else is dragged the canvas is not "hovered": ask the pointer.
    if let Some(pointer) = ui.input(|i| i.pointer.hover_pos()).filter(|p| canvas.contains(*p))
        && response.dnd_hover_payload::<EntityId>().is_some()
    {
        painter.rect_stroke(
            canvas.shrink(2.0),
            4.0,
            egui::Stroke::new(2.0, theme::map_handle_color()),
            egui::StrokeKind::Inside,
        );
        painter.circle_filled(pointer, GHOST_RADIUS_PX, theme::map_handle_color().gamma_multiply(0.5));
    }
    if let Some((pointer, target)) = &quote_target {
        let hint = match target.as_ref().and_then(|id| project.relations.get(id)) {
            Some(relation) => {
                format!("Cite as evidence for \u{201c}{}\u{201d}", project.relation_title(relation))
            }
            None => "Drop on a relation line to cite the quote as its evidence".to_owned(),
        };
        // Above the pointer, kept inside the canvas, on a backdrop so lines do not cross it.
        let galley =
            painter.layout_no_wrap(hint, egui::FontId::proportional(13.0), visuals.strong_text_color());
        let size = galley.size();
        // Right edge first, then left, so a hint wider than the canvas starts at its left.
        let x = (pointer.x - size.x / 2.0).min(canvas.right() - 6.0 - size.x).max(canvas.left() + 6.0);
        let at = pos2(x, pointer.y - 22.0 - size.y);
        painter.rect_filled(Rect::from_min_size(at, size).expand(4.0), 4.0, visuals.extreme_bg_color);
        painter.galley(at, galley, visuals.strong_text_color());
    }
    if scene.nodes.is_empty() && map.notes.is_empty() && map.groups.is_empty() {
        painter.text(
            canvas.center(),
            egui::Align2::CENTER_CENTER,
            "Drag entities here from the Entities panel,\nor right-click one there ▸ Show on map.",
            egui::FontId::proportional(14.0),
            theme::hint_color(&visuals),
        );
    }
    accessible_items(ui, &response, &scene, state, canvas, commands);
    legend(ui, canvas);
    if !std::mem::replace(&mut state.canvas.legend_shown, true) {
        ctx.request_repaint();
    }

    context_menu(&response, project, map, &scene, state, canvas, &camera, commands);
    if let Some(popup) = &mut state.popup
        && !super::popups::popup_ui(&ctx, project, map, popup, commands)
    {
        state.popup = None;
    }
    state.scene = Some(scene);
}

/// The camera that shows the whole of `map` (nodes, notes and groups) on `canvas`.
pub(super) fn fit_camera(scene: &Scene, map: &Map, canvas: Rect) -> Option<Camera> {
    let around_nodes = scene
        .nodes
        .iter()
        .flat_map(|n| [n.pos - Vec2::splat(n.radius), n.pos + Vec2::splat(n.radius + 20.0)]);
    let group_corners = map.groups.iter().flat_map(|g| [pos2(g.x, g.y), pos2(g.x + g.width, g.y + g.height)]);
    // A note's height depends on its wrapped text; about 30 characters fit on a line.
    let note_height = |n: &crate::model::MapNote| 24.0 + 18.0 * (n.text.chars().count() as f32 / 30.0).ceil();
    // Zoomed out, notes shrink more slowly than the map (see `draw::note_rect`), so they
    // take more map room the further out the camera is: fit, then fit again with the
    // notes as large as they are drawn at that zoom.
    let mut grow = 1.0;
    let mut camera = None;
    for _ in 0..3 {
        let note_corners = map.notes.iter().flat_map(|n| {
            [pos2(n.x, n.y), pos2(n.x + super::NOTE_WIDTH * grow, n.y + note_height(n) * grow)]
        });
        camera = Camera::fit(
            around_nodes.clone().chain(note_corners).chain(group_corners.clone()),
            canvas,
            FIT_MARGIN_PX,
        );
        let Some(fitted) = camera else { break };
        grow = (draw::text_px(1.0, fitted.zoom) / fitted.zoom).max(1.0);
    }
    camera
}

/// Fills `state.canvas.screen` and `radii` with where each node is drawn this frame: its
/// map position, moved by a drag or a layout animation under way.
#[allow(clippy::too_many_arguments)] // one canvas, its parts passed separately to keep borrows apart
fn screen_positions(
    ctx: &egui::Context,
    project: &Project,
    map: &Map,
    scene: &Scene,
    state: &mut MapState,
    canvas: Rect,
    camera: &Camera,
    commands: &mut Vec<Command>,
) {
    let animating = state.layout.animation.is_some();
    let canvas_state = &mut state.canvas;
    canvas_state.screen.clear();
    canvas_state.radii.clear();
    canvas_state.screen.extend(scene.nodes.iter().map(|n| camera.screen_from_map(canvas, n.pos)));
    // Tiny nodes stay visible as dots.
    let scale = draw::node_scale(camera.zoom);
    canvas_state.radii.extend(scene.nodes.iter().map(|n| (n.radius * scale).max(2.0)));
    if let Some(Drag::Nodes { indices, offset, .. }) = &canvas_state.drag {
        for &i in indices {
            if let Some(p) = canvas_state.screen.get_mut(i) {
                *p += *offset * camera.zoom;
            }
        }
    }
    if animating
        && let Some((t, from, to)) = state.layout.animate(ctx, project, map, commands)
        && from.len() == scene.nodes.len()
    {
        for (i, p) in state.canvas.screen.iter_mut().enumerate() {
            *p = camera.screen_from_map(canvas, from[i] + (to[i] - from[i]) * t);
        }
    }
}

/// The node (or its relation handle) under screen point `p`, else `Hit::Empty`.
fn hit_nodes(state: &MapState, p: Pos2) -> Hit {
    let (screen, radii) = (&state.canvas.screen, &state.canvas.radii);
    // Handles are drawn only for nodes big enough to have one.
    let handle = screen
        .iter()
        .zip(radii)
        .rposition(|(c, r)| *r >= 4.0 && draw::handle_pos(*c, *r).distance(p) <= HANDLE_RADIUS + 2.0);
    if let Some(i) = handle {
        return Hit::Handle(i);
    }
    node_at(p, screen, radii).map_or(Hit::Empty, Hit::Node)
}

/// Everything under screen point `p`, topmost first: handles, nodes, notes, relations,
/// group title strips. Relations are only tested when asked (they cost the most).
fn hit(state: &MapState, scene: &Scene, p: Pos2, camera: &Camera, with_edges: bool) -> Hit {
    let on_node = hit_nodes(state, p);
    if on_node != Hit::Empty {
        return on_node;
    }
    if let Some(i) = state.canvas.note_rects.iter().rposition(|r| r.contains(p)) {
        return Hit::Note(i);
    }
    if with_edges
        && let Some(line) =
            edge_at(scene, &state.canvas.lines, &state.canvas.screen, &state.canvas.radii, camera.zoom, p)
    {
        return match line {
            LineRef::Edge(i) => Hit::Edge(scene.edges[i as usize].id.clone()),
            LineRef::Bundle(b) => Hit::Bundle(b),
        };
    }
    if let Some(i) = state.canvas.group_strips.iter().rposition(|r| r.contains(p)) {
        return Hit::GroupStrip(i);
    }
    Hit::Empty
}

/// The line (relation or bundle) of `lines` passing closest to screen point `p`, within a
/// few points. `screen` and `radii` are each node's screen position and radius at `zoom`.
pub(super) fn edge_at(
    scene: &Scene,
    lines: &[LineRef],
    screen: &[Pos2],
    radii: &[f32],
    zoom: f32,
    p: Pos2,
) -> Option<LineRef> {
    let mut best: Option<(f32, LineRef)> = None;
    for &line in lines {
        let edge = scene.line(line);
        let distance = line_distance(edge, screen, radii, zoom, p);
        if distance <= EDGE_PICK_PX && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, line));
        }
    }
    best.map(|(_, line)| line)
}

/// Distance from screen point `p` to the line of `edge` as drawn.
fn line_distance(edge: &SceneEdge, screen: &[Pos2], radii: &[f32], zoom: f32, p: Pos2) -> f32 {
    let route = draw::screen_route(edge, screen, zoom);
    if let Some([start, ..]) = draw::screen_loop(&route, radii[edge.from as usize], zoom) {
        // A loop is walked as 16 straight pieces.
        let r = radii[edge.from as usize];
        let mut prev = start;
        let mut best = f32::INFINITY;
        for k in 1..=16 {
            let q = route.point(k as f32 / 16.0, r, zoom);
            let next = pos2(q.x, q.y);
            best = best.min(distance_to_segment(p, prev, next));
            prev = next;
        }
        return best;
    }
    let (a, b) = (screen[edge.from as usize], screen[edge.to as usize]);
    let control = match route {
        crate::geometry::Route::Curve { control, .. } => pos2(control.x, control.y),
        _ => a + (b - a) * 0.5,
    };
    distance_to_quadratic(p, a, control, b)
}

/// Keeps the bundle under the pointer spread out while the pointer stays over its fan
/// of curves, and spreads out a bundle the pointer comes onto.
fn update_hovered_pair(scene: &Scene, state: &mut MapState, pointer: Option<Pos2>, zoom: f32) {
    let Some(p) = pointer else {
        state.canvas.hovered_pair = None;
        return;
    };
    let (screen, radii) = (&state.canvas.screen, &state.canvas.radii);
    if let Some(pair) = state.canvas.hovered_pair
        && scene.bundles.iter().any(|b| b.pair == pair && near_fan(b, screen, radii, p, zoom))
    {
        return;
    }
    // Only bundles are looked at, each as its straight line (or loop): cheaper than a
    // hit test of every line, and this runs on every frame the pointer is over the map.
    state.canvas.hovered_pair = scene
        .bundles
        .iter()
        .find(|bundle| {
            let (low, high) = (bundle.pair.0 as usize, bundle.pair.1 as usize);
            let (Some(&a), Some(&b)) = (screen.get(low), screen.get(high)) else { return false };
            if low == high {
                line_distance(&bundle.edge, screen, radii, zoom, p) <= EDGE_PICK_PX
            } else {
                distance_to_segment(p, a, b) <= EDGE_PICK_PX
            }
        })
        .map(|bundle| bundle.pair);
}

/// Whether `p` is over the curves of `bundle` spread out.
fn near_fan(bundle: &SceneBundle, screen: &[Pos2], radii: &[f32], p: Pos2, zoom: f32) -> bool {
    let (low, high) = (bundle.pair.0 as usize, bundle.pair.1 as usize);
    let (Some(&a), Some(&b)) = (screen.get(low), screen.get(high)) else { return false };
    let count = bundle.members.len() as f32;
    if low == high {
        let reach = radii[low] + (crate::geometry::LOOP_REACH + 6.0 * count) * zoom;
        return a.distance(p) <= reach + EDGE_PICK_PX;
    }
    let half_fan = (count - 1.0) / 2.0 * crate::geometry::BEND_STEP * zoom;
    distance_to_segment(p, a, b) <= half_fan + EDGE_PICK_PX
}

/// The lines to draw this frame: bundles, except those spread out because the map says
/// so, a slide stresses them, or they (or one of their relations) are selected or
/// hovered.
fn frame_lines(scene: &Scene, state: &mut MapState) {
    let hovered = state.canvas.hovered_pair;
    let selected_relation = state.selected_relation.as_ref();
    let selected_pair = state.selected_pair.as_ref();
    let spread = |bundle: &SceneBundle| {
        hovered == Some(bundle.pair)
            || selected_relation.is_some_and(|id| bundle.edge.members.contains(id))
            || selected_pair.is_some_and(|(a, b)| {
                let (low, high) =
                    (&scene.nodes[bundle.pair.0 as usize].id, &scene.nodes[bundle.pair.1 as usize].id);
                (low == a && high == b) || (low == b && high == a)
            })
    };
    let mut lines = std::mem::take(&mut state.canvas.lines);
    scene.lines_into(spread, &mut lines);
    state.canvas.lines = lines;
}

/// Updates the screen rectangles of notes and group strips used for hit testing.
fn shape_rects(ui: &egui::Ui, map: &Map, state: &mut MapState, canvas: Rect, camera: &Camera) {
    let visuals = ui.visuals();
    let look = Look { canvas, camera: *camera, visuals, text_scale: 1.0 };
    let painter = ui.painter();
    state.canvas.note_rects.clear();
    state
        .canvas
        .note_rects
        .extend(map.notes.iter().map(|n| draw::note_rect(painter, &look, n, Vec2::ZERO).0));
    state.canvas.group_strips.clear();
    state.canvas.group_strips.extend(map.groups.iter().map(|g| draw::group_rects(&look, g, Vec2::ZERO).1));
}

#[allow(clippy::too_many_arguments)] // one canvas, its parts passed separately to keep borrows apart
fn handle_drag(
    ui: &egui::Ui,
    response: &egui::Response,
    project: &Project,
    map: &Map,
    scene: &Scene,
    state: &mut MapState,
    canvas: Rect,
    camera: &mut Camera,
    modifiers: Modifiers,
    commands: &mut Vec<Command>,
) {
    shape_rects(ui, map, state, canvas, camera);
    if response.drag_started_by(PointerButton::Middle) || response.drag_started_by(PointerButton::Secondary) {
        state.canvas.drag = Some(Drag::Pan);
    } else if response.drag_started_by(PointerButton::Primary) {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos())
            .unwrap_or(canvas.center());
        response.request_focus();
        state.canvas.drag = Some(match hit(state, scene, origin, camera, false) {
            Hit::Handle(i) => Drag::Link { from: i },
            Hit::Node(i) if modifiers.shift => Drag::Link { from: i },
            Hit::Node(i) => {
                let id = &scene.nodes[i].id;
                if !state.selected.contains(id) {
                    if !modifiers.command {
                        state.selected.clear();
                    }
                    state.selected.insert(id.clone());
                }
                state.selected_relation = None;
                state.selected_shape = None;
                let indices = state.selected.iter().filter_map(|id| scene.index.get(id).copied()).collect();
                Drag::Nodes { indices, offset: Vec2::ZERO, grabbed: i }
            }
            Hit::Note(i) => {
                state.selected_shape = Some(ShapeRef::Note(i));
                Drag::Shape { shape: ShapeRef::Note(i), offset: Vec2::ZERO }
            }
            Hit::GroupStrip(i) => {
                state.selected_shape = Some(ShapeRef::Group(i));
                Drag::Shape { shape: ShapeRef::Group(i), offset: Vec2::ZERO }
            }
            Hit::Empty | Hit::Edge(_) | Hit::Bundle(_) if modifiers.shift => Drag::Box { start: origin },
            Hit::Empty | Hit::Edge(_) | Hit::Bundle(_) => Drag::Pan,
        });
    }
    let delta = response.drag_delta();
    match &mut state.canvas.drag {
        Some(Drag::Pan) => camera.pan_by_screen(delta),
        Some(Drag::Nodes { offset, .. } | Drag::Shape { offset, .. }) => *offset += delta / camera.zoom,
        _ => {}
    }
    if !response.drag_stopped() {
        return;
    }
    let Some(drag) = state.canvas.drag.take() else {
        return;
    };
    let pointer = response.interact_pointer_pos().or(response.hover_pos());
    match drag {
        Drag::Pan => {}
        Drag::Nodes { indices, offset, grabbed } => {
            if offset != Vec2::ZERO {
                let mut moved = map.clone();
                for &i in &indices {
                    if let Some(node) = scene.nodes.get(i).and_then(|n| moved.nodes.get_mut(&n.id)) {
                        node.x += offset.x;
                        node.y += offset.y;
                    }
                }
                let label = if indices.len() == 1 {
                    "Move node".to_owned()
                } else {
                    format!("Move {} nodes", indices.len())
                };
                commands.push(Command::edit(Edit::put(moved), label));
            }
            if let Some(node) = scene.nodes.get(grabbed) {
                commands.push(Command::Select(Selection::Entity(node.id.clone())));
            }
        }
        Drag::Shape { shape, offset } => {
            if offset != Vec2::ZERO {
                let mut moved = map.clone();
                let label = match shape {
                    ShapeRef::Note(i) => moved.notes.get_mut(i).map(|n| {
                        n.x += offset.x;
                        n.y += offset.y;
                        "Move note"
                    }),
                    ShapeRef::Group(i) => moved.groups.get_mut(i).map(|g| {
                        g.x += offset.x;
                        g.y += offset.y;
                        "Move group"
                    }),
                };
                if let Some(label) = label {
                    commands.push(Command::edit(Edit::put(moved), label));
                }
            }
        }
        Drag::Link { from } => {
            let target = pointer.and_then(|p| node_at(p, &state.canvas.screen, &state.canvas.radii));
            if let (Some(to), Some(at)) = (target, pointer)
                && let (Some(from), Some(to)) = (scene.nodes.get(from), scene.nodes.get(to))
            {
                let form = NewRelation::new(project, from.id.clone(), to.id.clone(), at + vec2(12.0, 12.0));
                state.popup = Some(Popup::NewRelation(form));
            }
        }
        Drag::Box { start } => {
            if let Some(end) = pointer {
                let rect = Rect::from_two_pos(start, end);
                if !modifiers.command {
                    state.selected.clear();
                }
                for (i, p) in state.canvas.screen.iter().enumerate() {
                    if rect.contains(*p) {
                        state.selected.insert(scene.nodes[i].id.clone());
                    }
                }
                state.selected_relation = None;
                state.selected_shape = None;
            }
        }
    }
}

fn handle_clicks(
    response: &egui::Response,
    map: &Map,
    scene: &Scene,
    state: &mut MapState,
    camera: &Camera,
    modifiers: Modifiers,
    commands: &mut Vec<Command>,
) {
    let Some(p) = response.interact_pointer_pos() else {
        return;
    };
    if response.secondary_clicked() {
        let target = hit(state, scene, p, camera, true);
        // A right-click on a node outside the selection acts on that node alone.
        if let Hit::Node(i) | Hit::Handle(i) = target
            && !state.selected.contains(&scene.nodes[i].id)
        {
            state.selected = std::iter::once(scene.nodes[i].id.clone()).collect();
        }
        state.canvas.context = Some(target);
        return;
    }
    if response.double_clicked() {
        let target = hit(state, scene, p, camera, false);
        let (shape, text) = match target {
            Hit::Note(i) => (ShapeRef::Note(i), map.notes.get(i).map(|n| n.text.clone())),
            Hit::GroupStrip(i) => (ShapeRef::Group(i), map.groups.get(i).map(|g| g.label.clone())),
            _ => return,
        };
        if let Some(text) = text {
            state.selected_shape = Some(shape);
            state.popup = Some(Popup::Shape { shape, text, at: p + vec2(8.0, 8.0), focused: false });
        }
        return;
    }
    if !response.clicked() {
        return;
    }
    response.request_focus();
    let adding = modifiers.shift || modifiers.command;
    match hit(state, scene, p, camera, true) {
        Hit::Node(i) | Hit::Handle(i) => {
            let id = scene.nodes[i].id.clone();
            if adding {
                if !state.selected.remove(&id) {
                    state.selected.insert(id.clone());
                }
            } else {
                state.selected = std::iter::once(id.clone()).collect();
            }
            state.selected_relation = None;
            state.selected_shape = None;
            commands.push(Command::Select(Selection::Entity(id)));
        }
        Hit::Edge(id) => {
            state.selected.clear();
            state.selected_shape = None;
            state.selected_relation = Some(id.clone());
            commands.push(Command::Select(Selection::Relation(id)));
        }
        Hit::Bundle(b) => {
            if let Some(pair) = pair_ids(scene, b) {
                state.clear_selection();
                state.selected_pair = Some(pair.clone());
                commands.push(Command::Select(Selection::Pair(pair.0, pair.1)));
            }
        }
        Hit::Note(i) => {
            state.clear_selection();
            state.selected_shape = Some(ShapeRef::Note(i));
        }
        Hit::GroupStrip(i) => {
            state.clear_selection();
            state.selected_shape = Some(ShapeRef::Group(i));
        }
        Hit::Empty => {
            if !adding {
                state.clear_selection();
                commands.push(Command::Select(Selection::None));
            }
        }
    }
}

fn handle_drop(
    response: &egui::Response,
    project: &Project,
    map: &Map,
    state: &mut MapState,
    canvas: Rect,
    camera: &Camera,
    commands: &mut Vec<Command>,
) {
    let Some(entity) = dropped::<EntityId>(response) else {
        return;
    };
    let pointer = response.ctx.input(|i| i.pointer.interact_pos());
    let Some(pointer) = pointer.or(response.hover_pos()) else {
        return;
    };
    let entity: &EntityId = &entity;
    if !project.entities.contains_key(entity) {
        return;
    }
    let at = camera.map_from_screen(canvas, pointer);
    // Dropping an entity that is on the map already moves it there.
    let label = if map.nodes.contains_key(entity) { "Move node" } else { "Add to map" };
    let (edit, _) = add_node_edit(project, Some(&map.id), entity, at);
    commands.push(Command::edit(edit, label));
    state.selected = std::iter::once(entity.clone()).collect();
    state.selected_relation = None;
    state.selected_shape = None;
    commands.push(Command::Select(Selection::Entity(entity.clone())));
}

/// What is dropped on the canvas this frame, if it is a `T`. egui's own
/// `dnd_release_payload` takes the payload whatever its type, so asking it for an entity
/// would lose a quote dropped in the same frame; this asks for the type first.
fn dropped<T: std::any::Any + Send + Sync>(response: &egui::Response) -> Option<std::sync::Arc<T>> {
    response.dnd_hover_payload::<T>()?;
    response.dnd_release_payload::<T>()
}

/// A quote dragged from the Reader over the canvas: where the pointer is and the relation
/// under it, if any. Released over a relation, the quote is cited as its evidence (one
/// undo step) and the relation selected; released elsewhere, a toast says where to drop.
fn handle_quote_drop(
    response: &egui::Response,
    project: &Project,
    scene: &Scene,
    state: &mut MapState,
    camera: &Camera,
    commands: &mut Vec<Command>,
) -> Option<(Pos2, Option<RelationId>)> {
    response.dnd_hover_payload::<QuoteDrag>()?;
    let pointer = response.ctx.input(|i| i.pointer.latest_pos())?;
    let target = match edge_at(
        scene,
        &state.canvas.lines,
        &state.canvas.screen,
        &state.canvas.radii,
        camera.zoom,
        pointer,
    ) {
        Some(LineRef::Edge(i)) => Some(scene.edges[i as usize].id.clone()),
        _ => None,
    };
    let Some(quote) = dropped::<QuoteDrag>(response) else {
        return Some((pointer, target));
    };
    let Some(relation) = target else {
        commands.push(Command::Notify("Drop the quote on a relation line to cite it as evidence".to_owned()));
        return None;
    };
    match cite_command(project, &quote.source, quote.range.clone(), &relation) {
        Ok(Some(command)) => {
            commands.push(command);
            state.selected.clear();
            state.selected_relation = Some(relation.clone());
            commands.push(Command::Select(Selection::Relation(relation)));
        }
        Ok(None) => {}
        Err(message) => commands.push(Command::Notify(message)),
    }
    None
}

/// The edit that deletes a note or group, as a command.
pub fn delete_shape_command(map: &Map, shape: ShapeRef) -> Command {
    let mut changed = map.clone();
    let label = match shape {
        ShapeRef::Note(i) if i < changed.notes.len() => {
            changed.notes.remove(i);
            "Delete note"
        }
        ShapeRef::Group(i) if i < changed.groups.len() => {
            changed.groups.remove(i);
            "Delete group"
        }
        _ => "Delete",
    };
    Command::edit(Edit::put(changed), label)
}

/// The edit that takes `ids` off the map (the entities stay in the project).
fn remove_nodes_command(map: &Map, ids: &std::collections::BTreeSet<EntityId>) -> Option<Command> {
    let mut changed = map.clone();
    changed.nodes.retain(|id, _| !ids.contains(id));
    let removed = map.nodes.len() - changed.nodes.len();
    (removed > 0).then(|| {
        let label = if removed == 1 {
            "Remove from map".to_owned()
        } else {
            format!("Remove {removed} nodes from map")
        };
        Command::edit(Edit::put(changed), label)
    })
}

#[allow(clippy::too_many_arguments)] // one canvas, its parts passed separately to keep borrows apart
fn handle_keys(
    ui: &egui::Ui,
    response: &egui::Response,
    project: &Project,
    map: &Map,
    scene: &Scene,
    state: &mut MapState,
    canvas: Rect,
    camera: &mut Camera,
    commands: &mut Vec<Command>,
) {
    let ctx = ui.ctx();
    if !(response.has_focus() || response.hovered()) || ctx.text_edit_focused() {
        return;
    }
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::F) {
            state.canvas.fit_requested = true;
        }
        let zoom_in =
            i.consume_key(Modifiers::COMMAND, Key::Plus) || i.consume_key(Modifiers::COMMAND, Key::Equals);
        if zoom_in {
            camera.zoom_around(canvas, canvas.center(), 1.25);
        }
        if i.consume_key(Modifiers::COMMAND, Key::Minus) {
            camera.zoom_around(canvas, canvas.center(), 0.8);
        }
        let delete =
            i.consume_key(Modifiers::NONE, Key::Delete) || i.consume_key(Modifiers::NONE, Key::Backspace);
        if delete {
            if let Some(shape) = state.selected_shape.take() {
                commands.push(delete_shape_command(map, shape));
            } else if let Some(command) = remove_nodes_command(map, &state.selected) {
                commands.push(command);
                state.selected.clear();
            }
        }
        if i.key_pressed(Key::Escape) {
            state.clear_selection();
        }
        if i.consume_key(Modifiers::COMMAND, Key::A) {
            state.selected = scene.nodes.iter().map(|n| n.id.clone()).collect();
        }
        // R: a relation between the two selected nodes, through the same form as a drag.
        if i.consume_key(Modifiers::NONE, Key::R)
            && let [from, to] = state.selected.iter().collect::<Vec<_>>()[..]
        {
            let at = scene
                .nodes
                .iter()
                .position(|n| &n.id == to)
                .and_then(|i| state.canvas.screen.get(i).copied())
                .unwrap_or(canvas.center());
            let form = NewRelation::new(project, from.clone(), to.clone(), at + vec2(12.0, 12.0));
            state.popup = Some(Popup::NewRelation(form));
        }
        // The arrow keys move the selected nodes (Shift: farther); a run of presses on the
        // same nodes is one undo step.
        let step = if i.modifiers.shift { NUDGE_FAR } else { NUDGE };
        let mut nudge = Vec2::ZERO;
        for (key, direction) in [
            (Key::ArrowLeft, vec2(-1.0, 0.0)),
            (Key::ArrowRight, vec2(1.0, 0.0)),
            (Key::ArrowUp, vec2(0.0, -1.0)),
            (Key::ArrowDown, vec2(0.0, 1.0)),
        ] {
            if !state.selected.is_empty()
                && (i.consume_key(Modifiers::NONE, key) || i.consume_key(Modifiers::SHIFT, key))
            {
                nudge += direction * step;
            }
        }
        if nudge != Vec2::ZERO {
            commands.push(nudge_command(map, &state.selected, nudge));
        }
    });
}

/// How far one press of an arrow key moves the selected nodes, in map units (with Shift).
const NUDGE: f32 = 8.0;
const NUDGE_FAR: f32 = 48.0;

/// Moves the `selected` nodes of `map` by `offset`; successive moves of the same nodes
/// coalesce into one undo step.
fn nudge_command(map: &Map, selected: &BTreeSet<EntityId>, offset: Vec2) -> Command {
    let mut moved = map.clone();
    for id in selected {
        if let Some(node) = moved.nodes.get_mut(id) {
            node.x += offset.x;
            node.y += offset.y;
        }
    }
    let label =
        if selected.len() == 1 { "Move node".to_owned() } else { format!("Move {} nodes", selected.len()) };
    let ids: Vec<&str> = selected.iter().map(EntityId::as_str).collect();
    Command::Edit {
        edit: Edit::put(moved),
        label,
        coalesce: Some(format!("map:{}:nudge:{}", map.id, ids.join(","))),
    }
}

#[allow(clippy::too_many_arguments)] // one canvas, its parts passed separately to keep borrows apart
fn context_menu(
    response: &egui::Response,
    project: &Project,
    map: &Map,
    scene: &Scene,
    state: &mut MapState,
    canvas: Rect,
    camera: &Camera,
    commands: &mut Vec<Command>,
) {
    let at = response.interact_pointer_pos().map(|p| camera.map_from_screen(canvas, p));
    response.context_menu(|ui| {
        let Some(target) = state.canvas.context.clone() else {
            ui.close();
            return;
        };
        match target {
            Hit::Node(i) | Hit::Handle(i) => {
                let Some(node) = scene.nodes.get(i) else { return };
                node_menu_ui(ui, project, map, &node.id, node.pinned, state, commands);
            }
            Hit::Edge(id) => {
                if ui.button("Select relation").clicked() {
                    state.selected_relation = Some(id.clone());
                    commands.push(Command::Select(Selection::Relation(id.clone())));
                    ui.close();
                }
                if ui.button("Delete relation").clicked() {
                    commands
                        .push(Command::edit(Edit::Remove(ItemKey::Relation(id.clone())), "Delete relation"));
                    state.selected_relation = None;
                    ui.close();
                }
            }
            Hit::Bundle(b) => {
                let count = scene.bundles.get(b as usize).map_or(0, |b| b.members.len());
                if ui.button(format!("Show the {count} relations")).clicked() {
                    if let Some(pair) = pair_ids(scene, b) {
                        state.clear_selection();
                        state.selected_pair = Some(pair.clone());
                        commands.push(Command::Select(Selection::Pair(pair.0, pair.1)));
                    }
                    ui.close();
                }
                parallel_toggle_ui(ui, map, commands);
            }
            Hit::Note(i) | Hit::GroupStrip(i) => {
                let shape =
                    if matches!(target, Hit::Note(_)) { ShapeRef::Note(i) } else { ShapeRef::Group(i) };
                if ui.button("Edit…").clicked() {
                    let text = match shape {
                        ShapeRef::Note(i) => map.notes.get(i).map(|n| n.text.clone()),
                        ShapeRef::Group(i) => map.groups.get(i).map(|g| g.label.clone()),
                    };
                    let at = response.interact_pointer_pos().unwrap_or(canvas.center());
                    if let Some(text) = text {
                        state.popup = Some(Popup::Shape { shape, text, at, focused: false });
                    }
                    ui.close();
                }
                if ui.button("Delete").clicked() {
                    commands.push(delete_shape_command(map, shape));
                    state.selected_shape = None;
                    ui.close();
                }
            }
            Hit::Empty => {
                let here = state.canvas.context_at.or(at).unwrap_or(camera.center_pos());
                if ui.button("Add note here").clicked() {
                    commands.push(Command::edit(add_shape_edit(map, here, false), "Add note"));
                    ui.close();
                }
                if ui.button("Add group here").clicked() {
                    commands.push(Command::edit(add_shape_edit(map, here, true), "Add group"));
                    ui.close();
                }
                if ui.button("Fit all").clicked() {
                    state.canvas.fit_requested = true;
                    ui.close();
                }
                if ui.button("Select all").clicked() {
                    state.selected = scene.nodes.iter().map(|n| n.id.clone()).collect();
                    ui.close();
                }
                parallel_toggle_ui(ui, map, commands);
            }
        }
    });
    if response.secondary_clicked() {
        state.canvas.context_at = at;
    }
}

/// The entities at the two ends of bundle `b`.
fn pair_ids(scene: &Scene, b: u32) -> Option<(EntityId, EntityId)> {
    let bundle = scene.bundles.get(b as usize)?;
    Some((scene.nodes[bundle.pair.0 as usize].id.clone(), scene.nodes[bundle.pair.1 as usize].id.clone()))
}

/// The context menu's switch between bundled and spread out parallel relations.
fn parallel_toggle_ui(ui: &mut egui::Ui, map: &Map, commands: &mut Vec<Command>) {
    let text = match map.parallel {
        crate::model::ParallelRelations::Bundled => "Spread out parallel relations",
        crate::model::ParallelRelations::Expanded => "Bundle parallel relations",
    };
    if ui.button(text).clicked() {
        commands.push(super::parallel_command(map));
        ui.close();
    }
}

fn node_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    map: &Map,
    entity: &EntityId,
    pinned: bool,
    state: &mut MapState,
    commands: &mut Vec<Command>,
) {
    let many = state.selected.len() > 1 && state.selected.contains(entity);
    if ui.button("Select entity").clicked() {
        commands.push(Command::Select(Selection::Entity(entity.clone())));
        ui.close();
    }
    if ui
        .button("Add neighbours")
        .on_hover_text("Put the entities related to it, or named in the same sentence, around it")
        .clicked()
    {
        if let Some((edit, count)) = add_neighbours_edit(project, map, entity) {
            let label =
                if count == 1 { "Add neighbour".to_owned() } else { format!("Add {count} neighbours") };
            commands.push(Command::edit(edit, label));
        }
        ui.close();
    }
    let pin_label = match (pinned, many) {
        (false, false) => "Pin",
        (true, false) => "Unpin",
        (false, true) => "Pin selected",
        (true, true) => "Unpin selected",
    };
    if ui.button(pin_label).on_hover_text("Pinned nodes stay where they are when a layout runs").clicked() {
        let mut changed = map.clone();
        let targets: Vec<EntityId> =
            if many { state.selected.iter().cloned().collect() } else { vec![entity.clone()] };
        for id in &targets {
            if let Some(node) = changed.nodes.get_mut(id) {
                node.pinned = !pinned;
            }
        }
        let label = if pinned { "Unpin node" } else { "Pin node" };
        commands.push(Command::edit(Edit::put(changed), label));
        ui.close();
    }
    let remove_label =
        if many { format!("Remove {} from map", state.selected.len()) } else { "Remove from map".to_owned() };
    if ui.button(remove_label).clicked() {
        let ids = if many { state.selected.clone() } else { std::iter::once(entity.clone()).collect() };
        if let Some(command) = remove_nodes_command(map, &ids) {
            commands.push(command);
        }
        state.selected.retain(|id| !ids.contains(id));
        ui.close();
    }
}

/// The collapsible legend in the canvas's lower left corner.
fn legend(ui: &egui::Ui, canvas: Rect) {
    egui::Area::new(egui::Id::unique("map_legend"))
        .fixed_pos(canvas.left_bottom() + vec2(8.0, -8.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .constrain_to(canvas)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).inner_margin(6.0).show(ui, |ui| {
                egui::CollapsingHeader::new("Legend")
                    .id_salt("map_legend")
                    .default_open(false)
                    .show(ui, draw::legend_ui);
            });
        });
}

/// At most this many nodes, and as many relations, are described to assistive technology
/// in one frame: the ones on screen, in map order. A whole map of thousands is not
/// something to listen through; zoomed in, every item in view is there.
const SPOKEN_ITEMS_MAX: usize = 400;

/// Gives the nodes and relations on screen a place in the accessibility tree, named as a
/// screen reader should say them ("Russia, State, 12 mentions, 5 relations"), focusable
/// and clickable: a click (from a screen reader, or a test) selects the item as a click
/// with the mouse does.
fn accessible_items(
    ui: &egui::Ui,
    response: &egui::Response,
    scene: &Scene,
    state: &mut MapState,
    canvas: Rect,
    commands: &mut Vec<Command>,
) {
    use egui::accesskit;
    let ctx = ui.ctx();
    // Nothing to do unless a screen reader (or a test) listens.
    if ctx.accesskit_node_builder(response.id, |_| ()).is_none() {
        return;
    }
    let bounds = |rect: Rect| accesskit::Rect {
        x0: rect.min.x.into(),
        y0: rect.min.y.into(),
        x1: rect.max.x.into(),
        y1: rect.max.y.into(),
    };
    let describe = |id: egui::Id, rect: Rect, label: &str| {
        ctx.accesskit_node_builder(id, |node| {
            node.set_role(accesskit::Role::Button);
            node.set_label(label);
            node.set_bounds(bounds(rect));
            node.add_action(accesskit::Action::Focus);
            node.add_action(accesskit::Action::Click);
        });
        ctx.input(|i| i.has_accesskit_action_request(id, accesskit::Action::Click))
    };
    let on_screen = |p: Pos2| canvas.contains(p);
    let mut spoken = 0;
    for (i, node) in scene.nodes.iter().enumerate() {
        let (Some(&center), Some(&radius)) = (state.canvas.screen.get(i), state.canvas.radii.get(i)) else {
            continue;
        };
        if !on_screen(center) {
            continue;
        }
        if spoken == SPOKEN_ITEMS_MAX {
            break;
        }
        spoken += 1;
        let rect = Rect::from_center_size(center, Vec2::splat(radius * 2.0));
        if describe(response.id.with(("node", i)), rect, &scene.spoken_node(i)) {
            state.selected.clear();
            state.selected.insert(node.id.clone());
            commands.push(Command::Select(Selection::Entity(node.id.clone())));
        }
    }
    let mut spoken = 0;
    for k in 0..state.canvas.lines.len() {
        let edge = scene.line(state.canvas.lines[k]);
        let (Some(&a), Some(&b)) =
            (state.canvas.screen.get(edge.from as usize), state.canvas.screen.get(edge.to as usize))
        else {
            continue;
        };
        let middle = a.lerp(b, 0.5);
        if !on_screen(middle) {
            continue;
        }
        if spoken == SPOKEN_ITEMS_MAX {
            break;
        }
        spoken += 1;
        let rect = Rect::from_two_pos(a, b).expand(4.0);
        if describe(response.id.with(("relation", edge.id.as_str())), rect, &scene.spoken_edge(edge)) {
            if edge.members.is_empty() {
                state.selected_relation = Some(edge.id.clone());
                commands.push(Command::Select(Selection::Relation(edge.id.clone())));
            } else {
                let (a, b) =
                    (scene.nodes[edge.from as usize].id.clone(), scene.nodes[edge.to as usize].id.clone());
                state.clear_selection();
                state.selected_pair = Some((a.clone(), b.clone()));
                commands.push(Command::Select(Selection::Pair(a, b)));
            }
        }
    }
}
