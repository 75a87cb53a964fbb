//! Map geometry shared by the canvas and the exports: node sizes, the routes relations
//! take (straight, bent apart when several share a pair, loops, bundles) and where labels
//! go without covering each other or a node. Pure: no egui, no files, no page.
//!
//! The canvas (`ui::map`) and the picture export (`export::scene`) both ask this module,
//! so a map looks the same on screen and on paper: [`routes`] says where every line runs
//! in map units, [`labels`] places names and labels by one rule in whatever units the
//! caller measures text in (screen points, or map units for a page).

pub mod labels;
pub mod routes;

use crate::model::{Relation, SourceId};

pub use labels::{LabelPlace, LabelRequest, NameRequest, NameSide, Placement, crossed_sides, place_labels};
pub use routes::{
    BEND_STEP, LOOP_REACH, MAX_NODE_RADIUS, NODE_RADIUS, Pair, Route, loop_points, node_radius, pair_routes,
};

/// A point in map or page coordinates (x right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, down is positive.
    pub y: f32,
}

impl Point {
    /// The point at `x`, `y`.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// The sum of two vectors.
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self::new(self.x + other.x, self.y + other.y)
    }

    /// The difference of two vectors.
    #[must_use]
    pub fn minus(self, other: Self) -> Self {
        Self::new(self.x - other.x, self.y - other.y)
    }

    /// This vector scaled by `factor`.
    #[must_use]
    pub fn times(self, factor: f32) -> Self {
        Self::new(self.x * factor, self.y * factor)
    }

    /// The length of this vector.
    pub fn length(self) -> f32 {
        self.x.hypot(self.y)
    }

    /// The distance to `other`.
    pub fn distance(self, other: Self) -> f32 {
        self.minus(other).length()
    }

    /// The unit vector in this direction, or straight right for a zero vector.
    #[must_use]
    pub fn unit(self) -> Self {
        let length = self.length();
        if length > f32::EPSILON { self.times(1.0 / length) } else { Self::new(1.0, 0.0) }
    }

    /// This vector turned a quarter turn (clockwise on screen).
    #[must_use]
    pub fn turned(self) -> Self {
        Self::new(-self.y, self.x)
    }

    /// The unit vector at `radians` from the x axis (clockwise on screen).
    pub fn at_angle(radians: f32) -> Self {
        Self::new(radians.cos(), radians.sin())
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width, not negative.
    pub width: f32,
    /// Height, not negative.
    pub height: f32,
}

impl Rect {
    /// The rectangle with top-left corner `x`, `y` and the given size.
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self { x, y, width, height }
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// The rectangle of the given half sizes around `center`.
    pub fn around(center: Point, half_width: f32, half_height: f32) -> Self {
        Self::new(center.x - half_width, center.y - half_height, 2.0 * half_width, 2.0 * half_height)
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Self::new(x, y, self.right().max(other.right()) - x, self.bottom().max(other.bottom()) - y)
    }

    /// This rectangle with `margin` added on every side.
    #[must_use]
    pub fn grown(self, margin: f32) -> Self {
        Self::new(self.x - margin, self.y - margin, self.width + 2.0 * margin, self.height + 2.0 * margin)
    }

    /// Whether the two share more than an edge.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// Whether the disc of `radius` around `center` reaches inside this rectangle.
    pub fn meets_disc(&self, center: Point, radius: f32) -> bool {
        let nearest_x = center.x.clamp(self.x, self.right());
        let nearest_y = center.y.clamp(self.y, self.bottom());
        let (dx, dy) = (center.x - nearest_x, center.y - nearest_y);
        dx * dx + dy * dy < radius * radius
    }
}

/// The short label of a bundle of `count` relations: "6 relations".
pub fn bundle_label(count: usize) -> String {
    format!("{count} relations")
}

/// The distinct sources quoted by any of `relations`: how thick their bundle is drawn.
pub fn bundle_sources(relations: &[&Relation]) -> usize {
    let mut sources: Vec<&SourceId> =
        relations.iter().flat_map(|r| r.evidence.iter().map(|e| &e.source)).collect();
    sources.sort_unstable();
    sources.dedup();
    sources.len()
}
