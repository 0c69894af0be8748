//! What the exchange's three registers — offers, equipment, needs — have in common for the
//! parts that treat them alike: subscriptions, enquiries and feeds.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::organization::OrgId;
use super::user::UserId;

/// Which register a listing belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListingKind {
    Offer,
    Equipment,
    Need,
}

impl ListingKind {
    pub const ALL: [ListingKind; 3] = [
        ListingKind::Offer,
        ListingKind::Equipment,
        ListingKind::Need,
    ];

    /// Stable code for URLs and storage.
    pub fn code(self) -> &'static str {
        match self {
            ListingKind::Offer => "oferta",
            ListingKind::Equipment => "sprzet",
            ListingKind::Need => "potrzeba",
        }
    }

    pub fn from_code(code: &str) -> Option<ListingKind> {
        ListingKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The register's name, e.g. in a subscription form.
    pub fn register_label(self) -> &'static str {
        match self {
            ListingKind::Offer => "Produkty i usługi",
            ListingKind::Equipment => "Bank sprzętu",
            ListingKind::Need => "Zapotrzebowanie",
        }
    }

    /// The path of the register's list; a listing lives at `{path}/{slug}`.
    pub fn path(self) -> &'static str {
        match self {
            ListingKind::Offer => "/oferty",
            ListingKind::Equipment => "/sprzet",
            ListingKind::Need => "/zapotrzebowanie",
        }
    }
}

/// A published record of one of the registers, as subscriptions, enquiries and feeds see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub kind: ListingKind,
    pub id: u64,
    pub slug: String,
    pub title: String,
    /// Category code (for offers and needs from `offer_category`; equipment has its own list).
    pub category: String,
    pub category_label: String,
    /// One or two sentences for a mail or a feed entry.
    pub summary: String,
    /// When it became public.
    pub published: Timestamp,
    /// The organisation behind it, when there is one (its representatives answer enquiries).
    pub organization: Option<OrgId>,
    /// The account that wrote it, when there is one.
    pub author: Option<UserId>,
}

impl Listing {
    /// The path of the listing's page.
    pub fn path(&self) -> String {
        format!("{}/{}", self.kind.path(), self.slug)
    }
}
