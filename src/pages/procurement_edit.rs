//! Staff keep the social-clause register: the list of every procurement
//! (`/admin/klauzule`), adding, editing and deleting. The form takes several clauses without
//! JavaScript: "Dodaj kolejną klauzulę" sends the form back with one more empty fieldset and
//! saves nothing. Forms are re-shown with the wrong fields marked.

use serde::Serialize;

use super::procurement_form::{self, FormView};
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::procurement::{
    Act, Procedure, Procurement, ProcurementId, ProcurementStatus, ProcurementType, ThresholdClass,
};
use crate::domain::procurement_input::ProcurementInput;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::search::collation_key;
use crate::web::http::Response;

fn staff(ctx: &Ctx) -> Result<User, PageError> {
    let user = ctx.user()?;
    if !user.role.is_staff() {
        return Err(PageError::Forbidden);
    }
    Ok(user.clone())
}

fn by_id(app: &App, ctx: &Ctx) -> Result<Procurement, PageError> {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    app.store
        .procurement(ProcurementId(id))?
        .ok_or(PageError::NotFound)
}

fn blank(user: &User) -> Procurement {
    let now = domain::now();
    Procurement {
        id: ProcurementId(0),
        slug: String::new(),
        reference: String::new(),
        bzp_number: String::new(),
        title: String::new(),
        kind: ProcurementType::Services,
        procedure: Procedure::OpenTender,
        act: Act::Pzp2019,
        threshold: ThresholdClass::Above,
        unit: String::new(),
        estimated_value: None,
        contract_value: None,
        notice_date: crate::text::format::local_date(now),
        offers_deadline: None,
        contract_date: None,
        clauses: Vec::new(),
        contractor: None,
        status: ProcurementStatus::Announced,
        source_url: None,
        notes: String::new(),
        created: now,
        updated: now,
        author: Some(user.id),
        demo: false,
    }
}

/// Finds a directory entry by its slug.
fn organization_finder(app: &App) -> impl Fn(&str) -> Option<crate::domain::organization::OrgId> {
    move |slug: &str| match app.store.organization_by_slug(slug) {
        Ok(org) => org.map(|o| o.id),
        Err(e) => {
            log::error!("looking up organisation {slug}: {e}");
            None
        }
    }
}

/// Whether the visitor pressed "Dodaj kolejną klauzulę" rather than "Zapisz".
fn adds_a_clause(ctx: &Ctx) -> bool {
    ctx.form.get("akcja") == Some(procurement_form::ADD_CLAUSE)
}

#[derive(Serialize)]
struct AdminRow {
    href: String,
    edit_href: String,
    reference: String,
    title: String,
    year: i16,
    unit: String,
    status: &'static str,
    clauses: usize,
    demo: bool,
}

#[derive(Serialize)]
struct AdminView {
    rows: Vec<AdminRow>,
    deleted: bool,
}

/// `GET /admin/klauzule`: every procurement, newest notice first.
pub fn admin_list(app: &App, ctx: &Ctx) -> PageResult {
    staff(ctx)?;
    let mut all = app.store.procurements()?;
    all.sort_by(|a, b| {
        b.notice_date
            .cmp(&a.notice_date)
            .then_with(|| collation_key(&a.title).cmp(&collation_key(&b.title)))
    });
    let rows = all
        .iter()
        .map(|p| AdminRow {
            href: p.path(),
            edit_href: p.edit_path(),
            reference: p.reference.clone(),
            title: p.title.clone(),
            year: p.year(),
            unit: p.unit.clone(),
            status: p.status.label(),
            clauses: p.clauses.len(),
            demo: p.demo,
        })
        .collect();
    render(
        app,
        ctx,
        "procurements/admin.html",
        "Klauzule społeczne – panel",
        AdminView {
            rows,
            deleted: ctx.query.get("usunieto").is_some(),
        },
    )
}

const NEW_HEADING: &str = "Nowe zamówienie z klauzulą społeczną";
const NEW_ACTION: &str = "/admin/klauzule/nowe";

fn show_form(app: &App, ctx: &Ctx, status: u16, view: FormView, heading: &str) -> PageResult {
    render_status(app, ctx, status, "procurements/form.html", heading, view)
}

/// `GET /admin/klauzule/nowe`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    staff(ctx)?;
    let input = ProcurementInput {
        act: Act::Pzp2019.code().to_string(),
        status: ProcurementStatus::Announced.code().to_string(),
        ..ProcurementInput::default()
    }
    .with_empty_clause();
    let view = procurement_form::view(
        app,
        ctx,
        NEW_ACTION,
        NEW_HEADING,
        "/admin/klauzule",
        None,
        input,
        FieldErrors::default(),
    );
    show_form(app, ctx, 200, view, NEW_HEADING)
}

