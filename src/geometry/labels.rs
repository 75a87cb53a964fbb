//! Where names and relation labels go so that none covers another or a node: one rule
//! for the canvas, the presentation and the exports. Units are the caller's (screen
//! points on the canvas, map units on a page); only boxes and discs are compared.
//!
//! The rule: labels are placed in order of rank (selected or stressed first, dimmed
//! last), names before relation labels of the same rank, and relation labels with more
//! evidence first. A name takes the first free side of its node (below, above, right,
//! left); a relation label slides along its line from the middle outwards. A label that
//! finds no room is dropped, leaving a small "…" where one fits near the middle. Placed boxes are kept
//! in a uniform grid, so each test looks only at the few boxes nearby.

use super::{Point, Rect};

/// Where along its line (0 at the start, 1 at the end) a relation label is tried, in order.
pub const ALONG: [f32; 7] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.16, 0.84];

/// A hint is tried only this near the middle of its line (the first places of [`ALONG`]):
/// far out it would no longer say which line it belongs to.
const HINT_TRIES: usize = 3;

/// The side of its node a name is placed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSide {
    /// Under the node (the usual place).
    Below,
    /// Over it.
    Above,
    /// To its right.
    Right,
    /// To its left.
    Left,
}

impl NameSide {
    /// Every side, in the order they are tried.
    pub const ALL: [Self; 4] = [Self::Below, Self::Above, Self::Right, Self::Left];

    /// The box of a `width`×`height` name on this side of a node of `radius` at `center`,
    /// `gap` away from its rim.
    pub fn rect(self, center: Point, radius: f32, gap: f32, width: f32, height: f32) -> Rect {
        let reach = radius + gap;
        match self {
            Self::Below => Rect::new(center.x - width / 2.0, center.y + reach, width, height),
            Self::Above => Rect::new(center.x - width / 2.0, center.y - reach - height, width, height),
            Self::Right => Rect::new(center.x + reach, center.y - height / 2.0, width, height),
            Self::Left => Rect::new(center.x - reach - width, center.y - height / 2.0, width, height),
        }
    }
}

/// A node's name waiting for a place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NameRequest {
    /// Centre of the node.
    pub center: Point,
    /// Radius of the node as drawn (with its ring, if stressed).
    pub radius: f32,
    /// Space between the rim and the name.
    pub gap: f32,
    /// Size of the name's box.
    pub width: f32,
    /// See `width`.
    pub height: f32,
    /// Higher ranks are placed first: 2 selected or stressed, 1 usual, 0 dimmed.
    pub rank: u8,
    /// The sides (in the order of [`NameSide::ALL`]) that a line of the node runs
    /// through; they are tried after the others (see [`crossed_sides`]).
    pub crossed: [bool; 4],
}

impl NameRequest {
    /// The sides to try, those no line of the node crosses first.
    fn sides(&self) -> impl Iterator<Item = NameSide> + '_ {
        let clear = NameSide::ALL.into_iter().zip(self.crossed).filter(|(_, crossed)| !crossed);
        let crossed = NameSide::ALL.into_iter().zip(self.crossed).filter(|(_, crossed)| *crossed);
        clear.chain(crossed).map(|(side, _)| side)
    }
}

/// Which sides of a node (in the order of [`NameSide::ALL`]) a name of `request`'s size
/// would be crossed on by the node's lines, each given as the segment from the node's
/// centre to a point of it a little way out (`spokes`).
pub fn crossed_sides(request: &NameRequest, spokes: &[Point]) -> [bool; 4] {
    NameSide::ALL.map(|side| {
        let rect = side.rect(request.center, request.radius, request.gap, request.width, request.height);
        spokes.iter().any(|&end| segment_meets(request.center, end, &rect))
    })
}

