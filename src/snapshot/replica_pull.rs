//! The replica's side of replication: pulling the primary's public data over HTTP and applying
//! it (a delta while the primary can give one, a full public snapshot on the first start or
//! when it asks for one), and what the pages say about it ("Dane z dnia …").
//!
//! Every pull writes in one transaction: the data and the position it brings the replica to
//! commit together or not at all, so a replica stopped or cut off at any moment keeps its last
//! good data and knows exactly where it stands.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::delta::Delta;
use super::{Scope, Snapshot, SnapshotError, load_into, no_progress};
use crate::domain::Timestamp;
use crate::store::{ReplicaPosition, Store, StoreError, set_replica_position_in};

/// Every request for changes ends within this, whatever the network does.
const DELTA_TIMEOUT: Duration = Duration::from_secs(60);
/// A full snapshot may be large and the line slow; still, never hang for ever.
const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// A snapshot download that receives nothing for this long is given up.
const STALL_TIMEOUT: Duration = Duration::from_secs(60);
/// A delta larger than this is refused (the primary keeps them far smaller, see `delta::LIMITS`).
const MAX_DELTA_BYTES: u64 = 256 << 20;
/// Deltas applied in one pull at most, when the primary has more and more to give.
const MAX_ROUNDS: usize = 50;
/// The name temporary snapshot files of a replica start with, in the work directory.
const TEMP_PREFIX: &str = "replica-";

/// What a pull brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    /// Deltas were applied (`ops` may be 0: nothing changed on the primary).
    Deltas {
        ops: usize,
        position: u64,
        as_of: Timestamp,
    },
    /// A full public snapshot replaced the data, for `reason` (`None`: the first copy).
    Snapshot {
        entries: u64,
        position: u64,
        as_of: Timestamp,
        reason: Option<String>,
    },
}

impl Pulled {
    /// Whether the data changed, so that the in-memory indexes must be built again.
    pub fn changed(&self) -> bool {
        match self {
            Pulled::Deltas { ops, .. } => *ops > 0,
            Pulled::Snapshot { .. } => true,
        }
    }

    /// When the primary read the data the replica now holds.
    pub fn as_of(&self) -> Timestamp {
        match self {
            Pulled::Deltas { as_of, .. } | Pulled::Snapshot { as_of, .. } => *as_of,
        }
    }
}

/// Why a pull failed. The replica's data is unchanged in every case.
#[derive(Debug)]
#[non_exhaustive]
pub enum PullError {
    /// The primary cannot be reached or did not answer in time.
    Unreachable(String),
    /// The primary does not accept the token (revoked, or never issued there).
    Refused,
    /// The primary answered with an unexpected status.
    Answer { status: u16, text: String },
    /// What the primary sent is not a valid delta or snapshot.
    Damaged(SnapshotError),
    /// The replica's own database refused the write.
    Store(StoreError),
}

impl fmt::Display for PullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PullError::Unreachable(reason) => {
                write!(f, "nie można połączyć się z serwerem miasta ({reason})")
            }
            PullError::Refused => write!(
                f,
                "serwer miasta nie przyjmuje klucza tej repliki (odwołany albo błędny) — zarejestruj replikę ponownie w panelu serwera miasta (Panel → Repliki) i uruchom ją z nowym kluczem"
            ),
            PullError::Answer { status, text } => {
                write!(f, "serwer miasta odpowiedział błędem {status}: {text}")
            }
            PullError::Damaged(e) => write!(f, "dane od serwera miasta są nieprawidłowe: {e}"),
            PullError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PullError {}

impl From<StoreError> for PullError {
    fn from(e: StoreError) -> Self {
        PullError::Store(e)
    }
}

impl From<SnapshotError> for PullError {
    fn from(e: SnapshotError) -> Self {
        match e {
            SnapshotError::Store(e) => PullError::Store(e),
            other => PullError::Damaged(other),
        }
    }
}

fn unreachable(e: ureq::Error) -> PullError {
    PullError::Unreachable(e.to_string())
}

/// What the primary answered to a request for changes.
enum Answer {
    Delta(Box<Delta>),
    /// A full snapshot is needed, for this reason.
    Resync(String),
}

