//! The Map panel: tabs for the project's relationship maps, a toolbar, and the canvas
//! where entities are placed, relations drawn and created, and layouts run.
//!
//! Files: `geometry` (camera and hit tests, no drawing), `scene` (what to draw, built
//! once per revision), `draw` (painting), `canvas` (pointer and keyboard), `popups`
//! (new relation, note and group editors), `tabs` (tabs and toolbar), `layout_run`
//! (background layout and its animation).

mod canvas;
mod draw;
pub mod geometry;
mod layout_run;
mod popups;
pub mod present;
mod scene;
mod storyboard;
mod tabs;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use egui::{Pos2, Vec2, pos2};
use serde::{Deserialize, Serialize};

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::analysis::MentionStats;
use crate::edit::Edit;
use crate::model::{
    EntityId, IdGenerator, Map, MapGroup, MapId, MapNode, MapNote, ParallelRelations, Project, RelationId,
};
pub use geometry::Camera;

/// Width of a new note, map units.
const NOTE_WIDTH: f32 = 200.0;

/// A note or group of the active map, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeRef {
    /// `map.notes[i]`.
    Note(usize),
    /// `map.groups[i]`.
    Group(usize),
}

/// The Map panel's view state: which map is shown, each map's camera, the selection on
/// the canvas and the gesture under way. None of it is project data.
#[derive(Default)]
pub struct MapState {
    /// The map shown.
    pub active: Option<MapId>,
    /// Each map's camera.
    pub cameras: HashMap<MapId, Camera>,
    /// Whether nodes are sized by how often the sources mention them.
    pub size_by_mentions: bool,
    /// Nodes selected on the active map.
    pub selected: BTreeSet<EntityId>,
    /// The relation selected on the canvas.
    pub selected_relation: Option<RelationId>,
    /// The pair of entities whose bundle of relations is selected.
    pub selected_pair: Option<(EntityId, EntityId)>,
    /// The note or group selected on the canvas.
    pub selected_shape: Option<ShapeRef>,
    /// The slide picked in the Slides list of the active map.
    pub current_slide: Option<usize>,
    /// Whether the Slides list is shown beside the canvas.
    pub show_slides: bool,
    /// The presentation under way, if any.
    pub presenting: Option<present::Presenting>,
    /// The day (since 1970-01-01) the time filter shows relations valid on; `None` when
    /// the filter is off (the default).
    pub time_filter: Option<i64>,
    /// The first and last day of the relations' dates, and the revision it is of.
    time_span: Option<(u64, Option<(i64, i64)>)>,
    /// The tab being renamed and the name typed so far.
    renaming: Option<(MapId, String)>,
    canvas: canvas::CanvasState,
    popup: Option<popups::Popup>,
    layout: layout_run::LayoutState,
    scene: Option<scene::Scene>,
}

/// What of the Map panel is remembered with the workspace.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MapWorkspace {
    /// The map shown.
    #[serde(default)]
    pub active: Option<MapId>,
    /// Each map's camera.
    #[serde(default)]
    pub cameras: BTreeMap<MapId, Camera>,
    /// Whether nodes are sized by mentions.
    #[serde(default)]
    pub size_by_mentions: bool,
    /// Whether the Slides list is shown.
    #[serde(default)]
    pub show_slides: bool,
}

impl MapState {
    /// What to save in the workspace.
    pub fn to_workspace(&self) -> MapWorkspace {
        MapWorkspace {
            active: self.active.clone(),
            cameras: self.cameras.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            size_by_mentions: self.size_by_mentions,
            show_slides: self.show_slides,
        }
    }

    /// Restores what a workspace saved.
    pub fn restore(&mut self, saved: MapWorkspace) {
        self.active = saved.active;
        self.cameras =
            saved.cameras.into_iter().filter(|(_, c)| c.zoom.is_finite() && c.zoom > 0.0).collect();
        self.size_by_mentions = saved.size_by_mentions;
        self.show_slides = saved.show_slides;
    }

    /// Shows `map` and forgets the selection of the previous one.
    fn activate(&mut self, map: Option<MapId>) {
        if self.active != map {
            self.active = map;
            self.clear_selection();
            self.popup = None;
            self.current_slide = None;
        }
    }

    fn clear_selection(&mut self) {
        self.selected.clear();
        self.selected_relation = None;
        self.selected_pair = None;
        self.selected_shape = None;
    }
}

/// The undoable edit that switches `map` between bundled and spread out parallel
/// relations.
pub fn parallel_command(map: &Map) -> Command {
    let mut changed = map.clone();
    let (parallel, label) = match map.parallel {
        ParallelRelations::Bundled => (ParallelRelations::Expanded, "Spread out parallel relations"),
        ParallelRelations::Expanded => (ParallelRelations::Bundled, "Bundle parallel relations"),
    };
    changed.parallel = parallel;
    Command::edit(Edit::put(changed), label)
}

