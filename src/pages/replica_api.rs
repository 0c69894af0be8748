//! What read-only replicas (kiosks) pull from this server (DESIGN §8): a fresh public snapshot,
//! and the changes since the position a replica holds (`snapshot::delta`). The replica's token
//! in `Authorization: Bearer …` is the whole authority; a wrong or revoked one is refused with
//! 401, and an address that keeps sending wrong ones is made to wait (429). Both endpoints
//! remember the replica's contact for the panel (`/admin/repliki`).

use std::time::Instant;

use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::auth;
use crate::domain::replica::{Contact, Replica};
use crate::snapshot::delta::{self, Resync, Since};
use crate::snapshot::{Scope, download_name, fresh_snapshot_response};
use crate::web::http::Response;
use crate::web::rate_limit::Action;

/// Longest instance id accepted in a query (ours have 32 characters).
const MAX_INSTANCE_LEN: usize = 64;

/// `GET /api/replica/snapshot`: a public snapshot made now, streamed from a temporary file.
pub fn snapshot(app: &App, ctx: &Ctx) -> PageResult {
    let replica = match authenticate(app, ctx)? {
        Ok(replica) => replica,
        Err(refusal) => return Ok(refusal),
    };
    // The replica holds nothing it could confirm until it has loaded this copy.
    let held = replica.contact.as_ref().and_then(|c| c.position);
    remember(app, ctx, &replica, held);
    let name = download_name(Scope::Public, "replika");
    fresh_snapshot_response(&app.store, &app.config.data_dir, Scope::Public, &name)
        .map_err(|e| PageError::Internal(format!("a snapshot for replica {}: {e}", replica.id.0)))
}

/// `GET /api/replica/changes?after=P&instance=I&generation=G`: the changes after position `P`
/// as msgpack, or 409 when the replica must load a full snapshot instead.
pub fn changes(app: &App, ctx: &Ctx) -> PageResult {
    let replica = match authenticate(app, ctx)? {
        Ok(replica) => replica,
        Err(refusal) => return Ok(refusal),
    };
    let since = since(ctx)?;
    let answer = delta::build_delta(&app.store, &since, delta::LIMITS)?;
    // A position in another instance's history says nothing about this one.
    let foreign = matches!(
        answer,
        Err(Resync::OtherInstance | Resync::OtherGeneration | Resync::AheadOfPrimary)
    );
    remember(app, ctx, &replica, (!foreign).then_some(since.after));
    match answer {
        Ok(delta) => {
            let body = rmp_serde::to_vec_named(&delta)
                .map_err(|e| PageError::Internal(format!("encoding a delta: {e}")))?;
            Ok(Response::new(200, "application/vnd.msgpack", body)
                .with_header("Cache-Control", "no-store"))
        }
        Err(reason) => {
            let body = serde_json::json!({
                "error": format!("potrzebna pełna kopia: {}", reason.message()),
                "status": 409,
                "resync": true,
            });
            Ok(Response::json(409, body.to_string()).with_header("Cache-Control", "no-store"))
        }
    }
}

/// The replica whose token the request carries, or the 401 answer to send. An address whose
/// wrong tokens passed the limit waits, whatever it sends now.
fn authenticate(app: &App, ctx: &Ctx) -> Result<Result<Replica, Response>, PageError> {
    let address = ctx.client_ip();
    if let Some(wait) = app
        .rate_limits
        .wait(Action::ReplicaToken, &address, Instant::now())
    {
        return Err(PageError::TooManyRequests(wait.as_secs().max(1)));
    }
    let token = ctx
        .request
        .header("authorization")
        .and_then(|value| value.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| auth::is_token(token));
    let found = match token {
        Some(token) => app
            .store
            .active_replica_by_token(&auth::token_hash(token))?,
        None => None,
    };
    if let Some(replica) = found {
        return Ok(Ok(replica));
    }
    log::warn!("replica API: a request from {address} without a valid replica token");
    app.limit(Action::ReplicaToken, &address)?;
    let body = serde_json::json!({
        "error": "Ten serwer nie przyjmuje tego klucza repliki: klucz jest błędny albo replika została odwołana. Administrator serwera miasta może zarejestrować replikę ponownie w panelu (Panel → Repliki).",
        "status": 401,
    });
    Ok(Err(
        Response::json(401, body.to_string()).with_header("WWW-Authenticate", "Bearer")
    ))
}

/// The replica's position from the query.
fn since(ctx: &Ctx) -> Result<Since, PageError> {
    let number = |name: &str, label: &str| -> Result<u64, PageError> {
        ctx.query
            .get(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| PageError::BadRequest(format!("Brak albo błędna wartość: {label}.")))
    };
    let instance = ctx
        .query
        .get("instance")
        .filter(|i| i.len() <= MAX_INSTANCE_LEN)
        .ok_or_else(|| {
            PageError::BadRequest("Brak albo błędny identyfikator instancji.".to_string())
        })?;
    Ok(Since {
        after: number("after", "pozycja w dzienniku zmian")?,
        instance: instance.to_string(),
        generation: number("generation", "generacja danych")?,
    })
}

/// Remembers the replica's pull; a failure to do so is logged, never refused.
fn remember(app: &App, ctx: &Ctx, replica: &Replica, position: Option<u64>) {
    let contact = Contact {
        time: crate::domain::now(),
        position,
        address: ctx.client_ip(),
    };
    if let Err(e) = app.store.record_replica_contact(replica.id, contact) {
        log::error!("recording the pull of replica {}: {e}", replica.id.0);
    }
}
