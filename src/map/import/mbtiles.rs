//! Raster MBTiles (an SQLite file with `metadata` and `tiles`; rows numbered from the south,
//! TMS): the tiles are stored as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{ImportError, progress};
use crate::map::mercator::TileId;
use crate::map::street::{Bounds, MapInfo, MapKind, content_type_of};
use crate::store::Store;

/// Tiles larger than this are refused as damage, not stored.
pub const MAX_TILE_BYTES: usize = 8 * 1024 * 1024;

fn corrupt(e: rusqlite::Error) -> ImportError {
    ImportError::Corrupt(format!("SQLite: {e}"))
}

pub fn import(
    store: &Store,
    path: &Path,
    source: &str,
    source_bytes: u64,
) -> Result<(MapInfo, u64), ImportError> {
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    let tables: BTreeSet<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        .and_then(|mut s| {
            s.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(corrupt)?;
    if !tables.contains("tiles") || !tables.contains("metadata") {
        return Err(ImportError::Foreign(
            "to baza SQLite, ale nie MBTiles (brak tabel „metadata” i „tiles”)".into(),
        ));
    }
    let metadata: BTreeMap<String, String> = db
        .prepare("SELECT name, value FROM metadata")
        .and_then(|mut s| {
            s.query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })?
            .collect::<Result<_, _>>()
        })
        .map_err(corrupt)?;
    if metadata
        .get("format")
        .is_some_and(|f| f.eq_ignore_ascii_case("pbf") || f.eq_ignore_ascii_case("mvt"))
    {
        return Err(ImportError::Vector(
            "MBTiles z kafelkami Mapbox Vector Tile",
        ));
    }
    let count: i64 = db
        .query_row("SELECT COUNT(*) FROM tiles", [], |row| row.get(0))
        .map_err(corrupt)?;
    let count = count.max(0) as u64;
    if count == 0 {
        return Err(ImportError::Empty);
    }
    let bar = progress("kafelki", count);
    let mut tiles = Tiles::default();
    let mut written = 0;
    let info = store.replace_map(|writer| -> Result<MapInfo, ImportError> {
        let mut statement = db
            .prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
            .map_err(corrupt)?;
        let mut rows = statement.query([]).map_err(corrupt)?;
        while let Some(row) = rows.next().map_err(corrupt)? {
            let z: i64 = row.get(0).map_err(corrupt)?;
            let x: i64 = row.get(1).map_err(corrupt)?;
            let tms_row: i64 = row.get(2).map_err(corrupt)?;
            let data: Vec<u8> = row.get(3).map_err(corrupt)?;
            let tile = u8::try_from(z)
                .ok()
                .zip(u32::try_from(x).ok())
                .and_then(|(z, x)| {
                    let side = 1i64 << z.min(31);
                    let y = u32::try_from(side - 1 - tms_row).ok()?;
                    TileId::new(z, x, y)
                })
                .ok_or_else(|| {
                    ImportError::Corrupt(format!(
                        "kafelek o niepoprawnym adresie {z}/{x}/{tms_row}"
                    ))
                })?;
            tiles.check(tile, &data)?;
            writer.put_tile(tile, &data)?;
            bar.inc(1);
        }
        written = writer.written;
        tiles.info(MapKind::Mbtiles, source, source_bytes, metadata.get("name"))
    })?;
    bar.finish();
    Ok((info, written))
}

/// What the stored tiles add up to: zooms, formats, and the extent at the deepest zoom.
#[derive(Default)]
pub(crate) struct Tiles {
    count: u64,
    formats: BTreeSet<&'static str>,
    /// Per zoom: (min x, min y, max x, max y).
    extents: BTreeMap<u8, (u32, u32, u32, u32)>,
}

impl Tiles {
    /// Accepts one tile if it is a raster image.
    pub(crate) fn check(&mut self, tile: TileId, data: &[u8]) -> Result<(), ImportError> {
        if data.len() > MAX_TILE_BYTES {
            return Err(ImportError::Corrupt(format!(
                "kafelek {}/{}/{} ma {} bajtów",
                tile.z,
                tile.x,
                tile.y,
                data.len()
            )));
        }
        let Some(kind) = content_type_of(data) else {
            if data.starts_with(&[0x1f, 0x8b]) || data.first() == Some(&0x1a) {
                return Err(ImportError::Vector("kafelki Mapbox Vector Tile"));
            }
            return Err(ImportError::Corrupt(format!(
                "kafelek {}/{}/{} nie jest obrazem PNG, JPEG ani WebP",
                tile.z, tile.x, tile.y
            )));
        };
        self.formats.insert(match kind {
            "image/png" => "png",
            "image/jpeg" => "jpeg",
            _ => "webp",
        });
        let e = self
            .extents
            .entry(tile.z)
            .or_insert((tile.x, tile.y, tile.x, tile.y));
        *e = (
            e.0.min(tile.x),
            e.1.min(tile.y),
            e.2.max(tile.x),
            e.3.max(tile.y),
        );
        self.count += 1;
        Ok(())
    }

    pub(crate) fn info(
        &self,
        kind: MapKind,
        source: &str,
        source_bytes: u64,
        name: Option<&String>,
    ) -> Result<MapInfo, ImportError> {
        let (Some((&min_zoom, _)), Some((&max_zoom, &(x0, y0, x1, y1)))) = (
            self.extents.first_key_value(),
            self.extents.last_key_value(),
        ) else {
            return Err(ImportError::Empty);
        };
        let nw = TileId::new(max_zoom, x0, y0).map(|t| t.bounds());
        let se = TileId::new(max_zoom, x1, y1).map(|t| t.bounds());
        let (Some(nw), Some(se)) = (nw, se) else {
            return Err(ImportError::Empty);
        };
        Ok(MapInfo {
            kind,
            source: source.to_string(),
            source_bytes,
            producer: name.cloned().unwrap_or_default(),
            imported: crate::domain::now(),
            bounds: Bounds {
                west: nw.0,
                south: se.1,
                east: se.2,
                north: nw.3,
            },
            min_zoom,
            max_zoom,
            stored_max_zoom: max_zoom,
            tile_format: self.formats.iter().copied().collect::<Vec<_>>().join(", "),
            tiles: self.count,
            counts: BTreeMap::new(),
        })
    }
}
