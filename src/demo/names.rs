//! Names of generated organisations, built the way Polish NGOs and cooperatives name themselves.

use super::rng::Rng;
use super::streets::{D, District};
use super::themes::Theme;
use crate::domain::organization::LegalForm;

/// A generated name and the word that an internet domain would be made of.
pub struct Name {
    pub full: String,
    /// The quoted part ("Przystań") or another short, distinctive part of the name.
    pub key: Option<&'static str>,
}

fn quoted(q: &str) -> String {
    format!("„{q}”")
}

/// Generic names in quotation marks, good for almost any organisation.
const QUOTED: &[&str] = &[
    "Most",
    "Przystań",
    "Horyzont",
    "Kotwica",
    "Promyk",
    "Tęcza",
    "Uśmiech",
    "Nadzieja",
    "Szansa",
    "Krok Dalej",
    "Razem",
    "Wspólna Sprawa",
    "Dobry Start",
    "Otwarte Drzwi",
    "Zakole",
    "Flisak",
    "Busola",
    "Kompas",
    "Azymut",
    "Pomost",
    "Drogowskaz",
    "Latarnia",
    "Arka",
    "Oaza",
    "Perspektywa",
    "Wiatrak",
    "Ognisko",
    "Iskierka",
    "Pierwszy Krok",
    "Bliżej",
    "Wspólnota",
    "Korzenie",
    "Skrzydła",
    "Bursztyn",
    "Jaskółka",
    "Wierzba",
    "Lipa",
    "Kasztan",
    "Jutrzenka",
    "Nowa Droga",
    "Dobry Sąsiad",
    "Pod Wiatr",
    "Na Fali",
    "Przyszłość",
    "Inicjatywa",
    "Żagiel",
    "Łącznik",
    "Światło",
    "Ślad",
    "Źródło",
    "Ścieżka",
    "Świetlik",
    "Życzliwość",
];

/// Words that give names starting with Ł, Ś, Ż, Ź or Ć, so that sorting by Polish rules shows.
const SPECIAL_FIRST: &[&str] = &[
    "Łącznik",
    "Łączy Nas Toruń",
    "Ścieżka",
    "Świetlik",
    "Światło",
    "Świat Wokół Nas",
    "Źródło",
    "Żagiel",
    "Życzliwi",
    "Życzliwa Dłoń",
];

fn starts_special(word: &str) -> bool {
    word.starts_with(['Ł', 'Ś', 'Ż', 'Ź', 'Ć'])
}

/// A word for a name of the form "Źródło – Stowarzyszenie …": the theme's own if it has one.
fn special_first(rng: &mut Rng, theme: &Theme) -> &'static str {
    let own: Vec<&'static str> = theme
        .quoted
        .iter()
        .copied()
        .filter(|q| starts_special(q))
        .collect();
    if !own.is_empty() && rng.chance(0.5) {
        own[rng.index(own.len())]
    } else {
        rng.pick(SPECIAL_FIRST)
    }
}

const PATRONS: &[&str] = &[
    "Mikołaja Kopernika",
    "Heleny Grossówny",
    "Elżbiety Zawackiej",
    "bł. Stefana Wincentego Frelichowskiego",
    "Janusza Korczaka",
    "Ireny Sendlerowej",
    "św. Brata Alberta",
    "Marii Konopnickiej",
    "Samuela Bogumiła Lindego",
    "Józefa Wybickiego",
];

const SAINTS: &[&str] = &[
    "św. Józefa",
    "św. Antoniego",
    "św. Jakuba",
    "św. Katarzyny",
    "Matki Bożej Zwycięskiej",
    "św. Maksymiliana Kolbego",
    "Najświętszego Serca Pana Jezusa",
    "św. Michała Archanioła",
    "Wniebowzięcia NMP",
    "św. Floriana",
    "św. Faustyny",
    "bł. Stefana Wincentego Frelichowskiego",
    "św. Wojciecha",
    "św. Andrzeja Boboli",
    "Chrystusa Króla",
    "Ducha Świętego",
];

const ASSOCIATION_ADJ: &[&str] = &[
    "Toruńskie",
    "Kujawsko-Pomorskie",
    "Nadwiślańskie",
    "Regionalne",
];
const FOUNDATION_ADJ: &[&str] = &[
    "Toruńska",
    "Kujawsko-Pomorska",
    "Nadwiślańska",
    "Regionalna",
];

