//! Raster PMTiles v3: a 127-byte header, a root directory, optional leaf directories and the
//! tile data. Directories (varint columns: tile-id deltas, run lengths, lengths, offsets) may be
//! gzip-compressed; tile ids follow a Hilbert curve per zoom. Tiles are stored as they are
//! (gzip-compressed raster tiles are unpacked first).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use flate2::read::GzDecoder;

use super::mbtiles::{MAX_TILE_BYTES, Tiles};
use super::{ImportError, progress};
use crate::map::mercator::{MAX_ZOOM, TileId};
use crate::map::street::feature::take_varint;
use crate::map::street::{MapInfo, MapKind};
use crate::store::Store;

pub const HEADER_LEN: usize = 127;
/// Directories larger than this (after unpacking) are refused as damage.
const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;
/// Root → leaf → leaf …: deeper nesting than this is a loop or damage.
const MAX_DEPTH: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Unknown,
    None,
    Gzip,
}

/// The parts of the header this program uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub root_offset: u64,
    pub root_length: u64,
    pub leaf_offset: u64,
    pub leaf_length: u64,
    pub data_offset: u64,
    pub data_length: u64,
    pub internal_compression: Compression,
    pub tile_compression: Compression,
    /// 0 unknown, 1 MVT, 2 PNG, 3 JPEG, 4 WebP, 5 AVIF.
    pub tile_type: u8,
    pub min_zoom: u8,
    pub max_zoom: u8,
}

fn compression(code: u8, what: &str) -> Result<Compression, ImportError> {
    match code {
        0 => Ok(Compression::Unknown),
        1 => Ok(Compression::None),
        2 => Ok(Compression::Gzip),
        3 => Err(ImportError::Unsupported(format!(
            "PMTiles z kompresją Brotli ({what}); zapisz plik z kompresją gzip"
        ))),
        4 => Err(ImportError::Unsupported(format!(
            "PMTiles z kompresją Zstandard ({what}); zapisz plik z kompresją gzip"
        ))),
        other => Err(ImportError::Corrupt(format!("nieznana kompresja {other}"))),
    }
}

/// Parses and checks the header against the file's length.
pub fn parse_header(bytes: &[u8], file_length: u64) -> Result<Header, ImportError> {
    if bytes.len() < HEADER_LEN {
        return Err(ImportError::Corrupt("plik kończy się w nagłówku".into()));
    }
    if &bytes[0..7] != b"PMTiles" || bytes[7] != 3 {
        return Err(ImportError::Foreign("to nie jest plik PMTiles v3".into()));
    }
    let u64_at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(b)
    };
    let header = Header {
        root_offset: u64_at(8),
        root_length: u64_at(16),
        leaf_offset: u64_at(40),
        leaf_length: u64_at(48),
        data_offset: u64_at(56),
        data_length: u64_at(64),
        internal_compression: compression(bytes[97], "katalogi")?,
        tile_compression: compression(bytes[98], "kafelki")?,
        tile_type: bytes[99],
        min_zoom: bytes[100],
        max_zoom: bytes[101],
    };
    for (offset, length) in [
        (header.root_offset, header.root_length),
        (header.leaf_offset, header.leaf_length),
        (header.data_offset, header.data_length),
    ] {
        if offset
            .checked_add(length)
            .is_none_or(|end| end > file_length)
        {
            return Err(ImportError::Corrupt(
                "nagłówek wskazuje poza koniec pliku".into(),
            ));
        }
    }
    if header.root_length == 0 || header.root_length > MAX_DIRECTORY_BYTES {
        return Err(ImportError::Corrupt("niepoprawny katalog główny".into()));
    }
    match header.tile_type {
        1 => {
            return Err(ImportError::Vector(
                "PMTiles z kafelkami Mapbox Vector Tile",
            ));
        }
        5 => {
            return Err(ImportError::Unsupported(
                "PMTiles z kafelkami AVIF; zapisz kafelki jako PNG, JPEG lub WebP".into(),
            ));
        }
        0 | 2..=4 => {}
        other => {
            return Err(ImportError::Corrupt(format!(
                "nieznany typ kafelków {other}"
            )));
        }
    }
    if header.min_zoom > header.max_zoom || header.max_zoom > MAX_ZOOM {
        return Err(ImportError::Corrupt("niepoprawny zakres zbliżeń".into()));
    }
    Ok(header)
}

/// One directory entry: `run_length` tiles from `tile_id` on share the data at `offset`; a
/// run length of 0 points to a leaf directory instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u64,
    pub run_length: u64,
}

