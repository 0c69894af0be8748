//! Open data for Produkty i usługi: `/api/v1/offers` as JSON or CSV, one offer as JSON, and
//! the Atom feed `/oferty.atom` of the newest offers.

use std::collections::HashMap;

use serde::Serialize;

use super::offers::{organizations_of, parse_filters, run_query};
use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, json_page, json_record, yes_no,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::offer::{Offer, OfferId, Price};
use crate::domain::organization::{OrgId, Organization};
use crate::search::catalog::{CatalogQuery, CatalogSort};
use crate::text::format;
use crate::web::http::Response;

/// Entries of the feed.
const FEED_ENTRIES: usize = 50;

/// `GET /api/v1/offers` — one page as JSON; with `format=csv` the whole filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let filters = parse_filters(ctx, open_data::per_page(&ctx.query)?)?;
    if let Some((_, message)) = filters.price_errors.first() {
        return Err(PageError::BadRequest(message.clone()));
    }
    match format {
        Format::Csv => {
            let offers = all_matches(app, filters.query)?;
            let orgs = organizations_of(app, &offers)?;
            Ok(csv_rows(&offers, &orgs))
        }
        _ => {
            let (result, offers) = run_query(app, &filters.query)?;
            let orgs = organizations_of(app, &offers)?;
            let items: Vec<OfferJson> = offers
                .iter()
                .map(|o| OfferJson::new(o, orgs.get(&o.organization)))
                .collect();
            Ok(json_page(
                result.total,
                filters.query.page,
                filters.query.per_page,
                &items,
            ))
        }
    }
}

/// `GET /api/v1/offers/{slug}` (a numeric id works too): published offers only.
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let offer = match (app.store.offer_by_slug(key)?, key.parse::<u64>()) {
        (Some(offer), _) => Some(offer),
        (None, Ok(id)) => app.store.offer(OfferId(id))?,
        (None, Err(_)) => None,
    };
    let offer = offer
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)?;
    let org = app
        .store
        .organization(offer.organization)?
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)?;
    json_record(&OfferJson::new(&offer, Some(&org)))
}

/// `GET /oferty.atom`: the newest published offers.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let query = CatalogQuery {
        sort: CatalogSort::Newest,
        page: 1,
        per_page: FEED_ENTRIES,
        ..CatalogQuery::default()
    };
    let (_, offers) = run_query(app, &query)?;
    let orgs = organizations_of(app, &offers)?;
    let entries: Vec<FeedEntry> = offers
        .iter()
        .map(|o| {
            let org = orgs
                .get(&o.organization)
                .map_or("", |org| org.name.as_str());
            FeedEntry {
                path: format!("/oferty/{}", o.slug),
                title: o.title.clone(),
                summary: format!("{org} · {} · {}", o.price.text(), o.summary(300)),
                updated: o.updated.max(o.date()),
            }
        })
        .collect();
    Ok(atom_response(
        &app.config.public_url,
        "/oferty.atom",
        "Produkty i usługi – PES-TOR",
        &entries,
    ))
}

/// Every match of the filters in the list's order, however many (whole exports).
fn all_matches(app: &App, query: CatalogQuery) -> Result<Vec<Offer>, PageError> {
    let ids: Vec<_> = super::offers::read_catalog(app)
        .all_matching_ids(&query)
        .into_iter()
        .map(crate::domain::offer::OfferId)
        .collect();
    Ok(app.store.offers_by_ids(&ids)?)
}

/// The public fields of an offer, with stable English names for machines. Prices are in
/// grosze.
#[derive(Serialize)]
struct OfferJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    title: &'a str,
    category: &'a str,
    category_label: String,
    description: &'a str,
    negotiable: bool,
    price_gross: Option<i64>,
    price_net: Option<i64>,
    price_unit: Option<&'static str>,
    price_text: String,
    audience: Vec<&'static str>,
    area_served: &'a str,
    organization: Option<OrgRef<'a>>,
    photos: Vec<PhotoJson<'a>>,
    published: Option<String>,
    updated: String,
    demo: bool,
}

#[derive(Serialize)]
struct OrgRef<'a> {
    id: u64,
    slug: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PhotoJson<'a> {
    url: String,
    thumbnail: String,
    alt: &'a str,
}

impl<'a> OfferJson<'a> {
    fn new(offer: &'a Offer, org: Option<&'a Organization>) -> OfferJson<'a> {
        let (gross, net, unit) = match &offer.price {
            Price::Fixed { gross, net, unit } => (Some(*gross), *net, Some(unit.code())),
            Price::Negotiable => (None, None, None),
        };
        OfferJson {
            id: offer.id.0,
            slug: &offer.slug,
            url: format!("/oferty/{}", offer.slug),
            title: &offer.title,
            category: &offer.category,
            category_label: offer.category_label(),
            description: &offer.description,
            negotiable: offer.price == Price::Negotiable,
            price_gross: gross,
            price_net: net,
            price_unit: unit,
            price_text: offer.price.text(),
            audience: offer.audience.iter().map(|a| a.code()).collect(),
            area_served: &offer.area_served,
            organization: org.map(|o| OrgRef {
                id: o.id.0,
                slug: &o.slug,
                name: &o.name,
                url: format!("/podmioty/{}", o.slug),
            }),
            photos: offer
                .photos
                .iter()
                .map(|p| PhotoJson {
                    url: format!("/media/{}/duze.jpg", p.image.0),
                    thumbnail: format!("/media/{}/miniatura.jpg", p.image.0),
                    alt: &p.alt,
                })
                .collect(),
            published: offer.published.map(format::rfc3339),
            updated: format::rfc3339(offer.updated),
            demo: offer.demo,
        }
    }
}

/// A price for a spreadsheet cell: "1234,50" (no thousands separator, so Excel reads a number).
fn amount(grosze: Option<i64>) -> String {
    grosze
        .map(crate::domain::offer::zloty_input)
        .unwrap_or_default()
}

/// The whole filtered list as CSV.
fn csv_rows(offers: &[Offer], orgs: &HashMap<OrgId, Organization>) -> Response {
    let header = [
        "tytuł",
        "kategoria",
        "organizacja",
        "cena brutto (zł)",
        "cena netto (zł)",
        "jednostka",
        "do negocjacji",
        "dla kogo",
        "obszar działania",
        "opublikowano",
        "adres w serwisie",
    ];
    let rows = offers.iter().map(|offer| {
        let (gross, net, unit) = match &offer.price {
            Price::Fixed { gross, net, unit } => (Some(*gross), *net, unit.label()),
            Price::Negotiable => (None, None, ""),
        };
        let audience: Vec<&str> = offer.audience.iter().map(|a| a.label()).collect();
        vec![
            offer.title.clone(),
            offer.category_label(),
            orgs.get(&offer.organization)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            amount(gross),
            amount(net),
            unit.to_string(),
            yes_no(offer.price == Price::Negotiable),
            audience.join(", "),
            offer.area_served.clone(),
            format::date_short(format::local_date(offer.date())),
            format!("/oferty/{}", offer.slug),
        ]
    });
    csv_response("produkty-i-uslugi.csv", &header, rows)
}
