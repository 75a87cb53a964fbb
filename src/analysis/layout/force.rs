//! A ForceAtlas2-style force layout.
//!
//! Forces, in the simulation's own units:
//! - every pair of nodes repels with `REPULSION · m₁ · m₂ / d`, where a node's mass is its
//!   degree + 1, so hubs push harder and get room for their neighbours (Barnes–Hut
//!   approximation above [`BARNES_HUT_ABOVE`] nodes, exact below);
//! - every relation pulls its two ends together with a force equal to their distance;
//! - gravity pulls each node towards the centre with `GRAVITY · m`, so that separate
//!   components do not drift apart.
//!
//! Each node moves by its force times a speed that shrinks where the node swings (its
//! force changes direction between iterations) and a global speed that adapts to how much
//! the whole layout swings compared with how much it moves steadily. When the nodes' net
//! move stops falling, or the iteration cap comes near, the layout cools: a limit on each
//! node's step shrinks every iteration. The run stops when the mean step (or the mean net
//! move over a few iterations) falls below [`STABLE_STEP`] of the typical distance
//! between nodes; the cap is a backstop. Finally the layout is scaled so that the median
//! relation is [`TARGET_EDGE_LENGTH`] long (and nodes are not crowded) and centred on the
//! origin. Before that, separate groups are set around the main picture
//! (`components.rs`) and nodes trade places where that shortens their relations
//! (`swaps.rs`).
//!
//! Pinned nodes push and pull like the others but never move. Because the final scale is
//! only known after a run, a map with pinned nodes is laid out twice: once freely to learn
//! the scale, then again with the pinned nodes held at their positions in that scale.

use crate::progress::{Cancelled, Progress};

use super::LayoutOutcome;
use super::quadtree::QuadTree;

/// Maps with more nodes than this use the Barnes–Hut approximation for repulsion.
pub const BARNES_HUT_ABOVE: usize = 500;

/// The median length of a relation after a force layout, in map units.
pub const TARGET_EDGE_LENGTH: f32 = 170.0;

/// The smallest median distance from a node to its nearest neighbour, in map units.
const MIN_NODE_SPACING: f32 = 90.0;

/// Spacing of a map without relations, in map units.
const LOOSE_SPACING: f32 = 170.0;

const REPULSION: f32 = 2.0;
const GRAVITY: f32 = 1.0;
/// Barnes–Hut opening criterion: a cell is taken whole when its side < `THETA · d`.
const THETA: f32 = 1.2;
/// Squared distance below which repulsion stops growing (simulation units).
const MIN_D2: f32 = 1e-4;
/// How much swinging the adaptive speed tolerates.
const JITTER_TOLERANCE: f32 = 1.0;
/// The run is stable when the mean step is below this fraction of the node spacing…
pub const STABLE_STEP: f32 = 0.01;
/// …for this many iterations in a row; or when the nodes' mean net move over
/// [`DRIFT_WINDOW`] iterations, per iteration, is below that fraction (nodes that only
/// swing back and forth do not change the picture).
const STABLE_ITERATIONS: usize = 5;
/// The window of the net-move test, in iterations.
const DRIFT_WINDOW: usize = 10;
/// Progress has stalled when the net move over a [`DRIFT_WINDOW`] is more than this share
/// of the window before's; then the cooling starts.
const STALL_RATIO: f32 = 0.95;
/// While cooling, the longest step a node may take shrinks by this factor every iteration.
const COOLING: f32 = 0.93;
/// The cooling starts at the latest this many iterations before the cap, so that a map
/// that keeps making slow progress still comes to rest by the stop test.
const COOLING_ITERATIONS: usize = 60;
/// The adaptive speed never falls below this share of its full efficiency.
const MIN_EFFICIENCY: f32 = 0.05;
/// Iteration cap of a small map (at most [`BARNES_HUT_ABOVE`] nodes).
pub const MAX_ITERATIONS_SMALL: usize = 1000;
/// Iteration cap of a large map.
pub const MAX_ITERATIONS_LARGE: usize = 300;

