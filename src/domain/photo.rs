//! Photos of a record (an offer, an equipment item, premises, an organisation's logo). The
//! record keeps the list in display order; the image bytes live in the media table, written in
//! the same transaction as the record.

use serde::{Deserialize, Serialize};

use super::validate::FieldErrors;

/// A record shows at most this many photos.
pub const MAX_PHOTOS: usize = 8;
/// Alternative text is a sentence, not an essay.
pub const MAX_ALT_CHARS: usize = 200; // the message below says "200"

/// Identifier of an image in the media table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ImageId(pub u64);

/// One photo of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub image: ImageId,
    /// What the photo shows, for people who cannot see it (required).
    pub alt: String,
}

/// Checks the alternative text of a photo; errors go under `field`.
pub fn validate_alt(alt: &str, field: &'static str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let chars = alt.trim().chars().count();
    if chars == 0 {
        errors.add(
            field,
            "Opisz, co przedstawia zdjęcie — opis odczyta czytnik ekranu osobie niewidomej.",
        );
    } else if chars > MAX_ALT_CHARS {
        errors.add(field, "Opis zdjęcia może mieć najwyżej 200 znaków.");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_required_and_short() {
        assert!(!validate_alt("  ", "alt").is_empty());
        assert!(validate_alt("Pierogi na talerzu", "alt").is_empty());
        assert!(!validate_alt(&"a".repeat(MAX_ALT_CHARS + 1), "alt").is_empty());
    }
}
