//! An OpenStreetMap extract into the store: features bucketed by the zoom-14 grid, and the
//! zooms up to 14 of the extract's extent drawn at import.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ImportError, pbf, progress};
use crate::map::mercator::TileId;
use crate::map::street::feature::{self, Feature, WORLD_BITS};
use crate::map::street::{
    self, Bounds, MapInfo, MapKind, OSM_MAX_ZOOM, OSM_MIN_ZOOM, OSM_STORED_MAX_ZOOM, render,
};
use crate::store::Store;

/// Reads, buckets, draws and stores the extract; returns its description and the bytes written.
pub fn import(
    store: &Store,
    path: &Path,
    source: &str,
    source_bytes: u64,
) -> Result<(MapInfo, u64), ImportError> {
    let reading = progress("czytanie", 0);
    let extract = pbf::read(path, &reading)?;
    reading.finish();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for f in &extract.features {
        *counts
            .entry(street::count_key(f.class).to_string())
            .or_default() += 1;
    }
    let buckets = street::bucket(&extract.features);
    drop(extract.features);
    let tiles = tiles_of(extract.extent);
    let (min_x, min_y, max_x, max_y) = extract.extent;
    let nw = feature::to_geo((min_x, min_y));
    let se = feature::to_geo((max_x, max_y));
    let info = MapInfo {
        kind: MapKind::Osm,
        source: source.to_string(),
        source_bytes,
        producer: extract.program,
        imported: crate::domain::now(),
        bounds: Bounds {
            west: nw.lon,
            south: se.lat,
            east: se.lon,
            north: nw.lat,
        },
        min_zoom: OSM_MIN_ZOOM,
        max_zoom: OSM_MAX_ZOOM,
        stored_max_zoom: OSM_STORED_MAX_ZOOM,
        tile_format: "png".into(),
        tiles: tiles.len() as u64,
        counts,
    };
    let rendering = progress("rysowanie", tiles.len() as u64);
    let mut written = 0;
    let info = store.replace_map(|writer| -> Result<MapInfo, ImportError> {
        for ((x, y), features) in &buckets {
            writer.put_bucket(*x, *y, &feature::encode(features))?;
        }
        for tile in &tiles {
            let features = gather(&buckets, *tile);
            writer.put_tile(*tile, &render::render_png(*tile, &features))?;
            rendering.inc(1);
        }
        written = writer.written;
        Ok(info)
    })?;
    rendering.finish();
    Ok((info, written))
}

/// Every tile from the lowest to the highest stored zoom that meets the extent.
pub fn tiles_of(extent: (i32, i32, i32, i32)) -> Vec<TileId> {
    let mut tiles = Vec::new();
    for z in OSM_MIN_ZOOM..=OSM_STORED_MAX_ZOOM {
        let shift = WORLD_BITS - u32::from(z);
        let cell = |v: i32| (v.max(0) as u32) >> shift;
        for y in cell(extent.1)..=cell(extent.3) {
            for x in cell(extent.0)..=cell(extent.2) {
                if let Some(tile) = TileId::new(z, x, y) {
                    tiles.push(tile);
                }
            }
        }
    }
    tiles
}

/// The features of the buckets under `tile`.
fn gather(buckets: &BTreeMap<(u32, u32), Vec<Feature>>, tile: TileId) -> Vec<&Feature> {
    street::buckets_of(tile)
        .iter()
        .filter_map(|b| buckets.get(b))
        .flatten()
        .filter(|f| f.class.min_zoom() <= tile.z)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tiles_of_an_extent_cover_it_at_every_stored_zoom() {
        let a = feature::to_world(53.07, 18.47);
        let b = feature::to_world(52.96, 18.77);
        let tiles = tiles_of((a.0, a.1, b.0, b.1));
        // Toruń's box (MAPDATA.md): 150 tiles at zoom 14.
        let z14 = tiles.iter().filter(|t| t.z == 14).count();
        assert!((140..=160).contains(&z14), "{z14}");
        assert!(tiles.iter().any(|t| t.z == 10));
        assert!(tiles.iter().all(|t| (10..=14).contains(&t.z)));
    }
}
