//! The scene: one renderer-neutral drawing of a map, from which the SVG (and through it
//! the PNG) is written, and which later renderers (slides) share.
//!
//! Map shapes (groups, relations, entities, notes) are in map coordinates; the page
//! furniture (title, caption, legend, list of sources) is in page coordinates.
//! [`Scene::view`] is the part of the map that shows, in [`Scene::map_frame`] on the page.
//!
//! A slide of the map's storyboard is a scene too ([`SceneOptions::for_slide`]): its
//! camera, the nodes and relations it shows, what it stresses (the rest is dimmed), its
//! title and its caption.

use std::collections::{BTreeMap, BTreeSet};
use std::f32::consts::{FRAC_PI_2, PI};

use super::ExportError;
use super::style::{self, Rgb};
use crate::model::{EntityId, EntityKind, Map, Project, Relation, RelationId, SourceId};

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

    fn grown(self, margin: f32) -> Self {
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
    fn new(text: impl Into<String>, at: Point, size: f32, anchor: TextAnchor, color: Rgb) -> Self {
        Self { text: text.into(), at, size, anchor, color, bold: false, halo: false }
    }

    fn bold(mut self) -> Self {
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

/// What a legend entry shows beside its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A small node of a kind.
    Kind {
        /// Fill.
        color: Rgb,
        /// The kind's icon.
        icon: &'static str,
    },
    /// A short relation line.
    Line {
        /// Stroke colour.
        color: Rgb,
        /// Stroke width.
        width: f32,
        /// Dashed or solid.
        dashed: bool,
    },
    /// The disputed badge.
    Disputed,
    /// The ring of a highlighted node.
    Stressed,
}

/// One entry of the legend: a swatch centred at `at` and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// What is drawn.
    pub swatch: Swatch,
    /// Centre of the swatch, in page coordinates.
    pub at: Point,
    /// The explanation.
    pub label: TextLine,
}

/// A source that evidence on the map quotes, numbered for the list under the map.
#[derive(Clone, Debug, PartialEq)]
pub struct CitedSource {
    /// Its number in the list, from 1.
    pub number: usize,
    /// The source.
    pub source: SourceId,
    /// The line of the list, in page coordinates.
    pub line: TextLine,
}

/// What to draw and how.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneOptions {
    /// The part of the map to show (the camera), in map coordinates; `None` fits the
    /// whole map with a margin.
    pub view: Option<Rect>,
    /// The size (width, height) on the page that a smaller view is scaled up to fit,
    /// keeping its proportions (a larger view is drawn at one map unit per pixel, so
    /// that its labels stay readable); `None` always draws one map unit as one pixel.
    pub frame: Option<(f32, f32)>,
    /// Only these entities (and the relations between them); `None` draws every node.
    pub visible: Option<BTreeSet<EntityId>>,
    /// Relations left out even when both their ends are drawn.
    pub hidden_relations: BTreeSet<RelationId>,
    /// Entities to stress. When this or `highlighted_relations` is not empty, what is
    /// not stressed is dimmed (see [`Scene::build`] for the exact rule).
    pub highlighted: BTreeSet<EntityId>,
    /// Relations to stress.
    pub highlighted_relations: BTreeSet<RelationId>,
    /// The title; `None` uses the map's name, an empty title leaves the title out.
    pub title: Option<String>,
    /// The line under the title; `None` uses the project's title, an empty one leaves it
    /// out.
    pub subtitle: Option<String>,
    /// The caption under the map, wrapped to the page width; empty for none.
    pub caption: String,
    /// Whether to draw the legend.
    pub legend: bool,
    /// Whether to list the sources the map's evidence quotes.
    pub cited_sources: bool,
}

impl Default for SceneOptions {
    fn default() -> Self {
        Self {
            view: None,
            frame: None,
            visible: None,
            hidden_relations: BTreeSet::new(),
            highlighted: BTreeSet::new(),
            highlighted_relations: BTreeSet::new(),
            title: None,
            subtitle: None,
            caption: String::new(),
            legend: true,
            cited_sources: true,
        }
    }
}

