//! The typeface of every map label (base map and street map): DejaVu Sans Condensed, embedded
//! from `assets/map/` (see its README for the licence) — full Polish diacritics, legible at
//! small sizes, narrow enough for crowded maps.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::FontRef;

/// The label font, parsed once; `None` if the build lacks it (labels are then left out and
/// the rest of the map is drawn).
pub fn label_font() -> Option<&'static FontRef<'static>> {
    static BYTES: OnceLock<Cow<'static, [u8]>> = OnceLock::new();
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| {
        let bytes =
            BYTES.get_or_init(|| super::data::file("DejaVuSansCondensed.ttf").unwrap_or_default());
        let font = FontRef::try_from_slice(bytes).ok();
        if font.is_none() {
            log::error!("assets/map/DejaVuSansCondensed.ttf is missing or damaged: no labels");
        }
        font
    })
    .as_ref()
}
