//! Produkty i usługi: the searchable list of offers (`/oferty`) and the offer page
//! (`/oferty/{slug}`). The filters are read here for the page and the API alike.

use std::collections::HashMap;

use serde::Serialize;

use super::list_links::{ActiveFilter, Links, ListSpec};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::offer::{self, Audience, Offer, OfferAction, may_manage, parse_zloty};
use crate::domain::offer_category::{self, Category};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::photo::Photo;
use crate::domain::user::User;
use crate::domain::{RecordState, listing::ListingKind};
use crate::search::catalog::{Catalog, CatalogQuery, CatalogResult, CatalogSort};
use crate::search::offers::{AUDIENCE, CATEGORY};
use crate::text::format;
use crate::web::query::shorten;

/// Results per page on the HTML list.
const PAGE_SIZE: usize = 20;
/// The longest search text we accept.
const MAX_QUERY_CHARS: usize = 200;
/// The highest page number we accept (the index caps results far below this anyway).
const MAX_PAGE: usize = 10_000;
/// At most this many other offers of the organisation on an offer page.
const OTHER_OFFERS: usize = 6;

/// Sort orders: (URL code, order, label on the page).
const SORTS: &[(&str, CatalogSort, &str)] = &[
    ("nazwa", CatalogSort::Name, "alfabetycznie"),
    ("cena", CatalogSort::PriceAscending, "od najtańszych"),
    (
        "cena-malejaco",
        CatalogSort::PriceDescending,
        "od najdroższych",
    ),
    ("najnowsze", CatalogSort::Newest, "od najnowszych"),
];

/// The list filters as read from the query string.
pub(super) struct Filters {
    pub query: CatalogQuery,
    pub category: Option<&'static Category>,
    pub audience: Option<Audience>,
    pub sort_code: &'static str,
    /// Price bounds that could not be read, as Polish sentences: the page shows them next to
    /// the price fields (and lists without the price filter), the API refuses the request.
    pub price_errors: Vec<(&'static str, String)>,
}

/// Reads the filters shared by the page and the API. Unknown values are refused with a Polish
/// message rather than silently ignored, so that a wrong bookmark is noticed.
pub(super) fn parse_filters(ctx: &Ctx, per_page: usize) -> Result<Filters, PageError> {
    let q = &ctx.query;
    let text = q.get("q").unwrap_or("").to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "Wyszukiwany tekst jest za długi (najwyżej {MAX_QUERY_CHARS} znaków)."
        )));
    }
    let category = match q.get("kategoria") {
        None => None,
        Some(code) => Some(offer_category::find(code).ok_or_else(|| {
            PageError::BadRequest(format!("Nieznana kategoria „{}”.", shorten(code)))
        })?),
    };
    let audience = match q.get("odbiorca") {
        None => None,
        Some(code) => Some(Audience::from_code(code).ok_or_else(|| {
            PageError::BadRequest(format!(
                "Nieznana wartość filtra „dla kogo”: „{}” (dozwolone: gmina, mieszkancy, pes).",
                shorten(code)
            ))
        })?),
    };
    let (sort_code, sort) = match q.get("sortuj") {
        None => ("nazwa", CatalogSort::Name),
        Some(code) => SORTS
            .iter()
            .find(|(c, ..)| *c == code)
            .map(|(c, s, _)| (*c, *s))
            .ok_or_else(|| {
                PageError::BadRequest(format!(
                    "Nieznany porządek sortowania „{}” (dozwolone: nazwa, cena, cena-malejaco, najnowsze).",
                    shorten(code)
                ))
            })?,
    };
    let page = q
        .positive("page", 1, MAX_PAGE, "Numer strony")
        .map_err(PageError::BadRequest)?;
    let mut price_errors = Vec::new();
    let mut bound = |name: &'static str, label: &str| match q.get(name) {
        None => None,
        Some(text) => match parse_zloty(text) {
            Ok(grosze) => Some(grosze),
            Err(message) => {
                price_errors.push((name, format!("Cena „{label}”: {message}")));
                None
            }
        },
    };
    let price_min = bound("cena_od", "od");
    let price_max = bound("cena_do", "do");
    let (price_min, price_max) = match (price_min, price_max) {
        (Some(min), Some(max)) if min > max => {
            price_errors.push((
                "cena_do",
                "Cena „do” jest niższa niż cena „od” — zamień je miejscami.".to_string(),
            ));
            (None, None)
        }
        bounds if price_errors.is_empty() => bounds,
        _ => (None, None),
    };
    let mut filters = Vec::new();
    if let Some(c) = category {
        filters.push((CATEGORY, c.code.to_string()));
    }
    if let Some(a) = audience {
        filters.push((AUDIENCE, a.code().to_string()));
    }
    Ok(Filters {
        query: CatalogQuery {
            text,
            filters,
            price_min,
            price_max,
            sort,
            page,
            per_page,
        },
        category,
        audience,
        sort_code,
        price_errors,
    })
}

