//! A Barnes–Hut quadtree for the repulsion of large maps: far-away groups of nodes push
//! as one mass at their centre of mass, so one node's repulsion costs about `log n`
//! instead of `n`.
//!
//! The tree is rebuilt every iteration into the same allocations. The nodes are first
//! sorted along a Z-order (Morton) curve, so every cell holds a contiguous run of them and
//! nodes that are close on the map are close in memory. Cells are stored in depth-first
//! order (a cell's first child comes right after it) with the index of the cell after
//! their subtree, so a walk needs no stack. The walk is done once per group of nodes (the
//! largest cell of at most [`GROUP_SIZE`] nodes), not once per node: the group collects
//! the masses that act on it (whole far cells, single nodes of near leaves) into a flat
//! list, and then each of its nodes sums that list in a tight loop. Groups are
//! independent, so on a large map they are shared out between threads.

/// A leaf holds at most this many nodes (unless they all sit in one smallest cell).
const LEAF_SIZE: usize = 8;

/// The walk is done once per group: the largest cells of at most this many nodes (or a
/// leaf, if it is bigger). Larger groups mean fewer walks but longer lists of masses.
const GROUP_SIZE: usize = 64;

/// Maps with more nodes than this share the walks out between threads…
const PARALLEL_ABOVE: usize = 2000;

/// …at most this many.
const MAX_THREADS: usize = 4;

/// Bits per axis of the Morton code, which is also the deepest level of the tree.
const LEVELS: u32 = 16;

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Centre of mass.
    x: f32,
    y: f32,
    /// Total mass inside.
    mass: f32,
    /// The square of the larger side of the box around the nodes inside.
    extent2: f32,
    /// Box around the nodes inside: low x, low y, high x, high y.
    bounds: [f32; 4],
    /// Index of the first cell after this one's subtree.
    next: u32,
    /// The cell's nodes: `start..end` in sorted order.
    start: u32,
    end: u32,
    /// Whether the cell has no children.
    leaf: bool,
}

/// What the walk reads of a cell, packed small so that more of the tree stays in cache.
#[derive(Clone, Copy, Debug, Default)]
struct WalkCell {
    x: f32,
    y: f32,
    mass: f32,
    extent2: f32,
    /// Index of the first cell after this one's subtree, with [`LEAF_BIT`] set on leaves.
    next: u32,
}

/// Marks a leaf in [`WalkCell::next`].
const LEAF_BIT: u32 = 1 << 31;

/// The tree, the nodes in curve order and the scratch lists of its walks, all reused
/// between iterations.
#[derive(Debug, Default)]
pub(super) struct QuadTree {
    cells: Vec<Cell>,
    /// The same cells, as the walk reads them.
    walk: Vec<WalkCell>,
    /// (Morton code, node) in curve order.
    sorted: Vec<(u32, u32)>,
    /// Positions and masses of the nodes in curve order.
    xs: Vec<f32>,
    ys: Vec<f32>,
    ms: Vec<f32>,
    /// The first cell of every group, in curve order.
    groups: Vec<u32>,
    /// The repulsion on each node in curve order, before `strength · mᵢ`.
    out_x: Vec<f32>,
    out_y: Vec<f32>,
    /// One set of scratch lists per thread.
    scratch: Vec<Scratch>,
    /// How many threads the walks of a large map use, decided at the first one.
    threads: Option<usize>,
}

/// How many threads the walks may use: the cores that the other programs leave idle, by
/// the one-minute load average where the system tells it (Linux), at least one and at
/// most [`MAX_THREADS`]. Threads meet at the end of every iteration, so on a machine
/// whose cores are all busy a second thread makes the run slower, waiting to be
/// scheduled, rather than faster. The forces do not depend on the count.
fn idle_cores() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let busy = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<f32>().ok())
        .filter(|load| load.is_finite() && *load >= 0.0)
        .map_or(0, |load| load.round() as usize);
    // This process is part of the load it reads.
    (cores + 1).saturating_sub(busy).clamp(1, MAX_THREADS.min(cores))
}

