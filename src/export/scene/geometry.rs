//! Scene geometry: what a map looks like, in map coordinates. Entities are circles with
//! their names beside them, relations are lines (bent apart when several share a pair of
//! entities, or bundled into one; loops when they start and end at one), with
//! arrowheads, labels and badges; groups and notes are boxes. Pure: no page, no
//! renderer, no egui.
//!
//! Where lines run and where labels go comes from [`crate::geometry`], which the map
//! canvas asks too, so the screen and the picture agree. [`MapShapes::build`] is the one
//! entry; [`super::page`] places the result on a page.

use std::collections::{BTreeMap, BTreeSet};

use crate::export::style::{self, Rgb};
pub use crate::geometry::{BEND_STEP, NODE_RADIUS, Point, Rect};
use crate::geometry::{
    LabelPlace, LabelRequest, NameRequest, Route, bundle_label, bundle_sources, crossed_sides, labels::ALONG,
    loop_points, pair_routes, place_labels,
};
use crate::model::{EntityId, EntityKind, Map, ParallelRelations, Project, Relation, RelationId};

/// Which point of a line of text [`TextLine::at`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAnchor {
    /// The left end of the baseline.
    Start,
    /// The middle of the baseline.
    Middle,
}

/// One line of text, placed by its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// What it says.
    pub text: String,
    /// Where its baseline starts or is centred, per `anchor`.
    pub at: Point,
    /// Font size in pixels.
    pub size: f32,
    /// How `at` is meant.
    pub anchor: TextAnchor,
    /// Text colour.
    pub color: Rgb,
    /// Bold weight.
    pub bold: bool,
    /// Whether a halo of the page colour goes behind it, to keep it readable over lines.
    pub halo: bool,
}

impl TextLine {
    /// A line of plain text, neither bold nor haloed.
    pub(super) fn new(text: impl Into<String>, at: Point, size: f32, anchor: TextAnchor, color: Rgb) -> Self {
        Self { text: text.into(), at, size, anchor, color, bold: false, halo: false }
    }

    /// The same line in bold.
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    fn with_halo(mut self) -> Self {
        self.halo = true;
        self
    }

    /// The width of the text in the text font.
    pub fn width(&self) -> f32 {
        style::text_width(&self.text, self.size)
    }

    /// A rectangle that holds the text.
    pub fn bounds(&self) -> Rect {
        let width = self.width();
        let left = match self.anchor {
            TextAnchor::Start => self.at.x,
            TextAnchor::Middle => self.at.x - width / 2.0,
        };
        Rect::new(left, self.at.y - self.size, width, self.size * 1.3)
    }
}

/// How a shape stands out on a slide that highlights some of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Emphasis {
    /// Drawn as usual: nothing on the page is highlighted.
    #[default]
    Normal,
    /// Highlighted: a ring around a node; a thicker line in the highlight colour (a
    /// disputed one keeps its badge).
    Stressed,
    /// Faded, because other shapes are highlighted.
    Dimmed,
}

impl Emphasis {
    /// The order shapes are drawn in: dimmed first, stressed last.
    fn layer(self) -> u8 {
        match self {
            Self::Dimmed => 0,
            Self::Normal => 1,
            Self::Stressed => 2,
        }
    }
}

/// An entity on the map: a circle in its kind's colour with the kind's icon in it and
/// its name below.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape {
    /// The entity drawn.
    pub entity: EntityId,
    /// Its kind.
    pub kind: EntityKind,
    /// Centre of the circle.
    pub center: Point,
    /// Radius of the circle.
    pub radius: f32,
    /// Fill of the circle.
    pub fill: Rgb,
    /// The kind's icon, drawn in the circle.
    pub icon: &'static str,
    /// Font size of the icon.
    pub icon_size: f32,
    /// The name, on the free side of the circle (under it when there is room); `None`
    /// when no side had room.
    pub label: Option<TextLine>,
    /// Stressed, dimmed or neither.
    pub emphasis: Emphasis,
}

