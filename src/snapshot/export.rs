//! Writing a snapshot: every table of the scope, from one read transaction. redb's read
//! transactions are MVCC snapshots, so writers go on committing while this runs and the file
//! holds exactly the state of one moment.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::format::{self, Header, Scope, TableCount};
use super::{Progress, SnapshotError};
use redb::ReadTransaction;

use crate::store::{REGISTRY, Registered, Store, StoreError};

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub header: Header,
    /// Size of the file.
    pub bytes: u64,
    /// Size of the records before compression.
    pub raw_bytes: u64,
    /// SHA-256 of the records before compression (see `format.rs`).
    pub content_digest: [u8; 32],
}

/// Passes bytes on to `inner`, counting them and hashing them.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    count: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
            count: 0,
        }
    }
}

/// Writes a snapshot of `store` with the tables of `scope` to `out`.
pub fn export(
    store: &Store,
    scope: Scope,
    out: impl Write,
    progress: Progress,
) -> Result<ExportSummary, SnapshotError> {
    let write_err = SnapshotError::io;
    let txn = store.read("reading the database for a snapshot")?;
    let facts = store.facts_in(&txn)?;
    let tables = tables_of(scope);
    let mut counts = Vec::with_capacity(tables.len());
    for table in &tables {
        counts.push(TableCount {
            name: table.name().to_string(),
            entries: table.raw.len(&txn)?,
        });
    }
    let header = Header {
        format: format::FORMAT_VERSION,
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: facts.schema_version,
        instance_id: facts.instance_id,
        generation: facts.generation,
        changelog_position: facts.changelog_position,
        created: crate::domain::now(),
        scope,
        tables: counts,
    };
    let header_bytes = rmp_serde::to_vec_named(&header)
        .map_err(|e| SnapshotError::damaged(format!("nagłówek: {e}")))?;
    let mut file = Hashing::new(std::io::BufWriter::with_capacity(1 << 20, out));
    file.write_all(format::MAGIC)
        .and_then(|_| file.write_all(&format::FORMAT_VERSION.to_le_bytes()))
        .and_then(|_| file.write_all(&(header_bytes.len() as u32).to_le_bytes()))
        .and_then(|_| file.write_all(&header_bytes))
        .map_err(write_err("zapis kopii"))?;

    let encoder = zstd::Encoder::new(file, format::COMPRESSION_LEVEL)
        .map_err(write_err("uruchamianie kompresji"))?;
    let mut body = Hashing::new(encoder);
    write_records(&txn, &tables, scope, &mut body, progress)?;
    // Everything is read: let writers' freed pages be reused as soon as possible.
    drop(txn);
    let raw_bytes = body.count;
    let content_digest: [u8; 32] = body.hash.finalize().into();
    let mut file = body
        .inner
        .finish()
        .map_err(write_err("kończenie kompresji"))?;
    file.write_all(format::TRAILER_MAGIC)
        .and_then(|_| file.write_all(&raw_bytes.to_le_bytes()))
        .and_then(|_| file.write_all(&content_digest))
        .map_err(write_err("zapis kopii"))?;
    let checksum = file.hash.clone().finalize();
    file.write_all(&checksum)
        .and_then(|_| file.flush())
        .map_err(write_err("zapis kopii"))?;
    Ok(ExportSummary {
        header,
        bytes: file.count,
        raw_bytes,
        content_digest,
    })
}

/// The content digest an export of `scope` would have now (the records are walked and hashed,
/// not compressed): how a restored database is compared with its snapshot.
pub(crate) fn content_digest(
    store: &Store,
    scope: Scope,
    progress: Progress,
) -> Result<[u8; 32], SnapshotError> {
    let txn = store.read("reading the database for a check")?;
    let tables = tables_of(scope);
    let mut body = Hashing::new(std::io::sink());
    write_records(&txn, &tables, scope, &mut body, progress)?;
    Ok(body.hash.finalize().into())
}

fn tables_of(scope: Scope) -> Vec<&'static Registered> {
    REGISTRY
        .iter()
        .filter(|t| scope.includes(t.reach))
        .collect()
}

/// Writes the records of `tables` in the body's layout (see `format.rs`) to `body`.
fn write_records(
    txn: &ReadTransaction,
    tables: &[&'static Registered],
    scope: Scope,
    body: &mut impl Write,
    progress: Progress,
) -> Result<(), StoreError> {
    let mut total = 0;
    for table in tables {
        total += table.raw.len(txn)?;
    }
    let mut done = 0u64;
    let mut item = Vec::with_capacity(64 * 1024);
    for table in tables {
        table.raw.for_each(txn, &mut |key, value| {
            let value = match scope {
                Scope::Public => super::public::public_value(table.name(), value),
                Scope::Full => std::borrow::Cow::Borrowed(value),
            };
            item.clear();
            format::put_varint(&mut item, key.len() as u64);
            item.extend_from_slice(key);
            format::put_varint(&mut item, value.len() as u64);
            item.extend_from_slice(&value);
            body.write_all(&item).map_err(|e| StoreError::Database {
                context: "writing a snapshot",
                reason: e.to_string(),
            })?;
            done += 1;
            if done.is_multiple_of(4096) {
                progress(done, total);
            }
            Ok(())
        })?;
    }
    progress(total, total);
    Ok(())
}

/// Writes a snapshot to `path` through a temporary file next to it, synced and renamed into
/// place, so that `path` is either absent or a complete snapshot.
pub fn export_to_file(
    store: &Store,
    scope: Scope,
    path: &Path,
    progress: Progress,
) -> Result<ExportSummary, SnapshotError> {
    let partial = partial_path(path);
    let result = (|| {
        let file = create_private(&partial)
            .map_err(SnapshotError::io("nie można utworzyć pliku kopii"))?;
        let summary = export(store, scope, &file, progress)?;
        file.sync_all()
            .map_err(SnapshotError::io("zapis kopii na dysk"))?;
        std::fs::rename(&partial, path).map_err(SnapshotError::io("zapis kopii"))?;
        if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
            let _ = dir.sync_all();
        }
        Ok(summary)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Creates (or empties) a file only its owner may read: snapshots hold personal data and
/// password hashes.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

/// The temporary name a snapshot is written under before it is complete.
pub(crate) fn partial_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    path.with_file_name(name)
}
