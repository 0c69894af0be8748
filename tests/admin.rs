//! The admin panel through HTTP: approving, rejecting, disabling and enabling accounts (with the
//! e-mails they cause), who may open which panel page, the settings form, the outbox and the
//! audit log.

mod common;

use std::time::Duration;

use common::client::{Client, csrf_token};
use common::smtp::{SmtpSink, decode_quoted_printable};
use common::{HttpResponse, Options, TestServer};
use pestor::domain::settings::{Settings, SmtpSecurity, SmtpSettings};
use pestor::domain::settings_input::SettingsInput;
use pestor::domain::user::{AccountStatus, Role, User};
use pestor::store::Store;
use pestor::web::http::Method;
use pestor::web::router::Access;

const PASSWORD: &str = "zielony rower nad Wisłą";
const ADMIN: &str = "admin@urzad.test";
const HOSTILE: &str = "<script>alert('x')</script>";

fn account(email: &str, name: &str, role: Role, status: AccountStatus) -> User {
    let hash = pestor::auth::hash_password(PASSWORD).expect("hash");
    User {
        name: name.to_string(),
        status,
        ..common::accounts::active_user(email, role, &hash)
    }
}

/// The accounts every test starts with: an administrator (id 1), a staff member waiting for
/// approval (2), an active resident (3) and an active staff member (4).
fn accounts() -> Vec<User> {
    vec![
        account(
            ADMIN,
            "Alicja Administratorka",
            Role::Admin,
            AccountStatus::Active,
        ),
        account(
            "nowy@urzad.test",
            "Norbert Nowy",
            Role::Staff,
            AccountStatus::AwaitingApproval,
        ),
        account(
            "ewa@mieszkancy.test",
            "Ewa Mieszkańska",
            Role::Resident,
            AccountStatus::Active,
        ),
        account(
            "piotr@urzad.test",
            "Piotr Urzędnik",
            Role::Staff,
            AccountStatus::Active,
        ),
    ]
}

/// A server without demo data over a store holding `users` (and SMTP to `sink`, if given).
fn server(users: Vec<User>, sink: Option<&SmtpSink>) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        for user in users {
            store.save_user(user, None).unwrap();
        }
        if let Some(sink) = sink {
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
    }
    TestServer::start_with(Options {
        data: Some(data),
        args: vec!["--no-demo".to_string()],
        ..Options::default()
    })
}

fn log_in(server: &TestServer, email: &str) -> Client {
    let mut client = Client::new(server.addr);
    let response = try_log_in(&mut client, email);
    assert_eq!(response.status, 303, "{email}: {}", response.text());
    client
}

fn try_log_in(client: &mut Client, email: &str) -> HttpResponse {
    client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", PASSWORD)],
    )
}

fn ok(response: HttpResponse) -> String {
    assert_eq!(response.status, 200, "{}", response.text());
    response.text()
}

/// The mail in `messages` addressed to `to`, decoded.
fn mail_to(messages: &[String], to: &str) -> String {
    let raw = messages
        .iter()
        .find(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(to)))
        .unwrap_or_else(|| panic!("no mail to {to} in {messages:?}"));
    decode_quoted_printable(raw)
}

#[test]
fn an_admin_approves_a_staff_account_and_the_person_can_log_in() {
    let sink = SmtpSink::start();
    let server = server(accounts(), Some(&sink));
    let mut waiting = Client::new(server.addr);
    let refused = try_log_in(&mut waiting, "nowy@urzad.test");
    assert_eq!(refused.status, 401, "not approved yet");

    let mut admin = log_in(&server, ADMIN);
    let panel = ok(admin.get("/admin"));
    assert!(panel.contains("1 konto czeka na zatwierdzenie"), "{panel}");
    assert!(panel.contains("href=\"/admin/uzytkownicy\""));
    let list = ok(admin.get("/admin/uzytkownicy?stan=do-zatwierdzenia"));
    assert!(list.contains("Norbert Nowy") && !list.contains("Ewa Mieszkańska"));
    assert!(list.contains("<caption>") && list.contains("scope=\"col\""));

    let approved = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/zatwierdz",
        &[],
    );
    assert_eq!(approved.status, 303, "{}", approved.text());
    let location = approved.header("location").unwrap().to_string();
    assert_eq!(location, "/admin/uzytkownicy/2?wynik=zatwierdzone");
    let details = ok(admin.get(&location));
    assert!(details.contains("Konto zostało zatwierdzone"));
    assert!(details.contains("aktywne"));

    let messages = sink.wait_for(1, Duration::from_secs(20));
    let mail = mail_to(&messages, "nowy@urzad.test");
    assert!(mail.contains("zatwierdzi"), "{mail}");
    assert!(mail.contains("/konto/logowanie"), "{mail}");

    assert_eq!(try_log_in(&mut waiting, "nowy@urzad.test").status, 303);
    // A second approval is refused with a reason, not repeated.
    let again = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/zatwierdz",
        &[],
    );
    assert_eq!(again.status, 409);
    assert!(again.text().contains("nie czeka na zatwierdzenie"));
}

