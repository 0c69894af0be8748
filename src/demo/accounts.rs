//! Demo accounts, as many as the original platform had: one administrator, 6 city hall staff,
//! 77 representatives of organisations (PES) and 50 residents — 134 in all, whatever the number
//! of demo organisations (`pestor demo --scale N` stays fast; below 77 organisations there are
//! as many representatives as organisations). Each representative represents one or two demo
//! organisations, and some organisations have two representatives.
//!
//! Names are fictional but typical of Toruń; addresses use the reserved `.example` domain.
//! The first account of each role has a short address and a known password ([`LOGINS`]), which
//! the server prints at start, so that a demo can show every role.
//!
//! **Passwords.** Every account of a role has the same password, and its argon2id hash is
//! computed once ([`PasswordHashes::compute`]) and shared by all accounts of the role. Hashing
//! 134 passwords one by one would add about four seconds to the first start on a small machine;
//! four hashes cost about a tenth of that. A per-account salt would protect nothing here: the
//! passwords are printed at start and written in this file.

use std::collections::HashSet;

use super::rng::Rng;
use crate::auth::{self, AuthError};
use crate::domain::Timestamp;
use crate::domain::organization::Organization;
use crate::domain::user::{AccountStatus, Role, User, UserId};
use crate::text::fold::fold;

/// A log-in to show at a demo: the first account of a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoLogin {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
}

/// One demo log-in per role, in the order the banner prints them. The passwords pass the
/// password policy (checked by a test) and avoid Polish letters, so they are easy to type on
/// any keyboard.
pub const LOGINS: [DemoLogin; 4] = [
    DemoLogin {
        role: Role::Admin,
        email: "admin@pes-tor.example",
        password: "ratusz-staromiejski-2013",
        name: "Ewa Lewandowska",
    },
    DemoLogin {
        role: Role::Staff,
        email: "urzednik@pes-tor.example",
        password: "pieczatka-i-teczka-87",
        name: "Tomasz Kwiatkowski",
    },
    DemoLogin {
        role: Role::Pes,
        email: "pes@pes-tor.example",
        password: "spoldzielnia-socjalna-14",
        name: "Agnieszka Wiśniewska",
    },
    DemoLogin {
        role: Role::Resident,
        email: "mieszkaniec@pes-tor.example",
        password: "spacer-nad-wisla-100",
        name: "Piotr Zieliński",
    },
];

pub const ADMINS: usize = 1;
pub const STAFF: usize = 6;
pub const REPRESENTATIVES: usize = 77;
pub const RESIDENTS: usize = 50;

/// The demo log-in of `role`.
pub fn login(role: Role) -> &'static DemoLogin {
    match role {
        Role::Admin => &LOGINS[0],
        Role::Staff => &LOGINS[1],
        Role::Pes => &LOGINS[2],
        Role::Resident => &LOGINS[3],
    }
}

/// The argon2id hashes of the four demo passwords, one per role.
#[derive(Debug, Clone)]
pub struct PasswordHashes {
    hashes: [String; 4],
}

impl PasswordHashes {
    /// Hashes each role's demo password once (four hashes, a fraction of a second).
    pub fn compute() -> Result<PasswordHashes, AuthError> {
        let mut hashes: [String; 4] = Default::default();
        for (slot, login) in hashes.iter_mut().zip(&LOGINS) {
            *slot = auth::hash_password(login.password)?;
        }
        Ok(PasswordHashes { hashes })
    }

    pub fn get(&self, role: Role) -> &str {
        let index = LOGINS
            .iter()
            .position(|l| l.role == role)
            .unwrap_or_default();
        &self.hashes[index]
    }
}

// Timestamps (UTC seconds).
const DAY: i64 = 86_400;
/// 2013-01-15 09:00, the platform's first day.
const FIRST: Timestamp = 1_358_240_400;
/// 2014-06-30: the city hall team was complete by then.
const STAFF_LAST: Timestamp = 1_404_086_400;
/// 2025-12-31.
const LAST: Timestamp = 1_767_139_200;