const SPORT_QUOTED: &[&str] = &[
    "Orzeł",
    "Sokół",
    "Jastrząb",
    "Start",
    "Sparta",
    "Olimp",
    "Iskra",
    "Błysk",
    "Grom",
    "Huragan",
    "Fala",
    "Grot",
    "Żak",
    "Żubr",
    "Wisła",
    "Drwęca",
    "Kopernik",
    "Gryf",
    "Lew",
    "Hetman",
    "Wieża",
    "Dwójka",
    "Siódemka",
    "Jedenastka",
    "Rubin",
    "Jantar",
    "Meteor",
    "Tornado",
    "Kometa",
    "Delfin",
    "Wiking",
    "Orlik",
    "Junior",
    "Spartakus",
    "Zryw",
    "Ślizg",
];

/// Adjectives of a discipline: "Pływacki Klub Sportowy", "Toruński Klub Pływacki".
const DISCIPLINE_ADJ: &[&str] = &[
    "Piłkarski",
    "Pływacki",
    "Kolarski",
    "Wioślarski",
    "Kajakowy",
    "Lekkoatletyczny",
    "Szachowy",
    "Siatkarski",
    "Bokserski",
    "Żeglarski",
    "Łuczniczy",
    "Szermierczy",
    "Gimnastyczny",
    "Tenisowy",
];

/// Disciplines named with a noun: "Klub Tenisa Stołowego".
const DISCIPLINE_NOUN: &[&str] = &[
    "Tenisa Stołowego",
    "Karate",
    "Judo",
    "Koszykówki",
    "Piłki Ręcznej",
    "Badmintona",
    "Taekwondo",
    "Sportów Walki",
];

const CLUB_PREFIX: &[&str] = &[
    "Toruński",
    "Uczniowski",
    "Akademicki",
    "Młodzieżowy",
    "Osiedlowy",
    "Środowiskowy",
];

const LGA_HEAD: &[&str] = &[
    "Stowarzyszenie Samorządów",
    "Stowarzyszenie Gmin",
    "Stowarzyszenie Gmin i Powiatów",
];
const LGA_REGION: &[&str] = &[
    "Ziemi Toruńskiej",
    "Kujaw i Pomorza",
    "Doliny Drwęcy",
    "Doliny Dolnej Wisły",
    "Pojezierza Chełmińskiego",
    "Ziemi Dobrzyńskiej",
    "Aglomeracji Toruńskiej",
];

const NONPROFIT_CORE: &[&str] = &[
    "Centrum Usług Społecznych",
    "Agencja Rozwoju Lokalnego",
    "Toruńskie Centrum Opieki",
    "Inkubator Przedsiębiorczości Społecznej",
    "Centrum Aktywizacji Zawodowej",
    "Przedsiębiorstwo Społeczne",
    "Pracownia Usług Społecznych",
];

/// Osiedla with a one-word name, which sports clubs like to carry ("Wisła Podgórz").
fn one_word(district: &District) -> Option<&'static str> {
    (!district.name.contains(' ')).then_some(district.name)
}

fn pick_quoted(rng: &mut Rng, theme: &Theme) -> &'static str {
    if rng.chance(0.55) {
        rng.pick(theme.quoted)
    } else {
        rng.pick(QUOTED)
    }
}

/// "Stowarzyszeniu „Przystań”", "Fundacji Pomocy Rodzinie" — the parent body of a unit, in the
/// locative after "przy".
fn parent(rng: &mut Rng, theme: &Theme, district: &District) -> (String, Option<&'static str>) {
    let q = pick_quoted(rng, theme);
    match rng.below(4) {
        0 => (format!("Stowarzyszeniu {}", quoted(q)), Some(q)),
        1 => (format!("Fundacji {}", quoted(q)), Some(q)),
        2 if !theme.association.is_empty() => (
            format!(
                "Stowarzyszeniu {}",
                district.fill(rng.pick(theme.association))
            ),
            None,
        ),
        _ if !theme.foundation.is_empty() => (
            format!("Fundacji {}", district.fill(rng.pick(theme.foundation))),
            None,
        ),
        _ => (format!("Stowarzyszeniu {}", quoted(q)), Some(q)),
    }
}

