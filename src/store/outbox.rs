//! The e-mail outbox: every message the platform sends, from the moment it is written until it
//! is delivered or given up, and afterwards for the admins' outbox page.
//!
//! Two index tables keep the sender's and the page's reads short however long the outbox grows:
//! pending messages by their next attempt, and every message by its status.

use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::records::record_in;
use super::tables::{OUTBOX, OUTBOX_BY_STATUS, OUTBOX_DUE};
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::mail::{MailId, MailStatus, MailStatusKind, OutgoingMail, RetryPolicy};

const TABLE_NAME: &str = "outbox_v1";

/// The longest error text kept on a message.
const MAX_ERROR_CHARS: usize = 500;

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

impl Store {
    /// Puts a message in the outbox (in its own transaction) and returns its new id. The message
    /// is stored as pending whatever its status said; its `next_attempt` is kept.
    pub fn enqueue_mail(&self, mail: OutgoingMail) -> Result<MailId, StoreError> {
        self.write("queueing an e-mail", |txn| enqueue_in(txn, mail))
    }

    pub fn mail(&self, id: MailId) -> Result<Option<OutgoingMail>, StoreError> {
        self.record(OUTBOX, id.0, "e-mail")
    }

    /// Pending messages whose next attempt is at or before `now`, the longest waiting first,
    /// at most `limit`.
    pub fn due_mail(&self, now: Timestamp, limit: usize) -> Result<Vec<OutgoingMail>, StoreError> {
        let txn = self.read("reading due e-mail")?;
        let due = txn
            .open_table(OUTBOX_DUE)
            .map_err(StoreError::db("opening the outbox"))?;
        let table = txn
            .open_table(OUTBOX)
            .map_err(StoreError::db("opening the outbox"))?;
        let mut out = Vec::new();
        for entry in due
            .range(..=(now, u64::MAX))
            .map_err(StoreError::db("reading due e-mail"))?
            .take(limit)
        {
            let (key, _) = entry.map_err(StoreError::db("reading due e-mail"))?;
            let (_, id) = key.value();
            if let Some(value) = table.get(id).map_err(StoreError::db("reading an e-mail"))? {
                out.push(decode(value.value(), &format!("e-mail {id}"))?);
            }
        }
        Ok(out)
    }

    /// When the earliest pending message is due, or `None` when nothing is pending.
    pub fn next_mail_due(&self) -> Result<Option<Timestamp>, StoreError> {
        let txn = self.read("reading due e-mail")?;
        let due = txn
            .open_table(OUTBOX_DUE)
            .map_err(StoreError::db("opening the outbox"))?;
        let first = due.first().map_err(StoreError::db("reading due e-mail"))?;
        Ok(first.map(|(key, _)| key.value().0))
    }

    /// Records a delivery. Returns `false` (and changes nothing) when the message is gone or no
    /// longer pending.
    pub fn mark_mail_sent(&self, id: MailId, at: Timestamp) -> Result<bool, StoreError> {
        self.write("marking an e-mail sent", |txn| {
            update_pending(txn, id, None, |mail| {
                mail.status = MailStatus::Sent { at };
                mail.last_error = None;
            })
        })
    }

    /// Records a failed attempt at `now`: the message is tried again after the policy's delay,
    /// or marked `Failed` when the policy gives up (or at once when `permanent`). Returns the
    /// message as stored, or `None` when it is gone or no longer pending.
    pub fn mark_mail_failed_attempt(
        &self,
        id: MailId,
        error: &str,
        permanent: bool,
        now: Timestamp,
        policy: &RetryPolicy,
    ) -> Result<Option<OutgoingMail>, StoreError> {
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        self.write("recording a failed e-mail delivery", |txn| {
            let mut stored = None;
            update_pending(txn, id, None, |mail| {
                mail.attempts = mail.attempts.saturating_add(1);
                mail.last_error = Some(error);
                match policy.delay_after(mail.attempts) {
                    Some(delay) if !permanent => {
                        mail.next_attempt = now.saturating_add(delay);
                    }
                    _ => mail.status = MailStatus::Failed,
                }
                stored = Some(mail.clone());
            })?;
            Ok(stored)
        })
    }

