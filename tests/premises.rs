//! Baza lokalowa through HTTP: the list with facets, search, area range and sorts; the rent
//! calculator's numbers; staff adding premises (a form with errors is shown again and nothing is
//! saved) and editing the discount rules; a representative applying with a PDF, staff deciding
//! and changing the status with the applicant told by e-mail, documents kept from other
//! organisations; open data as JSON, CSV, GeoJSON and Atom.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{HttpResponse, Options, TestServer, shared_server};
use pestor::domain::organization::OrgId;
use pestor::domain::user::{Role, User};
use pestor::store::Store;

const PASSWORD: &str = "hasło do bazy lokalowej";
const PES_A: &str = "pes-a@example.pl";
const PES_B: &str = "pes-b@example.pl";
const STAFF: &str = "urzad@torun.example";
/// Demo organisations the representatives represent.
const ORG_A: u64 = 1;
const ORG_B: u64 = 3;
const NBSP: char = '\u{a0}';

/// A demo server (mail to `sink` when given) with two representatives of different demo
/// organisations and a staff member.
fn server(sink: Option<&SmtpSink>) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        if let Some(sink) = sink {
            store
                .save_settings(&common::accounts::settings_with_sink(sink), None)
                .unwrap();
        }
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        for (email, role, orgs) in [
            (PES_A, Role::Pes, vec![OrgId(ORG_A)]),
            (PES_B, Role::Pes, vec![OrgId(ORG_B)]),
            (STAFF, Role::Staff, vec![]),
        ] {
            let user = User {
                organizations: orgs,
                ..common::accounts::active_user(email, role, &hash)
            };
            store.save_user(user, None).unwrap();
        }
    }
    TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    })
}

fn signed_in(server: &TestServer, email: &str) -> Client {
    let mut client = Client::new(server.addr);
    let response = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", PASSWORD)],
    );
    assert_eq!(response.status, 303, "log-in of {email}");
    client
}

fn location(response: &HttpResponse) -> String {
    response
        .header("location")
        .unwrap_or_else(|| panic!("no redirect: {} {}", response.status, response.text()))
        .to_string()
}

fn api(server: &TestServer, query: &str) -> serde_json::Value {
    let response = server.get(&format!("/api/v1/premises?{query}"));
    assert_eq!(response.status, 200, "{query}: {}", response.text());
    response.json()
}

fn nbsp(text: &str) -> String {
    text.replace(' ', &NBSP.to_string())
}

