//! Offers (Produkty i usługi), their slug index and the index of each organisation's offers.
//! Every write updates the record, both indexes and the changelog (and queues its e-mail) in
//! one transaction.

use redb::WriteTransaction;

use super::changelog::ChangeOp;
use super::media::{PhotoChange, add_photos_to_records, change_photos_in};
use super::outbox::enqueue_in;
use super::records::{all_records, next_id, put_record_in, record_in};
use super::slugs;
use super::tables::{OFFER_SLUGS, OFFERS, OFFERS_BY_ORG};
use super::{Store, StoreError};
use crate::domain::RecordState;
use crate::domain::mail::OutgoingMail;
use crate::domain::offer::{Offer, OfferId};
use crate::domain::organization::OrgId;
use crate::domain::user::UserId;
use crate::media::Processed;

/// Slugs that are paths of their own under `/oferty/`.
pub const RESERVED_OFFER_SLUGS: &[&str] = &["nowa"];

impl Store {
    pub fn offer(&self, id: OfferId) -> Result<Option<Offer>, StoreError> {
        self.record(OFFERS, id.0, "offer")
    }

    pub fn offer_by_slug(&self, slug: &str) -> Result<Option<Offer>, StoreError> {
        self.record_by_slug(OFFER_SLUGS, OFFERS, slug, "offer")
    }

    /// The records for `ids` in the same order, read in one transaction (a result page).
    /// Ids that no longer exist are skipped.
    pub fn offers_by_ids(&self, ids: &[OfferId]) -> Result<Vec<Offer>, StoreError> {
        self.records_by_ids(OFFERS, ids.iter().map(|id| id.0), "offer")
    }

    /// Every offer of an organisation, in every state, oldest first.
    pub fn offers_of_organization(&self, org: OrgId) -> Result<Vec<Offer>, StoreError> {
        let ids: Vec<OfferId> = {
            let txn = self.read("reading an organisation's offers")?;
            let index = txn
                .open_table(OFFERS_BY_ORG)
                .map_err(StoreError::db("opening the offers of organisations"))?;
            let range = index
                .range((org.0, 0)..=(org.0, u64::MAX))
                .map_err(StoreError::db("reading the offers of organisations"))?;
            let mut ids = Vec::new();
            for entry in range {
                let (key, _) =
                    entry.map_err(StoreError::db("reading the offers of organisations"))?;
                ids.push(OfferId(key.value().1));
            }
            ids
        };
        self.offers_by_ids(&ids)
    }

    /// Every offer in id order (for building the search index at start).
    pub fn offers(&self) -> Result<Vec<Offer>, StoreError> {
        all_records(self, OFFERS, "offers")
    }

    /// Offers in `state`, oldest first (the moderation queue). Reads every offer: the register
    /// stays in the tens of thousands.
    pub fn offers_in_state(&self, state: RecordState) -> Result<Vec<Offer>, StoreError> {
        let mut offers = self.offers()?;
        offers.retain(|o| o.state == state);
        Ok(offers)
    }

    /// Stores a new offer (id 0): it gets the next id and a free slug made from its own
    /// (`slug`, `slug-2`, `slug-3` …). Returns the record as stored.
    pub fn insert_offer(&self, offer: Offer, author: Option<UserId>) -> Result<Offer, StoreError> {
        self.write("saving an offer", |txn| put_offer(txn, offer, author))
    }

    /// Inserts many new offers in one transaction (demo data): all or nothing.
    pub fn insert_offers(&self, offers: Vec<Offer>) -> Result<usize, StoreError> {
        self.write("inserting offers", |txn| {
            let count = offers.len();
            for offer in offers {
                put_offer(txn, offer, None)?;
            }
            Ok(count)
        })
    }

