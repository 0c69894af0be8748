//! Errors of the store. Messages are for the operator who starts the server, so they say what to do.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory cannot be created or read.
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another process has the database open.
    Locked { path: PathBuf },
    /// The file is not a database this program can read.
    Unreadable { path: PathBuf, reason: String },
    /// The file was written by a newer version of the program.
    NewerSchema { found: u32, supported: u32 },
    /// A database operation failed.
    Database {
        context: &'static str,
        reason: String,
    },
    /// A stored record could not be decoded.
    Corrupt { context: String, reason: String },
    /// A write would break a uniqueness rule (e.g. a slug already used).
    Conflict { what: String },
    /// An operation that needs the database to itself met an open transaction.
    Busy { what: &'static str },
}

impl StoreError {
    /// Adapter for `map_err`: wraps any redb error with what we were doing.
    pub(crate) fn db<E: fmt::Display>(context: &'static str) -> impl FnOnce(E) -> StoreError {
        move |e| StoreError::Database {
            context,
            reason: e.to_string(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::DataDir { path, source } => write!(
                f,
                "nie można użyć katalogu danych {}: {source}",
                path.display()
            ),
            StoreError::Locked { path } => write!(
                f,
                "baza {} jest otwarta przez inny działający proces pestor — zatrzymaj go albo wskaż inny katalog danych (--data)",
                path.display()
            ),
            StoreError::Unreadable { path, reason } => write!(
                f,
                "plik {} nie jest czytelną bazą PES-TOR ({reason}); nie został zmieniony — przywróć kopię zapasową albo wskaż inny katalog danych",
                path.display()
            ),
            StoreError::NewerSchema { found, supported } => write!(
                f,
                "baza ma schemat w wersji {found}, a ten program obsługuje najwyżej {supported} — zainstaluj nowszą wersję pestor; baza nie została zmieniona"
            ),
            StoreError::Database { context, reason } => {
                write!(f, "błąd bazy danych ({context}): {reason}")
            }
            StoreError::Corrupt { context, reason } => {
                write!(f, "uszkodzony rekord ({context}): {reason}")
            }
            StoreError::Conflict { what } => write!(f, "konflikt zapisu: {what}"),
            StoreError::Busy { what } => write!(
                f,
                "{what} wymaga wyłącznego dostępu do bazy, a trwa inna operacja — spróbuj ponownie za chwilę"
            ),
        }
    }
}

impl std::error::Error for StoreError {}
