//! From uploaded bytes to the two JPEG renditions the platform stores.

use std::fmt;
use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// Largest accepted file (a 12-megapixel phone photo is 3–8 MB).
pub const MAX_UPLOAD_BYTES: usize = 15 * 1024 * 1024;
/// Largest accepted picture, in pixels (a 12 MP photo is well inside; a "bomb" is not).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longer side of the display rendition.
pub const DISPLAY_SIDE: u32 = 1280;
/// The longer side of the thumbnail.
pub const THUMBNAIL_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 82;

/// The stored renditions of an accepted image.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    pub display: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// Why an upload was refused; `Display` is the Polish message for the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeError {
    Empty,
    TooLarge,
    UnknownFormat,
    TooManyPixels { width: u32, height: u32 },
    Broken,
}

impl fmt::Display for IntakeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            IntakeError::Empty => f.write_str("Plik jest pusty — wybierz zdjęcie jeszcze raz."),
            IntakeError::TooLarge => write!(
                f,
                "Plik jest za duży: zdjęcie może mieć najwyżej {} MB.",
                MAX_UPLOAD_BYTES / (1024 * 1024)
            ),
            IntakeError::UnknownFormat => {
                f.write_str("To nie jest zdjęcie w formacie JPEG, PNG ani WebP.")
            }
            IntakeError::TooManyPixels { width, height } => write!(
                f,
                "Zdjęcie ma za dużo pikseli ({width} × {height}); najwyżej 40 milionów."
            ),
            IntakeError::Broken => {
                f.write_str("Nie udało się odczytać zdjęcia: plik jest uszkodzony lub niepełny.")
            }
        }
    }
}

/// Checks, decodes and re-encodes one uploaded image.
pub fn intake(bytes: &[u8]) -> Result<Processed, IntakeError> {
    if bytes.is_empty() {
        return Err(IntakeError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(IntakeError::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(IntakeError::UnknownFormat),
    };
    let picture = decode(bytes, format)?;
    let display = picture.thumbnail(DISPLAY_SIDE, DISPLAY_SIDE);
    let thumbnail = display.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    Ok(Processed {
        width: display.width(),
        height: display.height(),
        display: encode_jpeg(&display)?,
        thumb_width: thumbnail.width(),
        thumb_height: thumbnail.height(),
        thumbnail: encode_jpeg(&thumbnail)?,
    })
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, IntakeError> {
    // The header alone gives the size: a bomb is refused before any pixel is allocated.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| IntakeError::Broken)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(IntakeError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader.decode().map_err(|_| IntakeError::Broken)
}

fn encode_jpeg(picture: &DynamicImage) -> Result<Vec<u8>, IntakeError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    picture
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|_| IntakeError::Broken)?;
    Ok(out)
}