pub(super) fn read_catalog(app: &App) -> std::sync::RwLockReadGuard<'_, Catalog> {
    match app.offers.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Runs a query against the catalog and loads the offers of the requested page.
pub(super) fn run_query(
    app: &App,
    query: &CatalogQuery,
) -> Result<(CatalogResult, Vec<Offer>), PageError> {
    let result = read_catalog(app).search(query);
    let ids: Vec<offer::OfferId> = result
        .page_ids
        .iter()
        .map(|&id| offer::OfferId(id))
        .collect();
    let offers = app.store.offers_by_ids(&ids)?;
    Ok((result, offers))
}

/// The organisations of `offers`, by id.
pub(super) fn organizations_of(
    app: &App,
    offers: &[Offer],
) -> Result<HashMap<OrgId, Organization>, PageError> {
    let mut ids: Vec<OrgId> = offers.iter().map(|o| o.organization).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(app
        .store
        .organizations_by_ids(&ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// `GET /oferty`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let filters = parse_filters(ctx, PAGE_SIZE)?;
    let (result, offers) = run_query(app, &filters.query)?;
    let orgs = organizations_of(app, &offers)?;
    let links = Links::new(ctx, &LIST);
    let query = &filters.query;
    let view = ListView {
        q: query.text.clone(),
        total: result.total,
        truncated: result.truncated,
        search_hidden: links.except(&["q", "page"]),
        price_hidden: links.except(&["cena_od", "cena_do", "page"]),
        cena_od: ctx.query.get("cena_od").unwrap_or("").to_string(),
        cena_do: ctx.query.get("cena_do").unwrap_or("").to_string(),
        price_errors: filters
            .price_errors
            .iter()
            .map(|(_, m)| m.clone())
            .collect(),
        cena_od_invalid: filters.price_errors.iter().any(|(f, _)| *f == "cena_od"),
        cena_do_invalid: filters.price_errors.iter().any(|(f, _)| *f == "cena_do"),
        price_filtered: query.price_min.is_some() || query.price_max.is_some(),
        sort_options: SORTS
            .iter()
            .map(|(code, _, label)| SortOption {
                label,
                href: links.with("sortuj", Some(code)).page(),
                current: *code == filters.sort_code,
            })
            .collect(),
        results: offers
            .iter()
            .map(|o| Card::new(o, orgs.get(&o.organization)))
            .collect(),
        categories: category_facet(&filters, &result, &links),
        audiences: audience_facet(&filters, &result, &links),
        active_filters: active_filters(&filters, &links),
        pagination: Pagination::new(query.page, result.total, PAGE_SIZE, |n| {
            links.at_page(n).page()
        }),
        first_index: (query.page - 1) * PAGE_SIZE + 1,
        csv_href: links.with("format", Some("csv")).api(),
        json_href: links.without("page").api(),
        clear_href: ListingKind::Offer.path().to_string(),
    };
    let title = if query.text.is_empty() {
        "Produkty i usługi".to_string()
    } else {
        format!(
            "Wyniki wyszukiwania „{}” – Produkty i usługi",
            shorten(&query.text)
        )
    };
    let status = if filters.price_errors.is_empty() {
        200
    } else {
        400
    };
    render_status(app, ctx, status, "offers/list.html", &title, view)
}

#[derive(Serialize)]
struct ListView {
    q: String,
    total: usize,
    truncated: bool,
    search_hidden: Vec<(String, String)>,
    price_hidden: Vec<(String, String)>,
    cena_od: String,
    cena_do: String,
    price_errors: Vec<String>,
    cena_od_invalid: bool,
    cena_do_invalid: bool,
    price_filtered: bool,
    sort_options: Vec<SortOption>,
    results: Vec<Card>,
    categories: Vec<FacetOption>,
    audiences: Vec<FacetOption>,
    active_filters: Vec<ActiveFilter>,
    pagination: Pagination,
    first_index: usize,
    csv_href: String,
    json_href: String,
    clear_href: String,
}

#[derive(Serialize)]
struct SortOption {
    label: &'static str,
    href: String,
    current: bool,
}

/// One offer in the result list (also on the kiosk's attract screen).
#[derive(Serialize)]
pub(super) struct Card {
    href: String,
    title: String,
    organization: String,
    organization_href: String,
    category: String,
    price: String,
    summary: String,
    thumbnail: Option<Photo>,
}

impl Card {
    pub(super) fn new(offer: &Offer, org: Option<&Organization>) -> Card {
        Card {
            href: format!("/oferty/{}", offer.slug),
            title: offer.title.clone(),
            organization: org.map(|o| o.name.clone()).unwrap_or_default(),
            organization_href: org
                .map(|o| format!("/podmioty/{}", o.slug))
                .unwrap_or_default(),
            category: offer.category_label(),
            price: offer.price.text(),
            summary: offer.summary(200),
            thumbnail: offer.photos.first().cloned(),
        }
    }
}

#[derive(Serialize)]
struct FacetOption {
    label: &'static str,
    count: usize,
    href: String,
    selected: bool,
    /// Subcategories shown under a selected main category.
    children: Vec<FacetOption>,
}

/// The category tree as far as it helps: the main categories, or — with one chosen — that
/// main category and its subcategories, with the counts of the current result.
fn category_facet(filters: &Filters, result: &CatalogResult, links: &Links) -> Vec<FacetOption> {
    let counts = &result.facets[CATEGORY];
    let count = |code: &str| counts.get(code).copied().unwrap_or(0);
    let option = |c: &'static Category, selected: bool, remove_to: Option<&str>| FacetOption {
        label: c.label,
        count: count(c.code),
        href: if selected {
            links.with("kategoria", remove_to).page()
        } else {
            links.with("kategoria", Some(c.code)).page()
        },
        selected,
        children: Vec::new(),
    };
    match filters.category {
        None => offer_category::main_categories()
            .filter(|c| count(c.code) > 0)
            .map(|c| option(c, false, None))
            .collect(),
        Some(main) if main.parent.is_none() => {
            let mut top = option(main, true, None);
            top.children = offer_category::subcategories(main.code)
                .filter(|c| count(c.code) > 0)
                .map(|c| option(c, false, None))
                .collect();
            vec![top]
        }
        Some(sub) => {
            let Some(main) = sub.parent.and_then(offer_category::find) else {
                return Vec::new();
            };
            let mut top = option(main, false, None);
            top.children = vec![option(sub, true, Some(main.code))];
            vec![top]
        }
    }
}

fn audience_facet(filters: &Filters, result: &CatalogResult, links: &Links) -> Vec<FacetOption> {
    let counts = &result.facets[AUDIENCE];
    Audience::ALL
        .iter()
        .filter_map(|a| {
            let count = counts.get(a.code()).copied().unwrap_or(0);
            let selected = filters.audience == Some(*a);
            (count > 0 || selected).then(|| FacetOption {
                label: a.label(),
                count,
                href: if selected {
                    links.without("odbiorca").page()
                } else {
                    links.with("odbiorca", Some(a.code())).page()
                },
                selected,
                children: Vec::new(),
            })
        })
        .collect()
}

fn active_filters(filters: &Filters, links: &Links) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    if let Some(c) = filters.category {
        out.push(ActiveFilter {
            title: "Kategoria",
            label: offer_category::path_label(c.code),
            remove_href: links.without("kategoria").page(),
        });
    }
    if let Some(a) = filters.audience {
        out.push(ActiveFilter {
            title: "Dla kogo",
            label: a.label().to_string(),
            remove_href: links.without("odbiorca").page(),
        });
    }
    let q = &filters.query;
    if q.price_min.is_some() || q.price_max.is_some() {
        let mut label = String::new();
        if let Some(min) = q.price_min {
            label.push_str(&format!("od {}", format::money(min)));
        }
        if let Some(max) = q.price_max {
            if !label.is_empty() {
                label.push(' ');
            }
            label.push_str(&format!("do {}", format::money(max)));
        }
        out.push(ActiveFilter {
            title: "Cena brutto",
            label,
            remove_href: links.without("cena_od").without("cena_do").page(),
        });
    }
    out
}

