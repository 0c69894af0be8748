//! Subscriptions and the record of publications they are served from. Each step — subscribing,
//! confirming, changing, leaving, a publication with its instant mails, a round of digests — is
//! one transaction with the mail it sends.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::ChangeOp;
use super::codec::{decode, encode};
use super::outbox::enqueue_in;
use super::records::{delete_record_in, next_id, put_record_in, record_in};
use super::tables::{
    PUBLISHED_LISTINGS, SUBSCRIPTION_CONFIRMATIONS, SUBSCRIPTION_KEYS, SUBSCRIPTIONS,
};
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::listing::Listing;
use crate::domain::mail::OutgoingMail;
use crate::domain::subscription::{Frequency, Subscription, SubscriptionId, Topic};
use crate::domain::user::UserId;

const WHAT: &str = "subscription";

/// A new, unconfirmed subscription.
pub struct NewSubscription {
    pub email: String,
    pub topics: Vec<Topic>,
    pub frequency: Frequency,
    pub user: Option<UserId>,
    /// The secret of the subscription's links.
    pub key: String,
    /// SHA-256 of the confirmation token mailed to the address.
    pub confirmation_hash: [u8; 32],
}

impl Store {
    /// Stores an unconfirmed subscription and queues its confirmation mail.
    pub fn subscribe(
        &self,
        new: NewSubscription,
        confirmation_mail: OutgoingMail,
        now: Timestamp,
    ) -> Result<Subscription, StoreError> {
        self.write("subscribing", |txn| {
            let id = SubscriptionId(next_id(txn, SUBSCRIPTIONS)?);
            let subscription = Subscription {
                id,
                email: new.email.clone(),
                topics: new.topics.clone(),
                frequency: new.frequency,
                confirmed: None,
                key: new.key.clone(),
                sent_up_to: 0,
                last_digest: now,
                user: new.user,
                created: now,
                updated: now,
            };
            put_record_in(
                txn,
                SUBSCRIPTIONS,
                id.0,
                &subscription,
                ChangeOp::Insert,
                None,
            )?;
            txn.open_table(SUBSCRIPTION_KEYS)
                .map_err(StoreError::db("opening subscription keys"))?
                .insert(new.key.as_str(), id.0)
                .map_err(StoreError::db("writing a subscription key"))?;
            txn.open_table(SUBSCRIPTION_CONFIRMATIONS)
                .map_err(StoreError::db("opening subscription confirmations"))?
                .insert(new.confirmation_hash.as_slice(), id.0)
                .map_err(StoreError::db("writing a subscription confirmation"))?;
            enqueue_in(txn, confirmation_mail.clone())?;
            Ok(subscription)
        })
    }

    /// Confirms the subscription whose token hashes to `hash`. An earlier confirmed
    /// subscription of the same address is replaced: one address, one set of choices.
    /// `None` when the link is unknown, used or expired.
    pub fn confirm_subscription(
        &self,
        hash: &[u8; 32],
        now: Timestamp,
    ) -> Result<Option<Subscription>, StoreError> {
        self.write("confirming a subscription", |txn| {
            let id = txn
                .open_table(SUBSCRIPTION_CONFIRMATIONS)
                .map_err(StoreError::db("opening subscription confirmations"))?
                .remove(hash.as_slice())
                .map_err(StoreError::db("reading subscription confirmations"))?
                .map(|v| v.value());
            let Some(id) = id else { return Ok(None) };
            let Some(mut subscription) = record_in::<Subscription>(txn, SUBSCRIPTIONS, id, WHAT)?
            else {
                return Ok(None);
            };
            if subscription.is_stale(now) {
                remove_in(txn, &subscription)?;
                return Ok(None);
            }
            for older in all_in(txn)? {
                if older.id != subscription.id
                    && older.email == subscription.email
                    && older.confirmed.is_some()
                {
                    remove_in(txn, &older)?;
                }
            }
            subscription.confirmed = Some(now);
            subscription.sent_up_to = last_publication(txn)?;
            subscription.last_digest = now;
            subscription.updated = now;
            put_record_in(
                txn,
                SUBSCRIPTIONS,
                id,
                &subscription,
                ChangeOp::Update,
                None,
            )?;
            Ok(Some(subscription))
        })
    }

    /// The subscription whose links carry `key`.
    pub fn subscription_by_key(&self, key: &str) -> Result<Option<Subscription>, StoreError> {
        let id = {
            let txn = self.read("reading a subscription")?;
            let keys = txn
                .open_table(SUBSCRIPTION_KEYS)
                .map_err(StoreError::db("opening subscription keys"))?;
            let found = keys
                .get(key)
                .map_err(StoreError::db("reading subscription keys"))?;
            found.map(|v| v.value())
        };
        match id {
            Some(id) => self.record(SUBSCRIPTIONS, id, WHAT),
            None => Ok(None),
        }
    }

