//! Demo support institutions: the kinds of bodies a voivodeship city like Toruń has (an OWES,
//! the regional social policy centre, the labour office, the city's NGO office, an incubator,
//! a loan fund …), on real Toruń streets. Names are generic, and every contact is plainly
//! fictitious: e-mail and web addresses in the reserved `.example` domain and telephone
//! numbers in the unassigned "56 000 …" range, so that no one mistakes them for real ones.

use super::organizations::jitter;
use super::rng::Rng;
use super::streets::{self, D};
use crate::domain::institution::{Institution, InstitutionId, InstitutionType, Service};
use crate::domain::slug::slugify;

/// One demo institution before it gets a place and contacts.
struct Entry {
    name: &'static str,
    kind: InstitutionType,
    services: &'static [Service],
    other: &'static str,
    street: &'static str,
    number: &'static str,
    district: D,
    /// The `.example` host of its e-mail and website.
    host: &'static str,
    description: &'static str,
    hours: &'static [&'static str],
}

use InstitutionType as T;
use Service as S;

const WORKDAYS: &[&str] = &["pon.–pt. 8:00–16:00"];

const ENTRIES: &[Entry] = &[
    Entry {
        name: "Ośrodek Wsparcia Ekonomii Społecznej – subregion toruński",
        kind: T::Owes,
        services: &[
            S::Advice,
            S::Training,
            S::Grants,
            S::Accounting,
            S::Advocacy,
        ],
        other: "Pomoc w założeniu spółdzielni socjalnej, wsparcie pomostowe",
        street: "ul. Szeroka",
        number: "38",
        district: D::StareMiasto,
        host: "owes-torun.example",
        description: "Doradztwo biznesowe i prawne dla przedsiębiorstw społecznych i grup, które chcą je założyć. Dotacje na nowe miejsca pracy w spółdzielniach socjalnych, szkolenia z zarządzania i marketingu.\n\nPierwsza rozmowa z doradcą jest bezpłatna; warto umówić się telefonicznie.",
        hours: &["pon.–pt. 8:00–16:00", "czw. do 18:00 (po umówieniu)"],
    },
    Entry {
        name: "Regionalny Ośrodek Polityki Społecznej – oddział w Toruniu",
        kind: T::Rops,
        services: &[S::Training, S::Grants, S::Advocacy],
        other: "Regionalny program rozwoju ekonomii społecznej, akredytacja OWES",
        street: "ul. Mickiewicza",
        number: "21",
        district: D::Bydgoskie,
        host: "rops-torun.example",
        description: "Koordynuje rozwój ekonomii społecznej w województwie: prowadzi regionalny program, komitet ds. ekonomii społecznej i konkursy dla organizacji. Publikuje dane o sektorze i organizuje regionalne targi ekonomii społecznej.",
        hours: WORKDAYS,
    },
    Entry {
        name: "Regionalny Ośrodek Europejskiego Funduszu Społecznego",
        kind: T::Roefs,
        services: &[S::Advice, S::Training],
        other: "Pomoc w przygotowaniu wniosków o dofinansowanie z funduszy europejskich",
        street: "ul. Kraszewskiego",
        number: "14",
        district: D::Bydgoskie,
        host: "roefs-torun.example",
        description: "Bezpłatne konsultacje dla organizacji, które chcą złożyć wniosek o dofinansowanie z Europejskiego Funduszu Społecznego Plus: jak czytać regulamin konkursu, jak zaplanować budżet projektu i wskaźniki.",
        hours: &["pon.–pt. 9:00–15:00"],
    },
    Entry {
        name: "Powiatowy Urząd Pracy dla Miasta Torunia",
        kind: T::Pup,
        services: &[S::JobPlacement, S::Grants, S::Training],
        other: "Refundacja wyposażenia stanowiska pracy, prace społecznie użyteczne",
        street: "ul. Mickiewicza",
        number: "37",
        district: D::Bydgoskie,
        host: "pup-torun.example",
        description: "Pośrednictwo pracy i staże, środki na podjęcie działalności, także w formie spółdzielni socjalnej, refundacja kosztów wyposażenia stanowiska pracy dla zatrudnianych osób bezrobotnych.",
        hours: &["pon.–pt. 7:30–15:30"],
    },
    Entry {
        name: "Miejski Ośrodek Pomocy Rodzinie",
        kind: T::Mopr,
        services: &[S::Advice, S::Advocacy],
        other: "Kontrakty socjalne, współpraca przy reintegracji społecznej i zawodowej",
        street: "ul. Konstytucji 3 Maja",
        number: "42",
        district: D::NaSkarpie,
        host: "mopr-torun.example",
        description: "Pomoc społeczna dla mieszkańców miasta. Dla organizacji: kierowanie uczestników do CIS i KIS, zlecanie usług społecznych, wspólne projekty aktywizacji osób zagrożonych wykluczeniem.",
        hours: &["pon. 7:30–17:00", "wt.–pt. 7:30–15:30"],
    },
    Entry {
        name: "Biuro ds. Organizacji Pozarządowych Urzędu Miasta",
        kind: T::NgoOffice,
        services: &[S::Advice, S::Grants, S::Premises],
        other: "Konkursy ofert na zadania publiczne, lokale na preferencyjnych zasadach",
        street: "Wały gen. Sikorskiego",
        number: "8",
        district: D::StareMiasto,
        host: "ngo-urzad.example",
        description: "Prowadzi współpracę miasta z organizacjami pozarządowymi: roczny program współpracy, otwarte konkursy ofert, małe granty i nabory na lokale dla organizacji. Pomaga w rozliczeniu dotacji.",
        hours: WORKDAYS,
    },
    Entry {
        name: "Centrum Organizacji Pozarządowych",
        kind: T::NgoCentre,
        services: &[S::Premises, S::Training, S::Advice, S::Accounting],
        other: "Sale spotkań, skrytki pocztowe i adres do korespondencji dla organizacji",
        street: "ul. Podmurna",
        number: "60",
        district: D::StareMiasto,
        host: "centrum-ngo.example",
        description: "Miejsce dla organizacji bez własnej siedziby: sale na spotkania i szkolenia, stanowiska pracy, drukarka. Dyżury księgowej i prawnika dla małych stowarzyszeń.",
        hours: &["pon.–pt. 10:00–20:00", "sob. 10:00–14:00"],
    },
    Entry {
        name: "Inkubator Przedsiębiorczości Społecznej",
        kind: T::Incubator,
        services: &[S::Premises, S::Advice, S::Training, S::Accounting],
        other: "Biura na start na 24 miesiące",
        street: "ul. Szosa Lubicka",
        number: "29",
        district: D::Rubinkowo,
        host: "inkubator-es.example",
        description: "Biura i coworking dla nowych przedsiębiorstw społecznych na preferencyjnych warunkach, z księgowością i doradztwem w pierwszych latach działalności.",
        hours: &["pon.–pt. 8:00–18:00"],
    },
    Entry {
        name: "Akademicki Inkubator Innowacji Społecznych",
        kind: T::Incubator,
        services: &[S::Advice, S::Training],
        other: "Mentoring, testowanie pomysłów z mieszkańcami",
        street: "ul. Gagarina",
        number: "11",
        district: D::Bielany,
        host: "inkubator-innowacji.example",
        description: "Pomaga studentom i organizacjom sprawdzić pomysł na usługę społeczną, zanim powstanie firma: warsztaty, mentoring, małe granty na prototypy.",
        hours: &["pon.–czw. 9:00–17:00"],
    },
    Entry {
        name: "Fundusz Pożyczkowy dla Ekonomii Społecznej",
        kind: T::Fund,
        services: &[S::Loans, S::Advice],
        other: "Pożyczki płynnościowe i inwestycyjne, reporęczenia",
        street: "ul. Kościuszki",
        number: "71",
        district: D::Mokre,
        host: "fundusz-es.example",
        description: "Preferencyjne pożyczki dla przedsiębiorstw społecznych, spółdzielni i organizacji prowadzących działalność gospodarczą, także na wkład własny w projektach.",
        hours: WORKDAYS,
    },
    Entry {
        name: "Regionalny Fundusz Poręczeniowy",
        kind: T::Fund,
        services: &[S::Loans],
        other: "Poręczenia kredytów i wadiów",
        street: "ul. Warszawska",
        number: "4",
        district: D::StareMiasto,
        host: "fundusz-poreczeniowy.example",
        description: "Poręcza kredyty i pożyczki małych przedsiębiorstw, w tym społecznych, które nie mają wystarczającego zabezpieczenia.",
        hours: &["pon.–pt. 8:30–15:30"],
    },
    Entry {
        name: "Centrum Integracji Społecznej – punkt informacyjny",
        kind: T::Other,
        services: &[S::JobPlacement, S::Training],
        other: "Reintegracja zawodowa, warsztaty zawodowe",
        street: "ul. Rydygiera",
        number: "30",
        district: D::Rubinkowo,
        host: "cis-informacja.example",
        description: "Informacja o zajęciach reintegracji społecznej i zawodowej w centrach i klubach integracji społecznej (CIS, KIS) w mieście: kto może skorzystać i jak się zgłosić.",
        hours: &["pon.–pt. 8:00–15:00"],
    },
    Entry {
        name: "Klub Integracji Społecznej przy osiedlu Na Skarpie",
        kind: T::Other,
        services: &[S::JobPlacement, S::Advice],
        other: "Grupy wsparcia, warsztaty pisania CV",
        street: "ul. Suleckiego",
        number: "5",
        district: D::NaSkarpie,
        host: "kis-na-skarpie.example",
        description: "Zajęcia dla osób długotrwale bezrobotnych: doradztwo zawodowe, grupy wsparcia, przygotowanie do pracy w przedsiębiorstwie społecznym.",
        hours: &["pon., śr. 12:00–18:00", "wt., czw. 8:00–14:00"],
    },
    Entry {
        name: "Punkt Nieodpłatnej Pomocy Prawnej dla Organizacji",
        kind: T::Other,
        services: &[S::Advice, S::Advocacy],
        other: "Statuty, umowy, sprawozdania do KRS",
        street: "ul. Poznańska",
        number: "52",
        district: D::Podgorz,
        host: "pomoc-prawna-ngo.example",
        description: "Porady prawne dla stowarzyszeń i fundacji: zmiany statutu, umowy z wolontariuszami, sprawozdania finansowe i obowiązki wobec KRS.",
        hours: &["wt. 14:00–18:00", "pt. 9:00–13:00"],
    },
    Entry {
        name: "Lokalny Ośrodek Wiedzy i Edukacji dla Seniorów i Organizacji",
        kind: T::NgoCentre,
        services: &[S::Training, S::Premises],
        other: "Sala komputerowa, kursy dla wolontariuszy",
        street: "ul. gen. Andersa",
        number: "17",
        district: D::Stawki,
        host: "lowe-stawki.example",
        description: "Szkolenia dla wolontariuszy i członków organizacji: obsługa komputera, media społecznościowe, prowadzenie zbiórek. Udostępnia salę na spotkania organizacji z lewobrzeżnej części miasta.",
        hours: &["pon.–pt. 9:00–19:00"],
    },
];

