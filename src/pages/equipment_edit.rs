//! Adding equipment to the bank (`/sprzet/nowy`: staff for a city department — public at once;
//! a representative for one of their organisations and a resident as a private person — both
//! wait for staff) and editing it while it is available (`/sprzet/{slug}/edycja`: the author
//! and staff).

use serde::Serialize;

use super::equipment_item::{actor, donor_side_only, step, visible_item};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::equipment::{
    self, Condition, Donor, DonorKind, EquipmentCategory, EquipmentId, EquipmentItem, Mode, Status,
    Unit,
};
use crate::domain::equipment_input::EquipmentInput;
use crate::domain::organization::OrgId;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self as records, RecordState};
use crate::text::format;
use crate::web::http::Response;

/// Reads the submitted form.
fn read(ctx: &Ctx) -> EquipmentInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    EquipmentInput {
        title: text("title"),
        category: text("category"),
        condition: text("condition"),
        quantity: text("quantity"),
        unit: text("unit"),
        description: f.raw("description").unwrap_or("").to_string(),
        pickup_address: text("pickup_address"),
        pickup_district: text("pickup_district"),
        department: text("department"),
        organization: text("organization"),
        person: text("person"),
        mode: text("mode"),
        return_by: text("return_by"),
    }
}

#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
    selected: bool,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v).to_string(),
            label: label(*v).to_string(),
            selected: chosen == code(*v),
        })
        .collect()
}

#[derive(Serialize)]
struct FormView {
    csrf: String,
    action: String,
    heading: String,
    submit: &'static str,
    cancel_href: String,
    input: EquipmentInput,
    errors: FieldErrors,
    categories: Vec<Choice>,
    conditions: Vec<Choice>,
    units: Vec<Choice>,
    modes: Vec<Choice>,
    districts: Vec<Choice>,
    /// "department", "organization" or "person".
    donor_kind: &'static str,
    /// A new item's organisations to choose from.
    organizations: Vec<Choice>,
    /// An edited item's donating organisation (it does not change).
    donor_fixed: Option<String>,
    is_new: bool,
    /// The item will wait for staff before it is public.
    waits_for_staff: bool,
    /// The first day a loan's return date may be.
    tomorrow: String,
}

fn form_view(
    app: &App,
    ctx: &Ctx,
    item: &EquipmentItem,
    input: EquipmentInput,
    errors: FieldErrors,
    is_new: bool,
) -> Result<FormView, PageError> {
    let user = ctx.user()?;
    let mut districts: Vec<Choice> = super::organizations::read_index(app)
        .districts()
        .into_iter()
        .map(|d| Choice {
            selected: d.name == input.pickup_district,
            code: d.name.clone(),
            label: d.name,
        })
        .collect();
    if !input.pickup_district.is_empty() && !districts.iter().any(|d| d.selected) {
        districts.push(Choice {
            code: input.pickup_district.clone(),
            label: input.pickup_district.clone(),
            selected: true,
        });
    }
    let (donor_kind, organizations, donor_fixed) = match &item.donor {
        Donor::Department { .. } => ("department", Vec::new(), None),
        Donor::Person { .. } => ("person", Vec::new(), None),
        Donor::Organization { id } if !is_new => {
            let name = app.store.organization(*id)?.map(|o| o.name);
            ("organization", Vec::new(), name)
        }
        Donor::Organization { .. } => {
            let orgs = app
                .store
                .organizations_by_ids(&user.organizations)?
                .into_iter()
                .map(|o| Choice {
                    selected: input.organization == o.id.0.to_string(),
                    code: o.id.0.to_string(),
                    label: o.name,
                })
                .collect();
            ("organization", orgs, None)
        }
    };
    let (action, heading, cancel_href) = if is_new {
        (
            "/sprzet/nowy".to_string(),
            "Dodaj sprzęt do banku".to_string(),
            "/sprzet".to_string(),
        )
    } else {
        (
            format!("/sprzet/{}/edycja", item.slug),
            format!("Edycja: {}", item.title),
            format!("/sprzet/{}", item.slug),
        )
    };
    let tomorrow = format::today()
        .tomorrow()
        .map(|d| d.to_string())
        .unwrap_or_default();
    Ok(FormView {
        csrf: ctx.visitor.csrf_token(),
        action,
        heading,
        submit: match (is_new, user.role.is_staff()) {
            (true, true) => "Dodaj sprzęt",
            (true, false) => "Wyślij do akceptacji urzędu",
            (false, _) => "Zapisz zmiany",
        },
        cancel_href,
        categories: choices(
            EquipmentCategory::ALL,
            EquipmentCategory::code,
            EquipmentCategory::label,
            &input.category,
        ),
        conditions: choices(
            Condition::ALL,
            Condition::code,
            Condition::label,
            &input.condition,
        ),
        units: choices(Unit::ALL, Unit::code, Unit::label, &input.unit),
        modes: choices(Mode::ALL, Mode::code, Mode::label, &input.mode),
        districts,
        donor_kind,
        organizations,
        donor_fixed,
        is_new,
        waits_for_staff: is_new && !user.role.is_staff(),
        tomorrow,
        input,
        errors,
    })
}

