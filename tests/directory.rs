//! Baza PES through HTTP: list, search, facets, sort, pagination, profiles, errors.

mod common;

use common::TestServer;

/// One demo server shared by the read-only tests of this file.
fn server() -> &'static TestServer {
    common::shared_server()
}

fn api_items(path: &str) -> (u64, Vec<serde_json::Value>) {
    let response = server().get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    let json = response.json();
    (
        json["total"].as_u64().expect("total"),
        json["items"].as_array().expect("items").clone(),
    )
}

fn names(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_list_shows_all_208_demo_organisations_in_polish() {
    let page = server().get("/podmioty");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("lang=\"pl\""));
    assert!(html.contains("Znaleziono 208 organizacji"), "{html}");
    assert!(html.contains("Dane demonstracyjne"));
    assert!(html.contains("Przejdź do treści"));
    assert_eq!(html.matches("class=\"org-card\"").count(), 20);
}

#[test]
fn search_ignores_diacritics_and_case() {
    let (with, items) = api_items("/api/v1/organizations?q=%C5%81ukasza");
    let (without, _) = api_items("/api/v1/organizations?q=lukasza");
    let (upper, _) = api_items("/api/v1/organizations?q=LUKASZA");
    assert!(with >= 1);
    assert_eq!(with, without);
    assert_eq!(with, upper);
    assert!(
        names(&items).iter().any(|n| n.contains("Łukasza")),
        "{items:?}"
    );
}

#[test]
fn search_matches_word_prefixes_and_requires_every_word() {
    let (prefix, _) = api_items("/api/v1/organizations?q=stowarz");
    let (full, _) = api_items("/api/v1/organizations?q=stowarzyszenie");
    assert!(prefix >= full && full > 10, "{prefix} {full}");
    let (both, items) = api_items("/api/v1/organizations?q=cistor+stokrotkowa");
    assert_eq!(both, 1, "{items:?}");
    assert!(names(&items)[0].contains("CISTOR"));
    let (none, _) = api_items("/api/v1/organizations?q=cistor+zzzzqqq");
    assert_eq!(none, 0);
}

#[test]
fn the_brochure_organisations_are_present() {
    for q in ["CISTOR", "JESTEM", "ALMA", "AIESEC", "Powr%C3%B3t"] {
        let (total, _) = api_items(&format!("/api/v1/organizations?q={q}"));
        assert!(total >= 1, "{q} not found");
    }
}

#[test]
fn every_facet_filters_the_results() {
    let cases = [
        ("forma=fundacja", "legal_form", "fundacja"),
        (
            "forma=spoldzielnia-socjalna",
            "legal_form",
            "spoldzielnia-socjalna",
        ),
        ("obszar=edukacja", "areas", "edukacja"),
        ("grupa=seniorzy", "target_groups", "seniorzy"),
    ];
    let (all, _) = api_items("/api/v1/organizations");
    for (param, field, value) in cases {
        let (total, items) = api_items(&format!("/api/v1/organizations?{param}&per_page=100"));
        assert!(total > 0 && total < all, "{param}: {total}");
        for item in &items {
            let matches = match &item[field] {
                serde_json::Value::Array(values) => values.iter().any(|v| v == value),
                other => other == value,
            };
            assert!(matches, "{param}: {item}");
        }
    }
    let (opp, items) = api_items("/api/v1/organizations?status=opp&per_page=100");
    assert!(opp > 0 && opp < all);
    assert!(items.iter().all(|i| i["opp"] == true));
    let (district_total, items) = api_items("/api/v1/organizations?osiedle=podgorz&per_page=100");
    assert!(district_total > 0 && district_total < all);
    assert!(items.iter().all(|i| i["district"] == "Podgórz"));
}

