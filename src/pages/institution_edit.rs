//! Staff keep the register of support institutions: add, edit, archive, restore and delete.
//! Forms are re-shown with the wrong fields marked.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::institution::{Institution, InstitutionId, InstitutionType, Service};
use crate::domain::institution_input::InstitutionInput;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::store::StoreError;
use crate::web::http::Response;

/// Reads the submitted form.
fn read(ctx: &Ctx) -> InstitutionInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    InstitutionInput {
        name: text("name"),
        kind: text("kind"),
        services: f.all("services").into_iter().map(str::to_string).collect(),
        other_services: text("other_services"),
        description: f.raw("description").unwrap_or("").to_string(),
        street: text("street"),
        postal_code: text("postal_code"),
        city: text("city"),
        district: text("district"),
        lat: text("lat"),
        lon: text("lon"),
        phone: text("phone"),
        email: text("email"),
        website: text("website"),
        hours: f.raw("hours").unwrap_or("").to_string(),
    }
}

#[derive(Serialize)]
struct Choice {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Serialize)]
struct FormView {
    csrf: String,
    action: String,
    heading: String,
    submit: &'static str,
    cancel_href: String,
    input: InstitutionInput,
    errors: FieldErrors,
    kinds: Vec<Choice>,
    services: Vec<Choice>,
    map_assets: super::map::MapAssets,
}

fn form_view(
    app: &App,
    ctx: &Ctx,
    action: String,
    heading: String,
    cancel_href: String,
    input: InstitutionInput,
    errors: FieldErrors,
) -> FormView {
    FormView {
        csrf: ctx.visitor.csrf_token(),
        action,
        heading,
        submit: "Zapisz",
        cancel_href,
        kinds: InstitutionType::ALL
            .iter()
            .map(|k| Choice {
                code: k.code(),
                label: k.label(),
                selected: input.kind == k.code(),
            })
            .collect(),
        services: Service::ALL
            .iter()
            .map(|s| Choice {
                code: s.code(),
                label: s.label(),
                selected: input.services.iter().any(|c| c == s.code()),
            })
            .collect(),
        input,
        errors,
        map_assets: super::map::assets(app),
    }
}

fn staff(ctx: &Ctx) -> Result<User, PageError> {
    let user = ctx.user()?;
    if !user.role.is_staff() {
        return Err(PageError::Forbidden);
    }
    Ok(user.clone())
}

fn by_slug(app: &App, ctx: &Ctx) -> Result<Institution, PageError> {
    app.store
        .institution_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)
}

fn blank(user: &User) -> Institution {
    let now = domain::now();
    Institution {
        id: InstitutionId(0),
        slug: String::new(),
        name: String::new(),
        kind: InstitutionType::Other,
        services: Vec::new(),
        other_services: String::new(),
        description: String::new(),
        street: String::new(),
        postal_code: String::new(),
        city: String::new(),
        district: String::new(),
        geo: None,
        phone: None,
        email: None,
        website: None,
        hours: Vec::new(),
        archived: false,
        created: now,
        updated: now,
        author: Some(user.id),
        demo: false,
    }
}

const NEW_HEADING: &str = "Nowa instytucja wsparcia";

/// `GET /wsparcie/nowa`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    staff(ctx)?;
    let input = InstitutionInput {
        city: "Toruń".to_string(),
        kind: String::new(),
        ..InstitutionInput::default()
    };
    let view = form_view(
        app,
        ctx,
        "/wsparcie/nowa".to_string(),
        NEW_HEADING.to_string(),
        "/wsparcie".to_string(),
        input,
        FieldErrors::default(),
    );
    render_status(app, ctx, 200, "institutions/form.html", NEW_HEADING, view)
}

/// `POST /wsparcie/nowa`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let input = read(ctx);
    let mut record = blank(&user);
    let errors = input.apply(&mut record);
    if !errors.is_empty() {
        let view = form_view(
            app,
            ctx,
            "/wsparcie/nowa".to_string(),
            NEW_HEADING.to_string(),
            "/wsparcie".to_string(),
            input,
            errors,
        );
        return render_status(app, ctx, 422, "institutions/form.html", NEW_HEADING, view);
    }
    let record = app.store.insert_institution(record, Some(user.id))?;
    app.reindex_institution(record.id, Some(&record));
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", record.path()),
    ))
}

/// `GET /wsparcie/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    staff(ctx)?;
    let record = by_slug(app, ctx)?;
    let heading = format!("Edycja: {}", record.name);
    let view = form_view(
        app,
        ctx,
        format!("{}/edycja", record.path()),
        heading.clone(),
        record.path(),
        InstitutionInput::from_record(&record),
        FieldErrors::default(),
    );
    render_status(app, ctx, 200, "institutions/form.html", &heading, view)
}

/// `POST /wsparcie/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let record = by_slug(app, ctx)?;
    let input = read(ctx);
    let mut changed = record.clone();
    let errors = input.apply(&mut changed);
    if !errors.is_empty() {
        let heading = format!("Edycja: {}", record.name);
        let view = form_view(
            app,
            ctx,
            format!("{}/edycja", record.path()),
            heading.clone(),
            record.path(),
            input,
            errors,
        );
        return render_status(app, ctx, 422, "institutions/form.html", &heading, view);
    }
    let (stored, ()) = app
        .store
        .update_institution(record.id, Some(user.id), |r| {
            let (created, archived) = (r.created, r.archived);
            *r = changed;
            r.created = created;
            r.archived = archived;
            r.updated = domain::now();
            r.author = Some(user.id);
            r.demo = false;
            Ok(())
        })?;
    app.reindex_institution(stored.id, Some(&stored));
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", stored.path()),
    ))
}

/// A refusal of the record's own rules becomes a 400 with its Polish message.
fn refused(e: StoreError) -> PageError {
    match e {
        StoreError::Conflict { what } => PageError::BadRequest(what),
        other => other.into(),
    }
}

/// Applies one of the record's transitions and goes back to its page.
fn transition(
    app: &App,
    ctx: &Ctx,
    step: fn(&mut Institution) -> Result<(), &'static str>,
) -> PageResult {
    let user = staff(ctx)?;
    let record = by_slug(app, ctx)?;
    let (stored, ()) = app
        .store
        .update_institution(record.id, Some(user.id), |r| {
            step(r).map_err(|what| StoreError::Conflict {
                what: what.to_string(),
            })?;
            r.updated = domain::now();
            Ok(())
        })
        .map_err(refused)?;
    app.reindex_institution(stored.id, Some(&stored));
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", stored.path()),
    ))
}

/// `POST /wsparcie/{slug}/archiwizuj`
pub fn archive(app: &App, ctx: &Ctx) -> PageResult {
    transition(app, ctx, Institution::archive)
}

/// `POST /wsparcie/{slug}/przywroc`
pub fn restore(app: &App, ctx: &Ctx) -> PageResult {
    transition(app, ctx, Institution::restore)
}

/// `POST /wsparcie/{slug}/usun`: only an archived institution is deleted.
pub fn delete(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let record = by_slug(app, ctx)?;
    app.store
        .delete_institution(record.id, Some(user.id), |r| {
            r.may_delete().map_err(|what| StoreError::Conflict {
                what: what.to_string(),
            })
        })
        .map_err(refused)?;
    app.reindex_institution(record.id, None);
    Ok(Response::redirect(303, "/wsparcie?usunieto=1"))
}
