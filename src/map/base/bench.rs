//! Benchmark of drawing base map tiles (ignored by default), for BENCHMARKS.md:
//! `cargo test --release --lib map::base::bench -- --ignored --nocapture`.
//!
//! Draws every zoom-12 tile of a 6 × 6 block over Toruń (labels, rivers, dots: the busiest
//! part of the region) plus the PNG encoding, after one untimed run that builds the layers and
//! the label placement.

use std::time::{Duration, Instant};

use super::*;
use crate::domain::geo::GeoPoint;

#[test]
#[ignore = "benchmark; run in release with --ignored --nocapture"]
fn benchmark_zoom_12_tiles() {
    let centre = TileId::containing(
        GeoPoint {
            lat: 53.0138,
            lon: 18.5984,
        },
        12,
    )
    .unwrap();
    let block: Vec<TileId> = (0..6u32)
        .flat_map(|dy| (0..6u32).map(move |dx| (dx, dy)))
        .filter_map(|(dx, dy)| TileId::new(12, centre.x + dx - 3, centre.y + dy - 3))
        .collect();
    let started = Instant::now();
    draw::render(centre).expect("drawn");
    let first = started.elapsed();
    let mut times: Vec<Duration> = Vec::new();
    let mut drawing: Vec<Duration> = Vec::new();
    let mut sizes = Vec::new();
    for _ in 0..3 {
        for id in &block {
            let started = Instant::now();
            let pixmap = draw::draw(*id).expect("drawn");
            drawing.push(started.elapsed());
            let png = draw::encode(&pixmap).expect("encoded");
            times.push(started.elapsed());
            sizes.push(png.len());
        }
    }
    times.sort_unstable();
    drawing.sort_unstable();
    sizes.sort_unstable();
    println!("first z12 tile (loads the layers, places every label at zoom 7–12): {first:?}");
    println!(
        "z12 tile over Toruń, {} renders: median {:?}, max {:?}; drawing alone median {:?}; PNG median {} bytes",
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1],
        drawing[drawing.len() / 2],
        sizes[sizes.len() / 2],
    );
}
