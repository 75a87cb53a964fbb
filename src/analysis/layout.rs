//! Map layouts: force-directed, circle, grid and hierarchy. No egui.
//!
//! A layout works on a [`LayoutGraph`] (positions, pinned flags and edges by index) so
//! that the same code serves the GUI (on a background thread) and `dossier layout`.
//! Every algorithm is deterministic for a given seed and leaves pinned nodes where they are.

use crate::model::{EntityId, Map, MapNode, Project};
use crate::progress::{Cancelled, Progress};

mod components;
mod force;
mod hierarchy;
mod multilevel;
mod quadtree;
mod simple;
mod swaps;

pub use force::{
    BARNES_HUT_ABOVE, MAX_ITERATIONS_LARGE, MAX_ITERATIONS_SMALL, STABLE_STEP, TARGET_EDGE_LENGTH,
};
pub use hierarchy::{LAYER_GAP, SLOT_GAP};
pub use simple::{GRID_SPACING, MIN_CIRCLE_GAP};

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
/// fraction done now and then (see [`Progress::report_fraction`]); a cancel stops the
/// layout early with [`Cancelled`].
///
/// Pinned nodes keep their exact positions. The force layout starts from the current
/// positions (nodes that share a position with another node are first scattered with
/// `options.seed`), so running it again refines a map instead of reshuffling it.
pub fn run(
    graph: &LayoutGraph,
    options: &LayoutOptions,
    progress: &Progress,
) -> Result<Vec<[f32; 2]>, Cancelled> {
    run_measured(graph, options, progress).map(|outcome| outcome.positions)
}

/// What a finished layout produced and how the force layout got there.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOutcome {
    /// The new positions, in node order.
    pub positions: Vec<[f32; 2]>,
    /// Iterations of the force layout (both runs of a map with pinned nodes); 0 for the others.
    pub iterations: usize,
    /// Whether every force run ended by its stability test rather than its iteration cap
    /// (always true for the layouts that are not iterative).
    pub stable: bool,
    /// The mean step of the last iteration as a fraction of the node spacing; 0 for the
    /// layouts that are not iterative. The stop test compares it with [`STABLE_STEP`].
    pub last_step: f32,
}

/// [`run`], also telling how the layout ended (iterations, whether it became stable), for
/// benchmarks, tests and the command line.
pub fn run_measured(
    graph: &LayoutGraph,
    options: &LayoutOptions,
    progress: &Progress,
) -> Result<LayoutOutcome, Cancelled> {
    let n = graph.positions.len();
    let pinned = |i: usize| graph.pinned.get(i).copied().unwrap_or(false);
    let pinned: Vec<bool> = (0..n).map(pinned).collect();
    let edges: Vec<(u32, u32)> =
        graph.edges.iter().copied().filter(|&(a, b)| (a as usize) < n && (b as usize) < n).collect();
    let one_pass = |positions| LayoutOutcome { positions, iterations: 0, stable: true, last_step: 0.0 };
    let out = match options.algorithm {
        Algorithm::Force => force::layout(&graph.positions, &pinned, &edges, options.seed, progress)?,
        Algorithm::Circle => one_pass(simple::circle(&graph.positions, &pinned, &edges)),
        Algorithm::Grid => one_pass(simple::grid(&graph.positions, &pinned, &edges)),
        Algorithm::Hierarchy => one_pass(hierarchy::layout(&graph.positions, &pinned, &edges, progress)?),
    };
    progress.report_fraction(1.0)?;
    Ok(out)
}

/// Undirected neighbours of every node: no self-loops, each neighbour once, in index order.
pub(crate) struct Adjacency {
    /// Where each node's neighbours start in `list`; one extra entry at the end.
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Adjacency {
    /// The neighbours of `n` nodes joined by `edges` (either direction).
    pub(crate) fn undirected(n: usize, edges: &[(u32, u32)]) -> Self {
        let mut pairs: Vec<(u32, u32)> =
            edges.iter().filter(|(a, b)| a != b).flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
        pairs.sort_unstable();
        pairs.dedup();
        Self::from_sorted_pairs(n, &pairs)
    }

    /// From `(node, neighbour)` pairs sorted by node, then neighbour, without repeats.
    pub(crate) fn from_sorted_pairs(n: usize, pairs: &[(u32, u32)]) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(a, _) in pairs {
            start[a as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        Self { start, list: pairs.iter().map(|&(_, b)| b).collect() }
    }

    /// The neighbours of node `i`.
    pub(crate) fn of(&self, i: usize) -> &[u32] {
        &self.list[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// How many neighbours node `i` has.
    pub(crate) fn degree(&self, i: usize) -> usize {
        (self.start[i + 1] - self.start[i]) as usize
    }
}

/// The nodes in breadth-first order, so that neighbours end up next to each other in a
/// circle or a grid. Each component starts at its best-connected node (ties: lowest index);
/// components with better-connected hubs come first.
pub(crate) fn breadth_first_order(n: usize, adjacency: &Adjacency) -> Vec<u32> {
    let mut starts: Vec<u32> = (0..n as u32).collect();
    starts.sort_by_key(|&i| (std::cmp::Reverse(adjacency.degree(i as usize)), i));
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for start in starts {
        if seen[start as usize] {
            continue;
        }
        seen[start as usize] = true;
        let mut head = order.len();
        order.push(start);
        while head < order.len() {
            let node = order[head] as usize;
            head += 1;
            for &next in adjacency.of(node) {
                if !seen[next as usize] {
                    seen[next as usize] = true;
                    order.push(next);
                }
            }
        }
    }
    order
}

/// The mean position of the pinned nodes, or `None` when no node is pinned.
pub(crate) fn pinned_centre(positions: &[[f32; 2]], pinned: &[bool]) -> Option<[f32; 2]> {
    let mut sum = [0.0f64; 2];
    let mut count = 0usize;
    for (p, _) in
        positions.iter().zip(pinned).filter(|(p, pin)| **pin && p[0].is_finite() && p[1].is_finite())
    {
        sum[0] += f64::from(p[0]);
        sum[1] += f64::from(p[1]);
        count += 1;
    }
    (count > 0).then(|| [(sum[0] / count as f64) as f32, (sum[1] / count as f64) as f32])
}
