//! Micro-benchmarks of the organisation index (ignored by default):
//! `cargo test --release --lib search -- --ignored --nocapture`.
//!
//! Two data sets: the demo data the platform ships (scaled to 10 000 records; the data set of
//! DESIGN §6) and a harsher synthetic set with twice the text and a much larger vocabulary.

use std::time::{Duration, Instant};

use super::*;
use crate::domain::organization::{Address, Contact, Statuses};

/// Districts (osiedla) of Toruń, as the demo data uses them.
const DISTRICTS: &[&str] = &[
    "Bielany",
    "Bielawy",
    "Bydgoskie Przedmieście",
    "Chełmińskie Przedmieście",
    "Czerniewice",
    "Glinki",
    "Grębocin nad Strugą",
    "Jakubskie Przedmieście",
    "Kaszczorek",
    "Katarzynka",
    "Koniuchy",
    "Mokre",
    "Na Skarpie",
    "Piaski",
    "Podgórz",
    "Rubinkowo",
    "Rudak",
    "Stare Miasto",
    "Stawki",
    "Winnica",
    "Wrzosy",
];

const NAME_WORDS: &[&str] = &[
    "Świt",
    "Zorza",
    "Źródło",
    "Żak",
    "Ćma",
    "Arka",
    "Przystań",
    "Nadzieja",
    "Horyzont",
    "Razem",
    "Most",
    "Kotwica",
    "Iskra",
    "Tęcza",
    "Łączka",
    "Wisła",
    "Kopernik",
    "Piernik",
    "Dobry Start",
    "Otwarte Drzwi",
    "Nowa Droga",
    "Bliżej",
    "Słoneczko",
    "Ogród",
    "Warsztat",
    "Pracownia",
    "Młyn",
    "Spichlerz",
    "Zielony Dom",
    "Sąsiedzi",
];

const COMMON_WORDS: &[&str] = &[
    "pomoc",
    "osób",
    "seniorów",
    "dzieci",
    "młodzieży",
    "rodzin",
    "z",
    "w",
    "i",
    "na",
    "dla",
    "Toruniu",
    "Toruń",
    "prowadzimy",
    "zajęcia",
    "warsztaty",
    "szkolenia",
    "integracja",
    "społeczna",
    "zawodowa",
    "aktywizacja",
    "kultura",
    "sztuka",
    "teatr",
    "muzyka",
    "sport",
    "turystyka",
    "ekologia",
    "zieleń",
    "catering",
    "obiady",
    "sprzątanie",
    "remonty",
    "rękodzieło",
    "ceramika",
    "szycie",
    "poradnictwo",
    "wolontariat",
    "osiedle",
    "mieszkańców",
    "niepełnosprawnościami",
    "bezrobotnych",
    "uzależnień",
    "profilaktyka",
    "edukacja",
    "świetlica",
    "klub",
    "spotkania",
    "festyn",
    "Łódź",
    "wsparcie",
    "rozwój",
];

const SYLLABLES: &[&str] = &[
    "ba", "be", "bo", "ce", "cha", "cie", "da", "do", "dzie", "ga", "go", "ja", "ka", "ki", "ko",
    "ła", "le", "li", "ma", "mi", "na", "no", "ńa", "pa", "po", "ra", "re", "ro", "sa", "sie",
    "ść", "ta", "to", "wa", "we", "za", "ze", "żo", "ró", "gę",
];

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

