//! The authorisation matrix: every route of the route table × every kind of visitor.
//! Expected answers come from the same table (`pestor::pages::ROUTES` and its `Access`), plus
//! the finer rules handlers apply (a PES representative edits only their organisations).

mod common;

use common::client::{Client, csrf_token};
use common::{Options, TestServer};
use pestor::domain::organization::OrgId;
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
        Access::Public | Access::Anonymous | Access::TestHook => true,
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
        _ => true,
    };
    by_table && by_handler
}

/// Routes that end the session: checked last for each visitor.
const SESSION_ENDING: &[&str] = &["/konto/wyloguj", "/konto/wyloguj-wszedzie"];

fn concrete(pattern: &str, slug: &str) -> String {
    pattern
        .replace("{slug}", slug)
        .replace("{id}", "999999")
        .replace("{*path}", "css/site.css")
}

fn make_user(email: &str, role: Role, organizations: Vec<OrgId>, hash: &str) -> User {
    User {
        organizations,
        ..common::accounts::active_user(email, role, hash)
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
        let hash = pestor::auth::hash_password(PASSWORD).unwrap();
        for visitor in VISITORS {
            if let Some((email, role)) = visitor.account() {
                let orgs = if visitor == Visitor::PesA {
                    vec![org_a.id]
                } else {
                    vec![]
                };
                store
                    .save_user(make_user(email, role, orgs, &hash), None)
                    .unwrap();
            }
        }
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
