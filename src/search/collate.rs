//! Polish collation: the order in which Polish people expect names in a list.
//!
//! The alphabet is A Ą B C Ć D E Ę F G H I J K L Ł M N Ń O Ó P Q R S Ś T U V W X Y Z Ź Ż; the
//! letters with diacritics are letters of their own that follow their base letter, so "Lublin"
//! comes before "Łódź" and "Zorza" before "Źródło" before "Żak".
//!
//! A [`CollationKey`] compares in levels, like the Unicode collation algorithm:
//! 1. primary — letters in the Polish alphabet regardless of case; digits before letters, with
//!    a run of digits compared as a number ("Klub 2" before "Klub 10"); whitespace separates
//!    words (so "Nowa Wieś" comes before "Nowakowo"); punctuation, quotes and symbols
//!    („ ” " ' - & …) are ignored; foreign accents (é, ü, č …) count as their base letter;
//!    letters of other scripts follow the Latin ones in code point order;
//! 2. secondary — foreign accents after plain letters, leading zeros of numbers;
//! 3. tertiary — lower case before upper case;
//! 4. last — the text itself, so that two different strings never compare equal and every sort
//!    is deterministic.
//!
//! Keys are built once (an index stores them) and then compared as plain `u16` slices.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

use crate::text::fold::fold_char;

/// A precomputed sort key; compare keys instead of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CollationKey(Box<[u16]>);

impl CollationKey {
    /// The raw weights (for debugging and tests).
    pub fn weights(&self) -> &[u16] {
        &self.0
    }
}

/// The Polish alphabet in order; the index of a letter is its primary weight.
const ALPHABET: [char; 35] = [
    'a', 'ą', 'b', 'c', 'ć', 'd', 'e', 'ę', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'ł', 'm', 'n', 'ń',
    'o', 'ó', 'p', 'q', 'r', 's', 'ś', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ź', 'ż',
];

/// Ends a level; lower than every weight, so a key that runs out first sorts first.
const LEVEL_END: u16 = 0;
/// A word boundary: lower than every character, so shorter words come first.
const WORD_SEPARATOR: u16 = 1;
/// A digit run starts with its length (without leading zeros) so that numbers compare by value.
const NUMBER_LENGTH: u16 = 0x0010;
const MAX_NUMBER_LENGTH: usize = 0x00ef;
const DIGIT: u16 = 0x0100;
const LETTER: u16 = 0x0200;
/// Letters outside the Latin alphabet: two units, the high bits then the low bits of the code
/// point (the high unit always carries this flag, so it sorts after every Latin letter).
const OTHER_SCRIPT: u16 = 0x8000;

const PLAIN: u16 = 1;
const ACCENTED: u16 = 2;
const LOWER: u16 = 1;
const UPPER: u16 = 2;

/// Builds the sort key of `text`.
pub fn collation_key(text: &str) -> CollationKey {
    let mut primary: Vec<u16> = Vec::with_capacity(text.len() + 2);
    let mut secondary: Vec<u16> = Vec::with_capacity(text.len());
    let mut tertiary: Vec<u16> = Vec::with_capacity(text.len());
    let mut pending_separator = false;

    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            pending_separator = !primary.is_empty();
            continue;
        }
        if is_combining_mark(c) || !c.is_alphanumeric() {
            // Punctuation and symbols neither count nor separate words.
            continue;
        }
        if pending_separator {
            primary.push(WORD_SEPARATOR);
            secondary.push(PLAIN);
            tertiary.push(LOWER);
            pending_separator = false;
        }
        if c.is_ascii_digit() {
            push_number(c, &mut chars, &mut primary, &mut secondary, &mut tertiary);
            continue;
        }
        let case = if c.is_uppercase() { UPPER } else { LOWER };
        let c = compose_polish(c, &mut chars);
        if let Some(weight) = polish_weight(c) {
            primary.push(weight);
            secondary.push(PLAIN);
            tertiary.push(case);
            continue;
        }
        let mut pushed = false;
        for folded in fold_char(c) {
            if folded.is_ascii_lowercase() {
                primary.push(LETTER + alphabet_index(folded));
                secondary.push(ACCENTED);
                tertiary.push(case);
                pushed = true;
            }
        }
        if !pushed {
            let code = c.to_lowercase().next().unwrap_or(c) as u32;
            primary.push(OTHER_SCRIPT | (code >> 16) as u16);
            primary.push((code & 0xffff) as u16);
            secondary.extend([PLAIN, PLAIN]);
            tertiary.extend([case, case]);
        }
    }

    let mut key = primary;
    key.push(LEVEL_END);
    key.extend_from_slice(&secondary);
    key.push(LEVEL_END);
    key.extend_from_slice(&tertiary);
    key.push(LEVEL_END);
    key.extend(text.encode_utf16());
    CollationKey(key.into_boxed_slice())
}

