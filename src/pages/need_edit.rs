//! Posting, editing and closing needs: city staff for a department, PES representatives for
//! one of their organisations. A need is public at once; only its author side edits (while it
//! is open) and closes it with an outcome.

use serde::Serialize;

use super::need_page::{Choice, NeedForms, need_of, render_need};
use super::needs::may_post;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::need::{Need, NeedId, NeedStatus, Requester};
use crate::domain::need_input::{NeedInput, RequesterChoice, check_outcome};
use crate::domain::offer_category;
use crate::domain::organization::OrgId;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::store::StoreError;
use crate::text::format;
use crate::web::http::Response;

/// Reads the submitted need form.
fn read(ctx: &Ctx) -> NeedInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    NeedInput {
        title: text("title"),
        description: f.raw("description").unwrap_or("").to_string(),
        category: text("category"),
        scope: text("scope"),
        estimated_value: text("estimated_value"),
        place: text("place"),
        deadline: text("deadline"),
        department: text("department"),
        organization: text("organization"),
    }
}

/// The person posting a need, with the organisations they may post for (none for staff).
fn poster(ctx: &Ctx) -> Result<(User, Vec<OrgId>), PageError> {
    let user = ctx.user()?;
    if !may_post(user) {
        return Err(PageError::Forbidden);
    }
    let orgs = if user.role.is_staff() {
        Vec::new()
    } else {
        user.organizations
            .iter()
            .copied()
            .filter(|o| user.represents(*o))
            .collect()
    };
    Ok((user.clone(), orgs))
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
    submit: &'static str,
    cancel_href: String,
    input: NeedInput,
    errors: FieldErrors,
    categories: Vec<CategoryGroup>,
    /// Staff name the department.
    department: bool,
    /// A new need of a PES representative: the organisations to choose from.
    organizations: Vec<Choice>,
    /// An edited PES need: the organisation, which cannot change.
    fixed_organization: Option<String>,
    today: String,
}

fn categories(selected: &str) -> Vec<CategoryGroup> {
    offer_category::main_categories()
        .map(|main| CategoryGroup {
            label: main.label,
            options: offer_category::subcategories(main.code)
                .map(|sub| Choice {
                    code: sub.code.to_string(),
                    label: sub.label.to_string(),
                    selected: sub.code == selected,
                })
                .collect(),
        })
        .collect()
}

struct FormSetup {
    action: String,
    heading: String,
    is_new: bool,
    department: bool,
    organizations: Vec<(OrgId, String)>,
    fixed_organization: Option<String>,
}

fn form_view(ctx: &Ctx, setup: FormSetup, input: NeedInput, errors: FieldErrors) -> FormView {
    let cancel_href = if setup.is_new {
        "/zapotrzebowanie".to_string()
    } else {
        setup.action.trim_end_matches("/edycja").to_string()
    };
    FormView {
        csrf: ctx.visitor.csrf_token(),
        submit: if setup.is_new {
            "Opublikuj potrzebę"
        } else {
            "Zapisz zmiany"
        },
        cancel_href,
        categories: categories(&input.category),
        organizations: setup
            .organizations
            .iter()
            .map(|(id, name)| Choice {
                code: id.0.to_string(),
                label: name.clone(),
                selected: input.organization == id.0.to_string(),
            })
            .collect(),
        department: setup.department,
        fixed_organization: setup.fixed_organization,
        today: format::today().to_string(),
        action: setup.action,
        heading: setup.heading,
        input,
        errors,
    }
}

fn new_setup(app: &App, orgs: &[OrgId]) -> Result<FormSetup, PageError> {
    Ok(FormSetup {
        action: "/zapotrzebowanie/nowe".to_string(),
        heading: "Dodaj potrzebę".to_string(),
        is_new: true,
        department: orgs.is_empty(),
        organizations: app
            .store
            .organizations_by_ids(orgs)?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
        fixed_organization: None,
    })
}

/// `GET /zapotrzebowanie/nowe`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let (_, orgs) = poster(ctx)?;
    let input = NeedInput {
        organization: orgs.first().map(|o| o.0.to_string()).unwrap_or_default(),
        ..NeedInput::default()
    };
    let view = form_view(ctx, new_setup(app, &orgs)?, input, FieldErrors::default());
    render(app, ctx, "needs/form.html", "Dodaj potrzebę", view)
}

/// `POST /zapotrzebowanie/nowe`: published at once.
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (user, orgs) = poster(ctx)?;
    let input = read(ctx);
    let choice = if user.role.is_staff() {
        RequesterChoice::City
    } else {
        RequesterChoice::Organizations(&orgs)
    };
    let mut need = blank(&user);
    let errors = input.apply(&mut need, format::today(), choice);
    if !errors.is_empty() {
        let view = form_view(ctx, new_setup(app, &orgs)?, input, errors);
        return render_status(app, ctx, 422, "needs/form.html", "Dodaj potrzebę", view);
    }
    let need = app.store.create_need(need)?;
    app.reindex_need(&need);
    app.listing_published(&need.listing());
    Ok(Response::redirect(
        303,
        &format!("/zapotrzebowanie/{}?stan=dodana", need.slug),
    ))
}