    /// Puts a failed (or pending) message back in the queue, due at `now`, with a fresh count of
    /// attempts: what an admin does after fixing the SMTP settings. Returns `false` when the
    /// message is gone or already sent.
    pub fn retry_mail(
        &self,
        id: MailId,
        now: Timestamp,
        author: Option<u64>,
    ) -> Result<bool, StoreError> {
        self.write("queueing an e-mail again", |txn| {
            let Some(mut mail) = read_in(txn, id)? else {
                return Ok(false);
            };
            if matches!(mail.status, MailStatus::Sent { .. }) {
                return Ok(false);
            }
            let old = mail.clone();
            mail.status = MailStatus::Pending;
            mail.attempts = 0;
            mail.next_attempt = now;
            replace_in(txn, &old, &mail)?;
            changelog::record(txn, TABLE_NAME, id.0, ChangeOp::Update, author)?;
            Ok(true)
        })
    }

    /// One page (counted from 1) of the outbox, newest first, optionally only messages in one
    /// state, with the number of messages that match.
    pub fn outbox(
        &self,
        page: usize,
        per_page: usize,
        status: Option<MailStatusKind>,
    ) -> Result<(u64, Vec<OutgoingMail>), StoreError> {
        let skip = page.saturating_sub(1).saturating_mul(per_page);
        let txn = self.read("reading the outbox")?;
        let table = txn
            .open_table(OUTBOX)
            .map_err(StoreError::db("opening the outbox"))?;
        let ids: Vec<u64>;
        let total;
        match status {
            None => {
                total = table.len().map_err(StoreError::db("counting e-mail"))?;
                ids = table
                    .iter()
                    .map_err(StoreError::db("reading the outbox"))?
                    .rev()
                    .skip(skip)
                    .take(per_page)
                    .map(|entry| entry.map(|(k, _)| k.value()))
                    .collect::<Result<_, _>>()
                    .map_err(StoreError::db("reading the outbox"))?;
            }
            Some(kind) => {
                let by_status = txn
                    .open_table(OUTBOX_BY_STATUS)
                    .map_err(StoreError::db("opening the outbox"))?;
                let code = kind.code();
                total = count_range(&by_status, code)?;
                ids = by_status
                    .range((code, 0)..=(code, u64::MAX))
                    .map_err(StoreError::db("reading the outbox"))?
                    .rev()
                    .skip(skip)
                    .take(per_page)
                    .map(|entry| entry.map(|(k, _)| k.value().1))
                    .collect::<Result<_, _>>()
                    .map_err(StoreError::db("reading the outbox"))?;
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(value) = table.get(id).map_err(StoreError::db("reading an e-mail"))? {
                out.push(decode(value.value(), &format!("e-mail {id}"))?);
            }
        }
        Ok((total, out))
    }

    /// How many messages are pending, sent and failed.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let txn = self.read("counting e-mail")?;
        let by_status = txn
            .open_table(OUTBOX_BY_STATUS)
            .map_err(StoreError::db("opening the outbox"))?;
        Ok(OutboxCounts {
            pending: count_range(&by_status, MailStatusKind::Pending.code())?,
            sent: count_range(&by_status, MailStatusKind::Sent.code())?,
            failed: count_range(&by_status, MailStatusKind::Failed.code())?,
        })
    }
}