/// The path a relation's line takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EdgePath {
    /// A straight line.
    Line {
        /// Start.
        from: Point,
        /// End.
        to: Point,
    },
    /// A quadratic Bézier curve, for relations that share their pair of entities.
    Quadratic {
        /// Start.
        from: Point,
        /// Control point.
        control: Point,
        /// End.
        to: Point,
    },
    /// A cubic Bézier curve, for a loop from an entity to itself.
    Cubic {
        /// Start.
        from: Point,
        /// First control point.
        control1: Point,
        /// Second control point.
        control2: Point,
        /// End.
        to: Point,
    },
}

impl EdgePath {
    fn points(&self) -> Vec<Point> {
        match *self {
            Self::Line { from, to } => vec![from, to],
            Self::Quadratic { from, control, to } => vec![from, control, to],
            Self::Cubic { from, control1, control2, to } => vec![from, control1, control2, to],
        }
    }
}

/// A relation: a line or curve between two entities, with an arrowhead when it has a
/// direction and its label at the middle.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeShape {
    /// The relation drawn (the first of a bundle).
    pub relation: RelationId,
    /// Every relation of a bundle, in id order; empty for a single relation.
    pub bundle: Vec<RelationId>,
    /// Where the line runs, centre to centre (shared with the canvas).
    pub route: Route,
    /// The line.
    pub path: EdgePath,
    /// Stroke width: thicker the more distinct sources back it.
    pub width: f32,
    /// Stroke colour: the warning colour when disputed.
    pub color: Rgb,
    /// Dashed when no evidence backs it.
    pub dashed: bool,
    /// The arrowhead as a filled triangle (tip first), for directed relations.
    pub arrow: Option<[Point; 3]>,
    /// The label at the middle.
    pub label: Option<TextLine>,
    /// A box of the page colour behind the label (and its badge), so the line does not
    /// run through it. Label placement keeps it clear of other labels and of nodes.
    pub label_backdrop: Option<Rect>,
    /// Distinct sources its evidence (a bundle's, all together) quotes.
    pub sources: usize,
    /// Whether the sources disagree about it (or about a relation of the bundle).
    pub disputed: bool,
    /// Centre of the warning badge of a disputed relation.
    pub disputed_marker: Option<Point>,
    /// Stressed, dimmed or neither.
    pub emphasis: Emphasis,
}

/// A labelled, translucent rectangle behind a group of entities.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupShape {
    /// Where it is.
    pub rect: Rect,
    /// Its label, inside the top-left corner.
    pub label: TextLine,
    /// Dimmed when a slide highlights something, else normal.
    pub emphasis: Emphasis,
}

/// A text note on the map, wrapped into lines in a box.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteShape {
    /// The box.
    pub rect: Rect,
    /// The wrapped text.
    pub lines: Vec<TextLine>,
    /// Dimmed when a slide highlights something, else normal.
    pub emphasis: Emphasis,
}

/// Font size of entity names.
pub const NODE_LABEL_SIZE: f32 = 12.0;
/// Font size of relation labels.
pub const EDGE_LABEL_SIZE: f32 = 11.0;
/// Length of an arrowhead.
pub const ARROW_LENGTH: f32 = 11.0;
/// Half the width of an arrowhead's base.
pub const ARROW_HALF_WIDTH: f32 = 5.0;
/// Dash and gap lengths of a relation without evidence.
pub const DASH: [f32; 2] = [7.0, 5.0];
/// Radius of the disputed badge.
pub const MARKER_RADIUS: f32 = 7.0;
/// Widest line of a note before it wraps.
pub const NOTE_MAX_WIDTH: f32 = 240.0;
/// Font size of note text.
pub const NOTE_TEXT_SIZE: f32 = 12.0;
/// How far outside its circle the ring of a stressed node is drawn.
pub const STRESS_RING_GAP: f32 = 4.5;
/// How much wider a stressed relation's line is.
pub const STRESS_EXTRA_WIDTH: f32 = 1.5;

