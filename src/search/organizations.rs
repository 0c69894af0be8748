//! The in-memory index of published organisations behind `/podmioty` and
//! `/api/v1/organizations`: text search, filters, facet counts, sorting and pages.
//!
//! Layout: each indexed organisation gets a dense document number; what filters and facets
//! need sits in one small fixed-size record per document, so a query is a scan over a few
//! hundred kilobytes at most. Text goes into an inverted index over a sorted vocabulary, and
//! each query word becomes the union of the postings of all tokens it is a prefix of; the words
//! are intersected (every word must match). One-letter words, which would start a large part
//! of the vocabulary, are checked against a per-record set of initials instead. Both sort
//! orders are kept ready as lists of document numbers, so a query never sorts: it walks the
//! list of the requested order, skips documents that do not match, counts facets and keeps the
//! requested page.
//!
//! Facet counts are simple counts over the current result: the records that match the text
//! and every selected filter, including the facet's own. A facet with a selected value
//! therefore shows only that value (with the number of results); the page offers a way to
//! clear it. Facet values are listed in vocabulary order (the order of `ALL`, which the page
//! also uses for its filter form), districts in Polish alphabetical order, so that options stay
//! where people last saw them; values with no results are left out, except the selected one.
//!
//! The "Zakup Prospołeczny" label is valid until a date, so the index keeps that date and
//! compares it with the `today` of each query.
//!
//! Limits: a query reads at most [`MAX_QUERY_TOKENS`](super::tokens::MAX_QUERY_TOKENS)
//! words, counts at most [`MAX_MATCHES`] results and stops after [`SEARCH_BUDGET`]; when it
//! stops early, [`OrgSearch::truncated`] is set and the counts cover what was seen.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use super::bitset::BitSet;
use super::collate::{CollationKey, collation_key};
use super::districts::{DistrictId, DistrictTable};
use super::terms::{TermId, TermIndex};
use super::tokens::{self, initial_bit};
use crate::domain::RecordState;
use crate::domain::Timestamp;
use crate::domain::organization::{
    Area, LegalForm, OrgId, Organization, StatusFilter, TargetGroup,
};
use crate::domain::slug::slugify;

pub use super::districts::District;

/// A query stops counting after this many matching records and says it is truncated.
pub const MAX_MATCHES: usize = 10_000;
/// A query that takes longer than this stops and says it is truncated.
pub const SEARCH_BUDGET: Duration = Duration::from_millis(50);
/// The largest page; larger requests are cut to it.
pub const MAX_PER_PAGE: usize = 100;

/// What a visitor asks the organisation list for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgQuery {
    /// Words to look for; each must start a word of the record (case and diacritics ignored).
    pub text: String,
    pub legal_form: Option<LegalForm>,
    pub area: Option<Area>,
    pub target_group: Option<TargetGroup>,
    /// District slug, `slugify(district name)`; an empty string means any district.
    pub district: Option<String>,
    pub status: Option<StatusFilter>,
    pub sort: OrgSort,
    /// 1-based; 0 is read as 1.
    pub page: usize,
    /// Cut to `1..=MAX_PER_PAGE`.
    pub per_page: usize,
}

impl Default for OrgQuery {
    fn default() -> Self {
        OrgQuery {
            text: String::new(),
            legal_form: None,
            area: None,
            target_group: None,
            district: None,
            status: None,
            sort: OrgSort::Name,
            page: 1,
            per_page: 20,
        }
    }
}

/// The order of results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OrgSort {
    /// By name in Polish alphabetical order.
    #[default]
    Name,
    /// Most recently updated first; equal times by name.
    Updated,
}

/// One page of results with the facet counts of the whole result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSearch {
    /// Number of matching organisations (at most [`MAX_MATCHES`]).
    pub total: usize,
    /// The organisations on the requested page, in order; empty beyond the last page.
    pub page_ids: Vec<OrgId>,
    pub facets: OrgFacets,
    /// The query stopped early (result cap or time budget): `total` and the facets count only
    /// what was seen.
    pub truncated: bool,
}

/// A facet value and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: usize,
}

