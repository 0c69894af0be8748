//! The reader against hostile files: random bytes, and a valid snapshot with random flips,
//! truncations and insertions — as they are (the file checksum must catch every change) and
//! re-sealed with a fresh checksum (so that the header parser, the decompressor and the record
//! reader see the damage). Never a panic; only the unmodified file is accepted.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use sha2::{Digest, Sha256};

use super::*;
use crate::store::{Store, registered};

/// A small valid snapshot with records in tables of every key shape.
fn valid() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.mark_initialised().unwrap();
        store
            .write("test", |txn| {
                {
                    let mut orgs = registered("organizations_v1").unwrap().raw.writer(txn)?;
                    for id in 1..=40u64 {
                        orgs.insert(&id.to_le_bytes(), format!("organizacja {id}").as_bytes())?;
                    }
                }
                {
                    let mut slugs = registered("organization_slugs_v1")
                        .unwrap()
                        .raw
                        .writer(txn)?;
                    for id in 1..=40u64 {
                        slugs.insert(format!("org-{id}").as_bytes(), &id.to_le_bytes())?;
                    }
                }
                let mut by_org = registered("offers_by_org_v1").unwrap().raw.writer(txn)?;
                for id in 1..=10u64 {
                    let mut key = (id % 3).to_le_bytes().to_vec();
                    key.extend_from_slice(&id.to_le_bytes());
                    by_org.insert(&key, &[])?;
                }
                Ok(())
            })
            .unwrap();
        let mut out = Vec::new();
        export(&store, Scope::Full, &mut out, &no_progress).unwrap();
        out
    })
}

/// Writes `bytes` to a fresh file and reads it completely.
fn read(bytes: &[u8]) -> Result<(), SnapshotError> {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let path = dir
        .path()
        .join(format!("{}.pestor", NEXT.fetch_add(1, Ordering::SeqCst)));
    std::fs::write(&path, bytes).unwrap();
    let result = Snapshot::open(&path).and_then(|s| s.read_items(&no_progress, |_| Ok(())));
    std::fs::remove_file(&path).unwrap();
    result
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Truncate { to: usize },
    Insert { at: usize, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<usize>().prop_map(|to| Mutation::Truncate { to }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    match mutation {
        Mutation::Flip { at, bit } => {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] ^= 1 << bit;
            }
        }
        Mutation::Truncate { to } => {
            if !bytes.is_empty() {
                bytes.truncate(to % bytes.len());
            }
        }
        Mutation::Insert {
            at,
            bytes: inserted,
        } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
    }
}

/// Replaces the last 32 bytes with the SHA-256 of the rest, as a writer would.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= 32 {
        let end = bytes.len() - 32;
        let digest = Sha256::digest(&bytes[..end]);
        bytes[end..].copy_from_slice(&digest);
    }
}

#[test]
fn the_unmodified_snapshot_is_read() {
    read(valid()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(read(&bytes).is_err());
    }

    #[test]
    fn random_bytes_behind_the_magic_are_refused(
        version in 0u32..3,
        rest in prop::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = b"PESTOR-SNAPSHOT\n".to_vec();
        bytes.extend_from_slice(&version.to_le_bytes());
        bytes.extend_from_slice(&rest);
        prop_assert!(read(&bytes).is_err());
        reseal(&mut bytes);
        prop_assert!(read(&bytes).is_err());
    }

    #[test]
    fn every_change_to_a_snapshot_is_refused(mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = valid().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        prop_assume!(bytes != valid());
        prop_assert!(read(&bytes).is_err());
    }

    #[test]
    fn resealed_changes_never_crash_the_reader(mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = valid().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        reseal(&mut bytes);
        // Accepted only if the damage fell where nothing is checked but the file checksum
        // (which was made anew), such as the program version text; never a panic.
        let _ = read(&bytes);
    }
}
