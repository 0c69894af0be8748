//! User accounts and their e-mail index.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::{self, ChangeOp};
use super::codec::{decode, encode};
use super::tables::{USER_EMAILS, USERS};
use super::{Store, StoreError};
use crate::domain::user::{User, UserId, normalize_email};

const TABLE_NAME: &str = "users_v1";

impl Store {
    pub fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let txn = self.read("reading a user")?;
        let table = txn
            .open_table(USERS)
            .map_err(StoreError::db("opening users"))?;
        let value = table.get(id.0).map_err(StoreError::db("reading a user"))?;
        value
            .map(|v| decode(v.value(), &format!("user {}", id.0)))
            .transpose()
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
}
