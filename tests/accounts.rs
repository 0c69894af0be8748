//! Accounts through HTTP: registration with a real SMTP round trip, verification, log-in and
//! log-out, password reset, CSRF and rate limits.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, find_link};
use common::{Options, TestServer};
use pestor::domain::settings::{Settings, SmtpSecurity, SmtpSettings};
use pestor::store::Store;

const PASSWORD: &str = "zielony rower nad Wisłą";

/// A demo server whose outgoing mail goes to `sink`.
fn server_with_mail(sink: &SmtpSink) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        let settings = Settings {
            smtp: Some(SmtpSettings {
                host: sink.addr.ip().to_string(),
                port: sink.addr.port(),
                security: SmtpSecurity::None,
                user: String::new(),
                password: String::new(),
                sender_address: "pes@torun.example".to_string(),
                sender_name: "Platforma PES-TOR".to_string(),
            }),
            ..Settings::default()
        };
        store.save_settings(&settings, None).unwrap();
    }
    TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    })
}

fn register(client: &mut Client, email: &str, role: &str) -> common::HttpResponse {
    client.submit(
        "/konto/rejestracja",
        "/konto/rejestracja",
        &[
            ("role", role),
            ("name", "Anna Nowak"),
            ("email", email),
            ("password", PASSWORD),
            ("password_repeat", PASSWORD),
            ("terms", "tak"),
        ],
    )
}

fn log_in(client: &mut Client, email: &str, password: &str) -> common::HttpResponse {
    client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", password)],
    )
}

#[test]
fn register_verify_by_mail_log_in_and_out() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);

    let response = register(&mut client, "anna@example.pl", "pes");
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.text().contains("Sprawdź skrzynkę"));

    // Not verified yet: log-in refused with an explanation.
    let refused = log_in(&mut client, "anna@example.pl", PASSWORD);
    assert_eq!(refused.status, 401);
    assert!(refused.text().contains("potwierdź adres e-mail"));

    let mail = sink.wait_for(1, Duration::from_secs(20));
    assert_eq!(mail.len(), 1, "the verification mail arrived over SMTP");
    assert!(mail[0].contains("anna@example.pl"));
    let link = find_link(&mail[0], "/konto/weryfikacja").expect("verification link");
    let verified = client.get(&link);
    assert_eq!(verified.status, 200, "{}", verified.text());
    assert!(verified.text().contains("Konto jest aktywne"));
    // The link works once.
    assert_eq!(client.get(&link).status, 400);

    let wrong = log_in(&mut client, "anna@example.pl", "zupełnie inne hasło");
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .text()
            .contains("Nieprawidłowy adres e-mail lub hasło")
    );

    let ok = log_in(&mut client, "anna@example.pl", PASSWORD);
    assert_eq!(ok.status, 303, "{}", ok.text());
    assert!(client.has_cookie("pestor_sesja"));
    let cookie = ok
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("pestor_sesja"))
        .unwrap();
    assert!(cookie.1.contains("HttpOnly") && cookie.1.contains("SameSite"));
    let account = client.get("/konto");
    assert_eq!(account.status, 200);
    assert!(account.text().contains("anna@example.pl"));
    assert!(account.text().contains("Wyloguj się"));

    let html = account.text();
    let token = common::client::csrf_token(&html).unwrap();
    let out = client.post("/konto/wyloguj", &[("csrf", &token)]);
    assert_eq!(out.status, 303);
    let after = client.get("/konto");
    assert_eq!(
        after.status, 303,
        "signed out: /konto sends to the log-in page"
    );
    assert!(
        after
            .header("location")
            .unwrap()
            .starts_with("/konto/logowanie")
    );
}

#[test]
fn staff_accounts_wait_for_an_administrator() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);
    register(&mut client, "urzednik@torun.example", "urzad");
    let mail = sink.wait_for(1, Duration::from_secs(20));
    let link = find_link(&mail[0], "/konto/weryfikacja").unwrap();
    let page = client.get(&link).text();
    assert!(page.contains("zatwierdzi je administrator"));
    let refused = log_in(&mut client, "urzednik@torun.example", PASSWORD);
    assert_eq!(refused.status, 401);
    assert!(refused.text().contains("czeka na zatwierdzenie"));
}

