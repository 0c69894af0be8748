//! The data directory of `pestor serve --kiosk --demo`: made fresh in the system's temporary
//! directory at every start and removed at exit, so that a laptop at a fair never keeps what
//! visitors saw or typed from one day to the next. A directory left behind by a kiosk that
//! was killed or lost power is removed at the next start.

use std::path::{Path, PathBuf};

/// The prefix of the directory's name, followed by the process id and a random part.
pub const PREFIX: &str = "pestor-kiosk-demo-";

/// A new, empty data directory that [`TemporaryDataDir::remove`] deletes.
pub struct TemporaryDataDir {
    path: PathBuf,
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
        Ok(TemporaryDataDir { path })
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

/// Removes the demo directories in `temp` whose process is gone (killed, or the power went):
/// their visitors' input must not stay on the laptop. Only where the running processes can be
/// seen (`/proc`); elsewhere the directories are left, as a missing process cannot be told
/// from a running one.
fn remove_abandoned(temp: &Path) {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !processes.join(pid.to_string()).exists() {
            let left = TemporaryDataDir { path: entry.path() };
            println!("Katalog po poprzednim kiosku, który nie zakończył pracy:");
            left.remove();
        }
    }
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
    fn directories_of_kiosks_that_no_longer_run_are_removed() {
        let temp =
            std::env::temp_dir().join(format!("pestor-test-abandoned-{}", std::process::id()));
        std::fs::create_dir_all(&temp).unwrap();
        // No process has a number this high (Linux allows at most 2^22).
        let gone = temp.join(format!("{PREFIX}4000000000-abcdef"));
        let running = temp.join(format!("{PREFIX}{}-abcdef", std::process::id()));
        let other = temp.join("pestor-kiosk-demo-notanumber");
        for dir in [&gone, &running, &other] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("pestor.redb"), b"x").unwrap();
        }
        remove_abandoned(&temp);
        if Path::new("/proc/self").exists() {
            assert!(!gone.exists());
        }
        assert!(running.exists() && other.exists());
        std::fs::remove_dir_all(&temp).unwrap();
    }
}
