//! The data directory of `pestor serve --kiosk --demo`: made fresh in the system's temporary
//! directory at every start and removed at exit, so that a laptop at a fair never keeps what
//! visitors saw or typed from one day to the next.

use std::path::{Path, PathBuf};

/// The prefix of the directory's name, followed by the process id and a random part.
pub const PREFIX: &str = "pestor-kiosk-demo-";

/// A new, empty data directory that [`TemporaryDataDir::remove`] deletes.
pub struct TemporaryDataDir {
    path: PathBuf,
}

impl TemporaryDataDir {
    /// Creates `<temporary directory>/pestor-kiosk-demo-<pid>-<random>`; never reuses an
    /// existing directory.
    pub fn create() -> Result<TemporaryDataDir, String> {
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
}