const NOTE_PADDING: f32 = 8.0;
const NOTE_LINE_HEIGHT: f32 = 16.0;
/// Space between a node's rim (or ring) and its name.
const NAME_GAP: f32 = 4.0;
/// Padding on each side of an edge label, inside its backdrop.
const LABEL_PAD: f32 = 3.0;

/// The stroke width of a relation backed by `sources` distinct sources.
pub fn edge_width(sources: usize) -> f32 {
    1.5 + sources.min(5) as f32
}

/// Which part of a map is drawn and what it stresses: what the shapes depend on besides
/// the map itself.
#[derive(Clone, Copy, Debug)]
pub struct Shown<'a> {
    /// Only these entities (and the relations between them); `None` draws every node.
    pub visible: Option<&'a BTreeSet<EntityId>>,
    /// Relations left out even when both their ends are drawn.
    pub hidden_relations: &'a BTreeSet<RelationId>,
    /// Entities to stress (see [`EmphasisRule`]); the rest is then dimmed.
    pub highlighted: &'a BTreeSet<EntityId>,
    /// Relations to stress.
    pub highlighted_relations: &'a BTreeSet<RelationId>,
}

/// What a map looks like: its shapes in map coordinates, before any page. Within each
/// list, dimmed shapes come first and stressed ones last (in id order within each), so
/// drawing in list order puts stressed shapes on top.
#[derive(Clone, Debug, PartialEq)]
pub struct MapShapes<'p> {
    /// Entities.
    pub nodes: Vec<NodeShape>,
    /// Relations.
    pub edges: Vec<EdgeShape>,
    /// Group rectangles.
    pub groups: Vec<GroupShape>,
    /// Notes.
    pub notes: Vec<NoteShape>,
    /// The relations drawn, in id order.
    pub relations: Vec<&'p Relation>,
}

impl<'p> MapShapes<'p> {
    /// The shapes of `map` of `project`: the entities the project has (of those
    /// `shown.visible` lets through), the relations between them less the hidden ones,
    /// the groups and the notes.
    pub fn build(project: &'p Project, map: &Map, shown: &Shown<'_>) -> Self {
        let on_map: BTreeMap<&EntityId, Point> = map
            .nodes
            .iter()
            .filter(|(id, _)| project.entities.contains_key(*id))
            .filter(|(id, _)| shown.visible.is_none_or(|visible| visible.contains(*id)))
            .map(|(id, node)| (id, Point::new(node.x, node.y)))
            .collect();
        let mut relations = relations_between(project, |id| on_map.contains_key(id));
        relations.retain(|r| !shown.hidden_relations.contains(&r.id));
        let emphasis = EmphasisRule::new(shown, &relations);

        let mut nodes: Vec<NodeShape> = on_map
            .iter()
            .filter_map(|(id, center)| {
                let entity = project.entities.get(*id)?;
                Some(node_shape(entity, *center, emphasis.of_entity(id)))
            })
            .collect();
        let mut edges = edge_shapes(project, map.parallel, &relations, &on_map, &emphasis);
        place_shape_labels(&mut nodes, &mut edges);
        // Stressed shapes on top of the others, dimmed ones under them (a stable sort, so
        // id order within each).
        nodes.sort_by_key(|n| n.emphasis.layer());
        edges.sort_by_key(|e| e.emphasis.layer());
        let background = emphasis.background();
        let groups = map.groups.iter().map(|g| group_shape(g, background)).collect();
        let note_boxes =
            map.notes.iter().map(|note| note_shape(note.x, note.y, &note.text, background)).collect();
        Self { nodes, edges, groups, notes: note_boxes, relations }
    }

    /// The smallest rectangle that holds everything drawn (circles, names, lines and
    /// their labels, groups, notes); `None` for an empty map.
    pub fn bounds(&self) -> Option<Rect> {
        let mut rects: Vec<Rect> = Vec::new();
        for node in &self.nodes {
            rects.push(Rect::around(node.center, node.radius, node.radius));
            rects.extend(node.label.as_ref().map(TextLine::bounds));
        }
        for edge in &self.edges {
            rects.extend(edge.path.points().into_iter().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)));
            rects.extend(edge.label_backdrop);
        }
        rects.extend(self.groups.iter().map(|g| g.rect));
        rects.extend(self.notes.iter().map(|n| n.rect));
        let first = rects.first().copied()?;
        Some(rects.into_iter().fold(first, Rect::union))
    }
}

