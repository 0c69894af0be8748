//! Abuse limits for log-in, registration, password reset and verification mails, kept in memory.
//!
//! **Algorithm: a sliding log.** For every (action, key) pair we keep the instants of the
//! attempts allowed within the rule's window — never more than the rule's limit of them. An
//! attempt is allowed while fewer than `limit` allowed attempts lie in the last `window`;
//! otherwise the answer is the time until the oldest of them leaves the window. That is exactly
//! "at most N in any period of this length", with no burst at window edges, and it costs at most
//! `limit` instants per key (all limits are small). Refused attempts are not recorded, so a
//! client that keeps hammering still gets its next attempt when the window allows it.
//!
//! **Memory is bounded.** Keys are stored as a keyed 64-bit hash (so no e-mail address or IP
//! address is kept in memory), keys whose attempts have all left the window are swept away about
//! once a minute, and at most `max_keys` keys are held: when that is reached, expired keys go
//! first, then the least recently used tenth.
//!
//! **Threads**: one mutex around the table. A check is a hash and a few comparisons, and these
//! actions are rare next to page views, so contention does not matter; a sweep of a full table
//! takes about a millisecond.
//!
//! The limits live in this process only: they start empty after a restart, and two servers
//! would each count on their own. For IPv6 clients use [`ip_key`], which limits the /64 prefix
//! a single subscriber usually owns.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::text::plural::plural;

