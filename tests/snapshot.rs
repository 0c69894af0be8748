//! `pestor snapshot export|verify|restore` and `pestor compact` end to end, with the real binary.
//!
//! The demo data set (organisations, accounts, photos and logos) is made once by starting a
//! server on a fresh directory and stopping it cleanly; it is then exported, verified and
//! restored into another directory, which must hold exactly the same records and serve the same
//! pages and photos. Damaged, foreign and newer files are refused by `verify` and `restore` with
//! a Polish reason and a non-zero exit status, and the database file of the data directory stays
//! byte for byte as it was.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{Options, TestServer};
use pestor::snapshot::{FORMAT_VERSION, Header, Scope, Snapshot};
use pestor::store::{DATABASE_FILE, SCHEMA_VERSION, Store};
use sha2::{Digest, Sha256};

fn run(args: &[&str], data: &Path, dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pestor"));
    command
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "warn")
        .env_remove("PESTOR_DATA");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("run pestor")
}

fn pestor(args: &[&str], data: &Path) -> Output {
    run(args, data, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Asserts a refusal: non-zero exit status and `phrase` in the message. Returns the message.
fn refused(out: &Output, phrase: &str) -> String {
    let message = text(&out.stderr);
    assert!(
        !out.status.success(),
        "expected a refusal, got success: {}",
        text(&out.stdout)
    );
    assert!(
        message.contains(phrase),
        "expected {phrase:?} in: {message}"
    );
    message
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The demo data set, exported once, and what the server showed of it.
struct Demo {
    /// The data directory the server seeded (kept).
    data: tempfile::TempDir,
    /// Holds the snapshot file.
    files: tempfile::TempDir,
    snapshot: PathBuf,
    org_slug: String,
    org_name: String,
    logo_url: String,
    logo: Vec<u8>,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let server = TestServer::start();
        // A demo organisation with a logo (the first few have one).
        let org = server.get("/api/v1/organizations/1").json();
        let org_slug = org["slug"].as_str().expect("slug").to_string();
        let org_name = org["name"].as_str().expect("name").to_string();
        let logo_url = org["logo_url"].as_str().expect("a demo logo").to_string();
        let logo = server.get(&logo_url);
        assert_eq!(logo.status, 200);
        let (status, data) = server.stop_with_status();
        assert!(status.success(), "the server stopped cleanly: {status:?}");

        let files = tempfile::tempdir().unwrap();
        let snapshot = files.path().join("demo.pestor");
        let out = pestor(&["snapshot", "export", "--out", s(&snapshot)], data.path());
        let summary = succeeded(&out);
        assert!(summary.contains("Zapisano kopię zapasową"), "{summary}");
        assert!(summary.contains(" tabelach"), "{summary}");
        assert!(summary.contains("MB/s"), "{summary}");
        Demo {
            data,
            files,
            snapshot,
            org_slug,
            org_name,
            logo_url,
            logo: logo.body,
        }
    })
}

fn demo_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(&demo().snapshot).unwrap())
}

/// A fresh data directory restored from the demo snapshot (the same instance).
fn restored_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    succeeded(&pestor(
        &["snapshot", "restore", s(&demo().snapshot)],
        dir.path(),
    ));
    dir
}

fn database(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(DATABASE_FILE)).unwrap()
}

/// Files of a data directory other than the database: what a restore leaves behind.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != DATABASE_FILE)
        .collect();
    names.sort();
    names
}

/// Replaces the last 32 bytes with the SHA-256 of the rest, as the writer does.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let end = bytes.len() - 32;
    let digest = Sha256::digest(&bytes[..end]);
    bytes[end..].copy_from_slice(&digest);
    bytes
}

