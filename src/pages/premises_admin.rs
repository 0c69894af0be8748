//! Staff pages of the Baza lokalowa: every premises with the applications waiting
//! (`/admin/lokale`), the applications of one premises with the decision forms and the status
//! form (`/admin/lokale/{slug}/wnioski`); each decision is e-mailed to the applicant in the same
//! transaction.

use serde::Serialize;

use super::premises_page::document_links;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::RecordState;
use crate::domain::mail::OutgoingMail;
use crate::domain::organization::OrgId;
use crate::domain::premises::{
    self, ApplicationId, ApplicationStatus, Premises, Status, check_occupancy,
};
use crate::domain::validate::FieldErrors;
use crate::domain::{self as records};
use crate::mail::messages::MailSite;
use crate::mail::messages::premises as letters;
use crate::search::collation_key;
use crate::text::format;
use crate::web::http::Response;

#[derive(Serialize)]
struct Row {
    href: String,
    admin_href: String,
    label: String,
    district: String,
    status: &'static str,
    archived: bool,
    waiting: usize,
}

#[derive(Serialize)]
struct ListView {
    rows: Vec<Row>,
    waiting: usize,
}

fn is_waiting(status: ApplicationStatus) -> bool {
    matches!(
        status,
        ApplicationStatus::Submitted | ApplicationStatus::InReview
    )
}

/// `GET /admin/lokale`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let applications = app.store.all_premises_applications()?;
    let mut all = app.store.all_premises()?;
    all.sort_by_key(|p| (p.state == RecordState::Archived, collation_key(&p.label())));
    let rows: Vec<Row> = all
        .iter()
        .map(|p| Row {
            href: format!("/lokale/{}", p.slug),
            admin_href: format!("/admin/lokale/{}/wnioski", p.slug),
            label: p.label(),
            district: p.district.clone(),
            status: p.status.label(),
            archived: p.state == RecordState::Archived,
            waiting: applications
                .iter()
                .filter(|a| a.premises == p.id && is_waiting(a.status))
                .count(),
        })
        .collect();
    let waiting = rows.iter().map(|r| r.waiting).sum();
    render(
        app,
        ctx,
        "premises/admin.html",
        "Baza lokalowa – panel",
        ListView { rows, waiting },
    )
}

/// What the forms of the applications page show when they come back with errors.
#[derive(Debug, Default)]
struct Forms {
    errors: FieldErrors,
    problem: Option<&'static str>,
    /// The application whose decision came back.
    decision_for: Option<u64>,
    reason: String,
    status: String,
    tenant: String,
    call_number: String,
    call_deadline: String,
}

#[derive(Serialize)]
struct AppLine {
    id: u64,
    organization: String,
    organization_href: String,
    person: String,
    email: String,
    kind: &'static str,
    status: &'static str,
    status_code: &'static str,
    message: String,
    reason: String,
    created: i64,
    documents: Vec<(String, String)>,
}

#[derive(Serialize)]
struct ApplicationsView {
    csrf: String,
    slug: String,
    label: String,
    status_code: &'static str,
    archived: bool,
    applications: Vec<AppLine>,
    decisions: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    tenants: Vec<(String, String, bool)>,
    /// Organisations with an accepted application, offered first as tenants.
    accepted: Vec<(String, String, bool)>,
    call_number: String,
    call_deadline: String,
    errors: FieldErrors,
    problem: Option<&'static str>,
    decision_for: Option<u64>,
    reason: String,
    notice: Option<&'static str>,
}

fn premises_of(app: &App, ctx: &Ctx) -> Result<Premises, PageError> {
    app.store
        .premises_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)
}

