//! Baza PES: the searchable directory of organisations and their profile pages.

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::organization::{Area, LegalForm, Organization, StatusFilter, TargetGroup};
use crate::search::{OrgQuery, OrgSearch, OrgSort};
use crate::text::format;
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
/// The longest search text we accept.
const MAX_QUERY_CHARS: usize = 200;
/// The highest page number we accept (the index caps results far below this anyway).
const MAX_PAGE: usize = 10_000;

/// The facet parameters, in the order they are shown: (URL name, heading).
const FACETS: &[(&str, &str)] = &[
    ("forma", "Forma prawna"),
    ("obszar", "Obszar działalności"),
    ("grupa", "Grupa docelowa"),
    ("osiedle", "Osiedle"),
    ("status", "Status"),
];

/// Reads the list filters shared by the page and the API. Unknown values are refused with a
/// Polish message rather than silently ignored, so a wrong bookmark is noticed.
pub(super) fn parse_query(app: &App, ctx: &Ctx, per_page: usize) -> Result<OrgQuery, PageError> {
    parse_filters(app, &ctx.query, per_page)
}

/// [`parse_query`] over any set of parameters (the map page passes the ones of this list).
pub(super) fn parse_filters(
    app: &App,
    q: &crate::web::query::Query,
    per_page: usize,
) -> Result<OrgQuery, PageError> {
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let vocabulary = |name: &str, what: &str, known: bool| -> Result<(), PageError> {
        match q.get(name) {
            Some(value) if !known => Err(PageError::BadRequest(format!(
                "Nieznana wartość filtra „{what}”: „{}”.",
                shorten(value)
            ))),
            _ => Ok(()),
        }
    };
    let legal_form = q.get("forma").and_then(LegalForm::from_code);
    vocabulary("forma", "forma prawna", legal_form.is_some())?;
    let area = q.get("obszar").and_then(Area::from_code);
    vocabulary("obszar", "obszar działalności", area.is_some())?;
    let target_group = q.get("grupa").and_then(TargetGroup::from_code);
    vocabulary("grupa", "grupa docelowa", target_group.is_some())?;
    let status = q.get("status").and_then(StatusFilter::from_code);
    vocabulary("status", "status", status.is_some())?;
    let district = q.get("osiedle").map(str::to_string);
    if let Some(slug) = &district {
        let known = read_index(app).districts().iter().any(|d| &d.slug == slug);
        vocabulary("osiedle", "osiedle", known)?;
    }
    let sort = match q.get("sort") {
        None | Some("nazwa") => OrgSort::Name,
        Some("aktualizacja") => OrgSort::Updated,
        Some(other) => {
            return Err(PageError::BadRequest(format!(
                "Nieznany porządek sortowania „{}” (dozwolone: nazwa, aktualizacja).",
                shorten(other)
            )));
        }
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    Ok(OrgQuery {
        text,
        legal_form,
        area,
        target_group,
        district,
        status,
        sort,
        page,
        per_page,
    })
}

pub(super) fn read_index(app: &App) -> std::sync::RwLockReadGuard<'_, crate::search::OrgIndex> {
    match app.organizations.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Runs a query against the index and loads the records of the requested page.
pub(super) fn run_query(
    app: &App,
    query: &OrgQuery,
) -> Result<(OrgSearch, Vec<Organization>), PageError> {
    let search = read_index(app).search(query, format::today());
    let records = app.store.organizations_by_ids(&search.page_ids)?;
    Ok((search, records))
}

/// `GET /podmioty`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let query = parse_query(app, ctx, PAGE_SIZE)?;
    let (search, records) = run_query(app, &query)?;
    let links = Links::new(ctx, &LIST);
    let today = format::today();
    let view = ListView {
        q: query.text.clone(),
        total: search.total,
        truncated: search.truncated,
        sort: match query.sort {
            OrgSort::Name => "nazwa",
            OrgSort::Updated => "aktualizacja",
        },
        hidden: links.hidden_filters(),
        sort_options: sort_options(&query, &links),
        results: records.iter().map(|org| Card::new(org, today)).collect(),
        facets: facet_groups(&search, &links),
        active_filters: active_filters(&search, &links),
        pagination: Pagination::new(query.page, search.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        clear_href: "/podmioty".to_string(),
        map_href: super::map::page_href(
            &[("pes", "1")],
            &links.except(&["page", "sort", "status", "osiedle"]),
        ),
        map: super::map::panel(
            app,
            "Mapa organizacji z listy",
            vec![super::map::layer_query(
                super::map::Layer::Pes,
                &links.except(&["page", "sort"]),
            )],
        ),
    };
    let title = if query.text.is_empty() {
        "Baza podmiotów ekonomii społecznej".to_string()
    } else {
        format!("Wyniki wyszukiwania „{}” – Baza PES", shorten(&query.text))
    };
    render(app, ctx, "organizations/list.html", &title, view)
}

/// `GET /podmioty/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let org = app
        .store
        .organization_by_slug(ctx.param("slug"))?
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)?;
    let mut view = ProfileView::new(&org);
    if let Some(user) = &ctx.visitor.user {
        view.can_edit = super::organization_edit::may_edit(user, &org);
        view.can_claim = user.role == crate::domain::user::Role::Pes && !view.can_edit;
    }
    view.saved = ctx.query.get("zapisano").is_some();
    view.offers = super::offers::published_of(app, &org)?;
    render(app, ctx, "organizations/show.html", &org.name, view)
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
    clear_href: String,
    map_href: String,
    map: super::map::MapPanel,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

