//! Splitting text into search tokens.
//!
//! A token is a run of letters and digits, folded to lower case without Polish diacritics
//! ([`crate::text::fold`]), so "Łódź", "łódź" and "LODZ" all give `lodz`. Everything else
//! separates tokens. A query token matches a record token when it is a prefix of it ("stow"
//! matches `stowarzyszenie`); prefix matching stands in for stemming, which Polish would need a
//! large dictionary for.
//!
//! Numbers such as NIP are often written in groups ("879-123-45-67"). Records are therefore
//! indexed with both the groups and the groups joined across single hyphens (`8791234567`), and
//! a query joins such groups into one token, so a NIP typed with or without dashes finds the
//! record either way.

use crate::text::fold::fold_char;

/// Longer tokens are cut to this many characters (on both sides, so prefixes still match).
pub const MAX_TOKEN_CHARS: usize = 40;
/// Only the beginning of a long query is read.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many distinct query tokens are used (the longest ones).
pub const MAX_QUERY_TOKENS: usize = 8;

/// The tokens of `text`, in order, repeats kept.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |token| out.push(token.to_owned()));
    out
}

/// Calls `f` with each token of `text`, in order (no allocation per token).
pub fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    scan(text, |token, _, _| f(token));
}

/// Like [`for_each_token`], and additionally gives each run of digit groups joined by single
/// hyphens as one more token ("87-100" gives `87`, `100` and `87100`). Use it for record text.
pub fn for_each_index_token(text: &str, mut f: impl FnMut(&str)) {
    let mut run = DigitRun::default();
    scan(text, |token, joined, digits| {
        f(token);
        if let Some(done) = run.feed(token, joined, digits)
            && done.parts > 1
        {
            f(&done.text);
        }
    });
    if run.parts > 1 {
        f(&run.text);
    }
}

/// The tokens a query is made of: digit groups joined by hyphens become one token, repeats and
/// tokens that are a prefix of another query token are dropped (they cannot narrow the result),
/// and at most [`MAX_QUERY_TOKENS`] of the longest are kept. Longest first.
pub fn query_tokens(query: &str) -> Vec<String> {
    let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => &query[..end],
        None => query,
    };
    let mut found: Vec<String> = Vec::new();
    let mut run = DigitRun::default();
    scan(query, |token, joined, digits| {
        if let Some(done) = run.feed(token, joined, digits) {
            found.push(done.text);
        }
        if run.parts == 0 {
            found.push(token.to_owned());
        }
    });
    if run.parts > 0 {
        found.push(run.text);
    }
    found.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut kept: Vec<String> = Vec::with_capacity(found.len());
    for token in found {
        if !kept.iter().any(|longer| longer.starts_with(token.as_str())) {
            kept.push(token);
        }
    }
    kept.truncate(MAX_QUERY_TOKENS);
    kept
}

