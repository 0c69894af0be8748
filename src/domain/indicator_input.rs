//! What staff type into the indicator form and the measurement form, and how it becomes a
//! record. Everything is text here; nothing is written unless all of it is valid.

use jiff::civil::Date;

use super::indicator::{Indicator, Unit, ValueSource};
use super::programme_event::parse_date;
use super::slug::slugify;
use super::validate::FieldErrors;

/// The indicator form's fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndicatorInput {
    pub name: String,
    pub definition: String,
    pub unit_one: String,
    pub unit_few: String,
    pub unit_many: String,
    pub baseline: String,
    pub target: String,
    pub source: String,
    pub owner: String,
    pub data_source: String,
    pub position: String,
    pub notes: String,
}

const MAX_FIELD_CHARS: usize = 300;
const MAX_TEXT_CHARS: usize = 5000;
/// Indicators count people, events, uses: no sensible one reaches a billion.
const MAX_VALUE: i64 = 999_999_999;

/// A whole number from 0 to [`MAX_VALUE`]; `None` when it is not one.
fn whole(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .collect();
    cleaned
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=MAX_VALUE).contains(n))
}

impl IndicatorInput {
    /// The form filled with a record's current values.
    pub fn from_record(record: &Indicator) -> IndicatorInput {
        IndicatorInput {
            name: record.name.clone(),
            definition: record.definition.clone(),
            unit_one: record.unit.one.clone(),
            unit_few: record.unit.few.clone(),
            unit_many: record.unit.many.clone(),
            baseline: record.baseline.to_string(),
            target: record.target.to_string(),
            source: record.source.code(),
            owner: record.owner.clone(),
            data_source: record.data_source.clone(),
            position: record.position.to_string(),
            notes: record.notes.clone(),
        }
    }

    /// Writes the input into `record` if it is all valid; otherwise returns the errors and
    /// leaves `record` as it was. A new record (empty slug) gets its slug from the name.
    pub fn apply(&self, record: &mut Indicator) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = record.clone();
        next.name = self.name.trim().to_string();
        if next.name.chars().count() < 3 {
            errors.add("name", "Podaj nazwę wskaźnika (co najmniej 3 znaki).");
        }
        if record.slug.is_empty() {
            next.slug = slugify(&next.name);
            if next.slug.is_empty() && errors.get("name").is_empty() {
                errors.add("name", "Nazwa musi zawierać litery lub cyfry.");
            }
        }
        next.definition = self.definition.trim().replace("\r\n", "\n");
        if next.definition.chars().count() < 10 {
            errors.add(
                "definition",
                "Opisz, co dokładnie liczy wskaźnik (co najmniej 10 znaków).",
            );
        }
        next.unit = Unit {
            one: self.unit_one.trim().to_string(),
            few: self.unit_few.trim().to_string(),
            many: self.unit_many.trim().to_string(),
        };
        for (field, value, message) in [
            (
                "unit_one",
                &next.unit.one,
                "Podaj jednostkę dla liczby 1, np. „szkolenie”.",
            ),
            (
                "unit_few",
                &next.unit.few,
                "Podaj jednostkę dla liczby 3, np. „szkolenia”.",
            ),
            (
                "unit_many",
                &next.unit.many,
                "Podaj jednostkę dla liczby 5, np. „szkoleń”.",
            ),
        ] {
            if value.is_empty() {
                errors.add(field, message);
            }
        }
        next.baseline = if self.baseline.trim().is_empty() {
            0
        } else {
            match whole(&self.baseline) {
                Some(n) => n,
                None => {
                    errors.add(
                        "baseline",
                        "Wartość bazową podaj jako liczbę całkowitą nie mniejszą niż 0.",
                    );
                    0
                }
            }
        };
        match whole(&self.target) {
            Some(n) => next.target = n,
            None => errors.add(
                "target",
                "Wartość docelową podaj jako liczbę całkowitą nie mniejszą niż 0.",
            ),
        }
        match ValueSource::from_code(self.source.trim()) {
            Some(source) => next.source = source,
            None => errors.add("source", "Wybierz z listy, skąd brać bieżącą wartość."),
        }
        next.owner = self.owner.trim().to_string();
        if next.owner.is_empty() {
            errors.add(
                "owner",
                "Podaj, kto odpowiada za dane (np. wydział urzędu).",
            );
        }
        next.data_source = self.data_source.trim().to_string();
        next.notes = self.notes.trim().replace("\r\n", "\n");
        match self.position.trim().parse::<u32>() {
            Ok(n) if (1..=999).contains(&n) => next.position = n,
            _ => errors.add(
                "position",
                "Kolejność podaj jako liczbę całkowitą od 1 do 999.",
            ),
        }
        for (field, value) in [
            ("name", &self.name),
            ("unit_one", &self.unit_one),
            ("unit_few", &self.unit_few),
            ("unit_many", &self.unit_many),
            ("owner", &self.owner),
            ("data_source", &self.data_source),
        ] {
            if value.chars().count() > MAX_FIELD_CHARS && errors.get(field).is_empty() {
                errors.add(field, "To pole może mieć najwyżej 300 znaków.");
            }
        }
        for (field, value) in [("definition", &self.definition), ("notes", &self.notes)] {
            if value.chars().count() > MAX_TEXT_CHARS {
                errors.add(field, "Ten tekst może mieć najwyżej 5000 znaków.");
            }
        }
        if errors.is_empty() {
            *record = next;
        }
        errors
    }
}

