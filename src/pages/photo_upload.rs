//! Photo forms for any record that keeps `photos: Vec<Photo>` (offers, equipment, premises) or
//! one `Photo` (an organisation's logo, `organization_logo.rs`): reading an upload, reading
//! the small forms that change one photo, and the view of the photo manager
//! (`templates/partials/photos.html`, macro `manager`).
//!
//! # Wiring a record kind (offers as the example)
//!
//! 1. Routes in `pages::ROUTES`, next to the record's edit page; the upload route is declared
//!    with `upload(…)` so that the edge lets its body be up to 16 MiB:
//!    ```ignore
//!    upload("/oferty/{slug}/zdjecia", SignedIn, offer_photos::add),
//!    post("/oferty/{slug}/zdjecia/opis", SignedIn, offer_photos::change),
//!    post("/oferty/{slug}/zdjecia/usun", SignedIn, offer_photos::change),
//!    post("/oferty/{slug}/zdjecia/kolejnosc", SignedIn, offer_photos::change),
//!    ```
//!    (the manager's forms post to `{action}`, `{action}/opis`, `{action}/usun` and
//!    `{action}/kolejnosc`), and the same rule in `tests/authorisation.rs` as for editing.
//! 2. A store function that applies a [`PhotoChange`] in one transaction with the record — see
//!    the example in `store::media` (`change_photos_in`).
//! 3. Handlers: authorise exactly as for editing the record, then
//!    ```ignore
//!    // add:
//!    let change = match photo_upload::read_new(ctx, PhotoFields::STANDARD, &offer.photos) {
//!        Ok(new) => PhotoChange::from(new),
//!        Err(errors) => return /* the edit page, 422, with
//!            PhotoManager::list(&offer.photos, action, ctx).with_errors(errors, ctx) */,
//!    };
//!    // opis / usun / kolejnosc (the action is the last segment of the path):
//!    let change = photo_upload::read_change(ctx, PhotoAction::from_path(&ctx.request.path)?)?;
//!    // both:
//!    app.store.change_offer_photos(offer.id, change, Some(user.id.0)).map_err(store_refusal)?;
//!    Ok(Response::redirect(303, &format!("/oferty/{}/edycja#zdjecia", offer.slug)))
//!    ```
//! 4. The edit page's view gets `photos: PhotoManager::list(&offer.photos, action, ctx)` and
//!    its template `{% import "partials/photos.html" as photos %}{{ photos.manager(page.photos) }}`
//!    (outside the record's own `<form>`: the manager's forms cannot be nested in it). The
//!    record's public page shows `{{ photos.gallery(page.photos) }}` with the `Vec<Photo>`.

use serde::Serialize;

use super::{Ctx, PageError};
use crate::domain::photo::{self, ImageId, MAX_PHOTOS, Photo, validate_alt};
use crate::domain::validate::FieldErrors;
use crate::media::{self, Processed};
use crate::store::{PhotoChange, StoreError};

/// Names of the upload form's fields (errors are keyed by them, and the manager's template
/// gives its inputs the ids `f-{name}`).
#[derive(Debug, Clone, Copy)]
pub struct PhotoFields {
    pub file: &'static str,
    pub alt: &'static str,
}

impl PhotoFields {
    /// The names the photo manager's upload form uses.
    pub const STANDARD: PhotoFields = PhotoFields {
        file: "zdjecie",
        alt: "opis",
    };
}

/// The hidden field naming the photo a small form acts on.
pub const IMAGE_FIELD: &str = "obraz";
/// The field of the move form: `gora` (up) or `dol` (down).
pub const DIRECTION_FIELD: &str = "kierunek";

/// An accepted upload: the processed renditions and the alternative text.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPhoto {
    pub image: Processed,
    pub alt: String,
}

impl From<NewPhoto> for PhotoChange {
    fn from(new: NewPhoto) -> PhotoChange {
        PhotoChange::Add {
            image: new.image,
            alt: new.alt,
        }
    }
}

