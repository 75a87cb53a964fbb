//! What the canvas draws, prepared once per project revision: nodes in map order with
//! their look, and relations as node index pairs with their route and evidence encoding.
//! Sizes and routes come from [`crate::geometry`], as the export's do; the canvas only
//! maps them to the screen and paints them.

use std::collections::HashMap;

use egui::{Color32, Pos2, pos2};

use crate::analysis::MentionStats;
use crate::edit::Part;
use crate::export::scene::EmphasisRule;
use crate::geometry::{Route, bundle_label, bundle_sources, node_radius, pair_routes};
use crate::model::{EntityId, EntityKind, Map, MapId, ParallelRelations, Project, RelationId, Slide};
use crate::ui::document::Revision;
use crate::ui::theme;

pub use crate::export::scene::Emphasis;

/// A hash map with foldhash: the keys are the project's own ids.
pub type FoldHashMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The project's entities looked up for ids given in increasing order (a map's nodes,
/// a scene's), by walking down both sorted lists once instead of searching the tree of
/// entities for each.
struct EntityWalk<'a> {
    entities: std::iter::Peekable<std::collections::btree_map::Iter<'a, EntityId, crate::model::Entity>>,
}

impl<'a> EntityWalk<'a> {
    fn new(project: &'a Project) -> Self {
        Self { entities: project.entities.iter().peekable() }
    }

    /// The kind and name of entity `id` (after the ids asked before), or `Other` and
    /// the id itself if there is no such entity.
    fn look<'b>(&mut self, id: &'b EntityId) -> (EntityKind, &'b str)
    where
        'a: 'b,
    {
        while self.entities.next_if(|(key, _)| *key < id).is_some() {}
        match self.entities.peek() {
            Some((key, entity)) if *key == id => (entity.kind, entity.name.as_str()),
            _ => (EntityKind::Other, id.as_str()),
        }
    }
}

/// What a scene was built from: the revision of the parts that place its nodes and lines
/// ([`Scene::GEOMETRY`]), map, node sizing, the slide (by index) whose filter it applies
/// and the moment of the time filter.
pub type SceneKey = (u64, MapId, bool, Option<usize>, Option<i64>);

/// How a scene shows its map: node sizes, the slide it shows (by index) and the moment
/// of the time filter.
#[derive(Clone, Copy, Debug, Default)]
pub struct SceneView {
    /// Whether often mentioned nodes are larger.
    pub size_by_mentions: bool,
    /// Only what this slide shows is kept, and its highlights are stressed.
    pub slide: Option<usize>,
    /// Only the relations valid then (or without a date) are kept.
    pub at_minute: Option<i64>,
}

/// One entity on the map.
pub struct SceneNode {
    /// The entity.
    pub id: EntityId,
    /// Where the map puts it.
    pub pos: Pos2,
    /// Radius in map units.
    pub radius: f32,
    /// Its kind's colour.
    pub color: Color32,
    /// Its kind's icon.
    pub icon: &'static str,
    /// Its name.
    pub name: String,
    /// Whether layouts leave it where it is.
    pub pinned: bool,
    /// How strongly it is drawn.
    pub emphasis: Emphasis,
    /// Its kind.
    pub kind: EntityKind,
    /// How many mentions and relations the entity has in the whole project.
    pub mentions: usize,
    /// See `mentions`.
    pub relations: usize,
}

/// One relation between two nodes on the map, or a bundle of the relations of a pair.
pub struct SceneEdge {
    /// The relation (a bundle's first).
    pub id: RelationId,
    /// A bundle's relations in id order; empty for one relation.
    pub members: Vec<RelationId>,
    /// Index of the `from` node.
    pub from: u32,
    /// Index of the `to` node.
    pub to: u32,
    /// Where it runs, centre to centre in map units (the export's route too).
    pub route: Route,
    /// Its label ("6 relations" for a bundle).
    pub label: String,
    /// Whether it has a direction.
    pub directed: bool,
    /// Distinct sources its evidence quotes.
    pub sources: usize,
    /// Whether no evidence backs it (drawn dashed).
    pub dashed: bool,
    /// Whether the sources disagree about it.
    pub disputed: bool,
    /// How strongly it is drawn.
    pub emphasis: Emphasis,
}

