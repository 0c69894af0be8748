//! The snapshot file, byte by byte (format version 1):
//!
//! ```text
//! magic        16 bytes  "PESTOR-SNAPSHOT\n"
//! format        4 bytes  u32 little-endian, FORMAT_VERSION
//! header len    4 bytes  u32 little-endian
//! header        msgpack `Header` (named fields)
//! body          one zstd frame; uncompressed, for each table of the header in its order,
//!               exactly `entries` times: varint key length, key, varint value length, value
//!               (redb's own bytes of the key and the value)
//! trailer      88 bytes  "PESTOR-CHECKSUM\n", u64 LE uncompressed body length,
//!                        SHA-256 of the uncompressed body (the content digest),
//!                        SHA-256 of every byte of the file before this last field
//! ```
//!
//! The content digest identifies the records themselves: a database restored from the snapshot
//! is exported again and must give the same digest. The file checksum catches any damage to the
//! file before anything is decompressed.

use serde::{Deserialize, Serialize};

use crate::domain::Timestamp;

pub const MAGIC: &[u8; 16] = b"PESTOR-SNAPSHOT\n";
pub const TRAILER_MAGIC: &[u8; 16] = b"PESTOR-CHECKSUM\n";
/// The format this program writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// Magic, format version and header length.
pub const PREAMBLE_LEN: usize = 16 + 4 + 4;
pub const TRAILER_LEN: usize = 16 + 8 + 32 + 32;
/// A header larger than this is not ours (it holds a few dozen table names).
pub const MAX_HEADER_LEN: u32 = 1 << 20;
/// No key or value of ours comes near this (images are a few MB); a larger length is damage.
pub const MAX_ITEM_LEN: u64 = 256 << 20;
/// zstd level: STACK.md measured level 3 at ≈270 MB/s with a good ratio on our records.
pub const COMPRESSION_LEVEL: i32 = 3;

/// Which tables a snapshot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every table: a backup to restore the instance from.
    Full,
    /// Only what public pages show: what read-only replicas (kiosks) receive.
    Public,
}

impl Scope {
    /// Polish name for summaries and pages.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Full => "pełna",
            Scope::Public => "publiczna (dla replik)",
        }
    }

    pub(crate) fn includes(self, reach: crate::store::Reach) -> bool {
        self == Scope::Full || reach == crate::store::Reach::Public
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCount {
    pub name: String,
    pub entries: u64,
}

/// What a snapshot says about itself before its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The version of the program that wrote it, for people reading a summary.
    pub program_version: String,
    pub schema_version: u32,
    pub instance_id: String,
    pub generation: u64,
    /// The newest changelog entry the snapshot contains.
    pub changelog_position: u64,
    pub created: Timestamp,
    pub scope: Scope,
    pub tables: Vec<TableCount>,
}

impl Header {
    pub fn total_entries(&self) -> u64 {
        self.tables.iter().map(|t| t.entries).sum()
    }
}

/// Appends `n` as an LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        put_varint(&mut out, 0);
        put_varint(&mut out, 127);
        put_varint(&mut out, 128);
        put_varint(&mut out, 300);
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }
}