/// Talks to one primary with one token.
pub struct Puller {
    agent: ureq::Agent,
    /// The primary's address without a trailing slash, e.g. "https://pes.torun.pl".
    primary: String,
    token: String,
    work_dir: PathBuf,
    /// Set when the server stops: a download in progress gives up at once.
    stopping: Arc<AtomicBool>,
}

impl Puller {
    /// A puller for `primary` that writes temporary snapshots to `work_dir`. Leftovers of an
    /// interrupted earlier download there are removed.
    pub fn new(primary: &str, token: &str, work_dir: &Path) -> Puller {
        remove_leftovers(work_dir);
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(DELTA_TIMEOUT))
            .http_status_as_error(false)
            // Behind a proxy that sends http to https, the token must follow to the same host.
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::SameHost)
            .user_agent(format!("pestor-replika/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Puller {
            agent,
            primary: primary.trim_end_matches('/').to_string(),
            token: token.to_string(),
            work_dir: work_dir.to_path_buf(),
            stopping: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The flag that, once set, makes a download in progress give up (the server is stopping).
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stopping.clone()
    }

    /// Brings `store` up to date with the primary: deltas from its position while the primary
    /// has more to give, or a full public snapshot when the replica holds nothing yet or the
    /// primary asks for one.
    pub fn pull(&self, store: &Store) -> Result<Pulled, PullError> {
        let Some(mut position) = store.replica_position()? else {
            return self.load_snapshot(store, None);
        };
        let mut ops = 0;
        for _ in 0..MAX_ROUNDS {
            let delta = match self.fetch_delta(&position)? {
                Answer::Delta(delta) => delta,
                Answer::Resync(reason) => return self.load_snapshot(store, Some(reason)),
            };
            if delta.instance != position.primary_instance
                || delta.generation != position.generation
                || delta.from != position.position
            {
                return Err(PullError::Damaged(SnapshotError::damaged(
                    "zmiany nie zaczynają się tam, gdzie stoi replika",
                )));
            }
            delta.check()?;
            let next = ReplicaPosition {
                position: delta.to,
                as_of: delta.as_of,
                ..position.clone()
            };
            store.write("applying changes from the primary", |txn| {
                delta.apply_in(txn)?;
                set_replica_position_in(txn, &next)
            })?;
            ops += delta.ops.len();
            position = next;
            if !delta.has_more() {
                break;
            }
        }
        Ok(Pulled::Deltas {
            ops,
            position: position.position,
            as_of: position.as_of,
        })
    }

    fn get(&self, path: &str) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
        self.agent
            .get(format!("{}{path}", self.primary))
            .header("Authorization", format!("Bearer {}", self.token))
    }

    fn fetch_delta(&self, position: &ReplicaPosition) -> Result<Answer, PullError> {
        let path = format!(
            "/api/replica/changes?after={}&instance={}&generation={}",
            position.position,
            url::form_urlencoded::byte_serialize(position.primary_instance.as_bytes())
                .collect::<String>(),
            position.generation
        );
        let mut response = self.get(&path).call().map_err(unreachable)?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_DELTA_BYTES)
            .read_to_vec()
            .map_err(unreachable)?;
        match status {
            200 => {
                let delta: Delta = rmp_serde::from_slice(&body).map_err(|e| {
                    PullError::Damaged(SnapshotError::damaged(format!("zmiany nieczytelne ({e})")))
                })?;
                Ok(Answer::Delta(Box::new(delta)))
            }
            409 => Ok(Answer::Resync(message_of(&body))),
            other => Err(answer_error(other, &body)),
        }
    }

    /// Downloads a public snapshot to a temporary file and loads it with the position it
    /// holds, in one write transaction. The file is removed whatever happens.
    fn load_snapshot(&self, store: &Store, reason: Option<String>) -> Result<Pulled, PullError> {
        std::fs::create_dir_all(&self.work_dir)
            .map_err(SnapshotError::io("nie można utworzyć katalogu roboczego"))?;
        let path = self
            .work_dir
            .join(format!("{TEMP_PREFIX}{}.pestor", random_hex()?));
        let result = self
            .download_snapshot(&path)
            .and_then(|()| load(store, &path));
        let _ = std::fs::remove_file(&path);
        let (entries, position) = result?;
        Ok(Pulled::Snapshot {
            entries,
            position: position.position,
            as_of: position.as_of,
            reason,
        })
    }

    fn download_snapshot(&self, path: &Path) -> Result<(), PullError> {
        let response = self
            .get("/api/replica/snapshot")
            .config()
            .timeout_global(Some(SNAPSHOT_TIMEOUT))
            .timeout_per_read(Some(STALL_TIMEOUT))
            .build()
            .call()
            .map_err(unreachable)?;
        let status = response.status().as_u16();
        let mut body = response.into_body().into_reader();
        if status != 200 {
            let mut text = Vec::new();
            let _ = body.take(64 * 1024).read_to_end(&mut text);
            return Err(answer_error(status, &text));
        }
        let mut file = std::fs::File::create(path)
            .map_err(SnapshotError::io("nie można zapisać pobieranej kopii"))?;
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            if self.stopping.load(Ordering::Relaxed) {
                return Err(PullError::Unreachable(
                    "pobieranie kopii przerwane: serwer się zatrzymuje".to_string(),
                ));
            }
            let n = body
                .read(&mut buffer)
                .map_err(|e| PullError::Unreachable(format!("pobieranie kopii przerwane: {e}")))?;
            if n == 0 {
                return Ok(());
            }
            file.write_all(&buffer[..n])
                .map_err(SnapshotError::io("nie można zapisać pobieranej kopii"))?;
        }
    }
}

