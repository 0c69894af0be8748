//! Writing a snapshot's records into a database, inside one write transaction: every table the
//! snapshot holds is emptied and filled with exactly its records, so the transaction commits the
//! snapshot's state or (on any error) nothing.

use redb::WriteTransaction;

use super::read::{Item, Snapshot};
use super::{Progress, SnapshotError};
use crate::store::StoreError;

/// Replaces the contents of every table in `snapshot` with its records, inside `txn`.
/// Tables the snapshot does not hold are left as they are.
pub fn load_into(
    txn: &WriteTransaction,
    snapshot: &Snapshot,
    progress: Progress,
) -> Result<(), SnapshotError> {
    let mut writer: Option<Box<dyn crate::store::RawWriter + '_>> = None;
    snapshot.read_items(progress, |item| {
        match item {
            Item::Table(table) => {
                // The previous table's writer must be closed before another is opened.
                writer = None;
                let mut open = table.raw.writer(txn)?;
                open.retain(&mut |_, _| false)?;
                writer = Some(open);
            }
            Item::Entry(key, value) => {
                let open = writer.as_mut().ok_or_else(|| StoreError::Database {
                    context: "loading a snapshot",
                    reason: "an entry before its table".to_string(),
                })?;
                open.insert(key, value)?;
            }
        }
        Ok(())
    })
}
