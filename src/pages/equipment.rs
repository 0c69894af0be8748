//! Bank sprzętu (`/sprzet`): the searchable list of equipment, with its facets and links. An
//! item's page is `equipment_item.rs`; the steps live in `equipment_requests.rs` and
//! `equipment_handover.rs`; adding and editing in `equipment_edit.rs`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::equipment::{
    self, Condition, Donor, EquipmentCategory, EquipmentItem, EquipmentRequest, Mode,
    PRIVATE_DONOR, Status,
};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::photo::Photo;
use crate::search::catalog::{Catalog, CatalogQuery, CatalogSort};
use crate::search::equipment::{CATEGORY, CONDITION, CURRENT, MODE, STATUS};
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
/// The longest search text we accept.
const MAX_QUERY_CHARS: usize = 200;
/// The highest page number we accept (the index caps results far below this anyway).
const MAX_PAGE: usize = 10_000;
/// The status value of the list's "everything" choice.
const ALL: &str = "wszystkie";

/// The facets, in the order they are shown: (URL name, facet number, heading).
const FACETS: &[(&str, usize, &str)] = &[
    ("kategoria", CATEGORY, "Kategoria"),
    ("stan", CONDITION, "Stan techniczny"),
    ("tryb", MODE, "Forma przekazania"),
    ("status", STATUS, "Status"),
];

/// Which statuses the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StatusChoice {
    /// Available and reserved (the default).
    Current,
    Only(Status),
    All,
}

impl StatusChoice {
    fn code(self) -> &'static str {
        match self {
            StatusChoice::Current => CURRENT,
            StatusChoice::Only(status) => status.code(),
            StatusChoice::All => ALL,
        }
    }
}

/// What a visitor asks the list (or the API) for.
#[derive(Debug, Clone)]
pub(super) struct EquipmentQuery {
    pub text: String,
    pub category: Option<EquipmentCategory>,
    pub condition: Option<Condition>,
    pub mode: Option<Mode>,
    pub status: StatusChoice,
    pub sort: CatalogSort,
    pub page: usize,
    pub per_page: usize,
}

