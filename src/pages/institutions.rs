//! Mapa wsparcia (`/wsparcie`): the searchable list of support institutions with its facets
//! and map, and a page per institution. Adding and editing live in `institution_edit.rs`,
//! open data in `institutions_api.rs`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::map::{self, MapPanel};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::institution::{Institution, InstitutionId, InstitutionType, Service};
use crate::search::catalog::{Catalog, CatalogQuery, CatalogSort};
use crate::search::institutions::{KIND, SERVICE};
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
/// The longest search text we accept.
const MAX_QUERY_CHARS: usize = 200;
/// The highest page number we accept.
const MAX_PAGE: usize = 10_000;

/// The facets, in the order they are shown: (URL name, facet number, heading).
const FACETS: &[(&str, usize, &str)] = &[
    ("rodzaj", KIND, "Rodzaj instytucji"),
    ("usluga", SERVICE, "Usługi"),
];

/// What a visitor asks the list (or the API) for.
#[derive(Debug, Clone)]
pub(super) struct InstitutionQuery {
    pub text: String,
    pub kind: Option<InstitutionType>,
    pub service: Option<Service>,
    pub page: usize,
    pub per_page: usize,
}

impl InstitutionQuery {
    fn catalog(&self) -> CatalogQuery {
        let mut filters = Vec::new();
        if let Some(k) = self.kind {
            filters.push((KIND, k.code().to_string()));
        }
        if let Some(s) = self.service {
            filters.push((SERVICE, s.code().to_string()));
        }
        CatalogQuery {
            text: self.text.clone(),
            filters,
            price_min: None,
            price_max: None,
            sort: CatalogSort::Name,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Reads the list filters shared by the page, the API and the map. Unknown values are refused
/// with a Polish message rather than silently ignored, so a wrong bookmark is noticed.
pub(super) fn parse_query(
    q: &crate::web::query::Query,
    per_page: usize,
) -> Result<InstitutionQuery, PageError> {
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    fn known<T>(
        q: &crate::web::query::Query,
        name: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, PageError> {
        match q.get(name) {
            None | Some("") => Ok(None),
            Some(value) => parse(value).map(Some).ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznana wartość filtra „{name}”: „{}”.",
                    shorten(value)
                ))
            }),
        }
    }
    let kind = known(q, "rodzaj", InstitutionType::from_code)?;
    let service = known(q, "usluga", Service::from_code)?;
    match q.get("sortuj") {
        None | Some("nazwa") => {}
        Some(other) => {
            return Err(PageError::BadRequest(format!(
                "Nieznany porządek sortowania „{}” (dozwolone: nazwa).",
                shorten(other)
            )));
        }
    }
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(InstitutionQuery {
        text,
        kind,
        service,
        page,
        per_page,
    })
}

fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, Catalog> {
    match app.institutions.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One page of results with the facet counts.
pub(super) struct Found {
    pub total: usize,
    pub truncated: bool,
    pub records: Vec<Institution>,
    pub facets: Vec<BTreeMap<String, usize>>,
}

/// Runs a query against the index and loads the records of the requested page.
pub(super) fn run_query(app: &App, query: &InstitutionQuery) -> Result<Found, PageError> {
    let result = read_index(app).search(&query.catalog());
    let ids: Vec<InstitutionId> = result
        .page_ids
        .iter()
        .map(|id| InstitutionId(*id))
        .collect();
    let records = app.store.institutions_by_ids(&ids)?;
    Ok(Found {
        total: result.total,
        truncated: result.truncated,
        records,
        facets: result.facets,
    })
}

/// Every match of the filters in the list's order, however many (whole exports).
pub(super) fn all_matches(
    app: &App,
    query: InstitutionQuery,
) -> Result<Vec<Institution>, PageError> {
    let ids: Vec<InstitutionId> = read_index(app)
        .all_matching_ids(&query.catalog())
        .into_iter()
        .map(InstitutionId)
        .collect();
    Ok(app.store.institutions_by_ids(&ids)?)
}

/// `GET /wsparcie`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(&ctx.query, PAGE_SIZE)?;
    let found = run_query(app, &query)?;
    let links = Links::new(ctx, &LIST);
    let map_query = links.except(&["page", "sortuj"]);
    let view = ListView {
        q: query.text.clone(),
        total: found.total,
        truncated: found.truncated,
        hidden: links.hidden_filters(),
        results: found.records.iter().map(Card::new).collect(),
        facets: facet_groups(&found, &links),
        active_filters: active_filters(&links),
        pagination: Pagination::new(query.page, found.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        geojson_href: links.with("format", Some("geojson")).api(),
        clear_href: "/wsparcie".to_string(),
        map_href: map::page_href(&[("wsparcie", "1")], &map_query),
        can_manage: ctx.is_staff(),
        map: map::panel(
            app,
            "Mapa instytucji wsparcia z listy",
            vec![map::layer_query(map::Layer::Support, &map_query)],
        ),
    };
    let title = if query.text.is_empty() {
        "Mapa wsparcia – instytucje wspierające".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – Mapa wsparcia",
            shorten(&query.text)
        )
    };
    render(app, ctx, "institutions/list.html", &title, view)
}