/// The relations of one pair of nodes that can be drawn as one bundle.
pub struct SceneBundle {
    /// The bundle drawn as one line.
    pub edge: SceneEdge,
    /// The lower and higher node index.
    pub pair: (u32, u32),
    /// Its relations as indices into `Scene::edges`.
    pub members: Vec<u32>,
    /// Whether a slide stresses one of its relations, which spreads it out.
    pub stressed: bool,
}

/// The map prepared for drawing.
pub struct Scene {
    /// What it was built from.
    pub key: SceneKey,
    /// Nodes in map (id) order.
    pub nodes: Vec<SceneNode>,
    /// Relations whose both ends are on the map, each on its own route, in id order.
    pub edges: Vec<SceneEdge>,
    /// Pairs with several relations, which the map may draw as one line each.
    pub bundles: Vec<SceneBundle>,
    /// For each edge, the index of its bundle in `bundles`.
    pub bundle_of: Vec<Option<u32>>,
    /// Whether the map draws pairs bundled.
    pub parallel: ParallelRelations,
    /// Node index by entity.
    pub index: FoldHashMap<EntityId, usize>,
    /// The revision of the parts that give nodes their look ([`Scene::LOOKS`]) that the
    /// nodes show.
    pub looks: u64,
    /// The revision of the relations and claims the lines are of.
    lines_of: u64,
    /// Every node of the map (shown or not) and whether it is pinned, in map order, and
    /// the slide the scene shows: when only these are the same in a changed map, its
    /// nodes only moved.
    map_nodes: Vec<(EntityId, bool)>,
    slide: Option<Slide>,
}

impl Scene {
    /// The parts of a project whose change moves nodes or lines: the scene is built again.
    pub const GEOMETRY: [Part; 3] = [Part::Maps, Part::Relations, Part::Claims];

    /// The parts whose change only alters how nodes look (names, kinds, sizes by
    /// mentions): the nodes are brought up to date in place.
    pub const LOOKS: [Part; 2] = [Part::Entities, Part::Mentions];

    /// Brings `scene` up to date with `map` of `project` as `view` shows it: builds it
    /// again when it is of something else or the map, relations or claims changed, and
    /// refreshes its nodes' looks when only entities or mentions did. Returns whether it
    /// was built again.
    pub fn update(
        scene: &mut Option<Self>,
        project: &Project,
        stats: &MentionStats,
        map: &Map,
        revision: Revision,
        view: SceneView,
    ) -> bool {
        let SceneView { size_by_mentions, slide, at_minute } = view;
        let key = (revision.of(&Self::GEOMETRY), map.id.clone(), size_by_mentions, slide, at_minute);
        let looks = revision.of(&Self::LOOKS);
        let lines_of = revision.of(&[Part::Relations, Part::Claims]);
        let rebuilt = match scene {
            Some(scene) if scene.key == key => false,
            // Dragging a node, or a layout, changes the map's places only: the nodes move
            // and the lines take new routes, without building the scene again.
            Some(scene)
                if (&scene.key.1, scene.key.2, scene.key.3, scene.key.4) == (&key.1, key.2, key.3, key.4)
                    && scene.lines_of == lines_of
                    && scene.only_moved(map) =>
            {
                scene.move_nodes(map);
                scene.key = key;
                false
            }
            _ => {
                *scene = Some(Self::build(project, stats, map, key, looks, lines_of));
                true
            }
        };
        if let Some(scene) = scene
            && scene.looks != looks
        {
            scene.refresh_looks(project, stats, looks);
        }
        rebuilt
    }

