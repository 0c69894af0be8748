//! A general in-memory index for the registers other than the organisation directory (offers,
//! equipment, needs …): words matched by prefix, facets with several values per record, a price
//! range and five sort orders, one page at a time.
//!
//! A register describes each published record as a [`CatalogDoc`]: its searchable text, a name
//! for Polish alphabetical order, a date, an optional price and its facet values. A facet is a
//! number the register gives meaning to (for example 0 = category, 1 = audience); a record may
//! carry several values of one facet — an offer in "gastronomia/catering" also carries
//! "gastronomia", so filtering by the main category finds it.
//!
//! Facet counts are counts over the current result, as on the organisation list: each matching
//! record counts once for each distinct value it carries.
//!
//! Layout (the same as the organisation index): each record gets a dense document number; what
//! filters, facets and sorting need sits in one small fixed-size record per document. Text goes
//! into a [`TermIndex`] over a sorted vocabulary; each query word becomes the union of the
//! postings of all tokens it is a prefix of, and the words are intersected. One-letter words,
//! which would start a large part of the vocabulary, are checked against a per-record set of
//! initials instead. Facet values are interned to small numbers with a list of their documents,
//! so a filter can narrow the candidates before the scan. All five sort orders are kept ready as
//! lists of document numbers (updated by [`Catalog::upsert`] and [`Catalog::remove`]), so a query
//! never sorts: it walks the list of the requested order, skips documents that do not match,
//! counts facets and keeps the requested page. With a price range and a price order, only the
//! part of the list inside the range is walked.
//!
//! Limits: a query reads at most [`MAX_QUERY_TOKENS`](super::tokens::MAX_QUERY_TOKENS) words,
//! counts at most [`MAX_MATCHES`] results (the first ones in the requested order) and stops
//! after [`SEARCH_BUDGET`]; when it stops early, [`CatalogResult::truncated`] is set and the
//! counts cover what was seen.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use super::bitset::BitSet;
use super::collate::{CollationKey, collation_key};
use super::terms::{TermId, TermIndex};
use super::tokens::{self, initial_bit};

/// A query stops counting after this many matching records and says it is truncated.
pub const MAX_MATCHES: usize = 10_000;
/// The largest page; larger requests are cut to it.
pub const MAX_PER_PAGE: usize = 100;
/// A query that takes longer than this stops and says it is truncated.
pub const SEARCH_BUDGET: Duration = Duration::from_millis(50);

/// A record as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogDoc {
    pub id: u64,
    /// Everything a visitor may search for, joined.
    pub text: String,
    /// Sorted by in Polish alphabetical order.
    pub name: String,
    /// Seconds; "newest first" sorts by it.
    pub date: i64,
    /// Grosze; records without a price match no price range and sort after priced ones.
    pub price: Option<i64>,
    /// (facet number, value code) pairs.
    pub facets: Vec<(usize, String)>,
}

/// The order of results. Ties are broken by name, then id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CatalogSort {
    #[default]
    Name,
    PriceAscending,
    PriceDescending,
    Newest,
    Oldest,
}

/// What a visitor asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    pub text: String,
    /// (facet number, value code): a record must carry every one.
    pub filters: Vec<(usize, String)>,
    /// Inclusive price bounds in grosze.
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub sort: CatalogSort,
    /// 1-based; 0 is read as 1.
    pub page: usize,
    /// Cut to `1..=MAX_PER_PAGE`.
    pub per_page: usize,
}

/// One page of results and the facet counts of the whole result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogResult {
    /// Number of matching records (at most [`MAX_MATCHES`]).
    pub total: usize,
    /// Ids of the records on the requested page, in order.
    pub page_ids: Vec<u64>,
    /// Per facet number: value code → number of matching records with it.
    pub facets: Vec<BTreeMap<String, usize>>,
    /// The query stopped early (result cap or time budget); `total` and the facets count only
    /// what was seen.
    pub truncated: bool,
}

/// A facet value interned to a small number (dense, reused after its last record goes).
type ValueId = u32;

/// Facet values kept inside [`DocData`]; records with more keep them in [`DocText`] only.
const INLINE_VALUES: usize = 6;
/// How many documents to scan before looking at the clock again.
const DOCS_BETWEEN_CLOCK_CHECKS: usize = 1024;

const SORTS: [CatalogSort; 5] = [
    CatalogSort::Name,
    CatalogSort::PriceAscending,
    CatalogSort::PriceDescending,
    CatalogSort::Newest,
    CatalogSort::Oldest,
];