/// The part of a whole layout's progress that one run of the simulation fills: it
/// reports `start + share × its own fraction done`. `None` reports nothing.
pub(super) type Share = Option<(f32, f32)>;

/// The positions after a force layout.
pub(super) fn layout(
    positions: &[[f32; 2]],
    pinned: &[bool],
    edges: &[(u32, u32)],
    seed: u64,
    progress: &Progress,
) -> Result<LayoutOutcome, Cancelled> {
    let n = positions.len();
    if n == 0 || pinned.iter().all(|&p| p) {
        return Ok(LayoutOutcome {
            positions: positions.to_vec(),
            iterations: 0,
            stable: true,
            last_step: 0.0,
        });
    }
    let edges: Vec<(u32, u32)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    let any_pinned = pinned.contains(&true);
    let all_free = vec![false; n];

    // First (or only) run: every node free, from the current shape of the map.
    let mut start = starting_positions(positions, seed);
    // A large map first gets its overall shape from coarsened copies of itself.
    if n > BARNES_HUT_ABOVE {
        start = super::multilevel::start(&start, &edges, seed, progress)?;
    }
    let share = if any_pinned { 0.5 } else { 1.0 };
    let mut sim = Simulation::new(start, &all_free, &edges, [0.0, 0.0]);
    let first = sim.run(progress, Some((0.0, share)))?;
    if !any_pinned {
        super::components::place_around_main(&mut sim.positions, &edges);
        super::swaps::shorten_relations(&mut sim.positions, &all_free, &edges);
    }
    let scale = final_scale(&sim.positions, &edges);
    if !any_pinned {
        let centre = centroid(&sim.positions);
        let positions =
            sim.positions.iter().map(|p| [(p[0] - centre[0]) * scale, (p[1] - centre[1]) * scale]).collect();
        return Ok(first.outcome(positions));
    }

    // Second run: pinned nodes where they are (in simulation units), the free ones starting
    // from the first run's shape, moved to sit around the pinned ones.
    let anchor = super::pinned_centre(positions, pinned).map_or([0.0, 0.0], |c| [c[0] / scale, c[1] / scale]);
    let free_centre = centroid_of(&sim.positions, |i| !pinned[i]);
    let start = (0..n)
        .map(|i| {
            if pinned[i] {
                [positions[i][0] / scale, positions[i][1] / scale]
            } else {
                let p = sim.positions[i];
                [p[0] - free_centre[0] + anchor[0], p[1] - free_centre[1] + anchor[1]]
            }
        })
        .collect();
    let mut sim = Simulation::new(start, pinned, &edges, anchor);
    let second = sim.run(progress, Some((0.5, 0.5)))?;
    super::swaps::shorten_relations(&mut sim.positions, pinned, &edges);
    let end = RunEnd {
        iterations: first.iterations + second.iterations,
        stable: first.stable && second.stable,
        last_step: second.last_step,
    };
    Ok(end.outcome(
        (0..n)
            .map(|i| {
                if pinned[i] {
                    positions[i]
                } else {
                    [sim.positions[i][0] * scale, sim.positions[i][1] * scale]
                }
            })
            .collect(),
    ))
}

/// How one run of the simulation ended.
#[derive(Clone, Copy, Debug)]
pub(super) struct RunEnd {
    pub(super) iterations: usize,
    /// Ended by the stability test, not the cap.
    stable: bool,
    /// The last mean step as a fraction of the node spacing.
    last_step: f32,
}

impl RunEnd {
    fn outcome(self, positions: Vec<[f32; 2]>) -> LayoutOutcome {
        LayoutOutcome {
            positions,
            iterations: self.iterations,
            stable: self.stable,
            last_step: self.last_step,
        }
    }
}

/// The state of one run.
pub(super) struct Simulation<'a> {
    pub(super) positions: Vec<[f32; 2]>,
    fixed: &'a [bool],
    edges: &'a [(u32, u32)],
    /// How strongly each edge pulls: 1 for a relation, the number of relations an edge of
    /// a coarsened graph stands for.
    weights: Vec<f32>,
    masses: Vec<f32>,
    forces: Vec<[f32; 2]>,
    previous: Vec<[f32; 2]>,
    centre: [f32; 2],
    speed: f32,
    speed_efficiency: f32,
    /// The longest step a node may take (simulation units); infinite until cooling.
    step_limit: f32,
    tree: QuadTree,
}

