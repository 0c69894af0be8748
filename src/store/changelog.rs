//! The changelog: one entry per changed record, written in the same transaction as the change.
//! Replicas pull it; the audit log reads it.

use redb::{ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::CHANGES;
use super::{Store, StoreError};
use crate::domain::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeOp {
    Insert,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: u64,
    pub time: Timestamp,
    /// Table name from the registry in `tables.rs`.
    pub table: String,
    pub key: u64,
    pub op: ChangeOp,
    /// The user who made the change; `None` for the system (demo data, migrations).
    #[serde(default)]
    pub author: Option<u64>,
}

/// Appends an entry to the changelog inside `txn`.
pub(crate) fn record(
    txn: &WriteTransaction,
    table: &str,
    key: u64,
    op: ChangeOp,
    author: Option<u64>,
) -> Result<(), StoreError> {
    let mut changes = txn
        .open_table(CHANGES)
        .map_err(StoreError::db("opening the changelog"))?;
    let seq = match changes
        .last()
        .map_err(StoreError::db("reading the changelog"))?
    {
        Some((k, _)) => k.value() + 1,
        None => 1,
    };
    let change = Change {
        seq,
        time: crate::domain::now(),
        table: table.to_string(),
        key,
        op,
        author,
    };
    changes
        .insert(seq, encode(&change, "changelog entry")?.as_slice())
        .map_err(StoreError::db("writing the changelog"))?;
    Ok(())
}

/// The position of the newest changelog entry as `txn` sees it (0 when empty).
pub(crate) fn position_in(txn: &redb::ReadTransaction) -> Result<u64, StoreError> {
    let changes = match txn.open_table(CHANGES) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
        Err(e) => return Err(StoreError::db("opening the changelog")(e)),
    };
    let last = changes
        .last()
        .map_err(StoreError::db("reading the changelog"))?;
    Ok(last.map(|(k, _)| k.value()).unwrap_or(0))
}

impl Store {
    /// The position of the newest changelog entry (0 when empty).
    pub fn changelog_position(&self) -> Result<u64, StoreError> {
        position_in(&self.read("reading the changelog")?)
    }

    /// Entries after `after`, oldest first, at most `limit`.
    pub fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        changes_in(&self.read("reading the changelog")?, after, limit)
    }
}

/// Entries after `after` as `txn` sees them, oldest first, at most `limit`.
pub(crate) fn changes_in(
    txn: &redb::ReadTransaction,
    after: u64,
    limit: usize,
) -> Result<Vec<Change>, StoreError> {
    let changes = match txn.open_table(CHANGES) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::db("opening the changelog")(e)),
    };
    let mut out = Vec::new();
    for entry in changes
        .range(after.saturating_add(1)..)
        .map_err(StoreError::db("reading the changelog"))?
        .take(limit)
    {
        let (_, value) = entry.map_err(StoreError::db("reading the changelog"))?;
        out.push(decode(value.value(), "changelog entry")?);
    }
    Ok(out)
}

/// Which changelog entries an audit-log page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeFilter {
    /// Only entries of this table (a name from `tables.rs`).
    pub table: Option<String>,
    /// Only entries by this author; `Some(None)` means changes made by the system.
    pub author: Option<Option<u64>>,
    /// Only entries at or after this time.
    pub from: Option<Timestamp>,
    /// Only entries before this time.
    pub until: Option<Timestamp>,
}

impl ChangeFilter {
    fn matches(&self, change: &Change) -> bool {
        self.table.as_ref().is_none_or(|t| *t == change.table)
            && self.author.is_none_or(|a| a == change.author)
            && self.from.is_none_or(|from| change.time >= from)
            && self.until.is_none_or(|until| change.time < until)
    }
}

/// Where a page of the changelog starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeCursor {
    /// The newest matching entries.
    Newest,
    /// The newest matching entries with a sequence number below this one.
    Before(u64),
    /// The oldest matching entries with a sequence number above this one.
    After(u64),
}

/// One page of the changelog, newest first, with where the neighbouring pages start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangePage {
    pub entries: Vec<Change>,
    /// Older entries may follow: continue with `ChangeCursor::Before(older)`.
    pub older: Option<u64>,
    /// Newer entries may follow: continue with `ChangeCursor::After(newer)`.
    pub newer: Option<u64>,
}

/// How many entries one page read looks at, at most, however rare the matches are.
pub const CHANGES_SCAN_LIMIT: usize = 5_000;

