//! Account changes that must commit together with the e-mail they cause: a new account and its
//! verification link, a reset link and its message. Either both are stored or neither.

use super::codec::decode;
use super::outbox::enqueue_in;
use super::sessions::put_token;
use super::tables::TOKENS;
use super::users::put_user;
use super::{Store, StoreError};
use crate::domain::mail::OutgoingMail;
use crate::domain::session::OneTimeToken;
use crate::domain::user::User;

impl Store {
    /// Creates `user` together with a one-time token and the mail that carries its link.
    pub fn create_user_with_mail(
        &self,
        user: User,
        token_hash: &[u8],
        token: impl FnOnce(&User) -> OneTimeToken,
        mail: OutgoingMail,
    ) -> Result<User, StoreError> {
        self.write("registering an account", |txn| {
            let user = put_user(txn, user, None)?;
            put_token(txn, token_hash, &token(&user))?;
            enqueue_in(txn, mail)?;
            Ok(user)
        })
    }

    /// Stores a one-time token together with the mail that carries its link.
    pub fn issue_token_with_mail(
        &self,
        token_hash: &[u8],
        token: &OneTimeToken,
        mail: OutgoingMail,
    ) -> Result<(), StoreError> {
        self.write("sending a one-time link", |txn| {
            put_token(txn, token_hash, token)?;
            enqueue_in(txn, mail)?;
            Ok(())
        })
    }

    /// Queues a mail that changes nothing else (notices).
    pub fn queue_mail(&self, mail: OutgoingMail) -> Result<(), StoreError> {
        self.write("queueing a mail", |txn| enqueue_in(txn, mail).map(|_| ()))
    }

    /// Reads a one-time token without using it (to show the form a link leads to).
    pub fn peek_token(&self, token_hash: &[u8]) -> Result<Option<OneTimeToken>, StoreError> {
        let txn = self.read("reading a one-time link")?;
        let table = txn
            .open_table(TOKENS)
            .map_err(StoreError::db("opening tokens"))?;
        let value = table
            .get(token_hash)
            .map_err(StoreError::db("reading a one-time link"))?;
        value
            .map(|v| decode(v.value(), "one-time token"))
            .transpose()
    }
}
