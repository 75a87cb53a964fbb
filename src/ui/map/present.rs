//! Presentation mode: the map alone on the screen, with a title, a caption line and the
//! legend, stepping through the map's storyboard with a smooth camera move. Clicking a
//! relation shows the quotes that back it, for the "how do we know?" question.
//!
//! Presenting changes nothing in the project; it only reads the map and its slides.

use egui::{Align2, Key, Modifiers, Pos2, Rect, Sense, pos2, vec2};

use super::canvas::{edge_at, fit_camera};
use super::draw::{self, Look, Marked, NodeMarks};
use super::geometry::Camera;
use super::scene::{LineRef, Scene, SceneEdge, SceneView};
use crate::analysis::MentionStats;
use crate::model::{Map, MapId, Project, RelationId};
use crate::ui::document::Revision;
use crate::ui::theme;

/// How long the camera takes to move from one slide to the next, in seconds.
const MOVE_SECS: f64 = 0.7;
/// How much larger names and labels are than on the editing canvas.
const TEXT_SCALE: f32 = 1.5;
/// Extra room kept on the left and right of a map shown whole (it has no slides), in
/// points, for the names under the outermost nodes.
const NAME_ROOM_PX: f32 = 60.0;

/// A presentation under way.
pub struct Presenting {
    /// The map presented.
    pub map: MapId,
    /// The slide shown, an index into the map's slides (0 when it has none).
    pub slide: usize,
    /// The relation whose evidence is shown over the map.
    pub overlay: Option<RelationId>,
    /// Whether the legend is shown.
    pub legend: bool,
    /// The camera when the current move started, and when that was (`ctx` time).
    moving_from: Option<(Camera, f64)>,
    /// The camera drawn last frame.
    shown: Option<Camera>,
    scene: Option<Scene>,
    screen: Vec<Pos2>,
    radii: Vec<f32>,
    /// The lines drawn last frame.
    lines: Vec<LineRef>,
    /// A bundle (by node pair) the presenter clicked to spread out.
    spread: Option<(u32, u32)>,
    /// Where the names and labels went, kept while the view stays the same.
    label_cache: draw::LabelCache,
}

/// What the presenter asked for this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentAction {
    /// Go on presenting.
    Continue,
    /// Leave presentation mode.
    Stop,
}

impl Presenting {
    /// Starts presenting `map` at slide `slide` (clamped to the slides it has).
    pub fn new(map: &Map, slide: usize) -> Self {
        Self {
            map: map.id.clone(),
            slide: slide.min(map.slides.len().saturating_sub(1)),
            overlay: None,
            legend: true,
            moving_from: None,
            shown: None,
            scene: None,
            screen: Vec::new(),
            radii: Vec::new(),
            lines: Vec::new(),
            spread: None,
            label_cache: draw::LabelCache::default(),
        }
    }

    /// The camera drawn last frame.
    pub fn camera(&self) -> Option<Camera> {
        self.shown
    }

    /// Where the middle of relation `id`'s line was drawn last frame, in screen points;
    /// `None` if it was not drawn or is a loop.
    pub fn edge_middle(&self, id: &RelationId) -> Option<Pos2> {
        let camera = self.shown?;
        let edge = self.scene.as_ref()?.edges.iter().find(|e| &e.id == id && e.from != e.to)?;
        if edge.from as usize >= self.screen.len() || edge.to as usize >= self.screen.len() {
            return None;
        }
        let middle = draw::screen_route(edge, &self.screen, camera.zoom).point(0.5, 0.0, camera.zoom);
        Some(pos2(middle.x, middle.y))
    }

    /// Shows slide `index` (clamped), moving the camera there smoothly.
    pub fn go_to(&mut self, map: &Map, index: usize, now: f64) {
        let index = index.min(map.slides.len().saturating_sub(1));
        if index != self.slide {
            self.slide = index;
            self.overlay = None;
            self.spread = None;
            self.moving_from = self.shown.map(|camera| (camera, now));
        }
    }
}

