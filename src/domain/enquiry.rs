//! Enquiries: a question about an offer, an equipment item or a need, sent to whoever stands
//! behind it, and the conversation that follows. Both sides find it in their inbox; a side
//! without an account (a visitor who left an e-mail, an organisation nobody represents yet)
//! gets a secret link instead, and every message also goes out by e-mail.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::listing::ListingKind;
use super::organization::OrgId;
use super::user::UserId;
use super::validate::{self, FieldErrors};

pub const MAX_BODY_CHARS: usize = 4_000;
pub const MAX_NAME_CHARS: usize = 120;
/// A conversation longer than this is better continued by e-mail or phone.
pub const MAX_MESSAGES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EnquiryId(pub u64);

/// Which side of the conversation someone is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Who asked.
    Asker,
    /// The organisation or author the question is about.
    Answerer,
}

/// One side: accounts that see the conversation in their inbox, or an address that gets the
/// secret link. The key is kept as it is because every later mail to that side carries the
/// link again; it opens this one conversation and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// Shown to the other side, e.g. "Anna Nowak" or the organisation's name.
    pub name: String,
    #[serde(default)]
    pub users: Vec<UserId>,
    /// Where mail goes for a side without an account.
    #[serde(default)]
    pub email: Option<String>,
    /// The secret link's key, for a side without an account.
    #[serde(default)]
    pub key: Option<String>,
}

/// The listing asked about, as it was when the question was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub kind: ListingKind,
    pub id: u64,
    pub title: String,
    pub path: String,
    #[serde(default)]
    pub organization: Option<OrgId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub from: Side,
    /// The account that wrote it, when there was one.
    #[serde(default)]
    pub author: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub sent: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enquiry {
    pub id: EnquiryId,
    pub subject: Subject,
    pub asker: Party,
    pub answerer: Party,
    pub messages: Vec<Message>,
    /// How many messages each account has seen (for "nowa wiadomość" in the inbox). Counts,
    /// not times: a reply in the same second as the last visit is still new.
    #[serde(default)]
    pub read: Vec<(UserId, usize)>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Enquiry {
    pub fn party(&self, side: Side) -> &Party {
        match side {
            Side::Asker => &self.asker,
            Side::Answerer => &self.answerer,
        }
    }

    /// The side an account is on, if it takes part.
    pub fn side_of_user(&self, user: UserId) -> Option<Side> {
        if self.asker.users.contains(&user) {
            Some(Side::Asker)
        } else if self.answerer.users.contains(&user) {
            Some(Side::Answerer)
        } else {
            None
        }
    }

    /// The side a secret link's key opens, if any.
    pub fn side_of_key(&self, key: &str) -> Option<Side> {
        let opens = |party: &Party| {
            party
                .key
                .as_deref()
                .is_some_and(|k| crate::auth::constant_time_eq(k.as_bytes(), key.as_bytes()))
        };
        if opens(&self.asker) {
            Some(Side::Asker)
        } else if opens(&self.answerer) {
            Some(Side::Answerer)
        } else {
            None
        }
    }

    /// Whether the conversation has a message `user` has not seen (by someone else).
    pub fn unread_by(&self, user: UserId) -> bool {
        let seen = self
            .read
            .iter()
            .find(|(u, _)| *u == user)
            .map_or(0, |(_, n)| *n);
        self.messages
            .iter()
            .skip(seen)
            .any(|m| m.author != Some(user))
    }

    /// Notes that `user` has seen every message so far.
    pub fn mark_read(&mut self, user: UserId) {
        let seen = self.messages.len();
        match self.read.iter_mut().find(|(u, _)| *u == user) {
            Some(entry) => entry.1 = seen,
            None => self.read.push((user, seen)),
        }
    }

    /// Removes a deleted account: out of its side, its name off its messages.
    pub fn forget_user(&mut self, user: UserId) {
        let deleted = super::user::DELETED_NAME;
        for party in [&mut self.asker, &mut self.answerer] {
            if party.users.contains(&user) {
                party.users.retain(|u| *u != user);
                if party.users.is_empty() && party.email.is_none() {
                    party.name = deleted.to_string();
                }
            }
        }
        for message in &mut self.messages {
            if message.author == Some(user) {
                message.author_name = deleted.to_string();
            }
        }
        self.read.retain(|(u, _)| *u != user);
    }

    /// Every account taking part, on both sides.
    pub fn users(&self) -> impl Iterator<Item = UserId> + '_ {
        self.asker.users.iter().chain(&self.answerer.users).copied()
    }
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Asker => Side::Answerer,
            Side::Answerer => Side::Asker,
        }
    }
}

