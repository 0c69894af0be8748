//! Accounts through HTTP: registration with a real SMTP round trip, verification, log-in and
//! log-out, password reset, CSRF and rate limits.

mod common;

use std::time::Duration;

use common::client::Client;
use common::smtp::{SmtpSink, decode_quoted_printable, find_link};
use common::{Options, TestServer};
use pestor::store::Store;

const PASSWORD: &str = "zielony rower nad Wisłą";

/// A demo server whose outgoing mail goes to `sink`.
fn server_with_mail(sink: &SmtpSink) -> TestServer {
    common::accounts::demo_server_with_mail(sink)
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

// ---------------------------------------------------------------------------------------------
// Accounts from the command line, demo accounts, change of address, deletion.

/// Runs `pestor` with `args` and `stdin` piped in; returns (success, stderr + stdout).
fn pestor_with_input(args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pestor"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pestor");
    {
        let mut input = child.stdin.take().expect("stdin");
        // The command may refuse before it reads anything; a closed pipe is fine then.
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output().expect("wait for pestor");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

#[test]
fn user_add_on_the_command_line_creates_an_active_account_that_can_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let add = |email: &str, password: &str| {
        pestor_with_input(
            &[
                "user",
                "add",
                "--role",
                "admin",
                "--email",
                email,
                "--name",
                "Jan Kowalski",
                "--data",
                &data,
            ],
            &format!("{password}\n"),
        )
    };
    let (ok, message) = add("szef@torun.example", PASSWORD);
    assert!(!ok, "an instance that was never initialised is refused");
    assert!(message.contains("pestor init"), "{message}");

    let (ok, message) = pestor_with_input(&["init", "--data", &data], "");
    assert!(ok, "{message}");
    let (ok, message) = add(" Szef@Torun.EXAMPLE ", PASSWORD);
    assert!(ok, "{message}");
    assert!(
        message.contains("Utworzono konto: szef@torun.example"),
        "{message}"
    );

    let (ok, message) = add("szef@torun.example", "zupełnie inne długie hasło");
    assert!(!ok, "a second account with the same address is refused");
    assert!(message.contains("już istnieje"), "{message}");
    assert!(message.contains("nic nie zmieniono"), "{message}");

    let (ok, message) = add("drugi@torun.example", "qwerty12345");
    assert!(!ok, "a common password is refused");
    assert!(message.contains("zbyt popularne"), "{message}");
    let (ok, message) = add("drugi@torun.example", "krótkie");
    assert!(!ok, "a short password is refused");
    assert!(message.contains("co najmniej 10 znaków"), "{message}");
    let (ok, message) = add("drugi@torun.example", "");
    assert!(!ok, "an empty password is refused");
    assert!(message.contains("nie podano hasła"), "{message}");
    let (ok, message) = pestor_with_input(
        &[
            "user",
            "add",
            "--role",
            "pes",
            "--email",
            "to-nie-adres",
            "--name",
            "Anna Nowak",
            "--data",
            &data,
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok);
    assert!(message.contains("adres e-mail"), "{message}");

    let (ok, list) = pestor_with_input(&["user", "list", "--data", &data], "");
    assert!(ok, "{list}");
    assert!(list.contains("szef@torun.example"), "{list}");
    assert!(
        list.contains("administrator") && list.contains("aktywne"),
        "{list}"
    );
    assert!(!list.contains("drugi@torun.example"), "{list}");
    assert!(list.contains("Razem: 1 konto."), "{list}");

    // The account works on the server, and the server's lock keeps the command out meanwhile.
    let server = TestServer::start_with(Options {
        data: Some(dir),
        ..Options::default()
    });
    let (ok, message) = pestor_with_input(
        &[
            "user",
            "list",
            "--data",
            server.data_path().to_str().unwrap(),
        ],
        "",
    );
    assert!(!ok, "the data directory is in use: {message}");
    let mut client = Client::new(server.addr);
    assert_eq!(
        log_in(&mut client, "szef@torun.example", PASSWORD).status,
        303
    );
    let account = client.get("/konto").text();
    assert!(account.contains("Administrator platformy"), "{account}");
}

/// A server started by hand, to read everything it prints at start. Killed when dropped.
struct PrintingServer {
    child: std::process::Child,
    addr: std::net::SocketAddr,
    banner: Vec<String>,
}

impl PrintingServer {
    fn start(data: &std::path::Path) -> PrintingServer {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_pestor"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pestor");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut banner = Vec::new();
        loop {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the banner ends with the Ctrl+C hint within 60 s");
            let done = line.contains("Ctrl+C");
            banner.push(line);
            if done {
                break;
            }
        }
        // Keep draining, so the server never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        let first = &banner[0];
        let start = first.find("http://").expect("address line") + "http://".len();
        let addr = first[start..]
            .trim_end_matches('/')
            .parse()
            .expect("address");
        PrintingServer {
            child,
            addr,
            banner,
        }
    }

    /// (e-mail, password) of each "e-mail / password" line of the banner.
    fn demo_logins(&self) -> Vec<(String, String)> {
        self.banner
            .iter()
            .filter_map(|line| {
                let (left, password) = line.split_once(" / ")?;
                let email = left.split_whitespace().last()?;
                email
                    .contains('@')
                    .then(|| (email.to_string(), password.trim().to_string()))
            })
            .collect()
    }
}

impl Drop for PrintingServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn demo_log_ins_are_printed_at_first_start_and_work_for_every_role() {
    let dir = tempfile::tempdir().unwrap();
    let server = PrintingServer::start(dir.path());
    let banner = server.banner.join("\n");
    assert!(banner.contains("konta demonstracyjne"), "{banner}");
    let logins = server.demo_logins();
    assert_eq!(logins.len(), 4, "one per role: {banner}");
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    for (email, password) in &logins {
        let row = format!("`{email}` | `{password}`");
        assert!(readme.contains(&row), "the README lists {row}");
    }
    let expected_roles = [
        "Administrator platformy",
        "Pracownik urzędu",
        "Przedstawiciel podmiotu ekonomii społecznej",
        "Osoba fizyczna",
    ];
    for ((email, password), role) in logins.iter().zip(expected_roles) {
        assert!(email.ends_with(".example"), "{email}");
        let mut client = Client::new(server.addr);
        let response = log_in(&mut client, email, password);
        assert_eq!(response.status, 303, "{email}: {}", response.text());
        let account = client.get("/konto").text();
        assert!(account.contains(role), "{email} is not {role}");
        if role.starts_with("Przedstawiciel") {
            assert!(account.contains("Reprezentowane organizacje"), "{account}");
            assert!(
                account.contains("CISTOR"),
                "represents the first organisation"
            );
        }
    }

    // The only administrator cannot delete their account and leave the platform without one.
    let (email, password) = &logins[0];
    let mut admin = Client::new(server.addr);
    log_in(&mut admin, email, password);
    let refused = admin.submit(
        "/konto",
        "/konto/usun",
        &[("delete_password", password), ("delete_confirm", "tak")],
    );
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("jedynego konta administratora"));

    // The accounts are there after a restart, and so is the list of log-ins.
    drop(server);
    let again = PrintingServer::start(dir.path());
    assert_eq!(again.demo_logins().len(), 4, "{}", again.banner.join("\n"));
    assert!(!again.banner.join("\n").contains("pierwszy start"));
}