/// Where this list's links lead and what they keep.
const LIST: ListSpec = ListSpec {
    page: "/oferty",
    api: "/api/v1/offers",
    sort: "sortuj",
    kept: &[
        "q",
        "kategoria",
        "odbiorca",
        "cena_od",
        "cena_do",
        "sortuj",
        "page",
    ],
};

/// A flash message after an action, from `?stan=`.
pub(super) fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "zapisana" => "Zmiany zostały zapisane.",
        "szkic" => "Oferta została zapisana jako wersja robocza. Opublikuj ją, gdy będzie gotowa.",
        "opublikowana" => "Oferta została opublikowana i jest widoczna dla wszystkich.",
        "do-sprawdzenia" => {
            "Oferta czeka na sprawdzenie przez urząd. O decyzji powiadomimy e-mailem osobę, która ją dodała."
        }
        "zarchiwizowana" => "Oferta jest w archiwum i nie jest już widoczna publicznie.",
        "przywrocona" => "Oferta wróciła do wersji roboczej. Opublikuj ją, gdy będzie gotowa.",
        _ => return None,
    })
}

/// A Polish name of a state, for the owners' views.
pub(super) fn state_label(state: RecordState) -> &'static str {
    match state {
        RecordState::Draft => "wersja robocza",
        RecordState::Pending => "czeka na sprawdzenie przez urząd",
        RecordState::Published => "opublikowana",
        RecordState::Archived => "w archiwum",
    }
}