fn sort_number(sort: CatalogSort) -> usize {
    match sort {
        CatalogSort::Name => 0,
        CatalogSort::PriceAscending => 1,
        CatalogSort::PriceDescending => 2,
        CatalogSort::Newest => 3,
        CatalogSort::Oldest => 4,
    }
}

/// What filters, facets and sorting need of one document, packed together for the scan.
#[derive(Debug, Clone, Copy)]
struct DocData {
    id: u64,
    date: i64,
    /// Grosze; only meaningful when `priced`.
    price: i64,
    /// The first letters and digits of the document's tokens, as [`initial_bit`]s.
    initials: u64,
    /// The document's distinct facet values when there are at most [`INLINE_VALUES`].
    values: [ValueId; INLINE_VALUES],
    value_count: u32,
    priced: bool,
}

impl DocData {
    fn price(&self) -> Option<i64> {
        self.priced.then_some(self.price)
    }
}

/// What is needed to sort a document and to take it out of the index again.
#[derive(Debug, Clone, Default)]
struct DocText {
    terms: Box<[TermId]>,
    /// All distinct facet values, sorted.
    values: Box<[ValueId]>,
    name_key: CollationKey,
}

/// The index of one register.
#[derive(Debug, Clone)]
pub struct Catalog {
    facet_count: usize,
    docs: Vec<DocData>,
    texts: Vec<DocText>,
    slots: HashMap<u64, u32>,
    free: Vec<u32>,
    terms: TermIndex,
    values: ValueTable,
    /// Live documents in each order of [`SORTS`].
    orders: [Vec<u32>; 5],
    /// A reused buffer for the terms of the record being indexed.
    scratch: Vec<TermId>,
}

impl Catalog {
    /// An empty index whose records use facets `0..facet_count`.
    pub fn new(facet_count: usize) -> Catalog {
        Catalog {
            facet_count,
            docs: Vec::new(),
            texts: Vec::new(),
            slots: HashMap::new(),
            free: Vec::new(),
            terms: TermIndex::default(),
            values: ValueTable::default(),
            orders: Default::default(),
            scratch: Vec::new(),
        }
    }

    /// An index of `docs`; when an id appears twice, the later record wins.
    pub fn build(facet_count: usize, docs: impl IntoIterator<Item = CatalogDoc>) -> Catalog {
        let docs: Vec<CatalogDoc> = docs.into_iter().collect();
        let mut latest: HashMap<u64, usize> = HashMap::with_capacity(docs.len());
        for (at, doc) in docs.iter().enumerate() {
            latest.insert(doc.id, at);
        }
        let mut catalog = Catalog::new(facet_count);
        catalog.docs.reserve(latest.len());
        catalog.texts.reserve(latest.len());
        catalog.slots.reserve(latest.len());
        for (at, doc) in docs.into_iter().enumerate() {
            if latest.get(&doc.id) == Some(&at) {
                catalog.index(doc, Mode::Building);
            }
        }
        catalog.terms.add_many(
            catalog
                .texts
                .iter()
                .enumerate()
                .map(|(slot, text)| (slot as u32, &*text.terms)),
        );
        catalog.terms.flush();
        catalog.sort_all();
        catalog
    }

    /// Adds a record or replaces the one with the same id.
    pub fn upsert(&mut self, doc: CatalogDoc) {
        match self.slots.get(&doc.id) {
            Some(&slot) => self.replace(slot, &doc),
            None => self.index(doc, Mode::Live),
        }
        self.terms.flush();
    }