/// The demo snapshot with its header changed by `change`, sealed with a good checksum.
fn with_header(change: impl FnOnce(&mut Header)) -> Vec<u8> {
    let bytes = demo_bytes();
    let len = u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize;
    let mut header: Header = rmp_serde::from_slice(&bytes[24..24 + len]).unwrap();
    change(&mut header);
    let encoded = rmp_serde::to_vec_named(&header).unwrap();
    let mut out = bytes[..20].to_vec();
    out.extend_from_slice(&(encoded.len() as u32).to_le_bytes());
    out.extend_from_slice(&encoded);
    out.extend_from_slice(&bytes[24 + len..]);
    reseal(out)
}

#[test]
fn a_demo_database_survives_export_verify_and_restore_exactly() {
    let demo = demo();
    let original = Snapshot::open(&demo.snapshot).unwrap();
    let media = original
        .header
        .tables
        .iter()
        .find(|t| t.name == "media_v1")
        .unwrap();
    assert!(media.entries >= 6, "the demo photos are in the snapshot");

    let verified = succeeded(&pestor(
        &["snapshot", "verify", s(&demo.snapshot)],
        demo.data.path(),
    ));
    for phrase in [
        "Kopia zapasowa jest poprawna",
        "format pliku:",
        "wersja 1",
        "rodzaj kopii:",
        "pełna",
        original.header.instance_id.as_str(),
        "generacja danych:",
        "pozycja dziennika zmian:",
        "utworzona:",
        "wersja programu:",
        "organizations_v1",
        "media_v1",
        "razem:",
        "rozmiar pliku:",
        "dane przed kompresją:",
    ] {
        assert!(verified.contains(phrase), "{phrase:?} in {verified}");
    }

    let target = tempfile::tempdir().unwrap();
    let done = succeeded(&pestor(
        &["snapshot", "restore", s(&demo.snapshot)],
        target.path(),
    ));
    assert!(done.contains("Przywrócono dane z kopii"), "{done}");
    assert!(
        done.contains("katalog danych nie miał wcześniej bazy"),
        "{done}"
    );
    assert_eq!(leftovers(target.path()), Vec::<String>::new());

    // Export the restored database and compare it with the original, table by table.
    let again = demo.files.path().join("restored.pestor");
    succeeded(&pestor(
        &["snapshot", "export", "--out", s(&again)],
        target.path(),
    ));
    let restored = Snapshot::open(&again).unwrap();
    assert_eq!(restored.header.tables, original.header.tables);
    assert_eq!(restored.header.instance_id, original.header.instance_id);
    assert_eq!(
        restored.header.changelog_position,
        original.header.changelog_position
    );
    assert_eq!(restored.header.generation, original.header.generation + 1);
    let before = original
        .table_digests(&pestor::snapshot::no_progress)
        .unwrap();
    let after = restored
        .table_digests(&pestor::snapshot::no_progress)
        .unwrap();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.name, a.name);
        assert_eq!(b.entries, a.entries, "{}", b.name);
        if b.name != "meta" {
            assert_eq!(b.digest, a.digest, "records of {} differ", b.name);
        }
    }
    // The facts of the instance are the same but for the generation, raised by one.
    let meta_before = original.table_entries("meta").unwrap().unwrap();
    let meta_after = restored.table_entries("meta").unwrap().unwrap();
    assert_eq!(meta_before.len(), meta_after.len());
    for ((key, value), (key_after, value_after)) in meta_before.iter().zip(&meta_after) {
        assert_eq!(key, key_after);
        if key.as_slice() == b"generation" {
            let old = u64::from_le_bytes(value.as_slice().try_into().unwrap());
            assert_eq!(value_after.as_slice(), (old + 1).to_le_bytes());
        } else {
            assert_eq!(value, value_after, "meta {}", text(key));
        }
    }

    // The restored instance serves the demo organisation and its logo.
    let server = TestServer::start_with(Options {
        data: Some(target),
        ..Options::default()
    });
    let page = server.get(&format!("/podmioty/{}", demo.org_slug));
    assert_eq!(page.status, 200);
    let org = server.get("/api/v1/organizations/1").json();
    assert_eq!(org["slug"], demo.org_slug.as_str());
    assert_eq!(org["name"], demo.org_name.as_str());
    assert_eq!(org["logo_url"], demo.logo_url.as_str());
    let logo = server.get(&demo.logo_url);
    assert_eq!(logo.status, 200);
    assert_eq!(logo.header("content-type"), Some("image/jpeg"));
    assert_eq!(logo.body, demo.logo);
    let (status, _) = server.stop_with_status();
    assert!(status.success());
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_and_the_data_stays_as_it_was() {
    let valid = demo_bytes();
    let header_len = u32::from_le_bytes(valid[20..24].try_into().unwrap()) as usize;
    let len = valid.len();
    let flipped = |at: usize| {
        let mut bytes = valid.to_vec();
        bytes[at] ^= 0x10;
        bytes
    };
    let png = {
        let mut out = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let target = restored_demo();
    let redb_file = database(target.path());
    let zstd_file = zstd::encode_all(&b"PESTOR-SNAPSHOT\n to nie jest kopia"[..], 3).unwrap();

    const TRUNCATED: &str = "plik jest ucięty";
    const CHECKSUM: &str = "suma kontrolna się nie zgadza";
    const FOREIGN: &str = "to nie jest kopia zapasowa PES-TOR";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "plik jest pusty"),
        ("cut inside the magic", valid[..10].to_vec(), TRUNCATED),
        (
            "cut inside the header",
            valid[..24 + header_len / 2].to_vec(),
            TRUNCATED,
        ),
        ("cut inside the body", valid[..len / 2].to_vec(), TRUNCATED),
        (
            "cut inside the trailer",
            valid[..len - 40].to_vec(),
            TRUNCATED,
        ),
        ("cut in the last byte", valid[..len - 1].to_vec(), TRUNCATED),
        ("flip in the header", flipped(24 + header_len / 2), CHECKSUM),
        ("flip in the body", flipped(len / 2), CHECKSUM),
        ("flip in the content digest", flipped(len - 40), CHECKSUM),
        ("flip in the checksum", flipped(len - 1), CHECKSUM),
        ("flip in the trailer mark", flipped(len - 88), TRUNCATED),
        ("a PNG picture", png, FOREIGN),
        (
            "a text file",
            "Protokół z posiedzenia komisji\n".as_bytes().to_vec(),
            FOREIGN,
        ),
        ("a redb database", redb_file, FOREIGN),
        ("a zstd file", zstd_file, FOREIGN),
        (
            "a newer format",
            {
                let mut bytes = valid.to_vec();
                bytes[16..20].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
                reseal(bytes)
            },
            "użyj nowszej wersji pestor",
        ),
        (
            "a newer schema",
            with_header(|h| h.schema_version = SCHEMA_VERSION + 1),
            "schemacie w wersji",
        ),
    ];

    let before = database(target.path());
    let files = tempfile::tempdir().unwrap();
    for (name, bytes, phrase) in cases {
        let file = files
            .path()
            .join(format!("{}.pestor", name.replace(' ', "-")));
        std::fs::write(&file, &bytes).unwrap();

        let checked = pestor(&["snapshot", "verify", s(&file)], target.path());
        let message = refused(&checked, phrase);
        assert!(message.contains(s(&file)), "{name}: {message}");

        let restore = pestor(&["snapshot", "restore", s(&file)], target.path());
        let message = refused(&restore, phrase);
        assert!(
            message.contains("Obecne dane nie zostały zmienione."),
            "{name}: {message}"
        );
        assert!(
            database(target.path()) == before,
            "{name}: the database changed"
        );
        assert_eq!(leftovers(target.path()), Vec::<String>::new(), "{name}");
    }

    // A file that is not there at all.
    let missing = files.path().join("nie-ma.pestor");
    refused(
        &pestor(&["snapshot", "verify", s(&missing)], target.path()),
        "nie można sprawdzić kopii",
    );
    refused(
        &pestor(&["snapshot", "restore", s(&missing)], target.path()),
        "Obecne dane nie zostały zmienione.",
    );
    assert!(database(target.path()) == before);
}

