//! Zapotrzebowanie: the needs board — the list with search, facets and sort orders. A need's
//! page is `need_page.rs`.

use std::collections::HashMap;

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::need::{Need, NeedStatus, Requester, RequesterKind};
use crate::domain::offer_category::{self, Category};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::user::{Role, User};
use crate::search::catalog::{Catalog, CatalogQuery, CatalogResult, CatalogSort};
use crate::search::needs::{FACET_CATEGORY, FACET_STATUS, FACET_WHO, SORT_DEADLINE, SORT_NEWEST};
use crate::text::{format, plural::plural};
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
/// The longest search text we accept.
const MAX_QUERY_CHARS: usize = 200;
/// The highest page number we accept (the index caps results far below this anyway).
const MAX_PAGE: usize = 10_000;

/// Which statuses a list shows; open needs unless asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StatusChoice {
    One(NeedStatus),
    All,
}

impl StatusChoice {
    const ALL_CODE: &'static str = "wszystkie";

    fn code(self) -> &'static str {
        match self {
            StatusChoice::One(status) => status.code(),
            StatusChoice::All => Self::ALL_CODE,
        }
    }
}

/// The list's sort orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NeedSort {
    Deadline,
    Newest,
    Name,
}

impl NeedSort {
    const ALL: [NeedSort; 3] = [NeedSort::Deadline, NeedSort::Newest, NeedSort::Name];

    fn code(self) -> &'static str {
        match self {
            NeedSort::Deadline => "termin",
            NeedSort::Newest => "najnowsze",
            NeedSort::Name => "nazwa",
        }
    }

    fn label(self) -> &'static str {
        match self {
            NeedSort::Deadline => "najbliższy termin",
            NeedSort::Newest => "najnowsze",
            NeedSort::Name => "alfabetycznie",
        }
    }

    fn catalog(self) -> CatalogSort {
        match self {
            NeedSort::Deadline => SORT_DEADLINE,
            NeedSort::Newest => SORT_NEWEST,
            NeedSort::Name => CatalogSort::Name,
        }
    }
}

/// The list filters shared by the page and the API.
#[derive(Debug, Clone)]
pub(super) struct NeedQuery {
    pub text: String,
    pub category: Option<&'static Category>,
    pub status: StatusChoice,
    pub who: Option<RequesterKind>,
    pub sort: NeedSort,
    pub page: usize,
    pub per_page: usize,
}

