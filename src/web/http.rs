//! Our own request and response types. Only `web::edge` sees the HTTP library; everything else
//! speaks these.

use std::net::SocketAddr;

/// A request whose head and (capped) body have been read completely.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// Path without the query string, still percent-encoded.
    pub path: String,
    /// The raw query string without '?', possibly empty.
    pub query: String,
    /// Header names in lower case: the headers the edge forwards (`edge::convert`), first value
    /// of each.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub remote: Option<SocketAddr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

impl Request {
    /// The first value of a header (names are matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Convenience for tests and internal callers.
    pub fn get(path_and_query: &str) -> Request {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        Request {
            method: Method::Get,
            path: path.to_string(),
            query: query.to_string(),
            headers: Vec::new(),
            body: Vec::new(),
            remote: None,
        }
    }
}

/// A complete response. Bodies are in memory: pages are small and assets are embedded. The one
/// exception is a large download (a snapshot), streamed from a file.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Sent instead of `body` when set.
    pub file: Option<StreamedFile>,
}

/// An open file sent as a response body from its current position to its end. The file may
/// already be unlinked (a temporary download): it is read through the open handle.
#[derive(Debug, Clone)]
pub struct StreamedFile {
    pub file: std::sync::Arc<std::fs::File>,
    pub len: u64,
}

impl StreamedFile {
    pub fn open(path: &std::path::Path) -> std::io::Result<StreamedFile> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(StreamedFile {
            file: std::sync::Arc::new(file),
            len,
        })
    }
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
            file: None,
        }
    }

    /// A download streamed from `file` (see [`StreamedFile`]).
    pub fn file(status: u16, content_type: &str, file: StreamedFile) -> Response {
        Response {
            file: Some(file),
            ..Response::new(status, content_type, Vec::new())
        }
    }

    pub fn html(status: u16, body: String) -> Response {
        Response::new(status, "text/html; charset=utf-8", body)
    }

    pub fn json(status: u16, body: String) -> Response {
        Response::new(status, "application/json; charset=utf-8", body)
    }

    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body.to_string())
    }

    pub fn redirect(status: u16, location: &str) -> Response {
        let mut r = Response::new(status, "text/plain; charset=utf-8", Vec::new());
        r.headers.push(("Location", location.to_string()));
        r
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.set_header(name, value);
        self
    }

    /// Replaces a header of the same name, or adds it.
    pub fn set_header(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(slot) => slot.1 = value,
            None => self.headers.push((name, value)),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Adds a header even if one of that name exists (for `Set-Cookie`).
    pub fn add_header(&mut self, name: &'static str, value: impl Into<String>) {
        self.headers.push((name, value.into()));
    }
}

/// What the edge calls for every request. Implemented by the application.
pub trait Handler: Send + Sync + 'static {
    /// Answers a request. May panic; the edge turns a panic into `error_page(500)`.
    fn handle(&self, request: Request) -> Response;

    /// A Polish error page for errors the edge detects itself (400, 405, 413, 500, 503).
    fn error_page(&self, status: u16) -> Response;

    /// Whether `method` on `path` takes file uploads: such `multipart/form-data` requests may
    /// send bodies up to the edge's `max_upload_bytes` instead of `max_body_bytes`. Asked
    /// before the body is read, so it must be quick. By default nothing takes uploads.
    fn takes_uploads(&self, method: Method, path: &str) -> bool {
        let _ = (method, path);
        false
    }
}