/// What the person may do with an offer now: (publish, archive, restore).
pub(super) fn actions(offer: &Offer) -> (bool, bool, bool) {
    let possible = |action: OfferAction| offer::next_state(offer.state, &action).is_ok();
    (
        possible(OfferAction::Publish { review: false }),
        possible(OfferAction::Archive),
        possible(OfferAction::Restore),
    )
}

/// The label of the publish button: staff and organisations without pre-moderation publish at
/// once, the others send the offer to staff.
pub(super) fn publish_label(app: &App, user: &User) -> &'static str {
    if needs_review(app, user) {
        "Wyślij do sprawdzenia"
    } else {
        "Opublikuj"
    }
}

/// Whether what `user` publishes waits for staff first.
pub(super) fn needs_review(app: &App, user: &User) -> bool {
    app.settings().offers_premoderation && !user.role.is_staff()
}

/// `GET /oferty/{slug}`: a published offer for everyone; drafts, pending and archived offers
/// only for their organisation's representatives and staff (404 for the others).
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let offer = app
        .store
        .offer_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    let user = ctx.visitor.user.as_ref();
    let can_manage = user.is_some_and(|u| may_manage(u, offer.organization));
    let org = app
        .store
        .organization(offer.organization)?
        .ok_or(PageError::NotFound)?;
    let public = offer.is_public() && org.state == RecordState::Published;
    if !public && !can_manage {
        return Err(PageError::NotFound);
    }
    let others: Vec<OtherOffer> = app
        .store
        .offers_of_organization(org.id)?
        .into_iter()
        .filter(|o| o.id != offer.id && o.is_public())
        .rev()
        .take(OTHER_OFFERS)
        .map(|o| OtherOffer {
            href: format!("/oferty/{}", o.slug),
            title: o.title,
            price: o.price.text(),
        })
        .collect();
    let (can_publish, can_archive, can_restore) = actions(&offer);
    let view = OfferView {
        title: offer.title.clone(),
        slug: offer.slug.clone(),
        main_category: offer_category::find(offer.main_category()).map(|c| c.label),
        main_category_href: format!("/oferty?kategoria={}", offer.main_category()),
        category: offer.category_label(),
        category_href: format!("/oferty?kategoria={}", offer.category),
        description: offer
            .description
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        price: offer.price.text(),
        net_price: offer.price.net_text(),
        audience: offer.audience.iter().map(|a| a.label()).collect(),
        area_served: offer.area_served.clone(),
        photos: offer.photos.clone(),
        public,
        state: state_label(offer.state),
        rejection: offer
            .rejection
            .clone()
            .filter(|_| can_manage && offer.state == RecordState::Draft),
        published: offer.published,
        updated: offer.updated,
        demo: offer.demo,
        org: OrgBox::new(&org),
        others,
        ask_href: format!(
            "/zapytania/nowe?rodzaj={}&id={}",
            ListingKind::Offer.code(),
            offer.id.0
        ),
        api_href: format!("/api/v1/offers/{}", offer.slug),
        can_manage,
        can_publish: can_manage && can_publish,
        can_archive: can_manage && can_archive,
        can_restore: can_manage && can_restore,
        publish_label: user.map_or("Opublikuj", |u| publish_label(app, u)),
        // Only the owners' buttons need a token; other visitors get no cookie for it.
        csrf: if can_manage {
            ctx.visitor.csrf_token()
        } else {
            String::new()
        },
        notice: notice(ctx.query.get("stan")).filter(|_| can_manage),
    };
    render(app, ctx, "offers/show.html", &offer.title, view)
}

