//! Image intake (DESIGN §5): every photo and logo passes through here before it is stored.
//!
//! The bytes are checked against a byte cap, the format is recognised from the content (never
//! the file name), the declared size is checked against a pixel cap before anything is
//! decoded (a small file may declare a huge picture), and the picture is decoded, turned
//! upright, scaled to a display size and a thumbnail and re-encoded as JPEG — which leaves
//! EXIF, GPS and any other metadata behind.

mod intake;

pub use intake::{IntakeError, MAX_UPLOAD_BYTES, Processed, intake};
