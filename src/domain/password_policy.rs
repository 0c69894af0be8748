//! What a new password must satisfy: length, not a common or guessable password, not the
//! person's own e-mail or name. Deliberately no composition rules ("a digit and a capital
//! letter"): they push people towards "Haslo123!" and add little. Long pass phrases are welcome.
//!
//! Comparisons ignore case, Polish diacritics and spaces, so "Kocham Cię" counts as
//! "kochamcie".

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::text::fold::fold;

/// Fewest characters (not bytes) a password may have.
pub const MIN_CHARS: usize = 10;
/// Most characters a password may have.
pub const MAX_CHARS: usize = 256;

// The messages, shown beside the password field.
pub const TOO_SHORT: &str = "Hasło musi mieć co najmniej 10 znaków.";
pub const TOO_LONG: &str = "Hasło może mieć najwyżej 256 znaków.";
pub const TOO_COMMON: &str = "To hasło jest zbyt popularne albo łatwe do odgadnięcia. Wybierz inne — na przykład kilka przypadkowych słów.";
pub const CONTAINS_EMAIL: &str = "Hasło nie może zawierać Twojego adresu e-mail.";
pub const CONTAINS_NAME: &str = "Hasło nie może zawierać Twojego imienia ani nazwiska.";

/// Parts of an e-mail or a name shorter than this are not looked for inside the password:
/// "Jan" or "ola" would forbid too many good passwords.
const MIN_PERSONAL_PART: usize = 4;

/// How many digits or symbols around a known word are tried away ("!!torun2024!!").
const MAX_AFFIX: usize = 8;

const COMMON_LIST: &str = include_str!("common_passwords.txt");

/// Checks a password someone chooses (at registration, reset or change). `email` and `name` are
/// the account's; the error is a Polish message to show beside the password field.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(TOO_SHORT);
    }
    if chars > MAX_CHARS {
        return Err(TOO_LONG);
    }
    let compact = normalise(password);
    let letters: String = compact.chars().filter(|c| c.is_alphanumeric()).collect();
    let contains_any = |parts: &[String]| {
        parts
            .iter()
            .any(|part| compact.contains(part.as_str()) || letters.contains(part.as_str()))
    };
    if contains_any(&email_parts(email)) {
        return Err(CONTAINS_EMAIL);
    }
    if contains_any(&name_parts(name)) {
        return Err(CONTAINS_NAME);
    }
    if is_guessable(&compact) {
        return Err(TOO_COMMON);
    }
    Ok(())
}

/// Lower case, no diacritics, no white space.
fn normalise(text: &str) -> String {
    fold(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn common() -> &'static HashSet<String> {
    static COMMON: OnceLock<HashSet<String>> = OnceLock::new();
    COMMON.get_or_init(|| {
        COMMON_LIST
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(normalise)
            .collect()
    })
}

/// The local part of the address, and its pieces between dots, dashes, digits and the like.
fn email_parts(email: &str) -> Vec<String> {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    personal_parts(local)
}

/// The whole name without spaces, and each of its words.
fn name_parts(name: &str) -> Vec<String> {
    personal_parts(name)
}

fn personal_parts(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut parts: Vec<String> = folded
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_owned)
        .collect();
    parts.push(folded.chars().filter(|c| c.is_alphanumeric()).collect());
    parts.push(normalise(text));
    parts.retain(|p| p.chars().count() >= MIN_PERSONAL_PART);
    parts
}

/// In the list; a listed word with digits or symbols around it; a listed word or a short
/// piece repeated; a run like "abcdefghij"; hardly any distinct characters; a date.
fn is_guessable(compact: &str) -> bool {
    let chars: Vec<char> = compact.chars().collect();
    is_listed_with_affixes(&chars)
        || is_repetition(&chars)
        || is_run(&chars)
        || distinct(&chars) < 3
        || is_date(&chars)
}

fn is_listed(word: &str) -> bool {
    let common = common();
    common.contains(word)
        || common.contains(&unleet(word, 'i'))
        || common.contains(&unleet(word, 'l'))
}

