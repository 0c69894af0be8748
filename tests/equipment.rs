//! Bank sprzętu through HTTP: the list with facets, search, sort and pages; adding (staff at
//! once, representatives and residents after staff accept); requests, approval with the other
//! requesters told, cancelled reservations, handover and the return of a loan; who may edit;
//! forms shown again on bad input; open data, CSV and Atom without private donors' data.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{HttpResponse, Options, TestServer};
use pestor::domain::organization::OrgId;
use pestor::domain::user::{Role, User};
use pestor::store::Store;

const PASSWORD: &str = "hasło do banku sprzętu";
const PES_A: &str = "pes-a@example.pl";
const PES_B: &str = "pes-b@example.pl";
const RESIDENT: &str = "mieszkaniec@example.pl";
const STAFF: &str = "urzad@torun.example";
/// The demo organisations the representatives represent: CISTOR (1) and Fundacja ALMA (3).
const ORG_A: u64 = 1;
const ORG_B: u64 = 3;

/// A demo server with mail going to `sink`, two representatives (of different demo
/// organisations), a resident and a staff member.
fn server(sink: &SmtpSink) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        store
            .save_settings(&common::accounts::settings_with_sink(sink), None)
            .unwrap();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        for (email, role, orgs) in [
            (PES_A, Role::Pes, vec![OrgId(ORG_A)]),
            (PES_B, Role::Pes, vec![OrgId(ORG_B)]),
            (RESIDENT, Role::Resident, vec![]),
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

/// The fields of a valid new item, with `changes` applied.
fn item_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "Stoły świetlicowe składane"),
        ("category", "meble"),
        ("condition", "dobry"),
        ("quantity", "6"),
        ("unit", "szt"),
        (
            "description",
            "Stoły 120 × 80 cm z blatem laminowanym, składane nogi, po remoncie świetlicy.",
        ),
        ("pickup_address", "ul. Szeroka 12"),
        ("pickup_district", "Stare Miasto"),
        ("department", "Wydział Edukacji"),
        ("person", "Zofia Tajemnicza"),
        ("organization", "1"),
        ("mode", "przekazanie"),
        ("return_by", ""),
    ];
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        fields.push((name, value));
    }
    fields
}

/// Adds an item through the form and returns its slug and the notice it was added with.
fn add_item(client: &mut Client, changes: &[(&str, &str)]) -> (String, String) {
    let response = client.submit("/sprzet/nowy", "/sprzet/nowy", &item_fields(changes));
    assert_eq!(response.status, 303, "{}", response.text());
    let to = location(&response);
    let rest = to.strip_prefix("/sprzet/").expect("to the item");
    let (slug, notice) = rest.split_once("?komunikat=").expect("with a notice");
    (slug.to_string(), notice.to_string())
}

fn item_json(server: &TestServer, slug: &str) -> serde_json::Value {
    let response = server.get(&format!("/api/v1/equipment/{slug}"));
    assert_eq!(response.status, 200, "{slug}: {}", response.text());
    response.json()
}

fn api(server: &TestServer, query: &str) -> serde_json::Value {
    let response = server.get(&format!("/api/v1/equipment?{query}"));
    assert_eq!(response.status, 200, "{query}: {}", response.text());
    response.json()
}

/// Asks for the item as a representative; returns the answer.
fn ask(client: &mut Client, slug: &str, org: u64, why: &str) -> HttpResponse {
    let page = format!("/sprzet/{slug}");
    let org = org.to_string();
    client.submit(
        &page,
        &format!("{page}/wnioski"),
        &[("organization", org.as_str()), ("justification", why)],
    )
}

/// The id of the requester's open request for the item, read from "Mój sprzęt i wnioski".
fn open_request_id(requester: &mut Client, slug: &str) -> String {
    let html = requester.get("/konto/sprzet").text();
    let marker = format!("/sprzet/{slug}/wnioski/");
    let at = html.find(&marker).expect("an open request") + marker.len();
    html[at..].split('/').next().unwrap().to_string()
}

/// Posts a form of the item page (with its CSRF token).
fn act(client: &mut Client, slug: &str, action: &str, fields: &[(&str, &str)]) -> HttpResponse {
    client.submit(
        &format!("/sprzet/{slug}"),
        &format!("/sprzet/{slug}/{action}"),
        fields,
    )
}