    /// Whether `map` differs from the one the scene was built from in its nodes' places
    /// at most.
    fn only_moved(&self, map: &Map) -> bool {
        self.parallel == map.parallel
            && self.slide.as_ref() == self.key.3.and_then(|i| map.slides.get(i))
            && self.map_nodes.len() == map.nodes.len()
            && self
                .map_nodes
                .iter()
                .zip(&map.nodes)
                .all(|((id, pinned), (key, node))| id == key && *pinned == node.pinned)
    }

    /// Puts the nodes where `map` has them and routes the lines anew.
    fn move_nodes(&mut self, map: &Map) {
        let mut places = map.nodes.iter().peekable();
        for node in &mut self.nodes {
            while places.next_if(|(id, _)| **id < node.id).is_some() {}
            if let Some((_, place)) = places.peek() {
                node.pos = pos2(place.x, place.y);
            }
        }
        let positions: Vec<crate::geometry::Point> =
            self.nodes.iter().map(|n| crate::geometry::Point::new(n.pos.x, n.pos.y)).collect();
        let ends: Vec<(u32, u32)> = self.edges.iter().map(|e| (e.from, e.to)).collect();
        let pairs = pair_routes(&positions, &ends);
        for edge in &mut self.edges {
            edge.route = Route::Line { from: positions[edge.from as usize], to: positions[edge.to as usize] };
        }
        for pair in &pairs {
            for (&member, route) in pair.members.iter().zip(&pair.routes) {
                self.edges[member as usize].route = *route;
            }
        }
        // The bundles are the pairs of several relations, in the order `build` made them.
        for (pair, bundle) in pairs.iter().filter(|p| p.members.len() > 1).zip(&mut self.bundles) {
            debug_assert_eq!(bundle.pair, (pair.low, pair.high), "the same pairs in the same order");
            let first = ends[pair.members[0] as usize];
            bundle.edge.route = if bundle.edge.directed && first.0 != pair.low {
                pair.bundle.reversed()
            } else {
                pair.bundle
            };
        }
    }

    /// Names, kinds and sizes of the nodes anew, from `project` and `stats`.
    fn refresh_looks(&mut self, project: &Project, stats: &MentionStats, looks: u64) {
        let size_by_mentions = self.key.2;
        let mut entities = EntityWalk::new(project);
        for node in &mut self.nodes {
            let (kind, name) = entities.look(&node.id);
            if node.name != name {
                name.clone_into(&mut node.name);
            }
            node.kind = kind;
            node.color = theme::kind_color(kind);
            node.icon = theme::kind_icon(kind);
            node.mentions = stats.entity(&node.id).0;
            node.radius = node_radius(node.mentions, size_by_mentions);
        }
        self.looks = looks;
    }

