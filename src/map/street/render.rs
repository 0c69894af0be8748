//! Drawing one 256-pixel tile of the street map with tiny-skia. Callers pass the features of
//! the tile and its surroundings (the bucket margin), so strokes and place labels that cross a
//! tile edge are drawn the same way on both sides; street names are only drawn where they fit
//! inside the tile.

use ab_glyph::{Font, FontRef, OutlineCurve, ScaleFont};
use tiny_skia::{
    ColorU8, FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, Pixmap, Stroke, StrokeDash,
    Transform,
};

use super::feature::{Class, Feature, Shape, WORLD_BITS};
use super::style;
use crate::map::font::label_font;
use crate::map::mercator::{TILE_SIZE, TileId};

/// A point in tile pixels.
type Px = (f32, f32);

/// Where world units fall on a tile's pixels.
#[derive(Clone, Copy)]
struct View {
    origin: (i64, i64),
    scale: f64,
}

impl View {
    fn of(tile: TileId) -> View {
        let units = 1i64 << (WORLD_BITS - u32::from(tile.z));
        View {
            origin: (i64::from(tile.x) * units, i64::from(tile.y) * units),
            scale: f64::from(TILE_SIZE) / units as f64,
        }
    }

    fn px(&self, (x, y): (i32, i32)) -> (f32, f32) {
        (
            ((i64::from(x) - self.origin.0) as f64 * self.scale) as f32,
            ((i64::from(y) - self.origin.1) as f64 * self.scale) as f32,
        )
    }
}

/// The tile as a PNG.
pub fn render_png(tile: TileId, features: &[&Feature]) -> Vec<u8> {
    let pixmap = render(tile, features);
    // Encoding an in-memory RGBA image of a fixed size cannot fail.
    pixmap.encode_png().unwrap_or_default()
}

/// The tile as pixels.
pub fn render(tile: TileId, features: &[&Feature]) -> Pixmap {
    let mut pixmap = Pixmap::new(TILE_SIZE, TILE_SIZE).unwrap_or_else(unreachable_pixmap);
    let land = style::LAND;
    pixmap.fill(tiny_skia::Color::from_rgba8(
        land.red(),
        land.green(),
        land.blue(),
        255,
    ));
    let view = View::of(tile);
    let mut shown: Vec<&Feature> = features
        .iter()
        .copied()
        .filter(|f| f.class.min_zoom() <= tile.z)
        .collect();
    shown.sort_by_key(|f| style::layer(f.class));
    // Road casings go under every road fill so crossings look joined.
    for f in &shown {
        match f.class.shape() {
            Shape::Area => draw_area(&mut pixmap, view, f, tile.z),
            Shape::Line if style::casing(f.class).is_none() => {
                draw_line(&mut pixmap, view, f, tile.z)
            }
            _ => {}
        }
    }
    if tile.z >= 13 {
        for f in shown.iter().filter(|f| f.class.is_road()) {
            if let Some(colour) = style::casing(f.class) {
                let width = style::width(f.class, tile.z) + 1.5;
                stroke(&mut pixmap, view, f, colour, width, None);
            }
        }
    }
    for f in shown
        .iter()
        .filter(|f| f.class.is_road() && style::casing(f.class).is_some())
    {
        let width = style::width(f.class, tile.z);
        stroke(&mut pixmap, view, f, style::fill(f.class), width, None);
    }
    if let Some(font) = label_font() {
        let mut labels = Labels::default();
        draw_place_labels(&mut pixmap, view, &shown, font, &mut labels);
        if tile.z >= 15 {
            draw_street_labels(&mut pixmap, view, &shown, font, &mut labels);
        }
    }
    pixmap
}

#[cold]
fn unreachable_pixmap() -> Pixmap {
    panic!("a 256×256 pixmap is always possible")
}

fn paint(colour: ColorU8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(colour.red(), colour.green(), colour.blue(), colour.alpha());
    paint.anti_alias = true;
    paint
}

