//! The authorisation matrix: every route of the route table × every kind of visitor.
//! Expected answers come from the same table (`pestor::pages::ROUTES` and its `Access`), plus
//! the finer rules handlers apply (a PES representative edits only their organisations).

mod common;

use common::client::{Client, csrf_token};
use common::{Options, TestServer};
use pestor::domain::RecordState;
use pestor::domain::need::{Need, NeedId, NeedStatus, Requester};
use pestor::domain::offer::{Audience, Offer, OfferId, Price};
use pestor::domain::organization::{OrgId, Organization};
use pestor::domain::user::{Role, User};
use pestor::pages::ROUTES;
use pestor::store::Store;
use pestor::web::http::Method;
use pestor::web::router::Access;

const PASSWORD: &str = "hasło do macierzy uprawnień";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Visitor {
    Anonymous,
    Resident,
    PesA,
    PesB,
    Staff,
    Admin,
}

const VISITORS: [Visitor; 6] = [
    Visitor::Anonymous,
    Visitor::Resident,
    Visitor::PesA,
    Visitor::PesB,
    Visitor::Staff,
    Visitor::Admin,
];

impl Visitor {
    fn account(self) -> Option<(&'static str, Role)> {
        match self {
            Visitor::Anonymous => None,
            Visitor::Resident => Some(("mieszkaniec@example.pl", Role::Resident)),
            Visitor::PesA => Some(("pes-a@example.pl", Role::Pes)),
            Visitor::PesB => Some(("pes-b@example.pl", Role::Pes)),
            Visitor::Staff => Some(("urzad@torun.example", Role::Staff)),
            Visitor::Admin => Some(("admin@torun.example", Role::Admin)),
        }
    }
}

/// Whether `visitor` may use the route, by the table and the handlers' own rules.
fn allowed(pattern: &str, access: Access, visitor: Visitor) -> bool {
    let signed_in = visitor != Visitor::Anonymous;
    let staff = matches!(visitor, Visitor::Staff | Visitor::Admin);
    let by_table = match access {
        Access::Public | Access::Anonymous | Access::Capability | Access::TestHook => true,
        Access::SignedIn => signed_in,
        Access::Staff => staff,
        Access::Admin => visitor == Visitor::Admin,
    };
    let by_handler = match pattern {
        "/podmioty/{slug}/edycja"
        | "/podmioty/{slug}/logo"
        | "/podmioty/{slug}/logo/opis"
        | "/podmioty/{slug}/logo/usun" => staff || visitor == Visitor::PesA,
        "/podmioty/{slug}/reprezentacja" | "/podmioty/nowa" => {
            matches!(visitor, Visitor::PesA | Visitor::PesB)
        }
        // Bank sprzętu: the item is the city's (added by staff) and PesA's organisation has
        // asked for it. Anyone who may give something adds (not a representative without an
        // organisation); the donor side (staff, the author) decides and records; only a
        // representative asks, and only the asking organisation withdraws.
        "/sprzet/nowy" => visitor != Visitor::PesB,
        "/sprzet/{slug}/edycja"
        | "/sprzet/{slug}/zdjecia"
        | "/sprzet/{slug}/zdjecia/opis"
        | "/sprzet/{slug}/zdjecia/kolejnosc"
        | "/sprzet/{slug}/zdjecia/usun"
        | "/sprzet/{slug}/wnioski/{id}/zatwierdz"
        | "/sprzet/{slug}/wnioski/{id}/odrzuc"
        | "/sprzet/{slug}/anuluj-rezerwacje"
        | "/sprzet/{slug}/przekazanie"
        | "/sprzet/{slug}/zwrot"
        | "/sprzet/{slug}/ponownie-dostepny" => staff,
        "/sprzet/{slug}/wnioski" | "/sprzet/{slug}/wnioski/{id}/wycofaj" => {
            visitor == Visitor::PesA
        }
        // The need is the city's: staff are its author side; PesA answers for organisation A;
        // PesB represents no organisation, so can neither post nor answer.
        "/zapotrzebowanie/nowe" | "/zapotrzebowanie/{slug}/odpowiedzi/{id}/zalacznik" => {
            staff || visitor == Visitor::PesA
        }
        "/zapotrzebowanie/{slug}/edycja"
        | "/zapotrzebowanie/{slug}/zamknij"
        | "/zapotrzebowanie/{slug}/odpowiedzi/{id}/wybierz" => staff,
        "/zapotrzebowanie/{slug}/odpowiedzi"
        | "/zapotrzebowanie/{slug}/odpowiedzi/{id}/wycofaj" => visitor == Visitor::PesA,
        // Offers: staff for every organisation, a representative for their own (B has none);
        // the offer under test belongs to A's organisation.
        "/oferty/nowa"
        | "/oferty/{slug}/edycja"
        | "/oferty/{slug}/zdjecia"
        | "/oferty/{slug}/zdjecia/opis"
        | "/oferty/{slug}/zdjecia/kolejnosc"
        | "/oferty/{slug}/zdjecia/usun"
        | "/oferty/{slug}/publikuj"
        | "/oferty/{slug}/archiwizuj"
        | "/oferty/{slug}/przywroc" => staff || visitor == Visitor::PesA,
        "/konto/oferty" => visitor != Visitor::Resident,
        // Baza lokalowa: the premises are free and PesA's organisation has applied with a
        // document. Only a representative of an organisation applies; the documents are for
        // staff and the applying organisation.
        "/lokale/{slug}/wnioski" => visitor == Visitor::PesA,
        "/lokale/{slug}/wnioski/{id}/dokumenty/{doc}" => staff || visitor == Visitor::PesA,
        // Support institutions and the map: the table's rules only (Staff manage, all read).
        "/wsparcie/nowa"
        | "/wsparcie/{slug}/edycja"
        | "/wsparcie/{slug}/archiwizuj"
        | "/wsparcie/{slug}/przywroc"
        | "/wsparcie/{slug}/usun" => staff,
        // The social-clause register: staff keep it, everyone reads it and its statistics.
        "/admin/klauzule"
        | "/admin/klauzule/nowe"
        | "/admin/klauzule/{id}/edycja"
        | "/admin/klauzule/{id}/usun" => staff,
        // Dane otwarte: the catalogue, the numbers, the API's description and the feeds are
        // public reading for everyone.
        "/dane"
        | "/dane/w-liczbach"
        | "/api/v1/openapi.json"
        | "/podmioty.atom"
        | "/wsparcie.atom" => true,
        // Monitoring programu: staff keep indicators, measurements and events; all read.
        "/admin/program"
        | "/admin/program/wskazniki/nowy"
        | "/admin/program/wskazniki/{id}/edycja"
        | "/admin/program/wskazniki/{id}/usun"
        | "/admin/program/wskazniki/{id}/pomiary"
        | "/admin/program/wskazniki/{id}/pomiary/usun"
        | "/admin/program/wydarzenia/nowe"
        | "/admin/program/wydarzenia/{id}/edycja"
        | "/admin/program/wydarzenia/{id}/usun" => staff,
        // The local channel of `pestor snapshot`: no session, whatever its role, replaces the
        // token of control.json, and requests through a proxy (as these are) are refused.
        "/api/local/snapshot" => false,
        // What replicas pull: a replica's token is the only authority, and without one every
        // visitor gets 401 — neither a refusal by role nor the log-in page.
        "/api/replica/snapshot" | "/api/replica/changes" => true,
        _ => true,
    };
    by_table && by_handler
}

