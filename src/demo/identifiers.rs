//! Registry numbers (KRS, NIP, REGON) and telephone numbers that look like Toruń's.
//!
//! NIP and REGON carry valid check digits, so the demo passes the same validation as real data.

use super::rng::Rng;

/// NIP prefixes of the two Toruń tax offices.
const NIP_PREFIXES: &[&str] = &["879", "956"];
/// REGON prefixes: the older Toruń numbers and the newer ones of the voivodeship.
const REGON_PREFIXES: &[&str] = &["87", "34"];

fn push_digits(out: &mut String, rng: &mut Rng, count: usize) {
    for _ in 0..count {
        out.push(char::from(b'0' + rng.below(10) as u8));
    }
}

fn digit_values(s: &str) -> impl Iterator<Item = u32> + '_ {
    s.bytes().map(|b| u32::from(b - b'0'))
}

/// A 10-digit NIP with a valid mod-11 check digit (a remainder of 10 is skipped).
pub fn nip(rng: &mut Rng) -> String {
    const WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
    loop {
        let mut s = String::with_capacity(10);
        s.push_str(rng.pick(NIP_PREFIXES));
        push_digits(&mut s, rng, 6);
        let sum: u32 = digit_values(&s).zip(WEIGHTS).map(|(d, w)| d * w).sum();
        let check = sum % 11;
        if check != 10 {
            s.push(char::from(b'0' + check as u8));
            return s;
        }
    }
}

/// A 9-digit REGON with a valid check digit.
pub fn regon(rng: &mut Rng) -> String {
    const WEIGHTS: [u32; 8] = [8, 9, 2, 3, 4, 5, 6, 7];
    let mut s = String::with_capacity(9);
    s.push_str(rng.pick(REGON_PREFIXES));
    push_digits(&mut s, rng, 6);
    let sum: u32 = digit_values(&s).zip(WEIGHTS).map(|(d, w)| d * w).sum();
    s.push(char::from(b'0' + (sum % 11 % 10) as u8));
    s
}

/// A KRS number of roughly the size the court register gave out in `year` (it counts up
/// from 1 in 2001 by some 45–50 thousand entries a year).
pub fn krs(rng: &mut Rng, year: i32) -> String {
    let year = year.clamp(2001, 2026);
    let base = (year - 2001) as u64 * 47_000;
    let number = base + 1 + rng.below(46_000);
    format!("{number:010}")
}

/// A Toruń landline ("56 6xx xx xx") or a mobile number ("6xx xxx xxx").
pub fn phone(rng: &mut Rng) -> String {
    let mut digits = String::with_capacity(9);
    if rng.chance(0.65) {
        push_digits(&mut digits, rng, 6);
        format!("56 6{} {} {}", &digits[0..2], &digits[2..4], &digits[4..6])
    } else {
        push_digits(&mut digits, rng, 8);
        format!("6{} {} {}", &digits[0..2], &digits[2..5], &digits[5..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::{is_krs, is_nip, is_regon};

    #[test]
    fn generated_numbers_pass_validation() {
        let mut rng = Rng::new(3);
        for year in 1990..2027 {
            assert!(is_nip(&nip(&mut rng)));
            assert!(is_regon(&regon(&mut rng)));
            assert!(is_krs(&krs(&mut rng, year)));
        }
        for _ in 0..5000 {
            let n = nip(&mut rng);
            assert!(is_nip(&n), "{n}");
            let r = regon(&mut rng);
            assert!(is_regon(&r), "{r}");
        }
    }

    #[test]
    fn phones_look_local() {
        let mut rng = Rng::new(9);
        for _ in 0..200 {
            let p = phone(&mut rng);
            assert!(p.starts_with("56 6") || p.starts_with('6'), "{p}");
            assert_eq!(p.chars().filter(char::is_ascii_digit).count(), 9, "{p}");
        }
    }
}
