//! Screen geometry of the map: the camera that turns map units into screen points, and
//! hit tests for nodes and curved lines. Pure math on egui's vector types; where lines
//! run and how large nodes are is [`crate::geometry`], shared with the exports.

use egui::{Pos2, Rect, Vec2, pos2};
use serde::{Deserialize, Serialize};

/// The closest the camera may zoom out (screen points per map unit).
pub const MIN_ZOOM: f32 = 0.01;
/// The closest the camera may zoom in.
pub const MAX_ZOOM: f32 = 8.0;

/// What part of a map is on screen: the map point at the centre of the canvas and the
/// number of screen points per map unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Map point shown at the centre of the canvas.
    pub center: [f32; 2],
    /// Screen points per map unit.
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self { center: [0.0, 0.0], zoom: 1.0 }
    }
}

impl Camera {
    /// The screen point of map point `p` on a canvas occupying `canvas`.
    #[inline]
    pub fn screen_from_map(&self, canvas: Rect, p: Pos2) -> Pos2 {
        canvas.center() + (p - self.center_pos()) * self.zoom
    }

    /// The map point under screen point `s`.
    #[inline]
    pub fn map_from_screen(&self, canvas: Rect, s: Pos2) -> Pos2 {
        self.center_pos() + (s - canvas.center()) / self.zoom
    }

    /// The part of the map that is visible on `canvas`, in map units.
    pub fn visible_map_rect(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(self.map_from_screen(canvas, canvas.min), self.map_from_screen(canvas, canvas.max))
    }

    /// The map point at the centre of the canvas.
    pub fn center_pos(&self) -> Pos2 {
        pos2(self.center[0], self.center[1])
    }

    /// Moves the view by a screen-space delta (dragging the map along with the pointer).
    pub fn pan_by_screen(&mut self, delta: Vec2) {
        let c = self.center_pos() - delta / self.zoom;
        self.center = [c.x, c.y];
    }

