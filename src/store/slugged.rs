//! Registers whose records have a public slug and are kept whole by staff (procurements,
//! indicators, programme events): insert with a free slug, change in place, delete with the
//! slug — record, slug index and changelog always in one transaction.

use redb::WriteTransaction;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::changelog::ChangeOp;
use super::records::{RecordTable, SlugTable, delete_record_in, next_id, put_record_in, record_in};
use super::slugs;
use super::{Store, StoreError};

/// A record with an id and a public slug.
pub(crate) trait Slugged: Serialize + DeserializeOwned {
    fn id(&self) -> u64;
    fn set_id(&mut self, id: u64);
    fn slug(&self) -> &str;
    fn set_slug(&mut self, slug: String);
}

/// Where one register keeps its records and slugs, and how it speaks of them.
pub(crate) struct SluggedRegister {
    pub records: RecordTable,
    pub slugs: SlugTable,
    /// The kind in (English) error contexts, e.g. "procurement".
    pub what: &'static str,
    /// The slug of a record whose own is empty, e.g. "zamowienie".
    pub fallback: &'static str,
    /// Paths of the register's own pages that no record may take, e.g. "statystyki".
    pub reserved: &'static [&'static str],
    /// The register's public path, for messages, e.g. "/klauzule".
    pub page: &'static str,
    /// The record in Polish, nominative, for messages, e.g. "zamówienie".
    pub noun: &'static str,
}

impl SluggedRegister {
    /// Writes a new record (id 0) inside `txn`: it gets the next id and a free slug made from
    /// its own (`slug`, `slug-2` …). Returns the record as stored.
    pub(crate) fn insert_in<T: Slugged>(
        &self,
        txn: &WriteTransaction,
        mut record: T,
        author: Option<u64>,
    ) -> Result<T, StoreError> {
        if record.id() != 0 {
            return Err(StoreError::Conflict {
                what: format!("{} nr {} już istnieje", self.noun, record.id()),
            });
        }
        record.set_id(next_id(txn, self.records)?);
        let mut slugs = txn
            .open_table(self.slugs)
            .map_err(StoreError::db(self.what))?;
        let slug = slugs::free_slug(&slugs, record.slug(), self.fallback, self.reserved)?;
        slugs::claim_slug(&mut slugs, &slug, record.id(), self.page)?;
        drop(slugs);
        record.set_slug(slug);
        put_record_in(
            txn,
            self.records,
            record.id(),
            &record,
            ChangeOp::Insert,
            author,
        )?;
        Ok(record)
    }

    /// Inserts many new records in one transaction (demo data): all or nothing.
    pub(crate) fn insert_all<T: Slugged>(
        &self,
        store: &Store,
        records: Vec<T>,
    ) -> Result<usize, StoreError> {
        store.write(self.what, |txn| {
            let count = records.len();
            for record in records {
                self.insert_in(txn, record, None)?;
            }
            Ok(count)
        })
    }

    /// Reads record `id`, lets `change` modify it and stores it in one transaction; `change`
    /// refusing writes nothing. The id and slug never change here.
    pub(crate) fn update<T: Slugged, R>(
        &self,
        store: &Store,
        id: u64,
        author: Option<u64>,
        change: impl FnOnce(&mut T) -> Result<R, StoreError>,
    ) -> Result<(T, R), StoreError> {
        store.write(self.what, |txn| {
            let mut record: T = record_in(txn, self.records, id, self.what)?.ok_or_else(|| {
                StoreError::Conflict {
                    what: format!("{} już nie istnieje", self.noun),
                }
            })?;
            let slug = record.slug().to_string();
            let outcome = change(&mut record)?;
            record.set_id(id);
            record.set_slug(slug);
            put_record_in(txn, self.records, id, &record, ChangeOp::Update, author)?;
            Ok((record, outcome))
        })
    }

    /// Deletes record `id` with its slug; `false` when there was none.
    pub(crate) fn delete<T: Slugged>(
        &self,
        store: &Store,
        id: u64,
        author: Option<u64>,
    ) -> Result<bool, StoreError> {
        store.write(self.what, |txn| {
            let Some(record) = record_in::<T>(txn, self.records, id, self.what)? else {
                return Ok(false);
            };
            let mut slugs = txn
                .open_table(self.slugs)
                .map_err(StoreError::db(self.what))?;
            slugs
                .remove(record.slug())
                .map_err(StoreError::db(self.what))?;
            drop(slugs);
            delete_record_in(txn, self.records, id, author)
        })
    }
}