/// Puts a message in the outbox inside `txn`, so that it commits together with the change that
/// caused it (a new account and its verification mail) or not at all.
pub(crate) fn enqueue_in(
    txn: &WriteTransaction,
    mut mail: OutgoingMail,
) -> Result<MailId, StoreError> {
    let id = {
        let table = txn
            .open_table(OUTBOX)
            .map_err(StoreError::db("opening the outbox"))?;
        let last = table
            .last()
            .map_err(StoreError::db("reading the outbox"))?
            .map(|(k, _)| k.value())
            .unwrap_or(0);
        last + 1
    };
    mail.id = MailId(id);
    mail.status = MailStatus::Pending;
    write_record(txn, &mail)?;
    index(txn, &mail, true)?;
    changelog::record(txn, TABLE_NAME, id, ChangeOp::Insert, None)?;
    Ok(mail.id)
}

fn read_in(txn: &WriteTransaction, id: MailId) -> Result<Option<OutgoingMail>, StoreError> {
    record_in(txn, OUTBOX, id.0, "e-mail")
}

/// Applies `change` to a pending message and records it; `false` when there is no such
/// pending message.
fn update_pending(
    txn: &WriteTransaction,
    id: MailId,
    author: Option<u64>,
    change: impl FnOnce(&mut OutgoingMail),
) -> Result<bool, StoreError> {
    let Some(old) = read_in(txn, id)? else {
        return Ok(false);
    };
    if old.status != MailStatus::Pending {
        return Ok(false);
    }
    let mut mail = old.clone();
    change(&mut mail);
    mail.id = id;
    replace_in(txn, &old, &mail)?;
    changelog::record(txn, TABLE_NAME, id.0, ChangeOp::Update, author)?;
    Ok(true)
}

fn replace_in(
    txn: &WriteTransaction,
    old: &OutgoingMail,
    mail: &OutgoingMail,
) -> Result<(), StoreError> {
    index(txn, old, false)?;
    write_record(txn, mail)?;
    index(txn, mail, true)
}

fn write_record(txn: &WriteTransaction, mail: &OutgoingMail) -> Result<(), StoreError> {
    let mut table = txn
        .open_table(OUTBOX)
        .map_err(StoreError::db("opening the outbox"))?;
    table
        .insert(
            mail.id.0,
            encode(mail, &format!("e-mail {}", mail.id.0))?.as_slice(),
        )
        .map_err(StoreError::db("writing an e-mail"))?;
    Ok(())
}

/// Adds (`present`) or removes the index entries of `mail` as it is now.
fn index(txn: &WriteTransaction, mail: &OutgoingMail, present: bool) -> Result<(), StoreError> {
    let mut by_status = txn
        .open_table(OUTBOX_BY_STATUS)
        .map_err(StoreError::db("opening the outbox"))?;
    let mut due = txn
        .open_table(OUTBOX_DUE)
        .map_err(StoreError::db("opening the outbox"))?;
    let status_key = (mail.status.kind().code(), mail.id.0);
    let due_key = (mail.next_attempt, mail.id.0);
    let pending = mail.status == MailStatus::Pending;
    if present {
        by_status
            .insert(status_key, ())
            .map_err(StoreError::db("indexing an e-mail"))?;
        if pending {
            due.insert(due_key, ())
                .map_err(StoreError::db("indexing an e-mail"))?;
        }
    } else {
        by_status
            .remove(status_key)
            .map_err(StoreError::db("indexing an e-mail"))?;
        if pending {
            due.remove(due_key)
                .map_err(StoreError::db("indexing an e-mail"))?;
        }
    }
    Ok(())
}