#[test]
fn restore_refuses_a_public_snapshot_another_instance_and_a_running_server() {
    let demo = demo();
    let files = tempfile::tempdir().unwrap();

    // A public snapshot (what replicas receive) has no accounts.
    let target = restored_demo();
    let public = files.path().join("publiczna.pestor");
    {
        let store = Store::open(target.path()).unwrap();
        pestor::snapshot::export_to_file(
            &store,
            Scope::Public,
            &public,
            &pestor::snapshot::no_progress,
        )
        .unwrap();
    }
    let before = database(target.path());
    let message = refused(
        &pestor(&["snapshot", "restore", s(&public)], target.path()),
        "kopia publiczna",
    );
    assert!(message.contains("Obecne dane nie zostały zmienione."));
    assert!(database(target.path()) == before);

    // Another instance: refused, then allowed with --force-instance, the old file kept.
    let other = tempfile::tempdir().unwrap();
    succeeded(&pestor(&["init"], other.path()));
    let other_before = database(other.path());
    let message = refused(
        &pestor(&["snapshot", "restore", s(&demo.snapshot)], other.path()),
        "innej instancji",
    );
    assert!(message.contains("--force-instance"), "{message}");
    assert!(message.contains("Obecne dane nie zostały zmienione."));
    assert!(database(other.path()) == other_before);
    assert!(leftovers(other.path()).is_empty());

    let forced = succeeded(&pestor(
        &["snapshot", "restore", s(&demo.snapshot), "--force-instance"],
        other.path(),
    ));
    assert!(
        forced.contains("poprzedni plik bazy zachowano jako"),
        "{forced}"
    );
    let kept = leftovers(other.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with(pestor::snapshot::PREVIOUS_PREFIX),
        "{kept:?}"
    );
    assert!(std::fs::read(other.path().join(&kept[0])).unwrap() == other_before);
    let snapshot = Snapshot::open(&demo.snapshot).unwrap();
    let meta = Store::open(other.path()).unwrap().meta().unwrap().unwrap();
    assert_eq!(meta.instance_id, snapshot.header.instance_id);
    assert_eq!(meta.generation, snapshot.header.generation + 1);

    // A directory that does not exist yet is created.
    let root = tempfile::tempdir().unwrap();
    let fresh = root.path().join("nowy").join("katalog");
    succeeded(&pestor(&["snapshot", "restore", s(&demo.snapshot)], &fresh));
    assert_eq!(
        Store::open(&fresh)
            .unwrap()
            .meta()
            .unwrap()
            .unwrap()
            .instance_id,
        snapshot.header.instance_id
    );

    // A running server holds the data: nothing is touched.
    let server = TestServer::start_with(Options {
        args: vec!["--no-demo".into()],
        ..Options::default()
    });
    let message = refused(
        &pestor(
            &["snapshot", "restore", s(&demo.snapshot)],
            server.data_path(),
        ),
        "zatrzymaj serwer",
    );
    assert!(message.contains("Obecne dane nie zostały zmienione."));
    assert!(
        !server
            .data_path()
            .join(pestor::snapshot::RESTORING_FILE)
            .exists()
    );
    assert_eq!(server.get("/").status, 200);
    let (status, _) = server.stop_with_status();
    assert!(status.success());
}

