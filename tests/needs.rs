//! Zapotrzebowanie, the needs board: the list with facets and sort orders, posting and editing
//! needs (city staff and PES representatives), private responses with attachments, choosing a
//! response (with e-mail to the chosen and the others), closing with an outcome, the expiry of
//! needs past their deadline, and the open data.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{HttpResponse, Options, TestServer, shared_server};
use pestor::domain::need::{Need, NeedId, NeedStatus, Requester};
use pestor::domain::organization::Organization;
use pestor::domain::user::{Role, User, UserId};
use pestor::search::collation_key;
use pestor::store::Store;

const PASSWORD: &str = "bezpieczne hasło testowe";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A server without demo data: three organisations, representatives of the first two, a
/// representative without an organisation, a resident and two staff members; mail goes to the
/// sink.
struct World {
    server: TestServer,
    sink: SmtpSink,
    org_a: Organization,
    org_b: Organization,
}

fn world_with(before_start: impl FnOnce(&Store, &World0)) -> World {
    let sink = SmtpSink::start();
    let data = tempfile::tempdir().unwrap();
    let world0;
    {
        let store = Store::open(data.path()).unwrap();
        store
            .save_settings(&common::accounts::settings_with_sink(&sink), None)
            .unwrap();
        store
            .insert_organizations(pestor::demo::organizations(3, pestor::demo::DEFAULT_SEED))
            .unwrap();
        let orgs = store.organizations().unwrap();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        let mut staff = UserId(0);
        for (email, role, represented) in [
            ("pes-a@example.pl", Role::Pes, vec![orgs[0].id]),
            ("pes-b@example.pl", Role::Pes, vec![orgs[1].id]),
            ("pes-c@example.pl", Role::Pes, vec![]),
            ("mieszkaniec@example.pl", Role::Resident, vec![]),
            ("urzad@torun.example", Role::Staff, vec![]),
            ("urzad2@torun.example", Role::Staff, vec![]),
        ] {
            let user = User {
                organizations: represented,
                ..common::accounts::active_user(email, role, &hash)
            };
            let saved = store.save_user(user, None).unwrap();
            if email == "urzad@torun.example" {
                staff = saved.id;
            }
        }
        world0 = World0 {
            org_a: orgs[0].clone(),
            org_b: orgs[1].clone(),
            staff,
        };
        before_start(&store, &world0);
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
        org_a: world0.org_a,
        org_b: world0.org_b,
    }
}

/// What the data directory holds before the server starts.
struct World0 {
    org_a: Organization,
    org_b: Organization,
    staff: UserId,
}

fn world() -> World {
    world_with(|_, _| {})
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

fn days_from_today(days: i64) -> jiff::civil::Date {
    pestor::text::format::today()
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
}

/// The fields of a valid need form; `extra` overrides or adds fields.
fn need_form<'a>(
    title: &'a str,
    deadline: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", title),
        ("department", "Wydział Edukacji"),
        ("category", "gastronomia/catering"),
        (
            "description",
            "Przerwa kawowa i obiad dla uczestników konferencji dyrektorów szkół.",
        ),
        ("scope", "obiad dla 80 osób"),
        ("place", "Centrum Kulturalno-Kongresowe Jordanki"),
        ("estimated_value", "12 500,00"),
        ("deadline", deadline),
    ];
    for (name, value) in extra {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    fields
}

/// Posts a need and returns its slug.
fn post_need(client: &mut Client, fields: &[(&str, &str)]) -> String {
    let response = client.submit("/zapotrzebowanie/nowe", "/zapotrzebowanie/nowe", fields);
    assert_eq!(response.status, 303, "{}", response.text());
    let location = response.header("location").unwrap();
    assert!(location.ends_with("?stan=dodana"), "{location}");
    location
        .trim_start_matches("/zapotrzebowanie/")
        .trim_end_matches("?stan=dodana")
        .to_string()
}

