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

fn text_query(text: &str) -> CatalogQuery {
    CatalogQuery {
        text: text.into(),
        per_page: 10,
        ..Default::default()
    }
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
    q.sort = CatalogSort::Oldest;
    assert_eq!(ids(&c.search(&q)), vec![1, 2, 3, 4]);
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
    assert_eq!(ids(&c.search(&text_query("lodki PAPIER"))), vec![4]);
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

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Catalog>();
}

#[test]
fn one_letter_words_match_initials() {
    let c = catalog();
    assert_eq!(
        ids(&c.search(&text_query("ż"))),
        vec![3, 4, 1],
        "ż folds to z"
    );
    assert_eq!(ids(&c.search(&text_query("Ł"))), vec![3, 4]);
    assert_eq!(ids(&c.search(&text_query("l p"))), vec![4]);
    assert_eq!(ids(&c.search(&text_query("q"))), Vec::<u64>::new());
}

#[test]
fn price_ranges_leave_out_records_without_a_price_in_every_order() {
    let c = catalog();
    for (sort, expected) in [
        (CatalogSort::Name, vec![4, 1]),
        (CatalogSort::PriceAscending, vec![4, 1]),
        (CatalogSort::PriceDescending, vec![1, 4]),
        (CatalogSort::Newest, vec![4, 1]),
        (CatalogSort::Oldest, vec![1, 4]),
    ] {
        let q = CatalogQuery {
            price_max: Some(1_500),
            sort,
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(ids(&c.search(&q)), expected, "{sort:?}");
    }
    let upside_down = CatalogQuery {
        price_min: Some(2_000),
        price_max: Some(1_000),
        sort: CatalogSort::PriceAscending,
        ..Default::default()
    };
    let r = c.search(&upside_down);
    assert_eq!((r.total, r.truncated), (0, false));
    assert_eq!(r.facets, vec![BTreeMap::new()]);
}

#[test]
fn an_unknown_filter_value_matches_nothing() {
    let c = catalog();
    let q = CatalogQuery {
        filters: vec![(0, "gastronomia".into()), (0, "nie-ma-takiej".into())],
        ..Default::default()
    };
    let r = c.search(&q);
    assert_eq!(r.total, 0);
    assert!(r.page_ids.is_empty());
    assert_eq!(r.facets, vec![BTreeMap::new()]);
}

#[test]
fn a_record_counts_once_per_value_and_facets_beyond_the_count_only_filter() {
    let mut c = Catalog::new(1);
    let mut twice = doc(7, "Kosze wiklinowe", Some(5_000), "rekodzielo/upominki");
    twice.facets.push((0, "rekodzielo".into()));
    twice.facets.push((3, "lato".into()));
    c.upsert(twice);
    let r = c.search(&text_query(""));
    assert_eq!(r.facets.len(), 1);
    assert_eq!(r.facets[0].get("rekodzielo"), Some(&1));
    let q = CatalogQuery {
        filters: vec![(3, "lato".into())],
        ..text_query("kosz")
    };
    let r = c.search(&q);
    assert_eq!(ids(&r), vec![7]);
    assert_eq!(r.facets[0].len(), 2);
}

#[test]
fn upsert_replaces_a_record_everywhere() {
    let mut c = catalog();
    c.upsert(CatalogDoc {
        id: 1,
        text: "Barszcz czerwony".into(),
        name: "Barszcz czerwony".into(),
        date: 10,
        price: Some(100),
        facets: vec![(0, "gastronomia".into())],
    });
    assert_eq!(c.len(), 4);
    assert!(c.search(&text_query("zurek")).page_ids.is_empty());
    assert_eq!(ids(&c.search(&text_query("barsz"))), vec![1]);
    let all = |sort| {
        c.search(&CatalogQuery {
            sort,
            per_page: 10,
            ..Default::default()
        })
    };
    assert_eq!(ids(&all(CatalogSort::Name)), vec![1, 2, 3, 4]);
    assert_eq!(ids(&all(CatalogSort::PriceAscending)), vec![1, 4, 2, 3]);
    assert_eq!(ids(&all(CatalogSort::Newest)), vec![1, 4, 3, 2]);
    let r = all(CatalogSort::Name);
    assert_eq!(r.facets[0].get("gastronomia/obiady"), None);
    assert_eq!(r.facets[0].get("gastronomia"), Some(&2));
}

#[test]
fn an_edit_moves_a_record_only_in_the_orders_whose_key_changed() {
    let mut c = catalog();
    let all = |c: &Catalog, sort| {
        ids(&c.search(&CatalogQuery {
            sort,
            per_page: 10,
            ..Default::default()
        }))
    };
    // Only the text changes: the record keeps its place everywhere.
    let mut edited = doc(
        2,
        "Catering na spotkania",
        Some(4_000),
        "gastronomia/catering",
    );
    edited.text = "Catering wegański na spotkania".into();
    c.upsert(edited.clone());
    assert_eq!(all(&c, CatalogSort::Name), vec![2, 3, 4, 1]);
    assert_eq!(ids(&c.search(&text_query("wegan"))), vec![2]);
    // Only the date changes.
    edited.date = 100;
    c.upsert(edited.clone());
    assert_eq!(all(&c, CatalogSort::Newest), vec![2, 4, 3, 1]);
    assert_eq!(all(&c, CatalogSort::Oldest), vec![1, 3, 4, 2]);
    // Only the price changes, then it goes.
    edited.price = Some(100);
    c.upsert(edited.clone());
    assert_eq!(all(&c, CatalogSort::PriceAscending), vec![2, 4, 1, 3]);
    assert_eq!(all(&c, CatalogSort::PriceDescending), vec![1, 4, 2, 3]);
    edited.price = None;
    c.upsert(edited);
    assert_eq!(all(&c, CatalogSort::PriceAscending), vec![4, 1, 2, 3]);
    assert_eq!(all(&c, CatalogSort::PriceDescending), vec![1, 4, 2, 3]);
    assert_eq!(c.len(), 4);
}

#[test]
fn a_repeated_id_keeps_the_last_record() {
    let c = Catalog::build(
        1,
        vec![
            doc(5, "Pierwsza wersja", Some(10), "kultura/sale"),
            doc(6, "Inna oferta", None, "kultura/sale"),
            doc(5, "Druga wersja", Some(20), "kultura/wystepy"),
        ],
    );
    assert_eq!(c.len(), 2);
    assert!(c.contains(5) && c.contains(6) && !c.contains(1));
    assert!(c.search(&text_query("pierwsza")).page_ids.is_empty());
    assert_eq!(ids(&c.search(&text_query("wersja"))), vec![5]);
    assert!(Catalog::new(2).is_empty());
}

#[test]
fn a_query_stops_at_the_result_cap() {
    let c = catalog();
    let limits = Limits {
        max_matches: 3,
        ..LIMITS
    };
    let q = CatalogQuery {
        per_page: 10,
        ..Default::default()
    };
    let first = c.search_within(&q, limits);
    assert!(first.truncated);
    assert_eq!(first.total, 3);
    assert_eq!(first.page_ids, [2, 3, 4], "the first records in the order");
    assert_eq!(first.facets[0].get("gastronomia"), Some(&1));
    let exact = c.search_within(
        &text_query("na"),
        Limits {
            max_matches: 2,
            ..LIMITS
        },
    );
    assert!(!exact.truncated, "exactly at the cap is not truncated");
    assert_eq!(exact.total, 2);
}

#[test]
fn a_whole_export_reads_every_match_past_the_cap_in_the_lists_order() {
    let c = Catalog::build(2, super::bench::synthetic_docs(MAX_MATCHES + 2_500, 7));
    let q = CatalogQuery {
        sort: CatalogSort::Name,
        ..Default::default()
    };
    let all = c.all_matching_ids(&q);
    assert_eq!(
        all.len(),
        MAX_MATCHES + 2_500,
        "every record, not the first {MAX_MATCHES}"
    );
    // The same order as the pages of the list.
    let page = c.search(&CatalogQuery {
        page: 3,
        per_page: 100,
        ..q.clone()
    });
    assert_eq!(&all[200..300], page.page_ids.as_slice());
    // Filters still apply: every id of a filtered export is a match of the filtered search.
    let filtered = CatalogQuery {
        text: "warsztaty".into(),
        ..q
    };
    let some = c.all_matching_ids(&filtered);
    let first_page = c.search(&CatalogQuery {
        per_page: 100,
        ..filtered
    });
    assert!(!some.is_empty() && some.len() < all.len());
    assert_eq!(
        &some[..first_page.page_ids.len()],
        first_page.page_ids.as_slice()
    );
}

#[test]
fn a_query_stops_when_its_time_is_up() {
    let c = Catalog::build(2, super::bench::synthetic_docs(3000, 11));
    let no_time = Limits {
        budget: Duration::ZERO,
        ..LIMITS
    };
    let scan = CatalogQuery {
        price_min: Some(0),
        ..Default::default()
    };
    let stopped = c.search_within(&scan, no_time);
    assert!(stopped.truncated);
    assert!(stopped.total < 3000);
    let words = c.search_within(&text_query("warsztaty spotkania"), no_time);
    assert!(words.truncated);
    assert_eq!(words.total, 0);
    let in_time = c.search(&scan);
    assert!(!in_time.truncated);
    assert!(in_time.total > 2000);
}

/// Checks the index against a plain scan over the records after random changes.
mod model {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::search::tokens::{for_each_index_token, query_tokens};

    const FACETS: usize = 2;
    const WORDS: &[&str] = &[
        "Żurek",
        "zurek",
        "Źródło",
        "Zorza",
        "Łódź",
        "lodz",
        "Ćma",
        "ciasto",
        "Catering",
        "Świeże",
        "Ślęża",
        "obiady",
        "87-100",
        "2",
        "10",
        "„Arka”",
        "Straße",
        "Київ",
    ];
    const QUERY_WORDS: &[&str] = &[
        "", "", "zu", "ż", "z", "zr", "źró", "łó", "l", "c", "ć", "cat", "świe", "s", "87-1", "1",
        "arka", "ss", "ки", "к", "xyz",
    ];
    const CODES: &[&str] = &["a", "a/x", "a/y", "b", "b/x", "ą"];

    #[derive(Debug, Clone)]
    enum Change {
        Upsert(CatalogDoc),
        Remove(u64),
    }

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..=max).prop_map(|w| w.join(" "))
    }

    fn facet_pair() -> impl Strategy<Value = (usize, String)> {
        (0..FACETS + 1, prop::sample::select(CODES)).prop_map(|(f, c)| (f, c.to_owned()))
    }

    fn document() -> impl Strategy<Value = CatalogDoc> {
        (
            0u64..16,
            words(2),
            words(4),
            0i64..4,
            prop::option::of(-1i64..5),
            prop::collection::vec(facet_pair(), 0..9),
        )
            .prop_map(|(id, name, text, date, price, facets)| CatalogDoc {
                id,
                text: format!("{name} {text}"),
                name,
                date,
                price: price.map(|p| p * 100),
                facets,
            })
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            3 => document().prop_map(Change::Upsert),
            1 => (0u64..16).prop_map(Change::Remove),
        ]
    }

    fn sort() -> impl Strategy<Value = CatalogSort> {
        prop::sample::select(
            &[
                CatalogSort::Name,
                CatalogSort::PriceAscending,
                CatalogSort::PriceDescending,
                CatalogSort::Newest,
                CatalogSort::Oldest,
            ][..],
        )
    }

    fn query() -> impl Strategy<Value = (CatalogQuery, usize)> {
        (
            (
                prop::sample::select(QUERY_WORDS),
                prop::sample::select(QUERY_WORDS),
            ),
            prop::collection::vec(facet_pair(), 0..3),
            (prop::option::of(-1i64..6), prop::option::of(-1i64..6)),
            sort(),
            (0..5usize, prop_oneof![0..5usize, Just(1000)]),
            prop_oneof![Just(MAX_MATCHES), 1..12usize],
        )
            .prop_map(|(text, filters, (min, max), sort, (page, per_page), cap)| {
                let query = CatalogQuery {
                    text: format!("{} {}", text.0, text.1),
                    filters,
                    price_min: min.map(|p| p * 100),
                    price_max: max.map(|p| p * 100),
                    sort,
                    page,
                    per_page,
                };
                (query, cap)
            })
    }

    /// The expected result, computed the slow and obvious way (the first implementation).
    fn expected(
        docs: &BTreeMap<u64, CatalogDoc>,
        query: &CatalogQuery,
        cap: usize,
    ) -> CatalogResult {
        let words = query_tokens(&query.text);
        let mut hits: Vec<&CatalogDoc> = docs
            .values()
            .filter(|doc| {
                let mut tokens = Vec::new();
                for_each_index_token(&doc.text, |t| tokens.push(t.to_owned()));
                words
                    .iter()
                    .all(|w| tokens.iter().any(|t| t.starts_with(w.as_str())))
            })
            .filter(|doc| match doc.price {
                Some(p) => {
                    query.price_min.is_none_or(|min| p >= min)
                        && query.price_max.is_none_or(|max| p <= max)
                }
                None => query.price_min.is_none() && query.price_max.is_none(),
            })
            .filter(|doc| query.filters.iter().all(|f| doc.facets.contains(f)))
            .collect();
        hits.sort_by(|a, b| {
            let by_name = collation_key(&a.name)
                .cmp(&collation_key(&b.name))
                .then(a.id.cmp(&b.id));
            let first = match query.sort {
                CatalogSort::Name => Ordering::Equal,
                CatalogSort::PriceAscending => price_order(a.price, b.price, false),
                CatalogSort::PriceDescending => price_order(a.price, b.price, true),
                CatalogSort::Newest => b.date.cmp(&a.date),
                CatalogSort::Oldest => a.date.cmp(&b.date),
            };
            first.then(by_name)
        });
        let truncated = hits.len() > cap;
        hits.truncate(cap);
        let mut facets = vec![BTreeMap::new(); FACETS];
        for doc in &hits {
            let distinct: BTreeSet<&(usize, String)> = doc.facets.iter().collect();
            for (facet, code) in distinct {
                if let Some(counts) = facets.get_mut(*facet) {
                    *counts.entry(code.clone()).or_insert(0) += 1;
                }
            }
        }
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page_ids = hits
            .iter()
            .skip((query.page.max(1) - 1) * per_page)
            .take(per_page)
            .map(|doc| doc.id)
            .collect();
        CatalogResult {
            total: hits.len(),
            page_ids,
            facets,
            truncated,
        }
    }

    proptest! {
        #[test]
        fn index_agrees_with_a_plain_scan(
            initial in prop::collection::vec(document(), 0..14),
            changes in prop::collection::vec(change(), 0..14),
            queries in prop::collection::vec(query(), 1..8),
        ) {
            let mut docs: BTreeMap<u64, CatalogDoc> = BTreeMap::new();
            for doc in &initial {
                docs.insert(doc.id, doc.clone());
            }
            let mut index = Catalog::build(FACETS, initial);
            for change in changes {
                match change {
                    Change::Upsert(doc) => {
                        index.upsert(doc.clone());
                        docs.insert(doc.id, doc);
                    }
                    Change::Remove(id) => {
                        index.remove(id);
                        docs.remove(&id);
                    }
                }
            }
            prop_assert_eq!(index.len(), docs.len());
            prop_assert_eq!(index.is_empty(), docs.is_empty());
            for id in 0..16 {
                prop_assert_eq!(index.contains(id), docs.contains_key(&id));
            }
            for (query, cap) in queries {
                let limits = Limits {
                    budget: Duration::from_secs(60),
                    max_matches: cap,
                };
                let got = index.search_within(&query, limits);
                prop_assert_eq!(got, expected(&docs, &query, cap), "{:?} cap {}", query, cap);
            }
        }
    }
}
