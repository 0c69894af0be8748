//! Image bytes of photos and logos. An image is written in the same transaction as the record
//! that shows it and never changes afterwards (a new upload is a new image with a new id, and
//! ids are never reused), so its URL can be cached for ever.
//!
//! Records that show photos keep `photos: Vec<Photo>` (see `domain::photo`). To change them,
//! a store function of the record opens one write transaction, reads the record, calls
//! [`change_photos_in`] with a [`PhotoChange`], and writes the record back in the same
//! transaction — for example, for offers:
//!
//! ```ignore
//! pub fn change_offer_photos(&self, id: OfferId, change: PhotoChange, author: Option<u64>)
//!     -> Result<Offer, StoreError> {
//!     self.write("changing the photos of an offer", |txn| {
//!         let mut offer: Offer = record_in(txn, OFFERS, id.0, "offer")?
//!             .ok_or_else(|| StoreError::Conflict { what: "nie ma już tej oferty".into() })?;
//!         change_photos_in(txn, &mut offer.photos, change, author)?;
//!         offer.updated = crate::domain::now();
//!         put_record_in(txn, OFFERS, id.0, &offer, ChangeOp::Update, author)?;
//!         Ok(offer)
//!     })
//! }
//! ```
//!
//! A refused change (no room for another photo, a photo that is no longer there, bad
//! alternative text) is `StoreError::Conflict` carrying the Polish reason: returning it drops
//! the transaction, so neither the image nor the record is half written.
//! `pages::photo_upload::store_refusal` turns it into a 400 page with that reason.

use redb::{ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::changelog::ChangeOp;
use super::records::{delete_record_in, next_id, put_record_in};
use super::tables::{MEDIA, META};
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::document::serde_bytes_compat;
use crate::domain::photo::{self, ImageId, Photo, PhotoEdit};
use crate::media::Processed;

/// The meta key holding the highest image id ever given: ids of deleted images are not given
/// again, or a browser would keep showing the old picture cached under the same URL.
const KEY_LAST_IMAGE: &str = "media_last_id";

/// An image as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredImage {
    pub id: ImageId,
    #[serde(with = "serde_bytes_compat")]
    pub display: Vec<u8>,
    pub width: u32,
    pub height: u32,
    #[serde(with = "serde_bytes_compat")]
    pub thumbnail: Vec<u8>,
    pub thumb_width: u32,
    pub thumb_height: u32,
    pub created: Timestamp,
    /// Hex of the first 16 bytes of the SHA-256 of both renditions: the strong ETag.
    #[serde(default)]
    pub digest: String,
}

impl StoredImage {
    /// The content digest (computed for images stored before it was kept).
    pub fn digest(&self) -> String {
        if self.digest.is_empty() {
            digest(&self.display, &self.thumbnail)
        } else {
            self.digest.clone()
        }
    }
}

/// A change to the photos of a record, as a page asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoChange {
    /// Store a processed upload and show it last.
    Add {
        image: Processed,
        alt: String,
    },
    /// Stop showing the photo and delete its image.
    Remove(ImageId),
    /// New alternative text.
    SetAlt(ImageId, String),
    /// One place earlier (up) or later (down) in the list.
    MoveUp(ImageId),
    MoveDown(ImageId),
}

impl Store {
    pub fn image(&self, id: ImageId) -> Result<Option<StoredImage>, StoreError> {
        self.record(MEDIA, id.0, "image")
    }

    /// How many images are stored (for checks that nothing was left behind).
    pub fn image_count(&self) -> Result<u64, StoreError> {
        use redb::ReadableTableMetadata;
        let txn = self.read("counting images")?;
        let table = txn
            .open_table(MEDIA)
            .map_err(StoreError::db("opening images"))?;
        table.len().map_err(StoreError::db("counting images"))
    }
}

