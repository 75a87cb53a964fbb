//! A multilevel start for the force layout of large maps.
//!
//! The force layout spends most of its iterations on a large map untangling the overall
//! shape: a node can only move a little each iteration, so a region that starts on the
//! wrong side of the map takes hundreds of iterations to get across. Here the graph is
//! first coarsened, over and over, by merging matched pairs of related nodes into one
//! (as in Walshaw's multilevel force layout and Hu's sfdp), down to a few dozen nodes.
//! The coarsest graph is laid out from where its members are on the map, which is
//! cheap, then each level is expanded (a merged node's members start at its place, a
//! little apart) and refined for a few iterations. The full-size graph then starts from a
//! shape that is already untangled, and settles in far fewer iterations, with shorter
//! relations, than from the map's own positions.
//!
//! A coarse node's mass is the sum of its members' masses and a coarse edge pulls with
//! the number of relations it stands for, so every level has about the same natural size
//! as the full graph and a level's layout is a good start for the next.

use super::force::{Simulation, degree_masses};
use crate::progress::{Cancelled, Progress};

/// Coarsening stops at this many nodes…
const COARSEST_NODES: usize = 60;
/// …or when a step merges fewer than this share of the nodes (the graph has too few
/// relations left to match, such as a star).
const MIN_SHRINK: f32 = 0.15;
/// Iteration cap of each coarse level: a level only has to give the next a good start.
const LEVEL_ITERATIONS: usize = 60;
/// The coarsest level starts from the map and has the whole shape to find.
const COARSEST_ITERATIONS: usize = 300;
/// Members of a merged node start this fraction of the level's node spacing apart.
const SPLIT_SPREAD: f32 = 0.2;

/// One coarsened graph.
struct Level {
    /// For each node of the finer level, its node at this level.
    parent: Vec<u32>,
    /// Edges between distinct nodes of this level, each once, with how many relations of
    /// the full graph each stands for.
    edges: Vec<(u32, u32)>,
    weights: Vec<f32>,
    masses: Vec<f32>,
}

/// Where the nodes of the full graph (`positions`, in simulation units, with `edges`)
/// should start the force layout: the expanded and refined layout of its coarsened
/// versions. Returns `positions` unchanged when the graph does not coarsen.
pub(super) fn start(
    positions: &[[f32; 2]],
    edges: &[(u32, u32)],
    seed: u64,
    progress: &Progress,
) -> Result<Vec<[f32; 2]>, Cancelled> {
    let n = positions.len();
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x6d75_6c74_696c_6576);
    let mut levels: Vec<Level> = Vec::new();
    let (mut count, mut level_edges, mut level_weights, mut level_masses) =
        (n, edges.to_vec(), vec![1.0f32; edges.len()], degree_masses(n, edges));
    while count > COARSEST_NODES {
        let level = coarsen(count, &level_edges, &level_weights, &level_masses, &mut rng);
        let coarse = level.masses.len();
        if (count - coarse) as f32 <= MIN_SHRINK * count as f32 {
            break;
        }
        count = coarse;
        level_edges.clone_from(&level.edges);
        level_weights.clone_from(&level.weights);
        level_masses.clone_from(&level.masses);
        levels.push(level);
    }
    if levels.is_empty() {
        return Ok(positions.to_vec());
    }

    // The coarsest level starts where its members are on the map (mass-weighted).
    let mut current = positions.to_vec();
    let mut masses = degree_masses(n, edges);
    for level in &levels {
        let mut sums = vec![[0.0f64; 3]; level.masses.len()];
        for (i, &p) in level.parent.iter().enumerate() {
            let (s, m) = (&mut sums[p as usize], f64::from(masses[i]));
            s[0] += f64::from(current[i][0]) * m;
            s[1] += f64::from(current[i][1]) * m;
            s[2] += m;
        }
        current = sums.iter().map(|s| [(s[0] / s[2]) as f32, (s[1] / s[2]) as f32]).collect();
        masses.clone_from(&level.masses);
    }

    for (depth, level) in levels.iter().enumerate().rev() {
        let free = vec![false; level.masses.len()];
        let cap = if depth + 1 == levels.len() { COARSEST_ITERATIONS } else { LEVEL_ITERATIONS };
        let mut sim = Simulation::weighted(
            current,
            &free,
            &level.edges,
            level.weights.clone(),
            level.masses.clone(),
            [0.0, 0.0],
        );
        sim.run_capped(cap, progress, None)?;
        current = expand(&sim.positions, &level.parent, &mut rng);
    }
    Ok(current)
}

