//! The kiosk (`pestor serve --kiosk`, DESIGN §9): which routes a public touch screen serves,
//! its start screen, the larger-text and high-contrast switches, and the finishing of every
//! response (no cookie but the view switches, pages rewritten so that nothing leads out).

use serde::Serialize;

use super::{Ctx, PageError, PageFn, PageResult, ROUTES, layout, read_only};
use crate::app::App;
use crate::kiosk::{html, qr};
use crate::web::cookies;
use crate::web::http::{Method, Request, Response};
use crate::web::router::{self, Match, Route};

/// The cookie of the view switches; the only cookie a kiosk ever sets.
pub const VIEW_COOKIE: &str = "pestor_kiosk_widok";

/// Record pages: each shows a QR code of the same page on the city's public address.
const RECORD_PAGES: &[&str] = &[
    "/podmioty/{slug}",
    "/oferty/{slug}",
    "/sprzet/{slug}",
    "/zapotrzebowanie/{slug}",
    "/lokale/{slug}",
    "/wsparcie/{slug}",
    "/klauzule/{slug}",
    "/program/wydarzenia/{slug}",
];

/// Whether the kiosk serves `route`: only reading what anyone may read — the rule of a
/// read-only replica (no writing, no accounts, no forms that would write, no e-mail links) —
/// and only by GET/HEAD. Everything else answers 404 on a kiosk.
pub fn allows(route: &Route<PageFn>) -> bool {
    route.method == Method::Get && !read_only::refuses(route)
}

/// Whether the kiosk serves the local `path` (no query) by GET.
pub fn serves_path(path: &str) -> bool {
    match router::find(ROUTES, Method::Get, path, false) {
        Match::Found { route, .. } => allows(route),
        _ => false,
    }
}

/// The page "not in the kiosk", with the way back to the start screen.
pub fn not_found(app: &App, request: &Request) -> Response {
    if request.path.starts_with("/api/") {
        let body = serde_json::json!({ "error": "Tego adresu nie ma w kiosku", "status": 404 })
            .to_string();
        return Response::json(404, body);
    }
    layout::render_page(
        app,
        request,
        404,
        "kiosk/not_found.html",
        "Tej strony nie ma w kiosku",
        (),
    )
}

/// The city's public address that QR codes point at: `--kiosk-public-url`, else the primary's
/// address on a replica, else the platform's public address.
pub fn public_base(app: &App) -> String {
    let configured = app
        .config
        .kiosk
        .as_ref()
        .map(|k| k.public_url.as_str())
        .unwrap_or("");
    if !configured.is_empty() {
        return configured.to_string();
    }
    match &app.config.replica {
        Some(source) => source.url.clone(),
        None => app.config.public_url.clone(),
    }
}

/// The QR code of `path` on the city's public address, when `path` is a record page.
pub fn record_qr(app: &App, path: &str) -> Option<RecordQr> {
    let Match::Found { route, .. } = router::find(ROUTES, Method::Get, path, false) else {
        return None;
    };
    if !RECORD_PAGES.contains(&route.pattern) {
        return None;
    }
    let url = format!("{}{path}", public_base(app));
    let svg = qr::svg(&url, "Kod QR z adresem tej strony")?;
    Some(RecordQr { svg, url })
}

#[derive(Serialize)]
pub struct RecordQr {
    /// Inline SVG made by `kiosk::qr` (no text of the visitor's in it).
    pub svg: String,
    pub url: String,
}

/// The larger-text and high-contrast switches, kept in [`VIEW_COOKIE`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ViewPrefs {
    pub large_text: bool,
    pub high_contrast: bool,
}

impl ViewPrefs {
    /// The switches the request carries; none on the start screen after a reset, which
    /// removes the cookie and must already look as the next visitor expects.
    pub fn of(request: &Request) -> ViewPrefs {
        if request.path == "/kiosk" && is_reset(request) {
            return ViewPrefs::default();
        }
        let value = cookies::get(request.header("cookie"), VIEW_COOKIE).unwrap_or("");
        ViewPrefs {
            large_text: value.split('.').any(|p| p == "tekst-duzy"),
            high_contrast: value.split('.').any(|p| p == "kontrast-wysoki"),
        }
    }

    fn cookie_value(self) -> String {
        let mut parts = Vec::new();
        if self.large_text {
            parts.push("tekst-duzy");
        }
        if self.high_contrast {
            parts.push("kontrast-wysoki");
        }
        parts.join(".")
    }