impl NeedQuery {
    pub(super) fn catalog(&self) -> CatalogQuery {
        let mut filters = Vec::new();
        if let Some(category) = self.category {
            filters.push((FACET_CATEGORY, category.code.to_string()));
        }
        if let StatusChoice::One(status) = self.status {
            filters.push((FACET_STATUS, status.code().to_string()));
        }
        if let Some(who) = self.who {
            filters.push((FACET_WHO, who.code().to_string()));
        }
        CatalogQuery {
            text: self.text.clone(),
            filters,
            price_min: None,
            price_max: None,
            sort: self.sort.catalog(),
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Reads the filters. Unknown values are refused with a Polish message rather than silently
/// ignored, so that a wrong bookmark or API call is noticed.
pub(super) fn parse_query(ctx: &Ctx, per_page: usize) -> Result<NeedQuery, PageError> {
    let q = &ctx.query;
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let unknown = |what: &str, value: &str| {
        PageError::BadRequest(format!(
            "Nieznana wartość filtra „{what}”: „{}”.",
            shorten(value)
        ))
    };
    let category = match q.get("kategoria") {
        None => None,
        Some(code) => Some(offer_category::find(code).ok_or_else(|| unknown("kategoria", code))?),
    };
    let status = match q.get("status") {
        None => StatusChoice::One(NeedStatus::Open),
        Some(StatusChoice::ALL_CODE) => StatusChoice::All,
        Some(code) => {
            StatusChoice::One(NeedStatus::from_code(code).ok_or_else(|| unknown("status", code))?)
        }
    };
    let who = match q.get("kto") {
        None => None,
        Some(code) => Some(RequesterKind::from_code(code).ok_or_else(|| unknown("kto", code))?),
    };
    let sort = match q.get("sortuj") {
        None => NeedSort::Deadline,
        Some(code) => NeedSort::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznany porządek sortowania „{}” (dozwolone: termin, najnowsze, nazwa).",
                    shorten(code)
                ))
            })?,
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(NeedQuery {
        text,
        category,
        status,
        who,
        sort,
        page,
        per_page,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, Catalog> {
    match app.needs.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Runs a query against the index and loads the records of the requested page.
pub(super) fn run_query(
    app: &App,
    query: &NeedQuery,
) -> Result<(CatalogResult, Vec<Need>), PageError> {
    let result = read_index(app).search(&query.catalog());
    let ids: Vec<_> = result
        .page_ids
        .iter()
        .map(|id| crate::domain::need::NeedId(*id))
        .collect();
    let needs = app.store.needs_by_ids(&ids)?;
    Ok((result, needs))
}

/// The organisations behind `needs`, by id.
pub(super) fn organizations_of(
    app: &App,
    needs: &[Need],
) -> Result<HashMap<OrgId, Organization>, PageError> {
    let ids: Vec<OrgId> = needs
        .iter()
        .filter_map(|n| n.requester.organization())
        .collect();
    Ok(app
        .store
        .organizations_by_ids(&ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Who posted a need, for people: the department, or the organisation's name.
pub(super) fn requester_label(need: &Need, orgs: &HashMap<OrgId, Organization>) -> String {
    match &need.requester {
        Requester::City { department } => department.clone(),
        Requester::Organization { id } => orgs
            .get(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "Organizacja usunięta z bazy".to_string()),
    }
}

/// "zostały 3 dni", "został 1 dzień", "to ostatni dzień" — for an open need's deadline.
pub(super) fn days_left_note(days: i64) -> Option<String> {
    match days {
        ..0 => None,
        0 => Some("to ostatni dzień".to_string()),
        n => {
            let count = n.unsigned_abs();
            Some(format!(
                "{} {n} {}",
                plural(count, "został", "zostały", "zostało"),
                plural(count, "dzień", "dni", "dni")
            ))
        }
    }
}

/// "do 12 grudnia 2026 r."
pub(super) fn deadline_text(need: &Need) -> String {
    format!("do {} r.", format::date_long(need.deadline))
}

/// `GET /zapotrzebowanie`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(ctx, PAGE_SIZE)?;
    let (result, needs) = run_query(app, &query)?;
    let status_counts = match query.status {
        StatusChoice::All => result.facets[FACET_STATUS].clone(),
        StatusChoice::One(_) => {
            let mut without = query.clone();
            without.status = StatusChoice::All;
            without.per_page = 1;
            without.page = 1;
            read_index(app).search(&without.catalog()).facets[FACET_STATUS].clone()
        }
    };
    let orgs = organizations_of(app, &needs)?;
    let ids: Vec<_> = needs.iter().map(|n| n.id).collect();
    let counts = app.store.need_response_counts(&ids)?;
    let today = format::today();
    let links = Links::new(ctx, &LIST);
    let view = ListView {
        q: query.text.clone(),
        total: result.total,
        truncated: result.truncated,
        hidden: links.hidden_filters(),
        sort: query.sort.code(),
        sort_options: NeedSort::ALL
            .into_iter()
            .map(|s| SortOption {
                label: s.label(),
                href: links.with("sortuj", Some(s.code())).page(),
                current: s == query.sort,
            })
            .collect(),
        results: needs
            .iter()
            .zip(counts)
            .map(|(need, responses)| Card::new(need, &orgs, responses, today))
            .collect(),
        facets: facet_groups(&query, &result, &status_counts, &links),
        active_filters: active_filters(&query, &links),
        pagination: Pagination::new(query.page, result.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        status_label: match query.status {
            StatusChoice::One(NeedStatus::Open) => "otwarte",
            StatusChoice::One(NeedStatus::InProgress) => "w realizacji",
            StatusChoice::One(NeedStatus::Closed) => "zamknięte",
            StatusChoice::All => "",
        },
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        clear_href: "/zapotrzebowanie".to_string(),
        can_post: ctx.visitor.user.as_ref().is_some_and(may_post),
    };
    let title = if query.text.is_empty() {
        "Zapotrzebowanie".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – Zapotrzebowanie",
            shorten(&query.text)
        )
    };
    super::render(app, ctx, "needs/list.html", &title, view)
}

/// Whether `user` may post needs: city staff, or a representative of an organisation.
pub(super) fn may_post(user: &User) -> bool {
    user.role.is_staff() || (user.role == Role::Pes && !user.organizations.is_empty())
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    truncated: bool,
    hidden: Vec<(String, String)>,
    sort: &'static str,
    sort_options: Vec<SortOption>,
    results: Vec<Card>,
    facets: Vec<FacetGroup>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    /// The status shown, for the heading ("(status: otwarte)"); empty for all statuses.
    status_label: &'static str,
    csv_href: String,
    json_href: String,
    clear_href: String,
    can_post: bool,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

/// One need in the result list.
#[derive(Serialize)]
struct Card {
    href: String,
    title: String,
    who: String,
    who_kind: &'static str,
    category: String,
    value: Option<i64>,
    deadline: String,
    deadline_iso: String,
    days_left: Option<String>,
    status: &'static str,
    status_code: &'static str,
    responses: usize,
    scope: String,
}

impl Card {
    fn new(
        need: &Need,
        orgs: &HashMap<OrgId, Organization>,
        responses: usize,
        today: jiff::civil::Date,
    ) -> Card {
        let status = need.effective_status(today);
        Card {
            href: format!("/zapotrzebowanie/{}", need.slug),
            title: need.title.clone(),
            who: requester_label(need, orgs),
            who_kind: need.requester.kind().label(),
            category: offer_category::path_label(&need.category),
            value: need.estimated_value,
            deadline: deadline_text(need),
            deadline_iso: need.deadline.to_string(),
            days_left: (status == NeedStatus::Open)
                .then(|| days_left_note(need.days_left(today)))
                .flatten(),
            status: status.label(),
            status_code: status.code(),
            responses,
            scope: need.scope.clone(),
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
    /// Subcategories of a selected main category.
    children: Vec<FacetOption>,
}

fn count_of(counts: &std::collections::BTreeMap<String, usize>, code: &str) -> usize {
    counts.get(code).copied().unwrap_or(0)
}

fn facet_groups(
    query: &NeedQuery,
    result: &CatalogResult,
    status_counts: &std::collections::BTreeMap<String, usize>,
    links: &Links,
) -> Vec<FacetGroup> {
    let categories = &result.facets[FACET_CATEGORY];
    let selected = query.category.map(|c| c.code);
    let selected_main = query.category.map(|c| c.parent.unwrap_or(c.code));
    let category_options: Vec<FacetOption> = offer_category::main_categories()
        .filter(|main| count_of(categories, main.code) > 0)
        .map(|main| {
            let is_selected = selected == Some(main.code);
            let children = if selected_main == Some(main.code) {
                offer_category::subcategories(main.code)
                    .filter(|sub| count_of(categories, sub.code) > 0)
                    .map(|sub| {
                        let sub_selected = selected == Some(sub.code);
                        FacetOption {
                            label: sub.label.to_string(),
                            count: count_of(categories, sub.code),
                            href: if sub_selected {
                                links.with("kategoria", Some(main.code)).page()
                            } else {
                                links.with("kategoria", Some(sub.code)).page()
                            },
                            selected: sub_selected,
                            children: Vec::new(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            FacetOption {
                label: main.label.to_string(),
                count: count_of(categories, main.code),
                href: if is_selected {
                    links.without("kategoria").page()
                } else {
                    links.with("kategoria", Some(main.code)).page()
                },
                selected: is_selected,
                children,
            }
        })
        .collect();
    let all: usize = status_counts.values().sum();
    let status_options = NeedStatus::ALL
        .iter()
        .map(|s| {
            (
                StatusChoice::One(*s),
                s.label(),
                count_of(status_counts, s.code()),
            )
        })
        .chain([(StatusChoice::All, "Wszystkie", all)])
        .map(|(choice, label, count)| FacetOption {
            label: label.to_string(),
            count,
            href: if choice == StatusChoice::One(NeedStatus::Open) {
                links.without("status").page()
            } else {
                links.with("status", Some(choice.code())).page()
            },
            selected: choice == query.status,
            children: Vec::new(),
        })
        .collect();
    let who_counts = &result.facets[FACET_WHO];
    let who_options = RequesterKind::ALL
        .iter()
        .filter(|k| count_of(who_counts, k.code()) > 0 || query.who == Some(**k))
        .map(|k| {
            let is_selected = query.who == Some(*k);
            FacetOption {
                label: match k {
                    RequesterKind::City => "Miasto (urząd i jednostki)".to_string(),
                    RequesterKind::Pes => "Podmioty ekonomii społecznej".to_string(),
                },
                count: count_of(who_counts, k.code()),
                href: if is_selected {
                    links.without("kto").page()
                } else {
                    links.with("kto", Some(k.code())).page()
                },
                selected: is_selected,
                children: Vec::new(),
            }
        })
        .collect();
    [
        ("Status", status_options),
        ("Kategoria", category_options),
        ("Kto zgłasza", who_options),
    ]
    .into_iter()
    .filter(|(_, options): &(&str, Vec<FacetOption>)| !options.is_empty())
    .map(|(title, options)| FacetGroup {
        title,
        open: true,
        options,
    })
    .collect()
}

fn active_filters(query: &NeedQuery, links: &Links) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    if let Some(category) = query.category {
        out.push(ActiveFilter {
            title: "Kategoria",
            label: offer_category::path_label(category.code),
            remove_href: links.without("kategoria").page(),
        });
    }
    match query.status {
        StatusChoice::One(NeedStatus::Open) => {}
        StatusChoice::One(status) => out.push(ActiveFilter {
            title: "Status",
            label: status.label().to_string(),
            remove_href: links.without("status").page(),
        }),
        StatusChoice::All => out.push(ActiveFilter {
            title: "Status",
            label: "wszystkie".to_string(),
            remove_href: links.without("status").page(),
        }),
    }
    if let Some(who) = query.who {
        out.push(ActiveFilter {
            title: "Kto zgłasza",
            label: who.label().to_string(),
            remove_href: links.without("kto").page(),
        });
    }
    out
}

/// Where this list's links lead and what they keep.
const LIST: ListSpec = ListSpec {
    page: "/zapotrzebowanie",
    api: "/api/v1/needs",
    sort: "sortuj",
    kept: &["q", "kategoria", "status", "kto", "sortuj", "page"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_are_said_with_polish_plurals() {
        assert_eq!(days_left_note(-1), None);
        assert_eq!(days_left_note(0).as_deref(), Some("to ostatni dzień"));
        assert_eq!(days_left_note(1).as_deref(), Some("został 1 dzień"));
        assert_eq!(days_left_note(3).as_deref(), Some("zostały 3 dni"));
        assert_eq!(days_left_note(5).as_deref(), Some("zostało 5 dni"));
        assert_eq!(days_left_note(12).as_deref(), Some("zostało 12 dni"));
        assert_eq!(days_left_note(22).as_deref(), Some("zostały 22 dni"));
        assert_eq!(days_left_note(111).as_deref(), Some("zostało 111 dni"));
    }
}