const FEMALE: &[&str] = &[
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Monika",
    "Zofia",
    "Teresa",
    "Danuta",
    "Natalia",
    "Julia",
    "Karolina",
    "Marta",
    "Beata",
    "Dorota",
    "Halina",
    "Jadwiga",
    "Jolanta",
    "Iwona",
    "Grażyna",
    "Alicja",
    "Justyna",
    "Paulina",
    "Renata",
    "Urszula",
    "Hanna",
    "Ewelina",
    "Sylwia",
    "Weronika",
    "Izabela",
    "Wiktoria",
    "Agata",
    "Kamila",
    "Emilia",
    "Bożena",
    "Dominika",
    "Patrycja",
    "Martyna",
    "Gabriela",
];

const MALE: &[&str] = &[
    "Jan",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Marek",
    "Grzegorz",
    "Józef",
    "Łukasz",
    "Adam",
    "Zbigniew",
    "Jerzy",
    "Tadeusz",
    "Mateusz",
    "Dariusz",
    "Mariusz",
    "Wojciech",
    "Ryszard",
    "Jakub",
    "Henryk",
    "Robert",
    "Kazimierz",
    "Jacek",
    "Maciej",
    "Kamil",
    "Stanisław",
    "Rafał",
    "Janusz",
    "Sławomir",
    "Przemysław",
    "Bartosz",
    "Damian",
    "Sebastian",
    "Artur",
    "Szymon",
    "Kacper",
    "Filip",
    "Leszek",
    "Waldemar",
    "Mirosław",
    "Wiesław",
    "Bogdan",
    "Dawid",
];

/// Surnames in their masculine form; `-ski`, `-cki`, `-dzki` and `-y` take `-ska`, `-cka`,
/// `-dzka` and `-a` for women, the others stay as they are.
const SURNAMES: &[&str] = &[
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Wojciechowski",
    "Kwiatkowski",
    "Krawczyk",
    "Kaczmarek",
    "Piotrowski",
    "Grabowski",
    "Zając",
    "Pawłowski",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Nowakowski",
    "Majewski",
    "Olszewski",
    "Stępień",
    "Malinowski",
    "Jaworski",
    "Adamczyk",
    "Dudek",
    "Nowicki",
    "Pawlak",
    "Górski",
    "Witkowski",
    "Walczak",
    "Sikora",
    "Baran",
    "Rutkowski",
    "Michalak",
    "Szewczyk",
    "Ostrowski",
    "Tomaszewski",
    "Pietrzak",
    "Zalewski",
    "Wróblewski",
    "Marciniak",
    "Jasiński",
    "Zawadzki",
    "Bąk",
    "Jakubowski",
    "Sadowski",
    "Duda",
    "Włodarczyk",
    "Wilk",
    "Chmielewski",
    "Borkowski",
    "Sokołowski",
    "Szczepański",
    "Sawicki",
    "Kucharski",
    "Kalinowski",
    "Wysocki",
    "Mazurek",
    "Kubiak",
    "Maciejewski",
    "Czarnecki",
    "Kołodziej",
    "Urbański",
    "Kaźmierczak",
    "Sobczak",
    "Konieczny",
    "Głowacki",
    "Zakrzewski",
    "Krajewski",
    "Laskowski",
    "Ziółkowski",
    "Gajewski",
    "Brzeziński",
    "Szulc",
    "Makowski",
    "Przybylski",
    "Grzegorzewski",
    "Gołębiewski",
    "Lipiński",
    "Osiński",
];

/// Where residents and organisations without their own domain keep their mail.
const MAILBOXES: &[&str] = &["poczta.example", "skrzynka.example", "mail.example"];

/// City hall addresses.
const CITY_HALL: &str = "um.torun.example";

