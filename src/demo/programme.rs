//! The programme's indicators and events as the 2014 brochure reports them: the targets and
//! current values of its indicators and its dated trainings, study visits, award ceremony and
//! forum. What the brochure does not give (who keeps each indicator's data, the day a value was
//! read) is filled in plausibly and every record says so; places and numbers of participants the
//! brochure does not state are left empty rather than invented.

use crate::domain::Timestamp;
use crate::domain::indicator::{Indicator, IndicatorId, Measurement, Unit, ValueSource};
use crate::domain::programme_event::{EventKind, ProgrammeEvent, ProgrammeEventId};
use crate::domain::slug::slugify;

/// Where the figures come from.
const BROCHURE: &str = "Broszura projektu „Toruński program współpracy instytucji ekonomii społecznej z administracją lokalną jako szansa na stabilne funkcjonowanie PES” (CISTOR Stowarzyszenie Partnerstwo Społeczne, 2014)";

/// The note of the measurements that record the brochure's current values.
pub const BROCHURE_MEASUREMENT: &str = "stan według broszury programu, 2014";

/// One indicator as the brochure describes it: name, definition, unit, target, how its value is
/// obtained, its measurements, the owner of the data and its source.
type IndicatorEntry = (
    &'static str,
    &'static str,
    Unit,
    i64,
    ValueSource,
    Vec<Measurement>,
    &'static str,
    &'static str,
);

/// The indicators, in the order of the programme page.
pub fn indicators(now: Timestamp) -> Vec<Indicator> {
    // The brochure gives no day for its current values; the end of its testing phase
    // (IV.2014) stands for it.
    let read_on = jiff::civil::date(2014, 4, 30);
    let measured = |value: i64| {
        vec![Measurement {
            id: 1,
            date: read_on,
            value,
            note: BROCHURE_MEASUREMENT.to_string(),
            recorded: now,
            author: None,
        }]
    };
    let entries: Vec<IndicatorEntry> = vec![
        (
            "Zastosowania klauzul społecznych w zamówieniach publicznych",
            "Liczba zamówień publicznych Urzędu Miasta Torunia, w których zastosowano klauzulę społeczną (zarządzenie Prezydenta Miasta Torunia nr 27 z 30.01.2013). Według broszury: 4 przetargi nieograniczone powyżej 14 tys. euro i 8 zapytań ofertowych poniżej tej kwoty.",
            Unit::new(
                "zastosowanie klauzuli społecznej",
                "zastosowania klauzuli społecznej",
                "zastosowań klauzuli społecznej",
            ),
            10,
            ValueSource::Measurements,
            measured(12),
            "Wydział Zdrowia i Polityki Społecznej UMT",
            "Rejestr zamówień z klauzulami społecznymi (www.cistorsps.pl, zakładka Toruński Program Współpracy → Klauzule Społeczne); do czasu połączenia z rejestrem na platformie wartość wpisuje urząd.",
        ),
        (
            "Szkolenia dla podmiotów ekonomii społecznej i urzędników",
            "Liczba szkoleń dla przedstawicieli toruńskich podmiotów ekonomii społecznej i pracowników Urzędu Miasta Torunia zorganizowanych w ramach programu. Liczona z wydarzeń programu rodzaju „Szkolenie”.",
            Unit::new("szkolenie", "szkolenia", "szkoleń"),
            3,
            ValueSource::Events(EventKind::Training),
            vec![],
            "Wydział Zdrowia i Polityki Społecznej UMT",
            "Wydarzenia programu zapisane na platformie.",
        ),
        (
            "Wizyty studyjne",
            "Liczba wizyt studyjnych w podmiotach ekonomii społecznej zorganizowanych w ramach programu. Liczona z wydarzeń programu rodzaju „Wizyta studyjna”.",
            Unit::new("wizyta studyjna", "wizyty studyjne", "wizyt studyjnych"),
            1,
            ValueSource::Events(EventKind::StudyVisit),
            vec![],
            "Wydział Zdrowia i Polityki Społecznej UMT",
            "Wydarzenia programu zapisane na platformie.",
        ),
        (
            "Spotkania Zespołu ds. monitoringu programu",
            "Liczba spotkań Zespołu ds. monitoringu programu współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej – organu konsultacyjnego, opiniodawczego i inicjatywnego.",
            Unit::new("spotkanie zespołu", "spotkania zespołu", "spotkań zespołu"),
            4,
            ValueSource::Measurements,
            measured(3),
            "Zespół ds. monitoringu programu współpracy GMT z PES",
            "Broszura programu podaje liczbę spotkań bez ich dat, dlatego wartość jest wpisana jako pomiar.",
        ),
        (
            "Absolwenci ścieżki specjalizacyjnej „Usługi społeczne” na UMK",
            "Liczba studentów, którzy ukończyli 70-godzinną ścieżkę specjalizacyjną „Usługi społeczne” na studiach II stopnia na kierunku socjologia w Instytucie Socjologii Uniwersytetu Mikołaja Kopernika (uruchomioną w III kwartale 2012 r.).",
            Unit::new("student", "studentów", "studentów"),
            15,
            ValueSource::Measurements,
            measured(24),
            "Instytut Socjologii UMK oraz Zespół ds. monitoringu programu",
            "Instytut Socjologii UMK.",
        ),
        (
            "Wyróżnienie w kategorii „Przedsiębiorczość i ekonomia społeczna”",
            "Liczba wyróżnień w kategorii „Przedsiębiorczość i ekonomia społeczna” przyznanych w Nagrodach Prezydenta Miasta Torunia. Liczona z wydarzeń programu rodzaju „Nagroda / wyróżnienie”.",
            Unit::new(
                "przyznane wyróżnienie",
                "przyznane wyróżnienia",
                "przyznanych wyróżnień",
            ),
            1,
            ValueSource::Events(EventKind::Award),
            vec![],
            "Urząd Miasta Torunia",
            "Wydarzenia programu zapisane na platformie.",
        ),
    ];
    entries
        .into_iter()
        .enumerate()
        .map(
            |(i, (name, definition, unit, target, source, measurements, owner, data_source))| {
                Indicator {
                    id: IndicatorId(0),
                    slug: slugify(name),
                    name: name.to_string(),
                    definition: definition.to_string(),
                    unit,
                    baseline: 0,
                    target,
                    source,
                    measurements,
                    owner: owner.to_string(),
                    data_source: format!("{data_source} Źródło wartości docelowej: {BROCHURE}."),
                    position: i as u32 + 1,
                    notes: "Dane demonstracyjne: wartość bazowa, docelowa i bieżąca pochodzą z broszury programu (2014); właściciel danych i dzień odczytu wartości są przykładowe.".to_string(),
                    created: now,
                    updated: now,
                    author: None,
                    demo: true,
                }
            },
        )
        .collect()
}