/// Draws the presentation of the map in `state` filling `ui`, and handles the keys and
/// clicks of the presenter. The map must exist; returns [`PresentAction::Stop`] when the
/// presenter leaves.
pub fn present_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    counts: &MentionStats,
    state: &mut Presenting,
) -> PresentAction {
    let Some(map) = project.maps.get(&state.map) else {
        return PresentAction::Stop;
    };
    state.slide = state.slide.min(map.slides.len().saturating_sub(1));
    let ctx = ui.ctx().clone();
    let now = ctx.input(|i| i.time);
    if keys(&ctx, map, state, now) == PresentAction::Stop {
        return PresentAction::Stop;
    }

    let slide_index = (!map.slides.is_empty()).then_some(state.slide);
    let view = SceneView { size_by_mentions: false, slide: slide_index, at_minute: None };
    Scene::update(&mut state.scene, project, counts, map, revision, view);
    let Some(scene) = state.scene.take() else {
        return PresentAction::Continue;
    };

    let whole = ui.max_rect();
    let visuals = ui.visuals().clone();
    ui.painter().rect_filled(whole, 0.0, visuals.panel_fill);
    let title_height = 64.0;
    let caption_height = 56.0;
    let map_rect =
        Rect::from_min_max(whole.min + vec2(24.0, title_height), whole.max - vec2(24.0, caption_height));
    let response = ui.allocate_rect(map_rect, Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Canvas, true, "Presentation"));

    // The camera: the slide's view (or the whole map), reached by a smooth move.
    let slide = slide_index.and_then(|i| map.slides.get(i));
    let target = match slide {
        Some(slide) => Camera::showing(
            Rect::from_min_size(pos2(slide.view.x, slide.view.y), vec2(slide.view.width, slide.view.height)),
            map_rect,
        ),
        // The whole map, notes and groups included, with room at the sides for the
        // enlarged names of the outermost nodes.
        None => fit_camera(&scene, map, map_rect.shrink2(vec2(NAME_ROOM_PX, 0.0))).unwrap_or_default(),
    };
    let camera = match state.moving_from {
        Some((from, started)) => {
            let t = ((now - started) / MOVE_SECS).clamp(0.0, 1.0) as f32;
            if t >= 1.0 {
                state.moving_from = None;
            } else {
                ctx.request_repaint();
            }
            // Ease in and out.
            from.lerp(&target, t * t * (3.0 - 2.0 * t))
        }
        None => target,
    };
    state.shown = Some(camera);

    state.screen.clear();
    state.screen.extend(scene.nodes.iter().map(|n| camera.screen_from_map(map_rect, n.pos)));
    let scale = draw::node_scale(camera.zoom);
    state.radii.clear();
    state.radii.extend(scene.nodes.iter().map(|n| (n.radius * scale).max(2.0)));

    let spread = state.spread;
    scene.lines_into(
        |b| spread == Some(b.pair) || state.overlay.as_ref().is_some_and(|id| b.edge.members.contains(id)),
        &mut state.lines,
    );
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        // A relation shows its evidence; a bundle spreads out into its relations.
        match edge_at(&scene, &state.lines, &state.screen, &state.radii, camera.zoom, p) {
            Some(LineRef::Edge(i)) => state.overlay = Some(scene.edges[i as usize].id.clone()),
            Some(LineRef::Bundle(b)) => {
                state.overlay = None;
                state.spread = scene.bundles.get(b as usize).map(|b| b.pair);
            }
            None => state.overlay = None,
        }
    }
    if response.hovered()
        && let Some(p) = response.hover_pos()
        && edge_at(&scene, &state.lines, &state.screen, &state.radii, camera.zoom, p).is_some()
    {
        ctx.set_cursor_icon(egui::CursorIcon::PointingHand);
    }

    let painter = ui.painter_at(map_rect);
    let look = Look { canvas: map_rect, camera, visuals: &visuals, text_scale: TEXT_SCALE };
    draw::groups(&painter, &look, map, None, None);
    let lines: Vec<&SceneEdge> = state.lines.iter().map(|&l| scene.line(l)).collect();
    let overlay = state.overlay.as_ref();
    let line_selected = |edge: &SceneEdge| overlay.is_some_and(|id| *id == edge.id);
    let nothing = |_: usize| false;
    draw::place_labels(
        &mut state.label_cache,
        &painter,
        &look,
        &scene,
        &lines,
        &state.screen,
        &state.radii,
        &Marked { node: &nothing, relation: &line_selected },
    );
    let labels = &state.label_cache.labels;
    draw::edges(&painter, &look, &lines, &state.screen, &state.radii, &line_selected, labels);
    draw::nodes(
        &painter,
        &look,
        &scene,
        &state.screen,
        &state.radii,
        &NodeMarks { selected: &nothing, hovered: None, target: None },
        labels,
    );
    draw::notes(&painter, &look, map, None, None);

    header_ui(ui, whole, map, slide_index);
    caption_ui(ui, whole, map, slide_index);
    if state.legend {
        egui::Area::new(egui::Id::unique("presentation_legend"))
            .fixed_pos(map_rect.right_bottom() - vec2(4.0, 4.0))
            .pivot(Align2::RIGHT_BOTTOM)
            .order(egui::Order::Middle)
            .interactable(false)
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).inner_margin(8.0).show(ui, draw::legend_ui);
            });
    }
    if let Some(id) = state.overlay.clone()
        && !evidence_overlay(&ctx, project, &id, map_rect)
    {
        state.overlay = None;
    }
    state.scene = Some(scene);
    PresentAction::Continue
}

