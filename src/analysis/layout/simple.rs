//! Circle and grid: fixed patterns, filled in breadth-first order so that related nodes
//! sit side by side. Pinned nodes stay; the pattern is centred on them when there are any,
//! on the origin otherwise.

use std::collections::BTreeSet;

use super::{Adjacency, breadth_first_order, pinned_centre};

/// Horizontal and vertical distance between grid cells, in map units.
pub const GRID_SPACING: [f32; 2] = [180.0, 140.0];

/// The smallest distance between neighbours along the circle, in map units.
pub const MIN_CIRCLE_GAP: f32 = 180.0;

/// The radius of a circle with no nodes or one node.
const MIN_RADIUS: f32 = 150.0;

/// The free nodes evenly spaced on one circle, starting at the top and going clockwise.
pub(super) fn circle(positions: &[[f32; 2]], pinned: &[bool], edges: &[(u32, u32)]) -> Vec<[f32; 2]> {
    let n = positions.len();
    let order = breadth_first_order(n, &Adjacency::undirected(n, edges));
    let free: Vec<u32> = order.into_iter().filter(|&i| !pinned[i as usize]).collect();
    let centre = pinned_centre(positions, pinned).unwrap_or([0.0, 0.0]);
    let mut out = positions.to_vec();
    if free.len() == 1 && !pinned.contains(&true) {
        out[free[0] as usize] = centre;
        return out;
    }
    let count = free.len().max(1) as f32;
    let radius = (count * MIN_CIRCLE_GAP / std::f32::consts::TAU).max(MIN_RADIUS);
    for (k, &i) in free.iter().enumerate() {
        // Angles from the top (negative y is up), clockwise on screen.
        let angle = k as f32 / count * std::f32::consts::TAU - std::f32::consts::FRAC_PI_2;
        out[i as usize] = [centre[0] + radius * angle.cos(), centre[1] + radius * angle.sin()];
    }
    out
}

/// The free nodes in rows and columns about as wide as they are tall, skipping cells that
/// a pinned node already covers.
pub(super) fn grid(positions: &[[f32; 2]], pinned: &[bool], edges: &[(u32, u32)]) -> Vec<[f32; 2]> {
    let n = positions.len();
    let order = breadth_first_order(n, &Adjacency::undirected(n, edges));
    let free: Vec<u32> = order.into_iter().filter(|&i| !pinned[i as usize]).collect();
    let centre = pinned_centre(positions, pinned).unwrap_or([0.0, 0.0]);
    let [dx, dy] = GRID_SPACING;
    let columns = ((free.len() as f32 * dy / dx).sqrt().ceil() as usize).max(1);
    let rows = free.len().div_ceil(columns).max(1);
    let origin = [centre[0] - (columns - 1) as f32 * dx / 2.0, centre[1] - (rows - 1) as f32 * dy / 2.0];
    let cell_of =
        |p: [f32; 2]| (((p[0] - origin[0]) / dx).round() as i64, ((p[1] - origin[1]) / dy).round() as i64);
    let taken: BTreeSet<(i64, i64)> =
        positions.iter().zip(pinned).filter(|(_, pin)| **pin).map(|(p, _)| cell_of(*p)).collect();
    let mut out = positions.to_vec();
    let width = i64::try_from(columns).unwrap_or(i64::MAX);
    let mut cells = (0..).map(|k: i64| (k % width, k / width));
    for &i in &free {
        // Every pinned node covers at most one cell, so this finds a free cell quickly.
        let Some((column, row)) = cells.find(|cell| !taken.contains(cell)) else { break };
        out[i as usize] = [origin[0] + column as f32 * dx, origin[1] + row as f32 * dy];
    }
    out
}
