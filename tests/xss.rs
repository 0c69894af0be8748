//! Hostile text in every text field of every form comes back escaped — on the form shown again
//! with errors and on the pages that show the saved value.

mod common;

use common::client::Client;
use common::forms::{all_fields, edit_fields, post_form};
use common::{Options, TestServer};
use pestor::domain::user::Role;
use pestor::store::Store;

const PASSWORD: &str = "hasło do testu wstrzyknięć";

/// Markup, attribute breaking, script URLs, template and SQL syntax.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "{{ 7*7 }}{% if true %}x{% endif %}",
    "' OR 1=1 --",
];

/// Raw fragments that must never appear in a page that echoes a payload.
const FORBIDDEN: &[&str] = &[
    "<script>alert(1)",
    "<img src=x",
    "<svg onload",
    "\"><img",
    "'><svg",
];

fn assert_escaped(html: &str, context: &str) {
    for bad in FORBIDDEN {
        assert!(!html.contains(bad), "{context}: raw {bad:?} in the page");
    }
}

fn server() -> (TestServer, String) {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        for (email, role) in [
            ("urzad@torun.example", Role::Staff),
            ("pes@example.pl", Role::Pes),
            ("admin@torun.example", Role::Admin),
        ] {
            store
                .save_user(common::accounts::active_user(email, role, &hash), None)
                .unwrap();
        }
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    let slug = server.get("/api/v1/organizations?q=cistor").json()["items"][0]["slug"]
        .as_str()
        .unwrap()
        .to_string();
    (server, slug)
}

fn signed_in(server: &TestServer, email: &str, ip: &str) -> Client {
    let mut client = Client::from_address(server.addr, ip);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", PASSWORD)],
    );
    assert_eq!(
        r.status,
        303,
        "log-in of {email}: {}",
        r.text().split("error-summary").nth(1).unwrap_or("")
    );
    client
}

#[test]
fn search_and_account_forms_escape_what_they_echo() {
    let (server, _) = server();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let encoded: String = url::form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        let page = server.get(&format!("/podmioty?q={encoded}"));
        assert_eq!(page.status, 200);
        assert_escaped(&page.text(), "search");
        let mut client = Client::from_address(server.addr, &format!("198.51.100.{n}"));
        let shown = client.submit(
            "/konto/rejestracja",
            "/konto/rejestracja",
            &[
                ("name", payload),
                ("email", payload),
                ("password", "x"),
                ("password_repeat", "y"),
            ],
        );
        assert_eq!(shown.status, 422);
        assert_escaped(&shown.text(), "registration");
        let login = client.submit(
            "/konto/logowanie",
            "/konto/logowanie",
            &[("email", payload), ("password", "x")],
        );
        assert_escaped(&login.text(), "log-in");
    }
}

#[test]
fn every_organisation_field_is_escaped_when_saved_and_shown() {
    let (server, slug) = server();
    let mut staff = signed_in(&server, "urzad@torun.example", "203.0.113.1");
    let form = format!("/podmioty/{slug}/edycja");
    for payload in PAYLOADS {
        let html = staff.get(&form).text();
        let description = format!("Opis z wstawką {payload} i dalszym tekstem.");
        let changes = [
            ("name", format!("Fundacja {payload}")),
            ("street", format!("ul. {payload} 1")),
            ("person", payload.to_string()),
            ("phone", payload.to_string()),
            ("description", description),
        ];
        let changes: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = post_form(&mut staff, &form, &form, edit_fields(&html, &changes));
        assert!(
            response.status == 303 || response.status == 422,
            "{}",
            response.status
        );
        assert_escaped(&response.text(), "edit form");
        for page in [
            format!("/podmioty/{slug}"),
            "/podmioty".to_string(),
            "/".to_string(),
            form.clone(),
        ] {
            assert_escaped(&staff.get(&page).text(), &page);
        }
        // Template syntax is shown as text, never evaluated.
        if payload.starts_with("{{") && response.status == 303 {
            assert!(
                staff
                    .get(&format!("/podmioty/{slug}"))
                    .text()
                    .contains("{{ 7*7 }}")
            );
        }
    }
    // Invalid values are re-shown escaped too.
    let html = staff.get(&form).text();
    let bad = post_form(
        &mut staff,
        &form,
        &form,
        edit_fields(
            &html,
            &[
                ("krs", PAYLOADS[1]),
                ("website", PAYLOADS[0]),
                ("email", PAYLOADS[2]),
            ],
        ),
    );
    assert_eq!(bad.status, 422);
    assert_escaped(&bad.text(), "invalid edit");
}

#[test]
fn the_account_page_escapes_claims_it_lists() {
    let (server, slug) = server();
    let mut pes = signed_in(&server, "pes@example.pl", "203.0.113.4");
    let page = format!("/podmioty/{slug}/reprezentacja");
    pes.submit(&page, &page, &[("message", PAYLOADS[2])]);
    let mut staff = signed_in(&server, "urzad@torun.example", "203.0.113.5");
    let queue = staff.get("/admin/moderacja").text();
    let id = common::forms::first_pending_claim(&queue);
    staff.submit(
        "/admin/moderacja",
        &format!("/admin/moderacja/{id}/odrzuc"),
        &[("reason", PAYLOADS[0])],
    );
    let account = pes.get("/konto").text();
    assert!(
        account.contains("odrzucony: &lt;script&gt;"),
        "the reason is listed escaped"
    );
    assert_escaped(&account, "account page");
}

