//! Staff keep the programme's indicators: add, edit, delete, and record or remove dated
//! measurements (on the indicator's edit page). Forms are re-shown with the wrong fields marked.

use serde::Serialize;

use super::admin::id_param;
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::indicator::{Indicator, IndicatorId, Unit, ValueSource};
use crate::domain::indicator_input::{IndicatorInput, MeasurementInput};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::store::StoreError;
use crate::web::http::Response;

const TEMPLATE: &str = "programme/indicator_form.html";
const NEW_HEADING: &str = "Nowy wskaźnik programu";

fn read(ctx: &Ctx) -> IndicatorInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    IndicatorInput {
        name: text("name"),
        definition: f.raw("definition").unwrap_or("").to_string(),
        unit_one: text("unit_one"),
        unit_few: text("unit_few"),
        unit_many: text("unit_many"),
        baseline: text("baseline"),
        target: text("target"),
        source: text("source"),
        owner: text("owner"),
        data_source: text("data_source"),
        position: text("position"),
        notes: f.raw("notes").unwrap_or("").to_string(),
    }
}

fn read_measurement(ctx: &Ctx) -> MeasurementInput {
    let text = |name: &str| ctx.form.get(name).unwrap_or("").to_string();
    MeasurementInput {
        date: text("m_date"),
        value: text("m_value"),
        note: text("m_note"),
    }
}

#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct MeasurementRow {
    id: u32,
    date: String,
    value: String,
    note: String,
}

/// The indicator form; on an edit page also its measurements and the measurement form.
#[derive(Serialize)]
struct FormView {
    csrf: String,
    action: String,
    heading: String,
    input: IndicatorInput,
    errors: FieldErrors,
    sources: Vec<Choice>,
    /// Set on the edit page of an existing indicator.
    existing: Option<Existing>,
    saved: bool,
}

#[derive(Serialize)]
struct Existing {
    id: u64,
    public_href: String,
    measured: bool,
    measurements: Vec<MeasurementRow>,
    measurement: MeasurementInput,
    measurement_errors: FieldErrors,
}

fn form_view(
    ctx: &Ctx,
    action: String,
    heading: String,
    input: IndicatorInput,
    errors: FieldErrors,
    existing: Option<Existing>,
) -> FormView {
    FormView {
        csrf: ctx.visitor.csrf_token(),
        action,
        heading,
        sources: ValueSource::all()
            .into_iter()
            .map(|s| Choice {
                selected: input.source == s.code(),
                code: s.code(),
                label: s.label(),
            })
            .collect(),
        input,
        errors,
        existing,
        saved: ctx.query.get("zapisano").is_some(),
    }
}

fn existing(record: &Indicator, measurement: MeasurementInput, errors: FieldErrors) -> Existing {
    Existing {
        id: record.id.0,
        public_href: record.path(),
        measured: record.source == ValueSource::Measurements,
        measurements: record
            .measurements
            .iter()
            .rev()
            .map(|m| MeasurementRow {
                id: m.id,
                date: m.date.to_string(),
                value: record.unit.count(m.value),
                note: m.note.clone(),
            })
            .collect(),
        measurement,
        measurement_errors: errors,
    }
}

fn by_id(app: &App, ctx: &Ctx) -> Result<Indicator, PageError> {
    app.store
        .indicator(IndicatorId(id_param(ctx)?))?
        .ok_or(PageError::NotFound)
}

fn edit_path(record: &Indicator) -> String {
    format!("/admin/program/wskazniki/{}/edycja", record.id.0)
}

fn heading(record: &Indicator) -> String {
    format!("Edycja wskaźnika: {}", record.name)
}

fn blank(author: Option<domain::user::UserId>, position: u32) -> Indicator {
    let now = domain::now();
    Indicator {
        id: IndicatorId(0),
        slug: String::new(),
        name: String::new(),
        definition: String::new(),
        unit: Unit::default(),
        baseline: 0,
        target: 0,
        source: ValueSource::Measurements,
        measurements: Vec::new(),
        owner: String::new(),
        data_source: String::new(),
        position,
        notes: String::new(),
        created: now,
        updated: now,
        author,
        demo: false,
    }
}

fn next_position(app: &App) -> Result<u32, PageError> {
    Ok(app
        .store
        .indicators()?
        .iter()
        .map(|i| i.position)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
        .min(999))
}

