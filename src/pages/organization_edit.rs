//! Editing an organisation (its approved representatives and city staff) and submitting a new
//! one (PES representatives; it waits for staff).

use super::organization_form::{self, read};
use super::photo_upload::PhotoManager;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::claim::{Claim, ClaimId, ClaimStatus, check_message};
use crate::domain::organization::{Address, Contact, LegalForm, OrgId, Organization, Statuses};
use crate::domain::organization_input::OrganizationInput;
use crate::domain::user::{Role, User};
use crate::domain::validate::FieldErrors;
use crate::domain::{self, RecordState};
use crate::store::StoreError;
use crate::web::http::Response;

/// Slugs that are paths of their own under `/podmioty/`.
const RESERVED_SLUGS: &[&str] = &["nowa"];

/// Whether `user` may edit `org`: staff always, a PES representative for their organisations.
pub fn may_edit(user: &User, org: &Organization) -> bool {
    user.role.is_staff() || user.represents(org.id)
}

/// The published organisation of the path and the signed-in user, if they may edit it.
pub(super) fn editable(app: &App, ctx: &Ctx) -> Result<(Organization, User), PageError> {
    let user = ctx.user()?.clone();
    let org = app
        .store
        .organization_by_slug(ctx.param("slug"))?
        .filter(|o| o.state == RecordState::Published)
        .ok_or(PageError::NotFound)?;
    if !may_edit(&user, &org) {
        return Err(PageError::Forbidden);
    }
    Ok((org, user))
}

/// `GET /podmioty/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let (org, user) = editable(app, ctx)?;
    let mut logo = super::organization_logo::manager(&org, ctx);
    if let Some(done) = super::organization_logo::done_message(ctx) {
        logo = logo.with_done(done);
    }
    edit_page(app, ctx, &org, &user, 200, logo)
}

/// The edit page of `org` as stored, with `logo` as its logo section, answered with `status`
/// (422 when the logo section shows an error).
pub(super) fn edit_page(
    app: &App,
    ctx: &Ctx,
    org: &Organization,
    user: &User,
    status: u16,
    logo: PhotoManager,
) -> PageResult {
    let view = organization_form::view(
        app,
        ctx,
        format!("/podmioty/{}/edycja", org.slug),
        format!("Edycja: {}", org.name),
        OrganizationInput::from_record(org),
        FieldErrors::default(),
        user.role.is_staff(),
    )
    .with_logo(logo);
    render_status(
        app,
        ctx,
        status,
        "organizations/form.html",
        "Edycja danych organizacji",
        view,
    )
}

/// `POST /podmioty/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (mut org, user) = editable(app, ctx)?;
    let input = read(ctx);
    let errors = input.apply(&mut org, user.role.is_staff());
    if !errors.is_empty() {
        let action = format!("/podmioty/{}/edycja", org.slug);
        let logo = super::organization_logo::manager(&org, ctx);
        let view = organization_form::view(
            app,
            ctx,
            action,
            format!("Edycja: {}", org.name),
            input,
            errors,
            user.role.is_staff(),
        )
        .with_logo(logo);
        return render_status(
            app,
            ctx,
            422,
            "organizations/form.html",
            "Edycja danych organizacji",
            view,
        );
    }
    org.updated = domain::now();
    org.author = Some(user.id.0);
    org.demo = false;
    let org = app.store.save_organization(org, Some(user.id.0))?;
    app.reindex(&org);
    Ok(Response::redirect(
        303,
        &format!("/podmioty/{}?zapisano=1", org.slug),
    ))
}

/// `GET /podmioty/nowa` (PES representatives)
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    pes_only(ctx)?;
    let input = OrganizationInput {
        city: "Toruń".to_string(),
        legal_form: LegalForm::Association.code().to_string(),
        ..OrganizationInput::default()
    };
    let view = organization_form::view(
        app,
        ctx,
        "/podmioty/nowa".to_string(),
        "Zgłoś nową organizację".to_string(),
        input,
        FieldErrors::default(),
        false,
    );
    render(
        app,
        ctx,
        "organizations/form.html",
        "Zgłoś nową organizację",
        view,
    )
}

/// `POST /podmioty/nowa`: the organisation waits unpublished until staff approve the claim.
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = pes_only(ctx)?;
    let input = read(ctx);
    let mut org = blank(&user);
    let mut errors = input.apply(&mut org, false);
    let message = check_message(ctx.form.get("message").unwrap_or(""), false).unwrap_or_else(|e| {
        errors.add("message", e);
        String::new()
    });
    if org.slug.is_empty() && errors.is_empty() {
        errors.add("name", "Nazwa musi zawierać litery lub cyfry.");
    }
    if !errors.is_empty() {
        let view = organization_form::view(
            app,
            ctx,
            "/podmioty/nowa".to_string(),
            "Zgłoś nową organizację".to_string(),
            input,
            errors,
            false,
        );
        return render_status(
            app,
            ctx,
            422,
            "organizations/form.html",
            "Zgłoś nową organizację",
            view,
        );
    }
    org.slug = free_slug(app, &org.slug)?;
    let claim = Claim {
        id: ClaimId(0),
        user: user.id,
        organization: OrgId(0),
        new_organization: true,
        message,
        status: ClaimStatus::Pending,
        created: domain::now(),
        document: None,
    };
    app.store.submit_new_organization(org, claim)?;
    Ok(Response::redirect(303, "/konto?wniosek=wyslany"))
}

fn pes_only(ctx: &Ctx) -> Result<User, PageError> {
    let user = ctx.user()?;
    if user.role != Role::Pes {
        return Err(PageError::Forbidden);
    }
    Ok(user.clone())
}

fn blank(user: &User) -> Organization {
    let now = domain::now();
    Organization {
        id: OrgId(0),
        slug: String::new(),
        name: String::new(),
        legal_form: LegalForm::Association,
        krs: None,
        nip: None,
        regon: None,
        address: Address::default(),
        district: String::new(),
        geo: None,
        contact: Contact::default(),
        description: String::new(),
        areas: Vec::new(),
        target_groups: Vec::new(),
        statuses: Statuses::default(),
        state: RecordState::Pending,
        created: now,
        updated: now,
        author: Some(user.id.0),
        demo: false,
        logo: None,
    }
}

/// `slug`, or `slug-2`, `slug-3` … when it is taken or reserved.
fn free_slug(app: &App, slug: &str) -> Result<String, StoreError> {
    let mut candidate = slug.to_string();
    let mut n = 1;
    while RESERVED_SLUGS.contains(&candidate.as_str())
        || app.store.organization_by_slug(&candidate)?.is_some()
    {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    Ok(candidate)
}
