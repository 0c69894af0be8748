//! `/podmioty/{slug}/reprezentacja`: a PES representative asks to represent an organisation
//! from the directory; staff decide in the moderation queue.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::claim::{Claim, ClaimId, ClaimStatus, check_message};
use crate::domain::user::Role;
use crate::domain::validate::FieldErrors;
use crate::domain::{self, RecordState};
use crate::web::http::Response;

#[derive(Serialize)]
struct ClaimView {
    csrf: String,
    name: String,
    slug: String,
    message: String,
    errors: FieldErrors,
    already_pending: bool,
}

fn organization(
    app: &App,
    ctx: &Ctx,
) -> Result<crate::domain::organization::Organization, PageError> {
    let user = ctx.user()?;
    if user.role != Role::Pes {
        return Err(PageError::Forbidden);
    }
    app.store
        .organization_by_slug(ctx.param("slug"))?
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)
}

fn pending_claim_exists(
    app: &App,
    ctx: &Ctx,
    org: crate::domain::organization::OrgId,
) -> Result<bool, PageError> {
    let user = ctx.user()?.id;
    Ok(app
        .store
        .claims()?
        .iter()
        .any(|c| c.user == user && c.organization == org && c.status == ClaimStatus::Pending))
}

/// `GET /podmioty/{slug}/reprezentacja`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    let org = organization(app, ctx)?;
    if ctx.user()?.represents(org.id) {
        return Ok(Response::redirect(
            303,
            &format!("/podmioty/{}/edycja", org.slug),
        ));
    }
    let view = ClaimView {
        csrf: ctx.visitor.csrf_token(),
        already_pending: pending_claim_exists(app, ctx, org.id)?,
        name: org.name,
        slug: org.slug,
        message: String::new(),
        errors: FieldErrors::default(),
    };
    render(
        app,
        ctx,
        "claims/form.html",
        "Reprezentuję tę organizację",
        view,
    )
}

/// `POST /podmioty/{slug}/reprezentacja`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let org = organization(app, ctx)?;
    let user = ctx.user()?;
    let text = ctx.form.raw("message").unwrap_or("");
    let message = match check_message(text, true) {
        Ok(message) => message,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("message", e);
            let view = ClaimView {
                csrf: ctx.visitor.csrf_token(),
                already_pending: false,
                name: org.name,
                slug: org.slug,
                message: text.to_string(),
                errors,
            };
            return render_status(
                app,
                ctx,
                422,
                "claims/form.html",
                "Reprezentuję tę organizację",
                view,
            );
        }
    };
    if !user.represents(org.id) && !pending_claim_exists(app, ctx, org.id)? {
        app.store.submit_claim(Claim {
            id: ClaimId(0),
            user: user.id,
            organization: org.id,
            new_organization: false,
            message,
            status: ClaimStatus::Pending,
            created: domain::now(),
        })?;
    }
    Ok(Response::redirect(303, "/konto?wniosek=wyslany"))
}
