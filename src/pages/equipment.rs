//! Bank sprzętu (`/sprzet`): the searchable list of equipment and an item's page — details,
//! photos, donor, pickup place, status and history, the request form for representatives and
//! the requests with the donor side's buttons. The steps themselves live in
//! `equipment_requests.rs` and `equipment_handover.rs`; adding and editing in
//! `equipment_edit.rs`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::list_links::{Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::equipment::{
    self, Actor, Condition, Donor, EquipmentCategory, EquipmentItem, EquipmentRequest, Mode,
    PRIVATE_ACTOR, PRIVATE_DONOR, RequestStatus, STAFF_ACTOR, Status,
};
use crate::domain::listing::ListingKind;
use crate::domain::mail::{MailContent, OutgoingMail};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::search::catalog::{Catalog, CatalogQuery, CatalogSort};
use crate::search::equipment::{CATEGORY, CONDITION, CURRENT, MODE, STATUS};
use crate::store::{EquipmentChange, EquipmentLookup};
use crate::web::http::Response;
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
    fn catalog(&self, with_status: bool) -> CatalogQuery {
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

#[derive(Serialize)]
struct ActiveFilter {
    title: &'static str,
    label: String,
    remove_href: String,
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

/// The item of `/sprzet/{slug}…` if the visitor may see it; pending and rejected items only
/// for the donor side.
pub(super) fn visible_item(app: &App, ctx: &Ctx) -> Result<EquipmentItem, PageError> {
    app.store
        .equipment_by_slug(ctx.param("slug"))?
        .filter(|item| equipment::may_view(ctx.visitor.user.as_ref(), item))
        .ok_or(PageError::NotFound)
}

/// What the forms on the item page show when they come back with errors.
#[derive(Debug, Default)]
pub(super) struct Forms {
    pub errors: FieldErrors,
    /// A step that is not possible now (the item changed meanwhile).
    pub problem: Option<&'static str>,
    pub organization: String,
    pub justification: String,
    pub handover_date: String,
    pub protocol: String,
    pub return_date: String,
    /// The request whose decline reason came back with an error.
    pub reason_for: Option<u64>,
    pub cancel_reason: String,
}

/// `GET /sprzet/{slug}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    show_with(app, ctx, &item, 200, Forms::default())
}

/// The item page with `status` (422 for a form with errors, 409 for a step that is not
/// possible now).
pub(super) fn show_with(
    app: &App,
    ctx: &Ctx,
    item: &EquipmentItem,
    status: u16,
    forms: Forms,
) -> PageResult {
    let view = ItemView::build(app, ctx, item, forms)?;
    render_status(app, ctx, status, "equipment/show.html", &item.title, view)
}

/// Notices shown after a step, by the `komunikat` the step redirects with.
const NOTICES: &[(&str, &str)] = &[
    (
        "dodano",
        "Sprzęt został dodany do banku i jest już widoczny dla organizacji.",
    ),
    (
        "zgloszono",
        "Dziękujemy! Sprzęt czeka na akceptację urzędu — dostaniesz wiadomość e-mail, gdy zostanie opublikowany.",
    ),
    ("zapisano", "Zmiany zostały zapisane."),
    (
        "wniosek-wyslany",
        "Wniosek został wysłany. Dostaniesz wiadomość e-mail z decyzją.",
    ),
    ("wniosek-wycofany", "Wniosek został wycofany."),
    (
        "zatwierdzono",
        "Wniosek zatwierdzony — sprzęt jest zarezerwowany dla tej organizacji. Organizacja dostanie wiadomość e-mail; pozostałe wnioski zostały odrzucone, a ich autorzy powiadomieni.",
    ),
    (
        "wniosek-odrzucony",
        "Wniosek został odrzucony, a organizacja dostanie wiadomość e-mail.",
    ),
    (
        "rezerwacja-anulowana",
        "Rezerwacja została anulowana — sprzęt jest znów dostępny. Organizacja dostanie wiadomość e-mail.",
    ),
    ("przekazano", "Zapisano przekazanie sprzętu."),
    ("zwrocono", "Zapisano zwrot sprzętu."),
    ("dostepny", "Sprzęt jest znów dostępny dla organizacji."),
    (
        "edycja-niedostepna",
        "Opis można zmieniać tylko wtedy, gdy sprzęt jest dostępny — nie jest zarezerwowany ani przekazany.",
    ),
];

/// Everything the item page shows.
#[derive(Serialize)]
struct ItemView {
    csrf: String,
    id: u64,
    slug: String,
    title: String,
    category: &'static str,
    category_code: &'static str,
    condition: &'static str,
    quantity: u32,
    unit: &'static str,
    description: Vec<String>,
    photos: Vec<Photo>,
    donor: String,
    donor_href: Option<String>,
    /// A private donor's name, for the donor side only.
    donor_private_name: Option<String>,
    pickup_address: Option<String>,
    pickup_district: String,
    mode: &'static str,
    is_loan: bool,
    return_by: Option<String>,
    status: &'static str,
    status_code: &'static str,
    reserved_for: Option<(String, String)>,
    handover: Option<HandoverView>,
    returned_on: Option<String>,
    pending: bool,
    rejected: Option<String>,
    history: Vec<HistoryLine>,
    ask_href: String,
    api_href: String,
    demo: bool,
    created: i64,
    updated: i64,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
    errors: FieldErrors,
    can_edit: bool,
    donor_side: bool,
    is_staff: bool,
    /// The representative's organisations that may still ask (empty: no form).
    request_choices: Vec<(String, String, bool)>,
    justification: String,
    /// A representative whose organisations all asked already, or own the item.
    request_blocked: Option<&'static str>,
    my_requests: Vec<RequestLine>,
    requests: Vec<RequestLine>,
    can_cancel_reservation: bool,
    can_hand_over: bool,
    handover_date: String,
    protocol: String,
    can_record_return: bool,
    return_date: String,
    can_make_available: bool,
    reason_for: Option<u64>,
    cancel_reason: String,
    /// Public and available: organisations may ask for it.
    may_be_asked_for: bool,
    signed_in: bool,
    pes_without_organization: bool,
    today: String,
}

#[derive(Serialize)]
struct HandoverView {
    date: String,
    protocol: String,
    organization: String,
    organization_href: String,
}

#[derive(Serialize)]
struct HistoryLine {
    at: i64,
    actor: String,
    what: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct RequestLine {
    id: u64,
    organization: String,
    organization_href: String,
    person: String,
    justification: String,
    status: &'static str,
    status_code: &'static str,
    open: bool,
    created: i64,
    reason: String,
}

impl ItemView {
    fn build(
        app: &App,
        ctx: &Ctx,
        item: &EquipmentItem,
        forms: Forms,
    ) -> Result<ItemView, PageError> {
        let user = ctx.visitor.user.as_ref();
        let donor_side = user.is_some_and(|u| equipment::is_donor_side(u, item));
        let asking: &[OrgId] = user.map(equipment::requesting_organizations).unwrap_or(&[]);
        let requests = if donor_side || !asking.is_empty() {
            app.store.equipment_requests(item.id)?
        } else {
            Vec::new()
        };
        let orgs = organizations_of(app, std::slice::from_ref(item), &requests)?;
        let org_link = |id: OrgId| match orgs.get(&id) {
            Some(o) => (o.name.clone(), format!("/podmioty/{}", o.slug)),
            None => ("organizacja".to_string(), String::new()),
        };
        let reserved_viewer = user.is_some_and(|u| {
            item.reserved_for
                .or(item.handover.as_ref().map(|h| h.organization))
                .is_some_and(|org| u.represents(org))
        });
        let line = |r: &EquipmentRequest, person: String| {
            let (organization, organization_href) = org_link(r.organization);
            RequestLine {
                id: r.id.0,
                organization,
                organization_href,
                person,
                justification: r.justification.clone(),
                status: r.status.label(),
                status_code: r.status.code(),
                open: r.status == RequestStatus::Open,
                created: r.created,
                reason: r.reason.clone(),
            }
        };
        let mut all_requests = Vec::new();
        if donor_side {
            for r in &requests {
                let person = app.store.user(r.user)?.map(|u| u.name).unwrap_or_default();
                all_requests.push(line(r, person));
            }
        }
        let my_requests: Vec<RequestLine> = requests
            .iter()
            .filter(|r| asking.contains(&r.organization))
            .map(|r| line(r, String::new()))
            .collect();
        let open_orgs: Vec<OrgId> = requests
            .iter()
            .filter(|r| r.status == RequestStatus::Open)
            .map(|r| r.organization)
            .collect();
        let can_ask_now = item.is_public() && item.status == Status::Available;
        let free: Vec<OrgId> = asking
            .iter()
            .copied()
            .filter(|o| !open_orgs.contains(o) && item.donor.organization() != Some(*o))
            .collect();
        let request_blocked = (!asking.is_empty() && can_ask_now && free.is_empty()).then_some(
            "Twoja organizacja ma już wniosek o ten sprzęt, który czeka na decyzję, albo to jej własny sprzęt.",
        );
        let request_choices = if can_ask_now {
            let mut free_orgs = app.store.organizations_by_ids(&free)?;
            free_orgs.sort_by(|a, b| a.name.cmp(&b.name));
            free_orgs
                .into_iter()
                .map(|o| {
                    let id = o.id.0.to_string();
                    let selected = forms.organization == id;
                    (id, o.name, selected)
                })
                .collect()
        } else {
            Vec::new()
        };
        let (donor, donor_href) = match &item.donor {
            Donor::Department { name } => (name.clone(), None),
            Donor::Organization { id } => {
                let (name, href) = org_link(*id);
                (name, Some(href).filter(|h| !h.is_empty()))
            }
            Donor::Person { .. } => (PRIVATE_DONOR.to_string(), None),
        };
        let donor_private_name = match &item.donor {
            Donor::Person { name } if donor_side => Some(name.clone()),
            _ => None,
        };
        let is_staff = user.is_some_and(|u| u.role.is_staff());
        let history = item
            .history
            .iter()
            .rev()
            .map(|h| HistoryLine {
                at: h.at,
                actor: h.actor.clone(),
                what: h.event.label(),
                // A representative's own steps name the organisation as the actor already.
                detail: if (h.event == equipment::Event::Rejected && !donor_side)
                    || h.detail == h.actor
                {
                    String::new()
                } else {
                    h.detail.clone()
                },
            })
            .collect();
        let notice = ctx
            .query
            .get("komunikat")
            .and_then(|code| NOTICES.iter().find(|(c, _)| *c == code))
            .map(|(_, text)| *text);
        let today = crate::text::format::today().to_string();
        Ok(ItemView {
            csrf: ctx.visitor.csrf_token(),
            id: item.id.0,
            slug: item.slug.clone(),
            title: item.title.clone(),
            category: item.category.label(),
            category_code: item.category.code(),
            condition: item.condition.label(),
            quantity: item.quantity,
            unit: item.unit.label(),
            description: item
                .description
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            photos: item.photos.clone(),
            donor,
            donor_href,
            donor_private_name,
            pickup_address: if donor_side || reserved_viewer {
                Some(item.pickup_address.clone())
            } else {
                item.public_pickup_address().map(str::to_string)
            },
            pickup_district: item.pickup_district.clone(),
            mode: item.mode.label(),
            is_loan: item.mode == Mode::Loan,
            return_by: item.return_by.map(|d| d.to_string()),
            status: item.status.label(),
            status_code: item.status.code(),
            reserved_for: item
                .reserved_for
                .filter(|_| item.status == Status::Reserved)
                .map(org_link),
            handover: item.handover.as_ref().map(|h| {
                let (organization, organization_href) = org_link(h.organization);
                HandoverView {
                    date: h.date.to_string(),
                    protocol: h.protocol.clone(),
                    organization,
                    organization_href,
                }
            }),
            returned_on: item.returned_on.map(|d| d.to_string()),
            pending: item.state == crate::domain::RecordState::Pending,
            rejected: item
                .rejection
                .clone()
                .filter(|_| item.state == crate::domain::RecordState::Archived),
            history,
            ask_href: format!(
                "/zapytania/nowe?rodzaj={}&id={}",
                ListingKind::Equipment.code(),
                item.id.0
            ),
            api_href: format!("/api/v1/equipment/{}", item.slug),
            demo: item.demo,
            created: item.created,
            updated: item.updated,
            notice,
            problem: forms.problem,
            errors: forms.errors,
            can_edit: donor_side && item.editable().is_ok(),
            donor_side,
            is_staff,
            request_choices,
            justification: forms.justification,
            request_blocked,
            my_requests,
            requests: all_requests,
            can_cancel_reservation: donor_side && item.status == Status::Reserved,
            can_hand_over: donor_side && item.status == Status::Reserved,
            handover_date: if forms.handover_date.is_empty() {
                today.clone()
            } else {
                forms.handover_date
            },
            protocol: forms.protocol,
            can_record_return: donor_side
                && item.status == Status::HandedOver
                && item.mode == Mode::Loan,
            return_date: if forms.return_date.is_empty() {
                today.clone()
            } else {
                forms.return_date
            },
            can_make_available: donor_side && item.status == Status::Returned,
            reason_for: forms.reason_for,
            cancel_reason: forms.cancel_reason,
            may_be_asked_for: can_ask_now && !donor_side,
            signed_in: user.is_some(),
            pes_without_organization: user
                .is_some_and(|u| u.role == crate::domain::user::Role::Pes && asking.is_empty()),
            today,
        })
    }
}

/// Who does a step, as the item's history shows it: the organisation a representative acts
/// for, "pracownik urzędu", the donating organisation, or a private donor.
pub(super) fn actor(
    app: &App,
    user: &User,
    item: &EquipmentItem,
    acting_for: Option<OrgId>,
) -> Result<Actor, PageError> {
    let org = acting_for.or_else(|| {
        item.donor
            .organization()
            .filter(|o| !user.role.is_staff() && user.represents(*o))
    });
    let label = match org {
        Some(id) => app
            .store
            .organization(id)?
            .map(|o| o.name)
            .unwrap_or_else(|| "organizacja".to_string()),
        None if user.role.is_staff() => STAFF_ACTOR.to_string(),
        None if item.donor.is_private() => PRIVATE_ACTOR.to_string(),
        None => "darczyńca".to_string(),
    };
    Ok(Actor {
        user: Some(user.id),
        label,
    })
}

/// An e-mail to an account, unless the account was deleted.
pub(super) fn mail_to(user: &User, content: MailContent, purpose: &str) -> Option<OutgoingMail> {
    (!user.is_deleted())
        .then(|| OutgoingMail::new(user.email.clone(), content, purpose, crate::domain::now()))
}

/// Runs one step on the item in one transaction. On success the index is updated, the mail
/// sender woken and the browser sent back to the item with `notice`; a step that is not
/// possible now shows the item page again with the reason (409).
pub(super) fn step(
    app: &App,
    ctx: &Ctx,
    item: &EquipmentItem,
    notice: &str,
    change: impl FnOnce(&mut EquipmentChange, &EquipmentLookup) -> Result<(), &'static str>,
) -> PageResult {
    let user = ctx.user()?;
    match app.store.change_equipment(item.id, Some(user.id), change)? {
        None => Err(PageError::NotFound),
        Some(Ok(done)) => {
            app.reindex_equipment(&done.item);
            if !done.mails.is_empty() {
                app.wake_mail();
            }
            Ok(Response::redirect(
                303,
                &format!("/sprzet/{}?komunikat={notice}", done.item.slug),
            ))
        }
        Some(Err(problem)) => {
            let fresh = app.store.equipment(item.id)?.ok_or(PageError::NotFound)?;
            let forms = Forms {
                problem: Some(problem),
                ..Forms::default()
            };
            show_with(app, ctx, &fresh, 409, forms)
        }
    }
}

/// The donor side only: staff, the author, the donating organisation's representatives.
pub(super) fn donor_side_only(ctx: &Ctx, item: &EquipmentItem) -> Result<User, PageError> {
    let user = ctx.user()?;
    if !equipment::is_donor_side(user, item) {
        return Err(PageError::Forbidden);
    }
    Ok(user.clone())
}
