//! Web Mercator (EPSG:3857) as slippy-map tiles use it: tile addresses and the projection of
//! WGS 84 points to pixels. Shared by the base map renderer and the street-level renderer.

use crate::domain::geo::GeoPoint;

/// Tiles are 256 × 256 pixels.
pub const TILE_SIZE: u32 = 256;
/// The deepest zoom any map here goes to.
pub const MAX_ZOOM: u8 = 18;
/// Web Mercator is defined up to about ±85.0511°.
const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// One tile address `z/x/y` (x to the east, y to the south, as in the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// A tile address if it exists at its zoom (x and y below 2^z).
    pub fn new(z: u8, x: u32, y: u32) -> Option<TileId> {
        let side = tiles_per_side(z)?;
        (x < side && y < side).then_some(TileId { z, x, y })
    }

    /// The tile at zoom `z` containing `point`.
    pub fn containing(point: GeoPoint, z: u8) -> Option<TileId> {
        let side = tiles_per_side(z)?;
        let (px, py) = world_pixel(point, z);
        let clamp = |v: f64| ((v / f64::from(TILE_SIZE)).floor().max(0.0) as u32).min(side - 1);
        Some(TileId {
            z,
            x: clamp(px),
            y: clamp(py),
        })
    }

    /// The north-west corner of the tile in world pixels at its zoom.
    pub fn origin(self) -> (f64, f64) {
        (
            f64::from(self.x) * f64::from(TILE_SIZE),
            f64::from(self.y) * f64::from(TILE_SIZE),
        )
    }

    /// The tile's extent as (west, south, east, north) in degrees.
    pub fn bounds(self) -> (f64, f64, f64, f64) {
        let (x0, y0) = self.origin();
        let size = f64::from(TILE_SIZE);
        let nw = world_point(x0, y0, self.z);
        let se = world_point(x0 + size, y0 + size, self.z);
        (nw.lon, se.lat, se.lon, nw.lat)
    }

    /// Where `point` falls in this tile, in pixels from its north-west corner (may be outside
    /// 0..256 for points beyond the tile).
    pub fn pixel_of(self, point: GeoPoint) -> (f32, f32) {
        let (px, py) = world_pixel(point, self.z);
        let (x0, y0) = self.origin();
        ((px - x0) as f32, (py - y0) as f32)
    }

    /// The tile one zoom level up that contains this one.
    pub fn parent(self) -> Option<TileId> {
        let z = self.z.checked_sub(1)?;
        Some(TileId {
            z,
            x: self.x / 2,
            y: self.y / 2,
        })
    }

    /// MBTiles number rows from the south (TMS); slippy maps from the north.
    pub fn tms_row(self) -> u32 {
        (1u32 << self.z) - 1 - self.y
    }
}

/// 2^z, or `None` above [`MAX_ZOOM`].
pub fn tiles_per_side(z: u8) -> Option<u32> {
    (z <= MAX_ZOOM).then(|| 1u32 << z)
}

/// A point in world pixels at zoom `z` (0..256·2^z on both axes).
pub fn world_pixel(point: GeoPoint, z: u8) -> (f64, f64) {
    let world = f64::from(TILE_SIZE) * f64::from(1u32 << z.min(MAX_ZOOM));
    let lat = point.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (point.lon + 180.0) / 360.0 * world;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * world;
    (x, y)
}

/// The inverse of [`world_pixel`].
pub fn world_point(x: f64, y: f64, z: u8) -> GeoPoint {
    let world = f64::from(TILE_SIZE) * f64::from(1u32 << z.min(MAX_ZOOM));
    let lon = x / world * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / world);
    let lat = n.sinh().atan().to_degrees();
    GeoPoint { lat, lon }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TORUN: GeoPoint = GeoPoint {
        lat: 53.0138,
        lon: 18.5984,
    };

    #[test]
    fn torun_is_in_the_known_tiles() {
        // Checked against the OpenStreetMap tile numbering formula by hand.
        assert_eq!(
            TileId::containing(TORUN, 10),
            Some(TileId {
                z: 10,
                x: 564,
                y: 333
            })
        );
        assert_eq!(
            TileId::containing(TORUN, 0),
            Some(TileId { z: 0, x: 0, y: 0 })
        );
    }

    #[test]
    fn projection_round_trips() {
        for z in [0, 7, 12, 16] {
            let (x, y) = world_pixel(TORUN, z);
            let back = world_point(x, y, z);
            assert!((back.lat - TORUN.lat).abs() < 1e-9, "z{z}: {back:?}");
            assert!((back.lon - TORUN.lon).abs() < 1e-9, "z{z}: {back:?}");
        }
    }

    #[test]
    fn a_point_lies_inside_its_tile() {
        let tile = TileId::containing(TORUN, 12).unwrap();
        let (px, py) = tile.pixel_of(TORUN);
        assert!((0.0..256.0).contains(&px) && (0.0..256.0).contains(&py));
        let (w, s, e, n) = tile.bounds();
        assert!(w < TORUN.lon && TORUN.lon < e && s < TORUN.lat && TORUN.lat < n);
        assert_eq!(
            tile.parent().unwrap(),
            TileId::containing(TORUN, 11).unwrap()
        );
    }

    #[test]
    fn tiles_outside_the_world_do_not_exist() {
        assert!(TileId::new(3, 8, 0).is_none());
        assert!(TileId::new(3, 7, 7).is_some());
        assert!(TileId::new(MAX_ZOOM + 1, 0, 0).is_none());
        assert_eq!(TileId::new(2, 1, 0).unwrap().tms_row(), 3);
    }
}
