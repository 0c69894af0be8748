//! User accounts and their e-mail index.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::organizations::put_organization;
use super::tables::{SESSIONS, TOKENS, USER_EMAILS, USERS};
use super::{Store, StoreError};
use crate::domain::organization::{OrgId, Organization};
use crate::domain::session::{OneTimeToken, Session};
use crate::domain::user::{AccountStatus, User, UserId, normalize_email};

const TABLE_NAME: &str = "users_v1";

impl Store {
    pub fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.record(USERS, id.0, "user")
    }

    pub fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let id = {
            let txn = self.read("reading a user")?;
            let emails = txn
                .open_table(USER_EMAILS)
                .map_err(StoreError::db("opening user e-mails"))?;
            let found = emails
                .get(normalize_email(email).as_str())
                .map_err(StoreError::db("reading user e-mails"))?;
            found.map(|v| v.value())
        };
        match id {
            Some(id) => self.user(UserId(id)),
            None => Ok(None),
        }
    }

    /// Every user, in id order (admin lists; the number of accounts is small).
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let txn = self.read("reading users")?;
        let table = txn
            .open_table(USERS)
            .map_err(StoreError::db("opening users"))?;
        let mut out = Vec::new();
        for entry in table.iter().map_err(StoreError::db("reading users"))? {
            let (key, value) = entry.map_err(StoreError::db("reading users"))?;
            out.push(decode(value.value(), &format!("user {}", key.value()))?);
        }
        Ok(out)
    }

    /// Inserts (id 0) or updates a user. A second account with the same e-mail is a conflict.
    pub fn save_user(&self, user: User, author: Option<u64>) -> Result<User, StoreError> {
        self.write("saving a user", |txn| put_user(txn, user, author))
    }

    /// Inserts new organisations and then the accounts `accounts` makes for them, in one
    /// transaction (the demo data): all or nothing, so a failed first start leaves no half-seeded
    /// database behind. `accounts` gets the organisations as stored, with their ids.
    /// Returns how many organisations and accounts were inserted.
    pub fn insert_organizations_and_users(
        &self,
        orgs: Vec<Organization>,
        accounts: impl FnOnce(&[Organization]) -> Vec<User>,
    ) -> Result<(usize, usize), StoreError> {
        self.write("inserting organisations and accounts", |txn| {
            let mut stored = Vec::with_capacity(orgs.len());
            for org in orgs {
                stored.push(put_organization(txn, org, None)?);
            }
            let users = accounts(&stored);
            let count = users.len();
            for user in users {
                put_user(txn, user, None)?;
            }
            Ok((stored.len(), count))
        })
    }

    /// Stores a deleted account (already anonymised by `User::anonymise`) and removes what else
    /// belonged to it — every session and every unused one-time link, the subscriptions made
    /// while signed in, the person's name in conversations — in one transaction, so nothing can
    /// sign in or confirm anything for it afterwards.
    pub fn erase_user(&self, user: User) -> Result<User, StoreError> {
        let id = user.id;
        self.write("deleting an account", |txn| {
            let user = put_user(txn, user, Some(id.0))?;
            let mut sessions = txn
                .open_table(SESSIONS)
                .map_err(StoreError::db("opening sessions"))?;
            let mut doomed = Vec::new();
            for entry in sessions
                .iter()
                .map_err(StoreError::db("reading sessions"))?
            {
                let (key, value) = entry.map_err(StoreError::db("reading sessions"))?;
                let session: Session = decode(value.value(), "session")?;
                if session.user == id {
                    doomed.push(key.value().to_vec());
                }
            }
            for key in &doomed {
                sessions
                    .remove(key.as_slice())
                    .map_err(StoreError::db("removing sessions"))?;
            }
            let mut tokens = txn
                .open_table(TOKENS)
                .map_err(StoreError::db("opening tokens"))?;
            doomed.clear();
            for entry in tokens.iter().map_err(StoreError::db("reading tokens"))? {
                let (key, value) = entry.map_err(StoreError::db("reading tokens"))?;
                let token: OneTimeToken = decode(value.value(), "one-time token")?;
                if token.user == id {
                    doomed.push(key.value().to_vec());
                }
            }
            for key in &doomed {
                tokens
                    .remove(key.as_slice())
                    .map_err(StoreError::db("removing one-time links"))?;
            }
            drop(tokens);
            super::subscriptions::forget_user_in(txn, id)?;
            super::enquiries::forget_user_in(txn, id)?;
            Ok(user)
        })
    }
}

