//! Reading one record by its id — the same steps for every kind, in a read transaction of its
//! own or inside a write transaction.

use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::de::DeserializeOwned;

use super::codec::decode;
use super::{Store, StoreError};

/// A table of records keyed by id.
pub(crate) type RecordTable = TableDefinition<'static, u64, &'static [u8]>;

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
