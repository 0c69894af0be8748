//! How the register of support institutions describes its public records to the general
//! [`Catalog`]: searchable text and two facets (the kind and the services).

use super::catalog::{Catalog, CatalogDoc};
use crate::domain::institution::Institution;

/// Facet numbers.
pub const KIND: usize = 0;
pub const SERVICE: usize = 1;
pub const FACETS: usize = 2;

/// The index entry of a public institution.
pub fn doc(record: &Institution) -> CatalogDoc {
    let services: Vec<&str> = record.services.iter().map(|s| s.label()).collect();
    let text = [
        record.name.as_str(),
        record.kind.label(),
        record.description.as_str(),
        &services.join(" "),
        record.other_services.as_str(),
        record.street.as_str(),
        record.city.as_str(),
        record.district.as_str(),
    ]
    .join(" ");
    let mut facets = vec![(KIND, record.kind.code().to_string())];
    facets.extend(
        record
            .services
            .iter()
            .map(|s| (SERVICE, s.code().to_string())),
    );
    CatalogDoc {
        id: record.id.0,
        text,
        name: record.name.clone(),
        date: record.updated,
        price: None,
        facets,
    }
}

/// Brings `catalog` in line with a stored record: listed while public, removed otherwise.
pub fn update(catalog: &mut Catalog, record: &Institution) {
    if record.is_public() {
        catalog.upsert(doc(record));
    } else {
        catalog.remove(record.id.0);
    }
}

/// The index of every public institution among `records`.
pub fn build(records: &[Institution]) -> Catalog {
    Catalog::build(FACETS, records.iter().filter(|r| r.is_public()).map(doc))
}