impl EquipmentQuery {
    pub(super) fn catalog(&self, with_status: bool) -> CatalogQuery {
        let mut filters = Vec::new();
        if let Some(c) = self.category {
            filters.push((CATEGORY, c.code().to_string()));
        }
        if let Some(c) = self.condition {
            filters.push((CONDITION, c.code().to_string()));
        }
        if let Some(m) = self.mode {
            filters.push((MODE, m.code().to_string()));
        }
        if with_status && self.status != StatusChoice::All {
            filters.push((STATUS, self.status.code().to_string()));
        }
        CatalogQuery {
            text: self.text.clone(),
            filters,
            price_min: None,
            price_max: None,
            sort: self.sort,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Reads the list filters shared by the page and the API. Unknown values are refused with a
/// Polish message rather than silently ignored, so a wrong bookmark is noticed.
pub(super) fn parse_query(ctx: &Ctx, per_page: usize) -> Result<EquipmentQuery, PageError> {
    let q = &ctx.query;
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
            None => Ok(None),
            Some(value) => parse(value).map(Some).ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznana wartość filtra „{name}”: „{}”.",
                    shorten(value)
                ))
            }),
        }
    }
    let category = known(q, "kategoria", EquipmentCategory::from_code)?;
    let condition = known(q, "stan", Condition::from_code)?;
    let mode = known(q, "tryb", Mode::from_code)?;
    let status = match q.get("status") {
        None | Some(CURRENT) => StatusChoice::Current,
        Some(ALL) => StatusChoice::All,
        Some(code) => match Status::from_code(code) {
            Some(status) => StatusChoice::Only(status),
            None => {
                return Err(PageError::BadRequest(format!(
                    "Nieznana wartość filtra „status”: „{}” (dozwolone: aktualne, dostepny, \
                     zarezerwowany, przekazany, zwrocony, wszystkie).",
                    shorten(code)
                )));
            }
        },
    };
    let sort = match q.get("sortuj") {
        None | Some("najnowsze") => CatalogSort::Newest,
        Some("nazwa") => CatalogSort::Name,
        Some(other) => {
            return Err(PageError::BadRequest(format!(
                "Nieznany porządek sortowania „{}” (dozwolone: nazwa, najnowsze).",
                shorten(other)
            )));
        }
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(EquipmentQuery {
        text,
        category,
        condition,
        mode,
        status,
        sort,
        page,
        per_page,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, Catalog> {
    match app.equipment.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One page of results with the facet counts.
pub(super) struct Found {
    pub total: usize,
    pub truncated: bool,
    pub items: Vec<EquipmentItem>,
    pub facets: Vec<BTreeMap<String, usize>>,
    /// Counts per status value whatever status is chosen, and the number of all statuses.
    pub statuses: BTreeMap<String, usize>,
    pub all_statuses: usize,
}

/// Runs a query against the index and loads the records of the requested page.
pub(super) fn run_query(app: &App, query: &EquipmentQuery) -> Result<Found, PageError> {
    let (result, statuses, all_statuses) = {
        let index = read_index(app);
        let result = index.search(&query.catalog(true));
        // The status facet counts every status whatever status is chosen.
        let every = if query.status == StatusChoice::All {
            None
        } else {
            let mut without_status = query.catalog(false);
            without_status.page = 1;
            without_status.per_page = 1;
            Some(index.search(&without_status))
        };
        let every = every.as_ref().unwrap_or(&result);
        let statuses = every.facets.get(STATUS).cloned().unwrap_or_default();
        let all = every.total;
        (result, statuses, all)
    };
    let ids: Vec<_> = result
        .page_ids
        .iter()
        .map(|id| equipment::EquipmentId(*id))
        .collect();
    let items = app.store.equipment_by_ids(&ids)?;
    Ok(Found {
        total: result.total,
        truncated: result.truncated,
        items,
        facets: result.facets,
        statuses,
        all_statuses,
    })
}

/// The organisations the items name (donors, reservations, handovers), by id.
pub(super) fn organizations_of(
    app: &App,
    items: &[EquipmentItem],
    requests: &[EquipmentRequest],
) -> Result<HashMap<OrgId, Organization>, PageError> {
    let mut ids: Vec<OrgId> = items
        .iter()
        .flat_map(|i| {
            [
                i.donor.organization(),
                i.reserved_for,
                i.handover.as_ref().map(|h| h.organization),
            ]
        })
        .flatten()
        .chain(requests.iter().map(|r| r.organization))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(app
        .store
        .organizations_by_ids(&ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// An organisation's name, or a neutral word when it is gone.
pub(super) fn org_name(orgs: &HashMap<OrgId, Organization>, id: OrgId) -> String {
    orgs.get(&id)
        .map(|o| o.name.clone())
        .unwrap_or_else(|| "organizacja".to_string())
}

/// The donor as the public sees it: a department's or organisation's name, or "osoba
/// prywatna".
pub(super) fn public_donor(item: &EquipmentItem, orgs: &HashMap<OrgId, Organization>) -> String {
    match &item.donor {
        Donor::Department { name } => name.clone(),
        Donor::Organization { id } => org_name(orgs, *id),
        Donor::Person { .. } => PRIVATE_DONOR.to_string(),
    }
}

/// `GET /sprzet`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(ctx, PAGE_SIZE)?;
    let found = run_query(app, &query)?;
    let orgs = organizations_of(app, &found.items, &[])?;
    let links = Links::new(ctx, &LIST);
    let view = ListView {
        q: query.text.clone(),
        total: found.total,
        truncated: found.truncated,
        sort: if query.sort == CatalogSort::Name {
            "nazwa"
        } else {
            "najnowsze"
        },
        hidden: links.hidden_filters(),
        sort_options: [
            (CatalogSort::Newest, "najnowsze", "najnowsze"),
            (CatalogSort::Name, "nazwa", "alfabetycznie"),
        ]
        .into_iter()
        .map(|(sort, code, label)| SortOption {
            label,
            href: links.with("sortuj", Some(code)).page(),
            current: query.sort == sort,
        })
        .collect(),
        results: found.items.iter().map(|i| Card::new(i, &orgs)).collect(),
        facets: facet_groups(&found, &links),
        active_filters: active_filters(&links),
        pagination: Pagination::new(query.page, found.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        atom_href: "/sprzet.atom".to_string(),
        clear_href: "/sprzet".to_string(),
        can_add: ctx
            .visitor
            .user
            .as_ref()
            .is_some_and(|u| equipment::donor_kind_for(u).is_some()),
        signed_in: ctx.visitor.user.is_some(),
    };
    let title = if query.text.is_empty() {
        "Bank sprzętu".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – Bank sprzętu",
            shorten(&query.text)
        )
    };
    render(app, ctx, "equipment/list.html", &title, view)
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    truncated: bool,
    sort: &'static str,
    hidden: Vec<(String, String)>,
    sort_options: Vec<SortOption>,
    results: Vec<Card>,
    facets: Vec<FacetGroup>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    atom_href: String,
    clear_href: String,
    can_add: bool,
    signed_in: bool,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

/// One item in the result list.
#[derive(Serialize)]
struct Card {
    href: String,
    title: String,
    category: &'static str,
    condition: &'static str,
    quantity: u32,
    unit: &'static str,
    district: String,
    status: &'static str,
    status_code: &'static str,
    mode: &'static str,
    return_by: Option<String>,
    donor: String,
    summary: String,
    photo: Option<Photo>,
}

impl Card {
    fn new(item: &EquipmentItem, orgs: &HashMap<OrgId, Organization>) -> Card {
        Card {
            href: format!("/sprzet/{}", item.slug),
            title: item.title.clone(),
            category: item.category.label(),
            condition: item.condition.label(),
            quantity: item.quantity,
            unit: item.unit.label(),
            district: item.pickup_district.clone(),
            status: item.status.label(),
            status_code: item.status.code(),
            mode: item.mode.label(),
            return_by: item.return_by.map(|d| d.to_string()),
            donor: public_donor(item, orgs),
            summary: equipment::summary(&item.description, 220),
            photo: item.photos.first().cloned(),
        }
    }
}

#[derive(Serialize)]
struct FacetGroup {
    name: &'static str,
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

/// (code, label) of every value of a facet, in vocabulary order.
fn facet_values(name: &str) -> Vec<(&'static str, String)> {
    fn all<T: Copy>(
        values: &[T],
        code: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
    ) -> Vec<(&'static str, String)> {
        values
            .iter()
            .map(|v| (code(*v), label(*v).to_string()))
            .collect()
    }
    match name {
        "kategoria" => all(
            EquipmentCategory::ALL,
            EquipmentCategory::code,
            EquipmentCategory::label,
        ),
        "stan" => all(Condition::ALL, Condition::code, Condition::label),
        "tryb" => all(Mode::ALL, Mode::code, Mode::label),
        "status" => {
            let mut values = vec![(CURRENT, "dostępne i zarezerwowane".to_string())];
            values.extend(
                Status::ALL
                    .iter()
                    .map(|s| (s.code(), status_plural(*s).to_string())),
            );
            values.push((ALL, "wszystkie, także przekazane".to_string()));
            values
        }
        _ => Vec::new(),
    }
}

/// A status as a facet label ("przekazane" rather than "przekazany").
fn status_plural(status: Status) -> &'static str {
    match status {
        Status::Available => "dostępne",
        Status::Reserved => "zarezerwowane",
        Status::HandedOver => "przekazane",
        Status::Returned => "zwrócone",
    }
}

fn facet_groups(found: &Found, links: &Links) -> Vec<FacetGroup> {
    FACETS
        .iter()
        .map(|(name, number, title)| {
            let is_status = *number == STATUS;
            let chosen = links
                .current(name)
                .unwrap_or(if is_status { CURRENT } else { "" });
            let options = facet_values(name)
                .into_iter()
                .filter_map(|(code, label)| {
                    let count = if !is_status {
                        found.facets.get(*number)?.get(code).copied()?
                    } else if code == ALL {
                        found.all_statuses
                    } else {
                        found.statuses.get(code).copied().unwrap_or(0)
                    };
                    let selected = chosen == code;
                    if count == 0 && !selected && !(is_status && code == CURRENT) {
                        return None;
                    }
                    let href = if is_status {
                        let value = (code != CURRENT).then_some(code);
                        links.with(name, value).page()
                    } else if selected {
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
                .collect::<Vec<_>>();
            FacetGroup {
                name,
                title,
                open: is_status || links.current(name).is_some() || options.len() <= 6,
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
            if *name == "status" && code == CURRENT {
                return None;
            }
            let label = facet_values(name)
                .into_iter()
                .find(|(c, _)| *c == code)
                .map(|(_, label)| label)
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
    page: "/sprzet",
    api: "/api/v1/equipment",
    sort: "sortuj",
    kept: &["q", "kategoria", "stan", "tryb", "status", "sortuj", "page"],
};
