//! The street-level map a gmina imports (`pestor map import`): either an OpenStreetMap extract
//! turned into classified features (bucketed by a zoom-14 grid) with the low zooms pre-rendered,
//! or a raster MBTiles/PMTiles file whose tiles are kept as they are.
//!
//! [`StreetMap`] is what the server holds: it knows the extent and zooms of the imported map and
//! hands out a tile — stored, or drawn from the stored features on request.

pub mod clip;
pub mod feature;
pub mod render;
pub mod style;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::Timestamp;
use crate::map::mercator::TileId;
use crate::store::{Store, StoreError};
use crate::text::format;
use crate::text::plural::plural;
use clip::Rect;
use feature::{BUCKET_MARGIN, BUCKET_SIZE, BUCKET_ZOOM, Feature, Shape};

/// The highest zoom an imported OpenStreetMap extract is drawn at.
pub const OSM_MAX_ZOOM: u8 = 16;
/// The lowest zoom drawn from an extract (the base map covers the zooms below).
pub const OSM_MIN_ZOOM: u8 = 10;
/// Zooms up to this one are rendered at import and stored; deeper ones on request.
pub const OSM_STORED_MAX_ZOOM: u8 = 14;

/// Where the imported map came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MapKind {
    /// An OpenStreetMap extract (`.osm.pbf`), drawn by this program.
    Osm,
    /// Raster tiles from an MBTiles file, kept as they are.
    Mbtiles,
    /// Raster tiles from a PMTiles file, kept as they are.
    Pmtiles,
}

impl MapKind {
    pub fn label(self) -> &'static str {
        match self {
            MapKind::Osm => "wyciąg OpenStreetMap (.osm.pbf)",
            MapKind::Mbtiles => "kafelki rastrowe MBTiles",
            MapKind::Pmtiles => "kafelki rastrowe PMTiles",
        }
    }
}

/// The extent in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// What is known about the imported map (the single record of the `map_info` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapInfo {
    pub kind: MapKind,
    /// The imported file's name (without its directory).
    pub source: String,
    #[serde(default)]
    pub source_bytes: u64,
    /// `writingprogram`/`source` of an extract, or the `name` of a tile archive.
    #[serde(default)]
    pub producer: String,
    pub imported: Timestamp,
    pub bounds: Bounds,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// Zooms up to this one are stored tiles; deeper ones are drawn on request.
    pub stored_max_zoom: u8,
    /// "png", "jpeg", "webp" (or "png, jpeg" for a mixed archive).
    pub tile_format: String,
    pub tiles: u64,
    /// Features per kind ("drogi", "budynki" …), for an extract.
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
}

/// The id of the one `map_info` record.
pub const MAP_INFO_ID: u64 = 1;

/// Tile bytes with their content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileBytes {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// The content type of tile bytes, from their first bytes.
pub fn content_type_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The imported street-level map as the server holds it.
#[derive(Debug, Clone)]
pub struct StreetMap {
    info: MapInfo,
    /// The extent in tile terms at `BUCKET_ZOOM` world units (min x, min y, max x, max y).
    extent: (i64, i64, i64, i64),
}

impl StreetMap {
    /// The imported map, or `None` when no map has been imported.
    pub fn load(store: &Store) -> Result<Option<StreetMap>, StoreError> {
        Ok(store.map_info()?.map(StreetMap::new))
    }

    pub fn new(info: MapInfo) -> StreetMap {
        let b = info.bounds;
        let nw = feature::to_world(b.north, b.west);
        let se = feature::to_world(b.south, b.east);
        StreetMap {
            extent: (
                i64::from(nw.0),
                i64::from(nw.1),
                i64::from(se.0),
                i64::from(se.1),
            ),
            info,
        }
    }

    pub fn info(&self) -> &MapInfo {
        &self.info
    }

