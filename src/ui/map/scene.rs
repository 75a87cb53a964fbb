//! What the canvas draws, prepared once per project revision: nodes in map order with
//! their look, and edges as node index pairs with their bend and evidence encoding.

use std::collections::HashMap;

use egui::{Color32, Pos2, pos2};

use super::geometry::parallel_bends;
use crate::export::scene::EmphasisRule;
use crate::model::{EntityId, EntityKind, Map, MapId, Project, RelationId, Slide};
use crate::ui::theme;

/// Radius of a node in map units.
pub const NODE_RADIUS: f32 = 18.0;
/// Largest radius when nodes are sized by mentions.
const MAX_NODE_RADIUS: f32 = 46.0;
/// How far apart parallel edges bulge, in map units.
const PARALLEL_SPACING: f32 = 34.0;

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

/// One relation between two nodes on the map.
pub struct SceneEdge {
    /// The relation.
    pub id: RelationId,
    /// Index of the `from` node.
    pub from: u32,
    /// Index of the `to` node.
    pub to: u32,
    /// How far its middle bulges to the left of `from`→`to`, map units (0: straight).
    /// For a loop (`from == to`), which loop of the node it is (0, 1, …).
    pub bend: f32,
    /// Its label.
    pub label: String,
    /// Whether it has a direction.
    pub directed: bool,
    /// Distinct sources its evidence quotes.
    pub sources: usize,
    /// Whether the sources disagree about it.
    pub disputed: bool,
    /// How strongly it is drawn.
    pub emphasis: Emphasis,
}

/// The map prepared for drawing.
pub struct Scene {
    /// What it was built from.
    pub key: SceneKey,
    /// Nodes in map (id) order.
    pub nodes: Vec<SceneNode>,
    /// Edges whose both ends are on the map.
    pub edges: Vec<SceneEdge>,
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
                let count = mention_count as f32;
                let relation_count = relation_counts.get(id).copied().unwrap_or(0);
                let radius = if size_by_mentions {
                    (NODE_RADIUS * (0.75 + 0.3 * count.ln_1p())).min(MAX_NODE_RADIUS)
                } else {
                    NODE_RADIUS
                };
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

        // Relations grouped by unordered node pair, so parallel ones can fan out.
        let mut pairs: HashMap<(u32, u32), Vec<&crate::model::Relation>> = HashMap::new();
        for &relation in &drawn {
            let (Some(&a), Some(&b)) = (index.get(&relation.from), index.get(&relation.to)) else {
                continue;
            };
            let (a, b) = (a as u32, b as u32);
            pairs.entry((a.min(b), a.max(b))).or_default().push(relation);
        }
        let mut edges = Vec::with_capacity(pairs.values().map(Vec::len).sum());
        for ((low, high), relations) in pairs {
            let bends: Vec<f32> = if low == high {
                (0..relations.len()).map(|i| i as f32).collect()
            } else {
                parallel_bends(relations.len(), PARALLEL_SPACING).collect()
            };
            for (relation, bend) in relations.into_iter().zip(bends) {
                let from = index[&relation.from] as u32;
                let to = index[&relation.to] as u32;
                // Bends are measured in the low→high direction; a relation drawn the
                // other way round bends to its own left by the opposite amount.
                let bend = if from == low || low == high { bend } else { -bend };
                edges.push(SceneEdge {
                    id: relation.id.clone(),
                    from,
                    to,
                    bend,
                    label: relation.label.clone(),
                    directed: relation.directed,
                    sources: relation.source_count(),
                    disputed: project.relation_is_disputed(relation),
                    emphasis: rule.of_relation(&relation.id),
                });
            }
        }
        // Deterministic drawing order whatever the hash map did.
        edges.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        Self { key, nodes, edges, index }
    }
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
    /// sources, disputed".
    pub fn spoken_edge(&self, edge: &SceneEdge) -> String {
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