/// A path through the points in pixels, leaving out points closer than half a pixel.
fn path_of(view: View, points: &[(i32, i32)], close: bool) -> Option<Path> {
    let mut builder = PathBuilder::new();
    let mut last: Option<(f32, f32)> = None;
    for (i, &p) in points.iter().enumerate() {
        let (x, y) = view.px(p);
        match last {
            None => builder.move_to(x, y),
            Some((lx, ly)) => {
                let final_point = i + 1 == points.len();
                if (x - lx).abs() + (y - ly).abs() < 0.5 && !final_point {
                    continue;
                }
                builder.line_to(x, y);
            }
        }
        last = Some((x, y));
    }
    if close {
        builder.close();
    }
    builder.finish()
}

fn draw_area(pixmap: &mut Pixmap, view: View, f: &Feature, z: u8) {
    let mut builder = PathBuilder::new();
    for ring in &f.rings {
        if let Some(path) = path_of(view, ring, true) {
            builder.push_path(&path);
        }
    }
    let Some(path) = builder.finish() else {
        return;
    };
    let colour = style::fill(f.class);
    pixmap.fill_path(
        &path,
        &paint(colour),
        FillRule::EvenOdd,
        Transform::identity(),
        None,
    );
    if f.class == Class::Building && z >= 16 {
        let line = Stroke {
            width: 0.7,
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(style::BUILDING_EDGE),
            &line,
            Transform::identity(),
            None,
        );
    }
}

fn draw_line(pixmap: &mut Pixmap, view: View, f: &Feature, z: u8) {
    let width = style::width(f.class, z);
    match f.class {
        Class::Path if z >= 16 => {
            stroke(pixmap, view, f, style::HALO, width + 1.2, None);
            stroke(
                pixmap,
                view,
                f,
                style::fill(f.class),
                width,
                Some((3.0, 2.0)),
            );
        }
        Class::Rail if z >= 14 => {
            stroke(pixmap, view, f, style::fill(f.class), width + 1.0, None);
            stroke(
                pixmap,
                view,
                f,
                style::RAIL_DASH,
                width * 0.5,
                Some((6.0, 6.0)),
            );
        }
        _ => stroke(pixmap, view, f, style::fill(f.class), width, None),
    }
}

fn stroke(
    pixmap: &mut Pixmap,
    view: View,
    f: &Feature,
    colour: ColorU8,
    width: f32,
    dash: Option<(f32, f32)>,
) {
    let line = Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.and_then(|(on, off)| StrokeDash::new(vec![on, off], 0.0)),
        ..Stroke::default()
    };
    let brush = paint(colour);
    for ring in &f.rings {
        if let Some(path) = path_of(view, ring, false) {
            pixmap.stroke_path(&path, &brush, &line, Transform::identity(), None);
        }
    }
}

/// Rectangles already taken by labels, so that labels do not overprint each other.
#[derive(Default)]
struct Labels {
    taken: Vec<(f32, f32, f32, f32)>,
    names: Vec<String>,
}

impl Labels {
    fn free(&self, r: (f32, f32, f32, f32)) -> bool {
        !self
            .taken
            .iter()
            .any(|t| r.0 < t.2 && t.0 < r.2 && r.1 < t.3 && t.1 < r.3)
    }
}

/// Glyph outlines of `text` as one path with the baseline at y = 0 starting at x = 0, and the
/// text's advance width.
fn text_path(font: &FontRef<'static>, text: &str, size: f32) -> Option<(Path, f32)> {
    let scaled = font.as_scaled(size);
    let factor = scaled.scale_factor();
    let mut builder = PathBuilder::new();
    let mut pen = 0.0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(prev) = previous {
            pen += scaled.kern(prev, id);
        }
        if let Some(outline) = font.outline(id) {
            let at = |p: ab_glyph::Point| (pen + p.x * factor.horizontal, -p.y * factor.vertical);
            let mut end: Option<ab_glyph::Point> = None;
            for curve in &outline.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _)
                    | OutlineCurve::Quad(a, _, _)
                    | OutlineCurve::Cubic(a, _, _, _) => *a,
                };
                if end != Some(start) {
                    if end.is_some() {
                        builder.close();
                    }
                    let (x, y) = at(start);
                    builder.move_to(x, y);
                }
                match curve {
                    OutlineCurve::Line(_, b) => {
                        let (x, y) = at(*b);
                        builder.line_to(x, y);
                        end = Some(*b);
                    }
                    OutlineCurve::Quad(_, b, c) => {
                        let ((x1, y1), (x, y)) = (at(*b), at(*c));
                        builder.quad_to(x1, y1, x, y);
                        end = Some(*c);
                    }
                    OutlineCurve::Cubic(_, b, c, d) => {
                        let ((x1, y1), (x2, y2), (x, y)) = (at(*b), at(*c), at(*d));
                        builder.cubic_to(x1, y1, x2, y2, x, y);
                        end = Some(*d);
                    }
                }
            }
            if end.is_some() {
                builder.close();
            }
        }
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
    builder.finish().map(|p| (p, pen))
}

