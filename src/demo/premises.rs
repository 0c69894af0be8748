//! Demo premises of the Baza lokalowa: 83 municipal premises (as many as the original platform
//! listed) on real Toruń streets in their osiedla, most of them let to demo organisations, some
//! free, a few in an open call with a call number and a deadline, one or two under renovation —
//! and a couple of applications from the demo PES account's organisation.
//!
//! Deterministic for a seed and a seeding day (the calls' deadlines follow the day, like the
//! needs' deadlines do). Every record has `demo: true`.

use jiff::civil::Date;

use super::rng::Rng;
use super::streets::{M_PER_DEG_LAT, M_PER_DEG_LON, STREETS};
use crate::domain::geo::GeoPoint;
use crate::domain::organization::Organization;
use crate::domain::premises::{
    Accessibility, Administrator, ApplicationId, ApplicationKind, ApplicationStatus, Condition,
    Media, OpenCall, Premises, PremisesAddress, PremisesApplication, PremisesId, Status,
};
use crate::domain::premises_rent::Position;
use crate::domain::slug::slugify;
use crate::domain::user::{Role, User};
use crate::domain::{RecordState, Timestamp};

/// As many premises as the original platform listed.
pub const DEFAULT_PREMISES: usize = 83;

/// How many: 83 for the demo, one for every five organisations in a larger scaled data set.
pub fn count_for(organizations: usize) -> usize {
    DEFAULT_PREMISES.max(organizations / 5)
}

/// Free, in an open call and under renovation, per 83 premises; the rest are occupied.
const FREE: usize = 14;
const OPEN_CALLS: usize = 6;
const RENOVATION: usize = 2;

const USES: &[&str] = &[
    "biurowy",
    "biurowy, na spotkania i dyżury",
    "na zajęcia grupowe i warsztaty",
    "świetlica, zajęcia dla dzieci i młodzieży",
    "usługowy, punkt obsługi mieszkańców",
    "magazynowy i warsztatowy",
    "na działalność kulturalną, próby i wystawy",
    "klub seniora, zajęcia integracyjne",
];

const DESCRIPTIONS: &[&str] = &[
    "Lokal w kamienicy, z osobnym wejściem od ulicy. Pomieszczenia jasne, z oknami od podwórza.",
    "Lokal w budynku mieszkalnym, wejście z klatki schodowej. W lokalu aneks kuchenny i toaleta.",
    "Dawny lokal usługowy z witryną od ulicy; nadaje się na punkt obsługi i spotkania.",
    "Lokal po remoncie instalacji elektrycznej. Do wspólnego użytku podwórze i komórka lokatorska.",
    "Pomieszczenia w oficynie, cicha okolica. Dojazd autobusami miejskimi, parking na podwórzu.",
    "Lokal w budynku po dawnej szkole, z dużą salą na zajęcia grupowe.",
];

fn pick_position(rng: &mut Rng) -> Position {
    rng.weighted(&[
        (Position::Ground, 40),
        (Position::Floor, 25),
        (Position::Basement, 15),
        (Position::Attic, 10),
        (Position::Outbuilding, 10),
    ])
}

