//! From bytes to pixels: the format from the content (never the file name), the declared size
//! checked against the pixel cap before anything is decoded (a small file may declare a huge
//! picture), decoding under `image::Limits` and inside `catch_unwind` (a decoder may panic on
//! hostile input), and the EXIF orientation read on the way.

use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::intake::IntakeError;
use super::limits::{MAX_DECODE_BYTES, MAX_PIXELS};

/// A decoded picture: 8-bit RGB, or 8-bit RGBA when it has transparency, as stored in the file
/// (not yet turned upright).
pub(super) struct Decoded {
    pub picture: DynamicImage,
    /// How the camera says the stored pixels must be turned to be upright.
    pub orientation: Orientation,
}

/// The format of `bytes` if it is one we accept: JPEG, PNG or WebP.
pub(super) fn sniff(bytes: &[u8]) -> Result<ImageFormat, IntakeError> {
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(format),
        _ => Err(IntakeError::UnknownFormat),
    }
}

/// Decodes `bytes` of `format`. Whatever the decoder does with hostile input — an error, a
/// refused limit or a panic — ends as an `IntakeError`.
pub(super) fn decode(bytes: &[u8], format: ImageFormat) -> Result<Decoded, IntakeError> {
    // Nothing outside the closure is touched by it, so a panic leaves no broken state behind.
    panic::catch_unwind(AssertUnwindSafe(|| decode_unguarded(bytes, format)))
        .unwrap_or(Err(IntakeError::Broken))
}

fn decode_unguarded(bytes: &[u8], format: ImageFormat) -> Result<Decoded, IntakeError> {
    // The JPEG decoder fills a picture cut short with grey instead of failing; an upload that
    // broke off halfway must be refused, not stored half grey.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(IntakeError::Broken);
    }
    // The header alone gives the size: a bomb is refused before any pixel is allocated.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| IntakeError::Broken)?;
    if width == 0 || height == 0 {
        return Err(IntakeError::Broken);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(IntakeError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let refused = |e: ImageError| match e {
        ImageError::Limits(_) => IntakeError::TooManyPixels { width, height },
        _ => IntakeError::Broken,
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    // Broken EXIF is no reason to refuse a photo: it is then shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let picture = DynamicImage::from_decoder(decoder).map_err(refused)?;
    if (picture.width(), picture.height()) != (width, height) {
        return Err(IntakeError::Broken);
    }
    Ok(Decoded {
        picture: eight_bit(picture),
        orientation,
    })
}

/// 8-bit RGB, or RGBA when the picture has an alpha channel: the two layouts the scaler takes.
fn eight_bit(picture: DynamicImage) -> DynamicImage {
    match picture {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => picture,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// Whether a JPEG's image data reaches its end marker (EOI). The segments before the first
/// scan are walked by their lengths (an EXIF thumbnail inside them has an EOI of its own);
/// inside the scans an `FF D9` pair can only be the end marker, as the format escapes every
/// `FF` data byte. Data after the marker (some phones append more) does not matter.
pub(super) fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        // Markers may be preceded by any number of FF fill bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        match marker {
            0xD9 => return true,
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => at += 2,
            0xDA => {
                return bytes[at + 2..].windows(2).any(|pair| pair == [0xFF, 0xD9]);
            }
            _ => {
                let Some(length) = bytes.get(at + 2..at + 4) else {
                    return false;
                };
                at += 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::jpeg_is_complete;

    #[test]
    fn a_jpeg_is_complete_only_with_its_end_marker_after_the_scan() {
        // SOI, an APP1 holding an EOI of an embedded thumbnail, SOS, data with an escaped FF,
        // EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00];
        jpeg.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34]);
        assert!(!jpeg_is_complete(&jpeg));
        jpeg.extend([0xFF, 0xD9]);
        assert!(jpeg_is_complete(&jpeg));
        jpeg.extend(b"trailer of a motion photo");
        assert!(jpeg_is_complete(&jpeg));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8]));
    }
}
