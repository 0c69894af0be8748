//! Indicators of the programme and their slug index. Every write updates the record, the index
//! and the changelog in one transaction; a measurement is a small write of its own.

use super::records::all_records;
use super::slugged::{Slugged, SluggedRegister};
use super::tables::{INDICATOR_SLUGS, INDICATORS};
use super::{Store, StoreError};
use crate::domain::indicator::{Indicator, IndicatorId};
use crate::domain::user::UserId;

const REGISTER: SluggedRegister = SluggedRegister {
    records: INDICATORS,
    slugs: INDICATOR_SLUGS,
    what: "indicator",
    fallback: "wskaznik",
    reserved: &[],
    page: "/program/wskazniki",
    noun: "wskaźnik",
};

impl Slugged for Indicator {
    fn id(&self) -> u64 {
        self.id.0
    }
    fn set_id(&mut self, id: u64) {
        self.id = IndicatorId(id);
    }
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_slug(&mut self, slug: String) {
        self.slug = slug;
    }
}

impl Store {
    pub fn indicator(&self, id: IndicatorId) -> Result<Option<Indicator>, StoreError> {
        self.record(INDICATORS, id.0, "indicator")
    }

    pub fn indicator_by_slug(&self, slug: &str) -> Result<Option<Indicator>, StoreError> {
        self.record_by_slug(INDICATOR_SLUGS, INDICATORS, slug, "indicator")
    }

    /// Every indicator in page order (position, then id).
    pub fn indicators(&self) -> Result<Vec<Indicator>, StoreError> {
        let mut all: Vec<Indicator> = all_records(self, INDICATORS, "indicators")?;
        all.sort_by_key(|i| (i.position, i.id));
        Ok(all)
    }

    /// Stores a new indicator (id 0) with the next id and a free slug made from its own.
    pub fn insert_indicator(
        &self,
        record: Indicator,
        author: Option<UserId>,
    ) -> Result<Indicator, StoreError> {
        self.write("saving an indicator", |txn| {
            REGISTER.insert_in(txn, record, author.map(|a| a.0))
        })
    }

    /// Inserts many new indicators in one transaction (demo data): all or nothing.
    pub fn insert_indicators(&self, records: Vec<Indicator>) -> Result<usize, StoreError> {
        REGISTER.insert_all(self, records)
    }

    /// Reads indicator `id`, lets `change` modify it and stores it in one transaction (editing
    /// the indicator, adding or removing a measurement); `change` refusing writes nothing. The
    /// id and slug never change here.
    pub fn update_indicator<T>(
        &self,
        id: IndicatorId,
        author: Option<UserId>,
        change: impl FnOnce(&mut Indicator) -> Result<T, StoreError>,
    ) -> Result<(Indicator, T), StoreError> {
        REGISTER.update(self, id.0, author.map(|a| a.0), change)
    }

    /// Deletes indicator `id` with its slug; `false` when there was none.
    pub fn delete_indicator(
        &self,
        id: IndicatorId,
        author: Option<UserId>,
    ) -> Result<bool, StoreError> {
        REGISTER.delete::<Indicator>(self, id.0, author.map(|a| a.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, position: u32) -> Indicator {
        Indicator {
            id: IndicatorId(0),
            slug: crate::domain::slug::slugify(name),
            name: name.to_string(),
            position,
            ..crate::domain::indicator::tests::sample()
        }
    }

    #[test]
    fn indicators_get_slugs_keep_page_order_record_measurements_and_delete_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store
            .insert_indicator(record("Szkolenia", 2), None)
            .unwrap();
        let b = store
            .insert_indicator(record("Szkolenia", 1), None)
            .unwrap();
        assert_eq!(
            (a.slug.as_str(), b.slug.as_str()),
            ("szkolenia", "szkolenia-2")
        );
        let order: Vec<IndicatorId> = store.indicators().unwrap().iter().map(|i| i.id).collect();
        assert_eq!(order, [b.id, a.id]);
        let (stored, id) = store
            .update_indicator(a.id, None, |i| {
                i.slug = "inny".into();
                i.add_measurement(jiff::civil::date(2014, 1, 1), 7, String::new(), 1, None)
                    .map_err(|w| StoreError::Conflict { what: w.into() })
            })
            .unwrap();
        assert_eq!((stored.slug.as_str(), id), ("szkolenia", 1));
        assert_eq!(
            store
                .indicator_by_slug("szkolenia")
                .unwrap()
                .unwrap()
                .measurements
                .len(),
            1
        );
        let refused = store.update_indicator(a.id, None, |i| {
            i.remove_measurement(99)
                .map_err(|w| StoreError::Conflict { what: w.into() })
        });
        assert!(refused.is_err());
        assert!(store.delete_indicator(a.id, None).unwrap());
        assert!(store.indicator_by_slug("szkolenia").unwrap().is_none());
        assert!(!store.delete_indicator(a.id, None).unwrap());
    }
}
