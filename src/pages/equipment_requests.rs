//! Requests for equipment: a representative asks for an item for one of their organisations
//! (`POST /sprzet/{slug}/wnioski`) or withdraws the request; the donor side approves one
//! (the item is reserved, the other requests are declined and everyone is told by e-mail),
//! declines one, or cancels the reservation.

use super::equipment_item::{
    Forms, actor, donor_side_only, mail_to, show_with, step, visible_item,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::equipment::{self, Asking, EquipmentItem, EquipmentRequest, RequestId};
use crate::domain::organization::OrgId;
use crate::domain::user::Role;
use crate::domain::validate::FieldErrors;
use crate::mail::messages::MailSite;
use crate::mail::messages::equipment as letters;
use crate::store::EquipmentLookup;

/// The request `{id}` of the item, or 404.
fn request_of(app: &App, ctx: &Ctx, item: &EquipmentItem) -> Result<EquipmentRequest, PageError> {
    let id = ctx
        .param("id")
        .parse::<u64>()
        .map_err(|_| PageError::NotFound)?;
    app.store
        .equipment_request(RequestId(id))?
        .filter(|r| r.item == item.id)
        .ok_or(PageError::NotFound)
}

fn organization_name(lookup: &EquipmentLookup, id: OrgId) -> String {
    lookup
        .organization(id)
        .map(|o| o.name)
        .unwrap_or_else(|| "organizacja".to_string())
}

/// `POST /sprzet/{slug}/wnioski` — a verified representative asks for the item for one of
/// their organisations, with a justification.
pub fn request(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = ctx.user()?.clone();
    if equipment::requesting_organizations(&user).is_empty() {
        return Err(PageError::Forbidden);
    }
    let chosen = ctx.form.get("organization").unwrap_or("").to_string();
    let text = ctx.form.raw("justification").unwrap_or("").to_string();
    let mut errors = FieldErrors::default();
    let organization = match chosen.parse::<u64>().map(OrgId) {
        Ok(org) if equipment::may_request_for(&user, org) => Some(org),
        Ok(_) => return Err(PageError::Forbidden),
        Err(_) => {
            errors.add(
                "organization",
                "Wybierz organizację, dla której prosisz o sprzęt.",
            );
            None
        }
    };
    let justification = equipment::check_justification(&text).unwrap_or_else(|e| {
        errors.add("justification", e);
        String::new()
    });
    let Some(organization) = organization.filter(|_| errors.is_empty()) else {
        let forms = Forms {
            errors,
            organization: chosen,
            justification: text,
            ..Forms::default()
        };
        return show_with(app, ctx, &item, 422, forms);
    };
    let actor = actor(app, &user, &item, Some(organization))?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    step(app, ctx, &item, "wniosek-wyslany", |change, lookup| {
        let org_name = organization_name(lookup, organization);
        let asking = Asking {
            organization,
            org_name: &org_name,
            user: user.id,
            justification,
        };
        let new = equipment::request(
            &mut change.item,
            &change.requests,
            asking,
            &actor,
            crate::domain::now(),
        )?;
        change.requests.push(new);
        if let Some(author) = change.item.author.and_then(|id| lookup.user(id))
            && author.id != user.id
        {
            let content = letters::request_received(
                &site,
                &author.name,
                &change.item.title,
                &change.item.slug,
                &org_name,
            );
            change
                .mails
                .extend(mail_to(&author, content, "sprzet-nowy-wniosek"));
        }
        Ok(())
    })
}

/// `POST /sprzet/{slug}/wnioski/{id}/zatwierdz` — the donor side approves one request; the
/// item is reserved for that organisation and the other open requests are declined. Every
/// requester is told by e-mail.
pub fn approve(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let chosen = request_of(app, ctx, &item)?;
    let actor = actor(app, &user, &item, None)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    step(app, ctx, &item, "zatwierdzono", |change, lookup| {
        let org_name = organization_name(lookup, chosen.organization);
        let declined = equipment::approve(
            &mut change.item,
            &mut change.requests,
            chosen.id,
            &org_name,
            &actor,
            crate::domain::now(),
        )?;
        let item = &change.item;
        let mut mails = Vec::new();
        if let Some(requester) = lookup.user(chosen.user) {
            let pickup = format!("{}, osiedle {}", item.pickup_address, item.pickup_district);
            let content = letters::request_approved(
                &site,
                &requester.name,
                &item.title,
                &item.slug,
                &org_name,
                &pickup,
            );
            mails.extend(mail_to(&requester, content, "sprzet-wniosek-zatwierdzony"));
        }
        for id in declined {
            let Some(other) = change.request(id) else {
                continue;
            };
            if let Some(requester) = lookup.user(other.user) {
                let content = letters::request_declined(
                    &site,
                    &requester.name,
                    &item.title,
                    &item.slug,
                    &organization_name(lookup, other.organization),
                    &other.reason,
                );
                mails.extend(mail_to(&requester, content, "sprzet-wniosek-odrzucony"));
            }
        }
        change.mails.extend(mails);
        Ok(())
    })
}

/// `POST /sprzet/{slug}/wnioski/{id}/odrzuc` — the donor side declines one open request,
/// optionally saying why; the requester is told by e-mail.
pub fn decline(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let chosen = request_of(app, ctx, &item)?;
    let reason = match equipment::check_reason(ctx.form.raw("reason").unwrap_or("")) {
        Ok(reason) => reason,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", message);
            let forms = Forms {
                errors,
                reason_for: Some(chosen.id.0),
                ..Forms::default()
            };
            return show_with(app, ctx, &item, 422, forms);
        }
    };
    let actor = actor(app, &user, &item, None)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    step(app, ctx, &item, "wniosek-odrzucony", |change, lookup| {
        let org_name = organization_name(lookup, chosen.organization);
        equipment::decline(
            &mut change.item,
            &mut change.requests,
            chosen.id,
            &reason,
            &org_name,
            &actor,
            crate::domain::now(),
        )?;
        if let Some(requester) = lookup.user(chosen.user) {
            let content = letters::request_declined(
                &site,
                &requester.name,
                &change.item.title,
                &change.item.slug,
                &org_name,
                &reason,
            );
            change
                .mails
                .extend(mail_to(&requester, content, "sprzet-wniosek-odrzucony"));
        }
        Ok(())
    })
}

