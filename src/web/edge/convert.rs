//! Conversion between the crate's request/response types and ours, including the capped read
//! of the body. Nothing outside `web::edge` sees the crate's types.

use std::io::Read;

use crate::web::http::{Method, Request, Response};

/// The crate's response type as we build it: a body in memory or a streamed file.
pub(super) type WireResponse = tiny_http_fork::ResponseBox;

/// Reads a shared open file (`&File` reads through the handle).
struct FileBody(std::sync::Arc<std::fs::File>);

impl Read for FileBody {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        (&*self.0).read(buf)
    }
}

/// The crate only lets us look headers up by name (it has no iterator), so the edge forwards
/// this fixed list, in this order and with these lower-case names. A page that needs another
/// header adds its name here.
pub(super) const FORWARDED_HEADERS: &[&str] = &[
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "expect",
    "forwarded",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "origin",
    "pragma",
    "range",
    "referer",
    "sec-fetch-dest",
    "sec-fetch-mode",
    "sec-fetch-site",
    "sec-fetch-user",
    "transfer-encoding",
    "upgrade-insecure-requests",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "x-requested-with",
];

/// Why a request never reaches the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rejection {
    /// The body is (or announces to be) larger than allowed: 413.
    TooLarge,
    /// The body could not be read (broken chunked encoding, client gone): 400.
    Unreadable,
    /// An upload while as many as allowed are already being received: 503.
    Busy,
}

impl Rejection {
    pub(super) fn status(self) -> u16 {
        match self {
            Rejection::TooLarge => 413,
            Rejection::Unreadable => 400,
            Rejection::Busy => 503,
        }
    }
}

/// The crate reads bodies up to this length into memory before it hands the request over
/// (unless the client sent `Expect`).
const CRATE_BUFFERS_UP_TO: usize = 1024;

/// True when getting the body cannot wait on the client: there is none, the crate has read it
/// already, or we will not read it (too large, or a protocol upgrade, which we do not offer).
pub(super) fn body_in_memory(wire: &tiny_http_fork::Request, max_body: usize) -> bool {
    let headers = wire.headers();
    if is_upgrade(wire) || too_large(wire, max_body) {
        return true;
    }
    if headers.get("Expect").is_some() {
        return false;
    }
    match wire.body_length() {
        Some(length) => length <= CRATE_BUFFERS_UP_TO,
        // Without a length, only a chunked body follows.
        None => headers.get("Transfer-Encoding").is_none(),
    }
}

fn too_large(wire: &tiny_http_fork::Request, max_body: usize) -> bool {
    wire.body_length()
        .is_some_and(|announced| announced > max_body)
}

/// On `Connection: upgrade` the crate hands us the raw stream as the "body", which never ends.
fn is_upgrade(wire: &tiny_http_fork::Request) -> bool {
    wire.headers()
        .get("Connection")
        .is_some_and(|v| v.as_str().to_ascii_lowercase().contains("upgrade"))
}

/// Builds our request from the crate's, reading at most `max_body` bytes of body.
pub(super) fn to_request(
    wire: &mut tiny_http_fork::Request,
    max_body: usize,
) -> Result<Request, Rejection> {
    // Checked before reading anything: an announced length is refused without waiting for it.
    if too_large(wire, max_body) {
        return Err(Rejection::TooLarge);
    }
    let (path, query) = split_target(wire.url());
    let headers = FORWARDED_HEADERS
        .iter()
        .filter_map(|name| {
            let value = wire.headers().get(name)?;
            Some((name.to_string(), value.as_str().to_string()))
        })
        .collect();
    let method = method(wire.method());
    let remote = wire.remote_addr().copied();
    let body = if is_upgrade(wire) {
        Vec::new()
    } else {
        let expected = wire.body_length().unwrap_or(0);
        read_capped(wire.as_reader(), max_body, expected)?
    };
    Ok(Request {
        method,
        path,
        query,
        headers,
        body,
        remote,
    })
}

/// Splits a request target into path and query (without the '?').
pub(super) fn split_target(target: &str) -> (String, String) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    (path.to_string(), query.to_string())
}

fn method(method: &tiny_http_fork::Method) -> Method {
    match method {
        tiny_http_fork::Method::Get => Method::Get,
        tiny_http_fork::Method::Head => Method::Head,
        tiny_http_fork::Method::Post => Method::Post,
        // The application answers these with 405; the edge does not decide what is allowed.
        _ => Method::Other,
    }
}

/// Reads a body of unknown or announced length, never holding more than `max + 1` bytes: the
/// extra byte is how we tell "exactly at the cap" from "over it" on a chunked body.
pub(super) fn read_capped(
    reader: &mut dyn Read,
    max: usize,
    expected: usize,
) -> Result<Vec<u8>, Rejection> {
    let mut body = Vec::with_capacity(expected.min(max));
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    match reader.take(limit).read_to_end(&mut body) {
        Ok(_) if body.len() > max => Err(Rejection::TooLarge),
        Ok(_) => Ok(body),
        Err(e) => {
            log::debug!("could not read a request body: {e}");
            Err(Rejection::Unreadable)
        }
    }
}

/// Builds the crate's response from ours. Headers the crate would refuse (CR/LF, non-ASCII)
/// are dropped with a warning rather than failing the whole response.
pub(super) fn to_wire(response: Response) -> WireResponse {
    let mut wire = match response.file {
        Some(file) => tiny_http_fork::Response::new(
            response.status.into(),
            Vec::new().into(),
            Box::new(FileBody(file.file)) as Box<dyn Read + Send>,
            usize::try_from(file.len).ok(),
            None,
        ),
        None => tiny_http_fork::Response::from_data(response.body)
            .with_status_code(response.status)
            .boxed(),
    }
    // The length is always known, so always send Content-Length, never chunks.
    .with_chunked_threshold(usize::MAX);
    for (name, value) in &response.headers {
        // The crate sets the length itself from the body; a second source could disagree.
        if name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding")
        {
            continue;
        }
        match tiny_http_fork::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            Ok(header) => wire.add_header(header),
            Err(e) => log::warn!("dropped response header {name}: {e}"),
        }
    }
    wire
}