/// Which entities and relations a scene stresses, when it highlights anything. The
/// canvas in presentation mode uses the same rule, so the screen and the export agree.
pub struct EmphasisRule<'a> {
    active: bool,
    entities: BTreeSet<&'a EntityId>,
    relations: BTreeSet<&'a RelationId>,
}

impl<'a> EmphasisRule<'a> {
    fn new(shown: &Shown<'a>, relations: &[&'a Relation]) -> Self {
        Self::from_highlights(shown.highlighted, shown.highlighted_relations, relations)
    }

    /// The rule for these highlights among the `relations` drawn: a relation is stressed
    /// when it is highlighted or, if no relation is, when both its ends are; an entity
    /// when it is highlighted or an end of a stressed relation.
    pub fn from_highlights(
        highlighted: &'a BTreeSet<EntityId>,
        highlighted_relations: &'a BTreeSet<RelationId>,
        relations: &[&'a Relation],
    ) -> Self {
        let active = !highlighted.is_empty() || !highlighted_relations.is_empty();
        let stressed_relation = |r: &Relation| {
            if highlighted_relations.is_empty() {
                highlighted.contains(&r.from) && highlighted.contains(&r.to)
            } else {
                highlighted_relations.contains(&r.id)
            }
        };
        let stressed: Vec<&'a Relation> = if active {
            relations.iter().copied().filter(|r| stressed_relation(r)).collect()
        } else {
            Vec::new()
        };
        let entities = if active {
            highlighted.iter().chain(stressed.iter().flat_map(|r| [&r.from, &r.to])).collect()
        } else {
            BTreeSet::new()
        };
        let relations = stressed.iter().map(|r| &r.id).collect();
        Self { active, entities, relations }
    }

    fn pick(&self, stressed: bool) -> Emphasis {
        match (self.active, stressed) {
            (false, _) => Emphasis::Normal,
            (true, true) => Emphasis::Stressed,
            (true, false) => Emphasis::Dimmed,
        }
    }

    /// How entity `id` is drawn.
    pub fn of_entity(&self, id: &EntityId) -> Emphasis {
        self.pick(self.entities.contains(id))
    }

    /// How relation `id` is drawn.
    pub fn of_relation(&self, id: &RelationId) -> Emphasis {
        self.pick(self.relations.contains(id))
    }

    /// Whether anything is highlighted.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Groups and notes: never stressed, dimmed while anything is.
    fn background(&self) -> Emphasis {
        self.pick(false)
    }
}

/// The relations whose two ends pass `on_map`, in id order.
pub fn relations_between(project: &Project, on_map: impl Fn(&EntityId) -> bool) -> Vec<&Relation> {
    project.relations.values().filter(|r| on_map(&r.from) && on_map(&r.to)).collect()
}

fn node_shape(entity: &crate::model::Entity, center: Point, emphasis: Emphasis) -> NodeShape {
    let icon_size = NODE_RADIUS * 1.05;
    // Placed under the circle for now; `place_shape_labels` moves it to a free side.
    let mut label = TextLine::new(
        entity.name.clone(),
        Point::new(center.x, center.y + NODE_RADIUS + NAME_GAP + NODE_LABEL_SIZE),
        NODE_LABEL_SIZE,
        TextAnchor::Middle,
        style::INK,
    )
    .with_halo();
    label.bold = emphasis == Emphasis::Stressed;
    NodeShape {
        entity: entity.id.clone(),
        kind: entity.kind,
        center,
        radius: NODE_RADIUS,
        fill: style::kind_rgb(entity.kind),
        icon: style::kind_icon(entity.kind),
        icon_size,
        label: Some(label),
        emphasis,
    }
}