/// Text with a white halo, placed by `transform` (baseline origin at the text's start).
fn draw_text(pixmap: &mut Pixmap, path: &Path, transform: Transform) {
    let halo = Stroke {
        width: 3.0,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    let mut glow = paint(style::HALO);
    glow.set_color_rgba8(255, 255, 255, 220);
    pixmap.stroke_path(path, &glow, &halo, transform, None);
    pixmap.fill_path(
        path,
        &paint(style::LABEL),
        FillRule::Winding,
        transform,
        None,
    );
}

fn draw_place_labels(
    pixmap: &mut Pixmap,
    view: View,
    shown: &[&Feature],
    font: &FontRef<'static>,
    labels: &mut Labels,
) {
    let mut places: Vec<&Feature> = shown
        .iter()
        .copied()
        .filter(|f| f.class.shape() == Shape::Place && !f.name.is_empty())
        .collect();
    // The same order on every tile: the most important first, then by position.
    places.sort_by(|a, b| {
        (a.class, a.rings.first(), &a.name).cmp(&(b.class, b.rings.first(), &b.name))
    });
    places.dedup_by(|a, b| a.class == b.class && a.name == b.name && a.rings == b.rings);
    for place in places {
        let Some(&point) = place.rings.first().and_then(|r| r.first()) else {
            continue;
        };
        let size = style::label_size(place.class);
        let Some((path, width)) = text_path(font, &place.name, size) else {
            continue;
        };
        let (x, y) = view.px(point);
        let left = x - width / 2.0;
        let baseline = y + size * 0.35;
        let rect = (
            left - 2.0,
            baseline - size,
            left + width + 2.0,
            baseline + 3.0,
        );
        let visible = rect.2 > 0.0 && rect.0 < 256.0 && rect.3 > 0.0 && rect.1 < 256.0;
        if !visible || !labels.free(rect) {
            continue;
        }
        labels.taken.push(rect);
        draw_text(pixmap, &path, Transform::from_translate(left, baseline));
    }
}

fn draw_street_labels(
    pixmap: &mut Pixmap,
    view: View,
    shown: &[&Feature],
    font: &FontRef<'static>,
    labels: &mut Labels,
) {
    const SIZE: f32 = 10.5;
    let mut streets: Vec<&Feature> = shown
        .iter()
        .copied()
        .filter(|f| f.class.is_road() && f.class != Class::Path && !f.name.is_empty())
        .collect();
    streets.sort_by(|a, b| b.class.cmp(&a.class).then_with(|| a.name.cmp(&b.name)));
    for street in streets {
        if labels.names.contains(&street.name) {
            continue;
        }
        let Some((path, width)) = text_path(font, &street.name, SIZE) else {
            continue;
        };
        // The longest straight stretch of the street that lies inside the tile.
        let mut best: Option<(Px, Px, f32)> = None;
        for ring in &street.rings {
            for pair in ring.windows(2) {
                let (a, b) = (view.px(pair[0]), view.px(pair[1]));
                let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                if best.is_none_or(|(_, _, l)| length > l) {
                    best = Some((a, b, length));
                }
            }
        }
        let Some((mut a, mut b, length)) = best else {
            continue;
        };
        if length < width + 12.0 {
            continue;
        }
        if b.0 < a.0 {
            std::mem::swap(&mut a, &mut b);
        }
        let angle = (b.1 - a.1).atan2(b.0 - a.0);
        let (cx, cy) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let (cos, sin) = (angle.cos(), angle.sin());
        let (half_w, half_h) = (width / 2.0 + 2.0, SIZE / 2.0 + 2.0);
        let ex = (half_w * cos).abs() + (half_h * sin).abs();
        let ey = (half_w * sin).abs() + (half_h * cos).abs();
        let rect = (cx - ex, cy - ey, cx + ex, cy + ey);
        let inside = rect.0 >= 1.0 && rect.1 >= 1.0 && rect.2 <= 255.0 && rect.3 <= 255.0;
        if !inside || !labels.free(rect) {
            continue;
        }
        labels.taken.push(rect);
        labels.names.push(street.name.clone());
        let transform = Transform::from_translate(cx, cy)
            .pre_concat(Transform::from_rotate(angle.to_degrees()))
            .pre_translate(-width / 2.0, SIZE * 0.35);
        draw_text(pixmap, &path, transform);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::street::feature::to_world;

    fn tile_at(lat: f64, lon: f64, z: u8) -> TileId {
        TileId::containing(crate::domain::geo::GeoPoint { lat, lon }, z).unwrap()
    }

    #[test]
    fn a_road_across_the_tile_is_drawn_in_its_colour() {
        let tile = tile_at(0.005, 0.005, 16);
        let (w, s, e, n) = tile.bounds();
        let mid = (s + n) / 2.0;
        let road = Feature {
            class: Class::Primary,
            name: String::new(),
            rings: vec![vec![to_world(mid, w - 0.01), to_world(mid, e + 0.01)]],
        };
        let pixmap = render(tile, &[&road]);
        let centre = pixmap.pixel(128, 128).unwrap();
        let corner = pixmap.pixel(2, 2).unwrap();
        assert_eq!(
            (centre.red(), centre.green(), centre.blue()),
            (0xfc, 0xd6, 0xa4)
        );
        assert_eq!(
            (corner.red(), corner.green(), corner.blue()),
            (0xf2, 0xef, 0xe9)
        );
    }

    #[test]
    fn a_hole_in_an_area_stays_empty() {
        let tile = tile_at(0.005, 0.005, 15);
        let (w, s, e, n) = tile.bounds();
        let (dx, dy) = (e - w, n - s);
        let ring = |f: f64| {
            vec![
                to_world(s + dy * f, w + dx * f),
                to_world(s + dy * f, e - dx * f),
                to_world(n - dy * f, e - dx * f),
                to_world(n - dy * f, w + dx * f),
                to_world(s + dy * f, w + dx * f),
            ]
        };
        let lake = Feature {
            class: Class::Water,
            name: String::new(),
            rings: vec![ring(-0.1), ring(0.3)],
        };
        let pixmap = render(tile, &[&lake]);
        let water = pixmap.pixel(20, 20).unwrap();
        let island = pixmap.pixel(128, 128).unwrap();
        assert_eq!(
            (water.red(), water.green(), water.blue()),
            (0xaa, 0xd3, 0xdf)
        );
        assert_eq!(
            (island.red(), island.green(), island.blue()),
            (0xf2, 0xef, 0xe9)
        );
    }

    #[test]
    fn buildings_wait_for_zoom_15_and_labels_are_drawn() {
        let tile = tile_at(0.005, 0.005, 14);
        let (w, s, e, n) = tile.bounds();
        let house = Feature {
            class: Class::Building,
            name: String::new(),
            rings: vec![vec![
                to_world(s, w),
                to_world(s, e),
                to_world(n, e),
                to_world(n, w),
                to_world(s, w),
            ]],
        };
        let empty = render(tile, &[&house]);
        assert!(empty.pixels().iter().all(|p| p.red() == 0xf2));
        let town = Feature {
            class: Class::Town,
            name: "Miasteczko".into(),
            rings: vec![vec![to_world((s + n) / 2.0, (w + e) / 2.0)]],
        };
        let labelled = render(tile, &[&town]);
        let dark = labelled.pixels().iter().filter(|p| p.red() < 0x80).count();
        assert!(dark > 20, "{dark} dark pixels");
    }
}