/// Writes a user inside `txn`, keeping the e-mail index and the changelog in step.
pub(crate) fn put_user(
    txn: &WriteTransaction,
    mut user: User,
    author: Option<u64>,
) -> Result<User, StoreError> {
    let mut table = txn
        .open_table(USERS)
        .map_err(StoreError::db("opening users"))?;
    let mut emails = txn
        .open_table(USER_EMAILS)
        .map_err(StoreError::db("opening user e-mails"))?;
    user.email = normalize_email(&user.email);
    let previous: Option<User> = match user.id.0 {
        0 => None,
        id => table
            .get(id)
            .map_err(StoreError::db("reading a user"))?
            .map(|v| decode(v.value(), &format!("user {id}")))
            .transpose()?,
    };
    if user.id.0 == 0 {
        let last = table
            .last()
            .map_err(StoreError::db("reading users"))?
            .map(|(k, _)| k.value())
            .unwrap_or(0);
        user.id = UserId(last + 1);
    }
    let owner = emails
        .get(user.email.as_str())
        .map_err(StoreError::db("reading user e-mails"))?
        .map(|v| v.value());
    if owner.is_some_and(|id| id != user.id.0) {
        return Err(StoreError::Conflict {
            what: "konto z tym adresem e-mail już istnieje".to_string(),
        });
    }
    if let Some(old) = &previous
        && old.email != user.email
    {
        emails
            .remove(old.email.as_str())
            .map_err(StoreError::db("updating user e-mails"))?;
    }
    emails
        .insert(user.email.as_str(), user.id.0)
        .map_err(StoreError::db("updating user e-mails"))?;
    table
        .insert(
            user.id.0,
            encode(&user, &format!("user {}", user.id.0))?.as_slice(),
        )
        .map_err(StoreError::db("writing a user"))?;
    let op = if previous.is_some() {
        ChangeOp::Update
    } else {
        ChangeOp::Insert
    };
    changelog::record(txn, TABLE_NAME, user.id.0, op, author)?;
    Ok(user)
}

impl Store {
    /// The active accounts representing `org` (who answer for it).
    pub fn representatives(&self, org: OrgId) -> Result<Vec<User>, StoreError> {
        Ok(self
            .users()?
            .into_iter()
            .filter(|u| u.represents(org) && u.status == AccountStatus::Active)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::{AccountStatus, Role};

    pub(crate) fn sample(email: &str) -> User {
        User {
            id: UserId(0),
            email: email.to_string(),
            name: "Anna Nowak".to_string(),
            role: Role::Resident,
            status: AccountStatus::Active,
            password_hash: "x".to_string(),
            terms_accepted_at: 1,
            email_verified_at: None,
            organizations: Vec::new(),
            created: 1,
            updated: 1,
            session_generation: 0,
            deleted: None,
        }
    }

    #[test]
    fn users_are_found_by_normalised_email_and_emails_are_unique() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let saved = store.save_user(sample(" Anna@Example.PL"), None).unwrap();
        assert_eq!(saved.id, UserId(1));
        assert_eq!(
            store.user_by_email("anna@example.pl").unwrap().unwrap().id,
            saved.id
        );
        let err = store
            .save_user(sample("anna@example.pl"), None)
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }));
        let mut moved = saved.clone();
        moved.email = "nowy@example.pl".to_string();
        store.save_user(moved, Some(1)).unwrap();
        assert!(store.user_by_email("anna@example.pl").unwrap().is_none());
        assert!(store.user_by_email("NOWY@example.pl").unwrap().is_some());
        assert_eq!(store.users().unwrap().len(), 1);
    }

    #[test]
    fn an_erased_account_frees_its_address_and_loses_sessions_and_links() {
        use crate::domain::session::TokenPurpose;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let anna = store.save_user(sample("anna@example.pl"), None).unwrap();
        let other = store.save_user(sample("jan@example.pl"), None).unwrap();
        let session = |user: UserId| Session {
            user,
            created: 1,
            last_seen: 1,
            csrf: "c".into(),
            generation: 0,
        };
        store.save_session(b"anna", &session(anna.id)).unwrap();
        store.save_session(b"jan", &session(other.id)).unwrap();
        let token = |user: UserId| OneTimeToken {
            purpose: TokenPurpose::ChangeEmail {
                new_email: "nowy@example.pl".into(),
            },
            user,
            expires: i64::MAX,
        };
        store
            .write("test", |txn| {
                crate::store::sessions::put_token(txn, b"t-anna", &token(anna.id))?;
                crate::store::sessions::put_token(txn, b"t-jan", &token(other.id))
            })
            .unwrap();

        let mut gone = anna.clone();
        gone.anonymise(5);
        store.erase_user(gone).unwrap();

        assert!(store.user_by_email("anna@example.pl").unwrap().is_none());
        let stored = store.user(anna.id).unwrap().unwrap();
        assert!(stored.is_deleted());
        assert_eq!(
            store
                .user_by_email("usuniete-1@invalid")
                .unwrap()
                .unwrap()
                .id,
            anna.id
        );
        assert!(store.session(b"anna").unwrap().is_none());
        assert!(
            store.session(b"jan").unwrap().is_some(),
            "others keep theirs"
        );
        assert!(store.peek_token(b"t-anna").unwrap().is_none());
        assert!(store.peek_token(b"t-jan").unwrap().is_some());
        // The address is free again.
        store.save_user(sample("anna@example.pl"), None).unwrap();
    }
}