/// How early a shape's label is placed: stressed first, dimmed last.
fn rank(emphasis: Emphasis) -> u8 {
    emphasis.layer()
}

/// Moves every name to a free side of its node and every relation label along its line
/// so that none covers another or a node (the rule of [`crate::geometry::labels`]); what
/// finds no room is dropped, a relation's leaving a "…" (or a bundle's count) where that
/// fits.
fn place_shape_labels(nodes: &mut [NodeShape], edges: &mut [EdgeShape]) {
    let ring = |node: &NodeShape| {
        node.radius + if node.emphasis == Emphasis::Stressed { STRESS_RING_GAP + 1.5 } else { 0.0 }
    };
    let discs: Vec<(Point, f32)> = nodes.iter().map(|n| (n.center, ring(n))).collect();
    // The spokes of each node's lines, found by the centres the routes start and end at.
    let at = |p: Point| (p.x.to_bits(), p.y.to_bits());
    let by_center: std::collections::HashMap<(u32, u32), usize> =
        nodes.iter().enumerate().map(|(i, n)| (at(n.center), i)).collect();
    let mut spokes: Vec<Vec<Point>> = vec![Vec::new(); nodes.len()];
    for edge in edges.iter() {
        let (start, end) = edge.route.ends();
        let (near_start, near_end) = edge.route.spokes(NODE_RADIUS, 1.0);
        for (center, spoke) in [(start, near_start), (end, near_end)] {
            if let Some(&i) = by_center.get(&at(center)) {
                spokes[i].push(spoke);
            }
        }
    }
    let names: Vec<NameRequest> = nodes
        .iter()
        .zip(&spokes)
        .map(|(node, spokes)| {
            let label = node.label.as_ref().map_or(0.0, TextLine::width);
            let mut request = NameRequest {
                center: node.center,
                radius: ring(node),
                gap: NAME_GAP,
                width: label + 4.0,
                height: NODE_LABEL_SIZE * 1.3,
                rank: rank(node.emphasis),
                crossed: [false; 4],
            };
            request.crossed = crossed_sides(&request, spokes);
            request
        })
        .collect();
    let hint_width = |edge: &EdgeShape| {
        let badge = if edge.disputed { 2.0 * MARKER_RADIUS + 2.0 } else { 0.0 };
        style::text_width(&hint_text(edge), EDGE_LABEL_SIZE) + badge + 2.0 * LABEL_PAD
    };
    let requests: Vec<LabelRequest> = edges
        .iter()
        .map(|edge| {
            let (width, height) = edge.label_backdrop.map_or((0.0, 0.0), |r| (r.width, r.height));
            let candidates = match edge.route {
                Route::Loop { .. } => {
                    // Outside the loop, far enough along its direction to clear it.
                    let outward = edge.route.outward();
                    let middle = edge.route.point(0.5, NODE_RADIUS, 1.0);
                    let clearance = 4.0 + width / 2.0 * outward.x.abs() + height / 2.0 * outward.y.abs();
                    let at = middle.plus(outward.times(clearance));
                    [at; ALONG.len()]
                }
                _ => ALONG.map(|t| edge.route.point(t, NODE_RADIUS, 1.0)),
            };
            LabelRequest {
                candidates,
                width,
                height,
                hint_width: hint_width(edge),
                hint_height: height.max(EDGE_LABEL_SIZE * 1.25),
                rank: rank(edge.emphasis),
                weight: edge.sources as u32,
            }
        })
        .collect();
    let placement = place_labels(&discs, &names, &requests, 2.0 * NODE_RADIUS);
    for (node, place) in nodes.iter_mut().zip(placement.names) {
        let Some(label) = &mut node.label else { continue };
        match place {
            Some((rect, _)) => {
                label.at = Point::new(rect.x + rect.width / 2.0, rect.y + NODE_LABEL_SIZE);
                label.anchor = TextAnchor::Middle;
            }
            None => node.label = None,
        }
    }
    for (edge, place) in edges.iter_mut().zip(placement.labels) {
        match place {
            LabelPlace::At(rect) => move_label_to(edge, rect),
            LabelPlace::Hint(rect) => {
                let hint = hint_text(edge);
                let badge = if edge.disputed { 2.0 * MARKER_RADIUS + 2.0 } else { 0.0 };
                let middle = rect.center();
                edge.disputed_marker =
                    edge.disputed.then(|| Point::new(rect.x + LABEL_PAD + MARKER_RADIUS, middle.y));
                edge.label = (!hint.is_empty()).then(|| {
                    let at = Point::new(middle.x + badge / 2.0, middle.y + EDGE_LABEL_SIZE * 0.35);
                    TextLine::new(hint, at, EDGE_LABEL_SIZE, TextAnchor::Middle, style::INK)
                });
                edge.label_backdrop = Some(rect);
            }
            LabelPlace::Dropped => {
                edge.label = None;
                edge.label_backdrop = None;
                edge.disputed_marker = None;
            }
        }
    }
}