fn show(app: &App, ctx: &Ctx, p: &Premises, status: u16, forms: Forms) -> PageResult {
    let applications = app.store.premises_applications(p.id)?;
    let mut org_ids: Vec<OrgId> = applications.iter().map(|a| a.organization).collect();
    org_ids.extend(p.tenant);
    let orgs: std::collections::HashMap<OrgId, _> = app
        .store
        .organizations_by_ids(&org_ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut lines = Vec::new();
    for a in applications.iter().rev() {
        let person = app.store.user(a.user)?;
        let org = orgs.get(&a.organization);
        lines.push(AppLine {
            id: a.id.0,
            organization: org.map(|o| o.name.clone()).unwrap_or_default(),
            organization_href: org
                .map(|o| format!("/podmioty/{}", o.slug))
                .unwrap_or_default(),
            person: person.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
            email: person
                .filter(|u| !u.is_deleted())
                .map(|u| u.email)
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
    let chosen_status = if forms.status.is_empty() {
        p.status.code().to_string()
    } else {
        forms.status.clone()
    };
    let chosen_tenant = if forms.status.is_empty() {
        p.tenant.map(|t| t.0.to_string()).unwrap_or_default()
    } else {
        forms.tenant.clone()
    };
    let mut published = app.store.organizations()?;
    published.retain(|o| o.state == RecordState::Published);
    published.sort_by_key(|o| collation_key(&o.name));
    let accepted_ids: Vec<OrgId> = applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Accepted)
        .map(|a| a.organization)
        .collect();
    let choice = |o: &crate::domain::organization::Organization| {
        let code = o.id.0.to_string();
        let selected = code == chosen_tenant;
        (code, o.name.clone(), selected)
    };
    let accepted = published
        .iter()
        .filter(|o| accepted_ids.contains(&o.id))
        .map(choice)
        .collect();
    let tenants = published
        .iter()
        .filter(|o| !accepted_ids.contains(&o.id))
        .map(choice)
        .collect();
    let notice = match ctx.query.get("komunikat") {
        Some("decyzja") => {
            Some("Decyzja została zapisana, a organizacja dostanie wiadomość e-mail.")
        }
        Some("status") => Some("Status lokalu został zmieniony."),
        _ => None,
    };
    let view = ApplicationsView {
        csrf: ctx.visitor.csrf_token(),
        slug: p.slug.clone(),
        label: p.label(),
        status_code: p.status.code(),
        archived: p.state == RecordState::Archived,
        applications: lines,
        decisions: [
            ApplicationStatus::InReview,
            ApplicationStatus::Accepted,
            ApplicationStatus::Rejected,
        ]
        .iter()
        .map(|s| (s.code(), s.label()))
        .collect(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.code(), s.label(), s.code() == chosen_status))
            .collect(),
        tenants,
        accepted,
        call_number: if forms.status.is_empty() {
            p.call
                .as_ref()
                .map(|c| c.number.clone())
                .unwrap_or_default()
        } else {
            forms.call_number
        },
        call_deadline: if forms.status.is_empty() {
            p.call
                .as_ref()
                .map(|c| c.deadline.to_string())
                .unwrap_or_default()
        } else {
            forms.call_deadline
        },
        errors: forms.errors,
        problem: forms.problem,
        decision_for: forms.decision_for,
        reason: forms.reason,
        notice,
    };
    let title = format!("Zgłoszenia: {}", p.label());
    render_status(app, ctx, status, "premises/applications.html", &title, view)
}

/// `GET /admin/lokale/{slug}/wnioski`
pub fn applications(app: &App, ctx: &Ctx) -> PageResult {
    let p = premises_of(app, ctx)?;
    show(app, ctx, &p, 200, Forms::default())
}

/// `POST /admin/lokale/{slug}/wnioski/{id}/decyzja` (fields `status`, `reason`)
pub fn decide(app: &App, ctx: &Ctx) -> PageResult {
    let p = premises_of(app, ctx)?;
    let staff = ctx.user()?.id;
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    let application = app
        .store
        .premises_application(ApplicationId(id))?
        .filter(|a| a.premises == p.id)
        .ok_or(PageError::NotFound)?;
    let reason = ctx.form.raw("reason").unwrap_or("").to_string();
    let status = ctx
        .form
        .get("status")
        .and_then(ApplicationStatus::from_code)
        .filter(|s| *s != ApplicationStatus::Submitted);
    let Some(status) = status else {
        let mut errors = FieldErrors::default();
        errors.add(
            "status",
            "Wybierz decyzję: w rozpatrzeniu, przyjęty albo odrzucony.",
        );
        let forms = Forms {
            errors,
            decision_for: Some(id),
            reason,
            ..Forms::default()
        };
        return show(app, ctx, &p, 422, forms);
    };
    let org_name = app
        .store
        .organization(application.organization)?
        .map(|o| o.name)
        .unwrap_or_else(|| "organizacja".to_string());
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let now = records::now();
    let outcome =
        app.store
            .decide_premises_application(application.id, staff, |a, applicant| {
                premises::decide(a, status, &reason, staff, now)?;
                Ok::<_, &'static str>(applicant.filter(|u| !u.is_deleted()).map(|u| {
                    let content = letters::application_decided(
                        &site,
                        &u.name,
                        a.kind.label(),
                        &p.address.label(),
                        &p.slug,
                        &org_name,
                        a.status,
                        &a.reason,
                    );
                    OutgoingMail::new(u.email.clone(), content, "lokal-decyzja", now)
                }))
            })?;
    match outcome {
        None => Err(PageError::NotFound),
        Some(Ok(_)) => {
            app.wake_mail();
            Ok(Response::redirect(
                303,
                &format!("/admin/lokale/{}/wnioski?komunikat=decyzja", p.slug),
            ))
        }
        Some(Err(problem)) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", problem);
            let forms = Forms {
                errors,
                decision_for: Some(id),
                reason,
                ..Forms::default()
            };
            show(app, ctx, &p, 422, forms)
        }
    }
}