/// Whether the segment from `a` to `b` passes through `rect` (Liang–Barsky clipping).
fn segment_meets(a: Point, b: Point, rect: &Rect) -> bool {
    let d = b.minus(a);
    let (mut low, mut high) = (0.0_f32, 1.0_f32);
    for (p, q) in
        [(-d.x, a.x - rect.x), (d.x, rect.right() - a.x), (-d.y, a.y - rect.y), (d.y, rect.bottom() - a.y)]
    {
        if p.abs() < f32::EPSILON {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                low = low.max(t);
            } else {
                high = high.min(t);
            }
        }
    }
    low <= high
}

/// A relation's label waiting for a place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelRequest {
    /// The centre of the label at each position of [`ALONG`], on its line.
    pub candidates: [Point; ALONG.len()],
    /// Size of the label's box.
    pub width: f32,
    /// See `width`.
    pub height: f32,
    /// Size of the "…" box left when the label is dropped (0 for none).
    pub hint_width: f32,
    /// See `hint_width`.
    pub hint_height: f32,
    /// As for names.
    pub rank: u8,
    /// Among labels of one rank, heavier ones go first (distinct sources, say).
    pub weight: u32,
}

/// Where a relation's label went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelPlace {
    /// The label's box.
    At(Rect),
    /// No room for the label: a "…" hint in this box.
    Hint(Rect),
    /// No room for either.
    Dropped,
}

/// The outcome of [`place_labels`], in the order of the requests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placement {
    /// Each name's box and side, or `None` when no side was free.
    pub names: Vec<Option<(Rect, NameSide)>>,
    /// Each relation label's place.
    pub labels: Vec<LabelPlace>,
}

/// Places `names` and `labels` so that no two boxes overlap and none covers a disc of
/// `discs` (node centres and radii), by the rule of this module. `cell` is the grid's
/// cell size: about the height of two labels works well.
pub fn place_labels(
    discs: &[(Point, f32)],
    names: &[NameRequest],
    labels: &[LabelRequest],
    cell: f32,
) -> Placement {
    let mut grid = Grid::new(cell, discs);
    for &(center, radius) in discs {
        grid.insert(Shape::Disc(center, radius));
    }
    let mut placement =
        Placement { names: vec![None; names.len()], labels: vec![LabelPlace::Dropped; labels.len()] };
    let mut label_order: Vec<usize> = (0..labels.len()).collect();
    label_order
        .sort_by(|&a, &b| labels[b].rank.cmp(&labels[a].rank).then(labels[b].weight.cmp(&labels[a].weight)));
    let mut ranks: Vec<u8> = names.iter().map(|n| n.rank).chain(labels.iter().map(|l| l.rank)).collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    ranks.dedup();
    let mut next_label = 0;
    for rank in ranks {
        for (i, name) in names.iter().enumerate().filter(|(_, n)| n.rank == rank) {
            placement.names[i] = name.sides().find_map(|side| {
                let rect = side.rect(name.center, name.radius, name.gap, name.width, name.height);
                grid.take_if_free(rect).then_some((rect, side))
            });
        }
        while let Some(&i) = label_order.get(next_label).filter(|&&i| labels[i].rank == rank) {
            next_label += 1;
            let label = &labels[i];
            let try_size = |grid: &mut Grid, width: f32, height: f32, tries: usize| {
                label.candidates.iter().take(tries).find_map(|&at| {
                    let rect = Rect::around(at, width / 2.0, height / 2.0);
                    grid.take_if_free(rect).then_some(rect)
                })
            };
            placement.labels[i] =
                if let Some(rect) = try_size(&mut grid, label.width, label.height, ALONG.len()) {
                    LabelPlace::At(rect)
                } else if label.hint_width > 0.0
                    && let Some(rect) = try_size(&mut grid, label.hint_width, label.hint_height, HINT_TRIES)
                {
                    LabelPlace::Hint(rect)
                } else {
                    LabelPlace::Dropped
                };
        }
    }
    placement
}

