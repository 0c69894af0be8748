//! Drawing one base map tile of zoom 7–12 with tiny-skia: a calm background, rivers,
//! voivodeship boundaries, locality dots and labels. Nothing here resembles a street: the
//! embedded data have none (DESIGN §7).
//!
//! Everything is positioned in world pixels and shifted by the tile's origin in f64 before
//! going to f32, so the tile is exact even at zoom 12. Lines are cut to the tile plus a margin
//! but keep their dash phase from the start of the line, and labels come from the placement
//! shared by all tiles (`labels`), so strokes and labels continue across tile edges.

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

use super::labels::{self, Rank};
use super::layers::{self, Line};
use crate::map::mercator::{TILE_SIZE, TileId};

/// Anything reaching this far beyond the tile's edge is drawn (the widest stroke and halo).
const MARGIN: f64 = 12.0;

/// The land colour of the OpenStreetMap tiles of zoom 0–6, so zooming in stays calm.
const BACKGROUND: Rgba = rgb(0xf2, 0xef, 0xe9);
const WATER: Rgba = rgb(0x8e, 0xc3, 0xdb);
const BOUNDARY: Rgba = rgb(0x9a, 0x84, 0xb0);
const BOUNDARY_HALO: Rgba = rgba(0xc9, 0xbb, 0xd9, 0x90);
const TEXT: Rgba = rgb(0x33, 0x33, 0x33);
const TEXT_SMALL: Rgba = rgb(0x55, 0x55, 0x55);
const HALO: Rgba = rgba(0xff, 0xff, 0xff, 0xd8);
const DOT_TOWN: Rgba = rgb(0xff, 0xff, 0xff);
const DOT_OUTLINE: Rgba = rgb(0x55, 0x55, 0x55);
const DOT_VILLAGE: Rgba = rgb(0x80, 0x80, 0x80);

/// A colour as red, green, blue and alpha bytes.
type Rgba = [u8; 4];

const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
    [r, g, b, 0xff]
}

const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Rgba {
    [r, g, b, a]
}

fn color([r, g, b, a]: Rgba) -> Color {
    Color::from_rgba8(r, g, b, a)
}

/// Draws tile `id` and returns its PNG; `None` only if drawing or encoding fails.
pub fn render(id: TileId) -> Option<Vec<u8>> {
    let pixmap = draw(id)?;
    encode(&pixmap)
}

/// Draws tile `id` into a pixmap.
pub fn draw(id: TileId) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(TILE_SIZE, TILE_SIZE)?;
    pixmap.fill(color(BACKGROUND));
    let canvas = Canvas::new(id);
    for line in layers::boundaries() {
        canvas.line(&mut pixmap, line, boundary_halo(id.z));
    }
    for line in layers::rivers() {
        canvas.line(&mut pixmap, line, river(id.z, line.class));
    }
    for line in layers::boundaries() {
        canvas.line(&mut pixmap, line, boundary(id.z));
    }
    canvas.localities(&mut pixmap, id.z);
    Some(pixmap)
}

/// The PNG of an opaque pixmap as 8-bit RGB.
pub fn encode(pixmap: &Pixmap) -> Option<Vec<u8>> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    let mut out = Vec::with_capacity(16 * 1024);
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgb8,
        )
        .ok()?;
    Some(out)
}

/// How a line is stroked.
struct LineStyle {
    color: Rgba,
    width: f32,
    /// Dash and gap lengths in pixels, if dashed.
    dash: Option<[f32; 2]>,
}

fn river(z: u8, class: u8) -> LineStyle {
    let major: f32 = [1.6, 2.0, 2.6, 3.4, 4.4, 5.6][usize::from(z.clamp(7, 12) - 7)];
    let factor = match class {
        1 => 1.0,
        2 => 0.6,
        _ => 0.45,
    };
    LineStyle {
        color: WATER,
        width: (major * factor).max(0.8),
        dash: None,
    }
}

fn boundary(z: u8) -> LineStyle {
    LineStyle {
        color: BOUNDARY,
        width: if z >= 10 { 1.5 } else { 1.2 },
        dash: Some(if z >= 10 { [8.0, 4.0] } else { [6.0, 3.0] }),
    }
}

fn boundary_halo(z: u8) -> LineStyle {
    LineStyle {
        color: BOUNDARY_HALO,
        width: if z >= 10 { 7.0 } else { 4.0 },
        dash: None,
    }
}

/// Positions in one tile: world pixels at the tile's zoom, minus its origin.
struct Canvas {
    origin: (f64, f64),
    /// The tile with its margin, in world pixels (x0, y0, x1, y1).
    area: (f64, f64, f64, f64),
    scale: f64,
}