pub fn generate(rng: &mut Rng, form: LegalForm, theme: &Theme, district: D) -> Name {
    let d = district.info();
    match form {
        LegalForm::Association => association(rng, theme, d, district),
        LegalForm::Foundation => foundation(rng, theme, d),
        LegalForm::SportsClub => sports_club(rng, d),
        LegalForm::SocialCooperative => {
            let q = pick_quoted(rng, theme);
            let full = match rng.below(10) {
                0 => format!("Toruńska Spółdzielnia Socjalna {}", quoted(q)),
                1 => format!("Spółdzielnia Socjalna Osób Prawnych {}", quoted(q)),
                2 => format!("Spółdzielnia Socjalna {} w Toruniu", quoted(q)),
                3 | 4 => format!("Spółdzielnia Socjalna {} {}", quoted(q), d.locative),
                _ => format!("Spółdzielnia Socjalna {}", quoted(q)),
            };
            Name { full, key: Some(q) }
        }
        LegalForm::WorkCooperative => {
            let q = pick_quoted(rng, theme);
            let full = match rng.below(3) {
                0 => format!("Toruńska Spółdzielnia Pracy {}", quoted(q)),
                1 => format!("Spółdzielnia Pracy Rzemieślniczej {}", quoted(q)),
                _ => format!("Spółdzielnia Pracy {}", quoted(q)),
            };
            Name { full, key: Some(q) }
        }
        LegalForm::DisabledCooperative => {
            let q = pick_quoted(rng, theme);
            let full = match rng.below(3) {
                0 => format!("Spółdzielnia Niewidomych {}", quoted(q)),
                1 => format!("Toruńska Spółdzielnia Inwalidów {}", quoted(q)),
                _ => format!("Spółdzielnia Inwalidów {}", quoted(q)),
            };
            Name { full, key: Some(q) }
        }
        LegalForm::Cis => unit(rng, "Centrum Integracji Społecznej", theme, d, true),
        LegalForm::Kis => unit(rng, "Klub Integracji Społecznej", theme, d, false),
        LegalForm::Wtz => {
            if rng.chance(0.1) {
                let n = rng.range(1, 9);
                Name {
                    full: format!("Warsztat Terapii Zajęciowej nr {n} w Toruniu"),
                    key: None,
                }
            } else {
                unit(rng, "Warsztat Terapii Zajęciowej", theme, d, false)
            }
        }
        LegalForm::Zaz => unit(rng, "Zakład Aktywności Zawodowej", theme, d, false),
        LegalForm::ChurchOrganization => church(rng, d),
        LegalForm::NonProfitCompany => {
            let q = pick_quoted(rng, theme);
            let core = rng.pick(NONPROFIT_CORE);
            Name {
                full: format!("{core} {} sp. z o.o. non profit", quoted(q)),
                key: Some(q),
            }
        }
        LegalForm::RuralWomenCircle => {
            let q = rng.pick(theme.quoted);
            match rng.below(10) {
                0..=2 => Name {
                    full: format!("Koło Gospodyń Wiejskich {}", d.locative),
                    key: None,
                },
                3..=5 => Name {
                    full: format!("Koło Gospodyń Wiejskich {}", quoted(q)),
                    key: Some(q),
                },
                _ => Name {
                    full: format!("Koło Gospodyń Wiejskich {} {}", quoted(q), d.locative),
                    key: Some(q),
                },
            }
        }
        LegalForm::LocalGovernmentAssociation => Name {
            full: format!("{} {}", rng.pick(LGA_HEAD), rng.pick(LGA_REGION)),
            key: None,
        },
    }
}

fn association(rng: &mut Rng, theme: &Theme, d: &District, district: D) -> Name {
    let core_raw = rng.pick(theme.association);
    let core = d.fill(core_raw);
    let q = pick_quoted(rng, theme);
    let central = matches!(
        district,
        D::StareMiasto | D::Bydgoskie | D::Chelminskie | D::Jakubskie
    );
    match rng.below(100) {
        0..=24 => Name {
            full: format!("Stowarzyszenie {core}"),
            key: None,
        },
        25..=49 => Name {
            full: format!("Stowarzyszenie {core} {}", quoted(q)),
            key: Some(q),
        },
        50..=64 => {
            let adj = if central && rng.chance(0.3) {
                "Śródmiejskie"
            } else {
                rng.pick(ASSOCIATION_ADJ)
            };
            Name {
                full: format!("{adj} Stowarzyszenie {core}"),
                key: None,
            }
        }
        65..=74 if theme.local && !core_raw.contains("{gen}") => Name {
            full: format!("Stowarzyszenie {core} {}", d.locative),
            key: None,
        },
        75..=84 => Name {
            full: format!("Stowarzyszenie {}", quoted(q)),
            key: Some(q),
        },
        85..=89 => {
            let first = special_first(rng, theme);
            Name {
                full: format!("{first} – Stowarzyszenie {core}"),
                key: Some(first),
            }
        }
        90..=94 if theme.local => Name {
            full: format!("Towarzystwo Przyjaciół {}", d.genitive),
            key: None,
        },
        _ => Name {
            full: format!("Stowarzyszenie {core} {}", quoted(q)),
            key: Some(q),
        },
    }
}

