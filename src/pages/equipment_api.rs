//! Open data of the Bank sprzętu: `/api/v1/equipment` as JSON or CSV, one item as JSON, and
//! the Atom feed `/sprzet.atom`. A private donor appears as "osoba prywatna", and a private
//! person's pickup address is left out, as on the public page.

use std::collections::HashMap;

use serde::Serialize;

use super::equipment::{
    EquipmentQuery, organizations_of, parse_query, public_donor, read_index, run_query,
};
use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, json_page, json_record,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::equipment::{self, EquipmentId, EquipmentItem};
use crate::domain::organization::{OrgId, Organization};
use crate::search::catalog::{CatalogQuery, CatalogSort};
use crate::text::format;
use crate::web::http::Response;

/// How many items the feed carries.
const FEED_ENTRIES: usize = 50;

/// `GET /api/v1/equipment` — one page as JSON; with `format=csv` the whole filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let query = parse_query(ctx, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Csv => {
            let items = all_matches(app, query)?;
            let orgs = organizations_of(app, &items, &[])?;
            Ok(csv_rows(&items, &orgs))
        }
        _ => {
            let found = run_query(app, &query)?;
            let orgs = organizations_of(app, &found.items, &[])?;
            let items: Vec<ItemJson> = found
                .items
                .iter()
                .map(|i| ItemJson::new(i, &orgs))
                .collect();
            Ok(json_page(found.total, query.page, query.per_page, &items))
        }
    }
}

/// `GET /api/v1/equipment/{slug}` (a numeric id works too); public items only.
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let item = match (app.store.equipment_by_slug(key)?, key.parse::<u64>()) {
        (Some(item), _) => Some(item),
        (None, Ok(id)) => app.store.equipment(EquipmentId(id))?,
        (None, Err(_)) => None,
    };
    let item = item
        .filter(EquipmentItem::is_public)
        .ok_or(PageError::NotFound)?;
    let orgs = organizations_of(app, std::slice::from_ref(&item), &[])?;
    json_record(&ItemJson::new(&item, &orgs))
}

/// `GET /sprzet.atom` — the newest published items.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let ids: Vec<EquipmentId> = read_index(app)
        .search(&CatalogQuery {
            sort: CatalogSort::Newest,
            per_page: FEED_ENTRIES,
            page: 1,
            ..CatalogQuery::default()
        })
        .page_ids
        .into_iter()
        .map(EquipmentId)
        .collect();
    let items = app.store.equipment_by_ids(&ids)?;
    let entries: Vec<FeedEntry> = items
        .iter()
        .map(|item| FeedEntry {
            path: format!("/sprzet/{}", item.slug),
            title: format!("{} ({})", item.title, item.mode.label()),
            summary: format!(
                "{} · {} · {} {} · osiedle {} · {}",
                item.category.label(),
                item.condition.label(),
                item.quantity,
                item.unit.label(),
                item.pickup_district,
                equipment::summary(&item.description, 200)
            ),
            updated: item.published.unwrap_or(item.created),
        })
        .collect();
    let title = format!("Bank sprzętu – {}", app.settings().gmina_name);
    Ok(atom_response(
        &app.config.public_url,
        "/sprzet.atom",
        &title,
        &entries,
    ))
}

/// Every match of the filters in the list's order, however many (whole exports).
fn all_matches(app: &App, query: EquipmentQuery) -> Result<Vec<EquipmentItem>, PageError> {
    let ids: Vec<_> = super::equipment::read_index(app)
        .all_matching_ids(&query.catalog(true))
        .into_iter()
        .map(crate::domain::equipment::EquipmentId)
        .collect();
    Ok(app.store.equipment_by_ids(&ids)?)
}

