//! Open data of the support institutions: `/api/v1/institutions` as JSON, CSV or GeoJSON, and
//! the Atom feed `/wsparcie.atom` of the newest institutions.

use serde::Serialize;

use super::institutions::{all_matches, parse_query, run_query};
use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, geo_feature, geojson_response,
    json_page, json_record,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::institution::{Institution, InstitutionId};
use crate::text::format;
use crate::web::http::Response;

/// `GET /api/v1/institutions` — one page as JSON; with `format=csv` or `format=geojson` the
/// whole filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, true)?;
    let query = parse_query(&ctx.query, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Json => {
            let found = run_query(app, &query)?;
            let items: Vec<InstitutionJson> =
                found.records.iter().map(InstitutionJson::from).collect();
            Ok(json_page(found.total, query.page, query.per_page, &items))
        }
        Format::Csv => Ok(csv_rows(&all_matches(app, query)?)),
        Format::GeoJson => Ok(geojson_rows(&all_matches(app, query)?)),
    }
}

/// `GET /api/v1/institutions/{slug}` (a numeric id works too).
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let record = match (app.store.institution_by_slug(key)?, key.parse::<u64>()) {
        (Some(record), _) => Some(record),
        (None, Ok(id)) => app.store.institution(InstitutionId(id))?,
        (None, Err(_)) => None,
    };
    let record = record
        .filter(Institution::is_public)
        .ok_or(PageError::NotFound)?;
    json_record(&InstitutionJson::from(&record))
}

/// Entries of the feed.
const FEED_ENTRIES: usize = 50;

/// `GET /wsparcie.atom`: the institutions most recently added to the map of support.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let query = parse_query(&crate::web::query::Query::default(), 1)?;
    let mut records = all_matches(app, query)?;
    records.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.0.cmp(&a.id.0)));
    records.truncate(FEED_ENTRIES);
    let entries: Vec<FeedEntry> = records
        .iter()
        .map(|r| {
            let services: Vec<&str> = r.services.iter().map(|s| s.label()).collect();
            FeedEntry {
                path: r.path(),
                title: r.name.clone(),
                summary: format!(
                    "{} · {} · {}",
                    r.kind.label(),
                    r.address_line(),
                    services.join(", ")
                ),
                updated: r.created,
            }
        })
        .collect();
    let title = format!("Mapa wsparcia – {}", app.settings().gmina_name);
    Ok(atom_response(
        &app.config.public_url,
        "/wsparcie.atom",
        &title,
        &entries,
    ))
}

/// The public fields of an institution, with stable English names for machines.
#[derive(Serialize)]
struct InstitutionJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: &'static str,
    services: Vec<&'static str>,
    other_services: &'a str,
    description: &'a str,
    street: &'a str,
    postal_code: &'a str,
    city: &'a str,
    district: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    opening_hours: &'a [String],
    updated: String,
    demo: bool,
}

impl<'a> From<&'a Institution> for InstitutionJson<'a> {
    fn from(r: &'a Institution) -> InstitutionJson<'a> {
        InstitutionJson {
            id: r.id.0,
            slug: &r.slug,
            url: r.path(),
            name: &r.name,
            kind: r.kind.code(),
            type_label: r.kind.label(),
            services: r.services.iter().map(|s| s.code()).collect(),
            other_services: &r.other_services,
            description: &r.description,
            street: &r.street,
            postal_code: &r.postal_code,
            city: &r.city,
            district: &r.district,
            lat: r.geo.map(|g| g.lat),
            lon: r.geo.map(|g| g.lon),
            phone: r.phone.as_deref(),
            email: r.email.as_deref(),
            website: r.website.as_deref(),
            opening_hours: &r.hours,
            updated: format::rfc3339(r.updated),
            demo: r.demo,
        }
    }
}

fn csv_rows(records: &[Institution]) -> Response {
    let header = [
        "nazwa",
        "rodzaj",
        "usługi",
        "inne usługi",
        "ulica",
        "kod pocztowy",
        "miejscowość",
        "osiedle",
        "telefon",
        "e-mail",
        "strona WWW",
        "godziny otwarcia",
        "szerokość geograficzna",
        "długość geograficzna",
        "ostatnia aktualizacja",
        "adres w serwisie",
    ];
    let rows = records.iter().map(|r| {
        let services: Vec<&str> = r.services.iter().map(|s| s.label()).collect();
        vec![
            r.name.clone(),
            r.kind.label().to_string(),
            services.join(", "),
            r.other_services.clone(),
            r.street.clone(),
            r.postal_code.clone(),
            r.city.clone(),
            r.district.clone(),
            r.phone.clone().unwrap_or_default(),
            r.email.clone().unwrap_or_default(),
            r.website.clone().unwrap_or_default(),
            r.hours.join("; "),
            r.geo.map(|g| g.lat.to_string()).unwrap_or_default(),
            r.geo.map(|g| g.lon.to_string()).unwrap_or_default(),
            format::date_short(format::local_date(r.updated)),
            r.path(),
        ]
    });
    csv_response("instytucje-wsparcia.csv", &header, rows)
}

fn geojson_rows(records: &[Institution]) -> Response {
    let features = records.iter().filter_map(|r| {
        let properties = serde_json::json!({
            "name": r.name,
            "slug": r.slug,
            "url": r.path(),
            "type": r.kind.code(),
            "type_label": r.kind.label(),
            "district": r.district,
            "address": r.address_line(),
        });
        Some(geo_feature(r.geo?, properties))
    });
    geojson_response(features)
}
