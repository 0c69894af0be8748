//! `/admin/sprzet`: staff accept or reject equipment that representatives and residents
//! submitted, so that the bank stays free of spam. The author is told by e-mail, with the
//! reason when rejected.

use serde::Serialize;

use super::equipment::{organizations_of, public_donor};
use super::equipment_item::{actor, mail_to};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::claim::check_message;
use crate::domain::equipment::{self, Donor, EquipmentId, EquipmentItem};
use crate::domain::{self as records, RecordState};
use crate::mail::messages::MailSite;
use crate::mail::messages::equipment as letters;
use crate::web::http::Response;

#[derive(Serialize)]
struct QueueItem {
    id: u64,
    title: String,
    href: String,
    category: &'static str,
    quantity: u32,
    unit: &'static str,
    mode: &'static str,
    donor: String,
    author: String,
    email: String,
    summary: String,
    created: i64,
    /// The reason typed when it came back with an error.
    reason: String,
    error: Option<&'static str>,
}

#[derive(Serialize)]
struct QueueView {
    csrf: String,
    pending: Vec<QueueItem>,
    done: Option<String>,
}

/// The queue, oldest first; `failed` is an item whose rejection came back with an error.
fn queue_page(
    app: &App,
    ctx: &Ctx,
    status: u16,
    failed: Option<(EquipmentId, String, &'static str)>,
) -> PageResult {
    let items: Vec<EquipmentItem> = app
        .store
        .equipment_items()?
        .into_iter()
        .filter(|i| i.state == RecordState::Pending)
        .collect();
    let orgs = organizations_of(app, &items, &[])?;
    let mut pending = Vec::with_capacity(items.len());
    for item in &items {
        let author = match item.author {
            Some(id) => app.store.user(id)?,
            None => None,
        };
        let (reason, error) = match &failed {
            Some((id, reason, error)) if *id == item.id => (reason.clone(), Some(*error)),
            _ => (String::new(), None),
        };
        let donor = match &item.donor {
            Donor::Person { name } => format!("{name} (osoba prywatna)"),
            _ => public_donor(item, &orgs),
        };
        pending.push(QueueItem {
            id: item.id.0,
            title: item.title.clone(),
            href: format!("/sprzet/{}", item.slug),
            category: item.category.label(),
            quantity: item.quantity,
            unit: item.unit.label(),
            mode: item.mode.label(),
            donor,
            author: author.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
            email: author.map(|u| u.email).unwrap_or_default(),
            summary: equipment::summary(&item.description, 300),
            created: item.created,
            reason,
            error,
        });
    }
    let view = QueueView {
        csrf: ctx.visitor.csrf_token(),
        pending,
        done: ctx.query.get("decyzja").map(str::to_string),
    };
    render_status(
        app,
        ctx,
        status,
        "admin/equipment.html",
        "Sprzęt do akceptacji",
        view,
    )
}

/// `GET /admin/sprzet`
pub fn queue(app: &App, ctx: &Ctx) -> PageResult {
    queue_page(app, ctx, 200, None)
}

fn pending_item(app: &App, ctx: &Ctx) -> Result<EquipmentItem, PageError> {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    app.store
        .equipment(EquipmentId(id))?
        .ok_or(PageError::NotFound)
}

/// `POST /admin/sprzet/{id}/zatwierdz` — the item is published and its author told.
pub fn accept(app: &App, ctx: &Ctx) -> PageResult {
    let item = pending_item(app, ctx)?;
    let user = ctx.user()?;
    let actor = actor(app, user, &item, None)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let mut first_time = false;
    let outcome = app
        .store
        .change_equipment(item.id, Some(user.id), |change, lookup| {
            first_time = equipment::accept(&mut change.item, &actor, records::now())?;
            if let Some(author) = change.item.author.and_then(|id| lookup.user(id)) {
                let content = letters::item_accepted(
                    &site,
                    &author.name,
                    &change.item.title,
                    &change.item.slug,
                );
                change
                    .mails
                    .extend(mail_to(&author, content, "sprzet-zaakceptowany"));
            }
            Ok::<(), &'static str>(())
        })?
        .ok_or(PageError::NotFound)?;
    let decision = match outcome {
        Ok(done) => {
            app.reindex_equipment(&done.item);
            if first_time {
                app.listing_published(&done.item.listing());
            }
            app.wake_mail();
            "zaakceptowano"
        }
        Err(_) => "wczesniej",
    };
    Ok(Response::redirect(
        303,
        &format!("/admin/sprzet?decyzja={decision}"),
    ))
}

/// `POST /admin/sprzet/{id}/odrzuc` — needs a reason, which is e-mailed to the author.
pub fn reject(app: &App, ctx: &Ctx) -> PageResult {
    let item = pending_item(app, ctx)?;
    let user = ctx.user()?;
    let text = ctx.form.raw("reason").unwrap_or("");
    let reason = match check_message(text, true) {
        Ok(reason) => reason,
        Err(message) => {
            return queue_page(app, ctx, 422, Some((item.id, text.to_string(), message)));
        }
    };
    let actor = actor(app, user, &item, None)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let outcome = app
        .store
        .change_equipment(item.id, Some(user.id), |change, lookup| {
            equipment::reject(&mut change.item, &reason, &actor, records::now())?;
            if let Some(author) = change.item.author.and_then(|id| lookup.user(id)) {
                let content =
                    letters::item_rejected(&site, &author.name, &change.item.title, &reason);
                change
                    .mails
                    .extend(mail_to(&author, content, "sprzet-odrzucony"));
            }
            Ok::<(), &'static str>(())
        })?
        .ok_or(PageError::NotFound)?;
    let decision = match outcome {
        Ok(done) => {
            app.reindex_equipment(&done.item);
            app.wake_mail();
            "odrzucono"
        }
        Err(_) => "wczesniej",
    };
    Ok(Response::redirect(
        303,
        &format!("/admin/sprzet?decyzja={decision}"),
    ))
}
