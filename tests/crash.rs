//! Crash consistency through the real server: staff add support institutions from two
//! connections at once while the server is killed with SIGKILL at random moments, then it is
//! restarted on the same data directory. Every write answered with its success redirect must be
//! there after every restart, and no record may be half-written (its page and its place in the
//! register either both exist or neither does).
//!
//! SIGKILL ends the process at any instant but leaves the operating system's page cache alone,
//! so this checks the database's commit protocol against a dying process, not against a power
//! cut. The kill moments come from a small PRNG; the seed is printed so a failure can be repeated:
//! `PESTOR_CRASH_SEED=… PESTOR_CRASH_ROUNDS=200 cargo test --test crash -- --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::client::{Client, csrf_token};
use common::{HttpResponse, Options, TestServer};
use pestor::domain::slug::slugify;

const DEFAULT_ROUNDS: usize = 50;
const WRITERS: usize = 2;
/// The kill lands this long after the writers start (milliseconds, upper bound excluded).
const KILL_AFTER_MS: std::ops::Range<u64> = 50..700;
/// Every record this test writes has a name starting so; demo institutions do not.
const NAME_PREFIX: &str = "Punkt kontrolny";
/// A write that takes longer than this while the server is running is a failure.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// A small deterministic generator (SplitMix64): the same seed gives the same kill moments.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn between(&mut self, range: std::ops::Range<u64>) -> u64 {
        range.start + self.next() % (range.end - range.start)
    }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}")),
    )
}

/// One submitted form: its record's name and slug, and whether the server acknowledged it.
#[derive(Clone, Debug)]
struct Attempt {
    name: String,
    slug: String,
    acknowledged: bool,
}

/// What the writers of one round did.
#[derive(Default)]
struct RoundLog {
    attempts: Vec<Attempt>,
    /// Answers that were neither the success redirect nor a connection cut by the kill.
    failures: Vec<String>,
}

/// The fields of a valid new institution called `name`.
fn institution_form(name: &str, csrf: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("name", name),
            ("kind", "owes"),
            ("services", "doradztwo"),
            ("services", "ksiegowosc"),
            (
                "description",
                "Punkt sprawdzający, że zapisane dane przetrwają nagłe zatrzymanie serwera.",
            ),
            ("street", "ul. Szeroka 10"),
            ("postal_code", "87-100"),
            ("city", "Toruń"),
            ("district", "Stare Miasto"),
            ("lat", "53.0101"),
            ("lon", "18.6071"),
            ("email", "biuro@punkt.example"),
            ("hours", "pon.–pt. 9:00–15:00"),
            ("csrf", csrf),
        ])
        .finish()
}

/// Whether `response` is the complete success answer for the record `slug`: the redirect to
/// its page, with the whole announced body received.
fn is_acknowledgement(response: &HttpResponse, slug: &str) -> bool {
    let complete = match response.header("content-length") {
        Some(length) => length.parse::<usize>().ok() == Some(response.body.len()),
        None => true,
    };
    complete
        && response.status == 303
        && response.header("location") == Some(&format!("/wsparcie/{slug}?zapisano=1"))
}

/// A staff session on `server`: the cookie header and the CSRF token of its forms.
fn staff_session(server: &TestServer) -> (String, String) {
    let mut client = Client::new(server.addr);
    let login = pestor::demo::accounts::login(pestor::domain::user::Role::Staff);
    let r = client.submit(
        "/konto/logowanie",
        "/konto/logowanie",
        &[("email", login.email), ("password", login.password)],
    );
    assert_eq!(r.status, 303, "staff log-in: {}", r.text());
    let form = client.get("/wsparcie/nowa");
    assert_eq!(form.status, 200, "the new institution form");
    let csrf = csrf_token(&form.text()).expect("CSRF token on the form");
    (client.cookie_header(), csrf)
}

/// Submits new institutions one after another until the connection fails (the kill).
fn write_until_killed(
    addr: SocketAddr,
    cookie: &str,
    csrf: &str,
    names: impl Iterator<Item = String>,
    killed: &AtomicBool,
    log: &Mutex<RoundLog>,
) {
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Sec-Fetch-Site", "same-origin"),
        ("Cookie", cookie),
    ];
    for name in names {
        let slug = slugify(&name);
        let index = {
            let mut log = log.lock().unwrap();
            log.attempts.push(Attempt {
                name: name.clone(),
                slug: slug.clone(),
                acknowledged: false,
            });
            log.attempts.len() - 1
        };
        let body = institution_form(&name, csrf);
        let answer = common::try_request(
            addr,
            "POST",
            "/wsparcie/nowa",
            &headers,
            body.as_bytes(),
            WRITE_TIMEOUT,
        );
        // Read after the answer: a failure that happened before the kill was sent sees `false`.
        let after_kill = killed.load(Ordering::SeqCst);
        let mut log = log.lock().unwrap();
        match answer {
            Ok(response) if is_acknowledgement(&response, &slug) => {
                log.attempts[index].acknowledged = true;
            }
            Ok(_) if after_kill => return,
            Ok(response) => {
                log.failures.push(format!(
                    "{name}: answer {} while the server was running: {}",
                    response.status,
                    response.text()
                ));
                return;
            }
            Err(_) if after_kill => return,
            Err(e) => {
                log.failures
                    .push(format!("{name}: failed while the server was running: {e}"));
                return;
            }
        }
    }
}

