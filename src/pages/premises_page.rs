//! The page of one premises (`/lokale/{slug}`): every field, the photos, the tenant or the open
//! call, the rent calculator (a GET form: choose a purpose, see the base rent, each discount and
//! the rent to pay) and, for a representative of a verified organisation, the form to express
//! interest or apply while the premises are free or in an open call.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::document::DocumentId;
use crate::domain::organization::OrgId;
use crate::domain::photo::Photo;
use crate::domain::premises::{
    self, ApplicationKind, ApplicationStatus, Premises, PremisesApplication,
};
use crate::domain::premises_rent::{self, Purpose, RentBreakdown};
use crate::domain::validate::FieldErrors;
use crate::text::format;

/// The premises of `/lokale/{slug}…`; archived ones only for staff.
pub(super) fn visible_premises(app: &App, ctx: &Ctx) -> Result<Premises, PageError> {
    let staff = ctx.is_staff();
    app.store
        .premises_by_slug(ctx.param("slug"))?
        .filter(|p| p.is_public() || staff)
        .ok_or(PageError::NotFound)
}

/// What the application form shows when it comes back with errors.
#[derive(Debug, Default)]
pub(super) struct ApplyForm {
    pub errors: FieldErrors,
    pub problem: Option<&'static str>,
    pub organization: String,
    pub kind: String,
    pub message: String,
}

/// Notices after a step, by the `komunikat` it redirects with.
const NOTICES: &[(&str, &str)] = &[
    ("dodano", "Lokal został dodany do bazy lokalowej."),
    ("zapisano", "Zmiany zostały zapisane."),
    (
        "zgloszenie-wyslane",
        "Zgłoszenie zostało wysłane. Decyzję urzędu dostaniesz e-mailem; status zgłoszenia zobaczysz też w zakładce „Moje lokale”.",
    ),
    (
        "zarchiwizowano",
        "Lokal został przeniesiony do archiwum i nie jest już widoczny publicznie.",
    ),
    ("przywrocono", "Lokal został przywrócony do bazy lokalowej."),
];

/// `GET /lokale/{slug}` (with `?cel=…` the calculator shows the rent for that purpose)
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let premises = visible_premises(app, ctx)?;
    show_with(app, ctx, &premises, 200, ApplyForm::default())
}

pub(super) fn show_with(
    app: &App,
    ctx: &Ctx,
    premises: &Premises,
    status: u16,
    form: ApplyForm,
) -> PageResult {
    let purpose = match ctx.query.get("cel") {
        None => None,
        Some(code) => Some(Purpose::from_code(code).ok_or_else(|| {
            PageError::BadRequest(
                "Nieznany cel w kalkulatorze czynszu — wybierz go z listy na stronie lokalu."
                    .to_string(),
            )
        })?),
    };
    let view = PageView::build(app, ctx, premises, purpose, form)?;
    let title = premises.label();
    render_status(app, ctx, status, "premises/show.html", &title, view)
}

