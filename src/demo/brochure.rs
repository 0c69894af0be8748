//! The organisations named in the 2014 brochure of the original PES-TOR platform.
//!
//! Their names, legal forms and what the brochure says about them are real; where the brochure
//! gives no address or registry numbers, plausible ones stand in (every demo record is marked
//! `demo`, and e-mail and web addresses use the reserved `.example` domain).

use super::identifiers;
use super::rng::Rng;
use super::streets::{self, D};
use crate::domain::organization::{
    Address, Area, Contact, LegalForm, OrgId, Organization, Statuses, TargetGroup,
};
use crate::domain::slug::slugify;
use crate::domain::{RecordState, Timestamp};

struct Named {
    name: &'static str,
    form: LegalForm,
    street: &'static str,
    district: D,
    number: &'static str,
    phone: Option<&'static str>,
    domain: &'static str,
    mailbox: &'static str,
    person: &'static str,
    description: &'static str,
    areas: &'static [Area],
    groups: &'static [TargetGroup],
    founded: i32,
    created: Timestamp,
    updated: Timestamp,
}

const NAMED: &[Named] = &[
    Named {
        name: "CISTOR Stowarzyszenie Partnerstwo Społeczne",
        form: LegalForm::Association,
        street: "ul. Stokrotkowa",
        district: D::NaSkarpie,
        number: "22",
        phone: Some("56 654 92 79"),
        domain: "cistorsps.example",
        mailbox: "cistor",
        person: "Biuro stowarzyszenia",
        description: "Stowarzyszenie wspiera rozwój ekonomii społecznej w Toruniu: doradza organizacjom pozarządowym i spółdzielniom socjalnym, prowadzi szkolenia i działa na rzecz osób zagrożonych wykluczeniem. W latach 2012–2015 było liderem projektu „Toruński program współpracy instytucji ekonomii społecznej z administracją lokalną jako szansa na stabilne funkcjonowanie PES”, realizowanego z Gminą Miasta Toruń i samorządem Lejdy. W ramach projektu powstały Platforma PES-TOR oraz Program współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej na lata 2013–2014.",
        areas: &[Area::LocalDevelopment, Area::LabourMarket, Area::Education],
        groups: &[
            TargetGroup::Ngos,
            TargetGroup::Unemployed,
            TargetGroup::Excluded,
        ],
        founded: 2004,
        // 2013-01-15 09:00 and 2014-07-31 12:00 (UTC): the platform's launch and evaluation.
        created: 1_358_240_400,
        updated: 1_406_808_000,
    },
    Named {
        name: "Stowarzyszenie Pomocy Dzieciom Niepełnosprawnym i Osobom Potrzebującym Wsparcia „JESTEM”",
        form: LegalForm::Association,
        street: "ul. Kościuszki",
        district: D::Mokre,
        number: "59",
        phone: None,
        domain: "jestem-torun.example",
        mailbox: "biuro",
        person: "Biuro stowarzyszenia",
        description: "Stowarzyszenie pomaga dzieciom z niepełnosprawnościami i ich rodzinom, a także dorosłym, którzy potrzebują wsparcia w codziennym życiu. Prowadzi zajęcia terapeutyczne i rehabilitacyjne oraz rozwija działalność, z której dochód wspiera podopiecznych. W 2013 r. założyciel stowarzyszenia otrzymał wyróżnienie w Nagrodzie Prezydenta Miasta Torunia w kategorii „Przedsiębiorczość i ekonomia społeczna”.",
        areas: &[
            Area::Disability,
            Area::ChildrenYouth,
            Area::SocialAssistance,
        ],
        groups: &[
            TargetGroup::Disabled,
            TargetGroup::Children,
            TargetGroup::Families,
        ],
        founded: 2002,
        // 2013-01-21 10:00, 2016-03-14 13:00.
        created: 1_358_762_400,
        updated: 1_457_960_400,
    },
    Named {
        name: "Fundacja ALMA",
        form: LegalForm::Foundation,
        street: "ul. Mickiewicza",
        district: D::Bydgoskie,
        number: "54",
        phone: None,
        domain: "fundacja-alma.example",
        mailbox: "kontakt",
        person: "Biuro fundacji",
        description: "Fundacja działa na rzecz mieszkańców Torunia zagrożonych wykluczeniem społecznym i współpracuje z innymi podmiotami ekonomii społecznej w mieście. W marcu 2013 r. gościła, razem ze Stowarzyszeniem Św. Łukasza, uczestników wizyty studyjnej Programu współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej.",
        areas: &[Area::SocialAssistance, Area::LabourMarket],
        groups: &[TargetGroup::Excluded],
        founded: 2008,
        // 2013-02-04 11:00, 2015-05-20 09:30.
        created: 1_359_975_600,
        updated: 1_432_114_200,
    },
    Named {
        name: "Stowarzyszenie Św. Łukasza",
        form: LegalForm::Association,
        street: "ul. Legionów",
        district: D::Mokre,
        number: "70",
        phone: None,
        domain: "swlukasz.example",
        mailbox: "biuro",
        person: "Biuro stowarzyszenia",
        description: "Stowarzyszenie działa w obszarze ochrony zdrowia i pomocy społecznej, wspierając osoby chore i ich rodziny. W marcu 2013 r. przyjęło, razem z Fundacją ALMA, uczestników wizyty studyjnej Programu współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej.",
        areas: &[Area::Health, Area::SocialAssistance],
        groups: &[TargetGroup::Families, TargetGroup::Excluded],
        founded: 1999,
        // 2013-02-11 08:30, 2014-11-03 10:00.
        created: 1_360_571_400,
        updated: 1_415_008_800,
    },
    Named {
        name: "AIESEC Toruń",
        form: LegalForm::Association,
        street: "ul. Gagarina",
        district: D::Bielany,
        number: "13",
        phone: None,
        domain: "aiesec-torun.example",
        mailbox: "torun",
        person: "Zarząd komitetu lokalnego",
        description: "Toruński komitet lokalny międzynarodowej organizacji studenckiej AIESEC, działający przy Uniwersytecie Mikołaja Kopernika. Studenci organizują zagraniczne praktyki i wolontariat, projekty rozwijające kompetencje liderskie oraz warsztaty dla młodzieży szkolnej. W czerwcu 2013 r. organizacja przyjęła wizytę studyjną w ramach Programu współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej.",
        areas: &[Area::Education, Area::ChildrenYouth, Area::LabourMarket],
        groups: &[TargetGroup::Youth],
        founded: 1991,
        // 2013-03-05 15:00, 2019-10-01 12:00.
        created: 1_362_495_600,
        updated: 1_569_931_200,
    },
    Named {
        name: "Towarzystwo „Powrót z U”",
        form: LegalForm::Association,
        street: "ul. Szosa Lubicka",
        district: D::Rubinkowo,
        number: "18",
        phone: None,
        domain: "powrotzu-torun.example",
        mailbox: "torun",
        person: "Biuro Towarzystwa",
        description: "Towarzystwo pomaga osobom uzależnionym i ich rodzinom: prowadzi poradnictwo, terapię i programy readaptacji społecznej. Pomaga też osobom po zakończonej terapii w powrocie do samodzielnego życia. We wrześniu 2013 r. w Towarzystwie odbyła się wizyta studyjna w ramach Programu współpracy Gminy Miasta Toruń z podmiotami ekonomii społecznej.",
        areas: &[Area::Addiction, Area::Health, Area::SocialAssistance],
        groups: &[
            TargetGroup::Addicted,
            TargetGroup::Families,
            TargetGroup::Excluded,
        ],
        founded: 1992,
        // 2013-03-18 09:00, 2017-06-26 14:00.
        created: 1_363_597_200,
        updated: 1_498_485_600,
    },
];

