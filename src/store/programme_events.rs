//! Events of the programme and their slug index. Every write updates the record, the index and
//! the changelog in one transaction.

use super::records::all_records;
use super::slugged::{Slugged, SluggedRegister};
use super::tables::{PROGRAMME_EVENT_SLUGS, PROGRAMME_EVENTS};
use super::{Store, StoreError};
use crate::domain::programme_event::{ProgrammeEvent, ProgrammeEventId};
use crate::domain::user::UserId;

const REGISTER: SluggedRegister = SluggedRegister {
    records: PROGRAMME_EVENTS,
    slugs: PROGRAMME_EVENT_SLUGS,
    what: "programme event",
    fallback: "wydarzenie",
    reserved: &[],
    page: "/program/wydarzenia",
    noun: "wydarzenie",
};

impl Slugged for ProgrammeEvent {
    fn id(&self) -> u64 {
        self.id.0
    }
    fn set_id(&mut self, id: u64) {
        self.id = ProgrammeEventId(id);
    }
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_slug(&mut self, slug: String) {
        self.slug = slug;
    }
}

impl Store {
    pub fn programme_event(
        &self,
        id: ProgrammeEventId,
    ) -> Result<Option<ProgrammeEvent>, StoreError> {
        self.record(PROGRAMME_EVENTS, id.0, "programme event")
    }

    pub fn programme_event_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<ProgrammeEvent>, StoreError> {
        self.record_by_slug(
            PROGRAMME_EVENT_SLUGS,
            PROGRAMME_EVENTS,
            slug,
            "programme event",
        )
    }

    /// The records for `ids` in the same order (a result page); missing ids are skipped.
    pub fn programme_events_by_ids(
        &self,
        ids: &[ProgrammeEventId],
    ) -> Result<Vec<ProgrammeEvent>, StoreError> {
        self.records_by_ids(
            PROGRAMME_EVENTS,
            ids.iter().map(|id| id.0),
            "programme event",
        )
    }

    /// Every event, newest first (date, then id).
    pub fn programme_events(&self) -> Result<Vec<ProgrammeEvent>, StoreError> {
        let mut all: Vec<ProgrammeEvent> = all_records(self, PROGRAMME_EVENTS, "programme events")?;
        all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
        Ok(all)
    }

    /// Stores a new event (id 0) with the next id and a free slug made from its own.
    pub fn insert_programme_event(
        &self,
        record: ProgrammeEvent,
        author: Option<UserId>,
    ) -> Result<ProgrammeEvent, StoreError> {
        self.write("saving a programme event", |txn| {
            REGISTER.insert_in(txn, record, author.map(|a| a.0))
        })
    }

    /// Inserts many new events in one transaction (demo data): all or nothing.
    pub fn insert_programme_events(
        &self,
        records: Vec<ProgrammeEvent>,
    ) -> Result<usize, StoreError> {
        REGISTER.insert_all(self, records)
    }

    /// Reads event `id`, lets `change` modify it and stores it in one transaction; `change`
    /// refusing writes nothing. The id and slug never change here.
    pub fn update_programme_event<T>(
        &self,
        id: ProgrammeEventId,
        author: Option<UserId>,
        change: impl FnOnce(&mut ProgrammeEvent) -> Result<T, StoreError>,
    ) -> Result<(ProgrammeEvent, T), StoreError> {
        REGISTER.update(self, id.0, author.map(|a| a.0), change)
    }

    /// Deletes event `id` with its slug; `false` when there was none.
    pub fn delete_programme_event(
        &self,
        id: ProgrammeEventId,
        author: Option<UserId>,
    ) -> Result<bool, StoreError> {
        REGISTER.delete::<ProgrammeEvent>(self, id.0, author.map(|a| a.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(slug: &str, day: i8) -> ProgrammeEvent {
        ProgrammeEvent {
            id: ProgrammeEventId(0),
            slug: slug.to_string(),
            date: jiff::civil::date(2013, 6, day),
            ..crate::domain::programme_event::tests::sample()
        }
    }

    #[test]
    fn events_get_free_slugs_come_newest_first_and_delete_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store
            .insert_programme_event(record("forum", 1), None)
            .unwrap();
        let b = store
            .insert_programme_event(record("forum", 20), None)
            .unwrap();
        assert_eq!((a.slug.as_str(), b.slug.as_str()), ("forum", "forum-2"));
        let order: Vec<_> = store
            .programme_events()
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(order, [b.id, a.id]);
        let (changed, ()) = store
            .update_programme_event(a.id, None, |e| {
                e.title = "Forum".into();
                e.slug = "x".into();
                Ok(())
            })
            .unwrap();
        assert_eq!(changed.slug, "forum");
        assert!(store.delete_programme_event(a.id, None).unwrap());
        assert!(store.programme_event_by_slug("forum").unwrap().is_none());
        assert_eq!(
            store.programme_events_by_ids(&[a.id, b.id]).unwrap().len(),
            1
        );
    }
}
