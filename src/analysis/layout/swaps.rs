//! Shortening relations after a force layout by letting nodes trade places.
//!
//! A force layout ends where its forces balance, which is not where the relations are
//! shortest: a node is often held on the far side of its neighbours by the push of the
//! crowd between them. Here the places the layout found stay exactly where they are (the
//! picture covers the same area and no two nodes come closer than two places were) and
//! only which node sits in which place changes, as in the detailed placement of chip
//! design (the "global swap" of Pan, Viswanathan and Chu's FastPlace): each node looks at
//! the places around the middle of its neighbours (the median of their x and of their y,
//! which minimises its summed distance to them axis by axis) and trades with the one
//! whose swap shortens the two nodes' relations the most, if any does. Passes over the
//! map, each node in turn, until a pass gains little.
//!
//! Nodes trade only within their connected component, so separate groups and lone nodes
//! stay in their band around the main picture, and fixed (pinned) nodes never move.
//! Every swap shortens the total, so the result never has longer relations than the
//! force layout's; it is deterministic.

use super::Adjacency;
use super::force::{distance, median};

/// A node looks for places within this many grid cells (each about the distance from a
/// node to its nearest neighbour) of the middle of its neighbours.
const SEARCH_CELLS: i32 = 3;
/// At most this many passes over the map…
const MAX_PASSES: usize = 12;
/// …stopping once a pass shortens the relations' total length by less than this share.
const MIN_PASS_GAIN: f32 = 0.002;

/// Lets free nodes of the same component trade `positions` wherever that shortens the
/// summed length of `edges`; `fixed` nodes keep theirs.
pub(super) fn shorten_relations(positions: &mut [[f32; 2]], fixed: &[bool], edges: &[(u32, u32)]) {
    let n = positions.len();
    if n < 3 || edges.is_empty() {
        return;
    }
    let Some(grid) = Grid::new(positions) else { return };
    let adjacency = Adjacency::undirected(n, edges);
    let component = component_labels(n, edges);
    let mut places = Places::new(positions);
    let mut length = places.total_length(edges);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for _ in 0..MAX_PASSES {
        for i in 0..n {
            if fixed[i] || adjacency.degree(i) == 0 {
                continue;
            }
            xs.clear();
            ys.clear();
            for &k in adjacency.of(i) {
                let p = places.of(k as usize);
                xs.push(p[0]);
                ys.push(p[1]);
            }
            let (Some(x), Some(y)) = (median(&mut xs), median(&mut ys)) else { continue };
            let mut best: Option<(f32, usize)> = None;
            grid.around([x, y], SEARCH_CELLS, |place| {
                let j = places.node_at[place] as usize;
                if j == i || fixed[j] || component[j] != component[i] {
                    return;
                }
                let gain = places.swap_gain(&adjacency, i, j);
                if gain > best.map_or(0.0, |b| b.0) {
                    best = Some((gain, j));
                }
            });
            if let Some((_, j)) = best {
                places.swap(i, j);
            }
        }
        let shorter = places.total_length(edges);
        let gained = length - shorter;
        length = shorter;
        if gained <= MIN_PASS_GAIN * length {
            break;
        }
    }
    for (i, p) in positions.iter_mut().enumerate() {
        *p = places.of(i);
    }
}

/// Which node is in which of a fixed set of places.
struct Places {
    points: Vec<[f32; 2]>,
    /// The place of each node.
    place_of: Vec<u32>,
    /// The node in each place.
    node_at: Vec<u32>,
}

impl Places {
    /// Every node in its own position.
    fn new(positions: &[[f32; 2]]) -> Self {
        let ids: Vec<u32> = (0..positions.len() as u32).collect();
        Self { points: positions.to_vec(), place_of: ids.clone(), node_at: ids }
    }

    /// Where node `i` is now.
    fn of(&self, i: usize) -> [f32; 2] {
        self.points[self.place_of[i] as usize]
    }

    fn total_length(&self, edges: &[(u32, u32)]) -> f32 {
        edges.iter().map(|&(a, b)| distance(self.of(a as usize), self.of(b as usize))).sum()
    }

