//! What staff type into the premises form, and how it becomes a record. Everything is text
//! here; `apply` checks it and writes only when there is no error.

use jiff::civil::Date;

use super::geo::GeoPoint;
use super::organization::OrgId;
use super::premises::{
    Accessibility, Administrator, Condition, Media, Premises, PremisesAddress, Status,
    check_occupancy, parse_area, parse_money,
};
use super::premises_rent::Position;
use super::slug::slugify;
use super::validate::{FieldErrors, is_email, is_postal_code};

/// The form fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PremisesInput {
    pub street: String,
    pub building: String,
    pub unit: String,
    pub postal_code: String,
    pub city: String,
    pub district: String,
    pub lat: String,
    pub lon: String,
    /// In m², e.g. "45,50".
    pub area: String,
    pub position: String,
    pub floor: String,
    pub rooms: String,
    pub condition: String,
    pub heating: bool,
    pub hot_water: bool,
    pub cold_water: bool,
    pub electricity: bool,
    pub gas: bool,
    pub internet: bool,
    pub accessibility: String,
    pub accessibility_note: String,
    pub intended_use: String,
    /// In złoty per m², e.g. "18,40".
    pub rate: String,
    pub status: String,
    /// The tenant organisation's id.
    pub tenant: String,
    pub call_number: String,
    pub call_deadline: String,
    pub administrator: String,
    pub admin_phone: String,
    pub admin_email: String,
    pub description: String,
}

pub const MAX_LINE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MAX_ROOMS: u8 = 50;
/// The largest area accepted: 10 000 m².
pub const MAX_AREA: u32 = 1_000_000;
/// The highest base rate accepted: 1 000 zł per m².
pub const MAX_RATE: i64 = 100_000;

/// Hundredths as "45,50" for a form field.
fn hundredths(value: i64) -> String {
    format!("{},{:02}", value / 100, value % 100)
}

