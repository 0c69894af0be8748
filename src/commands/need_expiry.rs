//! Closing needs whose deadline has passed: once when the server starts, then every quarter of
//! an hour as a periodic job (`crate::jobs::Periodic`) that ends when the server stops.

use std::time::Duration;

use crate::app::App;
use crate::domain::mail::OutgoingMail;
use crate::mail::messages::{self, MailSite};
use crate::store::StoreError;
use crate::text::format;

/// How often the thread looks for expired needs.
pub const INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Closes every open need past its deadline (one transaction, a mail to each author), updates
/// the search index and wakes the mail sender. Returns how many needs were closed.
pub fn sweep(app: &App) -> Result<usize, StoreError> {
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let now = crate::domain::now();
    let closed =
        app.store
            .close_expired_needs(format::today(), now, |need, author, responses| {
                let content = messages::needs::expired(
                    &site,
                    &author.name,
                    &need.title,
                    &need.slug,
                    responses,
                );
                OutgoingMail::new(author.email.clone(), content, "potrzeba-termin", now)
            })?;
    for need in &closed {
        app.reindex_need(need);
    }
    if !closed.is_empty() {
        app.wake_mail();
    }
    Ok(closed.len())
}

/// Runs [`sweep`] and logs the outcome instead of failing: a broken sweep must not stop the
/// server, and the next round tries again.
pub fn sweep_and_log(app: &App) {
    match sweep(app) {
        Ok(0) => {}
        Ok(n) => log::info!("zamknięto potrzeby po terminie: {n}"),
        Err(e) => log::error!("zamykanie potrzeb po terminie: {e}"),
    }
}