impl SceneOptions {
    /// The options that draw slide `index` (from 0) of `map`'s storyboard: its camera
    /// zoomed to fill [`SLIDE_FRAME`], its nodes and relations, its highlights, its title
    /// over "map name · slide N of M", and its caption. The sources listed are those
    /// quoted by the relations the slide shows.
    pub fn for_slide(map: &Map, index: usize) -> Result<Self, ExportError> {
        let Some(slide) = map.slides.get(index) else {
            return Err(ExportError::NoSlide {
                map: map.id.to_string(),
                wanted: index.saturating_add(1),
                count: map.slides.len(),
            });
        };
        let title = if slide.title.trim().is_empty() { map.name.clone() } else { slide.title.clone() };
        let view = slide.view;
        Ok(Self {
            view: Some(Rect::new(view.x, view.y, view.width, view.height)),
            frame: Some(SLIDE_FRAME),
            visible: slide.nodes.clone(),
            hidden_relations: slide.hidden_relations.clone(),
            highlighted: slide.highlighted.clone(),
            highlighted_relations: slide.highlighted_relations.clone(),
            title: Some(title),
            subtitle: Some(format!("{} · slide {} of {}", map.name, index + 1, map.slides.len())),
            caption: slide.caption.clone(),
            legend: true,
            cited_sources: true,
        })
    }

    /// Whether anything is highlighted, so that the rest is dimmed.
    pub fn has_highlights(&self) -> bool {
        !self.highlighted.is_empty() || !self.highlighted_relations.is_empty()
    }
}

/// A map drawn once, for every renderer.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Page width in pixels at scale 1 (a whole number).
    pub width: f32,
    /// Page height in pixels at scale 1 (a whole number).
    pub height: f32,
    /// The page colour.
    pub background: Rgb,
    /// The part of the map shown, in map coordinates.
    pub view: Rect,
    /// Where on the page the view is drawn (same size as the view).
    pub map_frame: Rect,
    /// Group rectangles, drawn first.
    pub groups: Vec<GroupShape>,
    /// Relations, drawn over the groups.
    pub edges: Vec<EdgeShape>,
    /// Entities, drawn over the relations.
    pub nodes: Vec<NodeShape>,
    /// Notes, drawn last.
    pub notes: Vec<NoteShape>,
    /// The title above the map.
    pub title: Option<TextLine>,
    /// The project's title (or a slide's map and number) under it.
    pub subtitle: Option<TextLine>,
    /// The caption under the map, one line each.
    pub caption: Vec<TextLine>,
    /// The legend under the map.
    pub legend: Vec<LegendEntry>,
    /// The heading of the list of sources.
    pub sources_heading: Option<TextLine>,
    /// The sources cited, one line each.
    pub sources: Vec<CitedSource>,
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
/// The size on the page (width, height) a slide's camera is zoomed to fill: a 16:9 frame.
pub const SLIDE_FRAME: (f32, f32) = (1280.0, 720.0);
/// How far outside its circle the ring of a stressed node is drawn.
pub const STRESS_RING_GAP: f32 = 4.5;
/// How much wider a stressed relation's line is.
pub const STRESS_EXTRA_WIDTH: f32 = 1.5;

const NOTE_PADDING: f32 = 8.0;
const NOTE_LINE_HEIGHT: f32 = 16.0;
const LOOP_REACH: f32 = 46.0;
const LOOP_SPREAD: f32 = 0.9;
const FIT_MARGIN: f32 = 32.0;
const PAGE_PADDING: f32 = 24.0;
const MIN_PAGE_WIDTH: f32 = 560.0;
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 13.0;
const LEGEND_SIZE: f32 = 12.0;
const LEGEND_ROW: f32 = 24.0;
const SOURCES_SIZE: f32 = 12.0;
const SOURCES_ROW: f32 = 17.0;
const CAPTION_SIZE: f32 = 16.0;
const CAPTION_ROW: f32 = 22.0;

/// The stroke width of a relation backed by `sources` distinct sources.
pub fn edge_width(sources: usize) -> f32 {
    1.5 + sources.min(5) as f32
}