    /// Prepares the map of `key` (see [`SceneKey`]).
    fn build(
        project: &Project,
        stats: &MentionStats,
        map: &Map,
        key: SceneKey,
        looks: u64,
        lines_of: u64,
    ) -> Self {
        let (_, _, size_by_mentions, slide, at_minute) = key;
        let valid = |r: &crate::model::Relation| {
            at_minute.is_none_or(|t| {
                crate::model::period_interval(&r.start, &r.end).is_none_or(|span| span.contains(t))
            })
        };
        let slide: Option<&Slide> = slide.and_then(|i| map.slides.get(i));
        // Every node of the map by entity, numbered in map order: the passes over the
        // project's mentions and relations below look entities up here, with a fast
        // hash, instead of in the map's tree of 10,000 string keys.
        let on_map: FoldHashMap<&EntityId, u32> =
            map.nodes.keys().enumerate().map(|(i, id)| (id, i as u32)).collect();
        let shown_node: Vec<bool> =
            map.nodes.keys().map(|id| slide.is_none_or(|s| s.shows_node(id))).collect();
        // One pass over the relations: each end's node number counts a relation for that
        // node, and a relation with both ends shown is drawn.
        let mut relation_counts = vec![0usize; on_map.len()];
        let mut drawn: Vec<&crate::model::Relation> = Vec::new();
        for relation in project.relations.values() {
            let from = on_map.get(&relation.from).copied();
            let to = on_map.get(&relation.to).copied();
            for i in [from, to].into_iter().flatten() {
                relation_counts[i as usize] += 1;
            }
            if let (Some(from), Some(to)) = (from, to)
                && shown_node[from as usize]
                && shown_node[to as usize]
                && slide.is_none_or(|s| !s.hidden_relations.contains(&relation.id))
                && valid(relation)
            {
                drawn.push(relation);
            }
        }
        // The map's node number of an entity the scene shows.
        let shown = |id: &EntityId| on_map.get(id).copied().filter(|&i| shown_node[i as usize]);
        let none = std::collections::BTreeSet::new();
        let none_relations = std::collections::BTreeSet::new();
        let rule = match slide {
            Some(s) => EmphasisRule::from_highlights(&s.highlighted, &s.highlighted_relations, &drawn),
            None => EmphasisRule::from_highlights(&none, &none_relations, &drawn),
        };
        let mut entities = EntityWalk::new(project);
        let nodes: Vec<SceneNode> = map
            .nodes
            .iter()
            .zip(&shown_node)
            .enumerate()
            .filter(|(_, (_, shown))| **shown)
            .map(|(i, ((id, node), _))| {
                let (kind, name) = entities.look(id);
                let mention_count = stats.entity(id).0;
                let radius = node_radius(mention_count, size_by_mentions);
                SceneNode {
                    id: id.clone(),
                    pos: pos2(node.x, node.y),
                    radius,
                    color: theme::kind_color(kind),
                    icon: theme::kind_icon(kind),
                    name: name.to_owned(),
                    pinned: node.pinned,
                    emphasis: rule.of_entity(id),
                    kind,
                    mentions: mention_count,
                    relations: relation_counts[i],
                }
            })
            .collect();
        // Scene index of each shown node, by map node number.
        let mut scene_index = vec![u32::MAX; on_map.len()];
        for (k, i) in shown_node.iter().enumerate().filter(|(_, shown)| **shown).map(|(i, _)| i).enumerate() {
            scene_index[i] = k as u32;
        }
        let index: FoldHashMap<EntityId, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        // Relations a contested claim is about, found once rather than per relation.
        let contested: std::collections::BTreeSet<&RelationId> = project
            .claims
            .values()
            .filter(|c| c.is_contested())
            .filter_map(|c| c.relation.as_ref())
            .collect();
        let disputed = |r: &crate::model::Relation| r.disputed || contested.contains(&r.id);

        // Routes from the shared geometry: parallel relations fan out, loops sit in the
        // widest gap, and each pair of several also has a bundled line.
        let positions: Vec<crate::geometry::Point> =
            nodes.iter().map(|n| crate::geometry::Point::new(n.pos.x, n.pos.y)).collect();
        let scene_node = |id: &EntityId| shown(id).map_or(u32::MAX, |i| scene_index[i as usize]);
        let ends: Vec<(u32, u32)> = drawn.iter().map(|r| (scene_node(&r.from), scene_node(&r.to))).collect();
        let pairs = pair_routes(&positions, &ends);
        let mut routes = vec![None; drawn.len()];
        for pair in &pairs {
            for (&member, route) in pair.members.iter().zip(&pair.routes) {
                routes[member as usize] = Some(*route);
            }
        }
        let edges: Vec<SceneEdge> = drawn
            .iter()
            .zip(&ends)
            .zip(routes)
            .map(|((relation, &(from, to)), route)| SceneEdge {
                id: relation.id.clone(),
                members: Vec::new(),
                from,
                to,
                route: route
                    .unwrap_or(Route::Line { from: positions[from as usize], to: positions[to as usize] }),
                label: relation.label.clone(),
                directed: relation.directed,
                sources: relation.source_count(),
                dashed: relation.evidence.is_empty(),
                disputed: disputed(relation),
                emphasis: rule.of_relation(&relation.id),
            })
            .collect();
        let mut bundle_of = vec![None; edges.len()];
        let mut bundles = Vec::new();
        for pair in pairs.into_iter().filter(|p| p.members.len() > 1) {
            let members: Vec<&crate::model::Relation> =
                pair.members.iter().map(|&m| drawn[m as usize]).collect();
            let first = ends[pair.members[0] as usize];
            let one_way = pair.members.iter().all(|&m| ends[m as usize] == first);
            let directed = one_way && members.iter().all(|r| r.directed);
            let (from, to, route) = if directed && first.0 != pair.low {
                (pair.high, pair.low, pair.bundle.reversed())
            } else {
                (pair.low, pair.high, pair.bundle)
            };
            let stressed = pair.members.iter().any(|&m| edges[m as usize].emphasis == Emphasis::Stressed);
            let dimmed = pair.members.iter().all(|&m| edges[m as usize].emphasis == Emphasis::Dimmed);
            for &m in &pair.members {
                bundle_of[m as usize] = Some(bundles.len() as u32);
            }
            bundles.push(SceneBundle {
                edge: SceneEdge {
                    id: members[0].id.clone(),
                    members: members.iter().map(|r| r.id.clone()).collect(),
                    from,
                    to,
                    route,
                    label: bundle_label(members.len()),
                    directed,
                    sources: bundle_sources(&members),
                    dashed: members.iter().all(|r| r.evidence.is_empty()),
                    disputed: members.iter().any(|r| disputed(r)),
                    emphasis: if dimmed { Emphasis::Dimmed } else { Emphasis::Normal },
                },
                pair: (pair.low, pair.high),
                members: pair.members,
                stressed,
            });
        }
        Self {
            key,
            nodes,
            edges,
            bundles,
            bundle_of,
            parallel: map.parallel,
            index,
            looks,
            lines_of,
            map_nodes: map.nodes.iter().map(|(id, node)| (id.clone(), node.pinned)).collect(),
            slide: slide.cloned(),
        }
    }

