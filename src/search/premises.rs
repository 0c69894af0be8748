//! How the Baza lokalowa describes its public premises to the general [`Catalog`]: searchable
//! text (address, osiedle, intended use, tenant), facets (status, osiedle, accessible) and the
//! usable area as the catalog's number, so the area range and the area order come from the
//! catalog itself. The rent order is the catalog's result in address order, re-sorted by the
//! base monthly rent this index keeps beside it.

use std::collections::HashMap;

use super::catalog::{Catalog, CatalogDoc, CatalogQuery, CatalogResult, CatalogSort, MAX_PER_PAGE};
use crate::domain::premises::Premises;
use crate::domain::premises_rent::base_rent;
use crate::domain::slug::slugify;

/// Facet numbers.
pub const STATUS: usize = 0;
pub const DISTRICT: usize = 1;
pub const ACCESSIBLE: usize = 2;
pub const FACETS: usize = 3;

/// The value of the accessible facet for fully accessible premises.
pub const ACCESSIBLE_VALUE: &str = "1";

/// The order of a premises list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PremisesSort {
    Address,
    Area,
    Rent,
    Newest,
}

/// The catalog of public premises, their base monthly rents and the names of their osiedla.
#[derive(Debug, Clone)]
pub struct PremisesIndex {
    catalog: Catalog,
    rents: HashMap<u64, i64>,
    /// Osiedle slug → name as written on the records.
    districts: HashMap<String, String>,
}

/// The index entry of public premises; `tenant` is the tenant organisation's name.
pub fn doc(premises: &Premises, tenant: Option<&str>) -> CatalogDoc {
    let label = premises.address.label();
    let text = [
        label.as_str(),
        premises.address.city.as_str(),
        premises.address.postal_code.as_str(),
        premises.district.as_str(),
        premises.intended_use.as_str(),
        premises.description.as_str(),
        premises
            .call
            .as_ref()
            .map(|c| c.number.as_str())
            .unwrap_or(""),
        tenant.unwrap_or(""),
    ]
    .join(" ");
    let mut facets = vec![
        (STATUS, premises.status.code().to_string()),
        (DISTRICT, slugify(&premises.district)),
    ];
    if premises.is_accessible() {
        facets.push((ACCESSIBLE, ACCESSIBLE_VALUE.to_string()));
    }
    CatalogDoc {
        id: premises.id.0,
        text,
        name: label,
        date: premises.created,
        price: Some(i64::from(premises.area)),
        facets,
    }
}

impl PremisesIndex {
    /// The index of every public premises among `all`.
    pub fn build(all: &[Premises], tenant_name: impl Fn(&Premises) -> Option<String>) -> Self {
        let mut index = PremisesIndex {
            catalog: Catalog::new(FACETS),
            rents: HashMap::new(),
            districts: HashMap::new(),
        };
        let docs: Vec<CatalogDoc> = all
            .iter()
            .filter(|p| p.is_public())
            .map(|p| {
                index.remember(p);
                doc(p, tenant_name(p).as_deref())
            })
            .collect();
        index.catalog = Catalog::build(FACETS, docs);
        index
    }

    fn remember(&mut self, premises: &Premises) {
        self.rents
            .insert(premises.id.0, base_rent(premises.area, premises.rate));
        self.districts
            .entry(slugify(&premises.district))
            .or_insert_with(|| premises.district.clone());
    }

    /// Brings the index in line with stored premises (listed while public).
    pub fn update(&mut self, premises: &Premises, tenant: Option<&str>) {
        if premises.is_public() {
            self.remember(premises);
            self.catalog.upsert(doc(premises, tenant));
        } else {
            self.rents.remove(&premises.id.0);
            self.catalog.remove(premises.id.0);
        }
    }

    /// How many public premises there are.
    pub fn len(&self) -> usize {
        self.catalog.len()
    }

    pub fn is_empty(&self) -> bool {
        self.catalog.is_empty()
    }

    /// The name of the osiedle with this facet value.
    pub fn district_name(&self, slug: &str) -> Option<&str> {
        self.districts.get(slug).map(String::as_str)
    }

    /// One page of results in `sort` order; `query.sort` is ignored.
    pub fn search(&self, query: &CatalogQuery, sort: PremisesSort) -> CatalogResult {
        let catalog_query = catalog_query(query, sort);
        if sort != PremisesSort::Rent {
            return self.catalog.search(&catalog_query);
        }
        // Counts and facets from the catalog; the page from every match ordered by rent.
        let first = self.catalog.search(&catalog_query);
        let (page, per_page) = (query.page.max(1), query.per_page.clamp(1, MAX_PER_PAGE));
        let page_ids = self
            .all_matching_ids(query, sort)
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        CatalogResult { page_ids, ..first }
    }

