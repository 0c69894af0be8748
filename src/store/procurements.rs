//! Procurements with social clauses and their slug index. Every write updates the record, the
//! index and the changelog in one transaction.

use super::records::all_records;
use super::slugged::{Slugged, SluggedRegister};
use super::tables::{PROCUREMENT_SLUGS, PROCUREMENTS};
use super::{Store, StoreError};
use crate::domain::procurement::{Procurement, ProcurementId};
use crate::domain::user::UserId;

/// Slugs that are paths of their own under `/klauzule/`.
pub const RESERVED_PROCUREMENT_SLUGS: &[&str] = &["statystyki"];

const REGISTER: SluggedRegister = SluggedRegister {
    records: PROCUREMENTS,
    slugs: PROCUREMENT_SLUGS,
    what: "procurement",
    fallback: "zamowienie",
    reserved: RESERVED_PROCUREMENT_SLUGS,
    page: "/klauzule",
    noun: "zamówienie",
};

impl Slugged for Procurement {
    fn id(&self) -> u64 {
        self.id.0
    }
    fn set_id(&mut self, id: u64) {
        self.id = ProcurementId(id);
    }
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_slug(&mut self, slug: String) {
        self.slug = slug;
    }
}

impl Store {
    pub fn procurement(&self, id: ProcurementId) -> Result<Option<Procurement>, StoreError> {
        self.record(PROCUREMENTS, id.0, "procurement")
    }

    pub fn procurement_by_slug(&self, slug: &str) -> Result<Option<Procurement>, StoreError> {
        self.record_by_slug(PROCUREMENT_SLUGS, PROCUREMENTS, slug, "procurement")
    }

    /// The records for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn procurements_by_ids(
        &self,
        ids: &[ProcurementId],
    ) -> Result<Vec<Procurement>, StoreError> {
        self.records_by_ids(PROCUREMENTS, ids.iter().map(|id| id.0), "procurement")
    }

    /// Every procurement in id order (the index at start, the statistics, the staff list).
    pub fn procurements(&self) -> Result<Vec<Procurement>, StoreError> {
        all_records(self, PROCUREMENTS, "procurements")
    }

    /// Stores a new procurement (id 0): it gets the next id and a free slug made from its own
    /// (`slug`, `slug-2` …). Returns the record as stored.
    pub fn insert_procurement(
        &self,
        record: Procurement,
        author: Option<UserId>,
    ) -> Result<Procurement, StoreError> {
        self.write("saving a procurement", |txn| {
            REGISTER.insert_in(txn, record, author.map(|a| a.0))
        })
    }

    /// Inserts many new procurements in one transaction (demo data): all or nothing.
    pub fn insert_procurements(&self, records: Vec<Procurement>) -> Result<usize, StoreError> {
        REGISTER.insert_all(self, records)
    }

    /// Reads procurement `id`, lets `change` modify it and stores it in one transaction;
    /// `change` refusing writes nothing. The id and slug never change here.
    pub fn update_procurement<T>(
        &self,
        id: ProcurementId,
        author: Option<UserId>,
        change: impl FnOnce(&mut Procurement) -> Result<T, StoreError>,
    ) -> Result<(Procurement, T), StoreError> {
        REGISTER.update(self, id.0, author.map(|a| a.0), change)
    }

    /// Deletes procurement `id` and its slug; `false` when there was none.
    pub fn delete_procurement(
        &self,
        id: ProcurementId,
        author: Option<UserId>,
    ) -> Result<bool, StoreError> {
        REGISTER.delete::<Procurement>(self, id.0, author.map(|a| a.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(slug: &str) -> Procurement {
        Procurement {
            id: ProcurementId(0),
            slug: slug.to_string(),
            ..crate::domain::procurement::tests::sample()
        }
    }

    #[test]
    fn procurements_get_free_slugs_never_the_statistics_page_and_delete_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store
            .insert_procurement(record("wzp-271-1-2013"), None)
            .unwrap();
        let b = store
            .insert_procurement(record("wzp-271-1-2013"), None)
            .unwrap();
        let c = store
            .insert_procurement(record("statystyki"), None)
            .unwrap();
        let d = store.insert_procurement(record(""), None).unwrap();
        assert_eq!(
            (
                a.slug.as_str(),
                b.slug.as_str(),
                c.slug.as_str(),
                d.slug.as_str()
            ),
            (
                "wzp-271-1-2013",
                "wzp-271-1-2013-2",
                "statystyki-2",
                "zamowienie"
            )
        );
        assert!(store.procurement_by_slug("statystyki").unwrap().is_none());
        let (changed, ()) = store
            .update_procurement(a.id, None, |p| {
                p.title = "Nowy tytuł zamówienia".into();
                p.slug = "inny".into();
                Ok(())
            })
            .unwrap();
        assert_eq!(changed.slug, "wzp-271-1-2013");
        assert_eq!(
            store
                .procurement_by_slug("wzp-271-1-2013")
                .unwrap()
                .unwrap()
                .title,
            "Nowy tytuł zamówienia"
        );
        assert!(store.delete_procurement(a.id, None).unwrap());
        assert!(
            store
                .procurement_by_slug("wzp-271-1-2013")
                .unwrap()
                .is_none()
        );
        assert!(!store.delete_procurement(a.id, None).unwrap());
        assert_eq!(store.procurements().unwrap().len(), 3);
        assert_eq!(
            store
                .procurements_by_ids(&[d.id, ProcurementId(99), b.id])
                .unwrap()
                .len(),
            2
        );
    }
}
