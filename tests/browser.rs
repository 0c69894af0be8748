//! Headless Chromium journeys with axe-core accessibility checks (tests/browser/journey.mjs).
//! Needs Debian's `chromium`, Node.js and `npm ci --prefix tests/browser` (scripts/test.sh and
//! .ci/run prepare them).

mod common;

use std::process::Command;

use common::{TestServer, repo_path};

#[test]
fn journeys_and_accessibility_in_chromium() {
    let modules = repo_path("tests/browser/node_modules/playwright-core");
    assert!(
        modules.exists(),
        "browser test dependencies missing: run `npm ci --prefix tests/browser` (scripts/test.sh does it)"
    );
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists()
            || std::env::var_os("CHROMIUM").is_some(),
        "Chromium missing: `apt-get install chromium` (or set CHROMIUM to its path)"
    );
    let server = TestServer::start();
    let output = Command::new("node")
        .arg(repo_path("tests/browser/journey.mjs"))
        .arg(format!("http://{}", server.addr))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success() && stdout.contains(" 0 failed"),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
}
