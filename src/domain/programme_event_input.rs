//! What staff type into the event form, and how it becomes a record. Everything is text here;
//! `apply` checks it and writes only when there is no error.

use super::programme_event::{EventKind, ProgrammeEvent, parse_date};
use super::slug::slugify;
use super::validate::{self, FieldErrors};

/// The form fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProgrammeEventInput {
    pub kind: String,
    pub title: String,
    pub date: String,
    pub end_date: String,
    pub place: String,
    pub participants: String,
    pub participant_count: String,
    pub description: String,
    pub link: String,
}

const MAX_FIELD_CHARS: usize = 300;
const MAX_DESCRIPTION_CHARS: usize = 5000;

impl ProgrammeEventInput {
    /// The form filled with a record's current values.
    pub fn from_record(record: &ProgrammeEvent) -> ProgrammeEventInput {
        ProgrammeEventInput {
            kind: record.kind.code().to_string(),
            title: record.title.clone(),
            date: record.date.to_string(),
            end_date: record.end_date.map(|d| d.to_string()).unwrap_or_default(),
            place: record.place.clone(),
            participants: record.participants.clone(),
            participant_count: record
                .participant_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            description: record.description.clone(),
            link: record.link.clone().unwrap_or_default(),
        }
    }

    /// Writes the input into `record` if it is all valid; otherwise returns the errors and
    /// leaves `record` as it was. A new record (empty slug) gets its slug from the title.
    pub fn apply(&self, record: &mut ProgrammeEvent) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = record.clone();
        match EventKind::from_code(self.kind.trim()) {
            Some(kind) => next.kind = kind,
            None => errors.add("kind", "Wybierz rodzaj wydarzenia z listy."),
        }
        next.title = self.title.trim().to_string();
        if next.title.chars().count() < 3 {
            errors.add("title", "Podaj tytuł wydarzenia (co najmniej 3 znaki).");
        } else if next.title.chars().count() > MAX_FIELD_CHARS {
            errors.add("title", "Tytuł może mieć najwyżej 300 znaków.");
        }
        if record.slug.is_empty() {
            next.slug = slugify(&next.title);
            if next.slug.is_empty() && errors.get("title").is_empty() {
                errors.add("title", "Tytuł musi zawierać litery lub cyfry.");
            }
        }
        match parse_date(&self.date) {
            Some(date) => next.date = date,
            None => errors.add(
                "date",
                "Podaj datę w postaci RRRR-MM-DD albo DD.MM.RRRR, np. 2013-06-26.",
            ),
        }
        next.end_date = if self.end_date.trim().is_empty() {
            None
        } else {
            match parse_date(&self.end_date) {
                Some(end) if errors.get("date").is_empty() && end < next.date => {
                    errors.add(
                        "end_date",
                        "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.",
                    );
                    None
                }
                Some(end) => Some(end),
                None => {
                    errors.add(
                        "end_date",
                        "Datę zakończenia podaj w postaci RRRR-MM-DD albo zostaw puste pole.",
                    );
                    None
                }
            }
        };
        next.place = self.place.trim().to_string();
        next.participants = self.participants.trim().to_string();
        for (field, value) in [("place", &next.place), ("participants", &next.participants)] {
            if value.chars().count() > MAX_FIELD_CHARS {
                errors.add(field, "To pole może mieć najwyżej 300 znaków.");
            }
        }
        let count = self.participant_count.trim();
        next.participant_count = if count.is_empty() {
            None
        } else {
            match count.parse::<u32>() {
                Ok(n) if n <= 100_000 => Some(n),
                _ => {
                    errors.add(
                        "participant_count",
                        "Liczbę uczestników podaj jako liczbę całkowitą od 0 albo zostaw puste pole.",
                    );
                    None
                }
            }
        };
        next.description = self.description.trim().replace("\r\n", "\n");
        if next.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }
        let link = self.link.trim();
        next.link = (!link.is_empty()).then(|| link.to_string());
        if next
            .link
            .as_deref()
            .is_some_and(|l| !validate::is_http_url(l))
        {
            errors.add(
                "link",
                "Podaj pełny adres strony, zaczynający się od https://, albo zostaw puste pole.",
            );
        }
        if errors.is_empty() {
            *record = next;
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme_event::ProgrammeEventId;

    fn blank() -> ProgrammeEvent {
        ProgrammeEvent {
            id: ProgrammeEventId(0),
            slug: String::new(),
            title: String::new(),
            ..crate::domain::programme_event::tests::sample()
        }
    }

    fn valid() -> ProgrammeEventInput {
        ProgrammeEventInput {
            kind: "wizyta-studyjna".into(),
            title: "Wizyta w Towarzystwie „Powrót z U”".into(),
            date: "26.09.2013".into(),
            place: "Toruń".into(),
            participant_count: "12".into(),
            ..ProgrammeEventInput::default()
        }
    }

    #[test]
    fn a_valid_form_makes_a_record_with_a_slug_that_stays() {
        let mut record = blank();
        assert!(valid().apply(&mut record).is_empty());
        assert_eq!(record.kind, EventKind::StudyVisit);
        assert_eq!(record.slug, "wizyta-w-towarzystwie-powrot-z-u");
        assert_eq!(record.date, jiff::civil::date(2013, 9, 26));
        assert_eq!(record.participant_count, Some(12));
        let mut input = ProgrammeEventInput::from_record(&record);
        input.title = "Inny tytuł".into();
        assert_eq!(input.date, "2013-09-26");
        assert!(input.apply(&mut record).is_empty());
        assert_eq!(record.slug, "wizyta-w-towarzystwie-powrot-z-u");
    }

    #[test]
    fn errors_name_their_fields_and_leave_the_record_untouched() {
        let mut record = blank();
        let before = record.clone();
        let input = ProgrammeEventInput {
            kind: "piknik".into(),
            title: "x".into(),
            date: "wczoraj".into(),
            end_date: "2013-13-01".into(),
            participant_count: "-3".into(),
            link: "javascript:alert(1)".into(),
            ..ProgrammeEventInput::default()
        };
        let errors = input.apply(&mut record);
        for field in [
            "kind",
            "title",
            "date",
            "end_date",
            "participant_count",
            "link",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}: {errors:?}");
        }
        assert_eq!(record, before);
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let mut record = blank();
        let input = ProgrammeEventInput {
            end_date: "2013-09-25".into(),
            ..valid()
        };
        assert!(!input.apply(&mut record).get("end_date").is_empty());
    }
}
