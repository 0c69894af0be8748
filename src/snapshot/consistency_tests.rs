//! An export taken while a writer commits continuously holds whole commits only: each commit
//! writes a record and its index entry in two tables (and sometimes deletes an older pair), so a
//! snapshot made from more than one moment would hold a record without its partner.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::read::Item;
use super::*;
use crate::store::{Store, registered};

const RECORDS: &str = "organizations_v1";
const INDEX: &str = "organization_slugs_v1";

fn slug(id: u64) -> String {
    format!("org-{id}")
}

/// A record's bytes: its id repeated, so that a torn value would show too.
fn value(id: u64) -> Vec<u8> {
    id.to_le_bytes().repeat(256)
}

/// Writes the pair of `id` and, when `drop` is given, removes that older pair — one commit.
fn commit_pair(store: &Store, id: u64, drop: Option<u64>) {
    store
        .write("test", |txn| {
            {
                let mut records = registered(RECORDS).unwrap().raw.writer(txn)?;
                records.insert(&id.to_le_bytes(), &value(id))?;
                if let Some(old) = drop {
                    records.remove(&old.to_le_bytes())?;
                }
            }
            let mut index = registered(INDEX).unwrap().raw.writer(txn)?;
            index.insert(slug(id).as_bytes(), &id.to_le_bytes())?;
            if let Some(old) = drop {
                index.remove(slug(old).as_bytes())?;
            }
            Ok(())
        })
        .unwrap();
}

/// Reads a snapshot's two tables and checks that every record has its index entry and back.
fn check_pairs(snapshot: &Snapshot) -> usize {
    let mut records = BTreeSet::new();
    let mut index = BTreeMap::new();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut table = String::new();
    snapshot
        .read_items(&no_progress, |item| {
            match item {
                Item::Table(t) => {
                    table = t.name().to_string();
                    counts.insert(table.clone(), 0);
                }
                Item::Entry(key, val) => {
                    *counts.get_mut(&table).unwrap() += 1;
                    if table == RECORDS {
                        let id = u64::from_le_bytes(key.try_into().unwrap());
                        assert_eq!(val, value(id), "record {id} torn");
                        records.insert(id);
                    } else if table == INDEX {
                        let id = u64::from_le_bytes(val.try_into().unwrap());
                        index.insert(String::from_utf8(key.to_vec()).unwrap(), id);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    for id in &records {
        assert_eq!(
            index.get(&slug(*id)),
            Some(id),
            "record {id} without its index entry"
        );
    }
    for (key, id) in &index {
        assert_eq!(key, &slug(*id));
        assert!(records.contains(id), "index entry {key} without its record");
    }
    for t in &snapshot.header.tables {
        assert_eq!(counts.get(&t.name), Some(&t.entries), "count of {}", t.name);
    }
    records.len()
}

#[test]
fn an_export_during_continuous_commits_holds_whole_commits_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    store.mark_initialised().unwrap();
    // Enough data that an export takes a while.
    const START: u64 = 4000;
    store
        .write("test", |txn| {
            {
                let mut records = registered(RECORDS).unwrap().raw.writer(txn)?;
                for id in 1..=START {
                    records.insert(&id.to_le_bytes(), &value(id))?;
                }
            }
            let mut index = registered(INDEX).unwrap().raw.writer(txn)?;
            for id in 1..=START {
                index.insert(slug(id).as_bytes(), &id.to_le_bytes())?;
            }
            Ok(())
        })
        .unwrap();

    let stop = AtomicBool::new(false);
    let commits = AtomicU64::new(0);
    let slowest = AtomicU64::new(0);
    let overlapping = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut id = START;
            while !stop.load(Ordering::SeqCst) {
                id += 1;
                // Every third commit also removes the oldest pair still there.
                let drop = id.is_multiple_of(3).then_some(id - START);
                let started = Instant::now();
                commit_pair(&store, id, drop);
                slowest.fetch_max(started.elapsed().as_micros() as u64, Ordering::SeqCst);
                commits.fetch_add(1, Ordering::SeqCst);
            }
        });
        // Stops the writer however this thread leaves the scope, so that a failed check ends
        // the test instead of waiting for the writer forever.
        struct StopOnDrop<'a>(&'a AtomicBool);
        impl Drop for StopOnDrop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let _stop = StopOnDrop(&stop);
        while commits.load(Ordering::SeqCst) < 3 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut overlapping = 0;
        for round in 0..6 {
            let before = commits.load(Ordering::SeqCst);
            let path = dir.path().join(format!("kopia-{round}.pestor"));
            let written = export_to_file(&store, Scope::Full, &path, &no_progress).unwrap();
            if commits.load(Ordering::SeqCst) > before {
                overlapping += 1;
            }
            let snapshot = Snapshot::open(&path).unwrap();
            assert_eq!(snapshot.header, written.header);
            let records = check_pairs(&snapshot);
            assert!(records as u64 >= START * 2 / 3, "{records}");
        }
        overlapping
    });
    assert!(
        overlapping >= 1,
        "no export overlapped a commit; the test proved nothing"
    );
    eprintln!(
        "{} commits during the exports; slowest {} ms",
        commits.load(Ordering::SeqCst),
        slowest.load(Ordering::SeqCst) / 1000
    );
}
