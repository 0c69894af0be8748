//! Assembles generated organisation records.

use std::collections::HashSet;

use super::descriptions;
use super::identifiers;
use super::names::{self, ChurchKind, Name};
use super::rng::Rng;
use super::streets::{self, D, M_PER_DEG_LAT, M_PER_DEG_LON, STREETS, Street};
use super::themes::{self, Theme};
use crate::domain::geo::GeoPoint;
use crate::domain::organization::{
    Address, Area, Contact, LegalForm, OrgId, Organization, Statuses, TargetGroup,
};
use crate::domain::slug::slugify;
use crate::domain::{RecordState, Timestamp};

/// Roughly the mix of a Polish city's register of social economy entities (per mille).
const FORMS: &[(LegalForm, u32)] = &[
    (LegalForm::Association, 380),
    (LegalForm::Foundation, 260),
    (LegalForm::SportsClub, 85),
    (LegalForm::SocialCooperative, 80),
    (LegalForm::ChurchOrganization, 30),
    (LegalForm::RuralWomenCircle, 30),
    (LegalForm::Wtz, 30),
    (LegalForm::Kis, 20),
    (LegalForm::NonProfitCompany, 20),
    (LegalForm::Cis, 15),
    (LegalForm::Zaz, 15),
    (LegalForm::WorkCooperative, 10),
    (LegalForm::DisabledCooperative, 8),
    (LegalForm::LocalGovernmentAssociation, 2),
];

const ASSOCIATION_THEMES: &[(&Theme, u32)] = &[
    (&themes::DISABILITY, 10),
    (&themes::SENIORS, 9),
    (&themes::CHILDREN_YOUTH, 10),
    (&themes::CULTURE, 10),
    (&themes::SPORT, 5),
    (&themes::ENVIRONMENT, 5),
    (&themes::LOCAL_DEVELOPMENT, 8),
    (&themes::ADDICTION, 4),
    (&themes::HOMELESSNESS, 3),
    (&themes::LABOUR_MARKET, 4),
    (&themes::HEALTH, 6),
    (&themes::MIGRANTS, 2),
    (&themes::FAMILIES, 6),
    (&themes::NGO_SUPPORT, 3),
    (&themes::CATERING, 1),
    (&themes::CRAFTS, 2),
];

const FOUNDATION_THEMES: &[(&Theme, u32)] = &[
    (&themes::DISABILITY, 10),
    (&themes::SENIORS, 5),
    (&themes::CHILDREN_YOUTH, 10),
    (&themes::CULTURE, 8),
    (&themes::SPORT, 3),
    (&themes::ENVIRONMENT, 5),
    (&themes::LOCAL_DEVELOPMENT, 4),
    (&themes::ADDICTION, 3),
    (&themes::HOMELESSNESS, 3),
    (&themes::LABOUR_MARKET, 6),
    (&themes::HEALTH, 7),
    (&themes::MIGRANTS, 3),
    (&themes::FAMILIES, 6),
    (&themes::NGO_SUPPORT, 5),
    (&themes::CARE, 2),
    (&themes::CRAFTS, 1),
];

const SOCIAL_COOPERATIVE_THEMES: &[(&Theme, u32)] = &[
    (&themes::CATERING, 6),
    (&themes::CLEANING, 5),
    (&themes::CONSTRUCTION, 4),
    (&themes::CRAFTS, 3),
    (&themes::CARE, 4),
    (&themes::CHILDREN_YOUTH, 1),
    (&themes::CULTURE, 1),
];

const WORK_COOPERATIVE_THEMES: &[(&Theme, u32)] = &[
    (&themes::CONSTRUCTION, 4),
    (&themes::CRAFTS, 3),
    (&themes::CATERING, 2),
    (&themes::CLEANING, 2),
];

const DISABLED_COOPERATIVE_THEMES: &[(&Theme, u32)] = &[
    (&themes::CRAFTS, 3),
    (&themes::CLEANING, 2),
    (&themes::CATERING, 1),
];

const NONPROFIT_THEMES: &[(&Theme, u32)] = &[
    (&themes::LABOUR_MARKET, 3),
    (&themes::CARE, 3),
    (&themes::NGO_SUPPORT, 2),
    (&themes::CATERING, 1),
    (&themes::CHILDREN_YOUTH, 1),
];

