//! Page handlers, one file per module, and the one route table that lists them all with the
//! access each needs. Handlers follow one recipe: parse → authorise → read/validate → store →
//! render or redirect.

mod account;
mod account_delete;
mod account_email;
mod account_login;
mod account_mail;
mod account_needs;
mod account_password;
mod account_register;
mod admin;
mod admin_audit;
mod admin_backups;
mod admin_outbox;
mod admin_replicas;
mod admin_settings;
mod admin_users;
mod claims;
mod enquiries;
mod enquiry_subjects;
mod equipment;
mod equipment_account;
mod equipment_admin;
mod equipment_api;
mod equipment_edit;
mod equipment_handover;
mod equipment_item;
mod equipment_photos;
mod equipment_requests;
mod error;
mod home;
mod indicator_edit;
mod info;
mod institution_edit;
mod institutions;
mod institutions_api;
pub mod kiosk;
pub mod kiosk_attract;
mod layout;
mod list_links;
mod local_api;
mod map;
mod media;
mod moderation;
mod need_edit;
mod need_page;
mod need_responses;
mod needs;
mod needs_api;
mod offer_actions;
mod offer_edit;
mod offer_photos;
mod offers;
mod offers_api;
mod offers_mine;
mod offers_moderation;
mod open_data;
mod open_data_catalog;
mod open_data_portal;
mod openapi;
mod organization_edit;
mod organization_form;
mod organization_logo;
mod organizations;
mod organizations_api;
mod pagination;
pub mod photo_upload;
mod premises;
mod premises_admin;
mod premises_api;
mod premises_applications;
mod premises_edit;
mod premises_page;
mod premises_photos;
mod premises_rent;
mod procurement_edit;
mod procurement_form;
mod procurement_stats;
mod procurements;
mod procurements_api;
mod programme;
mod programme_admin;
mod programme_api;
mod programme_event_edit;
mod programme_events;
pub mod read_only;
mod record_photos;
mod replica_api;
mod static_files;
mod subscriptions;
mod test_hooks;
mod tiles;

pub use error::PageError;
pub use layout::{render, render_error, render_error_for, render_status, status_title};

