//! `GET /kiosk/pokaz`: what a kiosk shows while nobody uses it (DESIGN §9) — the platform in
//! numbers, the map, the newest offers and the programme's indicators, with one large
//! invitation to touch the screen. kiosk.js opens it when the start screen has stood untouched
//! for the idle time, and leaves it at the first touch (a touched link opens as usual).

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
    offers: Vec<offers::Card>,
    map: MapPanel,
    legend: Vec<LegendEntry>,
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

fn newest_offers(app: &App) -> Result<Vec<offers::Card>, PageError> {
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
        .map(|offer| offers::Card::new(offer, organizations.get(&offer.organization)))
        .collect())
}
