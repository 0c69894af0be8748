//! Mapa wsparcia (support institutions) and the map page through HTTP: the list with its
//! facets, the open data (JSON, CSV, GeoJSON), staff keeping the register, and `/mapa` with
//! its list and locality suggestions.

mod common;

use common::TestServer;
use common::client::Client;

/// One demo server shared by the read-only tests of this file.
fn server() -> &'static TestServer {
    common::shared_server()
}

fn json(path: &str) -> serde_json::Value {
    let response = server().get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

fn staff(server: &TestServer) -> Client {
    let mut client = Client::new(server.addr);
    let login = pestor::demo::accounts::login(pestor::domain::user::Role::Staff);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", login.email), ("password", login.password)],
    );
    assert_eq!(r.status, 303, "staff log-in");
    client
}

#[test]
fn the_list_shows_the_demo_institutions_with_facets_and_a_hidden_map() {
    let page = server().get("/wsparcie");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Znaleziono 15 instytucji"), "{html}");
    assert!(html.contains("href=\"/wsparcie\" aria-current=\"page\">Wsparcie</a>"));
    assert!(html.contains("Rodzaj instytucji") && html.contains("Usługi"));
    // The map is there for the script only: hidden until it loads, the list is complete.
    assert!(html.contains("class=\"map-panel\" hidden data-map-panel"));
    assert!(html.contains("data-src=\"/api/v1/institutions?format=geojson\""));
    assert!(html.contains("Mapa szczegółowa ulic nie jest wczytana"));
    assert!(!html.contains("style="), "no inline styles (CSP)");
    let funds = server().get("/wsparcie?rodzaj=fundusz").text();
    assert!(funds.contains("Znaleziono 2 instytucje"), "{funds}");
    assert!(funds.contains("data-src=\"/api/v1/institutions?format=geojson&amp;rodzaj=fundusz\""));
    let loans = server().get("/wsparcie?usluga=pozyczki&q=fundusz").text();
    assert!(loans.contains("Znaleziono 2 instytucje"), "{loans}");
    assert_eq!(server().get("/wsparcie?rodzaj=bank").status, 400);
    assert_eq!(server().get("/wsparcie?sortuj=cena").status, 400);
}

#[test]
fn an_institution_page_shows_contacts_hours_and_says_it_is_a_demo() {
    let items = json("/api/v1/institutions?rodzaj=owes")["items"].clone();
    let slug = items[0]["slug"].as_str().unwrap().to_string();
    let html = server().get(&format!("/wsparcie/{slug}")).text();
    assert!(html.contains("Wpis demonstracyjny"));
    assert!(html.contains("Godziny otwarcia"));
    assert!(html.contains("<li>pon.–pt. 8:00–16:00</li>"));
    assert!(html.contains(".example"));
    assert!(html.contains("56 000 01"));
    assert!(
        !html.contains("Edytuj dane instytucji"),
        "only staff manage"
    );
    assert_eq!(server().get("/wsparcie/nie-ma-takiej").status, 404);
}

#[test]
fn open_data_offers_json_csv_and_valid_geojson() {
    let page = json("/api/v1/institutions?per_page=5&page=2");
    assert_eq!(page["total"], 15);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    let first = &json("/api/v1/institutions")["items"][0];
    for field in [
        "name",
        "url",
        "type",
        "type_label",
        "services",
        "opening_hours",
        "lat",
        "lon",
    ] {
        assert!(!first[field].is_null(), "{field} missing: {first}");
    }
    let id = first["id"].as_u64().unwrap();
    let slug = first["slug"].as_str().unwrap();
    assert_eq!(json(&format!("/api/v1/institutions/{id}"))["slug"], slug);
    assert_eq!(json(&format!("/api/v1/institutions/{slug}"))["id"], id);
    assert_eq!(server().get("/api/v1/institutions/999999").status, 404);

    let response = server().get("/api/v1/institutions?format=geojson");
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/geo+json")
    );
    let geo = response.json();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 15);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            (18.4..18.8).contains(&lon) && (52.9..53.1).contains(&lat),
            "{f}"
        );
        let p = &f["properties"];
        assert!(p["url"].as_str().unwrap().starts_with("/wsparcie/"));
        assert!(p["name"].is_string() && p["type"].is_string() && p["type_label"].is_string());
    }
    let filtered = json("/api/v1/institutions?format=geojson&rodzaj=pup");
    assert_eq!(filtered["features"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["features"][0]["properties"]["type"], "pup");

    let csv = server().get("/api/v1/institutions?format=csv&usluga=lokal");
    assert_eq!(csv.status, 200);
    let text = csv.text();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("nazwa;rodzaj;usługi"));
    assert_eq!(text.lines().count(), 1 + 4, "{text}");
    assert_eq!(server().get("/api/v1/institutions?format=xml").status, 400);
}

