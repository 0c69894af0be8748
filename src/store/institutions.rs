//! Support institutions and their slug index. Every write updates the record, the index and
//! the changelog in one transaction.

use redb::WriteTransaction;

use super::changelog::ChangeOp;
use super::records::{all_records, delete_record_in, next_id, put_record_in, record_in};
use super::slugs;
use super::tables::{INSTITUTION_SLUGS, INSTITUTIONS};
use super::{Store, StoreError};
use crate::domain::institution::{Institution, InstitutionId};
use crate::domain::user::UserId;

/// Slugs that are paths of their own under `/wsparcie/`.
pub const RESERVED_INSTITUTION_SLUGS: &[&str] = &["nowa"];

impl Store {
    pub fn institution(&self, id: InstitutionId) -> Result<Option<Institution>, StoreError> {
        self.record(INSTITUTIONS, id.0, "institution")
    }

    pub fn institution_by_slug(&self, slug: &str) -> Result<Option<Institution>, StoreError> {
        self.record_by_slug(INSTITUTION_SLUGS, INSTITUTIONS, slug, "institution")
    }

    /// The records for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn institutions_by_ids(
        &self,
        ids: &[InstitutionId],
    ) -> Result<Vec<Institution>, StoreError> {
        self.records_by_ids(INSTITUTIONS, ids.iter().map(|id| id.0), "institution")
    }

    /// Every institution in id order, archived ones too (for building the index at start).
    pub fn institutions(&self) -> Result<Vec<Institution>, StoreError> {
        all_records(self, INSTITUTIONS, "institutions")
    }

    /// Stores a new institution (id 0): it gets the next id and a free slug made from its own
    /// (`slug`, `slug-2` …). Returns the record as stored.
    pub fn insert_institution(
        &self,
        record: Institution,
        author: Option<UserId>,
    ) -> Result<Institution, StoreError> {
        self.write("saving an institution", |txn| put_new(txn, record, author))
    }

    /// Inserts many new institutions in one transaction (demo data): all or nothing.
    pub fn insert_institutions(&self, records: Vec<Institution>) -> Result<usize, StoreError> {
        self.write("inserting institutions", |txn| {
            let count = records.len();
            for record in records {
                put_new(txn, record, None)?;
            }
            Ok(count)
        })
    }

    /// Reads institution `id`, lets `change` modify it and stores it in one transaction;
    /// `change` refusing writes nothing. The id and slug never change here.
    pub fn update_institution<T>(
        &self,
        id: InstitutionId,
        author: Option<UserId>,
        change: impl FnOnce(&mut Institution) -> Result<T, StoreError>,
    ) -> Result<(Institution, T), StoreError> {
        self.write("changing an institution", |txn| {
            let mut record: Institution = record_in(txn, INSTITUTIONS, id.0, "institution")?
                .ok_or_else(|| StoreError::Conflict {
                    what: "instytucja już nie istnieje".to_string(),
                })?;
            let slug = record.slug.clone();
            let outcome = change(&mut record)?;
            record.id = id;
            record.slug = slug;
            put_record_in(
                txn,
                INSTITUTIONS,
                id.0,
                &record,
                ChangeOp::Update,
                author.map(|a| a.0),
            )?;
            Ok((record, outcome))
        })
    }

    /// Deletes institution `id` and its slug after `check` agrees (checked inside the same
    /// transaction); `false` when there was none.
    pub fn delete_institution(
        &self,
        id: InstitutionId,
        author: Option<UserId>,
        check: impl FnOnce(&Institution) -> Result<(), StoreError>,
    ) -> Result<bool, StoreError> {
        self.write("deleting an institution", |txn| {
            let Some(record) = record_in::<Institution>(txn, INSTITUTIONS, id.0, "institution")?
            else {
                return Ok(false);
            };
            check(&record)?;
            let mut slugs = txn
                .open_table(INSTITUTION_SLUGS)
                .map_err(StoreError::db("opening institution slugs"))?;
            slugs
                .remove(record.slug.as_str())
                .map_err(StoreError::db("updating institution slugs"))?;
            drop(slugs);
            delete_record_in(txn, INSTITUTIONS, id.0, author.map(|a| a.0))
        })
    }
}

/// Writes a new institution with its slug and changelog entry inside `txn`.
fn put_new(
    txn: &WriteTransaction,
    mut record: Institution,
    author: Option<UserId>,
) -> Result<Institution, StoreError> {
    if record.id.0 != 0 {
        return Err(StoreError::Conflict {
            what: format!("instytucja nr {} już istnieje", record.id.0),
        });
    }
    record.id = InstitutionId(next_id(txn, INSTITUTIONS)?);
    record.slug = free_slug(txn, &record.slug)?;
    {
        let mut slugs = txn
            .open_table(INSTITUTION_SLUGS)
            .map_err(StoreError::db("opening institution slugs"))?;
        slugs
            .insert(record.slug.as_str(), record.id.0)
            .map_err(StoreError::db("updating institution slugs"))?;
    }
    put_record_in(
        txn,
        INSTITUTIONS,
        record.id.0,
        &record,
        ChangeOp::Insert,
        author.map(|a| a.0),
    )?;
    Ok(record)
}

/// A free slug for a new institution ("instytucja" for an empty name).
fn free_slug(txn: &WriteTransaction, base: &str) -> Result<String, StoreError> {
    let slugs = txn
        .open_table(INSTITUTION_SLUGS)
        .map_err(StoreError::db("opening institution slugs"))?;
    slugs::free_slug(&slugs, base, "instytucja", RESERVED_INSTITUTION_SLUGS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> Institution {
        Institution {
            id: InstitutionId(0),
            slug: crate::domain::slug::slugify(name),
            name: name.to_string(),
            ..crate::domain::institution::tests::sample()
        }
    }

    #[test]
    fn institutions_get_free_slugs_keep_them_and_delete_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.insert_institution(record("OWES"), None).unwrap();
        let b = store.insert_institution(record("OWES"), None).unwrap();
        let c = store.insert_institution(record("Nowa"), None).unwrap();
        assert_eq!(
            (a.slug.as_str(), b.slug.as_str(), c.slug.as_str()),
            ("owes", "owes-2", "nowa-2")
        );
        let (changed, ()) = store
            .update_institution(a.id, None, |i| {
                i.name = "OWES Toruń".into();
                i.slug = "inny".into();
                Ok(())
            })
            .unwrap();
        assert_eq!(changed.slug, "owes");
        assert_eq!(
            store.institution_by_slug("owes").unwrap().unwrap().name,
            "OWES Toruń"
        );
        let refused = store.delete_institution(a.id, None, |_| {
            Err(StoreError::Conflict { what: "nie".into() })
        });
        assert!(refused.is_err());
        assert!(store.institution(a.id).unwrap().is_some());
        assert!(store.delete_institution(a.id, None, |_| Ok(())).unwrap());
        assert!(store.institution_by_slug("owes").unwrap().is_none());
        assert!(!store.delete_institution(a.id, None, |_| Ok(())).unwrap());
        assert_eq!(store.institutions().unwrap().len(), 2);
    }
}