#[test]
fn a_rejection_needs_a_reason_and_the_mail_carries_it() {
    let sink = SmtpSink::start();
    let server = server(accounts(), Some(&sink));
    let mut admin = log_in(&server, ADMIN);

    let empty = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/odrzuc",
        &[("reason", "   ")],
    );
    assert_eq!(empty.status, 422);
    let html = empty.text();
    assert!(
        html.contains("href=\"#f-reason\""),
        "error summary links the field"
    );
    assert!(html.contains("aria-invalid=\"true\""));

    let reason = "Nie znaleźliśmy Pana w wykazie pracowników urzędu.";
    let rejected = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/odrzuc",
        &[("reason", reason)],
    );
    assert_eq!(rejected.status, 303, "{}", rejected.text());
    let details = ok(admin.get("/admin/uzytkownicy/2"));
    assert!(details.contains("wyłączone"));

    let messages = sink.wait_for(1, Duration::from_secs(20));
    let mail = mail_to(&messages, "nowy@urzad.test");
    assert!(mail.contains(reason), "{mail}");
    let mut person = Client::new(server.addr);
    assert_eq!(try_log_in(&mut person, "nowy@urzad.test").status, 401);
}

#[test]
fn disabling_ends_the_sessions_and_enabling_restores_access() {
    let server = server(accounts(), None);
    let mut admin = log_in(&server, ADMIN);
    let mut ewa = log_in(&server, "ewa@mieszkancy.test");
    assert_eq!(ewa.get("/konto").status, 200);

    let disabled = admin.submit("/admin/uzytkownicy/3", "/admin/uzytkownicy/3/wylacz", &[]);
    assert_eq!(disabled.status, 303, "{}", disabled.text());
    let done = ok(admin.get(disabled.header("location").unwrap()));
    assert!(done.contains("Ta osoba została wylogowana"), "{done}");
    let after = ewa.get("/konto");
    assert_eq!(after.status, 303, "the session ended");
    assert!(
        after
            .header("location")
            .unwrap()
            .starts_with("/konto/logowanie")
    );
    assert_eq!(try_log_in(&mut ewa, "ewa@mieszkancy.test").status, 401);

    let enabled = admin.submit("/admin/uzytkownicy/3", "/admin/uzytkownicy/3/wlacz", &[]);
    assert_eq!(enabled.status, 303, "{}", enabled.text());
    assert_eq!(try_log_in(&mut ewa, "ewa@mieszkancy.test").status, 303);

    // An administrator cannot switch off their own account.
    let own = ok(admin.get("/admin/uzytkownicy/1"));
    assert!(!own.contains("/admin/uzytkownicy/1/wylacz"), "no button");
    let token = csrf_token(&own).unwrap();
    let refused = admin.post("/admin/uzytkownicy/1/wylacz", &[("csrf", &token)]);
    assert_eq!(refused.status, 409);
    assert!(
        refused
            .text()
            .contains("Nie możesz wyłączyć własnego konta")
    );
    assert_eq!(admin.get("/admin").status, 200, "still signed in");
}

#[test]
fn the_user_list_filters_by_role_and_status_and_refuses_unknown_values() {
    let server = server(accounts(), None);
    let mut admin = log_in(&server, ADMIN);
    let staff = ok(admin.get("/admin/uzytkownicy?rola=urzad"));
    assert!(staff.contains("Piotr Urzędnik") && staff.contains("Norbert Nowy"));
    assert!(!staff.contains("Ewa Mieszkańska"));
    assert!(staff.contains("Wybrane konta: 2 z 4"), "{staff}");
    let active_staff = ok(admin.get("/admin/uzytkownicy?rola=urzad&stan=aktywne"));
    assert!(active_staff.contains("Piotr Urzędnik") && !active_staff.contains("Norbert Nowy"));
    for bad in [
        "/admin/uzytkownicy?rola=szef",
        "/admin/uzytkownicy?stan=x",
        "/admin/uzytkownicy?page=0",
    ] {
        assert_eq!(admin.get(bad).status, 400, "{bad}");
    }
    assert_eq!(admin.get("/admin/uzytkownicy/99").status, 404);
    assert_eq!(admin.get("/admin/uzytkownicy/abc").status, 404);
}