/// What one thread's walks write to and keep between groups.
#[derive(Debug, Default)]
struct Scratch {
    /// The masses acting on the current group: where they are and how heavy.
    xs: Vec<f32>,
    ys: Vec<f32>,
    masses: Vec<f32>,
}

/// The parts of the tree a walk reads, shared by the threads.
struct Walker<'a> {
    cells: &'a [Cell],
    walk: &'a [WalkCell],
    xs: &'a [f32],
    ys: &'a [f32],
    ms: &'a [f32],
    theta2: f32,
    min_d2: f32,
}

impl QuadTree {
    /// Adds to `forces` the repulsion on every node: `strength · mᵢ · m / d` from every
    /// other mass `m` at distance `d`, with a far group taken whole when the side of its
    /// box is less than `theta` times its distance to the receiving leaf's box. Distances
    /// are kept above `sqrt(min_d2)`; nodes on the same spot do not push each other.
    /// `positions` must be finite.
    ///
    /// Above [`PARALLEL_ABOVE`] nodes the groups are shared out between up to
    /// [`MAX_THREADS`] threads (the idle cores, see [`idle_cores`]), each taking a run of
    /// whole groups in curve order. A node's
    /// sum is worked out the same way whichever thread does it, so the forces are the same
    /// bits with any number of threads.
    pub(super) fn add_repulsion(
        &mut self,
        positions: &[[f32; 2]],
        masses: &[f32],
        strength: f32,
        theta: f32,
        min_d2: f32,
        forces: &mut [[f32; 2]],
    ) {
        let threads =
            if positions.len() > PARALLEL_ABOVE { *self.threads.get_or_insert_with(idle_cores) } else { 1 };
        self.add_repulsion_on(threads, positions, masses, strength, theta, min_d2, forces);
    }

    /// [`Self::add_repulsion`] on `threads` threads.
    #[allow(clippy::too_many_arguments)] // the same as add_repulsion's, and the thread count
    fn add_repulsion_on(
        &mut self,
        threads: usize,
        positions: &[[f32; 2]],
        masses: &[f32],
        strength: f32,
        theta: f32,
        min_d2: f32,
        forces: &mut [[f32; 2]],
    ) {
        let n = positions.len();
        if n == 0 {
            return;
        }
        self.build(positions, masses);
        self.groups.clear();
        let mut group = 0;
        while group < self.cells.len() {
            let Cell { start, end, next, leaf, .. } = self.cells[group];
            if !leaf && (end - start) as usize > GROUP_SIZE {
                group += 1;
            } else {
                self.groups.push(group as u32);
                group = next as usize;
            }
        }
        let threads = threads.clamp(1, self.groups.len().max(1));
        self.scratch.resize_with(threads, Scratch::default);
        self.out_x.resize(n, 0.0);
        self.out_y.resize(n, 0.0);
        let walker = Walker {
            cells: &self.cells,
            walk: &self.walk,
            xs: &self.xs,
            ys: &self.ys,
            ms: &self.ms,
            theta2: theta * theta,
            min_d2,
        };
        // Each thread takes whole groups, about n / threads nodes of them.
        let mut shares = Vec::with_capacity(threads);
        let (mut out_x, mut out_y) = (&mut self.out_x[..], &mut self.out_y[..]);
        let (mut groups, mut taken) = (&self.groups[..], 0usize);
        for t in 1..=threads {
            let until = n * t / threads;
            let count = groups.partition_point(|&g| (walker.cells[g as usize].start as usize) < until);
            let end = groups.get(count).map_or(n, |&g| walker.cells[g as usize].start as usize);
            let (mine_x, rest_x) = std::mem::take(&mut out_x).split_at_mut(end - taken);
            let (mine_y, rest_y) = std::mem::take(&mut out_y).split_at_mut(end - taken);
            shares.push((&groups[..count], taken, mine_x, mine_y));
            (out_x, out_y, groups, taken) = (rest_x, rest_y, &groups[count..], end);
        }
        if threads == 1 {
            for ((groups, offset, xs, ys), scratch) in shares.into_iter().zip(&mut self.scratch) {
                walker.walk_groups(groups, offset, scratch, xs, ys);
            }
        } else {
            std::thread::scope(|scope| {
                let walker = &walker;
                for ((groups, offset, xs, ys), scratch) in shares.into_iter().zip(&mut self.scratch) {
                    scope.spawn(move || walker.walk_groups(groups, offset, scratch, xs, ys));
                }
            });
        }
        for (k, &(_, node)) in self.sorted.iter().enumerate() {
            let scale = strength * self.ms[k];
            forces[node as usize][0] += self.out_x[k] * scale;
            forces[node as usize][1] += self.out_y[k] * scale;
        }
    }

