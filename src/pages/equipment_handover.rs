//! The end of an item's way: the donor side records the handover to the organisation it is
//! reserved for (date and protocol number), for a loan later the return, and may then offer
//! the returned item again.

use super::equipment_item::{Forms, actor, donor_side_only, show_with, step, visible_item};
use super::{Ctx, PageResult};
use crate::app::App;
use crate::domain::equipment;
use crate::domain::validate::FieldErrors;
use crate::text::format;

/// `POST /sprzet/{slug}/przekazanie` — the handover date (`YYYY-MM-DD`, not in the future) and
/// the protocol number.
pub fn hand_over(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let date_text = ctx.form.get("handover_date").unwrap_or("").to_string();
    let protocol_text = ctx.form.get("protocol").unwrap_or("").to_string();
    let today = format::today();
    let mut errors = FieldErrors::default();
    let date = match equipment::parse_date(&date_text) {
        Ok(date) if date > today => {
            errors.add(
                "handover_date",
                "Data przekazania nie może być w przyszłości.",
            );
            None
        }
        Ok(date) => Some(date),
        Err(message) => {
            errors.add("handover_date", message);
            None
        }
    };
    let protocol = equipment::check_protocol(&protocol_text).unwrap_or_else(|message| {
        errors.add("protocol", message);
        String::new()
    });
    let Some(date) = date.filter(|_| errors.is_empty()) else {
        let forms = Forms {
            errors,
            handover_date: date_text,
            protocol: protocol_text,
            ..Forms::default()
        };
        return show_with(app, ctx, &item, 422, forms);
    };
    let actor = actor(app, &user, &item, None)?;
    step(app, ctx, &item, "przekazano", |change, lookup| {
        let org_name = change
            .item
            .reserved_for
            .and_then(|org| lookup.organization(org))
            .map(|o| o.name)
            .unwrap_or_default();
        equipment::hand_over(
            &mut change.item,
            date,
            &protocol,
            &org_name,
            &actor,
            today,
            crate::domain::now(),
        )
    })
}

/// `POST /sprzet/{slug}/zwrot` — the date a lent item came back.
pub fn record_return(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let date_text = ctx.form.get("return_date").unwrap_or("").to_string();
    let today = format::today();
    let handed = item.handover.as_ref().map(|h| h.date);
    let message = match equipment::parse_date(&date_text) {
        Ok(date) if date > today => Err("Data zwrotu nie może być w przyszłości."),
        Ok(date) if handed.is_some_and(|h| date < h) => {
            Err("Data zwrotu nie może być wcześniejsza niż data przekazania.")
        }
        other => other,
    };
    let date = match message {
        Ok(date) => date,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("return_date", message);
            let forms = Forms {
                errors,
                return_date: date_text,
                ..Forms::default()
            };
            return show_with(app, ctx, &item, 422, forms);
        }
    };
    let actor = actor(app, &user, &item, None)?;
    step(app, ctx, &item, "zwrocono", |change, _| {
        equipment::record_return(&mut change.item, date, &actor, today, crate::domain::now())
    })
}

/// `POST /sprzet/{slug}/ponownie-dostepny` — a returned item is offered again.
pub fn available_again(app: &App, ctx: &Ctx) -> PageResult {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    let actor = actor(app, &user, &item, None)?;
    step(app, ctx, &item, "dostepny", |change, _| {
        equipment::make_available(&mut change.item, &actor, crate::domain::now())
    })
}