/// Loads the public snapshot at `path` into `store` with its position, in one transaction.
fn load(store: &Store, path: &Path) -> Result<(u64, ReplicaPosition), PullError> {
    let snapshot = Snapshot::open(path)?;
    if snapshot.header.scope != Scope::Public {
        // A replica must never hold accounts or correspondence, whatever it is sent.
        return Err(PullError::Damaged(SnapshotError::damaged(
            "serwer miasta przysłał pełną kopię zamiast publicznej",
        )));
    }
    let position = ReplicaPosition {
        primary_instance: snapshot.header.instance_id.clone(),
        generation: snapshot.header.generation,
        position: snapshot.header.changelog_position,
        as_of: snapshot.header.created,
    };
    let txn = store.begin_write("loading a snapshot from the primary")?;
    load_into(&txn, &snapshot, &no_progress)?;
    set_replica_position_in(&txn, &position)?;
    txn.commit()
        .map_err(StoreError::db("loading a snapshot from the primary"))?;
    Ok((snapshot.header.total_entries(), position))
}

/// The text of an error answer: the `error` field of a JSON body, or the start of the text.
fn message_of(body: &[u8]) -> String {
    let parsed: Option<String> = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error")?.as_str().map(str::to_string));
    parsed.unwrap_or_else(|| {
        String::from_utf8_lossy(body)
            .chars()
            .take(200)
            .collect::<String>()
            .trim()
            .to_string()
    })
}

fn answer_error(status: u16, body: &[u8]) -> PullError {
    match status {
        401 => PullError::Refused,
        _ => PullError::Answer {
            status,
            text: message_of(body),
        },
    }
}

fn random_hex() -> Result<String, PullError> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| {
        PullError::Store(StoreError::Database {
            context: "naming a temporary file",
            reason: e.to_string(),
        })
    })?;
    Ok(random.iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes snapshot files an interrupted download left in `dir`.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(".pestor") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A failing primary is asked again after at most this many pull intervals.
const MAX_BACKOFF_INTERVALS: u32 = 10;
/// The pages say the city server is out of reach once pulls have failed for this many
/// intervals.
const OFFLINE_AFTER_INTERVALS: u32 = 3;

/// How the replica is doing, shared by the pull job and the pages.
pub struct ReplicaStatus {
    primary: String,
    pull_every: Duration,
    state: Mutex<PullState>,
}

#[derive(Debug, Default)]
struct PullState {
    as_of: Option<Timestamp>,
    /// Since when every pull has failed.
    failing_since: Option<Timestamp>,
    failures: u32,
    next_try: Option<Instant>,
}

/// What the pages show about the replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusView {
    /// When the primary read the data shown (`None`: no data yet).
    pub as_of: Option<Timestamp>,
    /// Set when pulls have failed for long: since when.
    pub offline_since: Option<Timestamp>,
}

impl ReplicaStatus {
    /// The status of a replica of `primary` pulling every `pull_every`, whose data (if any) is
    /// as of `as_of`.
    pub fn new(primary: &str, pull_every: Duration, as_of: Option<Timestamp>) -> ReplicaStatus {
        ReplicaStatus {
            primary: primary.trim_end_matches('/').to_string(),
            pull_every,
            state: Mutex::new(PullState {
                as_of,
                ..PullState::default()
            }),
        }
    }

