//! Responses to needs: a PES representative answers an open need for one of their
//! organisations (with an optional PDF/JPEG/PNG attachment) or withdraws the answer; the need's
//! author side picks one. Attachments are downloaded only by the author side and the
//! responding organisation.

use super::need_edit::{refusal, refused};
use super::need_page::{NeedForms, need_of, render_need, respondable};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::document::{self, Document, DocumentId};
use crate::domain::mail::OutgoingMail;
use crate::domain::need::{Need, NeedResponse, NeedResponseId};
use crate::domain::need_input::ResponseInput;
use crate::domain::organization::OrgId;
use crate::domain::user::{Role, User, UserId};
use crate::domain::{self};
use crate::mail::messages::{self, MailSite};
use crate::text::format;
use crate::web::http::Response;

/// The organisations `user` represents other than `need`'s own — those they could ever answer
/// it for. Only PES representatives have any, and nobody on the need's author side.
fn candidate_organizations(user: &User, need: &Need) -> Vec<OrgId> {
    if need.on_author_side(user) {
        return Vec::new();
    }
    user.organizations
        .iter()
        .copied()
        .filter(|org| user.represents(*org) && need.requester.organization() != Some(*org))
        .collect()
}

/// A PES representative of at least one organisation (who may have answered for it).
fn representative<'a>(ctx: &'a Ctx) -> Result<&'a User, PageError> {
    let user = ctx.user()?;
    if user.role != Role::Pes || !user.organizations.iter().any(|o| user.represents(*o)) {
        return Err(PageError::Forbidden);
    }
    Ok(user)
}