/// The name of the `n`-th record of `writer` in `round`. The round is a word of its own, so
/// the register's search finds one round's records (a search counts at most 10 000 matches,
/// fewer than the records of a long run).
fn record_name(round: usize, writer: usize, n: usize) -> String {
    format!("{NAME_PREFIX} {} w{writer} n{n:04}", round_word(round))
}

fn round_word(round: usize) -> String {
    format!("r{round:04}")
}

/// The records of `round` in the public register (GeoJSON lists every match at once):
/// slug → name.
fn listed(server: &TestServer, round: usize) -> BTreeMap<String, String> {
    let word = round_word(round);
    let response = server.get(&format!("/api/v1/institutions?format=geojson&q={word}"));
    assert_eq!(response.status, 200, "the register of round {round}");
    let geo = response.json();
    geo["features"]
        .as_array()
        .expect("GeoJSON features")
        .iter()
        .map(|f| &f["properties"])
        .filter(|p| {
            p["name"]
                .as_str()
                .is_some_and(|n| n.starts_with(NAME_PREFIX) && n.split(' ').any(|w| w == word))
        })
        .map(|p| {
            (
                p["slug"].as_str().expect("slug").to_string(),
                p["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

/// What the restarts showed so far.
#[derive(Default)]
struct Ledger {
    /// For each finished round: slug → name of every record that was committed (acknowledged
    /// or not).
    committed: Vec<BTreeMap<String, String>>,
    /// Slugs whose write was acknowledged.
    acknowledged: BTreeSet<String>,
    /// Committed writes whose answer never arrived (the kill came in between).
    committed_unanswered: usize,
    /// Forms whose transaction never committed (cut off by the kill).
    lost_in_flight: usize,
}

impl Ledger {
    /// Checks the restarted `server` after `round` (its submitted forms in `attempts`) was cut
    /// short by a kill, and records what was committed.
    fn check_round(&mut self, server: &TestServer, round: usize, attempts: &[Attempt]) {
        assert_eq!(self.committed.len(), round, "rounds are checked in order");
        let mut committed = BTreeMap::new();
        for attempt in attempts {
            // The record's page goes through the slug index to the record.
            let page = server.get(&format!("/wsparcie/{}", attempt.slug));
            match page.status {
                200 => {
                    assert!(
                        page.text().contains(&format!("<h1>{}</h1>", attempt.name)),
                        "round {round}: the page of {} shows its name",
                        attempt.slug
                    );
                    committed.insert(attempt.slug.clone(), attempt.name.clone());
                    if attempt.acknowledged {
                        self.acknowledged.insert(attempt.slug.clone());
                    } else {
                        self.committed_unanswered += 1;
                    }
                }
                404 => {
                    assert!(
                        !attempt.acknowledged,
                        "round {round}: the acknowledged write {} is gone after the kill",
                        attempt.slug
                    );
                    self.lost_in_flight += 1;
                }
                other => panic!(
                    "round {round}: GET /wsparcie/{} answered {other}: {}",
                    attempt.slug,
                    page.text()
                ),
            }
        }
        // The register is built from the records table: it must hold exactly the records whose
        // page exists — a record without its slug, or a slug without its record, is half-written.
        check_register(
            server,
            round,
            &committed,
            &format!("after kill {}", round + 1),
        );
        self.committed.push(committed);
    }

    /// Checks that the register still holds exactly what `round` committed.
    fn check_still_there(&self, server: &TestServer, round: usize, when: &str) {
        check_register(server, round, &self.committed[round], when);
    }
}

/// Compares the register's records of `round` with `expected` (slug → name).
fn check_register(
    server: &TestServer,
    round: usize,
    expected: &BTreeMap<String, String>,
    when: &str,
) {
    let mut list = listed(server, round);
    if &list != expected {
        // A search stops after its time budget; on a busy machine look once more before
        // calling a record missing.
        list = listed(server, round);
    }
    let without_entry: Vec<&String> = expected
        .keys()
        .filter(|slug| !list.contains_key(*slug))
        .collect();
    assert!(
        without_entry.is_empty(),
        "{when}: round {round} records whose page exists are missing from the register: \
         {without_entry:?}"
    );
    let without_page: Vec<&String> = list
        .keys()
        .filter(|slug| !expected.contains_key(*slug))
        .collect();
    assert!(
        without_page.is_empty(),
        "{when}: round {round} records in the register without their page: {without_page:?}"
    );
    assert_eq!(
        &list, expected,
        "{when}: the names in the register of round {round}"
    );
}

#[test]
fn acknowledged_writes_survive_sigkill_at_random_moments() {
    let started = Instant::now();
    let seed = env_number("PESTOR_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .as_nanos() as u64
    });
    let rounds = env_number("PESTOR_CRASH_ROUNDS").unwrap_or(DEFAULT_ROUNDS as u64) as usize;
    assert!(rounds > 0, "PESTOR_CRASH_ROUNDS must be at least 1");
    println!("crash test: seed {seed}, {rounds} rounds (repeat with PESTOR_CRASH_SEED={seed})");
    let mut rng = SplitMix64(seed);
    let mut ledger = Ledger::default();
    let mut previous: Vec<Attempt> = Vec::new();
    // The first start seeds the demo data; every later one reopens the killed database.
    let mut data = None;

    for round in 0..rounds {
        let server = TestServer::start_with(Options {
            data: data.take(),
            ..Options::default()
        });
        if round > 0 {
            ledger.check_round(&server, round - 1, &previous);
        }
        if round > 1 {
            // One earlier round, drawn at random: what was committed then survived every kill
            // since.
            let earlier = rng.between(0..round as u64 - 1) as usize;
            ledger.check_still_there(&server, earlier, &format!("after kill {round}"));
        }

        let (cookie, csrf) = staff_session(&server);
        let killed = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(RoundLog::default()));
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (cookie, csrf) = (cookie.clone(), csrf.clone());
                let (killed, log) = (killed.clone(), log.clone());
                let addr = server.addr;
                std::thread::spawn(move || {
                    let names = (0..).map(move |n| record_name(round, writer, n));
                    write_until_killed(addr, &cookie, &csrf, names, &killed, &log);
                })
            })
            .collect();
        let delay = Duration::from_millis(rng.between(KILL_AFTER_MS));
        std::thread::sleep(delay);
        killed.store(true, Ordering::SeqCst);
        data = Some(server.kill_hard());
        for writer in writers {
            writer.join().expect("writer thread");
        }
        let log = std::mem::take(&mut *log.lock().unwrap());
        assert!(
            log.failures.is_empty(),
            "round {round}: writes failed while the server was running:\n{}",
            log.failures.join("\n")
        );
        let acknowledged = log.attempts.iter().filter(|a| a.acknowledged).count();
        println!(
            "round {round:3}: killed after {:3} ms, {acknowledged} acknowledged of {} submitted",
            delay.as_millis(),
            log.attempts.len()
        );
        previous = log.attempts;
    }

    // One more start checks the last round; then a clean stop must leave a database that the
    // command line opens and the server starts on once more, with every round complete.
    let server = TestServer::start_with(Options {
        data: data.take(),
        ..Options::default()
    });
    ledger.check_round(&server, rounds - 1, &previous);
    let (status, data) = server.stop_with_status();
    assert!(status.success(), "a clean stop after SIGTERM: {status}");
    let users = std::process::Command::new(env!("CARGO_BIN_EXE_pestor"))
        .args(["user", "list", "--data"])
        .arg(data.path())
        .output()
        .expect("run pestor user list");
    assert!(
        users.status.success(),
        "pestor user list after the clean stop: {}",
        String::from_utf8_lossy(&users.stderr)
    );
    let server = TestServer::start_with(Options {
        data: Some(data),
        ..Options::default()
    });
    for round in 0..rounds {
        ledger.check_still_there(&server, round, "after the clean stop");
    }
    for slug in &ledger.acknowledged {
        let record = server.get(&format!("/api/v1/institutions/{slug}"));
        assert_eq!(record.status, 200, "{slug} after the clean stop");
        assert_eq!(record.json()["slug"], slug.as_str());
    }
    let (status, _) = server.stop_with_status();
    assert!(status.success(), "the last clean stop: {status}");

    assert!(
        !ledger.acknowledged.is_empty(),
        "no write was acknowledged in {rounds} rounds: nothing was tested"
    );
    println!(
        "crash test: {rounds} kills, {} acknowledged writes, all present",
        ledger.acknowledged.len()
    );
    println!(
        "crash test: {} more committed without an answer, {} cut off before commit, \
         no half-written records; {:.0} s (seed {seed})",
        ledger.committed_unanswered,
        ledger.lost_in_flight,
        started.elapsed().as_secs_f64()
    );
}