/// Decoded messages to `email` among those the sink received.
fn mails_to(sink: &SmtpSink, email: &str) -> Vec<String> {
    sink.messages()
        .iter()
        .filter(|m| m.contains(&format!("<{email}>")) || m.contains(&format!("To: {email}")))
        .map(|m| decode_quoted_printable(m))
        .collect()
}

/// Waits until `email` has at least `count` messages.
fn wait_for_mails(sink: &SmtpSink, email: &str, count: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let mails = mails_to(sink, email);
        if mails.len() >= count || std::time::Instant::now() > deadline {
            return mails;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Polish alphabetical order: letters with diacritics right after their base letter.
fn polish_key(text: &str) -> Vec<(char, u8)> {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'ą' => ('a', 1),
            'ć' => ('c', 1),
            'ę' => ('e', 1),
            'ł' => ('l', 1),
            'ń' => ('n', 1),
            'ó' => ('o', 1),
            'ś' => ('s', 1),
            'ź' => ('z', 1),
            'ż' => ('z', 2),
            c => (c, 0),
        })
        .collect()
}

fn titles(json: &serde_json::Value) -> Vec<String> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

/// The count a facet link shows on the list page, e.g. `kategoria=meble` → 4.
fn facet_count(html: &str, param: &str) -> Option<u64> {
    let at = html.find(&format!("href=\"/sprzet?{param}\""))?;
    let rest = &html[at..];
    let open = rest.find("<span class=\"count\">(")? + "<span class=\"count\">(".len();
    let digits: String = rest[open..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '\u{a0}')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn the_list_has_facets_search_sort_and_pages() {
    let server = common::shared_server();
    let page = server.get("/sprzet");
    assert_eq!(page.status, 200);
    let html = page.text();
    let current = api(server, "");
    let total = current["total"].as_u64().unwrap();
    assert!(total >= 20, "the demo bank has items: {total}");
    assert!(html.contains(&format!("Znaleziono {total} ")), "{html}");
    assert!(html.contains("href=\"/sprzet\" aria-current=\"page\">Bank sprzętu</a>"));
    assert!(html.contains("href=\"/api/v1/equipment?format=csv\""));
    assert!(html.contains("href=\"/sprzet.atom\""));

    // By default only available and reserved items; "wszystkie" adds the handed over.
    for item in current["items"].as_array().unwrap() {
        assert!(["dostepny", "zarezerwowany"].contains(&item["status"].as_str().unwrap()));
    }
    let all = api(server, "status=wszystkie");
    assert!(all["total"].as_u64().unwrap() > total);
    assert_eq!(
        facet_count(&html, "status=wszystkie"),
        all["total"].as_u64()
    );
    let handed = api(server, "status=przekazany&per_page=100");
    assert!(handed["total"].as_u64().unwrap() >= 1);
    assert!(
        handed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "przekazany" && i["handed_over_on"].is_string())
    );

    // Every facet count is what the filter gives.
    for param in [
        "kategoria=meble",
        "kategoria=sprzet-rehabilitacyjny",
        "stan=dobry",
        "tryb=uzyczenie",
        "status=zarezerwowany",
    ] {
        let shown = facet_count(&html, param).unwrap_or_else(|| panic!("facet {param}"));
        let filtered = api(server, &format!("{param}&per_page=100"));
        assert_eq!(filtered["total"].as_u64(), Some(shown), "{param}");
        let (name, value) = param.split_once('=').unwrap();
        let field = match name {
            "kategoria" => "category",
            "stan" => "condition",
            "tryb" => "mode",
            _ => "status",
        };
        for item in filtered["items"].as_array().unwrap() {
            assert_eq!(item[field], value, "{param}");
        }
    }
    let filtered = server.get("/sprzet?kategoria=meble");
    assert!(
        filtered.text().contains("Kategoria: Meble"),
        "active filter shown"
    );

    // Search by words, without diacritics, every word required.
    let found = api(server, "q=wozek+inwalidzki&status=wszystkie");
    assert!(
        titles(&found)
            .iter()
            .any(|t| t == "Wózek inwalidzki składany")
    );
    assert_eq!(api(server, "q=wozek+zzzqqq")["total"], 0);
    let none = server.get("/sprzet?q=zzzqqq");
    assert!(none.text().contains("Nie znaleziono sprzętu"));

    // Sorted by name in Polish order, or newest first (the default).
    let by_name = titles(&api(server, "sortuj=nazwa&status=wszystkie&per_page=100"));
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|t| polish_key(t));
    assert_eq!(by_name, sorted);
    let newest = api(server, "status=wszystkie&per_page=100");
    let dates: Vec<&str> = newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["published"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // Pages: no item twice, links to the next page, an empty page beyond the end.
    let first = titles(&api(server, "per_page=5&sortuj=nazwa"));
    let second = titles(&api(server, "per_page=5&sortuj=nazwa&page=2"));
    assert_eq!((first.len(), second.len()), (5, 5));
    assert!(first.iter().all(|t| !second.contains(t)));
    assert!(html.contains("href=\"/sprzet?page=2\" rel=\"next\""));
    let beyond = server.get("/sprzet?page=99");
    assert_eq!(beyond.status, 200);
    assert!(beyond.text().contains("Ta strona wyników jest pusta"));
}