    /// Removes a record (withdrawn, archived or deleted); unknown ids are ignored.
    pub fn remove(&mut self, id: u64) {
        if let Some(slot) = self.slots.remove(&id) {
            self.unindex(slot);
            self.terms.flush();
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn contains(&self, id: u64) -> bool {
        self.slots.contains_key(&id)
    }

    pub fn search(&self, query: &CatalogQuery) -> CatalogResult {
        self.search_within(query, LIMITS)
    }

    /// The ids of every match of `query` in its order, without a page, a count limit or a time
    /// budget: what a whole export (CSV, GeoJSON) needs. It walks the register once.
    pub fn all_matching_ids(&self, query: &CatalogQuery) -> Vec<u64> {
        self.search_window(query, 0..usize::MAX, UNLIMITED).page_ids
    }

    /// One page of the query within `limits`.
    fn search_within(&self, query: &CatalogQuery, limits: Limits) -> CatalogResult {
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let first = (query.page.max(1) - 1).saturating_mul(per_page);
        self.search_window(query, first..first.saturating_add(per_page), limits)
    }

    /// Counts the matches within `limits` and keeps the ids of those whose position in the
    /// order falls in `window`.
    fn search_window(
        &self,
        query: &CatalogQuery,
        window: std::ops::Range<usize>,
        limits: Limits,
    ) -> CatalogResult {
        let started = Instant::now();
        let deadline = started.checked_add(limits.budget).unwrap_or(started);
        let (first, last) = (window.start, window.end);

        let words = tokens::query_tokens(&query.text);
        // One-letter words match most records; the initials mask answers them without postings.
        let (initials, words): (Vec<String>, Vec<String>) = words
            .into_iter()
            .partition(|word| initial_bit(word) != 0 && word.len() == 1);
        let Some(filter) = Filter::new(query, &self.values, &initials) else {
            return self.empty_result(false);
        };
        let order = &self.orders[sort_number(query.sort)];

        if words.is_empty() && filter.is_open() && self.len() <= limits.max_matches {
            // Everything matches: the counts are the sizes of the value lists.
            let page_ids = order[first.min(order.len())..last.min(order.len())]
                .iter()
                .map(|&doc| self.docs[doc as usize].id)
                .collect();
            let mut facets = vec![BTreeMap::new(); self.facet_count];
            for value in &self.values.values {
                if let Some(counts) = facets.get_mut(value.facet)
                    && !value.docs.is_empty()
                {
                    counts.insert(value.code.to_string(), value.docs.len());
                }
            }
            return CatalogResult {
                total: self.len(),
                page_ids,
                facets,
                truncated: false,
            };
        }

        let candidates = match self.candidates(&words, &filter, deadline) {
            Ok(candidates) => candidates,
            Err(TimedOut) => return self.empty_result(true),
        };
        if candidates.as_ref().is_some_and(BitSet::is_empty) {
            return self.empty_result(false);
        }
        let order = match query.sort {
            CatalogSort::PriceAscending | CatalogSort::PriceDescending => {
                self.price_range_of(order, query)
            }
            _ => order,
        };

        let mut counts = vec![0_u32; self.values.values.len()];
        let mut total = 0;
        let mut page_ids = Vec::new();
        let mut truncated = false;
        for (scanned, &doc) in order.iter().enumerate() {
            if scanned % DOCS_BETWEEN_CLOCK_CHECKS == DOCS_BETWEEN_CLOCK_CHECKS - 1
                && Instant::now() > deadline
            {
                truncated = true;
                break;
            }
            if candidates.as_ref().is_some_and(|c| !c.contains(doc)) {
                continue;
            }
            let data = &self.docs[doc as usize];
            let values = self.values_of(doc, data);
            if !filter.accepts(data, values) {
                continue;
            }
            if total == limits.max_matches {
                truncated = true;
                break;
            }
            if (first..last).contains(&total) {
                page_ids.push(data.id);
            }
            total += 1;
            for &value in values {
                counts[value as usize] += 1;
            }
        }

        let mut facets = vec![BTreeMap::new(); self.facet_count];
        for (value, &count) in self.values.values.iter().zip(&counts) {
            if count > 0
                && let Some(counts) = facets.get_mut(value.facet)
            {
                counts.insert(value.code.to_string(), count as usize);
            }
        }
        CatalogResult {
            total,
            page_ids,
            facets,
            truncated,
        }
    }

    fn empty_result(&self, truncated: bool) -> CatalogResult {
        CatalogResult {
            total: 0,
            page_ids: Vec::new(),
            facets: vec![BTreeMap::new(); self.facet_count],
            truncated,
        }
    }

    /// The documents carrying the rarest filter value and matching every query word, or `None`
    /// when the query has neither.
    fn candidates(
        &self,
        words: &[String],
        filter: &Filter,
        deadline: Instant,
    ) -> Result<Option<BitSet>, TimedOut> {
        let mut found: Option<BitSet> = filter
            .values
            .iter()
            .map(|&value| self.values.docs(value))
            .min_by_key(|docs| docs.len())
            .map(|docs| {
                let mut set = BitSet::new(self.docs.len());
                for &doc in docs {
                    set.insert(doc);
                }
                set
            });
        for (i, word) in words.iter().enumerate() {
            if found.as_ref().is_some_and(BitSet::is_empty) {
                break;
            }
            if i > 0 && Instant::now() > deadline {
                return Err(TimedOut);
            }
            let mut with_word = BitSet::new(self.docs.len());
            if !self.terms.union_prefix(word, &mut with_word, deadline) {
                return Err(TimedOut);
            }
            match &mut found {
                None => found = Some(with_word),
                Some(found) => found.intersect_with(&with_word),
            }
        }
        Ok(found)
    }

    /// The part of a price order (priced documents first) inside the query's price range; the
    /// whole order when the query has no range.
    fn price_range_of<'a>(&self, order: &'a [u32], query: &CatalogQuery) -> &'a [u32] {
        let (min, max) = (query.price_min, query.price_max);
        if min.is_none() && max.is_none() {
            return order;
        }
        let price = |doc: &u32| self.docs[*doc as usize].price();
        // Each predicate holds on a leading run of the order, so each bound is a binary search.
        let (start, end) = if query.sort == CatalogSort::PriceDescending {
            (
                order.partition_point(|d| price(d).is_some_and(|p| max.is_some_and(|m| p > m))),
                order.partition_point(|d| price(d).is_some_and(|p| min.is_none_or(|m| p >= m))),
            )
        } else {
            (
                order.partition_point(|d| price(d).is_some_and(|p| min.is_some_and(|m| p < m))),
                order.partition_point(|d| price(d).is_some_and(|p| max.is_none_or(|m| p <= m))),
            )
        };
        &order[start..end.max(start)]
    }