/// Reads a coordinate typed with a dot or a comma.
fn parse_degrees(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() || text.len() > 20 {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl PremisesInput {
    /// The form filled with a record's current values.
    pub fn from_record(p: &Premises) -> PremisesInput {
        PremisesInput {
            street: p.address.street.clone(),
            building: p.address.building.clone(),
            unit: p.address.unit.clone(),
            postal_code: p.address.postal_code.clone(),
            city: p.address.city.clone(),
            district: p.district.clone(),
            lat: p.geo.map(|g| format!("{:.6}", g.lat)).unwrap_or_default(),
            lon: p.geo.map(|g| format!("{:.6}", g.lon)).unwrap_or_default(),
            area: hundredths(i64::from(p.area)),
            position: p.position.code().to_string(),
            floor: p.floor.map(|f| f.to_string()).unwrap_or_default(),
            rooms: p.rooms.to_string(),
            condition: p.condition.code().to_string(),
            heating: p.media.heating,
            hot_water: p.media.hot_water,
            cold_water: p.media.cold_water,
            electricity: p.media.electricity,
            gas: p.media.gas,
            internet: p.media.internet,
            accessibility: p.accessibility.code().to_string(),
            accessibility_note: p.accessibility_note.clone(),
            intended_use: p.intended_use.clone(),
            rate: hundredths(p.rate),
            status: p.status.code().to_string(),
            tenant: p.tenant.map(|t| t.0.to_string()).unwrap_or_default(),
            call_number: p
                .call
                .as_ref()
                .map(|c| c.number.clone())
                .unwrap_or_default(),
            call_deadline: p
                .call
                .as_ref()
                .map(|c| c.deadline.to_string())
                .unwrap_or_default(),
            administrator: p.administrator.name.clone(),
            admin_phone: p.administrator.phone.clone(),
            admin_email: p.administrator.email.clone(),
            description: p.description.clone(),
        }
    }

    /// Writes the input into `premises` if it is all valid; otherwise returns the errors and
    /// leaves `premises` as it was. `organizations` are the ids a tenant may be chosen from.
    pub fn apply(
        &self,
        premises: &mut Premises,
        organizations: &[OrgId],
        today: Date,
    ) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = premises.clone();
        let line = |errors: &mut FieldErrors,
                    field: &'static str,
                    value: &str,
                    required: Option<&'static str>| {
            let value = value.trim().to_string();
            if value.is_empty() {
                if let Some(message) = required {
                    errors.add(field, message);
                }
            } else if value.chars().count() > MAX_LINE_CHARS {
                errors.add(field, "To pole może mieć najwyżej 200 znaków.");
            }
            value
        };
        next.address = PremisesAddress {
            street: line(
                &mut errors,
                "street",
                &self.street,
                Some("Podaj ulicę, np. „ul. Szeroka”."),
            ),
            building: line(
                &mut errors,
                "building",
                &self.building,
                Some("Podaj numer budynku."),
            ),
            unit: line(&mut errors, "unit", &self.unit, None),
            postal_code: self.postal_code.trim().to_string(),
            city: line(&mut errors, "city", &self.city, Some("Podaj miejscowość.")),
        };
        if !is_postal_code(&next.address.postal_code) {
            errors.add(
                "postal_code",
                "Podaj kod pocztowy w postaci 00-000, np. 87-100.",
            );
        }
        next.district = line(
            &mut errors,
            "district",
            &self.district,
            Some("Wybierz osiedle."),
        );
        next.geo = self.geo(&mut errors);
        match parse_area(&self.area) {
            Some(a) if a > 0 && a <= MAX_AREA => next.area = a,
            _ => errors.add(
                "area",
                "Podaj powierzchnię użytkową w m², np. 45,50 (najwyżej dwie cyfry po przecinku).",
            ),
        }
        match Position::from_code(self.position.trim()) {
            Some(p) => next.position = p,
            None => errors.add("position", "Wybierz położenie lokalu w budynku."),
        }
        next.floor = None;
        if next.position == Position::Floor {
            match self.floor.trim().parse::<u8>() {
                Ok(n) if (1..=30).contains(&n) => next.floor = Some(n),
                _ => errors.add("floor", "Podaj numer piętra: liczbę od 1 do 30."),
            }
        }
        match self.rooms.trim().parse::<u8>() {
            Ok(n) if (1..=MAX_ROOMS).contains(&n) => next.rooms = n,
            _ => errors.add(
                "rooms",
                "Podaj liczbę pomieszczeń: liczbę całkowitą od 1 do 50.",
            ),
        }
        match Condition::from_code(self.condition.trim()) {
            Some(c) => next.condition = c,
            None => errors.add("condition", "Wybierz stan techniczny."),
        }
        next.media = Media {
            heating: self.heating,
            hot_water: self.hot_water,
            cold_water: self.cold_water,
            electricity: self.electricity,
            gas: self.gas,
            internet: self.internet,
        };
        match Accessibility::from_code(self.accessibility.trim()) {
            Some(a) => next.accessibility = a,
            None => errors.add(
                "accessibility",
                "Wybierz dostępność dla osób z niepełnosprawnościami.",
            ),
        }
        next.accessibility_note = line(
            &mut errors,
            "accessibility_note",
            &self.accessibility_note,
            None,
        );
        next.intended_use = line(
            &mut errors,
            "intended_use",
            &self.intended_use,
            Some("Podaj przeznaczenie lokalu, np. „biurowy, na zajęcia grupowe”."),
        );
        match parse_money(&self.rate) {
            Some(r) if r > 0 && r <= MAX_RATE => next.rate = r,
            _ => errors.add(
                "rate",
                "Podaj bazową stawkę czynszu za 1 m² w złotych, np. 18,40.",
            ),
        }
        self.occupancy(&mut next, organizations, today, &mut errors);
        next.administrator = Administrator {
            name: line(
                &mut errors,
                "administrator",
                &self.administrator,
                Some("Podaj zarządcę lokalu, np. „Miejski Zarząd Nieruchomości”."),
            ),
            phone: line(&mut errors, "admin_phone", &self.admin_phone, None),
            email: self.admin_email.trim().to_string(),
        };
        if !next.administrator.email.is_empty() && !is_email(&next.administrator.email) {
            errors.add(
                "admin_email",
                "Podaj poprawny adres e-mail, np. lokale@torun.example.",
            );
        }
        next.description = self.description.trim().replace("\r\n", "\n");
        if next.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }
        if next.slug.is_empty() {
            next.slug = slugify(&format!("{} {}", next.address.label(), next.address.city));
        }
        if errors.is_empty() {
            *premises = next;
        }
        errors
    }

    fn geo(&self, errors: &mut FieldErrors) -> Option<GeoPoint> {
        match (self.lat.trim().is_empty(), self.lon.trim().is_empty()) {
            (true, true) => None,
            _ => match (parse_degrees(&self.lat), parse_degrees(&self.lon)) {
                (Some(lat), Some(lon)) if GeoPoint { lat, lon }.is_valid() => {
                    Some(GeoPoint { lat, lon })
                }
                (lat, lon) => {
                    if lat.is_none_or(|v| !(-90.0..=90.0).contains(&v)) {
                        errors.add(
                            "lat",
                            "Podaj szerokość geograficzną w stopniach, np. 53,0104.",
                        );
                    }
                    if lon.is_none_or(|v| !(-180.0..=180.0).contains(&v)) {
                        errors.add(
                            "lon",
                            "Podaj długość geograficzną w stopniach, np. 18,6046.",
                        );
                    }
                    None
                }
            },
        }
    }

    fn occupancy(
        &self,
        next: &mut Premises,
        organizations: &[OrgId],
        today: Date,
        errors: &mut FieldErrors,
    ) {
        let Some(status) = Status::from_code(self.status.trim()) else {
            errors.add("status", "Wybierz status lokalu.");
            return;
        };
        let tenant = self
            .tenant
            .trim()
            .parse::<u64>()
            .ok()
            .map(OrgId)
            .filter(|o| organizations.contains(o));
        let deadline = super::validate::parse_date(&self.call_deadline);
        match check_occupancy(
            status,
            tenant,
            Some((self.call_number.as_str(), deadline)),
            next.call.as_ref(),
            today,
        ) {
            Ok((tenant, call)) => {
                next.status = status;
                next.tenant = tenant;
                next.call = call;
            }
            Err(problems) => {
                for (field, message) in problems {
                    errors.add(field, message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::premises::PremisesId;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 27)
    }

    fn blank() -> Premises {
        Premises {
            id: PremisesId(0),
            slug: String::new(),
            address: PremisesAddress::default(),
            district: String::new(),
            geo: None,
            area: 0,
            position: Position::Ground,
            floor: None,
            rooms: 1,
            condition: Condition::Good,
            media: Media::default(),
            accessibility: Accessibility::None,
            accessibility_note: String::new(),
            intended_use: String::new(),
            rate: 0,
            status: Status::Free,
            tenant: None,
            call: None,
            administrator: Administrator::default(),
            description: String::new(),
            photos: Vec::new(),
            state: RecordState::Published,
            created: 0,
            updated: 0,
            author: None,
            demo: false,
        }
    }

    fn input() -> PremisesInput {
        PremisesInput {
            street: "ul. Szeroka".into(),
            building: "12".into(),
            unit: "3".into(),
            postal_code: "87-100".into(),
            city: "Toruń".into(),
            district: "Stare Miasto".into(),
            lat: "53,0102".into(),
            lon: "18.6072".into(),
            area: "45,5".into(),
            position: "pietro".into(),
            floor: "2".into(),
            rooms: "3".into(),
            condition: "do-odswiezenia".into(),
            heating: true,
            electricity: true,
            accessibility: "czesciowa".into(),
            intended_use: "biurowy".into(),
            rate: "18,40".into(),
            status: "w-naborze".into(),
            call_number: "WGM.6845.3.2026".into(),
            call_deadline: "2026-12-15".into(),
            administrator: "Miejski Zarząd Nieruchomości".into(),
            admin_email: "lokale@torun.example".into(),
            ..PremisesInput::default()
        }
    }

    #[test]
    fn a_valid_form_fills_the_record() {
        let mut p = blank();
        assert!(input().apply(&mut p, &[], today()).is_empty());
        assert_eq!(p.slug, "ul-szeroka-12-3-torun");
        assert_eq!(p.area, 4550);
        assert_eq!(p.rate, 1840);
        assert_eq!(p.floor, Some(2));
        assert_eq!(
            p.geo,
            Some(GeoPoint {
                lat: 53.0102,
                lon: 18.6072
            })
        );
        assert_eq!(p.call.as_ref().unwrap().number, "WGM.6845.3.2026");
        assert!(p.media.heating && !p.media.gas);
        let again = PremisesInput::from_record(&p);
        assert_eq!(again.area, "45,50");
        assert_eq!(again.rate, "18,40");
    }

    #[test]
    fn errors_are_keyed_by_field_and_leave_the_record_untouched() {
        let mut p = blank();
        let before = p.clone();
        let bad = PremisesInput {
            postal_code: "87100".into(),
            lat: "95".into(),
            lon: "x".into(),
            area: "dużo".into(),
            position: "pietro".into(),
            floor: "".into(),
            rooms: "0".into(),
            rate: "-3".into(),
            status: "zajety".into(),
            admin_email: "nie-adres".into(),
            ..PremisesInput::default()
        };
        let errors = bad.apply(&mut p, &[], today());
        for field in [
            "street",
            "building",
            "city",
            "postal_code",
            "district",
            "lat",
            "lon",
            "area",
            "floor",
            "rooms",
            "condition",
            "accessibility",
            "intended_use",
            "rate",
            "tenant",
            "administrator",
            "admin_email",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(p, before);
    }

    #[test]
    fn the_tenant_must_be_a_known_organisation() {
        let mut p = blank();
        let mut form = input();
        form.status = "zajety".into();
        form.tenant = "7".into();
        assert!(
            !form
                .apply(&mut p, &[OrgId(3)], today())
                .get("tenant")
                .is_empty()
        );
        assert!(form.apply(&mut p, &[OrgId(7)], today()).is_empty());
        assert_eq!(p.tenant, Some(OrgId(7)));
        assert_eq!(p.call, None, "no call while occupied");
    }
}
