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
    /// Scheduled snapshots, retention, compaction and push.
    pub backup: BackupConfig,
    /// Run as a read-only replica (kiosk) of this primary instead of as a platform of its own.
    pub replica: Option<ReplicaSource>,
    /// Serve the touch-screen kiosk pages (`--kiosk`, DESIGN §9): read-only, no accounts.
    pub kiosk: Option<KioskConfig>,
}

/// How a public touch screen is served (`pestor serve --kiosk`).
#[derive(Debug, Clone)]
pub struct KioskConfig {
    /// Seconds without a touch, key or pointer before the "Czy ktoś tu jest?" notice.
    pub idle_secs: u64,
    /// The city's public address that QR codes point at; empty: the primary's address on a
    /// replica, otherwise `ServeConfig::public_url`.
    pub public_url: String,
    /// Runs on fresh demo data in a temporary data directory removed at exit (`--demo`).
    pub demo: bool,
}

/// Longest idle time of a kiosk before it returns to its start screen, in seconds.
pub const MAX_KIOSK_IDLE_SECS: u64 = 3600;

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
        if let Some(kiosk) = &self.kiosk {
            if !(1..=MAX_KIOSK_IDLE_SECS).contains(&kiosk.idle_secs) {
                return Err(format!(
                    "czas bezczynności kiosku (--kiosk-idle-secs) musi być od 1 do {MAX_KIOSK_IDLE_SECS} sekund, podano {}",
                    kiosk.idle_secs
                ));
            }
            let url = &kiosk.public_url;
            if !url.is_empty() {
                check_http_url(url, "--kiosk-public-url")?;
            }
        }
        self.backup.validate()
    }
}

/// Scheduled snapshots of `pestor serve`: where they go, how often, how many are kept, when the
/// database is compacted, and where each snapshot is sent (README „Kopie zapasowe”).
#[derive(Debug, Clone)]
pub struct BackupConfig {
    /// Directory of the scheduled snapshots (`<data>/kopie` unless set).
    pub dir: PathBuf,
    /// Time between scheduled snapshots; zero turns the schedule off (no snapshots on the clock
    /// and none at shutdown — an administrator can still take one on the admin page).
    pub interval: std::time::Duration,
    /// Keep the newest snapshot of each of this many most recent days that have snapshots.
    pub keep_daily: u32,
    /// Keep the newest snapshot of each of this many most recent ISO weeks that have snapshots.
    pub keep_weekly: u32,
    /// Compact the database after a snapshot when its file has grown to more than this many per
    /// cent of its size at start or after the last compaction; zero never compacts.
    pub compact_growth_percent: u32,
    /// Where every scheduled snapshot is sent, if anywhere.
    pub push: Option<PushTarget>,
    /// The first wait before a failed push is tried again; the second wait is three times it.
    pub push_retry_wait: std::time::Duration,
}

/// Longest interval between snapshots, in hours (a year).
pub const MAX_SNAPSHOT_INTERVAL_HOURS: u64 = 24 * 366;

impl BackupConfig {
    /// The defaults for `data_dir`: every 6 hours into `<data>/kopie`, 7 daily and 4 weekly
    /// snapshots kept, compaction at 200 % growth, no push.
    pub fn defaults(data_dir: &std::path::Path) -> BackupConfig {
        BackupConfig {
            dir: data_dir.join("kopie"),
            interval: std::time::Duration::from_secs(6 * 3600),
            keep_daily: 7,
            keep_weekly: 4,
            compact_growth_percent: 200,
            push: None,
            push_retry_wait: std::time::Duration::from_secs(20),
        }
    }