fn theme_for(rng: &mut Rng, form: LegalForm) -> &'static Theme {
    match form {
        LegalForm::Association => rng.weighted(ASSOCIATION_THEMES),
        LegalForm::Foundation => rng.weighted(FOUNDATION_THEMES),
        LegalForm::SportsClub => &themes::SPORT,
        LegalForm::SocialCooperative => rng.weighted(SOCIAL_COOPERATIVE_THEMES),
        LegalForm::WorkCooperative => rng.weighted(WORK_COOPERATIVE_THEMES),
        LegalForm::DisabledCooperative => rng.weighted(DISABLED_COOPERATIVE_THEMES),
        LegalForm::NonProfitCompany => rng.weighted(NONPROFIT_THEMES),
        LegalForm::Cis => &themes::REINTEGRATION,
        LegalForm::Kis => &themes::INTEGRATION_CLUB,
        LegalForm::Wtz => &themes::THERAPY,
        LegalForm::Zaz => &themes::VOCATIONAL,
        LegalForm::RuralWomenCircle => &themes::RURAL,
        LegalForm::LocalGovernmentAssociation => &themes::LOCAL_DEVELOPMENT,
        // Decided by the name (see `church_theme`); this is only what the name is drawn with.
        LegalForm::ChurchOrganization => &themes::FAMILIES,
    }
}

fn church_theme(rng: &mut Rng, name: &str) -> &'static Theme {
    match names::church_kind(name) {
        ChurchKind::Youth => &themes::CHILDREN_YOUTH,
        ChurchKind::Sobriety => &themes::ADDICTION,
        ChurchKind::Families => &themes::FAMILIES,
        ChurchKind::Charity => {
            rng.pick(&[&themes::HOMELESSNESS, &themes::FAMILIES, &themes::SENIORS])
        }
    }
}

/// Earliest year an organisation of this form could have been founded.
fn earliest_year(form: LegalForm) -> i32 {
    match form {
        LegalForm::Association | LegalForm::LocalGovernmentAssociation => 1989,
        LegalForm::Foundation | LegalForm::ChurchOrganization => 1990,
        LegalForm::SportsClub => 1975,
        // The act on social cooperatives dates from 2006, CIS and KIS from 2003.
        LegalForm::SocialCooperative => 2006,
        LegalForm::Cis | LegalForm::Kis => 2004,
        LegalForm::WorkCooperative => 1960,
        LegalForm::DisabledCooperative => 1955,
        LegalForm::Wtz => 1992,
        LegalForm::Zaz => 1999,
        LegalForm::NonProfitCompany => 2004,
        LegalForm::RuralWomenCircle => 1960,
    }
}

/// Probabilities of OPP status, przedsiębiorstwo społeczne status and the prosocial label.
fn status_odds(form: LegalForm) -> (f64, f64, f64) {
    match form {
        LegalForm::Association | LegalForm::Foundation => (0.28, 0.015, 0.025),
        LegalForm::SportsClub => (0.10, 0.0, 0.0),
        LegalForm::ChurchOrganization => (0.15, 0.0, 0.0),
        LegalForm::NonProfitCompany => (0.20, 0.5, 0.3),
        LegalForm::SocialCooperative => (0.0, 0.5, 0.35),
        LegalForm::WorkCooperative | LegalForm::DisabledCooperative => (0.0, 0.4, 0.35),
        LegalForm::Cis => (0.0, 0.4, 0.3),
        LegalForm::Zaz => (0.0, 0.5, 0.3),
        LegalForm::Kis => (0.0, 0.2, 0.0),
        LegalForm::Wtz => (0.0, 0.0, 0.15),
        LegalForm::RuralWomenCircle => (0.0, 0.0, 0.05),
        LegalForm::LocalGovernmentAssociation => (0.0, 0.0, 0.0),
    }
}

/// Whether organisations of this form usually appear in the National Court Register.
fn krs_odds(form: LegalForm) -> f64 {
    match form {
        LegalForm::Association
        | LegalForm::Foundation
        | LegalForm::SocialCooperative
        | LegalForm::WorkCooperative
        | LegalForm::DisabledCooperative
        | LegalForm::NonProfitCompany
        | LegalForm::LocalGovernmentAssociation => 0.97,
        LegalForm::SportsClub => 0.6,
        // Units report their parent body's number, when they give one at all.
        LegalForm::Cis | LegalForm::Kis | LegalForm::Wtz | LegalForm::Zaz => 0.5,
        LegalForm::RuralWomenCircle => 0.3,
        LegalForm::ChurchOrganization => 0.1,
    }
}

