//! When each table last changed, read from the changelog and kept in memory: the open-data
//! catalogue shows it as the update time of each register.
//!
//! The first question walks the changelog backwards from its newest entry until every table
//! asked about has been seen (or the log begins); later questions read only the entries added
//! since, forwards. A table that never changed costs one walk of the whole log, once.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use super::changelog::{ChangeCursor, ChangeFilter};
use super::{Store, StoreError};
use crate::domain::Timestamp;

/// Entries read per step of a walk.
const STEP: usize = 1_000;

/// The newest change time per table, for the part of the changelog read so far.
#[derive(Default)]
pub struct TableTimes {
    state: Mutex<Walked>,
}

#[derive(Default)]
struct Walked {
    /// Entries `low..=high` have been read (none while `high == 0` and `low == 0`).
    low: u64,
    high: u64,
    /// Whether the walk backwards reached the beginning of the log.
    reached_start: bool,
    newest: HashMap<String, Timestamp>,
}

impl TableTimes {
    /// Forgets what was read (the database was replaced as a whole, e.g. on a replica).
    pub fn reset(&self) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = Walked::default();
    }

    /// The time of the newest change of each of `tables` (by registry name); a table that never
    /// changed is missing from the answer.
    pub fn newest(
        &self,
        store: &Store,
        tables: &[&str],
    ) -> Result<HashMap<String, Timestamp>, StoreError> {
        let mut walked = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let position = store.changelog_position()?;
        if position < walked.high {
            *walked = Walked::default();
        }
        if walked.high == 0 && walked.low == 0 {
            walked.high = position;
            walked.low = position + 1;
        }
        // Forwards: what was written since the last question.
        while walked.high < position {
            let changes = store.changes_since(walked.high, STEP)?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            for change in changes {
                let time = walked.newest.entry(change.table).or_insert(change.time);
                *time = (*time).max(change.time);
            }
            walked.high = last;
        }
        // Backwards: until every table asked about has been seen.
        while !walked.reached_start && tables.iter().any(|t| !walked.newest.contains_key(*t)) {
            let page = store.changes_page(
                &ChangeFilter::default(),
                ChangeCursor::Before(walked.low),
                STEP,
            )?;
            for change in &page.entries {
                walked
                    .newest
                    .entry(change.table.clone())
                    .or_insert(change.time);
            }
            match page.entries.iter().map(|c| c.seq).min() {
                Some(lowest) if page.older.is_some() => walked.low = lowest,
                _ => walked.reached_start = true,
            }
        }
        Ok(tables
            .iter()
            .filter_map(|t| walked.newest.get(*t).map(|time| (t.to_string(), *time)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::changelog::record;
    use crate::store::{ChangeOp, Store};

    fn write(store: &Store, table: &str, count: u64) {
        store
            .write("test changes", |txn| {
                for key in 0..count {
                    record(txn, table, key, ChangeOp::Update, None)?;
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn newest_times_follow_the_changelog_and_new_changes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let times = TableTimes::default();
        write(&store, "rare_v1", 1);
        // A few thousand changes of other tables after the rare one.
        write(&store, "busy_v1", 5_000);
        let started = std::time::Instant::now();
        let first = times
            .newest(&store, &["rare_v1", "busy_v1", "never_v1"])
            .unwrap();
        let walk = started.elapsed();
        assert!(first.contains_key("rare_v1") && first.contains_key("busy_v1"));
        assert!(!first.contains_key("never_v1"));
        // Later questions read only what is new.
        write(&store, "rare_v1", 1);
        let started = std::time::Instant::now();
        let second = times.newest(&store, &["rare_v1", "never_v1"]).unwrap();
        let incremental = started.elapsed();
        assert!(second["rare_v1"] >= first["rare_v1"]);
        assert!(incremental <= walk + std::time::Duration::from_millis(50));
        eprintln!("changelog walk over 5 001 entries: {walk:?}; incremental: {incremental:?}");
    }

    #[test]
    fn a_replaced_database_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let times = TableTimes::default();
        write(&store, "a_v1", 3);
        assert!(
            times
                .newest(&store, &["a_v1"])
                .unwrap()
                .contains_key("a_v1")
        );
        times.reset();
        let other_dir = tempfile::tempdir().unwrap();
        let other = Store::open(other_dir.path()).unwrap();
        write(&other, "b_v1", 1);
        let seen = times.newest(&other, &["a_v1", "b_v1"]).unwrap();
        assert!(!seen.contains_key("a_v1") && seen.contains_key("b_v1"));
    }
}