/// Compares two strings in Polish order (builds both keys; sort with keys when sorting many).
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// Sorts items in Polish order of the text `name` gives, computing each key once.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| collation_key(name(item)));
}

fn push_number(
    first: char,
    chars: &mut Peekable<Chars<'_>>,
    primary: &mut Vec<u16>,
    secondary: &mut Vec<u16>,
    tertiary: &mut Vec<u16>,
) {
    let mut digits: Vec<u16> = vec![first as u16 - '0' as u16];
    while let Some(&next) = chars.peek() {
        if !next.is_ascii_digit() {
            break;
        }
        digits.push(next as u16 - '0' as u16);
        chars.next();
    }
    let leading_zeros = digits.iter().take_while(|&&d| d == 0).count();
    let significant = &digits[leading_zeros.min(digits.len() - 1)..];
    let length = significant.len().min(MAX_NUMBER_LENGTH);
    primary.push(NUMBER_LENGTH + length as u16);
    secondary.push(PLAIN + leading_zeros.min(0x7fff) as u16);
    tertiary.push(LOWER);
    for &digit in &significant[..length] {
        primary.push(DIGIT + digit);
        secondary.push(PLAIN);
        tertiary.push(LOWER);
    }
}

/// Text pasted from some systems carries "o" + combining acute instead of "ó"; treat the pair
/// as the Polish letter.
fn compose_polish(c: char, chars: &mut Peekable<Chars<'_>>) -> char {
    let Some(&mark) = chars.peek() else {
        return c;
    };
    let composed = match (c, mark) {
        ('a', '\u{328}') => 'ą',
        ('A', '\u{328}') => 'Ą',
        ('e', '\u{328}') => 'ę',
        ('E', '\u{328}') => 'Ę',
        ('c', '\u{301}') => 'ć',
        ('C', '\u{301}') => 'Ć',
        ('n', '\u{301}') => 'ń',
        ('N', '\u{301}') => 'Ń',
        ('o', '\u{301}') => 'ó',
        ('O', '\u{301}') => 'Ó',
        ('s', '\u{301}') => 'ś',
        ('S', '\u{301}') => 'Ś',
        ('z', '\u{301}') => 'ź',
        ('Z', '\u{301}') => 'Ź',
        ('z', '\u{307}') => 'ż',
        ('Z', '\u{307}') => 'Ż',
        _ => return c,
    };
    chars.next();
    composed
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// The primary weight of a letter of the Polish alphabet (either case).
fn polish_weight(c: char) -> Option<u16> {
    let lower = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' => c,
        'Ą' => 'ą',
        'Ć' => 'ć',
        'Ę' => 'ę',
        'Ł' => 'ł',
        'Ń' => 'ń',
        'Ó' => 'ó',
        'Ś' => 'ś',
        'Ź' => 'ź',
        'Ż' => 'ż',
        'ą' | 'ć' | 'ę' | 'ł' | 'ń' | 'ó' | 'ś' | 'ź' | 'ż' => c,
        _ => return None,
    };
    Some(LETTER + alphabet_index(lower))
}

