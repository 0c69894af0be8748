//! `/admin/moderacja`: staff decide on claims to represent organisations and on new
//! organisations; the person is told by e-mail, with the reason when rejected.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::claim::{ClaimId, ClaimStatus, check_message};
use crate::domain::mail::OutgoingMail;
use crate::domain::{self};
use crate::mail::messages::{self, MailSite};
use crate::store::StoreError;
use crate::web::http::Response;

#[derive(Serialize)]
struct QueueItem {
    id: u64,
    person: String,
    email: String,
    organization: String,
    organization_href: String,
    new_organization: bool,
    message: String,
    created: i64,
    /// The attached document's download address, if any.
    document_href: Option<String>,
}

#[derive(Serialize)]
struct DecidedItem {
    person: String,
    organization: String,
    approved: bool,
    reason: String,
}

#[derive(Serialize)]
struct QueueView {
    csrf: String,
    pending: Vec<QueueItem>,
    decided: Vec<DecidedItem>,
    done: Option<String>,
    /// Staff accounts waiting for an administrator (approved in /admin/uzytkownicy).
    awaiting_accounts: usize,
    is_admin: bool,
}

/// `GET /admin/moderacja`
pub fn queue(app: &App, ctx: &Ctx) -> PageResult {
    let mut pending = Vec::new();
    let mut decided = Vec::new();
    for claim in app.store.claims()? {
        let person = app.store.user(claim.user)?;
        let org = app.store.organization(claim.organization)?;
        let (Some(person), Some(org)) = (person, org) else {
            continue;
        };
        match &claim.status {
            ClaimStatus::Pending => pending.push(QueueItem {
                id: claim.id.0,
                person: person.name,
                email: person.email,
                organization_href: if claim.new_organization {
                    String::new()
                } else {
                    format!("/podmioty/{}", org.slug)
                },
                organization: org.name,
                new_organization: claim.new_organization,
                message: claim.message.clone(),
                created: claim.created,
                document_href: claim
                    .document
                    .map(|_| format!("/admin/moderacja/{}/dokument", claim.id.0)),
            }),
            status if decided.len() < 20 => decided.push(DecidedItem {
                person: person.name,
                organization: org.name,
                approved: matches!(status, ClaimStatus::Approved { .. }),
                reason: match status {
                    ClaimStatus::Rejected { reason, .. } => reason.clone(),
                    _ => String::new(),
                },
            }),
            _ => {}
        }
    }
    pending.reverse();
    let view = QueueView {
        csrf: ctx.visitor.csrf_token(),
        pending,
        decided,
        done: ctx.query.get("decyzja").map(str::to_string),
        awaiting_accounts: app
            .store
            .users()?
            .iter()
            .filter(|u| u.status == crate::domain::user::AccountStatus::AwaitingApproval)
            .count(),
        is_admin: ctx.user()?.role == crate::domain::user::Role::Admin,
    };
    render(
        app,
        ctx,
        "admin/moderation.html",
        "Moderacja wniosków",
        view,
    )
}

/// `POST /admin/moderacja/{id}/zatwierdz`
pub fn approve(app: &App, ctx: &Ctx) -> PageResult {
    let staff = ctx.user()?.id;
    let status = ClaimStatus::Approved {
        by: staff,
        at: domain::now(),
    };
    decide(app, ctx, status)
}

/// `POST /admin/moderacja/{id}/odrzuc` — needs a reason, which is e-mailed.
pub fn reject(app: &App, ctx: &Ctx) -> PageResult {
    let staff = ctx.user()?.id;
    let reason = check_message(ctx.form.raw("reason").unwrap_or(""), true)
        .map_err(|e| PageError::BadRequest(format!("Podaj powód odrzucenia. {e}")))?;
    let status = ClaimStatus::Rejected {
        by: staff,
        at: domain::now(),
        reason,
    };
    decide(app, ctx, status)
}

fn decide(app: &App, ctx: &Ctx, status: ClaimStatus) -> PageResult {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    let claim = app.store.claim(ClaimId(id))?.ok_or(PageError::NotFound)?;
    let person = app.store.user(claim.user)?.ok_or(PageError::NotFound)?;
    let org = app
        .store
        .organization(claim.organization)?
        .ok_or(PageError::NotFound)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let content = match (&status, claim.new_organization) {
        (ClaimStatus::Approved { .. }, false) => {
            messages::claim_approved(&site, &person.name, &org.name, &org.slug)
        }
        (ClaimStatus::Approved { .. }, true) => {
            messages::organization_approved(&site, &person.name, &org.name, &org.slug)
        }
        (ClaimStatus::Rejected { reason, .. }, false) => {
            messages::claim_rejected(&site, &person.name, &org.name, reason)
        }
        (ClaimStatus::Rejected { reason, .. }, true) => {
            messages::organization_rejected(&site, &person.name, &org.name, reason)
        }
        (ClaimStatus::Pending, _) => return Err(PageError::NotFound),
    };
    let mail = OutgoingMail::new(person.email.clone(), content, "moderacja", domain::now());
    let outcome = match app.store.decide_claim(claim.id, status, mail) {
        Ok(decision) => {
            app.reindex(&decision.organization);
            app.wake_mail();
            "zapisana"
        }
        // Decided meanwhile by someone else: show the queue as it is now.
        Err(StoreError::Conflict { .. }) => "wczesniej",
        Err(e) => return Err(e.into()),
    };
    Ok(Response::redirect(
        303,
        &format!("/admin/moderacja?decyzja={outcome}"),
    ))
}

/// `GET /admin/moderacja/{id}/dokument`: the claim's attachment, as a download that the browser
/// may not render in the platform's origin.
pub fn document(app: &App, ctx: &Ctx) -> PageResult {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    let claim = app.store.claim(ClaimId(id))?.ok_or(PageError::NotFound)?;
    let document = app
        .store
        .document(claim.document.ok_or(PageError::NotFound)?)?
        .ok_or(PageError::NotFound)?;
    Ok(Response::new(200, &document.content_type, document.bytes)
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", document.filename),
        )
        .with_header("Cache-Control", "private, no-store")
        .with_header("Content-Security-Policy", "sandbox; default-src 'none'"))
}
