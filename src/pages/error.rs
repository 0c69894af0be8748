//! What can go wrong while answering a page, mapped to HTTP in exactly one place
//! (`App::error_response`).

use crate::store::StoreError;

#[derive(Debug)]
pub enum PageError {
    /// No such record or page.
    NotFound,
    /// The request's parameters are wrong; the message is Polish and shown to the person.
    BadRequest(String),
    /// Signed in, but this is not yours to see or change.
    Forbidden,
    /// A form without a valid CSRF token, or sent from another site.
    CsrfRejected,
    /// Too many attempts; try again after this many seconds.
    TooManyRequests(u64),
    /// Every password-hashing slot is taken; try again in a moment.
    Busy,
    /// Our fault; the detail goes to the log, never to the visitor.
    Internal(String),
}

impl PageError {
    pub fn status(&self) -> u16 {
        match self {
            PageError::NotFound => 404,
            PageError::BadRequest(_) => 400,
            PageError::Forbidden | PageError::CsrfRejected => 403,
            PageError::TooManyRequests(_) => 429,
            PageError::Busy => 503,
            PageError::Internal(_) => 500,
        }
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        PageError::Internal(e.to_string())
    }
}

impl From<minijinja::Error> for PageError {
    fn from(e: minijinja::Error) -> PageError {
        PageError::Internal(format!("template: {e:#}"))
    }
}
