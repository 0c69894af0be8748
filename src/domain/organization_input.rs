//! What a person types into the organisation form, and how it becomes a record. Everything is
//! text here; `apply` checks it and writes only when there is no error.

use super::geo::GeoPoint;
use super::organization::{Area, LegalForm, Organization, TargetGroup};
use super::slug::slugify;
use super::validate::FieldErrors;

/// The form fields, as sent. Lists hold the codes of ticked checkboxes.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OrganizationInput {
    pub name: String,
    pub legal_form: String,
    pub krs: String,
    pub nip: String,
    pub regon: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub district: String,
    pub lat: String,
    pub lon: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub person: String,
    pub description: String,
    pub areas: Vec<String>,
    pub target_groups: Vec<String>,
    /// Statuses are set by city staff only (they are checked against public registers).
    pub opp: bool,
    pub social_enterprise: bool,
    pub prosocial_label_until: String,
}

const MAX_DESCRIPTION_CHARS: usize = 5000;
const MAX_FIELD_CHARS: usize = 200;

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl OrganizationInput {
    /// The form filled with a record's current values.
    pub fn from_record(org: &Organization) -> OrganizationInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        OrganizationInput {
            name: org.name.clone(),
            legal_form: org.legal_form.code().to_string(),
            krs: text(&org.krs),
            nip: text(&org.nip),
            regon: text(&org.regon),
            street: org.address.street.clone(),
            postal_code: org.address.postal_code.clone(),
            city: org.address.city.clone(),
            district: org.district.clone(),
            lat: org.geo.map(|g| g.lat.to_string()).unwrap_or_default(),
            lon: org.geo.map(|g| g.lon.to_string()).unwrap_or_default(),
            phone: text(&org.contact.phone),
            email: text(&org.contact.email),
            website: text(&org.contact.website),
            person: text(&org.contact.person),
            description: org.description.clone(),
            areas: org.areas.iter().map(|a| a.code().to_string()).collect(),
            target_groups: org
                .target_groups
                .iter()
                .map(|g| g.code().to_string())
                .collect(),
            opp: org.statuses.opp,
            social_enterprise: org.statuses.social_enterprise,
            prosocial_label_until: org
                .statuses
                .prosocial_label_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    /// Writes the input into `org` if it is all valid; otherwise returns the errors and leaves
    /// `org` as it was. `set_statuses` is true for staff.
    pub fn apply(&self, org: &mut Organization, set_statuses: bool) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = org.clone();
        next.name = self.name.trim().to_string();
        next.slug = if org.slug.is_empty() {
            slugify(&next.name)
        } else {
            org.slug.clone()
        };
        match LegalForm::from_code(self.legal_form.trim()) {
            Some(form) => next.legal_form = form,
            None => errors.add("legal_form", "Wybierz formę prawną."),
        }
        next.krs = optional(&self.krs);
        next.nip = optional(&self.nip).map(|n| n.replace(['-', ' '], ""));
        next.regon = optional(&self.regon).map(|r| r.replace(' ', ""));
        next.address.street = self.street.trim().to_string();
        next.address.postal_code = self.postal_code.trim().to_string();
        next.address.city = self.city.trim().to_string();
        if next.address.city.is_empty() {
            errors.add("city", "Podaj miejscowość.");
        }
        next.district = self.district.trim().to_string();
        if next.district.is_empty() {
            errors.add("district", "Wybierz osiedle.");
        }
        next.geo = self.geo(&mut errors);
        next.contact.phone = optional(&self.phone);
        next.contact.email = optional(&self.email);
        next.contact.website = optional(&self.website);
        next.contact.person = optional(&self.person);
        next.description = self.description.trim().replace("\r\n", "\n");
        if next.description.chars().count() < 20 {
            errors.add(
                "description",
                "Opisz działalność organizacji (co najmniej 20 znaków).",
            );
        } else if next.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }
        next.areas = codes(&self.areas, Area::from_code);
        if next.areas.is_empty() {
            errors.add("areas", "Zaznacz co najmniej jeden obszar działalności.");
        }
        next.target_groups = codes(&self.target_groups, TargetGroup::from_code);
        if set_statuses {
            next.statuses.opp = self.opp;
            next.statuses.social_enterprise = self.social_enterprise;
            next.statuses.prosocial_label_until = match optional(&self.prosocial_label_until) {
                None => None,
                Some(text) => match text.parse::<jiff::civil::Date>() {
                    Ok(date) => Some(date),
                    Err(_) => {
                        errors.add("prosocial_label_until", "Podaj datę w postaci RRRR-MM-DD.");
                        None
                    }
                },
            };
        }
        for (field, value) in [
            ("name", &self.name),
            ("street", &self.street),
            ("city", &self.city),
            ("person", &self.person),
            ("phone", &self.phone),
        ] {
            if value.chars().count() > MAX_FIELD_CHARS {
                errors.add(field, "To pole może mieć najwyżej 200 znaków.");
            }
        }
        for (field, messages) in next.validate().iter() {
            for message in messages {
                if errors.get(field).is_empty() {
                    errors.add(field, message);
                }
            }
        }
        if errors.is_empty() {
            *org = next;
        }
        errors
    }

    fn geo(&self, errors: &mut FieldErrors) -> Option<GeoPoint> {
        let (lat, lon) = (
            self.lat.trim().replace(',', "."),
            self.lon.trim().replace(',', "."),
        );
        if lat.is_empty() && lon.is_empty() {
            return None;
        }
        match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) if (GeoPoint { lat, lon }).is_valid() => Some(GeoPoint { lat, lon }),
            _ => {
                errors.add("geo", "Współrzędne podaj jako liczby, np. 53.0131 i 18.6056, albo zostaw oba pola puste.");
                None
            }
        }
    }
}