    /// Changes what a confirmed subscription sends; `None` when the key is unknown.
    pub fn change_subscription(
        &self,
        key: &str,
        topics: Vec<Topic>,
        frequency: Frequency,
        now: Timestamp,
    ) -> Result<Option<Subscription>, StoreError> {
        self.write("changing a subscription", |txn| {
            let Some(mut subscription) = by_key_in(txn, key)? else {
                return Ok(None);
            };
            if subscription.frequency != frequency {
                // A daily digest starts from now, not from the day the subscriber joined.
                subscription.sent_up_to = last_publication(txn)?;
                subscription.last_digest = now;
            }
            subscription.topics = topics.clone();
            subscription.frequency = frequency;
            subscription.updated = now;
            put_record_in(
                txn,
                SUBSCRIPTIONS,
                subscription.id.0,
                &subscription,
                ChangeOp::Update,
                None,
            )?;
            Ok(Some(subscription))
        })
    }

    /// Ends the subscription whose links carry `key`; `false` when there is none (already
    /// ended: unsubscribing twice is not an error for the person clicking).
    pub fn unsubscribe(&self, key: &str) -> Result<bool, StoreError> {
        self.write("ending a subscription", |txn| match by_key_in(txn, key)? {
            Some(subscription) => remove_in(txn, &subscription).map(|_| true),
            None => Ok(false),
        })
    }

    /// Every subscription (the admin overview, tests).
    pub fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        super::records::all_records(self, SUBSCRIPTIONS, WHAT)
    }

    /// Records that `listing` has just been published and queues the mail of every confirmed
    /// instant subscriber who wants it, made by `mail_for`. Returns the number queued.
    pub fn record_publication(
        &self,
        listing: &Listing,
        mail_for: impl Fn(&Subscription) -> OutgoingMail,
    ) -> Result<usize, StoreError> {
        self.write("recording a publication", |txn| {
            let mut published = txn
                .open_table(PUBLISHED_LISTINGS)
                .map_err(StoreError::db("opening publications"))?;
            let seq = published
                .last()
                .map_err(StoreError::db("reading publications"))?
                .map_or(1, |(k, _)| k.value() + 1);
            published
                .insert(seq, encode(listing, "publication")?.as_slice())
                .map_err(StoreError::db("writing a publication"))?;
            drop(published);
            let mut queued = 0;
            for subscription in all_in(txn)? {
                if subscription.frequency == Frequency::Instant && subscription.wants(listing) {
                    enqueue_in(txn, mail_for(&subscription))?;
                    queued += 1;
                }
            }
            Ok(queued)
        })
    }

    /// Queues the daily digest of every confirmed daily subscriber not served since
    /// `due_before`: the listings they want published since their last digest (no mail when
    /// there are none). Returns the number of digests queued.
    pub fn queue_digests(
        &self,
        due_before: Timestamp,
        now: Timestamp,
        mail_for: impl Fn(&Subscription, &[Listing]) -> OutgoingMail,
    ) -> Result<usize, StoreError> {
        self.write("queueing digests", |txn| {
            let due: Vec<Subscription> = all_in(txn)?
                .into_iter()
                .filter(|s| {
                    s.frequency == Frequency::Daily
                        && s.confirmed.is_some()
                        && s.last_digest < due_before
                })
                .collect();
            let Some(oldest) = due.iter().map(|s| s.sent_up_to).min() else {
                return Ok(0);
            };
            let publications = publications_after(txn, oldest)?;
            let newest = last_publication(txn)?;
            let mut queued = 0;
            for mut subscription in due {
                let wanted: Vec<Listing> = publications
                    .iter()
                    .filter(|(seq, l)| *seq > subscription.sent_up_to && subscription.wants(l))
                    .map(|(_, l)| l.clone())
                    .collect();
                if !wanted.is_empty() {
                    enqueue_in(txn, mail_for(&subscription, &wanted))?;
                    queued += 1;
                }
                subscription.sent_up_to = newest;
                subscription.last_digest = now;
                put_record_in(
                    txn,
                    SUBSCRIPTIONS,
                    subscription.id.0,
                    &subscription,
                    ChangeOp::Update,
                    None,
                )?;
            }
            Ok(queued)
        })
    }

    /// Forgets unconfirmed subscriptions whose link has expired. Returns how many.
    pub fn purge_stale_subscriptions(&self, now: Timestamp) -> Result<usize, StoreError> {
        self.write("forgetting unconfirmed subscriptions", |txn| {
            let stale: Vec<Subscription> = all_in(txn)?
                .into_iter()
                .filter(|s| s.is_stale(now))
                .collect();
            for subscription in &stale {
                remove_in(txn, subscription)?;
            }
            Ok(stale.len())
        })
    }
}