/// Whether the raw message was addressed to `address`.
fn addressed_to(message: &str, address: &str) -> bool {
    message
        .lines()
        .any(|line| line.to_ascii_lowercase().starts_with("to:") && line.contains(address))
}

#[test]
fn change_of_address_is_confirmed_from_the_new_mailbox_and_the_old_one_is_told() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);
    register(&mut client, "stary@example.pl", "mieszkaniec");
    let mail = sink.wait_for(1, Duration::from_secs(20));
    client.get(&find_link(&mail[0], "/konto/weryfikacja").unwrap());
    assert_eq!(
        log_in(&mut client, "stary@example.pl", PASSWORD).status,
        303
    );

    let wrong = client.submit(
        "/konto",
        "/konto/zmiana-email",
        &[
            ("new_email", "to-nie-adres"),
            ("email_password", "złe hasło do konta"),
        ],
    );
    assert_eq!(wrong.status, 422);
    let html = wrong.text();
    assert!(html.contains("href=\"#f-new_email\""), "{html}");
    assert!(html.contains("href=\"#f-email_password\""), "{html}");
    assert!(
        html.contains("value=\"to-nie-adres\""),
        "the typed address is kept"
    );

    let asked = client.submit(
        "/konto",
        "/konto/zmiana-email",
        &[
            ("new_email", "Nowy@Example.pl"),
            ("email_password", PASSWORD),
        ],
    );
    assert_eq!(asked.status, 303, "{}", asked.text());
    let location = asked.header("location").unwrap().to_string();
    assert!(
        client
            .get(&location)
            .text()
            .contains("Wysłaliśmy link potwierdzający")
    );

    let mail = sink.wait_for(3, Duration::from_secs(20));
    assert_eq!(
        mail.len(),
        3,
        "a link to the new address and a notice to the old one"
    );
    let to_new = mail
        .iter()
        .find(|m| addressed_to(m, "nowy@example.pl"))
        .unwrap();
    let to_old = mail[1..]
        .iter()
        .find(|m| addressed_to(m, "stary@example.pl"))
        .expect("the old address is told");
    assert!(
        find_link(to_old, "/konto/potwierdz-email").is_none(),
        "no link to the old one"
    );
    assert!(decode_quoted_printable(to_old).contains("nowy@example.pl"));
    let link = find_link(to_new, "/konto/potwierdz-email").expect("confirmation link");

    // Nothing changes until the link is opened.
    assert_eq!(client.get("/konto").status, 200);
    assert!(client.get("/konto").text().contains("stary@example.pl"));

    let confirmed = Client::new(server.addr).get(&link);
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    assert!(confirmed.text().contains("Adres e-mail zmieniony"));
    assert_eq!(client.get(&link).status, 400, "the link works once");
    // The session goes on, with the new address.
    assert!(client.get("/konto").text().contains("nowy@example.pl"));

    let mut fresh = Client::new(server.addr);
    assert_eq!(log_in(&mut fresh, "stary@example.pl", PASSWORD).status, 401);
    assert_eq!(log_in(&mut fresh, "nowy@example.pl", PASSWORD).status, 303);
}

