//! Settings of the running process, loaded once from flags and environment (see `main.rs`),
//! validated, and passed explicitly. Settings that admins change at run time live in the
//! database instead (`domain::settings`).

use std::path::PathBuf;
use std::time::Duration;

/// How `pestor serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on, e.g. "127.0.0.1:8080" (port 0 picks a free port).
    pub addr: String,
    /// Directory holding the database; created when missing.
    pub data_dir: PathBuf,
    /// Read templates and assets from the source tree instead of the binary (for designers).
    pub dev: bool,
    /// Fill an empty, never-initialised database with demo data on first start.
    pub seed_demo: bool,
    /// Worker threads answering requests.
    pub workers: usize,
    /// Connections with no data moving either way for this long are closed.
    pub idle_timeout_secs: u64,
    /// The address people reach the platform at, for links in e-mails (e.g.
    /// "https://pes.torun.pl"). Empty: `http://` and the address the server listens on.
    /// Taken from configuration, never from the request's Host header, so a forged header cannot
    /// redirect password-reset links.
    pub public_url: String,
    /// Enables routes that only tests use (a handler that panics). Never in production.
    pub test_hooks: bool,
    /// Run as a read-only replica (kiosk) of this primary instead of as a platform of its own.
    pub replica: Option<ReplicaSource>,
}

/// The primary a read-only replica follows (`pestor serve --replica-of URL --token T`).
#[derive(Clone)]
pub struct ReplicaSource {
    /// The primary's public address, e.g. "https://pes.torun.pl" (no trailing slash).
    pub url: String,
    /// The token the primary's administrator issued for this replica.
    pub token: String,
    /// How often the replica asks for changes.
    pub pull_every: Duration,
}

impl std::fmt::Debug for ReplicaSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a password: it never goes to a log.
        f.debug_struct("ReplicaSource")
            .field("url", &self.url)
            .field("pull_every", &self.pull_every)
            .finish_non_exhaustive()
    }
}

impl ReplicaSource {
    /// Checks what flags cannot check by type.
    pub fn validate(&self) -> Result<(), String> {
        let host = self
            .url
            .strip_prefix("http://")
            .or_else(|| self.url.strip_prefix("https://"));
        if host.is_none_or(|h| h.is_empty() || h.starts_with('/')) {
            return Err(format!(
                "adres serwera miasta (--replica-of) musi zaczynać się od http:// lub https:// i zawierać nazwę serwera, np. https://pes.torun.pl; podano „{}”",
                self.url
            ));
        }
        if !crate::auth::is_token(&self.token) {
            return Err(
                "klucz repliki (--token) to 64 znaki: cyfry i litery a–f, tak jak pokazał go panel serwera miasta (Panel → Repliki); sprawdź, czy został skopiowany w całości"
                    .to_string(),
            );
        }
        if !(1..=86_400).contains(&self.pull_every.as_secs()) {
            return Err(format!(
                "odstęp między pobraniami zmian (--pull-every) musi być od 1 do 86 400 sekund, podano {}",
                self.pull_every.as_secs()
            ));
        }
        Ok(())
    }
}

impl ServeConfig {
    /// Checks values that flags cannot check by type.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=256).contains(&self.workers) {
            return Err(format!(
                "liczba wątków (--workers) musi być od 1 do 256, podano {}",
                self.workers
            ));
        }
        if !(1..=3600).contains(&self.idle_timeout_secs) {
            return Err(format!(
                "czas bezczynności (--idle-timeout) musi być od 1 do 3600 sekund, podano {}",
                self.idle_timeout_secs
            ));
        }
        let url = &self.public_url;
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "publiczny adres (--public-url) musi zaczynać się od http:// lub https://; podano „{}”",
                self.public_url
            ));
        }
        if self.addr.parse::<std::net::SocketAddr>().is_err() {
            return Err(format!(
                "adres nasłuchu (--addr) musi mieć postać IP:port, np. 127.0.0.1:8080; podano „{}”",
                self.addr
            ));
        }
        if let Some(replica) = &self.replica {
            replica.validate()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: &str, token: &str, seconds: u64) -> ReplicaSource {
        ReplicaSource {
            url: url.to_string(),
            token: token.to_string(),
            pull_every: Duration::from_secs(seconds),
        }
    }

    #[test]
    fn a_replica_needs_a_web_address_a_whole_token_and_a_sane_interval() {
        let token = "0123456789abcdef".repeat(4);
        assert!(
            source("https://pes.torun.pl", &token, 30)
                .validate()
                .is_ok()
        );
        assert!(
            source("http://127.0.0.1:8080", &token, 1)
                .validate()
                .is_ok()
        );
        for url in [
            "pes.torun.pl",
            "ftp://pes.torun.pl",
            "https://",
            "http:///x",
            "",
        ] {
            let err = source(url, &token, 30).validate().unwrap_err();
            assert!(err.contains("--replica-of"), "{url}: {err}");
        }
        for bad in ["", &token[1..], &token.to_uppercase(), &format!("{token} ")] {
            let err = source("https://pes.torun.pl", bad, 30)
                .validate()
                .unwrap_err();
            assert!(err.contains("--token"), "{bad:?}: {err}");
        }
        for seconds in [0, 86_401] {
            let err = source("https://pes.torun.pl", &token, seconds)
                .validate()
                .unwrap_err();
            assert!(err.contains("--pull-every"), "{err}");
        }
        // The token never reaches a log through `{:?}`.
        let shown = format!("{:?}", source("https://pes.torun.pl", &token, 30));
        assert!(!shown.contains(&token), "{shown}");
    }
}
