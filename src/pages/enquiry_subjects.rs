//! What an enquiry is about and who answers it: the public listing behind a `rodzaj` + `id`
//! pair, and the side that answers for it.

use super::PageError;
use crate::app::App;
use crate::domain::enquiry::Party;
use crate::domain::listing::{Listing, ListingKind};
use crate::domain::user::AccountStatus;

/// The listing, if it exists and the public may see it (every need is public).
pub fn public_listing(app: &App, kind: ListingKind, id: u64) -> Result<Option<Listing>, PageError> {
    Ok(match kind {
        ListingKind::Offer => app
            .store
            .offer(crate::domain::offer::OfferId(id))?
            .filter(|o| o.is_public())
            .map(|o| o.listing()),
        ListingKind::Equipment => app
            .store
            .equipment(crate::domain::equipment::EquipmentId(id))?
            .filter(|e| e.is_public())
            .map(|e| e.listing()),
        ListingKind::Need => app
            .store
            .need(crate::domain::need::NeedId(id))?
            .map(|n| n.listing()),
    })
}

/// Who answers: the representatives of the listing's organisation; when it has none, the
/// organisation's public address (with the secret `key`); else the account that wrote the
/// listing; else the office that runs the platform (with the key).
pub fn answerer(app: &App, listing: &Listing, key: String) -> Result<Party, PageError> {
    if let Some(org_id) = listing.organization
        && let Some(org) = app.store.organization(org_id)?
    {
        let representatives = app.store.representatives(org_id)?;
        if !representatives.is_empty() {
            return Ok(Party {
                name: org.name,
                users: representatives.iter().map(|u| u.id).collect(),
                email: None,
                key: None,
            });
        }
        if let Some(email) = org.contact.email.filter(|e| !e.trim().is_empty()) {
            return Ok(Party {
                name: org.name,
                users: Vec::new(),
                email: Some(email),
                key: Some(key),
            });
        }
    }
    if let Some(author_id) = listing.author
        && let Some(author) = app.store.user(author_id)?
        && author.status == AccountStatus::Active
    {
        return Ok(Party {
            name: author.name,
            users: vec![author.id],
            email: None,
            key: None,
        });
    }
    let settings = app.settings();
    Ok(Party {
        name: settings.operator_name,
        users: Vec::new(),
        email: Some(settings.operator_email),
        key: Some(key),
    })
}
