//! What a person types into the need form and the response form, and how it becomes a record.
//! Everything is text here; `apply` checks it and writes only when there is no error.

use jiff::civil::Date;

use super::need::{Need, Requester};
use super::offer_category;
use super::organization::OrgId;
use super::slug::slugify;
use super::validate::FieldErrors;

const MAX_TITLE_CHARS: usize = 150;
const MAX_DESCRIPTION_CHARS: usize = 5000;
const MAX_LINE_CHARS: usize = 300;
const MAX_RESPONSE_CHARS: usize = 3000;
const MAX_OUTCOME_CHARS: usize = 2000;
/// The furthest deadline accepted, in days from today.
const MAX_DEADLINE_DAYS: i64 = 730;
/// The largest amount accepted: 100 million złoty, in grosze.
const MAX_AMOUNT: i64 = 10_000_000_000;

/// The need form's fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NeedInput {
    pub title: String,
    pub description: String,
    pub category: String,
    pub scope: String,
    pub estimated_value: String,
    pub place: String,
    /// "2026-12-12" (a date input) or "12.12.2026".
    pub deadline: String,
    /// The city department (staff).
    pub department: String,
    /// The organisation's id (a PES representative posting a new need).
    pub organization: String,
}

/// Who the need is posted for, as far as the form may change it.
#[derive(Debug, Clone, Copy)]
pub enum RequesterChoice<'a> {
    /// City staff: the department is a field of the form.
    City,
    /// A new need of a PES representative: one of these organisations.
    Organizations(&'a [OrgId]),
    /// Editing a PES need: the organisation stays.
    Keep,
}

impl NeedInput {
    /// The form filled with a record's current values.
    pub fn from_record(need: &Need) -> NeedInput {
        let (department, organization) = match &need.requester {
            Requester::City { department } => (department.clone(), String::new()),
            Requester::Organization { id } => (String::new(), id.0.to_string()),
        };
        NeedInput {
            title: need.title.clone(),
            description: need.description.clone(),
            category: need.category.clone(),
            scope: need.scope.clone(),
            estimated_value: need.estimated_value.map(zloty_input).unwrap_or_default(),
            place: need.place.clone(),
            deadline: need.deadline.to_string(),
            department,
            organization,
        }
    }

    /// Writes the input into `need` if it is all valid; otherwise returns the errors and leaves
    /// `need` as it was. A new need (empty slug) gets its slug from the title.
    pub fn apply(&self, need: &mut Need, today: Date, requester: RequesterChoice) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = need.clone();
        next.title = one_line(&self.title);
        let title_chars = next.title.chars().count();
        if title_chars < 5 {
            errors.add("title", "Podaj tytuł potrzeby (co najmniej 5 znaków).");
        } else if title_chars > MAX_TITLE_CHARS {
            errors.add("title", "Tytuł może mieć najwyżej 150 znaków.");
        } else if need.slug.is_empty() {
            next.slug = slugify(&next.title);
            if next.slug.is_empty() {
                errors.add("title", "Tytuł musi zawierać litery lub cyfry.");
            }
        }
        next.description = self.description.trim().replace("\r\n", "\n");
        let description_chars = next.description.chars().count();
        if description_chars < 20 {
            errors.add(
                "description",
                "Opisz, czego potrzebujecie (co najmniej 20 znaków).",
            );
        } else if description_chars > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }
        let category = self.category.trim();
        if offer_category::is_leaf(category) {
            next.category = category.to_string();
        } else {
            errors.add("category", "Wybierz kategorię (podkategorię z listy).");
        }
        next.scope = one_line(&self.scope);
        check_line(
            &next.scope,
            "scope",
            &mut errors,
            || "Podaj ilość lub zakres, np. „obiady dla 40 osób przez 5 dni”.",
        );
        next.place = one_line(&self.place);
        check_line(
            &next.place,
            "place",
            &mut errors,
            || "Podaj miejsce realizacji, np. adres szkoły.",
        );
        match parse_zloty(&self.estimated_value) {
            Ok(value) => next.estimated_value = value,
            Err(message) => errors.add("estimated_value", message),
        }
        match parse_deadline(&self.deadline, today) {
            Ok(date) => next.deadline = date,
            Err(message) => errors.add("deadline", message),
        }
        match requester {
            RequesterChoice::City => {
                let department = one_line(&self.department);
                check_line(
                    &department,
                    "department",
                    &mut errors,
                    || "Podaj wydział lub jednostkę, np. „Wydział Edukacji”.",
                );
                next.requester = Requester::City { department };
            }
            RequesterChoice::Organizations(allowed) => {
                match self
                    .organization
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .map(OrgId)
                    .filter(|id| allowed.contains(id))
                {
                    Some(id) => next.requester = Requester::Organization { id },
                    None => errors.add("organization", "Wybierz organizację z listy."),
                }
            }
            RequesterChoice::Keep => {}
        }
        if errors.is_empty() {
            *need = next;
        }
        errors
    }
}

