//! Snapshots on a clock while the server runs (DESIGN §8): a full snapshot into the snapshot
//! directory when one is due (at start when the newest there is older than the interval, then
//! every interval, and at clean shutdown), retention after each, compaction when the database
//! file has grown, and the push of each snapshot to a remote target with retries. What happened
//! last is kept in [`Backups`] for the admin page and said in the log. Nothing here ever stops
//! the server: every failure is reported and tried again later.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::export::partial_path;
use super::push::push_file;
use super::retention::{self, EXTENSION, MAX_SEQUENCE};
use super::{Scope, export_to_file, no_progress};
use crate::app::App;
use crate::config::BackupConfig;
use crate::domain::Timestamp;
use crate::store::{Store, StoreError};

/// The first scheduled snapshot comes at most this long after start, so that a server that is
/// started and stopped at once (or restarted after a crash) is not busy exporting while it
/// starts.
const START_DELAY: Duration = Duration::from_secs(60);
/// A push at shutdown is tried once and may take at most this long.
const SHUTDOWN_PUSH_LIMIT: Duration = Duration::from_secs(60);
/// Attempts of one push while the server runs.
const PUSH_ATTEMPTS: u32 = 3;

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Admin,
    Shutdown,
}

impl Trigger {
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Schedule => "według harmonogramu",
            Trigger::Admin => "na żądanie administratora",
            Trigger::Shutdown => "przy zatrzymaniu serwera",
        }
    }
}

/// A snapshot written.
#[derive(Debug, Clone)]
pub struct Success {
    pub at: Timestamp,
    pub file: String,
    pub bytes: u64,
    pub duration: Duration,
    /// Entries of every table in the snapshot.
    pub records: u64,
    pub trigger: Trigger,
}

/// A snapshot that could not be written.
#[derive(Debug, Clone)]
pub struct Failure {
    pub at: Timestamp,
    /// Polish, for the administrator.
    pub message: String,
    pub trigger: Trigger,
}

/// The outcome of the last push.
#[derive(Debug, Clone)]
pub struct PushReport {
    pub at: Timestamp,
    pub file: String,
    pub attempts: u32,
    /// `Err` holds the last attempt's error, in Polish.
    pub result: Result<(), String>,
}

/// The outcome of the last compaction tried after a snapshot.
#[derive(Debug, Clone)]
pub struct CompactionReport {
    pub at: Timestamp,
    /// File sizes before and after, when it ran.
    pub result: Result<(u64, u64), String>,
}

/// What the schedule did last and what it does next.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub last_success: Option<Success>,
    pub last_failure: Option<Failure>,
    /// When the next scheduled snapshot is due; `None` with the schedule off.
    pub next_due: Option<Timestamp>,
    pub last_push: Option<PushReport>,
    /// The file being sent now.
    pub pushing: Option<String>,
    pub last_compaction: Option<CompactionReport>,
}

/// A scheduled snapshot in the directory.
#[derive(Debug, Clone)]
pub struct Listed {
    pub name: String,
    pub taken: Timestamp,
    pub bytes: u64,
}

/// What wakes the schedule's thread.
#[derive(Default)]
struct Control {
    stopping: bool,
    /// The newest snapshot waiting to be sent.
    pending_push: Option<PathBuf>,
}

