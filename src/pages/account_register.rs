//! `/konto/rejestracja` and `/konto/weryfikacja`: creating an account and confirming its e-mail.

use serde::Serialize;

use super::account_mail::{self, Link};
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::password_policy;
use crate::domain::session::{OneTimeToken, TokenPurpose, VERIFY_SECONDS};
use crate::domain::user::{AccountStatus, Registration, Role, User, UserId, normalize_email};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::store::StoreError;
use crate::web::rate_limit::Action;

#[derive(Serialize)]
struct RegisterView {
    csrf: String,
    name: String,
    email: String,
    role: String,
    terms: bool,
    roles: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
}

fn form_view(ctx: &Ctx, form: &Registration, errors: FieldErrors) -> RegisterView {
    RegisterView {
        csrf: ctx.visitor.csrf_token(),
        name: form.name.clone(),
        email: form.email.clone(),
        role: form.role.map(|r| r.code().to_string()).unwrap_or_default(),
        terms: form.accepted_terms,
        roles: Role::REGISTRABLE
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect(),
        errors,
    }
}

/// `GET /konto/rejestracja`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    let empty = Registration::default();
    render(
        app,
        ctx,
        "account/register.html",
        "Załóż konto",
        form_view(ctx, &empty, FieldErrors::default()),
    )
}

/// `POST /konto/rejestracja`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    app.limit(Action::Registration, &ctx.client_ip())?;
    let f = &ctx.form;
    let form = Registration {
        name: f.get("name").unwrap_or("").to_string(),
        email: f.get("email").unwrap_or("").to_string(),
        password: f.raw("password").unwrap_or("").to_string(),
        password_repeat: f.raw("password_repeat").unwrap_or("").to_string(),
        role: f.get("role").and_then(Role::from_code),
        accepted_terms: f.checked("terms"),
    };
    let mut errors = form.validate();
    if let Err(message) =
        password_policy::check_new_password(&form.password, &form.email, &form.name)
    {
        errors.add("password", message);
    }
    if !errors.is_empty() {
        let view = form_view(ctx, &form, errors);
        return render_status(app, ctx, 422, "account/register.html", "Załóż konto", view);
    }
    let email = normalize_email(&form.email);
    // An address that already has an account gets the same answer, so the form does not
    // reveal who is registered; no second account is made.
    if app.store.user_by_email(&email)?.is_none() {
        create(app, &form, &email)?;
    }
    render(
        app,
        ctx,
        "account/check_mail.html",
        "Sprawdź skrzynkę",
        CheckMail { email },
    )
}

#[derive(Serialize)]
struct CheckMail {
    email: String,
}

fn create(app: &App, form: &Registration, email: &str) -> Result<(), PageError> {
    let now = domain::now();
    let user = User {
        id: UserId(0),
        email: email.to_string(),
        name: form.name.trim().to_string(),
        role: form.role.unwrap_or(Role::Resident),
        status: AccountStatus::Unverified,
        password_hash: auth::hash_password(&form.password).map_err(auth_error)?,
        terms_accepted_at: now,
        email_verified_at: None,
        organizations: Vec::new(),
        created: now,
        updated: now,
        session_generation: 0,
        deleted: None,
    };
    let link = Link::new()?;
    let mail = account_mail::verification(app, &user, &link);
    let token = |u: &User| OneTimeToken {
        purpose: TokenPurpose::VerifyEmail,
        user: u.id,
        expires: now + VERIFY_SECONDS,
    };
    match app
        .store
        .create_user_with_mail(user, &link.hash, token, mail)
    {
        // Two registrations raced for one address: the first won, the second gets the same page.
        Ok(_) | Err(StoreError::Conflict { .. }) => {
            app.wake_mail();
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Maps a hashing failure to an answer: busy → 503, anything else → 500.
pub(super) fn auth_error(e: auth::AuthError) -> PageError {
    match e {
        auth::AuthError::Busy => PageError::Busy,
        other => PageError::Internal(other.to_string()),
    }
}

#[derive(Serialize)]
struct Verified {
    awaiting_approval: bool,
}

/// `GET /konto/weryfikacja?token=…`
pub fn verify(app: &App, ctx: &Ctx) -> PageResult {
    let Some(token) = ctx.query.get("token").filter(|t| auth::is_token(t)) else {
        return Err(invalid_link());
    };
    let taken = app
        .store
        .take_token(&auth::token_hash(token), domain::now())?;
    let Some(OneTimeToken {
        purpose: TokenPurpose::VerifyEmail,
        user,
        ..
    }) = taken
    else {
        return Err(invalid_link());
    };
    let mut user = app.store.user(user)?.ok_or_else(invalid_link)?;
    if user.status == AccountStatus::Unverified {
        user.status = if user.role == Role::Staff {
            AccountStatus::AwaitingApproval
        } else {
            AccountStatus::Active
        };
        user.email_verified_at = Some(domain::now());
        user.updated = domain::now();
        app.store.save_user(user.clone(), Some(user.id.0))?;
    }
    let view = Verified {
        awaiting_approval: user.status == AccountStatus::AwaitingApproval,
    };
    render(
        app,
        ctx,
        "account/verified.html",
        "Adres e-mail potwierdzony",
        view,
    )
}

pub(super) fn invalid_link() -> PageError {
    PageError::BadRequest(
        "Link jest nieważny: wygasł albo został już użyty. Możesz poprosić o nowy.".to_string(),
    )
}