/// The demo accounts for `orgs` (as stored, with their ids): administrator, staff,
/// representatives, residents, in this order. `password_hash` gives the shared hash of a role
/// ([`PasswordHashes::get`]). Deterministic for a given seed and organisation list; every
/// account is active with a confirmed address; ids are 0 (the store assigns them).
pub fn accounts(
    orgs: &[Organization],
    seed: u64,
    password_hash: impl Fn(Role) -> String,
) -> Vec<User> {
    // A stream of its own, so that accounts never change the organisations of a seed.
    let mut rng = Rng::new(seed ^ 0x6B6F_6E74_6120_6465);
    let mut people = People::default();
    let mut out = Vec::with_capacity(ADMINS + STAFF + REPRESENTATIVES + RESIDENTS);
    let push =
        |out: &mut Vec<User>, role: Role, name: String, email: String, created: Timestamp| {
            out.push(User {
                id: UserId(0),
                email,
                name,
                role,
                status: AccountStatus::Active,
                password_hash: password_hash(role),
                terms_accepted_at: created,
                email_verified_at: Some(created + 600),
                organizations: Vec::new(),
                created,
                updated: created,
                session_generation: 0,
                deleted: None,
            });
        };

    for role in [Role::Admin, Role::Staff, Role::Pes, Role::Resident] {
        let known = login(role);
        people.reserve(known.name, known.email);
    }

    let admin = login(Role::Admin);
    push(
        &mut out,
        Role::Admin,
        admin.name.into(),
        admin.email.into(),
        FIRST,
    );

    for k in 0..STAFF {
        let created = FIRST + rng.range(0, STAFF_LAST - FIRST);
        let (name, email) = if k == 0 {
            let known = login(Role::Staff);
            (known.name.to_string(), known.email.to_string())
        } else {
            let person = people.new_person(&mut rng);
            let email = people.address(&person.initial_dot_surname(), CITY_HALL);
            (person.full(), email)
        };
        push(&mut out, Role::Staff, name, email, created);
    }

    for (k, represented) in representation(&mut rng, orgs.len()).into_iter().enumerate() {
        let first_org = &orgs[represented[0]];
        let created = (first_org.created + rng.range(DAY, 60 * DAY)).min(LAST);
        let (name, email) = if k == 0 {
            let known = login(Role::Pes);
            (known.name.to_string(), known.email.to_string())
        } else {
            let person = people.new_person(&mut rng);
            let domain = org_domain(first_org).unwrap_or_else(|| rng.pick(MAILBOXES).to_string());
            let email = people.address(&person.first_dot_surname(), &domain);
            (person.full(), email)
        };
        push(&mut out, Role::Pes, name, email, created);
        if let Some(user) = out.last_mut() {
            user.organizations = represented.iter().map(|&i| orgs[i].id).collect();
        }
    }

    for k in 0..RESIDENTS {
        let created = FIRST + rng.range(0, LAST - FIRST);
        let (name, email) = if k == 0 {
            let known = login(Role::Resident);
            (known.name.to_string(), known.email.to_string())
        } else {
            let person = people.new_person(&mut rng);
            let mailbox = rng.pick(MAILBOXES);
            let email = people.address(&person.first_dot_surname(), mailbox);
            (person.full(), email)
        };
        push(&mut out, Role::Resident, name, email, created);
    }
    out
}

/// Which organisations (indices into the list) each representative represents: one or two
/// each, the first representative the first organisation (the brochure's), and about one
/// organisation in ten with a second representative.
fn representation(rng: &mut Rng, orgs: usize) -> Vec<Vec<usize>> {
    let reps = REPRESENTATIVES.min(orgs);
    if reps == 0 {
        return Vec::new();
    }
    let sharing = reps / 10;
    let distinct = reps - sharing;
    let mut primary = vec![0];
    primary.extend(
        rng.distinct_indices(orgs - 1, distinct - 1)
            .into_iter()
            .map(|i| i + 1),
    );
    let shared: Vec<usize> = rng
        .distinct_indices(distinct, sharing)
        .into_iter()
        .map(|i| primary[i])
        .collect();
    primary
        .into_iter()
        .chain(shared)
        .map(|first| {
            let mut represented = vec![first];
            if orgs > 1 && rng.chance(0.2) {
                let second = loop {
                    let candidate = rng.index(orgs);
                    if candidate != first {
                        break candidate;
                    }
                };
                represented.push(second);
            }
            represented
        })
        .collect()
}

