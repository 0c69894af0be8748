//! Offline maps (DESIGN §7): the data embedded in the binary under `assets/map/`, the base map
//! tiles drawn from it, and the street-level detail a gmina imports.

pub mod base;
pub mod cache;
pub mod data;
pub mod font;
pub mod import;
pub mod localities;
pub mod mercator;
pub mod street;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::app::App;
use cache::TileSource;
use mercator::TileId;

/// One map tile as served: its image (PNG, or JPEG/WebP from an imported raster map), the
/// image's content type and a strong ETag derived from the content.
#[derive(Debug, Clone)]
pub struct Tile {
    png: TileBytes,
    content_type: &'static str,
    etag: String,
}

#[derive(Debug, Clone)]
enum TileBytes {
    /// A slice of a file embedded in the binary.
    Embedded(&'static [u8]),
    /// Drawn by a renderer and shared with the cache.
    Rendered(Arc<[u8]>),
}

impl Tile {
    /// A tile whose PNG is part of the binary (no copy).
    pub fn embedded(png: &'static [u8]) -> Tile {
        Tile {
            etag: etag_of(png),
            png: TileBytes::Embedded(png),
            content_type: "image/png",
        }
    }

    /// A tile just drawn.
    pub fn rendered(png: Vec<u8>) -> Tile {
        Tile::image(png, "image/png")
    }

    /// A tile of an imported map, in its own image format.
    pub fn image(bytes: Vec<u8>, content_type: &'static str) -> Tile {
        Tile {
            etag: etag_of(&bytes),
            png: TileBytes::Rendered(bytes.into()),
            content_type,
        }
    }

    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    pub fn png(&self) -> &[u8] {
        match &self.png {
            TileBytes::Embedded(bytes) => bytes,
            TileBytes::Rendered(bytes) => bytes,
        }
    }

    /// The strong ETag, quotes included.
    pub fn etag(&self) -> &str {
        &self.etag
    }
}

fn etag_of(png: &[u8]) -> String {
    let digest = Sha256::digest(png);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The tile served at `/tiles/{z}/{x}/{y}.png`, or `None` where no map has one. This is the
/// one place that decides which map answers a tile address: the street-level map a gmina
/// imported answers first where it has the tile, then the embedded base map.
pub fn tile(app: &App, id: TileId) -> Option<Tile> {
    street_tile(app, id).or_else(|| base::tile(&app.tiles, id))
}

/// A tile of the imported street map. At the base map's zooms only tiles wholly inside the
/// import are taken from it: a tile half outside would lose the base map's places and rivers.
fn street_tile(app: &App, id: TileId) -> Option<Tile> {
    let street = app.street_map()?;
    if !street.covers(id) || (id.z <= base::MAX_ZOOM && !street.contains(id)) {
        return None;
    }
    if let Some(tile) = app.tiles.get(TileSource::Street, id) {
        return Some(tile);
    }
    match street.tile(&app.store, id) {
        Ok(Some(image)) => {
            let tile = Tile::image(image.bytes, image.content_type);
            app.tiles.put(TileSource::Street, id, tile.clone());
            Some(tile)
        }
        Ok(None) => None,
        Err(e) => {
            log::error!("street map tile {}/{}/{}: {e}", id.z, id.x, id.y);
            None
        }
    }
}