/// Draws the Map panel.
pub fn map_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    counts: &MentionStats,
    state: &mut MapState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    // A relation selected anywhere (the Inspector, the canvas) is highlighted on the map.
    state.selected_relation = match selection {
        Selection::Relation(id) => Some(id.clone()),
        _ => None,
    };
    state.selected_pair = match selection {
        Selection::Pair(a, b) => Some((a.clone(), b.clone())),
        _ => None,
    };
    if state.active.as_ref().is_none_or(|id| !project.maps.contains_key(id)) {
        let first = maps_in_tab_order(project).first().map(|m| m.id.clone());
        state.activate(first);
    }
    tabs::tabs_ui(ui, project, state, commands);
    let Some(map) = state.active.as_ref().and_then(|id| project.maps.get(id)) else {
        empty_ui(ui, project, commands);
        return;
    };
    tabs::toolbar_ui(ui, project, revision, map, state, commands);
    if state.show_slides {
        egui::Panel::right("map_slides")
            .resizable(true)
            .default_size(240.0)
            .min_size(180.0)
            .show(ui, |ui| storyboard::storyboard_ui(ui, map, state, commands));
    }
    let hint_height = ui.text_style_height(&egui::TextStyle::Small) + ui.spacing().item_spacing.y;
    let size = ui.available_size() - egui::vec2(0.0, hint_height + 2.0);
    canvas::canvas_ui(ui, size.max(egui::vec2(50.0, 50.0)), project, revision, counts, map, state, commands);
    ui.add(
        egui::Label::new(
            egui::RichText::new(
                "Drag: pan · Shift+drag: box select · drag a node's green dot (or Shift+drag a node) onto another: new relation · wheel: zoom · F: fit · Del: remove from map · right-click: more",
            )
            .small()
            .color(theme::hint_color(ui.visuals())),
        )
        .truncate(),
    );
}

fn empty_ui(ui: &mut egui::Ui, project: &Project, commands: &mut Vec<Command>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.label(
            egui::RichText::new(
                "No maps yet. A map shows the entities you put on it and the relations between them.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        ui.add_space(8.0);
        if ui.button("Create a map").clicked() {
            commands.push(new_map_command(project));
        }
        ui.label(
            egui::RichText::new("Then drag entities onto it from the Entities panel.")
                .color(theme::hint_color(ui.visuals())),
        );
    });
}

/// The project's maps as their tabs list them: by name, then id.
fn maps_in_tab_order(project: &Project) -> Vec<&Map> {
    let mut maps: Vec<&Map> = project.maps.values().collect();
    maps.sort_by_cached_key(|m| (m.name.to_lowercase(), m.id.clone()));
    maps
}

/// A fresh id for an item called `name` of kind `kind`.
fn fresh_id(project: &Project, name: &str, kind: &str) -> String {
    IdGenerator::default().make(name, kind, |id| project.id_taken(id))
}

/// The first free "Map N" name.
fn next_map_name(project: &Project) -> String {
    // One more candidate than there are maps: at least one of them is free.
    (1..=project.maps.len() + 1)
        .map(|n| format!("Map {n}"))
        .find(|name| project.maps.values().all(|m| &m.name != name))
        .unwrap_or_else(|| "Map".to_owned())
}

/// The command that creates an empty map with the next free name.
fn new_map_command(project: &Project) -> Command {
    let name = next_map_name(project);
    let map = Map::new(MapId(fresh_id(project, &name, "map")), name);
    Command::edit(Edit::put(map), "New map")
}

/// A point near `near` (map units) where no node of `map` is closer than a node's
/// diameter, found by walking out on a spiral; `taken` are points already promised.
fn free_spot(map: &Map, near: Pos2, taken: &[Pos2]) -> Pos2 {
    let min = crate::geometry::NODE_RADIUS * 3.0;
    let clear = |p: Pos2| {
        map.nodes.values().all(|n| pos2(n.x, n.y).distance(p) >= min)
            && taken.iter().all(|t| t.distance(p) >= min)
    };
    for step in 0..400 {
        let angle = step as f32 * 0.9;
        let radius = min * (step as f32).sqrt() * 0.9;
        let p = near + Vec2::angled(angle) * radius;
        if clear(p) {
            return p;
        }
    }
    near
}

/// The edit that puts `entity` on the active map at `at` (map units), creating "Map 1" if
/// the project has no map yet. Returns the map it goes on, to make it the active one.
fn add_node_edit(project: &Project, active: Option<&MapId>, entity: &EntityId, at: Pos2) -> (Edit, MapId) {
    let mut map = if let Some(map) = active.and_then(|id| project.maps.get(id)) {
        map.clone()
    } else {
        let name = next_map_name(project);
        Map::new(MapId(fresh_id(project, &name, "map")), name)
    };
    let pinned = map.nodes.get(entity).is_some_and(|n| n.pinned);
    map.nodes.insert(entity.clone(), MapNode { x: at.x, y: at.y, pinned });
    let id = map.id.clone();
    (Edit::put(map), id)
}