fn contact_roles(form: LegalForm) -> &'static [&'static str] {
    match form {
        LegalForm::Association => &[
            "Biuro stowarzyszenia",
            "Prezes zarządu",
            "Sekretarz zarządu",
            "Koordynator wolontariatu",
        ],
        LegalForm::Foundation => &[
            "Biuro fundacji",
            "Prezes fundacji",
            "Koordynatorka projektów",
        ],
        LegalForm::SportsClub => &["Biuro klubu", "Trener koordynator", "Prezes klubu"],
        LegalForm::SocialCooperative
        | LegalForm::WorkCooperative
        | LegalForm::DisabledCooperative => &[
            "Biuro spółdzielni",
            "Prezes spółdzielni",
            "Dział obsługi klienta",
        ],
        LegalForm::Cis => &["Sekretariat centrum", "Kierownik centrum"],
        LegalForm::Kis => &["Kierownik klubu", "Biuro klubu"],
        LegalForm::Wtz => &["Kierownik warsztatu", "Sekretariat warsztatu"],
        LegalForm::Zaz => &["Dyrektor zakładu", "Biuro obsługi zamówień"],
        LegalForm::ChurchOrganization => &["Kancelaria parafialna", "Koordynator wolontariuszy"],
        LegalForm::NonProfitCompany => &["Biuro spółki", "Prezes zarządu"],
        LegalForm::RuralWomenCircle => &["Przewodnicząca koła"],
        LegalForm::LocalGovernmentAssociation => &["Biuro stowarzyszenia", "Dyrektor biura"],
    }
}

/// The word an internet domain of this form often starts with ("fundacja-przystan").
fn domain_prefix(form: LegalForm) -> &'static str {
    match form {
        LegalForm::Association | LegalForm::LocalGovernmentAssociation => "stowarzyszenie",
        LegalForm::Foundation => "fundacja",
        LegalForm::SportsClub => "klub",
        LegalForm::SocialCooperative
        | LegalForm::WorkCooperative
        | LegalForm::DisabledCooperative => "spoldzielnia",
        LegalForm::Cis => "cis",
        LegalForm::Kis => "kis",
        LegalForm::Wtz => "wtz",
        LegalForm::Zaz => "zaz",
        LegalForm::ChurchOrganization => "parafia",
        LegalForm::NonProfitCompany => "spolka",
        LegalForm::RuralWomenCircle => "kgw",
    }
}

// Timestamps (UTC seconds) bounding the demo history.
const DAY: i64 = 86_400;
/// 2013-01-15, the platform's first day.
const FIRST_DAY: i64 = 1_358_208_000 / DAY;
/// 2014-12-31, the end of the original project's testing.
const PILOT_LAST_DAY: i64 = 1_419_984_000 / DAY;
/// 2025-12-31.
const LAST_CREATED_DAY: i64 = 1_767_139_200 / DAY;
/// 2026-11-20 18:00, the latest update.
const LAST_UPDATE: Timestamp = 1_795_132_800 + 18 * 3_600;

/// Records the generator has handed out, to keep names, slugs and registry numbers unique.
#[derive(Default)]
pub struct Taken {
    names: HashSet<String>,
    slugs: HashSet<String>,
    domains: HashSet<String>,
    numbers: HashSet<String>,
}

impl Taken {
    pub fn add(&mut self, org: &Organization) {
        self.names.insert(org.name.clone());
        self.slugs.insert(org.slug.clone());
        for number in [&org.krs, &org.nip, &org.regon].into_iter().flatten() {
            self.numbers.insert(number.clone());
        }
        if let Some(domain) = org.contact.email.as_deref().and_then(|e| e.split_once('@')) {
            self.domains
                .insert(domain.1.trim_end_matches(".example").to_string());
        }
    }

    fn unique_number(&mut self, rng: &mut Rng, mut make: impl FnMut(&mut Rng) -> String) -> String {
        loop {
            let number = make(rng);
            if self.numbers.insert(number.clone()) {
                return number;
            }
        }
    }
}

