//! The account e-mails: a fresh one-time link and the message that carries it, ready to be
//! stored together with the change that needs it.

use super::PageError;
use super::account_register::auth_error;
use crate::app::App;
use crate::auth;
use crate::domain::mail::OutgoingMail;
use crate::domain::session::{RESET_SECONDS, VERIFY_SECONDS};
use crate::domain::user::User;
use crate::domain::{self};
use crate::mail::messages::{self, MailSite};

/// A one-time token: the secret for the e-mail and its hash for the store.
pub struct Link {
    pub token: String,
    pub hash: [u8; 32],
}

impl Link {
    pub fn new() -> Result<Link, PageError> {
        let token = auth::new_token().map_err(auth_error)?;
        let hash = auth::token_hash(&token);
        Ok(Link { token, hash })
    }
}

fn outgoing(
    app: &App,
    user: &User,
    purpose: &str,
    build: impl FnOnce(&MailSite) -> crate::domain::mail::MailContent,
) -> OutgoingMail {
    outgoing_to(app, &user.email, purpose, build)
}

pub(super) fn outgoing_to(
    app: &App,
    to: &str,
    purpose: &str,
    build: impl FnOnce(&MailSite) -> crate::domain::mail::MailContent,
) -> OutgoingMail {
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    OutgoingMail::new(to.to_string(), build(&site), purpose, domain::now())
}

pub fn verification(app: &App, user: &User, link: &Link) -> OutgoingMail {
    outgoing(app, user, "weryfikacja", |site| {
        messages::verification(site, &user.name, &link.token, VERIFY_SECONDS)
    })
}

pub fn password_reset(app: &App, user: &User, link: &Link) -> OutgoingMail {
    outgoing(app, user, "reset-hasla", |site| {
        messages::password_reset(site, &user.name, &link.token, RESET_SECONDS)
    })
}

/// The link that confirms `new_email`, sent to that address.
pub fn email_change(app: &App, user: &User, new_email: &str, link: &Link) -> OutgoingMail {
    outgoing_to(app, new_email, "zmiana-email", |site| {
        messages::email_change(site, &user.name, &link.token, VERIFY_SECONDS)
    })
}

/// The notice to the account's current address that a change to `new_email` was asked for.
pub fn email_change_notice(app: &App, user: &User, new_email: &str) -> OutgoingMail {
    outgoing(app, user, "zmiana-email-powiadomienie", |site| {
        messages::email_change_requested(site, &user.name, new_email)
    })
}