/// Reads and processes an uploaded photo and its alternative text. `current` are the photos
/// the record shows now (for the limit of `MAX_PHOTOS`); pass `&[]` when the upload replaces
/// the only picture (a logo). Every problem is reported at once, each under its field, in
/// Polish: no room for another photo, no file chosen, a file the intake refuses (with its
/// reason), missing or too long alternative text.
pub fn read_new(
    ctx: &Ctx,
    fields: PhotoFields,
    current: &[Photo],
) -> Result<NewPhoto, FieldErrors> {
    let alt = ctx.form.raw(fields.alt).unwrap_or("").trim().to_string();
    let mut errors = validate_alt(&alt, fields.alt);
    let file = ctx.files.iter().find(|f| f.field == fields.file);
    let mut image = None;
    if let Err(full) = photo::check_room(current) {
        errors.add(fields.file, full);
    } else if let Some(file) = file {
        // Decoding takes a moment: done even when the text is missing, so that both problems
        // are reported together and the person chooses the file again only once.
        match media::intake(&file.bytes) {
            Ok(processed) => image = Some(processed),
            Err(refused) => errors.add(fields.file, refused.reason()),
        }
    } else {
        errors.add(
            fields.file,
            "Wybierz plik ze zdjęciem (JPEG, PNG lub WebP, najwyżej 15 MB).",
        );
    }
    match image {
        Some(image) if errors.is_empty() => Ok(NewPhoto { image, alt }),
        _ => Err(errors),
    }
}

/// Which of the manager's small forms was sent; the last segment of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoAction {
    /// `…/opis`: new alternative text (field `opis`).
    Describe,
    /// `…/usun`
    Remove,
    /// `…/kolejnosc`: one place up or down (field `kierunek`).
    Move,
}

impl PhotoAction {
    /// The action named by the last segment of `path`.
    pub fn from_path(path: &str) -> Result<PhotoAction, PageError> {
        match path.rsplit('/').next() {
            Some("opis") => Ok(PhotoAction::Describe),
            Some("usun") => Ok(PhotoAction::Remove),
            Some("kolejnosc") => Ok(PhotoAction::Move),
            _ => Err(PageError::NotFound),
        }
    }
}

/// Why a small form was refused, in Polish; `image` names the photo when the message belongs
/// next to its alternative text.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoRefusal {
    pub image: Option<ImageId>,
    pub message: &'static str,
}

impl From<PhotoRefusal> for PageError {
    fn from(refusal: PhotoRefusal) -> PageError {
        PageError::BadRequest(refusal.message.to_string())
    }
}

/// Reads one of the manager's small forms (the photo in `obraz`).
pub fn read_change(ctx: &Ctx, action: PhotoAction) -> Result<PhotoChange, PhotoRefusal> {
    let image = ctx
        .form
        .get(IMAGE_FIELD)
        .and_then(|v| v.parse::<u64>().ok())
        .map(ImageId)
        .ok_or(PhotoRefusal {
            image: None,
            message: "Nie wiadomo, którego zdjęcia dotyczy formularz — odśwież stronę.",
        })?;
    match action {
        PhotoAction::Remove => Ok(PhotoChange::Remove(image)),
        PhotoAction::Describe => {
            let alt = ctx.form.raw(PhotoFields::STANDARD.alt).unwrap_or("").trim();
            let errors = validate_alt(alt, PhotoFields::STANDARD.alt);
            match errors.get(PhotoFields::STANDARD.alt).first() {
                Some(&message) => Err(PhotoRefusal {
                    image: Some(image),
                    message,
                }),
                None => Ok(PhotoChange::SetAlt(image, alt.to_string())),
            }
        }
        PhotoAction::Move => match ctx.form.get(DIRECTION_FIELD) {
            Some("gora") => Ok(PhotoChange::MoveUp(image)),
            Some("dol") => Ok(PhotoChange::MoveDown(image)),
            _ => Err(PhotoRefusal {
                image: Some(image),
                message: "Wybierz, czy przesunąć zdjęcie w górę, czy w dół.",
            }),
        },
    }
}

/// A store error of a photo change as a page error: a refused change (the list changed in the
/// meantime, no room) is a 400 page with its Polish reason; anything else stays internal.
pub fn store_refusal(error: StoreError) -> PageError {
    match error {
        StoreError::Conflict { what } => PageError::BadRequest(what),
        other => PageError::from(other),
    }
}

