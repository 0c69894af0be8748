//! Claiming and editing organisations: a PES representative asks, staff decide (with e-mail),
//! the representative edits the profile and the directory shows the change at once.

mod common;

use std::time::Duration;

use common::client::Client;
use common::forms::{edit_fields, post_form};
use common::smtp::SmtpSink;
use common::{Options, TestServer};
use pestor::domain::user::{Role, User};
use pestor::store::Store;

const PASSWORD: &str = "bezpieczne hasło testowe";

fn user(email: &str, role: Role) -> User {
    common::accounts::active_user(email, role, &pestor::auth::hash_password(PASSWORD).unwrap())
}

/// A demo server with mail going to `sink`, a PES representative, a second one, a resident and
/// a staff member.
fn server(sink: &SmtpSink) -> TestServer {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        let settings = common::accounts::settings_with_sink(sink);
        store.save_settings(&settings, None).unwrap();
        for (email, role) in [
            ("pes-a@example.pl", Role::Pes),
            ("pes-b@example.pl", Role::Pes),
            ("mieszkaniec@example.pl", Role::Resident),
            ("urzad@torun.example", Role::Staff),
        ] {
            store.save_user(user(email, role), None).unwrap();
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
    assert_eq!(
        response.status,
        303,
        "log-in of {email}: {}",
        response.text()
    );
    client
}

fn first_slug(server: &TestServer, query: &str) -> String {
    let json = server.get(&format!("/api/v1/organizations?{query}")).json();
    json["items"][0]["slug"].as_str().unwrap().to_string()
}

#[test]
fn a_representative_claims_staff_approve_and_the_edit_shows_in_the_directory() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let slug = first_slug(&server, "q=cistor");
    let mut pes = signed_in(&server, "pes-a@example.pl");

    // Before approval the representative cannot edit.
    assert_eq!(pes.get(&format!("/podmioty/{slug}/edycja")).status, 403);
    assert!(
        pes.get(&format!("/podmioty/{slug}"))
            .text()
            .contains("Reprezentuję tę organizację")
    );
    let claim = pes.submit(
        &format!("/podmioty/{slug}/reprezentacja"),
        &format!("/podmioty/{slug}/reprezentacja"),
        &[("message", "Jestem prezesem zarządu, wpis w KRS.")],
    );
    assert_eq!(claim.status, 303);

    let mut staff = signed_in(&server, "urzad@torun.example");
    let queue = staff.get("/admin/moderacja").text();
    assert!(queue.contains("Jestem prezesem zarządu"));
    let id = common::forms::first_pending_claim(&queue);
    let decided = staff.submit(
        "/admin/moderacja",
        &format!("/admin/moderacja/{id}/zatwierdz"),
        &[],
    );
    assert_eq!(decided.status, 303);
    let mail = sink.wait_for(1, Duration::from_secs(20));
    assert!(
        mail.iter().any(|m| m.contains("pes-a@example.pl")),
        "approval mailed"
    );

    // Now the representative edits the profile; the list and search show it at once.
    let form_page = format!("/podmioty/{slug}/edycja");
    let html = pes.get(&form_page).text();
    let fields = edit_fields(
        &html,
        &[
            ("phone", "56 600 00 00"),
            ("name", "CISTOR Stowarzyszenie Partnerstwo Społeczne Toruń"),
        ],
    );
    let saved = post_form(&mut pes, &form_page, &form_page, fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let profile = pes.get(&format!("/podmioty/{slug}?zapisano=1")).text();
    assert!(profile.contains("56 600 00 00"));
    assert!(profile.contains("Zmiany zostały zapisane"));
    let found = server
        .get("/api/v1/organizations?q=partnerstwo+torun")
        .json();
    assert_eq!(found["items"][0]["slug"], slug);
    assert_eq!(found["items"][0]["phone"], "56 600 00 00");

    // Another representative still cannot edit it; a resident cannot claim.
    let mut other = signed_in(&server, "pes-b@example.pl");
    assert_eq!(other.get(&form_page).status, 403);
    let mut resident = signed_in(&server, "mieszkaniec@example.pl");
    assert_eq!(
        resident
            .get(&format!("/podmioty/{slug}/reprezentacja"))
            .status,
        403
    );
}

#[test]
fn an_invalid_edit_is_shown_again_and_nothing_changes() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let slug = first_slug(&server, "q=alma");
    let mut staff = signed_in(&server, "urzad@torun.example");
    let form_page = format!("/podmioty/{slug}/edycja");
    let html = staff.get(&form_page).text();
    let fields = edit_fields(
        &html,
        &[
            ("nip", "1234567890"),
            ("postal_code", "87100"),
            ("name", "<script>alert(1)</script>"),
        ],
    );
    let response = post_form(&mut staff, &form_page, &form_page, fields);
    assert_eq!(response.status, 422);
    let text = response.text();
    assert!(text.contains("href=\"#f-nip\"") && text.contains("href=\"#f-postal_code\""));
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!text.contains("<script>alert(1)"));
    let before = server.get(&format!("/api/v1/organizations/{slug}")).json();
    assert_ne!(before["postal_code"], "87100");
}

