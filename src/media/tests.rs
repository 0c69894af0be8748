//! Hostile and unusual input (DESIGN §5): every file gets a clear refusal or a clean result,
//! never a panic; what comes out is upright, small, and carries no metadata.

use std::io::Write;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use proptest::prelude::*;

use super::*;

/// A JPEG of `width` × `height`: the left half red, the right half blue; with `exif` as its
/// APP1 segment when given.
fn halves_jpeg(width: u32, height: u32, exif: Option<Vec<u8>>) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(picture.as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn png(picture: &RgbaImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = PngEncoder::new(&mut out);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            ExtendedColorType::Rgba8,
        )
        .unwrap();
    out
}

/// An EXIF block (little-endian TIFF) with an orientation and a GPS position, as a phone
/// writes it.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: Orientation, and the GPS IFD pointer.
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(orientation.to_le_bytes());
    t.extend([0, 0]);
    let gps_at = 8 + 2 + 2 * 12 + 4;
    t.extend(0x8825u16.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend((gps_at as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef "N".
    assert_eq!(t.len(), gps_at);
    t.extend(1u16.to_le_bytes());
    t.extend(1u16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend(2u32.to_le_bytes());
    t.extend(*b"N\0\0\0");
    t.extend(0u32.to_le_bytes());
    t
}

/// The markers of a JPEG's segments before the image data.
fn segments(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "starts with SOI");
    let mut out = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        out.push((marker, jpeg[at + 4..at + 2 + length].to_vec()));
        if marker == 0xDA {
            break;
        }
        at += 2 + length;
    }
    out
}

fn has_exif(jpeg: &[u8]) -> bool {
    segments(jpeg)
        .iter()
        .any(|(marker, data)| *marker == 0xE1 && data.starts_with(b"Exif"))
}

fn pixel(jpeg: &[u8], x: u32, y: u32) -> [u8; 3] {
    image::load_from_memory(jpeg)
        .unwrap()
        .to_rgb8()
        .get_pixel(x, y)
        .0
}

fn near(actual: [u8; 3], expected: [u8; 3]) -> bool {
    actual
        .iter()
        .zip(expected)
        .all(|(a, e)| a.abs_diff(e) <= 24)
}

/// CRC-32 of PNG chunks (ISO 3309), bit by bit: short and obviously right.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend(crc32(&crc_input).to_be_bytes());
}