#[test]
fn the_list_counts_filters_searches_and_sorts_the_demo_premises() {
    let server = shared_server();
    let all = api(server, "per_page=100");
    assert_eq!(all["total"], 83, "as many as the original platform listed");
    let free = api(server, "status=wolny&per_page=100");
    assert_eq!(free["total"], 14);
    assert!(
        free["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "wolny" && p["tenant"].is_null())
    );
    let calls = api(server, "status=w-naborze");
    let call = &calls["items"][0];
    assert!(
        call["call_number"]
            .as_str()
            .unwrap()
            .starts_with("WGM.6845.")
    );
    let occupied = api(server, "status=zajety&per_page=1");
    assert!(occupied["items"][0]["tenant"].is_string());

    let page = server.get("/lokale").text();
    assert!(page.contains("Znaleziono 83 lokale"), "plural form");
    assert!(
        page.contains("(14<span class=\"visually-hidden\"> lokali"),
        "status facet count"
    );
    assert!(page.contains("href=\"/lokale?status=wolny\""));
    assert!(page.contains("tylko dostępne dla osób z niepełnosprawnościami"));

    // Search by a street of one of them finds it.
    let first = &all["items"][0];
    let street = first["street"].as_str().unwrap();
    let word = street.split(' ').next_back().unwrap();
    let found = api(server, &format!("q={}", urlencode(word)));
    assert!(found["total"].as_u64().unwrap() >= 1);
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["street"] == street)
    );

    // Osiedle facet and the accessible filter narrow the list.
    let district = first["district"].as_str().unwrap();
    let slug = pestor::domain::slug::slugify(district);
    let in_district = api(server, &format!("osiedle={slug}&per_page=100"));
    let n = in_district["total"].as_u64().unwrap();
    assert!((1..83).contains(&n));
    assert!(
        in_district["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["district"] == district)
    );
    let accessible = api(server, "dostepny=1&per_page=100");
    assert!(
        accessible["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["accessibility"] == "pelna")
    );

    // Area range and the orders.
    let ranged = api(
        server,
        "pow_od=50&pow_do=100,5&sortuj=powierzchnia&per_page=100",
    );
    let areas: Vec<f64> = ranged["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["area"].as_f64().unwrap())
        .collect();
    assert!(!areas.is_empty());
    assert!(areas.iter().all(|a| (50.0..=100.5).contains(a)));
    assert!(areas.windows(2).all(|w| w[0] <= w[1]), "by area");
    let by_rent = api(server, "sortuj=czynsz&per_page=100");
    let rents: Vec<f64> = by_rent["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["base_rent"].as_f64().unwrap())
        .collect();
    assert_eq!(rents.len(), 83);
    assert!(rents.windows(2).all(|w| w[0] <= w[1]), "by rent");
    let page2 = api(server, "sortuj=czynsz&per_page=10&page=2");
    assert_eq!(page2["items"][0]["base_rent"].as_f64(), Some(rents[10]));

    // Bad values: a clear 400 on the API; on the page the bad bound is marked and ignored.
    assert_eq!(server.get("/api/v1/premises?status=sprzedany").status, 400);
    assert_eq!(server.get("/api/v1/premises?pow_od=dużo").status, 400);
    assert_eq!(server.get("/lokale?sortuj=losowo").status, 400);
    let marked = server.get("/lokale?pow_od=abc");
    assert_eq!(marked.status, 200);
    let marked = marked.text();
    assert!(marked.contains("Nie udało się zastosować filtra powierzchni"));
    assert!(marked.contains("Znaleziono 83 lokale"));
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[test]
fn geojson_is_a_feature_collection_of_points_in_torun() {
    let server = shared_server();
    let response = server.get("/api/v1/premises?format=geojson&status=wolny");
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/geo+json")
    );
    let body = response.json();
    assert_eq!(body["type"], "FeatureCollection");
    let features = body["features"].as_array().unwrap();
    assert_eq!(features.len(), 14);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((18.4..18.8).contains(&lon), "longitude first: {lon}");
        assert!((52.9..53.1).contains(&lat), "latitude second: {lat}");
        let p = &f["properties"];
        assert_eq!(p["status"], "wolny");
        assert_eq!(p["status_label"], "wolny");
        assert!(p["name"].as_str().unwrap().ends_with(", Toruń"));
        assert!(p["url"].as_str().unwrap().starts_with("/lokale/"));
        assert!(p["district"].is_string());
        assert!(p["area"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(server.get("/api/v1/premises?format=xml").status, 400);
}

#[test]
fn csv_atom_and_one_record_as_json() {
    let server = shared_server();
    let response = server.get("/api/v1/premises?format=csv");
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-disposition")
            .unwrap()
            .contains("baza-lokalowa.csv")
    );
    let text = response.text();
    assert!(text.starts_with('\u{feff}'));
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.contains("adres;kod pocztowy;miejscowość;osiedle;powierzchnia (m²)"));
    assert_eq!(lines.count(), 83);

    let feed = server.get("/lokale.atom");
    assert_eq!(feed.status, 200);
    assert!(
        feed.text()
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );

    let first = api(server, "per_page=1");
    let slug = first["items"][0]["slug"].as_str().unwrap().to_string();
    let id = first["items"][0]["id"].as_u64().unwrap();
    let by_slug = server.get(&format!("/api/v1/premises/{slug}")).json();
    let by_id = server.get(&format!("/api/v1/premises/{id}")).json();
    assert_eq!(by_slug, by_id);
    assert_eq!(by_slug["url"], format!("/lokale/{slug}"));
    assert_eq!(server.get("/api/v1/premises/nie-ma-takiego").status, 404);
    assert_eq!(server.get(&format!("/lokale/{slug}")).status, 200);
}

/// The fields of a valid new premises, with `changes` applied.
fn premises_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("street", "ul. Testowa"),
        ("building", "7"),
        ("unit", "2"),
        ("postal_code", "87-100"),
        ("city", "Toruń"),
        ("district", "Stare Miasto"),
        ("lat", "53,0105"),
        ("lon", "18.6050"),
        ("area", "60,00"),
        ("position", "poddasze"),
        ("floor", ""),
        ("rooms", "3"),
        ("condition", "dobry"),
        ("heating", "1"),
        ("electricity", "1"),
        ("accessibility", "brak"),
        ("accessibility_note", "Wejście po schodach."),
        ("intended_use", "biurowy"),
        ("rate", "20,00"),
        ("status", "wolny"),
        ("tenant", ""),
        ("call_number", ""),
        ("call_deadline", ""),
        ("administrator", "Miejski Zarząd Nieruchomości w Toruniu"),
        ("admin_phone", "56 600 00 00"),
        ("admin_email", "lokale@torun.example"),
        (
            "description",
            "Poddasze <script>alert(1)</script> z trzema pokojami.",
        ),
    ];
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        fields.push((name, value));
    }
    fields
}