use crate::app::App;
use crate::domain::equipment::EquipmentItem;
use crate::domain::offer::Offer;
use crate::domain::premises::Premises;
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

    /// Whether a member of the city's staff (or an admin) is signed in: what decides the
    /// "manage" and "edit" links on public pages (the routes check access themselves).
    pub fn is_staff(&self) -> bool {
        self.visitor
            .user
            .as_ref()
            .is_some_and(|u| u.role.is_staff())
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

use Access::{Admin, Anonymous, Capability, Public, SignedIn, Staff, TestHook};

/// Every route of the platform.
pub static ROUTES: &[Route<PageFn>] = &[
    // Start page
    get("/", Public, home::show),
    // Baza PES (DESIGN §2)
    get("/podmioty", Public, organizations::list),
    get("/podmioty.atom", Public, organizations_api::feed),
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
    // Bank sprzętu (DESIGN §2)
    get("/sprzet", Public, equipment::list),
    get("/sprzet.atom", Public, equipment_api::feed),
    get("/sprzet/nowy", SignedIn, equipment_edit::new_form),
    post("/sprzet/nowy", SignedIn, equipment_edit::new_submit),
    get("/sprzet/{slug}", Public, equipment_item::show),
    get("/sprzet/{slug}/edycja", SignedIn, equipment_edit::edit_form),
    get(
        "/sprzet/{slug}/zdjecia",
        SignedIn,
        record_photos::page::<EquipmentItem>,
    ),
    upload(
        "/sprzet/{slug}/zdjecia",
        SignedIn,
        record_photos::add::<EquipmentItem>,
    ),
    post(
        "/sprzet/{slug}/zdjecia/opis",
        SignedIn,
        record_photos::change::<EquipmentItem>,
    ),
    post(
        "/sprzet/{slug}/zdjecia/kolejnosc",
        SignedIn,
        record_photos::change::<EquipmentItem>,
    ),
    post(
        "/sprzet/{slug}/zdjecia/usun",
        SignedIn,
        record_photos::change::<EquipmentItem>,
    ),
    post(
        "/sprzet/{slug}/edycja",
        SignedIn,
        equipment_edit::edit_submit,
    ),
    post(
        "/sprzet/{slug}/wnioski",
        SignedIn,
        equipment_requests::request,
    ),
    post(
        "/sprzet/{slug}/wnioski/{id}/zatwierdz",
        SignedIn,
        equipment_requests::approve,
    ),
    post(
        "/sprzet/{slug}/wnioski/{id}/odrzuc",
        SignedIn,
        equipment_requests::decline,
    ),
    post(
        "/sprzet/{slug}/wnioski/{id}/wycofaj",
        SignedIn,
        equipment_requests::withdraw,
    ),
    post(
        "/sprzet/{slug}/anuluj-rezerwacje",
        SignedIn,
        equipment_requests::cancel_reservation,
    ),
    post(
        "/sprzet/{slug}/przekazanie",
        SignedIn,
        equipment_handover::hand_over,
    ),
    post(
        "/sprzet/{slug}/zwrot",
        SignedIn,
        equipment_handover::record_return,
    ),
    post(
        "/sprzet/{slug}/ponownie-dostepny",
        SignedIn,
        equipment_handover::available_again,
    ),
    get("/admin/sprzet", Staff, equipment_admin::queue),
    post(
        "/admin/sprzet/{id}/zatwierdz",
        Staff,
        equipment_admin::accept,
    ),
    post("/admin/sprzet/{id}/odrzuc", Staff, equipment_admin::reject),
    get("/konto/sprzet", SignedIn, equipment_account::show),
    get("/api/v1/equipment", Public, equipment_api::list),
    get("/api/v1/equipment/{slug}", Public, equipment_api::show),
    // Produkty i usługi (DESIGN §2)
    get("/oferty", Public, offers::list),
    get("/oferty.atom", Public, offers_api::feed),
    get("/oferty/nowa", SignedIn, offer_edit::new_form),
    post("/oferty/nowa", SignedIn, offer_edit::new_submit),
    get("/oferty/{slug}", Public, offers::show),
    get("/oferty/{slug}/edycja", SignedIn, offer_edit::edit_form),
    post("/oferty/{slug}/edycja", SignedIn, offer_edit::edit_submit),
    get(
        "/oferty/{slug}/zdjecia",
        SignedIn,
        record_photos::page::<Offer>,
    ),
    upload(
        "/oferty/{slug}/zdjecia",
        SignedIn,
        record_photos::add::<Offer>,
    ),
    post(
        "/oferty/{slug}/zdjecia/opis",
        SignedIn,
        record_photos::change::<Offer>,
    ),
    post(
        "/oferty/{slug}/zdjecia/kolejnosc",
        SignedIn,
        record_photos::change::<Offer>,
    ),
    post(
        "/oferty/{slug}/zdjecia/usun",
        SignedIn,
        record_photos::change::<Offer>,
    ),
    post("/oferty/{slug}/publikuj", SignedIn, offer_actions::publish),
    post(
        "/oferty/{slug}/archiwizuj",
        SignedIn,
        offer_actions::archive,
    ),
    post("/oferty/{slug}/przywroc", SignedIn, offer_actions::restore),
    get("/konto/oferty", SignedIn, offers_mine::show),
    get("/admin/oferty", Staff, offers_moderation::queue),
    post(
        "/admin/oferty/{id}/zatwierdz",
        Staff,
        offers_moderation::approve,
    ),
    post(
        "/admin/oferty/{id}/odrzuc",
        Staff,
        offers_moderation::reject,
    ),
    get("/api/v1/offers", Public, offers_api::list),
    get("/api/v1/offers/{slug}", Public, offers_api::show),
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
    // Zapotrzebowanie (DESIGN §2): needs of the city and of PES, and the responses of PES
    get("/zapotrzebowanie", Public, needs::list),
    get("/zapotrzebowanie.atom", Public, needs_api::feed),
    get("/zapotrzebowanie/nowe", SignedIn, need_edit::new_form),
    post("/zapotrzebowanie/nowe", SignedIn, need_edit::new_submit),
    get("/zapotrzebowanie/{slug}", Public, need_page::show),
    get(
        "/zapotrzebowanie/{slug}/edycja",
        SignedIn,
        need_edit::edit_form,
    ),
    post(
        "/zapotrzebowanie/{slug}/edycja",
        SignedIn,
        need_edit::edit_submit,
    ),
    post(
        "/zapotrzebowanie/{slug}/zamknij",
        SignedIn,
        need_edit::close,
    ),
    post(
        "/zapotrzebowanie/{slug}/odpowiedzi",
        SignedIn,
        need_responses::respond,
    ),
    post(
        "/zapotrzebowanie/{slug}/odpowiedzi/{id}/wybierz",
        SignedIn,
        need_responses::choose,
    ),
    post(
        "/zapotrzebowanie/{slug}/odpowiedzi/{id}/wycofaj",
        SignedIn,
        need_responses::withdraw,
    ),
    get(
        "/zapotrzebowanie/{slug}/odpowiedzi/{id}/zalacznik",
        SignedIn,
        need_responses::attachment_download,
    ),
    get("/konto/zapotrzebowanie", SignedIn, account_needs::show),
    get("/api/v1/needs", Public, needs_api::list),
    get("/api/v1/needs/{slug}", Public, needs_api::show),
    // Baza lokalowa (DESIGN §2): municipal premises, managed by staff; PES apply
    get("/lokale", Public, premises::list),
    get("/lokale.atom", Public, premises_api::feed),
    get("/lokale/nowy", Staff, premises_edit::new_form),
    post("/lokale/nowy", Staff, premises_edit::new_submit),
    get("/lokale/{slug}", Public, premises_page::show),
    get("/lokale/{slug}/edycja", Staff, premises_edit::edit_form),
    post("/lokale/{slug}/edycja", Staff, premises_edit::edit_submit),
    post("/lokale/{slug}/archiwizuj", Staff, premises_edit::archive),
    post("/lokale/{slug}/przywroc", Staff, premises_edit::restore),
    get(
        "/lokale/{slug}/zdjecia",
        Staff,
        record_photos::page::<Premises>,
    ),
    upload(
        "/lokale/{slug}/zdjecia",
        Staff,
        record_photos::add::<Premises>,
    ),
    post(
        "/lokale/{slug}/zdjecia/opis",
        Staff,
        record_photos::change::<Premises>,
    ),
    post(
        "/lokale/{slug}/zdjecia/kolejnosc",
        Staff,
        record_photos::change::<Premises>,
    ),
    post(
        "/lokale/{slug}/zdjecia/usun",
        Staff,
        record_photos::change::<Premises>,
    ),
    upload(
        "/lokale/{slug}/wnioski",
        SignedIn,
        premises_applications::submit,
    ),
    get(
        "/lokale/{slug}/wnioski/{id}/dokumenty/{doc}",
        SignedIn,
        premises_applications::document_download,
    ),
    get("/konto/lokale", SignedIn, premises_applications::account),
    get("/admin/lokale", Staff, premises_admin::list),
    get("/admin/lokale/stawki", Staff, premises_rent::form),
    post("/admin/lokale/stawki", Staff, premises_rent::submit),
    get(
        "/admin/lokale/{slug}/wnioski",
        Staff,
        premises_admin::applications,
    ),
    post(
        "/admin/lokale/{slug}/wnioski/{id}/decyzja",
        Staff,
        premises_admin::decide,
    ),
    post(
        "/admin/lokale/{slug}/status",
        Staff,
        premises_admin::change_status,
    ),
    get("/api/v1/premises", Public, premises_api::list),
    get("/api/v1/premises/{slug}", Public, premises_api::show),
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
    // Kopie zapasowe (DESIGN §8): the schedule's state, its snapshots, a snapshot now
    get("/admin/kopie", Admin, admin_backups::page),
    post("/admin/kopie/teraz", Admin, admin_backups::take_now),
    post("/admin/kopie/swieza", Admin, admin_backups::fresh),
    get("/admin/kopie/pliki/{plik}", Admin, admin_backups::download),
    // The local channel of `pestor snapshot` on this machine: the token of control.json is the
    // authority, checked by the handler, which also requires a loopback client.
    get(
        crate::snapshot::LOCAL_SNAPSHOT_PATH,
        Capability,
        local_api::snapshot,
    ),
    // Zapytania (enquiries about listings; a side without an account uses its secret link)
    get("/zapytania", SignedIn, enquiries::inbox),
    get("/zapytania/nowe", Public, enquiries::new_form),
    post("/zapytania/nowe", Public, enquiries::new_submit),
    get("/zapytania/{id}", Public, enquiries::thread),
    post("/zapytania/{id}", Public, enquiries::reply),
    // Nowości e-mailem (subscriptions; the settings and unsubscribe links carry their key)
    get("/subskrypcje", Public, subscriptions::form),
    post("/subskrypcje", Public, subscriptions::submit),
    get("/subskrypcje/potwierdz", Public, subscriptions::confirm),
    get(
        "/subskrypcje/ustawienia",
        Capability,
        subscriptions::settings,
    ),
    post("/subskrypcje/ustawienia", Capability, subscriptions::change),
    get(
        "/subskrypcje/wypisz",
        Capability,
        subscriptions::unsubscribe_form,
    ),
    post(
        "/subskrypcje/wypisz",
        Capability,
        subscriptions::unsubscribe,
    ),
    // Mapa wsparcia: support institutions (DESIGN §2), kept by staff
    get("/wsparcie", Public, institutions::list),
    get("/wsparcie.atom", Public, institutions_api::feed),
    get("/wsparcie/nowa", Staff, institution_edit::new_form),
    post("/wsparcie/nowa", Staff, institution_edit::new_submit),
    get("/wsparcie/{slug}", Public, institutions::show),
    get(
        "/wsparcie/{slug}/edycja",
        Staff,
        institution_edit::edit_form,
    ),
    post(
        "/wsparcie/{slug}/edycja",
        Staff,
        institution_edit::edit_submit,
    ),
    post(
        "/wsparcie/{slug}/archiwizuj",
        Staff,
        institution_edit::archive,
    ),
    post(
        "/wsparcie/{slug}/przywroc",
        Staff,
        institution_edit::restore,
    ),
    post("/wsparcie/{slug}/usun", Staff, institution_edit::delete),
    get("/api/v1/institutions", Public, institutions_api::list),
    get(
        "/api/v1/institutions/{slug}",
        Public,
        institutions_api::show,
    ),
    // Klauzule społeczne (DESIGN §2): the register of procurements with social clauses, kept
    // by staff, with its statistics
    get("/klauzule", Public, procurements::list),
    get("/klauzule.atom", Public, procurements_api::feed),
    get("/klauzule/statystyki", Public, procurement_stats::page),
    get("/klauzule/{slug}", Public, procurements::show),
    get("/admin/klauzule", Staff, procurement_edit::admin_list),
    get("/admin/klauzule/nowe", Staff, procurement_edit::new_form),
    post("/admin/klauzule/nowe", Staff, procurement_edit::new_submit),
    get(
        "/admin/klauzule/{id}/edycja",
        Staff,
        procurement_edit::edit_form,
    ),
    post(
        "/admin/klauzule/{id}/edycja",
        Staff,
        procurement_edit::edit_submit,
    ),
    post("/admin/klauzule/{id}/usun", Staff, procurement_edit::delete),
    get("/api/v1/procurements", Public, procurements_api::list),
    get(
        "/api/v1/procurements/{slug}",
        Public,
        procurements_api::show,
    ),
    // Dane otwarte (DESIGN §2, §2.1): the catalogue, the platform in numbers, the API's description
    get("/dane", Public, open_data_portal::catalogue),
    get("/dane/w-liczbach", Public, open_data_portal::numbers),
    get("/api/v1/openapi.json", Public, openapi::document),
    // Monitoring programu (DESIGN §2): indicators and events, kept by staff
    get("/program", Public, programme::overview),
    get(
        "/program/wskazniki/{slug}",
        Public,
        programme::indicator_page,
    ),
    get("/program/wydarzenia", Public, programme_events::list),
    get("/program/wydarzenia.atom", Public, programme_api::feed),
    get("/program/wydarzenia/{slug}", Public, programme_events::show),
    get("/admin/program", Staff, programme_admin::page),
    get(
        "/admin/program/wskazniki/nowy",
        Staff,
        indicator_edit::new_form,
    ),
    post(
        "/admin/program/wskazniki/nowy",
        Staff,
        indicator_edit::new_submit,
    ),
    get(
        "/admin/program/wskazniki/{id}/edycja",
        Staff,
        indicator_edit::edit_form,
    ),
    post(
        "/admin/program/wskazniki/{id}/edycja",
        Staff,
        indicator_edit::edit_submit,
    ),
    post(
        "/admin/program/wskazniki/{id}/usun",
        Staff,
        indicator_edit::delete,
    ),
    post(
        "/admin/program/wskazniki/{id}/pomiary",
        Staff,
        indicator_edit::add_measurement,
    ),
    post(
        "/admin/program/wskazniki/{id}/pomiary/usun",
        Staff,
        indicator_edit::remove_measurement,
    ),
    get(
        "/admin/program/wydarzenia/nowe",
        Staff,
        programme_event_edit::new_form,
    ),
    post(
        "/admin/program/wydarzenia/nowe",
        Staff,
        programme_event_edit::new_submit,
    ),
    get(
        "/admin/program/wydarzenia/{id}/edycja",
        Staff,
        programme_event_edit::edit_form,
    ),
    post(
        "/admin/program/wydarzenia/{id}/edycja",
        Staff,
        programme_event_edit::edit_submit,
    ),
    post(
        "/admin/program/wydarzenia/{id}/usun",
        Staff,
        programme_event_edit::delete,
    ),
    get("/api/v1/indicators", Public, programme_api::indicators),
    get(
        "/api/v1/indicators/{slug}",
        Public,
        programme_api::indicator,
    ),
    get("/api/v1/events", Public, programme_api::events),
    get("/api/v1/events/{slug}", Public, programme_api::event),
    // Mapy (DESIGN §2, §7): the map of all layers and the locality chooser of the forms
    get("/mapa", Public, map::page),
    get("/mapa/miejscowosci", Public, map::localities),
    // Information pages
    get("/deklaracja-dostepnosci", Public, info::accessibility),
    get("/prywatnosc", Public, info::privacy),
    get("/o-platformie", Public, info::about),
    get("/regulamin", Public, info::terms),
    // Photos and logos (media): immutable, cached for a year
    get("/media/{id}/duze.jpg", Public, media::display),
    get("/media/{id}/miniatura.jpg", Public, media::thumbnail),
    // Map tiles (DESIGN §7): the embedded base map, drawn on request
    get("/tiles/{z}/{x}/{y}.png", Public, tiles::show),
    // Embedded files
    get("/static/{*path}", Public, static_files::serve),
    get("/favicon.ico", Public, static_files::favicon),
    // Read-only replicas (kiosks, DESIGN §8): registered by admins, pulling with their token
    get("/admin/repliki", Admin, admin_replicas::list),
    post("/admin/repliki", Admin, admin_replicas::add),
    post("/admin/repliki/{id}/odwolaj", Admin, admin_replicas::revoke),
    get("/api/replica/snapshot", Capability, replica_api::snapshot),
    get("/api/replica/changes", Capability, replica_api::changes),
    // Kiosk (DESIGN §9): the start screen and the view switches; 404 unless `--kiosk`
    get("/kiosk", Public, kiosk::start),
    get("/kiosk/widok", Public, kiosk::view),
    get("/kiosk/pokaz", Public, kiosk_attract::show),
    // Only with PESTOR_TEST_HOOKS=1: proves a panic becomes a 500 and nothing dies.
    get("/__test/panic", TestHook, test_hooks::panic),
    // Only with PESTOR_TEST_HOOKS=1: the morning digests at a chosen moment.
    get("/__test/zestawienia", TestHook, test_hooks::digests),
];