/// Facet counts over the current result (see the module documentation for the rules).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgFacets {
    pub legal_forms: Vec<FacetCount<LegalForm>>,
    pub areas: Vec<FacetCount<Area>>,
    pub target_groups: Vec<FacetCount<TargetGroup>>,
    pub districts: Vec<FacetCount<District>>,
    pub statuses: Vec<FacetCount<StatusFilter>>,
}

const LEGAL_FORMS: usize = LegalForm::ALL.len();
const AREAS: usize = Area::ALL.len();
const TARGET_GROUPS: usize = TargetGroup::ALL.len();
const STATUSES: usize = StatusFilter::ALL.len();
// Areas and target groups are stored as bit masks.
const _: () = assert!(AREAS <= 32 && TARGET_GROUPS <= 32 && LEGAL_FORMS <= 256);

const OPP: u8 = 1;
const SOCIAL_ENTERPRISE: u8 = 2;
const NO_LABEL: i32 = i32::MIN;
/// How many documents to scan before looking at the clock again.
const DOCS_BETWEEN_CLOCK_CHECKS: usize = 1024;

/// What filters and facets need of one document, packed together for the scan.
#[derive(Debug, Clone, Copy)]
struct DocFacets {
    id: OrgId,
    /// The first letters and digits of the document's tokens, as [`initial_bit`]s.
    initials: u64,
    updated: Timestamp,
    /// Last day of the "Zakup Prospołeczny" label as [`day_number`], or [`NO_LABEL`].
    label_until: i32,
    district: DistrictId,
    areas: u32,
    target_groups: u32,
    legal_form: u8,
    flags: u8,
}

/// What is needed to take a document out of the index again.
#[derive(Debug, Clone, Default)]
struct DocText {
    terms: Box<[TermId]>,
    name_key: CollationKey,
    district_name: String,
}

/// Published organisations, ready to search. Build it at start, then keep it current with
/// [`OrgIndex::upsert`] and [`OrgIndex::remove`] after each commit.
#[derive(Debug, Clone, Default)]
pub struct OrgIndex {
    docs: Vec<DocFacets>,
    texts: Vec<DocText>,
    slots: HashMap<OrgId, u32>,
    free: Vec<u32>,
    terms: TermIndex,
    districts: DistrictTable,
    /// Live documents in Polish order of name (ties by id).
    by_name: Vec<u32>,
    /// Live documents, newest update first (ties by name, then id).
    by_updated: Vec<u32>,
    /// A reused buffer for the terms of the record being indexed.
    scratch: Vec<TermId>,
}

impl OrgIndex {
    /// Indexes the published organisations among `orgs` (others are skipped). When an id
    /// appears twice, the later record wins.
    pub fn build(orgs: impl IntoIterator<Item = Organization>) -> OrgIndex {
        let published: Vec<Organization> = orgs
            .into_iter()
            .filter(|org| org.state == RecordState::Published)
            .collect();
        let mut latest: HashMap<OrgId, usize> = HashMap::with_capacity(published.len());
        for (at, org) in published.iter().enumerate() {
            latest.insert(org.id, at);
        }
        let mut index = OrgIndex::default();
        index.docs.reserve(latest.len());
        index.texts.reserve(latest.len());
        for (at, org) in published.iter().enumerate() {
            if latest.get(&org.id) == Some(&at) {
                index.index(org, Mode::Building);
            }
        }
        index.terms.add_many(
            index
                .texts
                .iter()
                .enumerate()
                .map(|(slot, text)| (slot as u32, &*text.terms)),
        );
        index.terms.flush();
        index.districts.refresh();
        let mut live: Vec<u32> = index.slots.values().copied().collect();
        live.sort_unstable_by(|&a, &b| index.name_order(a, b));
        let mut by_updated = live.clone();
        by_updated.sort_by(|&a, &b| index.updated_order(a, b));
        index.by_updated = by_updated;
        index.by_name = live;
        index
    }

    /// Brings the index up to date with a saved record: a published record is (re)indexed, any
    /// other state takes it out.
    pub fn upsert(&mut self, org: &Organization) {
        if let Some(slot) = self.slots.remove(&org.id) {
            self.unindex(slot);
        }
        if org.state == RecordState::Published {
            self.index(org, Mode::Live);
        }
        self.terms.flush();
        self.districts.refresh();
    }

