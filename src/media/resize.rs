//! Scaling with `fast_image_resize` (SIMD convolution, 10–25× faster than `image`'s own resize;
//! STACK.md), and flattening transparency onto white, since JPEG has no alpha channel.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, RgbImage, RgbaImage};

use super::intake::IntakeError;

/// The size of a `width` × `height` picture fitted into a `side` × `side` box, keeping its
/// proportions; never larger than the picture is (small pictures are not enlarged), and never
/// zero.
pub(super) fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= side {
        return (width, height);
    }
    let scale = |n: u32| -> u32 {
        let scaled = (u64::from(n) * u64::from(side) + u64::from(longer) / 2) / u64::from(longer);
        u32::try_from(scaled).unwrap_or(side).clamp(1, side)
    };
    (scale(width), scale(height))
}

/// `picture` (8-bit RGB or RGBA) scaled to `width` × `height`, as RGB with any transparency
/// laid onto white.
pub(super) fn scaled(
    picture: &DynamicImage,
    width: u32,
    height: u32,
) -> Result<RgbImage, IntakeError> {
    match picture {
        DynamicImage::ImageRgb8(rgb) => scale_rgb(rgb, width, height),
        DynamicImage::ImageRgba8(rgba) => Ok(onto_white(&scale_rgba(rgba, width, height)?)),
        other => scale_rgb(&other.to_rgb8(), width, height),
    }
}

/// `picture` scaled to `width` × `height` (a copy when it already has that size).
pub(super) fn scale_rgb(
    picture: &RgbImage,
    width: u32,
    height: u32,
) -> Result<RgbImage, IntakeError> {
    if picture.dimensions() == (width, height) {
        return Ok(picture.clone());
    }
    let pixels = scale_raw(
        picture.as_raw(),
        picture.dimensions(),
        (width, height),
        PixelType::U8x3,
    )?;
    RgbImage::from_raw(width, height, pixels).ok_or(IntakeError::Broken)
}

fn scale_rgba(picture: &RgbaImage, width: u32, height: u32) -> Result<RgbaImage, IntakeError> {
    if picture.dimensions() == (width, height) {
        return Ok(picture.clone());
    }
    let pixels = scale_raw(
        picture.as_raw(),
        picture.dimensions(),
        (width, height),
        PixelType::U8x4,
    )?;
    RgbaImage::from_raw(width, height, pixels).ok_or(IntakeError::Broken)
}

fn scale_raw(
    pixels: &[u8],
    (from_width, from_height): (u32, u32),
    (width, height): (u32, u32),
    kind: PixelType,
) -> Result<Vec<u8>, IntakeError> {
    // Only a programming error can make these fail (sizes that do not match the buffers).
    let source = ImageRef::new(from_width, from_height, pixels, kind).map_err(|e| {
        log::error!("scaling: {e}");
        IntakeError::Broken
    })?;
    let mut target = Image::new(width, height, kind);
    // Catmull-Rom: as sharp as Lanczos for photos at these factors, with less ringing and a
    // smaller kernel. Alpha is premultiplied while scaling (the crate's default), so the
    // colour of fully transparent pixels does not bleed into the edges.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| {
            log::error!("scaling: {e}");
            IntakeError::Broken
        })?;
    Ok(target.into_vec())
}

/// Lays a transparent picture onto a white background.
pub(super) fn onto_white(picture: &RgbaImage) -> RgbImage {
    let (width, height) = picture.dimensions();
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for pixel in picture.as_raw().chunks_exact(4) {
        let alpha = u32::from(pixel[3]);
        for &channel in &pixel[..3] {
            let mixed = (u32::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            out.push(mixed as u8);
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_proportions_and_never_enlarges() {
        assert_eq!(fit(4000, 3000, 1280), (1280, 960));
        assert_eq!(fit(3000, 4000, 1280), (960, 1280));
        assert_eq!(fit(800, 600, 1280), (800, 600));
        assert_eq!(fit(1280, 1280, 1280), (1280, 1280));
        assert_eq!(fit(40_000, 1, 320), (320, 1));
        assert_eq!(fit(1, 1, 320), (1, 1));
    }

    #[test]
    fn scaling_gives_the_asked_size_and_keeps_flat_colour() {
        let red = RgbImage::from_pixel(400, 300, image::Rgb([200, 30, 40]));
        let small = scale_rgb(&red, 100, 75).unwrap();
        assert_eq!(small.dimensions(), (100, 75));
        assert_eq!(small.get_pixel(50, 37).0, [200, 30, 40]);
    }

    #[test]
    fn transparency_becomes_white_and_opaque_stays() {
        let mut picture = RgbaImage::from_pixel(4, 1, image::Rgba([0, 0, 0, 0]));
        picture.put_pixel(1, 0, image::Rgba([0, 0, 0, 255]));
        picture.put_pixel(2, 0, image::Rgba([0, 0, 0, 128]));
        picture.put_pixel(3, 0, image::Rgba([10, 200, 30, 255]));
        let flat = onto_white(&picture);
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(flat.get_pixel(1, 0).0, [0, 0, 0]);
        assert_eq!(flat.get_pixel(2, 0).0, [127, 127, 127]);
        assert_eq!(flat.get_pixel(3, 0).0, [10, 200, 30]);
    }
}
