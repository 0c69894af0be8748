//! Restoring a full snapshot into a data directory (`pestor snapshot restore`).
//!
//! The current database is never written to. The snapshot is verified completely, loaded into a
//! new file next to the database (`pestor.redb.restoring`) in one write transaction, exported
//! again and compared with the snapshot by its content digest, given a new generation (so that
//! replicas start over), closed, and only then swapped in by one atomic rename. The previous file
//! stays under another name (a hard link made before the rename). Every refusal and every failure
//! before the rename leaves the data directory as it was.

use std::fmt;
use std::path::{Path, PathBuf};

use super::export::content_digest;
use super::format::{Header, Scope};
use super::read::Snapshot;
use super::{SnapshotError, load_into};
use crate::store::{DATABASE_FILE, Existing, ExistingDatabase, Store, StoreError};

/// The new database is built under this name in the data directory.
pub const RESTORING_FILE: &str = "pestor.redb.restoring";
/// The previous database is kept as `pestor.redb.przed-przywroceniem-<file stamp>`.
pub const PREVIOUS_PREFIX: &str = "pestor.redb.przed-przywroceniem-";

/// What to allow.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Restore a snapshot of another instance over an initialised database.
    pub force_instance: bool,
}

/// The long steps of a restore, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the whole snapshot before anything is written.
    Verify,
    /// Writing its records into the new database.
    Load,
    /// Reading the new database back and comparing it with the snapshot.
    Check,
}

impl Stage {
    /// Polish label for progress bars.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Verify => "sprawdzanie",
            Stage::Load => "wczytywanie",
            Stage::Check => "kontrola",
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The snapshot's header.
    pub header: Header,
    /// The database file now in use.
    pub database: PathBuf,
    /// The generation the restored data got.
    pub generation: u64,
    /// Where the previous database file is kept, when there was one.
    pub previous: Option<PathBuf>,
    /// Set when the previous file was not a readable database: why.
    pub previous_unreadable: Option<String>,
}

/// Why a restore did not happen. In every case the data directory is as it was.
#[derive(Debug)]
#[non_exhaustive]
pub enum RestoreError {
    /// A running server has the database open.
    ServerRunning { path: PathBuf },
    /// The snapshot cannot be used: damaged, foreign, of a newer format or schema.
    Snapshot(SnapshotError),
    /// A public snapshot (for replicas) has no accounts or private records.
    PublicSnapshot,
    /// The snapshot belongs to another instance than the database in the data directory.
    OtherInstance { snapshot: String, current: String },
    /// The new database did not give back exactly the snapshot's records.
    Mismatch,
    /// Writing the new database failed.
    Store(StoreError),
    /// A file operation failed.
    Io {
        context: &'static str,
        source: std::io::Error,
    },
}

impl From<SnapshotError> for RestoreError {
    fn from(e: SnapshotError) -> Self {
        match e {
            SnapshotError::Store(e) => RestoreError::Store(e),
            e => RestoreError::Snapshot(e),
        }
    }
}

impl From<StoreError> for RestoreError {
    fn from(e: StoreError) -> Self {
        RestoreError::Store(e)
    }
}

fn io(context: &'static str) -> impl FnOnce(std::io::Error) -> RestoreError {
    move |source| RestoreError::Io { context, source }
}

/// The first characters of an instance id, enough for a person to tell two apart.
pub fn short_instance(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::ServerRunning { path } => write!(
                f,
                "baza {} jest otwarta przez działający serwer pestor, a przywracanie wymaga \
                 wyłącznego dostępu do niej: zatrzymaj serwer (Ctrl+C w jego oknie albo \
                 „systemctl stop pestor”), przywróć kopię, uruchom serwer ponownie.",
                path.display()
            )?,
            RestoreError::Snapshot(e) => {
                write!(f, "nie można przywrócić danych z tej kopii: {e}.")?
            }
            RestoreError::PublicSnapshot => write!(
                f,
                "to kopia publiczna (dla replik) — nie ma w niej kont, wiadomości ani innych \
                 danych niepublicznych, więc nie da się z niej odtworzyć instancji; użyj pełnej \
                 kopii zapasowej."
            )?,
            RestoreError::OtherInstance { snapshot, current } => write!(
                f,
                "kopia pochodzi z innej instancji ({}…) niż baza w katalogu danych ({}…); jeśli \
                 na pewno chcesz zastąpić tę instancję danymi z kopii, uruchom polecenie ponownie \
                 z opcją --force-instance.",
                short_instance(snapshot),
                short_instance(current)
            )?,
            RestoreError::Mismatch => write!(
                f,
                "baza zbudowana z kopii nie zawiera dokładnie tych samych danych co kopia (inny \
                 skrót zawartości) — przerwano."
            )?,
            RestoreError::Store(e) => write!(f, "nie udało się zbudować nowej bazy: {e}.")?,
            RestoreError::Io { context, source } => write!(f, "{context}: {source}.")?,
        }
        write!(f, " Obecne dane nie zostały zmienione.")
    }
}