/// The domain of the organisation's own (demo) address, for its representatives' mail.
fn org_domain(org: &Organization) -> Option<String> {
    let email = org.contact.email.as_deref()?;
    let (_, domain) = email.split_once('@')?;
    domain.ends_with(".example").then(|| domain.to_string())
}

struct Person {
    first: &'static str,
    last: String,
}

impl Person {
    fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    fn first_dot_surname(&self) -> String {
        format!("{}.{}", fold(self.first), fold(&self.last))
    }

    /// The city hall's habit: "a.nowak".
    fn initial_dot_surname(&self) -> String {
        let initial: String = fold(self.first).chars().take(1).collect();
        format!("{initial}.{}", fold(&self.last))
    }
}

/// Names and addresses handed out so far: nobody appears twice, no address is reused.
#[derive(Default)]
struct People {
    names: HashSet<String>,
    addresses: HashSet<String>,
}

impl People {
    fn reserve(&mut self, name: &str, email: &str) {
        self.names.insert(name.to_string());
        self.addresses.insert(email.to_string());
    }

    fn new_person(&mut self, rng: &mut Rng) -> Person {
        loop {
            let female = rng.chance(0.6);
            let first = if female {
                rng.pick(FEMALE)
            } else {
                rng.pick(MALE)
            };
            let surname = rng.pick(SURNAMES);
            let last = if female {
                feminine(surname)
            } else {
                surname.to_string()
            };
            let person = Person { first, last };
            if self.names.insert(person.full()) {
                return person;
            }
        }
    }

    /// `local@domain`, with a number added when the address is taken already.
    fn address(&mut self, local: &str, domain: &str) -> String {
        let mut candidate = format!("{local}@{domain}");
        let mut n = 2;
        while !self.addresses.insert(candidate.clone()) {
            candidate = format!("{local}{n}@{domain}");
            n += 1;
        }
        candidate
    }
}