fn alphabet_index(lower: char) -> u16 {
    ALPHABET
        .iter()
        .position(|&letter| letter == lower)
        .unwrap_or(ALPHABET.len()) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real Polish towns and organisation names in the order a Polish reader expects.
    const IN_POLISH_ORDER: &[&str] = &[
        "4 Łapy",
        "Aleksandrów Kujawski",
        "Arka",
        "Brodnica",
        "Bydgoszcz",
        "Caritas Diecezji Toruńskiej",
        "Centrum Integracji Społecznej w Toruniu",
        "Chełmno",
        "Chełmża",
        "Ciechocinek",
        "Cyrk",
        "Ćma",
        "Ćmielów",
        "Daleszyce",
        "Dąbrowa Chełmińska",
        "Dobrzyń nad Wisłą",
        "Elbląg",
        "Ełk",
        "Fundacja Ekologiczna „Arkadia”",
        "Fundacja „Światło”",
        "Gniezno",
        "Golub Dobrzyń",
        "Golub-Dobrzyń",
        "Golubiewo",
        "Grudziądz",
        "Inowrocław",
        "Kowalewo Pomorskie",
        "Lubicz",
        "Lublin",
        "Łańcut",
        "Łódź",
        "Łysomice",
        "Nowa Wieś",
        "Nowakowo",
        "Nowe Miasto Lubawskie",
        "Olecko",
        "Oleśnica",
        "Olsztyn",
        "Ostrołęka",
        "Płock",
        "Poznań",
        "„Przystań” Stowarzyszenie",
        "Radom",
        "Rypin",
        "Sopot",
        "Stowarzyszenie",
        "Stowarzyszenie Amazonki",
        "Szansa",
        "Świecie",
        "Świt",
        "Toruń",
        "Tuchola",
        "Warszawa",
        "Wąbrzeźno",
        "Włocławek",
        "Zakopane",
        "Zielona Góra",
        "Zorza",
        "Źródło",
        "Żak",
        "Żnin",
        "Żyrardów",
    ];

    #[test]
    fn real_names_sort_in_polish_order() {
        let expected: Vec<&str> = IN_POLISH_ORDER.to_vec();
        assert!(expected.len() >= 20);
        let mut sorted = expected.clone();
        sorted.reverse();
        sort_by_name(&mut sorted, |name| name);
        assert_eq!(sorted, expected);
        for pair in expected.windows(2) {
            assert_eq!(compare(pair[0], pair[1]), Ordering::Less, "{pair:?}");
        }
    }

    #[test]
    fn diacritic_letters_follow_their_base_letter() {
        let table = [
            ("Lublin", "Łódź"),
            ("Szansa", "Świt"),
            ("Zorza", "Źródło"),
            ("Źródło", "Żak"),
            ("Zorza", "Żak"),
            ("Cyrk", "Ćma"),
            ("Płock", "Poznań"),
            ("Warszawa", "Wąbrzeźno"),
            ("Elbląg", "Ełk"),
            ("Nowy Sącz", "Nowy Targ"),
            ("Ostrołęka", "Ostrów"),
            ("Ęta", "Zeta"),
            ("Ez", "Ęa"),
            ("Az", "Ąa"),
            ("Nz", "Ńa"),
            ("Oz", "Óa"),
        ];
        for (before, after) in table {
            assert_eq!(compare(before, after), Ordering::Less, "{before} < {after}");
            assert_eq!(
                compare(after, before),
                Ordering::Greater,
                "{after} > {before}"
            );
        }
    }

    #[test]
    fn case_is_ignored_at_primary_level_with_lower_case_first() {
        assert_eq!(compare("łódź", "Łódź"), Ordering::Less);
        assert_eq!(compare("Łódź", "ŁÓDŹ"), Ordering::Less);
        // Case decides only between otherwise equal names.
        assert_eq!(compare("ŁÓDŹ", "łódźka"), Ordering::Less);
        assert_eq!(compare("arka", "Arka"), Ordering::Less);
        assert_eq!(compare("Arka", "arkadia"), Ordering::Less);
        assert_ne!(collation_key("Toruń"), collation_key("toruń"));
        assert_eq!(compare("Toruń", "Toruń"), Ordering::Equal);
    }

    #[test]
    fn punctuation_and_quotes_are_ignored() {
        // „Przystań” sorts under P, not before the digits.
        assert_eq!(compare("„Przystań”", "Poznań"), Ordering::Greater);
        assert_eq!(compare("„Przystań”", "Radom"), Ordering::Less);
        assert_eq!(compare("\"Arka\"", "Arkadia"), Ordering::Less);
        assert_eq!(compare("'Arka'", "Arka Noego"), Ordering::Less);
        // Quotes differ from no quotes only at the last level.
        assert_eq!(compare("Fundacja „Świt”", "Fundacja Świta"), Ordering::Less);
        assert_eq!(compare("Fundacja Świt", "Fundacja „Świt”"), Ordering::Less);
        // A hyphen joins, a space separates.
        // If the hyphen counted, "golub-…" would sort before "golubd…".
        assert_eq!(compare("golubdobrzyń", "golub-dobrzyńa"), Ordering::Less);
        assert_eq!(compare("Golub Dobrzyń", "Golub-Dobrzyń"), Ordering::Less);
    }

    #[test]
    fn digits_come_before_letters_and_numbers_compare_by_value() {
        let expected = [
            "Klub 2",
            "Klub 02",
            "Klub 10",
            "Klub 10 A",
            "Klub 100",
            "Klub A",
            "Klub Ą",
        ];
        let mut sorted = expected.to_vec();
        sorted.reverse();
        sort_by_name(&mut sorted, |name| name);
        assert_eq!(sorted, expected);
        assert_eq!(compare("112", "Abc"), Ordering::Less);
        assert_eq!(compare("9", "10"), Ordering::Less);
        assert_eq!(compare("0", "00"), Ordering::Less);
    }

    #[test]
    fn spaces_separate_words_and_collapse() {
        assert_eq!(compare("Nowa Wieś", "Nowakowo"), Ordering::Less);
        assert_eq!(compare("Dom Pomocy", "Domek"), Ordering::Less);
        // Extra, leading and trailing spaces change only the last level.
        assert_eq!(compare("Nowa  Wieś", "Nowa Wieśa"), Ordering::Less);
        assert_eq!(compare(" Nowa Wieś ", "Nowa Wieśa"), Ordering::Less);
        let mut names = ["Nowa Wieś", "Nowa  Wieś ", "Nowakowo", "Nowa"];
        sort_by_name(&mut names, |name| name);
        assert_eq!(names[0], "Nowa");
        assert_eq!(names[3], "Nowakowo");
        // Quotes around a word do not glue it to the next one.
        assert_eq!(
            compare("Fundacja „Ala” Kot", "Fundacja Alak"),
            Ordering::Less
        );
    }

    #[test]
    fn decomposed_polish_letters_sort_like_composed_ones() {
        assert_eq!(compare("Szansa", "S\u{301}wit"), Ordering::Less);
        assert_eq!(
            compare("Lublin", "\u{141}o\u{301}dz\u{301}"),
            Ordering::Less
        );
        assert_eq!(compare("Zorza", "Z\u{307}ak"), Ordering::Less);
        assert_eq!(compare("Z\u{301}ródło", "Z\u{307}ak"), Ordering::Less);
        assert_eq!(compare("Łódka", "Ło\u{301}dz\u{301}"), Ordering::Less);
    }

    #[test]
    fn foreign_accents_count_as_the_base_letter() {
        assert_eq!(compare("Mueller", "Müller"), Ordering::Less);
        assert_eq!(compare("Müller", "Muzeum"), Ordering::Less);
        assert_eq!(compare("Muller", "Müller"), Ordering::Less);
        assert_eq!(compare("Čapek", "Ćma"), Ordering::Less);
        assert_eq!(compare("Straße", "Strasse"), Ordering::Greater);
        assert_eq!(compare("Straße", "Strassea"), Ordering::Less);
    }

    #[test]
    fn other_scripts_follow_latin_letters() {
        assert_eq!(compare("Żyrardów", "Київ"), Ordering::Less);
        assert_eq!(compare("Київ", "Львів"), Ordering::Less);
        assert_eq!(compare("Ж", "ж"), Ordering::Greater);
        assert_eq!(compare("\u{1d400}", "\u{1d401}"), Ordering::Less);
    }

    #[test]
    fn empty_and_punctuation_only_names_come_first() {
        assert_eq!(compare("", "0"), Ordering::Less);
        assert_eq!(compare("„”", "0"), Ordering::Less);
        assert_eq!(compare("", "„”"), Ordering::Less);
        assert!(collation_key("").weights().len() >= 3);
    }
}