/// "Show on map" from elsewhere (the Entities panel, through [`Command::ShowOnMap`]): puts
/// `entity` on the active map near the centre of the view, or selects it if it is there
/// already.
pub fn show_on_map(project: &Project, state: &mut MapState, entity: &EntityId, commands: &mut Vec<Command>) {
    let active = state.active.clone().filter(|id| project.maps.contains_key(id));
    if let Some(map) = active.as_ref().and_then(|id| project.maps.get(id))
        && let Some(node) = map.nodes.get(entity)
    {
        state.selected = std::iter::once(entity.clone()).collect();
        let camera = state.cameras.entry(map.id.clone()).or_default();
        camera.center = [node.x, node.y];
        commands.push(Command::ShowPanel(crate::ui::tiles::Pane::Map));
        return;
    }
    let center = active.as_ref().and_then(|id| state.cameras.get(id)).map_or(Pos2::ZERO, Camera::center_pos);
    let at =
        active.as_ref().and_then(|id| project.maps.get(id)).map_or(center, |m| free_spot(m, center, &[]));
    let (edit, map_id) = add_node_edit(project, active.as_ref(), entity, at);
    commands.push(Command::edit(edit, "Add to map"));
    commands.push(Command::ShowPanel(crate::ui::tiles::Pane::Map));
    state.activate(Some(map_id));
    state.selected = std::iter::once(entity.clone()).collect();
}

/// While an entity is dragged from a list, its name follows the pointer.
pub fn drag_label(ctx: &egui::Context, name: &str) {
    let Some(cursor) = ctx.pointer_latest_pos() else {
        return;
    };
    ctx.set_cursor_icon(egui::CursorIcon::Grabbing);
    let painter =
        ctx.layer_painter(egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("entity_drag_label")));
    let visuals = ctx.global_style().visuals.clone();
    let galley = painter.layout_no_wrap(
        name.to_owned(),
        egui::FontId::proportional(13.0),
        theme::map_text_color(&visuals),
    );
    let rect =
        egui::Rect::from_min_size(cursor + egui::vec2(14.0, 10.0), galley.size() + egui::vec2(12.0, 6.0));
    painter.rect(rect, 4.0, visuals.window_fill, visuals.window_stroke, egui::StrokeKind::Inside);
    painter.galley(rect.min + egui::vec2(6.0, 3.0), galley, theme::map_text_color(&visuals));
}

/// The edit that adds a note (or a group) centred on `at`.
fn add_shape_edit(map: &Map, at: Pos2, group: bool) -> Edit {
    let mut map = map.clone();
    if group {
        let (width, height) = (320.0, 220.0);
        map.groups.push(MapGroup {
            x: at.x - width / 2.0,
            y: at.y - height / 2.0,
            width,
            height,
            label: "Group".to_owned(),
        });
    } else {
        map.notes.push(MapNote { x: at.x - NOTE_WIDTH / 2.0, y: at.y - 30.0, text: "Note".to_owned() });
    }
    Edit::put(map)
}

/// The entities related to `entity` or mentioned in a sentence with it that are not on
/// `map` yet, placed on rings around it: one edit, or `None` if there are none.
fn add_neighbours_edit(project: &Project, map: &Map, entity: &EntityId) -> Option<(Edit, usize)> {
    let center = map.nodes.get(entity).map(|n| pos2(n.x, n.y))?;
    let mut neighbours: Vec<EntityId> = Vec::new();
    let mut push = |id: &EntityId| {
        if id != entity
            && !map.nodes.contains_key(id)
            && !neighbours.contains(id)
            && project.entities.contains_key(id)
        {
            neighbours.push(id.clone());
        }
    };
    for relation in project.relations.values() {
        if &relation.from == entity {
            push(&relation.to);
        } else if &relation.to == entity {
            push(&relation.from);
        }
    }
    for (id, _) in crate::analysis::cooccurrence::cooccurring(project, entity) {
        push(&id);
    }
    if neighbours.is_empty() {
        return None;
    }
    let mut map = map.clone();
    let per_ring = 10;
    let count = neighbours.len();
    for (i, id) in neighbours.into_iter().enumerate() {
        let ring = i / per_ring;
        let in_ring = (count - ring * per_ring).min(per_ring);
        let angle = (i % per_ring) as f32 / in_ring as f32 * std::f32::consts::TAU + ring as f32 * 0.3;
        let p = center + Vec2::angled(angle) * (150.0 + 90.0 * ring as f32);
        map.nodes.insert(id, MapNode { x: p.x, y: p.y, pinned: false });
    }
    Some((Edit::put(map), count))
}
