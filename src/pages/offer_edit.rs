//! Adding an offer (`/oferty/nowa`, for one of the person's organisations; staff for any
//! organisation, chosen on its profile) and editing one (`/oferty/{slug}/edycja`). Forms with
//! mistakes are shown again with the fields marked.

use serde::Serialize;

use super::offers::needs_review;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::offer::{
    Audience, Offer, OfferAction, OfferId, Price, PriceUnit, may_manage, state_after_edit,
};
use crate::domain::offer_category;
use crate::domain::offer_input::{OfferInput, PRICE_FIXED, PRICE_NEGOTIABLE};
use crate::domain::organization::Organization;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self, RecordState};
use crate::store::StoreError;
use crate::web::http::Response;

const NEW_TITLE: &str = "Nowa oferta";
const EDIT_TITLE: &str = "Edycja oferty";

/// Reads the submitted form.
fn read(ctx: &Ctx) -> OfferInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    OfferInput {
        title: text("title"),
        category: text("category"),
        description: f.raw("description").unwrap_or("").to_string(),
        price_kind: text("price_kind"),
        gross: text("gross"),
        net: text("net"),
        unit: text("unit"),
        audience: f.all("audience").into_iter().map(str::to_string).collect(),
        area_served: text("area_served"),
    }
}

/// The published organisations `user` may add offers for: their own (a PES representative) or
/// the one named by `podmiot` (staff, coming from the organisation's profile).
fn own_organizations(
    app: &App,
    user: &User,
    wanted: Option<&str>,
) -> Result<Vec<Organization>, PageError> {
    let orgs = if user.role.is_staff() {
        match wanted {
            Some(slug) => app.store.organization_by_slug(slug)?.into_iter().collect(),
            None => Vec::new(),
        }
    } else {
        app.store.organizations_by_ids(&user.organizations)?
    };
    Ok(orgs
        .into_iter()
        .filter(|o| o.state == RecordState::Published && may_manage(user, o.id))
        .collect())
}

#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct CategoryGroup {
    label: &'static str,
    options: Vec<Choice>,
}

#[derive(Serialize)]
struct FormView {
    csrf: String,
    action: String,
    heading: String,
    cancel_href: String,
    input: OfferInput,
    errors: FieldErrors,
    is_new: bool,
    organizations: Vec<Choice>,
    categories: Vec<CategoryGroup>,
    units: Vec<Choice>,
    audiences: Vec<Choice>,
    price_fixed: &'static str,
    price_negotiable: &'static str,
    publish_label: &'static str,
    /// Saving a published offer sends it back to staff (pre-moderation).
    edit_goes_to_review: bool,
}

fn choice(code: &str, label: &str, selected: bool) -> Choice {
    Choice {
        code: code.to_string(),
        label: label.to_string(),
        selected,
    }
}

struct FormSetup<'a> {
    action: String,
    heading: String,
    cancel_href: String,
    organizations: &'a [Organization],
    chosen_org: &'a str,
    edit_goes_to_review: bool,
}

fn view(
    app: &App,
    ctx: &Ctx,
    user: &User,
    setup: FormSetup,
    input: OfferInput,
    errors: FieldErrors,
) -> FormView {
    let categories = offer_category::main_categories()
        .map(|main| CategoryGroup {
            label: main.label,
            options: offer_category::subcategories(main.code)
                .map(|c| choice(c.code, c.label, c.code == input.category))
                .collect(),
        })
        .collect();
    FormView {
        csrf: ctx.visitor.csrf_token(),
        is_new: setup.action.ends_with("/nowa"),
        action: setup.action,
        heading: setup.heading,
        cancel_href: setup.cancel_href,
        organizations: setup
            .organizations
            .iter()
            .map(|o| choice(&o.slug, &o.name, o.slug == setup.chosen_org))
            .collect(),
        categories,
        units: PriceUnit::ALL
            .iter()
            .map(|u| choice(u.code(), u.label(), u.code() == input.unit))
            .collect(),
        audiences: Audience::ALL
            .iter()
            .map(|a| {
                choice(
                    a.code(),
                    a.label(),
                    input.audience.iter().any(|c| c == a.code()),
                )
            })
            .collect(),
        price_fixed: PRICE_FIXED,
        price_negotiable: PRICE_NEGOTIABLE,
        publish_label: super::offers::publish_label(app, user),
        edit_goes_to_review: setup.edit_goes_to_review,
        input,
        errors,
    }
}

/// `GET /oferty/nowa` (`?podmiot={slug}` chooses the organisation)
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let wanted = ctx.query.get("podmiot");
    let orgs = new_offer_organizations(app, user, wanted)?;
    let Some(orgs) = orgs else {
        return render(app, ctx, "offers/choose.html", NEW_TITLE, ());
    };
    let chosen = wanted
        .filter(|slug| orgs.iter().any(|o| o.slug == *slug))
        .or_else(|| (orgs.len() == 1).then(|| orgs[0].slug.as_str()))
        .unwrap_or("")
        .to_string();
    let input = OfferInput {
        price_kind: PRICE_FIXED.to_string(),
        area_served: "Toruń".to_string(),
        ..OfferInput::default()
    };
    let setup = new_setup(&orgs, &chosen);
    let view = view(app, ctx, user, setup, input, FieldErrors::default());
    render(app, ctx, "offers/form.html", NEW_TITLE, view)
}

