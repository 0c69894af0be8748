//! `/admin/program`: staff see every indicator with its current value and every event, with
//! links to change them and to add new ones.

use serde::Serialize;

use super::programme::{EventCard, IndicatorCard};
use super::{Ctx, PageResult, render};
use crate::app::App;

/// `GET /admin/program`
pub fn page(app: &App, ctx: &Ctx) -> PageResult {
    let events = app.store.programme_events()?;
    let view = AdminView {
        indicators: app
            .store
            .indicators()?
            .iter()
            .map(|i| IndicatorCard::new(i, &events))
            .collect(),
        events: events.iter().map(EventCard::new).collect(),
        saved: ctx.query.get("zapisano").is_some(),
        deleted: ctx.query.get("usunieto").is_some(),
    };
    render(
        app,
        ctx,
        "programme/admin.html",
        "Monitoring programu – panel",
        view,
    )
}

#[derive(Serialize)]
struct AdminView {
    indicators: Vec<IndicatorCard>,
    events: Vec<EventCard>,
    saved: bool,
    deleted: bool,
}
