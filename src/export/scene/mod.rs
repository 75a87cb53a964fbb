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
//!
//! Two parts: [`geometry`] is what the map looks like (node sizes, edge curves, bends and
//! loops, label boxes), pure and in map coordinates; [`page`] fits it to a page or slide
//! and lays out the title, caption, legend and sources around it.

pub mod geometry;
pub mod page;

use std::collections::BTreeSet;

pub use geometry::{
    ARROW_HALF_WIDTH, ARROW_LENGTH, BEND_STEP, DASH, EDGE_LABEL_SIZE, EdgePath, EdgeShape, Emphasis,
    EmphasisRule, GroupShape, MARKER_RADIUS, MapShapes, NODE_LABEL_SIZE, NODE_RADIUS, NOTE_MAX_WIDTH,
    NOTE_TEXT_SIZE, NodeShape, NoteShape, Point, Rect, STRESS_EXTRA_WIDTH, STRESS_RING_GAP, Shown,
    TextAnchor, TextLine, edge_width, relations_between, wrap,
};
pub use page::{CitedSource, LegendEntry, SLIDE_FRAME, Swatch};

use super::ExportError;
use super::style::{self, Rgb};
use crate::model::{EntityId, Map, Project, RelationId};

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

impl Scene {
    /// Draws `map` of `project`.
    ///
    /// When `options` highlights anything, a relation is stressed when it is among the
    /// highlighted relations or, if none is, when both its ends are highlighted
    /// entities; an entity is stressed when it is highlighted or is an end of a stressed
    /// relation. Everything else (groups and notes too) is dimmed.
    pub fn build(project: &Project, map: &Map, options: &SceneOptions) -> Self {
        let shown = Shown {
            visible: options.visible.as_ref(),
            hidden_relations: &options.hidden_relations,
            highlighted: &options.highlighted,
            highlighted_relations: &options.highlighted_relations,
        };
        let shapes = MapShapes::build(project, map, &shown);
        let (view, map_frame) = page::view_and_frame(&shapes, options.view, options.frame);
        let cited =
            if options.cited_sources { page::cited_sources(&shapes.relations) } else { BTreeSet::new() };
        let mut scene = Self {
            width: 0.0,
            height: 0.0,
            background: style::PAGE,
            view,
            map_frame,
            groups: shapes.groups,
            edges: shapes.edges,
            nodes: shapes.nodes,
            notes: shapes.notes,
            title: None,
            subtitle: None,
            caption: Vec::new(),
            legend: Vec::new(),
            sources_heading: None,
            sources: Vec::new(),
        };
        let title = options.title.clone().unwrap_or_else(|| map.name.clone());
        let subtitle = options.subtitle.clone().unwrap_or_else(|| project.meta.title.clone());
        let page = page::Page {
            title: &title,
            subtitle: &subtitle,
            caption: &options.caption,
            legend: options.legend,
            stressed_in_legend: options.has_highlights(),
        };
        scene.lay_out_page(project, &page, &cited, &shapes.relations);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityKind, MapId, MapNode, Relation};

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
        edge.route.point(0.5, NODE_RADIUS, 1.0).y
    }

    #[test]
    fn a_lone_relation_is_straight_and_several_bend_apart() {
        let (project, map) = two_entities_with(&[("r1", "a", "b")]);
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        assert!(matches!(scene.edges[0].path, EdgePath::Line { .. }));

        let (project, mut map) = two_entities_with(&[("r1", "a", "b"), ("r2", "b", "a"), ("r3", "a", "b")]);
        // Bundled (the default): one line with the count, thick by distinct sources.
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        assert_eq!(scene.edges.len(), 1);
        let bundle = &scene.edges[0];
        assert_eq!(bundle.bundle, [RelationId::from("r1"), RelationId::from("r2"), RelationId::from("r3")]);
        assert_eq!(bundle.label.as_ref().map(|l| l.text.as_str()), Some("3 relations"));
        assert!(bundle.arrow.is_none(), "the relations run both ways");
        assert!(matches!(bundle.path, EdgePath::Line { .. }));

        // Spread out: each its own curve.
        map.parallel = crate::model::ParallelRelations::Expanded;
        let scene = Scene::build(&project, &map, &SceneOptions::default());
        let ys: Vec<f32> = scene.edges.iter().map(middle_y).collect();
        assert!(matches!(scene.edges[1].path, EdgePath::Line { .. }), "the middle one stays straight");
        assert!(
            ys[0] < ys[1] - 10.0 && ys[2] > ys[1] + 10.0 || ys[0] > ys[1] + 10.0 && ys[2] < ys[1] - 10.0,
            "{ys:?}"
        );

        // A slide that stresses one of them spreads the bundle out too.
        map.parallel = crate::model::ParallelRelations::Bundled;
        let options = SceneOptions {
            highlighted_relations: [RelationId::from("r2")].into(),
            ..SceneOptions::default()
        };
        assert_eq!(Scene::build(&project, &map, &options).edges.len(), 3);
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
}
