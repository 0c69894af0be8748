//! Query-string parameters.

/// Decoded `name=value` pairs in order; repeated names are kept.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        Query {
            pairs: url::form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// Pairs already decoded (multipart form fields).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Query {
        Query { pairs }
    }

    /// The first value of `name`, trimmed; `None` when missing or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The first value of `name` exactly as sent (passwords keep their spaces).
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-blank value of `name` (a group of checkboxes), trimmed.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Whether a checkbox named `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A positive whole number, `default` when missing, or a Polish message naming `label`.
    pub fn positive(
        &self,
        name: &str,
        default: usize,
        max: usize,
        label: &str,
    ) -> Result<usize, String> {
        match self.get(name) {
            None => Ok(default),
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(format!(
                    "{label} musi być liczbą całkowitą od 1 do {max} (podano „{}”).",
                    shorten(text)
                )),
            },
        }
    }
}

/// Cuts a user-supplied value for an error message.
pub fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_first_trimmed_value() {
        let q = Query::parse("q=+%C5%81%C3%B3d%C5%BA+&q=x&empty=&page=2");
        assert_eq!(q.get("q"), Some("Łódź"));
        assert_eq!(q.get("empty"), None);
        assert_eq!(q.get("missing"), None);
        assert_eq!(q.positive("page", 1, 100, "Strona"), Ok(2));
        assert_eq!(q.positive("missing", 1, 100, "Strona"), Ok(1));
    }

    #[test]
    fn rejects_bad_numbers() {
        for raw in [
            "page=0",
            "page=-1",
            "page=abc",
            "page=101",
            "page=99999999999999999999999",
        ] {
            assert!(
                Query::parse(raw)
                    .positive("page", 1, 100, "Strona")
                    .is_err(),
                "{raw}"
            );
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::Query;

    proptest! {
        /// Whatever bytes arrive as a query or a form body, parsing never panics, and every
        /// value read back is trimmed and non-blank.
        #[test]
        fn any_query_parses(raw in "\\PC{0,200}") {
            let q = Query::parse(&raw);
            for name in ["q", "page", "forma", ""] {
                if let Some(value) = q.get(name) {
                    prop_assert!(!value.is_empty());
                    prop_assert_eq!(value, value.trim());
                }
                let _ = q.positive(name, 1, 100, "Strona");
                let _ = q.all(name);
            }
        }

        /// Encoded pairs come back exactly (the query and form encoding round-trips).
        #[test]
        fn encoded_values_round_trip(value in "[^\\s][\\PC]{0,40}[^\\s]") {
            let raw: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("q", &value)
                .finish();
            let parsed = Query::parse(&raw);
            prop_assert_eq!(parsed.raw("q"), Some(value.as_str()));
        }
    }
}
