//! `pestor map import`: reading a street-level map file into the store. The file is recognised
//! by its content (never by its name): an OpenStreetMap extract (`.osm.pbf`), a raster MBTiles
//! (SQLite) or a raster PMTiles v3 archive. Everything is read and drawn first; the previous map
//! is replaced only in the final write transaction, so a broken file leaves it untouched.

pub mod classify;
pub mod detect;
pub mod mbtiles;
pub mod osm;
pub mod pbf;
pub mod pmtiles;
pub mod rings;

use std::fmt;
use std::path::Path;

use crate::map::street::MapInfo;
use crate::store::{Store, StoreError};
use detect::FileKind;

/// Why a file was not imported. Messages are Polish, for the person running the command.
#[derive(Debug)]
pub enum ImportError {
    /// The file cannot be opened or read.
    Read(String),
    /// The file has no bytes.
    EmptyFile,
    /// The file is something else; the text names what it looks like.
    Foreign(String),
    /// The file is of a known kind but broken or cut short.
    Corrupt(String),
    /// Vector tiles, which this program does not draw.
    Vector(&'static str),
    /// A variant of a known format this program does not read.
    Unsupported(String),
    /// The extract or archive holds nothing to show.
    Empty,
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Read(reason) => write!(f, "nie można odczytać pliku: {reason}"),
            ImportError::EmptyFile => write!(f, "plik jest pusty (0 bajtów)"),
            ImportError::Foreign(what) => write!(
                f,
                "to nie jest plik mapy, który można wczytać ({what}); obsługiwane są wyciągi \
                 OpenStreetMap (.osm.pbf) oraz rastrowe pliki MBTiles i PMTiles"
            ),
            ImportError::Corrupt(reason) => write!(
                f,
                "plik jest uszkodzony albo niekompletny ({reason}); pobierz go lub skopiuj \
                 ponownie i sprawdź, czy kopiowanie się zakończyło"
            ),
            ImportError::Vector(kind) => write!(
                f,
                "plik zawiera kafelki wektorowe ({kind}), a wczytać można tylko kafelki \
                 rastrowe PNG, JPEG lub WebP; do map wektorowych użyj wyciągu OpenStreetMap \
                 (.osm.pbf)"
            ),
            ImportError::Unsupported(what) => write!(f, "nieobsługiwany wariant pliku: {what}"),
            ImportError::Empty => write!(
                f,
                "plik nie zawiera niczego do pokazania na mapie (żadnych dróg, wód, terenów \
                 zielonych, budynków, nazw ani kafelków); sprawdź, czy wycięto właściwy obszar"
            ),
            ImportError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// What an import did, for the closing message.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    pub info: MapInfo,
    /// Bytes of tiles and features written.
    pub written: u64,
    pub duration: std::time::Duration,
}

/// Imports `path` into `store`, replacing the map in use. Progress bars go to standard error
/// when it is a terminal.
pub fn import_file(store: &Store, path: &Path) -> Result<ImportSummary, ImportError> {
    let started = std::time::Instant::now();
    let kind = detect::detect_file(path)?;
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source_bytes = std::fs::metadata(path)
        .map_err(|e| ImportError::Read(e.to_string()))?
        .len();
    // A malformed file must end in a refusal, never in a crash halfway; the write transaction
    // is dropped (aborted) while unwinding.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        FileKind::Pbf => osm::import(store, path, &source, source_bytes),
        FileKind::Mbtiles => mbtiles::import(store, path, &source, source_bytes),
        FileKind::Pmtiles => pmtiles::import(store, path, &source, source_bytes),
    }));
    let (info, written) = match result {
        Ok(outcome) => outcome?,
        Err(_) => {
            return Err(ImportError::Corrupt(
                "nie udało się odczytać zawartości".into(),
            ));
        }
    };
    Ok(ImportSummary {
        info,
        written,
        duration: started.elapsed(),
    })
}

pub(crate) use crate::text::progress::bar as progress;
