//! Monitoring programu through HTTP: the brochure's indicators and events on the public pages
//! (with well-formed, accessible progress charts), the open data in JSON and CSV, and staff
//! keeping indicators, measurements and events — with forms re-shown on bad input.

mod common;

use common::TestServer;
use common::client::Client;
use pestor::domain::user::Role;

/// One demo server shared by the read-only tests of this file.
fn server() -> &'static TestServer {
    common::shared_server()
}

fn json(server: &TestServer, path: &str) -> serde_json::Value {
    let response = server.get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

fn signed_in(server: &TestServer, role: Role) -> Client {
    let mut client = Client::new(server.addr);
    let login = pestor::demo::accounts::login(role);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", login.email), ("password", login.password)],
    );
    assert_eq!(r.status, 303, "log-in as {role:?}");
    client
}

/// Checks that `markup` is well-formed as far as tags go: every element closed in order,
/// attributes quoted, nothing but entities after `&`. Returns the element names in order.
fn well_formed(markup: &str) -> Result<Vec<String>, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e))
            {
                return Err(format!("a bare & in {text:?}"));
            }
        }
        let close = rest[open..].find('>').ok_or("an unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(top) if top == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-')
        {
            return Err(format!("a bad tag name in <{tag}>"));
        }
        if !body.matches('"').count().is_multiple_of(2) {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        names.push(name.clone());
        if !self_closing {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(names)
    } else {
        Err(format!("left open: {stack:?}"))
    }
}

/// Every inline `<svg …>…</svg>` of a page.
fn charts(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(at, _)| {
            let end = html[at..].find("</svg>").expect("a closed svg") + at + "</svg>".len();
            &html[at..end]
        })
        .collect()
}

#[test]
fn the_tag_matcher_catches_broken_markup() {
    assert!(well_formed("<svg><title>a &amp; b</title><rect x=\"1\"/></svg>").is_ok());
    assert!(well_formed("<svg><title>a</svg></title>").is_err());
    assert!(well_formed("<svg><title>a & b</title></svg>").is_err());
    assert!(well_formed("<svg><g>").is_err());
    assert!(well_formed("<svg><rect x=\"1/></svg>").is_err());
}