/// The attached file, checked; `Ok(None)` when none was attached.
fn attachment(ctx: &Ctx, user: UserId) -> Result<Option<Document>, &'static str> {
    let Some(file) = ctx.files.iter().find(|f| f.field == "attachment") else {
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

/// `POST /zapotrzebowanie/{slug}/odpowiedzi` (a multipart form: text, price, organisation and
/// an optional attachment)
pub fn respond(app: &App, ctx: &Ctx) -> PageResult {
    let need = need_of(app, ctx)?;
    let user = ctx.user()?;
    let candidates = candidate_organizations(user, &need);
    if candidates.is_empty() {
        return Err(PageError::Forbidden);
    }
    let today = format::today();
    if let Err(message) = need.check_response(candidates[0], today) {
        return refused(app, ctx, &need, message);
    }
    let responses = app.store.need_responses(need.id)?;
    let allowed = respondable(user, &need, &responses, today);
    if allowed.is_empty() {
        return refused(
            app,
            ctx,
            &need,
            "Twoja organizacja odpowiedziała już na tę potrzebę.",
        );
    }
    let input = ResponseInput {
        text: ctx.form.raw("text").unwrap_or("").to_string(),
        price: ctx.form.get("price").unwrap_or("").to_string(),
        // With one organisation to answer for, the form names it in a hidden field.
        organization: match (ctx.form.get("organization"), allowed.as_slice()) {
            (Some(org), _) => org.to_string(),
            (None, [only]) => only.0.to_string(),
            (None, _) => String::new(),
        },
    };
    let checked = input.check(&allowed);
    let file = attachment(ctx, user.id);
    let (checked, file) = match (checked, file) {
        (Ok(checked), Ok(file)) => (checked, file),
        (checked, file) => {
            let mut errors = checked.err().unwrap_or_default();
            if let Err(message) = file {
                errors.add("attachment", message);
            }
            let forms = NeedForms {
                response: input,
                response_errors: errors,
                ..NeedForms::default()
            };
            return render_need(app, ctx, &need, forms, 422);
        }
    };
    let org_name = app
        .store
        .organization(checked.organization)?
        .map(|o| o.name)
        .unwrap_or_default();
    let now = domain::now();
    let response = NeedResponse {
        id: NeedResponseId(0),
        need: need.id,
        organization: checked.organization,
        text: checked.text,
        price: checked.price,
        attachment: None,
        author: Some(user.id),
        created: now,
        updated: now,
        demo: false,
    };
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let stored = app
        .store
        .add_need_response(response, file, today, |need, author| {
            let content = messages::needs::response_received(
                &site,
                &author.name,
                &need.title,
                &need.slug,
                &org_name,
            );
            OutgoingMail::new(author.email.clone(), content, "potrzeba-odpowiedz", now)
        });
    if let Err(e) = stored {
        return refusal(app, ctx, &need, e);
    }
    app.wake_mail();
    Ok(Response::redirect(
        303,
        &format!(
            "/zapotrzebowanie/{}?stan=odpowiedz-wyslana#odpowiedzi",
            need.slug
        ),
    ))
}

/// The response `{id}` of `need`, or 404.
fn response_of(app: &App, ctx: &Ctx, need: &Need) -> Result<NeedResponse, PageError> {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    app.store
        .need_response(NeedResponseId(id))?
        .filter(|r| r.need == need.id)
        .ok_or(PageError::NotFound)
}

/// `POST /zapotrzebowanie/{slug}/odpowiedzi/{id}/wybierz` (the need's author side)
pub fn choose(app: &App, ctx: &Ctx) -> PageResult {
    let need = need_of(app, ctx)?;
    let user = ctx.user()?;
    if !need.on_author_side(user) {
        return Err(PageError::Forbidden);
    }
    let response = response_of(app, ctx, &need)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let now = domain::now();
    let chosen = app.store.choose_need_response(
        need.id,
        response.id,
        user.id,
        now,
        |person, org, chosen| {
            let write = if chosen {
                messages::needs::response_chosen
            } else {
                messages::needs::response_not_chosen
            };
            let content = write(&site, &person.name, &need.title, &need.slug, &org.name);
            let purpose = if chosen {
                "potrzeba-wybrana"
            } else {
                "potrzeba-niewybrana"
            };
            OutgoingMail::new(person.email.clone(), content, purpose, now)
        },
    );
    let chosen = match chosen {
        Ok(chosen) => chosen,
        Err(e) => return refusal(app, ctx, &need, e),
    };
    app.reindex_need(&chosen);
    app.wake_mail();
    Ok(Response::redirect(
        303,
        &format!("/zapotrzebowanie/{}?stan=wybrano#odpowiedzi", chosen.slug),
    ))
}

/// `POST /zapotrzebowanie/{slug}/odpowiedzi/{id}/wycofaj` (the responding organisation, while
/// the need is open)
pub fn withdraw(app: &App, ctx: &Ctx) -> PageResult {
    let need = need_of(app, ctx)?;
    let user = representative(ctx)?;
    let response = response_of(app, ctx, &need)?;
    if !user.represents(response.organization) {
        return Err(PageError::Forbidden);
    }
    if let Err(e) = app
        .store
        .withdraw_need_response(need.id, response.id, user.id)
    {
        return refusal(app, ctx, &need, e);
    }
    Ok(Response::redirect(
        303,
        &format!("/zapotrzebowanie/{}?stan=odpowiedz-wycofana", need.slug),
    ))
}

/// `GET /zapotrzebowanie/{slug}/odpowiedzi/{id}/zalacznik`: a download the browser may not
/// render in the platform's origin.
pub fn attachment_download(app: &App, ctx: &Ctx) -> PageResult {
    let need = need_of(app, ctx)?;
    let user = ctx.user()?;
    let author_side = need.on_author_side(user);
    if !author_side && representative(ctx).is_err() {
        return Err(PageError::Forbidden);
    }
    let response = response_of(app, ctx, &need)?;
    if !author_side && !user.represents(response.organization) {
        return Err(PageError::Forbidden);
    }
    let document = app
        .store
        .document(response.attachment.ok_or(PageError::NotFound)?)?
        .ok_or(PageError::NotFound)?;
    Ok(Response::new(200, &document.content_type, document.bytes)
        .with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", document.filename),
        )
        .with_header("Cache-Control", "private, no-store")
        .with_header("Content-Security-Policy", "sandbox; default-src 'none'"))
}