#[test]
fn bad_parameters_are_refused_in_polish() {
    let server = common::shared_server();
    for query in [
        "kategoria=samochody",
        "stan=zepsuty",
        "tryb=sprzedaz",
        "status=zgubiony",
        "sortuj=cena",
        "page=0",
    ] {
        let page = server.get(&format!("/sprzet?{query}"));
        assert_eq!(page.status, 400, "{query}");
        assert!(page.text().contains("Nieznan") || page.text().contains("Numer strony"));
        let api = server.get(&format!("/api/v1/equipment?{query}"));
        assert_eq!(api.status, 400, "{query}");
        assert!(api.json()["error"].as_str().unwrap().len() > 10);
    }
    for query in ["per_page=500", "format=xml"] {
        let api = server.get(&format!("/api/v1/equipment?{query}"));
        assert_eq!(api.status, 400, "{query}");
    }
    assert_eq!(server.get("/sprzet/nie-ma-takiego-sprzetu").status, 404);
    assert_eq!(server.get("/api/v1/equipment/999999").status, 404);
}

#[test]
fn staff_publish_at_once_and_others_wait_for_acceptance() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut anonymous = Client::new(server.addr);
    assert_eq!(
        anonymous.get("/sprzet/nowy").status,
        303,
        "to the log-in page"
    );

    let mut staff = signed_in(&server, STAFF);
    let (slug, notice) = add_item(&mut staff, &[("title", "Krzesła z sali sesyjnej")]);
    assert_eq!(notice, "dodano");
    let json = item_json(&server, &slug);
    assert_eq!(json["donor_name"], "Wydział Edukacji");
    assert_eq!(json["status"], "dostepny");
    assert_eq!(api(&server, "q=sali+sesyjnej")["total"], 1);

    // A resident's item waits: invisible to the public, in the staff queue.
    let mut resident = signed_in(&server, RESIDENT);
    let (slug, notice) = add_item(
        &mut resident,
        &[("title", "Rower trójkołowy dla dorosłych")],
    );
    assert_eq!(notice, "zgloszono");
    assert_eq!(anonymous.get(&format!("/sprzet/{slug}")).status, 404);
    assert_eq!(server.get(&format!("/api/v1/equipment/{slug}")).status, 404);
    assert_eq!(api(&server, "q=trojkolowy")["total"], 0);
    let own = resident.get(&format!("/sprzet/{slug}"));
    assert_eq!(own.status, 200);
    assert!(own.text().contains("czeka na akceptację urzędu"));
    assert!(
        resident
            .get("/konto/sprzet")
            .text()
            .contains("Rower trójkołowy")
    );
    let queue = staff.get("/admin/sprzet").text();
    assert!(queue.contains("Rower trójkołowy dla dorosłych"));
    assert!(queue.contains("Zofia Tajemnicza (osoba prywatna)"));
    let id = item_json_id_from_queue(&queue, &slug);
    let accepted = staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(location(&accepted), "/admin/sprzet?decyzja=zaakceptowano");
    assert_eq!(anonymous.get(&format!("/sprzet/{slug}")).status, 200);
    assert_eq!(api(&server, "q=trojkolowy")["total"], 1);
    let mail = wait_for_mails(&sink, RESIDENT, 1);
    assert!(
        mail[0].contains("Sprzęt opublikowany w banku sprzętu"),
        "{}",
        mail[0]
    );
    assert!(mail[0].contains(&format!("/sprzet/{slug}")));
    let again = staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(location(&again), "/admin/sprzet?decyzja=wczesniej");

    // A representative's item for their organisation is rejected with a reason, which is
    // mailed; a rejection without a reason is shown again with the field marked.
    let mut pes = signed_in(&server, PES_A);
    let (slug, notice) = add_item(&mut pes, &[("title", "Reklama usług sprzątania")]);
    assert_eq!(notice, "zgloszono");
    let queue = staff.get("/admin/sprzet").text();
    let id = item_json_id_from_queue(&queue, &slug);
    let no_reason = staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/odrzuc"),
        &[("reason", " ")],
    );
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.text().contains("aria-invalid=\"true\""));
    let rejected = staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/odrzuc"),
        &[("reason", "To oferta usług, a nie sprzęt do przekazania.")],
    );
    assert_eq!(location(&rejected), "/admin/sprzet?decyzja=odrzucono");
    let mail = wait_for_mails(&sink, PES_A, 1);
    assert!(mail[0].contains("To oferta usług, a nie sprzęt do przekazania."));
    assert_eq!(anonymous.get(&format!("/sprzet/{slug}")).status, 404);
    assert!(pes.get("/konto/sprzet").text().contains("nie opublikowano"));

    // Only one's own organisations; a representative without organisations cannot add.
    let foreign = pes.submit(
        "/sprzet/nowy",
        "/sprzet/nowy",
        &item_fields(&[("organization", "3")]),
    );
    assert_eq!(foreign.status, 422);
    assert!(foreign.text().contains("href=\"#f-organization\""));
}

