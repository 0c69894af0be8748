//! `/konto`: the signed-in person's own account — details, password change, log-out everywhere,
//! and a copy of their data (RODO art. 15 and 20). The forms to change the e-mail address
//! (`account_email.rs`) and to delete the account (`account_delete.rs`) live on this page too.

use serde::Serialize;

use super::account_register::auth_error;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::password_policy;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::web::cookies;
use crate::web::http::Response;
use crate::web::visitor::SESSION_COOKIE;

#[derive(Serialize)]
struct AccountView {
    csrf: String,
    name: String,
    email: String,
    role: &'static str,
    created: i64,
    organizations: Vec<(String, String)>,
    /// A PES representative's requests to represent organisations, newest first.
    claims: Vec<ClaimLine>,
    is_pes: bool,
    /// Representatives and staff manage offers at `/konto/oferty`.
    manages_offers: bool,
    claim_sent: bool,
    password_changed: bool,
    /// A confirmation link for a new address was just sent.
    email_sent: bool,
    /// What was typed into the change-of-address form (shown again with its errors).
    new_email: String,
    errors: FieldErrors,
}

#[derive(Serialize)]
struct ClaimLine {
    organization: String,
    new_organization: bool,
    status: String,
}

/// The person's claims with their state in Polish.
fn claim_lines(app: &App, user: &crate::domain::user::User) -> Result<Vec<ClaimLine>, PageError> {
    use crate::domain::claim::ClaimStatus;
    let mut lines = Vec::new();
    for claim in app
        .store
        .claims()?
        .into_iter()
        .filter(|c| c.user == user.id)
    {
        let Some(org) = app.store.organization(claim.organization)? else {
            continue;
        };
        let status = match claim.status {
            ClaimStatus::Pending => "czeka na decyzję urzędu".to_string(),
            ClaimStatus::Approved { .. } => "zatwierdzony".to_string(),
            ClaimStatus::Rejected { reason, .. } => format!("odrzucony: {reason}"),
        };
        lines.push(ClaimLine {
            organization: org.name,
            new_organization: claim.new_organization,
            status,
        });
    }
    Ok(lines)
}

fn view(app: &App, ctx: &Ctx, errors: FieldErrors) -> Result<AccountView, PageError> {
    let user = ctx.user()?;
    let organizations = app
        .store
        .organizations_by_ids(&user.organizations)?
        .into_iter()
        .map(|o| (o.name, format!("/podmioty/{}", o.slug)))
        .collect();
    Ok(AccountView {
        csrf: ctx.visitor.csrf_token(),
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.label(),
        created: user.created,
        organizations,
        claims: claim_lines(app, user)?,
        is_pes: user.role == crate::domain::user::Role::Pes,
        manages_offers: user.role == crate::domain::user::Role::Pes || user.role.is_staff(),
        claim_sent: ctx.query.get("wniosek") == Some("wyslany"),
        password_changed: ctx.query.get("haslo") == Some("zmienione"),
        email_sent: ctx.query.get("email") == Some("wyslany"),
        new_email: String::new(),
        errors,
    })
}

/// The account page again, with the errors of one of its forms (422).
pub(super) fn show_errors(
    app: &App,
    ctx: &Ctx,
    errors: FieldErrors,
    new_email: &str,
) -> PageResult {
    let mut view = view(app, ctx, errors)?;
    view.new_email = new_email.to_string();
    render_status(app, ctx, 422, "account/show.html", "Moje konto", view)
}

/// `GET /konto`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let view = view(app, ctx, FieldErrors::default())?;
    render(app, ctx, "account/show.html", "Moje konto", view)
}

/// `POST /konto/zmiana-hasla`: needs the current password; ends every other session.
pub fn change_password(app: &App, ctx: &Ctx) -> PageResult {
    let mut user = ctx.user()?.clone();
    let current = ctx.form.raw("current_password").unwrap_or("");
    let new = ctx.form.raw("password").unwrap_or("");
    let mut errors = FieldErrors::default();
    if !auth::verify_password(current, &user.password_hash).map_err(auth_error)? {
        errors.add("current_password", "Obecne hasło jest nieprawidłowe.");
    }
    if let Err(message) = password_policy::check_new_password(new, &user.email, &user.name) {
        errors.add("password", message);
    }
    if ctx.form.raw("password_repeat") != Some(new) {
        errors.add("password_repeat", "Hasła nie są takie same.");
    }
    if !errors.is_empty() {
        return show_errors(app, ctx, errors, "");
    }
    user.password_hash = auth::hash_password(new).map_err(auth_error)?;
    user.session_generation += 1;
    user.updated = domain::now();
    let user = app.store.save_user(user, Some(ctx.user()?.id.0))?;
    // Keep this browser signed in with a fresh session; all others end.
    let cookie = super::account_login::start_session(app, &user, &ctx.visitor)?;
    if let Some(hash) = &ctx.visitor.session_hash {
        app.store.delete_session(hash)?;
    }
    Ok(Response::redirect(303, "/konto?haslo=zmienione").with_header("Set-Cookie", cookie))
}

/// `POST /konto/wyloguj-wszedzie`: ends every session of this account, this one included.
pub fn logout_everywhere(app: &App, ctx: &Ctx) -> PageResult {
    let mut user = ctx.user()?.clone();
    user.session_generation += 1;
    user.updated = domain::now();
    let id = user.id;
    app.store.save_user(user, Some(id.0))?;
    app.store
        .purge_sessions(Some(id), domain::now(), |_| None)?;
    Ok(Response::redirect(303, "/konto/logowanie").with_header(
        "Set-Cookie",
        cookies::removal(SESSION_COOKIE, ctx.visitor.secure),
    ))
}

/// `GET /konto/moje-dane`: everything stored about the account, as JSON to download.
pub fn my_data(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let organizations: Vec<String> = app
        .store
        .organizations_by_ids(&user.organizations)?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let at = |ts: i64| {
        jiff::Timestamp::from_second(ts)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let body = serde_json::json!({
        "konto": {
            "imie_i_nazwisko": user.name,
            "email": user.email,
            "rodzaj_konta": user.role.label(),
            "zalozone": at(user.created),
            "ostatnia_zmiana": at(user.updated),
            "akceptacja_regulaminu": at(user.terms_accepted_at),
            "email_potwierdzony": user.email_verified_at.map(at),
        },
        "reprezentowane_organizacje": organizations,
        "uwaga": "Hasło przechowujemy wyłącznie jako skrót (argon2id), dlatego nie ma go w tym pliku.",
    });
    Ok(Response::json(200, body.to_string()).with_header(
        "Content-Disposition",
        "attachment; filename=\"moje-dane-pes-tor.json\"",
    ))
}