/// A bit for the first character of a token when it is an ASCII letter or digit, else 0: the
/// indexes keep the initials of each record's tokens as a mask, which answers one-letter query
/// words without reading the vocabulary.
pub(crate) fn initial_bit(token: &str) -> u64 {
    match token.as_bytes().first() {
        Some(&b @ b'a'..=b'z') => 1 << (b - b'a'),
        Some(&b @ b'0'..=b'9') => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// Collects digit-only tokens that follow each other across single hyphens.
#[derive(Default)]
struct DigitRun {
    text: String,
    parts: usize,
}

impl DigitRun {
    /// Takes the next token; returns the finished run when this token does not continue it.
    /// Afterwards `parts` is 0 when `token` is not part of a run.
    fn feed(&mut self, token: &str, joined: bool, digits: bool) -> Option<DigitRun> {
        if digits && joined && self.parts > 0 {
            // Cut like any other token; digits are ASCII, so any byte is a boundary.
            let room = MAX_TOKEN_CHARS.saturating_sub(self.text.len());
            self.text.push_str(&token[..room.min(token.len())]);
            self.parts += 1;
            return None;
        }
        let done = (self.parts > 0).then(|| std::mem::take(self));
        if digits {
            self.text.push_str(token);
            self.parts = 1;
        }
        done
    }
}

/// The core splitter: calls `f(token, joined, digits)`, where `joined` says the token follows
/// the previous one across exactly one hyphen and `digits` that it has only ASCII digits.
fn scan(text: &str, mut f: impl FnMut(&str, bool, bool)) {
    let mut token = String::with_capacity(MAX_TOKEN_CHARS);
    let mut token_chars = 0;
    let mut digits = true;
    let mut joined = false;
    let mut seen_token = false;
    let mut gap_chars = 0;
    let mut gap_is_hyphen = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let c = if byte.is_ascii() {
            at += 1;
            char::from(byte)
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            c
        };
        let in_word = if byte.is_ascii() {
            byte.is_ascii_alphanumeric()
        } else if is_combining_mark(c) {
            // Decomposed "o" + acute: the mark belongs to the letter, which folding drops anyway.
            continue;
        } else {
            c.is_alphanumeric()
        };
        if in_word {
            if token.is_empty() {
                joined = seen_token && gap_chars == 1 && gap_is_hyphen;
            }
            if byte.is_ascii() {
                // Most Polish text is ASCII; skip the folding table for it.
                digits &= byte.is_ascii_digit();
                if token_chars < MAX_TOKEN_CHARS {
                    token.push(char::from(byte.to_ascii_lowercase()));
                    token_chars += 1;
                }
                continue;
            }
            digits = false;
            for folded in fold_char(c) {
                if token_chars < MAX_TOKEN_CHARS {
                    token.push(folded);
                    token_chars += 1;
                }
            }
        } else {
            if !token.is_empty() {
                f(&token, joined, digits);
                token.clear();
                token_chars = 0;
                digits = true;
                seen_token = true;
                gap_chars = 0;
                gap_is_hyphen = true;
            }
            gap_chars += 1;
            gap_is_hyphen &= is_hyphen(c);
        }
    }
    if !token.is_empty() {
        f(&token, joined, digits);
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2013}' | '\u{2212}')
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_index_token(text, |token| out.push(token.to_owned()));
        out
    }

    #[test]
    fn splits_on_non_alphanumerics_and_folds() {
        let table: &[(&str, &[&str])] = &[
            ("Łódź", &["lodz"]),
            ("ŁÓDŹ łódź lodz", &["lodz", "lodz", "lodz"]),
            (
                "Stowarzyszenie „Łódź-Bałuty” nr 5",
                &["stowarzyszenie", "lodz", "baluty", "nr", "5"],
            ),
            ("ul. Szeroka 12/3", &["ul", "szeroka", "12", "3"]),
            ("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", &["zazolc", "gesla", "jazn"]),
            ("O'Neill & syn", &["o", "neill", "syn"]),
            ("CIS-2", &["cis", "2"]),
            ("Straße", &["strasse"]),
            ("Київ", &["київ"]),
            ("", &[]),
            ("  „” -- ... ", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(tokens(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn decomposed_letters_stay_in_one_token() {
        assert_eq!(tokens("Ło\u{301}dz\u{301} S\u{301}wit"), ["lodz", "swit"]);
        assert_eq!(tokens("z\u{307}ak"), ["zak"]);
    }

    #[test]
    fn long_tokens_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(tokens(&long), ["a".repeat(MAX_TOKEN_CHARS)]);
        assert_eq!(tokens(&"ą".repeat(100))[0].chars().count(), MAX_TOKEN_CHARS);
        assert_eq!(query_tokens(&long), ["a".repeat(MAX_TOKEN_CHARS)]);
    }

    #[test]
    fn record_text_also_gets_hyphenated_digit_groups_joined() {
        assert_eq!(
            index_tokens("NIP 879-123-45-67"),
            ["nip", "879", "123", "45", "67", "8791234567"]
        );
        // A run is given once it has ended.
        assert_eq!(
            index_tokens("87-100 Toruń"),
            ["87", "100", "torun", "87100"]
        );
        // Letters, spaces or several separators do not join.
        assert_eq!(index_tokens("CIS-2"), ["cis", "2"]);
        assert_eq!(index_tokens("12 - 14"), ["12", "14"]);
        assert_eq!(index_tokens("12/14"), ["12", "14"]);
        assert_eq!(
            index_tokens("12–14 i 2-3"),
            ["12", "14", "i", "1214", "2", "3", "23"]
        );
    }

    #[test]
    fn joined_digit_groups_are_cut_like_other_tokens() {
        let groups = "1234567890-".repeat(6);
        let joined = "1234567890".repeat(4);
        assert_eq!(query_tokens(&groups), [joined.as_str()]);
        assert_eq!(index_tokens(&groups).last(), Some(&joined));
    }

    #[test]
    fn query_tokens_join_digit_groups_and_drop_redundant_ones() {
        let table: &[(&str, &[&str])] = &[
            ("879-123-45-67", &["8791234567"]),
            ("nip 879-123", &["879123", "nip"]),
            ("Łódź lodz ŁÓDŹ", &["lodz"]),
            ("fun fundacja", &["fundacja"]),
            ("Stow Kultura", &["kultura", "stow"]),
            ("12 - 14", &["12", "14"]),
            ("„”", &[]),
            ("", &[]),
        ];
        for (query, expected) in table {
            assert_eq!(query_tokens(query), *expected, "{query:?}");
        }
    }

    #[test]
    fn query_tokens_are_limited() {
        let query = "aa bbbbb cccc ddd eeeeeeeee ff gggggggg hhhhhhh iiiiii jjjjjjjjjj";
        let found = query_tokens(query);
        assert_eq!(found.len(), MAX_QUERY_TOKENS);
        assert_eq!(found[0], "jjjjjjjjjj");
        assert!(!found.contains(&"aa".to_owned()));
        let long_query = "słowo ".repeat(1000);
        assert_eq!(query_tokens(&long_query), ["slowo"]);
        let beyond_limit = format!("{}zzz", " ".repeat(MAX_QUERY_CHARS));
        assert!(query_tokens(&beyond_limit).is_empty());
    }
}
