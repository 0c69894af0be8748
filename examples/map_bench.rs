//! Street-map benchmark (BENCHMARKS.md): import time and resulting store size for a map file
//! (by default the synthetic fixture), and the time to draw one zoom-16 tile on request.
//!
//!     cargo run --release --example map_bench [FILE]     (bench/map.sh runs it)

use std::time::{Duration, Instant};

use pestor::map::import;
use pestor::map::mercator::TileId;
use pestor::map::street::StreetMap;
use pestor::store::Store;

fn main() -> Result<(), String> {
    let file = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/synthetic.osm.pbf".to_string());
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = Store::open(dir.path()).map_err(|e| e.to_string())?;
    store.mark_initialised().map_err(|e| e.to_string())?;
    let empty_size = std::fs::metadata(store.path())
        .map_err(|e| e.to_string())?
        .len();

    let started = Instant::now();
    let summary =
        import::import_file(&store, std::path::Path::new(&file)).map_err(|e| e.to_string())?;
    let import_time = started.elapsed();
    let size = std::fs::metadata(store.path())
        .map_err(|e| e.to_string())?
        .len();
    let map = StreetMap::load(&store)
        .map_err(|e| e.to_string())?
        .ok_or("no map after the import")?;

    // The zoom-16 tiles of the centre of the extent: drawn on request from the stored buckets.
    let (w, s, e, n) = map.bounds();
    let centre = pestor::domain::geo::GeoPoint {
        lat: (s + n) / 2.0,
        lon: (w + e) / 2.0,
    };
    let middle = TileId::containing(centre, 16).ok_or("no tile")?;
    let mut tiles = Vec::new();
    for dy in 0..4u32 {
        for dx in 0..4u32 {
            if let Some(t) = TileId::new(16, middle.x + dx - 2, middle.y + dy - 2) {
                tiles.push(t);
            }
        }
    }
    let mut render_times = Vec::new();
    let mut bytes = 0usize;
    for _ in 0..5 {
        for &t in &tiles {
            let started = Instant::now();
            let tile = map.tile(&store, t).map_err(|e| e.to_string())?;
            render_times.push(started.elapsed());
            bytes += tile.map(|t| t.bytes.len()).unwrap_or(0);
        }
    }
    render_times.sort();
    let stored = TileId::containing(centre, 14).ok_or("no tile")?;
    let mut read_times = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        map.tile(&store, stored).map_err(|e| e.to_string())?;
        read_times.push(started.elapsed());
    }
    read_times.sort();

    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1000.0);
    let median = |v: &[Duration]| v[v.len() / 2];
    println!("File: {file} ({} bytes)", summary.info.source_bytes);
    println!();
    println!("| measure | result |");
    println!("|---|---|");
    println!(
        "| import (read, bucket, draw z10–14, one write transaction) | {} |",
        ms(import_time)
    );
    println!(
        "| tiles drawn at import / features stored | {} / {} |",
        summary.info.tiles,
        summary.info.counts.values().sum::<u64>()
    );
    println!(
        "| store size: empty → after import | {} kB → {} kB (+{} kB) |",
        empty_size / 1024,
        size / 1024,
        size.saturating_sub(empty_size) / 1024
    );
    println!(
        "| one z16 tile drawn on request, median / max of {} | {} / {} |",
        render_times.len(),
        ms(median(&render_times)),
        ms(*render_times.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "| average z16 PNG size | {} kB |",
        bytes / render_times.len().max(1) / 1024
    );
    println!(
        "| one stored z14 tile read, median of 200 | {} |",
        ms(median(&read_times))
    );
    Ok(())
}
