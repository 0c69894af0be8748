//! The shared page frame: what every template gets besides its own view, and error pages.

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{Ctx, PageResult};
use crate::app::App;
use crate::text::format;
use crate::web::http::{Request, Response};
use crate::web::visitor::Visitor;

/// The modules that exist, in navigation order. A module appears here when it works.
const NAVIGATION: &[(&str, &str)] = &[
    ("/", "Strona główna"),
    ("/podmioty", "Baza PES"),
    ("/oferty", "Produkty i usługi"),
    ("/sprzet", "Bank sprzętu"),
    ("/zapotrzebowanie", "Zapotrzebowanie"),
    ("/lokale", "Lokale"),
    ("/wsparcie", "Wsparcie"),
    ("/mapa", "Mapy"),
    ("/klauzule", "Klauzule społeczne"),
    ("/program", "Program"),
    ("/dane", "Dane otwarte"),
    ("/o-platformie", "O platformie"),
];

#[derive(Serialize)]
struct NavItem {
    href: &'static str,
    label: &'static str,
    current: bool,
}

#[derive(Serialize)]
struct Layout {
    gmina: String,
    title: String,
    demo: bool,
    nav: Vec<NavItem>,
    css: String,
    logo: String,
    /// The signed-in person's name, for the account menu.
    user: Option<String>,
    /// For the log-out form in the header.
    csrf: Option<String>,
    /// Set on a read-only replica (kiosk): how fresh its data is.
    replica: Option<ReplicaBanner>,
    /// Set in kiosk mode (`--kiosk`): the page is framed for a public touch screen.
    kiosk: Option<KioskLayout>,
}

/// The kiosk's frame: the bar with "Wstecz" and "Ekran startowy", the view switches, the idle
/// reset and, on a record page, the QR code of the same page on the city's server.
#[derive(Serialize)]
struct KioskLayout {
    body_class: String,
    idle_secs: u64,
    /// Where "Wstecz" leads without JavaScript; none on the start screen, where going back
    /// could only lead to the previous visitor's pages.
    back: Option<String>,
    /// This page, percent-encoded, for the switches to come back to.
    here: String,
    large_text: bool,
    high_contrast: bool,
    css: String,
    script: String,
    keyboard_script: String,
    record_qr: Option<super::kiosk::RecordQr>,
}

fn kiosk_layout(app: &App, request: Option<&Request>, path: &str) -> Option<KioskLayout> {
    let config = app.config.kiosk.as_ref()?;
    let prefs = request.map(super::kiosk::ViewPrefs::of).unwrap_or_default();
    let here = request
        .map(super::kiosk::path_and_query)
        .unwrap_or_else(|| "/kiosk".to_string());
    Some(KioskLayout {
        body_class: prefs.body_class(),
        idle_secs: config.idle_secs,
        back: (path != "/kiosk").then(|| {
            request
                .map(super::kiosk::back_link)
                .unwrap_or_else(|| "/kiosk".to_string())
        }),
        here: url::form_urlencoded::byte_serialize(here.as_bytes()).collect(),
        large_text: prefs.large_text,
        high_contrast: prefs.high_contrast,
        css: app.assets.versioned_url("css/kiosk.css"),
        script: app.assets.versioned_url("js/kiosk.js"),
        keyboard_script: app.assets.versioned_url("js/kiosk-keyboard.js"),
        record_qr: request.and_then(|_| super::kiosk::record_qr(app, path)),
    })
}

/// "Dane z dnia … — kopia tylko do odczytu", and a note when the city server has been out of
/// reach for a while.
#[derive(Serialize)]
struct ReplicaBanner {
    /// When the city server read the data shown ("27 listopada 2026, 14:05"); `None` before
    /// the first copy arrived.
    as_of: Option<String>,
    /// Since when the city server cannot be reached, once that has lasted.
    offline_since: Option<String>,
}

fn layout(
    app: &App,
    request: Option<&Request>,
    path: &str,
    title: &str,
    visitor: Option<&Visitor>,
) -> Layout {
    let user = visitor.and_then(|v| v.user.as_ref());
    let staff = user.is_some_and(|u| u.role.is_staff());
    let nav = NAVIGATION
        .iter()
        .chain(staff.then_some(&("/admin", "Panel")))
        .map(|(href, label)| NavItem {
            href,
            label,
            current: *href == path || (*href != "/" && path.starts_with(&format!("{href}/"))),
        })
        .collect();
    Layout {
        gmina: app.settings().gmina_name,
        title: title.to_string(),
        demo: app.demo_loaded(),
        nav,
        css: app.assets.versioned_url("css/site.css"),
        logo: app.assets.versioned_url("img/logo.svg"),
        user: user.map(|u| u.name.clone()),
        csrf: user.and(visitor).map(|v| v.csrf_token()),
        replica: app.replica.as_ref().map(|replica| {
            let status = replica.view(crate::domain::now());
            ReplicaBanner {
                as_of: status.as_of.map(format::date_time),
                offline_since: status.offline_since.map(format::date_time),
            }
        }),
        kiosk: kiosk_layout(app, request, path),
    }
}

