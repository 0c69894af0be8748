//! Page handlers, one file per module, and the one route table that lists them all with the
//! access each needs. Handlers follow one recipe: parse → authorise → read/validate → store →
//! render or redirect.

mod error;
mod home;
mod info;
mod layout;
mod organizations;
mod organizations_api;
mod static_files;
mod test_hooks;

pub use error::PageError;
pub use layout::{render, render_error, status_title};

use crate::app::App;
use crate::web::http::{Method, Request, Response};
use crate::web::query::Query;
use crate::web::router::{Access, Route};

pub type PageResult = Result<Response, PageError>;
pub type PageFn = fn(&App, &Ctx) -> PageResult;

/// What a handler gets besides the application: the request, path captures and query.
pub struct Ctx<'r> {
    pub request: &'r Request,
    pub params: Vec<(&'static str, String)>,
    pub query: Query,
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
    }
}

use Access::{Public, TestHook};

/// Every route of the platform.
pub static ROUTES: &[Route<PageFn>] = &[
    // Start page
    get("/", Public, home::show),
    // Baza PES (DESIGN §2)
    get("/podmioty", Public, organizations::list),
    get("/podmioty/{slug}", Public, organizations::show),
    // Open data (DESIGN §2.1)
    get("/api/v1/organizations", Public, organizations_api::list),
    get(
        "/api/v1/organizations/{slug}",
        Public,
        organizations_api::show,
    ),
    // Information pages
    get("/deklaracja-dostepnosci", Public, info::accessibility),
    get("/prywatnosc", Public, info::privacy),
    get("/o-platformie", Public, info::about),
    // Embedded files
    get("/static/{*path}", Public, static_files::serve),
    get("/favicon.ico", Public, static_files::favicon),
    // Only with PESTOR_TEST_HOOKS=1: proves a panic becomes a 500 and nothing dies.
    get("/__test/panic", TestHook, test_hooks::panic),
];
