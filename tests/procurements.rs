//! The social-clause register through HTTP: staff add (with two clauses, one through the
//! "Dodaj kolejną klauzulę" round trip), edit and delete procurements; bad input comes back
//! marked and saves nothing; the public list's facets; the statistics against the records; the
//! CSV against the JSON; the charts' SVG; and who may use the staff pages.

mod common;

use std::collections::BTreeMap;

use common::TestServer;
use common::client::{Client, csrf_token};
use common::forms::all_fields;
use pestor::domain::user::Role;
use serde_json::Value;

/// One demo server shared by the tests of this file that change nothing.
fn server() -> &'static TestServer {
    common::shared_server()
}

fn json(server: &TestServer, path: &str) -> Value {
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
    assert_eq!(r.status, 303, "{role:?} log-in");
    client
}

/// Every procurement of the register as the API gives them.
fn all_records(server: &TestServer) -> Vec<Value> {
    let page = json(server, "/api/v1/procurements?per_page=100");
    let items = page["items"].as_array().unwrap().clone();
    assert_eq!(page["total"].as_u64().unwrap() as usize, items.len());
    items
}

/// "45 264,00 zł" → grosze.
fn grosze(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap()
    }
}

/// Parses a CSV download (UTF-8 with BOM, `;`) into header and rows.
fn parse_csv(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = body.strip_prefix('\u{feff}').expect("a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader
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

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
}

/// The fields of a new procurement with one clause; `changes` replace or add fields.
fn new_fields(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("reference", "WSS.0331.77.2026"),
        ("title", "Testowezamówienie catering na spotkanie seniorów"),
        ("kind", "uslugi"),
        ("act", "pzp-2019"),
        ("procedure", "zapytanie-ofertowe"),
        ("threshold", "ponizej-progu"),
        ("bzp_number", ""),
        ("unit", "Wydział Spraw Społecznych"),
        ("estimated_value", "8 500,00"),
        ("contract_value", ""),
        ("notice_date", "03.03.2026"),
        ("offers_deadline", "2026-03-10"),
        ("contract_date", ""),
        ("contractor_name", ""),
        ("contractor_nip", ""),
        ("contractor_organization", ""),
        ("status", "ogloszone"),
        ("source_url", ""),
        ("notes", ""),
        ("clause_count", "1"),
        ("clause_1_basis", "pzp2019-art-96-2-2-a"),
        ("clause_1_group", "bezrobotni"),
        ("clause_1_people", "2"),
        ("clause_1_percent", ""),
        ("clause_1_months", "3"),
        (
            "clause_1_committed",
            "Zatrudnienie dwóch osób bezrobotnych.",
        ),
        ("clause_1_achieved", ""),
        ("clause_1_achieved_people", ""),
        ("akcja", "zapisz"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    set(&mut fields, changes);
    fields
}

fn set(fields: &mut Vec<(String, String)>, changes: &[(&str, &str)]) {
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k.to_string(), v.to_string()));
    }
}

fn post(
    client: &mut Client,
    page: &str,
    action: &str,
    fields: &[(String, String)],
) -> common::HttpResponse {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.submit(page, action, &refs)
}