const PARTICIPANTS_TRAINING: &str = "przedstawiciele toruńskich podmiotów ekonomii społecznej oraz pracownicy Urzędu Miasta Torunia";

const DEMO_NOTE: &str = "Dane demonstracyjne: data, tytuł i uczestnicy pochodzą z broszury programu (2014); miejsca i liczby uczestników broszura nie podaje.";

/// The dated events of the brochure.
pub fn events(now: Timestamp) -> Vec<ProgrammeEvent> {
    use EventKind::{Award, Forum, StudyVisit, Training};
    let d = jiff::civil::date;
    let entries: Vec<(EventKind, &str, jiff::civil::Date, &str, &str, String)> = vec![
        (
            StudyVisit,
            "Wizyta studyjna: Fundacja ALMA i Stowarzyszenie Św. Łukasza",
            d(2013, 3, 12),
            "",
            "",
            format!("Wizyta studyjna w Fundacji ALMA i Stowarzyszeniu Św. Łukasza.\n\n{DEMO_NOTE}"),
        ),
        (
            StudyVisit,
            "Wizyta studyjna: Stowarzyszenie „JESTEM”",
            d(2013, 5, 16),
            "",
            "",
            format!("Wizyta studyjna w Stowarzyszeniu Pomocy Dzieciom Niepełnosprawnym i Osobom Potrzebującym Wsparcia „JESTEM”.\n\n{DEMO_NOTE}"),
        ),
        (
            Award,
            "Wyróżnienie w kategorii „Przedsiębiorczość i ekonomia społeczna”",
            d(2013, 6, 19),
            "Dwór Artusa, Toruń",
            "laureaci Nagród Prezydenta Miasta Torunia za 2012 rok",
            "Uroczystość wręczenia Nagród Prezydenta Miasta Torunia za 2012 rok. Wyróżnienie w kategorii „Przedsiębiorczość i ekonomia społeczna” otrzymał Pan Zenon Nienartowicz, założyciel i Przewodniczący Zarządu Stowarzyszenia Pomocy Dzieciom Niepełnosprawnym i Osobom Potrzebującym Wsparcia „JESTEM”. Toruń jako pierwsze miasto w Polsce nagradza osoby zaangażowane w pracę na rzecz ekonomii społecznej.\n\nDane demonstracyjne: data, miejsce i laureat pochodzą z broszury programu (2014).".to_string(),
        ),
        (
            StudyVisit,
            "Wizyta studyjna: toruński oddział AIESEC",
            d(2013, 6, 20),
            "",
            "",
            format!("Wizyta studyjna w toruńskim oddziale organizacji studenckiej AIESEC.\n\n{DEMO_NOTE}"),
        ),
        (
            Training,
            "Mechanizmy współpracy podmiotów ekonomii społecznej z administracją publiczną oraz zakładanie i funkcjonowanie spółdzielni socjalnych",
            d(2013, 6, 26),
            "",
            PARTICIPANTS_TRAINING,
            format!("Szkolenie programu współpracy.\n\n{DEMO_NOTE}"),
        ),
        (
            Training,
            "Finanse i PR w podmiotach ekonomii społecznej",
            d(2013, 9, 24),
            "",
            PARTICIPANTS_TRAINING,
            format!("Szkolenie programu współpracy.\n\n{DEMO_NOTE}"),
        ),
        (
            StudyVisit,
            "Wizyta studyjna: Towarzystwo „Powrót z U”",
            d(2013, 9, 26),
            "",
            "",
            format!("Wizyta studyjna w Towarzystwie „Powrót z U”.\n\n{DEMO_NOTE}"),
        ),
        (
            Forum,
            "I Toruńskie Forum Ekonomii Społecznej",
            d(2013, 10, 28),
            "Hotel Filmar, Toruń",
            "toruńskie organizacje pozarządowe i podmioty ekonomii społecznej, eksperci, Urząd Miasta Torunia",
            "Forum połączone z X Toruńskim Forum Organizacji Pozarządowych, organizowanym przez Urząd Miasta Torunia oraz Radę Działalności Pożytku Publicznego, dla promocji III sektora i przedsiębiorczości społecznej.\n\nW programie: panel tematyczny z udziałem ekspertów „Czy podmioty ekonomii społecznej mogą skutecznie wspierać miasto w realizacji zadań publicznych?” oraz warsztat „Inkubator przedsiębiorczości społecznej w Toruniu – diagnoza potrzeb”, który przeprowadziła Magdalena Bergmann. Zaprezentowano rezultaty projektu „Toruński program współpracy instytucji ekonomii społecznej z administracją lokalną jako szansa na stabilne funkcjonowanie PES”. Forum towarzyszyły Targi Ekonomii Społecznej, na których toruńskie organizacje prezentowały swoje produkty i usługi.\n\nDane demonstracyjne: data, miejsce i program pochodzą z broszury programu (2014).".to_string(),
        ),
        (
            Training,
            "Zmiany w systemie pomocy społecznej i rynku pracy",
            d(2014, 2, 3),
            "",
            PARTICIPANTS_TRAINING,
            format!("Szkolenie programu współpracy.\n\n{DEMO_NOTE}"),
        ),
    ];
    entries
        .into_iter()
        .map(
            |(kind, title, date, place, participants, description)| ProgrammeEvent {
                id: ProgrammeEventId(0),
                slug: slugify(title),
                kind,
                title: title.to_string(),
                date,
                end_date: None,
                place: place.to_string(),
                participants: participants.to_string(),
                participant_count: None,
                description,
                link: None,
                created: now,
                updated: now,
                author: None,
                demo: true,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brochure_values_come_out_of_the_demo_records() {
        let events = events(1);
        let indicators = indicators(1);
        let current: Vec<(i64, i64)> = indicators
            .iter()
            .map(|i| (i.target, i.current(&events).unwrap()))
            .collect();
        assert_eq!(
            current,
            [(10, 12), (3, 3), (1, 4), (4, 3), (15, 24), (1, 1)]
        );
        assert!(indicators.iter().all(|i| i.demo && i.baseline == 0));
        assert_eq!(events.len(), 9);
        assert!(
            events
                .iter()
                .all(|e| e.demo && e.description.contains("Dane demonstracyjne"))
        );
        let forum = events.iter().find(|e| e.kind == EventKind::Forum).unwrap();
        assert_eq!(forum.date, jiff::civil::date(2013, 10, 28));
        assert!(forum.description.contains("Magdalena Bergmann"));
    }
}
