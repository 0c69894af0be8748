//! Scheduled snapshots, the admin page of backups, the push of snapshots to a remote target
//! (plain PUT and S3), and the local channel of `pestor snapshot` — against the real server.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::client::{Client, csrf_token};
use common::{Options, TestServer, request};
use pestor::domain::user::Role;
use pestor::snapshot::retention::parse_name;
use pestor::store::Store;

const PASSWORD: &str = "hasło do kopii zapasowych";
const ADMIN: &str = "admin@torun.example";
const STAFF: &str = "urzad@torun.example";
const RESIDENT: &str = "mieszkaniec@example.pl";

/// A data directory with three organisations, an administrator, a staff member and a resident.
fn prepared_data() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap();
    let orgs = pestor::demo::organizations(3, pestor::demo::DEFAULT_SEED);
    store.insert_organizations(orgs).unwrap();
    let hash = pestor::auth::hash_password(PASSWORD).unwrap();
    for (email, role) in [
        (ADMIN, Role::Admin),
        (STAFF, Role::Staff),
        (RESIDENT, Role::Resident),
    ] {
        store
            .save_user(common::accounts::active_user(email, role, &hash), None)
            .unwrap();
    }
    store.mark_initialised().unwrap();
    data
}

fn start(data: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> TestServer {
    let mut all = vec!["--no-demo".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    TestServer::start_with(Options {
        data: Some(data),
        args: all,
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Options::default()
    })
}

fn log_in(server: &TestServer, email: &str) -> Client {
    let mut client = Client::new(server.addr);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", email), ("password", PASSWORD)],
    );
    assert_eq!(r.status, 303, "log-in as {email}");
    client
}

fn kopie(data: &Path) -> PathBuf {
    data.join("kopie")
}

/// The names of the scheduled snapshots in `dir` (regular files only).
fn snapshots(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| parse_name(n).is_some())
                .collect()
        })
        .unwrap_or_default()
}

fn wait_for<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `bytes` as a file, checked completely by the snapshot reader.
fn verify_bytes(bytes: &[u8]) -> pestor::snapshot::VerifyReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pobrana.pestor");
    std::fs::write(&path, bytes).unwrap();
    pestor::snapshot::verify(&path, &pestor::snapshot::no_progress)
        .unwrap_or_else(|e| panic!("the snapshot does not verify: {e}"))
}

fn ok_page(client: &mut Client, path: &str) -> String {
    let r = client.get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.text()
}

/// Clicks a button of `/admin/kopie` (a POST with the page's CSRF token).
fn press(client: &mut Client, action: &str) -> common::HttpResponse {
    let page = ok_page(client, "/admin/kopie");
    let token = csrf_token(&page).expect("a CSRF token on the backups page");
    client.post(action, &[("csrf", &token)])
}

#[test]
fn the_schedule_takes_verifiable_snapshots_on_its_own() {
    let server = start(
        prepared_data(),
        &[],
        &[("PESTOR_SNAPSHOT_INTERVAL_SECS", "1")],
    );
    let dir = kopie(server.data_path());
    let first = wait_for(
        "a first scheduled snapshot",
        Duration::from_secs(60),
        || snapshots(&dir).into_iter().next_back(),
    );
    let report = pestor::snapshot::verify(&dir.join(&first), &pestor::snapshot::no_progress)
        .unwrap_or_else(|e| panic!("{first}: {e}"));
    assert_eq!(report.header.scope, pestor::snapshot::Scope::Full);
    assert!(
        report.header.total_entries() >= 6,
        "organisations and accounts"
    );
    // And again, one interval later; retention keeps the newest of today.
    let later = wait_for("a later snapshot", Duration::from_secs(60), || {
        snapshots(&dir)
            .into_iter()
            .next_back()
            .filter(|n| *n > first)
    });
    pestor::snapshot::verify(&dir.join(&later), &pestor::snapshot::no_progress).unwrap();
    // A status appears on the admin page.
    let mut admin = log_in(&server, ADMIN);
    let page = ok_page(&mut admin, "/admin/kopie");
    assert!(page.contains("na żądanie administratora") || page.contains("według harmonogramu"));
    assert!(page.contains("co 1 sekundę"), "interval shown");
    let (status, _) = server.stop_with_status();
    assert!(status.success(), "a clean stop: {status}");
}