    /// How much shorter the relations of nodes `i` and `j` get if they trade places.
    fn swap_gain(&self, adjacency: &Adjacency, i: usize, j: usize) -> f32 {
        let (pi, pj) = (self.of(i), self.of(j));
        // A relation between `i` and `j` keeps its length, so it is left out on both sides.
        let gain = |node: usize, other: usize, from: [f32; 2], to: [f32; 2]| -> f32 {
            adjacency
                .of(node)
                .iter()
                .filter(|&&k| k as usize != other)
                .map(|&k| {
                    let q = self.of(k as usize);
                    distance(from, q) - distance(to, q)
                })
                .sum()
        };
        gain(i, j, pi, pj) + gain(j, i, pj, pi)
    }

    fn swap(&mut self, i: usize, j: usize) {
        let (a, b) = (self.place_of[i], self.place_of[j]);
        self.place_of[i] = b;
        self.place_of[j] = a;
        self.node_at[b as usize] = i as u32;
        self.node_at[a as usize] = j as u32;
    }
}

/// Each node's connected component, named by its smallest node.
fn component_labels(n: usize, edges: &[(u32, u32)]) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let find = |parent: &mut [u32], mut i: u32| {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    };
    for &(a, b) in edges {
        let (a, b) = (find(&mut parent, a), find(&mut parent, b));
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    (0..n as u32).map(|i| find(&mut parent, i)).collect()
}

/// The places sorted into square cells about a nearest-neighbour distance wide.
struct Grid {
    origin: [f32; 2],
    cell: f32,
    columns: i32,
    rows: i32,
    /// Where each cell's places start in `places`, row by row; one extra entry at the end.
    start: Vec<u32>,
    places: Vec<u32>,
}

