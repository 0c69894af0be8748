//! `/admin/repliki`: the read-only replicas (kiosks) that follow this server. An administrator
//! registers one by name and is shown its token once, with the command to run on the kiosk;
//! the list shows each replica's last contact and how far behind it is; a replica can be
//! revoked, and its next pull is refused.

use serde::Serialize;

use super::admin::{When, id_param};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::auth;
use crate::domain::replica::{self, Replica, ReplicaId};
use crate::domain::validate::FieldErrors;
use crate::web::http::Response;

#[derive(Serialize)]
struct Row {
    id: u64,
    name: String,
    created: When,
    revoked: Option<When>,
    contact: Option<When>,
    /// "3 minuty temu".
    contact_ago: Option<String>,
    address: Option<String>,
    /// The changelog position it said it holds.
    position: Option<u64>,
    /// "na bieżąco", "12 zmian do pobrania".
    lag: Option<String>,
    behind: bool,
    /// Active and not heard from for over an hour.
    silent: bool,
}

/// A replica just registered: the only time its token is shown.
#[derive(Serialize)]
struct Registered {
    name: String,
    token: String,
    command: String,
}

#[derive(Serialize)]
struct ReplicasView {
    csrf: String,
    /// This server's newest changelog entry.
    position: u64,
    /// The address replicas are started with.
    public_url: String,
    rows: Vec<Row>,
    active: usize,
    name: String,
    errors: FieldErrors,
    registered: Option<Registered>,
    revoked: bool,
}

/// `GET /admin/repliki`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let revoked = ctx.query.get("odwolano").is_some();
    page(
        app,
        ctx,
        200,
        String::new(),
        FieldErrors::default(),
        None,
        revoked,
    )
}

/// `POST /admin/repliki`: registers a replica and shows its token once.
pub fn add(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?.id;
    let typed = ctx.form.raw("name").unwrap_or("");
    let name = match replica::validate_name(typed) {
        Ok(name) => name,
        Err(errors) => return page(app, ctx, 422, typed.to_string(), errors, None, false),
    };
    let token = auth::new_token().map_err(|e| PageError::Internal(e.to_string()))?;
    let added = app.store.add_replica(
        name,
        &auth::token_hash(&token),
        Some(admin),
        crate::domain::now(),
    )?;
    log::info!("replica {} „{}” registered", added.id.0, added.name);
    let registered = Registered {
        command: format!(
            "pestor serve --replica-of {} --token {token}",
            app.config.public_url
        ),
        name: added.name,
        token,
    };
    page(
        app,
        ctx,
        200,
        String::new(),
        FieldErrors::default(),
        Some(registered),
        false,
    )
}

/// `POST /admin/repliki/{id}/odwolaj`: the replica's token stops working at once.
pub fn revoke(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?.id;
    let id = ReplicaId(id_param(ctx)?);
    let revoked = app
        .store
        .revoke_replica(id, Some(admin), crate::domain::now())?
        .ok_or(PageError::NotFound)?;
    log::info!("replica {} „{}” revoked", revoked.id.0, revoked.name);
    Ok(Response::redirect(303, "/admin/repliki?odwolano=1"))
}

fn page(
    app: &App,
    ctx: &Ctx,
    status: u16,
    name: String,
    errors: FieldErrors,
    registered: Option<Registered>,
    revoked: bool,
) -> PageResult {
    let position = app.store.changelog_position()?;
    let now = crate::domain::now();
    let replicas = app.store.replicas()?;
    let view = ReplicasView {
        csrf: ctx.visitor.csrf_token(),
        position,
        public_url: app.config.public_url.clone(),
        active: replicas.iter().filter(|r| r.is_active()).count(),
        rows: replicas.iter().map(|r| row(r, position, now)).collect(),
        name,
        errors,
        registered,
        revoked,
    };
    render_status(
        app,
        ctx,
        status,
        "admin/replicas.html",
        "Repliki tylko do odczytu",
        view,
    )
}

fn row(replica: &Replica, position: u64, now: crate::domain::Timestamp) -> Row {
    let contact = replica.contact.as_ref();
    let behind = replica.entries_behind(position);
    Row {
        id: replica.id.0,
        name: replica.name.clone(),
        created: When::new(replica.created),
        revoked: replica.revoked.map(When::new),
        contact: contact.map(|c| When::new(c.time)),
        contact_ago: contact.map(|c| replica::ago(now - c.time)),
        address: contact.map(|c| c.address.clone()).filter(|a| !a.is_empty()),
        position: contact.and_then(|c| c.position),
        lag: behind.map(replica::lag_text),
        behind: behind.is_some_and(|n| n > 0),
        silent: replica.is_silent(now),
    }
}

/// The line under the panel's entry: how many replicas and which have gone silent.
pub(super) fn dashboard_counts(app: &App) -> Result<(Vec<String>, Vec<String>), PageError> {
    let replicas = app.store.replicas()?;
    let now = crate::domain::now();
    let active: Vec<&Replica> = replicas.iter().filter(|r| r.is_active()).collect();
    let silent = active.iter().filter(|r| r.is_silent(now)).count() as u64;
    let mut alerts = Vec::new();
    if silent > 0 {
        alerts.push(super::admin::count_text(
            silent,
            (
                "replika nie łączy się",
                "repliki nie łączą się",
                "replik nie łączy się",
            ),
            "od ponad godziny",
        ));
    }
    let notes = vec![match active.len() as u64 {
        0 => "Nie ma działających replik.".to_string(),
        n => format!(
            "Działające repliki: {}",
            crate::text::format::integer(n as i64)
        ),
    }];
    Ok((alerts, notes))
}
