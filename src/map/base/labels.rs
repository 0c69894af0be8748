//! Locality names on the base map: the font (DejaVu Sans Condensed, embedded), text turned
//! into paths with ab_glyph, and the placement of labels.
//!
//! Placement is decided once per zoom for the whole region in world pixels, greedily by rank
//! (cities, towns, gmina seats, villages), each label trying four positions around its dot and
//! kept only if it overlaps no label or dot placed before it. Every tile then draws the labels
//! that reach into it, so a label crossing a tile edge is drawn whole on both sides and
//! neighbouring tiles always agree.

use std::collections::HashMap;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, OutlineCurve};
use tiny_skia::{Path, PathBuilder};

use crate::domain::geo::GeoPoint;
use crate::map::font::label_font;
use crate::map::localities::{self, Locality, LocalityKind};
use crate::map::mercator::world_pixel;

use super::{MAX_ZOOM, MIN_ZOOM};

/// How important a locality is on the map; lower is shown earlier and placed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// A city with powiat rights (Bydgoszcz, Toruń, Włocławek, Grudziądz).
    City,
    Town,
    /// A village that is the seat of a rural gmina of the same name.
    GminaSeat,
    Village,
}

impl Rank {
    pub fn of(locality: &Locality) -> Rank {
        match locality.kind {
            LocalityKind::Town if locality.powiat == locality.name => Rank::City,
            LocalityKind::Town => Rank::Town,
            LocalityKind::Village
                if locality
                    .gmina
                    .strip_prefix(locality.name.as_str())
                    .is_some_and(|rest| rest.starts_with("-gmina")) =>
            {
                Rank::GminaSeat
            }
            LocalityKind::Village => Rank::Village,
        }
    }

    /// Whether localities of this rank have a dot at zoom `z`.
    pub fn dot_from(self) -> u8 {
        match self {
            Rank::City | Rank::Town => 7,
            Rank::GminaSeat => 9,
            Rank::Village => 10,
        }
    }

    /// From which zoom localities of this rank get a label (if there is room).
    fn label_from(self) -> u8 {
        match self {
            Rank::City => 7,
            Rank::Town => 8,
            Rank::GminaSeat => 9,
            Rank::Village => 10,
        }
    }

    /// The dot's radius in pixels.
    pub fn radius(self, z: u8) -> f32 {
        match self {
            Rank::City => 3.5 + 0.25 * f32::from(z.saturating_sub(7)),
            Rank::Town => 2.8 + 0.2 * f32::from(z.saturating_sub(7)),
            Rank::GminaSeat | Rank::Village => 1.8 + 0.2 * f32::from(z.saturating_sub(10)),
        }
    }

    /// The label's font size in pixels.
    pub fn font_size(self, z: u8) -> f32 {
        match self {
            Rank::City if z <= 8 => 13.5,
            Rank::City => 15.0,
            Rank::Town => 12.5,
            Rank::GminaSeat => 11.5,
            Rank::Village => 10.5,
        }
    }
}

/// A locality drawn at one zoom: its dot and, if there was room, its label.
#[derive(Debug, Clone)]
pub struct Placed {
    pub name: &'static str,
    pub rank: Rank,
    /// The dot's centre in world pixels.
    pub dot: (f64, f64),
    /// Where the label's baseline starts, in world pixels, if it has a label.
    pub label: Option<(f64, f64)>,
    /// The label's box (x0, y0, x1, y1) in world pixels, halo included.
    pub label_box: Option<(f64, f64, f64, f64)>,
}