    /// Takes an organisation out of the index (nothing happens when it is not in it).
    pub fn remove(&mut self, id: OrgId) {
        if let Some(slot) = self.slots.remove(&id) {
            self.unindex(slot);
            self.terms.flush();
            self.districts.refresh();
        }
    }

    /// Number of indexed (published) organisations.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether the organisation is in the index.
    pub fn contains(&self, id: OrgId) -> bool {
        self.slots.contains_key(&id)
    }

    /// The districts of indexed organisations, in Polish order (for the filter form).
    pub fn districts(&self) -> Vec<District> {
        self.districts.in_use()
    }

    /// Runs a query; `today` decides which "Zakup Prospołeczny" labels are valid.
    pub fn search(&self, query: &OrgQuery, today: Date) -> OrgSearch {
        self.search_within(query, today, LIMITS)
    }

    /// The ids of every match of `query` in its order, without a page, a count limit or a time
    /// budget: what a whole export (CSV, GeoJSON) needs. It walks the register once.
    pub fn all_matching_ids(&self, query: &OrgQuery, today: Date) -> Vec<OrgId> {
        self.search_window(query, today, 0..usize::MAX, UNLIMITED)
            .page_ids
    }

    /// One page of the query within `limits`.
    fn search_within(&self, query: &OrgQuery, today: Date, limits: Limits) -> OrgSearch {
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let first = (query.page.max(1) - 1).saturating_mul(per_page);
        self.search_window(query, today, first..first.saturating_add(per_page), limits)
    }

    /// Counts the matches within `limits` and keeps the ids of those whose position in the
    /// order falls in `window`.
    fn search_window(
        &self,
        query: &OrgQuery,
        today: Date,
        window: std::ops::Range<usize>,
        limits: Limits,
    ) -> OrgSearch {
        let started = Instant::now();
        let deadline = started.checked_add(limits.budget).unwrap_or(started);
        let (first, last) = (window.start, window.end);

        let mut result = Tally::new(self.districts.id_count());
        let mut page_ids = Vec::new();
        let mut truncated = false;
        let words = tokens::query_tokens(&query.text);
        // One-letter words match most records; the initials mask answers them without postings.
        let (initials, words): (Vec<String>, Vec<String>) = words
            .into_iter()
            .partition(|word| initial_bit(word) != 0 && word.len() == 1);
        let mut filter = Filter::new(query, &self.districts, today);
        filter.initials = initials
            .iter()
            .fold(0, |mask, word| mask | initial_bit(word));

        let candidates = match self.text_candidates(&words, deadline) {
            Ok(candidates) => candidates,
            Err(TimedOut) => {
                truncated = true;
                Some(BitSet::new(0))
            }
        };
        let nothing = filter.impossible || candidates.as_ref().is_some_and(BitSet::is_empty);
        if !nothing {
            let order = match query.sort {
                OrgSort::Name => &self.by_name,
                OrgSort::Updated => &self.by_updated,
            };
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
                let facets = &self.docs[doc as usize];
                if !filter.accepts(facets) {
                    continue;
                }
                if result.total == limits.max_matches {
                    truncated = true;
                    break;
                }
                if (first..last).contains(&result.total) {
                    page_ids.push(facets.id);
                }
                result.count(facets, filter.today);
            }
        }