/// Ends the subscriptions an account made (its owner deleted it).
pub(crate) fn forget_user_in(txn: &WriteTransaction, user: UserId) -> Result<(), StoreError> {
    for subscription in all_in(txn)? {
        if subscription.user == Some(user) {
            remove_in(txn, &subscription)?;
        }
    }
    Ok(())
}

fn by_key_in(txn: &WriteTransaction, key: &str) -> Result<Option<Subscription>, StoreError> {
    let id = txn
        .open_table(SUBSCRIPTION_KEYS)
        .map_err(StoreError::db("opening subscription keys"))?
        .get(key)
        .map_err(StoreError::db("reading subscription keys"))?
        .map(|v| v.value());
    match id {
        Some(id) => record_in(txn, SUBSCRIPTIONS, id, WHAT),
        None => Ok(None),
    }
}

fn all_in(txn: &WriteTransaction) -> Result<Vec<Subscription>, StoreError> {
    let table = txn
        .open_table(SUBSCRIPTIONS)
        .map_err(StoreError::db("opening subscriptions"))?;
    let mut out = Vec::new();
    for entry in table
        .iter()
        .map_err(StoreError::db("reading subscriptions"))?
    {
        let (key, value) = entry.map_err(StoreError::db("reading subscriptions"))?;
        out.push(decode(value.value(), &format!("{WHAT} {}", key.value()))?);
    }
    Ok(out)
}

/// Deletes a subscription with its key and any pending confirmation.
fn remove_in(txn: &WriteTransaction, subscription: &Subscription) -> Result<(), StoreError> {
    delete_record_in(txn, SUBSCRIPTIONS, subscription.id.0, None)?;
    txn.open_table(SUBSCRIPTION_KEYS)
        .map_err(StoreError::db("opening subscription keys"))?
        .remove(subscription.key.as_str())
        .map_err(StoreError::db("deleting a subscription key"))?;
    let mut confirmations = txn
        .open_table(SUBSCRIPTION_CONFIRMATIONS)
        .map_err(StoreError::db("opening subscription confirmations"))?;
    let pending: Vec<Vec<u8>> = confirmations
        .iter()
        .map_err(StoreError::db("reading subscription confirmations"))?
        .filter_map(Result::ok)
        .filter(|(_, id)| id.value() == subscription.id.0)
        .map(|(hash, _)| hash.value().to_vec())
        .collect();
    for hash in pending {
        confirmations
            .remove(hash.as_slice())
            .map_err(StoreError::db("deleting a subscription confirmation"))?;
    }
    Ok(())
}

/// The number of the newest recorded publication (0 when there is none).
fn last_publication(txn: &WriteTransaction) -> Result<u64, StoreError> {
    let table = txn
        .open_table(PUBLISHED_LISTINGS)
        .map_err(StoreError::db("opening publications"))?;
    let last = table
        .last()
        .map_err(StoreError::db("reading publications"))?;
    Ok(last.map_or(0, |(k, _)| k.value()))
}