/// Known codes in vocabulary order, unknown ones dropped, no duplicates.
fn codes<T: Copy + PartialEq>(values: &[String], parse: fn(&str) -> Option<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for value in values {
        if let Some(v) = parse(value)
            && !out.contains(&v)
        {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::organization::{Address, Contact, OrgId, Statuses};

    fn record() -> Organization {
        Organization {
            id: OrgId(1),
            slug: "fundacja-most".into(),
            name: "Fundacja Most".into(),
            legal_form: LegalForm::Foundation,
            krs: None,
            nip: None,
            regon: None,
            address: Address {
                street: "ul. Szeroka 1".into(),
                postal_code: "87-100".into(),
                city: "Toruń".into(),
            },
            district: "Stare Miasto".into(),
            geo: None,
            contact: Contact::default(),
            description: "Fundacja prowadzi świetlicę dla dzieci.".into(),
            areas: vec![Area::Education],
            target_groups: vec![],
            statuses: Statuses::default(),
            state: RecordState::Published,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
            logo: None,
        }
    }

    #[test]
    fn a_valid_form_changes_the_record_and_keeps_its_slug() {
        let mut org = record();
        let mut input = OrganizationInput::from_record(&org);
        input.name = "Fundacja Most Nad Wisłą".into();
        input.nip = "526-104-08-28".into();
        input.opp = true;
        assert!(input.apply(&mut org, false).is_empty());
        assert_eq!(org.name, "Fundacja Most Nad Wisłą");
        assert_eq!(org.slug, "fundacja-most");
        assert_eq!(org.nip.as_deref(), Some("5261040828"));
        assert!(!org.statuses.opp, "representatives cannot set statuses");
        assert!(input.apply(&mut org, true).is_empty());
        assert!(org.statuses.opp);
    }

    #[test]
    fn errors_leave_the_record_untouched() {
        let mut org = record();
        let before = org.clone();
        let mut input = OrganizationInput::from_record(&org);
        input.nip = "1234567890".into();
        input.postal_code = "87100".into();
        input.areas.clear();
        input.lat = "abc".into();
        input.legal_form = "spolka-akcyjna".into();
        let errors = input.apply(&mut org, true);
        for field in ["nip", "postal_code", "areas", "geo", "legal_form"] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(org, before);
    }
}
