//! Micro-benchmarks of the catalog index (ignored by default):
//! `cargo test --release --lib search::catalog -- --ignored --nocapture`.
//!
//! The data set is a register of 50 000 offers: Polish titles and descriptions, the category
//! tree of offers as facet 0 (the main category and the subcategory on each record), a second
//! facet of three values (the kind of offer) and prices on most records.

use std::time::{Duration, Instant};

use super::*;
use crate::domain::offer_category::CATEGORIES;

const TITLE_WORDS: &[&str] = &[
    "Catering",
    "Obiady",
    "Warsztaty",
    "Szkolenie",
    "Sprzątanie",
    "Malowanie",
    "Naprawa",
    "Wynajem",
    "Przewóz",
    "Ceramika",
    "Torby",
    "Kosze",
    "Pierniki",
    "Ławki",
    "Rowery",
    "Namiot",
    "Nagłośnienie",
    "Opieka",
    "Fizjoterapia",
    "Wycieczka",
    "Koncert",
    "Druk",
    "Projekt",
    "Sadzonki",
    "Miód",
    "Konfitury",
    "Żurek",
    "Łóżka",
    "Śniadania",
    "Źródlana",
];

const TITLE_TAILS: &[&str] = &[
    "dla firm",
    "dla seniorów",
    "dla dzieci",
    "na spotkania",
    "na festyn",
    "z dowozem",
    "w Toruniu",
    "na osiedlu",
    "z drewna",
    "ręcznie robione",
    "od spółdzielni",
    "na zamówienie",
    "w weekendy",
    "dla szkół",
];

const COMMON_WORDS: &[&str] = &[
    "oferujemy",
    "usługi",
    "wykonujemy",
    "zamówienia",
    "dla",
    "firm",
    "instytucji",
    "mieszkańców",
    "osób",
    "seniorów",
    "dzieci",
    "młodzieży",
    "z",
    "w",
    "i",
    "na",
    "do",
    "Toruniu",
    "Toruń",
    "dowóz",
    "terminie",
    "cena",
    "brutto",
    "za",
    "godzinę",
    "sztukę",
    "osobę",
    "zestaw",
    "warsztaty",
    "spotkania",
    "wydarzenia",
    "festyny",
    "lokalne",
    "produkty",
    "ekologiczne",
    "spółdzielnia",
    "socjalna",
    "fundacja",
    "stowarzyszenie",
    "zatrudniamy",
    "osoby",
    "niepełnosprawnościami",
    "doświadczenie",
    "jakość",
    "faktura",
    "możliwość",
    "negocjacji",
    "Łódź",
    "Bydgoszcz",
    "Chełmża",
    "rabat",
    "sezonowe",
];

const SYLLABLES: &[&str] = &[
    "ba", "be", "bo", "ce", "cha", "cie", "da", "do", "dzie", "ga", "go", "ja", "ka", "ki", "ko",
    "ła", "le", "li", "ma", "mi", "na", "no", "ńa", "pa", "po", "ra", "re", "ro", "sa", "sie",
    "ść", "ta", "to", "wa", "we", "za", "ze", "żo", "ró", "gę",
];

/// Kinds of offer: the second facet.
const KINDS: &[&str] = &["usluga", "produkt", "wynajem"];

/// A small deterministic generator (xorshift), so runs are comparable.
pub(super) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn made_up_word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(3);
    (0..syllables).map(|_| *rng.pick(SYLLABLES)).collect()
}

/// `count` offers with realistic Polish text, the offer category tree and prices.
pub(super) fn synthetic_docs(count: usize, seed: u64) -> Vec<CatalogDoc> {
    let mut rng = Rng::new(seed);
    let subcategories: Vec<_> = CATEGORIES.iter().filter(|c| c.parent.is_some()).collect();
    (0..count)
        .map(|n| {
            let category = *rng.pick(&subcategories);
            let main = category.parent.unwrap_or(category.code);
            let main_label = CATEGORIES
                .iter()
                .find(|c| c.code == main)
                .map_or(main, |c| c.label);
            let mut name = format!("{} {}", rng.pick(TITLE_WORDS), rng.pick(TITLE_TAILS));
            if rng.chance(30) {
                name.push_str(" „");
                name.push_str(&made_up_word(&mut rng));
                name.push('”');
            }
            let words = 20 + rng.below(40);
            let description: Vec<String> = (0..words)
                .map(|_| {
                    if rng.chance(80) {
                        (*rng.pick(COMMON_WORDS)).to_owned()
                    } else {
                        made_up_word(&mut rng)
                    }
                })
                .collect();
            let kind = *rng.pick(KINDS);
            let price = rng.chance(85).then(|| 500 + 50 * rng.below(4_000) as i64);
            CatalogDoc {
                id: n as u64 + 1,
                text: format!(
                    "{name} {} {main_label} {}",
                    description.join(" "),
                    category.label
                ),
                name,
                date: 1_700_000_000 + rng.below(60_000_000) as i64,
                price,
                facets: vec![
                    (0, main.to_owned()),
                    (0, category.code.to_owned()),
                    (1, kind.to_owned()),
                ],
            }
        })
        .collect()
}

