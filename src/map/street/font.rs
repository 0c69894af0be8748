//! The typeface of the street map's labels. Everything that draws text asks this one function,
//! so the map can switch to the font the base map embeds without touching the renderer.

use std::sync::OnceLock;

use ab_glyph::FontRef;

/// DejaVu Sans (Debian `fonts-dejavu-core`; free licence of Bitstream Vera with DejaVu
/// changes in the public domain): full Polish diacritics, legible at small sizes.
static DEJAVU_SANS: &[u8] = include_bytes!("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

/// The label font, parsed once; `None` only if the embedded file were not a font (labels are
/// then left out and the rest of the map is drawn).
pub fn label_font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(DEJAVU_SANS).ok())
        .as_ref()
}
