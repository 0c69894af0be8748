//! Routes that exist only when tests enable them.

use super::{Ctx, PageResult};
use crate::app::App;
use crate::mail::messages::MailSite;
use crate::mail::subscriptions;
use crate::web::http::Response;

/// Panics on purpose: the edge must answer 500 and keep serving.
pub fn panic(_app: &App, _ctx: &Ctx) -> PageResult {
    panic!("test hook: deliberate panic");
}

/// Runs the morning digests as if it were `?teraz=` (seconds since the epoch), so a test need
/// not wait for 7:00.
pub fn digests(app: &App, ctx: &Ctx) -> PageResult {
    let now: i64 = ctx
        .query
        .get("teraz")
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(crate::domain::now);
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let queued = subscriptions::send_due_digests(&app.store, &site, now)?;
    app.wake_mail();
    Ok(Response::text(200, &format!("{queued}")))
}