/// The localities drawn at zoom `z` (7–12), placed once and kept.
pub fn placed(z: u8) -> &'static [Placed] {
    static LEVELS: OnceLock<Vec<Vec<Placed>>> = OnceLock::new();
    let levels = LEVELS.get_or_init(|| {
        let all: Vec<(&'static str, Rank, GeoPoint)> = localities::all()
            .iter()
            .map(|l| (l.name.as_str(), Rank::of(l), l.point))
            .collect();
        (MIN_ZOOM..=MAX_ZOOM)
            .map(|z| place(&all, z, width))
            .collect()
    });
    levels
        .get(usize::from(z.saturating_sub(MIN_ZOOM)))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Places the dots and labels of `localities` (name, rank, position) at zoom `z`, most
/// important first; `measure(text, size)` gives a text's width. A place is left out when its
/// dot would overlap what is already placed.
pub fn place(
    localities: &[(&'static str, Rank, GeoPoint)],
    z: u8,
    measure: impl Fn(&str, f32) -> f32,
) -> Vec<Placed> {
    let mut shown: Vec<&(&'static str, Rank, GeoPoint)> = localities
        .iter()
        .filter(|(_, rank, _)| rank.dot_from() <= z)
        .collect();
    shown.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    let mut taken = Grid::default();
    let mut placed = Vec::new();
    for &&(name, rank, point) in &shown {
        let dot = world_pixel(point, z);
        let r = f64::from(rank.radius(z)) + 1.0;
        let own_dot = (dot.0 - r, dot.1 - r, dot.0 + r, dot.1 + r);
        // A place whose dot would sit on a more important dot or label waits for a closer
        // zoom.
        if taken.overlaps(own_dot, None) {
            continue;
        }
        taken.insert(own_dot);
        let mut item = Placed {
            name,
            rank,
            dot,
            label: None,
            label_box: None,
        };
        if rank.label_from() <= z {
            let size = f64::from(rank.font_size(z));
            let width = f64::from(measure(name, rank.font_size(z)));
            let (x, y) = dot;
            let ascent = 0.76 * size;
            let descent = 0.24 * size;
            let gap = r + 1.5;
            // Right, left, above, below the dot: (baseline start x, baseline y).
            let candidates = [
                (x + gap, y + 0.35 * size),
                (x - gap - width, y + 0.35 * size),
                (x - width / 2.0, y - gap - descent),
                (x - width / 2.0, y + gap + ascent),
            ];
            let halo = 2.0;
            for (bx, by) in candidates {
                let bounds = (
                    bx - halo,
                    by - ascent - halo,
                    bx + width + halo,
                    by + descent + halo,
                );
                if !taken.overlaps(bounds, Some(own_dot)) {
                    taken.insert(bounds);
                    item.label = Some((bx, by));
                    item.label_box = Some(bounds);
                    break;
                }
            }
        }
        placed.push(item);
    }
    placed
}

type Rect = (f64, f64, f64, f64);

fn intersects(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Boxes already taken, bucketed in cells of 64 world pixels.
#[derive(Default)]
struct Grid {
    cells: HashMap<(i64, i64), Vec<Rect>>,
}

impl Grid {
    const CELL: f64 = 64.0;

    fn cells_of(rect: Rect) -> impl Iterator<Item = (i64, i64)> {
        let (x0, y0) = (
            (rect.0 / Self::CELL).floor() as i64,
            (rect.1 / Self::CELL).floor() as i64,
        );
        let (x1, y1) = (
            (rect.2 / Self::CELL).floor() as i64,
            (rect.3 / Self::CELL).floor() as i64,
        );
        (x0..=x1).flat_map(move |cx| (y0..=y1).map(move |cy| (cx, cy)))
    }

    fn insert(&mut self, rect: Rect) {
        for cell in Self::cells_of(rect) {
            self.cells.entry(cell).or_default().push(rect);
        }
    }

    /// Whether `rect` overlaps a taken box other than `except`.
    fn overlaps(&self, rect: Rect, except: Option<Rect>) -> bool {
        Self::cells_of(rect).any(|cell| {
            self.cells.get(&cell).is_some_and(|boxes| {
                boxes
                    .iter()
                    .any(|&b| Some(b) != except && intersects(b, rect))
            })
        })
    }
}

fn scale(font: &FontRef<'_>, size: f32) -> f32 {
    size / font.units_per_em().unwrap_or(2048.0)
}

/// The width of `text` at `size` pixels.
pub fn width(text: &str, size: f32) -> f32 {
    let Some(font) = label_font() else {
        return 0.0;
    };
    let s = scale(font, size);
    let mut previous = None;
    let mut x = 0.0;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            x += font.kern_unscaled(p, id) * s;
        }
        x += font.h_advance_unscaled(id) * s;
        previous = Some(id);
    }
    x
}

/// The outline of `text` at `size` pixels, its baseline starting at (0, 0), y down.
pub fn text_path(text: &str, size: f32) -> Option<Path> {
    let font = label_font()?;
    let s = scale(font, size);
    let mut builder = PathBuilder::new();
    let mut previous = None;
    let mut x = 0.0;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            x += font.kern_unscaled(p, id) * s;
        }
        if let Some(outline) = font.outline(id) {
            let at = |p: ab_glyph::Point| (x + p.x * s, -p.y * s);
            let mut current: Option<(f32, f32)> = None;
            for curve in &outline.curves {
                let (start, end) = match *curve {
                    OutlineCurve::Line(a, b) => (at(a), at(b)),
                    OutlineCurve::Quad(a, _, c) => (at(a), at(c)),
                    OutlineCurve::Cubic(a, _, _, d) => (at(a), at(d)),
                };
                if current != Some(start) {
                    if current.is_some() {
                        builder.close();
                    }
                    builder.move_to(start.0, start.1);
                }
                match *curve {
                    OutlineCurve::Line(_, _) => builder.line_to(end.0, end.1),
                    OutlineCurve::Quad(_, b, _) => {
                        let b = at(b);
                        builder.quad_to(b.0, b.1, end.0, end.1);
                    }
                    OutlineCurve::Cubic(_, b, c, _) => {
                        let (b, c) = (at(b), at(c));
                        builder.cubic_to(b.0, b.1, c.0, c.1, end.0, end.1);
                    }
                }
                current = Some(end);
            }
            if current.is_some() {
                builder.close();
            }
        }
        x += font.h_advance_unscaled(id) * s;
        previous = Some(id);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> &'static [Locality] {
        localities::all()
    }

    fn find<'a>(placed: &'a [Placed], name: &str) -> &'a Placed {
        placed.iter().find(|p| p.name == name).expect(name)
    }

    #[test]
    fn ranks_follow_the_register() {
        let by_name = |name: &str| places().iter().find(|l| l.name == name).expect(name);
        assert_eq!(Rank::of(by_name("Toruń")), Rank::City);
        assert_eq!(Rank::of(by_name("Chełmża")), Rank::Town);
        let seat = places()
            .iter()
            .find(|l| l.gmina == "Łysomice-gmina wiejska" && l.name == "Łysomice")
            .expect("Łysomice");
        assert_eq!(Rank::of(seat), Rank::GminaSeat);
    }

    #[test]
    fn cities_are_labelled_from_zoom_7_and_villages_only_from_zoom_10() {
        let z7 = placed(7);
        assert!(find(z7, "Toruń").label.is_some());
        assert!(find(z7, "Bydgoszcz").label.is_some());
        assert!(z7.iter().all(|p| p.rank <= Rank::Town));
        assert!(
            z7.iter()
                .filter(|p| p.label.is_some())
                .all(|p| p.rank == Rank::City)
        );
        assert!(
            placed(8)
                .iter()
                .any(|p| p.rank == Rank::Town && p.label.is_some())
        );
        assert!(placed(9).iter().all(|p| p.rank != Rank::Village));
        let z11 = placed(11);
        assert!(
            z11.iter()
                .filter(|p| p.rank == Rank::Village && p.label.is_some())
                .count()
                > 500
        );
    }

    #[test]
    fn placed_labels_never_overlap_each_other_or_other_dots() {
        for z in MIN_ZOOM..=MAX_ZOOM {
            let level = placed(z);
            let boxes: Vec<Rect> = level.iter().filter_map(|p| p.label_box).collect();
            assert!(!boxes.is_empty());
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!intersects(*a, *b), "z{z}: {a:?} {b:?}");
                }
            }
            for p in level.iter().filter(|p| p.label_box.is_some()) {
                let label = p.label_box.unwrap();
                for other in level.iter().filter(|o| o.name != p.name || o.dot != p.dot) {
                    let (x, y) = other.dot;
                    let r = f64::from(other.rank.radius(z));
                    assert!(
                        !intersects(label, (x - r, y - r, x + r, y + r)),
                        "z{z}: {} over the dot of {}",
                        p.name,
                        other.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_crowded_label_moves_to_another_side_or_is_left_out() {
        // Two towns side by side (20 px apart at zoom 12): the first, by name, takes the right
        // side; the second would cover the first's label there, so it goes left.
        let at = |lon: f64| GeoPoint { lat: 53.0, lon };
        let dx = 20.0 * 360.0 / (256.0 * 4096.0);
        let towns = [
            ("A", Rank::Town, at(18.6)),
            ("B", Rank::Town, at(18.6 - dx)),
        ];
        let placed = place(&towns, 12, |_, _| 30.0);
        let (a, b) = (find(&placed, "A"), find(&placed, "B"));
        assert!(a.label.unwrap().0 > a.dot.0, "A on the right");
        assert!(b.label.unwrap().0 < b.dot.0, "B on the left");
        // A third town further west whose dot would lie under B's long label waits for a
        // closer zoom.
        let three = [towns[0], towns[1], ("C", Rank::Town, at(18.6 - 2.0 * dx))];
        let placed = place(&three, 12, |_, _| 300.0);
        assert!(find(&placed, "B").label.unwrap().0 < find(&placed, "B").dot.0);
        assert!(placed.iter().all(|p| p.name != "C"));
        // A village right next to a town's dot is left out; the town keeps its label.
        let crowded = [
            ("Town", Rank::Town, at(18.6)),
            ("Village", Rank::Village, at(18.6 + dx / 8.0)),
        ];
        let placed = place(&crowded, 12, |_, _| 30.0);
        assert_eq!(placed.len(), 1);
        assert!(placed[0].label.is_some());
    }

    #[test]
    fn text_is_measured_and_outlined() {
        let w = width("Toruń", 12.0);
        assert!(w > 20.0 && w < 50.0, "{w}");
        assert!(width("Toruń Toruń", 12.0) > 2.0 * w);
        let path = text_path("Toruń", 12.0).expect("outlines");
        let bounds = path.bounds();
        assert!(bounds.left() >= -1.0 && bounds.right() <= w + 1.0);
        assert!(bounds.top() < -7.0 && bounds.bottom() <= 3.5, "{bounds:?}");
        assert!(text_path("", 12.0).is_none());
    }
}
