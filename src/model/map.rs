//! Relationship maps: views of the project's entities and relations.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{EntityId, MapId, RelationId};

/// Where an entity sits on a map.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapNode {
    /// Horizontal position in map units.
    pub x: f32,
    /// Vertical position in map units (down is positive).
    pub y: f32,
    /// Whether layouts must leave this node where it is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
}

// Map positions are finite numbers (checked on load), so equality is total.
impl Eq for MapNode {}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !b
}

/// A named relationship map: which entities are on it and where. The relations between
/// them belong to the project; a map only shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Stable id.
    pub id: MapId,
    /// The name shown on its tab.
    pub name: String,
    /// The entities on the map, by id.
    #[serde(default)]
    pub nodes: BTreeMap<EntityId, MapNode>,
    /// Free text notes placed on the map for presenting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<MapNote>,
    /// Labelled rectangles that group nodes ("Russian military footprint").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<MapGroup>,
    /// The storyboard: slides shown in this order when presenting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slides: Vec<Slide>,
    /// How several relations between the same two entities are drawn.
    #[serde(default, skip_serializing_if = "ParallelRelations::is_bundled")]
    pub parallel: ParallelRelations,
}

/// How a map draws several relations between the same two entities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParallelRelations {
    /// As one line with a count ("6 relations"), spread out into separate curves when
    /// the pair or one of its relations is selected, hovered or stressed on a slide.
    #[default]
    Bundled,
    /// Always as separate curves, each with its own label.
    Expanded,
}

impl ParallelRelations {
    /// Whether this is the default, [`Self::Bundled`].
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    pub fn is_bundled(&self) -> bool {
        *self == Self::Bundled
    }
}

impl Map {
    /// An empty map.
    pub fn new(id: MapId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            nodes: BTreeMap::new(),
            notes: Vec::new(),
            groups: Vec::new(),
            slides: Vec::new(),
            parallel: ParallelRelations::Bundled,
        }
    }

    /// Whether every note, group and slide camera has finite coordinates and sizes
    /// (and every slide camera a positive size).
    pub fn shapes_are_finite(&self) -> bool {
        self.notes.iter().all(|n| n.x.is_finite() && n.y.is_finite())
            && self.groups.iter().all(|g| [g.x, g.y, g.width, g.height].iter().all(|v| v.is_finite()))
            && self.slides.iter().all(|s| s.view.is_valid())
    }
}

/// One step of a map's storyboard: where the camera looks, what is shown and stressed,
/// and what the presenter says about it.
///
/// A slide names entities and relations by id. Ids that are not (or no longer) on the map
/// are ignored when it is drawn, so removing a node from the map never breaks a slide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// Its name in the storyboard list, and the title shown while presenting.
    pub title: String,
    /// The caption line under the map.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// The part of the map the camera shows, fitted to the screen or page.
    pub view: SlideView,
    /// The nodes shown; `None` shows every node on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<BTreeSet<EntityId>>,
    /// Relations left out even though both their ends are shown.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub hidden_relations: BTreeSet<RelationId>,
    /// Nodes drawn stressed; when anything is highlighted, the rest is dimmed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub highlighted: BTreeSet<EntityId>,
    /// Relations drawn stressed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub highlighted_relations: BTreeSet<RelationId>,
}

impl Slide {
    /// A slide showing `view` with every node and relation, nothing highlighted.
    pub fn new(title: impl Into<String>, view: SlideView) -> Self {
        Self {
            title: title.into(),
            caption: String::new(),
            view,
            nodes: None,
            hidden_relations: BTreeSet::new(),
            highlighted: BTreeSet::new(),
            highlighted_relations: BTreeSet::new(),
        }
    }

    /// Whether the slide shows this node (when it is on the map).
    pub fn shows_node(&self, entity: &EntityId) -> bool {
        self.nodes.as_ref().is_none_or(|nodes| nodes.contains(entity))
    }

    /// Whether the slide shows this relation between `from` and `to`.
    pub fn shows_relation(&self, relation: &RelationId, from: &EntityId, to: &EntityId) -> bool {
        !self.hidden_relations.contains(relation) && self.shows_node(from) && self.shows_node(to)
    }

    /// Whether the slide stresses anything (and so dims the rest).
    pub fn has_highlights(&self) -> bool {
        !self.highlighted.is_empty() || !self.highlighted_relations.is_empty()
    }
}

/// A slide's camera: a rectangle in map units (`x`, `y` its top-left corner).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlideView {
    /// Left edge in map units.
    pub x: f32,
    /// Top edge in map units.
    pub y: f32,
    /// Width in map units.
    pub width: f32,
    /// Height in map units.
    pub height: f32,
}

// Coordinates are finite numbers (checked on load), so equality is total.
impl Eq for SlideView {}

impl SlideView {
    /// Whether all four numbers are finite and the size is positive.
    pub fn is_valid(&self) -> bool {
        [self.x, self.y, self.width, self.height].iter().all(|v| v.is_finite())
            && self.width > 0.0
            && self.height > 0.0
    }
}

/// A text note on a map; `x`, `y` is its top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapNote {
    /// Left edge in map units.
    pub x: f32,
    /// Top edge in map units.
    pub y: f32,
    /// What it says.
    pub text: String,
}

// Coordinates are finite numbers (checked on load), so equality is total.
impl Eq for MapNote {}

/// A labelled rectangle on a map; `x`, `y` is its top-left corner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapGroup {
    /// Left edge in map units.
    pub x: f32,
    /// Top edge in map units.
    pub y: f32,
    /// Width in map units.
    pub width: f32,
    /// Height in map units.
    pub height: f32,
    /// The label at its top.
    pub label: String,
}

// Coordinates are finite numbers (checked on load), so equality is total.
impl Eq for MapGroup {}