fn sort_options(query: &OrgQuery, links: &Links) -> Vec<SortOption> {
    [
        (OrgSort::Name, "nazwa", "alfabetycznie"),
        (OrgSort::Updated, "aktualizacja", "według daty aktualizacji"),
    ]
    .into_iter()
    .map(|(sort, code, label)| SortOption {
        label,
        href: links.with("sort", Some(code)).page(),
        current: query.sort == sort,
    })
    .collect()
}

/// One organisation in the result list.
#[derive(Serialize)]
struct Card {
    href: String,
    name: String,
    legal_form: &'static str,
    district: String,
    street: String,
    summary: String,
    statuses: Vec<&'static str>,
    updated: i64,
    /// The logo's thumbnail, shown small beside the name.
    logo: Option<String>,
}

impl Card {
    fn new(org: &Organization, today: jiff::civil::Date) -> Card {
        Card {
            href: format!("/podmioty/{}", org.slug),
            name: org.name.clone(),
            legal_form: org.legal_form.label(),
            district: org.district.clone(),
            street: org.address.street.clone(),
            summary: summary(&org.description, 220),
            statuses: org
                .active_statuses(today)
                .iter()
                .map(|s| short_status(*s))
                .collect(),
            updated: org.updated,
            logo: org
                .logo
                .as_ref()
                .map(|l| super::media::thumbnail_url(l.image)),
        }
    }
}

fn short_status(status: StatusFilter) -> &'static str {
    match status {
        StatusFilter::Opp => "OPP",
        StatusFilter::SocialEnterprise => "Przedsiębiorstwo społeczne",
        StatusFilter::ProsocialLabel => "Zakup Prospołeczny",
    }
}

/// The first sentences of a description up to about `max` characters, cut at a word.
fn summary(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
}

