//! Records and their rules. Nothing here knows about HTTP, templates or the database.

pub mod claim;
pub mod document;
pub mod enquiry;
pub mod equipment;
pub mod equipment_input;
pub mod geo;
pub mod indicator;
pub mod indicator_input;
pub mod institution;
pub mod institution_input;
pub mod listing;
pub mod mail;
pub mod need;
pub mod need_input;
pub mod offer;
pub mod offer_category;
pub mod offer_input;
pub mod organization;
pub mod organization_input;
pub mod password_policy;
pub mod photo;
pub mod premises;
pub mod premises_input;
pub mod premises_rent;
pub mod procurement;
pub mod procurement_input;
pub mod procurement_stats;
pub mod programme_event;
pub mod programme_event_input;
pub mod replica;
pub mod session;
pub mod settings;
pub mod settings_input;
pub mod slug;
pub mod subscription;
pub mod user;
pub mod validate;
pub mod vocabulary;

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch (UTC). Shown to people in Europe/Warsaw.
pub type Timestamp = i64;

/// Where a moderated record stands. Only `Published` records are shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordState {
    Draft,
    Pending,
    Published,
    Archived,
}

/// The current time as a [`Timestamp`].
pub fn now() -> Timestamp {
    jiff::Timestamp::now().as_second()
}
