//! The buttons on an offer: publish (or send to staff when pre-moderation is on), archive, and
//! restore from the archive to a draft. Each is one store transaction; the list and feeds
//! follow at once.

use super::offer_edit::managed_offer;
use super::offers::needs_review;
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::offer::OfferAction;
use crate::domain::{self, RecordState};
use crate::store::StoreError;
use crate::web::http::Response;

/// `POST /oferty/{slug}/publikuj`
pub fn publish(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, |app, user| OfferAction::Publish {
        review: needs_review(app, user),
    })
}

/// `POST /oferty/{slug}/archiwizuj`
pub fn archive(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, |_, _| OfferAction::Archive)
}

/// `POST /oferty/{slug}/przywroc`
pub fn restore(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, |_, _| OfferAction::Restore)
}

fn act(
    app: &App,
    ctx: &Ctx,
    action: impl FnOnce(&App, &crate::domain::user::User) -> OfferAction,
) -> PageResult {
    let (offer, user) = managed_offer(app, ctx)?;
    let action = action(app, &user);
    let now = domain::now();
    let changed = app.store.update_offer(offer.id, Some(user.id), None, |o| {
        o.apply(&action, now).map_err(|e| StoreError::Conflict {
            what: e.to_string(),
        })
    });
    let (offer, first) = match changed {
        Ok(changed) => changed,
        Err(StoreError::Conflict { what }) => return Err(PageError::BadRequest(what)),
        Err(e) => return Err(e.into()),
    };
    app.reindex_offer(&offer);
    if first {
        app.listing_published(&offer.listing());
    }
    let outcome = match offer.state {
        RecordState::Published => "opublikowana",
        RecordState::Pending => "do-sprawdzenia",
        RecordState::Archived => "zarchiwizowana",
        RecordState::Draft => "przywrocona",
    };
    let target = if ctx.form.get("z") == Some("konto") {
        format!("/konto/oferty?stan={outcome}")
    } else {
        format!("/oferty/{}?stan={outcome}", offer.slug)
    };
    Ok(Response::redirect(303, &target))
}