impl Grid {
    /// `None` when the places are not finite or all in one spot.
    fn new(points: &[[f32; 2]]) -> Option<Self> {
        let n = points.len();
        // The box holds the middle 98 % of places on each axis; the few outside it (far
        // strays) are counted in its edge cells, so they cannot stretch the grid thin.
        let (mut low, mut high) = ([0.0f32; 2], [0.0f32; 2]);
        let mut values = Vec::with_capacity(n);
        for axis in 0..2 {
            values.clear();
            values.extend(points.iter().map(|p| p[axis]));
            let k = n / 100;
            low[axis] = *values.select_nth_unstable_by(k, f32::total_cmp).1;
            high[axis] = *values.select_nth_unstable_by(n - 1 - k, f32::total_cmp).1;
        }
        let (width, height) = (high[0] - low[0], high[1] - low[1]);
        if !(width.is_finite() && height.is_finite()) || width.max(height) <= 0.0 {
            return None;
        }
        // About one place per cell where the picture is evenly filled, but never more
        // than four cells per place.
        let fallback = width.max(height) / (n as f32).sqrt();
        let spacing = median(&mut super::force::nearest_neighbour_distances(points))
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(fallback);
        let cell = spacing.max((width * height / (4.0 * n as f32)).sqrt());
        let columns = (width / cell) as i32 + 1;
        let rows = (height / cell) as i32 + 1;
        let mut grid = Self { origin: low, cell, columns, rows, start: Vec::new(), places: Vec::new() };
        let cells = (columns * rows) as usize;
        let mut start = vec![0u32; cells + 1];
        for &p in points {
            start[grid.cell_of(p) + 1] += 1;
        }
        for c in 0..cells {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut places = vec![0u32; n];
        for (place, &p) in points.iter().enumerate() {
            let c = grid.cell_of(p);
            places[next[c] as usize] = place as u32;
            next[c] += 1;
        }
        grid.start = start;
        grid.places = places;
        Some(grid)
    }

    /// The column and row of the cell that holds `point` (or the nearest edge cell).
    fn column_row(&self, point: [f32; 2]) -> (i32, i32) {
        let column = ((point[0] - self.origin[0]) / self.cell) as i32;
        let row = ((point[1] - self.origin[1]) / self.cell) as i32;
        (column.clamp(0, self.columns - 1), row.clamp(0, self.rows - 1))
    }

    fn cell_of(&self, point: [f32; 2]) -> usize {
        let (column, row) = self.column_row(point);
        (row * self.columns + column) as usize
    }

    /// Calls `visit` with every place in the cells within `reach` cells of `point`'s.
    fn around(&self, point: [f32; 2], reach: i32, mut visit: impl FnMut(usize)) {
        let (c, r) = self.column_row(point);
        for row in (r - reach).max(0)..=(r + reach).min(self.rows - 1) {
            let first = (row * self.columns + (c - reach).max(0)) as usize;
            let last = (row * self.columns + (c + reach).min(self.columns - 1)) as usize;
            for &place in &self.places[self.start[first] as usize..self.start[last + 1] as usize] {
                visit(place as usize);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(positions: &[[f32; 2]], edges: &[(u32, u32)]) -> f32 {
        edges.iter().map(|&(a, b)| distance(positions[a as usize], positions[b as usize])).sum()
    }

    fn bits(p: [f32; 2]) -> (u32, u32) {
        (p[0].to_bits(), p[1].to_bits())
    }

    fn sorted(positions: &[[f32; 2]]) -> Vec<(u32, u32)> {
        let mut all: Vec<(u32, u32)> = positions.iter().map(|&p| bits(p)).collect();
        all.sort_unstable();
        all
    }

    /// A path of 100 nodes dealt at random over a 10 × 10 grid, a triangle and a pair
    /// beside it, and a lone node.
    fn shuffled_map(seed: u64) -> (Vec<[f32; 2]>, Vec<(u32, u32)>) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut positions: Vec<[f32; 2]> = (0..100).map(|k| [(k % 10) as f32, (k / 10) as f32]).collect();
        rng.shuffle(&mut positions);
        positions.extend([[12.0, 0.0], [13.0, 0.0], [12.0, 1.0], [12.0, 5.0], [13.0, 5.0], [12.0, 9.0]]);
        let mut edges: Vec<(u32, u32)> = (0..99).map(|k| (k, k + 1)).collect();
        edges.extend([(100, 101), (101, 102), (102, 100), (103, 104)]);
        (positions, edges)
    }

    #[test]
    fn swaps_shorten_relations_and_keep_the_places() {
        for seed in 0..5 {
            let (before, edges) = shuffled_map(seed);
            let mut after = before.clone();
            shorten_relations(&mut after, &vec![false; before.len()], &edges);
            assert_eq!(sorted(&after), sorted(&before), "seed {seed}: the same places, each taken once");
            let (old, new) = (total(&before, &edges), total(&after, &edges));
            assert!(new < 0.7 * old, "seed {seed}: {old} only shortened to {new}");
            for i in 100..before.len() {
                assert_eq!(bits(after[i]), bits(before[i]), "seed {seed}: node {i} of a small group moved");
            }
        }
    }

    #[test]
    fn fixed_nodes_keep_their_places() {
        let (before, edges) = shuffled_map(7);
        let fixed: Vec<bool> = (0..before.len()).map(|i| i % 3 == 0).collect();
        let mut after = before.clone();
        shorten_relations(&mut after, &fixed, &edges);
        assert!(total(&after, &edges) < total(&before, &edges));
        for (i, _) in fixed.iter().enumerate().filter(|(_, f)| **f) {
            assert_eq!(bits(after[i]), bits(before[i]), "fixed node {i} moved");
        }
    }

    #[test]
    fn a_layout_with_nothing_to_gain_is_left_alone() {
        let before: Vec<[f32; 2]> = (0..20).map(|k| [k as f32, 0.0]).collect();
        let edges: Vec<(u32, u32)> = (0..19).map(|k| (k, k + 1)).collect();
        let mut after = before.clone();
        shorten_relations(&mut after, &[false; 20], &edges);
        assert_eq!(sorted(&after), sorted(&before));
        assert!(after.iter().zip(&before).all(|(&a, &b)| bits(a) == bits(b)), "a node moved");
    }
}
