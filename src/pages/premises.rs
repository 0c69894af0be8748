//! Baza lokalowa (`/lokale`): the searchable list of municipal premises with facets (status,
//! osiedle, accessible), an area range and four orders. The page of one premises is
//! `premises_page.rs`; staff forms are `premises_edit.rs`; applications `premises_applications.rs`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::organization::{OrgId, Organization};
use crate::domain::photo::Photo;
use crate::domain::premises::{Premises, PremisesId, Status, area_label, parse_area};
use crate::domain::premises_rent::base_rent;
use crate::search::catalog::CatalogQuery;
use crate::search::premises::{
    ACCESSIBLE, ACCESSIBLE_VALUE, DISTRICT, PremisesIndex, PremisesSort, STATUS,
};
use crate::text::format;
use crate::web::query::{Query, shorten};

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
const MAX_QUERY_CHARS: usize = 200;
const MAX_PAGE: usize = 10_000;

/// The orders: (URL code, sort, label).
const SORTS: &[(&str, PremisesSort, &str)] = &[
    ("adres", PremisesSort::Address, "adres"),
    ("powierzchnia", PremisesSort::Area, "powierzchnia"),
    ("czynsz", PremisesSort::Rent, "czynsz"),
    ("najnowsze", PremisesSort::Newest, "najnowsze"),
];

/// What a visitor asks the list (or the API) for.
#[derive(Debug, Clone)]
pub(super) struct PremisesQuery {
    pub catalog: CatalogQuery,
    pub status: Option<Status>,
    pub district: Option<String>,
    pub accessible: bool,
    pub sort: PremisesSort,
    /// Area bounds that could not be read (shown above the results; the range is ignored).
    pub area_errors: Vec<(&'static str, &'static str)>,
}

impl PremisesQuery {
    pub fn page(&self) -> usize {
        self.catalog.page
    }

    pub fn per_page(&self) -> usize {
        self.catalog.per_page
    }
}