/// Routes that end the session: checked last for each visitor.
const SESSION_ENDING: &[&str] = &["/konto/wyloguj", "/konto/wyloguj-wszedzie"];

/// The equipment item of the matrix and its request (see `seed_equipment`).
const EQUIPMENT_SLUG: &str = "stoly-konferencyjne";
const EQUIPMENT_REQUEST: &str = "1";

/// The premises of the matrix, its application and that application's document.
const PREMISES_SLUG: &str = "lokal-testowy";

fn concrete(pattern: &str, slug: &str) -> String {
    if pattern.starts_with("/lokale/") || pattern.starts_with("/admin/lokale/") {
        return pattern
            .replace("{slug}", PREMISES_SLUG)
            .replace("{id}", "1")
            .replace("{doc}", "1");
    }
    if pattern.starts_with("/sprzet/") {
        return pattern
            .replace("{slug}", EQUIPMENT_SLUG)
            .replace("{id}", EQUIPMENT_REQUEST);
    }
    pattern
        .replace("{slug}", slug)
        .replace("{id}", "999999")
        .replace("{*path}", "css/site.css")
        .replace("{z}/{x}/{y}", "0/0/0")
}

fn offer_of(org: &Organization) -> Offer {
    Offer {
        id: OfferId(0),
        slug: org.slug.clone(),
        organization: org.id,
        title: "Catering na spotkania".to_string(),
        category: "gastronomia/catering".to_string(),
        description: "Obiady i przerwy kawowe na spotkania.".to_string(),
        price: Price::Negotiable,
        audience: vec![Audience::City],
        area_served: "Toruń".to_string(),
        photos: vec![],
        state: RecordState::Published,
        published: Some(1),
        rejection: None,
        created: 1,
        updated: 1,
        author: None,
        demo: false,
    }
}

fn make_user(email: &str, role: Role, organizations: Vec<OrgId>, hash: &str) -> User {
    User {
        organizations,
        ..common::accounts::active_user(email, role, hash)
    }
}