    /// The primary's address, e.g. "https://pes.torun.pl".
    pub fn primary(&self) -> &str {
        &self.primary
    }

    pub fn pull_every(&self) -> Duration {
        self.pull_every
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PullState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a pull is due at `now` (not while waiting after failures).
    pub fn due(&self, now: Instant) -> bool {
        self.lock().next_try.is_none_or(|at| now >= at)
    }

    /// Records a successful pull; returns since when pulls had been failing, if they had.
    pub fn succeeded(&self, as_of: Timestamp) -> Option<Timestamp> {
        let mut state = self.lock();
        let was_failing = state.failing_since;
        *state = PullState {
            as_of: Some(as_of),
            ..PullState::default()
        };
        was_failing
    }

    /// Records a failed pull at `now`; returns how long the replica waits before the next
    /// attempt (doubling with each failure, up to ten pull intervals).
    pub fn failed(&self, now: Timestamp, clock: Instant) -> Duration {
        let mut state = self.lock();
        state.failing_since.get_or_insert(now);
        state.failures = state.failures.saturating_add(1);
        let factor = 1u32
            .checked_shl(state.failures - 1)
            .unwrap_or(u32::MAX)
            .min(MAX_BACKOFF_INTERVALS);
        let wait = self.pull_every.saturating_mul(factor);
        // The periodic job ticks once an interval: the first retry is simply the next tick.
        state.next_try = Some(clock + wait - self.pull_every.min(wait));
        wait
    }

    /// What the pages show at `now`.
    pub fn view(&self, now: Timestamp) -> StatusView {
        let state = self.lock();
        let long = self
            .pull_every
            .saturating_mul(OFFLINE_AFTER_INTERVALS)
            .as_secs() as i64;
        StatusView {
            as_of: state.as_of,
            offline_since: state.failing_since.filter(|since| now - since >= long),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_and_the_pages_say_so_only_after_a_while() {
        let every = Duration::from_secs(30);
        let status = ReplicaStatus::new("https://pes.torun.example/", every, Some(1_000));
        assert_eq!(status.primary(), "https://pes.torun.example");
        let t0 = Instant::now();
        assert!(status.due(t0));
        let waits: Vec<u64> = (0..6).map(|_| status.failed(2_000, t0).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 300, 300]);
        assert!(!status.due(t0));
        assert!(status.due(t0 + Duration::from_secs(270)));
        // The data date stays; the note appears after three intervals of failure.
        assert_eq!(
            status.view(2_089),
            StatusView {
                as_of: Some(1_000),
                offline_since: None
            }
        );
        assert_eq!(status.view(2_090).offline_since, Some(2_000));
        assert_eq!(status.succeeded(3_000), Some(2_000));
        assert!(status.due(t0));
        assert_eq!(
            status.view(9_999),
            StatusView {
                as_of: Some(3_000),
                offline_since: None
            }
        );
        assert_eq!(status.succeeded(3_100), None);
    }

    #[test]
    fn error_answers_are_read_for_the_log() {
        assert_eq!(
            message_of(br#"{"error": "replika jest zbyt daleko w tyle", "status": 409}"#),
            "replika jest zbyt daleko w tyle"
        );
        assert_eq!(message_of(b"  Bad Gateway\n"), "Bad Gateway");
        assert!(matches!(answer_error(401, b""), PullError::Refused));
        assert!(matches!(
            answer_error(503, b"{}"),
            PullError::Answer { status: 503, .. }
        ));
    }

    #[test]
    fn an_unreachable_primary_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        // A port nobody listens on: bind one, then let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let work = dir.path().join("tmp");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("replica-0123.pestor"), b"leftover").unwrap();
        let puller = Puller::new(
            &format!("http://127.0.0.1:{port}/"),
            &"ab".repeat(32),
            &work,
        );
        assert!(
            !work.join("replica-0123.pestor").exists(),
            "leftovers removed"
        );
        let err = puller.pull(&store).unwrap_err();
        assert!(matches!(err, PullError::Unreachable(_)), "{err}");
        assert_eq!(store.replica_position().unwrap(), None);
        assert_eq!(std::fs::read_dir(&work).unwrap().count(), 0);
    }
}