/// Renders `template` with `view` inside the layout, as a 200 HTML page.
pub fn render(
    app: &App,
    ctx: &Ctx,
    template: &str,
    title: &str,
    view: impl Serialize,
) -> PageResult {
    render_status(app, ctx, 200, template, title, view)
}

/// Like [`render`] with another status (422 for a form shown again with its errors).
pub fn render_status(
    app: &App,
    ctx: &Ctx,
    status: u16,
    template: &str,
    title: &str,
    view: impl Serialize,
) -> PageResult {
    let layout = layout(
        app,
        Some(ctx.request),
        &ctx.request.path,
        title,
        Some(&ctx.visitor),
    );
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout)),
        page => Value::from(Serde(&view)),
    };
    let html = app.templates.render(template, context)?;
    let mut response = Response::html(status, html);
    // Pages that know who is asking must not be kept by shared caches.
    if ctx.visitor.user.is_some() {
        response.set_header("Cache-Control", "private, no-store");
    }
    Ok(response)
}

/// Renders `template` with `view` inside the layout for a visitor nobody knows (no session is
/// read): pages answered before a handler runs. Falls back to plain text if the template fails.
pub(super) fn render_page(
    app: &App,
    request: &Request,
    status: u16,
    template: &str,
    title: &str,
    view: impl Serialize,
) -> Response {
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout(app, Some(request), &request.path, title, None))),
        page => Value::from(Serde(&view)),
    };
    match app.templates.render(template, context) {
        Ok(html) => Response::html(status, html),
        Err(e) => {
            log::error!("{template}: {e:#}");
            Response::text(status, &format!("{status} {title}"))
        }
    }
}

/// A short Polish title for an HTTP status.
pub fn status_title(status: u16) -> &'static str {
    match status {
        400 => "Nieprawidłowe zapytanie",
        403 => "Brak dostępu",
        404 => "Nie znaleziono strony",
        405 => "Niedozwolona metoda",
        413 => "Przesłane dane są za duże",
        429 => "Za dużo zapytań",
        503 => "Serwis chwilowo niedostępny",
        _ => "Błąd serwera",
    }
}

fn status_explanation(status: u16) -> &'static str {
    match status {
        400 => {
            "Adres zawiera parametry, których nie rozumiemy. Sprawdź go albo zacznij od strony głównej."
        }
        403 => "Nie masz uprawnień do tej strony.",
        404 => {
            "Pod tym adresem nie ma strony. Mogła zostać przeniesiona albo usunięta, albo w adresie jest literówka."
        }
        405 => "Ta strona nie obsługuje takiego rodzaju zapytania.",
        413 => {
            "Przesłany plik lub formularz przekracza dopuszczalny rozmiar: zdjęcie może mieć najwyżej 15 MB, a inne formularze (także z dokumentem) najwyżej 1 MB. Zmniejsz plik i spróbuj ponownie."
        }
        429 => "Wysłano zbyt wiele zapytań w krótkim czasie. Odczekaj chwilę i spróbuj ponownie.",
        503 => "Serwis jest chwilowo przeciążony. Spróbuj ponownie za chwilę.",
        _ => {
            "Coś poszło nie tak po naszej stronie. Błąd został zapisany; spróbuj ponownie za chwilę."
        }
    }
}

#[derive(Serialize)]
struct ErrorView<'a> {
    status: u16,
    message: Option<&'a str>,
    explanation: &'static str,
}

/// A Polish error page. Falls back to plain text if even the template fails.
pub fn render_error(app: &App, status: u16, message: Option<&str>) -> Response {
    render_error_for(app, None, status, message)
}

/// [`render_error`] for a known request (a kiosk keeps the visitor's view switches on it).
pub fn render_error_for(
    app: &App,
    request: Option<&Request>,
    status: u16,
    message: Option<&str>,
) -> Response {
    let title = status_title(status);
    let view = ErrorView {
        status,
        message,
        explanation: status_explanation(status),
    };
    let context = minijinja::context! {
        layout => Value::from(Serde(&layout(app, request, "", title, None))),
        page => Value::from(Serde(&view)),
    };
    match app.templates.render("errors/error.html", context) {
        Ok(html) => Response::html(status, html),
        Err(e) => {
            log::error!("error page template: {e:#}");
            Response::text(status, &format!("{status} {title}"))
        }
    }
}
