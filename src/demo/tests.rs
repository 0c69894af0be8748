use std::collections::HashSet;

use super::streets::{Bank, DISTRICTS, STREETS};
use super::*;
use crate::domain::RecordState;
use crate::domain::organization::{Area, LegalForm, TargetGroup};

const SEED: u64 = 12_345;

fn in_torun(lat: f64, lon: f64) -> bool {
    (52.96..=53.07).contains(&lat) && (18.47..=18.77).contains(&lon)
}

#[test]
fn default_set_has_208_records_with_the_brochure_first() {
    let orgs = organizations(DEFAULT_ORGANIZATIONS, DEFAULT_SEED);
    assert_eq!(orgs.len(), 208);
    let brochure: Vec<&str> = brochure_names().collect();
    assert_eq!(brochure.len(), 6);
    for (org, name) in orgs.iter().zip(&brochure) {
        assert_eq!(org.name, *name);
    }
    let cistor = &orgs[0];
    assert_eq!(cistor.name, "CISTOR Stowarzyszenie Partnerstwo Społeczne");
    assert_eq!(cistor.address.street, "ul. Stokrotkowa 22");
    assert_eq!(cistor.address.postal_code, "87-100");
    assert_eq!(cistor.contact.phone.as_deref(), Some("56 654 92 79"));
    assert_eq!(cistor.legal_form, LegalForm::Association);
    let aiesec = orgs.iter().find(|o| o.name == "AIESEC Toruń").unwrap();
    assert_eq!(aiesec.legal_form, LegalForm::Association);
    assert!(orgs.iter().any(|o| o.name == "Towarzystwo „Powrót z U”"));
}

#[test]
fn small_counts_take_a_prefix_of_the_brochure() {
    assert!(organizations(0, SEED).is_empty());
    let three = organizations(3, SEED);
    assert_eq!(three.len(), 3);
    assert_eq!(three[2].name, "Fundacja ALMA");
}

#[test]
fn ten_thousand_records_are_valid_unique_and_plausible() {
    let orgs = organizations(10_000, SEED);
    assert_eq!(orgs.len(), 10_000);
    let mut names = HashSet::new();
    let mut slugs = HashSet::new();
    let mut numbers = HashSet::new();
    let first = jiff::civil::date(2013, 1, 15)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap();
    let last_created = jiff::civil::date(2026, 1, 1)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap();
    let last_update = jiff::civil::date(2026, 11, 21)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap();
    for org in &orgs {
        let errors = org.validate();
        assert!(errors.is_empty(), "{}: {:?}", org.name, errors);
        assert!(
            names.insert(org.name.clone()),
            "duplicate name {}",
            org.name
        );
        assert!(
            slugs.insert(org.slug.clone()),
            "duplicate slug {}",
            org.slug
        );
        assert!(!org.slug.is_empty() && org.slug.len() <= 80);
        for n in [&org.krs, &org.nip, &org.regon].into_iter().flatten() {
            assert!(numbers.insert(n.clone()), "duplicate number {n}");
        }
        assert_eq!(org.id.0, 0);
        assert_eq!(org.state, RecordState::Published);
        assert_eq!(org.author, None);
        assert!(org.demo);
        assert_eq!(org.address.city, "Toruń");
        assert_eq!(org.address.postal_code, "87-100");
        assert!(
            DISTRICTS.iter().any(|d| d.name == org.district),
            "{}",
            org.district
        );
        let geo = org.geo.expect("every demo record is on the map");
        assert!(in_torun(geo.lat, geo.lon), "{} at {geo:?}", org.name);
        assert!(
            (1..=3).contains(&org.areas.len()),
            "{}: {:?}",
            org.name,
            org.areas
        );
        assert!((1..=3).contains(&org.target_groups.len()));
        assert_eq!(
            org.areas.iter().collect::<HashSet<_>>().len(),
            org.areas.len()
        );
        let sentences = sentence_count(&org.description);
        assert!(
            (2..=4).contains(&sentences),
            "{sentences}: {}",
            org.description
        );
        assert!(!org.description.contains('{'), "{}", org.description);
        assert!(org.created >= first.timestamp().as_second(), "{}", org.name);
        assert!(
            org.created < last_created.timestamp().as_second(),
            "{}",
            org.name
        );
        assert!(org.updated >= org.created);
        assert!(org.updated < last_update.timestamp().as_second());
        if let Some(email) = &org.contact.email {
            assert!(email.ends_with(".example") || org.demo);
        }
        if let Some(site) = &org.contact.website {
            assert!(site.ends_with(".example"), "{site}");
        }
        if let Some(phone) = &org.contact.phone {
            assert_eq!(
                phone.chars().filter(char::is_ascii_digit).count(),
                9,
                "{phone}"
            );
        }
        check_form_consistency(org);
    }
}

fn sentence_count(text: &str) -> usize {
    // A sentence ends with a full stop followed by a space and a capital letter, or the text end.
    let chars: Vec<char> = text.chars().collect();
    let inner = chars
        .windows(3)
        .filter(|w| w[0] == '.' && w[1] == ' ' && w[2].is_uppercase())
        .count();
    inner + usize::from(text.ends_with('.'))
}