    /// The classes of `<body>`.
    pub fn body_class(self) -> String {
        let mut class = String::from("kiosk");
        if self.large_text {
            class.push_str(" kiosk-tekst-duzy");
        }
        if self.high_contrast {
            class.push_str(" kiosk-kontrast-wysoki");
        }
        class
    }
}

/// Whether the request is the start screen's reset after the idle notice (`reset=1`).
fn is_reset(request: &Request) -> bool {
    url::form_urlencoded::parse(request.query.as_bytes()).any(|(k, v)| k == "reset" && v == "1")
}

/// Where "Wstecz" leads without JavaScript: the referring page of this kiosk, or the start.
pub fn back_link(request: &Request) -> String {
    let here = path_and_query(request);
    request
        .header("referer")
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|r| {
            let authority = match r.port() {
                Some(port) => format!("{}:{port}", r.host_str().unwrap_or("")),
                None => r.host_str().unwrap_or("").to_string(),
            };
            request.header("host") == Some(authority.as_str())
        })
        .map(|r| match r.query() {
            Some(q) => format!("{}?{q}", r.path()),
            None => r.path().to_string(),
        })
        .filter(|back| *back != here && back.starts_with('/') && !back.starts_with("//"))
        .unwrap_or_else(|| "/kiosk".to_string())
}

pub fn path_and_query(request: &Request) -> String {
    if request.query.is_empty() {
        request.path.clone()
    } else {
        format!("{}?{}", request.path, request.query)
    }
}

/// Applies the kiosk's rules to a finished response: no cookie but the view switches, and an
/// HTML page rewritten by [`html::rewrite`].
pub fn finish(response: &mut Response) {
    response.headers.retain(|(name, value)| {
        !name.eq_ignore_ascii_case("set-cookie") || value.starts_with(&format!("{VIEW_COOKIE}="))
    });
    let is_html = response
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html"));
    if is_html && response.file.is_none() {
        let page = String::from_utf8_lossy(&response.body);
        let rewritten = html::rewrite(&page, &KioskRules);
        response.body = rewritten.into_bytes();
    }
}

struct KioskRules;

impl html::Rules for KioskRules {
    fn serves(&self, path: &str) -> bool {
        serves_path(path)
    }

    fn qr(&self, address: &str) -> Option<String> {
        qr::svg(address, "Kod QR z adresem spoza kiosku")
    }
}

#[derive(Serialize)]
struct Tile {
    href: &'static str,
    title: &'static str,
    text: &'static str,
}

const TILES: &[Tile] = &[
    Tile {
        href: "/podmioty",
        title: "Znajdź organizację",
        text: "Fundacje, stowarzyszenia i spółdzielnie socjalne z miasta: adresy, telefony, czym się zajmują.",
    },
    Tile {
        href: "/oferty",
        title: "Produkty i usługi",
        text: "Co można kupić lub zamówić u organizacji: catering, usługi, rękodzieło.",
    },
    Tile {
        href: "/lokale",
        title: "Lokale dla organizacji",
        text: "Lokale miejskie do wynajęcia dla organizacji, także wolne teraz.",
    },
    Tile {
        href: "/wsparcie",
        title: "Mapa wsparcia",
        text: "Gdzie szukać pomocy i doradztwa dla organizacji.",
    },
    Tile {
        href: "/mapa",
        title: "Mapa miasta",
        text: "Organizacje, instytucje wsparcia i lokale na jednej mapie.",
    },
    Tile {
        href: "/zapotrzebowanie",
        title: "Potrzeby miasta",
        text: "Czego potrzebują miasto i organizacje — kto może pomóc.",
    },
    Tile {
        href: "/sprzet",
        title: "Bank sprzętu",
        text: "Meble, komputery i inny sprzęt oddawany organizacjom.",
    },
    Tile {
        href: "/program",
        title: "Program w liczbach",
        text: "Jak miasto współpracuje z organizacjami: wskaźniki i wydarzenia.",
    },
];

#[derive(Serialize)]
struct StartView {
    tiles: &'static [Tile],
}

