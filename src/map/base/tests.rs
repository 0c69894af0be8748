//! The base map as a whole: which zooms come from where, and what a drawn tile looks like.

use std::collections::HashSet;

use super::*;
use crate::domain::geo::GeoPoint;
use crate::map::cache::TileCache;

const TORUN: GeoPoint = GeoPoint {
    lat: 53.0138,
    lon: 18.5984,
};

/// Decodes a PNG tile into RGB pixels, checking its size.
fn pixels(png: &[u8]) -> Vec<[u8; 3]> {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_rgb8();
    assert_eq!(image.dimensions(), (256, 256));
    image.pixels().map(|p| p.0).collect()
}

const BACKGROUND: [u8; 3] = [0xf2, 0xef, 0xe9];

#[test]
fn a_zoom_10_tile_over_torun_is_a_png_with_a_river_a_dot_and_a_label() {
    let id = TileId::containing(TORUN, 10).unwrap();
    let png = draw::render(id).expect("drawn");
    let pixels = pixels(&png);
    let colours: HashSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(colours.len() > 20, "{} colours", colours.len());
    let drawn = pixels.iter().filter(|p| **p != BACKGROUND).count();
    assert!(drawn > 1500, "{drawn} pixels differ from the background");
    // Water blue of the Vistula, and the dark grey of label text.
    let bluish = pixels
        .iter()
        .filter(|[r, g, b]| *b > 200 && *r < 170 && *g > 180)
        .count();
    assert!(bluish > 100, "{bluish} water pixels");
    let dark = pixels.iter().filter(|p| p.iter().all(|c| *c < 90)).count();
    assert!(dark > 30, "{dark} text pixels");
}

#[test]
fn tiles_far_from_the_region_are_calm_background_only() {
    let madrid = TileId::containing(
        GeoPoint {
            lat: 40.4,
            lon: -3.7,
        },
        10,
    )
    .unwrap();
    let pixels = pixels(&draw::render(madrid).expect("drawn"));
    assert!(pixels.iter().all(|p| *p == BACKGROUND));
}

#[test]
fn labels_cross_tile_edges_whole() {
    // Toruń's label at zoom 12 spans its tiles the same way on both sides: the pixels along
    // the shared edge agree between the two neighbours.
    let p = labels::placed(12)
        .iter()
        .find(|p| p.name == "Toruń")
        .expect("Toruń placed");
    let (x0, _, x1, _) = p.label_box.expect("labelled");
    let left_tile = (x0 / 256.0).floor() as u32;
    let right_tile = (x1 / 256.0).floor() as u32;
    let row = (p.dot.1 / 256.0).floor() as u32;
    let (left, right) = if left_tile != right_tile {
        (left_tile, right_tile)
    } else {
        // The label lies inside one tile: compare that tile with its east neighbour instead
        // (the check still holds for the river and boundary strokes).
        (left_tile, left_tile + 1)
    };
    let a = draw::draw(TileId::new(12, left, row).unwrap()).unwrap();
    let b = draw::draw(TileId::new(12, right, row).unwrap()).unwrap();
    let column = |pixmap: &tiny_skia::Pixmap, x: u32| -> Vec<u8> {
        (0..256)
            .map(|y| pixmap.pixel(x, y).unwrap().red())
            .collect()
    };
    // Adjacent columns across the edge differ by anti-aliasing at most.
    let last = column(&a, 255);
    let first = column(&b, 0);
    let far = last
        .iter()
        .zip(&first)
        .filter(|(l, f)| l.abs_diff(**f) > 60)
        .count();
    assert!(far <= 4, "{far} rows break at the edge");
}

#[test]
fn zooms_come_from_the_archive_then_the_renderer_then_nothing() {
    let cache = TileCache::new(1 << 20);
    let z6 = tile(&cache, TileId::containing(TORUN, 6).unwrap()).expect("archive tile");
    assert_eq!(&z6.png()[1..4], b"PNG");
    assert!(
        cache.is_empty(),
        "archive tiles are not copied into the cache"
    );
    let z12 = TileId::containing(TORUN, 12).unwrap();
    let first = tile(&cache, z12).expect("drawn tile");
    assert_eq!(cache.len(), 1);
    let again = tile(&cache, z12).expect("cached tile");
    assert_eq!(first.etag(), again.etag());
    assert_eq!(first.png(), again.png());
    assert!(tile(&cache, TileId::containing(TORUN, 13).unwrap()).is_none());
    // The archive has no tile for the Pacific at zoom 6: no tile, not a drawn one.
    let pacific = TileId::containing(
        GeoPoint {
            lat: 0.0,
            lon: -150.0,
        },
        6,
    )
    .unwrap();
    assert!(tile(&cache, pacific).is_none());
}

#[test]
fn etags_follow_the_content() {
    let a = crate::map::Tile::rendered(b"one".to_vec());
    let b = crate::map::Tile::rendered(b"two".to_vec());
    assert_ne!(a.etag(), b.etag());
    assert_eq!(a.etag(), crate::map::Tile::rendered(b"one".to_vec()).etag());
    assert!(a.etag().starts_with('"') && a.etag().ends_with('"') && a.etag().len() == 34);
}

/// Writes tiles around Toruń to `$MAP_PREVIEW_DIR` for looking at them:
/// `MAP_PREVIEW_DIR=/tmp/tiles cargo test --lib map::base::tests::preview -- --ignored`.
#[test]
#[ignore = "writes PNG files for a person to look at"]
fn preview() {
    let dir = std::env::var("MAP_PREVIEW_DIR").expect("MAP_PREVIEW_DIR");
    std::fs::create_dir_all(&dir).unwrap();
    for z in MIN_ZOOM..=MAX_ZOOM {
        let centre = TileId::containing(TORUN, z).unwrap();
        // A 3 × 3 block around Toruń, stitched into one picture.
        let mut sheet = image::RgbImage::new(768, 768);
        for dy in 0..3u32 {
            for dx in 0..3u32 {
                let id = TileId::new(z, centre.x + dx - 1, centre.y + dy - 1).unwrap();
                let png = draw::render(id).unwrap();
                let tile = image::load_from_memory(&png).unwrap().to_rgb8();
                image::imageops::replace(
                    &mut sheet,
                    &tile,
                    i64::from(dx * 256),
                    i64::from(dy * 256),
                );
            }
        }
        sheet.save(format!("{dir}/z{z}.png")).unwrap();
    }
}
