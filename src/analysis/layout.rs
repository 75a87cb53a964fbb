//! Map layouts: force-directed, circle, grid and hierarchy. No egui.
//!
//! A layout works on a [`LayoutGraph`] (positions, pinned flags and edges by index) so
//! that the same code serves the GUI (on a background thread) and `dossier layout`.
//! Every algorithm is deterministic for a given seed and leaves pinned nodes where they are.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{EntityId, Map, MapNode, Project};

/// Which layout to run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Algorithm {
    /// ForceAtlas2-style forces, Barnes–Hut for large maps.
    #[default]
    Force,
    /// Evenly spaced on a circle.
    Circle,
    /// Rows and columns.
    Grid,
    /// Layers along the direction of the relations (chains read top to bottom).
    Hierarchy,
}

impl Algorithm {
    /// Every algorithm, in menu order.
    pub const ALL: [Self; 4] = [Self::Force, Self::Circle, Self::Grid, Self::Hierarchy];

    /// The name used on the command line and in menus.
    pub fn name(self) -> &'static str {
        match self {
            Self::Force => "force",
            Self::Circle => "circle",
            Self::Grid => "grid",
            Self::Hierarchy => "hierarchy",
        }
    }

    /// The algorithm with this command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// What to run and how.
#[derive(Clone, Copy, Debug)]
pub struct LayoutOptions {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Seed for the initial placement of force layouts.
    pub seed: u64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self { algorithm: Algorithm::Force, seed: 1 }
    }
}

/// A map reduced to what a layout needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutGraph {
    /// The entity of each node, in map order.
    pub ids: Vec<EntityId>,
    /// Current positions (map units).
    pub positions: Vec<[f32; 2]>,
    /// Nodes that must not move.
    pub pinned: Vec<bool>,
    /// Relations between nodes on the map, by node index (`from`, `to`), once per relation.
    pub edges: Vec<(u32, u32)>,
}

impl LayoutGraph {
    /// The nodes of `map` and the project's relations between them.
    pub fn from_map(project: &Project, map: &Map) -> Self {
        let ids: Vec<EntityId> = map.nodes.keys().cloned().collect();
        let positions = map.nodes.values().map(|n| [n.x, n.y]).collect();
        let pinned = map.nodes.values().map(|n| n.pinned).collect();
        let index = |id: &EntityId| ids.binary_search(id).ok().map(|i| i as u32);
        let edges =
            project.relations.values().filter_map(|r| Some((index(&r.from)?, index(&r.to)?))).collect();
        Self { ids, positions, pinned, edges }
    }

    /// `map` with its nodes moved to `positions` (same order as `ids`).
    pub fn apply(&self, map: &Map, positions: &[[f32; 2]]) -> Map {
        let mut out = map.clone();
        for (id, p) in self.ids.iter().zip(positions) {
            if let Some(node) = out.nodes.get_mut(id) {
                *node = MapNode { x: p[0], y: p[1], pinned: node.pinned };
            }
        }
        out
    }
}

/// Lays out `graph` and returns the new positions, in node order. `progress` is told the
/// fraction done (0..=1) now and then; when `cancel` becomes true the layout stops early
/// and returns `None`.
pub fn run(
    graph: &LayoutGraph,
    options: &LayoutOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<[f32; 2]>> {
    // Placeholder until the real algorithms land: a circle for every algorithm.
    let _ = options;
    let n = graph.positions.len().max(1) as f32;
    let radius = 40.0 * n.sqrt() + 80.0;
    let out = graph
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if graph.pinned[i] {
                *p
            } else {
                let angle = i as f32 / n * std::f32::consts::TAU;
                [radius * angle.cos(), radius * angle.sin()]
            }
        })
        .collect();
    progress(1.0);
    (!cancel.load(Ordering::Relaxed)).then_some(out)
}
