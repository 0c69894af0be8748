//! A tiny browser for tests: keeps cookies, reads the CSRF token from forms, posts forms.

use std::net::SocketAddr;

use super::{HttpResponse, request};

pub struct Client {
    pub addr: SocketAddr,
    cookies: Vec<(String, String)>,
    /// Sent as `X-Forwarded-For`, as the reverse proxy would: this client's own address for
    /// the server's per-address limits.
    pub forwarded_for: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            cookies: Vec::new(),
            forwarded_for: None,
        }
    }

    /// A client that appears to come from `ip` (through a proxy on the same machine).
    pub fn from_address(addr: SocketAddr, ip: &str) -> Client {
        Client {
            forwarded_for: Some(ip.to_string()),
            ..Client::new(addr)
        }
    }

    /// The `Cookie` header this client sends (for requests built by hand).
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, response: &HttpResponse) {
        for (name, value) in &response.headers {
            if !name.eq_ignore_ascii_case("set-cookie") {
                continue;
            }
            let pair = value.split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                self.cookies.retain(|(name, _)| name != k);
                let removed = value.contains("Max-Age=0");
                if !removed {
                    self.cookies.push((k.to_string(), v.to_string()));
                }
            }
        }
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.iter().any(|(k, _)| k == name)
    }

    pub fn get(&mut self, path: &str) -> HttpResponse {
        let cookie = self.cookie_header();
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if !cookie.is_empty() {
            headers.push(("Cookie", cookie.as_str()));
        }
        if let Some(ip) = &self.forwarded_for {
            headers.push(("X-Forwarded-For", ip.as_str()));
        }
        let response = request(self.addr, "GET", path, &headers, b"");
        self.remember(&response);
        response
    }

    /// Posts `fields` (URL-encoded) with the cookies and a same-origin marker, as a browser does.
    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> HttpResponse {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields.iter())
            .finish();
        let cookie = self.cookie_header();
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        if !cookie.is_empty() {
            headers.push(("Cookie", cookie.as_str()));
        }
        if let Some(ip) = &self.forwarded_for {
            headers.push(("X-Forwarded-For", ip.as_str()));
        }
        let response = request(self.addr, "POST", path, &headers, body.as_bytes());
        self.remember(&response);
        response
    }

    /// Posts a multipart form with text `fields` (plus the CSRF token of `form_page`) and one
    /// file, as a browser does for `enctype="multipart/form-data"`.
    pub fn submit_multipart(
        &mut self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> HttpResponse {
        let page = self.get(form_page).text();
        let token = csrf_token(&page).unwrap_or_else(|| panic!("no CSRF token on {form_page}"));
        let boundary = "----pestor-test-boundary-7e1f";
        let mut body = Vec::new();
        for (name, value) in fields.iter().chain([("csrf", token.as_str())].iter()) {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        let (field, filename, bytes) = file;
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let cookie = self.cookie_header();
        let mut headers = vec![
            ("Content-Type", content_type.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        if !cookie.is_empty() {
            headers.push(("Cookie", cookie.as_str()));
        }
        let response = request(self.addr, "POST", action, &headers, &body);
        self.remember(&response);
        response
    }

    /// Opens `form_page`, takes its CSRF token, and posts `fields` plus the token to `action`.
    pub fn submit(
        &mut self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> HttpResponse {
        let page = self.get(form_page).text();
        let token = csrf_token(&page).unwrap_or_else(|| panic!("no CSRF token on {form_page}"));
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &token));
        self.post(action, &all)
    }
}

/// The value of the first `name="csrf"` input in `html`.
pub fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let rest = &html[at..];
    Some(rest[..rest.find('"')?].to_string())
}