fn check_form_consistency(org: &Organization) {
    let has_area = |a: Area| org.areas.contains(&a);
    let has_group = |g: TargetGroup| org.target_groups.contains(&g);
    match org.legal_form {
        LegalForm::Wtz => {
            assert!(
                has_area(Area::Disability) && has_group(TargetGroup::Disabled),
                "{}",
                org.name
            );
            assert!(org.name.starts_with("Warsztat Terapii Zajęciowej"));
        }
        LegalForm::Zaz => {
            assert!(
                has_area(Area::Disability) && has_area(Area::LabourMarket),
                "{}",
                org.name
            );
            assert!(has_group(TargetGroup::Disabled));
        }
        LegalForm::Cis | LegalForm::Kis => {
            assert!(has_area(Area::LabourMarket), "{}", org.name);
            assert!(has_group(TargetGroup::Unemployed) && has_group(TargetGroup::Excluded));
        }
        LegalForm::DisabledCooperative => {
            assert!(has_area(Area::Disability) && has_group(TargetGroup::Disabled));
        }
        LegalForm::SportsClub => assert!(has_area(Area::Sport), "{}", org.name),
        LegalForm::RuralWomenCircle => {
            assert!(org.name.starts_with("Koło Gospodyń Wiejskich"));
            let district = DISTRICTS.iter().find(|d| d.name == org.district).unwrap();
            assert!(district.rural, "KGW in {}", org.district);
        }
        LegalForm::SocialCooperative => assert!(org.name.contains("Spółdzielnia Socjalna")),
        LegalForm::Foundation => assert!(org.name.contains("Fundacja"), "{}", org.name),
        _ => {}
    }
}

#[test]
fn same_seed_gives_byte_identical_records() {
    let a = organizations(500, SEED);
    let b = organizations(500, SEED);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let c = organizations(500, SEED + 1);
    assert_ne!(a[6..], c[6..]);
    // A larger set starts with the smaller one.
    let longer = organizations(600, SEED);
    assert_eq!(a[..], longer[..500]);
}

#[test]
fn statuses_and_forms_have_realistic_shares() {
    let orgs = organizations(10_000, DEFAULT_SEED);
    let share = |f: &dyn Fn(&Organization) -> bool| {
        orgs.iter().filter(|o| f(o)).count() as f64 / orgs.len() as f64
    };
    let opp = share(&|o| o.statuses.opp);
    let social = share(&|o| o.statuses.social_enterprise);
    let label = share(&|o| o.statuses.prosocial_label_until.is_some());
    assert!((0.16..0.24).contains(&opp), "OPP {opp}");
    assert!((0.06..0.10).contains(&social), "PS {social}");
    assert!((0.045..0.08).contains(&label), "label {label}");
    let today = jiff::civil::date(2026, 11, 27);
    let valid = share(&|o| o.statuses.has_valid_label(today));
    assert!(
        valid > 0.01 && valid < label,
        "valid labels {valid} of {label}"
    );
    let associations = share(&|o| o.legal_form == LegalForm::Association);
    let foundations = share(&|o| o.legal_form == LegalForm::Foundation);
    assert!(associations > 0.3 && foundations > 0.2);
    for form in LegalForm::ALL {
        assert!(orgs.iter().any(|o| o.legal_form == *form), "no {form:?}");
    }
}

#[test]
fn names_exercise_polish_sorting() {
    let orgs = organizations(DEFAULT_ORGANIZATIONS, DEFAULT_SEED);
    let firsts: HashSet<char> = orgs.iter().filter_map(|o| o.name.chars().next()).collect();
    let special = ['Ł', 'Ś', 'Ż', 'Ź', 'Ć']
        .iter()
        .filter(|c| firsts.contains(c))
        .count();
    assert!(special >= 2, "first letters: {firsts:?}");
    let large = organizations(10_000, DEFAULT_SEED);
    let firsts: HashSet<char> = large.iter().filter_map(|o| o.name.chars().next()).collect();
    for c in ['Ł', 'Ś', 'Ż', 'Ź', 'Ć'] {
        assert!(firsts.contains(&c), "no name starts with {c}");
    }
}

#[test]
fn every_street_point_lies_inside_torun() {
    for street in STREETS {
        assert!(
            in_torun(street.lat, street.lon),
            "{} {:?}",
            street.name,
            street.district
        );
        assert!(street.jitter_m <= 100.0);
    }
    let names: HashSet<&str> = STREETS.iter().map(|s| s.name).collect();
    assert!(names.len() >= 80, "{} streets", names.len());
    // Every osiedle the table uses, and most of the city's 24, have streets.
    let used: HashSet<&str> = STREETS.iter().map(|s| s.district.info().name).collect();
    assert!(used.len() >= 20, "{used:?}");
}

/// A coarse centre line of the Vistula through Toruń (west to east, then south-east).
const VISTULA: &[(f64, f64)] = &[
    (18.47, 53.011),
    (18.53, 53.006),
    (18.56, 53.004),
    (18.60, 53.0055),
    (18.615, 53.005),
    (18.64, 53.0075),
    (18.665, 53.010),
    (18.68, 53.006),
    (18.69, 52.998),
    (18.70, 52.975),
    (18.77, 52.93),
];

fn river_lat_at(lon: f64) -> f64 {
    for pair in VISTULA.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if (x0..=x1).contains(&lon) {
            return y0 + (y1 - y0) * (lon - x0) / (x1 - x0);
        }
    }
    panic!("{lon} is outside the river line");
}

#[test]
fn street_points_keep_to_their_bank_of_the_vistula() {
    // About 250 m plus the jitter radius between a point and the river's centre line.
    for street in STREETS {
        let river = river_lat_at(street.lon);
        let margin = (250.0 + street.jitter_m) / streets::M_PER_DEG_LAT;
        match street.district.info().bank {
            Bank::Right => assert!(
                street.lat > river + margin,
                "{} is too far south",
                street.name
            ),
            Bank::Left => assert!(
                street.lat < river - margin,
                "{} is too far north",
                street.name
            ),
        }
    }
}
