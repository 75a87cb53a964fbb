//! Relationship maps: views of the project's entities and relations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{EntityId, MapId};

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
}

impl Map {
    /// An empty map.
    pub fn new(id: MapId, name: impl Into<String>) -> Self {
        Self { id, name: name.into(), nodes: BTreeMap::new(), notes: Vec::new(), groups: Vec::new() }
    }

    /// Whether every note and group has finite coordinates and sizes.
    pub fn shapes_are_finite(&self) -> bool {
        self.notes.iter().all(|n| n.x.is_finite() && n.y.is_finite())
            && self.groups.iter().all(|g| [g.x, g.y, g.width, g.height].iter().all(|v| v.is_finite()))
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
