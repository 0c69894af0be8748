//! Reading a snapshot: the file checksum first (nothing is decompressed from a damaged file),
//! then the header, then the records, each checked against the table it belongs to.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::format::{self, Header};
use super::{Progress, SnapshotError};
use crate::store::{Registered, SCHEMA_VERSION, registered};

/// A snapshot file whose checksum and header are good.
#[derive(Debug)]
pub struct Snapshot {
    path: PathBuf,
    pub header: Header,
    /// Size of the whole file.
    pub bytes: u64,
    body_start: u64,
    body_len: u64,
    raw_len: u64,
    content_digest: [u8; 32],
}

/// One step of reading the records.
pub(crate) enum Item<'a> {
    /// The entries that follow belong to this table.
    Table(&'static Registered),
    /// One key and value, in redb's bytes, already checked to fit the table.
    Entry(&'a [u8], &'a [u8]),
}

/// What `verify` found in a good snapshot.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    pub header: Header,
    pub bytes: u64,
    /// Size of the records before compression.
    pub raw_bytes: u64,
}

/// Checks a snapshot completely: checksum, header, and every record against its table and the
/// header's counts.
pub fn verify(path: &Path, progress: Progress) -> Result<VerifyReport, SnapshotError> {
    let snapshot = Snapshot::open(path)?;
    snapshot.read_items(progress, |_| Ok(()))?;
    Ok(VerifyReport {
        header: snapshot.header.clone(),
        bytes: snapshot.bytes,
        raw_bytes: snapshot.raw_len,
    })
}

impl Snapshot {
    /// Opens `path`, checks the file checksum and reads the header. Refuses files that are
    /// empty, foreign, of a newer format or schema, cut short, or changed after writing.
    pub fn open(path: &Path) -> Result<Snapshot, SnapshotError> {
        let mut file = File::open(path).map_err(SnapshotError::io("nie można otworzyć pliku"))?;
        let bytes = file
            .metadata()
            .map_err(SnapshotError::io("nie można odczytać pliku"))?
            .len();
        if bytes == 0 {
            return Err(SnapshotError::Empty);
        }
        let mut preamble = [0u8; format::PREAMBLE_LEN];
        let got = read_up_to(&mut file, &mut preamble)?;
        let magic_len = got.min(format::MAGIC.len());
        if preamble[..magic_len] != format::MAGIC[..magic_len] {
            return Err(SnapshotError::NotASnapshot);
        }
        if got < format::PREAMBLE_LEN {
            return Err(SnapshotError::Truncated);
        }
        let version = u32::from_le_bytes(preamble[16..20].try_into().expect("4 bytes"));
        if version > format::FORMAT_VERSION {
            return Err(SnapshotError::NewerFormat {
                found: version,
                supported: format::FORMAT_VERSION,
            });
        }
        let header_len = u32::from_le_bytes(preamble[20..24].try_into().expect("4 bytes"));
        let body_start = format::PREAMBLE_LEN as u64 + u64::from(header_len);
        if bytes < body_start + format::TRAILER_LEN as u64 {
            return Err(SnapshotError::Truncated);
        }
        let trailer_start = bytes - format::TRAILER_LEN as u64;
        let mut trailer = [0u8; format::TRAILER_LEN];
        file.seek(SeekFrom::Start(trailer_start))
            .and_then(|_| file.read_exact(&mut trailer))
            .map_err(SnapshotError::io("nie można odczytać pliku"))?;
        if &trailer[..16] != format::TRAILER_MAGIC {
            return Err(SnapshotError::Truncated);
        }
        check_file_checksum(&mut file, bytes, &trailer[56..88])?;
        if version != format::FORMAT_VERSION || header_len > format::MAX_HEADER_LEN {
            return Err(SnapshotError::damaged("nieznana wersja formatu"));
        }
        let mut header_bytes = vec![0u8; header_len as usize];
        file.seek(SeekFrom::Start(format::PREAMBLE_LEN as u64))
            .and_then(|_| file.read_exact(&mut header_bytes))
            .map_err(SnapshotError::io("nie można odczytać pliku"))?;
        let header: Header = rmp_serde::from_slice(&header_bytes)
            .map_err(|e| SnapshotError::damaged(format!("nagłówek nieczytelny ({e})")))?;
        check_header(&header, version)?;
        Ok(Snapshot {
            path: path.to_path_buf(),
            header,
            bytes,
            body_start,
            body_len: trailer_start - body_start,
            raw_len: u64::from_le_bytes(trailer[16..24].try_into().expect("8 bytes")),
            content_digest: trailer[24..56].try_into().expect("32 bytes"),
        })
    }

