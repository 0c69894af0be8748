//! Staff manage premises: add (`/lokale/nowy`), edit every field (`/lokale/{slug}/edycja`,
//! with the location as typed coordinates in `fieldset.location`), archive and restore.

use serde::Serialize;

use super::premises_page::visible_premises;
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::organization::OrgId;
use crate::domain::premises::{
    self, Accessibility, Administrator, Condition, Media, Premises, PremisesAddress, PremisesId,
    Status,
};
use crate::domain::premises_input::PremisesInput;
use crate::domain::premises_rent::Position;
use crate::domain::validate::FieldErrors;
use crate::domain::{self as records};
use crate::search::collation_key;
use crate::text::format;
use crate::web::http::Response;

fn read(ctx: &Ctx) -> PremisesInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    PremisesInput {
        street: text("street"),
        building: text("building"),
        unit: text("unit"),
        postal_code: text("postal_code"),
        city: text("city"),
        district: text("district"),
        lat: text("lat"),
        lon: text("lon"),
        area: text("area"),
        position: text("position"),
        floor: text("floor"),
        rooms: text("rooms"),
        condition: text("condition"),
        heating: f.checked("heating"),
        hot_water: f.checked("hot_water"),
        cold_water: f.checked("cold_water"),
        electricity: f.checked("electricity"),
        gas: f.checked("gas"),
        internet: f.checked("internet"),
        accessibility: text("accessibility"),
        accessibility_note: text("accessibility_note"),
        intended_use: text("intended_use"),
        rate: text("rate"),
        status: text("status"),
        tenant: text("tenant"),
        call_number: text("call_number"),
        call_deadline: text("call_deadline"),
        administrator: text("administrator"),
        admin_phone: text("admin_phone"),
        admin_email: text("admin_email"),
        description: f.raw("description").unwrap_or("").to_string(),
    }
}

#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
    selected: bool,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v).to_string(),
            label: label(*v).to_string(),
            selected: chosen == code(*v),
        })
        .collect()
}

#[derive(Serialize)]
struct FormView {
    csrf: String,
    action: String,
    heading: String,
    submit: &'static str,
    cancel_href: String,
    input: PremisesInput,
    errors: FieldErrors,
    districts: Vec<Choice>,
    positions: Vec<Choice>,
    conditions: Vec<Choice>,
    accessibility: Vec<Choice>,
    statuses: Vec<Choice>,
    tenants: Vec<Choice>,
    media: Vec<(&'static str, &'static str, bool)>,
    /// The location picker's map (`assets/js/map.js`).
    map_assets: super::map::MapAssets,
}

/// Published organisations, by id, as tenant choices.
fn organizations(app: &App) -> Result<Vec<crate::domain::organization::Organization>, PageError> {
    let mut orgs = app.store.organizations()?;
    orgs.retain(|o| o.state == RecordState::Published);
    orgs.sort_by_key(|o| collation_key(&o.name));
    Ok(orgs)
}

fn show_form(
    app: &App,
    ctx: &Ctx,
    status: u16,
    target: Option<&Premises>,
    input: PremisesInput,
    errors: FieldErrors,
) -> PageResult {
    let mut districts: Vec<Choice> = super::organizations::read_index(app)
        .districts()
        .into_iter()
        .map(|d| Choice {
            selected: d.name == input.district,
            code: d.name.clone(),
            label: d.name,
        })
        .collect();
    if !input.district.is_empty() && !districts.iter().any(|d| d.selected) {
        districts.push(Choice {
            code: input.district.clone(),
            label: input.district.clone(),
            selected: true,
        });
    }
    let tenants = organizations(app)?
        .into_iter()
        .map(|o| Choice {
            selected: input.tenant == o.id.0.to_string(),
            code: o.id.0.to_string(),
            label: o.name,
        })
        .collect();
    let media = Media {
        heating: input.heating,
        hot_water: input.hot_water,
        cold_water: input.cold_water,
        electricity: input.electricity,
        gas: input.gas,
        internet: input.internet,
    }
    .list()
    .to_vec();
    let (action, heading, cancel_href, submit) = match target {
        None => (
            "/lokale/nowy".to_string(),
            "Dodaj lokal".to_string(),
            "/admin/lokale".to_string(),
            "Dodaj lokal",
        ),
        Some(p) => (
            format!("/lokale/{}/edycja", p.slug),
            format!("Edycja lokalu: {}", p.label()),
            format!("/lokale/{}", p.slug),
            "Zapisz zmiany",
        ),
    };
    let view = FormView {
        csrf: ctx.visitor.csrf_token(),
        action,
        heading: heading.clone(),
        submit,
        cancel_href,
        districts,
        positions: choices(
            Position::ALL,
            Position::code,
            Position::label,
            &input.position,
        ),
        conditions: choices(
            Condition::ALL,
            Condition::code,
            Condition::label,
            &input.condition,
        ),
        accessibility: choices(
            Accessibility::ALL,
            Accessibility::code,
            Accessibility::label,
            &input.accessibility,
        ),
        statuses: choices(Status::ALL, Status::code, Status::label, &input.status),
        tenants,
        media,
        input,
        errors,
        map_assets: super::map::assets(app),
    };
    render_status(app, ctx, status, "premises/form.html", &heading, view)
}

