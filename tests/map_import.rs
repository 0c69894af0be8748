//! `pestor map import` end to end: the real binary imports the synthetic fixtures (which say
//! they are synthetic) into a temporary data directory; the map is then read back through
//! `StreetMap`, the API the tile route uses. Broken and foreign files are refused with a Polish
//! message and leave the imported map as it was.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pestor::map::mercator::TileId;
use pestor::map::street::{MapKind, StreetMap};
use pestor::store::Store;

fn fixture(name: &str) -> PathBuf {
    common::repo_path(&format!("tests/fixtures/{name}"))
}

fn pestor(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pestor"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run pestor")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = pestor(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn import(data: &Path, file: &Path) -> Output {
    pestor(data, &["map", "import", file.to_str().unwrap()])
}

fn loaded(data: &Path) -> Option<StreetMap> {
    let store = Store::open(data).unwrap();
    StreetMap::load(&store).unwrap()
}

/// The tile at zoom `z` containing the point.
fn tile(lat: f64, lon: f64, z: u8) -> TileId {
    TileId::containing(pestor::domain::geo::GeoPoint { lat, lon }, z).unwrap()
}

fn png(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .expect("a PNG")
        .to_rgba8()
}

fn count(image: &image::RgbaImage, rgb: [u8; 3]) -> usize {
    image
        .pixels()
        .filter(|p| p.0[0] == rgb[0] && p.0[1] == rgb[1] && p.0[2] == rgb[2])
        .count()
}

const WATER: [u8; 3] = [0xaa, 0xd3, 0xdf];
const LAND: [u8; 3] = [0xf2, 0xef, 0xe9];
const BUILDING: [u8; 3] = [0xd9, 0xd0, 0xc9];

#[test]
fn the_synthetic_extract_is_imported_and_drawn_at_every_zoom() {
    let data = initialised();
    let out = import(data.path(), &fixture("synthetic.osm.pbf"));
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("40 budynków"), "{stdout}");
    assert!(stdout.contains("1 odcinek torów"), "{stdout}");

    let store = Store::open(data.path()).unwrap();
    let map = StreetMap::load(&store).unwrap().expect("a map");
    let info = map.info();
    assert_eq!(info.kind, MapKind::Osm);
    assert_eq!(info.source, "synthetic.osm.pbf");
    assert!(info.producer.contains("synthetic"), "{}", info.producer);
    assert_eq!((map.min_zoom(), map.max_zoom()), (10, 16));
    assert_eq!(info.counts["buildings"], 40);
    assert_eq!(info.counts["roads"], 18);
    let (w, s, e, n) = map.bounds();
    assert!(
        w < 0.0 && s < 0.0 && e > 0.02 && n > 0.014,
        "{:?}",
        map.bounds()
    );

    // Zoom 12: stored at import, not blank: land, water and the roads.
    let z12 = map
        .tile(&store, tile(0.007, 0.01, 12))
        .unwrap()
        .expect("tile");
    assert_eq!(z12.content_type, "image/png");
    let image = png(&z12.bytes);
    assert_eq!(image.dimensions(), (256, 256));
    assert!(count(&image, LAND) > 0 && count(&image, LAND) < 256 * 256);

    // Zoom 16 over the river: drawn on request from the stored features. The river is a
    // multipolygon whose outer ring was assembled from two ways; the island stays dry.
    let river = map
        .tile(&store, tile(0.0138, 0.0084, 16))
        .unwrap()
        .expect("tile");
    let image = png(&river.bytes);
    assert!(count(&image, WATER) > 5_000, "{}", count(&image, WATER));
    // A point of the island clear of the river's centre line (drawn at 0.0138° N).
    let on_island = tile(0.01355, 0.0085, 16);
    let (px, py) = on_island.pixel_of(pestor::domain::geo::GeoPoint {
        lat: 0.01355,
        lon: 0.0085,
    });
    let island = png(&map.tile(&store, on_island).unwrap().unwrap().bytes);
    let p = island.get_pixel(px as u32, py as u32).0;
    assert_ne!([p[0], p[1], p[2]], WATER, "the island is not flooded");

    // Buildings appear from zoom 15, not at 14.
    let houses = tile(0.00275, 0.0028, 16);
    let z16 = png(&map.tile(&store, houses).unwrap().unwrap().bytes);
    assert!(count(&z16, BUILDING) > 500, "{}", count(&z16, BUILDING));
    let z14 = png(&map
        .tile(&store, tile(0.00275, 0.0028, 14))
        .unwrap()
        .unwrap()
        .bytes);
    assert_eq!(count(&z14, BUILDING), 0);

    // Outside the extract and beyond its zooms there is nothing.
    assert!(!map.covers(tile(53.0138, 18.5984, 14)));
    assert!(
        map.tile(&store, tile(53.0138, 18.5984, 14))
            .unwrap()
            .is_none()
    );
    assert!(map.tile(&store, tile(0.007, 0.01, 17)).unwrap().is_none());
    assert!(map.tile(&store, tile(0.007, 0.01, 9)).unwrap().is_none());
    drop(store);

    let status = pestor(data.path(), &["map", "status"]);
    assert!(status.status.success());
    assert!(text(&status.stdout).contains("synthetic.osm.pbf"));
}

