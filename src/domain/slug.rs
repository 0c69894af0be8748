//! Stable URL identifiers made from Polish names.

use crate::text::fold::fold_char;

/// Makes a lower-case ASCII slug: "Fundacja „Świt” – Toruń" → "fundacja-swit-torun".
/// Never longer than 80 characters; empty when the name has no letters or digits.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 80 {
        slug.truncate(80);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_fold_polish_letters_and_punctuation() {
        assert_eq!(slugify("Fundacja „Świt” – Toruń"), "fundacja-swit-torun");
        assert_eq!(slugify("ŻÓŁW & Łoś"), "zolw-los");
        assert_eq!(slugify("  --  "), "");
        assert!(slugify(&"ą".repeat(200)).len() <= 80);
    }
}