    /// The ids of every match in `sort` order, without limits (whole exports).
    pub fn all_matching_ids(&self, query: &CatalogQuery, sort: PremisesSort) -> Vec<u64> {
        let mut ids = self.catalog.all_matching_ids(&catalog_query(query, sort));
        if sort == PremisesSort::Rent {
            // Stable: equal rents stay in address order.
            ids.sort_by_key(|id| self.rents.get(id).copied().unwrap_or(i64::MAX));
        }
        ids
    }
}

/// The catalog's query for a premises order (rent sorts by address first, then by rent).
fn catalog_query(query: &CatalogQuery, sort: PremisesSort) -> CatalogQuery {
    let sort = match sort {
        PremisesSort::Address | PremisesSort::Rent => CatalogSort::Name,
        PremisesSort::Area => CatalogSort::PriceAscending,
        PremisesSort::Newest => CatalogSort::Newest,
    };
    CatalogQuery {
        sort,
        ..query.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::premises::*;
    use crate::domain::premises_rent::Position;

    fn premises(id: u64, street: &str, area: u32, rate: i64, status: Status) -> Premises {
        Premises {
            id: PremisesId(id),
            slug: format!("lokal-{id}"),
            address: PremisesAddress {
                street: street.into(),
                building: "1".into(),
                unit: String::new(),
                postal_code: "87-100".into(),
                city: "Toruń".into(),
            },
            district: if id.is_multiple_of(2) {
                "Rubinkowo"
            } else {
                "Stare Miasto"
            }
            .into(),
            geo: None,
            area,
            position: Position::Ground,
            floor: None,
            rooms: 1,
            condition: Condition::Good,
            media: Media::default(),
            accessibility: if id == 1 {
                Accessibility::Full
            } else {
                Accessibility::None
            },
            accessibility_note: String::new(),
            intended_use: "biurowy".into(),
            rate,
            status,
            tenant: None,
            call: None,
            administrator: Administrator::default(),
            description: String::new(),
            photos: Vec::new(),
            state: RecordState::Published,
            created: id as i64,
            updated: 0,
            author: None,
            demo: false,
        }
    }

    fn ids(result: &CatalogResult) -> Vec<u64> {
        result.page_ids.clone()
    }

    #[test]
    fn sorts_filters_and_counts() {
        let all = vec![
            premises(1, "ul. Szeroka", 5000, 1000, Status::Free), // 500 zł
            premises(2, "ul. Łódzka", 3000, 3000, Status::Occupied), // 900 zł
            premises(3, "ul. Bema", 8000, 500, Status::Free),     // 400 zł
            premises(4, "ul. Żwirki", 1000, 2000, Status::OpenCall), // 200 zł
        ];
        let mut index = PremisesIndex::build(&all, |_| None);
        let q = CatalogQuery {
            page: 1,
            per_page: 10,
            ..CatalogQuery::default()
        };
        assert_eq!(ids(&index.search(&q, PremisesSort::Address)), [3, 2, 1, 4]);
        assert_eq!(ids(&index.search(&q, PremisesSort::Area)), [4, 2, 1, 3]);
        assert_eq!(ids(&index.search(&q, PremisesSort::Rent)), [4, 3, 1, 2]);
        assert_eq!(ids(&index.search(&q, PremisesSort::Newest)), [4, 3, 2, 1]);
        let page2 = CatalogQuery {
            page: 2,
            per_page: 3,
            ..q.clone()
        };
        assert_eq!(ids(&index.search(&page2, PremisesSort::Rent)), [2]);
        let ranged = CatalogQuery {
            price_min: Some(3000),
            price_max: Some(6000),
            ..q.clone()
        };
        let r = index.search(&ranged, PremisesSort::Rent);
        assert_eq!((r.total, ids(&r)), (2, vec![1, 2]));
        let free = CatalogQuery {
            filters: vec![(STATUS, "wolny".into())],
            ..q.clone()
        };
        let r = index.search(&free, PremisesSort::Address);
        assert_eq!(r.total, 2);
        assert_eq!(r.facets[DISTRICT].get("stare-miasto"), Some(&2));
        assert_eq!(r.facets[ACCESSIBLE].get(ACCESSIBLE_VALUE), Some(&1));
        assert_eq!(index.district_name("stare-miasto"), Some("Stare Miasto"));
        let mut archived = all[0].clone();
        archived.state = RecordState::Archived;
        index.update(&archived, None);
        assert_eq!(index.len(), 3);
    }
}