/// Adds one photo to each of many records of `table` in one transaction (demo data: one commit
/// instead of one per record). Records that no longer exist are skipped; returns how many got
/// their photo.
pub(crate) fn add_photos_to_records<T: Serialize + serde::de::DeserializeOwned>(
    store: &Store,
    table: super::records::RecordTable,
    what: &'static str,
    photos: Vec<(u64, Processed, String)>,
    photos_of: fn(&mut T) -> &mut Vec<Photo>,
) -> Result<usize, StoreError> {
    store.write("adding photos", |txn| {
        let mut added = 0;
        for (id, image, alt) in photos {
            let Some(mut record) = super::records::record_in::<T>(txn, table, id, what)? else {
                continue;
            };
            change_photos_in(
                txn,
                photos_of(&mut record),
                PhotoChange::Add { image, alt },
                None,
            )?;
            put_record_in(txn, table, id, &record, ChangeOp::Update, None)?;
            added += 1;
        }
        Ok(added)
    })
}

/// Applies `change` to `photos` inside `txn`: an added image is inserted and a removed one
/// deleted in the same transaction. The caller writes its record (with `photos`) afterwards in
/// the same transaction, and must return any error so that the transaction is dropped.
pub(crate) fn change_photos_in(
    txn: &WriteTransaction,
    photos: &mut Vec<Photo>,
    change: PhotoChange,
    author: Option<u64>,
) -> Result<(), StoreError> {
    let edit = match change {
        PhotoChange::Add { image, alt } => {
            // Checked first so that a refused photo costs no write at all.
            photo::check_room(photos).map_err(refused)?;
            let image = insert_image_in(txn, image, author)?;
            PhotoEdit::Add(Photo { image, alt })
        }
        PhotoChange::Remove(id) => PhotoEdit::Remove(id),
        PhotoChange::SetAlt(id, alt) => PhotoEdit::SetAlt(id, alt),
        PhotoChange::MoveUp(id) => PhotoEdit::MoveUp(id),
        PhotoChange::MoveDown(id) => PhotoEdit::MoveDown(id),
    };
    if let Some(unused) = photo::apply_edit(photos, edit).map_err(refused)? {
        delete_image_in(txn, unused, author)?;
    }
    Ok(())
}

fn refused(reason: &'static str) -> StoreError {
    StoreError::Conflict {
        what: reason.to_string(),
    }
}

/// Stores a processed image inside `txn` and gives its id (never one given before).
pub(crate) fn insert_image_in(
    txn: &WriteTransaction,
    image: Processed,
    author: Option<u64>,
) -> Result<ImageId, StoreError> {
    let id = ImageId(next_image_id(txn)?);
    let stored = StoredImage {
        id,
        digest: digest(&image.display, &image.thumbnail),
        display: image.display,
        width: image.width,
        height: image.height,
        thumbnail: image.thumbnail,
        thumb_width: image.thumb_width,
        thumb_height: image.thumb_height,
        created: crate::domain::now(),
    };
    put_record_in(txn, MEDIA, id.0, &stored, ChangeOp::Insert, author)?;
    Ok(id)
}

/// Deletes an image no record shows any more.
pub(crate) fn delete_image_in(
    txn: &WriteTransaction,
    id: ImageId,
    author: Option<u64>,
) -> Result<(), StoreError> {
    delete_record_in(txn, MEDIA, id.0, author).map(|_| ())
}

/// One more than the highest image id ever given (kept in `meta`, since the highest id in the
/// table goes down when the last image is deleted).
fn next_image_id(txn: &WriteTransaction) -> Result<u64, StoreError> {
    let in_table = next_id(txn, MEDIA)?;
    let mut meta = txn
        .open_table(META)
        .map_err(StoreError::db("opening meta"))?;
    let last_given = match meta
        .get(KEY_LAST_IMAGE)
        .map_err(StoreError::db("reading meta"))?
    {
        Some(value) => {
            u64::from_le_bytes(value.value().try_into().map_err(|_| StoreError::Corrupt {
                context: format!("meta {KEY_LAST_IMAGE}"),
                reason: "wrong length".to_string(),
            })?)
        }
        None => 0,
    };
    let id = in_table.max(last_given + 1);
    meta.insert(KEY_LAST_IMAGE, id.to_le_bytes().as_slice())
        .map_err(StoreError::db("writing meta"))?;
    Ok(id)
}

