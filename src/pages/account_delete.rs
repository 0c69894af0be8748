//! `POST /konto/usun`: the person deletes their own account (RODO art. 17). What identifies
//! them is removed and the id stays as a tombstone ([`User::anonymise`]); every session and
//! unused link ends in the same transaction.
//!
//! [`User::anonymise`]: crate::domain::user::User::anonymise

use super::account::show_errors;
use super::account_register::auth_error;
use super::{Ctx, PageResult};
use crate::app::App;
use crate::auth;
use crate::domain::user::{AccountStatus, Role};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::web::cookies;
use crate::web::http::Response;
use crate::web::visitor::SESSION_COOKIE;

/// Where the browser goes afterwards; the start page shows the confirmation.
pub const DELETED_REDIRECT: &str = "/?konto=usuniete";

/// `POST /konto/usun`: needs the current password and the confirmation checkbox.
pub fn delete(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let password = ctx.form.raw("delete_password").unwrap_or("");
    let mut errors = FieldErrors::default();
    if !auth::verify_password(password, &user.password_hash).map_err(auth_error)? {
        errors.add("delete_password", "Hasło jest nieprawidłowe.");
    }
    if !ctx.form.checked("delete_confirm") {
        errors.add(
            "delete_confirm",
            "Zaznacz, że chcesz trwale usunąć konto — tego nie można cofnąć.",
        );
    } else if user.role == Role::Admin && !another_admin(app, user.id)? {
        errors.add(
            "delete_confirm",
            "Nie można usunąć jedynego konta administratora. Najpierw załóż konto innemu \
             administratorowi (polecenie „pestor user add --role admin”).",
        );
    }
    if !errors.is_empty() {
        return show_errors(app, ctx, errors, "");
    }
    let mut gone = user.clone();
    gone.anonymise(domain::now());
    app.store.erase_user(gone)?;
    Ok(Response::redirect(303, DELETED_REDIRECT).with_header(
        "Set-Cookie",
        cookies::removal(SESSION_COOKIE, ctx.visitor.secure),
    ))
}

/// Whether an active administrator other than `me` remains.
fn another_admin(app: &App, me: crate::domain::user::UserId) -> Result<bool, super::PageError> {
    Ok(app.store.users()?.iter().any(|u| {
        u.id != me && u.role == Role::Admin && u.status == AccountStatus::Active && !u.is_deleted()
    }))
}