/// The id of the queued item whose link is `/sprzet/{slug}`.
fn item_json_id_from_queue(queue: &str, slug: &str) -> String {
    let at = queue
        .find(&format!("href=\"/sprzet/{slug}\""))
        .expect("the item in the queue");
    let rest = &queue[at..];
    let marker = "/admin/sprzet/";
    let start = rest.find(marker).unwrap() + marker.len();
    rest[start..].split('/').next().unwrap().to_string()
}

#[test]
fn representatives_ask_the_donor_approves_one_and_the_others_are_told() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut staff = signed_in(&server, STAFF);
    let (slug, _) = add_item(&mut staff, &[("title", "Laptopy poleasingowe")]);
    let mut pes_a = signed_in(&server, PES_A);
    let mut pes_b = signed_in(&server, PES_B);

    // The form is there for representatives only; residents and staff cannot ask.
    assert!(
        pes_a
            .get(&format!("/sprzet/{slug}"))
            .text()
            .contains("Poproś o ten sprzęt")
    );
    let mut resident = signed_in(&server, RESIDENT);
    assert!(
        !resident
            .get(&format!("/sprzet/{slug}"))
            .text()
            .contains("Poproś o ten sprzęt")
    );
    assert_eq!(
        ask(&mut resident, &slug, ORG_A, "Dla świetlicy na osiedlu.").status,
        403
    );
    assert_eq!(
        ask(&mut staff, &slug, ORG_A, "Dla świetlicy na osiedlu.").status,
        403
    );
    assert_eq!(
        ask(
            &mut pes_b,
            &slug,
            ORG_A,
            "Nie moja organizacja, ale proszę."
        )
        .status,
        403,
        "only for organisations one represents"
    );

    // A justification is required; the form comes back with the field marked.
    let short = ask(&mut pes_a, &slug, ORG_A, "pilne");
    assert_eq!(short.status, 422);
    let text = short.text();
    assert!(text.contains("href=\"#f-justification\""));
    assert!(text.contains(">pilne</textarea>"));

    let asked = ask(
        &mut pes_a,
        &slug,
        ORG_A,
        "Komputery dla uczestników kursu cyfrowego seniorów.",
    );
    assert_eq!(
        location(&asked),
        format!("/sprzet/{slug}?komunikat=wniosek-wyslany")
    );
    let twice = ask(&mut pes_a, &slug, ORG_A, "Jeszcze raz prosimy o laptopy.");
    assert_eq!(twice.status, 409, "one open request per organisation");
    assert!(twice.text().contains("ma już wniosek"));
    let asked = ask(
        &mut pes_b,
        &slug,
        ORG_B,
        "Laptopy do pracowni komputerowej fundacji.",
    );
    assert_eq!(asked.status, 303);
    let author_mails = wait_for_mails(&sink, STAFF, 2);
    assert!(
        author_mails
            .iter()
            .all(|m| m.contains("Nowy wniosek o sprzęt"))
    );

    // The donor side sees both justifications; the other representative does not.
    let donor_view = staff.get(&format!("/sprzet/{slug}")).text();
    assert!(donor_view.contains("kursu cyfrowego seniorów"));
    assert!(donor_view.contains("pracowni komputerowej fundacji"));
    assert!(
        !pes_b
            .get(&format!("/sprzet/{slug}"))
            .text()
            .contains("kursu cyfrowego")
    );
    assert_eq!(
        act(
            &mut pes_b,
            &slug,
            &format!("wnioski/{}/zatwierdz", open_request_id(&mut pes_a, &slug)),
            &[]
        )
        .status,
        403,
        "only the donor side decides"
    );

    let chosen = open_request_id(&mut pes_a, &slug);
    let approved = act(
        &mut staff,
        &slug,
        &format!("wnioski/{chosen}/zatwierdz"),
        &[],
    );
    assert_eq!(
        location(&approved),
        format!("/sprzet/{slug}?komunikat=zatwierdzono")
    );
    let json = item_json(&server, &slug);
    assert_eq!(json["status"], "zarezerwowany");
    assert_eq!(
        json["reserved_for"],
        "CISTOR Stowarzyszenie Partnerstwo Społeczne"
    );
    let to_a = wait_for_mails(&sink, PES_A, 1);
    assert!(to_a[0].contains("Wniosek zatwierdzony"), "{}", to_a[0]);
    assert!(to_a[0].contains("ul. Szeroka 12"), "the pickup place");
    let to_b = wait_for_mails(&sink, PES_B, 1);
    assert!(to_b[0].contains("nie został zatwierdzony"), "{}", to_b[0]);
    assert!(to_b[0].contains("inna organizacja"));
    let account_b = pes_b.get("/konto/sprzet").text();
    assert!(account_b.contains("Laptopy poleasingowe"));
    assert!(account_b.contains("odrzucony"));
    assert_eq!(
        ask(&mut pes_b, &slug, ORG_B, "A może jednak dla nas?").status,
        409,
        "a reserved item takes no requests"
    );
    let history = server.get(&format!("/sprzet/{slug}")).text();
    assert!(history.contains("zarezerwowano dla organizacji (CISTOR"));

    // A request may be withdrawn by its organisation only, and only while open.
    let (other, _) = add_item(&mut staff, &[("title", "Drukarka atramentowa")]);
    ask(
        &mut pes_a,
        &other,
        ORG_A,
        "Do drukowania materiałów na zajęcia.",
    );
    let id = open_request_id(&mut pes_a, &other);
    assert_eq!(
        act(&mut pes_b, &other, &format!("wnioski/{id}/wycofaj"), &[]).status,
        403
    );
    assert_eq!(
        act(&mut staff, &other, &format!("wnioski/{id}/wycofaj"), &[]).status,
        403
    );
    let withdrawn = act(&mut pes_a, &other, &format!("wnioski/{id}/wycofaj"), &[]);
    assert_eq!(
        location(&withdrawn),
        format!("/sprzet/{other}?komunikat=wniosek-wycofany")
    );
    let again = act(&mut pes_a, &other, &format!("wnioski/{id}/wycofaj"), &[]);
    assert_eq!(again.status, 409);
    assert!(pes_a.get("/konto/sprzet").text().contains("wycofany"));

    // The donor side may decline one request with a reason, which is mailed.
    ask(&mut pes_b, &other, ORG_B, "Drukarka do biura fundacji.");
    let id = open_request_id(&mut pes_b, &other);
    let declined = act(
        &mut staff,
        &other,
        &format!("wnioski/{id}/odrzuc"),
        &[("reason", "Drukarka jest już obiecana szkole.")],
    );
    assert_eq!(
        location(&declined),
        format!("/sprzet/{other}?komunikat=wniosek-odrzucony")
    );
    let to_b = wait_for_mails(&sink, PES_B, 2);
    assert!(
        to_b.iter()
            .any(|m| m.contains("Drukarka jest już obiecana szkole."))
    );
}

