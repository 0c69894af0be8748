//! Open data of the Baza lokalowa: `/api/v1/premises` as JSON, CSV or GeoJSON (the premises
//! layer of the map reads the GeoJSON), one premises as JSON, and the Atom feed `/lokale.atom`.

use std::collections::HashMap;

use serde::Serialize;

use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, geo_feature, geojson_response,
    json_page, json_record, yes_no,
};
use super::premises::{PremisesQuery, parse_query, read_index, run_query, tenants_of};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::organization::{OrgId, Organization};
use crate::domain::premises::{Premises, PremisesId};
use crate::domain::premises_rent::base_rent;
use crate::search::catalog::CatalogQuery;
use crate::search::premises::PremisesSort;
use crate::text::format;
use crate::web::http::Response;

/// How many premises the feed carries.
const FEED_ENTRIES: usize = 50;

/// `GET /api/v1/premises` — one page as JSON; with `format=csv` or `format=geojson` the whole
/// filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, true)?;
    let query = parse_query(&ctx.query, open_data::per_page(&ctx.query)?)?;
    if let Some((_, message)) = query.area_errors.first() {
        return Err(PageError::BadRequest(message.to_string()));
    }
    match format {
        Format::Json => {
            let found = run_query(app, &query)?;
            let tenants = tenants_of(app, &found.records)?;
            let items: Vec<PremisesJson> = found
                .records
                .iter()
                .map(|p| PremisesJson::new(p, &tenants))
                .collect();
            Ok(json_page(
                found.total,
                query.page(),
                query.per_page(),
                &items,
            ))
        }
        Format::Csv => {
            let all = all_matches(app, query)?;
            let tenants = tenants_of(app, &all)?;
            Ok(csv_rows(&all, &tenants))
        }
        Format::GeoJson => Ok(geojson_rows(&all_matches(app, query)?)),
    }
}

/// `GET /api/v1/premises/{slug}` (a numeric id works too); public premises only.
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let found = match (app.store.premises_by_slug(key)?, key.parse::<u64>()) {
        (Some(p), _) => Some(p),
        (None, Ok(id)) => app.store.premises(PremisesId(id))?,
        (None, Err(_)) => None,
    };
    let p = found
        .filter(Premises::is_public)
        .ok_or(PageError::NotFound)?;
    let tenants = tenants_of(app, std::slice::from_ref(&p))?;
    json_record(&PremisesJson::new(&p, &tenants))
}

/// `GET /lokale.atom` — the newest premises.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let query = CatalogQuery {
        page: 1,
        per_page: FEED_ENTRIES,
        ..CatalogQuery::default()
    };
    let ids: Vec<PremisesId> = read_index(app)
        .search(&query, PremisesSort::Newest)
        .page_ids
        .into_iter()
        .map(PremisesId)
        .collect();
    let records = app.store.premises_by_ids(&ids)?;
    let entries: Vec<FeedEntry> = records
        .iter()
        .map(|p| FeedEntry {
            path: format!("/lokale/{}", p.slug),
            title: format!("{} ({})", p.label(), p.status.label()),
            summary: format!(
                "{} · osiedle {} · {} · {} · {}",
                p.area_label(),
                p.district,
                p.position_label(),
                p.intended_use,
                match &p.call {
                    Some(c) =>
                        format!("nabór nr {} do {}", c.number, format::date_long(c.deadline)),
                    None => p.status.label().to_string(),
                }
            ),
            updated: p.updated,
        })
        .collect();
    let title = format!("Baza lokalowa – {}", app.settings().gmina_name);
    Ok(atom_response(
        &app.config.public_url,
        "/lokale.atom",
        &title,
        &entries,
    ))
}

/// Every match of the filters in the list's order, however many (whole exports).
pub(super) fn all_matches(app: &App, query: PremisesQuery) -> Result<Vec<Premises>, PageError> {
    let ids: Vec<PremisesId> = super::premises::read_index(app)
        .all_matching_ids(&query.catalog, query.sort)
        .into_iter()
        .map(PremisesId)
        .collect();
    Ok(app.store.premises_by_ids(&ids)?)
}

/// The public fields of premises, with stable English names for machines.
#[derive(Serialize)]
struct PremisesJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    name: String,
    street: &'a str,
    building: &'a str,
    unit: &'a str,
    postal_code: &'a str,
    city: &'a str,
    district: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    /// Usable area in m².
    area: f64,
    position: &'static str,
    floor: Option<u8>,
    rooms: u8,
    condition: &'static str,
    media: Vec<&'static str>,
    accessibility: &'static str,
    accessibility_note: &'a str,
    intended_use: &'a str,
    /// Base rent in złoty per m² per month.
    rate: f64,
    /// Base monthly rent before discounts, in złoty.
    base_rent: f64,
    status: &'static str,
    status_label: &'static str,
    tenant: Option<String>,
    tenant_url: Option<String>,
    call_number: Option<&'a str>,
    call_deadline: Option<String>,
    administrator: &'a str,
    administrator_phone: &'a str,
    administrator_email: &'a str,
    description: &'a str,
    photos: Vec<String>,
    updated: String,
    demo: bool,
}