/// `count` published organisations with realistic Polish text and spread facets.
pub(super) fn synthetic_orgs(count: usize, seed: u64) -> Vec<Organization> {
    let mut rng = Rng::new(seed);
    let today = jiff::civil::date(2026, 6, 1);
    (0..count)
        .map(|n| {
            let legal_form = *rng.pick(LegalForm::ALL);
            let mut name = format!("{} „{}”", legal_form.label(), rng.pick(NAME_WORDS));
            if rng.chance(40) {
                name.push(' ');
                name.push_str(&capitalised(&made_up_word(&mut rng)));
            }
            let words = 40 + rng.below(60);
            let description: Vec<String> = (0..words)
                .map(|_| {
                    if rng.chance(75) {
                        (*rng.pick(COMMON_WORDS)).to_owned()
                    } else {
                        made_up_word(&mut rng)
                    }
                })
                .collect();
            let areas = (0..1 + rng.below(3))
                .map(|_| *rng.pick(Area::ALL))
                .collect();
            let target_groups = (0..1 + rng.below(3))
                .map(|_| *rng.pick(TargetGroup::ALL))
                .collect();
            let label_days = rng.below(800) as i64 - 200;
            Organization {
                id: OrgId(n as u64 + 1),
                slug: slugify(&name),
                name,
                legal_form,
                krs: rng
                    .chance(70)
                    .then(|| format!("{:010}", rng.below(1_000_000))),
                nip: rng
                    .chance(80)
                    .then(|| format!("{:03}-{:03}-{:02}-{:02}", n % 1000, n / 1000, n % 97, 42)),
                regon: rng
                    .chance(60)
                    .then(|| format!("{:09}", rng.next_u64() % 1_000_000_000)),
                address: Address {
                    street: format!(
                        "ul. {} {}",
                        capitalised(&made_up_word(&mut rng)),
                        1 + rng.below(120)
                    ),
                    postal_code: "87-100".to_owned(),
                    city: "Toruń".to_owned(),
                },
                district: (*rng.pick(DISTRICTS)).to_owned(),
                geo: None,
                contact: Contact::default(),
                description: description.join(" "),
                areas,
                target_groups,
                statuses: Statuses {
                    opp: rng.chance(30),
                    social_enterprise: rng.chance(10),
                    prosocial_label_until: rng
                        .chance(15)
                        .then(|| today + jiff::Span::new().days(label_days)),
                },
                state: RecordState::Published,
                created: 1_600_000_000,
                updated: 1_600_000_000 + rng.below(100_000_000) as i64,
                author: None,
                demo: true,
                logo: None,
            }
        })
        .collect()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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

#[test]
#[ignore = "benchmark; run in release with --ignored --nocapture"]
fn benchmark_ten_thousand_synthetic_organisations() {
    run("synthetic", synthetic_orgs(10_000, 2013));
}

#[test]
#[ignore = "benchmark; run in release with --ignored --nocapture"]
fn benchmark_ten_thousand_demo_organisations() {
    let mut orgs = crate::demo::organizations(10_000, crate::demo::DEFAULT_SEED);
    for (n, org) in orgs.iter_mut().enumerate() {
        // The store assigns ids; demo records come without.
        org.id = OrgId(n as u64 + 1);
    }
    run("demo", orgs);
}

fn run(data: &str, orgs: Vec<Organization>) {
    let today = jiff::civil::date(2026, 6, 1);
    let words: usize = orgs
        .iter()
        .map(|org| org.description.split_whitespace().count())
        .sum();

    let mut builds = Vec::new();
    let mut builds_on_cpu = Vec::new();
    let mut index = OrgIndex::default();
    for _ in 0..5 {
        let copy = orgs.clone();
        let started = Instant::now();
        let cpu = cpu_time();
        let built = OrgIndex::build(copy);
        builds.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu, cpu_time()) {
            builds_on_cpu.push(after.saturating_sub(before));
        }
        // Dropping the previous index is not part of building this one.
        index = built;
    }
    println!("{data} data, {words} words of description");
    println!(
        "build: {} organisations, {} distinct tokens, median {:?} (on CPU {:?})",
        index.len(),
        index.terms.len(),
        median(builds),
        median(builds_on_cpu),
    );

    // The first six digits of a NIP from the middle of the data, typed as "123-456".
    let nip_prefix = orgs[orgs.len() / 2..]
        .iter()
        .filter_map(|org| org.nip.as_deref())
        .map(|nip| nip.chars().filter(char::is_ascii_digit).collect::<String>())
        .find(|digits| digits.len() >= 6)
        .map(|digits| format!("{}-{}", &digits[..3], &digits[3..6]))
        .unwrap_or_default();
    let queries: Vec<(&str, OrgQuery)> = vec![
        ("all, by name", OrgQuery::default()),
        (
            "two facets, no text",
            OrgQuery {
                legal_form: Some(LegalForm::Association),
                area: Some(Area::Culture),
                ..OrgQuery::default()
            },
        ),
        (
            "\"fund\" + area + district",
            OrgQuery {
                text: "fund".to_owned(),
                area: Some(Area::Seniors),
                district: Some("stare-miasto".to_owned()),
                ..OrgQuery::default()
            },
        ),
        (
            "\"stowarzyszenie kultura\" + status, page 2",
            OrgQuery {
                text: "stowarzyszenie kultura".to_owned(),
                status: Some(StatusFilter::Opp),
                page: 2,
                ..OrgQuery::default()
            },
        ),
        (
            "\"łódź\" by update",
            OrgQuery {
                text: "łódź".to_owned(),
                sort: OrgSort::Updated,
                ..OrgQuery::default()
            },
        ),
        (
            "\"s\" + two facets (widest prefix)",
            OrgQuery {
                text: "s".to_owned(),
                target_group: Some(TargetGroup::Seniors),
                district: Some("podgorz".to_owned()),
                ..OrgQuery::default()
            },
        ),
        (
            "\"p d\" (two wide prefixes)",
            OrgQuery {
                text: "p d".to_owned(),
                ..OrgQuery::default()
            },
        ),
        (
            "NIP prefix typed with a dash",
            OrgQuery {
                text: nip_prefix,
                ..OrgQuery::default()
            },
        ),
        (
            "nothing matches",
            OrgQuery {
                text: "qqqq".to_owned(),
                legal_form: Some(LegalForm::Zaz),
                area: Some(Area::Culture),
                ..OrgQuery::default()
            },
        ),
    ];

    let mut all = Vec::new();
    println!(
        "{:<45} {:>7} {:>10} {:>10}",
        "query", "total", "median", "max"
    );
    for (label, query) in &queries {
        let mut samples = Vec::new();
        let mut total = 0;
        for _ in 0..300 {
            let started = Instant::now();
            let result = index.search(query, today);
            samples.push(started.elapsed());
            total = result.total;
            assert!(!result.truncated, "{label}");
        }
        let max = samples.iter().max().copied().unwrap_or_default();
        all.extend(samples.iter().copied());
        println!("{label:<45} {total:>7} {:>10?} {max:>10?}", median(samples));
    }
    println!("all queries: median {:?}", median(all));

    let mut updates = Vec::new();
    for org in orgs.iter().step_by(100) {
        let mut changed = org.clone();
        changed.name.push_str(" Bis");
        changed.updated += 1;
        let started = Instant::now();
        index.upsert(&changed);
        updates.push(started.elapsed());
    }
    println!("upsert: median {:?}", median(updates));
    println!();
}
