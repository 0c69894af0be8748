//! `GET /api/local/snapshot`: a fresh full snapshot for `pestor snapshot` on the same machine
//! (see `snapshot::local`). No session and no CSRF token: the authority is the token from
//! `control.json`, which only the data directory's owner can read, and the request must come
//! straight from a loopback address — not through a reverse proxy, which would make every
//! visitor look local.

use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::snapshot::{Scope, download_name, fresh_snapshot_response};
use crate::web::http::{Request, Response};

/// Headers a reverse proxy adds: a request carrying one did not come from this machine.
const FORWARDING_HEADERS: [&str; 3] = ["x-forwarded-for", "forwarded", "x-real-ip"];

/// `GET /api/local/snapshot`
pub fn snapshot(app: &App, ctx: &Ctx) -> PageResult {
    if !from_this_machine(ctx.request) {
        return Ok(refusal(
            403,
            "Ten adres działa tylko dla poleceń pestor uruchomionych na tym samym komputerze (połączenie z 127.0.0.1, bez pośrednika).",
        ));
    }
    let token = ctx
        .request
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(refusal(
            401,
            "Brak tokenu: wyślij nagłówek „Authorization: Bearer …” z tokenem z pliku control.json w katalogu danych.",
        ));
    };
    if !app.local_channel.accepts(token) {
        return Ok(refusal(
            401,
            "Nieprawidłowy token: użyj tokenu z aktualnego pliku control.json (zmienia się przy każdym starcie serwera).",
        ));
    }
    let label = super::admin_backups::instance_label(app);
    let filename = download_name(Scope::Full, &label);
    log::info!("kanał lokalny: pełna kopia zapasowa dla polecenia pestor ({filename})");
    fresh_snapshot_response(&app.store, &app.config.data_dir, Scope::Full, &filename)
        .map_err(|e| PageError::Internal(format!("kopia dla kanału lokalnego: {e}")))
}

fn from_this_machine(request: &Request) -> bool {
    request.remote.is_some_and(|a| a.ip().is_loopback())
        && FORWARDING_HEADERS
            .iter()
            .all(|name| request.header(name).is_none())
}

fn refusal(status: u16, text: &str) -> Response {
    let mut response = Response::text(status, &format!("{text}\n"));
    response.set_header("Cache-Control", "no-store");
    if status == 401 {
        response.set_header("WWW-Authenticate", "Bearer realm=\"pestor\"");
    }
    response
}
