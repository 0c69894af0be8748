//! The running application: shared state, and the dispatch of one request through the route
//! table to a page handler, with errors turned into Polish pages in one place.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockWriteGuard};
use std::time::Instant;

use crate::config::ServeConfig;
use crate::domain::settings::Settings;
use crate::domain::user::Role;
use crate::mail::messages::MailSite;
use crate::mail::sender::Wakeup;
use crate::mail::subscriptions;
use crate::map::street::StreetMap;
use crate::pages::{self, Ctx, PageError};
use crate::search::OrgIndex;
use crate::search::catalog::Catalog;
use crate::search::premises::PremisesIndex;
use crate::search::procurements::ProcurementIndex;
use crate::snapshot::replica_pull::ReplicaStatus;
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
    /// The Bank sprzętu's public items.
    pub equipment: RwLock<Catalog>,
    /// The needs board (zapotrzebowanie), every need whatever its status.
    pub needs: RwLock<Catalog>,
    /// Published offers (Produkty i usługi), see `search::offers`.
    pub offers: RwLock<Catalog>,
    /// Public premises of the Baza lokalowa, see `search::premises`.
    pub premises: RwLock<PremisesIndex>,
    /// Public support institutions (Mapa wsparcia), see `search::institutions`.
    pub institutions: RwLock<Catalog>,
    /// Procurements with social clauses, see `search::procurements`.
    pub procurements: RwLock<ProcurementIndex>,
    /// Events of the cooperation programme (Monitoring programu), see
    /// `search::programme_events`.
    pub programme_events: RwLock<Catalog>,
    pub settings: RwLock<Settings>,
    pub templates: Templates,
    pub assets: Assets,
    pub config: ServeConfig,
    /// Whether any demo record is loaded (the layout then shows a banner).
    demo_loaded: AtomicBool,
    /// Attempts at log-in, registration and resets, per address and per account.
    pub rate_limits: RateLimiter,
    /// Tells the mail sender that a message is waiting.
    pub mail_wakeup: Wakeup,
    /// The imported street-level map (`pestor map import`), if any. Imports happen while the
    /// server is stopped, so it is read at start — and again when a read-only replica receives
    /// a new copy of the data (see [`App::reload`]).
    street_map: RwLock<Option<Arc<StreetMap>>>,
    /// Map tiles drawn on request, kept within a memory bound (`map::cache`).
    pub tiles: crate::map::cache::TileCache,
    /// Scheduled snapshots: settings, what happened last, the one-at-a-time lock.
    pub backups: crate::snapshot::Backups,
    /// The token of the local channel for `pestor snapshot` on this machine.
    pub local_channel: crate::snapshot::LocalChannel,
    /// Set when the server runs as a read-only replica (`--replica-of`): where its data comes
    /// from and how fresh it is.
    pub replica: Option<ReplicaStatus>,
    /// When each table last changed (the update times of the open-data catalogue).
    pub table_times: crate::store::TableTimes,
}

/// What the server reads from the store to answer pages fast: every in-memory index, the
/// settings and the street map, built in one go at start (and again by [`App::reload`]).
struct Loaded {
    organizations: OrgIndex,
    equipment: Catalog,
    needs: Catalog,
    offers: Catalog,
    premises: PremisesIndex,
    institutions: Catalog,
    procurements: ProcurementIndex,
    programme_events: Catalog,
    settings: Settings,
    demo_loaded: bool,
    street_map: Option<StreetMap>,
}