impl<'a> PremisesJson<'a> {
    fn new(p: &'a Premises, tenants: &HashMap<OrgId, Organization>) -> PremisesJson<'a> {
        let tenant = p.tenant.and_then(|t| tenants.get(&t));
        PremisesJson {
            id: p.id.0,
            slug: &p.slug,
            url: format!("/lokale/{}", p.slug),
            name: p.label(),
            street: &p.address.street,
            building: &p.address.building,
            unit: &p.address.unit,
            postal_code: &p.address.postal_code,
            city: &p.address.city,
            district: &p.district,
            lat: p.geo.map(|g| g.lat),
            lon: p.geo.map(|g| g.lon),
            area: f64::from(p.area) / 100.0,
            position: p.position.code(),
            floor: p.floor,
            rooms: p.rooms,
            condition: p.condition.code(),
            media: p.media.present(),
            accessibility: p.accessibility.code(),
            accessibility_note: &p.accessibility_note,
            intended_use: &p.intended_use,
            rate: p.rate as f64 / 100.0,
            base_rent: base_rent(p.area, p.rate) as f64 / 100.0,
            status: p.status.code(),
            status_label: p.status.label(),
            tenant: tenant.map(|o| o.name.clone()),
            tenant_url: tenant.map(|o| format!("/podmioty/{}", o.slug)),
            call_number: p.call.as_ref().map(|c| c.number.as_str()),
            call_deadline: p.call.as_ref().map(|c| c.deadline.to_string()),
            administrator: &p.administrator.name,
            administrator_phone: &p.administrator.phone,
            administrator_email: &p.administrator.email,
            description: &p.description,
            photos: p
                .photos
                .iter()
                .map(|ph| super::media::display_url(ph.image))
                .collect(),
            updated: format::rfc3339(p.updated),
            demo: p.demo,
        }
    }
}

fn csv_rows(records: &[Premises], tenants: &HashMap<OrgId, Organization>) -> Response {
    let header = [
        "adres",
        "kod pocztowy",
        "miejscowość",
        "osiedle",
        "powierzchnia (m²)",
        "położenie",
        "pomieszczenia",
        "stan techniczny",
        "media",
        "dostępność",
        "przeznaczenie",
        "stawka bazowa za m²",
        "czynsz bazowy miesięcznie",
        "status",
        "najemca",
        "nabór",
        "termin naboru",
        "zarządca",
        "szerokość geograficzna",
        "długość geograficzna",
        "w pełni dostępny",
        "adres w serwisie",
    ];
    let rows = records.iter().map(|p| {
        vec![
            p.address.label(),
            p.address.postal_code.clone(),
            p.address.city.clone(),
            p.district.clone(),
            format!("{},{:02}", p.area / 100, p.area % 100),
            p.position_label(),
            p.rooms.to_string(),
            p.condition.label().to_string(),
            p.media.present().join(", "),
            p.accessibility.label().to_string(),
            p.intended_use.clone(),
            format::money(p.rate),
            format::money(base_rent(p.area, p.rate)),
            p.status.label().to_string(),
            p.tenant
                .and_then(|t| tenants.get(&t))
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            p.call
                .as_ref()
                .map(|c| c.number.clone())
                .unwrap_or_default(),
            p.call
                .as_ref()
                .map(|c| format::date_short(c.deadline))
                .unwrap_or_default(),
            p.administrator.name.clone(),
            p.geo.map(|g| format!("{:.6}", g.lat)).unwrap_or_default(),
            p.geo.map(|g| format!("{:.6}", g.lon)).unwrap_or_default(),
            yes_no(p.is_accessible()),
            format!("/lokale/{}", p.slug),
        ]
    });
    csv_response("baza-lokalowa.csv", &header, rows)
}

fn geojson_rows(records: &[Premises]) -> Response {
    let features = records.iter().filter_map(|p| {
        let properties = serde_json::json!({
            "name": p.label(),
            "slug": p.slug,
            "url": format!("/lokale/{}", p.slug),
            "status": p.status.code(),
            "status_label": p.status.label(),
            "district": p.district,
            "area": f64::from(p.area) / 100.0,
            "accessible": p.is_accessible(),
        });
        Some(geo_feature(p.geo?, properties))
    });
    geojson_response(features)
}
