//! A read-only replica (kiosk) answers only what anyone may read. Every route that writes, that
//! needs an account, or that shows a form which would write answers 403 with a page explaining
//! that this is a read-only copy and where the city's own platform is.
//!
//! The rule comes from the route table itself (method, access, a GET whose path also takes a
//! POST), plus the account areas, whose e-mail links change something even as a GET
//! (confirmations of an address or a subscription).

use serde::Serialize;

use super::{PageFn, ROUTES, layout};
use crate::app::App;
use crate::snapshot::replica_pull::ReplicaStatus;
use crate::web::http::{Method, Request, Response};
use crate::web::router::{Access, Route};

/// Areas that exist for people's accounts and their e-mail: none of it works on a copy.
const ACCOUNT_AREAS: &[&str] = &["/konto", "/subskrypcje"];

/// Whether a replica refuses `route`.
pub fn refuses(route: &Route<PageFn>) -> bool {
    route.method != Method::Get
        || route.access != Access::Public
        || shows_a_form(route.pattern)
        || ACCOUNT_AREAS.iter().any(|area| {
            route.pattern == *area
                || route
                    .pattern
                    .strip_prefix(area)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// A GET route whose path also takes a POST shows the form that is sent there.
fn shows_a_form(pattern: &str) -> bool {
    ROUTES
        .iter()
        .any(|r| r.method == Method::Post && r.pattern == pattern)
}

#[derive(Serialize)]
struct ReadOnlyView<'a> {
    /// The city's platform, e.g. "https://pes.torun.pl".
    primary: &'a str,
    /// The same page there.
    original: String,
}

/// The explanation, as a page (403) or, for the API, as JSON.
pub fn answer(app: &App, request: &Request, replica: &ReplicaStatus) -> Response {
    let primary = replica.primary();
    let mut original = format!("{primary}{}", request.path);
    if request.method != Method::Post && !request.query.is_empty() {
        original.push('?');
        original.push_str(&request.query);
    }
    if request.path.starts_with("/api/") {
        let text = format!(
            "To jest kopia tylko do odczytu platformy PES-TOR. Ta operacja działa tylko na platformie miasta: {primary}"
        );
        let body = serde_json::json!({ "error": text, "status": 403 }).to_string();
        return Response::json(403, body);
    }
    let view = ReadOnlyView { primary, original };
    layout::render_page(
        app,
        request,
        403,
        "errors/read_only.html",
        "Ta kopia służy tylko do przeglądania",
        view,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: Method, pattern: &str) -> &'static Route<PageFn> {
        ROUTES
            .iter()
            .find(|r| r.method == method && r.pattern == pattern)
            .unwrap_or_else(|| panic!("no route {pattern}"))
    }

    #[test]
    fn a_replica_serves_public_reading_and_refuses_everything_else() {
        for pattern in [
            "/",
            "/podmioty",
            "/podmioty/{slug}",
            "/oferty.atom",
            "/lokale/{slug}",
            "/api/v1/organizations",
            "/mapa",
            "/tiles/{z}/{x}/{y}.png",
            "/media/{id}/duze.jpg",
            "/static/{*path}",
            "/o-platformie",
        ] {
            assert!(!refuses(route(Method::Get, pattern)), "{pattern}");
        }
        for (method, pattern) in [
            (Method::Post, "/zapytania/nowe"),
            (Method::Get, "/zapytania/nowe"),
            (Method::Get, "/zapytania/{id}"),
            (Method::Get, "/konto/logowanie"),
            (Method::Get, "/konto/rejestracja"),
            (Method::Get, "/konto/weryfikacja"),
            (Method::Get, "/konto/nowe-haslo"),
            (Method::Get, "/konto/potwierdz-email"),
            (Method::Get, "/konto"),
            (Method::Get, "/subskrypcje"),
            (Method::Get, "/subskrypcje/potwierdz"),
            (Method::Get, "/admin"),
            (Method::Get, "/podmioty/nowa"),
            (Method::Get, "/wsparcie/{slug}/edycja"),
            (Method::Get, "/api/replica/changes"),
            (Method::Get, "/__test/zestawienia"),
        ] {
            assert!(refuses(route(method, pattern)), "{method:?} {pattern}");
        }
        // Every POST of the table, whoever may send it.
        for r in ROUTES.iter().filter(|r| r.method == Method::Post) {
            assert!(refuses(r), "POST {}", r.pattern);
        }
    }
}
