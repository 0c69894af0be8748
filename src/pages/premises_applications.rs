//! Applications for premises from the organisations' side: a representative of a verified
//! organisation expresses interest or applies (`POST /lokale/{slug}/wnioski`, a multipart form
//! with a message and up to three PDF/JPEG/PNG documents), sees the applications of their
//! organisations at `/konto/lokale`, and downloads the documents (as staff do) as attachments
//! the browser may not render in the platform's origin.

use serde::Serialize;

use super::premises_page::{
    ApplicationLine, ApplyForm, document_links, show_with, visible_premises,
};
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::document::{self, Document, DocumentId};
use crate::domain::organization::OrgId;
use crate::domain::premises::{self, ApplicationId, ApplicationKind, MAX_DOCUMENTS};
use crate::domain::user::UserId;
use crate::domain::validate::FieldErrors;
use crate::domain::{self as records};
use crate::web::http::Response;

/// The attached documents, checked (files the browser sends empty are skipped).
fn attached_documents(ctx: &Ctx, user: UserId) -> Result<Vec<Document>, &'static str> {
    let files: Vec<_> = ctx
        .files
        .iter()
        .filter(|f| f.field == "documents" && !(f.bytes.is_empty() && f.filename.is_empty()))
        .collect();
    if files.len() > MAX_DOCUMENTS {
        return Err("Dołącz najwyżej 3 dokumenty.");
    }
    files
        .into_iter()
        .map(|file| {
            let content_type = document::check(&file.bytes)?;
            Ok(Document {
                id: DocumentId(0),
                filename: document::clean_filename(&file.filename, content_type),
                content_type: content_type.to_string(),
                bytes: file.bytes.clone(),
                uploaded_by: user,
                created: records::now(),
            })
        })
        .collect()
}

/// `POST /lokale/{slug}/wnioski` — a representative of a verified organisation, while the
/// premises are free or in an open call.
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let premises = visible_premises(app, ctx)?;
    let user = ctx.user()?.clone();
    let allowed = premises::applying_organizations(&user);
    if allowed.is_empty() {
        return Err(PageError::Forbidden);
    }
    let form = ApplyForm {
        organization: ctx.form.get("organization").unwrap_or("").to_string(),
        kind: ctx.form.get("kind").unwrap_or("").to_string(),
        message: ctx.form.raw("message").unwrap_or("").to_string(),
        ..ApplyForm::default()
    };
    let mut errors = FieldErrors::default();
    let organization = match form.organization.parse::<u64>().map(OrgId) {
        Ok(org) if allowed.contains(&org) => {
            let published = app
                .store
                .organization(org)?
                .is_some_and(|o| o.state == records::RecordState::Published);
            if !published {
                return Err(PageError::Forbidden);
            }
            Some(org)
        }
        Ok(_) => return Err(PageError::Forbidden),
        Err(_) => {
            errors.add(
                "organization",
                "Wybierz organizację, w której imieniu piszesz.",
            );
            None
        }
    };
    let kind = ApplicationKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add(
            "kind",
            "Wybierz: zgłoszenie zainteresowania albo wniosek o najem.",
        );
    }
    let message = premises::check_message(&form.message).unwrap_or_else(|e| {
        errors.add("message", e);
        String::new()
    });
    let documents = attached_documents(ctx, user.id).unwrap_or_else(|e| {
        errors.add("documents", e);
        Vec::new()
    });
    let (Some(organization), Some(kind), true) = (organization, kind, errors.is_empty()) else {
        return show_with(app, ctx, &premises, 422, ApplyForm { errors, ..form });
    };
    let now = records::now();
    let outcome =
        app.store
            .submit_premises_application(premises.id, documents, |current, existing| {
                premises::apply(current, existing, organization, user.id, kind, message, now)
            })?;
    match outcome {
        None => Err(PageError::NotFound),
        Some(Ok(_)) => Ok(Response::redirect(
            303,
            &format!("/lokale/{}?komunikat=zgloszenie-wyslane", premises.slug),
        )),
        Some(Err(problem)) => {
            let fresh = visible_premises(app, ctx)?;
            let form = ApplyForm {
                problem: Some(problem),
                ..form
            };
            show_with(app, ctx, &fresh, 409, form)
        }
    }
}

/// `GET /lokale/{slug}/wnioski/{id}/dokumenty/{doc}` — staff and the applying organisation's
/// representatives only.
pub fn document_download(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let premises = app
        .store
        .premises_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    let application = app
        .store
        .premises_application(ApplicationId(id))?
        .filter(|a| a.premises == premises.id)
        .ok_or(PageError::NotFound)?;
    if !premises::may_see_application(user, &application) {
        return Err(PageError::Forbidden);
    }
    let doc = ctx
        .param("doc")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    if !application.documents.contains(&DocumentId(doc)) {
        return Err(PageError::NotFound);
    }
    let document = app
        .store
        .document(DocumentId(doc))?
        .ok_or(PageError::NotFound)?;
    Ok(Response::new(200, &document.content_type, document.bytes)
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", document.filename),
        )
        .with_header("Cache-Control", "private, no-store")
        .with_header("Content-Security-Policy", "sandbox; default-src 'none'"))
}

#[derive(Serialize)]
struct AccountView {
    is_pes: bool,
    groups: Vec<AccountGroup>,
}

#[derive(Serialize)]
struct AccountGroup {
    premises: String,
    href: String,
    status: &'static str,
    applications: Vec<ApplicationLine>,
}

/// `GET /konto/lokale` — the applications of the visitor's organisations.
pub fn account(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let orgs = premises::applying_organizations(user);
    let names: std::collections::HashMap<OrgId, String> = app
        .store
        .organizations_by_ids(&orgs)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut all = Vec::new();
    for org in &orgs {
        all.extend(app.store.premises_applications_of_organization(*org)?);
    }
    all.sort_by_key(|a| std::cmp::Reverse(a.created));
    let mut groups: Vec<AccountGroup> = Vec::new();
    let mut order: Vec<u64> = Vec::new();
    for a in &all {
        let Some(p) = app.store.premises(a.premises)? else {
            continue;
        };
        let line = ApplicationLine {
            id: a.id.0,
            organization: names.get(&a.organization).cloned().unwrap_or_default(),
            kind: a.kind.label(),
            status: a.status.label(),
            status_code: a.status.code(),
            message: a.message.clone(),
            reason: a.reason.clone(),
            created: a.created,
            documents: document_links(app, &p.slug, a)?,
        };
        match order.iter().position(|id| *id == p.id.0) {
            Some(at) => groups[at].applications.push(line),
            None => {
                order.push(p.id.0);
                groups.push(AccountGroup {
                    premises: p.label(),
                    href: format!("/lokale/{}", p.slug),
                    status: p.status.label(),
                    applications: vec![line],
                });
            }
        }
    }
    let view = AccountView {
        is_pes: user.role == crate::domain::user::Role::Pes,
        groups,
    };
    render(app, ctx, "premises/account.html", "Moje lokale", view)
}