/// An offer in a short list (an organisation's profile).
#[derive(Serialize)]
pub(super) struct OfferLink {
    href: String,
    title: String,
    category: String,
    price: String,
}

/// The published offers of `org`, newest first, for its profile.
pub(super) fn published_of(app: &App, org: &Organization) -> Result<Vec<OfferLink>, PageError> {
    let mut offers = app.store.offers_of_organization(org.id)?;
    offers.retain(Offer::is_public);
    offers.sort_by_key(|o| std::cmp::Reverse(o.date()));
    Ok(offers
        .into_iter()
        .map(|o| OfferLink {
            href: format!("/oferty/{}", o.slug),
            category: o.category_label(),
            price: o.price.text(),
            title: o.title,
        })
        .collect())
}

/// Everything the offer page shows.
#[derive(Serialize)]
struct OfferView {
    title: String,
    slug: String,
    main_category: Option<&'static str>,
    main_category_href: String,
    category: String,
    category_href: String,
    description: Vec<String>,
    price: String,
    net_price: Option<String>,
    audience: Vec<&'static str>,
    area_served: String,
    photos: Vec<Photo>,
    public: bool,
    state: &'static str,
    rejection: Option<String>,
    published: Option<i64>,
    updated: i64,
    demo: bool,
    org: OrgBox,
    others: Vec<OtherOffer>,
    ask_href: String,
    api_href: String,
    can_manage: bool,
    can_publish: bool,
    can_archive: bool,
    can_restore: bool,
    publish_label: &'static str,
    csrf: String,
    notice: Option<&'static str>,
}

#[derive(Serialize)]
struct OtherOffer {
    href: String,
    title: String,
    price: String,
}

/// The organisation beside an offer, with its contacts as on its profile.
#[derive(Serialize)]
struct OrgBox {
    name: String,
    href: String,
    street: String,
    postal_code: String,
    city: String,
    person: Option<String>,
    phone: Option<String>,
    phone_href: Option<String>,
    email: Option<String>,
    website: Option<String>,
}

impl OrgBox {
    fn new(org: &Organization) -> OrgBox {
        OrgBox {
            name: org.name.clone(),
            href: format!("/podmioty/{}", org.slug),
            street: org.address.street.clone(),
            postal_code: org.address.postal_code.clone(),
            city: org.address.city.clone(),
            person: org.contact.person.clone(),
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
        }
    }
}
