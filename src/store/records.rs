//! Reading one record by its id — the same steps for every kind, in a read transaction of its
//! own or inside a write transaction.

use redb::{ReadableTable, TableDefinition, TableHandle, WriteTransaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::{Store, StoreError};

/// A table of records keyed by id.
pub(crate) type RecordTable = TableDefinition<'static, u64, &'static [u8]>;

/// A table of public slugs: slug → record id.
pub(crate) type SlugTable = TableDefinition<'static, &'static str, u64>;

impl Store {
    /// The record `id` of `table`, or `None`. `what` names the kind in errors ("organisation").
    pub(crate) fn record<T: DeserializeOwned>(
        &self,
        table: RecordTable,
        id: u64,
        what: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let txn = self.read(what)?;
        let table = txn.open_table(table).map_err(StoreError::db(what))?;
        get(&table, id, what)
    }

    /// The record whose public slug is `slug` (`slugs` maps slugs to ids of `table`).
    pub(crate) fn record_by_slug<T: DeserializeOwned>(
        &self,
        slugs: SlugTable,
        table: RecordTable,
        slug: &str,
        what: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let txn = self.read(what)?;
        let slugs = txn.open_table(slugs).map_err(StoreError::db(what))?;
        let Some(id) = slugs.get(slug).map_err(StoreError::db(what))? else {
            return Ok(None);
        };
        let table = txn.open_table(table).map_err(StoreError::db(what))?;
        get(&table, id.value(), what)
    }

    /// The records for `ids` in the same order, read in one transaction (a result page); ids
    /// that no longer exist are skipped.
    pub(crate) fn records_by_ids<T: DeserializeOwned>(
        &self,
        table: RecordTable,
        ids: impl IntoIterator<Item = u64>,
        what: &'static str,
    ) -> Result<Vec<T>, StoreError> {
        let txn = self.read(what)?;
        let table = txn.open_table(table).map_err(StoreError::db(what))?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(record) = get(&table, id, what)? {
                out.push(record);
            }
        }
        Ok(out)
    }
}

/// The record `id` of `table` as seen inside `txn`.
pub(crate) fn record_in<T: DeserializeOwned>(
    txn: &WriteTransaction,
    table: RecordTable,
    id: u64,
    what: &'static str,
) -> Result<Option<T>, StoreError> {
    let table = txn.open_table(table).map_err(StoreError::db(what))?;
    get(&table, id, what)
}

fn get<T: DeserializeOwned>(
    table: &impl ReadableTable<u64, &'static [u8]>,
    id: u64,
    what: &'static str,
) -> Result<Option<T>, StoreError> {
    let value = table.get(id).map_err(StoreError::db(what))?;
    value
        .map(|v| decode(v.value(), &format!("{what} {id}")))
        .transpose()
}

/// The id a new record of `table` gets: one more than the highest so far.
pub(crate) fn next_id(txn: &WriteTransaction, table: RecordTable) -> Result<u64, StoreError> {
    let table = txn
        .open_table(table)
        .map_err(StoreError::db("opening a table"))?;
    let last = table.last().map_err(StoreError::db("reading a table"))?;
    Ok(last.map(|(k, _)| k.value()).unwrap_or(0) + 1)
}

/// Writes record `id` of `table` and its changelog entry (`op` says whether it is new) inside
/// `txn`. Index tables are the caller's business.
pub(crate) fn put_record_in<T: Serialize>(
    txn: &WriteTransaction,
    table: RecordTable,
    id: u64,
    record: &T,
    op: ChangeOp,
    author: Option<u64>,
) -> Result<(), StoreError> {
    let name = table.name().to_string();
    let bytes = encode(record, &name)?;
    let mut open = txn
        .open_table(table)
        .map_err(StoreError::db("opening a table"))?;
    open.insert(id, bytes.as_slice())
        .map_err(StoreError::db("writing a record"))?;
    drop(open);
    changelog::record(txn, &name, id, op, author)
}

/// Deletes record `id` of `table` with its changelog entry; `false` when there was none.
pub(crate) fn delete_record_in(
    txn: &WriteTransaction,
    table: RecordTable,
    id: u64,
    author: Option<u64>,
) -> Result<bool, StoreError> {
    let name = table.name().to_string();
    let mut open = txn
        .open_table(table)
        .map_err(StoreError::db("opening a table"))?;
    let existed = open
        .remove(id)
        .map_err(StoreError::db("deleting a record"))?
        .is_some();
    drop(open);
    if existed {
        changelog::record(txn, &name, id, ChangeOp::Delete, author)?;
    }
    Ok(existed)
}

/// Every record of `table` in id order (for building an index at start; registers other than
/// organisations stay in the tens of thousands).
pub(crate) fn all_records<T: DeserializeOwned>(
    store: &Store,
    table: RecordTable,
    what: &'static str,
) -> Result<Vec<T>, StoreError> {
    let txn = store.read(what)?;
    let open = txn.open_table(table).map_err(StoreError::db(what))?;
    let mut out = Vec::new();
    for entry in open.iter().map_err(StoreError::db(what))? {
        let (key, value) = entry.map_err(StoreError::db(what))?;
        out.push(decode(value.value(), &format!("{what} {}", key.value()))?);
    }
    Ok(out)
}
