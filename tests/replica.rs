//! Read-only replicas (kiosks) of a city server, both running on loopback: the replica is
//! registered in the primary's panel, copies its public data, follows its changes within a few
//! pulls, outlives the primary's absence, refuses every write and holds nothing private.

mod common;

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::client::Client;
use common::forms::{edit_fields, post_form};
use common::{Options, TestServer};
use pestor::domain::settings::{Settings, SmtpSecurity, SmtpSettings};
use pestor::domain::user::Role;
use pestor::store::Store;

/// How long a change may take to reach a replica that pulls every second (its backoff after
/// failures stays under ten seconds).
const FOLLOW: Duration = Duration::from_secs(30);

/// Polls `check` until it holds, failing with `what` after `timeout`.
fn wait_until(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        thread::sleep(Duration::from_millis(200));
    }
}

/// A client signed in with the demo account of `role`.
fn signed_in(server: &TestServer, role: Role) -> Client {
    let login = pestor::demo::accounts::login(role);
    let mut client = Client::new(server.addr);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", login.email), ("password", login.password)],
    );
    assert_eq!(r.status, 303, "log-in as {role:?}");
    client
}

/// Registers a replica named `name` through the admin panel and returns the token the page
/// shows once.
fn register_replica(primary: &TestServer, name: &str) -> String {
    let mut admin = signed_in(primary, Role::Admin);
    let panel = admin.get("/admin").text();
    assert!(
        panel.contains("href=\"/admin/repliki\""),
        "linked from the panel"
    );
    let r = admin.submit("/admin/repliki", "/admin/repliki", &[("name", "  ")]);
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Podaj nazwę repliki"));
    let r = admin.submit("/admin/repliki", "/admin/repliki", &[("name", name)]);
    assert_eq!(r.status, 200);
    let page = r.text();
    let token = page
        .split("<code id=\"replica-token\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .expect("the token is shown")
        .to_string();
    assert_eq!(token.len(), 64, "{token}");
    assert!(page.contains(&format!(
        "pestor serve --replica-of http://{} --token {token}",
        primary.addr
    )));
    // Shown once: the list does not show it again.
    assert!(!admin.get("/admin/repliki").text().contains(&token));
    token
}

fn start_replica(primary: SocketAddr, token: &str) -> TestServer {
    TestServer::start_with(Options {
        args: vec![
            "--replica-of".into(),
            format!("http://{primary}"),
            "--token".into(),
            token.into(),
            "--pull-every".into(),
            "1".into(),
        ],
        ..Options::default()
    })
}

/// A published organisation of the primary: (slug, name).
fn some_organization(primary: &TestServer) -> (String, String) {
    let first = &primary.get("/api/v1/organizations?per_page=1").json()["items"][0];
    (
        first["slug"].as_str().unwrap().to_string(),
        first["name"].as_str().unwrap().to_string(),
    )
}

fn total(server: &TestServer, path: &str) -> u64 {
    let r = server.get(path);
    assert_eq!(r.status, 200, "{path}");
    r.json()["total"].as_u64().unwrap()
}

/// Forwards TCP connections to a target that can change: a primary restarted on a new port
/// stays reachable at the address the replica was started with.
struct Relay {
    addr: SocketAddr,
    target: Arc<Mutex<SocketAddr>>,
}

impl Relay {
    fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let target = Arc::new(Mutex::new(target));
        let current = target.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let to = *current.lock().unwrap();
                thread::spawn(move || forward(client, to));
            }
        });
        Relay { addr, target }
    }

    fn point_at(&self, target: SocketAddr) {
        *self.target.lock().unwrap() = target;
    }
}

