//! Folding to lower-case ASCII so that "Łódź", "łódź" and "lodz" compare equal.

/// Folds one character: lower case, Polish (and common Latin) diacritics removed.
/// Returns the folded characters (usually one; "ß" gives two).
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded: &'static str = match c {
        'ą' | 'Ą' => "a",
        'ć' | 'Ć' => "c",
        'ę' | 'Ę' => "e",
        'ł' | 'Ł' => "l",
        'ń' | 'Ń' => "n",
        'ó' | 'Ó' => "o",
        'ś' | 'Ś' => "s",
        'ź' | 'Ź' | 'ż' | 'Ż' => "z",
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'É' | 'È' | 'Ê' | 'Ë' | 'Ě' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => "i",
        'ò' | 'ô' | 'ö' | 'õ' | 'ő' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ő' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ű' | 'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'č' | 'ç' | 'Č' | 'Ç' => "c",
        'ř' | 'Ř' => "r",
        'š' | 'Š' => "s",
        'ž' | 'Ž' => "z",
        'ň' | 'Ň' => "n",
        'ď' | 'Ď' => "d",
        'ť' | 'Ť' => "t",
        'ß' => "ss",
        _ => "",
    };
    let single = if folded.is_empty() {
        let mut lower = c.to_lowercase();
        let first = lower.next().unwrap_or(c);
        // Characters whose lower case is several characters are rare; keep the first.
        Some(first)
    } else {
        None
    };
    folded.chars().chain(single)
}

/// Folds a whole string (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.chars().flat_map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_polish_letters() {
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("ZAŻÓŁĆ GĘŚLĄ JAŹŃ"), "zazolc gesla jazn");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("CISTOR-2"), "cistor-2");
    }
}