/// Arrow keys, space and Page Up/Down step through the slides; Home and End jump to the
/// ends; L shows or hides the legend; Esc closes the evidence, then leaves.
fn keys(ctx: &egui::Context, map: &Map, state: &mut Presenting, now: f64) -> PresentAction {
    let last = map.slides.len().saturating_sub(1);
    let mut action = PresentAction::Continue;
    ctx.input_mut(|i| {
        let pressed = |i: &mut egui::InputState, keys: &[Key]| {
            keys.iter().any(|&key| i.consume_key(Modifiers::NONE, key))
        };
        let mut target = None;
        if pressed(i, &[Key::ArrowRight, Key::ArrowDown, Key::Space, Key::PageDown, Key::N, Key::Enter]) {
            target = Some((state.slide + 1).min(last));
        }
        if pressed(i, &[Key::ArrowLeft, Key::ArrowUp, Key::PageUp, Key::Backspace, Key::P]) {
            target = Some(state.slide.saturating_sub(1));
        }
        if pressed(i, &[Key::Home]) {
            target = Some(0);
        }
        if pressed(i, &[Key::End]) {
            target = Some(last);
        }
        if let Some(index) = target {
            state.go_to(map, index, now);
        }
        if pressed(i, &[Key::L]) {
            state.legend = !state.legend;
        }
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            if state.overlay.is_some() {
                state.overlay = None;
            } else {
                action = PresentAction::Stop;
            }
        }
    });
    action
}

/// The slide's title (or the map's name) and where in the storyboard it is.
fn header_ui(ui: &egui::Ui, whole: Rect, map: &Map, slide: Option<usize>) {
    let painter = ui.painter();
    let visuals = ui.visuals();
    let text = theme::map_text_color(visuals);
    let hint = theme::hint_color(visuals);
    let left = whole.left_top() + vec2(28.0, 18.0);
    match slide.and_then(|i| map.slides.get(i)) {
        Some(current) => {
            painter.text(left, Align2::LEFT_TOP, &current.title, egui::FontId::proportional(28.0), text);
            let counter = format!("{} \u{00b7} {} / {}", map.name, slide.unwrap_or(0) + 1, map.slides.len());
            painter.text(
                whole.right_top() + vec2(-28.0, 26.0),
                Align2::RIGHT_TOP,
                counter,
                egui::FontId::proportional(15.0),
                hint,
            );
        }
        None => {
            painter.text(left, Align2::LEFT_TOP, &map.name, egui::FontId::proportional(28.0), text);
        }
    }
}