#[test]
fn staff_add_a_procurement_with_two_clauses_edit_it_and_delete_it() {
    let server = TestServer::start();
    let mut staff = signed_in(&server, Role::Staff);
    let org = json(&server, "/api/v1/organizations?per_page=1")["items"][0].clone();
    let org_slug = org["slug"].as_str().unwrap().to_string();
    let stats_before = server.get("/klauzule/statystyki?format=csv").text();
    let total_before = all_records(&server).len();

    // "Dodaj kolejną klauzulę": the form comes back with what was typed and a second fieldset.
    let add = new_fields(&[("akcja", "dodaj-klauzule")]);
    let r = post(
        &mut staff,
        "/admin/klauzule/nowe",
        "/admin/klauzule/nowe",
        &add,
    );
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<legend>Klauzula 2</legend>"), "{html}");
    assert!(!html.contains("<legend>Klauzula 3</legend>"));
    assert!(html.contains("value=\"Testowezamówienie catering na spotkanie seniorów\""));
    assert!(html.contains("Zatrudnienie dwóch osób bezrobotnych.</textarea>"));
    assert!(html.contains("name=\"clause_count\" value=\"2\""));
    assert_eq!(
        all_records(&server).len(),
        total_before,
        "nothing saved yet"
    );

    // The second clause is filled in the re-shown form and everything is saved.
    let mut fields = all_fields(&html, "/admin/klauzule/nowe");
    set(
        &mut fields,
        &[
            ("clause_2_basis", "pzp2019-art-95"),
            ("clause_2_group", "pracownicy"),
            ("clause_2_percent", "100"),
            ("contractor_name", "Przykładowa organizacja"),
            ("contractor_organization", &format!("/podmioty/{org_slug}")),
            ("status", "udzielone"),
            ("contract_value", "8 200,50"),
            ("contract_date", "2026-03-16"),
            ("akcja", "zapisz"),
        ],
    );
    let r = post(
        &mut staff,
        "/admin/klauzule/nowe",
        "/admin/klauzule/nowe",
        &fields,
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_string();
    assert_eq!(location, "/klauzule/wss-0331-77-2026?zapisano=1");
    let page = server.get("/klauzule/wss-0331-77-2026").text();
    assert!(
        page.contains("Pzp 2019, art. 96 ust. 2 pkt 2 lit. a"),
        "{page}"
    );
    assert!(page.contains("Pzp 2019, art. 95"));
    assert!(page.contains(&format!("href=\"/podmioty/{org_slug}\"")));
    let record = json(&server, "/api/v1/procurements/wss-0331-77-2026");
    assert_eq!(record["clauses"].as_array().unwrap().len(), 2);
    assert_eq!(record["clauses"][1]["required_percent"], 100);
    assert_eq!(record["contract_value"], 820_050);
    assert_eq!(record["won_by_pes"], true);
    assert_eq!(record["contractor"]["organization"], org_slug.as_str());

    // It appears in the statistics and in the register's CSV.
    let stats = server.get("/klauzule/statystyki?format=csv").text();
    let year_count = |csv: &str| {
        let (header, rows) = parse_csv(csv);
        let (section, year, count) = (
            column(&header, "zestawienie"),
            column(&header, "rok"),
            column(&header, "liczba zamówień"),
        );
        rows.iter()
            .find(|r| r[section] == "rok" && r[year] == "2026")
            .map(|r| r[count].parse::<u64>().unwrap())
            .unwrap_or(0)
    };
    assert_eq!(year_count(&stats), year_count(&stats_before) + 1);
    let csv = server
        .get("/api/v1/procurements?format=csv&q=testowezamowienie")
        .text();
    let (header, rows) = parse_csv(&csv);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][column(&header, "podstawy prawne")],
        "art. 96 ust. 2 pkt 2 lit. a; art. 95"
    );
    assert_eq!(rows[0][column(&header, "liczba klauzul")], "2");

    // Editing: a new title and the first clause removed.
    let id = record["id"].as_u64().unwrap();
    let edit = format!("/admin/klauzule/{id}/edycja");
    let form = staff.get(&edit).text();
    assert!(
        form.contains("<legend>Klauzula 3</legend>"),
        "two clauses and an empty one"
    );
    let mut fields = all_fields(&form, &edit);
    set(
        &mut fields,
        &[
            (
                "title",
                "Testowezamówienie catering na dwa spotkania seniorów",
            ),
            ("clause_1_remove", "tak"),
            ("akcja", "zapisz"),
        ],
    );
    let r = post(&mut staff, &edit, &edit, &fields);
    assert_eq!(r.status, 303, "{}", r.text());
    let record = json(&server, "/api/v1/procurements/wss-0331-77-2026");
    assert_eq!(
        record["title"],
        "Testowezamówienie catering na dwa spotkania seniorów"
    );
    let clauses = record["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1);
    assert_eq!(clauses[0]["legal_basis"], "pzp2019-art-95");
    assert_eq!(record["demo"], false);

    // Deleting asks for confirmation first.
    let delete = format!("/admin/klauzule/{id}/usun");
    let r = post(&mut staff, &edit, &delete, &[]);
    assert_eq!(r.status, 200);
    assert!(r.text().contains("name=\"potwierdzam\""));
    assert_eq!(
        server.get("/api/v1/procurements/wss-0331-77-2026").status,
        200
    );
    let confirm = vec![("potwierdzam".to_string(), "tak".to_string())];
    let r = post(&mut staff, &edit, &delete, &confirm);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/admin/klauzule?usunieto=1"));
    assert_eq!(
        server.get("/api/v1/procurements/wss-0331-77-2026").status,
        404
    );
    assert_eq!(server.get("/klauzule/wss-0331-77-2026").status, 404);
    assert_eq!(all_records(&server).len(), total_before);
    assert_eq!(
        year_count(&server.get("/klauzule/statystyki?format=csv").text()),
        year_count(&stats_before)
    );
}

