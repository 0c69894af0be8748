//! `GET /tiles/{z}/{x}/{y}.png`: the map tiles (DESIGN §7) for the map pages, and for anyone
//! reusing the layers elsewhere.
//!
//! A tile may change when a gmina imports street-level detail, so it is cached for a day and
//! revalidated with its strong ETag (the content digest): `If-None-Match` gets 304. A tile
//! outside the world, a number that is not one, or a zoom no map has is the 404 page.

use super::media::none_match;
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::map::{self, mercator::TileId};
use crate::web::http::Response;

const CACHE_FOR_A_DAY: &str = "public, max-age=86400";

/// `GET /tiles/{z}/{x}/{y}.png`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let id = parse(ctx.param("z"), ctx.param("x"), ctx.param("y")).ok_or(PageError::NotFound)?;
    let tile = map::tile(app, id).ok_or(PageError::NotFound)?;
    let (status, body) = if none_match(ctx.request.header("if-none-match"), tile.etag()) {
        (304, Vec::new())
    } else {
        (200, tile.png().to_vec())
    };
    Ok(Response::new(status, tile.content_type(), body)
        .with_header("ETag", tile.etag())
        .with_header("Cache-Control", CACHE_FOR_A_DAY))
}

/// A tile address as the URLs write it: decimal digits without a sign or leading zeros, so
/// each tile has one address, and inside the world at its zoom.
fn parse(z: &str, x: &str, y: &str) -> Option<TileId> {
    let number = |text: &str| -> Option<u32> {
        let canonical = !text.is_empty()
            && text.len() <= 10
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0'));
        canonical.then(|| text.parse().ok()).flatten()
    };
    let z = u8::try_from(number(z)?).ok()?;
    TileId::new(z, number(x)?, number(y)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_have_one_spelling_and_lie_in_the_world() {
        assert_eq!(parse("0", "0", "0"), TileId::new(0, 0, 0));
        assert_eq!(parse("10", "564", "333"), TileId::new(10, 564, 333));
        for (z, x, y) in [
            ("", "0", "0"),
            ("01", "0", "0"),
            ("1", "+1", "0"),
            ("1", "-1", "0"),
            ("1", "2", "0"),
            ("1", "0", "2"),
            ("abc", "0", "0"),
            ("1", "0", "1 "),
            ("300", "0", "0"),
            ("19", "0", "0"),
            ("4", "99999999999", "0"),
            ("2", "1.0", "0"),
            ("2", "..", "0"),
        ] {
            assert_eq!(parse(z, x, y), None, "{z}/{x}/{y}");
        }
    }
}