#[test]
fn a_new_organisation_waits_for_staff_and_a_rejection_is_mailed_with_its_reason() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut pes = signed_in(&server, "pes-b@example.pl");
    let html = pes.get("/podmioty/nowa").text();
    let fields = edit_fields(
        &html,
        &[
            ("name", "Spółdzielnia Socjalna Żółty Rower"),
            ("legal_form", "spoldzielnia-socjalna"),
            ("street", "ul. Szeroka 10"),
            ("postal_code", "87-100"),
            ("district", "Stare Miasto"),
            (
                "description",
                "Naprawiamy rowery i uczymy jazdy dzieci z osiedla.",
            ),
            ("areas", "rynek-pracy"),
            ("message", "Jestem prezeską spółdzielni."),
        ],
    );
    let submitted = post_form(&mut pes, "/podmioty/nowa", "/podmioty/nowa", fields.clone());
    assert_eq!(submitted.status, 303, "{}", submitted.text());
    // Not public yet.
    assert_eq!(
        server.get("/api/v1/organizations?q=zolty+rower").json()["total"],
        0
    );

    let mut staff = signed_in(&server, "urzad@torun.example");
    let queue = staff.get("/admin/moderacja").text();
    assert!(queue.contains("Nowa organizacja: Spółdzielnia Socjalna Żółty Rower"));
    let id = common::forms::first_pending_claim(&queue);
    let refused = staff.submit(
        "/admin/moderacja",
        &format!("/admin/moderacja/{id}/odrzuc"),
        &[("reason", "Brak wpisu w KRS.")],
    );
    assert_eq!(refused.status, 303);
    let mail = sink.wait_for(1, Duration::from_secs(20));
    assert!(
        common::smtp::decode_quoted_printable(&mail[0]).contains("Brak wpisu w KRS"),
        "reason mailed"
    );
    assert_eq!(
        server.get("/api/v1/organizations?q=zolty+rower").json()["total"],
        0
    );

    // A second submission is approved and appears in the directory at once.
    let again = post_form(&mut pes, "/podmioty/nowa", "/podmioty/nowa", fields);
    assert_eq!(again.status, 303);
    let queue = staff.get("/admin/moderacja").text();
    let id = common::forms::first_pending_claim(&queue);
    staff.submit(
        "/admin/moderacja",
        &format!("/admin/moderacja/{id}/zatwierdz"),
        &[],
    );
    let found = server.get("/api/v1/organizations?q=zolty+rower").json();
    assert_eq!(found["total"], 1);
    let slug = found["items"][0]["slug"].as_str().unwrap().to_string();
    assert!(
        pes.get(&format!("/podmioty/{slug}"))
            .text()
            .contains("Edytuj dane organizacji")
    );
}

#[test]
fn only_staff_reach_the_moderation_queue() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let mut pes = signed_in(&server, "pes-a@example.pl");
    assert_eq!(pes.get("/admin/moderacja").status, 403);
    let mut anonymous = Client::new(server.addr);
    assert_eq!(anonymous.get("/admin/moderacja").status, 303);
    assert_eq!(pes.get("/podmioty/nowa").status, 200);
    let mut resident = signed_in(&server, "mieszkaniec@example.pl");
    assert_eq!(resident.get("/podmioty/nowa").status, 403);
}

#[test]
fn a_claim_can_carry_a_document_that_only_staff_download() {
    let sink = SmtpSink::start();
    let server = server(&sink);
    let slug = first_slug(&server, "q=jestem");
    let mut pes = signed_in(&server, "pes-a@example.pl");
    let page = format!("/podmioty/{slug}/reprezentacja");
    let not_a_document = pes.submit_multipart(
        &page,
        &page,
        &[("message", "Uchwała zarządu w załączniku.")],
        (
            "document",
            "uchwala.html",
            b"<html><script>alert(1)</script>",
        ),
    );
    assert_eq!(not_a_document.status, 422);
    assert!(
        not_a_document
            .text()
            .contains("Dołącz plik PDF, JPG albo PNG")
    );
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let sent = pes.submit_multipart(
        &page,
        &page,
        &[("message", "Uchwała zarządu w załączniku.")],
        ("document", "../Uchwała zarządu.pdf", pdf),
    );
    assert_eq!(sent.status, 303, "{}", sent.text());

    let mut staff = signed_in(&server, "urzad@torun.example");
    let queue = staff.get("/admin/moderacja").text();
    let link = queue
        .split("href=\"")
        .find_map(|rest| rest.split('"').next().filter(|h| h.ends_with("/dokument")))
        .expect("download link in the queue")
        .to_string();
    let download = staff.get(&link);
    assert_eq!(download.status, 200);
    assert_eq!(download.header("content-type"), Some("application/pdf"));
    assert!(
        download
            .header("content-disposition")
            .unwrap()
            .contains("attachment; filename=\"uchwala-zarzadu.pdf\"")
    );
    assert_eq!(download.body, pdf);
    assert_eq!(pes.get(&link).status, 403, "only staff read attachments");
}