/// A point within the street's jitter radius of its reference point, rounded to 6 decimals.
/// Rejection sampling keeps the arithmetic to + and ×, so results are identical everywhere.
pub fn jitter(rng: &mut Rng, street: &Street) -> GeoPoint {
    let (x, y) = loop {
        let x = rng.unit() * 2.0 - 1.0;
        let y = rng.unit() * 2.0 - 1.0;
        if x * x + y * y <= 1.0 {
            break (x, y);
        }
    };
    let round = |v: f64| (v * 1e6).round() / 1e6;
    GeoPoint {
        lat: round(street.lat + y * street.jitter_m / M_PER_DEG_LAT),
        lon: round(street.lon + x * street.jitter_m / M_PER_DEG_LON),
    }
}

fn house_number(rng: &mut Rng, street: &Street) -> String {
    let mut number = rng.range(1, i64::from(street.max_number)).to_string();
    if rng.chance(0.12) {
        number.push(rng.pick(&['a', 'b', 'c']));
    }
    if rng.chance(0.25) {
        number.push_str(&format!("/{}", rng.range(1, 40)));
    }
    number
}

fn pick_list<T: Copy>(rng: &mut Rng, all: &[T], core: usize) -> Vec<T> {
    let optional = &all[core..];
    let room = 3 - core.min(3);
    let extra = rng.below(room.min(optional.len()) as u64 + 1) as usize;
    let mut out: Vec<T> = all[..core].to_vec();
    for i in rng.distinct_indices(optional.len(), extra) {
        out.push(optional[i]);
    }
    out
}

fn areas_and_groups(
    rng: &mut Rng,
    form: LegalForm,
    theme: &Theme,
    name: &str,
) -> (Vec<Area>, Vec<TargetGroup>) {
    let mut areas = pick_list(rng, theme.areas, theme.core_areas);
    let mut groups = pick_list(rng, theme.groups, theme.core_groups);
    let disability_first = form == LegalForm::DisabledCooperative
        || (form == LegalForm::SportsClub && name.starts_with("Integracyjny"));
    if disability_first {
        areas.retain(|a| *a != Area::Disability);
        areas.insert(0, Area::Disability);
        areas.truncate(3);
        groups.retain(|g| *g != TargetGroup::Disabled);
        groups.insert(0, TargetGroup::Disabled);
        groups.truncate(3);
    }
    (areas, groups)
}

fn domain_for(
    rng: &mut Rng,
    taken: &mut Taken,
    form: LegalForm,
    name: &Name,
    district: D,
) -> String {
    let base = match name.key {
        Some(key) => {
            let key = slugify(key);
            if rng.chance(0.5) {
                format!("{}-{key}", domain_prefix(form))
            } else {
                key
            }
        }
        None => {
            // Initials of the capitalised words: "Stowarzyszenie Aktywnych Seniorów" → "sas".
            let initials: String = name
                .full
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .flat_map(crate::text::fold::fold_char)
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if initials.len() >= 2 {
                format!("{initials}-torun")
            } else {
                format!("{}-torun", domain_prefix(form))
            }
        }
    };
    let district_slug = slugify(district.info().name);
    let mut candidates = vec![
        base.clone(),
        format!("{base}-torun"),
        format!("{base}-{district_slug}"),
    ];
    candidates.dedup();
    for candidate in candidates {
        if taken.domains.insert(candidate.clone()) {
            return candidate;
        }
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}{n}");
        if taken.domains.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The name and slug, both unique: retries the name a few times, then numbers it.
fn unique_name(
    rng: &mut Rng,
    taken: &mut Taken,
    form: LegalForm,
    theme: &Theme,
    district: D,
) -> (Name, String) {
    let free = |taken: &Taken, full: &str| {
        !taken.names.contains(full) && !taken.slugs.contains(&slugify(full))
    };
    let mut name = names::generate(rng, form, theme, district);
    for _ in 0..20 {
        if free(taken, &name.full) {
            break;
        }
        name = names::generate(rng, form, theme, district);
    }
    if !free(taken, &name.full) {
        // Organisations with the same name tell themselves apart by place, as real ones do.
        let d = district.info();
        let variants = [
            format!("{} {}", name.full, d.locative),
            format!("{} w Toruniu", name.full),
        ];
        let ends_with_place = name.full.ends_with(d.locative) || name.full.ends_with("w Toruniu");
        if let Some(v) = variants
            .into_iter()
            .find(|v| !ends_with_place && free(taken, v))
        {
            name.full = v;
        }
    }
    let base = name.full.clone();
    let mut n = 2;
    while taken.names.contains(&name.full) {
        name.full = format!("{base} ({n})");
        n += 1;
    }
    let mut slug = slugify(&name.full);
    if taken.slugs.contains(&slug) {
        // Long names are cut to 80 characters in the slug, so a number may need its own room.
        let stem: String = slug.chars().take(72).collect();
        let stem = stem.trim_end_matches('-').to_string();
        let mut n = 2;
        while taken.slugs.contains(&slug) {
            slug = format!("{stem}-{n}");
            n += 1;
        }
    }
    taken.names.insert(name.full.clone());
    taken.slugs.insert(slug.clone());
    (name, slug)
}

fn year_of(t: Timestamp) -> i32 {
    jiff::Timestamp::from_second(t)
        .map(|ts| i32::from(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).year()))
        .unwrap_or(2013)
}

