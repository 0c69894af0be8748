//! Open data for the directory: `/api/v1/organizations` as JSON, CSV or GeoJSON, and the Atom
//! feed `/podmioty.atom` of the newest entries.

use serde::Serialize;

use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, geo_feature, geojson_response,
    json_page, json_record, yes_no,
};
use super::organizations::{parse_query, run_query};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::organization::Organization;
use crate::search::OrgQuery;
use crate::text::format;
use crate::web::http::Response;

/// `GET /api/v1/organizations` — one page as JSON; with `format=csv` or `format=geojson`
/// the whole filtered list (as many as the search returns).
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, true)?;
    let query = parse_query(app, ctx, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Json => {
            let (search, records) = run_query(app, &query)?;
            let items: Vec<OrgJson> = records.iter().map(OrgJson::from).collect();
            Ok(json_page(search.total, query.page, query.per_page, &items))
        }
        Format::Csv => Ok(csv_rows(&all_matches(app, query)?)),
        Format::GeoJson => Ok(geojson_rows(&all_matches(app, query)?)),
    }
}

/// `GET /api/v1/organizations/{slug}` (a numeric id works too).
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let by_slug = app.store.organization_by_slug(key)?;
    let org = match (by_slug, key.parse::<u64>()) {
        (Some(org), _) => Some(org),
        (None, Ok(id)) => app
            .store
            .organization(crate::domain::organization::OrgId(id))?,
        (None, Err(_)) => None,
    };
    let org = org
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)?;
    json_record(&OrgJson::from(&org))
}

/// Entries of the feed.
const FEED_ENTRIES: usize = 50;

/// `GET /podmioty.atom`: the organisations most recently added to the directory (published).
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let query = super::organizations::parse_filters(app, &crate::web::query::Query::default(), 1)?;
    let mut ids = super::organizations::read_index(app).all_matching_ids(&query, format::today());
    // Ids are given in the order records are added: the highest are the newest.
    ids.sort_unstable_by_key(|id| std::cmp::Reverse(id.0));
    ids.truncate(FEED_ENTRIES);
    let mut orgs = app.store.organizations_by_ids(&ids)?;
    orgs.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.0.cmp(&a.id.0)));
    let entries: Vec<FeedEntry> = orgs
        .iter()
        .map(|org| FeedEntry {
            path: format!("/podmioty/{}", org.slug),
            title: org.name.clone(),
            summary: format!(
                "{} · osiedle {} · {}",
                org.legal_form.label(),
                org.district,
                crate::domain::equipment::summary(&org.description, 200)
            ),
            updated: org.created,
        })
        .collect();
    let title = format!(
        "Baza podmiotów ekonomii społecznej – {}",
        app.settings().gmina_name
    );
    Ok(atom_response(
        &app.config.public_url,
        "/podmioty.atom",
        &title,
        &entries,
    ))
}

/// Every match of the filters in the list's order, however many (whole exports).
pub(super) fn all_matches(app: &App, query: OrgQuery) -> Result<Vec<Organization>, PageError> {
    let ids = super::organizations::read_index(app).all_matching_ids(&query, format::today());
    Ok(app.store.organizations_by_ids(&ids)?)
}

/// The public fields of an organisation, with stable English names for machines.
#[derive(Serialize)]
struct OrgJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    name: &'a str,
    legal_form: &'static str,
    legal_form_label: &'static str,
    krs: Option<&'a str>,
    nip: Option<&'a str>,
    regon: Option<&'a str>,
    street: &'a str,
    postal_code: &'a str,
    city: &'a str,
    district: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    description: &'a str,
    areas: Vec<&'static str>,
    target_groups: Vec<&'static str>,
    opp: bool,
    social_enterprise: bool,
    prosocial_label_until: Option<String>,
    updated: String,
    demo: bool,
    /// The logo (at most 1280 pixels on the longer side, JPEG) and its alternative text.
    logo_url: Option<String>,
    logo_alt: Option<&'a str>,
}

impl<'a> From<&'a Organization> for OrgJson<'a> {
    fn from(org: &'a Organization) -> OrgJson<'a> {
        OrgJson {
            id: org.id.0,
            slug: &org.slug,
            url: format!("/podmioty/{}", org.slug),
            name: &org.name,
            legal_form: org.legal_form.code(),
            legal_form_label: org.legal_form.label(),
            krs: org.krs.as_deref(),
            nip: org.nip.as_deref(),
            regon: org.regon.as_deref(),
            street: &org.address.street,
            postal_code: &org.address.postal_code,
            city: &org.address.city,
            district: &org.district,
            lat: org.geo.map(|g| g.lat),
            lon: org.geo.map(|g| g.lon),
            phone: org.contact.phone.as_deref(),
            email: org.contact.email.as_deref(),
            website: org.contact.website.as_deref(),
            description: &org.description,
            areas: org.areas.iter().map(|a| a.code()).collect(),
            target_groups: org.target_groups.iter().map(|g| g.code()).collect(),
            opp: org.statuses.opp,
            social_enterprise: org.statuses.social_enterprise,
            prosocial_label_until: org.statuses.prosocial_label_until.map(|d| d.to_string()),
            updated: jiff::Timestamp::from_second(org.updated)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            demo: org.demo,
            logo_url: org
                .logo
                .as_ref()
                .map(|l| super::media::display_url(l.image)),
            logo_alt: org.logo.as_ref().map(|l| l.alt.as_str()),
        }
    }
}

/// The whole filtered list as CSV.
fn csv_rows(orgs: &[Organization]) -> Response {
    let header = [
        "nazwa",
        "forma prawna",
        "KRS",
        "NIP",
        "REGON",
        "ulica",
        "kod pocztowy",
        "miejscowość",
        "osiedle",
        "telefon",
        "e-mail",
        "strona WWW",
        "obszary działalności",
        "OPP",
        "przedsiębiorstwo społeczne",
        "Zakup Prospołeczny do",
        "ostatnia aktualizacja",
        "adres w serwisie",
    ];
    let rows = orgs.iter().map(|org| {
        let areas: Vec<&str> = org.areas.iter().map(|a| a.label()).collect();
        vec![
            org.name.clone(),
            org.legal_form.label().to_string(),
            org.krs.clone().unwrap_or_default(),
            org.nip.clone().unwrap_or_default(),
            org.regon.clone().unwrap_or_default(),
            org.address.street.clone(),
            org.address.postal_code.clone(),
            org.address.city.clone(),
            org.district.clone(),
            org.contact.phone.clone().unwrap_or_default(),
            org.contact.email.clone().unwrap_or_default(),
            org.contact.website.clone().unwrap_or_default(),
            areas.join(", "),
            yes_no(org.statuses.opp),
            yes_no(org.statuses.social_enterprise),
            org.statuses
                .prosocial_label_until
                .map(format::date_short)
                .unwrap_or_default(),
            format::date_short(format::local_date(org.updated)),
            format!("/podmioty/{}", org.slug),
        ]
    });
    csv_response("podmioty-ekonomii-spolecznej.csv", &header, rows)
}

fn geojson_rows(orgs: &[Organization]) -> Response {
    let features = orgs.iter().filter_map(|org| {
        let properties = serde_json::json!({
            "name": org.name,
            "slug": org.slug,
            "url": format!("/podmioty/{}", org.slug),
            "legal_form": org.legal_form.code(),
            "district": org.district,
        });
        Some(geo_feature(org.geo?, properties))
    });
    geojson_response(features)
}
