//! `GET /kiosk/pokaz`: what a kiosk shows while nobody uses it (DESIGN §9) — the platform and
//! the programme in numbers, the newest offers and the map, with one large invitation to touch
//! the screen. kiosk.js opens it after the idle reset and leaves it at the first touch; the
//! page itself is an ordinary page whose links lead into the kiosk.

use serde::Serialize;

use super::home::PlatformNumbers;
use super::map::{self, Layer, LegendEntry, MapPanel};
use super::programme::IndicatorCard;
use super::{Ctx, PageError, PageResult, layout, offers};
use crate::app::App;
use crate::search::catalog::{CatalogQuery, CatalogSort};

/// How many indicators and offers fit on a portrait screen beside the numbers and the map.
const INDICATORS: usize = 3;
const OFFERS: usize = 3;

#[derive(Serialize)]
struct AttractView {
    numbers: PlatformNumbers,
    indicators: Vec<IndicatorCard>,
    offers: Vec<OfferCard>,
    map: MapPanel,
    legend: Vec<LegendEntry>,
}

#[derive(Serialize)]
struct OfferCard {
    href: String,
    title: String,
    organization: String,
    price: String,
}

/// `GET /kiosk/pokaz`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    if app.config.kiosk.is_none() {
        return Err(PageError::NotFound);
    }
    let events = app.store.programme_events()?;
    let indicators = app
        .store
        .indicators()?
        .iter()
        .take(INDICATORS)
        .map(|i| IndicatorCard::new(i, &events))
        .collect();
    let view = AttractView {
        numbers: PlatformNumbers::of(app)?,
        indicators,
        offers: newest_offers(app)?,
        map: map::panel(
            app,
            "Mapa organizacji, instytucji wsparcia i lokali",
            Layer::ALL
                .iter()
                .map(|&layer| map::layer_query(layer, &[]))
                .collect(),
        ),
        legend: map::premises_legend(),
    };
    let mut response = layout::render(
        app,
        ctx,
        "kiosk/attract.html",
        "Dotknij ekranu, aby zacząć",
        view,
    )?;
    response.set_header("Cache-Control", "no-store");
    Ok(response)
}

fn newest_offers(app: &App) -> Result<Vec<OfferCard>, PageError> {
    let query = CatalogQuery {
        sort: CatalogSort::Newest,
        page: 1,
        per_page: OFFERS,
        ..CatalogQuery::default()
    };
    let (_, records) = offers::run_query(app, &query)?;
    let organizations = offers::organizations_of(app, &records)?;
    Ok(records
        .iter()
        .map(|offer| OfferCard {
            href: format!("/oferty/{}", offer.slug),
            title: offer.title.clone(),
            organization: organizations
                .get(&offer.organization)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            price: offer.price.text(),
        })
        .collect())
}