/// Every panel route of the route table, with `{id}` filled in.
fn panel_routes() -> Vec<(Method, String, Access)> {
    pestor::pages::ROUTES
        .iter()
        .filter(|r| r.pattern == "/admin" || r.pattern.starts_with("/admin/"))
        .map(|r| (r.method, r.pattern.replace("{id}", "1"), r.access))
        .collect()
}

#[test]
fn panel_pages_are_closed_to_everyone_else() {
    let server = server(accounts(), None);
    let routes = panel_routes();
    assert!(routes.len() >= 13, "{}", routes.len());
    assert!(
        routes
            .iter()
            .all(|(_, _, a)| matches!(a, Access::Admin | Access::Staff))
    );

    let mut anonymous = Client::new(server.addr);
    for (method, path, _) in &routes {
        if *method == Method::Get {
            let response = anonymous.get(path);
            assert_eq!(response.status, 303, "{path}");
            let location = response.header("location").unwrap();
            assert!(
                location.starts_with("/konto/logowanie?dalej="),
                "{path}: {location}"
            );
        } else {
            assert_eq!(anonymous.post(path, &[]).status, 403, "{path}");
        }
    }

    let mut resident = log_in(&server, "ewa@mieszkancy.test");
    let mut staff = log_in(&server, "piotr@urzad.test");
    for (client, is_staff) in [(&mut resident, false), (&mut staff, true)] {
        let token = csrf_token(&client.get("/konto").text()).unwrap();
        for (method, path, access) in &routes {
            let allowed = is_staff && *access == Access::Staff;
            let response = match method {
                Method::Get => client.get(path),
                _ => client.post(path, &[("csrf", &token)]),
            };
            if allowed {
                assert_ne!(response.status, 403, "staff on {path}");
            } else {
                assert_eq!(response.status, 403, "{path}: {}", response.text());
                assert!(response.text().contains("Brak dostępu"));
            }
        }
    }
    // Nothing was changed by the refused requests.
    let mut admin = log_in(&server, ADMIN);
    assert!(ok(admin.get("/admin/uzytkownicy/1")).contains("aktywne"));
}

#[test]
fn staff_see_the_panel_link_and_only_their_part_of_the_panel() {
    let server = server(accounts(), None);
    let mut staff = log_in(&server, "piotr@urzad.test");
    let home = ok(staff.get("/"));
    assert!(home.contains("href=\"/admin\""), "Panel in the header");
    let panel = ok(staff.get("/admin"));
    assert!(panel.contains("aria-current=\"page\""));
    assert!(!panel.contains("href=\"/admin/ustawienia\""));
    assert!(!panel.contains("href=\"/admin/uzytkownicy\""));
    let mut resident = log_in(&server, "ewa@mieszkancy.test");
    assert!(!ok(resident.get("/")).contains("href=\"/admin\""));
}