/// What the `manager` macro of `templates/partials/photos.html` shows: the current photos
/// (thumbnail, alternative text to edit, remove, move) and the upload form.
#[derive(Debug, Serialize)]
pub struct PhotoManager {
    /// Base URL of the forms: uploads post here, the small forms to `{action}/opis`,
    /// `{action}/usun` and `{action}/kolejnosc`.
    action: String,
    csrf: String,
    photos: Vec<ManagedPhoto>,
    /// One picture that an upload replaces (a logo), rather than a list.
    single: bool,
    /// No room for another photo: the upload form is replaced by a note.
    full: bool,
    max: usize,
    max_megabytes: usize,
    display_side: u32,
    /// Errors of the upload form and the alternative text typed into it.
    errors: FieldErrors,
    alt: String,
    /// A refused small form's message, not tied to one photo.
    notice: Option<&'static str>,
    /// What the last change did ("Logo zostało zapisane."), after the redirect back.
    done: Option<&'static str>,
    file_field: &'static str,
    alt_field: &'static str,
    image_field: &'static str,
}

#[derive(Debug, Serialize)]
struct ManagedPhoto {
    image: u64,
    alt: String,
    thumbnail: String,
    display: String,
    number: usize,
    first: bool,
    last: bool,
    alt_error: Option<&'static str>,
}

impl PhotoManager {
    /// A list of up to `MAX_PHOTOS` photos, managed at `action`.
    pub fn list(photos: &[Photo], action: impl Into<String>, ctx: &Ctx) -> PhotoManager {
        let mut manager = PhotoManager::new(photos, action.into(), ctx);
        manager.full = photos.len() >= MAX_PHOTOS;
        manager
    }

    /// One picture (a logo) that an upload replaces, managed at `action`.
    pub fn single(photo: Option<&Photo>, action: impl Into<String>, ctx: &Ctx) -> PhotoManager {
        let photos: Vec<Photo> = photo.into_iter().cloned().collect();
        let mut manager = PhotoManager::new(&photos, action.into(), ctx);
        manager.single = true;
        manager.max = 1;
        manager
    }

    fn new(photos: &[Photo], action: String, ctx: &Ctx) -> PhotoManager {
        let count = photos.len();
        PhotoManager {
            action,
            csrf: ctx.visitor.csrf_token(),
            photos: photos
                .iter()
                .enumerate()
                .map(|(n, p)| ManagedPhoto {
                    image: p.image.0,
                    alt: p.alt.clone(),
                    thumbnail: super::media::thumbnail_url(p.image),
                    display: super::media::display_url(p.image),
                    number: n + 1,
                    first: n == 0,
                    last: n + 1 == count,
                    alt_error: None,
                })
                .collect(),
            single: false,
            full: false,
            max: MAX_PHOTOS,
            max_megabytes: media::MAX_UPLOAD_BYTES / (1024 * 1024),
            display_side: media::DISPLAY_SIDE,
            errors: FieldErrors::default(),
            alt: String::new(),
            notice: None,
            done: None,
            file_field: PhotoFields::STANDARD.file,
            alt_field: PhotoFields::STANDARD.alt,
            image_field: IMAGE_FIELD,
        }
    }

    /// The upload form shown again with its errors and the alternative text as typed.
    pub fn with_errors(mut self, errors: FieldErrors, ctx: &Ctx) -> PhotoManager {
        self.errors = errors;
        self.alt = ctx
            .form
            .raw(PhotoFields::STANDARD.alt)
            .unwrap_or("")
            .to_string();
        self
    }

    /// A note that the last change succeeded, shown as a status message.
    pub fn with_done(mut self, message: &'static str) -> PhotoManager {
        self.done = Some(message);
        self
    }

    /// A refused small form: the message next to its photo's alternative text, or above the
    /// photos.
    pub fn with_refusal(mut self, refusal: &PhotoRefusal) -> PhotoManager {
        match self
            .photos
            .iter_mut()
            .find(|p| Some(ImageId(p.image)) == refusal.image)
        {
            Some(photo) => photo.alt_error = Some(refusal.message),
            None => self.notice = Some(refusal.message),
        }
        self
    }
}
