//! `GET /media/{id}/duze.jpg` and `GET /media/{id}/miniatura.jpg`: the stored renditions of
//! photos and logos.
//!
//! An image never changes (a new upload is a new id, and ids are never reused), so both are
//! cached for a year as immutable; the strong ETag is the content digest and a revalidation
//! with `If-None-Match` gets 304. Unknown ids and other file names are the 404 page.

use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::photo::ImageId;
use crate::web::http::Response;

const CACHE_FOR_EVER: &str = "public, max-age=31536000, immutable";

/// The URL of an image's display rendition.
pub fn display_url(id: ImageId) -> String {
    format!("/media/{}/duze.jpg", id.0)
}

/// The URL of an image's thumbnail.
pub fn thumbnail_url(id: ImageId) -> String {
    format!("/media/{}/miniatura.jpg", id.0)
}

/// `GET /media/{id}/duze.jpg`
pub fn display(app: &App, ctx: &Ctx) -> PageResult {
    serve(app, ctx, Rendition::Display)
}

/// `GET /media/{id}/miniatura.jpg`
pub fn thumbnail(app: &App, ctx: &Ctx) -> PageResult {
    serve(app, ctx, Rendition::Thumbnail)
}

#[derive(Clone, Copy)]
enum Rendition {
    Display,
    Thumbnail,
}

fn serve(app: &App, ctx: &Ctx, rendition: Rendition) -> PageResult {
    let id = parse_id(ctx.param("id")).ok_or(PageError::NotFound)?;
    let image = app.store.image(id)?.ok_or(PageError::NotFound)?;
    let (bytes, suffix) = match rendition {
        Rendition::Display => (image.display.as_slice(), "d"),
        Rendition::Thumbnail => (image.thumbnail.as_slice(), "m"),
    };
    let etag = format!("\"{}-{suffix}\"", image.digest());
    let (status, body) = if none_match(ctx.request.header("if-none-match"), &etag) {
        (304, Vec::new())
    } else {
        (200, bytes.to_vec())
    };
    Ok(Response::new(status, "image/jpeg", body)
        .with_header("ETag", etag)
        .with_header("Cache-Control", CACHE_FOR_EVER))
}

/// An id as the URLs write it: decimal digits without a sign or leading zeros, so that each
/// image has exactly one address.
fn parse_id(text: &str) -> Option<ImageId> {
    let canonical = !text.is_empty()
        && text.len() <= 20
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.starts_with('0'));
    canonical.then(|| text.parse().ok().map(ImageId)).flatten()
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for this header).
pub(super) fn none_match(header: Option<&str>, etag: &str) -> bool {
    header.is_some_and(|value| {
        value
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_one_spelling() {
        assert_eq!(parse_id("17"), Some(ImageId(17)));
        for wrong in [
            "",
            "0",
            "017",
            "+17",
            "-1",
            "1.0",
            "１７",
            "99999999999999999999999",
        ] {
            assert_eq!(parse_id(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let etag = "\"abc-d\"";
        assert!(none_match(Some("\"abc-d\""), etag));
        assert!(none_match(Some("\"x\", W/\"abc-d\""), etag));
        assert!(none_match(Some("*"), etag));
        assert!(!none_match(Some("\"abc-m\""), etag));
        assert!(!none_match(None, etag));
    }

    #[test]
    fn urls_match_the_gallery_template() {
        assert_eq!(display_url(ImageId(5)), "/media/5/duze.jpg");
        assert_eq!(thumbnail_url(ImageId(5)), "/media/5/miniatura.jpg");
    }
}