fn count_range(table: &impl ReadableTable<(u8, u64), ()>, code: u8) -> Result<u64, StoreError> {
    let mut count = 0;
    for entry in table
        .range((code, 0)..=(code, u64::MAX))
        .map_err(StoreError::db("counting e-mail"))?
    {
        entry.map_err(StoreError::db("counting e-mail"))?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::MailContent;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn mail(to: &str, now: Timestamp) -> OutgoingMail {
        OutgoingMail::new(
            to,
            MailContent {
                subject: "Potwierdź adres e-mail".to_string(),
                text: "Dzień dobry, żółć".to_string(),
                html: "<p>Dzień dobry, żółć</p>".to_string(),
            },
            "weryfikacja",
            now,
        )
    }

    #[test]
    fn a_queued_message_reads_back_the_same_and_is_due() {
        let (_dir, store) = store();
        let before = store.changelog_position().unwrap();
        let id = store.enqueue_mail(mail("anna@example.pl", 100)).unwrap();
        assert_eq!(id, MailId(1));
        let stored = store.mail(id).unwrap().unwrap();
        assert_eq!(
            stored,
            OutgoingMail {
                id,
                ..mail("anna@example.pl", 100)
            }
        );
        assert_eq!(store.changelog_position().unwrap(), before + 1);
        assert_eq!(store.due_mail(99, 10).unwrap(), vec![]);
        assert_eq!(store.due_mail(100, 10).unwrap(), vec![stored]);
        assert_eq!(store.next_mail_due().unwrap(), Some(100));
    }

    #[test]
    fn due_mail_comes_oldest_due_first_and_respects_the_limit() {
        let (_dir, store) = store();
        let late = store.enqueue_mail(mail("a@example.pl", 50)).unwrap();
        let early = store.enqueue_mail(mail("b@example.pl", 10)).unwrap();
        let _future = store.enqueue_mail(mail("c@example.pl", 500)).unwrap();
        let due: Vec<MailId> = store
            .due_mail(100, 10)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(due, [early, late]);
        assert_eq!(store.due_mail(100, 1).unwrap().len(), 1);
    }

    #[test]
    fn a_sent_message_leaves_the_queue() {
        let (_dir, store) = store();
        let id = store.enqueue_mail(mail("a@example.pl", 10)).unwrap();
        assert!(store.mark_mail_sent(id, 20).unwrap());
        let stored = store.mail(id).unwrap().unwrap();
        assert_eq!(stored.status, MailStatus::Sent { at: 20 });
        assert!(store.due_mail(1000, 10).unwrap().is_empty());
        assert_eq!(store.next_mail_due().unwrap(), None);
        // A second report changes nothing.
        assert!(!store.mark_mail_sent(id, 30).unwrap());
        assert!(!store.mark_mail_sent(MailId(99), 30).unwrap());
    }

    #[test]
    fn failed_attempts_back_off_and_finally_give_up() {
        let (_dir, store) = store();
        let policy = RetryPolicy {
            first_delay: 60,
            max_delay: 3600,
            max_attempts: 3,
        };
        let id = store.enqueue_mail(mail("a@example.pl", 0)).unwrap();

        let first = store
            .mark_mail_failed_attempt(id, "brak połączenia", false, 1000, &policy)
            .unwrap()
            .unwrap();
        assert_eq!(first.attempts, 1);
        assert_eq!(first.next_attempt, 1060);
        assert_eq!(first.status, MailStatus::Pending);
        assert_eq!(first.last_error.as_deref(), Some("brak połączenia"));
        assert!(store.due_mail(1059, 10).unwrap().is_empty());
        assert_eq!(store.due_mail(1060, 10).unwrap(), vec![first]);

        let second = store
            .mark_mail_failed_attempt(id, "znowu", false, 1060, &policy)
            .unwrap()
            .unwrap();
        assert_eq!(second.next_attempt, 1180);

        let third = store
            .mark_mail_failed_attempt(id, "i znowu", false, 1180, &policy)
            .unwrap()
            .unwrap();
        assert_eq!(third.status, MailStatus::Failed);
        assert_eq!(third.attempts, 3);
        assert_eq!(store.next_mail_due().unwrap(), None);
        assert_eq!(
            store.outbox_counts().unwrap(),
            OutboxCounts {
                pending: 0,
                sent: 0,
                failed: 1
            }
        );
        // Given up: further reports are ignored.
        assert_eq!(
            store
                .mark_mail_failed_attempt(id, "x", false, 2000, &policy)
                .unwrap(),
            None
        );
    }

    #[test]
    fn a_permanent_error_gives_up_at_once_and_an_admin_can_retry() {
        let (_dir, store) = store();
        let id = store.enqueue_mail(mail("zły adres", 0)).unwrap();
        let failed = store
            .mark_mail_failed_attempt(id, "zły adres", true, 10, &RetryPolicy::default())
            .unwrap()
            .unwrap();
        assert_eq!(failed.status, MailStatus::Failed);

        assert!(store.retry_mail(id, 50, Some(7)).unwrap());
        let again = store.mail(id).unwrap().unwrap();
        assert_eq!(again.status, MailStatus::Pending);
        assert_eq!(again.attempts, 0);
        assert_eq!(store.due_mail(50, 10).unwrap(), vec![again]);
        let last = store.changes_since(0, 100).unwrap().pop().unwrap();
        assert_eq!((last.table.as_str(), last.author), ("outbox_v1", Some(7)));

        store.mark_mail_sent(id, 60).unwrap();
        assert!(!store.retry_mail(id, 70, None).unwrap());
    }

    #[test]
    fn very_long_errors_are_cut() {
        let (_dir, store) = store();
        let id = store.enqueue_mail(mail("a@example.pl", 0)).unwrap();
        let long = "ź".repeat(5000);
        let stored = store
            .mark_mail_failed_attempt(id, &long, false, 0, &RetryPolicy::default())
            .unwrap()
            .unwrap();
        assert_eq!(stored.last_error.unwrap().chars().count(), MAX_ERROR_CHARS);
    }

    #[test]
    fn the_outbox_page_is_newest_first_and_filters_by_status() {
        let (_dir, store) = store();
        let ids: Vec<MailId> = (0..5)
            .map(|i| {
                store
                    .enqueue_mail(mail(&format!("{i}@example.pl"), i))
                    .unwrap()
            })
            .collect();
        store.mark_mail_sent(ids[1], 10).unwrap();
        store.mark_mail_sent(ids[3], 10).unwrap();

        let page_ids = |page, per_page, status| {
            let (total, mails) = store.outbox(page, per_page, status).unwrap();
            (total, mails.iter().map(|m| m.id.0).collect::<Vec<_>>())
        };
        assert_eq!(page_ids(1, 2, None), (5, vec![5, 4]));
        assert_eq!(page_ids(3, 2, None), (5, vec![1]));
        assert_eq!(page_ids(4, 2, None), (5, vec![]));
        assert_eq!(page_ids(1, 10, Some(MailStatusKind::Sent)), (2, vec![4, 2]));
        assert_eq!(
            page_ids(1, 2, Some(MailStatusKind::Pending)),
            (3, vec![5, 3])
        );
        assert_eq!(page_ids(1, 10, Some(MailStatusKind::Failed)), (0, vec![]));
        // Page 0 is read as page 1.
        assert_eq!(page_ids(0, 1, None), (5, vec![5]));
        assert_eq!(
            store.outbox_counts().unwrap(),
            OutboxCounts {
                pending: 3,
                sent: 2,
                failed: 0
            }
        );
    }

    #[test]
    fn a_message_queued_with_another_write_commits_or_rolls_back_with_it() {
        let (_dir, store) = store();
        let failed: Result<(), StoreError> = store.write("test", |txn| {
            enqueue_in(txn, mail("a@example.pl", 0))?;
            Err(StoreError::Conflict {
                what: "the other write failed".to_string(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(store.outbox(1, 10, None).unwrap().0, 0);
        assert!(store.due_mail(0, 10).unwrap().is_empty());

        let id = store
            .write("test", |txn| enqueue_in(txn, mail("a@example.pl", 0)))
            .unwrap();
        assert_eq!(store.mail(id).unwrap().unwrap().to, "a@example.pl");
    }

    #[test]
    fn the_queue_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let store = Store::open(dir.path()).unwrap();
            store.enqueue_mail(mail("a@example.pl", 5)).unwrap()
        };
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.due_mail(5, 10).unwrap()[0].id, id);
    }
}