#[test]
fn the_admin_page_lists_takes_and_serves_snapshots_and_a_clean_stop_adds_one() {
    let data = prepared_data();
    let dir = kopie(data.path());
    std::fs::create_dir_all(&dir).unwrap();
    // An old snapshot of this instance, from another day, and files that are not ours.
    {
        let store = Store::open(data.path()).unwrap();
        pestor::snapshot::export_to_file(
            &store,
            pestor::snapshot::Scope::Full,
            &dir.join("pestor-2020-01-01-000000.pestor"),
            &pestor::snapshot::no_progress,
        )
        .unwrap();
    }
    std::fs::write(dir.join("notatki.txt"), b"kopie przed migracja").unwrap();
    std::os::unix::fs::symlink(
        data.path().join("pestor.redb"),
        dir.join("pestor-2019-01-01-000000.pestor"),
    )
    .unwrap();
    let server = start(data, &[], &[("PESTOR_SNAPSHOT_INTERVAL_SECS", "3600")]);

    // Only the administrator gets in.
    let mut anonymous = Client::new(server.addr);
    let r = anonymous.get("/admin/kopie");
    assert_eq!(r.status, 303);
    assert!(
        r.header("location")
            .unwrap()
            .starts_with("/konto/logowanie")
    );
    for email in [STAFF, RESIDENT] {
        let mut client = log_in(&server, email);
        let token = csrf_token(&client.get("/konto").text()).unwrap();
        for path in [
            "/admin/kopie",
            "/admin/kopie/pliki/pestor-2020-01-01-000000.pestor",
        ] {
            assert_eq!(client.get(path).status, 403, "{email} {path}");
        }
        for path in ["/admin/kopie/teraz", "/admin/kopie/swieza"] {
            assert_eq!(
                client.post(path, &[("csrf", &token)]).status,
                403,
                "{email} {path}"
            );
        }
        if email == STAFF {
            assert!(!ok_page(&mut client, "/admin").contains("/admin/kopie"));
        }
    }
    assert_eq!(
        snapshots(&dir).len(),
        1,
        "the refused requests took nothing"
    );

    let mut admin = log_in(&server, ADMIN);
    assert!(ok_page(&mut admin, "/admin").contains("href=\"/admin/kopie\""));
    let page = ok_page(&mut admin, "/admin/kopie");
    assert!(page.contains("pestor-2020-01-01-000000.pestor"));
    assert!(page.contains("1 stycznia 2020"), "Polish dates");
    assert!(!page.contains("notatki.txt"));
    assert!(
        !page.contains("pestor-2019-01-01"),
        "a link is not a snapshot"
    );
    assert!(page.contains("pestor snapshot restore"), "how to restore");
    assert!(page.contains("Kopie zapasowe, przywracanie i repliki"));
    assert!(page.contains("co 1 godzinę") || page.contains("co godzinę"));

    // A CSRF token is needed.
    assert_eq!(admin.post("/admin/kopie/teraz", &[]).status, 403);
    assert_eq!(snapshots(&dir).len(), 1);

    // "Zrób kopię teraz": a new snapshot in the directory, then back to the page.
    let r = press(&mut admin, "/admin/kopie/teraz");
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_string();
    let taken = location
        .strip_prefix("/admin/kopie?kopia=")
        .unwrap()
        .to_string();
    assert!(parse_name(&taken).is_some(), "{taken}");
    assert_eq!(
        snapshots(&dir),
        BTreeSet::from(["pestor-2020-01-01-000000.pestor".to_string(), taken.clone()])
    );
    let page = ok_page(&mut admin, &location);
    assert!(page.contains(&format!("Zrobiono kopię {taken}")));
    assert!(page.contains("na żądanie administratora"));
    assert!(
        page.contains("2 kopie w katalogu"),
        "Polish plural in the caption"
    );

    // Each listed snapshot downloads, whole and verifiable.
    for name in [&taken, "pestor-2020-01-01-000000.pestor"] {
        let r = admin.get(&format!("/admin/kopie/pliki/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(
            r.header("content-disposition").unwrap(),
            format!("attachment; filename=\"{name}\"")
        );
        assert_eq!(r.body, std::fs::read(dir.join(name)).unwrap());
        verify_bytes(&r.body);
    }
    // Nothing else does: other names, paths out of the directory, links.
    for path in [
        "/admin/kopie/pliki/notatki.txt",
        "/admin/kopie/pliki/pestor.redb",
        "/admin/kopie/pliki/..%2Fpestor.redb",
        "/admin/kopie/pliki/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/admin/kopie/pliki/../pestor.redb",
        "/admin/kopie/pliki/..%2Fkopie%2Fpestor-2020-01-01-000000.pestor",
        "/admin/kopie/pliki/pestor-2020-01-01-000000.pestor%00",
        "/admin/kopie/pliki/pestor-2020-01-01-000000.pestor.part",
        "/admin/kopie/pliki/pestor-2019-01-01-000000.pestor",
        "/admin/kopie/pliki/pestor-2021-01-01-000000.pestor",
        "/admin/kopie/pliki/%2Fetc%2Fpasswd",
    ] {
        assert_eq!(admin.get(path).status, 404, "{path}");
    }

    // "Pobierz świeżą kopię": a full snapshot as a download, nothing left on the server.
    let r = press(&mut admin, "/admin/kopie/swieza");
    assert_eq!(r.status, 200);
    let disposition = r.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"pestor-")
            && disposition.contains("-kopia-"),
        "{disposition}"
    );
    let report = verify_bytes(&r.body);
    assert_eq!(report.header.scope, pestor::snapshot::Scope::Full);
    assert_eq!(snapshots(&dir).len(), 2);
    let work = server.data_path().join(pestor::snapshot::WORK_DIR);
    assert_eq!(std::fs::read_dir(&work).map(|d| d.count()).unwrap_or(0), 0);

    // A clean stop takes one more snapshot; retention keeps the newest of each day.
    let before = snapshots(&dir);
    let stopped_at = pestor::text::format::file_stamp(pestor::domain::now());
    let (status, data) = server.stop_with_status();
    assert!(status.success(), "{status}");
    let dir = kopie(data.path());
    let after = snapshots(&dir);
    let new: Vec<&String> = after.difference(&before).collect();
    assert_eq!(new.len(), 1, "before {before:?}, after {after:?}");
    let last = new[0];
    assert_eq!(after.iter().next_back(), Some(last), "the newest");
    assert!(last.as_str() >= format!("pestor-{stopped_at}").as_str());
    pestor::snapshot::verify(&dir.join(last), &pestor::snapshot::no_progress).unwrap();
    assert!(
        after.contains("pestor-2020-01-01-000000.pestor"),
        "another day's is kept"
    );
    assert!(
        dir.join("notatki.txt").exists(),
        "foreign files are never deleted"
    );
    assert!(
        std::fs::symlink_metadata(dir.join("pestor-2019-01-01-000000.pestor")).is_ok(),
        "a link is not ours to delete"
    );
    assert!(!data.path().join(pestor::snapshot::CONTROL_FILE).exists());
}