#[test]
fn bad_input_comes_back_marked_and_saves_nothing() {
    let mut staff = signed_in(server(), Role::Staff);
    let before = all_records(server()).len();
    // (changed fields, the field marked, its message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("bzp_number", "BZP 12/2026")],
            "bzp_number",
            "Numer ogłoszenia w BZP podaj w postaci",
        ),
        (
            vec![("clause_1_basis", "pzp2004-art-29-4")],
            "clause_1_basis",
            "Ta podstawa prawna pochodzi z Pzp 2004",
        ),
        (
            vec![("clause_1_people", ""), ("clause_1_percent", "120")],
            "clause_1_percent",
            "Odsetek podaj jako liczbę całkowitą od 1 do 100.",
        ),
        (
            vec![
                ("clause_1_basis", ""),
                ("clause_1_group", ""),
                ("clause_1_people", ""),
                ("clause_1_months", ""),
                ("clause_1_committed", ""),
            ],
            "clauses",
            "Dodaj co najmniej jedną klauzulę społeczną",
        ),
    ];
    for (changes, field, message) in cases {
        let fields = new_fields(&changes);
        let r = post(
            &mut staff,
            "/admin/klauzule/nowe",
            "/admin/klauzule/nowe",
            &fields,
        );
        assert_eq!(r.status, 422, "{field}");
        let html = r.text();
        assert!(html.contains(message), "{field}: {html}");
        assert!(
            html.contains(&format!("<a href=\"#f-{field}\">")),
            "{field}: summary link"
        );
        if field != "clauses" {
            assert!(
                html.contains(&format!("id=\"f-{field}-error-1\"")),
                "{field}: the message is tied to the field"
            );
        }
        assert!(html.contains("value=\"Testowezamówienie catering na spotkanie seniorów\""));
    }
    assert_eq!(all_records(server()).len(), before, "nothing saved");
}