fn digest(display: &[u8], thumbnail: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(display);
    hasher.update(thumbnail);
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::demo;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn add(seed: u64, alt: &str) -> PhotoChange {
        PhotoChange::Add {
            image: demo::logo(seed),
            alt: alt.to_string(),
        }
    }

    /// Applies `change` to `photos` in a transaction of its own, as a record's store function
    /// would; the list changes only if the transaction commits.
    fn apply(
        store: &Store,
        photos: &mut Vec<Photo>,
        change: PhotoChange,
    ) -> Result<(), StoreError> {
        let mut copy = photos.clone();
        store.write("test", |txn| {
            change_photos_in(txn, &mut copy, change, Some(1))
        })?;
        *photos = copy;
        Ok(())
    }

    #[test]
    fn photos_are_added_moved_described_and_removed_with_their_images() {
        let (_dir, store) = store();
        let mut photos = Vec::new();
        apply(&store, &mut photos, add(1, "Pierwsze")).unwrap();
        apply(&store, &mut photos, add(2, "Drugie")).unwrap();
        let (first, second) = (photos[0].image, photos[1].image);
        assert_eq!(store.image_count().unwrap(), 2);
        let stored = store.image(first).unwrap().unwrap();
        assert_eq!(stored.digest.len(), 32);
        assert_eq!(stored.digest, stored.digest());

        apply(&store, &mut photos, PhotoChange::MoveUp(second)).unwrap();
        assert_eq!(photos[0].image, second);
        apply(
            &store,
            &mut photos,
            PhotoChange::SetAlt(first, "Nowy opis".into()),
        )
        .unwrap();
        assert_eq!(photos[1].alt, "Nowy opis");

        apply(&store, &mut photos, PhotoChange::Remove(second)).unwrap();
        assert_eq!(photos.len(), 1);
        assert!(store.image(second).unwrap().is_none());
        assert_eq!(store.image_count().unwrap(), 1);
    }

    #[test]
    fn refused_changes_write_nothing() {
        let (_dir, store) = store();
        let mut photos = Vec::new();
        for n in 0..photo::MAX_PHOTOS as u64 {
            apply(&store, &mut photos, add(n, "Zdjęcie")).unwrap();
        }
        let before = store.image_count().unwrap();
        let full = apply(&store, &mut photos, add(99, "Jedno za dużo")).unwrap_err();
        assert!(matches!(full, StoreError::Conflict { what } if what.contains("najwyżej 8")));
        let first = photos[0].image;
        let blank = apply(&store, &mut photos, PhotoChange::SetAlt(first, " ".into()));
        assert!(blank.is_err());
        let gone = apply(&store, &mut photos, PhotoChange::Remove(ImageId(12345)));
        assert!(gone.is_err());
        assert_eq!(store.image_count().unwrap(), before);
        assert_eq!(photos.len(), photo::MAX_PHOTOS);

        // An upload whose alternative text is refused leaves no image behind either.
        let mut empty = Vec::new();
        assert!(apply(&store, &mut empty, add(5, "")).is_err());
        assert_eq!(store.image_count().unwrap(), before);
    }

    #[test]
    fn ids_of_deleted_images_are_never_given_again() {
        let (_dir, store) = store();
        let mut photos = Vec::new();
        apply(&store, &mut photos, add(1, "Logo")).unwrap();
        let first = photos[0].image;
        apply(&store, &mut photos, PhotoChange::Remove(first)).unwrap();
        assert_eq!(store.image_count().unwrap(), 0);
        apply(&store, &mut photos, add(2, "Nowe logo")).unwrap();
        assert!(
            photos[0].image > first,
            "{:?} after {first:?}",
            photos[0].image
        );
    }
}