fn show_form(
    app: &App,
    ctx: &Ctx,
    status: u16,
    item: &EquipmentItem,
    input: EquipmentInput,
    errors: FieldErrors,
    is_new: bool,
) -> PageResult {
    let view = form_view(app, ctx, item, input, errors, is_new)?;
    let title = if is_new {
        "Dodaj sprzęt do banku".to_string()
    } else {
        "Edycja sprzętu".to_string()
    };
    render_status(app, ctx, status, "equipment/form.html", &title, view)
}

/// A new item of `user`, before the form fills it: the donor is of the kind the person may
/// name.
fn blank(user: &User, kind: DonorKind) -> EquipmentItem {
    let now = records::now();
    let donor = match kind {
        DonorKind::Department => Donor::Department {
            name: String::new(),
        },
        DonorKind::Organization => Donor::Organization {
            id: user.organizations.first().copied().unwrap_or(OrgId(0)),
        },
        DonorKind::Person => Donor::Person {
            name: String::new(),
        },
    };
    EquipmentItem {
        id: EquipmentId(0),
        slug: String::new(),
        title: String::new(),
        category: EquipmentCategory::Other,
        condition: Condition::Good,
        quantity: 1,
        unit: Unit::Piece,
        description: String::new(),
        pickup_address: String::new(),
        pickup_district: String::new(),
        donor,
        mode: Mode::Transfer,
        return_by: None,
        photos: Vec::new(),
        state: RecordState::Pending,
        status: Status::Available,
        reserved_for: None,
        reserved_request: None,
        handover: None,
        returned_on: None,
        rejection: None,
        published: None,
        history: Vec::new(),
        created: now,
        updated: now,
        author: Some(user.id),
        demo: false,
    }
}

fn adder(ctx: &Ctx) -> Result<(User, DonorKind), PageError> {
    let user = ctx.user()?;
    let kind = equipment::donor_kind_for(user).ok_or(PageError::Forbidden)?;
    Ok((user.clone(), kind))
}

/// `GET /sprzet/nowy`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let (user, kind) = adder(ctx)?;
    let item = blank(&user, kind);
    let input = EquipmentInput {
        condition: Condition::Good.code().to_string(),
        quantity: "1".to_string(),
        unit: Unit::Piece.code().to_string(),
        mode: Mode::Transfer.code().to_string(),
        person: if kind == DonorKind::Person {
            user.name.clone()
        } else {
            String::new()
        },
        organization: user
            .organizations
            .first()
            .map(|o| o.0.to_string())
            .unwrap_or_default(),
        ..EquipmentInput::default()
    };
    show_form(app, ctx, 200, &item, input, FieldErrors::default(), true)
}

/// `POST /sprzet/nowy`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (user, kind) = adder(ctx)?;
    let mut item = blank(&user, kind);
    let input = read(ctx);
    let errors = input.apply(&mut item, &user.organizations, format::today(), true);
    if !errors.is_empty() {
        let shown = blank(&user, kind);
        return show_form(app, ctx, 422, &shown, input, errors, true);
    }
    let actor = actor(app, &user, &item, None)?;
    equipment::submit(&mut item, user.role.is_staff(), &actor, records::now());
    let item = app.store.add_equipment(item)?;
    let notice = if item.is_public() {
        app.reindex_equipment(&item);
        app.listing_published(&item.listing());
        "dodano"
    } else {
        "zgloszono"
    };
    Ok(Response::redirect(
        303,
        &format!("/sprzet/{}?komunikat={notice}", item.slug),
    ))
}

/// The item to edit, if `user` is on its donor side; `Err(response)` sends the browser back
/// to the item when it cannot be edited now.
fn editable(app: &App, ctx: &Ctx) -> Result<Result<(EquipmentItem, User), Response>, PageError> {
    let item = visible_item(app, ctx)?;
    let user = donor_side_only(ctx, &item)?;
    if item.editable().is_err() {
        return Ok(Err(Response::redirect(
            303,
            &format!("/sprzet/{}?komunikat=edycja-niedostepna", item.slug),
        )));
    }
    Ok(Ok((item, user)))
}

/// `GET /sprzet/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let (item, _) = match editable(app, ctx)? {
        Ok(found) => found,
        Err(back) => return Ok(back),
    };
    let input = EquipmentInput::from_record(&item);
    show_form(app, ctx, 200, &item, input, FieldErrors::default(), false)
}

/// `POST /sprzet/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (item, user) = match editable(app, ctx)? {
        Ok(found) => found,
        Err(back) => return Ok(back),
    };
    let input = read(ctx);
    let today = format::today();
    let mut draft = item.clone();
    let errors = input.apply(&mut draft, &[], today, false);
    if !errors.is_empty() {
        return show_form(app, ctx, 422, &item, input, errors, false);
    }
    let actor = actor(app, &user, &item, None)?;
    step(app, ctx, &item, "zapisano", |change, _| {
        change.item.editable()?;
        if !input.apply(&mut change.item, &[], today, false).is_empty() {
            return Err("Sprzęt zmienił się w międzyczasie — otwórz formularz ponownie.");
        }
        equipment::edited(&mut change.item, &actor, records::now());
        Ok(())
    })
}
