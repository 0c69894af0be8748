//! `/konto/logowanie` and `/konto/wyloguj`.

use serde::Serialize;

use super::account_register::auth_error;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::session::Session;
use crate::domain::user::{AccountStatus, User};
use crate::domain::{self};
use crate::web::cookies;
use crate::web::http::Response;
use crate::web::rate_limit::Action;
use crate::web::visitor::{SESSION_COOKIE, Visitor};

#[derive(Serialize)]
struct LoginView {
    csrf: String,
    email: String,
    next: String,
    error: Option<&'static str>,
}

/// `GET /konto/logowanie`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    if ctx.visitor.user.is_some() {
        return Ok(Response::redirect(303, "/konto"));
    }
    let view = LoginView {
        csrf: ctx.visitor.csrf_token(),
        email: String::new(),
        next: safe_next(ctx.query.get("dalej")),
        error: None,
    };
    render(app, ctx, "account/login.html", "Logowanie", view)
}

/// `POST /konto/logowanie`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let email = ctx.form.get("email").unwrap_or("").to_string();
    let password = ctx.form.raw("password").unwrap_or("");
    app.limit(Action::LogIn, &ctx.client_ip())?;
    app.limit(Action::LogInAccount, &domain::user::normalize_email(&email))?;
    let next = safe_next(ctx.form.get("dalej"));
    let refuse = |error: &'static str| {
        let view = LoginView {
            csrf: ctx.visitor.csrf_token(),
            email: email.clone(),
            next: next.clone(),
            error: Some(error),
        };
        render_status(app, ctx, 401, "account/login.html", "Logowanie", view)
    };
    // A deleted account is an unknown address: its tombstone has no password to check.
    let user = app.store.user_by_email(&email)?.filter(|u| !u.is_deleted());
    let password_ok = match &user {
        Some(user) => auth::verify_password(password, &user.password_hash).map_err(auth_error)?,
        None => {
            // Same work as for a real account, so the answer time does not reveal the e-mail.
            let _ = auth::verify_dummy(password).map_err(auth_error)?;
            false
        }
    };
    let Some(user) = user.filter(|_| password_ok) else {
        return refuse("Nieprawidłowy adres e-mail lub hasło.");
    };
    match user.status {
        AccountStatus::Active => {}
        AccountStatus::Unverified => {
            return refuse(
                "Najpierw potwierdź adres e-mail: kliknij link z wiadomości, którą wysłaliśmy po rejestracji.",
            );
        }
        AccountStatus::AwaitingApproval => {
            return refuse(
                "Konto pracownika urzędu czeka na zatwierdzenie przez administratora. Dostaniesz wiadomość e-mail.",
            );
        }
        AccountStatus::Disabled => {
            return refuse(
                "To konto zostało wyłączone. Skontaktuj się z administratorem platformy.",
            );
        }
    }
    let cookie = start_session(app, &user, &ctx.visitor)?;
    let mut response = Response::redirect(303, &next);
    response.add_header("Set-Cookie", cookie);
    // The anonymous form token is no longer needed.
    response.add_header(
        "Set-Cookie",
        cookies::removal(crate::web::visitor::CSRF_COOKIE, ctx.visitor.secure),
    );
    Ok(response)
}

/// `POST /konto/wyloguj`
pub fn logout(app: &App, ctx: &Ctx) -> PageResult {
    if let Some(hash) = &ctx.visitor.session_hash {
        app.store.delete_session(hash)?;
    }
    let mut response = Response::redirect(303, "/");
    response.add_header(
        "Set-Cookie",
        cookies::removal(SESSION_COOKIE, ctx.visitor.secure),
    );
    Ok(response)
}

/// Stores a new session (a fresh token at every log-in) and returns its Set-Cookie value.
pub(super) fn start_session(
    app: &App,
    user: &User,
    visitor: &Visitor,
) -> Result<String, PageError> {
    let token = auth::new_token().map_err(auth_error)?;
    let now = domain::now();
    let session = Session {
        user: user.id,
        created: now,
        last_seen: now,
        csrf: auth::new_token().map_err(auth_error)?,
        generation: user.session_generation,
    };
    app.store
        .save_session(&auth::token_hash(&token), &session)?;
    Ok(cookies::session_cookie(
        SESSION_COOKIE,
        &token,
        visitor.secure,
    ))
}

/// Only local paths are followed after log-in (no open redirects).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/konto".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/podmioty?q=a")), "/podmioty?q=a");
        assert_eq!(safe_next(Some("//evil.example")), "/konto");
        assert_eq!(safe_next(Some("https://evil.example")), "/konto");
        assert_eq!(safe_next(Some("/\\evil.example")), "/konto");
        assert_eq!(safe_next(None), "/konto");
    }
}