/// A refusal: non-zero exit, the Polish reason, the promise that nothing changed.
fn assert_refused(data: &Path, file: &Path, reason: &str) {
    let out = import(data, file);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{} was accepted", file.display());
    assert!(stderr.contains(reason), "{}: {stderr}", file.display());
    assert!(
        stderr.contains("Obecna mapa nie została zmieniona"),
        "{stderr}"
    );
}

#[test]
fn broken_and_foreign_files_are_refused_and_the_map_in_use_stays() {
    let data = initialised();
    assert!(
        import(data.path(), &fixture("synthetic.osm.pbf"))
            .status
            .success()
    );
    let before = loaded(data.path()).unwrap().info().clone();
    let work = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("synthetic.osm.pbf")).unwrap();

    let truncated = work.path().join("cut.osm.pbf");
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    assert_refused(data.path(), &truncated, "uszkodzony albo niekompletny");

    let mut flipped = good.clone();
    let middle = flipped.len() * 2 / 3;
    flipped[middle] ^= 0x10;
    let flipped_path = work.path().join("flipped.osm.pbf");
    std::fs::write(&flipped_path, &flipped).unwrap();
    assert_refused(data.path(), &flipped_path, "uszkodzony albo niekompletny");

    let photo = work.path().join("map.osm.pbf");
    std::fs::write(
        &photo,
        [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F'],
    )
    .unwrap();
    assert_refused(data.path(), &photo, "zdjęcie JPEG");

    let letter = work.path().join("torun.mbtiles");
    std::fs::write(&letter, "To jest list, a nie mapa.\n").unwrap();
    assert_refused(data.path(), &letter, "plik tekstowy");

    let empty = work.path().join("empty.pmtiles");
    std::fs::write(&empty, b"").unwrap();
    assert_refused(data.path(), &empty, "pusty");

    assert_refused(
        data.path(),
        &fixture("synthetic-empty.osm.pbf"),
        "nie zawiera niczego do pokazania",
    );

    let vector = work.path().join("vector.mbtiles");
    let db = rusqlite::Connection::open(&vector).unwrap();
    db.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                             tile_data BLOB);
         INSERT INTO metadata VALUES ('format', 'pbf');
         INSERT INTO tiles VALUES (0, 0, 0, x'1f8b0800');",
    )
    .unwrap();
    drop(db);
    assert_refused(data.path(), &vector, "wektorowe");

    let mut pmtiles = std::fs::read(fixture("synthetic-raster.pmtiles")).unwrap();
    pmtiles.truncate(pmtiles.len() - 100);
    let cut_pmtiles = work.path().join("cut.pmtiles");
    std::fs::write(&cut_pmtiles, &pmtiles).unwrap();
    assert_refused(data.path(), &cut_pmtiles, "uszkodzony albo niekompletny");

    let after = loaded(data.path()).unwrap();
    assert_eq!(after.info(), &before);
    let store = Store::open(data.path()).unwrap();
    assert!(after.tile(&store, tile(0.007, 0.01, 14)).unwrap().is_some());
}