#[test]
fn restore_replaces_a_database_left_by_a_killed_server() {
    let demo = demo();
    let server = TestServer::start_with(Options {
        data: Some(restored_demo()),
        ..Options::default()
    });
    assert_eq!(server.get("/").status, 200);
    // Killed: the file was not closed, and redb must repair it before reading it again.
    let data = server.kill_hard();
    let out = succeeded(&pestor(
        &["snapshot", "restore", s(&demo.snapshot)],
        data.path(),
    ));
    assert!(out.contains("poprzedni plik bazy zachowano jako"), "{out}");
    let meta = Store::open(data.path()).unwrap().meta().unwrap().unwrap();
    let header = Snapshot::open(&demo.snapshot).unwrap().header;
    // Restored twice: once into the fresh directory, once over it.
    assert_eq!(meta.generation, header.generation + 2);
}

/// A stand-in for the running server's local channel: answers `GET /api/local/snapshot` with
/// `body` when the bearer token is `token`, 401 otherwise.
fn local_channel(token: &'static str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut authorised = false;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if line.to_ascii_lowercase().starts_with("authorization:")
                    && line.trim_end().ends_with(&format!("Bearer {token}"))
                {
                    authorised = true;
                }
            }
            let right_path = request_line.starts_with("GET /api/local/snapshot ");
            let (status, payload): (&str, &[u8]) = if !authorised {
                ("401 Unauthorized", b"brak uprawnien")
            } else if !right_path {
                ("404 Not Found", b"nie ma")
            } else {
                ("200 OK", &body)
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                payload.len()
            );
            let _ = stream.write_all(payload);
        }
    });
    url
}