/// What a relation whose label finds no room shows instead: a bundle's count, the
/// disputed badge alone, or "…".
fn hint_text(edge: &EdgeShape) -> String {
    match (edge.bundle.len(), edge.disputed) {
        (0, true) => String::new(),
        (0, false) => "\u{2026}".to_owned(),
        (count, _) => format!("\u{d7}{count}"),
    }
}

/// Moves an edge's label, backdrop and badge together so the backdrop fills `rect`.
fn move_label_to(edge: &mut EdgeShape, rect: Rect) {
    let Some(backdrop) = edge.label_backdrop else { return };
    let shift = Point::new(rect.x - backdrop.x, rect.y - backdrop.y);
    edge.label_backdrop = Some(rect);
    if let Some(label) = &mut edge.label {
        label.at = label.at.plus(shift);
    }
    if let Some(marker) = &mut edge.disputed_marker {
        *marker = marker.plus(shift);
    }
}

/// Lays out every relation along the route [`crate::geometry::pair_routes`] gives it:
/// straight when alone between its two entities, bent apart when it shares them with
/// others (or all of them as one bundle, per `parallel`), a loop when it starts and ends
/// at the same entity. A bundle is spread out when one of its relations is stressed.
fn edge_shapes(
    project: &Project,
    parallel: ParallelRelations,
    relations: &[&Relation],
    on_map: &BTreeMap<&EntityId, Point>,
    emphasis: &EmphasisRule<'_>,
) -> Vec<EdgeShape> {
    let index: BTreeMap<&EntityId, u32> = on_map.keys().enumerate().map(|(i, id)| (*id, i as u32)).collect();
    let positions: Vec<Point> = on_map.values().copied().collect();
    let ends: Vec<(u32, u32)> = relations.iter().map(|r| (index[&r.from], index[&r.to])).collect();
    let mut edges = Vec::with_capacity(relations.len());
    for pair in pair_routes(&positions, &ends) {
        let members: Vec<&Relation> = pair.members.iter().map(|&m| relations[m as usize]).collect();
        let expanded = members.len() == 1
            || parallel == ParallelRelations::Expanded
            || members.iter().any(|r| emphasis.of_relation(&r.id) == Emphasis::Stressed);
        if expanded {
            for (relation, route) in members.iter().zip(&pair.routes) {
                let looks = EdgeLooks {
                    label: relation.label.clone(),
                    directed: relation.directed,
                    sources: relation.source_count(),
                    dashed: relation.evidence.is_empty(),
                    disputed: project.relation_is_disputed(relation),
                    emphasis: emphasis.of_relation(&relation.id),
                };
                edges.push(edge_shape(relation.id.clone(), Vec::new(), *route, &looks));
            }
        } else {
            let looks = bundle_looks(project, &members, &ends, &pair, emphasis);
            let route = if looks.directed && ends[pair.members[0] as usize].0 != pair.low {
                // Every member runs high → low: so does the bundle's arrow.
                pair.bundle.reversed()
            } else {
                pair.bundle
            };
            let ids = members.iter().map(|r| r.id.clone()).collect();
            edges.push(edge_shape(members[0].id.clone(), ids, route, &looks));
        }
    }
    edges.sort_by(|a, b| a.relation.cmp(&b.relation));
    edges
}