impl<'a> Simulation<'a> {
    fn new(positions: Vec<[f32; 2]>, fixed: &'a [bool], edges: &'a [(u32, u32)], centre: [f32; 2]) -> Self {
        let masses = degree_masses(positions.len(), edges);
        Self::weighted(positions, fixed, edges, vec![1.0; edges.len()], masses, centre)
    }

    /// A run over a graph whose edges pull with `weights` and whose nodes have `masses`
    /// (a coarsened graph: each node stands for several, each edge for several relations).
    pub(super) fn weighted(
        positions: Vec<[f32; 2]>,
        fixed: &'a [bool],
        edges: &'a [(u32, u32)],
        weights: Vec<f32>,
        masses: Vec<f32>,
        centre: [f32; 2],
    ) -> Self {
        let n = positions.len();
        Self {
            positions,
            fixed,
            edges,
            weights,
            masses,
            forces: vec![[0.0; 2]; n],
            previous: vec![[0.0; 2]; n],
            centre,
            speed: 1.0,
            speed_efficiency: 1.0,
            step_limit: f32::INFINITY,
            tree: QuadTree::default(),
        }
    }

    /// Iterates until stable or the cap, reporting its `share` of the progress.
    ///
    /// The adaptive speed alone settles a clustered map, but a large map without clusters
    /// keeps rearranging slowly for a thousand iterations. So once the net move stops
    /// falling (or the cap comes near) the layout cools: every node's step is held under a
    /// limit that shrinks each iteration, as in Fruchterman–Reingold, until the mean step
    /// passes the stop test.
    fn run(&mut self, progress: &Progress, share: Share) -> Result<RunEnd, Cancelled> {
        let n = self.positions.len();
        let cap = if n > BARNES_HUT_ABOVE { MAX_ITERATIONS_LARGE } else { MAX_ITERATIONS_SMALL };
        self.run_capped(cap, progress, share)
    }

    /// [`Self::run`] with at most `cap` iterations.
    pub(super) fn run_capped(
        &mut self,
        cap: usize,
        progress: &Progress,
        share: Share,
    ) -> Result<RunEnd, Cancelled> {
        let n = self.positions.len();
        let free = self.fixed.iter().filter(|&&f| !f).count().max(1) as f32;
        let mut calm = 0;
        let mut before = self.positions.clone();
        let mut spacing = node_spacing(&self.positions);
        // The longest step a node may take, as a fraction of the node spacing; infinite
        // until the cooling starts.
        let mut temperature = f32::INFINITY;
        let mut last_drift = f32::INFINITY;
        let mut step = f32::INFINITY;
        for iteration in 0..cap {
            progress.check()?;
            if temperature.is_finite() {
                temperature *= COOLING;
            } else if iteration + COOLING_ITERATIONS >= cap {
                temperature = first_temperature(step, cap - iteration);
            }
            self.step_limit = temperature * spacing;
            let moved = self.step();
            spacing = node_spacing(&self.positions);
            step = moved / free / spacing;
            if step < STABLE_STEP {
                calm += 1;
                if calm >= STABLE_ITERATIONS {
                    return Ok(RunEnd { iterations: iteration + 1, stable: true, last_step: step });
                }
            } else {
                calm = 0;
            }
            if (iteration + 1) % DRIFT_WINDOW == 0 {
                let drift: f32 =
                    (0..n).filter(|&i| !self.fixed[i]).map(|i| distance(self.positions[i], before[i])).sum();
                let drift = drift / free / (DRIFT_WINDOW as f32) / spacing;
                if drift < STABLE_STEP && step < STABLE_STEP {
                    return Ok(RunEnd { iterations: iteration + 1, stable: true, last_step: step });
                }
                // Nodes that only swing in place (little net move, large steps) are
                // calmed by cooling, so that the run ends with a small last step.
                let swinging = drift < STABLE_STEP;
                if temperature.is_infinite() && (swinging || drift > STALL_RATIO * last_drift) {
                    temperature = first_temperature(step, cap - iteration - 1);
                }
                last_drift = drift;
                before.copy_from_slice(&self.positions);
            }
            if let Some((start, share)) = share {
                progress.report_fraction(start + share * (iteration + 1) as f32 / cap as f32)?;
            }
        }
        Ok(RunEnd { iterations: cap, stable: false, last_step: step })
    }