#[derive(Clone, Copy)]
enum Shape {
    Box(Rect),
    Disc(Point, f32),
}

impl Shape {
    fn bounds(&self) -> Rect {
        match *self {
            Self::Box(rect) => rect,
            Self::Disc(center, radius) => Rect::around(center, radius, radius),
        }
    }

    fn meets(&self, rect: &Rect) -> bool {
        match *self {
            Self::Box(other) => other.overlaps(rect),
            Self::Disc(center, radius) => rect.meets_disc(center, radius),
        }
    }
}

/// Shapes by the cells of a uniform grid they touch. The grid covers the discs' bounds
/// (with a margin) in at most `MAX_CELLS` cells a side; what lies outside falls in the
/// border cells, which only makes those cells fuller, never a test wrong.
struct Grid {
    cell: f32,
    origin: Point,
    columns: i32,
    rows: i32,
    shapes: Vec<Shape>,
    cells: Vec<Vec<u32>>,
}

/// The most cells a grid has on a side.
const MAX_CELLS: i32 = 256;

impl Grid {
    fn new(cell: f32, discs: &[(Point, f32)]) -> Self {
        let mut bounds: Option<Rect> = None;
        for &(center, radius) in discs {
            let disc = Rect::around(center, radius, radius);
            bounds = Some(bounds.map_or(disc, |b| b.union(disc)));
        }
        let bounds = bounds.unwrap_or(Rect::new(0.0, 0.0, 0.0, 0.0)).grown(4.0 * cell.max(1.0));
        let side = |length: f32| ((length / cell.max(1.0)).ceil() as i32).clamp(1, MAX_CELLS);
        let (columns, rows) = (side(bounds.width), side(bounds.height));
        // Cells grow when the bounds need more than the most cells.
        let cell = cell.max(1.0).max(bounds.width / columns as f32).max(bounds.height / rows as f32);
        Self {
            cell,
            origin: Point::new(bounds.x, bounds.y),
            columns,
            rows,
            shapes: Vec::new(),
            cells: vec![Vec::new(); (columns * rows) as usize],
        }
    }