#[test]
fn facet_links_on_the_page_carry_counts_that_match_the_results() {
    let html = server().get("/podmioty").text();
    // The link to the foundations facet shows its count: follow it and compare.
    let marker = "href=\"/podmioty?forma=fundacja\"";
    let at = html.find(marker).expect("foundation facet link");
    let tail = &html[at..];
    let count: u64 = tail[tail.find("(").unwrap() + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap();
    let filtered = server().get("/podmioty?forma=fundacja").text();
    assert!(
        filtered.contains(&format!("Znaleziono {count} ")),
        "facet count {count} differs from the result count"
    );
    assert!(filtered.contains("Forma prawna: Fundacja"));
}

#[test]
fn names_sort_in_polish_alphabetical_order_and_updates_newest_first() {
    let (_, items) = api_items("/api/v1/organizations?sort=nazwa&per_page=100");
    let keys: Vec<_> = names(&items)
        .iter()
        .map(|n| pestor::search::collation_key(n))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not in Polish order");
    let (_, items) = api_items("/api/v1/organizations?sort=aktualizacja&per_page=100");
    let updated: Vec<&str> = items
        .iter()
        .map(|i| i["updated"].as_str().unwrap())
        .collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "not newest first");
}

#[test]
fn pagination_edges() {
    let (total, first) = api_items("/api/v1/organizations?page=1&per_page=20");
    assert_eq!(total, 208);
    assert_eq!(first.len(), 20);
    let (_, last) = api_items("/api/v1/organizations?page=11&per_page=20");
    assert_eq!(last.len(), 8);
    let (_, beyond) = api_items("/api/v1/organizations?page=12&per_page=20");
    assert!(beyond.is_empty());
    let (_, hundred) = api_items("/api/v1/organizations?per_page=100");
    assert_eq!(hundred.len(), 100);
    // No organisation appears on two pages.
    let mut seen = std::collections::HashSet::new();
    for page in 1..=11 {
        let (_, items) = api_items(&format!("/api/v1/organizations?page={page}"));
        for item in items {
            assert!(seen.insert(item["slug"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(seen.len(), 208);

    let html = server().get("/podmioty?page=11").text();
    assert!(html.contains("rel=\"prev\""));
    assert!(!html.contains("rel=\"next\""));
    let html = server().get("/podmioty?page=12");
    assert_eq!(html.status, 200);
    assert!(html.text().contains("Wróć do pierwszej strony wyników"));
}

#[test]
fn profile_pages_show_the_record_and_unknown_slugs_are_404() {
    let (_, items) = api_items("/api/v1/organizations?q=cistor");
    let slug = items[0]["slug"].as_str().unwrap();
    let page = server().get(&format!("/podmioty/{slug}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("CISTOR"));
    assert!(html.contains("Stokrotkowa 22"));
    assert!(html.contains("Ostatnia aktualizacja"));

    let missing = server().get("/podmioty/nie-ma-takiej-organizacji");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Nie znaleziono strony"));
    let api_missing = server().get("/api/v1/organizations/nie-ma-takiej");
    assert_eq!(api_missing.status, 404);
    assert!(api_missing.json()["error"].is_string());
    let by_id = server().get(&format!("/api/v1/organizations/{}", items[0]["id"]));
    assert_eq!(by_id.json()["slug"], slug);
}

#[test]
fn malformed_parameters_get_a_polish_400() {
    let long = "a".repeat(300);
    for path in [
        "/podmioty?forma=spolka-akcyjna".to_string(),
        "/podmioty?sort=losowo".to_string(),
        "/podmioty?page=0".to_string(),
        "/podmioty?page=abc".to_string(),
        "/podmioty?page=99999999999999999999999".to_string(),
        "/podmioty?osiedle=atlantyda".to_string(),
        format!("/podmioty?q={long}"),
    ] {
        let response = server().get(&path);
        assert_eq!(response.status, 400, "{path}");
        assert!(
            response.text().contains("Nieprawidłowe zapytanie"),
            "{path}"
        );
    }
    for path in [
        "/api/v1/organizations?per_page=101",
        "/api/v1/organizations?per_page=0",
        "/api/v1/organizations?format=pdf",
        "/api/v1/organizations?status=wazny",
    ] {
        let response = server().get(path);
        assert_eq!(response.status, 400, "{path}");
        assert!(
            response.json()["error"].as_str().unwrap().len() > 10,
            "{path}"
        );
    }
}

#[test]
fn hostile_input_is_escaped_and_never_breaks_the_page() {
    let response = server().get("/podmioty?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(response.status, 200);
    let html = response.text();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;"));
    for path in [
        "/podmioty/%FF%FE",
        "/podmioty/..%2F..%2Fetc%2Fpasswd",
        "/static/..%2FCargo.toml",
        "/static/../Cargo.toml",
    ] {
        let status = server().get(path).status;
        assert!(status == 404 || status == 400, "{path}: {status}");
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    for path in [
        "/",
        "/podmioty",
        "/podmioty/nie-ma",
        "/static/css/site.css",
        "/api/v1/organizations",
    ] {
        let response = server().get(path);
        let csp = response
            .header("content-security-policy")
            .unwrap_or_default();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(response.header("referrer-policy").is_some(), "{path}");
    }
}

#[test]
fn wrong_methods_get_405_with_allow() {
    let response = server().request("POST", "/podmioty", &[], b"x=1");
    assert_eq!(response.status, 405);
    assert!(response.header("allow").unwrap().contains("GET"));
    assert!(response.text().contains("Niedozwolona metoda"));
    let head = server().request("HEAD", "/podmioty", &[], b"");
    assert_eq!(head.status, 200);
}

#[test]
fn csv_download_has_the_filtered_rows_for_excel() {
    let response = server().get("/api/v1/organizations?format=csv&forma=fundacja");
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        response
            .header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(response.body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = response.text();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("nazwa;forma prawna;KRS"));
    let (total, _) = api_items("/api/v1/organizations?forma=fundacja");
    let rows = text.lines().skip(1).filter(|l| !l.is_empty()).count() as u64;
    assert_eq!(rows, total);
    assert!(text.lines().skip(1).all(|l| l.contains(";Fundacja;")));
    let page = server().get("/podmioty?forma=fundacja").text();
    assert!(page.contains("format=csv"));
}

#[test]
fn geojson_lists_located_organisations() {
    let response = server().get("/api/v1/organizations?format=geojson&osiedle=stare-miasto");
    assert_eq!(response.status, 200);
    let json = response.json();
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((18.47..18.77).contains(&lon) && (52.96..53.07).contains(&lat));
    }
}

#[test]
fn static_assets_have_etags_gzip_and_304() {
    let first = server().request(
        "GET",
        "/static/css/site.css",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(first.status, 200);
    assert_eq!(first.header("content-encoding"), Some("gzip"));
    let etag = first.header("etag").unwrap().to_string();
    let again = server().request(
        "GET",
        "/static/css/site.css",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    let home = server().get("/").text();
    assert!(home.contains("/static/css/site.css?v="));
    let versioned = server().get("/static/css/site.css?v=1");
    assert!(
        versioned
            .header("cache-control")
            .unwrap()
            .contains("immutable")
    );
}

#[test]
fn information_pages_exist_with_the_declaration_ids() {
    let html = server().get("/deklaracja-dostepnosci").text();
    for id in [
        "a11y-wstep",
        "a11y-podmiot",
        "a11y-url",
        "a11y-data-publikacja",
        "a11y-data-aktualizacja",
        "a11y-status",
        "a11y-data-sporzadzenie",
        "a11y-data-przeglad",
        "a11y-kontakt",
        "a11y-osoba",
        "a11y-email",
        "a11y-telefon",
        "a11y-procedura",
        "a11y-architektura",
        "a11y-aplikacje",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing {id}");
    }
    assert!(html.contains("Gmina Miasta Toruń"));
    let privacy = server().get("/prywatnosc");
    assert_eq!(privacy.status, 200);
    assert!(privacy.text().contains("Inspektor ochrony danych"));
    let about = server().get("/o-platformie");
    assert!(about.text().contains("łatwy do czytania"));
    let terms = server().get("/regulamin");
    assert_eq!(terms.status, 200);
    assert!(terms.text().contains("Regulamin platformy"));
}