    /// One iteration; returns the total distance the nodes moved.
    fn step(&mut self) -> f32 {
        std::mem::swap(&mut self.forces, &mut self.previous);
        self.forces.fill([0.0, 0.0]);
        self.repel();
        self.attract();
        self.pull_to_centre();
        self.advance()
    }

    fn repel(&mut self) {
        let n = self.positions.len();
        if n > BARNES_HUT_ABOVE {
            self.tree.add_repulsion(
                &self.positions,
                &self.masses,
                REPULSION,
                THETA,
                MIN_D2,
                &mut self.forces,
            );
        } else {
            for i in 0..n {
                let [xi, yi] = self.positions[i];
                let ki = REPULSION * self.masses[i];
                let mut fi = [0.0f32; 2];
                for j in i + 1..n {
                    let dx = xi - self.positions[j][0];
                    let dy = yi - self.positions[j][1];
                    let f = ki * self.masses[j] / (dx * dx + dy * dy).max(MIN_D2);
                    fi[0] += dx * f;
                    fi[1] += dy * f;
                    self.forces[j][0] -= dx * f;
                    self.forces[j][1] -= dy * f;
                }
                self.forces[i][0] += fi[0];
                self.forces[i][1] += fi[1];
            }
        }
    }

    fn attract(&mut self) {
        for (&(a, b), &w) in self.edges.iter().zip(&self.weights) {
            let (a, b) = (a as usize, b as usize);
            let dx = (self.positions[b][0] - self.positions[a][0]) * w;
            let dy = (self.positions[b][1] - self.positions[a][1]) * w;
            self.forces[a][0] += dx;
            self.forces[a][1] += dy;
            self.forces[b][0] -= dx;
            self.forces[b][1] -= dy;
        }
    }

    fn pull_to_centre(&mut self) {
        for ((p, f), m) in self.positions.iter().zip(&mut self.forces).zip(&self.masses) {
            let dx = self.centre[0] - p[0];
            let dy = self.centre[1] - p[1];
            let d = length(dx, dy);
            if d > 0.0 {
                let k = GRAVITY * m / d;
                f[0] += dx * k;
                f[1] += dy * k;
            }
        }
    }