impl Store {
    /// One page of at most `limit` entries that match `filter`, newest first. The date range
    /// narrows the sequence range by binary search (entries are written in time order), and no
    /// read looks at more than [`CHANGES_SCAN_LIMIT`] entries; when it stops early, the page has
    /// fewer entries and says where to continue.
    pub fn changes_page(
        &self,
        filter: &ChangeFilter,
        cursor: ChangeCursor,
        limit: usize,
    ) -> Result<ChangePage, StoreError> {
        let txn = self.read("reading the changelog")?;
        let changes = match txn.open_table(CHANGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(ChangePage::default()),
            Err(e) => return Err(StoreError::db("opening the changelog")(e)),
        };
        let Some((low, high)) = seq_bounds(&changes, filter)? else {
            return Ok(ChangePage::default());
        };
        let limit = limit.max(1);
        let mut page = ChangePage::default();
        match cursor {
            ChangeCursor::Newest | ChangeCursor::Before(_) => {
                let top = match cursor {
                    ChangeCursor::Before(seq) => {
                        page.newer = (seq <= high).then(|| seq.saturating_sub(1));
                        high.min(seq.saturating_sub(1))
                    }
                    _ => high,
                };
                if top >= low {
                    let range = changes
                        .range(low..=top)
                        .map_err(StoreError::db("reading the changelog"))?;
                    (page.entries, page.older) = scan(range.rev(), filter, limit)?;
                }
            }
            ChangeCursor::After(seq) => {
                page.older = (seq >= low).then(|| seq.saturating_add(1));
                let bottom = low.max(seq.saturating_add(1));
                if bottom <= high {
                    let range = changes
                        .range(bottom..=high)
                        .map_err(StoreError::db("reading the changelog"))?;
                    (page.entries, page.newer) = scan(range, filter, limit)?;
                    page.entries.reverse();
                }
            }
        }
        Ok(page)
    }
}

type ChangeEntry<'a> = Result<
    (
        redb::AccessGuard<'a, u64>,
        redb::AccessGuard<'a, &'static [u8]>,
    ),
    redb::StorageError,
>;

/// Collects up to `limit` matching entries in the iterator's order. Returns them and, when more
/// may follow, the sequence number after which (in that order) to continue.
fn scan<'a>(
    entries: impl Iterator<Item = ChangeEntry<'a>>,
    filter: &ChangeFilter,
    limit: usize,
) -> Result<(Vec<Change>, Option<u64>), StoreError> {
    let mut found: Vec<Change> = Vec::new();
    let mut entries = entries.peekable();
    let mut looked = 0;
    while let Some(entry) = entries.next() {
        let (key, value) = entry.map_err(StoreError::db("reading the changelog"))?;
        let seq = key.value();
        let change: Change = decode(value.value(), "changelog entry")?;
        looked += 1;
        if filter.matches(&change) {
            if let Some(last) = found.get(limit - 1) {
                // One more match exists: the next page starts after the last one shown.
                let last = last.seq;
                return Ok((found, Some(last)));
            }
            found.push(change);
        }
        if looked >= CHANGES_SCAN_LIMIT && entries.peek().is_some() {
            return Ok((found, Some(seq)));
        }
    }
    Ok((found, None))
}

/// The sequence range `[low, high]` that can hold entries of the filter's date range, or `None`
/// when it is empty.
fn seq_bounds(
    changes: &impl ReadableTable<u64, &'static [u8]>,
    filter: &ChangeFilter,
) -> Result<Option<(u64, u64)>, StoreError> {
    let first = changes
        .first()
        .map_err(StoreError::db("reading the changelog"))?;
    let last = changes
        .last()
        .map_err(StoreError::db("reading the changelog"))?;
    let (Some((first, _)), Some((last, _))) = (first, last) else {
        return Ok(None);
    };
    let (first, last) = (first.value(), last.value());
    let low = match filter.from {
        Some(from) => match first_at_or_after(changes, from, first, last)? {
            Some(seq) => seq,
            None => return Ok(None),
        },
        None => first,
    };
    let high = match filter.until {
        Some(until) => match first_at_or_after(changes, until, first, last)? {
            Some(seq) => seq.saturating_sub(1),
            None => last,
        },
        None => last,
    };
    Ok((low <= high).then_some((low, high)))
}

/// The sequence number of the first entry written at or after `time`, by binary search.
fn first_at_or_after(
    changes: &impl ReadableTable<u64, &'static [u8]>,
    time: Timestamp,
    first: u64,
    last: u64,
) -> Result<Option<u64>, StoreError> {
    // (sequence number, time) of the first entry at or after `seq`.
    let at_or_after = |seq: u64| -> Result<Option<(u64, Timestamp)>, StoreError> {
        let mut range = changes
            .range(seq..)
            .map_err(StoreError::db("reading the changelog"))?;
        match range.next() {
            Some(entry) => {
                let (key, value) = entry.map_err(StoreError::db("reading the changelog"))?;
                let change: Change = decode(value.value(), "changelog entry")?;
                Ok(Some((key.value(), change.time)))
            }
            None => Ok(None),
        }
    };
    let (mut low, mut high) = (first, last.saturating_add(1));
    while low < high {
        let mid = low + (high - low) / 2;
        match at_or_after(mid)? {
            Some((seq, at)) if at < time => low = seq.saturating_add(1),
            _ => high = mid,
        }
    }
    Ok(at_or_after(low)?
        .filter(|(_, at)| *at >= time)
        .map(|(seq, _)| seq))
}