/// One request a fake target received.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A tiny HTTP server standing in for the backup storage: it answers each request with the next
/// status of its script (then 200) and keeps what it received.
struct FakeTarget {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeTarget {
    fn start(script: &[u16]) -> FakeTarget {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(
            script.iter().copied().collect::<VecDeque<u16>>(),
        ));
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                let script = script.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &log, &script);
                });
            }
        });
        FakeTarget { addr, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn wait_for(&self, count: usize) -> Vec<Received> {
        wait_for(
            &format!("{count} requests at the fake target"),
            Duration::from_secs(60),
            || {
                let got = self.received();
                (got.len() >= count).then_some(got)
            },
        )
    }
}

fn serve_one(
    stream: std::net::TcpStream,
    log: &Mutex<Vec<Received>>,
    script: &Mutex<VecDeque<u16>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut writer = stream;
    if find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let length: usize = find("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let status = script.lock().unwrap().pop_front().unwrap_or(200);
    log.lock().unwrap().push(Received {
        method,
        target,
        headers,
        body,
    });
    write!(
        writer,
        "HTTP/1.1 {status} Odpowiedz\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    writer.flush()
}

/// Waits until the backups page shows a push outcome for `file`, and returns the page.
fn push_reported(admin: &mut Client, file: &str, outcome: &str) -> String {
    wait_for(
        &format!("the push of {file} reported as „{outcome}”"),
        Duration::from_secs(60),
        || {
            let page = ok_page(admin, "/admin/kopie");
            let reported = page.contains(&format!("{outcome}</span> {file},"));
            reported.then_some(page)
        },
    )
}

fn take_now(admin: &mut Client, dir: &Path) -> (String, Vec<u8>) {
    let r = press(admin, "/admin/kopie/teraz");
    assert_eq!(r.status, 303);
    let name = r
        .header("location")
        .unwrap()
        .strip_prefix("/admin/kopie?kopia=")
        .unwrap()
        .to_string();
    let bytes = std::fs::read(dir.join(&name)).unwrap();
    (name, bytes)
}

#[test]
fn snapshots_are_put_with_the_token_retried_and_failures_reported() {
    // First snapshot: accepted at once. Second: 500, then accepted. Third: refused three times.
    let target = FakeTarget::start(&[200, 500, 200, 503, 503, 503]);
    let url = format!("http://{}/kopie/torun/", target.addr);
    let server = start(
        prepared_data(),
        &["--snapshot-interval", "0", "--push-url", &url],
        &[
            ("PESTOR_PUSH_TOKEN", "sekretny-token-kopii"),
            // Only the waits between attempts are shortened by this (the schedule is off).
            ("PESTOR_SNAPSHOT_INTERVAL_SECS", "0"),
        ],
    );
    let dir = kopie(server.data_path());
    let mut admin = log_in(&server, ADMIN);
    let page = ok_page(&mut admin, "/admin/kopie");
    assert!(page.contains(&format!(
        "PUT na adres http://{}/kopie/torun/… z tokenem",
        target.addr
    )));
    assert!(
        !page.contains("sekretny-token-kopii"),
        "the token is never shown"
    );

    let (first, bytes) = take_now(&mut admin, &dir);
    let got = target.wait_for(1);
    assert_eq!(got[0].method, "PUT");
    assert_eq!(got[0].target, format!("/kopie/torun/{first}"));
    assert_eq!(
        got[0].header("authorization"),
        Some("Bearer sekretny-token-kopii")
    );
    assert_eq!(
        got[0].header("content-length"),
        Some(bytes.len().to_string().as_str())
    );
    assert!(got[0].body == bytes, "the body is the snapshot file");
    let page = push_reported(&mut admin, &first, "wysłano");
    assert!(page.contains("(1 próba)"), "{page}");

    let (second, bytes) = take_now(&mut admin, &dir);
    let got = target.wait_for(3);
    assert_eq!(got[1].target, format!("/kopie/torun/{second}"));
    assert!(got[2].body == bytes, "the retry sends the whole file again");
    let page = push_reported(&mut admin, &second, "wysłano");
    assert!(page.contains("(2 próby)"), "{page}");

    let (third, _) = take_now(&mut admin, &dir);
    target.wait_for(6);
    let page = push_reported(&mut admin, &third, "nie udało się wysłać");
    assert!(page.contains("(3 próby)"), "{page}");
    assert!(page.contains("odpowiedział kodem 503"), "{page}");
    assert!(ok_page(&mut admin, "/admin").contains("Nie udało się wysłać kopii"));
    // The server goes on as before.
    assert_eq!(server.get("/").status, 200);
    assert_eq!(target.received().len(), 6, "no more attempts");
    let (status, _) = server.stop_with_status();
    assert!(status.success());
}

#[test]
fn snapshots_are_put_to_an_s3_bucket_with_a_presigned_url() {
    let target = FakeTarget::start(&[]);
    let endpoint = format!("http://{}", target.addr);
    let secret = "tajny-klucz-s3-ktorego-nie-widac";
    let server = start(
        prepared_data(),
        &[
            "--snapshot-interval",
            "0",
            "--s3-endpoint",
            &endpoint,
            "--s3-bucket",
            "kopie-gminy",
            "--s3-region",
            "eu-central-1",
            "--s3-access-key-id",
            "PESTORKEYID",
            "--s3-path-style",
            "--s3-prefix",
            "torun/",
        ],
        &[("PESTOR_S3_SECRET_KEY", secret)],
    );
    let dir = kopie(server.data_path());
    let mut admin = log_in(&server, ADMIN);
    let page = ok_page(&mut admin, "/admin/kopie");
    assert!(page.contains("zasobnik „kopie-gminy”"), "{page}");
    assert!(page.contains("PESTORKEYID"));
    assert!(!page.contains(secret), "the secret key is never shown");

    let (name, bytes) = take_now(&mut admin, &dir);
    let got = target.wait_for(1);
    let put = &got[0];
    assert_eq!(put.method, "PUT");
    let (path, query) = put.target.split_once('?').expect("a presigned query");
    assert_eq!(path, format!("/kopie-gminy/torun/{name}"));
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} in {query}"))
    };
    assert_eq!(param("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
    let credential: Vec<&str> = param("X-Amz-Credential").split('/').collect();
    assert_eq!(credential.len(), 5, "{credential:?}");
    assert_eq!(credential[0], "PESTORKEYID");
    assert_eq!(credential[2..], ["eu-central-1", "s3", "aws4_request"]);
    assert_eq!(param("X-Amz-SignedHeaders"), "host");
    let signature = param("X-Amz-Signature");
    assert!(
        signature.len() == 64 && signature.bytes().all(|b| b.is_ascii_hexdigit()),
        "{signature}"
    );
    assert!(!query.contains(secret));
    assert_eq!(put.header("authorization"), None);
    assert_eq!(put.header("host"), Some(target.addr.to_string().as_str()));
    assert!(put.body == bytes);
    push_reported(&mut admin, &name, "wysłano");
    server.stop();
}

#[test]
fn a_wrong_s3_or_push_setting_stops_the_start_with_a_message() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let data = tempfile::tempdir().unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pestor"));
        command
            .arg("serve")
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--data")
            .arg(data.path())
            .args(args)
            .env_remove("PESTOR_S3_SECRET_KEY");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let missing = run(
        &[
            "--s3-endpoint",
            "http://127.0.0.1:9",
            "--s3-bucket",
            "b",
            "--s3-access-key-id",
            "K",
        ],
        &[],
    );
    assert!(missing.contains("PESTOR_S3_SECRET_KEY"), "{missing}");
    let no_token = run(&["--push-url", "https://kopie.example/pestor"], &[]);
    assert!(no_token.contains("token"), "{no_token}");
    let both = run(
        &[
            "--push-url",
            "https://kopie.example/",
            "--s3-endpoint",
            "https://s3.example",
        ],
        &[("PESTOR_PUSH_TOKEN", "t")],
    );
    assert!(both.contains("nie oba"), "{both}");
    let ip = run(
        &[
            "--s3-endpoint",
            "http://127.0.0.1:9",
            "--s3-bucket",
            "b",
            "--s3-access-key-id",
            "K",
        ],
        &[("PESTOR_S3_SECRET_KEY", "s")],
    );
    assert!(ip.contains("--s3-path-style"), "{ip}");
    let growth = run(&["--compact-growth", "50"], &[]);
    assert!(growth.contains("--compact-growth"), "{growth}");
}

#[test]
fn the_local_channel_answers_only_its_token_from_this_machine() {
    let server = start(prepared_data(), &["--snapshot-interval", "0"], &[]);
    let control_path = server.data_path().join(pestor::snapshot::CONTROL_FILE);
    let mode = std::fs::metadata(&control_path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "control.json is the owner's only");
    let control: pestor::snapshot::Control =
        serde_json::from_slice(&std::fs::read(&control_path).unwrap()).unwrap();
    assert_eq!(control.url, format!("http://{}", server.addr));
    assert_eq!(control.pid, server.pid());
    assert_eq!(control.token.len(), 64);

    let bearer = format!("Bearer {}", control.token);
    let r = request(
        server.addr,
        "GET",
        "/api/local/snapshot",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-disposition").unwrap().contains("-kopia-"));
    let report = verify_bytes(&r.body);
    assert_eq!(report.header.scope, pestor::snapshot::Scope::Full);
    assert!(report.header.total_entries() >= 6);
    assert!(
        snapshots(&kopie(server.data_path())).is_empty(),
        "nothing left behind"
    );

    let mut wrong = control.token.clone();
    wrong.replace_range(0..1, if wrong.starts_with('a') { "b" } else { "a" });
    for (headers, status) in [
        (vec![], 401),
        (vec![("Authorization", format!("Bearer {wrong}"))], 401),
        (vec![("Authorization", "Bearer ".to_string())], 401),
        (vec![("Authorization", control.token.clone())], 401),
        (
            vec![("Authorization", format!("Basic {}", control.token))],
            401,
        ),
        (
            vec![
                ("Authorization", bearer.clone()),
                ("X-Forwarded-For", "203.0.113.5".to_string()),
            ],
            403,
        ),
        (
            vec![
                ("Authorization", bearer.clone()),
                ("Forwarded", "for=203.0.113.5".to_string()),
            ],
            403,
        ),
    ] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = request(server.addr, "GET", "/api/local/snapshot", &headers, b"");
        assert_eq!(r.status, status, "{headers:?}");
        assert!(r.body.len() < 1000, "a short text, not a snapshot");
        assert!(r.text().contains("control.json") || r.text().contains("komputerze"));
    }
    // A session is no substitute for the token.
    let mut admin = log_in(&server, ADMIN);
    assert_eq!(admin.get("/api/local/snapshot").status, 401);

    let (status, data) = server.stop_with_status();
    assert!(status.success());
    assert!(
        !data.path().join(pestor::snapshot::CONTROL_FILE).exists(),
        "removed at a clean stop"
    );
}
