//! The database file of a data directory, looked at before it is replaced by a restore: opened
//! read-only where redb allows it (so that its bytes stay as they are) and kept open, so that no
//! server can start on it while the new file is being prepared.

use std::path::Path;

use redb::{Database, ReadOnlyDatabase, ReadableDatabase};

use super::StoreError;
use super::meta::{self, Meta};

/// What the data directory's database file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Existing {
    /// There is no database file.
    Missing,
    /// The file is not a database this program can read; why, in the database's words.
    Unreadable(String),
    /// A database; `meta` is `None` when it never got its schema facts.
    Found {
        meta: Option<Meta>,
        initialised: bool,
    },
}

/// The database file as found, held open (and so locked against a server) until dropped.
pub struct ExistingDatabase {
    pub state: Existing,
    _held: Option<Held>,
}

enum Held {
    ReadOnly(#[allow(dead_code)] ReadOnlyDatabase),
    Repaired(#[allow(dead_code)] Database),
}

impl ExistingDatabase {
    /// Looks at the database file at `path`. Fails only when another process (a running server)
    /// has it open; a missing or unreadable file is a state, not an error.
    ///
    /// A file left by a process that did not close it (a crash, SIGKILL) cannot be opened
    /// read-only: redb must repair it first. It is then opened for writing, which repairs its
    /// bookkeeping without changing any record.
    pub fn open(path: &Path) -> Result<ExistingDatabase, StoreError> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ExistingDatabase {
                    state: Existing::Missing,
                    _held: None,
                });
            }
            Err(e) => {
                return Ok(ExistingDatabase {
                    state: Existing::Unreadable(e.to_string()),
                    _held: None,
                });
            }
            Ok(_) => {}
        }
        let locked = || StoreError::Locked {
            path: path.to_path_buf(),
        };
        let read_only = std::panic::catch_unwind(|| {
            Database::builder()
                .set_cache_size(16 * 1024 * 1024)
                .open_read_only(path)
        });
        let held = match read_only {
            Ok(Ok(db)) => Held::ReadOnly(db),
            Ok(Err(redb::DatabaseError::DatabaseAlreadyOpen))
            | Ok(Err(redb::DatabaseError::LockProtocolMismatch)) => return Err(locked()),
            Ok(Err(redb::DatabaseError::RepairAborted)) => {
                log::info!(
                    "{} was not closed cleanly; opening it for writing to repair it",
                    path.display()
                );
                let writable = std::panic::catch_unwind(|| {
                    Database::builder()
                        .set_cache_size(16 * 1024 * 1024)
                        .open(path)
                });
                match writable {
                    Ok(Ok(db)) => Held::Repaired(db),
                    Ok(Err(redb::DatabaseError::DatabaseAlreadyOpen)) => return Err(locked()),
                    Ok(Err(e)) => return Ok(unreadable(e.to_string())),
                    Err(_) => return Ok(unreadable("the file is damaged".to_string())),
                }
            }
            Ok(Err(e)) => return Ok(unreadable(e.to_string())),
            Err(_) => return Ok(unreadable("the file is damaged".to_string())),
        };
        let read = match &held {
            Held::ReadOnly(db) => db.begin_read(),
            Held::Repaired(db) => db.begin_read(),
        };
        let state = match read {
            Ok(txn) => match (meta::meta_in(&txn), meta::initialised_in(&txn)) {
                (Ok(meta), Ok(initialised)) => Existing::Found { meta, initialised },
                (Err(e), _) | (_, Err(e)) => Existing::Unreadable(e.to_string()),
            },
            Err(e) => Existing::Unreadable(e.to_string()),
        };
        Ok(ExistingDatabase {
            state,
            _held: Some(held),
        })
    }

    /// The instance id of an initialised database, if that is what was found.
    pub fn initialised_instance(&self) -> Option<&str> {
        match &self.state {
            Existing::Found {
                meta: Some(meta),
                initialised: true,
            } => Some(&meta.instance_id),
            _ => None,
        }
    }

    /// The generation of the data found (0 when there is none).
    pub fn generation(&self) -> u64 {
        match &self.state {
            Existing::Found {
                meta: Some(meta), ..
            } => meta.generation,
            _ => 0,
        }
    }
}

fn unreadable(reason: String) -> ExistingDatabase {
    ExistingDatabase {
        state: Existing::Unreadable(reason),
        _held: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DATABASE_FILE, Store};

    #[test]
    fn a_closed_database_is_read_without_a_change_to_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.mark_initialised().unwrap();
        let meta = store.meta().unwrap().unwrap();
        drop(store);
        let path = dir.path().join(DATABASE_FILE);
        let before = std::fs::read(&path).unwrap();
        let existing = ExistingDatabase::open(&path).unwrap();
        assert_eq!(
            existing.initialised_instance(),
            Some(meta.instance_id.as_str())
        );
        assert_eq!(existing.generation(), 1);
        // Held: a server cannot open it meanwhile.
        assert!(matches!(
            Store::open(dir.path()),
            Err(StoreError::Locked { .. })
        ));
        drop(existing);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn an_open_database_is_locked_and_others_are_states() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let missing = ExistingDatabase::open(&path).unwrap();
        assert_eq!(missing.state, Existing::Missing);
        assert_eq!(missing.generation(), 0);

        let store = Store::open(dir.path()).unwrap();
        assert!(matches!(
            ExistingDatabase::open(&path),
            Err(StoreError::Locked { .. })
        ));
        // Opened but never initialised: no instance to compare with.
        drop(store);
        let fresh = ExistingDatabase::open(&path).unwrap();
        assert!(matches!(
            fresh.state,
            Existing::Found {
                initialised: false,
                ..
            }
        ));
        assert_eq!(fresh.initialised_instance(), None);
        drop(fresh);

        std::fs::write(&path, b"not a database at all").unwrap();
        let letter = ExistingDatabase::open(&path).unwrap();
        assert!(
            matches!(letter.state, Existing::Unreadable(_)),
            "{:?}",
            letter.state
        );
    }
}