#[test]
fn registration_form_is_shown_again_with_the_fields_marked() {
    let server = TestServer::start();
    let mut client = Client::new(server.addr);
    let response = client.submit(
        "/konto/rejestracja",
        "/konto/rejestracja",
        &[
            ("name", "A"),
            ("email", "to-nie-email"),
            ("password", "krótkie"),
            ("password_repeat", "inne"),
        ],
    );
    assert_eq!(response.status, 422);
    let html = response.text();
    for field in [
        "f-name",
        "f-email",
        "f-password",
        "f-password_repeat",
        "f-role",
        "f-terms",
    ] {
        assert!(
            html.contains(&format!("href=\"#{field}\"")),
            "{field} not in the error summary"
        );
    }
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("value=\"to-nie-email\""),
        "typed values are kept"
    );
    assert!(!html.contains("krótkie"), "passwords are never echoed");
    // A common password is refused even when long enough.
    let common = client.submit(
        "/konto/rejestracja",
        "/konto/rejestracja",
        &[
            ("role", "mieszkaniec"),
            ("name", "Jan Kowalski"),
            ("email", "jan@example.pl"),
            ("password", "qwerty12345"),
            ("password_repeat", "qwerty12345"),
            ("terms", "tak"),
        ],
    );
    assert_eq!(common.status, 422);
}

#[test]
fn forms_without_a_valid_csrf_token_or_from_another_site_are_refused() {
    let server = TestServer::start();
    let mut client = Client::new(server.addr);
    client.get("/konto/logowanie");
    let missing = client.post(
        "/konto/logowanie",
        &[("email", "a@example.pl"), ("password", "x")],
    );
    assert_eq!(missing.status, 403);
    assert!(missing.text().contains("Formularz wygasł"));
    let wrong = client.post(
        "/konto/logowanie",
        &[("email", "a@example.pl"), ("password", "x"), ("csrf", "0")],
    );
    assert_eq!(wrong.status, 403);
    // The right token but sent from another site.
    let page = client.get("/konto/logowanie").text();
    let token = common::client::csrf_token(&page).unwrap();
    let body = format!("email=a%40example.pl&password=x&csrf={token}");
    let cookie = format!("pestor_csrf={token}");
    let cross = server.request(
        "POST",
        "/konto/logowanie",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &cookie),
            ("Origin", "https://evil.example"),
        ],
        body.as_bytes(),
    );
    assert_eq!(cross.status, 403);
}

#[test]
fn password_reset_never_reveals_accounts_and_links_work_once() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);
    register(&mut client, "basia@example.pl", "mieszkaniec");
    let verification = sink.wait_for(1, Duration::from_secs(20));
    client.get(&find_link(&verification[0], "/konto/weryfikacja").unwrap());

    let unknown = client.submit(
        "/konto/haslo",
        "/konto/haslo",
        &[("email", "nikt@example.pl")],
    );
    let known = client.submit(
        "/konto/haslo",
        "/konto/haslo",
        &[("email", "basia@example.pl")],
    );
    assert_eq!(unknown.status, known.status);
    let notice = "Jeśli na platformie jest konto z tym adresem";
    assert!(unknown.text().contains(notice) && known.text().contains(notice));

    let mail = sink.wait_for(2, Duration::from_secs(20));
    assert_eq!(mail.len(), 2, "only the existing account got a reset mail");
    let link = find_link(&mail[1], "/konto/nowe-haslo").expect("reset link");
    let new_password = "nowe hasło nad Drwęcą";
    let form = client.get(&link);
    assert_eq!(form.status, 200);
    let token = link.split("token=").nth(1).unwrap().to_string();
    let set = client.submit(
        &link,
        "/konto/nowe-haslo",
        &[
            ("token", &token),
            ("password", new_password),
            ("password_repeat", new_password),
        ],
    );
    assert_eq!(set.status, 303, "{}", set.text());
    // Used: the link no longer opens and cannot be replayed.
    assert_eq!(client.get(&link).status, 400);
    assert_eq!(
        log_in(&mut client, "basia@example.pl", PASSWORD).status,
        401
    );
    assert_eq!(
        log_in(&mut client, "basia@example.pl", new_password).status,
        303
    );
}

#[test]
fn repeated_log_in_attempts_are_rate_limited_in_polish() {
    let server = TestServer::start();
    let mut client = Client::new(server.addr);
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(log_in(&mut client, "ktos@example.pl", "złe hasło 123").status);
    }
    assert!(statuses[..5].iter().all(|s| *s == 401), "{statuses:?}");
    let limited = log_in(&mut client, "ktos@example.pl", "złe hasło 123");
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").is_some());
    assert!(limited.text().contains("Spróbuj ponownie za"));
}

#[test]
fn signed_in_pages_need_an_account() {
    let server = TestServer::start();
    let mut client = Client::new(server.addr);
    for path in ["/konto", "/konto/moje-dane"] {
        let response = client.get(path);
        assert_eq!(response.status, 303, "{path}");
        assert!(
            response
                .header("location")
                .unwrap()
                .starts_with("/konto/logowanie?dalej=")
        );
    }
    let post = client.post("/konto/wyloguj-wszedzie", &[("csrf", "x")]);
    assert_eq!(post.status, 403);
    // Browsing sets no cookie; only form pages do.
    let mut browser = Client::new(server.addr);
    browser.get("/podmioty");
    assert!(!browser.has_cookie("pestor_csrf"));
    browser.get("/konto/logowanie");
    assert!(browser.has_cookie("pestor_csrf"));
}