/// The organisations a new offer may be for; `None` for staff who have not chosen one yet.
/// A person who may add offers for no organisation is refused.
fn new_offer_organizations(
    app: &App,
    user: &User,
    wanted: Option<&str>,
) -> Result<Option<Vec<Organization>>, PageError> {
    let orgs = own_organizations(app, user, wanted)?;
    if !orgs.is_empty() {
        return Ok(Some(orgs));
    }
    if user.role.is_staff() {
        return Ok(None);
    }
    Err(PageError::Forbidden)
}

fn new_setup<'a>(orgs: &'a [Organization], chosen: &'a str) -> FormSetup<'a> {
    FormSetup {
        action: "/oferty/nowa".to_string(),
        heading: "Dodaj ofertę".to_string(),
        cancel_href: "/konto/oferty".to_string(),
        organizations: orgs,
        chosen_org: chosen,
        edit_goes_to_review: false,
    }
}

/// `POST /oferty/nowa`: saved as a draft, or published (sent to staff) at once when the person
/// chose "Zapisz i opublikuj".
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let chosen = ctx.form.get("organization").unwrap_or("").to_string();
    let Some(orgs) = new_offer_organizations(app, user, Some(&chosen))? else {
        return Err(PageError::BadRequest(
            "Wybierz organizację w Bazie PES i dodaj ofertę z jej profilu.".to_string(),
        ));
    };
    let input = read(ctx);
    let now = domain::now();
    let mut offer = blank(now, user);
    let mut errors = input.apply(&mut offer);
    let org = orgs.iter().find(|o| o.slug == chosen);
    match org {
        Some(org) => offer.organization = org.id,
        None => errors.add(
            "organization",
            "Wybierz organizację, której dotyczy oferta.",
        ),
    }
    if !errors.is_empty() {
        let view = view(app, ctx, user, new_setup(&orgs, &chosen), input, errors);
        return render_status(app, ctx, 422, "offers/form.html", NEW_TITLE, view);
    }
    let publish = ctx.form.get("po_zapisie") == Some("opublikuj");
    let mut first = false;
    if publish {
        let action = OfferAction::Publish {
            review: needs_review(app, user),
        };
        first = offer
            .apply(&action, now)
            .map_err(|e| PageError::BadRequest(e.into()))?;
    }
    let offer = app.store.insert_offer(offer, Some(user.id))?;
    app.reindex_offer(&offer);
    if first {
        app.listing_published(&offer.listing());
    }
    let outcome = match offer.state {
        RecordState::Published => "opublikowana",
        RecordState::Pending => "do-sprawdzenia",
        _ => "szkic",
    };
    Ok(Response::redirect(
        303,
        &format!("/oferty/{}?stan={outcome}", offer.slug),
    ))
}

fn blank(now: i64, user: &User) -> Offer {
    Offer {
        id: OfferId(0),
        slug: String::new(),
        organization: crate::domain::organization::OrgId(0),
        title: String::new(),
        category: String::new(),
        description: String::new(),
        price: Price::Negotiable,
        audience: Vec::new(),
        area_served: String::new(),
        photos: Vec::new(),
        state: RecordState::Draft,
        published: None,
        rejection: None,
        created: now,
        updated: now,
        author: Some(user.id),
        demo: false,
    }
}

/// The offer of the path, if `user` may change it (403 otherwise, whatever its state).
pub(super) fn managed_offer(app: &App, ctx: &Ctx) -> Result<(Offer, User), PageError> {
    let user = ctx.user()?.clone();
    let offer = app
        .store
        .offer_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    if !may_manage(&user, offer.organization) {
        return Err(PageError::Forbidden);
    }
    Ok((offer, user))
}

fn edit_setup<'a>(app: &App, user: &User, offer: &Offer) -> FormSetup<'a> {
    FormSetup {
        action: format!("/oferty/{}/edycja", offer.slug),
        heading: format!("Edycja: {}", offer.title),
        cancel_href: format!("/oferty/{}", offer.slug),
        organizations: &[],
        chosen_org: "",
        edit_goes_to_review: offer.state == RecordState::Published && needs_review(app, user),
    }
}

/// `GET /oferty/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let (offer, user) = managed_offer(app, ctx)?;
    let input = OfferInput::from_record(&offer);
    let setup = edit_setup(app, &user, &offer);
    let view = view(app, ctx, &user, setup, input, FieldErrors::default());
    render(app, ctx, "offers/form.html", EDIT_TITLE, view)
}

/// `POST /oferty/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (offer, user) = managed_offer(app, ctx)?;
    let input = read(ctx);
    let errors = input.apply(&mut offer.clone());
    if !errors.is_empty() {
        let setup = edit_setup(app, &user, &offer);
        let view = view(app, ctx, &user, setup, input, errors);
        return render_status(app, ctx, 422, "offers/form.html", EDIT_TITLE, view);
    }
    let review = needs_review(app, &user);
    let now = domain::now();
    let (offer, ()) = app.store.update_offer(offer.id, Some(user.id), None, |o| {
        if !input.apply(o).is_empty() {
            return Err(StoreError::Conflict {
                what: "oferta zmieniła się w międzyczasie".to_string(),
            });
        }
        o.state = state_after_edit(o.state, review);
        o.updated = now;
        o.demo = false;
        Ok(())
    })?;
    app.reindex_offer(&offer);
    let outcome = if offer.state == RecordState::Pending {
        "do-sprawdzenia"
    } else {
        "zapisana"
    };
    Ok(Response::redirect(
        303,
        &format!("/oferty/{}?stan={outcome}", offer.slug),
    ))
}
