//! Checks for Polish identifiers and contact data, and a collector of field errors.

use std::collections::BTreeMap;

/// Polish messages keyed by the form field they belong to (templates read it as a map).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<&'static str, Vec<&'static str>>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: &'static str) {
        self.0.entry(field).or_default().push(message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> &[&'static str] {
        self.0.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Vec<&'static str>)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
}

fn digits(value: &str, len: usize) -> Option<Vec<u32>> {
    let cleaned: Vec<u32> = value
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    (cleaned.len() == len).then_some(cleaned)
}

fn weighted_sum(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

/// NIP: 10 digits, the last is a mod-11 check digit (a remainder of 10 is never valid).
pub fn is_nip(value: &str) -> bool {
    let Some(d) = digits(value, 10) else {
        return false;
    };
    let check = weighted_sum(&d, &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
    check != 10 && check == d[9]
}

/// REGON: 9 or 14 digits with a mod-11 check digit (10 counts as 0).
pub fn is_regon(value: &str) -> bool {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let (d, weights): (Vec<u32>, &[u32]) = match compact.len() {
        9 => match digits(&compact, 9) {
            Some(d) => (d, &[8, 9, 2, 3, 4, 5, 6, 7]),
            None => return false,
        },
        14 => match digits(&compact, 14) {
            Some(d) => (d, &[2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]),
            None => return false,
        },
        _ => return false,
    };
    let check = weighted_sum(&d, weights) % 11 % 10;
    check == d[d.len() - 1]
}

/// KRS: exactly 10 digits (leading zeros kept).
pub fn is_krs(value: &str) -> bool {
    value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit())
}

/// Polish postal code: "00-000".
pub fn is_postal_code(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 6
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// A pragmatic e-mail check: one '@', a non-empty local part, a dotted domain, no spaces.
pub fn is_email(value: &str) -> bool {
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        }
        None => false,
    }
}

/// An absolute http(s) URL with a host and no spaces.
pub fn is_http_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && value.len() <= 2000
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Reads a date typed as `RRRR-MM-DD` (what `<input type="date">` sends) or `DD.MM.RRRR` (what
/// people type where the browser shows no calendar); `None` when it is neither or no such day.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    let iso = |t: &str| {
        t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    if iso(text) {
        return text.parse::<jiff::civil::Date>().ok();
    }
    let parts: Vec<&str> = text.split('.').collect();
    if let [d, m, y] = parts.as_slice()
        && (1..=2).contains(&d.len())
        && (1..=2).contains(&m.len())
        && y.len() == 4
    {
        let (d, m, y) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>());
        if let (Ok(d), Ok(m), Ok(y)) = (d, m, y) {
            return jiff::civil::Date::new(y, m, d).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nip_check_digit() {
        // Ministry of Finance's public NIP and a typo of it.
        assert!(is_nip("5261040828"));
        assert!(is_nip("526-104-08-28"));
        assert!(!is_nip("5261040829"));
        assert!(!is_nip("526104082"));
        assert!(!is_nip("52610408ab"));
    }

    #[test]
    fn regon_check_digit() {
        assert!(is_regon("000331501")); // GUS
        assert!(!is_regon("000331502"));
        assert!(is_regon("12345678512347"));
        assert!(!is_regon("12345678512348"));
        assert!(!is_regon("12345"));
    }

    #[test]
    fn krs_postal_email_url() {
        assert!(is_krs("0000123456"));
        assert!(!is_krs("123456"));
        assert!(is_postal_code("87-100"));
        assert!(!is_postal_code("87100"));
        assert!(!is_postal_code("8a-100"));
        assert!(is_email("biuro@cistor.pl"));
        assert!(!is_email("biuro@@cistor.pl"));
        assert!(!is_email("biuro cistor.pl"));
        assert!(!is_email("a@b"));
        assert!(is_http_url("https://www.torun.pl/pl"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://localhost"));
    }
}
