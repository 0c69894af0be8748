//! Recognising a map file by its first bytes.

use std::io::Read;
use std::path::Path;

use super::ImportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pbf,
    Mbtiles,
    Pmtiles,
}

/// Reads the start of `path` and says what it is.
pub fn detect_file(path: &Path) -> Result<FileKind, ImportError> {
    let mut file = std::fs::File::open(path).map_err(|e| ImportError::Read(e.to_string()))?;
    if file
        .metadata()
        .map_err(|e| ImportError::Read(e.to_string()))?
        .is_dir()
    {
        return Err(ImportError::Read("to katalog, a nie plik".into()));
    }
    let mut head = Vec::with_capacity(4096);
    file.by_ref()
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::Read(e.to_string()))?;
    detect(&head)
}

/// What the first bytes of a file say it is.
pub fn detect(head: &[u8]) -> Result<FileKind, ImportError> {
    if head.is_empty() {
        return Err(ImportError::EmptyFile);
    }
    if head.starts_with(b"SQLite format 3\0") {
        return Ok(FileKind::Mbtiles);
    }
    if head.starts_with(b"PMTiles") {
        return match head.get(7) {
            Some(3) => Ok(FileKind::Pmtiles),
            Some(v) => Err(ImportError::Unsupported(format!(
                "PMTiles w wersji {v} — obsługiwana jest wersja 3 (przekształć plik poleceniem \
                 „pmtiles convert”)"
            ))),
            None => Err(ImportError::Corrupt("plik kończy się w nagłówku".into())),
        };
    }
    if is_pbf(head) {
        return Ok(FileKind::Pbf);
    }
    Err(ImportError::Foreign(describe(head).into()))
}

/// A PBF starts with the length of its first blob header (big-endian), then that header, whose
/// first field is the type string "OSMHeader".
fn is_pbf(head: &[u8]) -> bool {
    let Some(length) = head.get(..4) else {
        return false;
    };
    let length = u32::from_be_bytes([length[0], length[1], length[2], length[3]]);
    (10..64 * 1024).contains(&length) && head[4..].starts_with(b"\x0a\x09OSMHeader")
}

/// A short Polish name of what a foreign file looks like.
fn describe(head: &[u8]) -> &'static str {
    if head.starts_with(&[0xff, 0xd8, 0xff]) {
        "to zdjęcie JPEG"
    } else if head.starts_with(b"\x89PNG") {
        "to obraz PNG"
    } else if head.starts_with(b"GIF8") {
        "to obraz GIF"
    } else if head.starts_with(b"%PDF") {
        "to dokument PDF"
    } else if head.starts_with(b"PK\x03\x04") {
        "to archiwum ZIP — rozpakuj je i wskaż plik mapy"
    } else if head.starts_with(&[0x1f, 0x8b]) {
        "to plik skompresowany gzip — rozpakuj go i wskaż plik mapy"
    } else if head.starts_with(b"BZh") {
        "to plik skompresowany bzip2 — rozpakuj go i wskaż plik mapy"
    } else if is_osm_xml(head) {
        "to OpenStreetMap w formacie XML (.osm) — przekształć go do .osm.pbf, np. poleceniem \
         „osmium cat plik.osm -o plik.osm.pbf”"
    } else if looks_like_text(head) {
        "to plik tekstowy"
    } else {
        "nieznany rodzaj pliku"
    }
}

/// Valid UTF-8 (a character cut at the end of the sample is fine) without control characters.
fn looks_like_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !text.is_empty() && text.chars().all(|c| !c.is_control() || c.is_whitespace())
}

fn is_osm_xml(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.trim_start().starts_with("<?xml") && text.contains("<osm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(detect(b"SQLite format 3\0rest").unwrap(), FileKind::Mbtiles);
        assert_eq!(detect(b"PMTiles\x03rest").unwrap(), FileKind::Pmtiles);
        let mut pbf = 14u32.to_be_bytes().to_vec();
        pbf.extend_from_slice(b"\x0a\x09OSMHeader\x18\x10");
        assert_eq!(detect(&pbf).unwrap(), FileKind::Pbf);
    }

    #[test]
    fn other_files_are_refused_with_what_they_look_like() {
        let message = |head: &[u8]| detect(head).unwrap_err().to_string();
        assert!(message(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).contains("JPEG"));
        assert!(message(b"Ala ma kota").contains("tekstowy"));
        assert!(message(b"<?xml version='1.0'?>\n<osm version='0.6'>").contains("osmium cat"));
        assert!(message(b"").contains("pusty"));
        assert!(message(b"PMTiles\x02").contains("wersji 2"));
        assert!(message(&[0, 0, 0, 14, 1, 2, 3]).contains("nieznany"));
    }
}