    /// Adapts the global speed to the swing of the whole layout, then moves each free node,
    /// no further than the step limit.
    fn advance(&mut self) -> f32 {
        let n = self.positions.len() as f32;
        let mut swing = 0.0f32;
        let mut traction = 0.0f32;
        for i in 0..self.positions.len() {
            if self.fixed[i] {
                continue;
            }
            let (f, g) = (self.forces[i], self.previous[i]);
            swing += self.masses[i] * length(f[0] - g[0], f[1] - g[1]);
            traction += self.masses[i] * length(f[0] + g[0], f[1] + g[1]) / 2.0;
        }

        let estimated = 0.05 * n.sqrt();
        let lowest = estimated.sqrt();
        let mut jitter =
            JITTER_TOLERANCE * lowest.max(estimated.min(10.0).min(estimated * traction / (n * n)));
        if traction > 0.0 && swing / traction > 2.0 {
            if self.speed_efficiency > MIN_EFFICIENCY {
                self.speed_efficiency *= 0.5;
            }
            jitter = jitter.max(JITTER_TOLERANCE);
        }
        let target = if swing > 0.0 { jitter * self.speed_efficiency * traction / swing } else { self.speed };
        if swing > jitter * traction {
            if self.speed_efficiency > MIN_EFFICIENCY {
                self.speed_efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        if target.is_finite() {
            self.speed += (target - self.speed).min(0.5 * self.speed);
        }

        let mut moved = 0.0f32;
        for i in 0..self.positions.len() {
            if self.fixed[i] {
                continue;
            }
            let (f, g) = (self.forces[i], self.previous[i]);
            let node_swing = self.masses[i] * length(f[0] - g[0], f[1] - g[1]);
            let factor = self.speed / (1.0 + (self.speed * node_swing).sqrt());
            let mut step = [f[0] * factor, f[1] * factor];
            let mut size = length(step[0], step[1]);
            if !size.is_finite() {
                continue;
            }
            if size > self.step_limit {
                let shrink = self.step_limit / size;
                step = [step[0] * shrink, step[1] * shrink];
                size = self.step_limit;
            }
            self.positions[i][0] += step[0];
            self.positions[i][1] += step[1];
            moved += size;
        }
        moved
    }
}

/// Each node's mass: its number of relations plus one.
pub(super) fn degree_masses(n: usize, edges: &[(u32, u32)]) -> Vec<f32> {
    let mut masses = vec![1.0f32; n];
    for &(a, b) in edges {
        masses[a as usize] += 1.0;
        masses[b as usize] += 1.0;
    }
    masses
}

/// The longest step (fraction of the node spacing) when the cooling starts with
/// `remaining` iterations left: the mean step of the last iteration, so that only the
/// nodes moving more than most are held back at first, but no more than can shrink below
/// [`STABLE_STEP`] in time to pass the stop test before the cap.
fn first_temperature(step: f32, remaining: usize) -> f32 {
    let shrinking = i32::try_from(remaining.saturating_sub(STABLE_ITERATIONS + 2)).unwrap_or(i32::MAX);
    step.min(STABLE_STEP / COOLING.powi(shrinking))
}

/// The map's positions moved into simulation units around the origin. Nodes that share a
/// position with a node before them (or have none that is finite) are scattered at random
/// with `seed` over the area the map covers.
fn starting_positions(positions: &[[f32; 2]], seed: u64) -> Vec<[f32; 2]> {
    let n = positions.len();
    let finite = |p: &[f32; 2]| p[0].is_finite() && p[1].is_finite();
    let mut by_place: Vec<u32> = (0..n as u32).filter(|&i| finite(&positions[i as usize])).collect();
    by_place.sort_by(|&a, &b| {
        let (p, q) = (positions[a as usize], positions[b as usize]);
        p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])).then(a.cmp(&b))
    });
    let mut placed = vec![false; n];
    for (k, &i) in by_place.iter().enumerate() {
        let (p, q) = (positions[i as usize], k.checked_sub(1).map(|b| positions[by_place[b] as usize]));
        placed[i as usize] = q.is_none_or(|q| (p[0] - q[0]).abs() > 0.0 || (p[1] - q[1]).abs() > 0.0);
    }

    // Natural radius of a force layout of n nodes in simulation units (measured roughly).
    let radius = 2.0 * (n as f32).sqrt() + 1.0;
    let centre = centroid_of(positions, |i| placed[i]);
    let spread = {
        let (sum, count) = (0..n).filter(|&i| placed[i]).fold((0.0f64, 0usize), |(s, c), i| {
            let dx = f64::from(positions[i][0] - centre[0]);
            let dy = f64::from(positions[i][1] - centre[1]);
            (s + dx * dx + dy * dy, c + 1)
        });
        if count > 1 { (sum / count as f64).sqrt() as f32 } else { 0.0 }
    };
    let to_sim = if spread > 0.0 { radius / spread } else { 1.0 };
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|i| {
            if placed[i] {
                [(positions[i][0] - centre[0]) * to_sim, (positions[i][1] - centre[1]) * to_sim]
            } else {
                let angle = rng.f32() * std::f32::consts::TAU;
                let r = rng.f32().sqrt() * radius;
                [r * angle.cos(), r * angle.sin()]
            }
        })
        .collect()
}