/// Undoes the usual digit-for-letter swaps ("p@ssw0rd"); `one` is what "1" stands for.
fn unleet(word: &str, one: char) -> String {
    word.chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' => one,
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// Tries the password without up to [`MAX_AFFIX`] leading and trailing non-letters.
fn is_listed_with_affixes(chars: &[char]) -> bool {
    let leading = chars
        .iter()
        .take_while(|c| !c.is_alphabetic())
        .count()
        .min(MAX_AFFIX);
    let trailing = chars
        .iter()
        .rev()
        .take_while(|c| !c.is_alphabetic())
        .count()
        .min(MAX_AFFIX);
    for start in 0..=leading {
        for cut in 0..=trailing {
            let end = chars.len().saturating_sub(cut);
            if start < end {
                let middle: String = chars[start..end].iter().collect();
                if is_listed(&middle) {
                    return true;
                }
            }
        }
    }
    false
}

/// The whole password is one piece repeated, and the piece is short or a listed word.
fn is_repetition(chars: &[char]) -> bool {
    let n = chars.len();
    (1..n).filter(|&len| n.is_multiple_of(len)).any(|len| {
        let unit = &chars[..len];
        chars.chunks(len).all(|chunk| chunk == unit)
            && (len <= 4 || is_listed(&unit.iter().collect::<String>()))
    })
}

/// Each character is the next (or the previous) one of the last: "0123456789", "jihgfedcba".
fn is_run(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

fn distinct(chars: &[char]) -> usize {
    chars.iter().collect::<HashSet<_>>().len()
}

/// A date written with digits only or with separators: "01.01.1990", "1990-01-01", "31121985".
fn is_date(chars: &[char]) -> bool {
    if !chars
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | '_'))
    {
        return false;
    }
    let digits: Vec<u32> = chars.iter().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 8 {
        return false;
    }
    let number = |range: std::ops::Range<usize>| digits[range].iter().fold(0, |n, d| n * 10 + d);
    let plausible = |day: u32, month: u32, year: u32| {
        (1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2099).contains(&year)
    };
    plausible(number(0..2), number(2..4), number(4..8))
        || plausible(number(6..8), number(4..6), number(0..4))
        || plausible(number(2..4), number(0..2), number(4..8))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "jan.kowalski85@example.pl";
    const NAME: &str = "Jan Kowalski";

    fn check(password: &str) -> Result<(), &'static str> {
        check_new_password(password, EMAIL, NAME)
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(check("krótkie"), Err(TOO_SHORT));
        // Nine characters, but 17 bytes in UTF-8.
        assert_eq!(check("źdźbłożół"), Err(TOO_SHORT));
        assert_eq!(check("źdźbło żółć"), Ok(()));
        assert_eq!(check(""), Err(TOO_SHORT));
        let longest = "żółw bez skorupy ".repeat(16);
        let longest: String = longest.chars().take(MAX_CHARS).collect();
        assert_eq!(check(&longest), Ok(()));
        assert_eq!(check(&format!("{longest}x")), Err(TOO_LONG));
    }

    #[test]
    fn good_passwords_pass_without_any_composition_rule() {
        for good in [
            "tramwaj jedzie na bielany",
            "czerwonyparasolwtramwaju",
            "Wisła płynie pod mostem",
            "8472910365",
            "kot-w-butach-na-rowerze",
            "plac rapackiego o świcie",
            "żółta kaczka 7 jezior",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn refuses_listed_passwords_in_any_case_and_with_diacritics() {
        for bad in [
            "1234567890",
            "qwertyuiop",
            "Qwerty123456",
            "zaq12wsxcde3",
            "1qaz2wsx3edc",
            "kochamciebardzo",
            "Kocham Cię Bardzo",
            "KOCHAMCIESKARBIE",
            "administrator",
            "sezamieotworzsie",
        ] {
            assert_eq!(check(bad), Err(TOO_COMMON), "{bad}");
        }
    }

    #[test]
    fn refuses_listed_words_with_digits_or_symbols_around_them() {
        for bad in [
            "qwerty1234",
            "zaq12wsx2024",
            "1qaz2wsx2024",
            "polska1234",
            "haslo12345",
            "Hasło12345!",
            "kochamcie1",
            "torun2024!",
            "Toruń2026!",
            "2024torun!",
            "warszawa2023",
            "Kasia1990!",
            "p@ssw0rd123",
            "h@sl0-2025!",
            "po1ska2024",
            "k0ch@mc1e!",
            "!!legia1916!!",
        ] {
            assert_eq!(check(bad), Err(TOO_COMMON), "{bad}");
        }
    }

    #[test]
    fn refuses_repetitions_runs_and_dates() {
        for bad in [
            "aaaaaaaaaa",
            "          ",
            "1212121212",
            "abcabcabcabc",
            "haslohaslohaslo",
            "kasiakasia",
            "abcdefghijkl",
            "9876543210",
            "aaaaabbbbb",
            "01.01.1990",
            "1990-12-31",
            "31/12/1985",
        ] {
            assert_eq!(check(bad), Err(TOO_COMMON), "{bad}");
        }
    }

    #[test]
    fn refuses_the_e_mail_and_the_name() {
        assert_eq!(check("jan.kowalski85!"), Err(CONTAINS_EMAIL));
        assert_eq!(check("JanKowalski85xyz"), Err(CONTAINS_EMAIL));
        assert_eq!(check("moje nazwisko kowalski"), Err(CONTAINS_EMAIL));
        assert_eq!(
            check_new_password("Nowak od zawsze", "a.nowak@example.pl", "Anna Wiśniewska"),
            Err(CONTAINS_EMAIL)
        );
        assert_eq!(
            check_new_password(
                "wiśniewska na rowerze",
                "anna@example.pl",
                "Anna Wiśniewska"
            ),
            Err(CONTAINS_NAME)
        );
        assert_eq!(
            check_new_password("WISNIEWSKA-ANNA", "a1@example.pl", "Anna Wiśniewska"),
            Err(CONTAINS_NAME)
        );
        // Short parts ("Jan", "ola") are not looked for.
        assert_eq!(
            check_new_password("janowiec nad wisłą", "ola@example.pl", "Jan Ola"),
            Ok(())
        );
    }

    #[test]
    fn empty_or_odd_e_mail_and_name_are_harmless() {
        assert_eq!(
            check_new_password("tramwaj jedzie na bielany", "", ""),
            Ok(())
        );
        assert_eq!(
            check_new_password("tramwaj jedzie na bielany", "@@@", " - "),
            Ok(())
        );
    }

    #[test]
    fn the_list_is_tidy() {
        let mut seen = HashSet::new();
        for line in COMMON_LIST.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert_eq!(line, normalise(line), "not folded: {line:?}");
            assert!(seen.insert(line), "listed twice: {line}");
        }
        assert!(seen.len() >= 300, "{}", seen.len());
        for word in [
            "zaq12wsx",
            "qwerty123",
            "polska123",
            "haslo123",
            "kochamcie",
        ] {
            assert!(
                is_listed_with_affixes(&word.chars().collect::<Vec<_>>()),
                "{word}"
            );
        }
    }
}
