//! Larger bodies for upload forms.
//!
//! Ordinary requests may send `max_body_bytes` (1 MiB). A `multipart/form-data` POST to a
//! route that takes uploads (`Handler::takes_uploads`, decided from the head before any of
//! the body is read) may send `max_upload_bytes` (16 MiB). Such a body is read like any other
//! (on an intake thread when it is not in memory yet, `intake.rs`), but at most `max_uploads`
//! bodies larger than the ordinary cap are held at once, so a burst of uploads cannot take
//! more memory than `max_uploads × max_upload_bytes` (plus the copies the handler makes); an
//! upload beyond that gets 503 and may be sent again a moment later.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::convert::Rejection;
use crate::web::http::{Handler, Method};

pub(super) struct Uploads {
    /// Largest upload body.
    max_bytes: usize,
    /// Most large bodies held at once.
    max: usize,
    held: Arc<AtomicUsize>,
}

/// How much body a request may send, and the upload slot it holds while its body is in
/// memory (released when dropped, after the request is answered).
pub(super) struct BodyCap {
    pub(super) bytes: usize,
    _slot: Option<Slot>,
}

impl BodyCap {
    pub(super) fn ordinary(bytes: usize) -> BodyCap {
        BodyCap { bytes, _slot: None }
    }
}

struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

impl Uploads {
    pub(super) fn new(max_bytes: usize, max: usize) -> Uploads {
        Uploads {
            max_bytes,
            max,
            held: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The cap for `wire`: the ordinary one, or for an upload the larger one with a slot.
    /// An upload that may be larger than the ordinary cap while every slot is held is refused
    /// (503) before its body is read.
    pub(super) fn cap(
        &self,
        handler: &dyn Handler,
        ordinary: usize,
        wire: &tiny_http_fork::Request,
    ) -> Result<BodyCap, Rejection> {
        if self.max_bytes <= ordinary || !is_upload(handler, wire) {
            return Ok(BodyCap::ordinary(ordinary));
        }
        match wire.body_length() {
            // Small enough for the ordinary cap: no slot needed.
            Some(announced) if announced <= ordinary => Ok(BodyCap::ordinary(ordinary)),
            // Refused as too large without reading it: no slot needed either.
            Some(announced) if announced > self.max_bytes => Ok(BodyCap::ordinary(self.max_bytes)),
            // Within the upload cap, or chunked (of unknown length).
            _ => match self.take_slot() {
                Some(slot) => Ok(BodyCap {
                    bytes: self.max_bytes,
                    _slot: Some(slot),
                }),
                None => Err(Rejection::Busy),
            },
        }
    }

    fn take_slot(&self) -> Option<Slot> {
        self.held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(&self.held)))
    }
}

/// A `multipart/form-data` POST to a path whose route takes uploads.
fn is_upload(handler: &dyn Handler, wire: &tiny_http_fork::Request) -> bool {
    if *wire.method() != tiny_http_fork::Method::Post {
        return false;
    }
    let multipart = wire.headers().get("Content-Type").is_some_and(|v| {
        v.as_str()
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
    });
    if !multipart {
        return false;
    }
    let (path, _) = super::convert::split_target(wire.url());
    // The handler's answer must not take the worker down: a panic counts as "no".
    panic::catch_unwind(AssertUnwindSafe(|| {
        handler.takes_uploads(Method::Post, &path)
    }))
    .unwrap_or(false)
}
