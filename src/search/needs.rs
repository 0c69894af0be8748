//! The index behind the needs board: every need as a [`CatalogDoc`], with the category tree,
//! the status and who posted it as facets.
//!
//! Sort keys: the catalog's date is the deadline, so "nearest deadline first" is
//! [`CatalogSort::Oldest`]. Needs are not priced, so the catalog's price key carries the time
//! the need was posted: "newest first" is [`CatalogSort::PriceDescending`] (the estimated value
//! is shown, never filtered or sorted by).

use std::collections::HashMap;

use super::catalog::{Catalog, CatalogDoc, CatalogSort};
use crate::domain::need::{Need, Requester};
use crate::domain::offer_category;
use crate::domain::organization::OrgId;
use crate::store::{Store, StoreError};

/// Facet: category codes — the subcategory and its main category.
pub const FACET_CATEGORY: usize = 0;
/// Facet: the status code (`NeedStatus::code`).
pub const FACET_STATUS: usize = 1;
/// Facet: who posted it (`RequesterKind::code`).
pub const FACET_WHO: usize = 2;
pub const FACET_COUNT: usize = 3;

/// Nearest deadline first.
pub const SORT_DEADLINE: CatalogSort = CatalogSort::Oldest;
/// Most recently posted first.
pub const SORT_NEWEST: CatalogSort = CatalogSort::PriceDescending;

/// The index entry of `need`; `requester` is the department or the organisation's name.
pub fn doc(need: &Need, requester: &str) -> CatalogDoc {
    let category = offer_category::find(&need.category);
    let mut facets = Vec::with_capacity(4);
    if let Some(parent) = category.and_then(|c| c.parent) {
        facets.push((FACET_CATEGORY, parent.to_string()));
    }
    facets.push((FACET_CATEGORY, need.category.clone()));
    facets.push((FACET_STATUS, need.status.code().to_string()));
    facets.push((FACET_WHO, need.requester.kind().code().to_string()));
    let text = format!(
        "{} {} {} {} {} {}",
        need.title,
        need.description,
        need.scope,
        need.place,
        requester,
        offer_category::path_label(&need.category)
    );
    CatalogDoc {
        id: need.id.0,
        text,
        name: need.title.clone(),
        date: need
            .deadline
            .at(0, 0, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp().as_second())
            .unwrap_or(0),
        price: Some(need.created),
        facets,
    }
}

/// The department of a city need, the name of the organisation of a PES need (looked up in
/// `names`; empty when the organisation is gone).
pub fn requester_name(need: &Need, names: &HashMap<OrgId, String>) -> String {
    match &need.requester {
        Requester::City { department } => department.clone(),
        Requester::Organization { id } => names.get(id).cloned().unwrap_or_default(),
    }
}

/// The index of every stored need.
pub fn build(store: &Store) -> Result<Catalog, StoreError> {
    let needs = store.needs()?;
    let ids: Vec<OrgId> = needs
        .iter()
        .filter_map(|n| n.requester.organization())
        .collect();
    let names: HashMap<OrgId, String> = store
        .organizations_by_ids(&ids)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(Catalog::build(
        FACET_COUNT,
        needs.iter().map(|n| doc(n, &requester_name(n, &names))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::need::{NeedId, NeedStatus};
    use crate::search::catalog::CatalogQuery;

    fn need(id: u64, title: &str, category: &str, day: i8, created: i64) -> Need {
        Need {
            id: NeedId(id),
            slug: format!("n{id}"),
            title: title.into(),
            description: "Opis potrzeby miasta.".into(),
            category: category.into(),
            scope: "zakres".into(),
            estimated_value: None,
            place: "Toruń".into(),
            deadline: jiff::civil::date(2026, 12, day),
            requester: Requester::City {
                department: "Wydział Kultury".into(),
            },
            status: NeedStatus::Open,
            chosen: None,
            outcome: String::new(),
            closed_at: None,
            author: None,
            created,
            updated: created,
            demo: false,
        }
    }

    #[test]
    fn deadlines_sort_nearest_first_and_posting_time_newest_first() {
        let needs = [
            need(1, "Druk ulotek", "poligrafia/druk", 20, 300),
            need(2, "Catering", "gastronomia/catering", 5, 100),
            need(3, "Obiady", "gastronomia/obiady", 12, 200),
        ];
        let catalog = Catalog::build(
            FACET_COUNT,
            needs
                .iter()
                .map(|n| doc(n, &requester_name(n, &HashMap::new()))),
        );
        let mut q = CatalogQuery {
            sort: SORT_DEADLINE,
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(catalog.search(&q).page_ids, vec![2, 3, 1]);
        q.sort = SORT_NEWEST;
        assert_eq!(catalog.search(&q).page_ids, vec![1, 3, 2]);
        q.filters = vec![(FACET_CATEGORY, "gastronomia".into())];
        let r = catalog.search(&q);
        assert_eq!(r.page_ids, vec![3, 2]);
        assert_eq!(r.facets[FACET_CATEGORY].get("gastronomia/obiady"), Some(&1));
        assert_eq!(r.facets[FACET_WHO].get("miasto"), Some(&2));
        q.filters.clear();
        q.text = "mopr kultury".into();
        assert_eq!(catalog.search(&q).total, 0, "words must all match");
        q.text = "wydzial kultury".into();
        assert_eq!(catalog.search(&q).total, 3);
    }
}