#[test]
fn the_programme_page_shows_the_brochure_values_with_accessible_charts() {
    let page = server().get("/program");
    assert_eq!(page.status, 200);
    let html = page.text();
    for expected in [
        "12 z 10 (120\u{a0}%)",
        "12 zastosowań klauzuli społecznej",
        "3 z 3 (100\u{a0}%)",
        "4 wizyty studyjne",
        "1 wizyta studyjna",
        "3 z 4 (75\u{a0}%)",
        "24 studentów",
        "24 z 15 (160\u{a0}%)",
        "1 przyznane wyróżnienie",
        "Wydział Zdrowia i Polityki Społecznej UMT",
        "I Toruńskie Forum Ekonomii Społecznej",
        "Wszystkie wydarzenia programu (9)",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    assert!(
        html.contains("<table class=\"data\">"),
        "the numbers are in a table too"
    );
    let svgs = charts(&html);
    assert_eq!(svgs.len(), 6, "one progress chart per indicator");
    for svg in svgs {
        let names = well_formed(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        assert_eq!(names[..3], ["svg", "title", "desc"], "{svg}");
        assert!(svg.contains("role=\"img\""));
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        assert!(
            desc.contains("Wartość bieżąca") && desc.contains("docelowa"),
            "{desc}"
        );
    }
    assert!(!html.contains("style="), "no inline styles (CSP)");
}

#[test]
fn an_indicator_page_shows_its_definition_owner_history_and_the_events_that_count() {
    let html = server().get("/program/wskazniki/wizyty-studyjne").text();
    assert!(html.contains("4 z 1 (400\u{a0}%)"));
    assert!(html.contains("Właściciel danych"));
    assert!(html.contains("Wydarzenia, które się liczą"));
    for visit in [
        "12 marca 2013",
        "16 maja 2013",
        "20 czerwca 2013",
        "26 września 2013",
    ] {
        assert!(html.contains(visit), "{visit}");
    }
    assert_eq!(charts(&html).len(), 1);
    let meetings = server()
        .get("/program/wskazniki/spotkania-zespolu-ds-monitoringu-programu")
        .text();
    assert!(meetings.contains("stan według broszury programu, 2014"));
    assert!(meetings.contains("3 spotkania zespołu"));
    assert_eq!(
        server().get("/program/wskazniki/nie-ma-takiego").status,
        404
    );
}

#[test]
fn the_event_list_filters_by_kind_and_year_newest_first() {
    let html = server().get("/program/wydarzenia").text();
    assert!(html.contains("Znaleziono 9 wydarzeń"), "{html}");
    assert!(html.contains("Rodzaj wydarzenia") && html.contains("Rok"));
    let first = html.find("Zmiany w systemie pomocy społecznej").unwrap();
    let last = html.find("Fundacja ALMA").unwrap();
    assert!(first < last, "newest first");
    let visits = server()
        .get("/program/wydarzenia?rodzaj=wizyta-studyjna")
        .text();
    assert!(visits.contains("Znaleziono 4 wydarzenia"));
    let trainings_2013 = server()
        .get("/program/wydarzenia?rodzaj=szkolenie&rok=2013")
        .text();
    assert!(trainings_2013.contains("Znaleziono 2 wydarzenia"));
    let forum = server().get("/program/wydarzenia?q=filmar").text();
    assert!(forum.contains("Znaleziono 1 wydarzenie"), "{forum}");
    assert_eq!(
        server().get("/program/wydarzenia?rodzaj=piknik").status,
        400
    );
    assert_eq!(server().get("/program/wydarzenia?rok=dawno").status, 400);
    assert_eq!(server().get("/program/wydarzenia?page=0").status, 400);
    let page = server()
        .get("/program/wydarzenia/i-torunskie-forum-ekonomii-spolecznej")
        .text();
    assert!(page.contains("28 października 2013") && page.contains("Hotel Filmar, Toruń"));
    assert!(page.contains("Magdalena Bergmann") && page.contains("Wpis demonstracyjny"));
    let training = server()
        .get("/program/wydarzenia/finanse-i-pr-w-podmiotach-ekonomii-spolecznej")
        .text();
    assert!(training.contains("To wydarzenie liczy się do wskaźnika"));
    let feed = server().get("/program/wydarzenia.atom");
    assert!(
        feed.header("content-type")
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed = feed.text();
    assert_eq!(feed.matches("<entry>").count(), 9);
    well_formed(feed.trim_start_matches("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
        .expect("a well-formed feed");
}

/// CSV of the API as rows of cells (header first).
fn csv_rows(server: &TestServer, path: &str) -> Vec<Vec<String>> {
    let response = server.get(path);
    assert_eq!(response.status, 200, "{path}");
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    let text = response.text();
    let body = text.strip_prefix('\u{feff}').expect("a BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn json_and_csv_of_the_api_agree() {
    let indicators = json(server(), "/api/v1/indicators");
    assert_eq!(indicators["total"], 6);
    let items = indicators["items"].as_array().unwrap();
    let values: Vec<(i64, i64)> = items
        .iter()
        .map(|i| {
            (
                i["target"].as_i64().unwrap(),
                i["current"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, [(10, 12), (3, 3), (1, 4), (4, 3), (15, 24), (1, 1)]);
    let rows = csv_rows(server(), "/api/v1/indicators?format=csv");
    assert_eq!(
        rows[0][..5],
        [
            "nazwa",
            "jednostka",
            "wartość bazowa",
            "wartość docelowa",
            "wartość bieżąca"
        ]
    );
    assert_eq!(rows.len(), 1 + items.len());
    for (row, item) in rows[1..].iter().zip(items) {
        assert_eq!(row[0], item["name"].as_str().unwrap());
        assert_eq!(row[2], item["baseline"].to_string());
        assert_eq!(row[3], item["target"].to_string());
        assert_eq!(row[4], item["current"].to_string());
        assert_eq!(row[5], item["percent"].to_string());
        assert_eq!(row[10], item["url"].as_str().unwrap());
    }
    let one = json(
        server(),
        "/api/v1/indicators/szkolenia-dla-podmiotow-ekonomii-spolecznej-i-urzednikow",
    );
    assert_eq!(one["value_source"], "events");
    assert_eq!(one["counted_event_type"], "szkolenie");
    assert_eq!(one["history"].as_array().unwrap().len(), 3);
    assert_eq!(
        json(server(), &format!("/api/v1/indicators/{}", one["id"]))["slug"],
        one["slug"]
    );
    assert_eq!(server().get("/api/v1/indicators/999999").status, 404);

    let events = json(server(), "/api/v1/events?rodzaj=wizyta-studyjna&rok=2013");
    assert_eq!(events["total"], 4);
    let rows = csv_rows(
        server(),
        "/api/v1/events?rodzaj=wizyta-studyjna&rok=2013&format=csv",
    );
    assert_eq!(rows.len(), 1 + 4);
    for (row, item) in rows[1..].iter().zip(events["items"].as_array().unwrap()) {
        assert_eq!(row[0], item["title"].as_str().unwrap());
        assert_eq!(row[1], item["type_label"].as_str().unwrap());
        assert_eq!(row[2], item["date"].as_str().unwrap());
        assert_eq!(row[9], item["url"].as_str().unwrap());
    }
    let page = json(server(), "/api/v1/events?per_page=4&page=3");
    assert_eq!(
        (
            page["total"].as_u64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(9), 1)
    );
    assert_eq!(
        json(server(), "/api/v1/events?q=filmar")["items"][0]["type"],
        "forum"
    );
    assert_eq!(server().get("/api/v1/events?format=geojson").status, 400);
    assert_eq!(server().get("/api/v1/events?rodzaj=piknik").status, 400);
    assert_eq!(server().get("/api/v1/events/nie-ma-takiego").status, 404);
}

/// The JSON of the indicator called `slug`, from the public API.
fn indicator(server: &TestServer, slug: &str) -> serde_json::Value {
    json(server, &format!("/api/v1/indicators/{slug}"))
}

#[test]
fn staff_keep_indicators_measurements_and_events() {
    let server = TestServer::start();
    let mut staff = signed_in(&server, Role::Staff);
    let admin = staff.get("/admin/program");
    assert_eq!(admin.status, 200);
    assert!(admin.text().contains("Dodaj wskaźnik"));
    assert!(
        staff
            .get("/admin")
            .text()
            .contains("href=\"/admin/program\"")
    );

    // Bad input: the form comes back with the fields marked, and nothing is saved.
    let new = "/admin/program/wskazniki/nowy";
    let r = staff.submit(
        new,
        new,
        &[
            ("name", "Liczba porad"),
            ("definition", "krótko"),
            ("unit_one", "porada"),
            ("target", "-5"),
            ("source", "wydarzenia:piknik"),
            ("owner", ""),
            ("position", "7"),
        ],
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Popraw"));
    assert!(html.contains("Wartość docelową podaj jako liczbę całkowitą nie mniejszą niż 0."));
    assert!(html.contains("Wybierz z listy, skąd brać bieżącą wartość."));
    assert!(html.contains("id=\"f-name\" name=\"name\" type=\"text\" value=\"Liczba porad\""));
    assert!(html.contains("id=\"f-target\" name=\"target\" type=\"text\" value=\"-5\""));
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(
        json(&server, "/api/v1/indicators")["total"],
        6,
        "nothing saved"
    );

    // A measured indicator: its value is the latest measurement.
    let fields = [
        ("name", "Porady dla spółdzielni socjalnych"),
        (
            "definition",
            "Liczba porad udzielonych spółdzielniom socjalnym.",
        ),
        ("unit_one", "porada"),
        ("unit_few", "porady"),
        ("unit_many", "porad"),
        ("baseline", "2"),
        ("target", "20"),
        ("source", "pomiary"),
        ("owner", "Wydział Zdrowia i Polityki Społecznej UMT"),
        ("data_source", "Rejestr porad"),
        ("position", "7"),
        ("notes", ""),
    ];
    let r = staff.submit(new, new, &fields);
    assert_eq!(r.status, 303, "{}", r.text());
    let edit = r
        .header("location")
        .unwrap()
        .trim_end_matches("?zapisano=1")
        .to_string();
    assert!(
        edit.starts_with("/admin/program/wskazniki/") && edit.ends_with("/edycja"),
        "{edit}"
    );
    let base = edit.trim_end_matches("/edycja").to_string();
    let slug = "porady-dla-spoldzielni-socjalnych";
    let stored = indicator(&server, slug);
    assert_eq!(
        (stored["baseline"].as_i64(), stored["current"].as_i64()),
        (Some(2), None)
    );
    assert!(server.get("/program").text().contains("brak pomiaru"));

    let measure = format!("{base}/pomiary");
    let r = staff.submit(
        &edit,
        &measure,
        &[
            ("m_date", "2026-03-31"),
            ("m_value", "5"),
            ("m_note", "I kwartał"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(indicator(&server, slug)["current"], 5);
    let r = staff.submit(
        &edit,
        &measure,
        &[("m_date", "30.06.2026"), ("m_value", "11"), ("m_note", "")],
    );
    assert_eq!(r.status, 303);
    let stored = indicator(&server, slug);
    assert_eq!(
        (stored["current"].as_i64(), stored["percent"].as_i64()),
        (Some(11), Some(55))
    );
    assert!(
        server
            .get(&format!("/program/wskazniki/{slug}"))
            .text()
            .contains("11 z 20 (55\u{a0}%)")
    );

    // A bad measurement is refused with its fields marked and changes nothing.
    let r = staff.submit(
        &edit,
        &measure,
        &[("m_date", "31.02.2026"), ("m_value", "dużo")],
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Podaj datę pomiaru"));
    assert!(html.contains("id=\"f-m_value\" name=\"m_value\" type=\"text\" value=\"dużo\""));
    assert_eq!(
        indicator(&server, slug)["history"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Removing the latest measurement brings the previous value back.
    let page = staff.get(&edit).text();
    assert!(page.contains("I kwartał"));
    let r = staff.submit(&edit, &format!("{base}/pomiary/usun"), &[("pomiar", "2")]);
    assert_eq!(r.status, 303);
    assert_eq!(indicator(&server, slug)["current"], 5);

    // Editing keeps the slug and the measurements.
    let mut edited = fields.to_vec();
    edited[0] = ("name", "Porady dla spółdzielni");
    edited[6] = ("target", "25");
    let r = staff.submit(&edit, &edit, &edited);
    assert_eq!(r.status, 303);
    let stored = indicator(&server, slug);
    assert_eq!(
        (stored["name"].as_str(), stored["target"].as_i64()),
        (Some("Porady dla spółdzielni"), Some(25))
    );
    assert_eq!(stored["current"], 5);
    let mut bad = edited.clone();
    bad[6] = ("target", "dwadzieścia");
    let r = staff.submit(&edit, &edit, &bad);
    assert_eq!(r.status, 422);
    assert_eq!(indicator(&server, slug)["target"], 25, "nothing saved");

    // An event-counted indicator follows its events: one more training is one more.
    let trainings = "szkolenia-dla-podmiotow-ekonomii-spolecznej-i-urzednikow";
    assert_eq!(indicator(&server, trainings)["current"], 3);
    let new_event = "/admin/program/wydarzenia/nowe";
    let r = staff.submit(
        new_event,
        new_event,
        &[
            ("kind", "piknik"),
            ("title", "Ekonomia społeczna w praktyce"),
            ("date", "jutro"),
            ("participant_count", "-1"),
        ],
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Wybierz rodzaj wydarzenia z listy."));
    assert!(html.contains("Podaj datę w postaci RRRR-MM-DD"));
    assert!(html.contains("value=\"Ekonomia społeczna w praktyce\""));
    assert_eq!(json(&server, "/api/v1/events")["total"], 9, "nothing saved");
    let event_fields = [
        ("kind", "szkolenie"),
        ("title", "Ekonomia społeczna w praktyce"),
        ("date", "2026-05-12"),
        ("end_date", ""),
        ("place", "Centrum Kulturalno-Kongresowe Jordanki"),
        ("participants", "przedstawiciele PES"),
        ("participant_count", "25"),
        ("description", "Szkolenie dla spółdzielni."),
        ("link", ""),
    ];
    let r = staff.submit(new_event, new_event, &event_fields);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(indicator(&server, trainings)["current"], 4);
    let event = json(&server, "/api/v1/events?q=jordanki")["items"][0].clone();
    assert_eq!(event["participant_count"], 25);
    assert_eq!(event["date"], "2026-05-12");
    let listed = server.get("/program/wydarzenia?rok=2026").text();
    assert!(
        listed.contains("Znaleziono 1 wydarzenie"),
        "the index follows"
    );
    assert!(server.get("/program").text().contains("4 z 3 (133\u{a0}%)"));

    // Another kind no longer counts; deleting it takes it out of every list.
    let event_edit = format!("/admin/program/wydarzenia/{}/edycja", event["id"]);
    let mut changed = event_fields.to_vec();
    changed[0] = ("kind", "konferencja");
    let r = staff.submit(&event_edit, &event_edit, &changed);
    assert_eq!(r.status, 303);
    assert_eq!(indicator(&server, trainings)["current"], 3);
    assert_eq!(
        json(&server, "/api/v1/events?rodzaj=konferencja")["total"],
        1
    );
    let r = staff.submit(
        &event_edit,
        &format!("/admin/program/wydarzenia/{}/usun", event["id"]),
        &[],
    );
    assert_eq!(r.status, 303);
    assert_eq!(json(&server, "/api/v1/events")["total"], 9);
    assert!(
        server
            .get("/program/wydarzenia?rok=2026")
            .text()
            .contains("Nie znaleziono wydarzeń")
    );

    // Deleting the indicator.
    let r = staff.submit(&edit, &format!("{base}/usun"), &[]);
    assert_eq!(r.status, 303);
    assert_eq!(
        server.get(&format!("/api/v1/indicators/{slug}")).status,
        404
    );
    assert_eq!(json(&server, "/api/v1/indicators")["total"], 6);

    // Residents and PES representatives may not manage the programme.
    for role in [Role::Resident, Role::Pes] {
        let mut other = signed_in(&server, role);
        for path in [
            "/admin/program",
            "/admin/program/wskazniki/nowy",
            "/admin/program/wydarzenia/nowe",
            &edit,
        ] {
            assert_eq!(other.get(path).status, 403, "{role:?} {path}");
        }
        let token = common::client::csrf_token(&other.get("/konto").text()).unwrap();
        let r = other.post(
            &measure,
            &[("csrf", &token), ("m_date", "2026-01-01"), ("m_value", "1")],
        );
        assert_eq!(r.status, 403, "{role:?}");
    }
    assert_eq!(
        server.get("/admin/program").status,
        303,
        "anonymous: to the log-in page"
    );
}
