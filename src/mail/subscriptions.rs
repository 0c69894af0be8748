//! Subscribers hear of new listings: at once when a listing is published, or in the morning
//! digest. Both queue their mail in the outbox in the same transaction that records what was
//! sent, so a crash neither loses nor repeats a mail.

use jiff::civil::Time;
use jiff::tz::TimeZone;

use super::exchange_messages::{self, unsubscribe_link};
use super::messages::MailSite;
use crate::domain::Timestamp;
use crate::domain::listing::Listing;
use crate::domain::mail::OutgoingMail;
use crate::store::{Store, StoreError};

/// Digests go out from this hour on (Polish time), once a day.
pub const DIGEST_HOUR: i8 = 7;

/// Records a publication and queues the mails of instant subscribers; returns how many.
pub fn listing_published(
    store: &Store,
    site: &MailSite,
    listing: &Listing,
    now: Timestamp,
) -> Result<usize, StoreError> {
    store.record_publication(listing, |subscription| {
        let content = exchange_messages::new_listing(site, listing, &subscription.key);
        OutgoingMail::new(&subscription.email, content, "subskrypcja", now)
            .with_unsubscribe(unsubscribe_link(site, &subscription.key))
    })
}

/// Queues the digests due at `now` (those not sent since this morning's digest hour, once it
/// has come) and forgets expired unconfirmed subscriptions. Returns the number of digests.
pub fn send_due_digests(
    store: &Store,
    site: &MailSite,
    now: Timestamp,
) -> Result<usize, StoreError> {
    store.purge_stale_subscriptions(now)?;
    let Some(due_before) = todays_digest_time(now) else {
        return Ok(0);
    };
    if now < due_before {
        return Ok(0);
    }
    // The mail is due at once even when `now` is a chosen moment (the test hook).
    let queued_at = crate::domain::now();
    store.queue_digests(due_before, now, |subscription, listings| {
        let content = exchange_messages::digest(site, listings, &subscription.key);
        OutgoingMail::new(&subscription.email, content, "zestawienie", queued_at)
            .with_unsubscribe(unsubscribe_link(site, &subscription.key))
    })
}

/// Today's digest hour in Europe/Warsaw as a timestamp.
fn todays_digest_time(now: Timestamp) -> Option<Timestamp> {
    let zone = TimeZone::get("Europe/Warsaw").ok()?;
    let local = jiff::Timestamp::from_second(now)
        .ok()?
        .to_zoned_datetime(zone.clone());
    let at = local
        .date()
        .to_datetime(Time::constant(DIGEST_HOUR, 0, 0, 0));
    Some(at.to_zoned_datetime(zone).ok()?.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_hour_is_seven_in_the_morning_polish_time_in_winter_and_summer() {
        // 2026-01-15 12:00 UTC = 13:00 in Warsaw; 07:00 CET = 06:00 UTC.
        assert_eq!(todays_digest_time(1_768_478_400), Some(1_768_456_800));
        // 2026-07-15 12:00 UTC = 14:00 in Warsaw; 07:00 CEST = 05:00 UTC.
        assert_eq!(todays_digest_time(1_784_116_800), Some(1_784_091_600));
    }
}
