//! What staff type into the institution form, and how it becomes a record. Everything is text
//! here; `apply` checks it and writes only when there is no error.

use super::geo::GeoPoint;
use super::institution::{Institution, InstitutionType, Service};
use super::slug::slugify;
use super::validate::{self, FieldErrors};

/// The form fields, as sent. `services` holds the codes of ticked checkboxes; `hours` is one
/// line per entry.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct InstitutionInput {
    pub name: String,
    pub kind: String,
    pub services: Vec<String>,
    pub other_services: String,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub district: String,
    pub lat: String,
    pub lon: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub hours: String,
}

const MAX_DESCRIPTION_CHARS: usize = 5000;
const MAX_FIELD_CHARS: usize = 200;
const MAX_HOURS_LINES: usize = 14;

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl InstitutionInput {
    /// The form filled with a record's current values.
    pub fn from_record(record: &Institution) -> InstitutionInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        InstitutionInput {
            name: record.name.clone(),
            kind: record.kind.code().to_string(),
            services: record
                .services
                .iter()
                .map(|s| s.code().to_string())
                .collect(),
            other_services: record.other_services.clone(),
            description: record.description.clone(),
            street: record.street.clone(),
            postal_code: record.postal_code.clone(),
            city: record.city.clone(),
            district: record.district.clone(),
            lat: record.geo.map(|g| g.lat.to_string()).unwrap_or_default(),
            lon: record.geo.map(|g| g.lon.to_string()).unwrap_or_default(),
            phone: text(&record.phone),
            email: text(&record.email),
            website: text(&record.website),
            hours: record.hours.join("\n"),
        }
    }

    /// Writes the input into `record` if it is all valid; otherwise returns the errors and
    /// leaves `record` as it was. A new record (empty slug) gets its slug from the name.
    pub fn apply(&self, record: &mut Institution) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = record.clone();
        next.name = self.name.trim().to_string();
        if next.name.chars().count() < 3 {
            errors.add("name", "Podaj nazwę instytucji (co najmniej 3 znaki).");
        }
        if record.slug.is_empty() {
            next.slug = slugify(&next.name);
            if next.slug.is_empty() && errors.get("name").is_empty() {
                errors.add("name", "Nazwa musi zawierać litery lub cyfry.");
            }
        }
        match InstitutionType::from_code(self.kind.trim()) {
            Some(kind) => next.kind = kind,
            None => errors.add("kind", "Wybierz rodzaj instytucji."),
        }
        next.services = Service::ALL
            .iter()
            .copied()
            .filter(|s| self.services.iter().any(|c| c == s.code()))
            .collect();
        next.other_services = self.other_services.trim().to_string();
        if next.services.is_empty() && next.other_services.is_empty() {
            errors.add(
                "services",
                "Zaznacz co najmniej jedną usługę albo opisz inne usługi.",
            );
        }
        next.description = self.description.trim().replace("\r\n", "\n");
        if next.description.chars().count() < 20 {
            errors.add(
                "description",
                "Opisz, w czym instytucja pomaga (co najmniej 20 znaków).",
            );
        } else if next.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }
        next.street = self.street.trim().to_string();
        if next.street.is_empty() {
            errors.add("street", "Podaj ulicę i numer.");
        }
        next.postal_code = self.postal_code.trim().to_string();
        if !next.postal_code.is_empty() && !validate::is_postal_code(&next.postal_code) {
            errors.add("postal_code", "Kod pocztowy podaj w postaci 00-000.");
        }
        next.city = self.city.trim().to_string();
        if next.city.is_empty() {
            errors.add("city", "Podaj miejscowość.");
        }
        next.district = self.district.trim().to_string();
        next.geo = parse_geo(&self.lat, &self.lon, &mut errors);
        next.phone = optional(&self.phone);
        next.email = optional(&self.email);
        if let Some(email) = &next.email
            && !validate::is_email(email)
        {
            errors.add("email", "Podaj adres e-mail w postaci nazwa@domena.pl.");
        }
        next.website = optional(&self.website);
        if let Some(url) = &next.website
            && !validate::is_http_url(url)
        {
            errors.add(
                "website",
                "Podaj pełny adres strony, zaczynający się od https://.",
            );
        }
        next.hours = self
            .hours
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if next.hours.len() > MAX_HOURS_LINES {
            errors.add("hours", "Godziny otwarcia mogą mieć najwyżej 14 wierszy.");
        }
        for (field, value) in [
            ("name", &self.name),
            ("street", &self.street),
            ("city", &self.city),
            ("district", &self.district),
            ("phone", &self.phone),
            ("email", &self.email),
            ("website", &self.website),
        ] {
            if value.chars().count() > MAX_FIELD_CHARS && errors.get(field).is_empty() {
                errors.add(field, "To pole może mieć najwyżej 200 znaków.");
            }
        }
        if self.other_services.chars().count() > 1000 {
            errors.add(
                "other_services",
                "Inne usługi opisz w najwyżej 1000 znakach.",
            );
        }
        if self
            .hours
            .lines()
            .any(|l| l.chars().count() > MAX_FIELD_CHARS)
        {
            errors.add(
                "hours",
                "Wiersz godzin otwarcia może mieć najwyżej 200 znaków.",
            );
        }
        if errors.is_empty() {
            *record = next;
        }
        errors
    }
}