#[cfg(test)]
mod page_tests {
    use super::*;

    /// A store whose changelog has entries 1..=n at times 1000 + 10·seq, by author seq % 3
    /// (0 = the system), in table "a" (odd) or "b" (even).
    fn store_with(n: u64) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .write("test", |txn| {
                let mut table = txn.open_table(CHANGES).unwrap();
                for seq in 1..=n {
                    let change = Change {
                        seq,
                        time: 1000 + 10 * seq as i64,
                        table: if seq % 2 == 1 { "a" } else { "b" }.to_string(),
                        key: seq,
                        op: ChangeOp::Update,
                        author: Some(seq % 3).filter(|a| *a != 0),
                    };
                    table
                        .insert(seq, encode(&change, "test")?.as_slice())
                        .unwrap();
                }
                Ok(())
            })
            .unwrap();
        (dir, store)
    }

    fn seqs(page: &ChangePage) -> Vec<u64> {
        page.entries.iter().map(|c| c.seq).collect()
    }

    #[test]
    fn pages_walk_back_and_forth_newest_first() {
        let (_dir, store) = store_with(10);
        let all = ChangeFilter::default();
        let first = store.changes_page(&all, ChangeCursor::Newest, 4).unwrap();
        assert_eq!(seqs(&first), [10, 9, 8, 7]);
        assert_eq!((first.older, first.newer), (Some(7), None));
        let second = store
            .changes_page(&all, ChangeCursor::Before(7), 4)
            .unwrap();
        assert_eq!(seqs(&second), [6, 5, 4, 3]);
        assert_eq!((second.older, second.newer), (Some(3), Some(6)));
        let last = store
            .changes_page(&all, ChangeCursor::Before(3), 4)
            .unwrap();
        assert_eq!(seqs(&last), [2, 1]);
        assert_eq!(last.older, None);
        let back = store.changes_page(&all, ChangeCursor::After(6), 4).unwrap();
        assert_eq!(seqs(&back), [10, 9, 8, 7]);
        assert_eq!((back.older, back.newer), (Some(7), None));
        let middle = store.changes_page(&all, ChangeCursor::After(2), 4).unwrap();
        assert_eq!(seqs(&middle), [6, 5, 4, 3]);
        assert_eq!((middle.older, middle.newer), (Some(3), Some(6)));
    }

    #[test]
    fn filters_by_table_author_and_time() {
        let (_dir, store) = store_with(30);
        let page = |filter: ChangeFilter| {
            seqs(
                &store
                    .changes_page(&filter, ChangeCursor::Newest, 100)
                    .unwrap(),
            )
        };
        assert_eq!(
            page(ChangeFilter {
                table: Some("a".into()),
                author: Some(Some(1)),
                ..ChangeFilter::default()
            }),
            [25, 19, 13, 7, 1]
        );
        assert_eq!(
            page(ChangeFilter {
                author: Some(None),
                from: Some(1000 + 10 * 20),
                ..ChangeFilter::default()
            }),
            [30, 27, 24, 21]
        );
        // From the time of entry 5 (inclusive) to that of entry 8 (exclusive).
        assert_eq!(
            page(ChangeFilter {
                from: Some(1050),
                until: Some(1080),
                ..ChangeFilter::default()
            }),
            [7, 6, 5]
        );
        assert_eq!(
            page(ChangeFilter {
                from: Some(5000),
                ..ChangeFilter::default()
            }),
            Vec::<u64>::new()
        );
        assert_eq!(
            page(ChangeFilter {
                until: Some(1000),
                ..ChangeFilter::default()
            }),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn a_rare_match_stops_the_scan_and_says_where_to_go_on() {
        let n = CHANGES_SCAN_LIMIT as u64 + 100;
        let (_dir, store) = store_with(n);
        let only_first = ChangeFilter {
            table: Some("a".into()),
            until: Some(1000 + 10 * 2),
            ..ChangeFilter::default()
        };
        // The time range alone narrows the scan to entry 1.
        let page = store
            .changes_page(&only_first, ChangeCursor::Newest, 10)
            .unwrap();
        assert_eq!((seqs(&page), page.older), (vec![1], None));

        let nobody = ChangeFilter {
            table: Some("c".into()),
            ..ChangeFilter::default()
        };
        let page = store
            .changes_page(&nobody, ChangeCursor::Newest, 10)
            .unwrap();
        assert!(page.entries.is_empty());
        assert_eq!(page.older, Some(n - CHANGES_SCAN_LIMIT as u64 + 1));
        let rest = store
            .changes_page(&nobody, ChangeCursor::Before(page.older.unwrap()), 10)
            .unwrap();
        assert_eq!((rest.entries.len(), rest.older), (0, None));
    }

    #[test]
    fn an_empty_changelog_gives_an_empty_page() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let page = store
            .changes_page(&ChangeFilter::default(), ChangeCursor::Newest, 10)
            .unwrap();
        assert_eq!(page, ChangePage::default());
    }
}
