//! Secrets of accounts: password hashes and random tokens (sessions, e-mail links).
//!
//! Nothing here knows about HTTP or the store. Passwords are hashed with argon2id into PHC
//! strings, never more than [`MAX_CONCURRENT_HASHES`] at once in the whole process, because one
//! hash costs tens of milliseconds of a core and about 19 MiB of memory. Tokens are random
//! strings given to a person once; only their SHA-256 is stored, so a copy of the database does
//! not open anyone's session.

mod password;
mod tokens;

pub use password::{
    HASH_WAIT, MAX_CONCURRENT_HASHES, MAX_PASSWORD_BYTES, hash_password, needs_rehash,
    verify_dummy, verify_password,
};
pub use tokens::{TOKEN_LEN, constant_time_eq, is_token, new_token, token_hash};

use std::fmt;

/// What can go wrong with passwords and tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// Every hashing slot stayed taken for [`HASH_WAIT`]: answer "try again" (HTTP 503), not
    /// "wrong password".
    Busy,
    /// The password is longer than [`MAX_PASSWORD_BYTES`]; the password policy stops it first.
    TooLong,
    /// The operating system gave no random bytes.
    Random(String),
    /// A stored hash cannot be read or has parameters we refuse to run, or argon2 failed.
    Hash(String),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Busy => {
                f.write_str("serwer jest chwilowo przeciążony — spróbuj ponownie za chwilę")
            }
            AuthError::TooLong => f.write_str("hasło jest za długie"),
            AuthError::Random(reason) => {
                write!(f, "system nie dostarczył losowych bajtów: {reason}")
            }
            AuthError::Hash(reason) => write!(f, "błąd skrótu hasła: {reason}"),
        }
    }
}

impl std::error::Error for AuthError {}