/// The measurement form's fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct MeasurementInput {
    pub date: String,
    pub value: String,
    pub note: String,
}

/// A checked measurement, ready to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMeasurement {
    pub date: Date,
    pub value: i64,
    pub note: String,
}

impl MeasurementInput {
    pub fn parse(&self) -> Result<NewMeasurement, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = parse_date(&self.date);
        if date.is_none() {
            errors.add(
                "m_date",
                "Podaj datę pomiaru w postaci RRRR-MM-DD albo DD.MM.RRRR.",
            );
        }
        let value = whole(&self.value);
        if value.is_none() {
            errors.add(
                "m_value",
                "Wartość pomiaru podaj jako liczbę całkowitą nie mniejszą niż 0.",
            );
        }
        let note = self.note.trim().to_string();
        if note.chars().count() > MAX_FIELD_CHARS {
            errors.add("m_note", "Uwaga może mieć najwyżej 300 znaków.");
        }
        match (date, value) {
            (Some(date), Some(value)) if errors.is_empty() => {
                Ok(NewMeasurement { date, value, note })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator::IndicatorId;
    use crate::domain::programme_event::EventKind;

    fn blank() -> Indicator {
        Indicator {
            id: IndicatorId(0),
            slug: String::new(),
            name: String::new(),
            ..crate::domain::indicator::tests::sample()
        }
    }

    fn valid() -> IndicatorInput {
        IndicatorInput {
            name: "Liczba szkoleń".into(),
            definition: "Szkolenia dla przedstawicieli PES i urzędników.".into(),
            unit_one: "szkolenie".into(),
            unit_few: "szkolenia".into(),
            unit_many: "szkoleń".into(),
            baseline: "".into(),
            target: "3".into(),
            source: "wydarzenia:szkolenie".into(),
            owner: "Wydział Zdrowia i Polityki Społecznej UMT".into(),
            position: "2".into(),
            ..IndicatorInput::default()
        }
    }

    #[test]
    fn a_valid_form_makes_an_indicator() {
        let mut record = blank();
        assert!(valid().apply(&mut record).is_empty());
        assert_eq!(record.slug, "liczba-szkolen");
        assert_eq!(record.baseline, 0);
        assert_eq!(record.target, 3);
        assert_eq!(record.source, ValueSource::Events(EventKind::Training));
        assert_eq!(record.unit.count(5), "5 szkoleń");
        let again = IndicatorInput::from_record(&record);
        assert_eq!(again.source, "wydarzenia:szkolenie");
    }

    #[test]
    fn bad_values_are_named_and_nothing_changes() {
        let mut record = blank();
        let before = record.clone();
        let input = IndicatorInput {
            name: "x".into(),
            target: "-1".into(),
            baseline: "dużo".into(),
            source: "wydarzenia:piknik".into(),
            position: "0".into(),
            ..IndicatorInput::default()
        };
        let errors = input.apply(&mut record);
        for field in [
            "name",
            "definition",
            "unit_one",
            "unit_few",
            "unit_many",
            "baseline",
            "target",
            "source",
            "owner",
            "position",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}: {errors:?}");
        }
        assert_eq!(record, before);
    }

    #[test]
    fn measurements_are_checked() {
        let ok = MeasurementInput {
            date: "2014-03-31".into(),
            value: "1 024".into(),
            note: " stan ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!((ok.value, ok.note.as_str()), (1024, "stan"));
        let errors = MeasurementInput {
            date: "31.02.2014".into(),
            value: "-2".into(),
            note: String::new(),
        }
        .parse()
        .unwrap_err();
        assert!(!errors.get("m_date").is_empty() && !errors.get("m_value").is_empty());
    }
}
