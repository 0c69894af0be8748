//! Record encoding: msgpack with named fields (see DESIGN §3.1).

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

pub(crate) fn encode<T: Serialize>(value: &T, context: &str) -> Result<Vec<u8>, StoreError> {
    rmp_serde::to_vec_named(value).map_err(|e| StoreError::Corrupt {
        context: context.to_string(),
        reason: e.to_string(),
    })
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], context: &str) -> Result<T, StoreError> {
    rmp_serde::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        context: context.to_string(),
        reason: e.to_string(),
    })
}
