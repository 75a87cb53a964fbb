//! Where relations run, in map units: straight between two nodes when alone, bent apart
//! when several share the pair (or drawn as one bundle), loops when a relation starts and
//! ends at one node. Every route goes from centre to centre; the renderer trims it to
//! the node discs it draws, at its own scale.

use std::f32::consts::{FRAC_PI_2, PI};

use super::Point;

/// Radius of a node in map units.
pub const NODE_RADIUS: f32 = 18.0;
/// Largest radius when nodes are sized by how often the sources mention them.
pub const MAX_NODE_RADIUS: f32 = 46.0;
/// How far apart (at their middles) relations between the same two nodes bend.
pub const BEND_STEP: f32 = 36.0;
/// How far beyond its node's rim a loop reaches, map units.
pub const LOOP_REACH: f32 = 46.0;
/// The angle between two loops of one node, radians.
const LOOP_SPREAD: f32 = 0.9;
/// How much further out each further loop of a node reaches, map units.
const LOOP_STEP: f32 = 6.0;

/// Radius of a node in map units: all alike, or, `size_by_mentions`, growing with the
/// logarithm of its mentions up to [`MAX_NODE_RADIUS`].
pub fn node_radius(mentions: usize, size_by_mentions: bool) -> f32 {
    if size_by_mentions {
        (NODE_RADIUS * (0.75 + 0.3 * (mentions as f32).ln_1p())).min(MAX_NODE_RADIUS)
    } else {
        NODE_RADIUS
    }
}

/// The line a relation (or a bundle of them) follows, from centre to centre in map units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Route {
    /// A straight line.
    Line {
        /// Centre of the start node.
        from: Point,
        /// Centre of the end node.
        to: Point,
    },
    /// A quadratic Bézier curve, bent aside because the pair has several relations.
    Curve {
        /// Centre of the start node.
        from: Point,
        /// Control point: twice as far from the chord as the curve's middle.
        control: Point,
        /// Centre of the end node.
        to: Point,
    },
    /// A loop from a node to itself, see [`loop_points`].
    Loop {
        /// Centre of the node.
        center: Point,
        /// The direction the loop points to, radians (clockwise on screen from the x axis).
        angle: f32,
        /// Which loop of the node it is (0, 1, …); later ones reach further.
        index: u32,
    },
}

impl Route {
    /// The point at `t` (0..=1) along the route, for a node of `radius` drawn at `scale`
    /// target units per map unit (loops depend on both; lines and curves on neither).
    pub fn point(&self, t: f32, radius: f32, scale: f32) -> Point {
        match *self {
            Self::Line { from, to } => from.plus(to.minus(from).times(t)),
            Self::Curve { from, control, to } => quadratic(from, control, to, t),
            Self::Loop { center, angle, index } => cubic(loop_points(center, angle, index, radius, scale), t),
        }
    }

    /// The same route with every point mapped by `f` (map to screen, say). A loop keeps
    /// its angle: only its centre moves.
    #[must_use]
    pub fn mapped(&self, f: impl Fn(Point) -> Point) -> Self {
        match *self {
            Self::Line { from, to } => Self::Line { from: f(from), to: f(to) },
            Self::Curve { from, control, to } => {
                Self::Curve { from: f(from), control: f(control), to: f(to) }
            }
            Self::Loop { center, angle, index } => Self::Loop { center: f(center), angle, index },
        }
    }

    /// How far the middle of a curve lies from the chord, along the chord's normal (a
    /// quarter turn clockwise from `from`→`to`); 0 for lines and loops.
    pub fn side(&self) -> f32 {
        match *self {
            Self::Curve { from, control, to } => {
                let normal = to.minus(from).unit().turned();
                let offset = control.minus(from.plus(to).times(0.5));
                // Half the control point's offset along the normal.
                0.5 * (offset.x * normal.x + offset.y * normal.y)
            }
            Self::Line { .. } | Self::Loop { .. } => 0.0,
        }
    }

    /// The same kind of route between `from` and `to` (the ends moved, by a drag or to
    /// the screen), with its bend scaled by `scale`; a loop keeps its angle at `from`.
    #[must_use]
    pub fn reanchored(&self, from: Point, to: Point, scale: f32) -> Self {
        match *self {
            Self::Line { .. } => Self::Line { from, to },
            Self::Curve { .. } => bent(from, to, self.side() * scale),
            Self::Loop { angle, index, .. } => Self::Loop { center: from, angle, index },
        }
    }

    /// The centres of the two end nodes (the same for a loop).
    pub fn ends(&self) -> (Point, Point) {
        match *self {
            Self::Line { from, to } | Self::Curve { from, to, .. } => (from, to),
            Self::Loop { center, .. } => (center, center),
        }
    }

