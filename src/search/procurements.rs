//! How the social-clause register describes its procurements to the general [`Catalog`]:
//! searchable text (title, reference and BZP numbers, unit, contractor, clauses), facets (year
//! of the notice and of the contract, ordering unit, legal basis, target group, won by a PES),
//! the notice date for the date order and the value (contract, else estimate) for the value
//! order. The ordering units are free text, so the index also keeps the name of each unit's
//! facet code.

use std::collections::HashMap;

use super::catalog::{Catalog, CatalogDoc};
use crate::domain::procurement::Procurement;
use crate::domain::slug::slugify;

/// Facet numbers.
pub const YEAR: usize = 0;
pub const UNIT: usize = 1;
pub const BASIS: usize = 2;
pub const GROUP: usize = 3;
pub const PES: usize = 4;
pub const FACETS: usize = 5;

/// The value of the PES facet for procurements won by a social economy organisation.
pub const PES_VALUE: &str = "1";

/// The catalog of procurements and the names of their ordering units.
#[derive(Debug, Clone)]
pub struct ProcurementIndex {
    pub catalog: Catalog,
    /// Unit facet code → the unit's name as written on the records.
    units: HashMap<String, String>,
}

/// The facet code of an ordering unit.
pub fn unit_code(unit: &str) -> String {
    slugify(unit)
}

/// The index entry of a procurement.
pub fn doc(record: &Procurement) -> CatalogDoc {
    let clauses: Vec<String> = record
        .clauses
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c.basis.label(),
                c.target_group.label(),
                c.committed,
                c.achieved
            )
        })
        .collect();
    let text = [
        record.title.as_str(),
        record.reference.as_str(),
        record.bzp_number.as_str(),
        record.unit.as_str(),
        record.kind.label(),
        record.procedure.label(),
        record
            .contractor
            .as_ref()
            .map(|c| c.name.as_str())
            .unwrap_or(""),
        &clauses.join(" "),
    ]
    .join(" ");
    let mut facets: Vec<(usize, String)> = record
        .years()
        .into_iter()
        .map(|y| (YEAR, y.to_string()))
        .collect();
    facets.push((UNIT, unit_code(&record.unit)));
    facets.extend(
        record
            .bases()
            .into_iter()
            .map(|b| (BASIS, b.code().to_string())),
    );
    facets.extend(
        record
            .target_groups()
            .into_iter()
            .map(|g| (GROUP, g.code().to_string())),
    );
    if record.won_by_pes() {
        facets.push((PES, PES_VALUE.to_string()));
    }
    CatalogDoc {
        id: record.id.0,
        text,
        name: record.title.clone(),
        date: date_seconds(record),
        price: record.value(),
        facets,
    }
}

/// The notice date as seconds (noon UTC), so that "newest first" means the latest notice.
fn date_seconds(record: &Procurement) -> i64 {
    let days = i64::from((record.notice_date - jiff::civil::date(1970, 1, 1)).get_days());
    days * 86_400 + 43_200
}

impl ProcurementIndex {
    /// The index of every procurement among `records`.
    pub fn build(records: &[Procurement]) -> ProcurementIndex {
        let units = records
            .iter()
            .map(|r| (unit_code(&r.unit), r.unit.clone()))
            .collect();
        ProcurementIndex {
            catalog: Catalog::build(FACETS, records.iter().map(doc)),
            units,
        }
    }

    /// Brings the index in line with a stored record.
    pub fn update(&mut self, record: &Procurement) {
        self.units
            .insert(unit_code(&record.unit), record.unit.clone());
        self.catalog.upsert(doc(record));
    }

    /// Takes a deleted record out.
    pub fn remove(&mut self, id: u64) {
        self.catalog.remove(id);
    }

    /// The name of the ordering unit with facet code `code`.
    pub fn unit_name(&self, code: &str) -> Option<&str> {
        self.units.get(code).map(String::as_str)
    }

    /// Every ordering unit's name, sorted the Polish way (the form's suggestions).
    pub fn unit_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.units.values().cloned().collect();
        names.sort_by_key(|n| super::collation_key(n));
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::procurement::tests::sample;
    use crate::domain::procurement::{ProcurementId, TargetGroup};
    use crate::search::catalog::{CatalogQuery, CatalogSort};

    #[test]
    fn facets_text_and_orders_come_from_the_records() {
        let a = sample();
        let mut b = sample();
        b.id = ProcurementId(2);
        b.title = "Catering na spotkanie wigilijne".into();
        b.unit = "Wydział Zdrowia".into();
        b.notice_date = jiff::civil::date(2013, 12, 2);
        b.contract_date = None;
        b.contract_value = Some(650_000);
        b.contractor = None;
        b.clauses[1].target_group = TargetGroup::Unemployed;
        let mut index = ProcurementIndex::build(&[a.clone(), b.clone()]);
        let query = |filters: Vec<(usize, &str)>, sort| CatalogQuery {
            filters: filters
                .into_iter()
                .map(|(f, v)| (f, v.to_string()))
                .collect(),
            sort,
            page: 1,
            per_page: 10,
            ..CatalogQuery::default()
        };
        let newest = index.catalog.search(&query(vec![], CatalogSort::Newest));
        assert_eq!(newest.page_ids, vec![2, 1]);
        let by_value = index
            .catalog
            .search(&query(vec![], CatalogSort::PriceDescending));
        assert_eq!(by_value.page_ids, vec![1, 2]);
        let by_title = index.catalog.search(&query(vec![], CatalogSort::Name));
        assert_eq!(by_title.page_ids, vec![2, 1]);
        assert_eq!(
            index
                .catalog
                .search(&query(vec![(YEAR, "2014")], CatalogSort::Newest))
                .page_ids,
            vec![1],
            "the contract's year finds it too"
        );
        let pes = index
            .catalog
            .search(&query(vec![(PES, PES_VALUE)], CatalogSort::Newest));
        assert_eq!(pes.page_ids, vec![1]);
        let disabled = index.catalog.search(&query(
            vec![(GROUP, "niepelnosprawni")],
            CatalogSort::Newest,
        ));
        assert_eq!(disabled.page_ids, vec![1]);
        let text = index.catalog.search(&CatalogQuery {
            text: "wigilijne".into(),
            ..query(vec![], CatalogSort::Newest)
        });
        assert_eq!(text.page_ids, vec![2]);
        assert_eq!(index.unit_name("wydzial-zdrowia"), Some("Wydział Zdrowia"));
        assert_eq!(
            index.unit_names(),
            vec!["Wydział Gospodarki Komunalnej", "Wydział Zdrowia"]
        );
        index.remove(2);
        b.id = ProcurementId(3);
        index.update(&b);
        assert_eq!(
            index
                .catalog
                .search(&query(vec![(UNIT, "wydzial-zdrowia")], CatalogSort::Newest))
                .page_ids,
            vec![3]
        );
    }
}
