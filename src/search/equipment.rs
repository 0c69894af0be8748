//! How the Bank sprzętu describes its public items to the general [`Catalog`]: searchable
//! text, facets (category, condition, mode, status) and the date "newest first" sorts by.
//!
//! Besides its own status, an available or reserved item carries the status value
//! [`CURRENT`], so that the list's default ("available and reserved") is a single filter.

use super::catalog::{Catalog, CatalogDoc};
use crate::domain::equipment::EquipmentItem;
use crate::domain::organization::OrgId;

/// Facet numbers.
pub const CATEGORY: usize = 0;
pub const CONDITION: usize = 1;
pub const MODE: usize = 2;
pub const STATUS: usize = 3;
pub const FACETS: usize = 4;

/// The status value of items that are available or reserved.
pub const CURRENT: &str = "aktualne";

/// The index entry of a public item; `donor_name` is the donating organisation's name (a
/// private person's name is never indexed).
pub fn doc(item: &EquipmentItem, donor_name: Option<&str>) -> CatalogDoc {
    let donor = match &item.donor {
        crate::domain::equipment::Donor::Department { name } => name.as_str(),
        crate::domain::equipment::Donor::Organization { .. } => donor_name.unwrap_or(""),
        crate::domain::equipment::Donor::Person { .. } => "",
    };
    let text = [
        item.title.as_str(),
        item.description.as_str(),
        item.category.label(),
        item.pickup_district.as_str(),
        item.public_pickup_address().unwrap_or(""),
        donor,
    ]
    .join(" ");
    let mut facets = vec![
        (CATEGORY, item.category.code().to_string()),
        (CONDITION, item.condition.code().to_string()),
        (MODE, item.mode.code().to_string()),
        (STATUS, item.status.code().to_string()),
    ];
    if item.is_current() {
        facets.push((STATUS, CURRENT.to_string()));
    }
    CatalogDoc {
        id: item.id.0,
        text,
        name: item.title.clone(),
        date: item.published.unwrap_or(item.created),
        price: None,
        facets,
    }
}

/// The index of every public item among `items`.
pub fn build(items: &[EquipmentItem], org_name: impl Fn(OrgId) -> Option<String>) -> Catalog {
    let docs = items.iter().filter(|i| i.is_public()).map(|item| {
        let name = item.donor.organization().and_then(&org_name);
        doc(item, name.as_deref())
    });
    Catalog::build(FACETS, docs)
}
