//! `/konto/haslo`: forgotten passwords. The answer never says whether an account exists.

use serde::Serialize;

use super::account_mail::{self, Link};
use super::account_register::{auth_error, invalid_link};
use super::{Ctx, PageResult, render, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::password_policy;
use crate::domain::session::{OneTimeToken, RESET_SECONDS, TokenPurpose};
use crate::domain::user::{AccountStatus, normalize_email};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::web::http::Response;
use crate::web::rate_limit::Action;

#[derive(Serialize)]
struct RequestView {
    csrf: String,
    sent: bool,
}

/// `GET /konto/haslo`
pub fn request_form(app: &App, ctx: &Ctx) -> PageResult {
    let view = RequestView {
        csrf: ctx.visitor.csrf_token(),
        sent: false,
    };
    render(
        app,
        ctx,
        "account/reset_request.html",
        "Nie pamiętam hasła",
        view,
    )
}

/// `POST /konto/haslo`
pub fn request_submit(app: &App, ctx: &Ctx) -> PageResult {
    app.limit(Action::PasswordReset, &ctx.client_ip())?;
    let email = normalize_email(ctx.form.get("email").unwrap_or(""));
    let account = app.store.user_by_email(&email)?;
    if let Some(user) = account.filter(|u| u.status != AccountStatus::Disabled)
        && app.limit(Action::PasswordResetAccount, &email).is_ok()
    {
        let link = Link::new()?;
        let token = OneTimeToken {
            purpose: TokenPurpose::ResetPassword,
            user: user.id,
            expires: domain::now() + RESET_SECONDS,
        };
        let mail = account_mail::password_reset(app, &user, &link);
        app.store.issue_token_with_mail(&link.hash, &token, mail)?;
        app.wake_mail();
    }
    let view = RequestView {
        csrf: ctx.visitor.csrf_token(),
        sent: true,
    };
    render(
        app,
        ctx,
        "account/reset_request.html",
        "Nie pamiętam hasła",
        view,
    )
}

#[derive(Serialize)]
struct NewPasswordView {
    csrf: String,
    token: String,
    errors: FieldErrors,
}

/// `GET /konto/nowe-haslo?token=…` — shows the form; the link is used only when it is sent.
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let token = ctx
        .query
        .get("token")
        .filter(|t| auth::is_token(t))
        .ok_or_else(invalid_link)?;
    match app.store.peek_token(&auth::token_hash(token))? {
        Some(t) if t.purpose == TokenPurpose::ResetPassword && t.expires >= domain::now() => {}
        _ => return Err(invalid_link()),
    }
    let view = NewPasswordView {
        csrf: ctx.visitor.csrf_token(),
        token: token.to_string(),
        errors: FieldErrors::default(),
    };
    render(
        app,
        ctx,
        "account/reset_form.html",
        "Ustaw nowe hasło",
        view,
    )
}

/// `POST /konto/nowe-haslo`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let token = ctx
        .form
        .get("token")
        .filter(|t| auth::is_token(t))
        .ok_or_else(invalid_link)?;
    let hash = auth::token_hash(token);
    let peeked = app.store.peek_token(&hash)?.ok_or_else(invalid_link)?;
    let mut user = app.store.user(peeked.user)?.ok_or_else(invalid_link)?;
    let password = ctx.form.raw("password").unwrap_or("");
    let mut errors = FieldErrors::default();
    if let Err(message) = password_policy::check_new_password(password, &user.email, &user.name) {
        errors.add("password", message);
    }
    if ctx.form.raw("password_repeat") != Some(password) {
        errors.add("password_repeat", "Hasła nie są takie same.");
    }
    if !errors.is_empty() {
        let view = NewPasswordView {
            csrf: ctx.visitor.csrf_token(),
            token: token.to_string(),
            errors,
        };
        return render_status(
            app,
            ctx,
            422,
            "account/reset_form.html",
            "Ustaw nowe hasło",
            view,
        );
    }
    match app.store.take_token(&hash, domain::now())? {
        Some(t) if t.purpose == TokenPurpose::ResetPassword && t.user == user.id => {}
        _ => return Err(invalid_link()),
    }
    user.password_hash = auth::hash_password(password).map_err(auth_error)?;
    // Proving access to the mailbox also confirms the address; every old session ends.
    if user.status == AccountStatus::Unverified {
        user.status = if user.role == crate::domain::user::Role::Staff {
            AccountStatus::AwaitingApproval
        } else {
            AccountStatus::Active
        };
        user.email_verified_at = Some(domain::now());
    }
    user.session_generation += 1;
    user.updated = domain::now();
    app.store.save_user(user.clone(), Some(user.id.0))?;
    Ok(Response::redirect(303, "/konto/logowanie?haslo=zmienione"))
}