#[test]
fn the_map_page_filters_its_list_and_layers_like_the_registers() {
    let html = server().get("/mapa").text();
    assert!(html.contains("<h1>Mapy</h1>"));
    assert!(html.contains("data-layer=\"pes\"") && html.contains("data-layer=\"wsparcie\""));
    assert!(html.contains("data-src=\"/api/v1/premises?format=geojson\""));
    assert!(html.contains("Pokazujemy 50 z 208"));
    assert!(html.contains("Pokaż wszystkie w rejestrze"));
    assert!(
        html.contains("lokal w naborze"),
        "legend with a letter for each status"
    );
    assert!(html.contains("© autorzy OpenStreetMap (ODbL), PRNG (GUGiK), GSHHG, Natural Earth"));
    let only_support = server()
        .get("/mapa?pokaz=1&wsparcie=1&rodzaj=fundusz&forma=fundacja")
        .text();
    assert!(!only_support.contains("data-layer=\"pes\""));
    assert!(
        only_support
            .contains("data-src=\"/api/v1/institutions?format=geojson&amp;rodzaj=fundusz\"")
    );
    assert!(
        only_support.contains("Instytucje wsparcia: 2 wyniki"),
        "{only_support}"
    );
    let pes = server().get("/mapa?pokaz=1&pes=1&q=CISTOR").text();
    assert!(
        pes.contains("Podmioty ekonomii społecznej: 1 wynik"),
        "{pes}"
    );
    assert!(pes.contains("data-src=\"/api/v1/organizations?format=geojson&amp;q=CISTOR\""));
    let premises = server()
        .get("/mapa?pokaz=1&lokale=1&status=wolny&dostepny=1")
        .text();
    assert!(
        premises.contains(
            "data-src=\"/api/v1/premises?format=geojson&amp;status=wolny&amp;dostepny=1\""
        )
    );
    assert!(premises.contains("href=\"/lokale?status=wolny&amp;dostepny=1\""));
    assert!(premises.contains("Lokale dla organizacji: "));
    assert!(
        premises.contains("<a href=\"/lokale/"),
        "the free premises are listed"
    );
    assert!(
        !premises.contains("lokal zajęty ·"),
        "only free premises are listed"
    );
    let all_premises = server().get("/mapa?pokaz=1&lokale=1").text();
    assert!(all_premises.contains("Lokale dla organizacji: 83 wyniki"));
    assert_eq!(server().get("/mapa?status=w-naborze").status, 200);
    assert_eq!(server().get("/mapa?status=sprzedany").status, 400);
    assert_eq!(server().get("/mapa?forma=nieznana").status, 400);
}

#[test]
fn localities_are_suggested_for_the_location_picker() {
    let found = json("/mapa/miejscowosci?q=che%C5%82m");
    let items = found.as_array().unwrap();
    assert!(!items.is_empty() && items.len() <= 10);
    assert!(items.iter().any(|i| i["name"] == "Chełmża"), "{found}");
    for i in items {
        assert!(i["label"].is_string() && i["lat"].is_f64() && i["lon"].is_f64());
    }
    assert_eq!(json("/mapa/miejscowosci?q=").as_array().unwrap().len(), 0);
    let form = {
        let server = server();
        let mut client = staff(server);
        client.get("/wsparcie/nowa").text()
    };
    assert!(form.contains("<fieldset class=\"location\" id=\"f-geo\">"));
    assert!(form.contains("<legend>Położenie na mapie</legend>"));
    assert!(form.contains("data-map-base"));
}