/// Names of the brochure's organisations, in the order they come first in the demo data.
pub fn names() -> impl Iterator<Item = &'static str> {
    NAMED.iter().map(|n| n.name)
}

/// The brochure's organisations: the same records whatever the seed.
pub fn organizations() -> Vec<Organization> {
    NAMED
        .iter()
        .enumerate()
        .map(|(i, n)| {
            // A fixed generator per record keeps these identical across seeds and counts.
            let mut rng = Rng::new(0x5045_5354_4f52_0000 + i as u64);
            let street = streets::find(n.street, n.district)
                .expect("brochure organisations use listed streets");
            let geo = super::organizations::jitter(&mut rng, street);
            Organization {
                id: OrgId(0),
                slug: slugify(n.name),
                name: n.name.to_string(),
                legal_form: n.form,
                krs: Some(identifiers::krs(&mut rng, n.founded.max(2001))),
                nip: Some(identifiers::nip(&mut rng)),
                regon: Some(identifiers::regon(&mut rng)),
                address: Address {
                    street: format!("{} {}", n.street, n.number),
                    postal_code: "87-100".to_string(),
                    city: "Toruń".to_string(),
                },
                district: n.district.info().name.to_string(),
                geo: Some(geo),
                contact: Contact {
                    phone: Some(match n.phone {
                        Some(phone) => phone.to_string(),
                        None => identifiers::phone(&mut rng),
                    }),
                    email: Some(format!("{}@{}", n.mailbox, n.domain)),
                    website: Some(format!("https://www.{}", n.domain)),
                    person: Some(n.person.to_string()),
                },
                description: n.description.to_string(),
                areas: n.areas.to_vec(),
                target_groups: n.groups.to_vec(),
                statuses: Statuses::default(),
                state: RecordState::Published,
                created: n.created,
                updated: n.updated,
                author: None,
                demo: true,
                logo: None,
            }
        })
        .collect()
}
