//! Produkty i usługi through HTTP: the list with search, facets, price range, sort and pages on
//! the demo data; the open data; and the life of an offer — created, edited, published (with
//! and without pre-moderation), moderated with e-mail, archived — with who may do what.

mod common;

use std::time::Duration;

use common::client::Client;
use common::forms::all_fields;
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{Options, TestServer};
use pestor::domain::user::{Role, User};
use pestor::store::Store;

/// The demo server shared by the read-only tests of this file.
fn demo() -> &'static TestServer {
    common::shared_server()
}

fn api(path: &str) -> serde_json::Value {
    let response = demo().get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

fn total(path: &str) -> u64 {
    api(path)["total"].as_u64().expect("total")
}

fn items(path: &str) -> Vec<serde_json::Value> {
    api(path)["items"].as_array().expect("items").clone()
}

fn field(items: &[serde_json::Value], name: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[name].as_str().unwrap_or("").to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The list on the demo data (42 offers: 36 published, 2 drafts, 2 pending, 2 archived).

#[test]
fn the_list_shows_the_published_demo_offers_in_polish() {
    let page = demo().get("/oferty");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Znaleziono 36 ofert"), "{html}");
    assert_eq!(html.matches("class=\"org-card offer-card\"").count(), 20);
    assert!(html.contains("aria-current=\"page\">Produkty i usługi</a>"));
    assert!(html.contains("zł brutto za"));
    assert!(html.contains("do negocjacji"));
    assert!(html.contains("href=\"/api/v1/offers?format=csv\""));
    assert!(html.contains("href=\"/api/v1/offers\""));
    assert!(html.contains("href=\"/oferty.atom\""));
    assert!(html.contains("Gastronomia › Catering"));
    // Every page of the site links the module.
    assert!(demo().get("/").text().contains("href=\"/oferty\""));
}

#[test]
fn search_ignores_case_and_diacritics_and_finds_organisations() {
    let with = total("/api/v1/offers?q=sprz%C4%85tanie");
    assert!(with >= 2, "{with}");
    assert_eq!(with, total("/api/v1/offers?q=SPRZATANIE"));
    assert_eq!(total("/api/v1/offers?q=pierogi+festyny"), 1);
    assert_eq!(total("/api/v1/offers?q=pierogi+zzzqqq"), 0);
    // The demo PES account's organisation: two published offers, its draft and archived ones
    // are not found.
    let cistor = items("/api/v1/offers?q=cistor");
    assert_eq!(cistor.len(), 2, "{cistor:?}");
    for item in &cistor {
        assert_eq!(
            item["organization"]["name"],
            "CISTOR Stowarzyszenie Partnerstwo Społeczne"
        );
    }
    let page = demo().get("/oferty?q=pierogi").text();
    assert!(page.contains("dla zapytania „pierogi”"));
}

#[test]
fn a_main_category_includes_its_subcategories_and_the_facets_count_right() {
    let main = total("/api/v1/offers?kategoria=gastronomia");
    let subs: u64 = ["catering", "obiady", "wypieki", "przetwory"]
        .iter()
        .map(|s| total(&format!("/api/v1/offers?kategoria=gastronomia%2F{s}")))
        .sum();
    assert!(main >= 5);
    assert_eq!(main, subs);
    for item in items("/api/v1/offers?kategoria=gastronomia&per_page=100") {
        assert!(
            item["category"]
                .as_str()
                .unwrap()
                .starts_with("gastronomia/")
        );
    }
    // The page shows the subcategories of the chosen main category with the same counts.
    let html = demo().get("/oferty?kategoria=gastronomia").text();
    let catering = total("/api/v1/offers?kategoria=gastronomia%2Fcatering");
    assert!(
        html.contains(&format!(
            "Catering\n  <span class=\"count\">({catering}<span class=\"visually-hidden\">"
        )),
        "{html}"
    );
    assert!(html.contains("href=\"/oferty?kategoria=gastronomia%2Fcatering\""));
    assert!(html.contains("Kategoria: Gastronomia"));
    // Without a category the main categories are listed, with counts that add up.
    let all = demo().get("/oferty").text();
    assert!(all.contains(&format!(
        "Gastronomia\n  <span class=\"count\">({main}<span"
    )));
    assert!(!all.contains("kategoria=gastronomia%2Fcatering"));
}

#[test]
fn the_audience_filter_keeps_only_offers_for_that_audience() {
    let for_city = items("/api/v1/offers?odbiorca=gmina&per_page=100");
    assert!(!for_city.is_empty());
    assert!(for_city.len() < 36);
    for item in &for_city {
        let audience: Vec<&str> = item["audience"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(audience.contains(&"gmina"), "{item}");
    }
    let both = total("/api/v1/offers?odbiorca=gmina&kategoria=gastronomia");
    assert!(both <= for_city.len() as u64);
}

#[test]
fn a_price_range_in_zloty_accepts_comma_and_dot() {
    let comma = items("/api/v1/offers?cena_od=12%2C50&cena_do=50&per_page=100");
    let dot = items("/api/v1/offers?cena_od=12.50&cena_do=50&per_page=100");
    assert_eq!(field(&comma, "slug"), field(&dot, "slug"));
    assert!(!comma.is_empty());
    for item in &comma {
        let gross = item["price_gross"].as_i64().expect("priced offers only");
        assert!((1_250..=5_000).contains(&gross), "{gross}");
        assert_eq!(item["negotiable"], false);
    }
    let html = demo().get("/oferty?cena_od=12%2C50&cena_do=50").text();
    assert!(
        html.contains("Cena brutto: od 12,50\u{a0}zł do 50,00\u{a0}zł"),
        "{html}"
    );
    assert!(html.contains("value=\"12,50\""));
}

#[test]
fn offers_sort_by_polish_name_price_and_date() {
    let by_name = field(&items("/api/v1/offers?per_page=100"), "title");
    let keys: Vec<_> = by_name
        .iter()
        .map(|t| pestor::search::collation_key(t))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{by_name:?}");
    assert_eq!(
        by_name,
        field(&items("/api/v1/offers?sortuj=nazwa&per_page=100"), "title")
    );

    let cheap = items("/api/v1/offers?sortuj=cena&per_page=100");
    let prices: Vec<Option<i64>> = cheap.iter().map(|i| i["price_gross"].as_i64()).collect();
    let priced: Vec<i64> = prices.iter().flatten().copied().collect();
    assert!(priced.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let first_negotiable = prices.iter().position(Option::is_none).unwrap();
    assert!(
        prices[first_negotiable..].iter().all(Option::is_none),
        "negotiable offers come last"
    );
    let dear: Vec<i64> = items("/api/v1/offers?sortuj=cena-malejaco&per_page=100")
        .iter()
        .filter_map(|i| i["price_gross"].as_i64())
        .collect();
    assert!(dear.windows(2).all(|w| w[0] >= w[1]));

    let newest = field(
        &items("/api/v1/offers?sortuj=najnowsze&per_page=100"),
        "published",
    );
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");

    let html = demo().get("/oferty?sortuj=cena").text();
    assert!(html.contains("<strong aria-current=\"true\">od najtańszych</strong>"));
}

#[test]
fn pagination_walks_the_list_and_says_when_a_page_is_empty() {
    let page = api("/api/v1/offers?per_page=10&page=4");
    assert_eq!(page["total"], 36);
    assert_eq!(page["page"], 4);
    assert_eq!(page["items"].as_array().unwrap().len(), 6);
    let all: Vec<String> = (1..=4)
        .flat_map(|p| {
            field(
                &items(&format!("/api/v1/offers?per_page=10&page={p}")),
                "slug",
            )
        })
        .collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 36);

    let second = demo().get("/oferty?page=2").text();
    assert_eq!(second.matches("class=\"org-card offer-card\"").count(), 16);
    assert!(second.contains("<ol class=\"org-list offer-list\" start=\"21\">"));
    assert!(second.contains("href=\"/oferty\" rel=\"prev\""));
    let beyond = demo().get("/oferty?page=9").text();
    assert!(beyond.contains("Ta strona wyników jest pusta"));
}

#[test]
fn a_bad_price_shows_the_list_again_with_a_polish_message() {
    let response = demo().get("/oferty?cena_od=abc&kategoria=gastronomia");
    assert_eq!(response.status, 400);
    let html = response.text();
    assert!(
        html.contains("Nie udało się zastosować filtra ceny"),
        "{html}"
    );
    assert!(html.contains("Cena „od”: Kwotę podaj cyframi"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"abc\""));
    // The rest of the filters still apply.
    let main = total("/api/v1/offers?kategoria=gastronomia");
    assert!(html.contains(&format!("Znaleziono {main} ofert")), "{html}");

    let swapped = demo().get("/oferty?cena_od=100&cena_do=10").text();
    assert!(swapped.contains("Cena „do” jest niższa niż cena „od”"));
}

#[test]
fn hostile_text_in_the_filters_is_escaped() {
    let hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22";
    for path in [
        format!("/oferty?q={hostile}"),
        format!("/oferty?cena_od={hostile}"),
        format!("/oferty?q={hostile}&sortuj=cena&page=2"),
    ] {
        let html = demo().get(&path).text();
        assert!(!html.contains("<script>alert(1)"), "{path}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"),
            "{path}"
        );
    }
}

#[test]
fn bad_parameters_get_a_polish_400() {
    for query in [
        "kategoria=nieznana",
        "odbiorca=firmy",
        "sortuj=losowo",
        "page=0",
        "page=abc",
        "per_page=101",
        "cena_od=-5",
        "cena_do=12%2C345",
        "cena_od=50&cena_do=10",
        "format=xml",
    ] {
        let response = demo().get(&format!("/api/v1/offers?{query}"));
        assert_eq!(response.status, 400, "{query}");
        let message = response.json()["error"].as_str().unwrap_or("").to_string();
        assert!(
            ["Nieznan", "musi być", "Cena „"]
                .iter()
                .any(|word| message.contains(word)),
            "{query}: {message}"
        );
        if !query.starts_with("cena") {
            assert_eq!(
                demo().get(&format!("/oferty?{query}")).status,
                if query.starts_with("format") || query.starts_with("per_page") {
                    200
                } else {
                    400
                },
                "{query} on the page"
            );
        }
    }
    assert_eq!(demo().get("/api/v1/offers/nie-ma-takiej").status, 404);
    assert_eq!(demo().get("/oferty/nie-ma-takiej").status, 404);
}

#[test]
fn csv_is_for_excel_with_the_whole_filtered_list() {
    let response = demo().get("/api/v1/offers?format=csv&kategoria=gastronomia");
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
            .contains("produkty-i-uslugi.csv")
    );
    assert!(response.body.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = response.text();
    let lines: Vec<&str> = text.trim_end().lines().collect();
    assert!(lines[0].contains("tytuł;kategoria;organizacja;cena brutto (zł)"));
    let main = total("/api/v1/offers?kategoria=gastronomia");
    assert_eq!(lines.len() as u64, main + 1);
    assert!(text.contains(";45,00;41,67;za osobę;nie;"), "{text}");
    assert!(text.contains(";tak;") && text.contains(";nie;"));
}

#[test]
fn one_offer_as_json_by_slug_or_id_and_the_feed() {
    let by_slug = api("/api/v1/offers/catering-na-konferencje-i-szkolenia");
    assert_eq!(by_slug["title"], "Catering na konferencje i szkolenia");
    assert_eq!(by_slug["price_gross"], 4_500);
    assert_eq!(by_slug["price_net"], 4_167);
    assert_eq!(by_slug["price_unit"], "za-osobe");
    assert_eq!(by_slug["category_label"], "Gastronomia › Catering");
    let id = by_slug["id"].as_u64().unwrap();
    assert_eq!(
        api(&format!("/api/v1/offers/{id}"))["slug"],
        by_slug["slug"]
    );

    let feed = demo().get("/oferty.atom");
    assert_eq!(feed.status, 200);
    assert!(
        feed.header("content-type")
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text();
    assert_eq!(xml.matches("<entry>").count(), 36);
    assert!(xml.contains("/oferty/catering-na-konferencje-i-szkolenia\"/>"));
    assert!(xml.contains("<link href=\"http://"));
}

#[test]
fn drafts_pending_and_archived_demo_offers_are_not_public() {
    let draft = "wynajem-sali-szkoleniowej-na-skarpie";
    let archived = "warsztaty-o-klauzulach-spolecznych-dla-zamawiajacych";
    for slug in [draft, archived] {
        assert_eq!(demo().get(&format!("/oferty/{slug}")).status, 404, "{slug}");
        assert_eq!(
            demo().get(&format!("/api/v1/offers/{slug}")).status,
            404,
            "{slug}"
        );
    }
    assert_eq!(total("/api/v1/offers?q=wynajem+sali+skarpie"), 0);
}

#[test]
fn the_offer_page_shows_the_organisation_its_other_offers_and_the_question_link() {
    let page = demo().get("/oferty/szkolenie-jak-zalozyc-spoldzielnie-socjalna");
    assert_eq!(page.status, 200);
    assert!(page.header("set-cookie").is_none(), "no cookie for reading");
    let html = page.text();
    assert!(html.contains("<h1>Szkolenie „Jak założyć spółdzielnię socjalną”</h1>"));
    assert!(html.contains("150,00\u{a0}zł brutto za osobę"));
    assert!(html.contains("href=\"/podmioty/cistor-stowarzyszenie-partnerstwo-spoleczne\""));
    assert!(html.contains("56 654 92 79"));
    assert!(html.contains("Inne oferty tej organizacji"));
    assert!(
        html.contains(
            "href=\"/oferty/doradztwo-przy-wnioskach-o-dotacje-i-rozliczaniu-projektow\""
        )
    );
    assert!(
        !html.contains("wynajem-sali-szkoleniowej-na-skarpie"),
        "no drafts"
    );
    let id = api("/api/v1/offers/szkolenie-jak-zalozyc-spoldzielnie-socjalna")["id"].clone();
    assert!(html.contains(&format!(
        "href=\"/zapytania/nowe?rodzaj=oferta&amp;id={id}\""
    )));
    assert!(!html.contains("/edycja"), "no edit link for visitors");

    let profile = demo()
        .get("/podmioty/cistor-stowarzyszenie-partnerstwo-spoleczne")
        .text();
    assert!(profile.contains("Produkty i usługi"));
    assert!(profile.contains("href=\"/oferty/szkolenie-jak-zalozyc-spoldzielnie-socjalna\""));
    assert!(!profile.contains("wynajem-sali-szkoleniowej-na-skarpie"));
}

// ---------------------------------------------------------------------------------------------
// The life of an offer, on a server of its own.

const PASSWORD: &str = "bezpieczne hasło testowe";

struct World {
    server: TestServer,
    sink: SmtpSink,
    org_a: String,
    org_b: String,
}

/// Ten demo organisations without demo offers; PES representative A of the first, B of the
/// second, a resident, a staff member and an administrator; mail goes to a sink.
fn world() -> World {
    let sink = SmtpSink::start();
    let data = tempfile::tempdir().unwrap();
    let (org_a, org_b);
    {
        let store = Store::open(data.path()).unwrap();
        store
            .insert_organizations(pestor::demo::organizations(10, pestor::demo::DEFAULT_SEED))
            .unwrap();
        let orgs = store.organizations().unwrap();
        org_a = orgs[0].slug.clone();
        org_b = orgs[1].slug.clone();
        store
            .save_settings(&common::accounts::settings_with_sink(&sink), None)
            .unwrap();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        for (email, role, orgs) in [
            ("pes-a@example.pl", Role::Pes, vec![orgs[0].id]),
            ("pes-b@example.pl", Role::Pes, vec![orgs[1].id]),
            ("mieszkaniec@example.pl", Role::Resident, vec![]),
            ("urzad@torun.example", Role::Staff, vec![]),
            ("admin@torun.example", Role::Admin, vec![]),
        ] {
            let user = User {
                organizations: orgs,
                ..common::accounts::active_user(email, role, &hash)
            };
            store.save_user(user, None).unwrap();
        }
        store.mark_initialised().unwrap();
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        args: vec!["--no-demo".to_string()],
        ..Options::default()
    });
    World {
        server,
        sink,
        org_a,
        org_b,
    }
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

fn offer_fields<'a>(org: &'a str, title: &'a str, gross: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("organization", org),
        ("title", title),
        ("category", "gastronomia/obiady"),
        (
            "description",
            "Pierogi ręcznie lepione, z dowozem na spotkania i uroczystości.",
        ),
        ("price_kind", "kwota"),
        ("gross", gross),
        ("net", ""),
        ("unit", "za-kg"),
        ("audience", "mieszkancy"),
        ("audience", "pes"),
        ("area_served", "Toruń i powiat toruński"),
    ]
}

/// Submits the new-offer form; returns the redirect target.
fn create(client: &mut Client, fields: &[(&str, &str)]) -> String {
    let response = client.submit("/oferty/nowa", "/oferty/nowa", fields);
    assert_eq!(response.status, 303, "{}", response.text());
    response.header("location").unwrap().to_string()
}

fn slug_of(location: &str) -> String {
    location
        .trim_start_matches("/oferty/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

fn press(client: &mut Client, page: &str, action: &str) -> common::HttpResponse {
    client.submit(page, action, &[])
}

fn public_total(server: &TestServer, q: &str) -> u64 {
    server.get(&format!("/api/v1/offers?q={q}")).json()["total"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_representative_creates_edits_publishes_and_archives_an_offer() {
    let w = world();
    let mut pes = signed_in(&w.server, "pes-a@example.pl");
    let account = pes.get("/konto").text();
    assert!(account.contains("href=\"/konto/oferty\""));
    let mine = pes.get("/konto/oferty").text();
    assert!(mine.contains(&format!("/oferty/nowa?podmiot={}", w.org_a)));

    let form = pes.get(&format!("/oferty/nowa?podmiot={}", w.org_a)).text();
    assert!(form.contains(&format!("<option value=\"{}\" selected>", w.org_a)));
    let mut fields = offer_fields(&w.org_a, "Pierogi z Wisły na wynos", "12,50");
    fields.push(("po_zapisie", "szkic"));
    let location = create(&mut pes, &fields);
    assert!(location.ends_with("?stan=szkic"), "{location}");
    let slug = slug_of(&location);
    assert_eq!(slug, "pierogi-z-wisly-na-wynos");
    let page = format!("/oferty/{slug}");

    // A draft: its owners see it, nobody else does.
    let own = pes.get(&location).text();
    assert!(own.contains("wersja robocza") && own.contains("zapisana jako wersja robocza"));
    assert_eq!(w.server.get(&page).status, 404);
    assert_eq!(public_total(&w.server, "pierogi+wisly"), 0);

    // Edit, with the price typed the dotted way.
    let edit = format!("{page}/edycja");
    let html = pes.get(&edit).text();
    let mut fields = all_fields(&html, &edit);
    fields.retain(|(k, _)| k != "gross");
    fields.push(("gross".into(), "13.00".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = pes.submit(&edit, &edit, &refs);
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(
        saved
            .header("location")
            .unwrap()
            .ends_with("?stan=zapisana")
    );

    // Publish: the list, the API, the feed and the organisation's profile show it at once.
    let published = press(&mut pes, &page, &format!("{page}/publikuj"));
    assert_eq!(published.status, 303);
    assert!(
        published
            .header("location")
            .unwrap()
            .ends_with("?stan=opublikowana")
    );
    assert_eq!(public_total(&w.server, "pierogi+wisly"), 1);
    let json = w.server.get(&format!("/api/v1/offers/{slug}")).json();
    assert_eq!(json["price_gross"], 1_300);
    assert_eq!(json["audience"], serde_json::json!(["mieszkancy", "pes"]));
    let public = w.server.get(&page).text();
    assert!(public.contains("13,00\u{a0}zł brutto za kilogram"));
    assert!(
        w.server
            .get("/oferty?q=pierogi")
            .text()
            .contains("Pierogi z Wisły na wynos")
    );
    assert!(
        w.server
            .get("/oferty.atom")
            .text()
            .contains("Pierogi z Wisły na wynos")
    );
    let profile = w.server.get(&format!("/podmioty/{}", w.org_a)).text();
    assert!(profile.contains(&format!("href=\"{page}\"")));

    // Publishing twice is refused with a reason.
    let again = press(&mut pes, &page, &format!("{page}/publikuj"));
    assert_eq!(again.status, 400);
    assert!(again.text().contains("Oferta jest już opublikowana."));

    // Archived: gone everywhere public, still there for its owners.
    let archived = press(&mut pes, &page, &format!("{page}/archiwizuj"));
    assert_eq!(archived.status, 303);
    assert_eq!(public_total(&w.server, "pierogi+wisly"), 0);
    assert_eq!(w.server.get(&page).status, 404);
    assert!(
        !w.server
            .get("/oferty.atom")
            .text()
            .contains("Pierogi z Wisły")
    );
    assert!(
        !w.server
            .get(&format!("/podmioty/{}", w.org_a))
            .text()
            .contains(&page)
    );
    assert!(pes.get(&page).text().contains("w archiwum"));

    // Restored to a draft, published again from "Moje oferty".
    let restored = press(&mut pes, &page, &format!("{page}/przywroc"));
    assert!(
        restored
            .header("location")
            .unwrap()
            .ends_with("?stan=przywrocona")
    );
    let from_list = pes.submit(
        "/konto/oferty",
        &format!("{page}/publikuj"),
        &[("z", "konto")],
    );
    assert_eq!(
        from_list.header("location"),
        Some("/konto/oferty?stan=opublikowana")
    );
    assert_eq!(public_total(&w.server, "pierogi+wisly"), 1);
    assert!(w.sink.messages().is_empty(), "no mail without moderation");

    // Offers are found by their organisation's new name as soon as it is renamed.
    let org_form = format!("/podmioty/{}/edycja", w.org_a);
    let html = pes.get(&org_form).text();
    let fields = common::forms::edit_fields(&html, &[("name", "Pierogarnia Społeczna CISTOR")]);
    let renamed = common::forms::post_form(&mut pes, &org_form, &org_form, fields);
    assert_eq!(renamed.status, 303, "{}", renamed.text());
    assert_eq!(public_total(&w.server, "pierogarnia"), 1);
}

#[test]
fn with_premoderation_staff_approve_or_send_back_and_the_author_is_mailed() {
    let w = world();
    // An administrator switches pre-moderation on in the settings form.
    let mut admin = signed_in(&w.server, "admin@torun.example");
    let html = admin.get("/admin/ustawienia").text();
    assert!(html.contains("name=\"offers_premoderation\""));
    let mut fields = all_fields(&html, "/admin/ustawienia");
    fields.push(("offers_premoderation".into(), "tak".into()));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = admin.submit("/admin/ustawienia", "/admin/ustawienia", &refs);
    assert_eq!(saved.status, 303, "{}", saved.text());

    let mut pes = signed_in(&w.server, "pes-a@example.pl");
    let form = pes.get("/oferty/nowa").text();
    assert!(form.contains("Zapisz i wyślij do sprawdzenia"));
    let mut fields = offer_fields(&w.org_a, "Bigos staropolski w słoikach", "25");
    fields.push(("po_zapisie", "opublikuj"));
    let location = create(&mut pes, &fields);
    assert!(location.ends_with("?stan=do-sprawdzenia"), "{location}");
    let slug = slug_of(&location);
    let page = format!("/oferty/{slug}");
    assert_eq!(public_total(&w.server, "bigos"), 0);
    assert_eq!(w.server.get(&page).status, 404);

    // Staff see it in the queue; a rejection needs a reason and is mailed with it.
    let mut staff = signed_in(&w.server, "urzad@torun.example");
    let panel = staff.get("/admin").text();
    assert!(panel.contains("1 oferta czeka na decyzję"), "{panel}");
    let queue = staff.get("/admin/oferty").text();
    assert!(queue.contains("Bigos staropolski w słoikach"));
    let id = queue
        .split("/admin/oferty/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    let no_reason = staff.submit("/admin/oferty", &format!("/admin/oferty/{id}/odrzuc"), &[]);
    assert_eq!(no_reason.status, 400);
    let rejected = staff.submit(
        "/admin/oferty",
        &format!("/admin/oferty/{id}/odrzuc"),
        &[("reason", "Podaj skład i wagę słoika.")],
    );
    assert_eq!(
        rejected.header("location"),
        Some("/admin/oferty?decyzja=zapisana")
    );
    let mail = w.sink.wait_for(1, Duration::from_secs(20));
    assert_eq!(mail.len(), 1);
    let text = decode_quoted_printable(&mail[0]);
    assert!(text.contains("pes-a@example.pl"));
    assert!(text.contains("Podaj skład i wagę słoika."), "{text}");
    assert!(text.contains(&format!("/oferty/{slug}")));
    assert_eq!(public_total(&w.server, "bigos"), 0);
    let own = pes.get(&page).text();
    assert!(own.contains("Urząd odesłał ofertę do poprawy") && own.contains("wagę słoika"));

    // Sent again and approved: public, and the author hears of it.
    let sent = press(&mut pes, &page, &format!("{page}/publikuj"));
    assert!(
        sent.header("location")
            .unwrap()
            .ends_with("?stan=do-sprawdzenia")
    );
    let approved = staff.submit(
        "/admin/oferty",
        &format!("/admin/oferty/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(approved.status, 303);
    let mail = w.sink.wait_for(2, Duration::from_secs(20));
    assert_eq!(mail.len(), 2);
    assert!(decode_quoted_printable(&mail[1]).contains("Oferta jest"));
    assert_eq!(public_total(&w.server, "bigos"), 1);
    // Deciding twice only says it was decided already.
    let twice = staff.submit(
        "/admin/oferty",
        &format!("/admin/oferty/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(
        twice.header("location"),
        Some("/admin/oferty?decyzja=wczesniej")
    );

    // A representative's change of a published offer goes back to staff.
    let edit = format!("{page}/edycja");
    let html = pes.get(&edit).text();
    assert!(html.contains("wróci do sprawdzenia"));
    let fields = all_fields(&html, &edit);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let changed = pes.submit(&edit, &edit, &refs);
    assert!(
        changed
            .header("location")
            .unwrap()
            .ends_with("?stan=do-sprawdzenia")
    );
    assert_eq!(public_total(&w.server, "bigos"), 0);

    // Staff publish at once, for any organisation, starting from its profile.
    let profile = staff.get(&format!("/podmioty/{}", w.org_b)).text();
    let new_href = format!("/oferty/nowa?podmiot={}", w.org_b);
    assert!(profile.contains(&new_href));
    let mut fields = offer_fields(&w.org_b, "Kompot z suszu na wigilię", "8");
    fields.push(("po_zapisie", "opublikuj"));
    let response = staff.submit(&new_href, "/oferty/nowa", &fields);
    assert!(
        response
            .header("location")
            .unwrap()
            .ends_with("?stan=opublikowana")
    );
    assert_eq!(public_total(&w.server, "kompot"), 1);
    assert!(
        staff
            .get("/konto/oferty")
            .text()
            .contains("Kompot z suszu na wigilię")
    );
}

#[test]
fn a_bad_form_is_shown_again_with_the_fields_marked_and_nothing_is_saved() {
    let w = world();
    let mut pes = signed_in(&w.server, "pes-a@example.pl");
    let response = pes.submit(
        "/oferty/nowa",
        "/oferty/nowa",
        &[
            ("organization", &w.org_a),
            ("title", "<script>alert(1)</script>"),
            ("category", "gastronomia"),
            ("description", "Za krótko"),
            ("price_kind", "kwota"),
            ("gross", "12,345"),
            ("net", "abc"),
            ("unit", "za-rok"),
            ("area_served", ""),
        ],
    );
    assert_eq!(response.status, 422);
    let html = response.text();
    for field in [
        "category",
        "description",
        "gross",
        "net",
        "unit",
        "audience",
        "area_served",
    ] {
        assert!(html.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    assert!(html.contains("Kwota może mieć najwyżej dwa miejsca po przecinku."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("value=\"12,345\""), "typed values come back");
    assert!(
        pes.get("/konto/oferty")
            .text()
            .contains("nie ma jeszcze ofert")
    );

    // Net above gross and a missing price kind are named too.
    let mut fields = offer_fields(&w.org_a, "Pierogi ruskie", "10");
    fields.retain(|(k, _)| *k != "net");
    fields.push(("net", "11"));
    let response = pes.submit("/oferty/nowa", "/oferty/nowa", &fields);
    assert_eq!(response.status, 422);
    assert!(
        response
            .text()
            .contains("Cena netto nie może być wyższa niż brutto.")
    );
}

#[test]
fn a_representative_cannot_touch_another_organisations_offers() {
    let w = world();
    let mut pes_a = signed_in(&w.server, "pes-a@example.pl");
    let location = create(&mut pes_a, &offer_fields(&w.org_a, "Gołąbki w sosie", "30"));
    let slug = slug_of(&location);
    let page = format!("/oferty/{slug}");

    let mut pes_b = signed_in(&w.server, "pes-b@example.pl");
    assert_eq!(pes_b.get(&page).status, 404, "someone else's draft");
    assert_eq!(pes_b.get(&format!("{page}/edycja")).status, 403);
    let token = common::client::csrf_token(&pes_b.get("/konto/oferty").text()).unwrap();
    for action in ["edycja", "publikuj", "archiwizuj", "przywroc"] {
        let response = pes_b.post(&format!("{page}/{action}"), &[("csrf", token.as_str())]);
        assert_eq!(response.status, 403, "{action}");
    }
    assert!(!pes_b.get("/konto/oferty").text().contains("Gołąbki"));
    // Nor add one in its name.
    let response = pes_b.submit(
        "/oferty/nowa",
        "/oferty/nowa",
        &offer_fields(&w.org_a, "Cudze gołąbki", "30"),
    );
    assert_eq!(response.status, 422);
    assert!(response.text().contains("href=\"#f-organization\""));
    assert!(!pes_b.get("/oferty/nowa").text().contains(&w.org_a));

    // Residents only read; their account page has no offers link.
    let mut resident = signed_in(&w.server, "mieszkaniec@example.pl");
    assert_eq!(resident.get("/konto/oferty").status, 403);
    assert_eq!(resident.get("/oferty/nowa").status, 403);
    assert_eq!(resident.get(&format!("{page}/edycja")).status, 403);
    assert!(!resident.get("/konto").text().contains("/konto/oferty"));
    assert_eq!(resident.get("/admin/oferty").status, 403);
    assert_eq!(pes_a.get("/admin/oferty").status, 403);

    // Staff may act for any organisation, but its page stays private while it is a draft.
    let mut staff = signed_in(&w.server, "urzad@torun.example");
    assert_eq!(staff.get(&format!("{page}/edycja")).status, 200);
    assert!(staff.get(&page).text().contains("Edytuj ofertę"));
    let published = press(&mut staff, &page, &format!("{page}/publikuj"));
    assert_eq!(published.status, 303);
    assert_eq!(w.server.get(&page).status, 200);
    assert!(!w.server.get(&page).text().contains("Edytuj ofertę"));
    assert_eq!(pes_b.get(&page).status, 200);
    assert!(!pes_b.get(&page).text().contains("Edytuj ofertę"));
}
