//! `/podmioty/{slug}/reprezentacja`: a PES representative asks to represent an organisation
//! from the directory; staff decide in the moderation queue.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::claim::{Claim, ClaimId, ClaimStatus, check_message};
use crate::domain::document::{self, Document, DocumentId};
use crate::domain::user::Role;
use crate::domain::user::UserId;
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

/// The attached document, checked; `Ok(None)` when none was attached.
fn attached_document(ctx: &Ctx, user: UserId) -> Result<Option<Document>, &'static str> {
    let Some(file) = ctx.files.iter().find(|f| f.field == "document") else {
        return Ok(None);
    };
    let content_type = document::check(&file.bytes)?;
    Ok(Some(Document {
        id: DocumentId(0),
        filename: document::clean_filename(&file.filename, content_type),
        content_type: content_type.to_string(),
        bytes: file.bytes.clone(),
        uploaded_by: user,
        created: domain::now(),
    }))
}

/// `POST /podmioty/{slug}/reprezentacja` (a multipart form: a message and an optional document)
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let org = organization(app, ctx)?;
    let user = ctx.user()?;
    let text = ctx.form.raw("message").unwrap_or("");
    let mut errors = FieldErrors::default();
    let message = check_message(text, true).unwrap_or_else(|e| {
        errors.add("message", e);
        String::new()
    });
    let attachment = attached_document(ctx, user.id).unwrap_or_else(|e| {
        errors.add("document", e);
        None
    });
    if !errors.is_empty() {
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
    if !user.represents(org.id) && !pending_claim_exists(app, ctx, org.id)? {
        let claim = Claim {
            id: ClaimId(0),
            user: user.id,
            organization: org.id,
            new_organization: false,
            message,
            status: ClaimStatus::Pending,
            created: domain::now(),
            document: None,
        };
        app.store.submit_claim(claim, attachment)?;
    }
    Ok(Response::redirect(303, "/konto?wniosek=wyslany"))
}
