//! The open-data portal through HTTP: every API list and record validates against the OpenAPI
//! description (JSON Schema 2020-12), CSV parses back to the JSON's rows, GeoJSON follows
//! RFC 7946, Atom feeds are well-formed, `/dane` links work, the licence setting reaches the
//! catalogue, the description and the API, and the numbers page agrees with the API.

mod common;

use std::collections::BTreeMap;

use common::client::Client;
use common::forms::{all_fields, unescape};
use common::{TestServer, shared_server};
use serde_json::Value;

const DOC_URL: &str = "http://pestor.test/api/v1/openapi.json";

fn server() -> &'static TestServer {
    shared_server()
}

fn get_ok(server: &TestServer, path: &str) -> common::HttpResponse {
    let response = server.get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response
}

fn openapi(server: &TestServer) -> Value {
    let response = get_ok(server, "/api/v1/openapi.json");
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    response.json()
}

/// A JSON pointer segment (RFC 6901).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Validates JSON against schemas of the whole OpenAPI document, found by JSON pointer, so that
/// `#/components/...` references resolve within it.
struct Validator {
    schemas: boon::Schemas,
    compiler: boon::Compiler,
}

impl Validator {
    fn new(doc: &Value) -> Validator {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.add_resource(DOC_URL, doc.clone()).unwrap();
        Validator {
            schemas: boon::Schemas::new(),
            compiler,
        }
    }

    /// Checks `value` against the schema at `pointer` (e.g. "/components/schemas/Page").
    fn check(&mut self, pointer: &str, value: &Value, what: &str) {
        let index = self
            .compiler
            .compile(&format!("{DOC_URL}#{pointer}"), &mut self.schemas)
            .unwrap_or_else(|e| panic!("{pointer}: {e:#}"));
        if let Err(error) = self.schemas.validate(value, index) {
            panic!("{what} does not match {pointer}:\n{error:#}");
        }
    }
}

fn response_schema(path: &str, media: &str) -> String {
    format!(
        "/paths/{}/get/responses/200/content/{}/schema",
        escape(path),
        escape(media)
    )
}

/// The list paths of the document ("/organizations", …).
fn list_paths(doc: &Value) -> Vec<String> {
    doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| !p.contains('{'))
        .cloned()
        .collect()
}

fn located(doc: &Value, path: &str) -> bool {
    doc["paths"][path]["get"]["responses"]["200"]["content"]
        .get("application/geo+json")
        .is_some()
}

/// Every item of a list, page by page.
fn all_items(server: &TestServer, api: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let separator = if api.contains('?') { '&' } else { '?' };
        let json = get_ok(server, &format!("{api}{separator}per_page=100&page={page}")).json();
        let batch = json["items"].as_array().unwrap().clone();
        let total = json["total"].as_u64().unwrap() as usize;
        items.extend(batch);
        if items.len() >= total {
            break;
        }
        assert!(page < 100, "{api}: too many pages");
    }
    items
}

#[test]
fn every_list_and_one_record_of_each_validate_against_the_description() {
    let doc = openapi(server());
    let mut validator = Validator::new(&doc);
    let paths = list_paths(&doc);
    assert!(paths.len() >= 6, "{paths:?}");
    for path in paths {
        let api = format!("/api/v1{path}");
        let response = get_ok(server(), &format!("{api}?per_page=100"));
        assert!(
            response
                .header("link")
                .is_some_and(|l| l.contains("rel=\"license\"")),
            "{api}: licence link"
        );
        let list = response.json();
        assert!(list["total"].as_u64().unwrap() > 0, "{api}: demo records");
        validator.check(&response_schema(&path, "application/json"), &list, &api);
        // One record, by its slug.
        let slug = list["items"][0]["slug"].as_str().unwrap().to_string();
        let one = get_ok(server(), &format!("{api}/{slug}")).json();
        assert_eq!(one, list["items"][0], "{api}/{slug} as in the list");
        let record_path = format!("{path}/{{slug}}");
        validator.check(
            &response_schema(&record_path, "application/json"),
            &one,
            &format!("{api}/{slug}"),
        );
        // Errors as described.
        let missing = server().get(&format!("{api}/nie-ma-takiego-rekordu-123"));
        assert_eq!(missing.status, 404, "{api}");
        validator.check("/components/schemas/Error", &missing.json(), "404");
        let bad = server().get(&format!("{api}?format=xml"));
        assert_eq!(bad.status, 400, "{api}");
        validator.check("/components/schemas/Error", &bad.json(), "400");
    }
}