#[derive(Serialize)]
struct PageView {
    csrf: String,
    slug: String,
    label: String,
    street_line: String,
    postal_code: String,
    city: String,
    district: String,
    district_slug: String,
    area: String,
    position: String,
    rooms: u8,
    condition: &'static str,
    media: Vec<(&'static str, bool)>,
    accessibility: &'static str,
    accessible: bool,
    accessibility_note: String,
    intended_use: String,
    rate: i64,
    status: &'static str,
    status_code: &'static str,
    tenant: Option<(String, String)>,
    call: Option<(String, String, String)>,
    administrator: String,
    admin_phone: String,
    admin_email: String,
    description: Vec<String>,
    photos: Vec<Photo>,
    geo: Option<(f64, f64)>,
    demo: bool,
    archived: bool,
    created: i64,
    updated: i64,
    api_href: String,
    notice: Option<&'static str>,
    is_staff: bool,
    applications_count: usize,
    calculator: Calculator,
    /// The representative's organisations that may apply (empty: no form).
    organizations: Vec<(String, String, bool)>,
    kinds: Vec<(&'static str, &'static str, bool)>,
    message: String,
    errors: FieldErrors,
    problem: Option<&'static str>,
    accepts_applications: bool,
    signed_in: bool,
    pes_without_organization: bool,
    my_applications: Vec<ApplicationLine>,
}

#[derive(Serialize)]
struct Calculator {
    purposes: Vec<(&'static str, &'static str, u8, bool)>,
    chosen: Option<&'static str>,
    base: i64,
    result: Option<RentBreakdown>,
}

#[derive(Serialize)]
pub(super) struct ApplicationLine {
    pub id: u64,
    pub organization: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub message: String,
    pub reason: String,
    pub created: i64,
    pub documents: Vec<(String, String)>,
}

/// The download links of an application's documents.
pub(super) fn document_links(
    app: &App,
    slug: &str,
    application: &PremisesApplication,
) -> Result<Vec<(String, String)>, PageError> {
    let mut out = Vec::new();
    for id in &application.documents {
        let name = app
            .store
            .document(DocumentId(id.0))?
            .map(|d| d.filename)
            .unwrap_or_else(|| "dokument".to_string());
        out.push((
            format!(
                "/lokale/{slug}/wnioski/{}/dokumenty/{}",
                application.id.0, id.0
            ),
            name,
        ));
    }
    Ok(out)
}

impl PageView {
    fn build(
        app: &App,
        ctx: &Ctx,
        p: &Premises,
        purpose: Option<Purpose>,
        form: ApplyForm,
    ) -> Result<PageView, PageError> {
        let user = ctx.visitor.user.as_ref();
        let is_staff = user.is_some_and(|u| u.role.is_staff());
        let applying: Vec<OrgId> = user
            .map(premises::applying_organizations)
            .unwrap_or_default();
        let applications = if is_staff || !applying.is_empty() {
            app.store.premises_applications(p.id)?
        } else {
            Vec::new()
        };
        let mut org_ids: Vec<OrgId> = applying.clone();
        org_ids.extend(p.tenant);
        let orgs: std::collections::HashMap<OrgId, _> = app
            .store
            .organizations_by_ids(&org_ids)?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut my_applications = Vec::new();
        for a in applications
            .iter()
            .filter(|a| applying.contains(&a.organization))
        {
            my_applications.push(ApplicationLine {
                id: a.id.0,
                organization: orgs
                    .get(&a.organization)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                kind: a.kind.label(),
                status: a.status.label(),
                status_code: a.status.code(),
                message: a.message.clone(),
                reason: a.reason.clone(),
                created: a.created,
                documents: document_links(app, &p.slug, a)?,
            });
        }
        let settings = app.settings();
        let rules = &settings.premises_rent;
        let calculator = Calculator {
            purposes: Purpose::ALL
                .iter()
                .map(|x| {
                    (
                        x.code(),
                        x.label(),
                        rules.purpose_percent(*x),
                        Some(*x) == purpose,
                    )
                })
                .collect(),
            chosen: purpose.map(|x| x.code()),
            base: premises_rent::base_rent(p.area, p.rate),
            result: purpose.map(|x| premises_rent::calculate(p.area, p.rate, p.position, x, rules)),
        };
        let accepts = p.accepts_applications();
        let mut organizations: Vec<(String, String, bool)> = if accepts {
            applying
                .iter()
                .filter(|id| p.tenant != Some(**id))
                .filter_map(|id| orgs.get(id))
                .filter(|o| o.state == RecordState::Published)
                .map(|o| {
                    let code = o.id.0.to_string();
                    let selected = form.organization == code;
                    (code, o.name.clone(), selected)
                })
                .collect()
        } else {
            Vec::new()
        };
        organizations.sort_by(|a, b| a.1.cmp(&b.1));
        let chosen_kind = if form.kind.is_empty() {
            ApplicationKind::Interest.code().to_string()
        } else {
            form.kind.clone()
        };
        let notice = ctx
            .query
            .get("komunikat")
            .and_then(|code| NOTICES.iter().find(|(c, _)| *c == code))
            .map(|(_, text)| *text);
        Ok(PageView {
            csrf: ctx.visitor.csrf_token(),
            slug: p.slug.clone(),
            label: p.label(),
            street_line: p.address.label(),
            postal_code: p.address.postal_code.clone(),
            city: p.address.city.clone(),
            district: p.district.clone(),
            district_slug: crate::domain::slug::slugify(&p.district),
            area: p.area_label(),
            position: p.position_label(),
            rooms: p.rooms,
            condition: p.condition.label(),
            media: p.media.list().iter().map(|(_, l, on)| (*l, *on)).collect(),
            accessibility: p.accessibility.label(),
            accessible: p.is_accessible(),
            accessibility_note: p.accessibility_note.clone(),
            intended_use: p.intended_use.clone(),
            rate: p.rate,
            status: p.status.label(),
            status_code: p.status.code(),
            tenant: p
                .tenant
                .and_then(|t| orgs.get(&t))
                .map(|o| (o.name.clone(), format!("/podmioty/{}", o.slug))),
            call: p.call.as_ref().map(|c| {
                (
                    c.number.clone(),
                    format::date_long(c.deadline),
                    c.deadline.to_string(),
                )
            }),
            administrator: p.administrator.name.clone(),
            admin_phone: p.administrator.phone.clone(),
            admin_email: p.administrator.email.clone(),
            description: p
                .description
                .split("\n\n")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            photos: p.photos.clone(),
            geo: p.geo.map(|g| (g.lat, g.lon)),
            demo: p.demo,
            archived: p.state == RecordState::Archived,
            created: p.created,
            updated: p.updated,
            api_href: format!("/api/v1/premises/{}", p.slug),
            notice,
            is_staff,
            applications_count: applications
                .iter()
                .filter(|a| {
                    matches!(
                        a.status,
                        ApplicationStatus::Submitted | ApplicationStatus::InReview
                    )
                })
                .count(),
            calculator,
            organizations,
            kinds: ApplicationKind::ALL
                .iter()
                .map(|k| (k.code(), k.label(), k.code() == chosen_kind))
                .collect(),
            message: form.message,
            errors: form.errors,
            problem: form.problem,
            accepts_applications: accepts,
            signed_in: user.is_some(),
            pes_without_organization: user
                .is_some_and(|u| u.role == crate::domain::user::Role::Pes && applying.is_empty()),
            my_applications,
        })
    }
}