fn write_control(data: &Path, url: &str, token: &str) {
    std::fs::write(
        data.join("control.json"),
        format!(r#"{{"url": "{url}", "token": "{token}", "pid": 1}}"#),
    )
    .unwrap();
}

#[test]
fn export_downloads_from_the_servers_local_channel_when_the_server_holds_the_data() {
    let valid = demo_bytes().to_vec();
    let data = tempfile::tempdir().unwrap();
    succeeded(&pestor(&["init"], data.path()));
    // This process holds the database, as a running server would.
    let _held = Store::open(data.path()).unwrap();
    let files = tempfile::tempdir().unwrap();
    let out_file = files.path().join("kopia.pestor");

    // Without control.json: what to do instead.
    let message = refused(
        &pestor(&["snapshot", "export", "--out", s(&out_file)], data.path()),
        "otwarta przez działający serwer",
    );
    assert!(message.contains("/admin/kopie"), "{message}");
    assert!(message.contains("zatrzymaj serwer"), "{message}");

    // A wrong key is refused by the server.
    let url = local_channel("abc123", valid.clone());
    write_control(data.path(), &url, "zzz999");
    refused(
        &pestor(&["snapshot", "export", "--out", s(&out_file)], data.path()),
        "odrzucił klucz",
    );
    assert!(!out_file.exists());

    // The right key: the snapshot is downloaded, verified and kept.
    write_control(data.path(), &url, "abc123");
    let out = succeeded(&pestor(
        &["snapshot", "export", "--out", s(&out_file)],
        data.path(),
    ));
    assert!(out.contains("kopię przygotował działający serwer"), "{out}");
    assert!(std::fs::read(&out_file).unwrap() == valid);
    assert_eq!(std::fs::read_dir(files.path()).unwrap().count(), 1);

    // Without --out: the default name in the current directory.
    let here = tempfile::tempdir().unwrap();
    succeeded(&run(
        &["snapshot", "export"],
        data.path(),
        Some(here.path()),
    ));
    let names: Vec<String> = std::fs::read_dir(here.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let instance = Snapshot::open(&demo().snapshot).unwrap().header.instance_id;
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with(&format!("pestor-{}-kopia-", &instance[..8]))
            && names[0].ends_with(".pestor"),
        "{names:?}"
    );

    // A damaged download is refused and nothing is left behind.
    let broken_url = local_channel("abc123", valid[..valid.len() / 2].to_vec());
    write_control(data.path(), &broken_url, "abc123");
    let broken_file = files.path().join("uszkodzona.pestor");
    refused(
        &pestor(
            &["snapshot", "export", "--out", s(&broken_file)],
            data.path(),
        ),
        "jest wadliwa",
    );
    assert_eq!(std::fs::read_dir(files.path()).unwrap().count(), 1);
}

/// Needs the server's side of the local channel (`control.json` and `GET /api/local/snapshot`).
#[test]
fn export_asks_a_running_server_for_the_snapshot() {
    let server = TestServer::start_with(Options {
        args: vec!["--no-demo".into()],
        ..Options::default()
    });
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("z-serwera.pestor");
    let out = succeeded(&pestor(
        &["snapshot", "export", "--out", s(&file)],
        server.data_path(),
    ));
    assert!(out.contains("kopię przygotował działający serwer"), "{out}");
    succeeded(&pestor(
        &["snapshot", "verify", s(&file)],
        server.data_path(),
    ));
    assert_eq!(server.get("/").status, 200);
    let (status, _) = server.stop_with_status();
    assert!(status.success());
}

#[test]
fn export_of_a_directory_without_a_database_creates_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("brak");
    refused(
        &pestor(
            &[
                "snapshot",
                "export",
                "--out",
                s(&root.path().join("k.pestor")),
            ],
            &data,
        ),
        "nie ma bazy danych",
    );
    assert!(!data.exists());
    refused(&pestor(&["compact"], &data), "nie ma bazy danych");
    assert!(!data.exists());
}