    /// The two spokes of the route: segments from each end's centre a little way along
    /// it, (start, end); for a loop both are the loop's far point. What a name beside
    /// the node must keep clear of.
    pub fn spokes(&self, radius: f32, scale: f32) -> (Point, Point) {
        match *self {
            Self::Line { from, to } => (to, from),
            Self::Curve { .. } => (self.point(0.35, radius, scale), self.point(0.65, radius, scale)),
            Self::Loop { .. } => {
                let far = self.point(0.5, radius, scale);
                (far, far)
            }
        }
    }

    /// The same route run the other way.
    #[must_use]
    pub fn reversed(&self) -> Self {
        match *self {
            Self::Line { from, to } => Self::Line { from: to, to: from },
            Self::Curve { from, control, to } => Self::Curve { from: to, control, to: from },
            Self::Loop { .. } => *self,
        }
    }

    /// Which way is "outside" at the route's middle: the side a curve bulges to, the
    /// direction of a loop, the left of a straight line.
    pub fn outward(&self) -> Point {
        match *self {
            Self::Line { from, to } => to.minus(from).unit().turned().times(-1.0),
            Self::Curve { from, control, to } => {
                let middle = from.plus(to).times(0.5);
                control.minus(middle).unit()
            }
            Self::Loop { angle, .. } => Point::at_angle(angle),
        }
    }
}

/// The four points of the cubic curve of a loop around `center` (a node of `radius`
/// drawn at `scale`): it leaves the rim a little before `angle` and comes back a little
/// after it, reaching [`LOOP_REACH`] (more for later loops) beyond the rim.
pub fn loop_points(center: Point, angle: f32, index: u32, radius: f32, scale: f32) -> [Point; 4] {
    let reach = radius + (LOOP_REACH + index as f32 * LOOP_STEP) * scale;
    let from = center.plus(Point::at_angle(angle - 0.45).times(radius));
    let to = center.plus(Point::at_angle(angle + 0.45).times(radius + 2.0 * scale));
    let control1 = center.plus(Point::at_angle(angle - 0.6).times(reach));
    let control2 = center.plus(Point::at_angle(angle + 0.6).times(reach));
    [from, control1, control2, to]
}

fn quadratic(a: Point, c: Point, b: Point, t: f32) -> Point {
    let rest = 1.0 - t;
    a.times(rest * rest).plus(c.times(2.0 * rest * t)).plus(b.times(t * t))
}

fn cubic([start, control1, control2, end]: [Point; 4], t: f32) -> Point {
    let rest = 1.0 - t;
    start
        .times(rest * rest * rest)
        .plus(control1.times(3.0 * rest * rest * t))
        .plus(control2.times(3.0 * rest * t * t))
        .plus(end.times(t * t * t))
}

/// The relations between one pair of nodes (or one node's loops): each as its own route
/// (expanded) and all together as one (bundled).
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The lower node index.
    pub low: u32,
    /// The higher node index (equal to `low` for loops).
    pub high: u32,
    /// The relations, as indices into the list given to [`pair_routes`], in its order.
    pub members: Vec<u32>,
    /// One route per member, fanned out symmetrically around the straight line (A→B and
    /// B→A bend apart, since bends are measured from `low` to `high`).
    pub routes: Vec<Route>,
    /// The route of the whole pair drawn as one bundle: straight from `low` to `high`, or
    /// the middle loop.
    pub bundle: Route,
}

/// Groups relations by the pair of nodes they join and gives each its route.
/// `positions` are the node centres; `ends` each relation's (from, to) node indices, in
/// drawing order. Pairs come out ordered by (low, high).
pub fn pair_routes(positions: &[Point], ends: &[(u32, u32)]) -> Vec<Pair> {
    let mut order: Vec<u32> = (0..ends.len() as u32).collect();
    let key = |i: u32| {
        let (a, b) = ends[i as usize];
        (a.min(b), a.max(b))
    };
    // Stable, so members keep the given order within a pair.
    order.sort_by_key(|&i| key(i));
    let loop_nodes: Vec<u32> = {
        let mut nodes: Vec<u32> = ends.iter().filter(|(a, b)| a == b).map(|(a, _)| *a).collect();
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    };
    let loop_directions = loop_directions(positions, ends, &loop_nodes);
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let (low, high) = key(order[start]);
        let mut end = start + 1;
        while end < order.len() && key(order[end]) == (low, high) {
            end += 1;
        }
        let members: Vec<u32> = order[start..end].to_vec();
        let count = members.len();
        let at = |i: u32| positions[i as usize];
        let pair = if low == high {
            let middle = loop_nodes.binary_search(&low).map_or(-FRAC_PI_2, |k| loop_directions[k]);
            let routes = (0..count)
                .map(|k| Route::Loop {
                    center: at(low),
                    angle: middle + (k as f32 - (count as f32 - 1.0) / 2.0) * LOOP_SPREAD,
                    index: k as u32,
                })
                .collect();
            Pair {
                low,
                high,
                members,
                routes,
                bundle: Route::Loop { center: at(low), angle: middle, index: 0 },
            }
        } else {
            let routes = members
                .iter()
                .enumerate()
                .map(|(k, &member)| {
                    let offset = (k as f32 - (count as f32 - 1.0) / 2.0) * BEND_STEP;
                    let (from, to) = ends[member as usize];
                    // Offsets are measured from low to high; a relation the other way
                    // round bends by the opposite amount along its own normal.
                    let side = if from == low { offset } else { -offset };
                    bent(at(from), at(to), side)
                })
                .collect();
            Pair { low, high, members, routes, bundle: Route::Line { from: at(low), to: at(high) } }
        };
        pairs.push(pair);
        start = end;
    }
    pairs
}