/// Parses an (unpacked) directory.
pub fn parse_directory(mut bytes: &[u8]) -> Result<Vec<Entry>, ImportError> {
    let broken = || ImportError::Corrupt("uszkodzony katalog kafelków".into());
    let count = take_varint(&mut bytes).ok_or_else(broken)? as usize;
    // Every entry takes at least four bytes.
    if count > bytes.len() / 4 + 1 {
        return Err(broken());
    }
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0,
        };
        count
    ];
    let mut id = 0u64;
    for e in entries.iter_mut() {
        id = id
            .checked_add(take_varint(&mut bytes).ok_or_else(broken)?)
            .ok_or_else(broken)?;
        e.tile_id = id;
    }
    for e in entries.iter_mut() {
        e.run_length = take_varint(&mut bytes).ok_or_else(broken)?;
    }
    for e in entries.iter_mut() {
        e.length = take_varint(&mut bytes).ok_or_else(broken)?;
    }
    for i in 0..count {
        let value = take_varint(&mut bytes).ok_or_else(broken)?;
        entries[i].offset = if value == 0 && i > 0 {
            entries[i - 1].offset + entries[i - 1].length
        } else {
            value.checked_sub(1).ok_or_else(broken)?
        };
    }
    if !bytes.is_empty() {
        return Err(broken());
    }
    Ok(entries)
}

/// The Hilbert-curve tile id of a tile (tiles of lower zooms come first).
pub fn tile_id(tile: TileId) -> u64 {
    let before: u64 = (0..tile.z).map(|z| 1u64 << (2 * u32::from(z))).sum();
    let n = 1u64 << tile.z;
    let (mut x, mut y) = (u64::from(tile.x), u64::from(tile.y));
    let mut d = 0u64;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    before + d
}

/// The tile of a Hilbert-curve tile id, or `None` beyond the deepest zoom.
pub fn tile_of(id: u64) -> Option<TileId> {
    let mut before = 0u64;
    for z in 0..=MAX_ZOOM {
        let count = 1u64 << (2 * u32::from(z));
        if id < before + count {
            let mut t = id - before;
            let (mut x, mut y) = (0u64, 0u64);
            let n = 1u64 << z;
            let mut s = 1u64;
            while s < n {
                let rx = 1 & (t / 2);
                let ry = 1 & (t ^ rx);
                if ry == 0 {
                    if rx == 1 {
                        x = s - 1 - x;
                        y = s - 1 - y;
                    }
                    std::mem::swap(&mut x, &mut y);
                }
                x += s * rx;
                y += s * ry;
                t /= 4;
                s *= 2;
            }
            return TileId::new(z, x as u32, y as u32);
        }
        before += count;
    }
    None
}

fn read_at(file: &mut std::fs::File, offset: u64, length: u64) -> Result<Vec<u8>, ImportError> {
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| ImportError::Read(e.to_string()))?;
    let mut buffer = vec![0u8; length as usize];
    file.read_exact(&mut buffer)
        .map_err(|_| ImportError::Corrupt("plik kończy się przed końcem danych".into()))?;
    Ok(buffer)
}

fn unpack(bytes: Vec<u8>, compression: Compression, limit: u64) -> Result<Vec<u8>, ImportError> {
    let gzip = match compression {
        Compression::Gzip => true,
        Compression::None => false,
        Compression::Unknown => bytes.starts_with(&[0x1f, 0x8b]),
    };
    if !gzip {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    GzDecoder::new(bytes.as_slice())
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ImportError::Corrupt(format!("gzip: {e}")))?;
    if out.len() as u64 > limit {
        return Err(ImportError::Corrupt("zbyt duży katalog lub kafelek".into()));
    }
    Ok(out)
}

