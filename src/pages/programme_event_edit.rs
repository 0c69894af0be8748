//! Staff keep the programme's events: add, edit and delete. Forms are re-shown with the wrong
//! fields marked. Indicators counted from events follow without any further step.

use serde::Serialize;

use super::admin::id_param;
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::programme_event::{EventKind, ProgrammeEvent, ProgrammeEventId};
use crate::domain::programme_event_input::ProgrammeEventInput;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::web::http::Response;

const TEMPLATE: &str = "programme/event_form.html";
const NEW_HEADING: &str = "Nowe wydarzenie programu";
const NEW_PATH: &str = "/admin/program/wydarzenia/nowe";

fn read(ctx: &Ctx) -> ProgrammeEventInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    ProgrammeEventInput {
        kind: text("kind"),
        title: text("title"),
        date: text("date"),
        end_date: text("end_date"),
        place: text("place"),
        participants: text("participants"),
        participant_count: text("participant_count"),
        description: f.raw("description").unwrap_or("").to_string(),
        link: text("link"),
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
    input: ProgrammeEventInput,
    errors: FieldErrors,
    kinds: Vec<Choice>,
    /// The delete action and the public page, on an edit page.
    delete_action: Option<String>,
    public_href: Option<String>,
}

fn form_view(
    ctx: &Ctx,
    action: String,
    heading: String,
    input: ProgrammeEventInput,
    errors: FieldErrors,
    record: Option<&ProgrammeEvent>,
) -> FormView {
    FormView {
        csrf: ctx.visitor.csrf_token(),
        action,
        heading,
        kinds: EventKind::ALL
            .iter()
            .map(|k| Choice {
                code: k.code(),
                label: k.label(),
                selected: input.kind == k.code(),
            })
            .collect(),
        input,
        errors,
        delete_action: record.map(|r| format!("/admin/program/wydarzenia/{}/usun", r.id.0)),
        public_href: record.map(ProgrammeEvent::path),
    }
}

fn by_id(app: &App, ctx: &Ctx) -> Result<ProgrammeEvent, PageError> {
    app.store
        .programme_event(ProgrammeEventId(id_param(ctx)?))?
        .ok_or(PageError::NotFound)
}

fn edit_path(record: &ProgrammeEvent) -> String {
    format!("/admin/program/wydarzenia/{}/edycja", record.id.0)
}

fn heading(record: &ProgrammeEvent) -> String {
    format!("Edycja wydarzenia: {}", record.title)
}

fn blank(author: Option<domain::user::UserId>) -> ProgrammeEvent {
    let now = domain::now();
    ProgrammeEvent {
        id: ProgrammeEventId(0),
        slug: String::new(),
        kind: EventKind::Other,
        title: String::new(),
        date: crate::text::format::today(),
        end_date: None,
        place: String::new(),
        participants: String::new(),
        participant_count: None,
        description: String::new(),
        link: None,
        created: now,
        updated: now,
        author,
        demo: false,
    }
}

/// `GET /admin/program/wydarzenia/nowe` (`?rodzaj=` preselects the kind).
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let input = ProgrammeEventInput {
        kind: ctx
            .query
            .get("rodzaj")
            .and_then(EventKind::from_code)
            .map(|k| k.code().to_string())
            .unwrap_or_default(),
        ..ProgrammeEventInput::default()
    };
    let view = form_view(
        ctx,
        NEW_PATH.to_string(),
        NEW_HEADING.to_string(),
        input,
        FieldErrors::default(),
        None,
    );
    render_status(app, ctx, 200, TEMPLATE, NEW_HEADING, view)
}

/// `POST /admin/program/wydarzenia/nowe`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let input = read(ctx);
    let mut record = blank(Some(user.id));
    let errors = input.apply(&mut record);
    if !errors.is_empty() {
        let view = form_view(
            ctx,
            NEW_PATH.to_string(),
            NEW_HEADING.to_string(),
            input,
            errors,
            None,
        );
        return render_status(app, ctx, 422, TEMPLATE, NEW_HEADING, view);
    }
    let record = app.store.insert_programme_event(record, Some(user.id))?;
    app.reindex_programme_event(record.id, Some(&record));
    Ok(Response::redirect(303, "/admin/program?zapisano=1"))
}

/// `GET /admin/program/wydarzenia/{id}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let record = by_id(app, ctx)?;
    let view = form_view(
        ctx,
        edit_path(&record),
        heading(&record),
        ProgrammeEventInput::from_record(&record),
        FieldErrors::default(),
        Some(&record),
    );
    render_status(app, ctx, 200, TEMPLATE, &heading(&record), view)
}

/// `POST /admin/program/wydarzenia/{id}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let record = by_id(app, ctx)?;
    let input = read(ctx);
    let mut changed = record.clone();
    let errors = input.apply(&mut changed);
    if !errors.is_empty() {
        let view = form_view(
            ctx,
            edit_path(&record),
            heading(&record),
            input,
            errors,
            Some(&record),
        );
        return render_status(app, ctx, 422, TEMPLATE, &heading(&record), view);
    }
    let (stored, ()) = app
        .store
        .update_programme_event(record.id, Some(user.id), |r| {
            let created = r.created;
            *r = changed;
            r.created = created;
            r.updated = domain::now();
            r.author = Some(user.id);
            r.demo = false;
            Ok(())
        })?;
    app.reindex_programme_event(stored.id, Some(&stored));
    Ok(Response::redirect(303, "/admin/program?zapisano=1"))
}

/// `POST /admin/program/wydarzenia/{id}/usun`
pub fn delete(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let record = by_id(app, ctx)?;
    app.store.delete_programme_event(record.id, Some(user.id))?;
    app.reindex_programme_event(record.id, None);
    Ok(Response::redirect(303, "/admin/program?usunieto=1"))
}