/// The caption line under the map, and how to move on.
fn caption_ui(ui: &egui::Ui, whole: Rect, map: &Map, slide: Option<usize>) {
    let painter = ui.painter();
    let visuals = ui.visuals();
    let hint = theme::hint_color(visuals);
    let caption = match slide.and_then(|i| map.slides.get(i)) {
        Some(current) => current.caption.clone(),
        None => "This map has no slides yet: add them in the Map panel's Slides list.".to_owned(),
    };
    let galley = painter.layout(
        caption,
        egui::FontId::proportional(18.0),
        theme::map_text_color(visuals),
        (whole.width() - 360.0).max(200.0),
    );
    painter.galley(whole.left_bottom() + vec2(28.0, -14.0 - galley.size().y), galley, hint);
    painter.text(
        whole.right_bottom() + vec2(-28.0, -18.0),
        Align2::RIGHT_BOTTOM,
        "\u{2190} \u{2192} slides \u{00b7} click a line: evidence \u{00b7} L legend \u{00b7} Esc leave",
        egui::FontId::proportional(12.0),
        hint,
    );
}

/// The quotes that back relation `id`, in a box over the top right of the map. Returns
/// `false` when the presenter closed it.
fn evidence_overlay(ctx: &egui::Context, project: &Project, id: &RelationId, map_rect: Rect) -> bool {
    let Some(relation) = project.relations.get(id) else {
        return false;
    };
    let arrow = if relation.directed { "\u{2192}" } else { "\u{2014}" };
    let mut open = true;
    egui::Area::new(egui::Id::unique("presentation_evidence"))
        .fixed_pos(map_rect.right_top() + vec2(-4.0, 4.0))
        .pivot(Align2::RIGHT_TOP)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).inner_margin(12.0).show(ui, |ui| {
                ui.set_width(440.0);
                ui.horizontal(|ui| {
                    ui.heading(format!("{} {arrow} {} {arrow} {}", project.entity_name(&relation.from), relation.label, project.entity_name(&relation.to)));
                });
                let time = relation.time_label();
                if !time.is_empty() {
                    ui.label(time);
                }
                if project.relation_is_disputed(relation) {
                    ui.colored_label(theme::warning_color(), "Disputed: the sources disagree about this.");
                }
                let sources = relation.source_count();
                ui.label(
                    egui::RichText::new(format!(
                        "{} {} from {} {}",
                        relation.evidence.len(),
                        if relation.evidence.len() == 1 { "quote" } else { "quotes" },
                        sources,
                        if sources == 1 { "source" } else { "sources" },
                    ))
                    .strong(),
                );
                if relation.evidence.is_empty() {
                    ui.label("No evidence has been cited for this relation yet.");
                }
                egui::ScrollArea::vertical().max_height(map_rect.height() - 160.0).show(ui, |ui| {
                    for evidence in &relation.evidence {
                        ui.add_space(6.0);
                        ui.label(
                            egui::RichText::new(format!("\u{201c}{}\u{201d}", evidence.anchor.exact)).italics().size(15.0),
                        );
                        let source = project.sources.get(&evidence.source);
                        let mut cite = source.map_or_else(|| evidence.source.to_string(), |s| s.title.clone());
                        if let Some(s) = source {
                            for part in [&s.outlet, &s.published] {
                                if !part.is_empty() {
                                    cite.push_str(" \u{00b7} ");
                                    cite.push_str(part);
                                }
                            }
                        }
                        let reliability = source
                            .and_then(|s| s.reliability)
                            .map_or_else(|| "not graded".to_owned(), |r| r.letter().to_string());
                        let credibility = evidence
                            .credibility
                            .map_or_else(|| "not graded".to_owned(), |c| c.number().to_string());
                        ui.label(
                            egui::RichText::new(format!(
                                "\u{2014} {cite} \u{00b7} reliability {reliability} \u{00b7} credibility {credibility}"
                            ))
                            .small(),
                        );
                    }
                });
                ui.add_space(6.0);
                if ui.button("Close (Esc)").clicked() {
                    open = false;
                }
            });
        });
    open
}
