//! Who is asking: the signed-in user (from the session cookie) or an anonymous visitor, and the
//! CSRF token their forms must carry.
//!
//! Signed-in visitors' forms carry the token stored in their session. Anonymous visitors (log-in,
//! registration and reset forms) get a random token in a cookie of their own, set only when a page
//! with such a form is shown — browsing needs no cookie at all.

use std::cell::RefCell;

use crate::auth;
use crate::domain::user::{AccountStatus, User};
use crate::domain::{self, Timestamp};
use crate::store::{Store, StoreError};

use super::cookies;
use super::http::{Request, Response};

pub const SESSION_COOKIE: &str = "pestor_sesja";
pub const CSRF_COOKIE: &str = "pestor_csrf";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// `last_seen` is written at most this often, so browsing does not write on every request.
const TOUCH_EVERY_SECONDS: Timestamp = 5 * 60;

pub struct Visitor {
    pub user: Option<User>,
    /// Hash of the session token (for log-out), when signed in.
    pub session_hash: Option<Vec<u8>>,
    session_csrf: Option<String>,
    anonymous_csrf: Option<String>,
    /// A new anonymous token handed out during this request (to be set as a cookie).
    issued_csrf: RefCell<Option<String>>,
    /// Whether the site is reached over HTTPS (cookies then get `Secure`).
    pub secure: bool,
}

impl Visitor {
    /// Resolves the visitor of `request`. A stale, foreign or broken cookie just means "anonymous".
    pub fn resolve(store: &Store, request: &Request) -> Result<Visitor, StoreError> {
        let cookie_header = request.header("cookie");
        let secure = request
            .header("x-forwarded-proto")
            .is_some_and(|p| p.eq_ignore_ascii_case("https"));
        let anonymous_csrf = cookies::get(cookie_header, CSRF_COOKIE)
            .filter(|t| auth::is_token(t))
            .map(str::to_string);
        let mut visitor = Visitor {
            user: None,
            session_hash: None,
            session_csrf: None,
            anonymous_csrf,
            issued_csrf: RefCell::new(None),
            secure,
        };
        let Some(token) = cookies::get(cookie_header, SESSION_COOKIE).filter(|t| auth::is_token(t))
        else {
            return Ok(visitor);
        };
        let hash = auth::token_hash(token);
        let Some(mut session) = store.session(&hash)? else {
            return Ok(visitor);
        };
        let now = domain::now();
        let Some(user) = store.user(session.user)? else {
            return Ok(visitor);
        };
        if user.status != AccountStatus::Active || !session.is_current(now, user.session_generation)
        {
            store.delete_session(&hash)?;
            return Ok(visitor);
        }
        if now - session.last_seen >= TOUCH_EVERY_SECONDS {
            session.last_seen = now;
            store.save_session(&hash, &session)?;
        }
        visitor.session_csrf = Some(session.csrf.clone());
        visitor.session_hash = Some(hash.to_vec());
        visitor.user = Some(user);
        Ok(visitor)
    }

    /// A visitor nobody knows, whatever cookies the request carries: a kiosk reads no session
    /// and hands out no token.
    pub fn anonymous(request: &Request) -> Visitor {
        Visitor {
            user: None,
            session_hash: None,
            session_csrf: None,
            anonymous_csrf: None,
            issued_csrf: RefCell::new(None),
            secure: request
                .header("x-forwarded-proto")
                .is_some_and(|p| p.eq_ignore_ascii_case("https")),
        }
    }

    /// The token to put in a form shown to this visitor.
    pub fn csrf_token(&self) -> String {
        if let Some(token) = &self.session_csrf {
            return token.clone();
        }
        if let Some(token) = &self.anonymous_csrf {
            return token.clone();
        }
        let mut issued = self.issued_csrf.borrow_mut();
        if issued.is_none() {
            match auth::new_token() {
                Ok(token) => *issued = Some(token),
                // Without randomness the form cannot be protected; it will be refused on submit.
                Err(e) => log::error!("no CSRF token: {e}"),
            }
        }
        issued.clone().unwrap_or_default()
    }

    /// Whether a submitted token is the one this visitor's forms carry.
    pub fn csrf_matches(&self, submitted: Option<&str>) -> bool {
        let expected = self.session_csrf.as_ref().or(self.anonymous_csrf.as_ref());
        match (expected, submitted) {
            (Some(expected), Some(submitted)) if !expected.is_empty() => {
                auth::constant_time_eq(expected.as_bytes(), submitted.as_bytes())
            }
            _ => false,
        }
    }

    /// Adds the anonymous CSRF cookie to `response` if this request handed one out.
    pub fn finish(&self, response: &mut Response) {
        if let Some(token) = self.issued_csrf.borrow().as_ref() {
            response.add_header(
                "Set-Cookie",
                cookies::session_cookie(CSRF_COOKIE, token, self.secure),
            );
            response.set_header("Cache-Control", "private, no-store");
        }
    }
}

/// Whether a state-changing request comes from our own pages: `Sec-Fetch-Site` (modern
/// browsers) or `Origin` must not name another site. Requests with neither (old browsers,
/// scripts) rely on the CSRF token alone.
pub fn same_origin(request: &Request) -> bool {
    if let Some(site) = request.header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (request.header("origin"), request.header("host")) {
        (Some("null"), _) => false,
        (Some(origin), Some(host)) => {
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(origin);
            origin_host.eq_ignore_ascii_case(host)
                || request
                    .header("x-forwarded-host")
                    .is_some_and(|h| origin_host.eq_ignore_ascii_case(h))
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Request {
        let mut r = Request::get("/konto/logowanie");
        r.headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r
    }

    #[test]
    fn origin_checks() {
        assert!(same_origin(&request(&[])));
        assert!(same_origin(&request(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&request(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&request(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&request(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&request(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!same_origin(&request(&[("origin", "null"), ("host", "x")])));
        assert!(same_origin(&request(&[
            ("origin", "https://pes.torun.example"),
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "pes.torun.example"),
        ])));
    }
}