    fn values_of<'a>(&'a self, doc: u32, data: &'a DocData) -> &'a [ValueId] {
        let count = data.value_count as usize;
        if count <= INLINE_VALUES {
            &data.values[..count]
        } else {
            &self.texts[doc as usize].values
        }
    }

    /// Adds `doc` under a new document number. While building, postings and sort orders are
    /// left for [`Catalog::build`] to make in one go.
    fn index(&mut self, doc: CatalogDoc, mode: Mode) {
        let (data, text) = self.describe(&doc);
        let slot = match self.free.pop() {
            Some(slot) => {
                self.docs[slot as usize] = data;
                self.texts[slot as usize] = text;
                slot
            }
            None => {
                self.docs.push(data);
                self.texts.push(text);
                (self.docs.len() - 1) as u32
            }
        };
        self.slots.insert(doc.id, slot);
        self.values.add_doc(slot, &self.texts[slot as usize].values);
        if mode == Mode::Live {
            self.terms.add_doc(slot, &self.texts[slot as usize].terms);
            self.enter_orders(slot);
        }
    }

    /// Puts a new version of the document at `slot` in its place: only the postings of words
    /// and values that changed are touched, and the orders only when a sort key changed.
    fn replace(&mut self, slot: u32, doc: &CatalogDoc) {
        let (data, text) = self.describe(doc);
        let old = &self.docs[slot as usize];
        let moves = old.date != data.date
            || old.price() != data.price()
            || self.texts[slot as usize].name_key != text.name_key;
        if moves {
            self.leave_orders(slot);
        }
        let old = std::mem::replace(&mut self.texts[slot as usize], text);
        let new = &self.texts[slot as usize];
        // Add before removing, so that a term or value kept by this document is never dropped.
        self.terms
            .add_doc(slot, &difference(&new.terms, &old.terms));
        self.terms
            .remove_doc(slot, &difference(&old.terms, &new.terms));
        self.values
            .add_doc(slot, &difference(&new.values, &old.values));
        self.values
            .remove_doc(slot, &difference(&old.values, &new.values));
        self.docs[slot as usize] = data;
        if moves {
            self.enter_orders(slot);
        }
    }

    /// Takes document `slot` out of a built index (its id is already gone from `slots`).
    fn unindex(&mut self, slot: u32) {
        self.leave_orders(slot);
        let text = std::mem::take(&mut self.texts[slot as usize]);
        self.terms.remove_doc(slot, &text.terms);
        self.values.remove_doc(slot, &text.values);
        self.free.push(slot);
    }