/// How a relation (or bundle) is drawn, apart from where.
struct EdgeLooks {
    label: String,
    directed: bool,
    sources: usize,
    dashed: bool,
    disputed: bool,
    emphasis: Emphasis,
}

/// A bundle's looks: "6 relations"; directed when every member runs the same way;
/// as thick as its distinct sources; disputed when any member is; dashed when none has
/// evidence; dimmed only when every member is.
fn bundle_looks(
    project: &Project,
    members: &[&Relation],
    ends: &[(u32, u32)],
    pair: &crate::geometry::Pair,
    emphasis: &EmphasisRule<'_>,
) -> EdgeLooks {
    let first = ends[pair.members[0] as usize];
    let one_way = pair.members.iter().all(|&m| ends[m as usize] == first);
    // A bundle is never stressed (a stressed member spreads it out): dimmed when every
    // member is, else as usual.
    let dimmed = members.iter().all(|r| emphasis.of_relation(&r.id) == Emphasis::Dimmed);
    EdgeLooks {
        label: bundle_label(members.len()),
        directed: one_way && members.iter().all(|r| r.directed),
        sources: bundle_sources(members),
        dashed: members.iter().all(|r| r.evidence.is_empty()),
        disputed: members.iter().any(|r| project.relation_is_disputed(r)),
        emphasis: if dimmed { Emphasis::Dimmed } else { Emphasis::Normal },
    }
}

/// The shape of one relation or bundle along `route`: the line trimmed to the node
/// circles (and short of the arrowhead's tip), the arrowhead, the label at the middle
/// with its backdrop and the disputed badge to its left.
fn edge_shape(relation: RelationId, bundle: Vec<RelationId>, route: Route, looks: &EdgeLooks) -> EdgeShape {
    let (mut path, arrival) = trimmed(route);
    let arrow = looks.directed.then(|| {
        let tip = match path {
            EdgePath::Line { to, .. } | EdgePath::Quadratic { to, .. } | EdgePath::Cubic { to, .. } => to,
        };
        let base = tip.minus(arrival.times(ARROW_LENGTH));
        let across = arrival.turned().times(ARROW_HALF_WIDTH);
        // Stop the line inside the arrowhead so its end does not show past the tip.
        let shortened = tip.minus(arrival.times(ARROW_LENGTH * 0.7));
        match &mut path {
            EdgePath::Line { to, .. } | EdgePath::Quadratic { to, .. } | EdgePath::Cubic { to, .. } => {
                *to = shortened;
            }
        }
        [tip, base.plus(across), base.minus(across)]
    });
    let stressed = looks.emphasis == Emphasis::Stressed;
    // A stressed relation takes the highlight colour even when disputed: its badge
    // still says so.
    let color = match (stressed, looks.disputed) {
        (true, _) => style::HIGHLIGHT,
        (false, true) => style::WARNING,
        (false, false) => style::RELATION,
    };
    // Centred on the middle of the line for now; `place_shape_labels` moves it.
    let middle = route.point(0.5, NODE_RADIUS, 1.0);
    let text = looks.label.clone();
    let badge = if looks.disputed { 2.0 * MARKER_RADIUS + 2.0 } else { 0.0 };
    let text_width = if text.is_empty() { 0.0 } else { style::text_width(&text, EDGE_LABEL_SIZE) };
    let shown = !text.is_empty() || looks.disputed;
    let width = text_width + badge + 2.0 * LABEL_PAD;
    let height = EDGE_LABEL_SIZE * 1.25;
    let label_backdrop = shown.then(|| Rect::around(middle, width / 2.0, height / 2.0));
    let label = (!text.is_empty()).then(|| {
        let at = Point::new(middle.x + badge / 2.0, middle.y + EDGE_LABEL_SIZE * 0.35);
        let label = TextLine::new(text, at, EDGE_LABEL_SIZE, TextAnchor::Middle, style::INK);
        if stressed || !bundle.is_empty() { label.bold() } else { label }
    });
    let disputed_marker =
        looks.disputed.then(|| Point::new(middle.x - width / 2.0 + LABEL_PAD + MARKER_RADIUS, middle.y));
    EdgeShape {
        relation,
        bundle,
        route,
        path,
        width: edge_width(looks.sources) + if stressed { STRESS_EXTRA_WIDTH } else { 0.0 },
        color,
        dashed: looks.dashed,
        arrow,
        label,
        label_backdrop,
        sources: looks.sources,
        disputed: looks.disputed,
        disputed_marker,
        emphasis: looks.emphasis,
    }
}