#[test]
fn staff_add_premises_the_calculator_applies_the_rules_and_staff_change_them() {
    let server = server(None);
    let mut staff = signed_in(&server, STAFF);
    let before = api(&server, "per_page=1")["total"].as_u64().unwrap();

    // Bad input: shown again with the fields marked, nothing saved.
    let bad = staff.submit(
        "/lokale/nowy",
        "/lokale/nowy",
        &premises_fields(&[
            ("area", "sześćdziesiąt"),
            ("postal_code", "87100"),
            ("status", "w-naborze"),
            ("lat", "53,01"),
            ("lon", ""),
        ]),
    );
    assert_eq!(bad.status, 422);
    let html = bad.text();
    for field in ["area", "postal_code", "call_number", "call_deadline", "lon"] {
        assert!(
            html.contains(&format!("id=\"f-{field}\" name=\"{field}\""))
                && html.contains(&format!("href=\"#f-{field}\"")),
            "{field} marked"
        );
    }
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"ul. Testowa\""), "typed values kept");
    assert_eq!(
        api(&server, "per_page=1")["total"].as_u64().unwrap(),
        before
    );

    // A valid form adds the premises at once.
    let added = staff.submit("/lokale/nowy", "/lokale/nowy", &premises_fields(&[]));
    assert_eq!(added.status, 303, "{}", added.text());
    let to = location(&added);
    assert_eq!(to, "/lokale/ul-testowa-7-2-torun?komunikat=dodano");
    assert_eq!(
        api(&server, "per_page=1")["total"].as_u64().unwrap(),
        before + 1
    );
    let page = server.get("/lokale/ul-testowa-7-2-torun").text();
    assert!(page.contains("60,00\u{a0}m²"));
    assert!(page.contains("&lt;script&gt;"), "description escaped");
    assert!(!page.contains("<script>alert"));

    // The calculator: 60 m² × 20 zł = 1 200 zł; −70 % for social assistance = −840 zł;
    // −30 % of the remaining 360 zł for the attic = −108 zł; 252 zł to pay.
    let calc = server
        .get("/lokale/ul-testowa-7-2-torun?cel=pomoc-spoleczna")
        .text();
    for amount in ["1 200,00 zł", "−840,00 zł", "−108,00 zł", "252,00 zł"] {
        assert!(calc.contains(&nbsp(amount)), "{amount}");
    }
    assert!(calc.contains("Zniżka 70%") && calc.contains("Zniżka 30%"));
    let other = server.get("/lokale/ul-testowa-7-2-torun?cel=inna").text();
    assert!(
        other.contains(&format!(
            "<strong class=\"rent-total\">{}</strong>",
            nbsp("840,00 zł")
        )),
        "attic only"
    );
    assert_eq!(
        server.get("/lokale/ul-testowa-7-2-torun?cel=handel").status,
        400
    );

    // Staff change the rules; a bad percent is marked and nothing changes.
    let bad_rules = staff.submit(
        "/admin/lokale/stawki",
        "/admin/lokale/stawki",
        &[("cel_pomoc-spoleczna", "sto"), ("polozenie_poddasze", "30")],
    );
    assert_eq!(bad_rules.status, 422);
    assert!(bad_rules.text().contains("href=\"#f-cel_pomoc-spoleczna\""));
    let saved = staff.submit(
        "/admin/lokale/stawki",
        "/admin/lokale/stawki",
        &[
            ("cel_pomoc-spoleczna", "50"),
            ("cel_edukacja-kultura", "50"),
            ("cel_rozwoj", "30"),
            ("cel_inna", "0"),
            ("polozenie_piwnica", "20"),
            ("polozenie_poddasze", "0"),
            ("polozenie_oficyna", "30"),
        ],
    );
    assert_eq!(saved.status, 303);
    let calc = server
        .get("/lokale/ul-testowa-7-2-torun?cel=pomoc-spoleczna")
        .text();
    assert!(calc.contains(&format!(
        "<strong class=\"rent-total\">{}</strong>",
        nbsp("600,00 zł")
    )));
    // A representative may not change the rules.
    let mut pes = signed_in(&server, PES_A);
    assert_eq!(pes.get("/admin/lokale/stawki").status, 403);
}