/// A decompression bomb: a valid PNG header declaring `width` × `height` RGB pixels, and a
/// megabyte of zeros compressed to about a kilobyte of image data.
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&vec![0u8; 1 << 20]).unwrap();
    chunk(&mut out, b"IDAT", &zlib.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn the_crc_is_the_png_one() {
    // The CRC of an empty IEND chunk is fixed by the format.
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let bomb = png_bomb(50_000, 50_000);
    assert!(bomb.len() < 4096, "{} bytes", bomb.len());
    let refused = intake(&bomb).unwrap_err();
    assert_eq!(
        refused,
        IntakeError::TooManyPixels {
            width: 50_000,
            height: 50_000
        }
    );
    assert!(refused.to_string().contains("50000 × 50000"));
    assert!(refused.reason().contains("za dużo pikseli"));
}

#[test]
fn a_truncated_jpeg_is_broken() {
    let whole = halves_jpeg(200, 150, None);
    for cut in [whole.len() / 2, 200, 20, 3] {
        assert_eq!(
            intake(&whole[..cut]),
            Err(IntakeError::Broken),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_truncated_png_or_webp_is_broken() {
    let picture = RgbaImage::from_fn(120, 90, |x, y| Rgba([(x * 2) as u8, (y * 2) as u8, 7, 255]));
    let whole = png(&picture, None);
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(picture.as_raw(), 120, 90, ExtendedColorType::Rgba8)
        .unwrap();
    for file in [whole, webp] {
        for cut in [file.len() - 12, file.len() / 2, 40] {
            assert_eq!(
                intake(&file[..cut]),
                Err(IntakeError::Broken),
                "cut at {cut}"
            );
        }
    }
}

#[test]
fn files_that_are_not_pictures_or_not_our_formats_are_refused() {
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let mut bmp = b"BM".to_vec();
    bmp.extend([0u8; 60]);
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    for (name, bytes) in [("html", html), ("gif", gif), ("bmp", bmp), ("pdf", pdf)] {
        let refused = intake(&bytes).unwrap_err();
        assert_eq!(refused, IntakeError::UnknownFormat, "{name}");
        assert!(refused.to_string().contains("JPEG, PNG ani WebP"));
    }
}

#[test]
fn an_empty_file_and_one_over_the_cap_are_refused() {
    assert_eq!(intake(b""), Err(IntakeError::Empty));
    let mut huge = halves_jpeg(16, 16, None);
    huge.resize(MAX_UPLOAD_BYTES + 1, 0);
    assert_eq!(intake(&huge), Err(IntakeError::TooLarge));
    assert!(IntakeError::TooLarge.to_string().contains("15 MB"));
}

#[test]
fn a_jpeg_with_orientation_6_is_turned_upright() {
    // Orientation 6: the stored picture must be turned 90° clockwise, so its left half (red)
    // ends up on top.
    let turned = intake(&halves_jpeg(400, 200, Some(exif(6)))).unwrap();
    assert_eq!((turned.width, turned.height), (200, 400));
    assert!(near(pixel(&turned.display, 100, 20), [220, 20, 20]));
    assert!(near(pixel(&turned.display, 100, 380), [20, 20, 220]));
    assert_eq!((turned.thumb_width, turned.thumb_height), (160, 320));
    let plain = intake(&halves_jpeg(400, 200, None)).unwrap();
    assert_eq!((plain.width, plain.height), (400, 200));
}

#[test]
fn a_png_with_an_exif_orientation_is_turned_upright() {
    // Orientation 3: turned by 180°, so the red left half ends up on the right.
    let picture = RgbaImage::from_fn(60, 30, |x, _| {
        if x < 30 {
            Rgba([220, 20, 20, 255])
        } else {
            Rgba([20, 20, 220, 255])
        }
    });
    let turned = intake(&png(&picture, Some(exif(3)))).unwrap();
    assert_eq!((turned.width, turned.height), (60, 30));
    assert!(near(pixel(&turned.display, 5, 15), [20, 20, 220]));
    assert!(near(pixel(&turned.display, 55, 15), [220, 20, 20]));
}

#[test]
fn exif_and_gps_are_left_behind() {
    let original = halves_jpeg(300, 200, Some(exif(1)));
    assert!(has_exif(&original), "the test file carries EXIF");
    let processed = intake(&original).unwrap();
    for rendition in [&processed.display, &processed.thumbnail] {
        assert!(!has_exif(rendition));
        assert!(
            !segments(rendition)
                .iter()
                .any(|(marker, _)| *marker == 0xE1),
            "no APP1 segment at all"
        );
    }
}

#[test]
fn a_transparent_png_is_laid_onto_white() {
    let picture = RgbaImage::from_fn(100, 100, |x, y| {
        if (40..60).contains(&x) && (40..60).contains(&y) {
            Rgba([200, 0, 0, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let processed = intake(&png(&picture, None)).unwrap();
    assert!(near(pixel(&processed.display, 5, 5), [255, 255, 255]));
    assert!(near(pixel(&processed.display, 50, 50), [200, 0, 0]));
    // Scaled, the transparent black must not darken the edges into grey.
    let large = RgbaImage::from_fn(2000, 1000, |x, _| {
        if x < 1000 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([0, 120, 0, 255])
        }
    });
    let scaled = intake(&png(&large, None)).unwrap();
    assert_eq!((scaled.width, scaled.height), (1280, 640));
    assert!(near(pixel(&scaled.display, 600, 320), [255, 255, 255]));
    assert!(near(pixel(&scaled.display, 660, 320), [0, 120, 0]));
}

#[test]
fn large_pictures_are_scaled_and_small_ones_kept() {
    let large = intake(&halves_jpeg(2400, 1800, None)).unwrap();
    assert_eq!((large.width, large.height), (1280, 960));
    assert_eq!((large.thumb_width, large.thumb_height), (320, 240));
    let small = intake(&halves_jpeg(120, 90, None)).unwrap();
    assert_eq!((small.width, small.height), (120, 90));
    assert_eq!((small.thumb_width, small.thumb_height), (120, 90));
    // The renditions are JPEGs the intake itself accepts.
    assert!(intake(&large.display).is_ok() && intake(&large.thumbnail).is_ok());
}

#[test]
fn webp_is_accepted() {
    let picture = RgbaImage::from_pixel(64, 48, Rgba([30, 160, 90, 255]));
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(picture.as_raw(), 64, 48, ExtendedColorType::Rgba8)
        .unwrap();
    let processed = intake(&webp).unwrap();
    assert_eq!((processed.width, processed.height), (64, 48));
    assert!(near(pixel(&processed.display, 32, 24), [30, 160, 90]));
}

/// Small valid files to mutate.
fn samples() -> Vec<Vec<u8>> {
    let picture = RgbaImage::from_fn(48, 32, |x, y| {
        Rgba([
            (x * 5) as u8,
            (y * 7) as u8,
            90,
            if x > 40 { 100 } else { 255 },
        ])
    });
    vec![
        halves_jpeg(48, 32, Some(exif(6))),
        png(&picture, Some(exif(8))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Random bytes, with or without a real format's magic number in front, never panic.
    #[test]
    fn random_bytes_never_panic(
        magic in prop::sample::select(vec![
            &b""[..],
            &[0xFF, 0xD8, 0xFF][..],
            &b"\x89PNG\r\n\x1a\n"[..],
            &b"RIFF\x00\x00\x00\x00WEBPVP8 "[..],
        ]),
        tail in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        let mut bytes = magic.to_vec();
        bytes.extend(tail);
        let _ = intake(&bytes);
    }

    /// A valid JPEG or PNG with bytes changed, inserted or cut off never panics, and whatever
    /// is accepted comes out within the sizes.
    #[test]
    fn mutated_pictures_never_panic(
        which in 0usize..2,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = samples().swap_remove(which);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(processed) = intake(&bytes) {
            prop_assert!(processed.width.max(processed.height) <= DISPLAY_SIDE);
            prop_assert!(processed.thumb_width.max(processed.thumb_height) <= THUMBNAIL_SIDE);
        }
    }
}