    fn cells_of(&self, rect: Rect) -> impl Iterator<Item = usize> + use<> {
        let (cell, origin, columns, rows) = (self.cell, self.origin, self.columns, self.rows);
        let index =
            move |v: f32, from: f32, count: i32| (((v - from) / cell).floor() as i32).clamp(0, count - 1);
        let (x0, x1) = (index(rect.x, origin.x, columns), index(rect.right(), origin.x, columns));
        let (y0, y1) = (index(rect.y, origin.y, rows), index(rect.bottom(), origin.y, rows));
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (y * columns + x) as usize))
    }

    fn insert(&mut self, shape: Shape) {
        let id = self.shapes.len() as u32;
        self.shapes.push(shape);
        for cell in self.cells_of(shape.bounds()) {
            self.cells[cell].push(id);
        }
    }

    fn is_free(&self, rect: Rect) -> bool {
        self.cells_of(rect)
            .all(|cell| self.cells[cell].iter().all(|&id| !self.shapes[id as usize].meets(&rect)))
    }

    /// Takes `rect` if nothing is there yet; says whether it did.
    fn take_if_free(&mut self, rect: Rect) -> bool {
        let free = self.is_free(rect);
        if free {
            self.insert(Shape::Box(rect));
        }
        free
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(x: f32, y: f32, rank: u8) -> NameRequest {
        NameRequest {
            center: Point::new(x, y),
            radius: 10.0,
            gap: 2.0,
            width: 60.0,
            height: 12.0,
            rank,
            crossed: [false; 4],
        }
    }

    fn label(from: Point, to: Point, width: f32, weight: u32) -> LabelRequest {
        LabelRequest {
            candidates: ALONG.map(|t| from.plus(to.minus(from).times(t))),
            width,
            height: 12.0,
            hint_width: 14.0,
            hint_height: 12.0,
            rank: 1,
            weight,
        }
    }

    #[test]
    fn names_move_to_a_free_side() {
        // A node right under another: the upper one's name cannot go below.
        let discs = [(Point::new(0.0, 0.0), 10.0), (Point::new(0.0, 25.0), 10.0)];
        let placement = place_labels(&discs, &[name(0.0, 0.0, 1), name(0.0, 25.0, 1)], &[], 32.0);
        assert_eq!(placement.names[0].map(|(_, side)| side), Some(NameSide::Above));
        assert_eq!(placement.names[1].map(|(_, side)| side), Some(NameSide::Below));
    }

    #[test]
    fn names_keep_off_the_lines_of_their_node() {
        // A line straight down from the node: the name goes above, where nothing is.
        let mut request = name(0.0, 0.0, 1);
        request.crossed = crossed_sides(&request, &[Point::new(0.0, 100.0)]);
        assert_eq!(request.crossed, [true, false, false, false]);
        let placement = place_labels(&[(Point::new(0.0, 0.0), 10.0)], &[request], &[], 32.0);
        assert_eq!(placement.names[0].map(|(_, side)| side), Some(NameSide::Above));
    }

    #[test]
    fn labels_slide_then_give_way_by_weight() {
        let (a, b) = (Point::new(0.0, 0.0), Point::new(200.0, 0.0));
        let discs = [(a, 10.0), (b, 10.0)];
        // Two labels on one line: the heavier takes the middle, the other slides along.
        let labels = [label(a, b, 40.0, 1), label(a, b, 40.0, 3)];
        let placement = place_labels(&discs, &[], &labels, 32.0);
        let LabelPlace::At(heavy) = placement.labels[1] else { panic!("{placement:?}") };
        assert!((heavy.center().x - 100.0).abs() < 1e-3);
        let LabelPlace::At(light) = placement.labels[0] else { panic!("{placement:?}") };
        assert!(!light.overlaps(&heavy));
        // A label as long as the line finds no room: a hint is left at the middle; a
        // second one finds no room for its hint near the middle, and is left out.
        let long = [label(a, b, 190.0, 2), label(a, b, 190.0, 1)];
        let placement = place_labels(&discs, &[], &long, 32.0);
        let LabelPlace::Hint(hint) = placement.labels[0] else { panic!("{placement:?}") };
        assert!((hint.center().x - 100.0).abs() < 1e-3);
        assert!(matches!(placement.labels[1], LabelPlace::Hint(_) | LabelPlace::Dropped), "{placement:?}");
    }

    #[test]
    fn nothing_placed_overlaps() {
        // A crowded row of nodes with names and labels between every pair.
        let centers: Vec<Point> =
            (0..12).map(|i| Point::new(i as f32 * 30.0, (i % 3) as f32 * 20.0)).collect();
        let discs: Vec<(Point, f32)> = centers.iter().map(|&c| (c, 10.0)).collect();
        let names: Vec<NameRequest> = centers.iter().map(|c| name(c.x, c.y, 1)).collect();
        let labels: Vec<LabelRequest> = centers.windows(2).map(|w| label(w[0], w[1], 50.0, 1)).collect();
        let placement = place_labels(&discs, &names, &labels, 32.0);
        let mut boxes: Vec<Rect> = placement.names.iter().flatten().map(|(r, _)| *r).collect();
        boxes.extend(placement.labels.iter().filter_map(|p| match p {
            LabelPlace::At(r) | LabelPlace::Hint(r) => Some(*r),
            LabelPlace::Dropped => None,
        }));
        for (i, a) in boxes.iter().enumerate() {
            assert!(boxes[i + 1..].iter().all(|b| !a.overlaps(b)));
            assert!(discs.iter().all(|&(c, r)| !a.meets_disc(c, r)));
        }
        assert!(placement.names.iter().any(Option::is_some));
    }
}