/// Merges matched pairs of related nodes. Nodes are visited in a random order (from the
/// seeded `rng`); each unmatched one is matched with its unmatched neighbour of least
/// mass (ties: the first listed), so that coarse nodes stay about equally heavy.
fn coarsen(
    n: usize,
    edges: &[(u32, u32)],
    weights: &[f32],
    masses: &[f32],
    rng: &mut fastrand::Rng,
) -> Level {
    let adjacency = super::Adjacency::undirected(n, edges);
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut parent = vec![u32::MAX; n];
    let mut coarse_masses = Vec::with_capacity(n / 2 + 1);
    for &i in &order {
        let i = i as usize;
        if parent[i] != u32::MAX {
            continue;
        }
        let partner = adjacency
            .of(i)
            .iter()
            .map(|&j| j as usize)
            .filter(|&j| parent[j] == u32::MAX)
            .min_by(|&a, &b| masses[a].total_cmp(&masses[b]));
        let id = coarse_masses.len() as u32;
        parent[i] = id;
        let mut mass = masses[i];
        if let Some(j) = partner {
            parent[j] = id;
            mass += masses[j];
        }
        coarse_masses.push(mass);
    }
    // Coarse edges: each pair of distinct coarse nodes once, with the summed weight.
    let mut pairs: Vec<(u32, u32, f32)> = edges
        .iter()
        .zip(weights)
        .filter_map(|(&(a, b), &w)| {
            let (a, b) = (parent[a as usize], parent[b as usize]);
            (a != b).then(|| (a.min(b), a.max(b), w))
        })
        .collect();
    pairs.sort_unstable_by_key(|&(a, b, _)| (a, b));
    let mut coarse_edges: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    let mut coarse_weights: Vec<f32> = Vec::with_capacity(pairs.len());
    for (a, b, w) in pairs {
        if coarse_edges.last() == Some(&(a, b)) {
            if let Some(last) = coarse_weights.last_mut() {
                *last += w;
            }
        } else {
            coarse_edges.push((a, b));
            coarse_weights.push(w);
        }
    }
    Level { parent, edges: coarse_edges, weights: coarse_weights, masses: coarse_masses }
}

/// The finer level's positions: every node at its coarse node's place, the members of a
/// merged node a little apart in a random direction.
fn expand(coarse: &[[f32; 2]], parent: &[u32], rng: &mut fastrand::Rng) -> Vec<[f32; 2]> {
    let spacing = spacing(coarse);
    parent
        .iter()
        .map(|&p| {
            let c = coarse[p as usize];
            let angle = rng.f32() * std::f32::consts::TAU;
            let r = SPLIT_SPREAD * spacing * rng.f32().sqrt();
            [c[0] + r * angle.cos(), c[1] + r * angle.sin()]
        })
        .collect()
}

/// The typical distance between neighbouring nodes: the root-mean-square distance from
/// the centre times `√(π / n)`.
fn spacing(positions: &[[f32; 2]]) -> f32 {
    let n = positions.len().max(1) as f32;
    let c = positions.iter().fold([0.0f32; 2], |s, p| [s[0] + p[0] / n, s[1] + p[1] / n]);
    let sum: f32 = positions.iter().map(|p| (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sum();
    (sum / n).sqrt() * (std::f32::consts::PI / n).sqrt()
}