/// Coordinates typed as decimal degrees (comma or dot); both empty means "no place on the map".
fn parse_geo(lat: &str, lon: &str, errors: &mut FieldErrors) -> Option<GeoPoint> {
    let (lat, lon) = (lat.trim().replace(',', "."), lon.trim().replace(',', "."));
    if lat.is_empty() && lon.is_empty() {
        return None;
    }
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon)) if (GeoPoint { lat, lon }).is_valid() => Some(GeoPoint { lat, lon }),
        _ => {
            errors.add(
                "geo",
                "Współrzędne podaj jako liczby, np. 53.0131 i 18.6056, albo zostaw oba pola puste.",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::institution::InstitutionId;

    fn blank() -> Institution {
        Institution {
            id: InstitutionId(0),
            slug: String::new(),
            name: String::new(),
            kind: InstitutionType::Other,
            services: vec![],
            other_services: String::new(),
            description: String::new(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            district: String::new(),
            geo: None,
            phone: None,
            email: None,
            website: None,
            hours: vec![],
            archived: false,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    fn valid() -> InstitutionInput {
        InstitutionInput {
            name: "Inkubator Przedsiębiorczości Społecznej".into(),
            kind: "inkubator".into(),
            services: vec!["szkolenia".into(), "doradztwo".into(), "nieznana".into()],
            description: "Pomaga założyć spółdzielnię socjalną krok po kroku.".into(),
            street: "ul. Szeroka 1".into(),
            postal_code: "87-100".into(),
            city: "Toruń".into(),
            district: "Stare Miasto".into(),
            lat: "53,0102".into(),
            lon: "18.6072".into(),
            hours: "pon.–pt. 8:00–16:00\r\n\r\n  sob. 10:00–13:00 ".into(),
            ..InstitutionInput::default()
        }
    }

    #[test]
    fn a_valid_form_makes_a_record_with_a_slug_hours_and_services_in_order() {
        let mut record = blank();
        let errors = valid().apply(&mut record);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(record.slug, "inkubator-przedsiebiorczosci-spolecznej");
        assert_eq!(record.kind, InstitutionType::Incubator);
        assert_eq!(record.services, vec![Service::Advice, Service::Training]);
        assert_eq!(
            record.hours,
            vec!["pon.–pt. 8:00–16:00", "sob. 10:00–13:00"]
        );
        assert_eq!(
            record.geo,
            Some(GeoPoint {
                lat: 53.0102,
                lon: 18.6072
            })
        );
        let mut input = InstitutionInput::from_record(&record);
        input.name = "Nowa nazwa inkubatora".into();
        assert!(input.apply(&mut record).is_empty());
        assert_eq!(
            record.slug, "inkubator-przedsiebiorczosci-spolecznej",
            "slugs stay"
        );
    }

    #[test]
    fn errors_name_their_fields_and_leave_the_record_untouched() {
        let mut record = blank();
        let input = InstitutionInput {
            kind: "???".into(),
            services: vec![],
            postal_code: "87100".into(),
            lat: "53.0".into(),
            lon: "".into(),
            email: "biuro@@x".into(),
            website: "www.x.pl".into(),
            ..InstitutionInput::default()
        };
        let errors = input.apply(&mut record);
        for field in [
            "name",
            "kind",
            "services",
            "description",
            "street",
            "postal_code",
            "city",
            "geo",
            "email",
            "website",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}: {errors:?}");
        }
        assert_eq!(record, blank());
    }

    #[test]
    fn other_services_alone_are_enough() {
        let mut record = blank();
        let input = InstitutionInput {
            services: vec![],
            other_services: "Wynajem sali na spotkania".into(),
            ..valid()
        };
        assert!(input.apply(&mut record).is_empty());
        assert!(record.services.is_empty());
    }
}
