//! Reading the Cookie header and writing Set-Cookie values.

/// The value of cookie `name` in a Cookie header, if present.
pub fn get<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A cookie the browser keeps for the session only (no Max-Age), never readable by scripts and
/// not sent on cross-site sub-requests. `secure` adds `Secure` when the site is served over HTTPS.
pub fn session_cookie(name: &str, value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// A Set-Cookie value that removes the cookie.
pub fn removal(name: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_by_name() {
        let header = Some("a=1; pestor_sesja=abc ; b=\"2\"");
        assert_eq!(get(header, "pestor_sesja"), Some("abc"));
        assert_eq!(get(header, "b"), Some("2"));
        assert_eq!(get(header, "c"), None);
        assert_eq!(get(None, "a"), None);
    }

    #[test]
    fn cookies_are_http_only_and_same_site() {
        let c = session_cookie("s", "v", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("Secure"));
        assert!(!session_cookie("s", "v", false).contains("Secure"));
        assert!(removal("s", false).contains("Max-Age=0"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        /// Any Cookie header is read without panicking.
        #[test]
        fn any_cookie_header_is_read(header in "\\PC{0,200}", name in "[a-z_]{1,12}") {
            let _ = super::get(Some(&header), &name);
        }
    }
}