/// Reads the filters shared by the page and the API. Unknown codes are refused with a Polish
/// message; an unreadable area bound is reported and ignored.
pub(super) fn parse_query(q: &Query, per_page: usize) -> Result<PremisesQuery, PageError> {
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let status = match q.get("status") {
        None => None,
        Some(code) => Some(Status::from_code(code).ok_or_else(|| {
            PageError::BadRequest(format!(
                "Nieznana wartość filtra „status”: „{}” (dozwolone: wolny, zajety, w-naborze, w-remoncie).",
                shorten(code)
            ))
        })?),
    };
    let district = q.get("osiedle").map(str::to_string);
    let accessible = match q.get("dostepny") {
        None => false,
        Some("1") => true,
        Some(other) => {
            return Err(PageError::BadRequest(format!(
                "Nieznana wartość filtra „dostepny”: „{}” (dozwolone: 1).",
                shorten(other)
            )));
        }
    };
    let sort = match q.get("sortuj") {
        None => PremisesSort::Address,
        Some(code) => SORTS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, s, _)| *s)
            .ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznany porządek sortowania „{}” (dozwolone: adres, powierzchnia, czynsz, najnowsze).",
                    shorten(code)
                ))
            })?,
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    let mut area_errors = Vec::new();
    let mut bound = |name: &'static str, message: &'static str| match q.get(name) {
        None => None,
        Some(text) => match parse_area(text) {
            Some(v) => Some(i64::from(v)),
            None => {
                area_errors.push((name, message));
                None
            }
        },
    };
    let min = bound(
        "pow_od",
        "Powierzchnia „od”: podaj liczbę metrów kwadratowych, np. 30 albo 45,5.",
    );
    let max = bound(
        "pow_do",
        "Powierzchnia „do”: podaj liczbę metrów kwadratowych, np. 80 albo 120,5.",
    );
    let (price_min, price_max) = match (min, max) {
        (Some(a), Some(b)) if a > b => {
            area_errors.push((
                "pow_do",
                "Powierzchnia „do” jest mniejsza niż „od” — zamień je miejscami.",
            ));
            (None, None)
        }
        bounds if area_errors.is_empty() => bounds,
        _ => (None, None),
    };
    let mut filters = Vec::new();
    if let Some(s) = status {
        filters.push((STATUS, s.code().to_string()));
    }
    if let Some(d) = &district {
        filters.push((DISTRICT, d.clone()));
    }
    if accessible {
        filters.push((ACCESSIBLE, ACCESSIBLE_VALUE.to_string()));
    }
    Ok(PremisesQuery {
        catalog: CatalogQuery {
            text,
            filters,
            price_min,
            price_max,
            sort: Default::default(),
            page,
            per_page,
        },
        status,
        district,
        accessible,
        sort,
        area_errors,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, PremisesIndex> {
    match app.premises.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One page of results with the facet counts.
pub(super) struct Found {
    pub total: usize,
    pub truncated: bool,
    pub records: Vec<Premises>,
    pub facets: Vec<BTreeMap<String, usize>>,
    /// Osiedle slug → name.
    pub district_names: HashMap<String, String>,
}

pub(super) fn run_query(app: &App, query: &PremisesQuery) -> Result<Found, PageError> {
    let (result, district_names) = {
        let index = read_index(app);
        let result = index.search(&query.catalog, query.sort);
        let names = result
            .facets
            .get(DISTRICT)
            .map(|counts| {
                counts
                    .keys()
                    .filter_map(|slug| {
                        index
                            .district_name(slug)
                            .map(|n| (slug.clone(), n.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        (result, names)
    };
    let ids: Vec<PremisesId> = result.page_ids.iter().map(|id| PremisesId(*id)).collect();
    let records = app.store.premises_by_ids(&ids)?;
    Ok(Found {
        total: result.total,
        truncated: result.truncated,
        records,
        facets: result.facets,
        district_names,
    })
}

/// The tenant organisations of `records`, by id.
pub(super) fn tenants_of(
    app: &App,
    records: &[Premises],
) -> Result<HashMap<OrgId, Organization>, PageError> {
    let mut ids: Vec<OrgId> = records.iter().filter_map(|p| p.tenant).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(app
        .store
        .organizations_by_ids(&ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// `GET /lokale`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(&ctx.query, PAGE_SIZE)?;
    let found = run_query(app, &query)?;
    let tenants = tenants_of(app, &found.records)?;
    let links = Links::new(ctx, &LIST);
    let view = ListView {
        q: query.catalog.text.clone(),
        total: found.total,
        truncated: found.truncated,
        hidden: links.hidden_filters(),
        area_hidden: links.except(&["pow_od", "pow_do", "page"]),
        pow_od: ctx.query.get("pow_od").unwrap_or("").to_string(),
        pow_do: ctx.query.get("pow_do").unwrap_or("").to_string(),
        area_errors: query.area_errors.iter().map(|(_, m)| *m).collect(),
        pow_od_invalid: query.area_errors.iter().any(|(f, _)| *f == "pow_od"),
        pow_do_invalid: query.area_errors.iter().any(|(f, _)| *f == "pow_do"),
        sort_options: SORTS
            .iter()
            .map(|(code, sort, label)| SortOption {
                label,
                href: links.with("sortuj", Some(code)).page(),
                current: query.sort == *sort,
            })
            .collect(),
        results: found
            .records
            .iter()
            .map(|p| Card::new(p, &tenants))
            .collect(),
        facets: facet_groups(&found, &links),
        active_filters: active_filters(&query, &found, &links),
        pagination: Pagination::new(query.page(), found.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page() - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        geojson_href: links.without("page").with("format", Some("geojson")).api(),
        clear_href: "/lokale".to_string(),
        map_href: super::map::page_href(
            &[("lokale", "1")],
            &links.except(&["page", "sortuj", "osiedle", "pow_od", "pow_do"]),
        ),
        map: super::map::panel(
            app,
            "Mapa lokali z listy",
            vec![super::map::layer_query(
                super::map::Layer::Premises,
                &links.except(&["page", "sortuj"]),
            )],
        ),
        legend: super::map::premises_legend(),
        is_staff: ctx.is_staff(),
    };
    let title = if query.catalog.text.is_empty() {
        "Baza lokalowa".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – Baza lokalowa",
            shorten(&query.catalog.text)
        )
    };
    render(app, ctx, "premises/list.html", &title, view)
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    truncated: bool,
    hidden: Vec<(String, String)>,
    area_hidden: Vec<(String, String)>,
    pow_od: String,
    pow_do: String,
    area_errors: Vec<&'static str>,
    pow_od_invalid: bool,
    pow_do_invalid: bool,
    sort_options: Vec<SortOption>,
    results: Vec<Card>,
    facets: Vec<FacetGroup>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    geojson_href: String,
    map_href: String,
    map: super::map::MapPanel,
    legend: Vec<super::map::LegendEntry>,
    clear_href: String,
    is_staff: bool,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

/// One premises in the result list.
#[derive(Serialize)]
struct Card {
    href: String,
    address: String,
    district: String,
    area: String,
    position: String,
    rooms: u8,
    condition: &'static str,
    status: &'static str,
    status_code: &'static str,
    accessible: bool,
    accessibility: &'static str,
    base_rent: i64,
    tenant: Option<(String, String)>,
    call: Option<(String, String)>,
    photo: Option<Photo>,
}

impl Card {
    fn new(p: &Premises, tenants: &HashMap<OrgId, Organization>) -> Card {
        Card {
            href: format!("/lokale/{}", p.slug),
            address: p.label(),
            district: p.district.clone(),
            area: p.area_label(),
            position: p.position_label(),
            rooms: p.rooms,
            condition: p.condition.label(),
            status: p.status.label(),
            status_code: p.status.code(),
            accessible: p.is_accessible(),
            accessibility: p.accessibility.label(),
            base_rent: base_rent(p.area, p.rate),
            tenant: p
                .tenant
                .and_then(|t| tenants.get(&t))
                .map(|o| (o.name.clone(), format!("/podmioty/{}", o.slug))),
            call: p
                .call
                .as_ref()
                .map(|c| (c.number.clone(), format::date_long(c.deadline))),
            photo: p.photos.first().cloned(),
        }
    }
}

#[derive(Serialize)]
struct FacetGroup {
    title: &'static str,
    options: Vec<FacetOption>,
}

#[derive(Serialize)]
struct FacetOption {
    label: String,
    count: usize,
    href: String,
    selected: bool,
}

/// A status as a facet label ("wolne" rather than "wolny").
fn status_plural(status: Status) -> &'static str {
    match status {
        Status::Free => "wolne",
        Status::Occupied => "zajęte",
        Status::OpenCall => "w naborze",
        Status::Renovation => "w remoncie",
    }
}

fn option(links: &Links, name: &str, code: &str, label: String, count: usize) -> FacetOption {
    let selected = links.current(name) == Some(code);
    FacetOption {
        label,
        count,
        href: if selected {
            links.without(name).page()
        } else {
            links.with(name, Some(code)).page()
        },
        selected,
    }
}

fn facet_groups(found: &Found, links: &Links) -> Vec<FacetGroup> {
    let counts = |facet: usize, code: &str| {
        found
            .facets
            .get(facet)
            .and_then(|c| c.get(code))
            .copied()
            .unwrap_or(0)
    };
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            let n = counts(STATUS, s.code());
            option(links, "status", s.code(), status_plural(*s).to_string(), n)
        })
        .filter(|o| o.count > 0 || o.selected)
        .collect();
    let mut districts: Vec<FacetOption> = found
        .facets
        .get(DISTRICT)
        .map(|c| {
            c.iter()
                .map(|(slug, n)| {
                    let name = found
                        .district_names
                        .get(slug)
                        .cloned()
                        .unwrap_or_else(|| slug.clone());
                    option(links, "osiedle", slug, name, *n)
                })
                .collect()
        })
        .unwrap_or_default();
    districts.sort_by(|a, b| {
        crate::search::collation_key(&a.label).cmp(&crate::search::collation_key(&b.label))
    });
    let accessible = counts(ACCESSIBLE, ACCESSIBLE_VALUE);
    let access = vec![option(
        links,
        "dostepny",
        ACCESSIBLE_VALUE,
        "tylko dostępne dla osób z niepełnosprawnościami".to_string(),
        accessible,
    )]
    .into_iter()
    .filter(|o| o.count > 0 || o.selected)
    .collect();
    [
        FacetGroup {
            title: "Status",
            options: statuses,
        },
        FacetGroup {
            title: "Osiedle",
            options: districts,
        },
        FacetGroup {
            title: "Dostępność",
            options: access,
        },
    ]
    .into_iter()
    .filter(|g| !g.options.is_empty())
    .collect()
}

fn active_filters(query: &PremisesQuery, found: &Found, links: &Links) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    if let Some(s) = query.status {
        out.push(ActiveFilter {
            title: "Status",
            label: status_plural(s).to_string(),
            remove_href: links.without("status").page(),
        });
    }
    if let Some(d) = &query.district {
        out.push(ActiveFilter {
            title: "Osiedle",
            label: found
                .district_names
                .get(d)
                .cloned()
                .unwrap_or_else(|| d.clone()),
            remove_href: links.without("osiedle").page(),
        });
    }
    if query.accessible {
        out.push(ActiveFilter {
            title: "Dostępność",
            label: "dostępne dla osób z niepełnosprawnościami".to_string(),
            remove_href: links.without("dostepny").page(),
        });
    }
    let (min, max) = (query.catalog.price_min, query.catalog.price_max);
    if min.is_some() || max.is_some() {
        let mut parts = Vec::new();
        if let Some(min) = min {
            parts.push(format!("od {}", area_label(min as u32)));
        }
        if let Some(max) = max {
            parts.push(format!("do {}", area_label(max as u32)));
        }
        out.push(ActiveFilter {
            title: "Powierzchnia",
            label: parts.join(" "),
            remove_href: links.without("pow_od").without("pow_do").page(),
        });
    }
    out
}

/// Where this list's links lead and what they keep.
const LIST: ListSpec = ListSpec {
    page: "/lokale",
    api: "/api/v1/premises",
    sort: "sortuj",
    kept: &[
        "q", "status", "osiedle", "pow_od", "pow_do", "dostepny", "sortuj", "page",
    ],
};
