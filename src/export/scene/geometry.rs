//! Scene geometry: what a map looks like, in map coordinates. Entities are circles with
//! their names below, relations are lines (bent apart when several share a pair of
//! entities, loops when they start and end at one), with arrowheads, labels and badges;
//! groups and notes are boxes. Pure: no page, no renderer, no egui.
//!
//! [`MapShapes::build`] is the one entry; [`super::page`] places the result on a page.

use std::collections::{BTreeMap, BTreeSet};
use std::f32::consts::{FRAC_PI_2, PI};

use crate::export::style::{self, Rgb};
use crate::model::{EntityId, EntityKind, Map, Project, Relation, RelationId};

/// A point in map or page coordinates (x right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, down is positive.
    pub y: f32,
}

impl Point {
    /// The point at `x`, `y`.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    fn plus(self, other: Self) -> Self {
        Self::new(self.x + other.x, self.y + other.y)
    }

    fn minus(self, other: Self) -> Self {
        Self::new(self.x - other.x, self.y - other.y)
    }

    fn times(self, factor: f32) -> Self {
        Self::new(self.x * factor, self.y * factor)
    }

    fn length(self) -> f32 {
        self.x.hypot(self.y)
    }

    /// The unit vector in this direction, or straight right for a zero vector.
    fn unit(self) -> Self {
        let length = self.length();
        if length > f32::EPSILON { self.times(1.0 / length) } else { Self::new(1.0, 0.0) }
    }

    /// This vector turned a quarter turn (clockwise on screen).
    fn turned(self) -> Self {
        Self::new(-self.y, self.x)
    }

    fn at_angle(radians: f32) -> Self {
        Self::new(radians.cos(), radians.sin())
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width, not negative.
    pub width: f32,
    /// Height, not negative.
    pub height: f32,
}

impl Rect {
    /// The rectangle with top-left corner `x`, `y` and the given size.
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self { x, y, width, height }
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    fn around(center: Point, half_width: f32, half_height: f32) -> Self {
        Self::new(center.x - half_width, center.y - half_height, 2.0 * half_width, 2.0 * half_height)
    }

    fn union(self, other: Self) -> Self {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Self::new(x, y, self.right().max(other.right()) - x, self.bottom().max(other.bottom()) - y)
    }

    /// This rectangle with `margin` added on every side.
    pub(super) fn grown(self, margin: f32) -> Self {
        Self::new(self.x - margin, self.y - margin, self.width + 2.0 * margin, self.height + 2.0 * margin)
    }
}

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
    fn bounds(&self) -> Rect {
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
    /// The name, under the circle.
    pub label: TextLine,
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
    /// The relation drawn.
    pub relation: RelationId,
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
    /// A box of the page colour behind the label, so the line does not run through it.
    pub label_backdrop: Option<Rect>,
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

/// Radius of an entity's circle.
pub const NODE_RADIUS: f32 = 18.0;
/// Font size of entity names.
pub const NODE_LABEL_SIZE: f32 = 12.0;
/// Font size of relation labels.
pub const EDGE_LABEL_SIZE: f32 = 11.0;
/// How far apart (at their middles) relations between the same two entities bend.
pub const BEND_STEP: f32 = 36.0;
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
const LOOP_REACH: f32 = 46.0;
const LOOP_SPREAD: f32 = 0.9;

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
        let mut edges = edge_shapes(project, &relations, &on_map, &emphasis);
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
            rects.push(node.label.bounds());
        }
        for edge in &self.edges {
            rects.extend(edge.path.points().into_iter().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)));
            rects.extend(edge.label.iter().map(TextLine::bounds));
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
    let mut label = TextLine::new(
        entity.name.clone(),
        Point::new(center.x, center.y + NODE_RADIUS + 4.0 + NODE_LABEL_SIZE),
        NODE_LABEL_SIZE,
        TextAnchor::Middle,
        style::INK,
    )
    .with_halo();
    if emphasis == Emphasis::Stressed {
        // Below the ring, and bold.
        label.at.y += STRESS_RING_GAP;
        label.bold = true;
    }
    NodeShape {
        entity: entity.id.clone(),
        kind: entity.kind,
        center,
        radius: NODE_RADIUS,
        fill: style::kind_rgb(entity.kind),
        icon: style::kind_icon(entity.kind),
        icon_size,
        label,
        emphasis,
    }
}

