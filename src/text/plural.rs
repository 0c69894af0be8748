//! Polish plural forms: "1 podmiot", "2 podmioty", "5 podmiotów", "22 podmioty", "12 podmiotów".

/// Picks the right form for `n`: `one` for 1, `few` for 2–4 (but not 12–14) in the last digits,
/// `many` for everything else.
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        return one;
    }
    let last = n % 10;
    let last_two = n % 100;
    if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn polish_plural_rules() {
        let f = |n| plural(n, "podmiot", "podmioty", "podmiotów");
        assert_eq!(f(0), "podmiotów");
        assert_eq!(f(1), "podmiot");
        assert_eq!(f(2), "podmioty");
        assert_eq!(f(4), "podmioty");
        assert_eq!(f(5), "podmiotów");
        assert_eq!(f(11), "podmiotów");
        assert_eq!(f(12), "podmiotów");
        assert_eq!(f(14), "podmiotów");
        assert_eq!(f(21), "podmiotów");
        assert_eq!(f(22), "podmioty");
        assert_eq!(f(101), "podmiotów");
        assert_eq!(f(112), "podmiotów");
        assert_eq!(f(208), "podmiotów");
        assert_eq!(f(1234), "podmioty");
    }
}
