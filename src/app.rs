//! The running application: shared state, and the dispatch of one request through the route
//! table to a page handler, with errors turned into Polish pages in one place.

use std::sync::RwLock;

use crate::config::ServeConfig;
use crate::domain::settings::Settings;
use crate::pages::{self, Ctx, PageError};
use crate::search::OrgIndex;
use crate::store::Store;
use crate::web::assets::Assets;
use crate::web::headers::apply_security_headers;
use crate::web::http::{Handler, Method, Request, Response};
use crate::web::query::Query;
use crate::web::router::{self, Match};
use crate::web::templates::Templates;

/// Everything a handler may use. Shared by all worker threads.
pub struct App {
    pub store: Store,
    pub organizations: RwLock<OrgIndex>,
    pub settings: RwLock<Settings>,
    pub templates: Templates,
    pub assets: Assets,
    pub config: ServeConfig,
    /// Whether any demo record is loaded (the layout then shows a banner).
    pub demo_loaded: bool,
}

impl App {
    /// Builds the application over an opened store: loads settings, builds the search index,
    /// compiles the templates.
    pub fn new(store: Store, config: ServeConfig) -> Result<App, String> {
        let settings = store.settings().map_err(|e| e.to_string())?;
        let organizations = store.organizations().map_err(|e| e.to_string())?;
        let demo_loaded = organizations.iter().any(|o| o.demo);
        let index = OrgIndex::build(organizations);
        let templates = Templates::load(config.dev)?;
        Ok(App {
            store,
            organizations: RwLock::new(index),
            settings: RwLock::new(settings),
            templates,
            assets: Assets::load(),
            config,
            demo_loaded,
        })
    }

    /// A copy of the current settings (cheap; read once per page).
    pub fn settings(&self) -> Settings {
        match self.settings.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn dispatch(&self, request: &Request) -> Response {
        if request.method == Method::Other {
            return self.error_page(405);
        }
        match router::find(
            pages::ROUTES,
            request.method,
            &request.path,
            self.config.test_hooks,
        ) {
            Match::Found { route, params } => {
                let ctx = Ctx {
                    request,
                    params,
                    query: Query::parse(&request.query),
                };
                (route.handler)(self, &ctx).unwrap_or_else(|e| self.error_response(e, &ctx))
            }
            Match::WrongMethod(allowed) => {
                let allow: Vec<&str> = allowed
                    .iter()
                    .map(|m| match m {
                        Method::Post => "POST",
                        _ => "GET, HEAD",
                    })
                    .collect();
                self.error_page(405).with_header("Allow", allow.join(", "))
            }
            Match::NotFound => self.error_page(404),
        }
    }

    /// The one place where a handler's error becomes an HTTP answer.
    fn error_response(&self, error: PageError, ctx: &Ctx) -> Response {
        let status = error.status();
        let message = match &error {
            PageError::BadRequest(message) => Some(message.as_str()),
            PageError::Internal(detail) => {
                log::error!("{} {}: {detail}", ctx.request.path, ctx.request.query);
                None
            }
            PageError::NotFound => None,
        };
        if ctx.is_api() {
            let text = message.unwrap_or_else(|| pages::status_title(status));
            let body = serde_json::json!({ "error": text, "status": status }).to_string();
            return Response::json(status, body);
        }
        pages::render_error(self, status, message)
    }
}

impl Handler for App {
    fn handle(&self, request: Request) -> Response {
        let mut response = self.dispatch(&request);
        apply_security_headers(&mut response);
        response
    }

    fn error_page(&self, status: u16) -> Response {
        let mut response = pages::render_error(self, status, None);
        apply_security_headers(&mut response);
        response
    }
}