/// The demo institutions, in a fixed order; deterministic for a given seed (ids are 0).
pub fn institutions(seed: u64, now: i64) -> Vec<Institution> {
    let mut rng = Rng::new(seed ^ 0x696E_7374);
    ENTRIES
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let street = streets::find(e.street, e.district);
            let geo = street.map(|s| jitter(&mut rng, s));
            Institution {
                id: InstitutionId(0),
                slug: slugify(e.name),
                name: e.name.to_string(),
                kind: e.kind,
                services: e.services.to_vec(),
                other_services: e.other.to_string(),
                description: e.description.to_string(),
                street: format!("{} {}", e.street, e.number),
                postal_code: "87-100".to_string(),
                city: "Toruń".to_string(),
                district: e.district.info().name.to_string(),
                geo,
                phone: Some(format!("56 000 01 {:02}", i + 10)),
                email: Some(format!("kontakt@{}", e.host)),
                website: Some(format!("https://{}", e.host)),
                hours: e.hours.iter().map(|h| h.to_string()).collect(),
                archived: false,
                created: now,
                updated: now,
                author: None,
                demo: true,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_institutions_are_located_fictitious_and_deterministic() {
        let a = institutions(7, 1);
        assert_eq!(a, institutions(7, 1));
        assert_eq!(a.len(), 15);
        for record in &a {
            assert!(record.demo);
            assert!(record.geo.is_some(), "{} has no listed street", record.name);
            assert!(record.email.as_deref().unwrap().ends_with(".example"));
            assert!(record.website.as_deref().unwrap().ends_with(".example"));
            assert!(record.phone.as_deref().unwrap().starts_with("56 000 "));
            let mut input = crate::domain::institution_input::InstitutionInput::from_record(record);
            input.name = record.name.clone();
            let mut copy = record.clone();
            assert!(
                input.apply(&mut copy).is_empty(),
                "{} is not valid",
                record.name
            );
        }
        for kind in [
            T::Owes,
            T::Rops,
            T::Roefs,
            T::Pup,
            T::Mopr,
            T::NgoOffice,
            T::Incubator,
            T::Fund,
            T::NgoCentre,
        ] {
            assert!(a.iter().any(|r| r.kind == kind), "{kind:?} missing");
        }
        let mut slugs: Vec<&str> = a.iter().map(|r| r.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), a.len());
    }
}