/// A free demo premises' slug.
fn free_premises(server: &TestServer) -> String {
    api(server, "status=wolny&per_page=1")["items"][0]["slug"]
        .as_str()
        .unwrap()
        .to_string()
}

/// N in "Zgłoszenia organizacji (N)" on the staff page.
fn applications_count(html: &str) -> usize {
    let marker = "Zgłoszenia organizacji (";
    let at = html.find(marker).expect("the applications heading") + marker.len();
    html[at..].split(')').next().unwrap().parse().unwrap()
}

/// The first decision form's application id on the staff page.
fn application_id(html: &str, slug: &str) -> String {
    let marker = format!("/admin/lokale/{slug}/wnioski/");
    let at = html.find(&marker).expect("a decision form") + marker.len();
    html[at..].split('/').next().unwrap().to_string()
}

#[test]
fn a_representative_applies_with_a_pdf_staff_accept_and_the_applicant_is_told() {
    let sink = SmtpSink::start();
    let server = server(Some(&sink));
    let slug = free_premises(&server);
    let path = format!("/lokale/{slug}");
    let mut pes_a = signed_in(&server, PES_A);
    assert!(
        pes_a
            .get(&path)
            .text()
            .contains("Zgłoś zainteresowanie / złóż wniosek")
    );

    // Invalid: too short a message and a file that is not a document.
    let invalid = pes_a.submit_multipart(
        &path,
        &format!("{path}/wnioski"),
        &[
            ("organization", &ORG_A.to_string()),
            ("kind", "wniosek"),
            ("message", "krótko"),
        ],
        ("documents", "statut.exe", b"MZ\x90\x00 not a pdf"),
    );
    assert_eq!(invalid.status, 422);
    let html = invalid.text();
    assert!(html.contains("href=\"#f-message\""));
    assert!(html.contains("href=\"#f-documents\""));
    assert!(html.contains("id=\"f-message\" name=\"message\" rows=\"5\" aria-describedby"));
    let mut staff = signed_in(&server, STAFF);
    let admin_path = format!("/admin/lokale/{slug}/wnioski");
    let before = applications_count(&staff.get(&admin_path).text());
    let invalid_again = pes_a.submit_multipart(
        &path,
        &format!("{path}/wnioski"),
        &[
            ("organization", &ORG_A.to_string()),
            ("kind", "wniosek"),
            ("message", ""),
        ],
        ("documents", "skan.pdf", b"%PDF-1.4"),
    );
    assert_eq!(invalid_again.status, 422);
    assert_eq!(
        applications_count(&staff.get(&admin_path).text()),
        before,
        "nothing saved"
    );

    // Valid, with a PDF.
    let pdf = b"%PDF-1.4\n% statut fundacji\n";
    let sent = pes_a.submit_multipart(
        &path,
        &format!("{path}/wnioski"),
        &[
            ("organization", &ORG_A.to_string()),
            ("kind", "wniosek"),
            (
                "message",
                "Prosimy o najem na świetlicę dla dzieci z osiedla.",
            ),
        ],
        ("documents", "Statut fundacji.pdf", pdf),
    );
    assert_eq!(sent.status, 303, "{}", sent.text());
    assert_eq!(
        location(&sent),
        format!("/lokale/{slug}?komunikat=zgloszenie-wyslane")
    );
    let staff_page = staff.get(&admin_path).text();
    assert_eq!(applications_count(&staff_page), before + 1);
    assert!(staff_page.contains("Prosimy o najem na świetlicę"));
    let id = application_id(&staff_page, &slug);

    // The document: staff and the applicant's side download it; another PES may not.
    let doc_marker = format!("/lokale/{slug}/wnioski/{id}/dokumenty/");
    let at = staff_page.find(&doc_marker).expect("a document link");
    let doc_path: String = staff_page[at..].split('"').next().unwrap().to_string();
    let download = staff.get(&doc_path);
    assert_eq!(download.status, 200);
    assert_eq!(download.body, pdf);
    assert!(
        download
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename=\"statut-fundacji.pdf\"")
    );
    assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(download.header("cache-control"), Some("private, no-store"));
    assert_eq!(
        download.header("content-security-policy"),
        Some("sandbox; default-src 'none'"),
        "an uploaded file is never run as a page of the site"
    );
    assert_eq!(pes_a.get(&doc_path).status, 200);
    let mut pes_b = signed_in(&server, PES_B);
    assert_eq!(pes_b.get(&doc_path).status, 403);
    assert!(!pes_b.get(&path).text().contains("Prosimy o najem"));
    let anonymous = server.get(&doc_path);
    assert_eq!(anonymous.status, 303, "to the log-in");

    // A rejection needs a reason.
    let decide = format!("/admin/lokale/{slug}/wnioski/{id}/decyzja");
    let no_reason = staff.submit(
        &admin_path,
        &decide,
        &[("status", "odrzucony"), ("reason", "")],
    );
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.text().contains("Podaj powód odrzucenia"));

    // Staff accept: the applicant is e-mailed.
    let accepted = staff.submit(
        &admin_path,
        &decide,
        &[("status", "przyjety"), ("reason", "")],
    );
    assert_eq!(accepted.status, 303);
    let mail = sink
        .wait_for(1, Duration::from_secs(20))
        .into_iter()
        .map(|m| decode_quoted_printable(&m))
        .find(|m| m.contains(PES_A))
        .expect("a mail to the applicant");
    assert!(mail.contains("przyj"), "accepted: {mail}");
    assert!(mail.contains(&format!("/lokale/{slug}")));
    let mine = pes_a.get("/konto/lokale").text();
    assert!(mine.contains("status-przyjety"));

    // Staff let the premises to the organisation.
    let status = staff.submit(
        &admin_path,
        &format!("/admin/lokale/{slug}/status"),
        &[("status", "zajety"), ("tenant", &ORG_A.to_string())],
    );
    assert_eq!(status.status, 303, "{}", status.text());
    let record = server.get(&format!("/api/v1/premises/{slug}")).json();
    assert_eq!(record["status"], "zajety");
    assert!(
        record["tenant_url"]
            .as_str()
            .unwrap()
            .starts_with("/podmioty/")
    );
    // An occupied premises takes no more applications; a status without its data is refused.
    assert!(!pes_a.get(&path).text().contains("Wyślij zgłoszenie"));
    let incomplete = staff.submit(
        &admin_path,
        &format!("/admin/lokale/{slug}/status"),
        &[("status", "w-naborze"), ("call_number", "")],
    );
    assert_eq!(incomplete.status, 422);
    assert_eq!(
        server.get(&format!("/api/v1/premises/{slug}")).json()["status"],
        "zajety"
    );
    // Another decision is e-mailed too.
    let rejected = staff.submit(
        &admin_path,
        &decide,
        &[
            ("status", "odrzucony"),
            ("reason", "Lokal przyznano innej organizacji."),
        ],
    );
    assert_eq!(rejected.status, 303);
    let all = sink.wait_for(2, Duration::from_secs(20));
    assert!(
        all.iter()
            .map(|m| decode_quoted_printable(m))
            .any(|m| m.contains("Lokal przyznano innej organizacji."))
    );
}