/// Lays out every relation: straight when alone between its two entities, bent apart
/// when it shares them with others, a loop when it starts and ends at the same entity.
fn edge_shapes(
    project: &Project,
    relations: &[&Relation],
    on_map: &BTreeMap<&EntityId, Point>,
    emphasis: &EmphasisRule<'_>,
) -> Vec<EdgeShape> {
    // Relations by unordered pair, each list in id order.
    let mut by_pair: BTreeMap<(&EntityId, &EntityId), Vec<&Relation>> = BTreeMap::new();
    for relation in relations {
        let pair = if relation.from <= relation.to {
            (&relation.from, &relation.to)
        } else {
            (&relation.to, &relation.from)
        };
        by_pair.entry(pair).or_default().push(relation);
    }
    let mut edges = Vec::with_capacity(relations.len());
    for ((low, high), pair_relations) in by_pair {
        let (Some(&low_at), Some(&high_at)) = (on_map.get(low), on_map.get(high)) else {
            continue;
        };
        let count = pair_relations.len();
        let loop_angles =
            if low == high { spread_loops(low, low_at, relations, on_map, count) } else { Vec::new() };
        for (index, relation) in pair_relations.into_iter().enumerate() {
            let geometry = if let Some(&angle) = loop_angles.get(index) {
                loop_geometry(low_at, angle, index)
            } else {
                // Offsets measured on one side of the pair (low → high), so relations in
                // opposite directions still bend apart.
                let offset = (index as f32 - (count as f32 - 1.0) / 2.0) * BEND_STEP;
                let (from_at, to_at, side) = if &relation.from == low {
                    (low_at, high_at, offset)
                } else {
                    (high_at, low_at, -offset)
                };
                pair_geometry(from_at, to_at, side)
            };
            edges.push(edge_shape(
                relation,
                geometry,
                emphasis.of_relation(&relation.id),
                project.relation_is_disputed(relation),
            ));
        }
    }
    edges.sort_by(|a, b| a.relation.cmp(&b.relation));
    edges
}

/// Where a relation's line goes: the path (not yet shortened for an arrowhead), the
/// direction it arrives in, its middle and which way is "outside" at the middle.
#[derive(Clone, Copy)]
struct Geometry {
    path: EdgePath,
    arrival: Point,
    middle: Point,
    outward: Point,
}

fn pair_geometry(from_at: Point, to_at: Point, side: f32) -> Geometry {
    let direction = to_at.minus(from_at).unit();
    let normal = direction.turned();
    if side.abs() < f32::EPSILON {
        let from = from_at.plus(direction.times(NODE_RADIUS));
        let to = to_at.minus(direction.times(NODE_RADIUS + 2.0));
        let middle = from_at.plus(to_at).times(0.5);
        return Geometry { path: EdgePath::Line { from, to }, arrival: direction, middle, outward: normal };
    }
    // The curve's middle lies half way to the control point, so the control point sits
    // twice the offset away from the chord.
    let control = from_at.plus(to_at).times(0.5).plus(normal.times(2.0 * side));
    let from = from_at.plus(control.minus(from_at).unit().times(NODE_RADIUS));
    let to = to_at.plus(control.minus(to_at).unit().times(NODE_RADIUS + 2.0));
    let middle = from.times(0.25).plus(control.times(0.5)).plus(to.times(0.25));
    Geometry {
        path: EdgePath::Quadratic { from, control, to },
        arrival: to.minus(control).unit(),
        middle,
        outward: normal.times(side.signum()),
    }
}

