//! Starting, stopping and restarting the server over a data directory.

mod common;

use std::process::Command;

use common::{Options, TestServer};
use pestor::domain::organization::{Address, Contact, LegalForm, OrgId, Organization, Statuses};
use pestor::domain::{RecordState, slug::slugify};
use pestor::store::Store;

fn org(name: &str) -> Organization {
    Organization {
        id: OrgId(0),
        slug: slugify(name),
        name: name.to_string(),
        legal_form: LegalForm::Foundation,
        krs: None,
        nip: None,
        regon: None,
        address: Address {
            street: "ul. Szeroka 1".to_string(),
            postal_code: "87-100".to_string(),
            city: "Toruń".to_string(),
        },
        district: "Stare Miasto".to_string(),
        geo: None,
        contact: Contact::default(),
        description: "Opis testowy.".to_string(),
        areas: Vec::new(),
        target_groups: Vec::new(),
        statuses: Statuses::default(),
        state: RecordState::Published,
        created: 1_700_000_000,
        updated: 1_700_000_000,
        author: None,
        demo: false,
        logo: None,
    }
}

fn names_in_order(server: &TestServer) -> Vec<String> {
    let json = server
        .get("/api/v1/organizations?sort=nazwa&per_page=100")
        .json();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn restart_keeps_the_data_and_does_not_seed_twice() {
    let server = TestServer::start();
    let before = server.get("/api/v1/organizations").json()["total"].clone();
    assert_eq!(before, 208);
    let data = server.stop();
    let server = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    assert_eq!(server.get("/api/v1/organizations").json()["total"], 208);
    assert_eq!(server.get("/podmioty").status, 200);
}

#[test]
fn polish_alphabetical_order_on_real_names() {
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open(data.path()).unwrap();
        let names = [
            "Fundacja Żak",
            "Fundacja Świt",
            "Fundacja Szansa",
            "Fundacja Łódź",
            "Fundacja Lublin",
            "Fundacja Źródło",
            "Fundacja Zorza",
            "Fundacja Ćma",
            "Fundacja Cyrk",
            "Fundacja Ósemka",
            "Fundacja Orzeł",
        ];
        store
            .insert_organizations(names.iter().map(|n| org(n)).collect())
            .unwrap();
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        args: vec!["--no-demo".to_string()],
        ..Options::default()
    });
    assert_eq!(
        names_in_order(&server),
        [
            "Fundacja Cyrk",
            "Fundacja Ćma",
            "Fundacja Lublin",
            "Fundacja Łódź",
            "Fundacja Orzeł",
            "Fundacja Ósemka",
            "Fundacja Szansa",
            "Fundacja Świt",
            "Fundacja Zorza",
            "Fundacja Źródło",
            "Fundacja Żak",
        ]
    );
    // No demo data, so no banner.
    assert!(!server.get("/").text().contains("Dane demonstracyjne."));
}

fn run_pestor(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_pestor"))
        .args(args)
        .output()
        .expect("run pestor");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

#[test]
fn a_second_server_on_the_same_data_is_refused_with_a_clear_message() {
    let server = TestServer::start();
    let data = server.data_path().to_str().unwrap().to_string();
    let (ok, message) = run_pestor(&["serve", "--addr", "127.0.0.1:0", "--data", &data]);
    assert!(!ok);
    assert!(message.contains("otwarta przez inny"), "{message}");
    // The first server is unaffected.
    assert_eq!(server.get("/podmioty").status, 200);
}

#[test]
fn a_damaged_or_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(pestor::store::DATABASE_FILE);
    std::fs::write(&file, b"to nie jest baza danych").unwrap();
    let path = dir.path().to_str().unwrap();
    let (ok, message) = run_pestor(&["serve", "--addr", "127.0.0.1:0", "--data", path]);
    assert!(!ok);
    assert!(message.contains("nie jest czytelną bazą"), "{message}");
    assert_eq!(std::fs::read(&file).unwrap(), b"to nie jest baza danych");

    let newer = tempfile::tempdir().unwrap();
    Store::open(newer.path())
        .unwrap()
        .force_schema_version_for_tests(pestor::store::SCHEMA_VERSION + 1)
        .unwrap();
    let path = newer.path().to_str().unwrap();
    let (ok, message) = run_pestor(&["serve", "--addr", "127.0.0.1:0", "--data", path]);
    assert!(!ok);
    assert!(message.contains("nowszą wersję"), "{message}");
}

#[test]
fn init_and_demo_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let (ok, message) = run_pestor(&["demo", "--scale", "500", "--data", path]);
    assert!(ok, "{message}");
    assert!(message.contains("500"), "{message}");
    let (ok, message) = run_pestor(&["demo", "--scale", "10", "--data", path]);
    assert!(!ok, "refuses a non-empty directory: {message}");
    assert_eq!(
        Store::open(dir.path())
            .unwrap()
            .organization_count()
            .unwrap(),
        500
    );

    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let (ok, message) = run_pestor(&["init", "--data", path]);
    assert!(ok, "{message}");
    let server = TestServer::start_with(Options {
        data: Some(empty),
        ..Options::default()
    });
    assert_eq!(server.get("/api/v1/organizations").json()["total"], 0);
    assert!(
        server
            .get("/podmioty")
            .text()
            .contains("Nie znaleziono organizacji")
    );
}

#[test]
fn help_explains_the_commands() {
    let (ok, text) = run_pestor(&["--help"]);
    assert!(ok);
    for word in ["serve", "init", "demo", "--data"] {
        assert!(text.contains(word), "{word} missing from --help");
    }
}