    /// The lines to draw this frame, into `out`: each relation on its own route, except
    /// the pairs drawn as one bundle. A pair is spread out when the map says so, when a
    /// slide stresses one of its relations, or when `expanded` says so (selected or
    /// hovered).
    pub fn lines_into(&self, expanded: impl Fn(&SceneBundle) -> bool, out: &mut Vec<LineRef>) {
        out.clear();
        let spread: Vec<bool> = self
            .bundles
            .iter()
            .map(|b| self.parallel == ParallelRelations::Expanded || b.stressed || expanded(b))
            .collect();
        for (i, (edge, bundle)) in self.edges.iter().zip(&self.bundle_of).enumerate() {
            match bundle {
                Some(b) if !spread[*b as usize] => {
                    // The bundle once, in the place of its first relation.
                    if self.bundles[*b as usize].edge.id == edge.id {
                        out.push(LineRef::Bundle(*b));
                    }
                }
                _ => out.push(LineRef::Edge(i as u32)),
            }
        }
    }

    /// The line `line` stands for.
    pub fn line(&self, line: LineRef) -> &SceneEdge {
        match line {
            LineRef::Edge(i) => &self.edges[i as usize],
            LineRef::Bundle(b) => &self.bundles[b as usize].edge,
        }
    }
}

/// One line drawn in a frame: a relation or a bundle, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRef {
    /// `Scene::edges[i]`.
    Edge(u32),
    /// `Scene::bundles[i]`.
    Bundle(u32),
}