/// Every tile of the MBTiles fixture, as (tile, bytes).
fn fixture_tiles() -> Vec<(TileId, Vec<u8>)> {
    let db = rusqlite::Connection::open(fixture("synthetic-raster.mbtiles")).unwrap();
    let mut statement = db
        .prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        .unwrap();
    statement
        .query_map([], |row| {
            let z: u8 = row.get(0)?;
            let x: u32 = row.get(1)?;
            let tms: u32 = row.get(2)?;
            Ok((TileId::new(z, x, (1 << z) - 1 - tms).unwrap(), row.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn raster_tiles_come_back_byte_identical_from_mbtiles_and_pmtiles() {
    let tiles = fixture_tiles();
    assert_eq!(tiles.len(), 21);
    for (name, kind) in [
        ("synthetic-raster.mbtiles", MapKind::Mbtiles),
        ("synthetic-raster.pmtiles", MapKind::Pmtiles),
    ] {
        let data = initialised();
        let out = import(data.path(), &fixture(name));
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let store = Store::open(data.path()).unwrap();
        let map = StreetMap::load(&store).unwrap().unwrap();
        assert_eq!(map.info().kind, kind);
        assert_eq!((map.min_zoom(), map.max_zoom()), (0, 2));
        assert_eq!(map.info().tile_format, "png");
        for (id, bytes) in &tiles {
            let served = map.tile(&store, *id).unwrap().expect("stored tile");
            assert_eq!(served.content_type, "image/png");
            assert!(&served.bytes == bytes, "{name}: tile {id:?} differs");
        }
        assert!(
            map.tile(&store, TileId::new(3, 0, 0).unwrap())
                .unwrap()
                .is_none()
        );
    }
}

#[test]
fn a_running_server_is_asked_to_stop_first_and_then_shows_the_map() {
    let data = initialised();
    let server = common::TestServer::start_with(common::Options {
        data: Some(data),
        args: vec!["--no-demo".into()],
        ..Default::default()
    });
    let out = import(server.data_path(), &fixture("synthetic.osm.pbf"));
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("zatrzymaj serwer"), "{stderr}");
    assert!(stderr.contains("uruchom serwer"), "{stderr}");
    let data = server.stop();
    assert!(loaded(data.path()).is_none());

    assert!(
        import(data.path(), &fixture("synthetic.osm.pbf"))
            .status
            .success()
    );
    let server = common::TestServer::start_with(common::Options {
        data: Some(data),
        args: vec!["--no-demo".into()],
        ..Default::default()
    });
    assert_eq!(server.get("/").status, 200);
    // The tile route answers from the street map where it has tiles: a z16 tile drawn on
    // request and a z14 tile stored at import; elsewhere the base map stops at zoom 12.
    for id in [tile(0.0138, 0.0084, 16), tile(0.007, 0.01, 14)] {
        let path = format!("/tiles/{}/{}/{}.png", id.z, id.x, id.y);
        let response = server.get(&path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some("image/png"));
        assert!(
            count(&png(&response.body), LAND) < 256 * 256,
            "{path} is not blank"
        );
    }
    let outside = tile(53.0138, 18.5984, 16);
    let path = format!("/tiles/16/{}/{}.png", outside.x, outside.y);
    assert_eq!(server.get(&path).status, 404);
    let map_page = server.get("/mapa").text();
    assert!(map_page.contains("data-max-zoom=\"16\""), "{map_page}");
    assert!(!map_page.contains("Mapa szczegółowa ulic nie jest wczytana"));
    assert!(
        map_page.contains("synthetic.osm.pbf"),
        "the map names its street data"
    );
    let data = server.stop();
    let removed = pestor(data.path(), &["map", "remove"]);
    assert!(removed.status.success());
    assert!(loaded(data.path()).is_none());
}