    /// What the index keeps of `doc`; its words and facet values are interned (give them the
    /// document right away).
    fn describe(&mut self, doc: &CatalogDoc) -> (DocData, DocText) {
        let mut terms = std::mem::take(&mut self.scratch);
        terms.clear();
        let mut initials = 0;
        tokens::for_each_index_token(&doc.text, |token| {
            initials |= initial_bit(token);
            terms.push(self.terms.intern(token));
        });
        terms.sort_unstable();
        terms.dedup();
        let mut values: Vec<ValueId> = doc
            .facets
            .iter()
            .map(|(facet, code)| self.values.intern(*facet, code))
            .collect();
        values.sort_unstable();
        values.dedup();

        let mut inline = [0; INLINE_VALUES];
        if values.len() <= INLINE_VALUES {
            inline[..values.len()].copy_from_slice(&values);
        }
        let data = DocData {
            id: doc.id,
            date: doc.date,
            price: doc.price.unwrap_or(0),
            initials,
            values: inline,
            value_count: values.len() as u32,
            priced: doc.price.is_some(),
        };
        let text = DocText {
            terms: terms.as_slice().into(),
            values: values.into(),
            name_key: collation_key(&doc.name),
        };
        self.scratch = terms;
        (data, text)
    }

    fn enter_orders(&mut self, slot: u32) {
        for (n, sort) in SORTS.into_iter().enumerate() {
            let at = self.orders[n].partition_point(|&d| self.compare(sort, d, slot).is_lt());
            self.orders[n].insert(at, slot);
        }
    }

    fn leave_orders(&mut self, slot: u32) {
        for (n, sort) in SORTS.into_iter().enumerate() {
            if let Ok(at) = self.orders[n].binary_search_by(|&d| self.compare(sort, d, slot)) {
                self.orders[n].remove(at);
            }
        }
    }

    /// Puts every live document into every order (for [`Catalog::build`]).
    fn sort_all(&mut self) {
        let mut by_name: Vec<u32> = self.slots.values().copied().collect();
        by_name.sort_unstable_by(|&a, &b| self.name_order(a, b));
        // Ties in the other orders go by name, so the place in `by_name` settles them.
        let mut rank = vec![0_u32; self.docs.len()];
        for (at, &doc) in by_name.iter().enumerate() {
            rank[doc as usize] = at as u32;
        }
        let docs = &self.docs;
        let keyed = |key: &dyn Fn(&DocData) -> (bool, i64)| {
            let mut keys: Vec<(bool, i64, u32)> = by_name
                .iter()
                .map(|&d| {
                    let (group, value) = key(&docs[d as usize]);
                    (group, value, rank[d as usize])
                })
                .collect();
            keys.sort_unstable();
            keys.into_iter()
                .map(|(_, _, rank)| by_name[rank as usize])
                .collect::<Vec<u32>>()
        };
        // Unpriced documents come last, among themselves by name (their key is 0).
        let price_ascending = keyed(&|d| (!d.priced, if d.priced { d.price } else { 0 }));
        let price_descending = keyed(&|d| (!d.priced, if d.priced { !d.price } else { 0 }));
        // `!n` orders exactly opposite to `n` over all of i64 (unlike `-n`).
        let newest = keyed(&|d| (false, !d.date));
        let oldest = keyed(&|d| (false, d.date));
        self.orders = [by_name, price_ascending, price_descending, newest, oldest];
    }

    fn name_order(&self, a: u32, b: u32) -> Ordering {
        self.texts[a as usize]
            .name_key
            .cmp(&self.texts[b as usize].name_key)
            .then_with(|| self.docs[a as usize].id.cmp(&self.docs[b as usize].id))
    }

    /// The order `sort` between two documents.
    fn compare(&self, sort: CatalogSort, a: u32, b: u32) -> Ordering {
        let (x, y) = (&self.docs[a as usize], &self.docs[b as usize]);
        let first = match sort {
            CatalogSort::Name => Ordering::Equal,
            CatalogSort::PriceAscending => price_order(x.price(), y.price(), false),
            CatalogSort::PriceDescending => price_order(x.price(), y.price(), true),
            CatalogSort::Newest => y.date.cmp(&x.date),
            CatalogSort::Oldest => x.date.cmp(&y.date),
        };
        first.then_with(|| self.name_order(a, b))
    }
}

/// The elements of sorted `a` that are not in sorted `b`.
fn difference(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = b;
    for &x in a {
        let skip = rest.partition_point(|&y| y < x);
        rest = &rest[skip..];
        if rest.first() != Some(&x) {
            out.push(x);
        }
    }
    out
}

/// Priced records first (in the asked direction), then those without a price.
fn price_order(a: Option<i64>, b: Option<i64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

struct TimedOut;

/// Whether a document is added to a live index or while building one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Building,
    Live,
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    budget: Duration,
    max_matches: usize,
}