impl Scene {
    /// What a screen reader says of node `i`: "Russia, State, 12 mentions, 5 relations".
    pub fn spoken_node(&self, i: usize) -> String {
        let node = &self.nodes[i];
        format!(
            "{}, {}, {}, {}",
            node.name,
            node.kind.label(),
            counted(node.mentions, "mention", "mentions"),
            counted(node.relations, "relation", "relations")
        )
    }

    /// What a screen reader says of an edge: "Russia granted asylum to Bashar al-Assad, 3
    /// sources, disputed"; of a bundle: "6 relations between Russia and Bashar al-Assad, …".
    pub fn spoken_edge(&self, edge: &SceneEdge) -> String {
        if !edge.members.is_empty() {
            return format!(
                "{} between {} and {}, {}{}",
                edge.label,
                self.nodes[edge.from as usize].name,
                self.nodes[edge.to as usize].name,
                counted(edge.sources, "source", "sources"),
                if edge.disputed { ", disputed" } else { "" }
            );
        }
        format!(
            "{} {} {}, {}{}",
            self.nodes[edge.from as usize].name,
            if edge.label.is_empty() { "is related to" } else { edge.label.as_str() },
            self.nodes[edge.to as usize].name,
            counted(edge.sources, "source", "sources"),
            if edge.disputed { ", disputed" } else { "" }
        )
    }
}

