//! Map tiles through HTTP: the embedded OpenStreetMap tiles of zoom 0–6, the drawn base map of
//! zoom 7–12, caching headers and revalidation, and 404s for everything else.

mod common;

use std::collections::HashSet;

use common::TestServer;

fn server() -> &'static TestServer {
    common::shared_server()
}

/// Toruń's tile at zoom 10 (53.0138 N, 18.5984 E).
const TORUN_Z10: &str = "/tiles/10/564/333.png";

fn decode(body: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(body, image::ImageFormat::Png)
        .expect("a PNG")
        .to_rgb8()
}

#[test]
fn the_world_tile_of_zoom_0_is_served_as_png_with_cache_headers() {
    let response = server().get("/tiles/0/0/0.png");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("image/png"));
    assert_eq!(
        response.header("cache-control"),
        Some("public, max-age=86400")
    );
    let etag = response.header("etag").expect("ETag");
    assert!(etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"));
    assert_eq!(decode(&response.body).dimensions(), (256, 256));
}

#[test]
fn a_known_etag_gets_304_without_a_body_and_another_gets_the_tile() {
    let first = server().get(TORUN_Z10);
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("ETag").to_string();
    let again = server().request("GET", TORUN_Z10, &[("If-None-Match", &etag)], b"");
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("cache-control"), Some("public, max-age=86400"));
    let other = server().request("GET", TORUN_Z10, &[("If-None-Match", "\"stale\"")], b"");
    assert_eq!(other.status, 200);
    assert_eq!(other.body, first.body, "the same tile, from the cache");
    // Tiles of different places have different tags.
    let neighbour = server().get("/tiles/10/565/333.png");
    assert_ne!(neighbour.header("etag"), Some(etag.as_str()));
}

#[test]
fn the_zoom_10_tile_over_torun_is_a_drawn_map_not_a_blank() {
    let response = server().get(TORUN_Z10);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("image/png"));
    let image = decode(&response.body);
    assert_eq!(image.dimensions(), (256, 256));
    let colours: HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 20, "{} colours", colours.len());
    let background = [0xf2, 0xef, 0xe9];
    let drawn = image.pixels().filter(|p| p.0 != background).count();
    assert!(drawn > 1500, "{drawn} pixels drawn");
}

#[test]
fn every_zoom_up_to_12_has_a_tile_over_torun() {
    for (z, x, y) in [
        (3, 4, 2),
        (5, 17, 10),
        (6, 35, 20),
        (7, 70, 41),
        (9, 282, 166),
        (12, 2259, 1334),
    ] {
        let path = format!("/tiles/{z}/{x}/{y}.png");
        let response = server().get(&path);
        assert_eq!(response.status, 200, "{path}");
        decode(&response.body);
    }
}

#[test]
fn tiles_no_map_has_and_malformed_addresses_are_the_polish_404_page() {
    for path in [
        "/tiles/13/4519/2668.png",
        "/tiles/19/0/0.png",
        "/tiles/0/1/0.png",
        "/tiles/3/8/0.png",
        "/tiles/3/0/8.png",
        "/tiles/10/564/abc.png",
        "/tiles/abc/0/0.png",
        "/tiles/0/0/-1.png",
        "/tiles/01/0/0.png",
        "/tiles/0/0/0.jpg",
        "/tiles/0/0/0",
        "/tiles/0/0/.png",
        "/tiles/0/0/0.png/x",
        "/tiles/0/0/..%2F..%2F..%2Fetc%2Fpasswd.png",
        "/tiles/0/0/%2e%2e.png",
        "/tiles/0/..%2F..%2Fassets%2Fmap/basemap.png",
        "/tiles/4294967296/0/0.png",
    ] {
        let response = server().get(path);
        assert_eq!(response.status, 404, "{path}");
        let html = response.text();
        assert!(html.contains("Nie znaleziono strony"), "{path}: {html}");
        assert!(html.contains("lang=\"pl\""), "{path}");
    }
    // A path with raw dot segments never reaches a file either.
    let response = server().get("/tiles/../../etc/passwd");
    assert!(matches!(response.status, 400 | 404), "{}", response.status);
    assert!(!response.text().contains("root:"));
}

#[test]
fn the_pacific_at_zoom_6_has_no_tile_because_only_poland_is_embedded() {
    assert_eq!(server().get("/tiles/6/5/32.png").status, 404);
    assert_eq!(server().get("/tiles/4/1/7.png").status, 200);
}
