//! Where a read-only replica stands: which primary its data comes from and up to which entry of
//! that primary's changelog. Kept in `meta` (the replica's own table, never overwritten by what
//! it receives) and written in the same transaction as the data it describes.

use redb::{ReadTransaction, WriteTransaction};
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::META;
use super::{Store, StoreError};
use crate::domain::Timestamp;

const KEY_REPLICA_POSITION: &str = "replica_position";

/// A replica's position in its primary's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaPosition {
    /// The instance id of the primary the data comes from.
    pub primary_instance: String,
    /// The primary's generation (a restore there raises it and the replica starts over).
    pub generation: u64,
    /// The primary's newest changelog entry the data includes.
    pub position: u64,
    /// When the primary read the data the replica now holds ("dane z dnia …").
    pub as_of: Timestamp,
}

impl Store {
    /// The position of this replica, or `None` for a database that never received a copy
    /// (a primary, or a replica before its first pull).
    pub fn replica_position(&self) -> Result<Option<ReplicaPosition>, StoreError> {
        replica_position_in(&self.read("reading the replica position")?)
    }
}

fn replica_position_in(txn: &ReadTransaction) -> Result<Option<ReplicaPosition>, StoreError> {
    let table = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(StoreError::db("opening meta")(e)),
    };
    let value = table
        .get(KEY_REPLICA_POSITION)
        .map_err(StoreError::db("reading meta"))?;
    value
        .map(|v| decode(v.value(), "replica position"))
        .transpose()
}

/// Records the replica's new position inside `txn`, the transaction that brought its data
/// there.
pub(crate) fn set_replica_position_in(
    txn: &WriteTransaction,
    position: &ReplicaPosition,
) -> Result<(), StoreError> {
    let mut meta = txn
        .open_table(META)
        .map_err(StoreError::db("opening meta"))?;
    meta.insert(
        KEY_REPLICA_POSITION,
        encode(position, "replica position")?.as_slice(),
    )
    .map_err(StoreError::db("writing meta"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_absent_until_written_and_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.replica_position().unwrap(), None);
        let position = ReplicaPosition {
            primary_instance: "ab".repeat(16),
            generation: 2,
            position: 41,
            as_of: 1_700_000_000,
        };
        store
            .write("test", |txn| set_replica_position_in(txn, &position))
            .unwrap();
        assert_eq!(store.replica_position().unwrap(), Some(position));
        // Meta facts of the replica itself are untouched.
        assert_eq!(store.meta().unwrap().unwrap().generation, 1);
    }
}
