//! `/admin/lokale/stawki`: staff edit the discount rules of the premises' rent (data in the
//! settings). The page states how the discounts combine; the form is shown again with the fields
//! marked when a percent cannot be read.

use serde::Serialize;

use super::{Ctx, PageResult, render_status};
use crate::app::App;
use crate::domain::premises_rent::{
    MAX_PERCENT, Position, Purpose, RentRulesInput, calculate, position_field, purpose_field,
};
use crate::domain::validate::FieldErrors;
use crate::web::http::Response;

const TITLE: &str = "Zniżki czynszu za lokale";

#[derive(Serialize)]
struct Field {
    name: &'static str,
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct RulesView {
    csrf: String,
    purposes: Vec<Field>,
    positions: Vec<Field>,
    errors: FieldErrors,
    saved: bool,
    max_percent: u8,
    /// A worked example with the current rules: 50 m² at 20 zł in an attic, for the first
    /// purpose.
    example: crate::domain::premises_rent::RentBreakdown,
}

fn show(
    app: &App,
    ctx: &Ctx,
    status: u16,
    input: RentRulesInput,
    errors: FieldErrors,
) -> PageResult {
    let settings = app.settings();
    let value = |pairs: &[(String, String)], code: &str| {
        pairs
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let view = RulesView {
        csrf: ctx.visitor.csrf_token(),
        purposes: Purpose::ALL
            .iter()
            .map(|p| Field {
                name: purpose_field(*p),
                label: p.label(),
                value: value(&input.purposes, p.code()),
            })
            .collect(),
        positions: Position::ALL
            .iter()
            .map(|p| Field {
                name: position_field(*p),
                label: p.label(),
                value: value(&input.positions, p.code()),
            })
            .collect(),
        errors,
        saved: ctx.query.get("zapisano") == Some("tak"),
        max_percent: MAX_PERCENT,
        example: calculate(
            5000,
            2000,
            Position::Attic,
            Purpose::Social,
            &settings.premises_rent,
        ),
    };
    render_status(app, ctx, status, "premises/rent.html", TITLE, view)
}

/// `GET /admin/lokale/stawki`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    let input = RentRulesInput::from_rules(&app.settings().premises_rent);
    show(app, ctx, 200, input, FieldErrors::default())
}

/// `POST /admin/lokale/stawki`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let typed = |name: &str| ctx.form.get(name).unwrap_or("").to_string();
    let input = RentRulesInput {
        purposes: Purpose::ALL
            .iter()
            .map(|p| (p.code().to_string(), typed(purpose_field(*p))))
            .collect(),
        positions: Position::ALL
            .iter()
            .map(|p| (p.code().to_string(), typed(position_field(*p))))
            .collect(),
    };
    let rules = match input.check() {
        Ok(rules) => rules,
        Err(errors) => return show(app, ctx, 422, input, errors),
    };
    let mut settings = app.store.settings()?;
    settings.premises_rent = rules;
    app.store.save_settings(&settings, Some(user.id.0))?;
    match app.settings.write() {
        Ok(mut current) => *current = settings,
        Err(poisoned) => *poisoned.into_inner() = settings,
    }
    Ok(Response::redirect(303, "/admin/lokale/stawki?zapisano=tak"))
}
