//! The organisation form shared by editing (`/podmioty/{slug}/edycja`) and submitting a new
//! organisation (`/podmioty/nowa`): reading it from a request and the view that shows it.

use serde::Serialize;

use super::Ctx;
use super::photo_upload::PhotoManager;
use crate::app::App;
use crate::domain::organization::{Area, LegalForm, TargetGroup};
use crate::domain::organization_input::OrganizationInput;
use crate::domain::validate::FieldErrors;

/// Reads the submitted form.
pub fn read(ctx: &Ctx) -> OrganizationInput {
    let f = &ctx.form;
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    OrganizationInput {
        name: text("name"),
        legal_form: text("legal_form"),
        krs: text("krs"),
        nip: text("nip"),
        regon: text("regon"),
        street: text("street"),
        postal_code: text("postal_code"),
        city: text("city"),
        district: text("district"),
        lat: text("lat"),
        lon: text("lon"),
        phone: text("phone"),
        email: text("email"),
        website: text("website"),
        person: text("person"),
        description: f.raw("description").unwrap_or("").to_string(),
        areas: f.all("areas").into_iter().map(str::to_string).collect(),
        target_groups: f
            .all("target_groups")
            .into_iter()
            .map(str::to_string)
            .collect(),
        opp: f.checked("opp"),
        social_enterprise: f.checked("social_enterprise"),
        prosocial_label_until: text("prosocial_label_until"),
    }
}

#[derive(Serialize)]
pub struct Choice {
    code: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
pub struct FormView {
    csrf: String,
    action: String,
    heading: String,
    submit: &'static str,
    cancel_href: String,
    input: OrganizationInput,
    errors: FieldErrors,
    legal_forms: Vec<Choice>,
    districts: Vec<Choice>,
    areas: Vec<Choice>,
    target_groups: Vec<Choice>,
    can_set_statuses: bool,
    /// A new organisation (with a message to the staff) rather than an edit.
    is_new: bool,
    /// The logo section of the edit page (`organization_logo.rs`); none for a new one.
    logo: Option<PhotoManager>,
    /// The location picker's map (`assets/js/map.js`).
    map_assets: super::map::MapAssets,
}

impl FormView {
    pub fn with_logo(mut self, logo: PhotoManager) -> FormView {
        self.logo = Some(logo);
        self
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &[String],
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v).to_string(),
            label: label(*v).to_string(),
            selected: chosen.iter().any(|c| c == code(*v)),
        })
        .collect()
}

/// Everything the form template needs.
pub fn view(
    app: &App,
    ctx: &Ctx,
    action: String,
    heading: String,
    input: OrganizationInput,
    errors: FieldErrors,
    can_set_statuses: bool,
) -> FormView {
    let mut districts: Vec<Choice> = super::organizations::read_index(app)
        .districts()
        .into_iter()
        .map(|d| Choice {
            selected: d.name == input.district,
            code: d.name.clone(),
            label: d.name,
        })
        .collect();
    if !input.district.is_empty() && !districts.iter().any(|d| d.selected) {
        districts.push(Choice {
            code: input.district.clone(),
            label: input.district.clone(),
            selected: true,
        });
    }
    let is_new = action.ends_with("/nowa");
    let cancel_href = action.trim_end_matches("/edycja").replace("/nowa", "");
    FormView {
        csrf: ctx.visitor.csrf_token(),
        is_new,
        submit: if is_new {
            "Wyślij do zatwierdzenia"
        } else {
            "Zapisz zmiany"
        },
        cancel_href,
        legal_forms: choices(
            LegalForm::ALL,
            LegalForm::code,
            LegalForm::label,
            std::slice::from_ref(&input.legal_form),
        ),
        areas: choices(Area::ALL, Area::code, Area::label, &input.areas),
        target_groups: choices(
            TargetGroup::ALL,
            TargetGroup::code,
            TargetGroup::label,
            &input.target_groups,
        ),
        districts,
        action,
        heading,
        input,
        errors,
        can_set_statuses,
        logo: None,
        map_assets: super::map::assets(app),
    }
}