fn respond(client: &mut Client, slug: &str, fields: &[(&str, &str)]) -> HttpResponse {
    let page = format!("/zapotrzebowanie/{slug}");
    client.submit(&page, &format!("{page}/odpowiedzi"), fields)
}

/// The id in the first link of `html` that ends with `/{action}`.
fn response_ids(html: &str, action: &str) -> Vec<String> {
    html.split("/odpowiedzi/")
        .skip(1)
        .filter_map(|rest| {
            let (id, tail) = rest.split_once('/')?;
            tail.starts_with(action).then(|| id.to_string())
        })
        .collect()
}

/// Messages the sink received for `to`, decoded enough to read.
fn mail_to(sink: &SmtpSink, to: &str, at_least: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let found: Vec<String> = sink
            .messages()
            .into_iter()
            .filter(|m| m.contains(&format!("To: {to}")))
            .map(|m| decode_quoted_printable(&m))
            .collect();
        if found.len() >= at_least || std::time::Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn api(server: &TestServer, path: &str) -> serde_json::Value {
    let response = server.get(path);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

#[test]
fn the_demo_board_lists_open_needs_with_facets_sort_orders_and_pages() {
    let server = shared_server();
    let page = server.get("/zapotrzebowanie");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("href=\"/zapotrzebowanie\" aria-current=\"page\">Zapotrzebowanie"));
    assert!(!html.contains("<script"), "works without JavaScript");
    assert!(html.contains("(status: otwarte)"));
    assert!(html.contains("Wybrano: </span>Otwarte"));
    assert!(html.contains("href=\"/zapotrzebowanie.atom\""));
    assert!(html.contains("href=\"/api/v1/needs?format=csv\""));
    assert!(
        html.contains(" r.</time>"),
        "deadlines as „do 12 grudnia 2026 r.”"
    );
    assert!(
        ["zostało ", "zostały ", "został 1 dzień", "to ostatni dzień"]
            .iter()
            .any(|s| html.contains(s))
    );

    let all = api(server, "/api/v1/needs?status=wszystkie&per_page=100");
    assert_eq!(all["total"], 36, "as many needs as the original platform");
    let open = api(server, "/api/v1/needs?per_page=100");
    let in_progress = api(server, "/api/v1/needs?status=w-realizacji");
    let closed = api(server, "/api/v1/needs?status=zamkniete");
    let count = |v: &serde_json::Value| v["total"].as_u64().unwrap();
    assert!(count(&open) >= 20 && count(&in_progress) >= 3 && count(&closed) >= 5);
    assert_eq!(count(&open) + count(&in_progress) + count(&closed), 36);
    for item in open["items"].as_array().unwrap() {
        assert_eq!(item["status"], "otwarte");
    }

    // Nearest deadline first by default; newest first; Polish alphabetical order.
    let deadlines: Vec<String> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["deadline"].as_str().unwrap().to_string())
        .collect();
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "{deadlines:?}");
    let newest = api(
        server,
        "/api/v1/needs?status=wszystkie&sortuj=najnowsze&per_page=100",
    );
    let created: Vec<String> = newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["created"].as_str().unwrap().to_string())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");
    let by_name = api(
        server,
        "/api/v1/needs?status=wszystkie&sortuj=nazwa&per_page=100",
    );
    let titles: Vec<String> = by_name["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles
            .windows(2)
            .all(|w| collation_key(&w[0]) <= collation_key(&w[1])),
        "{titles:?}"
    );

    // A main category includes its subcategories; the facet shows them once it is chosen.
    let main = api(
        server,
        "/api/v1/needs?status=wszystkie&kategoria=gastronomia&per_page=100",
    );
    assert!(main["total"].as_u64().unwrap() >= 4);
    let mut subtotal = 0;
    for sub in ["catering", "obiady", "wypieki", "przetwory"] {
        let sub_list = api(
            server,
            &format!("/api/v1/needs?status=wszystkie&kategoria=gastronomia/{sub}"),
        );
        subtotal += sub_list["total"].as_u64().unwrap();
    }
    assert_eq!(main["total"].as_u64().unwrap(), subtotal);
    for item in main["items"].as_array().unwrap() {
        assert!(
            item["category"]
                .as_str()
                .unwrap()
                .starts_with("gastronomia/")
        );
    }
    let html = server
        .get("/zapotrzebowanie?kategoria=gastronomia&status=wszystkie")
        .text();
    assert!(html.contains("class=\"facet-children\""));
    assert!(html.contains("kategoria=gastronomia%2Fcatering"));
    assert!(html.contains("Kategoria: Gastronomia"));

    // Who posted it.
    let city = api(
        server,
        "/api/v1/needs?status=wszystkie&kto=miasto&per_page=100",
    );
    let pes = api(
        server,
        "/api/v1/needs?status=wszystkie&kto=pes&per_page=100",
    );
    assert_eq!(count(&city) + count(&pes), 36);
    assert!(count(&pes) >= 5);
    for item in pes["items"].as_array().unwrap() {
        assert_eq!(item["requester"], "pes");
        assert!(item["organization_slug"].is_string());
    }

    // Pages of the API and of the HTML list.
    let first = api(server, "/api/v1/needs?status=wszystkie&per_page=5");
    let second = api(server, "/api/v1/needs?status=wszystkie&per_page=5&page=2");
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let page_two = server
        .get("/zapotrzebowanie?status=wszystkie&page=2")
        .text();
    assert!(page_two.contains("<ol class=\"org-list\" start=\"21\">"));
    assert!(
        page_two.contains("aria-current=\"page\"><span class=\"visually-hidden\">Strona </span>2")
    );

    // Searching by words without Polish letters.
    let found = api(server, "/api/v1/needs?status=wszystkie&q=swietlicy");
    assert!(found["total"].as_u64().unwrap() >= 1);
}

