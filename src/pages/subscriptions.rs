//! `/subskrypcje`: new listings by e-mail. Anyone subscribes; nothing but the confirmation is
//! sent before the address is confirmed (double opt-in); every mail links to the settings and
//! to a one-click unsubscribe, which work without an account (the link's key is the authority).

use serde::Serialize;

use super::account_mail::{Link, outgoing_to};
use super::account_register::invalid_link;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::auth;
use crate::domain::listing::ListingKind;
use crate::domain::subscription::{
    Frequency, Subscription, SubscriptionInput, Topic, category_choices,
};
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::mail::exchange_messages;
use crate::store::NewSubscription;
use crate::web::rate_limit::Action;

/// One register in the form, with the categories one may narrow it to.
#[derive(Serialize)]
struct RegisterChoice {
    code: &'static str,
    label: &'static str,
    checked: bool,
    categories: Vec<CategoryChoice>,
}

#[derive(Serialize)]
struct CategoryChoice {
    code: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Serialize)]
struct FrequencyChoice {
    code: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Serialize)]
struct FormView {
    csrf: String,
    email: String,
    registers: Vec<RegisterChoice>,
    frequencies: Vec<FrequencyChoice>,
    errors: FieldErrors,
    /// The secret of an existing subscription being changed (settings page).
    key: Option<String>,
    /// Set after a change was saved.
    saved: bool,
}

fn form_view(ctx: &Ctx, email: String, topics: &[Topic], frequency: Option<Frequency>) -> FormView {
    let registers = ListingKind::ALL
        .into_iter()
        .map(|kind| {
            let topic = topics.iter().find(|t| t.kind == kind);
            let categories = category_choices(kind)
                .into_iter()
                .map(|(code, label)| CategoryChoice {
                    code,
                    label,
                    checked: topic.is_some_and(|t| t.categories.iter().any(|x| x == code)),
                })
                .collect();
            RegisterChoice {
                code: kind.code(),
                label: kind.register_label(),
                checked: topic.is_some(),
                categories,
            }
        })
        .collect();
    let frequencies = Frequency::ALL
        .into_iter()
        .map(|f| FrequencyChoice {
            code: f.code(),
            label: f.label(),
            checked: Some(f) == frequency,
        })
        .collect();
    FormView {
        csrf: ctx.visitor.csrf_token(),
        email,
        registers,
        frequencies,
        errors: FieldErrors::default(),
        key: None,
        saved: false,
    }
}

/// The form as sent, and its topics as far as they can be read (to re-show it).
fn read_form(ctx: &Ctx) -> SubscriptionInput {
    let kinds: Vec<String> = ctx
        .form
        .all("rejestr")
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut categories = Vec::new();
    for kind in ListingKind::ALL {
        for code in ctx.form.all(&format!("kategoria-{}", kind.code())) {
            categories.push((kind.code().to_string(), code.to_string()));
        }
    }
    SubscriptionInput {
        email: ctx.form.get("email").unwrap_or("").to_string(),
        kinds,
        categories,
        frequency: ctx.form.get("czestotliwosc").unwrap_or("").to_string(),
    }
}

/// The topics the form asked for, for re-showing it with the boxes still ticked.
fn topics_as_typed(input: &SubscriptionInput) -> Vec<Topic> {
    ListingKind::ALL
        .into_iter()
        .filter(|k| input.kinds.iter().any(|c| c == k.code()))
        .map(|kind| Topic {
            kind,
            categories: input
                .categories
                .iter()
                .filter(|(k, _)| k == kind.code())
                .map(|(_, c)| c.clone())
                .collect(),
        })
        .collect()
}

/// `GET /subskrypcje`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    let email = ctx
        .visitor
        .user
        .as_ref()
        .map(|u| u.email.clone())
        .unwrap_or_default();
    let view = form_view(ctx, email, &[], Some(Frequency::Daily));
    render(
        app,
        ctx,
        "subscriptions/form.html",
        "Nowości e-mailem",
        view,
    )
}

/// `POST /subskrypcje`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    app.limit(Action::Subscription, &ctx.client_ip())?;
    let input = read_form(ctx);
    let choices = match input.validate() {
        Ok(choices) => choices,
        Err(errors) => {
            let frequency = Frequency::from_code(&input.frequency);
            let mut view = form_view(
                ctx,
                input.email.clone(),
                &topics_as_typed(&input),
                frequency,
            );
            view.errors = errors;
            return render(
                app,
                ctx,
                "subscriptions/form.html",
                "Nowości e-mailem",
                view,
            );
        }
    };
    // Too many confirmations to one address look like someone else's mischief: the page says
    // the same either way, so nobody learns about the address from it.
    if app.limit(Action::SubscriptionEmail, &choices.email).is_ok() {
        let link = Link::new()?;
        let key = auth::new_token().map_err(|e| PageError::Internal(e.to_string()))?;
        let mail = outgoing_to(app, &choices.email, "subskrypcja-potwierdzenie", |site| {
            exchange_messages::subscription_confirmation(
                site,
                &link.token,
                &choices.topics,
                choices.frequency,
            )
        });
        let new = NewSubscription {
            email: choices.email.clone(),
            topics: choices.topics.clone(),
            frequency: choices.frequency,
            user: ctx.visitor.user.as_ref().map(|u| u.id),
            key,
            confirmation_hash: link.hash,
        };
        app.store.subscribe(new, mail, domain::now())?;
        app.wake_mail();
    }
    #[derive(Serialize)]
    struct Sent {
        email: String,
    }
    let view = Sent {
        email: choices.email,
    };
    render(
        app,
        ctx,
        "subscriptions/check_mail.html",
        "Sprawdź skrzynkę",
        view,
    )
}