/// `POST /admin/lokale/{slug}/status` (fields `status`, `tenant`, `call_number`,
/// `call_deadline`)
pub fn change_status(app: &App, ctx: &Ctx) -> PageResult {
    let p = premises_of(app, ctx)?;
    let staff = ctx.user()?.id;
    let f = &ctx.form;
    let forms = Forms {
        status: f.get("status").unwrap_or("").to_string(),
        tenant: f.get("tenant").unwrap_or("").to_string(),
        call_number: f.get("call_number").unwrap_or("").to_string(),
        call_deadline: f.get("call_deadline").unwrap_or("").to_string(),
        ..Forms::default()
    };
    let mut errors = FieldErrors::default();
    let status = Status::from_code(&forms.status);
    if status.is_none() {
        errors.add("status", "Wybierz status lokalu.");
    }
    let tenant = match forms.tenant.parse::<u64>() {
        Ok(id) => app
            .store
            .organization(OrgId(id))?
            .filter(|o| o.state == RecordState::Published)
            .map(|o| o.id),
        Err(_) => None,
    };
    let deadline = forms.call_deadline.trim().parse::<jiff::civil::Date>().ok();
    let checked = status.map(|s| {
        check_occupancy(
            s,
            tenant,
            Some((forms.call_number.as_str(), deadline)),
            p.call.as_ref(),
            format::today(),
        )
    });
    let (status, tenant, call) = match (status, checked) {
        (Some(s), Some(Ok((tenant, call)))) if errors.is_empty() => (s, tenant, call),
        (_, checked) => {
            if let Some(Err(problems)) = checked {
                for (field, message) in problems {
                    errors.add(field, message);
                }
            }
            return show(app, ctx, &p, 422, Forms { errors, ..forms });
        }
    };
    let now = records::now();
    let outcome = app.store.change_premises(p.id, Some(staff), |current| {
        premises::set_status(current, status, tenant, call, now)
    })?;
    match outcome {
        None => Err(PageError::NotFound),
        Some(Ok(saved)) => {
            app.reindex_premises(&saved);
            Ok(Response::redirect(
                303,
                &format!("/admin/lokale/{}/wnioski?komunikat=status", saved.slug),
            ))
        }
        Some(Err(problem)) => show(
            app,
            ctx,
            &p,
            409,
            Forms {
                problem: Some(problem),
                ..forms
            },
        ),
    }
}
