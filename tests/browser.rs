//! Headless Chromium journeys with axe-core accessibility checks: the directory and accounts
//! (tests/browser/journey.mjs), the exchange (tests/browser/exchange.mjs), the maps
//! (tests/browser/maps.mjs), and the procurement register, programme and open data
//! (tests/browser/monitoring.mjs), and the kiosk on a touch screen (tests/browser/kiosk.mjs).
//! Needs Debian's
//! `chromium`, Node.js and `npm ci --prefix tests/browser` (scripts/test.sh and .ci/run prepare
//! them).

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use common::{Options, TestServer, repo_path};

fn check_prerequisites() {
    let modules = repo_path("tests/browser/node_modules/playwright-core");
    assert!(
        modules.exists(),
        "browser test dependencies missing: run `npm ci --prefix tests/browser` (scripts/test.sh does it)"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists() || std::env::var_os("CHROMIUM").is_some(),
        "Chromium missing: `apt-get install chromium` (or set CHROMIUM to its path)"
    );
}

/// One journey at a time: two Chromiums and two servers on a two-core machine make page loads
/// slow enough to hit the journeys' timeouts.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs one journey script against a fresh demo server.
fn run_journey(script: &str, env: &[(&str, &Path)]) {
    run_journey_on(TestServer::start, script, env);
}

/// Runs one journey script against the server `start` gives.
fn run_journey_on(start: impl FnOnce() -> TestServer, script: &str, env: &[(&str, &Path)]) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    check_prerequisites();
    let server = start();
    let mut command = Command::new("node");
    command
        .arg(repo_path(script))
        .arg(format!("http://{}", server.addr));
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success() && stdout.contains(" 0 failed"),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn directory_and_accounts_in_chromium() {
    run_journey("tests/browser/journey.mjs", &[]);
}

/// Two photos as a phone or a camera would give them: a PNG and a JPEG.
fn write_photos(dir: &Path) {
    let plate = image::RgbImage::from_fn(640, 480, |x, y| {
        let inside = (x as i32 - 320).pow(2) + (y as i32 - 240).pow(2) < 150 * 150;
        if inside {
            image::Rgb([250, 248, 240])
        } else {
            image::Rgb([200 - (y / 4) as u8, 120, 60 + (x / 8) as u8])
        }
    });
    plate.save(dir.join("talerz.png")).unwrap();
    let kitchen = image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([
            (x / 4) as u8,
            140 - (y / 6) as u8,
            90 + ((x + y) / 16) as u8,
        ])
    });
    kitchen.save(dir.join("kuchnia.jpg")).unwrap();
}

#[test]
fn exchange_in_chromium() {
    let fixtures = tempfile::tempdir().unwrap();
    write_photos(fixtures.path());
    run_journey(
        "tests/browser/exchange.mjs",
        &[("FIXTURES", fixtures.path())],
    );
}

#[test]
fn maps_in_chromium() {
    run_journey("tests/browser/maps.mjs", &[]);
}

#[test]
fn procurements_programme_and_open_data_in_chromium() {
    run_journey("tests/browser/monitoring.mjs", &[]);
}

/// The kiosk with an idle time of 5 s, so that the journey can wait for the reset and the
/// attract screen (and still has time for axe-core on an untouched start screen).
#[test]
fn kiosk_on_a_touch_screen_in_chromium() {
    let kiosk = || {
        TestServer::start_with(Options {
            args: vec![
                "--kiosk".into(),
                "--kiosk-idle-secs".into(),
                "5".into(),
                "--kiosk-public-url".into(),
                "https://pes.torun.example".into(),
            ],
            ..Options::default()
        })
    };
    run_journey_on(kiosk, "tests/browser/kiosk.mjs", &[]);
}

#[test]
fn kiosk_map_with_fingers_in_chromium() {
    let kiosk = || {
        TestServer::start_with(Options {
            args: vec!["--kiosk".into()],
            ..Options::default()
        })
    };
    run_journey_on(kiosk, "tests/browser/kiosk-map.mjs", &[]);
}