#[test]
fn staff_and_representatives_post_needs_and_only_the_author_side_edits_them() {
    let w = world();
    let deadline = days_from_today(10).to_string();
    let mut staff = signed_in(&w.server, "urzad@torun.example");
    let slug = post_need(
        &mut staff,
        &need_form(
            "Catering na konferencję o ekonomii społecznej",
            &deadline,
            &[],
        ),
    );
    let page = staff
        .get(&format!("/zapotrzebowanie/{slug}?stan=dodana"))
        .text();
    assert!(page.contains("Potrzeba została opublikowana"));
    assert!(page.contains("Edytuj potrzebę"));
    assert!(page.contains("12\u{a0}500,00\u{a0}zł"));
    assert!(page.contains("href=\"/zapytania/nowe?rodzaj=potrzeba&amp;id="));
    let json = api(&w.server, &format!("/api/v1/needs/{slug}"));
    assert_eq!(json["requester"], "miasto");
    assert_eq!(json["requester_name"], "Wydział Edukacji");
    assert_eq!(json["estimated_value"], 1_250_000);
    assert_eq!(json["deadline"], deadline);
    assert_eq!(json["status"], "otwarte");
    // Public at once, and in the search.
    let found = api(&w.server, "/api/v1/needs?q=konferencje+ekonomii");
    assert_eq!(found["total"], 1);

    // A representative posts for their organisation, never for another one.
    let mut pes_a = signed_in(&w.server, "pes-a@example.pl");
    let form = pes_a.get("/zapotrzebowanie/nowe").text();
    assert!(form.contains(&w.org_a.name));
    assert!(!form.contains("name=\"department\""));
    let org_a = w.org_a.id.0.to_string();
    let org_b = w.org_b.id.0.to_string();
    let refused = pes_a.submit(
        "/zapotrzebowanie/nowe",
        "/zapotrzebowanie/nowe",
        &need_form(
            "Malowanie świetlicy",
            &deadline,
            &[("organization", &org_b)],
        ),
    );
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("Wybierz organizację z listy."));
    let pes_slug = post_need(
        &mut pes_a,
        &need_form(
            "Malowanie świetlicy",
            &deadline,
            &[
                ("organization", &org_a),
                ("category", "remontowo-budowlane/malowanie"),
            ],
        ),
    );
    let json = api(&w.server, &format!("/api/v1/needs/{pes_slug}"));
    assert_eq!(json["requester"], "pes");
    assert_eq!(json["requester_name"], w.org_a.name.as_str());
    assert_eq!(json["organization_slug"], w.org_a.slug.as_str());

    // Without an organisation, or as a resident, nothing can be posted.
    let mut pes_c = signed_in(&w.server, "pes-c@example.pl");
    assert_eq!(pes_c.get("/zapotrzebowanie/nowe").status, 403);
    let mut resident = signed_in(&w.server, "mieszkaniec@example.pl");
    assert_eq!(resident.get("/zapotrzebowanie/nowe").status, 403);
    assert!(
        !resident
            .get("/zapotrzebowanie")
            .text()
            .contains("href=\"/zapotrzebowanie/nowe\"")
    );

    // Any staff member edits a city need; a PES need only its organisation's people.
    let mut staff2 = signed_in(&w.server, "urzad2@torun.example");
    let edit = format!("/zapotrzebowanie/{slug}/edycja");
    let saved = staff2.submit(
        &edit,
        &edit,
        &need_form(
            "Catering na konferencję o ekonomii społecznej",
            &deadline,
            &[("scope", "obiad dla 90 osób")],
        ),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert_eq!(
        api(&w.server, &format!("/api/v1/needs/{slug}"))["scope"],
        "obiad dla 90 osób"
    );
    let pes_edit = format!("/zapotrzebowanie/{pes_slug}/edycja");
    assert_eq!(staff.get(&pes_edit).status, 403);
    let mut pes_b = signed_in(&w.server, "pes-b@example.pl");
    assert_eq!(pes_b.get(&pes_edit).status, 403);
    assert_eq!(pes_b.get(&edit).status, 403);
    assert_eq!(resident.get(&edit).status, 403);
    let edited = pes_a.submit(
        &pes_edit,
        &pes_edit,
        &need_form(
            "Malowanie świetlicy i korytarza",
            &deadline,
            &[("category", "remontowo-budowlane/malowanie")],
        ),
    );
    assert_eq!(edited.status, 303, "{}", edited.text());
    let json = api(&w.server, &format!("/api/v1/needs/{pes_slug}"));
    assert_eq!(json["title"], "Malowanie świetlicy i korytarza");
    assert_eq!(
        json["requester_name"],
        w.org_a.name.as_str(),
        "the organisation stays"
    );

    // Bad input is shown again with the fields marked, and nothing changes.
    let yesterday = days_from_today(-1).to_string();
    let bad = staff.submit(
        &edit,
        &edit,
        &need_form(
            "<script>alert(1)</script>",
            &yesterday,
            &[("estimated_value", "dużo"), ("category", "gastronomia")],
        ),
    );
    assert_eq!(bad.status, 422);
    let text = bad.text();
    for field in ["deadline", "estimated_value", "category"] {
        assert!(text.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    assert!(text.contains("Termin na odpowiedzi nie może być w przeszłości."));
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!text.contains("<script>alert(1)"));
    assert!(text.contains("aria-invalid=\"true\""));
    assert_eq!(
        api(&w.server, &format!("/api/v1/needs/{slug}"))["deadline"],
        deadline
    );
    let past = staff.submit(
        "/zapotrzebowanie/nowe",
        "/zapotrzebowanie/nowe",
        &need_form("Druk ulotek na festyn", &yesterday, &[]),
    );
    assert_eq!(past.status, 422);
    assert_eq!(api(&w.server, "/api/v1/needs?q=ulotek")["total"], 0);
}

#[test]
fn representatives_respond_privately_with_an_optional_attachment_once_per_organisation() {
    let w = world();
    let deadline = days_from_today(5).to_string();
    let mut staff = signed_in(&w.server, "urzad@torun.example");
    let slug = post_need(
        &mut staff,
        &need_form(
            "Sprzątanie świetlicy po remoncie",
            &deadline,
            &[("category", "porzadkowe/sprzatanie")],
        ),
    );
    let page = format!("/zapotrzebowanie/{slug}");

    // Without an attachment…
    let mut pes_a = signed_in(&w.server, "pes-a@example.pl");
    assert!(pes_a.get(&page).text().contains("Odpowiedz na tę potrzebę"));
    let sent = respond(
        &mut pes_a,
        &slug,
        &[
            ("text", "Posprzątamy w dwa dni, ekipa pięcioosobowa."),
            ("price", "2 800"),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.text());
    // … once per organisation.
    let twice = respond(
        &mut pes_a,
        &slug,
        &[("text", "Jeszcze raz ta sama odpowiedź.")],
    );
    assert_eq!(twice.status, 409);
    assert!(twice.text().contains("odpowiedziała już na tę potrzebę"));

    // A hostile attachment is refused with a message; a PDF is accepted.
    let mut pes_b = signed_in(&w.server, "pes-b@example.pl");
    let hostile = pes_b.submit_multipart(
        &page,
        &format!("{page}/odpowiedzi"),
        &[("text", "Oferta w załączniku, zapraszamy.")],
        (
            "attachment",
            "oferta.html",
            b"<html><script>alert(1)</script>",
        ),
    );
    assert_eq!(hostile.status, 422);
    assert!(hostile.text().contains("Dołącz plik PDF, JPG albo PNG."));
    assert!(hostile.text().contains("Oferta w załączniku, zapraszamy."));
    let with_file = pes_b.submit_multipart(
        &page,
        &format!("{page}/odpowiedzi"),
        &[
            ("text", "Oferta w załączniku, zapraszamy."),
            ("price", "3 100,50"),
        ],
        ("attachment", "../Oferta sprzątania.pdf", PDF),
    );
    assert_eq!(with_file.status, 303, "{}", with_file.text());

    // The author is told about each response.
    let mails = mail_to(&w.sink, "urzad@torun.example", 2);
    assert_eq!(mails.len(), 2, "one mail per response");
    assert!(
        mails
            .iter()
            .all(|m| m.contains(&format!("/zapotrzebowanie/{slug}")))
    );

    // Nobody but the author side and the responder reads a response.
    let public = w.server.get(&page).text();
    assert!(!public.contains("Posprzątamy w dwa dni"));
    assert!(!public.contains("Oferta w załączniku"));
    assert!(public.contains("odpowiedziały 2 organizacje"));
    assert_eq!(
        api(&w.server, &format!("/api/v1/needs/{slug}"))["responses"],
        2
    );
    assert!(
        !w.server
            .get(&format!("/api/v1/needs/{slug}"))
            .text()
            .contains("Posprzątamy")
    );
    let as_b = pes_b.get(&page).text();
    assert!(as_b.contains("Oferta w załączniku") && !as_b.contains("Posprzątamy w dwa dni"));
    assert!(!as_b.contains("Wybierz tę odpowiedź"));
    let mut resident = signed_in(&w.server, "mieszkaniec@example.pl");
    assert!(!resident.get(&page).text().contains("Posprzątamy"));
    let as_staff = staff.get(&page).text();
    assert!(as_staff.contains("Posprzątamy w dwa dni") && as_staff.contains("Oferta w załączniku"));
    assert!(as_staff.contains("2\u{a0}800,00\u{a0}zł"));
    assert_eq!(response_ids(&as_staff, "wybierz").len(), 2);

    // The attachment: the author side and the responder only.
    let b_id = response_ids(&as_b, "wycofaj").remove(0);
    let download = format!("{page}/odpowiedzi/{b_id}/zalacznik");
    let file = staff.get(&download);
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(
        file.header("content-disposition")
            .unwrap()
            .contains("filename=\"oferta-sprzatania.pdf\"")
    );
    assert_eq!(file.body, PDF);
    assert_eq!(pes_b.get(&download).status, 200);
    assert_eq!(pes_a.get(&download).status, 403);
    assert_eq!(resident.get(&download).status, 403);
    assert_eq!(Client::new(w.server.addr).get(&download).status, 303);

    // A representative cannot answer their own organisation's need.
    let own = post_need(
        &mut pes_a,
        &need_form(
            "Pranie obrusów po festynie",
            &deadline,
            &[
                ("organization", &w.org_a.id.0.to_string()),
                ("category", "porzadkowe/pranie"),
            ],
        ),
    );
    assert!(
        !pes_a
            .get(&format!("/zapotrzebowanie/{own}"))
            .text()
            .contains("Odpowiedz na tę potrzebę")
    );
    let to_own = respond(
        &mut pes_a,
        &own,
        &[("text", "Sami sobie wypierzemy obrusy.")],
    );
    assert_eq!(to_own.status, 403);

    // Withdrawing: only the responder, while the need is open.
    let a_id = response_ids(&pes_a.get(&page).text(), "wycofaj").remove(0);
    let withdraw = format!("{page}/odpowiedzi/{a_id}/wycofaj");
    assert_eq!(pes_b.submit(&page, &withdraw, &[]).status, 403);
    assert_eq!(staff.submit(&page, &withdraw, &[]).status, 403);
    let withdrawn = pes_a.submit(&page, &withdraw, &[]);
    assert_eq!(withdrawn.status, 303);
    assert_eq!(
        api(&w.server, &format!("/api/v1/needs/{slug}"))["responses"],
        1
    );

    // The account page lists the needs and the responses.
    let mine = pes_b.get("/konto/zapotrzebowanie").text();
    assert!(mine.contains("Sprzątanie świetlicy po remoncie"));
    assert!(mine.contains("czeka na decyzję"));
    assert!(
        pes_b
            .get("/konto")
            .text()
            .contains("href=\"/konto/zapotrzebowanie\"")
    );
    let staff_view = staff.get("/konto/zapotrzebowanie").text();
    assert!(staff_view.contains("Sprzątanie świetlicy po remoncie"));
}

#[test]
fn choosing_a_response_mails_everyone_who_answered_and_closing_records_the_outcome() {
    let w = world();
    let deadline = days_from_today(7).to_string();
    let mut staff = signed_in(&w.server, "urzad@torun.example");
    let slug = post_need(
        &mut staff,
        &need_form(
            "Druk plakatów na Forum Ekonomii Społecznej",
            &deadline,
            &[("category", "poligrafia/druk")],
        ),
    );
    let page = format!("/zapotrzebowanie/{slug}");
    let mut pes_a = signed_in(&w.server, "pes-a@example.pl");
    let mut pes_b = signed_in(&w.server, "pes-b@example.pl");
    assert_eq!(
        respond(
            &mut pes_a,
            &slug,
            &[("text", "Wydrukujemy w trzy dni robocze.")]
        )
        .status,
        303
    );
    assert_eq!(
        respond(
            &mut pes_b,
            &slug,
            &[("text", "Druk cyfrowy, odbiór następnego dnia.")]
        )
        .status,
        303
    );
    let a_id = response_ids(&pes_a.get(&page).text(), "wycofaj").remove(0);

    // Only the author side chooses.
    let choose = format!("{page}/odpowiedzi/{a_id}/wybierz");
    assert_eq!(pes_a.submit(&page, &choose, &[]).status, 403);
    let chosen = staff.submit(&page, &choose, &[]);
    assert_eq!(chosen.status, 303);
    let json = api(&w.server, &format!("/api/v1/needs/{slug}"));
    assert_eq!(json["status"], "w-realizacji");
    assert_eq!(
        api(&w.server, "/api/v1/needs?q=plakatow")["total"],
        0,
        "no longer open"
    );
    assert_eq!(
        api(&w.server, "/api/v1/needs?q=plakatow&status=w-realizacji")["total"],
        1
    );
    let after = staff.get(&page).text();
    assert!(after.contains("Wybrana odpowiedź"));
    assert!(!after.contains("Wybierz tę odpowiedź"));

    let to_a = mail_to(&w.sink, "pes-a@example.pl", 1);
    assert!(
        to_a.iter()
            .any(|m| m.contains("Potrzeba jest teraz w realizacji.")),
        "{to_a:?}"
    );
    let to_b = mail_to(&w.sink, "pes-b@example.pl", 1);
    assert!(to_b.iter().any(|m| m.contains("tym razem inn")), "{to_b:?}");

    // In progress: no more responses, withdrawals, edits or choices.
    let b_id = response_ids(&pes_b.get(&page).text(), "wycofaj");
    assert!(b_id.is_empty(), "the withdraw button is gone");
    let late = respond(&mut pes_b, &slug, &[("text", "Druk jeszcze raz, taniej.")]);
    assert_eq!(late.status, 409);
    assert!(
        late.text()
            .contains("Potrzeba nie przyjmuje już odpowiedzi.")
    );
    assert_eq!(staff.get(&format!("{page}/edycja")).status, 409);
    assert_eq!(staff.submit(&page, &choose, &[]).status, 409);

    // Closing needs an outcome, and the author side.
    let close = format!("{page}/zamknij");
    assert_eq!(
        pes_a
            .submit(&page, &close, &[("outcome", "Wykonane.")])
            .status,
        403
    );
    let empty = staff.submit(&page, &close, &[("outcome", " ")]);
    assert_eq!(empty.status, 422);
    assert!(empty.text().contains("href=\"#f-outcome\""));
    let closed = staff.submit(
        &page,
        &close,
        &[("outcome", "Plakaty wydrukowane i rozwieszone przed forum.")],
    );
    assert_eq!(closed.status, 303);
    let json = api(&w.server, &format!("/api/v1/needs/{slug}"));
    assert_eq!(json["status"], "zamkniete");
    assert_eq!(
        json["outcome"],
        "Plakaty wydrukowane i rozwieszone przed forum."
    );
    assert!(
        w.server
            .get(&page)
            .text()
            .contains("Plakaty wydrukowane i rozwieszone")
    );
    assert_eq!(
        staff
            .submit(&page, &close, &[("outcome", "Jeszcze raz.")])
            .status,
        409
    );
}

/// A need of the city, stored directly (as if posted earlier) with `deadline`.
fn stored_need(author: UserId, title: &str, deadline: jiff::civil::Date) -> Need {
    Need {
        id: NeedId(0),
        slug: pestor::domain::slug::slugify(title),
        title: title.to_string(),
        description: "Potrzeba zapisana przed startem serwera, do sprawdzenia terminów."
            .to_string(),
        category: "ogrodnicze/pielegnacja-zieleni".to_string(),
        scope: "2 skwery".to_string(),
        estimated_value: None,
        place: "Bydgoskie Przedmieście".to_string(),
        deadline,
        requester: Requester::City {
            department: "Wydział Gospodarki Komunalnej".to_string(),
        },
        status: NeedStatus::Open,
        chosen: None,
        outcome: String::new(),
        closed_at: None,
        author: Some(author),
        created: 1_700_000_000,
        updated: 1_700_000_000,
        demo: false,
    }
}

#[test]
fn a_need_past_its_deadline_is_closed_at_start_mails_its_author_and_takes_no_responses() {
    let w = world_with(|store, w0| {
        store
            .create_need(stored_need(
                w0.staff,
                "Koszenie trawników",
                days_from_today(-1),
            ))
            .unwrap();
        store
            .create_need(stored_need(w0.staff, "Grabienie liści", days_from_today(0)))
            .unwrap();
    });
    let expired = api(&w.server, "/api/v1/needs/koszenie-trawnikow");
    assert_eq!(expired["status"], "zamkniete");
    assert_eq!(expired["outcome"], "Termin na odpowiedzi minął");
    let mails = mail_to(&w.sink, "urzad@torun.example", 1);
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Koszenie trawnik"), "{}", mails[0]);
    assert!(mails[0].contains("/zapotrzebowanie/koszenie-trawnikow"));

    let mut pes_a = signed_in(&w.server, "pes-a@example.pl");
    let late = respond(
        &mut pes_a,
        "koszenie-trawnikow",
        &[("text", "Skosimy wszystko w jeden dzień.")],
    );
    assert_eq!(late.status, 409);
    assert!(
        late.text()
            .contains("Potrzeba nie przyjmuje już odpowiedzi.")
    );

    // The last day still counts.
    let last_day = api(&w.server, "/api/v1/needs/grabienie-lisci");
    assert_eq!(last_day["status"], "otwarte");
    assert!(
        w.server
            .get("/zapotrzebowanie/grabienie-lisci")
            .text()
            .contains("to ostatni dzień")
    );
    let sent = respond(
        &mut pes_a,
        "grabienie-lisci",
        &[("text", "Zgrabimy liście jeszcze dziś.")],
    );
    assert_eq!(sent.status, 303, "{}", sent.text());
}

#[test]
fn open_data_feeds_and_bad_parameters() {
    let server = shared_server();
    let list = api(server, "/api/v1/needs?per_page=3&page=2");
    assert_eq!(list["page"], 2);
    assert_eq!(list["per_page"], 3);
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let item = &list["items"][0];
    for key in [
        "id",
        "slug",
        "url",
        "title",
        "description",
        "category",
        "category_label",
        "scope",
        "estimated_value",
        "place",
        "deadline",
        "requester",
        "requester_name",
        "status",
        "outcome",
        "responses",
        "created",
        "updated",
        "demo",
    ] {
        assert!(item.get(key).is_some(), "{key}");
    }
    let slug = item["slug"].as_str().unwrap();
    let id = item["id"].as_u64().unwrap();
    assert_eq!(api(server, &format!("/api/v1/needs/{slug}"))["id"], id);
    assert_eq!(api(server, &format!("/api/v1/needs/{id}"))["slug"], slug);
    assert_eq!(
        server.get("/api/v1/needs/nie-ma-takiej-potrzeby").status,
        404
    );
    assert_eq!(
        server.get("/zapotrzebowanie/nie-ma-takiej-potrzeby").status,
        404
    );

    let csv = server.get("/api/v1/needs?format=csv&status=wszystkie");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = csv.text();
    assert!(text.starts_with("\u{feff}tytuł;kto zgłasza;zgłaszający;kategoria"));
    assert_eq!(text.lines().count(), 37, "a header and every need");

    let feed = server.get("/zapotrzebowanie.atom");
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let xml = feed.text();
    assert_eq!(xml.matches("<entry>").count(), 36);
    assert!(xml.contains(&format!("http://{}/zapotrzebowanie/", server.addr)));

    for (query, message) in [
        ("status=otwarta", "Nieznana wartość filtra „status”"),
        ("kategoria=gastro", "Nieznana wartość filtra „kategoria”"),
        ("kto=firma", "Nieznana wartość filtra „kto”"),
        ("sortuj=cena", "Nieznany porządek sortowania"),
        (
            "per_page=101",
            "per_page musi być liczbą całkowitą od 1 do 100",
        ),
        ("page=abc", "Numer strony musi być liczbą"),
        ("format=xml", "Nieznany format"),
    ] {
        let response = server.get(&format!("/api/v1/needs?{query}"));
        assert_eq!(response.status, 400, "{query}");
        assert!(
            response.json()["error"].as_str().unwrap().contains(message),
            "{query}: {}",
            response.text()
        );
    }
    let long = "a".repeat(201);
    assert_eq!(
        server.get(&format!("/zapotrzebowanie?q={long}")).status,
        400
    );
    let html = server.get("/zapotrzebowanie?status=otwarta");
    assert_eq!(html.status, 400);
    assert!(html.text().contains("Nieznana wartość filtra"));
    assert_eq!(
        server
            .get("/zapotrzebowanie/x/odpowiedzi/abc/zalacznik")
            .status,
        303,
        "anonymous visitors are sent to log in"
    );
}
