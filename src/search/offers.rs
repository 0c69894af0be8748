//! How offers enter the general [`Catalog`]: which text is searched, which facets they carry
//! (the numbers are defined here and nowhere else) and which offers are public at all.

use std::collections::HashMap;

use super::catalog::{Catalog, CatalogDoc};
use crate::domain::RecordState;
use crate::domain::offer::Offer;
use crate::domain::offer_category;
use crate::domain::organization::{OrgId, Organization};

/// Facet: category codes — the subcategory and its main category.
pub const CATEGORY: usize = 0;
/// Facet: audience codes.
pub const AUDIENCE: usize = 1;
/// The number of facets of the offer catalog.
pub const FACETS: usize = 2;

/// Whether an offer belongs in the public list: published, by a published organisation.
pub fn is_listed(offer: &Offer, org: Option<&Organization>) -> bool {
    offer.state == RecordState::Published && org.is_some_and(|o| o.state == RecordState::Published)
}

/// The offer as the catalog sees it; `org_name` is searched too.
pub fn doc(offer: &Offer, org_name: &str) -> CatalogDoc {
    let mut facets = vec![(CATEGORY, offer.main_category().to_string())];
    if offer.main_category() != offer.category {
        facets.push((CATEGORY, offer.category.clone()));
    }
    facets.extend(
        offer
            .audience
            .iter()
            .map(|a| (AUDIENCE, a.code().to_string())),
    );
    let text = format!(
        "{} {} {} {} {}",
        offer.title,
        offer_category::path_label(&offer.category),
        org_name,
        offer.area_served,
        offer.description
    );
    CatalogDoc {
        id: offer.id.0,
        text,
        name: offer.title.clone(),
        date: offer.date(),
        price: offer.price.gross(),
        facets,
    }
}

/// The catalog of the listed offers among `offers`.
pub fn build(offers: &[Offer], orgs: &[Organization]) -> Catalog {
    let by_id: HashMap<OrgId, &Organization> = orgs.iter().map(|o| (o.id, o)).collect();
    let docs = offers.iter().filter_map(|offer| {
        let org = by_id.get(&offer.organization).copied();
        is_listed(offer, org).then(|| doc(offer, org.map_or("", |o| o.name.as_str())))
    });
    Catalog::build(FACETS, docs)
}

/// Brings the catalog in line with a stored offer: listed offers are added or replaced, the
/// rest removed.
pub fn update(catalog: &mut Catalog, offer: &Offer, org: Option<&Organization>) {
    if is_listed(offer, org) {
        catalog.upsert(doc(offer, org.map_or("", |o| o.name.as_str())));
    } else {
        catalog.remove(offer.id.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offer::{Audience, OfferId, Price, PriceUnit};
    use crate::search::catalog::CatalogQuery;

    fn offer(id: u64, category: &str, state: RecordState) -> Offer {
        Offer {
            id: OfferId(id),
            slug: format!("o{id}"),
            organization: OrgId(1),
            title: format!("Oferta {id}"),
            category: category.into(),
            description: "Świeże pierogi z kapustą.".into(),
            price: Price::Fixed {
                gross: 1_000 * id as i64,
                net: None,
                unit: PriceUnit::Piece,
            },
            audience: vec![Audience::Residents, Audience::Pes],
            area_served: "Toruń".into(),
            photos: vec![],
            state,
            published: Some(id as i64),
            rejection: None,
            created: 0,
            updated: 0,
            author: None,
            demo: true,
        }
    }

    fn org(state: RecordState) -> Organization {
        let mut org = crate::demo::organizations(1, crate::demo::DEFAULT_SEED).remove(0);
        org.id = OrgId(1);
        org.state = state;
        org
    }

    #[test]
    fn only_published_offers_of_published_organisations_are_listed() {
        let offers = [
            offer(1, "gastronomia/obiady", RecordState::Published),
            offer(2, "gastronomia/catering", RecordState::Draft),
            offer(3, "opieka/seniorzy", RecordState::Pending),
            offer(4, "opieka/seniorzy", RecordState::Archived),
        ];
        let mut catalog = build(&offers, &[org(RecordState::Published)]);
        assert_eq!(catalog.len(), 1);
        assert!(build(&offers, &[org(RecordState::Archived)]).is_empty());
        update(&mut catalog, &offers[0], Some(&org(RecordState::Archived)));
        assert!(catalog.is_empty());
        update(
            &mut catalog,
            &offer(3, "opieka/seniorzy", RecordState::Published),
            Some(&org(RecordState::Published)),
        );
        assert!(catalog.contains(3));
    }

    #[test]
    fn the_main_category_and_the_organisation_name_find_an_offer() {
        let published = org(RecordState::Published);
        let catalog = build(
            &[offer(1, "gastronomia/obiady", RecordState::Published)],
            std::slice::from_ref(&published),
        );
        let query = |filters: Vec<(usize, String)>, text: &str| CatalogQuery {
            text: text.into(),
            filters,
            per_page: 10,
            ..Default::default()
        };
        let main = catalog.search(&query(vec![(CATEGORY, "gastronomia".into())], ""));
        assert_eq!(main.total, 1);
        assert_eq!(main.facets[AUDIENCE].get("pes"), Some(&1));
        let first_word = published.name.split(' ').next().unwrap_or("");
        assert_eq!(catalog.search(&query(vec![], first_word)).total, 1);
        assert_eq!(catalog.search(&query(vec![], "pierogi kapusta")).total, 1);
        assert_eq!(
            catalog
                .search(&query(vec![(AUDIENCE, "gmina".into())], ""))
                .total,
            0
        );
    }
}
