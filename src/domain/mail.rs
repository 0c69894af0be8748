//! Outgoing e-mail: a message waiting in the outbox, its delivery state, and the retry rule.
//!
//! The outbox in the store is the only place a message lives, so nothing is lost when the
//! server stops; the background sender in `crate::mail` moves messages from `Pending` to `Sent`
//! or, after too many failed attempts, to `Failed`.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// Id of a message in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MailId(pub u64);

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailStatus {
    /// Waiting for (another) delivery attempt at `next_attempt`.
    Pending,
    /// Accepted by the SMTP server.
    Sent { at: Timestamp },
    /// Given up after too many failed attempts (or an error that cannot go away by retrying).
    Failed,
}

/// The status without its data: for filters and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatusKind {
    Pending,
    Sent,
    Failed,
}

impl MailStatus {
    pub fn kind(&self) -> MailStatusKind {
        match self {
            MailStatus::Pending => MailStatusKind::Pending,
            MailStatus::Sent { .. } => MailStatusKind::Sent,
            MailStatus::Failed => MailStatusKind::Failed,
        }
    }
}

impl MailStatusKind {
    pub const ALL: [MailStatusKind; 3] = [
        MailStatusKind::Pending,
        MailStatusKind::Sent,
        MailStatusKind::Failed,
    ];

    /// Stable code used as a key in the status index. Never renumber.
    pub fn code(self) -> u8 {
        match self {
            MailStatusKind::Pending => 0,
            MailStatusKind::Sent => 1,
            MailStatusKind::Failed => 2,
        }
    }

    /// Name for URLs and the API ("pending", "sent", "failed").
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatusKind::Pending => "pending",
            MailStatusKind::Sent => "sent",
            MailStatusKind::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<MailStatusKind> {
        MailStatusKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    /// Polish label for the outbox page.
    pub fn label(self) -> &'static str {
        match self {
            MailStatusKind::Pending => "oczekuje na wysłanie",
            MailStatusKind::Sent => "wysłana",
            MailStatusKind::Failed => "nie udało się wysłać",
        }
    }
}

/// Subject and the two bodies of a message: plain text and HTML with the same content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A message in the outbox. Stored as a msgpack map; fields added later need `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub id: MailId,
    /// One recipient address.
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub created: Timestamp,
    /// Failed delivery attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not to be tried before this time.
    pub next_attempt: Timestamp,
    /// What went wrong the last time (Polish, for the outbox page).
    #[serde(default)]
    pub last_error: Option<String>,
    pub status: MailStatus,
    /// Why it was sent, e.g. "weryfikacja", "reset-hasla" (filters, statistics, tests).
    #[serde(default)]
    pub purpose: String,
    /// For mail sent to subscribers: the one-click unsubscribe address, sent as the
    /// `List-Unsubscribe` headers (RFC 2369, RFC 8058) so mail programs offer a button.
    #[serde(default)]
    pub unsubscribe_url: Option<String>,
}

impl OutgoingMail {
    /// A new message, due at once. The store gives it its id when it is enqueued.
    pub fn new(
        to: impl Into<String>,
        content: MailContent,
        purpose: impl Into<String>,
        now: Timestamp,
    ) -> OutgoingMail {
        OutgoingMail {
            id: MailId(0),
            to: to.into(),
            subject: content.subject,
            text: content.text,
            html: content.html,
            created: now,
            attempts: 0,
            next_attempt: now,
            last_error: None,
            status: MailStatus::Pending,
            purpose: purpose.into(),
            unsubscribe_url: None,
        }
    }

    /// The same message with `List-Unsubscribe` headers pointing at `url`.
    pub fn with_unsubscribe(mut self, url: String) -> OutgoingMail {
        self.unsubscribe_url = Some(url);
        self
    }
}

/// When to try again after a failed delivery: exponential backoff with a cap, and a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Delay after the first failed attempt, in seconds.
    pub first_delay: i64,
    /// No delay is longer than this, in seconds.
    pub max_delay: i64,
    /// After this many failed attempts the message is marked `Failed`.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    /// 1, 2, 4, 8, 16, 32 minutes, then hourly; gives up after the 10th failure (≈ 4 h in all).
    fn default() -> RetryPolicy {
        RetryPolicy {
            first_delay: 60,
            max_delay: 60 * 60,
            max_attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// The delay in seconds after the `failures`-th failed attempt (counting from 1), or `None`
    /// when it is time to give up.
    pub fn delay_after(&self, failures: u32) -> Option<i64> {
        if failures >= self.max_attempts {
            return None;
        }
        let doublings = failures.saturating_sub(1).min(62);
        let delay = self
            .first_delay
            .max(1)
            .saturating_mul(1i64 << doublings)
            .min(self.max_delay.max(1));
        Some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_minute_up_to_an_hour() {
        let policy = RetryPolicy::default();
        let minutes: Vec<i64> = (1..10)
            .map(|n| policy.delay_after(n).expect("still retrying") / 60)
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let policy = RetryPolicy::default();
        assert!(policy.delay_after(9).is_some());
        assert_eq!(policy.delay_after(10), None);
        assert_eq!(policy.delay_after(u32::MAX), None);
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        let policy = RetryPolicy {
            first_delay: i64::MAX / 2,
            max_delay: i64::MAX,
            max_attempts: u32::MAX,
        };
        assert_eq!(policy.delay_after(200), Some(i64::MAX));
    }

    #[test]
    fn status_kinds_round_trip_through_their_names() {
        for kind in MailStatusKind::ALL {
            assert_eq!(MailStatusKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(MailStatusKind::parse("wysłana"), None);
        assert_eq!(MailStatus::Sent { at: 5 }.kind(), MailStatusKind::Sent);
    }

    #[test]
    fn a_record_without_the_optional_fields_still_reads() {
        #[derive(Serialize)]
        struct Old<'a> {
            id: u64,
            to: &'a str,
            subject: &'a str,
            text: &'a str,
            html: &'a str,
            created: i64,
            next_attempt: i64,
            status: MailStatus,
        }
        let bytes = rmp_serde::to_vec_named(&Old {
            id: 3,
            to: "a@b.pl",
            subject: "Temat",
            text: "t",
            html: "<p>t</p>",
            created: 1,
            next_attempt: 1,
            status: MailStatus::Pending,
        })
        .unwrap();
        let mail: OutgoingMail = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(mail.id, MailId(3));
        assert_eq!(mail.attempts, 0);
        assert_eq!(mail.last_error, None);
        assert_eq!(mail.purpose, "");
    }
}