    /// Gives each listed offer one photo, in one transaction (demo data).
    pub fn add_offer_photos(
        &self,
        photos: Vec<(OfferId, Processed, String)>,
    ) -> Result<usize, StoreError> {
        let photos = photos
            .into_iter()
            .map(|(id, image, alt)| (id.0, image, alt))
            .collect();
        add_photos_to_records::<Offer>(self, OFFERS, "offer", photos, |o| &mut o.photos)
    }

    /// Applies a change to the photos of offer `id`, with the image, in one transaction.
    pub fn change_offer_photos(
        &self,
        id: OfferId,
        change: PhotoChange,
        author: Option<UserId>,
    ) -> Result<Offer, StoreError> {
        let author = author.map(|a| a.0);
        self.write("changing the photos of an offer", |txn| {
            let mut offer: Offer =
                record_in(txn, OFFERS, id.0, "offer")?.ok_or_else(|| StoreError::Conflict {
                    what: "oferta już nie istnieje".to_string(),
                })?;
            change_photos_in(txn, &mut offer.photos, change, author)?;
            offer.updated = crate::domain::now();
            put_record_in(txn, OFFERS, id.0, &offer, ChangeOp::Update, author)?;
            Ok(offer)
        })
    }

    /// Reads offer `id`, lets `change` modify it and stores it — with `mail` queued — in one
    /// transaction. `change` refusing (an action no longer allowed because someone else acted
    /// first) writes nothing. The slug and the organisation never change here.
    pub fn update_offer<T>(
        &self,
        id: OfferId,
        author: Option<UserId>,
        mail: Option<OutgoingMail>,
        change: impl FnOnce(&mut Offer) -> Result<T, StoreError>,
    ) -> Result<(Offer, T), StoreError> {
        self.write("changing an offer", |txn| {
            let mut offer: Offer =
                record_in(txn, OFFERS, id.0, "offer")?.ok_or_else(|| StoreError::Conflict {
                    what: "oferta już nie istnieje".to_string(),
                })?;
            let (slug, organization) = (offer.slug.clone(), offer.organization);
            let outcome = change(&mut offer)?;
            offer.id = id;
            offer.slug = slug;
            offer.organization = organization;
            put_record_in(
                txn,
                OFFERS,
                id.0,
                &offer,
                ChangeOp::Update,
                author.map(|a| a.0),
            )?;
            if let Some(mail) = mail {
                enqueue_in(txn, mail)?;
            }
            Ok((offer, outcome))
        })
    }
}

/// Writes a new offer with its indexes and changelog entry inside `txn`.
fn put_offer(
    txn: &WriteTransaction,
    mut offer: Offer,
    author: Option<UserId>,
) -> Result<Offer, StoreError> {
    if offer.id.0 != 0 {
        return Err(StoreError::Conflict {
            what: format!("oferta nr {} już istnieje", offer.id.0),
        });
    }
    offer.id = OfferId(next_id(txn, OFFERS)?);
    offer.slug = free_slug(txn, &offer.slug)?;
    {
        let mut slugs = txn
            .open_table(OFFER_SLUGS)
            .map_err(StoreError::db("opening offer slugs"))?;
        slugs
            .insert(offer.slug.as_str(), offer.id.0)
            .map_err(StoreError::db("updating offer slugs"))?;
        let mut by_org = txn
            .open_table(OFFERS_BY_ORG)
            .map_err(StoreError::db("opening the offers of organisations"))?;
        by_org
            .insert((offer.organization.0, offer.id.0), ())
            .map_err(StoreError::db("updating the offers of organisations"))?;
    }
    put_record_in(
        txn,
        OFFERS,
        offer.id.0,
        &offer,
        ChangeOp::Insert,
        author.map(|a| a.0),
    )?;
    Ok(offer)
}

