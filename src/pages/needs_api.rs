//! Open data for the needs board: `/api/v1/needs` as JSON or CSV, one need as JSON, and the
//! Atom feed `/zapotrzebowanie.atom`. Responses are never published, only their number.

use std::collections::HashMap;

use serde::Serialize;

use super::needs::{
    NeedQuery, organizations_of, parse_query, read_index, requester_label, run_query,
};
use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, json_page, json_record,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::need::{Need, NeedId};
use crate::domain::offer_category;
use crate::domain::organization::{OrgId, Organization};
use crate::search::catalog::CatalogQuery;
use crate::search::needs::SORT_NEWEST;
use crate::text::format;

/// Entries in the Atom feed.
const FEED_ENTRIES: usize = 50;

/// `GET /api/v1/needs` — one page as JSON; with `format=csv` the whole filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let query = parse_query(ctx, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Csv => csv_rows(app, &all_matches(app, query)?),
        _ => {
            let (result, needs) = run_query(app, &query)?;
            let items = json_items(app, &needs)?;
            Ok(json_page(result.total, query.page, query.per_page, &items))
        }
    }
}

/// `GET /api/v1/needs/{slug}` (a numeric id works too)
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let need = match (app.store.need_by_slug(key)?, key.parse::<u64>()) {
        (Some(need), _) => Some(need),
        (None, Ok(id)) => app.store.need(NeedId(id))?,
        (None, Err(_)) => None,
    }
    .ok_or(PageError::NotFound)?;
    let mut items = json_items(app, std::slice::from_ref(&need))?;
    json_record(&items.remove(0))
}

/// `GET /zapotrzebowanie.atom`: the 50 most recently posted needs.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let query = CatalogQuery {
        sort: SORT_NEWEST,
        page: 1,
        per_page: FEED_ENTRIES,
        ..CatalogQuery::default()
    };
    let ids: Vec<NeedId> = read_index(app)
        .search(&query)
        .page_ids
        .into_iter()
        .map(NeedId)
        .collect();
    let needs = app.store.needs_by_ids(&ids)?;
    let orgs = organizations_of(app, &needs)?;
    let today = format::today();
    let entries: Vec<FeedEntry> = needs
        .iter()
        .map(|need| {
            let listing = need.listing();
            FeedEntry {
                path: listing.path(),
                title: need.title.clone(),
                summary: format!(
                    "{} · {} · {} · termin odpowiedzi {}. {}",
                    requester_label(need, &orgs),
                    listing.category_label,
                    need.effective_status(today).label(),
                    format::date_long(need.deadline),
                    listing.summary
                ),
                updated: need.updated,
            }
        })
        .collect();
    Ok(atom_response(
        &app.config.public_url,
        "/zapotrzebowanie.atom",
        "Zapotrzebowanie – PES-TOR",
        &entries,
    ))
}

/// Every match of the filters in the list's order, however many (whole exports).
fn all_matches(app: &App, query: NeedQuery) -> Result<Vec<Need>, PageError> {
    let ids: Vec<_> = super::needs::read_index(app)
        .all_matching_ids(&query.catalog())
        .into_iter()
        .map(crate::domain::need::NeedId)
        .collect();
    Ok(app.store.needs_by_ids(&ids)?)
}

/// The public fields of a need, with stable English names for machines.
#[derive(Serialize)]
struct NeedJson {
    id: u64,
    slug: String,
    url: String,
    title: String,
    description: String,
    category: String,
    category_label: String,
    scope: String,
    /// Grosze.
    estimated_value: Option<i64>,
    place: String,
    deadline: String,
    requester: &'static str,
    requester_name: String,
    organization_slug: Option<String>,
    status: &'static str,
    status_label: &'static str,
    outcome: String,
    responses: usize,
    created: String,
    updated: String,
    demo: bool,
}

fn json_items(app: &App, needs: &[Need]) -> Result<Vec<NeedJson>, PageError> {
    let orgs = organizations_of(app, needs)?;
    let ids: Vec<NeedId> = needs.iter().map(|n| n.id).collect();
    let counts = app.store.need_response_counts(&ids)?;
    let today = format::today();
    Ok(needs
        .iter()
        .zip(counts)
        .map(|(need, responses)| {
            let status = need.effective_status(today);
            NeedJson {
                id: need.id.0,
                slug: need.slug.clone(),
                url: format!("/zapotrzebowanie/{}", need.slug),
                title: need.title.clone(),
                description: need.description.clone(),
                category: need.category.clone(),
                category_label: offer_category::path_label(&need.category),
                scope: need.scope.clone(),
                estimated_value: need.estimated_value,
                place: need.place.clone(),
                deadline: need.deadline.to_string(),
                requester: need.requester.kind().code(),
                requester_name: requester_label(need, &orgs),
                organization_slug: organization_slug(need, &orgs),
                status: status.code(),
                status_label: status.label(),
                outcome: need.outcome.clone(),
                responses,
                created: format::rfc3339(need.created),
                updated: format::rfc3339(need.updated),
                demo: need.demo,
            }
        })
        .collect())
}

fn organization_slug(need: &Need, orgs: &HashMap<OrgId, Organization>) -> Option<String> {
    need.requester
        .organization()
        .and_then(|id| orgs.get(&id))
        .map(|o| o.slug.clone())
}

/// The whole filtered list as CSV.
fn csv_rows(app: &App, needs: &[Need]) -> PageResult {
    let orgs = organizations_of(app, needs)?;
    let ids: Vec<NeedId> = needs.iter().map(|n| n.id).collect();
    let counts = app.store.need_response_counts(&ids)?;
    let today = format::today();
    let header = [
        "tytuł",
        "kto zgłasza",
        "zgłaszający",
        "kategoria",
        "ilość lub zakres",
        "wartość szacunkowa",
        "miejsce",
        "termin odpowiedzi",
        "status",
        "liczba odpowiedzi",
        "wynik",
        "dodano",
        "adres w serwisie",
    ];
    let rows = needs.iter().zip(counts).map(|(need, responses)| {
        vec![
            need.title.clone(),
            need.requester.kind().label().to_string(),
            requester_label(need, &orgs),
            offer_category::path_label(&need.category),
            need.scope.clone(),
            need.estimated_value.map(format::money).unwrap_or_default(),
            need.place.clone(),
            format::date_short(need.deadline),
            need.effective_status(today).label().to_string(),
            responses.to_string(),
            need.outcome.clone(),
            format::date_short(format::local_date(need.created)),
            format!("/zapotrzebowanie/{}", need.slug),
        ]
    });
    Ok(csv_response("zapotrzebowanie.csv", &header, rows))
}