#[test]
fn a_drifted_record_fails_validation() {
    let doc = openapi(server());
    let mut validator = Validator::new(&doc);
    let list = get_ok(server(), "/api/v1/organizations?per_page=1").json();
    let pointer = response_schema("/organizations", "application/json");
    let mut extra = list.clone();
    extra["items"][0]["nickname"] = Value::from("x");
    let mut missing = list.clone();
    missing["items"][0].as_object_mut().unwrap().remove("krs");
    let mut wrong = list;
    wrong["items"][0]["opp"] = Value::from("tak");
    for broken in [extra, missing, wrong] {
        let index = validator
            .compiler
            .compile(&format!("{DOC_URL}#{pointer}"), &mut validator.schemas)
            .unwrap();
        assert!(validator.schemas.validate(&broken, index).is_err());
    }
}

fn csv_rows(body: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&body[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_of_each_list_parses_back_to_the_json_rows() {
    let doc = openapi(server());
    for path in list_paths(&doc) {
        let api = format!("/api/v1{path}");
        let items = all_items(server(), &api);
        let response = get_ok(server(), &format!("{api}?format=csv"));
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("text/csv")
        );
        let (header, rows) = csv_rows(&response.body);
        assert_eq!(header.last().unwrap(), "adres w serwisie", "{api}");
        assert_eq!(rows.len(), items.len(), "{api}: same number of rows");
        let csv_urls: Vec<&str> = rows.iter().map(|r| r.last().unwrap().as_str()).collect();
        let json_urls: Vec<&str> = items.iter().map(|i| i["url"].as_str().unwrap()).collect();
        assert_eq!(csv_urls, json_urls, "{api}: same records in the same order");
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{api}");
        }
    }
    // A filtered list gives the same filtered rows.
    let api = "/api/v1/premises?status=wolny";
    let items = all_items(server(), api);
    let (_, rows) = csv_rows(&get_ok(server(), &format!("{api}&format=csv")).body);
    assert!(!items.is_empty());
    assert_eq!(rows.len(), items.len());
    for (row, item) in rows.iter().zip(&items) {
        // The CSV's address column is the JSON name without the city.
        assert!(item["name"].as_str().unwrap().starts_with(&row[0]));
        assert_eq!(row.last().unwrap(), item["url"].as_str().unwrap());
        assert_eq!(item["status"], "wolny");
    }
}

#[test]
fn geojson_is_a_valid_feature_collection() {
    let doc = openapi(server());
    let mut validator = Validator::new(&doc);
    let mut seen = 0;
    for path in list_paths(&doc).into_iter().filter(|p| located(&doc, p)) {
        let api = format!("/api/v1{path}");
        let response = get_ok(server(), &format!("{api}?format=geojson"));
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("application/geo+json")
        );
        let geo = response.json();
        validator.check(&response_schema(&path, "application/geo+json"), &geo, &api);
        assert_eq!(geo["type"], "FeatureCollection");
        let features = geo["features"].as_array().unwrap();
        let items = all_items(server(), &api);
        let placed: Vec<&Value> = items.iter().filter(|i| !i["lat"].is_null()).collect();
        assert_eq!(features.len(), placed.len(), "{api}: one feature per place");
        assert!(!features.is_empty(), "{api}");
        for (feature, item) in features.iter().zip(placed) {
            assert_eq!(feature["type"], "Feature");
            assert_eq!(feature["geometry"]["type"], "Point");
            let c = feature["geometry"]["coordinates"].as_array().unwrap();
            assert_eq!(c.len(), 2);
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            // RFC 7946: longitude first.
            assert_eq!(
                (lon, lat),
                (item["lon"].as_f64().unwrap(), item["lat"].as_f64().unwrap())
            );
            assert!(feature["properties"]["name"].is_string());
            assert_eq!(feature["properties"]["url"], item["url"]);
        }
        seen += 1;
    }
    assert_eq!(
        seen, 3,
        "organisations, premises and institutions are located"
    );
}

/// Checks that `xml` is well-formed as far as tags go: every element closed in order, one root.
fn assert_well_formed(xml: &str, what: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .unwrap_or_else(|| panic!("{what}: XML declaration"));
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "{what}: stray '>'");
        for entity in text.split('&').skip(1) {
            let name = entity.split(';').next().unwrap();
            assert!(
                ["amp", "lt", "gt", "quot", "apos"].contains(&name) || name.starts_with('#'),
                "{what}: entity &{name};"
            );
        }
        let end = rest[start..]
            .find('>')
            .unwrap_or_else(|| panic!("{what}: open tag"))
            + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "{what}: </{name}>"
            );
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            assert!(!name.is_empty(), "{what}: empty tag");
            assert_eq!(tag.matches('"').count() % 2, 0, "{what}: <{tag}>");
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(rest.trim().is_empty(), "{what}: text after the root");
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
    assert_eq!(roots, 1, "{what}: one root element");
}

