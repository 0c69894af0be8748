//! Settings of the running process, loaded once from flags and environment (see `main.rs`),
//! validated, and passed explicitly. Settings that admins change at run time live in the
//! database instead (`domain::settings`).

use std::path::PathBuf;

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
        Ok(())
    }
}