impl Loaded {
    fn build(store: &Store) -> Result<Loaded, String> {
        let settings = store.settings().map_err(|e| e.to_string())?;
        let organizations = store.organizations().map_err(|e| e.to_string())?;
        let demo_loaded = organizations.iter().any(|o| o.demo);
        // The offers index is the largest to build: it builds on the second core while this
        // thread builds the others (start-up budget, DESIGN §6).
        let (index, equipment, needs, offer_index) = std::thread::scope(|scope| {
            let offers_job = scope.spawn(|| -> Result<_, String> {
                let offers = store.offers().map_err(|e| e.to_string())?;
                Ok(crate::search::offers::build(&offers, &organizations))
            });
            let equipment = {
                let names: std::collections::HashMap<_, _> =
                    organizations.iter().map(|o| (o.id, &o.name)).collect();
                let items = store.equipment_items().map_err(|e| e.to_string())?;
                crate::search::equipment::build(&items, |id| names.get(&id).map(|n| n.to_string()))
            };
            let needs = crate::search::needs::build(store).map_err(|e| e.to_string())?;
            let index = OrgIndex::build(organizations.clone());
            let offer_index = offers_job
                .join()
                .map_err(|_| "budowa indeksu ofert przerwana błędem wewnętrznym".to_string())??;
            Ok::<_, String>((index, equipment, needs, offer_index))
        })?;
        let premises = {
            let names: std::collections::HashMap<_, _> =
                organizations.iter().map(|o| (o.id, &o.name)).collect();
            let all = store.all_premises().map_err(|e| e.to_string())?;
            PremisesIndex::build(&all, |p| {
                p.tenant.and_then(|t| names.get(&t).map(|n| n.to_string()))
            })
        };
        let institutions =
            crate::search::institutions::build(&store.institutions().map_err(|e| e.to_string())?);
        let procurements =
            ProcurementIndex::build(&store.procurements().map_err(|e| e.to_string())?);
        let programme_events = crate::search::programme_events::build(
            &store.programme_events().map_err(|e| e.to_string())?,
        );
        // A damaged map description must not keep the platform from starting.
        let street_map = StreetMap::load(store).unwrap_or_else(|e| {
            log::error!("the imported street map cannot be read: {e}");
            None
        });
        Ok(Loaded {
            organizations: index,
            equipment,
            needs,
            offers: offer_index,
            premises,
            institutions,
            procurements,
            programme_events,
            settings,
            demo_loaded,
            street_map,
        })
    }
}

