//! `/admin/uzytkownicy`: the administrator's list of accounts, one account's details, and what
//! an administrator does to an account — approve or reject a staff account (the person gets an
//! e-mail), switch an account off and on again.

use serde::Serialize;

use super::admin::{href, id_param, page_param};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::mail::OutgoingMail;
use crate::domain::user::{
    AccountAction, AccountStatus, Role, User, UserId, validate_rejection_reason,
};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::mail::messages::{self, MailSite};
use crate::web::http::Response;
use crate::web::query::shorten;

const PER_PAGE: usize = 50;
const ROLES: [Role; 4] = [Role::Admin, Role::Staff, Role::Pes, Role::Resident];

#[derive(Serialize)]
struct FilterOption {
    code: &'static str,
    label: &'static str,
    count: usize,
    selected: bool,
}

#[derive(Serialize)]
struct Row {
    href: String,
    name: String,
    email: String,
    role: &'static str,
    status: &'static str,
    status_code: &'static str,
    created: i64,
}

#[derive(Serialize)]
struct ListView {
    total: usize,
    shown: usize,
    roles: Vec<FilterOption>,
    statuses: Vec<FilterOption>,
    filtered: bool,
    rows: Vec<Row>,
    pagination: Pagination,
}

/// `GET /admin/uzytkownicy?rola=…&stan=…&page=…`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let role = filter(ctx, "rola", "rodzaj konta", Role::from_code)?;
    let status = filter(ctx, "stan", "stan konta", AccountStatus::from_code)?;
    let page = page_param(ctx)?;
    let mut users = app.store.users()?;
    users.reverse();
    let roles = ROLES.map(|r| {
        option(r.code(), r.label(), role == Some(r), &users, |u| {
            u.role == r
        })
    });
    let statuses = AccountStatus::ALL.map(|s| {
        option(s.code(), s.label(), status == Some(s), &users, |u| {
            u.status == s
        })
    });
    let total = users.len();
    users.retain(|u| role.is_none_or(|r| u.role == r) && status.is_none_or(|s| u.status == s));
    let (rola, stan) = (
        role.map_or("", Role::code),
        status.map_or("", AccountStatus::code),
    );
    let link = |n: usize| {
        let page = if n > 1 { n.to_string() } else { String::new() };
        href(
            "/admin/uzytkownicy",
            &[("rola", rola), ("stan", stan), ("page", &page)],
        )
    };
    let view = ListView {
        total,
        shown: users.len(),
        roles: roles.into(),
        statuses: statuses.into(),
        filtered: role.is_some() || status.is_some(),
        pagination: Pagination::new(page, users.len(), PER_PAGE, link),
        rows: users
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(row)
            .collect(),
    };
    render(app, ctx, "admin/users.html", "Konta użytkowników", view)
}

/// A vocabulary filter from the query: unknown values are refused, not ignored.
fn filter<T>(
    ctx: &Ctx,
    name: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, PageError> {
    match ctx.query.get(name) {
        None => Ok(None),
        Some(code) => parse(code).map(Some).ok_or_else(|| {
            PageError::BadRequest(format!(
                "Nieznana wartość filtra „{what}”: „{}”.",
                shorten(code)
            ))
        }),
    }
}

fn option(
    code: &'static str,
    label: &'static str,
    selected: bool,
    users: &[User],
    test: impl Fn(&User) -> bool,
) -> FilterOption {
    let count = users.iter().filter(|u| test(u)).count();
    FilterOption {
        code,
        label,
        count,
        selected,
    }
}

fn row(user: &User) -> Row {
    Row {
        href: format!("/admin/uzytkownicy/{}", user.id.0),
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.label(),
        status: user.status.label(),
        status_code: user.status.code(),
        created: user.created,
    }
}

/// What the details page shows besides the account: a message after an action, or a
/// rejection form shown again with its errors.
#[derive(Default)]
struct Outcome {
    reason: String,
    errors: FieldErrors,
    problem: Option<&'static str>,
}

#[derive(Serialize)]
struct UserView {
    csrf: String,
    id: u64,
    name: String,
    email: String,
    role: &'static str,
    status: &'static str,
    status_code: &'static str,
    created: i64,
    updated: i64,
    verified: Option<i64>,
    terms: i64,
    organizations: Vec<(String, String)>,
    is_self: bool,
    can_decide: bool,
    can_disable: bool,
    can_enable: bool,
    /// When the owner deleted the account (nothing can be done with it then).
    deleted: Option<i64>,
    done: Option<&'static str>,
    problem: Option<&'static str>,
    reason: String,
    errors: FieldErrors,
}

fn user_view(app: &App, ctx: &Ctx, user: &User, outcome: Outcome) -> Result<UserView, PageError> {
    let me = ctx.user()?.id;
    let organizations = app
        .store
        .organizations_by_ids(&user.organizations)?
        .into_iter()
        .map(|o| (o.name, format!("/podmioty/{}", o.slug)))
        .collect();
    Ok(UserView {
        csrf: ctx.visitor.csrf_token(),
        id: user.id.0,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.label(),
        status: user.status.label(),
        status_code: user.status.code(),
        created: user.created,
        updated: user.updated,
        verified: user.email_verified_at,
        terms: user.terms_accepted_at,
        organizations,
        is_self: user.id == me,
        can_decide: user.status == AccountStatus::AwaitingApproval,
        can_disable: user.status == AccountStatus::Active && user.id != me,
        can_enable: user.status == AccountStatus::Disabled && !user.is_deleted(),
        deleted: user.deleted,
        done: ctx.query.get("wynik").and_then(done_message),
        problem: outcome.problem,
        reason: outcome.reason,
        errors: outcome.errors,
    })
}

fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "zatwierdzone" => "Konto zostało zatwierdzone. Wysłaliśmy tej osobie wiadomość e-mail.",
        "odrzucone" => "Konto zostało odrzucone. Wysłaliśmy tej osobie uzasadnienie e-mailem.",
        "wylaczone" => "Konto zostało wyłączone. Ta osoba została wylogowana.",
        "wlaczone" => "Konto zostało włączone.",
        _ => return None,
    })
}

