//! Page handlers, one file per module, and the one route table that lists them all with the
//! access each needs. Handlers follow one recipe: parse → authorise → read/validate → store →
//! render or redirect.

mod account;
mod account_delete;
mod account_email;
mod account_login;
mod account_mail;
mod account_password;
mod account_register;
mod admin;
mod admin_audit;
mod admin_outbox;
mod admin_settings;
mod admin_users;
mod claims;
mod error;
mod home;
mod info;
mod layout;
mod media;
mod moderation;
mod open_data;
mod organization_edit;
mod organization_form;
mod organization_logo;
mod organizations;
mod organizations_api;
mod pagination;
pub mod photo_upload;
mod static_files;
mod test_hooks;

pub use error::PageError;
pub use layout::{render, render_error, render_status, status_title};

use crate::app::App;
use crate::domain::user::User;
use crate::web::http::{Method, Request, Response};
use crate::web::multipart::UploadedFile;
use crate::web::query::Query;
use crate::web::router::{Access, Route};
use crate::web::visitor::Visitor;

pub type PageResult = Result<Response, PageError>;
pub type PageFn = fn(&App, &Ctx) -> PageResult;

/// What a handler gets besides the application: the request, path captures, query, form
/// fields (POST) and who is asking.
pub struct Ctx<'r> {
    pub request: &'r Request,
    pub params: Vec<(&'static str, String)>,
    pub query: Query,
    pub form: Query,
    /// Files sent with a multipart form.
    pub files: Vec<UploadedFile>,
    pub visitor: Visitor,
}

impl Ctx<'_> {
    /// A path capture named in the route pattern (empty if the pattern has none by that name).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The signed-in user, for handlers behind `SignedIn`, `Staff` or `Admin` routes.
    pub fn user(&self) -> Result<&User, PageError> {
        self.visitor.user.as_ref().ok_or(PageError::Forbidden)
    }

    /// The client's IP address for rate limits. Behind the reverse proxy on the same machine,
    /// the address nginx appended last to `X-Forwarded-For`; otherwise the peer address (a
    /// client cannot spoof it by sending the header itself to a public listener).
    pub fn client_ip(&self) -> String {
        let peer = self.request.remote.map(|a| a.ip());
        if peer.is_some_and(|ip| ip.is_loopback())
            && let Some(forwarded) = self.request.header("x-forwarded-for")
            && let Some(last) = forwarded.rsplit(',').next()
        {
            return last.trim().to_string();
        }
        peer.map(|ip| ip.to_string()).unwrap_or_default()
    }

    /// Whether the client is a program (the API) rather than a person.
    pub fn is_api(&self) -> bool {
        self.request.path.starts_with("/api/")
    }
}

const fn get(pattern: &'static str, access: Access, handler: PageFn) -> Route<PageFn> {
    Route {
        method: Method::Get,
        pattern,
        access,
        handler,
        uploads: false,
    }
}

const fn post(pattern: &'static str, access: Access, handler: PageFn) -> Route<PageFn> {
    Route {
        method: Method::Post,
        pattern,
        access,
        handler,
        uploads: false,
    }
}

/// A POST route whose multipart form carries photos: its body may be up to the edge's upload
/// cap (16 MiB) instead of 1 MiB.
const fn upload(pattern: &'static str, access: Access, handler: PageFn) -> Route<PageFn> {
    Route {
        uploads: true,
        ..post(pattern, access, handler)
    }
}

use Access::{Admin, Anonymous, Public, SignedIn, Staff, TestHook};