fn foundation(rng: &mut Rng, theme: &Theme, d: &District) -> Name {
    let core_raw = rng.pick(theme.foundation);
    let core = d.fill(core_raw);
    let q = pick_quoted(rng, theme);
    match rng.below(100) {
        0..=24 => Name {
            full: format!("Fundacja {core}"),
            key: None,
        },
        25..=44 => Name {
            full: format!("Fundacja {core} {}", quoted(q)),
            key: Some(q),
        },
        45..=64 => Name {
            full: format!("Fundacja {}", quoted(q)),
            key: Some(q),
        },
        65..=74 => Name {
            full: format!("{} Fundacja {core}", rng.pick(FOUNDATION_ADJ)),
            key: None,
        },
        75..=84 => Name {
            full: format!("Fundacja {core} im. {}", rng.pick(PATRONS)),
            key: None,
        },
        85..=88 => {
            let first = special_first(rng, theme);
            Name {
                full: format!("{first} – Fundacja {core}"),
                key: Some(first),
            }
        }
        89..=94 if theme.local && !core_raw.contains("{gen}") => Name {
            full: format!("Fundacja {core} {}", d.locative),
            key: None,
        },
        _ => Name {
            full: format!("Fundacja {core} {}", quoted(q)),
            key: Some(q),
        },
    }
}

fn sports_club(rng: &mut Rng, d: &District) -> Name {
    let q = rng.pick(SPORT_QUOTED);
    let q_full = match one_word(d) {
        Some(place) if rng.chance(0.3) && q != place => format!("„{q} {place}”"),
        _ => quoted(q),
    };
    let full = match rng.below(100) {
        0..=34 => {
            let prefix = if rng.chance(0.5) {
                ""
            } else {
                rng.pick(CLUB_PREFIX)
            };
            if prefix.is_empty() {
                format!("Klub Sportowy {q_full}")
            } else {
                format!("{prefix} Klub Sportowy {q_full}")
            }
        }
        35..=59 => format!("{} Klub Sportowy {q_full}", rng.pick(DISCIPLINE_ADJ)),
        60..=79 => {
            let prefix = if rng.chance(0.5) {
                "Klub"
            } else {
                "Toruński Klub"
            };
            format!("{prefix} {} {q_full}", rng.pick(DISCIPLINE_NOUN))
        }
        80..=89 => {
            let adj = rng.pick(DISCIPLINE_ADJ);
            // "Toruński Klub Pływacki" — the adjective follows the noun here.
            format!("Toruński Klub {adj} {q_full}")
        }
        _ => format!("Integracyjny Klub Sportowy {q_full}"),
    };
    Name { full, key: Some(q) }
}

fn unit(rng: &mut Rng, head: &str, theme: &Theme, d: &District, city_variant: bool) -> Name {
    if city_variant && rng.chance(0.05) {
        return Name {
            full: format!("{head} w Toruniu"),
            key: None,
        };
    }
    match rng.below(10) {
        0..=3 => {
            let (body, key) = parent(rng, theme, d);
            Name {
                full: format!("{head} przy {body}"),
                key,
            }
        }
        4..=6 => {
            let q = rng.pick(theme.quoted);
            Name {
                full: format!("{head} {}", quoted(q)),
                key: Some(q),
            }
        }
        _ => Name {
            full: format!("{head} {}", d.locative),
            key: None,
        },
    }
}

fn church(rng: &mut Rng, d: &District) -> Name {
    let saint = rng.pick(SAINTS);
    let parish = match rng.below(3) {
        0 => format!("parafii pw. {saint} w Toruniu"),
        1 => format!("parafii pw. {saint} {}", d.locative),
        _ => format!("parafii pw. {saint}"),
    };
    let full = match rng.below(6) {
        0 | 1 => format!("Parafialny Zespół Caritas przy {parish}"),
        2 => format!("Parafialny Oddział Akcji Katolickiej przy {parish}"),
        3 => format!("Katolickie Stowarzyszenie Młodzieży przy {parish}"),
        4 => {
            let q = rng.pick(&["Arka", "Promyk", "Oaza", "Iskierka", "Okruszek", "Betania"]);
            return Name {
                full: format!("Świetlica parafialna „{q}” przy {parish}"),
                key: Some(q),
            };
        }
        _ => format!("Wspólnota Trzeźwościowa przy {parish}"),
    };
    Name { full, key: None }
}

/// The church organisation's kind of work follows from its name.
pub fn church_kind(name: &str) -> ChurchKind {
    if name.starts_with("Katolickie Stowarzyszenie Młodzieży") || name.starts_with("Świetlica") {
        ChurchKind::Youth
    } else if name.starts_with("Wspólnota Trzeźwościowa") {
        ChurchKind::Sobriety
    } else if name.starts_with("Parafialny Oddział Akcji Katolickiej") {
        ChurchKind::Families
    } else {
        ChurchKind::Charity
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChurchKind {
    Charity,
    Youth,
    Sobriety,
    Families,
}