    /// (west, south, east, north) in degrees.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let b = self.info.bounds;
        (b.west, b.south, b.east, b.north)
    }

    pub fn min_zoom(&self) -> u8 {
        self.info.min_zoom
    }

    pub fn max_zoom(&self) -> u8 {
        self.info.max_zoom
    }

    /// Whether the map has something for this tile (its zoom is in range and it meets the
    /// imported extent).
    pub fn covers(&self, tile: TileId) -> bool {
        if tile.z < self.info.min_zoom || tile.z > self.info.max_zoom {
            return false;
        }
        let r = tile_rect(tile, 0);
        let (x0, y0, x1, y1) = self.extent;
        r.x0 < x1 && r.x1 > x0 && r.y0 < y1 && r.y1 > y0
    }

    /// Whether the tile lies wholly inside the imported extent.
    pub fn contains(&self, tile: TileId) -> bool {
        let r = tile_rect(tile, 0);
        let (x0, y0, x1, y1) = self.extent;
        r.x0 >= x0 && r.x1 <= x1 && r.y0 >= y0 && r.y1 <= y1
    }

    /// The tile: stored, or drawn from the stored features. `None` when the map does not cover
    /// it (or a raster archive lacks it).
    pub fn tile(&self, store: &Store, tile: TileId) -> Result<Option<TileBytes>, StoreError> {
        if !self.covers(tile) {
            return Ok(None);
        }
        if tile.z <= self.info.stored_max_zoom {
            return Ok(store.map_tile(tile)?.and_then(|bytes| {
                content_type_of(&bytes).map(|content_type| TileBytes {
                    bytes,
                    content_type,
                })
            }));
        }
        if self.info.kind != MapKind::Osm {
            return Ok(None);
        }
        let features = features_for(store, tile)?;
        let refs: Vec<&Feature> = features.iter().collect();
        Ok(Some(TileBytes {
            bytes: render::render_png(tile, &refs),
            content_type: "image/png",
        }))
    }

    /// One sentence for the map and admin pages, e.g. "Mapa ulic: wyciąg OpenStreetMap
    /// (.osm.pbf) torun.osm.pbf, wczytany 27 listopada 2026, 9:05; zbliżenia 10–16; 12 345
    /// dróg, 40 000 budynków."
    pub fn description(&self) -> String {
        let info = &self.info;
        let mut text = format!(
            "Mapa ulic: {} „{}”, wczytana {}; zbliżenia {}–{}",
            info.kind.label(),
            info.source,
            format::date_time(info.imported),
            info.min_zoom,
            info.max_zoom
        );
        if info.kind == MapKind::Osm {
            let parts: Vec<String> = COUNT_NAMES
                .iter()
                .filter_map(|(key, one, few, many)| {
                    let n = *info.counts.get(*key)?;
                    Some(format!(
                        "{} {}",
                        format::integer(n as i64),
                        plural(n, one, few, many)
                    ))
                })
                .collect();
            if !parts.is_empty() {
                text.push_str("; ");
                text.push_str(&parts.join(", "));
            }
        } else {
            text.push_str(&format!(
                "; {} {} ({})",
                format::integer(info.tiles as i64),
                plural(info.tiles, "kafelek", "kafelki", "kafelków"),
                info.tile_format
            ));
        }
        text.push('.');
        text
    }
}

/// The counts kept for an extract, with their Polish forms.
pub const COUNT_NAMES: [(&str, &str, &str, &str); 6] = [
    ("roads", "odcinek drogi", "odcinki dróg", "odcinków dróg"),
    ("buildings", "budynek", "budynki", "budynków"),
    ("water", "obiekt wodny", "obiekty wodne", "obiektów wodnych"),
    (
        "green",
        "teren zielony",
        "tereny zielone",
        "terenów zielonych",
    ),
    (
        "railways",
        "odcinek torów",
        "odcinki torów",
        "odcinków torów",
    ),
    (
        "places",
        "nazwa miejscowa",
        "nazwy miejscowe",
        "nazw miejscowych",
    ),
];

/// The count key of a feature class.
pub fn count_key(class: feature::Class) -> &'static str {
    use feature::Class::*;
    match class {
        _ if class.is_road() => "roads",
        Building => "buildings",
        Water | River | Stream => "water",
        Park | Forest | Meadow | Cemetery | Farmland => "green",
        Rail | Tram => "railways",
        City | Town | Village | Suburb | Hamlet => "places",
        _ => "landuse",
    }
}

/// A tile's area in world units, widened by `margin` on every side.
pub fn tile_rect(tile: TileId, margin: i64) -> Rect {
    let units = 1i64 << (feature::WORLD_BITS - u32::from(tile.z));
    let (x, y) = (i64::from(tile.x) * units, i64::from(tile.y) * units);
    Rect {
        x0: x - margin,
        y0: y - margin,
        x1: x + units + margin,
        y1: y + units + margin,
    }
}

/// The buckets (zoom-14 tiles) a tile needs: its own at zoom 14 and deeper, all under it above.
pub fn buckets_of(tile: TileId) -> Vec<(u32, u32)> {
    if tile.z >= BUCKET_ZOOM {
        let shift = tile.z - BUCKET_ZOOM;
        return vec![(tile.x >> shift, tile.y >> shift)];
    }
    let shift = BUCKET_ZOOM - tile.z;
    let side = 1u32 << shift;
    let (x0, y0) = (tile.x << shift, tile.y << shift);
    (0..side)
        .flat_map(|dy| (0..side).map(move |dx| (x0 + dx, y0 + dy)))
        .collect()
}

/// The stored features a tile is drawn from.
pub fn features_for(store: &Store, tile: TileId) -> Result<Vec<Feature>, StoreError> {
    let mut features = Vec::new();
    for (bx, by) in buckets_of(tile) {
        if let Some(bytes) = store.map_bucket(bx, by)? {
            let decoded = feature::decode(&bytes).ok_or_else(|| StoreError::Corrupt {
                context: format!("map bucket {bx}/{by}"),
                reason: "not a feature list".into(),
            })?;
            features.extend(decoded);
        }
    }
    Ok(features)
}

