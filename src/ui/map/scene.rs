//! What the canvas draws, prepared once per project revision: nodes in map order with
//! their look, and relations as node index pairs with their route and evidence encoding.
//! Sizes and routes come from [`crate::geometry`], as the export's do; the canvas only
//! maps them to the screen and paints them.

use std::collections::HashMap;

use egui::{Color32, Pos2, pos2};

use crate::export::scene::EmphasisRule;
use crate::geometry::{Route, bundle_label, bundle_sources, node_radius, pair_routes};
use crate::model::{EntityId, EntityKind, Map, MapId, ParallelRelations, Project, RelationId, Slide};
use crate::ui::theme;

pub use crate::export::scene::Emphasis;

/// What a scene was built from: project revision, map, node sizing and the slide (by
/// index) whose filter it applies.
pub type SceneKey = (u64, MapId, bool, Option<usize>, Option<i64>);

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
    pub index: HashMap<EntityId, usize>,
}

impl Scene {
    /// Prepares `map` of `project`; `size_by_mentions` makes often mentioned nodes larger.
    /// With `slide` (an index into `map.slides`), only what that slide shows is kept, and
    /// its highlights are stressed. With `at_minute`, only the relations valid then (or
    /// without a date) are kept.
    pub fn build(
        project: &Project,
        map: &Map,
        revision: u64,
        size_by_mentions: bool,
        slide: Option<usize>,
        at_minute: Option<i64>,
    ) -> Self {
        let key = (revision, map.id.clone(), size_by_mentions, slide, at_minute);
        let valid = |r: &crate::model::Relation| {
            at_minute.is_none_or(|t| {
                crate::model::period_interval(&r.start, &r.end).is_none_or(|span| span.contains(t))
            })
        };
        let slide: Option<&Slide> = slide.and_then(|i| map.slides.get(i));
        let shown = |id: &EntityId| map.nodes.contains_key(id) && slide.is_none_or(|s| s.shows_node(id));
        let drawn: Vec<&crate::model::Relation> = project
            .relations
            .values()
            .filter(|r| {
                shown(&r.from)
                    && shown(&r.to)
                    && slide.is_none_or(|s| !s.hidden_relations.contains(&r.id))
                    && valid(r)
            })
            .collect();
        let none = std::collections::BTreeSet::new();
        let none_relations = std::collections::BTreeSet::new();
        let rule = match slide {
            Some(s) => EmphasisRule::from_highlights(&s.highlighted, &s.highlighted_relations, &drawn),
            None => EmphasisRule::from_highlights(&none, &none_relations, &drawn),
        };
        // Mentions and relations of each entity on the map: for sizing by mentions and for
        // what a screen reader says of a node.
        let mut mentions: HashMap<&EntityId, usize> = HashMap::new();
        for mention in project.mentions.values() {
            if map.nodes.contains_key(&mention.entity) {
                *mentions.entry(&mention.entity).or_default() += 1;
            }
        }
        let mut relation_counts: HashMap<&EntityId, usize> = HashMap::new();
        for relation in project.relations.values() {
            for end in [&relation.from, &relation.to] {
                if map.nodes.contains_key(end) {
                    *relation_counts.entry(end).or_default() += 1;
                }
            }
        }
        let nodes: Vec<SceneNode> = map
            .nodes
            .iter()
            .filter(|(id, _)| shown(id))
            .map(|(id, node)| {
                let (kind, name) = project
                    .entities
                    .get(id)
                    .map_or((EntityKind::Other, id.as_str()), |e| (e.kind, e.name.as_str()));
                let mention_count = mentions.get(id).copied().unwrap_or(0);
                let relation_count = relation_counts.get(id).copied().unwrap_or(0);
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
                    relations: relation_count,
                }
            })
            .collect();
        let index: HashMap<EntityId, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();

        // Routes from the shared geometry: parallel relations fan out, loops sit in the
        // widest gap, and each pair of several also has a bundled line.
        let drawn: Vec<&crate::model::Relation> =
            drawn.into_iter().filter(|r| index.contains_key(&r.from) && index.contains_key(&r.to)).collect();
        let positions: Vec<crate::geometry::Point> =
            nodes.iter().map(|n| crate::geometry::Point::new(n.pos.x, n.pos.y)).collect();
        let ends: Vec<(u32, u32)> =
            drawn.iter().map(|r| (index[&r.from] as u32, index[&r.to] as u32)).collect();
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
                disputed: project.relation_is_disputed(relation),
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
                    disputed: members.iter().any(|r| project.relation_is_disputed(r)),
                    emphasis: if dimmed { Emphasis::Dimmed } else { Emphasis::Normal },
                },
                pair: (pair.low, pair.high),
                members: pair.members,
                stressed,
            });
        }
        Self { key, nodes, edges, bundles, bundle_of, parallel: map.parallel, index }
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
                    let scene = Scene::build(&project, map, 0, false, slide, None);
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
}