/// `GET /wsparcie/{slug}`: archived institutions only for staff.
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let staff = ctx.is_staff();
    let record = app
        .store
        .institution_by_slug(ctx.param("slug"))?
        .filter(|r| r.is_public() || staff)
        .ok_or(PageError::NotFound)?;
    let view = PageView {
        card: Card::new(&record),
        description: record
            .description
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        other_services: record.other_services.clone(),
        address: record.address_line(),
        phone: record.phone.clone(),
        phone_href: record.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }),
        email: record.email.clone(),
        website: record.website.clone(),
        hours: record.hours.clone(),
        lat: record.geo.map(|g| g.lat),
        lon: record.geo.map(|g| g.lon),
        map_href: record.geo.map(|_| {
            map::page_href(
                &[("wsparcie", "1")],
                &[("q".to_string(), record.name.clone())],
            )
        }),
        updated: record.updated,
        demo: record.demo,
        archived: record.archived,
        api_href: format!("/api/v1/institutions/{}", record.slug),
        can_manage: staff,
        csrf: ctx.visitor.csrf_token(),
        saved: ctx.query.get("zapisano").is_some(),
    };
    render(app, ctx, "institutions/show.html", &record.name, view)
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    truncated: bool,
    hidden: Vec<(String, String)>,
    results: Vec<Card>,
    facets: Vec<FacetGroup>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    geojson_href: String,
    clear_href: String,
    map_href: String,
    can_manage: bool,
    map: MapPanel,
}

#[derive(Serialize)]
struct PageView {
    card: Card,
    description: Vec<String>,
    other_services: String,
    address: String,
    phone: Option<String>,
    phone_href: Option<String>,
    email: Option<String>,
    website: Option<String>,
    hours: Vec<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    map_href: Option<String>,
    updated: i64,
    demo: bool,
    archived: bool,
    api_href: String,
    can_manage: bool,
    csrf: String,
    saved: bool,
}

/// One institution in a list.
#[derive(Serialize)]
pub(super) struct Card {
    pub href: String,
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_code: &'static str,
    pub services: Vec<(&'static str, String)>,
    pub address: String,
    pub district: String,
    pub located: bool,
}

impl Card {
    pub(super) fn new(record: &Institution) -> Card {
        Card {
            href: record.path(),
            slug: record.slug.clone(),
            name: record.name.clone(),
            kind: record.kind.label(),
            kind_code: record.kind.code(),
            services: record
                .services
                .iter()
                .map(|s| (s.label(), format!("/wsparcie?usluga={}", s.code())))
                .collect(),
            address: record.address_line(),
            district: record.district.clone(),
            located: record.geo.is_some(),
        }
    }
}

#[derive(Serialize)]
struct FacetGroup {
    title: &'static str,
    open: bool,
    options: Vec<FacetOption>,
}

#[derive(Serialize)]
struct FacetOption {
    label: &'static str,
    count: usize,
    href: String,
    selected: bool,
}

/// (code, label) of every value of a facet, in vocabulary order.
fn facet_values(name: &str) -> Vec<(&'static str, &'static str)> {
    match name {
        "rodzaj" => InstitutionType::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        "usluga" => Service::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        _ => Vec::new(),
    }
}

fn facet_groups(found: &Found, links: &Links) -> Vec<FacetGroup> {
    FACETS
        .iter()
        .map(|(name, number, title)| {
            let chosen = links.current(name).unwrap_or("");
            let options: Vec<FacetOption> = facet_values(name)
                .into_iter()
                .filter_map(|(code, label)| {
                    let count = found
                        .facets
                        .get(*number)
                        .and_then(|f| f.get(code))
                        .copied()
                        .unwrap_or(0);
                    let selected = chosen == code;
                    if count == 0 && !selected {
                        return None;
                    }
                    let href = if selected {
                        links.without(name).page()
                    } else {
                        links.with(name, Some(code)).page()
                    };
                    Some(FacetOption {
                        label,
                        count,
                        href,
                        selected,
                    })
                })
                .collect();
            FacetGroup {
                title,
                open: true,
                options,
            }
        })
        .filter(|g| !g.options.is_empty())
        .collect()
}

fn active_filters(links: &Links) -> Vec<ActiveFilter> {
    FACETS
        .iter()
        .filter_map(|(name, _, title)| {
            let code = links.current(name)?;
            let label = facet_values(name)
                .into_iter()
                .find(|(c, _)| *c == code)
                .map(|(_, label)| label.to_string())
                .unwrap_or_else(|| code.to_string());
            Some(ActiveFilter {
                title,
                label,
                remove_href: links.without(name).page(),
            })
        })
        .collect()
}

/// Where this list's links lead and what they keep.
const LIST: ListSpec = ListSpec {
    page: "/wsparcie",
    api: "/api/v1/institutions",
    sort: "sortuj",
    kept: &["q", "rodzaj", "usluga", "sortuj", "page"],
};