/// The scheduled snapshots of a running server: settings, status, and the one lock that lets
/// only one snapshot at a time be written into the directory.
pub struct Backups {
    pub config: BackupConfig,
    status: Mutex<Status>,
    taking: Mutex<()>,
    control: Mutex<Control>,
    wake: Condvar,
    /// Set at shutdown; an upload in progress sees it and stops.
    stopping: AtomicBool,
    /// Size of the database file at start or after the last compaction.
    baseline: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Backups {
    /// The schedule for `config` over the database file at `database`: the first snapshot is
    /// due when the newest in the directory is older than the interval (but not before the
    /// server has had a moment to start).
    pub fn new(config: BackupConfig, database: &Path) -> Backups {
        let now = crate::domain::now();
        let next_due = if config.interval.is_zero() {
            None
        } else {
            let interval = config.interval.as_secs() as i64;
            let earliest = now + START_DELAY.min(config.interval).as_secs() as i64;
            let newest = list_dir(&config.dir).first().map(|s| s.taken);
            Some(match newest {
                // A newest snapshot "from the future" (the clock was wrong) waits one interval.
                Some(taken) => (taken + interval).clamp(earliest, now + interval),
                None => earliest,
            })
        };
        let baseline = std::fs::metadata(database).map(|m| m.len()).unwrap_or(0);
        Backups {
            config,
            status: Mutex::new(Status {
                next_due,
                ..Status::default()
            }),
            taking: Mutex::new(()),
            control: Mutex::new(Control::default()),
            wake: Condvar::new(),
            stopping: AtomicBool::new(false),
            baseline: AtomicU64::new(baseline),
        }
    }

    /// A copy of the current status.
    pub fn status(&self) -> Status {
        lock(&self.status).clone()
    }

    /// The scheduled snapshots in the directory, newest first.
    pub fn list(&self) -> Vec<Listed> {
        list_dir(&self.config.dir)
    }

    /// The path of the scheduled snapshot `name`, if `name` is exactly one of ours and such a
    /// regular file exists in the directory. Nothing else — no other name, no path, no link —
    /// is ever handed out.
    pub fn file(&self, name: &str) -> Option<PathBuf> {
        retention::parse_name(name)?;
        let path = self.config.dir.join(name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        meta.file_type().is_file().then_some(path)
    }

    /// Takes a full snapshot into the directory now, then applies retention and compacts the
    /// database when it has grown. Waits while another snapshot is being taken. The snapshot is
    /// queued for the push unless the server is stopping (shutdown pushes it itself).
    pub fn take(&self, store: &Store, trigger: Trigger) -> Result<Success, String> {
        let _one_at_a_time = lock(&self.taking);
        let started = Instant::now();
        let at = crate::domain::now();
        let result = self.write_snapshot(store, at);
        let mut status = lock(&self.status);
        if !self.config.interval.is_zero() && trigger != Trigger::Shutdown {
            status.next_due = Some(crate::domain::now() + self.config.interval.as_secs() as i64);
        }
        let (path, summary) = match result {
            Ok(written) => written,
            Err(message) => {
                log::error!(
                    "kopia zapasowa ({}) nie powiodła się: {message}",
                    trigger.label()
                );
                status.last_failure = Some(Failure {
                    at,
                    message: message.clone(),
                    trigger,
                });
                return Err(message);
            }
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let success = Success {
            at,
            file: file.clone(),
            bytes: summary.bytes,
            duration: started.elapsed(),
            records: summary.header.total_entries(),
            trigger,
        };
        log::info!(
            "kopia zapasowa ({}): {} — {} B, {} {}, {} ms",
            trigger.label(),
            path.display(),
            success.bytes,
            success.records,
            crate::text::plural::plural(success.records, "wpis", "wpisy", "wpisów"),
            success.duration.as_millis()
        );
        status.last_success = Some(success.clone());
        drop(status);
        self.apply_retention(&file);
        self.compact_if_grown(store);
        if self.config.push.is_some() && trigger != Trigger::Shutdown {
            lock(&self.control).pending_push = Some(path);
            self.wake.notify_all();
        }
        Ok(success)
    }

    fn write_snapshot(
        &self,
        store: &Store,
        at: Timestamp,
    ) -> Result<(PathBuf, super::ExportSummary), String> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        let dir = &self.config.dir;
        // Snapshots hold personal data and password hashes: the owner's only.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("nie można utworzyć katalogu kopii {}: {e}", dir.display()))?;
        // After every other snapshot of the same second, so it is the newest by name too.
        let stamp = crate::text::format::file_stamp(at);
        let taken = |n: &u32| {
            let path = dir.join(retention::file_name(&stamp, *n));
            path.exists() || partial_path(&path).exists()
        };
        let next = (1..=MAX_SEQUENCE).rev().find(taken).map_or(1, |n| n + 1);
        if next > MAX_SEQUENCE {
            return Err("zbyt wiele kopii w tej samej sekundzie".to_string());
        }
        let path = dir.join(retention::file_name(&stamp, next));
        // The export writes into this file and renames it; created here, it is private from
        // its first byte.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(partial_path(&path))
            .map_err(|e| format!("nie można utworzyć pliku kopii w {}: {e}", dir.display()))?;
        let summary =
            export_to_file(store, Scope::Full, &path, &no_progress).map_err(|e| e.to_string())?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("nie można ustawić uprawnień kopii: {e}"))?;
        Ok((path, summary))
    }

    /// Deletes the snapshots retention does not keep — never `just_written`, even when a clock
    /// set back makes it look older than the others — and unfinished files of ours left by an
    /// interrupted export. Called with the taking lock held, so no export of ours is running.
    fn apply_retention(&self, just_written: &str) {
        let dir = &self.config.dir;
        let listed = list_dir(dir);
        let snapshots: Vec<retention::Snapshot> = listed
            .iter()
            .filter_map(|l| retention::Snapshot::from_name(&l.name))
            .collect();
        let plan = retention::plan(&snapshots, self.config.keep_daily, self.config.keep_weekly);
        for old in plan.delete.into_iter().filter(|s| s.name != just_written) {
            match std::fs::remove_file(dir.join(&old.name)) {
                Ok(()) => log::info!("usunięto starą kopię zapasową {}", old.name),
                Err(e) => log::error!("nie można usunąć starej kopii {}: {e}", old.name),
            }
        }
        for name in unfinished(dir) {
            if std::fs::remove_file(dir.join(&name)).is_ok() {
                log::info!("usunięto niedokończony plik kopii {name}");
            }
        }
    }

    /// Compacts the database when its file has grown past the threshold. A busy database (an
    /// export or a long read is running) is left for the next snapshot.
    fn compact_if_grown(&self, store: &Store) {
        let percent = u64::from(self.config.compact_growth_percent);
        let baseline = self.baseline.load(Ordering::SeqCst);
        let size = std::fs::metadata(store.path())
            .map(|m| m.len())
            .unwrap_or(0);
        if percent == 0 || baseline == 0 || size * 100 <= baseline * percent {
            return;
        }
        let at = crate::domain::now();
        let result = match store.compact() {
            Ok(done) => {
                self.baseline.store(done.after.max(1), Ordering::SeqCst);
                log::info!(
                    "baza skompaktowana: {} → {} bajtów",
                    done.before,
                    done.after
                );
                Ok((done.before, done.after))
            }
            Err(StoreError::Busy { .. }) => {
                log::info!(
                    "kompaktowanie bazy przełożone: baza jest w użyciu; kolejna próba po następnej kopii"
                );
                Err("baza była w użyciu; kolejna próba po następnej kopii".to_string())
            }
            Err(e) => {
                log::error!("kompaktowanie bazy nie powiodło się: {e}");
                Err(e.to_string())
            }
        };
        lock(&self.status).last_compaction = Some(CompactionReport { at, result });
    }

    /// Sends `path` with up to three attempts, waiting between them unless the server stops.
    fn push_with_retries(&self, path: &Path) {
        let Some(target) = &self.config.push else {
            return;
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lock(&self.status).pushing = Some(file.clone());
        let mut attempts = 0;
        let result = loop {
            attempts += 1;
            let outcome = push_file(target, path, Some(&self.stopping), None);
            match outcome {
                Ok(()) => break Ok(()),
                Err(message) if attempts >= PUSH_ATTEMPTS => break Err(message),
                Err(message) => {
                    log::warn!(
                        "wysłanie kopii {file} (próba {attempts} z {PUSH_ATTEMPTS}) nie powiodło się: {message}"
                    );
                    let wait = self.config.push_retry_wait * (2 * attempts - 1);
                    if !self.pause(wait) {
                        break Err(message);
                    }
                }
            }
        };
        self.report_push(&file, attempts, result);
    }

    fn report_push(&self, file: &str, attempts: u32, result: Result<(), String>) {
        match &result {
            Ok(()) => log::info!("kopia {file} wysłana ({attempts}. próba)"),
            Err(message) => log::error!(
                "nie udało się wysłać kopii {file} ({attempts} {}): {message}",
                crate::text::plural::plural(u64::from(attempts), "próba", "próby", "prób")
            ),
        }
        let mut status = lock(&self.status);
        status.pushing = None;
        status.last_push = Some(PushReport {
            at: crate::domain::now(),
            file: file.to_string(),
            attempts,
            result,
        });
    }

    /// Waits for `pause`; false when the server is stopping.
    fn pause(&self, pause: Duration) -> bool {
        let deadline = Instant::now() + pause;
        let mut control = lock(&self.control);
        loop {
            if control.stopping {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            control = self
                .wake
                .wait_timeout(control, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// The last snapshot, at clean shutdown: after the HTTP edge has stopped and before the
    /// database closes. Pushed once, with a short time limit, so the stop is not held up.
    pub fn at_shutdown(&self, store: &Store) {
        if self.config.interval.is_zero() {
            return;
        }
        let Ok(success) = self.take(store, Trigger::Shutdown) else {
            return;
        };
        if let Some(target) = &self.config.push {
            let path = self.config.dir.join(&success.file);
            let result = push_file(target, &path, None, Some(SHUTDOWN_PUSH_LIMIT));
            self.report_push(&success.file, 1, result);
        }
    }

    /// The schedule's thread: takes snapshots when due and sends them.
    fn run(&self, store: &Store) {
        let mut control = lock(&self.control);
        loop {
            if control.stopping {
                return;
            }
            if let Some(path) = control.pending_push.take() {
                drop(control);
                self.push_with_retries(&path);
                control = lock(&self.control);
                continue;
            }
            let due = lock(&self.status).next_due;
            let wait = match due {
                None => None,
                Some(due) => {
                    let now_ms = jiff::Timestamp::now().as_millisecond();
                    let left = due.saturating_mul(1000).saturating_sub(now_ms);
                    if left <= 0 {
                        drop(control);
                        let _ = self.take(store, Trigger::Schedule);
                        control = lock(&self.control);
                        continue;
                    }
                    // Woken at least once a minute, so a changed clock is noticed.
                    Some(Duration::from_millis(left as u64).min(Duration::from_secs(60)))
                }
            };
            control = match wait {
                Some(wait) => {
                    self.wake
                        .wait_timeout(control, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .wake
                    .wait(control)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
    }
}

/// The running schedule; [`Schedule::stop`] ends it promptly (an upload in progress is cut).
pub struct Schedule {
    app: Arc<App>,
    thread: Option<JoinHandle<()>>,
}

impl Schedule {
    /// Starts the schedule's thread. It runs even with the schedule off, to send the snapshots
    /// an administrator takes.
    pub fn start(app: Arc<App>) -> std::io::Result<Schedule> {
        let worker = app.clone();
        let thread = std::thread::Builder::new()
            .name("snapshots".to_string())
            .spawn(move || {
                let run = std::panic::AssertUnwindSafe(|| worker.backups.run(&worker.store));
                if std::panic::catch_unwind(run).is_err() {
                    log::error!("błąd wewnętrzny harmonogramu kopii zapasowych; kopie wstrzymane");
                }
            })?;
        Ok(Schedule {
            app,
            thread: Some(thread),
        })
    }

    /// Stops the thread: waits between attempts end and an upload in progress is aborted.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let backups = &self.app.backups;
        backups.stopping.store(true, Ordering::SeqCst);
        lock(&backups.control).stopping = true;
        backups.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Schedule {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Our snapshots in `dir` (regular files with our exact name pattern), newest first.
fn list_dir(dir: &Path) -> Vec<Listed> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(retention::Snapshot, u64)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let snapshot = retention::Snapshot::from_name(e.file_name().to_str()?)?;
            let bytes = e.metadata().map(|m| m.len()).unwrap_or(0);
            Some((snapshot, bytes))
        })
        .collect();
    found.sort_by_key(|(s, _)| std::cmp::Reverse((s.taken, s.sequence)));
    found
        .into_iter()
        .map(|(s, bytes)| Listed {
            taken: polish_time(s.taken),
            name: s.name,
            bytes,
        })
        .collect()
}

/// Unfinished exports of ours (`<our name>.part`).
fn unfinished(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| {
            name.strip_suffix(".part").is_some_and(|base| {
                base.ends_with(EXTENSION) && retention::parse_name(base).is_some()
            })
        })
        .collect()
}

/// A civil time in Poland as a timestamp.
fn polish_time(taken: jiff::civil::DateTime) -> Timestamp {
    let tz = jiff::tz::TimeZone::get("Europe/Warsaw").unwrap_or(jiff::tz::TimeZone::UTC);
    tz.to_timestamp(taken).map(|t| t.as_second()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(dir: &Path) -> BackupConfig {
        BackupConfig {
            keep_daily: 2,
            keep_weekly: 0,
            ..BackupConfig::defaults(dir)
        }
    }

    #[test]
    fn retention_deletes_only_our_old_snapshots_and_unfinished_files() {
        let data = tempfile::tempdir().unwrap();
        let backups = Backups::new(config(data.path()), &data.path().join("none"));
        let dir = &backups.config.dir;
        std::fs::create_dir_all(dir).unwrap();
        let ours = [
            "pestor-2026-11-24-060000.pestor",
            "pestor-2026-11-25-060000.pestor",
            "pestor-2026-11-26-060000.pestor",
            "pestor-2026-11-26-120000.pestor",
            "pestor-2026-11-27-060000.pestor",
        ];
        let foreign = [
            "notatki.txt",
            "pestor-2026-11-20-060000.pestor.bak",
            "pestor-torun-kopia-2026-11-20-060000.pestor",
            "Pestor-2026-11-20-060000.pestor",
            "pestor-2026-11-20-060000.pestor.part.old",
        ];
        for name in ours.iter().chain(&foreign) {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        std::fs::write(dir.join("pestor-2026-11-27-070000.pestor.part"), b"x").unwrap();
        // A directory with our name is not a snapshot either.
        std::fs::create_dir(dir.join("pestor-2026-11-01-060000.pestor")).unwrap();

        // The one just written stays even when it looks old (a clock set back).
        backups.apply_retention("pestor-2026-11-25-060000.pestor");
        let mut left: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected: Vec<String> = foreign
            .iter()
            .chain(&[
                "pestor-2026-11-01-060000.pestor",
                "pestor-2026-11-25-060000.pestor",
                "pestor-2026-11-26-120000.pestor",
                "pestor-2026-11-27-060000.pestor",
            ])
            .map(|s| s.to_string())
            .collect();
        expected.sort();
        assert_eq!(left, expected);
        let listed: Vec<String> = backups.list().into_iter().map(|l| l.name).collect();
        assert_eq!(
            listed,
            [
                "pestor-2026-11-27-060000.pestor",
                "pestor-2026-11-26-120000.pestor",
                "pestor-2026-11-25-060000.pestor"
            ]
        );
        assert!(backups.file("pestor-2026-11-27-060000.pestor").is_some());
        for refused in [
            "notatki.txt",
            "../kopie/pestor-2026-11-27-060000.pestor",
            "pestor-2026-11-01-060000.pestor",
            "pestor-2026-11-24-060000.pestor",
            "pestor-2026-11-26-060000.pestor",
        ] {
            assert!(backups.file(refused).is_none(), "{refused}");
        }
    }

    #[test]
    fn snapshots_are_taken_named_kept_and_compaction_follows_growth() {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(data.path()).unwrap();
        store.mark_initialised().unwrap();
        let mut config = config(data.path());
        config.compact_growth_percent = 110;
        let backups = Backups::new(config, store.path());
        assert!(backups.status().next_due.is_some());
        let check = |success: &Success| {
            assert!(retention::parse_name(&success.file).is_some());
            let report =
                super::super::verify(&backups.config.dir.join(&success.file), &no_progress)
                    .unwrap();
            assert_eq!(report.bytes, success.bytes);
            assert_eq!(report.header.total_entries(), success.records);
        };
        let first = backups.take(&store, Trigger::Admin).unwrap();
        check(&first);
        let second = backups.take(&store, Trigger::Schedule).unwrap();
        check(&second);
        assert_ne!(first.file, second.file);
        // Both are of today: one day kept, so only the newer stays.
        let listed = backups.list();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, second.file);
        let status = backups.status();
        assert_eq!(status.last_success.unwrap().file, second.file);
        assert!(status.last_failure.is_none());

        // The file has not grown: no compaction. Pretend it was much smaller at start.
        assert!(status.last_compaction.is_none());
        backups.baseline.store(1, Ordering::SeqCst);
        backups.take(&store, Trigger::Admin).unwrap();
        let compaction = backups.status().last_compaction.unwrap();
        let (_, after) = compaction.result.unwrap();
        assert_eq!(backups.baseline.load(Ordering::SeqCst), after);
    }

    #[test]
    fn a_snapshot_in_the_same_second_is_named_after_all_others() {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(data.path()).unwrap();
        let backups = Backups::new(config(data.path()), store.path());
        // 2026-11-27 09:15:03 in Poland.
        let at = 1_795_767_303;
        let name = |path: &Path| path.file_name().unwrap().to_str().unwrap().to_string();
        let (first, _) = backups.write_snapshot(&store, at).unwrap();
        let (second, _) = backups.write_snapshot(&store, at).unwrap();
        assert_eq!(name(&first), "pestor-2026-11-27-091503.pestor");
        assert_eq!(name(&second), "pestor-2026-11-27-091503-2.pestor");
        // Retention removed the first: the next one still comes after the second, or retention
        // would take it for the older one.
        std::fs::remove_file(&first).unwrap();
        let (third, _) = backups.write_snapshot(&store, at).unwrap();
        assert_eq!(name(&third), "pestor-2026-11-27-091503-3.pestor");
        // Only the owner reads snapshots and their directory.
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&third), 0o600);
        assert_eq!(mode(&backups.config.dir), 0o700);
    }

    #[test]
    fn a_failed_snapshot_is_reported_and_the_next_one_works() {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(&data.path().join("db")).unwrap();
        // The snapshot directory cannot be created: a file stands in its way.
        let blocked = data.path().join("kopie");
        std::fs::write(&blocked, b"plik, nie katalog").unwrap();
        let backups = Backups::new(config(data.path()), store.path());
        let message = backups.take(&store, Trigger::Schedule).unwrap_err();
        assert!(
            message.contains("nie można utworzyć katalogu kopii"),
            "{message}"
        );
        let failure = backups.status().last_failure.unwrap();
        assert_eq!(failure.message, message);
        assert_eq!(failure.trigger, Trigger::Schedule);
        std::fs::remove_file(&blocked).unwrap();
        backups.take(&store, Trigger::Schedule).unwrap();
        assert!(backups.status().last_success.is_some());
    }

    #[test]
    fn the_first_snapshot_is_due_by_the_newest_in_the_directory() {
        let data = tempfile::tempdir().unwrap();
        let mut config = config(data.path());
        config.interval = Duration::from_secs(6 * 3600);
        let now = crate::domain::now();
        // Nothing there: soon after start.
        let due = Backups::new(config.clone(), Path::new("/nonexistent"))
            .status()
            .next_due
            .unwrap();
        assert!((now..=now + 61).contains(&due), "{due} vs {now}");
        // A snapshot from an hour ago: five hours from now.
        std::fs::create_dir_all(&config.dir).unwrap();
        let hour_ago = crate::text::format::file_stamp(now - 3600);
        std::fs::write(config.dir.join(retention::file_name(&hour_ago, 1)), b"x").unwrap();
        let due = Backups::new(config.clone(), Path::new("/nonexistent"))
            .status()
            .next_due
            .unwrap();
        assert!((due - (now + 5 * 3600)).abs() <= 2, "{due} vs {now}");
        // Off: never due.
        config.interval = Duration::ZERO;
        let off = Backups::new(config, Path::new("/nonexistent"));
        assert_eq!(off.status().next_due, None);
    }
}