    /// Checks values that flags cannot check by type.
    pub fn validate(&self) -> Result<(), String> {
        if self.interval.as_secs() > MAX_SNAPSHOT_INTERVAL_HOURS * 3600 {
            return Err(format!(
                "odstęp między kopiami (--snapshot-interval) może wynosić najwyżej {MAX_SNAPSHOT_INTERVAL_HOURS} godzin (0 wyłącza kopie według harmonogramu)"
            ));
        }
        if self.keep_daily > 3660 || self.keep_weekly > 520 {
            return Err(
                "liczba zachowywanych kopii jest za duża: --keep-daily najwyżej 3660, --keep-weekly najwyżej 520"
                    .to_string(),
            );
        }
        let growth = self.compact_growth_percent;
        if growth != 0 && !(110..=100_000).contains(&growth) {
            return Err(format!(
                "próg kompaktowania (--compact-growth) to procent rozmiaru pliku bazy od 110 do 100000 albo 0 (nigdy); podano {growth}"
            ));
        }
        match &self.push {
            None => Ok(()),
            Some(PushTarget::Put { url, token }) => {
                check_http_url(url, "--push-url")?;
                if token.trim().is_empty() {
                    return Err(
                        "do wysyłania kopii (--push-url) potrzebny jest token: --push-token albo zmienna PESTOR_PUSH_TOKEN"
                            .to_string(),
                    );
                }
                Ok(())
            }
            Some(PushTarget::S3(s3)) => s3.validate(),
        }
    }
}

/// A remote place every scheduled snapshot is sent to. Its `Debug` leaves out the secrets.
#[derive(Clone)]
pub enum PushTarget {
    /// A plain HTTP `PUT` of the file to `<url>/<file name>` with `Authorization: Bearer <token>`.
    Put { url: String, token: String },
    /// An S3-compatible bucket (AWS, MinIO, Ceph…), with a presigned `PUT`.
    S3(S3Target),
}

impl std::fmt::Debug for PushTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PushTarget {
    /// The target for people (the admin page, the log): no token, no secret key, and no user
    /// name, password or query of a URL.
    pub fn describe(&self) -> String {
        match self {
            PushTarget::Put { url, .. } => {
                format!("PUT na adres {}/… z tokenem", without_secrets(url))
            }
            PushTarget::S3(s3) => {
                let prefix = if s3.prefix.is_empty() {
                    String::new()
                } else {
                    format!(", prefiks „{}/”", s3.prefix)
                };
                format!(
                    "S3: zasobnik „{}” pod adresem {} (region {}, identyfikator klucza {}{}{})",
                    s3.bucket,
                    without_secrets(&s3.endpoint),
                    s3.region,
                    s3.access_key_id,
                    if s3.path_style {
                        ", adresy w stylu ścieżki"
                    } else {
                        ""
                    },
                    prefix
                )
            }
        }
    }
}

/// An S3-compatible bucket.
#[derive(Clone)]
pub struct S3Target {
    /// e.g. "https://s3.eu-central-1.amazonaws.com" or "http://minio.lan:9000".
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    /// Read from the environment only (`PESTOR_S3_SECRET_KEY`), never from a flag.
    pub secret_key: String,
    /// `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint host>/<key>` (MinIO, Ceph).
    pub path_style: bool,
    /// Objects are stored as `<prefix>/<file name>`; empty: `<file name>`.
    pub prefix: String,
}

impl S3Target {
    fn validate(&self) -> Result<(), String> {
        check_http_url(&self.endpoint, "--s3-endpoint")?;
        let missing: Vec<&str> = [
            (self.bucket.is_empty(), "--s3-bucket"),
            (self.region.is_empty(), "--s3-region"),
            (self.access_key_id.is_empty(), "--s3-access-key-id"),
            (self.secret_key.is_empty(), "zmiennej PESTOR_S3_SECRET_KEY"),
        ]
        .iter()
        .filter(|(empty, _)| *empty)
        .map(|(_, name)| *name)
        .collect();
        if !missing.is_empty() {
            return Err(format!(
                "do wysyłania kopii do S3 brakuje: {} (tajny klucz podaje się tylko w zmiennej środowiska PESTOR_S3_SECRET_KEY)",
                missing.join(", ")
            ));
        }
        crate::snapshot::s3_bucket(self).map(|_| ())
    }
}

fn check_http_url(url: &str, flag: &str) -> Result<(), String> {
    let ok = url::Url::parse(url)
        .ok()
        .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{flag} musi być pełnym adresem http:// albo https://; podano „{}”",
            without_secrets(url)
        ))
    }
}

/// A URL without its user name, password, query and fragment (which may carry secrets).
pub fn without_secrets(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.set_fragment(None);
            u.to_string().trim_end_matches('/').to_string()
        }
        Err(_) => "(nieprawidłowy adres)".to_string(),
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