#[test]
fn claim_messages_and_rejection_reasons_are_escaped() {
    let (server, slug) = server();
    let mut pes = signed_in(&server, "pes@example.pl", "203.0.113.2");
    let page = format!("/podmioty/{slug}/reprezentacja");
    let response = pes.submit(
        &page,
        &page,
        &[("message", &format!("Prezes {}", PAYLOADS[0]))],
    );
    assert_eq!(response.status, 303);
    let mut staff = signed_in(&server, "urzad@torun.example", "203.0.113.3");
    let queue = staff.get("/admin/moderacja").text();
    assert_escaped(&queue, "moderation queue");
    assert!(queue.contains("&lt;script&gt;"));
    let id = common::forms::first_pending_claim(&queue);
    let rejected = staff.submit(
        "/admin/moderacja",
        &format!("/admin/moderacja/{id}/odrzuc"),
        &[("reason", PAYLOADS[1])],
    );
    assert_eq!(rejected.status, 303);
    assert_escaped(&staff.get("/admin/moderacja").text(), "decided claims");
}

#[test]
fn settings_fields_are_escaped_in_the_form_and_on_every_page() {
    let (server, _) = server();
    let mut admin = signed_in(&server, "admin@torun.example", "203.0.113.6");
    // Every text field at once: the form comes back (some values are not valid e-mails or
    // numbers) with all of them escaped.
    let html = admin.get("/admin/ustawienia").text();
    let fields: Vec<(String, String)> = all_fields(&html, "/admin/ustawienia")
        .into_iter()
        .map(|(name, value)| {
            let text = !name.contains("date")
                && !name.contains("security")
                && !name.contains("status")
                && name != "no_smtp";
            (name, if text { PAYLOADS[1].to_string() } else { value })
        })
        .collect();
    let shown = post_form(&mut admin, "/admin/ustawienia", "/admin/ustawienia", fields);
    assert_eq!(shown.status, 422);
    assert_escaped(&shown.text(), "settings form");
    // A valid change whose gmina name is hostile: shown as text in the header of every page.
    let html = admin.get("/admin/ustawienia").text();
    let fields: Vec<(String, String)> = all_fields(&html, "/admin/ustawienia")
        .into_iter()
        .map(|(name, value)| {
            if name == "gmina_name" {
                (name, format!("Gmina {}", PAYLOADS[0]))
            } else {
                (name, value)
            }
        })
        .collect();
    let saved = post_form(&mut admin, "/admin/ustawienia", "/admin/ustawienia", fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    for page in [
        "/",
        "/podmioty",
        "/deklaracja-dostepnosci",
        "/prywatnosc",
        "/o-platformie",
        "/konto",
    ] {
        let html = admin.get(page).text();
        assert_escaped(&html, page);
        assert!(
            html.contains("Gmina &lt;script&gt;"),
            "{page} shows the name as text"
        );
    }
}

#[test]
fn premises_fields_are_escaped_in_the_form_and_on_the_pages() {
    let (server, _) = server();
    let mut staff = signed_in(&server, "urzad@torun.example", "203.0.113.9");
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let street = format!("ul. {payload}");
        let building = format!("{}", n + 1);
        let fields = [
            ("street", street.as_str()),
            ("building", building.as_str()),
            ("postal_code", "87-100"),
            ("city", "Toruń"),
            ("district", "Stare Miasto"),
            ("area", "40"),
            ("position", "parter"),
            ("rooms", "2"),
            ("condition", "dobry"),
            ("accessibility", "pelna"),
            ("accessibility_note", payload),
            ("intended_use", payload),
            ("rate", "15"),
            ("status", "wolny"),
            ("administrator", payload),
            ("admin_phone", payload),
            ("description", payload),
        ];
        // Once with an error (the form is shown again), once valid.
        let mut invalid: Vec<(&str, &str)> = fields.to_vec();
        invalid.push(("unit", payload));
        invalid.retain(|(k, _)| *k != "area");
        let shown = staff.submit("/lokale/nowy", "/lokale/nowy", &invalid);
        assert_eq!(shown.status, 422);
        assert_escaped(&shown.text(), "premises form");
        let saved = staff.submit("/lokale/nowy", "/lokale/nowy", &fields);
        assert_eq!(saved.status, 303, "{}", saved.text());
        let to = saved.header("location").unwrap().to_string();
        let page = to.split('?').next().unwrap().to_string();
        for path in [
            page.clone(),
            format!("{page}/edycja"),
            "/lokale?q=Toru".to_string(),
        ] {
            assert_escaped(&staff.get(&path).text(), &path);
        }
    }
}
