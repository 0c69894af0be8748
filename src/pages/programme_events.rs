//! The programme's events (`/program/wydarzenia`): the list, newest first, with facets (kind,
//! year), search and pages, and a page per event. Open data and the feed are in
//! `programme_api.rs`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::programme::{EventCard, paragraphs};
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::programme_event::{EventKind, ProgrammeEvent, ProgrammeEventId};
use crate::search::catalog::{Catalog, CatalogQuery, CatalogSort};
use crate::search::programme_events::{KIND, YEAR};
use crate::web::query::{Query, shorten};

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
const MAX_QUERY_CHARS: usize = 200;
const MAX_PAGE: usize = 10_000;

/// What a visitor asks the list (or the API) for.
#[derive(Debug, Clone)]
pub(super) struct EventQuery {
    pub text: String,
    pub kind: Option<EventKind>,
    pub year: Option<i16>,
    pub page: usize,
    pub per_page: usize,
}

impl EventQuery {
    fn catalog(&self) -> CatalogQuery {
        let mut filters = Vec::new();
        if let Some(kind) = self.kind {
            filters.push((KIND, kind.code().to_string()));
        }
        if let Some(year) = self.year {
            filters.push((YEAR, year.to_string()));
        }
        CatalogQuery {
            text: self.text.clone(),
            filters,
            price_min: None,
            price_max: None,
            sort: CatalogSort::Newest,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Reads the filters shared by the page and the API; unknown values are refused with a Polish
/// message so that a wrong bookmark is noticed.
pub(super) fn parse_query(q: &Query, per_page: usize) -> Result<EventQuery, PageError> {
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let kind = match q.get("rodzaj") {
        None => None,
        Some(code) => Some(EventKind::from_code(code).ok_or_else(|| {
            PageError::BadRequest(format!(
                "Nieznana wartość filtra „rodzaj”: „{}”.",
                shorten(code)
            ))
        })?),
    };
    let year = match q.get("rok") {
        None => None,
        Some(text) => Some(
            text.parse::<i16>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(|| {
                    PageError::BadRequest(format!(
                        "Rok podaj jako liczbę czterocyfrową, np. 2013 (podano „{}”).",
                        shorten(text)
                    ))
                })?,
        ),
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(EventQuery {
        text,
        kind,
        year,
        page,
        per_page,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, Catalog> {
    match app.programme_events.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One page of results with the facet counts.
pub(super) struct Found {
    pub total: usize,
    pub records: Vec<ProgrammeEvent>,
    pub facets: Vec<BTreeMap<String, usize>>,
}

pub(super) fn run_query(app: &App, query: &EventQuery) -> Result<Found, PageError> {
    let result = read_index(app).search(&query.catalog());
    let ids: Vec<ProgrammeEventId> = result
        .page_ids
        .iter()
        .map(|id| ProgrammeEventId(*id))
        .collect();
    Ok(Found {
        total: result.total,
        records: app.store.programme_events_by_ids(&ids)?,
        facets: result.facets,
    })
}

/// Every match of the filters in the list's order (whole exports).
pub(super) fn all_matches(app: &App, query: &EventQuery) -> Result<Vec<ProgrammeEvent>, PageError> {
    let ids: Vec<ProgrammeEventId> = read_index(app)
        .all_matching_ids(&query.catalog())
        .into_iter()
        .map(ProgrammeEventId)
        .collect();
    Ok(app.store.programme_events_by_ids(&ids)?)
}

/// `GET /program/wydarzenia`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(&ctx.query, PAGE_SIZE)?;
    let found = run_query(app, &query)?;
    let links = Links::new(ctx, &LIST);
    let view = ListView {
        q: query.text.clone(),
        total: found.total,
        hidden: links.hidden_filters(),
        results: found.records.iter().map(EventCard::new).collect(),
        facets: facet_groups(&found, &links),
        active_filters: active_filters(&links),
        pagination: Pagination::new(query.page, found.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        clear_href: LIST.page.to_string(),
        can_manage: ctx.is_staff(),
    };
    let title = if query.text.is_empty() {
        "Wydarzenia programu".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – wydarzenia programu",
            shorten(&query.text)
        )
    };
    render(app, ctx, "programme/events.html", &title, view)
}

/// `GET /program/wydarzenia/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let record = app
        .store
        .programme_event_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    let counted_by: Vec<(String, String)> = app
        .store
        .indicators()?
        .into_iter()
        .filter(|i| i.source.counted_kind() == Some(record.kind))
        .map(|i| (i.path(), i.name))
        .collect();
    let view = EventPage {
        card: EventCard::new(&record),
        description: paragraphs(&record.description),
        link: record.link.clone(),
        counted_by,
        demo: record.demo,
        updated: record.updated,
        api_href: format!("/api/v1/events/{}", record.slug),
        edit_href: ctx
            .is_staff()
            .then(|| format!("/admin/program/wydarzenia/{}/edycja", record.id.0)),
    };
    render(app, ctx, "programme/event.html", &record.title, view)
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    hidden: Vec<(String, String)>,
    results: Vec<EventCard>,
    facets: Vec<FacetGroup>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    clear_href: String,
    can_manage: bool,
}

#[derive(Serialize)]
struct EventPage {
    card: EventCard,
    description: Vec<String>,
    link: Option<String>,
    /// (href, name) of the indicators this event counts towards.
    counted_by: Vec<(String, String)>,
    demo: bool,
    updated: i64,
    api_href: String,
    edit_href: Option<String>,
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

/// The facets, in the order they are shown: (URL name, facet number, heading).
const FACETS: &[(&str, usize, &str)] =
    &[("rodzaj", KIND, "Rodzaj wydarzenia"), ("rok", YEAR, "Rok")];

/// (code, label) of every value a facet may show: kinds in vocabulary order, years newest first.
fn facet_values(name: &str, found: &Found) -> Vec<(String, String)> {
    match name {
        "rodzaj" => EventKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), k.label().to_string()))
            .collect(),
        _ => found
            .facets
            .get(YEAR)
            .map(|years| years.keys().rev().map(|y| (y.clone(), y.clone())).collect())
            .unwrap_or_default(),
    }
}

fn facet_groups(found: &Found, links: &Links) -> Vec<FacetGroup> {
    FACETS
        .iter()
        .map(|(name, number, title)| {
            let chosen = links.current(name).unwrap_or("");
            let mut values = facet_values(name, found);
            if !chosen.is_empty() && !values.iter().any(|(c, _)| c == chosen) {
                values.push((chosen.to_string(), chosen.to_string()));
            }
            let options = values
                .into_iter()
                .filter_map(|(code, label)| {
                    let count = found
                        .facets
                        .get(*number)
                        .and_then(|f| f.get(&code))
                        .copied()
                        .unwrap_or(0);
                    let selected = chosen == code;
                    if count == 0 && !selected {
                        return None;
                    }
                    let href = if selected {
                        links.without(name).page()
                    } else {
                        links.with(name, Some(&code)).page()
                    };
                    Some(FacetOption {
                        label,
                        count,
                        href,
                        selected,
                    })
                })
                .collect::<Vec<_>>();
            FacetGroup { title, options }
        })
        .filter(|g| !g.options.is_empty())
        .collect()
}

fn active_filters(links: &Links) -> Vec<ActiveFilter> {
    FACETS
        .iter()
        .filter_map(|(name, _, title)| {
            let code = links.current(name)?;
            let label = match *name {
                "rodzaj" => EventKind::from_code(code)
                    .map(|k| k.label().to_string())
                    .unwrap_or_else(|| code.to_string()),
                _ => code.to_string(),
            };
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
    page: "/program/wydarzenia",
    api: "/api/v1/events",
    sort: "sortuj",
    kept: &["q", "rodzaj", "rok", "page"],
};