#[test]
fn the_public_list_filters_by_every_facet() {
    let records = all_records(server());
    let html = server().get("/klauzule").text();
    assert!(
        html.contains(&format!("Znaleziono {} zamówień", records.len())),
        "{html}"
    );
    for heading in [
        "Rok ogłoszenia lub umowy",
        "Komórka zamawiająca",
        "Podstawa prawna klauzuli",
        "Grupa docelowa",
        "Wykonawca",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    let count = |path: &str| json(server(), path)["total"].as_u64().unwrap() as usize;
    let of_2013 = records
        .iter()
        .filter(|r| r["notice_date"].as_str().unwrap().starts_with("2013"))
        .count();
    assert_eq!(of_2013, 12, "the brochure's twelve procurements of 2013");
    assert_eq!(count("/api/v1/procurements?rok=2013"), 12);
    assert!(
        server()
            .get("/klauzule?rok=2013")
            .text()
            .contains("Znaleziono 12 zamówień")
    );
    let pes = records.iter().filter(|r| r["won_by_pes"] == true).count();
    assert!(pes > 0 && pes < records.len());
    assert_eq!(count("/api/v1/procurements?pes=1"), pes);
    let with = |basis: &str| {
        records
            .iter()
            .filter(|r| {
                r["clauses"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["legal_basis"] == basis)
            })
            .count()
    };
    assert_eq!(
        count("/api/v1/procurements?podstawa=pzp2004-art-22-2"),
        with("pzp2004-art-22-2")
    );
    let disabled = records
        .iter()
        .filter(|r| {
            r["clauses"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["target_group"] == "niepelnosprawni")
        })
        .count();
    assert_eq!(
        count("/api/v1/procurements?grupa=niepelnosprawni"),
        disabled
    );
    let unit = records
        .iter()
        .filter(|r| r["ordering_unit"] == "Wydział Gospodarki Komunalnej")
        .count();
    assert!(unit >= 2);
    assert_eq!(
        count("/api/v1/procurements?komorka=wydzial-gospodarki-komunalnej"),
        unit
    );
    let both = count("/api/v1/procurements?rok=2013&pes=1&podstawa=pzp2004-art-29-4");
    assert!(both > 0 && both <= pes);
    let filtered = server()
        .get("/klauzule?komorka=wydzial-gospodarki-komunalnej")
        .text();
    assert!(filtered.contains("Komórka zamawiająca: Wydział Gospodarki Komunalnej"));
    // Newest notice first by default; the title order is Polish.
    let first = &json(server(), "/api/v1/procurements")["items"][0];
    let newest = records
        .iter()
        .map(|r| r["notice_date"].as_str().unwrap())
        .max()
        .unwrap();
    assert_eq!(first["notice_date"], newest);
    for bad in [
        "rok=dawno",
        "podstawa=art-1",
        "grupa=nikt",
        "pes=tak",
        "sortuj=cena",
    ] {
        assert_eq!(
            server().get(&format!("/klauzule?{bad}")).status,
            400,
            "{bad}"
        );
    }
    // A procurement won by a PES links to its directory page.
    let won = records
        .iter()
        .find(|r| !r["contractor"]["organization"].is_null())
        .unwrap();
    let page = server().get(won["url"].as_str().unwrap()).text();
    let org = won["contractor"]["organization"].as_str().unwrap();
    assert!(page.contains(&format!("href=\"/podmioty/{org}\"")));
    assert!(page.contains("Wpis demonstracyjny"));
    assert!(page.contains("Dane demonstracyjne:"));
    assert_eq!(server().get("/klauzule/nie-ma-takiego").status, 404);
    let feed = server().get("/klauzule.atom");
    assert_eq!(feed.status, 200);
    let feed = feed.text();
    assert_eq!(feed.matches("<entry>").count(), records.len());
    well_formed(&feed).unwrap_or_else(|e| panic!("feed: {e}"));
}

/// Sums computed here from the API's records, as the statistics page promises to.
#[derive(Default, Debug, PartialEq)]
struct Sums {
    count: u64,
    value: i64,
    above: u64,
    below: u64,
    pes: u64,
    pes_value: i64,
}

fn add(sums: &mut Sums, r: &Value) {
    let value = r["contract_value"]
        .as_i64()
        .or(r["estimated_value"].as_i64())
        .unwrap_or(0);
    sums.count += 1;
    sums.value += value;
    match r["threshold"].as_str().unwrap() {
        "powyzej-progu" => sums.above += 1,
        _ => sums.below += 1,
    }
    if r["won_by_pes"] == true {
        sums.pes += 1;
        sums.pes_value += value;
    }
}

#[test]
fn the_statistics_add_up_to_the_records() {
    let records: Vec<Value> = all_records(server())
        .into_iter()
        .filter(|r| r["status"] != "uniewaznione")
        .collect();
    let mut by_year: BTreeMap<String, Sums> = BTreeMap::new();
    let mut by_basis: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = Sums::default();
    for r in &records {
        let year = r["notice_date"].as_str().unwrap()[..4].to_string();
        add(by_year.entry(year).or_default(), r);
        add(&mut total, r);
        let mut bases: Vec<String> = r["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["legal_basis_label"].as_str().unwrap().to_string())
            .collect();
        bases.sort();
        bases.dedup();
        for b in bases {
            *by_basis.entry(b).or_default() += 1;
        }
    }
    let response = server().get("/klauzule/statystyki?format=csv");
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    let (header, rows) = parse_csv(&response.text());
    let col = |name: &str| column(&header, name);
    let sums = |row: &Vec<String>| Sums {
        count: row[col("liczba zamówień")].parse().unwrap(),
        value: grosze(&row[col("wartość")]),
        above: row[col("powyżej progu – liczba")].parse().unwrap(),
        below: row[col("poniżej progu – liczba")].parse().unwrap(),
        pes: row[col("wygrane przez PES – liczba")].parse().unwrap(),
        pes_value: grosze(&row[col("wygrane przez PES – wartość")]),
    };
    let from_csv: BTreeMap<String, Sums> = rows
        .iter()
        .filter(|r| r[col("zestawienie")] == "rok")
        .map(|r| (r[col("rok")].clone(), sums(r)))
        .collect();
    assert_eq!(from_csv, by_year);
    let total_row = rows
        .iter()
        .find(|r| r[col("zestawienie")] == "razem")
        .unwrap();
    assert_eq!(sums(total_row), total);
    let basis_rows: BTreeMap<String, u64> = rows
        .iter()
        .filter(|r| r[col("zestawienie")] == "podstawa prawna")
        .map(|r| {
            let label = r[col("podstawa prawna")]
                .split_once(", ")
                .unwrap()
                .1
                .to_string();
            (label, r[col("liczba zamówień")].parse().unwrap())
        })
        .collect();
    assert_eq!(basis_rows, by_basis);
    let by_type_total: u64 = rows
        .iter()
        .filter(|r| r[col("zestawienie")] == "rok i rodzaj")
        .map(|r| r[col("liczba zamówień")].parse::<u64>().unwrap())
        .sum();
    assert_eq!(by_type_total, total.count);
    // The page shows the same numbers: the 2013 row of the table by years.
    let html = server().get("/klauzule/statystyki").text();
    let y2013 = &by_year["2013"];
    assert_eq!(y2013.count, 12);
    assert_eq!((y2013.above, y2013.below), (4, 8));
    let row_2013 = html
        .split("<th scope=\"row\">2013</th>")
        .nth(1)
        .expect("a 2013 row")
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row_2013.trim_start().starts_with("<td>12</td>"),
        "{row_2013}"
    );
    assert!(html.contains("liczy się przy każdej z nich"));
}

#[test]
fn the_csv_parses_back_to_the_json() {
    let records = all_records(server());
    let response = server().get("/api/v1/procurements?format=csv");
    assert_eq!(response.status, 200);
    let (header, rows) = parse_csv(&response.text());
    assert_eq!(rows.len(), records.len());
    let col = |name: &str| column(&header, name);
    let by_url: BTreeMap<&str, &Vec<String>> = rows
        .iter()
        .map(|r| (r[col("adres w serwisie")].as_str(), r))
        .collect();
    assert_eq!(by_url.len(), rows.len(), "one row per procurement");
    for r in &records {
        let row = by_url[r["url"].as_str().unwrap()];
        assert_eq!(row[col("znak sprawy")], r["reference"].as_str().unwrap());
        assert_eq!(row[col("nazwa zamówienia")], r["title"].as_str().unwrap());
        assert_eq!(
            row[col("numer ogłoszenia BZP")],
            r["bzp_number"].as_str().unwrap_or("")
        );
        assert_eq!(
            row[col("komórka zamawiająca")],
            r["ordering_unit"].as_str().unwrap()
        );
        assert_eq!(
            row[col("rodzaj zamówienia")],
            r["type_label"].as_str().unwrap()
        );
        assert_eq!(row[col("tryb")], r["procedure_label"].as_str().unwrap());
        assert_eq!(row[col("stan")], r["status_label"].as_str().unwrap());
        assert_eq!(
            grosze(&row[col("wartość umowy")]),
            r["contract_value"].as_i64().unwrap_or(0)
        );
        assert_eq!(
            grosze(&row[col("wartość szacunkowa")]),
            r["estimated_value"].as_i64().unwrap_or(0)
        );
        let date = r["notice_date"].as_str().unwrap();
        let (y, rest) = date.split_once('-').unwrap();
        let (m, d) = rest.split_once('-').unwrap();
        assert_eq!(row[col("data ogłoszenia")], format!("{d}.{m}.{y}"));
        let clauses = r["clauses"].as_array().unwrap();
        assert_eq!(row[col("liczba klauzul")], clauses.len().to_string());
        let bases: Vec<&str> = clauses
            .iter()
            .map(|c| {
                c["legal_basis_label"]
                    .as_str()
                    .unwrap()
                    .split(" – ")
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(row[col("podstawy prawne")], bases.join("; "));
        let groups: Vec<&str> = clauses
            .iter()
            .map(|c| c["target_group_label"].as_str().unwrap())
            .collect();
        assert_eq!(row[col("grupy docelowe")], groups.join("; "));
        assert_eq!(
            row[col("wygrane przez PES")],
            if r["won_by_pes"] == true {
                "tak"
            } else {
                "nie"
            }
        );
        assert_eq!(
            row[col("wykonawca")],
            r["contractor"]["name"].as_str().unwrap_or("")
        );
    }
    let filtered = server()
        .get("/api/v1/procurements?format=csv&rok=2013")
        .text();
    assert_eq!(parse_csv(&filtered).1.len(), 12);
    assert_eq!(server().get("/api/v1/procurements?format=xml").status, 400);
    let one = &records[0];
    let id = one["id"].as_u64().unwrap();
    assert_eq!(
        json(server(), &format!("/api/v1/procurements/{id}"))["slug"],
        one["slug"]
    );
}

/// Checks that `xml` is well-formed enough for a browser's XML parser: every tag closed in
/// order, attributes quoted, and `&` only in entities.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        check_text(&rest[..at])?;
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("an unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>").ok_or("an unclosed declaration")?;
            rest = &after[end + 2..];
            continue;
        }
        // The end of the tag: the first '>' outside quotes.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '<') => return Err(format!("'<' inside a tag: {}", &rest[..i])),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or("an unclosed tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
            if name.is_empty() {
                return Err("a tag without a name".to_string());
            }
            let attributes = &body[name.len()..];
            check_attributes(attributes)?;
            if !self_closing {
                stack.push(name);
            }
        }
    }
    check_text(rest)?;
    match stack.pop() {
        None => Ok(()),
        Some(open) => Err(format!("<{open}> is never closed")),
    }
}

