//! A Barnes–Hut quadtree for the repulsion of large maps: far-away groups of nodes push
//! as one mass at their centre of mass, so one node's repulsion costs about `log n`
//! instead of `n`.
//!
//! The tree is a flat `Vec` of cells, rebuilt every iteration into the same allocation;
//! the four children of a cell are stored next to each other.

/// Marks a cell that holds no single node (empty or internal).
const NO_BODY: u32 = u32::MAX;

/// Cells this deep are not split any more; nodes on (nearly) the same spot share one.
const MAX_DEPTH: u32 = 24;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Centre of the square.
    centre: [f32; 2],
    /// Half the side of the square.
    half: f32,
    /// Total mass inside.
    mass: f32,
    /// Mass-weighted sum of positions while building; the centre of mass afterwards.
    weighted: [f32; 2],
    /// Index of the first of four children, or 0 for a leaf (the root is never a child).
    first_child: u32,
    /// The node in a leaf, or [`NO_BODY`].
    body: u32,
}

impl Cell {
    fn empty(centre: [f32; 2], half: f32) -> Self {
        Self { centre, half, mass: 0.0, weighted: [0.0, 0.0], first_child: 0, body: NO_BODY }
    }

    /// Which child square (0..4) holds `p`.
    fn quadrant(&self, p: [f32; 2]) -> u32 {
        u32::from(p[0] >= self.centre[0]) | (u32::from(p[1] >= self.centre[1]) << 1)
    }
}

/// The tree and the scratch stack of its walks, both reused between iterations.
#[derive(Debug, Default)]
pub(super) struct QuadTree {
    cells: Vec<Cell>,
    stack: Vec<u32>,
}

impl QuadTree {
    /// Rebuilds the tree over `positions` (all finite) with their `masses`.
    pub(super) fn build(&mut self, positions: &[[f32; 2]], masses: &[f32]) {
        self.cells.clear();
        let mut low = [f32::MAX; 2];
        let mut high = [f32::MIN; 2];
        for p in positions {
            for axis in 0..2 {
                low[axis] = low[axis].min(p[axis]);
                high[axis] = high[axis].max(p[axis]);
            }
        }
        if positions.is_empty() {
            return;
        }
        let half = ((high[0] - low[0]).max(high[1] - low[1]) / 2.0).max(1e-3) * 1.0001;
        let centre = [low[0].midpoint(high[0]), low[1].midpoint(high[1])];
        self.cells.push(Cell::empty(centre, half));
        for (i, (&p, &m)) in positions.iter().zip(masses).enumerate() {
            self.insert(i as u32, p, m, positions);
        }
        for cell in &mut self.cells {
            if cell.mass > 0.0 {
                cell.weighted = [cell.weighted[0] / cell.mass, cell.weighted[1] / cell.mass];
            }
        }
    }

    fn insert(&mut self, body: u32, p: [f32; 2], mass: f32, positions: &[[f32; 2]]) {
        let mut c = 0usize;
        let mut depth = 0;
        loop {
            let cell = &mut self.cells[c];
            if cell.first_child != 0 {
                add(cell, p, mass);
                c = (cell.first_child + cell.quadrant(p)) as usize;
                depth += 1;
                continue;
            }
            if cell.mass <= 0.0 {
                cell.body = body;
                add(cell, p, mass);
                return;
            }
            if depth >= MAX_DEPTH {
                add(cell, p, mass);
                return;
            }
            // Split the leaf: its node moves down into one of four new children, then the
            // loop goes on with this cell as an internal one.
            let old = *cell;
            let first = self.cells.len() as u32;
            let quarter = old.half / 2.0;
            for q in 0..4u32 {
                let dx = if q & 1 == 0 { -quarter } else { quarter };
                let dy = if q & 2 == 0 { -quarter } else { quarter };
                self.cells.push(Cell::empty([old.centre[0] + dx, old.centre[1] + dy], quarter));
            }
            let old_p = positions[old.body as usize];
            let child = &mut self.cells[(first + old.quadrant(old_p)) as usize];
            child.body = old.body;
            child.mass = old.mass;
            child.weighted = old.weighted;
            let cell = &mut self.cells[c];
            cell.first_child = first;
            cell.body = NO_BODY;
        }
    }

    /// The repulsion on node `body` at `p` with `mass`: `strength · mass · m / d` from every
    /// other mass `m` at distance `d`, with far groups taken whole when their square's side
    /// is less than `theta · d`. Distances are kept above `sqrt(min_d2)`.
    pub(super) fn repulsion(
        &mut self,
        body: u32,
        p: [f32; 2],
        mass: f32,
        strength: f32,
        theta: f32,
        min_d2: f32,
    ) -> [f32; 2] {
        let mut force = [0.0f32; 2];
        if self.cells.is_empty() {
            return force;
        }
        let theta2 = theta * theta;
        let k = strength * mass;
        self.stack.clear();
        self.stack.push(0);
        while let Some(c) = self.stack.pop() {
            let cell = &self.cells[c as usize];
            if cell.mass <= 0.0 {
                continue;
            }
            let dx = p[0] - cell.weighted[0];
            let dy = p[1] - cell.weighted[1];
            let d2 = dx * dx + dy * dy;
            let side = 2.0 * cell.half;
            if cell.first_child == 0 {
                if cell.body == body {
                    // A crowded leaf may hold other nodes on the same spot; they cannot push
                    // in any direction, so they are left out.
                    continue;
                }
            } else if side * side >= theta2 * d2 {
                let first = cell.first_child;
                self.stack.extend_from_slice(&[first, first + 1, first + 2, first + 3]);
                continue;
            }
            let f = k * cell.mass / d2.max(min_d2);
            force[0] += dx * f;
            force[1] += dy * f;
        }
        force
    }
}

fn add(cell: &mut Cell, p: [f32; 2], mass: f32) {
    cell.mass += mass;
    cell.weighted[0] += mass * p[0];
    cell.weighted[1] += mass * p[1];
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
        tree.build(&positions, &masses);
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
            let approx = tree.repulsion(i as u32, positions[i], masses[i], 1.0, 0.5, 1e-6);
            let error = (approx[0] - exact[0]).hypot(approx[1] - exact[1]);
            let size = exact[0].hypot(exact[1]);
            assert!(error <= 0.05 * size + 1e-3, "node {i}: {approx:?} vs {exact:?}");
        }
    }

    /// Many nodes on one spot neither loop forever nor push each other.
    #[test]
    fn coincident_nodes_end_in_one_leaf() {
        let positions = vec![[1.0, 1.0]; 100];
        let masses = vec![1.0; 100];
        let mut tree = QuadTree::default();
        tree.build(&positions, &masses);
        let f = tree.repulsion(0, [1.0, 1.0], 1.0, 1.0, 1.2, 1e-6);
        assert!(f[0].is_finite() && f[1].is_finite());
    }
}