#[test]
fn reservations_are_cancelled_and_items_handed_over_and_returned() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut staff = signed_in(&server, STAFF);
    let mut pes = signed_in(&server, PES_A);
    let (slug, _) = add_item(
        &mut staff,
        &[
            ("title", "Namiot ekspresowy Zielony Piknik"),
            ("mode", "uzyczenie"),
            ("return_by", "2099-06-30"),
        ],
    );
    assert_eq!(item_json(&server, &slug)["return_by"], "2099-06-30");
    ask(&mut pes, &slug, ORG_A, "Na festyn rodzinny na Rubinkowie.");
    let id = open_request_id(&mut pes, &slug);
    act(&mut staff, &slug, &format!("wnioski/{id}/zatwierdz"), &[]);

    // The reserved organisation sees the pickup place; the donor side cancels.
    assert_eq!(act(&mut pes, &slug, "anuluj-rezerwacje", &[]).status, 403);
    let cancelled = act(
        &mut staff,
        &slug,
        "anuluj-rezerwacje",
        &[("cancel_reason", "Namiot uległ uszkodzeniu w magazynie.")],
    );
    assert_eq!(
        location(&cancelled),
        format!("/sprzet/{slug}?komunikat=rezerwacja-anulowana")
    );
    assert_eq!(item_json(&server, &slug)["status"], "dostepny");
    let mails = wait_for_mails(&sink, PES_A, 2);
    assert!(mails.iter().any(|m| m.contains("Rezerwacja anulowana")
        && m.contains("Namiot uległ uszkodzeniu w magazynie.")));

    // Asked and approved again; the handover needs a real past date and a protocol number.
    ask(
        &mut pes,
        &slug,
        ORG_A,
        "Jednak nadal potrzebujemy namiotu na festyn.",
    );
    let id = open_request_id(&mut pes, &slug);
    act(&mut staff, &slug, &format!("wnioski/{id}/zatwierdz"), &[]);
    assert_eq!(
        act(
            &mut pes,
            &slug,
            "przekazanie",
            &[("handover_date", "2026-01-10"), ("protocol", "PP/1/2026")]
        )
        .status,
        403
    );
    let bad = act(
        &mut staff,
        &slug,
        "przekazanie",
        &[("handover_date", "31.02.2026"), ("protocol", "")],
    );
    assert_eq!(bad.status, 422);
    let text = bad.text();
    assert!(text.contains("href=\"#f-handover_date\"") && text.contains("href=\"#f-protocol\""));
    assert!(
        text.contains("value=\"31.02.2026\""),
        "the value is shown again"
    );
    let future = act(
        &mut staff,
        &slug,
        "przekazanie",
        &[("handover_date", "2099-01-01"), ("protocol", "PP/7/2026")],
    );
    assert_eq!(future.status, 422);
    assert!(future.text().contains("nie może być w przyszłości"));
    let handed = act(
        &mut staff,
        &slug,
        "przekazanie",
        &[("handover_date", "2026-01-10"), ("protocol", "PP/7/2026")],
    );
    assert_eq!(
        location(&handed),
        format!("/sprzet/{slug}?komunikat=przekazano")
    );
    let json = item_json(&server, &slug);
    assert_eq!(json["status"], "przekazany");
    assert_eq!(json["handed_over_on"], "2026-01-10");
    assert_eq!(json["handover_protocol"], "PP/7/2026");
    assert!(
        server
            .get(&format!("/sprzet/{slug}"))
            .text()
            .contains("protokół PP/7/2026")
    );
    assert_eq!(
        api(&server, "q=zielony+piknik")["total"],
        0,
        "not current any more"
    );
    assert_eq!(
        api(&server, "q=zielony+piknik&status=przekazany")["total"],
        1
    );

    // The loan comes back (not before it was lent) and may be offered again.
    let early = act(&mut staff, &slug, "zwrot", &[("return_date", "2026-01-09")]);
    assert_eq!(early.status, 422);
    assert!(early.text().contains("href=\"#f-return_date\""));
    let back = act(&mut staff, &slug, "zwrot", &[("return_date", "2026-02-01")]);
    assert_eq!(
        location(&back),
        format!("/sprzet/{slug}?komunikat=zwrocono")
    );
    assert_eq!(item_json(&server, &slug)["status"], "zwrocony");
    assert_eq!(item_json(&server, &slug)["returned_on"], "2026-02-01");
    let again = act(&mut staff, &slug, "ponownie-dostepny", &[]);
    assert_eq!(
        location(&again),
        format!("/sprzet/{slug}?komunikat=dostepny")
    );
    assert_eq!(item_json(&server, &slug)["status"], "dostepny");
    let page = server.get(&format!("/sprzet/{slug}")).text();
    for step in [
        "zwrócono",
        "sprzęt znów jest dostępny",
        "anulowano rezerwację",
    ] {
        assert!(page.contains(step), "history: {step}");
    }

    // A transfer ends at the handover: no return.
    let (gift, _) = add_item(&mut staff, &[("title", "Szafa aktowa")]);
    ask(&mut pes, &gift, ORG_A, "Na dokumenty stowarzyszenia.");
    let id = open_request_id(&mut pes, &gift);
    act(&mut staff, &gift, &format!("wnioski/{id}/zatwierdz"), &[]);
    act(
        &mut staff,
        &gift,
        "przekazanie",
        &[("handover_date", "2026-03-02"), ("protocol", "PP/8/2026")],
    );
    let no_return = act(&mut staff, &gift, "zwrot", &[("return_date", "2026-03-05")]);
    assert_eq!(no_return.status, 409);
    assert!(no_return.text().contains("nie podlega zwrotowi"));
    assert_eq!(item_json(&server, &gift)["status"], "przekazany");
}