/// Collapses line breaks and runs of spaces of a one-line field.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_line(
    value: &str,
    field: &'static str,
    errors: &mut FieldErrors,
    missing: impl Fn() -> &'static str,
) {
    let chars = value.chars().count();
    if chars < 3 {
        errors.add(field, missing());
    } else if chars > MAX_LINE_CHARS {
        errors.add(field, "To pole może mieć najwyżej 300 znaków.");
    }
}

/// Reads a deadline: today or later, at most two years ahead.
pub fn parse_deadline(text: &str, today: Date) -> Result<Date, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Podaj termin na odpowiedzi.");
    }
    let date = super::validate::parse_date(text)
        .ok_or("Podaj datę w postaci dd.mm.rrrr, np. 12.12.2026.")?;
    if date < today {
        return Err("Termin na odpowiedzi nie może być w przeszłości.");
    }
    if i64::from((date - today).get_days()) > MAX_DEADLINE_DAYS {
        return Err("Termin może przypadać najwyżej dwa lata od dziś.");
    }
    Ok(date)
}

/// Reads an amount in złoty as people write it — "12 500,00", "12500", "12 500,5 zł",
/// "99.90" — into grosze; blank is `None`.
pub fn parse_zloty(text: &str) -> Result<Option<i64>, &'static str> {
    const FORMAT: &str = "Podaj kwotę w złotych, np. 12 500,00.";
    let trimmed = text.trim();
    let trimmed = trimmed
        .strip_suffix("zł")
        .or_else(|| trimmed.strip_suffix("PLN"))
        .unwrap_or(trimmed)
        .trim()
        .replace(['\u{a0}', '\u{202f}'], " ");
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.starts_with(['-', '−']) {
        return Err("Kwota nie może być ujemna.");
    }
    let compact: String = trimmed.chars().filter(|c| *c != ' ').collect();
    let (whole, fraction) = match compact.split_once([',', '.']) {
        Some((w, f)) => (w, Some(f)),
        None => (compact.as_str(), None),
    };
    if whole.is_empty() || whole.len() > 12 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FORMAT);
    }
    let cents = match fraction {
        None => 0,
        Some(f) if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            let n: i64 = f.parse().map_err(|_| FORMAT)?;
            if f.len() == 1 { n * 10 } else { n }
        }
        Some(_) => return Err(FORMAT),
    };
    // Spaces only between groups of three digits, as in "12 500".
    if trimmed.contains(' ') {
        let whole_part = trimmed.split([',', '.']).next().unwrap_or("");
        let mut groups = whole_part.split(' ');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(FORMAT);
        }
    }
    let grosze = whole
        .parse::<i64>()
        .ok()
        .and_then(|z| z.checked_mul(100))
        .and_then(|g| g.checked_add(cents))
        .ok_or(FORMAT)?;
    if grosze > MAX_AMOUNT {
        return Err("Kwota jest za duża (najwyżej 100 000 000 zł).");
    }
    Ok(Some(grosze))
}

/// Grosze as they are typed back into a form: 1250000 → "12 500,00".
pub fn zloty_input(grosze: i64) -> String {
    let whole = (grosze / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", grosze % 100)
}

/// The response form's fields, as sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ResponseInput {
    pub text: String,
    pub price: String,
    pub organization: String,
}