/// The write guard of `lock`, also after a panic elsewhere (every value put there is whole).
fn write_lock<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    /// Builds the application over an opened store: loads settings, builds the search index,
    /// compiles the templates.
    pub fn new(store: Store, config: ServeConfig) -> Result<App, String> {
        let loaded = Loaded::build(&store)?;
        let templates = Templates::load(config.dev)?;
        let replica = match &config.replica {
            Some(source) => {
                let position = store.replica_position().map_err(|e| e.to_string())?;
                Some(ReplicaStatus::new(
                    &source.url,
                    source.pull_every,
                    position.map(|p| p.as_of),
                ))
            }
            None => None,
        };
        let backups = crate::snapshot::Backups::new(config.backup.clone(), store.path());
        let local_channel = crate::snapshot::LocalChannel::new(&config.data_dir)?;
        Ok(App {
            store,
            organizations: RwLock::new(loaded.organizations),
            equipment: RwLock::new(loaded.equipment),
            needs: RwLock::new(loaded.needs),
            offers: RwLock::new(loaded.offers),
            premises: RwLock::new(loaded.premises),
            institutions: RwLock::new(loaded.institutions),
            procurements: RwLock::new(loaded.procurements),
            programme_events: RwLock::new(loaded.programme_events),
            settings: RwLock::new(loaded.settings),
            templates,
            assets: Assets::load(),
            config,
            demo_loaded: AtomicBool::new(loaded.demo_loaded),
            rate_limits: RateLimiter::new(DEFAULT_RULES),
            mail_wakeup: Wakeup::new(),
            street_map: RwLock::new(loaded.street_map.map(Arc::new)),
            tiles: crate::map::cache::TileCache::new(crate::map::cache::DEFAULT_CAPACITY),
            backups,
            local_channel,
            replica,
            table_times: crate::store::TableTimes::default(),
        })
    }

    /// Builds every in-memory index, the settings and the street map again from the store and
    /// puts them in place (a read-only replica, after it received new data). Pages go on being
    /// answered from the previous ones while the new ones are built.
    pub fn reload(&self) -> Result<(), String> {
        let loaded = Loaded::build(&self.store)?;
        *write_lock(&self.organizations) = loaded.organizations;
        *write_lock(&self.equipment) = loaded.equipment;
        *write_lock(&self.needs) = loaded.needs;
        *write_lock(&self.offers) = loaded.offers;
        *write_lock(&self.premises) = loaded.premises;
        *write_lock(&self.institutions) = loaded.institutions;
        *write_lock(&self.procurements) = loaded.procurements;
        *write_lock(&self.programme_events) = loaded.programme_events;
        *write_lock(&self.settings) = loaded.settings;
        self.demo_loaded
            .store(loaded.demo_loaded, Ordering::Relaxed);
        *write_lock(&self.street_map) = loaded.street_map.map(Arc::new);
        // Tiles of a map that was replaced or removed must not be served from memory.
        self.tiles
            .remove_source(crate::map::cache::TileSource::Street);
        self.table_times.reset();
        Ok(())
    }

    /// Whether any demo record is loaded (the layout then shows a banner).
    pub fn demo_loaded(&self) -> bool {
        self.demo_loaded.load(Ordering::Relaxed)
    }

    /// The imported street-level map, if any.
    pub fn street_map(&self) -> Option<Arc<StreetMap>> {
        match self.street_map.read() {
            Ok(map) => map.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
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
        self.reindex_offers_of(org);
    }

    /// The organisation's offers carry its name and follow its state in the offer catalog.
    fn reindex_offers_of(&self, org: &crate::domain::organization::Organization) {
        let offers = match self.store.offers_of_organization(org.id) {
            Ok(offers) => offers,
            Err(e) => {
                log::error!("reindexing the offers of organisation {}: {e}", org.id.0);
                return;
            }
        };
        let mut catalog = match self.offers.write() {
            Ok(catalog) => catalog,
            Err(poisoned) => poisoned.into_inner(),
        };
        for offer in &offers {
            crate::search::offers::update(&mut catalog, offer, Some(org));
        }
    }

    /// Brings the offer catalog in line with a stored offer (listed when it and its
    /// organisation are published, removed otherwise).
    pub fn reindex_offer(&self, offer: &crate::domain::offer::Offer) {
        let org = match self.store.organization(offer.organization) {
            Ok(org) => org,
            Err(e) => {
                log::error!("reindexing offer {}: {e}", offer.id.0);
                None
            }
        };
        let mut catalog = match self.offers.write() {
            Ok(catalog) => catalog,
            Err(poisoned) => poisoned.into_inner(),
        };
        crate::search::offers::update(&mut catalog, offer, org.as_ref());
    }

    /// Brings the equipment index in line with a stored item (added, changed, published or
    /// withdrawn).
    pub fn reindex_equipment(&self, item: &crate::domain::equipment::EquipmentItem) {
        let donor_name = match item.donor.organization() {
            Some(id) => match self.store.organization(id) {
                Ok(org) => org.map(|o| o.name),
                Err(e) => {
                    log::error!("indexing equipment {}: {e}", item.id.0);
                    None
                }
            },
            None => None,
        };
        let mut index = match self.equipment.write() {
            Ok(index) => index,
            Err(poisoned) => poisoned.into_inner(),
        };
        if item.is_public() {
            index.upsert(crate::search::equipment::doc(item, donor_name.as_deref()));
        } else {
            index.remove(item.id.0);
        }
    }

    /// Brings the premises index in line with stored premises (added, changed, archived).
    pub fn reindex_premises(&self, premises: &crate::domain::premises::Premises) {
        let tenant = match premises.tenant.map(|id| self.store.organization(id)) {
            Some(Ok(org)) => org.map(|o| o.name),
            Some(Err(e)) => {
                log::error!("indexing premises {}: {e}", premises.id.0);
                None
            }
            None => None,
        };
        match self.premises.write() {
            Ok(mut index) => index.update(premises, tenant.as_deref()),
            Err(poisoned) => poisoned.into_inner().update(premises, tenant.as_deref()),
        }
    }

    /// Brings the institutions index in line with a stored institution (added, changed,
    /// archived or restored); `None` for `id` removes a deleted one.
    pub fn reindex_institution(
        &self,
        id: crate::domain::institution::InstitutionId,
        record: Option<&crate::domain::institution::Institution>,
    ) {
        let mut catalog = match self.institutions.write() {
            Ok(catalog) => catalog,
            Err(poisoned) => poisoned.into_inner(),
        };
        match record {
            Some(record) => crate::search::institutions::update(&mut catalog, record),
            None => catalog.remove(id.0),
        }
    }

    /// Brings the procurements index in line with a stored procurement (added or changed);
    /// `None` for `record` removes a deleted one.
    pub fn reindex_procurement(
        &self,
        id: crate::domain::procurement::ProcurementId,
        record: Option<&crate::domain::procurement::Procurement>,
    ) {
        let mut index = write_lock(&self.procurements);
        match record {
            Some(record) => index.update(record),
            None => index.remove(id.0),
        }
    }

    /// Brings the programme events index in line with a stored event (added or changed);
    /// `None` for `record` removes a deleted one.
    pub fn reindex_programme_event(
        &self,
        id: crate::domain::programme_event::ProgrammeEventId,
        record: Option<&crate::domain::programme_event::ProgrammeEvent>,
    ) {
        let mut catalog = write_lock(&self.programme_events);
        match record {
            Some(record) => catalog.upsert(crate::search::programme_events::doc(record)),
            None => catalog.remove(id.0),
        }
    }

    /// Brings the needs index in line with a stored need (posted, edited or closed).
    pub fn reindex_need(&self, need: &crate::domain::need::Need) {
        let requester = match need.requester.organization() {
            Some(id) => match self.store.organization(id) {
                Ok(org) => org.map(|o| o.name).unwrap_or_default(),
                Err(e) => {
                    log::error!("reindexing need {}: {e}", need.id.0);
                    String::new()
                }
            },
            None => crate::search::needs::requester_name(need, &Default::default()),
        };
        let doc = crate::search::needs::doc(need, &requester);
        match self.needs.write() {
            Ok(mut index) => index.upsert(doc),
            Err(poisoned) => poisoned.into_inner().upsert(doc),
        }
    }

    /// Tells subscribers that a listing of the exchange (an offer, equipment item or need) has
    /// just become public. Call it once, after the commit that first publishes the record.
    pub fn listing_published(&self, listing: &crate::domain::listing::Listing) {
        let settings = self.settings();
        let site = MailSite::new(&self.config.public_url, &settings);
        match subscriptions::listing_published(&self.store, &site, listing, crate::domain::now()) {
            Ok(0) => {}
            Ok(_) => self.wake_mail(),
            Err(e) => log::error!("powiadomienie subskrybentów o {}: {e}", listing.path()),
        }
    }

    /// Queues the daily digests that are due (called by a periodic job while serving).
    pub fn send_due_digests(&self) {
        let settings = self.settings();
        let site = MailSite::new(&self.config.public_url, &settings);
        match subscriptions::send_due_digests(&self.store, &site, crate::domain::now()) {
            Ok(0) => {}
            Ok(n) => {
                log::info!("zestawienia nowości w kolejce: {n}");
                self.wake_mail();
            }
            Err(e) => log::error!("zestawienia nowości: {e}"),
        }
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
        let kiosk = self.config.kiosk.is_some();
        if request.method == Method::Other {
            return if kiosk {
                pages::kiosk::not_found(self, request)
            } else {
                self.error_page(405)
            };
        }
        match router::find(
            pages::ROUTES,
            request.method,
            &request.path,
            self.config.test_hooks,
        ) {
            Match::Found { route, params } => {
                if kiosk && !pages::kiosk::allows(route) {
                    return pages::kiosk::not_found(self, request);
                }
                if kiosk && request.path == "/" {
                    return Response::redirect(303, "/kiosk");
                }
                if let Some(replica) = &self.replica
                    && pages::read_only::refuses(route)
                {
                    return pages::read_only::answer(self, request, replica);
                }
                let resolved = if kiosk {
                    Ok(Visitor::anonymous(request))
                } else {
                    Visitor::resolve(&self.store, request)
                };
                let visitor = match resolved {
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
                if request.path.starts_with("/api/v1/") {
                    let licence = self
                        .settings
                        .read()
                        .unwrap_or_else(PoisonError::into_inner)
                        .open_data_licence;
                    response.set_header("Link", format!("<{}>; rel=\"license\"", licence.url()));
                }
                ctx.visitor.finish(&mut response);
                response
            }
            Match::WrongMethod(_) | Match::NotFound if kiosk => {
                pages::kiosk::not_found(self, request)
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
        pages::render_error_for(self, Some(ctx.request), status, message)
    }
}

/// Checks the route's access rule and, for forms, the CSRF token and origin.
fn authorise(access: Access, ctx: &Ctx) -> Result<(), PageError> {
    let user = ctx.visitor.user.as_ref();
    let allowed = match access {
        Access::Public | Access::TestHook => true,
        // The token is the authority and a forged request cannot know it.
        Access::Capability => return Ok(()),
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
        if self.config.kiosk.is_some() {
            pages::kiosk::finish(&mut response);
        }
        apply_security_headers(&mut response);
        response
    }

    fn error_page(&self, status: u16) -> Response {
        let mut response = pages::render_error(self, status, None);
        if self.config.kiosk.is_some() {
            pages::kiosk::finish(&mut response);
        }
        apply_security_headers(&mut response);
        response
    }

    fn takes_uploads(&self, method: Method, path: &str) -> bool {
        router::takes_uploads(pages::ROUTES, method, path, self.config.test_hooks)
    }
}