    /// Reads every record in order, checking each against its table, the counts of the header
    /// and finally the content digest. `f` sees each table and entry; an error from it stops the
    /// reading.
    pub(crate) fn read_items(
        &self,
        progress: Progress,
        mut f: impl FnMut(Item<'_>) -> Result<(), SnapshotError>,
    ) -> Result<(), SnapshotError> {
        let mut file =
            File::open(&self.path).map_err(SnapshotError::io("nie można otworzyć pliku"))?;
        file.seek(SeekFrom::Start(self.body_start))
            .map_err(SnapshotError::io("nie można odczytać pliku"))?;
        let compressed = BufReader::with_capacity(1 << 20, file.take(self.body_len));
        let decoder = zstd::Decoder::with_buffer(compressed)
            .map_err(|e| SnapshotError::damaged(format!("kompresja ({e})")))?
            .single_frame();
        let mut body = Body {
            inner: BufReader::with_capacity(1 << 20, decoder),
            hash: Sha256::new(),
            count: 0,
        };
        let total = self.header.total_entries();
        let mut done = 0u64;
        let (mut key, mut value) = (Vec::new(), Vec::new());
        for count in &self.header.tables {
            let table = registered(&count.name).expect("checked in the header");
            f(Item::Table(table))?;
            for _ in 0..count.entries {
                body.item(&mut key)?;
                body.item(&mut value)?;
                if !table.raw.accepts(&key, &value) {
                    return Err(SnapshotError::damaged(format!(
                        "wpis tabeli {} ma niewłaściwą postać",
                        count.name
                    )));
                }
                f(Item::Entry(&key, &value))?;
                done += 1;
                if done.is_multiple_of(4096) {
                    progress(done, total);
                }
            }
        }
        let mut rest = [0u8; 1];
        if body.read_raw(&mut rest)? != 0 {
            return Err(SnapshotError::damaged("po ostatnim wpisie są jeszcze dane"));
        }
        if body.count != self.raw_len || body.hash.finalize()[..] != self.content_digest {
            return Err(SnapshotError::damaged(
                "skrót zawartości nie zgadza się z zapisanym",
            ));
        }
        progress(total, total);
        Ok(())
    }

    /// The digest of the uncompressed records, as written in the trailer.
    pub fn content_digest(&self) -> [u8; 32] {
        self.content_digest
    }
}

/// The decompressed records, hashed and counted as they are read.
struct Body<R> {
    inner: R,
    hash: Sha256,
    count: u64,
}

impl<R: Read> Body<R> {
    fn read_raw(&mut self, buf: &mut [u8]) -> Result<usize, SnapshotError> {
        let n = self
            .inner
            .read(buf)
            .map_err(|e| SnapshotError::damaged(format!("dane nie dają się rozpakować ({e})")))?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), SnapshotError> {
        let mut filled = 0;
        while filled < buf.len() {
            let n = self.read_raw(&mut buf[filled..])?;
            if n == 0 {
                return Err(SnapshotError::damaged(
                    "dane kończą się przed ostatnim wpisem",
                ));
            }
            filled += n;
        }
        Ok(())
    }

    fn varint(&mut self) -> Result<u64, SnapshotError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let mut byte = [0u8; 1];
            self.read_exact(&mut byte)?;
            value |= u64::from(byte[0] & 0x7f) << shift;
            if byte[0] & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(SnapshotError::damaged("błędna długość wpisu"))
    }

    /// One length-prefixed item into `buf`.
    fn item(&mut self, buf: &mut Vec<u8>) -> Result<(), SnapshotError> {
        let len = self.varint()?;
        if len > format::MAX_ITEM_LEN {
            return Err(SnapshotError::damaged("wpis dłuższy niż dopuszczalny"));
        }
        buf.resize(len as usize, 0);
        self.read_exact(buf)
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> Result<usize, SnapshotError> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = file
            .read(&mut buf[filled..])
            .map_err(SnapshotError::io("nie można odczytać pliku"))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// Hashes everything before the last 32 bytes and compares it with them.
fn check_file_checksum(file: &mut File, bytes: u64, expected: &[u8]) -> Result<(), SnapshotError> {
    file.seek(SeekFrom::Start(0))
        .map_err(SnapshotError::io("nie można odczytać pliku"))?;
    let mut hash = Sha256::new();
    let mut reader = BufReader::with_capacity(1 << 20, (&mut *file).take(bytes - 32));
    std::io::copy(&mut reader, &mut HashSink(&mut hash))
        .map_err(SnapshotError::io("nie można odczytać pliku"))?;
    if hash.finalize()[..] != *expected {
        return Err(SnapshotError::ChecksumMismatch);
    }
    Ok(())
}

struct HashSink<'a>(&'a mut Sha256);

impl std::io::Write for HashSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn check_header(header: &Header, version: u32) -> Result<(), SnapshotError> {
    if header.format != version {
        return Err(SnapshotError::damaged(
            "wersja formatu w nagłówku nie zgadza się z początkiem pliku",
        ));
    }
    if header.schema_version > SCHEMA_VERSION {
        return Err(SnapshotError::NewerSchema {
            found: header.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for table in &header.tables {
        let Some(known) = registered(&table.name) else {
            return Err(SnapshotError::damaged(format!(
                "nieznana tabela {} (kopia z innej wersji programu?)",
                table.name
            )));
        };
        if !header.scope.includes(known.reach) {
            return Err(SnapshotError::damaged(format!(
                "tabela {} nie należy do kopii tego rodzaju",
                table.name
            )));
        }
        if !seen.insert(&table.name) {
            return Err(SnapshotError::damaged(format!(
                "tabela {} występuje dwa razy",
                table.name
            )));
        }
    }
    Ok(())
}
