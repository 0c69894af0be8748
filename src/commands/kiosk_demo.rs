//! The data directory of `pestor serve --kiosk --demo`: made fresh in the system's temporary
//! directory at every start and removed at exit, so that a laptop at a fair never keeps what
//! visitors saw or typed from one day to the next.
//!
//! A kiosk that is killed or loses power cannot remove its directory, so the next start does.
//! Which directories are abandoned is told by a lock, not by process numbers (which are reused,
//! and hidden across containers): each kiosk holds an exclusive lock on a file in its directory
//! for as long as it runs, and the system drops the lock when the process dies, however it dies.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The prefix of the directory's name, followed by the process id and a random part.
pub const PREFIX: &str = "pestor-kiosk-demo-";

/// The file in the directory that its kiosk keeps locked while it runs.
const LOCK_FILE: &str = ".kiosk-demo.lock";

/// A directory without its lock file may be one that another kiosk has created this instant
/// and is about to lock; only older ones count as abandoned.
const UNLOCKED_GRACE: Duration = Duration::from_secs(60);

/// A new, empty data directory, locked by this process until [`TemporaryDataDir::remove`]
/// deletes it.
pub struct TemporaryDataDir {
    path: PathBuf,
    /// Held open (and so locked) for the life of the kiosk.
    _lock: Option<File>,
}

impl TemporaryDataDir {
    /// Creates `<temporary directory>/pestor-kiosk-demo-<pid>-<random>`; never reuses an
    /// existing directory. Directories of earlier kiosks that no longer run go first.
    pub fn create() -> Result<TemporaryDataDir, String> {
        remove_abandoned(&std::env::temp_dir());
        let mut random = [0u8; 6];
        getrandom::fill(&mut random)
            .map_err(|e| format!("brak liczb losowych do nazwy katalogu tymczasowego: {e}"))?;
        let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let path = std::env::temp_dir().join(format!("{PREFIX}{}-{suffix}", std::process::id()));
        std::fs::create_dir(&path).map_err(|e| {
            format!(
                "nie można utworzyć katalogu tymczasowego {}: {e}",
                path.display()
            )
        })?;
        let lock = File::create(path.join(LOCK_FILE))
            .and_then(|file| file.try_lock().map(|()| file).map_err(std::io::Error::from))
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&path);
                format!(
                    "nie można zablokować katalogu tymczasowego {}: {e}",
                    path.display()
                )
            })?;
        Ok(TemporaryDataDir {
            path,
            _lock: Some(lock),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the directory with everything in it, saying so.
    pub fn remove(self) {
        match std::fs::remove_dir_all(&self.path) {
            Ok(()) => println!(
                "Usunięto katalog tymczasowy z danymi demonstracyjnymi {}.",
                self.path.display()
            ),
            Err(e) => eprintln!(
                "pestor: nie udało się usunąć katalogu tymczasowego {}: {e}",
                self.path.display()
            ),
        }
    }
}

/// Removes this user's demo directories in `temp` that no running kiosk holds: their visitors'
/// input must not stay on the laptop.
fn remove_abandoned(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let is_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(PREFIX));
        // Not followed: a link or a file of that name is not a directory we made.
        let metadata = entry.metadata().ok().filter(|m| m.is_dir());
        if !is_ours || !metadata.is_some_and(|m| owned_by_us(&m)) {
            continue;
        }
        if is_abandoned(&entry.path()) {
            let left = TemporaryDataDir {
                path: entry.path(),
                _lock: None,
            };
            println!("Katalog pozostawiony przez poprzedni kiosk, który nie zakończył pracy:");
            left.remove();
        }
    }
}

/// Whether no running kiosk holds the directory: its lock file can be locked, or it has none
/// and is older than [`UNLOCKED_GRACE`].
fn is_abandoned(dir: &Path) -> bool {
    match File::open(dir.join(LOCK_FILE)) {
        Ok(file) => file.try_lock().is_ok(),
        Err(_) => std::fs::metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > UNLOCKED_GRACE),
    }
}

#[cfg(unix)]
fn owned_by_us(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    metadata.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_us(_metadata: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_start_gets_its_own_directory_and_it_is_removed() {
        let first = TemporaryDataDir::create().unwrap();
        let second = TemporaryDataDir::create().unwrap();
        assert_ne!(first.path(), second.path());
        std::fs::write(first.path().join("pestor.redb"), b"x").unwrap();
        let (a, b) = (first.path().to_path_buf(), second.path().to_path_buf());
        assert!(a.is_dir() && b.is_dir());
        first.remove();
        second.remove();
        assert!(!a.exists() && !b.exists());
    }

    #[test]
    fn only_directories_that_no_running_kiosk_holds_are_removed() {
        let temp = tempfile::tempdir().unwrap();
        let make = |name: &str| {
            let dir = temp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("pestor.redb"), b"x").unwrap();
            dir
        };
        // A kiosk that died: its lock file is there, nobody holds it.
        let dead = make(&format!("{PREFIX}1-aaaaaa"));
        File::create(dead.join(LOCK_FILE)).unwrap();
        // A running kiosk (this process, whatever the number in the name says).
        let alive = make(&format!("{PREFIX}1-bbbbbb"));
        let held = File::create(alive.join(LOCK_FILE)).unwrap();
        held.try_lock().unwrap();
        // Made this instant by a kiosk that has not locked it yet; and not ours at all.
        let new = make(&format!("{PREFIX}1-cccccc"));
        let other = make("pestor-inny-katalog");
        remove_abandoned(temp.path());
        assert!(!dead.exists());
        assert!(alive.exists() && new.exists() && other.exists());
        drop(held);
        remove_abandoned(temp.path());
        assert!(!alive.exists(), "removed once its kiosk is gone");
    }
}