fn blank(author: Option<crate::domain::user::UserId>) -> Premises {
    let now = records::now();
    Premises {
        id: PremisesId(0),
        slug: String::new(),
        address: PremisesAddress::default(),
        district: String::new(),
        geo: None,
        area: 0,
        position: Position::Ground,
        floor: None,
        rooms: 1,
        condition: Condition::Good,
        media: Media::default(),
        accessibility: Accessibility::None,
        accessibility_note: String::new(),
        intended_use: String::new(),
        rate: 0,
        status: Status::Free,
        tenant: None,
        call: None,
        administrator: Administrator::default(),
        description: String::new(),
        photos: Vec::new(),
        state: RecordState::Published,
        created: now,
        updated: now,
        author,
        demo: false,
    }
}

fn tenant_ids(app: &App) -> Result<Vec<OrgId>, PageError> {
    Ok(organizations(app)?.into_iter().map(|o| o.id).collect())
}

/// `GET /lokale/nowy`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let input = PremisesInput {
        city: "Toruń".to_string(),
        postal_code: "87-100".to_string(),
        position: Position::Ground.code().to_string(),
        rooms: "1".to_string(),
        condition: Condition::Good.code().to_string(),
        accessibility: Accessibility::None.code().to_string(),
        status: Status::Free.code().to_string(),
        administrator: "Miejski Zarząd Nieruchomości w Toruniu".to_string(),
        ..PremisesInput::default()
    };
    show_form(app, ctx, 200, None, input, FieldErrors::default())
}

/// `POST /lokale/nowy`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let input = read(ctx);
    let mut premises = blank(Some(user.id));
    let errors = input.apply(&mut premises, &tenant_ids(app)?, format::today());
    if !errors.is_empty() {
        return show_form(app, ctx, 422, None, input, errors);
    }
    let stored = app.store.add_premises(premises)?;
    app.reindex_premises(&stored);
    Ok(Response::redirect(
        303,
        &format!("/lokale/{}?komunikat=dodano", stored.slug),
    ))
}

/// `GET /lokale/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let p = visible_premises(app, ctx)?;
    let input = PremisesInput::from_record(&p);
    show_form(app, ctx, 200, Some(&p), input, FieldErrors::default())
}

/// `POST /lokale/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let p = visible_premises(app, ctx)?;
    let user = ctx.user()?;
    let input = read(ctx);
    let tenants = tenant_ids(app)?;
    let today = format::today();
    let mut draft = p.clone();
    let errors = input.apply(&mut draft, &tenants, today);
    if !errors.is_empty() {
        return show_form(app, ctx, 422, Some(&p), input, errors);
    }
    let now = records::now();
    let outcome = app.store.change_premises(p.id, Some(user.id), |current| {
        if !input.apply(current, &tenants, today).is_empty() {
            return Err(());
        }
        current.updated = now;
        Ok(())
    })?;
    match outcome {
        None => Err(PageError::NotFound),
        Some(Ok(saved)) => {
            app.reindex_premises(&saved);
            Ok(Response::redirect(
                303,
                &format!("/lokale/{}?komunikat=zapisano", saved.slug),
            ))
        }
        Some(Err(())) => show_form(app, ctx, 409, Some(&p), input, FieldErrors::default()),
    }
}

fn archive_step(
    app: &App,
    ctx: &Ctx,
    step: fn(&mut Premises, i64) -> Result<(), &'static str>,
    notice: &str,
) -> PageResult {
    let p = visible_premises(app, ctx)?;
    let user = ctx.user()?;
    let now = records::now();
    match app
        .store
        .change_premises(p.id, Some(user.id), |c| step(c, now))?
    {
        None => Err(PageError::NotFound),
        Some(Ok(saved)) => {
            app.reindex_premises(&saved);
            Ok(Response::redirect(
                303,
                &format!("/lokale/{}?komunikat={notice}", saved.slug),
            ))
        }
        Some(Err(problem)) => Err(PageError::BadRequest(problem.to_string())),
    }
}

/// `POST /lokale/{slug}/archiwizuj`
pub fn archive(app: &App, ctx: &Ctx) -> PageResult {
    archive_step(app, ctx, premises::archive, "zarchiwizowano")
}

/// `POST /lokale/{slug}/przywroc`
pub fn restore(app: &App, ctx: &Ctx) -> PageResult {
    archive_step(app, ctx, premises::restore, "przywrocono")
}
