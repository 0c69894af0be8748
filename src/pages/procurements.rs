//! The register of procurements with social clauses (`/klauzule`): the searchable list with
//! its facets and a page per procurement. Staff forms live in `procurement_edit.rs`, the
//! statistics in `procurement_stats.rs`, open data in `procurements_api.rs`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::organization::OrgId;
use crate::domain::procurement::{LegalBasis, Procurement, ProcurementId, TargetGroup};
use crate::search::catalog::{CatalogQuery, CatalogSort};
use crate::search::procurements::{
    BASIS, GROUP, PES, PES_VALUE, ProcurementIndex, UNIT, YEAR, unit_code,
};
use crate::text::format;
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
const MAX_QUERY_CHARS: usize = 200;
const MAX_PAGE: usize = 10_000;

/// The facets, in the order they are shown: (URL name, facet number, heading).
const FACETS: &[(&str, usize, &str)] = &[
    ("rok", YEAR, "Rok ogłoszenia lub umowy"),
    ("komorka", UNIT, "Komórka zamawiająca"),
    ("podstawa", BASIS, "Podstawa prawna klauzuli"),
    ("grupa", GROUP, "Grupa docelowa"),
    ("pes", PES, "Wykonawca"),
];

/// The orders: (URL code, sort, label).
const SORTS: &[(&str, CatalogSort, &str)] = &[
    ("najnowsze", CatalogSort::Newest, "najnowsze"),
    ("najstarsze", CatalogSort::Oldest, "najstarsze"),
    ("wartosc", CatalogSort::PriceDescending, "wartość"),
    ("tytul", CatalogSort::Name, "nazwa"),
];

/// What a visitor asks the list (or the API) for.
#[derive(Debug, Clone)]
pub(super) struct ProcurementQuery {
    pub text: String,
    pub filters: Vec<(usize, String)>,
    pub sort: CatalogSort,
    pub page: usize,
    pub per_page: usize,
}