/// Time this thread has run on a CPU (Linux), to see past other jobs on a shared machine.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn query(text: &str) -> CatalogQuery {
    CatalogQuery {
        text: text.to_owned(),
        page: 1,
        per_page: 20,
        ..CatalogQuery::default()
    }
}

#[test]
#[ignore = "benchmark; run in release with --ignored --nocapture"]
fn benchmark_fifty_thousand_offers() {
    let docs = synthetic_docs(50_000, 2026);

    let mut builds = Vec::new();
    let mut builds_on_cpu = Vec::new();
    let mut catalog = Catalog::new(2);
    for _ in 0..3 {
        let copy = docs.clone();
        let started = Instant::now();
        let cpu = cpu_time();
        let built = Catalog::build(2, copy);
        builds.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu, cpu_time()) {
            builds_on_cpu.push(after.saturating_sub(before));
        }
        // Dropping the previous index is not part of building this one.
        catalog = built;
    }
    println!(
        "build: {} offers, median {:?} (on CPU {:?})",
        catalog.len(),
        median(builds),
        median(builds_on_cpu)
    );

    let queries: Vec<(&str, CatalogQuery)> = vec![
        ("empty query, page 1 (by name)", query("")),
        (
            "\"warsztaty\" + two facets",
            CatalogQuery {
                filters: vec![(0, "edukacja".to_owned()), (1, "usluga".to_owned())],
                ..query("warsztaty")
            },
        ),
        (
            "price 100–500 zł, cheapest first",
            CatalogQuery {
                price_min: Some(10_000),
                price_max: Some(50_000),
                sort: CatalogSort::PriceAscending,
                ..query("")
            },
        ),
        (
            "deep page 400 (newest first)",
            CatalogQuery {
                sort: CatalogSort::Newest,
                page: 400,
                ..query("")
            },
        ),
        (
            "two facets, no text",
            CatalogQuery {
                filters: vec![(0, "gastronomia".to_owned()), (1, "produkt".to_owned())],
                ..query("")
            },
        ),
        (
            "\"ż\" (one letter) + subcategory",
            CatalogQuery {
                filters: vec![(0, "gastronomia/obiady".to_owned())],
                ..query("ż")
            },
        ),
        (
            "\"po\" (wide prefix), oldest first",
            CatalogQuery {
                sort: CatalogSort::Oldest,
                ..query("po")
            },
        ),
        (
            "\"torby ręcznie\", most expensive first",
            CatalogQuery {
                sort: CatalogSort::PriceDescending,
                ..query("torby ręcznie")
            },
        ),
        (
            "nothing matches",
            CatalogQuery {
                filters: vec![(0, "transport".to_owned())],
                ..query("qqqq")
            },
        ),
    ];

    println!(
        "{:<40} {:>7} {:>5} {:>10} {:>10}",
        "query", "total", "trunc", "median", "max"
    );
    for (label, query) in &queries {
        let mut samples = Vec::new();
        let mut result = CatalogResult::default();
        let started = Instant::now();
        while samples.len() < 300 && (samples.len() < 5 || started.elapsed().as_secs() < 3) {
            let started = Instant::now();
            result = catalog.search(query);
            samples.push(started.elapsed());
        }
        let max = samples.iter().max().copied().unwrap_or_default();
        println!(
            "{label:<40} {:>7} {:>5} {:>10?} {max:>10?}",
            result.total,
            if result.truncated { "yes" } else { "no" },
            median(samples)
        );
    }

    let mut upserts = Vec::new();
    for doc in docs.iter().step_by(500) {
        let mut changed = doc.clone();
        changed.name.push_str(" bis");
        changed.text.push_str(" nowość");
        changed.date += 1;
        changed.price = changed.price.map(|p| p + 100);
        let started = Instant::now();
        catalog.upsert(changed);
        upserts.push(started.elapsed());
    }
    let mut edits = Vec::new();
    for doc in docs.iter().skip(3).step_by(500) {
        let mut changed = doc.clone();
        changed.text.push_str(" dostępne od ręki");
        let started = Instant::now();
        catalog.upsert(changed);
        edits.push(started.elapsed());
    }
    let mut removals = Vec::new();
    for doc in docs.iter().skip(7).step_by(500) {
        let started = Instant::now();
        catalog.remove(doc.id);
        removals.push(started.elapsed());
    }
    let mut inserts = Vec::new();
    for doc in docs.iter().skip(7).step_by(500) {
        let started = Instant::now();
        catalog.upsert(doc.clone());
        inserts.push(started.elapsed());
    }
    println!(
        "upsert changing name, date and price: median {:?}; upsert changing the text only: \
         median {:?}; remove: median {:?}; insert: median {:?}",
        median(upserts),
        median(edits),
        median(removals),
        median(inserts)
    );
    println!();
}