/// An open need of the city, answerable for ten more days.
fn city_need(slug: &str, author: Option<pestor::domain::user::UserId>) -> Need {
    Need {
        id: NeedId(0),
        slug: slug.to_string(),
        title: "Catering na konferencję".to_string(),
        description: "Obiad i przerwa kawowa dla uczestników konferencji.".to_string(),
        category: "gastronomia/catering".to_string(),
        scope: "obiad dla 80 osób".to_string(),
        estimated_value: None,
        place: "Dwór Artusa".to_string(),
        deadline: pestor::text::format::today()
            .checked_add(jiff::Span::new().days(10))
            .unwrap(),
        requester: Requester::City {
            department: "Wydział Edukacji".to_string(),
        },
        status: NeedStatus::Open,
        chosen: None,
        outcome: String::new(),
        closed_at: None,
        author,
        created: 1,
        updated: 1,
        demo: false,
    }
}

/// A public support institution with the given slug.
fn institution(slug: &str) -> pestor::domain::institution::Institution {
    use pestor::domain::institution::*;
    Institution {
        id: InstitutionId(0),
        slug: slug.to_string(),
        name: "Ośrodek Wsparcia Ekonomii Społecznej".to_string(),
        kind: InstitutionType::Owes,
        services: vec![Service::Advice],
        other_services: String::new(),
        description: "Doradztwo dla przedsiębiorstw społecznych.".to_string(),
        street: "ul. Szeroka 1".to_string(),
        postal_code: "87-100".to_string(),
        city: "Toruń".to_string(),
        district: "Stare Miasto".to_string(),
        geo: None,
        phone: None,
        email: None,
        website: None,
        hours: vec![],
        archived: false,
        created: 1,
        updated: 1,
        author: None,
        demo: false,
    }
}

/// A client signed in as `visitor` (or anonymous) and the CSRF token of its forms.
fn sign_in(server: &TestServer, visitor: Visitor) -> (Client, String) {
    // Each visitor comes from its own address, so the per-address log-in limit is not shared.
    let ip = format!(
        "192.0.2.{}",
        VISITORS.iter().position(|v| *v == visitor).unwrap_or(0) + 1
    );
    let mut client = Client::from_address(server.addr, &ip);
    let token = match visitor.account() {
        Some((email, _)) => {
            let r = client.submit(
                "/konto/logowanie",
                "/konto/logowanie",
                &[("email", email), ("password", PASSWORD)],
            );
            assert_eq!(r.status, 303, "log-in as {visitor:?}");
            csrf_token(&client.get("/konto").text()).expect("token on /konto")
        }
        None => {
            csrf_token(&client.get("/konto/logowanie").text()).expect("token on the log-in page")
        }
    };
    (client, token)
}