/// `GET /subskrypcje/potwierdz?token=…` — the link from the confirmation mail.
pub fn confirm(app: &App, ctx: &Ctx) -> PageResult {
    let token = ctx.query.get("token").unwrap_or("");
    if !auth::is_token(token) {
        return Err(invalid_link());
    }
    let subscription = app
        .store
        .confirm_subscription(&auth::token_hash(token), domain::now())?
        .ok_or_else(invalid_link)?;
    settings_page(app, ctx, &subscription, "Subskrypcja potwierdzona", true)
}

/// The subscription a `klucz` in the query or the form opens; a wrong key is a 404, so keys
/// cannot be probed.
fn by_key(app: &App, ctx: &Ctx) -> Result<Subscription, PageError> {
    let key = ctx
        .form
        .get("klucz")
        .or_else(|| ctx.query.get("klucz"))
        .unwrap_or("");
    if !auth::is_token(key) {
        return Err(PageError::NotFound);
    }
    app.store
        .subscription_by_key(key)?
        .filter(|s| s.confirmed.is_some())
        .ok_or(PageError::NotFound)
}

fn settings_page(
    app: &App,
    ctx: &Ctx,
    subscription: &Subscription,
    title: &str,
    saved: bool,
) -> PageResult {
    let mut view = form_view(
        ctx,
        subscription.email.clone(),
        &subscription.topics,
        Some(subscription.frequency),
    );
    view.key = Some(subscription.key.clone());
    view.saved = saved;
    render(app, ctx, "subscriptions/settings.html", title, view)
}

/// `GET /subskrypcje/ustawienia?klucz=…`
pub fn settings(app: &App, ctx: &Ctx) -> PageResult {
    let subscription = by_key(app, ctx)?;
    settings_page(app, ctx, &subscription, "Ustawienia subskrypcji", false)
}

/// `POST /subskrypcje/ustawienia` — the address stays; registers, categories and frequency
/// change.
pub fn change(app: &App, ctx: &Ctx) -> PageResult {
    let subscription = by_key(app, ctx)?;
    let mut input = read_form(ctx);
    input.email = subscription.email.clone();
    match input.validate() {
        Ok(choices) => {
            let changed = app
                .store
                .change_subscription(
                    &subscription.key,
                    choices.topics,
                    choices.frequency,
                    domain::now(),
                )?
                .ok_or(PageError::NotFound)?;
            settings_page(app, ctx, &changed, "Ustawienia subskrypcji", true)
        }
        Err(errors) => {
            let frequency = Frequency::from_code(&input.frequency);
            let mut view = form_view(
                ctx,
                subscription.email.clone(),
                &topics_as_typed(&input),
                frequency,
            );
            view.key = Some(subscription.key.clone());
            view.errors = errors;
            render(
                app,
                ctx,
                "subscriptions/settings.html",
                "Ustawienia subskrypcji",
                view,
            )
        }
    }
}

#[derive(Serialize)]
struct UnsubscribeView {
    key: String,
    email: String,
    done: bool,
}

/// `GET /subskrypcje/wypisz?klucz=…` — asks to confirm with a button (a link checker or a
/// mail program opening links must not unsubscribe anybody).
pub fn unsubscribe_form(app: &App, ctx: &Ctx) -> PageResult {
    let subscription = by_key(app, ctx)?;
    let view = UnsubscribeView {
        key: subscription.key,
        email: subscription.email,
        done: false,
    };
    render(
        app,
        ctx,
        "subscriptions/unsubscribe.html",
        "Rezygnacja z subskrypcji",
        view,
    )
}

/// `POST /subskrypcje/wypisz?klucz=…` — the button, or a mail program's one-click
/// unsubscribe (RFC 8058). Unsubscribing twice says "done" twice.
pub fn unsubscribe(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx
        .form
        .get("klucz")
        .or_else(|| ctx.query.get("klucz"))
        .unwrap_or("");
    if !auth::is_token(key) {
        return Err(PageError::NotFound);
    }
    app.store.unsubscribe(key)?;
    let view = UnsubscribeView {
        key: String::new(),
        email: String::new(),
        done: true,
    };
    render(
        app,
        ctx,
        "subscriptions/unsubscribe.html",
        "Wypisano z subskrypcji",
        view,
    )
}
