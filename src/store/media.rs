//! Image bytes of photos and logos. An image is written in the same transaction as the record
//! that shows it and never changes afterwards (a new upload is a new image), so its URL can be
//! cached for ever.

use redb::WriteTransaction;
use serde::{Deserialize, Serialize};

use super::changelog::ChangeOp;
use super::records::{delete_record_in, next_id, put_record_in};
use super::tables::MEDIA;
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::document::serde_bytes_compat;
use crate::domain::photo::ImageId;
use crate::media::Processed;

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
}

impl Store {
    pub fn image(&self, id: ImageId) -> Result<Option<StoredImage>, StoreError> {
        self.record(MEDIA, id.0, "image")
    }
}

/// Stores a processed image inside `txn` and gives its id.
pub(crate) fn insert_image_in(
    txn: &WriteTransaction,
    image: Processed,
    author: Option<u64>,
) -> Result<ImageId, StoreError> {
    let id = ImageId(next_id(txn, MEDIA)?);
    let stored = StoredImage {
        id,
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
