//! Image intake (DESIGN §5): every photo and logo passes through here before it is stored.
//!
//! The bytes are checked against a byte cap, the format is recognised from the content (never
//! the file name), the declared size is checked against a pixel cap before anything is
//! decoded (a small file may declare a huge picture), and the picture is decoded (under
//! `image::Limits`, inside `catch_unwind`), turned upright by its EXIF orientation, scaled to
//! a display size and a thumbnail (`fast_image_resize`; never enlarged) and re-encoded as
//! JPEG — which leaves EXIF, GPS and any other metadata behind. Transparent pictures are laid
//! onto white.
//!
//! - `limits`: the caps and sizes, in one place;
//! - `decode`: format sniffing, the pixel cap, guarded decoding, orientation;
//! - `resize`: scaling and flattening; `encode`: JPEG;
//! - `gate`: at most `DECODES_AT_ONCE` pictures in memory at a time;
//! - `intake`: the whole path, `Processed` and `IntakeError`;
//! - [`demo`]: artificial illustrations and logos for demo records.
//!
//! What happens next lives elsewhere: `store::media` keeps the renditions (one transaction with
//! the record that shows them), `pages::media` serves them, `pages::photo_upload` reads upload
//! forms, and `templates/partials/photos.html` shows and manages photos.

mod decode;
pub mod demo;
mod encode;
mod gate;
mod intake;
mod limits;
mod resize;

#[cfg(test)]
mod bench;
#[cfg(test)]
mod tests;

pub use intake::{IntakeError, Processed, intake};
pub use limits::{DISPLAY_SIDE, MAX_PIXELS, MAX_UPLOAD_BYTES, THUMBNAIL_SIDE};
