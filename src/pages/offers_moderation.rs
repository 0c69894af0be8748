//! `/admin/oferty`: offers waiting for staff when pre-moderation is on. Staff approve (the
//! offer is published) or send it back as a draft with a reason; the author is e-mailed both
//! ways, in the same transaction as the decision.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::claim::check_message;
use crate::domain::mail::OutgoingMail;
use crate::domain::offer::{OfferAction, OfferId};
use crate::domain::{self, RecordState};
use crate::mail::messages::{self, MailSite};
use crate::store::StoreError;
use crate::web::http::Response;

#[derive(Serialize)]
struct QueueItem {
    id: u64,
    title: String,
    href: String,
    organization: String,
    organization_href: String,
    author: String,
    category: String,
    price: String,
    summary: String,
    updated: i64,
}

#[derive(Serialize)]
struct QueueView {
    csrf: String,
    pending: Vec<QueueItem>,
    premoderation: bool,
    done: Option<String>,
}

/// `GET /admin/oferty`
pub fn queue(app: &App, ctx: &Ctx) -> PageResult {
    let mut pending = Vec::new();
    for offer in app.store.offers_in_state(RecordState::Pending)? {
        let org = app.store.organization(offer.organization)?;
        let author = match offer.author {
            Some(id) => app.store.user(id)?,
            None => None,
        };
        pending.push(QueueItem {
            id: offer.id.0,
            href: format!("/oferty/{}", offer.slug),
            organization: org.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            organization_href: org
                .as_ref()
                .map(|o| format!("/podmioty/{}", o.slug))
                .unwrap_or_default(),
            author: author
                .map(|u| format!("{} ({})", u.name, u.email))
                .unwrap_or_else(|| "—".to_string()),
            category: offer.category_label(),
            price: offer.price.text(),
            summary: offer.summary(300),
            updated: offer.updated,
            title: offer.title,
        });
    }
    let view = QueueView {
        csrf: ctx.visitor.csrf_token(),
        pending,
        premoderation: app.settings().offers_premoderation,
        done: ctx.query.get("decyzja").map(str::to_string),
    };
    render(app, ctx, "admin/offers.html", "Oferty do sprawdzenia", view)
}

/// `POST /admin/oferty/{id}/zatwierdz`
pub fn approve(app: &App, ctx: &Ctx) -> PageResult {
    decide(app, ctx, OfferAction::Approve)
}

/// `POST /admin/oferty/{id}/odrzuc` — needs a reason, which is e-mailed.
pub fn reject(app: &App, ctx: &Ctx) -> PageResult {
    let reason = check_message(ctx.form.raw("reason").unwrap_or(""), true)
        .map_err(|e| PageError::BadRequest(format!("Podaj powód odrzucenia. {e}")))?;
    decide(app, ctx, OfferAction::Reject { reason })
}

fn decide(app: &App, ctx: &Ctx, action: OfferAction) -> PageResult {
    let staff = ctx.user()?.id;
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    let offer = app.store.offer(OfferId(id))?.ok_or(PageError::NotFound)?;
    let org = app
        .store
        .organization(offer.organization)?
        .ok_or(PageError::NotFound)?;
    let author = match offer.author {
        Some(id) => app.store.user(id)?.filter(|u| !u.is_deleted()),
        None => None,
    };
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let mail = author.map(|person| {
        let content = match &action {
            OfferAction::Reject { reason } => messages::offer_rejected(
                &site,
                &person.name,
                &org.name,
                &offer.title,
                &offer.slug,
                reason,
            ),
            _ => {
                messages::offer_approved(&site, &person.name, &org.name, &offer.title, &offer.slug)
            }
        };
        OutgoingMail::new(person.email, content, "oferta", domain::now())
    });
    let now = domain::now();
    let changed = app.store.update_offer(offer.id, Some(staff), mail, |o| {
        o.apply(&action, now).map_err(|e| StoreError::Conflict {
            what: e.to_string(),
        })
    });
    let outcome = match changed {
        Ok((offer, first)) => {
            app.reindex_offer(&offer);
            if first {
                app.listing_published(&offer.listing());
            }
            app.wake_mail();
            "zapisana"
        }
        // Decided meanwhile by someone else, or withdrawn: show the queue as it is now.
        Err(StoreError::Conflict { .. }) => "wczesniej",
        Err(e) => return Err(e.into()),
    };
    Ok(Response::redirect(
        303,
        &format!("/admin/oferty?decyzja={outcome}"),
    ))
}