/// What is being limited, and by which key (a client's address or an account's e-mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Log-in attempts from one client address ([`ip_key`]).
    LogIn,
    /// Log-in attempts for one e-mail, whether or not an account has it (normalised e-mail).
    LogInAccount,
    /// New accounts from one client address.
    Registration,
    /// Password-reset requests from one client address.
    PasswordReset,
    /// Password-reset mails for one e-mail.
    PasswordResetAccount,
    /// Verification mails sent again for one account.
    VerificationMail,
    /// Enquiries sent from one client address (visitors without an account above all).
    Enquiry,
    /// Enquiries and replies sent by visitors without an account, per e-mail they give.
    EnquiryEmail,
    /// Subscription requests from one client address.
    Subscription,
    /// Confirmation mails of subscriptions, per e-mail.
    SubscriptionEmail,
    /// Refused replica tokens from one client address (only failures are counted).
    ReplicaToken,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 11] = [
        Action::LogIn,
        Action::LogInAccount,
        Action::Registration,
        Action::PasswordReset,
        Action::PasswordResetAccount,
        Action::VerificationMail,
        Action::Enquiry,
        Action::EnquiryEmail,
        Action::Subscription,
        Action::SubscriptionEmail,
        Action::ReplicaToken,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// At most `limit` attempts of `action` per key in any period of `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub action: Action,
    pub limit: u32,
    pub window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// The limits the server runs with.
pub const DEFAULT_RULES: &[Rule] = &[
    Rule {
        action: Action::LogIn,
        limit: 10,
        window: Duration::from_secs(15 * 60),
    },
    Rule {
        action: Action::LogInAccount,
        limit: 5,
        window: Duration::from_secs(15 * 60),
    },
    Rule {
        action: Action::Registration,
        limit: 5,
        window: HOUR,
    },
    Rule {
        action: Action::PasswordReset,
        limit: 5,
        window: HOUR,
    },
    Rule {
        action: Action::PasswordResetAccount,
        limit: 3,
        window: HOUR,
    },
    Rule {
        action: Action::VerificationMail,
        limit: 3,
        window: HOUR,
    },
    Rule {
        action: Action::Enquiry,
        limit: 20,
        window: HOUR,
    },
    Rule {
        action: Action::EnquiryEmail,
        limit: 5,
        window: HOUR,
    },
    Rule {
        action: Action::Subscription,
        limit: 10,
        window: HOUR,
    },
    Rule {
        action: Action::SubscriptionEmail,
        limit: 3,
        window: HOUR,
    },
    Rule {
        action: Action::ReplicaToken,
        limit: 10,
        window: HOUR,
    },
];

/// Default bound on keys held at once (all actions together). A key costs about 100 bytes plus
/// 16 per remembered attempt: a full table of log-in keys measured about 25 MiB.
pub const MAX_KEYS: usize = 100_000;

/// How often keys whose attempts have all expired are swept away.
const SWEEP_EVERY: Duration = MINUTE;

pub struct RateLimiter {
    rules: [Option<Rule>; Action::ALL.len()],
    max_keys: usize,
    hasher: RandomState,
    state: Mutex<State>,
}

struct State {
    entries: HashMap<(Action, u64), VecDeque<Instant>>,
    last_sweep: Option<Instant>,
}

impl RateLimiter {
    /// A limiter with these rules (an action without a rule is not limited; a later rule for
    /// the same action replaces an earlier one) and at most [`MAX_KEYS`] keys.
    pub fn new(rules: &[Rule]) -> RateLimiter {
        RateLimiter::with_max_keys(rules, MAX_KEYS)
    }

    /// Like [`RateLimiter::new`] with another bound on keys (at least 1).
    pub fn with_max_keys(rules: &[Rule], max_keys: usize) -> RateLimiter {
        let mut table = [None; Action::ALL.len()];
        for rule in rules {
            table[rule.action.index()] = Some(*rule);
        }
        RateLimiter {
            rules: table,
            max_keys: max_keys.max(1),
            hasher: RandomState::new(),
            state: Mutex::new(State {
                entries: HashMap::new(),
                last_sweep: None,
            }),
        }
    }

    /// Counts one attempt of `action` by `key` at `now` if the rule allows it; otherwise
    /// returns how long to wait before the next attempt can succeed (and counts nothing).
    pub fn check(&self, action: Action, key: &str, now: Instant) -> Result<(), Duration> {
        self.check_all(&[(action, key)], now)
    }

    /// Checks several limits as one: the attempt is counted against all of them only if all
    /// allow it (log-in: the address and the e-mail). The wait is the longest of the refusals.
    pub fn check_all(&self, checks: &[(Action, &str)], now: Instant) -> Result<(), Duration> {
        let limited: Vec<(Rule, (Action, u64))> = checks
            .iter()
            .filter_map(|&(action, key)| {
                let rule = self.rules[action.index()]?;
                Some((rule, (action, self.hasher.hash_one(key))))
            })
            .collect();
        if limited.is_empty() {
            return Ok(());
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state
            .last_sweep
            .is_none_or(|last| now.saturating_duration_since(last) >= SWEEP_EVERY)
        {
            self.sweep(&mut state, now);
        }

        let mut wait = Duration::ZERO;
        for (rule, id) in &limited {
            if let Some(hits) = state.entries.get_mut(id) {
                forget_expired(hits, rule.window, now);
                if hits.len() >= rule.limit as usize {
                    let oldest = hits.front().copied().unwrap_or(now);
                    let left = rule
                        .window
                        .saturating_sub(now.saturating_duration_since(oldest));
                    wait = wait.max(left);
                }
            } else if rule.limit == 0 {
                wait = wait.max(rule.window);
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }

        for (rule, id) in limited {
            if !state.entries.contains_key(&id) && state.entries.len() >= self.max_keys {
                self.make_room(&mut state, now);
            }
            let hits = state
                .entries
                .entry(id)
                .or_insert_with(|| VecDeque::with_capacity(rule.limit as usize));
            hits.push_back(now);
        }
        Ok(())
    }

    /// How long `key` must wait before an attempt at `action` would be allowed, without
    /// counting one; `None` when it would be allowed now. For limits that count only failures:
    /// ask this first, and count a failure with [`RateLimiter::check`].
    pub fn wait(&self, action: Action, key: &str, now: Instant) -> Option<Duration> {
        let rule = self.rules[action.index()]?;
        let id = (action, self.hasher.hash_one(key));
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let hits = state.entries.get_mut(&id)?;
        forget_expired(hits, rule.window, now);
        if hits.len() < rule.limit as usize {
            return None;
        }
        let oldest = hits.front().copied().unwrap_or(now);
        Some(
            rule.window
                .saturating_sub(now.saturating_duration_since(oldest)),
        )
    }

    /// How many keys are held now (for tests and diagnostics).
    pub fn tracked_keys(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .len()
    }

    fn window(&self, action: Action) -> Duration {
        self.rules[action.index()].map_or(Duration::ZERO, |rule| rule.window)
    }

    /// Drops every key whose attempts have all left their window.
    fn sweep(&self, state: &mut State, now: Instant) {
        state.entries.retain(|(action, _), hits| {
            forget_expired(hits, self.window(*action), now);
            !hits.is_empty()
        });
        state.last_sweep = Some(now);
    }

    /// Called when the table is full: sweeps, and if that frees nothing, drops the tenth of the
    /// keys whose last attempt is oldest, so that a flood of new keys costs one pass per tenth.
    fn make_room(&self, state: &mut State, now: Instant) {
        self.sweep(state, now);
        if state.entries.len() < self.max_keys {
            return;
        }
        let mut latest: Vec<Instant> = state
            .entries
            .values()
            .filter_map(|hits| hits.back().copied())
            .collect();
        let drop = (latest.len() / 10).max(1);
        let (_, cutoff, _) = latest.select_nth_unstable(drop - 1);
        let cutoff = *cutoff;
        state
            .entries
            .retain(|_, hits| hits.back().is_some_and(|&last| last > cutoff));
    }
}

fn forget_expired(hits: &mut VecDeque<Instant>, window: Duration, now: Instant) {
    while hits
        .front()
        .is_some_and(|&hit| now.saturating_duration_since(hit) >= window)
    {
        hits.pop_front();
    }
}

/// The key for a client's address: IPv4 as it is, IPv6 cut to its /64 prefix (one subscriber
/// usually has a whole /64, and would otherwise get a fresh limit per address).
pub fn ip_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The Polish sentence for a 429 answer: "Zbyt wiele prób. Spróbuj ponownie za 12 minut."
/// The wait is rounded up to whole minutes.
pub fn retry_message(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    if minutes == 1 {
        return "Zbyt wiele prób. Spróbuj ponownie za minutę.".to_owned();
    }
    format!(
        "Zbyt wiele prób. Spróbuj ponownie za {minutes} {}.",
        plural(minutes, "minutę", "minuty", "minut")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::sync::Arc;
    use std::thread;

    const MIN: Duration = MINUTE;

    fn rule(action: Action, limit: u32, window: Duration) -> Rule {
        Rule {
            action,
            limit,
            window,
        }
    }

    #[test]
    fn allows_the_limit_then_says_how_long_to_wait() {
        let limiter = RateLimiter::new(DEFAULT_RULES);
        let t0 = Instant::now();
        for i in 0..10 {
            assert_eq!(
                limiter.check(Action::LogIn, "192.0.2.1", t0 + MIN * i),
                Ok(()),
                "attempt {i}"
            );
        }
        // The 11th, at minute 10: the first attempt (minute 0) leaves the window at minute 15.
        assert_eq!(
            limiter.check(Action::LogIn, "192.0.2.1", t0 + MIN * 10),
            Err(MIN * 5)
        );
        // Another address and another action are counted apart.
        assert_eq!(
            limiter.check(Action::LogIn, "192.0.2.2", t0 + MIN * 10),
            Ok(())
        );
        assert_eq!(
            limiter.check(Action::Registration, "192.0.2.1", t0 + MIN * 10),
            Ok(())
        );
        // Just before the window moves on: still refused; at 15 minutes: allowed again.
        assert!(
            limiter
                .check(
                    Action::LogIn,
                    "192.0.2.1",
                    t0 + MIN * 15 - Duration::from_millis(1)
                )
                .is_err()
        );
        assert_eq!(
            limiter.check(Action::LogIn, "192.0.2.1", t0 + MIN * 15),
            Ok(())
        );
        // The window slides: the attempt at minute 1 is next to leave.
        assert_eq!(
            limiter.check(Action::LogIn, "192.0.2.1", t0 + MIN * 15),
            Err(MIN)
        );
    }

    #[test]
    fn the_default_rules_are_what_the_issue_asks_for() {
        let expected = [
            (Action::LogIn, 10, MIN * 15),
            (Action::LogInAccount, 5, MIN * 15),
            (Action::Registration, 5, HOUR),
            (Action::PasswordReset, 5, HOUR),
            (Action::PasswordResetAccount, 3, HOUR),
            (Action::VerificationMail, 3, HOUR),
        ];
        for (action, limit, window) in expected {
            let limiter = RateLimiter::new(DEFAULT_RULES);
            let t0 = Instant::now();
            for _ in 0..limit {
                assert_eq!(limiter.check(action, "k", t0), Ok(()), "{action:?}");
            }
            assert_eq!(limiter.check(action, "k", t0), Err(window), "{action:?}");
        }
        for action in Action::ALL {
            assert!(
                DEFAULT_RULES.iter().any(|r| r.action == action),
                "{action:?}"
            );
        }
    }

    #[test]
    fn waiting_can_be_asked_without_counting_an_attempt() {
        let limiter = RateLimiter::new(&[rule(Action::ReplicaToken, 2, HOUR)]);
        let t0 = Instant::now();
        assert_eq!(limiter.wait(Action::ReplicaToken, "192.0.2.1", t0), None);
        assert_eq!(limiter.wait(Action::ReplicaToken, "192.0.2.1", t0), None);
        assert!(limiter.check(Action::ReplicaToken, "192.0.2.1", t0).is_ok());
        assert_eq!(limiter.wait(Action::ReplicaToken, "192.0.2.1", t0), None);
        assert!(limiter.check(Action::ReplicaToken, "192.0.2.1", t0).is_ok());
        assert_eq!(
            limiter.wait(Action::ReplicaToken, "192.0.2.1", t0 + MIN),
            Some(HOUR - MIN)
        );
        assert_eq!(limiter.wait(Action::ReplicaToken, "192.0.2.2", t0), None);
        assert_eq!(limiter.wait(Action::LogIn, "192.0.2.1", t0), None);
        assert_eq!(
            limiter.wait(Action::ReplicaToken, "192.0.2.1", t0 + HOUR),
            None
        );
    }

    #[test]
    fn refused_attempts_are_not_counted() {
        let limiter = RateLimiter::new(&[rule(Action::LogInAccount, 2, MIN * 10)]);
        let t0 = Instant::now();
        assert!(limiter.check(Action::LogInAccount, "a@b.pl", t0).is_ok());
        assert!(
            limiter
                .check(Action::LogInAccount, "a@b.pl", t0 + MIN)
                .is_ok()
        );
        for m in 2..10 {
            assert!(
                limiter
                    .check(Action::LogInAccount, "a@b.pl", t0 + MIN * m)
                    .is_err()
            );
        }
        assert!(
            limiter
                .check(Action::LogInAccount, "a@b.pl", t0 + MIN * 10)
                .is_ok()
        );
    }

    #[test]
    fn check_all_counts_only_when_every_limit_allows() {
        let limiter = RateLimiter::new(&[
            rule(Action::LogIn, 3, MIN * 15),
            rule(Action::LogInAccount, 1, MIN * 15),
        ]);
        let t0 = Instant::now();
        let both = |account| [(Action::LogIn, "ip"), (Action::LogInAccount, account)];
        assert_eq!(limiter.check_all(&both("a"), t0), Ok(()));
        // The account is at its limit: refused, and the address is not charged for it.
        assert_eq!(limiter.check_all(&both("a"), t0 + MIN), Err(MIN * 14));
        assert_eq!(limiter.check_all(&both("a"), t0 + MIN * 2), Err(MIN * 13));
        assert_eq!(limiter.check_all(&both("b"), t0 + MIN * 3), Ok(()));
        assert_eq!(limiter.check_all(&both("c"), t0 + MIN * 4), Ok(()));
        // Now both are exhausted: the longer wait wins.
        assert_eq!(limiter.check_all(&both("c"), t0 + MIN * 5), Err(MIN * 14));
        assert_eq!(limiter.check_all(&both("d"), t0 + MIN * 5), Err(MIN * 10));
        assert_eq!(limiter.check_all(&[], t0), Ok(()));
    }

    #[test]
    fn actions_without_a_rule_are_not_limited_and_zero_blocks_all() {
        let limiter = RateLimiter::new(&[rule(Action::Registration, 0, HOUR)]);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert!(limiter.check(Action::LogIn, "x", t0).is_ok());
        }
        assert_eq!(limiter.tracked_keys(), 0);
        assert_eq!(limiter.check(Action::Registration, "x", t0), Err(HOUR));
    }

    #[test]
    fn expired_keys_are_swept() {
        let limiter = RateLimiter::new(DEFAULT_RULES);
        let t0 = Instant::now();
        for i in 0..500 {
            limiter
                .check(Action::LogIn, &format!("10.0.{}.{}", i / 256, i % 256), t0)
                .unwrap();
        }
        limiter
            .check(Action::Registration, "10.9.9.9", t0 + MIN * 10)
            .unwrap();
        assert_eq!(limiter.tracked_keys(), 501);
        // 16 minutes on, the log-in keys have expired; the registration (1 hour) has not.
        limiter
            .check(Action::VerificationMail, "a@b.pl", t0 + MIN * 16)
            .unwrap();
        assert_eq!(limiter.tracked_keys(), 2);
    }

    #[test]
    fn the_table_never_holds_more_than_max_keys_and_drops_the_oldest() {
        let limiter = RateLimiter::with_max_keys(&[rule(Action::LogIn, 5, HOUR)], 100);
        let t0 = Instant::now();
        for i in 0..1000u32 {
            let now = t0 + Duration::from_secs(u64::from(i));
            limiter
                .check(Action::LogIn, &format!("key-{i}"), now)
                .unwrap();
            assert!(limiter.tracked_keys() <= 100);
        }
        // The newest key is still limited: its attempts were kept.
        let now = t0 + Duration::from_secs(1000);
        for _ in 0..4 {
            limiter.check(Action::LogIn, "key-999", now).unwrap();
        }
        assert!(limiter.check(Action::LogIn, "key-999", now).is_err());
        // The oldest was dropped to make room, so it starts afresh.
        for _ in 0..5 {
            limiter.check(Action::LogIn, "key-0", now).unwrap();
        }
    }

    #[test]
    fn threads_share_one_limit() {
        let limiter = Arc::new(RateLimiter::new(&[rule(Action::LogIn, 50, HOUR)]));
        let t0 = Instant::now();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                thread::spawn(move || {
                    (0..40)
                        .filter(|_| limiter.check(Action::LogIn, "ip", t0).is_ok())
                        .count()
                })
            })
            .collect();
        let allowed: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(allowed, 50);
    }

    #[test]
    fn ip_keys() {
        assert_eq!(ip_key(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7))), "192.0.2.7");
        let a: Ipv6Addr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: Ipv6Addr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ip_key(IpAddr::V6(a)), ip_key(IpAddr::V6(b)));
        assert_ne!(ip_key(IpAddr::V6(a)), ip_key(IpAddr::V6(c)));
        assert_eq!(ip_key(IpAddr::V6(a)), "2001:db8:1:2::/64");
        let mapped: Ipv6Addr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(ip_key(IpAddr::V6(mapped)), "192.0.2.7");
    }

    #[test]
    fn polish_retry_messages() {
        let cases = [
            (Duration::ZERO, "za minutę"),
            (Duration::from_secs(1), "za minutę"),
            (Duration::from_secs(60), "za minutę"),
            (Duration::from_secs(61), "za 2 minuty"),
            (MIN * 4, "za 4 minuty"),
            (MIN * 5, "za 5 minut"),
            (MIN * 12, "za 12 minut"),
            (MIN * 22, "za 22 minuty"),
            (HOUR, "za 60 minut"),
        ];
        for (wait, expected) in cases {
            let message = retry_message(wait);
            assert!(message.starts_with("Zbyt wiele prób."), "{message}");
            assert!(message.ends_with(&format!("{expected}.")), "{message}");
        }
    }
}
