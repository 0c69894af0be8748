//! The running application: shared state, and the dispatch of one request through the route
//! table to a page handler, with errors turned into Polish pages in one place.

use std::sync::RwLock;
use std::time::Instant;

use crate::config::ServeConfig;
use crate::domain::settings::Settings;
use crate::domain::user::Role;
use crate::mail::sender::Wakeup;
use crate::pages::{self, Ctx, PageError};
use crate::search::OrgIndex;
use crate::store::Store;
use crate::web::assets::Assets;
use crate::web::forms;
use crate::web::headers::apply_security_headers;
use crate::web::http::{Handler, Method, Request, Response};
use crate::web::query::Query;
use crate::web::rate_limit::{self, Action, DEFAULT_RULES, RateLimiter};
use crate::web::router::{self, Access, Match};
use crate::web::templates::Templates;
use crate::web::visitor::{self, Visitor};

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
    /// Attempts at log-in, registration and resets, per address and per account.
    pub rate_limits: RateLimiter,
    /// Tells the mail sender that a message is waiting.
    pub mail_wakeup: Wakeup,
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
            rate_limits: RateLimiter::new(DEFAULT_RULES),
            mail_wakeup: Wakeup::new(),
        })
    }

    /// Counts an attempt at `action` for `key`; too many → 429 with the time to wait.
    pub fn limit(&self, action: Action, key: &str) -> Result<(), PageError> {
        self.rate_limits
            .check(action, key, Instant::now())
            .map_err(|wait| PageError::TooManyRequests(wait.as_secs().max(1)))
    }

    /// Brings the search index in line with a stored organisation (added, changed, published
    /// or withdrawn).
    pub fn reindex(&self, org: &crate::domain::organization::Organization) {
        match self.organizations.write() {
            Ok(mut index) => index.upsert(org),
            Err(poisoned) => poisoned.into_inner().upsert(org),
        }
    }

    /// Tells subscribers that a listing of the exchange (an offer, equipment item or need) has
    /// just become public. Call it once, after the commit that first publishes the record.
    pub fn listing_published(&self, listing: &crate::domain::listing::Listing) {
        log::info!("published {} {}", listing.kind.code(), listing.path());
    }

    /// Asks the mail sender to look at the outbox now.
    pub fn wake_mail(&self) {
        self.mail_wakeup.wake();
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
                let visitor = match Visitor::resolve(&self.store, request) {
                    Ok(visitor) => visitor,
                    Err(e) => {
                        log::error!("resolving the visitor: {e}");
                        return self.error_page(500);
                    }
                };
                let form = if request.method == Method::Post {
                    match forms::parse(request) {
                        Ok(form) => form,
                        Err(reason) => {
                            let message = format!("Nie udało się odczytać formularza: {reason}.");
                            return pages::render_error(self, 400, Some(&message));
                        }
                    }
                } else {
                    forms::Form::default()
                };
                let ctx = Ctx {
                    request,
                    params,
                    query: Query::parse(&request.query),
                    form: form.fields,
                    files: form.files,
                    visitor,
                };
                let outcome =
                    authorise(route.access, &ctx).and_then(|()| (route.handler)(self, &ctx));
                let mut response = outcome.unwrap_or_else(|e| self.error_response(e, &ctx));
                ctx.visitor.finish(&mut response);
                response
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
            PageError::TooManyRequests(seconds) => {
                let wait = std::time::Duration::from_secs(*seconds);
                let mut response =
                    pages::render_error(self, status, Some(&rate_limit::retry_message(wait)));
                response.set_header("Retry-After", seconds.to_string());
                return response;
            }
            PageError::NotFound | PageError::Forbidden | PageError::Busy => None,
            PageError::CsrfRejected => Some(
                "Formularz wygasł albo został wysłany z innej strony. Wróć, odśwież stronę i spróbuj ponownie.",
            ),
        };
        if status == 403
            && ctx.visitor.user.is_none()
            && !ctx.is_api()
            && ctx.request.method == Method::Get
        {
            return Response::redirect(303, &login_redirect(ctx));
        }
        if ctx.is_api() {
            let text = message.unwrap_or_else(|| pages::status_title(status));
            let body = serde_json::json!({ "error": text, "status": status }).to_string();
            return Response::json(status, body);
        }
        pages::render_error(self, status, message)
    }
}

/// Checks the route's access rule and, for forms, the CSRF token and origin.
fn authorise(access: Access, ctx: &Ctx) -> Result<(), PageError> {
    let user = ctx.visitor.user.as_ref();
    let allowed = match access {
        Access::Public | Access::TestHook => true,
        Access::Anonymous => true,
        Access::SignedIn => user.is_some(),
        Access::Staff => user.is_some_and(|u| u.role.is_staff()),
        Access::Admin => user.is_some_and(|u| u.role == Role::Admin),
    };
    if !allowed {
        return Err(PageError::Forbidden);
    }
    if ctx.request.method == Method::Post
        && !(visitor::same_origin(ctx.request)
            && ctx.visitor.csrf_matches(ctx.form.raw(visitor::CSRF_FIELD)))
    {
        return Err(PageError::CsrfRejected);
    }
    Ok(())
}

/// Where an anonymous visitor is sent to log in, coming back here afterwards.
fn login_redirect(ctx: &Ctx) -> String {
    let mut target = ctx.request.path.clone();
    if !ctx.request.query.is_empty() {
        target.push('?');
        target.push_str(&ctx.request.query);
    }
    let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
    format!("/konto/logowanie?dalej={encoded}")
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

    fn takes_uploads(&self, method: Method, path: &str) -> bool {
        router::takes_uploads(pages::ROUTES, method, path, self.config.test_hooks)
    }
}