/// The settings form's fields filled from `settings`, as a browser would send them.
fn settings_fields(settings: &Settings) -> Vec<(String, String)> {
    let input = serde_json::to_value(SettingsInput::from_settings(settings)).unwrap();
    let mut fields = Vec::new();
    for (name, value) in input.as_object().unwrap() {
        match value {
            serde_json::Value::String(text) => fields.push((name.clone(), text.clone())),
            serde_json::Value::Bool(true) if name == "no_smtp" => {
                fields.push((name.clone(), "tak".to_string()))
            }
            _ => {}
        }
    }
    fields
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(field) => field.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

fn submit_settings(admin: &mut Client, fields: &[(String, String)]) -> HttpResponse {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    admin.submit("/admin/ustawienia", "/admin/ustawienia", &pairs)
}

#[test]
fn settings_are_checked_saved_and_apply_at_once() {
    let server = server(accounts(), None);
    let mut admin = log_in(&server, ADMIN);
    let form = ok(admin.get("/admin/ustawienia"));
    assert!(form.contains("value=\"Gmina Miasta Toruń\""));
    assert!(form.contains("<fieldset") && form.contains("<legend>"));

    let mut fields = settings_fields(&Settings::default());
    set(&mut fields, "gmina_name", "");
    set(&mut fields, "operator_email", "sekretariat");
    set(&mut fields, "a11y_published", "27.11.2026");
    fields.retain(|(n, _)| n != "no_smtp");
    set(&mut fields, "smtp_host", "smtp.torun.example");
    set(&mut fields, "smtp_port", "70000");
    set(&mut fields, "smtp_sender_address", "pes@torun.example");
    let refused = submit_settings(&mut admin, &fields);
    assert_eq!(refused.status, 422);
    let html = refused.text();
    for field in [
        "gmina_name",
        "operator_email",
        "a11y_published",
        "smtp_port",
    ] {
        assert!(html.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    assert!(
        html.contains("value=\"sekretariat\""),
        "typed values are kept"
    );
    assert!(html.contains("value=\"70000\""));

    let mut fields = settings_fields(&Settings::default());
    set(&mut fields, "gmina_name", "Gmina Chełmża");
    fields.retain(|(n, _)| n != "no_smtp");
    set(&mut fields, "smtp_host", "smtp.chelmza.example");
    set(&mut fields, "smtp_port", "");
    set(&mut fields, "smtp_security", "tls");
    set(&mut fields, "smtp_user", "pes");
    set(&mut fields, "smtp_password", "  tajne hasło  ");
    set(&mut fields, "smtp_sender_address", "pes@chelmza.example");
    let saved = submit_settings(&mut admin, &fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let page = ok(admin.get(saved.header("location").unwrap()));
    assert!(page.contains("Ustawienia zostały zapisane"));
    assert!(page.contains("Hasło jest zapisane"));
    assert!(!page.contains("tajne hasło"), "the password is never shown");
    let home = ok(Client::new(server.addr).get("/"));
    assert!(
        home.contains("Gmina Chełmża"),
        "the header shows the new name"
    );

    // Saved again with an empty password field: the stored password stays.
    set(&mut fields, "smtp_password", "");
    set(&mut fields, "operator_phone", "56 675 22 22");
    assert_eq!(submit_settings(&mut admin, &fields).status, 303);
    let data = server.stop();
    let stored = Store::open(data.path()).unwrap().settings().unwrap();
    let smtp = stored.smtp.unwrap();
    assert_eq!((smtp.port, smtp.security), (465, SmtpSecurity::Tls));
    assert_eq!(smtp.password, "  tajne hasło  ");
    assert_eq!(stored.operator_phone, "56 675 22 22");
}

#[test]
fn the_outbox_shows_a_waiting_verification_link_that_works() {
    let server = server(accounts(), None);
    let mut visitor = Client::new(server.addr);
    let registered = visitor.submit(
        "/konto/rejestracja",
        "/konto/rejestracja",
        &[
            ("role", "mieszkaniec"),
            ("name", "Jan Kowalski"),
            ("email", "jan@mieszkancy.test"),
            ("password", PASSWORD),
            ("password_repeat", PASSWORD),
            ("terms", "tak"),
        ],
    );
    assert_eq!(registered.status, 200, "{}", registered.text());

    let mut admin = log_in(&server, ADMIN);
    let panel = ok(admin.get("/admin"));
    assert!(panel.contains("1 wiadomość czeka na wysłanie"), "{panel}");
    let outbox = ok(admin.get("/admin/poczta?stan=oczekujace"));
    assert!(outbox.contains("Serwer poczty (SMTP) nie jest ustawiony"));
    assert!(outbox.contains("jan@mieszkancy.test"));
    assert!(outbox.contains("potwierdzenie adresu e-mail"));
    assert!(outbox.contains("oczekuje na wysłanie (1)"));
    assert!(!ok(admin.get("/admin/poczta?stan=wyslane")).contains("jan@mieszkancy.test"));
    assert_eq!(admin.get("/admin/poczta?stan=zgubione").status, 400);

    let mail = ok(admin.get("/admin/poczta/1"));
    assert!(mail.contains("<pre class=\"mail-text\">"));
    let prefix = format!("<a href=\"http://{}/konto/weryfikacja?token=", server.addr);
    let at = mail.find(&prefix).expect("a clickable verification link") + "<a href=\"".len();
    let link = &mail[at..at + mail[at..].find('"').unwrap()];
    let path = link
        .strip_prefix(&format!("http://{}", server.addr))
        .unwrap();
    let verified = visitor.get(path);
    assert_eq!(verified.status, 200, "{}", verified.text());

    let retried = admin.submit("/admin/poczta/1", "/admin/poczta/1/ponow", &[]);
    assert_eq!(retried.status, 303);
    assert!(ok(admin.get("/admin/poczta/1?ponowiono=tak")).contains("wróciła do kolejki"));
    assert_eq!(admin.get("/admin/poczta/99").status, 404);
}

#[test]
fn the_audit_log_shows_who_approved_whom() {
    let server = server(accounts(), None);
    let mut admin = log_in(&server, ADMIN);
    let approved = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/zatwierdz",
        &[],
    );
    assert_eq!(approved.status, 303);

    // The newest entry about accounts is the approval (the mail it caused comes after it).
    let log = ok(admin.get("/admin/dziennik?rodzaj=konta"));
    assert!(log.contains("<caption>"));
    let first_row = &log[log.find("<tbody>").expect("entries")..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    assert!(first_row.contains("Alicja Administratorka"), "{first_row}");
    assert!(first_row.contains("href=\"/admin/uzytkownicy/1\""));
    assert!(first_row.contains("konto użytkownika „Norbert Nowy” (nr 2)"));
    assert!(first_row.contains("href=\"/admin/uzytkownicy/2\""));
    assert!(first_row.contains("zmiana"));

    let by_admin = ok(admin.get("/admin/dziennik?autor=admin%40urzad.test&rodzaj=konta"));
    assert!(by_admin.contains("Norbert Nowy"));
    let by_system = ok(admin.get("/admin/dziennik?autor=system&rodzaj=konta"));
    assert!(
        !by_system.contains("Alicja Administratorka</a></td>"),
        "{by_system}"
    );
    assert!(by_system.contains("dodanie"));
    let future = ok(admin.get("/admin/dziennik?od=2099-01-01"));
    assert!(future.contains("Nie ma wpisów"));

    let bad = admin.get("/admin/dziennik?od=wczoraj&autor=nikt%40nigdzie.test&rodzaj=x");
    assert_eq!(bad.status, 400);
    let html = bad.text();
    for field in ["od", "autor", "rodzaj"] {
        assert!(html.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    assert_eq!(admin.get("/admin/dziennik?przed=abc").status, 400);
}

#[test]
fn the_audit_log_pages_back_through_the_demo_data_and_links_organisations() {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        store.save_user(accounts().remove(0), None).unwrap();
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    let mut admin = log_in(&server, ADMIN);
    let page = ok(admin.get("/admin/dziennik?rodzaj=organizacje"));
    assert!(
        page.contains("href=\"/podmioty/"),
        "organisations link to their profiles"
    );
    assert!(page.contains(">system<"));
    let older = page
        .split("href=\"")
        .find(|s| s.starts_with("/admin/dziennik?") && s.contains("przed="))
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .expect("a link to older entries");
    let second = ok(admin.get(&older));
    assert!(second.contains("Nowsze wpisy"));
    assert!(second.contains("Najnowsze wpisy"));
}

#[test]
fn hostile_names_and_reasons_are_shown_escaped() {
    let sink = SmtpSink::start();
    let mut users = accounts();
    users[1].name = HOSTILE.to_string();
    let server = server(users, Some(&sink));
    let mut admin = log_in(&server, ADMIN);
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
    for path in ["/admin/uzytkownicy", "/admin/uzytkownicy/2"] {
        let html = ok(admin.get(path));
        assert!(!html.contains(HOSTILE), "{path}");
        assert!(html.contains(escaped), "{path}");
    }
    let rejected = admin.submit(
        "/admin/uzytkownicy/2",
        "/admin/uzytkownicy/2/odrzuc",
        &[("reason", HOSTILE)],
    );
    assert_eq!(rejected.status, 303);
    sink.wait_for(1, Duration::from_secs(20));
    for path in ["/admin/poczta", "/admin/poczta/1", "/admin/dziennik"] {
        let html = ok(admin.get(path));
        assert!(!html.contains("<script"), "{path}");
    }
    assert!(ok(admin.get("/admin/poczta/1")).contains(escaped));
    assert!(ok(admin.get("/admin/dziennik")).contains(escaped));
    let search = admin.get("/admin/dziennik?autor=%3Cscript%3E");
    assert_eq!(search.status, 400, "not an author");
    assert!(!search.text().contains("<script"));
    assert!(search.text().contains("value=\"&lt;script&gt;\""));
}
