//! Random tokens for session cookies and e-mail links (verification, password reset).
//!
//! A token is 32 bytes from the operating system's generator, written as 64 lower-case hex
//! characters: safe in a cookie and in a URL without escaping. The person gets the token; the
//! store keeps only [`token_hash`] of it and finds the record by that hash, so neither a leaked
//! database nor a timing difference in the lookup reveals a usable token.

use sha2::{Digest, Sha256};

use super::AuthError;

/// Length of a token in characters.
pub const TOKEN_LEN: usize = 64;

const TOKEN_BYTES: usize = TOKEN_LEN / 2;

/// A fresh token: 32 random bytes as lower-case hex. Fails only if the operating system has no
/// randomness to give.
pub fn new_token() -> Result<String, AuthError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(to_hex(&bytes))
}

/// True if `text` looks like a token we issued (64 lower-case hex characters). Check this before
/// hashing a value from a cookie or a link, and treat anything else as no token.
pub fn is_token(text: &str) -> bool {
    text.len() == TOKEN_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The SHA-256 of a token: what the store keeps and looks tokens up by.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Compares two byte strings in time that depends only on their lengths, not on where they
/// first differ. Lengths are not secret here (tokens and hashes have fixed lengths).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Keeps the optimiser from turning the fold into an early-exit comparison.
    std::hint::black_box(difference) == 0
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tokens_are_well_formed_and_different() {
        let tokens: HashSet<String> = (0..200).map(|_| new_token().unwrap()).collect();
        assert_eq!(tokens.len(), 200);
        for token in &tokens {
            assert_eq!(token.len(), TOKEN_LEN);
            assert!(is_token(token), "{token}");
        }
    }

    #[test]
    fn recognises_only_our_token_shape() {
        let good = "0123456789abcdef".repeat(4);
        assert!(is_token(&good));
        assert!(!is_token(""));
        assert!(!is_token(&good[1..]));
        assert!(!is_token(&format!("{good}0")));
        assert!(!is_token(&good.to_uppercase()));
        assert!(!is_token(&"g".repeat(TOKEN_LEN)));
        assert!(!is_token(&"ą".repeat(TOKEN_LEN / 2)));
    }

    #[test]
    fn hash_is_sha256() {
        // SHA-256("abc"), the standard test vector.
        assert_eq!(
            to_hex(&token_hash("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let token = new_token().unwrap();
        assert_eq!(token_hash(&token), token_hash(&token.clone()));
        assert_ne!(token_hash(&token), token_hash(&new_token().unwrap()));
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"xbc"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        let h = token_hash("a");
        assert!(constant_time_eq(&h, &token_hash("a")));
        assert!(!constant_time_eq(&h, &token_hash("b")));
    }
}
