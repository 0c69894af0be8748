//! Looking into a snapshot table by table: a digest per table, to compare two snapshots
//! whose records should be the same, and the entries of one table.

use sha2::{Digest, Sha256};

use super::read::{Item, Snapshot};
use super::{Progress, SnapshotError};

/// Keys and values of one table, in redb's bytes.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// One table of a snapshot: its name, how many entries it has and a SHA-256 over them (in the
/// body's own encoding, so equal digests mean equal keys and values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    pub name: String,
    pub entries: u64,
    pub digest: [u8; 32],
}

impl Snapshot {
    /// Reads every record (with all the checks of `verify`) and digests each table.
    pub fn table_digests(&self, progress: Progress) -> Result<Vec<TableDigest>, SnapshotError> {
        let mut out: Vec<TableDigest> = Vec::new();
        let mut hash = Sha256::new();
        let mut length = [0u8; 8];
        self.read_items(progress, |item| {
            match item {
                Item::Table(table) => {
                    if let Some(last) = out.last_mut() {
                        last.digest = std::mem::take(&mut hash).finalize().into();
                    }
                    out.push(TableDigest {
                        name: table.name().to_string(),
                        entries: 0,
                        digest: [0; 32],
                    });
                }
                Item::Entry(key, value) => {
                    for part in [key, value] {
                        length.copy_from_slice(&(part.len() as u64).to_le_bytes());
                        hash.update(length);
                        hash.update(part);
                    }
                    if let Some(last) = out.last_mut() {
                        last.entries += 1;
                    }
                }
            }
            Ok(())
        })?;
        if let Some(last) = out.last_mut() {
            last.digest = hash.finalize().into();
        }
        Ok(out)
    }

    /// Every key and value of the table `name` in key order (redb's bytes), or `None` when the
    /// snapshot does not hold that table.
    pub fn table_entries(&self, name: &str) -> Result<Option<Entries>, SnapshotError> {
        if !self.header.tables.iter().any(|t| t.name == name) {
            return Ok(None);
        }
        let mut inside = false;
        let mut entries = Vec::new();
        self.read_items(&super::no_progress, |item| {
            match item {
                Item::Table(table) => inside = table.name() == name,
                Item::Entry(key, value) if inside => entries.push((key.to_vec(), value.to_vec())),
                Item::Entry(..) => {}
            }
            Ok(())
        })?;
        Ok(Some(entries))
    }
}
