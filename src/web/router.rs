//! Matching a method and path against the route table (`pages::ROUTES`).
//!
//! Patterns are literal segments and `{name}` captures of one segment, optionally followed by a
//! literal suffix (`{y}.png` captures "5" from "5.png"); a final `{*name}` captures the rest of
//! the path. Captures are percent-decoded.

use super::http::Method;

/// Who may call a route; the authorisation matrix test walks this table. Finer rules (a PES
/// representative edits only their own organisations) are checked by the handler as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without an account.
    Public,
    /// Only visitors who are not signed in (log-in and registration forms).
    Anonymous,
    /// Any signed-in account.
    SignedIn,
    /// City hall staff and administrators.
    Staff,
    /// Administrators only.
    Admin,
    /// Anyone holding a secret link: the handler checks the token in the request, which is the
    /// whole authority, so a POST here needs no session and no CSRF token (a mail program's
    /// one-click unsubscribe, RFC 8058, sends neither).
    Capability,
    /// Only when the server runs with test hooks enabled; otherwise the route does not exist.
    TestHook,
}

/// One row of the route table.
pub struct Route<H: 'static> {
    pub method: Method,
    pub pattern: &'static str,
    pub access: Access,
    pub handler: H,
    /// Takes file uploads: its `multipart/form-data` bodies may be larger than ordinary ones
    /// (`web::edge::EdgeConfig::max_upload_bytes`).
    pub uploads: bool,
}

/// Whether the route for `method` and `path` takes file uploads.
pub fn takes_uploads<H>(routes: &[Route<H>], method: Method, path: &str, test_hooks: bool) -> bool {
    matches!(find(routes, method, path, test_hooks), Match::Found { route, .. } if route.uploads)
}

/// The outcome of matching a request against the table.
pub enum Match<'t, H: 'static> {
    Found {
        route: &'t Route<H>,
        params: Vec<(&'static str, String)>,
    },
    /// The path exists but not for this method; carries the allowed methods.
    WrongMethod(Vec<Method>),
    NotFound,
}

/// Finds the route for `method` and `path`. HEAD is answered by GET routes.
pub fn find<'t, H>(
    routes: &'t [Route<H>],
    method: Method,
    path: &str,
    test_hooks: bool,
) -> Match<'t, H> {
    let wanted = if method == Method::Head {
        Method::Get
    } else {
        method
    };
    let mut allowed = Vec::new();
    for route in routes {
        if route.access == Access::TestHook && !test_hooks {
            continue;
        }
        let Some(params) = match_pattern(route.pattern, path) else {
            continue;
        };
        if route.method == wanted {
            return Match::Found { route, params };
        }
        allowed.push(route.method);
    }
    if allowed.is_empty() {
        Match::NotFound
    } else {
        Match::WrongMethod(allowed)
    }
}

fn match_pattern(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut params = Vec::new();
    let mut path_rest = path.strip_prefix('/')?;
    let mut pattern_segments = pattern.strip_prefix('/')?.split('/').peekable();
    while let Some(segment) = pattern_segments.next() {
        if let Some(name) = segment.strip_prefix("{*").and_then(|s| s.strip_suffix('}')) {
            if path_rest.is_empty() {
                return None;
            }
            params.push((name, decode(path_rest)?));
            return Some(params);
        }
        let (head, tail) = match path_rest.split_once('/') {
            Some((h, t)) => (h, Some(t)),
            None => (path_rest, None),
        };
        if let Some((name, suffix)) = segment.strip_prefix('{').and_then(|s| s.split_once('}')) {
            let value = head.strip_suffix(suffix)?;
            if value.is_empty() {
                return None;
            }
            params.push((name, decode(value)?));
        } else if segment != head {
            return None;
        }
        match (tail, pattern_segments.peek()) {
            (None, None) => return Some(params),
            (Some(t), Some(_)) => path_rest = t,
            _ => return None,
        }
    }
    None
}