/// `POST /admin/klauzule/nowe`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let input = procurement_form::read(ctx);
    if adds_a_clause(ctx) {
        let view = procurement_form::view(
            app,
            ctx,
            NEW_ACTION,
            NEW_HEADING,
            "/admin/klauzule",
            None,
            input.with_another_clause(),
            FieldErrors::default(),
        );
        return show_form(app, ctx, 200, view, NEW_HEADING);
    }
    let mut record = blank(&user);
    let errors = input.apply(&mut record, organization_finder(app));
    if !errors.is_empty() {
        let view = procurement_form::view(
            app,
            ctx,
            NEW_ACTION,
            NEW_HEADING,
            "/admin/klauzule",
            None,
            input.with_empty_clause(),
            errors,
        );
        return show_form(app, ctx, 422, view, NEW_HEADING);
    }
    let record = app.store.insert_procurement(record, Some(user.id))?;
    app.reindex_procurement(record.id, Some(&record));
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", record.path()),
    ))
}

fn edit_heading(record: &Procurement) -> String {
    format!("Edycja: {} ({})", record.title, record.reference)
}

/// `GET /admin/klauzule/{id}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    staff(ctx)?;
    let record = by_id(app, ctx)?;
    let org_slug = match record.contractor.as_ref().and_then(|c| c.organization) {
        Some(id) => app.store.organization(id)?.map(|o| o.slug),
        None => None,
    };
    let heading = edit_heading(&record);
    let view = procurement_form::view(
        app,
        ctx,
        &record.edit_path(),
        &heading,
        &record.path(),
        Some(&record),
        ProcurementInput::from_record(&record, org_slug.as_deref()).with_empty_clause(),
        FieldErrors::default(),
    );
    show_form(app, ctx, 200, view, &heading)
}

/// `POST /admin/klauzule/{id}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let record = by_id(app, ctx)?;
    let input = procurement_form::read(ctx);
    let heading = edit_heading(&record);
    if adds_a_clause(ctx) {
        let view = procurement_form::view(
            app,
            ctx,
            &record.edit_path(),
            &heading,
            &record.path(),
            Some(&record),
            input.with_another_clause(),
            FieldErrors::default(),
        );
        return show_form(app, ctx, 200, view, &heading);
    }
    let mut changed = record.clone();
    let errors = input.apply(&mut changed, organization_finder(app));
    if !errors.is_empty() {
        let view = procurement_form::view(
            app,
            ctx,
            &record.edit_path(),
            &heading,
            &record.path(),
            Some(&record),
            input.with_empty_clause(),
            errors,
        );
        return show_form(app, ctx, 422, view, &heading);
    }
    let (stored, ()) = app
        .store
        .update_procurement(record.id, Some(user.id), |r| {
            let created = r.created;
            *r = changed;
            r.created = created;
            r.updated = domain::now();
            r.author = Some(user.id);
            r.demo = false;
            Ok(())
        })?;
    app.reindex_procurement(stored.id, Some(&stored));
    Ok(Response::redirect(
        303,
        &format!("{}?zapisano=1", stored.path()),
    ))
}

#[derive(Serialize)]
struct DeleteView {
    csrf: String,
    action: String,
    title: String,
    reference: String,
    href: String,
    edit_href: String,
    error: bool,
}

/// `POST /admin/klauzule/{id}/usun`: deletes with the confirmation box ticked; without it,
/// shows the confirmation page.
pub fn delete(app: &App, ctx: &Ctx) -> PageResult {
    let user = staff(ctx)?;
    let record = by_id(app, ctx)?;
    if !ctx.form.checked("potwierdzam") {
        let view = DeleteView {
            csrf: ctx.visitor.csrf_token(),
            action: format!("/admin/klauzule/{}/usun", record.id.0),
            title: record.title.clone(),
            reference: record.reference.clone(),
            href: record.path(),
            edit_href: record.edit_path(),
            error: ctx.form.get("akcja").is_some(),
        };
        let title = format!("Usunąć zamówienie {}?", record.reference);
        return render(app, ctx, "procurements/delete.html", &title, view);
    }
    app.store.delete_procurement(record.id, Some(user.id))?;
    app.reindex_procurement(record.id, None);
    Ok(Response::redirect(303, "/admin/klauzule?usunieto=1"))
}