fn check_text(text: &str) -> Result<(), String> {
    for (i, _) in text.match_indices('&') {
        let entity: String = text[i + 1..]
            .chars()
            .take_while(|c| *c != ';')
            .take(10)
            .collect();
        let ok = text[i + 1..].contains(';')
            && !entity.is_empty()
            && entity
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '#');
        if !ok {
            return Err(format!("a bare '&' in {text:?}"));
        }
    }
    if text.contains('>') {
        return Err(format!("a stray '>' in {text:?}"));
    }
    Ok(())
}

fn check_attributes(attributes: &str) -> Result<(), String> {
    let mut rest = attributes.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once('=')
            .ok_or(format!("an attribute without a value: {rest:?}"))?;
        if name.trim().is_empty() || name.trim().contains(char::is_whitespace) {
            return Err(format!("a bad attribute name {name:?}"));
        }
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or(format!("an unquoted attribute {name}"))?;
        let value_end = after[1..]
            .find(quote)
            .ok_or(format!("an unclosed attribute {name}"))?;
        check_text(&after[1..1 + value_end].replace('>', ""))?;
        rest = after[value_end + 2..].trim_start();
    }
    Ok(())
}

#[test]
fn the_well_formedness_check_catches_broken_markup() {
    assert!(well_formed("<svg a=\"1\"><title>x &amp; y</title><g/></svg>").is_ok());
    assert!(well_formed("<svg><title>x</svg></title>").is_err());
    assert!(well_formed("<svg><g></svg>").is_err());
    assert!(well_formed("<svg a=1></svg>").is_err());
    assert!(well_formed("<svg>x & y</svg>").is_err());
    assert!(well_formed("<svg><rect></svg>").is_err());
}