/// The route from `from` to `to` whose middle lies `side` along the chord's normal (a
/// quarter turn clockwise on screen from `from`→`to`; straight for 0).
fn bent(from: Point, to: Point, side: f32) -> Route {
    if side.abs() < f32::EPSILON {
        return Route::Line { from, to };
    }
    let normal = to.minus(from).unit().turned();
    let control = from.plus(to).times(0.5).plus(normal.times(2.0 * side));
    Route::Curve { from, control, to }
}

/// For each node of `loop_nodes` (sorted), the middle of the widest gap between the
/// directions of its other relations, so its loops sit clear of its lines; straight up
/// for a node without others.
fn loop_directions(positions: &[Point], ends: &[(u32, u32)], loop_nodes: &[u32]) -> Vec<f32> {
    if loop_nodes.is_empty() {
        return Vec::new();
    }
    let mut angles: Vec<Vec<f32>> = vec![Vec::new(); loop_nodes.len()];
    for &(a, b) in ends {
        if a == b {
            continue;
        }
        for (node, other) in [(a, b), (b, a)] {
            if let Ok(k) = loop_nodes.binary_search(&node) {
                let (center, other) = (positions[node as usize], positions[other as usize]);
                angles[k].push((other.y - center.y).atan2(other.x - center.x));
            }
        }
    }
    angles
        .into_iter()
        .map(|mut angles| {
            angles.sort_by(f32::total_cmp);
            match (angles.first(), angles.last()) {
                (Some(&first), Some(&last)) => {
                    // The gap that wraps round from the last angle to the first, then the others.
                    let mut widest = (first + 2.0 * PI - last, last);
                    for pair in angles.windows(2) {
                        if pair[1] - pair[0] > widest.0 {
                            widest = (pair[1] - pair[0], pair[0]);
                        }
                    }
                    widest.1 + widest.0 / 2.0
                }
                _ => -FRAC_PI_2,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, b: Point) -> bool {
        a.distance(b) < 1e-3
    }

    #[test]
    fn parallel_relations_fan_out_and_opposite_ones_bend_apart() {
        let positions = [Point::new(0.0, 0.0), Point::new(200.0, 0.0)];
        // Three between the pair: 0→1, 1→0, 0→1.
        let pairs = pair_routes(&positions, &[(0, 1), (1, 0), (0, 1)]);
        assert_eq!(pairs.len(), 1);
        let pair = &pairs[0];
        assert_eq!(pair.members, [0, 1, 2]);
        assert_eq!(pair.bundle, Route::Line { from: positions[0], to: positions[1] });
        let middles: Vec<Point> = pair.routes.iter().map(|r| r.point(0.5, NODE_RADIUS, 1.0)).collect();
        // Measured from low to high: -step, 0, +step along the normal of 0→1 (a quarter
        // turn clockwise on screen, so +y for a rightward line).
        assert!(close(middles[0], Point::new(100.0, -BEND_STEP)), "{middles:?}");
        assert!(close(middles[1], Point::new(100.0, 0.0)));
        assert!(close(middles[2], Point::new(100.0, BEND_STEP)));
        assert!(matches!(pair.routes[1], Route::Line { from, .. } if close(from, positions[1])));
    }

    #[test]
    fn loops_sit_in_the_widest_gap() {
        let positions = [Point::new(0.0, 0.0), Point::new(100.0, 0.0), Point::new(0.0, 100.0)];
        // Node 0 has lines to the right and down; its loop points up and to the left.
        let pairs = pair_routes(&positions, &[(0, 1), (0, 2), (0, 0)]);
        let looped = pairs.iter().find(|p| p.low == p.high).expect("the loop");
        let Route::Loop { angle, .. } = looped.routes[0] else { panic!("a loop") };
        let direction = Point::at_angle(angle);
        assert!(direction.x < -0.5 && direction.y < -0.5, "{direction:?}");
        // A node without other relations loops straight up.
        let alone = pair_routes(&positions, &[(1, 1)]);
        assert_eq!(alone[0].bundle, Route::Loop { center: positions[1], angle: -FRAC_PI_2, index: 0 });
    }

    #[test]
    fn sizes_grow_with_mentions_only_when_asked() {
        assert!((node_radius(500, false) - NODE_RADIUS).abs() < f32::EPSILON);
        assert!(node_radius(0, true) < node_radius(20, true));
        assert!(node_radius(1_000_000, true) <= MAX_NODE_RADIUS);
    }
}
