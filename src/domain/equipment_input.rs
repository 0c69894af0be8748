//! What a person types into the equipment form, and how it becomes a record. Everything is
//! text here; `apply` checks it and writes only when there is no error.

use jiff::civil::Date;

use super::equipment::{
    Condition, Donor, EquipmentCategory, EquipmentItem, Mode, Unit, parse_date,
};
use super::organization::OrgId;
use super::slug::slugify;
use super::validate::FieldErrors;

/// The form fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EquipmentInput {
    pub title: String,
    pub category: String,
    pub condition: String,
    pub quantity: String,
    pub unit: String,
    pub description: String,
    pub pickup_address: String,
    pub pickup_district: String,
    /// The city department giving it (staff).
    pub department: String,
    /// The id of the organisation giving it (a representative, when adding).
    pub organization: String,
    /// The private person giving it (a resident).
    pub person: String,
    pub mode: String,
    pub return_by: String,
}

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 3000;
pub const MAX_FIELD_CHARS: usize = 200;
pub const MAX_QUANTITY: u32 = 10_000;

impl EquipmentInput {
    /// The form filled with a record's current values.
    pub fn from_record(item: &EquipmentItem) -> EquipmentInput {
        let (department, organization, person) = match &item.donor {
            Donor::Department { name } => (name.clone(), String::new(), String::new()),
            Donor::Organization { id } => (String::new(), id.0.to_string(), String::new()),
            Donor::Person { name } => (String::new(), String::new(), name.clone()),
        };
        EquipmentInput {
            title: item.title.clone(),
            category: item.category.code().to_string(),
            condition: item.condition.code().to_string(),
            quantity: item.quantity.to_string(),
            unit: item.unit.code().to_string(),
            description: item.description.clone(),
            pickup_address: item.pickup_address.clone(),
            pickup_district: item.pickup_district.clone(),
            department,
            organization,
            person,
            mode: item.mode.code().to_string(),
            return_by: item.return_by.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// Writes the input into `item` if it is all valid; otherwise returns the errors and
    /// leaves `item` as it was. The kind of donor is the item's own (set when it is created);
    /// a new item's organisation must be one of `organizations`. A loan's return date must be
    /// after `today` when the item is new or the date is changed.
    pub fn apply(
        &self,
        item: &mut EquipmentItem,
        organizations: &[OrgId],
        today: Date,
        is_new: bool,
    ) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = item.clone();
        next.title = self.title.trim().to_string();
        let title_chars = next.title.chars().count();
        if title_chars < 3 {
            errors.add("title", "Podaj nazwę sprzętu (co najmniej 3 znaki).");
        } else if title_chars > MAX_TITLE_CHARS {
            errors.add("title", "Nazwa może mieć najwyżej 120 znaków.");
        } else if slugify(&next.title).is_empty() {
            errors.add("title", "Nazwa musi zawierać litery lub cyfry.");
        }
        match EquipmentCategory::from_code(self.category.trim()) {
            Some(c) => next.category = c,
            None => errors.add("category", "Wybierz kategorię."),
        }
        match Condition::from_code(self.condition.trim()) {
            Some(c) => next.condition = c,
            None => errors.add("condition", "Wybierz stan techniczny."),
        }
        match self.quantity.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_QUANTITY).contains(&n) => next.quantity = n,
            _ => errors.add(
                "quantity",
                "Podaj liczbę sztuk lub kompletów — liczbę całkowitą od 1 do 10 000.",
            ),
        }
        match Unit::from_code(self.unit.trim()) {
            Some(u) => next.unit = u,
            None => errors.add("unit", "Wybierz jednostkę: sztuki albo komplety."),
        }
        next.description = self.description.trim().replace("\r\n", "\n");
        let description_chars = next.description.chars().count();
        if description_chars < 10 {
            errors.add(
                "description",
                "Opisz sprzęt: co to jest, wymiary, marka, ewentualne usterki (co najmniej 10 znaków).",
            );
        } else if description_chars > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 3000 znaków.");
        }
        next.pickup_address = self.pickup_address.trim().to_string();
        if next.pickup_address.chars().count() < 3 {
            errors.add(
                "pickup_address",
                "Podaj miejsce odbioru, np. ulicę i numer budynku.",
            );
        }
        next.pickup_district = self.pickup_district.trim().to_string();
        if next.pickup_district.is_empty() {
            errors.add(
                "pickup_district",
                "Wybierz osiedle, na którym można odebrać sprzęt.",
            );
        }
        next.donor = self.donor(&item.donor, organizations, is_new, &mut errors);
        match Mode::from_code(self.mode.trim()) {
            Some(mode) => next.mode = mode,
            None => errors.add("mode", "Wybierz: przekazanie na własność albo użyczenie."),
        }
        next.return_by = self.return_by(&next, item.return_by, today, is_new, &mut errors);
        for (field, value) in [
            ("pickup_address", &self.pickup_address),
            ("department", &self.department),
            ("person", &self.person),
        ] {
            if value.trim().chars().count() > MAX_FIELD_CHARS && errors.get(field).is_empty() {
                errors.add(field, "To pole może mieć najwyżej 200 znaków.");
            }
        }
        if next.slug.is_empty() {
            next.slug = slugify(&next.title);
        }
        if errors.is_empty() {
            *item = next;
        }
        errors
    }

    fn donor(
        &self,
        current: &Donor,
        organizations: &[OrgId],
        is_new: bool,
        errors: &mut FieldErrors,
    ) -> Donor {
        match current {
            Donor::Department { .. } => {
                let name = self.department.trim().to_string();
                if name.chars().count() < 3 {
                    errors.add(
                        "department",
                        "Podaj wydział lub jednostkę urzędu, która przekazuje sprzęt.",
                    );
                }
                Donor::Department { name }
            }
            Donor::Person { .. } => {
                let name = self.person.trim().to_string();
                if name.chars().count() < 2 {
                    errors.add(
                        "person",
                        "Podaj imię i nazwisko darczyńcy (nie będzie widoczne publicznie).",
                    );
                }
                Donor::Person { name }
            }
            Donor::Organization { id } if !is_new => Donor::Organization { id: *id },
            Donor::Organization { id } => {
                let chosen = self
                    .organization
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .map(OrgId)
                    .filter(|org| organizations.contains(org));
                match chosen {
                    Some(org) => Donor::Organization { id: org },
                    None => {
                        errors.add(
                            "organization",
                            "Wybierz organizację, która przekazuje sprzęt.",
                        );
                        Donor::Organization { id: *id }
                    }
                }
            }
        }
    }

    fn return_by(
        &self,
        next: &EquipmentItem,
        current: Option<Date>,
        today: Date,
        is_new: bool,
        errors: &mut FieldErrors,
    ) -> Option<Date> {
        if next.mode != Mode::Loan {
            return None;
        }
        if self.return_by.trim().is_empty() {
            errors.add(
                "return_by",
                "Przy użyczeniu podaj datę, do której sprzęt trzeba zwrócić.",
            );
            return None;
        }
        match parse_date(&self.return_by) {
            Ok(date) if (is_new || Some(date) != current) && date <= today => {
                errors.add("return_by", "Data zwrotu musi być w przyszłości.");
                None
            }
            Ok(date) => Some(date),
            Err(message) => {
                errors.add("return_by", message);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::equipment::{EquipmentId, Status};

    fn today() -> Date {
        jiff::civil::date(2026, 11, 27)
    }

    fn blank(donor: Donor) -> EquipmentItem {
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
            created: 0,
            updated: 0,
            author: None,
            demo: false,
        }
    }

    fn input() -> EquipmentInput {
        EquipmentInput {
            title: "Wózek inwalidzki składany".into(),
            category: "sprzet-rehabilitacyjny".into(),
            condition: "bardzo-dobry".into(),
            quantity: "2".into(),
            unit: "szt".into(),
            description: "Lekki wózek, rama aluminiowa, szerokość siedziska 45 cm.".into(),
            pickup_address: "ul. Legionów 70".into(),
            pickup_district: "Bydgoskie Przedmieście".into(),
            department: "Miejski Ośrodek Pomocy Rodzinie".into(),
            organization: "4".into(),
            person: "Anna Nowak".into(),
            mode: "uzyczenie".into(),
            return_by: "2027-06-30".into(),
        }
    }

    #[test]
    fn a_valid_form_fills_the_record() {
        let mut item = blank(Donor::Department {
            name: String::new(),
        });
        assert!(input().apply(&mut item, &[], today(), true).is_empty());
        assert_eq!(item.slug, "wozek-inwalidzki-skladany");
        assert_eq!(item.quantity, 2);
        assert_eq!(item.mode, Mode::Loan);
        assert_eq!(item.return_by, Some(jiff::civil::date(2027, 6, 30)));
        assert_eq!(
            item.donor,
            Donor::Department {
                name: "Miejski Ośrodek Pomocy Rodzinie".into()
            }
        );
        // A transfer has no return date, whatever was typed.
        let mut transfer = input();
        transfer.mode = "przekazanie".into();
        assert!(transfer.apply(&mut item, &[], today(), false).is_empty());
        assert_eq!(item.return_by, None);
        assert_eq!(item.slug, "wozek-inwalidzki-skladany", "the slug stays");
    }

    #[test]
    fn errors_are_keyed_by_field_and_leave_the_record_untouched() {
        let mut item = blank(Donor::Person {
            name: String::new(),
        });
        let before = item.clone();
        let bad = EquipmentInput {
            title: "x".into(),
            category: "samochody".into(),
            condition: String::new(),
            quantity: "0".into(),
            unit: "kg".into(),
            description: "krótko".into(),
            pickup_address: String::new(),
            pickup_district: String::new(),
            person: String::new(),
            mode: "uzyczenie".into(),
            return_by: "2026-11-27".into(),
            ..EquipmentInput::default()
        };
        let errors = bad.apply(&mut item, &[], today(), true);
        for field in [
            "title",
            "category",
            "condition",
            "quantity",
            "unit",
            "description",
            "pickup_address",
            "pickup_district",
            "person",
            "return_by",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(item, before);
        let mut garbled = input();
        garbled.return_by = "30.02.2027".into();
        assert!(
            !garbled
                .apply(&mut item, &[], today(), true)
                .get("return_by")
                .is_empty()
        );
    }

    #[test]
    fn a_representative_gives_only_for_their_organisations() {
        let mut item = blank(Donor::Organization { id: OrgId(0) });
        let errors = input().apply(&mut item, &[OrgId(3)], today(), true);
        assert!(!errors.get("organization").is_empty());
        assert!(
            input()
                .apply(&mut item, &[OrgId(3), OrgId(4)], today(), true)
                .is_empty()
        );
        assert_eq!(item.donor, Donor::Organization { id: OrgId(4) });
        // On an edit the organisation stays, whatever the form says.
        let mut other = input();
        other.organization = "3".into();
        assert!(other.apply(&mut item, &[], today(), false).is_empty());
        assert_eq!(item.donor, Donor::Organization { id: OrgId(4) });
    }

    #[test]
    fn an_unchanged_past_return_date_may_stay_on_an_edit() {
        let mut item = blank(Donor::Department {
            name: String::new(),
        });
        item.mode = Mode::Loan;
        item.return_by = Some(jiff::civil::date(2026, 1, 31));
        let mut form = input();
        form.return_by = "2026-01-31".into();
        assert!(
            form.apply(&mut item.clone(), &[], today(), false)
                .is_empty()
        );
        assert!(!form.apply(&mut item, &[], today(), true).is_empty());
        form.return_by = "2026-02-28".into();
        assert!(!form.apply(&mut item, &[], today(), false).is_empty());
    }
}