/// A checked response: the text, the price in grosze and the organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedResponse {
    pub text: String,
    pub price: Option<i64>,
    pub organization: OrgId,
}

impl ResponseInput {
    /// Checks the form; `allowed` are the organisations the person may answer for.
    pub fn check(&self, allowed: &[OrgId]) -> Result<CheckedResponse, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = self.text.trim().replace("\r\n", "\n");
        let chars = text.chars().count();
        if chars < 10 {
            errors.add("text", "Opisz, co proponujecie (co najmniej 10 znaków).");
        } else if chars > MAX_RESPONSE_CHARS {
            errors.add("text", "Odpowiedź może mieć najwyżej 3000 znaków.");
        }
        let price = parse_zloty(&self.price).unwrap_or_else(|message| {
            errors.add("price", message);
            None
        });
        let organization = self
            .organization
            .trim()
            .parse::<u64>()
            .ok()
            .map(OrgId)
            .filter(|id| allowed.contains(id));
        if organization.is_none() {
            errors.add("organization", "Wybierz organizację z listy.");
        }
        match organization {
            Some(organization) if errors.is_empty() => Ok(CheckedResponse {
                text,
                price,
                organization,
            }),
            _ => Err(errors),
        }
    }
}

/// Checks the outcome written when a need is closed.
pub fn check_outcome(text: &str) -> Result<String, &'static str> {
    let text = text.trim().replace("\r\n", "\n");
    let chars = text.chars().count();
    if chars < 5 {
        return Err("Napisz, jak zakończyła się sprawa (co najmniej 5 znaków).");
    }
    if chars > MAX_OUTCOME_CHARS {
        return Err("Opis może mieć najwyżej 2000 znaków.");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::need::{NeedId, NeedStatus};

    fn today() -> Date {
        jiff::civil::date(2026, 11, 27)
    }

    fn blank() -> Need {
        Need {
            id: NeedId(0),
            slug: String::new(),
            title: String::new(),
            description: String::new(),
            category: String::new(),
            scope: String::new(),
            estimated_value: None,
            place: String::new(),
            deadline: today(),
            requester: Requester::City {
                department: String::new(),
            },
            status: NeedStatus::Open,
            chosen: None,
            outcome: String::new(),
            closed_at: None,
            author: None,
            created: 0,
            updated: 0,
            demo: false,
        }
    }

    fn input() -> NeedInput {
        NeedInput {
            title: "Catering na konferencję  „Ekonomia społeczna”".into(),
            description: "Przerwa kawowa i obiad dla uczestników konferencji w grudniu.".into(),
            category: "gastronomia/catering".into(),
            scope: "obiad dla 80 osób".into(),
            estimated_value: "12 500,00".into(),
            place: "Dwór Artusa, Rynek Staromiejski 6".into(),
            deadline: "2026-12-12".into(),
            department: "Wydział Edukacji".into(),
            organization: "5".into(),
        }
    }

    #[test]
    fn a_valid_form_fills_the_record() {
        let mut need = blank();
        let errors = input().apply(&mut need, today(), RequesterChoice::City);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(need.title, "Catering na konferencję „Ekonomia społeczna”");
        assert_eq!(need.slug, "catering-na-konferencje-ekonomia-spoleczna");
        assert_eq!(need.estimated_value, Some(1_250_000));
        assert_eq!(need.deadline, jiff::civil::date(2026, 12, 12));
        assert_eq!(
            need.requester,
            Requester::City {
                department: "Wydział Edukacji".into()
            }
        );
        let mut pes = blank();
        let errors = input().apply(
            &mut pes,
            today(),
            RequesterChoice::Organizations(&[OrgId(5)]),
        );
        assert!(errors.is_empty());
        assert_eq!(pes.requester, Requester::Organization { id: OrgId(5) });
    }

    #[test]
    fn bad_fields_are_marked_and_the_record_is_untouched() {
        let mut need = blank();
        let bad = NeedInput {
            title: "ab".into(),
            description: "krótko".into(),
            category: "gastronomia".into(),
            scope: "".into(),
            estimated_value: "dużo".into(),
            place: " ".into(),
            deadline: "2026-11-26".into(),
            department: "".into(),
            organization: "6".into(),
        };
        let errors = bad.apply(&mut need, today(), RequesterChoice::City);
        for field in [
            "title",
            "description",
            "category",
            "scope",
            "estimated_value",
            "place",
            "deadline",
            "department",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(need, blank());
        let errors = input().apply(
            &mut need,
            today(),
            RequesterChoice::Organizations(&[OrgId(7)]),
        );
        assert_eq!(errors.get("organization"), ["Wybierz organizację z listy."]);
    }

    #[test]
    fn an_edit_keeps_the_slug_and_the_organisation() {
        let mut need = blank();
        need.slug = "stary-adres".into();
        need.requester = Requester::Organization { id: OrgId(3) };
        let errors = input().apply(&mut need, today(), RequesterChoice::Keep);
        assert!(errors.is_empty());
        assert_eq!(need.slug, "stary-adres");
        assert_eq!(need.requester, Requester::Organization { id: OrgId(3) });
        let back = NeedInput::from_record(&need);
        assert_eq!(back.estimated_value, "12 500,00");
        assert_eq!(back.deadline, "2026-12-12");
    }

    #[test]
    fn deadlines_are_today_or_later_within_two_years() {
        assert_eq!(parse_deadline("2026-11-27", today()), Ok(today()));
        assert_eq!(
            parse_deadline("12.12.2026", today()),
            Ok(jiff::civil::date(2026, 12, 12))
        );
        assert!(parse_deadline("2026-11-26", today()).is_err());
        assert!(parse_deadline("2029-01-01", today()).is_err());
        assert!(parse_deadline("31.02.2027", today()).is_err());
        assert!(parse_deadline("jutro", today()).is_err());
        assert!(parse_deadline("", today()).is_err());
    }

    #[test]
    fn amounts_are_read_the_polish_way() {
        assert_eq!(parse_zloty("12 500,00"), Ok(Some(1_250_000)));
        assert_eq!(parse_zloty("12\u{a0}500,5 zł"), Ok(Some(1_250_050)));
        assert_eq!(parse_zloty("12500"), Ok(Some(1_250_000)));
        assert_eq!(parse_zloty("99.90"), Ok(Some(9_990)));
        assert_eq!(parse_zloty("1 234 567,89"), Ok(Some(123_456_789)));
        assert_eq!(parse_zloty("  "), Ok(None));
        for bad in [
            "-5",
            "12.500,00",
            "12,345",
            "1 23",
            "abc",
            "12 50",
            ",50",
            "999999999999999",
            "200 000 000",
        ] {
            assert!(parse_zloty(bad).is_err(), "{bad}");
        }
        assert_eq!(zloty_input(1_250_050), "12 500,50");
        assert_eq!(zloty_input(5), "0,05");
        assert_eq!(zloty_input(123_456_789), "1 234 567,89");
    }

    #[test]
    fn a_response_needs_text_and_one_of_the_persons_organisations() {
        let ok = ResponseInput {
            text: "Przygotujemy obiad z deserem dla 80 osób.".into(),
            price: "4 500".into(),
            organization: "5".into(),
        };
        assert_eq!(
            ok.check(&[OrgId(5)]),
            Ok(CheckedResponse {
                text: "Przygotujemy obiad z deserem dla 80 osób.".into(),
                price: Some(450_000),
                organization: OrgId(5),
            })
        );
        let errors = ok.check(&[OrgId(6)]).unwrap_err();
        assert!(!errors.get("organization").is_empty());
        let bad = ResponseInput {
            text: "tak".into(),
            price: "sporo".into(),
            organization: "5".into(),
        };
        let errors = bad.check(&[OrgId(5)]).unwrap_err();
        assert!(!errors.get("text").is_empty() && !errors.get("price").is_empty());
        assert!(check_outcome("  ").is_err());
        assert_eq!(check_outcome(" Wykonano. "), Ok("Wykonano.".into()));
    }
}