#[test]
fn every_route_answers_every_visitor_as_the_table_says() {
    let data = tempfile::tempdir().unwrap();
    let slug;
    {
        let store = Store::open(data.path()).unwrap();
        let orgs = pestor::demo::organizations(3, pestor::demo::DEFAULT_SEED);
        store.insert_organizations(orgs).unwrap();
        let org_a = store.organizations().unwrap()[0].clone();
        slug = org_a.slug.clone();
        // A published offer of A's organisation under the same slug, so that `{slug}` names
        // an offer in `/oferty/{slug}/…` too.
        store.insert_offer(offer_of(&org_a), None).unwrap();
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        let (mut staff, mut pes_a) = (None, None);
        for visitor in VISITORS {
            if let Some((email, role)) = visitor.account() {
                let orgs = if visitor == Visitor::PesA {
                    vec![org_a.id]
                } else {
                    vec![]
                };
                let user = store
                    .save_user(make_user(email, role, orgs, &hash), None)
                    .unwrap();
                match visitor {
                    Visitor::Staff => staff = Some(user.id),
                    Visitor::PesA => pes_a = Some(user.id),
                    _ => {}
                }
            }
        }
        seed_equipment(&store, staff.unwrap(), pes_a.unwrap(), org_a.id);
        seed_premises(&store, pes_a.unwrap(), org_a.id);
        // A city need with the organisation's slug, so that `{slug}` in every pattern names an
        // existing record.
        store.create_need(city_need(&slug, staff)).unwrap();
        // A support institution under the same slug too: its management routes are staff's.
        store.insert_institution(institution(&slug), None).unwrap();
        store.mark_initialised().unwrap();
    }
    let server = TestServer::start_with(Options {
        data: Some(data),
        args: vec!["--no-demo".to_string()],
        ..Options::default()
    });

    let mut failures = Vec::new();
    let mut checked = 0;
    for visitor in VISITORS {
        let (mut client, token) = sign_in(&server, visitor);
        // Session-ending routes last ("log out everywhere" ends every session of the account).
        let mut routes: Vec<_> = ROUTES
            .iter()
            .filter(|r| r.access != Access::TestHook)
            .collect();
        routes.sort_by_key(|r| SESSION_ENDING.iter().position(|p| *p == r.pattern));
        for route in routes {
            // Routes that end the session get a fresh one each, so later cells keep theirs.
            let (mut own, own_token);
            let (client, token) = if SESSION_ENDING.contains(&route.pattern) {
                (own, own_token) = sign_in(&server, visitor);
                (&mut own, &own_token)
            } else {
                (&mut client, &token)
            };
            let path = concrete(route.pattern, &slug);
            let response = match route.method {
                Method::Post => client.post(&path, &[("csrf", token.as_str())]),
                _ => client.get(&path),
            };
            let to_login = response.status == 303
                && response
                    .header("location")
                    .is_some_and(|l| l.starts_with("/konto/logowanie?dalej="));
            let denied = response.status == 403 || to_login;
            let expected = allowed(route.pattern, route.access, visitor);
            checked += 1;
            if denied == expected {
                failures.push(format!(
                    "{visitor:?} {:?} {path}: got {}, expected {}",
                    route.method,
                    response.status,
                    if expected { "allowed" } else { "denied" }
                ));
            }
            assert!(
                response.status < 500,
                "{visitor:?} {path}: {}",
                response.status
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 6 * 40, "only {checked} cells checked");
}

/// A published item of the city, added by the staff member, with an open request of PesA's
/// organisation (request 1).
fn seed_equipment(
    store: &Store,
    staff: pestor::domain::user::UserId,
    pes_a: pestor::domain::user::UserId,
    org: OrgId,
) {
    use pestor::domain::RecordState;
    use pestor::domain::equipment::*;
    let item = EquipmentItem {
        id: EquipmentId(0),
        slug: EQUIPMENT_SLUG.to_string(),
        title: "Stoły konferencyjne".to_string(),
        category: EquipmentCategory::Furniture,
        condition: Condition::Good,
        quantity: 4,
        unit: Unit::Piece,
        description: "Stoły z sali narad, 160 × 80 cm.".to_string(),
        pickup_address: "ul. Wały gen. Sikorskiego 8".to_string(),
        pickup_district: "Stare Miasto".to_string(),
        donor: Donor::Department {
            name: "Wydział Gospodarki Nieruchomości".to_string(),
        },
        mode: Mode::Transfer,
        return_by: None,
        photos: Vec::new(),
        state: RecordState::Published,
        status: Status::Available,
        reserved_for: None,
        reserved_request: None,
        handover: None,
        returned_on: None,
        rejection: None,
        published: Some(1),
        history: Vec::new(),
        created: 1,
        updated: 1,
        author: Some(staff),
        demo: false,
    };
    let item = store.add_equipment(item).unwrap();
    assert_eq!(item.slug, EQUIPMENT_SLUG);
    store
        .change_equipment(item.id, None, |change, _| {
            change.requests.push(EquipmentRequest {
                id: RequestId(0),
                item: item.id,
                organization: org,
                user: pes_a,
                justification: "Do sali spotkań stowarzyszenia.".to_string(),
                status: RequestStatus::Open,
                created: 2,
                updated: 2,
                decided_by: None,
                reason: String::new(),
                demo: false,
            });
            Ok::<(), ()>(())
        })
        .unwrap()
        .unwrap()
        .unwrap();
}

/// Free premises with an application of PesA's organisation carrying one document (ids 1).
fn seed_premises(store: &Store, pes_a: pestor::domain::user::UserId, org: OrgId) {
    use pestor::domain::document::{Document, DocumentId};
    use pestor::domain::premises::*;
    let today = jiff::civil::date(2026, 11, 27);
    let (mut premises, _) = pestor::demo::premises::premises(&[], &[], 1, 1, today)
        .pop()
        .unwrap();
    premises.slug = PREMISES_SLUG.to_string();
    premises.status = Status::Free;
    premises.tenant = None;
    premises.call = None;
    let premises = store.add_premises(premises).unwrap();
    assert_eq!(premises.slug, PREMISES_SLUG);
    let document = Document {
        id: DocumentId(0),
        filename: "statut.pdf".to_string(),
        content_type: "application/pdf".to_string(),
        bytes: b"%PDF-1.4".to_vec(),
        uploaded_by: pes_a,
        created: 1,
    };
    let application = store
        .submit_premises_application(premises.id, vec![document], |p, existing| {
            apply(
                p,
                existing,
                org,
                pes_a,
                ApplicationKind::Application,
                "Na biuro stowarzyszenia.".to_string(),
                1,
            )
        })
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        (application.id, application.documents.as_slice()),
        (ApplicationId(1), &[DocumentId(1)][..])
    );
}