/// `GET /admin/program/wskazniki/nowy`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let input = IndicatorInput {
        baseline: "0".to_string(),
        source: ValueSource::Measurements.code(),
        position: next_position(app)?.to_string(),
        ..IndicatorInput::default()
    };
    let view = form_view(
        ctx,
        "/admin/program/wskazniki/nowy".to_string(),
        NEW_HEADING.to_string(),
        input,
        FieldErrors::default(),
        None,
    );
    render_status(app, ctx, 200, TEMPLATE, NEW_HEADING, view)
}

/// `POST /admin/program/wskazniki/nowy`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let input = read(ctx);
    let mut record = blank(Some(user.id), next_position(app)?);
    let errors = input.apply(&mut record);
    if !errors.is_empty() {
        let view = form_view(
            ctx,
            "/admin/program/wskazniki/nowy".to_string(),
            NEW_HEADING.to_string(),
            input,
            errors,
            None,
        );
        return render_status(app, ctx, 422, TEMPLATE, NEW_HEADING, view);
    }
    let record = app.store.insert_indicator(record, Some(user.id))?;
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", edit_path(&record)),
    ))
}

/// `GET /admin/program/wskazniki/{id}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let record = by_id(app, ctx)?;
    let today = crate::text::format::today().to_string();
    let measurement = MeasurementInput {
        date: today,
        ..MeasurementInput::default()
    };
    let view = form_view(
        ctx,
        edit_path(&record),
        heading(&record),
        IndicatorInput::from_record(&record),
        FieldErrors::default(),
        Some(existing(&record, measurement, FieldErrors::default())),
    );
    render_status(app, ctx, 200, TEMPLATE, &heading(&record), view)
}

/// `POST /admin/program/wskazniki/{id}/edycja`
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
            Some(existing(
                &record,
                MeasurementInput::default(),
                FieldErrors::default(),
            )),
        );
        return render_status(app, ctx, 422, TEMPLATE, &heading(&record), view);
    }
    let (stored, ()) = app.store.update_indicator(record.id, Some(user.id), |r| {
        // Measurements are their own writes: a form shown before one was added keeps it.
        let (created, measurements) = (r.created, std::mem::take(&mut r.measurements));
        *r = changed;
        r.measurements = measurements;
        r.created = created;
        r.updated = domain::now();
        r.author = Some(user.id);
        r.demo = false;
        Ok(())
    })?;
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", edit_path(&stored)),
    ))
}

/// `POST /admin/program/wskazniki/{id}/usun`
pub fn delete(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let record = by_id(app, ctx)?;
    app.store.delete_indicator(record.id, Some(user.id))?;
    Ok(Response::redirect(303, "/admin/program?usunieto=1"))
}

/// A refusal of the record's own rules becomes a 400 with its Polish message.
fn refused(e: StoreError) -> PageError {
    match e {
        StoreError::Conflict { what } => PageError::BadRequest(what),
        other => other.into(),
    }
}

/// `POST /admin/program/wskazniki/{id}/pomiary`: one dated measurement.
pub fn add_measurement(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let record = by_id(app, ctx)?;
    let input = read_measurement(ctx);
    let new = match input.parse() {
        Ok(new) => new,
        Err(errors) => {
            let view = form_view(
                ctx,
                edit_path(&record),
                heading(&record),
                IndicatorInput::from_record(&record),
                FieldErrors::default(),
                Some(existing(&record, input, errors)),
            );
            return render_status(app, ctx, 422, TEMPLATE, &heading(&record), view);
        }
    };
    let now = domain::now();
    app.store
        .update_indicator(record.id, Some(user.id), |r| {
            r.updated = now;
            r.add_measurement(new.date, new.value, new.note, now, Some(user.id))
                .map_err(|what| StoreError::Conflict {
                    what: what.to_string(),
                })
        })
        .map_err(refused)?;
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1#pomiary", edit_path(&record)),
    ))
}

/// `POST /admin/program/wskazniki/{id}/pomiary/usun`: the measurement named by `pomiar`.
pub fn remove_measurement(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let record = by_id(app, ctx)?;
    let measurement = ctx
        .form
        .get("pomiar")
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or_else(|| PageError::BadRequest("Nie wskazano pomiaru do usunięcia.".to_string()))?;
    app.store
        .update_indicator(record.id, Some(user.id), |r| {
            r.updated = domain::now();
            r.remove_measurement(measurement)
                .map_err(|what| StoreError::Conflict {
                    what: what.to_string(),
                })
        })
        .map_err(refused)?;
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1#pomiary", edit_path(&record)),
    ))
}