    fn build(&mut self, positions: &[[f32; 2]], masses: &[f32]) {
        let mut low = [f32::MAX; 2];
        let mut high = [f32::MIN; 2];
        for p in positions {
            for axis in 0..2 {
                low[axis] = low[axis].min(p[axis]);
                high[axis] = high[axis].max(p[axis]);
            }
        }
        let span = (high[0] - low[0]).max(high[1] - low[1]).max(1e-6);
        let to_grid = f64::from(1u32 << LEVELS) / f64::from(span) * (1.0 - 1e-6);
        let max_cell = f64::from((1u32 << LEVELS) - 1);
        let grid = |v: f32, low: f32| (f64::from(v - low) * to_grid).clamp(0.0, max_cell) as u32;
        // Keep last iteration's order: it is nearly sorted already, which the sort likes.
        if self.sorted.len() != positions.len() {
            self.sorted = (0..positions.len() as u32).map(|i| (0, i)).collect();
        }
        for entry in &mut self.sorted {
            let p = positions[entry.1 as usize];
            entry.0 = interleave(grid(p[0], low[0])) | (interleave(grid(p[1], low[1])) << 1);
        }
        self.sorted.sort_unstable();
        self.xs.clear();
        self.ys.clear();
        self.ms.clear();
        for &(_, i) in &self.sorted {
            self.xs.push(positions[i as usize][0]);
            self.ys.push(positions[i as usize][1]);
            self.ms.push(masses[i as usize]);
        }
        self.cells.clear();
        self.build_cell(0, positions.len(), 0);
        self.walk.clear();
        self.walk.extend(self.cells.iter().map(|c| WalkCell {
            x: c.x,
            y: c.y,
            mass: c.mass,
            extent2: c.extent2,
            next: c.next | if c.leaf { LEAF_BIT } else { 0 },
        }));
    }

    /// Appends the cell over sorted nodes `start..end`, whose codes agree on their first
    /// `level` levels, and its subtree; returns its index.
    fn build_cell(&mut self, start: usize, end: usize, level: u32) -> usize {
        let index = self.cells.len();
        self.cells.push(Cell { start: start as u32, end: end as u32, ..Cell::default() });
        let leaf = end - start <= LEAF_SIZE || level >= LEVELS;
        let (mut mass, mut mx, mut my) = (0.0f32, 0.0f32, 0.0f32);
        let mut bounds = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        if leaf {
            for k in start..end {
                let (x, y, m) = (self.xs[k], self.ys[k], self.ms[k]);
                mass += m;
                mx += m * x;
                my += m * y;
                bounds = [bounds[0].min(x), bounds[1].min(y), bounds[2].max(x), bounds[3].max(y)];
            }
        } else {
            let shift = 2 * (LEVELS - 1 - level);
            let mut from = start;
            for quadrant in 0..4 {
                let until = from
                    + self.sorted[from..end].partition_point(|&(code, _)| (code >> shift) & 3 <= quadrant);
                if until > from {
                    let child = self.build_cell(from, until, level + 1);
                    let child = self.cells[child];
                    mass += child.mass;
                    mx += child.mass * child.x;
                    my += child.mass * child.y;
                    bounds = [
                        bounds[0].min(child.bounds[0]),
                        bounds[1].min(child.bounds[1]),
                        bounds[2].max(child.bounds[2]),
                        bounds[3].max(child.bounds[3]),
                    ];
                }
                from = until;
            }
        }
        let (x, y) = if mass > 0.0 {
            (mx / mass, my / mass)
        } else {
            (bounds[0].midpoint(bounds[2]), bounds[1].midpoint(bounds[3]))
        };
        let side = (bounds[2] - bounds[0]).max(bounds[3] - bounds[1]);
        let next = self.cells.len() as u32;
        let cell = &mut self.cells[index];
        *cell = Cell { x, y, mass, extent2: side * side, bounds, next, leaf, ..*cell };
        index
    }
}

