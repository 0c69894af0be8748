//! Offline maps (DESIGN §7): the data embedded in the binary under `assets/map/`, the base map
//! tiles drawn from it, and the street-level detail a gmina imports.

pub mod base;
pub mod cache;
pub mod data;
pub mod localities;
pub mod mercator;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::app::App;
use mercator::TileId;

/// One map tile as served: its PNG and a strong ETag derived from the content.
#[derive(Debug, Clone)]
pub struct Tile {
    png: TileBytes,
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
        }
    }

    /// A tile just drawn.
    pub fn rendered(png: Vec<u8>) -> Tile {
        Tile {
            etag: etag_of(&png),
            png: TileBytes::Rendered(png.into()),
        }
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
/// one place that decides which map answers a tile address: a street-level map imported by a
/// gmina belongs here, asked before the embedded base map.
pub fn tile(app: &App, id: TileId) -> Option<Tile> {
    base::tile(&app.tiles, id)
}