/// "1 mention", "12 mentions".
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// Stroke width in points for an edge quoted by `sources` distinct sources: hairline for
/// none (drawn dashed), then thicker up to three sources.
pub fn edge_width(sources: usize) -> f32 {
    match sources {
        0 | 1 => 1.2,
        2 => 2.2,
        _ => 3.4,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::export::scene::{MapShapes, Shown};

    /// Every line of a drawing, by its (first) relation: its route and a bundle's members.
    type Lines = BTreeMap<RelationId, (Route, Vec<RelationId>)>;

    /// The canvas and the export draw every relation and bundle of the sample's maps, whole
    /// and slide by slide, bundled and spread out, along the same route with the same
    /// node sizes.
    #[test]
    fn the_canvas_and_the_export_share_one_geometry_on_the_sample() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024"));
        let mut project = crate::store::load(dir).expect("the sample loads");
        let none_entities = BTreeSet::new();
        let none_relations = BTreeSet::new();
        let mut compared = 0;
        for parallel in [ParallelRelations::Bundled, ParallelRelations::Expanded] {
            for map in project.maps.values_mut() {
                map.parallel = parallel;
            }
            for map in project.maps.values() {
                for slide in std::iter::once(None).chain((0..map.slides.len()).map(Some)) {
                    let stats = MentionStats::of(&project);
                    let key = (0, map.id.clone(), false, slide, None);
                    let scene = Scene::build(&project, &stats, map, key, 0, 0);
                    let shown = match slide.and_then(|i| map.slides.get(i)) {
                        Some(s) => Shown {
                            visible: s.nodes.as_ref(),
                            hidden_relations: &s.hidden_relations,
                            highlighted: &s.highlighted,
                            highlighted_relations: &s.highlighted_relations,
                        },
                        None => Shown {
                            visible: None,
                            hidden_relations: &none_relations,
                            highlighted: &none_entities,
                            highlighted_relations: &none_relations,
                        },
                    };
                    let shapes = MapShapes::build(&project, map, &shown);
                    let mut lines = Vec::new();
                    scene.lines_into(|_| false, &mut lines);
                    let on_canvas: Lines = lines
                        .iter()
                        .map(|&l| scene.line(l))
                        .map(|e| (e.id.clone(), (e.route, e.members.clone())))
                        .collect();
                    let exported: Lines = shapes
                        .edges
                        .iter()
                        .map(|e| (e.relation.clone(), (e.route, e.bundle.clone())))
                        .collect();
                    assert_eq!(on_canvas, exported, "{} slide {slide:?}, {parallel:?}", map.name);
                    assert!(!exported.is_empty());
                    for node in &shapes.nodes {
                        let drawn = &scene.nodes[scene.index[&node.entity]];
                        assert!((drawn.radius - node.radius).abs() < f32::EPSILON);
                        assert_eq!((drawn.pos.x, drawn.pos.y), (node.center.x, node.center.y));
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared >= 4, "both maps, bundled and spread out");
    }

    /// What a scene draws, in words: every node's place and look, every line's route.
    fn drawing(scene: &Scene) -> Vec<String> {
        let nodes = scene.nodes.iter().map(|n| {
            format!(
                "{} {:?} r{} {} {:?} {:?} m{} rel{} pin{} {:?}",
                n.id, n.pos, n.radius, n.name, n.kind, n.color, n.mentions, n.relations, n.pinned, n.emphasis
            )
        });
        let edges = scene.edges.iter().chain(scene.bundles.iter().map(|b| &b.edge)).map(|e| {
            format!(
                "{} {}-{} {:?} {} {} {} {}",
                e.id, e.from, e.to, e.route, e.label, e.sources, e.dashed, e.disputed
            )
        });
        nodes.chain(edges).collect()
    }

    /// After each kind of edit, a scene brought up to date (nodes moved, looks refreshed
    /// or built again) draws exactly what a scene built anew from the edited project does.
    #[test]
    fn scenes_brought_up_to_date_match_scenes_built_anew() {
        use crate::edit::Edit;
        use crate::ui::document::Document;

        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024"));
        let project = crate::store::load(dir).expect("the sample loads");
        let mut doc = Document::with_saved(dir.to_path_buf(), project.clone(), std::sync::Arc::new(project));
        let map_id = doc.project.maps.keys().next().cloned().expect("a map");
        let mut stats = MentionStats::of(&doc.project);
        let mut scene = None;
        let view = SceneView { size_by_mentions: true, slide: None, at_minute: None };
        let map = &doc.project.maps[&map_id];
        assert!(Scene::update(&mut scene, &doc.project, &stats, map, Revision::of_document(1, &doc), view));

        let on_map: Vec<EntityId> = map.nodes.keys().cloned().collect();
        let mut moved = map.clone();
        for node in moved.nodes.values_mut().take(3) {
            node.x += 140.0;
            node.y -= 60.0;
        }
        let mut renamed = doc.project.entities[&on_map[1]].clone();
        renamed.name = "A new name".to_owned();
        renamed.kind = EntityKind::Place;
        let mention = doc.project.mentions.values().find(|m| on_map.contains(&m.entity)).expect("a mention");
        let mut another = mention.clone();
        another.id = crate::model::MentionId::from("m-scene-test");
        let relation = doc.project.relations.values().next().expect("a relation");
        let mut reversed = relation.clone();
        reversed.id = crate::model::RelationId::from("r-scene-test");
        std::mem::swap(&mut reversed.from, &mut reversed.to);

        let edits = [
            ("moved", Edit::put(moved), false),
            ("renamed", Edit::put(renamed), false),
            ("another mention", Edit::put(another), false),
            ("another relation", Edit::put(reversed), true),
        ];
        for (what, edit, rebuilds) in edits {
            doc.history.apply(&mut doc.project, edit, what, None, 0.0).expect("applies");
            stats.apply(&doc.history.take_mention_changes().expect("logged"));
            let map = &doc.project.maps[&map_id];
            let revision = Revision::of_document(1, &doc);
            assert_eq!(
                Scene::update(&mut scene, &doc.project, &stats, map, revision, view),
                rebuilds,
                "{what}"
            );
            let mut anew = None;
            Scene::update(&mut anew, &doc.project, &MentionStats::of(&doc.project), map, revision, view);
            let (kept, anew) = (scene.as_ref().expect("a scene"), anew.expect("a scene"));
            assert_eq!(drawing(kept), drawing(&anew), "{what}");
        }
    }
}