/// The publications numbered above `after`, oldest first.
fn publications_after(
    txn: &WriteTransaction,
    after: u64,
) -> Result<Vec<(u64, Listing)>, StoreError> {
    let table = txn
        .open_table(PUBLISHED_LISTINGS)
        .map_err(StoreError::db("opening publications"))?;
    let mut out = Vec::new();
    for entry in table
        .range(after + 1..)
        .map_err(StoreError::db("reading publications"))?
    {
        let (key, value) = entry.map_err(StoreError::db("reading publications"))?;
        let listing: Listing = decode(value.value(), &format!("publication {}", key.value()))?;
        out.push((key.value(), listing));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::listing::ListingKind;
    use crate::domain::mail::MailContent;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn mail(to: &str, subject: &str) -> OutgoingMail {
        let content = MailContent {
            subject: subject.to_string(),
            text: String::new(),
            html: String::new(),
        };
        OutgoingMail::new(to, content, "subskrypcja", 0)
    }

    fn new(email: &str, frequency: Frequency, key: &str, token: u8) -> NewSubscription {
        NewSubscription {
            email: email.into(),
            topics: vec![Topic {
                kind: ListingKind::Offer,
                categories: vec![],
            }],
            frequency,
            user: None,
            key: key.into(),
            confirmation_hash: [token; 32],
        }
    }

    fn listing(id: u64, published: Timestamp) -> Listing {
        Listing {
            kind: ListingKind::Offer,
            id,
            slug: format!("oferta-{id}"),
            title: format!("Oferta {id}"),
            category: "gastronomia/catering".into(),
            category_label: "Gastronomia › Catering".into(),
            summary: String::new(),
            published,
            organization: None,
            author: None,
        }
    }

    fn pending_subjects(store: &Store) -> Vec<String> {
        store
            .due_mail(i64::MAX, 100)
            .unwrap()
            .into_iter()
            .map(|m| format!("{} {}", m.to, m.subject))
            .collect()
    }

    #[test]
    fn nothing_but_the_confirmation_reaches_an_unconfirmed_address() {
        let (_dir, store) = store();
        store
            .subscribe(
                new("a@example.pl", Frequency::Instant, "ka", 1),
                mail("a@example.pl", "potwierdź"),
                100,
            )
            .unwrap();
        assert_eq!(
            store
                .record_publication(&listing(1, 200), |s| mail(&s.email, "nowa"))
                .unwrap(),
            0
        );
        assert!(store.confirm_subscription(&[1; 32], 300).unwrap().is_some());
        assert!(
            store.confirm_subscription(&[1; 32], 301).unwrap().is_none(),
            "a link works once"
        );
        assert_eq!(
            store
                .record_publication(&listing(2, 400), |s| mail(&s.email, "nowa"))
                .unwrap(),
            1
        );
        assert_eq!(
            pending_subjects(&store),
            vec!["a@example.pl potwierdź", "a@example.pl nowa"]
        );
    }

    #[test]
    fn a_confirmation_link_expires_and_a_new_confirmation_replaces_the_old_choices() {
        let (_dir, store) = store();
        store
            .subscribe(
                new("a@example.pl", Frequency::Instant, "k1", 1),
                mail("a@example.pl", "p"),
                0,
            )
            .unwrap();
        let late = crate::domain::subscription::CONFIRMATION_VALID_SECS + 1;
        assert!(
            store
                .confirm_subscription(&[1; 32], late)
                .unwrap()
                .is_none()
        );
        assert!(store.subscriptions().unwrap().is_empty());

        store
            .subscribe(
                new("a@example.pl", Frequency::Instant, "k2", 2),
                mail("a@example.pl", "p"),
                0,
            )
            .unwrap();
        store.confirm_subscription(&[2; 32], 10).unwrap().unwrap();
        store
            .subscribe(
                new("a@example.pl", Frequency::Daily, "k3", 3),
                mail("a@example.pl", "p"),
                20,
            )
            .unwrap();
        store.confirm_subscription(&[3; 32], 30).unwrap().unwrap();
        let left = store.subscriptions().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].frequency, Frequency::Daily);
        assert!(store.subscription_by_key("k2").unwrap().is_none());
    }

    #[test]
    fn a_digest_sends_what_is_new_once_and_nothing_when_nothing_is_new() {
        let (_dir, store) = store();
        store
            .subscribe(
                new("d@example.pl", Frequency::Daily, "kd", 4),
                mail("d@example.pl", "p"),
                0,
            )
            .unwrap();
        store
            .record_publication(&listing(1, 50), |_| unreachable!())
            .unwrap();
        store.confirm_subscription(&[4; 32], 100).unwrap();
        // Published in the very second of the confirmation: still new to the subscriber.
        store
            .record_publication(&listing(2, 100), |_| unreachable!())
            .unwrap();
        store
            .record_publication(&listing(3, 160), |_| unreachable!())
            .unwrap();
        let seen = std::cell::RefCell::new(Vec::new());
        let queued = store
            .queue_digests(1_000, 1_000, |s, listings| {
                seen.borrow_mut().extend(listings.iter().map(|l| l.id));
                mail(&s.email, "zestawienie")
            })
            .unwrap();
        assert_eq!(queued, 1);
        assert_eq!(*seen.borrow(), vec![2, 3]);
        assert_eq!(
            store
                .queue_digests(2_000, 2_000, |_, _| unreachable!())
                .unwrap(),
            0
        );
    }

    #[test]
    fn unsubscribing_removes_the_subscription_and_its_links() {
        let (_dir, store) = store();
        store
            .subscribe(
                new("u@example.pl", Frequency::Instant, "ku", 5),
                mail("u@example.pl", "p"),
                0,
            )
            .unwrap();
        assert!(store.unsubscribe("ku").unwrap());
        assert!(!store.unsubscribe("ku").unwrap());
        assert!(store.confirm_subscription(&[5; 32], 1).unwrap().is_none());
        assert!(store.subscriptions().unwrap().is_empty());
    }
}
