//! The limits every uploaded picture is held to, in one place: the upload form's hint, the
//! README and the error messages quote them.

/// Largest accepted file (a 12-megapixel phone photo is 3–8 MB). The edge lets upload forms
/// send a little more (`web::edge::EdgeConfig::max_upload_bytes`), so that a file just over
/// this cap gets this module's clear message rather than a bare 413.
pub const MAX_UPLOAD_BYTES: usize = 15 * 1024 * 1024;

/// Largest accepted picture, in pixels (a 12 MP photo is well inside; a "bomb" is not).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Most bytes a decoder may allocate: a picture at the pixel cap with four 8-bit channels,
/// plus room for the decoder's own buffers. A 16-bit RGBA picture near the pixel cap is more
/// than this and is refused like one with too many pixels.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + (64 << 20);

/// The longer side of the display rendition (`duze.jpg`).
pub const DISPLAY_SIDE: u32 = 1280;

/// The longer side of the thumbnail (`miniatura.jpg`).
pub const THUMBNAIL_SIDE: u32 = 320;

/// JPEG quality of both renditions: no visible loss at these sizes, a third of q95's bytes.
pub const JPEG_QUALITY: u8 = 80;

/// Pictures decoded at the same time; more uploads wait their turn. A decoded picture at the
/// pixel cap takes up to 160 MB, and the machine has two cores anyway.
pub const DECODES_AT_ONCE: usize = 2;