impl Scene {
    /// Draws `map` of `project`.
    ///
    /// When `options` highlights anything, a relation is stressed when it is among the
    /// highlighted relations or, if none is, when both its ends are highlighted
    /// entities; an entity is stressed when it is highlighted or is an end of a stressed
    /// relation. Everything else (groups and notes too) is dimmed.
    pub fn build(project: &Project, map: &Map, options: &SceneOptions) -> Self {
        let on_map: BTreeMap<&EntityId, Point> = map
            .nodes
            .iter()
            .filter(|(id, _)| project.entities.contains_key(*id))
            .filter(|(id, _)| options.visible.as_ref().is_none_or(|visible| visible.contains(*id)))
            .map(|(id, node)| (id, Point::new(node.x, node.y)))
            .collect();
        let mut relations = relations_between(project, |id| on_map.contains_key(id));
        relations.retain(|r| !options.hidden_relations.contains(&r.id));
        let emphasis = EmphasisRule::new(options, &relations);

        let mut nodes: Vec<NodeShape> = on_map
            .iter()
            .filter_map(|(id, center)| {
                let entity = project.entities.get(*id)?;
                Some(node_shape(entity, *center, emphasis.of_entity(id)))
            })
            .collect();
        let mut edges = edge_shapes(&relations, &on_map, &emphasis);
        // Stressed shapes on top of the others, dimmed ones under them (a stable sort, so
        // id order within each).
        nodes.sort_by_key(|n| n.emphasis.layer());
        edges.sort_by_key(|e| e.emphasis.layer());
        let background = emphasis.background();
        let groups = map.groups.iter().map(|g| group_shape(g, background)).collect::<Vec<_>>();
        let note_boxes = map
            .notes
            .iter()
            .map(|note| note_shape(note.x, note.y, &note.text, background))
            .collect::<Vec<_>>();

        let view = options.view.unwrap_or_else(|| fit(&nodes, &edges, &groups, &note_boxes));
        let map_frame = match options.frame {
            Some((width, height)) if view.width > 0.0 && view.height > 0.0 => {
                // Zoom in to fill the frame, never out: labels stay at least their size.
                let factor = (width / view.width).min(height / view.height).max(1.0);
                if factor.is_finite() {
                    Rect::new(0.0, 0.0, (view.width * factor).round(), (view.height * factor).round())
                } else {
                    view
                }
            }
            _ => view,
        };
        let mut scene = Self {
            width: 0.0,
            height: 0.0,
            background: style::PAGE,
            view,
            map_frame,
            groups,
            edges,
            nodes,
            notes: note_boxes,
            title: None,
            subtitle: None,
            caption: Vec::new(),
            legend: Vec::new(),
            sources_heading: None,
            sources: Vec::new(),
        };
        let title = options.title.clone().unwrap_or_else(|| map.name.clone());
        let subtitle = options.subtitle.clone().unwrap_or_else(|| project.meta.title.clone());
        let cited = if options.cited_sources { cited_sources(&relations) } else { BTreeSet::new() };
        let page = Page {
            title: &title,
            subtitle: &subtitle,
            caption: &options.caption,
            legend: options.legend,
            stressed_in_legend: options.has_highlights(),
        };
        scene.lay_out_page(project, &page, &cited, &relations);
        scene
    }

    /// Converts a point in map coordinates to page coordinates.
    pub fn page_from_map(&self, point: Point) -> Point {
        let scale_x = if self.view.width > 0.0 { self.map_frame.width / self.view.width } else { 1.0 };
        let scale_y = if self.view.height > 0.0 { self.map_frame.height / self.view.height } else { 1.0 };
        Point::new(
            self.map_frame.x + (point.x - self.view.x) * scale_x,
            self.map_frame.y + (point.y - self.view.y) * scale_y,
        )
    }