#[test]
fn compact_gives_back_the_space_of_removed_data_and_waits_for_a_stopped_server() {
    let data = tempfile::tempdir().unwrap();
    succeeded(&pestor(&["init"], data.path()));
    let map = common::repo_path("tests/fixtures/synthetic.osm.pbf");
    succeeded(&pestor(&["map", "import", s(&map)], data.path()));
    succeeded(&pestor(&["map", "remove"], data.path()));
    let size = || {
        std::fs::metadata(data.path().join(DATABASE_FILE))
            .unwrap()
            .len()
    };
    let before = size();
    let out = succeeded(&pestor(&["compact"], data.path()));
    let after = size();
    assert!(after < before, "{before} → {after}");
    assert!(out.contains("Skompaktowano bazę"), "{out}");
    assert!(
        out.contains("rozmiar przed:") && out.contains("rozmiar po:"),
        "{out}"
    );
    assert!(out.contains("odzyskano"), "{out}");
    // The data is still there and readable.
    succeeded(&pestor(&["user", "list"], data.path()));

    let server = TestServer::start_with(Options {
        args: vec!["--no-demo".into()],
        data: Some(data),
        ..Options::default()
    });
    let message = refused(
        &pestor(&["compact"], server.data_path()),
        "zatrzymaj serwer",
    );
    assert!(message.contains("Baza nie została zmieniona."), "{message}");
    assert_eq!(server.get("/").status, 200);
    let (status, _) = server.stop_with_status();
    assert!(status.success());
}

#[test]
fn export_never_replaces_a_file_names_a_missing_folder_and_keeps_the_file_private() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("dane");
    succeeded(&pestor(&["init"], &data));
    let out = work.path().join("kopia.pestor");
    succeeded(&pestor(&["snapshot", "export", "--out", s(&out)], &data));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a snapshot holds personal data");
    let first = std::fs::read(&out).unwrap();
    refused(
        &pestor(&["snapshot", "export", "--out", s(&out)], &data),
        "już istnieje",
    );
    assert_eq!(std::fs::read(&out).unwrap(), first);
    let nowhere = work.path().join("nie-ma").join("kopia.pestor");
    refused(
        &pestor(&["snapshot", "export", "--out", s(&nowhere)], &data),
        "nie istnieje",
    );
    // A folder as --out: the file inside is named after the instance.
    let folder = work.path().join("kopie");
    std::fs::create_dir(&folder).unwrap();
    succeeded(&pestor(&["snapshot", "export", "--out", s(&folder)], &data));
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("pestor-")
            && names[0].contains("-kopia-")
            && !names[0].contains("pestor-pestor"),
        "{names:?}"
    );
}