/// The public fields of an item, with stable English names for machines.
#[derive(Serialize)]
struct ItemJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    title: &'a str,
    category: &'static str,
    category_label: &'static str,
    condition: &'static str,
    condition_label: &'static str,
    quantity: u32,
    unit: &'static str,
    description: &'a str,
    /// `null` when a private person gives it (their address is not public).
    pickup_address: Option<&'a str>,
    pickup_district: &'a str,
    donor_kind: &'static str,
    donor_name: String,
    donor_organization: Option<String>,
    mode: &'static str,
    mode_label: &'static str,
    return_by: Option<String>,
    status: &'static str,
    status_label: &'static str,
    reserved_for: Option<String>,
    handed_over_on: Option<String>,
    handover_protocol: Option<&'a str>,
    returned_on: Option<String>,
    photos: Vec<PhotoJson<'a>>,
    published: Option<String>,
    updated: String,
    demo: bool,
}

#[derive(Serialize)]
struct PhotoJson<'a> {
    url: String,
    thumbnail: String,
    alt: &'a str,
}

fn rfc3339(ts: i64) -> String {
    format::rfc3339(ts)
}

impl<'a> ItemJson<'a> {
    fn new(item: &'a EquipmentItem, orgs: &HashMap<OrgId, Organization>) -> ItemJson<'a> {
        let org_slug = |id: OrgId| orgs.get(&id).map(|o| o.slug.clone());
        let org_name = |id: OrgId| super::equipment::org_name(orgs, id);
        ItemJson {
            id: item.id.0,
            slug: &item.slug,
            url: format!("/sprzet/{}", item.slug),
            title: &item.title,
            category: item.category.code(),
            category_label: item.category.label(),
            condition: item.condition.code(),
            condition_label: item.condition.label(),
            quantity: item.quantity,
            unit: item.unit.label(),
            description: &item.description,
            pickup_address: item.public_pickup_address(),
            pickup_district: &item.pickup_district,
            donor_kind: item.donor.code(),
            donor_name: public_donor(item, orgs),
            donor_organization: item.donor.organization().and_then(org_slug),
            mode: item.mode.code(),
            mode_label: item.mode.label(),
            return_by: item.return_by.map(|d| d.to_string()),
            status: item.status.code(),
            status_label: item.status.label(),
            reserved_for: item
                .reserved_for
                .filter(|_| item.status == equipment::Status::Reserved)
                .map(org_name),
            handed_over_on: item.handover.as_ref().map(|h| h.date.to_string()),
            handover_protocol: item.handover.as_ref().map(|h| h.protocol.as_str()),
            returned_on: item.returned_on.map(|d| d.to_string()),
            photos: item
                .photos
                .iter()
                .map(|p| PhotoJson {
                    url: format!("/media/{}/duze.jpg", p.image.0),
                    thumbnail: format!("/media/{}/miniatura.jpg", p.image.0),
                    alt: &p.alt,
                })
                .collect(),
            published: item.published.map(rfc3339),
            updated: rfc3339(item.updated),
            demo: item.demo,
        }
    }
}

/// The whole filtered list as CSV.
fn csv_rows(items: &[EquipmentItem], orgs: &HashMap<OrgId, Organization>) -> Response {
    let header = [
        "nazwa",
        "kategoria",
        "stan techniczny",
        "ilość",
        "jednostka",
        "forma przekazania",
        "zwrot do",
        "status",
        "przekazujący",
        "osiedle odbioru",
        "miejsce odbioru",
        "opublikowano",
        "adres w serwisie",
    ];
    let rows = items.iter().map(|item| {
        vec![
            item.title.clone(),
            item.category.label().to_string(),
            item.condition.label().to_string(),
            item.quantity.to_string(),
            item.unit.label().to_string(),
            item.mode.label().to_string(),
            item.return_by.map(format::date_short).unwrap_or_default(),
            item.status.label().to_string(),
            public_donor(item, orgs),
            item.pickup_district.clone(),
            item.public_pickup_address().unwrap_or("").to_string(),
            item.published
                .map(|ts| format::date_short(format::local_date(ts)))
                .unwrap_or_default(),
            format!("/sprzet/{}", item.slug),
        ]
    });
    csv_response("bank-sprzetu.csv", &header, rows)
}