#[test]
fn every_feed_is_well_formed_atom_with_entries() {
    let html = get_ok(server(), "/dane").text();
    let feeds: Vec<String> = hrefs(&html)
        .into_iter()
        .filter(|h| h.ends_with(".atom"))
        .collect();
    assert_eq!(feeds.len(), 8, "{feeds:?}");
    for feed in &feeds {
        let response = get_ok(server(), feed);
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("application/atom+xml")
        );
        let xml = response.text();
        assert_well_formed(&xml, feed);
        assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(xml.contains(&format!("{feed}</id>")), "{feed}: feed id");
        let head = xml.split("<entry>").next().unwrap();
        assert!(head.contains("<updated>20"), "{feed}: updated");
        assert!(!head.contains("<updated>1970"), "{feed}: a real time");
        let entries = xml.matches("<entry>").count();
        assert!(entries > 0, "{feed}: entries");
        assert_eq!(
            entries,
            xml.matches("<id>").count() - 1,
            "{feed}: an id per entry"
        );
        // The list page announces its feed.
        let page = feed.trim_end_matches(".atom");
        let list = get_ok(server(), page).text();
        assert!(
            list.contains("<link rel=\"alternate\" type=\"application/atom+xml\"")
                && list.contains(&format!("href=\"{feed}\"")),
            "{page} links {feed}"
        );
    }
    let bad = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed><id>x</feed>";
    assert!(std::panic::catch_unwind(|| assert_well_formed(bad, "broken")).is_err());
}

/// The local links (`href="/..."`) of a page, unescaped.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(unescape)
        .collect()
}

#[test]
fn the_catalogue_lists_every_dataset_with_working_links() {
    let html = get_ok(server(), "/dane").text();
    let doc = openapi(server());
    for (name, api) in [
        ("Podmioty ekonomii społecznej", "organizations"),
        ("Produkty i usługi", "offers"),
        ("Bank sprzętu", "equipment"),
        ("Zapotrzebowanie", "needs"),
        ("Baza lokalowa", "premises"),
        ("Mapa wsparcia", "institutions"),
    ] {
        assert!(html.contains(name), "{name}");
        let list = format!("/api/v1/{api}");
        assert!(html.contains(&format!("<code>{list}</code>")), "{list}");
        assert!(
            html.contains(&format!("href=\"{list}?")),
            "{list} downloads"
        );
        assert!(
            doc["paths"].get(format!("/{api}")).is_some(),
            "{api} described"
        );
    }
    // Counts and update times in Polish.
    assert!(html.contains("208 rekordów"), "the 208 demo organisations");
    assert!(html.contains("<time datetime=\"20"), "update times");
    let months = [
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ];
    assert!(
        months.iter().any(|m| html.contains(&format!(" {m} 20"))),
        "an update time in Polish"
    );
    assert!(html.contains("CC BY 4.0"));
    assert!(html.contains("href=\"https://creativecommons.org/licenses/by/4.0/\""));
    assert!(html.contains("Źródło: Platforma PES-TOR, Gmina Miasta Toruń"));
    assert!(html.contains("per_page") && html.contains("<code>format</code>"));
    let links = hrefs(&html);
    for expected in ["/api/v1/openapi.json", "/dane/w-liczbach"] {
        assert!(links.iter().any(|l| l == expected), "{expected}");
    }
    let mut checked = 0;
    for link in links.iter().filter(|l| !l.starts_with("/static/")) {
        let response = server().get(link);
        assert_eq!(response.status, 200, "{link}");
        checked += 1;
    }
    assert!(checked > 30, "{checked} links");
    // The home page and the footer lead here.
    let home = get_ok(server(), "/").text();
    assert!(home.contains("href=\"/dane\"") && home.contains("href=\"/dane/w-liczbach\""));
    let about = get_ok(server(), "/o-platformie").text();
    assert!(about.contains("href=\"/dane/w-liczbach\""));
}