impl Walker<'_> {
    /// Sets the repulsion (before `strength · mᵢ`) on every node of `groups`, whose first
    /// node is `offset` in curve order, into `out_x` and `out_y`, which start at `offset`.
    fn walk_groups(
        &self,
        groups: &[u32],
        offset: usize,
        scratch: &mut Scratch,
        out_x: &mut [f32],
        out_y: &mut [f32],
    ) {
        for &group in groups {
            let Cell { start, end, .. } = self.cells[group as usize];
            let (start, end) = (start as usize, end as usize);
            self.collect(group as usize, scratch);
            self.sum_list(
                start..end,
                scratch,
                &mut out_x[start - offset..end - offset],
                &mut out_y[start - offset..end - offset],
            );
        }
    }

    /// Fills the scratch lists with the masses acting on the nodes of cell `group`.
    fn collect(&self, group: usize, scratch: &mut Scratch) {
        scratch.xs.clear();
        scratch.ys.clear();
        scratch.masses.clear();
        let [x0, y0, x1, y1] = self.cells[group].bounds;
        let mut c = 0;
        while c < self.walk.len() {
            let cell = self.walk[c];
            let dx = (x0 - cell.x).max(cell.x - x1).max(0.0);
            let dy = (y0 - cell.y).max(cell.y - y1).max(0.0);
            if cell.extent2 < self.theta2 * (dx * dx + dy * dy) {
                scratch.xs.push(cell.x);
                scratch.ys.push(cell.y);
                scratch.masses.push(cell.mass);
                c = (cell.next & !LEAF_BIT) as usize;
            } else if cell.next & LEAF_BIT != 0 {
                let range = self.cells[c].start as usize..self.cells[c].end as usize;
                scratch.xs.extend_from_slice(&self.xs[range.clone()]);
                scratch.ys.extend_from_slice(&self.ys[range.clone()]);
                scratch.masses.extend_from_slice(&self.ms[range]);
                c = (cell.next & !LEAF_BIT) as usize;
            } else {
                c += 1;
            }
        }
    }

    /// Sets `sums_x`/`sums_y` to `Σ m · d / max(|d|², min_d2)` over the scratch list for
    /// each node of `range` (in curve order), with `d` from each mass to the node. A mass
    /// on the very spot adds nothing. The outer loop runs over the list and the inner one
    /// over the group's nodes, which keeps a separate sum per node (no reduction), so the
    /// compiler turns it into vector instructions; the floor on `|d|²` is a comparison
    /// because `f32::max`'s care for NaN (which cannot occur here) blocks that.
    fn sum_list(
        &self,
        range: std::ops::Range<usize>,
        scratch: &Scratch,
        sums_x: &mut [f32],
        sums_y: &mut [f32],
    ) {
        let (xs, ys) = (&self.xs[range.clone()], &self.ys[range]);
        let min_d2 = self.min_d2;
        sums_x.fill(0.0);
        sums_y.fill(0.0);
        for ((&cx, &cy), &cm) in scratch.xs.iter().zip(&scratch.ys).zip(&scratch.masses) {
            for (((fx, fy), &x), &y) in sums_x.iter_mut().zip(sums_y.iter_mut()).zip(xs).zip(ys) {
                let dx = x - cx;
                let dy = y - cy;
                let d2 = dx * dx + dy * dy;
                let f = cm / if d2 < min_d2 { min_d2 } else { d2 };
                *fx += dx * f;
                *fy += dy * f;
            }
        }
    }
}