/// The directions (angles) of the loops of entity `id`: centred in the widest gap
/// between its other relations, so loops do not sit on other lines; straight up when
/// it has no others.
fn spread_loops(
    id: &EntityId,
    center: Point,
    relations: &[&Relation],
    on_map: &BTreeMap<&EntityId, Point>,
    count: usize,
) -> Vec<f32> {
    let mut angles: Vec<f32> = relations
        .iter()
        .filter_map(|r| match (&r.from == id, &r.to == id) {
            (true, false) => on_map.get(&r.to),
            (false, true) => on_map.get(&r.from),
            _ => None,
        })
        .map(|other| (other.y - center.y).atan2(other.x - center.x))
        .collect();
    angles.sort_by(f32::total_cmp);
    let middle = match (angles.first(), angles.last()) {
        (Some(&first), Some(&last)) => {
            // The gap that wraps round from the last angle to the first, then the others.
            let mut widest = (first + 2.0 * PI - last, last);
            for pair in angles.windows(2) {
                if pair[1] - pair[0] > widest.0 {
                    widest = (pair[1] - pair[0], pair[0]);
                }
            }
            widest.1 + widest.0 / 2.0
        }
        _ => -FRAC_PI_2,
    };
    (0..count).map(|index| middle + (index as f32 - (count as f32 - 1.0) / 2.0) * LOOP_SPREAD).collect()
}

fn loop_geometry(center: Point, angle: f32, index: usize) -> Geometry {
    let reach = NODE_RADIUS + LOOP_REACH + index as f32 * 6.0;
    let from = center.plus(Point::at_angle(angle - 0.45).times(NODE_RADIUS));
    let to = center.plus(Point::at_angle(angle + 0.45).times(NODE_RADIUS + 2.0));
    let control1 = center.plus(Point::at_angle(angle - 0.6).times(reach));
    let control2 = center.plus(Point::at_angle(angle + 0.6).times(reach));
    let middle =
        from.times(0.125).plus(control1.times(0.375)).plus(control2.times(0.375)).plus(to.times(0.125));
    Geometry {
        path: EdgePath::Cubic { from, control1, control2, to },
        arrival: to.minus(control2).unit(),
        middle,
        outward: Point::at_angle(angle),
    }
}

fn edge_shape(relation: &Relation, geometry: Geometry, emphasis: Emphasis, disputed: bool) -> EdgeShape {
    let Geometry { mut path, arrival, middle, outward } = geometry;
    let arrow = relation.directed.then(|| {
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
    let sources = relation.source_count();
    let stressed = emphasis == Emphasis::Stressed;
    // A stressed relation takes the highlight colour even when disputed: its badge
    // still says so.
    let color = match (stressed, disputed) {
        (true, _) => style::HIGHLIGHT,
        (false, true) => style::WARNING,
        (false, false) => style::RELATION,
    };
    // Labels of loops sit outside the loop; others on the line, centred.
    let label_center = match path {
        EdgePath::Cubic { .. } => {
            // Far enough out along the loop's direction that the text clears the loop.
            let half_width = style::text_width(&relation.label, EDGE_LABEL_SIZE) / 2.0;
            let clearance = 4.0 + half_width * outward.x.abs() + EDGE_LABEL_SIZE * 0.7 * outward.y.abs();
            middle.plus(outward.times(clearance))
        }
        _ => middle,
    };
    let baseline = Point::new(label_center.x, label_center.y + EDGE_LABEL_SIZE * 0.35);
    let mut label = (!relation.label.is_empty()).then(|| {
        let label =
            TextLine::new(relation.label.clone(), baseline, EDGE_LABEL_SIZE, TextAnchor::Middle, style::INK);
        if stressed { label.bold() } else { label }
    });
    let disputed_marker = disputed.then(|| match &mut label {
        Some(label) => {
            // The badge to the left of the label, the two centred together.
            let half = label.width() / 2.0;
            label.at.x += MARKER_RADIUS + 2.0;
            Point::new(label_center.x - half - 2.0, label_center.y)
        }
        None => label_center,
    });
    let label_backdrop = label.as_ref().map(|label| {
        let width = label.width();
        Rect::new(
            label.at.x - width / 2.0 - 3.0,
            label.at.y - EDGE_LABEL_SIZE * 0.9,
            width + 6.0,
            EDGE_LABEL_SIZE * 1.25,
        )
    });
    EdgeShape {
        relation: relation.id.clone(),
        path,
        width: edge_width(sources) + if stressed { STRESS_EXTRA_WIDTH } else { 0.0 },
        color,
        dashed: relation.evidence.is_empty(),
        arrow,
        label,
        label_backdrop,
        disputed_marker,
        emphasis,
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
