//! Log-in sessions and one-time tokens, keyed by the hash of their secret.
//!
//! These are per-instance secrets: they are not written to the changelog and never leave this
//! database (replicas and snapshots for kiosks must not carry them).

use redb::{ReadableTable, WriteTransaction};

use super::codec::{decode, encode};
use super::tables::{SESSIONS, TOKENS};
use super::{Store, StoreError};
use crate::domain::Timestamp;
use crate::domain::session::{OneTimeToken, Session};
use crate::domain::user::UserId;

impl Store {
    pub fn save_session(&self, token_hash: &[u8], session: &Session) -> Result<(), StoreError> {
        self.write("saving a session", |txn| {
            let mut table = txn
                .open_table(SESSIONS)
                .map_err(StoreError::db("opening sessions"))?;
            table
                .insert(token_hash, encode(session, "session")?.as_slice())
                .map_err(StoreError::db("writing a session"))?;
            Ok(())
        })
    }

    pub fn session(&self, token_hash: &[u8]) -> Result<Option<Session>, StoreError> {
        let txn = self.read("reading a session")?;
        let table = txn
            .open_table(SESSIONS)
            .map_err(StoreError::db("opening sessions"))?;
        let value = table
            .get(token_hash)
            .map_err(StoreError::db("reading a session"))?;
        value.map(|v| decode(v.value(), "session")).transpose()
    }

    pub fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.write("ending a session", |txn| {
            let mut table = txn
                .open_table(SESSIONS)
                .map_err(StoreError::db("opening sessions"))?;
            table
                .remove(token_hash)
                .map_err(StoreError::db("ending a session"))?;
            Ok(())
        })
    }

    /// Removes every session of `user` (account deleted) or expired ones (`user` = None).
    pub fn purge_sessions(
        &self,
        user: Option<UserId>,
        now: Timestamp,
        generation_of: impl Fn(UserId) -> Option<u32>,
    ) -> Result<usize, StoreError> {
        self.write("removing sessions", |txn| {
            let mut table = txn
                .open_table(SESSIONS)
                .map_err(StoreError::db("opening sessions"))?;
            let mut doomed = Vec::new();
            for entry in table.iter().map_err(StoreError::db("reading sessions"))? {
                let (key, value) = entry.map_err(StoreError::db("reading sessions"))?;
                let session: Session = decode(value.value(), "session")?;
                let remove = match user {
                    Some(u) => session.user == u,
                    None => generation_of(session.user)
                        .is_none_or(|generation| !session.is_current(now, generation)),
                };
                if remove {
                    doomed.push(key.value().to_vec());
                }
            }
            for key in &doomed {
                table
                    .remove(key.as_slice())
                    .map_err(StoreError::db("removing sessions"))?;
            }
            Ok(doomed.len())
        })
    }

    /// Takes a one-time token: returns it and deletes it in the same transaction, so a link
    /// works once even when clicked twice at the same moment. Expired tokens are deleted too
    /// and not returned.
    pub fn take_token(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<OneTimeToken>, StoreError> {
        self.write("using a one-time link", |txn| {
            let mut table = txn
                .open_table(TOKENS)
                .map_err(StoreError::db("opening tokens"))?;
            let taken = table
                .remove(token_hash)
                .map_err(StoreError::db("using a one-time link"))?
                .map(|v| decode::<OneTimeToken>(v.value(), "one-time token"))
                .transpose()?;
            Ok(taken.filter(|t| t.expires >= now))
        })
    }
}

/// Stores a one-time token inside `txn` (together with the e-mail that carries it).
pub(crate) fn put_token(
    txn: &WriteTransaction,
    token_hash: &[u8],
    token: &OneTimeToken,
) -> Result<(), StoreError> {
    let mut table = txn
        .open_table(TOKENS)
        .map_err(StoreError::db("opening tokens"))?;
    table
        .insert(token_hash, encode(token, "one-time token")?.as_slice())
        .map_err(StoreError::db("writing a one-time token"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::TokenPurpose;

    #[test]
    fn tokens_work_once_and_not_after_expiry() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let token = OneTimeToken {
            purpose: TokenPurpose::ResetPassword,
            user: UserId(1),
            expires: 100,
        };
        store
            .write("test", |txn| put_token(txn, b"hash-a", &token))
            .unwrap();
        assert_eq!(
            store.take_token(b"hash-a", 50).unwrap(),
            Some(token.clone())
        );
        assert_eq!(store.take_token(b"hash-a", 50).unwrap(), None);
        store
            .write("test", |txn| put_token(txn, b"hash-b", &token))
            .unwrap();
        assert_eq!(store.take_token(b"hash-b", 101).unwrap(), None);
    }

    #[test]
    fn sessions_round_trip_and_purge() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let session = Session {
            user: UserId(7),
            created: 1000,
            last_seen: 1000,
            csrf: "c".into(),
            generation: 0,
        };
        store.save_session(b"s1", &session).unwrap();
        assert_eq!(store.session(b"s1").unwrap(), Some(session.clone()));
        assert_eq!(store.purge_sessions(None, 1001, |_| Some(0)).unwrap(), 0);
        assert_eq!(store.purge_sessions(None, 1001, |_| Some(1)).unwrap(), 1);
        store.save_session(b"s2", &session).unwrap();
        assert_eq!(
            store.purge_sessions(Some(UserId(7)), 0, |_| None).unwrap(),
            1
        );
        store.save_session(b"s3", &session).unwrap();
        store.delete_session(b"s3").unwrap();
        assert!(store.session(b"s3").unwrap().is_none());
    }
}
