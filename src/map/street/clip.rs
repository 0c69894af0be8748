//! Clipping geometry to a rectangle: lines are cut into the pieces inside, area rings are cut
//! with Sutherland–Hodgman (the pieces along the edge are filled even-odd, so holes stay holes).

use super::feature::Point;

/// A rectangle in world units, edges included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i64,
    pub y0: i64,
    pub x1: i64,
    pub y1: i64,
}

impl Rect {
    pub fn contains(&self, (x, y): Point) -> bool {
        let (x, y) = (i64::from(x), i64::from(y));
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }

    /// Whether an extent (min x, min y, max x, max y) touches the rectangle.
    pub fn meets(&self, (a, b, c, d): (i32, i32, i32, i32)) -> bool {
        i64::from(a) <= self.x1
            && i64::from(c) >= self.x0
            && i64::from(b) <= self.y1
            && i64::from(d) >= self.y0
    }
}

/// The parts of a polyline inside `rect` (each with at least two points).
pub fn clip_line(line: &[Point], rect: Rect) -> Vec<Vec<Point>> {
    let mut pieces = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    for pair in line.windows(2) {
        match clip_segment(pair[0], pair[1], rect) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                if current.last() != Some(&b) {
                    current.push(b);
                }
                // A segment leaving the rectangle ends the piece.
                if b != pair[1] {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                }
            }
            None => {
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Liang–Barsky: the part of segment a–b inside `rect`.
fn clip_segment(a: Point, b: Point, rect: Rect) -> Option<(Point, Point)> {
    let (ax, ay) = (f64::from(a.0), f64::from(a.1));
    let (dx, dy) = (f64::from(b.0) - ax, f64::from(b.1) - ay);
    let mut t0 = 0.0f64;
    let mut t1 = 1.0f64;
    let checks = [
        (-dx, ax - rect.x0 as f64),
        (dx, rect.x1 as f64 - ax),
        (-dy, ay - rect.y0 as f64),
        (dy, rect.y1 as f64 - ay),
    ];
    for (p, q) in checks {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                if r > t1 {
                    return None;
                }
                t0 = t0.max(r);
            } else {
                if r < t0 {
                    return None;
                }
                t1 = t1.min(r);
            }
        }
    }
    let at = |t: f64, orig: Point| -> Point {
        if t == 0.0 {
            return a;
        }
        if t == 1.0 {
            return orig;
        }
        ((ax + t * dx).round() as i32, (ay + t * dy).round() as i32)
    };
    Some((at(t0, a), at(t1, b)))
}

/// A ring cut to `rect` (closed again), or `None` when nothing of it is inside.
pub fn clip_ring(ring: &[Point], rect: Rect) -> Option<Vec<Point>> {
    let mut points: Vec<(f64, f64)> = ring
        .iter()
        .map(|&(x, y)| (f64::from(x), f64::from(y)))
        .collect();
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    // Left, right, top, bottom: keep the side where `inside` holds.
    let edges: [(bool, f64, bool); 4] = [
        (true, rect.x0 as f64, true),
        (true, rect.x1 as f64, false),
        (false, rect.y0 as f64, true),
        (false, rect.y1 as f64, false),
    ];
    for (vertical, at, keep_greater) in edges {
        if points.is_empty() {
            return None;
        }
        let inside = |p: (f64, f64)| {
            let v = if vertical { p.0 } else { p.1 };
            if keep_greater { v >= at } else { v <= at }
        };
        let cross = |p: (f64, f64), q: (f64, f64)| {
            let (pv, qv) = if vertical { (p.0, q.0) } else { (p.1, q.1) };
            let t = (at - pv) / (qv - pv);
            let (x, y) = (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1));
            if vertical { (at, y) } else { (x, at) }
        };
        let mut out = Vec::with_capacity(points.len() + 4);
        for i in 0..points.len() {
            let current = points[i];
            let previous = points[(i + points.len() - 1) % points.len()];
            match (inside(previous), inside(current)) {
                (true, true) => out.push(current),
                (true, false) => out.push(cross(previous, current)),
                (false, true) => {
                    out.push(cross(previous, current));
                    out.push(current);
                }
                (false, false) => {}
            }
        }
        points = out;
    }
    let mut ring: Vec<Point> = points
        .into_iter()
        .map(|(x, y)| (x.round() as i32, y.round() as i32))
        .collect();
    ring.dedup();
    if ring.len() < 3 {
        return None;
    }
    ring.push(ring[0]);
    Some(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECT: Rect = Rect {
        x0: 0,
        y0: 0,
        x1: 100,
        y1: 100,
    };

    #[test]
    fn a_line_crossing_the_rectangle_is_cut_at_its_edges() {
        let pieces = clip_line(&[(-50, 50), (150, 50)], RECT);
        assert_eq!(pieces, vec![vec![(0, 50), (100, 50)]]);
    }

    #[test]
    fn a_line_leaving_and_coming_back_gives_two_pieces() {
        let line = [(10, 10), (10, 200), (90, 200), (90, 10)];
        let pieces = clip_line(&line, RECT);
        assert_eq!(
            pieces,
            vec![vec![(10, 10), (10, 100)], vec![(90, 100), (90, 10)]]
        );
    }

    #[test]
    fn lines_inside_stay_whole_and_outside_vanish() {
        let inside = [(1, 1), (50, 60), (99, 2)];
        assert_eq!(clip_line(&inside, RECT), vec![inside.to_vec()]);
        assert!(clip_line(&[(200, 0), (300, 100)], RECT).is_empty());
    }

    #[test]
    fn a_ring_is_cut_to_the_rectangle_and_closed() {
        let square = [(50, 50), (150, 50), (150, 150), (50, 150), (50, 50)];
        let clipped = clip_ring(&square, RECT).unwrap();
        assert_eq!(clipped.first(), clipped.last());
        let mut corners: Vec<Point> = clipped[..clipped.len() - 1].to_vec();
        corners.sort();
        assert_eq!(corners, vec![(50, 50), (50, 100), (100, 50), (100, 100)]);
    }

    #[test]
    fn a_ring_outside_is_dropped_and_one_around_becomes_the_rectangle() {
        assert!(clip_ring(&[(200, 200), (300, 200), (300, 300), (200, 200)], RECT).is_none());
        let around = [(-10, -10), (110, -10), (110, 110), (-10, 110), (-10, -10)];
        let clipped = clip_ring(&around, RECT).unwrap();
        assert_eq!(clipped.len(), 5);
        assert!(clipped.iter().all(|&p| RECT.contains(p)));
    }
}