/// Splits features into buckets: each bucket keeps the parts of features within its area plus
/// the margin (areas and lines clipped, places copied), so a tile reads only its own bucket.
pub fn bucket(features: &[Feature]) -> BTreeMap<(u32, u32), Vec<Feature>> {
    let mut buckets: BTreeMap<(u32, u32), Vec<Feature>> = BTreeMap::new();
    let last = (1i64 << BUCKET_ZOOM) - 1;
    for f in features {
        let (a, b, c, d) = f.extent();
        if a > c {
            continue;
        }
        let cell = |v: i32, m: i64| ((i64::from(v) + m).div_euclid(BUCKET_SIZE)).clamp(0, last);
        let (bx0, by0) = (cell(a, -BUCKET_MARGIN), cell(b, -BUCKET_MARGIN));
        let (bx1, by1) = (cell(c, BUCKET_MARGIN), cell(d, BUCKET_MARGIN));
        for by in by0..=by1 {
            for bx in bx0..=bx1 {
                let tile = TileId {
                    z: BUCKET_ZOOM,
                    x: bx as u32,
                    y: by as u32,
                };
                let rect = tile_rect(tile, BUCKET_MARGIN);
                if let Some(part) = clip_to(f, rect) {
                    buckets.entry((tile.x, tile.y)).or_default().push(part);
                }
            }
        }
    }
    buckets
}

/// The part of `f` within `rect`, or `None`.
fn clip_to(f: &Feature, rect: Rect) -> Option<Feature> {
    if !rect.meets(f.extent()) {
        return None;
    }
    let rings: Vec<Vec<feature::Point>> = match f.class.shape() {
        Shape::Place => f
            .rings
            .iter()
            .filter(|r| r.first().is_some_and(|&p| rect.contains(p)))
            .cloned()
            .collect(),
        Shape::Line => f
            .rings
            .iter()
            .flat_map(|r| clip::clip_line(r, rect))
            .collect(),
        Shape::Area => f
            .rings
            .iter()
            .filter_map(|r| clip::clip_ring(r, rect))
            .collect(),
    };
    (!rings.is_empty()).then(|| Feature {
        class: f.class,
        name: f.name.clone(),
        rings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use feature::{Class, to_world};

    #[test]
    fn a_long_road_lands_clipped_in_every_bucket_it_crosses() {
        let road = Feature {
            class: Class::Primary,
            name: "aleja".into(),
            rings: vec![vec![to_world(0.011, 0.011), to_world(0.011, 0.099)]],
        };
        let buckets = bucket(std::slice::from_ref(&road));
        let z14 = |lon: f64| TileId::containing(to_geo_point(0.011, lon), BUCKET_ZOOM).unwrap();
        let (first, last) = (z14(0.011), z14(0.099));
        assert_eq!(buckets.len() as u32, last.x - first.x + 1);
        for ((bx, by), parts) in &buckets {
            let rect = tile_rect(TileId::new(BUCKET_ZOOM, *bx, *by).unwrap(), BUCKET_MARGIN);
            assert!(
                parts
                    .iter()
                    .flat_map(|f| f.rings.iter().flatten())
                    .all(|&p| rect.contains(p))
            );
        }
    }

    fn to_geo_point(lat: f64, lon: f64) -> crate::domain::geo::GeoPoint {
        crate::domain::geo::GeoPoint { lat, lon }
    }

    #[test]
    fn tiles_read_their_buckets() {
        let t16 = TileId::new(16, 40_001, 30_003).unwrap();
        assert_eq!(buckets_of(t16), vec![(10_000, 7_500)]);
        let t12 = TileId::new(12, 3, 5).unwrap();
        let b = buckets_of(t12);
        assert_eq!(b.len(), 16);
        assert!(b.contains(&(12, 20)) && b.contains(&(15, 23)));
    }

    #[test]
    fn coverage_follows_zoom_range_and_extent() {
        let info = MapInfo {
            kind: MapKind::Osm,
            source: "a.osm.pbf".into(),
            source_bytes: 1,
            producer: String::new(),
            imported: 0,
            bounds: Bounds {
                west: 18.47,
                south: 52.96,
                east: 18.77,
                north: 53.07,
            },
            min_zoom: 10,
            max_zoom: 16,
            stored_max_zoom: 14,
            tile_format: "png".into(),
            tiles: 0,
            counts: BTreeMap::from([("roads".to_string(), 3), ("buildings".to_string(), 22)]),
        };
        let map = StreetMap::new(info);
        let torun = to_geo_point(53.0138, 18.5984);
        assert!(map.covers(TileId::containing(torun, 12).unwrap()));
        assert!(map.covers(TileId::containing(torun, 16).unwrap()));
        assert!(!map.covers(TileId::containing(torun, 9).unwrap()));
        assert!(!map.covers(TileId::containing(torun, 17).unwrap()));
        assert!(!map.covers(TileId::containing(to_geo_point(52.23, 21.01), 12).unwrap()));
        let text = map.description();
        assert!(
            text.contains("3 odcinki dróg") && text.contains("22 budynki"),
            "{text}"
        );
    }

    #[test]
    fn content_types_are_sniffed() {
        assert_eq!(content_type_of(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(
            content_type_of(&[0xff, 0xd8, 0xff, 0xe0]),
            Some("image/jpeg")
        );
        assert_eq!(content_type_of(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(content_type_of(b"\x1f\x8b gzip"), None);
    }
}
