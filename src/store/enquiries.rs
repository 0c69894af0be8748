//! Enquiries and their inbox index. Starting a conversation or adding a message writes the
//! record, the index of the accounts taking part and the e-mails in one transaction.

use redb::{ReadableTable, WriteTransaction};

use super::changelog::ChangeOp;
use super::outbox::enqueue_in;
use super::records::{next_id, put_record_in, record_in};
use super::tables::{ENQUIRIES, ENQUIRIES_BY_USER};
use super::{Store, StoreError};
use crate::domain::enquiry::{Enquiry, EnquiryId, MAX_MESSAGES, Message};
use crate::domain::mail::OutgoingMail;
use crate::domain::user::UserId;

const WHAT: &str = "enquiry";

/// Why a message could not be added.
#[derive(Debug)]
pub enum ReplyError {
    NotFound,
    TooLong,
    Store(StoreError),
}

impl From<StoreError> for ReplyError {
    fn from(e: StoreError) -> ReplyError {
        ReplyError::Store(e)
    }
}

impl Store {
    pub fn enquiry(&self, id: EnquiryId) -> Result<Option<Enquiry>, StoreError> {
        self.record(ENQUIRIES, id.0, WHAT)
    }

    /// Stores a new conversation (its id is given here) and queues the mails `mails_for`
    /// makes of the stored record.
    pub fn start_enquiry(
        &self,
        enquiry: Enquiry,
        mails_for: impl Fn(&Enquiry) -> Vec<OutgoingMail>,
    ) -> Result<Enquiry, StoreError> {
        self.write("sending an enquiry", |txn| {
            let mut enquiry = enquiry.clone();
            enquiry.id = EnquiryId(next_id(txn, ENQUIRIES)?);
            let author = enquiry.messages.first().and_then(|m| m.author).map(|u| u.0);
            put_record_in(
                txn,
                ENQUIRIES,
                enquiry.id.0,
                &enquiry,
                ChangeOp::Insert,
                author,
            )?;
            index_users(txn, &enquiry)?;
            for mail in mails_for(&enquiry) {
                enqueue_in(txn, mail)?;
            }
            Ok(enquiry)
        })
    }

    /// Adds a message to a conversation and queues the mails `mails_for` makes of the updated
    /// record.
    pub fn add_enquiry_message(
        &self,
        id: EnquiryId,
        message: Message,
        mails_for: impl Fn(&Enquiry) -> Vec<OutgoingMail>,
    ) -> Result<Enquiry, ReplyError> {
        self.write("replying to an enquiry", |txn| {
            let Some(mut enquiry) = record_in::<Enquiry>(txn, ENQUIRIES, id.0, WHAT)? else {
                return Ok(Err(ReplyError::NotFound));
            };
            if enquiry.messages.len() >= MAX_MESSAGES {
                return Ok(Err(ReplyError::TooLong));
            }
            enquiry.updated = message.sent;
            let author = message.author.map(|u| u.0);
            enquiry.messages.push(message.clone());
            if let Some(user) = message.author {
                enquiry.mark_read(user);
            }
            put_record_in(txn, ENQUIRIES, id.0, &enquiry, ChangeOp::Update, author)?;
            for mail in mails_for(&enquiry) {
                enqueue_in(txn, mail)?;
            }
            Ok(Ok(enquiry))
        })?
    }

    /// Notes that `user` has read the conversation.
    pub fn mark_enquiry_read(&self, id: EnquiryId, user: UserId) -> Result<(), StoreError> {
        self.write("marking an enquiry read", |txn| {
            if let Some(mut enquiry) = record_in::<Enquiry>(txn, ENQUIRIES, id.0, WHAT)?
                && enquiry.unread_by(user)
            {
                enquiry.mark_read(user);
                put_record_in(
                    txn,
                    ENQUIRIES,
                    id.0,
                    &enquiry,
                    ChangeOp::Update,
                    Some(user.0),
                )?;
            }
            Ok(())
        })
    }

    /// The conversations `user` takes part in, most recently active first.
    pub fn enquiries_of_user(&self, user: UserId) -> Result<Vec<Enquiry>, StoreError> {
        let txn = self.read("reading the inbox")?;
        let index = txn
            .open_table(ENQUIRIES_BY_USER)
            .map_err(StoreError::db("opening the inbox"))?;
        let table = txn
            .open_table(ENQUIRIES)
            .map_err(StoreError::db("opening enquiries"))?;
        let mut out: Vec<Enquiry> = Vec::new();
        for entry in index
            .range((user.0, 0)..=(user.0, u64::MAX))
            .map_err(StoreError::db("reading the inbox"))?
        {
            let (key, _) = entry.map_err(StoreError::db("reading the inbox"))?;
            let id = key.value().1;
            if let Some(value) = table.get(id).map_err(StoreError::db("reading enquiries"))? {
                out.push(super::codec::decode(
                    value.value(),
                    &format!("{WHAT} {id}"),
                )?);
            }
        }
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then(b.id.cmp(&a.id)));
        Ok(out)
    }
}

/// Takes a deleted account out of its conversations: the other side keeps the messages, signed
/// "Konto usunięte" instead of the person's name.
pub(crate) fn forget_user_in(txn: &WriteTransaction, user: UserId) -> Result<(), StoreError> {
    let ids: Vec<u64> = {
        let index = txn
            .open_table(ENQUIRIES_BY_USER)
            .map_err(StoreError::db("opening the inbox"))?;
        index
            .range((user.0, 0)..=(user.0, u64::MAX))
            .map_err(StoreError::db("reading the inbox"))?
            .filter_map(Result::ok)
            .map(|(k, _)| k.value().1)
            .collect()
    };
    let mut index = txn
        .open_table(ENQUIRIES_BY_USER)
        .map_err(StoreError::db("opening the inbox"))?;
    for id in ids {
        index
            .remove((user.0, id))
            .map_err(StoreError::db("writing the inbox"))?;
        let Some(mut enquiry) = record_in::<Enquiry>(txn, ENQUIRIES, id, WHAT)? else {
            continue;
        };
        enquiry.forget_user(user);
        put_record_in(txn, ENQUIRIES, id, &enquiry, ChangeOp::Update, None)?;
    }
    Ok(())
}

fn index_users(txn: &WriteTransaction, enquiry: &Enquiry) -> Result<(), StoreError> {
    let mut index = txn
        .open_table(ENQUIRIES_BY_USER)
        .map_err(StoreError::db("opening the inbox"))?;
    for user in enquiry.users() {
        index
            .insert((user.0, enquiry.id.0), ())
            .map_err(StoreError::db("writing the inbox"))?;
    }
    Ok(())
}