#[test]
fn an_address_taken_in_the_meantime_is_not_applied() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);
    register(&mut client, "pierwsza@example.pl", "mieszkaniec");
    let mail = sink.wait_for(1, Duration::from_secs(20));
    client.get(&find_link(&mail[0], "/konto/weryfikacja").unwrap());
    log_in(&mut client, "pierwsza@example.pl", PASSWORD);
    let asked = client.submit(
        "/konto",
        "/konto/zmiana-email",
        &[
            ("new_email", "sporny@example.pl"),
            ("email_password", PASSWORD),
        ],
    );
    assert_eq!(asked.status, 303);
    let mail = sink.wait_for(3, Duration::from_secs(20));
    let link = mail
        .iter()
        .find_map(|m| find_link(m, "/konto/potwierdz-email"))
        .unwrap();
    // Someone else registers the address before the link is opened.
    register(&mut Client::new(server.addr), "sporny@example.pl", "pes");
    let refused = client.get(&link);
    assert_eq!(refused.status, 409, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("jest już przypisany do innego konta")
    );
    assert!(client.get("/konto").text().contains("pierwsza@example.pl"));

    // Asking for an address that already has an account sends nothing and reveals nothing.
    let before = sink.wait_for(4, Duration::from_secs(20)).len();
    let again = client.submit(
        "/konto",
        "/konto/zmiana-email",
        &[
            ("new_email", "sporny@example.pl"),
            ("email_password", PASSWORD),
        ],
    );
    assert_eq!(again.status, 303);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(sink.messages().len(), before);

    // Three requests an hour per account; the fourth waits.
    let change = |client: &mut Client| {
        client.submit(
            "/konto",
            "/konto/zmiana-email",
            &[
                ("new_email", "trzeci@example.pl"),
                ("email_password", PASSWORD),
            ],
        )
    };
    assert_eq!(change(&mut client).status, 303);
    let limited = change(&mut client);
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").is_some());
}