#[test]
fn the_description_has_a_strong_etag() {
    let first = get_ok(server(), "/api/v1/openapi.json");
    let etag = first.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    let again = server().request(
        "GET",
        "/api/v1/openapi.json",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

/// `data-count="key" data-value="N"` cells of the numbers page.
fn counts(html: &str) -> BTreeMap<String, u64> {
    html.split("data-count=\"")
        .skip(1)
        .map(|rest| {
            let key = rest.split('"').next().unwrap().to_string();
            let value = rest
                .split("data-value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            (key, value)
        })
        .collect()
}

fn total(server: &TestServer, path: &str) -> u64 {
    get_ok(server, path).json()["total"].as_u64().unwrap()
}

#[test]
fn the_numbers_page_agrees_with_the_api() {
    let html = get_ok(server(), "/dane/w-liczbach").text();
    assert!(html.contains("Stan na "));
    let counts = counts(&html);
    for (key, api) in [
        ("organizations", "/api/v1/organizations"),
        ("equipment", "/api/v1/equipment?status=wszystkie"),
        ("equipment_available", "/api/v1/equipment?status=dostepny"),
        ("offers", "/api/v1/offers"),
        ("needs", "/api/v1/needs?status=wszystkie"),
        ("needs_open", "/api/v1/needs"),
        ("premises", "/api/v1/premises"),
        ("premises_free", "/api/v1/premises?status=wolny"),
        ("institutions", "/api/v1/institutions"),
    ] {
        assert_eq!(counts[key], total(server(), api), "{key}");
    }
    assert_eq!(counts["organizations"], 208);
    assert!(counts["equipment_available"] <= counts["equipment"]);
    assert!(counts["premises_free"] <= counts["premises"]);
    // The demo accounts are as many as the brochure reported; no one is named.
    assert_eq!(counts["accounts_pes"], 77);
    assert_eq!(counts["accounts_staff"], 6);
    assert_eq!(counts["accounts_residents"], 50);
    assert_eq!(counts["accounts_admins"], 1);
    assert!(html.contains("77 kont"));
    for login in pestor::demo::accounts::LOGINS {
        assert!(!html.contains(login.email) && !html.contains(login.name));
    }
}

#[test]
fn the_licence_setting_changes_the_catalogue_and_the_description() {
    let server = TestServer::start();
    let before = server.get("/api/v1/openapi.json");
    assert_eq!(before.json()["info"]["license"]["name"], "CC BY 4.0");
    let admin = pestor::demo::accounts::LOGINS[0];
    let mut client = Client::new(server.addr);
    let login = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", admin.email), ("password", admin.password)],
    );
    assert_eq!(login.status, 303, "{}", login.text());
    let form = client.get("/admin/ustawienia").text();
    assert!(form.contains("name=\"open_data_licence\""));
    let mut fields = all_fields(&form, "/admin/ustawienia");
    let licence = fields
        .iter_mut()
        .find(|(n, _)| n == "open_data_licence")
        .unwrap();
    assert_eq!(licence.1, "cc-by-4.0");
    licence.1 = "cc0-1.0".to_string();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = client.submit("/admin/ustawienia", "/admin/ustawienia", &pairs);
    assert_eq!(saved.status, 303, "{}", saved.text());

    let html = server.get("/dane").text();
    assert!(html.contains("CC0 1.0"));
    assert!(html.contains("href=\"https://creativecommons.org/publicdomain/zero/1.0/\""));
    assert!(!html.contains("CC BY 4.0"));
    let after = server.get("/api/v1/openapi.json");
    let doc = after.json();
    assert_eq!(doc["info"]["license"]["name"], "CC0 1.0");
    assert_eq!(
        doc["info"]["license"]["url"],
        "https://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert_ne!(before.header("etag"), after.header("etag"));
    let api = server.get("/api/v1/offers?per_page=1");
    assert_eq!(
        api.header("link"),
        Some("<https://creativecommons.org/publicdomain/zero/1.0/>; rel=\"license\"")
    );

    // An unknown licence is refused with the field marked.
    let licence = fields
        .iter_mut()
        .find(|(n, _)| n == "open_data_licence")
        .unwrap();
    licence.1 = "wszystkie-prawa-zastrzezone".to_string();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = client.submit("/admin/ustawienia", "/admin/ustawienia", &pairs);
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("href=\"#f-open_data_licence\""));
}

#[test]
fn the_catalogue_shows_a_new_update_time_after_a_change() {
    // Counted from the changelog: the organisations' time is at least the newest record's.
    let html = get_ok(server(), "/dane").text();
    let orgs = all_items(server(), "/api/v1/organizations");
    let newest = orgs
        .iter()
        .map(|o| o["updated"].as_str().unwrap().to_string())
        .max()
        .unwrap();
    let section = html
        .split("Podmioty ekonomii społecznej</a></h3>")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let time = section
        .split("<time datetime=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap();
    assert!(time >= newest.as_str(), "{time} < {newest}");
}
