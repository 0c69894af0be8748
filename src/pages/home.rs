//! The start page: what the platform is, a search box, and the most recently updated entries.

use serde::Serialize;

use super::organizations::run_query;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::search::{OrgQuery, OrgSort};

const RECENT: usize = 6;

#[derive(Serialize)]
struct HomeView {
    /// The visitor has just deleted their account (`/konto/usun` redirects here).
    account_deleted: bool,
    #[serde(flatten)]
    numbers: PlatformNumbers,
    recent: Vec<Recent>,
}

/// The platform in four numbers (the start page, the kiosk's attract screen).
#[derive(Serialize)]
pub(super) struct PlatformNumbers {
    pub organizations: usize,
    pub social_enterprises: usize,
    /// Published offers.
    pub offers: usize,
    /// Public equipment items.
    pub equipment: usize,
    /// Public premises that are free.
    pub free_premises: usize,
}

impl PlatformNumbers {
    /// The numbers, given a search of the directory (whose total and facets they read).
    fn new(app: &App, directory: &crate::search::OrgSearch) -> PlatformNumbers {
        PlatformNumbers {
            organizations: directory.total,
            social_enterprises: directory
                .facets
                .statuses
                .iter()
                .find(|c| c.value == crate::domain::organization::StatusFilter::SocialEnterprise)
                .map(|c| c.count)
                .unwrap_or(0),
            offers: catalog_len(&app.offers),
            equipment: catalog_len(&app.equipment),
            free_premises: free_premises(app),
        }
    }

    pub(super) fn of(app: &App) -> Result<PlatformNumbers, PageError> {
        let query = OrgQuery {
            page: 1,
            per_page: 1,
            ..OrgQuery::default()
        };
        let (search, _) = run_query(app, &query)?;
        Ok(PlatformNumbers::new(app, &search))
    }
}

#[derive(Serialize)]
struct Recent {
    href: String,
    name: String,
    legal_form: &'static str,
    district: String,
    updated: i64,
}

fn catalog_len(catalog: &std::sync::RwLock<crate::search::catalog::Catalog>) -> usize {
    match catalog.read() {
        Ok(index) => index.len(),
        Err(poisoned) => poisoned.into_inner().len(),
    }
}

/// How many public premises are free (from the premises index).
fn free_premises(app: &App) -> usize {
    let query = crate::search::catalog::CatalogQuery {
        filters: vec![(
            crate::search::premises::STATUS,
            crate::domain::premises::Status::Free.code().to_string(),
        )],
        page: 1,
        per_page: 1,
        ..Default::default()
    };
    let index = match app.premises.read() {
        Ok(index) => index,
        Err(poisoned) => poisoned.into_inner(),
    };
    index
        .search(&query, crate::search::premises::PremisesSort::Address)
        .total
}

/// `GET /`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let query = OrgQuery {
        sort: OrgSort::Updated,
        page: 1,
        per_page: RECENT,
        ..OrgQuery::default()
    };
    let (search, records) = run_query(app, &query)?;
    let view = HomeView {
        account_deleted: ctx.query.get("konto") == Some("usuniete"),
        numbers: PlatformNumbers::new(app, &search),
        recent: records
            .iter()
            .map(|org| Recent {
                href: format!("/podmioty/{}", org.slug),
                name: org.name.clone(),
                legal_form: org.legal_form.label(),
                district: org.district.clone(),
                updated: org.updated,
            })
            .collect(),
    };
    render(
        app,
        ctx,
        "home.html",
        "Platforma współpracy z podmiotami ekonomii społecznej",
        view,
    )
}
