//! Log-in sessions and one-time links. The secrets themselves never reach the database: records
//! are keyed by the SHA-256 of the token the browser or the e-mail holds.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::user::UserId;

/// How long a log-in lasts without activity, and at most.
pub const SESSION_IDLE_SECONDS: i64 = 2 * 60 * 60;
pub const SESSION_MAX_SECONDS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub user: UserId,
    pub created: Timestamp,
    pub last_seen: Timestamp,
    /// The token forms of this session must carry (CSRF).
    pub csrf: String,
    /// Must equal the user's `session_generation`; raising that ends every older session.
    pub generation: u32,
}

impl Session {
    pub fn is_current(&self, now: Timestamp, user_generation: u32) -> bool {
        self.generation == user_generation
            && now - self.last_seen <= SESSION_IDLE_SECONDS
            && now - self.created <= SESSION_MAX_SECONDS
    }
}

/// What a one-time link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    /// Confirms a new address; carries it until confirmed.
    ChangeEmail {
        new_email: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneTimeToken {
    pub purpose: TokenPurpose,
    pub user: UserId,
    pub expires: Timestamp,
}

/// Links in e-mails are valid for a day (reset links for an hour).
pub const VERIFY_SECONDS: i64 = 24 * 60 * 60;
pub const RESET_SECONDS: i64 = 60 * 60;
