//! Kiosk mode (`pestor serve --kiosk`): the start screen, read-only routing from the route
//! table, no way out of the kiosk (outbound links, e-mail links, forms that write, log-in),
//! no session cookie, QR codes that decode to the record's public address, the view switches,
//! and `--kiosk --demo` on fresh temporary data.

mod common;

use std::collections::BTreeSet;

use common::{HttpResponse, Options, TestServer};
use pestor::pages::ROUTES;
use pestor::web::http::Method;
use pestor::web::router::Access;

const PUBLIC_URL: &str = "https://pes.torun.example";

fn kiosk_server() -> TestServer {
    TestServer::start_with(Options {
        args: vec![
            "--kiosk".into(),
            "--kiosk-public-url".into(),
            PUBLIC_URL.into(),
        ],
        ..Options::default()
    })
}

/// The refusal page of the kiosk (not a handler's own "not found").
fn refused(response: &HttpResponse) -> bool {
    response.status == 404 && response.text().contains("nie ma w kiosku")
}

fn no_session_cookie(path: &str, response: &HttpResponse) {
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("set-cookie") {
            assert!(
                value.starts_with("pestor_kiosk_widok="),
                "{path} sets a cookie: {value}"
            );
        }
    }
}

/// What the kiosk may serve, by the route table: reading what anyone may read, and nothing in
/// the account areas or behind a form that writes.
fn kiosk_serves(method: Method, pattern: &str, access: Access) -> bool {
    let in_area = |area: &str| pattern == area || pattern.starts_with(&format!("{area}/"));
    let takes_a_post = ROUTES
        .iter()
        .any(|r| r.method == Method::Post && r.pattern == pattern);
    method == Method::Get
        && access == Access::Public
        && !in_area("/konto")
        && !in_area("/subskrypcje")
        && !takes_a_post
}

fn concrete(pattern: &str) -> String {
    pattern
        .replace("{slug}", "cokolwiek")
        .replace("{id}", "1")
        .replace("{doc}", "1")
        .replace("{plik}", "kopia.pestor")
        .replace("{*path}", "css/site.css")
        .replace("{z}", "0")
        .replace("{x}", "0")
        .replace("{y}", "0")
}

#[test]
fn every_route_outside_public_reading_answers_404_and_no_session_is_ever_set() {
    let server = kiosk_server();
    let mut checked = 0;
    for route in ROUTES.iter().filter(|r| r.access != Access::TestHook) {
        let path = concrete(route.pattern);
        let (method, body): (&str, &[u8]) = match route.method {
            Method::Post => ("POST", b"csrf=x"),
            _ => ("GET", b""),
        };
        let response = server.request(
            method,
            &path,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &format!("pestor_sesja={}", "ab".repeat(32))),
            ],
            body,
        );
        no_session_cookie(&path, &response);
        assert!(
            response.status < 500,
            "{method} {path}: {}",
            response.status
        );
        let expected = kiosk_serves(route.method, route.pattern, route.access);
        assert_eq!(
            !refused(&response),
            expected,
            "{method} {path}: {} (expected {})",
            response.status,
            if expected { "served" } else { "refused" }
        );
        if !expected && !path.starts_with("/api/") {
            assert!(
                response.text().contains("Wróć do ekranu startowego"),
                "{path}"
            );
        }
        checked += 1;
    }
    assert!(checked > 150, "{checked}");
    // A method the kiosk does not know, and a path that does not exist, are refused alike.
    assert!(refused(&server.request("PUT", "/podmioty", &[], b"")));
    assert!(refused(&server.get("/nie-ma-takiej-strony")));
}

#[test]
fn the_start_screen_has_large_tiles_and_a_way_back_on_every_page() {
    let server = kiosk_server();
    let root = server.get("/");
    assert_eq!(root.status, 303);
    assert_eq!(root.header("location"), Some("/kiosk"));
    let start = server.get("/kiosk");
    assert_eq!(start.status, 200);
    let html = start.text();
    for (href, title) in [
        ("/podmioty", "Znajdź organizację"),
        ("/oferty", "Produkty i usługi"),
        ("/lokale", "Lokale dla organizacji"),
        ("/wsparcie", "Mapa wsparcia"),
        ("/zapotrzebowanie", "Potrzeby miasta"),
        ("/sprzet", "Bank sprzętu"),
        ("/program", "Program w liczbach"),
    ] {
        assert!(
            html.contains(&format!("<a class=\"kiosk-tile\" href=\"{href}\"><span class=\"kiosk-tile-title\">{title}</span>")),
            "{title}"
        );
    }
    assert!(html.contains("<body class=\"kiosk\" data-kiosk-idle=\"90\">"));
    assert!(html.contains("Czy ktoś tu jest?") && html.contains(">Jestem</button>"));
    assert!(html.contains("/static/js/kiosk.js?v=") && html.contains("/static/css/kiosk.css?v="));
    let list = server.request(
        "GET",
        "/podmioty",
        &[
            ("Host", "kiosk.local"),
            ("Referer", "http://kiosk.local/kiosk"),
        ],
        b"",
    );
    let list = list.text();
    assert!(list.contains("href=\"/kiosk\">Ekran startowy</a>"));
    assert!(list.contains("id=\"kiosk-wstecz\" href=\"/kiosk\""));
    assert!(
        list.contains("<form autocomplete=\"off\""),
        "search forms forget"
    );
    assert!(!list.contains("site-footer") && !list.contains("Zaloguj"));
    for asset in ["/static/js/kiosk.js", "/static/css/kiosk.css"] {
        assert_eq!(server.get(asset).status, 200, "{asset}");
    }
}

