//! `/admin/ustawienia`: the gmina's identity, the accessibility declaration, the privacy notice
//! and the SMTP server, edited by an administrator. Saved settings apply at once: the header,
//! the information pages and the mail sender read them on their next use.

use serde::Serialize;

use super::{Ctx, PageResult, render, render_status};
use crate::app::App;
use crate::domain::settings::{OpenDataLicence, Settings};
use crate::domain::settings_input::{ACCESSIBILITY_STATUSES, SettingsInput};
use crate::domain::validate::FieldErrors;
use crate::web::http::Response;

const TITLE: &str = "Ustawienia platformy";

/// SMTP security choices as the form shows them: (code, label).
const SECURITY_LABELS: [(&str, &str); 3] = [
    ("starttls", "STARTTLS (zwykle port 587)"),
    ("tls", "TLS od początku połączenia, SMTPS (zwykle port 465)"),
    (
        "brak",
        "Bez szyfrowania — tylko serwer w sieci urzędu (zwykle port 25)",
    ),
];

#[derive(Serialize)]
struct SettingsView {
    csrf: String,
    form: SettingsInput,
    errors: FieldErrors,
    saved: bool,
    /// (value, label) pairs for the select; the value is the label.
    statuses: [(&'static str, &'static str); 3],
    securities: [(&'static str, &'static str); 3],
    /// (code, "CC BY 4.0 – full name") pairs for the licence select.
    licences: Vec<(&'static str, String)>,
}

fn view(ctx: &Ctx, form: SettingsInput, errors: FieldErrors) -> SettingsView {
    SettingsView {
        csrf: ctx.visitor.csrf_token(),
        form,
        errors,
        saved: ctx.query.get("zapisano").is_some(),
        statuses: ACCESSIBILITY_STATUSES.map(|s| (s, s)),
        securities: SECURITY_LABELS,
        licences: OpenDataLicence::ALL
            .iter()
            .map(|l| (l.code(), format!("{} – {}", l.label(), l.name())))
            .collect(),
    }
}

/// `GET /admin/ustawienia`
pub fn form(app: &App, ctx: &Ctx) -> PageResult {
    let form = SettingsInput::from_settings(&app.settings());
    let view = view(ctx, form, FieldErrors::default());
    render(app, ctx, "admin/settings.html", TITLE, view)
}

/// `POST /admin/ustawienia`
pub fn submit(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?.id;
    let current = app.store.settings()?;
    let mut form = read_form(ctx);
    form.smtp_password_stored = current
        .smtp
        .as_ref()
        .is_some_and(|m| !m.password.is_empty());
    let new = match form.apply(&current) {
        Ok(new) => new,
        Err(errors) => {
            let view = view(ctx, form, errors);
            return render_status(app, ctx, 422, "admin/settings.html", TITLE, view);
        }
    };
    app.store.save_settings(&new, Some(admin.0))?;
    use_now(app, new);
    app.wake_mail();
    Ok(Response::redirect(303, "/admin/ustawienia?zapisano=tak"))
}

/// Replaces the settings the running application reads.
fn use_now(app: &App, new: Settings) {
    match app.settings.write() {
        Ok(mut current) => *current = new,
        Err(poisoned) => *poisoned.into_inner() = new,
    }
}

fn read_form(ctx: &Ctx) -> SettingsInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    SettingsInput {
        gmina_name: text("gmina_name"),
        operator_name: text("operator_name"),
        operator_address: text("operator_address"),
        operator_email: text("operator_email"),
        operator_phone: text("operator_phone"),
        a11y_status: text("a11y_status"),
        a11y_published: text("a11y_published"),
        a11y_updated: text("a11y_updated"),
        a11y_reviewed: text("a11y_reviewed"),
        a11y_contact_person: text("a11y_contact_person"),
        a11y_contact_email: text("a11y_contact_email"),
        a11y_contact_phone: text("a11y_contact_phone"),
        a11y_non_accessible: text("a11y_non_accessible"),
        a11y_architectural: text("a11y_architectural"),
        privacy_controller: text("privacy_controller"),
        privacy_dpo_contact: text("privacy_dpo_contact"),
        privacy_purposes: text("privacy_purposes"),
        privacy_retention: text("privacy_retention"),
        privacy_rights: text("privacy_rights"),
        no_smtp: f.checked("no_smtp"),
        smtp_host: text("smtp_host"),
        smtp_port: text("smtp_port"),
        smtp_security: text("smtp_security"),
        smtp_user: text("smtp_user"),
        // Passwords keep their spaces.
        smtp_password: f.raw("smtp_password").unwrap_or("").to_string(),
        smtp_password_stored: false,
        smtp_sender_address: text("smtp_sender_address"),
        smtp_sender_name: text("smtp_sender_name"),
        offers_premoderation: f.checked("offers_premoderation"),
        open_data_licence: text("open_data_licence"),
    }
}