/// Every route of the platform.
pub static ROUTES: &[Route<PageFn>] = &[
    // Start page
    get("/", Public, home::show),
    // Baza PES (DESIGN §2)
    get("/podmioty", Public, organizations::list),
    get("/podmioty/nowa", SignedIn, organization_edit::new_form),
    post("/podmioty/nowa", SignedIn, organization_edit::new_submit),
    get("/podmioty/{slug}", Public, organizations::show),
    get(
        "/podmioty/{slug}/edycja",
        SignedIn,
        organization_edit::edit_form,
    ),
    post(
        "/podmioty/{slug}/edycja",
        SignedIn,
        organization_edit::edit_submit,
    ),
    get("/podmioty/{slug}/reprezentacja", SignedIn, claims::form),
    post("/podmioty/{slug}/reprezentacja", SignedIn, claims::submit),
    upload("/podmioty/{slug}/logo", SignedIn, organization_logo::upload),
    post(
        "/podmioty/{slug}/logo/opis",
        SignedIn,
        organization_logo::change,
    ),
    post(
        "/podmioty/{slug}/logo/usun",
        SignedIn,
        organization_logo::change,
    ),
    // Moderation (staff)
    get("/admin/moderacja", Staff, moderation::queue),
    post(
        "/admin/moderacja/{id}/zatwierdz",
        Staff,
        moderation::approve,
    ),
    post("/admin/moderacja/{id}/odrzuc", Staff, moderation::reject),
    get(
        "/admin/moderacja/{id}/dokument",
        Staff,
        moderation::document,
    ),
    // Open data (DESIGN §2.1)
    get("/api/v1/organizations", Public, organizations_api::list),
    get(
        "/api/v1/organizations/{slug}",
        Public,
        organizations_api::show,
    ),
    // Konto (DESIGN §2, /konto)
    get("/konto", SignedIn, account::show),
    post("/konto/zmiana-hasla", SignedIn, account::change_password),
    post(
        "/konto/wyloguj-wszedzie",
        SignedIn,
        account::logout_everywhere,
    ),
    get("/konto/moje-dane", SignedIn, account::my_data),
    post("/konto/zmiana-email", SignedIn, account_email::request),
    get("/konto/potwierdz-email", Public, account_email::confirm),
    post("/konto/usun", SignedIn, account_delete::delete),
    get("/konto/rejestracja", Anonymous, account_register::form),
    post("/konto/rejestracja", Anonymous, account_register::submit),
    get("/konto/weryfikacja", Public, account_register::verify),
    get("/konto/logowanie", Anonymous, account_login::form),
    post("/konto/logowanie", Anonymous, account_login::submit),
    post("/konto/wyloguj", SignedIn, account_login::logout),
    get("/konto/haslo", Anonymous, account_password::request_form),
    post("/konto/haslo", Anonymous, account_password::request_submit),
    get("/konto/nowe-haslo", Public, account_password::new_form),
    post("/konto/nowe-haslo", Public, account_password::new_submit),
    // Panel (DESIGN §2, /admin)
    get("/admin", Staff, admin::dashboard),
    get("/admin/uzytkownicy", Admin, admin_users::list),
    get("/admin/uzytkownicy/{id}", Admin, admin_users::show),
    post(
        "/admin/uzytkownicy/{id}/zatwierdz",
        Admin,
        admin_users::approve,
    ),
    post("/admin/uzytkownicy/{id}/odrzuc", Admin, admin_users::reject),
    post(
        "/admin/uzytkownicy/{id}/wylacz",
        Admin,
        admin_users::disable,
    ),
    post("/admin/uzytkownicy/{id}/wlacz", Admin, admin_users::enable),
    get("/admin/ustawienia", Admin, admin_settings::form),
    post("/admin/ustawienia", Admin, admin_settings::submit),
    get("/admin/poczta", Admin, admin_outbox::list),
    get("/admin/poczta/{id}", Admin, admin_outbox::show),
    post("/admin/poczta/{id}/ponow", Admin, admin_outbox::retry),
    get("/admin/dziennik", Admin, admin_audit::list),
    // Information pages
    get("/deklaracja-dostepnosci", Public, info::accessibility),
    get("/prywatnosc", Public, info::privacy),
    get("/o-platformie", Public, info::about),
    get("/regulamin", Public, info::terms),
    // Photos and logos (media): immutable, cached for a year
    get("/media/{id}/duze.jpg", Public, media::display),
    get("/media/{id}/miniatura.jpg", Public, media::thumbnail),
    // Embedded files
    get("/static/{*path}", Public, static_files::serve),
    get("/favicon.ico", Public, static_files::favicon),
    // Only with PESTOR_TEST_HOOKS=1: proves a panic becomes a 500 and nothing dies.
    get("/__test/panic", TestHook, test_hooks::panic),
];