/// Copies both ways until either side closes; a target that is down closes the client at once.
fn forward(client: TcpStream, to: SocketAddr) {
    let Ok(server) = TcpStream::connect(to) else {
        return;
    };
    let (Ok(mut from_client), Ok(mut to_server)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let upstream = thread::spawn(move || {
        let _ = io::copy(&mut from_client, &mut to_server);
        let _ = to_server.shutdown(Shutdown::Write);
    });
    let (mut from_server, mut to_client) = (server, client);
    let _ = io::copy(&mut from_server, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Both);
    let _ = upstream.join();
}

const INSTITUTION: &[(&str, &str)] = &[
    ("name", "Punkt Doradztwa dla Spółdzielni"),
    ("kind", "owes"),
    ("services", "doradztwo"),
    (
        "description",
        "Doradztwo i księgowość dla młodych spółdzielni socjalnych.",
    ),
    ("street", "ul. Szeroka 10"),
    ("postal_code", "87-100"),
    ("city", "Toruń"),
    ("district", "Stare Miasto"),
];

#[test]
fn a_replica_follows_the_primary_and_outlives_its_absence() {
    let primary = TestServer::start();
    let token = register_replica(&primary, "Kiosk w holu urzędu");
    let relay = Relay::start(primary.addr);
    let replica = start_replica(relay.addr, &token);

    // The first copy: the primary's organisations and premises.
    let (slug, name) = some_organization(&primary);
    let org_page = format!("/podmioty/{slug}");
    wait_until("the first copy", FOLLOW, || {
        replica.get(&org_page).status == 200
    });
    assert!(replica.get(&org_page).text().contains(&name));
    for register in ["organizations", "premises", "institutions", "offers"] {
        let path = format!("/api/v1/{register}");
        assert_eq!(total(&replica, &path), total(&primary, &path), "{register}");
    }
    let home = replica.get("/").text();
    assert!(home.contains("Dane z dnia "), "{home}");
    assert!(home.contains(" — kopia tylko do odczytu"));
    assert!(
        home.contains("Dane demonstracyjne"),
        "the primary's demo banner too"
    );

    // Writes on the primary reach the replica: a new record, an edited one, a deleted one.
    let mut staff = signed_in(&primary, Role::Staff);
    let r = staff.submit("/wsparcie/nowa", "/wsparcie/nowa", INSTITUTION);
    assert_eq!(r.status, 303, "{}", r.text());
    let added = "/wsparcie/punkt-doradztwa-dla-spoldzielni";
    wait_until("a new institution", FOLLOW, || {
        replica
            .get(added)
            .text()
            .contains("Punkt Doradztwa dla Spółdzielni")
    });
    let edit = format!("{org_page}/edycja");
    let fields = edit_fields(
        &staff.get(&edit).text(),
        &[("name", "Stowarzyszenie Po Zmianie Nazwy")],
    );
    let r = post_form(&mut staff, &edit, &edit, fields);
    assert_eq!(r.status, 303, "{}", r.text());
    wait_until("an edited organisation", FOLLOW, || {
        replica
            .get(&org_page)
            .text()
            .contains("Stowarzyszenie Po Zmianie Nazwy")
    });
    wait_until("the replica's search index rebuilt", FOLLOW, || {
        replica
            .get("/podmioty?q=po+zmianie+nazwy")
            .text()
            .contains(&org_page)
    });
    let before = total(&primary, "/api/v1/institutions");
    for action in ["archiwizuj", "usun"] {
        let r = staff.submit(added, &format!("{added}/{action}"), &[]);
        assert_eq!(r.status, 303, "{action}");
    }
    assert_eq!(total(&primary, "/api/v1/institutions"), before - 1);
    // The page reads the store, the list the in-memory index rebuilt just after the commit.
    wait_until("a deleted institution gone", FOLLOW, || {
        replica.get(added).status == 404 && total(&replica, "/api/v1/institutions") == before - 1
    });

    // The primary lists the replica with its last contact and lag.
    let mut admin = signed_in(&primary, Role::Admin);
    wait_until("the replica shown as current", FOLLOW, || {
        let page = admin.get("/admin/repliki").text();
        page.contains("Kiosk w holu urzędu")
            && page.contains("przed chwilą")
            && page.contains("na bieżąco")
    });

    // The primary goes away: the replica keeps serving its last data, and says so.
    let data = primary.stop();
    assert_eq!(replica.get(&org_page).status, 200);
    assert_eq!(replica.get("/podmioty").status, 200);
    wait_until("the note about the unreachable city server", FOLLOW, || {
        replica
            .get("/lokale")
            .text()
            .contains("Nie udało się połączyć z serwerem miasta od")
    });
    let page = replica.get(&org_page);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Stowarzyszenie Po Zmianie Nazwy"));
    assert!(page.text().contains(" — kopia tylko do odczytu"));

    // It comes back on the same data: the replica catches up with a new write.
    let primary = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    relay.point_at(primary.addr);
    let mut staff = signed_in(&primary, Role::Staff);
    let mut second = INSTITUTION.to_vec();
    second[0] = ("name", "Inkubator Przedsiębiorczości Społecznej");
    let r = staff.submit("/wsparcie/nowa", "/wsparcie/nowa", &second);
    assert_eq!(r.status, 303, "{}", r.text());
    wait_until("a write after the primary came back", FOLLOW, || {
        replica
            .get("/wsparcie/inkubator-przedsiebiorczosci-spolecznej")
            .status
            == 200
    });
    wait_until("the note gone once pulls succeed", FOLLOW, || {
        !replica
            .get("/")
            .text()
            .contains("Nie udało się połączyć z serwerem miasta")
    });
}

/// A kiosk in the hall (`--replica-of … --kiosk`): it shows the primary's data on kiosk pages,
/// its QR codes point at the primary, and it keeps serving when the primary stops.
#[test]
fn a_kiosk_replica_serves_the_primarys_data_and_keeps_serving_without_it() {
    let primary = TestServer::start();
    let token = register_replica(&primary, "Kiosk na parterze");
    let kiosk = TestServer::start_with(Options {
        args: vec![
            "--replica-of".into(),
            format!("http://{}", primary.addr),
            "--token".into(),
            token,
            "--pull-every".into(),
            "1".into(),
            "--kiosk".into(),
        ],
        ..Options::default()
    });
    let (slug, name) = some_organization(&primary);
    let org_page = format!("/podmioty/{slug}");
    let public_address = format!("http://{}{org_page}", primary.addr);
    wait_until("the first copy", FOLLOW, || {
        kiosk.get(&org_page).status == 200
    });

    let shows_the_record = |kiosk: &TestServer| {
        let page = kiosk.get(&org_page);
        assert_eq!(page.status, 200);
        let text = page.text();
        assert!(text.contains(&name), "the primary's record");
        assert!(text.contains("Ekran startowy"), "on a kiosk page");
        assert!(
            text.contains(&format!(
                "<p class=\"kiosk-qr-address\">{public_address}</p>"
            )),
            "the QR code names the record on the city server"
        );
        assert_eq!(kiosk.get("/kiosk").status, 200);
        assert_eq!(kiosk.get("/kiosk/pokaz").status, 200);
        let query: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
        let search = kiosk.get(&format!("/podmioty?q={query}"));
        assert!(search.text().contains(&org_page), "the search finds it");
        let login = kiosk.get("/konto/logowanie");
        assert_eq!(login.status, 404);
        assert!(login.text().contains("Tej strony nie ma w kiosku"));
    };
    shows_the_record(&kiosk);
    for register in ["organizations", "premises", "institutions", "offers"] {
        let path = format!("/api/v1/{register}");
        assert_eq!(total(&kiosk, &path), total(&primary, &path), "{register}");
    }

    // The city server goes away: the kiosk notices, and goes on with the last copy.
    let _data = primary.stop();
    wait_until(
        "the kiosk has noticed the city server is gone",
        FOLLOW,
        || {
            kiosk
                .get("/podmioty")
                .text()
                .contains("Nie udało się połączyć z serwerem miasta od")
        },
    );
    shows_the_record(&kiosk);
}

/// Settings with a mail server log-in, which must never reach a kiosk.
fn settings_with_mail_password() -> Settings {
    Settings {
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: 9,
            security: SmtpSecurity::None,
            user: "pes".into(),
            password: "haslo-poczty-miasta".into(),
            sender_address: "pes@torun.example".into(),
            sender_name: "Platforma PES-TOR".into(),
        }),
        ..Settings::default()
    }
}