const LIMITS: Limits = Limits {
    budget: SEARCH_BUDGET,
    max_matches: MAX_MATCHES,
};

/// Whole exports read every match, however long it takes.
const UNLIMITED: Limits = Limits {
    budget: Duration::from_secs(24 * 3600),
    max_matches: usize::MAX,
};

/// The filters of a query other than its words, resolved against the index.
struct Filter {
    /// Initials every matching document must have (one-letter query words).
    initials: u64,
    /// Facet values every matching document must carry, sorted.
    values: Vec<ValueId>,
    price_min: Option<i64>,
    price_max: Option<i64>,
}

impl Filter {
    /// `None` when no record can match: a facet value no record carries, or an empty price
    /// range.
    fn new(query: &CatalogQuery, table: &ValueTable, initial_words: &[String]) -> Option<Filter> {
        let mut values = Vec::with_capacity(query.filters.len());
        for (facet, code) in &query.filters {
            values.push(table.lookup(*facet, code)?);
        }
        values.sort_unstable();
        values.dedup();
        if let (Some(min), Some(max)) = (query.price_min, query.price_max)
            && min > max
        {
            return None;
        }
        Some(Filter {
            initials: initial_words
                .iter()
                .fold(0, |mask, word| mask | initial_bit(word)),
            values,
            price_min: query.price_min,
            price_max: query.price_max,
        })
    }

    /// Whether every document passes.
    fn is_open(&self) -> bool {
        self.initials == 0
            && self.values.is_empty()
            && self.price_min.is_none()
            && self.price_max.is_none()
    }

    fn accepts(&self, doc: &DocData, values: &[ValueId]) -> bool {
        let in_range = if self.price_min.is_none() && self.price_max.is_none() {
            true
        } else {
            doc.priced
                && self.price_min.is_none_or(|min| doc.price >= min)
                && self.price_max.is_none_or(|max| doc.price <= max)
        };
        doc.initials & self.initials == self.initials
            && in_range
            && self.values.iter().all(|value| values.contains(value))
    }
}

/// Facet values as small numbers, each with the documents that carry it.
#[derive(Debug, Clone, Default)]
struct ValueTable {
    /// Facet number → value code → id.
    ids: HashMap<usize, HashMap<Box<str>, ValueId>>,
    /// Indexed by id; a free id has no documents.
    values: Vec<FacetValue>,
    free: Vec<ValueId>,
}

#[derive(Debug, Clone, Default)]
struct FacetValue {
    facet: usize,
    code: Box<str>,
    /// Unordered, like term postings.
    docs: Vec<u32>,
}

impl ValueTable {
    /// The id of a value, creating it if needed; give it a document right away with
    /// [`ValueTable::add_doc`].
    fn intern(&mut self, facet: usize, code: &str) -> ValueId {
        let ids = self.ids.entry(facet).or_default();
        if let Some(&id) = ids.get(code) {
            return id;
        }
        let value = FacetValue {
            facet,
            code: code.into(),
            docs: Vec::new(),
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.values[id as usize] = value;
                id
            }
            None => {
                self.values.push(value);
                (self.values.len() - 1) as ValueId
            }
        };
        ids.insert(code.into(), id);
        id
    }

    fn lookup(&self, facet: usize, code: &str) -> Option<ValueId> {
        self.ids.get(&facet)?.get(code).copied()
    }

    fn docs(&self, value: ValueId) -> &[u32] {
        &self.values[value as usize].docs
    }

    /// Records that `doc` carries each of `values` (distinct ids).
    fn add_doc(&mut self, doc: u32, values: &[ValueId]) {
        for &value in values {
            self.values[value as usize].docs.push(doc);
        }
    }

    /// Forgets that `doc` carries `values`; values left without documents are dropped.
    fn remove_doc(&mut self, doc: u32, values: &[ValueId]) {
        for &value in values {
            let docs = &mut self.values[value as usize].docs;
            if let Some(at) = docs.iter().position(|&d| d == doc) {
                docs.swap_remove(at);
            }
            if docs.is_empty() {
                let gone = std::mem::take(&mut self.values[value as usize]);
                if let Some(ids) = self.ids.get_mut(&gone.facet) {
                    ids.remove(&*gone.code);
                    if ids.is_empty() {
                        self.ids.remove(&gone.facet);
                    }
                }
                self.free.push(value);
            }
        }
    }
}

#[cfg(test)]
mod bench;
#[cfg(test)]
mod tests;