fn load(app: &App, ctx: &Ctx) -> Result<User, PageError> {
    app.store
        .user(UserId(id_param(ctx)?))?
        .ok_or(PageError::NotFound)
}

fn show_page(app: &App, ctx: &Ctx, status: u16, user: &User, outcome: Outcome) -> PageResult {
    let title = format!("Konto: {}", shorten(&user.name));
    let view = user_view(app, ctx, user, outcome)?;
    render_status(app, ctx, status, "admin/user.html", &title, view)
}

/// `GET /admin/uzytkownicy/{id}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let user = load(app, ctx)?;
    show_page(app, ctx, 200, &user, Outcome::default())
}

/// `POST /admin/uzytkownicy/{id}/zatwierdz`
pub fn approve(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, AccountAction::Approve)
}

/// `POST /admin/uzytkownicy/{id}/odrzuc` (with `reason`)
pub fn reject(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, AccountAction::Reject)
}

/// `POST /admin/uzytkownicy/{id}/wylacz`
pub fn disable(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, AccountAction::Disable)
}

/// `POST /admin/uzytkownicy/{id}/wlacz`
pub fn enable(app: &App, ctx: &Ctx) -> PageResult {
    act(app, ctx, AccountAction::Enable)
}

/// Applies `action` to the account in one transaction with the e-mail it causes, so that a
/// change the person makes meanwhile (a new password) is never overwritten.
fn act(app: &App, ctx: &Ctx, action: AccountAction) -> PageResult {
    let admin = ctx.user()?.id;
    let id = UserId(id_param(ctx)?);
    let reason = ctx.form.get("reason").unwrap_or("").to_string();
    let mut outcome = Outcome::default();
    if action == AccountAction::Reject {
        outcome.errors = validate_rejection_reason(&reason);
    }
    if outcome.errors.is_empty() {
        let now = domain::now();
        let changed = app.store.update_user(id, Some(admin.0), |user| {
            action.apply(user, admin, now)?;
            Ok(notice(app, user, action, &reason, now))
        })?;
        match changed.ok_or(PageError::NotFound)? {
            Ok(_) => {
                app.wake_mail();
                let done = format!("/admin/uzytkownicy/{}?wynik={}", id.0, done_code(action));
                return Ok(Response::redirect(303, &done));
            }
            Err(problem) => outcome.problem = Some(problem),
        }
    }
    let status = if outcome.problem.is_some() { 409 } else { 422 };
    outcome.reason = reason;
    show_page(app, ctx, status, &load(app, ctx)?, outcome)
}

fn done_code(action: AccountAction) -> &'static str {
    match action {
        AccountAction::Approve => "zatwierdzone",
        AccountAction::Reject => "odrzucone",
        AccountAction::Disable => "wylaczone",
        AccountAction::Enable => "wlaczone",
    }
}

/// The e-mail that tells the person about a decision on their account.
fn notice(
    app: &App,
    user: &User,
    action: AccountAction,
    reason: &str,
    now: domain::Timestamp,
) -> Option<OutgoingMail> {
    let settings = app.settings();
    let site = MailSite::new(&app.config.public_url, &settings);
    let (content, purpose) = match action {
        AccountAction::Approve => (
            messages::account_approved(&site, &user.name),
            "konto-zatwierdzone",
        ),
        AccountAction::Reject => (
            messages::account_rejected(&site, &user.name, reason),
            "konto-odrzucone",
        ),
        AccountAction::Disable | AccountAction::Enable => return None,
    };
    Some(OutgoingMail::new(user.email.clone(), content, purpose, now))
}
