//! Subscriptions through HTTP: the form, double opt-in with a real SMTP round trip, settings
//! and one-click unsubscribe by the link's key alone, refusals and rate limits. New listings
//! reaching subscribers are checked with the registers that publish them (tests/offers.rs).

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable, find_link};
use common::{HttpResponse, Options, TestServer, request};
use pestor::store::Store;

const WAIT: Duration = Duration::from_secs(10);

fn subscribe(client: &mut Client, email: &str, fields: &[(&str, &str)]) -> HttpResponse {
    let mut all = vec![("email", email)];
    all.extend_from_slice(fields);
    client.submit("/subskrypcje", "/subskrypcje", &all)
}

/// The path and query of an absolute link from a mail.
fn path_of(link: &str) -> String {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    after_scheme[after_scheme.find('/').unwrap_or(0)..].to_string()
}

#[test]
fn a_subscription_starts_only_after_the_address_is_confirmed_and_ends_with_one_click() {
    let sink = SmtpSink::start();
    let server = common::accounts::demo_server_with_mail(&sink);
    let mut client = Client::new(server.addr);

    let form = client.get("/subskrypcje").text();
    assert!(
        form.contains("Gastronomia") && form.contains("Bank sprzętu"),
        "{form}"
    );

    let response = subscribe(
        &mut client,
        "Anna.Nowak@Example.PL",
        &[
            ("rejestr", "oferta"),
            ("kategoria-oferta", "gastronomia"),
            ("rejestr", "sprzet"),
            ("czestotliwosc", "od-razu"),
        ],
    );
    assert_eq!(response.status, 200);
    assert!(response.text().contains("anna.nowak@example.pl"));

    let mails = sink.wait_for(1, WAIT);
    let mail = decode_quoted_printable(&mails[0]);
    assert!(mail.contains("Produkty i usługi (Gastronomia)"), "{mail}");
    assert!(
        !mail.contains("List-Unsubscribe"),
        "nothing to leave before confirming"
    );
    let confirm = find_link(&mails[0], "/subskrypcje/potwierdz").expect("confirmation link");

    let confirmed = client.get(&path_of(&confirm));
    assert_eq!(confirmed.status, 200);
    let page = confirmed.text();
    assert!(page.contains("Subskrypcja potwierdzona"), "{page}");
    assert_eq!(
        client.get(&path_of(&confirm)).status,
        400,
        "a link works once"
    );

    // The settings page works from another browser with the key alone.
    let key_at = page.find("name=\"klucz\" value=\"").unwrap() + "name=\"klucz\" value=\"".len();
    let key = page[key_at..key_at + 64].to_string();
    let mut stranger = Client::new(server.addr);
    let settings = stranger.get(&format!("/subskrypcje/ustawienia?klucz={key}"));
    assert_eq!(settings.status, 200);
    assert!(settings.text().contains("anna.nowak@example.pl"));

    // Changing settings keeps the address and needs no session.
    let changed = stranger.post(
        "/subskrypcje/ustawienia",
        &[
            ("klucz", key.as_str()),
            ("rejestr", "potrzeba"),
            ("czestotliwosc", "raz-dziennie"),
        ],
    );
    assert_eq!(changed.status, 200);
    let text = changed.text();
    assert!(text.contains("Zapisano"), "{text}");

    // Opening the unsubscribe link only asks; the mail program's one-click POST does it,
    // without cookies or a CSRF token (RFC 8058).
    let ask = request(
        server.addr,
        "GET",
        &format!("/subskrypcje/wypisz?klucz={key}"),
        &[],
        b"",
    );
    assert_eq!(ask.status, 200);
    assert!(ask.text().contains("Tak, wypisz mnie"));
    let one_click = request(
        server.addr,
        "POST",
        &format!("/subskrypcje/wypisz?klucz={key}"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"List-Unsubscribe=One-Click",
    );
    assert_eq!(one_click.status, 200);
    assert!(one_click.text().contains("Nie będziemy już wysyłać"));
    let gone = stranger.get(&format!("/subskrypcje/ustawienia?klucz={key}"));
    assert_eq!(gone.status, 404);
    let again = request(
        server.addr,
        "POST",
        &format!("/subskrypcje/wypisz?klucz={key}"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"List-Unsubscribe=One-Click",
    );
    assert_eq!(again.status, 200, "leaving twice is not an error");
}

/// A demo server with mail to `sink` and the test hooks on (the digest at a chosen moment).
fn demo_server_with_hooks(sink: &SmtpSink) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        store
            .save_settings(&common::accounts::settings_with_sink(sink), None)
            .unwrap();
    }
    TestServer::start_with(Options {
        data: Some(data),
        env: vec![("PESTOR_TEST_HOOKS".to_string(), "1".to_string())],
        ..Options::default()
    })
}

/// Subscribes `email` with `fields` and opens the confirmation link from the mail number
/// `mail_number` (counting from 1) the sink got.
fn subscribe_and_confirm(
    server: &TestServer,
    sink: &SmtpSink,
    email: &str,
    fields: &[(&str, &str)],
    mail_number: usize,
) {
    let mut client = Client::new(server.addr);
    assert_eq!(subscribe(&mut client, email, fields).status, 200);
    let mails = sink.wait_for(mail_number, WAIT);
    let confirm = find_link(&mails[mail_number - 1], "/subskrypcje/potwierdz").unwrap();
    assert_eq!(client.get(&path_of(&confirm)).status, 200);
}