pub fn import(
    store: &Store,
    path: &Path,
    source: &str,
    source_bytes: u64,
) -> Result<(MapInfo, u64), ImportError> {
    let mut file = std::fs::File::open(path).map_err(|e| ImportError::Read(e.to_string()))?;
    let header = parse_header(&read_at(&mut file, 0, HEADER_LEN as u64)?, source_bytes)?;
    // Walk the directories first: every tile address with where its bytes are.
    let mut runs = Vec::new();
    let mut pending = vec![(header.root_offset, header.root_length, 0u8)];
    while let Some((offset, length, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(ImportError::Corrupt("zapętlone katalogi kafelków".into()));
        }
        let raw = read_at(&mut file, offset, length)?;
        let directory = unpack(raw, header.internal_compression, MAX_DIRECTORY_BYTES)?;
        for entry in parse_directory(&directory)? {
            if entry.run_length == 0 {
                if entry
                    .offset
                    .checked_add(entry.length)
                    .is_none_or(|end| end > header.leaf_length)
                {
                    return Err(ImportError::Corrupt("katalog wskazuje poza plik".into()));
                }
                pending.push((header.leaf_offset + entry.offset, entry.length, depth + 1));
            } else {
                if entry
                    .offset
                    .checked_add(entry.length)
                    .is_none_or(|end| end > header.data_length)
                    || entry.length as usize > MAX_TILE_BYTES
                {
                    return Err(ImportError::Corrupt("kafelek wskazuje poza plik".into()));
                }
                runs.push(entry);
            }
        }
    }
    let total: u64 = runs.iter().map(|e| e.run_length).sum();
    if total == 0 {
        return Err(ImportError::Empty);
    }
    runs.sort_by_key(|e| e.offset);
    let bar = progress("kafelki", total);
    let mut tiles = Tiles::default();
    let mut written = 0;
    let info = store.replace_map(|writer| -> Result<MapInfo, ImportError> {
        for run in &runs {
            let raw = read_at(&mut file, header.data_offset + run.offset, run.length)?;
            let data = unpack(raw, header.tile_compression, MAX_TILE_BYTES as u64)?;
            for id in run.tile_id..run.tile_id.saturating_add(run.run_length) {
                let tile = tile_of(id).ok_or_else(|| {
                    ImportError::Corrupt(format!("kafelek o niepoprawnym numerze {id}"))
                })?;
                tiles.check(tile, &data)?;
                writer.put_tile(tile, &data)?;
                bar.inc(1);
            }
        }
        written = writer.written;
        tiles.info(MapKind::Pmtiles, source, source_bytes, None)
    })?;
    bar.finish();
    Ok((info, written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn tile_ids_follow_the_hilbert_curve_of_the_specification() {
        let cases = [
            ((0, 0, 0), 0),
            ((1, 0, 0), 1),
            ((1, 0, 1), 2),
            ((1, 1, 1), 3),
            ((1, 1, 0), 4),
            ((2, 0, 0), 5),
            ((12, 3423, 1763), 19_078_479),
        ];
        for ((z, x, y), id) in cases {
            let tile = TileId::new(z, x, y).unwrap();
            assert_eq!(tile_id(tile), id, "{tile:?}");
            assert_eq!(tile_of(id), Some(tile));
        }
        for id in [7u64, 100, 5_000, 1_000_000] {
            assert_eq!(tile_id(tile_of(id).unwrap()), id);
        }
    }

    fn varint(out: &mut Vec<u8>, v: u64) {
        crate::map::street::feature::put_varint(out, v);
    }

    #[test]
    fn a_directory_decodes_with_contiguous_and_explicit_offsets() {
        let mut bytes = Vec::new();
        varint(&mut bytes, 3);
        for delta in [1, 1, 3] {
            varint(&mut bytes, delta);
        }
        for run in [1, 2, 0] {
            varint(&mut bytes, run);
        }
        for length in [10, 20, 30] {
            varint(&mut bytes, length);
        }
        for offset in [1, 0, 501] {
            varint(&mut bytes, offset);
        }
        let entries = parse_directory(&bytes).unwrap();
        assert_eq!(
            entries,
            vec![
                Entry {
                    tile_id: 1,
                    offset: 0,
                    length: 10,
                    run_length: 1
                },
                Entry {
                    tile_id: 2,
                    offset: 10,
                    length: 20,
                    run_length: 2
                },
                Entry {
                    tile_id: 5,
                    offset: 500,
                    length: 30,
                    run_length: 0
                },
            ]
        );
        assert!(parse_directory(&bytes[..bytes.len() - 1]).is_err());
        assert!(parse_directory(&[0xff; 3]).is_err());
    }

    fn header(tile_type: u8, compression: u8) -> Vec<u8> {
        let mut h = b"PMTiles\x03".to_vec();
        for v in [127u64, 10, 137, 0, 137, 0, 137, 50, 1, 1, 1] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(&[1, compression, 1, tile_type, 0, 5]);
        h.extend_from_slice(&[0; 25]);
        assert_eq!(h.len(), HEADER_LEN);
        h
    }

    #[test]
    fn headers_are_checked() {
        let h = parse_header(&header(2, 2), 187).unwrap();
        assert_eq!((h.root_offset, h.root_length), (127, 10));
        assert_eq!((h.data_offset, h.data_length), (137, 50));
        assert_eq!(h.internal_compression, Compression::Gzip);
        assert_eq!((h.tile_type, h.min_zoom, h.max_zoom), (2, 0, 5));
        let refused = |bytes: &[u8], len: u64| parse_header(bytes, len).unwrap_err().to_string();
        assert!(refused(&header(2, 2), 150).contains("poza koniec"));
        assert!(refused(&header(1, 2), 187).contains("wektorowe"));
        assert!(refused(&header(2, 3), 187).contains("Brotli"));
        assert!(refused(&header(2, 2)[..100], 187).contains("nagłówku"));
    }

    #[test]
    fn gzip_directories_are_unpacked_with_a_limit() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&[7u8; 1000]).unwrap();
        let packed = encoder.finish().unwrap();
        assert_eq!(
            unpack(packed.clone(), Compression::Gzip, 1000).unwrap(),
            vec![7u8; 1000]
        );
        assert!(unpack(packed.clone(), Compression::Gzip, 999).is_err());
        assert_eq!(
            unpack(packed.clone(), Compression::Unknown, 1000)
                .unwrap()
                .len(),
            1000
        );
        assert!(unpack(packed[..20].to_vec(), Compression::Gzip, 1000).is_err());
    }
}
