//! A general in-memory index for the registers other than the organisation directory (offers,
//! equipment, needs …): words matched by prefix, facets with several values per record, a price
//! range and four sort orders, one page at a time.
//!
//! A register describes each published record as a [`CatalogDoc`]: its searchable text, a name
//! for Polish alphabetical order, a date, an optional price and its facet values. A facet is a
//! number the register gives meaning to (for example 0 = category, 1 = audience); a record may
//! carry several values of one facet — an offer in "gastronomia/catering" also carries
//! "gastronomia", so filtering by the main category finds it.
//!
//! Facet counts are counts over the current result, as on the organisation list.

use std::collections::{BTreeMap, HashMap};

use super::collate::{CollationKey, collation_key};
use super::tokens;

/// A query stops counting after this many matching records and says it is truncated.
pub const MAX_MATCHES: usize = 10_000;
/// The largest page; larger requests are cut to it.
pub const MAX_PER_PAGE: usize = 100;

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
    /// The query stopped early; `total` and the facets count only what was seen.
    pub truncated: bool,
}

struct Entry {
    doc: CatalogDoc,
    tokens: Vec<String>,
    name_key: CollationKey,
}

/// The index of one register.
pub struct Catalog {
    facet_count: usize,
    entries: HashMap<u64, Entry>,
}

impl Catalog {
    /// An empty index whose records use facets `0..facet_count`.
    pub fn new(facet_count: usize) -> Catalog {
        Catalog {
            facet_count,
            entries: HashMap::new(),
        }
    }

    /// An index of `docs`.
    pub fn build(facet_count: usize, docs: impl IntoIterator<Item = CatalogDoc>) -> Catalog {
        let mut catalog = Catalog::new(facet_count);
        for doc in docs {
            catalog.upsert(doc);
        }
        catalog
    }

    /// Adds a record or replaces the one with the same id.
    pub fn upsert(&mut self, doc: CatalogDoc) {
        let mut tokens = Vec::new();
        tokens::for_each_index_token(&doc.text, |t| tokens.push(t.to_owned()));
        tokens.sort();
        tokens.dedup();
        let name_key = collation_key(&doc.name);
        self.entries.insert(
            doc.id,
            Entry {
                doc,
                tokens,
                name_key,
            },
        );
    }

    /// Removes a record (withdrawn, archived or deleted); unknown ids are ignored.
    pub fn remove(&mut self, id: u64) {
        self.entries.remove(&id);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, id: u64) -> bool {
        self.entries.contains_key(&id)
    }

    pub fn search(&self, query: &CatalogQuery) -> CatalogResult {
        let words = tokens::query_tokens(&query.text);
        let mut facets = vec![BTreeMap::new(); self.facet_count];
        let mut matches: Vec<&Entry> = Vec::new();
        let mut truncated = false;
        for entry in self.entries.values() {
            if !matches_entry(entry, &words, query) {
                continue;
            }
            if matches.len() == MAX_MATCHES {
                truncated = true;
                break;
            }
            for (facet, value) in &entry.doc.facets {
                if let Some(counts) = facets.get_mut(*facet) {
                    *counts.entry(value.clone()).or_insert(0) += 1;
                }
            }
            matches.push(entry);
        }
        sort(&mut matches, query.sort);
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        let page_ids = matches
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|e| e.doc.id)
            .collect();
        CatalogResult {
            total: matches.len(),
            page_ids,
            facets,
            truncated,
        }
    }
}

fn matches_entry(entry: &Entry, words: &[String], query: &CatalogQuery) -> bool {
    let doc = &entry.doc;
    let in_range = match doc.price {
        Some(p) => {
            query.price_min.is_none_or(|min| p >= min) && query.price_max.is_none_or(|max| p <= max)
        }
        None => query.price_min.is_none() && query.price_max.is_none(),
    };
    in_range
        && query
            .filters
            .iter()
            .all(|f| doc.facets.iter().any(|d| d.0 == f.0 && d.1 == f.1))
        && words
            .iter()
            .all(|w| entry.tokens.iter().any(|t| t.starts_with(w.as_str())))
}