fn blank(user: &User) -> Need {
    let now = domain::now();
    Need {
        id: NeedId(0),
        slug: String::new(),
        title: String::new(),
        description: String::new(),
        category: String::new(),
        scope: String::new(),
        estimated_value: None,
        place: String::new(),
        deadline: format::today(),
        requester: Requester::City {
            department: String::new(),
        },
        status: NeedStatus::Open,
        chosen: None,
        outcome: String::new(),
        closed_at: None,
        author: Some(user.id),
        created: now,
        updated: now,
        demo: false,
    }
}

/// The need of the path, when the visitor is on its author side.
fn authored(app: &App, ctx: &Ctx) -> Result<(Need, User), PageError> {
    let user = ctx.user()?.clone();
    let need = need_of(app, ctx)?;
    if !need.on_author_side(&user) {
        return Err(PageError::Forbidden);
    }
    Ok((need, user))
}

fn edit_setup(app: &App, need: &Need) -> Result<FormSetup, PageError> {
    let fixed_organization = match need.requester.organization() {
        Some(id) => Some(
            app.store
                .organization(id)?
                .map(|o| o.name)
                .unwrap_or_default(),
        ),
        None => None,
    };
    Ok(FormSetup {
        action: format!("/zapotrzebowanie/{}/edycja", need.slug),
        heading: format!("Edycja: {}", need.title),
        is_new: false,
        department: fixed_organization.is_none(),
        organizations: Vec::new(),
        fixed_organization,
    })
}

/// The need's page with a message saying why it cannot be changed (409).
pub(super) fn refused(app: &App, ctx: &Ctx, need: &Need, message: &str) -> PageResult {
    let forms = NeedForms {
        problem: Some(message.to_string()),
        ..NeedForms::default()
    };
    render_need(app, ctx, need, forms, 409)
}

/// Shows a workflow refusal from the store on the need's page; other errors pass through.
pub(super) fn refusal(app: &App, ctx: &Ctx, need: &Need, error: StoreError) -> PageResult {
    match error {
        StoreError::Conflict { what } => {
            let current = app.store.need(need.id)?.unwrap_or_else(|| need.clone());
            refused(app, ctx, &current, &what)
        }
        other => Err(other.into()),
    }
}

/// `GET /zapotrzebowanie/{slug}/edycja`
pub fn edit_form(app: &App, ctx: &Ctx) -> PageResult {
    let (need, _) = authored(app, ctx)?;
    if let Err(message) = need.check_edit() {
        return refused(app, ctx, &need, message);
    }
    let view = form_view(
        ctx,
        edit_setup(app, &need)?,
        NeedInput::from_record(&need),
        FieldErrors::default(),
    );
    render(app, ctx, "needs/form.html", "Edycja potrzeby", view)
}

/// `POST /zapotrzebowanie/{slug}/edycja`
pub fn edit_submit(app: &App, ctx: &Ctx) -> PageResult {
    let (mut need, user) = authored(app, ctx)?;
    if let Err(message) = need.check_edit() {
        return refused(app, ctx, &need, message);
    }
    let input = read(ctx);
    let choice = match need.requester {
        Requester::City { .. } => RequesterChoice::City,
        Requester::Organization { .. } => RequesterChoice::Keep,
    };
    let errors = input.apply(&mut need, format::today(), choice);
    if !errors.is_empty() {
        let view = form_view(ctx, edit_setup(app, &need)?, input, errors);
        return render_status(app, ctx, 422, "needs/form.html", "Edycja potrzeby", view);
    }
    need.updated = domain::now();
    let need = match app.store.update_need(need.clone(), user.id) {
        Ok(saved) => saved,
        Err(e) => return refusal(app, ctx, &need, e),
    };
    app.reindex_need(&need);
    Ok(Response::redirect(
        303,
        &format!("/zapotrzebowanie/{}?stan=zapisana", need.slug),
    ))
}

/// `POST /zapotrzebowanie/{slug}/zamknij`: with an outcome.
pub fn close(app: &App, ctx: &Ctx) -> PageResult {
    let (need, user) = authored(app, ctx)?;
    if let Err(message) = need.check_close() {
        return refused(app, ctx, &need, message);
    }
    let text = ctx.form.raw("outcome").unwrap_or("");
    let outcome = match check_outcome(text) {
        Ok(outcome) => outcome,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("outcome", message);
            let forms = NeedForms {
                outcome: text.to_string(),
                close_errors: errors,
                ..NeedForms::default()
            };
            return render_need(app, ctx, &need, forms, 422);
        }
    };
    let closed = match app
        .store
        .close_need(need.id, &outcome, user.id, domain::now())
    {
        Ok(closed) => closed,
        Err(e) => return refusal(app, ctx, &need, e),
    };
    app.reindex_need(&closed);
    Ok(Response::redirect(
        303,
        &format!("/zapotrzebowanie/{}?stan=zamknieta", closed.slug),
    ))
}