/// `POST /sprzet/{slug}/wnioski/{id}/wycofaj` — the requesting organisation withdraws its
/// open request.
pub fn withdraw(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = ctx.user()?.clone();
    if user.role != Role::Pes {
        return Err(PageError::Forbidden);
    }
    let chosen = request_of(app, ctx, &item)?;
    if !equipment::may_withdraw(&user, &chosen) {
        return Err(PageError::Forbidden);
    }
    let actor = actor(app, &user, &item, Some(chosen.organization))?;
    step(app, ctx, &item, "wniosek-wycofany", |change, lookup| {
        let org_name = organization_name(lookup, chosen.organization);
        equipment::withdraw(
            &mut change.item,
            &mut change.requests,
            chosen.id,
            &org_name,
            &actor,
            crate::domain::now(),
        )
    })
}

/// `POST /sprzet/{slug}/anuluj-rezerwacje` — the donor side cancels the reservation; the item
/// is available again and the organisation is told by e-mail.
pub fn cancel_reservation(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let text = ctx.form.raw("cancel_reason").unwrap_or("");
    let reason = match equipment::check_reason(text) {
        Ok(reason) => reason,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("cancel_reason", message);
            let forms = Forms {
                errors,
                cancel_reason: text.to_string(),
                ..Forms::default()
            };
            return show_with(app, ctx, &item, 422, forms);
        }
    };
    let actor = actor(app, &user, &item, None)?;
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    step(app, ctx, &item, "rezerwacja-anulowana", |change, lookup| {
        let org_name = change
            .item
            .reserved_for
            .map(|org| organization_name(lookup, org))
            .unwrap_or_default();
        let cancelled = equipment::cancel_reservation(
            &mut change.item,
            &mut change.requests,
            &reason,
            &org_name,
            &actor,
            crate::domain::now(),
        )?;
        let requester = cancelled
            .and_then(|id| change.request(id))
            .and_then(|r| lookup.user(r.user));
        if let Some(requester) = requester {
            let content = letters::reservation_cancelled(
                &site,
                &requester.name,
                &change.item.title,
                &change.item.slug,
                &org_name,
                &reason,
            );
            change
                .mails
                .extend(mail_to(&requester, content, "sprzet-rezerwacja-anulowana"));
        }
        Ok(())
    })
}