        OrgSearch {
            total: result.total,
            page_ids,
            facets: self.facets(&result, &filter, query),
            truncated,
        }
    }

    /// The documents matching every query word, or `None` when the query has no words.
    fn text_candidates(
        &self,
        words: &[String],
        deadline: Instant,
    ) -> Result<Option<BitSet>, TimedOut> {
        let mut found: Option<BitSet> = None;
        for (i, word) in words.iter().enumerate() {
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
            if found.as_ref().is_some_and(BitSet::is_empty) {
                break;
            }
        }
        Ok(found)
    }

    fn facets(&self, result: &Tally, filter: &Filter, query: &OrgQuery) -> OrgFacets {
        fn listed<T: Copy + PartialEq>(
            all: &[T],
            counts: &[usize],
            selected: Option<T>,
        ) -> Vec<FacetCount<T>> {
            all.iter()
                .zip(counts)
                .filter(|&(value, &count)| count > 0 || selected == Some(*value))
                .map(|(&value, &count)| FacetCount { value, count })
                .collect()
        }
        let districts = self
            .districts
            .ordered()
            .iter()
            .filter_map(|&id| {
                let count = result.districts[id as usize];
                (count > 0 || filter.district == Some(id)).then(|| FacetCount {
                    value: self.districts.district(id),
                    count,
                })
            })
            .collect();
        OrgFacets {
            legal_forms: listed(LegalForm::ALL, &result.legal_forms, query.legal_form),
            areas: listed(Area::ALL, &result.areas, query.area),
            target_groups: listed(TargetGroup::ALL, &result.target_groups, query.target_group),
            districts,
            statuses: listed(StatusFilter::ALL, &result.statuses, query.status),
        }
    }

    /// Adds `org` under a new document number. While building, postings and sort orders are
    /// left for [`OrgIndex::build`] to make in one go.
    fn index(&mut self, org: &Organization, mode: Mode) {
        let mut terms = std::mem::take(&mut self.scratch);
        terms.clear();
        let mut initials = 0;
        {
            let index = &mut self.terms;
            let mut add = |text: &str| {
                tokens::for_each_index_token(text, |token| {
                    initials |= initial_bit(token);
                    terms.push(index.intern(token));
                });
            };
            add(&org.name);
            add(&org.description);
            add(&org.address.street);
            add(&org.district);
            add(org.legal_form.label());
            for area in &org.areas {
                add(area.label());
            }
            for number in [&org.krs, &org.nip, &org.regon].into_iter().flatten() {
                let digits: Cow<str> = if number.bytes().all(|b| b.is_ascii_digit()) {
                    Cow::Borrowed(number)
                } else {
                    number.chars().filter(char::is_ascii_digit).collect()
                };
                add(&digits);
                // KRS numbers are often written without their leading zeros.
                let significant = digits.trim_start_matches('0');
                if significant.len() < digits.len() {
                    add(significant);
                }
            }
        }
        terms.sort_unstable();
        terms.dedup();

        let mut flags = 0;
        if org.statuses.opp {
            flags |= OPP;
        }
        if org.statuses.social_enterprise {
            flags |= SOCIAL_ENTERPRISE;
        }
        let facets = DocFacets {
            id: org.id,
            initials,
            updated: org.updated,
            label_until: org
                .statuses
                .prosocial_label_until
                .map_or(NO_LABEL, day_number),
            district: self.districts.add(&org.district),
            areas: org.areas.iter().fold(0, |mask, &a| mask | 1 << a as u32),
            target_groups: org
                .target_groups
                .iter()
                .fold(0, |mask, &g| mask | 1 << g as u32),
            legal_form: org.legal_form as u8,
            flags,
        };
        let text = DocText {
            terms: terms.as_slice().into(),
            name_key: collation_key(&org.name),
            district_name: org.district.clone(),
        };
        self.scratch = terms;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.docs[slot as usize] = facets;
                self.texts[slot as usize] = text;
                slot
            }
            None => {
                self.docs.push(facets);
                self.texts.push(text);
                (self.docs.len() - 1) as u32
            }
        };
        self.slots.insert(org.id, slot);
        if mode == Mode::Live {
            self.terms.add_doc(slot, &self.texts[slot as usize].terms);
            let at = self
                .by_name
                .partition_point(|&d| self.name_order(d, slot).is_lt());
            self.by_name.insert(at, slot);
            let at = self
                .by_updated
                .partition_point(|&d| self.updated_order(d, slot).is_lt());
            self.by_updated.insert(at, slot);
        }
    }

    /// Takes document `slot` out of a built index (its id is already gone from `slots`).
    fn unindex(&mut self, slot: u32) {
        if let Ok(at) = self.by_name.binary_search_by(|&d| self.name_order(d, slot)) {
            self.by_name.remove(at);
        }
        if let Ok(at) = self
            .by_updated
            .binary_search_by(|&d| self.updated_order(d, slot))
        {
            self.by_updated.remove(at);
        }
        let text = std::mem::take(&mut self.texts[slot as usize]);
        self.terms.remove_doc(slot, &text.terms);
        self.districts
            .remove(self.docs[slot as usize].district, &text.district_name);
        self.free.push(slot);
    }

    fn name_order(&self, a: u32, b: u32) -> std::cmp::Ordering {
        self.texts[a as usize]
            .name_key
            .cmp(&self.texts[b as usize].name_key)
            .then_with(|| self.docs[a as usize].id.cmp(&self.docs[b as usize].id))
    }

    fn updated_order(&self, a: u32, b: u32) -> std::cmp::Ordering {
        self.docs[b as usize]
            .updated
            .cmp(&self.docs[a as usize].updated)
            .then_with(|| self.name_order(a, b))
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

/// A date as a number that orders like the date.
fn day_number(date: Date) -> i32 {
    i32::from(date.year()) * 512 + i32::from(date.month()) * 32 + i32::from(date.day())
}

/// The filters of a query, resolved against the index.
struct Filter {
    /// Initials every matching document must have (one-letter query words).
    initials: u64,
    legal_form: Option<u8>,
    areas: u32,
    target_groups: u32,
    district: Option<DistrictId>,
    status: Option<StatusFilter>,
    today: i32,
    /// A filter names something no record can have (an unknown district).
    impossible: bool,
}

impl Filter {
    fn new(query: &OrgQuery, districts: &DistrictTable, today: Date) -> Filter {
        let district_slug = query
            .district
            .as_deref()
            .map(slugify)
            .filter(|slug| !slug.is_empty());
        let district = district_slug.as_deref().and_then(|s| districts.lookup(s));
        Filter {
            initials: 0,
            legal_form: query.legal_form.map(|f| f as u8),
            areas: query.area.map_or(0, |a| 1 << a as u32),
            target_groups: query.target_group.map_or(0, |g| 1 << g as u32),
            district,
            status: query.status,
            today: day_number(today),
            impossible: district_slug.is_some() && district.is_none(),
        }
    }

    fn accepts(&self, doc: &DocFacets) -> bool {
        doc.initials & self.initials == self.initials
            && self.legal_form.is_none_or(|f| doc.legal_form == f)
            && doc.areas & self.areas == self.areas
            && doc.target_groups & self.target_groups == self.target_groups
            && self.district.is_none_or(|d| doc.district == d)
            && self.status.is_none_or(|s| has_status(doc, s, self.today))
    }
}

fn has_status(doc: &DocFacets, status: StatusFilter, today: i32) -> bool {
    match status {
        StatusFilter::Opp => doc.flags & OPP != 0,
        StatusFilter::SocialEnterprise => doc.flags & SOCIAL_ENTERPRISE != 0,
        StatusFilter::ProsocialLabel => doc.label_until >= today,
    }
}

/// Running counts over the matching documents.
struct Tally {
    total: usize,
    legal_forms: [usize; LEGAL_FORMS],
    areas: [usize; AREAS],
    target_groups: [usize; TARGET_GROUPS],
    statuses: [usize; STATUSES],
    districts: Vec<usize>,
}

impl Tally {
    fn new(districts: usize) -> Tally {
        Tally {
            total: 0,
            legal_forms: [0; LEGAL_FORMS],
            areas: [0; AREAS],
            target_groups: [0; TARGET_GROUPS],
            statuses: [0; STATUSES],
            districts: vec![0; districts],
        }
    }

    fn count(&mut self, doc: &DocFacets, today: i32) {
        self.total += 1;
        self.legal_forms[doc.legal_form as usize] += 1;
        count_bits(doc.areas, &mut self.areas);
        count_bits(doc.target_groups, &mut self.target_groups);
        if let Some(count) = self.districts.get_mut(doc.district as usize) {
            *count += 1;
        }
        for (i, &status) in StatusFilter::ALL.iter().enumerate() {
            if has_status(doc, status, today) {
                self.statuses[i] += 1;
            }
        }
    }
}

fn count_bits(mut mask: u32, counts: &mut [usize]) {
    while mask != 0 {
        let bit = mask.trailing_zeros() as usize;
        if let Some(count) = counts.get_mut(bit) {
            *count += 1;
        }
        mask &= mask - 1;
    }
}

#[cfg(test)]
mod bench;
#[cfg(test)]
mod tests;