/// The feminine form of a surname: "Kowalski" → "Kowalska", "Konieczny" → "Konieczna",
/// "Nowak" → "Nowak".
fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix('i')
        && (stem.ends_with("sk") || stem.ends_with("ck") || stem.ends_with("dzk"))
    {
        return format!("{stem}a");
    }
    match surname.strip_suffix('y') {
        Some(stem) => format!("{stem}a"),
        None => surname.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::demo::{DEFAULT_ORGANIZATIONS, DEFAULT_SEED, organizations};
    use crate::domain::organization::OrgId;
    use crate::domain::password_policy::check_new_password;
    use crate::domain::validate::is_email;

    /// Organisations as the store gives them back: ids 1, 2, 3 …
    fn stored(count: usize) -> Vec<Organization> {
        let mut orgs = organizations(count, DEFAULT_SEED);
        for (i, org) in orgs.iter_mut().enumerate() {
            org.id = OrgId(i as u64 + 1);
        }
        orgs
    }

    fn fake_hash(role: Role) -> String {
        format!("hash-{}", role.code())
    }

    #[test]
    fn the_numbers_of_the_original_platform() {
        let users = accounts(&stored(DEFAULT_ORGANIZATIONS), DEFAULT_SEED, fake_hash);
        let count = |role| users.iter().filter(|u| u.role == role).count();
        assert_eq!(count(Role::Admin), 1);
        assert_eq!(count(Role::Staff), 6);
        assert_eq!(count(Role::Pes), 77);
        assert_eq!(count(Role::Resident), 50);
        assert_eq!(users.len(), 134);
        assert_eq!(users[0].role, Role::Admin, "the administrator gets id 1");
    }

    #[test]
    fn every_account_is_active_unique_and_uses_example_addresses() {
        let users = accounts(&stored(DEFAULT_ORGANIZATIONS), DEFAULT_SEED, fake_hash);
        let mut emails = HashSet::new();
        let mut names = HashSet::new();
        for user in &users {
            assert!(is_email(&user.email), "{}", user.email);
            assert!(user.email.ends_with(".example"), "{}", user.email);
            assert_eq!(user.email, user.email.to_lowercase());
            assert!(user.email.is_ascii(), "{}", user.email);
            assert!(emails.insert(user.email.clone()), "{} twice", user.email);
            assert!(names.insert(user.name.clone()), "{} twice", user.name);
            assert_eq!(user.status, AccountStatus::Active);
            assert!(user.email_verified_at.is_some());
            assert_eq!(user.password_hash, fake_hash(user.role));
            assert!(user.deleted.is_none());
            assert!(user.created >= FIRST && user.created <= LAST);
        }
    }

    #[test]
    fn the_demo_log_ins_are_the_first_account_of_each_role() {
        let users = accounts(&stored(DEFAULT_ORGANIZATIONS), DEFAULT_SEED, fake_hash);
        for known in LOGINS {
            let first = users.iter().find(|u| u.role == known.role).unwrap();
            assert_eq!(first.email, known.email);
            assert_eq!(first.name, known.name);
        }
        let pes = users.iter().find(|u| u.role == Role::Pes).unwrap();
        assert_eq!(
            pes.organizations[0],
            OrgId(1),
            "represents the brochure's first"
        );
    }

    #[test]
    fn demo_passwords_pass_the_policy_for_every_account() {
        let users = accounts(&stored(DEFAULT_ORGANIZATIONS), DEFAULT_SEED, fake_hash);
        for user in &users {
            let password = login(user.role).password;
            assert_eq!(
                check_new_password(password, &user.email, &user.name),
                Ok(()),
                "{} ({})",
                user.name,
                user.email
            );
        }
    }

    #[test]
    fn representatives_represent_one_or_two_organisations_some_shared() {
        let orgs = stored(DEFAULT_ORGANIZATIONS);
        let users = accounts(&orgs, DEFAULT_SEED, fake_hash);
        let mut per_org: HashMap<OrgId, usize> = HashMap::new();
        for user in &users {
            if user.role != Role::Pes {
                assert!(user.organizations.is_empty(), "{}", user.name);
                continue;
            }
            assert!((1..=2).contains(&user.organizations.len()), "{}", user.name);
            let unique: HashSet<_> = user.organizations.iter().collect();
            assert_eq!(unique.len(), user.organizations.len());
            for org in &user.organizations {
                assert!(orgs.iter().any(|o| o.id == *org));
                *per_org.entry(*org).or_default() += 1;
            }
        }
        assert!(per_org.values().any(|&n| n >= 2), "some have two");
        assert!(
            users
                .iter()
                .any(|u| u.role == Role::Pes && u.organizations.len() == 2),
            "some represent two"
        );
    }

    #[test]
    fn same_seed_same_accounts_and_small_scales_work() {
        let orgs = stored(DEFAULT_ORGANIZATIONS);
        assert_eq!(
            accounts(&orgs, DEFAULT_SEED, fake_hash),
            accounts(&orgs, DEFAULT_SEED, fake_hash)
        );
        for count in [0, 1, 2, 10, 77, 78] {
            let users = accounts(&stored(count), DEFAULT_SEED, fake_hash);
            let reps = users.iter().filter(|u| u.role == Role::Pes).count();
            assert_eq!(reps, REPRESENTATIVES.min(count), "{count} organisations");
            assert_eq!(users.len(), 57 + reps);
        }
    }

    #[test]
    fn surnames_take_the_feminine_form() {
        assert_eq!(feminine("Kowalski"), "Kowalska");
        assert_eq!(feminine("Zawadzki"), "Zawadzka");
        assert_eq!(feminine("Sawicki"), "Sawicka");
        assert_eq!(feminine("Nowak"), "Nowak");
        assert_eq!(feminine("Konieczny"), "Konieczna");
        assert_eq!(feminine("Duda"), "Duda");
    }
}