/// Percent-decodes a path piece; refuses invalid UTF-8 and NUL.
fn decode(piece: &str) -> Option<String> {
    let text = percent_encoding::percent_decode_str(piece)
        .decode_utf8()
        .ok()?
        .into_owned();
    (!text.contains('\0')).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<Route<u8>> {
        let route = |method, pattern, handler| Route {
            method,
            pattern,
            access: Access::Public,
            handler,
            uploads: false,
        };
        vec![
            route(Method::Get, "/", 0),
            route(Method::Get, "/podmioty", 1),
            route(Method::Get, "/podmioty/{slug}", 2),
            route(Method::Get, "/static/{*path}", 3),
            route(Method::Get, "/tiles/{z}/{x}/{y}.png", 6),
            Route {
                method: Method::Get,
                pattern: "/__test/panic",
                access: Access::TestHook,
                handler: 4,
                uploads: false,
            },
            Route {
                method: Method::Post,
                pattern: "/podmioty/{slug}/logo",
                access: Access::SignedIn,
                handler: 5,
                uploads: true,
            },
        ]
    }

    fn found(method: Method, path: &str, hooks: bool) -> Option<(u8, Vec<(&'static str, String)>)> {
        let routes = table();
        match find(&routes, method, path, hooks) {
            Match::Found { route, params } => Some((route.handler, params)),
            _ => None,
        }
    }

    #[test]
    fn matches_literals_captures_and_rest() {
        assert_eq!(found(Method::Get, "/", false).unwrap().0, 0);
        assert_eq!(found(Method::Get, "/podmioty", false).unwrap().0, 1);
        let (h, params) = found(Method::Get, "/podmioty/cistor", false).unwrap();
        assert_eq!((h, params), (2, vec![("slug", "cistor".to_string())]));
        let (h, params) = found(Method::Get, "/static/css/site.css", false).unwrap();
        assert_eq!((h, params), (3, vec![("path", "css/site.css".to_string())]));
        assert_eq!(found(Method::Head, "/podmioty", false).unwrap().0, 1);
    }

    #[test]
    fn captures_may_end_in_a_literal_suffix() {
        let (h, params) = found(Method::Get, "/tiles/3/2/1.png", false).unwrap();
        assert_eq!(h, 6);
        assert_eq!(
            params,
            vec![
                ("z", "3".to_string()),
                ("x", "2".to_string()),
                ("y", "1".to_string())
            ]
        );
        let (_, params) = found(Method::Get, "/tiles/3/2/a%2Eb.png", false).unwrap();
        assert_eq!(params[2], ("y", "a.b".to_string()));
        assert!(found(Method::Get, "/tiles/3/2/.png", false).is_none());
        assert!(found(Method::Get, "/tiles/3/2/1.jpg", false).is_none());
        assert!(found(Method::Get, "/tiles/3/2/1", false).is_none());
        assert!(found(Method::Get, "/tiles/3/2/1.png/x", false).is_none());
    }

    #[test]
    fn rejects_near_misses() {
        assert!(found(Method::Get, "/podmioty/", false).is_none());
        assert!(found(Method::Get, "/podmioty/a/b", false).is_none());
        assert!(found(Method::Get, "/podmiotyx", false).is_none());
        assert!(found(Method::Get, "", false).is_none());
        assert!(found(Method::Get, "/static/", false).is_none());
        assert!(found(Method::Get, "/podmioty/%FF", false).is_none());
        assert!(found(Method::Get, "/podmioty/a%00", false).is_none());
    }

    #[test]
    fn routes_say_whether_they_take_uploads() {
        let routes = table();
        assert!(takes_uploads(
            &routes,
            Method::Post,
            "/podmioty/a/logo",
            false
        ));
        assert!(!takes_uploads(
            &routes,
            Method::Get,
            "/podmioty/a/logo",
            false
        ));
        assert!(!takes_uploads(&routes, Method::Post, "/podmioty/a", false));
        assert!(!takes_uploads(&routes, Method::Post, "/nowhere", false));
    }

    #[test]
    fn wrong_method_and_test_hooks() {
        let routes = table();
        assert!(matches!(
            find(&routes, Method::Post, "/podmioty", false),
            Match::WrongMethod(m) if m == vec![Method::Get]
        ));
        assert!(found(Method::Get, "/__test/panic", false).is_none());
        assert_eq!(found(Method::Get, "/__test/panic", true).unwrap().0, 4);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any path, however hostile, is answered by a match or a miss, never a panic, and
        /// captures never carry a NUL or a '/' (except the final rest capture).
        #[test]
        fn any_path_is_matched_or_refused(path in "\\PC{0,80}") {
            let routes = vec![
                Route { method: Method::Get, pattern: "/podmioty/{slug}", access: Access::Public, handler: 1, uploads: false },
                Route { method: Method::Get, pattern: "/static/{*path}", access: Access::Public, handler: 2, uploads: false },
            ];
            if let Match::Found { route, params } = find(&routes, Method::Get, &path, false) {
                for (_, value) in params {
                    prop_assert!(!value.contains('\0'));
                    if route.handler == 1 {
                        prop_assert!(!value.is_empty());
                    }
                }
            }
        }
    }
}
