//! An inverted index: for each distinct token, the documents that contain it.
//!
//! Tokens are kept in byte order, so all tokens starting with a query prefix form one
//! contiguous range found by two binary searches. Documents are dense `u32` numbers chosen by
//! the owner of the index; postings are unordered because queries collect them into a
//! [`BitSet`] anyway, which makes removing a document a swap.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;
use std::time::Instant;

use super::bitset::BitSet;

/// Term ids are dense and reused after their last document goes.
pub(crate) type TermId = u32;

#[derive(Debug, Default, Clone)]
pub(crate) struct TermIndex {
    /// Ids of tokens up to [`ShortToken::MAX`] bytes (nearly all), keyed inline so that a
    /// lookup reads no memory outside the table.
    short_ids: HashMap<ShortToken, TermId, BuildHasherDefault<TokenHasher>>,
    long_ids: HashMap<Arc<str>, TermId, BuildHasherDefault<TokenHasher>>,
    /// The text of each term id ("" for a free id).
    text: Vec<Arc<str>>,
    postings: Vec<Vec<u32>>,
    /// Live term ids in byte order of their text, except those still in `unsorted`.
    sorted: Vec<TermId>,
    /// Terms created since the last [`TermIndex::flush`].
    unsorted: Vec<TermId>,
    free: Vec<TermId>,
}

/// How many terms to merge before looking at the clock again.
const TERMS_BETWEEN_CLOCK_CHECKS: usize = 256;

impl TermIndex {
    /// The id of `token`, creating the term if needed. Call [`TermIndex::flush`] before
    /// searching.
    pub fn intern(&mut self, token: &str) -> TermId {
        let short = ShortToken::new(token);
        let found = match &short {
            Some(short) => self.short_ids.get(short),
            None => self.long_ids.get(token),
        };
        if let Some(&id) = found {
            return id;
        }
        let text: Arc<str> = Arc::from(token);
        let id = match self.free.pop() {
            Some(id) => {
                self.text[id as usize] = text.clone();
                id
            }
            None => {
                self.text.push(text.clone());
                self.postings.push(Vec::new());
                (self.text.len() - 1) as TermId
            }
        };
        match short {
            Some(short) => self.short_ids.insert(short, id),
            None => self.long_ids.insert(text, id),
        };
        self.unsorted.push(id);
        id
    }

    /// Records that `doc` contains each of `terms` (distinct ids from [`TermIndex::intern`]).
    pub fn add_doc(&mut self, doc: u32, terms: &[TermId]) {
        for &term in terms {
            self.postings[term as usize].push(doc);
        }
    }

    /// Like [`TermIndex::add_doc`] for many documents at once, each posting list allocated
    /// once at its final size (for building an index).
    pub fn add_many<'a>(&mut self, docs: impl Iterator<Item = (u32, &'a [TermId])> + Clone) {
        let mut counts = vec![0_usize; self.postings.len()];
        for (_, terms) in docs.clone() {
            for &term in terms {
                counts[term as usize] += 1;
            }
        }
        for (postings, count) in self.postings.iter_mut().zip(counts) {
            postings.reserve_exact(count);
        }
        for (doc, terms) in docs {
            self.add_doc(doc, terms);
        }
    }

    /// Forgets that `doc` contains `terms`; terms left without documents are dropped.
    pub fn remove_doc(&mut self, doc: u32, terms: &[TermId]) {
        for &term in terms {
            let postings = &mut self.postings[term as usize];
            if let Some(at) = postings.iter().position(|&d| d == doc) {
                postings.swap_remove(at);
            }
            if postings.is_empty() {
                self.drop_term(term);
            }
        }
    }

    fn drop_term(&mut self, term: TermId) {
        let text = self.text[term as usize].clone();
        match ShortToken::new(&text) {
            Some(short) => self.short_ids.remove(&short),
            None => self.long_ids.remove(&*text),
        };
        if let Some(at) = self.unsorted.iter().position(|&t| t == term) {
            self.unsorted.swap_remove(at);
        } else if let Ok(at) = self
            .sorted
            .binary_search_by(|&t| (*self.text[t as usize]).cmp(&*text))
        {
            self.sorted.remove(at);
        }
        self.text[term as usize] = Arc::from("");
        self.postings[term as usize] = Vec::new();
        self.free.push(term);
    }

    /// Puts the terms created since the last call into order.
    pub fn flush(&mut self) {
        if self.unsorted.is_empty() {
            return;
        }
        let text = &self.text;
        if self.unsorted.len() * 8 > self.sorted.len() {
            // Compare the first eight bytes as one number and read the text only on a tie.
            let mut keyed: Vec<(u64, TermId)> = self
                .sorted
                .iter()
                .chain(&self.unsorted)
                .map(|&t| (leading_bytes(&text[t as usize]), t))
                .collect();
            keyed.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| text[a.1 as usize].cmp(&text[b.1 as usize]))
            });
            self.sorted = keyed.into_iter().map(|(_, t)| t).collect();
            self.unsorted.clear();
        } else {
            for term in self.unsorted.drain(..) {
                let at = self
                    .sorted
                    .partition_point(|&t| text[t as usize] < text[term as usize]);
                self.sorted.insert(at, term);
            }
        }
    }

    /// Adds to `out` every document with a token that starts with `prefix`. Returns `false`
    /// (leaving `out` incomplete) when `deadline` passes first.
    pub fn union_prefix(&self, prefix: &str, out: &mut BitSet, deadline: Instant) -> bool {
        let text = &self.text;
        let start = self
            .sorted
            .partition_point(|&t| &*text[t as usize] < prefix);
        let len = self.sorted[start..].partition_point(|&t| text[t as usize].starts_with(prefix));
        for (i, &term) in self.sorted[start..start + len].iter().enumerate() {
            if i % TERMS_BETWEEN_CLOCK_CHECKS == TERMS_BETWEEN_CLOCK_CHECKS - 1
                && Instant::now() > deadline
            {
                return false;
            }
            for &doc in &self.postings[term as usize] {
                out.insert(doc);
            }
        }
        true
    }

    /// Number of distinct tokens.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.short_ids.len() + self.long_ids.len()
    }
}