#[test]
fn the_view_switches_are_links_and_a_reset_forgets_them() {
    let server = kiosk_server();
    let switch = server.get("/kiosk/widok?tekst=duzy&dalej=%2Fpodmioty%3Fq%3Dx");
    assert_eq!(switch.status, 303);
    assert_eq!(switch.header("location"), Some("/podmioty?q=x"));
    let cookie = switch.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with("pestor_kiosk_widok=tekst-duzy;"),
        "{cookie}"
    );
    let outside = server.get("/kiosk/widok?kontrast=wysoki&dalej=%2F%2Fobca.example");
    assert_eq!(outside.header("location"), Some("/kiosk"));
    let page = server.request(
        "GET",
        "/podmioty",
        &[("Cookie", "pestor_kiosk_widok=tekst-duzy.kontrast-wysoki")],
        b"",
    );
    let html = page.text();
    assert!(html.contains("<body class=\"kiosk kiosk-tekst-duzy kiosk-kontrast-wysoki\""));
    assert!(html.contains(">Zwykły tekst</a>") && html.contains(">Zwykły kontrast</a>"));
    let reset = server.request(
        "GET",
        "/kiosk?reset=1",
        &[("Cookie", "pestor_kiosk_widok=tekst-duzy")],
        b"",
    );
    assert!(reset.header("set-cookie").unwrap().contains("Max-Age=0"));
    // Already drawn for the next visitor: the default view, and no "Wstecz" into the past.
    let html = reset.text();
    assert!(html.contains("<body class=\"kiosk\""), "the default view");
    assert!(html.contains(">Większy tekst</a>") && !html.contains("id=\"kiosk-wstecz\""));
}

/// Local links of a page that lead to other pages (not files, feeds or the API).
fn page_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for piece in html.split("href=\"").skip(1) {
        let href = piece.split('"').next().unwrap_or("").replace("&amp;", "&");
        if href.starts_with('/')
            && !href.starts_with("//")
            && !href.starts_with("/static/")
            && !href.starts_with("/media/")
            && !href.starts_with("/api/")
            && !href.starts_with("/kiosk/widok")
            && !href.contains(".atom")
            && !href.contains("format=")
            && !href.starts_with("/favicon")
        {
            links.push(href);
        }
    }
    links
}

fn check_no_way_out(path: &str, response: &HttpResponse) {
    no_session_cookie(path, response);
    let html = response.text();
    let lower = html.to_lowercase();
    assert!(!lower.contains("<a href=\"http"), "{path}: outbound link");
    assert!(!lower.contains("href=\"http"), "{path}: outbound link");
    assert!(!lower.contains("mailto:"), "{path}: mailto");
    assert!(!lower.contains("href=\"tel:"), "{path}: tel link");
    assert!(
        !lower.contains("method=\"post\""),
        "{path}: a form that writes"
    );
    assert!(!html.contains("/konto/logowanie"), "{path}: log-in link");
    for tag in html.split("<a ").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let href = tag
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next());
        if let Some(href) = href {
            let path_only = href.split(['?', '#']).next().unwrap_or("");
            let file = href.starts_with("/api/")
                || href.starts_with("/media/")
                || [".atom", ".csv", ".json", ".geojson", ".xml"]
                    .iter()
                    .any(|ending| path_only.ends_with(ending))
                || href.contains("format=");
            assert!(!file, "{path}: a link to a file {href}");
        }
    }
}

