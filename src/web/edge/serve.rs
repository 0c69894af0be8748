//! Answering one request: convert it, call the handler (holding a permit, with panics
//! contained), hand the response to a responder.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use super::convert::{self, Rejection};
use super::shared::Shared;
use crate::web::http::{Handler, Request, Response};

/// Answers a request the crate handed to a worker. A request whose body is still on the wire
/// is answered by an intake thread instead.
pub(super) fn serve(shared: &Arc<Shared>, wire: tiny_http_fork::Request) {
    let cap = match shared
        .uploads
        .cap(shared.handler.as_ref(), shared.max_body, &wire)
    {
        Ok(cap) => cap,
        Err(rejection) => return finish(shared, wire, Err(rejection)),
    };
    let (mut wire, cap) = if convert::body_in_memory(&wire, cap.bytes) {
        (wire, cap)
    } else {
        match shared.intake.hand_over(shared, wire, cap) {
            Some(given_back) => given_back,
            None => return,
        }
    };
    let request = convert::to_request(&mut wire, cap.bytes);
    finish(shared, wire, request);
    // The body's memory is free once the request is answered: only now may the next upload
    // take this one's slot.
    drop(cap);
}

/// Calls the handler (or picks the error page) and hands the response to a responder.
pub(super) fn finish(
    shared: &Shared,
    wire: tiny_http_fork::Request,
    request: Result<Request, Rejection>,
) {
    let handler = shared.handler.as_ref();
    let response = match request {
        Ok(request) => shared.permits.run(|| answer(handler, request)),
        Err(rejection) => {
            log::debug!(
                "refused {} {} from {:?}: {rejection:?}",
                wire.method(),
                wire.url(),
                wire.remote_addr()
            );
            error_page(handler, rejection.status())
        }
    };
    shared.responders.dispatch(wire, convert::to_wire(response));
}

/// Calls the handler; a panic becomes the 500 page and the worker lives on.
pub(super) fn answer(handler: &dyn Handler, request: Request) -> Response {
    let method = request.method;
    let path = request.path.clone();
    match panic::catch_unwind(AssertUnwindSafe(|| handler.handle(request))) {
        Ok(response) => response,
        Err(cause) => {
            log::error!(
                "handler panicked on {method:?} {path}: {}",
                panic_message(cause.as_ref())
            );
            error_page(handler, 500)
        }
    }
}

/// The application's error page; if even that panics, a plain-text one of our own.
pub(super) fn error_page(handler: &dyn Handler, status: u16) -> Response {
    match panic::catch_unwind(AssertUnwindSafe(|| handler.error_page(status))) {
        Ok(response) => response,
        Err(cause) => {
            log::error!(
                "error page {status} panicked: {}",
                panic_message(cause.as_ref())
            );
            Response::text(status, &format!("HTTP {status}"))
        }
    }
}

fn panic_message(cause: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = cause.downcast_ref::<&str>() {
        text
    } else if let Some(text) = cause.downcast_ref::<String>() {
        text
    } else {
        "(no message)"
    }
}