#[derive(Serialize)]
struct FacetGroup {
    name: &'static str,
    title: &'static str,
    /// Open the group when something is selected or it is short.
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

/// (facet URL name, code, label, count) for every facet value, in the index's order.
fn facet_values(search: &OrgSearch) -> Vec<(&'static str, String, String, usize)> {
    let f = &search.facets;
    let mut out = Vec::new();
    for c in &f.legal_forms {
        out.push((
            "forma",
            c.value.code().to_string(),
            c.value.label().to_string(),
            c.count,
        ));
    }
    for c in &f.areas {
        out.push((
            "obszar",
            c.value.code().to_string(),
            c.value.label().to_string(),
            c.count,
        ));
    }
    for c in &f.target_groups {
        out.push((
            "grupa",
            c.value.code().to_string(),
            c.value.label().to_string(),
            c.count,
        ));
    }
    for c in &f.districts {
        out.push((
            "osiedle",
            c.value.slug.clone(),
            c.value.name.clone(),
            c.count,
        ));
    }
    for c in &f.statuses {
        out.push((
            "status",
            c.value.code().to_string(),
            c.value.label().to_string(),
            c.count,
        ));
    }
    out
}

fn facet_groups(search: &OrgSearch, links: &Links) -> Vec<FacetGroup> {
    let values = facet_values(search);
    FACETS
        .iter()
        .map(|(name, title)| {
            let options: Vec<FacetOption> = values
                .iter()
                .filter(|(n, ..)| n == name)
                .map(|(_, code, label, count)| {
                    let selected = links.current(name) == Some(code.as_str());
                    let href = if selected {
                        links.without(name).page()
                    } else {
                        links.with(name, Some(code)).page()
                    };
                    FacetOption {
                        label: label.clone(),
                        count: *count,
                        href,
                        selected,
                    }
                })
                .collect();
            FacetGroup {
                name,
                title,
                open: links.current(name).is_some() || options.len() <= 6,
                options,
            }
        })
        .filter(|g| !g.options.is_empty())
        .collect()
}

fn active_filters(search: &OrgSearch, links: &Links) -> Vec<ActiveFilter> {
    let values = facet_values(search);
    FACETS
        .iter()
        .filter_map(|(name, title)| {
            let code = links.current(name)?;
            let label = values
                .iter()
                .find(|(n, c, ..)| n == name && c == code)
                .map(|(_, _, label, _)| label.clone())
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
    page: "/podmioty",
    api: "/api/v1/organizations",
    sort: "sort",
    kept: &[
        "q", "forma", "obszar", "grupa", "osiedle", "status", "sort", "page",
    ],
};

/// Everything the profile page shows.
#[derive(Serialize)]
struct ProfileView {
    name: String,
    slug: String,
    legal_form: &'static str,
    legal_form_code: &'static str,
    krs: Option<String>,
    nip: Option<String>,
    regon: Option<String>,
    street: String,
    postal_code: String,
    city: String,
    district: String,
    district_href: String,
    phone: Option<String>,
    phone_href: Option<String>,
    email: Option<String>,
    website: Option<String>,
    person: Option<String>,
    description: Vec<String>,
    areas: Vec<(&'static str, String)>,
    target_groups: Vec<&'static str>,
    opp: bool,
    social_enterprise: bool,
    label_until: Option<String>,
    label_valid: bool,
    updated: i64,
    created: i64,
    demo: bool,
    api_href: String,
    can_edit: bool,
    can_claim: bool,
    saved: bool,
    /// Its published offers (Produkty i usługi).
    offers: Vec<super::offers::OfferLink>,
    /// The logo: (thumbnail URL, full-size URL, alternative text).
    logo: Option<(String, String, String)>,
}

impl ProfileView {
    fn new(org: &Organization) -> ProfileView {
        let today = format::today();
        ProfileView {
            name: org.name.clone(),
            slug: org.slug.clone(),
            legal_form: org.legal_form.label(),
            legal_form_code: org.legal_form.code(),
            krs: org.krs.clone(),
            nip: org.nip.clone(),
            regon: org.regon.clone(),
            street: org.address.street.clone(),
            postal_code: org.address.postal_code.clone(),
            city: org.address.city.clone(),
            district: org.district.clone(),
            district_href: format!(
                "/podmioty?osiedle={}",
                crate::domain::slug::slugify(&org.district)
            ),
            phone: org.contact.phone.clone(),
            phone_href: org.contact.phone.as_ref().map(|p| {
                let digits: String = p
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                format!("tel:{digits}")
            }),
            email: org.contact.email.clone(),
            website: org.contact.website.clone(),
            person: org.contact.person.clone(),
            description: org
                .description
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            areas: org
                .areas
                .iter()
                .map(|a| (a.label(), format!("/podmioty?obszar={}", a.code())))
                .collect(),
            target_groups: org.target_groups.iter().map(|g| g.label()).collect(),
            opp: org.statuses.opp,
            social_enterprise: org.statuses.social_enterprise,
            label_until: org.statuses.prosocial_label_until.map(format::date_long),
            label_valid: org.statuses.has_valid_label(today),
            updated: org.updated,
            created: org.created,
            demo: org.demo,
            api_href: format!("/api/v1/organizations/{}", org.slug),
            can_edit: false,
            can_claim: false,
            saved: false,
            offers: Vec::new(),
            logo: org.logo.as_ref().map(|l| {
                (
                    super::media::thumbnail_url(l.image),
                    super::media::display_url(l.image),
                    l.alt.clone(),
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_cut_at_a_word() {
        assert_eq!(summary("Krótki opis.", 50), "Krótki opis.");
        let long = "Stowarzyszenie prowadzi świetlicę, warsztaty i zajęcia sportowe dla dzieci.";
        let s = summary(long, 40);
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 41);
        assert!(!s.contains("świetlicę, …"));
    }
}
