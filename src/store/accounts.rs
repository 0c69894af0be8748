//! Account changes that must commit together with the e-mail they cause: a new account and its
//! verification link, a reset link and its message. Either both are stored or neither.

use redb::ReadableTable;

use super::codec::decode;
use super::outbox::enqueue_in;
use super::sessions::put_token;
use super::tables::{TOKENS, USERS};
use super::users::put_user;
use super::{Store, StoreError};
use crate::domain::mail::OutgoingMail;
use crate::domain::session::OneTimeToken;
use crate::domain::user::{User, UserId};

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

    /// Stores a one-time token together with several mails: the link and the notices that go
    /// with it (a change of e-mail address writes to both the new and the old address).
    pub fn issue_token_with_mails(
        &self,
        token_hash: &[u8],
        token: &OneTimeToken,
        mails: Vec<OutgoingMail>,
    ) -> Result<(), StoreError> {
        self.write("sending a one-time link", |txn| {
            put_token(txn, token_hash, token)?;
            for mail in mails {
                enqueue_in(txn, mail)?;
            }
            Ok(())
        })
    }

    /// Changes the stored account `id` in one transaction (by `author`): `change` edits the
    /// record as it is now and returns the mail that tells its owner, if any — or an error,
    /// and nothing is written. `None` when there is no such account.
    pub fn update_user<E>(
        &self,
        id: UserId,
        author: Option<u64>,
        change: impl FnOnce(&mut User) -> Result<Option<OutgoingMail>, E>,
    ) -> Result<Option<Result<User, E>>, StoreError> {
        self.write("changing an account", |txn| {
            let stored = {
                let table = txn
                    .open_table(USERS)
                    .map_err(StoreError::db("opening users"))?;
                let value = table.get(id.0).map_err(StoreError::db("reading a user"))?;
                value
                    .map(|v| decode::<User>(v.value(), &format!("user {}", id.0)))
                    .transpose()?
            };
            let Some(mut user) = stored else {
                return Ok(None);
            };
            let mail = match change(&mut user) {
                Ok(mail) => mail,
                Err(e) => return Ok(Some(Err(e))),
            };
            let user = put_user(txn, user, author)?;
            if let Some(mail) = mail {
                enqueue_in(txn, mail)?;
            }
            Ok(Some(Ok(user)))
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

#[cfg(test)]
mod update_tests {
    use super::*;
    use crate::domain::mail::MailContent;
    use crate::domain::user::{AccountStatus, Role};

    fn sample(email: &str) -> User {
        User {
            id: UserId(0),
            email: email.to_string(),
            name: "Anna Nowak".to_string(),
            role: Role::Staff,
            status: AccountStatus::AwaitingApproval,
            password_hash: "x".to_string(),
            terms_accepted_at: 1,
            email_verified_at: Some(1),
            organizations: Vec::new(),
            created: 1,
            updated: 1,
            session_generation: 0,
            deleted: None,
        }
    }

    fn notice(to: &str) -> OutgoingMail {
        let content = MailContent {
            subject: "Konto zatwierdzone".to_string(),
            text: "t".to_string(),
            html: "<p>t</p>".to_string(),
        };
        OutgoingMail::new(to, content, "konto-zatwierdzone", 1)
    }

    #[test]
    fn an_update_writes_the_account_and_its_mail_together_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let user = store.save_user(sample("anna@example.pl"), None).unwrap();
        let before = store.changelog_position().unwrap();

        let refused = store
            .update_user(user.id, Some(9), |u| {
                u.name = "Zmienione".to_string();
                Err("nie wolno")
            })
            .unwrap();
        assert_eq!(refused, Some(Err("nie wolno")));
        assert_eq!(store.user(user.id).unwrap().unwrap().name, "Anna Nowak");
        assert_eq!(store.changelog_position().unwrap(), before);

        let changed = store
            .update_user(user.id, Some(9), |u| {
                u.name = "Anna Kowalska".to_string();
                Ok::<_, ()>(Some(notice(&u.email)))
            })
            .unwrap();
        assert_eq!(changed.unwrap().unwrap().name, "Anna Kowalska");
        let changes = store.changes_since(before, 10).unwrap();
        let tables: Vec<(&str, Option<u64>)> = changes
            .iter()
            .map(|c| (c.table.as_str(), c.author))
            .collect();
        assert_eq!(tables, [("users_v1", Some(9)), ("outbox_v1", None)]);
        assert_eq!(store.outbox(1, 10, None).unwrap().0, 1);

        let missing = store
            .update_user(UserId(99), None, |_| Ok::<_, ()>(None))
            .unwrap();
        assert_eq!(missing, None);
    }
}