impl Canvas {
    fn new(id: TileId) -> Canvas {
        let origin = id.origin();
        let size = f64::from(TILE_SIZE);
        Canvas {
            origin,
            area: (
                origin.0 - MARGIN,
                origin.1 - MARGIN,
                origin.0 + size + MARGIN,
                origin.1 + size + MARGIN,
            ),
            scale: f64::from(1u32 << id.z),
        }
    }

    fn local(&self, (x, y): (f64, f64)) -> (f32, f32) {
        ((x - self.origin.0) as f32, (y - self.origin.1) as f32)
    }

    fn touches(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
        x0 <= self.area.2 && self.area.0 <= x1 && y0 <= self.area.3 && self.area.1 <= y1
    }

    /// Strokes the parts of `line` that reach the tile, each part dashed from where the
    /// pattern stands at that point of the whole line.
    fn line(&self, pixmap: &mut Pixmap, line: &Line, style: LineStyle) {
        let (bx0, by0, bx1, by1) = line.bounds;
        let s = self.scale;
        if !self.touches((bx0 * s, by0 * s, bx1 * s, by1 * s)) {
            return;
        }
        let mut paint = Paint::default();
        paint.set_color(color(style.color));
        let points: Vec<(f64, f64)> = line.points.iter().map(|&(x, y)| (x * s, y * s)).collect();
        let mut travelled = 0.0f64;
        let mut run: Option<(PathBuilder, f64)> = None;
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let segment = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
            if self.touches(segment) {
                let (builder, _) = run.get_or_insert_with(|| {
                    let mut builder = PathBuilder::new();
                    let start = self.local(a);
                    builder.move_to(start.0, start.1);
                    (builder, travelled)
                });
                let end = self.local(b);
                builder.line_to(end.0, end.1);
            } else if let Some((builder, phase)) = run.take() {
                stroke(pixmap, builder, phase, &style, &paint);
            }
            travelled += (b.0 - a.0).hypot(b.1 - a.1);
        }
        if let Some((builder, phase)) = run.take() {
            stroke(pixmap, builder, phase, &style, &paint);
        }
    }

    fn localities(&self, pixmap: &mut Pixmap, z: u8) {
        let placed = labels::placed(z);
        let mut paint = Paint::default();
        for p in placed {
            let r = f64::from(p.rank.radius(z)) + 1.5;
            if !self.touches((p.dot.0 - r, p.dot.1 - r, p.dot.0 + r, p.dot.1 + r)) {
                continue;
            }
            let (x, y) = self.local(p.dot);
            let Some(circle) = PathBuilder::from_circle(x, y, p.rank.radius(z)) else {
                continue;
            };
            if p.rank <= Rank::Town {
                paint.set_color(color(DOT_TOWN));
                pixmap.fill_path(
                    &circle,
                    &paint,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
                paint.set_color(color(DOT_OUTLINE));
                let outline = Stroke {
                    width: 1.2,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&circle, &paint, &outline, Transform::identity(), None);
            } else {
                paint.set_color(color(DOT_VILLAGE));
                pixmap.fill_path(
                    &circle,
                    &paint,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
        }
        for p in placed {
            let (Some(at), Some(bounds)) = (p.label, p.label_box) else {
                continue;
            };
            if !self.touches(bounds) {
                continue;
            }
            let size = p.rank.font_size(z);
            let Some(path) = labels::text_path(p.name, size) else {
                continue;
            };
            let (x, y) = self.local(at);
            let transform = Transform::from_translate(x, y);
            paint.set_color(color(HALO));
            let halo = Stroke {
                width: 3.0,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            pixmap.stroke_path(&path, &paint, &halo, transform, None);
            paint.set_color(color(if p.rank <= Rank::Town {
                TEXT
            } else {
                TEXT_SMALL
            }));
            pixmap.fill_path(&path, &paint, FillRule::Winding, transform, None);
        }
    }
}

fn stroke(pixmap: &mut Pixmap, builder: PathBuilder, phase: f64, style: &LineStyle, paint: &Paint) {
    let Some(path) = builder.finish() else {
        return;
    };
    let dash = style.dash.and_then(|[on, off]| {
        let period = f64::from(on + off);
        StrokeDash::new(vec![on, off], (phase % period) as f32)
    });
    let stroke = Stroke {
        width: style.width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash,
        ..Stroke::default()
    };
    pixmap.stroke_path(&path, paint, &stroke, Transform::identity(), None);
}