    /// Multiplies the zoom by `factor`, keeping the map point under `anchor` (a screen
    /// point) where it is.
    pub fn zoom_around(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.map_from_screen(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        // Solve screen_from_map(before) == anchor for the centre.
        let c = before - (anchor - canvas.center()) / self.zoom;
        self.center = [c.x, c.y];
    }

    /// A camera that shows every point of `points` on `canvas` with `margin_px` to spare
    /// on each side, at most at zoom 1.5 (a lone node is not blown up). `None` if there
    /// are no points.
    pub fn fit(points: impl IntoIterator<Item = Pos2>, canvas: Rect, margin_px: f32) -> Option<Self> {
        let mut bounds = Rect::NOTHING;
        for p in points {
            bounds.extend_with(p);
        }
        if bounds.min.x > bounds.max.x {
            return None;
        }
        let avail = (canvas.size() - Vec2::splat(2.0 * margin_px)).max(Vec2::splat(1.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        let zoom = (avail.x / size.x).min(avail.y / size.y).clamp(MIN_ZOOM, 1.5);
        let c = bounds.center();
        Some(Self { center: [c.x, c.y], zoom })
    }
}

impl Camera {
    /// The camera that shows all of `view` (map units) as large as it fits on `canvas`,
    /// centred.
    pub fn showing(view: Rect, canvas: Rect) -> Self {
        let size = view.size().max(Vec2::splat(1e-3));
        let zoom = (canvas.width() / size.x).min(canvas.height() / size.y).clamp(MIN_ZOOM, MAX_ZOOM);
        let c = view.center();
        Self { center: [c.x, c.y], zoom }
    }

    /// The camera `t` (0..=1) of the way from `self` to `to`: the centre moves in a
    /// straight line and the zoom changes at a steady rate (geometrically), so a move
    /// between a close-up and an overview feels even.
    #[must_use]
    pub fn lerp(&self, to: &Self, t: f32) -> Self {
        let c = self.center_pos() + (to.center_pos() - self.center_pos()) * t;
        let zoom = (self.zoom.ln() + (to.zoom.ln() - self.zoom.ln()) * t).exp();
        Self { center: [c.x, c.y], zoom: if zoom.is_finite() { zoom } else { to.zoom } }
    }
}

/// The index of the topmost node (the last drawn) whose disc of radius `radii[i]` (screen
/// points) around `centers[i]` contains `p`.
pub fn node_at(p: Pos2, centers: &[Pos2], radii: &[f32]) -> Option<usize> {
    centers
        .iter()
        .zip(radii)
        .enumerate()
        .rev()
        .find(|(_, (c, r))| c.distance_sq(p) <= **r * **r)
        .map(|(i, _)| i)
}

/// The point at `t` (0..=1) on the quadratic Bézier curve `a`–`c`–`b`.
#[inline]
pub fn quadratic_point(a: Pos2, c: Pos2, b: Pos2, t: f32) -> Pos2 {
    let rest = 1.0 - t;
    let (wa, wc, wb) = (rest * rest, 2.0 * rest * t, t * t);
    pos2(wa * a.x + wc * c.x + wb * b.x, wa * a.y + wc * c.y + wb * b.y)
}

/// Distance from `p` to the line segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len_sq = ab.length_sq();
    if len_sq <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len_sq).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Distance from `p` to the quadratic Bézier curve `a`–`c`–`b`, to within a fraction of a
/// point for curves a few hundred points long: the curve is walked as 24 straight pieces.
pub fn distance_to_quadratic(p: Pos2, a: Pos2, c: Pos2, b: Pos2) -> f32 {
    const PIECES: usize = 24;
    let mut best = f32::INFINITY;
    let mut prev = a;
    for i in 1..=PIECES {
        let next = quadratic_point(a, c, b, i as f32 / PIECES as f32);
        best = best.min(distance_to_segment(p, prev, next));
        prev = next;
    }
    best
}

/// Where a line leaving a disc of radius `r` at `center` towards `toward` crosses its rim.
pub fn rim_point(center: Pos2, toward: Pos2, r: f32) -> Pos2 {
    let d = toward - center;
    let len = d.length();
    if len <= f32::EPSILON { center } else { center + d * (r / len) }
}

/// Whether the rectangle spanned by the points could touch `rect` (for culling curves:
/// a quadratic Bézier curve lies within the hull of its three points).
pub fn hull_touches(rect: Rect, points: &[Pos2]) -> bool {
    let mut bounds = Rect::NOTHING;
    for p in points {
        bounds.extend_with(*p);
    }
    rect.intersects(bounds)
}

#[cfg(test)]
mod tests {
    use egui::vec2;

    use super::*;

    #[test]
    fn showing_fits_the_view_and_lerp_ends_on_both_cameras() {
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 500.0));
        let view = Rect::from_min_max(pos2(100.0, 100.0), pos2(300.0, 200.0));
        let camera = Camera::showing(view, canvas);
        let near = |a: f32, b: f32| (a - b).abs() < 1e-4;
        assert!(near(camera.zoom, 5.0));
        assert!(near(camera.center[0], 200.0) && near(camera.center[1], 150.0));
        let visible = camera.visible_map_rect(canvas);
        assert!(visible.contains_rect(view));
        // A wider view is limited by the width instead.
        let wide = Camera::showing(Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 10.0)), canvas);
        assert!(near(wide.zoom, 1.0));

        let far = Camera { center: [0.0, 0.0], zoom: 0.5 };
        assert_eq!(far.lerp(&camera, 0.0), far);
        let end = far.lerp(&camera, 1.0);
        assert!(near(end.zoom, camera.zoom));
        assert!(near(end.center[0], camera.center[0]) && near(end.center[1], camera.center[1]));
        // Halfway in zoom is the geometric mean.
        assert!((far.lerp(&camera, 0.5).zoom - (0.5f32 * 5.0).sqrt()).abs() < 1e-4);
    }

    fn canvas() -> Rect {
        Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0))
    }

    fn close(a: Pos2, b: Pos2) -> bool {
        a.distance(b) < 1e-3
    }

    #[test]
    fn screen_and_map_points_round_trip() {
        let cameras = [
            Camera::default(),
            Camera { center: [250.0, -40.0], zoom: 0.3 },
            Camera { center: [-1e4, 3e3], zoom: 4.0 },
        ];
        for camera in cameras {
            for p in [pos2(0.0, 0.0), pos2(123.5, -77.0), pos2(-5000.0, 9000.0)] {
                let back = camera.map_from_screen(canvas(), camera.screen_from_map(canvas(), p));
                assert!(back.distance(p) < 1e-2 * p.to_vec2().length().max(1.0), "{camera:?} {p:?} {back:?}");
            }
        }
        // The camera's centre is drawn at the canvas's centre.
        let camera = Camera { center: [10.0, 20.0], zoom: 2.0 };
        assert!(close(camera.screen_from_map(canvas(), pos2(10.0, 20.0)), canvas().center()));
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor_fixed() {
        let cursor = pos2(730.0, 120.0);
        for factor in [0.5, 1.1, 3.0] {
            let mut camera = Camera { center: [40.0, 60.0], zoom: 0.8 };
            let under = camera.map_from_screen(canvas(), cursor);
            camera.zoom_around(canvas(), cursor, factor);
            assert!((camera.zoom - 0.8 * factor).abs() < 1e-5);
            assert!(close(camera.screen_from_map(canvas(), under), cursor));
        }
        // Zoom is clamped, and the anchor still holds.
        let mut camera = Camera::default();
        let under = camera.map_from_screen(canvas(), cursor);
        camera.zoom_around(canvas(), cursor, 1e6);
        assert!((camera.zoom - MAX_ZOOM).abs() < f32::EPSILON);
        assert!(close(camera.screen_from_map(canvas(), under), cursor));
    }

    #[test]
    fn panning_moves_the_map_with_the_pointer() {
        let mut camera = Camera { center: [0.0, 0.0], zoom: 2.0 };
        let p = pos2(30.0, 40.0);
        let before = camera.screen_from_map(canvas(), p);
        camera.pan_by_screen(vec2(15.0, -8.0));
        assert!(close(camera.screen_from_map(canvas(), p), before + vec2(15.0, -8.0)));
    }

    #[test]
    fn fit_all_shows_every_point_inside_the_margin() {
        let points = [pos2(-300.0, 10.0), pos2(900.0, 40.0), pos2(100.0, 2000.0)];
        let camera = Camera::fit(points, canvas(), 40.0).expect("points");
        let inner = canvas().shrink(40.0 - 0.01);
        for p in points {
            assert!(inner.contains(camera.screen_from_map(canvas(), p)), "{p:?}");
        }
        // The tighter dimension (height here) is filled.
        let top = camera.screen_from_map(canvas(), pos2(0.0, 10.0)).y;
        let bottom = camera.screen_from_map(canvas(), pos2(0.0, 2000.0)).y;
        assert!((bottom - top - (600.0 - 80.0)).abs() < 0.5);
        assert_eq!(Camera::fit([], canvas(), 40.0), None);
        let single = Camera::fit([pos2(5.0, 6.0)], canvas(), 40.0).expect("one point");
        assert!(close(single.center_pos(), pos2(5.0, 6.0)));
        assert!(single.zoom <= 1.5);
    }

    #[test]
    fn node_hit_testing_prefers_the_topmost_node() {
        let centers = [pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(100.0, 100.0)];
        let radii = [8.0, 8.0, 5.0];
        let table = [
            (pos2(-6.0, 0.0), Some(0)),
            (pos2(5.0, 0.0), Some(1)),
            (pos2(100.0, 104.9), Some(2)),
            (pos2(100.0, 105.1), None),
            (pos2(50.0, 50.0), None),
        ];
        for (p, expected) in table {
            assert_eq!(node_at(p, &centers, &radii), expected, "{p:?}");
        }
    }

    #[test]
    fn distance_to_a_quadratic_curve() {
        let (a, b) = (pos2(0.0, 0.0), pos2(200.0, 0.0));
        // A straight "curve": the distance is to the segment.
        let c = pos2(100.0, 0.0);
        assert!((distance_to_quadratic(pos2(100.0, 30.0), a, c, b) - 30.0).abs() < 1e-3);
        assert!((distance_to_quadratic(pos2(-30.0, -40.0), a, c, b) - 50.0).abs() < 1e-3);
        // A bent curve passes through its apex, half way to the control point.
        let c = pos2(100.0, -80.0);
        let apex = quadratic_point(a, c, b, 0.5);
        assert!(close(apex, pos2(100.0, -40.0)), "{apex:?}");
        assert!(distance_to_quadratic(apex, a, c, b) < 0.5);
        assert!((distance_to_quadratic(pos2(100.0, 0.0), a, c, b) - 40.0).abs() < 0.5);
        assert!(distance_to_quadratic(pos2(100.0, -20.0), a, c, b) > 15.0);
    }

    #[test]
    fn rims_and_culling() {
        assert!(close(rim_point(pos2(0.0, 0.0), pos2(30.0, 40.0), 10.0), pos2(6.0, 8.0)));
        assert!(close(rim_point(pos2(1.0, 1.0), pos2(1.0, 1.0), 10.0), pos2(1.0, 1.0)));
        let view = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        assert!(hull_touches(view, &[pos2(-50.0, 50.0), pos2(150.0, 50.0)]));
        assert!(!hull_touches(view, &[pos2(-50.0, -50.0), pos2(-10.0, -1.0)]));
    }
}
