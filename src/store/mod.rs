//! The embedded database: one redb file in the data directory.
//!
//! Every write goes through this module and records a changelog entry in the same transaction
//! (replication and the audit log read it). Records are msgpack maps (named fields), so new
//! optional fields keep old files readable.

mod accounts;
mod changelog;
mod claims;
mod codec;
mod enquiries;
mod equipment;
mod error;
mod existing;
mod indicators;
mod institutions;
mod map_tiles;
mod media;
mod meta;
mod needs;
mod offers;
mod organizations;
mod outbox;
mod premises;
mod procurements;
mod programme_events;
mod raw;
mod records;
mod replica_position;
mod replicas;
mod sessions;
mod settings;
mod slugged;
mod slugs;
mod subscriptions;
mod table_times;
mod tables;
mod users;

use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use redb::{Database, ReadTransaction, ReadableDatabase, WriteTransaction};

pub(crate) use changelog::changes_in;
pub use changelog::{CHANGES_SCAN_LIMIT, Change, ChangeCursor, ChangeFilter, ChangeOp, ChangePage};
pub use claims::Decision;
pub use enquiries::ReplyError;
pub use equipment::{EquipmentChange, EquipmentLookup};
pub use error::StoreError;
pub use existing::{Existing, ExistingDatabase};
pub use institutions::RESERVED_INSTITUTION_SLUGS;
pub use map_tiles::MapWriter;
pub use media::{PhotoChange, StoredImage};
pub(crate) use meta::set_generation;
pub use meta::{Facts, Meta, SCHEMA_VERSION};
pub use offers::RESERVED_OFFER_SLUGS;
pub use outbox::OutboxCounts;
pub use procurements::RESERVED_PROCUREMENT_SLUGS;
pub(crate) use raw::RawWriter;
pub use replica_position::ReplicaPosition;
pub(crate) use replica_position::set_replica_position_in;
pub use subscriptions::NewSubscription;
pub use table_times::TableTimes;
pub use tables::{Follow, Reach, Refers};
pub(crate) use tables::{REGISTRY, Registered, registered};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "pestor.redb";

/// An open database. Cheap to share behind an `Arc`; redb serialises writers itself.
pub struct Store {
    /// Transactions begin under the read lock; compaction, which needs the database to itself,
    /// takes the write lock for its duration.
    db: RwLock<Database>,
    path: PathBuf,
}

/// What a compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compaction {
    /// Size of the file before and after, in bytes.
    pub before: u64,
    pub after: u64,
}

impl Store {
    /// Opens (or creates) the database in `data_dir`, creating the directory if needed, and runs
    /// the migrations. Refuses — never overwrites — a file that is locked by another process,
    /// unreadable, or written by a newer version.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source: e,
        })?;
        Store::open_file(&data_dir.join(DATABASE_FILE))
    }

    /// Opens (or creates) the database file at `path` and runs the migrations; its directory
    /// must exist. A restore builds the new database under another name with this.
    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        let new = !path.exists();
        let db = RwLock::new(open_database(path)?);
        if new {
            // It will hold personal data and password hashes: for the server's user only.
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        let store = Store {
            db,
            path: path.to_path_buf(),
        };
        meta::migrate(&store)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one write transaction and commits it; nothing is written if `f` fails.
    pub(crate) fn write<T>(
        &self,
        context: &'static str,
        f: impl FnOnce(&WriteTransaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let txn = self.begin_write(context)?;
        let value = f(&txn)?;
        txn.commit().map_err(StoreError::db(context))?;
        Ok(value)
    }

    /// A write transaction the caller commits itself (long jobs that report progress).
    pub(crate) fn begin_write(
        &self,
        context: &'static str,
    ) -> Result<WriteTransaction, StoreError> {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        db.begin_write().map_err(StoreError::db(context))
    }

    /// A consistent read-only view (an MVCC snapshot).
    pub(crate) fn read(&self, context: &'static str) -> Result<ReadTransaction, StoreError> {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        db.begin_read().map_err(StoreError::db(context))
    }

    /// Rewrites the file without its free space. Needs the database to itself: while any
    /// transaction is open it fails (try again later) and nothing changes. New transactions wait
    /// until it is done.
    pub fn compact(&self) -> Result<Compaction, StoreError> {
        let size = || std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        let before = size();
        let mut db = self.db.write().unwrap_or_else(PoisonError::into_inner);
        match db.compact() {
            Ok(_) => {}
            Err(redb::CompactionError::TransactionInProgress) => {
                return Err(StoreError::Busy {
                    what: "kompaktowanie bazy",
                });
            }
            Err(e) => return Err(StoreError::db("compacting the database")(e)),
        }
        drop(db);
        Ok(Compaction {
            before,
            after: size(),
        })
    }
}

/// Opens the redb file with settings for a small machine. redb may panic on a damaged file
/// instead of returning an error; that must become a refusal, not a crash.
fn open_database(path: &Path) -> Result<Database, StoreError> {
    let opened = std::panic::catch_unwind(|| {
        Database::builder()
            .set_cache_size(64 * 1024 * 1024)
            .create(path)
    });
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(redb::DatabaseError::DatabaseAlreadyOpen)) => Err(StoreError::Locked {
            path: path.to_path_buf(),
        }),
        Ok(Err(e)) => Err(StoreError::Unreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
        Err(_) => Err(StoreError::Unreadable {
            path: path.to_path_buf(),
            reason: "the file is damaged".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compaction_gives_back_the_space_of_deleted_data() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let blob = vec![7u8; 64 * 1024];
        store
            .write("test", |txn| {
                let mut media = txn.open_table(tables::MEDIA).unwrap();
                for id in 0..200u64 {
                    media.insert(id, blob.as_slice()).unwrap();
                }
                Ok(())
            })
            .unwrap();
        store
            .write("test", |txn| {
                let mut media = txn.open_table(tables::MEDIA).unwrap();
                media.retain(|_, _| false).unwrap();
                Ok(())
            })
            .unwrap();
        let done = store.compact().unwrap();
        assert!(done.after < done.before / 2, "{done:?}");
        // Refused while a reader is open, and the data stays readable.
        let reader = store.read("test").unwrap();
        assert!(matches!(store.compact(), Err(StoreError::Busy { .. })));
        drop(reader);
        assert!(store.meta().unwrap().is_some());
    }
}
