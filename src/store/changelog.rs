//! The changelog: one entry per changed record, written in the same transaction as the change.
//! Replicas pull it; the audit log reads it.

use redb::{ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::CHANGES;
use super::{Store, StoreError};
use crate::domain::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeOp {
    Insert,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: u64,
    pub time: Timestamp,
    /// Table name from the registry in `tables.rs`.
    pub table: String,
    pub key: u64,
    pub op: ChangeOp,
    /// The user who made the change; `None` for the system (demo data, migrations).
    #[serde(default)]
    pub author: Option<u64>,
}

/// Appends an entry to the changelog inside `txn`.
pub(crate) fn record(
    txn: &WriteTransaction,
    table: &str,
    key: u64,
    op: ChangeOp,
    author: Option<u64>,
) -> Result<(), StoreError> {
    let mut changes = txn
        .open_table(CHANGES)
        .map_err(StoreError::db("opening the changelog"))?;
    let seq = match changes
        .last()
        .map_err(StoreError::db("reading the changelog"))?
    {
        Some((k, _)) => k.value() + 1,
        None => 1,
    };
    let change = Change {
        seq,
        time: crate::domain::now(),
        table: table.to_string(),
        key,
        op,
        author,
    };
    changes
        .insert(seq, encode(&change, "changelog entry")?.as_slice())
        .map_err(StoreError::db("writing the changelog"))?;
    Ok(())
}

impl Store {
    /// The position of the newest changelog entry (0 when empty).
    pub fn changelog_position(&self) -> Result<u64, StoreError> {
        let txn = self.read("reading the changelog")?;
        let changes = match txn.open_table(CHANGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
            Err(e) => return Err(StoreError::db("opening the changelog")(e)),
        };
        let last = changes
            .last()
            .map_err(StoreError::db("reading the changelog"))?;
        Ok(last.map(|(k, _)| k.value()).unwrap_or(0))
    }

    /// Entries after `after`, oldest first, at most `limit`.
    pub fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let txn = self.read("reading the changelog")?;
        let changes = match txn.open_table(CHANGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::db("opening the changelog")(e)),
        };
        let mut out = Vec::new();
        for entry in changes
            .range(after.saturating_add(1)..)
            .map_err(StoreError::db("reading the changelog"))?
            .take(limit)
        {
            let (_, value) = entry.map_err(StoreError::db("reading the changelog"))?;
            out.push(decode(value.value(), "changelog entry")?);
        }
        Ok(out)
    }
}
