//! Photos of a record (an offer, an equipment item, premises, an organisation's logo). The
//! record keeps the list in display order; the image bytes live in the media table, written in
//! the same transaction as the record.

use serde::{Deserialize, Serialize};

use super::validate::FieldErrors;

/// A record shows at most this many photos.
pub const MAX_PHOTOS: usize = 8; // the message `FULL` says "8"
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

/// A change to a record's list of photos (the order is the display order).
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoEdit {
    /// Show a newly stored image last.
    Add(Photo),
    Remove(ImageId),
    SetAlt(ImageId, String),
    MoveUp(ImageId),
    MoveDown(ImageId),
}

const FULL: &str = "Można dodać najwyżej 8 zdjęć. Usuń jedno z nich, aby dodać nowe.";
const GONE: &str = "Tego zdjęcia już nie ma — odśwież stronę i spróbuj jeszcze raz.";

/// Whether another photo may be added to `photos`.
pub fn check_room(photos: &[Photo]) -> Result<(), &'static str> {
    if photos.len() >= MAX_PHOTOS {
        Err(FULL)
    } else {
        Ok(())
    }
}

/// Applies `edit` to `photos`, or says in Polish why it is not allowed (no room, a photo that
/// is not in the list, bad alternative text); on a refusal the list is unchanged. Gives the
/// image that is no longer shown (after `Remove`), whose bytes the caller deletes. Moving the
/// first photo up or the last one down changes nothing.
pub fn apply_edit(
    photos: &mut Vec<Photo>,
    edit: PhotoEdit,
) -> Result<Option<ImageId>, &'static str> {
    let position =
        |photos: &[Photo], id: ImageId| photos.iter().position(|p| p.image == id).ok_or(GONE);
    match edit {
        PhotoEdit::Add(photo) => {
            check_room(photos)?;
            first_error(validate_alt(&photo.alt, "alt"))?;
            if photos.iter().any(|p| p.image == photo.image) {
                return Err(GONE);
            }
            photos.push(Photo {
                alt: photo.alt.trim().to_string(),
                ..photo
            });
            Ok(None)
        }
        PhotoEdit::Remove(id) => {
            let at = position(photos, id)?;
            Ok(Some(photos.remove(at).image))
        }
        PhotoEdit::SetAlt(id, alt) => {
            let at = position(photos, id)?;
            first_error(validate_alt(&alt, "alt"))?;
            photos[at].alt = alt.trim().to_string();
            Ok(None)
        }
        PhotoEdit::MoveUp(id) => {
            let at = position(photos, id)?;
            if at > 0 {
                photos.swap(at, at - 1);
            }
            Ok(None)
        }
        PhotoEdit::MoveDown(id) => {
            let at = position(photos, id)?;
            if at + 1 < photos.len() {
                photos.swap(at, at + 1);
            }
            Ok(None)
        }
    }
}

fn first_error(errors: FieldErrors) -> Result<(), &'static str> {
    match errors.iter().next() {
        Some((_, messages)) => Err(messages.first().copied().unwrap_or(GONE)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(id: u64) -> Photo {
        Photo {
            image: ImageId(id),
            alt: format!("Zdjęcie {id}"),
        }
    }

    fn ids(photos: &[Photo]) -> Vec<u64> {
        photos.iter().map(|p| p.image.0).collect()
    }

    #[test]
    fn photos_are_added_up_to_the_limit() {
        let mut photos = Vec::new();
        for id in 1..=MAX_PHOTOS as u64 {
            assert_eq!(apply_edit(&mut photos, PhotoEdit::Add(photo(id))), Ok(None));
        }
        assert_eq!(
            apply_edit(&mut photos, PhotoEdit::Add(photo(99))),
            Err(FULL)
        );
        assert_eq!(photos.len(), MAX_PHOTOS);
        assert!(FULL.contains(&MAX_PHOTOS.to_string()));
        assert!(check_room(&photos).is_err());
        assert!(check_room(&photos[1..]).is_ok());
    }

    #[test]
    fn alternative_text_is_checked_and_trimmed() {
        let mut photos = vec![photo(1)];
        let blank = Photo {
            image: ImageId(2),
            alt: "   ".to_string(),
        };
        assert!(apply_edit(&mut photos, PhotoEdit::Add(blank)).is_err());
        assert!(apply_edit(&mut photos, PhotoEdit::SetAlt(ImageId(1), String::new())).is_err());
        assert_eq!(photos[0].alt, "Zdjęcie 1");
        apply_edit(
            &mut photos,
            PhotoEdit::SetAlt(ImageId(1), "  Chleb  ".into()),
        )
        .unwrap();
        assert_eq!(photos[0].alt, "Chleb");
    }

    #[test]
    fn photos_move_within_the_list_and_removal_names_the_image() {
        let mut photos = vec![photo(1), photo(2), photo(3)];
        apply_edit(&mut photos, PhotoEdit::MoveUp(ImageId(3))).unwrap();
        assert_eq!(ids(&photos), [1, 3, 2]);
        apply_edit(&mut photos, PhotoEdit::MoveUp(ImageId(1))).unwrap();
        apply_edit(&mut photos, PhotoEdit::MoveDown(ImageId(2))).unwrap();
        assert_eq!(ids(&photos), [1, 3, 2]);
        apply_edit(&mut photos, PhotoEdit::MoveDown(ImageId(1))).unwrap();
        assert_eq!(ids(&photos), [3, 1, 2]);
        assert_eq!(
            apply_edit(&mut photos, PhotoEdit::Remove(ImageId(1))),
            Ok(Some(ImageId(1)))
        );
        assert_eq!(ids(&photos), [3, 2]);
        for edit in [
            PhotoEdit::Remove(ImageId(1)),
            PhotoEdit::MoveUp(ImageId(1)),
            PhotoEdit::SetAlt(ImageId(1), "Opis".into()),
        ] {
            assert_eq!(apply_edit(&mut photos, edit), Err(GONE));
        }
        assert_eq!(ids(&photos), [3, 2]);
    }

    #[test]
    fn alt_text_is_required_and_short() {
        assert!(!validate_alt("  ", "alt").is_empty());
        assert!(validate_alt("Pierogi na talerzu", "alt").is_empty());
        assert!(!validate_alt(&"a".repeat(MAX_ALT_CHARS + 1), "alt").is_empty());
    }
}