/// The demo representative of CISTOR publishes a new offer in catering; returns its title.
fn publish_an_offer(server: &TestServer, title: &str) {
    let mut pes = Client::new(server.addr);
    let response = pes.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[
            ("email", "pes@pes-tor.example"),
            ("password", "spoldzielnia-socjalna-14"),
        ],
    );
    assert_eq!(response.status, 303);
    let org = server.get("/api/v1/organizations?q=cistor").json()["items"][0]["slug"]
        .as_str()
        .unwrap()
        .to_string();
    let response = pes.submit(
        &format!("/oferty/nowa?podmiot={org}"),
        "/oferty/nowa",
        &[
            ("organization", org.as_str()),
            ("title", title),
            ("category", "gastronomia/catering"),
            (
                "description",
                "Obiady dwudaniowe z dowozem dla grup do 60 osób.",
            ),
            ("price_kind", "kwota"),
            ("gross", "32,50"),
            ("net", ""),
            ("unit", "za-osobe"),
            ("audience", "gmina"),
            ("area_served", "Toruń"),
            ("po_zapisie", "opublikuj"),
        ],
    );
    assert_eq!(response.status, 303, "{}", response.text());
}

#[test]
fn subscribers_hear_of_new_offers_at_once_or_in_the_morning_digest() {
    let sink = SmtpSink::start();
    let server = demo_server_with_hooks(&sink);
    subscribe_and_confirm(
        &server,
        &sink,
        "od-razu@example.pl",
        &[
            ("rejestr", "oferta"),
            ("kategoria-oferta", "gastronomia"),
            ("czestotliwosc", "od-razu"),
        ],
        1,
    );
    subscribe_and_confirm(
        &server,
        &sink,
        "rano@example.pl",
        &[("rejestr", "oferta"), ("czestotliwosc", "raz-dziennie")],
        2,
    );
    subscribe_and_confirm(
        &server,
        &sink,
        "tylko-opieka@example.pl",
        &[
            ("rejestr", "oferta"),
            ("kategoria-oferta", "opieka"),
            ("czestotliwosc", "od-razu"),
        ],
        3,
    );

    publish_an_offer(&server, "Obiady dla seniorów z dowozem");
    let mails = sink.wait_for(4, WAIT);
    let instant = &mails[3];
    assert!(instant.contains("To: od-razu@example.pl"), "{instant}");
    let text = decode_quoted_printable(instant);
    assert!(text.contains("Obiady dla seniorów z dowozem"), "{text}");
    assert!(text.contains("List-Unsubscribe: <http://"), "{text}");
    assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // The morning digest, run as if it were tomorrow at 8:00, goes to the daily subscriber only.
    let tomorrow = pestor::domain::now() + 24 * 3600;
    let ran = server.get(&format!("/__test/zestawienia?teraz={tomorrow}"));
    assert_eq!(ran.text(), "1");
    let mails = sink.wait_for(5, WAIT);
    let digest = decode_quoted_printable(&mails[4]);
    assert!(digest.contains("To: rano@example.pl"), "{digest}");
    assert!(digest.contains("Obiady dla seniorów z dowozem"), "{digest}");
    assert!(digest.contains("Produkty i usługi:"), "{digest}");
    let again = server.get(&format!("/__test/zestawienia?teraz={}", tomorrow + 60));
    assert_eq!(again.text(), "0", "one digest a day");

    // One click in the mail program, and the next offer reaches nobody on that address.
    // Headers are read raw (not quoted-printable) and unfolded, as a mail program does.
    let unfolded = instant.replace("\r\n ", " ").replace("\r\n\t", " ");
    let unsubscribe: String = unfolded
        .split("List-Unsubscribe: <")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap()
        .split_whitespace()
        .collect();
    let done = request(
        server.addr,
        "POST",
        &path_of(&unsubscribe),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"List-Unsubscribe=One-Click",
    );
    assert_eq!(done.status, 200);
    publish_an_offer(&server, "Catering na festyn");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        sink.messages().len(),
        5,
        "nobody else wants catering at once"
    );
}

#[test]
fn a_wrong_form_is_shown_again_with_the_fields_marked_and_keys_cannot_be_guessed() {
    let server = common::shared_server();
    let mut client = Client::new(server.addr);
    let response = subscribe(
        &mut client,
        "nie-adres",
        &[
            ("kategoria-oferta", "gastronomia"),
            ("czestotliwosc", "co-minute"),
        ],
    );
    assert_eq!(response.status, 200);
    let page = response.text();
    assert!(page.contains("Popraw 3 błędy"), "{page}");
    assert!(page.contains("value=\"nie-adres\""), "the address is kept");
    assert!(page.contains("Zaznacz co najmniej jeden rejestr"));
    assert!(page.contains("aria-invalid=\"true\""));

    let unknown = "0".repeat(64);
    for path in [
        format!("/subskrypcje/ustawienia?klucz={unknown}"),
        "/subskrypcje/ustawienia?klucz=../../etc".to_string(),
        "/subskrypcje/wypisz?klucz=".to_string(),
    ] {
        assert_eq!(client.get(&path).status, 404, "{path}");
    }
    assert_eq!(client.get("/subskrypcje/potwierdz?token=zly").status, 400);
}

#[test]
fn confirmations_to_one_address_are_limited_without_saying_so() {
    let sink = SmtpSink::start();
    let server = common::accounts::demo_server_with_mail(&sink);
    for n in 0..5 {
        let mut client = Client::from_address(server.addr, &format!("198.51.100.{n}"));
        let response = subscribe(
            &mut client,
            "ola@example.pl",
            &[("rejestr", "potrzeba"), ("czestotliwosc", "raz-dziennie")],
        );
        assert_eq!(response.status, 200);
        assert!(response.text().contains("Sprawdź skrzynkę"));
    }
    sink.wait_for(3, WAIT);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        sink.messages().len(),
        3,
        "three confirmations an hour to one address"
    );
}