#[test]
fn deleting_the_account_ends_it_everywhere_and_frees_the_address() {
    let sink = SmtpSink::start();
    let server = server_with_mail(&sink);
    let mut client = Client::new(server.addr);
    register(&mut client, "ewa@example.pl", "pes");
    let mail = sink.wait_for(1, Duration::from_secs(20));
    client.get(&find_link(&mail[0], "/konto/weryfikacja").unwrap());
    let login = log_in(&mut client, "ewa@example.pl", PASSWORD);
    assert_eq!(login.status, 303);
    let session_cookie = login
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("pestor_sesja="))
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .unwrap();

    let unticked = client.submit("/konto", "/konto/usun", &[("delete_password", PASSWORD)]);
    assert_eq!(unticked.status, 422);
    assert!(unticked.text().contains("href=\"#f-delete_confirm\""));
    let wrong = client.submit(
        "/konto",
        "/konto/usun",
        &[
            ("delete_password", "nie to hasło wcale"),
            ("delete_confirm", "tak"),
        ],
    );
    assert_eq!(wrong.status, 422);
    assert!(wrong.text().contains("href=\"#f-delete_password\""));
    let forged = client.post(
        "/konto/usun",
        &[("delete_password", PASSWORD), ("delete_confirm", "tak")],
    );
    assert_eq!(forged.status, 403, "no CSRF token, no deletion");

    let deleted = client.submit(
        "/konto",
        "/konto/usun",
        &[("delete_password", PASSWORD), ("delete_confirm", "tak")],
    );
    assert_eq!(deleted.status, 303, "{}", deleted.text());
    let location = deleted.header("location").unwrap().to_string();
    assert!(!client.has_cookie("pestor_sesja"), "the cookie is cleared");
    let start = client.get(&location);
    assert_eq!(start.status, 200);
    assert!(start.text().contains("Twoje konto zostało usunięte"));

    // The old session is dead even if someone kept the cookie.
    for path in ["/konto", "/konto/moje-dane"] {
        let stale = server.request("GET", path, &[("Cookie", &session_cookie)], b"");
        assert_eq!(stale.status, 303, "{path}");
        assert!(
            stale
                .header("location")
                .unwrap()
                .starts_with("/konto/logowanie")
        );
    }
    assert_eq!(log_in(&mut client, "ewa@example.pl", PASSWORD).status, 401);

    // The address can register again, as a new account.
    let again = register(&mut client, "ewa@example.pl", "mieszkaniec");
    assert!(again.text().contains("Sprawdź skrzynkę"));
    let mail = sink.wait_for(2, Duration::from_secs(20));
    assert_eq!(mail.len(), 2, "a new verification mail was sent");
    let verified = client.get(&find_link(&mail[1], "/konto/weryfikacja").unwrap());
    assert_eq!(verified.status, 200);
    assert_eq!(log_in(&mut client, "ewa@example.pl", PASSWORD).status, 303);
    let account = client.get("/konto").text();
    assert!(account.contains("Osoba fizyczna"), "a new resident account");
    assert!(!account.contains("Reprezentowane organizacje"));
}

#[test]
fn expired_links_are_refused_in_polish() {
    use pestor::domain::mail::{MailContent, OutgoingMail};
    use pestor::domain::session::{OneTimeToken, TokenPurpose};
    use pestor::domain::user::{AccountStatus, Role, User, UserId};

    let data = tempfile::tempdir().unwrap();
    let token = pestor::auth::new_token().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        let user = store
            .save_user(
                User {
                    id: UserId(0),
                    email: "spozniona@example.pl".into(),
                    name: "Spóźniona Osoba".into(),
                    role: Role::Resident,
                    status: AccountStatus::Unverified,
                    password_hash: pestor::auth::hash_password(PASSWORD).unwrap(),
                    terms_accepted_at: 1,
                    email_verified_at: None,
                    organizations: vec![],
                    created: 1,
                    updated: 1,
                    session_generation: 0,
                    deleted: None,
                },
                None,
            )
            .unwrap();
        let yesterday = pestor::domain::now() - 24 * 60 * 60;
        for (purpose, t) in [
            (TokenPurpose::VerifyEmail, token.clone()),
            (TokenPurpose::ResetPassword, format!("{}0", &token[..63])),
        ] {
            let expired = OneTimeToken {
                purpose,
                user: user.id,
                expires: yesterday,
            };
            let mail = OutgoingMail::new(
                "spozniona@example.pl",
                MailContent {
                    subject: "x".into(),
                    text: "x".into(),
                    html: "x".into(),
                },
                "test",
                yesterday,
            );
            store
                .issue_token_with_mail(&pestor::auth::token_hash(&t), &expired, mail)
                .unwrap();
        }
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    let verify = server.get(&format!("/konto/weryfikacja?token={token}"));
    assert_eq!(verify.status, 400);
    assert!(verify.text().contains("wygasł"));
    let reset = server.get(&format!("/konto/nowe-haslo?token={}0", &token[..63]));
    assert_eq!(reset.status, 400);
    // Still unverified: the expired link changed nothing.
    let mut client = Client::new(server.addr);
    assert_eq!(
        log_in(&mut client, "spozniona@example.pl", PASSWORD).status,
        401
    );
}