    fn lay_out_page(
        &mut self,
        project: &Project,
        page: &Page<'_>,
        cited: &BTreeSet<&SourceId>,
        relations: &[&Relation],
    ) {
        let width = (self.map_frame.width + 2.0 * PAGE_PADDING).max(MIN_PAGE_WIDTH).ceil();
        let text_width = width - 2.0 * PAGE_PADDING;
        let mut y = PAGE_PADDING;
        if !page.title.is_empty() {
            y += TITLE_SIZE;
            self.title = Some(
                TextLine::new(
                    fit_text(page.title, TITLE_SIZE, text_width),
                    Point::new(PAGE_PADDING, y),
                    TITLE_SIZE,
                    TextAnchor::Start,
                    style::INK,
                )
                .bold(),
            );
            if !page.subtitle.is_empty() {
                y += SUBTITLE_SIZE + 6.0;
                self.subtitle = Some(TextLine::new(
                    fit_text(page.subtitle, SUBTITLE_SIZE, text_width),
                    Point::new(PAGE_PADDING, y),
                    SUBTITLE_SIZE,
                    TextAnchor::Start,
                    style::MUTED_INK,
                ));
            }
            y += 14.0;
        }
        self.map_frame.x = ((width - self.map_frame.width) / 2.0).max(0.0);
        self.map_frame.y = y;
        y = self.map_frame.bottom() + 12.0;

        if !page.caption.trim().is_empty() {
            y += 4.0;
            for line in wrap(page.caption, CAPTION_SIZE, text_width) {
                y += CAPTION_ROW;
                self.caption.push(TextLine::new(
                    line,
                    Point::new(PAGE_PADDING, y - (CAPTION_ROW - CAPTION_SIZE)),
                    CAPTION_SIZE,
                    TextAnchor::Start,
                    style::INK,
                ));
            }
            y += 12.0;
        }
        if page.legend {
            self.legend = legend_entries(&self.nodes, relations, page.stressed_in_legend);
            y = flow(&mut self.legend, y, width);
        }
        if !cited.is_empty() {
            y += 10.0 + SOURCES_SIZE;
            self.sources_heading = Some(
                TextLine::new(
                    "Sources cited",
                    Point::new(PAGE_PADDING, y),
                    SOURCES_SIZE,
                    TextAnchor::Start,
                    style::INK,
                )
                .bold(),
            );
            for (index, id) in cited.iter().enumerate() {
                y += SOURCES_ROW;
                let text = project.sources.get(*id).map_or_else(|| id.to_string(), source_citation);
                let text = fit_text(&format!("[{}] {text}", index + 1), SOURCES_SIZE, text_width);
                self.sources.push(CitedSource {
                    number: index + 1,
                    source: (*id).clone(),
                    line: TextLine::new(
                        text,
                        Point::new(PAGE_PADDING, y),
                        SOURCES_SIZE,
                        TextAnchor::Start,
                        style::MUTED_INK,
                    ),
                });
            }
        }
        self.width = width;
        self.height = (y + PAGE_PADDING).ceil();
    }
}

/// The text around the map, for `Scene::lay_out_page`.
struct Page<'a> {
    title: &'a str,
    subtitle: &'a str,
    caption: &'a str,
    legend: bool,
    stressed_in_legend: bool,
}

/// Which entities and relations a scene stresses, when it highlights anything. The
/// canvas in presentation mode uses the same rule, so the screen and the export agree.
pub struct EmphasisRule<'a> {
    active: bool,
    entities: BTreeSet<&'a EntityId>,
    relations: BTreeSet<&'a RelationId>,
}

