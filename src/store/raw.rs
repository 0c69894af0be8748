//! Tables as raw key and value bytes, whatever their types — what snapshots and replicas move.
//!
//! redb cannot open a table it does not know by type, so every registered table
//! (`tables::REGISTRY`) carries a [`RawTable`]: its typed definition behind an untyped interface.
//! Bytes are redb's own encoding of each key and value (`Key::as_bytes`), so a table written back
//! from them is identical to the one read.

use redb::{
    Key, ReadTransaction, ReadableTable, ReadableTableMetadata, TableDefinition, TableHandle, Value,
};
use redb::{Table, WriteTransaction};

use super::StoreError;

/// What sees each entry of a table in turn: its key and value bytes; an error stops the walk.
pub(crate) type EntryVisitor<'a> = &'a mut dyn FnMut(&[u8], &[u8]) -> Result<(), StoreError>;

/// One table seen as bytes.
pub(crate) trait RawTable: Sync {
    /// The table's name in the database.
    fn name(&self) -> &str;

    /// Number of entries, as the read transaction sees them.
    fn len(&self, txn: &ReadTransaction) -> Result<u64, StoreError>;

    /// Calls `f` with every entry in key order.
    fn for_each(&self, txn: &ReadTransaction, f: EntryVisitor<'_>) -> Result<(), StoreError>;

    /// The value stored under `key`, if any.
    fn get(&self, txn: &ReadTransaction, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Whether the bytes are a well-formed key and value of this table (so that writing them
    /// cannot fail or panic inside the database).
    fn accepts(&self, key: &[u8], value: &[u8]) -> bool;

    /// Opens the table for changes inside `txn`.
    fn writer<'t>(&self, txn: &'t WriteTransaction) -> Result<Box<dyn RawWriter + 't>, StoreError>;
}

/// Changes to one table inside a write transaction. Callers check entries with
/// [`RawTable::accepts`] first.
pub(crate) trait RawWriter {
    fn insert(&mut self, key: &[u8], value: &[u8]) -> Result<(), StoreError>;
    fn remove(&mut self, key: &[u8]) -> Result<(), StoreError>;
    /// Keeps only the entries for which `keep` says yes.
    fn retain(&mut self, keep: &mut dyn FnMut(&[u8], &[u8]) -> bool) -> Result<(), StoreError>;
}

/// A typed table definition behind the raw interface.
pub(crate) struct Typed<K: Key + 'static, V: Value + 'static>(pub TableDefinition<'static, K, V>);

fn well_formed<T: Value>(bytes: &[u8]) -> bool {
    match T::fixed_width() {
        Some(width) => bytes.len() == width,
        // The only variable-width types in our tables are byte strings and text.
        None => T::type_name() != <&str>::type_name() || std::str::from_utf8(bytes).is_ok(),
    }
}

impl<K: Key + Sync + 'static, V: Value + Sync + 'static> RawTable for Typed<K, V> {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn len(&self, txn: &ReadTransaction) -> Result<u64, StoreError> {
        let table = txn
            .open_table(self.0)
            .map_err(StoreError::db("opening a table"))?;
        table.len().map_err(StoreError::db("counting a table"))
    }

    fn for_each(&self, txn: &ReadTransaction, f: EntryVisitor<'_>) -> Result<(), StoreError> {
        let table = txn
            .open_table(self.0)
            .map_err(StoreError::db("opening a table"))?;
        for entry in table.iter().map_err(StoreError::db("reading a table"))? {
            let (key, value) = entry.map_err(StoreError::db("reading a table"))?;
            let (key, value) = (key.value(), value.value());
            f(K::as_bytes(&key).as_ref(), V::as_bytes(&value).as_ref())?;
        }
        Ok(())
    }

    fn get(&self, txn: &ReadTransaction, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if !well_formed::<K>(key) {
            return Ok(None);
        }
        let table = txn
            .open_table(self.0)
            .map_err(StoreError::db("opening a table"))?;
        let found = table
            .get(K::from_bytes(key))
            .map_err(StoreError::db("reading a table"))?;
        Ok(found.map(|v| V::as_bytes(&v.value()).as_ref().to_vec()))
    }

    fn accepts(&self, key: &[u8], value: &[u8]) -> bool {
        well_formed::<K>(key) && well_formed::<V>(value)
    }

    fn writer<'t>(&self, txn: &'t WriteTransaction) -> Result<Box<dyn RawWriter + 't>, StoreError> {
        let table = txn
            .open_table(self.0)
            .map_err(StoreError::db("opening a table"))?;
        Ok(Box::new(TypedWriter(table)))
    }
}

struct TypedWriter<'t, K: Key + 'static, V: Value + 'static>(Table<'t, K, V>);

impl<K: Key + 'static, V: Value + 'static> RawWriter for TypedWriter<'_, K, V> {
    fn insert(&mut self, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.0
            .insert(K::from_bytes(key), V::from_bytes(value))
            .map_err(StoreError::db("writing a table"))?;
        Ok(())
    }

    fn remove(&mut self, key: &[u8]) -> Result<(), StoreError> {
        self.0
            .remove(K::from_bytes(key))
            .map_err(StoreError::db("writing a table"))?;
        Ok(())
    }

    fn retain(&mut self, keep: &mut dyn FnMut(&[u8], &[u8]) -> bool) -> Result<(), StoreError> {
        self.0
            .retain(|key, value| keep(K::as_bytes(&key).as_ref(), V::as_bytes(&value).as_ref()))
            .map_err(StoreError::db("writing a table"))
    }
}
