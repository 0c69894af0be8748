//! E-mail: the Polish texts of the platform's messages, and their delivery over SMTP.
//!
//! A message is written to the outbox in the store (`Store::enqueue_mail`, or inside another
//! write so that, say, a new account and its verification mail commit together). The background
//! [`MailSender`] delivers due messages with the SMTP settings an admin saved, retries with
//! exponential backoff (1, 2, 4 … minutes, at most an hour apart) and marks a message failed
//! after the last attempt. All state lives in the store, so a restart loses nothing. Without SMTP
//! settings messages stay pending and admins read them on the outbox page — the offline demo
//! works that way.
//!
//! - [`messages`]: subject, plain text and HTML of each message, with absolute links;
//! - [`smtp`]: one delivery with lettre's synchronous transport (no async runtime);
//! - [`sender`]: the thread, its wake-up signal and its pacing.

pub mod exchange_messages;
pub mod messages;
pub mod sender;
pub mod smtp;
pub mod subscriptions;

pub use sender::{MailSender, MailStore, SenderOptions, Wakeup};
