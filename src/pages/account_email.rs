//! Changing the e-mail address of an account: `POST /konto/zmiana-email` sends a link to the
//! new address (and a notice to the old one); `GET /konto/potwierdz-email?token=…` makes the
//! change. Until the link is opened, the account keeps its address.

use serde::Serialize;

use super::account::show_errors;
use super::account_mail::{self, Link};
use super::account_register::{auth_error, invalid_link};
use super::{Ctx, PageResult, render, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::session::{OneTimeToken, TokenPurpose, VERIFY_SECONDS};
use crate::domain::user::{AccountStatus, normalize_email};
use crate::domain::validate::{self, FieldErrors};
use crate::domain::{self};
use crate::store::StoreError;
use crate::web::http::Response;
use crate::web::rate_limit::Action;

/// `POST /konto/zmiana-email`: needs the current password.
pub fn request(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let typed = ctx.form.get("new_email").unwrap_or("");
    let new_email = normalize_email(typed);
    let password = ctx.form.raw("email_password").unwrap_or("");
    let mut errors = FieldErrors::default();
    if !validate::is_email(&new_email) {
        errors.add(
            "new_email",
            "Podaj poprawny adres e-mail, np. jan.kowalski@example.pl.",
        );
    } else if new_email == user.email {
        errors.add("new_email", "To jest obecny adres Twojego konta.");
    }
    if !auth::verify_password(password, &user.password_hash).map_err(auth_error)? {
        errors.add("email_password", "Hasło jest nieprawidłowe.");
    }
    if !errors.is_empty() {
        return show_errors(app, ctx, errors, typed);
    }
    app.limit(Action::VerificationMail, &format!("konto-{}", user.id.0))?;
    // An address that already has an account gets the same answer and no mail, as at
    // registration: the form does not reveal who else is registered.
    if app.store.user_by_email(&new_email)?.is_none() {
        let link = Link::new()?;
        let token = OneTimeToken {
            purpose: TokenPurpose::ChangeEmail {
                new_email: new_email.clone(),
            },
            user: user.id,
            expires: domain::now() + VERIFY_SECONDS,
        };
        let mails = vec![
            account_mail::email_change(app, user, &new_email, &link),
            account_mail::email_change_notice(app, user, &new_email),
        ];
        app.store
            .issue_token_with_mails(&link.hash, &token, mails)?;
        app.wake_mail();
    }
    Ok(Response::redirect(303, "/konto?email=wyslany"))
}

#[derive(Serialize)]
struct Changed {
    email: String,
    /// The address got an account of its own after the link was sent.
    taken: bool,
    signed_in: bool,
}

/// `GET /konto/potwierdz-email?token=…`: works in any browser, signed in or not.
pub fn confirm(app: &App, ctx: &Ctx) -> PageResult {
    let token = ctx
        .query
        .get("token")
        .filter(|t| auth::is_token(t))
        .ok_or_else(invalid_link)?;
    let now = domain::now();
    let Some(OneTimeToken {
        purpose: TokenPurpose::ChangeEmail { new_email },
        user,
        ..
    }) = app.store.take_token(&auth::token_hash(token), now)?
    else {
        return Err(invalid_link());
    };
    let mut user = app
        .store
        .user(user)?
        .filter(|u| !u.is_deleted() && u.status == AccountStatus::Active)
        .ok_or_else(invalid_link)?;
    let mut taken = false;
    if user.email != new_email {
        taken = app
            .store
            .user_by_email(&new_email)?
            .is_some_and(|owner| owner.id != user.id);
        if !taken {
            user.email = new_email.clone();
            user.email_verified_at = Some(now);
            user.updated = now;
            match app.store.save_user(user.clone(), Some(user.id.0)) {
                Ok(_) => {}
                // Someone registered the address a moment ago.
                Err(StoreError::Conflict { .. }) => taken = true,
                Err(e) => return Err(e.into()),
            }
        }
    }
    let view = Changed {
        email: new_email,
        taken,
        signed_in: ctx.visitor.user.is_some(),
    };
    if taken {
        render_status(
            app,
            ctx,
            409,
            "account/email_changed.html",
            "Adres e-mail zajęty",
            view,
        )
    } else {
        render(
            app,
            ctx,
            "account/email_changed.html",
            "Adres e-mail zmieniony",
            view,
        )
    }
}
