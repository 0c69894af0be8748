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
mod institutions;
mod map_tiles;
mod media;
mod meta;
mod needs;
mod offers;
mod organizations;
mod outbox;
mod premises;
mod records;
mod sessions;
mod settings;
mod slugs;
mod subscriptions;
mod tables;
mod users;

use std::path::{Path, PathBuf};

use redb::{Database, ReadTransaction, ReadableDatabase, WriteTransaction};

pub use changelog::{CHANGES_SCAN_LIMIT, Change, ChangeCursor, ChangeFilter, ChangeOp, ChangePage};
pub use claims::Decision;
pub use enquiries::ReplyError;
pub use equipment::{EquipmentChange, EquipmentLookup};
pub use error::StoreError;
pub use institutions::RESERVED_INSTITUTION_SLUGS;
pub use map_tiles::MapWriter;
pub use media::{PhotoChange, StoredImage};
pub use meta::{Meta, SCHEMA_VERSION};
pub use offers::RESERVED_OFFER_SLUGS;
pub use outbox::OutboxCounts;
pub use subscriptions::NewSubscription;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "pestor.redb";

/// An open database. Cheap to share behind an `Arc`; redb serialises writers itself.
pub struct Store {
    db: Database,
    path: PathBuf,
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
        let path = data_dir.join(DATABASE_FILE);
        let db = open_database(&path)?;
        let store = Store { db, path };
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
        let txn = self.db.begin_write().map_err(StoreError::db(context))?;
        let value = f(&txn)?;
        txn.commit().map_err(StoreError::db(context))?;
        Ok(value)
    }

    /// A consistent read-only view (an MVCC snapshot).
    pub(crate) fn read(&self, context: &'static str) -> Result<ReadTransaction, StoreError> {
        self.db.begin_read().map_err(StoreError::db(context))
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