#[test]
fn the_statistics_charts_are_well_formed_svg_with_a_text_alternative() {
    let response = server().get("/klauzule/statystyki");
    assert_eq!(response.status, 200);
    let html = response.text();
    let charts: Vec<&str> = html
        .split("<svg")
        .skip(1)
        .map(|rest| rest.split("</svg>").next().unwrap())
        .collect();
    assert_eq!(charts.len(), 4, "count, value, legal basis and PES share");
    for chart in charts {
        let svg = format!("<svg{chart}</svg>");
        well_formed(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(svg.contains("<title") && svg.contains("<desc"), "{svg}");
        let desc = svg.split("<desc").nth(1).unwrap();
        let text = desc
            .split_once('>')
            .unwrap()
            .1
            .split("</desc>")
            .next()
            .unwrap();
        assert!(text.len() > 20, "a real description: {text}");
    }
    // The numbers are in tables too.
    assert!(html.matches("<table class=\"data-table\">").count() >= 3);
    assert!(html.contains("<caption>Zamówienia z klauzulami społecznymi według lat</caption>"));
    assert_eq!(server().get("/klauzule/statystyki?format=pdf").status, 400);
}

#[test]
fn residents_and_pes_representatives_may_not_use_the_staff_pages() {
    for role in [Role::Resident, Role::Pes] {
        let mut client = signed_in(server(), role);
        let token = csrf_token(&client.get("/konto").text()).unwrap();
        for path in [
            "/admin/klauzule",
            "/admin/klauzule/nowe",
            "/admin/klauzule/1/edycja",
        ] {
            assert_eq!(client.get(path).status, 403, "{role:?} GET {path}");
        }
        for path in [
            "/admin/klauzule/nowe",
            "/admin/klauzule/1/edycja",
            "/admin/klauzule/1/usun",
        ] {
            let r = client.post(path, &[("csrf", token.as_str()), ("potwierdzam", "tak")]);
            assert_eq!(r.status, 403, "{role:?} POST {path}");
        }
        let html = client.get("/klauzule/statystyki").text();
        assert!(
            !html.contains("/admin/klauzule"),
            "{role:?} sees no staff links"
        );
    }
    assert!(
        json(server(), "/api/v1/procurements/1")["id"] == 1,
        "nothing was deleted"
    );
    let mut staff = signed_in(server(), Role::Staff);
    let html = staff.get("/admin/klauzule").text();
    assert!(html.contains("/admin/klauzule/1/edycja"));
    assert!(
        staff
            .get("/admin")
            .text()
            .contains("href=\"/admin/klauzule\"")
    );
}