#[test]
fn authors_and_staff_edit_available_items_and_bad_input_is_shown_again() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut resident = signed_in(&server, RESIDENT);
    let mut staff = signed_in(&server, STAFF);
    let mut pes = signed_in(&server, PES_A);

    // A loan's return date must be in the future when the item is added.
    let past = resident.submit(
        "/sprzet/nowy",
        "/sprzet/nowy",
        &item_fields(&[("mode", "uzyczenie"), ("return_by", "2020-01-01")]),
    );
    assert_eq!(past.status, 422);
    assert!(past.text().contains("Data zwrotu musi być w przyszłości."));

    let (slug, _) = add_item(&mut resident, &[("title", "Fotelik samochodowy")]);
    let form = format!("/sprzet/{slug}/edycja");
    assert_eq!(
        resident.get(&form).status,
        200,
        "the author, while it waits"
    );
    assert_eq!(staff.get(&form).status, 200);
    assert_eq!(pes.get(&form).status, 404, "not public yet, not theirs");

    // Invalid input: every field marked, values shown again and escaped, nothing saved.
    let hostile = "<script>alert(1)</script>";
    let invalid = resident.submit(
        &form,
        &form,
        &item_fields(&[
            ("title", hostile),
            ("quantity", "0"),
            ("mode", "uzyczenie"),
            ("return_by", "jutro"),
            ("category", "samochody"),
        ]),
    );
    assert_eq!(invalid.status, 422);
    let text = invalid.text();
    for field in ["quantity", "return_by", "category"] {
        assert!(text.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!text.contains(hostile));
    assert!(text.contains("aria-invalid=\"true\""));

    let saved = resident.submit(
        &form,
        &form,
        &item_fields(&[("title", "Fotelik samochodowy 9–18 kg"), ("quantity", "2")]),
    );
    assert_eq!(
        location(&saved),
        format!("/sprzet/{slug}?komunikat=zapisano")
    );
    let page = resident
        .get(&format!("/sprzet/{slug}?komunikat=zapisano"))
        .text();
    assert!(page.contains("Fotelik samochodowy 9–18 kg"));
    assert!(page.contains("Zmiany zostały zapisane."));
    assert!(page.contains("zmieniono opis sprzętu"));

    // Once public, others still cannot edit; once reserved, nobody can.
    let queue = staff.get("/admin/sprzet").text();
    let id = item_json_id_from_queue(&queue, &slug);
    staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(pes.get(&form).status, 403);
    let mut pes_b = signed_in(&server, PES_B);
    assert_eq!(
        pes_b
            .submit(&format!("/sprzet/{slug}"), &form, &item_fields(&[]))
            .status,
        403
    );
    assert_eq!(resident.get(&form).status, 200);
    ask(&mut pes, &slug, ORG_A, "Dla rodziny, którą wspieramy.");
    let request = open_request_id(&mut pes, &slug);
    let by_author = act(
        &mut resident,
        &slug,
        &format!("wnioski/{request}/zatwierdz"),
        &[],
    );
    assert_eq!(
        location(&by_author),
        format!("/sprzet/{slug}?komunikat=zatwierdzono")
    );
    let locked = resident.get(&form);
    assert_eq!(
        location(&locked),
        format!("/sprzet/{slug}?komunikat=edycja-niedostepna")
    );
    let page = pes.get(&format!("/sprzet/{slug}")).text();
    assert!(
        page.contains("ul. Szeroka 12"),
        "the reserved organisation sees the address"
    );
}

