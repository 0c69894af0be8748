//! Benchmark of the intake (ignored by default), for the budget of DESIGN §6 ("a 12-megapixel
//! JPEG upload is processed in ≤ 0.5 s"):
//! `cargo test --release --lib media::bench -- --ignored --nocapture`.
//!
//! The test photo is made here: a 4000 × 3000 gradient with noise (noise is what makes real
//! photos expensive to decode), encoded at quality 90 with an EXIF orientation, like a phone's.

use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

use super::{decode, demo, intake};

const RUNS: usize = 10;

fn twelve_megapixel_jpeg() -> Vec<u8> {
    let (width, height) = (4000u32, 3000u32);
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let picture = RgbImage::from_fn(width, height, |x, y| {
        // xorshift64: cheap noise of ±24 levels on a smooth gradient.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state % 49) as i32 - 24;
        let channel = |base: u32| (base as i32 + noise).clamp(0, 255) as u8;
        image::Rgb([
            channel(x * 255 / width),
            channel(y * 255 / height),
            channel((x + y) * 255 / (width + height)),
        ])
    });
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    // Orientation 6, as a phone held upright writes it: the rotation is part of the work.
    let exif = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
    encoder.set_exif_metadata(exif).expect("EXIF accepted");
    encoder
        .write_image(picture.as_raw(), width, height, ExtendedColorType::Rgb8)
        .expect("test photo encoded");
    out
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn max(samples: &[Duration]) -> Duration {
    samples.iter().copied().max().unwrap_or_default()
}

#[test]
#[ignore = "benchmark; run in release with --ignored --nocapture"]
fn benchmark_twelve_megapixel_jpeg() {
    let jpeg = twelve_megapixel_jpeg();
    let format = decode::sniff(&jpeg).expect("a JPEG");
    let mut whole = Vec::new();
    let mut decoding = Vec::new();
    let mut processed = None;
    // One run to warm up caches and the allocator, not counted.
    intake(&jpeg).expect("accepted");
    for _ in 0..RUNS {
        let started = Instant::now();
        processed = Some(intake(&jpeg).expect("accepted"));
        whole.push(started.elapsed());
        let started = Instant::now();
        let decoded = decode::decode(&jpeg, format).expect("decoded");
        decoding.push(started.elapsed());
        drop(decoded);
    }
    let processed = processed.expect("at least one run");
    let mut illustrations = Vec::new();
    for seed in 0..20 {
        let started = Instant::now();
        let _ = demo::illustration(seed, "Oferta demonstracyjna");
        illustrations.push(started.elapsed());
    }
    println!(
        "12 MP JPEG ({} bytes, 4000 × 3000, q90, orientation 6) → {} × {} ({} bytes) + {} × {} ({} bytes)",
        jpeg.len(),
        processed.width,
        processed.height,
        processed.display.len(),
        processed.thumb_width,
        processed.thumb_height,
        processed.thumbnail.len(),
    );
    println!(
        "intake, {RUNS} runs: median {:?}, max {:?} (budget 500 ms); of which decoding: median {:?}",
        median(whole.clone()),
        max(&whole),
        median(decoding),
    );
    println!(
        "demo illustration 800 × 600, 20 runs: median {:?}, max {:?}",
        median(illustrations.clone()),
        max(&illustrations),
    );
    assert_eq!((processed.width, processed.height), (960, 1280));
}
