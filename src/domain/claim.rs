//! A PES representative's request to represent an organisation — an existing one from the
//! directory, or a new one they submit. Staff approve or reject it.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::organization::OrgId;
use super::user::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClaimId(pub u64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum ClaimStatus {
    Pending,
    Approved {
        by: UserId,
        at: Timestamp,
    },
    Rejected {
        by: UserId,
        at: Timestamp,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub user: UserId,
    pub organization: OrgId,
    /// True when the person submitted the organisation itself (it waits unpublished).
    pub new_organization: bool,
    /// What the person wrote to the staff (their role in the organisation, how to verify it).
    pub message: String,
    pub status: ClaimStatus,
    pub created: Timestamp,
    /// A document the person attached (e.g. a board resolution), if any.
    #[serde(default)]
    pub document: Option<super::document::DocumentId>,
}

/// The longest message accepted with a claim or a rejection.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// Checks a free-text message: required, not too long.
pub fn check_message(text: &str, required: bool) -> Result<String, &'static str> {
    let trimmed = text.trim();
    if required && trimmed.chars().count() < 5 {
        return Err("Napisz kilka słów uzasadnienia (co najmniej 5 znaków).");
    }
    if trimmed.chars().count() > MAX_MESSAGE_CHARS {
        return Err("Tekst może mieć najwyżej 2000 znaków.");
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::check_message;

    #[test]
    fn messages_are_trimmed_and_bounded() {
        assert_eq!(
            check_message("  Jestem prezesem.  ", true),
            Ok("Jestem prezesem.".into())
        );
        assert!(check_message("   ", true).is_err());
        assert_eq!(check_message("", false), Ok(String::new()));
        assert!(check_message(&"x".repeat(2001), false).is_err());
    }
}
