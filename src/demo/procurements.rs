//! Demo procurements with social clauses: the twelve of 2013 that the programme's 2014
//! brochure reports — four open tenders above 14 000 euro and eight enquiries below it — and
//! two recent ones under the 2019 act. The brochure gives the numbers, the procedures and five
//! titles; everything else (reference and BZP numbers, the other titles, values, dates, units,
//! contractors and effects) is invented to look plausible, and each record's notes say so.
//! Some are won by the brochure's organisations of the demo directory, linked to their entries.

use jiff::civil::{Date, date};

use crate::domain::Timestamp;
use crate::domain::organization::{LegalForm, Organization};
use crate::domain::procurement::{
    Act, Clause, Contractor, LegalBasis, Procedure, Procurement, ProcurementId, ProcurementStatus,
    ProcurementType, TargetGroup, ThresholdClass,
};
use crate::domain::slug::slugify;

/// Who won a demo procurement.
#[derive(Clone, Copy)]
enum Winner {
    /// A brochure organisation of the demo directory, by name.
    Directory(&'static str),
    /// The first social cooperative of the demo directory.
    Cooperative,
    /// A company outside the directory.
    Company(&'static str),
    /// Not chosen yet.
    Nobody,
}

/// A clause of a demo record: basis, group, required people or percent, months.
type DemoClause = (
    LegalBasis,
    TargetGroup,
    Option<u32>,
    Option<u8>,
    Option<u32>,
);

struct Entry {
    reference: &'static str,
    bzp: &'static str,
    title: &'static str,
    /// Whether the brochure names this procurement.
    from_brochure: bool,
    kind: ProcurementType,
    procedure: Procedure,
    act: Act,
    threshold: ThresholdClass,
    unit: &'static str,
    estimated: i64,
    contract: Option<i64>,
    notice: Date,
    offers: Option<Date>,
    signed: Option<Date>,
    clauses: &'static [DemoClause],
    achieved: Option<u32>,
    winner: Winner,
    status: ProcurementStatus,
}

use Act::{Pzp2004, Pzp2019};
use LegalBasis as B;
use Procedure::{BasicMode, Enquiry, OpenTender};
use ProcurementStatus::{Announced, Completed, InProgress};
use ProcurementType::{Services, Works};
use TargetGroup as G;
use ThresholdClass::{Above, Below};

const ART29_UNEMPLOYED: &[DemoClause] = &[(B::Pzp2004Art29, G::Unemployed, Some(1), None, Some(3))];

const ENTRIES: &[Entry] = &[
    Entry {
        reference: "WZP.271.8.2013",
        bzp: "58214-2013",
        title: "Świadczenie usług utrzymania czystości i porządku w obrębie nieruchomości gminnych",
        from_brochure: true,
        kind: Services,
        procedure: OpenTender,
        act: Pzp2004,
        threshold: Above,
        unit: "Wydział Gospodarki Komunalnej",
        estimated: 48_000_000,
        contract: Some(45_264_000),
        notice: date(2013, 3, 18),
        offers: Some(date(2013, 4, 3)),
        signed: Some(date(2013, 4, 26)),
        clauses: &[
            (B::Pzp2004Art29, G::Unemployed, Some(4), None, Some(12)),
            (B::Pzp2004Art29, G::Disabled, Some(1), None, Some(12)),
        ],
        achieved: Some(5),
        winner: Winner::Cooperative,
        status: Completed,
    },
    Entry {
        reference: "WZP.271.21.2013",
        bzp: "131907-2013",
        title: "Świadczenie usług budowlanych – remonty lokali w budynkach gminnych",
        from_brochure: true,
        kind: Works,
        procedure: OpenTender,
        act: Pzp2004,
        threshold: Above,
        unit: "Wydział Inwestycji i Remontów",
        estimated: 125_000_000,
        contract: Some(118_450_000),
        notice: date(2013, 5, 27),
        offers: Some(date(2013, 6, 12)),
        signed: Some(date(2013, 7, 8)),
        clauses: &[(B::Pzp2004Art29, G::Unemployed, Some(3), None, Some(6))],
        achieved: Some(3),
        winner: Winner::Company("Przedsiębiorstwo Remontowo-Budowlane „Grodzkie” sp. z o.o."),
        status: Completed,
    },
    Entry {
        reference: "WZP.271.30.2013",
        bzp: "176455-2013",
        title: "Utrzymanie terenów zieleni miejskiej na Rubinkowie i Skarpie",
        from_brochure: false,
        kind: Services,
        procedure: OpenTender,
        act: Pzp2004,
        threshold: Above,
        unit: "Wydział Gospodarki Komunalnej",
        estimated: 32_000_000,
        contract: Some(29_890_000),
        notice: date(2013, 7, 15),
        offers: Some(date(2013, 7, 31)),
        signed: Some(date(2013, 8, 23)),
        clauses: &[(B::Pzp2004Art29, G::Unemployed, Some(2), None, Some(8))],
        achieved: Some(2),
        winner: Winner::Cooperative,
        status: Completed,
    },
    Entry {
        reference: "WZP.271.44.2013",
        bzp: "402318-2013",
        title: "Dozór i ochrona obiektów Urzędu Miasta",
        from_brochure: false,
        kind: Services,
        procedure: OpenTender,
        act: Pzp2004,
        threshold: Above,
        unit: "Wydział Administracyjny",
        estimated: 21_500_000,
        contract: Some(20_160_000),
        notice: date(2013, 10, 7),
        offers: Some(date(2013, 10, 22)),
        signed: Some(date(2013, 12, 16)),
        clauses: &[(B::Pzp2004Art22, G::Disabled, None, Some(50), Some(12))],
        achieved: Some(6),
        winner: Winner::Company("Agencja Ochrony „Kopernik” sp. z o.o. (zakład pracy chronionej)"),
        status: Completed,
    },
    Entry {
        reference: "WSS.0331.12.2013",
        bzp: "",
        title: "Przygotowanie i dostarczenie poczęstunku na spotkanie wigilijne",
        from_brochure: true,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Spraw Społecznych",
        estimated: 650_000,
        contract: Some(612_000),
        notice: date(2013, 11, 25),
        offers: Some(date(2013, 12, 2)),
        signed: Some(date(2013, 12, 6)),
        clauses: ART29_UNEMPLOYED,
        achieved: Some(1),
        winner: Winner::Directory("Towarzystwo „Powrót z U”"),
        status: Completed,
    },
    Entry {
        reference: "WRP.0331.7.2013",
        bzp: "",
        title: "Wynajem sali konferencyjnej oraz zapewnienie poczęstunku podczas konferencji",
        from_brochure: true,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Rozwoju i Programowania Europejskiego",
        estimated: 980_000,
        contract: Some(945_000),
        notice: date(2013, 4, 22),
        offers: Some(date(2013, 4, 29)),
        signed: Some(date(2013, 5, 6)),
        clauses: ART29_UNEMPLOYED,
        achieved: Some(1),
        winner: Winner::Directory("CISTOR Stowarzyszenie Partnerstwo Społeczne"),
        status: Completed,
    },
    Entry {
        reference: "BPI.0331.15.2013",
        bzp: "",
        title: "Przeprowadzenie badania pn. „Wpływ Bella Skyway Festival na rozwój turystyczny i gospodarczy miasta”",
        from_brochure: true,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Biuro Promocji i Informacji",
        estimated: 2_400_000,
        contract: Some(2_214_000),
        notice: date(2013, 8, 5),
        offers: Some(date(2013, 8, 14)),
        signed: Some(date(2013, 8, 21)),
        clauses: &[(B::Pzp2004Art29, G::Unemployed, Some(2), None, Some(2))],
        achieved: Some(2),
        winner: Winner::Company("Pracownia Badań Społecznych „Kwadrat” s.c."),
        status: Completed,
    },
    Entry {
        reference: "WRP.0331.11.2013",
        bzp: "",
        title: "Catering podczas Forum Ekonomii Społecznej 28 października 2013 r.",
        from_brochure: false,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Rozwoju i Programowania Europejskiego",
        estimated: 720_000,
        contract: Some(688_000),
        notice: date(2013, 10, 7),
        offers: Some(date(2013, 10, 14)),
        signed: Some(date(2013, 10, 18)),
        clauses: ART29_UNEMPLOYED,
        achieved: Some(1),
        winner: Winner::Directory("Towarzystwo „Powrót z U”"),
        status: Completed,
    },
    Entry {
        reference: "WSS.0331.6.2013",
        bzp: "",
        title: "Obsługa cateringowa gali Nagrody Prezydenta Miasta Torunia",
        from_brochure: false,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Spraw Społecznych",
        estimated: 540_000,
        contract: Some(518_400),
        notice: date(2013, 5, 29),
        offers: Some(date(2013, 6, 5)),
        signed: Some(date(2013, 6, 10)),
        clauses: ART29_UNEMPLOYED,
        achieved: Some(1),
        winner: Winner::Cooperative,
        status: Completed,
    },
    Entry {
        reference: "WRP.0331.9.2013",
        bzp: "",
        title: "Druk i dostawa materiałów informacyjnych programu współpracy z PES",
        from_brochure: false,
        kind: ProcurementType::Supplies,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Rozwoju i Programowania Europejskiego",
        estimated: 430_000,
        contract: Some(398_500),
        notice: date(2013, 6, 17),
        offers: Some(date(2013, 6, 24)),
        signed: Some(date(2013, 7, 1)),
        clauses: &[(B::Pzp2004Art29, G::Disabled, Some(1), None, Some(1))],
        achieved: Some(1),
        winner: Winner::Company("Drukarnia „Wisła” sp. j."),
        status: Completed,
    },
    Entry {
        reference: "WSS.0331.9.2013",
        bzp: "",
        title: "Zapewnienie poczęstunku podczas szkolenia dla podmiotów ekonomii społecznej",
        from_brochure: false,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Spraw Społecznych",
        estimated: 180_000,
        contract: Some(171_000),
        notice: date(2013, 9, 9),
        offers: Some(date(2013, 9, 16)),
        signed: Some(date(2013, 9, 19)),
        clauses: ART29_UNEMPLOYED,
        achieved: Some(1),
        winner: Winner::Directory("Fundacja ALMA"),
        status: Completed,
    },
    Entry {
        reference: "WGK.0331.18.2013",
        bzp: "",
        title: "Sprzątanie terenu po imprezach plenerowych w parku na Bydgoskim Przedmieściu",
        from_brochure: false,
        kind: Services,
        procedure: Enquiry,
        act: Pzp2004,
        threshold: Below,
        unit: "Wydział Gospodarki Komunalnej",
        estimated: 1_500_000,
        contract: Some(1_420_000),
        notice: date(2013, 6, 3),
        offers: Some(date(2013, 6, 10)),
        signed: Some(date(2013, 6, 14)),
        clauses: &[(B::Pzp2004Art29, G::Unemployed, Some(2), None, Some(3))],
        achieved: Some(2),
        winner: Winner::Cooperative,
        status: Completed,
    },
    Entry {
        reference: "WZP.271.1.64.2025",
        bzp: "2025/BZP 00381542/01",
        title: "Sprzątanie budynków Urzędu Miasta przy ul. Wały gen. Sikorskiego i ul. Grudziądzkiej",
        from_brochure: false,
        kind: Services,
        procedure: BasicMode,
        act: Pzp2019,
        threshold: Above,
        unit: "Wydział Administracyjny",
        estimated: 86_000_000,
        contract: Some(81_240_000),
        notice: date(2025, 6, 9),
        offers: Some(date(2025, 6, 24)),
        signed: Some(date(2025, 8, 1)),
        clauses: &[
            (B::Art95, G::Employees, None, Some(100), Some(24)),
            (B::Art96A, G::Unemployed, Some(2), None, Some(24)),
        ],
        achieved: None,
        winner: Winner::Cooperative,
        status: InProgress,
    },
    Entry {
        reference: "WZP.271.1.12.2026",
        bzp: "2026/BZP 00104277/01",
        title: "Przygotowanie i dostarczanie posiłków na spotkania rad osiedli – zamówienie zastrzeżone",
        from_brochure: false,
        kind: Services,
        procedure: BasicMode,
        act: Pzp2019,
        threshold: Above,
        unit: "Wydział Spraw Społecznych",
        estimated: 18_000_000,
        contract: None,
        notice: date(2026, 2, 16),
        offers: Some(date(2026, 3, 3)),
        signed: None,
        clauses: &[(B::Art94, G::SociallyExcluded, None, Some(30), None)],
        achieved: None,
        winner: Winner::Nobody,
        status: Announced,
    },
];

fn notes(entry: &Entry) -> String {
    let year = entry.notice.year();
    if year == 2013 {
        let from = if entry.from_brochure {
            "nazwa zamówienia, tryb i klasa progu pochodzą z broszury programu z 2014 r."
        } else {
            "broszura programu z 2014 r. podaje liczbę takich zamówień (4 przetargi nieograniczone powyżej 14 000 euro i 8 zapytań ofertowych poniżej tej kwoty); nazwa tego zamówienia jest przykładowa."
        };
        format!(
            "Dane demonstracyjne: {from} Znak sprawy, numer ogłoszenia, wartości, daty, wykonawca i efekty są przykładowe."
        )
    } else {
        "Dane demonstracyjne: przykładowe zamówienie według Pzp 2019; wszystkie dane (numery, wartości, daty, wykonawca) są zmyślone.".to_string()
    }
}

fn contractor(winner: Winner, orgs: &[Organization]) -> Option<Contractor> {
    let linked = |org: Option<&Organization>| {
        org.map(|o| Contractor {
            name: o.name.clone(),
            nip: None,
            organization: Some(o.id),
            pes: true,
        })
    };
    match winner {
        Winner::Directory(name) => linked(orgs.iter().find(|o| o.name == name)),
        Winner::Cooperative => linked(
            orgs.iter()
                .find(|o| o.legal_form == LegalForm::SocialCooperative),
        ),
        Winner::Company(name) => Some(Contractor {
            name: name.to_string(),
            nip: None,
            organization: None,
            pes: false,
        }),
        Winner::Nobody => None,
    }
}

/// The demo procurements; winners named in the demo directory are linked to `orgs` (stored
/// organisations, with ids). A winner missing from `orgs` is left out of the record.
pub fn procurements(orgs: &[Organization], now: Timestamp) -> Vec<Procurement> {
    ENTRIES
        .iter()
        .map(|e| {
            let clauses = e
                .clauses
                .iter()
                .map(|&(basis, group, people, percent, months)| {
                    let done = e.status == Completed;
                    Clause {
                        basis,
                        target_group: group,
                        required_people: people,
                        required_percent: percent,
                        months,
                        committed: commitment(group, people, percent, months),
                        achieved: if done {
                            "Wykonawca wykazał zatrudnienie wymaganych osób przez cały okres umowy (dane przykładowe).".to_string()
                        } else {
                            String::new()
                        },
                        achieved_people: if done && e.clauses.len() == 1 {
                            e.achieved
                        } else {
                            None
                        },
                    }
                })
                .collect();
            let mut contractor = contractor(e.winner, orgs);
            if matches!(e.winner, Winner::Directory(_) | Winner::Cooperative) && contractor.is_none()
            {
                contractor = Some(Contractor {
                    name: "Spółdzielnia socjalna (dane przykładowe)".to_string(),
                    nip: None,
                    organization: None,
                    pes: true,
                });
            }
            Procurement {
                id: ProcurementId(0),
                slug: slugify(e.reference),
                reference: e.reference.to_string(),
                bzp_number: e.bzp.to_string(),
                title: e.title.to_string(),
                kind: e.kind,
                procedure: e.procedure,
                act: e.act,
                threshold: e.threshold,
                unit: e.unit.to_string(),
                estimated_value: Some(e.estimated),
                contract_value: e.contract,
                notice_date: e.notice,
                offers_deadline: e.offers,
                contract_date: e.signed,
                clauses,
                contractor,
                status: e.status,
                source_url: None,
                notes: notes(e),
                created: now,
                updated: now,
                author: None,
                demo: true,
            }
        })
        .collect()
}

fn commitment(
    group: TargetGroup,
    people: Option<u32>,
    percent: Option<u8>,
    months: Option<u32>,
) -> String {
    let who = group.label().to_lowercase();
    let how_many = match (people, percent) {
        (Some(n), _) => format!(
            "{n} {}",
            crate::text::plural::plural(u64::from(n), "osoba", "osoby", "osób")
        ),
        (None, Some(p)) => format!("{p}\u{a0}% osób wykonujących zamówienie"),
        (None, None) => "osób".to_string(),
    };
    match months {
        Some(m) => format!(
            "Zatrudnienie przy realizacji zamówienia: {how_many} z grupy „{who}” przez {m} {}.",
            crate::text::plural::plural(u64::from(m), "miesiąc", "miesiące", "miesięcy")
        ),
        None => format!(
            "Udział w realizacji zamówienia: {how_many} z grupy „{who}” przez cały okres umowy."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organization::OrgId;
    use crate::domain::procurement_stats::statistics;

    #[test]
    fn the_brochure_figures_hold_and_every_record_is_a_valid_demo() {
        let orgs: Vec<Organization> = crate::demo::organizations(40, crate::demo::DEFAULT_SEED)
            .into_iter()
            .enumerate()
            .map(|(i, mut o)| {
                o.id = OrgId(i as u64 + 1);
                o
            })
            .collect();
        let records = procurements(&orgs, 1);
        let of_2013: Vec<&Procurement> = records.iter().filter(|p| p.year() == 2013).collect();
        assert_eq!(of_2013.len(), 12);
        let above = of_2013
            .iter()
            .filter(|p| p.threshold == Above && p.procedure == OpenTender)
            .count();
        let below = of_2013
            .iter()
            .filter(|p| p.threshold == Below && p.procedure == Enquiry)
            .count();
        assert_eq!((above, below), (4, 8));
        for p in &records {
            assert!(p.demo && p.notes.starts_with("Dane demonstracyjne:"));
            assert!(
                p.clauses.iter().all(|c| c.basis.act() == p.act),
                "{}",
                p.title
            );
            assert!(
                p.bzp_number.is_empty()
                    || crate::domain::procurement::bzp_style(&p.bzp_number) == Some(p.act)
            );
        }
        let linked = records
            .iter()
            .filter(|p| {
                p.contractor
                    .as_ref()
                    .is_some_and(|c| c.organization.is_some())
            })
            .count();
        assert!(linked >= 5, "{linked}");
        assert!(
            records
                .iter()
                .any(|p| p.contractor.as_ref().is_some_and(|c| !c.pes))
        );
        assert_eq!(statistics(&records).by_year[&2013].all.count, 12);
    }
}