/// Map units per simulation unit: the median relation becomes [`TARGET_EDGE_LENGTH`] long,
/// unless that would crowd the nodes closer than [`MIN_NODE_SPACING`].
fn final_scale(positions: &[[f32; 2]], edges: &[(u32, u32)]) -> f32 {
    let mut lengths: Vec<f32> = edges
        .iter()
        .map(|&(a, b)| {
            let (p, q) = (positions[a as usize], positions[b as usize]);
            (p[0] - q[0]).hypot(p[1] - q[1])
        })
        .collect();
    let spacing = median(&mut nearest_neighbour_distances(positions));
    let by_spacing = spacing.filter(|&s| s > 0.0).map(|s| MIN_NODE_SPACING / s);
    let scale = match median(&mut lengths).filter(|&l| l > 0.0) {
        Some(length) => (TARGET_EDGE_LENGTH / length).max(by_spacing.unwrap_or(0.0)),
        None => spacing.filter(|&s| s > 0.0).map_or(1.0, |s| LOOSE_SPACING / s),
    };
    if scale.is_finite() && scale > 0.0 { scale } else { 1.0 }
}

/// For up to 512 nodes spread over the list, the distance to their nearest other node.
pub(super) fn nearest_neighbour_distances(positions: &[[f32; 2]]) -> Vec<f32> {
    let n = positions.len();
    let step = n.div_ceil(512).max(1);
    (0..n)
        .step_by(step)
        .filter_map(|i| {
            let p = positions[i];
            positions
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, q)| (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]))
                .min_by(f32::total_cmp)
                .map(f32::sqrt)
        })
        .collect()
}

/// The middle value (the upper one of an even count), `None` for none.
pub(super) fn median(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    let middle = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(middle, f32::total_cmp);
    Some(*m)
}

/// The mean distance between neighbouring nodes if they were spread evenly over a disc as
/// wide as the layout: `r · √(π / n)` for root-mean-square radius `r`.
fn node_spacing(positions: &[[f32; 2]]) -> f32 {
    let n = positions.len().max(1) as f32;
    let c = centroid(positions);
    let sum: f32 =
        positions.iter().map(|p| (p[0] - c[0]) * (p[0] - c[0]) + (p[1] - c[1]) * (p[1] - c[1])).sum();
    (sum / n).sqrt() * (std::f32::consts::PI / n).sqrt()
}

pub(super) fn distance(p: [f32; 2], q: [f32; 2]) -> f32 {
    length(p[0] - q[0], p[1] - q[1])
}

/// `√(x² + y²)`; `hypot` guards against overflow we cannot reach, at several times the cost.
fn length(x: f32, y: f32) -> f32 {
    (x * x + y * y).sqrt()
}

fn centroid(positions: &[[f32; 2]]) -> [f32; 2] {
    centroid_of(positions, |_| true)
}

fn centroid_of(positions: &[[f32; 2]], include: impl Fn(usize) -> bool) -> [f32; 2] {
    let mut sum = [0.0f64; 2];
    let mut count = 0usize;
    for (i, p) in positions.iter().enumerate() {
        if include(i) && p[0].is_finite() && p[1].is_finite() {
            sum[0] += f64::from(p[0]);
            sum[1] += f64::from(p[1]);
            count += 1;
        }
    }
    if count == 0 { [0.0, 0.0] } else { [(sum[0] / count as f64) as f32, (sum[1] / count as f64) as f32] }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However late and however hot the cooling starts, the step limit is below the stop
    /// threshold for the last calm iterations before the cap, so a run always ends stable.
    #[test]
    fn cooling_always_ends_before_the_cap() {
        for remaining in STABLE_ITERATIONS + 2..=COOLING_ITERATIONS {
            for step in [0.0, 0.005, 0.02, 1.0, 1e6, f32::INFINITY, f32::NAN] {
                let first = first_temperature(step, remaining);
                let shrinking = i32::try_from(remaining - STABLE_ITERATIONS).expect("small");
                let last = first * COOLING.powi(shrinking);
                assert!(last < STABLE_STEP, "{remaining} left, step {step}: {first} cools to {last}");
                if step <= STABLE_STEP {
                    assert_eq!(first.to_bits(), step.to_bits(), "a calm layout is not held back further");
                }
            }
        }
    }
}
