//! From uploaded bytes to the two JPEG renditions the platform stores: checks, decoding,
//! scaling, turning upright, encoding.

use std::fmt;

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use super::limits::{DISPLAY_SIDE, MAX_UPLOAD_BYTES, THUMBNAIL_SIDE};
use super::{decode, encode, gate, resize};

/// The stored renditions of an accepted image: `display` (longer side at most
/// `DISPLAY_SIDE`) and `thumbnail` (at most `THUMBNAIL_SIDE`), both JPEG, upright, without
/// metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    pub display: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// Why an upload was refused; `Display` is the Polish message for the person who sent it,
/// `reason()` the same without numbers, for form field errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeError {
    Empty,
    TooLarge,
    UnknownFormat,
    TooManyPixels { width: u32, height: u32 },
    Broken,
}

impl IntakeError {
    /// The Polish message as a static text (form errors are `&'static str`).
    pub fn reason(&self) -> &'static str {
        match self {
            IntakeError::Empty => "Plik jest pusty — wybierz zdjęcie jeszcze raz.",
            IntakeError::TooLarge => "Plik jest za duży: zdjęcie może mieć najwyżej 15 MB.",
            IntakeError::UnknownFormat => {
                "To nie jest zdjęcie w formacie JPEG, PNG ani WebP. Zapisz je w jednym z tych formatów."
            }
            IntakeError::TooManyPixels { .. } => {
                "Zdjęcie ma za dużo pikseli: najwyżej 40 milionów (np. 8000 × 5000). Zmniejsz je i wyślij jeszcze raz."
            }
            IntakeError::Broken => {
                "Nie udało się odczytać zdjęcia: plik jest uszkodzony lub niepełny."
            }
        }
    }
}

impl fmt::Display for IntakeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            IntakeError::TooManyPixels { width, height } => write!(
                f,
                "Zdjęcie ma za dużo pikseli ({width} × {height}); najwyżej 40 milionów."
            ),
            other => f.write_str(other.reason()),
        }
    }
}

impl std::error::Error for IntakeError {}

/// Checks, decodes and re-encodes one uploaded image: the byte cap, the format from the
/// content, the pixel cap from the header, decoding under limits, the EXIF orientation, the
/// two renditions. A 12-megapixel JPEG takes well under half a second (BENCHMARKS.md).
pub fn intake(bytes: &[u8]) -> Result<Processed, IntakeError> {
    if bytes.is_empty() {
        return Err(IntakeError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(IntakeError::TooLarge);
    }
    let format = decode::sniff(bytes)?;
    let _pass = gate::enter();
    let decoded = decode::decode(bytes, format)?;
    renditions(&decoded.picture, decoded.orientation)
}

/// The display rendition and the thumbnail of a decoded picture (8-bit RGB or RGBA), turned
/// upright by `orientation`.
///
/// The orientation is taken into account before scaling (the sizes are fitted to the upright
/// picture) but the pixels are turned on the scaled rendition: the result is the same, and
/// turning 1.2 megapixels instead of 12 is a tenth of the work.
pub(super) fn renditions(
    picture: &DynamicImage,
    orientation: Orientation,
) -> Result<Processed, IntakeError> {
    let turned = turns_sideways(orientation);
    let (upright_w, upright_h) = if turned {
        (picture.height(), picture.width())
    } else {
        (picture.width(), picture.height())
    };
    let (fit_w, fit_h) = resize::fit(upright_w, upright_h, DISPLAY_SIDE);
    let (stored_w, stored_h) = if turned {
        (fit_h, fit_w)
    } else {
        (fit_w, fit_h)
    };
    let display = upright(resize::scaled(picture, stored_w, stored_h)?, orientation);
    let (thumb_w, thumb_h) = resize::fit(display.width(), display.height(), THUMBNAIL_SIDE);
    let thumbnail = resize::scale_rgb(&display, thumb_w, thumb_h)?;
    Ok(Processed {
        width: display.width(),
        height: display.height(),
        display: encode::jpeg(&display)?,
        thumb_width: thumbnail.width(),
        thumb_height: thumbnail.height(),
        thumbnail: encode::jpeg(&thumbnail)?,
    })
}

fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

fn upright(picture: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return picture;
    }
    let mut picture = DynamicImage::ImageRgb8(picture);
    picture.apply_orientation(orientation);
    picture.into_rgb8()
}
