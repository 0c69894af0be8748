//! Embedded CSS, images and fonts under `/static/`.

use super::{Ctx, PageError, PageResult};
use crate::app::App;

pub fn serve(app: &App, ctx: &Ctx) -> PageResult {
    app.assets
        .serve(ctx.param("path"), ctx.request)
        .ok_or(PageError::NotFound)
}

pub fn favicon(app: &App, ctx: &Ctx) -> PageResult {
    app.assets
        .serve("img/favicon.svg", ctx.request)
        .map(|r| r.with_header("Content-Type", "image/svg+xml"))
        .ok_or(PageError::NotFound)
}
