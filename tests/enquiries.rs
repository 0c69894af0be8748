//! Enquiries through HTTP on demo data, with a real SMTP round trip: a resident asks about an
//! offer, the organisation's representative answers from the inbox, a visitor without an
//! account asks and follows the conversation by the secret link; strangers see nothing.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{TestServer, request};

const WAIT: Duration = Duration::from_secs(10);
const PES: (&str, &str) = ("pes@pes-tor.example", "spoldzielnia-socjalna-14");
const RESIDENT: (&str, &str) = ("mieszkaniec@pes-tor.example", "spacer-nad-wisla-100");

fn signed_in(server: &TestServer, (email, password): (&str, &str), ip: &str) -> Client {
    let mut client = Client::from_address(server.addr, ip);
    let response = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", password)],
    );
    assert_eq!(response.status, 303, "log-in as {email}");
    client
}

/// A published demo offer of the organisation the demo PES account represents.
fn offer_of_the_demo_representative(server: &TestServer) -> (u64, String) {
    let list = server.get("/api/v1/offers?per_page=100").json();
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["organization"]["name"]
                .as_str()
                .unwrap_or("")
                .starts_with("CISTOR")
        })
        .expect("a published offer of CISTOR")
        .clone();
    (
        item["id"].as_u64().unwrap(),
        item["title"].as_str().unwrap().to_string(),
    )
}

/// The link to a conversation in a mail (`…/zapytania/{id}?klucz=…`).
fn conversation_link(mail: &str) -> Option<String> {
    let text = decode_quoted_printable(mail);
    let at = text.find("/zapytania/")?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || "/?=".contains(c)))
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

fn path_of(link: &str) -> String {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    after_scheme[after_scheme.find('/').unwrap_or(0)..].to_string()
}

/// The messages the sink got for `to` (their decoded text).
fn mails_to(sink: &SmtpSink, to: &str) -> Vec<String> {
    sink.messages()
        .into_iter()
        .filter(|m| m.contains(&format!("To: {to}")))
        .collect()
}