/// `count` demo premises with their applications, for the stored `orgs` and `users`; `today`
/// is the seeding day. Ids are 0 (the store gives them).
pub fn premises(
    orgs: &[Organization],
    users: &[User],
    count: usize,
    seed: u64,
    today: Date,
) -> Vec<(Premises, Vec<PremisesApplication>)> {
    let mut rng = Rng::new(seed ^ 0x6C6F_6B61_6C65_2121);
    let published: Vec<&Organization> = orgs
        .iter()
        .filter(|o| o.state == RecordState::Published)
        .collect();
    // The statuses, shuffled: most occupied, some free, a few in a call, two under renovation.
    let scale = |n: usize| (n * count).div_ceil(DEFAULT_PREMISES);
    let mut statuses = Vec::with_capacity(count);
    statuses.extend(std::iter::repeat_n(Status::Free, scale(FREE)));
    statuses.extend(std::iter::repeat_n(Status::OpenCall, scale(OPEN_CALLS)));
    statuses.extend(std::iter::repeat_n(Status::Renovation, scale(RENOVATION)));
    statuses.resize(count.max(statuses.len()), Status::Occupied);
    statuses.truncate(count);
    for i in (1..statuses.len()).rev() {
        let j = rng.index(i + 1);
        statuses.swap(i, j);
    }
    let demo_rep = users
        .iter()
        .find(|u| u.role == Role::Pes && u.email == super::accounts::login(Role::Pes).email);
    let demo_org = demo_rep.and_then(|u| u.organizations.first().copied());
    let mut calls = 0;
    let mut applied = (false, false);
    let mut out = Vec::with_capacity(count);
    for (n, mut status) in statuses.into_iter().enumerate() {
        let street = &STREETS[rng.index(STREETS.len())];
        let building = 1 + rng.below(u64::from(street.max_number.max(1)));
        let unit = if rng.chance(0.6) {
            (1 + rng.below(12)).to_string()
        } else {
            String::new()
        };
        let angle = rng.unit() * std::f64::consts::TAU;
        let distance = rng.unit() * street.jitter_m;
        let geo = GeoPoint {
            lat: street.lat + distance * angle.sin() / M_PER_DEG_LAT,
            lon: street.lon + distance * angle.cos() / M_PER_DEG_LON,
        };
        let position = pick_position(&mut rng);
        let floor = (position == Position::Floor).then(|| 1 + rng.below(4) as u8);
        let area = rng.range(1800, 22_000) as u32;
        let rate = rng.range(8, 28) * 100 + rng.range(0, 9) * 10;
        let tenant = if status == Status::Occupied {
            match published.len() {
                0 => {
                    status = Status::Free;
                    None
                }
                len => Some(published[rng.index(len)].id),
            }
        } else {
            None
        };
        let call = (status == Status::OpenCall).then(|| {
            calls += 1;
            let days = rng.range(12, 60);
            OpenCall {
                number: format!("WGM.6845.{calls}.{}", today.year()),
                deadline: today
                    .checked_add(jiff::Span::new().days(days))
                    .unwrap_or(today),
            }
        });
        let accessibility = match (position, rng.below(3)) {
            (Position::Ground, 0 | 1) => Accessibility::Full,
            (Position::Ground | Position::Outbuilding, _) => Accessibility::Partial,
            (Position::Floor, 0) => Accessibility::Partial,
            _ => Accessibility::None,
        };
        let accessibility_note = match accessibility {
            Accessibility::Full => {
                "Wejście z poziomu chodnika, szerokie drzwi, toaleta przystosowana."
            }
            Accessibility::Partial => "Podjazd przy wejściu; toaleta nieprzystosowana.",
            Accessibility::None => "Wejście po schodach, brak windy.",
        };
        let condition = rng.weighted(&[
            (Condition::Good, 45),
            (Condition::Refresh, 35),
            (Condition::Renovation, 20),
        ]);
        let condition = if status == Status::Renovation {
            Condition::Renovation
        } else {
            condition
        };
        let created: Timestamp = 1_735_700_000 + n as i64 * 3 * 86_400 + rng.range(0, 40_000);
        let address = PremisesAddress {
            street: street.name.to_string(),
            building: building.to_string(),
            unit,
            postal_code: "87-100".to_string(),
            city: "Toruń".to_string(),
        };
        let label = if address.unit.is_empty() {
            format!("{} {}", address.street, address.building)
        } else {
            format!("{} {}/{}", address.street, address.building, address.unit)
        };
        let record = Premises {
            id: PremisesId(0),
            slug: slugify(&format!("{label} Toruń")),
            address,
            district: street.district.info().name.to_string(),
            geo: Some(geo),
            area,
            position,
            floor,
            rooms: 1 + rng.below(6) as u8,
            condition,
            media: Media {
                heating: position != Position::Outbuilding || rng.chance(0.5),
                hot_water: rng.chance(0.6),
                cold_water: true,
                electricity: true,
                gas: rng.chance(0.3),
                internet: rng.chance(0.5),
            },
            accessibility,
            accessibility_note: accessibility_note.to_string(),
            intended_use: rng.pick(USES).to_string(),
            rate,
            status,
            tenant,
            call,
            administrator: Administrator {
                name: "Miejski Zarząd Nieruchomości w Toruniu".to_string(),
                phone: "56 000 00 10".to_string(),
                email: "lokale@mzn-torun.example".to_string(),
            },
            description: rng.pick(DESCRIPTIONS).to_string(),
            photos: Vec::new(),
            state: RecordState::Published,
            created,
            updated: created,
            author: None,
            demo: true,
        };
        let mut applications = Vec::new();
        if let (Some(rep), Some(org)) = (demo_rep, demo_org) {
            let make = |kind, status, message: &str| PremisesApplication {
                id: ApplicationId(0),
                premises: PremisesId(0),
                organization: org,
                user: rep.id,
                kind,
                message: message.to_string(),
                documents: Vec::new(),
                status,
                reason: String::new(),
                decided_by: None,
                created: created + 86_400,
                updated: created + 86_400,
                demo: true,
            };
            if status == Status::OpenCall && !applied.0 {
                applied.0 = true;
                applications.push(make(
                    ApplicationKind::Application,
                    ApplicationStatus::Submitted,
                    "Składamy wniosek o najem w naborze: lokal posłuży na biuro i zajęcia \
                     reintegracyjne dla uczestników naszych projektów.",
                ));
            } else if status == Status::Free && !applied.1 {
                applied.1 = true;
                applications.push(make(
                    ApplicationKind::Interest,
                    ApplicationStatus::InReview,
                    "Jesteśmy zainteresowani lokalem na punkt wydawania żywności i dyżury \
                     wolontariuszy. Prosimy o możliwość obejrzenia lokalu.",
                ));
            }
        }
        out.push((record, applications));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_three_premises_with_a_mix_of_statuses_the_same_every_time() {
        let orgs = crate::demo::organizations(20, crate::demo::DEFAULT_SEED);
        let today = jiff::civil::date(2026, 11, 27);
        let a = premises(&orgs, &[], DEFAULT_PREMISES, 7, today);
        let b = premises(&orgs, &[], DEFAULT_PREMISES, 7, today);
        assert_eq!(a, b);
        assert_eq!(a.len(), 83);
        let count = |s: Status| a.iter().filter(|(p, _)| p.status == s).count();
        assert_eq!(count(Status::Free), FREE);
        assert_eq!(count(Status::OpenCall), OPEN_CALLS);
        assert_eq!(count(Status::Renovation), RENOVATION);
        assert_eq!(count(Status::Occupied), 83 - FREE - OPEN_CALLS - RENOVATION);
        for (p, _) in &a {
            assert!(p.demo);
            assert_eq!(p.tenant.is_some(), p.status == Status::Occupied);
            assert_eq!(p.call.is_some(), p.status == Status::OpenCall);
            let g = p.geo.unwrap();
            assert!((52.9..53.1).contains(&g.lat) && (18.4..18.8).contains(&g.lon));
            assert!(
                super::super::streets::DISTRICTS
                    .iter()
                    .any(|d| d.name == p.district)
            );
        }
        assert!(a.iter().any(|(p, _)| {
            p.call
                .as_ref()
                .is_some_and(|c| c.number == "WGM.6845.1.2026")
        }));
    }
}