/// A free slug for a new offer ("oferta" for an empty title).
fn free_slug(txn: &WriteTransaction, base: &str) -> Result<String, StoreError> {
    let slugs = txn
        .open_table(OFFER_SLUGS)
        .map_err(StoreError::db("opening offer slugs"))?;
    slugs::free_slug(&slugs, base, "oferta", RESERVED_OFFER_SLUGS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offer::{Audience, OfferAction, Price};

    fn offer(title: &str, org: u64) -> Offer {
        Offer {
            id: OfferId(0),
            slug: crate::domain::slug::slugify(title),
            organization: OrgId(org),
            title: title.to_string(),
            category: "gastronomia/catering".into(),
            description: "Obiady i przerwy kawowe na spotkania.".into(),
            price: Price::Negotiable,
            audience: vec![Audience::City],
            area_served: "Toruń".into(),
            photos: vec![],
            state: RecordState::Draft,
            published: None,
            rejection: None,
            created: 1,
            updated: 1,
            author: Some(UserId(9)),
            demo: false,
        }
    }

    #[test]
    fn slugs_are_unique_stable_and_never_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.insert_offer(offer("Catering", 1), None).unwrap();
        let b = store.insert_offer(offer("Catering", 2), None).unwrap();
        let c = store.insert_offer(offer("Nowa", 1), None).unwrap();
        let d = store.insert_offer(offer("???", 1), None).unwrap();
        assert_eq!(
            (
                a.slug.as_str(),
                b.slug.as_str(),
                c.slug.as_str(),
                d.slug.as_str()
            ),
            ("catering", "catering-2", "nowa-2", "oferta")
        );
        assert_eq!((a.id, b.id), (OfferId(1), OfferId(2)));
        let (changed, ()) = store
            .update_offer(a.id, None, None, |o| {
                o.title = "Catering dla firm".into();
                o.slug = "inny".into();
                o.organization = OrgId(5);
                Ok(())
            })
            .unwrap();
        assert_eq!(changed.slug, "catering", "slugs never change");
        assert_eq!(changed.organization, OrgId(1));
        assert_eq!(
            store.offer_by_slug("catering").unwrap().unwrap().title,
            "Catering dla firm"
        );
        assert!(store.offer_by_slug("inny").unwrap().is_none());
        let of_one: Vec<u64> = store
            .offers_of_organization(OrgId(1))
            .unwrap()
            .iter()
            .map(|o| o.id.0)
            .collect();
        assert_eq!(of_one, vec![1, 3, 4]);
        assert_eq!(store.offers().unwrap().len(), 4);
    }

    #[test]
    fn a_refused_change_writes_nothing_and_mail_goes_with_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.insert_offer(offer("Pierogi", 1), None).unwrap();
        let mail = || {
            OutgoingMail::new(
                "pes@example.pl",
                crate::domain::mail::MailContent {
                    subject: "s".into(),
                    text: "t".into(),
                    html: "h".into(),
                },
                "oferta",
                1,
            )
        };
        let refused = store.update_offer(a.id, None, Some(mail()), |o| {
            o.apply(&OfferAction::Approve, 5)
                .map_err(|e| StoreError::Conflict {
                    what: e.to_string(),
                })
        });
        assert!(matches!(refused, Err(StoreError::Conflict { .. })));
        assert_eq!(store.outbox_counts().unwrap().pending, 0);
        store
            .update_offer(a.id, None, None, |o| {
                o.apply(&OfferAction::Publish { review: true }, 5)
                    .map_err(|e| StoreError::Conflict {
                        what: e.to_string(),
                    })
            })
            .unwrap();
        let (approved, first) = store
            .update_offer(a.id, Some(UserId(2)), Some(mail()), |o| {
                o.apply(&OfferAction::Approve, 6)
                    .map_err(|e| StoreError::Conflict {
                        what: e.to_string(),
                    })
            })
            .unwrap();
        assert!(first);
        assert_eq!(approved.state, RecordState::Published);
        assert_eq!(store.outbox_counts().unwrap().pending, 1);
        assert_eq!(
            store.offers_in_state(RecordState::Published).unwrap().len(),
            1
        );
        assert!(
            store
                .update_offer(OfferId(99), None, None, |_| Ok(()))
                .is_err()
        );
    }
}