impl ProcurementQuery {
    fn catalog(&self) -> CatalogQuery {
        CatalogQuery {
            text: self.text.clone(),
            filters: self.filters.clone(),
            price_min: None,
            price_max: None,
            sort: self.sort,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Reads the filters shared by the page and the API. Unknown values are refused with a Polish
/// message rather than silently ignored, so a wrong bookmark is noticed.
pub(super) fn parse_query(
    q: &crate::web::query::Query,
    per_page: usize,
) -> Result<ProcurementQuery, PageError> {
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let unknown = |name: &str, value: &str| {
        PageError::BadRequest(format!(
            "Nieznana wartość filtra „{name}”: „{}”.",
            shorten(value)
        ))
    };
    let mut filters = Vec::new();
    if let Some(year) = q.get("rok").filter(|v| !v.is_empty()) {
        match year.parse::<i16>() {
            Ok(y) if (1990..=2100).contains(&y) => filters.push((YEAR, y.to_string())),
            _ => return Err(unknown("rok", year)),
        }
    }
    if let Some(unit) = q.get("komorka").filter(|v| !v.is_empty()) {
        // Units are free text: any code is a valid filter, one nobody uses finds nothing.
        filters.push((UNIT, unit_code(unit)));
    }
    if let Some(basis) = q.get("podstawa").filter(|v| !v.is_empty()) {
        let b = LegalBasis::from_code(basis).ok_or_else(|| unknown("podstawa", basis))?;
        filters.push((BASIS, b.code().to_string()));
    }
    if let Some(group) = q.get("grupa").filter(|v| !v.is_empty()) {
        let g = TargetGroup::from_code(group).ok_or_else(|| unknown("grupa", group))?;
        filters.push((GROUP, g.code().to_string()));
    }
    match q.get("pes") {
        None | Some("") => {}
        Some(PES_VALUE) => filters.push((PES, PES_VALUE.to_string())),
        Some(other) => return Err(unknown("pes", other)),
    }
    let sort = match q.get("sortuj") {
        None | Some("") => CatalogSort::Newest,
        Some(code) => SORTS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, s, _)| *s)
            .ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznany porządek sortowania „{}” (dozwolone: najnowsze, najstarsze, wartosc, tytul).",
                    shorten(code)
                ))
            })?,
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(ProcurementQuery {
        text,
        filters,
        sort,
        page,
        per_page,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, ProcurementIndex> {
    match app.procurements.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One page of results with the facet counts.
pub(super) struct Found {
    pub total: usize,
    pub truncated: bool,
    pub records: Vec<Procurement>,
    pub facets: Vec<BTreeMap<String, usize>>,
}

/// Runs a query against the index and loads the records of the requested page.
pub(super) fn run_query(app: &App, query: &ProcurementQuery) -> Result<Found, PageError> {
    let result = read_index(app).catalog.search(&query.catalog());
    let ids: Vec<ProcurementId> = result
        .page_ids
        .iter()
        .map(|id| ProcurementId(*id))
        .collect();
    let records = app.store.procurements_by_ids(&ids)?;
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
    query: &ProcurementQuery,
) -> Result<Vec<Procurement>, PageError> {
    let ids: Vec<ProcurementId> = read_index(app)
        .catalog
        .all_matching_ids(&query.catalog())
        .into_iter()
        .map(ProcurementId)
        .collect();
    Ok(app.store.procurements_by_ids(&ids)?)
}

/// The directory slugs of the contractors linked among `records`.
pub(super) fn organization_slugs(
    app: &App,
    records: &[Procurement],
) -> Result<BTreeMap<OrgId, String>, PageError> {
    let mut slugs = BTreeMap::new();
    for id in records
        .iter()
        .filter_map(|p| p.contractor.as_ref().and_then(|c| c.organization))
    {
        if let std::collections::btree_map::Entry::Vacant(entry) = slugs.entry(id)
            && let Some(org) = app.store.organization(id)?
        {
            entry.insert(org.slug);
        }
    }
    Ok(slugs)
}

/// `GET /klauzule`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(&ctx.query, PAGE_SIZE)?;
    let found = run_query(app, &query)?;
    let links = Links::new(ctx, &LIST);
    let slugs = organization_slugs(app, &found.records)?;
    let view = ListView {
        q: query.text.clone(),
        total: found.total,
        truncated: found.truncated,
        hidden: links.hidden_filters(),
        results: found.records.iter().map(|p| Card::new(p, &slugs)).collect(),
        facets: facet_groups(app, &found, &links),
        active_filters: active_filters(app, &links),
        sort_options: SORTS
            .iter()
            .map(|(code, sort, label)| SortOption {
                label,
                href: links.with("sortuj", Some(code)).page(),
                current: query.sort == *sort,
            })
            .collect(),
        pagination: Pagination::new(query.page, found.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        clear_href: "/klauzule".to_string(),
        can_manage: ctx.is_staff(),
    };
    let title = if query.text.is_empty() {
        "Klauzule społeczne – rejestr zamówień".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – klauzule społeczne",
            shorten(&query.text)
        )
    };
    render(app, ctx, "procurements/list.html", &title, view)
}

/// `GET /klauzule/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let record = app
        .store
        .procurement_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    let slugs = organization_slugs(app, std::slice::from_ref(&record))?;
    let staff = ctx.is_staff();
    let view = PageView {
        card: Card::new(&record, &slugs),
        bzp_number: record.bzp_number.clone(),
        procedure: record.procedure.label(),
        act: record.act.label(),
        threshold: record.threshold.describe(record.act),
        estimated_value: record.estimated_value,
        contract_value: record.contract_value,
        notice_date: record.notice_date.to_string(),
        offers_deadline: record.offers_deadline.map(|d| d.to_string()),
        contract_date: record.contract_date.map(|d| d.to_string()),
        clauses: record
            .clauses
            .iter()
            .map(|c| ClauseView {
                basis: c.basis.full_label(),
                basis_href: format!("/klauzule?podstawa={}", c.basis.code()),
                group: c.target_group.label(),
                group_href: format!("/klauzule?grupa={}", c.target_group.code()),
                requirement: c.requirement(),
                months: c.months.map(|m| {
                    format!(
                        "{m} {}",
                        crate::text::plural::plural(
                            u64::from(m),
                            "miesiąc",
                            "miesiące",
                            "miesięcy"
                        )
                    )
                }),
                committed: c.committed.clone(),
                achieved: c.achieved.clone(),
                achieved_people: c.achieved_people,
            })
            .collect(),
        contractor_nip: record.contractor.as_ref().and_then(|c| c.nip.clone()),
        source_url: record.source_url.clone(),
        notes: paragraphs(&record.notes),
        updated: record.updated,
        demo: record.demo,
        api_href: format!("/api/v1/procurements/{}", record.slug),
        edit_href: staff.then(|| record.edit_path()),
        saved: ctx.query.get("zapisano").is_some(),
    };
    render(app, ctx, "procurements/show.html", &record.title, view)
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
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
    sort_options: Vec<SortOption>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    clear_href: String,
    can_manage: bool,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct ClauseView {
    basis: String,
    basis_href: String,
    group: &'static str,
    group_href: String,
    requirement: String,
    months: Option<String>,
    committed: String,
    achieved: String,
    achieved_people: Option<u32>,
}

#[derive(Serialize)]
struct PageView {
    card: Card,
    bzp_number: String,
    procedure: &'static str,
    act: &'static str,
    threshold: String,
    estimated_value: Option<i64>,
    contract_value: Option<i64>,
    notice_date: String,
    offers_deadline: Option<String>,
    contract_date: Option<String>,
    clauses: Vec<ClauseView>,
    contractor_nip: Option<String>,
    source_url: Option<String>,
    notes: Vec<String>,
    updated: i64,
    demo: bool,
    api_href: String,
    edit_href: Option<String>,
    saved: bool,
}

/// One procurement in a list.
#[derive(Serialize)]
pub(super) struct Card {
    pub href: String,
    pub slug: String,
    pub title: String,
    pub reference: String,
    pub kind: &'static str,
    pub unit: String,
    pub unit_href: String,
    pub year: i16,
    pub notice_date: String,
    pub status: &'static str,
    pub threshold: &'static str,
    pub value: Option<i64>,
    pub bases: Vec<(String, String)>,
    pub contractor: Option<String>,
    /// The contractor's directory page when it is linked.
    pub contractor_href: Option<String>,
    pub won_by_pes: bool,
}

impl Card {
    pub(super) fn new(record: &Procurement, slugs: &BTreeMap<OrgId, String>) -> Card {
        let contractor = record.contractor.as_ref();
        Card {
            href: record.path(),
            slug: record.slug.clone(),
            title: record.title.clone(),
            reference: record.reference.clone(),
            kind: record.kind.label(),
            unit: record.unit.clone(),
            unit_href: format!("/klauzule?komorka={}", unit_code(&record.unit)),
            year: record.year(),
            notice_date: record.notice_date.to_string(),
            status: record.status.label(),
            threshold: record.threshold.label(),
            value: record.value(),
            bases: record
                .bases()
                .into_iter()
                .map(|b| {
                    (
                        format!("{} {}", b.act().short(), b.provision()),
                        format!("/klauzule?podstawa={}", b.code()),
                    )
                })
                .collect(),
            contractor: contractor.map(|c| c.name.clone()),
            contractor_href: contractor
                .and_then(|c| c.organization)
                .and_then(|id| slugs.get(&id))
                .map(|slug| format!("/podmioty/{slug}")),
            won_by_pes: record.won_by_pes(),
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
    label: String,
    count: usize,
    href: String,
    selected: bool,
}

/// (URL value, facet value code, label) of every value of a facet the current result has, in
/// the facet's order.
fn facet_values(
    app: &App,
    name: &str,
    counts: Option<&BTreeMap<String, usize>>,
) -> Vec<(String, String, String)> {
    match name {
        "rok" => {
            let mut years: Vec<String> = counts
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default();
            years.sort_by(|a, b| b.cmp(a));
            years
                .into_iter()
                .map(|y| (y.clone(), y.clone(), y))
                .collect()
        }
        "komorka" => {
            let index = read_index(app);
            let mut units: Vec<(String, String, String)> = counts
                .map(|c| {
                    c.keys()
                        .map(|code| {
                            let label = index.unit_name(code).unwrap_or(code).to_string();
                            (code.clone(), code.clone(), label)
                        })
                        .collect()
                })
                .unwrap_or_default();
            units.sort_by_key(|u| crate::search::collation_key(&u.2));
            units
        }
        "podstawa" => LegalBasis::ALL
            .iter()
            .map(|b| (b.code().to_string(), b.code().to_string(), b.full_label()))
            .collect(),
        "grupa" => TargetGroup::ALL
            .iter()
            .map(|g| {
                (
                    g.code().to_string(),
                    g.code().to_string(),
                    g.label().to_string(),
                )
            })
            .collect(),
        "pes" => vec![(
            PES_VALUE.to_string(),
            PES_VALUE.to_string(),
            "Podmiot ekonomii społecznej".to_string(),
        )],
        _ => Vec::new(),
    }
}

fn facet_groups(app: &App, found: &Found, links: &Links) -> Vec<FacetGroup> {
    FACETS
        .iter()
        .map(|(name, number, title)| {
            let counts = found.facets.get(*number);
            let chosen = links.current(name).map(|v| {
                if *name == "komorka" {
                    unit_code(v)
                } else {
                    v.to_string()
                }
            });
            let options: Vec<FacetOption> = facet_values(app, name, counts)
                .into_iter()
                .filter_map(|(value, code, label)| {
                    let count = counts.and_then(|f| f.get(&code)).copied().unwrap_or(0);
                    let selected = chosen.as_deref() == Some(code.as_str());
                    if count == 0 && !selected {
                        return None;
                    }
                    let href = if selected {
                        links.without(name).page()
                    } else {
                        links.with(name, Some(&value)).page()
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

fn active_filters(app: &App, links: &Links) -> Vec<ActiveFilter> {
    FACETS
        .iter()
        .filter_map(|(name, _, title)| {
            let value = links.current(name)?;
            let label = match *name {
                "komorka" => read_index(app)
                    .unit_name(&unit_code(value))
                    .unwrap_or(value)
                    .to_string(),
                "podstawa" => LegalBasis::from_code(value)
                    .map(LegalBasis::full_label)
                    .unwrap_or_else(|| value.to_string()),
                "grupa" => TargetGroup::from_code(value)
                    .map(|g| g.label().to_string())
                    .unwrap_or_else(|| value.to_string()),
                "pes" => "podmiot ekonomii społecznej".to_string(),
                _ => value.to_string(),
            };
            Some(ActiveFilter {
                title,
                label,
                remove_href: links.without(name).page(),
            })
        })
        .collect()
}

/// A one-line summary of a procurement (feeds).
pub(super) fn summary(record: &Procurement) -> String {
    let bases: Vec<String> = record
        .bases()
        .iter()
        .map(|b| format!("{} {}", b.act().short(), b.provision()))
        .collect();
    format!(
        "{} · {} · {} · ogłoszenie {} · {}{}",
        record.unit,
        record.procedure.label(),
        record.threshold.describe(record.act),
        format::date_long(record.notice_date),
        bases.join("; "),
        record
            .value()
            .map(|v| format!(" · {}", format::money(v)))
            .unwrap_or_default()
    )
}

/// Where this list's links lead and what they keep.
const LIST: ListSpec = ListSpec {
    page: "/klauzule",
    api: "/api/v1/procurements",
    sort: "sortuj",
    kept: &[
        "q", "rok", "komorka", "podstawa", "grupa", "pes", "sortuj", "page",
    ],
};
