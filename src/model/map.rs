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
}