#[test]
fn open_data_never_shows_a_private_donor() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut resident = signed_in(&server, RESIDENT);
    let (slug, _) = add_item(
        &mut resident,
        &[
            ("title", "Łóżeczko turystyczne"),
            ("person", "Zofia Tajemnicza"),
            ("pickup_address", "ul. Sekretna 7 m. 4"),
            ("pickup_district", "Mokre"),
        ],
    );
    let mut staff = signed_in(&server, STAFF);
    let queue = staff.get("/admin/sprzet").text();
    let id = item_json_id_from_queue(&queue, &slug);
    staff.submit(
        "/admin/sprzet",
        &format!("/admin/sprzet/{id}/zatwierdz"),
        &[],
    );

    let public = server.get(&format!("/sprzet/{slug}"));
    assert_eq!(public.status, 200);
    let html = public.text();
    assert!(html.contains("osoba prywatna"));
    assert!(html.contains("Mokre"));
    assert!(!html.contains("Tajemnicza") && !html.contains("Sekretna"));
    assert!(html.contains(&format!("/zapytania/nowe?rodzaj=sprzet&amp;id={id}")));
    let donor_view = staff.get(&format!("/sprzet/{slug}")).text();
    assert!(donor_view.contains("Zofia Tajemnicza") && donor_view.contains("ul. Sekretna 7"));

    let json = item_json(&server, &slug);
    assert_eq!(json["donor_name"], "osoba prywatna");
    assert_eq!(json["donor_kind"], "osoba-prywatna");
    assert!(json["pickup_address"].is_null());
    assert_eq!(item_json(&server, &id)["slug"], slug.as_str(), "by id too");
    let list = server.get("/api/v1/equipment?q=lozeczko").text();
    assert!(list.contains("Łóżeczko turystyczne"));
    assert!(!list.contains("Tajemnicza") && !list.contains("Sekretna"));
    assert_eq!(
        api(&server, "q=tajemnicza")["total"],
        0,
        "the name is not searchable"
    );

    let csv = server.get("/api/v1/equipment?format=csv&status=wszystkie");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("bank-sprzetu.csv")
    );
    let body = csv.text();
    assert!(body.starts_with('\u{feff}'));
    assert!(body.contains("nazwa;kategoria;stan techniczny;ilość"));
    assert!(body.contains("Łóżeczko turystyczne;"));
    assert!(body.contains(";osoba prywatna;Mokre;;"));
    assert!(!body.contains("Tajemnicza") && !body.contains("Sekretna"));
    let rows = body.lines().count() - 1;
    let all = api(&server, "status=wszystkie")["total"].as_u64().unwrap() as usize;
    assert_eq!(rows, all, "the whole filtered list");

    let feed = server.get("/sprzet.atom");
    assert_eq!(feed.status, 200);
    assert!(
        feed.header("content-type")
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text();
    assert!(xml.contains("<title>Łóżeczko turystyczne (przekazanie na własność)</title>"));
    assert!(xml.contains(&format!("{}/sprzet/{slug}\"/>", server.url(""))));
    assert!(!xml.contains("Tajemnicza") && !xml.contains("Sekretna"));
    assert!(xml.matches("<entry>").count() <= 50);
}
