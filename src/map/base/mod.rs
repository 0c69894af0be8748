//! The embedded base map (DESIGN §7): real OpenStreetMap raster tiles for zoom 0–6 from the
//! embedded archive, and zoom 7–12 drawn on request from the embedded vector data (rivers,
//! voivodeship boundaries, localities). Above zoom 12 there is no base map; street detail comes
//! only from an import.

pub mod archive;
#[cfg(test)]
mod bench;
pub mod draw;
pub mod labels;
pub mod layers;
#[cfg(test)]
mod tests;

use super::Tile;
use super::cache::{TileCache, TileSource};
use super::mercator::TileId;

/// The deepest zoom of the raster archive.
pub const ARCHIVE_MAX_ZOOM: u8 = 6;
/// The first zoom drawn by the renderer.
pub const MIN_ZOOM: u8 = 7;
/// The deepest zoom of the base map.
pub const MAX_ZOOM: u8 = 12;

/// The base map tile `id`: from the archive up to zoom 6 (or `None` where the archive has no
/// tile), drawn (or taken from `cache`) for zoom 7–12, `None` above.
pub fn tile(cache: &TileCache, id: TileId) -> Option<Tile> {
    if id.z <= ARCHIVE_MAX_ZOOM {
        let png = archive::embedded()?.get(id)?;
        return Some(Tile::embedded(png));
    }
    if id.z > MAX_ZOOM {
        return None;
    }
    if let Some(tile) = cache.get(TileSource::Base, id) {
        return Some(tile);
    }
    let Some(png) = draw::render(id) else {
        log::error!("drawing base map tile {}/{}/{} failed", id.z, id.x, id.y);
        return None;
    };
    let tile = Tile::rendered(png);
    cache.put(TileSource::Base, id, tile.clone());
    Some(tile)
}