/// `GET /kiosk`: the start screen. With `reset=1` (after the idle notice) the view switches
/// are forgotten too: the next visitor starts with the default text and contrast.
pub fn start(app: &App, ctx: &Ctx) -> PageResult {
    if app.config.kiosk.is_none() {
        return Err(PageError::NotFound);
    }
    let reset = is_reset(ctx.request);
    let mut response = layout::render(
        app,
        ctx,
        "kiosk/start.html",
        "Ekran startowy",
        StartView { tiles: TILES },
    )?;
    if reset {
        response.add_header("Set-Cookie", cookies::removal(VIEW_COOKIE, false));
    }
    response.set_header("Cache-Control", "no-store");
    Ok(response)
}

/// `GET /kiosk/widok?tekst=duzy|zwykly&kontrast=wysoki|zwykly&dalej=/ścieżka`: a switch is a
/// plain link (no form on a kiosk); it sets the view cookie and goes back to the page.
pub fn view(app: &App, ctx: &Ctx) -> PageResult {
    if app.config.kiosk.is_none() {
        return Err(PageError::NotFound);
    }
    let mut prefs = ViewPrefs::of(ctx.request);
    match ctx.query.raw("tekst") {
        Some("duzy") => prefs.large_text = true,
        Some("zwykly") => prefs.large_text = false,
        _ => {}
    }
    match ctx.query.raw("kontrast") {
        Some("wysoki") => prefs.high_contrast = true,
        Some("zwykly") => prefs.high_contrast = false,
        _ => {}
    }
    let next = ctx
        .query
        .raw("dalej")
        .filter(|d| d.starts_with('/') && !d.starts_with("//") && !d.contains('\\'))
        .unwrap_or("/kiosk");
    let mut response = Response::redirect(303, next);
    let value = prefs.cookie_value();
    if value.is_empty() {
        response.add_header("Set-Cookie", cookies::removal(VIEW_COOKIE, false));
    } else {
        response.add_header(
            "Set-Cookie",
            cookies::session_cookie(VIEW_COOKIE, &value, false),
        );
    }
    Ok(response)
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
    fn the_kiosk_reads_and_never_writes() {
        for pattern in [
            "/",
            "/kiosk",
            "/kiosk/widok",
            "/podmioty",
            "/podmioty/{slug}",
            "/lokale/{slug}",
            "/mapa",
            "/static/{*path}",
        ] {
            assert!(allows(route(Method::Get, pattern)), "{pattern}");
        }
        for pattern in [
            "/konto/logowanie",
            "/konto",
            "/admin",
            "/zapytania/nowe",
            "/subskrypcje",
            "/podmioty/nowa",
        ] {
            assert!(!allows(route(Method::Get, pattern)), "{pattern}");
        }
        for r in ROUTES.iter().filter(|r| r.method == Method::Post) {
            assert!(!allows(r), "POST {}", r.pattern);
        }
        assert!(serves_path("/podmioty/fundacja-x") && !serves_path("/konto/logowanie"));
        assert!(!serves_path("/nie-ma-takiej"));
    }

    #[test]
    fn view_switches_round_trip_through_the_cookie() {
        let mut request = Request::get("/podmioty");
        request
            .headers
            .push(("cookie".into(), format!("{VIEW_COOKIE}=kontrast-wysoki")));
        let prefs = ViewPrefs::of(&request);
        assert_eq!(
            prefs,
            ViewPrefs {
                large_text: false,
                high_contrast: true
            }
        );
        assert_eq!(prefs.body_class(), "kiosk kiosk-kontrast-wysoki");
        let both = ViewPrefs {
            large_text: true,
            high_contrast: true,
        };
        assert_eq!(both.cookie_value(), "tekst-duzy.kontrast-wysoki");
    }

    #[test]
    fn back_leads_to_the_referring_page_of_this_kiosk_only() {
        let with = |headers: &[(&str, &str)]| {
            let mut r = Request::get("/podmioty/fundacja-x");
            r.headers = headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            back_link(&r)
        };
        assert_eq!(
            with(&[
                ("host", "127.0.0.1:8080"),
                ("referer", "http://127.0.0.1:8080/podmioty?q=catering")
            ]),
            "/podmioty?q=catering"
        );
        assert_eq!(
            with(&[
                ("host", "127.0.0.1:8080"),
                ("referer", "https://obca.example/podmioty")
            ]),
            "/kiosk"
        );
        assert_eq!(with(&[("host", "127.0.0.1:8080")]), "/kiosk");
    }
}