#[test]
fn a_replica_refuses_writes_and_holds_nothing_private() {
    let data = tempfile::tempdir().unwrap();
    Store::open(data.path())
        .unwrap()
        .save_settings(&settings_with_mail_password(), None)
        .unwrap();
    let primary = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    let token = register_replica(&primary, "Kiosk w bibliotece");

    // Only a registered, active token is let in.
    let changes = "/api/replica/changes?after=0&instance=x&generation=1";
    let wrong = format!("Bearer {}", "0".repeat(64));
    for headers in [vec![], vec![("Authorization", wrong.as_str())]] {
        let r = primary.request("GET", changes, &headers, b"");
        assert_eq!(r.status, 401);
        assert!(
            r.text().contains("nie przyjmuje tego klucza repliki"),
            "{}",
            r.text()
        );
    }
    let r = primary.request(
        "GET",
        "/api/replica/snapshot",
        &[("Authorization", &wrong)],
        b"",
    );
    assert_eq!(r.status, 401);

    let replica = start_replica(primary.addr, &token);
    let (slug, _) = some_organization(&primary);
    wait_until("the first copy", FOLLOW, || {
        replica.get(&format!("/podmioty/{slug}")).status == 200
    });

    // Writing routes and everything about accounts answer with the explanation.
    let original = format!("http://{}", primary.addr);
    let explained = |response: common::HttpResponse, what: &str| {
        assert_eq!(response.status, 403, "{what}");
        let html = response.text();
        assert!(
            html.contains("Ta kopia służy tylko do przeglądania"),
            "{what}: {html}"
        );
        assert!(
            html.contains(&format!("href=\"{original}/")),
            "{what}: a link to the original"
        );
    };
    let mut visitor = Client::new(replica.addr);
    explained(
        visitor.post("/zapytania/nowe", &[("message", "Dzień dobry")]),
        "POST an enquiry",
    );
    explained(
        visitor.post("/konto/logowanie", &[("email", "a@b.pl")]),
        "POST log-in",
    );
    for path in [
        "/konto/logowanie",
        "/konto/rejestracja",
        "/admin",
        "/admin/repliki",
        "/subskrypcje",
        "/zapytania/nowe",
        "/podmioty/nowa",
    ] {
        explained(visitor.get(path), path);
    }
    let api = replica.request("GET", changes, &[("Authorization", &wrong)], b"");
    assert_eq!(api.status, 403);
    assert!(api.text().contains("kopia tylko do odczytu"));
    let home = replica.get("/").text();
    assert!(
        !home.contains("href=\"/konto/logowanie\""),
        "no log-in link"
    );
    assert!(
        !home.contains("href=\"/subskrypcje\""),
        "no subscriptions link"
    );

    // No account's address appears anywhere a visitor can go.
    for path in [
        "/",
        "/podmioty",
        &format!("/podmioty/{slug}"),
        "/oferty",
        "/lokale",
        "/wsparcie",
        "/zapotrzebowanie",
        "/o-platformie",
        "/prywatnosc",
        "/api/v1/organizations",
        "/api/v1/needs",
    ] {
        let page = replica.get(path).text();
        for login in pestor::demo::accounts::LOGINS {
            assert!(!page.contains(login.email), "{path} shows {}", login.email);
        }
    }
    assert_eq!(replica.get("/api/v1/users").status, 404);

    // The panel shows the replica, current; revoking it ends its pulls but not its pages.
    let mut admin = signed_in(&primary, Role::Admin);
    wait_until("the replica shown as current", FOLLOW, || {
        let page = admin.get("/admin/repliki").text();
        page.contains("Kiosk w bibliotece") && page.contains("na bieżąco")
    });
    let r = admin.submit("/admin/repliki", "/admin/repliki/1/odwolaj", &[]);
    assert_eq!(r.status, 303);
    assert!(admin.get("/admin/repliki").text().contains("odwołana"));
    let bearer = format!("Bearer {token}");
    let r = primary.request("GET", changes, &[("Authorization", &bearer)], b"");
    assert_eq!(r.status, 401, "a revoked token is refused");
    thread::sleep(Duration::from_secs(2));
    assert_eq!(replica.get(&format!("/podmioty/{slug}")).status, 200);

    // The replica's database holds the public tables and nothing else.
    let replica_data = replica.stop();
    {
        let store = Store::open(replica_data.path()).unwrap();
        assert!(store.users().unwrap().is_empty(), "no accounts");
        assert!(store.replicas().unwrap().is_empty());
        assert_eq!(store.outbox_counts().unwrap().pending, 0);
        assert!(store.settings().unwrap().smtp.is_none(), "no mail log-in");
        assert!(store.organization_count().unwrap() > 0);
        assert!(store.replica_position().unwrap().is_some());
    }
    let bytes = std::fs::read(replica_data.path().join(pestor::store::DATABASE_FILE)).unwrap();
    assert!(
        !bytes
            .windows(b"haslo-poczty-miasta".len())
            .any(|w| w == b"haslo-poczty-miasta"),
        "the mail password is nowhere in the replica's file"
    );

    // A replica's directory is not served as a platform of its own, nor a platform's as a
    // replica: nothing is overwritten by mistake.
    let primary_data = primary.stop();
    let (ok, message) = run_pestor(&["serve", "--addr", "127.0.0.1:0"], replica_data.path());
    assert!(
        !ok && message.contains("replikę tylko do odczytu"),
        "{message}"
    );
    let (ok, message) = run_pestor(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--replica-of",
            "http://127.0.0.1:9",
            "--token",
            &token,
        ],
        primary_data.path(),
    );
    assert!(!ok, "{message}");
    assert!(
        message.contains("samodzielną instancję PES-TOR z "),
        "{message}"
    );
    assert!(message.contains("Nic nie zmieniono"), "{message}");
    let store = Store::open(primary_data.path()).unwrap();
    assert!(
        !store.users().unwrap().is_empty(),
        "the primary's accounts are intact"
    );
}

/// Runs `pestor ARGS --data DIR`, which must end by itself within a few seconds (a refusal):
/// (success, what it printed on stderr).
fn run_pestor(args: &[&str], data: &std::path::Path) -> (bool, String) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pestor"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pestor");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for pestor") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pestor {args:?} kept running instead of refusing");
        }
        thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    (status.success(), stderr)
}