/// The drawn path of `route` between circles of [`NODE_RADIUS`] (2 units short at the
/// end, for the arrowhead), and the direction it arrives in.
fn trimmed(route: Route) -> (EdgePath, Point) {
    match route {
        Route::Line { from, to } => {
            let direction = to.minus(from).unit();
            let path = EdgePath::Line {
                from: from.plus(direction.times(NODE_RADIUS)),
                to: to.minus(direction.times(NODE_RADIUS + 2.0)),
            };
            (path, direction)
        }
        Route::Curve { from, control, to } => {
            let start = from.plus(control.minus(from).unit().times(NODE_RADIUS));
            let end = to.plus(control.minus(to).unit().times(NODE_RADIUS + 2.0));
            (EdgePath::Quadratic { from: start, control, to: end }, end.minus(control).unit())
        }
        Route::Loop { center, angle, index } => {
            let [from, control1, control2, to] = loop_points(center, angle, index, NODE_RADIUS, 1.0);
            (EdgePath::Cubic { from, control1, control2, to }, to.minus(control2).unit())
        }
    }
}

fn group_shape(group: &crate::model::MapGroup, emphasis: Emphasis) -> GroupShape {
    let label = TextLine::new(
        group.label.clone(),
        Point::new(group.x + 8.0, group.y + 6.0 + NODE_LABEL_SIZE),
        NODE_LABEL_SIZE,
        TextAnchor::Start,
        style::GROUP_BORDER,
    )
    .bold();
    GroupShape {
        rect: Rect::new(group.x, group.y, group.width.max(0.0), group.height.max(0.0)),
        label,
        emphasis,
    }
}

fn note_shape(x: f32, y: f32, text: &str, emphasis: Emphasis) -> NoteShape {
    let wrapped = wrap(text, NOTE_TEXT_SIZE, NOTE_MAX_WIDTH);
    let widest = wrapped.iter().map(|line| style::text_width(line, NOTE_TEXT_SIZE)).fold(0.0, f32::max);
    let lines = wrapped
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let baseline = y + NOTE_PADDING + NOTE_TEXT_SIZE * 0.9 + index as f32 * NOTE_LINE_HEIGHT;
            TextLine::new(
                line,
                Point::new(x + NOTE_PADDING, baseline),
                NOTE_TEXT_SIZE,
                TextAnchor::Start,
                style::INK,
            )
        })
        .collect::<Vec<_>>();
    let height = 2.0 * NOTE_PADDING + lines.len().max(1) as f32 * NOTE_LINE_HEIGHT - 4.0;
    NoteShape { rect: Rect::new(x, y, widest.max(24.0) + 2.0 * NOTE_PADDING, height), lines, emphasis }
}

/// Breaks `text` into lines no wider than `max_width` where it can (a single word wider
/// than that gets a line of its own); line breaks in the text are kept.
pub fn wrap(text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if line.is_empty() || style::text_width(&candidate, size) <= max_width {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_wrap_within_their_width() {
        let lines =
            wrap("Assad said he never considered stepping down, in a statement from Moscow.", 12.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| style::text_width(l, 12.0) <= 120.0));
        assert_eq!(wrap("one\ntwo", 12.0, 500.0), ["one", "two"]);
    }
}
