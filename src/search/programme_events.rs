//! How the programme's events describe themselves to the general [`Catalog`]: searchable text
//! and two facets (the kind and the year), dated by the event's first day so that "newest
//! first" is the order of the programme's calendar.

use super::catalog::{Catalog, CatalogDoc};
use crate::domain::programme_event::ProgrammeEvent;

/// Facet numbers.
pub const KIND: usize = 0;
pub const YEAR: usize = 1;
pub const FACETS: usize = 2;

/// The index entry of an event.
pub fn doc(record: &ProgrammeEvent) -> CatalogDoc {
    let text = [
        record.title.as_str(),
        record.kind.label(),
        record.place.as_str(),
        record.participants.as_str(),
        record.description.as_str(),
    ]
    .join(" ");
    CatalogDoc {
        id: record.id.0,
        text,
        name: record.title.clone(),
        date: record.timestamp(),
        price: None,
        facets: vec![
            (KIND, record.kind.code().to_string()),
            (YEAR, record.date.year().to_string()),
        ],
    }
}

/// The index of every event among `records`.
pub fn build(records: &[ProgrammeEvent]) -> Catalog {
    Catalog::build(FACETS, records.iter().map(doc))
}