/// The first eight bytes of a token as a number that orders like the bytes.
fn leading_bytes(text: &str) -> u64 {
    let mut bytes = [0; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// A token of up to [`ShortToken::MAX`] bytes, stored inline (the last byte is the length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortToken([u8; 24]);

impl ShortToken {
    const MAX: usize = 23;

    fn new(token: &str) -> Option<ShortToken> {
        let len = token.len();
        if len > Self::MAX {
            return None;
        }
        let mut bytes = [0; 24];
        bytes[..len].copy_from_slice(token.as_bytes());
        bytes[Self::MAX] = len as u8;
        Some(ShortToken(bytes))
    }
}

impl Hash for ShortToken {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for word in self.0.chunks_exact(8) {
            let mut bytes = [0; 8];
            bytes.copy_from_slice(word);
            state.write_u64(u64::from_le_bytes(bytes));
        }
    }
}

/// A quick hash for the token table, which is hashed once per word of every indexed record.
/// Only signed-in people write records and queries never hash, so resistance to deliberately
/// colliding words is not worth the slower standard hasher here.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TokenHasher(u64);

impl TokenHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        self.mix(word);
    }

    fn finish(&self) -> u64 {
        // Spread every input bit over the low bits too, which pick the bucket.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn docs_with_prefix(index: &TermIndex, prefix: &str) -> Vec<u32> {
        let mut set = BitSet::new(64);
        let later = Instant::now() + Duration::from_secs(60);
        assert!(index.union_prefix(prefix, &mut set, later));
        (0..64).filter(|&d| set.contains(d)).collect()
    }

    fn add(index: &mut TermIndex, doc: u32, tokens: &[&str]) -> Vec<TermId> {
        let terms: Vec<TermId> = tokens.iter().map(|t| index.intern(t)).collect();
        index.add_doc(doc, &terms);
        index.flush();
        terms
    }

    #[test]
    fn finds_documents_by_token_prefix() {
        let mut index = TermIndex::default();
        add(&mut index, 1, &["stowarzyszenie", "lodz"]);
        add(&mut index, 2, &["stowarzyszenia", "torun"]);
        add(&mut index, 3, &["stow", "sto"]);
        add(&mut index, 4, &["fundacja"]);
        assert_eq!(docs_with_prefix(&index, "stow"), [1, 2, 3]);
        assert_eq!(docs_with_prefix(&index, "stowarzyszenie"), [1]);
        assert_eq!(docs_with_prefix(&index, "s"), [1, 2, 3]);
        assert_eq!(docs_with_prefix(&index, ""), [1, 2, 3, 4]);
        assert_eq!(docs_with_prefix(&index, "z"), Vec::<u32>::new());
        assert_eq!(docs_with_prefix(&index, "fundacjaa"), Vec::<u32>::new());
        assert_eq!(index.len(), 7);
    }

    #[test]
    fn removing_documents_drops_unused_terms_and_reuses_ids() {
        let mut index = TermIndex::default();
        let first = add(&mut index, 1, &["alfa", "beta"]);
        add(&mut index, 2, &["beta", "gamma"]);
        index.remove_doc(1, &first);
        assert_eq!(index.len(), 2);
        assert_eq!(docs_with_prefix(&index, "alf"), Vec::<u32>::new());
        assert_eq!(docs_with_prefix(&index, "beta"), [2]);
        add(&mut index, 3, &["alef", "delta"]);
        assert_eq!(docs_with_prefix(&index, "al"), [3]);
        assert_eq!(docs_with_prefix(&index, "d"), [3]);
        assert_eq!(index.text.len(), 4, "the freed id was reused");
        // Terms must stay in order after many incremental inserts and removals.
        for doc in 10..40 {
            let token = format!("t{:02}", (doc * 7) % 31);
            let terms = add(&mut index, doc, &[&token]);
            if doc % 3 == 0 {
                index.remove_doc(doc, &terms);
            }
        }
        let texts: Vec<&str> = index
            .sorted
            .iter()
            .map(|&t| &*index.text[t as usize])
            .collect();
        let mut ordered = texts.clone();
        ordered.sort_unstable();
        assert_eq!(texts, ordered);
        assert_eq!(texts.len(), index.len());
    }

    #[test]
    fn gives_up_when_the_deadline_has_passed() {
        let mut index = TermIndex::default();
        for n in 0..1000 {
            add(&mut index, n % 64, &[&format!("w{n}")]);
        }
        let mut set = BitSet::new(64);
        let past = Instant::now()
            .checked_sub(Duration::from_millis(1))
            .unwrap_or_else(Instant::now);
        assert!(!index.union_prefix("w", &mut set, past));
        assert!(
            index.union_prefix("w999", &mut set, past),
            "few terms need no clock"
        );
    }
}