fn wait_for_mail_to(sink: &SmtpSink, to: &str, count: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let mails = mails_to(sink, to);
        if mails.len() >= count || std::time::Instant::now() > deadline {
            return mails;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_resident_asks_and_the_representative_answers_from_the_inbox() {
    let sink = SmtpSink::start();
    let server = common::accounts::demo_server_with_mail(&sink);
    let (offer, title) = offer_of_the_demo_representative(&server);

    let mut resident = signed_in(&server, RESIDENT, "203.0.113.1");
    let form = resident.get(&format!("/zapytania/nowe?rodzaj=oferta&id={offer}"));
    assert_eq!(form.status, 200);
    assert!(form.text().contains(&title));
    assert!(
        !form.text().contains("name=\"email\""),
        "an account needs no address"
    );

    let empty = resident.submit(
        &format!("/zapytania/nowe?rodzaj=oferta&id={offer}"),
        "/zapytania/nowe",
        &[
            ("rodzaj", "oferta"),
            ("id", &offer.to_string()),
            ("tresc", " "),
        ],
    );
    assert_eq!(empty.status, 200);
    assert!(empty.text().contains("Napisz treść wiadomości."));

    let sent = resident.submit(
        &format!("/zapytania/nowe?rodzaj=oferta&id={offer}"),
        "/zapytania/nowe",
        &[
            ("rodzaj", "oferta"),
            ("id", &offer.to_string()),
            (
                "tresc",
                "Czy przygotujecie obiad dla 40 osób 12 grudnia?\nPozdrawiam",
            ),
        ],
    );
    assert_eq!(sent.status, 303);
    let thread = sent.header("location").unwrap().to_string();
    assert!(thread.starts_with("/zapytania/"), "{thread}");
    let page = resident.get(&thread).text();
    assert!(
        page.contains("Czy przygotujecie obiad dla 40 osób"),
        "{page}"
    );

    // The representative is told by e-mail, with the inbox link.
    let mails = wait_for_mail_to(&sink, PES.0, 1);
    assert_eq!(mails.len(), 1);
    let mail = decode_quoted_printable(&mails[0]);
    assert!(
        mail.contains("Czy przygotujecie obiad dla 40 osób"),
        "{mail}"
    );
    assert!(mail.contains(&thread), "{mail}");

    let mut representative = signed_in(&server, PES, "203.0.113.2");
    let inbox = representative.get("/zapytania").text();
    assert!(
        inbox.contains(&title) && inbox.contains("nowa wiadomość"),
        "{inbox}"
    );
    let reply = representative.submit(
        &thread,
        &thread,
        &[("tresc", "Tak, zapraszamy — cena 35 zł za osobę.")],
    );
    assert_eq!(reply.status, 303);
    let after = representative.get("/zapytania").text();
    assert!(!after.contains("nowa wiadomość"), "read after replying");

    let mails = wait_for_mail_to(&sink, RESIDENT.0, 1);
    assert_eq!(mails.len(), 1);
    assert!(decode_quoted_printable(&mails[0]).contains("cena 35 zł za osobę"));
    assert!(resident.get("/zapytania").text().contains("nowa wiadomość"));

    // Nobody else sees the conversation, whoever they are.
    let mut stranger = Client::new(server.addr);
    assert_eq!(stranger.get(&thread).status, 404);
    let mut other = signed_in(
        &server,
        ("urzednik@pes-tor.example", "pieczatka-i-teczka-87"),
        "203.0.113.3",
    );
    assert_eq!(other.get(&thread).status, 404);
    assert_eq!(
        other
            .get(&format!("{thread}?klucz={}", "a".repeat(64)))
            .status,
        404
    );
}

#[test]
fn a_visitor_without_an_account_asks_and_follows_the_answer_by_the_secret_link() {
    let sink = SmtpSink::start();
    let server = common::accounts::demo_server_with_mail(&sink);
    let (offer, _) = offer_of_the_demo_representative(&server);
    let mut visitor = Client::from_address(server.addr, "198.51.100.7");
    let form = format!("/zapytania/nowe?rodzaj=oferta&id={offer}");

    let wrong = visitor.submit(
        &form,
        "/zapytania/nowe",
        &[
            ("rodzaj", "oferta"),
            ("id", &offer.to_string()),
            ("tresc", "Ile kosztuje?"),
        ],
    );
    let text = wrong.text();
    assert!(
        text.contains("Podaj imię") && text.contains("Podaj adres e-mail"),
        "{text}"
    );

    let sent = visitor.submit(
        &form,
        "/zapytania/nowe",
        &[
            ("rodzaj", "oferta"),
            ("id", &offer.to_string()),
            ("imie", "Maria <b>Kowalska</b>"),
            ("email", "maria@example.pl"),
            ("tresc", "Ile kosztuje catering na 20 osób?"),
        ],
    );
    assert_eq!(sent.status, 200);
    assert!(sent.text().contains("maria@example.pl"));

    let mine = wait_for_mail_to(&sink, "maria@example.pl", 1);
    let link = conversation_link(&mine[0]).expect("the secret link");
    assert!(link.contains("klucz="), "{link}");
    let theirs = wait_for_mail_to(&sink, PES.0, 1);
    assert!(decode_quoted_printable(&theirs[0]).contains("Maria <b>Kowalska</b> zadaje pytanie"));

    // The representative answers; the visitor gets it by e-mail and replies by the link from
    // another browser, without an account.
    let thread = path_of(&link);
    let thread_path = thread.split('?').next().unwrap().to_string();
    let mut representative = signed_in(&server, PES, "203.0.113.4");
    let page = representative.get(&thread_path).text();
    assert!(
        page.contains("Maria &lt;b&gt;Kowalska&lt;/b&gt;"),
        "escaped: {page}"
    );
    representative.submit(
        &thread_path,
        &thread_path,
        &[("tresc", "Dla 20 osób: 700 zł.")],
    );
    let mine = wait_for_mail_to(&sink, "maria@example.pl", 2);
    assert!(decode_quoted_printable(&mine[1]).contains("700 zł"));

    let mut phone = Client::from_address(server.addr, "198.51.100.8");
    let page = phone.get(&thread);
    assert_eq!(page.status, 200);
    let key = thread.split("klucz=").nth(1).unwrap().to_string();
    let reply = phone.submit(
        &thread,
        &thread_path,
        &[("klucz", key.as_str()), ("tresc", "Dziękuję, zamawiam.")],
    );
    assert_eq!(reply.status, 303);
    assert!(reply.header("location").unwrap().contains("klucz="));
    let theirs = wait_for_mail_to(&sink, PES.0, 2);
    assert!(decode_quoted_printable(&theirs[1]).contains("Dziękuję, zamawiam."));
    // Without the key the same browser sees nothing.
    assert_eq!(phone.get(&thread_path).status, 404);
}

#[test]
fn unknown_listings_are_not_found_and_visitors_are_limited() {
    let server = TestServer::start();
    for path in [
        "/zapytania/nowe?rodzaj=oferta&id=999999",
        "/zapytania/nowe?rodzaj=cokolwiek&id=1",
        "/zapytania/nowe?rodzaj=oferta&id=abc",
        "/zapytania/nowe",
        "/zapytania/123456",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    assert_eq!(
        request(server.addr, "GET", "/zapytania", &[], b"").status,
        303,
        "the inbox needs an account"
    );
    let (offer, _) = offer_of_the_demo_representative(&server);
    let form = format!("/zapytania/nowe?rodzaj=oferta&id={offer}");
    let mut statuses = Vec::new();
    for n in 0..6 {
        let mut visitor = Client::from_address(server.addr, &format!("192.0.2.{}", 50 + n));
        let response = visitor.submit(
            &form,
            "/zapytania/nowe",
            &[
                ("rodzaj", "oferta"),
                ("id", &offer.to_string()),
                ("imie", "Jan"),
                ("email", "jan@example.pl"),
                ("tresc", "Pytanie o termin."),
            ],
        );
        statuses.push(response.status);
    }
    assert_eq!(
        statuses,
        vec![200, 200, 200, 200, 200, 429],
        "five an hour per address"
    );
}

#[test]
fn questions_about_equipment_and_needs_reach_whoever_stands_behind_them() {
    let server = TestServer::start();
    let mut resident = signed_in(&server, RESIDENT, "203.0.113.9");
    for (kind, api) in [
        ("sprzet", "/api/v1/equipment"),
        ("potrzeba", "/api/v1/needs"),
    ] {
        let first = &server.get(&format!("{api}?per_page=1")).json()["items"][0];
        let id = first["id"].as_u64().unwrap().to_string();
        let title = first["title"].as_str().unwrap().to_string();
        let form = format!("/zapytania/nowe?rodzaj={kind}&id={id}");
        let sent = resident.submit(
            &form,
            "/zapytania/nowe",
            &[
                ("rodzaj", kind),
                ("id", &id),
                ("tresc", "Kiedy można odebrać?"),
            ],
        );
        assert_eq!(sent.status, 303, "{kind}: {}", sent.text());
        let thread = resident.get(sent.header("location").unwrap()).text();
        assert!(
            thread.contains(&title.replace('"', "&quot;")),
            "{kind}: {thread}"
        );
        let with = thread
            .split("Rozmowa z: ")
            .nth(1)
            .and_then(|rest| rest.split('.').next())
            .unwrap_or("");
        assert!(!with.trim().is_empty(), "{kind}: someone answers");
    }
}