#[test]
fn nothing_reachable_from_the_start_screen_leads_out_and_records_carry_their_qr_code() {
    let server = kiosk_server();
    let mut seen = BTreeSet::new();
    let mut level = vec!["/kiosk".to_string(), "/kiosk/pokaz".to_string()];
    for _depth in 0..2 {
        let mut next = Vec::new();
        for path in level {
            if !seen.insert(path.clone()) {
                continue;
            }
            let response = server.get(&path);
            assert!(response.status < 500, "{path}: {}", response.status);
            check_no_way_out(&path, &response);
            next.extend(page_links(&response.text()));
        }
        level = next;
    }
    // The second level itself, not only its links.
    for path in level.into_iter().take(400) {
        if seen.insert(path.clone()) {
            let response = server.get(&path);
            assert!(response.status < 500, "{path}: {}", response.status);
            check_no_way_out(&path, &response);
        }
    }
    assert!(seen.len() > 50, "only {} pages", seen.len());

    // One record of each register: no way out, and a QR code of the same page on the city's
    // public address that a phone can read.
    for (list, prefix) in [
        ("/podmioty", "/podmioty/"),
        ("/oferty", "/oferty/"),
        ("/sprzet", "/sprzet/"),
        ("/zapotrzebowanie", "/zapotrzebowanie/"),
        ("/lokale", "/lokale/"),
        ("/wsparcie", "/wsparcie/"),
        ("/klauzule", "/klauzule/"),
        ("/program/wydarzenia", "/program/wydarzenia/"),
    ] {
        let html = server.get(list).text();
        let record = page_links(&html)
            .into_iter()
            .find(|l| {
                l.strip_prefix(prefix).is_some_and(|rest| {
                    !rest.is_empty() && !rest.contains(['/', '?']) && rest != "statystyki"
                })
            })
            .unwrap_or_else(|| panic!("no record linked from {list}"));
        let response = server.get(&record);
        assert_eq!(response.status, 200, "{record}");
        check_no_way_out(&record, &response);
        let page = response.text();
        assert!(
            page.contains("Zeskanuj, aby otworzyć na telefonie"),
            "{record}"
        );
        assert_eq!(decode_record_qr(&page), format!("{PUBLIC_URL}{record}"));
    }
}

/// Reads the record's QR code from the page: draws the SVG's rectangles into a bitmap and
/// decodes it.
fn decode_record_qr(page: &str) -> String {
    let aside = page
        .split("<aside class=\"kiosk-record-qr\"")
        .nth(1)
        .expect("the record's QR code");
    let svg = &aside[..aside.find("</svg>").expect("svg end")];
    let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let side: usize = view_box.split(' ').next().unwrap().parse().unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = vec![false; side * side];
    for rect in path.split('M').filter(|r| !r.is_empty()) {
        // "left top h width v height H left V top"
        let numbers: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let (left, top, width, height) = (numbers[0], numbers[1], numbers[2], numbers[3]);
        for y in top..top + height {
            for x in left..left + width {
                dark[y * side + x] = true;
            }
        }
    }
    let scale = 4;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
            if dark[(y / scale) * side + x / scale] {
                0
            } else {
                255
            }
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

fn demo_dirs(tmp: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pestor-kiosk-demo-"))
        })
        .collect()
}

#[test]
fn kiosk_demo_starts_on_fresh_data_each_time_and_removes_it_at_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let start = || {
        TestServer::start_with(Options {
            args: vec!["--kiosk".into(), "--demo".into()],
            env: vec![("TMPDIR".into(), tmp.path().display().to_string())],
            ..Options::default()
        })
    };
    let mut used = Vec::new();
    for _ in 0..2 {
        let server = start();
        let dirs = demo_dirs(tmp.path());
        assert_eq!(dirs.len(), 1, "{dirs:?}");
        assert!(dirs[0].join("pestor.redb").exists());
        // The data directory given by --data is left untouched.
        assert!(
            std::fs::read_dir(server.data_path())
                .unwrap()
                .next()
                .is_none()
        );
        let list = server.get("/podmioty").text();
        assert!(list.contains("Dane demonstracyjne"));
        assert!(server.get("/kiosk").status == 200);
        let (status, _) = server.stop_with_status();
        assert!(status.success(), "{status:?}");
        assert!(demo_dirs(tmp.path()).is_empty(), "removed at exit");
        used.push(dirs[0].clone());
    }
    assert_ne!(used[0], used[1]);

    // A kiosk killed (or a laptop switched off) leaves its directory; the next start removes it.
    let killed = start();
    let left = demo_dirs(tmp.path());
    assert_eq!(left.len(), 1, "{left:?}");
    let _ = killed.kill_hard();
    assert!(left[0].exists(), "nothing removes it at a hard kill");
    let next = start();
    let dirs = demo_dirs(tmp.path());
    assert_eq!(dirs.len(), 1, "only the running kiosk's: {dirs:?}");
    assert_ne!(dirs[0], left[0]);
    assert!(!left[0].exists());
    drop(next.stop());

    // Without --kiosk there is no kiosk.
    let plain = TestServer::start_with(Options {
        args: vec!["--no-demo".into()],
        ..Options::default()
    });
    assert_eq!(plain.get("/kiosk").status, 404);
    assert_eq!(plain.get("/kiosk/widok?tekst=duzy").status, 404);
    assert_eq!(plain.get("/").status, 200);
}