/// Checks a message body; errors under `field`.
pub fn validate_body(body: &str, field: &'static str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let chars = body.trim().chars().count();
    if chars < 3 {
        errors.add(field, "Napisz treść wiadomości.");
    } else if chars > MAX_BODY_CHARS {
        errors.add(field, "Wiadomość może mieć najwyżej 4000 znaków.");
    }
    errors
}

/// Checks the name and address a visitor without an account leaves.
pub fn validate_visitor(name: &str, email: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let name_chars = name.trim().chars().count();
    if name_chars == 0 {
        errors.add("imie", "Podaj imię i nazwisko albo nazwę instytucji.");
    } else if name_chars > MAX_NAME_CHARS {
        errors.add("imie", "Podpis może mieć najwyżej 120 znaków.");
    }
    if email.trim().is_empty() {
        errors.add(
            "email",
            "Podaj adres e-mail — na niego przyjdzie odpowiedź.",
        );
    } else if !validate::is_email(email.trim()) {
        errors.add(
            "email",
            "To nie wygląda na adres e-mail (np. jan.kowalski@poczta.pl).",
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enquiry() -> Enquiry {
        Enquiry {
            id: EnquiryId(1),
            subject: Subject {
                kind: ListingKind::Offer,
                id: 4,
                title: "Catering".into(),
                path: "/oferty/catering".into(),
                organization: Some(OrgId(2)),
            },
            asker: Party {
                name: "Anna".into(),
                users: vec![],
                email: Some("anna@example.pl".into()),
                key: Some("k7".into()),
            },
            answerer: Party {
                name: "Spółdzielnia".into(),
                users: vec![UserId(5), UserId(6)],
                email: None,
                key: None,
            },
            messages: vec![Message {
                from: Side::Asker,
                author: None,
                author_name: "Anna".into(),
                body: "Czy robicie catering na 40 osób?".into(),
                sent: 100,
            }],
            read: vec![],
            created: 100,
            updated: 100,
        }
    }

    #[test]
    fn sides_are_found_by_account_or_by_key() {
        let e = enquiry();
        assert_eq!(e.side_of_user(UserId(6)), Some(Side::Answerer));
        assert_eq!(e.side_of_user(UserId(9)), None);
        assert_eq!(e.side_of_key("k7"), Some(Side::Asker));
        assert_eq!(e.side_of_key("k8"), None);
        assert_eq!(e.side_of_key(""), None);
        assert_eq!(Side::Asker.other(), Side::Answerer);
    }

    #[test]
    fn unread_means_a_newer_message_from_someone_else() {
        let mut e = enquiry();
        assert!(e.unread_by(UserId(5)));
        e.mark_read(UserId(5));
        assert!(!e.unread_by(UserId(5)));
        e.messages.push(Message {
            from: Side::Answerer,
            author: Some(UserId(5)),
            author_name: "Jan".into(),
            body: "Tak".into(),
            sent: 200,
        });
        assert!(!e.unread_by(UserId(5)), "own message");
        assert!(e.unread_by(UserId(6)));
    }

    #[test]
    fn a_deleted_account_leaves_its_conversations_unsigned() {
        let mut e = enquiry();
        e.messages.push(Message {
            from: Side::Answerer,
            author: Some(UserId(5)),
            author_name: "Jan Kowalski".into(),
            body: "Tak".into(),
            sent: 200,
        });
        e.mark_read(UserId(5));
        e.forget_user(UserId(5));
        assert_eq!(e.answerer.users, vec![UserId(6)]);
        assert_eq!(
            e.answerer.name, "Spółdzielnia",
            "others still answer for it"
        );
        assert_eq!(e.messages[1].author_name, crate::domain::user::DELETED_NAME);
        assert!(e.read.is_empty());
        e.forget_user(UserId(6));
        assert_eq!(e.answerer.name, crate::domain::user::DELETED_NAME);
    }

    #[test]
    fn messages_and_visitor_details_are_checked() {
        assert!(!validate_body(" ", "tresc").is_empty());
        assert!(validate_body("Ile kosztuje?", "tresc").is_empty());
        assert!(!validate_body(&"x".repeat(MAX_BODY_CHARS + 1), "tresc").is_empty());
        assert!(validate_visitor("Anna", "anna@example.pl").is_empty());
        let errors = validate_visitor("", "anna");
        assert!(!errors.get("imie").is_empty() && !errors.get("email").is_empty());
    }
}
