//! Information pages whose content comes from the settings: the accessibility declaration,
//! the privacy notice, and an easy-to-read description of the platform.

use serde::Serialize;

use super::{Ctx, PageResult, render};
use crate::app::App;
use crate::domain::settings::Settings;
use crate::text::format;

#[derive(Serialize)]
struct InfoView {
    settings: Settings,
    published: String,
    updated: String,
    reviewed: String,
}

fn view(app: &App) -> InfoView {
    let settings = app.settings();
    let a = &settings.accessibility;
    InfoView {
        published: format::date_long(a.published),
        updated: format::date_long(a.updated),
        reviewed: format::date_long(a.reviewed),
        settings,
    }
}

/// `GET /deklaracja-dostepnosci`
pub fn accessibility(app: &App, ctx: &Ctx) -> PageResult {
    render(
        app,
        ctx,
        "pages/accessibility.html",
        "Deklaracja dostępności",
        view(app),
    )
}

/// `GET /prywatnosc`
pub fn privacy(app: &App, ctx: &Ctx) -> PageResult {
    render(
        app,
        ctx,
        "pages/privacy.html",
        "Ochrona danych osobowych",
        view(app),
    )
}

/// `GET /o-platformie`
pub fn about(app: &App, ctx: &Ctx) -> PageResult {
    render(app, ctx, "pages/about.html", "O platformie", view(app))
}

/// `GET /regulamin`
pub fn terms(app: &App, ctx: &Ctx) -> PageResult {
    render(
        app,
        ctx,
        "pages/terms.html",
        "Regulamin platformy",
        view(app),
    )
}