/// Spreads the 16 low bits of `v` to the even bits of the result.
fn interleave(v: u32) -> u32 {
    let mut v = v & 0xffff;
    v = (v | (v << 8)) & 0x00ff_00ff;
    v = (v | (v << 4)) & 0x0f0f_0f0f;
    v = (v | (v << 2)) & 0x3333_3333;
    (v | (v << 1)) & 0x5555_5555
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree's repulsion is close to the exact sum on a scattered set of nodes.
    #[test]
    fn approximates_the_exact_repulsion() {
        let mut rng = fastrand::Rng::with_seed(7);
        let positions: Vec<[f32; 2]> =
            (0..2000).map(|_| [rng.f32() * 1000.0 - 500.0, rng.f32() * 800.0 - 400.0]).collect();
        let masses: Vec<f32> = (0..2000).map(|i| 1.0 + (i % 5) as f32).collect();
        let mut tree = QuadTree::default();
        let mut forces = vec![[0.0f32; 2]; positions.len()];
        tree.add_repulsion(&positions, &masses, 1.0, 0.5, 1e-6, &mut forces);
        for i in [0usize, 17, 999, 1999] {
            let mut exact = [0.0f32; 2];
            for j in 0..positions.len() {
                if j != i {
                    let dx = positions[i][0] - positions[j][0];
                    let dy = positions[i][1] - positions[j][1];
                    let f = masses[i] * masses[j] / (dx * dx + dy * dy).max(1e-6);
                    exact[0] += dx * f;
                    exact[1] += dy * f;
                }
            }
            let approx = forces[i];
            let error = (approx[0] - exact[0]).hypot(approx[1] - exact[1]);
            let size = exact[0].hypot(exact[1]);
            assert!(error <= 0.05 * size + 1e-3, "node {i}: {approx:?} vs {exact:?}");
        }
    }

    /// Sharing the walks out between threads changes no bit of the forces.
    #[test]
    fn threads_give_the_same_forces() {
        let mut rng = fastrand::Rng::with_seed(11);
        let positions: Vec<[f32; 2]> =
            (0..5000).map(|_| [rng.f32() * 900.0 - 450.0, rng.f32() * 600.0 - 300.0]).collect();
        let masses: Vec<f32> = (0..5000).map(|i| 1.0 + (i % 7) as f32).collect();
        let mut tree = QuadTree::default();
        let forces_on = |tree: &mut QuadTree, threads: usize| {
            let mut forces = vec![[0.5f32, -0.25]; positions.len()];
            tree.add_repulsion_on(threads, &positions, &masses, 2.0, 1.2, 1e-4, &mut forces);
            forces.iter().flat_map(|f| [f[0].to_bits(), f[1].to_bits()]).collect::<Vec<u32>>()
        };
        let one = forces_on(&mut tree, 1);
        for threads in [2, 3, 4, 1000] {
            assert!(forces_on(&mut tree, threads) == one, "{threads} threads");
        }
        assert!(forces_on(&mut QuadTree::default(), 2) == one, "a fresh tree");
    }

    /// Many nodes on one spot neither loop forever nor push each other.
    #[test]
    fn coincident_nodes_end_in_one_leaf() {
        let positions = vec![[1.0, 1.0]; 100];
        let masses = vec![1.0; 100];
        let mut tree = QuadTree::default();
        let mut forces = vec![[0.0f32; 2]; positions.len()];
        tree.add_repulsion(&positions, &masses, 1.0, 1.2, 1e-6, &mut forces);
        assert!(forces.iter().flatten().all(|&v| v == 0.0), "{forces:?}");
    }

    /// Codes put x on even bits and y on odd bits, most significant level first.
    #[test]
    fn morton_codes_interleave_the_axes() {
        assert_eq!(interleave(0b1011), 0b100_0101);
        assert_eq!(interleave(0xffff), 0x5555_5555);
        assert_eq!(interleave(1) | (interleave(1) << 1), 0b11);
    }
}