#[test]
fn staff_add_edit_archive_restore_and_delete_an_institution() {
    let server = TestServer::start();
    let mut client = staff(&server);

    // Errors come back on the form, each tied to its field.
    let r = client.submit(
        "/wsparcie/nowa",
        "/wsparcie/nowa",
        &[
            ("name", "X"),
            ("kind", ""),
            ("lat", "53"),
            ("city", "Toruń"),
        ],
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Popraw"), "{html}");
    assert!(html.contains("Wybierz rodzaj instytucji."));
    assert!(html.contains("Zaznacz co najmniej jedną usługę"));
    assert!(html.contains("id=\"f-name\" name=\"name\" type=\"text\" value=\"X\""));
    assert!(html.contains("aria-invalid=\"true\""));

    let fields = [
        ("name", "Punkt Doradztwa dla Spółdzielni"),
        ("kind", "owes"),
        ("services", "doradztwo"),
        ("services", "ksiegowosc"),
        (
            "description",
            "Doradztwo i księgowość dla młodych spółdzielni socjalnych.",
        ),
        ("street", "ul. Szeroka 10"),
        ("postal_code", "87-100"),
        ("city", "Toruń"),
        ("district", "Stare Miasto"),
        ("lat", "53,0101"),
        ("lon", "18.6071"),
        ("email", "biuro@punkt.example"),
        ("hours", "pon.–pt. 9:00–15:00\nsob. 10:00–12:00"),
    ];
    let r = client.submit("/wsparcie/nowa", "/wsparcie/nowa", &fields);
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_string();
    assert_eq!(
        location,
        "/wsparcie/punkt-doradztwa-dla-spoldzielni?zapisano=1"
    );
    let page = client.get(&location).text();
    assert!(page.contains("Zmiany zostały zapisane."));
    assert!(page.contains("<li>sob. 10:00–12:00</li>"));
    let public = server.get("/api/v1/institutions?q=punkt+doradztwa").json();
    assert_eq!(public["total"], 1);
    assert_eq!(public["items"][0]["lat"], 53.0101);
    let slug = "punkt-doradztwa-dla-spoldzielni";

    // Edit: the name changes, the address stays.
    let mut edited: Vec<(&str, &str)> = fields.to_vec();
    edited[0] = ("name", "Punkt Doradztwa i Księgowości");
    let r = client.submit(
        &format!("/wsparcie/{slug}/edycja"),
        &format!("/wsparcie/{slug}/edycja"),
        &edited,
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        server.get(&format!("/api/v1/institutions/{slug}")).json()["name"],
        "Punkt Doradztwa i Księgowości"
    );

    // A public record is archived before it can be deleted.
    let page = format!("/wsparcie/{slug}");
    let r = client.submit(&page, &format!("/wsparcie/{slug}/usun"), &[]);
    assert_eq!(r.status, 400);
    assert!(
        r.text()
            .contains("Przed usunięciem przenieś instytucję do archiwum.")
    );
    let r = client.submit(&page, &format!("/wsparcie/{slug}/archiwizuj"), &[]);
    assert_eq!(r.status, 303);
    assert_eq!(
        server.get(&page).status,
        404,
        "archived: gone for the public"
    );
    assert_eq!(
        server.get(&format!("/api/v1/institutions/{slug}")).status,
        404
    );
    assert_eq!(
        server.get("/api/v1/institutions?q=punkt+doradztwa").json()["total"],
        0
    );
    assert!(client.get(&page).text().contains("jest w archiwum"));
    let r = client.submit(&page, &format!("/wsparcie/{slug}/przywroc"), &[]);
    assert_eq!(r.status, 303);
    assert_eq!(server.get(&page).status, 200);
    client.submit(&page, &format!("/wsparcie/{slug}/archiwizuj"), &[]);
    let r = client.submit(&page, &format!("/wsparcie/{slug}/usun"), &[]);
    assert_eq!(r.status, 303);
    assert_eq!(client.get(&page).status, 404);

    // Nobody but staff manages the register.
    let mut resident = Client::new(server.addr);
    let login = pestor::demo::accounts::login(pestor::domain::user::Role::Pes);
    resident.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", login.email), ("password", login.password)],
    );
    assert_eq!(resident.get("/wsparcie/nowa").status, 403);
    let anonymous = server.get("/wsparcie/nowa");
    assert_eq!(anonymous.status, 303);
}
