//! Snapshots: a consistent logical export of the database made from one read transaction while
//! the server keeps serving and writing, its verification, and loading it back (DESIGN §8).
//!
//! The file format is described in `format.rs` and in the README ("Kopie zapasowe").

mod contents;
pub mod delta;
mod download;
mod error;
mod export;
mod format;
mod load;
mod local;
mod public;
mod push;
mod read;
pub mod replica_pull;
mod restore;
pub mod retention;
pub mod schedule;

#[cfg(test)]
mod consistency_tests;
#[cfg(test)]
mod reader_fuzz_tests;

pub use contents::{Entries, TableDigest};
pub use download::{WORK_DIR, download_name, fresh_snapshot_response};
pub use error::SnapshotError;
pub use export::{ExportSummary, export, export_to_file};
pub(crate) use export::{create_private, partial_path};
pub use format::{FORMAT_VERSION, Header, Scope, TableCount};
pub use load::load_into;
pub use local::{CONTROL_FILE, Control, LOCAL_SNAPSHOT_PATH, LocalChannel};
pub use push::{push_file, s3_bucket};
pub use read::{Snapshot, VerifyReport, verify};
pub use restore::{
    PREVIOUS_PREFIX, RESTORING_FILE, RestoreError, RestoreOptions, Restored, Stage, restore,
    short_instance,
};
pub use schedule::{Backups, Schedule, Trigger};

/// How far a long job has come: entries done out of all entries.
pub type Progress<'a> = &'a dyn Fn(u64, u64);

/// A progress report that says nothing (for the server and for tests).
pub fn no_progress(_done: u64, _total: u64) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_new_database_survives_export_verify_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a")).unwrap();
        store.mark_initialised().unwrap();
        let file = dir.path().join("kopia.pestor");
        let written = export_to_file(&store, Scope::Full, &file, &no_progress).unwrap();
        let report = verify(&file, &no_progress).unwrap();
        assert_eq!(report.header, written.header);
        assert_eq!(report.bytes, written.bytes);

        let other = Store::open(&dir.path().join("b")).unwrap();
        let snapshot = Snapshot::open(&file).unwrap();
        other
            .write("test", |txn| {
                load_into(txn, &snapshot, &no_progress).map_err(|e| {
                    crate::store::StoreError::Database {
                        context: "test",
                        reason: e.to_string(),
                    }
                })
            })
            .unwrap();
        assert_eq!(other.meta().unwrap(), store.meta().unwrap());
        assert!(other.is_initialised().unwrap());
        let again = dir.path().join("again.pestor");
        export_to_file(&other, Scope::Full, &again, &no_progress).unwrap();
        let again = Snapshot::open(&again).unwrap();
        assert_eq!(again.content_digest(), snapshot.content_digest());
    }
}