impl<'a> EmphasisRule<'a> {
    fn new(options: &'a SceneOptions, relations: &[&'a Relation]) -> Self {
        Self::from_highlights(&options.highlighted, &options.highlighted_relations, relations)
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
            edges.push(edge_shape(relation, geometry, emphasis.of_relation(&relation.id)));
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

fn edge_shape(relation: &Relation, geometry: Geometry, emphasis: Emphasis) -> EdgeShape {
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
    let color = match (stressed, relation.disputed) {
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
    let disputed_marker = relation.disputed.then(|| match &mut label {
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

/// `text`, cut with an ellipsis where it would be wider than `max_width`.
fn fit_text(text: &str, size: f32, max_width: f32) -> String {
    if style::text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let mut kept = String::new();
    for c in text.chars() {
        kept.push(c);
        if style::text_width(&kept, size) + style::text_width("…", size) > max_width {
            kept.pop();
            break;
        }
    }
    format!("{}…", kept.trim_end())
}

/// The bounds of everything drawn on the map, with a margin.
fn fit(nodes: &[NodeShape], edges: &[EdgeShape], groups: &[GroupShape], note_boxes: &[NoteShape]) -> Rect {
    let mut rects: Vec<Rect> = Vec::new();
    for node in nodes {
        rects.push(Rect::around(node.center, node.radius, node.radius));
        rects.push(node.label.bounds());
    }
    for edge in edges {
        rects.extend(edge.path.points().into_iter().map(|p| Rect::new(p.x, p.y, 0.0, 0.0)));
        rects.extend(edge.label.iter().map(TextLine::bounds));
    }
    rects.extend(groups.iter().map(|g| g.rect));
    rects.extend(note_boxes.iter().map(|n| n.rect));
    let Some(first) = rects.first().copied() else {
        return Rect::new(0.0, 0.0, 480.0, 320.0);
    };
    let bounds = rects.into_iter().fold(first, Rect::union).grown(FIT_MARGIN);
    // Whole pixels, so that the page has a whole number of pixels at any whole scale.
    Rect::new(bounds.x.floor(), bounds.y.floor(), bounds.width.ceil(), bounds.height.ceil())
}

fn cited_sources<'a>(relations: &[&'a Relation]) -> BTreeSet<&'a SourceId> {
    relations.iter().flat_map(|r| r.evidence.iter().map(|e| &e.source)).collect()
}

fn source_citation(source: &crate::model::Source) -> String {
    let details: Vec<&str> =
        [source.outlet.as_str(), source.published.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if details.is_empty() {
        source.title.clone()
    } else {
        format!("{} — {}", source.title, details.join(", "))
    }
}

/// The legend: the kinds on the map, then what the line styles mean (only those used).
fn legend_entries(nodes: &[NodeShape], relations: &[&Relation], stressed: bool) -> Vec<LegendEntry> {
    let kinds: BTreeSet<EntityKind> = nodes.iter().map(|n| n.kind).collect();
    let mut entries: Vec<(Swatch, String)> = EntityKind::ALL
        .iter()
        .filter(|kind| kinds.contains(kind))
        .map(|&kind| {
            (
                Swatch::Kind { color: style::kind_rgb(kind), icon: style::kind_icon(kind) },
                kind.label().to_owned(),
            )
        })
        .collect();
    if relations.iter().any(|r| !r.evidence.is_empty()) {
        let line =
            |sources| Swatch::Line { color: style::RELATION, width: edge_width(sources), dashed: false };
        entries.push((line(1), "backed by 1 source".to_owned()));
        if relations.iter().any(|r| r.source_count() > 1) {
            entries.push((line(3), "thicker: more sources".to_owned()));
        }
    }
    if relations.iter().any(|r| r.evidence.is_empty()) {
        let swatch = Swatch::Line { color: style::RELATION, width: edge_width(0), dashed: true };
        entries.push((swatch, "no evidence yet".to_owned()));
    }
    if relations.iter().any(|r| r.disputed) {
        entries.push((Swatch::Disputed, "disputed by the sources".to_owned()));
    }
    if stressed {
        entries.push((Swatch::Stressed, "highlighted on this slide".to_owned()));
    }
    entries
        .into_iter()
        .map(|(swatch, text)| LegendEntry {
            swatch,
            at: Point::new(0.0, 0.0),
            label: TextLine::new(
                text,
                Point::new(0.0, 0.0),
                LEGEND_SIZE,
                TextAnchor::Start,
                style::MUTED_INK,
            ),
        })
        .collect()
}

/// Places legend entries left to right from `top`, wrapping at the page width; returns
/// the bottom of the last row.
fn flow(entries: &mut [LegendEntry], top: f32, page_width: f32) -> f32 {
    if entries.is_empty() {
        return top;
    }
    let mut x = PAGE_PADDING;
    let mut row_middle = top + LEGEND_ROW / 2.0;
    for entry in entries.iter_mut() {
        let swatch_width = match entry.swatch {
            Swatch::Line { .. } => 28.0,
            Swatch::Kind { .. } | Swatch::Disputed => 16.0,
            Swatch::Stressed => 22.0,
        };
        let width = swatch_width + 6.0 + entry.label.width();
        if x > PAGE_PADDING && x + width > page_width - PAGE_PADDING {
            x = PAGE_PADDING;
            row_middle += LEGEND_ROW;
        }
        entry.at = Point::new(x + swatch_width / 2.0, row_middle);
        entry.label.at = Point::new(x + swatch_width + 6.0, row_middle + LEGEND_SIZE * 0.35);
        x += width + 18.0;
    }
    row_middle + LEGEND_ROW / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, MapId, MapNode};

    fn two_entities_with(relations: &[(&str, &str, &str)]) -> (Project, Map) {
        let mut project = Project::new("Test");
        let mut map = Map::new(MapId::from("m"), "Map");
        for (id, x) in [("a", 0.0), ("b", 200.0)] {
            project
                .entities
                .insert(EntityId::from(id), Entity::new(EntityId::from(id), id, EntityKind::State));
            map.nodes.insert(EntityId::from(id), MapNode { x, y: 0.0, pinned: false });
        }
        for (id, from, to) in relations {
            let relation =
                Relation::new(RelationId::from(*id), EntityId::from(*from), EntityId::from(*to), *id);
            project.relations.insert(relation.id.clone(), relation);
        }
        (project, map)
    }

    fn middle_y(edge: &EdgeShape) -> f32 {
        edge.label.as_ref().map_or(f32::NAN, |l| l.at.y)
    }

    #[test]
    fn a_lone_relation_is_straight_and_several_bend_apart() {
        let (project, map) = two_entities_with(&[("r1", "a", "b")]);
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        assert!(matches!(scene.edges[0].path, EdgePath::Line { .. }));

        let (project, map) = two_entities_with(&[("r1", "a", "b"), ("r2", "b", "a"), ("r3", "a", "b")]);
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        let ys: Vec<f32> = scene.edges.iter().map(middle_y).collect();
        assert!(matches!(scene.edges[1].path, EdgePath::Line { .. }), "the middle one stays straight");
        assert!(
            ys[0] < ys[1] - 10.0 && ys[2] > ys[1] + 10.0 || ys[0] > ys[1] + 10.0 && ys[2] < ys[1] - 10.0,
            "{ys:?}"
        );
    }

    #[test]
    fn a_self_relation_is_a_loop_and_arrows_point_at_the_target() {
        let (project, map) = two_entities_with(&[("r1", "a", "a"), ("r2", "a", "b")]);
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        assert!(matches!(scene.edges[0].path, EdgePath::Cubic { .. }));
        let Some([tip, ..]) = scene.edges[1].arrow else { panic!("directed relations have arrows") };
        assert!((tip.x - (200.0 - NODE_RADIUS - 2.0)).abs() < 0.01, "{tip:?}");
        assert!(scene.edges.iter().all(|e| e.dashed), "no evidence: dashed");
    }

    #[test]
    fn hidden_entities_take_their_relations_with_them() {
        let (project, map) = two_entities_with(&[("r1", "a", "b")]);
        let options = SceneOptions { visible: Some([EntityId::from("a")].into()), ..SceneOptions::default() };
        let scene = Scene::build(&project, &map, &options);
        assert_eq!((scene.nodes.len(), scene.edges.len()), (1, 0));
    }

    #[test]
    fn a_camera_sets_the_view_and_the_page_fits_it() {
        let (project, map) = two_entities_with(&[]);
        let view = Rect::new(-50.0, -50.0, 800.0, 400.0);
        let scene =
            Scene::build(&project, &map, &SceneOptions { view: Some(view), ..SceneOptions::default() });
        assert_eq!(scene.view, view);
        assert!(scene.width >= 800.0 && scene.height >= 400.0);
        let corner = scene.page_from_map(Point::new(-50.0, -50.0));
        assert_eq!((corner.x, corner.y), (scene.map_frame.x, scene.map_frame.y));
    }

    #[test]
    fn highlights_stress_their_relations_and_ends_and_dim_the_rest() {
        use Emphasis::{Dimmed, Normal, Stressed};
        let (project, mut map) = two_entities_with(&[("r1", "a", "b"), ("r2", "b", "a"), ("r3", "a", "a")]);
        map.nodes.insert(EntityId::from("c"), MapNode { x: 0.0, y: 200.0, pinned: false });
        let emphasis = |options: &SceneOptions| {
            let scene = Scene::build(&project, &map, options);
            let nodes: Vec<(String, Emphasis)> =
                scene.nodes.iter().map(|n| (n.entity.to_string(), n.emphasis)).collect();
            let edges: Vec<(String, Emphasis)> =
                scene.edges.iter().map(|e| (e.relation.to_string(), e.emphasis)).collect();
            (nodes, edges)
        };
        let pair = |id: &str, emphasis| (id.to_owned(), emphasis);

        // "c" is not an entity of the project, so only a and b are drawn.
        let (nodes, edges) = emphasis(&SceneOptions::default());
        assert_eq!(nodes, [pair("a", Normal), pair("b", Normal)]);
        assert!(edges.iter().all(|(_, e)| *e == Normal));

        // Highlighting both nodes stresses the relations between them (dimmed ones first).
        let both =
            SceneOptions { highlighted: ["a", "b"].map(EntityId::from).into(), ..SceneOptions::default() };
        let (_, edges) = emphasis(&both);
        assert_eq!(edges, [pair("r1", Stressed), pair("r2", Stressed), pair("r3", Stressed)]);

        // A highlighted relation: exactly it, and its ends; the others are dimmed, drawn under it.
        let one = SceneOptions {
            highlighted: [EntityId::from("a")].into(),
            highlighted_relations: [RelationId::from("r2")].into(),
            ..SceneOptions::default()
        };
        let (nodes, edges) = emphasis(&one);
        assert_eq!(nodes, [pair("a", Stressed), pair("b", Stressed)]);
        assert_eq!(edges, [pair("r1", Dimmed), pair("r3", Dimmed), pair("r2", Stressed)]);
        let hidden = SceneOptions { hidden_relations: [RelationId::from("r1")].into(), ..one };
        assert_eq!(emphasis(&hidden).1, [pair("r3", Dimmed), pair("r2", Stressed)]);
    }

    #[test]
    fn a_slide_camera_is_zoomed_to_fill_the_frame_but_never_shrunk() {
        let (project, mut map) = two_entities_with(&[]);
        map.slides.push(crate::model::Slide::new(
            "Close up",
            crate::model::SlideView { x: 0.0, y: 0.0, width: 320.0, height: 180.0 },
        ));
        map.slides.push(crate::model::Slide::new(
            "Wide",
            crate::model::SlideView { x: 0.0, y: 0.0, width: 3000.0, height: 900.0 },
        ));
        let frame = |index| {
            let options = SceneOptions::for_slide(&map, index).expect("the slide");
            Scene::build(&project, &map, &options).map_frame
        };
        assert_eq!((frame(0).width, frame(0).height), SLIDE_FRAME);
        assert_eq!((frame(1).width, frame(1).height), (3000.0, 900.0));
        let missing = SceneOptions::for_slide(&map, 2).expect_err("no third slide");
        assert_eq!(missing.to_string(), "map `m` has no slide 3; it has 2 slides");
    }

    #[test]
    fn notes_wrap_within_their_width() {
        let lines =
            wrap("Assad said he never considered stepping down, in a statement from Moscow.", 12.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| style::text_width(l, 12.0) <= 120.0));
        assert_eq!(wrap("one\ntwo", 12.0, 500.0), ["one", "two"]);
    }
}