fn sort(entries: &mut [&Entry], order: CatalogSort) {
    let by_name =
        |a: &&Entry, b: &&Entry| a.name_key.cmp(&b.name_key).then(a.doc.id.cmp(&b.doc.id));
    match order {
        CatalogSort::Name => entries.sort_by(by_name),
        CatalogSort::PriceAscending => entries.sort_by(|a, b| {
            price_order(a.doc.price, b.doc.price, false).then_with(|| by_name(a, b))
        }),
        CatalogSort::PriceDescending => entries.sort_by(|a, b| {
            price_order(a.doc.price, b.doc.price, true).then_with(|| by_name(a, b))
        }),
        CatalogSort::Newest => {
            entries.sort_by(|a, b| b.doc.date.cmp(&a.doc.date).then_with(|| by_name(a, b)))
        }
        CatalogSort::Oldest => {
            entries.sort_by(|a, b| a.doc.date.cmp(&b.doc.date).then_with(|| by_name(a, b)))
        }
    }
}

/// Priced records first (in the asked direction), then those without a price.
fn price_order(a: Option<i64>, b: Option<i64>, descending: bool) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: u64, name: &str, price: Option<i64>, category: &str) -> CatalogDoc {
        let main = category.split('/').next().unwrap_or(category).to_string();
        CatalogDoc {
            id,
            text: format!("{name} {category}"),
            name: name.to_string(),
            date: id as i64,
            price,
            facets: vec![(0, main), (0, category.to_string())],
        }
    }

    fn catalog() -> Catalog {
        Catalog::build(
            1,
            vec![
                doc(1, "Żurek na wynos", Some(1_500), "gastronomia/obiady"),
                doc(
                    2,
                    "Catering na spotkania",
                    Some(4_000),
                    "gastronomia/catering",
                ),
                doc(3, "Ławki z drewna", None, "rekodzielo/wyroby-z-drewna"),
                doc(4, "Łódki z papieru", Some(900), "rekodzielo/upominki"),
            ],
        )
    }

    fn ids(result: &CatalogResult) -> Vec<u64> {
        result.page_ids.clone()
    }

    #[test]
    fn sorts_by_polish_name_price_and_date() {
        let c = catalog();
        let mut q = CatalogQuery {
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(ids(&c.search(&q)), vec![2, 3, 4, 1]);
        q.sort = CatalogSort::PriceAscending;
        assert_eq!(ids(&c.search(&q)), vec![4, 1, 2, 3]);
        q.sort = CatalogSort::PriceDescending;
        assert_eq!(ids(&c.search(&q)), vec![2, 1, 4, 3]);
        q.sort = CatalogSort::Newest;
        assert_eq!(ids(&c.search(&q)), vec![4, 3, 2, 1]);
    }

    #[test]
    fn a_main_category_filter_includes_its_subcategories_and_counts_facets() {
        let c = catalog();
        let q = CatalogQuery {
            filters: vec![(0, "gastronomia".into())],
            per_page: 10,
            ..Default::default()
        };
        let r = c.search(&q);
        assert_eq!(r.total, 2);
        assert_eq!(r.facets[0].get("gastronomia"), Some(&2));
        assert_eq!(r.facets[0].get("gastronomia/catering"), Some(&1));
        assert_eq!(r.facets[0].get("rekodzielo"), None);
    }

    #[test]
    fn words_match_by_prefix_without_diacritics_and_prices_by_range() {
        let c = catalog();
        let q = CatalogQuery {
            text: "lodki PAPIER".into(),
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(ids(&c.search(&q)), vec![4]);
        let q = CatalogQuery {
            price_min: Some(1_000),
            price_max: Some(4_000),
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(ids(&c.search(&q)), vec![2, 1]);
    }

    #[test]
    fn pages_and_removal() {
        let mut c = catalog();
        let q = CatalogQuery {
            page: 2,
            per_page: 3,
            ..Default::default()
        };
        assert_eq!(ids(&c.search(&q)), vec![1]);
        c.remove(1);
        c.remove(99);
        assert_eq!(c.search(&q).total, 3);
        assert!(c.search(&q).page_ids.is_empty());
    }
}
