//! Embedded static files (`assets/`), served with strong ETags, long cache lifetimes for
//! versioned URLs, and gzip prepared once at start.

use std::collections::HashMap;
use std::io::Write;

use rust_embed::RustEmbed;

use super::http::{Request, Response};

#[derive(RustEmbed)]
#[folder = "assets/"]
#[exclude = "*.md"]
#[exclude = "map/*"]
struct Embedded;

/// One file ready to serve.
struct Asset {
    content_type: &'static str,
    etag: String,
    body: Vec<u8>,
    gzipped: Option<Vec<u8>>,
}

/// All embedded assets, indexed by path relative to `assets/`.
pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    /// Loads every embedded file and compresses the text ones.
    pub fn load() -> Assets {
        let mut files = HashMap::new();
        for path in Embedded::iter() {
            if let Some(file) = Embedded::get(&path) {
                let hash = file.metadata.sha256_hash();
                let etag: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
                let content_type = content_type(&path);
                let body = file.data.into_owned();
                let gzipped = is_compressible(content_type)
                    .then(|| gzip(&body))
                    .filter(|z| z.len() < body.len());
                files.insert(
                    path.to_string(),
                    Asset {
                        content_type,
                        etag: format!("\"{etag}\""),
                        body,
                        gzipped,
                    },
                );
            }
        }
        Assets { files }
    }

    /// A URL for templates that changes when the file changes, so it can be cached for a year.
    pub fn versioned_url(&self, path: &str) -> String {
        match self.files.get(path) {
            Some(asset) => format!("/static/{path}?v={}", asset.etag.trim_matches('"')),
            None => format!("/static/{path}"),
        }
    }

    /// Answers `GET /static/{path}`; `None` when there is no such file.
    pub fn serve(&self, path: &str, request: &Request) -> Option<Response> {
        let asset = self.files.get(path)?;
        let immutable = request.query.starts_with("v=");
        let cache = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=300"
        };
        let not_modified = request
            .header("if-none-match")
            .is_some_and(|v| v.split(',').any(|tag| tag.trim() == asset.etag));
        let mut response = if not_modified {
            Response::new(304, asset.content_type, Vec::new())
        } else {
            match (&asset.gzipped, accepts_gzip(request)) {
                (Some(z), true) => Response::new(200, asset.content_type, z.clone())
                    .with_header("Content-Encoding", "gzip"),
                _ => Response::new(200, asset.content_type, asset.body.clone()),
            }
        };
        response.set_header("ETag", asset.etag.clone());
        response.set_header("Cache-Control", cache);
        response.set_header("Vary", "Accept-Encoding");
        Some(response)
    }
}

fn accepts_gzip(request: &Request) -> bool {
    request.header("accept-encoding").is_some_and(|v| {
        v.split(',')
            .any(|part| part.trim().split(';').next() == Some("gzip") && !part.contains("q=0"))
    })
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "json" | "geojson" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("image/svg")
        || content_type.starts_with("application/json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_css_with_etag_gzip_and_304() {
        let assets = Assets::load();
        let mut request = Request::get("/static/css/site.css");
        request
            .headers
            .push(("accept-encoding".into(), "gzip, br".into()));
        let first = assets
            .serve("css/site.css", &request)
            .expect("site.css is embedded");
        assert_eq!(first.status, 200);
        assert_eq!(first.header("content-encoding"), Some("gzip"));
        let etag = first.header("etag").unwrap().to_string();
        request.headers.push(("if-none-match".into(), etag));
        let second = assets.serve("css/site.css", &request).unwrap();
        assert_eq!(second.status, 304);
        assert!(second.body.is_empty());
        assert!(assets.serve("../Cargo.toml", &request).is_none());
        assert!(assets.versioned_url("css/site.css").contains("?v="));
    }
}
