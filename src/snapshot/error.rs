//! Why a snapshot cannot be written or used. Messages are for an operator or an administrator:
//! Polish, saying what is wrong with the file.

use std::fmt;

use crate::store::StoreError;

#[derive(Debug)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The file cannot be read or written.
    Io {
        context: &'static str,
        source: std::io::Error,
    },
    /// The file has no bytes at all.
    Empty,
    /// The file does not start like a snapshot of this program.
    NotASnapshot,
    /// Written by a newer program, in a format this one does not know.
    NewerFormat { found: u32, supported: u32 },
    /// The database schema of the snapshot is newer than this program's.
    NewerSchema { found: u32, supported: u32 },
    /// The file ends before its checksum: a copy interrupted in the middle.
    Truncated,
    /// The checksum over the file does not match its contents.
    ChecksumMismatch,
    /// The checksum matches but the contents do not follow the format.
    Damaged(String),
    /// The database refused an operation.
    Store(StoreError),
}

impl SnapshotError {
    pub(crate) fn io(context: &'static str) -> impl FnOnce(std::io::Error) -> SnapshotError {
        move |source| SnapshotError::Io { context, source }
    }

    pub(crate) fn damaged(reason: impl Into<String>) -> SnapshotError {
        SnapshotError::Damaged(reason.into())
    }
}

impl From<StoreError> for SnapshotError {
    fn from(e: StoreError) -> Self {
        SnapshotError::Store(e)
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Io { context, source } => write!(f, "{context}: {source}"),
            SnapshotError::Empty => write!(f, "plik jest pusty — to nie jest kopia zapasowa"),
            SnapshotError::NotASnapshot => write!(
                f,
                "to nie jest kopia zapasowa PES-TOR (plik nie zaczyna się od znacznika kopii)"
            ),
            SnapshotError::NewerFormat { found, supported } => write!(
                f,
                "kopia ma format w wersji {found}, a ten program zna najwyżej wersję {supported} — użyj nowszej wersji pestor"
            ),
            SnapshotError::NewerSchema { found, supported } => write!(
                f,
                "kopia pochodzi z bazy o schemacie w wersji {found}, a ten program obsługuje najwyżej {supported} — użyj nowszej wersji pestor"
            ),
            SnapshotError::Truncated => write!(
                f,
                "plik jest ucięty (brak sumy kontrolnej na końcu) — kopia nie została zapisana albo skopiowana do końca"
            ),
            SnapshotError::ChecksumMismatch => write!(
                f,
                "suma kontrolna się nie zgadza — plik został uszkodzony po zapisaniu"
            ),
            SnapshotError::Damaged(reason) => {
                write!(f, "zawartość kopii jest uszkodzona: {reason}")
            }
            SnapshotError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SnapshotError {}