impl std::error::Error for RestoreError {}

/// Restores the full snapshot at `snapshot_path` into `data_dir` (created if needed).
pub fn restore(
    snapshot_path: &Path,
    data_dir: &Path,
    options: RestoreOptions,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<Restored, RestoreError> {
    let snapshot = Snapshot::open(snapshot_path)?;
    if snapshot.header.scope != Scope::Full {
        return Err(RestoreError::PublicSnapshot);
    }
    let database = data_dir.join(DATABASE_FILE);
    // Held open until the swap is done, so that no server starts on the old file meanwhile.
    let existing = match ExistingDatabase::open(&database) {
        Ok(existing) => existing,
        Err(StoreError::Locked { path }) => return Err(RestoreError::ServerRunning { path }),
        Err(e) => return Err(e.into()),
    };
    if let Some(current) = existing.initialised_instance()
        && current != snapshot.header.instance_id
        && !options.force_instance
    {
        return Err(RestoreError::OtherInstance {
            snapshot: snapshot.header.instance_id.clone(),
            current: current.to_string(),
        });
    }
    snapshot.read_items(&|done, total| progress(Stage::Verify, done, total), |_| {
        Ok(())
    })?;

    std::fs::create_dir_all(data_dir).map_err(io("nie można utworzyć katalogu danych"))?;
    let restoring = data_dir.join(RESTORING_FILE);
    remove_if_present(&restoring)?;
    let generation = snapshot.header.generation.max(existing.generation()) + 1;
    let built = build(&snapshot, &restoring, generation, progress);
    if let Err(e) = built {
        let _ = std::fs::remove_file(&restoring);
        return Err(e);
    }

    let previous = match existing.state {
        Existing::Missing => None,
        _ => match keep_previous(&database, data_dir) {
            Ok(kept) => Some(kept),
            Err(e) => {
                let _ = std::fs::remove_file(&restoring);
                return Err(e);
            }
        },
    };
    if let Err(e) = std::fs::rename(&restoring, &database) {
        if let Some(kept) = &previous {
            let _ = std::fs::remove_file(kept);
        }
        let _ = std::fs::remove_file(&restoring);
        return Err(io("nie można podmienić pliku bazy")(e));
    }
    sync_dir(data_dir);
    let previous_unreadable = match &existing.state {
        Existing::Unreadable(reason) => Some(reason.clone()),
        _ => None,
    };
    drop(existing);
    Ok(Restored {
        header: snapshot.header,
        database,
        generation,
        previous,
        previous_unreadable,
    })
}

/// Writes the snapshot into a new database at `path`, checks it against the snapshot, gives it
/// `generation` and closes it.
fn build(
    snapshot: &Snapshot,
    path: &Path,
    generation: u64,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<(), RestoreError> {
    let store = Store::open_file(path)?;
    let txn = store.begin_write("restoring a snapshot")?;
    load_into(&txn, snapshot, &|done, total| {
        progress(Stage::Load, done, total)
    })?;
    txn.commit()
        .map_err(StoreError::db("restoring a snapshot"))?;

    let again = content_digest(&store, Scope::Full, &|done, total| {
        progress(Stage::Check, done, total)
    })?;
    if again != snapshot.content_digest() {
        return Err(RestoreError::Mismatch);
    }
    store.write("raising the generation after a restore", |txn| {
        crate::store::set_generation(txn, generation)
    })?;
    let meta = store.meta()?;
    if meta
        .as_ref()
        .map(|m| (m.instance_id.as_str(), m.generation))
        != Some((snapshot.header.instance_id.as_str(), generation))
    {
        return Err(RestoreError::Mismatch);
    }
    drop(store);
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io("zapis nowej bazy na dysk"))
}

/// Gives the current database file a second name that the rename leaves in place.
fn keep_previous(database: &Path, data_dir: &Path) -> Result<PathBuf, RestoreError> {
    let stamp = crate::text::format::file_stamp(crate::domain::now());
    for attempt in 1..100 {
        let name = if attempt == 1 {
            format!("{PREVIOUS_PREFIX}{stamp}")
        } else {
            format!("{PREVIOUS_PREFIX}{stamp}-{attempt}")
        };
        let kept = data_dir.join(name);
        match std::fs::hard_link(database, &kept) {
            Ok(()) => return Ok(kept),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io("nie można zachować poprzedniego pliku bazy")(e)),
        }
    }
    Err(RestoreError::Io {
        context: "nie można zachować poprzedniego pliku bazy",
        source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    })
}

fn remove_if_present(path: &Path) -> Result<(), RestoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(
            "nie można usunąć pozostałości poprzedniego przywracania",
        )(e)),
    }
}

/// Makes the rename durable.
fn sync_dir(dir: &Path) {
    if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        log::warn!("syncing {} after a restore: {e}", dir.display());
    }
}