fn label_until(rng: &mut Rng) -> jiff::civil::Date {
    let year = rng.range(2024, 2028) as i16;
    let month = rng.range(1, 12) as i8;
    jiff::civil::date(year, month, 1).last_of_month()
}

/// One generated organisation.
pub fn generate(rng: &mut Rng, taken: &mut Taken, rural: &[&'static Street]) -> Organization {
    let form = rng.weighted(FORMS);
    let street: &Street = if form == LegalForm::RuralWomenCircle {
        rural[rng.index(rural.len())]
    } else {
        &STREETS[rng.index(STREETS.len())]
    };
    let district = street.district;
    let mut theme = theme_for(rng, form);
    let (name, slug) = unique_name(rng, taken, form, theme, district);
    if form == LegalForm::ChurchOrganization {
        theme = church_theme(rng, &name.full);
    }

    let created_day = if rng.chance(0.35) {
        rng.range(FIRST_DAY, PILOT_LAST_DAY)
    } else {
        rng.range(PILOT_LAST_DAY + 1, LAST_CREATED_DAY)
    };
    let created = created_day * DAY + rng.range(6 * 3_600, 18 * 3_600);
    let updated = created + rng.range(0, LAST_UPDATE - created);
    let founded = rng.range(i64::from(earliest_year(form)), i64::from(year_of(created))) as i32;

    let (opp, social, label) = status_odds(form);
    let statuses = Statuses {
        opp: rng.chance(opp),
        social_enterprise: rng.chance(social),
        prosocial_label_until: rng.chance(label).then(|| label_until(rng)),
    };

    let krs = rng.chance(krs_odds(form)).then(|| {
        let year = if founded < 2001 {
            2001 + rng.range(0, 3) as i32
        } else {
            founded
        };
        taken.unique_number(rng, |r| identifiers::krs(r, year))
    });
    let nip_odds = if form == LegalForm::RuralWomenCircle {
        0.5
    } else {
        0.9
    };
    let nip = rng
        .chance(nip_odds)
        .then(|| taken.unique_number(rng, identifiers::nip));
    let regon = rng
        .chance(0.95)
        .then(|| taken.unique_number(rng, identifiers::regon));

    let domain = domain_for(rng, taken, form, &name, district);
    let contact = Contact {
        phone: rng.chance(0.95).then(|| identifiers::phone(rng)),
        email: rng.chance(0.92).then(|| {
            let mailbox = rng.pick(&["biuro", "biuro", "kontakt", "sekretariat", "info", "zarzad"]);
            format!("{mailbox}@{domain}.example")
        }),
        website: rng.chance(0.65).then(|| {
            if rng.chance(0.6) {
                format!("https://www.{domain}.example")
            } else {
                format!("https://{domain}.example")
            }
        }),
        person: rng
            .chance(0.85)
            .then(|| rng.pick(contact_roles(form)).to_string()),
    };

    let (areas, target_groups) = areas_and_groups(rng, form, theme, &name.full);
    let description = descriptions::describe(rng, form, theme, district.info(), founded, &statuses);
    let geo = jitter(rng, street);
    let address = Address {
        street: format!("{} {}", street.name, house_number(rng, street)),
        postal_code: "87-100".to_string(),
        city: "Toruń".to_string(),
    };

    Organization {
        id: OrgId(0),
        slug,
        name: name.full,
        legal_form: form,
        krs,
        nip,
        regon,
        address,
        district: district.info().name.to_string(),
        geo: Some(geo),
        contact,
        description,
        areas,
        target_groups,
        statuses,
        state: RecordState::Published,
        created,
        updated,
        author: None,
        demo: true,
        logo: None,
    }
}

/// Streets where a rural women's circle may have its seat.
pub fn rural_streets() -> Vec<&'static Street> {
    streets::rural_streets()
}
